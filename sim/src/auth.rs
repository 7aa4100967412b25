//! The phone's login check: HTTP Basic or Digest against a small list of accounts with roles.
//!
//! [`Authenticator`] holds the accounts, the realm and, for Digest, the nonces it issued; it
//! judges one `Authorization` header and writes the `WWW-Authenticate` challenges for a 401.
//!
//! ```
//! use htek_sim::{Config, Role};
//!
//! // The phone's factory accounts: admin/admin may do everything, user/1234 may only dial.
//! let accounts = Config::default().accounts;
//! assert_eq!(accounts[0].username, "admin");
//! assert_eq!(accounts[1].role, Role::Dialer);
//! ```

use std::collections::hash_map::RandomState;
use std::collections::VecDeque;
use std::fmt;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{SystemTime, UNIX_EPOCH};

use base64::alphabet;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::{DecodePaddingMode, Engine as _};
use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};

use crate::action::Action;
use crate::digest::{self, Algorithm};
use crate::http::hex;

/// Which scheme the phone asks for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuthMode {
    /// `Authorization: Basic base64(user:pass)`.
    #[default]
    Basic,
    /// RFC 7616 Digest, qop=auth, SHA-256 or MD5 (and their `-sess` forms).
    Digest,
}

/// What an account may do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Everything.
    Admin,
    /// Dial (`Command=1`) and hang up (`Command=2`); keys are forbidden.
    Dialer,
}

impl Role {
    /// Whether this role may perform `action`.
    pub fn may(self, action: &Action) -> bool {
        match self {
            Role::Admin => true,
            Role::Dialer => matches!(action, Action::Dial { .. } | Action::Hangup),
        }
    }
}

/// One account on the phone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Credential {
    pub username: String,
    pub password: String,
    pub role: Role,
}

impl Credential {
    /// An account.
    pub fn new(username: &str, password: &str, role: Role) -> Credential {
        Credential {
            username: username.to_string(),
            password: password.to_string(),
            role,
        }
    }
}

/// The scheme a request was accepted with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Scheme {
    Basic,
    Digest,
}

/// The verdict on one request's credentials.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// Right credentials.
    Accepted {
        user: String,
        role: Role,
        scheme: Scheme,
    },
    /// No `Authorization` header.
    Missing,
    /// An `Authorization` header that does not pass.
    Rejected(AuthError),
}

/// Why presented credentials were not accepted. The text goes into the 401 body, for whoever
/// debugs a test.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum AuthError {
    /// `Digest` sent to a Basic phone or the reverse, or an unknown scheme.
    WrongScheme,
    /// The Basic token is not base64 of UTF-8 `user:pass`.
    BadBasicToken,
    /// Unknown user or wrong password.
    BadCredentials,
    /// The Digest parameters do not parse.
    BadParams(digest::ParamError),
    /// A required Digest parameter is missing.
    MissingParam(&'static str),
    /// A Digest parameter has a value this phone does not accept.
    Unsupported(&'static str),
    /// `realm` is not this phone's.
    WrongRealm,
    /// `nonce` was not issued by this phone.
    UnknownNonce,
    /// `opaque` is not this phone's.
    WrongOpaque,
    /// `uri` is not the request target.
    WrongUri,
    /// The first request always fails (the `first_401` quirk).
    FirstRequestQuirk,
}

impl fmt::Display for AuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AuthError::WrongScheme => f.write_str("this phone does not accept that scheme"),
            AuthError::BadBasicToken => f.write_str("the Basic token is not base64(user:pass)"),
            AuthError::BadCredentials => f.write_str("wrong user name or password"),
            AuthError::BadParams(e) => write!(f, "{e}"),
            AuthError::MissingParam(p) => write!(f, "digest parameter {p} is missing"),
            AuthError::Unsupported(p) => write!(f, "digest parameter {p} has an unsupported value"),
            AuthError::WrongRealm => f.write_str("digest realm is not this phone's"),
            AuthError::UnknownNonce => f.write_str("digest nonce was not issued by this phone"),
            AuthError::WrongOpaque => f.write_str("digest opaque does not match"),
            AuthError::WrongUri => f.write_str("digest uri is not the request path"),
            AuthError::FirstRequestQuirk => {
                f.write_str("first request is always refused (first_401 quirk)")
            }
        }
    }
}

