//! Snom's `command.htm` (D3xx/D7xx, 3xx/7xx desk phones): every command is a GET with the web
//! user's login as HTTP auth (Basic, or a Digest answer).
//!
//! ```text
//! /command.htm?number=206&outgoing_uri=501%40pbx.example   dial 206 on the identity 501@pbx.example
//! /command.htm?number=206                                 dial 206 on the phone's default identity
//! /command.htm?key=CANCEL                                 hang up
//! /command.htm?key=F_HOLD                                 press a key (its Snom name)
//! /command.htm?key_dtmf=%23                               a DTMF tone in the call
//! /command.htm                                            the connection check (no command)
//! ```
//!
//! The identity (account) is chosen by its SIP URI (`outgoing_uri`), which the user gives per
//! account in the options. The phone answers with HTTP statuses alone: a 403 reads as remote
//! control refused, a 404 as not a Snom phone.
//!
//! ```
//! use click_to_dial::phone::{profile::{Command, Setup}, Brand, Key, PhoneAddress};
//! let address: PhoneAddress = "10.0.0.7".parse().unwrap();
//! let request = Brand::Snom.request(&Setup::new(&address), &Command::Dtmf(Key::Pound)).unwrap();
//! assert_eq!(request.url, "http://10.0.0.7/command.htm?key_dtmf=%23");
//! ```

use super::exchange::Finish;
use super::request::{Answer, Command, PhoneRequest, Setup, Unsupported};
use super::Key;
use crate::uri::{encode, PHONE_VALUE};

/// The request carrying `command` to the Snom phone `setup` describes.
///
/// # Errors
/// [`Unsupported::AccountUri`] for an account whose SIP URI is not set, [`Unsupported::Key`]
/// for a key Snom has no name for (or a DTMF tone that is no keypad key).
pub fn request(setup: &Setup, command: &Command) -> Result<PhoneRequest, Unsupported> {
    let target = match command {
        Command::Dial { number, account } => {
            let mut target = format!(
                "/command.htm?number={}",
                encode(number.as_str(), PHONE_VALUE)
            );
            if let Some(uri) = setup.outgoing_uri(*account)? {
                target.push_str("&outgoing_uri=");
                target.push_str(&uri);
            }
            target
        }
        Command::HangUp => "/command.htm?key=CANCEL".to_string(),
        Command::Key(key) => {
            let name = key_name(*key).ok_or(Unsupported::Key(*key))?;
            format!("/command.htm?key={}", encode(name, PHONE_VALUE))
        }
        Command::Dtmf(key) => {
            let tone = key.dtmf_char().ok_or(Unsupported::Key(*key))?;
            let tone = tone.encode_utf8(&mut [0; 4]).to_string();
            format!("/command.htm?key_dtmf={}", encode(&tone, PHONE_VALUE))
        }
        Command::Probe => "/command.htm".to_string(),
    };
    Ok(PhoneRequest::get(setup.address, target, Answer::Snom))
}

/// Snom's name for `key` (`command.htm?key=`): the keypad as `0`-`9`, `*`, `#`; the ✓ key is
/// `ENTER` (it also answers); the DSS keys are the free programmable keys `P1`...
pub fn key_name(key: Key) -> Option<&'static str> {
    use Key::*;
    Some(match key {
        Ok | Enter => "ENTER",
        Speaker => "SPEAKER",
        Transfer => "TRANSFER",
        VolumeUp => "VOLUME_UP",
        VolumeDown => "VOLUME_DOWN",
        Mute => "MUTE",
        Hold => "F_HOLD",
        Cancel => "CANCEL",
        Digit0 => "0",
        Digit1 => "1",
        Digit2 => "2",
        Digit3 => "3",
        Digit4 => "4",
        Digit5 => "5",
        Digit6 => "6",
        Digit7 => "7",
        Digit8 => "8",
        Digit9 => "9",
        Star => "*",
        Pound => "#",
        Dss1 => "P1",
        Dss2 => "P2",
        Dss3 => "P3",
        Dss4 => "P4",
        Dss5 => "P5",
        Dss6 => "P6",
        Dss7 => "P7",
        Dss8 => "P8",
        Dss9 => "P9",
        Dss10 => "P10",
        Soft1 => "F1",
        Soft2 => "F2",
        Soft3 => "F3",
        Soft4 => "F4",
        Headset => "HEADSET",
        Redial => "REDIAL",
        Up => "UP",
        Down => "DOWN",
        Left => "LEFT",
        Right => "RIGHT",
        Line1 | Line2 | Line3 | Line4 | Conference | Message | Reboot | AutoProvision | DndOn
        | DndOff => return None,
    })
}

