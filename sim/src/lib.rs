//! A simulated IP desk phone: a real HTTP/1.1 server on loopback that answers a phone's remote
//! control the way the phone does, for the demo and for end-to-end tests of the click-to-dial
//! extension. By default it is an Htek answering the Action URI
//! (`/Phone_ActionURL&Command=1&Number=206&Account=1`); [`Config::brand`] (`--brand`) makes it a
//! Yealink, Snom, Grandstream, Fanvil or Poly phone instead, each with its own requests, auth,
//! quirks and refusals ([`brand`]).
//!
//! It checks Basic or Digest auth against accounts with roles (Grandstream: the password in the
//! query; Poly: the user `Polycom`), keeps the call state, logs every request as JSON (a password
//! in a query masked), injects faults (delay, dropped connections) and has a few control paths
//! under `/__sim/` (status page, state, log, faults, reset, the Yealink screen's "Allow remote
//! control?" prompt at `/__sim/screen`) that need no auth. Like the phone, it sends its brand's
//! **Action URL** events ([`events`]) to the URLs configured per event when its state changes
//! (a dial, a hang-up, DND) and on demand (`/__sim/ring`, `/__sim/answer`, `/__sim/hangup`).
//! [`files::StaticServer`] serves the demo pages and test fixtures.
//!
//! The parts: [`parse_action_path`] reads the Htek URI and [`brand`] the other brands' requests
//! (pure, no I/O); the private `auth` and `digest` modules judge credentials (Basic, RFC 7616
//! Digest); [`CallState`] and [`LogEntry`] are the data; [`Sim`] ties them to sockets
//! (std::net, one thread per connection, every answer `Connection: close`, request heads read
//! with `httparse`); [`parse_command_line`] reads the `htek-sim` binary's flags (with
//! `lexopt`). Every listener is loopback only.
//!
//! ```
//! use std::io::{Read, Write};
//! use htek_sim::{Brand, Call, Config, Sim};
//!
//! let sim = Sim::start("127.0.0.1:0", Config { quiet: true, ..Config::default() })?;
//! let mut conn = std::net::TcpStream::connect(sim.addr())?;
//! conn.write_all(b"GET /Phone_ActionURL&Command=1&Number=206&Account=1 HTTP/1.1\r\n\
//!     Host: phone\r\nAuthorization: Basic YWRtaW46YWRtaW4=\r\n\r\n")?;
//! let mut reply = String::new();
//! conn.read_to_string(&mut reply)?;
//! assert!(reply.starts_with("HTTP/1.1 200 OK"));
//! assert_eq!(
//!     sim.state().call,
//!     Call::Dialing { number: "206".into(), account: 1, account_auto: false }
//! );
//! assert_eq!(sim.commands().len(), 1);
//!
//! // The same call from a Poly, over its REST API.
//! let poly = Sim::start("127.0.0.1:0", Config { quiet: true, ..Config::for_brand(Brand::Poly) })?;
//! let body = r#"{"data":{"Dest":"206","Line":"1","Type":"TEL"}}"#;
//! let mut conn = std::net::TcpStream::connect(poly.addr())?;
//! write!(conn, "POST /api/v1/callctrl/dial HTTP/1.1\r\nHost: phone\r\n\
//!     Authorization: Basic UG9seWNvbTphZG1pbg==\r\nContent-Length: {}\r\n\r\n{body}", body.len())?;
//! let mut reply = String::new();
//! conn.read_to_string(&mut reply)?;
//! assert!(reply.ends_with("{\"Status\":\"2000\"}\n"), "{reply}");
//! assert_eq!(poly.state().call, Call::Dialing { number: "206".into(), account: 1, account_auto: false });
//! # Ok::<(), std::io::Error>(())
//! ```

mod action;
mod auth;
pub mod brand;
mod config;
mod digest;
pub mod events;
pub mod files;
mod http;
mod sim;
mod state;
mod status;
mod tls;

pub use action::{parse_action_path, Action, ActionError, ACTION_PREFIX, AUTO_ACCOUNT, KEYS};
pub use auth::{AuthMode, Credential, Role};
pub use brand::{Brand, UnknownBrand};
pub use config::{
    parse_args, parse_command_line, usage, Config, Faults, Invocation, DEFAULT_ALLOW_IPS,
    DEFAULT_LISTEN,
};
pub use sim::Sim;
pub use state::{AuthSeen, Call, CallState, LogEntry};
