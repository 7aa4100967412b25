//! Poly (VVX 4xx/5xx, Edge E/B): the UC Software REST API, JSON over HTTP (HTTPS on real
//! phones; plain HTTP here).
//!
//! ```text
//! POST /api/v1/callctrl/dial        {"data":{"Dest":"206","Line":"1","Type":"TEL"}}  -> 200 {"Status":"2000"}
//! GET  /api/v1/webCallControl/callStatus   -> {"data":{"CallHandle":"0x5a100001",...},"Status":"2000"}
//! POST /api/v1/callctrl/endCall     {"data":{"Ref":"0x5a100001"}}
//! POST /api/v1/callctrl/answerCall  {"data":{"Ref":"..."}}     rejectCall likewise
//! POST /api/v1/callctrl/sendDTMF    {"data":{"Digits":"12#"}}
//! POST /api/v1/callctrl/mute        {"data":{"state":"1"}}
//! GET  /api/v2/webCallControl/callStatus   -> {"data":[{...}],"Status":"2000"}
//! GET  /api/v1/mgmt/device/info     -> {"data":{"ModelNumber":...,"FirmwareRelease":...},"Status":"2000"}
//! ```
//!
//! Basic auth, user `Polycom`, the admin password (the first Admin account's). With the REST
//! API switched off (`apps.restapi.enabled=0`, `--no-rest-api`) every `/api/` path is 404.
//! Errors carry the API's status codes: 4000 invalid input, 4005 line does not exist, 4007 call
//! does not exist, 4010 the default admin password (`456`) is still set, so call control is
//! refused.
//!
//! Events are not Action URLs: the phone POSTs XML telephony notifications
//! (`<PolycomIPPhone><IncomingCallEvent>...`) to a URL; the simulator takes one URL per
//! notification (`apps.telNotification.incomingEvent`, ...), where a real phone has one URL
//! (`apps.telNotification.URL`) and an on/off switch per notification.
//!
//! Verified (Poly UC Software REST API reference manuals 5.9-6.4 as quoted by public
//! integrations; the Web Application Developer's Guide for the notifications): the paths, the
//! bodies' `data` with `Dest`/`Line`/`Type`, `Ref`, `Digits` (one integration writes `digits`,
//! both are taken), `state`; `{"Status":"2000"}` and the 4xxx codes' meanings; `CallHandle` in
//! the call status; Basic auth with `Polycom`; `apps.restapi.enabled`; the notification XML
//! elements and call states (`Offering`, `RingBack`, `Connected`, `Disconnected`). Guessed: the
//! HTTP status with a 4xxx code (400 here), 404 with the API off, 405 for another method, the
//! v1 call status with no call (`{"Status":"4007"}`), the other fields of a call's status,
//! the `CallHandle` format, and which calls need the password changed.

use crate::action::{is_dial_string, Action};
use crate::auth::{Credential, Role};
use crate::brand::{is_dtmf, method_not_allowed, not_found, Ask, Outcome, View};
use crate::config::Config;
use crate::events::{Delivery, EventTable, Happening, PhoneVars};
use crate::http::{escape_html, Response};
use crate::state::Call;

/// The REST API's user name.
pub const USER: &str = "Polycom";

/// The factory admin password, with which the phone refuses call control (4010).
pub const DEFAULT_PASSWORD: &str = "456";

/// The endpoints and their methods.
pub const ENDPOINTS: [(&str, &str); 9] = [
    ("/api/v1/callctrl/dial", "POST"),
    ("/api/v1/callctrl/endCall", "POST"),
    ("/api/v1/callctrl/answerCall", "POST"),
    ("/api/v1/callctrl/rejectCall", "POST"),
    ("/api/v1/callctrl/sendDTMF", "POST"),
    ("/api/v1/callctrl/mute", "POST"),
    ("/api/v1/webCallControl/callStatus", "GET"),
    ("/api/v2/webCallControl/callStatus", "GET"),
    ("/api/v1/mgmt/device/info", "GET"),
];

/// The accounts the REST API knows: `Polycom` with the first Admin account's password.
pub(crate) fn accounts(configured: &[Credential]) -> Vec<Credential> {
    configured
        .iter()
        .find(|c| c.role == Role::Admin)
        .map(|admin| vec![Credential::new(USER, &admin.password, Role::Admin)])
        .unwrap_or_default()
}

