//! Project tasks, run as `cargo xtask <task>` (the alias is in `.cargo/config.toml`).

mod automata;
mod bench;
mod country_names;
mod demo;
mod extension;
mod manifest;
mod page_bench;
mod scan;
mod tables;
mod test_all;
mod tools;

use std::process::ExitCode;

const HELP: &str = "\
cargo xtask <task>

Tasks:
  build              build the extension into dist/chromium/ and dist/firefox/ (installs the
                     wasm32 target and the pinned wasm-bindgen CLI when missing)
  package            build, then zip each into dist/click-to-dial-<browser>-<version>.zip, and
                     put the receiver for incoming calls (release build) beside them
  sim [FLAGS]        run the simulated Htek phone (`cargo xtask sim --help` for its flags)
  demo [--once]      build, start the simulated phone and the demo pages, walk through a dial in
                     headless Chromium when there is no display; --once stops after the walk
  test               run every check: fmt, clippy (native and wasm32), unit, browser and
                     end-to-end tests, table freshness, the demo walk
  tables [--check] [--data DIR]
                     regenerate src/detect/plan/tables.rs from libphonenumber's metadata
                     (default DIR: xtask/libphonenumber, the copy in the repository); --check fails if stale
  country-names [--check] [--list]
                     regenerate src/detect/country_names.rs, the country names the finder
                     knows, from Unicode CLDR (npm package pinned in xtask/cldr/); --check
                     fails if stale, --list prints the names and their regions
  scan [--region CC|auto] [--jsonl] [--lang TAG] [--domain HOST] [--why]
                     read UTF-8 text on stdin, print one JSON object per number found:
                     {start, end, raw, e164, ext} (UTF-8 byte offsets); with --jsonl each input
                     line is {id, text, region} and each output line {id, matches}
  scan --score FILE [FILE...] [--show N]
                     score the finder on test sets (JSONL: {set, locale, text, expect: [{start,
                     end, e164}]}): cases, expected, found, exact-span true positives, precision
                     and recall per set and locale; --show N prints N misses and false finds
  bench finder [--mb N] [--seed N] [--runs N] [--no-js] [--no-java] [--show N]
                     generate a ~5 MB page with known numbers, then compare the finder natively
                     and as wasm (Node) with libphonenumber-js and Java libphonenumber: MB/s,
                     precision, recall, the finder's wasm size; --show N prints its errors
  help               this text
";

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let task = args.next().unwrap_or_else(|| "help".to_string());
    let rest: Vec<String> = args.collect();
    let result = match task.as_str() {
        "build" => extension::build().map(drop),
        "package" => extension::package().map(drop),
        "sim" => demo::sim(rest),
        "demo" => demo::demo(&rest),
        "test" => test_all::test_all(),
        "tables" => tables_task(&rest),
        "country-names" => country_names::country_names_task(&rest),
        "scan" => scan::scan(&rest),
        "bench" if rest.first().map(String::as_str) == Some("page") => {
            page_bench::bench_page(&rest[1..])
        }
        "bench" => bench::bench(&rest),
        "help" | "--help" | "-h" => {
            print!("{HELP}");
            Ok(())
        }
        other => Err(format!("unknown task {other:?}\n\n{HELP}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("\x1b[1;31merror\x1b[0m: {message}");
            ExitCode::FAILURE
        }
    }
}

/// `cargo xtask tables [--check] [--data DIR]`.
fn tables_task(args: &[String]) -> Result<(), String> {
    let root = tools::root();
    let mut check = false;
    let mut data = tables::default_data_dir(&root);
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--check" => check = true,
            "--data" => data = args.next().ok_or("--data needs a directory")?.into(),
            other => return Err(format!("tables: unknown flag {other:?}")),
        }
    }
    let generated = tables::generate(&data)?;
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
