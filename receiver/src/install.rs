//! `htek-c2d-receiver install | uninstall`: the native messaging host manifests that let the
//! browsers start the receiver, on Linux, macOS and Windows.
//!
//! Chromium-based browsers read `<name>.json` with `allowed_origins`, Firefox reads it with
//! `allowed_extensions`; `<name>` is [`HOST_NAME`]. Where ([`BROWSERS`], per [`Platform`]):
//! on Linux and macOS a directory per browser under the home directory (Chromium
//! `~/.config/chromium/NativeMessagingHosts/`, macOS `~/Library/Application
//! Support/Chromium/NativeMessagingHosts/`, and so on; a profile started with
//! `--user-data-dir=D` also reads `D/NativeMessagingHosts/`); on Windows the file may be
//! anywhere and a registry key under `HKEY_CURRENT_USER` names it (`Software\Google\Chrome\
//! NativeMessagingHosts\<name>`, default value = the file's path), so `install` writes the
//! files under `%USERPROFILE%\AppData\Local\htek-c2d-receiver\` and sets the keys with
//! `reg.exe`. The extension ids default to the project's own: Chromium's is fixed by the
//! `key` in `extension/manifest.chromium.json` ([`DEFAULT_CHROMIUM_ID`]), Firefox's is the
//! add-on id ([`DEFAULT_FIREFOX_ID`]).
//!
//! ```
//! use std::path::Path;
//! use htek_c2d_receiver::install::{parse_args, plan_for, Action, Platform};
//!
//! let (action, options) = parse_args(["install", "--dir", "/home/ada", "--print"].map(String::from))
//!     .map_err(|e| e.to_string())?;
//! assert_eq!(action, Action::Install);
//! let exe = Path::new("/opt/htek-c2d-receiver");
//! let files = plan_for(Platform::Linux, &options, exe).map_err(|e| e.to_string())?;
//! assert_eq!(
//!     files[0].path,
//!     Path::new("/home/ada/.config/chromium/NativeMessagingHosts/com.htek_c2d.receiver.json")
//! );
//! assert_eq!(files[0].manifest["allowed_origins"][0], "chrome-extension://mhadenffbagjilofkineljjdjkkcblcp/");
//! # Ok::<(), String>(())
//! ```

use std::ffi::OsString;
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

/// The operating system whose locations are used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Platform {
    Linux,
    MacOs,
    Windows,
}

impl Platform {
    /// The one this program was built for (other Unix systems count as Linux: the browsers use
    /// the same locations there).
    pub fn current() -> Platform {
        if cfg!(target_os = "windows") {
            Platform::Windows
        } else if cfg!(target_os = "macos") {
            Platform::MacOs
        } else {
            Platform::Linux
        }
    }

    /// The environment variable holding the home directory.
    fn home_variable(self) -> &'static str {
        match self {
            Platform::Windows => "USERPROFILE",
            _ => "HOME",
        }
    }
}

/// Which manifest a browser reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// `allowed_origins` with `chrome-extension://` ids.
    Chromium,
    /// `allowed_extensions` with add-on ids.
    Firefox,
}

/// Where one browser looks for native messaging hosts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BrowserHome {
    pub name: &'static str,
    pub family: Family,
    /// The directory under the home directory, Linux.
    pub linux: &'static str,
    /// The same, macOS.
    pub macos: &'static str,
    /// The registry key under `HKEY_CURRENT_USER` whose subkey `<name>` points at the file,
    /// Windows.
    pub windows_key: &'static str,
    /// The directory (under `AppData\Local\htek-c2d-receiver`) of the file, Windows.
    pub windows_dir: &'static str,
}

