//! `cargo xtask bench click`: the click itself, from a trusted click on a marked number to the
//! dial request on the phone's wire, in headless Chromium and Firefox, with the built extension
//! against the simulated phone on loopback.
//!
//! Three rows per browser, each the median of `--runs` clicks with the spread (min-max):
//! - **warm**: the background is running (one click before the timed ones), on the contacts
//!   fixture;
//! - **warm, 10,000-row page**: the same on the page benchmark's contact table (`bench page`:
//!   about 160,000 elements, 20,000 numbers), where what the click looks at before it dials
//!   (what a person could see at the point, `sightAt` in `extension/page/layer.js`) restyles
//!   a big document;
//! - **warm, a real page**: the same on `tests/fixtures/outside/pixnet.html`, a Taiwanese blog
//!   as its site served it (3,000 elements, 464 lines of its own style, a strict CSP: the
//!   numbers are found by the background), which nobody in this project wrote;
//! - **background stopped**: before each click the background is stopped the browser's own way
//!   and the benchmark checks that it is gone, then that the click started it again. Chromium:
//!   DevTools' `ServiceWorker.stopAllWorkers` (what "Stop" on chrome://serviceworker-internals
//!   does), checked in `Target.getTargets`. Firefox: its idle suspension of the background
//!   (the pref `extensions.background.idle.timeout` set to 1 s in that browser), checked with
//!   `extension.getBackgroundPage()` from an extension page in a second tab (null while
//!   suspended).
//!
//! The click's time is the page's own `pointerup` event (`performance.timeOrigin + timeStamp`:
//! the `click` follows it in the same task, and the extension's own listener takes the click);
//! the request's time is the simulated phone's log (`time_ms`, when it has read and answered
//! the request). Both clocks are this machine's wall clock.
//!
//! `--profile DIR` clicks once more on the real page and on the big page in Chromium with
//! DevTools' CPU profiler on (the page's renderer: the page and the extension's content
//! scripts) and writes `DIR/click-real-page.cpuprofile` and `DIR/click-big-page.cpuprofile`,
//! printing the functions with the most time of their own.
//!
//! ```text
//! cargo xtask bench click [--runs N] [--profile DIR]
//! ```

use crate::goals::{per_browser, Row};
use crate::tools::{ensure_chromium, ensure_firefox, median_and_spread, root, step};
use c2d_harness::dialer::{
    click_number, number_position, wait_for_numbers, Extension, PhoneSettings,
};
use c2d_harness::{Browser, BrowserKind};
use htek_sim::files::StaticServer;
use htek_sim::{Config, Sim};
use serde_json::{json, Value};
use std::fmt::Write as _;
use std::time::{Duration, Instant};

/// What follows `cargo xtask` in a correct `bench click` command line.
pub const USAGE: &str = "bench click [--runs N] [--profile DIR]";

/// The goals of issue 17, in ms: warm, and with the background stopped first.
const GOALS_MS: (f64, f64) = (50.0, 300.0);

/// How long the phone may take to see a dial after a click.
const WAIT: Duration = Duration::from_secs(15);

/// The benchmark's settings.
pub struct Settings {
    runs: usize,
    /// Where to write a CPU profile of one click on the big page in Chromium.
    profile: Option<std::path::PathBuf>,
}

/// How many clicks each row times unless `--runs` says otherwise.
const RUNS: usize = 9;

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            runs: RUNS,
            profile: None,
        }
    }
}

/// Reads `bench click`'s flags.
pub fn parse(mut args: crate::cli::Args) -> Result<Settings, String> {
    let mut settings = Settings::default();
    while let Some(arg) = args.next()? {
        match arg {
            lexopt::Arg::Long("runs") => {
                settings.runs = args.value("--runs", "a number of runs")?;
            }
            lexopt::Arg::Long("profile") => {
                settings.profile = Some(args.value("--profile", "a directory")?);
            }
            other => return Err(crate::cli::unexpected(USAGE, other)),
        }
    }
    if settings.runs == 0 {
        return Err("--runs must be at least 1".into());
    }
    Ok(settings)
}

