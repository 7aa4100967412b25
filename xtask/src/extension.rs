//! `cargo xtask build` and `cargo xtask package`: the unpacked extension for each browser in
//! `dist/chromium/` and `dist/firefox/`, the zips a user or a store takes, and the web site with
//! the `<click-to-dial>` component in `dist/www/` ([`assemble_www`]).
//!
//! The build compiles the crate for wasm32 (release) once, runs the pinned wasm-bindgen CLI with
//! `--target web` once, then assembles each browser's directory: the bindings in `pkg/`, the files
//! of `extension/`, and the manifest generated for that browser ([`crate::manifest`]). Two
//! builds of one commit give the same bytes, zips included ([`crate::reproducible`]).

use crate::manifest::{self, Browser};
use crate::reproducible::{cargo_for_wasm, source_archive};
use crate::tools::{cargo, ensure_wasm_bindgen, ensure_wasm_target, root, run, step_detail};
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The crate's wasm artifact name.
const CRATE: &str = "click_to_dial";

/// Builds `dist/<browser>/` for every browser; returns the Chromium build's path.
pub fn build() -> Result<PathBuf, String> {
    ensure_wasm_target()?;
    ensure_wasm_bindgen()?;
    let root = root();
    // Two builds: in one, cargo would unify features and give the finder the web layer too.
    for (package, what) in [
        ("click-to-dial", "the crate"),
        ("finder-wasm", "the finder alone"),
    ] {
        step_detail("Compiling", &format!("{what} for wasm32 (release)"));
        run(cargo_for_wasm(&root).args([
            "build",
            "--release",
            "--lib",
            "--package",
            package,
            "--target",
            "wasm32-unknown-unknown",
        ]))?;
    }
    step_detail("Generating", "JS bindings with wasm-bindgen");
    // The extension's pages and background: ES modules.
    let bindings = bind(&root, CRATE, "web", "extension-pkg")?;
    // The content script's finder: a classic script (content scripts cannot be modules).
    let finder = bind(&root, "finder_wasm", "no-modules", "finder-pkg")?;
    // The web component's finder: an ES module.
    let finder_web = bind(&root, "finder_wasm", "web", "finder-web-pkg")?;
    step_detail("Optimizing", "the finder's wasm with wasm-opt");
    let (classic, module) = (
        finder.join("finder_wasm_bg.wasm"),
        finder_web.join("finder_wasm_bg.wasm"),
    );
    // wasm-bindgen writes the same wasm for both targets (only the glue differs): optimized once.
    let same = fs::read(&classic)
        .ok()
        .is_some_and(|a| fs::read(&module).ok() == Some(a));
    optimize_finder(&classic)?;
    if same {
        fs::copy(&classic, &module).map_err(|e| format!("cannot copy the finder's wasm: {e}"))?;
    } else {
        optimize_finder(&module)?;
    }
    let size = |dir: &Path, name: &str| {
        fs::metadata(dir.join(format!("{name}_bg.wasm"))).map_or(0, |m| m.len() / 1024)
    };
    for browser in Browser::ALL {
        let out = assemble(&root, &bindings, &finder, browser)?;
        step_detail(
            "Built",
            &format!(
                "{} (wasm {} KiB, the content script's finder {} KiB)",
                out.display(),
                size(&bindings, CRATE),
                size(&finder, "finder_wasm")
            ),
        );
    }
    let www = assemble_www(&root, &finder_web)?;
    step_detail(
        "Built",
        &format!(
            "{} (the <click-to-dial> component and the demo)",
            www.display()
        ),
    );
    Ok(dist(Browser::Chromium.name()))
}

