//! Poly's REST API (VVX 4xx/5xx, Edge E/B): JSON commands POSTed to `/api/v1/...` with the
//! user `Polycom` and the admin password as HTTP auth (Basic, or a Digest answer), HTTPS by
//! default.
//!
//! ```text
//! POST /api/v1/callctrl/dial         {"data":{"Dest":"206","Line":"1","Type":"TEL"}}   dial
//! GET  /api/v1/webCallControl/callStatus                                             hang up, 1: the call's reference
//! POST /api/v1/callctrl/endCall      {"data":{"Ref":"0x1b2c3d4"}}                      hang up, 2: end that call
//! POST /api/v1/callctrl/sendDTMF     {"data":{"Digits":"5"}}                           a DTMF tone (also the keypad keys)
//! GET  /api/v1/mgmt/device/info                                                      the connection check (reads only)
//! ```
//!
//! Every answer is JSON with a `Status`: `"2000"` is done; another code is the phone's refusal
//! (4003 "operation not allowed" reads as remote control refused). A 403 is the REST API
//! refused too; a 404, or an answer that is no such JSON, reads as not a Poly phone (or its REST
//! API switched off, `apps.restapi.enabled`). Hanging up needs the call's reference, so the
//! reader of the call status returns the `endCall` request as the follow-up; with no call there
//! is nothing to end, and the hang-up is done. Poly has no remote key presses here but the
//! keypad's, sent as DTMF.
//!
//! ```
//! use click_to_dial::phone::{exchange::Finish, profile::{read, Command, Read, Setup}, Brand, PhoneAddress};
//! let address: PhoneAddress = "10.0.0.7".parse().unwrap();
//! let status = Brand::Poly.request(&Setup::new(&address), &Command::HangUp).unwrap();
//! let Read::FollowUp(end) = read(&status, Finish::Done, r#"{"data":{"CallHandle":"0x1b2c3d4"},"Status":"2000"}"#) else { panic!() };
//! assert_eq!(end.url, "http://10.0.0.7/api/v1/callctrl/endCall");
//! assert_eq!(end.body.unwrap().text, r#"{"data":{"Ref":"0x1b2c3d4"}}"#);
//! ```

use super::exchange::Finish;
use super::request::{Answer, Command, PhoneRequest, Read, Setup, Unsupported};
use super::{Account, Key};
use serde_json::{json, Value};

/// The request carrying `command` to the Poly phone `setup` describes.
///
/// # Errors
/// [`Unsupported::Key`] for any key but the keypad's.
pub fn request(setup: &Setup, command: &Command) -> Result<PhoneRequest, Unsupported> {
    let base = setup.address.base_url();
    Ok(match command {
        Command::Dial { number, account } => {
            let line = match account {
                Account::Auto => 1,
                Account::Line(n) => *n,
            };
            let body =
                json!({"data": {"Dest": number.as_str(), "Line": line.to_string(), "Type": "TEL"}});
            PhoneRequest::post_json(
                &base,
                "/api/v1/callctrl/dial",
                body.to_string(),
                Answer::Poly,
            )
        }
        Command::HangUp => PhoneRequest::get(
            setup.address,
            "/api/v1/webCallControl/callStatus".to_string(),
            Answer::PolyCallStatus,
        ),
        Command::Key(key) | Command::Dtmf(key) => {
            let digits = key_name(*key).ok_or(Unsupported::Key(*key))?;
            let body = json!({"data": {"Digits": digits}});
            PhoneRequest::post_json(
                &base,
                "/api/v1/callctrl/sendDTMF",
                body.to_string(),
                Answer::Poly,
            )
        }
        Command::Probe => PhoneRequest::get(
            setup.address,
            "/api/v1/mgmt/device/info".to_string(),
            Answer::Poly,
        ),
    })
}

/// What Poly sends for `key`: the keypad's digits, as DTMF; no other key.
pub fn key_name(key: Key) -> Option<&'static str> {
    key.dtmf_text()
}

/// The answer's JSON and its `Status` code, when it is Poly's shape.
fn status_of(body: &str) -> Option<(Value, u16)> {
    let json: Value = serde_json::from_str(body.trim()).ok()?;
    let status = json.get("Status")?.as_str()?.parse().ok()?;
    Some((json, status))
}

/// How a Poly answer ends the command.
pub(super) fn read(finish: Finish, body: &str) -> Finish {
    match finish {
        Finish::Done => match status_of(body) {
            Some((_, 2000)) => Finish::Done,
            Some((_, 4003 | 4403)) => Finish::RemoteControlOff,
            Some((_, code)) => Finish::Refused(code),
            None => Finish::NotThisBrand(200),
        },
        other => super::request::by_status(other),
    }
}

