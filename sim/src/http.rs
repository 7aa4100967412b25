//! Just enough HTTP/1.1 for a phone: one request per connection, every answer `Connection: close`
//! (the simulated phone's `--keep-alive` keeps connections open instead).
//!
//! The simulator and the static file server share this module: [`Server`] runs the accept loop
//! (one thread per connection), [`read_request`] reads a request (its head parsed by `httparse`,
//! strictly: a raw space in the target is a 400), [`Response`] writes an answer. Request
//! targets are kept exactly as sent, because the phone's Action URI is not a normal
//! path-plus-query URL. On the wire:
//!
//! ```text
//! GET /Phone_ActionURL&Command=1&Number=206&Account=1 HTTP/1.1
//! Authorization: Basic YWRtaW46YWRtaW4=
//!
//! HTTP/1.1 200 OK
//! Content-Type: text/html
//! Content-Length: 33
//! Connection: close
//! ```

use std::borrow::Cow;
use std::fmt;
use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream, ToSocketAddrs};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::{self, JoinHandle};
use std::time::Duration;

/// Largest request head accepted, in bytes.
const MAX_HEAD: usize = 16 * 1024;
/// How long a client may take to send its request head.
pub(crate) const READ_TIMEOUT: Duration = Duration::from_secs(5);
/// How long writing an answer may take.
const WRITE_TIMEOUT: Duration = Duration::from_secs(5);

/// Largest request body read (the control paths' JSON), in bytes.
const MAX_BODY: usize = 64 * 1024;

/// A request: method, target exactly as sent, headers in order, and the body when a
/// `Content-Length` announced one (at most [`MAX_BODY`] bytes).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Request {
    pub(crate) method: String,
    pub(crate) target: String,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Vec<u8>,
}

impl Request {
    /// The first header called `name` (case-insensitive).
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Why no request could be read.
#[derive(Debug)]
pub(crate) enum ReadError {
    /// The connection closed or timed out before a whole head arrived.
    Incomplete,
    /// The head was larger than [`MAX_HEAD`].
    TooLarge,
    /// The head is not HTTP/1.x; `line` is its first line (lossily decoded), for the log.
    Malformed { why: &'static str, line: String },
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Incomplete => f.write_str("incomplete request"),
            ReadError::TooLarge => f.write_str("request head too large"),
            ReadError::Malformed { why, .. } => write!(f, "malformed request: {why}"),
        }
    }
}

/// Reads one request: the head (parsed by `httparse`, CRLF or bare LF line ends) and, when
/// `Content-Length` says so, the body.
///
/// # Errors
///
/// [`ReadError`] when the head is incomplete, too large or not HTTP/1.x, or the body is
/// larger than [`MAX_BODY`] or shorter than announced.
pub(crate) fn read_request(stream: &mut impl Read) -> Result<Request, ReadError> {
    let mut received = Vec::with_capacity(1024);
    let mut chunk = [0u8; 1024];
    let (mut req, head_len) = loop {
        if let Some(parsed) = parse_head(&received)? {
            break parsed;
        }
        if received.len() > MAX_HEAD {
            return Err(ReadError::TooLarge);
        }
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => return Err(ReadError::Incomplete),
            Ok(n) => received.extend_from_slice(&chunk[..n]),
        }
    };
    let mut body = received.split_off(head_len);
    let length = match req.header("Content-Length") {
        None => 0,
        Some(v) => v.parse::<usize>().map_err(|_| ReadError::Malformed {
            why: "Content-Length is not a number",
            line: String::new(),
        })?,
    };
    if length > MAX_BODY {
        return Err(ReadError::TooLarge);
    }
    if body.len() < length {
        let mut rest = vec![0u8; length - body.len()];
        stream
            .read_exact(&mut rest)
            .map_err(|_| ReadError::Incomplete)?;
        body.extend_from_slice(&rest);
    }
    body.truncate(length);
    req.body = body;
    Ok(req)
}

/// Room for every header `head` can hold (one per line end), so that only [`MAX_HEAD`] limits
/// how many a client sends.
pub(crate) fn header_slots(head: &[u8]) -> Vec<httparse::Header<'_>> {
    vec![httparse::EMPTY_HEADER; head.iter().filter(|b| **b == b'\n').count() + 1]
}

