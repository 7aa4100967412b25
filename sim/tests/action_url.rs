//! The phone's Action URL events: the sim rings, dials, answers, hangs up and switches DND, and
//! a test HTTP server on loopback receives the exact substituted URLs.

mod common;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener};
use std::sync::mpsc::{self, Receiver};
use std::thread;
use std::time::Duration;

use click_to_dial::incoming::{check_target, ActionUrlSetup, Event};
use common::{admin, exchange, get, parse, quiet, request, Reply};
use htek_sim::events::{EVENTS, SEND_TIMEOUT};
use htek_sim::{Call, Config, Sim};

/// A server that records each request target and answers `status`.
struct Server {
    addr: SocketAddr,
    targets: Receiver<String>,
}

impl Server {
    fn start(status: u16) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let addr = listener.local_addr().expect("addr");
        let (tx, targets) = mpsc::channel();
        thread::spawn(move || {
            for conn in listener.incoming() {
                let Ok(mut conn) = conn else { continue };
                let mut line = String::new();
                let mut reader = BufReader::new(conn.try_clone().expect("clone"));
                let _ = reader.read_line(&mut line);
                // Read the rest of the head.
                let mut header = String::new();
                while reader.read_line(&mut header).is_ok_and(|n| n > 2) {
                    header.clear();
                }
                let target = line.split(' ').nth(1).unwrap_or_default().to_string();
                let _ = write!(
                    conn,
                    "HTTP/1.1 {status} X\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                );
                if tx.send(target).is_err() {
                    break;
                }
            }
        });
        Server { addr, targets }
    }

    fn next(&self) -> String {
        self.targets
            .recv_timeout(Duration::from_secs(10))
            .expect("a request from the sim")
    }

    fn nothing_within(&self, wait: Duration) -> bool {
        self.targets.recv_timeout(wait).is_err()
    }
}

