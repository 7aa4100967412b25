//! Just enough HTTP/1.x to hear a phone: one bounded request head per connection, read with a
//! timeout, and a short answer with `Connection: close`.
//!
//! The request line is read tolerantly, because the phone substitutes its variables literally:
//! `GET /t/incoming_call?display_remote=Ada Lovelace HTTP/1.1` has a raw space in its target,
//! so the target is everything between the first and the last word. That line is split here by
//! hand because `httparse`, as RFC 9112 asks, refuses raw spaces and control characters in a
//! target; `httparse` reads the header lines after it (strictly) and so finds where the head
//! ends.
//!
//! ```text
//! GET /<token>/incoming_call?mac=001fc11a8b6c&remote=sip:0301234567@pbx HTTP/1.1
//! Host: 192.168.0.50:8765
//!
//! HTTP/1.1 200 OK
//! Content-Type: text/plain; charset=utf-8
//! Content-Length: 3
//! Connection: close
//! ```

use std::io::{Read, Write};
use std::net::{Shutdown, TcpStream};
use std::time::Duration;

/// The largest request head read, in bytes: a target of [`click_to_dial::incoming::MAX_TARGET`]
/// and a few headers.
pub const MAX_HEAD: usize = 8 * 1024;

/// How long writing the answer may take.
pub const WRITE_TIMEOUT: Duration = Duration::from_secs(5);

/// A socket read with one deadline for every read together (a per-read timeout would let a
/// client that sends a byte now and then hold the connection for ever).
pub struct ByDeadline<'a> {
    pub stream: &'a mut std::net::TcpStream,
    pub deadline: std::time::Instant,
}

impl Read for ByDeadline<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let left = self
            .deadline
            .saturating_duration_since(std::time::Instant::now());
        if left.is_zero() {
            return Err(std::io::ErrorKind::TimedOut.into());
        }
        self.stream.set_read_timeout(Some(left))?;
        self.stream.read(buf)
    }
}

/// A request line: the method and the target exactly as sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestLine {
    pub method: String,
    pub target: String,
}

/// Why no request line could be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    /// The connection closed or timed out before a whole head arrived.
    #[error("incomplete request")]
    Incomplete,
    /// The head is larger than [`MAX_HEAD`].
    #[error("request head over {MAX_HEAD} bytes")]
    TooLarge,
    /// Not HTTP/1.x.
    #[error("malformed request: {0}")]
    Malformed(&'static str),
}

/// Reads a request head from `stream` and returns its request line; the header lines must be
/// well formed, but are not needed, nor is any body.
///
/// # Errors
///
/// [`ReadError`] when the head is incomplete, too large or not HTTP/1.x.
pub fn read_request_line(stream: &mut impl Read) -> Result<RequestLine, ReadError> {
    read_request(stream).map(|request| request.line)
}

/// A request head: its line, what it says of a body, and the bytes read past it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub line: RequestLine,
    /// `Content-Length`, as sent (`None` when absent).
    pub content_length: Option<String>,
    /// `Content-Type`, as sent.
    pub content_type: Option<String>,
    /// Whether a `Transfer-Encoding` was sent (the receiver reads no chunked bodies).
    pub transfer_encoding: bool,
    /// The bytes that came after the head in the same reads: the body's start.
    pub rest: Vec<u8>,
}

/// Reads a request head from `stream`: the request line, the few headers a body needs, and
/// whatever was read after the head.
///
/// # Errors
///
/// [`ReadError`] when the head is incomplete, too large or not HTTP/1.x.
pub fn read_request(stream: &mut impl Read) -> Result<Request, ReadError> {
    let mut head = Vec::with_capacity(1024);
    let mut chunk = [0u8; 1024];
    loop {
        if let Some(line_end) = head.iter().position(|b| *b == b'\n') {
            let header_lines = &head[line_end + 1..];
            let mut slots = header_slots(header_lines);
            match httparse::parse_headers(header_lines, &mut slots) {
                Ok(httparse::Status::Complete((used, headers))) => {
                    let line = parse_request_line(&head)?;
                    if line_end + 1 + used > MAX_HEAD {
                        return Err(ReadError::TooLarge);
                    }
                    let value = |name: &str| {
                        headers
                            .iter()
                            .find(|h| h.name.eq_ignore_ascii_case(name))
                            .map(|h| String::from_utf8_lossy(h.value).trim().to_string())
                    };
                    return Ok(Request {
                        content_length: value("content-length"),
                        content_type: value("content-type"),
                        transfer_encoding: value("transfer-encoding").is_some(),
                        rest: head[line_end + 1 + used..].to_vec(),
                        line,
                    });
                }
                Ok(httparse::Status::Partial) => {}
                Err(e) => {
                    parse_request_line(&head)?;
                    return Err(ReadError::Malformed(match e {
                        httparse::Error::NewLine => "a line does not end with CRLF or LF",
                        _ => "header line is not `Name: value`",
                    }));
                }
            }
        }
        if head.len() > MAX_HEAD {
            return Err(ReadError::TooLarge);
        }
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => return Err(ReadError::Incomplete),
            Ok(n) => head.extend_from_slice(&chunk[..n]),
        }
    }
}

