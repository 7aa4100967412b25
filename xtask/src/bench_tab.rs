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
//!   layer's own announcement), and the top page's DOMContentLoaded for reference; and, as the
//!   breakdown of that time, when each frame's own document was parsed.
//! - **What any content script costs**: the memory per tab of an extension whose content script
//!   is empty (the same matches, frames and timing as ours; written by the benchmark), the floor
//!   under the per-tab figure.
//!
//! Each figure is the median of `--runs` runs (fresh browser each), with the spread.
//!
//! ```text
//! cargo xtask bench tab [--runs N]
//! ```

use crate::goals::{per_browser, Row, FIRST_SCREEN_MS};
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

/// How many runs unless `--runs` says otherwise.
const RUNS: usize = 3;

impl Default for Settings {
    fn default() -> Settings {
        Settings { runs: RUNS }
    }
}

/// Reads `bench tab`'s flags.
pub fn parse(args: crate::cli::Args) -> Result<Settings, String> {
    Ok(Settings {
        runs: crate::cli::runs_only(args, USAGE, RUNS)?,
    })
}

/// One browser's figures, one value per run.
#[derive(Default)]
struct Figures {
    per_tab_mb: Vec<f64>,
    per_frame_mb: Vec<f64>,
    /// Per tab, an extension whose content script is empty.
    empty_per_tab_mb: Vec<f64>,
    loaded_ms: Vec<f64>,
    first_frame_ms: Vec<f64>,
    last_frame_ms: Vec<f64>,
    /// The frames' own documents parsed: the first and the last.
    first_frame_parsed_ms: Vec<f64>,
    last_frame_parsed_ms: Vec<f64>,
    /// The longest time from a frame's own document parsed to its first mark.
    frame_own_ms: Vec<f64>,
}

/// `cargo xtask bench tab`; returns its rows of issue 17's table.
pub fn bench_tab(settings: &Settings) -> Result<Vec<Row>, String> {
    ensure_chromium()?;
    ensure_firefox()?;
    crate::extension::build()?;
    let site = root().join("target/bench-tab");
    write_site(&site)?;
    let empty = root().join("target/bench-tab-empty");
    let server = StaticServer::start("127.0.0.1:0", site)
        .map_err(|e| format!("cannot serve the pages: {e}"))?;
    let base = server.base_url();
    let mut all = Vec::new();
    for kind in [BrowserKind::Chromium, BrowserKind::Firefox] {
        let extension = Extension::at(&root().join("dist").join(kind.name()), kind)
            .map_err(|e| e.to_string())?;
        write_empty_extension(&empty, kind)?;
        let mut figures = Figures::default();
        for run in 1..=settings.runs {
            step(&format!(
                "Measuring {} (run {run} of {})",
                kind.name(),
                settings.runs
            ));
            let with = memory(kind, Loaded::Ours(&extension), &base)?;
            let without = memory(kind, Loaded::Nothing, &base)?;
            let per_tab = |with: &Memory| {
                ((with.tabs - with.tab) - (without.tabs - without.tab)) / (TABS - 1) as f64
            };
            figures.per_tab_mb.push(per_tab(&with));
            figures.per_frame_mb.push(
                ((with.framed - with.inline) - (without.framed - without.inline)) / FRAMES as f64,
            );
            let empty_script = memory(kind, Loaded::Empty(&empty), &base)?;
            figures.empty_per_tab_mb.push(per_tab(&empty_script));
            let frames = frames_marked(kind, &extension, &base)?;
            figures.loaded_ms.push(frames.loaded);
            figures.first_frame_ms.push(frames.first_marked);
            figures.last_frame_ms.push(frames.last_marked);
            figures.first_frame_parsed_ms.push(frames.first_parsed);
            figures.last_frame_parsed_ms.push(frames.last_parsed);
            figures.frame_own_ms.push(frames.own_longest);
        }
        all.push((kind, figures));
    }
    print!("{}", report(&all, settings.runs));
    Ok(goal_rows(&all))
}

