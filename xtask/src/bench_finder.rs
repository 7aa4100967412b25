//! `cargo xtask bench finder`: the finder against libphonenumber-js on one generated page.
//!
//! 1. Generates a ~5 MB page ([`page`]: CRM rows, signatures, prose, logs, with look-alikes)
//!    and its truth, from a seed, so every run measures the same text.
//! 2. Runs the finder natively (a release build, `finder-native`), and as WebAssembly in Node (the finder-only
//!    crate `finder/`, the extension's own, built for wasm32 and bound with `wasm-bindgen --target
//!    nodejs`; the page is one text of `find_batch`), and libphonenumber-js's `findPhoneNumbersInText` (installed from npm into
//!    `target/bench-node` with the committed lockfile `xtask/bench-node/package-lock.json`),
//!    all on the same text with default region DE: one warm-up run, then timed runs, the
//!    median kept.
//!    When Debian's `libphonenumber8-java` can be had, Java libphonenumber's matcher (VALID
//!    leniency) runs on the page too (`xtask/bench-java/RunMatcher.java`).
//! 3. Scores each against the truth (a match overlaps a true number and has its E.164) and
//!    prints MB/s, precision and recall side by side, recall per way of writing, the ratios,
//!    and the size of the finder's wasm (raw, gzip, brotli) with what it is made of ([`size`]:
//!    the linked module cut into parts by the linker's map, each part compressed alone).
//! 4. Times the finder's wasm on the same page with every ASCII digit masked (`x`): what
//!    reading the text costs, so that the rest of its time is what the groups of digits cost,
//!    per group.
//! 5. Runs the same engines over ordinary prose nobody in this project wrote ([`prose`]: the
//!    licence texts every Debian system has in `/usr/share/common-licenses`, which hold no phone
//!    number), for the speed where numbers are rare, and prints what each engine found there:
//!    every find is a false one.

mod page;
mod size;

use crate::goals::Row;
use crate::tools::{cargo, root, run, step, step_detail};
use page::{Generator, Kind, Truth, HOME};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The benchmark's settings.
pub struct Settings {
    megabytes: f64,
    seed: u64,
    runs: usize,
    js: bool,
    java: bool,
    /// How many of the finder's misses and false finds to show.
    show: usize,
}

/// What follows `cargo xtask` in a correct `bench finder` command line.
pub const USAGE: &str =
    "bench finder [--mb N] [--seed N] [--runs N] [--no-js] [--no-java] [--show N]";

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            megabytes: 5.0,
            seed: 1,
            runs: 5,
            js: true,
            java: true,
            show: 0,
        }
    }
}

/// The flags of `cargo xtask bench finder`.
pub fn parse(mut args: crate::cli::Args) -> Result<Settings, String> {
    let mut settings = Settings::default();
    while let Some(arg) = args.next()? {
        match arg {
            lexopt::Arg::Long("mb") => settings.megabytes = args.value("--mb", "a size in MB")?,
            lexopt::Arg::Long("seed") => settings.seed = args.value("--seed", "a number")?,
            lexopt::Arg::Long("runs") => settings.runs = args.value("--runs", "a count")?,
            lexopt::Arg::Long("no-js") => settings.js = false,
            lexopt::Arg::Long("no-java") => settings.java = false,
            lexopt::Arg::Long("show") => settings.show = args.value("--show", "a count")?,
            other => return Err(crate::cli::unexpected(USAGE, other)),
        }
    }
    Ok(settings)
}

/// `cargo xtask bench finder`; returns its rows of issue 17's table.
pub fn bench(settings: Settings) -> Result<Vec<Row>, String> {
    finder(&settings)
}

/// Issue 17's goals for the finder as wasm: MB/s on the dense page and on prose, times
/// libphonenumber-js on the dense page, and bytes after brotli.
const GOAL_DENSE_MB_S: f64 = 50.0;
const GOAL_PROSE_MB_S: f64 = 200.0;
const GOAL_RATIO: f64 = 30.0;
const GOAL_BROTLI_BYTES: usize = 60_000;

