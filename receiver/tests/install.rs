//! `htek-c2d-receiver install | uninstall` run as a user would, into temporary directories.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use htek_c2d_receiver::install::{DEFAULT_CHROMIUM_ID, DEFAULT_FIREFOX_ID};

const FILE: &str = "com.htek_c2d.receiver.json";

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_htek-c2d-receiver"))
        .args(args)
        .output()
        .expect("run the receiver")
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("htek-c2d-receiver-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("mkdir");
    dir
}

fn read_json(path: &Path) -> serde_json::Value {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).expect("json")
}

#[test]
fn the_default_chromium_id_is_the_manifest_keys() {
    let manifest = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../extension/manifest.chromium.json"
    );
    let json = read_json(Path::new(manifest));
    let key = json["key"].as_str().expect("a key");
    assert_eq!(
        c2d_harness::extension_id_from_key(key).expect("valid key"),
        DEFAULT_CHROMIUM_ID
    );
    let firefox = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../extension/manifest.firefox.json"
    );
    assert_eq!(
        read_json(Path::new(firefox))["browser_specific_settings"]["gecko"]["id"],
        DEFAULT_FIREFOX_ID
    );
}

#[test]
fn install_and_uninstall_in_a_home() {
    let home = temp_dir("home");
    let home_s = home.to_str().expect("utf-8 path");
    let out = run(&["install", "--dir", home_s]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let exe = fs::canonicalize(env!("CARGO_BIN_EXE_htek-c2d-receiver")).expect("exe");
    for dir in [
        ".config/chromium/NativeMessagingHosts",
        ".config/google-chrome/NativeMessagingHosts",
        ".config/microsoft-edge/NativeMessagingHosts",
    ] {
        let json = read_json(&home.join(dir).join(FILE));
        assert_eq!(json["name"], "com.htek_c2d.receiver");
        assert_eq!(json["type"], "stdio");
        assert_eq!(json["path"], exe.to_str().expect("utf-8"));
        assert_eq!(
            json["allowed_origins"],
            serde_json::json!([format!("chrome-extension://{DEFAULT_CHROMIUM_ID}/")])
        );
    }
    let firefox = read_json(&home.join(".mozilla/native-messaging-hosts").join(FILE));
    assert_eq!(
        firefox["allowed_extensions"],
        serde_json::json!([DEFAULT_FIREFOX_ID])
    );
    let out = run(&["uninstall", "--dir", home_s]);
    assert!(out.status.success());
    assert!(!home
        .join(".mozilla/native-messaging-hosts")
        .join(FILE)
        .exists());
    assert!(!home
        .join(".config/chromium/NativeMessagingHosts")
        .join(FILE)
        .exists());
    let _ = fs::remove_dir_all(&home);
}

#[test]
fn explicit_dirs_ids_and_print() {
    let base = temp_dir("dirs");
    let user_data = base.join("profile/NativeMessagingHosts");
    let user_data_s = user_data.to_str().expect("utf-8");
    let id = "abcdefghijklmnopabcdefghijklmnop";
    let printed = run(&[
        "install",
        "--chromium-dir",
        user_data_s,
        "--chromium-id",
        id,
        "--exe",
        "/opt/r",
        "--print",
    ]);
    assert!(printed.status.success());
    let text = String::from_utf8_lossy(&printed.stdout);
    assert!(text.contains("would write"), "{text}");
    assert!(
        text.contains(&format!("chrome-extension://{id}/")),
        "{text}"
    );
    assert!(!user_data.exists(), "--print writes nothing");
    let out = run(&[
        "install",
        "--chromium-dir",
        user_data_s,
        "--chromium-id",
        id,
        "--exe",
        "/opt/r",
    ]);
    assert!(out.status.success());
    let json = read_json(&user_data.join(FILE));
    assert_eq!(json["path"], "/opt/r");
    assert_eq!(
        json["allowed_origins"],
        serde_json::json!([format!("chrome-extension://{id}/")])
    );
    assert!(!base.join(".mozilla").exists(), "only the given directory");
    let bad = run(&["install", "--chromium-id", "nope"]);
    assert_eq!(bad.status.code(), Some(2));
    let _ = fs::remove_dir_all(&base);
}
