//! Yealink (T2x/T4x/T5x, firmware 8x+): the Action URI.
//!
//! ```text
//! GET /servlet?key=number=206&outgoing_uri=201@pbx.example   dial (outgoing_uri optional)
//! GET /servlet?key=CALLEND                                   hang up
//! GET /servlet?key=OK   key=F1;F3;OK   key=ASW:33093          keys, a sequence, call-id forms
//! ```
//!
//! `/cgi-bin/ConfigManApp.com?key=` and `/cgi-bin/cgiServer.exx?key=` are the older forms the
//! phones still accept. Basic auth (the admin account). Before a command is carried out the
//! computer must be on the allow list (`features.action_uri_limit_ip`, `--allow-ip`) and trusted:
//! the first command from a computer not yet trusted puts "Allow remote control?" on the
//! screen and is refused with 403, as is every command until someone presses OK there
//! (`POST /__sim/screen?press=OK`); `features.show_action_uri_option = 0` (`--no-prompt`) never
//! asks. A success is 200.
//!
//! Verified (Yealink admin guides for T2/T4/T5/CP, as mirrored by manual sites; support
//! articles): the `servlet?key=` form and its two older paths, the key names below, `;`
//! sequences, `ASW/CANCEL/HOLD/UNHOLD:call-id`, `CALLEND/CallEnd`, the allow list's format (`,`,
//! `*` per octet, `any`), the prompt and the OK that answers it, `action_url.*` event names and
//! `$variables`. Seen in public integrations, not in Yealink's own text: `key=number=N` and
//! `outgoing_uri=USER@HOST` (the account's `user@server`). Guessed: the bodies of the 200 and of
//! the 403 (a real phone's were not found), 400 for a key the phone does not know (a phone may
//! well ignore it with a 200), the realm, and that an `outgoing_uri` naming no account dials
//! from the default one.

use crate::action::Action;
use crate::brand::{dial_on_uri, method_not_allowed, not_found, Ask, Effect, Outcome, Query, View};
use crate::events::{Delivery, EventTable, Happening, Var};
use crate::http::Response;

/// The paths of the Action URI: the current one and the two older ones.
pub const PATHS: [&str; 3] = [
    "/servlet",
    "/cgi-bin/ConfigManApp.com",
    "/cgi-bin/cgiServer.exx",
];

/// The named keys `key=` takes (besides `L1`-`L29`, the DSS keys `D1`-`D10` of the Action URI
/// key list Htek's guide shares with Yealink's, and the `ASW:`/`CANCEL:`/`HOLD:`/`UNHOLD:`
/// call-id forms), case sensitive.
pub const KEYS: &[&str] = &[
    "OK",
    "ENTER",
    "SPEAKER",
    "F_TRANSFER",
    "VOLUME_UP",
    "VOLUME_DOWN",
    "MUTE",
    "F_HOLD",
    "HOLD",
    "X",
    "CANCEL",
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
    "*",
    "STAR",
    "POUND",
    "F_CONFERENCE",
    "F1",
    "F2",
    "F3",
    "F4",
    "MSG",
    "HEADSET",
    "RD",
    "UP",
    "DOWN",
    "LEFT",
    "RIGHT",
    "Reboot",
    "AutoP",
    "DNDOn",
    "DNDOff",
    "CALLEND",
    "CallEnd",
    "ASW",
];

/// What the screen asks the first time a computer not yet trusted sends a command.
pub const PROMPT: &str = "Allow remote control?";

/// The answer to a command while the computer is not trusted (guessed: a plain 403, the same
/// as for a computer the allow list does not name, so a client cannot tell them apart).
pub(crate) fn prompt_refusal() -> Response {
    Response::text(403, "")
}

/// The forms that name the call by its call-id: `ASW:33093`.
const CALL_ID_FORMS: [&str; 4] = ["ASW:", "CANCEL:", "HOLD:", "UNHOLD:"];

/// Whether `key` is one the phone takes.
pub fn is_key(key: &str) -> bool {
    let numbered = |prefix: char, last: u8| {
        key.strip_prefix(prefix)
            .and_then(|n| n.parse::<u8>().ok())
            .is_some_and(|n| (1..=last).contains(&n) && !key[1..].starts_with('0'))
    };
    KEYS.contains(&key)
        || numbered('L', 29)
        || numbered('D', 10)
        || CALL_ID_FORMS
            .iter()
            .any(|form| key.strip_prefix(form).is_some_and(|id| !id.is_empty()))
}

pub(crate) fn route(ask: &Ask<'_>) -> Result<(), Response> {
    if !PATHS.contains(&ask.path) {
        return Err(not_found());
    }
    if ask.method != "GET" {
        return Err(method_not_allowed("GET"));
    }
    Ok(())
}

