//! `htek-c2d-receiver install | uninstall`: the native messaging host manifests that let the
//! browsers start the receiver (Linux paths).
//!
//! Chromium reads `~/.config/chromium/NativeMessagingHosts/<name>.json` (Google Chrome
//! `~/.config/google-chrome/NativeMessagingHosts/`, and any profile started with
//! `--user-data-dir=D` also `D/NativeMessagingHosts/`), with `allowed_origins`; Firefox reads
//! `~/.mozilla/native-messaging-hosts/<name>.json`, with `allowed_extensions`. `<name>` is
//! [`HOST_NAME`]. The extension ids default to the project's own: Chromium's is fixed by the
//! `key` in `extension/manifest.chromium.json` ([`DEFAULT_CHROMIUM_ID`]), Firefox's is the
//! add-on id ([`DEFAULT_FIREFOX_ID`]).
//!
//! ```
//! use std::path::Path;
//! use htek_c2d_receiver::install::{parse_args, plan, Action};
//!
//! let (action, options) = parse_args(["install", "--dir", "/home/ada", "--print"].map(String::from))
//!     .map_err(|e| e.to_string())?;
//! assert_eq!(action, Action::Install);
//! let files = plan(&options, Path::new("/opt/htek-c2d-receiver")).map_err(|e| e.to_string())?;
//! assert_eq!(
//!     files[0].path,
//!     Path::new("/home/ada/.config/chromium/NativeMessagingHosts/com.htek_c2d.receiver.json")
//! );
//! assert_eq!(files[0].manifest["allowed_origins"][0], "chrome-extension://mhadenffbagjilofkineljjdjkkcblcp/");
//! # Ok::<(), String>(())
//! ```

use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use click_to_dial::incoming::native::HOST_NAME;
use serde_json::{json, Value};

/// The id Chromium gives the extension: from the `key` in `extension/manifest.chromium.json`
/// (SHA-256 of the DER key, first 32 hex digits written `a`..`p`; a test checks it).
pub const DEFAULT_CHROMIUM_ID: &str = "mhadenffbagjilofkineljjdjkkcblcp";

/// The Firefox add-on id (`browser_specific_settings.gecko.id`).
pub const DEFAULT_FIREFOX_ID: &str = "click-to-dial@htek-c2d";

const DESCRIPTION: &str = "Htek click-to-dial: the phone's Action URL events (incoming calls)";

/// Install or uninstall.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Install,
    Uninstall,
}

/// The flags of `install` and `uninstall`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// `--chromium-id` (repeatable); empty means [`DEFAULT_CHROMIUM_ID`].
    pub chromium_ids: Vec<String>,
    /// `--firefox-id` (repeatable); empty means [`DEFAULT_FIREFOX_ID`].
    pub firefox_ids: Vec<String>,
    /// `--dir`: the home directory to use instead of `$HOME`.
    pub home: Option<PathBuf>,
    /// `--chromium-dir` (repeatable): write Chromium's manifest into exactly this directory
    /// (e.g. `<user-data-dir>/NativeMessagingHosts`) instead of the home locations.
    pub chromium_dirs: Vec<PathBuf>,
    /// `--firefox-dir` (repeatable): the same for Firefox.
    pub firefox_dirs: Vec<PathBuf>,
    /// `--exe`: the receiver's path in the manifests instead of this program's.
    pub exe: Option<PathBuf>,
    /// `--print`: show what would be written or removed, change nothing.
    pub print: bool,
}

/// A flag problem; the message names the flag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArgError(pub String);

impl fmt::Display for ArgError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ArgError {}