/// How many issued nonces are remembered.
const NONCES_KEPT: usize = 1024;

/// Judges credentials and writes challenges for one phone.
#[derive(Debug)]
pub(crate) struct Authenticator {
    mode: AuthMode,
    realm: String,
    accounts: Vec<Credential>,
    opaque: String,
    nonces: Mutex<VecDeque<String>>,
    counter: AtomicU64,
}

impl Authenticator {
    pub(crate) fn new(mode: AuthMode, realm: &str, accounts: Vec<Credential>) -> Authenticator {
        Authenticator {
            mode,
            realm: realm.to_string(),
            accounts,
            opaque: random_hex(0),
            nonces: Mutex::new(VecDeque::new()),
            counter: AtomicU64::new(1),
        }
    }

    /// Judges the `Authorization` header of a request for `target` made with `method`.
    pub(crate) fn check(&self, method: &str, target: &str, header: Option<&str>) -> Verdict {
        let Some(header) = header else {
            return Verdict::Missing;
        };
        let (scheme, rest) = header.split_once(' ').unwrap_or((header, ""));
        let result = match self.mode {
            AuthMode::Basic if scheme.eq_ignore_ascii_case("Basic") => self.check_basic(rest),
            AuthMode::Digest if scheme.eq_ignore_ascii_case("Digest") => {
                self.check_digest(method, target, rest)
            }
            _ => Err(AuthError::WrongScheme),
        };
        match result {
            Ok((user, role)) => Verdict::Accepted {
                user,
                role,
                scheme: match self.mode {
                    AuthMode::Basic => Scheme::Basic,
                    AuthMode::Digest => Scheme::Digest,
                },
            },
            Err(e) => Verdict::Rejected(e),
        }
    }

    fn account(&self, username: &str) -> Option<&Credential> {
        self.accounts.iter().find(|c| c.username == username)
    }

    fn check_basic(&self, token: &str) -> Result<(String, Role), AuthError> {
        let bytes = BASIC_TOKEN
            .decode(token.trim())
            .map_err(|_| AuthError::BadBasicToken)?;
        let text = String::from_utf8(bytes).map_err(|_| AuthError::BadBasicToken)?;
        let (user, pass) = text.split_once(':').ok_or(AuthError::BadBasicToken)?;
        match self.account(user) {
            Some(c) if c.password == pass => Ok((c.username.clone(), c.role)),
            _ => Err(AuthError::BadCredentials),
        }
    }

