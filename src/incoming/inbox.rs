//! The extension's side of incoming calls: when to start the receiver and with what, what each
//! of its messages means for the user (the receiver's status, the ringing notification, the
//! screen pop), and the words the popup shows for the line.
//!
//! The background (`src/web/incoming.rs`) only moves values: it connects to the receiver, hands
//! every [`FromReceiver`] to [`react`] with the [`CallState`] kept in `storage.session`, and
//! does what the [`Reaction`] says. Only URLs built here from the user's template
//! ([`crate::incoming::screen_pop`]) are ever opened.
//!
//! ```
//! use click_to_dial::incoming::calls::CallState;
//! use click_to_dial::incoming::inbox::{react, start_message, ReceiverStatus};
//! use click_to_dial::incoming::native::{FromReceiver, ToReceiver};
//! use click_to_dial::incoming::{EventReport, Event};
//! use click_to_dial::incoming::IncomingSettings;
//! use click_to_dial::phone::PhoneAddress;
//!
//! let phone: PhoneAddress = "192.168.0.124".parse().unwrap();
//! let settings = IncomingSettings {
//!     enabled: true,
//!     token: "0123456789abcdef0123456789abcdef".into(),
//!     screen_pop: "https://crm.example/find?q={number}".into(),
//!     ..IncomingSettings::default()
//! };
//! let start = start_message(&settings, Some(&phone))?.expect("enabled");
//! assert!(matches!(&start, ToReceiver::Start { listen, phone_ip, .. }
//!     if listen == "0.0.0.0:8765" && phone_ip == "192.168.0.124"));
//!
//! let mut ring = EventReport::new(Event::IncomingCall);
//! ring.vars.remote = Some("sip:0301234567@pbx".into());
//! let mut state = CallState::default();
//! let message = FromReceiver::Event { report: Box::new(ring), from: "192.168.0.124".into() };
//! let reaction = react(&mut state, &ReceiverStatus::Off, message, &settings, 1.0);
//! let notice = reaction.notice.expect("a ringing notification");
//! assert_eq!(notice.screen_pop.as_deref(), Some("https://crm.example/find?q=0301234567"));
//! assert_eq!(reaction.open, None); // auto-open is off
//! # Ok::<(), click_to_dial::incoming::inbox::NotReady>(())
//! ```

use serde::{Deserialize, Serialize};

use super::calls::{CallState, Change, Line, MissedCalls, Party};
use super::native::{FromReceiver, ReceiverError, RefuseReason, ToReceiver};
use crate::incoming::IncomingSettings;
use crate::phone::PhoneAddress;
use crate::store::StoreKey;
use crate::t;

/// Where the [`CallState`] is kept, without its missed calls (a restarted worker keeps it).
pub const CALL_STATE: StoreKey<CallState> = StoreKey::session("callState");
/// Where the receiver's status is kept, for the options page and the popup.
pub const RECEIVER_STATUS: StoreKey<ReceiverStatus> = StoreKey::session("receiverStatus");
/// Where the missed calls are kept when the history is (capped).
pub const MISSED_CALLS: StoreKey<MissedCalls> = StoreKey::local("missedCalls");
/// Where the ringing notification on screen is kept, for a click on it.
pub const RINGING_NOTICE: StoreKey<RingingNotice> = StoreKey::session("ringingNotice");

/// The command that registers the receiver with the browsers.
pub const INSTALL_COMMAND: &str = "htek-c2d-receiver install";

/// Why incoming calls are on but the receiver is not started.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(rename_all = "camelCase")]
pub enum NotReady {
    /// The phone's address is not set: the receiver would not know whom to trust.
    #[error("{}", t!("receiverNoPhone"))]
    NoPhone,
    /// No token yet.
    #[error("{}", t!("receiverNoToken"))]
    NoToken,
}

/// The receiver's `Start` for the user's `incoming` settings and `phone`, or `None` while
/// incoming calls are off.
///
/// # Errors
///
/// [`NotReady`] when they are on but the phone's address or the token is missing.
pub fn start_message(
    incoming: &IncomingSettings,
    phone: Option<&PhoneAddress>,
) -> Result<Option<ToReceiver>, NotReady> {
    if !incoming.enabled {
        return Ok(None);
    }
    let phone = phone.ok_or(NotReady::NoPhone)?;
    if incoming.token.is_empty() {
        return Err(NotReady::NoToken);
    }
    let phone_ip = phone.host().trim_start_matches('[').trim_end_matches(']');
    Ok(Some(ToReceiver::Start {
        listen: listen_address(&incoming.address, incoming.port),
        phone_ip: phone_ip.to_string(),
        token: incoming.token.clone(),
    }))
}

