//! A raw HTTP/1.1 client for the integration tests: exact request targets, exact headers, and
//! the whole reply (or its absence) back.
#![allow(dead_code)] // each test file uses a different part

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use htek_sim::Config;

/// A parsed reply.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Reply {
    /// The first header called `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.all(name).into_iter().next()
    }

    /// Every header called `name`, in order.
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect()
    }
}

/// A quiet default config (no JSON lines on the test output).
pub fn quiet() -> Config {
    Config {
        quiet: true,
        ..Config::default()
    }
}

/// Writes `raw` and reads until the server closes. The bytes may be empty (a dropped connection);
/// a reset after nothing was sent also counts as empty.
pub fn exchange(addr: SocketAddr, raw: &str) -> Vec<u8> {
    let mut conn = TcpStream::connect(addr).expect("connect to the sim");
    conn.set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    conn.write_all(raw.as_bytes()).expect("write request");
    let mut bytes = Vec::new();
    match conn.read_to_end(&mut bytes) {
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => {}
        Err(e) => panic!("reading the reply: {e}"),
    }
    bytes
}

/// Parses a whole reply; panics (fails the test) on anything that is not HTTP/1.1.
pub fn parse(bytes: &[u8]) -> Reply {
    let text = String::from_utf8(bytes.to_vec()).expect("reply is UTF-8");
    let (head, body) = text.split_once("\r\n\r\n").expect("reply has a head");
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap_or_default();
    assert!(status_line.starts_with("HTTP/1.1 "), "{status_line}");
    let status = status_line[9..12].parse().expect("numeric status");
    let headers: Vec<(String, String)> = lines
        .map(|l| {
            let (n, v) = l.split_once(':').expect("header has a colon");
            (n.trim().to_string(), v.trim().to_string())
        })
        .collect();
    let reply = Reply {
        status,
        headers,
        body: body.to_string(),
    };
    let length: usize = reply
        .header("Content-Length")
        .and_then(|v| v.parse().ok())
        .expect("Content-Length");
    assert_eq!(length, reply.body.len(), "Content-Length matches the body");
    assert_eq!(reply.header("Connection"), Some("close"));
    reply
}

/// `GET target` with an optional `Authorization` value.
pub fn get(addr: SocketAddr, target: &str, authorization: Option<&str>) -> Reply {
    request(addr, "GET", target, authorization)
}

/// Any method.
pub fn request(addr: SocketAddr, method: &str, target: &str, authorization: Option<&str>) -> Reply {
    let mut raw = format!("{method} {target} HTTP/1.1\r\nHost: {addr}\r\n");
    if let Some(value) = authorization {
        raw.push_str(&format!("Authorization: {value}\r\n"));
    }
    raw.push_str("\r\n");
    parse(&exchange(addr, &raw))
}

/// `GET target` as admin/admin with Basic.
pub fn admin(addr: SocketAddr, target: &str) -> Reply {
    get(addr, target, Some(&basic("admin", "admin")))
}

/// `Basic base64(user:pass)`.
pub fn basic(user: &str, pass: &str) -> String {
    format!("Basic {}", STANDARD.encode(format!("{user}:{pass}")))
}

/// The value of `name="..."` or `name=token` inside a header value.
pub fn param(header: &str, name: &str) -> Option<String> {
    let start = header.find(&format!("{name}="))? + name.len() + 1;
    let rest = &header[start..];
    if let Some(quoted) = rest.strip_prefix('"') {
        quoted.split_once('"').map(|(v, _)| v.to_string())
    } else {
        Some(
            rest.split([',', ' '])
                .next()
                .unwrap_or_default()
                .to_string(),
        )
    }
}
