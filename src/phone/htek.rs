//! Htek's Action URI: the HTTP commands that make the phone dial, hang up and press its keys.
//!
//! The whole command is the URL path (there is no `?`) and it is case sensitive:
//!
//! ```text
//! /Phone_ActionURL&Command=1&Number=206&Account=1     dial 206 on account 1
//! /Phone_ActionURL&Command=2                           hang up
//! /Phone_ActionURL&Command=3&key=MUTE                  press a key
//! /Phone_ActionURL&key=MUTE                            press a key (the guide's short form)
//! ```
//!
//! Every key the guide lists is a [`Key`] with its exact wire name. Values are percent-encoded,
//! and a number can only be a [`DialString`] (digits, `*`, `#`, a leading `+`), so nothing a page
//! or a user types can add a parameter or change the path.
//!
//! ```
//! use click_to_dial::phone::{DialString, htek::{url, Account, Command, Key, KeyForm}, PhoneAddress};
//! let phone: PhoneAddress = "192.168.0.124".parse().unwrap();
//! let dial = Command::Dial { number: DialString::new("206").unwrap(), account: Account::Line(1) };
//! assert_eq!(url(&phone, &dial), "http://192.168.0.124/Phone_ActionURL&Command=1&Number=206&Account=1");
//! assert_eq!(url(&phone, &Command::HangUp), "http://192.168.0.124/Phone_ActionURL&Command=2");
//! let mute = Command::Key { key: Key::Mute, form: KeyForm::Command3 };
//! assert_eq!(mute.path(), "/Phone_ActionURL&Command=3&key=MUTE");
//! let pound = Command::Key { key: Key::Pound, form: KeyForm::Bare };
//! assert_eq!(pound.path(), "/Phone_ActionURL&key=POUND");
//! assert_eq!(Key::from_wire("DNDOOn"), Some(Key::DndOn));
//! ```

use super::PhoneAddress;
use crate::phone::DialString;
use crate::uri::{encode, PHONE_VALUE};
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

    /// How the account is named to the user ("account 2", "account chosen by the phone").
    pub fn describe(self) -> String {
        match self {
            Account::Auto => crate::t!("accountAutoDescribed"),
            Account::Line(n) => crate::t!("accountDescribed", n),
        }
    }
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

/// Defines [`Key`] from one table: variant, exact wire name, label for people.
macro_rules! keys {
    ($($variant:ident => $wire:literal, $label:literal;)*) => {
        /// A key of the phone, as `Command=3&key=<wire name>` presses it. The wire names are the
        /// guide's, exactly (case sensitive; `DNDOOn` is the guide's spelling).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Key {
            $(
                #[doc = concat!("`key=", $wire, "`: ", $label, ".")]
                $variant,
            )*
        }

        impl Key {
            /// Every key the guide lists, in the guide's order.
            pub const ALL: &'static [Key] = &[$(Key::$variant),*];

            /// The exact name the phone expects after `key=` (before percent-encoding).
            pub fn wire(self) -> &'static str {
                match self {
                    $(Key::$variant => $wire,)*
                }
            }

            /// A short name for people ("Volume up"), in the user's language (message
            /// `key<Variant>` of the locale files).
            pub fn label(self) -> String {
                match self {
                    $(Key::$variant => crate::text::text(concat!("key", stringify!($variant)), &[]),)*
                }
            }

            /// The key of [`Key::label`]'s message.
            pub fn label_key(self) -> &'static str {
                match self {
                    $(Key::$variant => concat!("key", stringify!($variant)),)*
                }
            }
        }
    };
}

