//! The desk phone: where it is ([`PhoneAddress`]), what it may be asked to dial
//! ([`DialString`]), on which account ([`Account`]), its keys ([`Key`]), how each brand drives it
//! ([`profile`]: the brand chosen, one brand-neutral command, one [`request`] per brand, its
//! answer read back; the brands' wire formats in [`htek`], [`yealink`], [`snom`],
//! [`grandstream`], [`fanvil`], [`poly`]) and how one request's auth exchange goes
//! ([`exchange`]).

mod account;
mod dial_string;
pub mod exchange;
pub mod fanvil;
pub mod grandstream;
pub mod htek;
pub mod identify;
mod key;
pub mod poly;
pub mod profile;
pub mod request;
pub mod snom;
pub mod yealink;

pub use account::Account;
pub use dial_string::{dial_string, DialString, DialStringError, Tones};
pub use key::{Key, KeyForm};
pub use profile::Brand;

use crate::t;
use std::fmt;
use std::net::{Ipv4Addr, Ipv6Addr};
use std::str::FromStr;

/// The phone's network address as the user gives it: a host name, an IPv4 address or a
/// bracketed IPv6 address, with an optional port. No scheme, path or credentials.
///
/// ```
/// use click_to_dial::phone::PhoneAddress;
/// let address: PhoneAddress = "192.168.0.124:8080".parse().unwrap();
/// assert_eq!(address.base_url(), "http://192.168.0.124:8080");
/// assert!("http://192.168.0.124".parse::<PhoneAddress>().is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhoneAddress {
    host: String,
    port: Option<u16>,
    /// Reached over `https://` (the phone's web interface set to HTTPS).
    secure: bool,
}

/// Why a phone address was refused; its `Display` tells the user what to type instead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AddressError {
    #[error("{}", t!("addressEmpty"))]
    Empty,
    #[error("{}", t!("addressHasScheme"))]
    HasScheme,
    #[error("{}", t!("addressHasExtraParts"))]
    HasExtraParts,
    #[error("{}", t!("addressBadHost"))]
    BadHost,
    #[error("{}", t!("addressBadPort"))]
    BadPort,
}

impl FromStr for PhoneAddress {
    type Err = AddressError;

    fn from_str(input: &str) -> Result<Self, AddressError> {
        let input = input.trim();
        if input.is_empty() {
            return Err(AddressError::Empty);
        }
        if input.contains("://") {
            return Err(AddressError::HasScheme);
        }
        if input
            .chars()
            .any(|c| c.is_whitespace() || "/?#@\\%".contains(c))
        {
            return Err(AddressError::HasExtraParts);
        }
        let (host, port) = split_host_port(input)?;
        let port = port
            .map(|p| match p.parse::<u16>() {
                Ok(port) if port > 0 && p.bytes().all(|b| b.is_ascii_digit()) => Ok(port),
                _ => Err(AddressError::BadPort),
            })
            .transpose()?;
        Ok(PhoneAddress {
            host: host.to_ascii_lowercase(),
            port,
            secure: false,
        })
    }
}

/// Splits `host[:port]` or `[v6][:port]`, checking the host.
fn split_host_port(input: &str) -> Result<(&str, Option<&str>), AddressError> {
    if let Some(rest) = input.strip_prefix('[') {
        let (v6, after) = rest.split_once(']').ok_or(AddressError::BadHost)?;
        v6.parse::<Ipv6Addr>().map_err(|_| AddressError::BadHost)?;
        return match after {
            "" => Ok((&input[..v6.len() + 2], None)),
            _ => match after.strip_prefix(':') {
                Some(port) => Ok((&input[..v6.len() + 2], Some(port))),
                None => Err(AddressError::BadHost),
            },
        };
    }
    let (host, port) = match input.split_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (input, None),
    };
    if is_ipv4_like(host) {
        host.parse::<Ipv4Addr>()
            .map_err(|_| AddressError::BadHost)?;
    } else if !is_host_name(host) {
        return Err(AddressError::BadHost);
    }
    Ok((host, port))
}

fn is_ipv4_like(host: &str) -> bool {
    host.bytes().all(|b| b.is_ascii_digit() || b == b'.')
}

/// RFC 1123 host name: dot-separated labels of letters, digits and inner hyphens.
fn is_host_name(host: &str) -> bool {
    let host = host.strip_suffix('.').unwrap_or(host);
    !host.is_empty()
        && host.len() <= 253
        && host.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
}

impl PhoneAddress {
    /// `http://host[:port]` (or `https://`): where the phone's Action URI paths are appended.
    pub fn base_url(&self) -> String {
        let scheme = if self.secure { "https" } else { "http" };
        format!("{scheme}://{self}")
    }

    /// The host: a name, an IPv4 address, or an IPv6 address in brackets (`[fe80::1]`).
    pub fn host(&self) -> &str {
        &self.host
    }

    /// The port, when one was given.
    pub fn port(&self) -> Option<u16> {
        self.port
    }

    /// The same address reached over HTTPS (`true`) or plain HTTP.
    pub fn with_https(mut self, secure: bool) -> Self {
        self.secure = secure;
        self
    }
}

impl fmt::Display for PhoneAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.port {
            Some(port) => write!(f, "{}:{port}", self.host),
            None => f.write_str(&self.host),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepted() {
        for (input, shown) in [
            ("192.168.0.124", "192.168.0.124"),
            (" 192.168.0.124:8080 ", "192.168.0.124:8080"),
            ("Phone-12.Office.LAN", "phone-12.office.lan"),
            ("localhost:1", "localhost:1"),
            ("[::1]", "[::1]"),
            ("[fe80::1]:8088", "[fe80::1]:8088"),
            ("uc926", "uc926"),
        ] {
            let address: PhoneAddress = input.parse().unwrap_or_else(|e| panic!("{input}: {e}"));
            assert_eq!(address.to_string(), shown);
            assert_eq!(address.base_url(), format!("http://{shown}"));
        }
    }

    #[test]
    fn refused() {
        use AddressError::*;
        for (input, error) in [
            ("", Empty),
            ("   ", Empty),
            ("http://192.168.0.124", HasScheme),
            ("192.168.0.124/", HasExtraParts),
            ("admin:admin@192.168.0.124", HasExtraParts),
            ("192.168.0.124/Phone_ActionURL", HasExtraParts),
            ("phone office", HasExtraParts),
            ("a?b", HasExtraParts),
            ("a#b", HasExtraParts),
            ("a%2fb", HasExtraParts),
            ("256.1.1.1", BadHost),
            ("1.2.3", BadHost),
            ("-phone", BadHost),
            ("ph_one", BadHost),
            ("[::1", BadHost),
            ("[zz]", BadHost),
            ("::1", BadHost),
            ("phone:0", BadPort),
            ("phone:65536", BadPort),
            ("phone:", BadPort),
            ("phone:+80", BadPort),
            ("phone:80:80", BadPort),
        ] {
            assert_eq!(input.parse::<PhoneAddress>(), Err(error), "{input:?}");
        }
    }
}
