//! The development set: libphonenumber's own matcher tests (`PhoneNumberMatcherTest`), with what
//! Java libphonenumber finds in each text, from `../shared/data/libphonenumber/matcher_cases.jsonl`
//! (or the file `MATCHER_CASES` names; without either, the copy in `tests/data/`). A case agrees when the finder returns exactly Java's
//! matches (text and UTF-16 start). Fails when agreement on the VALID cases drops under 97%;
//! prints agreement for every leniency and the VALID cases that disagree. Mexico's cases with
//! the prefixes it dropped in 2019 (`01`, `044`, `045`, `+52 1`) are apart: the tests were
//! written when they were part of the number, Java's metadata has dropped them since, and the
//! finder reads them as pages still write them (xtask's `LEGACY_NATIONAL_PREFIXES`); for those
//! it must find one number that starts with the prefix.
#![cfg(not(target_arch = "wasm32"))]

use click_to_dial::detect::{find, plan::Region, Leniency, Options, RegionChoice};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// The least share of VALID cases that must agree with Java.
const FLOOR: f64 = 0.97;

/// The file `MATCHER_CASES` names, else `../shared`'s beside the checkout, else the copy
/// committed in `tests/data/` (so that a clone alone runs it).
fn cases_path() -> PathBuf {
    if let Some(path) = std::env::var_os("MATCHER_CASES") {
        return PathBuf::from(path);
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let shared = root.join("../shared/data/libphonenumber/matcher_cases.jsonl");
    if shared.exists() {
        shared
    } else {
        root.join("tests/data/matcher_cases.jsonl")
    }
}

/// What the finder returns for one case: (raw, UTF-16 start) pairs.
fn ours(text: &str, region: Option<&str>, leniency: &str) -> Vec<(String, u64)> {
    let region = region
        .and_then(Region::find)
        .map_or(RegionChoice::None, RegionChoice::Fixed);
    let options = Options {
        region,
        leniency: if leniency == "POSSIBLE" {
            Leniency::Possible
        } else {
            Leniency::Valid
        },
        ..Options::default()
    };
    find(text, &options)
        .into_iter()
        .map(|f| {
            let start = text[..f.span.start].encode_utf16().count() as u64;
            (f.raw.to_string(), start)
        })
        .collect()
}

/// The dropped prefix a VALID case in Mexico is written with, if any.
fn dropped_mexican_prefix(
    region: Option<&str>,
    text: &str,
    leniency: &str,
) -> Option<&'static str> {
    if region != Some("MX") || leniency != "VALID" {
        return None;
    }
    ["+52 1 ", "01 ", "044 ", "045 "]
        .into_iter()
        .find(|prefix| {
            text.match_indices(prefix)
                .any(|(at, _)| at == 0 || !text.as_bytes()[at - 1].is_ascii_digit())
        })
}

#[test]
fn agrees_with_java_on_the_development_set() {
    let path = cases_path();
    let data = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read the development set {} ({e}): it lives in ../shared/data/libphonenumber/ \
             beside the checkout, with a copy in tests/data/; set MATCHER_CASES=/path/to/matcher_cases.jsonl \
             to point at another",
            path.display()
        )
    });
    let mut tally: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut disagreements = Vec::new();
    let mut apart = 0;
    for line in data.lines().filter(|l| !l.trim().is_empty()) {
        let case: Value = serde_json::from_str(line).expect("a JSON object per line");
        let text = case["text"].as_str().unwrap_or_default();
        let region = case["region"].as_str();
        let leniency = case["leniency"].as_str().unwrap_or_default();
        let java: Vec<(String, u64)> = case["java"]
            .as_array()
            .map(|matches| {
                matches
                    .iter()
                    .map(|m| {
                        let raw = m["raw"].as_str().unwrap_or_default().to_string();
                        (raw, m["start"].as_u64().unwrap_or_default())
                    })
                    .collect()
            })
            .unwrap_or_default();
        let found = ours(text, region, leniency);
        if let Some(prefix) = dropped_mexican_prefix(region, text, leniency) {
            assert!(
                matches!(&found[..], [(raw, _)] if raw.starts_with(prefix)),
                "{text:?} in MX: {found:?} is not one number written with {prefix:?}"
            );
            apart += 1;
            continue;
        }
        let agree = found == java;
        let entry = tally.entry(leniency.to_string()).or_default();
        entry.0 += usize::from(agree);
        entry.1 += 1;
        if !agree && leniency == "VALID" {
            disagreements.push(format!(
                "  {region:?} {text:?}\n    java: {java:?}\n    ours: {found:?}"
            ));
        }
    }
    println!("agreement with Java libphonenumber on {}:", path.display());
    for (leniency, (agree, total)) in &tally {
        println!(
            "  {leniency:<16} {agree:>4} / {total:<4} {:6.2}%",
            100.0 * *agree as f64 / *total as f64
        );
    }
    let (agree, total) = tally.get("VALID").copied().unwrap_or((0, 0));
    assert!(total > 0, "no VALID cases in {}", path.display());
    // The cases apart passed their own check (one number, written with its prefix): the floor
    // counts them with the agreeing ones, as it did when Java and the finder both left the
    // prefixes out.
    let share = (agree + apart) as f64 / (total + apart) as f64;
    println!(
        "  VALID, and Mexico's {apart} cases with dropped prefixes, each found as written: {} / {} {:6.2}%",
        agree + apart,
        total + apart,
        share * 100.0
    );
    println!("VALID cases that disagree:\n{}", disagreements.join("\n"));
    assert!(
        share >= FLOOR,
        "agreement on VALID cases {:.2}% is under {:.0}%",
        share * 100.0,
        FLOOR * 100.0
    );
}