pub(crate) fn route(ask: &Ask<'_>, config: &Config) -> Result<(), Response> {
    if !config.rest_api || !ask.path.starts_with("/api/") {
        return Err(not_found());
    }
    match ENDPOINTS.iter().find(|(path, _)| *path == ask.path) {
        None => Err(not_found()),
        Some((_, method)) if *method != ask.method => Err(method_not_allowed(method)),
        Some(_) => Ok(()),
    }
}

pub(crate) fn handle(ask: &Ask<'_>, view: &View<'_>) -> Outcome {
    match ask.path {
        "/api/v1/webCallControl/callStatus" => return Outcome::Answer(call_status(view, false)),
        "/api/v2/webCallControl/callStatus" => return Outcome::Answer(call_status(view, true)),
        "/api/v1/mgmt/device/info" => return Outcome::Answer(device_info(view)),
        _ => {}
    }
    let default_password = accounts(&view.config.accounts)
        .first()
        .is_some_and(|c| c.password == DEFAULT_PASSWORD);
    if default_password {
        return Outcome::Answer(status(400, "4010"));
    }
    let Some(data) = serde_json::from_slice::<serde_json::Value>(ask.body)
        .ok()
        .and_then(|v| v.get("data").cloned())
        .filter(serde_json::Value::is_object)
    else {
        return Outcome::Answer(status(400, "4000"));
    };
    let text = |name: &str| data.get(name).and_then(serde_json::Value::as_str);
    let ok = status(200, "2000");
    match ask.path {
        "/api/v1/callctrl/dial" => dial(&data),
        "/api/v1/callctrl/endCall" => match text("Ref") {
            None => Outcome::Answer(status(400, "4000")),
            Some(r) if r != view.call_id || !view.call.is_active() => {
                Outcome::Answer(status(400, "4007"))
            }
            Some(_) => Outcome::Act {
                action: Action::Hangup,
                ok,
            },
        },
        "/api/v1/callctrl/answerCall" | "/api/v1/callctrl/rejectCall" => match text("Ref") {
            None => Outcome::Answer(status(400, "4000")),
            Some(r) if r != view.call_id || !matches!(view.call, Call::Ringing { .. }) => {
                Outcome::Answer(status(400, "4007"))
            }
            Some(_) if ask.path.ends_with("answerCall") => Outcome::Act {
                action: Action::Operation {
                    op: "answerCall".into(),
                },
                ok,
            },
            Some(_) => Outcome::Act {
                action: Action::Hangup,
                ok,
            },
        },
        "/api/v1/callctrl/sendDTMF" => match text("Digits").or_else(|| text("digits")) {
            Some(d) if is_dtmf(d) && view.call.is_active() => Outcome::Act {
                action: Action::Dtmf {
                    digits: d.to_string(),
                },
                ok,
            },
            Some(d) if is_dtmf(d) => Outcome::Answer(status(400, "4007")),
            _ => Outcome::Answer(status(400, "4000")),
        },
        "/api/v1/callctrl/mute" => match text("state") {
            Some("1") => Outcome::Act {
                action: Action::Operation { op: "mute".into() },
                ok,
            },
            Some("0") => Outcome::Act {
                action: Action::Operation {
                    op: "unmute".into(),
                },
                ok,
            },
            _ => Outcome::Answer(status(400, "4000")),
        },
        _ => Outcome::Answer(not_found()),
    }
}

/// `{"data":{"Dest":"206","Line":"1","Type":"TEL"}}`: `Dest` a dial string (any SIP address
/// without spaces for `Type` `SIP`), `Line` 1-4 as a string or a number (none: the phone
/// picks), `Type` `TEL` (the default) or `SIP`.
fn dial(data: &serde_json::Value) -> Outcome {
    let dest = data.get("Dest").and_then(serde_json::Value::as_str);
    let kind = match data.get("Type") {
        None => Some("TEL"),
        Some(t) => t.as_str(),
    };
    let dest_ok = match (dest, kind) {
        (Some(d), Some("TEL")) => is_dial_string(d),
        (Some(d), Some("SIP")) => !d.is_empty() && !d.chars().any(char::is_whitespace),
        _ => false,
    };
    let (Some(dest), true) = (dest, dest_ok) else {
        return Outcome::Answer(status(400, "4000"));
    };
    let line = match data.get("Line") {
        None => None,
        Some(serde_json::Value::String(s)) => Some(s.parse::<u8>().ok()),
        Some(serde_json::Value::Number(n)) => Some(n.as_u64().and_then(|n| u8::try_from(n).ok())),
        Some(_) => return Outcome::Answer(status(400, "4000")),
    };
    let (account, account_auto) = match line {
        None => (1, true),
        Some(Some(n @ 1..=4)) => (n, false),
        Some(_) => return Outcome::Answer(status(400, "4005")),
    };
    Outcome::Act {
        action: Action::Dial {
            number: dest.to_string(),
            account,
            account_auto,
        },
        ok: status(200, "2000"),
    }
}