/// How a Snom answer ends the command: by its status.
pub(super) fn read(finish: Finish) -> Finish {
    match finish {
        // After a command the phone sends the browser back to its start page (`302` to
        // `/index.htm`); fetch follows it, a client that does not sees the 302.
        Finish::Status(301..=303) => Finish::Done,
        other => super::request::by_status(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::phone::request::{Auth, Method, Read};

    /// How the brand's reader reads an answer to `request` ([`crate::phone::profile::read`]
    /// chooses it by the request's `Answer`).
    fn read_answer(request: &PhoneRequest, finish: Finish, _body: &str) -> Read {
        assert_eq!(request.answer, Answer::Snom);
        Read::Finish(read(finish))
    }
    use crate::phone::{Account, PhoneAddress};

    use crate::phone::request::tests_support::dial;

    #[test]
    fn requests() {
        let address: PhoneAddress = "192.168.0.20".parse().unwrap();
        let uris = ["sip:501@ser.intern.snom.de".to_string()];
        let setup = Setup {
            account_uris: &uris,
            ..Setup::new(&address)
        };
        for (command, target) in [
            (dial("206", Account::Auto), "/command.htm?number=206"),
            (
                dial("0301234567", Account::Line(1)),
                "/command.htm?number=0301234567&outgoing_uri=sip%3A501%40ser.intern.snom.de",
            ),
            (
                dial("+4930*1#", Account::Auto),
                "/command.htm?number=%2B4930*1%23",
            ),
            (Command::HangUp, "/command.htm?key=CANCEL"),
            (Command::Key(Key::Ok), "/command.htm?key=ENTER"),
            (Command::Key(Key::Hold), "/command.htm?key=F_HOLD"),
            (Command::Key(Key::Mute), "/command.htm?key=MUTE"),
            (Command::Key(Key::Transfer), "/command.htm?key=TRANSFER"),
            (Command::Key(Key::Pound), "/command.htm?key=%23"),
            (Command::Key(Key::Star), "/command.htm?key=*"),
            (Command::Key(Key::Dss3), "/command.htm?key=P3"),
            (Command::Dtmf(Key::Digit1), "/command.htm?key_dtmf=1"),
            (Command::Dtmf(Key::Star), "/command.htm?key_dtmf=*"),
            (Command::Dtmf(Key::Pound), "/command.htm?key_dtmf=%23"),
            (Command::Probe, "/command.htm"),
        ] {
            let request = request(&setup, &command).unwrap();
            assert_eq!(request.target, target, "{command:?}");
            assert_eq!(request.url, format!("http://192.168.0.20{target}"));
            assert_eq!(request.method, Method::Get);
            assert_eq!((&request.body, request.auth), (&None, Auth::Http));
        }
        assert_eq!(
            request(&setup, &dial("206", Account::Line(2))),
            Err(Unsupported::AccountUri(2))
        );
        for key in [Key::Reboot, Key::DndOn, Key::Line1, Key::Conference] {
            assert_eq!(
                request(&setup, &Command::Key(key)),
                Err(Unsupported::Key(key))
            );
        }
        assert_eq!(
            request(&setup, &Command::Dtmf(Key::Mute)),
            Err(Unsupported::Key(Key::Mute))
        );
    }

    #[test]
    fn answers() {
        let address: PhoneAddress = "10.0.0.7".parse().unwrap();
        let request = request(&Setup::new(&address), &Command::HangUp).unwrap();
        for (finish, read) in [
            (Finish::Done, Finish::Done),
            (Finish::Forbidden, Finish::RemoteControlOff),
            (Finish::NotFound, Finish::NotThisBrand(404)),
            (Finish::WrongCredentials, Finish::WrongCredentials),
            (Finish::Status(500), Finish::Status(500)),
        ] {
            assert_eq!(read_answer(&request, finish, ""), Read::Finish(read));
        }
    }
}
