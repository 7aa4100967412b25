//! Every brand's phone over TCP: its documented requests accepted with its auth and logged,
//! a wrong password refused its way, other paths refused, the Yealink prompt and allow list,
//! Grandstream's JSON errors with HTTP 200 and its masked password, the Poly REST round trip,
//! and each brand's events with its own names and variables.

mod common;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpListener};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use common::{basic, exchange, get, param, parse, Reply};
use htek_sim::{Action, AuthMode, AuthSeen, Brand, Call, Config, Credential, Role, Sim};

fn config(brand: Brand) -> Config {
    Config {
        quiet: true,
        ..Config::for_brand(brand)
    }
}

fn start(config: Config) -> Sim {
    Sim::start("127.0.0.1:0", config).expect("start sim")
}

/// A Yealink that already trusts this computer (the prompt is tested on its own).
fn trusting_yealink() -> Sim {
    start(Config {
        trusted: vec![IpAddr::V4(Ipv4Addr::LOCALHOST)],
        ..config(Brand::Yealink)
    })
}

fn admin(sim: &Sim, target: &str) -> Reply {
    get(sim.addr(), target, Some(&basic("admin", "admin")))
}

/// `POST target` with a JSON body and an optional `Authorization`.
fn post(sim: &Sim, target: &str, authorization: Option<&str>, body: &str) -> Reply {
    let mut raw = format!(
        "POST {target} HTTP/1.1\r\nHost: phone\r\nContent-Type: application/json\r\nContent-Length: {}\r\n",
        body.len()
    );
    if let Some(value) = authorization {
        raw.push_str(&format!("Authorization: {value}\r\n"));
    }
    raw.push_str("\r\n");
    raw.push_str(body);
    parse(&exchange(sim.addr(), &raw))
}

fn json(reply: &Reply) -> serde_json::Value {
    serde_json::from_str(&reply.body).unwrap_or_else(|e| panic!("{e}: {}", reply.body))
}

fn dialing(number: &str, account: u8, account_auto: bool) -> Call {
    Call::Dialing {
        number: number.into(),
        account,
        account_auto,
    }
}

/// The last log entry.
fn last(sim: &Sim) -> htek_sim::LogEntry {
    sim.log().pop().expect("a log entry")
}

// ---- Yealink ----

#[test]
fn yealink_refuses_until_ok_is_pressed_on_the_screen() {
    let sim = start(config(Brand::Yealink));
    let target = "/servlet?key=number=206&outgoing_uri=202@pbx.example";
    let refused = admin(&sim, target);
    assert_eq!(refused.status, 403, "{}", refused.body);
    assert_eq!(sim.state().call, Call::Idle);
    assert!(sim.commands().is_empty());
    assert_eq!(sim.screen_prompt(), Some(IpAddr::V4(Ipv4Addr::LOCALHOST)));
    let screen = json(&get(sim.addr(), "/__sim/screen", None));
    assert_eq!(screen["prompt"], "Allow remote control?");
    assert_eq!(screen["from"], "127.0.0.1");
    // Still refused while the question is on the screen.
    assert_eq!(admin(&sim, target).status, 403);

    let pressed = common::request(sim.addr(), "POST", "/__sim/screen?press=OK", None);
    assert_eq!(pressed.status, 200, "{}", pressed.body);
    assert_eq!(json(&pressed)["trusted"], serde_json::json!(["127.0.0.1"]));
    assert_eq!(sim.screen_prompt(), None);

    let accepted = admin(&sim, target);
    assert_eq!(accepted.status, 200, "{}", accepted.body);
    assert_eq!(sim.state().call, dialing("206", 2, false));
    let logged = sim.commands();
    assert_eq!(logged.len(), 1);
    assert_eq!(logged[0].path, target);
    assert_eq!(
        (logged[0].user.as_deref(), logged[0].auth),
        (Some("admin"), AuthSeen::Basic)
    );
    // Nothing left to answer.
    let again = common::request(sim.addr(), "POST", "/__sim/screen?press=OK", None);
    assert_eq!(again.status, 409);
}

#[test]
fn yealink_cancel_on_the_screen_leaves_the_computer_untrusted_and_reset_forgets() {
    let sim = start(config(Brand::Yealink));
    assert_eq!(admin(&sim, "/servlet?key=OK").status, 403);
    assert_eq!(sim.press_cancel(), Some(IpAddr::V4(Ipv4Addr::LOCALHOST)));
    assert!(sim.trusted().is_empty());
    // The next command asks again.
    assert_eq!(admin(&sim, "/servlet?key=OK").status, 403);
    assert!(sim.screen_prompt().is_some());
    assert_eq!(sim.press_ok(), Some(IpAddr::V4(Ipv4Addr::LOCALHOST)));
    assert_eq!(admin(&sim, "/servlet?key=OK").status, 200);
    sim.reset();
    assert!(sim.trusted().is_empty());
    assert_eq!(admin(&sim, "/servlet?key=OK").status, 403);
    assert_eq!(
        common::request(sim.addr(), "POST", "/__sim/screen?press=MENU", None).status,
        400
    );
}

