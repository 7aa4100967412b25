//! End-to-end tests of the page layer: where numbers are found (across inline elements, in
//! shadow roots and frames), that marking leaves the page's nodes alone, which path runs the
//! finder (in the page as wasm, or in the background under a strict CSP), and that changes are
//! followed and forgotten. Every test runs in Chromium and in Firefox ESR.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use c2d_harness::dialer::{
    announced_count, choose, click_number, marked_numbers, number_position, wait_for_numbers,
    CARD_HOST_JS, IS_MARK_NAME_JS, MARKS_HIGHLIGHT_JS, PATIENCE,
};
use c2d_harness::{Browser, BrowserKind};
use common::{assert_no_page_errors, fixtures, World, WAIT};
use htek_sim::files::StaticServer;
use htek_sim::LogEntry;
use serde_json::{json, Value};

/// What layer.html holds: numbers marked in the top page, in its frames, and never.
fn layer_expected() -> (Vec<String>, Vec<String>, Vec<String>) {
    let text = std::fs::read_to_string(fixtures().join("layer.expected.json")).unwrap();
    let expected: Value = serde_json::from_str(&text).unwrap();
    let list = |key: &str| -> Vec<String> {
        expected[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n.as_str().unwrap().to_string())
            .collect()
    };
    (list("top"), list("frame"), list("never"))
}

/// Opens layer.html with its cross-origin frame served by `other`, and waits for its numbers.
fn open_layer(world: &World, other: &StaticServer) -> Vec<String> {
    let port = other.addr().port();
    world
        .browser
        .goto(&format!(
            "{}/layer.html?other={port}",
            world.pages.base_url()
        ))
        .unwrap();
    let (top, _, _) = layer_expected();
    let marked = wait_for_numbers(&world.browser, top.len()).unwrap();
    // The page shows a hidden paragraph after 500 ms, which moves what is below it: clicks wait
    // for that.
    world
        .browser
        .wait_until("the page to settle", PATIENCE, |b| {
            Ok(b.execute(
                "return document.getElementById('later').hidden ? null : true",
                vec![],
            )?
            .as_bool())
        })
        .unwrap();
    marked
}

/// Where the finder runs for the page in the harness's tab, as the background told the page's
/// content script: "page" (WebAssembly in the content script), "background", or null (the page
/// layer did not start). Asked from an extension page in a tab of its own, so that the page
/// itself carries no trace of it; goes back to the page's tab.
fn scanner_path(world: &World) -> Value {
    let browser = &world.browser;
    let page_tab = browser.current_tab().unwrap();
    let page_url = browser.execute("return location.href", vec![]).unwrap();
    let tab = browser.new_tab().unwrap();
    browser.switch_to(&tab).unwrap();
    browser.goto(&world.extension.url("popup.html")).unwrap();
    let place = browser
        .execute_async(
            "const [url, done] = arguments; const api = globalThis.browser ?? chrome;
             api.tabs.query({}).then(async (tabs) => {
               const tab = tabs.find((t) => t.url === url);
               if (!tab) return done(`no tab shows ${url}`);
               const answer = await api.runtime.sendMessage({ type: 'FinderPlace', tabId: tab.id });
               done(answer?.type === 'FinderPlace' ? answer.place ?? null : JSON.stringify(answer));
             }, (error) => done(String(error)));",
            vec![page_url],
        )
        .unwrap();
    common::back_to(browser, &page_tab);
    place
}

/// Clicks the marked number `raw` once nothing of the extension covers it: the hover card the
/// previous click left below its number (it takes the pointer on its Dial button, which dials
/// that number) hides once the pointer leaves.
fn click_uncovered(browser: &Browser, raw: &str) {
    let (x, y) = number_position(browser, raw, true).unwrap();
    browser.move_to(1.0, 1.0).unwrap();
    browser
        .wait_until(&format!("no card over {raw}"), PATIENCE, |b| {
            let free = b.execute(
                &"const [x, y] = arguments;
                 return document.elementFromPoint(x, y) !== CARD || null;"
                    .replace("CARD", CARD_HOST_JS),
                vec![x.into(), y.into()],
            )?;
            Ok(free.as_bool())
        })
        .unwrap();
    click_number(browser, raw).unwrap();
}

/// The phone's next accepted command after a click (the `before`-th, counting from 0).
fn next_command(world: &World, before: usize) -> String {
    world
        .phone
        .wait_for(WAIT, |_| world.phone.commands().len() > before)
        .and_then(|_| world.phone.commands().get(before).map(|e| e.path.clone()))
        .unwrap_or_else(|| {
            let marked = marked_numbers(&world.browser);
            let asks = common::extension_windows(world, "ask.html");
            let outcome = world.extension.popup(&world.browser).map(|(_, o)| o);
            panic!(
                "no command number {before}; marked now {marked:?}; asking {asks:?}; the popup says {outcome:?}; log {:#?}",
                world.phone.log()
            )
        })
}

