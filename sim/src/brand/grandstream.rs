//! Grandstream (GXP16xx/21xx, GRP26xx): the CTI commands.
//!
//! ```text
//! GET /cgi-bin/api-make_call?phonenumber=206&account=0&passcode=admin    {"response":"success","body":true}
//! GET /cgi-bin/api-phone_operation?cmd=endcall&passcode=admin             {"response":"success","body":true}
//! GET /cgi-bin/api-send_key?keys=MUTE&passcode=admin                      {"response":"success","body":"complete"}
//! GET /cgi-bin/api-get_line_status?passcode=admin                         {"response":"success","body":[{"line":1,...}]}
//! ```
//!
//! No HTTP auth: the password of an account travels in the query (`passcode=`; `password=` on
//! `api-make_call`, as older GXP firmware and many integrations send it), and the log masks it.
//! `account` counts from 0 (`account=0` is the phone's first account, the state's account 1);
//! none lets the phone choose. Every answer is HTTP 200 with JSON, errors too. POST with the same
//! query is accepted as GET is (integrations do both).
//!
//! Verified (Grandstream's CTI guides for GXP16xx/17xx/21xx and GRP26xx, its Action URL pages of
//! the GXP17xx and GRP26xx administration guides): the four paths, `passcode=`, `phonenumber=`,
//! `cmd=endcall|holdcall|unholdcall|acceptcall|rejectcall|cancel`, the key names in the guide's
//! examples (`MPKn`, `STAR`, `ONHOOK`, `OFFHOOK`, `OK`, `LOCK`, `UNLOCK`, `UP`, `DOWN`, `LEFT`,
//! `RIGHT`), the answers `{"response":"success","body":true}` (make_call, phone_operation),
//! `{"response":"success","body":"complete"}` (send_key), `{"response":"error","body":false}`
//! (phone_operation), `{"response":"error","body":"unknown"}` (send_key),
//! `{"response":"error","body":"failed"}` (generic), the line status body's fields and its
//! states (`idle`, `calling`, `ringing`, `connected`, ...), the Action URL events and
//! `$variables` (`$phone_ip`, `$product`, `$remote` the remote number, ...). Seen in public
//! integrations: `account=0` with `password=` on make_call. Guessed: the answer to a wrong or
//! missing password (`{"response":"error","body":"unauthorized"}`), the rest of the key names
//! (`SHARP`, `SPEAKER`, `VUP`, `VDOWN`, `MUTE`, `HOLD`, `SEND`, `CONF`, `TRANSFER`, `HEADSET`,
//! `REDIAL`, `LINEn`, ...), `:` between keys, accounts 0-3 only, `acct` as the account index.

use crate::action::{is_dial_string, Action};
use crate::auth::{Credential, Role};
use crate::brand::{method_not_allowed, not_found, Ask, Effect, Outcome, Query, View};
use crate::events::{Delivery, EventTable, Happening, Var};
use crate::http::Response;
use crate::state::{AuthSeen, Call};

pub const MAKE_CALL: &str = "/cgi-bin/api-make_call";
pub const PHONE_OPERATION: &str = "/cgi-bin/api-phone_operation";
pub const SEND_KEY: &str = "/cgi-bin/api-send_key";
pub const LINE_STATUS: &str = "/cgi-bin/api-get_line_status";

/// `cmd=` of `api-phone_operation`.
pub const OPERATIONS: [&str; 6] = [
    "endcall",
    "holdcall",
    "unholdcall",
    "acceptcall",
    "rejectcall",
    "cancel",
];

/// The named keys `keys=` takes (besides `MPK1`-`MPK48` and `LINE1`-`LINE16`).
pub const KEYS: &[&str] = &[
    "0",
    "1",
    "2",
    "3",
    "4",
    "5",
    "6",
    "7",
    "8",
    "9",
    "STAR",
    "SHARP",
    "OK",
    "UP",
    "DOWN",
    "LEFT",
    "RIGHT",
    "ONHOOK",
    "OFFHOOK",
    "LOCK",
    "UNLOCK",
    "SPEAKER",
    "VUP",
    "VDOWN",
    "MUTE",
    "HOLD",
    "SEND",
    "CONF",
    "TRANSFER",
    "HEADSET",
    "REDIAL",
    "PHONEBOOK",
    "MESSAGE",
];

