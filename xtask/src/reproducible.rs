//! Reproducible builds: two builds of one commit give the same `.wasm` files and the same zips,
//! and a store reviewer can rebuild them from the source archive (BUILDING.md says how).
//!
//! What makes them so:
//! - one Rust compiler, [`PINNED_RUST`] (`cargo xtask package` warns when `rustc` is another),
//!   the crates pinned by `Cargo.lock`, the wasm-bindgen CLI by the crate's exact version
//!   ([`crate::tools::ensure_wasm_bindgen`]). Not a `rust-toolchain.toml`: with one, rustup
//!   fetches that toolchain on any machine whose own differs, and the CI machines can fetch
//!   none;
//! - the wasm is compiled with the build machine's directories remapped ([`remap_rustflags`]),
//!   so a path compiled into it names `/cargo/registry/...` or `src/...`, never the checkout,
//!   cargo's home or the target directory (its panics carry no messages: [`cargo_for_wasm`]);
//! - the zips list their files sorted, with one fixed time and one fixed mode
//!   (`crate::extension`'s `zip_dir`).
//!
//! [`source_archive`] writes what the reviewer rebuilds from; [`check`] (`cargo xtask
//! reproducible`, and a step of `cargo xtask test`) builds the wasm and the zips again in a fresh
//! clone and compares them byte for byte:
//!
//! ```text
//! Reproducible dist/chromium/finder/finder_wasm_bg.wasm, dist/chromium/pkg/click_to_dial_bg.wasm,
//!              dist/click-to-dial-chromium-0.1.0.zip, ... are byte-identical in a fresh clone
//!              (its build took N s)
//! ```

use crate::tools::{output, run, step_detail};
use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// The Rust compiler the submitted wasm is built with (BUILDING.md names it too).
pub const PINNED_RUST: &str = "1.95.0";

/// A warning when `rustc` is not [`PINNED_RUST`]: another compiler may give other bytes.
pub fn compiler_warning() -> Option<String> {
    let version = output(Command::new("rustc").arg("--version"))?;
    let found = version.split_whitespace().nth(1)?.to_string();
    (found != PINNED_RUST).then(|| {
        format!(
            "rustc is {found}, the store builds use {PINNED_RUST}: the wasm may differ from the \
             submitted one (rustup toolchain install {PINNED_RUST}, then cargo +{PINNED_RUST} xtask package)"
        )
    })
}

/// The wasm's target features: SIMD, which Chromium and Firefox both have (the finder's scan
/// skips 16 bytes at a time with it). `.cargo/config.toml` sets the same for the other wasm32
/// builds; `CARGO_ENCODED_RUSTFLAGS` replaces its flags, so the build names it again.
pub const WASM_TARGET_FEATURES: &str = "-Ctarget-feature=+simd128";

/// Cargo's flag that compiles the standard library again for the wasm ([`cargo_for_wasm`]).
/// It and [`IMMEDIATE_ABORT`] are unstable: [`RUSTC_BOOTSTRAP`] lets the pinned stable compiler
/// take them, as Firefox's own build does.
const REBUILD_STD: &str = "-Zbuild-std=std,panic_abort";
/// rustc's flags for panics that trap at once, with no message formatted.
const IMMEDIATE_ABORT: [&str; 2] = ["-Zunstable-options", "-Cpanic=immediate-abort"];
/// The variable that lets a stable compiler take unstable flags.
const RUSTC_BOOTSTRAP: &str = "RUSTC_BOOTSTRAP";

