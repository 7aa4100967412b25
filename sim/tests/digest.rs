//! Digest mode end to end: the test computes RFC 7616 responses itself (md-5, sha2) from the
//! challenge it got and the server must agree, and refuse anything off.

mod common;

use common::{basic, get, param, quiet, Reply};
use htek_sim::{AuthMode, AuthSeen, Call, CallState, Config, Sim};
use md5::Md5;
use sha2::{Digest, Sha256};

fn sim() -> Sim {
    Sim::start(
        "127.0.0.1:0",
        Config {
            auth: AuthMode::Digest,
            ..quiet()
        },
    )
    .expect("start")
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn h(alg: &str, data: &str) -> String {
    if alg.to_ascii_uppercase().starts_with("SHA-256") {
        hex(&Sha256::digest(data.as_bytes()))
    } else {
        hex(&Md5::digest(data.as_bytes()))
    }
}

/// What a client sends, before any tampering.
#[derive(Clone)]
struct Answer {
    user: String,
    password: String,
    realm: String,
    nonce: String,
    opaque: String,
    uri: String,
    alg: String,
    nc: String,
    cnonce: String,
}

impl Answer {
    /// RFC 7616 §3.4.1: response = H(HA1:nonce:nc:cnonce:qop:HA2), qop=auth.
    fn response(&self) -> String {
        let mut ha1 = h(
            &self.alg,
            &format!("{}:{}:{}", self.user, self.realm, self.password),
        );
        if self.alg.to_ascii_lowercase().ends_with("-sess") {
            ha1 = h(&self.alg, &format!("{ha1}:{}:{}", self.nonce, self.cnonce));
        }
        let ha2 = h(&self.alg, &format!("GET:{}", self.uri));
        h(
            &self.alg,
            &format!(
                "{ha1}:{}:{}:{}:auth:{ha2}",
                self.nonce, self.nc, self.cnonce
            ),
        )
    }

    fn header_with(&self, response: &str) -> String {
        format!(
            "Digest username=\"{}\", realm=\"{}\", uri=\"{}\", algorithm={}, nonce=\"{}\", nc={}, cnonce=\"{}\", qop=auth, response=\"{response}\", opaque=\"{}\"",
            self.user, self.realm, self.uri, self.alg, self.nonce, self.nc, self.cnonce, self.opaque
        )
    }

    fn header(&self) -> String {
        self.header_with(&self.response())
    }
}

/// Gets a challenge for `uri` (401) and builds the answer a client would.
fn challenge(sim: &Sim, uri: &str, alg: &str) -> Answer {
    let reply = get(sim.addr(), uri, None);
    assert_eq!(reply.status, 401);
    let wanted = reply
        .all("WWW-Authenticate")
        .into_iter()
        .find(|c| param(c, "algorithm").as_deref() == Some(alg.trim_end_matches("-sess")))
        .expect("a challenge for the algorithm")
        .to_string();
    Answer {
        user: "admin".into(),
        password: "admin".into(),
        realm: param(&wanted, "realm").expect("realm"),
        nonce: param(&wanted, "nonce").expect("nonce"),
        opaque: param(&wanted, "opaque").expect("opaque"),
        uri: uri.into(),
        alg: alg.into(),
        nc: "00000001".into(),
        cnonce: "0a4f113b".into(),
    }
}

fn send(sim: &Sim, answer: &Answer, header: &str) -> Reply {
    get(sim.addr(), &answer.uri, Some(header))
}

#[test]
fn challenge_offers_sha256_then_md5() {
    let sim = sim();
    let reply = get(sim.addr(), "/Phone_ActionURL&Command=2", None);
    assert_eq!(reply.status, 401);
    let challenges = reply.all("WWW-Authenticate");
    assert_eq!(challenges.len(), 2, "{challenges:?}");
    for (challenge, alg) in challenges.iter().zip(["SHA-256", "MD5"]) {
        assert!(
            challenge.starts_with("Digest realm=\"Htek\", qop=\"auth\", algorithm="),
            "{challenge}"
        );
        assert_eq!(param(challenge, "algorithm").as_deref(), Some(alg));
        assert_eq!(param(challenge, "qop").as_deref(), Some("auth"));
        assert!(param(challenge, "nonce").is_some_and(|n| n.len() >= 16));
        assert!(param(challenge, "opaque").is_some_and(|o| !o.is_empty()));
    }
    assert_eq!(sim.log().pop().map(|e| e.auth), Some(AuthSeen::None));
}

#[test]
fn correct_responses_are_accepted_for_each_algorithm() {
    let sim = sim();
    for (i, alg) in ["MD5", "SHA-256", "MD5-sess", "SHA-256-sess"]
        .iter()
        .enumerate()
    {
        let uri = format!("/Phone_ActionURL&Command=1&Number=20{i}&Account=2");
        let answer = challenge(&sim, &uri, alg);
        let reply = send(&sim, &answer, &answer.header());
        assert_eq!(reply.status, 200, "{alg}: {}", reply.body);
        assert_eq!(
            sim.state().call,
            Call::Dialing {
                number: format!("20{i}"),
                account: 2,
                account_auto: false
            },
            "{alg}"
        );
        let entry = sim.log().pop().expect("logged");
        assert_eq!(
            (entry.auth, entry.user.as_deref()),
            (AuthSeen::Digest, Some("admin")),
            "{alg}"
        );
    }
}

#[test]
fn a_nonce_may_be_reused_with_the_next_nc() {
    let sim = sim();
    let mut answer = challenge(&sim, "/Phone_ActionURL&key=OK", "SHA-256");
    assert_eq!(send(&sim, &answer, &answer.header()).status, 200);
    answer.nc = "00000002".into();
    answer.uri = "/Phone_ActionURL&key=MUTE".into();
    assert_eq!(send(&sim, &answer, &answer.header()).status, 200);
    assert_eq!(sim.state().last_key.as_deref(), Some("MUTE"));
}

#[test]
fn anything_off_gets_401_with_fresh_challenges_and_no_state_change() {
    let sim = sim();
    type Tamper = fn(&mut Answer) -> Option<String>;
    let cases: &[(&str, Tamper)] = &[
        ("wrong response", |_| Some(format!("{:032x}", 7))),
        ("wrong password", |a| {
            a.password = "nimda".into();
            None
        }),
        ("made-up nonce", |a| {
            a.nonce = "0123456789abcdef0123456789abcdef".into();
            None
        }),
        ("wrong opaque", |a| {
            a.opaque = "ffff".into();
            None
        }),
        ("wrong realm", |a| {
            a.realm = "Other".into();
            None
        }),
        ("unknown user", |a| {
            a.user = "root".into();
            None
        }),
        ("response for the MD5 challenge claimed as SHA-256", |a| {
            let md5 = a.response();
            a.alg = "SHA-256".into();
            Some(md5)
        }),
    ];
    for (name, tamper) in cases {
        let uri = "/Phone_ActionURL&Command=1&Number=206&Account=1";
        let mut answer = challenge(&sim, uri, "MD5");
        let forced = tamper(&mut answer);
        let header = answer.header_with(&forced.unwrap_or_else(|| answer.response()));
        let reply = send(&sim, &answer, &header);
        assert_eq!(reply.status, 401, "{name}");
        let fresh = reply.all("WWW-Authenticate");
        assert_eq!(fresh.len(), 2, "{name}");
        assert_ne!(
            param(fresh[0], "nonce"),
            Some(answer.nonce.clone()),
            "{name}: a fresh nonce"
        );
        assert_eq!(
            sim.log().pop().map(|e| e.auth),
            Some(AuthSeen::Rejected),
            "{name}"
        );
    }
    assert_eq!(sim.state(), CallState::default());
}

#[test]
fn uri_must_be_the_request_path() {
    let sim = sim();
    // A correct response, but for another path than the one requested.
    let answer = challenge(&sim, "/Phone_ActionURL&Command=2", "SHA-256");
    let reply = get(
        sim.addr(),
        "/Phone_ActionURL&Command=1&Number=911",
        Some(&answer.header()),
    );
    assert_eq!(reply.status, 401);
    assert_eq!(sim.state(), CallState::default());
}

#[test]
fn basic_is_refused_in_digest_mode() {
    let sim = sim();
    let reply = get(
        sim.addr(),
        "/Phone_ActionURL&Command=2",
        Some(&basic("admin", "admin")),
    );
    assert_eq!(reply.status, 401);
    assert_eq!(reply.all("WWW-Authenticate").len(), 2);
    assert!(reply
        .all("WWW-Authenticate")
        .iter()
        .all(|c| c.starts_with("Digest ")));
    assert_eq!(sim.state(), CallState::default());
}

#[test]
fn dialer_over_digest_may_not_press_keys() {
    let sim = sim();
    let mut answer = challenge(&sim, "/Phone_ActionURL&key=OK", "SHA-256");
    answer.user = "user".into();
    answer.password = "1234".into();
    assert_eq!(send(&sim, &answer, &answer.header()).status, 403);
    answer.uri = "/Phone_ActionURL&Command=2".into();
    answer.nc = "00000002".into();
    assert_eq!(send(&sim, &answer, &answer.header()).status, 200);
}

#[test]
fn first_401_quirk_in_digest_mode() {
    let sim = Sim::start(
        "127.0.0.1:0",
        Config {
            auth: AuthMode::Digest,
            first_401: true,
            ..quiet()
        },
    )
    .expect("start");
    // The challenge request itself is the quirk's first request.
    let answer = challenge(&sim, "/Phone_ActionURL&Command=2", "MD5");
    assert_eq!(send(&sim, &answer, &answer.header()).status, 200);
}
