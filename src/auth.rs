//! HTTP authorization for the phone: Basic (RFC 7617) and Digest (RFC 7616).
//!
//! The phone's Action URI needs the web login. Browsers' `fetch()` refuses `user:pass@` URLs, so
//! the credentials travel in an `Authorization` header built here. Phones in the field answer
//! Basic; some firmware asks for Digest with a `401` and a `WWW-Authenticate` challenge, which
//! [`parse_challenges`] reads and [`DigestChallenge::authorization`] answers (MD5, MD5-sess,
//! SHA-256, SHA-256-sess; `qop=auth`).
//!
//! [`Credentials`] never show the password in `Debug` output, so a log line cannot leak it.
//!
//! ```
//! use click_to_dial::auth::{basic, parse_challenges, Challenge, Credentials};
//! assert_eq!(basic("admin", "admin"), "Basic YWRtaW46YWRtaW4=");
//!
//! let header = r#"Digest realm="Htek", qop="auth", algorithm=MD5, nonce="abc", opaque="xyz""#;
//! let challenges = parse_challenges(header);
//! let [Challenge::Digest(challenge)] = challenges.as_slice() else { panic!() };
//! let credentials = Credentials::new("admin", "s3cret");
//! let answer = challenge.authorization(&credentials, "GET", "/Phone_ActionURL&Command=2", "0a4f113b").unwrap();
//! assert!(answer.starts_with(r#"Digest username="admin", realm="Htek", nonce="abc", uri="/Phone_ActionURL&Command=2""#));
//! assert!(!format!("{credentials:?}").contains("s3cret") && !answer.contains("s3cret"));
//! ```

use md5::Md5;
use sha2::{Digest as _, Sha256};
use std::fmt;

/// A username and password. `Debug` shows the username only.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    pub username: String,
    password: String,
}

impl Credentials {
    pub fn new(username: &str, password: &str) -> Self {
        Credentials {
            username: username.to_string(),
            password: password.to_string(),
        }
    }

    /// The `Authorization` value for HTTP Basic with these credentials.
    pub fn basic(&self) -> String {
        basic(&self.username, &self.password)
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("username", &self.username)
            .field("password", &"<hidden>")
            .finish()
    }
}

/// The `Authorization` value for HTTP Basic (RFC 7617), with the credentials encoded as UTF-8.
pub fn basic(username: &str, password: &str) -> String {
    format!(
        "Basic {}",
        base64(format!("{username}:{password}").as_bytes())
    )
}

/// Standard base64 with padding (RFC 4648 §4).
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// One challenge of a `WWW-Authenticate` header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Challenge {
    Basic,
    Digest(DigestChallenge),
    /// A scheme this extension does not speak (`Bearer`, `Negotiate`, ...).
    Other(String),
}

/// The Digest hash algorithms of RFC 7616 this extension answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Algorithm {
    Md5,
    Md5Sess,
    Sha256,
    Sha256Sess,
}

impl Algorithm {
    /// Parses an `algorithm` token (case-insensitive); `None` for algorithms not supported.
    pub fn parse(token: &str) -> Option<Algorithm> {
        [
            ("MD5", Algorithm::Md5),
            ("MD5-sess", Algorithm::Md5Sess),
            ("SHA-256", Algorithm::Sha256),
            ("SHA-256-sess", Algorithm::Sha256Sess),
        ]
        .into_iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(token))
        .map(|(_, alg)| alg)
    }

    /// The token as sent back in the `Authorization` header.
    pub fn token(self) -> &'static str {
        match self {
            Algorithm::Md5 => "MD5",
            Algorithm::Md5Sess => "MD5-sess",
            Algorithm::Sha256 => "SHA-256",
            Algorithm::Sha256Sess => "SHA-256-sess",
        }
    }

    fn is_sess(self) -> bool {
        matches!(self, Algorithm::Md5Sess | Algorithm::Sha256Sess)
    }

    /// How much this algorithm is preferred when a phone offers several (SHA-256 first).
    fn preference(self) -> u8 {
        match self {
            Algorithm::Sha256 => 4,
            Algorithm::Sha256Sess => 3,
            Algorithm::Md5 => 2,
            Algorithm::Md5Sess => 1,
        }
    }

    /// Lowercase hex of the hash of `data`.
    pub fn hash_hex(self, data: &str) -> String {
        match self {
            Algorithm::Md5 | Algorithm::Md5Sess => hex(&Md5::digest(data.as_bytes())),
            Algorithm::Sha256 | Algorithm::Sha256Sess => hex(&Sha256::digest(data.as_bytes())),
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(b"0123456789abcdef"[usize::from(b >> 4)]));
        out.push(char::from(b"0123456789abcdef"[usize::from(b & 15)]));
    }
    out
}

