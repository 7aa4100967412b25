//! Browser tests: the wasm build of the crate in headless Chromium (wasm-bindgen-test, driven
//! through chromedriver with the capabilities in `webdriver.json`).
//!
//! Run by `cargo xtask test`, or by hand:
//! `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test browser`
#![cfg(target_arch = "wasm32")]

use click_to_dial::auth;
use click_to_dial::phone::htek::{url, Account, Command};
use click_to_dial::phone::DialString;
use click_to_dial::phone::PhoneAddress;
use click_to_dial::settings::{validate, Settings, SettingsForm};
use click_to_dial::web::scan::scan;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn texts(items: &[&str]) -> JsValue {
    items
        .iter()
        .map(|s| JsValue::from_str(s))
        .collect::<js_sys::Array>()
        .into()
}

fn get(object: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(object, &key.into()).unwrap()
}

/// `scan` returns UTF-16 offsets: slicing the JS string with them gives exactly the number.
#[wasm_bindgen_test]
fn scan_spans_slice_the_js_strings() {
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
    let input: Vec<&str> = cases.iter().map(|c| c.0).collect();
    let results = js_sys::Array::from(&scan(texts(&input), "DE", JsValue::UNDEFINED).unwrap());
    assert_eq!(results.length() as usize, cases.len());
    for (k, (text, raw, e164)) in cases.iter().enumerate() {
        let matches = js_sys::Array::from(&results.get(k as u32));
        assert_eq!(matches.length(), 1, "{text}");
        let found = matches.get(0);
        let start = get(&found, "start").as_f64().unwrap() as u32;
        let end = get(&found, "end").as_f64().unwrap() as u32;
        let sliced: String = js_sys::JsString::from(*text).slice(start, end).into();
        assert_eq!(sliced, *raw, "{text}");
        assert_eq!(get(&found, "number").as_string().unwrap(), *e164);
    }
}

#[wasm_bindgen_test]
fn scan_refuses_bad_input_with_a_message() {
    let error = scan(JsValue::from_f64(3.0), "DE", JsValue::UNDEFINED).unwrap_err();
    let message = get(&JsValue::from(error), "message").as_string().unwrap();
    assert!(message.contains("array of strings"), "{message}");
    let error = scan(texts(&["x"]), "Germany", JsValue::UNDEFINED).unwrap_err();
    let message = get(&JsValue::from(error), "message").as_string().unwrap();
    assert!(message.contains("unknown region"), "{message}");
    // An empty region: international numbers only.
    let results = js_sys::Array::from(
        &scan(
            texts(&["030 1234567 +49 30 1234567"]),
            "",
            JsValue::UNDEFINED,
        )
        .unwrap(),
    );
    assert_eq!(js_sys::Array::from(&results.get(0)).length(), 1);
}

/// "auto" reads national numbers in the region the page's hints point to; extensions come back.
#[wasm_bindgen_test]
fn scan_with_hints_and_extensions() {
    let hints = js_sys::Object::new();
    js_sys::Reflect::set(&hints, &"language".into(), &"fr-FR".into()).unwrap();
    let results = js_sys::Array::from(
        &scan(
            texts(&["Tél. : 01 42 68 53 00 poste 12"]),
            "auto",
            hints.into(),
        )
        .unwrap(),
    );
    let found = js_sys::Array::from(&results.get(0)).get(0);
    assert_eq!(get(&found, "number").as_string().unwrap(), "+33142685300");
    assert_eq!(get(&found, "ext").as_string().unwrap(), "12");
    let error = scan(texts(&["x"]), "DE", JsValue::from_f64(1.0)).unwrap_err();
    let message = get(&JsValue::from(error), "message").as_string().unwrap();
    assert!(message.contains("hints"), "{message}");
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
