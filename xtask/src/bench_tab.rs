//! `cargo xtask bench tab`: what the extension costs a tab, in headless Chromium and Firefox.
//!
//! - **Memory added per tab**: the proportional set size (PSS, `/proc/<pid>/smaps_rollup`) of
//!   the browser's content processes (Chromium's `--type=renderer`, Firefox's `-contentproc`:
//!   JS heaps of the page and the content script, the finder's wasm memory, the DOM and the
//!   highlights, everything a tab's process holds) with 1 and with 6 tabs of a 20-row contact
//!   page, with and without the extension. The extension's own process (its background) is
//!   the same in both counts, so `((ext6 - ext1) - (none6 - none1)) / 5` is what each tab adds.
//! - **Memory added per frame**: the same with a page of 20 same-origin iframes (each a contact
//!   card with numbers) against the same cards inline in one page: `((ext20 - ext0) -
//!   (none20 - none0)) / 20`.
//! - **First and last frame marked** on the 20-iframe page: from the top page's navigation start
//!   to the first and the last frame's first `htek-c2d-marked` user-timing mark (the page
//!   layer's own announcement), and the top page's DOMContentLoaded for reference.
//!
//! Each figure is the median of `--runs` runs (fresh browser each), with the spread.
//!
//! ```text
//! cargo xtask bench tab [--runs N]
//! ```

use crate::tools::{ensure_chromium, ensure_firefox, median_and_spread, root, step, step_detail};
use c2d_harness::dialer::{Extension, PhoneSettings};
use c2d_harness::{Browser, BrowserKind, BrowserOptions};
use htek_sim::files::StaticServer;
use serde_json::Value;
use std::fmt::Write as _;
use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

/// What follows `cargo xtask` in a correct `bench tab` command line.
pub const USAGE: &str = "bench tab [--runs N]";

/// Issue 17's goals: MB per tab, MB per extra frame.
const GOALS_MB: (f64, f64) = (5.0, 1.0);

/// Frames on the frames page; tabs in the many-tabs count.
const FRAMES: usize = 20;
const TABS: usize = 6;

/// The benchmark's settings.
pub struct Settings {
    runs: usize,
}

/// Reads `bench tab`'s flags.
pub fn parse(args: crate::cli::Args) -> Result<Settings, String> {
    Ok(Settings {
        runs: crate::cli::runs_only(args, USAGE, 3)?,
    })
}

/// One browser's figures, one value per run.
#[derive(Default)]
struct Figures {
    per_tab_mb: Vec<f64>,
    per_frame_mb: Vec<f64>,
    loaded_ms: Vec<f64>,
    first_frame_ms: Vec<f64>,
    last_frame_ms: Vec<f64>,
}

/// `cargo xtask bench tab`.
pub fn bench_tab(settings: &Settings) -> Result<(), String> {
    ensure_chromium()?;
    ensure_firefox()?;
    crate::extension::build()?;
    let site = root().join("target/bench-tab");
    write_site(&site)?;
    let server = StaticServer::start("127.0.0.1:0", site)
        .map_err(|e| format!("cannot serve the pages: {e}"))?;
    let base = server.base_url();
    let mut all = Vec::new();
    for kind in [BrowserKind::Chromium, BrowserKind::Firefox] {
        let extension = Extension::at(&root().join("dist").join(kind.name()), kind)
            .map_err(|e| e.to_string())?;
        let mut figures = Figures::default();
        for run in 1..=settings.runs {
            step(&format!(
                "Measuring {} (run {run} of {})",
                kind.name(),
                settings.runs
            ));
            let with = memory(kind, Some(&extension), &base)?;
            let without = memory(kind, None, &base)?;
            figures
                .per_tab_mb
                .push(((with.tabs - with.tab) - (without.tabs - without.tab)) / (TABS - 1) as f64);
            figures.per_frame_mb.push(
                ((with.framed - with.inline) - (without.framed - without.inline)) / FRAMES as f64,
            );
            let (loaded, first, last) = frames_marked(kind, &extension, &base)?;
            figures.loaded_ms.push(loaded);
            figures.first_frame_ms.push(first);
            figures.last_frame_ms.push(last);
        }
        all.push((kind, figures));
    }
    print!("{}", report(&all, settings.runs));
    Ok(())
}

