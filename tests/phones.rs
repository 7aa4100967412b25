//! End to end, more than one phone (issue 16, item 3): the built extension in headless Chromium
//! and Firefox with two simulated phones of different brands, an Htek on the desk and a Yealink
//! in the conference room, each with its own password, both set up through the options page's
//! phone list as a user would. A click on a number dials on the default phone; the hover card's
//! "Call on Conference room" dials on the other; the popup's phone picker hangs up the other and
//! presses its keys.
//! Each phone accepts only its own password, so a password sent to the other phone would show
//! in its log as a rejected login: none is.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use c2d_harness::dialer::{choose, number_position, PhoneSettings, PATIENCE};
use c2d_harness::BrowserKind;
use common::{card_controls, World, WAIT};
use htek_sim::{AuthSeen, Brand, Call, Config, Credential, LogEntry, Role, Sim};
use std::net::IpAddr;

/// The number clicked on the contacts fixture, and what a German desk phone dials for it.
const CLICKED: &str = "+49 30 1234567";
const DIALED: &str = "0301234567";

/// A phone of `brand` whose only login is admin / `password`, trusting this computer.
fn phone(brand: Brand, password: &str) -> Config {
    Config {
        quiet: true,
        trusted: vec![IpAddr::from([127, 0, 0, 1])],
        accounts: vec![Credential::new("admin", password, Role::Admin)],
        ..Config::for_brand(brand)
    }
}

/// The world: the desk Htek (password "desk-secret") as the world's phone, and the
/// conference-room Yealink (password "room-secret") beside it, both saved through the options
/// page: the desk phone in the Phone group's fields, then "Add a phone" for the room.
fn two_phones(kind: BrowserKind) -> (World, Sim) {
    let world = World::with_phone(kind, phone(Brand::Htek, "desk-secret"));
    let room = Sim::start("127.0.0.1:0", phone(Brand::Yealink, "room-secret")).unwrap();
    let extension = &world.extension;
    let browser = &world.browser;
    let desk = PhoneSettings {
        password: "desk-secret".into(),
        ..PhoneSettings::new(&world.phone.host_port(), "DE")
    };
    extension.fill_options(browser, &desk).unwrap();
    browser.find("#phone-add").unwrap().click().unwrap();
    for (id, value) in [
        ("phone-name", "Conference room"),
        ("phone-address", room.host_port().as_str()),
        ("brand", "yealink"),
        ("username", "admin"),
        ("password", "room-secret"),
        ("account", "auto"),
    ] {
        extension.set_field(browser, id, value).unwrap();
    }
    assert_eq!(extension.save_options(browser).unwrap(), "Saved.");
    // Saved as typed: shown again, the room is in the list beside the default desk phone.
    extension.open_options(browser).unwrap();
    let listed = browser
        .execute(
            "return [...document.querySelectorAll('#phone-pick option')].map(o => o.textContent)",
            vec![],
        )
        .unwrap();
    assert_eq!(
        listed,
        serde_json::json!(["Desk phone (default)", "Conference room"])
    );
    (world, room)
}

/// Every request a phone got carried its own login: none was refused, so none carried the
/// other phone's password.
fn assert_only_own_logins(name: &str, log: &[LogEntry]) {
    let refused: Vec<&LogEntry> = log
        .iter()
        .filter(|e| e.auth == AuthSeen::Rejected || e.status == 401)
        .collect();
    assert!(refused.is_empty(), "{name} refused a login: {refused:#?}");
}