fn numbers_are_found_wherever_they_hide(kind: BrowserKind) {
    let world = World::new(kind);
    let other_origin = StaticServer::start("127.0.0.1:0", fixtures()).unwrap();
    world.set_up(world.settings("1"));
    let (top, frame, never) = layer_expected();
    let marked = open_layer(&world, &other_origin);
    assert_eq!(
        marked, top,
        "split over inline elements, NBSP, open and closed shadow roots, shown later"
    );
    for number in &never {
        assert!(
            !marked.contains(number),
            "{number} is editable or a link's text"
        );
    }
    for id in ["#same", "#cross"] {
        let element = world.browser.find(id).unwrap();
        world.browser.switch_to_frame(Some(&element)).unwrap();
        assert_eq!(
            wait_for_numbers(&world.browser, frame.len()).unwrap(),
            frame,
            "frame {id}"
        );
        world.browser.switch_to_frame(None).unwrap();
    }

    // Clicks dial: a number split over elements, one in a closed shadow root, one in a
    // cross-origin frame, and a tel: link taken over.
    let mut count = 0;
    for (raw, digits) in [
        ("+49 30 1234567", "0301234567"),
        ("+44 20 7946 0958", "00442079460958"),
    ] {
        click_uncovered(&world.browser, raw);
        assert_eq!(
            next_command(&world, count),
            format!("/Phone_ActionURL&Command=1&Number={digits}&Account=1")
        );
        count += 1;
    }
    let cross = world.browser.find("#cross").unwrap();
    world.browser.switch_to_frame(Some(&cross)).unwrap();
    click_number(&world.browser, "+33 1 42 68 53 00").unwrap();
    world.browser.switch_to_frame(None).unwrap();
    assert_eq!(
        next_command(&world, count),
        "/Phone_ActionURL&Command=1&Number=0033142685300&Account=1"
    );
    count += 1;
    // A tel: link whose text is not its number ("Call the office") asks first, in the
    // extension's window, and dials on the person's Dial.
    let tab = world.browser.current_tab().unwrap();
    world.browser.find("#tel").unwrap().click().unwrap();
    common::answer_ask(&world, &tab, "+49303333333", "dial");
    assert_eq!(
        next_command(&world, count),
        "/Phone_ActionURL&Command=1&Number=0303333333&Account=1"
    );
    assert!(
        !world.browser.current_url().unwrap().starts_with("tel:"),
        "the tel: link did not navigate"
    );
    assert_no_page_errors(&world.browser);
    // Chromium compiles a content script's wasm under the page's CSP, which the extension
    // cannot read without a permission that hung navigations: there the background finds.
    // (Asked last: it opens a tab of its own.)
    let expected = match kind {
        BrowserKind::Chromium => "background",
        BrowserKind::Firefox => "page",
    };
    assert_eq!(scanner_path(&world), json!(expected));
}