    fn check_digest(
        &self,
        method: &str,
        target: &str,
        params: &str,
    ) -> Result<(String, Role), AuthError> {
        let params = digest::parse_params(params).map_err(AuthError::BadParams)?;
        let get = |name: &'static str| {
            params
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.as_str())
                .ok_or(AuthError::MissingParam(name))
        };
        if get("userhash").is_ok_and(|v| v.eq_ignore_ascii_case("true")) {
            return Err(AuthError::Unsupported("userhash"));
        }
        if get("realm")? != self.realm {
            return Err(AuthError::WrongRealm);
        }
        let nonce = get("nonce")?;
        if !self.issued(nonce) {
            return Err(AuthError::UnknownNonce);
        }
        if get("opaque")? != self.opaque {
            return Err(AuthError::WrongOpaque);
        }
        let uri = get("uri")?;
        if uri != target {
            return Err(AuthError::WrongUri);
        }
        let qop = get("qop")?;
        if !qop.eq_ignore_ascii_case("auth") {
            return Err(AuthError::Unsupported("qop"));
        }
        let alg = match get("algorithm") {
            Ok(token) => Algorithm::parse(token).ok_or(AuthError::Unsupported("algorithm"))?,
            Err(_) => Algorithm::Md5,
        };
        let username = get("username")?;
        let sent = get("response")?;
        let account = self.account(username).ok_or(AuthError::BadCredentials)?;
        let expected = digest::response(
            alg,
            &digest::Inputs {
                username,
                realm: &self.realm,
                password: &account.password,
                method,
                uri,
                nonce,
                nc: get("nc")?,
                cnonce: get("cnonce")?,
                qop,
            },
        );
        if expected.eq_ignore_ascii_case(sent) {
            Ok((account.username.clone(), account.role))
        } else {
            Err(AuthError::BadCredentials)
        }
    }

    fn issued(&self, nonce: &str) -> bool {
        let nonces = self.nonces.lock().unwrap_or_else(|e| e.into_inner());
        nonces.iter().any(|n| n == nonce)
    }

    /// The `WWW-Authenticate` values for a 401: one Basic challenge, or two Digest challenges
    /// (SHA-256 first, then MD5) sharing a fresh nonce.
    pub(crate) fn challenges(&self) -> Vec<String> {
        let realm = digest::quote(&self.realm);
        match self.mode {
            AuthMode::Basic => vec![format!("Basic realm={realm}")],
            AuthMode::Digest => {
                let nonce = self.fresh_nonce();
                ["SHA-256", "MD5"]
                    .iter()
                    .map(|alg| {
                        format!(
                            "Digest realm={realm}, qop=\"auth\", algorithm={alg}, nonce=\"{nonce}\", opaque=\"{}\"",
                            self.opaque
                        )
                    })
                    .collect()
            }
        }
    }

    fn fresh_nonce(&self) -> String {
        let nonce = random_hex(self.counter.fetch_add(1, Ordering::Relaxed));
        let mut nonces = self.nonces.lock().unwrap_or_else(|e| e.into_inner());
        if nonces.len() >= NONCES_KEPT {
            nonces.pop_front();
        }
        nonces.push_back(nonce.clone());
        nonce
    }
}

/// 32 hex digits nobody can guess in advance: SHA-256 over per-process random hasher keys, the
/// clock and a counter.
fn random_hex(counter: u64) -> String {
    let mut sha = Sha256::new();
    for salt in 0..2u64 {
        let mut hasher = RandomState::new().build_hasher();
        hasher.write_u64(counter ^ salt);
        sha.update(hasher.finish().to_le_bytes());
    }
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    sha.update(nanos.to_le_bytes());
    sha.update(counter.to_le_bytes());
    hex(&sha.finalize()[..16])
}

/// Standard base64 (RFC 4648 §4) as a Basic token may come: padding optional.
const BASIC_TOKEN: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

#[cfg(test)]
mod tests {
    use super::*;

    fn phone(mode: AuthMode) -> Authenticator {
        Authenticator::new(
            mode,
            "Htek",
            vec![
                Credential::new("admin", "admin", Role::Admin),
                Credential::new("user", "1234", Role::Dialer),
            ],
        )
    }

    #[test]
    fn base64_table() {
        let cases: &[(&str, Option<&[u8]>)] = &[
            ("YWRtaW46YWRtaW4=", Some(b"admin:admin")),
            ("YWRtaW46YWRtaW4", Some(b"admin:admin")),
            ("dXNlcjoxMjM0", Some(b"user:1234")),
            ("", Some(b"")),
            ("Zg==", Some(b"f")),
            ("Zm8=", Some(b"fo")),
            ("w6k6w6k=", Some("é:é".as_bytes())),
            ("Z", None),
            ("YWRt!W4=", None),
            ("YW Rt", None),
        ];
        for (input, expected) in cases {
            assert_eq!(
                BASIC_TOKEN.decode(input).ok().as_deref(),
                *expected,
                "{input:?}"
            );
        }
    }

