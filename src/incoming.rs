//! Incoming calls: the phone's **Action URL** events, read and understood.
//!
//! The phone's guide has two directions. Action URI is how the extension drives the phone
//! ([`crate::phone::htek`]). Action URL is how the phone tells a server what happened: on each
//! event of its Setting -> Action URL page (Incoming Call, Call Established, Open DND, ...) it
//! sends a GET to the URL configured for that event, after replacing each `$variable` in it
//! literally with its value (`$remote` becomes `sip:0301234567@pbx.example`, a bare number or,
//! on some firmware, stays `$remote`). A browser extension cannot accept requests, so a small
//! native receiver (`receiver/`, `htek-c2d-receiver`) listens, checks each request with
//! [`check_target`] and hands the [`EventReport`] to the extension over native messaging
//! ([`native`]).
//!
//! The URL this crate asks the user to paste for each event ([`ActionUrlSetup`]) is
//!
//! ```text
//! http://<this computer>:8765/<token>/<event>?mac=$mac&ip=$ip&...&call_id=$call_id
//! ```
//!
//! with `<event>` the [`Event`]'s wire name and every variable of the guide as a query parameter
//! of the same name. The token is a per-install secret: a request without it is refused.
//!
//! The parts: this module reads requests ([`Event`], [`EventReport`], [`parse_target`],
//! [`check_target`]) and writes the setup ([`ActionUrlSetup`]); [`calls`] folds events into
//! the call state and the missed calls; [`screen_pop`] expands the CRM URL template;
//! [`native`] frames the native-messaging messages between the extension and the receiver;
//! [`inbox`] decides what the extension does with them (status, notification, screen pop).
//!
//! ```
//! use click_to_dial::incoming::{check_target, ActionUrlSetup, Event};
//! use click_to_dial::incoming::calls::{CallState, Change};
//!
//! let token = "0123456789abcdef0123456789abcdef";
//! let setup = ActionUrlSetup::new("http://192.168.0.50:8765", token)?;
//! let url = setup.url(Event::IncomingCall);
//! assert!(url.starts_with("http://192.168.0.50:8765/0123456789abcdef0123456789abcdef/incoming_call?mac=$mac&"));
//!
//! // What the phone sends when 030 1234567 calls (the variables replaced literally):
//! let target = format!(
//!     "/{token}/incoming_call?remote=sip:0301234567@pbx.example&display_remote=Ada%20Lovelace&call_id=c1"
//! );
//! let report = check_target(&target, token)?;
//! assert_eq!(report.event, Event::IncomingCall);
//! assert_eq!(report.caller_number().as_deref(), Some("0301234567"));
//! assert_eq!(report.caller_name(), Some("Ada Lovelace"));
//!
//! let mut state = CallState::default();
//! assert!(matches!(state.apply(&report, 1000.0), Some(Change::Ringing { .. })));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod calls;
pub mod inbox;
pub mod native;
pub mod screen_pop;
mod settings;
mod setup;

pub use settings::IncomingSettings;
pub use setup::{ActionUrlSetup, SetupError, SetupLine};

use std::fmt;

use crate::uri::{decode_lenient, decode_strict, HttpUrl};
use serde::{Deserialize, Serialize};

/// One event of the phone's Setting -> Action URL page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Event {
    SetupCompleted,
    LogOn,
    LogOff,
    RegisterFailed,
    Offhook,
    Onhook,
    IncomingCall,
    OutgoingCall,
    CallEstablished,
    CallTerminated,
    OpenDnd,
    CloseDnd,
    OpenAlwaysForward,
    CloseAlwaysForward,
    OpenBusyForward,
    CloseBusyForward,
    OpenNoBusyForward,
    CloseNoBusyForward,
}

impl Event {
    /// Every event, in the order of the phone's page.
    pub const ALL: [Event; 18] = [
        Event::SetupCompleted,
        Event::LogOn,
        Event::LogOff,
        Event::RegisterFailed,
        Event::Offhook,
        Event::Onhook,
        Event::IncomingCall,
        Event::OutgoingCall,
        Event::CallEstablished,
        Event::CallTerminated,
        Event::OpenDnd,
        Event::CloseDnd,
        Event::OpenAlwaysForward,
        Event::CloseAlwaysForward,
        Event::OpenBusyForward,
        Event::CloseBusyForward,
        Event::OpenNoBusyForward,
        Event::CloseNoBusyForward,
    ];