/// What one engine found and how long it took.
struct Outcome {
    name: String,
    /// The median run's, the fastest's and the slowest's seconds.
    seconds: f64,
    fastest: f64,
    slowest: f64,
    /// Byte spans and E.164 numbers.
    found: Vec<(usize, usize, String)>,
}

fn finder(settings: &Settings) -> Result<Vec<Row>, String> {
    let root = root();
    let work = root.join("target/bench-node");
    std::fs::create_dir_all(&work).map_err(|e| e.to_string())?;

    step("Generating the page");
    let xml_path = crate::tables::default_data_dir(&root).join("PhoneNumberMetadata.xml");
    let xml = std::fs::read_to_string(&xml_path)
        .map_err(|e| format!("cannot read {}: {e}", xml_path.display()))?;
    let page = Generator::new(&xml, settings.seed)?.page((settings.megabytes * 1e6) as usize);
    let text_path = work.join("page.txt");
    std::fs::write(&text_path, &page.text).map_err(|e| e.to_string())?;
    step_detail(
        "Page",
        &format!(
            "{:.2} MB, {} numbers in the truth, {}",
            page.text.len() as f64 / 1e6,
            page.truth.len(),
            text_path.display()
        ),
    );

    let mut outcomes = vec![native(&root, &text_path, &page.text, settings.runs)?];
    let size = build_wasm(&root, &work)?;
    outcomes.push(node(
        &work,
        "finder-wasm",
        &text_path,
        &page.text,
        settings.runs,
    )?);
    if settings.js {
        // libphonenumber-js, pinned by xtask/bench-node/, into `work` (target/bench-node).
        crate::tools::ensure_bench_node()?;
        for engine in JS_ENGINES {
            outcomes.push(node(&work, engine, &text_path, &page.text, settings.runs)?);
        }
    }
    if settings.java {
        match java(&root, &page.text, settings.runs.min(3)) {
            Ok(outcome) => outcomes.push(outcome),
            Err(e) => step_detail("Skipped", &format!("Java libphonenumber: {e}")),
        }
    }
    report(&page.text, &page.truth, &outcomes, &size, settings);
    if settings.show > 0 {
        show_errors(&page.text, &page.truth, &outcomes[0], settings.show);
    }
    let dense = Breakdown::measure(
        "the dense page",
        &work,
        &page.text,
        &outcomes,
        GOAL_DENSE_MB_S,
        settings.runs,
    )?;
    let mut prose_breakdown = None;
    match prose(settings.megabytes) {
        Ok(prose) => {
            step("Running the engines on prose");
            let prose_path = work.join("prose.txt");
            std::fs::write(&prose_path, &prose).map_err(|e| e.to_string())?;
            let mut outcomes = vec![native(&root, &prose_path, &prose, settings.runs)?];
            outcomes.push(node(
                &work,
                "finder-wasm",
                &prose_path,
                &prose,
                settings.runs,
            )?);
            if settings.js {
                for engine in JS_ENGINES {
                    outcomes.push(node(&work, engine, &prose_path, &prose, settings.runs)?);
                }
            }
            report_prose(&prose, &outcomes, settings.show.max(5));
            prose_breakdown = Some(Breakdown::measure(
                "the prose",
                &work,
                &prose,
                &outcomes,
                GOAL_PROSE_MB_S,
                settings.runs,
            )?);
        }
        Err(e) => step_detail("Skipped", &format!("the prose: {e}")),
    }
    Ok(goal_rows(&dense, prose_breakdown.as_ref(), &size))
}

/// An engine's MB/s: the median run's, the slowest's and the fastest's.
#[derive(Clone, Copy)]
struct Speed {
    median: f64,
    low: f64,
    high: f64,
}

