//! The phone's Action URI, parsed: what `/Phone_ActionURL&Command=1&Number=206&Account=1` asks for.
//!
//! This is pure: no sockets, no state. There is no `?` in the phone's form; the whole string is
//! the path and parameters follow the literal prefix `/Phone_ActionURL`, each after a `&`. Names
//! and values are case sensitive; values are percent-decoded (`+` stays `+`).
//!
//! ```
//! use htek_sim::{parse_action_path, Action, ActionError};
//!
//! assert_eq!(
//!     parse_action_path("/Phone_ActionURL&Command=1&Number=206&Account=1"),
//!     Ok(Action::Dial { number: "206".into(), account: 1, account_auto: false })
//! );
//! assert_eq!(
//!     parse_action_path("/Phone_ActionURL&key=%2A"),
//!     Ok(Action::Key { key: "*".into() })
//! );
//! assert_eq!(
//!     parse_action_path("/Phone_ActionURL&key=mute"),
//!     Err(ActionError::UnknownKey("mute".into()))
//! );
//! ```

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::http::query_pairs;

/// The literal start of every Action URI path.
pub const ACTION_PREFIX: &str = "/Phone_ActionURL";

/// The account the phone picks when the request names none (or one that is not 1-4).
pub const AUTO_ACCOUNT: u8 = 1;

/// Every key the phone accepts for `key=`, exactly as the guide spells them (case sensitive;
/// `DNDOOn` is the guide's spelling).
pub const KEYS: &[&str] = &[
    "OK",
    "ENTER",
    "SPEAKER",
    "F_TRANSFER",
    "VOLUME_UP",
    "VOLUME_DOWN",
    "MUTE",
    "F_HOLD",
    "X",
    "0",
    "1",
    "2",
    "3",
    "4",
    "5",
    "6",
    "7",
    "8",
    "9",
    "*",
    "POUND",
    "L1",
    "L2",
    "L3",
    "L4",
    "D1",
    "D2",
    "D3",
    "D4",
    "D5",
    "D6",
    "D7",
    "D8",
    "D9",
    "D10",
    "F_CONFERENCE",
    "F1",
    "F2",
    "F3",
    "F4",
    "MSG",
    "HEADSET",
    "RD",
    "UP",
    "DOWN",
    "LEFT",
    "RIGHT",
    "Reboot",
    "AutoP",
    "DNDOOn",
    "DNDOff",
];

/// What one Action URI request asks the phone to do.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "command", rename_all = "snake_case")]
pub enum Action {
    /// `Command=1`: dial `number` on `account` (1-4); `account_auto` when the phone chose it.
    Dial {
        number: String,
        account: u8,
        account_auto: bool,
    },
    /// `Command=2`: hang up.
    Hangup,
    /// `Command=3&key=K` or just `key=K`: press a key.
    Key { key: String },
    /// Send DTMF `digits` in the call (Snom `key_dtmf=`, Poly `sendDTMF`; never Htek).
    Dtmf { digits: String },
    /// Press several keys in order, each by its brand's wire name (Yealink `key=F1;OK`, Snom
    /// `key=A;B`, Fanvil `key=...;...`, Grandstream `keys=A:B`; never Htek).
    Keys { keys: Vec<String> },
    /// A named call operation that is not a key (Grandstream `cmd=acceptcall`, Poly
    /// `answerCall`, `mute`; never Htek).
    Operation { op: String },
}

/// Why a path is not a valid Action URI request. The `Display` text is the 400 body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ActionError {
    /// The path does not start with `/Phone_ActionURL` followed by `&` or nothing.
    NotActionUrl,
    /// A parameter's value has a bad `%` escape or is not UTF-8.
    BadEscape(String),
    /// A parameter appears twice.
    Duplicate(String),
    /// Neither `Command` nor `key`.
    MissingCommand,
    /// `Command` is not 1, 2 or 3.
    UnknownCommand(String),
    /// `Command=1` without `Number`.
    MissingNumber,
    /// `Number` is empty or has something other than `0-9 * #` (after an optional leading `+`).
    BadNumber(String),
    /// `Command=3` without `key`.
    MissingKey,
    /// `key` is not one of [`KEYS`].
    UnknownKey(String),
}

