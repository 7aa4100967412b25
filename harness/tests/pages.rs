//! Driving ordinary pages: navigation, elements, scripts, waiting, trusted clicks, the
//! console, tabs and screenshots.

mod common;

use std::time::{Duration, Instant};

use c2d_harness::{Error, LogLevel};
use common::{browser, page};
use serde_json::json;

const FORM: &str = r#"<!doctype html>
<h1 id="greeting" class="big" data-kind="hello">Hello, world</h1>
<ul><li>one</li><li>two</li><li>three</li></ul>
<p id="hidden" style="display:none">secret</p>
<input id="number" value="old">
<button id="count" style="position:absolute; left:40px; top:200px; width:120px; height:30px"
  onclick="this.textContent = String(Number(this.textContent) + 1)">0</button>"#;

#[test]
fn elements_are_found_read_and_clicked() {
    let (_turn, browser) = browser();
    browser.goto(&page(FORM)).unwrap();
    assert!(browser.current_url().unwrap().starts_with("data:text/html"));

    let greeting = browser.find("#greeting").unwrap();
    assert_eq!(greeting.text().unwrap(), "Hello, world");
    assert_eq!(
        greeting.attribute("data-kind").unwrap().as_deref(),
        Some("hello")
    );
    assert_eq!(greeting.attribute("title").unwrap(), None);
    assert_eq!(greeting.property("className").unwrap(), json!("big"));
    assert!(greeting.is_displayed().unwrap());
    assert!(!browser.find("#hidden").unwrap().is_displayed().unwrap());

    let items = browser.find_all("li").unwrap();
    let texts: Vec<String> = items.iter().map(|li| li.text().unwrap()).collect();
    assert_eq!(texts, ["one", "two", "three"]);
    assert!(browser.find_all("table").unwrap().is_empty());

    let input = browser.find("#number").unwrap();
    input.clear().unwrap();
    input.send_keys("+1 555 0100").unwrap();
    assert_eq!(input.property("value").unwrap(), json!("+1 555 0100"));

    let button = browser.find("#count").unwrap();
    assert_eq!(button.rect().unwrap(), (40.0, 200.0, 120.0, 30.0));
    button.click().unwrap();
    button.click().unwrap();
    assert_eq!(button.text().unwrap(), "2");

    match browser.find("#missing") {
        Err(Error::NotFound(css)) => assert_eq!(css, "#missing"),
        other => panic!("expected NotFound, got {other:?}"),
    }
    let invalid = browser.find("[[[").unwrap_err();
    assert!(
        matches!(&invalid, Error::WebDriver { error, .. } if error == "invalid selector"),
        "{invalid:?}"
    );
}

#[test]
fn scripts_run_sync_and_async() {
    let (_turn, browser) = browser();
    browser.goto(&page(FORM)).unwrap();

    let sum = browser
        .execute(
            "return arguments[0] + arguments[1];",
            vec![json!(2), json!(40)],
        )
        .unwrap();
    assert_eq!(sum, json!(42));

    // An element passed in arrives as the DOM node.
    let greeting = browser.find("#greeting").unwrap();
    let tag = browser
        .execute("return arguments[0].tagName;", vec![greeting.to_json()])
        .unwrap();
    assert_eq!(tag, json!("H1"));

    // A returned object with an "error" key is data, not a WebDriver failure.
    let object = browser.execute("return {error: 'none'};", vec![]).unwrap();
    assert_eq!(object, json!({"error": "none"}));

    let late = browser
        .execute_async(
            "const done = arguments[arguments.length - 1];
             setTimeout(() => done({late: arguments[0]}), 100);",
            vec![json!("yes")],
        )
        .unwrap();
    assert_eq!(late, json!({"late": "yes"}));

    let thrown = browser
        .execute("throw new Error('nope');", vec![])
        .unwrap_err();
    assert!(
        matches!(&thrown, Error::WebDriver { error, message, .. }
            if error == "javascript error" && message.contains("nope")),
        "{thrown:?}"
    );
}

