//! End to end without a browser: the simulated phone, set up with the Action URLs the
//! extension's setup help shows, rings; the receiver binary passes the call on.

mod common;

use click_to_dial::incoming::calls::{CallState, Change};
use click_to_dial::incoming::native::FromReceiver;
use click_to_dial::incoming::{ActionUrlSetup, Event};
use common::{Host, TOKEN};
use htek_sim::{Config, Sim};

#[test]
fn the_simulated_phone_rings_and_the_receiver_hears_it() {
    let mut host = Host::spawn();
    let addr = host.start("127.0.0.1");
    let sim = Sim::start(
        "127.0.0.1:0",
        Config {
            quiet: true,
            ..Config::default()
        },
    )
    .expect("sim");
    let setup = ActionUrlSetup::new(&format!("http://{addr}"), TOKEN).expect("setup");
    for event in Event::ALL {
        sim.set_action_url(event.wire(), &setup.url(event))
            .expect("a loopback URL");
    }
    let mut state = CallState::default();
    let mut changes = Vec::new();
    for path in [
        "/__sim/ring?number=0301234567&name=Ada%20Lovelace",
        "/__sim/hangup",
    ] {
        let raw = format!("POST {path} HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
        let answer = common::exchange_from("127.0.0.1", sim.addr(), raw.as_bytes());
        assert_eq!(common::status(&answer), 200, "{answer}");
        match host.next() {
            FromReceiver::Event { report, .. } => changes.push(state.apply(&report, 1.0)),
            other => panic!("expected an Event, got {other:?}"),
        }
    }
    assert!(
        matches!(&changes[0], Some(Change::Ringing { party }) if party.name.as_deref() == Some("Ada Lovelace"))
    );
    assert!(
        matches!(&changes[1], Some(Change::Missed { .. })),
        "{changes:?}"
    );
    assert_eq!(
        state.missed.calls()[0].number.as_deref(),
        Some("0301234567")
    );
    assert!(sim.events_sent().iter().all(|s| s.status == 200));
}

/// Every brand's simulated phone, set up with that brand's lines as the options page shows
/// them (each URL under the brand's own key), rings, is answered and hung up: the receiver
/// reads each brand's events (Action URL GETs with the brand's variables, Poly's XML POSTs)
/// into the same call states.
#[test]
fn every_brand_rings_answers_and_ends_through_the_receiver() {
    use click_to_dial::phone::Brand;
    let mut host = Host::spawn();
    let addr = host.start("127.0.0.1");
    for brand in Brand::ALL {
        let sim_brand: htek_sim::Brand = brand.name().to_ascii_lowercase().parse().expect("brand");
        let sim = Sim::start(
            "127.0.0.1:0",
            Config {
                quiet: true,
                ..Config::for_brand(sim_brand)
            },
        )
        .expect("sim");
        let setup = ActionUrlSetup::new(&format!("http://{addr}"), TOKEN)
            .expect("setup")
            .with_brand(brand);
        for line in setup.lines() {
            sim.set_action_url(line.key, &line.url)
                .unwrap_or_else(|e| panic!("{brand} {}: {e}", line.key));
        }
        let mut state = CallState::default();
        let mut changes = Vec::new();
        for path in [
            "/__sim/ring?number=0301234567&name=Ada%20Lovelace",
            "/__sim/answer",
            "/__sim/hangup",
        ] {
            let raw = format!("POST {path} HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
            let answer = common::exchange_from("127.0.0.1", sim.addr(), raw.as_bytes());
            assert_eq!(common::status(&answer), 200, "{brand} {path}: {answer}");
            match host.next() {
                FromReceiver::Event { report, .. } => changes.push(state.apply(&report, 1.0)),
                other => panic!("{brand} {path}: expected an Event, got {other:?}"),
            }
        }
        assert!(
            matches!(&changes[0], Some(Change::Ringing { party })
                if party.name.as_deref() == Some("Ada Lovelace")
                    && party.number.as_deref() == Some("0301234567")),
            "{brand}: {changes:?}"
        );
        assert!(
            matches!(&changes[1], Some(Change::Connected { .. })),
            "{brand}: {changes:?}"
        );
        assert!(
            matches!(&changes[2], Some(Change::Ended { .. })),
            "{brand}: {changes:?}"
        );
        assert!(state.calls.is_empty(), "{brand}: {state:?}");
        let sent = sim.events_sent();
        assert_eq!(sent.len(), 3, "{brand}: {sent:?}");
        assert!(sent.iter().all(|s| s.status == 200), "{brand}: {sent:?}");
        assert_eq!(
            sent.iter().all(|s| s.body.is_some()),
            brand == Brand::Poly,
            "{brand}"
        );
    }
}

/// The extension's requests through the receiver (`Send`), to the simulated phone, which checks
/// the login and the path the way the phone does: a dial with Basic credentials is answered and
/// carried out; wrong credentials are answered 401; a phone that dials and then closes the
/// connection unanswered gets the dial once, reported as `Closed`.
#[test]
fn the_extensions_requests_reach_the_simulated_phone_once_each() {
    use click_to_dial::incoming::native::{NotAnswered, OneRequest, ToReceiver};
    let mut host = Host::spawn();
    host.start("127.0.0.1");
    let sim = Sim::start(
        "127.0.0.1:0",
        Config {
            quiet: true,
            keep_alive: true,
            ..Config::default()
        },
    )
    .expect("sim");
    let dial = |id: u32, number: &str, login: &str| ToReceiver::Send {
        id,
        request: OneRequest {
            url: format!(
                "http://{}/Phone_ActionURL&Command=1&Number={number}&Account=1",
                sim.host_port()
            ),
            method: "GET".into(),
            headers: vec![["Authorization".into(), format!("Basic {login}")]],
            body: None,
            timeout_ms: 5000,
        },
    };
    // admin:admin, the simulated phone's default login.
    host.send(&dial(1, "0301234567", "YWRtaW46YWRtaW4="));
    match host.next() {
        FromReceiver::Answered {
            id: 1, status: 200, ..
        } => {}
        other => panic!("expected the dial answered 200, got {other:?}"),
    }
    // admin:wrong
    host.send(&dial(2, "0301234567", "YWRtaW46d3Jvbmc="));
    match host.next() {
        FromReceiver::Answered {
            id: 2,
            status: 401,
            www_authenticate,
            ..
        } => assert!(www_authenticate.is_some()),
        other => panic!("expected 401, got {other:?}"),
    }
    sim.set_faults(htek_sim::Faults {
        silent_next: 1,
        ..htek_sim::Faults::default()
    });
    host.send(&dial(3, "0307654321", "YWRtaW46YWRtaW4="));
    match host.next() {
        FromReceiver::NotAnswered {
            id: 3,
            reason: NotAnswered::Closed,
        } => {}
        other => panic!("expected Closed, got {other:?}"),
    }
    std::thread::sleep(std::time::Duration::from_millis(500));
    let sent: Vec<_> = sim
        .log()
        .into_iter()
        .filter(|e| e.path.contains("Number=0307654321&"))
        .collect();
    assert_eq!(sent.len(), 1, "{sent:#?}");
    assert!(sent[0].silent && !sent[0].reused, "{sent:#?}");
    assert!(
        sim.log().iter().all(|e| !e.reused),
        "a connection of its own each"
    );
}