/// Milliseconds of each timed click.
#[derive(Default)]
struct Times {
    warm: Vec<f64>,
    big_page: Vec<f64>,
    real_page: Vec<f64>,
    stopped: Vec<f64>,
}

/// The numbers of the real page (`tests/fixtures/outside/pixnet.html`), as it writes them.
const REAL_PAGE_NUMBERS: [&str; 2] = ["03-584-7231", "0937-141993"];

/// Rows of the big page (the page benchmark's contact table).
const BIG_PAGE_ROWS: usize = 10_000;

/// Writes the big page into `dir` as `big.html`.
fn write_big_page(dir: &std::path::Path) -> Result<(), String> {
    let (table, _) = c2d_harness::pages::contact_table(BIG_PAGE_ROWS, 1);
    let page = format!(
        "<!doctype html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>CRM contacts</title></head>\n\
         <body>\n<h1>Contacts</h1>\n{table}</body>\n</html>\n"
    );
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    std::fs::write(dir.join("big.html"), page)
        .map_err(|e| format!("cannot write the big page into {}: {e}", dir.display()))
}

/// `cargo xtask bench click`; returns its rows of issue 17's table.
pub fn bench_click(settings: &Settings) -> Result<Vec<Row>, String> {
    ensure_chromium()?;
    ensure_firefox()?;
    crate::extension::build()?;
    let pages = StaticServer::start("127.0.0.1:0", root().join("tests/fixtures"))
        .map_err(|e| format!("cannot serve the fixture pages: {e}"))?;
    let big_dir = root().join("target/bench-click");
    write_big_page(&big_dir)?;
    let big_pages = StaticServer::start("127.0.0.1:0", big_dir)
        .map_err(|e| format!("cannot serve the big page: {e}"))?;
    let mut rows = Vec::new();
    for kind in [BrowserKind::Chromium, BrowserKind::Firefox] {
        let extension = Extension::at(&root().join("dist").join(kind.name()), kind)
            .map_err(|e| e.to_string())?;
        let mut row = Times::default();
        step(&format!("Timing warm clicks in {}", kind.name()));
        let phone = start_phone()?;
        let browser = extension.launch(None).map_err(|e| e.to_string())?;
        let clicker = Clicker::open(&browser, &extension, &phone, &pages, "contacts.html", None)?;
        clicker.timed(&phone)?; // the first click of the session, not counted
        for _ in 0..settings.runs {
            row.warm.push(clicker.timed(&phone)?);
        }
        step(&format!(
            "Timing warm clicks on a real page in {}",
            kind.name()
        ));
        let clicker = Clicker::open(
            &browser,
            &extension,
            &phone,
            &pages,
            "outside/pixnet.html",
            Some(&REAL_PAGE_NUMBERS),
        )?;
        clicker.timed(&phone)?;
        for _ in 0..settings.runs {
            row.real_page.push(clicker.timed(&phone)?);
        }
        if let (Some(dir), BrowserKind::Chromium) = (&settings.profile, kind) {
            step("Profiling one more click on the real page in Chromium");
            profile_click(&browser, &clicker, &phone, dir, "click-real-page")?;
        }
        step(&format!(
            "Timing warm clicks on the {BIG_PAGE_ROWS}-row page in {}",
            kind.name()
        ));
        let clicker = Clicker::open(&browser, &extension, &phone, &big_pages, "big.html", None)?;
        clicker.timed(&phone)?;
        for _ in 0..settings.runs {
            row.big_page.push(clicker.timed(&phone)?);
        }
        if let (Some(dir), BrowserKind::Chromium) = (&settings.profile, kind) {
            step("Profiling one more click on the big page in Chromium");
            profile_click(&browser, &clicker, &phone, dir, "click-big-page")?;
        }
        drop(browser);

        step(&format!(
            "Timing clicks with the background stopped first in {}",
            kind.name()
        ));
        let phone = start_phone()?;
        let browser = match kind {
            BrowserKind::Chromium => extension.launch(None),
            BrowserKind::Firefox => extension.launch_with_prefs(vec![(
                "extensions.background.idle.timeout".into(),
                json!(1000),
            )]),
        }
        .map_err(|e| e.to_string())?;
        let clicker = Clicker::open(&browser, &extension, &phone, &pages, "contacts.html", None)?;
        let watcher = Watcher::new(&browser, &extension)?;
        for _ in 0..settings.runs {
            watcher.stop_background(&clicker)?;
            row.stopped.push(clicker.timed(&phone)?);
            if !watcher.background_running(&clicker)? {
                return Err(format!(
                    "{}: the background did not run after the click",
                    kind.name()
                ));
            }
        }
        drop(browser);
        rows.push((kind, row));
    }
    print!("{}", report(&rows, settings.runs));
    Ok(goal_rows(&rows))
}