/// A Digest challenge (RFC 7616 §3.3) this extension can answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DigestChallenge {
    pub realm: String,
    pub nonce: String,
    pub opaque: Option<String>,
    pub algorithm: Algorithm,
    /// Whether the phone offers `qop=auth` (else the RFC 2069 form without qop is used).
    pub qop_auth: bool,
    /// `stale=true`: the nonce expired, the credentials were right.
    pub stale: bool,
}

/// Why a Digest challenge cannot be answered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DigestError {
    /// The phone offers only `qop=auth-int` (or other qop values), which needs the body.
    #[error("the phone asks for a Digest qop other than auth")]
    UnsupportedQop,
    /// A `"` or a control character in the username would break the header.
    #[error("the username cannot be sent in a Digest header")]
    BadUsername,
}

/// The inputs of a Digest `response` (RFC 7616 §3.4.1).
#[derive(Debug, Clone, Copy)]
pub struct DigestInputs<'a> {
    pub username: &'a str,
    pub realm: &'a str,
    pub password: &'a str,
    pub method: &'a str,
    pub uri: &'a str,
    pub nonce: &'a str,
    pub nc: &'a str,
    pub cnonce: &'a str,
    /// `Some("auth")`, or `None` for the RFC 2069 form.
    pub qop: Option<&'a str>,
}

/// The Digest `response` value, lowercase hex: `H(HA1:nonce:nc:cnonce:qop:HA2)` with
/// `HA1 = H(user:realm:password)` (for `-sess`, `H(HA1:nonce:cnonce)`) and `HA2 = H(method:uri)`.
pub fn digest_response(algorithm: Algorithm, i: &DigestInputs<'_>) -> String {
    let mut ha1 = algorithm.hash_hex(&format!("{}:{}:{}", i.username, i.realm, i.password));
    if algorithm.is_sess() {
        ha1 = algorithm.hash_hex(&format!("{ha1}:{}:{}", i.nonce, i.cnonce));
    }
    let ha2 = algorithm.hash_hex(&format!("{}:{}", i.method, i.uri));
    match i.qop {
        Some(qop) => algorithm.hash_hex(&format!(
            "{ha1}:{}:{}:{}:{qop}:{ha2}",
            i.nonce, i.nc, i.cnonce
        )),
        None => algorithm.hash_hex(&format!("{ha1}:{}:{ha2}", i.nonce)),
    }
}

impl DigestChallenge {
    /// The `Authorization` value answering this challenge for a `method` request of `uri` (the
    /// request target, exactly as sent), with client nonce `cnonce` and nonce count 1.
    ///
    /// # Errors
    /// [`DigestError`] when the username cannot be put in a header.
    pub fn authorization(
        &self,
        credentials: &Credentials,
        method: &str,
        uri: &str,
        cnonce: &str,
    ) -> Result<String, DigestError> {
        let username = &credentials.username;
        if username
            .chars()
            .any(|c| c == '"' || c == '\\' || c.is_control())
        {
            return Err(DigestError::BadUsername);
        }
        let nc = "00000001";
        let qop = self.qop_auth.then_some("auth");
        let response = digest_response(
            self.algorithm,
            &DigestInputs {
                username,
                realm: &self.realm,
                password: &credentials.password,
                method,
                uri,
                nonce: &self.nonce,
                nc,
                cnonce,
                qop,
            },
        );
        let mut header = format!(
            "Digest username={}, realm={}, nonce={}, uri={}, algorithm={}, response=\"{response}\"",
            quote(username),
            quote(&self.realm),
            quote(&self.nonce),
            quote(uri),
            self.algorithm.token(),
        );
        if qop.is_some() {
            header.push_str(&format!(", qop=auth, nc={nc}, cnonce={}", quote(cnonce)));
        }
        if let Some(opaque) = &self.opaque {
            header.push_str(&format!(", opaque={}", quote(opaque)));
        }
        Ok(header)
    }