/// `dist/www/`, emptied and filled: the files of `www/` (the component `click-to-dial.js` and
/// the demo pages), the page layer it imports (`extension/page/layer.js`, the extension's own
/// file) as `layer.js`, and the finder-only wasm's `--target web` bindings in `pkg/`. Serve the
/// directory, or copy `click-to-dial.js`, `layer.js` and `pkg/` into a site.
pub fn assemble_www(root: &Path, finder_web: &Path) -> Result<PathBuf, String> {
    let out = www_dist();
    if out.exists() {
        fs::remove_dir_all(&out).map_err(|e| format!("cannot clear {}: {e}", out.display()))?;
    }
    copy_dir(&root.join("www"), &out, &|_| true)?;
    fs::copy(root.join("extension/page/layer.js"), out.join("layer.js"))
        .map_err(|e| format!("cannot copy the page layer: {e}"))?;
    copy_dir(finder_web, &out.join("pkg"), &|_| true)?;
    Ok(out)
}

/// Where `cargo xtask build` puts the web site: `dist/www/`.
pub fn www_dist() -> PathBuf {
    dist("www")
}

/// Runs wasm-bindgen `--target target` on the release build of `name` into `target/<out>`.
fn bind(root: &Path, name: &str, target: &str, out: &str) -> Result<PathBuf, String> {
    let dir = target_dir(root).join(out);
    if dir.exists() {
        fs::remove_dir_all(&dir).map_err(|e| format!("cannot clear {}: {e}", dir.display()))?;
    }
    let wasm = target_dir(root).join(format!("wasm32-unknown-unknown/release/{name}.wasm"));
    run(Command::new("wasm-bindgen")
        .args([
            "--target",
            target,
            "--no-typescript",
            "--remove-name-section",
            "--remove-producers-section",
        ])
        .arg("--out-dir")
        .arg(&dir)
        .arg(&wasm))?;
    Ok(dir)
}

/// Binaryen's passes for the finder's wasm: `-O3` until nothing changes, and the target features
/// section (which only tools read) left out. On the dense page the finder ran 8% faster (72 to
/// 66 ms in Node) and its module shrank by 0.9 kB brotli; `-Oz` or `-Os` gave less of both.
const WASM_OPT_PASSES: [&str; 3] = ["-O3", "--converge", "--strip-target-features"];

/// Optimizes the finder's wasm `wasm` (wasm-bindgen's output) in place with Binaryen's
/// `wasm-opt` ([`WASM_OPT_PASSES`]; the wasm's features are read from its own target features
/// section). The same input gives the same bytes, so the build stays reproducible.
pub fn optimize_finder(wasm: &Path) -> Result<(), String> {
    let wasm_opt = crate::tools::ensure_wasm_opt()?;
    run(crate::tools::node_tool("node")?
        .arg(&wasm_opt)
        .args(WASM_OPT_PASSES)
        .arg(wasm)
        .arg("-o")
        .arg(wasm))
}

/// `dist/<browser>/`, emptied and filled: bindings, extension files, generated manifest.
fn assemble(
    root: &Path,
    bindings: &Path,
    finder: &Path,
    browser: Browser,
) -> Result<PathBuf, String> {
    let out = dist(browser.name());
    if out.exists() {
        fs::remove_dir_all(&out).map_err(|e| format!("cannot clear {}: {e}", out.display()))?;
    }
    copy_dir(bindings, &out.join("pkg"), &|_| true)?;
    copy_dir(&root.join("extension"), &out, &|name| {
        !manifest::is_source(name)
            && name != "page"
            // Chromium's offscreen document (Firefox has none, and needs none).
            && (browser == Browser::Chromium || !name.starts_with("offscreen."))
    })?;
    let page = root.join("extension/page");
    let read = |name: &str| {
        fs::read_to_string(page.join(name))
            .map_err(|e| format!("cannot read extension/page/{name}: {e}"))
    };
    let glue = fs::read_to_string(finder.join("finder_wasm.js"))
        .map_err(|e| format!("cannot read the finder's bindings: {e}"))?;
    let content = bundle_content_script(&glue, &read("layer.js")?, &read("content.js")?)?;
    fs::create_dir_all(out.join("finder")).map_err(|e| format!("cannot create finder/: {e}"))?;
    fs::copy(
        finder.join("finder_wasm_bg.wasm"),
        out.join("finder/finder_wasm_bg.wasm"),
    )
    .map_err(|e| format!("cannot copy the finder's wasm: {e}"))?;
    fs::write(out.join("content.js"), content)
        .map_err(|e| format!("cannot write content.js: {e}"))?;
    let generated = manifest::generate(&root.join("extension"), browser, version())?;
    let pretty = serde_json::to_string_pretty(&generated).map_err(|e| e.to_string())?;
    let path = out.join("manifest.json");
    fs::write(&path, pretty + "\n").map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(out)
}

