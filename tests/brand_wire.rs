//! The phone profiles (`click_to_dial::phone::profile`) against the simulated phones
//! (`htek-sim --brand`), natively over loopback: every request the extension builds for a brand
//! (dial, hang up, every key it names for that brand, DTMF in a call, the connection check) is
//! sent, with the brand's auth, to that brand's simulated phone, and must be carried out and
//! read as done. The two sides were written apart, each from the vendors' documentation; a
//! request one side gets wrong fails here before any browser starts. The browser tests per
//! brand are `tests/brands.rs`.
#![cfg(not(target_arch = "wasm32"))]

use click_to_dial::auth::Credentials;
use click_to_dial::phone::exchange::{self, Exchange, Finish, Next};
use click_to_dial::phone::profile::{read, Command};
use click_to_dial::phone::request::{Auth, PhoneRequest, Read, Setup};
use click_to_dial::phone::{Account, Brand, DialString, Key, PhoneAddress};
use htek_sim::{Brand as SimBrand, Call, Config, Sim};
use std::io::{Read as _, Write as _};
use std::net::{IpAddr, TcpStream};

const BRANDS: [(Brand, SimBrand); 6] = [
    (Brand::Htek, SimBrand::Htek),
    (Brand::Yealink, SimBrand::Yealink),
    (Brand::Snom, SimBrand::Snom),
    (Brand::Grandstream, SimBrand::Grandstream),
    (Brand::Fanvil, SimBrand::Fanvil),
    (Brand::Poly, SimBrand::Poly),
];

/// The simulated phone of `brand`, trusting this computer.
fn phone(brand: SimBrand) -> Sim {
    let config = Config {
        quiet: true,
        trusted: vec![IpAddr::from([127, 0, 0, 1])],
        ..Config::for_brand(brand)
    };
    Sim::start("127.0.0.1:0", config).unwrap()
}

fn credentials(brand: Brand) -> Credentials {
    let user = if brand == Brand::Poly {
        "Polycom"
    } else {
        "admin"
    };
    Credentials::new(user, "admin")
}

/// One HTTP exchange over a fresh connection: status, `WWW-Authenticate`, body.
fn send(
    sim: &Sim,
    request: &PhoneRequest,
    authorization: Option<&str>,
) -> (u16, Option<String>, String) {
    let mut head = format!(
        "{} {} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n",
        request.method.as_str(),
        request.target,
        sim.host_port()
    );
    if let Some(value) = authorization {
        head.push_str(&format!("Authorization: {value}\r\n"));
    }
    let body = request.body.as_ref().map_or("", |b| b.text.as_str());
    if let Some(b) = &request.body {
        head.push_str(&format!("Content-Type: {}\r\n", b.content_type));
    }
    head.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
    let mut conn = TcpStream::connect(sim.addr()).unwrap();
    conn.write_all(head.as_bytes()).unwrap();
    let mut answer = Vec::new();
    conn.read_to_end(&mut answer).unwrap();
    let mut headers = [httparse::EMPTY_HEADER; 32];
    let mut response = httparse::Response::new(&mut headers);
    let httparse::Status::Complete(at) = response.parse(&answer).unwrap() else {
        panic!("incomplete answer to {}", request.shown)
    };
    let challenge = response
        .headers
        .iter()
        .find(|h| h.name.eq_ignore_ascii_case("www-authenticate"))
        .map(|h| String::from_utf8_lossy(h.value).into_owned());
    (
        response.code.unwrap(),
        challenge,
        String::from_utf8_lossy(&answer[at..]).into_owned(),
    )
}

/// POSTs to one of the simulated phone's `/__sim/` controls.
fn control(sim: &Sim, path: &str) {
    let mut conn = TcpStream::connect(sim.addr()).unwrap();
    write!(
        conn,
        "POST {path} HTTP/1.1\r\nHost: sim\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    conn.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{path}: {answer}");
}

/// Carries out `command` as the web layer does (auth exchange, the brand's reading of the
/// answer, follow-up requests) and returns how it ended.
fn carry_out(sim: &Sim, brand: Brand, setup: &Setup, command: &Command) -> Finish {
    let mut request = brand
        .request(setup, command)
        .unwrap_or_else(|e| panic!("{brand:?} {command:?}: {e:?}"));
    for _ in 0..3 {
        let (finish, body) = match request.auth {
            Auth::None => {
                let (status, _, body) = send(sim, &request, None);
                (exchange::without_auth(status), body)
            }
            Auth::Http => {
                let (mut exchange, mut authorization) =
                    Exchange::start_with(request.method, &request.target, credentials(brand));
                loop {
                    let (status, challenge, body) = send(sim, &request, Some(&authorization));
                    match exchange.answer(status, challenge.as_deref(), "0a4f113b") {
                        Next::Send(next) => authorization = next,
                        Next::Finish(finish) => break (finish, body),
                    }
                }
            }
        };
        match read(&request, finish, &body) {
            Read::Finish(finish) => return finish,
            Read::FollowUp(next) => request = next,
        }
    }
    panic!("{brand:?} {command:?}: more than 3 requests")
}

