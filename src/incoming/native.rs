//! Native messaging between the extension and the receiver (`htek-c2d-receiver`): the framing
//! and the messages.
//!
//! The browser starts the receiver when the extension connects to [`HOST_NAME`], and the two
//! exchange messages on the receiver's stdin and stdout, each a 4-byte length in the machine's
//! byte order followed by that many bytes of UTF-8 JSON ([`write_frame`], [`read_frame`]).
//! The extension sends [`ToReceiver`], the receiver answers [`FromReceiver`]; both are tagged
//! with `type`, like the extension's other messages.
//!
//! ```
//! use click_to_dial::incoming::native::{read_frame, write_frame, ToReceiver};
//!
//! let start = ToReceiver::Start {
//!     listen: "127.0.0.1:0".into(),
//!     phone_ip: "127.0.0.1".into(),
//!     token: "0123456789abcdef0123456789abcdef".into(),
//! };
//! let json = serde_json::to_vec(&start)?;
//! assert!(json.starts_with(br#"{"type":"Start","listen":"127.0.0.1:0","phoneIp""#));
//! let mut wire = Vec::new();
//! write_frame(&mut wire, &json)?;
//! assert_eq!(&wire[..4], &(json.len() as u32).to_ne_bytes());
//! let frame = read_frame(&mut wire.as_slice())?.expect("one frame");
//! assert_eq!(serde_json::from_slice::<ToReceiver>(&frame)?, start);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::io::{self, Read, Write};

use serde::{Deserialize, Serialize};

use super::EventReport;

/// The native messaging host's name (`runtime.connectNative(HOST_NAME)`), the same in the
/// manifests the receiver's `install` writes.
pub const HOST_NAME: &str = "com.htek_c2d.receiver";

/// The port the receiver listens on unless the user picks another.
pub const DEFAULT_PORT: u16 = 8765;

/// The address the receiver listens on unless the user picks another: every interface, since
/// the phone is on the LAN.
pub const DEFAULT_LISTEN: &str = "0.0.0.0:8765";

/// The largest message either side sends or accepts, in bytes. (Chromium allows 1 MB from a
/// host; our messages are a few hundred bytes.)
pub const MAX_FRAME: usize = 1024 * 1024;

/// What the extension tells the receiver.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all_fields = "camelCase")]
pub enum ToReceiver {
    /// Listen on `listen` (`IP:PORT`) for Action URL requests from `phone_ip` (an IP address
    /// or a host name, resolved once) carrying `token`. A second Start replaces the first.
    Start {
        listen: String,
        phone_ip: String,
        token: String,
    },
    /// Stop listening (the receiver keeps running until its stdin closes).
    Stop,
    /// Send `request` to a phone, once, on a connection of its own that is closed after the
    /// answer; answered with [`FromReceiver::Answered`] or [`FromReceiver::NotAnswered`] of the
    /// same `id`. The browser's own HTTP stack sends a request again when the connection closes
    /// before an answer (Firefox on any connection, Chromium on one it kept alive): a phone that
    /// dials and then closes unanswered would dial twice. The receiver never does.
    Send { id: u32, request: OneRequest },
}

/// One HTTP request to a phone, as the extension's `web::http` builds it (for the offscreen
/// document too, which takes the same shape): for the receiver only `http:` URLs (it has no
/// TLS; an HTTPS phone is reached by the browser).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OneRequest {
    pub url: String,
    pub method: String,
    /// As `[name, value]` pairs: `Content-Type` and `Authorization`, when the request has them.
    pub headers: Vec<[String; 2]>,
    pub body: Option<String>,
    /// The most time from connecting to the end of the answer.
    pub timeout_ms: u32,
}

/// Why a [`ToReceiver::Send`] got no answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum NotAnswered {
    /// Not an `http:` URL with a host, or a header that cannot be sent.
    BadRequest,
    /// No connection could be made (the phone is off, the address is wrong).
    Unreachable,
    /// No whole answer within the timeout.
    Timeout,
    /// The connection closed after the request and before an answer: the phone may have
    /// carried it out. It is not sent again.
    Closed,
}

