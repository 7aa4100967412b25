//! The dial string: what the phone is asked to dial, only digits, `*`, `#` and a leading `+`
//! ([`DialString`]); nothing else can reach the phone's URL. [`dial_string`] is the plain
//! default: a number of the user's own country dialed the national way, any other the
//! international way (the office's own rules are in [`crate::dial::rules`]).
//!
//! ```
//! use click_to_dial::{detect::{parse, plan::Region}, phone::{dial_string, DialString}};
//! let de = Region::find("DE").unwrap();
//! let number = parse("+49 30 1234567", Some(de)).unwrap();
//! assert_eq!(dial_string(&number, de).as_str(), "0301234567");
//! let us = Region::find("US").unwrap();
//! assert_eq!(dial_string(&number, us).as_str(), "01149301234567");
//! assert_eq!(DialString::reduce("*97 #").unwrap().as_str(), "*97#");
//! assert_eq!(DialString::reduce("+49 (0)30 123 45-67").unwrap().as_str(), "+49301234567");
//! ```

use crate::detect::{plan::Region, PhoneNumber};

/// What the phone is asked to dial: only digits, `*`, `#` and a leading `+`, at most
/// [`DialString::MAX_LEN`] characters. Nothing else can get into the phone's URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DialString(String);

/// Why a string cannot be dialed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DialStringError {
    #[error("there is nothing to dial")]
    Empty,
    #[error("more than {} characters to dial", DialString::MAX_LEN)]
    TooLong,
    #[error("{0:?} cannot be dialed")]
    BadCharacter(char),
}

/// Tones to send during a call, key by key: digits, `*`, `#`, and `,` for a pause before the
/// key after it (a meeting's code, then after four pauses its passcode:
/// `85012345678#,,,,*123456#`). Never dialed: only a [`DialString`] reaches a dial's URL.
///
/// ```
/// use click_to_dial::phone::Tones;
/// assert_eq!(Tones::new("85012345678#,,,,*123456#").unwrap().as_str(), "85012345678#,,,,*123456#");
/// assert!(Tones::new("+4930").is_err());
/// assert!(Tones::new(",,").is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tones(String);

impl Tones {
    /// The most tones (and pauses) accepted.
    pub const MAX_LEN: usize = 64;

