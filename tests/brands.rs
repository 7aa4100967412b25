//! End to end, per phone brand (issue 16): the built extension in headless Chromium and Firefox,
//! set up through its options page as a user would (the brand chosen in "Phone brand"),
//! against the simulated phone of that brand (`htek-sim --brand`), which answers only its
//! brand's documented requests with its auth and quirks. For each brand: a click on a number
//! sends exactly the request that brand expects, the popup hangs up the brand's way, a wrong
//! password and a phone that does not allow remote control are each named. Htek is
//! `tests/e2e.rs`. The brands of one test share one browser (a browser's start is most of a
//! test's time): each brand gets its own simulated phone, typed into the options page as a
//! user who changes phones would.
#![cfg(not(target_arch = "wasm32"))]

use c2d_harness::dialer::{choose, PhoneSettings};
use c2d_harness::BrowserKind;
use htek_sim::{AuthSeen, Brand, Call, Config, LogEntry};
use std::net::IpAddr;

mod common;

use common::{World, WAIT};
use htek_sim::Sim;

/// The number clicked on the contacts fixture, and what a German desk phone dials for it.
const CLICKED: &str = "+49 30 1234567";
const DIALED: &str = "0301234567";

/// The simulated phone of `brand`, trusting this computer (Yealink's on-screen question is
/// its own test).
fn phone(brand: Brand) -> Config {
    Config {
        quiet: true,
        trusted: vec![IpAddr::from([127, 0, 0, 1])],
        ..Config::for_brand(brand)
    }
}

/// What the user types for `brand`: the web login (Poly's REST API: user `Polycom`), and an
/// account: Yealink picks one by its SIP URI (typed in "Accounts' SIP URIs"), Fanvil has no
/// choice (the phone's default account).
fn set_up(world: &World, brand: Brand, password: &str) -> String {
    let username = if brand == Brand::Poly {
        "Polycom"
    } else {
        "admin"
    };
    let settings = PhoneSettings {
        username: username.into(),
        password: password.into(),
        ..PhoneSettings::new(&world.phone.host_port(), "DE")
    };
    let extension = &world.extension;
    let browser = &world.browser;
    extension.fill_options(browser, &settings).unwrap();
    extension
        .set_field(browser, "brand", brand_value(brand))
        .unwrap();
    let account = match brand {
        Brand::Fanvil => "auto",
        _ => "2",
    };
    choose(browser, "account", account).unwrap();
    if brand == Brand::Yealink || brand == Brand::Snom {
        extension
            .set_field(browser, "account-uris", "201@pbx.example\n202@pbx.example")
            .unwrap();
    }
    extension.save_options(browser).unwrap()
}

/// The option's value in "Phone brand".
fn brand_value(brand: Brand) -> &'static str {
    match brand {
        Brand::Htek => "htek",
        Brand::Yealink => "yealink",
        Brand::Snom => "snom",
        Brand::Grandstream => "grandstream",
        Brand::Fanvil => "fanvil",
        Brand::Poly => "poly",
    }
}

/// The dial request `brand` expects for [`DIALED`] on account 2 (method, target as logged,
/// body).
fn expected_dial(brand: Brand) -> (&'static str, String, Option<String>) {
    match brand {
        Brand::Yealink => (
            "GET",
            format!("/servlet?key=number={DIALED}&outgoing_uri=202%40pbx.example"),
            None,
        ),
        Brand::Snom => (
            "GET",
            format!("/command.htm?number={DIALED}&outgoing_uri=202%40pbx.example"),
            None,
        ),
        Brand::Grandstream => (
            "GET",
            format!("/cgi-bin/api-make_call?phonenumber={DIALED}&account=1&password=***"),
            None,
        ),
        Brand::Fanvil => (
            "GET",
            format!("/cgi-bin/ConfigManApp.com?key={DIALED};ENTER"),
            None,
        ),
        Brand::Poly => (
            "POST",
            "/api/v1/callctrl/dial".into(),
            Some(format!(
                r#"{{"data":{{"Dest":"{DIALED}","Line":"2","Type":"TEL"}}}}"#
            )),
        ),
        Brand::Htek => unreachable!("tests/e2e.rs"),
    }
}

/// The account the phone dials from: Fanvil's is the phone's default.
fn expected_account(brand: Brand) -> (u8, bool) {
    match brand {
        Brand::Fanvil => (1, true),
        _ => (2, false),
    }
}

