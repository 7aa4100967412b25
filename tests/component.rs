//! End-to-end tests of the `<click-to-dial>` web component (`dist/www/`, built by `cargo xtask
//! build`): it marks the numbers of its content and dials through the extension's page bridge,
//! with the extension's confirmation once per site; a page script without a person's gesture
//! cannot dial; without the extension numbers are `tel:` links; under a strict CSP the extension
//! finds the numbers. The fixture pages (tests/fixtures/component/) are served beside a copy of
//! the built component, from one origin. Each test runs in headless Chromium and in Firefox.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use c2d_harness::dialer::{marked_numbers, wait_for_numbers, PATIENCE};
use c2d_harness::{Browser, BrowserKind, BrowserOptions, WindowHandle};
use common::{
    answer_extension_window, assert_no_page_errors, extension_windows_open, fixtures, World, WAIT,
};
use htek_sim::files::StaticServer;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The built site (`$C2D_DIST/www`, else the workspace's `dist/www`).
fn built_www() -> PathBuf {
    let dist = std::env::var_os("C2D_DIST").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("dist"),
        PathBuf::from,
    );
    let www = dist.join("www");
    assert!(
        www.join("click-to-dial.js").is_file() && www.join("pkg").is_dir(),
        "no built component in {}: run `cargo xtask build`",
        www.display()
    );
    www
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

/// A site on 127.0.0.1: the built component and the fixture pages, one origin (the directory
/// goes when the site does).
struct Site {
    server: StaticServer,
    _dir: tempfile::TempDir,
}

impl Site {
    fn new() -> Site {
        let dir = tempfile::Builder::new()
            .prefix("c2d-component-")
            .tempdir()
            .unwrap();
        copy_dir(&built_www(), dir.path());
        copy_dir(&fixtures().join("component"), dir.path());
        let server = StaticServer::start("127.0.0.1:0", dir.path().to_path_buf()).unwrap();
        Site { server, _dir: dir }
    }

    fn url(&self, page: &str) -> String {
        format!("{}/{page}", self.server.base_url())
    }

    fn origin(&self) -> String {
        self.server.base_url()
    }
}

/// The `href`s of the links the component made in `#content`, once there are `count`.
fn component_links(browser: &Browser, count: usize) -> Vec<(String, String)> {
    let links = browser
        .wait_until(
            &format!("{count} numbers marked in the component"),
            PATIENCE,
            |b| {
                let links = b.execute(
                    "return [...document.querySelectorAll('#content a.click-to-dial-number')]
                   .map((a) => [a.textContent, a.getAttribute('href')])",
                    vec![],
                )?;
                Ok(links.as_array().filter(|a| a.len() >= count).cloned())
            },
        )
        .unwrap();
    links
        .iter()
        .map(|pair| {
            (
                pair[0].as_str().unwrap().to_string(),
                pair[1].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn attribute(browser: &Browser, css: &str, name: &str) -> Value {
    browser
        .execute(
            "return document.querySelector(arguments[0])?.getAttribute(arguments[1]) ?? null",
            vec![json!(css), json!(name)],
        )
        .unwrap()
}

/// The dial button's link, inside the element's (open) shadow root.
fn button_href(browser: &Browser) -> Value {
    browser
        .execute(
            "return document.querySelector('#button').shadowRoot.querySelector('[part~=button]')?.getAttribute('href') ?? null",
            vec![],
        )
        .unwrap()
}

/// Clicks a marked number in the component as a person does (a WebDriver click: trusted, with
/// user activation).
fn click_link(browser: &Browser, text: &str) {
    let links = browser.find_all("#content a.click-to-dial-number").unwrap();
    for link in links {
        if link.text().unwrap() == text {
            link.click().unwrap();
            return;
        }
    }
    panic!("no marked number {text:?} in the component");
}

/// Clicks the dial button in `#button`'s shadow root, as a person does.
fn click_button(browser: &Browser) {
    let host = browser.find("#button").unwrap();
    let (x, y, w, h) = host.rect().unwrap();
    browser.click_at(x + w / 2.0, y + h / 2.0).unwrap();
}

/// The `dial` events the page saw so far.
fn dials(browser: &Browser) -> Vec<Value> {
    browser
        .execute("return window.__dials", vec![])
        .unwrap()
        .as_array()
        .cloned()
        .unwrap_or_default()
}

fn wait_for_dials(browser: &Browser, count: usize) -> Vec<Value> {
    browser
        .wait_until(
            &format!("{count} dial events"),
            Duration::from_secs(20),
            |b| {
                let all = dials(b);
                Ok((all.len() >= count).then_some(all))
            },
        )
        .unwrap()
}

/// How many confirmation windows are open now.
fn confirmations_open(world: &World, page: &WindowHandle) -> usize {
    extension_windows_open(world, page, "confirm.html")
}

/// Waits for the extension's confirmation window, checks that it names `site`, and answers with
/// the button `#answer` as a person would; goes back to `page`.
/// Returns what the window says the phone will dial.
fn answer_confirmation(world: &World, page: &WindowHandle, site: &str, answer: &str) -> String {
    let dialed = std::cell::RefCell::new(String::new());
    answer_extension_window(
        world,
        page,
        "confirm.html",
        &format!("#{answer}"),
        |browser| {
            assert_eq!(browser.find("#site").unwrap().text().unwrap(), site);
            assert!(browser
                .find("#question")
                .unwrap()
                .text()
                .unwrap()
                .contains("wants your desk phone to dial"));
            *dialed.borrow_mut() = browser.find("#dialed").unwrap().text().unwrap();
        },
    );
    assert_eq!(confirmations_open(world, page), 0, "the question is closed");
    dialed.into_inner()
}

/// The phone's command number `before` (counting from 0), waiting for it.
fn command(world: &World, before: usize) -> String {
    world
        .phone
        .wait_for(WAIT, |_| world.phone.commands().len() > before)
        .and_then(|_| world.phone.commands().get(before).map(|e| e.path.clone()))
        .unwrap_or_else(|| panic!("no command number {before}; log {:#?}", world.phone.log()))
}

/// Posts a bridge dial from a page script (no person's gesture) and returns the reply.
fn scripted_dial(browser: &Browser) -> Value {
    browser
        .execute(
            "window.postMessage({ channel: 'click-to-dial', from: 'page', id: 'scripted', type: 'dial', number: '+49 30 1234567' }, location.origin)",
            vec![],
        )
        .unwrap();
    browser
        .wait_until("the bridge's reply", PATIENCE, |b| {
            let reply = b.execute(
                "return window.__bridgeReplies.find((r) => r.id === 'scripted') ?? null",
                vec![],
            )?;
            Ok((!reply.is_null()).then_some(reply))
        })
        .unwrap()
}

fn the_component_marks_and_dials_through_the_bridge(kind: BrowserKind) {
    let world = World::new(kind);
    world.set_up(world.settings("1"));
    let site = Site::new();
    world.browser.goto(&site.url("component.html")).unwrap();
    let page = world.browser.current_tab().unwrap();

    let links = component_links(&world.browser, 2);
    assert_eq!(
        links,
        [
            ("+49 30 1234567".to_string(), "tel:+49301234567".to_string()),
            ("030 1234568".to_string(), "tel:+49301234568".to_string()),
        ],
        "the component marks its content (invoice, date and amount left alone)"
    );
    assert_eq!(attribute(&world.browser, "#content", "finder"), "local");
    // The extension marks the page around the component, not inside it.
    assert_eq!(
        wait_for_numbers(&world.browser, 1).unwrap(),
        ["+44 20 7946 0958"]
    );
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(
        marked_numbers(&world.browser).unwrap(),
        ["+44 20 7946 0958"]
    );

    // A page script cannot dial: no person's gesture, no dial, no question.
    let reply = scripted_dial(&world.browser);
    assert_eq!(reply["ok"], false, "{reply}");
    assert_eq!(reply["reason"], "no-user-activation", "{reply}");
    assert_eq!(confirmations_open(&world, &page), 0);

    // A person's click: the extension asks once for this site.
    click_link(&world.browser, "+49 30 1234567");
    let shown = answer_confirmation(&world, &page, &site.origin(), "allow");
    assert_eq!(
        command(&world, 0),
        "/Phone_ActionURL&Command=1&Number=0301234567&Account=1"
    );
    assert_eq!(shown, "Your desk phone will dial 0301234567.");
    let events = wait_for_dials(&world.browser, 1);
    assert_eq!(
        events[0],
        json!({ "number": "+49301234567", "ok": true, "reason": null, "via": "extension" })
    );
    assert_eq!(attribute(&world.browser, "#content", "state"), "dialing");

    // The second dial from the same site is not asked about; the button dials too.
    click_button(&world.browser);
    assert_eq!(
        command(&world, 1),
        "/Phone_ActionURL&Command=1&Number=0033142685300&Account=1"
    );
    let events = wait_for_dials(&world.browser, 2);
    assert_eq!(events[1]["ok"], true, "{events:?}");
    assert_eq!(
        confirmations_open(&world, &page),
        0,
        "no question the second time"
    );
    assert_eq!(world.phone.commands().len(), 2, "exactly two dials");
    // Nothing of the phone reached the page.
    let seen = world
        .browser
        .execute(
            "return JSON.stringify([window.__dials, window.__bridgeReplies])",
            vec![],
        )
        .unwrap();
    assert!(
        !seen.as_str().unwrap().contains(&world.phone.host_port()),
        "{seen}"
    );
    assert_no_page_errors(&world.browser);
}

fn never_refuses_later_dials_without_asking(kind: BrowserKind) {
    let world = World::new(kind);
    world.set_up(world.settings("1"));
    let site = Site::new();
    world.browser.goto(&site.url("component.html")).unwrap();
    let page = world.browser.current_tab().unwrap();
    component_links(&world.browser, 2);

    click_button(&world.browser);
    answer_confirmation(&world, &page, &site.origin(), "never");
    let events = wait_for_dials(&world.browser, 1);
    assert_eq!(events[0]["ok"], false);
    assert_eq!(events[0]["reason"], "declined");
    assert_eq!(attribute(&world.browser, "#button", "state"), "declined");

    click_link(&world.browser, "+49 30 1234567");
    let events = wait_for_dials(&world.browser, 2);
    assert_eq!(events[1]["reason"], "declined", "refused without asking");
    assert_eq!(confirmations_open(&world, &page), 0);
    std::thread::sleep(Duration::from_millis(500));
    assert!(world.phone_requests().is_empty(), "{:?}", world.phone.log());

    // The options page lists the site; Forget makes the next dial ask again.
    world.extension.open_options(&world.browser).unwrap();
    let listed = world.browser.find("#bridge-sites").unwrap().text().unwrap();
    assert!(
        listed.contains(&format!("{}: never", site.origin())),
        "{listed}"
    );
    world
        .browser
        .find(&format!(
            "#bridge-sites button[data-origin=\"{}\"]",
            site.origin()
        ))
        .unwrap()
        .click()
        .unwrap();
    world
        .browser
        .wait_until("the site forgotten", WAIT, |b| {
            Ok(b.find("#bridge-sites-empty")?.is_displayed()?.then_some(()))
        })
        .unwrap();
    world.browser.switch_to(&page).unwrap();
    world.browser.goto(&site.url("component.html")).unwrap();
    component_links(&world.browser, 2);
    click_button(&world.browser);
    answer_confirmation(&world, &page, &site.origin(), "allow");
    world
        .phone
        .wait_for(WAIT, |e| e.is_command())
        .unwrap_or_else(|| {
            panic!(
                "asked again and allowed, yet no dial: {:#?}",
                world.phone.log()
            )
        });
}

fn plain_browser(kind: BrowserKind) -> Browser {
    Browser::launch(BrowserOptions {
        kind,
        ..BrowserOptions::default()
    })
    .unwrap()
}

fn without_the_extension_numbers_are_tel_links(kind: BrowserKind) {
    let site = Site::new();
    let browser = plain_browser(kind);
    browser.goto(&site.url("component.html")).unwrap();
    let links = component_links(&browser, 2);
    assert_eq!(links[0].1, "tel:+49301234567");
    assert_eq!(attribute(&browser, "#content", "finder"), "local");
    assert_eq!(button_href(&browser), "tel:+33142685300");
    let label = browser
        .execute(
            "return document.querySelector('#button').shadowRoot.querySelector('[part~=button]').getAttribute('aria-label')",
            vec![],
        )
        .unwrap();
    assert_eq!(label, "Dial +33 1 42 68 53 00");
    let present = browser
        .execute_async(
            "import('./click-to-dial.js').then((m) => m.extensionPresent(500)).then(arguments[0])",
            vec![],
        )
        .unwrap();
    assert_eq!(present, false);
    assert_no_page_errors(&browser);
}

fn under_a_strict_csp_the_extension_finds_the_numbers(kind: BrowserKind) {
    let world = World::new(kind);
    world.set_up(world.settings("1"));
    let site = Site::new();
    world.browser.goto(&site.url("strict.html")).unwrap();
    let page = world.browser.current_tab().unwrap();
    let links = component_links(&world.browser, 2);
    assert_eq!(links[0].1, "tel:+49301234567");
    let finder = attribute(&world.browser, "#content", "finder");
    assert_eq!(finder, "extension", "no WebAssembly under this CSP");
    click_button(&world.browser);
    answer_confirmation(&world, &page, &site.origin(), "allow");
    assert_eq!(
        command(&world, 0),
        "/Phone_ActionURL&Command=1&Number=0033142685300&Account=1"
    );
}

fn under_a_strict_csp_without_the_extension_buttons_work(kind: BrowserKind) {
    let site = Site::new();
    let browser = plain_browser(kind);
    browser.goto(&site.url("strict.html")).unwrap();
    browser
        .wait_until("the dial button", PATIENCE, |b| {
            let href = b.execute(
                "return document.querySelector('#button').shadowRoot?.querySelector('[part~=button]')?.getAttribute('href') ?? null",
                vec![],
            )?;
            Ok(href.as_str().map(String::from))
        })
        .unwrap();
    assert_eq!(button_href(&browser), "tel:+33142685300");
    std::thread::sleep(Duration::from_millis(500));
    // No finder here: the content stays as written, nothing marked.
    let marked = browser
        .execute(
            "return document.querySelectorAll('#content a').length",
            vec![],
        )
        .unwrap();
    assert_eq!(marked, 0);
    assert_eq!(attribute(&browser, "#content", "finder"), Value::Null);
}

in_both_browsers!(
    the_component_marks_and_dials_through_the_bridge,
    never_refuses_later_dials_without_asking,
    without_the_extension_numbers_are_tel_links,
    under_a_strict_csp_the_extension_finds_the_numbers,
    under_a_strict_csp_without_the_extension_buttons_work,
);
