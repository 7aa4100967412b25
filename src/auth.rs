//! HTTP authorization headers for the phone.
//!
//! The phone's Action URI needs the web login. Browsers' `fetch()` refuses `user:pass@` URLs, so
//! the credentials travel in an `Authorization` header built here.
//!
//! ```
//! assert_eq!(click_to_dial::auth::basic("admin", "admin"), "Basic YWRtaW46YWRtaW4=");
//! ```

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
}
