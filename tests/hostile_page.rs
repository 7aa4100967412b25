//! Hostile pages (issue 14): numbers a person cannot see, laid over buttons a person clicks,
//! and links whose text is not the number they dial. Each trap is clicked as a person clicks
//! the button they see (a real, trusted click at its middle); the simulated phone must get
//! nothing, or the extension asks in its own window first. On the same page, the numbers a
//! person sees still dial with one click. `tests/fixtures/hostile-visibility.html` (and the
//! frames it holds, `hostile-visibility-frame.html`, `-restyled.html`, `-backdrop.html` and
//! `-transition.html`), the built extension in headless Chromium
//! and Firefox.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use c2d_harness::BrowserKind;
use common::{answer_ask, assert_phone_gets_nothing_more, World, WAIT};
use std::time::Duration;

/// How long a click that must not dial is watched.
const QUIET: Duration = Duration::from_millis(1500);

/// The traps: the element whose middle a person clicks, what the trap shows, and whether the
/// extension refuses it outright (`None`) or, unsure, asks first about the number it shows.
const INVISIBLE: [(&str, &str, Option<&str>); 50] = [
    // Digits drawn in another order than written: the person may read another number, the
    // extension asks, showing the number it would dial.
    (
        "#rlo-link a",
        "a tel: link to +1 602 555 0198 whose text holds U+202E before 602, drawn +1 206 555 0198",
        Some("+16025550198"),
    ),
    (
        "#bidi-swapped .number",
        "+1 602 555 0197 whose 602 is drawn right to left (a bidi override), reading +1 206 555 0197",
        Some("+16025550197"),
    ),
    // A link stretched over a card whose ::after draws a banner over the number: the click
    // stays the link's.
    (
        "#stretched-cover .over",
        "a number under a banner drawn by a link's ::after stretched over it (the click is the link's)",
        None,
    ),
    (
        "#thin-patched .number",
        "+1 206 555 0178 whose last 8 has its left strokes covered by a thin patch (it reads as a 3)",
        None,
    ),
    (
        "#thin-patched-named .number",
        "+1 206 555 0128 whose last 8 has its left strokes covered by a thin patch named like the extension's hover card",
        None,
    ),
    (
        "#half-patched .number",
        "+1 206 555 0188 whose last 8 is half covered by a patch (it reads as a 3)",
        None,
    ),
    (
        "#svg-link button",
        "a tel: link in an SVG whose text is filled transparent, over a button",
        None,
    ),
    // Too small to read, whatever its font size says.
    (
        "#scaled button",
        "a number scaled to 6% by a transform, over the middle of a button",
        None,
    ),
    (
        "#zoomed button",
        "a number zoomed to 8%, over the middle of a button",
        None,
    ),
    (
        "#flattened button",
        "a number turned edge-on in 3D, over the middle of a button",
        None,
    ),
    // Digits hidden inside the number, others shown in their place.
    (
        "#swapped-size .tail",
        "+1 425 555 0193 whose 425 has a font size of 0 and a pseudo-element shows 206",
        None,
    ),
    (
        "#swapped-colour .tail",
        "+1 425 555 0194 whose 425 is transparent under a pseudo-element that shows 206",
        None,
    ),
    (
        "#hidden-extension .tail",
        "+1 206 555 0186 whose extension 900 is transparent (extensions appended)",
        None,
    ),
    (
        "#blank-zero button",
        "a number whose zeros draw nothing in its font, over a button",
        None,
    ),
    // Every character must show, not only the one clicked.
    (
        "#patched .tail",
        "a London number whose +44 20 7946 is covered by a patch that shows +1 206 555",
        None,
    ),
    (
        "#blank-font button",
        "a number in a font whose digits draw nothing, over a button",
        None,
    ),
    // A ::first-line that hides text: the number may be on that line, the extension asks.
    (
        "#first-line button",
        "a number drawn transparent by its block's ::first-line",
        Some("+12065550167"),
    ),
    // Paint where hit testing never looks (outside the painting element's box): whether it
    // is above or below the number cannot be told, so the extension asks.
    (
        "#covered-by-outline .over",
        "a number under another element's wide outline",
        Some("+12065550162"),
    ),
    (
        "#covered-by-shadow .over",
        "a number under another element's box shadow",
        Some("+12065550163"),
    ),
    (
        "#covered-by-text-shadow .over",
        "a number under another element's text shadow",
        Some("+12065550164"),
    ),
    (
        "#covered-by-closed-div .over",
        "a number under a banner in a plain element's closed shadow root with pointer-events: none",
        None,
    ),
    (
        "#oklch-transparent button",
        "a number in a transparent oklch colour over a button",
        None,
    ),
    (
        "#oklch-covered .cover",
        "a number under an oklch banner with pointer-events: none",
        None,
    ),
    // A banner in a shadow tree of its own lets the pointer through: the extension makes every
    // tree it knows take the pointer, not only the number's.
    (
        "#covered-by-component .over",
        "a number under a component's banner (open shadow root) with pointer-events: none",
        None,
    ),
    (
        "#covered-by-closed-component .over",
        "a number under a component's banner (closed shadow root) with pointer-events: none",
        None,
    ),
    // Blending makes what shows unknowable: the extension asks.
    (
        "#blended button",
        "a number drawn with mix-blend-mode over a button",
        Some("+12065550154"),
    ),
    // Overlays that let the pointer through where the page's own !important would beat an
    // author style sheet (a style attribute, a cascade layer): the background's user style
    // sheet (`pages::SightAttribute::css`) beats them, so each banner is seen over its number.
    (
        "#covered-pass-through-inline .cover",
        "a number under a banner with pointer-events: none !important inline",
        None,
    ),
    (
        "#covered-pass-through-layer .cover",
        "a number under a banner with pointer-events: none !important in a cascade layer",
        None,
    ),
    // Banners that let the pointer through, each from style of another kind, which the check
    // must find (it marks those elements alone) or cannot place (it marks the root): refused.
    (
        "#pass-imported .cover",
        "a number under a banner that lets the pointer through by a rule of an @import-ed sheet",
        None,
    ),
    (
        "#pass-nested .cover",
        "a number under a banner that lets the pointer through by a nested rule",
        None,
    ),
    (
        "#pass-grouped .cover",
        "a number under a banner that lets the pointer through by a rule in @media and @supports",
        None,
    ),
    (
        "#pass-after .over",
        "a number under a banner that lets the pointer through by a ::after banner",
        None,
    ),
    (
        "#pass-adopted .cover",
        "a number under a banner that lets the pointer through by an adopted sheet's rule",
        None,
    ),
    (
        "#pass-inserted .cover",
        "a number under a banner that lets the pointer through by a rule inserted through the CSSOM",
        None,
    ),
    (
        "#pass-escaped .cover",
        "a number under a banner that lets the pointer through by a style attribute that spells pointer-events with an escape",
        None,
    ),
    (
        "#pass-svg .cover",
        "a number under a banner that lets the pointer through by SVG's pointer-events attribute",
        None,
    ),
    (
        "#pass-animated .cover",
        "a number under a banner that lets the pointer through by a running animation",
        None,
    ),
    (
        "#pass-slotted .cover",
        "a number under a banner that lets the pointer through by its component's ::slotted rule",
        None,
    ),
    // A banner that lets the pointer through whose own box is away from the number (the check
    // leaves such elements alone when nothing of them reaches the number): a child of it
    // positioned over the number.
    (
        "#pass-far-child .over",
        "a number under the child of a far element that lets the pointer through",
        None,
    ),
    // Inert banners: hit testing passes over them whatever their pointer-events. The `inert`
    // attribute cannot be overridden: where it lies in the painting order cannot be told, the
    // extension asks. Chromium's `interactivity: inert` the user sheet overrides (Firefox has
    // no such property): refused.
    (
        "#covered-inert .cover",
        "a number under an inert banner",
        Some("+12065550184"),
    ),
    (
        "#covered-interactivity .cover",
        "a number under a banner with interactivity: inert",
        None,
    ),
    // A transition of pointer-events beats even a user style sheet for its length: the
    // extension sees it running and asks.
    (
        "#covered-pass-through-transition .cover",
        "a number under a banner whose pointer-events: none has a long transition",
        Some("+12065550153"),
    ),
    (
        "#transparent button",
        "a transparent number over a button",
        None,
    ),
    (
        "#faint button",
        "a number at 1% opacity over a button",
        None,
    ),
    (
        "#text-fill button",
        "a number with a transparent text fill over a button",
        None,
    ),
    (
        "#white-on-white button",
        "a white number on a white button",
        None,
    ),
    ("#tiny button", "a 1px number over a button", None),
    (
        "#premium-transparent button",
        "a transparent premium-rate number over a button",
        None,
    ),
    ("#covered .cover", "a number under an opaque banner", None),
    (
        "#covered-pass-through .cover",
        "a number under a banner with pointer-events: none",
        None,
    ),
];