pub(crate) fn handle(ask: &Ask<'_>, view: &View<'_>) -> Outcome {
    let query = match Query::parse(ask.query) {
        Ok(q) => q,
        Err(e) => return Outcome::Answer(Response::text(400, &e.to_string())),
    };
    let Some(key) = query.get("key") else {
        // No command: the web interface's page.
        return Outcome::Answer(page());
    };
    if let Some(number) = key.strip_prefix("number=") {
        return dial(number, query.get("outgoing_uri"), view);
    }
    let keys: Vec<&str> = key.split(';').filter(|k| !k.is_empty()).collect();
    if keys.is_empty() {
        return Outcome::Answer(Response::text(400, "key= names no key"));
    }
    if let Some(bad) = keys.iter().find(|k| !is_key(k)) {
        return Outcome::Answer(Response::text(
            400,
            &format!("unknown key {bad:?} (keys are case sensitive)"),
        ));
    }
    let action = match keys.as_slice() {
        ["CALLEND" | "CallEnd"] => Action::Hangup,
        [one] => Action::Key {
            key: (*one).to_string(),
        },
        many => Action::Keys {
            keys: many.iter().map(|k| (*k).to_string()).collect(),
        },
    };
    Outcome::Act { action, ok: ok() }
}

fn dial(number: &str, outgoing_uri: Option<&str>, view: &View<'_>) -> Outcome {
    dial_on_uri(number, outgoing_uri, view, ok())
}

/// A command carried out.
fn ok() -> Response {
    Response::new(200, "text/html", "<html><body>OK</body></html>\n")
}

/// `/servlet` without a command.
fn page() -> Response {
    Response::new(
        200,
        "text/html",
        "<html><head><title>Yealink</title></head><body></body></html>\n",
    )
}

/// `OK`, `ENTER` and `ASW` answer; `X`, `CANCEL` and `CALLEND` end the call; `DNDOn`/`DNDOff`.
pub(crate) fn key_effect(key: &str) -> Effect {
    match key {
        "OK" | "ENTER" | "ASW" => Effect::Answer,
        "X" | "CANCEL" | "CALLEND" | "CallEnd" => Effect::HangUp,
        "DNDOn" => Effect::DndOn,
        "DNDOff" => Effect::DndOff,
        k if k.starts_with("ASW:") => Effect::Answer,
        k if k.starts_with("CANCEL:") => Effect::HangUp,
        _ => Effect::None,
    }
}

