//! `cargo xtask test`: every check the project has, in the order that fails fastest, with the test
//! runners' summary lines repeated at the end.
//!
//! 1. formatting, clippy on the native and the wasm32 target, numbering-plan tables and country
//!    names (CLDR) up to date;
//! 2. the extension build (`dist/chromium/`, `dist/firefox/`), `web-ext lint` of the Firefox one,
//!    and the same build again from a fresh clone of HEAD, which must give the same `.wasm`
//!    files and zips byte for byte ([`crate::reproducible::check`]);
//! 3. native tests of the whole workspace: unit, doc, the simulated phone, the receiver for
//!    incoming calls, the WebDriver harness, and the end-to-end tests of the built extension in
//!    headless Chromium and Firefox ESR (the `<click-to-dial>` component's, `tests/component.rs`,
//!    against `dist/www/`, in Chromium);
//! 4. browser tests (wasm-bindgen-test) in headless Chromium and Firefox ESR;
//! 5. the demo's scripted walk, as a newcomer runs it.

use crate::tools::{
    cargo, describe, ensure_chromium, ensure_firefox, ensure_react_fixture, ensure_web_ext, root,
    step, step_detail,
};
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Instant;

pub fn test_all() -> Result<(), String> {
    let started = Instant::now();
    let mut summary = Summary::default();
    ensure_chromium()?;
    ensure_firefox()?;
    let chromedriver = c2d_harness::find_chromedriver().map_err(|e| e.to_string())?;
    let geckodriver = c2d_harness::find_geckodriver().map_err(|e| e.to_string())?;

    step("Checking formatting");
    summary.run(
        "cargo fmt --check",
        cargo().args(["fmt", "--all", "--", "--check"]),
    )?;
    step("Linting native");
    summary.run(
        "clippy (native)",
        cargo().args([
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]),
    )?;
    step("Linting wasm32");
    crate::tools::ensure_wasm_target()?;
    summary.run(
        "clippy (wasm32)",
        cargo().args([
            "clippy",
            "--package",
            "click-to-dial",
            "--package",
            "finder-wasm",
            "--target",
            "wasm32-unknown-unknown",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]),
    )?;
    step("Checking tables");
    let data = crate::tables::default_data_dir(&root());
    if data.join("PhoneNumberMetadata.xml").exists() {
        crate::tables_task(true, &data)?;
        summary.lines.push(format!(
            "tables: {} matches the metadata",
            crate::tables::OUTPUT
        ));
    } else {
        let note = format!("tables: not checked, {} not found", data.display());
        step_detail("Note", &note);
        summary.lines.push(note);
    }
    step("Checking country names");
    crate::country_names::country_names_task(crate::country_names::Flags {
        check: true,
        list: false,
    })?;
    summary.lines.push(format!(
        "country names: {} matches CLDR",
        crate::country_names::OUTPUT
    ));

    let extension = crate::extension::build()?;
    let dist = extension
        .parent()
        .ok_or("the build is not in dist/")?
        .to_path_buf();
    step("Linting the Firefox build (web-ext lint)");
    let web_ext = ensure_web_ext()?;
    summary.run(
        "web-ext lint (dist/firefox)",
        crate::tools::node_tool(web_ext)?
            .args(["lint", "--warnings-as-errors", "--source-dir"])
            .arg(dist.join("firefox")),
    )?;
    step("Checking the build is reproducible (a fresh clone, built again)");
    summary.lines.push(crate::reproducible::check(&root())?);
    step(
        "Testing native (unit, doc, simulated phone, receiver, harness, end-to-end in Chromium and Firefox)",
    );
    summary.run(
        "cargo test --workspace",
        cargo()
            .args(["test", "--workspace", "--", "--test-threads=2"])
            .env("C2D_DIST", &dist)
            // Built by this very run (the receiver's own tests need it): tests/incoming.rs
            // uses it instead of building one of its own.
            .env(
                "C2D_RECEIVER",
                crate::extension::target_dir(&root()).join("debug/htek-c2d-receiver"),
            )
            .env("C2D_REACT_MODULES", ensure_react_fixture()?)
            .env("CHROMEDRIVER", &chromedriver)
            .env("GECKODRIVER", &geckodriver),
    )?;
    for (browser, variable, driver, other) in [
        ("Chromium", "CHROMEDRIVER", &chromedriver, "GECKODRIVER"),
        ("Firefox ESR", "GECKODRIVER", &geckodriver, "CHROMEDRIVER"),
    ] {
        step(&format!("Testing in {browser} (wasm-bindgen-test)"));
        summary.run(
            &format!("cargo test (wasm32, headless {browser})"),
            cargo()
                .args([
                    "test",
                    "--package",
                    "click-to-dial",
                    "--target",
                    "wasm32-unknown-unknown",
                    "--test",
                    "browser",
                ])
                // The runner takes the first driver variable it finds, geckodriver's first.
                .env(variable, driver)
                .env_remove(other)
                .env("WASM_BINDGEN_TEST_TIMEOUT", "120"),
        )?;
    }
    step("Walking through the demo");
    crate::demo::walk_once(&extension)?;
    summary
        .lines
        .push("demo walk: the simulated phone received the dial".to_string());

    summary.print(started);
    Ok(())
}