/// Clicks the next number of `clicker` once more with DevTools' CPU profiler on, writes the
/// profile as `DIR/NAME.cpuprofile` and prints where the time went.
fn profile_click(
    browser: &Browser,
    clicker: &Clicker,
    phone: &Sim,
    dir: &std::path::Path,
    name: &str,
) -> Result<(), String> {
    browser
        .cdp("Profiler.enable", json!({}))
        .and_then(|_| browser.cdp("Profiler.setSamplingInterval", json!({"interval": 100})))
        .and_then(|_| browser.cdp("Profiler.start", json!({})))
        .map_err(|e| e.to_string())?;
    let ms = clicker.timed(phone)?;
    let stopped = browser
        .cdp("Profiler.stop", json!({}))
        .map_err(|e| e.to_string())?;
    println!("the profiled click: {ms:.0} ms to the wire");
    crate::bench_page::write_profile(dir, name, &stopped["profile"])
}

/// The click's rows of issue 17's table: warm and with the background stopped, both browsers.
fn goal_rows(rows: &[(BrowserKind, Times)]) -> Vec<Row> {
    [
        (
            "click -> request on the wire, warm",
            (|t: &Times| &t.warm) as fn(&Times) -> &Vec<f64>,
            GOALS_MS.0,
        ),
        (
            "click -> request on the wire, warm, 10,000-row page",
            |t: &Times| &t.big_page,
            GOALS_MS.0,
        ),
        (
            "click -> request on the wire, background stopped",
            |t: &Times| &t.stopped,
            GOALS_MS.1,
        ),
    ]
    .into_iter()
    .map(|(figure, pick, goal)| {
        let (measured, met) = per_browser(rows, |t| pick(t).clone(), "ms", 0, goal);
        Row::new(
            figure,
            measured,
            format!("<= {goal:.0} ms"),
            met,
            Vec::new(),
        )
    })
    .collect()
}

fn start_phone() -> Result<Sim, String> {
    Sim::start(
        "127.0.0.1:0",
        Config {
            quiet: true,
            ..Config::default()
        },
    )
    .map_err(|e| format!("cannot start the simulated phone: {e}"))
}

/// A page of numbers in a tab, set up for timed clicks.
struct Clicker<'a> {
    browser: &'a Browser,
    tab: c2d_harness::WindowHandle,
    numbers: Vec<String>,
    next: std::cell::Cell<usize>,
}

