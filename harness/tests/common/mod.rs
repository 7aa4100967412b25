//! Helpers shared by the browser tests: one browser at a time, pages as `data:` URLs,
//! and a look at the process table.

#![allow(dead_code)] // each test binary uses a different subset

use std::path::Path;
use std::process::Command;
use std::sync::{Mutex, MutexGuard};

use c2d_harness::{Browser, BrowserOptions};

/// Two Chromiums at once on two cores make timings flaky; tests in one binary take turns.
static ONE_BROWSER_AT_A_TIME: Mutex<()> = Mutex::new(());

/// Waits for this binary's other browser tests to finish (a failed one does not block).
pub fn turn() -> MutexGuard<'static, ()> {
    ONE_BROWSER_AT_A_TIME
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A browser with default options, launched in our turn.
pub fn browser() -> (MutexGuard<'static, ()>, Browser) {
    let turn = turn();
    let browser = Browser::launch(BrowserOptions::default()).expect("launch Chromium");
    (turn, browser)
}

/// `html` as a `data:text/html` URL, every byte but the unreserved ones percent-encoded.
pub fn page(html: &str) -> String {
    let mut url = String::from("data:text/html;charset=utf-8,");
    for byte in html.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.~".contains(&byte) {
            url.push(char::from(byte));
        } else {
            url.push_str(&format!("%{byte:02X}"));
        }
    }
    url
}

/// The ids of live processes whose command line mentions `needle` (via `pgrep -f`).
pub fn processes_mentioning(needle: &Path) -> Vec<u32> {
    let output = Command::new("pgrep")
        .arg("-f")
        .arg(needle)
        .output()
        .expect("run pgrep (apt-get install procps)");
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| line.trim().parse().ok())
        .collect()
}

/// Whether `pid` exists and is not a zombie.
pub fn alive(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Ok(stat) => !stat
            .rsplit(')')
            .next()
            .is_some_and(|rest| rest.trim_start().starts_with(['Z', 'X'])),
        Err(_) => false,
    }
}