/// The summary lines collected from the runs, printed again at the end.
#[derive(Default)]
struct Summary {
    lines: Vec<String>,
}

impl Summary {
    /// Runs `command`, streaming its output, and keeps its `test result:` lines.
    fn run(&mut self, label: &str, command: &mut Command) -> Result<(), String> {
        eprintln!("\x1b[2m$ {}\x1b[0m", describe(command));
        command.current_dir(root()).stdout(Stdio::piped());
        let mut child = command
            .spawn()
            .map_err(|e| format!("cannot start `{}`: {e}", describe(command)))?;
        let stdout = child.stdout.take().expect("stdout is piped");
        let mut results = Vec::new();
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            println!("{line}");
            if line.trim_start().starts_with("test result:") {
                results.push(line.trim().to_string());
            }
        }
        let status = child.wait().map_err(|e| e.to_string())?;
        let (passed, failed) = count(&results);
        let line = if results.is_empty() {
            format!(
                "{label}: {}",
                if status.success() { "ok" } else { "FAILED" }
            )
        } else {
            format!(
                "{label}: {passed} passed, {failed} failed in {} test binaries",
                results.len()
            )
        };
        self.lines.push(line);
        if status.success() {
            Ok(())
        } else {
            self.print_failed();
            Err(format!("{label} failed ({status})"))
        }
    }

    fn print(&self, started: Instant) {
        step("Summary");
        for line in &self.lines {
            println!("  {line}");
        }
        println!(
            "  all checks passed in {:.0} s",
            started.elapsed().as_secs_f64()
        );
    }

    fn print_failed(&self) {
        step("Summary");
        for line in &self.lines {
            println!("  {line}");
        }
    }
}

/// Sums the passed and failed counts of cargo's `test result:` lines.
fn count(results: &[String]) -> (u64, u64) {
    let number_before = |line: &str, word: &str| -> u64 {
        line.split(';')
            .find_map(|part| part.trim().strip_suffix(word).map(str::trim))
            .and_then(|n| n.rsplit(' ').next().and_then(|n| n.parse().ok()))
            .unwrap_or(0)
    };
    results.iter().fold((0, 0), |(p, f), line| {
        (
            p + number_before(line, "passed"),
            f + number_before(line, "failed"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::count;

    #[test]
    fn counts_cargo_summaries() {
        let lines = [
            "test result: ok. 56 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.02s".to_string(),
            "test result: FAILED. 4 passed; 1 failed; 0 ignored; 0 filtered out; finished in 0.04s".to_string(),
        ];
        assert_eq!(count(&lines), (60, 1));
    }
}