fn a_click_dials_on_the_default_and_the_card_on_the_other(kind: BrowserKind) {
    let (world, room) = two_phones(kind);
    world.open_contacts();
    // A click: the default phone, the desk Htek.
    world.click(CLICKED);
    let desk_dial = world
        .phone
        .wait_for(WAIT, LogEntry::is_command)
        .unwrap_or_else(|| panic!("no dial on the desk phone; log: {:#?}", world.phone.log()));
    assert_eq!(
        desk_dial.path,
        format!("/Phone_ActionURL&Command=1&Number={DIALED}&Account=1")
    );
    assert!(room.commands().is_empty(), "{:#?}", room.log());
    let outcome = world.outcome();
    assert!(outcome.contains("Desk phone"), "{outcome}");

    // The hover card: Dial, then "Call on Conference room" below it.
    world.open_contacts();
    let browser = &world.browser;
    let (x, y) = number_position(browser, CLICKED, true).unwrap();
    browser.move_to(x, y - 60.0).unwrap();
    browser.move_to(x, y).unwrap();
    let controls = browser
        .wait_until("the card with a phone choice", PATIENCE, |b| {
            let controls = card_controls(b, x, y);
            Ok((controls.len() == 2).then_some(controls))
        })
        .unwrap_or_else(|e| panic!("{e}: the card shows {:?}", card_controls(browser, x, y)));
    let call_on_room = controls[1][0];
    browser.click_at(call_on_room.0, call_on_room.1).unwrap();
    let room_dial = room
        .wait_for(WAIT, LogEntry::is_command)
        .unwrap_or_else(|| panic!("no dial on the room phone; log: {:#?}", room.log()));
    assert_eq!(
        room_dial.path,
        format!("/servlet?key=number={DIALED}"),
        "the Yealink's own request"
    );
    assert_eq!(room_dial.auth, AuthSeen::Basic);
    assert_eq!(
        room.state().call,
        Call::Dialing {
            number: DIALED.into(),
            account: 1,
            account_auto: true
        }
    );
    assert_eq!(
        world.phone.commands().len(),
        1,
        "the desk phone got one call"
    );
    let outcome = world
        .browser
        .wait_until("the room's outcome", PATIENCE, |b| {
            let (_, outcome) = world.extension.popup(b)?;
            Ok(outcome.contains("Conference room").then_some(outcome))
        })
        .unwrap();
    assert!(outcome.starts_with("Dialing"), "{outcome}");

    // The popup's picker: Conference room, then Hang up: the room phone hangs up.
    world.extension.open_popup(browser).unwrap();
    let hidden = browser
        .execute(
            "return document.getElementById('phone-pick-row').hidden",
            vec![],
        )
        .unwrap();
    assert_eq!(
        hidden,
        serde_json::json!(false),
        "the picker shows with two phones"
    );
    choose(browser, "dial-phone", "2").unwrap();
    browser.find("#hang-up").unwrap().click().unwrap();
    room.wait_for(WAIT, |e| {
        e.is_command() && room.state().call == Call::HungUp
    })
    .unwrap_or_else(|| panic!("no hang-up on the room phone; log: {:#?}", room.log()));
    let outcome = world
        .extension
        .wait_for_popup_outcome(browser, "Hung up")
        .unwrap();
    assert!(outcome.contains("Conference room"), "{outcome}");
    // A key, still with Conference room picked: Mute goes to the room phone.
    let before = room.commands().len();
    browser
        .find("button[data-key=\"MUTE\"]")
        .unwrap()
        .click()
        .unwrap();
    room.wait_for(WAIT, |_| room.commands().len() > before)
        .unwrap_or_else(|| panic!("no key on the room phone; log: {:#?}", room.log()));
    let pressed = &room.commands()[before];
    assert!(pressed.path.contains("MUTE"), "{}", pressed.path);
    assert_eq!(
        world.phone.commands().len(),
        1,
        "nothing more on the desk phone"
    );

    // Neither phone ever got the other's password.
    assert_only_own_logins("the desk phone", &world.phone.log());
    assert_only_own_logins("the room phone", &room.log());
}

