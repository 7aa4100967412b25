//! What a phone command came to, in words for the user ([`Outcome`]), as the popup shows it
//! again ([`Report`]), and the call history ([`CallRecord`], the last [`HISTORY_LENGTH`]).

use crate::bridge::{BridgeReply, Reason};
use crate::dial::policy::Why;
use crate::incoming::inbox::INSTALL_COMMAND;
use crate::phone::exchange::Finish;
use crate::phone::profile::Unsupported;
use crate::phone::{Brand, Key};
use crate::store::StoreKey;
use crate::t;
use serde::{Deserialize, Serialize};

/// What a command is, for telling its outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommandKind {
    Dial,
    HangUp,
    Key(Key),
    /// The connection check ([`probe_call`]).
    Probe,
}

/// Where the last [`Report`] is kept for the popup, for the browser session.
pub const LAST_REPORT: StoreKey<Report> = StoreKey::session("lastReport");

/// An outcome as told to the user, kept so the popup can show it again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    pub outcome: Outcome,
    pub title: String,
    pub message: String,
    pub success: bool,
    /// When it happened, in milliseconds since the Unix epoch.
    pub at_ms: f64,
}

impl Report {
    pub fn new(outcome: Outcome, at_ms: f64) -> Report {
        Report {
            title: outcome.title(),
            message: outcome.message(),
            success: outcome.is_success(),
            outcome,
            at_ms,
        }
    }
}

/// What a phone command came to, as shown to the user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Outcome {
    /// The phone accepted the dial command.
    Dialing {
        number: String,
        dialed: String,
        phone: String,
    },
    /// The phone accepted the hang-up command.
    HungUp { phone: String },
    /// No phone address is set yet.
    NotConfigured,
    /// What the page asked to dial is not a phone number.
    NotANumber { text: String },
    /// "Dial selection" found no phone number in the selected text (empty: nothing selected).
    NoNumberSelected { text: String },
    /// The phone could not be reached.
    Unreachable { phone: String },
    /// A phone set to HTTPS gave no answer: most often the browser has not accepted the
    /// phone's own certificate yet (the browser does not say which). `url` is the phone's page,
    /// to open and accept it there.
    HttpsNotAccepted { phone: String, url: String },
    /// The phone did not answer within the time limit.
    Timeout { phone: String, seconds: u32 },
    /// The phone closed the connection after the request and before an answer (sent through
    /// the receiver, which never sends it again): it may have carried it out.
    ClosedUnanswered { phone: String },
    /// Requests go only through the receiver (a setting), and it is not running (`https`:
    /// the phone is on HTTPS, which the receiver cannot reach): nothing was sent.
    ReceiverNeeded { phone: String, https: bool },
    /// The phone refused the username or password (HTTP 401).
    WrongCredentials { phone: String },
    /// Something answered, but not an Htek phone with Action URI on (HTTP 403, 404).
    NotAPhone { phone: String, status: u16 },
    /// The phone answered with another error.
    PhoneError { phone: String, status: u16 },
    /// The phone pressed a key.
    KeySent {
        key: String,
        label: String,
        phone: String,
    },
    /// The phone refused a key press for this login (HTTP 403): it may only dial and hang up.
    KeysNotAllowed { phone: String, username: String },
    /// The user cancelled a dial in its cancel window: nothing was sent.
    Cancelled { number: String },
    /// The same number was just dialed: a double click dials once.
    AlreadyDialing { number: String },
    /// The phone sent DTMF digits (an extension).
    DtmfSent { digits: String, phone: String },
    /// The dial policy did not let it dial (the number was hidden where the person clicked),
    /// or the person said Cancel when asked: nothing was sent.
    NotDialed { number: String, why: Why },
    /// The connection check: the phone answered and accepted the login.
    Connected { phone: String },
    /// The username and password were saved for another phone address (a settings file moved
    /// the phone): nothing was sent, no Authorization at all, until they are typed again.
    CredentialsForAnotherPhone { phone: String },
    /// The phone (not an Htek: its 403 stays [`Outcome::NotAPhone`]) refuses remote control:
    /// an allow list, Yealink's on-screen prompt not confirmed, Grandstream's error answer,
    /// Poly's REST API switched off. The message says what to do on that brand.
    RemoteControlOff { phone: String, brand: Brand },
    /// Something answered (HTTP `status`), but not a phone of `brand` in its shape (not an
    /// Htek: that is [`Outcome::NotAPhone`]).
    NotThisBrand {
        phone: String,
        brand: Brand,
        status: u16,
    },
    /// The brand has no remote command for this key: nothing was sent.
    KeyNotOnBrand {
        key: String,
        label: String,
        brand: Brand,
    },
    /// The brand picks the account by its SIP URI, and this account's is not set: nothing was
    /// sent.
    NoAccountUri { account: u8, brand: Brand },
    /// The brand cannot choose the account (Fanvil): nothing was sent.
    NoAccountChoice { brand: Brand },
}

