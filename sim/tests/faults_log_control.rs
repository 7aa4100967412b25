//! Faults (delay, dropped connections), the request log and its JSON shape, the `/__sim/`
//! control paths, `wait_for`, and that dropping a Sim frees its port.

mod common;

use std::net::{TcpListener, TcpStream};
use std::time::{Duration, Instant};

use common::{admin, exchange, get, quiet, request};
use htek_sim::{Action, AuthSeen, Call, CallState, Faults, LogEntry, Sim};

fn sim() -> Sim {
    Sim::start("127.0.0.1:0", quiet()).expect("start sim")
}

const DIAL: &str = "/Phone_ActionURL&Command=1&Number=206&Account=1";

#[test]
fn delay_is_observed_on_phone_requests_only() {
    let sim = sim();
    sim.set_faults(Faults {
        delay: Duration::from_millis(300),
        ..Faults::default()
    });
    let started = Instant::now();
    assert_eq!(admin(sim.addr(), DIAL).status, 200);
    assert!(
        started.elapsed() >= Duration::from_millis(300),
        "{:?}",
        started.elapsed()
    );
    // Control paths are never delayed.
    let started = Instant::now();
    assert_eq!(get(sim.addr(), "/__sim/state", None).status, 200);
    assert!(
        started.elapsed() < Duration::from_millis(300),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn dropped_connections_get_no_bytes_and_change_nothing() {
    let sim = sim();
    sim.set_faults(Faults {
        drop_next: 2,
        ..Faults::default()
    });
    let raw = format!(
        "GET {DIAL} HTTP/1.1\r\nHost: x\r\nAuthorization: {}\r\n\r\n",
        common::basic("admin", "admin")
    );
    assert!(exchange(sim.addr(), &raw).is_empty(), "first drop");
    assert_eq!(sim.faults().drop_next, 1);
    // Control paths and other paths do not use up a drop.
    assert_eq!(get(sim.addr(), "/__sim/state", None).status, 200);
    assert_eq!(get(sim.addr(), "/elsewhere", None).status, 404);
    assert!(exchange(sim.addr(), &raw).is_empty(), "second drop");
    assert_eq!(sim.state(), CallState::default());
    assert_eq!(admin(sim.addr(), DIAL).status, 200, "the third is answered");
    let statuses: Vec<u16> = sim.log().iter().map(|e| e.status).collect();
    assert_eq!(statuses, [0, 200, 404, 0, 200]);
}

/// `--keep-alive`: answers say `Connection: keep-alive` and the next request on the same
/// connection is served (and logged as `reused`). `silent_next`: the command is carried out,
/// then the connection closes without a byte of answer: a phone whose web server fails after
/// it acted, the case where a client that sends the request again dials twice.
#[test]
fn kept_alive_connections_and_silent_commands() {
    use std::io::{Read, Write};
    let sim = Sim::start(
        "127.0.0.1:0",
        htek_sim::Config {
            keep_alive: true,
            ..quiet()
        },
    )
    .expect("start sim");
    let mut stream = TcpStream::connect(sim.addr()).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .expect("timeout");
    let auth = common::basic("admin", "admin");
    let hang_up = format!(
        "GET /Phone_ActionURL&Command=2 HTTP/1.1\r\nHost: x\r\nAuthorization: {auth}\r\n\r\n"
    );
    stream.write_all(hang_up.as_bytes()).expect("write");
    let mut answer = Vec::new();
    let mut chunk = [0u8; 1024];
    while !String::from_utf8_lossy(&answer).contains("</html>") {
        let n = stream.read(&mut chunk).expect("read the first answer");
        assert!(n > 0, "closed after the first request");
        answer.extend_from_slice(&chunk[..n]);
    }
    let answer = String::from_utf8_lossy(&answer).to_string();
    assert!(answer.starts_with("HTTP/1.1 200 OK"), "{answer}");
    assert!(answer.contains("Connection: keep-alive\r\n"), "{answer}");

    sim.set_faults(Faults {
        silent_next: 1,
        ..Faults::default()
    });
    let dial = format!("GET {DIAL} HTTP/1.1\r\nHost: x\r\nAuthorization: {auth}\r\n\r\n");
    stream.write_all(dial.as_bytes()).expect("write");
    let mut rest = Vec::new();
    stream.read_to_end(&mut rest).expect("closed");
    assert!(rest.is_empty(), "no answer to the silent command: {rest:?}");
    assert_eq!(sim.faults().silent_next, 0);
    assert_eq!(
        sim.state().call,
        Call::Dialing {
            number: "206".into(),
            account: 1,
            account_auto: false
        },
        "but it dialed"
    );
    let log = sim.log();
    let shape: Vec<(u16, bool, bool)> =
        log.iter().map(|e| (e.status, e.silent, e.reused)).collect();
    assert_eq!(shape, [(200, false, false), (200, true, true)]);
    assert_eq!(
        sim.commands().len(),
        2,
        "a silent command counts as carried out"
    );
    let json = serde_json::to_value(&log[1]).expect("json");
    assert_eq!(
        (json["silent"].clone(), json["reused"].clone()),
        (true.into(), true.into())
    );
    assert!(serde_json::to_value(&log[0])
        .expect("json")
        .get("silent")
        .is_none());
}

#[test]
fn faults_can_be_set_over_http() {
    let sim = sim();
    let reply = get(sim.addr(), "/__sim/faults?delay_ms=150&drop=1", None);
    assert_eq!(reply.status, 200);
    let json: serde_json::Value = serde_json::from_str(&reply.body).expect("json");
    assert_eq!(
        json,
        serde_json::json!({"delay_ms": 150, "drop_next": 1, "silent_next": 0})
    );
    assert_eq!(
        sim.faults(),
        Faults {
            delay: Duration::from_millis(150),
            drop_next: 1,
            silent_next: 0,
        }
    );
    // Only what is given changes.
    assert_eq!(
        get(sim.addr(), "/__sim/faults?drop=0&silent=2", None).status,
        200
    );
    assert_eq!(
        sim.faults(),
        Faults {
            delay: Duration::from_millis(150),
            drop_next: 0,
            silent_next: 2,
        }
    );
    assert_eq!(
        get(sim.addr(), "/__sim/faults?delay_ms=soon", None).status,
        400
    );
    assert_eq!(get(sim.addr(), "/__sim/faults?jitter=5", None).status, 400);
    assert_eq!(sim.faults().delay, Duration::from_millis(150));
}

#[test]
fn every_request_is_logged_with_the_documented_shape() {
    let sim = sim();
    admin(sim.addr(), DIAL);
    admin(sim.addr(), "/Phone_ActionURL&key=%2A");
    admin(sim.addr(), "/Phone_ActionURL&Command=2");
    get(sim.addr(), DIAL, None);
    get(sim.addr(), "/missing", None);
    request(sim.addr(), "POST", DIAL, None);
    get(sim.addr(), "/__sim/state", None);

    let log = sim.log();
    let summary: Vec<(&str, &str, u16, AuthSeen, Option<&str>)> = log
        .iter()
        .map(|e| {
            (
                e.method.as_str(),
                e.path.as_str(),
                e.status,
                e.auth,
                e.user.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("GET", DIAL, 200, AuthSeen::Basic, Some("admin")),
            (
                "GET",
                "/Phone_ActionURL&key=%2A",
                200,
                AuthSeen::Basic,
                Some("admin")
            ),
            (
                "GET",
                "/Phone_ActionURL&Command=2",
                200,
                AuthSeen::Basic,
                Some("admin")
            ),
            ("GET", DIAL, 401, AuthSeen::None, None),
            ("GET", "/missing", 404, AuthSeen::None, None),
            ("POST", DIAL, 405, AuthSeen::None, None),
            ("GET", "/__sim/state", 200, AuthSeen::None, None),
        ]
    );
    assert!(log.iter().all(|e| e.peer.starts_with("127.0.0.1:")));
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or_default();
    assert!(log
        .iter()
        .all(|e| e.time_ms <= now && now - e.time_ms < 60_000));
    assert_eq!(sim.commands().len(), 3);

    // The JSON lines at /__sim/log: exactly these keys, actions tagged by command.
    let reply = get(sim.addr(), "/__sim/log", None);
    let lines: Vec<serde_json::Value> = reply
        .body
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    assert_eq!(
        lines.len(),
        7,
        "the /__sim/log request itself is not yet in its own answer"
    );
    for line in &lines {
        let mut keys: Vec<&str> = line
            .as_object()
            .expect("object")
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            ["action", "auth", "method", "path", "peer", "status", "time_ms", "user"]
        );
    }
    assert_eq!(
        lines[0]["action"],
        serde_json::json!({"command": "dial", "number": "206", "account": 1, "account_auto": false})
    );
    assert_eq!(
        lines[1]["action"],
        serde_json::json!({"command": "key", "key": "*"})
    );
    assert_eq!(lines[2]["action"], serde_json::json!({"command": "hangup"}));
    assert_eq!(lines[3]["action"], serde_json::Value::Null);
    assert_eq!(lines[3]["user"], serde_json::Value::Null);
    assert_eq!(lines[3]["auth"], "none");
    assert_eq!(lines[0]["auth"], "basic");
    // And they round-trip into the library's type.
    let entry: LogEntry = serde_json::from_value(lines[0].clone()).expect("LogEntry");
    assert_eq!(entry, log[0]);
}

#[test]
fn state_and_reset_over_http() {
    let sim = sim();
    admin(sim.addr(), DIAL);
    admin(sim.addr(), "/Phone_ActionURL&key=OK");
    let reply = get(sim.addr(), "/__sim/state", None);
    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("Content-Type"), Some("application/json"));
    assert_eq!(reply.header("Access-Control-Allow-Origin"), Some("*"));
    let state: CallState = serde_json::from_str(&reply.body).expect("CallState JSON");
    assert_eq!(state, sim.state());
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&reply.body).expect("json"),
        serde_json::json!({
            "call": {"state": "dialing", "number": "206", "account": 1, "account_auto": false},
            "last_key": "OK",
            "commands": 2
        })
    );

    let reset = get(sim.addr(), "/__sim/reset", None);
    assert_eq!(reset.status, 200);
    assert_eq!(sim.state(), CallState::default());
    let paths: Vec<String> = sim.log().into_iter().map(|e| e.path).collect();
    assert_eq!(
        paths,
        ["/__sim/reset"],
        "the log restarts with the reset request"
    );
    assert!(sim.commands().is_empty());

    admin(sim.addr(), "/Phone_ActionURL&Command=2");
    sim.reset();
    assert_eq!(sim.state(), CallState::default());
    assert!(sim.log().is_empty());
    assert_eq!(
        request(sim.addr(), "POST", "/__sim/reset", None).status,
        405
    );
}

