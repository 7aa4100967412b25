//! End-to-end tests of issue 18's first part: a number's country comes from its record. A CRM
//! list view, a grid of divs, a definition list and contact cards hold numbers written the
//! national way of Germany, France, the United Kingdom, Norway, Switzerland, Italy, the
//! Netherlands and Spain, while the user's default country is the United States: each number
//! is marked and dials in its record's country (the record's Country cell, its ISO code, a
//! country named in its address, the calling code of its other number, its city). And a
//! German letterhead's ways of giving several lines (`030 1234567/68`, `089 12345-0 · Telefax
//! -99`) mark each line as its own number, dialed as a person reads it.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use c2d_harness::dialer::{click_number, marked_numbers, wait_for_numbers, PhoneSettings};
use c2d_harness::BrowserKind;
use common::{World, WAIT};

/// Each number as the page writes it, and what the phone must be told to dial from the United
/// States (011 and the calling code for numbers abroad; a toll-free number written with the
/// keypad's letters in its digits).
const EXPECTED: &[(&str, &str)] = &[
    ("(0171) 5550123", "011491715550123"),
    ("01.45.55.01.23", "01133145550123"),
    ("(020) 7946 0018", "011442079460018"),
    ("(206) 555-0100", "12065550100"),
    ("1-800-FLOWERS", "18003569377"),
    ("22 12 34 56", "0114722123456"),
    ("044 668 18 00", "01141446681800"),
    ("06 6982 1234", "011390669821234"),
    ("020 123 4567", "01131201234567"),
    ("+34 912 345 678", "01134912345678"),
    ("612 34 56 78", "01134612345678"),
    ("(089) 123 4567", "01149891234567"),
];

fn numbers_dial_in_their_records_country(kind: BrowserKind) {
    each_number_marked_and_dialed(
        kind,
        "US",
        "crm-countries.html",
        EXPECTED,
        "every number of every record is marked",
    );
}

/// Opens `page` with `region` as the default country, checks that exactly the `expected`
/// numbers are marked (in document order), then clicks each and checks what the phone is
/// told to dial.
fn each_number_marked_and_dialed(
    kind: BrowserKind,
    region: &str,
    page: &str,
    expected: &[(&str, &str)],
    marked_as: &str,
) {
    let world = World::new(kind);
    world.set_up(PhoneSettings::new(&world.phone.host_port(), region));
    world
        .browser
        .goto(&format!("{}/{page}", world.pages.base_url()))
        .unwrap();
    let marked = wait_for_numbers(&world.browser, expected.len())
        .unwrap_or_else(|e| panic!("{e}; marked: {:?}", marked_numbers(&world.browser)));
    let written: Vec<&str> = expected.iter().map(|(raw, _)| *raw).collect();
    assert_eq!(marked, written, "{marked_as}");
    for (k, (raw, dialed)) in expected.iter().enumerate() {
        click_number(&world.browser, raw).unwrap();
        let command = world
            .phone
            .wait_for(WAIT, |_| world.phone.commands().len() > k)
            .and_then(|_| world.phone.commands().get(k).cloned())
            .unwrap_or_else(|| panic!("{raw}: no dial; log {:#?}", world.phone.log()));
        let wanted = format!("/Phone_ActionURL&Command=1&Number={dialed}&Account=1");
        assert_eq!(command.path, wanted, "{raw}");
    }
}

/// The letterhead's numbers as written (and marked), and what the phone is told to dial from
/// Germany: the other ending `68` is 030 1234568, the fax's `-99` is 089 12345-99 (and
/// purchasing's `-210` 089 12345-210), the
/// `Durchwahl -12` after a switchboard's `-0` is the direct line 0711 98765-12.
const LETTERHEAD: &[(&str, &str)] = &[
    ("030 1234567", "0301234567"),
    ("68", "0301234568"),
    ("089 12345-0", "089123450"),
    ("-99", "0891234599"),
    ("-210", "08912345210"),
    ("+49 (0) 40 / 12 34 56-78", "04012345678"),
    ("0 30 / 12 34 56 78", "03012345678"),
    ("0711 98765-0, Durchwahl -12", "07119876512"),
    ("02131 / 12 34 - 0", "0213112340"),
    ("- 99", "02131123499"),
];

fn each_line_of_a_letterhead_dials_as_a_person_reads_it(kind: BrowserKind) {
    each_number_marked_and_dialed(
        kind,
        "DE",
        "letterhead.html",
        LETTERHEAD,
        "each line marked, and no ID",
    );
}

in_both_browsers!(
    numbers_dial_in_their_records_country,
    each_line_of_a_letterhead_dials_as_a_person_reads_it
);
