//! The extension's manifest for each browser, generated from one source.
//!
//! `extension/manifest.json` holds everything the browsers share; `manifest.<browser>.json`
//! beside it holds what differs (Chromium: the service worker, the `key` that fixes the
//! extension id, the minimum version; Firefox: background scripts and the add-on id). The
//! overlay is merged into the base (objects key by key, anything else replaced, `null`
//! deleting a key), and the version comes from the crate.
//!
//! ```text
//! base {"background": ..., "permissions": [...]}  +  overlay {"background": {"scripts": [...]}}
//! ```

use serde_json::Value;
use std::fs;
use std::path::Path;

/// A browser the extension is built for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Browser {
    Chromium,
    Firefox,
}

impl Browser {
    pub const ALL: [Browser; 2] = [Browser::Chromium, Browser::Firefox];

    /// The name used for its build directory (`dist/<name>/`) and overlay file.
    pub fn name(self) -> &'static str {
        match self {
            Browser::Chromium => "chromium",
            Browser::Firefox => "firefox",
        }
    }

    /// The overlay file's name in `extension/`.
    pub fn overlay(self) -> String {
        format!("manifest.{}.json", self.name())
    }
}

/// Whether `name` is one of the manifest sources, which are not copied as they are.
pub fn is_source(name: &str) -> bool {
    name == "manifest.json" || (name.starts_with("manifest.") && name.ends_with(".json"))
}

/// Reads the base manifest and `browser`'s overlay from `dir` and merges them, with `version`.
pub fn generate(dir: &Path, browser: Browser, version: &str) -> Result<Value, String> {
    let mut manifest = read_json(&dir.join("manifest.json"))?;
    let overlay = read_json(&dir.join(browser.overlay()))?;
    merge(&mut manifest, overlay);
    manifest["version"] = version.into();
    Ok(manifest)
}

fn read_json(path: &Path) -> Result<Value, String> {
    let text =
        fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{} is not valid JSON: {e}", path.display()))
}

/// Merges `overlay` into `base`: objects key by key, `null` deletes, anything else replaces.
pub fn merge(base: &mut Value, overlay: Value) {
    match (base, overlay) {
        (Value::Object(base), Value::Object(overlay)) => {
            for (key, value) in overlay {
                if value.is_null() {
                    base.remove(&key);
                } else {
                    merge(base.entry(key).or_insert(Value::Null), value);
                }
            }
        }
        (base, overlay) => *base = overlay,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn merging() {
        let mut base = json!({"a": 1, "b": {"c": 2, "d": 3}, "e": [1, 2], "gone": true});
        merge(
            &mut base,
            json!({"b": {"c": 20, "x": 4}, "e": [9], "gone": null, "new": "n"}),
        );
        assert_eq!(
            base,
            json!({"a": 1, "b": {"c": 20, "d": 3, "x": 4}, "e": [9], "new": "n"})
        );
    }

    fn manifest(browser: Browser) -> Value {
        let dir = crate::tools::root().join("extension");
        generate(&dir, browser, "1.2.3").unwrap()
    }

    #[test]
    fn both_browsers_share_the_base() {
        for browser in Browser::ALL {
            let m = manifest(browser);
            assert_eq!(m["manifest_version"], 3);
            assert_eq!(m["version"], "1.2.3");
            assert_eq!(m["background"]["type"], "module", "{browser:?}");
            assert_eq!(
                m["content_security_policy"]["extension_pages"],
                "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'",
                "wasm allowed, and no upgrade-insecure-requests: the phone is http://"
            );
            let permissions = m["permissions"].as_array().unwrap();
            assert!(
                !permissions.iter().any(|p| p == "tabs" || p == "<all_urls>"),
                "only what is needed"
            );
        }
    }

    #[test]
    fn chromium_has_a_service_worker_and_a_key() {
        let m = manifest(Browser::Chromium);
        assert_eq!(
            m["background"],
            json!({"service_worker": "background.js", "type": "module"})
        );
        assert!(
            m["key"].as_str().is_some_and(|k| k.len() > 300),
            "a key keeps the id stable"
        );
        assert!(m.get("browser_specific_settings").is_none());
    }

    #[test]
    fn firefox_has_background_scripts_and_an_id() {
        let m = manifest(Browser::Firefox);
        assert_eq!(
            m["background"],
            json!({"scripts": ["background.js"], "type": "module"})
        );
        assert_eq!(
            m["browser_specific_settings"]["gecko"]["id"],
            "click-to-dial@htek-c2d"
        );
        assert!(m.get("key").is_none() && m.get("minimum_chrome_version").is_none());
    }

    /// No build lists a style sheet the page layer brings into effect by an attribute of a
    /// fixed name (a page would see the name): the content scripts are the base's, and the
    /// sight sheet is inserted per frame with the frame's random attribute
    /// (`pages::SightAttribute`).
    #[test]
    fn the_content_scripts_are_the_bases_in_both_builds() {
        let base = manifest(Browser::Chromium);
        let m = manifest(Browser::Firefox);
        assert_eq!(m["content_scripts"], base["content_scripts"]);
        let scripts = m["content_scripts"].as_array().unwrap();
        assert_eq!(scripts.len(), 1);
        // Nor a sheet of the marks' (its name would be fixed): the background inserts it.
        assert!(scripts[0].get("css").is_none(), "{}", scripts[0]);
    }

    #[test]
    fn sources_are_recognised() {
        for (name, source) in [
            ("manifest.json", true),
            ("manifest.firefox.json", true),
            ("manifest.chromium.json", true),
            ("content.js", false),
            ("manifest.js", false),
        ] {
            assert_eq!(is_source(name), source, "{name}");
        }
    }
}