/// The call's status, one object (v1) or a list (v2).
/// The device's identity, as the management API gives it (the extension's connection check
/// reads it: the login works and this is a Poly with its REST API on). Field names as public
/// integrations quote the UC Software manual; the values are the simulated phone's.
fn device_info(view: &View<'_>) -> Response {
    let body = serde_json::json!({
        "data": {
            "ModelNumber": view.vars.model,
            "FirmwareRelease": view.vars.firmware,
            "MACAddress": view.vars.mac,
            "IPV4Address": view.vars.ip,
        },
        "Status": "2000",
    });
    Response::new(200, "application/json", format!("{body}\n"))
}

fn call_status(view: &View<'_>, v2: bool) -> Response {
    let call = view
        .call
        .party()
        .zip(call_state(view.call))
        .map(|((number, name), state)| {
            serde_json::json!({
                "CallHandle": view.call_id,
                "Type": if view.incoming { "Incoming" } else { "Outgoing" },
                "Protocol": "Sip",
                "CallState": state,
                "LineId": view.account().to_string(),
                "RemotePartyName": name,
                "RemotePartyNumber": number,
                "DurationInSeconds": "0",
            })
        });
    let body = match (call, v2) {
        (Some(call), false) => serde_json::json!({"data": call, "Status": "2000"}),
        (Some(call), true) => serde_json::json!({"data": [call], "Status": "2000"}),
        (None, false) => return status(400, "4007"),
        (None, true) => serde_json::json!({"data": [], "Status": "2000"}),
    };
    Response::new(200, "application/json", format!("{body}\n"))
}

/// The REST API's call state for a call.
fn call_state(call: &Call) -> Option<&'static str> {
    match call {
        Call::Dialing { .. } => Some("RingBack"),
        Call::Ringing { .. } => Some("Offering"),
        Call::Talking { .. } => Some("Connected"),
        Call::Idle | Call::HungUp => None,
    }
}

/// `{"Status":"CODE"}` with the HTTP status.
pub(crate) fn status(http: u16, code: &str) -> Response {
    Response::new(
        http,
        "application/json",
        format!("{{\"Status\":\"{code}\"}}\n"),
    )
}

/// The call handle of the `n`th call.
pub(crate) fn call_handle(n: u64) -> String {
    format!("0x{:08x}", 0x5a10_0000_u64 + n)
}

/// What the XML notification says about one call.
pub(crate) struct Notice<'a> {
    pub(crate) happening: Happening,
    pub(crate) vars: &'a PhoneVars,
    pub(crate) incoming: bool,
    pub(crate) account: u8,
    pub(crate) time_ms: u64,
}

