//! `cargo xtask bench page`: how the page layer copes with a big CRM page, in headless Chromium,
//! side by side with a reference linkifier built here on libphonenumber-js (the way click-to-call
//! extensions commonly work: walk the text nodes, find numbers with libphonenumber-js, wrap each
//! in an `<a href="tel:">`, and do the same for nodes added later).
//!
//! The page is a 10,000-row contact table (~20,000 numbers among dates, IDs and amounts),
//! generated from a seed ([`contact_table`], which `tests/page.rs` also opens, under a strict
//! CSP). Each side gets its own fresh browser: the built extension (`dist/chromium`, default
//! country DE) or the reference script in the page. Measured in the page by `probe.js`:
//! - load to the last number marked (from the navigation's start; marking is over when the
//!   count of marked numbers has not changed for 1.5 s);
//! - main-thread tasks over 50 ms (Long Tasks API), while loading and marking;
//! - time for one added row to be marked, on a 20-row and on the big page (median of 15);
//! - the JS heap (after a forced GC) before and after 1,000 add/remove cycles of a row, on the
//!   20-row page (on the big one each cycle would mostly measure the browser's relayout).
//!
//! ```text
//! cargo xtask bench page [--rows N] [--cycles N]
//! ```

use crate::tools::{ensure_chromium, root, step, step_detail};
use c2d_harness::dialer::{Extension, PhoneSettings};
use c2d_harness::pages::contact_table;
use c2d_harness::{Browser, BrowserKind, BrowserOptions};
use htek_sim::files::StaticServer;
use serde_json::Value;
use std::fmt::Write as _;
use std::fs;
use std::path::Path;
use std::time::Duration;

/// The benchmark's settings.
pub struct Settings {
    rows: usize,
    cycles: usize,
}

/// What was measured on one side.
#[derive(Default)]
struct Figures {
    marked: u64,
    /// From the navigation's start: the page parsed (DOMContentLoaded), the first and the last
    /// numbers marked.
    loaded_ms: f64,
    first_marked_ms: f64,
    load_to_marked_ms: f64,
    long_tasks: usize,
    longest_task_ms: f64,
    added_small_ms: f64,
    added_big_ms: f64,
    heap_before_mb: f64,
    heap_after_mb: f64,
    /// The extension's own account of where marking's time went (none for the reference).
    load_phases: Option<Phases>,
    added_big_phases: Option<Phases>,
}

/// Where the page layer's time went, as it reports it (see `spent` in layer.js), in ms.
#[derive(Clone, Copy)]
struct Phases {
    reading: f64,
    finding: f64,
    marking: f64,
    yielding: f64,
    slices: f64,
}

impl Phases {
    fn from_json(value: &Value) -> Option<Phases> {
        let get = |name: &str| value.get(name).and_then(Value::as_f64);
        Some(Phases {
            reading: get("reading")?,
            finding: get("finding")?,
            marking: get("marking")?,
            yielding: get("yielding")?,
            slices: get("slices").unwrap_or(f64::NAN),
        })
    }

    fn line(&self) -> String {
        format!(
            "reading the page {:.1} ms, finder {:.1} ms, marking {:.1} ms, page's turns {:.1} ms ({:.0} slices)",
            self.reading, self.finding, self.marking, self.yielding, self.slices
        )
    }
}

impl Figures {
    /// From the page parsed to the last number marked.
    fn marking_ms(&self) -> f64 {
        self.load_to_marked_ms - self.loaded_ms
    }
}

/// What follows `cargo xtask` in a correct `bench page` command line.
pub const USAGE: &str = "bench page [--rows N] [--cycles N]";

/// The flags of `cargo xtask bench page`.
pub fn parse(mut args: crate::cli::Args) -> Result<Settings, String> {
    let mut settings = Settings {
        rows: 10_000,
        cycles: 1_000,
    };
    while let Some(arg) = args.next()? {
        match arg {
            lexopt::Arg::Long("rows") => {
                settings.rows = args.value("--rows", "a number of rows")?
            }
            lexopt::Arg::Long("cycles") => {
                settings.cycles = args.value("--cycles", "a number of cycles")?;
            }
            other => return Err(crate::cli::unexpected(USAGE, other)),
        }
    }
    Ok(settings)
}