impl Outcome {
    /// The outcome of a finished command of `kind` on the `brand` phone at `phone` (with login
    /// `username`), as its answer was read; `success` when it went through. Htek's endings are
    /// its own, as before the other brands came (a 403 or 404 is "not an Htek phone", a 403 to
    /// a key press "keys not allowed").
    pub fn from_finish(
        finish: Finish,
        kind: CommandKind,
        brand: Brand,
        phone: &str,
        username: &str,
        success: Outcome,
    ) -> Outcome {
        let phone = phone.to_string();
        let htek = brand == Brand::Htek;
        match finish {
            Finish::Done => success,
            // The check's bare path: past the login, the phone found no command to carry out.
            Finish::Status(400) if htek && kind == CommandKind::Probe => success,
            Finish::WrongCredentials => Outcome::WrongCredentials { phone },
            Finish::Forbidden if htek && matches!(kind, CommandKind::Key(_)) => {
                Outcome::KeysNotAllowed {
                    phone,
                    username: username.to_string(),
                }
            }
            Finish::Forbidden if htek => Outcome::NotAPhone { phone, status: 403 },
            Finish::NotFound if htek => Outcome::NotAPhone { phone, status: 404 },
            Finish::Forbidden | Finish::RemoteControlOff => {
                Outcome::RemoteControlOff { phone, brand }
            }
            Finish::NotFound => Outcome::NotThisBrand {
                phone,
                brand,
                status: 404,
            },
            Finish::NotThisBrand(status) => Outcome::NotThisBrand {
                phone,
                brand,
                status,
            },
            Finish::Status(status) | Finish::Refused(status) => {
                Outcome::PhoneError { phone, status }
            }
        }
    }

    /// What to tell the user when the brand cannot carry out a command (nothing is sent).
    pub fn unsupported(brand: Brand, unsupported: Unsupported) -> Outcome {
        match unsupported {
            Unsupported::Key(key) => Outcome::KeyNotOnBrand {
                key: key.wire().to_string(),
                label: key.label(),
                brand,
            },
            Unsupported::AccountUri(account) => Outcome::NoAccountUri { account, brand },
            Unsupported::AccountChoice => Outcome::NoAccountChoice { brand },
        }
    }

    /// Whether the user gets a system notification for this outcome. Key presses made in the
    /// open popup are shown there only, unless they fail.
    pub fn notifies(&self) -> bool {
        !matches!(
            self,
            Outcome::KeySent { .. } | Outcome::DtmfSent { .. } | Outcome::AlreadyDialing { .. }
        )
    }