/// The XML document for a happening: `IncomingCallEvent`, `OutgoingCallEvent`, or a
/// `CallStateChangeEvent` to `Connected` or `Disconnected`.
pub(crate) fn event_xml(n: &Notice<'_>) -> Option<String> {
    let v = n.vars;
    let e = escape_html;
    let (local_name, local_number) = (e(&v.display_local), e(&v.active_user));
    let (remote_name, remote_number) = (e(&v.display_remote), e(&v.remote_number));
    let (calling, called) = if n.incoming {
        ((&remote_name, &remote_number), (&local_name, &local_number))
    } else {
        ((&local_name, &local_number), (&remote_name, &remote_number))
    };
    let common = format!(
        "<PhoneIP>{}</PhoneIP><MACAddress>{}</MACAddress>",
        e(&v.ip),
        e(&v.mac)
    );
    let time = iso8601(n.time_ms);
    let inner = match n.happening {
        Happening::Incoming | Happening::Outgoing => {
            let tag = if n.happening == Happening::Incoming {
                "IncomingCallEvent"
            } else {
                "OutgoingCallEvent"
            };
            format!(
                "<{tag}>{common}<CallingPartyName>{}</CallingPartyName>\
                 <CallingPartyNumber>{}</CallingPartyNumber><CalledPartyName>{}</CalledPartyName>\
                 <CalledPartyNumber>{}</CalledPartyNumber><TimeStamp>{time}</TimeStamp></{tag}>",
                calling.0, calling.1, called.0, called.1
            )
        }
        Happening::Established | Happening::Terminated => {
            let (state, line_state) = if n.happening == Happening::Established {
                ("Connected", "Active")
            } else {
                ("Disconnected", "Inactive")
            };
            let reference = e(&v.call_id);
            format!(
                "<CallStateChangeEvent CallReference=\"{reference}\" CallState=\"{state}\">{common}\
                 <LineNumber>{line}</LineNumber><TimeStamp>{time}</TimeStamp><CallLineInfo>\
                 <LineKeyNum>{line}</LineKeyNum><LineDirNum>{local_number}</LineDirNum>\
                 <LineState>{line_state}</LineState><CallInfo><CallState>{state}</CallState>\
                 <CallType>{kind}</CallType><UIAppearanceIndex>{line}*</UIAppearanceIndex>\
                 <CalledPartyName>{}</CalledPartyName><CalledPartyDirNum>{}</CalledPartyDirNum>\
                 <CallingPartyName>{}</CallingPartyName><CallingPartyDirNum>{}</CallingPartyDirNum>\
                 <CallReference>{reference}</CallReference><CallDuration>0</CallDuration>\
                 </CallInfo></CallLineInfo></CallStateChangeEvent>",
                called.0,
                called.1,
                calling.0,
                calling.1,
                line = n.account,
                kind = if n.incoming { "Incoming" } else { "Outgoing" },
            )
        }
        Happening::DndOn | Happening::DndOff => return None,
    };
    Some(format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<PolycomIPPhone>{inner}</PolycomIPPhone>\n"
    ))
}

/// `2008-07-11T13:19:53+00:00` for milliseconds since 1970 (UTC).
fn iso8601(ms: u64) -> String {
    let secs = ms / 1000;
    let (days, rest) = (secs / 86_400, secs % 86_400);
    // Howard Hinnant's civil_from_days, for days since 1970-01-01 (non-negative here).
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + u64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}+00:00",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

