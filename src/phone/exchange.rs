//! One request's conversation with the phone: which `Authorization` each attempt carries, and
//! when to stop. Pure: the web layer does the fetching and hands each answer back; the brand's
//! answer reader ([`super::profile::read`]) then reads what the exchange ended with.
//!
//! Basic goes first. A `401` with a Digest challenge is answered once (RFC 7616, computed in
//! [`crate::auth`]); a first `401` with a Basic challenge is retried once, as some phones refuse
//! the first request whatever it carries. Anything else ends the exchange: there are no retries
//! on timeouts, dropped connections or other statuses (a dial must never be sent twice blindly).
//!
//! ```
//! use click_to_dial::auth::Credentials;
//! use click_to_dial::phone::exchange::{Exchange, Finish, Next};
//! let (mut exchange, first) = Exchange::start("/Phone_ActionURL&Command=2", Credentials::new("admin", "admin"));
//! assert_eq!(first, "Basic YWRtaW46YWRtaW4=");
//! let challenge = r#"Digest realm="Htek", qop="auth", algorithm=MD5, nonce="abc""#;
//! let Next::Send(second) = exchange.answer(401, Some(challenge), "cnonce1") else { panic!() };
//! assert!(second.starts_with("Digest username=\"admin\""));
//! assert_eq!(exchange.answer(401, Some(challenge), "cnonce2"), Next::Finish(Finish::WrongCredentials));
//! ```

use crate::auth::{best_digest, parse_challenges, Challenge, Credentials};

/// The HTTP method of a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
}

impl Method {
    /// As fetch and Digest name it.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
        }
    }
}

/// How a command ended: first in HTTP terms (how the exchange ended), then as the brand's
/// answer reader read it (the last three); `command::outcome::Outcome` puts it in words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Finish {
    /// A 2xx answer: the phone carried the command out.
    Done,
    /// 401 after the retries the challenges allow.
    WrongCredentials,
    /// 403: the login may not do this, or the Action URI is off.
    Forbidden,
    /// 404: no Action URI here (not an Htek phone).
    NotFound,
    /// Any other status.
    Status(u16),
    /// Read from the answer: the phone refuses remote control (an allow list, Yealink's
    /// on-screen prompt not confirmed, Grandstream's error with HTTP 200, Poly's REST switch).
    RemoteControlOff,
    /// Read from the answer: something answered (this HTTP status), but not in the brand's
    /// shape.
    NotThisBrand(u16),
    /// Read from the answer: the phone's own error code (Poly's `Status`).
    Refused(u16),
}

/// How a request without HTTP auth ended, from its status: a 401 is a wrong password too.
pub fn without_auth(status: u16) -> Finish {
    match status {
        401 => Finish::WrongCredentials,
        other => by_status(other),
    }
}

/// A status that is no auth challenge, as a [`Finish`].
fn by_status(status: u16) -> Finish {
    match status {
        200..=299 => Finish::Done,
        403 => Finish::Forbidden,
        404 => Finish::NotFound,
        other => Finish::Status(other),
    }
}

/// What to do after an answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Next {
    /// Send the request again with this `Authorization` value.
    Send(String),
    Finish(Finish),
}

/// Where an exchange is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    /// The first request (Basic) is out.
    First,
    /// The Basic retry after a first 401 is out.
    BasicRetry,
    /// The Digest answer is out.
    Digest,
}

/// The state of one command's exchange with the phone.
#[derive(Debug, Clone)]
pub struct Exchange {
    method: Method,
    target: String,
    credentials: Credentials,
    step: Step,
}

impl Exchange {
    /// Starts an exchange for a GET of the request target `target` (the path, exactly as
    /// sent); returns it and the `Authorization` value of the first request (Basic).
    pub fn start(target: &str, credentials: Credentials) -> (Exchange, String) {
        Exchange::start_with(Method::Get, target, credentials)
    }

    /// [`Exchange::start`] for a request of `method` (a Digest answer signs it).
    pub fn start_with(
        method: Method,
        target: &str,
        credentials: Credentials,
    ) -> (Exchange, String) {
        let first = credentials.basic();
        let exchange = Exchange {
            method,
            target: target.to_string(),
            credentials,
            step: Step::First,
        };
        (exchange, first)
    }

    /// Takes the phone's answer: its status and `WWW-Authenticate` header; `cnonce` is a fresh
    /// random client nonce, used if a Digest answer is due.
    pub fn answer(&mut self, status: u16, www_authenticate: Option<&str>, cnonce: &str) -> Next {
        match status {
            401 => self.unauthorized(www_authenticate.unwrap_or_default(), cnonce),
            other => Next::Finish(by_status(other)),
        }
    }

