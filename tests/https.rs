//! End to end, a phone on HTTPS (issue 16, item 4): the simulated phone behind TLS with a
//! certificate of its own (`htek-sim --tls`, a new one at each start, trusted by no browser).
//! Set up as HTTPS in the options, a click gives the named failure with a link to the phone's
//! page, and the phone sees no request (a browser that has not accepted the certificate ends
//! the handshake); once the user has accepted the certificate on that page, the options page's
//! check reaches the phone over HTTPS, and a click dials on it (in Chromium the background sends
//! it from its offscreen document). The phone that accepts is a Poly, HTTPS by default, whose
//! commands are JSON POSTs with Basic auth.
#![cfg(not(target_arch = "wasm32"))]

use c2d_harness::dialer::PhoneSettings;
use c2d_harness::BrowserKind;
use htek_sim::{AuthSeen, Brand, Config, LogEntry};

mod common;

use common::{World, WAIT};

/// A phone of `brand` behind TLS, set up as HTTPS through the options page (Poly: its REST
/// API's user `Polycom`).
fn https_world(kind: BrowserKind, brand: Brand) -> World {
    let world = World::with_phone(
        kind,
        Config {
            quiet: true,
            tls: true,
            ..Config::for_brand(brand)
        },
    );
    let extension = &world.extension;
    let browser = &world.browser;
    let settings = PhoneSettings {
        username: if brand == Brand::Poly {
            "Polycom"
        } else {
            "admin"
        }
        .into(),
        ..PhoneSettings::new(&world.phone.host_port(), "DE")
    };
    extension.fill_options(browser, &settings).unwrap();
    let value = format!("{brand:?}").to_lowercase();
    extension.set_field(browser, "brand", &value).unwrap();
    extension.set_field(browser, "scheme", "https").unwrap();
    assert_eq!(extension.save_options(browser).unwrap(), "Saved.");
    world
}

/// Not accepted yet: the click gives the named failure, the popup links the phone's page, and
/// the phone saw no request (no login left the browser).
fn a_certificate_not_accepted_is_named_with_the_phones_page(kind: BrowserKind) {
    let world = https_world(kind, Brand::Htek);
    let phone_page = format!("{}/", world.phone.base_url());
    assert!(phone_page.starts_with("https://"), "{phone_page}");
    world.open_contacts();
    world.click("+49 30 1234567");
    let outcome = world.outcome();
    assert!(
        outcome.starts_with("Phone not reachable over HTTPS") && outcome.contains(&phone_page),
        "{outcome}"
    );
    assert!(world.phone.log().is_empty(), "{:#?}", world.phone.log());
    let link = world.browser.find("#open-phone").unwrap();
    assert!(
        link.is_displayed().unwrap(),
        "the popup offers the phone's page"
    );
    assert_eq!(
        link.attribute("href").unwrap().as_deref(),
        Some(phone_page.as_str())
    );
}

