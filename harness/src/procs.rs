//! The Linux process table, read from `/proc`, and signals.
//!
//! Enough to find every process a browser left behind: members of a process group, and
//! processes that escaped the group (Chromium's crashpad handlers call `setsid`) but still
//! carry an environment variable they inherited from chromedriver.
//!
//! ```text
//! /proc/4242/stat     4242 (chromium) S 4200 4200 ...   pid (comm) state ppid pgrp ...
//! /proc/4242/environ  HOME=/root\0C2D_HARNESS_BROWSER=4100-0\0...
//! ```

use std::fs;

/// A process that has not exited (zombies, which only wait to be reaped, are left out).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Process {
    pub(crate) pid: u32,
    pub(crate) group: u32,
}

/// Every live process we can see.
pub(crate) fn live() -> Vec<Process> {
    let Ok(entries) = fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .filter_map(Result::ok)
        .filter_map(|entry| entry.file_name().to_str()?.parse::<u32>().ok())
        .filter_map(|pid| {
            let stat = fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
            let (state, group) = parse_stat(&stat)?;
            (!exited(state)).then_some(Process { pid, group })
        })
        .collect()
}

/// Whether `pid` is a live process.
pub(crate) fn running(pid: u32) -> bool {
    fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|stat| parse_stat(&stat))
        .is_some_and(|(state, _)| !exited(state))
}

/// Whether `pid`'s environment holds exactly `entry` (`NAME=value`). Processes of other
/// users are unreadable and so never match.
pub(crate) fn has_env(pid: u32, entry: &str) -> bool {
    fs::read(format!("/proc/{pid}/environ"))
        .map(|environ| environ.split(|&b| b == 0).any(|e| e == entry.as_bytes()))
        .unwrap_or(false)
}

/// Sends SIGKILL to `pid` (never to 0, which would mean our own group, nor to init).
pub(crate) fn kill(pid: u32) {
    if let Some(pid) = usable(pid) {
        // SAFETY: kill(2) has no memory-safety preconditions.
        unsafe {
            libc::kill(pid, libc::SIGKILL);
        }
    }
}

/// Sends SIGKILL to every process in group `pgid`.
pub(crate) fn kill_group(pgid: u32) {
    if let Some(pgid) = usable(pgid) {
        // SAFETY: kill(2) has no memory-safety preconditions; a negative pid names a group.
        unsafe {
            libc::kill(-pgid, libc::SIGKILL);
        }
    }
}

/// `pid` as a `pid_t`, unless it is 0 or 1 (the caller's group, init) or out of range.
fn usable(pid: u32) -> Option<libc::pid_t> {
    libc::pid_t::try_from(pid).ok().filter(|&pid| pid > 1)
}

/// `Z`ombie and `X` (dead) processes have exited.
fn exited(state: char) -> bool {
    matches!(state, 'Z' | 'X')
}

/// `(state, process group)` from a `/proc/PID/stat` line:
/// `pid (comm) state ppid pgrp ...`, where `comm` may itself contain `)` and spaces.
fn parse_stat(stat: &str) -> Option<(char, u32)> {
    let rest = &stat[stat.rfind(')')? + 1..];
    let mut fields = rest.split_whitespace();
    let state = fields.next()?.chars().next()?;
    let _ppid = fields.next()?;
    let group = fields.next()?.parse().ok()?;
    Some((state, group))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stat_lines_are_parsed_even_with_odd_command_names() {
        let stat = "4242 (we(ird) name) Z 1 4200 4200 0 -1 4194560 0 0";
        assert_eq!(parse_stat(stat), Some(('Z', 4200)));
        assert_eq!(parse_stat("garbage"), None);
    }

    #[test]
    fn this_process_is_seen_and_a_made_up_one_is_not() {
        let me = std::process::id();
        assert!(running(me));
        assert!(live().iter().any(|p| p.pid == me));
        assert!(!running(u32::MAX));
    }

    #[test]
    fn environment_entries_match_whole() {
        let me = std::process::id();
        let path = std::env::var("PATH").expect("PATH is set under cargo test");
        assert!(has_env(me, &format!("PATH={path}")));
        assert!(!has_env(me, "PATH"));
        assert!(!has_env(u32::MAX, "PATH=/bin"));
    }

    #[test]
    fn init_and_our_own_group_are_never_signalled() {
        assert_eq!(usable(0), None);
        assert_eq!(usable(1), None);
        assert_eq!(usable(u32::MAX), None);
        assert_eq!(usable(4242), Some(4242));
    }
}
