//! `cargo xtask bench ui`: how soon the options page and the popup take input, in headless
//! Chromium and Firefox with the built extension (issue 17, "pages that answer at once").
//!
//! A page is interactive when its controls are enabled: until then they are disabled in the
//! HTML (`<fieldset id="page-controls" disabled>`), so nothing typed is lost. The time is the
//! page's own timeline: from its navigation's start to the mark `c2d-ready` that `options.js`
//! and `popup.js` set once Rust has filled and wired the page; the mark `c2d-module` (the
//! WebAssembly module loaded and instantiated) splits it. Each page is opened in a tab, as a
//! person opens the options page; the real popup opens in its own small window, with the same
//! document and the same work.
//!
//! Rows per browser, each the median of `--runs` opens with the spread (min-max):
//! - **options page / popup**: the browser has run for a while (the options page was opened
//!   and saved once before), the usual case;
//! - **options page, right after the browser starts**: a new browser per run, the page opened
//!   at once. No goal: in Chromium the first read of the organisation's policy
//!   (`storage.managed`) in a session waits until the browser has loaded its policies, which
//!   the benchmark measures on its own row, from an extension page that does nothing else.
//!
//! ```text
//! cargo xtask bench ui [--runs N]
//! ```

use crate::goals;
use crate::tools::{ensure_chromium, ensure_firefox, median_and_spread, root, step};
use c2d_harness::dialer::{Extension, PhoneSettings};
use c2d_harness::{Browser, BrowserKind};
use htek_sim::{Config, Sim};
use std::fmt::Write as _;
use std::time::Duration;

/// What follows `cargo xtask` in a correct `bench ui` command line.
pub const USAGE: &str = "bench ui [--runs N]";

/// The goal of issue 17 for both pages, in ms.
const GOAL_MS: f64 = 300.0;

/// How long a page may take to become ready before the benchmark gives up.
const WAIT: Duration = Duration::from_secs(30);

/// The benchmark's settings.
pub struct Settings {
    runs: usize,
}

/// How many times each page is opened unless `--runs` says otherwise.
const RUNS: usize = 9;

impl Default for Settings {
    fn default() -> Settings {
        Settings { runs: RUNS }
    }
}

/// Reads `bench ui`'s flags.
pub fn parse(args: crate::cli::Args) -> Result<Settings, String> {
    Ok(Settings {
        runs: crate::cli::runs_only(args, USAGE, RUNS)?,
    })
}

/// One open of a page: ms from its navigation's start to the module loaded and to ready.
#[derive(Clone, Copy)]
struct Open {
    module: f64,
    ready: f64,
}

/// The figures of one browser.
#[derive(Default)]
struct Row {
    options: Vec<Open>,
    popup: Vec<Open>,
    options_at_start: Vec<Open>,
    /// Chromium: ms of the session's first `storage.managed.get`, from an idle extension page.
    first_policy_read: Vec<f64>,
}

/// `cargo xtask bench ui`; returns its rows of issue 17's table.
pub fn bench_ui(settings: &Settings) -> Result<Vec<goals::Row>, String> {
    ensure_chromium()?;
    ensure_firefox()?;
    crate::extension::build()?;
    let phone = Sim::start(
        "127.0.0.1:0",
        Config {
            quiet: true,
            ..Config::default()
        },
    )
    .map_err(|e| format!("cannot start the simulated phone: {e}"))?;
    let mut rows = Vec::new();
    for kind in [BrowserKind::Chromium, BrowserKind::Firefox] {
        let extension = Extension::at(&root().join("dist").join(kind.name()), kind)
            .map_err(|e| e.to_string())?;
        let mut row = Row::default();

        step(&format!(
            "Opening the options page right after {} starts",
            kind.name()
        ));
        for _ in 0..settings.runs {
            let browser = extension.launch(None).map_err(|e| e.to_string())?;
            row.options_at_start
                .push(open(&browser, &extension, "options.html")?);
        }
        if kind == BrowserKind::Chromium {
            for _ in 0..settings.runs {
                let browser = extension.launch(None).map_err(|e| e.to_string())?;
                row.first_policy_read
                    .push(first_policy_read(&browser, &extension)?);
            }
        }

        step(&format!(
            "Opening the options page and the popup in {}",
            kind.name()
        ));
        let browser = extension.launch(None).map_err(|e| e.to_string())?;
        let saved = extension
            .configure(&browser, &PhoneSettings::new(&phone.host_port(), "DE"))
            .map_err(|e| e.to_string())?;
        if saved != "Saved." {
            return Err(format!("the options page did not save: {saved}"));
        }
        for _ in 0..settings.runs {
            row.options
                .push(open(&browser, &extension, "options.html")?);
            row.popup.push(open(&browser, &extension, "popup.html")?);
        }
        rows.push((kind, row));
    }
    print!("{}", report(&rows, settings.runs));
    Ok(goal_rows(&rows))
}

/// The pages' rows of issue 17's table: the options page and the popup interactive, both
/// browsers.
fn goal_rows(rows: &[(BrowserKind, Row)]) -> Vec<goals::Row> {
    [
        (
            "options page interactive",
            (|r: &Row| ready(&r.options)) as fn(&Row) -> Vec<f64>,
        ),
        ("popup interactive", |r: &Row| ready(&r.popup)),
    ]
    .into_iter()
    .map(|(figure, pick)| {
        let (measured, met) = goals::per_browser(rows, pick, "ms", 0, GOAL_MS);
        goals::Row::new(
            figure,
            measured,
            format!("<= {GOAL_MS:.0} ms"),
            met,
            Vec::new(),
        )
    })
    .collect()
}