/// Whether `key` is one the phone takes.
pub fn is_key(key: &str) -> bool {
    let numbered = |prefix: &str, max: u8| {
        key.strip_prefix(prefix)
            .filter(|n| !n.starts_with('0'))
            .and_then(|n| n.parse::<u8>().ok())
            .is_some_and(|n| (1..=max).contains(&n))
    };
    KEYS.contains(&key) || numbered("MPK", 48) || numbered("LINE", 16)
}

pub(crate) fn route(ask: &Ask<'_>) -> Result<(), Response> {
    if ![MAKE_CALL, PHONE_OPERATION, SEND_KEY, LINE_STATUS].contains(&ask.path) {
        return Err(not_found());
    }
    if ask.method != "GET" && ask.method != "POST" {
        return Err(method_not_allowed("GET, POST"));
    }
    Ok(())
}

/// The account whose password the query carries, and its role.
///
/// # Errors
///
/// The phone's answer to a missing or wrong password, and how the log shows it (`Rejected`
/// when a password was given, `None` when none was).
pub(crate) fn credentials(
    ask: &Ask<'_>,
    accounts: &[Credential],
) -> Result<(String, Role), (Response, AuthSeen)> {
    let query = Query::parse(ask.query).map_err(|_| (failed(), AuthSeen::None))?;
    let given = query.get("passcode").or_else(|| {
        (ask.path == MAKE_CALL)
            .then(|| query.get("password"))
            .flatten()
    });
    let Some(given) = given else {
        return Err((unauthorized(), AuthSeen::None));
    };
    accounts
        .iter()
        .find(|a| a.password == given)
        .map(|a| (a.username.clone(), a.role))
        .ok_or_else(|| (unauthorized(), AuthSeen::Rejected))
}