    /// Checks `s` against the tones' alphabet.
    ///
    /// # Errors
    /// When `s` is too long, has no key to press (nothing, or only pauses), or a character
    /// other than digits, `*`, `#` and `,`.
    pub fn new(s: &str) -> Result<Self, DialStringError> {
        if s.len() > Self::MAX_LEN {
            return Err(DialStringError::TooLong);
        }
        if let Some(bad) = s
            .chars()
            .find(|c| !matches!(c, '0'..='9' | '*' | '#' | ','))
        {
            return Err(DialStringError::BadCharacter(bad));
        }
        if s.bytes().all(|b| b == b',') {
            return Err(DialStringError::Empty);
        }
        Ok(Self(s.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Tones {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl DialString {
    /// The longest dial string accepted (E.164 allows 15 digits; prefixes and codes add some).
    pub const MAX_LEN: usize = 32;

    /// Checks `s` against the dial-string alphabet.
    ///
    /// # Errors
    /// When `s` is empty, too long, or has a character other than digits, `*`, `#`, a leading `+`.
    pub fn new(s: &str) -> Result<Self, DialStringError> {
        if s.is_empty() {
            return Err(DialStringError::Empty);
        }
        if s.len() > Self::MAX_LEN {
            return Err(DialStringError::TooLong);
        }
        let body = s.strip_prefix('+').unwrap_or(s);
        match body.chars().find(|c| !matches!(c, '0'..='9' | '*' | '#')) {
            Some(bad) => Err(DialStringError::BadCharacter(bad)),
            None if body.is_empty() => Err(DialStringError::Empty),
            None => Ok(Self(s.to_string())),
        }
    }

    /// Reduces typed or pasted text to the dial-string alphabet: drops the separators people
    /// write (spaces, `-`, `.`, `/`, parentheses) and the `(0)` written after a country code,
    /// turns full-width digits into ASCII, keeps a `+` only at the start.
    ///
    /// # Errors
    /// As [`DialString::new`] for what is left: a letter or other character, nothing, too much.
    pub fn reduce(text: &str) -> Result<Self, DialStringError> {
        let text = text.trim();
        let mut out = String::new();
        let rest = match text.strip_prefix('+') {
            Some(rest) => {
                out.push('+');
                rest
            }
            None => text,
        };
        let rest = if out.is_empty() {
            rest.to_string()
        } else {
            rest.replacen("(0)", "", 1)
        };
        for c in rest.chars() {
            match c {
                '0'..='9' | '*' | '#' => out.push(c),
                '\u{FF10}'..='\u{FF19}' => {
                    out.push(char::from(b'0' + (u32::from(c) - 0xFF10) as u8));
                }
                c if c.is_whitespace() || "-./()\u{2013}".contains(c) => {}
                c => return Err(DialStringError::BadCharacter(c)),
            }
        }
        Self::new(&out)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for DialString {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The digits a phone in `home` dials to reach `number`.
pub fn dial_string(number: &PhoneNumber, home: &Region) -> DialString {
    let digits = if number.country_code == home.country_code {
        format!("{}{}", home.national_prefix, number.national_number)
    } else {
        format!(
            "{}{}{}",
            home.international_prefix, number.country_code, number.national_number
        )
    };
    // Prefixes and national numbers are ASCII digits from the tables and the finder.
    DialString(digits)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::parse;

    #[test]
    fn dial_strings() {
        for (written, home, expected) in [
            ("+49 30 1234567", "DE", "0301234567"),
            ("+49 30 1234567", "AT", "0049301234567"),
            ("+49 30 1234567", "US", "01149301234567"),
            ("+1 206 555 0100", "US", "12065550100"),
            ("+1 416 555 0100", "US", "14165550100"),
            ("+39 06 6982 1234", "IT", "0669821234"),
            ("+44 20 7946 0958", "AU", "0011442079460958"),
        ] {
            let region = Region::find(home).unwrap();
            let number = parse(written, Some(region)).unwrap();
            let got = dial_string(&number, region);
            assert_eq!(got.as_str(), expected, "{written} from {home}");
            assert!(DialString::new(got.as_str()).is_ok());
        }
    }

    #[test]
    fn alphabet() {
        for ok in ["0", "+49301234567", "*97", "#31#0301234567", "123#"] {
            assert_eq!(DialString::new(ok).unwrap().as_str(), ok);
        }
        for (bad, error) in [
            ("", DialStringError::Empty),
            ("+", DialStringError::Empty),
            ("030 1234", DialStringError::BadCharacter(' ')),
            ("1&Command=2", DialStringError::BadCharacter('&')),
            ("12+3", DialStringError::BadCharacter('+')),
            ("1/../x", DialStringError::BadCharacter('/')),
            ("٣", DialStringError::BadCharacter('٣')),
            (&"1".repeat(33), DialStringError::TooLong),
        ] {
            assert_eq!(DialString::new(bad), Err(error), "{bad:?}");
        }
        for (text, reduced) in [
            ("030 1234-567", Ok("0301234567")),
            ("+49 (0)30 1234567", Ok("+49301234567")),
            ("(0)30 1234567", Ok("0301234567")),
            ("*31# 030/1234567", Ok("*31#0301234567")),
            ("1-800-FLOWERS", Err(DialStringError::BadCharacter('F'))),
            ("1&Command=2", Err(DialStringError::BadCharacter('&'))),
            ("12+3", Err(DialStringError::BadCharacter('+'))),
            ("( )", Err(DialStringError::Empty)),
        ] {
            let got = DialString::reduce(text);
            assert_eq!(
                got.as_ref().map(DialString::as_str),
                reduced.as_ref().copied(),
                "{text:?}"
            );
        }
    }
}