/// Where the receiver listens: loopback when the phone reaches this computer by a loopback
/// address (a simulated phone on the same machine), every interface otherwise (the phone is on
/// the LAN, and this computer's address may change).
pub fn listen_address(this_computer: &str, port: u16) -> String {
    let host = this_computer
        .trim()
        .trim_start_matches('[')
        .trim_end_matches(']');
    match host.parse::<std::net::IpAddr>() {
        Ok(ip) if ip.is_loopback() && ip.is_ipv6() => format!("[::1]:{port}"),
        Ok(ip) if ip.is_loopback() => format!("{ip}:{port}"),
        _ if host.eq_ignore_ascii_case("localhost") => format!("127.0.0.1:{port}"),
        _ => format!("0.0.0.0:{port}"),
    }
}

/// A request the receiver refused, the last one, to help with the setup.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Refusal {
    pub from: String,
    pub reason: RefuseReason,
    pub at_ms: f64,
}

/// How the receiver is doing, as the options page and the popup show it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(
    tag = "state",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum ReceiverStatus {
    /// Incoming calls are off.
    #[default]
    Off,
    /// On, but a setting is missing.
    NotReady { why: NotReady },
    /// Connecting to the receiver.
    Connecting,
    /// Incoming calls are off; the receiver runs to send the requests to the phone (the
    /// setting "only through the receiver").
    Sending { version: String },
    /// Listening for the phone's requests.
    Listening {
        addr: String,
        version: String,
        #[serde(default)]
        last_refused: Option<Refusal>,
    },
    /// The browser found no native messaging host: the receiver is not installed.
    NotInstalled,
    /// The receiver went away (or could not be started).
    Disconnected { detail: String },
    /// The receiver is running but cannot do what it was asked (port in use, ...).
    Failed { error: ReceiverError },
}

impl ReceiverStatus {
    /// The status after the browser closed the receiver's port with `error` (its
    /// `runtime.lastError` message, if any).
    pub fn of_disconnect(error: Option<&str>) -> ReceiverStatus {
        let detail = error.unwrap_or_default().trim();
        let lower = detail.to_ascii_lowercase();
        // Chromium: "Specified native messaging host not found."; Firefox: "No such native
        // application com.htek_c2d.receiver".
        if lower.contains("host not found") || lower.contains("no such native application") {
            ReceiverStatus::NotInstalled
        } else {
            ReceiverStatus::Disconnected {
                detail: detail.to_string(),
            }
        }
    }

    /// A stable name for the state (`listening`), for the pages' `data-state`.
    pub fn kind(&self) -> &'static str {
        match self {
            ReceiverStatus::Off => "off",
            ReceiverStatus::NotReady { .. } => "notReady",
            ReceiverStatus::Connecting => "connecting",
            ReceiverStatus::Sending { .. } => "sending",
            ReceiverStatus::Listening { .. } => "listening",
            ReceiverStatus::NotInstalled => "notInstalled",
            ReceiverStatus::Disconnected { .. } => "disconnected",
            ReceiverStatus::Failed { .. } => "failed",
        }
    }

    /// Whether the receiver is listening.
    pub fn is_listening(&self) -> bool {
        matches!(self, ReceiverStatus::Listening { .. })
    }

    /// Whether the receiver runs and does what it was started for (listens, or sends).
    pub fn is_up(&self) -> bool {
        matches!(
            self,
            ReceiverStatus::Listening { .. } | ReceiverStatus::Sending { .. }
        )
    }

    /// The status line, in words for the user.
    pub fn message(&self) -> String {
        match self {
            ReceiverStatus::Off => t!("receiverOff"),
            ReceiverStatus::NotReady { why } => why.to_string(),
            ReceiverStatus::Connecting => t!("receiverConnecting"),
            ReceiverStatus::Sending { version } => t!("receiverSending", version),
            ReceiverStatus::Listening {
                addr,
                version,
                last_refused,
            } => {
                let line = t!("receiverListening", addr, version);
                match last_refused {
                    Some(refusal) => t!(
                        "receiverLastRefused",
                        line,
                        refusal.from,
                        refuse_reason_text(refusal.reason)
                    ),
                    None => line,
                }
            }
            ReceiverStatus::NotInstalled => t!("receiverNotInstalled", INSTALL_COMMAND),
            ReceiverStatus::Disconnected { detail } if detail.is_empty() => {
                t!("receiverDisconnectedQuietly")
            }
            ReceiverStatus::Disconnected { detail } => t!("receiverDisconnected", detail),
            ReceiverStatus::Failed { error } => receiver_error_text(error),
        }
    }
}

