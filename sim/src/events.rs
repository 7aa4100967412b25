//! The phone's other direction, **Action URL**: on an event (an incoming call, a call
//! established, DND switched on, ...) the phone sends a GET to the URL configured for that
//! event, each `$variable` in it replaced literally by its value, as the guide shows:
//! `http://192.168.0.252/$mac/$ip` becomes `http://192.168.0.252/001fc11a8b6c/192.168.0.157`.
//!
//! This module is the pure part and the client: the Htek event names ([`EVENTS`], the same wire
//! names the extension uses in its URLs), each brand's events as data ([`EventTable`]: the
//! names its configuration gives them, which [`Happening`] each reports, its `$variables` and
//! what each stands for; the tables are in `crate::brand`), the values ([`PhoneVars`],
//! [`substitute`] for Htek, [`EventTable::substitute`] for any brand), the check that a URL goes
//! to loopback only ([`check_url`], [`check_url_in`]), and the request itself ([`send`], a
//! GET; [`post_xml`], the POST of a Poly notification), with a short timeout. Values are inserted as the phone has them (`$remote` is
//! `sip:0301234567@pbx.example`); only bytes that cannot stand in an HTTP request line
//! (spaces, control characters, non-ASCII) are percent-escaped on the wire (`percent-encoding`),
//! as an HTTP client must, and the answer's head is read with `httparse`.
//!
//! A URL is split into host, port and target here rather than by the `url` crate, because
//! `url` rewrites the target the phone sends as written (it resolves `.` and `..` segments,
//! escapes `"`, `<` and `{`, turns `\` into `/`) and reads hosts such as `127.1` as addresses,
//! while the simulator needs only a literal loopback address or `localhost`, a port, and the
//! target as substituted.
//!
//! ```
//! use htek_sim::events::{substitute, PhoneVars};
//!
//! let vars = PhoneVars { remote: "sip:206@pbx".into(), ..PhoneVars::default() };
//! assert_eq!(
//!     substitute("http://127.0.0.1:8765/t/incoming_call?mac=$mac&remote=$remote&x=$nothing", &vars),
//!     "http://127.0.0.1:8765/t/incoming_call?mac=001fc11a8b6c&remote=sip:206@pbx&x=$nothing"
//! );
//! ```

use std::fmt;
use std::io::{Read, Write};
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpStream};
use std::time::Duration;

use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};
use serde::{Deserialize, Serialize};

/// Every event of the phone's Setting -> Action URL page, by its wire name, in the page's order.
pub const EVENTS: [&str; 18] = [
    "setup_completed",
    "log_on",
    "log_off",
    "register_failed",
    "offhook",
    "onhook",
    "incoming_call",
    "outgoing_call",
    "call_established",
    "call_terminated",
    "open_dnd",
    "close_dnd",
    "open_always_forward",
    "close_always_forward",
    "open_busy_forward",
    "close_busy_forward",
    "open_no_busy_forward",
    "close_no_busy_forward",
];

/// How long connecting, sending and reading the answer may each take.
pub const SEND_TIMEOUT: Duration = Duration::from_secs(2);

/// What happened on the phone, whatever the brand calls it: each brand's [`EventTable`] names
/// the event (if any) its configuration has for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Happening {
    /// A call comes in (`/__sim/ring`).
    Incoming,
    /// The phone dials out.
    Outgoing,
    /// A call is answered.
    Established,
    /// A call ends.
    Terminated,
    /// Do not disturb switched on.
    DndOn,
    /// Do not disturb switched off.
    DndOff,
}

/// A value the phone has, which a brand's `$variable` names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Var {
    Mac,
    Ip,
    Model,
    Firmware,
    ActiveUrl,
    ActiveUser,
    ActiveHost,
    Local,
    /// The other party as a SIP URI (`sip:206@pbx.example`).
    Remote,
    /// The other party's number alone (`206`).
    RemoteNumber,
    DisplayLocal,
    DisplayRemote,
    CallId,
}

/// How a brand delivers an event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Delivery {
    /// `GET` of the configured URL, its `$variables` replaced (Action URL).
    Get,
    /// `POST` of an XML document to the configured URL, which has no variables (Poly's
    /// telephony event notifications).
    PostXml,
}

/// One brand's events: the names its configuration gives them, which of them the simulator
/// sends and when, and its `$variables`. Plain data, one `const` per brand (`crate::brand`).
#[derive(Debug)]
pub struct EventTable {
    /// Every event name the brand's configuration knows (a URL may be set for each), in the
    /// order its documentation lists them.
    pub events: &'static [&'static str],
    /// The event the phone sends for each happening it reports.
    pub on: &'static [(Happening, &'static str)],
    /// The `$variables` (without `$`) and what each stands for, longest name first, so that
    /// `$display_remote` is never read as `$display` or `$remote`.
    pub vars: &'static [(&'static str, Var)],
    pub delivery: Delivery,
}

