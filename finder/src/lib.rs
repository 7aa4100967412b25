//! The finder alone as WebAssembly: what the extension's content script (where the page's CSP
//! allows it) and the `<click-to-dial>` component load, and what `cargo xtask bench finder`
//! measures in Node. One export, [`find_batch`], a thin adapter over the core's
//! [`Batch::scan`], which the background runs for `Request::Scan` too.
//!
//! The texts cross as one UTF-8 buffer and the end of each text in it (`utf8Texts` in the page
//! layer makes them with `TextEncoder.encodeInto`): wasm-bindgen would copy each string of a
//! `Vec<String>` with a call of its own and a JavaScript loop over its ASCII characters, which
//! took more time on a page of prose than the finder itself.
//!
//! ```js
//! const { bytes, ends } = utf8Texts(['nothing', 'Tel. 030 1234567']);
//! const found = find_batch(bytes, ends, [], [], 'DE', ['CH'], 'de', 'example.de');
//! // found.spans: Uint32Array [1, 5, 16] (text, UTF-16 start, end per number)
//! // found.confidence: Uint8Array [95], found.numbers: '+49301234567',
//! // found.numberEnds: Uint32Array [12, 12] (where the number, then its extension, ends)
//! ```

use click_to_dial::detect::batch::{Batch, Matches};

/// The module's allocator: Talc, smaller in the module than Rust's default for wasm (dlmalloc,
/// about 2 kB brotli more here) and as fast on the finder's allocations (`bench finder`).
#[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
use click_to_dial::detect::{plan::Region, RegionChoice};
use wasm_bindgen::prelude::*;

/// The numbers in the texts, as the core's [`Batch::scan`] finds them: text `i` is
/// `utf8[ends[i - 1]..ends[i]]` (from 0 for the first); `records` are the texts' records (row
/// or card) and `record_of[i]` the index of text `i`'s record (past the end: none); `region`
/// is the default region (`""` none, `"auto"`, or a code), `also` the codes of the user's other
/// countries, `language` and `domain` the page's (`""` for unknown). Returns the columns of
/// [`Matches`] as an object `{spans: Uint32Array, confidence: Uint8Array, numbers: string,
/// numberEnds: Uint32Array}`.
///
/// # Errors
/// When an end goes back or past the buffer, or a text is not UTF-8: a message that says which
/// and what to do.
#[wasm_bindgen]
#[allow(clippy::too_many_arguments)] // one call per batch, as JavaScript makes it
pub fn find_batch(
    utf8: &[u8],
    ends: &[u32],
    records: Vec<String>,
    record_of: Vec<u32>,
    region: &str,
    also: Vec<String>,
    language: &str,
    domain: &str,
) -> Result<JsValue, JsValue> {
    let texts = split_texts(utf8, ends).map_err(JsValue::from_str)?;
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
    set(&object, "numbers", JsValue::from_str(&matches.numbers));
    set(&object, "numberEnds", matches.number_ends.into());
    Ok(object)
}

/// The texts of a batch: `utf8` cut at `ends`. The messages are fixed words: formatting the
/// index and the byte would bring `core::fmt` into the wasm (about 1.5 KB brotli).
fn split_texts(utf8: &[u8], ends: &[u32]) -> Result<Vec<String>, &'static str> {
    let mut start = 0;
    ends.iter()
        .map(|&end| {
            let bytes = utf8
                .get(start..end as usize)
                .ok_or("find_batch: each end must be at or after the one before it and at most the length of the bytes")?;
            start = end as usize;
            String::from_utf8(bytes.to_vec())
                .map_err(|_| "find_batch: a text is not UTF-8 (write them with TextEncoder, as layer.js's utf8Texts does)")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::split_texts;

    #[test]
    fn texts_are_cut_at_their_ends() {
        let utf8 = "Tel. 030 1234567😀 +1 206 555 0100".as_bytes();
        let texts = split_texts(utf8, &[20, 20, utf8.len() as u32]).unwrap();
        assert_eq!(texts, ["Tel. 030 1234567😀", "", " +1 206 555 0100"]);
        assert!(split_texts(utf8, &[]).unwrap().is_empty());
    }

    #[test]
    fn bad_ends_and_bytes_say_what_is_wrong() {
        let utf8 = "Tel. 030 1234567😀".as_bytes();
        let past = split_texts(utf8, &[100]).unwrap_err();
        assert!(past.contains("at most the length of the bytes"), "{past}");
        let back = split_texts(utf8, &[10, 5]).unwrap_err();
        assert!(back.contains("at or after the one before it"), "{back}");
        let cut = split_texts(utf8, &[18]).unwrap_err();
        assert!(cut.contains("is not UTF-8"), "{cut}");
    }
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
