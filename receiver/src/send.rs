//! `Send`: one HTTP request to a phone for the extension, on a connection of its own that says
//! `Connection: close`, and never sent twice.
//!
//! The browsers' HTTP stacks send a request again when its connection closes before any answer
//! (Firefox any GET, up to `network.http.request.max-attempts`; Chromium any request on a
//! connection it kept alive), and an extension cannot stop them. A phone that carries out a
//! dial and then closes the connection unanswered would dial twice. Here the request is written
//! once, and a connection closed before the answer is reported as [`NotAnswered::Closed`], for
//! the extension to say "the phone may have dialed" rather than to try again.
//!
//! Written on `std::net` and `httparse` rather than an HTTP client crate: what matters here is
//! what a client crate decides on its own (pooled connections, a retry on a stale one,
//! redirects), and this needs none of it; the answers are a few hundred bytes from one phone.
//!
//! ```no_run
//! use click_to_dial::incoming::native::OneRequest;
//! let answer = htek_c2d_receiver::send::send(&OneRequest {
//!     url: "http://192.168.1.20/Phone_ActionURL&Command=1&Number=0301234567&Account=1".into(),
//!     method: "GET".into(),
//!     headers: vec![["Authorization".into(), "Basic YWRtaW46YWRtaW4=".into()]],
//!     body: None,
//!     timeout_ms: 5000,
//! });
//! ```

use click_to_dial::incoming::native::{NotAnswered, OneRequest};
use click_to_dial::uri::HttpUrl;
use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream, ToSocketAddrs};
use std::time::{Duration, Instant};

/// The most of an answer's body that is kept (phones answer in a few hundred bytes).
pub const MAX_BODY: usize = 64 * 1024;

/// The most an answer's head may take.
const MAX_HEAD: usize = 16 * 1024;

/// A phone's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub status: u16,
    pub www_authenticate: Option<String>,
    /// The body as text (invalid UTF-8 replaced), at most [`MAX_BODY`] bytes of it.
    pub body: String,
}

/// Sends `request` once and reads the answer, all within its timeout.
///
/// # Errors
/// [`NotAnswered`]: why there is no answer.
pub fn send(request: &OneRequest) -> Result<Answer, NotAnswered> {
    let url = HttpUrl::split(&request.url)
        .filter(|u| u.scheme == "http" && !u.host.is_empty())
        .ok_or(NotAnswered::BadRequest)?;
    let head = head(request, &url).ok_or(NotAnswered::BadRequest)?;
    let deadline = Instant::now() + Duration::from_millis(u64::from(request.timeout_ms.max(1)));
    let mut stream = connect(&url, deadline)?;
    let mut wire = head.into_bytes();
    wire.extend_from_slice(request.body.as_deref().unwrap_or("").as_bytes());
    // A write that fails may have reached the phone in part: it is not written again.
    stream
        .write_all(&wire)
        .map_err(|e| failed(&e, NotAnswered::Closed))?;
    read_answer(&mut stream, deadline)
}