/// `cargo xtask bench page`.
pub fn bench_page(settings: Settings) -> Result<(), String> {
    ensure_chromium()?;
    let extension_dir = crate::extension::build()?;
    let library = crate::tools::ensure_bench_node()?
        .join("node_modules/libphonenumber-js/bundle/libphonenumber-max.js");
    let site = root().join("target/bench-page");
    step_detail(
        "Generating",
        &format!("a {}-row contact table", settings.rows),
    );
    let numbers = write_site(&site, settings.rows, &library)?;
    let server = StaticServer::start("127.0.0.1:0", site.clone())
        .map_err(|e| format!("cannot serve the pages: {e}"))?;

    step("Measuring the extension (highlights)");
    let extension =
        Extension::at(&extension_dir, BrowserKind::Chromium).map_err(|e| e.to_string())?;
    let browser = launch(Some(&extension))?;
    let settings_page = PhoneSettings::new("127.0.0.1:9", "DE");
    extension
        .configure(&browser, &settings_page)
        .map_err(|e| e.to_string())?;
    let ours = measure(&browser, &server.base_url(), "", &settings)?;
    drop(browser);

    step("Measuring the reference linkifier (libphonenumber-js, <a> elements)");
    let browser = launch(None)?;
    let reference = measure(&browser, &server.base_url(), "-ref", &settings)?;
    drop(browser);

    print!("{}", report(&ours, &reference, numbers, &settings));
    Ok(())
}

/// Headless Chromium with precise heap figures and a GC the page may call.
fn launch(extension: Option<&Extension>) -> Result<Browser, String> {
    let options = BrowserOptions {
        extension_dir: extension.map(|e| e.dir.clone()),
        extra_args: vec![
            "--enable-precise-memory-info".into(),
            "--js-flags=--expose-gc".into(),
        ],
        ..BrowserOptions::default()
    };
    Browser::launch(options).map_err(|e| format!("cannot start Chromium: {e}"))
}

/// Loads the big page (`big<suffix>.html`), waits until marking is over, then times added rows
/// there and on the small page, and the heap over add/remove cycles.
fn measure(
    browser: &Browser,
    base: &str,
    suffix: &str,
    settings: &Settings,
) -> Result<Figures, String> {
    let wait = Duration::from_secs(180);
    browser
        .set_script_timeout(Duration::from_secs(900))
        .map_err(|e| e.to_string())?;
    let js = |script: &str| {
        browser
            .execute_async(script, vec![])
            .map_err(|e| e.to_string())
    };
    browser
        .goto(&format!("{base}/big{suffix}.html"))
        .map_err(|e| e.to_string())?;
    let loaded = browser
        .wait_until("marking to be over", wait, |b| {
            let done = b.execute("return window.__bench.done ? window.__bench : null", vec![])?;
            Ok((!done.is_null()).then_some(done))
        })
        .map_err(|e| e.to_string())?;
    let mut figures = Figures {
        marked: loaded["count"].as_u64().unwrap_or(0),
        load_to_marked_ms: loaded["lastChange"].as_f64().unwrap_or(f64::NAN),
        loaded_ms: loaded["loaded"].as_f64().unwrap_or(f64::NAN),
        first_marked_ms: loaded["firstChange"].as_f64().unwrap_or(f64::NAN),
        load_phases: Phases::from_json(&loaded["spent"]),
        long_tasks: loaded["longTasks"].as_array().map_or(0, Vec::len),
        longest_task_ms: loaded["longTasks"]
            .as_array()
            .and_then(|tasks| tasks.iter().filter_map(Value::as_f64).reduce(f64::max))
            .unwrap_or(0.0),
        ..Figures::default()
    };
    step_detail(
        "Marked",
        &format!(
            "{} numbers in {:.0} ms",
            figures.marked, figures.load_to_marked_ms
        ),
    );
    let added_big = js("__bench.addedRowMs(15).then(arguments[0])")?;
    figures.added_big_ms = added_big["ms"].as_f64().unwrap_or(f64::NAN);
    figures.added_big_phases = Phases::from_json(&added_big["phases"]);
    browser
        .goto(&format!("{base}/small{suffix}.html"))
        .map_err(|e| e.to_string())?;
    browser
        .wait_until("the small page to be marked", wait, |b| {
            Ok(b.execute("return window.__bench.done || null", vec![])?
                .as_bool())
        })
        .map_err(|e| e.to_string())?;
    figures.added_small_ms = js("__bench.addedRowMs(15).then(arguments[0])")?["ms"]
        .as_f64()
        .unwrap_or(f64::NAN);
    let heap = js(&format!(
        "__bench.heapOverCycles({}).then(arguments[0])",
        settings.cycles
    ))?;
    figures.heap_before_mb = heap["before"].as_f64().unwrap_or(f64::NAN) / 1e6;
    figures.heap_after_mb = heap["after"].as_f64().unwrap_or(f64::NAN) / 1e6;
    Ok(figures)
}