#[test]
fn status_page_shows_state_and_escapes_paths() {
    let sim = sim();
    admin(sim.addr(), DIAL);
    admin(sim.addr(), "/Phone_ActionURL&key=MUTE");
    get(sim.addr(), "/<script>alert(1)</script>", None);
    let reply = get(sim.addr(), "/__sim/status", None);
    assert_eq!(reply.status, 200);
    assert_eq!(
        reply.header("Content-Type"),
        Some("text/html; charset=utf-8")
    );
    assert!(reply.body.contains("http-equiv=\"refresh\""));
    assert!(reply.body.contains("dialing 206 on account 1"));
    assert!(reply.body.contains("<dd id=\"last-key\">MUTE</dd>"));
    assert!(!reply.body.contains("<script>"), "{}", reply.body);
    assert!(reply.body.contains("&lt;script&gt;"));
}

#[test]
fn status_page_shows_only_the_last_20_requests() {
    let sim = sim();
    for i in 0..25 {
        get(sim.addr(), &format!("/n{i:02}"), None);
    }
    let body = get(sim.addr(), "/__sim/status", None).body;
    assert!(body.contains("/n24") && body.contains("/n05"));
    assert!(!body.contains("/n04"), "{body}");
}

#[test]
fn wait_for_sees_past_and_future_entries() {
    let sim = sim();
    admin(sim.addr(), "/Phone_ActionURL&key=OK");
    let past = sim.wait_for(Duration::ZERO, |e| {
        e.action == Some(Action::Key { key: "OK".into() })
    });
    assert!(past.is_some());

    let addr = sim.addr();
    let sender = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(100));
        admin(addr, DIAL).status
    });
    let found = sim.wait_for(
        Duration::from_secs(5),
        |e| matches!(&e.action, Some(Action::Dial { number, .. }) if number == "206"),
    );
    assert_eq!(sender.join().expect("sender"), 200);
    let found = found.expect("the dial arrived");
    assert_eq!((found.status, found.path.as_str()), (200, DIAL));
    assert!(matches!(sim.state().call, Call::Dialing { .. }));

    let started = Instant::now();
    assert!(sim
        .wait_for(Duration::from_millis(100), |e| e.status == 999)
        .is_none());
    assert!(started.elapsed() >= Duration::from_millis(100));
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[test]
fn dropping_the_sim_frees_the_port() {
    let sim = sim();
    let addr = sim.addr();
    assert_eq!(sim.host_port(), addr.to_string());
    assert_eq!(sim.base_url(), format!("http://{addr}"));
    drop(sim);
    assert!(
        TcpStream::connect(addr).is_err(),
        "nothing listens any more"
    );
    let again = TcpListener::bind(addr).expect("the port is free again");
    drop(again);
    let restarted = Sim::start(&addr.to_string(), quiet()).expect("start on the same port");
    assert_eq!(restarted.addr(), addr);
}

