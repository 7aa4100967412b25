//! The Action URI against a real started Sim over TCP: commands, keys, case sensitivity, routing,
//! Basic auth, roles, the first-401 quirk.

mod common;

use common::{admin, basic, get, quiet, request};
use htek_sim::{Action, AuthSeen, Call, CallState, Config, Credential, Role, Sim, KEYS};

fn sim() -> Sim {
    Sim::start("127.0.0.1:0", quiet()).expect("start sim")
}

fn dialing(number: &str, account: u8, account_auto: bool) -> Call {
    Call::Dialing {
        number: number.into(),
        account,
        account_auto,
    }
}

#[test]
fn dial_with_each_account_and_automatic() {
    let sim = sim();
    let cases: &[(&str, &str, Call)] = &[
        (
            "account 1 (the guide's example)",
            "&Command=1&Number=206&Account=1",
            dialing("206", 1, false),
        ),
        (
            "account 2",
            "&Command=1&Number=207&Account=2",
            dialing("207", 2, false),
        ),
        (
            "account 3",
            "&Command=1&Number=208&Account=3",
            dialing("208", 3, false),
        ),
        (
            "account 4",
            "&Command=1&Number=209&Account=4",
            dialing("209", 4, false),
        ),
        (
            "no account",
            "&Command=1&Number=210",
            dialing("210", 1, true),
        ),
        (
            "account 5",
            "&Command=1&Number=211&Account=5",
            dialing("211", 1, true),
        ),
        (
            "account 0",
            "&Command=1&Number=212&Account=0",
            dialing("212", 1, true),
        ),
        (
            "account word",
            "&Command=1&Number=213&Account=two",
            dialing("213", 1, true),
        ),
        (
            "plus and encoded #",
            "&Command=1&Number=%2B4930%23&Account=2",
            dialing("+4930#", 2, false),
        ),
        (
            "star raw",
            "&Command=1&Number=*21*&Account=1",
            dialing("*21*", 1, false),
        ),
    ];
    for (name, params, expected) in cases {
        let reply = admin(sim.addr(), &format!("/Phone_ActionURL{params}"));
        assert_eq!(reply.status, 200, "{name}: {}", reply.body);
        assert_eq!(reply.header("Content-Type"), Some("text/html"), "{name}");
        assert!(!reply.body.is_empty(), "{name}");
        assert_eq!(&sim.state().call, expected, "{name}");
    }
    assert_eq!(sim.state().commands, cases.len() as u64);
    assert_eq!(sim.commands().len(), cases.len());
}

#[test]
fn hang_up_after_dialing() {
    let sim = sim();
    assert_eq!(
        admin(
            sim.addr(),
            "/Phone_ActionURL&Command=1&Number=206&Account=1"
        )
        .status,
        200
    );
    assert_eq!(admin(sim.addr(), "/Phone_ActionURL&Command=2").status, 200);
    assert_eq!(
        sim.state(),
        CallState {
            call: Call::HungUp,
            last_key: None,
            commands: 2
        }
    );
    let actions: Vec<Option<Action>> = sim.commands().into_iter().map(|e| e.action).collect();
    assert_eq!(
        actions,
        [
            Some(Action::Dial {
                number: "206".into(),
                account: 1,
                account_auto: false
            }),
            Some(Action::Hangup)
        ]
    );
}

#[test]
fn every_key_in_both_forms() {
    let sim = sim();
    let mut expected_commands = 0;
    for key in KEYS {
        let sent = if *key == "*" { "%2A" } else { key };
        for form in ["/Phone_ActionURL&Command=3&key=", "/Phone_ActionURL&key="] {
            let target = format!("{form}{sent}");
            let reply = admin(sim.addr(), &target);
            assert_eq!(reply.status, 200, "{target}: {}", reply.body);
            expected_commands += 1;
            let state = sim.state();
            assert_eq!(state.last_key.as_deref(), Some(*key), "{target}");
            assert_eq!(state.commands, expected_commands, "{target}");
            assert_eq!(
                state.call,
                Call::Idle,
                "keys do not change the call: {target}"
            );
        }
    }
    // `*` also arrives raw.
    assert_eq!(admin(sim.addr(), "/Phone_ActionURL&key=MUTE").status, 200);
    assert_eq!(admin(sim.addr(), "/Phone_ActionURL&key=*").status, 200);
    assert_eq!(sim.state().last_key.as_deref(), Some("*"));
    let last = sim.commands().pop().and_then(|e| e.action);
    assert_eq!(last, Some(Action::Key { key: "*".into() }));
}