/// The request whose head `received` starts with, and the head's length; `None` while the head
/// is not whole.
fn parse_head(received: &[u8]) -> Result<Option<(Request, usize)>, ReadError> {
    let malformed = |why| {
        let first = received.split(|b| *b == b'\n').next().unwrap_or_default();
        let line = String::from_utf8_lossy(first).trim_end().to_string();
        ReadError::Malformed { why, line }
    };
    let mut slots = header_slots(received);
    let mut head = httparse::Request::new(&mut slots);
    let head_len = match head.parse(received) {
        Ok(httparse::Status::Complete(len)) => len,
        Ok(httparse::Status::Partial) => return Ok(None),
        Err(e) => return Err(malformed(why_malformed(e))),
    };
    let (Some(method), Some(target)) = (head.method, head.path) else {
        return Err(malformed("no method or target"));
    };
    let mut headers = Vec::with_capacity(head.headers.len());
    for header in head.headers.iter() {
        let value = std::str::from_utf8(header.value).map_err(|_| malformed("not UTF-8"))?;
        headers.push((header.name.to_string(), value.trim().to_string()));
    }
    let req = Request {
        method: method.to_string(),
        target: target.to_string(),
        headers,
        body: Vec::new(),
    };
    Ok(Some((req, head_len)))
}

/// What a client should know about an `httparse` error.
fn why_malformed(e: httparse::Error) -> &'static str {
    match e {
        httparse::Error::Token | httparse::Error::Version => {
            "request line is not `METHOD TARGET HTTP/1.0` or `HTTP/1.1` (is a space in the path unencoded?)"
        }
        httparse::Error::HeaderName | httparse::Error::HeaderValue => {
            "header line is not `Name: value`"
        }
        httparse::Error::NewLine => "a line does not end with CRLF or LF",
        httparse::Error::TooManyHeaders | httparse::Error::Status => "not an HTTP request",
    }
}

/// An answer. Every answer carries `Content-Length`, `Connection: close` (or `keep-alive`) and
/// `Cache-Control: no-store`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Response {
    pub(crate) status: u16,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
    /// An answer to `HEAD`: headers as for GET, no body bytes.
    head_only: bool,
    /// `Connection: keep-alive` instead of `close`.
    keep_alive: bool,
}

impl Response {
    /// An answer with a body of the given type.
    pub(crate) fn new(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Response {
        Response {
            status,
            headers: vec![("Content-Type", content_type.to_string())],
            body: body.into(),
            head_only: false,
            keep_alive: false,
        }
    }

    /// A plain-text answer: the status line's words, then `detail` if any.
    pub(crate) fn text(status: u16, detail: &str) -> Response {
        let mut body = format!("{status} {}", reason(status));
        if !detail.is_empty() {
            body.push_str(": ");
            body.push_str(detail);
        }
        body.push('\n');
        Response::new(status, "text/plain; charset=utf-8", body)
    }

    /// Adds a header (repeatable, e.g. two `WWW-Authenticate`).
    #[must_use]
    pub(crate) fn header(mut self, name: &'static str, value: impl Into<String>) -> Response {
        self.headers.push((name, value.into()));
        self
    }

    /// Says `Connection: keep-alive`: the connection stays open for another request.
    #[must_use]
    pub(crate) fn kept_alive(mut self) -> Response {
        self.keep_alive = true;
        self
    }

    /// Leaves the body off the wire when answering `method` `HEAD`.
    #[must_use]
    pub(crate) fn for_method(mut self, method: &str) -> Response {
        self.head_only = method == "HEAD";
        self
    }

    /// The body as text (lossy).
    #[cfg(test)]
    pub(crate) fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The first header called `name` (case-insensitive).
    #[cfg(test)]
    pub(crate) fn header_value(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The serialized answer.
    pub(crate) fn to_bytes(&self) -> Vec<u8> {
        let mut out = format!("HTTP/1.1 {} {}\r\n", self.status, reason(self.status));
        for (name, value) in &self.headers {
            out.push_str(&format!("{name}: {value}\r\n"));
        }
        out.push_str(&format!("Content-Length: {}\r\n", self.body.len()));
        out.push_str("Cache-Control: no-store\r\n");
        out.push_str(if self.keep_alive {
            "Connection: keep-alive\r\n\r\n"
        } else {
            "Connection: close\r\n\r\n"
        });
        let mut bytes = out.into_bytes();
        if !self.head_only {
            bytes.extend_from_slice(&self.body);
        }
        bytes
    }
}

/// The reason phrase for the statuses this crate sends.
pub(crate) fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        302 => "Found",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        431 => "Request Header Fields Too Large",
        _ => "Internal Server Error",
    }
}

