//! End-to-end tests: the built extension (`dist/<browser>/`, or `$C2D_DIST/<browser>/`) in headless
//! Chromium and in headless Firefox ESR, set up through its options page, against the simulated
//! Htek phone and fixture pages served on 127.0.0.1. Every test runs in both browsers (the
//! `chromium::` and `firefox::` modules at the end). `cargo xtask test` builds the extension
//! first, then runs these.
#![cfg(not(target_arch = "wasm32"))]

use c2d_harness::dialer::{marked_numbers, number_position, wait_for_numbers, PhoneSettings};
use c2d_harness::BrowserKind;
use htek_sim::{AuthSeen, Call, Config, Faults, LogEntry, Sim};
use std::time::Duration;

mod common;

use common::{expected_numbers, tempfile_dir, World, WAIT};

fn a_click_dials_each_number_on_the_configured_account(kind: BrowserKind) {
    let world = World::new(kind);
    world.set_up(world.settings("2"));
    world.open_contacts();
    let raws: Vec<String> = expected_numbers().into_iter().map(|(raw, _)| raw).collect();
    assert_eq!(
        marked_numbers(&world.browser).unwrap(),
        raws,
        "exactly the numbers a person would click"
    );

    for (count, (raw, digits)) in expected_numbers().into_iter().enumerate() {
        world.click(&raw);
        let wanted = format!("/Phone_ActionURL&Command=1&Number={digits}&Account=2");
        let seen = world
            .phone
            .wait_for(WAIT, |e| e.is_command() && e.path == wanted);
        let seen = seen.unwrap_or_else(|| {
            panic!(
                "the phone never got {wanted}; log: {:#?}",
                world.phone.log()
            )
        });
        assert_eq!(
            (seen.user.as_deref(), seen.auth, seen.status),
            (Some("admin"), AuthSeen::Basic, 200)
        );
        assert_eq!(
            world.phone.commands().len(),
            count + 1,
            "one click, one command"
        );
    }
    assert_eq!(
        world.phone.state().call,
        Call::Dialing {
            number: "0301234568".into(),
            account: 2,
            account_auto: false
        }
    );
    let outcome = world.outcome();
    assert!(outcome.starts_with("Dialing +49301234568"), "{outcome}");
    world.assert_notified("dialing");
    assert!(
        outcome.contains(&format!(
            "{} is dialing 0301234568",
            world.phone.host_port()
        )),
        "{outcome}"
    );
}

fn auto_account_lets_the_phone_choose(kind: BrowserKind) {
    let world = World::new(kind);
    world.set_up(world.settings("auto"));
    world.open_contacts();
    world.click("+1 206 555 0100");
    let seen = world
        .phone
        .wait_for(WAIT, LogEntry::is_command)
        .expect("a command");
    assert_eq!(seen.path, "/Phone_ActionURL&Command=1&Number=0012065550100");
}

fn a_wrong_password_is_named_and_the_phone_gets_no_command(kind: BrowserKind) {
    let world = World::new(kind);
    world.set_up(PhoneSettings {
        password: "wrong".into(),
        ..world.settings("1")
    });
    world.open_contacts();
    world.click("+49 30 1234567");
    let outcome = world.outcome();
    assert!(
        outcome.starts_with("Wrong username or password"),
        "{outcome}"
    );
    assert!(outcome.contains(&world.phone.host_port()), "{outcome}");
    let requests = world.phone_requests();
    assert!(!requests.is_empty(), "the extension did try the phone");
    assert!(
        requests
            .iter()
            .all(|e| e.status == 401 && e.auth == AuthSeen::Rejected),
        "{requests:#?}"
    );
    assert!(world.phone.commands().is_empty());
    assert_eq!(world.phone.state().call, Call::Idle);
}

fn page_scripts_cannot_dial(kind: BrowserKind) {
    let world = World::new(kind);
    world.set_up(world.settings("1"));
    world.open_contacts();
    // A trusted click on the page's own button, whose handler clicks a number from script...
    world.browser.find("#forge").unwrap().click().unwrap();
    // ...and clicks a page script synthesizes right on every marked number.
    for (raw, _) in expected_numbers() {
        let (x, y) = number_position(&world.browser, &raw, true).unwrap();
        world
            .browser
            .execute(
                "const [x, y] = arguments;
                 const at = { bubbles: true, cancelable: true, composed: true, clientX: x, clientY: y, button: 0 };
                 const target = document.elementFromPoint(x, y);
                 target.dispatchEvent(new PointerEvent('pointerdown', at));
                 target.dispatchEvent(new MouseEvent('click', at));
                 target.closest('a')?.click();",
                vec![x.into(), y.into()],
            )
            .unwrap();
    }
    // A link the page makes to look like ours is not ours, named as ours are (the page finds
    // the name in the highlight registry it shares).
    world
        .browser
        .execute(
            &"const fake = document.createElement('a');
             fake.className = [...CSS.highlights.keys()].find(IS_MARK_NAME);
             fake.id = 'fake'; fake.textContent = '+1 900 555 0100';
             document.body.append(fake);"
                .replace("IS_MARK_NAME", c2d_harness::dialer::IS_MARK_NAME_JS),
            vec![],
        )
        .unwrap();
    world.browser.find("#fake").unwrap().click().unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    assert!(
        world.phone_requests().is_empty(),
        "{:#?}",
        world.phone_requests()
    );
    // While a real click still dials: the page was not simply broken.
    world.click("+49 30 1234567");
    assert!(world.phone.wait_for(WAIT, LogEntry::is_command).is_some());
}

