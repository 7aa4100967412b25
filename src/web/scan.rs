//! What the page layer calls: the finder over a batch of texts, with UTF-16 spans back.
//!
//! ```js
//! scan(["Tel. 030 1234567", "no number"], "DE")
//! // -> [[{ start: 5, end: 16, number: "+49301234567" }], []]
//! ```

use super::to_js;
use crate::detect::plan::Region;
use crate::message::scan_texts;
use wasm_bindgen::prelude::*;

/// Finds the phone numbers in each of `texts` (an array of strings), reading national numbers as
/// numbers of `region` ("DE"; empty for international numbers only).
///
/// # Errors
/// When `texts` is not an array of strings, or `region` is not a known region code.
#[wasm_bindgen]
pub fn scan(texts: JsValue, region: &str) -> Result<JsValue, JsError> {
    let texts: Vec<String> = serde_wasm_bindgen::from_value(texts)
        .map_err(|e| JsError::new(&format!("scan: texts must be an array of strings ({e})")))?;
    let region = match region {
        "" => None,
        code => Some(
            Region::find(code)
                .ok_or_else(|| JsError::new(&format!("scan: unknown region {code:?}")))?,
        ),
    };
    Ok(to_js(&scan_texts(&texts, region)))
}
