//! Yealink's Action URI (T2x/T4x/T5x, firmware 8x and later): every command is a GET of
//! `/servlet?...`, with the admin login as HTTP auth (Basic, or a Digest answer).
//!
//! ```text
//! /servlet?key=number=206&outgoing_uri=501%40pbx.example   dial 206 on the account 501@pbx.example
//! /servlet?key=number=206                                 dial 206 on the phone's default account
//! /servlet?key=CALLEND                                    hang up
//! /servlet?key=F_HOLD                                     press a key (its Yealink name)
//! /servlet?key=POUND                                      a DTMF tone: its keypad key
//! /servlet?phonecfg=get                                   the connection check (reads only)
//! ```
//!
//! The account is chosen by its SIP URI (`outgoing_uri`), which the user gives per account in
//! the options; the phone's choice sends none. Until this computer is on the phone's Action URI
//! allow list (`features.action_uri_limit_ip`) and someone pressed OK on its "Allow remote
//! control?" prompt, the phone answers 403 (some firmware: "forbidden" in a 200's body): that
//! reads as remote control refused.
//!
//! ```
//! use click_to_dial::phone::{profile::{Command, Setup}, Account, Brand, DialString, PhoneAddress};
//! let address: PhoneAddress = "10.0.0.7".parse().unwrap();
//! let uris = ["501@pbx.example".to_string()];
//! let setup = Setup { account_uris: &uris, ..Setup::new(&address) };
//! let dial = Command::Dial { number: DialString::new("+4930123").unwrap(), account: Account::Line(1) };
//! let request = Brand::Yealink.request(&setup, &dial).unwrap();
//! assert_eq!(request.target, "/servlet?key=number=%2B4930123&outgoing_uri=501%40pbx.example");
//! ```

use super::exchange::Finish;
use super::request::{Answer, Command, PhoneRequest, Setup, Unsupported};
use super::Key;
use crate::uri::{encode, PHONE_VALUE};

/// The request carrying `command` to the Yealink phone `setup` describes.
///
/// # Errors
/// [`Unsupported::AccountUri`] for an account whose SIP URI is not set, [`Unsupported::Key`]
/// for a key Yealink has no name for.
pub fn request(setup: &Setup, command: &Command) -> Result<PhoneRequest, Unsupported> {
    let target = match command {
        Command::Dial { number, account } => {
            let mut target = format!(
                "/servlet?key=number={}",
                encode(number.as_str(), PHONE_VALUE)
            );
            if let Some(uri) = setup.outgoing_uri(*account)? {
                target.push_str("&outgoing_uri=");
                target.push_str(&uri);
            }
            target
        }
        Command::HangUp => "/servlet?key=CALLEND".to_string(),
        Command::Key(key) | Command::Dtmf(key) => {
            let name = key_name(*key).ok_or(Unsupported::Key(*key))?;
            format!("/servlet?key={}", encode(name, PHONE_VALUE))
        }
        Command::Probe => "/servlet?phonecfg=get".to_string(),
    };
    Ok(PhoneRequest::get(setup.address, target, Answer::Yealink))
}

/// Yealink's name for `key` (the Action URI's variable values).
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
        Star => "STAR",
        Pound => "POUND",
        Line1 => "L1",
        Line2 => "L2",
        Line3 => "L3",
        Line4 => "L4",
        Dss1 => "D1",
        Dss2 => "D2",
        Dss3 => "D3",
        Dss4 => "D4",
        Dss5 => "D5",
        Dss6 => "D6",
        Dss7 => "D7",
        Dss8 => "D8",
        Dss9 => "D9",
        Dss10 => "D10",
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
        AutoProvision => "AutoP",
        DndOn => "DNDOn",
        DndOff => "DNDOff",
    })
}