    fn unauthorized(&mut self, header: &str, cnonce: &str) -> Next {
        let challenges = parse_challenges(header);
        let digest = best_digest(&challenges);
        match (self.step, digest) {
            (Step::First | Step::BasicRetry, Some(challenge)) => {
                match challenge.authorization(
                    &self.credentials,
                    self.method.as_str(),
                    &self.target,
                    cnonce,
                ) {
                    Ok(authorization) => {
                        self.step = Step::Digest;
                        Next::Send(authorization)
                    }
                    Err(_) => Next::Finish(Finish::WrongCredentials),
                }
            }
            (Step::First, None) if challenges.contains(&Challenge::Basic) => {
                self.step = Step::BasicRetry;
                Next::Send(self.credentials.basic())
            }
            _ => Next::Finish(Finish::WrongCredentials),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DIGEST: &str = r#"Digest realm="Htek", qop="auth", algorithm=SHA-256, nonce="n1", opaque="o", Digest realm="Htek", qop="auth", algorithm=MD5, nonce="n1", opaque="o""#;
    const BASIC: &str = r#"Basic realm="Htek""#;

    /// What an exchange sends for a series of answers: "B" Basic, "D" Digest, or how it ended.
    fn run(answers: &[(u16, Option<&str>)]) -> Vec<String> {
        let (mut exchange, first) = Exchange::start(
            "/Phone_ActionURL&Command=2",
            Credentials::new("admin", "pw"),
        );
        let mut seen = vec![first[..1].to_string()];
        for (status, header) in answers {
            match exchange.answer(*status, *header, "c") {
                Next::Send(authorization) => seen.push(authorization[..1].to_string()),
                Next::Finish(finish) => {
                    seen.push(format!("{finish:?}"));
                    break;
                }
            }
        }
        seen
    }

    #[test]
    fn exchanges() {
        for (answers, expected) in [
            (vec![(200, None)], vec!["B", "Done"]),
            (vec![(204, None)], vec!["B", "Done"]),
            // Digest-only phone: one Digest answer.
            (
                vec![(401, Some(DIGEST)), (200, None)],
                vec!["B", "D", "Done"],
            ),
            (
                vec![(401, Some(DIGEST)), (401, Some(DIGEST))],
                vec!["B", "D", "WrongCredentials"],
            ),
            // First-401 phones: one Basic retry.
            (
                vec![(401, Some(BASIC)), (200, None)],
                vec!["B", "B", "Done"],
            ),
            (
                vec![(401, Some(BASIC)), (401, Some(BASIC))],
                vec!["B", "B", "WrongCredentials"],
            ),
            // A first-401 Digest phone: the quirk's 401 carries the challenge, answered once.
            (
                vec![(401, Some(BASIC)), (401, Some(DIGEST)), (200, None)],
                vec!["B", "B", "D", "Done"],
            ),
            (vec![(401, None)], vec!["B", "WrongCredentials"]),
            (vec![(401, Some("Bearer"))], vec!["B", "WrongCredentials"]),
            (vec![(403, None)], vec!["B", "Forbidden"]),
            (vec![(404, None)], vec!["B", "NotFound"]),
            (vec![(500, None)], vec!["B", "Status(500)"]),
            (vec![(302, None)], vec!["B", "Status(302)"]),
            (
                vec![(401, Some(DIGEST)), (403, None)],
                vec!["B", "D", "Forbidden"],
            ),
        ] {
            assert_eq!(run(&answers), expected, "{answers:?}");
        }
    }

    #[test]
    fn never_more_than_three_requests() {
        let (mut exchange, _) = Exchange::start("/x", Credentials::new("a", "b"));
        let mut sent = 1;
        for header in [BASIC, DIGEST, DIGEST, BASIC, DIGEST] {
            match exchange.answer(401, Some(header), "c") {
                Next::Send(_) => sent += 1,
                Next::Finish(_) => break,
            }
        }
        assert!(sent <= 3, "{sent}");
    }

    #[test]
    fn the_digest_answer_signs_the_exact_target() {
        let target = "/Phone_ActionURL&Command=1&Number=%2B49301234567&Account=2";
        let (mut exchange, _) = Exchange::start(target, Credentials::new("admin", "admin"));
        let Next::Send(header) = exchange.answer(401, Some(DIGEST), "c0ffee") else {
            panic!()
        };
        assert!(header.contains(&format!("uri=\"{target}\"")), "{header}");
        assert!(header.contains("algorithm=SHA-256"), "{header}");
        assert!(header.contains("opaque=\"o\""), "{header}");
        assert!(!header.contains("admin:admin"));
    }

    /// Poly's commands are POSTs: the Digest answer signs the method they are sent with.
    #[test]
    fn the_digest_answer_signs_the_method() {
        let (mut exchange, _) = Exchange::start_with(
            Method::Post,
            "/api/v1/callctrl/dial",
            Credentials::new("Polycom", "pw"),
        );
        let Next::Send(post) = exchange.answer(401, Some(DIGEST), "c0ffee") else {
            panic!()
        };
        let (mut exchange, _) =
            Exchange::start("/api/v1/callctrl/dial", Credentials::new("Polycom", "pw"));
        let Next::Send(get) = exchange.answer(401, Some(DIGEST), "c0ffee") else {
            panic!()
        };
        assert_ne!(post, get, "the response hashes the method");
    }

    #[test]
    fn without_auth_a_401_is_a_wrong_password() {
        assert_eq!(without_auth(200), Finish::Done);
        assert_eq!(without_auth(401), Finish::WrongCredentials);
        assert_eq!(without_auth(403), Finish::Forbidden);
        assert_eq!(without_auth(404), Finish::NotFound);
        assert_eq!(without_auth(500), Finish::Status(500));
    }
}