/// The table side by side, with the goals.
fn report(ours: &Figures, reference: &Figures, numbers: usize, settings: &Settings) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "\nbench page: {} rows, {numbers} numbers, headless Chromium\n",
        settings.rows
    );
    let _ = writeln!(
        out,
        "{:<42} {:>14} {:>14} {:>9}",
        "", "extension", "reference", "ratio"
    );
    let row = |out: &mut String, name: &str, a: f64, b: f64, unit: &str| {
        let ratio = if a > 0.0 { b / a } else { f64::NAN };
        let _ = writeln!(
            out,
            "{name:<42} {a:>11.1} {unit:<2} {b:>11.1} {unit:<2} {ratio:>8.1}x"
        );
    };
    let _ = writeln!(
        out,
        "{:<42} {:>14} {:>14}",
        "numbers marked", ours.marked, reference.marked
    );
    for (name, a, b) in [
        (
            "page parsed (DOMContentLoaded)",
            ours.loaded_ms,
            reference.loaded_ms,
        ),
        (
            "first number marked",
            ours.first_marked_ms,
            reference.first_marked_ms,
        ),
        (
            "last number marked",
            ours.load_to_marked_ms,
            reference.load_to_marked_ms,
        ),
        (
            "parsed to last marked",
            ours.marking_ms(),
            reference.marking_ms(),
        ),
    ] {
        row(&mut out, name, a, b, "ms");
    }
    let _ = writeln!(
        out,
        "{:<42} {:>14} {:>14}",
        "main-thread tasks over 50 ms (longest)",
        format!("{} ({:.0} ms)", ours.long_tasks, ours.longest_task_ms),
        format!(
            "{} ({:.0} ms)",
            reference.long_tasks, reference.longest_task_ms
        )
    );
    row(
        &mut out,
        "added row marked, 20-row page (median)",
        ours.added_small_ms,
        reference.added_small_ms,
        "ms",
    );
    row(
        &mut out,
        "added row marked, big page (median)",
        ours.added_big_ms,
        reference.added_big_ms,
        "ms",
    );
    let _ = writeln!(
        out,
        "{:<42} {:>14} {:>14}",
        format!("JS heap before / after {} cycles", settings.cycles),
        format!("{:.1}/{:.1} MB", ours.heap_before_mb, ours.heap_after_mb),
        format!(
            "{:.1}/{:.1} MB",
            reference.heap_before_mb, reference.heap_after_mb
        )
    );
    let _ = writeln!(out, "\nwhere the extension's time went:");
    for (name, phases) in [
        ("  big page, until the last mark", ours.load_phases),
        ("  one added row, big page (median)", ours.added_big_phases),
    ] {
        let line = phases.map_or_else(|| "not reported".to_string(), |p| p.line());
        let _ = writeln!(out, "{name}: {line}");
    }
    let goals = [
        (
            "all numbers marked within 200 ms of load",
            ours.marking_ms() <= 200.0,
        ),
        ("no main-thread task over 50 ms", ours.long_tasks == 0),
        (
            "an added row marked within 5 ms, small and big page",
            ours.added_small_ms <= 5.0 && ours.added_big_ms <= 5.0,
        ),
        (
            "flat memory over the cycles (within 1 MB)",
            (ours.heap_after_mb - ours.heap_before_mb).abs() <= 1.0,
        ),
        (
            "at least 5 times faster than the reference (parsed to last marked)",
            reference.marking_ms() >= 5.0 * ours.marking_ms(),
        ),
    ];
    let _ = writeln!(out, "\ngoals:");
    for (goal, met) in goals {
        let _ = writeln!(out, "  [{}] {goal}", if met { "met" } else { "NOT met" });
    }
    out
}

