//! HTTP Digest (RFC 7616) arithmetic and header parsing, with no server state.
//!
//! Written here on purpose, not taken from the extension's `click_to_dial::auth`: the simulated
//! phone is the judge of the extension's Digest answers, so it computes and parses them on its
//! own, from the RFC (its examples are the tests below). A mistake shared by both would pass
//! every end-to-end test and fail on a real phone. No kept crate parses the server's side of
//! `Authorization` without pulling in a client (`digest_auth` generates cnonces with `rand`).
//!
//! `response = H(HA1:nonce:nc:cnonce:qop:HA2)` with `HA1 = H(user:realm:password)` (for the
//! `-sess` algorithms `H(H(user:realm:password):nonce:cnonce)`) and `HA2 = H(method:uri)`
//! (RFC 7616 §3.4.1-3.4.3, qop=auth only). The RFC's own example (§3.9.1) as it appears on the
//! wire:
//!
//! ```text
//! Authorization: Digest username="Mufasa", realm="http-auth@example.org",
//!     uri="/dir/index.html", algorithm=SHA-256,
//!     nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", nc=00000001,
//!     cnonce="f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ", qop=auth,
//!     response="753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1",
//!     opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"
//! ```

use std::fmt;

use md5::Md5;
use sha2::{Digest as _, Sha256};

use crate::http::hex;

/// The `algorithm` values the simulator accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Algorithm {
    Md5,
    Md5Sess,
    Sha256,
    Sha256Sess,
}

impl Algorithm {
    /// Parses an `algorithm` token (case-insensitive).
    pub(crate) fn parse(token: &str) -> Option<Algorithm> {
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

    fn is_sess(self) -> bool {
        matches!(self, Algorithm::Md5Sess | Algorithm::Sha256Sess)
    }

    /// Lowercase hex of the hash of `data`.
    pub(crate) fn hash_hex(self, data: &str) -> String {
        match self {
            Algorithm::Md5 | Algorithm::Md5Sess => hex(&Md5::digest(data.as_bytes())),
            Algorithm::Sha256 | Algorithm::Sha256Sess => hex(&Sha256::digest(data.as_bytes())),
        }
    }
}

/// Everything that goes into a qop=auth `response`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Inputs<'a> {
    pub(crate) username: &'a str,
    pub(crate) realm: &'a str,
    pub(crate) password: &'a str,
    pub(crate) method: &'a str,
    pub(crate) uri: &'a str,
    pub(crate) nonce: &'a str,
    pub(crate) nc: &'a str,
    pub(crate) cnonce: &'a str,
    pub(crate) qop: &'a str,
}

/// The expected `response` value, lowercase hex.
pub(crate) fn response(alg: Algorithm, i: &Inputs<'_>) -> String {
    let mut ha1 = alg.hash_hex(&format!("{}:{}:{}", i.username, i.realm, i.password));
    if alg.is_sess() {
        ha1 = alg.hash_hex(&format!("{ha1}:{}:{}", i.nonce, i.cnonce));
    }
    let ha2 = alg.hash_hex(&format!("{}:{}", i.method, i.uri));
    alg.hash_hex(&format!(
        "{ha1}:{}:{}:{}:{}:{ha2}",
        i.nonce, i.nc, i.cnonce, i.qop
    ))
}

/// Why an `Authorization: Digest ...` parameter list could not be parsed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ParamError {
    /// Something other than `name=value` separated by commas.
    Syntax,
    /// A quoted string without its closing quote.
    Unterminated,
    /// A parameter appears twice.
    Duplicate,
}

impl fmt::Display for ParamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ParamError::Syntax => "digest parameters are not name=value pairs",
            ParamError::Unterminated => "a quoted digest parameter has no closing quote",
            ParamError::Duplicate => "a digest parameter appears twice",
        })
    }
}

/// Parses `name=value, name="quoted \" value", ...` (the part after `Digest `). Names are
/// lowercased; quoted values are unescaped.
///
/// # Errors
///
/// [`ParamError`] for anything that is not such a list.
pub(crate) fn parse_params(input: &str) -> Result<Vec<(String, String)>, ParamError> {
    let mut params: Vec<(String, String)> = Vec::new();
    let mut rest = input;
    loop {
        rest = rest.trim_start_matches(|c: char| c == ',' || c.is_ascii_whitespace());
        if rest.is_empty() {
            return Ok(params);
        }
        let (name, after) = rest.split_once('=').ok_or(ParamError::Syntax)?;
        let name = name.trim().to_ascii_lowercase();
        if name.is_empty() || !name.chars().all(is_token_char) {
            return Err(ParamError::Syntax);
        }
        let after = after.trim_start();
        let (value, remaining) = if let Some(quoted) = after.strip_prefix('"') {
            read_quoted(quoted)?
        } else {
            let end = after
                .find(|c: char| c == ',' || c.is_ascii_whitespace())
                .unwrap_or(after.len());
            (after[..end].to_string(), &after[end..])
        };
        if params.iter().any(|(n, _)| *n == name) {
            return Err(ParamError::Duplicate);
        }
        params.push((name, value));
        rest = remaining.trim_start();
        if !(rest.is_empty() || rest.starts_with(',')) {
            return Err(ParamError::Syntax);
        }
    }
}

fn is_token_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c)
}