fn highlighting_leaves_the_page_nodes_alone(kind: BrowserKind) {
    let world = World::new(kind);
    let other_origin = StaticServer::start("127.0.0.1:0", fixtures()).unwrap();
    world.set_up(world.settings("1"));
    open_layer(&world, &other_origin);
    // Rest the pointer on a number until its card shows, then look at what changed.
    let (x, y) = number_position(&world.browser, "+49 30 1234567", true).unwrap();
    world.browser.click_at(x, y - 40.0).unwrap(); // a click beside the number: no dial
    world.browser.move_to(x, y).unwrap();
    world
        .browser
        .wait_until("the hover card below the number", PATIENCE, |b| {
            let shown = b.execute(
                &"const [x, y] = arguments;
                 const host = CARD;
                 // Only the card's Dial button takes the pointer: look for it below the number.
                 for (let dy = 4; host && dy < 120; dy += 4)
                   for (let dx = -120; dx <= 120; dx += 8)
                     if (document.elementFromPoint(x + dx, y + dy) === host) return true;
                 return null;"
                    .replace("CARD", CARD_HOST_JS),
                vec![x.into(), y.into()],
            )?;
            Ok(shown.as_bool())
        })
        .unwrap();
    let closed = world
        .browser
        .execute(&format!("return {CARD_HOST_JS}.shadowRoot"), vec![])
        .unwrap();
    assert_eq!(
        closed,
        Value::Null,
        "the card lives in a closed shadow root"
    );

    let texts_kept = world
        .browser
        .execute(
            "return window.__texts.every(([node, data]) => node.isConnected && node.data === data)",
            vec![],
        )
        .unwrap();
    assert_eq!(
        texts_kept, true,
        "every text node of the page is still there, unsplit and unchanged"
    );
    let mutations = world
        .browser
        .execute("return window.__mutations", vec![])
        .unwrap();
    let foreign: Vec<&Value> = mutations
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| {
            // Text changes are checked above; the page adds a text node of its own after loading.
            let text_only = m["type"] == "characterData"
                || (m["type"] == "childList"
                    && m["added"]
                        .as_array()
                        .is_some_and(|a| a.iter().all(|n| n == "#text")));
            // The hover card is the one element the extension adds, named by random letters
            // (`[a-z]{6}-[a-z]{6}`); it sets no attribute.
            let card_name = |n: &Value| {
                n.as_str().is_some_and(|n| {
                    let (a, b) = n.split_once('-').unwrap_or_default();
                    [a, b]
                        .iter()
                        .all(|p| p.len() == 6 && p.bytes().all(|c| c.is_ascii_lowercase()))
                })
            };
            let ours = m["type"] == "childList"
                && m["target"] == "html"
                && m["added"]
                    .as_array()
                    .is_some_and(|a| a.len() == 1 && card_name(&a[0]));
            let the_pages_own = m["type"] == "attributes" && m["attribute"] == "hidden";
            !(text_only || ours || the_pages_own)
        })
        .collect();
    assert!(
        foreign.is_empty(),
        "the extension changed the page: {foreign:#?}"
    );
    // Nor does the page's performance timeline carry a mark of it (the analytics of many
    // sites send every user-timing mark home): the count is announced only where the tests
    // and benchmarks ask for it (`pages::ANNOUNCE_MARKS`).
    let marks = world
        .browser
        .execute(
            "return performance.getEntriesByType('mark').map((m) => m.name)",
            vec![],
        )
        .unwrap();
    assert_eq!(marks, json!([]), "the extension marked the page's timeline");
    assert!(
        world.phone.commands().is_empty(),
        "hovering and clicking beside a number never dials"
    );
    // A click on the number dials, and the check of what the person could see there leaves
    // the page's DOM alone as well: the one element the page keeps out of hit testing (an
    // icon in a button) is far from the number, so nothing is marked for that moment (the
    // <head> carried the check's attribute and a style until the check marked only the
    // elements the page may keep out that reach the number or the click point).
    world
        .browser
        .execute("window.__mutations.length = 0", vec![])
        .unwrap();
    world.click("+49 30 1234567");
    let dialed = next_command(&world, 0);
    assert!(dialed.contains("301234567"), "the click dials: {dialed}");
    let mutations = world
        .browser
        .execute(
            "return window.__mutations.filter((m) => m.type === 'attributes')",
            vec![],
        )
        .unwrap();
    assert_eq!(
        mutations,
        json!([]),
        "the click's check changed the page's attributes"
    );
    assert_no_page_errors(&world.browser);
}

/// Pages whose Content-Security-Policy forbids WebAssembly (in a header, in a meta element, or
/// only reporting it) are marked and dial, and never see a policy violation: a site's own
/// `securitypolicyviolation` listener (the fixtures keep one) or its report endpoint would learn
/// that the visitor runs this extension.
fn strict_pages_are_marked_through_the_background(kind: BrowserKind) {
    let world = World::new(kind);
    world.set_up(world.settings("1"));
    for page in ["strict.html", "strict-meta.html", "strict-report.html"] {
        world
            .browser
            .goto(&format!("{}/{page}", world.pages.base_url()))
            .unwrap();
        let marked = wait_for_numbers(&world.browser, 2).unwrap();
        assert_eq!(marked, ["+49 30 1234567", "+1 206 555 0100"], "{page}");
        // Chromium compiles a content script's wasm under the page's CSP, so there the
        // background finds the numbers; Firefox uses the extension's own policy for content
        // scripts, so the page path works there.
        let expected = match kind {
            BrowserKind::Chromium => "background",
            BrowserKind::Firefox => "page",
        };
        assert_eq!(scanner_path(&world), json!(expected), "{page}");
        // A violation event is queued as a task after the failed compile: let it arrive.
        std::thread::sleep(std::time::Duration::from_millis(300));
        let violations = world
            .browser
            .execute("return window.__violations", vec![])
            .unwrap();
        assert_eq!(violations, json!([]), "{page}: the page saw a violation");
    }
    let before = world.phone.commands().len();
    click_number(&world.browser, "+1 206 555 0100").unwrap();
    assert_eq!(
        next_command(&world, before),
        "/Phone_ActionURL&Command=1&Number=0012065550100&Account=1"
    );
    assert_no_page_errors(&world.browser);
}

