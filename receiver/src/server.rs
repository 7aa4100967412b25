//! The listener for the phone's Action URL requests: one thread accepts, one short-lived thread
//! answers each connection.
//!
//! The source address is looked at before anything is read: the phone's connections have
//! [`MAX_CONNECTIONS`] threads of their own, other addresses share [`MAX_STRANGERS`] (to be told
//! 403) and have [`STRANGER_DEADLINE`] for their whole head, so connections from another device
//! that hold their sockets open, sending a byte now and then, never keep the phone's events out.
//! A connection over its share is closed unread.
//!
//! For each request, in order: the source address must be one of the phone's (else 403,
//! [`RefuseReason::WrongSource`]); the head must be HTTP/1.x within [`http::MAX_HEAD`] bytes
//! and [`HEAD_DEADLINE`] in all (else 400 or 431; a connection that sends nothing is just
//! closed); the method must be GET (else 405) or POST; a GET's target must carry the token and
//! a known event ([`check_target`]: 403, 404, 400 or 414); a POST is Poly's XML notification
//! (`notification`): the token path alone ([`check_post_target`]), an XML or no
//! `Content-Type` (else 415), a `Content-Length` (else 411) of at most [`poly::MAX_BODY`]
//! bytes (else 413), a body [`poly::read_notification`] reads (else 400). Every refusal is logged and reported as
//! [`FromReceiver::Refused`]; an accepted event is reported as [`FromReceiver::Event`] and
//! answered 200.
//!
//! ```no_run
//! use std::sync::Arc;
//! use htek_c2d_receiver::server::Listener;
//!
//! let listener = Listener::start(
//!     "127.0.0.1:0".parse()?,
//!     vec!["127.0.0.1".parse()?],
//!     "0123456789abcdef0123456789abcdef".into(),
//!     Arc::new(|message| eprintln!("{message:?}")),
//! )?;
//! println!("listening on {}", listener.addr());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use click_to_dial::incoming::native::{FromReceiver, RefuseReason};
use click_to_dial::incoming::{check_post_target, check_target, EventReport};

use crate::http::{self, ReadError};
use crate::{log, poly};

/// How many of the phone's connections are answered at once; more are closed unanswered.
pub const MAX_CONNECTIONS: usize = 16;

/// How many connections from other addresses are answered (403) at once; more are closed
/// unread.
pub const MAX_STRANGERS: usize = 4;

/// How long the phone's request head may take in all, however it trickles in.
pub const HEAD_DEADLINE: Duration = Duration::from_secs(2);

/// How long another address's request head may take in all before it is closed.
pub const STRANGER_DEADLINE: Duration = Duration::from_millis(500);

/// Where the listener's messages go (the native-messaging port, or a test's channel).
pub type Outbox = Arc<dyn Fn(FromReceiver) + Send + Sync>;

/// What every connection's thread shares.
struct Shared {
    phone: Vec<IpAddr>,
    token: String,
    outbox: Outbox,
    /// The phone's connections being answered.
    active: AtomicUsize,
    /// Other addresses' connections being answered.
    strangers: AtomicUsize,
}

/// A listening socket and its accept thread. Dropping it stops accepting and frees the port.
pub struct Listener {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    accept: Option<JoinHandle<()>>,
}

impl Listener {
    /// Binds `listen` and starts accepting requests from `phone` (any of these addresses)
    /// carrying `token`.
    ///
    /// # Errors
    ///
    /// The bind error.
    pub fn start(
        listen: SocketAddr,
        phone: Vec<IpAddr>,
        token: String,
        outbox: Outbox,
    ) -> io::Result<Listener> {
        let listener = TcpListener::bind(listen)?;
        let addr = listener.local_addr()?;
        let stop = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&stop);
        let shared = Arc::new(Shared {
            phone: phone.into_iter().map(|ip| ip.to_canonical()).collect(),
            token,
            outbox,
            active: AtomicUsize::new(0),
            strangers: AtomicUsize::new(0),
        });
        let accept = thread::Builder::new()
            .name("receiver-accept".into())
            .spawn(move || accept_loop(&listener, &flag, &shared))?;
        Ok(Listener {
            addr,
            stop,
            accept: Some(accept),
        })
    }

    /// The bound address (with the real port when asked for port 0).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops accepting; idempotent. Connections being answered finish on their own.
    pub fn stop(&mut self) {
        let Some(accept) = self.accept.take() else {
            return;
        };
        self.stop.store(true, Ordering::SeqCst);
        // Wake the blocking accept with a connection of our own (to loopback when listening on
        // every interface). If that fails the accept thread is abandoned, not waited for.
        let mut wake = self.addr;
        if wake.ip().is_unspecified() {
            wake.set_ip(match wake.ip() {
                IpAddr::V4(_) => IpAddr::V4(Ipv4Addr::LOCALHOST),
                IpAddr::V6(_) => IpAddr::V6(Ipv6Addr::LOCALHOST),
            });
        }
        if TcpStream::connect_timeout(&wake, Duration::from_secs(1)).is_ok() {
            let _ = accept.join();
        }
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        self.stop();
    }
}