/// The browsers `install` registers the receiver with by default.
pub const BROWSERS: [BrowserHome; 4] = [
    BrowserHome {
        name: "Chromium",
        family: Family::Chromium,
        linux: ".config/chromium/NativeMessagingHosts",
        macos: "Library/Application Support/Chromium/NativeMessagingHosts",
        windows_key: r"Software\Chromium\NativeMessagingHosts",
        windows_dir: "chromium",
    },
    BrowserHome {
        name: "Google Chrome",
        family: Family::Chromium,
        linux: ".config/google-chrome/NativeMessagingHosts",
        macos: "Library/Application Support/Google/Chrome/NativeMessagingHosts",
        windows_key: r"Software\Google\Chrome\NativeMessagingHosts",
        windows_dir: "chrome",
    },
    BrowserHome {
        name: "Microsoft Edge",
        family: Family::Chromium,
        linux: ".config/microsoft-edge/NativeMessagingHosts",
        macos: "Library/Application Support/Microsoft Edge/NativeMessagingHosts",
        windows_key: r"Software\Microsoft\Edge\NativeMessagingHosts",
        windows_dir: "edge",
    },
    BrowserHome {
        name: "Firefox",
        family: Family::Firefox,
        linux: ".mozilla/native-messaging-hosts",
        macos: "Library/Application Support/Mozilla/NativeMessagingHosts",
        windows_key: r"Software\Mozilla\NativeMessagingHosts",
        windows_dir: "firefox",
    },
];

/// Where, on Windows, the manifest files go, under the home directory.
const WINDOWS_FILES: &str = r"AppData\Local\htek-c2d-receiver";

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
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ArgError(pub String);

/// Parses `install ...` or `uninstall ...` (with the subcommand first), with `lexopt`.
///
/// # Errors
///
/// [`ArgError`] for an unknown subcommand or flag, a missing value or a malformed id.
pub fn parse_args(
    args: impl IntoIterator<Item = impl Into<OsString>>,
) -> Result<(Action, Options), ArgError> {
    use lexopt::Arg::{Long, Short, Value};
    let mut parser = lexopt::Parser::from_args(args);
    let unreadable = |e: lexopt::Error| ArgError(e.to_string());
    let action = match parser.next().map_err(unreadable)? {
        Some(Value(word)) if word == "install" => Action::Install,
        Some(Value(word)) if word == "uninstall" => Action::Uninstall,
        Some(other) => {
            let got = match other {
                Long(flag) => format!("--{flag}"),
                Short(flag) => format!("-{flag}"),
                Value(word) => format!("{word:?}"),
            };
            return Err(ArgError(format!(
                "expected install or uninstall first, got {got}"
            )));
        }
        None => return Err(ArgError("expected install or uninstall".into())),
    };
    let mut options = Options::default();
    while let Some(arg) = parser.next().map_err(unreadable)? {
        match arg {
            Long("chromium-id") => {
                let id = text_value(&mut parser, "--chromium-id")?;
                if id.len() != 32 || !id.bytes().all(|b| (b'a'..=b'p').contains(&b)) {
                    return Err(ArgError(format!(
                        "--chromium-id {id:?}: an extension id is 32 letters a to p"
                    )));
                }
                options.chromium_ids.push(id);
            }
            Long("firefox-id") => {
                let id = text_value(&mut parser, "--firefox-id")?;
                if id.is_empty() || id.contains(char::is_whitespace) {
                    return Err(ArgError(format!("--firefox-id {id:?}: not an add-on id")));
                }
                options.firefox_ids.push(id);
            }
            Long("dir") => options.home = Some(path_value(&mut parser, "--dir")?),
            Long("chromium-dir") => options
                .chromium_dirs
                .push(path_value(&mut parser, "--chromium-dir")?),
            Long("firefox-dir") => options
                .firefox_dirs
                .push(path_value(&mut parser, "--firefox-dir")?),
            Long("exe") => options.exe = Some(path_value(&mut parser, "--exe")?),
            Long("print") => {
                if parser.optional_value().is_some() {
                    return Err(ArgError("--print takes no value".into()));
                }
                options.print = true;
            }
            Long(other) => return Err(ArgError(format!("unknown flag --{other}"))),
            Short(other) => return Err(ArgError(format!("unknown flag -{other}"))),
            Value(other) => return Err(ArgError(format!("unexpected argument {other:?}"))),
        }
    }
    Ok((action, options))
}