    /// The stable name in URL paths and JSON (`incoming_call`). Never change one: phones in the
    /// field have it configured.
    pub fn wire(self) -> &'static str {
        match self {
            Event::SetupCompleted => "setup_completed",
            Event::LogOn => "log_on",
            Event::LogOff => "log_off",
            Event::RegisterFailed => "register_failed",
            Event::Offhook => "offhook",
            Event::Onhook => "onhook",
            Event::IncomingCall => "incoming_call",
            Event::OutgoingCall => "outgoing_call",
            Event::CallEstablished => "call_established",
            Event::CallTerminated => "call_terminated",
            Event::OpenDnd => "open_dnd",
            Event::CloseDnd => "close_dnd",
            Event::OpenAlwaysForward => "open_always_forward",
            Event::CloseAlwaysForward => "close_always_forward",
            Event::OpenBusyForward => "open_busy_forward",
            Event::CloseBusyForward => "close_busy_forward",
            Event::OpenNoBusyForward => "open_no_busy_forward",
            Event::CloseNoBusyForward => "close_no_busy_forward",
        }
    }

    /// The field's name on the phone's Setting -> Action URL page, exactly as the guide shows
    /// it (the phone's words, so the setup help can say where to paste).
    pub fn phone_label(self) -> &'static str {
        match self {
            Event::SetupCompleted => "Setup Completed",
            Event::LogOn => "Log On",
            Event::LogOff => "Log Off",
            Event::RegisterFailed => "Register Failed",
            Event::Offhook => "Offhook",
            Event::Onhook => "Onhook",
            Event::IncomingCall => "Incoming Call",
            Event::OutgoingCall => "Outgoing Call",
            Event::CallEstablished => "Call Established",
            Event::CallTerminated => "Call Terminated",
            Event::OpenDnd => "Open DND",
            Event::CloseDnd => "Close DND",
            Event::OpenAlwaysForward => "Open Always Forward",
            Event::CloseAlwaysForward => "Close Always Forward",
            Event::OpenBusyForward => "Open Busy Forward",
            Event::CloseBusyForward => "Close Busy Forward",
            Event::OpenNoBusyForward => "Open No Busy Forward",
            Event::CloseNoBusyForward => "Close No Busy Forward",
        }
    }

    /// The event whose wire name is `name`; ASCII case and `-` for `_` are forgiven.
    pub fn from_wire(name: &str) -> Option<Event> {
        let wanted = name.to_ascii_lowercase().replace('-', "_");
        Event::ALL.into_iter().find(|e| e.wire() == wanted)
    }

    /// Whether the event is about a call (it carries `$remote` and `$call_id`).
    pub fn is_call(self) -> bool {
        matches!(
            self,
            Event::IncomingCall
                | Event::OutgoingCall
                | Event::CallEstablished
                | Event::CallTerminated
        )
    }
}

impl fmt::Display for Event {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.wire())
    }
}

/// Every variable of the guide, by the name used both after `$` and as the query parameter.
pub const VARIABLES: [&str; 12] = [
    "mac",
    "ip",
    "model",
    "firmware",
    "active_url",
    "active_user",
    "active_host",
    "local",
    "remote",
    "display_local",
    "display_remote",
    "call_id",
];

/// The variables of one event as the phone filled them in. `None`: not sent, empty, or left
/// unsubstituted (the literal `$remote`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Vars {
    /// `$mac`: the phone's MAC address.
    pub mac: Option<String>,
    /// `$ip`: the phone's IP address.
    pub ip: Option<String>,
    /// `$model`: the phone model.
    pub model: Option<String>,
    /// `$firmware`: the firmware version.
    pub firmware: Option<String>,
    /// `$active_url`: the SIP URI of the active outgoing identity.
    pub active_url: Option<String>,
    /// `$active_user`: the user part of it.
    pub active_user: Option<String>,
    /// `$active_host`: the host part of it.
    pub active_host: Option<String>,
    /// `$local`: the SIP URI of the local identity.
    pub local: Option<String>,
    /// `$remote`: the SIP URI (or number) of the other party.
    pub remote: Option<String>,
    /// `$display_local`: the phone's display name.
    pub display_local: Option<String>,
    /// `$display_remote`: the other party's display name.
    pub display_remote: Option<String>,
    /// `$call_id`: the call-id of the active call.
    pub call_id: Option<String>,
}

