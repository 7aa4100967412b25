//! Loading an unpacked MV3 extension: its id, its pages, its service worker, its content
//! script, its storage, and a kept profile across a restart.

mod common;

use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::net::{Ipv4Addr, TcpListener};
use std::path::Path;
use std::thread;
use std::time::Duration;

use c2d_harness::{extension_id, extension_id_from_key, Browser, BrowserOptions, Error};
use common::turn;
use serde_json::{json, Value};
use tempfile::TempDir;

/// A throwaway public key, made once with
/// `openssl genrsa 2048 | openssl rsa -pubout -outform DER | base64 -w0`.
const KEY: &str = "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEApzgzCXxe5SHDrjBj/Q3IHCSXPwaInHTB/6dpJB9UPLqjCCcKSenc/ZRdsZFamhsaw58Xl8QOUpZXpsoYLC4+VW7XWhxNKpRTanQsU78MiapEvNZyBjeI/03RrHj1viisGfVxEevGxvHHHb/dWfa7hxdTRCK31bta+xU95N6DGhlSj+raoWdo/ZfXePcYo00J9ZwzbWK6a16r1iCEKoewQ8fiK1Hroh/ZuzJoeCEWJzXkh2kKueC0sY8RtpVVbN9N1GkJJLFmWKN7M4dVpVWcG+HHp08jHEr9LNq6pbRzIp9d04haCgJp4W7QZZKPfQgKsh78fapOvNJz9Mk4H97fqwIDAQAB";
/// [`KEY`]'s id, computed apart from this crate:
/// `base64 -d | openssl dgst -sha256 -binary | xxd -p -c 64 | cut -c1-32 | tr 0-9a-f a-p`.
const KEY_ID: &str = "obdhjfplemllaajchflibcdganjicfcb";
/// A second key, to be sure the id depends on the key.
const OTHER_KEY: &str = "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEArefOtHhXUtz1w4BRuInIBcNwnTpkOarfMEQ4pibMudKpRPJvRWy/slhIZ6Vf30geo+jZkBgdgQUlDmWtna8xQeS9H2vRtnEzJ4ZIDraan4uqxAt0Em73PN7nPCHxepTpiuYd2eX+chO+yab7F5G6Wk+91Xxg7KEqCjkSwsaD3D6dN+n7jlaOCqE+t9+bNhk3c5iGEA2TgABPlDPieHWH4Crf+1LrZGvwZn+U4svkooYpZrFwlvEA4jza1PGeS8VKDThujcR43W0C38YOls493g/vK6aW0OoaNGjudLEOA5zLsYJSFvDfbriSjR8xonV+W8pSU4ujnKnrQCxvDAYhHwIDAQAB";
const OTHER_KEY_ID: &str = "gbkjcbpfbajgkkfflhlbbcmhgjmfeagc";

const OPTIONS_TEXT: &str = "c2d test options page";
const WAIT: Duration = Duration::from_secs(10);

#[test]
fn ids_are_computed_from_keys_as_chromium_does() {
    let cases = [
        ("the test key", KEY.to_string(), KEY_ID),
        ("another key", OTHER_KEY.to_string(), OTHER_KEY_ID),
        ("a key wrapped over lines", wrap(KEY, 64), KEY_ID),
    ];
    for (name, key, id) in cases {
        assert_eq!(extension_id_from_key(&key).unwrap(), id, "{name}");
    }
}