impl Speed {
    fn of(bytes: usize, outcome: &Outcome) -> Speed {
        let megabytes = bytes as f64 / 1e6;
        Speed {
            median: megabytes / outcome.seconds,
            low: megabytes / outcome.slowest,
            high: megabytes / outcome.fastest,
        }
    }

    fn cell(&self) -> String {
        format!(
            "{:.1} MB/s ({:.1} to {:.1})",
            self.median, self.low, self.high
        )
    }
}

/// Where the finder's wasm spends its time on a text: reading it (the same text with its ASCII
/// digits masked, timed apart) against the groups of digits.
struct Breakdown {
    /// What the text is ("the dense page").
    what: &'static str,
    bytes: usize,
    /// Maximal runs of ASCII digits in the text.
    groups: usize,
    wasm: Option<Speed>,
    wasm_seconds: f64,
    masked_seconds: f64,
    /// Issue 17's goal for this text, MB/s.
    goal_mb_s: f64,
    /// The finder's wasm against each libphonenumber-js build: (name, times as fast).
    ratios: Vec<(String, f64)>,
}

impl Breakdown {
    /// Times the finder's wasm on `text` with its digits masked and prints the breakdown;
    /// `outcomes` are the engines' runs on `text` (the finder's wasm second).
    fn measure(
        what: &'static str,
        work: &Path,
        text: &str,
        outcomes: &[Outcome],
        goal_mb_s: f64,
        runs: usize,
    ) -> Result<Breakdown, String> {
        step(&format!(
            "Timing the finder's wasm on {what} with its digits masked"
        ));
        let masked: String = (text.chars())
            .map(|c| if c.is_ascii_digit() { 'x' } else { c })
            .collect();
        let masked_path = work.join("masked.txt");
        std::fs::write(&masked_path, &masked).map_err(|e| e.to_string())?;
        let masked = node(work, "finder-wasm", &masked_path, &masked, runs)?;
        let bytes = text.as_bytes();
        let groups = (0..bytes.len())
            .filter(|&i| bytes[i].is_ascii_digit() && (i == 0 || !bytes[i - 1].is_ascii_digit()))
            .count();
        let wasm = outcomes.get(1);
        let breakdown = Breakdown {
            what,
            bytes: text.len(),
            groups,
            wasm: wasm.map(|w| Speed::of(text.len(), w)),
            wasm_seconds: wasm.map_or(f64::NAN, |w| w.seconds),
            masked_seconds: masked.seconds,
            goal_mb_s,
            ratios: (outcomes.iter().skip(2))
                .filter(|o| o.name.starts_with("libphonenumber-js"))
                .map(|o| {
                    (
                        o.name.clone(),
                        o.seconds / wasm.map_or(f64::NAN, |w| w.seconds),
                    )
                })
                .collect(),
        };
        println!("\n  where the finder's wasm spends its time on {what}:");
        for line in breakdown.lines() {
            println!("    {line}");
        }
        Ok(breakdown)
    }

    /// The breakdown, a sentence per line.
    fn lines(&self) -> Vec<String> {
        let megabytes = self.bytes as f64 / 1e6;
        let groups_ms = (self.wasm_seconds - self.masked_seconds) * 1e3;
        let per_group_us = groups_ms * 1e3 / self.groups.max(1) as f64;
        let goal_ms = megabytes / self.goal_mb_s * 1e3;
        let left_us =
            (goal_ms - self.masked_seconds * 1e3).max(0.0) * 1e3 / self.groups.max(1) as f64;
        vec![
            format!(
                "{}: {megabytes:.2} MB, {} groups of digits (one every {:.0} bytes); the \
                 finder's wasm read it in {:.0} ms (median)",
                self.what,
                self.groups,
                self.bytes as f64 / self.groups.max(1) as f64,
                self.wasm_seconds * 1e3
            ),
            format!(
                "the same text with its digits masked: {:.0} ms ({:.0} MB/s): reading the text",
                self.masked_seconds * 1e3,
                megabytes / self.masked_seconds
            ),
            format!(
                "the other {groups_ms:.0} ms go to the groups of digits: {per_group_us:.2} µs \
                 each (reading the run, look-alikes, labels and countries around it, the \
                 numbering-plan automata)"
            ),
            format!(
                "{:.0} MB/s on this text is {goal_ms:.0} ms: with the reading as it is, \
                 {left_us:.2} µs per group",
                self.goal_mb_s
            ),
        ]
    }
}