/// The pages: `tab.html` (a 20-row contact table), `frames.html` (20 iframes of `card-N.html`),
/// `inline.html` (the same 20 cards in one page).
fn write_site(site: &Path) -> Result<(), String> {
    fs::create_dir_all(site).map_err(|e| format!("cannot create {}: {e}", site.display()))?;
    let write = |name: &str, body: &str| {
        fs::write(
            site.join(name),
            format!("<!doctype html><meta charset=utf-8><title>{name}</title>\n{body}\n"),
        )
        .map_err(|e| format!("cannot write {name}: {e}"))
    };
    let card = |i: usize| {
        format!(
            "<div class=card><b>Contact {i}</b><br>Tel. 030 {:07}<br>Mobil +49 171 {:07}<br>\
             Fax 030 {:07}</div>",
            1_234_500 + i,
            5_550_100 + i,
            7_654_300 + i
        )
    };
    let mut rows = String::from("<table>");
    for i in 0..20 {
        let _ = write!(
            rows,
            "<tr><td>Contact {i}</td><td>+49 30 {:07}</td><td>2024-01-{:02}</td></tr>",
            1_234_500 + i,
            i + 1
        );
    }
    rows.push_str("</table>");
    write("tab.html", &rows)?;
    let mut frames = String::new();
    let mut inline = String::new();
    for i in 0..FRAMES {
        write(&format!("card-{i}.html"), &card(i))?;
        let _ = write!(
            frames,
            "<iframe src=card-{i}.html width=300 height=120></iframe>"
        );
        inline.push_str(&card(i));
    }
    write("frames.html", &frames)?;
    write("inline.html", &inline)
}

fn launch(kind: BrowserKind, extension: Option<&Extension>) -> Result<Browser, String> {
    let browser = Browser::launch(BrowserOptions {
        kind,
        extension_dir: extension.map(|e| e.dir.clone()),
        ..BrowserOptions::default()
    })
    .map_err(|e| format!("cannot start {}: {e}", kind.name()))?;
    if let Some(extension) = extension {
        extension
            .configure(&browser, &PhoneSettings::new("127.0.0.1:9", "DE"))
            .map_err(|e| e.to_string())?;
    }
    Ok(browser)
}

/// PSS in MB of the browser's content processes after the pages settle.
struct Memory {
    tab: f64,
    tabs: f64,
    inline: f64,
    framed: f64,
}

fn memory(kind: BrowserKind, extension: Option<&Extension>, base: &str) -> Result<Memory, String> {
    let browser = launch(kind, extension)?;
    let err = |e: c2d_harness::Error| e.to_string();
    let first = browser.current_tab().map_err(err)?;
    browser.goto(&format!("{base}/tab.html")).map_err(err)?;
    let tab = settled_pss(&browser, extension.is_some())?;
    for _ in 1..TABS {
        let next = browser.new_tab().map_err(err)?;
        browser.switch_to(&next).map_err(err)?;
        browser.goto(&format!("{base}/tab.html")).map_err(err)?;
    }
    let tabs = settled_pss(&browser, extension.is_some())?;
    for handle in browser.window_handles().map_err(err)? {
        if handle != first {
            browser.switch_to(&handle).map_err(err)?;
            browser.close_tab().map_err(err)?;
        }
    }
    browser.switch_to(&first).map_err(err)?;
    browser.goto(&format!("{base}/inline.html")).map_err(err)?;
    let inline = settled_pss(&browser, extension.is_some())?;
    browser.goto(&format!("{base}/frames.html")).map_err(err)?;
    let framed = settled_pss(&browser, extension.is_some())?;
    drop(browser);
    Ok(Memory {
        tab,
        tabs,
        inline,
        framed,
    })
}