#[test]
fn ids_are_read_from_the_manifest() {
    let extension = write_extension();
    assert_eq!(extension_id(extension.path()).unwrap(), KEY_ID);

    let keyless = TempDir::new().unwrap();
    fs::write(keyless.path().join("manifest.json"), r#"{"name": "x"}"#).unwrap();
    let err = extension_id(keyless.path()).unwrap_err();
    assert!(matches!(err, Error::Extension { .. }), "{err:?}");
    assert!(err.to_string().contains("\"key\""), "{err}");
}

#[test]
fn the_extension_loads_with_its_pages_worker_storage_and_content_script() {
    let extension = write_extension();
    let id = extension_id(extension.path()).unwrap();
    let _turn = turn();
    let browser = Browser::launch(BrowserOptions::with_extension(extension.path())).unwrap();

    browser
        .goto(&format!("chrome-extension://{id}/options.html"))
        .unwrap();
    let text = browser.wait_for("#text", WAIT).unwrap().text().unwrap();
    assert_eq!(text, OPTIONS_TEXT);
    let runtime_id = browser
        .execute("return chrome.runtime.id;", vec![])
        .unwrap();
    assert_eq!(runtime_id, json!(id));

    // The service worker ran and wrote to chrome.storage.local; the page reads it.
    let stored = browser
        .wait_until("the service worker's storage write", WAIT, |b| {
            let all = storage(b)?;
            Ok((all.get("fromWorker") == Some(&json!("started"))).then_some(all))
        })
        .unwrap();
    assert_eq!(stored["fromWorker"], json!("started"));

    // The content script runs on an http page.
    let url = serve_once("<!doctype html><title>plain</title><p>a page</p>");
    browser.goto(&url).unwrap();
    let marked = browser.wait_until("the content script's mark", WAIT, |b| {
        let mark = b.execute(
            "return document.documentElement.dataset.c2d || null;",
            vec![],
        )?;
        Ok(mark.as_str().map(String::from))
    });
    assert_eq!(marked.unwrap(), "content script ran");
}

#[test]
fn a_kept_profile_survives_quit_and_relaunch() {
    let extension = write_extension();
    let id = extension_id(extension.path()).unwrap();
    let profile = TempDir::new().unwrap();
    let options = || BrowserOptions {
        profile_dir: Some(profile.path().to_path_buf()),
        ..BrowserOptions::with_extension(extension.path())
    };
    let options_page = format!("chrome-extension://{id}/options.html");
    let _turn = turn();

    let first = Browser::launch(options()).unwrap();
    first.goto(&options_page).unwrap();
    first
        .execute_async(
            "localStorage.setItem('c2d', 'kept in localStorage');
             chrome.storage.local.set({saved: 'kept in storage'}).then(() => arguments[0](true));",
            vec![],
        )
        .unwrap();
    first.quit().unwrap();
    assert!(
        profile.path().join("Default").is_dir(),
        "no profile written"
    );

    let second = Browser::launch(options()).unwrap();
    second.goto(&options_page).unwrap();
    let local = second
        .execute("return localStorage.getItem('c2d');", vec![])
        .unwrap();
    assert_eq!(local, json!("kept in localStorage"));
    assert_eq!(storage(&second).unwrap()["saved"], json!("kept in storage"));
    drop(second);

    // A fresh profile does not have it: the data lived in the profile, not elsewhere.
    let fresh = Browser::launch(BrowserOptions::with_extension(extension.path())).unwrap();
    fresh.goto(&options_page).unwrap();
    assert_eq!(storage(&fresh).unwrap().get("saved"), None);
}

/// Everything in the extension's `chrome.storage.local`, read from one of its pages.
fn storage(browser: &Browser) -> Result<Value, Error> {
    browser.execute_async("chrome.storage.local.get(null).then(arguments[0]);", vec![])
}

/// A minimal MV3 extension: a keyed manifest, an options page, a service worker that
/// writes to storage, and a content script for loopback pages.
fn write_extension() -> TempDir {
    let dir = TempDir::new().unwrap();
    let manifest = json!({
        "manifest_version": 3,
        "name": "c2d harness test",
        "version": "1.0",
        "key": KEY,
        "permissions": ["storage"],
        "background": { "service_worker": "background.js" },
        "options_page": "options.html",
        "content_scripts": [{
            "matches": ["http://127.0.0.1/*"],
            "js": ["content.js"],
            "run_at": "document_idle",
        }],
    });
    write(dir.path(), "manifest.json", &manifest.to_string());
    write(
        dir.path(),
        "options.html",
        &format!("<!doctype html><title>options</title><p id=\"text\">{OPTIONS_TEXT}</p>"),
    );
    write(
        dir.path(),
        "background.js",
        "chrome.storage.local.set({ fromWorker: 'started' });",
    );
    write(
        dir.path(),
        "content.js",
        "document.documentElement.dataset.c2d = 'content script ran';",
    );
    dir
}

fn write(dir: &Path, name: &str, text: &str) {
    fs::write(dir.join(name), text).unwrap();
}

/// Serves `html` at `http://127.0.0.1:PORT/` to the next three connections (the page
/// and maybe its favicon), from a thread that ends after them or with the test process.
fn serve_once(html: &str) -> String {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
    let url = format!(
        "http://127.0.0.1:{}/",
        listener.local_addr().unwrap().port()
    );
    let answer = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: text/html; charset=utf-8\r\n\
         content-length: {}\r\nconnection: close\r\n\r\n{html}",
        html.len()
    );
    thread::spawn(move || {
        for stream in listener.incoming().take(3) {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(&stream);
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                line.clear();
            }
            let _ = stream.write_all(answer.as_bytes());
        }
    });
    url
}

fn wrap(text: &str, width: usize) -> String {
    let chars: Vec<char> = text.chars().collect();
    let lines: Vec<String> = chars.chunks(width).map(|c| c.iter().collect()).collect();
    lines.join("\n")
}