/// `cargo`, in `root`, for a build of the wasm: with [`WASM_TARGET_FEATURES`] and
/// [`remap_rustflags`], and the standard library compiled again with `panic = immediate-abort`
/// when its sources are at hand ([`crate::tools::ensure_rust_src`]). A panic in the wasm traps
/// either way (wasm32-unknown-unknown has nowhere to print its message); built so, the
/// finder's wasm carries none of the code that formats the messages: 88.1 kB to 80.7 kB
/// brotli (ARCHITECTURE.md, "Decisions"). Subcommand and arguments follow.
pub fn cargo_for_wasm(root: &Path) -> Command {
    let mut flags = OsString::from(WASM_TARGET_FEATURES);
    flags.push("\x1f");
    flags.push(remap_rustflags(root));
    let mut cargo = crate::tools::cargo();
    cargo.current_dir(root);
    if crate::tools::ensure_rust_src() {
        for flag in IMMEDIATE_ABORT {
            flags.push("\x1f");
            flags.push(flag);
        }
        cargo.env(RUSTC_BOOTSTRAP, "1").arg(REBUILD_STD);
    } else {
        eprintln!(
            "warning: the standard library's sources are not installed (rustup component add \
             rust-src): the wasm takes the prebuilt standard library and is about 7 kB larger"
        );
    }
    cargo.env("CARGO_ENCODED_RUSTFLAGS", flags);
    cargo
}

/// `CARGO_ENCODED_RUSTFLAGS` for the wasm builds: `--remap-path-prefix` for each directory of
/// the build machine a compiled path can start with. Workspace crates are compiled with paths
/// relative to the workspace already; the crates from crates.io are not.
pub fn remap_rustflags(root: &Path) -> OsString {
    let mut flags = OsString::new();
    for (from, to) in build_directories(root) {
        if !flags.is_empty() {
            flags.push("\x1f");
        }
        flags.push("--remap-path-prefix=");
        flags.push(from);
        flags.push(format!("={to}"));
    }
    flags
}

/// The directories of this machine that compiled paths can start with, and the names they get
/// in the wasm. Where two match (the target directory is usually inside the checkout), rustc
/// applies the last one given. Each name starts with `/`: rustc can miss a remapping to a
/// relative path (rust-lang/rust#137016).
fn build_directories(root: &Path) -> Vec<(PathBuf, &'static str)> {
    let mut directories = vec![(root.to_path_buf(), "/click-to-dial")];
    if let Some(home) = cargo_home() {
        directories.push((home, "/cargo"));
    }
    if let Some(sysroot) = rust_sysroot() {
        // The standard library's sources, which the wasm builds compile (`cargo_for_wasm`).
        directories.push((sysroot, "/rust"));
    }
    directories.push((crate::extension::target_dir(root), "/target"));
    directories
}

/// The compiler's sysroot (`rustc --print sysroot`), where rustup keeps the toolchain.
fn rust_sysroot() -> Option<PathBuf> {
    output(Command::new("rustc").args(["--print", "sysroot"])).map(|s| PathBuf::from(s.trim()))
}

/// Cargo's home, where the crates from crates.io are unpacked (`registry/src/...`).
fn cargo_home() -> Option<PathBuf> {
    std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo")))
}

/// Writes the tracked files of the commit checked out (`git archive HEAD`) to `out` (a zip, each
/// path under `click-to-dial-<version>/`), for a store reviewer to rebuild from. Outside a git
/// checkout (a build from the source archive itself) it writes nothing and says so.
///
/// # Errors
///
/// `git archive` fails.
pub fn source_archive(root: &Path, out: &Path, version: &str) -> Result<Option<PathBuf>, String> {
    if !is_git_checkout(root) {
        step_detail(
            "Note",
            "not a git checkout (a build from the source archive?): no source archive written",
        );
        return Ok(None);
    }
    let changed = uncommitted(root)?;
    if !changed.is_empty() {
        step_detail(
            "Warning",
            &format!(
                "{} differ from HEAD ({}): the source archive holds HEAD, the zips this work \
                 tree; commit, then package again before giving them to a store",
                count(changed.len(), "file"),
                changed.join(", ")
            ),
        );
    }
    run(git(root)
        .args(["archive", "--format=zip"])
        .arg(format!("--prefix=click-to-dial-{version}/"))
        .arg("--output")
        .arg(out)
        .arg("HEAD"))?;
    step_detail("Packaged", &format!("{} (the source)", out.display()));
    Ok(Some(out.to_path_buf()))
}