fn dist(name: &str) -> PathBuf {
    root().join("dist").join(name)
}

/// Builds and zips each browser's extension into `dist/click-to-dial-<browser>-<version>.zip`,
/// writes the source a store reviewer rebuilds them from into
/// `dist/click-to-dial-source-<version>.zip` ([`source_archive`]), and puts the receiver for
/// incoming calls (built in release for this machine) beside them as
/// `dist/htek-c2d-receiver-<version>-<arch>-<os>`. Returns their paths.
pub fn package() -> Result<Vec<PathBuf>, String> {
    if let Some(warning) = crate::reproducible::compiler_warning() {
        step_detail("Warning", &warning);
    }
    build()?;
    let mut packaged = zip_extensions(&root().join("dist"))?;
    let source = dist(&format!("click-to-dial-source-{}.zip", version()));
    packaged.extend(source_archive(&root(), &source, version())?);
    packaged.push(package_receiver()?);
    Ok(packaged)
}

/// The names of the extension's zips in `dist/`, one per browser.
pub fn zip_names() -> Vec<String> {
    Browser::ALL
        .iter()
        .map(|browser| format!("click-to-dial-{}-{}.zip", browser.name(), version()))
        .collect()
}

/// Zips each browser's build in `dist_dir` (as [`build`] left it in `dist/`) into `dist_dir`
/// ([`zip_names`]).
pub fn zip_extensions(dist_dir: &Path) -> Result<Vec<PathBuf>, String> {
    Browser::ALL
        .iter()
        .zip(zip_names())
        .map(|(browser, name)| {
            let zip_path = dist_dir.join(name);
            zip_dir(&dist_dir.join(browser.name()), &zip_path)?;
            step_detail("Packaged", &zip_path.display().to_string());
            Ok(zip_path)
        })
        .collect()
}

/// The receiver's name in `dist/`.
const RECEIVER: &str = "htek-c2d-receiver";

/// Builds the receiver in release and copies it into `dist/`.
fn package_receiver() -> Result<PathBuf, String> {
    let root = root();
    step_detail("Compiling", "the receiver for incoming calls (release)");
    run(cargo().current_dir(&root).args([
        "build",
        "--release",
        "--package",
        RECEIVER,
        "--bin",
        RECEIVER,
    ]))?;
    let built = target_dir(&root)
        .join("release")
        .join(format!("{RECEIVER}{}", std::env::consts::EXE_SUFFIX));
    let out = dist(&format!(
        "{RECEIVER}-{}-{}-{}{}",
        version(),
        std::env::consts::ARCH,
        std::env::consts::OS,
        std::env::consts::EXE_SUFFIX
    ));
    fs::copy(&built, &out).map_err(|e| format!("cannot copy {}: {e}", built.display()))?;
    step_detail("Packaged", &out.display().to_string());
    Ok(out)
}

/// The crate's version, which the manifests carry.
pub fn version() -> &'static str {
    // xtask is versioned with the workspace; the main crate's version is read from its manifest.
    static VERSION: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    VERSION.get_or_init(|| {
        let manifest = fs::read_to_string(root().join("Cargo.toml")).unwrap_or_default();
        manifest
            .split("[package]")
            .nth(1)
            .and_then(|package| package.lines().find_map(|l| l.strip_prefix("version = \"")))
            .map(|v| v.trim_end_matches('"').to_string())
            .unwrap_or_else(|| "0.0.0".to_string())
    })
}

pub(crate) fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from)
}

