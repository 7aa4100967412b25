//! Htek's Action URI: the HTTP commands that make the phone dial and hang up.
//!
//! The whole command is the URL path (there is no `?`) and it is case sensitive:
//!
//! ```text
//! /Phone_ActionURL&Command=1&Number=206&Account=1     dial 206 on account 1
//! /Phone_ActionURL&Command=2                           hang up
//! ```
//!
//! ```
//! use click_to_dial::{dial::DialString, phone::{htek::{url, Account, Command}, PhoneAddress}};
//! let phone: PhoneAddress = "192.168.0.124".parse().unwrap();
//! let dial = Command::Dial { number: DialString::new("206").unwrap(), account: Account::Line(1) };
//! assert_eq!(url(&phone, &dial), "http://192.168.0.124/Phone_ActionURL&Command=1&Number=206&Account=1");
//! assert_eq!(url(&phone, &Command::HangUp), "http://192.168.0.124/Phone_ActionURL&Command=2");
//! ```

use super::PhoneAddress;
use crate::dial::DialString;
use serde::{Deserialize, Serialize};
use std::fmt::Write as _;

/// Which of the phone's SIP accounts places the call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Account {
    /// Leave the choice to the phone (no `Account` parameter).
    #[default]
    Auto,
    /// Account 1 to 4.
    Line(u8),
}

impl Account {
    /// The accounts a user can pick, in order.
    pub const ALL: [Account; 5] = [
        Account::Auto,
        Account::Line(1),
        Account::Line(2),
        Account::Line(3),
        Account::Line(4),
    ];
}

impl TryFrom<String> for Account {
    type Error = String;

    fn try_from(value: String) -> Result<Self, String> {
        match value.as_str() {
            "auto" => Ok(Account::Auto),
            "1" | "2" | "3" | "4" => Ok(Account::Line(value.as_bytes()[0] - b'0')),
            _ => Err(format!("account must be auto or 1 to 4, not {value:?}")),
        }
    }
}

impl From<Account> for String {
    fn from(account: Account) -> String {
        match account {
            Account::Auto => "auto".to_string(),
            Account::Line(n) => n.to_string(),
        }
    }
}

/// A command the phone carries out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// `Command=1`: dial `number` on `account`.
    Dial {
        number: DialString,
        account: Account,
    },
    /// `Command=2`: end the current call.
    HangUp,
}

impl Command {
    /// The request path for this command, parameters percent-encoded.
    pub fn path(&self) -> String {
        let mut path = String::from("/Phone_ActionURL");
        match self {
            Command::Dial { number, account } => {
                path.push_str("&Command=1&Number=");
                percent_encode_into(&mut path, number.as_str());
                if let Account::Line(n) = account {
                    let _ = write!(path, "&Account={n}");
                }
            }
            Command::HangUp => path.push_str("&Command=2"),
        }
        path
    }
}

/// The full URL of `command` on the phone at `address`.
pub fn url(address: &PhoneAddress, command: &Command) -> String {
    address.base_url() + &command.path()
}

/// An HTTP GET for the phone: the URL and the `Authorization` header to send with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhoneRequest {
    pub url: String,
    pub authorization: String,
}

impl PhoneRequest {
    /// The request carrying `command` to the phone at `address` with Basic credentials.
    pub fn new(address: &PhoneAddress, command: &Command, username: &str, password: &str) -> Self {
        PhoneRequest {
            url: url(address, command),
            authorization: crate::auth::basic(username, password),
        }
    }
}

/// Appends `value` with everything but ASCII letters, digits and `*` percent-encoded,
/// so that `#` (a fragment), `+` (a space to some servers) and `&` stay inside the value.
fn percent_encode_into(out: &mut String, value: &str) {
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || byte == b'*' {
            out.push(byte as char);
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dial(number: &str, account: Account) -> String {
        Command::Dial {
            number: DialString::new(number).unwrap(),
            account,
        }
        .path()
    }

    #[test]
    fn paths() {
        for (path, expected) in [
            (
                dial("206", Account::Line(1)),
                "/Phone_ActionURL&Command=1&Number=206&Account=1",
            ),
            (
                dial("0301234567", Account::Line(4)),
                "/Phone_ActionURL&Command=1&Number=0301234567&Account=4",
            ),
            (
                dial("206", Account::Auto),
                "/Phone_ActionURL&Command=1&Number=206",
            ),
            (
                dial("+49301234567", Account::Line(2)),
                "/Phone_ActionURL&Command=1&Number=%2B49301234567&Account=2",
            ),
            (
                dial("*97#", Account::Auto),
                "/Phone_ActionURL&Command=1&Number=*97%23",
            ),
            (Command::HangUp.path(), "/Phone_ActionURL&Command=2"),
        ] {
            assert_eq!(path, expected);
        }
    }

    #[test]
    fn accounts_round_trip() {
        for account in Account::ALL {
            let text = String::from(account);
            assert_eq!(Account::try_from(text).unwrap(), account);
        }
        for bad in ["0", "5", "", "Auto", "1 "] {
            assert!(Account::try_from(bad.to_string()).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn any_dial_string_keeps_the_command_shape() {
        // Whatever passes DialString::new, the path has exactly the documented parameters.
        let alphabet = ['0', '9', '*', '#', '+'];
        let mut state = 7u64;
        for _ in 0..5000 {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1);
            let len = 1 + (state >> 60) as usize;
            let candidate: String = (0..len)
                .map(|i| alphabet[((state >> (i * 3)) % 5) as usize])
                .collect();
            let Ok(number) = DialString::new(&candidate) else {
                continue;
            };
            let path = Command::Dial {
                number,
                account: Account::Line(3),
            }
            .path();
            let params: Vec<&str> = path.split('&').collect();
            assert_eq!(params.len(), 4, "{path}");
            assert_eq!(params[0], "/Phone_ActionURL");
            assert_eq!(params[1], "Command=1");
            assert!(
                params[2].starts_with("Number=")
                    && !params[2][7..].contains(['#', '+', '?', '/', '='])
            );
            assert_eq!(params[3], "Account=3");
        }
    }
}
