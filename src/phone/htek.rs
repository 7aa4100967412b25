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
//! Every key the guide lists is a [`Key`] with its exact wire name (the neutral key list is
//! Htek's). Values are percent-encoded, and a number can only be a [`DialString`] (digits, `*`,
//! `#`, a leading `+`), so nothing a page or a user types can add a parameter or change the
//! path. A DTMF digit is its keypad key pressed; the connection check is the bare path. Answers
//! are read by their status alone (a 403, a 404 stay Htek's own outcomes).
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

use super::request::{self as profile, Answer, PhoneRequest, Setup, Unsupported};
use super::PhoneAddress;
use crate::phone::DialString;
use crate::uri::{encode, PHONE_VALUE};
use std::fmt::Write as _;

pub use super::{Account, Key, KeyForm};

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

/// The request carrying the brand-neutral `command` to the Htek phone `setup` describes.
///
/// # Errors
/// Never: Htek has every key and account; the `Result` is the profiles' shape.
pub fn request(setup: &Setup, command: &profile::Command) -> Result<PhoneRequest, Unsupported> {
    let command = match command {
        profile::Command::Dial { number, account } => Command::Dial {
            number: number.clone(),
            account: *account,
        },
        profile::Command::HangUp => Command::HangUp,
        profile::Command::Key(key) | profile::Command::Dtmf(key) => Command::Key {
            key: *key,
            form: setup.key_form,
        },
        profile::Command::Probe => Command::Probe,
    };
    Ok(PhoneRequest::get(
        setup.address,
        command.path(),
        Answer::Htek,
    ))
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
    fn requests_carry_the_path_as_target() {
        let phone: PhoneAddress = "[::1]:8088".parse().unwrap();
        let setup = Setup::new(&phone);
        let request = request(&setup, &profile::Command::HangUp).unwrap();
        assert_eq!(request.url, "http://[::1]:8088/Phone_ActionURL&Command=2");
        assert_eq!(request.target, "/Phone_ActionURL&Command=2");
        assert_eq!(request.shown, request.url);
        assert_eq!(request.method, profile::Method::Get);
        assert_eq!((request.body, request.auth), (None, profile::Auth::Http));
    }

    /// The brand-neutral commands on an Htek phone: exactly the guide's paths, as before.
    #[test]
    fn neutral_commands() {
        let phone: PhoneAddress = "192.168.0.124".parse().unwrap();
        let bare = Setup {
            key_form: KeyForm::Bare,
            ..Setup::new(&phone)
        };
        for (setup, command, target) in [
            (
                Setup::new(&phone),
                profile::Command::Dial {
                    number: DialString::new("206").unwrap(),
                    account: Account::Line(1),
                },
                "/Phone_ActionURL&Command=1&Number=206&Account=1",
            ),
            (
                Setup::new(&phone),
                profile::Command::HangUp,
                "/Phone_ActionURL&Command=2",
            ),
            (
                Setup::new(&phone),
                profile::Command::Key(Key::Mute),
                "/Phone_ActionURL&Command=3&key=MUTE",
            ),
            (
                bare,
                profile::Command::Key(Key::Mute),
                "/Phone_ActionURL&key=MUTE",
            ),
            (
                Setup::new(&phone),
                profile::Command::Dtmf(Key::Pound),
                "/Phone_ActionURL&Command=3&key=POUND",
            ),
            (
                bare,
                profile::Command::Dtmf(Key::Digit4),
                "/Phone_ActionURL&key=4",
            ),
            (
                Setup::new(&phone),
                profile::Command::Probe,
                "/Phone_ActionURL",
            ),
        ] {
            let request = request(&setup, &command).unwrap();
            assert_eq!(request.target, target, "{command:?}");
            assert_eq!(request.url, format!("http://192.168.0.124{target}"));
        }
    }
}