/// The tab's rows of issue 17's table, both browsers: memory per tab and per extra frame, and
/// the 20-frame page marked (every frame) after the top page is parsed, with their breakdowns.
fn goal_rows(all: &[(BrowserKind, Figures)]) -> Vec<Row> {
    let median = |values: &[f64]| median_and_spread(values).0;
    let (per_tab, per_tab_met) = per_browser(all, |f| f.per_tab_mb.clone(), "MB", 1, GOALS_MB.0);
    let (per_frame, per_frame_met) =
        per_browser(all, |f| f.per_frame_mb.clone(), "MB", 1, GOALS_MB.1);
    let all_marked = |f: &Figures| -> Vec<f64> {
        (f.last_frame_ms.iter().zip(&f.loaded_ms))
            .map(|(marked, loaded)| marked - loaded)
            .collect()
    };
    let (every_frame, every_frame_met) = per_browser(all, all_marked, "ms", 0, FIRST_SCREEN_MS);
    let tab_bound = (all.iter())
        .map(|(kind, f)| {
            format!(
                "{}: {:.1} MB per tab, of which an extension whose content script is empty \
                 (same matches, all frames, document_start) costs {:.1} MB",
                kind.name(),
                median(&f.per_tab_mb),
                median(&f.empty_per_tab_mb)
            )
        })
        .collect();
    let frames_bound = (all.iter())
        .map(|(kind, f)| {
            let loaded = median(&f.loaded_ms);
            format!(
                "{}: top page parsed at {loaded:.0} ms; the frames' own documents parsed \
                 {:+.0} to {:+.0} ms after it; each frame marked at most {:.0} ms after its own \
                 document was parsed (medians)",
                kind.name(),
                median(&f.first_frame_parsed_ms) - loaded,
                median(&f.last_frame_parsed_ms) - loaded,
                median(&f.frame_own_ms)
            )
        })
        .collect();
    vec![
        Row::new(
            "memory added per tab (PSS)",
            per_tab,
            format!("<= {:.0} MB", GOALS_MB.0),
            per_tab_met,
            tab_bound,
        ),
        Row::new(
            "memory added per extra frame (PSS)",
            per_frame,
            format!("<= {:.0} MB", GOALS_MB.1),
            per_frame_met,
            Vec::new(),
        ),
        Row::new(
            "page parsed -> every frame marked, 20 iframes",
            every_frame,
            format!("<= {FIRST_SCREEN_MS:.0} ms"),
            every_frame_met,
            frames_bound,
        ),
    ]
}