fn text_in_form_fields_is_left_alone(kind: BrowserKind) {
    let world = World::new(kind);
    world.set_up(world.settings("1"));
    world.open_contacts();
    let inside_textarea = world
        .browser
        .execute(
            "return document.querySelectorAll('textarea a, textarea [class]').length",
            vec![],
        )
        .unwrap();
    assert_eq!(inside_textarea, 0);
    let value = world
        .browser
        .execute("return document.getElementById('notes').value", vec![])
        .unwrap();
    assert_eq!(value, "+49 30 9999999");
}

fn the_popup_hangs_up(kind: BrowserKind) {
    let world = World::new(kind);
    world.set_up(world.settings("3"));
    let (phone_line, _) = world.extension.popup(&world.browser).unwrap();
    assert_eq!(
        phone_line,
        format!("Phone: {} (account 3)", world.phone.host_port())
    );
    world.browser.find("#hang-up").unwrap().click().unwrap();
    let seen = world
        .phone
        .wait_for(WAIT, LogEntry::is_command)
        .expect("a hang-up command");
    assert_eq!(seen.path, "/Phone_ActionURL&Command=2");
    assert_eq!(world.phone.state().call, Call::HungUp);
    let outcome = world
        .browser
        .wait_until("the hang-up outcome", WAIT, |b| {
            let text = b.find("#outcome")?.text()?;
            Ok(text.starts_with("Hung up").then_some(text))
        })
        .unwrap();
    assert!(outcome.contains(&world.phone.host_port()), "{outcome}");
}

/// The phone is reached over plain http:// even at a host name that is not loopback: no
/// `upgrade-insecure-requests` (Firefox's default for MV3 extension pages) applies.
fn a_phone_at_a_lan_host_name_gets_plain_http(kind: BrowserKind) {
    let world = World::launched(kind, |extension| extension.launch_with_host("phone.test"));
    let address = format!("phone.test:{}", world.phone.addr().port());
    world.set_up(PhoneSettings {
        account: "1".into(),
        ..PhoneSettings::new(&address, "DE")
    });
    world.open_contacts();
    world.click("+49 30 1234567");
    let seen = world.phone.wait_for(WAIT, LogEntry::is_command);
    let outcome = world.outcome();
    assert_eq!(
        seen.map(|e| e.path),
        Some("/Phone_ActionURL&Command=1&Number=0301234567&Account=1".to_string()),
        "the popup said {outcome:?}"
    );
}

fn failures_are_named(kind: BrowserKind) {
    let world = World::new(kind);
    let closed_port = c2d_harness::free_port();
    // The timeout case gets a phone of its own: after a run of dropped connections Firefox may
    // fail the next request to that host at once (seen once under load), which would make it
    // "not reachable" again instead of slow.
    let slow = Sim::start(
        "127.0.0.1:0",
        Config {
            quiet: true,
            ..Config::default()
        },
    )
    .unwrap();
    slow.set_faults(Faults {
        delay: Duration::from_secs(7),
        ..Faults::default()
    });
    let cases: [(&str, String, Option<Faults>); 4] = [
        (
            "Phone not reachable",
            format!("127.0.0.1:{closed_port}"),
            None,
        ),
        (
            "Not an Htek phone",
            world
                .pages
                .base_url()
                .trim_start_matches("http://")
                .to_string(),
            None,
        ),
        (
            "Phone not reachable",
            world.phone.host_port(),
            // Every connection dropped: Firefox retries a GET whose connection closed before
            // any answer, so one dropped connection is not a phone that is down.
            Some(Faults {
                drop_next: 20,
                ..Faults::default()
            }),
        ),
        ("Phone did not answer in time", slow.host_port(), None),
    ];
    for (title, address, faults) in cases {
        world.phone.set_faults(faults.unwrap_or_default());
        world.set_up(PhoneSettings::new(&address, "DE"));
        world.open_contacts();
        world.click("030 7654321");
        let mut last = String::new();
        let outcome = world
            .browser
            .wait_until(title, Duration::from_secs(15), |b| {
                let (_, outcome) = world.extension.popup(b)?;
                last.clone_from(&outcome);
                // Two cases share a title: the one meant names this case's address (the popup
                // may still show the previous case's outcome for a moment).
                Ok((outcome.starts_with(title) && outcome.contains(&address)).then_some(outcome))
            })
            .unwrap_or_else(|e| {
                panic!(
                    "{address}: {e}; the popup said {last:?}; phone log {:#?}",
                    world.phone_requests()
                )
            });
        assert!(outcome.contains(&address), "{outcome}");
    }
    world.phone.set_faults(Faults::default());
    assert!(world.phone.commands().is_empty());
    // The slow phone logs the request once its delay is over.
    assert!(
        slow.wait_for(WAIT, |e| e.path.starts_with("/Phone_ActionURL"))
            .is_some(),
        "the slow phone was asked"
    );
}