/// Why a request's body was not read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BodyError {
    /// No `Content-Length` (or a `Transfer-Encoding`): 411.
    #[error("a body needs a Content-Length")]
    LengthRequired,
    /// A `Content-Length` that is not a number: 400.
    #[error("Content-Length is not a number")]
    BadLength,
    /// More than the limit: 413.
    #[error("body over {0} bytes")]
    TooLarge(usize),
    /// The connection closed or timed out before the whole body: nothing to answer.
    #[error("incomplete body")]
    Incomplete,
    /// More bytes than the `Content-Length` arrived with the head: 400.
    #[error("more bytes than the Content-Length")]
    TooLong,
}

impl BodyError {
    /// The status to answer with.
    pub fn status(&self) -> u16 {
        match self {
            BodyError::LengthRequired => 411,
            BodyError::TooLarge(_) => 413,
            BodyError::BadLength | BodyError::TooLong | BodyError::Incomplete => 400,
        }
    }
}

/// Reads the body `request`'s head announces, at most `max` bytes, the rest of it from
/// `stream`.
///
/// # Errors
///
/// [`BodyError`]: no or a bad `Content-Length`, over `max`, cut short.
pub fn read_body(
    stream: &mut impl Read,
    request: &Request,
    max: usize,
) -> Result<Vec<u8>, BodyError> {
    if request.transfer_encoding {
        return Err(BodyError::LengthRequired);
    }
    let length = request
        .content_length
        .as_deref()
        .ok_or(BodyError::LengthRequired)?;
    if length.is_empty() || !length.bytes().all(|b| b.is_ascii_digit()) {
        return Err(BodyError::BadLength);
    }
    let length: usize = length.parse().map_err(|_| BodyError::TooLarge(max))?;
    if length > max {
        return Err(BodyError::TooLarge(max));
    }
    if request.rest.len() > length {
        return Err(BodyError::TooLong);
    }
    let mut body = request.rest.clone();
    body.resize(length, 0);
    stream
        .read_exact(&mut body[request.rest.len()..])
        .map_err(|_| BodyError::Incomplete)?;
    Ok(body)
}

/// Room for every header `header_lines` can hold (one per line end), so that only [`MAX_HEAD`]
/// limits how many a client sends.
fn header_slots(header_lines: &[u8]) -> Vec<httparse::Header<'_>> {
    vec![httparse::EMPTY_HEADER; header_lines.iter().filter(|b| **b == b'\n').count() + 1]
}

/// `METHOD TARGET HTTP/1.x`, where TARGET may hold raw spaces.
///
/// # Errors
///
/// [`ReadError::Malformed`] when the line is not UTF-8 or not of that shape.
pub fn parse_request_line(head: &[u8]) -> Result<RequestLine, ReadError> {
    let first = head.split(|b| *b == b'\n').next().unwrap_or_default();
    let line = std::str::from_utf8(first).map_err(|_| ReadError::Malformed("not UTF-8"))?;
    let line = line.strip_suffix('\r').unwrap_or(line);
    let (method, rest) = line
        .split_once(' ')
        .ok_or(ReadError::Malformed("no target"))?;
    let (target, version) = rest
        .rsplit_once(' ')
        .ok_or(ReadError::Malformed("no HTTP version"))?;
    if version != "HTTP/1.1" && version != "HTTP/1.0" {
        return Err(ReadError::Malformed("not HTTP/1.0 or HTTP/1.1"));
    }
    if method.is_empty() || !method.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(ReadError::Malformed("bad method"));
    }
    if target.is_empty() {
        return Err(ReadError::Malformed("empty target"));
    }
    Ok(RequestLine {
        method: method.to_string(),
        target: target.to_string(),
    })
}