impl fmt::Display for ActionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ActionError::NotActionUrl => {
                write!(f, "the path does not start with {ACTION_PREFIX}&")
            }
            ActionError::BadEscape(name) => {
                write!(f, "parameter {name} has a bad percent escape")
            }
            ActionError::Duplicate(name) => write!(f, "parameter {name} appears twice"),
            ActionError::MissingCommand => {
                f.write_str("missing Command (1 dial, 2 hang up, 3 key) or key")
            }
            ActionError::UnknownCommand(c) => {
                write!(f, "unknown Command {c:?}; expected 1, 2 or 3")
            }
            ActionError::MissingNumber => f.write_str("Command=1 needs a Number"),
            ActionError::BadNumber(n) => write!(
                f,
                "Number {n:?} is not a dial string (digits, * and #, optional leading +)"
            ),
            ActionError::MissingKey => f.write_str("Command=3 needs a key"),
            ActionError::UnknownKey(k) => write!(f, "unknown key {k:?} (keys are case sensitive)"),
        }
    }
}

impl std::error::Error for ActionError {}

/// Parses an Action URI path (the request target exactly as sent).
///
/// Unknown parameters are ignored, as the phone does; a parameter named twice is refused so a
/// client cannot be ambiguous.
///
/// # Errors
///
/// [`ActionError`] saying what is wrong; the server answers it with 400.
pub fn parse_action_path(path: &str) -> Result<Action, ActionError> {
    let rest = path
        .strip_prefix(ACTION_PREFIX)
        .ok_or(ActionError::NotActionUrl)?;
    if !(rest.is_empty() || rest.starts_with('&')) {
        return Err(ActionError::NotActionUrl);
    }
    let params = parse_params(rest)?;
    let get = |name: &str| {
        params
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    };
    match (get("Command"), get("key")) {
        (Some("1"), _) => dial(get("Number"), get("Account")),
        (Some("2"), _) => Ok(Action::Hangup),
        (Some("3"), Some(key)) | (None, Some(key)) => press(key),
        (Some("3"), None) => Err(ActionError::MissingKey),
        (Some(other), _) => Err(ActionError::UnknownCommand(other.to_string())),
        (None, None) => Err(ActionError::MissingCommand),
    }
}

/// Splits `&name=value&...` into decoded pairs, refusing duplicates.
fn parse_params(rest: &str) -> Result<Vec<(&str, String)>, ActionError> {
    let mut params: Vec<(&str, String)> = Vec::new();
    for (name, value) in query_pairs(rest) {
        let value = value.map_err(|_| ActionError::BadEscape(name.to_string()))?;
        if params.iter().any(|(n, _)| *n == name) {
            return Err(ActionError::Duplicate(name.to_string()));
        }
        params.push((name, value));
    }
    Ok(params)
}

fn dial(number: Option<&str>, account: Option<&str>) -> Result<Action, ActionError> {
    let number = number.ok_or(ActionError::MissingNumber)?;
    if !is_dial_string(number) {
        return Err(ActionError::BadNumber(number.to_string()));
    }
    let (account, account_auto) = pick_account(account);
    Ok(Action::Dial {
        number: number.to_string(),
        account,
        account_auto,
    })
}

/// `Account=1`..`4` picks that account; anything else (or nothing) lets the phone choose.
fn pick_account(account: Option<&str>) -> (u8, bool) {
    match account {
        Some("1") => (1, false),
        Some("2") => (2, false),
        Some("3") => (3, false),
        Some("4") => (4, false),
        _ => (AUTO_ACCOUNT, true),
    }
}

/// Non-empty, only `0-9 * #`, with an optional leading `+`.
pub(crate) fn is_dial_string(number: &str) -> bool {
    let body = number.strip_prefix('+').unwrap_or(number);
    !body.is_empty()
        && body
            .chars()
            .all(|c| c.is_ascii_digit() || c == '*' || c == '#')
}