/// Why the receiver refused a request, in words for the user.
pub fn refuse_reason_text(reason: RefuseReason) -> String {
    match reason {
        RefuseReason::WrongSource => t!("refuseWrongSource"),
        RefuseReason::WrongToken => t!("refuseWrongToken"),
        RefuseReason::UnknownEvent => t!("refuseUnknownEvent"),
        RefuseReason::Malformed => t!("refuseMalformed"),
        RefuseReason::TooLong => t!("refuseTooLong"),
        RefuseReason::NotGet => t!("refuseNotGet"),
        RefuseReason::NotANotification => t!("refuseNotANotification"),
    }
}

/// What went wrong in the receiver, in words for the user.
pub fn receiver_error_text(error: &ReceiverError) -> String {
    match error {
        ReceiverError::BadListen { listen } => t!("receiverBadListen", listen),
        ReceiverError::CannotListen { listen, detail } => {
            t!("receiverCannotListen", listen, detail)
        }
        ReceiverError::BadPhoneIp { phone_ip } => t!("receiverBadPhoneIp", phone_ip),
        ReceiverError::BadToken => t!("receiverBadToken"),
        ReceiverError::BadMessage { detail } => t!("receiverBadMessage", detail),
    }
}

/// The ringing notification to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallNotice {
    pub title: String,
    pub message: String,
    /// The CRM page for the caller ("Open in CRM"), when a template is set.
    pub screen_pop: Option<String>,
}

/// The ringing notification on screen and whom it is about, so that its button opens that
/// caller's page even after the call ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RingingNotice {
    pub id: String,
    pub party: Party,
}

/// What to do about one message from the receiver.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Reaction {
    /// The receiver's new status, when it changed.
    pub status: Option<ReceiverStatus>,
    /// What the event changed in the call state (then the state is to be kept).
    pub change: Option<Change>,
    /// A ringing notification to show.
    pub notice: Option<CallNotice>,
    /// A screen-pop URL to open now (the auto-open setting).
    pub open: Option<String>,
    /// Remove the ringing notification (the call was answered or ended).
    pub clear_notice: bool,
    /// A missed-call notification to show (title, message).
    pub missed_notice: Option<(String, String)>,
}