#[test]
fn wait_for_sees_late_elements_and_times_out_on_missing_ones() {
    let (_turn, browser) = browser();
    let late = r#"<script>
        function addLater(ms) {
            setTimeout(() => {
                const p = document.createElement('p');
                p.id = 'late';
                p.textContent = 'here now';
                document.body.append(p);
            }, ms);
        }
    </script>"#;
    browser.goto(&page(late)).unwrap();

    browser.execute("addLater(300);", vec![]).unwrap();
    assert!(matches!(browser.find("#late"), Err(Error::NotFound(_))));
    let element = browser.wait_for("#late", Duration::from_secs(10)).unwrap();
    assert_eq!(element.text().unwrap(), "here now");

    let start = Instant::now();
    let err = browser
        .wait_for("#never", Duration::from_millis(400))
        .unwrap_err();
    let waited = start.elapsed();
    match &err {
        Error::Timeout { what, waited } => {
            assert!(what.contains("`#never`"), "{what}");
            assert_eq!(*waited, Duration::from_millis(400));
        }
        other => panic!("expected Timeout, got {other:?}"),
    }
    assert!(err.to_string().contains("#never"), "{err}");
    assert!(waited >= Duration::from_millis(400), "{waited:?}");
    assert!(waited < Duration::from_secs(3), "{waited:?}");

    // wait_until hands back whatever the closure found.
    let mut calls = 0;
    let third = browser
        .wait_until("the third look", Duration::from_secs(5), |_| {
            calls += 1;
            Ok((calls == 3).then_some(calls))
        })
        .unwrap();
    assert_eq!(third, 3);
}

/// A page that records whether each click on its button was trusted.
const CLICKS: &str = r#"<!doctype html>
<button id="dial" style="position:absolute; left:100px; top:120px; width:200px; height:60px">
  dial</button>
<script>
  window.clicks = [];
  document.getElementById('dial').addEventListener('click', e => clicks.push(e.isTrusted));
</script>"#;

#[test]
fn click_at_is_trusted_but_a_script_click_is_not() {
    let (_turn, browser) = browser();
    browser.goto(&page(CLICKS)).unwrap();
    let clicks = || browser.execute("return window.clicks;", vec![]).unwrap();

    browser.click_at(200.5, 150.0).unwrap();
    assert_eq!(clicks(), json!([true]));

    let button = browser.find("#dial").unwrap();
    browser
        .execute("arguments[0].click();", vec![button.to_json()])
        .unwrap();
    assert_eq!(clicks(), json!([true, false]));

    // Outside the button: no click event on it.
    browser.click_at(10.0, 10.0).unwrap();
    assert_eq!(clicks(), json!([true, false]));
}

#[test]
fn console_errors_and_uncaught_exceptions_reach_the_log() {
    let (_turn, browser) = browser();
    let noisy = r#"<script>
        console.log('just saying');
        console.error('dial failed: c2d-test-marker');
        setTimeout(() => { throw new Error('c2d-uncaught-marker'); }, 0);
    </script>"#;
    browser.goto(&page(noisy)).unwrap();

    let mut seen = Vec::new();
    let found = browser.wait_until("both error lines", Duration::from_secs(5), |b| {
        seen.extend(b.browser_logs()?);
        let has = |marker: &str| {
            seen.iter()
                .any(|line| line.level == LogLevel::Severe && line.message.contains(marker))
        };
        Ok((has("c2d-test-marker") && has("c2d-uncaught-marker")).then_some(()))
    });
    assert!(found.is_ok(), "{found:?}; the log had {seen:#?}");

    let error = seen.iter().find(|l| l.message.contains("c2d-test-marker"));
    assert_eq!(error.map(|l| l.source.as_str()), Some("console-api"));
    let uncaught = seen
        .iter()
        .find(|l| l.message.contains("c2d-uncaught-marker"));
    let uncaught = uncaught.map(|l| (l.source.as_str(), l.message.contains("Uncaught")));
    assert_eq!(uncaught, Some(("javascript", true)));
    assert!(seen
        .iter()
        .any(|l| l.level == LogLevel::Info && l.message.contains("just saying")));
}

#[test]
fn a_second_tab_opens_switches_and_closes_and_screenshots_are_png() {
    let (_turn, browser) = browser();
    browser.goto(&page("<p id=first>first tab</p>")).unwrap();
    let first = browser.current_tab().unwrap();

    let second = browser.new_tab().unwrap();
    assert_ne!(first, second);
    assert_eq!(browser.window_handles().unwrap().len(), 2);
    browser.switch_to(&second).unwrap();
    browser.goto(&page("<p id=second>second tab</p>")).unwrap();
    assert_eq!(
        browser.find("#second").unwrap().text().unwrap(),
        "second tab"
    );

    let left = browser.close_tab().unwrap();
    assert_eq!(left, std::slice::from_ref(&first));
    browser.switch_to(&first).unwrap();
    assert_eq!(browser.find("#first").unwrap().text().unwrap(), "first tab");

    let png = browser.screenshot_png().unwrap();
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");
    // The IHDR chunk says 1280 wide, as --window-size asked.
    assert_eq!(&png[16..20], &1280u32.to_be_bytes());
}