/// The brands other than Htek, in the order the tests take them.
const BRANDS: [Brand; 5] = [
    Brand::Yealink,
    Brand::Snom,
    Brand::Grandstream,
    Brand::Fanvil,
    Brand::Poly,
];

/// `world` with `config`'s simulated phone in place of the one it had (the browser, and what
/// the extension keeps, stay).
fn with_new_phone(world: &mut World, config: Config) {
    world.phone = Sim::start("127.0.0.1:0", config).unwrap();
}

/// Clicks `number` on the contacts page and returns the outcome the popup shows for it: the
/// first outcome other than the one shown before the click (the browser is shared, the
/// outcome before may be an earlier brand's).
fn click_for_outcome(world: &World, number: &str) -> String {
    let (_, before) = world.extension.popup(&world.browser).unwrap();
    world.open_contacts();
    world.click(number);
    world
        .browser
        .wait_until("a new outcome in the popup", WAIT, |b| {
            let (_, outcome) = world.extension.popup(b)?;
            Ok((!outcome.is_empty() && outcome != before).then_some(outcome))
        })
        .unwrap()
}

fn every_brand_dials_and_hangs_up(kind: BrowserKind) {
    let mut world = World::new(kind);
    for brand in BRANDS {
        with_new_phone(&mut world, phone(brand));
        dials_and_hangs_up(&world, brand);
    }
}

fn dials_and_hangs_up(world: &World, brand: Brand) {
    assert_eq!(set_up(world, brand, "admin"), "Saved.");
    let outcome = click_for_outcome(world, CLICKED);
    let seen = world
        .phone
        .wait_for(WAIT, LogEntry::is_command)
        .unwrap_or_else(|| panic!("no dial; log: {:#?}", world.phone.log()));
    let (method, target, body) = expected_dial(brand);
    assert_eq!(
        (
            seen.method.as_str(),
            seen.path.as_str(),
            seen.body.as_deref()
        ),
        (method, target.as_str(), body.as_deref()),
        "{brand:?}"
    );
    let expected_auth = if brand == Brand::Grandstream {
        AuthSeen::Query
    } else {
        AuthSeen::Basic
    };
    assert_eq!(seen.auth, expected_auth, "{seen:?}");
    let (account, account_auto) = expected_account(brand);
    assert_eq!(
        world.phone.state().call,
        Call::Dialing {
            number: DIALED.into(),
            account,
            account_auto
        }
    );
    assert_eq!(world.phone.commands().len(), 1, "one click, one command");
    assert!(
        outcome.starts_with("Dialing +49301234567"),
        "{brand:?}: {outcome}"
    );

    world.extension.popup(&world.browser).unwrap();
    world.browser.find("#hang-up").unwrap().click().unwrap();
    world
        .phone
        .wait_for(WAIT, |e| {
            e.is_command() && world.phone.state().call == Call::HungUp
        })
        .unwrap_or_else(|| panic!("no hang-up; log: {:#?}", world.phone.log()));
    let outcome = world
        .browser
        .wait_until("the hang-up outcome", WAIT, |b| {
            let text = b.find("#outcome")?.text()?;
            Ok(text.starts_with("Hung up").then_some(text))
        })
        .unwrap();
    assert!(
        outcome.contains(&world.phone.host_port()),
        "{brand:?}: {outcome}"
    );
}

fn a_wrong_password_is_named(world: &World, brand: Brand) {
    assert_eq!(set_up(world, brand, "wrong"), "Saved.");
    let outcome = click_for_outcome(world, CLICKED);
    assert!(
        outcome.starts_with("Wrong username or password"),
        "{brand:?}: {outcome}"
    );
    assert!(
        world.phone.commands().is_empty(),
        "{:#?}",
        world.phone.log()
    );
    assert_eq!(world.phone.state().call, Call::Idle);
}

/// The phone's remote control is off or limited, the brand's way; the outcome names it and
/// says what to do on that brand.
fn remote_control_refused_is_named(world: &mut World, brand: Brand, config: Config, hint: &str) {
    with_new_phone(world, config);
    assert_eq!(set_up(world, brand, "admin"), "Saved.");
    let outcome = click_for_outcome(world, CLICKED);
    assert!(
        outcome.contains(hint),
        "{brand:?}: {outcome:?} should say {hint:?}"
    );
    assert!(
        world.phone.commands().is_empty(),
        "{:#?}",
        world.phone.log()
    );
}