/// The traps in frames of the page: the frame, how many numbers it marks, the element whose
/// middle a person clicks, what the trap shows, and whether the extension asks (as in
/// [`INVISIBLE`]).
const FRAMED: [(&str, usize, &str, &str, Option<&str>); 5] = [
    // A page of traps that make every click of their page ask. A shadow tree's own cascade
    // layer beats the layer's sheet there with !important (no user sheet reaches a shadow
    // tree): a ::before it keeps out of the hit test makes the click ask.
    (
        "#framed-asking",
        2,
        "#covered-by-pseudo-in-component .over",
        "a number under a component's ::before banner with pointer-events: none !important in a cascade layer",
        Some("+12065550161"),
    ),
    // A highlight of the page's own that draws a number transparent: refused.
    (
        "#framed-asking",
        2,
        "#covered-by-page-highlight button",
        "a number made transparent by a highlight of the page's own",
        None,
    ),
    // A banner that lets the pointer through by a rule of another origin's sheet, which the
    // layer cannot read: refused all the same.
    (
        "#framed-cross",
        1,
        ".cover",
        "a number under a banner that lets the pointer through by another origin's sheet",
        None,
    ),
    // A popover's ::backdrop covers the frame and lets the pointer through: refused.
    (
        "#framed-backdrop",
        1,
        ".number",
        "a number under a popover's ::backdrop with pointer-events: none",
        None,
    ),
    // A page that draws the extension's own highlight transparent: its marked numbers are
    // invisible, refused.
    (
        "#framed-restyled",
        1,
        "#restyled-mark button",
        "a number under a page style that makes the extension's highlight transparent",
        None,
    ),
];