impl EventTable {
    /// The event this brand sends for `happening`, if it reports it.
    pub fn name_for(&self, happening: Happening) -> Option<&'static str> {
        self.on
            .iter()
            .find(|(h, _)| *h == happening)
            .map(|(_, name)| *name)
    }

    /// Whether `event` is one of this brand's event names.
    pub fn knows(&self, event: &str) -> bool {
        self.events.contains(&event)
    }

    /// Replaces each of this brand's `$variables` in `template` with its value, literally,
    /// longest name first at each `$`; a `$` that starts no variable's name stays.
    pub fn substitute(&self, template: &str, vars: &PhoneVars) -> String {
        let mut out = String::with_capacity(template.len() + 64);
        let mut rest = template;
        while let Some(at) = rest.find('$') {
            out.push_str(&rest[..at]);
            let after = &rest[at + 1..];
            match self.vars.iter().find(|(name, _)| after.starts_with(name)) {
                Some((name, var)) => {
                    out.push_str(vars.get(*var));
                    rest = &after[name.len()..];
                }
                None => {
                    out.push('$');
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }
}

/// The values the simulated phone has for each `$variable`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhoneVars {
    pub mac: String,
    pub ip: String,
    pub model: String,
    pub firmware: String,
    pub active_url: String,
    pub active_user: String,
    pub active_host: String,
    pub local: String,
    pub remote: String,
    /// The other party's number (what `remote` is the SIP URI of).
    #[serde(default)]
    pub remote_number: String,
    pub display_local: String,
    pub display_remote: String,
    pub call_id: String,
}

impl Default for PhoneVars {
    /// The guide's example phone (MAC 001fc11a8b6c), on loopback, account 201 at pbx.example,
    /// no call.
    fn default() -> PhoneVars {
        PhoneVars {
            mac: "001fc11a8b6c".into(),
            ip: "127.0.0.1".into(),
            model: "UC926".into(),
            firmware: "2.0.4.4.52".into(),
            active_url: "sip:201@pbx.example".into(),
            active_user: "201".into(),
            active_host: "pbx.example".into(),
            local: "sip:201@pbx.example".into(),
            remote: String::new(),
            remote_number: String::new(),
            display_local: "Desk 201".into(),
            display_remote: String::new(),
            call_id: String::new(),
        }
    }
}

impl PhoneVars {
    /// The value of `var`.
    pub fn get(&self, var: Var) -> &str {
        match var {
            Var::Mac => &self.mac,
            Var::Ip => &self.ip,
            Var::Model => &self.model,
            Var::Firmware => &self.firmware,
            Var::ActiveUrl => &self.active_url,
            Var::ActiveUser => &self.active_user,
            Var::ActiveHost => &self.active_host,
            Var::Local => &self.local,
            Var::Remote => &self.remote,
            Var::RemoteNumber => &self.remote_number,
            Var::DisplayLocal => &self.display_local,
            Var::DisplayRemote => &self.display_remote,
            Var::CallId => &self.call_id,
        }
    }
}

/// Replaces each Htek `$variable` in `template` with its value, literally, longest name first
/// at each `$`; a `$` that starts no variable's name stays (the Htek [`EventTable`]'s
/// [`EventTable::substitute`]).
pub fn substitute(template: &str, vars: &PhoneVars) -> String {
    crate::brand::htek::EVENTS_TABLE.substitute(template, vars)
}

/// Why an Action URL cannot be used or sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UrlError {
    /// Not `http://host[:port]/...` (the phone sends plain HTTP).
    NotHttp,
    /// The host is not a loopback address (the simulator sends nowhere else).
    NotLoopback(String),
    /// Not one of [`EVENTS`].
    UnknownEvent(String),
}

impl fmt::Display for UrlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UrlError::NotHttp => f.write_str("an Action URL must be http://HOST[:PORT]/..."),
            UrlError::NotLoopback(host) => write!(
                f,
                "{host} is not a loopback address; the simulator only sends to 127.0.0.0/8, ::1 or localhost"
            ),
            UrlError::UnknownEvent(e) => write!(f, "unknown event {e:?}"),
        }
    }
}

impl std::error::Error for UrlError {}