/// How a Yealink answer ends the command: a 403, or "forbidden" in the answer, is remote
/// control refused (allow list, or the on-screen prompt not confirmed); a 404 is not Yealink.
pub(super) fn read(finish: Finish, body: &str) -> Finish {
    match finish {
        Finish::Done if body.to_ascii_lowercase().contains("forbidden") => Finish::RemoteControlOff,
        other => super::request::by_status(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::phone::request::{Auth, Method, Read};

    /// How the brand's reader reads an answer to `request` ([`crate::phone::profile::read`]
    /// chooses it by the request's `Answer`).
    fn read_answer(request: &PhoneRequest, finish: Finish, body: &str) -> Read {
        assert_eq!(request.answer, Answer::Yealink);
        Read::Finish(read(finish, body))
    }
    use crate::phone::{Account, PhoneAddress};

    use crate::phone::request::tests_support::dial;

    /// The vendor's documented shapes, exactly: method, target, no body, HTTP auth.
    #[test]
    fn requests() {
        let address: PhoneAddress = "10.3.20.10".parse().unwrap();
        let uris = [
            "030123@192.168.0.1".to_string(),
            String::new(),
            "sip:503@pbx.example".into(),
        ];
        let setup = Setup {
            account_uris: &uris,
            ..Setup::new(&address)
        };
        for (command, target) in [
            (dial("206", Account::Auto), "/servlet?key=number=206"),
            (
                dial("0301234567", Account::Line(1)),
                "/servlet?key=number=0301234567&outgoing_uri=030123%40192.168.0.1",
            ),
            (
                dial("+49301234567", Account::Line(3)),
                "/servlet?key=number=%2B49301234567&outgoing_uri=sip%3A503%40pbx.example",
            ),
            (dial("*97#", Account::Auto), "/servlet?key=number=*97%23"),
            (Command::HangUp, "/servlet?key=CALLEND"),
            (Command::Key(Key::Hold), "/servlet?key=F_HOLD"),
            (Command::Key(Key::Ok), "/servlet?key=OK"),
            (Command::Key(Key::Speaker), "/servlet?key=SPEAKER"),
            (Command::Key(Key::Redial), "/servlet?key=RD"),
            (Command::Key(Key::Cancel), "/servlet?key=CANCEL"),
            (Command::Key(Key::DndOn), "/servlet?key=DNDOn"),
            (Command::Dtmf(Key::Digit7), "/servlet?key=7"),
            (Command::Dtmf(Key::Star), "/servlet?key=STAR"),
            (Command::Dtmf(Key::Pound), "/servlet?key=POUND"),
            (Command::Probe, "/servlet?phonecfg=get"),
        ] {
            let request = request(&setup, &command).unwrap();
            assert_eq!(request.target, target, "{command:?}");
            assert_eq!(request.url, format!("http://10.3.20.10{target}"));
            assert_eq!(request.shown, request.url);
            assert_eq!(request.method, Method::Get);
            assert_eq!((&request.body, request.auth), (&None, Auth::Http));
        }
        // An account chosen without its SIP URI: a named error, not the default account.
        assert_eq!(
            request(&setup, &dial("206", Account::Line(2))),
            Err(Unsupported::AccountUri(2))
        );
    }

    #[test]
    fn every_key_has_a_name() {
        for key in Key::ALL {
            assert!(key_name(*key).is_some(), "{key:?}");
        }
    }

    #[test]
    fn answers() {
        let address: PhoneAddress = "10.0.0.7".parse().unwrap();
        let request = request(&Setup::new(&address), &Command::HangUp).unwrap();
        for (finish, body, read) in [
            (Finish::Done, "", Finish::Done),
            (Finish::Done, "<html>OK</html>", Finish::Done),
            (Finish::Done, "Forbidden", Finish::RemoteControlOff),
            (Finish::Forbidden, "", Finish::RemoteControlOff),
            (Finish::NotFound, "", Finish::NotThisBrand(404)),
            (Finish::WrongCredentials, "", Finish::WrongCredentials),
            (Finish::Status(500), "", Finish::Status(500)),
        ] {
            assert_eq!(
                read_answer(&request, finish, body),
                Read::Finish(read),
                "{finish:?} {body}"
            );
        }
    }
}