/// The `action_url.*` configuration keys (Features -> Action URL).
pub(crate) const EVENTS_TABLE: EventTable = EventTable {
    events: &[
        "action_url.setup_completed",
        "action_url.log_on",
        "action_url.log_off",
        "action_url.register_failed",
        "action_url.off_hook",
        "action_url.on_hook",
        "action_url.incoming_call",
        "action_url.outgoing_call",
        "action_url.call_established",
        "action_url.call_terminated",
        "action_url.open_dnd",
        "action_url.close_dnd",
        "action_url.open_always_fwd",
        "action_url.close_always_fwd",
        "action_url.open_busy_fwd",
        "action_url.close_busy_fwd",
        "action_url.open_no_answer_fwd",
        "action_url.close_no_answer_fwd",
        "action_url.transfer_call",
        "action_url.blind_transfer_call",
        "action_url.attended_transfer_call",
        "action_url.hold",
        "action_url.unhold",
        "action_url.mute",
        "action_url.unmute",
        "action_url.missed_call",
        "action_url.ip_change",
        "action_url.forward_incoming_call",
        "action_url.reject_incoming_call",
        "action_url.answer_new_incoming_call",
        "action_url.transfer_finished",
        "action_url.transfer_failed",
        "action_url.idle_to_busy",
        "action_url.busy_to_idle",
    ],
    on: &[
        (Happening::Incoming, "action_url.incoming_call"),
        (Happening::Outgoing, "action_url.outgoing_call"),
        (Happening::Established, "action_url.call_established"),
        (Happening::Terminated, "action_url.call_terminated"),
        (Happening::DndOn, "action_url.open_dnd"),
        (Happening::DndOff, "action_url.close_dnd"),
    ],
    vars: &[
        ("display_remote", Var::DisplayRemote),
        ("display_local", Var::DisplayLocal),
        ("calledNumber", Var::RemoteNumber),
        ("active_user", Var::ActiveUser),
        ("active_host", Var::ActiveHost),
        ("active_url", Var::ActiveUrl),
        ("callerID", Var::DisplayRemote),
        ("firmware", Var::Firmware),
        ("call_id", Var::CallId),
        ("remote", Var::Remote),
        ("model", Var::Model),
        ("local", Var::Local),
        ("mac", Var::Mac),
        ("ip", Var::Ip),
    ],
    delivery: Delivery::Get,
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::brand::tests_support::view;

    /// What a request came to: the action, or the answer's status and body.
    type Got = Result<Action, (u16, String)>;

    fn act(target: &str) -> Got {
        let ask = Ask::new("GET", target, b"");
        let (vars, config) = view::parts();
        match handle(&ask, &view::idle(&vars, &config)) {
            Outcome::Act { action, ok } => {
                assert_eq!(ok.status, 200, "{target}");
                Ok(action)
            }
            Outcome::Answer(r) => Err((r.status, r.body_text())),
        }
    }

    fn dial(number: &str, account: u8, account_auto: bool) -> Got {
        Ok(Action::Dial {
            number: number.into(),
            account,
            account_auto,
        })
    }

    fn key(k: &str) -> Got {
        Ok(Action::Key { key: k.into() })
    }

    #[test]
    fn requests_table() {
        let cases: &[(&str, Got)] = &[
            ("/servlet?key=number=206", dial("206", 1, true)),
            (
                "/servlet?key=number=206&outgoing_uri=202@pbx.example",
                dial("206", 2, false),
            ),
            (
                "/servlet?key=number%3D%2B4930123&outgoing_uri=sip:204@pbx.example",
                dial("+4930123", 4, false),
            ),
            (
                "/servlet?key=number=206&outgoing_uri=999@elsewhere",
                dial("206", 1, true),
            ),
            (
                "/servlet?key=number=*21%23&outgoing_uri=",
                dial("*21#", 1, true),
            ),
            (
                "/cgi-bin/ConfigManApp.com?key=number=206",
                dial("206", 1, true),
            ),
            ("/cgi-bin/cgiServer.exx?key=OK", key("OK")),
            ("/servlet?key=CALLEND", Ok(Action::Hangup)),
            ("/servlet?key=CallEnd", Ok(Action::Hangup)),
            ("/servlet?key=OK", key("OK")),
            ("/servlet?key=F_HOLD", key("F_HOLD")),
            ("/servlet?key=L29", key("L29")),
            ("/servlet?key=POUND", key("POUND")),
            ("/servlet?key=%2A", key("*")),
            ("/servlet?key=ASW:33093", key("ASW:33093")),
            ("/servlet?key=DNDOn", key("DNDOn")),
            (
                "/servlet?key=F1;F3;DOWN;OK",
                Ok(Action::Keys {
                    keys: vec!["F1".into(), "F3".into(), "DOWN".into(), "OK".into()],
                }),
            ),
            (
                "/servlet?key=ASW;MUTE",
                Ok(Action::Keys {
                    keys: vec!["ASW".into(), "MUTE".into()],
                }),
            ),
        ];
        for (target, expected) in cases {
            assert_eq!(&act(target), expected, "{target}");
        }
    }

    #[test]
    fn refusals_table() {
        for (target, status) in [
            ("/servlet?key=number=20a", 400),
            ("/servlet?key=number=", 400),
            ("/servlet?key=ok", 400),
            ("/servlet?key=L30", 400),
            ("/servlet?key=L0", 400),
            ("/servlet?key=L01", 400),
            ("/servlet?key=ASW:", 400),
            ("/servlet?key=F1;nope", 400),
            ("/servlet?key=;", 400),
            ("/servlet?key=%2", 400),
            ("/servlet?key=OK&key=X", 400),
            ("/servlet", 200),
            ("/servlet?m=mod_data&p=status", 200),
        ] {
            let got = act(target);
            assert_eq!(
                got.as_ref().err().map(|(s, _)| *s),
                Some(status),
                "{target}: {got:?}"
            );
        }
    }

    #[test]
    fn routes() {
        for path in [
            "/servlet",
            "/cgi-bin/ConfigManApp.com?key=OK",
            "/servlet?key=OK",
        ] {
            assert!(route(&Ask::new("GET", path, b"")).is_ok(), "{path}");
        }
        let status = |m: &str, t: &str| route(&Ask::new(m, t, b"")).err().map(|r| r.status);
        assert_eq!(status("POST", "/servlet?key=OK"), Some(405));
        assert_eq!(status("GET", "/Phone_ActionURL&Command=2"), Some(404));
        assert_eq!(status("GET", "/servlets?key=OK"), Some(404));
        assert_eq!(status("GET", "/command.htm?key=CANCEL"), Some(404));
    }

    #[test]
    fn key_effects() {
        assert_eq!(key_effect("OK"), Effect::Answer);
        assert_eq!(key_effect("ASW:12"), Effect::Answer);
        assert_eq!(key_effect("CANCEL:12"), Effect::HangUp);
        assert_eq!(key_effect("X"), Effect::HangUp);
        assert_eq!(key_effect("DNDOff"), Effect::DndOff);
        assert_eq!(key_effect("MUTE"), Effect::None);
        assert!(KEYS.iter().all(|k| is_key(k)));
    }
}