/// Reads a quoted string whose opening quote is already consumed; returns it and what follows.
fn read_quoted(s: &str) -> Result<(String, &str), ParamError> {
    let mut value = String::new();
    let mut chars = s.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Ok((value, &s[i + 1..])),
            '\\' => match chars.next() {
                Some((_, escaped)) => value.push(escaped),
                None => return Err(ParamError::Unterminated),
            },
            c => value.push(c),
        }
    }
    Err(ParamError::Unterminated)
}

/// Quotes a value for a challenge header (`"` and `\` escaped).
pub(crate) fn quote(value: &str) -> String {
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

    /// RFC 7616 §3.9.1: the example for both algorithms.
    const RFC: Inputs<'static> = Inputs {
        username: "Mufasa",
        realm: "http-auth@example.org",
        password: "Circle of Life",
        method: "GET",
        uri: "/dir/index.html",
        nonce: "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v",
        nc: "00000001",
        cnonce: "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ",
        qop: "auth",
    };

    #[test]
    fn rfc7616_example_responses() {
        let cases = [
            (
                "RFC 7616 3.9.1 SHA-256",
                Algorithm::Sha256,
                "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1",
            ),
            (
                "RFC 7616 3.9.1 MD5",
                Algorithm::Md5,
                "8ca523f5e9506fed4657c9700eebdbec",
            ),
        ];
        for (name, alg, expected) in cases {
            assert_eq!(response(alg, &RFC), expected, "{name}");
        }
    }

    #[test]
    fn sess_variants_rehash_ha1_with_nonce_and_cnonce() {
        // HA1 for -sess computed by hand from the RFC's definition.
        let ha1 = Algorithm::Md5.hash_hex("Mufasa:http-auth@example.org:Circle of Life");
        let sess_ha1 = Algorithm::Md5.hash_hex(&format!("{ha1}:{}:{}", RFC.nonce, RFC.cnonce));
        let ha2 = Algorithm::Md5.hash_hex("GET:/dir/index.html");
        let expected = Algorithm::Md5.hash_hex(&format!(
            "{sess_ha1}:{}:00000001:{}:auth:{ha2}",
            RFC.nonce, RFC.cnonce
        ));
        assert_eq!(response(Algorithm::Md5Sess, &RFC), expected);
        assert_ne!(
            response(Algorithm::Sha256Sess, &RFC),
            response(Algorithm::Sha256, &RFC)
        );
        assert_eq!(response(Algorithm::Sha256Sess, &RFC).len(), 64);
    }

    #[test]
    fn algorithm_tokens() {
        let cases = [
            ("MD5", Some(Algorithm::Md5)),
            ("md5", Some(Algorithm::Md5)),
            ("MD5-sess", Some(Algorithm::Md5Sess)),
            ("SHA-256", Some(Algorithm::Sha256)),
            ("sha-256-SESS", Some(Algorithm::Sha256Sess)),
            ("SHA-512-256", None),
            ("", None),
        ];
        for (token, expected) in cases {
            assert_eq!(Algorithm::parse(token), expected, "{token}");
        }
    }

    #[test]
    fn parses_the_rfc_authorization_header() {
        let header = r#"username="Mufasa", realm="http-auth@example.org", uri="/dir/index.html", algorithm=SHA-256, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", nc=00000001, cnonce="f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ", qop=auth, response="753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS""#;
        let params = parse_params(header).expect("parses");
        let get = |n: &str| params.iter().find(|(k, _)| k == n).map(|(_, v)| v.as_str());
        assert_eq!(get("username"), Some("Mufasa"));
        assert_eq!(get("algorithm"), Some("SHA-256"));
        assert_eq!(get("nc"), Some("00000001"));
        assert_eq!(get("qop"), Some("auth"));
        assert_eq!(get("uri"), Some("/dir/index.html"));
        assert_eq!(params.len(), 10);
    }

    #[test]
    fn param_table() {
        type Expected = Result<Vec<(&'static str, &'static str)>, ParamError>;
        let cases: &[(&str, Expected)] = &[
            ("a=1", Ok(vec![("a", "1")])),
            ("A=1,b=\"x, y\"", Ok(vec![("a", "1"), ("b", "x, y")])),
            (r#"a="q\"uote\\""#, Ok(vec![("a", r#"q"uote\"#)])),
            ("  a = 1 ,, b=2 ", Ok(vec![("a", "1"), ("b", "2")])),
            ("", Ok(vec![])),
            ("a", Err(ParamError::Syntax)),
            ("a=\"open", Err(ParamError::Unterminated)),
            ("a=1 b=2", Err(ParamError::Syntax)),
            ("=1", Err(ParamError::Syntax)),
            ("a=1, a=2", Err(ParamError::Duplicate)),
        ];
        for (input, expected) in cases {
            let got = parse_params(input);
            let expected: Result<Vec<(String, String)>, ParamError> = expected
                .clone()
                .map(|v| v.into_iter().map(|(a, b)| (a.into(), b.into())).collect());
            assert_eq!(got, expected, "{input:?}");
        }
    }

    #[test]
    fn quote_escapes() {
        assert_eq!(quote("Htek"), "\"Htek\"");
        assert_eq!(quote(r#"a"b\c"#), r#""a\"b\\c""#);
    }
}