pub(crate) fn handle(ask: &Ask<'_>, view: &View<'_>) -> Outcome {
    let Ok(query) = Query::parse(ask.query) else {
        return Outcome::Answer(failed());
    };
    match ask.path {
        MAKE_CALL => make_call(&query),
        PHONE_OPERATION => match query.get("cmd") {
            Some("endcall" | "rejectcall" | "cancel") => Outcome::Act {
                action: Action::Hangup,
                ok: json(r#"{"response":"success","body":true}"#),
            },
            Some(op @ ("holdcall" | "unholdcall" | "acceptcall")) => Outcome::Act {
                action: Action::Operation { op: op.to_string() },
                ok: json(r#"{"response":"success","body":true}"#),
            },
            _ => Outcome::Answer(json(r#"{"response":"error","body":false}"#)),
        },
        SEND_KEY => {
            let keys: Vec<&str> = query.get("keys").unwrap_or("").split(':').collect();
            if keys.iter().any(|k| !is_key(k)) {
                return Outcome::Answer(json(r#"{"response":"error","body":"unknown"}"#));
            }
            let action = match keys.as_slice() {
                [one] => Action::Key {
                    key: (*one).to_string(),
                },
                many => Action::Keys {
                    keys: many.iter().map(|k| (*k).to_string()).collect(),
                },
            };
            Outcome::Act {
                action,
                ok: json(r#"{"response":"success","body":"complete"}"#),
            }
        }
        LINE_STATUS => Outcome::Answer(line_status(view)),
        _ => Outcome::Answer(not_found()),
    }
}

fn make_call(query: &Query) -> Outcome {
    let Some(number) = query.get("phonenumber").filter(|n| is_dial_string(n)) else {
        return Outcome::Answer(failed());
    };
    let (account, account_auto) = match query.get("account") {
        None => (1, true),
        Some(index) => match index.parse::<u8>() {
            Ok(i @ 0..=3) if !(index.len() > 1 && index.starts_with('0')) => (i + 1, false),
            _ => return Outcome::Answer(failed()),
        },
    };
    Outcome::Act {
        action: Action::Dial {
            number: number.to_string(),
            account,
            account_auto,
        },
        ok: json(r#"{"response":"success","body":true}"#),
    }
}

/// `api-get_line_status`: three lines, the call (if any) on line 1.
fn line_status(view: &View<'_>) -> Response {
    let idle = |line: u8| {
        serde_json::json!({"line": line, "state": "idle", "acct": "", "remotename": "",
            "remotenumber": "", "active": 0})
    };
    let mut lines = vec![idle(1), idle(2), idle(3)];
    let state = match view.call {
        Call::Dialing { .. } => Some("calling"),
        Call::Ringing { .. } => Some("ringing"),
        Call::Talking { .. } => Some("connected"),
        Call::Idle | Call::HungUp => None,
    };
    if let (Some(state), Some((number, name))) = (state, view.call.party()) {
        lines[0] = serde_json::json!({"line": 1, "state": state,
            "acct": (view.account() - 1).to_string(), "remotename": name,
            "remotenumber": number, "active": 1});
    }
    let body = serde_json::json!({"response": "success", "body": lines});
    json(&body.to_string())
}

/// A JSON answer, always HTTP 200.
fn json(body: &str) -> Response {
    Response::new(200, "application/json", format!("{body}\n"))
}

/// The generic negative answer.
fn failed() -> Response {
    json(r#"{"response":"error","body":"failed"}"#)
}

/// A computer not in the "Action URI Allowed IP List": the generic error (which body a real
/// phone sends here is not confirmed; the extension reads any error but `unauthorized` as
/// remote control not allowed).
pub(crate) fn not_allowed() -> Response {
    failed()
}

/// A missing or wrong password (guessed shape).
pub(crate) fn unauthorized() -> Response {
    json(r#"{"response":"error","body":"unauthorized"}"#)
}

/// The target with the values of `passcode=` and `password=` replaced by `***`.
pub(crate) fn mask(target: &str) -> String {
    let Some((path, query)) = target.split_once('?') else {
        return target.to_string();
    };
    let parts: Vec<String> = query
        .split('&')
        .map(|part| match part.split_once('=') {
            Some((name @ ("passcode" | "password"), _)) => format!("{name}=***"),
            _ => part.to_string(),
        })
        .collect();
    format!("{path}?{}", parts.join("&"))
}

/// `OFFHOOK` answers, `ONHOOK` rejects or ends the call.
pub(crate) fn key_effect(key: &str) -> Effect {
    match key {
        "OFFHOOK" => Effect::Answer,
        "ONHOOK" => Effect::HangUp,
        _ => Effect::None,
    }
}

/// The events of Settings -> Outbound Notification -> Action URL, by their labels (snake_case;
/// the configuration file's P-values are `P8304` Setup Completed, `P8305` Registered, `P8306`
/// Unregistered, `P8308` Off Hook, `P8309` On Hook, `P8310` Incoming Call, ...).
pub(crate) const EVENTS_TABLE: EventTable = EventTable {
    events: &[
        "setup_completed",
        "registered",
        "unregistered",
        "off_hook",
        "on_hook",
        "incoming_call",
        "outgoing_call",
        "missed_call",
        "established_call",
        "terminated_call",
        "open_dnd",
        "close_dnd",
        "open_forward",
        "close_forward",
        "blind_transfer",
        "attended_transfer",
        "hold_call",
        "unhold_call",
    ],
    on: &[
        (Happening::Incoming, "incoming_call"),
        (Happening::Outgoing, "outgoing_call"),
        (Happening::Established, "established_call"),
        (Happening::Terminated, "terminated_call"),
        (Happening::DndOn, "open_dnd"),
        (Happening::DndOff, "close_dnd"),
    ],
    vars: &[
        ("program_version", Var::Firmware),
        ("display_remote", Var::DisplayRemote),
        ("display_local", Var::DisplayLocal),
        ("active_user", Var::ActiveUser),
        ("phone_ip", Var::Ip),
        ("product", Var::Model),
        ("remote", Var::RemoteNumber),
        ("local", Var::ActiveUser),
        ("mac", Var::Mac),
    ],
    delivery: Delivery::Get,
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::brand::tests_support::view;

    fn accounts() -> Vec<Credential> {
        vec![
            Credential::new("admin", "s3cret", Role::Admin),
            Credential::new("user", "1234", Role::Dialer),
        ]
    }

    fn body(outcome: &Outcome) -> String {
        match outcome {
            Outcome::Act { ok, .. } | Outcome::Answer(ok) => {
                assert_eq!(ok.status, 200);
                ok.body_text()
            }
        }
    }

    #[test]
    fn passwords_in_the_query() {
        let check = |target: &str| {
            credentials(&Ask::new("GET", target, b""), &accounts())
                .map_err(|(r, seen)| (r.status, r.body_text(), seen))
        };
        assert_eq!(
            check("/cgi-bin/api-send_key?keys=OK&passcode=s3cret"),
            Ok(("admin".into(), Role::Admin))
        );
        assert_eq!(
            check("/cgi-bin/api-make_call?phonenumber=1&password=1234"),
            Ok(("user".into(), Role::Dialer))
        );
        let unauthorized = |seen| {
            Err((
                200,
                "{\"response\":\"error\",\"body\":\"unauthorized\"}\n".to_string(),
                seen,
            ))
        };
        for (bad, seen) in [
            (
                "/cgi-bin/api-send_key?keys=OK&password=s3cret",
                AuthSeen::None,
            ),
            (
                "/cgi-bin/api-send_key?keys=OK&passcode=wrong",
                AuthSeen::Rejected,
            ),
            (
                "/cgi-bin/api-send_key?keys=OK&passcode=",
                AuthSeen::Rejected,
            ),
            ("/cgi-bin/api-get_line_status", AuthSeen::None),
        ] {
            assert_eq!(check(bad), unauthorized(seen), "{bad}");
        }
    }

    #[test]
    fn requests_table() {
        let (vars, config) = view::parts();
        let idle = view::idle(&vars, &config);
        let act = |target: &str| match handle(&Ask::new("GET", target, b""), &idle) {
            Outcome::Act { action, ok } => Ok((action, ok.body_text())),
            Outcome::Answer(r) => Err(r.body_text()),
        };
        let success_true = "{\"response\":\"success\",\"body\":true}\n".to_string();
        type Got = Result<(Action, String), String>;
        let cases: &[(&str, Got)] = &[
            (
                "/cgi-bin/api-make_call?phonenumber=206&account=0&passcode=x",
                Ok((
                    Action::Dial {
                        number: "206".into(),
                        account: 1,
                        account_auto: false,
                    },
                    success_true.clone(),
                )),
            ),
            (
                "/cgi-bin/api-make_call?passcode=x&phonenumber=%2B4930123&account=3",
                Ok((
                    Action::Dial {
                        number: "+4930123".into(),
                        account: 4,
                        account_auto: false,
                    },
                    success_true.clone(),
                )),
            ),
            (
                "/cgi-bin/api-make_call?passcode=x&phonenumber=206",
                Ok((
                    Action::Dial {
                        number: "206".into(),
                        account: 1,
                        account_auto: true,
                    },
                    success_true.clone(),
                )),
            ),
            (
                "/cgi-bin/api-phone_operation?cmd=endcall&passcode=x",
                Ok((Action::Hangup, success_true.clone())),
            ),
            (
                "/cgi-bin/api-phone_operation?cmd=acceptcall&passcode=x",
                Ok((
                    Action::Operation {
                        op: "acceptcall".into(),
                    },
                    success_true.clone(),
                )),
            ),
            (
                "/cgi-bin/api-send_key?keys=MUTE&passcode=x",
                Ok((
                    Action::Key { key: "MUTE".into() },
                    "{\"response\":\"success\",\"body\":\"complete\"}\n".into(),
                )),
            ),
            (
                "/cgi-bin/api-send_key?keys=1:2:SHARP&passcode=x",
                Ok((
                    Action::Keys {
                        keys: vec!["1".into(), "2".into(), "SHARP".into()],
                    },
                    "{\"response\":\"success\",\"body\":\"complete\"}\n".into(),
                )),
            ),
            (
                "/cgi-bin/api-make_call?phonenumber=20a&passcode=x",
                Err("{\"response\":\"error\",\"body\":\"failed\"}\n".into()),
            ),
            (
                "/cgi-bin/api-make_call?passcode=x",
                Err("{\"response\":\"error\",\"body\":\"failed\"}\n".into()),
            ),
            (
                "/cgi-bin/api-make_call?phonenumber=206&account=4&passcode=x",
                Err("{\"response\":\"error\",\"body\":\"failed\"}\n".into()),
            ),
            (
                "/cgi-bin/api-make_call?phonenumber=206&account=00&passcode=x",
                Err("{\"response\":\"error\",\"body\":\"failed\"}\n".into()),
            ),
            (
                "/cgi-bin/api-phone_operation?cmd=explode&passcode=x",
                Err("{\"response\":\"error\",\"body\":false}\n".into()),
            ),
            (
                "/cgi-bin/api-send_key?keys=mute&passcode=x",
                Err("{\"response\":\"error\",\"body\":\"unknown\"}\n".into()),
            ),
            (
                "/cgi-bin/api-send_key?keys=MPK0&passcode=x",
                Err("{\"response\":\"error\",\"body\":\"unknown\"}\n".into()),
            ),
        ];
        for (target, expected) in cases {
            assert_eq!(&act(target), expected, "{target}");
        }
    }

    #[test]
    fn line_status_follows_the_call() {
        let (vars, config) = view::parts();
        let ask = Ask::new("GET", "/cgi-bin/api-get_line_status?passcode=x", b"");
        let idle = body(&handle(&ask, &view::idle(&vars, &config)));
        let json: serde_json::Value = serde_json::from_str(&idle).expect("json");
        assert_eq!(json["response"], "success");
        assert_eq!(json["body"].as_array().map(Vec::len), Some(3));
        assert_eq!(json["body"][0]["state"], "idle");
        let call = Call::Dialing {
            number: "206".into(),
            account: 2,
            account_auto: false,
        };
        let dialing = body(&handle(
            &ask,
            &view::with_call(&call, false, &vars, &config),
        ));
        let json: serde_json::Value = serde_json::from_str(&dialing).expect("json");
        assert_eq!(
            json["body"][0],
            serde_json::json!({"line": 1, "state": "calling", "acct": "1",
                "remotename": "", "remotenumber": "206", "active": 1})
        );
        let talking = Call::Talking {
            number: "0301234567".into(),
            name: "Ada".into(),
        };
        let json: serde_json::Value = serde_json::from_str(&body(&handle(
            &ask,
            &view::with_call(&talking, true, &vars, &config),
        )))
        .expect("json");
        assert_eq!(json["body"][0]["state"], "connected");
        assert_eq!(json["body"][0]["remotename"], "Ada");
    }

    #[test]
    fn masking_and_routes() {
        assert_eq!(
            mask("/cgi-bin/api-make_call?phonenumber=206&account=0&password=s3cret"),
            "/cgi-bin/api-make_call?phonenumber=206&account=0&password=***"
        );
        assert_eq!(
            mask("/cgi-bin/api-send_key?passcode=a%26b&keys=OK&passcode"),
            "/cgi-bin/api-send_key?passcode=***&keys=OK&passcode"
        );
        assert_eq!(mask("/cgi-bin/api-send_key"), "/cgi-bin/api-send_key");
        let status = |m: &str, t: &str| route(&Ask::new(m, t, b"")).err().map(|r| r.status);
        assert_eq!(
            status("POST", "/cgi-bin/api-phone_operation?cmd=endcall"),
            None
        );
        assert_eq!(status("PUT", "/cgi-bin/api-phone_operation"), Some(405));
        assert_eq!(
            status("GET", "/cgi-bin/api-sys_operation?request=REBOOT"),
            Some(404)
        );
        assert!(KEYS.iter().all(|k| is_key(k)));
        assert!(is_key("MPK48") && is_key("LINE1") && !is_key("LINE17"));
    }
}
