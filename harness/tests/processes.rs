//! No process outlives its browser: not after drop, not after quit, not even when the
//! owning process is killed. And launch failures say what is wrong.

mod common;

use std::env;
use std::io::{BufRead, BufReader};
use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use c2d_harness::{Browser, BrowserOptions, Error};
use common::{alive, browser, page, processes_mentioning, turn};

#[test]
fn drop_leaves_no_process_behind() {
    let (_turn, browser) = browser();
    browser.goto(&page("<p>renderer, please</p>")).unwrap();
    let profile = browser.profile_dir().to_path_buf();
    let pids = browser.processes();
    assert!(pids.contains(&browser.driver_pid()), "{pids:?}");
    assert!(pids.contains(&browser.browser_pid().unwrap()), "{pids:?}");
    assert!(pids.len() >= 4, "expected Chromium's helpers too: {pids:?}");
    assert!(!processes_mentioning(&profile).is_empty());

    drop(browser);

    let left: Vec<u32> = pids.into_iter().filter(|&pid| alive(pid)).collect();
    assert_eq!(left, [] as [u32; 0], "processes left after drop");
    assert_eq!(processes_mentioning(&profile), [] as [u32; 0]);
    assert!(!profile.exists(), "the temporary profile was not removed");
}

#[test]
fn quit_leaves_no_process_behind_and_keeps_a_given_profile() {
    let profile = tempfile::tempdir().unwrap();
    let _turn = turn();
    let browser = Browser::launch(BrowserOptions {
        profile_dir: Some(profile.path().join("kept")),
        ..BrowserOptions::default()
    })
    .unwrap();
    let pids = browser.processes();
    browser.quit().unwrap();

    let left: Vec<u32> = pids.into_iter().filter(|&pid| alive(pid)).collect();
    assert_eq!(left, [] as [u32; 0], "processes left after quit");
    assert_eq!(processes_mentioning(profile.path()), [] as [u32; 0]);
    assert!(profile.path().join("kept/Default").is_dir());
}

/// Run by [`a_killed_owner_takes_its_browser_along`] in a child process: launches a
/// browser, prints its processes and profile, and waits to be killed.
#[test]
#[ignore = "a helper, run by a_killed_owner_takes_its_browser_along"]
fn child_that_waits_to_be_killed() {
    if env::var_os("C2D_HARNESS_TEST_CHILD").is_none() {
        return;
    }
    let browser = Browser::launch(BrowserOptions::default()).unwrap();
    println!("PROFILE {}", browser.profile_dir().display());
    let pids: Vec<String> = browser.processes().iter().map(u32::to_string).collect();
    println!("PIDS {}", pids.join(" "));
    std::thread::sleep(Duration::from_secs(60));
}

#[test]
fn a_killed_owner_takes_its_browser_along() {
    let _turn = turn();
    let mut child = Command::new(env::current_exe().unwrap())
        .args([
            "--exact",
            "child_that_waits_to_be_killed",
            "--ignored",
            "--nocapture",
        ])
        .env("C2D_HARNESS_TEST_CHILD", "1")
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut profile = None;
    let mut pids = Vec::new();
    for line in BufReader::new(child.stdout.take().unwrap()).lines() {
        let line = line.unwrap();
        if let Some(path) = line.strip_prefix("PROFILE ") {
            profile = Some(PathBuf::from(path));
        }
        if let Some(list) = line.strip_prefix("PIDS ") {
            pids = list
                .split(' ')
                .map(|pid| pid.parse::<u32>().unwrap())
                .collect();
            break;
        }
    }
    assert!(
        pids.len() >= 2,
        "the child did not report its browser: {pids:?}"
    );

    child.kill().unwrap(); // SIGKILL: no Drop runs in the child
    child.wait().unwrap();

    // The watchdog kills the group at once; the crashpad handlers follow by themselves.
    let start = Instant::now();
    while pids.iter().any(|&pid| alive(pid)) && start.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(100));
    }
    let left: Vec<u32> = pids.into_iter().filter(|&pid| alive(pid)).collect();
    if let Some(profile) = profile {
        let _ = std::fs::remove_dir_all(profile);
    }
    assert_eq!(
        left,
        [] as [u32; 0],
        "processes outlived their killed owner"
    );
}

#[test]
fn launch_failures_say_what_is_wrong() {
    let missing = Browser::launch(BrowserOptions {
        driver: Some("/nonexistent/chromedriver".into()),
        ..BrowserOptions::default()
    })
    .err();
    assert!(matches!(missing, Some(Error::Spawn { .. })), "{missing:?}");

    let no_manifest = tempfile::tempdir().unwrap();
    let not_an_extension = Browser::launch(BrowserOptions::with_extension(no_manifest.path()))
        .err()
        .map(|err| err.to_string());
    assert!(
        not_an_extension
            .as_deref()
            .is_some_and(|message| message.contains("no manifest.json")),
        "{not_an_extension:?}"
    );

    // A "browser" that fails the way a broken install does: its complaint is in the error.
    // (Written in our turn, so that no other test forks while the file is open for
    // writing, which would make executing it fail with "text file busy".)
    let _turn = turn();
    let fake = tempfile::tempdir().unwrap();
    let chromium = fake.path().join("chromium");
    std::fs::write(
        &chromium,
        "#!/bin/sh\necho 'libc2d-fake.so: cannot open' >&2\nexit 127\n",
    )
    .unwrap();
    std::fs::set_permissions(&chromium, std::fs::Permissions::from_mode(0o755)).unwrap();
    let broken = Browser::launch(BrowserOptions {
        binary: Some(chromium),
        ..BrowserOptions::default()
    })
    .err();
    match &broken {
        Some(Error::SessionNotCreated { message, output }) => {
            assert!(message.contains("session not created"), "{message}");
            assert!(output.contains("libc2d-fake.so: cannot open"), "{output}");
        }
        other => panic!("expected SessionNotCreated, got {other:?}"),
    }
}
