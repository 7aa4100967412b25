//! Project tasks, run as `cargo xtask <task>` (the alias is in `.cargo/config.toml`).

mod automata;
mod bench_click;
mod bench_finder;
mod bench_page;
mod bench_tab;
mod bench_ui;
mod cli;
mod country_names;
mod demo;
mod extension;
mod goals;
mod manifest;
mod reproducible;
mod scan;
mod tables;
mod test_all;
mod tools;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

const HELP: &str = "\
cargo xtask <task>

Tasks:
  build              build the extension into dist/chromium/ and dist/firefox/ (installs the
                     wasm32 target and the pinned wasm-bindgen CLI when missing)
  package            build, then zip each into dist/click-to-dial-<browser>-<version>.zip, write
                     the source archive dist/click-to-dial-source-<version>.zip (git HEAD) for
                     store reviewers (BUILDING.md), and put the receiver for incoming calls
                     (release build) beside them
  sim [FLAGS]        run the simulated Htek phone (`cargo xtask sim --help` for its flags)
  demo [--brand NAME] [--once] [--walk | --no-walk] [--phone-port N] [--www-port N]
                     build, start the simulated phone (port 8088; --brand htek, yealink,
                     snom, grandstream, fanvil or poly, default htek) and the demo pages (port
                     8000), walk through a dial in headless Chromium when there is no display
                     (--walk and --no-walk decide); --once stops after the walk
  test               run every check: fmt, clippy (native and wasm32), unit, browser and
                     end-to-end tests, table freshness, a second build from a fresh clone
                     (byte-identical wasm and zips), the demo walk
  reproducible       build, then build HEAD again in a fresh clone with its own target
                     directory and compare the .wasm files and the zips byte for byte (a
                     step of `test`; BUILDING.md)
  tables [--check] [--data DIR]
                     regenerate src/detect/plan/tables.rs from libphonenumber's metadata
                     (default DIR: xtask/libphonenumber, the copy in the repository); --check fails if stale
  country-names [--check] [--list]
                     regenerate src/detect/country_names.rs, the country names the finder
                     knows, from Unicode CLDR (npm package pinned in xtask/cldr/); --check
                     fails if stale, --list prints the names and their regions
  scan [--region CC|auto] [--jsonl] [--lang TAG] [--domain HOST] [--context TEXT] [--why]
                     read UTF-8 text on stdin, print one JSON object per number found:
                     {start, end, raw, e164, ext} (UTF-8 byte offsets); with --jsonl each input
                     line is {id, text, region} and each output line {id, matches}; --context
                     is the text's record (a table row's cells joined by tabs), read for its
                     countries; --why says how each number was read (runs an optimized
                     build, cargo profile `scan`: about a minute the first time)
  scan --score FILE [FILE...] [--show N]
                     score the finder on test sets (JSONL: {set, locale, text, expect: [{start,
                     end, e164}]}): cases, expected, found, exact-span true positives, precision
                     and recall per set and locale; --show N prints N misses and false finds
  bench              every benchmark below with its defaults (bench page with --runs 5; about
                     20 minutes), then issue 17's table: each goal, its figure from this run,
                     met or not, and for each goal not met the breakdown that bounds it; each
                     benchmark alone also ends with its own rows of that table
  bench finder [--mb N] [--seed N] [--runs N] [--no-js] [--no-java] [--show N]
                     generate a ~5 MB page with known numbers, then compare the finder natively
                     and as wasm (Node) with libphonenumber-js and Java libphonenumber: MB/s,
                     precision, recall, the finder's wasm size and what it is made of (from a
                     linker map), and where its time goes on the dense page; --show N prints
                     its errors
  bench page [--rows N] [--cycles N] [--runs N] [--no-reference] [--extension DIR] [--profile DIR]
                     a 10,000-row contact table (--rows) in headless Chromium, with the
                     extension, with a libphonenumber-js linkifier and alone, loaded N times
                     each (default 3; median and spread): the viewport's and the last number
                     marked, long tasks, an added row, the JS heap over 1,000 add/remove cycles
                     of a row (--cycles), where the extension's time went; --extension measures
                     a built extension instead of building this one, --profile writes a CPU
                     profile of the page and a Chromium trace
  bench click [--runs N] [--profile DIR]
                     in headless Chromium and Firefox: a trusted click on a marked number to
                     the dial on the simulated phone's wire, warm and with the background
                     stopped first (median of N, default 9); --profile writes a CPU profile
                     of one more click on the 10,000-row page in Chromium
  bench tab [--runs N]
                     in headless Chromium and Firefox: memory (PSS of the content processes)
                     the extension adds per tab and per extra frame, and the first and last
                     frame marked on a page of 20 iframes (median of N runs, default 3)
  bench ui [--runs N]
                     in headless Chromium and Firefox: how soon the options page and the popup
                     take input (navigation start to their controls enabled), and the options
                     page right after the browser starts (median of N, default 9)
  help               this text (also `cargo xtask <task> --help`)
