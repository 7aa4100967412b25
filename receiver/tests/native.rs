//! The built receiver as the browser runs it: native messaging on stdin and stdout, real TCP
//! from the "phone" on 127.0.0.1 and a stranger on 127.0.0.2.

mod common;

use std::time::Duration;

use click_to_dial::incoming::native::{FromReceiver, ReceiverError, RefuseReason, ToReceiver};
use click_to_dial::incoming::{Event, VARIABLES};
use common::{exchange_from, get, get_from, status, Host, TOKEN};

/// Every variable, as the phone substitutes them into the URL the setup asks for.
const VALUES: [(&str, &str); 12] = [
    ("mac", "001fc11a8b6c"),
    ("ip", "127.0.0.1"),
    ("model", "UC926"),
    ("firmware", "2.0.4.4.52"),
    ("active_url", "sip:201@pbx.example"),
    ("active_user", "201"),
    ("active_host", "pbx.example"),
    ("local", "sip:201@pbx.example"),
    ("remote", "sip:0301234567@pbx.example"),
    ("display_local", "Desk 201"),
    ("display_remote", "Ada Lovelace"),
    ("call_id", "3c2a6b@127.0.0.1"),
];

fn full_target(event: Event, encode_spaces: bool) -> String {
    let mut target = format!("/{TOKEN}/{}?", event.wire());
    for (i, (name, value)) in VALUES.iter().enumerate() {
        if i > 0 {
            target.push('&');
        }
        let value = if encode_spaces {
            value.replace(' ', "%20")
        } else {
            value.to_string()
        };
        target.push_str(&format!("{name}={value}"));
    }
    target
}

fn expect_event(host: &Host) -> (click_to_dial::incoming::EventReport, String) {
    match host.next() {
        FromReceiver::Event { report, from } => (*report, from),
        other => panic!("expected an Event, got {other:?}"),
    }
}

fn expect_refused(host: &Host) -> (String, RefuseReason) {
    match host.next() {
        FromReceiver::Refused { from, reason } => (from, reason),
        other => panic!("expected Refused, got {other:?}"),
    }
}

#[test]
fn events_arrive_with_every_variable() {
    let mut host = Host::spawn();
    let addr = host.start("127.0.0.1");
    // Encoded spaces, and raw ones as a literal substitution would leave them.
    for (event, encode) in [(Event::IncomingCall, true), (Event::CallEstablished, false)] {
        assert_eq!(get(addr, &full_target(event, encode)), 200, "{event}");
        let (report, from) = expect_event(&host);
        assert_eq!(report.event, event);
        assert!(from.starts_with("127.0.0.1:"), "{from}");
        for (name, value) in VALUES {
            assert_eq!(report.vars.get(name), Some(value), "{event}: {name}");
        }
        assert_eq!(VARIABLES.len(), VALUES.len());
        assert_eq!(report.caller_number().as_deref(), Some("0301234567"));
    }
    // Every event of the guide is accepted.
    for event in Event::ALL {
        assert_eq!(get(addr, &format!("/{TOKEN}/{}", event.wire())), 200);
        assert_eq!(expect_event(&host).0.event, event);
    }
}