impl Vars {
    /// The variable called `name` (one of [`VARIABLES`]).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.slot(name).and_then(|v| v.as_deref())
    }

    fn slot(&self, name: &str) -> Option<&Option<String>> {
        Some(match name {
            "mac" => &self.mac,
            "ip" => &self.ip,
            "model" => &self.model,
            "firmware" => &self.firmware,
            "active_url" => &self.active_url,
            "active_user" => &self.active_user,
            "active_host" => &self.active_host,
            "local" => &self.local,
            "remote" => &self.remote,
            "display_local" => &self.display_local,
            "display_remote" => &self.display_remote,
            "call_id" => &self.call_id,
            _ => return None,
        })
    }

    fn slot_mut(&mut self, name: &str) -> Option<&mut Option<String>> {
        Some(match name {
            "mac" => &mut self.mac,
            "ip" => &mut self.ip,
            "model" => &mut self.model,
            "firmware" => &mut self.firmware,
            "active_url" => &mut self.active_url,
            "active_user" => &mut self.active_user,
            "active_host" => &mut self.active_host,
            "local" => &mut self.local,
            "remote" => &mut self.remote,
            "display_local" => &mut self.display_local,
            "display_remote" => &mut self.display_remote,
            "call_id" => &mut self.call_id,
            _ => return None,
        })
    }
}

/// One event the phone reported, with its variables.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EventReport {
    pub event: Event,
    #[serde(default)]
    pub vars: Vars,
}

impl EventReport {
    /// A report with no variables.
    pub fn new(event: Event) -> EventReport {
        EventReport {
            event,
            vars: Vars::default(),
        }
    }

    /// The other party's number, from `$remote` (see [`number_from_uri`]).
    pub fn caller_number(&self) -> Option<String> {
        self.vars.remote.as_deref().and_then(number_from_uri)
    }

    /// The other party's display name, from `$display_remote`, unless it only repeats the
    /// number or the URI.
    pub fn caller_name(&self) -> Option<&str> {
        let name = self.vars.display_remote.as_deref()?.trim();
        let number = self.caller_number();
        let repeats = number.as_deref() == Some(name) || self.vars.remote.as_deref() == Some(name);
        (!name.is_empty() && !repeats).then_some(name)
    }
}

/// The user part of a SIP URI, which for a phone call is the number:
/// `sip:0301234567@pbx.example` -> `0301234567`. Also reads `sips:` and `tel:` URIs, a name-addr
/// (`"Ada" <sip:0301234567@pbx>`), URI parameters (`;user=phone`) and a bare number or
/// `number@host`. `None` for an empty value or an unsubstituted `$variable`.
///
/// ```
/// use click_to_dial::incoming::number_from_uri;
/// assert_eq!(number_from_uri("sip:0301234567@pbx.example").as_deref(), Some("0301234567"));
/// assert_eq!(number_from_uri("0301234567").as_deref(), Some("0301234567"));
/// assert_eq!(number_from_uri("$remote"), None);
/// ```
pub fn number_from_uri(uri: &str) -> Option<String> {
    let mut s = uri.trim();
    if let Some(open) = s.find('<') {
        let inner = &s[open + 1..];
        s = inner.split('>').next().unwrap_or(inner);
    }
    for scheme in ["sips:", "sip:", "tel:"] {
        if s.len() >= scheme.len()
            && s.is_char_boundary(scheme.len())
            && s[..scheme.len()].eq_ignore_ascii_case(scheme)
        {
            s = &s[scheme.len()..];
            break;
        }
    }
    let user = s.split(['@', ';', '?']).next().unwrap_or_default().trim();
    (!user.is_empty() && !user.starts_with('$')).then(|| user.to_string())
}

/// The longest request target [`parse_target`] reads, in bytes.
pub const MAX_TARGET: usize = 4096;

/// Why a request target is not an event for this receiver. The receiver answers
/// [`EventError::status`] and tells the extension [`EventError::reason`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EventError {
    /// Longer than [`MAX_TARGET`].
    #[error("request target of {len} bytes, more than {MAX_TARGET}")]
    TooLong { len: usize },
    /// Not `/...` (nor `http://host/...`).
    #[error("request target is not a path")]
    NotAPath,
    /// A path segment has a bad `%` escape or is not UTF-8 once decoded.
    #[error("a path segment has a bad percent escape")]
    BadEncoding,
    /// The first path segment is not this install's token.
    #[error("wrong or missing token")]
    WrongToken,
    /// The token is right but no event follows it (or more than one segment does).
    #[error("no event after the token")]
    MissingEvent,
    /// The token is right but the event's name is not one of [`Event::ALL`].
    #[error("unknown event {0:?}")]
    UnknownEvent(String),
}

impl EventError {
    /// The HTTP status the receiver answers.
    pub fn status(&self) -> u16 {
        match self {
            EventError::TooLong { .. } => 414,
            EventError::NotAPath | EventError::BadEncoding => 400,
            EventError::WrongToken => 403,
            EventError::MissingEvent | EventError::UnknownEvent(_) => 404,
        }
    }