/// The page benchmark's 10,000-row contact table (20,000 numbers among dates, invoice numbers
/// and amounts, each row a record) under a policy as a CRM sends it: `script-src 'self'`, no
/// `'wasm-unsafe-eval'`. Every number is marked, in Chromium through the background in batches
/// as large as the page layer makes them (`BATCH_BLOCKS` texts; the background takes
/// `Request::MAX_SCAN_TEXTS`), and the page sees no violation.
fn a_big_strict_page_is_fully_marked(kind: BrowserKind) {
    let world = World::new(kind);
    world.set_up(world.settings("1"));
    world.extension.announce_marks(&world.browser).unwrap();
    let site = tempfile_dir::Site::new();
    let (table, numbers) = c2d_harness::pages::contact_table(10_000, 1);
    let page = format!(
        "<!doctype html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>CRM contacts</title>\n\
         <script src=\"strict-watch.js\"></script></head>\n<body>\n<h1>Contacts</h1>\n{table}</body>\n</html>\n"
    );
    std::fs::write(site.0.join("big.html"), page).unwrap();
    std::fs::write(
        site.0.join("big.html.csp"),
        "default-src 'self'; script-src 'self'",
    )
    .unwrap();
    std::fs::copy(
        fixtures().join("strict-watch.js"),
        site.0.join("strict-watch.js"),
    )
    .unwrap();
    let server = StaticServer::start("127.0.0.1:0", site.0.clone()).unwrap();
    let browser = &world.browser;
    browser
        .goto(&format!("{}/big.html", server.base_url()))
        .unwrap();
    let count = || -> u64 { announced_count(browser).unwrap().unwrap_or(0) };
    let patience = std::time::Duration::from_secs(180);
    let reached = browser.wait_until(&format!("{numbers} marked numbers"), patience, |b| {
        let count = announced_count(b)?.unwrap_or(0);
        Ok((count >= numbers as u64).then_some(count))
    });
    assert!(reached.is_ok(), "{} of {numbers} numbers marked", count());
    // Settled: no look-alike (a date, an invoice number, an amount) is marked later.
    std::thread::sleep(std::time::Duration::from_secs(1));
    assert_eq!(count(), numbers as u64);
    let expected = match kind {
        BrowserKind::Chromium => "background",
        BrowserKind::Firefox => "page",
    };
    assert_eq!(scanner_path(&world), json!(expected));
    let violations = browser
        .execute("return window.__violations", vec![])
        .unwrap();
    assert_eq!(violations, json!([]), "the page saw a violation");
}

/// Watches the page's performance timeline for the page layer's announcements: the count when
/// the page was parsed (DOMContentLoaded), then the latest. For pages written in a test.
const ANNOUNCEMENTS_JS: &str = "<script>
window.__marked = { atParsed: null, latest: 0 };
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (entry.name === 'htek-c2d-marked') window.__marked.latest = entry.detail?.count ?? 0;
  }
}).observe({ type: 'mark' });
document.addEventListener('DOMContentLoaded', () => {
  const latest = performance.getEntriesByName('htek-c2d-marked').at(-1);
  window.__marked.atParsed = latest?.detail?.count ?? 0;
});
</script>";