#[test]
fn bad_commands_get_400_with_a_reason_and_change_nothing() {
    let sim = sim();
    let cases: &[(&str, &str, &str)] = &[
        ("key case", "/Phone_ActionURL&key=mute", "unknown key"),
        (
            "key name case",
            "/Phone_ActionURL&Key=MUTE",
            "missing Command",
        ),
        (
            "command name case",
            "/Phone_ActionURL&command=1&Number=206",
            "missing Command",
        ),
        (
            "number name case",
            "/Phone_ActionURL&Command=1&number=206",
            "needs a Number",
        ),
        (
            "unknown key",
            "/Phone_ActionURL&Command=3&key=ANSWER",
            "unknown key",
        ),
        (
            "DNDOn is not the guide's spelling",
            "/Phone_ActionURL&key=DNDOn",
            "unknown key",
        ),
        (
            "command 3 without key",
            "/Phone_ActionURL&Command=3",
            "needs a key",
        ),
        (
            "unknown command",
            "/Phone_ActionURL&Command=9",
            "unknown Command",
        ),
        ("no command", "/Phone_ActionURL", "missing Command"),
        (
            "empty number",
            "/Phone_ActionURL&Command=1&Number=&Account=1",
            "not a dial string",
        ),
        (
            "letters",
            "/Phone_ActionURL&Command=1&Number=call-me",
            "not a dial string",
        ),
        (
            "space",
            "/Phone_ActionURL&Command=1&Number=030%20123",
            "not a dial string",
        ),
        (
            "bad escape",
            "/Phone_ActionURL&Command=1&Number=%G1",
            "bad percent escape",
        ),
        (
            "duplicate",
            "/Phone_ActionURL&Command=1&Number=1&Number=2",
            "appears twice",
        ),
    ];
    for (name, target, reason) in cases {
        let reply = admin(sim.addr(), target);
        assert_eq!(reply.status, 400, "{name}");
        assert!(
            reply
                .header("Content-Type")
                .is_some_and(|t| t.starts_with("text/plain")),
            "{name}"
        );
        assert!(reply.body.contains(reason), "{name}: {}", reply.body);
    }
    assert_eq!(sim.state(), CallState::default());
    assert!(sim.commands().is_empty());
    assert!(sim
        .log()
        .iter()
        .all(|e| e.status == 400 && e.auth == AuthSeen::Basic));
}

#[test]
fn other_forms_and_paths_are_404() {
    let sim = sim();
    let cases = [
        "/Phone_ActionURL?Command=1&Number=206&Account=1",
        "/Phone_ActionURL?key=OK",
        "/Phone_ActionURL&Command=1&Number=206?Account=1",
        "/",
        "/index.html",
        "/phone_actionurl&Command=2",
        "/Phone_ActionURLs&Command=2",
        "/cgi-bin/Phone_ActionURL&Command=2",
        "/__sim/nope",
    ];
    for target in cases {
        let reply = admin(sim.addr(), target);
        assert_eq!(reply.status, 404, "{target}");
        let unauthenticated = get(sim.addr(), target, None);
        assert_eq!(unauthenticated.status, 404, "{target} without auth");
    }
    assert_eq!(sim.state(), CallState::default());
}

#[test]
fn non_get_on_phone_paths_is_405() {
    let sim = sim();
    for method in ["POST", "PUT", "DELETE", "OPTIONS"] {
        let auth = basic("admin", "admin");
        let reply = request(
            sim.addr(),
            method,
            "/Phone_ActionURL&Command=2",
            Some(&auth),
        );
        assert_eq!(reply.status, 405, "{method}");
        assert_eq!(reply.header("Allow"), Some("GET"));
    }
    // HEAD gets the 405 head and no body.
    let raw = format!(
        "HEAD /Phone_ActionURL&Command=2 HTTP/1.1\r\nAuthorization: {}\r\n\r\n",
        basic("admin", "admin")
    );
    let head = String::from_utf8(common::exchange(sim.addr(), &raw)).expect("utf-8");
    assert!(head.starts_with("HTTP/1.1 405 "), "{head}");
    assert!(head.ends_with("\r\n\r\n"), "{head}");
    assert_eq!(sim.state(), CallState::default());
}

#[test]
fn missing_or_wrong_credentials_get_401_and_change_nothing() {
    let sim = sim();
    let cases: &[(&str, Option<String>, AuthSeen)] = &[
        ("none", None, AuthSeen::None),
        (
            "wrong password",
            Some(basic("admin", "wrong")),
            AuthSeen::Rejected,
        ),
        (
            "unknown user",
            Some(basic("root", "admin")),
            AuthSeen::Rejected,
        ),
        (
            "dialer's password for admin",
            Some(basic("admin", "1234")),
            AuthSeen::Rejected,
        ),
        (
            "case of the user",
            Some(basic("Admin", "admin")),
            AuthSeen::Rejected,
        ),
        ("not base64", Some("Basic ***".into()), AuthSeen::Rejected),
        (
            "digest on a basic phone",
            Some("Digest username=\"admin\"".into()),
            AuthSeen::Rejected,
        ),
    ];
    for (name, auth, seen) in cases {
        for target in [
            "/Phone_ActionURL&Command=1&Number=206&Account=1",
            "/Phone_ActionURL&key=OK",
            "/Phone_ActionURL&Command=2",
        ] {
            let reply = get(sim.addr(), target, auth.as_deref());
            assert_eq!(reply.status, 401, "{name} {target}");
            assert_eq!(
                reply.all("WWW-Authenticate"),
                ["Basic realm=\"Htek\""],
                "{name}"
            );
            let entry = sim.log().pop().expect("logged");
            assert_eq!(
                (entry.auth, entry.user, entry.action),
                (*seen, None, None),
                "{name}"
            );
        }
    }
    assert_eq!(sim.state(), CallState::default());
    assert!(sim.commands().is_empty());
}

