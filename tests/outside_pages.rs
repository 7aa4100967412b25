//! Real web pages nobody in this project wrote: four of the pages Mozilla Readability keeps as
//! its test pages (`tests/fixtures/outside/`, as their sites served them: a Taiwanese blog in
//! Chinese, TMZ, the Seattle Times, heise online in German), served with a policy that blocks
//! their scripts and everything they would fetch from elsewhere (none of it could be reached
//! here), so that what shows is their HTML and CSS. The user's country is the United States.
//! On each page exactly the phone numbers a reader would dial are found
//! (`tests/data/outside/readability.py` lists them: the same lines, judged by hand), nothing
//! else (heise's dates, permalinks and prices, the blog's years and post counts), and a click
//! on each dials it in its country: the blog's, written the national way, in Taiwan, which only
//! its language (`zh-TW`) says. The Seattle Times' page keeps its body hidden (a "flicker
//! control" style, `body { visibility: hidden !important }`, that a script of its analytics
//! removes, as many sites have): the person sees a blank page, so its number, found, never
//! dials.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use c2d_harness::dialer::{announced_count, click_number, marked_numbers, PhoneSettings};
use c2d_harness::BrowserKind;
use common::{World, WAIT};
use std::time::Duration;

/// A number as the page writes it, and what the phone must be told to dial from the United
/// States (`None`: the number cannot be seen, and never dials).
type Number = (&'static str, Option<&'static str>);

/// Each page, and the numbers it holds.
const PAGES: &[(&str, &[Number])] = &[
    (
        "pixnet",
        &[
            ("03-584-7231", Some("01188635847231")),
            ("0937-141993", Some("011886937141993")),
        ],
    ),
    ("tmz-1", &[("(888) 847-9869", Some("18888479869"))]),
    ("seattletimes-1", &[("206-652-6593", None)]),
    ("heise", &[]),
];

/// How long a click that must not dial is watched.
const NO_DIAL: Duration = Duration::from_secs(2);

/// How long a page's count must stay the same to count as settled.
const SETTLED: Duration = Duration::from_secs(2);

fn real_pages_mark_and_dial_only_their_phone_numbers(kind: BrowserKind) {
    let world = World::new(kind);
    world.set_up(PhoneSettings::new(&world.phone.host_port(), "US"));
    world.extension.announce_marks(&world.browser).unwrap();
    let mut dialed = 0;
    for (page, numbers) in PAGES {
        world
            .browser
            .goto(&format!("{}/outside/{page}.html", world.pages.base_url()))
            .unwrap();
        // The layer announces its count once it has read the page (0 where it found nothing);
        // the count must then hold still for a while: nothing marked later.
        let mut last: Option<(u64, std::time::Instant)> = None;
        let count = world
            .browser
            .wait_until(&format!("{page}: the count settled"), WAIT * 3, |b| {
                let Some(count) = announced_count(b)? else {
                    return Ok(None);
                };
                match last {
                    Some((seen, since)) if seen == count && since.elapsed() >= SETTLED => {
                        Ok(Some(count))
                    }
                    Some((seen, _)) if seen == count => Ok(None),
                    _ => {
                        last = Some((count, std::time::Instant::now()));
                        Ok(None)
                    }
                }
            })
            .unwrap_or_else(|e| {
                panic!(
                    "{e}; marked near the top: {:?}",
                    marked_numbers(&world.browser)
                )
            });
        assert_eq!(
            count,
            numbers.len() as u64,
            "{page}: numbers marked (near the top: {:?})",
            marked_numbers(&world.browser).unwrap_or_default()
        );
        for (raw, expected) in numbers.iter() {
            click_number(&world.browser, raw).unwrap_or_else(|e| panic!("{page}: {raw}: {e}"));
            let Some(expected) = expected else {
                let hidden = world
                    .browser
                    .execute("return getComputedStyle(document.body).visibility", vec![])
                    .unwrap();
                assert_eq!(hidden, "hidden", "{page}: the body is hidden");
                std::thread::sleep(NO_DIAL);
                assert_eq!(world.phone.commands().len(), dialed, "{page}: {raw} dialed");
                continue;
            };
            let command = world
                .phone
                .wait_for(WAIT, |_| world.phone.commands().len() > dialed)
                .and_then(|_| world.phone.commands().get(dialed).cloned())
                .unwrap_or_else(|| panic!("{page}: {raw}: no dial; log {:#?}", world.phone.log()));
            dialed += 1;
            assert_eq!(
                command.path,
                format!("/Phone_ActionURL&Command=1&Number={expected}&Account=1"),
                "{page}: {raw}"
            );
        }
    }
    assert_eq!(world.phone.commands().len(), dialed, "one dial per click");
}

in_both_browsers!(real_pages_mark_and_dial_only_their_phone_numbers);