/// Writes the pages: `big.html` / `small.html` for the extension, `big-ref.html` /
/// `small-ref.html` with the reference linkifier, `probe.js`, `reference.js` and the library.
/// Returns how many numbers the big table holds.
fn write_site(dir: &Path, rows: usize, library: &Path) -> Result<usize, String> {
    fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let write = |name: &str, text: &str| {
        fs::write(dir.join(name), text).map_err(|e| format!("cannot write {name}: {e}"))
    };
    fs::copy(library, dir.join("libphonenumber-max.js"))
        .map_err(|e| format!("cannot copy libphonenumber-js's bundle: {e}"))?;
    write("probe.js", PROBE_JS)?;
    write("reference.js", REFERENCE_JS)?;
    let (big, numbers) = contact_table(rows, 1);
    let (small, _) = contact_table(20, 2);
    for (name, body, reference) in [
        ("big.html", &big, false),
        ("small.html", &small, false),
        ("big-ref.html", &big, true),
        ("small-ref.html", &small, true),
    ] {
        write(name, &page(body, reference))?;
    }
    Ok(numbers)
}

fn page(table: &str, reference: bool) -> String {
    let scripts = if reference {
        "<script src=\"libphonenumber-max.js\"></script>\n<script src=\"reference.js\"></script>\n"
    } else {
        ""
    };
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>CRM contacts</title>\n\
         <script src=\"probe.js\"></script>\n{scripts}</head>\n<body>\n<h1>Contacts</h1>\n{table}</body>\n</html>\n"
    )
}

/// Measures in the page: marked count over time, long tasks, added-row latency, heap.
const PROBE_JS: &str = r#"// The benchmark's probe. Both sides announce how many numbers they have marked in the page's
// performance timeline (user-timing marks `htek-c2d-marked` and `ref-marked`, detail
// `{ count }`), so times are when the marking happened, not when this probe looked; the probe
// notes the last change and when the count has settled, and records tasks over 50 ms.
window.__bench = (() => {
  const bench = { count: 0, firstChange: 0, lastChange: 0, loaded: 0, done: false, longTasks: [] };
  document.addEventListener('DOMContentLoaded', () => { bench.loaded = performance.now(); });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (!bench.done) bench.longTasks.push(entry.duration);
  }).observe({ type: 'longtask', buffered: true });
  const latest = () => ['htek-c2d-marked', 'ref-marked']
    .map((name) => performance.getEntriesByName(name).at(-1))
    .filter(Boolean)
    .sort((a, b) => a.startTime - b.startTime)
    .at(-1);
  const count = () => latest()?.detail?.count ?? 0;
  // Until the count settles: look every 5 ms (a timer, so the page's own work goes first).
  const watch = () => {
    const mark = latest();
    if (mark && mark.detail.count !== bench.count) {
      bench.count = mark.detail.count;
      bench.firstChange ||= mark.startTime;
      bench.lastChange = mark.startTime;
      bench.spent = mark.detail.spent ?? null;
    }
    if (bench.count > 0 && performance.now() - bench.lastChange > 1500) {
      bench.done = true;
      return;
    }
    setTimeout(watch, 5);
  };
  setTimeout(watch, 0);
  let next = 0;
  const addRow = () => {
    const row = document.createElement('tr');
    const cell = (text) => { const td = document.createElement('td'); td.textContent = text; return td; };
    row.append(cell(`Added ${next}`), cell(`+49 40 ${String(5000000 + next++).padStart(7, '0')}`));
    document.getElementById('rows').append(row);
    return row;
  };
  // One added row: how long from the insertion to the announcement that it is marked.
  const timeOneRow = () => new Promise((resolve) => {
    const before = count();
    const start = performance.now();
    const row = addRow();
    const look = () => {
      const mark = latest();
      if (mark && mark.detail.count > before) return resolve({ ms: mark.startTime - start, row, spent: mark.detail.spent });
      if (performance.now() - start > 5000) return resolve({ ms: NaN, row });
      setTimeout(look, 1);
    };
    setTimeout(look, 0);
  });
  // The median time for one added row, and (the extension's side) the median of each phase's
  // share of it.
  bench.addedRowMs = async (times) => {
    const samples = [];
    const phases = {};
    for (let k = 0; k < times; k++) {
      const spentBefore = latest()?.detail?.spent;
      const { ms, row, spent } = await timeOneRow();
      samples.push(ms);
      for (const [phase, total] of Object.entries(spent ?? {})) {
        (phases[phase] ??= []).push(total - (spentBefore?.[phase] ?? 0));
      }
      row.remove();
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const median = (values) => values.sort((a, b) => a - b)[values.length >> 1];
    return { ms: median(samples), phases: Object.fromEntries(Object.entries(phases).map(([p, v]) => [p, median(v)])) };
  };
  const heap = async () => {
    for (let k = 0; k < 3; k++) { window.gc?.(); await new Promise((resolve) => setTimeout(resolve, 50)); }
    return performance.memory?.usedJSHeapSize ?? NaN;
  };
  bench.heapOverCycles = async (cycles) => {
    const before = await heap();
    for (let k = 0; k < cycles; k++) {
      const { row } = await timeOneRow();
      row.remove();
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    return { before, after: await heap() };
  };
  return bench;
})();
"#;