    /// What the extension is told.
    pub fn reason(&self) -> native::RefuseReason {
        use native::RefuseReason as R;
        match self {
            EventError::TooLong { .. } => R::TooLong,
            EventError::NotAPath | EventError::BadEncoding => R::Malformed,
            EventError::WrongToken => R::WrongToken,
            EventError::MissingEvent | EventError::UnknownEvent(_) => R::UnknownEvent,
        }
    }
}

/// Reads one request target, `/<token>/<event>?name=value&...`, into the token it carries and
/// the report. Tolerant of how phones write it: an absolute-form target (`http://host/...`),
/// empty or trailing slashes, values raw or percent-encoded (a `%` that starts no escape stays
/// a `%`, bytes that are not UTF-8 become U+FFFD), a raw `&` inside a value (a piece without `=` joins the value
/// before it), unknown parameters (ignored), repeated ones (the
/// first counts), variables left unsubstituted (`$remote`: `None`), and control characters
/// (replaced by spaces). Never panics.
///
/// # Errors
///
/// [`EventError`]: too long, not a path, a badly escaped path, no event or an unknown one. The
/// token is not checked here: [`check_target`] does.
pub fn parse_target(target: &str) -> Result<(String, EventReport), EventError> {
    let (token, event, query) = split_target(target)?;
    let name = event.ok_or(EventError::MissingEvent)?;
    let event = Event::from_wire(&name).ok_or(EventError::UnknownEvent(name))?;
    Ok((
        token,
        EventReport {
            event,
            vars: parse_query(query),
        },
    ))
}

/// [`parse_target`], and the token must be `token`; checked before the event is looked at, so a
/// stranger learns nothing about the paths.
///
/// # Errors
///
/// [`EventError::WrongToken`] for any other token (or none), else as [`parse_target`].
pub fn check_target(target: &str, token: &str) -> Result<EventReport, EventError> {
    let (sent, event, query) = split_target(target)?;
    if token.is_empty() || !same_secret(&sent, token) {
        return Err(EventError::WrongToken);
    }
    let name = event.ok_or(EventError::MissingEvent)?;
    let event = Event::from_wire(&name).ok_or(EventError::UnknownEvent(name))?;
    Ok(EventReport {
        event,
        vars: parse_query(query),
    })
}

/// Checks the target of a POSTed notification (Poly's XML): the token path, `/<token>` (a
/// trailing `/` and a query are forgiven), nothing after it; the event is in the body.
///
/// # Errors
///
/// [`EventError::WrongToken`] for any other token (or none), checked first;
/// [`EventError::UnknownEvent`] with an event segment after the token, [`EventError::NotAPath`]
/// with more; else as [`parse_target`].
pub fn check_post_target(target: &str, token: &str) -> Result<(), EventError> {
    let (sent, event, _) = split_target(target)?;
    if token.is_empty() || !same_secret(&sent, token) {
        return Err(EventError::WrongToken);
    }
    let path = strip_origin(target).unwrap_or_default();
    let path = path.split('?').next().unwrap_or_default();
    let segments = path.split('/').filter(|s| !s.is_empty()).count();
    match (event, segments) {
        (_, 1) => Ok(()),
        (Some(name), _) => Err(EventError::UnknownEvent(name)),
        (None, _) => Err(EventError::NotAPath),
    }
}

/// The decoded token, the decoded event segment (if exactly one follows) and the raw query.
fn split_target(target: &str) -> Result<(String, Option<String>, &str), EventError> {
    if target.len() > MAX_TARGET {
        return Err(EventError::TooLong { len: target.len() });
    }
    let path = strip_origin(target).ok_or(EventError::NotAPath)?;
    let (path, query) = path.split_once('?').unwrap_or((path, ""));
    let mut segments = path.split('/').filter(|s| !s.is_empty());
    let token = match segments.next() {
        Some(raw) => strict_decode(raw)?,
        None => String::new(),
    };
    let event = match (segments.next(), segments.next()) {
        (Some(raw), None) => Some(strict_decode(raw)?),
        _ => None,
    };
    Ok((token, event, query))
}

/// The path and query of an origin-form (`/...`) or absolute-form (`http://host/...`) target.
fn strip_origin(target: &str) -> Option<&str> {
    if target.starts_with('/') {
        return Some(target);
    }
    let rest = HttpUrl::split(target)?.rest;
    Some(if rest.starts_with('/') { rest } else { "/" })
}