/// Whether `root` is the top of a git work tree with a commit (not a directory inside another
/// repository, as the unpacked source archive can be).
fn is_git_checkout(root: &Path) -> bool {
    let top = output(git(root).args(["rev-parse", "--show-toplevel"]));
    let same = |top: &str| {
        let canonical = |path: &Path| fs::canonicalize(path).ok();
        canonical(Path::new(top.trim())).is_some_and(|top| Some(top) == canonical(root))
    };
    top.as_deref().is_some_and(same)
        && output(git(root).args(["rev-parse", "--verify", "--quiet", "HEAD"])).is_some()
}

/// The files of the work tree that are not as HEAD has them (changed, added, untracked and not
/// ignored), as `git status --porcelain` names them.
fn uncommitted(root: &Path) -> Result<Vec<String>, String> {
    let status = output(git(root).args(["status", "--porcelain", "--untracked-files=all"]))
        .ok_or("`git status` failed")?;
    Ok(status
        .lines()
        .map(|line| line.get(3..).unwrap_or(line).to_string())
        .collect())
}

fn git(root: &Path) -> Command {
    let mut git = Command::new("git");
    git.arg("-C").arg(root);
    git
}

/// The step of `cargo xtask test`, after its build: zips that build as `cargo xtask package`
/// does, clones HEAD into a temporary directory, builds the clone with a target directory of its
/// own and zips it, and compares every `.wasm` file under `dist/` and the extension zips of both
/// builds byte for byte; it also fails when a `.wasm` file names a directory of this machine.
/// The temporary directory is removed when all is well and kept (and named) when not. Returns
/// the line for the test run's summary.
///
/// With changes not committed the first build is not HEAD's, so nothing is compared: the line
/// says so (CI checks out a commit, so it always compares).
///
/// # Errors
///
/// The clone or its build fails, a file differs or is missing in one build, or a path leaks.
pub fn check(root: &Path) -> Result<String, String> {
    if !is_git_checkout(root) {
        return Err(format!(
            "{} is not a git checkout: the reproducibility check clones its HEAD",
            root.display()
        ));
    }
    let changed = uncommitted(root)?;
    if !changed.is_empty() {
        let note = format!(
            "reproducible build: not checked, {} differ from HEAD (commit, then test again)",
            count(changed.len(), "file")
        );
        step_detail("Note", &note);
        return Ok(note);
    }
    crate::extension::zip_extensions(&root.join("dist"))?;
    let head = output(git(root).args(["rev-parse", "HEAD"])).ok_or("`git rev-parse` failed")?;
    let work = std::env::temp_dir().join(format!("c2d-reproducible-{}", std::process::id()));
    remove(&work)?;
    let clone = work.join("click-to-dial");
    step_detail(
        "Cloning",
        &format!("HEAD into {} to build it again", clone.display()),
    );
    run(Command::new("git")
        .args(["clone", "--quiet", "--no-checkout"])
        .arg(root)
        .arg(&clone))?;
    run(git(&clone).args(["checkout", "--quiet", "--detach", head.trim()]))?;
    let started = Instant::now();
    // This xtask (its code is the clone's: the work tree is HEAD) builds the clone, as `cargo
    // xtask build` there would, without compiling xtask once more; the zips as `package` makes
    // them (the receiver, not compared, is left out).
    run(Command::new(this_binary()?)
        .arg("build")
        .current_dir(&clone)
        .env(crate::tools::ROOT_VARIABLE, &clone)
        .env("CARGO_TARGET_DIR", work.join("target")))?;
    crate::extension::zip_extensions(&clone.join("dist"))?;
    let seconds = started.elapsed().as_secs_f64();

    let (ours, theirs) = (root.join("dist"), clone.join("dist"));
    let mut files = wasm_files(&ours)?;
    files.extend(wasm_files(&theirs)?);
    files.extend(crate::extension::zip_names().into_iter().map(PathBuf::from));
    files.sort();
    files.dedup();
    let mut problems = differences(&ours, &theirs, &files);
    let machine = [root, &work, &crate::extension::target_dir(root)];
    let (home, sysroot) = (cargo_home(), rust_sysroot());
    let machine: Vec<&Path> = machine
        .into_iter()
        .chain(home.as_deref())
        .chain(sysroot.as_deref())
        .collect();
    for (dist, build) in [(&ours, "this build"), (&theirs, "the clone's build")] {
        for file in files
            .iter()
            .filter(|f| f.extension().is_some_and(|e| e == "wasm"))
        {
            let bytes = fs::read(dist.join(file)).unwrap_or_default();
            for path in leaked(&bytes, &machine) {
                problems.push(format!(
                    "dist/{} ({build}) names {}",
                    file.display(),
                    path.display()
                ));
            }
        }
    }
    if !problems.is_empty() {
        return Err(format!(
            "the build is not reproducible:\n  {}\n  the clone and its build are kept in {} to compare",
            problems.join("\n  "),
            work.display()
        ));
    }
    remove(&work)?;
    step_detail(
        "Reproducible",
        &format!(
            "{} are byte-identical in a fresh clone (its build took {seconds:.0} s)",
            files
                .iter()
                .map(|f| format!("dist/{}", f.display()))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    );
    Ok(format!(
        "reproducible build: {} byte-identical in a fresh clone (built in {seconds:.0} s)",
        count(files.len(), "file")
    ))
}

/// The `.wasm` files under `dist`, relative to it.
fn wasm_files(dist: &Path) -> Result<Vec<PathBuf>, String> {
    let mut files = Vec::new();
    crate::extension::collect_files(dist, dist, &mut files)?;
    files.retain(|f| f.extension().is_some_and(|e| e == "wasm"));
    Ok(files)
}

/// What differs between the `files` (relative paths) under `ours` and under `theirs`: one line
/// per file that is missing on one side or has other bytes.
fn differences(ours: &Path, theirs: &Path, files: &[PathBuf]) -> Vec<String> {
    files
        .iter()
        .filter_map(|file| {
            let name = format!("dist/{}", file.display());
            match (fs::read(ours.join(file)), fs::read(theirs.join(file))) {
                (Ok(a), Ok(b)) if a == b => None,
                (Ok(a), Ok(b)) => {
                    let at = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
                    Some(format!(
                        "{name} differs: {} bytes here, {} in the clone, first difference at byte {at}",
                        a.len(),
                        b.len()
                    ))
                }
                (Ok(_), Err(_)) => Some(format!("{name} is missing in the clone's build")),
                (Err(_), Ok(_)) => Some(format!("{name} is missing in this build")),
                (Err(_), Err(_)) => Some(format!("{name} is missing in both builds")),
            }
        })
        .collect()
}

/// The `paths` whose text appears in `bytes`.
fn leaked<'a>(bytes: &[u8], paths: &[&'a Path]) -> Vec<&'a Path> {
    paths
        .iter()
        .filter(|path| {
            let needle = path.as_os_str().as_encoded_bytes();
            // "/" alone, or a relative path, says nothing about this machine.
            path.is_absolute()
                && path.components().count() > 1
                && bytes.windows(needle.len()).any(|w| w == needle)
        })
        .copied()
        .collect()
}

