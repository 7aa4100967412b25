//! The receiver under abuse (issue 14): connections from another device that hold their
//! sockets open, sending a byte every few seconds, must not keep the phone's events out; a
//! phone-address connection that trickles its head is closed at the head's deadline, not
//! kept for ever by a per-read timeout. Loopback only: the "phone" is 127.0.0.1, the other
//! device 127.0.0.2.

mod common;

use click_to_dial::incoming::native::FromReceiver;
use click_to_dial::incoming::Event;
use common::{connect_from, get, Host, TOKEN};
use std::io::{Read, Write};
use std::thread;
use std::time::{Duration, Instant};

/// The next event (skipping refusals of the abusers), within `wait`.
fn next_event(host: &Host, wait: Duration) -> Option<Event> {
    let until = Instant::now() + wait;
    while let Some(left) = until.checked_duration_since(Instant::now()) {
        match host.next_within(left)? {
            FromReceiver::Event { report, .. } => return Some(report.event),
            _ => continue,
        }
    }
    None
}

#[test]
fn twenty_slow_connections_from_another_device_do_not_delay_the_phone() {
    let mut host = Host::spawn();
    let addr = host.start("127.0.0.1");
    // Twenty connections from 127.0.0.2, each sending one byte every two seconds for six.
    let abusers: Vec<_> = (0..20)
        .map(|_| {
            thread::spawn(move || {
                let Some(mut conn) = connect_from("127.0.0.2", addr) else {
                    return;
                };
                for byte in b"GET " {
                    if conn.write_all(&[*byte]).is_err() {
                        return;
                    }
                    thread::sleep(Duration::from_secs(2));
                }
            })
        })
        .collect();
    thread::sleep(Duration::from_millis(300)); // all of them connected and trickling
    let started = Instant::now();
    assert_eq!(
        get(
            addr,
            &format!("/{TOKEN}/{}?remote=206", Event::IncomingCall.wire())
        ),
        200
    );
    assert_eq!(
        next_event(&host, Duration::from_secs(1)),
        Some(Event::IncomingCall),
        "the phone's event came through"
    );
    let took = started.elapsed();
    eprintln!("the phone's event took {took:?} with 20 slow connections open");
    assert!(took < Duration::from_secs(1), "{took:?}");
    for abuser in abusers {
        abuser.join().unwrap();
    }
}

#[test]
fn a_trickling_head_is_closed_at_its_deadline() {
    let mut host = Host::spawn();
    let addr = host.start("127.0.0.1");
    let mut conn = connect_from("127.0.0.1", addr).expect("connect");
    conn.set_read_timeout(Some(Duration::from_millis(100)))
        .unwrap();
    let started = Instant::now();
    // A byte every 400 ms: a per-read timeout would never end it.
    let mut closed_after = None;
    for byte in b"GET /slow HTTP/1.1\r\n".iter().cycle().take(40) {
        if conn.write_all(&[*byte]).is_err() {
            closed_after = Some(started.elapsed());
            break;
        }
        let mut buf = [0u8; 64];
        match conn.read(&mut buf) {
            Ok(0) => {
                closed_after = Some(started.elapsed());
                break;
            }
            Ok(_) => {}
            Err(e)
                if e.kind() == std::io::ErrorKind::WouldBlock
                    || e.kind() == std::io::ErrorKind::TimedOut => {}
            Err(_) => {
                closed_after = Some(started.elapsed());
                break;
            }
        }
        thread::sleep(Duration::from_millis(300));
    }
    let closed_after = closed_after.expect("the receiver closed the connection");
    assert!(
        closed_after < Duration::from_secs(4),
        "closed after {closed_after:?}"
    );
    // And it still answers the phone.
    assert_eq!(get(addr, &format!("/{TOKEN}/{}", Event::LogOn.wire())), 200);
    assert_eq!(
        next_event(&host, Duration::from_secs(2)),
        Some(Event::LogOn)
    );
}