fn post(sim: &Sim, target: &str, body: &str) -> Reply {
    let raw = format!(
        "POST {target} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    parse(&exchange(sim.addr(), &raw))
}

/// The template the guide's example uses, for our server.
fn template(server: &Server, event: &str) -> String {
    format!(
        "http://{}/tok/{event}?mac=$mac&ip=$ip&remote=$remote&name=$display_remote&id=$call_id",
        server.addr
    )
}

#[test]
fn ring_answer_hang_up_send_the_substituted_urls() {
    let server = Server::start(200);
    let sim = Sim::start("127.0.0.1:0", quiet()).expect("sim");
    let mut urls = BTreeMap::new();
    for event in ["incoming_call", "call_established", "call_terminated"] {
        urls.insert(event, template(&server, event));
    }
    let body = serde_json::to_string(&urls).expect("json");
    let set = post(&sim, "/__sim/action-urls", &body);
    assert_eq!(set.status, 200, "{}", set.body);
    assert_eq!(get(sim.addr(), "/__sim/action-urls", None).body, set.body);

    let reply = post(
        &sim,
        "/__sim/ring?number=0301234567&name=Ada%20Lovelace",
        "",
    );
    assert_eq!(reply.status, 200, "{}", reply.body);
    let json: serde_json::Value = serde_json::from_str(&reply.body).expect("json");
    assert_eq!(json["state"]["call"]["state"], "ringing");
    assert_eq!(json["sent"]["status"], 200);
    assert_eq!(
        server.next(),
        "/tok/incoming_call?mac=001fc11a8b6c&ip=127.0.0.1&remote=sip:0301234567@pbx.example&name=Ada%20Lovelace&id=sim-1@127.0.0.1"
    );
    assert_eq!(post(&sim, "/__sim/answer", "").status, 200);
    assert_eq!(
        server.next(),
        "/tok/call_established?mac=001fc11a8b6c&ip=127.0.0.1&remote=sip:0301234567@pbx.example&name=Ada%20Lovelace&id=sim-1@127.0.0.1"
    );
    assert_eq!(
        sim.state().call,
        Call::Talking {
            number: "0301234567".into(),
            name: "Ada Lovelace".into()
        }
    );
    assert_eq!(post(&sim, "/__sim/answer", "").status, 409);
    assert_eq!(post(&sim, "/__sim/hangup", "").status, 200);
    assert!(server
        .next()
        .starts_with("/tok/call_terminated?mac=001fc11a8b6c&ip=127.0.0.1&remote=sip:0301234567@"));
    assert_eq!(post(&sim, "/__sim/hangup", "").status, 409);

    let sent = sim.events_sent();
    let events: Vec<&str> = sent.iter().map(|s| s.event.as_str()).collect();
    assert_eq!(
        events,
        ["incoming_call", "call_established", "call_terminated"]
    );
    assert!(sent.iter().all(|s| s.status == 200 && s.error.is_none()));
    // The URL is recorded as substituted, with the raw space.
    assert!(
        sent[0].url.contains("name=Ada Lovelace&"),
        "{}",
        sent[0].url
    );
    let listed: serde_json::Value =
        serde_json::from_str(&get(sim.addr(), "/__sim/events-sent", None).body).expect("json");
    assert_eq!(listed[2]["event"], "call_terminated");
    assert_eq!(listed[2]["status"], 200);
}

#[test]
fn a_bare_number_remote_and_a_missed_call() {
    let server = Server::start(200);
    let mut action_urls = BTreeMap::new();
    action_urls.insert(
        "incoming_call".to_string(),
        format!("http://{}/t/$remote", server.addr),
    );
    action_urls.insert(
        "call_terminated".to_string(),
        format!("http://{}/t/end/$call_id", server.addr),
    );
    let sim = Sim::start(
        "127.0.0.1:0",
        Config {
            action_urls,
            ..quiet()
        },
    )
    .expect("sim");
    assert_eq!(
        post(&sim, "/__sim/ring?number=206&remote=206", "").status,
        200
    );
    assert_eq!(server.next(), "/t/206");
    // Answer has no URL configured: nothing sent, the state still changes.
    assert_eq!(post(&sim, "/__sim/hangup", "").status, 200);
    assert_eq!(server.next(), "/t/end/sim-1@127.0.0.1");
    assert!(server.nothing_within(Duration::from_millis(200)));
}

#[test]
fn dialing_and_keys_send_their_events() {
    let server = Server::start(200);
    let sim = Sim::start("127.0.0.1:0", quiet()).expect("sim");
    for event in [
        "outgoing_call",
        "call_established",
        "call_terminated",
        "open_dnd",
        "close_dnd",
    ] {
        sim.set_action_url(
            event,
            &format!("http://{}/{event}?r=$remote&id=$call_id", server.addr),
        )
        .expect("valid");
    }
    assert_eq!(
        admin(
            sim.addr(),
            "/Phone_ActionURL&Command=1&Number=206&Account=1"
        )
        .status,
        200
    );
    assert_eq!(
        server.next(),
        "/outgoing_call?r=sip:206@pbx.example&id=sim-1@127.0.0.1"
    );
    assert_eq!(post(&sim, "/__sim/answer", "").status, 200);
    assert_eq!(
        server.next(),
        "/call_established?r=sip:206@pbx.example&id=sim-1@127.0.0.1"
    );
    assert_eq!(admin(sim.addr(), "/Phone_ActionURL&Command=2").status, 200);
    assert_eq!(
        server.next(),
        "/call_terminated?r=sip:206@pbx.example&id=sim-1@127.0.0.1"
    );
    // Hanging up with no call reports nothing.
    assert_eq!(admin(sim.addr(), "/Phone_ActionURL&Command=2").status, 200);
    assert_eq!(admin(sim.addr(), "/Phone_ActionURL&key=DNDOOn").status, 200);
    assert_eq!(server.next(), "/open_dnd?r=&id=");
    assert_eq!(admin(sim.addr(), "/Phone_ActionURL&key=DNDOOn").status, 200);
    assert_eq!(admin(sim.addr(), "/Phone_ActionURL&key=DNDOff").status, 200);
    assert_eq!(server.next(), "/close_dnd?r=&id=");
    assert!(server.nothing_within(Duration::from_millis(200)));
    // OK answers a ringing call, X ends it.
    sim.set_action_url("call_established", &format!("http://{}/ok", server.addr))
        .expect("valid");
    assert_eq!(post(&sim, "/__sim/ring?number=207", "").status, 200);
    assert_eq!(admin(sim.addr(), "/Phone_ActionURL&key=OK").status, 200);
    assert_eq!(server.next(), "/ok");
    assert_eq!(admin(sim.addr(), "/Phone_ActionURL&key=X").status, 200);
    assert_eq!(
        server.next(),
        "/call_terminated?r=sip:207@pbx.example&id=sim-2@127.0.0.1"
    );
    assert_eq!(sim.state().call, Call::HungUp);
}

#[test]
fn the_extensions_setup_urls_reach_it_with_every_variable() {
    let server = Server::start(200);
    let sim = Sim::start("127.0.0.1:0", quiet()).expect("sim");
    let token = "0123456789abcdef0123456789abcdef";
    let setup = ActionUrlSetup::new(&format!("http://{}", server.addr), token).expect("setup");
    for event in Event::ALL {
        assert!(EVENTS.contains(&event.wire()), "{event}");
        sim.set_action_url(event.wire(), &setup.url(event))
            .expect("valid");
    }
    assert_eq!(EVENTS.len(), Event::ALL.len());
    assert_eq!(
        post(
            &sim,
            "/__sim/ring?number=0301234567&name=Ada%20Lovelace",
            ""
        )
        .status,
        200
    );
    let report = check_target(&server.next(), token).expect("the extension reads it");
    assert_eq!(report.event, Event::IncomingCall);
    assert_eq!(report.caller_number().as_deref(), Some("0301234567"));
    assert_eq!(report.caller_name(), Some("Ada Lovelace"));
    assert_eq!(report.vars.mac.as_deref(), Some("001fc11a8b6c"));
    assert_eq!(report.vars.model.as_deref(), Some("UC926"));
    assert_eq!(report.vars.active_user.as_deref(), Some("201"));
    assert_eq!(report.vars.display_local.as_deref(), Some("Desk 201"));
    assert_eq!(report.vars.call_id.as_deref(), Some("sim-1@127.0.0.1"));
    for name in click_to_dial::incoming::VARIABLES {
        assert!(report.vars.get(name).is_some(), "{name}");
    }
}

#[test]
fn refusals_and_failures() {
    let sim = Sim::start("127.0.0.1:0", quiet()).expect("sim");
    let bad = [
        r#"{"incoming_call": "http://192.168.0.50:8765/x"}"#,
        r#"{"incoming_call": "https://127.0.0.1/x"}"#,
        r#"{"ringing": "http://127.0.0.1/x"}"#,
        r#"["not", "an object"]"#,
        "not json",
    ];
    for body in bad {
        assert_eq!(post(&sim, "/__sim/action-urls", body).status, 400, "{body}");
    }
    assert!(sim.action_urls().is_empty());
    assert!(sim
        .set_action_url("incoming_call", "http://10.0.0.1/x")
        .is_err());
    // Methods.
    assert_eq!(get(sim.addr(), "/__sim/ring?number=1", None).status, 405);
    assert_eq!(
        request(sim.addr(), "POST", "/__sim/state", None).status,
        405
    );
    assert_eq!(post(&sim, "/__sim/ring", "").status, 400);
    assert_eq!(
        post(&sim, "/__sim/ring?number=1&colour=red", "").status,
        400
    );
    // Nobody listening: recorded with no status and the error, quickly.
    let free = TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr");
    sim.set_action_url("incoming_call", &format!("http://{free}/x"))
        .expect("valid");
    let reply = post(&sim, "/__sim/ring?number=206", "");
    assert_eq!(reply.status, 200);
    let sent = sim.wait_sent(1, SEND_TIMEOUT * 2);
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].status, 0);
    assert!(sent[0].error.is_some());
    // Removing a URL.
    assert_eq!(
        post(&sim, "/__sim/action-urls", r#"{"incoming_call": ""}"#).body,
        "{}"
    );
    // Reset forgets what was sent, keeps the URLs.
    sim.set_action_url("open_dnd", &format!("http://{free}/x"))
        .expect("valid");
    assert_eq!(get(sim.addr(), "/__sim/reset", None).status, 200);
    assert!(sim.events_sent().is_empty());
    assert_eq!(sim.action_urls().len(), 1);
}

#[test]
fn the_cli_flag_sets_urls() {
    let args = [
        "--action-url",
        "incoming_call=http://127.0.0.1:8765/t/incoming_call?r=$remote",
    ]
    .map(String::from);
    let (_, config, _) = htek_sim::parse_args(args).expect("valid");
    assert_eq!(
        config.action_urls.get("incoming_call").map(String::as_str),
        Some("http://127.0.0.1:8765/t/incoming_call?r=$remote")
    );
    for bad in [
        "incoming_call",
        "ringing=http://127.0.0.1/",
        "incoming_call=http://192.168.0.1/",
        "incoming_call=https://127.0.0.1/",
    ] {
        let err = htek_sim::parse_args(["--action-url", bad].map(String::from)).expect_err(bad);
        assert!(err.contains("--action-url"), "{err}");
    }
}