#[test]
fn yealink_starts_trusted_or_without_a_prompt() {
    for config in [
        Config {
            trusted: vec![IpAddr::V4(Ipv4Addr::LOCALHOST)],
            ..config(Brand::Yealink)
        },
        Config {
            remote_control_prompt: false,
            ..config(Brand::Yealink)
        },
    ] {
        let sim = start(config);
        assert_eq!(admin(&sim, "/servlet?key=number=206").status, 200);
        assert_eq!(sim.state().call, dialing("206", 1, true));
        assert_eq!(sim.screen_prompt(), None);
    }
}

#[test]
fn yealink_allow_list_refuses_other_computers_before_any_prompt() {
    let sim = start(Config {
        allow_ips: "10.1.*.*".into(),
        ..config(Brand::Yealink)
    });
    assert_eq!(admin(&sim, "/servlet?key=number=206").status, 403);
    assert_eq!(
        sim.screen_prompt(),
        None,
        "no prompt for a computer not allowed"
    );
    assert_eq!(sim.state().call, Call::Idle);
    let any = start(Config {
        allow_ips: "any".into(),
        remote_control_prompt: false,
        ..config(Brand::Yealink)
    });
    assert_eq!(admin(&any, "/servlet?key=number=206").status, 200);
    let nobody = start(Config {
        allow_ips: String::new(),
        remote_control_prompt: false,
        ..config(Brand::Yealink)
    });
    assert_eq!(admin(&nobody, "/servlet?key=number=206").status, 403);
}

#[test]
fn yealink_keys_hang_up_and_the_older_paths() {
    let sim = trusting_yealink();
    let cases: &[(&str, Action)] = &[
        (
            "/servlet?key=number=%2B4930123",
            Action::Dial {
                number: "+4930123".into(),
                account: 1,
                account_auto: true,
            },
        ),
        ("/servlet?key=MUTE", Action::Key { key: "MUTE".into() }),
        (
            "/cgi-bin/ConfigManApp.com?key=F_HOLD",
            Action::Key {
                key: "F_HOLD".into(),
            },
        ),
        (
            "/servlet?key=F1;OK",
            Action::Keys {
                keys: vec!["F1".into(), "OK".into()],
            },
        ),
        ("/servlet?key=CALLEND", Action::Hangup),
    ];
    for (target, action) in cases {
        let reply = admin(&sim, target);
        assert_eq!(reply.status, 200, "{target}: {}", reply.body);
        assert_eq!(last(&sim).action.as_ref(), Some(action), "{target}");
    }
    assert_eq!(sim.state().call, Call::HungUp);
    assert_eq!(sim.state().last_key.as_deref(), Some("OK"));
    assert_eq!(sim.commands().len(), cases.len());
}

#[test]
fn yealink_refuses_wrong_passwords_unknown_keys_and_other_paths() {
    let sim = trusting_yealink();
    let wrong = get(sim.addr(), "/servlet?key=OK", Some(&basic("admin", "nope")));
    assert_eq!(wrong.status, 401);
    assert_eq!(
        wrong.header("WWW-Authenticate"),
        Some("Basic realm=\"Yealink\"")
    );
    assert_eq!(last(&sim).auth, AuthSeen::Rejected);
    assert_eq!(get(sim.addr(), "/servlet?key=OK", None).status, 401);
    assert_eq!(admin(&sim, "/servlet?key=ok").status, 400);
    for (method, target, status) in [
        ("GET", "/Phone_ActionURL&Command=1&Number=206", 404),
        ("GET", "/command.htm?number=206", 404),
        ("GET", "/", 404),
        ("POST", "/servlet?key=OK", 405),
    ] {
        let reply = common::request(sim.addr(), method, target, Some(&basic("admin", "admin")));
        assert_eq!(reply.status, status, "{method} {target}");
    }
    assert!(sim.commands().is_empty());
    assert_eq!(sim.state().commands, 0);
}

// ---- Snom ----

#[test]
fn snom_commands_as_the_wiki_writes_them() {
    let sim = start(config(Brand::Snom));
    let dial = admin(&sim, "/command.htm?number=206&outgoing_uri=203@pbx.example");
    assert_eq!(dial.status, 302);
    assert_eq!(dial.header("Location"), Some("/index.htm"));
    assert_eq!(sim.state().call, dialing("206", 3, false));
    assert!(last(&sim).is_command());
    assert_eq!(admin(&sim, "/index.htm").status, 200);
    assert_eq!(admin(&sim, "/command.htm?key_dtmf=12%23").status, 200);
    assert_eq!(
        last(&sim).action,
        Some(Action::Dtmf {
            digits: "12#".into()
        })
    );
    assert_eq!(admin(&sim, "/command.htm?key=F_HOLD").status, 200);
    assert_eq!(admin(&sim, "/command.htm?key=CANCEL").status, 200);
    assert_eq!(last(&sim).action, Some(Action::Hangup));
    assert_eq!(sim.state().call, Call::HungUp);
    // A ringing call answered with ENTER.
    let ring = common::request(sim.addr(), "POST", "/__sim/ring?number=0301234567", None);
    assert_eq!(ring.status, 200);
    assert_eq!(admin(&sim, "/command.htm?key=ENTER").status, 200);
    assert_eq!(
        sim.state().call,
        Call::Talking {
            number: "0301234567".into(),
            name: String::new()
        }
    );
    assert_eq!(admin(&sim, "/command.htm?RELEASE_ALL_CALLS").status, 200);
    assert_eq!(sim.state().call, Call::HungUp);
    assert_eq!(sim.commands().len(), 6);
}