/// The options page loses no input: a phone with a bad address is refused beside its field,
/// with everything typed still there, also after looking at the other phone; fixed, it saves;
/// made the default, clicks dial on it, each phone still with its own password.
fn a_bad_phone_is_refused_beside_its_field_and_the_default_can_change(kind: BrowserKind) {
    let world = World::with_phone(kind, phone(Brand::Htek, "desk-secret"));
    let room = Sim::start("127.0.0.1:0", phone(Brand::Yealink, "room-secret")).unwrap();
    let extension = &world.extension;
    let browser = &world.browser;
    let desk = PhoneSettings {
        password: "desk-secret".into(),
        ..PhoneSettings::new(&world.phone.host_port(), "DE")
    };
    extension.fill_options(browser, &desk).unwrap();
    browser.find("#phone-add").unwrap().click().unwrap();
    for (id, value) in [
        ("phone-name", "Conference room"),
        ("phone-address", "http://not a phone/"),
        ("brand", "yealink"),
        ("password", "room-secret"),
        ("account", "auto"),
    ] {
        extension.set_field(browser, id, value).unwrap();
    }
    let status = extension.save_options(browser).unwrap();
    assert!(status.starts_with("Not saved"), "{status}");
    let value = |id: &str| {
        browser
            .find(&format!("#{id}"))
            .unwrap()
            .property("value")
            .unwrap()
            .as_str()
            .unwrap_or_default()
            .to_string()
    };
    let error = browser
        .find("#phone-address-error")
        .unwrap()
        .text()
        .unwrap();
    assert!(!error.is_empty(), "the address's problem beside it");
    assert_eq!(value("phone-name"), "Conference room");
    assert_eq!(value("phone-address"), "http://not a phone/");
    // Look at the desk phone, and back: nothing typed is lost.
    let setup_for = || {
        browser
            .find("#brand-setup-steps")
            .unwrap()
            .attribute("data-brand")
            .unwrap()
    };
    choose(browser, "phone-pick", "1").unwrap();
    assert_eq!(value("phone-address"), world.phone.host_port());
    assert_eq!(
        setup_for().as_deref(),
        Some("htek"),
        "the shown phone's setup steps"
    );
    choose(browser, "phone-pick", "new-1").unwrap();
    assert_eq!(value("phone-address"), "http://not a phone/");
    assert_eq!(setup_for().as_deref(), Some("yealink"));
    assert_eq!(value("brand"), "yealink");
    assert_eq!(value("password"), "room-secret");
    extension
        .set_field(browser, "phone-address", &room.host_port())
        .unwrap();
    browser
        .find("#phone-make-default")
        .unwrap()
        .click()
        .unwrap();
    assert_eq!(extension.save_options(browser).unwrap(), "Saved.");
    extension.open_options(browser).unwrap();
    assert_eq!(
        value("phone-name"),
        "Conference room",
        "the default shows first"
    );
    assert_eq!(value("phone-address"), room.host_port());

    world.open_contacts();
    world.click(CLICKED);
    let dial = room
        .wait_for(WAIT, LogEntry::is_command)
        .unwrap_or_else(|| panic!("no dial on the new default; log: {:#?}", room.log()));
    assert_eq!(dial.path, format!("/servlet?key=number={DIALED}"));
    assert!(
        world.phone.commands().is_empty(),
        "{:#?}",
        world.phone.log()
    );
    // The desk phone, now the other one, still dials with its own login from the popup.
    extension.open_popup(browser).unwrap();
    choose(browser, "dial-phone", "1").unwrap();
    browser.find("#hang-up").unwrap().click().unwrap();
    world
        .phone
        .wait_for(WAIT, LogEntry::is_command)
        .unwrap_or_else(|| {
            panic!(
                "no hang-up on the desk phone; log: {:#?}",
                world.phone.log()
            )
        });
    assert_only_own_logins("the desk phone", &world.phone.log());
    assert_only_own_logins("the room phone", &room.log());
}

in_both_browsers!(
    a_click_dials_on_the_default_and_the_card_on_the_other,
    a_bad_phone_is_refused_beside_its_field_and_the_default_can_change,
);
