//! The receiver binary as the browser runs it: spawned with piped stdin and stdout, spoken to
//! in native-messaging frames; and a phone that sends raw HTTP from a chosen loopback address.
#![allow(dead_code)] // each test file uses a different part

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::thread;
use std::time::{Duration, Instant};

use click_to_dial::incoming::native::{read_frame, write_frame, FromReceiver, ToReceiver};

pub const TOKEN: &str = "0123456789abcdef0123456789abcdef";

/// How long a test waits for one message.
pub const WAIT: Duration = Duration::from_secs(10);

/// A running receiver.
pub struct Host {
    child: Child,
    stdin: Option<ChildStdin>,
    messages: Receiver<FromReceiver>,
}

impl Host {
    /// Spawns the built binary with the arguments Chromium passes, and reads its first message:
    /// it says that it is ready and sends requests, before it is asked anything.
    pub fn spawn() -> Host {
        let mut child = Command::new(env!("CARGO_BIN_EXE_htek-c2d-receiver"))
            .arg("chrome-extension://mhadenffbagjilofkineljjdjkkcblcp/")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn the receiver");
        let stdin = child.stdin.take();
        let mut stdout = child.stdout.take().expect("piped stdout");
        let (tx, messages) = mpsc::channel();
        thread::spawn(move || {
            while let Ok(Some(frame)) = read_frame(&mut stdout) {
                let message: FromReceiver =
                    serde_json::from_slice(&frame).expect("every frame is a FromReceiver");
                if tx.send(message).is_err() {
                    break;
                }
            }
        });
        let host = Host {
            child,
            stdin,
            messages,
        };
        match host.next() {
            FromReceiver::Ready { version, sends } => {
                assert_eq!(version, env!("CARGO_PKG_VERSION"));
                assert!(sends, "the receiver says it sends");
            }
            other => panic!("expected Ready first, got {other:?}"),
        }
        host
    }

    /// Sends one message.
    pub fn send(&mut self, message: &ToReceiver) {
        let json = serde_json::to_vec(message).expect("json");
        self.send_raw(&json);
    }

    /// Sends one frame of any bytes.
    pub fn send_raw(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin still open");
        write_frame(stdin, bytes).expect("write a frame");
    }

    /// Writes bytes on stdin as they are (no framing).
    pub fn write_unframed(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin still open");
        stdin.write_all(bytes).expect("write");
        stdin.flush().expect("flush");
    }

    /// The next message, failing the test after [`WAIT`].
    pub fn next(&self) -> FromReceiver {
        self.messages
            .recv_timeout(WAIT)
            .expect("a message from the receiver in time")
    }

    /// The next message within `wait`, if any.
    pub fn next_within(&self, wait: Duration) -> Option<FromReceiver> {
        self.messages.recv_timeout(wait).ok()
    }

    /// Starts listening on 127.0.0.1:0 for the phone at `phone_ip`; returns the bound address.
    pub fn start(&mut self, phone_ip: &str) -> SocketAddr {
        self.send(&ToReceiver::Start {
            listen: "127.0.0.1:0".into(),
            phone_ip: phone_ip.into(),
            token: TOKEN.into(),
        });
        match self.next() {
            FromReceiver::Listening {
                addr,
                version,
                sends,
            } => {
                assert!(sends, "this receiver sends the extension's requests");
                assert_eq!(version, env!("CARGO_PKG_VERSION"));
                addr.parse().expect("a socket address")
            }
            other => panic!("expected Listening, got {other:?}"),
        }
    }

    /// Closes stdin, as the browser does when the extension disconnects.
    pub fn close_stdin(&mut self) {
        self.stdin.take();
    }

    /// Waits for the process to exit, up to `wait`.
    pub fn wait_exit(&mut self, wait: Duration) -> Option<ExitStatus> {
        let deadline = Instant::now() + wait;
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status);
            }
            thread::sleep(Duration::from_millis(20));
        }
        None
    }
}

impl Drop for Host {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Connects to `addr` from the loopback address `from` (e.g. 127.0.0.2); `None` when nobody
/// listens.
pub fn connect_from(from: &str, addr: SocketAddr) -> Option<TcpStream> {
    use socket2::{Domain, Socket, Type};
    let socket = Socket::new(Domain::IPV4, Type::STREAM, None).expect("socket");
    let local: SocketAddr = format!("{from}:0").parse().expect("address");
    socket.bind(&local.into()).expect("bind the client");
    socket
        .connect_timeout(&addr.into(), Duration::from_secs(5))
        .ok()?;
    Some(socket.into())
}

/// Sends `raw` from `from` and returns the whole answer (empty if closed without one or if
/// nobody listens).
pub fn exchange_from(from: &str, addr: SocketAddr, raw: &[u8]) -> String {
    let Some(mut conn) = connect_from(from, addr) else {
        return String::new();
    };
    conn.set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    let _ = conn.write_all(raw);
    let mut answer = Vec::new();
    let _ = conn.read_to_end(&mut answer);
    String::from_utf8_lossy(&answer).into_owned()
}

/// `GET target` from 127.0.0.1; the answer's status (0 if none).
pub fn get(addr: SocketAddr, target: &str) -> u16 {
    get_from("127.0.0.1", addr, target)
}

/// `GET target` from `from`; the answer's status (0 if none).
pub fn get_from(from: &str, addr: SocketAddr, target: &str) -> u16 {
    let raw = format!("GET {target} HTTP/1.1\r\nHost: {addr}\r\n\r\n");
    status(&exchange_from(from, addr, raw.as_bytes()))
}

/// The status of an answer, 0 if there is none.
pub fn status(answer: &str) -> u16 {
    answer
        .strip_prefix("HTTP/1.1 ")
        .and_then(|rest| rest.get(..3))
        .and_then(|code| code.parse().ok())
        .unwrap_or(0)
}