/// Opens the extension's `page` in the current tab, waits until it is ready and reads its marks.
fn open(browser: &Browser, extension: &Extension, page: &str) -> Result<Open, String> {
    browser
        .goto(&extension.url(page))
        .map_err(|e| e.to_string())?;
    browser
        .wait_for("body[data-ready]", WAIT)
        .map_err(|e| format!("{page} did not become ready: {e}"))?;
    let marks = browser
        .wait_until("the page's marks", WAIT, |b| {
            let marks = b.execute(
                "return ['c2d-module', 'c2d-ready'].map(n => performance.getEntriesByName(n)[0]?.startTime ?? null)",
                vec![],
            )?;
            Ok(match (marks[0].as_f64(), marks[1].as_f64()) {
                (Some(module), Some(ready)) => Some(Open { module, ready }),
                _ => None,
            })
        })
        .map_err(|e| e.to_string())?;
    Ok(marks)
}

/// The ms of the first `storage.managed.get` of a new Chromium session, asked from an
/// extension page that reads nothing itself (`ask.html` with no question).
fn first_policy_read(browser: &Browser, extension: &Extension) -> Result<f64, String> {
    browser
        .goto(&extension.url("ask.html"))
        .map_err(|e| e.to_string())?;
    let took = browser
        .execute_async(
            "const done = arguments[0]; const started = performance.now();
             chrome.storage.managed.get(null).catch(() => null).then(() => done(performance.now() - started));",
            vec![],
        )
        .map_err(|e| e.to_string())?;
    took.as_f64()
        .ok_or_else(|| format!("no time from the policy read: {took}"))
}

/// The ready times of `opens`.
fn ready(opens: &[Open]) -> Vec<f64> {
    opens.iter().map(|o| o.ready).collect()
}

/// The module-loaded times of `opens`.
fn module(opens: &[Open]) -> Vec<f64> {
    opens.iter().map(|o| o.module).collect()
}

fn report(rows: &[(BrowserKind, Row)], runs: usize) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "\nbench ui: a page's navigation start -> its controls enabled, median of {runs} (min-max)\n"
    );
    let _ = write!(out, "{:<46}", "");
    for (kind, _) in rows {
        let _ = write!(out, " {:>22}", kind.name());
    }
    let _ = writeln!(out, " {:>8}", "goal");
    let cell = |values: &[f64]| {
        if values.is_empty() {
            return "-".to_string();
        }
        let (median, low, high) = median_and_spread(values);
        format!("{median:.0} ms ({low:.0}-{high:.0})")
    };
    type Pick = fn(&Row) -> Vec<f64>;
    let lines: [(&str, Pick, Option<f64>); 7] = [
        (
            "options page interactive",
            |r| ready(&r.options),
            Some(GOAL_MS),
        ),
        ("  of which: module loaded", |r| module(&r.options), None),
        ("popup interactive", |r| ready(&r.popup), Some(GOAL_MS)),
        ("  of which: module loaded", |r| module(&r.popup), None),
        (
            "options page right after the browser starts",
            |r| ready(&r.options_at_start),
            None,
        ),
        (
            "  of which: module loaded",
            |r| module(&r.options_at_start),
            None,
        ),
        (
            "  the session's first policy read alone",
            |r| r.first_policy_read.clone(),
            None,
        ),
    ];
    for (name, pick, goal) in lines {
        let _ = write!(out, "{name:<46}");
        let mut met = true;
        for (_, row) in rows {
            let values = pick(row);
            if let Some(goal) = goal {
                met &= !values.is_empty() && median_and_spread(&values).0 <= goal;
            }
            let _ = write!(out, " {:>22}", cell(&values));
        }
        match goal {
            Some(goal) => {
                let verdict = if met { "met" } else { "NOT met" };
                let _ = writeln!(out, " {goal:>5.0} ms {verdict}");
            }
            None => {
                let _ = writeln!(out);
            }
        }
    }
    let _ = writeln!(
        out,
        "\nRight after the browser starts, the options page waits for the organisation's policy \
         (its fields may be locked by it); Chromium answers the session's first policy read only \
         once it has loaded its policies (the last row). Firefox has no such row: its first read \
         is as quick as the others."
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_report_names_each_row_and_the_verdict() {
        let quick = Open {
            module: 40.0,
            ready: 120.0,
        };
        let slow = Open {
            module: 40.0,
            ready: 900.0,
        };
        let rows = vec![
            (
                BrowserKind::Chromium,
                Row {
                    options: vec![quick, quick, quick],
                    popup: vec![slow, slow, slow],
                    options_at_start: vec![slow],
                    first_policy_read: vec![1500.0],
                },
            ),
            (
                BrowserKind::Firefox,
                Row {
                    options: vec![quick],
                    popup: vec![quick],
                    options_at_start: vec![quick],
                    first_policy_read: Vec::new(),
                },
            ),
        ];
        let text = report(&rows, 3);
        let line = |start: &str| {
            text.lines()
                .find(|l| l.starts_with(start))
                .unwrap_or_else(|| panic!("no {start:?} in {text}"))
                .to_string()
        };
        assert!(line("options page interactive").ends_with("300 ms met"));
        assert!(line("popup interactive").ends_with("300 ms NOT met"));
        assert!(line("  the session's first policy read alone").contains("1500 ms"));
        assert!(line("  the session's first policy read alone").contains(" -"));
    }
}