/// Where a URL goes: the socket address, the `Host` header, the request target as written.
fn split_url(url: &str) -> Result<(SocketAddr, String, String), UrlError> {
    let rest = url
        .get(..7)
        .filter(|s| s.eq_ignore_ascii_case("http://"))
        .map(|_| &url[7..])
        .ok_or(UrlError::NotHttp)?;
    let end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, path) = rest.split_at(end);
    let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
        let (host, after) = v6.split_once(']').ok_or(UrlError::NotHttp)?;
        (host, after.strip_prefix(':'))
    } else {
        match authority.rsplit_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        }
    };
    let port: u16 = match port {
        None => 80,
        Some(p) => p.parse().map_err(|_| UrlError::NotHttp)?,
    };
    let ip: IpAddr = if host.eq_ignore_ascii_case("localhost") {
        IpAddr::V4(Ipv4Addr::LOCALHOST)
    } else {
        host.parse()
            .map_err(|_| UrlError::NotLoopback(host.to_string()))?
    };
    if !ip.to_canonical().is_loopback() {
        return Err(UrlError::NotLoopback(host.to_string()));
    }
    let target = if path.starts_with('/') {
        path.to_string()
    } else {
        format!("/{path}")
    };
    Ok((SocketAddr::new(ip, port), authority.to_string(), target))
}

/// Checks that `event` is known and `url` (a template or a substituted URL) is an `http://` URL
/// to a loopback host.
///
/// # Errors
///
/// [`UrlError`] saying what is wrong.
pub fn check_url(event: &str, url: &str) -> Result<(), UrlError> {
    check_url_in(&crate::brand::htek::EVENTS_TABLE, event, url)
}

/// Checks that `event` is one of `table`'s and `url` is an `http://` URL to a loopback host.
///
/// # Errors
///
/// [`UrlError`] saying what is wrong.
pub fn check_url_in(table: &EventTable, event: &str, url: &str) -> Result<(), UrlError> {
    if !table.knows(event) {
        return Err(UrlError::UnknownEvent(event.to_string()));
    }
    split_url(url).map(drop)
}

/// What cannot stand in a request line: control characters, space and `DEL` (`percent-encoding`
/// escapes every non-ASCII byte as well).
const NOT_IN_REQUEST_LINE: &AsciiSet = &CONTROLS.add(b' ');

/// Percent-escapes what cannot stand in a request line: spaces, control characters, `DEL` and
/// non-ASCII bytes. Everything else (`&`, `:`, `@`, `+`, `%`) goes as it is.
pub fn wire_target(target: &str) -> String {
    utf8_percent_encode(target, NOT_IN_REQUEST_LINE).to_string()
}

/// One Action URL the phone sent, as `/__sim/events-sent` shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentEvent {
    pub time_ms: u64,
    pub event: String,
    /// The URL after substitution, before wire escaping.
    pub url: String,
    /// The answer's status; 0 when there was none.
    pub status: u16,
    /// Why there was no answer (refused URL, connection refused, timeout).
    pub error: Option<String>,
    /// The document sent with a `POST` (Poly's XML notifications); `None` for a `GET`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
}

/// Sends `GET url` (loopback only) and returns the answer's status.
///
/// # Errors
///
/// A message when the URL is refused, nobody answers within [`SEND_TIMEOUT`], or the answer is
/// not HTTP.
pub fn send(url: &str) -> Result<u16, String> {
    send_request(url, None)
}

/// Sends `POST url` (loopback only) with `body` as `Content-Type: text/xml`, as Poly phones
/// send their telephony event notifications, and returns the answer's status.
///
/// # Errors
///
/// As [`send`].
pub fn post_xml(url: &str, body: &str) -> Result<u16, String> {
    send_request(url, Some(body))
}

