//! Fanvil (X-series): the Active URI, a sequence of keys.
//!
//! ```text
//! GET /cgi-bin/ConfigManApp.com?key=206;ENTER     dial: the digits typed, then ENTER (no account)
//! GET /cgi-bin/ConfigManApp.com?key=SPEAKER;206;ENTER
//! GET /cgi-bin/ConfigManApp.com?key=RELEASE       hang up
//! GET /cgi-bin/ConfigManApp.com?key=F_HOLD        a key; key=12 during a call: DTMF
//! ```
//!
//! Elements are separated by `;` (a trailing `;` is ignored); an element is a key name or a run
//! of digits, `*` and `#` typed one after the other. Basic auth (the admin account). The
//! computer must be on the "Active URI limit IP" allow list (`--allow-ip`), else 403.
//!
//! Verified only at second hand (public integrations driving Fanvil phones and an OEM Fanvil,
//! ALE-700A, whose "Action URL and Active URI Specifications" they cite; Fanvil's own
//! specification was not readable): the path, `key=DIGITS;ENTER` and `SPEAKER;DIGITS;ENTER` to
//! dial, `key=RELEASE`, `F_HOLD`, `F_TRANSFER`, `OK`, `RD`, `MUTE`, `MSG`, `Reboot`, Basic auth,
//! the allow list's existence and name, the events `setup_completed`, `registration_succeeded`,
//! `call_established`, `call_hold`. Guessed: every answer's body, the 403, the other key and
//! event names (taken to be Yealink-like, as Fanvil's are said to be), the `$variables`.

use crate::action::{is_dial_string, Action};
use crate::brand::{is_dtmf, method_not_allowed, not_found, Ask, Effect, Outcome, Query, View};
use crate::events::{Delivery, EventTable, Happening, Var};
use crate::http::Response;

/// The Active URI's path.
pub const PATH: &str = "/cgi-bin/ConfigManApp.com";

/// The named keys (digits, `*` and `#` are typed as runs).
pub const KEYS: &[&str] = &[
    "OK",
    "ENTER",
    "RELEASE",
    "CANCEL",
    "SPEAKER",
    "HEADSET",
    "F_TRANSFER",
    "F_CONFERENCE",
    "F_HOLD",
    "VOLUME_UP",
    "VOLUME_DOWN",
    "MUTE",
    "RD",
    "MSG",
    "UP",
    "DOWN",
    "LEFT",
    "RIGHT",
    "F1",
    "F2",
    "F3",
    "F4",
    "DNDOn",
    "DNDOff",
    "Reboot",
];

