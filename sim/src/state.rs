//! What the simulated phone remembers: the call, the last key, and a log of every request.
//!
//! All of it is plain data that serializes to JSON for `/__sim/state` and `/__sim/log`.
//!
//! ```
//! use htek_sim::{Action, Call, CallState};
//!
//! let mut state = CallState::default();
//! state.apply(&Action::Dial { number: "206".into(), account: 2, account_auto: false });
//! assert_eq!(state.call, Call::Dialing { number: "206".into(), account: 2, account_auto: false });
//! state.apply(&Action::Key { key: "MUTE".into() });
//! state.apply(&Action::Hangup);
//! assert_eq!((state.call, state.last_key.as_deref(), state.commands), (Call::HungUp, Some("MUTE"), 3));
//! ```

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::action::Action;

/// The call, as the phone's screen would show it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Call {
    /// Nothing happened yet (or after a reset).
    #[default]
    Idle,
    /// Dialing `number` on `account`; `account_auto` when the request named no valid account.
    Dialing {
        number: String,
        account: u8,
        account_auto: bool,
    },
    /// Someone is calling (`/__sim/ring`): `number` and the display `name` (may be empty).
    Ringing { number: String, name: String },
    /// In a call with `number`, answered (`/__sim/answer`, or OK while ringing).
    Talking { number: String, name: String },
    /// The last call was hung up.
    HungUp,
}

impl Call {
    /// Whether there is a call to answer or hang up.
    pub fn is_active(&self) -> bool {
        matches!(
            self,
            Call::Dialing { .. } | Call::Ringing { .. } | Call::Talking { .. }
        )
    }

    /// The other party's number and name, while there is a call.
    pub fn party(&self) -> Option<(&str, &str)> {
        match self {
            Call::Dialing { number, .. } => Some((number, "")),
            Call::Ringing { number, name } | Call::Talking { number, name } => Some((number, name)),
            Call::Idle | Call::HungUp => None,
        }
    }
}

impl fmt::Display for Call {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Call::Idle => f.write_str("idle"),
            Call::Dialing {
                number,
                account,
                account_auto,
            } => {
                write!(f, "dialing {number} on account {account}")?;
                if *account_auto {
                    f.write_str(" (chosen by the phone)")?;
                }
                Ok(())
            }
            Call::Ringing { number, name } if name.is_empty() => write!(f, "ringing: {number}"),
            Call::Ringing { number, name } => write!(f, "ringing: {number} ({name})"),
            Call::Talking { number, .. } => write!(f, "in a call with {number}"),
            Call::HungUp => f.write_str("hung up"),
        }
    }
}

/// The phone's state: the call, the last key pressed and how many commands were accepted.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallState {
    pub call: Call,
    pub last_key: Option<String>,
    pub commands: u64,
}

impl CallState {
    /// Performs an accepted command. Keys are remembered but do not change the call (what a key
    /// or an operation does to the call is the brand's, applied by the running phone).
    pub fn apply(&mut self, action: &Action) {
        match action {
            Action::Dial {
                number,
                account,
                account_auto,
            } => {
                self.call = Call::Dialing {
                    number: number.clone(),
                    account: *account,
                    account_auto: *account_auto,
                };
            }
            Action::Hangup => self.call = Call::HungUp,
            Action::Key { key } => self.last_key = Some(key.clone()),
            Action::Keys { keys } => {
                if let Some(last) = keys.last() {
                    self.last_key = Some(last.clone());
                }
            }
            Action::Dtmf { .. } | Action::Operation { .. } => {}
        }
        self.commands += 1;
    }
}

/// How a request's credentials were judged.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuthSeen {
    /// No `Authorization` header (or a control path, which needs none).
    None,
    /// Accepted with Basic.
    Basic,
    /// Accepted with Digest.
    Digest,
    /// Accepted by the password in the query string (Grandstream's `passcode=`).
    Query,
    /// An `Authorization` header was sent but not accepted (including the first-401 quirk).
    Rejected,
}

/// One request, as logged. `status` 0 means the connection was closed without an answer (the
/// `drop_next` fault). `action` is set when the credentials passed and the command parsed
/// (status 200, Snom's 302 after a dial, or 403 for a key pressed by a Dialer). `silent`: the
/// command was carried out but the connection closed without its answer (the `silent_next`
/// fault); `reused`: it came on a connection kept alive after an earlier request. `path` is the
/// request target as sent, except that a password in it (Grandstream's `passcode=`) is masked
/// as `***`; `body` is a phone request's body (Poly's JSON), when it had one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogEntry {
    pub time_ms: u64,
    pub peer: String,
    pub method: String,
    pub path: String,
    pub user: Option<String>,
    pub auth: AuthSeen,
    pub status: u16,
    pub action: Option<Action>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub silent: bool,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub reused: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
}

impl LogEntry {
    /// Whether this is an accepted command (an action answered 2xx or 3xx).
    pub fn is_command(&self) -> bool {
        self.action.is_some() && (200..400).contains(&self.status)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn call_json_shape() {
        let cases = [
            (Call::Idle, r#"{"state":"idle"}"#),
            (
                Call::Dialing {
                    number: "206".into(),
                    account: 3,
                    account_auto: false,
                },
                r#"{"state":"dialing","number":"206","account":3,"account_auto":false}"#,
            ),
            (Call::HungUp, r#"{"state":"hung_up"}"#),
            (
                Call::Ringing {
                    number: "206".into(),
                    name: "Ada".into(),
                },
                r#"{"state":"ringing","number":"206","name":"Ada"}"#,
            ),
            (
                Call::Talking {
                    number: "206".into(),
                    name: String::new(),
                },
                r#"{"state":"talking","number":"206","name":""}"#,
            ),
        ];
        for (call, json) in cases {
            assert_eq!(serde_json::to_string(&call).ok().as_deref(), Some(json));
            assert_eq!(serde_json::from_str::<Call>(json).ok(), Some(call));
        }
    }

    #[test]
    fn log_entry_json_has_every_field_with_nulls() {
        let entry = LogEntry {
            time_ms: 1,
            peer: "127.0.0.1:5".into(),
            method: "GET".into(),
            path: "/x".into(),
            user: None,
            auth: AuthSeen::None,
            status: 404,
            action: None,
            silent: false,
            reused: false,
            body: None,
        };
        let json = serde_json::to_string(&entry).unwrap_or_default();
        assert_eq!(
            json,
            r#"{"time_ms":1,"peer":"127.0.0.1:5","method":"GET","path":"/x","user":null,"auth":"none","status":404,"action":null}"#
        );
    }

    #[test]
    fn call_display() {
        let auto = Call::Dialing {
            number: "206".into(),
            account: 1,
            account_auto: true,
        };
        assert_eq!(
            auto.to_string(),
            "dialing 206 on account 1 (chosen by the phone)"
        );
        assert_eq!(Call::HungUp.to_string(), "hung up");
    }
}