/// The reference linkifier, on libphonenumber-js.
const REFERENCE_JS: &str = r#"// A reference linkifier as click-to-call tools commonly work: walk the page's text nodes, find
// the numbers with libphonenumber-js (findPhoneNumbersInText, default country DE), wrap each in
// an <a href="tel:">, and do the same for nodes added later (one MutationObserver).
(() => {
  const SKIP = new Set(['SCRIPT', 'STYLE', 'A', 'TEXTAREA', 'INPUT', 'SELECT', 'NOSCRIPT']);
  const linkifyText = (node) => {
    const found = libphonenumber.findPhoneNumbersInText(node.data, 'DE');
    for (const match of found.reverse()) {
      node.splitText(match.endsAt);
      const number = node.splitText(match.startsAt);
      const link = document.createElement('a');
      link.className = 'ref-number';
      link.href = match.number.getURI();
      number.replaceWith(link);
      link.append(number);
      count += 1;
      // `node` keeps the text before this match; the next (earlier) match is in it.
    }
  };
  let count = 0;
  const announce = () => {
    performance.clearMarks('ref-marked');
    performance.mark('ref-marked', { detail: { count } });
  };
  const linkify = (root) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
      acceptNode: (node) => {
        for (let e = node.parentElement; e; e = e.parentElement) if (SKIP.has(e.nodeName)) return NodeFilter.FILTER_REJECT;
        return /\d/.test(node.data) ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT;
      },
    });
    const nodes = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node);
    nodes.forEach(linkifyText);
  };
  document.addEventListener('DOMContentLoaded', () => {
    linkify(document.body);
    announce();
    new MutationObserver((records) => {
      for (const record of records) {
        for (const node of record.addedNodes) {
          if (node.nodeType === Node.ELEMENT_NODE && node.nodeName !== 'A') linkify(node);
        }
        for (const node of record.removedNodes) {
          if (node.nodeType === Node.ELEMENT_NODE) count -= node.getElementsByClassName('ref-number').length;
        }
      }
      announce();
    }).observe(document.body, { childList: true, subtree: true });
  });
})();
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_report_names_each_goal() {
        let ours = Figures {
            marked: 20,
            load_to_marked_ms: 160.0,
            loaded_ms: 10.0,
            added_small_ms: 2.0,
            added_big_ms: 3.0,
            ..Figures::default()
        };
        let reference = Figures {
            marked: 19,
            load_to_marked_ms: 2000.0,
            ..Figures::default()
        };
        let text = report(
            &ours,
            &reference,
            20,
            &Settings {
                rows: 10,
                cycles: 5,
            },
        );
        assert!(text.contains("13.3x"), "{text}");
        assert!(
            text.contains("[met] all numbers marked within 200 ms of load"),
            "{text}"
        );
        assert!(text.contains("[met] at least 5 times faster"), "{text}");
    }
}