keys! {
    Ok => "OK", "OK (answer)";
    Enter => "ENTER", "Enter";
    Speaker => "SPEAKER", "Speaker";
    Transfer => "F_TRANSFER", "Transfer";
    VolumeUp => "VOLUME_UP", "Volume up";
    VolumeDown => "VOLUME_DOWN", "Volume down";
    Mute => "MUTE", "Mute";
    Hold => "F_HOLD", "Hold";
    Cancel => "X", "X (end, cancel)";
    Digit0 => "0", "0";
    Digit1 => "1", "1";
    Digit2 => "2", "2";
    Digit3 => "3", "3";
    Digit4 => "4", "4";
    Digit5 => "5", "5";
    Digit6 => "6", "6";
    Digit7 => "7", "7";
    Digit8 => "8", "8";
    Digit9 => "9", "9";
    Star => "*", "*";
    Pound => "POUND", "#";
    Line1 => "L1", "Line 1";
    Line2 => "L2", "Line 2";
    Line3 => "L3", "Line 3";
    Line4 => "L4", "Line 4";
    Dss1 => "D1", "DSS 1";
    Dss2 => "D2", "DSS 2";
    Dss3 => "D3", "DSS 3";
    Dss4 => "D4", "DSS 4";
    Dss5 => "D5", "DSS 5";
    Dss6 => "D6", "DSS 6";
    Dss7 => "D7", "DSS 7";
    Dss8 => "D8", "DSS 8";
    Dss9 => "D9", "DSS 9";
    Dss10 => "D10", "DSS 10";
    Conference => "F_CONFERENCE", "Conference";
    Soft1 => "F1", "Soft key 1";
    Soft2 => "F2", "Soft key 2";
    Soft3 => "F3", "Soft key 3";
    Soft4 => "F4", "Soft key 4";
    Message => "MSG", "Messages";
    Headset => "HEADSET", "Headset";
    Redial => "RD", "Redial (RD)";
    Up => "UP", "Up";
    Down => "DOWN", "Down";
    Left => "LEFT", "Left";
    Right => "RIGHT", "Right";
    Reboot => "Reboot", "Reboot";
    AutoProvision => "AutoP", "Auto provision";
    DndOn => "DNDOOn", "DND on";
    DndOff => "DNDOff", "DND off";
}

impl Key {
    /// The key whose wire name is exactly `name` (case sensitive).
    pub fn from_wire(name: &str) -> Option<Key> {
        Key::ALL.iter().copied().find(|k| k.wire() == name)
    }

    /// The key that sends the DTMF tone of `c` (`0`-`9`, `*`, `#`), if any.
    pub fn dtmf(c: char) -> Option<Key> {
        match c {
            '#' => Some(Key::Pound),
            '*' => Some(Key::Star),
            '0'..='9' => Key::from_wire(c.encode_utf8(&mut [0; 4])),
            _ => None,
        }
    }
}

impl Serialize for Key {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.wire())
    }
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Key, D::Error> {
        let name = String::deserialize(deserializer)?;
        Key::from_wire(&name)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown key {name:?}")))
    }
}

/// Which of the guide's two forms a key press is sent in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum KeyForm {
    /// `Command=3&key=K`, the guide's main form.
    #[default]
    Command3,
    /// `key=K` alone.
    Bare,
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
    /// `Command=3&key=K` (or `key=K`): press a key.
    Key { key: Key, form: KeyForm },
    /// The bare Action URI path, no command: the connection check. The phone checks the login
    /// first and then has nothing to do (it answers 400 "no command" or 200), so it neither
    /// dials nor presses anything.
    Probe,
}

impl Command {
    /// The request path for this command, parameters percent-encoded.
    pub fn path(&self) -> String {
        let mut path = String::from("/Phone_ActionURL");
        match self {
            Command::Dial { number, account } => {
                path.push_str("&Command=1&Number=");
                let _ = write!(path, "{}", encode(number.as_str(), PHONE_VALUE));
                if let Account::Line(n) = account {
                    let _ = write!(path, "&Account={n}");
                }
            }
            Command::HangUp => path.push_str("&Command=2"),
            Command::Probe => {}
            Command::Key { key, form } => {
                if *form == KeyForm::Command3 {
                    path.push_str("&Command=3");
                }
                path.push_str("&key=");
                let _ = write!(path, "{}", encode(key.wire(), PHONE_VALUE));
            }
        }
        path
    }
}