/// The content script: the finder's bindings (`wasm_bindgen`, a classic script), `page/layer.js`
/// (an ES module, shared with the web component) and the entry `page/content.js`, inside one
/// function, because content scripts cannot be modules. The layer may not import anything; its
/// `export`s become plain declarations.
pub fn bundle_content_script(glue: &str, layer: &str, entry: &str) -> Result<String, String> {
    let mut body = String::new();
    for (number, line) in layer.lines().enumerate() {
        if line.starts_with("import ") || line.starts_with("export default") {
            return Err(format!(
                "extension/page/layer.js:{}: the page layer cannot import or export default",
                number + 1
            ));
        }
        let line = match line.strip_prefix("export ") {
            Some(declaration)
                if ["function ", "const ", "class ", "let "]
                    .iter()
                    .any(|k| declaration.starts_with(k)) =>
            {
                declaration
            }
            Some(_) => {
                return Err(format!(
                "extension/page/layer.js:{}: only `export function|const|class|let` is supported",
                number + 1
            ))
            }
            None => line,
        };
        body.push_str(line);
        body.push('\n');
    }
    Ok(format!(
        "// Generated by `cargo xtask build` from the finder's wasm-bindgen output,\n// extension/page/layer.js and extension/page/content.js.\n(() => {{\n'use strict';\n{glue}\n{body}\n{entry}}})();\n"
    ))
}

/// Copies the files of `from` into `to`, recursively, keeping those whose name `keep` accepts.
fn copy_dir(from: &Path, to: &Path, keep: &dyn Fn(&str) -> bool) -> Result<(), String> {
    fs::create_dir_all(to).map_err(|e| format!("cannot create {}: {e}", to.display()))?;
    let entries = fs::read_dir(from).map_err(|e| format!("cannot read {}: {e}", from.display()))?;
    for entry in entries {
        let entry = entry.map_err(|e| e.to_string())?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        if !keep(&name) {
            continue;
        }
        if path.is_dir() {
            copy_dir(&path, &to.join(&name), keep)?;
        } else {
            fs::copy(&path, to.join(&name))
                .map_err(|e| format!("cannot copy {}: {e}", path.display()))?;
        }
    }
    Ok(())
}

/// Zips every file under `dir` (paths relative to it, sorted, deflated), the same bytes for the
/// same files wherever and whenever it runs: every entry has the time 1980-01-01 00:00, the mode
/// `rw-r--r--` and the Unix "made by", whatever the files on disk have.
fn zip_dir(dir: &Path, zip_path: &Path) -> Result<(), String> {
    let mut files = Vec::new();
    collect_files(dir, dir, &mut files)?;
    files.sort();
    let file = fs::File::create(zip_path)
        .map_err(|e| format!("cannot create {}: {e}", zip_path.display()))?;
    let mut zip = zip::ZipWriter::new(file);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::DEFAULT)
        .unix_permissions(0o644)
        .system(zip::System::Unix);
    for relative in files {
        let name = relative.to_string_lossy().replace('\\', "/");
        zip.start_file(name.as_str(), options)
            .map_err(|e| format!("zip {name}: {e}"))?;
        let bytes =
            fs::read(dir.join(&relative)).map_err(|e| format!("cannot read {name}: {e}"))?;
        zip.write_all(&bytes)
            .map_err(|e| format!("zip {name}: {e}"))?;
    }
    zip.finish().map_err(|e| format!("zip: {e}"))?;
    Ok(())
}