#[test]
fn non_loopback_listen_addresses_are_refused() {
    for addr in ["0.0.0.0:0", "[::]:0"] {
        let err = Sim::start(addr, quiet()).err().expect("refused");
        assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput, "{addr}");
    }
}

#[test]
fn malformed_requests_get_400_and_are_logged() {
    let sim = sim();
    let cases = [
        // What a client that forgets to encode a space in the number sends.
        (
            "GET /Phone_ActionURL&Command=1&Number=030 123 HTTP/1.1\r\n\r\n",
            "GET",
            "/Phone_ActionURL&Command=1&Number=030 123 HTTP/1.1",
        ),
        ("NONSENSE\r\n\r\n", "NONSENSE", ""),
        ("GET / HTTP/9.9\r\n\r\n", "GET", "/ HTTP/9.9"),
    ];
    for (raw, method, path) in cases {
        let reply = common::parse(&exchange(sim.addr(), raw));
        assert_eq!(reply.status, 400, "{raw:?}");
        assert!(reply.body.contains("malformed request"), "{raw:?}");
        let entry = sim.log().pop().expect("logged");
        assert_eq!(
            (entry.method.as_str(), entry.path.as_str(), entry.status),
            (method, path, 400)
        );
    }
    assert_eq!(sim.state(), CallState::default());
}

#[test]
fn wait_for_predicates_may_call_back_into_the_sim() {
    let sim = sim();
    admin(sim.addr(), "/Phone_ActionURL&Command=2");
    let found = sim.wait_for(Duration::from_secs(2), |e| {
        e.is_command() && sim.state().commands == 1
    });
    assert!(found.is_some());
}