#[test]
fn snom_refuses_wrong_passwords_and_other_requests() {
    let sim = start(config(Brand::Snom));
    let wrong = get(
        sim.addr(),
        "/command.htm?key=CANCEL",
        Some(&basic("admin", "x")),
    );
    assert_eq!(wrong.status, 401);
    assert_eq!(
        wrong.header("WWW-Authenticate"),
        Some("Basic realm=\"snom\"")
    );
    for (target, status) in [
        ("/command.htm?key=cancel", 400),
        ("/command.htm?number=20a", 400),
        ("/servlet?key=OK", 404),
        ("/cgi-bin/api-make_call?phonenumber=206", 404),
    ] {
        assert_eq!(admin(&sim, target).status, status, "{target}");
    }
    assert!(sim.commands().is_empty());
}

#[test]
fn snom_with_http_commands_off_refuses_them() {
    let off = start(Config {
        http_commands: false,
        ..config(Brand::Snom)
    });
    assert_eq!(admin(&off, "/command.htm?number=206").status, 403);
    assert_eq!(off.state().call, Call::Idle);
    assert!(off.commands().is_empty());
}

#[test]
fn snom_with_digest() {
    let sim = start(Config {
        auth: AuthMode::Digest,
        ..config(Brand::Snom)
    });
    let target = "/command.htm?number=206";
    let challenge = get(sim.addr(), target, None);
    assert_eq!(challenge.status, 401);
    let md5 = challenge
        .all("WWW-Authenticate")
        .into_iter()
        .find(|c| c.contains("MD5"))
        .expect("an MD5 challenge")
        .to_string();
    let nonce = param(&md5, "nonce").expect("nonce");
    let opaque = param(&md5, "opaque").expect("opaque");
    let h = |s: String| {
        use md5::{Digest, Md5};
        Md5::digest(s.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    };
    let ha1 = h("admin:snom:admin".to_string());
    let ha2 = h(format!("GET:{target}"));
    let response = h(format!("{ha1}:{nonce}:00000001:c0ffee:auth:{ha2}"));
    let header = format!(
        "Digest username=\"admin\", realm=\"snom\", nonce=\"{nonce}\", uri=\"{target}\", \
         algorithm=MD5, qop=auth, nc=00000001, cnonce=\"c0ffee\", response=\"{response}\", \
         opaque=\"{opaque}\""
    );
    let reply = get(sim.addr(), target, Some(&header));
    assert_eq!(reply.status, 302, "{}", reply.body);
    assert_eq!(last(&sim).auth, AuthSeen::Digest);
    assert_eq!(sim.state().call, dialing("206", 1, true));
}

// ---- Grandstream ----

#[test]
fn grandstream_answers_json_with_http_200_whatever_happens() {
    let sim = start(config(Brand::Grandstream));
    let cases: &[(&str, &str)] = &[
        (
            "/cgi-bin/api-make_call?phonenumber=206&account=1&passcode=admin",
            r#"{"response":"success","body":true}"#,
        ),
        (
            "/cgi-bin/api-send_key?keys=MUTE&passcode=admin",
            r#"{"response":"success","body":"complete"}"#,
        ),
        (
            "/cgi-bin/api-phone_operation?cmd=endcall&passcode=admin",
            r#"{"response":"success","body":true}"#,
        ),
        (
            "/cgi-bin/api-make_call?phonenumber=206&passcode=wrong",
            r#"{"response":"error","body":"unauthorized"}"#,
        ),
        (
            "/cgi-bin/api-make_call?phonenumber=206",
            r#"{"response":"error","body":"unauthorized"}"#,
        ),
        (
            "/cgi-bin/api-make_call?phonenumber=20a&passcode=admin",
            r#"{"response":"error","body":"failed"}"#,
        ),
        (
            "/cgi-bin/api-phone_operation?cmd=reboot&passcode=admin",
            r#"{"response":"error","body":false}"#,
        ),
        (
            "/cgi-bin/api-send_key?keys=NOPE&passcode=admin",
            r#"{"response":"error","body":"unknown"}"#,
        ),
    ];
    for (target, body) in cases {
        // No Authorization header: the password is in the query.
        let reply = get(sim.addr(), target, None);
        assert_eq!(reply.status, 200, "{target}");
        assert_eq!(reply.header("Content-Type"), Some("application/json"));
        assert_eq!(reply.body.trim_end(), *body, "{target}");
    }
    // account=1 is the phone's second account.
    let commands = sim.commands();
    assert_eq!(commands.len(), 3);
    assert_eq!(
        commands[0].action,
        Some(Action::Dial {
            number: "206".into(),
            account: 2,
            account_auto: false
        })
    );
    assert_eq!(
        (commands[0].user.as_deref(), commands[0].auth),
        (Some("admin"), AuthSeen::Query)
    );
    assert_eq!(sim.state().call, Call::HungUp);
    assert_eq!(
        get(
            sim.addr(),
            "/cgi-bin/api-sys_operation?request=REBOOT&passcode=admin",
            None
        )
        .status,
        404
    );
    assert_eq!(get(sim.addr(), "/servlet?key=OK", None).status, 404);
}

#[test]
fn grandstream_refuses_computers_not_in_its_allow_list_with_http_200() {
    let elsewhere = start(Config {
        allow_ips: "192.168.1.20".into(),
        ..config(Brand::Grandstream)
    });
    let refused = get(
        elsewhere.addr(),
        "/cgi-bin/api-make_call?phonenumber=206&account=1&passcode=admin",
        None,
    );
    assert_eq!(refused.status, 200);
    assert_eq!(
        refused.body.trim(),
        r#"{"response":"error","body":"failed"}"#
    );
    assert_eq!(elsewhere.state().call, Call::Idle);
    assert!(elsewhere.commands().is_empty());
}

#[test]
fn grandstream_masks_the_password_and_reports_line_status() {
    let sim = start(config(Brand::Grandstream));
    let reply = get(
        sim.addr(),
        "/cgi-bin/api-make_call?phonenumber=206&account=0&password=admin",
        None,
    );
    assert_eq!(
        reply.body.trim_end(),
        r#"{"response":"success","body":true}"#
    );
    let refused = get(
        sim.addr(),
        "/cgi-bin/api-get_line_status?passcode=guess",
        None,
    );
    assert_eq!(
        refused.body.trim_end(),
        r#"{"response":"error","body":"unauthorized"}"#
    );
    let status = json(&get(
        sim.addr(),
        "/cgi-bin/api-get_line_status?passcode=admin",
        None,
    ));
    assert_eq!(status["response"], "success");
    assert_eq!(status["body"][0]["state"], "calling");
    assert_eq!(status["body"][0]["remotenumber"], "206");
    let log = sim.log();
    let paths: Vec<&str> = log.iter().map(|e| e.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "/cgi-bin/api-make_call?phonenumber=206&account=0&password=***",
            "/cgi-bin/api-get_line_status?passcode=***",
            "/cgi-bin/api-get_line_status?passcode=***",
        ]
    );
    assert_eq!(log[1].auth, AuthSeen::Rejected);
    let lines = get(sim.addr(), "/__sim/log", None).body;
    assert!(
        !lines.contains("admin&") && !lines.contains("=guess"),
        "{lines}"
    );
}