fn open(world: &World) -> c2d_harness::WindowHandle {
    world
        .browser
        .goto(&format!(
            "{}/hostile-visibility.html",
            world.pages.base_url()
        ))
        .unwrap();
    // Every trap's number, and the ordinary one, is marked (the link numbers are links).
    c2d_harness::dialer::wait_for_numbers(&world.browser, 10).unwrap();
    world.browser.current_tab().unwrap()
}

/// Waits until `count` numbers are marked in the page's frame `frame` (a CSS selector), scrolled
/// into view first (a frame below the first screen may be read later).
fn wait_for_numbers_in(world: &World, frame: &str, count: usize) {
    world
        .browser
        .execute(
            "document.querySelector(arguments[0]).scrollIntoView({ block: 'center', behavior: 'instant' });",
            vec![frame.into()],
        )
        .unwrap();
    let element = world.browser.find(frame).unwrap();
    world.browser.switch_to_frame(Some(&element)).unwrap();
    c2d_harness::dialer::wait_for_numbers(&world.browser, count).unwrap();
    world.browser.switch_to_frame(None).unwrap();
}

/// Clicks the middle of the page's element `css` as a person would ([`click_middle_of`]).
fn click_middle(world: &World, css: &str) {
    click_middle_of(world, None, css);
}

/// The middle of the element `css` (in the same-origin frame `frame`, or the page), scrolled to
/// the middle of the window, clicked as a person clicks.
fn click_middle_of(world: &World, frame: Option<&str>, css: &str) {
    let middle = world
        .browser
        .execute(
            "const frame = arguments[0] === null ? null : document.querySelector(arguments[0]);
             const element = (frame ? frame.contentDocument : document).querySelector(arguments[1]);
             (frame ?? element).scrollIntoView({ block: 'center', behavior: 'instant' });
             const outer = frame ? frame.getBoundingClientRect() : { left: 0, top: 0 };
             const box = element.getBoundingClientRect();
             return [outer.left + box.left + box.width / 2, outer.top + box.top + box.height / 2];",
            vec![frame.into(), css.into()],
        )
        .unwrap();
    let (x, y) = (middle[0].as_f64().unwrap(), middle[1].as_f64().unwrap());
    world.browser.click_at(x, y).unwrap();
}