pub(crate) fn route(ask: &Ask<'_>) -> Result<(), Response> {
    if ask.path != PATH {
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
    let Some(value) = query.get("key") else {
        return Outcome::Answer(page());
    };
    let elements: Vec<&str> = value.split(';').filter(|e| !e.is_empty()).collect();
    if elements.is_empty() {
        return Outcome::Answer(Response::text(400, "key= names no key"));
    }
    if let Some(bad) = elements
        .iter()
        .find(|e| !KEYS.contains(e) && !is_dial_string(e))
    {
        return Outcome::Answer(Response::text(
            400,
            &format!("unknown key {bad:?} (key names are case sensitive)"),
        ));
    }
    let action = match elements.as_slice() {
        ["RELEASE"] => Action::Hangup,
        [before @ .., digits, "ENTER"]
            if is_dial_string(digits)
                && before.iter().all(|k| *k == "SPEAKER" || *k == "HEADSET") =>
        {
            Action::Dial {
                number: (*digits).to_string(),
                account: 1,
                account_auto: true,
            }
        }
        typed if view.call.is_active() && typed.iter().all(|e| is_dtmf(e)) => Action::Dtmf {
            digits: typed.concat(),
        },
        [one] => Action::Key {
            key: (*one).to_string(),
        },
        many => Action::Keys {
            keys: many.iter().map(|k| (*k).to_string()).collect(),
        },
    };
    Outcome::Act {
        action,
        ok: Response::new(200, "text/html", "<html><body>OK</body></html>\n"),
    }
}

/// `ConfigManApp.com` without a command.
fn page() -> Response {
    Response::new(
        200,
        "text/html",
        "<html><head><title>Fanvil</title></head><body></body></html>\n",
    )
}

/// `OK` and `ENTER` answer, `RELEASE` and `CANCEL` end the call, `DNDOn`/`DNDOff`.
pub(crate) fn key_effect(key: &str) -> Effect {
    match key {
        "OK" | "ENTER" => Effect::Answer,
        "RELEASE" | "CANCEL" => Effect::HangUp,
        "DNDOn" => Effect::DndOn,
        "DNDOff" => Effect::DndOff,
        _ => Effect::None,
    }
}

/// The events of Line -> Action URL (names guessed from the OEM specification's few).
pub(crate) const EVENTS_TABLE: EventTable = EventTable {
    events: &[
        "setup_completed",
        "registration_succeeded",
        "registration_disabled",
        "registration_failed",
        "off_hook",
        "on_hook",
        "incoming_call",
        "outgoing_call",
        "call_established",
        "call_terminated",
        "dnd_enabled",
        "dnd_disabled",
        "mute",
        "unmute",
        "call_hold",
        "call_unhold",
        "missed_call",
    ],
    on: &[
        (Happening::Incoming, "incoming_call"),
        (Happening::Outgoing, "outgoing_call"),
        (Happening::Established, "call_established"),
        (Happening::Terminated, "call_terminated"),
        (Happening::DndOn, "dnd_enabled"),
        (Happening::DndOff, "dnd_disabled"),
    ],
    vars: &[
        ("display_remote", Var::DisplayRemote),
        ("display_local", Var::DisplayLocal),
        ("active_user", Var::ActiveUser),
        ("active_host", Var::ActiveHost),
        ("active_url", Var::ActiveUrl),
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
    use crate::state::Call;

    /// What a request came to: the action, or the answer's status and body.
    type Got = Result<Action, (u16, String)>;

    fn act(target: &str, call: &Call) -> Got {
        let (vars, config) = view::parts();
        let v = view::with_call(call, false, &vars, &config);
        match handle(&Ask::new("GET", target, b""), &v) {
            Outcome::Act { action, ok } => {
                assert_eq!(ok.status, 200);
                Ok(action)
            }
            Outcome::Answer(r) => Err((r.status, r.body_text())),
        }
    }

    #[test]
    fn requests_table() {
        let dial = |n: &str| {
            Ok(Action::Dial {
                number: n.into(),
                account: 1,
                account_auto: true,
            })
        };
        let talking = Call::Talking {
            number: "206".into(),
            name: String::new(),
        };
        let cases: &[(&str, &Call, Got)] = &[
            (
                "/cgi-bin/ConfigManApp.com?key=206;ENTER",
                &Call::Idle,
                dial("206"),
            ),
            (
                "/cgi-bin/ConfigManApp.com?key=206;ENTER;",
                &Call::Idle,
                dial("206"),
            ),
            (
                "/cgi-bin/ConfigManApp.com?key=SPEAKER;%2B4930%23;ENTER",
                &Call::Idle,
                dial("+4930#"),
            ),
            (
                "/cgi-bin/ConfigManApp.com?key=RELEASE",
                &talking,
                Ok(Action::Hangup),
            ),
            (
                "/cgi-bin/ConfigManApp.com?key=F_HOLD",
                &talking,
                Ok(Action::Key {
                    key: "F_HOLD".into(),
                }),
            ),
            (
                "/cgi-bin/ConfigManApp.com?key=12;%23",
                &talking,
                Ok(Action::Dtmf {
                    digits: "12#".into(),
                }),
            ),
            (
                "/cgi-bin/ConfigManApp.com?key=12",
                &Call::Idle,
                Ok(Action::Key { key: "12".into() }),
            ),
            (
                "/cgi-bin/ConfigManApp.com?key=F_TRANSFER;207;OK",
                &talking,
                Ok(Action::Keys {
                    keys: vec!["F_TRANSFER".into(), "207".into(), "OK".into()],
                }),
            ),
            (
                "/cgi-bin/ConfigManApp.com?key=MUTE;206;ENTER",
                &Call::Idle,
                Ok(Action::Keys {
                    keys: vec!["MUTE".into(), "206".into(), "ENTER".into()],
                }),
            ),
        ];
        for (target, call, expected) in cases {
            assert_eq!(&act(target, call), expected, "{target}");
        }
        for bad in [
            "/cgi-bin/ConfigManApp.com?key=206;enter",
            "/cgi-bin/ConfigManApp.com?key=20a;ENTER",
            "/cgi-bin/ConfigManApp.com?key=;",
            "/cgi-bin/ConfigManApp.com?number=206",
        ] {
            let got = act(bad, &Call::Idle);
            let expected = if bad.contains("number=") { 200 } else { 400 };
            assert_eq!(
                got.as_ref().err().map(|(s, _)| *s),
                Some(expected),
                "{bad}: {got:?}"
            );
        }
    }

    #[test]
    fn routes_and_effects() {
        let status = |m: &str, t: &str| route(&Ask::new(m, t, b"")).err().map(|r| r.status);
        assert_eq!(status("GET", "/cgi-bin/ConfigManApp.com?key=OK"), None);
        assert_eq!(
            status("POST", "/cgi-bin/ConfigManApp.com?key=OK"),
            Some(405)
        );
        assert_eq!(status("GET", "/servlet?key=OK"), Some(404));
        assert_eq!(key_effect("RELEASE"), Effect::HangUp);
        assert_eq!(key_effect("OK"), Effect::Answer);
    }
}
