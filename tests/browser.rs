//! Browser tests: the wasm build of the crate, and the finder's boundary as the page layer calls
//! it (`finder/`'s `find_batch`), in headless Chromium and Firefox (wasm-bindgen-test, driven
//! through chromedriver or geckodriver with the capabilities in `webdriver.json`).
//!
//! Run by `cargo xtask test`, or by hand:
//! `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test browser`
#![cfg(target_arch = "wasm32")]

use click_to_dial::auth;
use click_to_dial::phone::htek::{url, Account, Command};
use click_to_dial::phone::DialString;
use click_to_dial::phone::PhoneAddress;
use click_to_dial::settings::{validate, Settings, SettingsForm};
use finder_wasm::find_batch;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

/// `find_batch` on `texts`, sent as the page layer sends them (`utf8Texts`): their UTF-8 one
/// after the other and the end of each.
fn find(
    texts: &[&str],
    records: Vec<String>,
    record_of: Vec<u32>,
    region: &str,
    also: Vec<String>,
    language: &str,
) -> JsValue {
    let mut utf8 = Vec::new();
    let mut ends = Vec::new();
    for text in texts {
        utf8.extend_from_slice(text.as_bytes());
        ends.push(utf8.len() as u32);
    }
    find_batch(&utf8, &ends, records, record_of, region, also, language, "").unwrap()
}

fn get(object: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(object, &key.into()).unwrap()
}

/// The columns `find_batch` returns, read back: (text, start, end, e164, extension, confidence)
/// per match. `spans`, `confidence` and `numberEnds` must be typed arrays, `numbers` a string.
fn matches(found: &JsValue) -> Vec<(u32, u32, u32, String, String, u8)> {
    let spans = js_sys::Uint32Array::from(get(found, "spans")).to_vec();
    let confidence = js_sys::Uint8Array::from(get(found, "confidence")).to_vec();
    let numbers: js_sys::JsString = get(found, "numbers").dyn_into().unwrap();
    let ends = js_sys::Uint32Array::from(get(found, "numberEnds")).to_vec();
    assert!(get(found, "spans").is_instance_of::<js_sys::Uint32Array>());
    assert!(get(found, "confidence").is_instance_of::<js_sys::Uint8Array>());
    assert!(get(found, "numberEnds").is_instance_of::<js_sys::Uint32Array>());
    let count = confidence.len();
    assert_eq!((spans.len(), ends.len()), (3 * count, 2 * count));
    let slice = |from: u32, to: u32| String::from(numbers.slice(from, to));
    (0..count)
        .map(|i| {
            let span = &spans[3 * i..3 * i + 3];
            let from = if i == 0 { 0 } else { ends[2 * i - 1] };
            let number = slice(from, ends[2 * i]);
            let extension = slice(ends[2 * i], ends[2 * i + 1]);
            (span[0], span[1], span[2], number, extension, confidence[i])
        })
        .collect()
}

/// The finder's spans are UTF-16 offsets: slicing the JS strings with them gives exactly the
/// numbers.
#[wasm_bindgen_test]
fn find_batch_spans_slice_the_js_strings() {
    let cases = [
        ("😀😀 Tel. +49 30 1234567", "+49 30 1234567", "+49301234567"),
        (
            "電話：+81 ３-１２３４-５６７８です",
            "+81 ３-１２３４-５６７８",
            "+81312345678",
        ),
        (
            "Büro\u{A0}030\u{A0}1234567 é",
            "030\u{A0}1234567",
            "+49301234567",
        ),
        ("𝄞 music +1 206 555 0100", "+1 206 555 0100", "+12065550100"),
    ];
    let texts: Vec<&str> = cases.iter().map(|c| c.0).collect();
    let found = matches(&find(&texts, vec![], vec![], "DE", vec![], ""));
    assert_eq!(found.len(), cases.len());
    for (k, (text, raw, e164)) in cases.iter().enumerate() {
        let (index, start, end, number, _, _) = &found[k];
        assert_eq!(*index as usize, k);
        let sliced: String = js_sys::JsString::from(*text).slice(*start, *end).into();
        assert_eq!(sliced, *raw, "{text}");
        assert_eq!(number, e164);
    }
}