impl<'a> Clicker<'a> {
    /// Saves settings for `phone`, opens `page` of `pages`, waits for its numbers (`known`, or
    /// four or more of those marked near the top) and starts recording the page's click times
    /// (its `pointerup` events).
    fn open(
        browser: &'a Browser,
        extension: &Extension,
        phone: &Sim,
        pages: &StaticServer,
        page: &str,
        known: Option<&[&str]>,
    ) -> Result<Clicker<'a>, String> {
        let saved = extension
            .configure(browser, &PhoneSettings::new(&phone.host_port(), "DE"))
            .map_err(|e| e.to_string())?;
        if saved != "Saved." {
            return Err(format!("the options page did not save: {saved}"));
        }
        browser
            .goto(&format!("{}/{page}", pages.base_url()))
            .map_err(|e| e.to_string())?;
        let numbers = match known {
            // Marks are drawn near the viewport only: each is looked for where it is written.
            Some(known) => {
                // A real page may take a while to load and be marked (pixnet's blocked style
                // sheets of other origins, in Firefox): its first number is looked for for up
                // to a minute, each try of the harness's waiting ten seconds.
                for (i, raw) in known.iter().enumerate() {
                    let tries = if i == 0 { 6 } else { 1 };
                    (1..tries)
                        .fold(number_position(browser, raw, true), |found, _| {
                            found.or_else(|_| number_position(browser, raw, true))
                        })
                        .map_err(|e| format!("{page}: {e}"))?;
                }
                known.iter().map(|raw| (*raw).to_owned()).collect()
            }
            None => wait_for_numbers(browser, 4).map_err(|e| e.to_string())?,
        };
        browser
            .execute(
                "window.__clicks = []; addEventListener('pointerup', \
                 (e) => window.__clicks.push(performance.timeOrigin + e.timeStamp), true);",
                vec![],
            )
            .map_err(|e| e.to_string())?;
        Ok(Clicker {
            browser,
            tab: browser.current_tab().map_err(|e| e.to_string())?,
            numbers,
            next: std::cell::Cell::new(0),
        })
    }

    /// Clicks the next number (in turn, so that no click repeats the one before) and returns
    /// the ms from the click to the phone's log of the dial.
    fn timed(&self, phone: &Sim) -> Result<f64, String> {
        let before = phone.commands().len();
        let raw = &self.numbers[self.next.get() % self.numbers.len()];
        self.next.set(self.next.get() + 1);
        click_number(self.browser, raw).map_err(|e| e.to_string())?;
        let deadline = Instant::now() + WAIT;
        let entry = loop {
            if let Some(entry) = phone.commands().into_iter().nth(before) {
                break entry;
            }
            if Instant::now() > deadline {
                return Err(format!(
                    "the phone got no dial within {WAIT:?} of clicking {raw}"
                ));
            }
            std::thread::sleep(Duration::from_millis(5));
        };
        let clicked = self
            .browser
            .execute("return window.__clicks.at(-1)", vec![])
            .map_err(|e| e.to_string())?;
        let clicked = clicked
            .as_f64()
            .ok_or_else(|| format!("the page saw no click on {raw}"))?;
        // Let the outcome settle before the next click; with fewer than four numbers in turn,
        // long enough that the next click on this one is no double click (the repeat guard's
        // second after the answer).
        let settle = if self.numbers.len() >= 4 {
            300.0
        } else {
            click_to_dial::command::RepeatGuard::WINDOW_MS + 100.0
        };
        std::thread::sleep(Duration::from_secs_f64(settle / 1000.0));
        #[allow(clippy::cast_precision_loss)] // epoch milliseconds fit an f64 exactly
        Ok(entry.time_ms as f64 - clicked)
    }
}

/// Stops the extension's background and tells whether it runs.
struct Watcher<'a> {
    browser: &'a Browser,
    extension: &'a Extension,
    /// Firefox: a tab with an extension page, to ask from.
    extension_tab: Option<c2d_harness::WindowHandle>,
}

