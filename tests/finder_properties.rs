//! Properties of the finder on any input (proptest; failures are kept in
//! `tests/finder_properties.proptest-regressions`): it never panics, its spans are on char
//! boundaries, sorted and disjoint, `raw` is the text of its span, the same input gives the same
//! result, and the UTF-16 spans of the boundary slice the same text.
#![cfg(not(target_arch = "wasm32"))]

use click_to_dial::detect::{
    find, plan::Region, utf16::to_utf16_spans, Hints, Options, RegionChoice,
};
use proptest::prelude::*;

/// Text made of the pieces numbers and their look-alikes are made of, in many scripts.
fn phoneish() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "+",
        "0",
        "1",
        "49",
        "30",
        "123",
        "4567",
        "00",
        " ",
        "\u{A0}",
        "\u{2009}",
        "-",
        "–",
        "/",
        ".",
        ",",
        ":",
        "(",
        ")",
        "x",
        "ext.",
        "#",
        "~",
        "Tel.",
        "Fax",
        "INV-",
        "€",
        "%",
        "a",
        "é",
        "😀",
        "電話",
        "０",
        "١",
        "\n",
        "France",
        "Tél. ",
        "Durchwahl ",
        "2024-01-15",
        "°",
    ]);
    prop::collection::vec(pieces, 0..40).prop_map(|v| v.concat())
}

fn options_for(choice: u8) -> Options<'static> {
    let region = match choice % 4 {
        0 => RegionChoice::None,
        1 => RegionChoice::Fixed(Region::find("DE").expect("DE")),
        2 => RegionChoice::Fixed(Region::find("US").expect("US")),
        _ => RegionChoice::Auto,
    };
    Options {
        region,
        hints: Hints {
            language: Some("fr"),
            domain: Some("example.co.uk"),
            regions: &[],
            also: &[],
        },
        ..Options::default()
    }
}

fn check(text: &str, choice: u8) -> Result<(), TestCaseError> {
    let options = options_for(choice);
    let found = find(text, &options);
    let mut last_end = 0;
    for f in &found {
        prop_assert!(text.is_char_boundary(f.span.start) && text.is_char_boundary(f.span.end));
        prop_assert!(
            f.span.start < f.span.end && f.span.start >= last_end,
            "{:?}",
            found
        );
        prop_assert_eq!(f.raw, &text[f.span.clone()]);
        prop_assert!(f.number.e164().len() > 3);
        last_end = f.span.end;
    }
    prop_assert_eq!(&found, &find(text, &options));
    let utf16: Vec<u16> = text.encode_utf16().collect();
    for (f, (start, end)) in found
        .iter()
        .zip(to_utf16_spans(text, found.iter().map(|f| f.span.clone())))
    {
        let sliced = String::from_utf16(&utf16[start as usize..end as usize]).expect("whole chars");
        prop_assert_eq!(sliced.as_str(), f.raw);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn any_unicode_text(text in "\\PC{0,80}", choice in any::<u8>()) {
        check(&text, choice)?;
    }

    #[test]
    fn number_like_text(text in phoneish(), choice in any::<u8>()) {
        check(&text, choice)?;
    }
}