/// Compares two secrets without stopping at the first difference.
fn same_secret(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn parse_query(query: &str) -> Vars {
    let mut vars = Vars::default();
    // The variable the last piece went to, so a stray piece (a raw `&` in a value) can join it.
    let mut last: Option<&str> = None;
    let mut raw_values: Vec<(&str, String)> = Vec::new();
    for piece in query.split('&') {
        let known = piece.split_once('=').and_then(|(name, value)| {
            let name = decode_lenient(name).to_ascii_lowercase();
            VARIABLES.iter().find(|v| **v == name).map(|v| (*v, value))
        });
        match known {
            Some((name, value)) if !raw_values.iter().any(|(n, _)| *n == name) => {
                raw_values.push((name, value.to_string()));
                last = Some(name);
            }
            Some(_) => last = None,
            None if piece.contains('=') => last = None,
            None => {
                if let Some((_, value)) =
                    last.and_then(|l| raw_values.iter_mut().find(|(n, _)| *n == l))
                {
                    value.push('&');
                    value.push_str(piece);
                }
            }
        }
    }
    for (name, raw) in raw_values {
        let value = clean_value(&decode_lenient(&raw));
        // A `$variable` the phone left as it is: any brand's name (`$call-id`, `$phone_ip`).
        let unsubstituted = value.strip_prefix('$').is_some_and(|rest| {
            !rest.is_empty()
                && rest
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        });
        if let Some(slot) = vars.slot_mut(name) {
            *slot = (!value.is_empty() && !unsubstituted).then_some(value);
        }
    }
    vars
}

/// Control characters to spaces, surrounding whitespace trimmed.
fn clean_value(value: &str) -> String {
    value
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .trim()
        .to_string()
}

/// Decodes `%XX` escapes; a bad escape or bytes that are not UTF-8 are an error.
fn strict_decode(s: &str) -> Result<String, EventError> {
    decode_strict(s).ok_or(EventError::BadEncoding)
}

/// The shortest token [`validate_token`] accepts.
pub const MIN_TOKEN: usize = 16;
/// The longest token [`validate_token`] accepts.
pub const MAX_TOKEN: usize = 64;

/// Why a token is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    /// Fewer than [`MIN_TOKEN`] or more than [`MAX_TOKEN`] characters.
    #[error("the token must be {MIN_TOKEN} to {MAX_TOKEN} characters long")]
    Length,
    /// A character other than ASCII letters, digits, `-` and `_`.
    #[error("the token may only have letters, digits, - and _")]
    Characters,
}

/// Checks a token: [`MIN_TOKEN`]..=[`MAX_TOKEN`] of `A-Z a-z 0-9 - _`, so it goes into a URL
/// path as it is.
///
/// # Errors
///
/// [`TokenError`] saying what is wrong.
pub fn validate_token(token: &str) -> Result<(), TokenError> {
    if !(MIN_TOKEN..=MAX_TOKEN).contains(&token.len()) {
        return Err(TokenError::Length);
    }
    if !token
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return Err(TokenError::Characters);
    }
    Ok(())
}

