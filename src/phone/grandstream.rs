//! Grandstream's CTI commands (GXP16xx/17xx/21xx, GRP26xx): GETs of `/cgi-bin/api-...` with the
//! admin password IN THE QUERY and no HTTP auth at all. Such a URL is never shown or logged
//! whole ([`PhoneRequest::shown`] masks the password); HTTPS keeps it off the network.
//!
//! ```text
//! /cgi-bin/api-make_call?phonenumber=206&account=0&password=P   dial 206 on account 1 (counted from 0)
//! /cgi-bin/api-make_call?phonenumber=206&password=P             dial 206 on the phone's default account
//! /cgi-bin/api-phone_operation?cmd=endcall&passcode=P           hang up
//! /cgi-bin/api-send_key?keys=HOLD&passcode=P                    press a key (its Grandstream name)
//! /cgi-bin/api-send_key?keys=SHARP&passcode=P                   a DTMF tone: its keypad key
//! /cgi-bin/api-get_line_status?passcode=P                       the connection check (reads only)
//! ```
//!
//! The password's parameter is `password` for making a call and `passcode` for everything else,
//! as the CTI guide and the public integrations write them. The phone says yes with HTTP 200 and
//! `{"response":"success",...}`, and no with HTTP 200 too: `{"response":"error","body":...}` (the
//! CTI off, this computer not on the Action URI allowed IP list, or a wrong password): that reads
//! as remote control refused; a 200 that is no such JSON reads as not a Grandstream phone.
//!
//! ```
//! use click_to_dial::phone::{profile::{Command, Setup}, Brand, PhoneAddress};
//! let address: PhoneAddress = "192.168.5.135".parse().unwrap();
//! let setup = Setup { password: "a&b", ..Setup::new(&address) };
//! let request = Brand::Grandstream.request(&setup, &Command::HangUp).unwrap();
//! assert_eq!(request.target, "/cgi-bin/api-phone_operation?cmd=endcall&passcode=a%26b");
//! assert_eq!(request.shown, "http://192.168.5.135/cgi-bin/api-phone_operation?cmd=endcall&passcode=********");
//! ```

use super::exchange::Finish;
use super::request::{Answer, Auth, Command, PhoneRequest, Setup, Unsupported, MASKED};
use super::{Account, Key};
use crate::uri::{encode, COMPONENT, PHONE_VALUE};

/// The request carrying `command` to the Grandstream phone `setup` describes.
///
/// # Errors
/// [`Unsupported::Key`] for a key Grandstream has no name for.
pub fn request(setup: &Setup, command: &Command) -> Result<PhoneRequest, Unsupported> {
    // The target up to the password's parameter name; the (encoded) password follows.
    let (head, parameter) = match command {
        Command::Dial { number, account } => {
            let mut head = format!(
                "/cgi-bin/api-make_call?phonenumber={}",
                encode(number.as_str(), PHONE_VALUE)
            );
            if let Account::Line(n) = account {
                head.push_str(&format!("&account={}", n.saturating_sub(1)));
            }
            (head, "password")
        }
        Command::HangUp => (
            "/cgi-bin/api-phone_operation?cmd=endcall".to_string(),
            "passcode",
        ),
        Command::Key(key) | Command::Dtmf(key) => {
            if matches!(command, Command::Dtmf(_)) && key.dtmf_char().is_none() {
                return Err(Unsupported::Key(*key));
            }
            let name = key_name(*key).ok_or(Unsupported::Key(*key))?;
            (
                format!("/cgi-bin/api-send_key?keys={}", encode(name, PHONE_VALUE)),
                "passcode",
            )
        }
        Command::Probe => ("/cgi-bin/api-get_line_status?".to_string(), "passcode"),
    };
    let joint = if head.ends_with('?') { "" } else { "&" };
    let password = encode(setup.password, COMPONENT).to_string();
    let target = format!("{head}{joint}{parameter}={password}");
    let base = setup.address.base_url();
    Ok(PhoneRequest {
        shown: format!("{base}{head}{joint}{parameter}={MASKED}"),
        auth: Auth::None,
        ..PhoneRequest::get(setup.address, target, Answer::Grandstream)
    })
}

