//! The tools the tasks need, installed when missing: the wasm32 target, the wasm-bindgen CLI of
//! exactly the version in Cargo.lock, Chromium and its driver (Debian packages).

use std::path::{Path, PathBuf};
use std::process::Command;

/// The workspace root (the parent of `xtask/`).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives inside the workspace")
        .to_path_buf()
}

/// Prints a step the way cargo prints its own, so long runs show where they are.
pub fn step(what: &str) {
    eprintln!("\x1b[1;32m{what:>12}\x1b[0m");
}

/// Prints a step with a detail.
pub fn step_detail(what: &str, detail: &str) {
    eprintln!("\x1b[1;32m{what:>12}\x1b[0m {detail}");
}

/// Runs `command`, echoing it; fails with its exit status.
pub fn run(command: &mut Command) -> Result<(), String> {
    eprintln!("\x1b[2m$ {}\x1b[0m", describe(command));
    let status = command
        .status()
        .map_err(|e| format!("cannot start `{}`: {e}", describe(command)))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{}` failed ({status})", describe(command)))
    }
}

/// The output of `command` if it runs and succeeds.
pub fn output(command: &mut Command) -> Option<String> {
    let out = command.output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

pub fn describe(command: &Command) -> String {
    std::iter::once(command.get_program())
        .chain(command.get_args())
        .map(|a| a.to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn cargo() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

/// Adds the wasm32-unknown-unknown target through rustup when it is missing.
pub fn ensure_wasm_target() -> Result<(), String> {
    let installed = output(Command::new("rustup").args(["target", "list", "--installed"]));
    match installed {
        Some(list) if list.lines().any(|l| l.trim() == "wasm32-unknown-unknown") => Ok(()),
        Some(_) => {
            step_detail("Installing", "the wasm32-unknown-unknown target");
            run(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))
        }
        None => {
            // No rustup: trust that the toolchain has the target, and let cargo say otherwise.
            Ok(())
        }
    }
}

/// The wasm-bindgen version pinned in Cargo.lock.
pub fn pinned_wasm_bindgen() -> Result<String, String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock"))
        .map_err(|e| format!("cannot read Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"wasm-bindgen\"" {
            if let Some(version) = lines.next().and_then(|l| l.strip_prefix("version = \"")) {
                return Ok(version.trim_end_matches('"').to_string());
            }
        }
    }
    Err("Cargo.lock has no wasm-bindgen entry".to_string())
}

/// Installs the wasm-bindgen CLI (and its test runner) of the pinned version when the one on
/// PATH is missing or another version.
pub fn ensure_wasm_bindgen() -> Result<(), String> {
    let pinned = pinned_wasm_bindgen()?;
    let current = output(Command::new("wasm-bindgen").arg("--version"));
    if current.as_deref().map(str::trim) == Some(&format!("wasm-bindgen {pinned}")) {
        return Ok(());
    }
    step_detail(
        "Installing",
        &format!(
            "wasm-bindgen-cli {pinned} (found: {}; this takes a few minutes)",
            current.as_deref().map_or("none", str::trim)
        ),
    );
    run(cargo().args(["install", "wasm-bindgen-cli", "--version", &pinned]))?;
    let after = output(Command::new("wasm-bindgen").arg("--version")).unwrap_or_default();
    if after.trim() == format!("wasm-bindgen {pinned}") {
        Ok(())
    } else {
        Err(format!(
            "installed wasm-bindgen-cli {pinned}, but `wasm-bindgen --version` on PATH says {:?}: put ~/.cargo/bin first on PATH",
            after.trim()
        ))
    }
}

/// Where Chromium and chromedriver are, installing Debian's packages when they are missing.
pub fn ensure_chromium() -> Result<(), String> {
    if c2d_harness::find_chromium().is_ok() && c2d_harness::find_chromedriver().is_ok() {
        return Ok(());
    }
    step_detail(
        "Installing",
        "chromium and chromium-driver (Debian packages)",
    );
    let sudo: &[&str] = if is_root() { &[] } else { &["sudo"] };
    let apt = |args: &[&str]| {
        let mut command = Command::new(sudo.first().copied().unwrap_or("apt-get"));
        if !sudo.is_empty() {
            command.arg("apt-get");
        }
        command.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        command
    };
    run(&mut apt(&["update"]))
        .and_then(|_| {
            run(&mut apt(&[
                "install",
                "-y",
                "--no-install-recommends",
                "chromium",
                "chromium-driver",
            ]))
        })
        .map_err(|e| {
            format!("{e}\n  install them by hand: apt-get install chromium chromium-driver")
        })?;
    c2d_harness::find_chromium().map_err(|e| e.to_string())?;
    c2d_harness::find_chromedriver().map_err(|e| e.to_string())?;
    Ok(())
}

fn is_root() -> bool {
    output(Command::new("id").arg("-u")).is_some_and(|uid| uid.trim() == "0")
}