/// What the receiver tells the extension.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all_fields = "camelCase")]
pub enum FromReceiver {
    /// The receiver's first message, before it is asked anything: `version` is the receiver's,
    /// `sends` that it carries out [`ToReceiver::Send`]. (A receiver from before says nothing
    /// until it listens: one that is only to send is then read as one that does not.)
    Ready { version: String, sends: bool },
    /// Listening on `addr` (the bound address, with the real port when asked for port 0);
    /// `version` is the receiver's; `sends` that it carries out [`ToReceiver::Send`] (a
    /// receiver from before that says nothing, read as false).
    Listening {
        addr: String,
        version: String,
        #[serde(default)]
        sends: bool,
    },
    /// No longer listening, after a Stop.
    Stopped,
    /// The phone reported an event; `from` is the request's source address.
    Event {
        report: Box<EventReport>,
        from: String,
    },
    /// A request was refused (and answered 403, 404, 400 or 414).
    Refused { from: String, reason: RefuseReason },
    /// Something went wrong; the receiver goes on reading messages.
    Error { error: ReceiverError },
    /// The phone's answer to the [`ToReceiver::Send`] of the same `id` (`body` at most 64 KiB).
    Answered {
        id: u32,
        status: u16,
        www_authenticate: Option<String>,
        body: String,
    },
    /// The [`ToReceiver::Send`] of the same `id` got no answer, for `reason`.
    NotAnswered { id: u32, reason: NotAnswered },
}

/// Why a request was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum RefuseReason {
    /// It did not come from the phone's address.
    WrongSource,
    /// Its path did not carry the token.
    WrongToken,
    /// The token was right but the event unknown.
    UnknownEvent,
    /// Not a well-formed request.
    Malformed,
    /// Too large.
    TooLong,
    /// Not a GET (nor a POST).
    NotGet,
    /// A POST whose body is not a Poly telephony notification.
    NotANotification,
}

impl RefuseReason {
    /// In English, for the receiver's log; the extension shows the words of the user's language
    /// (`super::inbox`).
    pub fn message(self) -> &'static str {
        match self {
            RefuseReason::WrongSource => {
                "A request came from an address other than the phone's; it was refused."
            }
            RefuseReason::WrongToken => {
                "A request without this computer's token was refused: paste the Action URLs again."
            }
            RefuseReason::UnknownEvent => "The phone reported an event this version does not know.",
            RefuseReason::Malformed => "A malformed request was ignored.",
            RefuseReason::TooLong => "A request too large to be the phone's was ignored.",
            RefuseReason::NotGet => "A request that was not a GET was refused.",
            RefuseReason::NotANotification => {
                "A POST that was not a Poly telephony notification was refused."
            }
        }
    }
}

/// What went wrong in the receiver. `Display` is in English, for the receiver's log; the
/// extension shows the words of the user's language (`super::inbox`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum ReceiverError {
    /// `listen` is not `IP:PORT`.
    #[error("The receiver's address {listen:?} is not IP:PORT, e.g. 0.0.0.0:8765.")]
    BadListen { listen: String },
    /// The address could not be bound (in use, not this machine's, no permission).
    #[error(
        "The receiver cannot listen on {listen} ({detail}): is the port in use by another program?"
    )]
    CannotListen { listen: String, detail: String },
    /// `phone_ip` is not an address, or a name that does not resolve.
    #[error("The phone's address {phone_ip:?} is not an IP address or a known host name.")]
    BadPhoneIp { phone_ip: String },
    /// The token is not valid ([`super::validate_token`]).
    #[error("The token is not valid; generate a new one.")]
    BadToken,
    /// A message that is not a [`ToReceiver`].
    #[error("The receiver did not understand a message: {detail}")]
    BadMessage { detail: String },
}

