//! End-to-end tests of issue 18's fourth part: a number no context places is still marked when
//! it is a number in another likely country (the page's), a click dials it there, and the hover
//! card shows the countries the number could be in and lets the person pick another for one
//! click. In Chromium and in Firefox ESR.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use c2d_harness::dialer::{
    click_number, number_position, wait_for_numbers, PhoneSettings, PATIENCE,
};
use c2d_harness::BrowserKind;
use common::{card_controls, World, WAIT};

/// The `k`-th command the phone accepted (from 0), waiting for it.
fn command(world: &World, k: usize) -> String {
    world
        .phone
        .wait_for(WAIT, |_| world.phone.commands().len() > k)
        .and_then(|_| world.phone.commands().get(k).map(|e| e.path.clone()))
        .unwrap_or_else(|| {
            let asks = common::extension_windows(world, "ask.html");
            let outcome = world.extension.popup(&world.browser).map(|(_, o)| o);
            panic!(
                "no command {k}; asking {asks:?}; the popup says {outcome:?}; log {:#?}",
                world.phone.log()
            )
        })
}

/// Opens the German fixture page and waits until `count` numbers are marked; returns them.
fn open(world: &World, count: usize) -> Vec<String> {
    world
        .browser
        .goto(&format!(
            "{}/uncertain-country.html",
            world.pages.base_url()
        ))
        .unwrap();
    wait_for_numbers(&world.browser, count).unwrap()
}

/// Rests the pointer on the marked number `raw` until its card shows a row of two country
/// buttons and the Dial button; returns the card's controls (see `common::card_controls`).
fn card_with_two_countries(world: &World, raw: &str) -> Vec<Vec<(f64, f64)>> {
    let (x, y) = number_position(&world.browser, raw, true).unwrap();
    world.browser.move_to(x, y - 60.0).unwrap();
    world.browser.move_to(x, y).unwrap();
    world
        .browser
        .wait_until("the card with two countries", PATIENCE, |b| {
            let controls = card_controls(b, x, y);
            let shown = controls.len() == 2 && controls[0].len() == 2 && controls[1].len() == 1;
            Ok(shown.then_some(controls))
        })
        .unwrap_or_else(|e| {
            panic!(
                "{e}: the card shows {:?}",
                card_controls(&world.browser, x, y)
            )
        })
}

/// A user in the United States on a German page: its national numbers are marked and dial in
/// Germany.
fn numbers_of_the_pages_country_dial_there(kind: BrowserKind) {
    let world = World::new(kind);
    world.set_up(PhoneSettings::new(&world.phone.host_port(), "US"));
    assert_eq!(
        open(&world, 2),
        ["030 1234567", "044 668 18 00"],
        "the page's numbers are marked"
    );
    click_number(&world.browser, "030 1234567").unwrap();
    assert_eq!(
        command(&world, 0),
        "/Phone_ActionURL&Command=1&Number=01149301234567&Account=1"
    );
}

/// A user in Switzerland on a German page: 044 668 18 00 is a number in both. It is marked in
/// Switzerland (the user's country comes first); its card offers Switzerland and Germany, and
/// Germany picked on the card dials it in Germany, for that click only.
fn the_card_lets_the_person_pick_another_country(kind: BrowserKind) {
    let world = World::new(kind);
    world.set_up(PhoneSettings::new(&world.phone.host_port(), "CH"));
    let raw = "044 668 18 00";
    open(&world, 1);
    let controls = card_with_two_countries(&world, raw);
    // Switzerland (the marked country) first, then Germany: pick Germany, then Dial.
    let (germany, dial) = (controls[0][1], controls[1][0]);
    world.browser.click_at(germany.0, germany.1).unwrap();
    world.browser.click_at(dial.0, dial.1).unwrap();
    assert_eq!(
        command(&world, 0),
        "/Phone_ActionURL&Command=1&Number=0049446681800&Account=1",
        "the country picked on the card"
    );
    // For that click only: a click on the number itself dials it in Switzerland (the card hid
    // when its Dial was clicked).
    click_number(&world.browser, raw).unwrap();
    assert_eq!(
        command(&world, 1),
        "/Phone_ActionURL&Command=1&Number=0446681800&Account=1",
        "a click on the number dials it in the user's country"
    );
}

/// A user in the United States who also calls Switzerland, on a German page: 044 668 18 00
/// is read in Switzerland (the user's other country comes before the page's), and its card
/// offers Switzerland and Germany.
fn the_users_other_countries_come_before_the_pages(kind: BrowserKind) {
    let world = World::new(kind);
    world.set_up(PhoneSettings {
        other_countries: "ch".into(),
        ..PhoneSettings::new(&world.phone.host_port(), "US")
    });
    let raw = "044 668 18 00";
    open(&world, 2);
    click_number(&world.browser, raw).unwrap();
    assert_eq!(
        command(&world, 0),
        "/Phone_ActionURL&Command=1&Number=01141446681800&Account=1",
        "read in the user's other country"
    );
    // Its card offers Switzerland and Germany.
    card_with_two_countries(&world, raw);
}

in_both_browsers!(
    numbers_of_the_pages_country_dial_there,
    the_card_lets_the_person_pick_another_country,
    the_users_other_countries_come_before_the_pages
);