/// Adds the paths of the files under `dir`, relative to `base`, to `out`.
pub(crate) fn collect_files(base: &Path, dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
    for entry in fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.is_dir() {
            collect_files(base, &path, out)?;
        } else {
            out.push(
                path.strip_prefix(base)
                    .map_err(|e| e.to_string())?
                    .to_path_buf(),
            );
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read as _;

    #[test]
    fn the_content_script_bundles_the_layer_and_the_entry() {
        let layer = "export const A = 1;\nexport function f() { return A; }\nclass B {}\n";
        let bundle = bundle_content_script("let wasm_bindgen = 1;", layer, "f();\n").unwrap();
        assert!(
            bundle.contains("\nconst A = 1;\nfunction f() { return A; }\nclass B {}\n"),
            "{bundle}"
        );
        assert!(
            bundle.starts_with("// Generated") && bundle.trim_end().ends_with("f();\n})();"),
            "{bundle}"
        );
        assert!(!bundle.contains("export"));
        for bad in [
            "import { x } from './x.js';\n",
            "export default 1;\n",
            "export { f };\n",
        ] {
            assert!(bundle_content_script("", bad, "").is_err(), "{bad}");
        }
        let real = fs::read_to_string(root().join("extension/page/layer.js")).unwrap();
        let entry = fs::read_to_string(root().join("extension/page/content.js")).unwrap();
        assert!(bundle_content_script("", &real, &entry).is_ok());
    }

    #[test]
    fn zips_every_file_with_relative_paths() {
        let base = std::env::temp_dir().join(format!("xtask-zip-{}", std::process::id()));
        let dir = base.join("ext");
        fs::create_dir_all(dir.join("pkg")).unwrap();
        fs::write(dir.join("manifest.json"), "{}").unwrap();
        fs::write(dir.join("pkg/x.wasm"), [0u8, 97, 115, 109]).unwrap();
        let zip_path = base.join("out.zip");
        zip_dir(&dir, &zip_path).unwrap();

        let mut archive = zip::ZipArchive::new(fs::File::open(&zip_path).unwrap()).unwrap();
        let mut names: Vec<String> = archive
            .file_names()
            .map(|n| n.unwrap().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, ["manifest.json", "pkg/x.wasm"]);
        let mut wasm = Vec::new();
        archive
            .by_name("pkg/x.wasm")
            .unwrap()
            .read_to_end(&mut wasm)
            .unwrap();
        assert_eq!(wasm, [0, 97, 115, 109]);
        fs::remove_dir_all(base).unwrap();
    }

    #[test]
    fn zips_the_same_bytes_whatever_the_files_times_and_modes() {
        use std::time::{Duration, SystemTime};
        let base = std::env::temp_dir().join(format!("xtask-zip-same-{}", std::process::id()));
        let dir = base.join("ext");
        fs::create_dir_all(dir.join("pkg")).unwrap();
        // Written in another order than the zip lists them.
        for name in ["pkg/b.wasm", "manifest.json", "a.js"] {
            fs::write(dir.join(name), name).unwrap();
        }
        let touch = |name: &str, seconds: u64, mode: u32| {
            let file = fs::File::options()
                .write(true)
                .open(dir.join(name))
                .unwrap();
            file.set_modified(SystemTime::UNIX_EPOCH + Duration::from_secs(seconds))
                .unwrap();
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt as _;
                file.set_permissions(fs::Permissions::from_mode(mode))
                    .unwrap();
            }
            #[cfg(not(unix))]
            let _ = mode;
        };
        touch("a.js", 1_000_000_000, 0o755);
        zip_dir(&dir, &base.join("first.zip")).unwrap();
        touch("a.js", 1_700_000_000, 0o600);
        touch("manifest.json", 1_700_000_000, 0o640);
        zip_dir(&dir, &base.join("second.zip")).unwrap();

        let first = fs::read(base.join("first.zip")).unwrap();
        assert_eq!(first, fs::read(base.join("second.zip")).unwrap());
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(first)).unwrap();
        let mut entries = Vec::new();
        for index in 0..archive.len() {
            let entry = archive.by_index(index).unwrap();
            entries.push((
                entry.name().unwrap().into_owned(),
                entry.unix_mode(),
                entry.last_modified(),
            ));
        }
        let fixed = (Some(0o100644), Some(zip::DateTime::DEFAULT));
        assert_eq!(
            entries,
            ["a.js", "manifest.json", "pkg/b.wasm"].map(|name| (
                name.to_string(),
                fixed.0,
                fixed.1
            ))
        );
        fs::remove_dir_all(base).unwrap();
    }
}