";

fn main() -> ExitCode {
    match run(lexopt::Parser::from_env()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("\x1b[1;31merror\x1b[0m: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Each task and its usage line (what follows `cargo xtask` in a correct command line).
const TASKS: &[(&str, &str)] = &[
    ("build", "build"),
    ("package", "package"),
    ("sim", "sim [FLAGS]"),
    ("demo", demo::USAGE),
    ("test", "test"),
    ("reproducible", "reproducible"),
    ("tables", TABLES_USAGE),
    ("country-names", country_names::USAGE),
    ("scan", scan::USAGE),
    ("bench", BENCH_USAGE),
    ("help", "help"),
];

/// Reads the task's name, then its flags, and runs it.
fn run(mut parser: lexopt::Parser) -> Result<(), String> {
    let task = match parser.next() {
        Ok(Some(lexopt::Arg::Value(task))) => task.to_string_lossy().into_owned(),
        Ok(None | Some(lexopt::Arg::Long("help") | lexopt::Arg::Short('h'))) => "help".into(),
        Ok(Some(other)) => {
            return Err(format!(
                "{} before the task: the task comes first, its flags after it\n\n{HELP}",
                cli::unknown(other)
            ))
        }
        Err(e) => return Err(format!("{e}\n\n{HELP}")),
    };
    let Some(&(_, usage)) = TASKS.iter().find(|(name, _)| *name == task) else {
        return Err(format!("unknown task {task:?}\n\n{HELP}"));
    };
    let mut args = cli::Args::new(parser, usage);
    // The simulated phone reads its own flags, --help included.
    if task == "help" || (task != "sim" && args.wants_help()) {
        print!("{HELP}");
        return Ok(());
    }
    match task.as_str() {
        "build" => args.finish().and_then(|()| extension::build().map(drop)),
        "package" => args.finish().and_then(|()| extension::package().map(drop)),
        "sim" => demo::sim(args.rest()?),
        "demo" => demo::demo(demo::parse(args)?),
        "test" => args.finish().and_then(|()| test_all::test_all()),
        "reproducible" => args.finish().and_then(|()| {
            extension::build()?;
            let line = reproducible::check(&tools::root())?;
            println!("  {line}");
            Ok(())
        }),
        "tables" => {
            let (check, data) = tables_flags(args)?;
            tables_task(check, &data)
        }
        "country-names" => country_names::country_names_task(country_names::parse(args)?),
        "scan" => {
            let flags = scan::parse_flags(args)?;
            if cfg!(debug_assertions) {
                // `cargo xtask` is a debug build; the finder is five times faster optimized.
                return scan::rerun_optimized();
            }
            scan::scan(flags)
        }
        "bench" => bench(args),
        other => unreachable!("task {other:?} is in TASKS but not here"),
    }
}

const BENCH_USAGE: &str = "bench [finder|page|click|tab|ui] [FLAGS]";

/// `cargo xtask bench [finder|page|click|tab|ui] ...`: one benchmark with its flags, or, with
/// none named, every one with its default settings and then issue 17's whole table of goals.
fn bench(mut args: cli::Args) -> Result<(), String> {
    let what = match args.next()? {
        Some(lexopt::Arg::Value(what)) => what,
        Some(other) => return Err(cli::unexpected(BENCH_USAGE, other)),
        None => return bench_all(),
    };
    let what = match what.to_str() {
        Some(what @ ("finder" | "page" | "click" | "tab" | "ui")) => what.to_string(),
        _ => {
            return Err(args.fail(format!(
                "bench measures finder, page, click, tab or ui (or, with none named, all), not {what:?}"
            )))
        }
    };
    let mut args = args.with_usage(match what.as_str() {
        "finder" => bench_finder::USAGE,
        "page" => bench_page::USAGE,
        "click" => bench_click::USAGE,
        "tab" => bench_tab::USAGE,
        _ => bench_ui::USAGE,
    });
    if args.wants_help() {
        print!("{HELP}");
        return Ok(());
    }
    let (title, rows) = match what.as_str() {
        "finder" => ("finder", bench_finder::bench(bench_finder::parse(args)?)?),
        "page" => ("page", bench_page::bench_page(bench_page::parse(args)?)?),
        "click" => (
            "click",
            bench_click::bench_click(&bench_click::parse(args)?)?,
        ),
        "tab" => ("tab", bench_tab::bench_tab(&bench_tab::parse(args)?)?),
        _ => ("ui", bench_ui::bench_ui(&bench_ui::parse(args)?)?),
    };
    print!(
        "{}",
        goals::table(
            &format!("issue 17's goals that bench {title} measures:"),
            &rows
        )
    );
    Ok(())
}

/// Every benchmark with its default settings, one after the other, then all their rows of
/// issue 17's table together.
fn bench_all() -> Result<(), String> {
    let started = std::time::Instant::now();
    let mut rows = Vec::new();
    // Issue 17 asks for the page's own DOMContentLoaded as the median of 5 loads.
    rows.extend(bench_page::bench_page(bench_page::Settings::with_runs(5))?);
    rows.extend(bench_tab::bench_tab(&bench_tab::Settings::default())?);
    rows.extend(bench_finder::bench(bench_finder::Settings::default())?);
    rows.extend(bench_ui::bench_ui(&bench_ui::Settings::default())?);
    rows.extend(bench_click::bench_click(&bench_click::Settings::default())?);
    print!(
        "{}",
        goals::table(
            &format!(
                "issue 17's goals, every benchmark in one run ({:.0} minutes):",
                started.elapsed().as_secs_f64() / 60.0
            ),
            &rows
        )
    );
    Ok(())
}

const TABLES_USAGE: &str = "tables [--check] [--data DIR]";

/// The flags of `cargo xtask tables`: whether to check only, and the metadata's directory.
fn tables_flags(mut args: cli::Args) -> Result<(bool, PathBuf), String> {
    let mut check = false;
    let mut data = tables::default_data_dir(&tools::root());
    while let Some(arg) = args.next()? {
        match arg {
            lexopt::Arg::Long("check") => check = true,
            lexopt::Arg::Long("data") => data = args.value("--data", "a directory")?,
            other => return Err(cli::unexpected(TABLES_USAGE, other)),
        }
    }
    Ok((check, data))
}

/// `cargo xtask tables`: generates the numbering-plan tables from the metadata in `data`, or with
/// `check` fails when the committed ones differ.
fn tables_task(check: bool, data: &Path) -> Result<(), String> {
    let root = tools::root();
    let generated = tables::generate(data)?;
    let path = root.join(tables::OUTPUT);
    if check {
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        if committed != generated {
            return Err(format!(
                "{} is stale: run `cargo xtask tables`",
                tables::OUTPUT
            ));
        }
        tools::step_detail("Checked", &format!("{} is up to date", tables::OUTPUT));
    } else {
        std::fs::write(&path, generated)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        tools::step_detail("Generated", tables::OUTPUT);
    }
    Ok(())
}