/// The request's head for `url` (its `http:` URL, split), or `None` when it cannot be sent as
/// asked: a method that is not a token, a header name or value that would break the head.
fn head(request: &OneRequest, url: &HttpUrl) -> Option<String> {
    let method_ok =
        !request.method.is_empty() && request.method.bytes().all(|b| b.is_ascii_uppercase());
    let field_ok = |text: &str| !text.bytes().any(|b| b == b'\r' || b == b'\n' || b == 0);
    let headers_ok = request.headers.iter().all(|[name, value]| {
        !name.is_empty()
            && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && field_ok(value)
    });
    if !method_ok || !headers_ok || !field_ok(url.rest) {
        return None;
    }
    let target = url.rest.split('#').next().unwrap_or("");
    let target = if target.starts_with('/') {
        target.to_string()
    } else {
        format!("/{target}")
    };
    let host = url
        .port
        .map_or(url.host.to_string(), |port| format!("{}:{port}", url.host));
    let mut head = format!(
        "{} {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\nUser-Agent: htek-c2d-receiver/{}\r\n",
        request.method,
        env!("CARGO_PKG_VERSION")
    );
    for [name, value] in &request.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    if let Some(body) = &request.body {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    head.push_str("\r\n");
    Some(head)
}

/// A connection to the URL's host and port (80 by default), the first address that takes one.
fn connect(url: &HttpUrl, deadline: Instant) -> Result<TcpStream, NotAnswered> {
    let host = url.host.trim_start_matches('[').trim_end_matches(']');
    let port: u16 = match url.port {
        None | Some("") => 80,
        Some(port) => port.parse().map_err(|_| NotAnswered::BadRequest)?,
    };
    let addresses: Vec<SocketAddr> = (host, port)
        .to_socket_addrs()
        .map_err(|_| NotAnswered::Unreachable)?
        .collect();
    let mut last = NotAnswered::Unreachable;
    for address in addresses {
        let Some(left) = deadline.checked_duration_since(Instant::now()) else {
            return Err(NotAnswered::Timeout);
        };
        match TcpStream::connect_timeout(&address, left.max(Duration::from_millis(1))) {
            Ok(stream) => return Ok(stream),
            Err(e) => last = failed(&e, NotAnswered::Unreachable),
        }
    }
    Err(last)
}

/// Reads the answer's head and body, until the body's length, its last chunk or the end of
/// the connection, whichever the head says.
fn read_answer(stream: &mut TcpStream, deadline: Instant) -> Result<Answer, NotAnswered> {
    let mut buffer = Vec::with_capacity(1024);
    let (status, www_authenticate, length, chunked, head_len) = loop {
        if buffer.len() > MAX_HEAD {
            return Err(NotAnswered::Closed);
        }
        if read_some(stream, &mut buffer, deadline)? == 0 {
            return Err(NotAnswered::Closed); // closed before a whole head: nothing to read
        }
        let mut slots = [httparse::EMPTY_HEADER; 32];
        let mut response = httparse::Response::new(&mut slots);
        match response.parse(&buffer) {
            Ok(httparse::Status::Complete(head_len)) => {
                let header = |name: &str| {
                    response
                        .headers
                        .iter()
                        .find(|h| h.name.eq_ignore_ascii_case(name))
                        .map(|h| String::from_utf8_lossy(h.value).trim().to_string())
                };
                let chunked = header("Transfer-Encoding")
                    .is_some_and(|v| v.to_ascii_lowercase().contains("chunked"));
                let length = header("Content-Length").and_then(|v| v.parse::<usize>().ok());
                break (
                    response.code.unwrap_or(0),
                    header("WWW-Authenticate"),
                    length,
                    chunked,
                    head_len,
                );
            }
            Ok(httparse::Status::Partial) => {}
            Err(_) => return Err(NotAnswered::Closed),
        }
    };
    let mut body = buffer.split_off(head_len);
    if chunked {
        body = read_chunked(stream, body, deadline)?;
    } else {
        let wanted = length.unwrap_or(usize::MAX).min(MAX_BODY);
        while body.len() < wanted {
            if read_some(stream, &mut body, deadline)? == 0 {
                break; // the end of a body without a length, or a short one
            }
        }
    }
    body.truncate(MAX_BODY);
    Ok(Answer {
        status,
        www_authenticate,
        body: String::from_utf8_lossy(&body).into_owned(),
    })
}

/// The data of a chunked body whose first bytes are `read` (at most [`MAX_BODY`] of it; what
/// came when the connection ended early).
fn read_chunked(
    stream: &mut TcpStream,
    mut read: Vec<u8>,
    deadline: Instant,
) -> Result<Vec<u8>, NotAnswered> {
    let mut data = Vec::new();
    let mut at = 0;
    while data.len() < MAX_BODY {
        let (start, size) = match httparse::parse_chunk_size(&read[at..]) {
            Ok(httparse::Status::Complete((_, 0))) | Err(_) => break,
            Ok(httparse::Status::Complete((size_len, size))) => (
                at + size_len,
                usize::try_from(size).unwrap_or(MAX_BODY).min(MAX_BODY),
            ),
            Ok(httparse::Status::Partial) => {
                if read_some(stream, &mut read, deadline)? == 0 {
                    break;
                }
                continue;
            }
        };
        // The chunk's data and the CRLF after it.
        while read.len() < start + size + 2 {
            if read_some(stream, &mut read, deadline)? == 0 {
                data.extend_from_slice(&read[start.min(read.len())..]);
                return Ok(data);
            }
        }
        data.extend_from_slice(&read[start..start + size]);
        at = start + size + 2;
    }
    Ok(data)
}

/// Reads what has come into `buffer`; the number of bytes (0: the connection ended).
fn read_some(
    stream: &mut TcpStream,
    buffer: &mut Vec<u8>,
    deadline: Instant,
) -> Result<usize, NotAnswered> {
    let left = deadline
        .checked_duration_since(Instant::now())
        .filter(|left| !left.is_zero())
        .ok_or(NotAnswered::Timeout)?;
    stream
        .set_read_timeout(Some(left))
        .map_err(|_| NotAnswered::Closed)?;
    let mut chunk = [0u8; 4096];
    match stream.read(&mut chunk) {
        Ok(n) => {
            buffer.extend_from_slice(&chunk[..n]);
            Ok(n)
        }
        Err(e) => Err(failed(&e, NotAnswered::Closed)),
    }
}

/// `otherwise`, or [`NotAnswered::Timeout`] when `error` is a timeout.
fn failed(error: &std::io::Error, otherwise: NotAnswered) -> NotAnswered {
    match error.kind() {
        ErrorKind::TimedOut | ErrorKind::WouldBlock => NotAnswered::Timeout,
        _ => otherwise,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::TcpListener;
    use std::sync::mpsc;
    use std::thread;

    /// A phone on loopback that reads one request head and answers with `answer` (None: closes
    /// without a word), then counts the connections it gets in the next 300 ms. Returns its URL
    /// and a receiver of (the request it read, the connections counted in all).
    fn phone(answer: Option<&'static [u8]>) -> (String, mpsc::Receiver<(String, usize)>) {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let (tx, rx) = mpsc::channel();
        thread::spawn(move || {
            let (mut stream, _) = listener.accept().unwrap();
            let mut head = Vec::new();
            let mut byte = [0u8; 1];
            while !head.ends_with(b"\r\n\r\n") && stream.read(&mut byte).unwrap_or(0) == 1 {
                head.push(byte[0]);
            }
            if let Some(answer) = answer {
                stream.write_all(answer).unwrap();
            }
            drop(stream);
            listener.set_nonblocking(true).unwrap();
            let mut connections = 1;
            let until = Instant::now() + Duration::from_millis(300);
            while Instant::now() < until {
                if listener.accept().is_ok() {
                    connections += 1;
                }
                thread::sleep(Duration::from_millis(10));
            }
            let _ = tx.send((String::from_utf8_lossy(&head).into_owned(), connections));
        });
        (url, rx)
    }

    fn get(url: &str, path: &str) -> OneRequest {
        OneRequest {
            url: format!("{url}{path}"),
            method: "GET".into(),
            headers: vec![["Authorization".into(), "Basic YWRtaW46YWRtaW4=".into()]],
            body: None,
            timeout_ms: 2000,
        }
    }

    #[test]
    fn an_answer_is_read_and_the_request_says_close() {
        let (url, seen) = phone(Some(
            b"HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Digest realm=\"htek\"\r\nContent-Length: 2\r\n\r\nno",
        ));
        let answer = send(&get(&url, "/Phone_ActionURL&Command=1&Number=0301234567")).unwrap();
        assert_eq!(answer.status, 401);
        assert_eq!(
            answer.www_authenticate.as_deref(),
            Some("Digest realm=\"htek\"")
        );
        assert_eq!(answer.body, "no");
        let (head, connections) = seen.recv().unwrap();
        assert!(
            head.starts_with("GET /Phone_ActionURL&Command=1&Number=0301234567 HTTP/1.1\r\n"),
            "{head}"
        );
        assert!(head.contains("\r\nConnection: close\r\n"), "{head}");
        assert!(
            head.contains("\r\nAuthorization: Basic YWRtaW46YWRtaW4=\r\n"),
            "{head}"
        );
        assert!(
            head.contains(&format!("\r\nHost: {}\r\n", &url[7..])),
            "{head}"
        );
        assert_eq!(connections, 1);
    }

    #[test]
    fn chunked_and_unsized_bodies() {
        let (url, _) = phone(Some(
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\n{\"St\r\nd\r\natus\":\"2000\"}\r\n0\r\n\r\n",
        ));
        assert_eq!(send(&get(&url, "/")).unwrap().body, "{\"Status\":\"2000\"}");
        let (url, _) = phone(Some(b"HTTP/1.0 200 OK\r\n\r\nOK, until the end"));
        assert_eq!(send(&get(&url, "/")).unwrap().body, "OK, until the end");
    }

    #[test]
    fn a_phone_that_closes_unanswered_gets_the_request_once() {
        let (url, seen) = phone(None);
        assert_eq!(send(&get(&url, "/dial")), Err(NotAnswered::Closed));
        let (head, connections) = seen.recv().unwrap();
        assert!(head.starts_with("GET /dial "), "{head}");
        assert_eq!(connections, 1, "sent once, never again");
    }

    #[test]
    fn no_phone_no_answer_and_bad_requests() {
        let closed = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", closed.local_addr().unwrap());
        drop(closed);
        assert_eq!(send(&get(&url, "/")), Err(NotAnswered::Unreachable));

        let silent = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", silent.local_addr().unwrap());
        let request = OneRequest {
            timeout_ms: 200,
            ..get(&url, "/")
        };
        let started = Instant::now();
        assert_eq!(send(&request), Err(NotAnswered::Timeout));
        assert!(started.elapsed() < Duration::from_secs(2));

        for bad in [
            OneRequest {
                url: "https://127.0.0.1/".into(),
                ..get("", "")
            },
            OneRequest {
                url: "ftp://127.0.0.1/".into(),
                ..get("", "")
            },
            OneRequest {
                method: "GET /x HTTP/1.1\r\n".into(),
                ..get("http://127.0.0.1", "/")
            },
            OneRequest {
                headers: vec![["X".into(), "a\r\nEvil: 1".into()]],
                ..get("http://127.0.0.1", "/")
            },
            get("http://127.0.0.1", "/a\r\nEvil: 1"),
        ] {
            assert_eq!(send(&bad), Err(NotAnswered::BadRequest), "{bad:?}");
        }
    }

    #[test]
    fn a_body_goes_with_its_length() {
        let request = OneRequest {
            method: "POST".into(),
            headers: vec![["Content-Type".into(), "application/json".into()]],
            body: Some("{\"data\":{}}".into()),
            ..get("http://127.0.0.1:8080", "/api/v1/callctrl/dial#x")
        };
        let head = head(&request, &HttpUrl::split(&request.url).unwrap()).unwrap();
        assert!(
            head.starts_with("POST /api/v1/callctrl/dial HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n"),
            "{head}"
        );
        assert!(
            head.ends_with("Content-Type: application/json\r\nContent-Length: 11\r\n\r\n"),
            "{head}"
        );
    }
}
