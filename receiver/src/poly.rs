//! Poly's telephony event notifications: the phone POSTs an XML document to one URL
//! (`apps.telNotification.URL`, here the token path `/<token>`) for each notification switched
//! on (`apps.telNotification.incomingEvent="1"`, ...). [`read_notification`] reads one into the
//! same [`EventReport`] an Action URL GET gives:
//!
//! | notification | report |
//! |---|---|
//! | `IncomingCallEvent` | `incoming_call`: `remote` the calling party's number, `display_remote` its name |
//! | `OutgoingCallEvent` | `outgoing_call`: `remote` the called party's number and name |
//! | `CallStateChangeEvent CallState="Connected"` | `call_established`, `call_id` the `CallReference` |
//! | `CallStateChangeEvent CallState="Disconnected"` | `call_terminated`, `call_id` the `CallReference` |
//!
//! Other call states (`Offering`, `RingBack`, ...) and Poly's other notifications (off hook,
//! line registration, ...) are read as nothing to report; a document that is not a Poly
//! notification is an error. `PhoneIP` and `MACAddress` go to `ip` and `mac`.
//!
//! ```
//! use click_to_dial::incoming::Event;
//! use htek_c2d_receiver::poly::read_notification;
//!
//! let xml = "<PolycomIPPhone><IncomingCallEvent><CallingPartyName>Ada</CallingPartyName>\
//!            <CallingPartyNumber>0301234567</CallingPartyNumber></IncomingCallEvent></PolycomIPPhone>";
//! let report = read_notification(xml.as_bytes())?.expect("a call event");
//! assert_eq!(report.event, Event::IncomingCall);
//! assert_eq!(report.caller_number().as_deref(), Some("0301234567"));
//! assert_eq!(report.caller_name(), Some("Ada"));
//! # Ok::<(), htek_c2d_receiver::poly::NotificationError>(())
//! ```

use click_to_dial::incoming::{Event, EventReport};
use roxmltree::{Document, Node};

/// The largest notification read, in bytes (Poly's are about 1 KiB).
pub const MAX_BODY: usize = 16 * 1024;

/// Why a body is not a Poly notification.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NotificationError {
    /// Not UTF-8 text.
    #[error("the body is not UTF-8")]
    NotText,
    /// Not well-formed XML (or a DTD, which is not read).
    #[error("the body is not XML: {0}")]
    NotXml(String),
    /// XML, but its root is not `PolycomIPPhone`.
    #[error("the XML is not a Poly notification (root <{0}>)")]
    NotPoly(String),
}

/// The notifications Poly phones send that carry nothing the extension uses.
const IGNORED: [&str; 5] = [
    "OffHookEvent",
    "OnHookEvent",
    "LineRegistrationEvent",
    "UserLogInOutEvent",
    "PhoneLockStateChangeEvent",
];

/// Reads one notification: `Ok(Some(report))` for a call event the extension uses, `Ok(None)`
/// for a Poly notification it does not.
///
/// # Errors
///
/// [`NotificationError`] for a body that is not a Poly notification.
pub fn read_notification(body: &[u8]) -> Result<Option<EventReport>, NotificationError> {
    let text = std::str::from_utf8(body).map_err(|_| NotificationError::NotText)?;
    let doc = Document::parse(text).map_err(|e| NotificationError::NotXml(e.to_string()))?;
    let root = doc.root_element();
    if root.tag_name().name() != "PolycomIPPhone" {
        return Err(NotificationError::NotPoly(
            root.tag_name().name().to_string(),
        ));
    }
    let Some(event) = root.children().find(Node::is_element) else {
        return Err(NotificationError::NotPoly("PolycomIPPhone".into()));
    };
    let report = match event.tag_name().name() {
        "IncomingCallEvent" => Some(call_event(event, Event::IncomingCall, "Calling")),
        "OutgoingCallEvent" => Some(call_event(event, Event::OutgoingCall, "Called")),
        "CallStateChangeEvent" => state_change(event),
        name if IGNORED.contains(&name) => None,
        other => {
            return Err(NotificationError::NotPoly(format!(
                "PolycomIPPhone><{other}"
            )))
        }
    };
    Ok(report)
}