/// Writes `response` and closes the connection politely: the write side first, then whatever
/// the client still sends is drained briefly so the close is a FIN, not a reset.
pub(crate) fn answer(mut stream: TcpStream, response: &Response) {
    let _ = stream.write_all(&response.to_bytes());
    let _ = stream.flush();
    close(stream);
}

/// Closes without answering (or after answering): shut the write side, drain, drop.
pub(crate) fn close(mut stream: TcpStream) {
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

/// Sets the timeouts every accepted connection gets.
pub(crate) fn prepare(stream: &TcpStream) {
    let _ = stream.set_read_timeout(Some(READ_TIMEOUT));
    let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
    let _ = stream.set_nodelay(true);
}

/// Why a percent-encoded string could not be decoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// A `%` not followed by two hex digits.
    BadEscape,
    /// The decoded bytes are not UTF-8.
    NotUtf8,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::BadEscape => f.write_str("a `%` is not followed by two hex digits"),
            DecodeError::NotUtf8 => f.write_str("percent-decoded bytes are not UTF-8"),
        }
    }
}

impl std::error::Error for DecodeError {}

/// Decodes `%XX` escapes (with `percent-encoding`). `+` stays `+` (this is a path, not a form).
///
/// The crate keeps a `%` that starts no escape as it is; the phone refuses it, so the escapes
/// are checked first.
///
/// # Errors
///
/// [`DecodeError`] for a malformed escape or a result that is not UTF-8.
pub fn percent_decode(s: &str) -> Result<String, DecodeError> {
    let bytes = s.as_bytes();
    let escapes_whole = bytes
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'%')
        .all(|(at, _)| {
            bytes
                .get(at + 1..at + 3)
                .is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit))
        });
    if !escapes_whole {
        return Err(DecodeError::BadEscape);
    }
    percent_encoding::percent_decode_str(s)
        .decode_utf8()
        .map(Cow::into_owned)
        .map_err(|_| DecodeError::NotUtf8)
}

/// The `name=value` pairs of a query (`a=1&b=2`, or Htek's path tail `&a=1&b=2`), in order,
/// each value percent-decoded strictly ([`percent_decode`]); empty parts are skipped and a
/// part without `=` has an empty value. The one query reader of the simulator: the phones'
/// own paths and the `/__sim/` controls. Not `form_urlencoded`: a phone reads `+` as itself
/// (a dialed `+49...`), where forms read a space, and refuses a bad escape, which forms pass
/// through silently.
pub fn query_pairs(query: &str) -> impl Iterator<Item = (&str, Result<String, DecodeError>)> {
    query
        .split('&')
        .filter(|part| !part.is_empty())
        .map(|part| {
            let (name, raw) = part.split_once('=').unwrap_or((part, ""));
            (name, percent_decode(raw))
        })
}

/// Lowercase hex of `bytes`.
pub(crate) fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0xf)]));
    }
    out
}

/// Escapes text for HTML element content and attribute values.
pub(crate) fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Resolves `addr` and checks that every address it names is loopback (127.0.0.0/8 or ::1).
///
/// # Errors
///
/// `InvalidInput` when `addr` does not resolve or names a non-loopback address.
pub(crate) fn loopback_addrs(addr: &str) -> io::Result<Vec<SocketAddr>> {
    let addrs: Vec<SocketAddr> = addr.to_socket_addrs()?.collect();
    if addrs.is_empty() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("{addr} names no address"),
        ));
    }
    if let Some(bad) = addrs.iter().find(|a| !a.ip().to_canonical().is_loopback()) {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("{bad} is not a loopback address; only 127.0.0.0/8 and ::1 are allowed"),
        ));
    }
    Ok(addrs)
}

/// Something that answers one connection. It owns the stream and must close it.
pub(crate) type Handler = Arc<dyn Fn(TcpStream, SocketAddr) + Send + Sync>;

/// A listening socket with an accept thread that hands each connection to a [`Handler`] on its
/// own thread. Dropping it stops accepting, joins the accept thread and frees the port;
/// connections already being answered finish on their own.
pub(crate) struct Server {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    accept: Option<JoinHandle<()>>,
}