    /// The outcome's kind, as its `kind` field is serialized ("dialing", "wrongCredentials").
    pub fn kind(&self) -> &'static str {
        match self {
            Outcome::Dialing { .. } => "dialing",
            Outcome::HungUp { .. } => "hungUp",
            Outcome::NotConfigured => "notConfigured",
            Outcome::NotANumber { .. } => "notANumber",
            Outcome::NoNumberSelected { .. } => "noNumberSelected",
            Outcome::Unreachable { .. } => "unreachable",
            Outcome::HttpsNotAccepted { .. } => "httpsNotAccepted",
            Outcome::Timeout { .. } => "timeout",
            Outcome::ClosedUnanswered { .. } => "closedUnanswered",
            Outcome::ReceiverNeeded { .. } => "receiverNeeded",
            Outcome::WrongCredentials { .. } => "wrongCredentials",
            Outcome::NotAPhone { .. } => "notAPhone",
            Outcome::PhoneError { .. } => "phoneError",
            Outcome::KeySent { .. } => "keySent",
            Outcome::KeysNotAllowed { .. } => "keysNotAllowed",
            Outcome::Cancelled { .. } => "cancelled",
            Outcome::AlreadyDialing { .. } => "alreadyDialing",
            Outcome::DtmfSent { .. } => "dtmfSent",
            Outcome::NotDialed { .. } => "notDialed",
            Outcome::Connected { .. } => "connected",
            Outcome::CredentialsForAnotherPhone { .. } => "credentialsForAnotherPhone",
            Outcome::RemoteControlOff { .. } => "remoteControlOff",
            Outcome::NotThisBrand { .. } => "notThisBrand",
            Outcome::KeyNotOnBrand { .. } => "keyNotOnBrand",
            Outcome::NoAccountUri { .. } => "noAccountUri",
            Outcome::NoAccountChoice { .. } => "noAccountChoice",
        }
    }

    pub fn is_success(&self) -> bool {
        matches!(
            self,
            Outcome::Dialing { .. }
                | Outcome::HungUp { .. }
                | Outcome::KeySent { .. }
                | Outcome::DtmfSent { .. }
                | Outcome::Cancelled { .. }
                | Outcome::AlreadyDialing { .. }
                | Outcome::Connected { .. }
        )
    }

    /// The phone's page to open, for an outcome that asks the user to open it (a certificate
    /// to accept); the popup and the options page show it as a link.
    pub fn page_to_open(&self) -> Option<&str> {
        match self {
            Outcome::HttpsNotAccepted { url, .. } => Some(url),
            _ => None,
        }
    }

    /// A short title, for a notification's heading.
    pub fn title(&self) -> String {
        match self {
            Outcome::Dialing { number, .. } => t!("outcomeDialingTitle", number),
            Outcome::HungUp { .. } => t!("outcomeHungUpTitle"),
            Outcome::NotConfigured => t!("outcomeNotConfiguredTitle"),
            Outcome::NotANumber { .. } => t!("outcomeNotANumberTitle"),
            Outcome::NoNumberSelected { .. } => t!("outcomeNoNumberSelectedTitle"),
            Outcome::Unreachable { .. } => t!("outcomeUnreachableTitle"),
            Outcome::HttpsNotAccepted { .. } => t!("outcomeHttpsNotAcceptedTitle"),
            Outcome::Timeout { .. } => t!("outcomeTimeoutTitle"),
            Outcome::ClosedUnanswered { .. } => t!("outcomeClosedUnansweredTitle"),
            Outcome::ReceiverNeeded { .. } => t!("outcomeReceiverNeededTitle"),
            Outcome::WrongCredentials { .. } => t!("outcomeWrongCredentialsTitle"),
            Outcome::NotAPhone { .. } => t!("outcomeNotAPhoneTitle"),
            Outcome::PhoneError { .. } => t!("outcomePhoneErrorTitle"),
            Outcome::KeySent { label, .. } => t!("outcomeKeySentTitle", label),
            Outcome::KeysNotAllowed { .. } => t!("outcomeKeysNotAllowedTitle"),
            Outcome::Cancelled { number } => t!("outcomeCancelledTitle", number),
            Outcome::AlreadyDialing { number } => t!("outcomeAlreadyDialingTitle", number),
            Outcome::DtmfSent { digits, .. } => t!("outcomeDtmfSentTitle", digits),
            Outcome::NotDialed { number, .. } => t!("outcomeNotDialedTitle", number),
            Outcome::Connected { .. } => t!("outcomeConnectedTitle"),
            Outcome::CredentialsForAnotherPhone { .. } => {
                t!("outcomeCredentialsForAnotherPhoneTitle")
            }
            Outcome::RemoteControlOff { .. } => t!("outcomeRemoteControlOffTitle"),
            Outcome::NotThisBrand { brand, .. } => t!("outcomeNotThisBrandTitle", brand),
            Outcome::KeyNotOnBrand { label, .. } => t!("outcomeKeyNotOnBrandTitle", label),
            Outcome::NoAccountUri { account, .. } => t!("outcomeNoAccountUriTitle", account),
            Outcome::NoAccountChoice { .. } => t!("outcomeNoAccountChoiceTitle"),
        }
    }

    /// What happened and what to do, in a sentence or two.
    pub fn message(&self) -> String {
        match self {
            Outcome::Dialing { dialed, phone, .. } => t!("outcomeDialing", dialed, phone),
            Outcome::HungUp { phone } => t!("outcomeHungUp", phone),
            Outcome::NotConfigured => t!("outcomeNotConfigured"),
            Outcome::NotANumber { text } => t!("outcomeNotANumber", text),
            Outcome::NoNumberSelected { text } if text.trim().is_empty() => {
                t!("outcomeNoSelection")
            }
            Outcome::NoNumberSelected { text } => t!("outcomeNoNumberInSelection", text),
            Outcome::Unreachable { phone } => t!("outcomeUnreachable", phone),
            Outcome::HttpsNotAccepted { phone, url } => t!("outcomeHttpsNotAccepted", phone, url),
            Outcome::Timeout { phone, seconds } => t!("outcomeTimeout", phone, seconds),
            Outcome::ClosedUnanswered { phone } => t!("outcomeClosedUnanswered", phone),
            Outcome::ReceiverNeeded {
                phone,
                https: false,
            } => {
                t!("outcomeReceiverNeeded", phone, INSTALL_COMMAND)
            }
            Outcome::ReceiverNeeded { phone, https: true } => {
                t!("outcomeReceiverNeededHttps", phone)
            }
            Outcome::WrongCredentials { phone } => t!("outcomeWrongCredentials", phone),
            Outcome::NotAPhone { phone, status } => t!("outcomeNotAPhone", phone, status),
            Outcome::PhoneError { phone, status } => t!("outcomePhoneError", phone, status),
            Outcome::KeySent { key, phone, .. } => t!("outcomeKeySent", key, phone),
            Outcome::KeysNotAllowed { phone, username } => {
                t!("outcomeKeysNotAllowed", phone, username)
            }
            Outcome::Cancelled { number } => t!("outcomeCancelled", number),
            Outcome::AlreadyDialing { number } => t!("outcomeAlreadyDialing", number),
            Outcome::DtmfSent { digits, phone } => t!("outcomeDtmfSent", digits, phone),
            Outcome::NotDialed { why, .. } => why_words(*why),
            Outcome::Connected { phone } => t!("outcomeConnected", phone),
            Outcome::CredentialsForAnotherPhone { .. } => t!("outcomeCredentialsForAnotherPhone"),
            Outcome::RemoteControlOff { phone, brand } => match brand {
                Brand::Htek => t!("outcomeRemoteControlOffHtek", phone),
                Brand::Yealink => t!("outcomeRemoteControlOffYealink", phone),
                Brand::Snom => t!("outcomeRemoteControlOffSnom", phone),
                Brand::Grandstream => t!("outcomeRemoteControlOffGrandstream", phone),
                Brand::Fanvil => t!("outcomeRemoteControlOffFanvil", phone),
                Brand::Poly => t!("outcomeRemoteControlOffPoly", phone),
            },
            Outcome::NotThisBrand {
                phone,
                brand: Brand::Poly,
                status,
            } => t!("outcomeNotThisBrandPoly", phone, status),
            Outcome::NotThisBrand {
                phone,
                brand,
                status,
            } => t!("outcomeNotThisBrand", phone, brand, status),
            Outcome::KeyNotOnBrand { label, brand, .. } => {
                t!("outcomeKeyNotOnBrand", brand, label)
            }
            Outcome::NoAccountUri { account, brand } => t!("outcomeNoAccountUri", brand, account),
            Outcome::NoAccountChoice { brand } => t!("outcomeNoAccountChoice", brand),
        }
    }
}