/// The telephony notifications (`apps.telNotification.*`), one URL each here.
pub(crate) const EVENTS_TABLE: EventTable = EventTable {
    events: &[
        "apps.telNotification.incomingEvent",
        "apps.telNotification.outgoingEvent",
        "apps.telNotification.offhookEvent",
        "apps.telNotification.onhookEvent",
        "apps.telNotification.callStateChangeEvent",
        "apps.telNotification.lineRegistrationEvent",
        "apps.telNotification.userLogInOutEvent",
        "apps.telNotification.phoneLockStateChangeEvent",
    ],
    on: &[
        (Happening::Incoming, "apps.telNotification.incomingEvent"),
        (Happening::Outgoing, "apps.telNotification.outgoingEvent"),
        (
            Happening::Established,
            "apps.telNotification.callStateChangeEvent",
        ),
        (
            Happening::Terminated,
            "apps.telNotification.callStateChangeEvent",
        ),
    ],
    vars: &[],
    delivery: Delivery::PostXml,
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::brand::tests_support::view;

    /// What a request came to: the action, or the answer's status and body.
    type Got = Result<Action, (u16, String)>;

    fn post(path: &str, body: &str, call: &Call, call_id: &str) -> Got {
        let (vars, config) = view::parts();
        let mut v = view::with_call(call, false, &vars, &config);
        v.call_id = call_id;
        match handle(&Ask::new("POST", path, body.as_bytes()), &v) {
            Outcome::Act { action, ok } => {
                assert_eq!(
                    (ok.status, ok.body_text()),
                    (200, "{\"Status\":\"2000\"}\n".into())
                );
                Ok(action)
            }
            Outcome::Answer(r) => Err((r.status, r.body_text())),
        }
    }

    fn code(c: &str) -> Got {
        Err((400, format!("{{\"Status\":\"{c}\"}}\n")))
    }

    #[test]
    fn dial_table() {
        let dial = |n: &str, a: u8, auto: bool| {
            Ok(Action::Dial {
                number: n.into(),
                account: a,
                account_auto: auto,
            })
        };
        let cases: &[(&str, Got)] = &[
            (
                r#"{"data":{"Dest":"206","Line":"1","Type":"TEL"}}"#,
                dial("206", 1, false),
            ),
            (
                r#"{"data":{"Dest":"+4930123","Line":2}}"#,
                dial("+4930123", 2, false),
            ),
            (r#"{"data":{"Dest":"206"}}"#, dial("206", 1, true)),
            (
                r#"{"data":{"Dest":"alice@pbx.example","Line":"1","Type":"SIP"}}"#,
                dial("alice@pbx.example", 1, false),
            ),
            (
                r#"{"data":{"Dest":"20a","Line":"1","Type":"TEL"}}"#,
                code("4000"),
            ),
            (r#"{"data":{"Dest":206,"Line":"1"}}"#, code("4000")),
            (r#"{"data":{"Line":"1"}}"#, code("4000")),
            (r#"{"data":{"Dest":"206","Type":"FAX"}}"#, code("4000")),
            (r#"{"data":{"Dest":"206","Line":"5"}}"#, code("4005")),
            (r#"{"data":{"Dest":"206","Line":"one"}}"#, code("4005")),
            (r#"{"data":{"Dest":"206","Line":true}}"#, code("4000")),
            (r#"{"Dest":"206"}"#, code("4000")),
            (r#"{"data":"206"}"#, code("4000")),
            ("not json", code("4000")),
            ("", code("4000")),
        ];
        for (body, expected) in cases {
            assert_eq!(
                &post("/api/v1/callctrl/dial", body, &Call::Idle, ""),
                expected,
                "{body}"
            );
        }
    }

    #[test]
    fn calls_by_ref() {
        let dialing = Call::Dialing {
            number: "206".into(),
            account: 1,
            account_auto: false,
        };
        let ringing = Call::Ringing {
            number: "206".into(),
            name: String::new(),
        };
        let end = r#"{"data":{"Ref":"0x5a100001"}}"#;
        assert_eq!(
            post("/api/v1/callctrl/endCall", end, &dialing, "0x5a100001"),
            Ok(Action::Hangup)
        );
        assert_eq!(
            post("/api/v1/callctrl/endCall", end, &dialing, "0x5a100002"),
            code("4007")
        );
        assert_eq!(
            post("/api/v1/callctrl/endCall", end, &Call::HungUp, "0x5a100001"),
            code("4007")
        );
        assert_eq!(
            post(
                "/api/v1/callctrl/endCall",
                r#"{"data":{}}"#,
                &dialing,
                "0x5a100001"
            ),
            code("4000")
        );
        assert_eq!(
            post("/api/v1/callctrl/answerCall", end, &ringing, "0x5a100001"),
            Ok(Action::Operation {
                op: "answerCall".into()
            })
        );
        assert_eq!(
            post("/api/v1/callctrl/answerCall", end, &dialing, "0x5a100001"),
            code("4007")
        );
        assert_eq!(
            post("/api/v1/callctrl/rejectCall", end, &ringing, "0x5a100001"),
            Ok(Action::Hangup)
        );
        let dtmf = |body: &str, call: &Call| post("/api/v1/callctrl/sendDTMF", body, call, "x");
        assert_eq!(
            dtmf(r#"{"data":{"Digits":"12#"}}"#, &dialing),
            Ok(Action::Dtmf {
                digits: "12#".into()
            })
        );
        assert_eq!(
            dtmf(r#"{"data":{"digits":"9"}}"#, &dialing),
            Ok(Action::Dtmf { digits: "9".into() })
        );
        assert_eq!(
            dtmf(r#"{"data":{"Digits":"9"}}"#, &Call::Idle),
            code("4007")
        );
        assert_eq!(dtmf(r#"{"data":{"Digits":"9a"}}"#, &dialing), code("4000"));
        assert_eq!(
            post(
                "/api/v1/callctrl/mute",
                r#"{"data":{"state":"1"}}"#,
                &dialing,
                "x"
            ),
            Ok(Action::Operation { op: "mute".into() })
        );
    }

    #[test]
    fn the_default_password_blocks_call_control() {
        let (vars, mut config) = view::parts();
        config.accounts = vec![Credential::new("admin", DEFAULT_PASSWORD, Role::Admin)];
        let v = view::idle(&vars, &config);
        let ask = Ask::new(
            "POST",
            "/api/v1/callctrl/dial",
            br#"{"data":{"Dest":"206"}}"#,
        );
        match handle(&ask, &v) {
            Outcome::Answer(r) => assert_eq!(r.body_text(), "{\"Status\":\"4010\"}\n"),
            Outcome::Act { .. } => panic!("dialed with the default password"),
        }
        assert_eq!(accounts(&config.accounts)[0].username, USER);
    }

    #[test]
    fn call_status_shapes() {
        let (vars, config) = view::parts();
        let idle = view::idle(&vars, &config);
        assert_eq!(
            call_status(&idle, false).body_text(),
            "{\"Status\":\"4007\"}\n"
        );
        assert_eq!(
            call_status(&idle, true).body_text(),
            "{\"Status\":\"2000\",\"data\":[]}\n"
        );
        let call = Call::Dialing {
            number: "206".into(),
            account: 2,
            account_auto: false,
        };
        let mut v = view::with_call(&call, false, &vars, &config);
        v.call_id = "0x5a100001";
        let json: serde_json::Value =
            serde_json::from_str(&call_status(&v, false).body_text()).expect("json");
        assert_eq!(json["Status"], "2000");
        assert_eq!(json["data"]["CallHandle"], "0x5a100001");
        assert_eq!(json["data"]["CallState"], "RingBack");
        assert_eq!(json["data"]["LineId"], "2");
        assert_eq!(json["data"]["RemotePartyNumber"], "206");
        assert_eq!(call_handle(1), "0x5a100001");
    }

    #[test]
    fn routes() {
        let config = Config::default();
        let off = Config {
            rest_api: false,
            ..Config::default()
        };
        let status =
            |m: &str, t: &str, c: &Config| route(&Ask::new(m, t, b""), c).err().map(|r| r.status);
        assert_eq!(status("POST", "/api/v1/callctrl/dial", &config), None);
        assert_eq!(
            status("GET", "/api/v1/webCallControl/callStatus", &config),
            None
        );
        assert_eq!(status("GET", "/api/v1/callctrl/dial", &config), Some(405));
        assert_eq!(
            status("POST", "/api/v1/mgmt/safeReboot", &config),
            Some(404)
        );
        assert_eq!(status("POST", "/api/v1/callctrl/dial", &off), Some(404));
        assert_eq!(status("GET", "/servlet?key=OK", &config), Some(404));
    }

    #[test]
    fn notifications() {
        let vars = PhoneVars {
            remote_number: "0301234567".into(),
            display_remote: "Ada & co".into(),
            call_id: "0x5a100001".into(),
            ..PhoneVars::default()
        };
        let notice = |happening, incoming| Notice {
            happening,
            vars: &vars,
            incoming,
            account: 1,
            time_ms: 1_215_782_393_000,
        };
        let incoming = event_xml(&notice(Happening::Incoming, true)).expect("xml");
        assert!(
            incoming.contains("<PolycomIPPhone><IncomingCallEvent><PhoneIP>127.0.0.1</PhoneIP>"),
            "{incoming}"
        );
        assert!(incoming.contains("<CallingPartyName>Ada &amp; co</CallingPartyName><CallingPartyNumber>0301234567</CallingPartyNumber>"), "{incoming}");
        assert!(incoming.contains("<CalledPartyNumber>201</CalledPartyNumber><TimeStamp>2008-07-11T13:19:53+00:00</TimeStamp>"), "{incoming}");
        let outgoing = event_xml(&notice(Happening::Outgoing, false)).expect("xml");
        assert!(outgoing.contains("<OutgoingCallEvent>"), "{outgoing}");
        assert!(
            outgoing.contains("<CalledPartyNumber>0301234567</CalledPartyNumber>"),
            "{outgoing}"
        );
        let ended = event_xml(&notice(Happening::Terminated, false)).expect("xml");
        assert!(
            ended.contains(
                "<CallStateChangeEvent CallReference=\"0x5a100001\" CallState=\"Disconnected\">"
            ),
            "{ended}"
        );
        assert!(event_xml(&notice(Happening::DndOn, false)).is_none());
        assert_eq!(iso8601(0), "1970-01-01T00:00:00+00:00");
        assert_eq!(iso8601(951_782_400_000), "2000-02-29T00:00:00+00:00");
    }
}