/// Grandstream's name for `key` (`api-send_key?keys=`); the keypad's `*` is `STAR` and its `#`
/// `SHARP`, the DSS keys are the multi-purpose keys `MPK1`...
pub fn key_name(key: Key) -> Option<&'static str> {
    use Key::*;
    Some(match key {
        Ok => "OK",
        Speaker => "SPEAKER",
        Transfer => "TRANSFER",
        VolumeUp => "VUP",
        VolumeDown => "VDOWN",
        Mute => "MUTE",
        Hold => "HOLD",
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
        Pound => "SHARP",
        Line1 => "LINE1",
        Line2 => "LINE2",
        Line3 => "LINE3",
        Line4 => "LINE4",
        Dss1 => "MPK1",
        Dss2 => "MPK2",
        Dss3 => "MPK3",
        Dss4 => "MPK4",
        Dss5 => "MPK5",
        Dss6 => "MPK6",
        Dss7 => "MPK7",
        Dss8 => "MPK8",
        Dss9 => "MPK9",
        Dss10 => "MPK10",
        Conference => "CONF",
        Headset => "HEADSET",
        Up => "UP",
        Down => "DOWN",
        Left => "LEFT",
        Right => "RIGHT",
        Enter | Cancel | Message | Redial | Reboot | AutoProvision | DndOn | DndOff | Soft1
        | Soft2 | Soft3 | Soft4 => return None,
    })
}