/// A page whose parser waits three seconds for a script in the middle of it (a slow server):
/// the numbers on the first screen, above that script, are marked while the page is still being
/// parsed, the rest once it is; a number that script changes on the first screen is marked as
/// it is then, not as it was.
fn the_first_screen_is_marked_while_the_page_loads(kind: BrowserKind) {
    let world = World::new(kind);
    world.set_up(world.settings("1"));
    world.extension.announce_marks(&world.browser).unwrap();
    // The slow script's server: every request answered after three seconds.
    let slow = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let slow_port = slow.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in slow.incoming().flatten() {
            std::thread::spawn(move || {
                use std::io::{Read, Write};
                let mut stream = stream;
                let mut request = [0u8; 2048];
                let _ = stream.read(&mut request);
                std::thread::sleep(std::time::Duration::from_secs(3));
                let script = "document.querySelector('#contacts tbody td:nth-child(3)').textContent = '+49 30 9999999';\n";
                let _ = stream.write_all(
                    format!(
                        "HTTP/1.1 200 OK\r\nContent-Type: text/javascript\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{script}",
                        script.len()
                    )
                    .as_bytes(),
                );
            });
        }
    });
    let site = tempfile_dir::Site::new();
    let (first, first_numbers) = c2d_harness::pages::contact_table(100, 3);
    // The first row's phone, which the slow script replaces.
    let replaced = first.split("</td><td>").nth(2).unwrap().to_string();
    let (rest, rest_numbers) = c2d_harness::pages::contact_table(100, 4);
    let page = format!(
        "<!doctype html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>CRM contacts</title>\n\
         {ANNOUNCEMENTS_JS}</head>\n<body>\n<h1>Contacts</h1>\n{first}\
         <script src=\"http://127.0.0.1:{slow_port}/slow.js\"></script>\n{rest}</body>\n</html>\n"
    );
    std::fs::write(site.0.join("slow.html"), page).unwrap();
    let server = StaticServer::start("127.0.0.1:0", site.0.clone()).unwrap();
    let browser = &world.browser;
    browser
        .goto(&format!("{}/slow.html", server.base_url()))
        .unwrap();
    let all = (first_numbers + rest_numbers) as u64;
    browser
        .wait_until(&format!("{all} marked numbers"), PATIENCE, |b| {
            let count = b.execute("return window.__marked.latest", vec![])?.as_u64();
            Ok(count.filter(|&c| c >= all))
        })
        .unwrap();
    // The rows the viewport shows (the page is not scrolled), each with its two numbers.
    let shown = browser
        .execute(
            "return [...document.querySelectorAll('#contacts tbody tr')]
               .filter((row) => row.getBoundingClientRect().top < innerHeight).length",
            vec![],
        )
        .unwrap()
        .as_u64()
        .unwrap();
    assert!(shown > 5, "{shown} rows shown");
    let at_parsed = browser
        .execute("return window.__marked.atParsed", vec![])
        .unwrap()
        .as_u64()
        .unwrap();
    assert!(
        at_parsed >= 2 * shown && at_parsed <= first_numbers as u64,
        "{at_parsed} numbers marked when the page was parsed; the viewport shows {shown} rows"
    );
    let marked = marked_numbers(browser).unwrap();
    assert!(marked.contains(&"+49 30 9999999".to_string()), "{marked:?}");
    assert!(
        !marked.contains(&replaced),
        "{replaced} is marked still: {marked:?}"
    );
    assert_no_page_errors(browser);
}

fn changes_are_followed_and_forgotten(kind: BrowserKind) {
    let world = World::new(kind);
    world.set_up(world.settings("1"));
    world
        .browser
        .goto(&format!("{}/dynamic.html", world.pages.base_url()))
        .unwrap();
    wait_for_numbers(&world.browser, 1).unwrap();
    let marked_now = |expected: &[&str]| {
        world
            .browser
            .wait_until(&format!("marked {expected:?}"), PATIENCE, |b| {
                let marked = marked_numbers(b)?;
                Ok((marked == expected).then_some(()))
            })
            .unwrap_or_else(|e| panic!("{e}; marked {:?}", marked_numbers(&world.browser)));
    };
    world
        .browser
        .execute("addRow('+49 30 5550001')", vec![])
        .unwrap();
    marked_now(&["+49 30 1000001", "+49 30 5550001"]);
    world
        .browser
        .execute("setNumber('first-number', '+49 30 1000002')", vec![])
        .unwrap();
    marked_now(&["+49 30 1000002", "+49 30 5550001"]);
    world.browser.execute("removeAddedRows()", vec![]).unwrap();
    marked_now(&["+49 30 1000002"]);

    // Many rows come and go: the marks do not pile up.
    for cycle in 0..40 {
        world
            .browser
            .execute(
                "for (let k = 0; k < 5; k++) addRow(`+49 30 7${String(arguments[0]).padStart(3, '0')}00${k}`);",
                vec![cycle.into()],
            )
            .unwrap();
        if cycle % 2 == 1 {
            world.browser.execute("removeAddedRows()", vec![]).unwrap();
        }
    }
    world.browser.execute("removeAddedRows()", vec![]).unwrap();
    marked_now(&["+49 30 1000002"]);
    let size = world
        .browser
        .execute(&format!("return {MARKS_HIGHLIGHT_JS}.size"), vec![])
        .unwrap();
    assert_eq!(size, 1, "removed rows' ranges are forgotten");
    // And the number still dials.
    click_number(&world.browser, "+49 30 1000002").unwrap();
    assert!(world.phone.wait_for(WAIT, LogEntry::is_command).is_some());
    assert_no_page_errors(&world.browser);
}

/// A site of the React fixture with the real React from npm (installed by `cargo xtask test`
/// into target/fixture-react, or `$C2D_REACT_MODULES`).
fn react_site() -> tempfile_dir::Site {
    let modules = std::env::var_os("C2D_REACT_MODULES").map_or_else(
        || {
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("target/fixture-react/node_modules")
        },
        std::path::PathBuf::from,
    );
    let site = tempfile_dir::Site::new();
    for (from, name) in [
        (
            modules.join("react/umd/react.production.min.js"),
            "react.production.min.js",
        ),
        (
            modules.join("react-dom/umd/react-dom.production.min.js"),
            "react-dom.production.min.js",
        ),
        (fixtures().join("react.html"), "react.html"),
        (fixtures().join("react-app.js"), "react-app.js"),
    ] {
        std::fs::copy(&from, site.0.join(name)).unwrap_or_else(|e| {
            panic!(
                "{}: {e}; install React with `cargo xtask test` (npm ci into target/fixture-react)",
                from.display()
            )
        });
    }
    site
}