/// The text of `node`'s first descendant element named `name`, trimmed; `None` when empty.
fn text_of(node: Node<'_, '_>, name: &str) -> Option<String> {
    node.descendants()
        .find(|n| n.is_element() && n.tag_name().name() == name)
        .and_then(|n| n.text())
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(String::from)
}

/// A report with the phone's address and MAC address.
fn with_phone(node: Node<'_, '_>, event: Event) -> EventReport {
    let mut report = EventReport::new(event);
    report.vars.ip = text_of(node, "PhoneIP");
    report.vars.mac = text_of(node, "MACAddress");
    report
}

/// `IncomingCallEvent` (the remote party is the calling one) or `OutgoingCallEvent` (the
/// called one).
fn call_event(node: Node<'_, '_>, event: Event, remote: &str) -> EventReport {
    let local = if remote == "Calling" {
        "Called"
    } else {
        "Calling"
    };
    let mut report = with_phone(node, event);
    report.vars.remote = text_of(node, &format!("{remote}PartyNumber"));
    report.vars.display_remote = text_of(node, &format!("{remote}PartyName"));
    report.vars.local = text_of(node, &format!("{local}PartyNumber"));
    report.vars.display_local = text_of(node, &format!("{local}PartyName"));
    report
}

/// `CallStateChangeEvent`: `Connected` is established, `Disconnected` terminated; the remote
/// party by the call's `CallType`.
fn state_change(node: Node<'_, '_>) -> Option<EventReport> {
    let state = node
        .attribute("CallState")
        .map(String::from)
        .or_else(|| text_of(node, "CallState"))?;
    let event = match state.as_str() {
        "Connected" => Event::CallEstablished,
        "Disconnected" => Event::CallTerminated,
        _ => return None,
    };
    let outgoing = text_of(node, "CallType").as_deref() == Some("Outgoing");
    let (remote, local) = if outgoing {
        ("Called", "Calling")
    } else {
        ("Calling", "Called")
    };
    let mut report = with_phone(node, event);
    report.vars.call_id = node
        .attribute("CallReference")
        .map(String::from)
        .or_else(|| text_of(node, "CallReference"));
    report.vars.remote = text_of(node, &format!("{remote}PartyDirNum"));
    report.vars.display_remote = text_of(node, &format!("{remote}PartyName"));
    report.vars.local = text_of(node, &format!("{local}PartyDirNum"));
    report.vars.display_local = text_of(node, &format!("{local}PartyName"));
    Some(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The simulated Poly phone's documents, as it sends them (`sim/src/brand/poly.rs`).
    const INCOMING: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<PolycomIPPhone><IncomingCallEvent><PhoneIP>127.0.0.1</PhoneIP><MACAddress>001fc11a8b6c</MACAddress><CallingPartyName>Ada &amp; co</CallingPartyName><CallingPartyNumber>0301234567</CallingPartyNumber><CalledPartyName>Desk 201</CalledPartyName><CalledPartyNumber>201</CalledPartyNumber><TimeStamp>2008-07-11T13:19:53+00:00</TimeStamp></IncomingCallEvent></PolycomIPPhone>\n";
    const OUTGOING: &str = "<PolycomIPPhone><OutgoingCallEvent><PhoneIP>127.0.0.1</PhoneIP><MACAddress>001fc11a8b6c</MACAddress><CallingPartyName>Desk 201</CallingPartyName><CallingPartyNumber>201</CallingPartyNumber><CalledPartyName></CalledPartyName><CalledPartyNumber>0301234567</CalledPartyNumber></OutgoingCallEvent></PolycomIPPhone>";

    fn state(state: &str, kind: &str) -> String {
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<PolycomIPPhone><CallStateChangeEvent CallReference=\"0x5a100001\" CallState=\"{state}\"><PhoneIP>127.0.0.1</PhoneIP><MACAddress>001fc11a8b6c</MACAddress><LineNumber>1</LineNumber><CallLineInfo><LineKeyNum>1</LineKeyNum><LineDirNum>201</LineDirNum><LineState>Active</LineState><CallInfo><CallState>{state}</CallState><CallType>{kind}</CallType><UIAppearanceIndex>1*</UIAppearanceIndex><CalledPartyName>Desk 201</CalledPartyName><CalledPartyDirNum>201</CalledPartyDirNum><CallingPartyName>Ada</CallingPartyName><CallingPartyDirNum>0301234567</CallingPartyDirNum><CallReference>0x5a100001</CallReference><CallDuration>0</CallDuration></CallInfo></CallLineInfo></CallStateChangeEvent></PolycomIPPhone>\n"
        )
    }

    fn read(body: &str) -> Option<EventReport> {
        read_notification(body.as_bytes()).unwrap_or_else(|e| panic!("{e}: {body}"))
    }

    #[test]
    fn call_events() {
        let incoming = read(INCOMING).expect("report");
        assert_eq!(incoming.event, Event::IncomingCall);
        assert_eq!(incoming.caller_number().as_deref(), Some("0301234567"));
        assert_eq!(incoming.caller_name(), Some("Ada & co"));
        assert_eq!(incoming.vars.local.as_deref(), Some("201"));
        assert_eq!(incoming.vars.ip.as_deref(), Some("127.0.0.1"));
        assert_eq!(incoming.vars.mac.as_deref(), Some("001fc11a8b6c"));
        assert_eq!(incoming.vars.call_id, None);

        let outgoing = read(OUTGOING).expect("report");
        assert_eq!(outgoing.event, Event::OutgoingCall);
        assert_eq!(outgoing.caller_number().as_deref(), Some("0301234567"));
        assert_eq!(outgoing.caller_name(), None);
    }

    #[test]
    fn call_states() {
        let cases = [
            (
                "Connected",
                "Incoming",
                Some(Event::CallEstablished),
                "0301234567",
            ),
            (
                "Disconnected",
                "Incoming",
                Some(Event::CallTerminated),
                "0301234567",
            ),
            ("Connected", "Outgoing", Some(Event::CallEstablished), "201"),
            ("Offering", "Incoming", None, ""),
            ("RingBack", "Outgoing", None, ""),
        ];
        for (name, kind, event, remote) in cases {
            let report = read(&state(name, kind));
            assert_eq!(report.as_ref().map(|r| r.event), event, "{name} {kind}");
            if let Some(report) = report {
                assert_eq!(report.vars.call_id.as_deref(), Some("0x5a100001"));
                assert_eq!(
                    report.caller_number().as_deref(),
                    Some(remote),
                    "{name} {kind}"
                );
            }
        }
    }

    #[test]
    fn other_bodies_are_refused() {
        let cases: [(&[u8], NotificationError); 5] = [
            (b"\xff\xfe<x/>", NotificationError::NotText),
            (
                b"remote=0301234567",
                NotificationError::NotXml(String::new()),
            ),
            (
                b"<html><body>hi</body></html>",
                NotificationError::NotPoly("html".into()),
            ),
            (
                b"<PolycomIPPhone><Data>x</Data></PolycomIPPhone>",
                NotificationError::NotPoly("PolycomIPPhone><Data".into()),
            ),
            (
                b"<!DOCTYPE x [<!ENTITY a \"aaaa\">]><PolycomIPPhone/>",
                NotificationError::NotXml(String::new()),
            ),
        ];
        for (body, expected) in cases {
            let got = read_notification(body);
            match (&got, &expected) {
                (Err(NotificationError::NotXml(_)), NotificationError::NotXml(_)) => {}
                _ => assert_eq!(got, Err(expected), "{}", String::from_utf8_lossy(body)),
            }
        }
        assert_eq!(
            read("<PolycomIPPhone><OffHookEvent/></PolycomIPPhone>"),
            None
        );
    }
}