/// Parses `install ...` or `uninstall ...` (with the subcommand first).
///
/// # Errors
///
/// [`ArgError`] for an unknown subcommand or flag, a missing value or a malformed id.
pub fn parse_args(args: impl IntoIterator<Item = String>) -> Result<(Action, Options), ArgError> {
    let mut args = args.into_iter();
    let action = match args.next().as_deref() {
        Some("install") => Action::Install,
        Some("uninstall") => Action::Uninstall,
        other => {
            return Err(ArgError(format!(
                "expected install or uninstall, got {other:?}"
            )))
        }
    };
    let mut options = Options::default();
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
            _ => (arg, None),
        };
        let mut value = |name: &str| {
            inline
                .clone()
                .or_else(|| args.next())
                .ok_or_else(|| ArgError(format!("{name} needs a value")))
        };
        match flag.as_str() {
            "--chromium-id" => {
                let id = value("--chromium-id")?;
                if id.len() != 32 || !id.bytes().all(|b| (b'a'..=b'p').contains(&b)) {
                    return Err(ArgError(format!(
                        "--chromium-id {id:?}: an extension id is 32 letters a to p"
                    )));
                }
                options.chromium_ids.push(id);
            }
            "--firefox-id" => {
                let id = value("--firefox-id")?;
                if id.is_empty() || id.contains(char::is_whitespace) {
                    return Err(ArgError(format!("--firefox-id {id:?}: not an add-on id")));
                }
                options.firefox_ids.push(id);
            }
            "--dir" => options.home = Some(value("--dir")?.into()),
            "--chromium-dir" => options.chromium_dirs.push(value("--chromium-dir")?.into()),
            "--firefox-dir" => options.firefox_dirs.push(value("--firefox-dir")?.into()),
            "--exe" => options.exe = Some(value("--exe")?.into()),
            "--print" if inline.is_none() => options.print = true,
            other => return Err(ArgError(format!("unknown flag {other}"))),
        }
    }
    Ok((action, options))
}

/// One manifest file to write or remove.
#[derive(Debug, Clone, PartialEq)]
pub struct ManifestFile {
    pub path: PathBuf,
    pub manifest: Value,
}

/// Chromium's manifest for the receiver at `exe`.
pub fn chromium_manifest(exe: &Path, ids: &[String]) -> Value {
    let origins: Vec<String> = ids
        .iter()
        .map(|id| format!("chrome-extension://{id}/"))
        .collect();
    json!({
        "name": HOST_NAME,
        "description": DESCRIPTION,
        "path": exe,
        "type": "stdio",
        "allowed_origins": origins,
    })
}

/// Firefox's manifest for the receiver at `exe`.
pub fn firefox_manifest(exe: &Path, ids: &[String]) -> Value {
    json!({
        "name": HOST_NAME,
        "description": DESCRIPTION,
        "path": exe,
        "type": "stdio",
        "allowed_extensions": ids,
    })
}

/// The files `options` asks for, for the receiver at `exe`: the explicit directories if any
/// are given, else Chromium's, Google Chrome's and Firefox's under the home directory.
///
/// # Errors
///
/// A message when no home directory is known (no `--dir` and no `$HOME`) and one is needed.
pub fn plan(options: &Options, exe: &Path) -> Result<Vec<ManifestFile>, String> {
    let or_default = |ids: &[String], default: &str| {
        if ids.is_empty() {
            vec![default.to_string()]
        } else {
            ids.to_vec()
        }
    };
    let chromium = chromium_manifest(exe, &or_default(&options.chromium_ids, DEFAULT_CHROMIUM_ID));
    let firefox = firefox_manifest(exe, &or_default(&options.firefox_ids, DEFAULT_FIREFOX_ID));
    let file = format!("{HOST_NAME}.json");
    let mut files = Vec::new();
    if options.chromium_dirs.is_empty() && options.firefox_dirs.is_empty() {
        let home = match &options.home {
            Some(home) => home.clone(),
            None => std::env::var_os("HOME")
                .filter(|h| !h.is_empty())
                .map(PathBuf::from)
                .ok_or("no home directory: set HOME or pass --dir")?,
        };
        for dir in [
            ".config/chromium/NativeMessagingHosts",
            ".config/google-chrome/NativeMessagingHosts",
        ] {
            files.push(ManifestFile {
                path: home.join(dir).join(&file),
                manifest: chromium.clone(),
            });
        }
        files.push(ManifestFile {
            path: home.join(".mozilla/native-messaging-hosts").join(&file),
            manifest: firefox,
        });
    } else {
        for dir in &options.chromium_dirs {
            files.push(ManifestFile {
                path: dir.join(&file),
                manifest: chromium.clone(),
            });
        }
        for dir in &options.firefox_dirs {
            files.push(ManifestFile {
                path: dir.join(&file),
                manifest: firefox.clone(),
            });
        }
    }
    Ok(files)
}

/// This program's absolute path, for the manifests.
///
/// # Errors
///
/// When the OS cannot say.
pub fn current_exe() -> io::Result<PathBuf> {
    let exe = std::env::current_exe()?;
    Ok(exe.canonicalize().unwrap_or(exe))
}