/// Waits until the current tab's numbers are marked (with the extension), lets the processes
/// settle, and sums the PSS of the browser's content processes.
fn settled_pss(browser: &Browser, marked: bool) -> Result<f64, String> {
    if marked {
        browser
            .wait_until("the numbers to be marked", Duration::from_secs(30), |b| {
                let count = b.execute(
                    "const own = performance.getEntriesByName('htek-c2d-marked').length; \
                     const framed = [...document.querySelectorAll('iframe')].filter((f) => \
                       f.contentWindow.performance.getEntriesByName('htek-c2d-marked').length).length; \
                     return own + framed;",
                    vec![],
                )?;
                let frames = b.execute("return document.querySelectorAll('iframe').length", vec![])?;
                let wanted = frames.as_u64().filter(|&n| n > 0).unwrap_or(1);
                Ok((count.as_u64().unwrap_or(0) >= wanted).then_some(()))
            })
            .map_err(|e| e.to_string())?;
    }
    std::thread::sleep(Duration::from_secs(3));
    let mut total_kb = 0u64;
    for pid in browser.processes() {
        let cmdline = fs::read(format!("/proc/{pid}/cmdline")).unwrap_or_default();
        let cmdline = String::from_utf8_lossy(&cmdline);
        if !(cmdline.contains("--type=renderer") || cmdline.contains("-contentproc")) {
            continue;
        }
        let rollup = fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).unwrap_or_default();
        total_kb += rollup
            .lines()
            .find_map(|line| line.strip_prefix("Pss:"))
            .and_then(|rest| {
                rest.trim()
                    .trim_end_matches("kB")
                    .trim()
                    .parse::<u64>()
                    .ok()
            })
            .unwrap_or(0);
    }
    #[allow(clippy::cast_precision_loss)] // kB of a few processes
    Ok(total_kb as f64 / 1024.0)
}

/// On the 20-iframe page, with the extension: the top page's DOMContentLoaded, and the first
/// and the last frame's first mark, in ms from the top page's navigation start.
fn frames_marked(
    kind: BrowserKind,
    extension: &Extension,
    base: &str,
) -> Result<(f64, f64, f64), String> {
    let browser = launch(kind, Some(extension))?;
    browser
        .goto(&format!("{base}/frames.html"))
        .map_err(|e| e.to_string())?;
    let started = Instant::now();
    let times = browser
        .wait_until("every frame to be marked", Duration::from_secs(60), |b| {
            let times = b.execute(
                "const frames = [...document.querySelectorAll('iframe')].map((f) => { \
                   const mark = f.contentWindow.performance.getEntriesByName('htek-c2d-marked')[0]; \
                   return mark ? f.contentWindow.performance.timeOrigin + mark.startTime \
                     - performance.timeOrigin : null; }); \
                 if (frames.some((t) => t === null)) return null; \
                 const nav = performance.getEntriesByType('navigation')[0]; \
                 return [nav.domContentLoadedEventEnd, Math.min(...frames), Math.max(...frames)];",
                vec![],
            )?;
            Ok((!times.is_null()).then_some(times))
        })
        .map_err(|e| e.to_string())?;
    step_detail(
        "Marked",
        &format!("{FRAMES} frames in {} ms", started.elapsed().as_millis()),
    );
    let at = |i: usize| times.get(i).and_then(Value::as_f64).unwrap_or(f64::NAN);
    Ok((at(0), at(1), at(2)))
}

fn report(all: &[(BrowserKind, Figures)], runs: usize) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "\nbench tab: what the extension costs a tab, median of {runs} (min to max)\n"
    );
    let _ = write!(out, "{:<38}", "");
    for (kind, _) in all {
        let _ = write!(out, " {:>26}", kind.name());
    }
    let _ = writeln!(out, "  goal");
    type Pick = fn(&Figures) -> &Vec<f64>;
    let rows: [(&str, Pick, &str, Option<f64>); 5] = [
        (
            "memory added per tab (PSS)",
            |f| &f.per_tab_mb,
            "MB",
            Some(GOALS_MB.0),
        ),
        (
            "memory added per extra frame (PSS)",
            |f| &f.per_frame_mb,
            "MB",
            Some(GOALS_MB.1),
        ),
        (
            "20-frame page: parsed (top page)",
            |f| &f.loaded_ms,
            "ms",
            None,
        ),
        (
            "20-frame page: first frame marked",
            |f| &f.first_frame_ms,
            "ms",
            None,
        ),
        (
            "20-frame page: last frame marked",
            |f| &f.last_frame_ms,
            "ms",
            None,
        ),
    ];
    for (name, pick, unit, goal) in rows {
        let _ = write!(out, "{name:<38}");
        let mut met = true;
        for (_, figures) in all {
            let (median, low, high) = median_and_spread(pick(figures));
            met &= goal.is_none_or(|goal| median <= goal);
            let precision = usize::from(unit == "MB");
            let _ = write!(
                out,
                " {:>26}",
                format!("{median:.precision$} {unit} ({low:.precision$} to {high:.precision$})")
            );
        }
        match goal {
            Some(goal) => {
                let verdict = if met { "met" } else { "NOT met" };
                let _ = writeln!(out, "  {goal} {unit} {verdict}");
            }
            None => {
                let _ = writeln!(out);
            }
        }
    }
    out
}
