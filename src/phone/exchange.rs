//! One command's conversation with the phone: which `Authorization` each attempt carries, and
//! when to stop. Pure: the web layer does the fetching and hands each answer back.
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

/// The HTTP method of every Action URI request.
pub const METHOD: &str = "GET";

/// How an exchange ended, in HTTP terms; `command::outcome::Outcome` puts it in words.
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
    target: String,
    credentials: Credentials,
    step: Step,
}

impl Exchange {
    /// Starts an exchange for the request target `target` (the path, exactly as sent); returns it
    /// and the `Authorization` value of the first request (Basic).
    pub fn start(target: &str, credentials: Credentials) -> (Exchange, String) {
        let first = credentials.basic();
        let exchange = Exchange {
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
            200..=299 => Next::Finish(Finish::Done),
            401 => self.unauthorized(www_authenticate.unwrap_or_default(), cnonce),
            403 => Next::Finish(Finish::Forbidden),
            404 => Next::Finish(Finish::NotFound),
            other => Next::Finish(Finish::Status(other)),
        }
    }

    fn unauthorized(&mut self, header: &str, cnonce: &str) -> Next {
        let challenges = parse_challenges(header);
        let digest = best_digest(&challenges);
        match (self.step, digest) {
            (Step::First | Step::BasicRetry, Some(challenge)) => {
                match challenge.authorization(&self.credentials, METHOD, &self.target, cnonce) {
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
}
