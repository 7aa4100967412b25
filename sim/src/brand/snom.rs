//! Snom (D3xx/D7xx; 3xx/7xx): `command.htm`.
//!
//! ```text
//! GET /command.htm?number=206[&outgoing_uri=201@pbx.example]   dial: 302 to /index.htm
//! GET /command.htm?key=CANCEL      hang up        key=ENTER   answer
//! GET /command.htm?key=F_HOLD;1,200,100   keys, each Key[,Time[,Pause]]
//! GET /command.htm?key_dtmf=123    DTMF in the call
//! GET /command.htm?RELEASE_ALL_CALLS                            end every call
//! ```
//!
//! Basic or Digest (`--auth`), the web user. `/index.htm` is served (to the same login) so
//! that a client following the dial's redirect lands on a page.
//!
//! Verified (Snom's wiki "Can I control my snom phone remotely", "Action URLs"): `command.htm`
//! with `key=KEYEVENT[;KEYEVENT]` and `KEYEVENT = Key[,Time[,Pause]]`, the key names (3xx/7xx/8xx
//! list), `number=...&outgoing_uri=...`, `key_dtmf=`, `RELEASE_ALL_CALLS`, Basic or Digest, the
//! `action_*_url` settings and the runtime `$variables` (`$call-id` with a hyphen). Seen in a
//! public integration tested on Snom 300/320/360: a dial answers 302 to `index.htm`, keys 200.
//! Guessed: the bodies, 400 for a key or a mix of commands the phone does not know (it may
//! answer 200 and do nothing), `MUTE` and `CONFERENCE` as key names, which keys answer or end
//! the call, and that an `outgoing_uri` naming no identity dials from the first.

use crate::action::Action;
use crate::brand::{
    dial_on_uri, is_dtmf, method_not_allowed, not_found, Ask, Effect, Outcome, Query, View,
};
use crate::events::{Delivery, EventTable, Happening, Var};
use crate::http::Response;

/// The named keys `key=` takes (besides `P1`-`P48`), exactly as Snom writes them.
pub const KEYS: &[&str] = &[
    "CANCEL",
    "ENTER",
    "OFFHOOK",
    "ONHOOK",
    "RIGHT",
    "LEFT",
    "UP",
    "DOWN",
    "VOLUME_UP",
    "VOLUME_DOWN",
    "MENU",
    "REDIAL",
    "DND",
    "REC",
    "F1",
    "F2",
    "F3",
    "F4",
    "SPEAKER",
    "HEADSET",
    "TRANSFER",
    "F_R",
    "F_HOLD",
    "MUTE",
    "CONFERENCE",
    "DISCONNECT",
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
    "#",
];

/// Whether `key` is one the phone takes.
pub fn is_key(key: &str) -> bool {
    KEYS.contains(&key)
        || key
            .strip_prefix('P')
            .and_then(|n| n.parse::<u8>().ok())
            .is_some_and(|n| (1..=48).contains(&n) && !key[1..].starts_with('0'))
}

/// The phone's paths: `command.htm` and the page a dial redirects to.
pub const PATHS: [&str; 2] = ["/command.htm", "/index.htm"];

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
    if ask.path == "/index.htm" {
        return Outcome::Answer(page());
    }
    let query = match Query::parse(ask.query) {
        Ok(q) => q,
        Err(e) => return Outcome::Answer(Response::text(400, &e.to_string())),
    };
    let commands = ["number", "key", "key_dtmf", "RELEASE_ALL_CALLS"];
    let given: Vec<&str> = commands.into_iter().filter(|c| query.has(c)).collect();
    match given.as_slice() {
        [] => Outcome::Answer(page()),
        ["number"] => dial(
            query.get("number").unwrap_or(""),
            query.get("outgoing_uri"),
            view,
        ),
        ["key"] => keys(query.get("key").unwrap_or("")),
        ["key_dtmf"] => {
            let digits = query.get("key_dtmf").unwrap_or("");
            if is_dtmf(digits) {
                Outcome::Act {
                    action: Action::Dtmf {
                        digits: digits.to_string(),
                    },
                    ok: page(),
                }
            } else {
                Outcome::Answer(Response::text(
                    400,
                    &format!("key_dtmf {digits:?} is not DTMF (0-9, * and #)"),
                ))
            }
        }
        ["RELEASE_ALL_CALLS"] => Outcome::Act {
            action: Action::Hangup,
            ok: page(),
        },
        _ => Outcome::Answer(Response::text(
            400,
            &format!("one command at a time, not {}", given.join(" and ")),
        )),
    }
}