/// The finder's rows of issue 17's table.
fn goal_rows(dense: &Breakdown, prose: Option<&Breakdown>, size: &Size) -> Vec<Row> {
    let ratio_text = (dense.ratios.iter())
        .map(|(name, ratio)| format!("{ratio:.1}x {name}"))
        .collect::<Vec<_>>()
        .join(", ");
    let dense_met = dense.wasm.is_some_and(|w| w.median >= GOAL_DENSE_MB_S)
        && !dense.ratios.is_empty()
        && dense.ratios.iter().all(|(_, r)| *r >= GOAL_RATIO);
    let prose_speed = prose.and_then(|p| p.wasm);
    let mut size_bound = vec![
        "each part compressed alone (brotli -q 11) from the linked module, before wasm-bindgen:"
            .to_string(),
    ];
    for (part, raw, brotli) in &size.parts {
        size_bound.push(format!(
            "  {:<56} {:>6.1} kB  (raw {:.1} kB)",
            part.name(),
            *brotli as f64 / 1e3,
            *raw as f64 / 1e3
        ));
    }
    if let Some(e) = &size.parts_error {
        size_bound.push(format!("  not measured: {e}"));
    }
    vec![
        Row::new(
            "finder as wasm (Node), dense 5 MB page",
            format!(
                "{}; {ratio_text}",
                dense.wasm.map_or("-".to_string(), |w| w.cell())
            ),
            format!(">= {GOAL_DENSE_MB_S:.0} MB/s and >= {GOAL_RATIO:.0}x libphonenumber-js"),
            dense_met,
            dense.lines(),
        ),
        Row::new(
            "finder as wasm (Node), prose",
            prose_speed.map_or("- (no prose on this machine)".to_string(), |p| p.cell()),
            format!(">= {GOAL_PROSE_MB_S:.0} MB/s"),
            prose_speed.is_some_and(|p| p.median >= GOAL_PROSE_MB_S),
            prose.map_or_else(Vec::new, Breakdown::lines),
        ),
        Row::new(
            "finder wasm size",
            size.brotli.map_or("- (no brotli)".to_string(), |b| {
                format!("{b} B brotli ({:.1} kB)", b as f64 / 1e3)
            }),
            format!("<= {} kB brotli", GOAL_BROTLI_BYTES / 1000),
            size.brotli.is_some_and(|b| b <= GOAL_BROTLI_BYTES),
            size_bound,
        ),
    ]
}

/// The libphonenumber-js builds the benchmark compares with (xtask/bench-node/run.js).
const JS_ENGINES: [&str; 2] = ["libphonenumber-js/max", "libphonenumber-js/min"];

/// Where Debian keeps the licence texts of its packages.
const LICENCES: &str = "/usr/share/common-licenses";

/// Ordinary prose of about `megabytes` MB: the licence texts of [`LICENCES`] (the files, not the
/// links, in name order) one after the other, repeated. Every Debian system has them (package
/// `base-files`); none holds a phone number.
fn prose(megabytes: f64) -> Result<String, String> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(LICENCES)
        .map_err(|e| format!("cannot read {LICENCES}: {e}"))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.is_file() && !path.is_symlink())
        .collect();
    files.sort();
    let mut once = String::new();
    for file in &files {
        let text = std::fs::read_to_string(file)
            .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
        once.push_str(&text);
        once.push('\n');
    }
    if once.trim().is_empty() {
        return Err(format!("{LICENCES} holds no text"));
    }
    let bytes = (megabytes * 1e6) as usize;
    let mut prose = String::with_capacity(bytes + once.len());
    while prose.len() < bytes {
        prose.push_str(&once);
    }
    Ok(prose)
}