/// Why a frame could not be read.
#[derive(Debug, thiserror::Error)]
pub enum FrameError {
    /// The stream ended inside a frame.
    #[error("the stream ended inside a message")]
    Truncated,
    /// The length is over [`MAX_FRAME`]; the stream cannot be trusted after it.
    #[error("a message of {0} bytes, more than {MAX_FRAME}")]
    TooLarge(u32),
    /// Reading failed.
    #[error("reading a message: {0}")]
    Io(#[source] io::Error),
}

/// Reads one frame: `Ok(None)` when the stream ends cleanly before it (the browser closed the
/// port).
///
/// # Errors
///
/// [`FrameError`] when the stream ends inside a frame, the length is too large, or reading
/// fails.
pub fn read_frame(input: &mut impl Read) -> Result<Option<Vec<u8>>, FrameError> {
    let mut header = [0u8; 4];
    let mut got = 0;
    while got < 4 {
        match input.read(&mut header[got..]) {
            Ok(0) if got == 0 => return Ok(None),
            Ok(0) => return Err(FrameError::Truncated),
            Ok(n) => got += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(FrameError::Io(e)),
        }
    }
    let len = u32::from_ne_bytes(header);
    let size = usize::try_from(len).unwrap_or(usize::MAX);
    if size > MAX_FRAME {
        return Err(FrameError::TooLarge(len));
    }
    let mut body = vec![0u8; size];
    input.read_exact(&mut body).map_err(|e| match e.kind() {
        io::ErrorKind::UnexpectedEof => FrameError::Truncated,
        _ => FrameError::Io(e),
    })?;
    Ok(Some(body))
}

/// Writes one frame and flushes.
///
/// # Errors
///
/// `InvalidInput` for a message over [`MAX_FRAME`]; otherwise the write error.
pub fn write_frame(out: &mut impl Write, message: &[u8]) -> io::Result<()> {
    let len = u32::try_from(message.len())
        .ok()
        .filter(|_| message.len() <= MAX_FRAME)
        .ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                format!(
                    "a message of {} bytes, more than {MAX_FRAME}",
                    message.len()
                ),
            )
        })?;
    out.write_all(&len.to_ne_bytes())?;
    out.write_all(message)?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::incoming::Event;

    #[test]
    fn frames_round_trip_back_to_back() {
        let mut wire = Vec::new();
        for msg in [&b"{}"[..], b"", "{\"a\":\"é\"}".as_bytes()] {
            write_frame(&mut wire, msg).unwrap_or_else(|e| panic!("{e}"));
        }
        let mut input = wire.as_slice();
        let mut got = Vec::new();
        while let Some(frame) = read_frame(&mut input).unwrap_or_else(|e| panic!("{e}")) {
            got.push(frame);
        }
        assert_eq!(
            got,
            [
                b"{}".to_vec(),
                Vec::new(),
                "{\"a\":\"é\"}".as_bytes().to_vec()
            ]
        );
    }

    #[test]
    fn bad_frames() {
        assert!(matches!(
            read_frame(&mut &[1u8, 0][..]),
            Err(FrameError::Truncated)
        ));
        let mut short = 5u32.to_ne_bytes().to_vec();
        short.extend_from_slice(b"ab");
        assert!(matches!(
            read_frame(&mut short.as_slice()),
            Err(FrameError::Truncated)
        ));
        let huge = u32::MAX.to_ne_bytes();
        assert!(matches!(
            read_frame(&mut &huge[..]),
            Err(FrameError::TooLarge(u32::MAX))
        ));
        let over = vec![b' '; MAX_FRAME + 1];
        assert!(write_frame(&mut Vec::new(), &over).is_err());
        assert!(matches!(read_frame(&mut &[][..]), Ok(None)));
    }

    #[test]
    fn message_json_shapes() {
        let cases: Vec<(FromReceiver, serde_json::Value)> = vec![
            (
                FromReceiver::Ready {
                    version: "0.1.0".into(),
                    sends: true,
                },
                serde_json::json!({"type": "Ready", "version": "0.1.0", "sends": true}),
            ),
            (
                FromReceiver::Listening {
                    addr: "127.0.0.1:4000".into(),
                    version: "0.1.0".into(),
                    sends: true,
                },
                serde_json::json!({"type": "Listening", "addr": "127.0.0.1:4000", "version": "0.1.0", "sends": true}),
            ),
            (
                FromReceiver::Answered {
                    id: 7,
                    status: 401,
                    www_authenticate: Some("Digest realm=\"x\"".into()),
                    body: "no".into(),
                },
                serde_json::json!({"type": "Answered", "id": 7, "status": 401, "wwwAuthenticate": "Digest realm=\"x\"", "body": "no"}),
            ),
            (
                FromReceiver::NotAnswered {
                    id: 8,
                    reason: NotAnswered::Closed,
                },
                serde_json::json!({"type": "NotAnswered", "id": 8, "reason": "closed"}),
            ),
            (
                FromReceiver::Stopped,
                serde_json::json!({"type": "Stopped"}),
            ),
            (
                FromReceiver::Refused {
                    from: "127.0.0.2:5".into(),
                    reason: RefuseReason::WrongSource,
                },
                serde_json::json!({"type": "Refused", "from": "127.0.0.2:5", "reason": "wrongSource"}),
            ),
            (
                FromReceiver::Error {
                    error: ReceiverError::BadPhoneIp {
                        phone_ip: "x".into(),
                    },
                },
                serde_json::json!({"type": "Error", "error": {"kind": "badPhoneIp", "phoneIp": "x"}}),
            ),
        ];
        for (message, json) in cases {
            assert_eq!(serde_json::to_value(&message).unwrap_or_default(), json);
            assert_eq!(
                serde_json::from_value::<FromReceiver>(json).ok(),
                Some(message)
            );
        }
        let event = FromReceiver::Event {
            report: Box::new(EventReport::new(Event::CallTerminated)),
            from: "127.0.0.1:9".into(),
        };
        let json = serde_json::to_value(&event).unwrap_or_default();
        assert_eq!(json["report"]["event"], "call_terminated");
        let stop: ToReceiver =
            serde_json::from_str(r#"{"type":"Stop"}"#).unwrap_or(ToReceiver::Start {
                listen: String::new(),
                phone_ip: String::new(),
                token: String::new(),
            });
        assert_eq!(stop, ToReceiver::Stop);
        assert!(serde_json::from_str::<ToReceiver>(r#"{"type":"Start","listen":"x"}"#).is_err());
        // A receiver from before `Send` says nothing of it: it does not send.
        let old: FromReceiver =
            serde_json::from_str(r#"{"type":"Listening","addr":"a","version":"0.0.9"}"#).unwrap();
        assert!(matches!(old, FromReceiver::Listening { sends: false, .. }));
        // What ext.js's sendThroughReceiver posts.
        let send: ToReceiver = serde_json::from_str(
            r#"{"type":"Send","id":3,"request":{"url":"http://127.0.0.1:8088/x","method":"GET","headers":[["Authorization","Basic YTpi"]],"body":null,"timeoutMs":5000}}"#,
        )
        .unwrap();
        assert_eq!(
            send,
            ToReceiver::Send {
                id: 3,
                request: OneRequest {
                    url: "http://127.0.0.1:8088/x".into(),
                    method: "GET".into(),
                    headers: vec![["Authorization".into(), "Basic YTpi".into()]],
                    body: None,
                    timeout_ms: 5000,
                },
            }
        );
    }

    #[test]
    fn every_reason_and_error_has_words() {
        for reason in [
            RefuseReason::WrongSource,
            RefuseReason::WrongToken,
            RefuseReason::UnknownEvent,
            RefuseReason::Malformed,
            RefuseReason::TooLong,
            RefuseReason::NotGet,
            RefuseReason::NotANotification,
        ] {
            assert!(reason.message().ends_with('.'), "{reason:?}");
        }
        assert!(ReceiverError::CannotListen {
            listen: "0.0.0.0:80".into(),
            detail: "in use".into()
        }
        .to_string()
        .contains("0.0.0.0:80"));
    }
}