    #[test]
    fn basic_table() {
        let auth = phone(AuthMode::Basic);
        let admin = Verdict::Accepted {
            user: "admin".into(),
            role: Role::Admin,
            scheme: Scheme::Basic,
        };
        let user = Verdict::Accepted {
            user: "user".into(),
            role: Role::Dialer,
            scheme: Scheme::Basic,
        };
        let cases: &[(Option<&str>, Verdict)] = &[
            (Some("Basic YWRtaW46YWRtaW4="), admin.clone()),
            (Some("basic YWRtaW46YWRtaW4="), admin),
            (Some("Basic dXNlcjoxMjM0"), user),
            (None, Verdict::Missing),
            // admin:wrong
            (
                Some("Basic YWRtaW46d3Jvbmc="),
                Verdict::Rejected(AuthError::BadCredentials),
            ),
            // nobody:admin
            (
                Some("Basic bm9ib2R5OmFkbWlu"),
                Verdict::Rejected(AuthError::BadCredentials),
            ),
            // "admin" without a colon
            (
                Some("Basic YWRtaW4="),
                Verdict::Rejected(AuthError::BadBasicToken),
            ),
            (
                Some("Basic !!!"),
                Verdict::Rejected(AuthError::BadBasicToken),
            ),
            (
                Some("Digest username=\"admin\""),
                Verdict::Rejected(AuthError::WrongScheme),
            ),
            (Some("Bearer x"), Verdict::Rejected(AuthError::WrongScheme)),
        ];
        for (header, expected) in cases {
            assert_eq!(&auth.check("GET", "/x", *header), expected, "{header:?}");
        }
    }

    #[test]
    fn basic_challenge_names_the_realm() {
        assert_eq!(
            phone(AuthMode::Basic).challenges(),
            ["Basic realm=\"Htek\""]
        );
    }

    /// The response a client computes for the challenge, with some fields overridable.
    fn digest_header(
        auth: &Authenticator,
        alg: &str,
        tweak: impl Fn(&mut Vec<(&str, String)>),
    ) -> String {
        let challenge = &auth.challenges()[0];
        let nonce = between(challenge, "nonce=\"", "\"");
        let opaque = between(challenge, "opaque=\"", "\"");
        let inputs = digest::Inputs {
            username: "admin",
            realm: "Htek",
            password: "admin",
            method: "GET",
            uri: "/Phone_ActionURL&Command=2",
            nonce: &nonce,
            nc: "00000001",
            cnonce: "abc",
            qop: "auth",
        };
        let alg_value = Algorithm::parse(alg).unwrap_or(Algorithm::Md5);
        let mut fields = vec![
            ("username", "admin".to_string()),
            ("realm", "Htek".to_string()),
            ("nonce", nonce.clone()),
            ("uri", "/Phone_ActionURL&Command=2".to_string()),
            ("algorithm", alg.to_string()),
            ("qop", "auth".to_string()),
            ("nc", "00000001".to_string()),
            ("cnonce", "abc".to_string()),
            ("response", digest::response(alg_value, &inputs)),
            ("opaque", opaque),
        ];
        tweak(&mut fields);
        let list: Vec<String> = fields.iter().map(|(k, v)| format!("{k}=\"{v}\"")).collect();
        format!("Digest {}", list.join(", "))
    }

    fn between(s: &str, start: &str, end: &str) -> String {
        s.split_once(start)
            .and_then(|(_, rest)| rest.split_once(end))
            .map(|(v, _)| v.to_string())
            .unwrap_or_default()
    }

    fn set(fields: &mut [(&str, String)], name: &str, value: &str) {
        for (k, v) in fields.iter_mut() {
            if *k == name {
                *v = value.to_string();
            }
        }
    }

