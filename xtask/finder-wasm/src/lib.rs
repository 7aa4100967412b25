//! The finder alone, compiled to WebAssembly for `cargo xtask bench finder`: the same code path
//! as the extension's `scan` (find, then UTF-16 spans), without the rest of the extension, so
//! that its size is the size of the finder path.
//!
//! ```text
//! find_lines("Tel. 030 1234567", "DE") == "5\t16\t+49301234567\t\n"
//! ```

use click_to_dial::detect::{
    find, plan::Region, record_regions, utf16::to_utf16_spans, Hints, Options, RegionChoice,
};
use wasm_bindgen::prelude::*;

/// Finds the numbers in `text` with `region` as the default ("" for none, "auto"), one line per
/// number: UTF-16 start, end, E.164 and extension, separated by tabs.
#[wasm_bindgen]
pub fn find_lines(text: &str, region: &str) -> String {
    let options = Options {
        region: region_choice(region),
        ..Options::default()
    };
    let found = find(text, &options);
    let spans = to_utf16_spans(text, found.iter().map(|f| f.span.clone()));
    let mut out = String::with_capacity(found.len() * 32);
    for (f, (start, end)) in found.iter().zip(spans) {
        push_number(&mut out, start);
        out.push('\t');
        push_number(&mut out, end);
        out.push('\t');
        out.push_str(&f.number.e164());
        out.push('\t');
        out.push_str(f.number.extension.as_deref().unwrap_or(""));
        out.push('\n');
    }
    out
}

/// Appends `value` in decimal (without `format!`, whose machinery the finder path does not need).
fn push_number(out: &mut String, value: u32) {
    let mut digits = [0u8; 10];
    let mut n = 0;
    let mut rest = value;
    loop {
        digits[n] = b'0' + (rest % 10) as u8;
        n += 1;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    out.extend(digits[..n].iter().rev().map(|&d| char::from(d)));
}

/// The content script's entry: the numbers in each of `texts` (a JS array of strings), read with
/// `region` ("" none, "auto", or a code, then the user's other countries after spaces:
/// "CH AT DE") and the page's `language` and `domain` hints ("" for none); national numbers of a text are read first in the regions its record points to
/// (`records[record_of[i]]`: its table row or card, see `detect::record_regions`; an index past
/// the end for none). One line per number: the text's index, UTF-16 start and end, E.164, the
/// extension and the confidence, separated by tabs.
///
/// ```text
/// find_batch(["nothing", "Tel. 030 1234567"], [], [], "DE", "", "") starts "1\t5\t16\t+49301234567\t\t"
/// ```
#[wasm_bindgen]
pub fn find_batch(
    texts: Vec<String>,
    records: Vec<String>,
    record_of: Vec<u32>,
    region: &str,
    language: &str,
    domain: &str,
) -> String {
    let mut codes = region.split_ascii_whitespace();
    let home = codes.next().unwrap_or("");
    let also: Vec<&'static Region> = codes.filter_map(Region::find).collect();
    let options = Options {
        region: region_choice(home),
        hints: Hints {
            language: Some(language).filter(|l| !l.is_empty()),
            domain: Some(domain).filter(|d| !d.is_empty()),
            regions: &[],
            also: &also,
        },
        ..Options::default()
    };
    // Each record's regions, worked out once for all its texts.
    let mut regions_of: Vec<Option<Vec<&'static Region>>> = vec![None; records.len()];
    let mut out = String::new();
    for (index, text) in texts.iter().enumerate() {
        let record = record_of
            .get(index)
            .map(|&r| r as usize)
            .filter(|&r| r < records.len());
        let known: &[&'static Region] = match record {
            Some(record) => regions_of[record].get_or_insert_with(|| {
                let mut out = [None; 3];
                let n = record_regions(&records[record], &mut out);
                out[..n].iter().flatten().copied().collect()
            }),
            None => &[],
        };
        let options = Options {
            hints: Hints {
                regions: known,
                ..options.hints
            },
            ..options
        };
        let found = find(text, &options);
        let spans = to_utf16_spans(text, found.iter().map(|f| f.span.clone()));
        for (f, (start, end)) in found.iter().zip(spans) {
            for (k, value) in [index as u32, start, end].into_iter().enumerate() {
                if k > 0 {
                    out.push('\t');
                }
                push_number(&mut out, value);
            }
            out.push('\t');
            out.push_str(&f.number.e164());
            out.push('\t');
            out.push_str(f.number.extension.as_deref().unwrap_or(""));
            out.push('\t');
            push_number(&mut out, u32::from(f.reason.confidence));
            out.push('\n');
        }
    }
    out
}

fn region_choice(region: &str) -> RegionChoice {
    match region {
        "" => RegionChoice::None,
        "auto" => RegionChoice::Auto,
        code => Region::find(code).map_or(RegionChoice::None, RegionChoice::Fixed),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_per_number() {
        assert_eq!(
            find_lines("Tel. 030 1234567", "DE"),
            "5\t16\t+49301234567\t\n"
        );
        assert_eq!(find_lines("Tel. 030 1234567", ""), "");
    }

    #[test]
    fn a_batch_names_each_text_by_index() {
        let texts = vec!["nothing".to_string(), "Tel. 030 1234567".to_string()];
        let out = find_batch(texts, vec![], vec![], "DE", "", "");
        assert!(out.starts_with("1\t5\t16\t+49301234567\t\t"), "{out}");
        assert_eq!(out.lines().count(), 1);
        assert_eq!(
            find_batch(vec![], vec![], vec![], "DE", "de", "example.de"),
            ""
        );
    }

    #[test]
    fn the_users_other_countries_come_after_the_default() {
        let texts = vec!["Tel. 030 1234567".to_string()];
        assert_eq!(find_batch(texts.clone(), vec![], vec![], "US", "", ""), "");
        let out = find_batch(texts, vec![], vec![], "US FR DE", "", "");
        assert!(out.starts_with("0\t5\t16\t+33301234567\t"), "{out}");
    }

    #[test]
    fn a_texts_record_names_its_country() {
        let texts = vec!["(0171) 5550123".to_string(), "(0171) 5550123".to_string()];
        let records = vec!["Anna Schmidt\tGermany\t(0171) 5550123".to_string()];
        let out = find_batch(texts, records, vec![0, 7], "US", "", "");
        assert_eq!(out.lines().count(), 1, "{out}");
        assert!(out.starts_with("0\t0\t14\t+491715550123\t"), "{out}");
    }
}
