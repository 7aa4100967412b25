//! End to end: a settings file cannot steal the password (issue 14, item 5). A file exported
//! as a user would, with only the phone's address changed to another (simulated) phone and
//! imported again, is shown as a change list before anything is applied; applied, it leaves
//! the password behind, and a click then sends nothing to either phone (no Authorization, in
//! Basic or as an answer to a Digest challenge) and tells the user why. A file that keeps the
//! address dials with the stored password as before. The built extension in headless
//! Chromium and Firefox, against `htek-sim` on 127.0.0.1.
#![cfg(not(target_arch = "wasm32"))]

use c2d_harness::dialer::{Extension, PhoneSettings, PATIENCE};
use c2d_harness::{Browser, BrowserKind};
use htek_sim::files::StaticServer;
use htek_sim::{AuthMode, AuthSeen, Config, Credential, Role, Sim};
use serde_json::{json, Value};
use std::path::PathBuf;
use std::time::Duration;

mod common;

use common::{assert_phone_gets_nothing_more, expected_numbers, fixtures, tempfile_dir, World};

/// The password the user types: unlike anything else on the page, so that its text is seen if
/// it leaks into the change list.
const PASSWORD: &str = "s3cret-Pw";

/// A quiet simulated phone on 127.0.0.1 that takes [`PASSWORD`] for `admin`, with `auth`.
fn phone(auth: AuthMode) -> Sim {
    Sim::start(
        "127.0.0.1:0",
        Config {
            quiet: true,
            auth,
            accounts: vec![Credential::new("admin", PASSWORD, Role::Admin)],
            ..Config::default()
        },
    )
    .unwrap()
}

/// A browser with the extension set up for a phone (Basic) that takes [`PASSWORD`].
fn world(kind: BrowserKind) -> World {
    let extension = Extension::built(kind).unwrap_or_else(|e| panic!("{e}"));
    let browser = extension.launch(None).unwrap_or_else(|e| panic!("{e}"));
    let world = World {
        phone: phone(AuthMode::Basic),
        pages: StaticServer::start("127.0.0.1:0", fixtures()).unwrap(),
        extension,
        browser,
    };
    set_up(&world);
    world
}

/// Types the phone's address and the password into the options page and saves, as a user does.
fn set_up(world: &World) {
    world.set_up(PhoneSettings {
        password: PASSWORD.into(),
        ..world.settings("1")
    });
}

/// Exports the settings from the options page as a user does; returns the file.
fn export(world: &World) -> Value {
    let text = world.extension.export_settings(&world.browser).unwrap();
    assert!(!text.contains(PASSWORD), "{text}");
    serde_json::from_str(&text).unwrap()
}

/// Chooses `file` in the options page's import field; returns the status the page shows.
fn choose(world: &World, dir: &std::path::Path, name: &str, file: &Value) -> String {
    let path: PathBuf = dir.join(name);
    std::fs::write(&path, file.to_string()).unwrap();
    world
        .extension
        .import_settings_file(&world.browser, &path)
        .unwrap()
}

fn status(browser: &Browser) -> String {
    browser
        .wait_until("an import status", PATIENCE, |b| {
            let text = b.find("#transfer-status")?.text()?;
            Ok((!text.is_empty()).then_some(text))
        })
        .unwrap()
}

/// Clicks `button` under the change list; returns the status the page then shows.
fn press(browser: &Browser, button: &str) -> String {
    browser
        .execute(
            "document.getElementById('transfer-status').textContent = ''",
            vec![],
        )
        .unwrap();
    browser.find(button).unwrap().click().unwrap();
    status(browser)
}

/// The change list as shown: (setting, now, from the file) per row, while it is visible.
fn change_list(browser: &Browser) -> Vec<(String, String, String)> {
    assert!(browser
        .find("#import-preview")
        .unwrap()
        .is_displayed()
        .unwrap());
    let rows = browser
        .execute(
            "return [...document.querySelectorAll('#import-change-rows tr')]
               .map((row) => [...row.cells].map((cell) => cell.textContent));",
            vec![],
        )
        .unwrap();
    rows.as_array()
        .unwrap()
        .iter()
        .map(|row| {
            let cell = |i: usize| row[i].as_str().unwrap().to_string();
            (cell(0), cell(1), cell(2))
        })
        .collect()
}

fn value(browser: &Browser, id: &str) -> String {
    browser
        .find(&format!("#{id}"))
        .unwrap()
        .property("value")
        .unwrap()
        .as_str()
        .unwrap()
        .to_string()
}

fn text(browser: &Browser, css: &str) -> String {
    browser.find(css).unwrap().text().unwrap()
}