#[test]
fn every_brands_requests_are_carried_out_by_its_phone() {
    let uris = ["201@pbx.example".to_string(), "202@pbx.example".to_string()];
    // Every request a phone did not carry out, to show them all at once.
    let refused = std::cell::RefCell::new(Vec::new());
    for (brand, sim_brand) in BRANDS {
        let sim = phone(sim_brand);
        let address: PhoneAddress = sim.host_port().parse().unwrap();
        let setup = Setup {
            password: "admin",
            account_uris: &uris,
            ..Setup::new(&address)
        };
        let done = |command: &Command| {
            let finish = carry_out(&sim, brand, &setup, command);
            if finish != Finish::Done {
                let last = sim.log().pop().map(|e| (e.method, e.path, e.status));
                refused
                    .borrow_mut()
                    .push(format!("{brand:?} {command:?}: {finish:?}, {last:?}"));
            }
        };
        // The check: Htek's bare path answers 400 ("no command") once past the login, which
        // the options page reads as connected (`Outcome::from_finish`).
        let probe = carry_out(&sim, brand, &setup, &Command::Probe);
        let connected =
            probe == Finish::Done || (brand == Brand::Htek && probe == Finish::Status(400));
        assert!(
            connected,
            "{brand:?} check: {probe:?}; log: {:#?}",
            sim.log()
        );
        assert!(
            sim.commands().is_empty(),
            "{brand:?}: the check did something"
        );

        let account = if brand == Brand::Fanvil {
            Account::Auto
        } else {
            Account::Line(2)
        };
        done(&Command::Dial {
            number: DialString::new("0301234567").unwrap(),
            account,
        });
        let Call::Dialing {
            number, account, ..
        } = sim.state().call
        else {
            panic!("{brand:?}: not dialing: {:?}", sim.state().call)
        };
        assert_eq!(number, "0301234567", "{brand:?}");
        let expected_account = if brand == Brand::Fanvil { 1 } else { 2 };
        assert_eq!(account, expected_account, "{brand:?}");

        // DTMF is sent in a call.
        control(&sim, "/__sim/answer");
        assert!(
            matches!(sim.state().call, Call::Talking { .. }),
            "{brand:?}: {:?}",
            sim.state().call
        );
        for digit in "12*#".chars() {
            done(&Command::Dtmf(Key::dtmf(digit).unwrap()));
        }
        done(&Command::HangUp);
        assert_eq!(sim.state().call, Call::HungUp, "{brand:?}");

        // Every key the brand names. Poly's are the keypad's, sent as DTMF: in a call.
        if brand == Brand::Poly {
            done(&Command::Dial {
                number: DialString::new("206").unwrap(),
                account: Account::Line(1),
            });
            control(&sim, "/__sim/answer");
        }
        for key in Key::ALL {
            if brand.key_name(*key).is_some() && !matches!(key, Key::Reboot | Key::AutoProvision) {
                done(&Command::Key(*key));
            }
        }
    }
    let refused = refused.into_inner();
    assert!(
        refused.is_empty(),
        "{} not carried out:\n{}",
        refused.len(),
        refused.join("\n")
    );
}

#[test]
fn a_wrong_password_is_wrong_credentials_on_every_brand() {
    for (brand, sim_brand) in BRANDS {
        let sim = phone(sim_brand);
        let address: PhoneAddress = sim.host_port().parse().unwrap();
        let setup = Setup {
            password: "wrong",
            ..Setup::new(&address)
        };
        let request = brand
            .request(
                &setup,
                &Command::Dial {
                    number: DialString::new("206").unwrap(),
                    account: Account::Auto,
                },
            )
            .unwrap();
        let finish = match request.auth {
            Auth::None => {
                let (status, _, body) = send(&sim, &request, None);
                read(&request, exchange::without_auth(status), &body)
            }
            Auth::Http => {
                let user = credentials(brand).username;
                let (mut exchange, mut authorization) = Exchange::start_with(
                    request.method,
                    &request.target,
                    Credentials::new(&user, "wrong"),
                );
                loop {
                    let (status, challenge, body) = send(&sim, &request, Some(&authorization));
                    match exchange.answer(status, challenge.as_deref(), "0a4f113b") {
                        Next::Send(next) => authorization = next,
                        Next::Finish(finish) => break read(&request, finish, &body),
                    }
                }
            }
        };
        assert_eq!(
            finish,
            Read::Finish(Finish::WrongCredentials),
            "{brand:?}; log: {:#?}",
            sim.log()
        );
        assert!(sim.commands().is_empty(), "{brand:?}");
    }
}

/// Detect ([`click_to_dial::phone::identify`]): each brand's simulated phone, asked without
/// credentials on every brand's path, is identified as itself.
#[test]
fn detect_names_every_brands_phone() {
    use click_to_dial::phone::identify::{identify, probes, Identified, Seen};
    for (brand, sim_brand) in BRANDS {
        let sim = phone(sim_brand);
        let address: PhoneAddress = sim.host_port().parse().unwrap();
        let seen: Vec<(Brand, Seen)> = probes(&address)
            .into_iter()
            .map(|(probed, request)| {
                assert_eq!(request.auth, Auth::None);
                let (status, _, _) = send(&sim, &request, None);
                (probed, Seen::Status(status))
            })
            .collect();
        assert_eq!(identify(&seen), Identified::One(brand), "{seen:?}");
        assert!(sim.commands().is_empty(), "{brand:?}: Detect did something");
    }
}