impl Outcome {
    /// What the page learns of a dial's outcome: that it dials, or why not in one word (the
    /// person reads the whole outcome in the notification and the popup).
    pub fn bridge_reply(&self) -> BridgeReply {
        match self {
            Outcome::Dialing { .. } | Outcome::AlreadyDialing { .. } => BridgeReply::OK,
            Outcome::NotConfigured => BridgeReply::refused(Reason::NotConfigured),
            Outcome::NotANumber { .. } | Outcome::NoNumberSelected { .. } => {
                BridgeReply::refused(Reason::NotANumber)
            }
            Outcome::Cancelled { .. } => BridgeReply::refused(Reason::Cancelled),
            _ => BridgeReply::refused(Reason::Failed),
        }
    }
}

/// Why the dial policy stopped or asked about a dial, in a sentence (the notification, the
/// ask window).
pub fn why_words(why: Why) -> String {
    match why {
        Why::Hidden => t!("whyHidden"),
        Why::NotSureSeen => t!("whyNotSureSeen"),
        Why::LinkTextDiffers => t!("whyLinkTextDiffers"),
        Why::Costly => t!("whyCostly"),
        Why::FeatureCode => t!("whyFeatureCode"),
        Why::Abroad => t!("whyAbroad"),
    }
}

/// Where the call history is kept (newest first, at most [`HISTORY_LENGTH`]).
pub const HISTORY: StoreKey<Vec<CallRecord>> = StoreKey::local("history");

