//! End-to-end tests: the built extension (`dist/chromium/`, or `$C2D_EXTENSION_DIR`) in headless
//! Chromium, set up through its options page, against the simulated Htek phone and fixture pages
//! served on 127.0.0.1. `cargo xtask test` builds the extension first, then runs these.
#![cfg(not(target_arch = "wasm32"))]

use c2d_harness::dialer::{
    marked_numbers, number_link, wait_for_numbers, Extension, PhoneSettings,
};
use c2d_harness::Browser;
use htek_sim::files::StaticServer;
use htek_sim::{AuthSeen, Call, Config, Faults, LogEntry, Sim};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How long the phone may take to see a command after a click.
const WAIT: Duration = Duration::from_secs(10);

/// One test's world: a phone, the fixture pages, a browser with the extension.
struct World {
    phone: Sim,
    pages: StaticServer,
    extension: Extension,
    browser: Browser,
}

impl World {
    fn new() -> World {
        Self::with_profile(None)
    }

    fn with_profile(profile: Option<PathBuf>) -> World {
        let phone = Sim::start(
            "127.0.0.1:0",
            Config {
                quiet: true,
                ..Config::default()
            },
        )
        .unwrap();
        let pages = StaticServer::start("127.0.0.1:0", fixtures()).unwrap();
        let extension = Extension::built().unwrap_or_else(|e| panic!("{e}"));
        let browser = extension.launch(profile).unwrap_or_else(|e| panic!("{e}"));
        World {
            phone,
            pages,
            extension,
            browser,
        }
    }

    /// Saves settings for the simulated phone through the options page.
    fn set_up(&self, settings: PhoneSettings) {
        let status = self.extension.configure(&self.browser, &settings).unwrap();
        assert_eq!(status, "Saved.", "the options page refused {settings:?}");
    }

    fn settings(&self, account: &str) -> PhoneSettings {
        PhoneSettings {
            account: account.to_string(),
            ..PhoneSettings::new(&self.phone.host_port(), "DE")
        }
    }

    /// Opens the contacts fixture and waits until all its numbers are marked.
    fn open_contacts(&self) {
        self.browser
            .goto(&format!("{}/contacts.html", self.pages.base_url()))
            .unwrap();
        wait_for_numbers(&self.browser, expected_numbers().len()).unwrap();
    }

    fn click(&self, raw: &str) {
        number_link(&self.browser, raw).unwrap().click().unwrap();
    }

    /// The popup's last outcome, after a click.
    fn outcome(&self) -> String {
        self.extension.wait_for_outcome(&self.browser).unwrap()
    }

    /// Asserts that a notification of this kind of outcome is on screen (on an extension page).
    fn assert_notified(&self, kind: &str) {
        let ids = self.extension.notifications(&self.browser).unwrap();
        assert!(
            ids.iter().any(|id| id.starts_with(&format!("{kind}:"))),
            "notifications: {ids:?}"
        );
    }

    fn phone_requests(&self) -> Vec<LogEntry> {
        self.phone
            .log()
            .into_iter()
            .filter(|e| e.path.starts_with("/Phone_ActionURL"))
            .collect()
    }
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// The numbers a person would click on the contacts fixture: (raw text, digits the phone dials).
fn expected_numbers() -> Vec<(String, String)> {
    let text = std::fs::read_to_string(fixtures().join("contacts.expected.json")).unwrap();
    let expected: Value = serde_json::from_str(&text).unwrap();
    expected["numbers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            (
                n["raw"].as_str().unwrap().to_string(),
                n["dial"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn a_click_dials_each_number_on_the_configured_account() {
    let world = World::new();
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

#[test]
fn auto_account_lets_the_phone_choose() {
    let world = World::new();
    world.set_up(world.settings("auto"));
    world.open_contacts();
    world.click("+1 206 555 0100");
    let seen = world
        .phone
        .wait_for(WAIT, LogEntry::is_command)
        .expect("a command");
    assert_eq!(seen.path, "/Phone_ActionURL&Command=1&Number=0012065550100");
}

#[test]
fn a_wrong_password_is_named_and_the_phone_gets_no_command() {
    let world = World::new();
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

#[test]
fn page_scripts_cannot_dial() {
    let world = World::new();
    world.set_up(world.settings("1"));
    world.open_contacts();
    // A trusted click on the page's own button, whose handler clicks a number from script...
    world.browser.find("#forge").unwrap().click().unwrap();
    // ...and events a page script synthesizes on every marked number.
    world
        .browser
        .execute(
            "for (const a of document.querySelectorAll('a.htek-c2d-number')) {
               a.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
               a.click();
             }",
            vec![],
        )
        .unwrap();
    // A link the page makes to look like ours is not ours.
    world
        .browser
        .execute(
            "const fake = document.createElement('a');
             fake.className = 'htek-c2d-number'; fake.id = 'fake'; fake.textContent = '+1 900 555 0100';
             document.body.append(fake);",
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

#[test]
fn text_in_form_fields_is_left_alone() {
    let world = World::new();
    world.set_up(world.settings("1"));
    world.open_contacts();
    let inside_textarea = world
        .browser
        .execute(
            "return document.querySelectorAll('textarea a, textarea .htek-c2d-number').length",
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

#[test]
fn the_popup_hangs_up() {
    let world = World::new();
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

#[test]
fn failures_are_named() {
    let world = World::new();
    let closed_port = c2d_harness::free_port();
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
            Some(Faults {
                drop_next: 1,
                ..Faults::default()
            }),
        ),
        (
            "Phone did not answer in time",
            world.phone.host_port(),
            Some(Faults {
                delay: Duration::from_secs(7),
                ..Faults::default()
            }),
        ),
    ];
    for (title, address, faults) in cases {
        world.phone.set_faults(faults.unwrap_or_default());
        world.set_up(PhoneSettings::new(&address, "DE"));
        world.open_contacts();
        world.click("030 7654321");
        let outcome = world
            .browser
            .wait_until(title, Duration::from_secs(15), |b| {
                let (_, outcome) = world.extension.popup(b)?;
                Ok(outcome.starts_with(title).then_some(outcome))
            })
            .unwrap_or_else(|e| panic!("{address}: {e}"));
        assert!(outcome.contains(&address), "{outcome}");
    }
    world.phone.set_faults(Faults::default());
    assert!(world.phone.commands().is_empty());
}

#[test]
fn not_set_up_yet_says_so() {
    let world = World::new();
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

#[test]
fn bad_input_is_refused_beside_its_field_and_nothing_is_lost() {
    let world = World::new();
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

#[test]
fn settings_survive_a_restart_and_the_password_stays_local() {
    let profile = tempfile_dir();
    let address = {
        let world = World::with_profile(Some(profile.clone()));
        world.set_up(PhoneSettings {
            password: "s3cret".into(),
            ..world.settings("4")
        });
        let address = world.phone.host_port();
        world.browser.quit().unwrap();
        address
    };
    let world = World::with_profile(Some(profile.clone()));
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

/// A fresh directory for a browser profile that outlives one browser.
fn tempfile_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "c2d-e2e-profile-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