/// Folds one message from the receiver into `state` and says what to show; `status` is the
/// receiver's status so far.
pub fn react(
    state: &mut CallState,
    status: &ReceiverStatus,
    message: FromReceiver,
    settings: &IncomingSettings,
    now_ms: f64,
) -> Reaction {
    match message {
        // Only to send: the status says so once it runs; listening has its own.
        FromReceiver::Ready { version, .. } if !settings.enabled && settings.receiver_only => {
            Reaction {
                status: Some(ReceiverStatus::Sending { version }),
                ..Reaction::default()
            }
        }
        FromReceiver::Ready { .. } => Reaction::default(),
        FromReceiver::Listening { addr, version, .. } => Reaction {
            status: Some(ReceiverStatus::Listening {
                addr,
                version,
                last_refused: None,
            }),
            ..Reaction::default()
        },
        FromReceiver::Stopped => Reaction {
            status: Some(match status {
                // Incoming calls turned off; the receiver goes on sending.
                ReceiverStatus::Listening { version, .. } if settings.receiver_only => {
                    ReceiverStatus::Sending {
                        version: version.clone(),
                    }
                }
                _ => ReceiverStatus::Off,
            }),
            ..Reaction::default()
        },
        // Answers to the phone requests sent through the receiver: `ext.js` hands them to the
        // request that waits for them; one that comes after its request gave up changes nothing.
        FromReceiver::Answered { .. } | FromReceiver::NotAnswered { .. } => Reaction::default(),
        FromReceiver::Error { error } => Reaction {
            status: Some(ReceiverStatus::Failed { error }),
            ..Reaction::default()
        },
        FromReceiver::Refused { from, reason } => match status {
            ReceiverStatus::Listening { addr, version, .. } => Reaction {
                status: Some(ReceiverStatus::Listening {
                    addr: addr.clone(),
                    version: version.clone(),
                    last_refused: Some(Refusal {
                        from,
                        reason,
                        at_ms: now_ms,
                    }),
                }),
                ..Reaction::default()
            },
            _ => Reaction::default(),
        },
        FromReceiver::Event { report, .. } => {
            let change = state.apply(&report, now_ms);
            let mut reaction = Reaction::default();
            match &change {
                Some(Change::Ringing { party }) => {
                    let screen_pop = screen_pop_url(settings, party);
                    if settings.auto_open {
                        reaction.open = screen_pop.clone();
                    }
                    reaction.notice = Some(CallNotice {
                        title: t!("incomingRingingTitle", party_text(party)),
                        message: t!("incomingRingingMessage"),
                        screen_pop,
                    });
                }
                Some(Change::Missed { call }) => {
                    reaction.clear_notice = true;
                    let party = Party {
                        number: call.number.clone(),
                        name: call.name.clone(),
                    };
                    reaction.missed_notice = Some((
                        t!("incomingMissedTitle", party_text(&party)),
                        t!("incomingMissedMessage"),
                    ));
                }
                Some(Change::Connected { .. } | Change::Ended { .. }) => {
                    reaction.clear_notice = true;
                }
                _ => {}
            }
            reaction.change = change;
            reaction
        }
    }
}

/// The CRM page for `party`, when a template is set and the caller's number is known.
pub fn screen_pop_url(settings: &IncomingSettings, party: &Party) -> Option<String> {
    party.number.as_ref()?;
    Some(settings.screen_pop()?.url_for(party))
}

/// The caller or callee in words: "Anna (0301234567)", the number, the name, or "an unknown
/// caller".
pub fn party_text(party: &Party) -> String {
    match (&party.name, &party.number) {
        (Some(name), Some(number)) => t!("incomingPartyNameNumber", name, number),
        (None, Some(number)) => number.clone(),
        (Some(name), None) => name.clone(),
        (None, None) => t!("incomingPartyUnknown"),
    }
}

/// The line as the popup shows it: idle, ringing, dialing, in a call, on hold; and DND.
pub fn line_text(state: &CallState) -> String {
    let line = match state.line() {
        Line::Idle => t!("incomingLineIdle"),
        Line::Ringing { party } => t!("incomingLineRinging", party_text(&party)),
        Line::Dialing { party } => t!("incomingLineDialing", party_text(&party)),
        Line::InCall { party, .. } => t!("incomingLineInCall", party_text(&party)),
        Line::OnHold { party } => t!("incomingLineOnHold", party_text(&party)),
    };
    if state.dnd {
        t!("incomingLineWithDnd", line)
    } else {
        line
    }
}

