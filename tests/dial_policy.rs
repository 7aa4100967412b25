//! End-to-end tests of the dial policy (issue 14): costly numbers from a page ask in the
//! extension's own window and dial only on the person's Dial; a page allowed to dial through
//! the bridge gets one call per gesture, however often it asks. The built extension in headless
//! Chromium and Firefox against the simulated phone; `tests/fixtures/policy.html`.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use c2d_harness::dialer::{wait_for_numbers, PATIENCE};
use c2d_harness::BrowserKind;
use common::{
    answer_ask, answer_extension_window, assert_phone_gets_nothing_more, extension_windows_open,
    World, WAIT,
};
use htek_sim::files::StaticServer;
use serde_json::Value;
use std::time::Duration;

/// How long a click that must not dial is watched.
const QUIET: Duration = Duration::from_millis(1500);

fn open_policy_page(world: &World) -> c2d_harness::WindowHandle {
    world
        .browser
        .goto(&format!("{}/policy.html", world.pages.base_url()))
        .unwrap();
    wait_for_numbers(&world.browser, 2).unwrap();
    world.browser.current_tab().unwrap()
}

fn a_costly_number_asks_and_dials_only_on_dial(kind: BrowserKind) {
    let world = World::new(kind);
    world.set_up(world.settings("1"));
    let tab = open_policy_page(&world);

    // An ordinary visible number: one click, one call, no question.
    world.click("+1 206 555 0100");
    let first = world
        .phone
        .wait_for(WAIT, |e| e.is_command())
        .expect("the ordinary number dials at once");
    assert_eq!(
        first.path,
        "/Phone_ActionURL&Command=1&Number=0012065550100&Account=1"
    );
    assert_eq!(extension_windows_open(&world, &tab, "ask.html"), 0);

    // A premium-rate number: the extension asks, the phone gets nothing until then. (The page
    // was hidden behind the harness's tab: its marks near the viewport show again first.)
    wait_for_numbers(&world.browser, 2).unwrap();
    let before = world.phone_requests().len();
    world.click("+1 900 555 0199");
    let why = answer_ask(&world, &tab, "+19005550199", "cancel");
    assert!(why.contains("premium-rate"), "the question says why: {why}");
    assert_phone_gets_nothing_more(&world, before, QUIET, "Cancel");
    let outcome = world.outcome(); // in the popup, opened in this tab
    assert!(outcome.contains("+19005550199"), "{outcome}");

    // Asked again, the person's Dial dials it, once.
    let tab = open_policy_page(&world);
    world.click("+1 900 555 0199");
    answer_ask(&world, &tab, "+19005550199", "dial");
    let dialed = world
        .phone
        .wait_for(WAIT, |e| e.is_command() && e.path.contains("19005550199"))
        .expect("Dial dials");
    assert_eq!(
        dialed.path,
        "/Phone_ActionURL&Command=1&Number=0019005550199&Account=1"
    );
    assert_phone_gets_nothing_more(&world, before + 1, QUIET, "one Dial, one call");
}

/// The page's bridge replies so far.
fn bridge_replies(world: &World) -> Vec<Value> {
    world
        .browser
        .execute("return window.__bridgeReplies", vec![])
        .unwrap()
        .as_array()
        .cloned()
        .unwrap_or_default()
}

fn wait_for_bridge_replies(world: &World, count: usize) -> Vec<Value> {
    world
        .browser
        .wait_until(&format!("{count} bridge replies"), PATIENCE, |_| {
            let replies = bridge_replies(world);
            Ok((replies.len() >= count).then_some(replies))
        })
        .unwrap()
}

/// Answers the bridge's "may this site dial?" window with Allow, checking that it names the
/// page's site.
fn allow_site(world: &World, tab: &c2d_harness::WindowHandle) {
    let site = world.pages.base_url();
    answer_extension_window(world, tab, "confirm.html", "#allow", |browser| {
        assert_eq!(browser.find("#site").unwrap().text().unwrap(), site);
    });
}