/// Prints each engine's speed on the prose and what it found there (all false finds: the
/// prose holds no number), the first `show` of the finder's with their context.
fn report_prose(prose: &str, outcomes: &[Outcome], show: usize) {
    let megabytes = prose.len() as f64 / 1e6;
    println!();
    println!(
        "prose: {megabytes:.2} MB of the licence texts in {LICENCES} (no phone number in them), default region {HOME}"
    );
    println!();
    println!("  {:<42} {:>9} {:>12}", "engine", "MB/s", "false finds");
    for outcome in outcomes {
        println!(
            "  {:<42} {:>9.1} {:>12}",
            outcome.name,
            megabytes / outcome.seconds,
            outcome.found.len()
        );
    }
    print_ratios(outcomes);
    let Some(finder) = outcomes.first() else {
        return;
    };
    let mut seen = std::collections::BTreeSet::new();
    let distinct: Vec<_> = finder
        .found
        .iter()
        .filter(|(start, end, _)| seen.insert(&prose[*start..*end]))
        .collect();
    if !distinct.is_empty() {
        println!(
            "\n  the finder's false finds ({} distinct):",
            distinct.len()
        );
    }
    for (start, end, e164) in distinct.into_iter().take(show) {
        let line_start = prose[..*start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = prose[*end..].find('\n').map_or(prose.len(), |i| end + i);
        println!("    {e164} {:?}", prose[line_start..line_end].trim());
    }
}

/// Prints `count` numbers of the truth the finder missed and `count` it found wrongly, in
/// context.
fn show_errors(text: &str, truth: &[Truth], outcome: &Outcome, count: usize) {
    let (_, hit) = score(truth, &outcome.found);
    let context = |start: usize, end: usize| {
        let mut from = start.saturating_sub(40);
        while !text.is_char_boundary(from) {
            from -= 1;
        }
        let mut to = (end + 25).min(text.len());
        while !text.is_char_boundary(to) {
            to += 1;
        }
        format!(
            "{:?}[{:?}]{:?}",
            &text[from..start],
            &text[start..end],
            &text[end..to]
        )
    };
    println!(
        "\n  missed ({} in all):",
        hit.iter().filter(|h| !**h).count()
    );
    for (t, _) in truth.iter().zip(&hit).filter(|(_, h)| !**h).take(count) {
        println!("    {} {:?} {}", t.e164, t.kind, context(t.start, t.end));
    }
    println!("\n  found wrongly:");
    let mut shown = 0;
    for (start, end, e164) in &outcome.found {
        let first = truth.partition_point(|t| t.end <= *start);
        let right = truth[first..]
            .iter()
            .take_while(|t| t.start < *end)
            .any(|t| t.e164 == *e164);
        if !right && shown < count {
            println!("    {e164} {}", context(*start, *end));
            shown += 1;
        }
    }
}

/// The finder natively, in release mode (`finder/`'s `finder-native`), on the page.
fn native(root: &Path, page: &Path, text: &str, runs: usize) -> Result<Outcome, String> {
    step("Running the finder natively (release build)");
    run(cargo().current_dir(root).args([
        "build",
        "--release",
        "--package",
        "finder-wasm",
        "--bin",
        "finder-native",
    ]))?;
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    let mut command = Command::new(target.join("release/finder-native"));
    command.arg(page).arg(runs.to_string()).arg(HOME);
    outcome_of(&mut command, "finder-native", text)
}

/// Sizes of the finder's wasm: raw, gzip -9, brotli -q 11; and its parts (raw and brotli).
struct Size {
    raw: usize,
    gzip: Option<usize>,
    brotli: Option<usize>,
    parts: Vec<(size::Part, usize, usize)>,
    /// Why the parts are not known.
    parts_error: Option<String>,
}

/// Builds the finder-only wasm for Node, with the linker's map beside it (in a target
/// directory of its own, so that the extension's build keeps its cache); returns its sizes.
fn build_wasm(root: &Path, work: &Path) -> Result<Size, String> {
    step("Building the finder for wasm32 (finder/)");
    crate::tools::ensure_wasm_target()?;
    crate::tools::ensure_wasm_bindgen()?;
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"))
        .join("bench-finder");
    let map = work.join("finder_wasm.map");
    // Built as `cargo xtask build` builds it, so that the size is the shipped one.
    run(crate::reproducible::cargo_for_wasm(root)
        .env("CARGO_TARGET_DIR", &target)
        .args([
            "rustc",
            "--release",
            "--package",
            "finder-wasm",
            "--lib",
            "--target",
            "wasm32-unknown-unknown",
            "--",
        ])
        .arg(format!("-Clink-arg=--Map={}", map.display())))?;
    let wasm = target.join("wasm32-unknown-unknown/release/finder_wasm.wasm");
    let out = work.join("finder");
    run(Command::new("wasm-bindgen")
        .args([
            "--target",
            "nodejs",
            "--remove-name-section",
            "--remove-producers-section",
            "--out-dir",
        ])
        .arg(&out)
        .arg(&wasm))?;
    let bound = out.join("finder_wasm_bg.wasm");
    crate::extension::optimize_finder(&bound)?;
    let raw = std::fs::metadata(&bound).map_err(|e| e.to_string())?.len() as usize;
    ensure_brotli();
    let compressed = |program: &str, args: &[&str]| {
        Command::new(program)
            .args(args)
            .arg(&bound)
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| o.stdout.len())
    };
    let parts = std::fs::read(&wasm)
        .map_err(|e| format!("cannot read {}: {e}", wasm.display()))
        .and_then(|module| {
            let map = std::fs::read_to_string(&map)
                .map_err(|e| format!("cannot read {}: {e}", map.display()))?;
            size::breakdown(&module, &map)
        });
    let (parts, parts_error) = match parts {
        Ok(parts) => (parts, None),
        Err(e) => (Vec::new(), Some(e)),
    };
    Ok(Size {
        raw,
        gzip: compressed("gzip", &["-9", "-c"]),
        brotli: compressed("brotli", &["-q", "11", "-c"]),
        parts,
        parts_error,
    })
}

