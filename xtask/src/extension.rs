//! `cargo xtask build` and `cargo xtask package`: the unpacked extension in `dist/chromium/` and
//! the zip a user or a store takes.
//!
//! The build compiles the crate for wasm32 (release), runs the pinned wasm-bindgen CLI with
//! `--target web` into `dist/chromium/pkg/`, copies `extension/` beside it and writes the
//! manifest with the crate's version.

use crate::tools::{cargo, ensure_wasm_bindgen, ensure_wasm_target, root, run, step_detail};
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The crate's wasm artifact name.
const CRATE: &str = "click_to_dial";

/// Builds `dist/chromium/` and returns its path.
pub fn build() -> Result<PathBuf, String> {
    ensure_wasm_target()?;
    ensure_wasm_bindgen()?;
    let root = root();
    step_detail("Compiling", "the crate for wasm32 (release)");
    run(cargo().current_dir(&root).args([
        "build",
        "--release",
        "--lib",
        "--package",
        "click-to-dial",
        "--target",
        "wasm32-unknown-unknown",
    ]))?;
    let out = root.join("dist/chromium");
    if out.exists() {
        fs::remove_dir_all(&out).map_err(|e| format!("cannot clear {}: {e}", out.display()))?;
    }
    fs::create_dir_all(&out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    let wasm = target_dir(&root).join(format!("wasm32-unknown-unknown/release/{CRATE}.wasm"));
    step_detail("Generating", "JS bindings with wasm-bindgen --target web");
    run(Command::new("wasm-bindgen")
        .args([
            "--target",
            "web",
            "--no-typescript",
            "--remove-name-section",
            "--remove-producers-section",
        ])
        .arg("--out-dir")
        .arg(out.join("pkg"))
        .arg(&wasm))?;
    copy_dir(&root.join("extension"), &out, &|name| {
        name != "manifest.json"
    })?;
    write_manifest(
        &root.join("extension/manifest.json"),
        &out.join("manifest.json"),
    )?;
    let size = fs::metadata(out.join(format!("pkg/{CRATE}_bg.wasm"))).map_or(0, |m| m.len());
    step_detail(
        "Built",
        &format!("{} (wasm {} KiB)", out.display(), size / 1024),
    );
    Ok(out)
}

/// Builds and zips the extension into `dist/click-to-dial-chromium-<version>.zip`.
pub fn package() -> Result<PathBuf, String> {
    let dir = build()?;
    let zip_path = root().join(format!("dist/click-to-dial-chromium-{}.zip", version()));
    zip_dir(&dir, &zip_path)?;
    step_detail("Packaged", &zip_path.display().to_string());
    Ok(zip_path)
}

/// The crate's version, which the manifest carries.
fn version() -> &'static str {
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

fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from)
}

/// Writes the manifest with the crate's version, checking that it is valid JSON.
fn write_manifest(source: &Path, destination: &Path) -> Result<(), String> {
    let text =
        fs::read_to_string(source).map_err(|e| format!("cannot read {}: {e}", source.display()))?;
    let mut manifest: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| format!("{} is not valid JSON: {e}", source.display()))?;
    manifest["version"] = version().into();
    let pretty = serde_json::to_string_pretty(&manifest).map_err(|e| e.to_string())?;
    fs::write(destination, pretty + "\n")
        .map_err(|e| format!("cannot write {}: {e}", destination.display()))
}

/// Copies the files of `from` into `to`, recursively, keeping those whose name `keep` accepts.
fn copy_dir(from: &Path, to: &Path, keep: &dyn Fn(&str) -> bool) -> Result<(), String> {
    fs::create_dir_all(to).map_err(|e| format!("cannot create {}: {e}", to.display()))?;
    let entries = fs::read_dir(from).map_err(|e| format!("cannot read {}: {e}", from.display()))?;
    for entry in entries {
        let entry = entry.map_err(|e| e.to_string())?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        if path.is_dir() {
            copy_dir(&path, &to.join(&name), keep)?;
        } else if keep(&name) {
            fs::copy(&path, to.join(&name))
                .map_err(|e| format!("cannot copy {}: {e}", path.display()))?;
        }
    }
    Ok(())
}

/// Zips every file under `dir` (paths relative to it, sorted, deflated).
fn zip_dir(dir: &Path, zip_path: &Path) -> Result<(), String> {
    let mut files = Vec::new();
    collect_files(dir, dir, &mut files)?;
    files.sort();
    let file = fs::File::create(zip_path)
        .map_err(|e| format!("cannot create {}: {e}", zip_path.display()))?;
    let mut zip = zip::ZipWriter::new(file);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
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

fn collect_files(base: &Path, dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
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
    fn manifest_gets_the_crate_version() {
        let base = std::env::temp_dir().join(format!("xtask-manifest-{}", std::process::id()));
        fs::create_dir_all(&base).unwrap();
        fs::write(
            base.join("in.json"),
            r#"{"manifest_version": 3, "version": "0.0.0"}"#,
        )
        .unwrap();
        write_manifest(&base.join("in.json"), &base.join("out.json")).unwrap();
        let written: serde_json::Value =
            serde_json::from_str(&fs::read_to_string(base.join("out.json")).unwrap()).unwrap();
        assert_eq!(written["version"], version());
        assert_ne!(version(), "0.0.0");
        fs::write(base.join("bad.json"), "{").unwrap();
        let error = write_manifest(&base.join("bad.json"), &base.join("out.json")).unwrap_err();
        assert!(error.contains("not valid JSON"), "{error}");
        fs::remove_dir_all(base).unwrap();
    }

    #[test]
    fn the_source_manifest_is_a_chromium_mv3_manifest() {
        let text = fs::read_to_string(root().join("extension/manifest.json")).unwrap();
        let manifest: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(manifest["manifest_version"], 3);
        assert_eq!(manifest["background"]["type"], "module");
        assert_eq!(
            manifest["content_security_policy"]["extension_pages"],
            "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'"
        );
        assert!(
            manifest["key"].as_str().is_some_and(|k| k.len() > 300),
            "a key keeps the id stable"
        );
        let permissions = manifest["permissions"].as_array().unwrap();
        assert!(
            !permissions.iter().any(|p| p == "tabs" || p == "<all_urls>"),
            "only what is needed"
        );
    }
}
