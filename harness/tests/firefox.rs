//! The same harness on Firefox ESR under geckodriver: pages, trusted clicks, a temporary add-on
//! whose pages open at a known `moz-extension://` URL, a clean shutdown, and a quick one on drop.

mod common;

use std::fs;
use std::time::Duration;

use c2d_harness::{moz_extension_uuid, Browser, BrowserKind, BrowserOptions, Error};
use common::{page, turn};
use serde_json::json;
use tempfile::TempDir;

const WAIT: Duration = Duration::from_secs(15);
const ADDON_ID: &str = "harness-test@c2d";

fn firefox(extension: Option<&TempDir>) -> Browser {
    Browser::launch(BrowserOptions {
        kind: BrowserKind::Firefox,
        extension_dir: extension.map(|dir| dir.path().to_path_buf()),
        ..BrowserOptions::default()
    })
    .expect("launch Firefox")
}

#[test]
fn pages_scripts_and_trusted_clicks() {
    let _turn = turn();
    let browser = firefox(None);
    assert_eq!(browser.kind(), BrowserKind::Firefox);
    browser
        .goto(&page(
            r#"<button id=b style="position:absolute;left:20px;top:20px;width:100px;height:40px">b</button>
            <script>document.getElementById('b').addEventListener('click', e => document.title = String(e.isTrusted));</script>"#,
        ))
        .unwrap();
    let (x, y, w, h) = browser.find("#b").unwrap().rect().unwrap();
    browser.click_at(x + w / 2.0, y + h / 2.0).unwrap();
    assert_eq!(
        browser.execute("return document.title", vec![]).unwrap(),
        json!("true")
    );
    browser
        .execute("document.getElementById('b').click()", vec![])
        .unwrap();
    assert_eq!(
        browser.execute("return document.title", vec![]).unwrap(),
        json!("false")
    );
    assert!(matches!(browser.browser_logs(), Err(Error::Unsupported(_))));
}

#[test]
fn a_temporary_addon_opens_at_its_fixed_url_and_leaves_no_process() {
    let extension = write_extension();
    let _turn = turn();
    let browser = firefox(Some(&extension));
    let before = browser.processes();
    assert!(before.len() >= 2, "geckodriver and Firefox: {before:?}");
    let options = format!(
        "moz-extension://{}/options.html",
        moz_extension_uuid(ADDON_ID)
    );

    browser.goto(&options).unwrap();
    assert_eq!(
        browser.wait_for("#text", WAIT).unwrap().text().unwrap(),
        "options of the test add-on"
    );
    let stored = browser
        .wait_until("the background's storage write", WAIT, |b| {
            let all =
                b.execute_async("browser.storage.local.get(null).then(arguments[0])", vec![])?;
            Ok((all["fromBackground"] == json!("started")).then_some(all))
        })
        .unwrap();
    assert_eq!(stored["fromBackground"], json!("started"));

    // Opening the same page again waits for the new document, not the old one.
    browser
        .execute(
            "document.getElementById('text').textContent = 'changed'",
            vec![],
        )
        .unwrap();
    browser.goto(&options).unwrap();
    assert_eq!(
        browser.find("#text").unwrap().text().unwrap(),
        "options of the test add-on"
    );

    browser.quit().unwrap();
    let left: Vec<u32> = before
        .into_iter()
        .filter(|pid| common::alive(*pid))
        .collect();
    assert!(left.is_empty(), "still running: {left:?}");
}

/// Dropped on a temporary profile, Firefox is killed at once instead of shut down cleanly (six
/// seconds of every test): none of its processes is left, nor its profile.
#[test]
fn a_dropped_firefox_leaves_no_process_and_no_profile() {
    let _turn = turn();
    let browser = firefox(None);
    browser
        .goto(&page("<p>content process, please</p>"))
        .unwrap();
    let profile = browser.profile_dir().to_path_buf();
    let before = browser.processes();
    assert!(before.len() >= 2, "geckodriver and Firefox: {before:?}");
    assert!(!common::processes_mentioning(&profile).is_empty());
    let started = std::time::Instant::now();

    drop(browser);

    let left: Vec<u32> = before
        .into_iter()
        .filter(|pid| common::alive(*pid))
        .collect();
    assert!(left.is_empty(), "still running: {left:?}");
    assert_eq!(common::processes_mentioning(&profile), [] as [u32; 0]);
    assert!(!profile.exists(), "the temporary profile was not removed");
    eprintln!("dropped in {:?}", started.elapsed());
}

/// A minimal MV3 add-on: an id, an options page, a background script that writes to storage.
fn write_extension() -> TempDir {
    let dir = TempDir::new().unwrap();
    let manifest = json!({
        "manifest_version": 3,
        "name": "c2d harness test",
        "version": "1.0",
        "permissions": ["storage"],
        "background": { "scripts": ["background.js"] },
        "options_ui": { "page": "options.html" },
        "browser_specific_settings": { "gecko": { "id": ADDON_ID } },
    });
    fs::write(dir.path().join("manifest.json"), manifest.to_string()).unwrap();
    fs::write(
        dir.path().join("options.html"),
        "<!doctype html><title>options</title><p id=\"text\">options of the test add-on</p>",
    )
    .unwrap();
    fs::write(
        dir.path().join("background.js"),
        "browser.storage.local.set({ fromBackground: 'started' });",
    )
    .unwrap();
    dir
}
