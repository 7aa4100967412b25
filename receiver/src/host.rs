//! The native-messaging side: read [`ToReceiver`] frames from the browser, start and stop the
//! [`Listener`], and write every [`FromReceiver`] as a frame. stdout is the protocol, so
//! nothing else is ever written there; the log goes to stderr.
//!
//! ```no_run
//! // What `main` does when the browser starts the receiver:
//! let code = htek_c2d_receiver::host::run(std::io::stdin().lock(), std::io::stdout());
//! std::process::exit(code);
//! ```

use std::io::{Read, Write};
use std::net::{IpAddr, SocketAddr, ToSocketAddrs};
use std::sync::{Arc, Mutex};

use click_to_dial::incoming::native::{
    read_frame, write_frame, FrameError, FromReceiver, ReceiverError, ToReceiver, DEFAULT_LISTEN,
};
use click_to_dial::incoming::validate_token;

use crate::log;
use crate::server::{Listener, Outbox};

/// Serves native messaging until `input` ends: 0 when it ends cleanly (the browser
/// disconnected), 1 when the framing breaks (the stream cannot be trusted after that).
pub fn run(mut input: impl Read, output: impl Write + Send + 'static) -> i32 {
    let output = Mutex::new(output);
    let outbox: Outbox = Arc::new(move |message: FromReceiver| {
        let Ok(json) = serde_json::to_vec(&message) else {
            return;
        };
        let mut out = output.lock().unwrap_or_else(|e| e.into_inner());
        if let Err(e) = write_frame(&mut *out, &json) {
            log(&format!("cannot write to the browser: {e}"));
        }
    });
    // Said first, so that the extension knows it may send through this receiver before it
    // asks it to listen (or without ever asking: requests only through the receiver).
    outbox(FromReceiver::Ready {
        version: env!("CARGO_PKG_VERSION").to_string(),
        sends: true,
    });
    let mut listener: Option<Listener> = None;
    loop {
        let frame = match read_frame(&mut input) {
            Ok(Some(frame)) => frame,
            Ok(None) => {
                log("the browser closed the connection; exiting");
                return 0;
            }
            Err(e @ (FrameError::Truncated | FrameError::TooLarge(_) | FrameError::Io(_))) => {
                log(&format!("{e}; exiting"));
                return 1;
            }
        };
        let message = match serde_json::from_slice::<ToReceiver>(&frame) {
            Ok(message) => message,
            Err(e) => {
                log(&format!("not a message: {e}"));
                outbox(FromReceiver::Error {
                    error: ReceiverError::BadMessage {
                        detail: e.to_string(),
                    },
                });
                continue;
            }
        };
        match message {
            ToReceiver::Start {
                listen,
                phone_ip,
                token,
            } => {
                if let Some(mut old) = listener.take() {
                    old.stop();
                }
                match start(&listen, &phone_ip, token, Arc::clone(&outbox)) {
                    Ok(started) => {
                        log(&format!(
                            "listening on {} for the phone at {phone_ip}",
                            started.addr()
                        ));
                        outbox(FromReceiver::Listening {
                            addr: started.addr().to_string(),
                            version: env!("CARGO_PKG_VERSION").to_string(),
                            sends: true,
                        });
                        listener = Some(started);
                    }
                    Err(error) => {
                        log(&error.to_string());
                        outbox(FromReceiver::Error { error });
                    }
                }
            }
            ToReceiver::Send { id, request } => {
                // A thread per request: a slow phone holds up neither the messages nor the
                // events.
                let outbox = Arc::clone(&outbox);
                std::thread::spawn(move || {
                    outbox(match crate::send::send(&request) {
                        Ok(answer) => FromReceiver::Answered {
                            id,
                            status: answer.status,
                            www_authenticate: answer.www_authenticate,
                            body: answer.body,
                        },
                        Err(reason) => FromReceiver::NotAnswered { id, reason },
                    });
                });
            }
            ToReceiver::Stop => {
                if let Some(mut old) = listener.take() {
                    old.stop();
                    log("stopped listening");
                }
                outbox(FromReceiver::Stopped);
            }
        }
    }
}

fn start(
    listen: &str,
    phone_ip: &str,
    token: String,
    outbox: Outbox,
) -> Result<Listener, ReceiverError> {
    validate_token(&token).map_err(|_| ReceiverError::BadToken)?;
    let addr = parse_listen(listen).ok_or_else(|| ReceiverError::BadListen {
        listen: listen.to_string(),
    })?;
    let phone = resolve_phone(phone_ip).ok_or_else(|| ReceiverError::BadPhoneIp {
        phone_ip: phone_ip.to_string(),
    })?;
    Listener::start(addr, phone, token, outbox).map_err(|e| ReceiverError::CannotListen {
        listen: addr.to_string(),
        detail: e.to_string(),
    })
}

/// `IP:PORT`; a bare port means every interface; empty means [`DEFAULT_LISTEN`].
pub fn parse_listen(listen: &str) -> Option<SocketAddr> {
    let listen = listen.trim();
    if listen.is_empty() {
        return DEFAULT_LISTEN.parse().ok();
    }
    if let Ok(port) = listen.parse::<u16>() {
        return Some(SocketAddr::from(([0, 0, 0, 0], port)));
    }
    listen.parse().ok()
}

/// The phone's addresses: an IP (a port after it is ignored), or a host name resolved once.
pub fn resolve_phone(phone: &str) -> Option<Vec<IpAddr>> {
    let phone = phone.trim();
    if phone.is_empty() {
        return None;
    }
    if let Ok(ip) = phone.parse::<IpAddr>() {
        return Some(vec![ip]);
    }
    if let Ok(addr) = phone.parse::<SocketAddr>() {
        return Some(vec![addr.ip()]);
    }
    let host = match phone.rsplit_once(':') {
        Some((host, port)) if port.parse::<u16>().is_ok() => host,
        _ => phone,
    };
    if host.is_empty() || host.contains(['/', '@', ' ', '[', ']']) {
        return None;
    }
    let ips: Vec<IpAddr> = (host, 0).to_socket_addrs().ok()?.map(|a| a.ip()).collect();
    (!ips.is_empty()).then_some(ips)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listen_addresses() {
        let cases: &[(&str, Option<&str>)] = &[
            ("", Some("0.0.0.0:8765")),
            ("9000", Some("0.0.0.0:9000")),
            ("127.0.0.1:0", Some("127.0.0.1:0")),
            ("[::1]:8765", Some("[::1]:8765")),
            ("0.0.0.0", None),
            ("localhost:8765", None),
            ("99999", None),
        ];
        for (listen, expected) in cases {
            assert_eq!(
                parse_listen(listen).map(|a| a.to_string()).as_deref(),
                *expected,
                "{listen}"
            );
        }
    }

    #[test]
    fn phone_addresses() {
        let ip = |s: &str| s.parse::<IpAddr>().ok();
        assert_eq!(
            resolve_phone("192.168.0.124"),
            Some(vec![ip("192.168.0.124").unwrap_or(IpAddr::from([0; 4]))])
        );
        assert_eq!(
            resolve_phone("192.168.0.124:8080").map(|v| v.len()),
            Some(1)
        );
        assert_eq!(
            resolve_phone("[::1]:80").map(|v| v[0].is_loopback()),
            Some(true)
        );
        assert!(resolve_phone("localhost").is_some_and(|v| v.iter().all(IpAddr::is_loopback)));
        assert_eq!(resolve_phone(""), None);
        assert_eq!(resolve_phone("http://x/"), None);
    }
}