fn not_set_up_yet_says_so(kind: BrowserKind) {
    let world = World::new(kind);
    // Without a default country the home region comes from the browser's language (en-US in
    // the test browser): the page's German national numbers are not US numbers, so only its
    // two international numbers are marked.
    world
        .browser
        .goto(&format!("{}/contacts.html", world.pages.base_url()))
        .unwrap();
    let marked = wait_for_numbers(&world.browser, 2).unwrap();
    assert_eq!(marked, ["+49 30 1234567", "+1 206 555 0100"]);
    world.click("+49 30 1234567");
    assert!(world.outcome().starts_with("Set up your phone first"));
    let (phone_line, _) = world.extension.popup(&world.browser).unwrap();
    assert!(
        phone_line.starts_with("No phone set up yet"),
        "{phone_line}"
    );
    assert!(world.phone_requests().is_empty());
}

fn bad_input_is_refused_beside_its_field_and_nothing_is_lost(kind: BrowserKind) {
    let world = World::new(kind);
    world.set_up(world.settings("2"));
    let bad = PhoneSettings {
        address: "http://192.168.0.124/".into(),
        username: "ad:min".into(),
        ..world.settings("4")
    };
    world.extension.fill_options(&world.browser, &bad).unwrap();
    let status = world.extension.save_options(&world.browser).unwrap();
    assert_eq!(status, "Not saved: correct the fields marked below.");
    let address_error = world
        .browser
        .find("#phone-address-error")
        .unwrap()
        .text()
        .unwrap();
    assert!(address_error.contains("without http://"), "{address_error}");
    let user_error = world
        .browser
        .find("#username-error")
        .unwrap()
        .text()
        .unwrap();
    assert!(user_error.contains("colon"), "{user_error}");
    assert_eq!(
        world
            .browser
            .find("#phone-address")
            .unwrap()
            .attribute("aria-invalid")
            .unwrap()
            .as_deref(),
        Some("true")
    );
    assert_eq!(
        world
            .browser
            .find("#password-error")
            .unwrap()
            .text()
            .unwrap(),
        ""
    );

    // Reloaded, the page shows what was saved before, untouched.
    world.extension.open_options(&world.browser).unwrap();
    let field = |id: &str| world.browser.find(id).unwrap().property("value").unwrap();
    assert_eq!(field("#phone-address"), world.phone.host_port().as_str());
    assert_eq!(field("#username"), "admin");
    assert_eq!(field("#account"), "2");
}

fn settings_survive_a_restart_and_the_password_stays_local(kind: BrowserKind) {
    let profile = tempfile_dir();
    let address = {
        let world = World::with_profile(kind, Some(profile.clone()));
        world.set_up(PhoneSettings {
            password: "s3cret".into(),
            ..world.settings("4")
        });
        let address = world.phone.host_port();
        world.browser.quit().unwrap();
        address
    };
    let world = World::with_profile(kind, Some(profile.clone()));
    world.extension.open_options(&world.browser).unwrap();
    let field = |id: &str| world.browser.find(id).unwrap().property("value").unwrap();
    assert_eq!(field("#phone-address"), address.as_str());
    assert_eq!(field("#password"), "s3cret");
    assert_eq!(field("#account"), "4");
    assert_eq!(field("#default-country"), "DE");
    let stored = world
        .browser
        .execute_async(
            "const done = arguments[0];
             Promise.all([chrome.storage.local.get(null), chrome.storage.sync.get(null)])
               .then(([local, sync]) => done({ local, sync }));",
            vec![],
        )
        .unwrap();
    assert_eq!(stored["local"]["settings"]["password"], "s3cret");
    assert_eq!(
        stored["sync"],
        serde_json::json!({}),
        "nothing in storage.sync"
    );
    drop(world);
    let _ = std::fs::remove_dir_all(profile);
}

in_both_browsers!(
    a_click_dials_each_number_on_the_configured_account,
    auto_account_lets_the_phone_choose,
    a_wrong_password_is_named_and_the_phone_gets_no_command,
    page_scripts_cannot_dial,
    text_in_form_fields_is_left_alone,
    the_popup_hangs_up,
    failures_are_named,
    a_phone_at_a_lan_host_name_gets_plain_http,
    not_set_up_yet_says_so,
    bad_input_is_refused_beside_its_field_and_nothing_is_lost,
    settings_survive_a_restart_and_the_password_stays_local,
);