/// How many calls the history keeps.
pub const HISTORY_LENGTH: usize = 50;

/// One call in the history: when, what, and how it went.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CallRecord {
    /// Milliseconds since the Unix epoch.
    pub at_ms: f64,
    /// The number (E.164 with what was read with it, `;ext=42` or a meeting's code
    /// `,,85012345678#`; or the digits typed); dialed again by Redial.
    pub number: String,
    /// The outcome's kind ("dialing", "timeout", ...).
    pub kind: String,
    pub success: bool,
}

impl CallRecord {
    /// The record of a dial of `number` that came to `outcome`, if it is one to keep (a dial
    /// that was sent or cancelled; not one refused before, nor a repeated click).
    pub fn of(number: &str, outcome: &Outcome, at_ms: f64) -> Option<CallRecord> {
        match outcome {
            Outcome::NotConfigured
            | Outcome::NotANumber { .. }
            | Outcome::NoNumberSelected { .. }
            | Outcome::AlreadyDialing { .. }
            | Outcome::CredentialsForAnotherPhone { .. }
            | Outcome::ReceiverNeeded { .. }
            | Outcome::NoAccountUri { .. }
            | Outcome::NoAccountChoice { .. } => None,
            _ => Some(CallRecord {
                at_ms,
                number: number.to_string(),
                kind: outcome.kind().to_string(),
                success: outcome.is_success(),
            }),
        }
    }
}

impl CallRecord {
    /// Why this call was not dialed, in words (`None` when it was): the history keeps the
    /// outcome's kind, and a kind no version names any more reads "failed".
    pub fn failure_words(&self) -> Option<String> {
        if self.success {
            return None;
        }
        Some(match self.kind.as_str() {
            "unreachable" | "httpsNotAccepted" => t!("historyWhyUnreachable"),
            "timeout" => t!("historyWhyTimeout"),
            "closedUnanswered" => t!("historyWhyClosedUnanswered"),
            "wrongCredentials" => t!("historyWhyWrongCredentials"),
            "notAPhone" => t!("historyWhyNotAPhone"),
            "remoteControlOff" => t!("historyWhyRemoteControlOff"),
            "notThisBrand" => t!("historyWhyNotThisBrand"),
            "phoneError" => t!("historyWhyPhoneError"),
            "notDialed" => t!("historyWhyNotDialed"),
            _ => t!("historyWhyOther"),
        })
    }
}