fn one_gesture_dials_once_through_the_bridge(kind: BrowserKind) {
    let world = World::new(kind);
    world.set_up(world.settings("1"));
    let tab = open_policy_page(&world);

    // One click on "Continue reading": the page asks for ten calls.
    world.browser.find("#continue").unwrap().click().unwrap();
    allow_site(&world, &tab);
    let replies = wait_for_bridge_replies(&world, 10);
    let ok: Vec<&Value> = replies.iter().filter(|r| r["ok"] == true).collect();
    assert_eq!(ok.len(), 1, "one gesture, one call: {replies:#?}");
    assert_eq!(
        ok[0]["id"], "1-0",
        "the first request is the one: {replies:#?}"
    );
    assert!(
        replies
            .iter()
            .filter(|r| r["ok"] == false)
            .all(|r| r["reason"] == "one-call-per-gesture"),
        "{replies:#?}"
    );
    let first = world
        .phone
        .wait_for(WAIT, |e| e.is_command())
        .expect("the one call");
    assert_eq!(
        first.path,
        "/Phone_ActionURL&Command=1&Number=0012065550101&Account=1"
    );
    assert_phone_gets_nothing_more(&world, 1, QUIET, "the other nine requests");

    // The next click is another gesture: one more call, no question (the site is allowed).
    world.browser.find("#continue").unwrap().click().unwrap();
    let replies = wait_for_bridge_replies(&world, 20);
    assert_eq!(
        replies[10..].iter().filter(|r| r["ok"] == true).count(),
        1,
        "{replies:#?}"
    );
    world
        .phone
        .wait_for(WAIT, |_| world.phone.commands().len() >= 2)
        .expect("the second gesture's call");
    assert_phone_gets_nothing_more(&world, 2, QUIET, "the second gesture's other requests");
    assert!(
        world
            .phone
            .commands()
            .iter()
            .all(|c| !c.path.contains("9005550199")),
        "the premium-rate number was never dialed"
    );

    // The popup names the site, counts what it asked past the gestures, and revokes it.
    let popup = world.browser.new_tab().unwrap();
    world.browser.switch_to(&popup).unwrap();
    let origin = world.pages.base_url();
    world
        .browser
        .goto(&format!(
            "{}?origin={}",
            world.extension.url("popup.html"),
            origin.replace(':', "%3A").replace('/', "%2F")
        ))
        .unwrap();
    let line = world
        .browser
        .wait_until("the popup's bridge line", PATIENCE, |b| {
            let text = b.execute(
                "const p = document.getElementById('bridge-site'); return p && !p.hidden ? p.textContent : null",
                vec![],
            )?;
            Ok(text.as_str().map(str::to_string))
        })
        .unwrap();
    assert!(line.contains(&origin), "{line}");
    assert!(line.contains("18 more times"), "{line}");
    world
        .browser
        .find("#bridge-revoke")
        .unwrap()
        .click()
        .unwrap();
    let sites = world
        .browser
        .wait_until("the site revoked", PATIENCE, |b| {
            let sites = b.execute_async(
                "(globalThis.browser ?? chrome).storage.local.get('bridgeSites').then((r) => arguments[0](r.bridgeSites ?? {}))",
                vec![],
            )?;
            Ok(sites.get(&origin).is_none().then_some(sites))
        })
        .unwrap();
    assert_eq!(sites, serde_json::json!({}));
}

fn a_frame_asks_for_its_top_level_site(kind: BrowserKind) {
    let world = World::new(kind);
    world.set_up(world.settings("1"));
    // The widget comes from another origin (another port) than the page around it.
    let widget = StaticServer::start("127.0.0.1:0", common::fixtures()).unwrap();
    world
        .browser
        .goto(&format!(
            "{}/bridge-top.html?frame={}/bridge-frame.html",
            world.pages.base_url(),
            widget.base_url()
        ))
        .unwrap();
    let tab = world.browser.current_tab().unwrap();
    let frame = world.browser.wait_for("#widget", PATIENCE).unwrap();
    world.browser.switch_to_frame(Some(&frame)).unwrap();
    world
        .browser
        .wait_for("#call", PATIENCE)
        .unwrap()
        .click()
        .unwrap();
    // The question names the page in the address bar, not the widget's origin.
    allow_site(&world, &tab);
    let dialed = world
        .phone
        .wait_for(WAIT, |e| e.is_command())
        .expect("the widget's dial, once allowed");
    assert_eq!(
        dialed.path,
        "/Phone_ActionURL&Command=1&Number=0012065550100&Account=1"
    );
    let page = world.browser.new_tab().unwrap();
    world.browser.switch_to(&page).unwrap();
    world
        .browser
        .goto(&world.extension.url("popup.html"))
        .unwrap();
    let sites = world
        .browser
        .execute_async(
            "(globalThis.browser ?? chrome).storage.local.get('bridgeSites').then((r) => arguments[0](r.bridgeSites ?? {}))",
            vec![],
        )
        .unwrap();
    assert_eq!(
        sites,
        serde_json::json!({ world.pages.base_url(): "allow" }),
        "the site is remembered, not the widget's origin {}",
        widget.base_url()
    );
}

in_both_browsers!(
    a_costly_number_asks_and_dials_only_on_dial,
    one_gesture_dials_once_through_the_bridge,
    a_frame_asks_for_its_top_level_site,
);