/// How a Grandstream answer ends the command: its JSON decides, whatever the status says.
pub(super) fn read(finish: Finish, body: &str) -> Finish {
    match finish {
        Finish::Done => {
            let json: Option<serde_json::Value> = serde_json::from_str(body.trim()).ok();
            let field = |name: &str| {
                json.as_ref()
                    .and_then(|j| j.get(name))
                    .and_then(|v| v.as_str())
            };
            match (field("response"), field("body")) {
                (Some("success"), _) => Finish::Done,
                // The password in the query was wrong or missing (the phone's HTTP 200 is no
                // help): the same ending as a 401 from the other brands.
                (Some("error"), Some("unauthorized")) => Finish::WrongCredentials,
                (Some("error"), _) => Finish::RemoteControlOff,
                _ => Finish::NotThisBrand(200),
            }
        }
        other => super::request::by_status(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::phone::request::{Method, Read};

    /// How the brand's reader reads an answer to `request` ([`crate::phone::profile::read`]
    /// chooses it by the request's `Answer`).
    fn read_answer(request: &PhoneRequest, finish: Finish, body: &str) -> Read {
        assert_eq!(request.answer, Answer::Grandstream);
        Read::Finish(read(finish, body))
    }
    use crate::phone::PhoneAddress;

    use crate::phone::request::tests_support::dial;

    /// The CTI guide's shapes, exactly; the password in the query and masked where shown.
    #[test]
    fn requests() {
        let address: PhoneAddress = "192.168.5.135".parse().unwrap();
        let setup = Setup {
            password: "admin",
            ..Setup::new(&address)
        };
        for (command, target) in [
            (
                dial("3501", Account::Line(1)),
                "/cgi-bin/api-make_call?phonenumber=3501&account=0&password=admin",
            ),
            (
                dial("3501", Account::Line(4)),
                "/cgi-bin/api-make_call?phonenumber=3501&account=3&password=admin",
            ),
            (
                dial("+49301234567", Account::Auto),
                "/cgi-bin/api-make_call?phonenumber=%2B49301234567&password=admin",
            ),
            (
                Command::HangUp,
                "/cgi-bin/api-phone_operation?cmd=endcall&passcode=admin",
            ),
            (
                Command::Key(Key::Hold),
                "/cgi-bin/api-send_key?keys=HOLD&passcode=admin",
            ),
            (
                Command::Key(Key::Dss1),
                "/cgi-bin/api-send_key?keys=MPK1&passcode=admin",
            ),
            (
                Command::Key(Key::Star),
                "/cgi-bin/api-send_key?keys=STAR&passcode=admin",
            ),
            (
                Command::Dtmf(Key::Digit5),
                "/cgi-bin/api-send_key?keys=5&passcode=admin",
            ),
            (
                Command::Dtmf(Key::Pound),
                "/cgi-bin/api-send_key?keys=SHARP&passcode=admin",
            ),
            (
                Command::Probe,
                "/cgi-bin/api-get_line_status?passcode=admin",
            ),
        ] {
            let request = request(&setup, &command).unwrap();
            assert_eq!(request.target, target, "{command:?}");
            assert_eq!(request.url, format!("http://192.168.5.135{target}"));
            assert_eq!(request.method, Method::Get);
            assert_eq!((&request.body, request.auth), (&None, Auth::None));
            assert!(!request.shown.contains("admin"), "{}", request.shown);
            assert_eq!(
                request.shown,
                request
                    .url
                    .replace("word=admin", "word=********")
                    .replace("code=admin", "code=********")
            );
        }
        assert_eq!(
            request(&setup, &Command::Key(Key::Reboot)),
            Err(Unsupported::Key(Key::Reboot))
        );
        assert_eq!(
            request(&setup, &Command::Dtmf(Key::Mute)),
            Err(Unsupported::Key(Key::Mute))
        );
    }

    /// A password can add no parameter: it is percent-encoded as a URL component.
    #[test]
    fn the_password_stays_one_value() {
        let address: PhoneAddress = "10.0.0.7".parse().unwrap();
        let setup = Setup {
            password: "p&w=1#?x y",
            ..Setup::new(&address)
        };
        let request = request(&setup, &Command::Probe).unwrap();
        assert_eq!(
            request.target,
            "/cgi-bin/api-get_line_status?passcode=p%26w%3D1%23%3Fx%20y"
        );
        assert!(!request.shown.contains("p%26w"));
    }

    /// HTTP 200 either way: the body says yes or no.
    #[test]
    fn answers() {
        let address: PhoneAddress = "10.0.0.7".parse().unwrap();
        let request = request(&Setup::new(&address), &Command::HangUp).unwrap();
        for (finish, body, read) in [
            (
                Finish::Done,
                r#"{"response":"success", "body": true}"#,
                Finish::Done,
            ),
            (
                Finish::Done,
                r#"{"response":"success","body":"complete"}"#,
                Finish::Done,
            ),
            (
                Finish::Done,
                r#"{"response":"error", "body": false}"#,
                Finish::RemoteControlOff,
            ),
            (
                Finish::Done,
                r#"{"response":"error","body":"failed"}"#,
                Finish::RemoteControlOff,
            ),
            (
                Finish::Done,
                r#"{"response":"error","body":"unauthorized"}"#,
                Finish::WrongCredentials,
            ),
            (
                Finish::Done,
                "<html>Login</html>",
                Finish::NotThisBrand(200),
            ),
            (Finish::Done, "", Finish::NotThisBrand(200)),
            (
                Finish::Done,
                r#"{"Status":"2000"}"#,
                Finish::NotThisBrand(200),
            ),
            (Finish::Forbidden, "", Finish::RemoteControlOff),
            (Finish::NotFound, "", Finish::NotThisBrand(404)),
            (Finish::WrongCredentials, "", Finish::WrongCredentials),
            (Finish::Status(500), "", Finish::Status(500)),
        ] {
            assert_eq!(
                read_answer(&request, finish, body),
                Read::Finish(read),
                "{body}"
            );
        }
    }
}