mod tempfile_dir {
    /// A temporary directory removed on drop.
    pub struct Site(pub std::path::PathBuf);

    impl Site {
        pub fn new() -> Site {
            Site(super::common::tempfile_dir())
        }
    }

    impl Drop for Site {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

/// The real React re-renders rows every 500 ms while the extension marks them: the page keeps
/// showing exactly React's state, React reports no error, and new numbers become clickable.
fn a_react_app_keeps_its_state_and_new_numbers_are_marked(kind: BrowserKind) {
    let world = World::new(kind);
    world.set_up(world.settings("1"));
    let site = react_site();
    let server = StaticServer::start("127.0.0.1:0", site.0.clone()).unwrap();
    world
        .browser
        .goto(&format!("{}/react.html", server.base_url()))
        .unwrap();
    wait_for_numbers(&world.browser, 5).unwrap();
    // Let React change, add and remove rows for a while (10 renders) with the extension on.
    std::thread::sleep(std::time::Duration::from_millis(5200));
    let shown_vs_state = "
        const rows = [...document.querySelectorAll('#root tr')].map((tr) => ({
          name: tr.querySelector('.name').textContent, phone: tr.querySelector('.phone').textContent }));
        return { rows, state: window.__state, errors: window.__errors };";
    for _ in 0..5 {
        let page = world.browser.execute(shown_vs_state, vec![]).unwrap();
        assert_eq!(
            page["rows"], page["state"],
            "the page shows exactly React's state"
        );
        assert_eq!(page["errors"], json!([]), "React reported no error");
        std::thread::sleep(std::time::Duration::from_millis(230));
    }
    // Stop the changes: every number React shows is marked, none of the old ones is.
    world
        .browser
        .execute("window.__pause = true", vec![])
        .unwrap();
    let state = world
        .browser
        .execute("return window.__state.map((row) => row.phone)", vec![])
        .unwrap();
    let phones: Vec<String> = state
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap().to_string())
        .collect();
    world
        .browser
        .wait_until("React's current numbers, marked", PATIENCE, |b| {
            Ok((marked_numbers(b)? == phones).then_some(()))
        })
        .unwrap_or_else(|e| {
            panic!(
                "{e}: marked {:?}, React shows {phones:?}",
                marked_numbers(&world.browser)
            )
        });
    let newest = phones.last().unwrap();
    click_number(&world.browser, newest).unwrap();
    let digits: String = newest.chars().filter(char::is_ascii_digit).collect();
    let expected = format!(
        "/Phone_ActionURL&Command=1&Number=0{}&Account=1",
        &digits[2..]
    );
    assert_eq!(next_command(&world, 0), expected);
    assert_no_page_errors(&world.browser);
}

/// The popup's choice for one site: off, links (real, focusable links that dial), and back to
/// the options' way, which leaves the page's text as it was.
fn the_popup_sets_marking_for_a_site(kind: BrowserKind) {
    let world = World::new(kind);
    world.set_up(world.settings("1"));
    world.open_contacts();
    let page = world.browser.current_tab().unwrap();
    let popup = world.browser.new_tab().unwrap();
    let choose_in_popup = |choice: &str| {
        world.browser.switch_to(&popup).unwrap();
        world
            .browser
            .goto(&world.extension.url("popup.html?site=127.0.0.1"))
            .unwrap();
        world
            .browser
            .wait_for("body[data-ready]", PATIENCE)
            .unwrap();
        assert_eq!(
            world.browser.find("#site-name").unwrap().text().unwrap(),
            "127.0.0.1"
        );
        choose(&world.browser, "site-mode", choice).unwrap();
        world.browser.switch_to(&page).unwrap();
    };
    let links = |b: &Browser| {
        b.execute(
            &format!(
                "return [...document.querySelectorAll('a[class]')].filter((a) => {IS_MARK_NAME_JS}(a.className)).length"
            ),
            vec![],
        )
    };
    let expected: Vec<String> = common::expected_numbers()
        .into_iter()
        .map(|(raw, _)| raw)
        .collect();

    choose_in_popup("off");
    world
        .browser
        .wait_until("no marks", PATIENCE, |b| {
            Ok(marked_numbers(b)?.is_empty().then_some(()))
        })
        .unwrap();

    choose_in_popup("links");
    world
        .browser
        .wait_until("numbers as links", PATIENCE, |b| {
            Ok((links(b)? == json!(expected.len())).then_some(()))
        })
        .unwrap();
    assert_eq!(marked_numbers(&world.browser).unwrap(), expected);
    world.browser.find("#anna a").unwrap().click().unwrap();
    assert_eq!(
        next_command(&world, 0),
        "/Phone_ActionURL&Command=1&Number=0301234567&Account=1"
    );
    // A keyboard user: the link takes the focus, Enter dials.
    let link = world.browser.find("#james a").unwrap();
    world
        .browser
        .execute("arguments[0].focus()", vec![link.to_json()])
        .unwrap();
    link.send_keys("\u{E007}").unwrap();
    assert_eq!(
        next_command(&world, 1),
        "/Phone_ActionURL&Command=1&Number=0012065550100&Account=1"
    );

    choose_in_popup("default");
    world
        .browser
        .wait_until("underlined again, no links left", PATIENCE, |b| {
            Ok((links(b)? == json!(0) && marked_numbers(b)? == expected).then_some(()))
        })
        .unwrap();
    let cell = world
        .browser
        .execute("const c = document.getElementById('anna'); return [c.childNodes.length, c.textContent]", vec![])
        .unwrap();
    assert_eq!(
        cell,
        json!([1, "+49 30 1234567"]),
        "the links became the page's text again"
    );
}

/// A site on the options' deny list gets no marks.
fn the_deny_list_keeps_a_site_unmarked(kind: BrowserKind) {
    let world = World::new(kind);
    world.set_up(world.settings("1"));
    let status = world
        .extension
        .change_options(&world.browser, &[("deny-sites", "127.0.0.1")])
        .unwrap();
    assert_eq!(status, "Saved.");
    world
        .browser
        .goto(&format!("{}/contacts.html", world.pages.base_url()))
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(2000));
    assert_eq!(
        marked_numbers(&world.browser).unwrap(),
        Vec::<String>::new()
    );
    assert_eq!(
        scanner_path(&world),
        Value::Null,
        "the page layer did not start"
    );
    // And an invalid list is refused beside its field, nothing saved.
    let status = world
        .extension
        .change_options(&world.browser, &[("allow-sites", "not a site")])
        .unwrap();
    assert!(status.starts_with("Not saved"), "{status}");
    let error = world
        .browser
        .find("#allow-sites-error")
        .unwrap()
        .text()
        .unwrap();
    assert!(error.contains("Line 1"), "{error}");
}

