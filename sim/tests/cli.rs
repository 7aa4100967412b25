//! The `htek-sim` binary and its flags: parse_args through the public API, exit codes, the
//! human line on stderr and JSON log lines on stdout.

mod common;

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use htek_sim::{parse_args, usage, AuthMode, Credential, Faults, LogEntry, Role};

fn args(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

#[test]
fn good_flags() {
    let (listen, config, faults) = parse_args(args(&[
        "--listen",
        "127.0.0.1:9999",
        "--auth",
        "digest",
        "--admin",
        "boss:pw",
        "--dialer",
        "desk:0000",
        "--realm",
        "Lab",
        "--first-401",
        "--delay-ms",
        "40",
        "--drop",
        "2",
        "--quiet",
    ]))
    .expect("valid flags");
    assert_eq!(listen, "127.0.0.1:9999");
    assert_eq!(config.auth, AuthMode::Digest);
    assert_eq!(config.realm, "Lab");
    assert_eq!(
        config.accounts,
        [
            Credential {
                username: "boss".into(),
                password: "pw".into(),
                role: Role::Admin
            },
            Credential {
                username: "desk".into(),
                password: "0000".into(),
                role: Role::Dialer
            },
        ]
    );
    assert!(config.first_401 && config.quiet);
    assert_eq!(
        faults,
        Faults {
            delay: Duration::from_millis(40),
            drop_next: 2,
            silent_next: 0,
        }
    );
    let (listen, config, faults) = parse_args(Vec::new()).expect("no flags");
    assert_eq!(listen, "127.0.0.1:8088");
    assert_eq!(config, htek_sim::Config::default());
    assert_eq!(faults, Faults::default());
}

#[test]
fn bad_flags_name_the_flag_and_show_usage() {
    let cases: &[(&[&str], &str)] = &[
        (&["--colour"], "--colour"),
        (&["--auth", "ntlm"], "--auth"),
        (&["--drop", "many"], "--drop"),
        (&["--delay-ms"], "--delay-ms"),
        (&["--admin", "justaname"], "--admin"),
        (&["--listen", "0.0.0.0:8088"], "loopback"),
        (&["--listen", "192.168.0.124:80"], "loopback"),
        (&["--listen", "not-an-address"], "--listen"),
    ];
    for (list, needle) in cases {
        let message = parse_args(args(list)).err().unwrap_or_default();
        let first_line = message.lines().next().unwrap_or_default();
        assert!(first_line.contains(needle), "{list:?}: {first_line}");
        assert!(message.contains(usage()), "{list:?}");
    }
}

fn binary() -> Command {
    Command::new(env!("CARGO_BIN_EXE_htek-sim"))
}

#[test]
fn binary_exits_2_on_bad_flags_and_0_on_help() {
    for (list, needle) in [
        (&["--bogus"][..], "unknown flag --bogus"),
        (&["--listen", "10.0.0.1:8088"][..], "not a loopback address"),
    ] {
        let out = binary().args(list).output().expect("run htek-sim");
        assert_eq!(out.status.code(), Some(2), "{list:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(needle), "{stderr}");
        assert!(stderr.contains("Usage: htek-sim"), "{stderr}");
    }
    let help = binary().arg("--help").output().expect("run htek-sim");
    assert_eq!(help.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&help.stdout), usage());
}

/// Kills the child even when an assertion fails first.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn binary_serves_and_prints_json_lines() {
    let child = binary()
        .args(["--listen", "127.0.0.1:0", "--drop", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn htek-sim");
    let mut running = Running(child);
    let stderr = running.0.stderr.take().expect("stderr");
    let mut line = String::new();
    BufReader::new(stderr)
        .read_line(&mut line)
        .expect("the human line");
    assert!(
        line.starts_with("Simulated Htek phone on http://127.0.0.1:"),
        "{line}"
    );
    assert!(line.trim_end().ends_with("/__sim/status"), "{line}");
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .expect("a URL");
    let addr: SocketAddr = url
        .trim_start_matches("http://")
        .parse()
        .expect("host:port");
    assert_ne!(addr.port(), 0, "the real port is printed");

    let reply = common::admin(addr, "/Phone_ActionURL&Command=1&Number=206&Account=1");
    assert_eq!(reply.status, 200);

    let stdout = running.0.stdout.take().expect("stdout");
    let mut json = String::new();
    BufReader::new(stdout)
        .read_line(&mut json)
        .expect("a log line");
    let entry: LogEntry = serde_json::from_str(&json).expect("the line is a LogEntry");
    assert_eq!(entry.status, 200);
    assert_eq!(
        entry.path,
        "/Phone_ActionURL&Command=1&Number=206&Account=1"
    );
    assert_eq!(entry.user.as_deref(), Some("admin"));
}