/// Waits for the phone's `nth` command (counted from 1) and asserts that it dials `digits` on
/// account 1.
fn assert_nth_dial(world: &World, nth: usize, digits: &str, what: &str) {
    let commands = world
        .phone
        .wait_for(WAIT, |_| world.phone.commands().len() >= nth)
        .map(|_| world.phone.commands());
    let commands = commands.unwrap_or_else(|| panic!("{what}: no command {nth}"));
    assert_eq!(
        commands[nth - 1].path,
        format!("/Phone_ActionURL&Command=1&Number={digits}&Account=1"),
        "{what}"
    );
}

/// After a click on a trap: the extension refused it (`asks` None: no window asks) or asks
/// about the number `asks` (answered Cancel), and the phone got nothing.
fn refused_or_asked(
    world: &World,
    tab: &c2d_harness::WindowHandle,
    what: &str,
    asks: Option<&str>,
) {
    match asks {
        None => assert_eq!(
            common::extension_windows_open(world, tab, "ask.html"),
            0,
            "{what}: nothing to ask, it is refused"
        ),
        Some(number) => {
            let why = answer_ask(world, tab, number, "cancel");
            assert!(why.contains("could not tell"), "{what}: {why}");
            // Back on the page, its numbers still marked.
            c2d_harness::dialer::wait_for_numbers(&world.browser, 1).unwrap();
        }
    }
    assert_phone_gets_nothing_more(world, 0, QUIET, what);
}

/// Sets the options to append the extension written with a number to what it dials.
fn append_extensions(world: &World) {
    let saved = world
        .extension
        .change_options(&world.browser, &[("extension", "append")])
        .unwrap();
    assert_eq!(saved, "Saved.");
}

