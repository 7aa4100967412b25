//! What the page layer calls: the finder over a batch of texts, with UTF-16 spans back.
//!
//! ```js
//! scan(["Tel. 030 1234567 x 12", "no number"], "DE")
//! // -> [[{ start: 0, end: 21, number: "+49301234567", ext: "12", confidence: 95 }], []]
//! scan(["Tél. 01 42 68 53 00"], "auto", { language: "fr", domain: "example.fr" })
//! ```

use super::to_js;
use crate::detect::plan::Region;
use crate::message::{scan_options, scan_texts_with, PageHints};
use wasm_bindgen::prelude::*;

/// Finds the phone numbers in each of `texts` (an array of strings), reading national numbers as
/// numbers of `region` ("DE"; "auto" to infer it from `hints` and the text; empty for
/// international numbers only). `hints`, optional: `{ language, domain }` of the page.
///
/// # Errors
/// When `texts` is not an array of strings, `region` is not a known region code, or `hints` is
/// not such an object.
#[wasm_bindgen]
pub fn scan(texts: JsValue, region: &str, hints: JsValue) -> Result<JsValue, JsError> {
    let texts: Vec<String> = serde_wasm_bindgen::from_value(texts)
        .map_err(|e| JsError::new(&format!("scan: texts must be an array of strings ({e})")))?;
    let hints: PageHints = if hints.is_undefined() || hints.is_null() {
        PageHints::default()
    } else {
        serde_wasm_bindgen::from_value(hints).map_err(|e| {
            JsError::new(&format!("scan: hints must be {{ language, domain }} ({e})"))
        })?
    };
    let mut options = scan_options(None, &[], &hints);
    match region {
        "" => options.region = crate::detect::RegionChoice::None,
        "auto" | "AUTO" => {}
        code => {
            let region = Region::find(code)
                .ok_or_else(|| JsError::new(&format!("scan: unknown region {code:?}")))?;
            options.region = crate::detect::RegionChoice::Fixed(region);
        }
    }
    Ok(to_js(&scan_texts_with(&texts, &options)))
}