#[test]
fn grandstream_user_password_dials_but_presses_no_keys() {
    let sim = start(config(Brand::Grandstream));
    let dial = get(
        sim.addr(),
        "/cgi-bin/api-make_call?phonenumber=206&passcode=1234",
        None,
    );
    assert_eq!(
        dial.body.trim_end(),
        r#"{"response":"success","body":true}"#
    );
    let key = get(
        sim.addr(),
        "/cgi-bin/api-send_key?keys=MUTE&passcode=1234",
        None,
    );
    assert_eq!(
        (key.status, key.body.trim_end()),
        (200, r#"{"response":"error","body":"unauthorized"}"#)
    );
    assert_eq!(sim.commands().len(), 1);
    assert_eq!(last(&sim).action, None);
}

// ---- Fanvil ----

#[test]
fn fanvil_types_the_digits_then_enter() {
    let sim = start(config(Brand::Fanvil));
    let reply = admin(&sim, "/cgi-bin/ConfigManApp.com?key=206;ENTER");
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(sim.state().call, dialing("206", 1, true));
    assert_eq!(
        admin(&sim, "/cgi-bin/ConfigManApp.com?key=12;%23").status,
        200
    );
    assert_eq!(
        last(&sim).action,
        Some(Action::Dtmf {
            digits: "12#".into()
        })
    );
    assert_eq!(
        admin(&sim, "/cgi-bin/ConfigManApp.com?key=F_HOLD").status,
        200
    );
    assert_eq!(
        admin(&sim, "/cgi-bin/ConfigManApp.com?key=RELEASE").status,
        200
    );
    assert_eq!(last(&sim).action, Some(Action::Hangup));
    assert_eq!(sim.state().call, Call::HungUp);
    assert_eq!(
        admin(
            &sim,
            "/cgi-bin/ConfigManApp.com?key=SPEAKER;0301234567;ENTER"
        )
        .status,
        200
    );
    assert_eq!(sim.state().call, dialing("0301234567", 1, true));
    assert_eq!(sim.commands().len(), 5);
}

#[test]
fn fanvil_refuses_wrong_passwords_other_computers_and_paths() {
    let sim = start(config(Brand::Fanvil));
    let wrong = get(
        sim.addr(),
        "/cgi-bin/ConfigManApp.com?key=RELEASE",
        Some(&basic("admin", "x")),
    );
    assert_eq!(wrong.status, 401);
    assert_eq!(
        wrong.header("WWW-Authenticate"),
        Some("Basic realm=\"Fanvil\"")
    );
    assert_eq!(
        admin(&sim, "/cgi-bin/ConfigManApp.com?key=206;enter").status,
        400
    );
    assert_eq!(admin(&sim, "/servlet?key=number=206").status, 404);
    let elsewhere = start(Config {
        allow_ips: "192.168.1.20".into(),
        ..config(Brand::Fanvil)
    });
    assert_eq!(
        admin(&elsewhere, "/cgi-bin/ConfigManApp.com?key=206;ENTER").status,
        403
    );
    assert_eq!(elsewhere.state().call, Call::Idle);
    assert!(sim.commands().is_empty() && elsewhere.commands().is_empty());
}

// ---- Poly ----

fn polycom() -> String {
    basic("Polycom", "admin")
}

#[test]
fn poly_dial_status_and_end_call_round_trip() {
    let sim = start(config(Brand::Poly));
    let body = r#"{"data":{"Dest":"206","Line":"1","Type":"TEL"}}"#;
    let dial = post(&sim, "/api/v1/callctrl/dial", Some(&polycom()), body);
    assert_eq!(
        (dial.status, json(&dial)),
        (200, serde_json::json!({"Status": "2000"}))
    );
    assert_eq!(sim.state().call, dialing("206", 1, false));
    let logged = last(&sim);
    assert!(logged.is_command());
    assert_eq!(logged.body.as_deref(), Some(body));
    assert_eq!(logged.user.as_deref(), Some("Polycom"));

    let status = json(&get(
        sim.addr(),
        "/api/v1/webCallControl/callStatus",
        Some(&polycom()),
    ));
    assert_eq!(status["Status"], "2000");
    assert_eq!(status["data"]["RemotePartyNumber"], "206");
    assert_eq!(status["data"]["CallState"], "RingBack");
    let handle = status["data"]["CallHandle"]
        .as_str()
        .expect("a CallHandle")
        .to_string();
    let v2 = json(&get(
        sim.addr(),
        "/api/v2/webCallControl/callStatus",
        Some(&polycom()),
    ));
    assert_eq!(v2["data"][0]["CallHandle"], handle.as_str());

    let dtmf = post(
        &sim,
        "/api/v1/callctrl/sendDTMF",
        Some(&polycom()),
        r#"{"data":{"Digits":"1#"}}"#,
    );
    assert_eq!(dtmf.status, 200);
    let stale = post(
        &sim,
        "/api/v1/callctrl/endCall",
        Some(&polycom()),
        r#"{"data":{"Ref":"0x00000000"}}"#,
    );
    assert_eq!(
        (stale.status, json(&stale)["Status"].clone()),
        (400, "4007".into())
    );
    let end = post(
        &sim,
        "/api/v1/callctrl/endCall",
        Some(&polycom()),
        &format!(r#"{{"data":{{"Ref":"{handle}"}}}}"#),
    );
    assert_eq!(
        (end.status, json(&end)["Status"].clone()),
        (200, "2000".into())
    );
    assert_eq!(sim.state().call, Call::HungUp);
    let none = get(
        sim.addr(),
        "/api/v1/webCallControl/callStatus",
        Some(&polycom()),
    );
    assert_eq!(json(&none)["Status"], "4007");
    assert_eq!(sim.commands().len(), 3);
}

#[test]
fn poly_refusals() {
    let sim = start(config(Brand::Poly));
    let body = r#"{"data":{"Dest":"206","Line":"1","Type":"TEL"}}"#;
    for auth in [
        None,
        Some(basic("admin", "admin")),
        Some(basic("Polycom", "x")),
    ] {
        let reply = post(&sim, "/api/v1/callctrl/dial", auth.as_deref(), body);
        assert_eq!(reply.status, 401, "{auth:?}");
        assert_eq!(
            reply.header("WWW-Authenticate"),
            Some("Basic realm=\"Polycom\"")
        );
    }
    let bad = post(
        &sim,
        "/api/v1/callctrl/dial",
        Some(&polycom()),
        "{\"data\":",
    );
    assert_eq!(
        (bad.status, json(&bad)["Status"].clone()),
        (400, "4000".into())
    );
    let line = post(
        &sim,
        "/api/v1/callctrl/dial",
        Some(&polycom()),
        r#"{"data":{"Dest":"206","Line":"9"}}"#,
    );
    assert_eq!(json(&line)["Status"], "4005");
    assert_eq!(
        get(sim.addr(), "/api/v1/callctrl/dial", Some(&polycom())).status,
        405
    );
    assert_eq!(
        post(&sim, "/api/v1/mgmt/safeReboot", Some(&polycom()), "{}").status,
        404
    );
    assert_eq!(
        get(sim.addr(), "/servlet?key=OK", Some(&polycom())).status,
        404
    );
    assert!(sim.commands().is_empty());

    let off = start(Config {
        rest_api: false,
        ..config(Brand::Poly)
    });
    assert_eq!(
        post(&off, "/api/v1/callctrl/dial", Some(&polycom()), body).status,
        404
    );
    let factory = start(Config {
        accounts: vec![Credential::new("admin", "456", Role::Admin)],
        ..config(Brand::Poly)
    });
    let refused = post(
        &factory,
        "/api/v1/callctrl/dial",
        Some(&basic("Polycom", "456")),
        body,
    );
    assert_eq!(json(&refused)["Status"], "4010");
    assert_eq!(factory.state().call, Call::Idle);
}

// ---- Events ----

/// A server on loopback that records each request's method, target and body, and answers 200.
struct EventServer {
    addr: SocketAddr,
    got: mpsc::Receiver<(String, String, String)>,
}

impl EventServer {
    fn start() -> EventServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let addr = listener.local_addr().expect("addr");
        let (tx, got) = mpsc::channel();
        thread::spawn(move || {
            for conn in listener.incoming() {
                let Ok(mut conn) = conn else { continue };
                let mut reader = BufReader::new(conn.try_clone().expect("clone"));
                let mut line = String::new();
                let _ = reader.read_line(&mut line);
                let mut length = 0;
                let mut header = String::new();
                while reader.read_line(&mut header).is_ok_and(|n| n > 2) {
                    if let Some(v) = header.to_ascii_lowercase().strip_prefix("content-length:") {
                        length = v.trim().parse().unwrap_or(0);
                    }
                    header.clear();
                }
                let mut body = vec![0; length];
                let _ = reader.read_exact(&mut body);
                let mut words = line.split(' ');
                let method = words.next().unwrap_or_default().to_string();
                let target = words.next().unwrap_or_default().to_string();
                let _ = write!(
                    conn,
                    "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                );
                let body = String::from_utf8_lossy(&body).into_owned();
                if tx.send((method, target, body)).is_err() {
                    break;
                }
            }
        });
        EventServer { addr, got }
    }

    fn next(&self) -> (String, String, String) {
        self.got
            .recv_timeout(Duration::from_secs(10))
            .expect("a request from the sim")
    }
}

/// Rings, answers and hangs up, then dials: the four targets the brand's events arrive at.
fn ring_answer_hang_up_dial(sim: &Sim, dial: &str) {
    for control in [
        "/__sim/ring?number=0301234567&name=Ada",
        "/__sim/answer",
        "/__sim/hangup",
    ] {
        let reply = common::request(sim.addr(), "POST", control, None);
        assert_eq!(reply.status, 200, "{control}: {}", reply.body);
    }
    let reply = if dial.starts_with('/') {
        get(sim.addr(), dial, Some(&basic("admin", "admin")))
    } else {
        post(
            sim,
            "/api/v1/callctrl/dial",
            Some(&basic("Polycom", "admin")),
            dial,
        )
    };
    assert!(reply.status < 400, "{dial}: {}", reply.status);
}

#[test]
fn each_brand_sends_its_own_events_with_its_own_variables() {
    // (brand, the events configured, the URL's query of variables, how to dial,
    //  what arrives for ring / answer / hang-up / dial)
    type Case = (
        Brand,
        [&'static str; 4],
        &'static str,
        &'static str,
        [&'static str; 4],
    );
    let cases: [Case; 4] = [
        (
            Brand::Yealink,
            [
                "action_url.incoming_call",
                "action_url.call_established",
                "action_url.call_terminated",
                "action_url.outgoing_call",
            ],
            "r=$remote&n=$callerID&id=$call_id&to=$calledNumber&mac=$mac",
            "/servlet?key=number=206",
            [
                "r=sip:0301234567@pbx.example&n=Ada&id=sim-1@127.0.0.1&to=0301234567&mac=805ec0a1b2c3",
                "r=sip:0301234567@pbx.example&n=Ada&id=sim-1@127.0.0.1&to=0301234567&mac=805ec0a1b2c3",
                "r=sip:0301234567@pbx.example&n=Ada&id=sim-1@127.0.0.1&to=0301234567&mac=805ec0a1b2c3",
                "r=sip:206@pbx.example&n=&id=sim-2@127.0.0.1&to=206&mac=805ec0a1b2c3",
            ],
        ),
        (
            Brand::Snom,
            [
                "action_incoming_url",
                "action_connected_url",
                "action_disconnected_url",
                "action_outgoing_url",
            ],
            "r=$remote&n=$display_remote&id=$call-id&ip=$phone_ip&call_id=$call_id",
            "/command.htm?number=206",
            [
                "r=sip:0301234567@pbx.example&n=Ada&id=sim-1@127.0.0.1&ip=127.0.0.1&call_id=$call_id",
                "r=sip:0301234567@pbx.example&n=Ada&id=sim-1@127.0.0.1&ip=127.0.0.1&call_id=$call_id",
                "r=sip:0301234567@pbx.example&n=Ada&id=sim-1@127.0.0.1&ip=127.0.0.1&call_id=$call_id",
                "r=sip:206@pbx.example&n=&id=sim-2@127.0.0.1&ip=127.0.0.1&call_id=$call_id",
            ],
        ),
        (
            Brand::Grandstream,
            [
                "incoming_call",
                "established_call",
                "terminated_call",
                "outgoing_call",
            ],
            "r=$remote&n=$display_remote&ip=$phone_ip&p=$product&u=$active_user&id=$call_id",
            "/cgi-bin/api-make_call?phonenumber=206&passcode=admin",
            [
                "r=0301234567&n=Ada&ip=127.0.0.1&p=GRP2614&u=201&id=$call_id",
                "r=0301234567&n=Ada&ip=127.0.0.1&p=GRP2614&u=201&id=$call_id",
                "r=0301234567&n=Ada&ip=127.0.0.1&p=GRP2614&u=201&id=$call_id",
                "r=206&n=&ip=127.0.0.1&p=GRP2614&u=201&id=$call_id",
            ],
        ),
        (
            Brand::Fanvil,
            [
                "incoming_call",
                "call_established",
                "call_terminated",
                "outgoing_call",
            ],
            "r=$remote&n=$display_remote&id=$call_id&m=$model",
            "/cgi-bin/ConfigManApp.com?key=206;ENTER",
            [
                "r=sip:0301234567@pbx.example&n=Ada&id=sim-1@127.0.0.1&m=X4U",
                "r=sip:0301234567@pbx.example&n=Ada&id=sim-1@127.0.0.1&m=X4U",
                "r=sip:0301234567@pbx.example&n=Ada&id=sim-1@127.0.0.1&m=X4U",
                "r=sip:206@pbx.example&n=&id=sim-2@127.0.0.1&m=X4U",
            ],
        ),
    ];
    for (brand, events, query, dial, expected) in cases {
        let server = EventServer::start();
        let mut action_urls = BTreeMap::new();
        for (i, event) in events.iter().enumerate() {
            action_urls.insert(
                (*event).to_string(),
                format!("http://{}/e{i}?{query}", server.addr),
            );
        }
        let sim = start(Config {
            action_urls,
            remote_control_prompt: false,
            ..config(brand)
        });
        ring_answer_hang_up_dial(&sim, dial);
        for (i, want) in expected.iter().enumerate() {
            let (method, target, _) = server.next();
            assert_eq!(method, "GET", "{brand}");
            assert_eq!(
                target,
                format!("/e{i}?{want}"),
                "{brand} event {}",
                events[i]
            );
        }
        let sent: Vec<String> = sim
            .wait_sent(4, Duration::from_secs(10))
            .into_iter()
            .map(|s| s.event)
            .collect();
        assert_eq!(sent, events, "{brand}");
    }
}

#[test]
fn brands_refuse_events_their_configuration_does_not_name() {
    let sim = start(config(Brand::Snom));
    assert!(sim
        .set_action_url("incoming_call", "http://127.0.0.1:9/x")
        .is_err());
    assert!(sim
        .set_action_url("action_incoming_url", "http://127.0.0.1:9/x")
        .is_ok());
    let reply = post(
        &sim,
        "/__sim/action-urls",
        None,
        r#"{"action_url.incoming_call":"http://127.0.0.1:9/x"}"#,
    );
    assert_eq!(reply.status, 400, "{}", reply.body);
}

#[test]
fn poly_posts_xml_notifications() {
    let server = EventServer::start();
    let url = format!("http://{}/poly", server.addr);
    let mut action_urls = BTreeMap::new();
    for event in [
        "apps.telNotification.incomingEvent",
        "apps.telNotification.outgoingEvent",
        "apps.telNotification.callStateChangeEvent",
    ] {
        action_urls.insert(event.to_string(), url.clone());
    }
    let sim = start(Config {
        action_urls,
        ..config(Brand::Poly)
    });
    ring_answer_hang_up_dial(&sim, r#"{"data":{"Dest":"206","Line":"1","Type":"TEL"}}"#);
    let expected = [
        (
            "<IncomingCallEvent>",
            "<CallingPartyNumber>0301234567</CallingPartyNumber>",
        ),
        ("CallState=\"Connected\"", "<CallType>Incoming</CallType>"),
        (
            "CallState=\"Disconnected\"",
            "<CallingPartyName>Ada</CallingPartyName>",
        ),
        (
            "<OutgoingCallEvent>",
            "<CalledPartyNumber>206</CalledPartyNumber>",
        ),
    ];
    for (tag, detail) in expected {
        let (method, target, body) = server.next();
        assert_eq!((method.as_str(), target.as_str()), ("POST", "/poly"));
        assert!(
            body.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<PolycomIPPhone>"),
            "{body}"
        );
        assert!(
            body.contains(tag) && body.contains(detail),
            "{tag} {detail}: {body}"
        );
        assert!(
            body.contains("<MACAddress>0004f2a1b2c3</MACAddress>"),
            "{body}"
        );
    }
    let sent = sim.wait_sent(4, Duration::from_secs(10));
    assert_eq!(sent.len(), 4);
    assert!(sent.iter().all(|s| s.status == 200 && s.body.is_some()));
    assert_eq!(sent[3].event, "apps.telNotification.outgoingEvent");
}

#[test]
fn key_presses_answer_hang_up_and_switch_dnd_the_brands_way() {
    let server = EventServer::start();
    let mut action_urls = BTreeMap::new();
    for event in [
        "action_dnd_on_url",
        "action_dnd_off_url",
        "action_connected_url",
    ] {
        action_urls.insert(event.to_string(), format!("http://{}/{event}", server.addr));
    }
    let sim = start(Config {
        action_urls,
        ..config(Brand::Snom)
    });
    assert_eq!(admin(&sim, "/command.htm?key=DND").status, 200);
    assert_eq!(server.next().1, "/action_dnd_on_url");
    assert_eq!(admin(&sim, "/command.htm?key=DND").status, 200);
    assert_eq!(server.next().1, "/action_dnd_off_url");
    common::request(sim.addr(), "POST", "/__sim/ring?number=206", None);
    assert_eq!(admin(&sim, "/command.htm?key=OFFHOOK").status, 200);
    assert_eq!(server.next().1, "/action_connected_url");
    assert!(matches!(sim.state().call, Call::Talking { .. }));

    let gs = start(config(Brand::Grandstream));
    common::request(gs.addr(), "POST", "/__sim/ring?number=206", None);
    get(
        gs.addr(),
        "/cgi-bin/api-phone_operation?cmd=acceptcall&passcode=admin",
        None,
    );
    assert!(matches!(gs.state().call, Call::Talking { .. }));
    get(
        gs.addr(),
        "/cgi-bin/api-send_key?keys=ONHOOK&passcode=admin",
        None,
    );
    assert_eq!(gs.state().call, Call::HungUp);

    let poly = start(config(Brand::Poly));
    common::request(poly.addr(), "POST", "/__sim/ring?number=206", None);
    let handle = json(&get(
        poly.addr(),
        "/api/v1/webCallControl/callStatus",
        Some(&polycom()),
    ))["data"]["CallHandle"]
        .as_str()
        .map(str::to_string)
        .expect("handle");
    let answer = post(
        &poly,
        "/api/v1/callctrl/answerCall",
        Some(&polycom()),
        &format!(r#"{{"data":{{"Ref":"{handle}"}}}}"#),
    );
    assert_eq!(answer.status, 200);
    assert!(matches!(poly.state().call, Call::Talking { .. }));
}

// ---- Control paths ----

#[test]
fn status_page_names_the_brand_and_the_screen() {
    let sim = start(config(Brand::Yealink));
    admin(&sim, "/servlet?key=OK");
    let page = get(sim.addr(), "/__sim/status", None).body;
    assert!(page.contains("<h1>Simulated Yealink phone</h1>"), "{page}");
    assert!(page.contains("<dd id=\"brand\">Yealink</dd>"), "{page}");
    assert!(
        page.contains("<dd id=\"screen\">Allow remote control? (127.0.0.1)</dd>"),
        "{page}"
    );
    let htek = start(Config {
        quiet: true,
        ..Config::default()
    });
    let page = get(htek.addr(), "/__sim/status", None).body;
    assert!(page.contains("<dd id=\"brand\">Htek</dd>"), "{page}");
    let screen = json(&get(htek.addr(), "/__sim/screen", None));
    assert_eq!(screen["prompt"], serde_json::Value::Null);
    assert_eq!(htek.brand(), Brand::Htek);
}

#[test]
fn faults_and_the_first_401_quirk_apply_to_every_brand() {
    let snom = start(Config {
        first_401: true,
        ..config(Brand::Snom)
    });
    assert_eq!(admin(&snom, "/command.htm?key=ENTER").status, 401);
    assert_eq!(admin(&snom, "/command.htm?key=ENTER").status, 200);

    let poly = start(config(Brand::Poly));
    poly.set_faults(htek_sim::Faults {
        drop_next: 1,
        silent_next: 1,
        ..htek_sim::Faults::default()
    });
    let body = r#"{"data":{"Dest":"1"}}"#;
    let raw = format!(
        "POST /api/v1/callctrl/dial HTTP/1.1\r\nHost: phone\r\n\
         Authorization: {}\r\nContent-Length: {}\r\n\r\n{body}",
        polycom(),
        body.len()
    );
    assert!(exchange(poly.addr(), &raw).is_empty(), "dropped");
    assert_eq!(poly.state().call, Call::Idle);
    assert!(exchange(poly.addr(), &raw).is_empty(), "no answer");
    assert_eq!(poly.state().call, dialing("1", 1, true));
    assert!(last(&poly).silent);

    let grandstream = start(Config {
        first_401: true,
        ..config(Brand::Grandstream)
    });
    let reply = get(
        grandstream.addr(),
        "/cgi-bin/api-make_call?phonenumber=206&passcode=admin",
        None,
    );
    assert_eq!(
        reply.body.trim_end(),
        r#"{"response":"success","body":true}"#
    );
}