    /// Reads a Digest challenge's parameters; `Err` when it lacks what an answer needs or asks
    /// for something this extension does not do.
    fn from_params(params: &[(String, String)]) -> Result<DigestChallenge, DigestError> {
        let get = |name: &str| {
            params
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.as_str())
        };
        let algorithm = match get("algorithm") {
            None => Some(Algorithm::Md5),
            Some(token) => Algorithm::parse(token),
        };
        let qop_auth = match get("qop") {
            None => false,
            Some(list) => {
                if !list
                    .split(',')
                    .any(|q| q.trim().eq_ignore_ascii_case("auth"))
                {
                    return Err(DigestError::UnsupportedQop);
                }
                true
            }
        };
        let userhash = get("userhash").is_some_and(|v| v.eq_ignore_ascii_case("true"));
        match (algorithm, get("nonce")) {
            (Some(algorithm), Some(nonce)) if !userhash => Ok(DigestChallenge {
                realm: get("realm").unwrap_or_default().to_string(),
                nonce: nonce.to_string(),
                opaque: get("opaque").map(str::to_string),
                algorithm,
                qop_auth,
                stale: get("stale").is_some_and(|v| v.eq_ignore_ascii_case("true")),
            }),
            _ => Err(DigestError::UnsupportedQop),
        }
    }
}

/// Reads the challenges of a `WWW-Authenticate` header. Browsers join several such headers with
/// `, `, so one value may hold several challenges (`Digest ..., Digest ...`); each is returned in
/// order. Digest challenges this extension cannot answer (another algorithm, `qop=auth-int`
/// only, `userhash`) come back as [`Challenge::Other`].
pub fn parse_challenges(header: &str) -> Vec<Challenge> {
    let mut challenges: Vec<(String, Vec<(String, String)>)> = Vec::new();
    let mut rest = header;
    loop {
        rest = rest.trim_start_matches(|c: char| c == ',' || c.is_ascii_whitespace());
        if rest.is_empty() {
            break;
        }
        let end = rest.find(|c: char| !is_token_char(c)).unwrap_or(rest.len());
        if end == 0 {
            break; // not a token: stop reading rather than guess
        }
        let token = &rest[..end];
        let after = rest[end..].trim_start_matches([' ', '\t']);
        if let (Some(value_part), Some((_, params))) =
            (after.strip_prefix('='), challenges.last_mut())
        {
            let value_part = value_part.trim_start_matches([' ', '\t']);
            let (value, remaining) = match value_part.strip_prefix('"') {
                Some(quoted) => match read_quoted(quoted) {
                    Some(read) => read,
                    None => break,
                },
                None => {
                    let stop = value_part
                        .find(|c: char| c == ',' || c.is_ascii_whitespace())
                        .unwrap_or(value_part.len());
                    (value_part[..stop].to_string(), &value_part[stop..])
                }
            };
            params.push((token.to_ascii_lowercase(), value));
            rest = remaining;
        } else if after.starts_with('=') {
            break; // a parameter before any scheme
        } else {
            challenges.push((token.to_string(), Vec::new()));
            rest = after;
        }
    }
    challenges
        .into_iter()
        .map(|(scheme, params)| {
            if scheme.eq_ignore_ascii_case("Basic") {
                Challenge::Basic
            } else if scheme.eq_ignore_ascii_case("Digest") {
                DigestChallenge::from_params(&params)
                    .map_or(Challenge::Other(scheme), Challenge::Digest)
            } else {
                Challenge::Other(scheme)
            }
        })
        .collect()
}

/// The Digest challenge to answer among `challenges`: the strongest algorithm offered.
pub fn best_digest(challenges: &[Challenge]) -> Option<&DigestChallenge> {
    challenges
        .iter()
        .filter_map(|c| match c {
            Challenge::Digest(d) => Some(d),
            _ => None,
        })
        .max_by_key(|d| d.algorithm.preference())
}

fn is_token_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c)
}

/// Reads a quoted string whose opening quote is consumed; the value and what follows.
fn read_quoted(s: &str) -> Option<(String, &str)> {
    let mut value = String::new();
    let mut chars = s.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Some((value, &s[i + 1..])),
            '\\' => value.push(chars.next()?.1),
            c => value.push(c),
        }
    }
    None
}