/// `history` with `record` first, at most [`HISTORY_LENGTH`] long.
pub fn remember(mut history: Vec<CallRecord>, record: CallRecord) -> Vec<CallRecord> {
    history.insert(0, record);
    history.truncate(HISTORY_LENGTH);
    history
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_https_phone_without_an_answer_names_the_certificate_and_its_page() {
        let outcome = Outcome::HttpsNotAccepted {
            phone: "10.0.0.7".into(),
            url: "https://10.0.0.7/".into(),
        };
        assert_eq!(outcome.kind(), "httpsNotAccepted");
        assert!(!outcome.is_success());
        assert_eq!(outcome.page_to_open(), Some("https://10.0.0.7/"));
        let message = outcome.message();
        assert!(
            message.contains("https://10.0.0.7/") && message.contains("certificate"),
            "{message}"
        );
        let plain = Outcome::Unreachable {
            phone: "10.0.0.7".into(),
        };
        assert_eq!(plain.page_to_open(), None);
        let record = CallRecord::of("+4930123456", &outcome, 0.0).unwrap();
        assert_eq!(
            record.failure_words(),
            CallRecord::of("+4930123456", &plain, 0.0)
                .unwrap()
                .failure_words()
        );
    }

    #[test]
    fn the_history_says_in_words_why_a_call_was_not_dialed() {
        let failed = |outcome: Outcome| CallRecord::of("+4930123456", &outcome, 0.0).unwrap();
        let phone = || "10.0.0.7".to_string();
        let words = [
            Outcome::Unreachable { phone: phone() },
            Outcome::Timeout {
                phone: phone(),
                seconds: 5,
            },
            Outcome::WrongCredentials { phone: phone() },
            Outcome::NotAPhone {
                phone: phone(),
                status: 404,
            },
        ]
        .map(|outcome| {
            let record = failed(outcome);
            let words = record.failure_words().unwrap();
            assert_ne!(words, record.kind);
            words
        });
        assert_eq!(words[0], "phone unreachable");
        assert_eq!(words[2], "wrong username or password");
        for (i, word) in words.iter().enumerate() {
            assert!(words[..i].iter().all(|other| other != word), "{word}");
        }
        let dialed = failed(Outcome::Dialing {
            number: "+4930123456".into(),
            dialed: "030123456".into(),
            phone: phone(),
        });
        assert_eq!(dialed.failure_words(), None);
        let from_an_older_version = CallRecord {
            kind: "somethingRetired".into(),
            ..failed(Outcome::WrongCredentials { phone: phone() })
        };
        assert_eq!(from_an_older_version.failure_words().unwrap(), "failed");
    }

    #[test]
    fn kinds_are_the_serialized_tags() {
        let phone = String::from("p");
        for outcome in [
            Outcome::Dialing {
                number: "1".into(),
                dialed: "1".into(),
                phone: phone.clone(),
            },
            Outcome::HungUp {
                phone: phone.clone(),
            },
            Outcome::NotConfigured,
            Outcome::NotANumber { text: "x".into() },
            Outcome::NoNumberSelected { text: "x".into() },
            Outcome::Unreachable {
                phone: phone.clone(),
            },
            Outcome::Timeout {
                phone: phone.clone(),
                seconds: 5,
            },
            Outcome::ClosedUnanswered {
                phone: phone.clone(),
            },
            Outcome::ReceiverNeeded {
                phone: phone.clone(),
                https: false,
            },
            Outcome::WrongCredentials {
                phone: phone.clone(),
            },
            Outcome::NotAPhone {
                phone: phone.clone(),
                status: 404,
            },
            Outcome::PhoneError {
                phone: phone.clone(),
                status: 500,
            },
            Outcome::KeySent {
                key: "MUTE".into(),
                label: "Mute".into(),
                phone: phone.clone(),
            },
            Outcome::KeysNotAllowed {
                phone: phone.clone(),
                username: "user".into(),
            },
            Outcome::Cancelled { number: "1".into() },
            Outcome::AlreadyDialing { number: "1".into() },
            Outcome::DtmfSent {
                digits: "42".into(),
                phone: phone.clone(),
            },
        ] {
            assert_eq!(
                serde_json::to_value(&outcome).unwrap()["kind"],
                outcome.kind()
            );
        }
    }

    #[test]
    fn finishes() {
        let ok = Outcome::HungUp { phone: "p".into() };
        let key = CommandKind::Key(Key::Mute);
        for (finish, kind, expected) in [
            (Finish::Done, CommandKind::HangUp, "hungUp"),
            (
                Finish::WrongCredentials,
                CommandKind::Dial,
                "wrongCredentials",
            ),
            (Finish::Forbidden, CommandKind::Dial, "notAPhone"),
            (Finish::Forbidden, key, "keysNotAllowed"),
            (Finish::NotFound, key, "notAPhone"),
            (Finish::Status(500), CommandKind::Dial, "phoneError"),
            (Finish::Status(302), CommandKind::HangUp, "phoneError"),
        ] {
            let outcome = Outcome::from_finish(finish, kind, Brand::Htek, "p", "user", ok.clone());
            let json = serde_json::to_value(&outcome).unwrap();
            assert_eq!(json["kind"], expected, "{finish:?}");
            assert_eq!(outcome.kind(), expected);
            assert_eq!(outcome.is_success(), finish == Finish::Done);
            assert!(!outcome.message().is_empty() && !outcome.title().is_empty());
        }
    }

    /// The other brands end in the same named outcomes, each in its own words.
    #[test]
    fn finishes_of_other_brands() {
        let ok = Outcome::HungUp { phone: "p".into() };
        for brand in Brand::ALL.into_iter().filter(|b| *b != Brand::Htek) {
            for (finish, kind, expected) in [
                (Finish::Done, CommandKind::HangUp, "hungUp"),
                (
                    Finish::WrongCredentials,
                    CommandKind::Dial,
                    "wrongCredentials",
                ),
                (Finish::Forbidden, CommandKind::Dial, "remoteControlOff"),
                (
                    Finish::Forbidden,
                    CommandKind::Key(Key::Mute),
                    "remoteControlOff",
                ),
                (
                    Finish::RemoteControlOff,
                    CommandKind::Probe,
                    "remoteControlOff",
                ),
                (Finish::NotFound, CommandKind::Dial, "notThisBrand"),
                (
                    Finish::NotThisBrand(200),
                    CommandKind::Probe,
                    "notThisBrand",
                ),
                (Finish::Status(400), CommandKind::Probe, "phoneError"),
                (Finish::Refused(4002), CommandKind::Dial, "phoneError"),
            ] {
                let outcome = Outcome::from_finish(finish, kind, brand, "p", "u", ok.clone());
                assert_eq!(outcome.kind(), expected, "{brand} {finish:?}");
                let json = serde_json::to_value(&outcome).unwrap();
                assert_eq!(json["kind"], expected);
                assert_eq!(serde_json::from_value::<Outcome>(json).unwrap(), outcome);
            }
        }
        let off = |brand| Outcome::RemoteControlOff {
            phone: "10.0.0.7".into(),
            brand,
        };
        let words: Vec<String> = Brand::ALL.iter().map(|b| off(*b).message()).collect();
        for (i, word) in words.iter().enumerate() {
            assert!(word.contains("10.0.0.7"), "{word}");
            assert!(words[..i].iter().all(|other| other != word), "{word}");
        }
        assert!(off(Brand::Yealink)
            .message()
            .contains("Allow remote control?"));
        assert!(off(Brand::Yealink).message().contains("Action URI"));
        assert!(off(Brand::Grandstream).message().contains("Action URI"));
        assert!(off(Brand::Poly).message().contains("REST"));
        assert!(off(Brand::Fanvil).message().contains("Active URI"));
        assert_eq!(off(Brand::Snom).title(), off(Brand::Poly).title());
        let not = Outcome::NotThisBrand {
            phone: "10.0.0.7".into(),
            brand: Brand::Yealink,
            status: 404,
        };
        assert_eq!(not.title(), "Not a Yealink phone");
        assert!(not.message().contains("404") && not.message().contains("brand"));
        let poly = Outcome::NotThisBrand {
            phone: "10.0.0.7".into(),
            brand: Brand::Poly,
            status: 404,
        };
        assert!(poly.message().contains("REST"), "{}", poly.message());
    }

    /// What a brand cannot do is said before anything is sent, and kept out of the history.
    #[test]
    fn unsupported_commands_are_named() {
        let key = Outcome::unsupported(Brand::Poly, Unsupported::Key(Key::Hold));
        assert_eq!(key.kind(), "keyNotOnBrand");
        assert_eq!(key.title(), "No such key: Hold");
        assert!(key.message().contains("Poly"), "{}", key.message());
        let uri = Outcome::unsupported(Brand::Yealink, Unsupported::AccountUri(2));
        assert_eq!(uri.kind(), "noAccountUri");
        assert!(uri.message().contains("SIP URI") && uri.message().contains('2'));
        let choice = Outcome::unsupported(Brand::Fanvil, Unsupported::AccountChoice);
        assert_eq!(choice.kind(), "noAccountChoice");
        for outcome in [&key, &uri, &choice] {
            assert!(!outcome.is_success() && outcome.notifies());
            assert_eq!(
                serde_json::to_value(outcome).unwrap()["kind"],
                outcome.kind()
            );
        }
        assert_eq!(CallRecord::of("1", &uri, 0.0), None);
        assert_eq!(CallRecord::of("1", &choice, 0.0), None);
    }

    /// Each failure has its own title, and a message that says what to do.
    #[test]
    fn failure_messages_say_what_to_do() {
        let phone = String::from("10.0.0.7");
        for (outcome, title, advice) in [
            (
                Outcome::Unreachable {
                    phone: phone.clone(),
                },
                "Phone not reachable",
                "Check the phone's address",
            ),
            (
                Outcome::Timeout {
                    phone: phone.clone(),
                    seconds: 5,
                },
                "Phone did not answer in time",
                "allow more time",
            ),
            (
                Outcome::WrongCredentials {
                    phone: phone.clone(),
                },
                "Wrong username or password",
                "Check them in the options",
            ),
            (
                Outcome::NotAPhone {
                    phone: phone.clone(),
                    status: 404,
                },
                "Not an Htek phone",
                "allow Action URI",
            ),
            (
                Outcome::PhoneError {
                    phone: phone.clone(),
                    status: 500,
                },
                "The phone refused the command",
                "restart the phone",
            ),
            (
                Outcome::KeysNotAllowed {
                    phone: phone.clone(),
                    username: "user".into(),
                },
                "This login may not press keys",
                "admin login",
            ),
            (
                Outcome::NotConfigured,
                "Set up your phone first",
                "Open the extension's options",
            ),
            (
                Outcome::ReceiverNeeded {
                    phone: phone.clone(),
                    https: false,
                },
                "Not sent: the receiver is not running",
                "htek-c2d-receiver install",
            ),
            (
                Outcome::ReceiverNeeded {
                    phone: phone.clone(),
                    https: true,
                },
                "Not sent: the receiver is not running",
                "HTTPS",
            ),
        ] {
            assert_eq!(outcome.title(), title);
            assert!(outcome.message().contains(advice), "{}", outcome.message());
            assert!(!outcome.is_success() && outcome.notifies());
        }
    }

    #[test]
    fn history_keeps_the_last_fifty_newest_first() {
        let dialing = Outcome::Dialing {
            number: "+49301234567".into(),
            dialed: "0301234567".into(),
            phone: "p".into(),
        };
        let mut history = Vec::new();
        for n in 0..60 {
            let record = CallRecord::of(&format!("+4930{n}"), &dialing, f64::from(n)).unwrap();
            history = remember(history, record);
        }
        assert_eq!(history.len(), HISTORY_LENGTH);
        assert_eq!(history[0].number, "+493059");
        assert_eq!(history[49].number, "+493010");
        assert!(CallRecord::of("1", &Outcome::NotConfigured, 0.0).is_none());
        let not_sent = Outcome::ReceiverNeeded {
            phone: "p".into(),
            https: false,
        };
        assert!(CallRecord::of("1", &not_sent, 0.0).is_none());
        let failed = CallRecord::of(
            "1",
            &Outcome::Timeout {
                phone: "p".into(),
                seconds: 5,
            },
            0.0,
        )
        .unwrap();
        assert_eq!((failed.kind.as_str(), failed.success), ("timeout", false));
        let json = serde_json::to_string(&failed).unwrap();
        assert_eq!(
            json,
            r#"{"atMs":0.0,"number":"1","kind":"timeout","success":false}"#
        );
    }

    #[test]
    fn a_page_learns_ok_or_a_reason_only() {
        let dialing = Outcome::Dialing {
            number: "+49301234567".into(),
            dialed: "0301234567".into(),
            phone: "192.168.0.12".into(),
        };
        assert_eq!(
            serde_json::to_string(&dialing.bridge_reply()).unwrap(),
            r#"{"ok":true}"#
        );
        for (outcome, reason) in [
            (
                Outcome::NotConfigured,
                r#"{"ok":false,"reason":"not-configured"}"#,
            ),
            (
                Outcome::WrongCredentials {
                    phone: "192.168.0.12".into(),
                },
                r#"{"ok":false,"reason":"failed"}"#,
            ),
            (
                Outcome::NotANumber { text: "x".into() },
                r#"{"ok":false,"reason":"not-a-number"}"#,
            ),
        ] {
            let json = serde_json::to_string(&outcome.bridge_reply()).unwrap();
            assert_eq!(json, reason);
            assert!(!json.contains("192.168"));
        }
        assert_eq!(
            serde_json::to_string(&BridgeReply::refused(Reason::Declined)).unwrap(),
            r#"{"ok":false,"reason":"declined"}"#
        );
    }
}