fn press(key: &str) -> Result<Action, ActionError> {
    if KEYS.contains(&key) {
        Ok(Action::Key {
            key: key.to_string(),
        })
    } else {
        Err(ActionError::UnknownKey(key.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dial(number: &str, account: u8, account_auto: bool) -> Result<Action, ActionError> {
        Ok(Action::Dial {
            number: number.into(),
            account,
            account_auto,
        })
    }

    fn key(k: &str) -> Result<Action, ActionError> {
        Ok(Action::Key { key: k.into() })
    }

    #[test]
    fn parse_table() {
        use ActionError as E;
        let cases: &[(&str, &str, Result<Action, ActionError>)] = &[
            (
                "guide dial example",
                "/Phone_ActionURL&Command=1&Number=206&Account=1",
                dial("206", 1, false),
            ),
            (
                "account 4",
                "/Phone_ActionURL&Command=1&Number=206&Account=4",
                dial("206", 4, false),
            ),
            (
                "no account: auto",
                "/Phone_ActionURL&Command=1&Number=206",
                dial("206", 1, true),
            ),
            (
                "account 5: auto",
                "/Phone_ActionURL&Command=1&Number=206&Account=5",
                dial("206", 1, true),
            ),
            (
                "account 0: auto",
                "/Phone_ActionURL&Command=1&Number=206&Account=0",
                dial("206", 1, true),
            ),
            (
                "account 01: auto",
                "/Phone_ActionURL&Command=1&Number=206&Account=01",
                dial("206", 1, true),
            ),
            (
                "empty account: auto",
                "/Phone_ActionURL&Command=1&Number=206&Account=",
                dial("206", 1, true),
            ),
            (
                "order free",
                "/Phone_ActionURL&Account=2&Number=206&Command=1",
                dial("206", 2, false),
            ),
            (
                "plus raw",
                "/Phone_ActionURL&Command=1&Number=+4930123",
                dial("+4930123", 1, true),
            ),
            (
                "plus encoded",
                "/Phone_ActionURL&Command=1&Number=%2B4930123",
                dial("+4930123", 1, true),
            ),
            (
                "star and pound",
                "/Phone_ActionURL&Command=1&Number=*21%23",
                dial("*21#", 1, true),
            ),
            (
                "unknown params ignored",
                "/Phone_ActionURL&Command=1&Number=206&t=123",
                dial("206", 1, true),
            ),
            (
                "empty segment ignored",
                "/Phone_ActionURL&&Command=1&Number=206",
                dial("206", 1, true),
            ),
            ("hang up", "/Phone_ActionURL&Command=2", Ok(Action::Hangup)),
            (
                "hang up ignores number",
                "/Phone_ActionURL&Command=2&Number=x",
                Ok(Action::Hangup),
            ),
            (
                "key with command",
                "/Phone_ActionURL&Command=3&key=MUTE",
                key("MUTE"),
            ),
            ("bare key", "/Phone_ActionURL&key=MUTE", key("MUTE")),
            ("star raw", "/Phone_ActionURL&key=*", key("*")),
            ("star encoded", "/Phone_ActionURL&key=%2A", key("*")),
            ("digit", "/Phone_ActionURL&key=7", key("7")),
            ("D10", "/Phone_ActionURL&key=D10", key("D10")),
            (
                "guide's DNDOOn",
                "/Phone_ActionURL&key=DNDOOn",
                key("DNDOOn"),
            ),
            (
                "key case",
                "/Phone_ActionURL&key=mute",
                Err(E::UnknownKey("mute".into())),
            ),
            (
                "DNDOn is not a key",
                "/Phone_ActionURL&key=DNDOn",
                Err(E::UnknownKey("DNDOn".into())),
            ),
            (
                "pound char is not a key",
                "/Phone_ActionURL&key=%23",
                Err(E::UnknownKey("#".into())),
            ),
            (
                "D11",
                "/Phone_ActionURL&key=D11",
                Err(E::UnknownKey("D11".into())),
            ),
            (
                "empty key",
                "/Phone_ActionURL&key=",
                Err(E::UnknownKey(String::new())),
            ),
            (
                "Key is not key",
                "/Phone_ActionURL&Key=MUTE",
                Err(E::MissingCommand),
            ),
            (
                "command is not Command",
                "/Phone_ActionURL&command=1&Number=206",
                Err(E::MissingCommand),
            ),
            (
                "number is not Number",
                "/Phone_ActionURL&Command=1&number=206",
                Err(E::MissingNumber),
            ),
            ("bare prefix", "/Phone_ActionURL", Err(E::MissingCommand)),
            (
                "command 3 without key",
                "/Phone_ActionURL&Command=3",
                Err(E::MissingKey),
            ),
            (
                "command 4",
                "/Phone_ActionURL&Command=4",
                Err(E::UnknownCommand("4".into())),
            ),
            (
                "command empty",
                "/Phone_ActionURL&Command=",
                Err(E::UnknownCommand(String::new())),
            ),
            (
                "command 01",
                "/Phone_ActionURL&Command=01&Number=1",
                Err(E::UnknownCommand("01".into())),
            ),
            (
                "empty number",
                "/Phone_ActionURL&Command=1&Number=",
                Err(E::BadNumber(String::new())),
            ),
            (
                "plus only",
                "/Phone_ActionURL&Command=1&Number=+",
                Err(E::BadNumber("+".into())),
            ),
            (
                "letters",
                "/Phone_ActionURL&Command=1&Number=20a",
                Err(E::BadNumber("20a".into())),
            ),
            (
                "space",
                "/Phone_ActionURL&Command=1&Number=20%206",
                Err(E::BadNumber("20 6".into())),
            ),
            (
                "inner plus",
                "/Phone_ActionURL&Command=1&Number=20+6",
                Err(E::BadNumber("20+6".into())),
            ),
            (
                "dash",
                "/Phone_ActionURL&Command=1&Number=030-1234",
                Err(E::BadNumber("030-1234".into())),
            ),
            (
                "bad escape",
                "/Phone_ActionURL&Command=1&Number=%2",
                Err(E::BadEscape("Number".into())),
            ),
            (
                "duplicate",
                "/Phone_ActionURL&Command=1&Number=1&Number=2",
                Err(E::Duplicate("Number".into())),
            ),
            (
                "query form",
                "/Phone_ActionURL?Command=1&Number=206",
                Err(E::NotActionUrl),
            ),
            (
                "longer prefix",
                "/Phone_ActionURLx&Command=2",
                Err(E::NotActionUrl),
            ),
            ("other path", "/index.html", Err(E::NotActionUrl)),
            (
                "prefix case",
                "/phone_actionurl&Command=2",
                Err(E::NotActionUrl),
            ),
        ];
        for (name, path, expected) in cases {
            assert_eq!(&parse_action_path(path), expected, "{name}: {path}");
        }
    }

    #[test]
    fn every_key_parses_in_both_forms() {
        for k in KEYS {
            assert_eq!(
                parse_action_path(&format!("/Phone_ActionURL&key={k}")),
                key(k)
            );
            assert_eq!(
                parse_action_path(&format!("/Phone_ActionURL&Command=3&key={k}")),
                key(k)
            );
        }
    }

    #[test]
    fn errors_read_as_reasons() {
        assert_eq!(
            ActionError::UnknownKey("mute".into()).to_string(),
            "unknown key \"mute\" (keys are case sensitive)"
        );
        assert!(ActionError::MissingCommand.to_string().contains("Command"));
    }

    /// A tiny deterministic generator, so the property test needs no extra crate.
    struct Lcg(u64);
    impl Lcg {
        fn next(&mut self) -> u64 {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            self.0 >> 33
        }
    }

    /// Property: any path parses or fails without panicking, and every accepted dial carries a
    /// valid dial string and an account 1-4, every accepted key is in [`KEYS`].
    #[test]
    fn parser_never_panics_and_accepts_only_documented_shapes() {
        const PIECES: &[&str] = &[
            "&", "=", "Command", "1", "2", "3", "Number", "Account", "key", "%", "%2A", "%2B",
            "%23", "%FF", "%C3%A9", "+", "*", "#", "MUTE", "mute", "4", "206", "é", "?", "/", "",
        ];
        let mut rng = Lcg(42);
        for _ in 0..20_000 {
            let mut path = String::from(ACTION_PREFIX);
            for _ in 0..(rng.next() % 12) {
                let i = usize::try_from(rng.next()).unwrap_or(0) % PIECES.len();
                path.push_str(PIECES[i]);
            }
            match parse_action_path(&path) {
                Ok(Action::Dial {
                    number, account, ..
                }) => {
                    assert!(is_dial_string(&number), "{path} -> {number}");
                    assert!((1..=4).contains(&account), "{path}");
                }
                Ok(Action::Key { key }) => assert!(KEYS.contains(&key.as_str()), "{path}"),
                Ok(Action::Hangup) | Err(_) => {}
                Ok(
                    other @ (Action::Dtmf { .. } | Action::Keys { .. } | Action::Operation { .. }),
                ) => {
                    panic!("{path} -> {other:?}: not an Htek command")
                }
            }
        }
    }

    #[test]
    fn action_json_shape() {
        let cases: &[(Action, &str)] = &[
            (
                Action::Dial {
                    number: "206".into(),
                    account: 1,
                    account_auto: false,
                },
                r#"{"command":"dial","number":"206","account":1,"account_auto":false}"#,
            ),
            (Action::Hangup, r#"{"command":"hangup"}"#),
            (
                Action::Key { key: "MUTE".into() },
                r#"{"command":"key","key":"MUTE"}"#,
            ),
        ];
        for (action, json) in cases {
            assert_eq!(serde_json::to_string(action).ok().as_deref(), Some(*json));
            assert_eq!(
                serde_json::from_str::<Action>(json).ok().as_ref(),
                Some(action)
            );
        }
    }
}