/// "Dial selection": the content script hands over the page's selected text (as it does for the
/// keyboard shortcut), and the background's `dial_selection` dials the first number in it, or
/// says there is none. (The menu item and the shortcut themselves are browser chrome, which
/// WebDriver cannot click or press.)
fn dial_selection_dials_the_selected_number_or_says_there_is_none(kind: BrowserKind) {
    let world = World::new(kind);
    world.set_up(world.settings("1"));
    world.open_contacts();
    world
        .browser
        .execute(
            "getSelection().selectAllChildren(document.getElementById('james').parentElement)",
            vec![],
        )
        .unwrap();
    let page = world.browser.current_tab().unwrap();
    let extension_tab = world.browser.new_tab().unwrap();
    world.browser.switch_to(&extension_tab).unwrap();
    world.extension.open_options(&world.browser).unwrap();
    let selected = world
        .browser
        .execute_async(
            "const done = arguments[0];
             chrome.tabs.query({ url: 'http://127.0.0.1/*' })
               .then(([tab]) => chrome.tabs.sendMessage(tab.id, { type: 'GetSelection' }))
               .then(done, (error) => done(String(error)));",
            vec![],
        )
        .unwrap();
    let text = selected.as_str().unwrap_or_default().to_string();
    assert!(
        text.contains("James Carter") && text.contains("+1 206 555 0100"),
        "{selected}"
    );
    let dial = |text: &str| {
        world
            .browser
            .execute_async(
                "const [text, done] = arguments;
                 import(chrome.runtime.getURL('pkg/click_to_dial.js'))
                   .then(async (m) => { await m.default(); return m.dial_selection(text); })
                   .then(done, (error) => done(String(error)));",
                vec![text.into()],
            )
            .unwrap()
    };
    let answer = dial(&text);
    assert_eq!(answer["outcome"]["kind"], "dialing", "{answer}");
    assert_eq!(
        next_command(&world, 0),
        "/Phone_ActionURL&Command=1&Number=0012065550100&Account=1"
    );
    let answer = dial("Invoice INV-2024-000123 of 2026-11-12");
    assert_eq!(answer["outcome"]["kind"], "noNumberSelected", "{answer}");
    let (_, outcome) = world.extension.popup(&world.browser).unwrap();
    assert!(
        outcome.starts_with("No phone number selected: There is no phone number in"),
        "{outcome}"
    );
    world.browser.switch_to(&page).unwrap();
    assert_eq!(world.phone.commands().len(), 1);
}