/// A quoted-string (`"` and `\` escaped).
fn quote(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc4648_vectors() {
        for (input, expected) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(input.as_bytes()), expected, "{input:?}");
        }
    }

    #[test]
    fn basic_headers() {
        for (user, password, expected) in [
            ("admin", "admin", "Basic YWRtaW46YWRtaW4="),
            ("user", "1234", "Basic dXNlcjoxMjM0"),
            ("admin", "", "Basic YWRtaW46"),
            // RFC 7617 §2.1 (UTF-8): "test" / "123£"
            ("test", "123\u{A3}", "Basic dGVzdDoxMjPCow=="),
        ] {
            assert_eq!(basic(user, password), expected);
        }
    }

    /// RFC 7616 §3.9.1: the challenge and the answer, for both algorithms.
    const RFC_CHALLENGES: &str = r#"Digest
       realm="http-auth@example.org",
       qop="auth, auth-int",
       algorithm=SHA-256,
       nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v",
       opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS", Digest
       realm="http-auth@example.org",
       qop="auth, auth-int",
       algorithm=MD5,
       nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v",
       opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS""#;
    const RFC_CNONCE: &str = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";

    fn mufasa() -> Credentials {
        Credentials::new("Mufasa", "Circle of Life")
    }

    #[test]
    fn rfc7616_example_responses() {
        let challenges = parse_challenges(RFC_CHALLENGES);
        assert_eq!(challenges.len(), 2);
        for (challenge, algorithm, response) in [
            (
                &challenges[0],
                "SHA-256",
                "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1",
            ),
            (&challenges[1], "MD5", "8ca523f5e9506fed4657c9700eebdbec"),
        ] {
            let Challenge::Digest(digest) = challenge else {
                panic!("{challenge:?}")
            };
            let header = digest
                .authorization(&mufasa(), "GET", "/dir/index.html", RFC_CNONCE)
                .unwrap();
            assert_eq!(
                header,
                format!(
                    "Digest username=\"Mufasa\", realm=\"http-auth@example.org\", \
                     nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", \
                     uri=\"/dir/index.html\", algorithm={algorithm}, response=\"{response}\", \
                     qop=auth, nc=00000001, cnonce=\"{RFC_CNONCE}\", \
                     opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\""
                )
            );
        }
        // Offered both, the SHA-256 one is answered.
        assert_eq!(
            best_digest(&challenges).unwrap().algorithm,
            Algorithm::Sha256
        );
    }

    #[test]
    fn sess_and_legacy_responses() {
        let inputs = DigestInputs {
            username: "Mufasa",
            realm: "http-auth@example.org",
            password: "Circle of Life",
            method: "GET",
            uri: "/dir/index.html",
            nonce: "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v",
            nc: "00000001",
            cnonce: RFC_CNONCE,
            qop: Some("auth"),
        };
        for algorithm in [Algorithm::Md5, Algorithm::Sha256] {
            let sess = match algorithm {
                Algorithm::Md5 => Algorithm::Md5Sess,
                _ => Algorithm::Sha256Sess,
            };
            let ha1 = algorithm.hash_hex("Mufasa:http-auth@example.org:Circle of Life");
            let sess_ha1 = algorithm.hash_hex(&format!("{ha1}:{}:{RFC_CNONCE}", inputs.nonce));
            let ha2 = algorithm.hash_hex("GET:/dir/index.html");
            let expected = algorithm.hash_hex(&format!(
                "{sess_ha1}:{}:00000001:{RFC_CNONCE}:auth:{ha2}",
                inputs.nonce
            ));
            assert_eq!(digest_response(sess, &inputs), expected, "{sess:?}");
        }
        // RFC 2617 §3.5's example, without qop's extra fields the same HA1/HA2 shape (RFC 2069).
        let legacy = DigestInputs {
            qop: None,
            ..inputs
        };
        let ha1 = Algorithm::Md5.hash_hex("Mufasa:http-auth@example.org:Circle of Life");
        let ha2 = Algorithm::Md5.hash_hex("GET:/dir/index.html");
        assert_eq!(
            digest_response(Algorithm::Md5, &legacy),
            Algorithm::Md5.hash_hex(&format!("{ha1}:{}:{ha2}", inputs.nonce))
        );
        // RFC 2617 §3.5 (MD5, qop=auth): the classic vector.
        let rfc2617 = DigestInputs {
            username: "Mufasa",
            realm: "testrealm@host.com",
            password: "Circle Of Life",
            method: "GET",
            uri: "/dir/index.html",
            nonce: "dcd98b7102dd2f0e8b11d0f600bfb0c093",
            nc: "00000001",
            cnonce: "0a4f113b",
            qop: Some("auth"),
        };
        assert_eq!(
            digest_response(Algorithm::Md5, &rfc2617),
            "6629fae49393a05397450978507c4ef1"
        );
    }

    #[test]
    fn challenge_table() {
        let digest = |algorithm, qop_auth, opaque: Option<&str>, stale| {
            Challenge::Digest(DigestChallenge {
                realm: "Htek".into(),
                nonce: "n".into(),
                opaque: opaque.map(String::from),
                algorithm,
                qop_auth,
                stale,
            })
        };
        let other = |s: &str| Challenge::Other(s.to_string());
        let cases: Vec<(&str, Vec<Challenge>)> = vec![
            (r#"Basic realm="Htek""#, vec![Challenge::Basic]),
            ("basic", vec![Challenge::Basic]),
            (
                r#"Digest realm="Htek", nonce="n", qop="auth", algorithm=SHA-256, opaque="o""#,
                vec![digest(Algorithm::Sha256, true, Some("o"), false)],
            ),
            // No algorithm: MD5. No qop: the RFC 2069 form.
            (
                r#"Digest realm="Htek",nonce="n""#,
                vec![digest(Algorithm::Md5, false, None, false)],
            ),
            (
                r#"Digest realm="Htek", nonce="n", qop="auth-int,auth", algorithm=md5-SESS, stale=TRUE"#,
                vec![digest(Algorithm::Md5Sess, true, None, true)],
            ),
            // Two headers joined by the browser.
            (
                r#"Digest realm="Htek", qop="auth", algorithm=SHA-256, nonce="n", Basic realm="Htek""#,
                vec![
                    digest(Algorithm::Sha256, true, None, false),
                    Challenge::Basic,
                ],
            ),
            (
                r#"Digest realm="a\"b", nonce="n""#,
                vec![Challenge::Digest(DigestChallenge {
                    realm: "a\"b".into(),
                    nonce: "n".into(),
                    opaque: None,
                    algorithm: Algorithm::Md5,
                    qop_auth: false,
                    stale: false,
                })],
            ),
            (
                r#"Digest realm="Htek", nonce="n", qop="auth-int""#,
                vec![other("Digest")],
            ),
            (
                r#"Digest realm="Htek", nonce="n", algorithm=SHA-512-256"#,
                vec![other("Digest")],
            ),
            (
                r#"Digest realm="Htek", nonce="n", userhash=true"#,
                vec![other("Digest")],
            ),
            (r#"Digest realm="Htek""#, vec![other("Digest")]),
            ("Bearer", vec![other("Bearer")]),
            ("", vec![]),
            ("=x", vec![]),
            (r#"Digest realm="open"#, vec![other("Digest")]),
        ];
        for (header, expected) in cases {
            assert_eq!(parse_challenges(header), expected, "{header}");
        }
    }

    #[test]
    fn digest_headers_quote_and_refuse() {
        let challenge = DigestChallenge {
            realm: "Htek".into(),
            nonce: "n".into(),
            opaque: None,
            algorithm: Algorithm::Md5,
            qop_auth: false,
            stale: false,
        };
        let header = challenge
            .authorization(&Credentials::new("admin", "pw"), "GET", "/x", "c")
            .unwrap();
        assert!(!header.contains("qop"), "{header}");
        assert!(!header.contains("pw"), "{header}");
        for bad in ["ad\"min", "a\\b", "a\nb"] {
            assert_eq!(
                challenge.authorization(&Credentials::new(bad, "pw"), "GET", "/x", "c"),
                Err(DigestError::BadUsername)
            );
        }
    }

    #[test]
    fn credentials_debug_hides_the_password() {
        let shown = format!("{:?}", Credentials::new("admin", "s3cret"));
        assert!(
            shown.contains("admin") && !shown.contains("s3cret"),
            "{shown}"
        );
    }
}