fn dial(number: &str, outgoing_uri: Option<&str>, view: &View<'_>) -> Outcome {
    // Carried out: a redirect to the phone's start page.
    let ok = Response::new(
        302,
        "text/html",
        "<html><body><a href=\"/index.htm\">index.htm</a></body></html>\n",
    )
    .header("Location", "/index.htm");
    dial_on_uri(number, outgoing_uri, view, ok)
}

/// `key=A;B,200;C,200,100`: the keys without their times.
fn keys(value: &str) -> Outcome {
    let mut keys = Vec::new();
    for event in value.split(';') {
        let mut parts = event.split(',');
        let key = parts.next().unwrap_or("");
        let times_ok = parts.clone().count() <= 2 && parts.all(|t| t.parse::<u32>().is_ok());
        if !is_key(key) || !times_ok {
            return Outcome::Answer(Response::text(
                400,
                &format!("unknown key event {event:?} (Key[,Time[,Pause]], keys in capitals)"),
            ));
        }
        keys.push(key.to_string());
    }
    let action = if keys.len() > 1 {
        Action::Keys { keys }
    } else {
        match keys.pop() {
            Some(key) if key == "CANCEL" || key == "DISCONNECT" => Action::Hangup,
            Some(key) => Action::Key { key },
            None => Action::Keys { keys },
        }
    };
    Outcome::Act { action, ok: page() }
}

/// `command.htm`'s and `index.htm`'s page.
fn page() -> Response {
    Response::new(
        200,
        "text/html",
        "<html><head><title>snom</title></head><body></body></html>\n",
    )
}

/// `ENTER` and `OFFHOOK` answer; `CANCEL`, `DISCONNECT` and `ONHOOK` end the call; `DND`
/// switches do-not-disturb.
pub(crate) fn key_effect(key: &str) -> Effect {
    match key {
        "ENTER" | "OFFHOOK" => Effect::Answer,
        "CANCEL" | "DISCONNECT" | "ONHOOK" => Effect::HangUp,
        "DND" => Effect::DndToggle,
        _ => Effect::None,
    }
}