fn invisible_or_covered_numbers_never_dial(kind: BrowserKind) {
    let world = World::new(kind);
    world.set_up(world.settings("1"));
    // Extensions appended: one the person could not see must not be dialed either.
    append_extensions(&world);
    let tab = open(&world);
    // The cascade layer's trap in a frame of the page (srcdoc). Chromium's scripting API puts
    // the user sheet there: refused. Firefox's cannot reach an about:srcdoc frame (a sheet in
    // its manifest would need an attribute of a fixed name, which a page could see): without
    // the sheet the layer cannot rule the overlay out, and asks.
    wait_for_numbers_in(&world, "#framed", 1);
    let what = "a number in a frame under a banner with pointer-events: none !important in a cascade layer";
    let in_firefox = |number| (kind == BrowserKind::Firefox).then_some(number);
    click_middle_of(&world, Some("#framed"), ".cover");
    refused_or_asked(&world, &tab, what, in_firefox("+12065550155"));
    // The same where the frame keeps its <head>'s pointer-events in a transition (the layer
    // asks the <head> whether the user sheet is in effect, and a transition there keeps the
    // answer from it; the sheet makes the banner take the pointer all the same: refused; in
    // Firefox, asked as above).
    wait_for_numbers_in(&world, "#framed-probe", 1);
    click_middle_of(&world, Some("#framed-probe"), ".cover");
    refused_or_asked(
        &world,
        &tab,
        &format!("{what}, its <head> in a transition"),
        in_firefox("+12065550151"),
    );
    // A view transition keeps showing the page as it was (a button over a number) over the page
    // as it is (the number alone): what the person sees is a picture. It must not dial (it
    // neither dials nor asks in either browser: the click does not reach the number).
    wait_for_numbers_in(&world, "#framed-transition", 1);
    world
        .browser
        .execute(
            "document.querySelector('#framed-transition').contentWindow.startTrap();",
            vec![],
        )
        .unwrap();
    world
        .browser
        .wait_until("the view transition to run", WAIT, |b| {
            let running = b.execute(
                "const page = document.querySelector('#framed-transition').contentDocument;
                 return page.documentElement.matches(':active-view-transition')
                   && !page.querySelector('button');",
                vec![],
            )?;
            Ok(running.as_bool().filter(|&r| r))
        })
        .unwrap();
    click_middle_of(&world, Some("#framed-transition"), ".number");
    refused_or_asked(
        &world,
        &tab,
        "a number under a view transition's picture of a button",
        None,
    );
    // The cross-origin trap is one only when its sheet came and the page may not read it.
    world
        .browser
        .wait_until("the other origin's sheet in #framed-cross", WAIT, |b| {
            let title = b.execute(
                "return document.querySelector('#framed-cross').contentDocument.title;",
                vec![],
            )?;
            Ok(title.as_str().and_then(|t| match t {
                "cross-origin" => Some(true),
                "readable" => panic!("#framed-cross can read the other origin's sheet"),
                _ => None,
            }))
        })
        .unwrap();
    for (frame, marked, css, what, asks) in FRAMED {
        wait_for_numbers_in(&world, frame, marked);
        click_middle_of(&world, Some(frame), css);
        refused_or_asked(&world, &tab, what, asks);
    }
    // What the page's own MutationObserver sees of the clicks' checks: attributes come and go
    // (the elements that may let the pointer through take it for that moment), none of them
    // named after the extension.
    world
        .browser
        .execute(
            "window.seenAttributes = new Set(); new MutationObserver((records) => { for (const r of records) if (r.type === 'attributes') window.seenAttributes.add(r.attributeName); }).observe(document, { attributes: true, subtree: true });",
            vec![],
        )
        .unwrap();
    for (css, what, asks) in INVISIBLE {
        click_middle(&world, css);
        refused_or_asked(&world, &tab, what, asks);
    }
    let seen = world
        .browser
        .execute("return [...window.seenAttributes];", vec![])
        .unwrap();
    let seen: Vec<&str> = seen
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    let drawn = |name: &&str| {
        name.strip_prefix("data-")
            .is_some_and(|l| l.len() == 12 && l.bytes().all(|b| b.is_ascii_lowercase()))
    };
    assert!(
        seen.iter().any(drawn),
        "the checks marked no element: {seen:?}"
    );
    assert!(
        seen.iter()
            .all(|name| !name.contains("htek") && !name.contains("c2d")),
        "{seen:?}"
    );
    // The person is told why (the last refusal is in the popup).
    let outcome = world.outcome();
    assert!(outcome.contains("hidden or covered"), "{outcome}");

    // The numbers a person sees on the same page still dial with one click, under the page's
    // transparent furniture (react-hot-toast's container over the whole page), also written in
    // Tailwind 4's oklch colours.
    open(&world);
    world.click("+1 206 555 0100");
    assert_nth_dial(&world, 1, "0012065550100", "the visible number dials");
    click_middle(&world, "#ordinary-link");
    assert_nth_dial(
        &world,
        2,
        "0012065550101",
        "a link whose text is its number dials at once",
    );
    world.click("+1 206 555 0103");
    assert_nth_dial(
        &world,
        3,
        "0012065550103",
        "a number in oklch colours dials",
    );
    // Gradient text: visible, not refused, but what shows cannot be told: it asks.
    click_middle(&world, "#gradient");
    let why = answer_ask(&world, &tab, "+12065550104", "dial");
    assert!(why.contains("could not tell"), "gradient text: {why}");
    assert_nth_dial(
        &world,
        4,
        "0012065550104",
        "gradient text dials on the person's Dial",
    );
    // A number set left to right in a right-to-left paragraph (digits drawn in their order):
    // one click.
    world.click("+1 206 555 0106");
    assert_nth_dial(
        &world,
        5,
        "0012065550106",
        "a number in an RTL paragraph, set left to right, dials at once",
    );
    // Without dir="ltr" its groups are drawn right to left: a click on any of them asks (here
    // on the first box the browser gives the mark: in Chromium the leftmost group, 0107).
    world
        .browser
        .execute(
            "document.querySelector('#rtl-spaced').scrollIntoView({ block: 'center' });",
            vec![],
        )
        .unwrap();
    world.click("+1 206 555 0107");
    let why = answer_ask(&world, &tab, "+12065550107", "cancel");
    assert!(
        why.contains("could not tell"),
        "a number drawn right to left: {why}"
    );
    assert_phone_gets_nothing_more(&world, 5, QUIET, "a number drawn right to left, cancelled");
    // A tel: link in an SVG, its text filled in a visible colour: one click.
    click_middle(&world, "#svg-ordinary text");
    assert_nth_dial(
        &world,
        6,
        "0012065550105",
        "a visible SVG link dials at once",
    );
    // A visible extension is appended (the setting of this test).
    world.click("+1 206 555 0108 ext. 42");
    assert_nth_dial(
        &world,
        7,
        "001206555010842",
        "a number with a visible extension dials with it",
    );
}