fn remove(dir: &Path) -> Result<(), String> {
    if dir.exists() {
        fs::remove_dir_all(dir).map_err(|e| format!("cannot remove {}: {e}", dir.display()))?;
    }
    Ok(())
}

fn count(n: usize, thing: &str) -> String {
    format!("{n} {thing}{}", if n == 1 { "" } else { "s" })
}

/// This xtask's own binary, to run it again. On Linux `/proc/self/exe`, which still runs it when
/// another build (a second `cargo xtask …` while `test` runs) has replaced the file on disk: the
/// path it was started from then names a deleted file. Elsewhere, that path.
fn this_binary() -> Result<PathBuf, String> {
    let proc_self = Path::new("/proc/self/exe");
    if cfg!(target_os = "linux") && proc_self.exists() {
        return Ok(proc_self.to_path_buf());
    }
    std::env::current_exe().map_err(|e| format!("cannot find xtask itself: {e}"))
}
#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-{name}-{}", std::process::id()));
        remove(&dir).unwrap();
        dir
    }

    #[test]
    fn names_each_file_that_differs_or_is_missing() {
        let base = scratch("differences");
        let (ours, theirs) = (base.join("ours"), base.join("theirs"));
        for dir in [&ours, &theirs] {
            fs::create_dir_all(dir.join("pkg")).unwrap();
            fs::write(dir.join("pkg/same.wasm"), b"\0asm same").unwrap();
        }
        fs::write(ours.join("pkg/other.wasm"), b"\0asm 1234").unwrap();
        fs::write(theirs.join("pkg/other.wasm"), b"\0asm 12345").unwrap();
        fs::write(ours.join("only-here.zip"), b"PK").unwrap();
        fs::write(theirs.join("only-there.wasm"), b"\0asm").unwrap();

        let mut files = wasm_files(&ours).unwrap();
        files.extend(wasm_files(&theirs).unwrap());
        files.push("only-here.zip".into());
        files.sort();
        files.dedup();
        assert_eq!(
            differences(&ours, &theirs, &files),
            [
                "dist/only-here.zip is missing in the clone's build",
                "dist/only-there.wasm is missing in this build",
                "dist/pkg/other.wasm differs: 9 bytes here, 10 in the clone, first difference at byte 9",
            ]
        );
        assert!(differences(&ours, &theirs, &[PathBuf::from("pkg/same.wasm")]).is_empty());
        remove(&base).unwrap();
    }

    #[test]
    fn a_directory_inside_a_repository_is_no_checkout() {
        let root = crate::tools::root();
        if is_git_checkout(&root) {
            // Inside this repository, but not its top: the unpacked source archive's case.
            assert!(!is_git_checkout(&root.join("xtask")));
        }
        let elsewhere = scratch("no-git");
        fs::create_dir_all(&elsewhere).unwrap();
        assert!(!is_git_checkout(&elsewhere));
        remove(&elsewhere).unwrap();
    }

    #[test]
    fn finds_the_machine_s_directories_in_the_bytes() {
        let root = Path::new("/home/dev/click-to-dial");
        let home = Path::new("/home/dev/.cargo");
        let bytes =
            b"\0asm.../home/dev/.cargo/registry/src/index/serde-1.0.0/src/de.rs\0src/lib.rs";
        assert_eq!(leaked(bytes, &[root, home]), [home]);
        assert!(leaked(b"src/detect/find.rs", &[root, home]).is_empty());
        assert!(leaked(b"/anything", &[Path::new("/"), Path::new("src")]).is_empty());
    }

    #[test]
    fn the_other_wasm32_builds_have_the_same_target_features() {
        let config = fs::read_to_string(crate::tools::root().join(".cargo/config.toml")).unwrap();
        let feature = WASM_TARGET_FEATURES.trim_start_matches("-C");
        let line = format!(r#"rustflags = ["-C", "{feature}"]"#);
        assert!(config.contains(&line), "{line} not in .cargo/config.toml");
    }

    #[test]
    fn remaps_the_checkout_cargo_s_home_the_sysroot_and_the_target_directory() {
        let root = Path::new("/work/click-to-dial");
        let flags = remap_rustflags(root).into_string().unwrap();
        let flags: Vec<&str> = flags.split('\x1f').collect();
        assert_eq!(
            flags[0],
            "--remap-path-prefix=/work/click-to-dial=/click-to-dial"
        );
        assert!(
            flags.iter().all(|f| f.starts_with("--remap-path-prefix=/")),
            "{flags:?}"
        );
        // The target directory (here or elsewhere) comes last, so it wins over the checkout.
        let target = crate::extension::target_dir(root);
        assert_eq!(
            flags.last().unwrap(),
            &format!("--remap-path-prefix={}=/target", target.display())
        );
        if let Some(home) = cargo_home() {
            assert!(
                flags.contains(&format!("--remap-path-prefix={}=/cargo", home.display()).as_str())
            );
        }
        if let Some(sysroot) = rust_sysroot() {
            assert!(flags
                .contains(&format!("--remap-path-prefix={}=/rust", sysroot.display()).as_str()));
        }
    }
}