impl Server {
    /// Binds `addr` (loopback only) and starts accepting.
    ///
    /// # Errors
    ///
    /// `InvalidInput` for a non-loopback address, or the bind error.
    pub(crate) fn start(addr: &str, name: &str, handler: Handler) -> io::Result<Server> {
        let addrs = loopback_addrs(addr)?;
        let listener = TcpListener::bind(&addrs[..])?;
        let local = listener.local_addr()?;
        let stop = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&stop);
        let thread_name = name.to_string();
        let accept = thread::Builder::new()
            .name(format!("{name}-accept"))
            .spawn(move || accept_loop(&listener, &flag, &handler, &thread_name))?;
        Ok(Server {
            addr: local,
            stop,
            accept: Some(accept),
        })
    }

    /// The bound address (with the real port when started on port 0).
    pub(crate) fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops accepting; idempotent.
    pub(crate) fn stop(&mut self) {
        let Some(accept) = self.accept.take() else {
            return;
        };
        self.stop.store(true, Ordering::SeqCst);
        // Wake the blocking accept with a connection of our own. If that fails the accept
        // thread is abandoned rather than waited for forever.
        if TcpStream::connect_timeout(&self.addr, Duration::from_secs(1)).is_ok() {
            let _ = accept.join();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
    }
}