/// The region by code ("" international numbers only, "auto" the page's), the user's other
/// countries, the texts' records, extensions and confidence all cross the boundary.
#[wasm_bindgen_test]
fn find_batch_reads_regions_records_and_extensions() {
    let national = ["030 1234567 +49 30 1234567"];
    let found = matches(&find(&national, vec![], vec![], "", vec![], ""));
    assert_eq!(found, [(0, 12, 26, "+49301234567".into(), "".into(), 90)]);
    let french = ["Tél. : 01 42 68 53 00 poste 12"];
    let found = matches(&find(&french, vec![], vec![], "auto", vec![], "fr-FR"));
    assert_eq!(
        (found[0].3.as_str(), found[0].4.as_str()),
        ("+33142685300", "12")
    );
    let texts = ["044 668 18 00", "(0171) 5550123", "(0171) 5550123"];
    let records = strings(&["Anna Schmidt\tGermany\t(0171) 5550123"]);
    let also = strings(&["CH", "XX"]);
    let found = matches(&find(&texts, records, vec![u32::MAX, 0], "US", also, ""));
    let numbers: Vec<(u32, &str)> = found.iter().map(|m| (m.0, m.3.as_str())).collect();
    assert_eq!(numbers, [(0, "+41446681800"), (1, "+491715550123")]);
}

/// The finder's 16-byte skip (wasm `simd128`, which `.cargo/config.toml` turns on for these
/// tests as the build does for the extension) finds the same next digit as the 8-byte skip
/// alone and as a walk over the characters, from every offset of many texts.
#[wasm_bindgen_test]
fn the_wide_scan_finds_the_digits_the_narrow_one_finds() {
    let (wide, problems) = click_to_dial::detect::scan_self_check();
    assert!(
        wide,
        "compiled without simd128: the 16-byte skip is not in this build"
    );
    assert!(problems.is_empty(), "{problems:#?}");
}

/// Our Basic header is what the browser's own `btoa` makes.
#[wasm_bindgen_test]
fn basic_header_matches_btoa() {
    let window = web_sys::window().unwrap();
    for (user, password) in [
        ("admin", "admin"),
        ("user", "1234"),
        ("a", ""),
        ("x~y", "p@ss w0rd!"),
    ] {
        let expected = window.btoa(&format!("{user}:{password}")).unwrap();
        assert_eq!(auth::basic(user, password), format!("Basic {expected}"));
    }
}

/// The browser's URL parser sees our command URL as one path, no query, no fragment.
#[wasm_bindgen_test]
fn command_urls_parse_as_plain_paths() {
    let phone: PhoneAddress = "192.168.0.124:8080".parse().unwrap();
    for number in ["0301234567", "+49301234567", "*97#", "#31#0301234567"] {
        let command = Command::Dial {
            number: DialString::new(number).unwrap(),
            account: Account::Line(1),
        };
        let text = url(&phone, &command);
        let parsed = web_sys::Url::new(&text).unwrap();
        assert_eq!(parsed.search(), "", "{text}");
        assert_eq!(parsed.hash(), "", "{text}");
        assert_eq!(parsed.pathname(), command.path(), "{text}");
        assert_eq!(parsed.host(), "192.168.0.124:8080");
    }
}

/// Settings survive the trip through a JS object, as they are stored in `storage.local`.
#[wasm_bindgen_test]
fn settings_round_trip_through_js() {
    let form = SettingsForm {
        phone_address: "10.1.2.3".into(),
        username: "user".into(),
        password: "1234".into(),
        account: "3".into(),
        default_country: "at".into(),
        ..SettingsForm::default()
    };
    let settings = validate(&form).unwrap();
    let js = serde::Serialize::serialize(
        &settings,
        &serde_wasm_bindgen::Serializer::json_compatible(),
    )
    .unwrap();
    assert_eq!(get(&js, "phoneAddress").as_string().unwrap(), "10.1.2.3");
    assert_eq!(get(&js, "account").as_string().unwrap(), "3");
    assert_eq!(get(&js, "defaultCountry").as_string().unwrap(), "AT");
    let back: Settings = serde_wasm_bindgen::from_value(js).unwrap();
    assert_eq!(back, settings);
}

/// Digest (md-5, sha2) computes the RFC 7616 §3.9.1 answers in WebAssembly too.
#[wasm_bindgen_test]
fn digest_in_wasm_matches_rfc7616() {
    use click_to_dial::auth::{best_digest, parse_challenges, Credentials};
    let header = r#"Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=SHA-256, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS", Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=MD5, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS""#;
    let challenges = parse_challenges(header);
    let answer = best_digest(&challenges)
        .unwrap()
        .authorization(
            &Credentials::new("Mufasa", "Circle of Life"),
            "GET",
            "/dir/index.html",
            "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ",
        )
        .unwrap();
    assert!(
        answer.contains(
            "response=\"753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1\""
        ),
        "{answer}"
    );
}