/// `GET url`, or `POST url` with an XML `body`; the answer's status.
fn send_request(url: &str, body: Option<&str>) -> Result<u16, String> {
    let (addr, host, target) = split_url(url).map_err(|e| e.to_string())?;
    let mut conn = TcpStream::connect_timeout(&addr, SEND_TIMEOUT).map_err(|e| e.to_string())?;
    let _ = conn.set_read_timeout(Some(SEND_TIMEOUT));
    let _ = conn.set_write_timeout(Some(SEND_TIMEOUT));
    let target = wire_target(&target);
    let request = match body {
        None => format!(
            "GET {target} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: htek-sim\r\nConnection: close\r\n\r\n"
        ),
        Some(body) => format!(
            "POST {target} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: htek-sim\r\n\
             Content-Type: text/xml\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        ),
    };
    conn.write_all(request.as_bytes())
        .map_err(|e| e.to_string())?;
    let mut answer = Vec::new();
    let mut chunk = [0u8; 1024];
    // The answer's head is enough; stop at its end or after 16 KiB.
    loop {
        let mut slots = crate::http::header_slots(&answer);
        let mut head = httparse::Response::new(&mut slots);
        match head.parse(&answer) {
            Ok(httparse::Status::Complete(_)) => {
                return head.code.ok_or_else(|| NOT_HTTP.to_string())
            }
            Ok(httparse::Status::Partial) if answer.len() < 16 * 1024 => {}
            _ => return Err(NOT_HTTP.to_string()),
        }
        match conn.read(&mut chunk) {
            Ok(0) => return Err(NOT_HTTP.to_string()),
            Ok(n) => answer.extend_from_slice(&chunk[..n]),
            Err(e) => return Err(e.to_string()),
        }
    }
}

/// Why [`send`] got no status from an answer.
const NOT_HTTP: &str = "the answer is not HTTP";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn substitution_table() {
        let vars = PhoneVars {
            ip: "192.168.0.157".into(),
            remote: "sip:0301234567@pbx.example".into(),
            display_remote: "Ada Lovelace".into(),
            call_id: "c1@x".into(),
            ..PhoneVars::default()
        };
        let cases = [
            (
                "http://192.168.0.252/$mac/$ip",
                "http://192.168.0.252/001fc11a8b6c/192.168.0.157",
            ),
            (
                "$display_remote|$remote",
                "Ada Lovelace|sip:0301234567@pbx.example",
            ),
            ("$display_local$local", "Desk 201sip:201@pbx.example"),
            (
                "$active_url,$active_user,$active_host",
                "sip:201@pbx.example,201,pbx.example",
            ),
            ("$model $firmware $call_id", "UC926 2.0.4.4.52 c1@x"),
            ("$$mac$", "$001fc11a8b6c$"),
            (
                "$display $remotely $MAC",
                "$display sip:0301234567@pbx.examplely $MAC",
            ),
            ("no variables", "no variables"),
            ("é$ip", "é192.168.0.157"),
        ];
        for (template, expected) in cases {
            assert_eq!(substitute(template, &vars), expected, "{template}");
        }
    }

    #[test]
    fn empty_values_leave_nothing() {
        let vars = PhoneVars::default();
        assert_eq!(substitute("r=$remote&c=$call_id", &vars), "r=&c=");
    }

    #[test]
    fn urls_table() {
        let ok = [
            (
                "http://127.0.0.1:8765/t/e?x=1",
                "127.0.0.1:8765",
                "/t/e?x=1",
            ),
            ("HTTP://localhost/t", "127.0.0.1:80", "/t"),
            ("http://[::1]:9/a", "[::1]:9", "/a"),
            ("http://127.0.0.2:1?x", "127.0.0.2:1", "/?x"),
            ("http://127.0.0.1:2", "127.0.0.1:2", "/"),
        ];
        for (url, addr, target) in ok {
            let (got_addr, _, got_target) = split_url(url).unwrap_or_else(|e| panic!("{url}: {e}"));
            assert_eq!(
                (got_addr.to_string().as_str(), got_target.as_str()),
                (addr, target)
            );
        }
        let bad = [
            ("https://127.0.0.1/x", UrlError::NotHttp),
            ("127.0.0.1/x", UrlError::NotHttp),
            ("http://127.0.0.1:x/", UrlError::NotHttp),
            (
                "http://192.168.0.50:8765/x",
                UrlError::NotLoopback("192.168.0.50".into()),
            ),
            ("http://0.0.0.0/x", UrlError::NotLoopback("0.0.0.0".into())),
            (
                "http://example.com/x",
                UrlError::NotLoopback("example.com".into()),
            ),
            ("http://$ip/x", UrlError::NotLoopback("$ip".into())),
        ];
        for (url, expected) in bad {
            assert_eq!(split_url(url).err(), Some(expected), "{url}");
        }
        assert_eq!(
            check_url("ringing", "http://127.0.0.1/"),
            Err(UrlError::UnknownEvent("ringing".into()))
        );
        assert_eq!(check_url("incoming_call", "http://127.0.0.1/"), Ok(()));
    }

    #[test]
    fn wire_escaping_only_what_must_be() {
        assert_eq!(
            wire_target("/t/e?n=Ada Lovelace&r=sip:+49@pbx&p=100%\u{e9}\n"),
            "/t/e?n=Ada%20Lovelace&r=sip:+49@pbx&p=100%%C3%A9%0A"
        );
    }

    #[test]
    fn sending_to_nobody_is_an_error_not_a_hang() {
        let free = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .unwrap_or(1);
        assert!(send(&format!("http://127.0.0.1:{free}/x")).is_err());
        assert!(send("http://192.168.0.50/x").is_err());
    }
}
