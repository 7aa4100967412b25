//! URLs, in one place for the whole core: percent-encoding (which characters each kind of URL
//! part keeps as they are, and decoding, strict or lenient; the `percent-encoding` crate does
//! the work, this module names the sets) and the parts of an `http:` or `https:` URL
//! ([`HttpUrl`]).
//!
//! Not the `url` crate: its internationalized-domain tables would weigh more in the wasm than
//! all of this, and no caller here needs a URL normalised, only cut into its parts.
//!
//! ```
//! use click_to_dial::uri::{decode_lenient, decode_strict, encode, HttpUrl, COMPONENT, PHONE_VALUE};
//! let url = HttpUrl::split("HTTPS://user@CRM.example:8443/a?b#c").unwrap();
//! assert_eq!((url.scheme, url.host, url.port, url.rest), ("https", "CRM.example", Some("8443"), "/a?b#c"));
//! assert!(HttpUrl::split("ftp://example.com/").is_none());
//! assert_eq!(encode("+49 30#1&x", PHONE_VALUE).to_string(), "%2B49%2030%231%26x");
//! assert_eq!(encode("Ann-Marie O'Neil", COMPONENT).to_string(), "Ann-Marie%20O%27Neil");
//! assert_eq!(decode_lenient("a%20b%zz"), "a b%zz");
//! assert_eq!(decode_strict("a%20b").as_deref(), Some("a b"));
//! assert_eq!(decode_strict("a%zz"), None);
//! ```

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use std::fmt::Display;

/// A value in the phone's Action URI: only ASCII letters, digits, `*` and `_` stay as they are,
/// so that `#` (a fragment), `+` (a space to some servers) and `&` stay inside the value.
pub const PHONE_VALUE: &AsciiSet = &NON_ALPHANUMERIC.remove(b'*').remove(b'_');

/// A URL component (a query value, a path segment): only RFC 3986's unreserved characters
/// (letters, digits, `-._~`) stay as they are.
pub const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// `value` (UTF-8) with every byte that `set` names percent-encoded.
pub fn encode<'a>(value: &'a str, set: &'static AsciiSet) -> impl Display + 'a {
    utf8_percent_encode(value, set)
}

/// Decodes the `%XX` escapes there are; anything else (a lone `%`) is kept as it is, and bytes
/// that are not UTF-8 become U+FFFD.
pub fn decode_lenient(text: &str) -> String {
    percent_decode_str(text).decode_utf8_lossy().into_owned()
}

/// Decodes `%XX` escapes; `None` for a `%` not followed by two hex digits, or bytes that are
/// not UTF-8. (The crate's decoder keeps a bad escape as it is: the check is here.)
pub fn decode_strict(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let escapes_ok = bytes.iter().enumerate().all(|(i, &b)| {
        b != b'%'
            || (bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit))
    });
    if !escapes_ok {
        return None;
    }
    percent_decode_str(text)
        .decode_utf8()
        .ok()
        .map(|decoded| decoded.into_owned())
}

/// The parts of an `http:` or `https:` URL, as written (only the scheme is lower-cased).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HttpUrl<'a> {
    /// `"http"` or `"https"`.
    pub scheme: &'static str,
    /// Everything between `//` and the path: user info, host and port.
    pub authority: &'a str,
    /// The host, an IPv6 address with its brackets; may be empty.
    pub host: &'a str,
    /// The port as written, when there is one.
    pub port: Option<&'a str>,
    /// The path, query and fragment (`""` when there is none).
    pub rest: &'a str,
}

impl<'a> HttpUrl<'a> {
    /// Cuts `url` into its parts; `None` unless it starts with `http://` or `https://` (in any
    /// case).
    pub fn split(url: &'a str) -> Option<Self> {
        let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
        let (scheme, after) = if lower.starts_with("https://") {
            ("https", &url[8..])
        } else if lower.starts_with("http://") {
            ("http", &url[7..])
        } else {
            return None;
        };
        let end = after.find(['/', '?', '#']).unwrap_or(after.len());
        let (authority, rest) = after.split_at(end);
        let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
        let (host, port) = match host_port.strip_prefix('[') {
            Some(v6) => match v6.split_once(']') {
                Some((inner, tail)) => (&host_port[..inner.len() + 2], tail.strip_prefix(':')),
                None => (host_port, None),
            },
            None => match host_port.split_once(':') {
                Some((host, port)) => (host, Some(port)),
                None => (host_port, None),
            },
        };
        Some(HttpUrl {
            scheme,
            authority,
            host,
            port,
            rest,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_urls_in_parts() {
        for (url, parts) in [
            (
                "http://example.com",
                Some(("http", "example.com", None, "")),
            ),
            (
                "https://a.test:8443/x?y#z",
                Some(("https", "a.test", Some("8443"), "/x?y#z")),
            ),
            (
                "http://u:p@host.test/",
                Some(("http", "host.test", None, "/")),
            ),
            (
                "http://[::1]:8000/i",
                Some(("http", "[::1]", Some("8000"), "/i")),
            ),
            ("http://[fe80::1]/", Some(("http", "[fe80::1]", None, "/"))),
            ("HTTP://X.TEST?q", Some(("http", "X.TEST", None, "?q"))),
            ("https://", Some(("https", "", None, ""))),
            ("http://:80/", Some(("http", "", Some("80"), "/"))),
            ("file:///etc/passwd", None),
            ("javascript:alert(1)", None),
            ("http:/one-slash", None),
            ("", None),
        ] {
            let got = HttpUrl::split(url).map(|u| (u.scheme, u.host, u.port, u.rest));
            assert_eq!(got, parts, "{url}");
        }
    }

    #[test]
    fn strict_decoding_refuses_what_lenient_keeps() {
        for (text, lenient, strict) in [
            ("plain", "plain", Some("plain")),
            ("%41%42", "AB", Some("AB")),
            ("100%", "100%", None),
            ("%4", "%4", None),
            ("%g0", "%g0", None),
            ("%C3%A9", "é", Some("é")),
            ("%FF", "\u{FFFD}", None),
        ] {
            assert_eq!(decode_lenient(text), lenient, "{text}");
            assert_eq!(decode_strict(text).as_deref(), strict, "{text}");
        }
    }
}