/// The most a call reference is long (Poly writes them as `0x` and 7 or 8 hex digits).
const MAX_REF: usize = 64;

/// Reads the call status of a hang-up: the `endCall` request for the first call's reference,
/// or done when there is no call.
pub(super) fn read_call_status(request: &PhoneRequest, finish: Finish, body: &str) -> Read {
    if finish != Finish::Done {
        return Read::Finish(read(finish, body));
    }
    let Some((json, status)) = status_of(body) else {
        return Read::Finish(Finish::NotThisBrand(200));
    };
    if status != 2000 {
        // 4007: "call does not exist": nothing to hang up.
        return Read::Finish(match status {
            4007 => Finish::Done,
            _ => read(finish, body),
        });
    }
    // One call is an object, several a list (firmware differ); the first is the one to end.
    let call = match json.get("data") {
        Some(Value::Array(calls)) => calls.first(),
        Some(call @ Value::Object(_)) => Some(call),
        _ => None,
    };
    let reference = call
        .and_then(|c| c.get("CallHandle"))
        .and_then(Value::as_str);
    match reference {
        None => Read::Finish(Finish::Done),
        Some(r) if r.is_empty() || r.len() > MAX_REF || r.chars().any(char::is_control) => {
            Read::Finish(Finish::NotThisBrand(200))
        }
        Some(reference) => {
            let body = json!({"data": {"Ref": reference}});
            Read::FollowUp(PhoneRequest::post_json(
                request.base(),
                "/api/v1/callctrl/endCall",
                body.to_string(),
                Answer::Poly,
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::phone::request::{Auth, Body, Method};

    /// How the brand's readers read an answer to `request` ([`crate::phone::profile::read`]
    /// chooses them by the request's `Answer`).
    fn read_answer(request: &PhoneRequest, finish: Finish, body: &str) -> Read {
        match request.answer {
            Answer::PolyCallStatus => read_call_status(request, finish, body),
            answer => {
                assert_eq!(answer, Answer::Poly);
                Read::Finish(read(finish, body))
            }
        }
    }
    use crate::phone::{DialString, PhoneAddress};

    fn json_body(text: &str) -> Option<Body> {
        Some(Body {
            content_type: "application/json",
            text: text.into(),
        })
    }

    /// The REST API's documented shapes, exactly: method, target, JSON body, HTTP auth.
    #[test]
    fn requests() {
        let address: PhoneAddress = "phone.office.test"
            .parse::<PhoneAddress>()
            .unwrap()
            .with_https(true);
        let setup = Setup::new(&address);
        let dial = |number: &str, account| Command::Dial {
            number: DialString::new(number).unwrap(),
            account,
        };
        for (command, method, target, body) in [
            (
                dial("206", Account::Auto),
                Method::Post,
                "/api/v1/callctrl/dial",
                json_body(r#"{"data":{"Dest":"206","Line":"1","Type":"TEL"}}"#),
            ),
            (
                dial("+49301234567", Account::Line(2)),
                Method::Post,
                "/api/v1/callctrl/dial",
                json_body(r#"{"data":{"Dest":"+49301234567","Line":"2","Type":"TEL"}}"#),
            ),
            (
                Command::HangUp,
                Method::Get,
                "/api/v1/webCallControl/callStatus",
                None,
            ),
            (
                Command::Dtmf(Key::Digit5),
                Method::Post,
                "/api/v1/callctrl/sendDTMF",
                json_body(r#"{"data":{"Digits":"5"}}"#),
            ),
            (
                Command::Dtmf(Key::Pound),
                Method::Post,
                "/api/v1/callctrl/sendDTMF",
                json_body(r##"{"data":{"Digits":"#"}}"##),
            ),
            (
                Command::Key(Key::Star),
                Method::Post,
                "/api/v1/callctrl/sendDTMF",
                json_body(r#"{"data":{"Digits":"*"}}"#),
            ),
            (
                Command::Probe,
                Method::Get,
                "/api/v1/mgmt/device/info",
                None,
            ),
        ] {
            let request = request(&setup, &command).unwrap();
            assert_eq!(
                (request.method, request.target.as_str(), &request.body),
                (method, target, &body),
                "{command:?}"
            );
            assert_eq!(request.url, format!("https://phone.office.test{target}"));
            assert_eq!(request.auth, Auth::Http);
        }
        for key in [Key::Mute, Key::Hold, Key::Ok, Key::Reboot] {
            assert_eq!(
                request(&setup, &Command::Key(key)),
                Err(Unsupported::Key(key))
            );
        }
    }

    #[test]
    fn answers() {
        let address: PhoneAddress = "10.0.0.7".parse().unwrap();
        let number = DialString::new("206").unwrap();
        let dial = Command::Dial {
            number,
            account: Account::Auto,
        };
        let request = request(&Setup::new(&address), &dial).unwrap();
        for (finish, body, read) in [
            (Finish::Done, r#"{"Status":"2000"}"#, Finish::Done),
            (
                Finish::Done,
                r#"{"Status": "2000", "data": {}}"#,
                Finish::Done,
            ),
            (
                Finish::Done,
                r#"{"Status":"4003"}"#,
                Finish::RemoteControlOff,
            ),
            (Finish::Done, r#"{"Status":"4002"}"#, Finish::Refused(4002)),
            (
                Finish::Done,
                r#"{"Status":2000}"#,
                Finish::NotThisBrand(200),
            ),
            (Finish::Done, "<html></html>", Finish::NotThisBrand(200)),
            (Finish::Forbidden, "", Finish::RemoteControlOff),
            (Finish::NotFound, "", Finish::NotThisBrand(404)),
            (Finish::WrongCredentials, "", Finish::WrongCredentials),
        ] {
            assert_eq!(
                read_answer(&request, finish, body),
                Read::Finish(read),
                "{body}"
            );
        }
    }

    /// Hanging up: the call status names the call, the follow-up ends it.
    #[test]
    fn hang_up_reads_the_call_first() {
        let address: PhoneAddress = "10.0.0.7:8443"
            .parse::<PhoneAddress>()
            .unwrap()
            .with_https(true);
        let status = request(&Setup::new(&address), &Command::HangUp).unwrap();
        let end = |reference: &str| {
            Read::FollowUp(PhoneRequest {
                method: Method::Post,
                url: "https://10.0.0.7:8443/api/v1/callctrl/endCall".into(),
                target: "/api/v1/callctrl/endCall".into(),
                body: json_body(&format!(r#"{{"data":{{"Ref":"{reference}"}}}}"#)),
                auth: Auth::Http,
                shown: "https://10.0.0.7:8443/api/v1/callctrl/endCall".into(),
                answer: Answer::Poly,
            })
        };
        for (finish, body, read) in [
            (
                Finish::Done,
                r#"{"data":{"CallHandle":"0x1b2c3d4","Type":"Outgoing"},"Status":"2000"}"#,
                end("0x1b2c3d4"),
            ),
            (
                Finish::Done,
                r#"{"data":[{"CallHandle":"0xaaaa0001"},{"CallHandle":"0xaaaa0002"}],"Status":"2000"}"#,
                end("0xaaaa0001"),
            ),
            (
                Finish::Done,
                r#"{"data":{"CallHandle":"a\"b"},"Status":"2000"}"#,
                end("a\\\"b"),
            ),
            (
                Finish::Done,
                r#"{"Status":"2000"}"#,
                Read::Finish(Finish::Done),
            ),
            (
                Finish::Done,
                r#"{"data":[],"Status":"2000"}"#,
                Read::Finish(Finish::Done),
            ),
            (
                Finish::Done,
                r#"{"Status":"4007"}"#,
                Read::Finish(Finish::Done),
            ),
            (
                Finish::Done,
                r#"{"Status":"4003"}"#,
                Read::Finish(Finish::RemoteControlOff),
            ),
            (
                Finish::Done,
                "nope",
                Read::Finish(Finish::NotThisBrand(200)),
            ),
            (
                Finish::Done,
                r#"{"data":{"CallHandle":"x\ny"},"Status":"2000"}"#,
                Read::Finish(Finish::NotThisBrand(200)),
            ),
            (
                Finish::WrongCredentials,
                "",
                Read::Finish(Finish::WrongCredentials),
            ),
            (
                Finish::NotFound,
                "",
                Read::Finish(Finish::NotThisBrand(404)),
            ),
        ] {
            assert_eq!(read_answer(&status, finish, body), read, "{body}");
        }
        // The follow-up is read as a Poly command.
        let Read::FollowUp(end_call) = read_answer(
            &status,
            Finish::Done,
            r#"{"data":{"CallHandle":"0x1"},"Status":"2000"}"#,
        ) else {
            panic!()
        };
        assert_eq!(
            read_answer(&end_call, Finish::Done, r#"{"Status":"2000"}"#),
            Read::Finish(Finish::Done)
        );
    }
}