/// The flag's value: after `=`, or the next argument.
fn os_value(parser: &mut lexopt::Parser, flag: &str) -> Result<OsString, ArgError> {
    parser
        .value()
        .map_err(|_| ArgError(format!("{flag} needs a value")))
}

/// A path flag's value.
fn path_value(parser: &mut lexopt::Parser, flag: &str) -> Result<PathBuf, ArgError> {
    os_value(parser, flag).map(PathBuf::from)
}

/// A text flag's value.
fn text_value(parser: &mut lexopt::Parser, flag: &str) -> Result<String, ArgError> {
    os_value(parser, flag)?
        .into_string()
        .map_err(|v| ArgError(format!("{flag} {v:?}: not UTF-8 text")))
}

/// One manifest file to write or remove.
#[derive(Debug, Clone, PartialEq)]
pub struct ManifestFile {
    /// Which browser reads it ("Google Chrome"; "Chromium-based" or "Firefox" for a
    /// directory given with a flag).
    pub browser: &'static str,
    pub path: PathBuf,
    pub manifest: Value,
    /// Windows: the registry key (`HKCU\...\<name>`) whose default value names `path`.
    pub registry_key: Option<String>,
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

/// The files `options` asks for, for the receiver at `exe`, on this computer's [`Platform`]:
/// see [`plan_for`].
///
/// # Errors
///
/// As [`plan_for`].
pub fn plan(options: &Options, exe: &Path) -> Result<Vec<ManifestFile>, String> {
    plan_for(Platform::current(), options, exe)
}

/// The files `options` asks for, for the receiver at `exe`: the explicit directories if any
/// are given, else one per browser of [`BROWSERS`] where `platform` has them.
///
/// # Errors
///
/// A message when no home directory is known (no `--dir`, and no `$HOME`, or `%USERPROFILE%`
/// on Windows) and one is needed.
pub fn plan_for(
    platform: Platform,
    options: &Options,
    exe: &Path,
) -> Result<Vec<ManifestFile>, String> {
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
    let manifest = |family| match family {
        Family::Chromium => chromium.clone(),
        Family::Firefox => firefox.clone(),
    };
    let mut files = Vec::new();
    if options.chromium_dirs.is_empty() && options.firefox_dirs.is_empty() {
        let home = match &options.home {
            Some(home) => home.clone(),
            None => {
                let variable = platform.home_variable();
                std::env::var_os(variable)
                    .filter(|h| !h.is_empty())
                    .map(PathBuf::from)
                    .ok_or(format!("no home directory: set {variable} or pass --dir"))?
            }
        };
        for browser in &BROWSERS {
            let (path, registry_key) = match platform {
                Platform::Linux => (home.join(browser.linux).join(&file), None),
                Platform::MacOs => (home.join(browser.macos).join(&file), None),
                Platform::Windows => (
                    windows_path(&home, &[WINDOWS_FILES, browser.windows_dir, &file]),
                    Some(format!(r"HKCU\{}\{HOST_NAME}", browser.windows_key)),
                ),
            };
            files.push(ManifestFile {
                browser: browser.name,
                path,
                manifest: manifest(browser.family),
                registry_key,
            });
        }
    } else {
        let explicit = [
            (&options.chromium_dirs, Family::Chromium, "Chromium-based"),
            (&options.firefox_dirs, Family::Firefox, "Firefox"),
        ];
        for (dirs, family, browser) in explicit {
            for dir in dirs {
                files.push(ManifestFile {
                    browser,
                    path: dir.join(&file),
                    manifest: manifest(family),
                    registry_key: None,
                });
            }
        }
    }
    Ok(files)
}

/// `home` and `parts` joined with Windows separators whatever system builds the plan (so the
/// Windows plan reads the same when a test on Linux checks it).
fn windows_path(home: &Path, parts: &[&str]) -> PathBuf {
    let mut path = home.display().to_string();
    for part in parts {
        if !path.ends_with('\\') {
            path.push('\\');
        }
        path.push_str(part);
    }
    PathBuf::from(path)
}

/// The `reg.exe` arguments that point `key` at `manifest` (install) or delete it (uninstall).
pub fn reg_arguments(action: Action, key: &str, manifest: &Path) -> Vec<String> {
    let key = key.to_string();
    match action {
        Action::Install => vec![
            "add".into(),
            key,
            "/ve".into(),
            "/t".into(),
            "REG_SZ".into(),
            "/d".into(),
            manifest.display().to_string(),
            "/f".into(),
        ],
        Action::Uninstall => vec!["delete".into(), key, "/f".into()],
    }
}

/// Runs `reg.exe` with `arguments`; `Ok(false)` when it failed (e.g. deleting a key that is
/// not there), with what it printed.
fn run_reg(arguments: &[String]) -> Result<(bool, String), String> {
    let output = std::process::Command::new("reg")
        .args(arguments)
        .output()
        .map_err(|e| format!("cannot run reg.exe: {e}"))?;
    let said = String::from_utf8_lossy(&output.stderr).trim().to_string();
    Ok((output.status.success(), said))
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
/// `--print`; sets or deletes the registry keys of a Windows plan. Returns one line per file
/// and key for the user.
///
/// # Errors
///
/// A message naming the file that could not be written or removed, or the key that could not
/// be set.
pub fn apply(
    action: Action,
    options: &Options,
    files: &[ManifestFile],
) -> Result<Vec<String>, String> {
    let mut lines = Vec::new();
    for file in files {
        lines.push(apply_file(action, options.print, file)?);
        if let Some(key) = &file.registry_key {
            lines.push(apply_key(action, options.print, key, &file.path)?);
        }
    }
    Ok(lines)
}

/// Writes or removes one manifest file (or says what it would do).
fn apply_file(action: Action, print: bool, file: &ManifestFile) -> Result<String, String> {
    let shown = format!("{} ({})", file.path.display(), file.browser);
    let pretty = || serde_json::to_string_pretty(&file.manifest).map_err(|e| e.to_string());
    match (action, print) {
        (Action::Install, true) => Ok(format!("would write {shown}:\n{}", pretty()?)),
        (Action::Uninstall, true) => Ok(format!("would remove {shown}")),
        (Action::Install, false) => {
            if let Some(dir) = file.path.parent() {
                fs::create_dir_all(dir)
                    .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
            }
            fs::write(&file.path, pretty()? + "\n")
                .map_err(|e| format!("cannot write {shown}: {e}"))?;
            Ok(format!("wrote {shown}"))
        }
        (Action::Uninstall, false) => match fs::remove_file(&file.path) {
            Ok(()) => Ok(format!("removed {shown}")),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(format!("not there: {shown}")),
            Err(e) => Err(format!("cannot remove {shown}: {e}")),
        },
    }
}

/// Sets or deletes one registry key (Windows), or says what it would do.
fn apply_key(action: Action, print: bool, key: &str, manifest: &Path) -> Result<String, String> {
    let arguments = reg_arguments(action, key, manifest);
    if print {
        return Ok(format!("would run reg {}", arguments.join(" ")));
    }
    match (action, run_reg(&arguments)?) {
        (Action::Install, (true, _)) => Ok(format!("set {key}")),
        (Action::Install, (false, said)) => Err(format!("cannot set {key}: {said}")),
        (Action::Uninstall, (true, _)) => Ok(format!("removed {key}")),
        // reg.exe fails alike for a missing key and a refused one; uninstall goes on.
        (Action::Uninstall, (false, said)) => Ok(format!("not removed: {key} ({said})")),
    }
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
            &["uninstall", "-x"],
            &["install", "/home/ada"],
            &["--print", "install"],
        ];
        for list in bad {
            assert!(parse_args(args(list)).is_err(), "{list:?}");
        }
    }

