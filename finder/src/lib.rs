//! The finder alone as WebAssembly: what the extension's content script (where the page's CSP
//! allows it) and the `<click-to-dial>` component load, and what `cargo xtask bench finder`
//! measures in Node. One export, [`find_batch`], a thin adapter over the core's
//! [`Batch::scan`], which the background runs for `Request::Scan` too.
//!
//! ```js
//! const found = find_batch(['nothing', 'Tel. 030 1234567'], [], [], 'DE', ['CH'], 'de', 'example.de');
//! // found.spans: Uint32Array [1, 5, 16] (text, UTF-16 start, end per number)
//! // found.confidence: Uint8Array [95], found.e164: ['+49301234567'], found.extension: ['']
//! ```

use click_to_dial::detect::batch::{Batch, Matches};
use click_to_dial::detect::{plan::Region, RegionChoice};
use wasm_bindgen::prelude::*;

/// The numbers in `texts`, as the core's [`Batch::scan`] finds them: `records` are the texts'
/// records (row or card) and `record_of[i]` the index of text `i`'s record (past the end: none);
/// `region` is the default region (`""` none, `"auto"`, or a code), `also` the codes of the
/// user's other countries, `language` and `domain` the page's (`""` for unknown). Returns the
/// columns of [`Matches`] as an object `{spans: Uint32Array, confidence: Uint8Array, e164:
/// string[], extension: string[]}`.
#[wasm_bindgen]
pub fn find_batch(
    texts: Vec<String>,
    records: Vec<String>,
    record_of: Vec<u32>,
    region: &str,
    also: Vec<String>,
    language: &str,
    domain: &str,
) -> JsValue {
    let also: Vec<&'static Region> = also.iter().filter_map(|code| Region::find(code)).collect();
    let batch = Batch {
        texts: &texts,
        records: &records,
        record_of: &record_of,
        region: RegionChoice::from_code(region),
        also: &also,
        language: Some(language),
        domain: Some(domain),
    };
    let matches = Matches::from(batch.scan());
    let object = new_object();
    set(&object, "spans", matches.spans.into());
    set(&object, "confidence", matches.confidence.into());
    set(&object, "e164", matches.e164.into());
    set(&object, "extension", matches.extension.into());
    object
}

// Two of JavaScript's own functions, bound here: js-sys would bring exports of its own into the
// finder's wasm (about 5 KB).
#[wasm_bindgen]
extern "C" {
    /// `Object()`: a new plain object.
    #[wasm_bindgen(js_name = Object)]
    fn new_object() -> JsValue;
    /// `Reflect.set(target, key, value)`, which cannot fail on a plain object.
    #[wasm_bindgen(js_namespace = Reflect)]
    fn set(target: &JsValue, key: &str, value: JsValue) -> bool;
}