/// The user opens the phone's page and accepts the certificate on the warning page (Chromium:
/// the typed bypass of its interstitial; Firefox: Advanced, then Proceed); the options page's
/// check, which runs in the
/// page, then reaches the phone over HTTPS with the login, and so does a click's dial, which
/// the background sends from its offscreen document (its service worker's own fetch() does not
/// use a certificate accepted in a tab).
fn accepting_the_certificate_lets_the_check_connect_and_a_click_dial(kind: BrowserKind) {
    // Poly: HTTPS is its default, its commands are JSON POSTs.
    let world = https_world(kind, Brand::Poly);
    let browser = &world.browser;
    let phone_page = format!("{}/", world.phone.base_url());
    // The warning page is what the navigation shows.
    let _ = browser.goto(&phone_page);
    match kind {
        BrowserKind::Chromium => browser
            .find("body")
            .unwrap()
            .send_keys("thisisunsafe")
            .unwrap(),
        BrowserKind::Firefox => {
            press_on_warning_page(browser, "advanced-button");
            press_on_warning_page(browser, "exception-button");
        }
    }
    browser
        .wait_until("the phone's own page", WAIT, |_| {
            let seen = world.phone.log().into_iter().any(|e| e.path == "/");
            Ok(seen.then_some(()))
        })
        .unwrap();
    world.extension.open_options(browser).unwrap();
    browser.find("#check-connection").unwrap().click().unwrap();
    let checked = browser
        .wait_until("the check's answer", WAIT, |b| {
            let text = b.find("#check-result")?.text()?;
            Ok((!text.is_empty() && !text.starts_with("Asking")).then_some(text))
        })
        .unwrap();
    assert!(checked.starts_with("Connected"), "{checked}");
    let asked: Vec<LogEntry> = world
        .phone
        .log()
        .into_iter()
        .filter(|e| e.path.starts_with("/api/"))
        .collect();
    assert!(
        asked
            .iter()
            .any(|e| e.auth == AuthSeen::Basic && e.user.as_deref() == Some("Polycom")),
        "{asked:#?}"
    );

    world.open_contacts();
    world.click("+49 30 1234567");
    let dialed = world
        .phone
        .wait_for(WAIT, LogEntry::is_command)
        .unwrap_or_else(|| {
            panic!(
                "no dial over HTTPS: {:?}; log: {:#?}\n{}",
                world.outcome(),
                world.phone.log(),
                world.browser.driver_output()
            )
        });
    assert_eq!(
        (dialed.method.as_str(), dialed.path.as_str(), dialed.auth),
        ("POST", "/api/v1/callctrl/dial", AuthSeen::Basic),
        "{dialed:?}"
    );
    assert!(
        dialed
            .body
            .as_deref()
            .is_some_and(|b| b.contains(r#""Dest":"0301234567""#)),
        "{dialed:?}"
    );
    let outcome = world.outcome();
    assert!(outcome.starts_with("Dialing"), "{outcome}");

    // Hostile: another of the extension's contexts (here its options page; a content script
    // the same) asks for a request of its own the way the background asks Chromium's offscreen
    // document, which now exists. It answers only the background (and Firefox has none):
    // nothing reaches the phone.
    let commands = world.phone.commands().len();
    world.extension.open_options(browser).unwrap();
    let answer = browser
        .execute_async(
            "const done = arguments[1];
             chrome.runtime.sendMessage({ phoneFetch: { url: arguments[0], method: 'GET',
               headers: [['Authorization', 'Basic YWRtaW46YWRtaW4=']], timeoutMs: 3000 } })
               .then((answer) => done(answer ?? null), (error) => done({ error: String(error) }));",
            vec![format!(
                "{}/Phone_ActionURL&Command=1&Number=09001234567",
                world.phone.base_url()
            )
            .into()],
        )
        .unwrap();
    assert!(answer.get("status").is_none(), "{answer}");
    std::thread::sleep(std::time::Duration::from_millis(500));
    assert_eq!(
        world.phone.commands().len(),
        commands,
        "{:#?}",
        world.phone.log()
    );
}

/// Firefox's warning page: a trusted click on its button `id` ("Advanced", then "Proceed to
/// … (Risky)"), inside the page's `<net-error-card>`, once it is on screen and enabled.
fn press_on_warning_page(browser: &c2d_harness::Browser, id: &str) {
    let (x, y) = browser
        .wait_until(&format!("#{id} on the warning page"), WAIT, |b| {
            let place = b.execute(
                "const button = document.querySelector('net-error-card')?.shadowRoot
                   ?.getElementById(arguments[0]);
                 if (!button || button.disabled) return null;
                 button.scrollIntoView({ block: 'center' });
                 const r = button.getBoundingClientRect();
                 return [r.x + r.width / 2, r.y + r.height / 2];",
                vec![id.into()],
            )?;
            Ok(place[0].as_f64().zip(place[1].as_f64()))
        })
        .unwrap();
    browser.click_at(x, y).unwrap();
}

in_both_browsers!(
    a_certificate_not_accepted_is_named_with_the_phones_page,
    accepting_the_certificate_lets_the_check_connect_and_a_click_dial,
);