/// The attack: the user's own export with only the address changed to another phone (Basic,
/// then one that asks for Digest), imported again. The change list names the address and says
/// the password goes; applied, a click sends nothing to either phone and names why.
fn a_file_that_moves_the_phone_cannot_send_it_the_password(kind: BrowserKind) {
    let world = world(kind);
    let browser = &world.browser;
    let dir = tempfile_dir();
    for auth in [AuthMode::Basic, AuthMode::Digest] {
        let other = phone(auth);
        let mut file = export(&world);
        assert_eq!(file["settings"]["phoneAddress"], world.phone.host_port());
        file["settings"]["phoneAddress"] = json!(other.host_port());

        let status = choose(&world, &dir, &format!("moved-{auth:?}.json"), &file);
        assert_eq!(
            status, "Check what the file changes, then Apply or Cancel.",
            "{auth:?}"
        );
        assert_eq!(
            change_list(browser),
            [
                (
                    "phoneAddress".to_string(),
                    world.phone.host_port(),
                    other.host_port()
                ),
                ("password".into(), "(hidden)".into(), "removed".into()),
            ],
            "{auth:?}"
        );
        let shown = text(browser, "#import-preview");
        assert!(!shown.contains(PASSWORD), "{shown}");
        assert!(
            text(browser, "#import-drops-password").contains("the saved password will be removed"),
            "{auth:?}"
        );
        // Nothing is applied before Apply.
        assert!(world.phone.log().is_empty() && other.log().is_empty());

        assert_eq!(press(browser, "#import-apply"), "Imported and saved.");
        assert!(!browser
            .find("#import-preview")
            .unwrap()
            .is_displayed()
            .unwrap());
        world.extension.open_options(browser).unwrap();
        assert_eq!(value(browser, "phone-address"), other.host_port());
        assert_eq!(value(browser, "password"), "", "{auth:?}");
        assert_eq!(
            text(browser, "#password-error"),
            "Enter the phone's password again for the new address."
        );

        world.open_contacts();
        let before = world.phone_requests().len();
        world.click(&expected_numbers()[0].0);
        let outcome = world.outcome();
        assert_eq!(
            outcome,
            "Password not sent: The password was saved for another phone address; enter it \
             again in the options.",
            "{auth:?}"
        );
        world.assert_notified("credentialsForAnotherPhone");
        // Not a request to the new address, let alone one with an Authorization header.
        let reached = other.wait_for(Duration::from_secs(2), |_| true);
        assert!(
            reached.is_none(),
            "{auth:?}: the other phone got {:#?}",
            other.log()
        );
        assert!(other
            .log()
            .iter()
            .all(|e| e.auth == AuthSeen::None && e.user.is_none()));
        assert_phone_gets_nothing_more(
            &world,
            before,
            Duration::from_secs(1),
            "the first phone after the import",
        );

        // Typing the password again for the new address is what makes it dial there.
        set_up(&world);
    }
    let _ = std::fs::remove_dir_all(dir);
}

/// Ordinary use: Cancel applies nothing; a file that keeps the phone's address (here with
/// another area code) is applied and dials with the password already stored.
fn a_file_for_the_same_phone_keeps_the_password(kind: BrowserKind) {
    let world = world(kind);
    let browser = &world.browser;
    let dir = tempfile_dir();
    let file = export(&world);

    let mut moved = file.clone();
    moved["settings"]["phoneAddress"] = json!("10.6.6.6");
    choose(&world, &dir, "moved.json", &moved);
    assert_eq!(change_list(browser)[0].2, "10.6.6.6");
    assert_eq!(
        press(browser, "#import-cancel"),
        "Not imported, nothing changed."
    );
    world.extension.open_options(browser).unwrap();
    assert_eq!(value(browser, "phone-address"), world.phone.host_port());
    assert_eq!(value(browser, "password"), PASSWORD);

    let mut same = file.clone();
    same["settings"]["dialing"]["outsideLine"] = json!("0");
    choose(&world, &dir, "same-phone.json", &same);
    assert_eq!(
        change_list(browser),
        [(
            "dialing.outsideLine".to_string(),
            "(empty)".to_string(),
            "0".to_string()
        )]
    );
    assert!(!browser
        .find("#import-drops-password")
        .unwrap()
        .is_displayed()
        .unwrap());
    assert_eq!(press(browser, "#import-apply"), "Imported and saved.");
    world.extension.open_options(browser).unwrap();
    assert_eq!(value(browser, "outside-line"), "0");
    assert_eq!(value(browser, "password"), PASSWORD);
    assert_eq!(text(browser, "#password-error"), "");

    world.open_contacts();
    let (raw, digits) = expected_numbers().into_iter().next().unwrap();
    world.click(&raw);
    let wanted = format!("/Phone_ActionURL&Command=1&Number=0{digits}&Account=1");
    let dialed = world
        .phone
        .wait_for(common::WAIT, |e| e.is_command())
        .unwrap_or_else(|| panic!("no dial: {:#?}", world.phone.log()));
    assert_eq!(dialed.path, wanted, "the outside line from the file");
    assert_eq!(
        (dialed.user.as_deref(), dialed.auth),
        (Some("admin"), AuthSeen::Basic)
    );
    let _ = std::fs::remove_dir_all(dir);
}

in_both_browsers!(
    a_file_that_moves_the_phone_cannot_send_it_the_password,
    a_file_for_the_same_phone_keeps_the_password,
);