impl<'a> Watcher<'a> {
    fn new(browser: &'a Browser, extension: &'a Extension) -> Result<Watcher<'a>, String> {
        let extension_tab = match browser.kind() {
            BrowserKind::Chromium => None,
            BrowserKind::Firefox => {
                let back = browser.current_tab().map_err(|e| e.to_string())?;
                let tab = browser.new_tab().map_err(|e| e.to_string())?;
                browser.switch_to(&tab).map_err(|e| e.to_string())?;
                browser
                    .goto(&extension.url("popup.html"))
                    .map_err(|e| e.to_string())?;
                browser.switch_to(&back).map_err(|e| e.to_string())?;
                Some(tab)
            }
        };
        Ok(Watcher {
            browser,
            extension,
            extension_tab,
        })
    }

    /// Stops the background (Chromium) or waits for Firefox to suspend it, and checks it is
    /// gone; leaves the contacts tab current.
    fn stop_background(&self, clicker: &Clicker) -> Result<(), String> {
        if self.browser.kind() == BrowserKind::Chromium {
            self.browser
                .cdp("ServiceWorker.enable", json!({}))
                .and_then(|_| self.browser.cdp("ServiceWorker.stopAllWorkers", json!({})))
                .map_err(|e| e.to_string())?;
        }
        let deadline = Instant::now() + Duration::from_secs(20);
        while self.background_running(clicker)? {
            if Instant::now() > deadline {
                return Err(format!(
                    "{}: the background did not stop",
                    self.browser.kind().name()
                ));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Ok(())
    }

    /// Whether the background runs now; leaves the contacts tab current.
    fn background_running(&self, clicker: &Clicker) -> Result<bool, String> {
        match &self.extension_tab {
            None => {
                let targets = self
                    .browser
                    .cdp("Target.getTargets", json!({}))
                    .map_err(|e| e.to_string())?;
                let ours = self.extension.url("");
                Ok(targets["targetInfos"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .any(|t| {
                        t["type"] == "service_worker"
                            && t["url"].as_str().is_some_and(|u| u.starts_with(&ours))
                    }))
            }
            Some(tab) => {
                self.browser.switch_to(tab).map_err(|e| e.to_string())?;
                let page = self.browser.execute(
                    "return browser.extension.getBackgroundPage() !== null",
                    vec![],
                );
                self.browser
                    .switch_to(&clicker.tab)
                    .map_err(|e| e.to_string())?;
                Ok(page.map_err(|e| e.to_string())? == Value::Bool(true))
            }
        }
    }
}

fn report(rows: &[(BrowserKind, Times)], runs: usize) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "\nbench click: trusted click -> dial request on the phone's wire, median of {runs} (min-max)\n"
    );
    let _ = write!(out, "{:<26}", "");
    for (kind, _) in rows {
        let _ = write!(out, " {:>24}", kind.name());
    }
    let _ = writeln!(out, " {:>8}", "goal");
    let cell = |values: &[f64]| {
        let (median, low, high) = median_and_spread(values);
        format!("{median:.0} ms ({low:.0}-{high:.0})")
    };
    for (name, pick, goal) in [
        (
            "warm",
            (|r: &Times| r.warm.clone()) as fn(&Times) -> Vec<f64>,
            GOALS_MS.0,
        ),
        (
            "warm, 10,000-row page",
            |r: &Times| r.big_page.clone(),
            GOALS_MS.0,
        ),
        (
            "warm, a real page",
            |r: &Times| r.real_page.clone(),
            GOALS_MS.0,
        ),
        (
            "background stopped",
            |r: &Times| r.stopped.clone(),
            GOALS_MS.1,
        ),
    ] {
        let _ = write!(out, "{name:<26}");
        let mut met = true;
        for (_, row) in rows {
            let values = pick(row);
            met &= median_and_spread(&values).0 <= goal;
            let _ = write!(out, " {:>24}", cell(&values));
        }
        let verdict = if met { "met" } else { "NOT met" };
        let _ = writeln!(out, " {:>5.0} ms {verdict}", goal);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flags(args: &[&str]) -> Result<Settings, String> {
        parse(crate::cli::Args::from(args.iter().copied(), USAGE))
    }

    #[test]
    fn flags_are_read_and_mistakes_named() {
        let settings = flags(&["--runs", "3", "--profile", "/tmp/p"]).unwrap();
        assert_eq!(settings.runs, 3);
        assert_eq!(
            settings.profile.as_deref(),
            Some(std::path::Path::new("/tmp/p"))
        );
        let defaults = flags(&[]).unwrap();
        assert_eq!((defaults.runs, defaults.profile), (RUNS, None));
        for (args, says) in [
            (&["--runs", "0"][..], "--runs must be at least 1"),
            (&["--profile"], "--profile needs a directory"),
            (&["--bogus"], "unknown flag --bogus"),
        ] {
            let message = flags(args).err().unwrap();
            assert!(message.starts_with(says), "{args:?}: {message}");
        }
    }
}