fn links_that_hide_their_number_ask_first(kind: BrowserKind) {
    let world = World::new(kind);
    world.set_up(world.settings("1"));
    for (css, number, why) in [
        ("#disguised", "+19005550199", "does not show this number"),
        ("#other-number", "+12065550149", "does not show this number"),
    ] {
        let tab = open(&world);
        click_middle(&world, css);
        let said = answer_ask(&world, &tab, number, "cancel");
        assert!(said.contains(why), "{css}: {said}");
        assert_phone_gets_nothing_more(&world, 0, QUIET, css);
    }
    // A link that hides its number dials only on the person's Dial in the extension's window.
    let tab = open(&world);
    click_middle(&world, "#other-number");
    answer_ask(&world, &tab, "+12065550149", "dial");
    assert_nth_dial(&world, 1, "0012065550149", "Dial dials");
    assert_phone_gets_nothing_more(&world, 1, QUIET, "one Dial, one call");
    // Extensions appended: a link's extension dials with it only when its text shows it.
    append_extensions(&world);
    let tab = open(&world);
    click_middle(&world, "#hidden-link-extension");
    let said = answer_ask(&world, &tab, "+12065550151", "cancel");
    assert!(said.contains("does not show this number"), "{said}");
    assert_phone_gets_nothing_more(&world, 1, QUIET, "a link's hidden extension");
    click_middle(&world, "#shown-link-extension");
    assert_nth_dial(
        &world,
        2,
        "001206555015242",
        "a link whose text shows its extension dials with it at once",
    );
}

/// The thin patch on a page of more than 20,000 elements, where the check looks at a grid over
/// each digit instead of measuring every element (`patchesBetweenPoints`): refused; an outline
/// and an inherited text shadow over a number there, which the check finds from the page's
/// rules (it does not read every element's style on a big page): ask; the same number without
/// a patch on that page dials.
fn a_thin_patch_on_a_big_page_never_dials(kind: BrowserKind) {
    let world = World::new(kind);
    world.set_up(world.settings("1"));
    world
        .browser
        .goto(&format!("{}/hostile-big.html", world.pages.base_url()))
        .unwrap();
    c2d_harness::dialer::wait_for_numbers(&world.browser, 4).unwrap();
    let elements = world
        .browser
        .execute("return document.getElementsByTagName('*').length", vec![])
        .unwrap();
    assert!(elements.as_u64().unwrap() > 20_000, "{elements} elements");
    let tab = world.browser.current_tab().unwrap();
    click_middle(&world, "#thin-patched .number");
    refused_or_asked(&world, &tab, "a thin patch on a big page", None);
    click_middle(&world, "#covered-by-outline .over");
    refused_or_asked(
        &world,
        &tab,
        "a number under a rule's wide outline on a big page",
        Some("+12065550132"),
    );
    click_middle(&world, "#covered-by-text-shadow .over");
    refused_or_asked(
        &world,
        &tab,
        "a number under a text shadow its element inherits from a rule on a big page",
        Some("+12065550133"),
    );
    world.click("+1 206 555 0179");
    assert_nth_dial(&world, 1, "0012065550179", "the number beside it dials");
}

in_both_browsers!(
    a_thin_patch_on_a_big_page_never_dials,
    invisible_or_covered_numbers_never_dial,
    links_that_hide_their_number_ask_first,
);
