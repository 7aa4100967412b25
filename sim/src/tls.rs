//! HTTPS in front of the simulated phone (`--tls`, [`crate::Config::tls`]), as phones serve
//! their web interface over HTTPS with a certificate of their own that no browser trusts.
//!
//! A certificate for `127.0.0.1`, `::1` and `localhost` is made (self-signed, `rcgen`) when the
//! phone starts, so every start has a new one, as a phone after a factory reset. Each
//! connection is taken through the TLS handshake (`rustls`), its request (head and
//! `Content-Length` body) is read and passed on to the plain phone on an internal loopback
//! port, and the answer is passed back, then the connection closes (one request per
//! connection, like the plain phone's `Connection: close`). A client that does not accept the
//! certificate ends the handshake, and the phone never sees a request.

use crate::http::Server;
use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;
use std::time::Duration;

/// The largest request head passed on.
const MAX_HEAD: usize = 64 * 1024;
/// The largest request body passed on.
const MAX_BODY: usize = 1024 * 1024;

/// The HTTPS listener in front of a plain phone.
pub(crate) struct TlsFront {
    server: Server,
    /// The certificate (DER) clients are shown.
    pub(crate) certificate: Vec<u8>,
}

impl TlsFront {
    /// Listens on `addr` (loopback only) and passes each request on to `backend`.
    ///
    /// # Errors
    ///
    /// The bind error, or a certificate that cannot be made.
    pub(crate) fn start(addr: &str, backend: SocketAddr) -> io::Result<TlsFront> {
        let made = rcgen::generate_simple_self_signed(vec![
            "127.0.0.1".to_string(),
            "::1".to_string(),
            "localhost".to_string(),
        ])
        .map_err(io::Error::other)?;
        let certificate = made.cert.der().to_vec();
        let key = rustls::pki_types::PrivateKeyDer::try_from(made.key_pair.serialize_der())
            .map_err(io::Error::other)?;
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(io::Error::other)?
            .with_no_client_auth()
            .with_single_cert(vec![made.cert.der().clone()], key)
            .map_err(io::Error::other)?;
        let config = Arc::new(config);
        let server = Server::start(
            addr,
            "htek-sim-tls",
            Arc::new(move |stream, _peer| relay(&config, stream, backend)),
        )?;
        Ok(TlsFront {
            server,
            certificate,
        })
    }

    /// The HTTPS address.
    pub(crate) fn addr(&self) -> SocketAddr {
        self.server.addr()
    }
}

/// One connection: handshake, the request on to `backend`, its answer back.
fn relay(config: &Arc<rustls::ServerConfig>, stream: TcpStream, backend: SocketAddr) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let Ok(connection) = rustls::ServerConnection::new(Arc::clone(config)) else {
        return;
    };
    let mut tls = rustls::StreamOwned::new(connection, stream);
    let Some(request) = read_request(&mut tls) else {
        return;
    };
    let Ok(mut plain) = TcpStream::connect(backend) else {
        return;
    };
    let _ = plain.set_read_timeout(Some(Duration::from_secs(60)));
    if plain.write_all(&request).is_err() {
        return;
    }
    let mut answer = Vec::new();
    let _ = plain.read_to_end(&mut answer);
    let _ = tls.write_all(&answer);
    tls.conn.send_close_notify();
    let _ = tls.flush();
}

/// The request's head and body as sent, or `None` when the handshake failed (a client that
/// refused the certificate), the connection closed early, or the request is too large.
fn read_request(tls: &mut impl Read) -> Option<Vec<u8>> {
    let mut request = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(end) = find(&request, b"\r\n\r\n") {
            break end + 4;
        }
        if request.len() > MAX_HEAD {
            return None;
        }
        let read = tls.read(&mut chunk).ok().filter(|n| *n > 0)?;
        request.extend_from_slice(&chunk[..read]);
    };
    let mut headers = [httparse::EMPTY_HEADER; 64];
    let mut parsed = httparse::Request::new(&mut headers);
    parsed.parse(&request[..head_end]).ok()?;
    let length = parsed
        .headers
        .iter()
        .find(|h| h.name.eq_ignore_ascii_case("content-length"))
        .and_then(|h| std::str::from_utf8(h.value).ok())
        .and_then(|v| v.trim().parse::<usize>().ok())
        .unwrap_or(0);
    if length > MAX_BODY {
        return None;
    }
    while request.len() < head_end + length {
        let read = tls.read(&mut chunk).ok().filter(|n| *n > 0)?;
        request.extend_from_slice(&chunk[..read]);
    }
    request.truncate(head_end + length);
    Some(request)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}
