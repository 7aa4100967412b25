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

use crate::detect::{parse, plan::Region, PhoneNumber};
use crate::message::Outcome;
use crate::phone::htek::{Command, PhoneRequest};
use crate::settings::Settings;

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

/// A command ready to send to the user's phone, and what to tell the user when it succeeds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    pub request: PhoneRequest,
    /// The phone's address as shown to the user.
    pub phone: String,
    pub on_success: Outcome,
}

/// Prepares dialing `text` (a number as a page or the user wrote it) with `settings`.
///
/// # Errors
/// The outcome to tell the user instead: the phone is not set up, or `text` is not a number.
pub fn dial_call(settings: &Settings, text: &str, browser_language: &str) -> Result<Call, Outcome> {
    let home = settings.home_region(browser_language);
    let number = parse(text, Some(home)).map_err(|_| Outcome::NotANumber {
        text: text.chars().take(40).collect(),
    })?;
    let dialed = dial_string(&number, home);
    let on_success = |phone: String| Outcome::Dialing {
        number: number.e164(),
        dialed: dialed.to_string(),
        phone,
    };
    let command = Command::Dial {
        number: dialed.clone(),
        account: settings.account,
    };
    call(settings, &command, on_success)
}

/// Prepares hanging up with `settings`.
///
/// # Errors
/// [`Outcome::NotConfigured`] while the phone is not set up.
pub fn hang_up_call(settings: &Settings) -> Result<Call, Outcome> {
    call(settings, &Command::HangUp, |phone| Outcome::HungUp {
        phone,
    })
}

fn call(
    settings: &Settings,
    command: &Command,
    on_success: impl FnOnce(String) -> Outcome,
) -> Result<Call, Outcome> {
    let address = settings.phone().ok_or(Outcome::NotConfigured)?;
    let phone = address.to_string();
    Ok(Call {
        request: PhoneRequest::new(&address, command, &settings.username, &settings.password),
        on_success: on_success(phone.clone()),
        phone,
    })
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

    fn configured() -> Settings {
        Settings {
            phone_address: "10.0.0.7:8080".into(),
            password: "secret".into(),
            account: crate::phone::htek::Account::Line(2),
            default_country: "DE".into(),
            ..Settings::default()
        }
    }

    #[test]
    fn dial_call_builds_the_request_from_settings() {
        let call = dial_call(&configured(), "+49 30 1234567", "en-US").unwrap();
        assert_eq!(
            call.request.url,
            "http://10.0.0.7:8080/Phone_ActionURL&Command=1&Number=0301234567&Account=2"
        );
        assert_eq!(
            call.request.authorization,
            crate::auth::basic("admin", "secret")
        );
        assert_eq!(
            call.on_success,
            Outcome::Dialing {
                number: "+49301234567".into(),
                dialed: "0301234567".into(),
                phone: "10.0.0.7:8080".into()
            }
        );
    }

    #[test]
    fn dial_call_refusals() {
        assert_eq!(
            dial_call(&Settings::default(), "+49 30 1234567", "de-DE"),
            Err(Outcome::NotConfigured)
        );
        for text in [
            "",
            "hello",
            "1&Command=2",
            "+49301234567/../../x",
            "030 1234567?Command=2",
        ] {
            assert!(
                matches!(
                    dial_call(&configured(), text, "de"),
                    Err(Outcome::NotANumber { .. })
                ),
                "{text:?}"
            );
        }
    }

    #[test]
    fn hang_up() {
        let call = hang_up_call(&configured()).unwrap();
        assert_eq!(
            call.request.url,
            "http://10.0.0.7:8080/Phone_ActionURL&Command=2"
        );
        assert_eq!(
            hang_up_call(&Settings::default()),
            Err(Outcome::NotConfigured)
        );
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