/// The reason phrase for the statuses the receiver sends.
pub fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        411 => "Length Required",
        413 => "Content Too Large",
        414 => "URI Too Long",
        415 => "Unsupported Media Type",
        431 => "Request Header Fields Too Large",
        _ => "Internal Server Error",
    }
}

/// The bytes of a short plain-text answer.
pub fn answer_bytes(status: u16) -> Vec<u8> {
    let body = format!("{status} {}\n", reason(status));
    format!(
        "HTTP/1.1 {status} {}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n{body}",
        reason(status),
        body.len()
    )
    .into_bytes()
}

/// Writes the answer and closes politely: the write side first, then whatever the client still
/// sends is drained briefly so the close is a FIN, not a reset.
pub fn answer(mut stream: TcpStream, status: u16) {
    let _ = stream.write_all(&answer_bytes(status));
    let _ = stream.flush();
    let _ = stream.shutdown(Shutdown::Write);
    let _ = stream.set_read_timeout(Some(Duration::from_millis(200)));
    let mut sink = [0u8; 4096];
    for _ in 0..16 {
        match stream.read(&mut sink) {
            Ok(0) | Err(_) => break,
            Ok(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_lines_table() {
        let ok = |m: &str, t: &str| {
            Ok(RequestLine {
                method: m.into(),
                target: t.into(),
            })
        };
        let cases: &[(&[u8], Result<RequestLine, ReadError>)] = &[
            (
                b"GET /t/e?a=1 HTTP/1.1\r\nHost: x\r\n\r\n",
                ok("GET", "/t/e?a=1"),
            ),
            (b"GET /t/e HTTP/1.0\n\n", ok("GET", "/t/e")),
            (
                b"GET /t/e?display_remote=Ada  Lovelace HTTP/1.1\r\n\r\n",
                ok("GET", "/t/e?display_remote=Ada  Lovelace"),
            ),
            (b"POST /x HTTP/1.1\r\n\r\n", ok("POST", "/x")),
            (
                b"GET /x HTTP/2\r\n\r\n",
                Err(ReadError::Malformed("not HTTP/1.0 or HTTP/1.1")),
            ),
            (
                b"GET /x\r\n\r\n",
                Err(ReadError::Malformed("no HTTP version")),
            ),
            (b"GET\r\n\r\n", Err(ReadError::Malformed("no target"))),
            (
                b"get /x HTTP/1.1\r\n\r\n",
                Err(ReadError::Malformed("bad method")),
            ),
            (
                b"GET  HTTP/1.1\r\n\r\n",
                Err(ReadError::Malformed("empty target")),
            ),
            (
                b"\xff\xfe /x HTTP/1.1\r\n\r\n",
                Err(ReadError::Malformed("not UTF-8")),
            ),
            (b"GET /x HTTP/1.1", Err(ReadError::Incomplete)),
            (
                b"GET /x HTTP/1.1\r\nHost: x\r\n",
                Err(ReadError::Incomplete),
            ),
            (
                b"GET /x HTTP/1.1\r\nHost x\r\n\r\n",
                Err(ReadError::Malformed("header line is not `Name: value`")),
            ),
            (
                b"GET /x HTTP/9\r\nHost x\r\n\r\n",
                Err(ReadError::Malformed("not HTTP/1.0 or HTTP/1.1")),
            ),
        ];
        for (raw, expected) in cases {
            assert_eq!(
                &read_request_line(&mut &raw[..]),
                expected,
                "{}",
                String::from_utf8_lossy(raw)
            );
        }
        let big = vec![b'a'; MAX_HEAD + 2048];
        assert_eq!(
            read_request_line(&mut big.as_slice()),
            Err(ReadError::TooLarge)
        );
    }

    #[test]
    fn answers_have_a_length() {
        let text = String::from_utf8(answer_bytes(403)).unwrap_or_default();
        assert!(text.starts_with("HTTP/1.1 403 Forbidden\r\n"), "{text}");
        assert!(text.contains("Content-Length: 14\r\n"), "{text}");
        assert!(text.ends_with("\r\n\r\n403 Forbidden\n"), "{text}");
    }
}