    fn paths(files: &[ManifestFile]) -> Vec<String> {
        files.iter().map(|f| f.path.display().to_string()).collect()
    }

    #[test]
    fn default_plan_covers_four_browsers() {
        let options = Options {
            home: Some("/home/ada".into()),
            ..Options::default()
        };
        let files = plan_for(Platform::Linux, &options, Path::new("/opt/recv")).unwrap_or_default();
        assert_eq!(
            paths(&files),
            [
                "/home/ada/.config/chromium/NativeMessagingHosts/com.htek_c2d.receiver.json",
                "/home/ada/.config/google-chrome/NativeMessagingHosts/com.htek_c2d.receiver.json",
                "/home/ada/.config/microsoft-edge/NativeMessagingHosts/com.htek_c2d.receiver.json",
                "/home/ada/.mozilla/native-messaging-hosts/com.htek_c2d.receiver.json",
            ]
        );
        assert!(files.iter().all(|f| f.registry_key.is_none()));
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
            files[2].manifest, files[0].manifest,
            "Edge reads Chromium's"
        );
        assert_eq!(
            files[3].manifest["allowed_extensions"],
            json!(["click-to-dial@htek-c2d"])
        );
        assert!(files[3].manifest.get("allowed_origins").is_none());
    }

    #[test]
    fn on_macos_the_files_go_to_application_support() {
        let options = Options {
            home: Some("/Users/ada".into()),
            ..Options::default()
        };
        let files = plan_for(Platform::MacOs, &options, Path::new("/Applications/r")).unwrap();
        let support = "/Users/ada/Library/Application Support";
        let name = "NativeMessagingHosts/com.htek_c2d.receiver.json";
        assert_eq!(
            paths(&files),
            [
                format!("{support}/Chromium/{name}"),
                format!("{support}/Google/Chrome/{name}"),
                format!("{support}/Microsoft Edge/{name}"),
                format!("{support}/Mozilla/{name}"),
            ]
        );
        assert!(files.iter().all(|f| f.registry_key.is_none()));
        assert!(files[3].manifest.get("allowed_extensions").is_some());
    }

    #[test]
    fn on_windows_a_registry_key_names_each_file() {
        let options = Options {
            home: Some(r"C:\Users\ada".into()),
            print: true,
            ..Options::default()
        };
        let exe = Path::new(r"C:\Program Files\htek-c2d-receiver.exe");
        let files = plan_for(Platform::Windows, &options, exe).unwrap();
        let local = r"C:\Users\ada\AppData\Local\htek-c2d-receiver";
        assert_eq!(
            paths(&files),
            ["chromium", "chrome", "edge", "firefox"]
                .map(|dir| format!(r"{local}\{dir}\com.htek_c2d.receiver.json"))
        );
        let keys: Vec<&str> = files
            .iter()
            .filter_map(|f| f.registry_key.as_deref())
            .collect();
        assert_eq!(
            keys,
            [
                r"HKCU\Software\Chromium\NativeMessagingHosts\com.htek_c2d.receiver",
                r"HKCU\Software\Google\Chrome\NativeMessagingHosts\com.htek_c2d.receiver",
                r"HKCU\Software\Microsoft\Edge\NativeMessagingHosts\com.htek_c2d.receiver",
                r"HKCU\Software\Mozilla\NativeMessagingHosts\com.htek_c2d.receiver",
            ]
        );
        assert_eq!(files[0].manifest["path"], exe.display().to_string());
        assert_eq!(
            reg_arguments(Action::Install, keys[1], &files[1].path),
            [
                "add",
                keys[1],
                "/ve",
                "/t",
                "REG_SZ",
                "/d",
                &format!(r"{local}\chrome\com.htek_c2d.receiver.json"),
                "/f"
            ]
        );
        assert_eq!(
            reg_arguments(Action::Uninstall, keys[1], &files[1].path),
            ["delete", keys[1], "/f"]
        );
        // --print says what it would write and run, and runs nothing.
        let lines = apply(Action::Install, &options, &files).unwrap();
        assert_eq!(lines.len(), 8, "{lines:#?}");
        assert!(lines[1].starts_with(r"would run reg add HKCU\Software\Chromium\"));
    }

    #[test]
    fn without_a_home_the_variable_to_set_is_named() {
        let Err(message) = plan_for(Platform::Windows, &Options::default(), Path::new("r")) else {
            // This machine has USERPROFILE set: nothing to show.
            return;
        };
        assert!(
            message.contains("USERPROFILE") && message.contains("--dir"),
            "{message}"
        );
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