#[test]
fn wrong_token_and_unknown_paths_are_refused_not_passed_on() {
    let mut host = Host::spawn();
    let addr = host.start("127.0.0.1");
    let cases: &[(String, u16, RefuseReason)] = &[
        (
            "/not-the-token/incoming_call?remote=206".into(),
            403,
            RefuseReason::WrongToken,
        ),
        ("/incoming_call".into(), 403, RefuseReason::WrongToken),
        (format!("/{TOKEN}/ringing"), 404, RefuseReason::UnknownEvent),
        (format!("/{TOKEN}"), 404, RefuseReason::UnknownEvent),
        (format!("/{TOKEN}/%zz"), 400, RefuseReason::Malformed),
        (
            format!("/{TOKEN}/incoming_call?x={}", "a".repeat(5000)),
            414,
            RefuseReason::TooLong,
        ),
    ];
    for (target, expected, reason) in cases {
        assert_eq!(get(addr, target), *expected, "{target}");
        assert_eq!(expect_refused(&host).1, *reason, "{target}");
    }
    let put = format!("PUT /{TOKEN}/incoming_call HTTP/1.1\r\nContent-Length: 0\r\n\r\n");
    assert_eq!(
        status(&exchange_from("127.0.0.1", addr, put.as_bytes())),
        405
    );
    assert_eq!(expect_refused(&host).1, RefuseReason::NotGet);
    // A POST is a Poly notification: at the token path alone, with a length, XML, bounded.
    let xml = "<PolycomIPPhone><IncomingCallEvent><CallingPartyNumber>206</CallingPartyNumber></IncomingCallEvent></PolycomIPPhone>";
    let post = |target: &str, headers: &str, body: &str| {
        format!("POST {target} HTTP/1.1\r\nHost: x\r\n{headers}\r\n{body}")
    };
    let length = |body: &str| format!("Content-Length: {}\r\n", body.len());
    let big = format!("<PolycomIPPhone>{}</PolycomIPPhone>", " ".repeat(20_000));
    let posts: &[(String, u16, RefuseReason)] = &[
        (
            post(&format!("/{TOKEN}/incoming_call"), &length(xml), xml),
            404,
            RefuseReason::UnknownEvent,
        ),
        (
            post("/not-the-token", &length(xml), xml),
            403,
            RefuseReason::WrongToken,
        ),
        (
            post(&format!("/{TOKEN}"), "", xml),
            411,
            RefuseReason::Malformed,
        ),
        (
            post(
                &format!("/{TOKEN}"),
                "Transfer-Encoding: chunked\r\n",
                "0\r\n\r\n",
            ),
            411,
            RefuseReason::Malformed,
        ),
        (
            post(&format!("/{TOKEN}"), &length(&big), &big),
            413,
            RefuseReason::TooLong,
        ),
        (
            post(
                &format!("/{TOKEN}"),
                &format!("Content-Type: application/json\r\n{}", length("{}")),
                "{}",
            ),
            415,
            RefuseReason::NotANotification,
        ),
        (
            post(&format!("/{TOKEN}"), &length("remote=206"), "remote=206"),
            400,
            RefuseReason::NotANotification,
        ),
        (
            post(&format!("/{TOKEN}"), &length("<html/>"), "<html/>"),
            400,
            RefuseReason::NotANotification,
        ),
    ];
    for (raw, expected, reason) in posts {
        assert_eq!(
            status(&exchange_from("127.0.0.1", addr, raw.as_bytes())),
            *expected,
            "{raw:.120}"
        );
        assert_eq!(expect_refused(&host).1, *reason, "{raw:.120}");
    }
    let good = post(
        &format!("/{TOKEN}"),
        &format!("Content-Type: text/xml\r\n{}", length(xml)),
        xml,
    );
    assert_eq!(
        status(&exchange_from("127.0.0.1", addr, good.as_bytes())),
        200
    );
    let (report, _) = expect_event(&host);
    assert_eq!(report.event, Event::IncomingCall);
    assert_eq!(report.caller_number().as_deref(), Some("206"));
    // Nothing else came, and the next good event still does.
    assert_eq!(get(addr, &format!("/{TOKEN}/open_dnd")), 200);
    assert_eq!(expect_event(&host).0.event, Event::OpenDnd);
}

#[test]
fn another_source_address_is_refused() {
    let mut host = Host::spawn();
    let addr = host.start("127.0.0.1");
    // 127.0.0.2 is loopback too, but not the phone's address.
    assert_eq!(
        get_from("127.0.0.2", addr, &full_target(Event::IncomingCall, true)),
        403
    );
    let (from, reason) = expect_refused(&host);
    assert_eq!(reason, RefuseReason::WrongSource);
    assert!(from.starts_with("127.0.0.2:"), "{from}");
    // And the other way round: the phone is 127.0.0.2, the request comes from 127.0.0.1.
    let addr = host.start("127.0.0.2");
    assert_eq!(get(addr, &full_target(Event::IncomingCall, true)), 403);
    assert_eq!(expect_refused(&host).1, RefuseReason::WrongSource);
    assert_eq!(
        get_from("127.0.0.2", addr, &format!("/{TOKEN}/log_on")),
        200
    );
    let (report, from) = expect_event(&host);
    assert_eq!(report.event, Event::LogOn);
    assert!(from.starts_with("127.0.0.2:"), "{from}");
}