#[test]
fn dialer_may_dial_and_hang_up_but_not_press_keys() {
    let sim = sim();
    let user = basic("user", "1234");
    let dial = get(
        sim.addr(),
        "/Phone_ActionURL&Command=1&Number=206&Account=1",
        Some(&user),
    );
    assert_eq!(dial.status, 200);
    for target in [
        "/Phone_ActionURL&key=OK",
        "/Phone_ActionURL&Command=3&key=MUTE",
    ] {
        let reply = get(sim.addr(), target, Some(&user));
        assert_eq!(reply.status, 403, "{target}");
    }
    assert_eq!(sim.state().last_key, None);
    assert_eq!(
        get(sim.addr(), "/Phone_ActionURL&Command=2", Some(&user)).status,
        200
    );
    assert_eq!(sim.state().call, Call::HungUp);
    assert_eq!(sim.state().commands, 2);
    let users: Vec<Option<String>> = sim.log().into_iter().map(|e| e.user).collect();
    assert!(
        users.iter().all(|u| u.as_deref() == Some("user")),
        "{users:?}"
    );
    let forbidden = sim
        .log()
        .into_iter()
        .find(|e| e.status == 403)
        .expect("a 403");
    assert_eq!(forbidden.action, Some(Action::Key { key: "OK".into() }));
}

#[test]
fn configured_realm_and_accounts() {
    let config = Config {
        realm: "Office \"7\"".into(),
        accounts: vec![Credential {
            username: "boss".into(),
            password: "pässword:x".into(),
            role: Role::Admin,
        }],
        ..quiet()
    };
    let sim = Sim::start("127.0.0.1:0", config).expect("start");
    let denied = admin(sim.addr(), "/Phone_ActionURL&Command=2");
    assert_eq!(denied.status, 401, "the factory admin is gone");
    assert_eq!(
        denied.header("WWW-Authenticate"),
        Some("Basic realm=\"Office \\\"7\\\"\"")
    );
    let ok = get(
        sim.addr(),
        "/Phone_ActionURL&Command=2",
        Some(&basic("boss", "pässword:x")),
    );
    assert_eq!(ok.status, 200);
    assert_eq!(
        sim.log().pop().and_then(|e| e.user).as_deref(),
        Some("boss")
    );
}

#[test]
fn first_401_quirk_refuses_only_the_first_request() {
    let sim = Sim::start(
        "127.0.0.1:0",
        Config {
            first_401: true,
            ..quiet()
        },
    )
    .expect("start");
    // Requests that never reach the auth check do not use up the quirk.
    assert_eq!(admin(sim.addr(), "/nothing-here").status, 404);
    let first = admin(
        sim.addr(),
        "/Phone_ActionURL&Command=1&Number=206&Account=1",
    );
    assert_eq!(first.status, 401);
    assert_eq!(first.all("WWW-Authenticate"), ["Basic realm=\"Htek\""]);
    assert_eq!(sim.state(), CallState::default());
    let second = admin(
        sim.addr(),
        "/Phone_ActionURL&Command=1&Number=206&Account=1",
    );
    assert_eq!(second.status, 200);
    assert_eq!(sim.state().call, dialing("206", 1, false));
    // Later requests are judged normally.
    assert_eq!(
        get(sim.addr(), "/Phone_ActionURL&Command=2", None).status,
        401
    );
    let statuses: Vec<(u16, AuthSeen)> = sim.log().iter().map(|e| (e.status, e.auth)).collect();
    assert_eq!(
        statuses,
        [
            (404, AuthSeen::None),
            (401, AuthSeen::Rejected),
            (200, AuthSeen::Basic),
            (401, AuthSeen::None)
        ]
    );
}

#[test]
fn first_401_is_off_by_default() {
    let sim = sim();
    assert_eq!(admin(sim.addr(), "/Phone_ActionURL&Command=2").status, 200);
}

#[test]
fn parallel_requests_are_all_counted() {
    let sim = sim();
    let addr = sim.addr();
    let threads: Vec<_> = (0..8)
        .map(|i| {
            std::thread::spawn(move || {
                admin(addr, &format!("/Phone_ActionURL&Command=1&Number=20{i}")).status
            })
        })
        .collect();
    for t in threads {
        assert_eq!(t.join().expect("thread"), 200);
    }
    assert_eq!(sim.state().commands, 8);
    assert_eq!(sim.commands().len(), 8);
}
