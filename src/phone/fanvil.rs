//! Fanvil's Active URI (X-series): every command is a GET of `/cgi-bin/ConfigManApp.com`, keys
//! with Yealink-like names, the admin login as HTTP auth (Basic, or a Digest answer).
//!
//! ```text
//! /cgi-bin/ConfigManApp.com?key=206;ENTER    dial 206: type the digits, then press ENTER
//! /cgi-bin/ConfigManApp.com?key=RELEASE      hang up
//! /cgi-bin/ConfigManApp.com?key=F_HOLD       press a key (its Fanvil name)
//! /cgi-bin/ConfigManApp.com?key=%23          a DTMF tone: its keypad key
//! /cgi-bin/ConfigManApp.com                  the connection check (no key)
//! ```
//!
//! Typing the number cannot choose an account: the phone dials on its default one, and asking
//! for another is a named error rather than a call on the wrong line. The phone answers with
//! HTTP statuses alone: a 403 (this computer not on its "Active URI limit IP" list) reads as
//! remote control refused, a 404 as not a Fanvil phone.
//!
//! ```
//! use click_to_dial::phone::{profile::{Command, Setup, Unsupported}, Account, Brand, DialString, PhoneAddress};
//! let address: PhoneAddress = "10.0.0.7".parse().unwrap();
//! let number = DialString::new("0301234567").unwrap();
//! let dial = Command::Dial { number: number.clone(), account: Account::Auto };
//! let request = Brand::Fanvil.request(&Setup::new(&address), &dial).unwrap();
//! assert_eq!(request.target, "/cgi-bin/ConfigManApp.com?key=0301234567;ENTER");
//! let on_two = Command::Dial { number, account: Account::Line(2) };
//! assert_eq!(Brand::Fanvil.request(&Setup::new(&address), &on_two), Err(Unsupported::AccountChoice));
//! ```

use super::exchange::Finish;
use super::request::{Answer, Command, PhoneRequest, Setup, Unsupported};
use super::{Account, Key};
use crate::uri::{encode, PHONE_VALUE};

const PATH: &str = "/cgi-bin/ConfigManApp.com";

/// The request carrying `command` to the Fanvil phone `setup` describes.
///
/// # Errors
/// [`Unsupported::AccountChoice`] for a dial on a chosen account, [`Unsupported::Key`] for a
/// key Fanvil has no name for.
pub fn request(setup: &Setup, command: &Command) -> Result<PhoneRequest, Unsupported> {
    let target = match command {
        Command::Dial { number, account } => {
            if *account != Account::Auto {
                return Err(Unsupported::AccountChoice);
            }
            format!("{PATH}?key={};ENTER", encode(number.as_str(), PHONE_VALUE))
        }
        Command::HangUp => format!("{PATH}?key=RELEASE"),
        Command::Key(key) | Command::Dtmf(key) => {
            if matches!(command, Command::Dtmf(_)) && key.dtmf_char().is_none() {
                return Err(Unsupported::Key(*key));
            }
            let name = key_name(*key).ok_or(Unsupported::Key(*key))?;
            format!("{PATH}?key={}", encode(name, PHONE_VALUE))
        }
        Command::Probe => PATH.to_string(),
    };
    Ok(PhoneRequest::get(setup.address, target, Answer::Fanvil))
}

/// Fanvil's name for `key` (Yealink-like: `F_HOLD`, `MUTE`, `RD`, ...).
pub fn key_name(key: Key) -> Option<&'static str> {
    use Key::*;
    Some(match key {
        Ok => "OK",
        Enter => "ENTER",
        Speaker => "SPEAKER",
        Transfer => "F_TRANSFER",
        VolumeUp => "VOLUME_UP",
        VolumeDown => "VOLUME_DOWN",
        Mute => "MUTE",
        Hold => "F_HOLD",
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
        // Typed as they are, like the digits of a dial (`*97#;ENTER`).
        Star => "*",
        Pound => "#",
        Conference => "F_CONFERENCE",
        Soft1 => "F1",
        Soft2 => "F2",
        Soft3 => "F3",
        Soft4 => "F4",
        Message => "MSG",
        Headset => "HEADSET",
        Redial => "RD",
        Up => "UP",
        Down => "DOWN",
        Left => "LEFT",
        Right => "RIGHT",
        Reboot => "Reboot",
        Cancel | Line1 | Line2 | Line3 | Line4 | Dss1 | Dss2 | Dss3 | Dss4 | Dss5 | Dss6 | Dss7
        | Dss8 | Dss9 | Dss10 | AutoProvision | DndOn | DndOff => return None,
    })
}

/// How a Fanvil answer ends the command: by its status.
pub(super) fn read(finish: Finish) -> Finish {
    super::request::by_status(finish)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::phone::request::{Auth, Method, Read};

    /// How the brand's reader reads an answer to `request` ([`crate::phone::profile::read`]
    /// chooses it by the request's `Answer`).
    fn read_answer(request: &PhoneRequest, finish: Finish, _body: &str) -> Read {
        assert_eq!(request.answer, Answer::Fanvil);
        Read::Finish(read(finish))
    }
    use crate::phone::{DialString, PhoneAddress};

    #[test]
    fn requests() {
        let address: PhoneAddress = "172.16.4.200".parse().unwrap();
        let setup = Setup::new(&address);
        let dial = |number: &str| Command::Dial {
            number: DialString::new(number).unwrap(),
            account: Account::Auto,
        };
        for (command, target) in [
            (dial("206"), "/cgi-bin/ConfigManApp.com?key=206;ENTER"),
            (dial("*97#"), "/cgi-bin/ConfigManApp.com?key=*97%23;ENTER"),
            (
                dial("+4930123"),
                "/cgi-bin/ConfigManApp.com?key=%2B4930123;ENTER",
            ),
            (Command::HangUp, "/cgi-bin/ConfigManApp.com?key=RELEASE"),
            (
                Command::Key(Key::Hold),
                "/cgi-bin/ConfigManApp.com?key=F_HOLD",
            ),
            (
                Command::Key(Key::Mute),
                "/cgi-bin/ConfigManApp.com?key=MUTE",
            ),
            (
                Command::Key(Key::Redial),
                "/cgi-bin/ConfigManApp.com?key=RD",
            ),
            (
                Command::Dtmf(Key::Digit0),
                "/cgi-bin/ConfigManApp.com?key=0",
            ),
            (
                Command::Dtmf(Key::Pound),
                "/cgi-bin/ConfigManApp.com?key=%23",
            ),
            (Command::Probe, "/cgi-bin/ConfigManApp.com"),
        ] {
            let request = request(&setup, &command).unwrap();
            assert_eq!(request.target, target, "{command:?}");
            assert_eq!(request.url, format!("http://172.16.4.200{target}"));
            assert_eq!(request.method, Method::Get);
            assert_eq!((&request.body, request.auth), (&None, Auth::Http));
        }
        let on_line = Command::Dial {
            number: DialString::new("206").unwrap(),
            account: Account::Line(1),
        };
        assert_eq!(request(&setup, &on_line), Err(Unsupported::AccountChoice));
        assert_eq!(
            request(&setup, &Command::Key(Key::Dss1)),
            Err(Unsupported::Key(Key::Dss1))
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
        ] {
            assert_eq!(read_answer(&request, finish, ""), Read::Finish(read));
        }
    }
}