/// The full URL of `command` on the phone at `address`.
pub fn url(address: &PhoneAddress, command: &Command) -> String {
    address.base_url() + &command.path()
}

/// An HTTP GET for the phone: the URL, and the path as the request target (which Digest signs).
/// Credentials are not part of it: [`crate::phone::exchange`] adds them per attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhoneRequest {
    pub url: String,
    pub path: String,
}

impl PhoneRequest {
    /// The request carrying `command` to the phone at `address`.
    pub fn new(address: &PhoneAddress, command: &Command) -> Self {
        PhoneRequest {
            url: url(address, command),
            path: command.path(),
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

    fn key(key: Key, form: KeyForm) -> String {
        Command::Key { key, form }.path()
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
            (Command::Probe.path(), "/Phone_ActionURL"),
            (
                key(Key::Mute, KeyForm::Command3),
                "/Phone_ActionURL&Command=3&key=MUTE",
            ),
            (key(Key::Mute, KeyForm::Bare), "/Phone_ActionURL&key=MUTE"),
            (
                key(Key::Transfer, KeyForm::Command3),
                "/Phone_ActionURL&Command=3&key=F_TRANSFER",
            ),
            (
                key(Key::Star, KeyForm::Command3),
                "/Phone_ActionURL&Command=3&key=*",
            ),
            (key(Key::Pound, KeyForm::Bare), "/Phone_ActionURL&key=POUND"),
            (key(Key::Dss10, KeyForm::Bare), "/Phone_ActionURL&key=D10"),
            (
                key(Key::DndOn, KeyForm::Command3),
                "/Phone_ActionURL&Command=3&key=DNDOOn",
            ),
        ] {
            assert_eq!(path, expected);
        }
    }

    /// The guide's list, copied from it verbatim: every wire name, in order, case sensitive.
    #[test]
    fn wire_names_are_the_guides() {
        let guide = "OK ENTER SPEAKER F_TRANSFER VOLUME_UP VOLUME_DOWN MUTE F_HOLD X \
            0 1 2 3 4 5 6 7 8 9 * POUND L1 L2 L3 L4 D1 D2 D3 D4 D5 D6 D7 D8 D9 D10 F_CONFERENCE \
            F1 F2 F3 F4 MSG HEADSET RD UP DOWN LEFT RIGHT Reboot AutoP DNDOOn DNDOff";
        let wires: Vec<&str> = Key::ALL.iter().map(|k| k.wire()).collect();
        assert_eq!(wires, guide.split(' ').collect::<Vec<_>>());
        for key in Key::ALL {
            assert_eq!(Key::from_wire(key.wire()), Some(*key));
            let json = serde_json::to_string(key).unwrap();
            assert_eq!(json, format!("\"{}\"", key.wire()));
            assert_eq!(serde_json::from_str::<Key>(&json).unwrap(), *key);
        }
        for wrong in ["mute", "Mute", "DNDOn", "#", "D11", "L0", "", "MUTE "] {
            assert_eq!(Key::from_wire(wrong), None, "{wrong:?}");
            assert!(serde_json::from_str::<Key>(&format!("\"{wrong}\"")).is_err());
        }
    }

    #[test]
    fn dtmf_keys() {
        let keys: Vec<&str> = "0123456789*#"
            .chars()
            .map(|c| Key::dtmf(c).unwrap().wire())
            .collect();
        assert_eq!(
            keys,
            ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "POUND"]
        );
        assert_eq!(Key::dtmf('+'), None);
        assert_eq!(Key::dtmf('a'), None);
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
        assert_eq!(Account::Line(2).describe(), "account 2");
    }

    #[test]
    fn requests_carry_the_path_as_target() {
        let phone: PhoneAddress = "[::1]:8088".parse().unwrap();
        let request = PhoneRequest::new(&phone, &Command::HangUp);
        assert_eq!(request.url, "http://[::1]:8088/Phone_ActionURL&Command=2");
        assert_eq!(request.path, "/Phone_ActionURL&Command=2");
    }
}