/// The `action_*_url` settings (Setup -> Action URL Settings).
pub(crate) const EVENTS_TABLE: EventTable = EventTable {
    events: &[
        "action_setup_url",
        "action_reg_url",
        "action_dereg_url",
        "action_reg_failed",
        "action_incoming_url",
        "action_outgoing_url",
        "action_offhook_url",
        "action_onhook_url",
        "action_connected_url",
        "action_disconnected_url",
        "action_missed_url",
        "action_dnd_on_url",
        "action_dnd_off_url",
        "action_redirection_on_url",
        "action_redirection_off_url",
        "action_hold_url",
        "action_unhold_url",
        "action_xfer_url",
        "action_log_on_url",
        "action_log_off_url",
    ],
    on: &[
        (Happening::Incoming, "action_incoming_url"),
        (Happening::Outgoing, "action_outgoing_url"),
        (Happening::Established, "action_connected_url"),
        (Happening::Terminated, "action_disconnected_url"),
        (Happening::DndOn, "action_dnd_on_url"),
        (Happening::DndOff, "action_dnd_off_url"),
    ],
    vars: &[
        ("display_remote", Var::DisplayRemote),
        ("display_local", Var::DisplayLocal),
        ("active_user", Var::ActiveUser),
        ("active_host", Var::ActiveHost),
        ("active_url", Var::ActiveUrl),
        ("phone_ip", Var::Ip),
        ("call-id", Var::CallId),
        ("remote", Var::Remote),
        ("local", Var::Local),
        ("mac", Var::Mac),
    ],
    delivery: Delivery::Get,
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::brand::tests_support::view;

    /// What a request came to: the action and the answer's status, or the answer.
    type Got = Result<(Action, u16), (u16, String)>;

    fn act(target: &str) -> Got {
        let ask = Ask::new("GET", target, b"");
        let (vars, config) = view::parts();
        match handle(&ask, &view::idle(&vars, &config)) {
            Outcome::Act { action, ok } => Ok((action, ok.status)),
            Outcome::Answer(r) => Err((r.status, r.body_text())),
        }
    }

    #[test]
    fn requests_table() {
        let dial = |n: &str, a: u8, auto: bool| {
            Ok((
                Action::Dial {
                    number: n.into(),
                    account: a,
                    account_auto: auto,
                },
                302,
            ))
        };
        let key = |k: &str| Ok((Action::Key { key: k.into() }, 200));
        let cases: &[(&str, Got)] = &[
            ("/command.htm?number=206", dial("206", 1, true)),
            (
                "/command.htm?number=206&outgoing_uri=203@pbx.example",
                dial("206", 3, false),
            ),
            (
                "/command.htm?number=%2B4930%23&outgoing_uri=sip:201@pbx.example",
                dial("+4930#", 1, false),
            ),
            ("/command.htm?key=CANCEL", Ok((Action::Hangup, 200))),
            ("/command.htm?key=DISCONNECT", Ok((Action::Hangup, 200))),
            ("/command.htm?key=ENTER", key("ENTER")),
            ("/command.htm?key=F_HOLD", key("F_HOLD")),
            ("/command.htm?key=P12", key("P12")),
            ("/command.htm?key=%23", key("#")),
            ("/command.htm?key=5,200,100", key("5")),
            (
                "/command.htm?key=1,100,100;2,100,100;%23",
                Ok((
                    Action::Keys {
                        keys: vec!["1".into(), "2".into(), "#".into()],
                    },
                    200,
                )),
            ),
            (
                "/command.htm?key_dtmf=12%23",
                Ok((
                    Action::Dtmf {
                        digits: "12#".into(),
                    },
                    200,
                )),
            ),
            ("/command.htm?RELEASE_ALL_CALLS", Ok((Action::Hangup, 200))),
        ];
        for (target, expected) in cases {
            assert_eq!(&act(target), expected, "{target}");
        }
    }

    #[test]
    fn a_dial_redirects_to_the_index_page() {
        let (vars, config) = view::parts();
        let ask = Ask::new("GET", "/command.htm?number=206", b"");
        let Outcome::Act { ok, .. } = handle(&ask, &view::idle(&vars, &config)) else {
            panic!("not a command");
        };
        assert_eq!(
            (ok.status, ok.header_value("location")),
            (302, Some("/index.htm"))
        );
    }

    #[test]
    fn refusals_and_pages() {
        for (target, status) in [
            ("/command.htm?number=20a", 400),
            ("/command.htm?key=cancel", 400),
            ("/command.htm?key=P0", 400),
            ("/command.htm?key=1,x", 400),
            ("/command.htm?key=1,1,1,1", 400),
            ("/command.htm?key=", 400),
            ("/command.htm?key_dtmf=1a", 400),
            ("/command.htm?number=1&key=ENTER", 400),
            ("/command.htm", 200),
            ("/command.htm?settings=save", 200),
            ("/index.htm", 200),
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
    fn routes_and_effects() {
        let status = |m: &str, t: &str| route(&Ask::new(m, t, b"")).err().map(|r| r.status);
        assert_eq!(status("GET", "/command.htm?key=ENTER"), None);
        assert_eq!(status("POST", "/command.htm?key=ENTER"), Some(405));
        assert_eq!(status("GET", "/servlet?key=OK"), Some(404));
        assert_eq!(key_effect("CANCEL"), Effect::HangUp);
        assert_eq!(key_effect("DND"), Effect::DndToggle);
        assert!(KEYS.iter().all(|k| is_key(k)));
    }
}