/// An icon that labels a number (`<i aria-label="Phone">`, `<img alt="Tel">`, an svg's
/// `<title>`) vouches for it as the word would: numbers in an area code the plan does not know
/// yet are marked after such icons, and not after an unlabelled icon or "Ref".
/// A world set up for the US, on the fixture page `page`.
fn us_world_on(kind: BrowserKind, page: &str) -> World {
    let world = World::new(kind);
    world.set_up(c2d_harness::dialer::PhoneSettings::new(
        &world.phone.host_port(),
        "US",
    ));
    world
        .browser
        .goto(&format!("{}/{page}", world.pages.base_url()))
        .unwrap();
    world
}

fn icons_label_numbers(kind: BrowserKind) {
    let world = us_world_on(kind, "icon-labels.html");
    let marked = wait_for_numbers(&world.browser, 3).unwrap();
    assert_eq!(marked, ["752.318.9940", "752.318.9941", "752.318.9943"]);
    click_uncovered(&world.browser, "752.318.9940");
    assert_eq!(
        next_command(&world, 0),
        "/Phone_ActionURL&Command=1&Number=17523189940&Account=1"
    );
}

/// A long page with few numbers, far apart: scrolled to its middle, the numbers there are
/// shown marked (the marks of a run of blocks are shown while the viewport is near either end
/// of the run or between them; between them, they were not).
fn numbers_far_apart_are_marked_in_the_middle_of_the_page(kind: BrowserKind) {
    let world = us_world_on(kind, "far-apart.html");
    wait_for_numbers(&world.browser, 1).unwrap();
    for n in [10, 15, 19, 3] {
        world
            .browser
            .execute(
                "document.querySelectorAll('.far')[arguments[0]].scrollIntoView({ block: 'center' });",
                vec![n.into()],
            )
            .unwrap();
        let number = format!("+1 206 555 01{n:02}");
        world
            .browser
            .wait_until(&format!("{number} marked where it shows"), WAIT, |b| {
                let marked = c2d_harness::dialer::marked_numbers(b)?;
                Ok(marked.contains(&number).then_some(()))
            })
            .unwrap();
    }
}

/// Cards whose link is stretched over the whole card (Bootstrap's `.stretched-link`: the link's
/// `::after` covers the card and takes every click on it): a click on the card's marked number
/// dials it with one click, the page's link stays; a click on the rest of the card still
/// follows the link.
fn a_number_in_a_card_with_a_stretched_link_dials(kind: BrowserKind) {
    let world = us_world_on(kind, "cards.html");
    wait_for_numbers(&world.browser, 2).unwrap();
    world.click("+1 206 555 0121");
    let command = next_command(&world, 0);
    assert!(command.contains("2065550121"), "{command}");
    assert!(
        world
            .browser
            .current_url()
            .unwrap()
            .ends_with("/cards.html"),
        "the click on the number followed the card's link"
    );
    // The card's title, under the same stretched link: the page's own click.
    let title = world
        .browser
        .execute(
            "const box = document.querySelector('#acme .card-title').getBoundingClientRect();
             return [box.left + box.width / 2, box.top + box.height / 2];",
            vec![],
        )
        .unwrap();
    let (x, y) = (title[0].as_f64().unwrap(), title[1].as_f64().unwrap());
    world.browser.click_at(x, y).unwrap();
    world
        .browser
        .wait_until("the card's link followed", WAIT, |b| {
            Ok(b.current_url()?
                .ends_with("/cards-details.html#acme")
                .then_some(()))
        })
        .unwrap();
    assert_eq!(world.phone.commands().len(), 1, "the title dialed");
}

in_both_browsers!(
    numbers_far_apart_are_marked_in_the_middle_of_the_page,
    a_number_in_a_card_with_a_stretched_link_dials,
    the_first_screen_is_marked_while_the_page_loads,
    icons_label_numbers,
    dial_selection_dials_the_selected_number_or_says_there_is_none,
    the_popup_sets_marking_for_a_site,
    the_deny_list_keeps_a_site_unmarked,
    a_react_app_keeps_its_state_and_new_numbers_are_marked,
    numbers_are_found_wherever_they_hide,
    highlighting_leaves_the_page_nodes_alone,
    strict_pages_are_marked_through_the_background,
    a_big_strict_page_is_fully_marked,
    changes_are_followed_and_forgotten,
);
