//! From a found number to the digits this user's phone must dial.
//!
//! First rules: a number of the user's own country is dialed the national way (trunk prefix and
//! national number), any other the international way (the home region's international prefix,
//! the calling code, the national number).
//!
//! ```
//! use click_to_dial::{detect::{parse, plan::Region}, dial::dial_string};
//! let de = Region::find("DE").unwrap();
//! let number = parse("+49 30 1234567", Some(de)).unwrap();
//! assert_eq!(dial_string(&number, de).as_str(), "0301234567");
//! let us = Region::find("US").unwrap();
//! assert_eq!(dial_string(&number, us).as_str(), "01149301234567");
//! ```

use crate::detect::{plan::Region, PhoneNumber};

/// What the phone is asked to dial: only digits, `*`, `#` and a leading `+`, at most
/// [`DialString::MAX_LEN`] characters. Nothing else can get into the phone's URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DialString(String);

/// Why a string cannot be dialed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DialStringError {
    Empty,
    TooLong,
    BadCharacter(char),
}

impl std::fmt::Display for DialStringError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Empty => f.write_str("there is nothing to dial"),
            Self::TooLong => write!(f, "more than {} characters to dial", DialString::MAX_LEN),
            Self::BadCharacter(c) => write!(f, "{c:?} cannot be dialed"),
        }
    }
}

impl std::error::Error for DialStringError {}

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
    }
}