fn accept_loop(listener: &TcpListener, stop: &AtomicBool, shared: &Arc<Shared>) {
    for conn in listener.incoming() {
        if stop.load(Ordering::SeqCst) {
            break;
        }
        let Ok(stream) = conn else {
            // Out of file descriptors and the like: back off instead of spinning.
            thread::sleep(Duration::from_millis(10));
            continue;
        };
        let Ok(peer) = stream.peer_addr() else {
            continue;
        };
        // Decided before a byte is read: the phone's connections never wait behind others.
        let is_phone = shared.phone.contains(&peer.ip().to_canonical());
        let (share, max) = if is_phone {
            (&shared.active, MAX_CONNECTIONS)
        } else {
            (&shared.strangers, MAX_STRANGERS)
        };
        if share.fetch_add(1, Ordering::SeqCst) >= max {
            share.fetch_sub(1, Ordering::SeqCst);
            log(&format!("{peer}: too many connections, closed unread"));
            continue;
        }
        let deadline = Instant::now()
            + if is_phone {
                HEAD_DEADLINE
            } else {
                STRANGER_DEADLINE
            };
        let _ = stream.set_write_timeout(Some(http::WRITE_TIMEOUT));
        let _ = stream.set_nodelay(true);
        let for_thread = Arc::clone(shared);
        let spawned = thread::Builder::new()
            .name("receiver-conn".into())
            .spawn(move || {
                serve(&for_thread, stream, peer, deadline);
                let share = if is_phone {
                    &for_thread.active
                } else {
                    &for_thread.strangers
                };
                share.fetch_sub(1, Ordering::SeqCst);
            });
        if spawned.is_err() {
            share.fetch_sub(1, Ordering::SeqCst);
        }
    }
}

/// Answers one connection, whose request head must be in by `deadline`.
fn serve(shared: &Shared, mut stream: TcpStream, peer: SocketAddr, deadline: Instant) {
    let from = peer.to_string();
    let refuse = |stream: TcpStream, status: u16, reason: RefuseReason, detail: &str| {
        log(&format!("{from}: refused ({status}): {detail}"));
        (shared.outbox)(FromReceiver::Refused {
            from: from.clone(),
            reason,
        });
        http::answer(stream, status);
    };
    let request = http::read_request(&mut http::ByDeadline {
        stream: &mut stream,
        deadline,
    });
    if !shared.phone.contains(&peer.ip().to_canonical()) {
        return refuse(
            stream,
            403,
            RefuseReason::WrongSource,
            "not the phone's address",
        );
    }
    let request = match request {
        Ok(request) => request,
        Err(ReadError::Incomplete) => {
            log(&format!("{from}: closed before a whole request"));
            return;
        }
        Err(e @ ReadError::TooLarge) => {
            return refuse(stream, 431, RefuseReason::TooLong, &e.to_string())
        }
        Err(e) => return refuse(stream, 400, RefuseReason::Malformed, &e.to_string()),
    };
    let line = &request.line;
    if line.method == "POST" {
        return notification(shared, stream, &request, &from);
    }
    if line.method != "GET" {
        return refuse(stream, 405, RefuseReason::NotGet, &line.method);
    }
    match check_target(&line.target, &shared.token) {
        Ok(report) => pass_on(shared, stream, report, &from),
        Err(e) => refuse(stream, e.status(), e.reason(), &e.to_string()),
    }
}

/// Hands an event to the extension and answers 200.
fn pass_on(shared: &Shared, stream: TcpStream, report: EventReport, from: &str) {
    log(&format!("{from}: {}", report.event));
    (shared.outbox)(FromReceiver::Event {
        report: Box::new(report),
        from: from.to_string(),
    });
    http::answer(stream, 200);
}

/// A POST: Poly's XML telephony notification, at the token path, with a `Content-Length` of
/// at most [`poly::MAX_BODY`] bytes and an XML `Content-Type` (or none). A call event is passed
/// on; a Poly notification the extension does not use is answered 200 and dropped.
fn notification(shared: &Shared, mut stream: TcpStream, request: &http::Request, from: &str) {
    let refuse = |stream: TcpStream, status: u16, reason: RefuseReason, detail: &str| {
        log(&format!("{from}: refused ({status}): {detail}"));
        (shared.outbox)(FromReceiver::Refused {
            from: from.to_string(),
            reason,
        });
        http::answer(stream, status);
    };
    if let Err(e) = check_post_target(&request.line.target, &shared.token) {
        return refuse(stream, e.status(), e.reason(), &e.to_string());
    }
    let xml = request.content_type.as_deref().is_none_or(|kind| {
        let kind = kind.to_ascii_lowercase();
        kind.starts_with("text/xml") || kind.starts_with("application/xml")
    });
    if !xml {
        let kind = request.content_type.as_deref().unwrap_or_default();
        return refuse(stream, 415, RefuseReason::NotANotification, kind);
    }
    let body = http::read_body(
        &mut http::ByDeadline {
            stream: &mut stream,
            deadline: Instant::now() + HEAD_DEADLINE,
        },
        request,
        poly::MAX_BODY,
    );
    let body = match body {
        Ok(body) => body,
        Err(e @ http::BodyError::Incomplete) => {
            log(&format!("{from}: {e}"));
            return;
        }
        Err(e @ http::BodyError::TooLarge(_)) => {
            return refuse(stream, e.status(), RefuseReason::TooLong, &e.to_string())
        }
        Err(e) => return refuse(stream, e.status(), RefuseReason::Malformed, &e.to_string()),
    };
    match poly::read_notification(&body) {
        Ok(Some(report)) => pass_on(shared, stream, report, from),
        Ok(None) => {
            log(&format!(
                "{from}: a Poly notification with nothing to report"
            ));
            http::answer(stream, 200);
        }
        Err(e) => refuse(stream, 400, RefuseReason::NotANotification, &e.to_string()),
    }
}