/// Writes (install) or removes (uninstall) each file, or only says what it would do with
/// `--print`. Returns one line per file for the user.
///
/// # Errors
///
/// A message naming the file that could not be written or removed.
pub fn apply(
    action: Action,
    options: &Options,
    files: &[ManifestFile],
) -> Result<Vec<String>, String> {
    let mut lines = Vec::new();
    for file in files {
        let shown = file.path.display();
        match (action, options.print) {
            (Action::Install, true) => {
                let pretty =
                    serde_json::to_string_pretty(&file.manifest).map_err(|e| e.to_string())?;
                lines.push(format!("would write {shown}:\n{pretty}"));
            }
            (Action::Uninstall, true) => lines.push(format!("would remove {shown}")),
            (Action::Install, false) => {
                if let Some(dir) = file.path.parent() {
                    fs::create_dir_all(dir)
                        .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
                }
                let pretty =
                    serde_json::to_string_pretty(&file.manifest).map_err(|e| e.to_string())?;
                fs::write(&file.path, pretty + "\n")
                    .map_err(|e| format!("cannot write {shown}: {e}"))?;
                lines.push(format!("wrote {shown}"));
            }
            (Action::Uninstall, false) => match fs::remove_file(&file.path) {
                Ok(()) => lines.push(format!("removed {shown}")),
                Err(e) if e.kind() == io::ErrorKind::NotFound => {
                    lines.push(format!("not there: {shown}"));
                }
                Err(e) => return Err(format!("cannot remove {shown}: {e}")),
            },
        }
    }
    Ok(lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn flags_table() {
        let (action, o) = parse_args(args(&[
            "install",
            "--chromium-id",
            "abcdefghijklmnopabcdefghijklmnop",
            "--firefox-id=x@y",
            "--dir",
            "/h",
            "--chromium-dir",
            "/u/NativeMessagingHosts",
            "--exe",
            "/opt/r",
            "--print",
        ]))
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(action, Action::Install);
        assert_eq!(o.chromium_ids, ["abcdefghijklmnopabcdefghijklmnop"]);
        assert_eq!(o.firefox_ids, ["x@y"]);
        assert_eq!(o.home.as_deref(), Some(Path::new("/h")));
        assert_eq!(o.chromium_dirs, [PathBuf::from("/u/NativeMessagingHosts")]);
        assert_eq!(o.exe.as_deref(), Some(Path::new("/opt/r")));
        assert!(o.print);
        let bad: &[&[&str]] = &[
            &["remove"],
            &[],
            &["install", "--chromium-id", "xyz"],
            &[
                "install",
                "--chromium-id",
                "ABCDEFGHIJKLMNOPABCDEFGHIJKLMNOP",
            ],
            &["install", "--dir"],
            &["install", "--print=yes"],
            &["install", "--firefox-id", "a b"],
            &["uninstall", "--bogus"],
        ];
        for list in bad {
            assert!(parse_args(args(list)).is_err(), "{list:?}");
        }
    }

    #[test]
    fn default_plan_covers_three_browsers() {
        let options = Options {
            home: Some("/home/ada".into()),
            ..Options::default()
        };
        let files = plan(&options, Path::new("/opt/recv")).unwrap_or_default();
        let paths: Vec<String> = files.iter().map(|f| f.path.display().to_string()).collect();
        assert_eq!(
            paths,
            [
                "/home/ada/.config/chromium/NativeMessagingHosts/com.htek_c2d.receiver.json",
                "/home/ada/.config/google-chrome/NativeMessagingHosts/com.htek_c2d.receiver.json",
                "/home/ada/.mozilla/native-messaging-hosts/com.htek_c2d.receiver.json",
            ]
        );
        assert_eq!(
            files[0].manifest,
            json!({
                "name": "com.htek_c2d.receiver",
                "description": DESCRIPTION,
                "path": "/opt/recv",
                "type": "stdio",
                "allowed_origins": ["chrome-extension://mhadenffbagjilofkineljjdjkkcblcp/"],
            })
        );
        assert_eq!(
            files[2].manifest["allowed_extensions"],
            json!(["click-to-dial@htek-c2d"])
        );
        assert!(files[2].manifest.get("allowed_origins").is_none());
    }

    #[test]
    fn host_name_is_valid_for_both_browsers() {
        assert!(HOST_NAME
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'.'));
        assert!(
            !HOST_NAME.starts_with('.') && !HOST_NAME.ends_with('.') && !HOST_NAME.contains("..")
        );
    }
}