/// A token from random bytes (the extension passes 16 from `crypto.getRandomValues`): lowercase
/// hex, 32 characters for 16 bytes.
pub fn token_from_random(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "0123456789abcdef0123456789abcdef";

    /// A POST (Poly's notification) goes to the token path alone.
    #[test]
    fn post_targets_table() {
        let cases: [(String, Result<(), EventError>); 7] = [
            (format!("/{TOKEN}"), Ok(())),
            (format!("/{TOKEN}/"), Ok(())),
            (format!("http://192.168.0.50:8765/{TOKEN}?x=1"), Ok(())),
            ("/wrong-token".into(), Err(EventError::WrongToken)),
            ("/".into(), Err(EventError::WrongToken)),
            (
                format!("/{TOKEN}/incoming_call"),
                Err(EventError::UnknownEvent("incoming_call".into())),
            ),
            (format!("/{TOKEN}/a/b"), Err(EventError::NotAPath)),
        ];
        for (target, expected) in cases {
            assert_eq!(check_post_target(&target, TOKEN), expected, "{target}");
        }
    }

    fn vars_of(target: &str) -> Vars {
        match check_target(target, TOKEN) {
            Ok(report) => report.vars,
            Err(e) => panic!("{target}: {e}"),
        }
    }

    #[test]
    fn wire_names_are_unique_and_round_trip() {
        for event in Event::ALL {
            assert_eq!(Event::from_wire(event.wire()), Some(event), "{event}");
            let json = serde_json::to_string(&event).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", event.wire()));
            assert_eq!(
                Event::ALL
                    .iter()
                    .filter(|e| e.wire() == event.wire())
                    .count(),
                1
            );
        }
        assert_eq!(Event::from_wire("Incoming-Call"), Some(Event::IncomingCall));
        assert_eq!(Event::from_wire("incomingcall"), None);
    }

    /// The labels, in order, are the guide's table: the copy in the repository always, and the
    /// guide itself when it is beside the repository (the copy must not drift from it).
    #[test]
    fn phone_labels_are_the_guides_table() {
        let root = env!("CARGO_MANIFEST_DIR");
        let copy = std::fs::read_to_string(format!("{root}/tests/data/htek-action-url-events.txt"))
            .expect("tests/data/htek-action-url-events.txt is in the repository");
        let copied: Vec<&str> = copy.lines().filter(|l| !l.starts_with('#')).collect();
        let labels: Vec<&str> = Event::ALL.iter().map(|e| e.phone_label()).collect();
        assert_eq!(labels, copied);
        if let Ok(guide) = std::fs::read_to_string(format!(
            "{root}/../shared/reference/htek-action-url-guide.txt"
        )) {
            let table: Vec<&str> = guide
                .lines()
                .filter_map(|l| l.strip_suffix("\t<input type=\"text\"/>\t?"))
                .collect();
            assert_eq!(copied, table, "the copy differs from the guide");
        }
    }

    #[test]
    fn number_from_uri_table() {
        let cases: &[(&str, Option<&str>)] = &[
            ("sip:0301234567@pbx.example", Some("0301234567")),
            ("0301234567", Some("0301234567")),
            ("+49301234567", Some("+49301234567")),
            ("sips:206@10.0.0.1:5061", Some("206")),
            ("SIP:206@pbx", Some("206")),
            ("tel:+49301234567;phone-context=x", Some("+49301234567")),
            ("sip:+49301234567@pbx;user=phone", Some("+49301234567")),
            ("\"Ada\" <sip:0301234567@pbx>", Some("0301234567")),
            ("<sip:206@pbx>;tag=1", Some("206")),
            ("206@192.168.0.1", Some("206")),
            ("sip:alice@pbx", Some("alice")),
            (" 206 ", Some("206")),
            ("$remote", None),
            ("", None),
            ("sip:@pbx", None),
            ("<", None),
            ("sip", Some("sip")),
            ("é", Some("é")),
        ];
        for (uri, expected) in cases {
            assert_eq!(number_from_uri(uri).as_deref(), *expected, "{uri}");
        }
    }

    #[test]
    fn a_full_report_has_every_variable() {
        let setup = ActionUrlSetup::new("http://192.168.0.50:8765", TOKEN)
            .unwrap_or_else(|e| panic!("{e}"));
        // The phone's literal substitution of the URL we asked for.
        let values = [
            ("mac", "001fc11a8b6c"),
            ("ip", "192.168.0.157"),
            ("model", "UC926"),
            ("firmware", "2.0.4.4.52"),
            ("active_url", "sip:201@pbx.example"),
            ("active_user", "201"),
            ("active_host", "pbx.example"),
            ("local", "sip:201@pbx.example"),
            ("remote", "sip:0301234567@pbx.example"),
            ("display_local", "Desk 201"),
            ("display_remote", "Ada Lovelace"),
            ("call_id", "3c2a@192.168.0.157"),
        ];
        let mut url = setup.url(Event::CallEstablished);
        // Longest names first so `$display_remote` is not eaten by `$remote`'s replacement.
        let mut by_length = values;
        by_length.sort_by_key(|(n, _)| std::cmp::Reverse(n.len()));
        for (name, value) in by_length {
            url = url.replace(&format!("${name}"), value);
        }
        let target = url
            .strip_prefix("http://192.168.0.50:8765")
            .unwrap_or_default();
        let (token, report) = parse_target(target).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(token, TOKEN);
        assert_eq!(report.event, Event::CallEstablished);
        for (name, value) in values {
            assert_eq!(report.vars.get(name), Some(value), "{name}");
        }
        assert_eq!(report.caller_number().as_deref(), Some("0301234567"));
        assert_eq!(report.caller_name(), Some("Ada Lovelace"));
        // Absolute form too.
        assert_eq!(parse_target(&url).map(|(_, r)| r), Ok(report));
    }

    #[test]
    fn tolerant_values_table() {
        let t = |q: &str| format!("/{TOKEN}/incoming_call?{q}");
        type Check = fn(&Vars) -> bool;
        let cases: &[(&str, String, Check)] = &[
            (
                "encoded",
                t("remote=sip%3A0301234567%40pbx&display_remote=Ada%20L"),
                |v| {
                    v.remote.as_deref() == Some("sip:0301234567@pbx")
                        && v.display_remote.as_deref() == Some("Ada L")
                },
            ),
            (
                "raw",
                t("remote=sip:0301234567@pbx&display_remote=Ada L"),
                |v| {
                    v.remote.as_deref() == Some("sip:0301234567@pbx")
                        && v.display_remote.as_deref() == Some("Ada L")
                },
            ),
            (
                "unsubstituted",
                t("remote=$remote&display_remote=%24display_remote&call_id=$call_id"),
                |v| *v == Vars::default(),
            ),
            ("empty", t("remote=&display_remote="), |v| {
                *v == Vars::default()
            }),
            ("plus kept", t("remote=+49301234567"), |v| {
                v.remote.as_deref() == Some("+49301234567")
            }),
            ("lone percent kept", t("display_remote=100% Sales"), |v| {
                v.display_remote.as_deref() == Some("100% Sales")
            }),
            (
                "raw ampersand joins",
                t("display_remote=Smith & Co&call_id=9"),
                |v| {
                    v.display_remote.as_deref() == Some("Smith & Co")
                        && v.call_id.as_deref() == Some("9")
                },
            ),
            ("unknown ignored", t("x=1&remote=206&t=5"), |v| {
                v.remote.as_deref() == Some("206")
            }),
            ("first wins", t("remote=206&remote=207"), |v| {
                v.remote.as_deref() == Some("206")
            }),
            ("name case", t("REMOTE=206"), |v| {
                v.remote.as_deref() == Some("206")
            }),
            ("latin-1 byte", t("display_remote=M%FCller"), |v| {
                v.display_remote.as_deref() == Some("M\u{fffd}ller")
            }),
            ("utf-8", t("display_remote=M%C3%BCller"), |v| {
                v.display_remote.as_deref() == Some("Müller")
            }),
            ("control chars", t("display_remote=A%0D%0AB%00"), |v| {
                v.display_remote.as_deref() == Some("A  B")
            }),
            ("no query", format!("/{TOKEN}/incoming_call"), |v| {
                *v == Vars::default()
            }),
            (
                "trailing slash",
                format!("/{TOKEN}/incoming_call/?call_id=1"),
                |v| v.call_id.as_deref() == Some("1"),
            ),
            (
                "double slashes",
                format!("//{TOKEN}//incoming_call?call_id=1"),
                |v| v.call_id.as_deref() == Some("1"),
            ),
        ];
        for (name, target, check) in cases {
            let vars = vars_of(target);
            assert!(check(&vars), "{name}: {target} -> {vars:?}");
        }
    }

    #[test]
    fn errors_table() {
        let long = format!(
            "/{TOKEN}/incoming_call?display_remote={}",
            "x".repeat(MAX_TARGET)
        );
        let cases: &[(String, EventError, u16)] = &[
            (
                format!("/{TOKEN}/ringing"),
                EventError::UnknownEvent("ringing".into()),
                404,
            ),
            (format!("/{TOKEN}"), EventError::MissingEvent, 404),
            (
                format!("/{TOKEN}/incoming_call/x"),
                EventError::MissingEvent,
                404,
            ),
            ("/wrong/incoming_call".into(), EventError::WrongToken, 403),
            (
                format!("/{TOKEN}x/incoming_call"),
                EventError::WrongToken,
                403,
            ),
            (
                format!("/{}/incoming_call", &TOKEN[1..]),
                EventError::WrongToken,
                403,
            ),
            ("/".into(), EventError::WrongToken, 403),
            ("/favicon.ico".into(), EventError::WrongToken, 403),
            ("/wrong/ringing".into(), EventError::WrongToken, 403),
            ("*".into(), EventError::NotAPath, 400),
            ("".into(), EventError::NotAPath, 400),
            ("incoming_call".into(), EventError::NotAPath, 400),
            (format!("/{TOKEN}/incoming%2"), EventError::BadEncoding, 400),
            (format!("/{TOKEN}/%FF"), EventError::BadEncoding, 400),
            (long.clone(), EventError::TooLong { len: long.len() }, 414),
        ];
        for (target, expected, status) in cases {
            let got = check_target(target, TOKEN);
            assert_eq!(got.as_ref().err(), Some(expected), "{target}");
            assert_eq!(expected.status(), *status, "{target}");
        }
        // An empty expected token matches nothing, not even an empty one.
        assert_eq!(
            check_target("//incoming_call", ""),
            Err(EventError::WrongToken)
        );
        // Encoded token and event are decoded before they are compared.
        assert!(check_target(&format!("/{TOKEN}/incoming%5Fcall"), TOKEN).is_ok());
    }

    #[test]
    fn setup_urls_and_snippet() {
        let setup =
            ActionUrlSetup::new("192.168.0.50:8765/", TOKEN).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(setup.base_url(), "http://192.168.0.50:8765");
        assert_eq!(
            setup.url(Event::IncomingCall),
            format!(
                "http://192.168.0.50:8765/{TOKEN}/incoming_call?mac=$mac&ip=$ip&model=$model&firmware=$firmware&active_url=$active_url&active_user=$active_user&active_host=$active_host&local=$local&remote=$remote&display_local=$display_local&display_remote=$display_remote&call_id=$call_id"
            )
        );
        assert_eq!(setup.all().len(), 18);
        let snippet = setup.provisioning_snippet();
        assert!(snippet.contains("not verified"), "{snippet}");
        assert!(snippet.contains(&format!(
            "\nClose No Busy Forward = http://192.168.0.50:8765/{TOKEN}/close_no_busy_forward?mac=$mac&"
        )));
        assert_eq!(snippet.lines().filter(|l| !l.starts_with('#')).count(), 18);
        // Every URL the setup writes is one the parser reads back as its event.
        for (event, url) in setup.all() {
            assert_eq!(check_target(&url, TOKEN).map(|r| r.event), Ok(event));
        }
    }

    #[test]
    fn setup_refuses_bad_addresses_and_tokens() {
        let bad = [
            "",
            "https://192.168.0.50:8765",
            "ftp://x",
            "http://",
            "http://a b",
            "http://host/path",
            "http://user@host",
            ":8765",
            "http://host?x",
        ];
        for base in bad {
            assert_eq!(
                ActionUrlSetup::new(base, TOKEN),
                Err(SetupError::BadBaseUrl),
                "{base}"
            );
        }
        assert!(ActionUrlSetup::new("HTTP://pc.office.lan:8765", TOKEN).is_ok());
        assert!(ActionUrlSetup::new("[fe80::1]:8765", TOKEN).is_ok());
        assert_eq!(
            ActionUrlSetup::new("http://pc", "short"),
            Err(SetupError::BadToken(TokenError::Length))
        );
    }

    #[test]
    fn tokens() {
        let token = token_from_random(&[0, 1, 0xab, 0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10]);
        assert_eq!(token, "0001abff000000000000000000000010");
        assert_eq!(validate_token(&token), Ok(()));
        assert_eq!(validate_token("abc"), Err(TokenError::Length));
        assert_eq!(validate_token(&"a".repeat(65)), Err(TokenError::Length));
        assert_eq!(
            validate_token("0123456789abcdef/"),
            Err(TokenError::Characters)
        );
        assert_eq!(validate_token("0123456789_abc-DEF"), Ok(()));
    }

    #[test]
    fn report_json_shape() {
        let mut report = EventReport::new(Event::IncomingCall);
        report.vars.display_remote = Some("Ada".into());
        report.vars.call_id = Some("1".into());
        let json = serde_json::to_value(&report).unwrap_or_default();
        assert_eq!(json["event"], "incoming_call");
        assert_eq!(json["vars"]["displayRemote"], "Ada");
        assert_eq!(json["vars"]["callId"], "1");
        assert_eq!(json["vars"]["activeUrl"], serde_json::Value::Null);
        let back: EventReport = serde_json::from_value(json).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(back, report);
        let sparse: EventReport =
            serde_json::from_str(r#"{"event":"open_dnd"}"#).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(sparse, EventReport::new(Event::OpenDnd));
    }

    #[test]
    fn caller_name_skips_repeats() {
        let mut report = EventReport::new(Event::IncomingCall);
        report.vars.remote = Some("sip:206@pbx".into());
        report.vars.display_remote = Some("206".into());
        assert_eq!(report.caller_name(), None);
        report.vars.display_remote = Some("sip:206@pbx".into());
        assert_eq!(report.caller_name(), None);
        report.vars.display_remote = Some("  ".into());
        assert_eq!(report.caller_name(), None);
        report.vars.display_remote = Some("Reception".into());
        assert_eq!(report.caller_name(), Some("Reception"));
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Any target parses or fails without panicking; a report has no empty or control
        /// characters in its values, and no unsubstituted variable.
        #[test]
        fn any_target_never_panics(target in "\\PC{0,300}") {
            let _ = check_target(&target, "0123456789abcdef");
            if let Ok((_, report)) = parse_target(&target) {
                for name in VARIABLES {
                    if let Some(value) = report.vars.get(name) {
                        prop_assert!(!value.is_empty());
                        prop_assert!(!value.chars().any(char::is_control));
                        prop_assert!(!(value.starts_with('$') && VARIABLES.contains(&&value[1..])));
                    }
                }
            }
        }

        #[test]
        fn any_bytes_in_a_known_shape_never_panic(
            event in "[a-z_%]{0,20}",
            query in "[a-z_=&%$+0-9A-F:@ .\\x00-\\x1f\u{e9}\u{1f600}]{0,200}",
        ) {
            let target = format!("/0123456789abcdef/{event}?{query}");
            let _ = check_target(&target, "0123456789abcdef");
            let _ = number_from_uri(&query);
        }
    }
}