/// Yealink asks "Allow remote control?" on its screen the first time; the outcome says so, and
/// after someone presses OK there the next click dials.
fn yealink_asks_on_its_screen_first(world: &mut World) {
    let config = Config {
        trusted: Vec::new(),
        ..phone(Brand::Yealink)
    };
    with_new_phone(world, config);
    assert_eq!(set_up(world, Brand::Yealink, "admin"), "Saved.");
    let outcome = click_for_outcome(world, CLICKED);
    assert!(outcome.contains("Allow remote control"), "{outcome}");
    assert!(world.phone.commands().is_empty());
    assert!(world.phone.screen_prompt().is_some(), "the phone asks");
    assert!(world.phone.press_ok().is_some());
    world.open_contacts();
    world.click("030 7654321");
    let seen = world
        .phone
        .wait_for(WAIT, LogEntry::is_command)
        .expect("a dial after OK");
    assert!(
        seen.path.starts_with("/servlet?key=number=0307654321"),
        "{}",
        seen.path
    );
}

/// Detect on the options page: with only the address typed, each brand's simulated phone is
/// named, "Phone brand" is set to it, and the phone saw no login and did nothing.
fn detect_names_each_brand(kind: BrowserKind) {
    let world = World::new(kind);
    for brand in [
        Brand::Htek,
        Brand::Yealink,
        Brand::Snom,
        Brand::Grandstream,
        Brand::Fanvil,
        Brand::Poly,
    ] {
        let phone = htek_sim::Sim::start("127.0.0.1:0", self::phone(brand)).unwrap();
        let extension = &world.extension;
        let browser = &world.browser;
        extension.open_options(browser).unwrap();
        extension
            .set_field(browser, "phone-address", &phone.host_port())
            .unwrap();
        browser.find("#detect-brand").unwrap().click().unwrap();
        let said = browser
            .wait_until("Detect's answer", WAIT, |b| {
                let text = b.find("#detect-result")?.text()?;
                Ok((!text.is_empty() && !text.starts_with("Asking")).then_some(text))
            })
            .unwrap();
        let name = format!("{brand:?}");
        assert!(
            said.contains(&format!("answers like a {name} phone")),
            "{name}: {said}"
        );
        let chosen = browser
            .execute("return document.getElementById('brand').value", vec![])
            .unwrap();
        assert_eq!(chosen.as_str(), Some(brand_value(brand)), "{said}");
        let log = phone.log();
        assert!(!log.is_empty(), "{name}: Detect never asked the phone");
        assert!(
            log.iter().all(|e| e.user.is_none() && e.action.is_none()),
            "{name}: {log:#?}"
        );
    }
}

fn wrong_passwords_are_named_for_every_brand(kind: BrowserKind) {
    let mut world = World::new(kind);
    for brand in BRANDS {
        with_new_phone(&mut world, phone(brand));
        a_wrong_password_is_named(&world, brand);
    }
}

/// Each brand's own refusal (Yealink, Fanvil and Grandstream: this computer not in the allow
/// list; Poly: the REST API off; Snom: HTTP commands off), then Yealink's question on its
/// screen, in one browser.
fn refused_remote_control_is_named_for_every_brand(kind: BrowserKind) {
    let not_listed = |brand| Config {
        allow_ips: "192.0.2.7".into(),
        ..phone(brand)
    };
    let world = &mut World::new(kind);
    remote_control_refused_is_named(
        world,
        Brand::Yealink,
        not_listed(Brand::Yealink),
        "Allow IP List",
    );
    remote_control_refused_is_named(
        world,
        Brand::Fanvil,
        not_listed(Brand::Fanvil),
        "Active URI",
    );
    remote_control_refused_is_named(
        world,
        Brand::Grandstream,
        not_listed(Brand::Grandstream),
        "Action URI Allowed IP List",
    );
    remote_control_refused_is_named(
        world,
        Brand::Snom,
        Config {
            http_commands: false,
            ..phone(Brand::Snom)
        },
        "turn the HTTP server on",
    );
    remote_control_refused_is_named(
        world,
        Brand::Poly,
        Config {
            rest_api: false,
            ..phone(Brand::Poly)
        },
        "REST",
    );
    yealink_asks_on_its_screen_first(world);
}

in_both_browsers!(
    detect_names_each_brand,
    every_brand_dials_and_hangs_up,
    wrong_passwords_are_named_for_every_brand,
    refused_remote_control_is_named_for_every_brand,
);