    #[test]
    fn digest_table() {
        let auth = phone(AuthMode::Digest);
        let ok = Verdict::Accepted {
            user: "admin".into(),
            role: Role::Admin,
            scheme: Scheme::Digest,
        };
        type Tweak = fn(&mut Vec<(&str, String)>);
        let cases: &[(&str, &str, Tweak, Verdict)] = &[
            ("sha-256", "SHA-256", |_| {}, ok.clone()),
            ("md5", "MD5", |_| {}, ok.clone()),
            ("md5-sess", "MD5-sess", |_| {}, ok.clone()),
            ("sha-256-sess", "SHA-256-sess", |_| {}, ok.clone()),
            (
                "no algorithm means MD5",
                "MD5",
                |f| f.retain(|(k, _)| *k != "algorithm"),
                ok,
            ),
            (
                "wrong response",
                "MD5",
                |f| set(f, "response", "00"),
                Verdict::Rejected(AuthError::BadCredentials),
            ),
            (
                "made-up nonce",
                "MD5",
                |f| set(f, "nonce", "deadbeef"),
                Verdict::Rejected(AuthError::UnknownNonce),
            ),
            (
                "wrong opaque",
                "MD5",
                |f| set(f, "opaque", "x"),
                Verdict::Rejected(AuthError::WrongOpaque),
            ),
            (
                "wrong realm",
                "MD5",
                |f| set(f, "realm", "Other"),
                Verdict::Rejected(AuthError::WrongRealm),
            ),
            (
                "uri is another path",
                "MD5",
                |f| set(f, "uri", "/Phone_ActionURL&Command=1"),
                Verdict::Rejected(AuthError::WrongUri),
            ),
            (
                "qop auth-int",
                "MD5",
                |f| set(f, "qop", "auth-int"),
                Verdict::Rejected(AuthError::Unsupported("qop")),
            ),
            (
                "no qop",
                "MD5",
                |f| f.retain(|(k, _)| *k != "qop"),
                Verdict::Rejected(AuthError::MissingParam("qop")),
            ),
            (
                "no cnonce",
                "MD5",
                |f| f.retain(|(k, _)| *k != "cnonce"),
                Verdict::Rejected(AuthError::MissingParam("cnonce")),
            ),
            (
                "unknown algorithm",
                "SHA-512",
                |_| {},
                Verdict::Rejected(AuthError::Unsupported("algorithm")),
            ),
            (
                "unknown user",
                "MD5",
                |f| set(f, "username", "root"),
                Verdict::Rejected(AuthError::BadCredentials),
            ),
            (
                "userhash",
                "MD5",
                |f| f.push(("userhash", "true".into())),
                Verdict::Rejected(AuthError::Unsupported("userhash")),
            ),
        ];
        for (name, alg, tweak, expected) in cases {
            let header = digest_header(&auth, alg, tweak);
            assert_eq!(
                &auth.check("GET", "/Phone_ActionURL&Command=2", Some(&header)),
                expected,
                "{name}"
            );
        }
        assert_eq!(
            auth.check("GET", "/x", Some("Basic YWRtaW46YWRtaW4=")),
            Verdict::Rejected(AuthError::WrongScheme)
        );
    }

    #[test]
    fn digest_challenges_are_sha256_then_md5_with_fresh_nonces() {
        let auth = phone(AuthMode::Digest);
        let first = auth.challenges();
        assert_eq!(first.len(), 2);
        assert!(first[0]
            .starts_with("Digest realm=\"Htek\", qop=\"auth\", algorithm=SHA-256, nonce=\""));
        assert!(first[1].contains("algorithm=MD5, nonce=\""));
        assert!(first[0].contains("opaque=\""));
        let second = auth.challenges();
        assert_ne!(
            between(&first[0], "nonce=\"", "\""),
            between(&second[0], "nonce=\"", "\"")
        );
        assert_eq!(
            between(&first[0], "opaque=\"", "\""),
            between(&second[0], "opaque=\"", "\"")
        );
    }

    #[test]
    fn roles() {
        let dial = Action::Dial {
            number: "1".into(),
            account: 1,
            account_auto: true,
        };
        let key = Action::Key { key: "OK".into() };
        let cases = [
            (Role::Admin, &dial, true),
            (Role::Admin, &Action::Hangup, true),
            (Role::Admin, &key, true),
            (Role::Dialer, &dial, true),
            (Role::Dialer, &Action::Hangup, true),
            (Role::Dialer, &key, false),
        ];
        for (role, action, expected) in cases {
            assert_eq!(role.may(action), expected, "{role:?} {action:?}");
        }
    }
}