fn accept_loop(listener: &TcpListener, stop: &AtomicBool, handler: &Handler, name: &str) {
    for conn in listener.incoming() {
        if stop.load(Ordering::SeqCst) {
            break;
        }
        let stream = match conn {
            Ok(stream) => stream,
            Err(_) => {
                // Out of file descriptors and the like: back off instead of spinning.
                thread::sleep(Duration::from_millis(10));
                continue;
            }
        };
        let Ok(peer) = stream.peer_addr() else {
            continue;
        };
        prepare(&stream);
        let handler = Arc::clone(handler);
        let spawned = thread::Builder::new()
            .name(format!("{name}-conn"))
            .spawn(move || handler(stream, peer));
        // A failed spawn drops the stream: the client sees a closed connection.
        drop(spawned);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_decode_table() {
        let cases: &[(&str, Result<&str, DecodeError>)] = &[
            ("206", Ok("206")),
            ("%2A", Ok("*")),
            ("%2a", Ok("*")),
            ("*", Ok("*")),
            ("%2B49", Ok("+49")),
            ("+49", Ok("+49")),
            ("a%20b", Ok("a b")),
            ("%C3%A9", Ok("é")),
            ("%", Err(DecodeError::BadEscape)),
            ("%2", Err(DecodeError::BadEscape)),
            ("%zz", Err(DecodeError::BadEscape)),
            ("%FF", Err(DecodeError::NotUtf8)),
            ("%25zz", Ok("%zz")),
            ("%%41", Err(DecodeError::BadEscape)),
            ("a%", Err(DecodeError::BadEscape)),
            ("", Ok("")),
        ];
        for (input, expected) in cases {
            let got = percent_decode(input);
            assert_eq!(got.as_deref(), expected.as_deref(), "input {input:?}");
        }
    }

    #[test]
    fn parse_head_table() {
        let raw =
            b"GET /Phone_ActionURL&key=OK HTTP/1.1\r\nHost: x\r\nAuthorization: Basic abc \r\n\r\n";
        let Ok(Some((ok, len))) = parse_head(raw) else {
            panic!("valid head");
        };
        assert_eq!(len, raw.len());
        assert_eq!(ok.method, "GET");
        assert_eq!(ok.target, "/Phone_ActionURL&key=OK");
        assert_eq!(ok.header("authorization"), Some("Basic abc"));
        assert_eq!(ok.header("host"), Some("x"));
        assert!(matches!(
            parse_head(b"GET / HTTP/1.1\r\nHost: x\r\n"),
            Ok(None)
        ));
        assert!(matches!(parse_head(b""), Ok(None)));

        let bad: &[&[u8]] = &[
            b"GET /\r\n\r\n",
            b"GET / HTTP/2\r\n\r\n",
            b"GET  / HTTP/1.1\r\n\r\n",
            b"GET / HTTP/1.1 extra\r\n\r\n",
            b"GET /a b HTTP/1.1\r\n\r\n",
            b"GET / HTTP/1.1\r\nno colon here\r\n\r\n",
            b"GET / HTTP/1.1\r\nX: \xff\r\n\r\n",
            b"\xff / HTTP/1.1\r\n\r\n",
        ];
        for head in bad {
            assert!(
                matches!(parse_head(head), Err(ReadError::Malformed { .. })),
                "{:?}",
                String::from_utf8_lossy(head)
            );
        }
    }

    #[test]
    fn bare_lf_line_ends_and_many_headers_are_read() {
        let lf = read_request(&mut &b"GET /x HTTP/1.1\nHost: y\n\n"[..]).expect("bare LF");
        assert_eq!((lf.target.as_str(), lf.header("Host")), ("/x", Some("y")));
        let mut many = b"GET / HTTP/1.1\r\n".to_vec();
        for i in 0..500 {
            many.extend_from_slice(format!("X-{i}: {i}\r\n").as_bytes());
        }
        many.extend_from_slice(b"\r\n");
        let req = read_request(&mut many.as_slice()).expect("500 headers in 16 KiB");
        assert_eq!(req.headers.len(), 500);
    }

    #[test]
    fn read_request_limits_head_size() {
        let mut big = b"GET / HTTP/1.1\r\nX: ".to_vec();
        big.extend(std::iter::repeat_n(b'a', MAX_HEAD * 2));
        assert!(matches!(
            read_request(&mut big.as_slice()),
            Err(ReadError::TooLarge)
        ));
        assert!(matches!(
            read_request(&mut &b"GET / HTTP/1.1\r\n"[..]),
            Err(ReadError::Incomplete)
        ));
    }

    #[test]
    fn response_bytes_have_the_fixed_headers() {
        let bytes = Response::new(200, "text/html", "ok")
            .header("X-A", "1")
            .to_bytes();
        let text = String::from_utf8(bytes).expect("ascii");
        assert!(text.starts_with("HTTP/1.1 200 OK\r\n"));
        assert!(text.contains("Content-Type: text/html\r\n"));
        assert!(text.contains("X-A: 1\r\n"));
        assert!(text.contains("Content-Length: 2\r\n"));
        assert!(text.contains("Connection: close\r\n"));
        assert!(text.ends_with("\r\n\r\nok"));
    }

    #[test]
    fn bodies_are_read_to_their_length() {
        let raw = b"POST /__sim/x HTTP/1.1\r\nContent-Length: 7\r\n\r\n{\"a\":1}tail";
        let req = read_request(&mut &raw[..]).expect("valid");
        assert_eq!(req.body, b"{\"a\":1}");
        let lf = b"POST /x HTTP/1.1\nContent-Length: 2\n\nab";
        assert_eq!(
            read_request(&mut &lf[..]).map(|r| r.body).ok(),
            Some(b"ab".to_vec())
        );
        let none = b"GET /x HTTP/1.1\r\n\r\nignored";
        assert_eq!(
            read_request(&mut &none[..]).map(|r| r.body).ok(),
            Some(Vec::new())
        );
        let short = b"POST /x HTTP/1.1\r\nContent-Length: 9\r\n\r\nab";
        assert!(matches!(
            read_request(&mut &short[..]),
            Err(ReadError::Incomplete)
        ));
        let huge = b"POST /x HTTP/1.1\r\nContent-Length: 99999999\r\n\r\n";
        assert!(matches!(
            read_request(&mut &huge[..]),
            Err(ReadError::TooLarge)
        ));
    }

    #[test]
    fn head_answers_have_no_body() {
        let bytes = Response::text(405, "only GET")
            .for_method("HEAD")
            .to_bytes();
        let text = String::from_utf8(bytes).expect("ascii");
        assert!(text.ends_with("\r\n\r\n"), "{text}");
        let body_len = "405 Method Not Allowed: only GET\n".len();
        assert!(
            text.contains(&format!("Content-Length: {body_len}\r\n")),
            "{text}"
        );
    }

    #[test]
    fn escape_html_escapes_all_five() {
        assert_eq!(
            escape_html(r#"<a href="x">'&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }

    #[test]
    fn loopback_only() {
        for ok in ["127.0.0.1:0", "127.1.2.3:0", "[::1]:0"] {
            assert!(loopback_addrs(ok).is_ok(), "{ok}");
        }
        for bad in ["0.0.0.0:0", "192.168.0.124:80", "[::]:0", "10.0.0.1:8088"] {
            let err = loopback_addrs(bad).expect_err(bad);
            assert_eq!(err.kind(), io::ErrorKind::InvalidInput, "{bad}");
        }
    }

    #[test]
    fn hex_is_lowercase() {
        assert_eq!(hex(&[0x00, 0xab, 0x7f]), "00ab7f");
    }
}