/// What a measured browser has loaded.
enum Loaded<'e> {
    Nothing,
    Ours(&'e Extension),
    /// The extension with an empty content script, in this directory.
    Empty(&'e Path),
}

/// An extension whose only part is an empty content script with our content script's matches,
/// frames and timing (Chromium: manifest version 3; Firefox: 2, whose content scripts run
/// without the user granting the host permission first).
fn write_empty_extension(dir: &Path, kind: BrowserKind) -> Result<(), String> {
    fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let content_scripts = serde_json::json!([{
        "matches": ["<all_urls>"],
        "js": ["empty.js"],
        "all_frames": true,
        "match_about_blank": true,
        "run_at": "document_start"
    }]);
    let manifest = match kind {
        BrowserKind::Chromium => serde_json::json!({
            "manifest_version": 3,
            "name": "empty content script",
            "version": "1",
            "content_scripts": content_scripts
        }),
        BrowserKind::Firefox => serde_json::json!({
            "manifest_version": 2,
            "name": "empty content script",
            "version": "1",
            "browser_specific_settings": { "gecko": { "id": "empty-content-script@bench.invalid" } },
            "content_scripts": content_scripts
        }),
    };
    fs::write(dir.join("manifest.json"), manifest.to_string())
        .and_then(|()| fs::write(dir.join("empty.js"), "// nothing\n"))
        .map_err(|e| format!("cannot write the empty extension: {e}"))
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

fn launch(kind: BrowserKind, loaded: Loaded) -> Result<Browser, String> {
    let browser = Browser::launch(BrowserOptions {
        kind,
        extension_dir: match loaded {
            Loaded::Nothing => None,
            Loaded::Ours(extension) => Some(extension.dir.clone()),
            Loaded::Empty(dir) => Some(dir.to_path_buf()),
        },
        ..BrowserOptions::default()
    })
    .map_err(|e| format!("cannot start {}: {e}", kind.name()))?;
    if let Loaded::Ours(extension) = loaded {
        extension
            .configure(&browser, &PhoneSettings::new("127.0.0.1:9", "DE"))
            .map_err(|e| e.to_string())?;
        extension
            .announce_marks(&browser)
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

fn memory(kind: BrowserKind, loaded: Loaded, base: &str) -> Result<Memory, String> {
    let marked = matches!(loaded, Loaded::Ours(_));
    let browser = launch(kind, loaded)?;
    let err = |e: c2d_harness::Error| e.to_string();
    let first = browser.current_tab().map_err(err)?;
    browser.goto(&format!("{base}/tab.html")).map_err(err)?;
    let tab = settled_pss(&browser, marked)?;
    for _ in 1..TABS {
        let next = browser.new_tab().map_err(err)?;
        browser.switch_to(&next).map_err(err)?;
        browser.goto(&format!("{base}/tab.html")).map_err(err)?;
    }
    let tabs = settled_pss(&browser, marked)?;
    for handle in browser.window_handles().map_err(err)? {
        if handle != first {
            browser.switch_to(&handle).map_err(err)?;
            browser.close_tab().map_err(err)?;
        }
    }
    browser.switch_to(&first).map_err(err)?;
    browser.goto(&format!("{base}/inline.html")).map_err(err)?;
    let inline = settled_pss(&browser, marked)?;
    browser.goto(&format!("{base}/frames.html")).map_err(err)?;
    let framed = settled_pss(&browser, marked)?;
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

/// When the 20-iframe page and its frames were parsed and marked, in ms from the top page's
/// navigation start.
struct FramesMarked {
    /// The top page's DOMContentLoaded.
    loaded: f64,
    /// The first and the last frame's first mark.
    first_marked: f64,
    last_marked: f64,
    /// The first and the last frame's own DOMContentLoaded.
    first_parsed: f64,
    last_parsed: f64,
    /// The longest from a frame's own DOMContentLoaded to its first mark.
    own_longest: f64,
}

/// Loads the 20-iframe page with the extension and reads when the page and each frame were
/// parsed and first marked.
fn frames_marked(
    kind: BrowserKind,
    extension: &Extension,
    base: &str,
) -> Result<FramesMarked, String> {
    let browser = launch(kind, Loaded::Ours(extension))?;
    browser
        .goto(&format!("{base}/frames.html"))
        .map_err(|e| e.to_string())?;
    let started = Instant::now();
    let times = browser
        .wait_until("every frame to be marked", Duration::from_secs(60), |b| {
            let times = b.execute(
                "const since = (w, t) => w.performance.timeOrigin + t - performance.timeOrigin; \
                 const frames = [...document.querySelectorAll('iframe')].map((f) => { \
                   const w = f.contentWindow; \
                   const mark = w.performance.getEntriesByName('htek-c2d-marked')[0]; \
                   const nav = w.performance.getEntriesByType('navigation')[0]; \
                   return mark && nav && nav.domContentLoadedEventEnd > 0 \
                     ? [since(w, nav.domContentLoadedEventEnd), since(w, mark.startTime)] : null; }); \
                 if (frames.some((t) => t === null)) return null; \
                 const nav = performance.getEntriesByType('navigation')[0]; \
                 return [nav.domContentLoadedEventEnd, frames];",
                vec![],
            )?;
            Ok((!times.is_null()).then_some(times))
        })
        .map_err(|e| e.to_string())?;
    step_detail(
        "Marked",
        &format!("{FRAMES} frames in {} ms", started.elapsed().as_millis()),
    );
    let frames: Vec<(f64, f64)> = (times[1].as_array().into_iter().flatten())
        .map(|pair| {
            let at = |i: usize| pair.get(i).and_then(Value::as_f64).unwrap_or(f64::NAN);
            (at(0), at(1))
        })
        .collect();
    let fold = |pick: fn(&(f64, f64)) -> f64, max: bool| {
        let values = frames.iter().map(pick);
        if max {
            values.fold(f64::NEG_INFINITY, f64::max)
        } else {
            values.fold(f64::INFINITY, f64::min)
        }
    };
    Ok(FramesMarked {
        loaded: times[0].as_f64().unwrap_or(f64::NAN),
        first_marked: fold(|f| f.1, false),
        last_marked: fold(|f| f.1, true),
        first_parsed: fold(|f| f.0, false),
        last_parsed: fold(|f| f.0, true),
        own_longest: fold(|f| f.1 - f.0, true),
    })
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
    let rows: [(&str, Pick, &str, Option<f64>); 8] = [
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
            "  an empty content script, per tab",
            |f| &f.empty_per_tab_mb,
            "MB",
            None,
        ),
        (
            "20-frame page: parsed (top page)",
            |f| &f.loaded_ms,
            "ms",
            None,
        ),
        (
            "20-frame page: first frame parsed",
            |f| &f.first_frame_parsed_ms,
            "ms",
            None,
        ),
        (
            "20-frame page: last frame parsed",
            |f| &f.last_frame_parsed_ms,
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
