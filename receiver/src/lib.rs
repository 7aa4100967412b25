//! `htek-c2d-receiver`: hears the Htek phone's Action URL events (an incoming call, a call
//! established, DND switched on, ...) and hands them to the click-to-dial extension over
//! native messaging.
//!
//! A browser extension cannot accept HTTP requests, so this small program does it for the
//! extension: the browser starts it when the extension connects to the native messaging host
//! `com.htek_c2d.receiver`, the extension sends `Start { listen, phoneIp, token }`, and from
//! then on every GET the phone sends to `http://<this computer>:<port>/<token>/<event>?...` is
//! checked (source address, token, event; [`server`]) and passed on as an `Event` message
//! ([`host`]). It exits when the browser closes the connection (its stdin). `install` writes
//! the host manifests the browsers need ([`install`]).
//!
//! Poly phones send no Action URLs: they POST XML telephony notifications to the token path,
//! which [`poly`] reads into the same reports.
//!
//! The parts: [`http`] reads one bounded request head (and a POST's bounded body) per
//! connection; [`server`] listens and judges; [`poly`] reads Poly's notifications; [`send`]
//! sends the extension's requests to a phone once each (no browser retry that could dial
//! twice); [`host`] speaks native messaging on stdin and stdout; [`install`] registers the
//! host. The event parsing, the messages and the framing are the extension's own, from
//! [`click_to_dial::incoming`]. No async runtime: one thread accepts, one short thread answers
//! each connection.
//!
//! ```
//! use std::io::{Read, Write};
//! use std::net::TcpStream;
//! use std::sync::{mpsc, Arc, Mutex};
//! use click_to_dial::incoming::{native::FromReceiver, Event};
//! use htek_c2d_receiver::server::Listener;
//!
//! let (tx, rx) = mpsc::channel();
//! let tx = Mutex::new(tx);
//! let token = "0123456789abcdef0123456789abcdef";
//! let listener = Listener::start(
//!     "127.0.0.1:0".parse()?,
//!     vec!["127.0.0.1".parse()?],
//!     token.into(),
//!     Arc::new(move |m| { let _ = tx.lock().map(|tx| tx.send(m)); }),
//! )?;
//! let mut phone = TcpStream::connect(listener.addr())?;
//! write!(phone, "GET /{token}/incoming_call?remote=sip:206@pbx HTTP/1.1\r\n\r\n")?;
//! let mut answer = String::new();
//! phone.read_to_string(&mut answer)?;
//! assert!(answer.starts_with("HTTP/1.1 200 OK"));
//! match rx.recv()? {
//!     FromReceiver::Event { report, .. } => assert_eq!(report.event, Event::IncomingCall),
//!     other => panic!("{other:?}"),
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod host;
pub mod http;
pub mod install;
pub mod poly;
pub mod send;
pub mod server;

use std::io::Write;

/// One line on stderr (stdout is the native-messaging protocol); a closed stderr is not worth
/// a panic.
pub fn log(line: &str) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "htek-c2d-receiver: {}", line.trim_end());
}

/// The help text.
pub fn usage() -> &'static str {
    "Usage:
  htek-c2d-receiver                 native messaging host (started by the browser)
  htek-c2d-receiver install [--chromium-id ID]... [--firefox-id ID]... [--dir HOME]
                            [--chromium-dir DIR]... [--firefox-dir DIR]... [--exe PATH] [--print]
  htek-c2d-receiver uninstall [same flags]
  htek-c2d-receiver --help

install registers this program as the native messaging host com.htek_c2d.receiver for
Chromium, Google Chrome, Microsoft Edge and Firefox, for the current user (Linux:
~/.config/chromium/NativeMessagingHosts, ... ~/.mozilla/native-messaging-hosts; macOS:
~/Library/Application Support/<browser>/NativeMessagingHosts; Windows: files in
%USERPROFILE%\\AppData\\Local\\htek-c2d-receiver and HKCU registry keys set with reg.exe). The
extension ids default to the click-to-dial extension's. --chromium-dir and --firefox-dir
write only into the given directories (e.g. a Chromium --user-data-dir's
NativeMessagingHosts). --print shows what would be written and changes nothing.
"
}