#[test]
fn garbage_never_crashes_it() {
    let mut host = Host::spawn();
    let addr = host.start("127.0.0.1");
    let mut seed: u64 = 0x5eed;
    let mut next = || {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        seed >> 33
    };
    let fixed: Vec<Vec<u8>> = vec![
        b"\r\n\r\n".to_vec(),
        b"GET\r\n\r\n".to_vec(),
        b"GET / HTTP/9\r\n\r\n".to_vec(),
        b"\xff\xfe\xfd /x HTTP/1.1\r\n\r\n".to_vec(),
        vec![b'A'; 20_000],
        format!("GET /{TOKEN}/incoming_call?display_remote=\x00\x01 HTTP/1.1\r\n\r\n").into_bytes(),
    ];
    for raw in &fixed {
        let _ = exchange_from("127.0.0.1", addr, raw);
    }
    for _ in 0..40 {
        let len = usize::try_from(next() % 300).unwrap_or(0);
        let mut raw: Vec<u8> = (0..len).map(|_| (next() & 0xff) as u8).collect();
        raw.extend_from_slice(b"\r\n\r\n");
        let _ = exchange_from("127.0.0.1", addr, &raw);
    }
    // Drain whatever the garbage produced: refusals only, or the control-character event.
    while let Some(message) = host.next_within(Duration::from_millis(300)) {
        match message {
            FromReceiver::Refused { .. } => {}
            FromReceiver::Event { report, .. } => {
                assert_eq!(
                    report.vars.display_remote, None,
                    "control characters only: empty"
                );
            }
            other => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!(get(addr, &full_target(Event::CallTerminated, true)), 200);
    assert_eq!(expect_event(&host).0.event, Event::CallTerminated);
}

#[test]
fn bad_messages_are_answered_with_errors_and_it_goes_on() {
    let mut host = Host::spawn();
    host.send_raw(b"not json");
    assert!(matches!(
        host.next(),
        FromReceiver::Error {
            error: ReceiverError::BadMessage { .. }
        }
    ));
    host.send_raw(br#"{"type":"Dance"}"#);
    assert!(matches!(host.next(), FromReceiver::Error { .. }));
    let bad_starts = [
        ("127.0.0.1:0", "127.0.0.1", "short", ReceiverError::BadToken),
        (
            "nowhere",
            "127.0.0.1",
            TOKEN,
            ReceiverError::BadListen {
                listen: "nowhere".into(),
            },
        ),
        (
            "127.0.0.1:0",
            "",
            TOKEN,
            ReceiverError::BadPhoneIp {
                phone_ip: String::new(),
            },
        ),
    ];
    for (listen, phone_ip, token, expected) in bad_starts {
        host.send(&ToReceiver::Start {
            listen: listen.into(),
            phone_ip: phone_ip.into(),
            token: token.into(),
        });
        match host.next() {
            FromReceiver::Error { error } => assert_eq!(error, expected),
            other => panic!("{other:?}"),
        }
    }
    // A port in use.
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = taken.local_addr().expect("addr").port();
    host.send(&ToReceiver::Start {
        listen: format!("127.0.0.1:{port}"),
        phone_ip: "127.0.0.1".into(),
        token: TOKEN.into(),
    });
    assert!(matches!(
        host.next(),
        FromReceiver::Error {
            error: ReceiverError::CannotListen { .. }
        }
    ));
    // Still alive and able to start.
    let addr = host.start("127.0.0.1");
    assert_eq!(get(addr, &format!("/{TOKEN}/open_dnd")), 200);
    assert_eq!(expect_event(&host).0.event, Event::OpenDnd);
}

#[test]
fn stop_frees_the_port_and_a_restart_moves() {
    let mut host = Host::spawn();
    let first = host.start("127.0.0.1");
    let second = host.start("127.0.0.1");
    assert_ne!(first, second);
    assert_eq!(
        get(first, &format!("/{TOKEN}/open_dnd")),
        0,
        "the first listener is gone"
    );
    host.send(&ToReceiver::Stop);
    assert_eq!(host.next(), FromReceiver::Stopped);
    assert_eq!(get(second, &format!("/{TOKEN}/open_dnd")), 0);
    assert!(host.next_within(Duration::from_millis(200)).is_none());
}

#[test]
fn it_exits_when_the_browser_disconnects() {
    let mut host = Host::spawn();
    let addr = host.start("127.0.0.1");
    host.close_stdin();
    let status = host.wait_exit(Duration::from_secs(10)).expect("exits");
    assert!(status.success(), "{status}");
    assert_eq!(
        get(addr, &format!("/{TOKEN}/open_dnd")),
        0,
        "nobody listens any more"
    );
}

#[test]
fn broken_framing_exits_with_failure() {
    let mut host = Host::spawn();
    host.write_unframed(&u32::MAX.to_ne_bytes());
    let status = host.wait_exit(Duration::from_secs(10)).expect("exits");
    assert_eq!(status.code(), Some(1));
}