/// The party whose CRM page "Open in CRM" opens now: the caller while ringing, the other side
/// during a call.
pub fn current_party(state: &CallState) -> Option<Party> {
    match state.line() {
        Line::Ringing { party }
        | Line::InCall { party, .. }
        | Line::Dialing { party }
        | Line::OnHold { party } => Some(party),
        Line::Idle => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::incoming::{Event, EventReport};

    const TOKEN: &str = "0123456789abcdef0123456789abcdef";

    fn settings() -> IncomingSettings {
        IncomingSettings {
            enabled: true,
            token: TOKEN.into(),
            address: "127.0.0.1".into(),
            port: 40123,
            screen_pop: "http://127.0.0.1:9/crm.html?n={number}&who={name}".into(),
            ..IncomingSettings::default()
        }
    }

    fn phone(address: &str) -> PhoneAddress {
        address.parse().unwrap()
    }

    fn event(event: Event, remote: &str, name: Option<&str>, id: &str) -> FromReceiver {
        let mut report = EventReport::new(event);
        report.vars.remote = Some(remote.into());
        report.vars.display_remote = name.map(String::from);
        report.vars.call_id = Some(id.into());
        FromReceiver::Event {
            report: Box::new(report),
            from: "127.0.0.1".into(),
        }
    }

    #[test]
    fn start_messages() {
        let s = settings();
        let phone = phone("127.0.0.1:8088");
        assert_eq!(
            start_message(&s, Some(&phone)),
            Ok(Some(ToReceiver::Start {
                listen: "127.0.0.1:40123".into(),
                phone_ip: "127.0.0.1".into(),
                token: TOKEN.into(),
            }))
        );
        let off = IncomingSettings {
            enabled: false,
            ..s.clone()
        };
        assert_eq!(start_message(&off, Some(&phone)), Ok(None));
        assert_eq!(start_message(&s, None), Err(NotReady::NoPhone));
        let mut no_token = s.clone();
        no_token.token.clear();
        assert_eq!(
            start_message(&no_token, Some(&phone)),
            Err(NotReady::NoToken)
        );
        assert!(matches!(
            start_message(&s, Some(&self::phone("[fe80::1]:80"))),
            Ok(Some(ToReceiver::Start { phone_ip, .. })) if phone_ip == "fe80::1"
        ));
    }

    #[test]
    fn listen_addresses() {
        let cases = [
            ("127.0.0.1", "127.0.0.1:8765"),
            ("localhost", "127.0.0.1:8765"),
            ("::1", "[::1]:8765"),
            ("[::1]", "[::1]:8765"),
            ("192.168.0.50", "0.0.0.0:8765"),
            ("pc-ada.office.lan", "0.0.0.0:8765"),
            ("", "0.0.0.0:8765"),
        ];
        for (address, listen) in cases {
            assert_eq!(listen_address(address, 8765), listen, "{address}");
        }
    }

    #[test]
    fn disconnects() {
        let cases = [
            (
                Some("Specified native messaging host not found."),
                "notInstalled",
            ),
            (
                Some("No such native application com.htek_c2d.receiver"),
                "notInstalled",
            ),
            (Some("Native host has exited."), "disconnected"),
            (None, "disconnected"),
        ];
        for (error, kind) in cases {
            let status = ReceiverStatus::of_disconnect(error);
            assert_eq!(status.kind(), kind, "{error:?}");
            assert!(status.message().len() > 10);
        }
        assert!(ReceiverStatus::NotInstalled
            .message()
            .contains("htek-c2d-receiver install"));
    }

    /// A ringing call notifies (with the CRM page), opens it when asked, and an answer or a
    /// hang-up removes the notification; a missed call is kept and notified.
    #[test]
    fn a_call_from_ring_to_missed() {
        let mut s = settings();
        let mut state = CallState::default();
        let status = ReceiverStatus::Off;
        let ring = event(
            Event::IncomingCall,
            "sip:0301234567@pbx",
            Some("Anna"),
            "c1",
        );
        let r = react(&mut state, &status, ring.clone(), &s, 1.0);
        let notice = r.notice.unwrap();
        assert_eq!(notice.title, "Call from Anna (0301234567)");
        assert_eq!(
            notice.screen_pop.as_deref(),
            Some("http://127.0.0.1:9/crm.html?n=0301234567&who=Anna")
        );
        assert_eq!(r.open, None);
        assert_eq!(line_text(&state), "Ringing: Anna (0301234567)");
        assert_eq!(
            current_party(&state).and_then(|p| p.number).as_deref(),
            Some("0301234567")
        );
        let end = event(Event::CallTerminated, "sip:0301234567@pbx", None, "c1");
        let r = react(&mut state, &status, end, &s, 2.0);
        assert!(r.clear_notice && r.notice.is_none());
        assert!(matches!(r.change, Some(Change::Missed { .. })));
        let (title, message) = r.missed_notice.unwrap();
        assert_eq!(title, "Missed call: Anna (0301234567)");
        assert!(message.contains("popup"), "{message}");
        assert_eq!(state.missed.len(), 1);
        assert_eq!(line_text(&state), "Idle");

        s.auto_open = true;
        let r = react(&mut state, &status, ring, &s, 3.0);
        assert_eq!(r.open, r.notice.and_then(|n| n.screen_pop));
        assert!(r.open.is_some());
        s.screen_pop.clear();
        let mut fresh = CallState::default();
        let again = event(Event::IncomingCall, "sip:206@pbx", None, "c2");
        let r = react(&mut fresh, &status, again, &s, 4.0);
        assert_eq!((r.open, r.notice.unwrap().screen_pop), (None, None));
    }

    /// With requests only through the receiver and incoming calls off, the receiver runs to
    /// send, and its status says so; with incoming calls on, listening is what counts.
    #[test]
    fn a_receiver_only_to_send() {
        let mut state = CallState::default();
        let ready = FromReceiver::Ready {
            version: "0.2.0".into(),
            sends: true,
        };
        let only_to_send = IncomingSettings {
            enabled: false,
            receiver_only: true,
            ..settings()
        };
        assert!(only_to_send.needs_receiver() && settings().needs_receiver());
        assert!(!IncomingSettings::default().needs_receiver());
        let sending = react(
            &mut state,
            &ReceiverStatus::Connecting,
            ready.clone(),
            &only_to_send,
            1.0,
        )
        .status
        .unwrap();
        assert_eq!(
            sending,
            ReceiverStatus::Sending {
                version: "0.2.0".into()
            }
        );
        assert_eq!(sending.kind(), "sending");
        assert!(sending.message().contains("0.2.0"), "{}", sending.message());
        // Listening for incoming calls: Ready changes nothing (Listening follows).
        let connecting = ReceiverStatus::Connecting;
        assert_eq!(
            react(&mut state, &connecting, ready, &settings(), 2.0),
            Reaction::default()
        );
        // Incoming calls turned off while it listened: it stops listening and goes on sending.
        let listening = ReceiverStatus::Listening {
            addr: "127.0.0.1:40123".into(),
            version: "0.2.0".into(),
            last_refused: None,
        };
        let stopped = |s: &IncomingSettings| {
            react(
                &mut CallState::default(),
                &listening,
                FromReceiver::Stopped,
                s,
                3.0,
            )
            .status
        };
        assert_eq!(stopped(&only_to_send), Some(sending));
        let off = IncomingSettings {
            enabled: false,
            ..settings()
        };
        assert_eq!(stopped(&off), Some(ReceiverStatus::Off));
        assert_eq!(state, CallState::default());
    }

    #[test]
    fn status_messages_and_refusals() {
        let s = settings();
        let mut state = CallState::default();
        let listening = react(
            &mut state,
            &ReceiverStatus::Connecting,
            FromReceiver::Listening {
                addr: "127.0.0.1:40123".into(),
                version: "0.1.0".into(),
                sends: true,
            },
            &s,
            1.0,
        )
        .status
        .unwrap();
        assert!(listening.is_listening());
        assert!(listening.message().contains("127.0.0.1:40123"));
        let refused = FromReceiver::Refused {
            from: "127.0.0.2".into(),
            reason: RefuseReason::WrongToken,
        };
        let r = react(&mut state, &listening, refused.clone(), &s, 2.0);
        assert!(r.notice.is_none() && r.change.is_none());
        let text = r.status.unwrap().message();
        assert!(
            text.contains("127.0.0.2") && text.contains("token"),
            "{text}"
        );
        assert_eq!(state, CallState::default());
        assert_eq!(
            react(&mut state, &ReceiverStatus::Off, refused, &s, 3.0),
            Reaction::default()
        );
        let failed = react(
            &mut state,
            &listening,
            FromReceiver::Error {
                error: ReceiverError::CannotListen {
                    listen: "0.0.0.0:8765".into(),
                    detail: "in use".into(),
                },
            },
            &s,
            4.0,
        );
        assert!(failed.status.unwrap().message().contains("0.0.0.0:8765"));
        let json = serde_json::to_string(&ReceiverStatus::NotInstalled).unwrap_or_default();
        assert_eq!(json, r#"{"state":"notInstalled"}"#);
    }

    #[test]
    fn line_words() {
        let mut state = CallState::default();
        let s = settings();
        let dnd = FromReceiver::Event {
            report: Box::new(EventReport::new(Event::OpenDnd)),
            from: "127.0.0.1".into(),
        };
        react(&mut state, &ReceiverStatus::Off, dnd, &s, 1.0);
        assert_eq!(line_text(&state), "Idle · Do not disturb is on");
        let out = event(Event::CallEstablished, "sip:206@pbx", None, "c9");
        react(&mut state, &ReceiverStatus::Off, out, &s, 2.0);
        assert_eq!(
            line_text(&state),
            "In a call with 206 · Do not disturb is on"
        );
        assert_eq!(party_text(&Party::default()), "Unknown caller");
    }
}