/// Installs Debian's `brotli` when it is missing (the size is reported without it otherwise).
fn ensure_brotli() {
    if Command::new("brotli").arg("--version").output().is_ok() {
        return;
    }
    step_detail("Installing", "brotli (Debian package)");
    let _ = Command::new("apt-get")
        .args(["install", "-y", "--no-install-recommends", "brotli"])
        .env("DEBIAN_FRONTEND", "noninteractive")
        .status();
}

/// Runs `engine` in Node over `page`, whose text is `text` (xtask/bench-node/run.js); reads its
/// answer.
fn node(
    work: &Path,
    engine: &str,
    page: &Path,
    text: &str,
    runs: usize,
) -> Result<Outcome, String> {
    step_detail("Running", &format!("{engine} in Node"));
    let script = root().join("xtask/bench-node/run.js");
    let mut command = crate::tools::node_tool("node")?;
    command
        .current_dir(work)
        .arg(&script)
        .arg(engine)
        .arg(page)
        .arg(runs.to_string())
        .arg(HOME);
    outcome_of(&mut command, engine, text)
}

/// Runs an engine's command and reads its answer: a JSON header `{name, seconds}`, then one
/// line per number (UTF-16 start, end, E.164).
fn outcome_of(command: &mut Command, engine: &str, text: &str) -> Result<Outcome, String> {
    let output = command
        .output()
        .map_err(|e| format!("cannot start {engine}: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "{engine} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    let mut lines = stdout.lines();
    let header: serde_json::Value = serde_json::from_str(lines.next().unwrap_or("{}"))
        .map_err(|e| format!("{engine}: bad answer: {e}"))?;
    let to_byte = utf16_to_byte(text);
    let found = lines
        .filter_map(|line| {
            let mut fields = line.split('\t');
            let start: usize = fields.next()?.parse().ok()?;
            let end: usize = fields.next()?.parse().ok()?;
            let e164 = fields.next()?.to_string();
            Some((*to_byte.get(start)?, *to_byte.get(end)?, e164))
        })
        .collect();
    let seconds = header["seconds"].as_f64().unwrap_or(f64::NAN);
    Ok(Outcome {
        name: header["name"].as_str().unwrap_or(engine).to_string(),
        seconds,
        fastest: header["fastest"].as_f64().unwrap_or(seconds),
        slowest: header["slowest"].as_f64().unwrap_or(seconds),
        found,
    })
}

/// Where Debian's libphonenumber8-java puts its jar.
const JAVA_JAR: &str = "/usr/share/java/libphonenumber.jar";

/// Java libphonenumber's matcher (Debian's libphonenumber8-java, installed when missing) on the
/// page, through `xtask/bench-java/RunMatcher.java`.
fn java(root: &Path, text: &str, runs: usize) -> Result<Outcome, String> {
    if !Path::new(JAVA_JAR).exists() {
        step_detail("Installing", "libphonenumber8-java (Debian package)");
        let _ = Command::new("apt-get")
            .args([
                "install",
                "-y",
                "--no-install-recommends",
                "libphonenumber8-java",
            ])
            .env("DEBIAN_FRONTEND", "noninteractive")
            .status();
    }
    if !Path::new(JAVA_JAR).exists() {
        return Err(format!(
            "{JAVA_JAR} is missing (apt-get install libphonenumber8-java)"
        ));
    }
    step_detail("Running", "Java libphonenumber");
    let classes = root.join("target/bench-java");
    std::fs::create_dir_all(&classes).map_err(|e| e.to_string())?;
    run(Command::new("javac")
        .args(["-cp", JAVA_JAR, "-d"])
        .arg(&classes)
        .arg(root.join("xtask/bench-java/RunMatcher.java")))?;
    let mut command = Command::new("java");
    command
        .arg("-cp")
        .arg(format!("{JAVA_JAR}:{}", classes.display()))
        .arg("RunMatcher")
        .arg(root.join("target/bench-node/page.txt"))
        .arg(runs.to_string())
        .arg(HOME);
    outcome_of(&mut command, "Java libphonenumber", text)
}

/// For each UTF-16 offset of `text` (and its end), the byte offset.
fn utf16_to_byte(text: &str) -> Vec<usize> {
    let mut table = Vec::with_capacity(text.len() + 1);
    for (i, c) in text.char_indices() {
        for _ in 0..c.len_utf16() {
            table.push(i);
        }
    }
    table.push(text.len());
    table
}

/// True positives: found numbers that overlap a true one and have its E.164 (each true number
/// counts once). Returns the count and which truths were found.
fn score(truth: &[Truth], found: &[(usize, usize, String)]) -> (usize, Vec<bool>) {
    let mut hit = vec![false; truth.len()];
    let mut positives = 0;
    for (start, end, e164) in found {
        let first = truth.partition_point(|t| t.end <= *start);
        let matched = (first..truth.len())
            .take_while(|&k| truth[k].start < *end)
            .find(|&k| !hit[k] && truth[k].e164 == *e164);
        if let Some(k) = matched {
            hit[k] = true;
            positives += 1;
        }
    }
    (positives, hit)
}

/// The finder's speed (`outcomes[1]` in wasm, `outcomes[0]` native) over each reference engine's
/// (the rest: libphonenumber-js, and Java when it ran).
fn print_ratios(outcomes: &[Outcome]) {
    if let (Some(wasm), true) = (outcomes.get(1), outcomes.len() > 2) {
        for reference in &outcomes[2..] {
            println!(
                "  speed ratio, finder wasm / {}: {:.1}x (native: {:.1}x)",
                reference.name,
                reference.seconds / wasm.seconds,
                reference.seconds / outcomes[0].seconds
            );
        }
    }
}

fn report(text: &str, truth: &[Truth], outcomes: &[Outcome], size: &Size, settings: &Settings) {
    let megabytes = text.len() as f64 / 1e6;
    println!();
    println!(
        "finder benchmark: {megabytes:.2} MB page (seed {}), {} phone numbers in the truth, default region {HOME}, median of {} runs after a warm-up",
        settings.seed,
        truth.len(),
        settings.runs
    );
    println!();
    println!(
        "  {:<42} {:>9} {:>10} {:>10} {:>8}",
        "engine", "MB/s", "precision", "recall", "found"
    );
    let kinds = [
        Kind::International,
        Kind::HomeNational,
        Kind::ForeignNational,
    ];
    let mut recalls = Vec::new();
    for outcome in outcomes {
        let (positives, hit) = score(truth, &outcome.found);
        let precision = positives as f64 / outcome.found.len().max(1) as f64;
        let recall = positives as f64 / truth.len().max(1) as f64;
        println!(
            "  {:<42} {:>9.1} {:>10.4} {:>10.4} {:>8}",
            outcome.name,
            megabytes / outcome.seconds,
            precision,
            recall,
            outcome.found.len()
        );
        recalls.push(
            kinds
                .iter()
                .map(|&kind| {
                    let of_kind: Vec<usize> = (0..truth.len())
                        .filter(|&k| truth[k].kind == kind)
                        .collect();
                    let found = of_kind.iter().filter(|&&k| hit[k]).count();
                    (found, of_kind.len())
                })
                .collect::<Vec<_>>(),
        );
    }
    println!();
    println!("  recall by how the number is written:");
    for (k, kind) in kinds.iter().enumerate() {
        let total = recalls.first().map_or(0, |r| r[k].1);
        print!("    {:<24} ({total:>5})", kind.name());
        for r in &recalls {
            print!("  {:>7.4}", r[k].0 as f64 / r[k].1.max(1) as f64);
        }
        println!();
    }
    println!("    (columns in the order of the engines above)");
    println!();
    print_ratios(outcomes);
    let kb = |n: Option<usize>| {
        n.map_or("n/a".to_string(), |n| {
            format!("{n} B ({:.1} KiB)", n as f64 / 1024.0)
        })
    };
    println!(
        "  finder wasm (finder/ after wasm-bindgen): raw {}, gzip -9 {}, brotli -q 11 {}",
        kb(Some(size.raw)),
        kb(size.gzip),
        kb(size.brotli)
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_deterministic_and_truthful() {
        let Ok(xml) = std::fs::read_to_string(
            crate::tables::default_data_dir(&root()).join("PhoneNumberMetadata.xml"),
        ) else {
            return; // the metadata is not beside this checkout
        };
        let one = Generator::new(&xml, 7).unwrap().page(20_000);
        let two = Generator::new(&xml, 7).unwrap().page(20_000);
        assert_eq!(one.text, two.text);
        assert!(one.truth.len() > 20);
        for t in &one.truth {
            assert!(t.e164.starts_with('+'), "{t:?}");
            assert!(one.text.is_char_boundary(t.start) && one.text.is_char_boundary(t.end));
        }
    }

    #[test]
    fn scores_overlap_and_number() {
        let truth = vec![
            Truth {
                start: 0,
                end: 10,
                e164: "+1".into(),
                kind: Kind::International,
            },
            Truth {
                start: 20,
                end: 30,
                e164: "+2".into(),
                kind: Kind::HomeNational,
            },
        ];
        let found = vec![
            (2, 10, "+1".into()),
            (20, 25, "+3".into()),
            (40, 45, "+4".into()),
        ];
        assert_eq!(score(&truth, &found), (1, vec![true, false]));
        assert_eq!(utf16_to_byte("a😀b"), [0, 1, 1, 5, 6]);
    }
}
