//! One request to the phone, whatever its brand: what it is asked to do ([`Command`]), the
//! phone as the settings describe it ([`Setup`]), the HTTP request a brand builds
//! ([`PhoneRequest`]: method, URL, request target, body, HTTP auth or none, the URL as it may be
//! shown), why a brand cannot ([`Unsupported`]), and what its answer comes to ([`Read`]). The
//! brand modules build and read these; [`super::profile`] chooses the brand.
//!
//! ```
//! use click_to_dial::phone::request::{Auth, Method, Setup};
//! use click_to_dial::phone::{profile::Command, Brand, PhoneAddress};
//! let address: PhoneAddress = "10.0.0.7".parse().unwrap();
//! let request = Brand::Snom.request(&Setup::new(&address), &Command::HangUp).unwrap();
//! assert_eq!((request.method, request.auth), (Method::Get, Auth::Http));
//! assert_eq!(request.base(), "http://10.0.0.7");
//! ```

use super::exchange::Finish;
pub use super::exchange::Method;
use super::KeyForm;
use super::{Account, DialString, Key, PhoneAddress};
use crate::uri::{encode, COMPONENT};

/// What the phone is asked to do, whatever its brand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Dial `number` on `account`.
    Dial {
        number: DialString,
        account: Account,
    },
    /// End the current call.
    HangUp,
    /// Press a key.
    Key(Key),
    /// Send one DTMF tone in the call: a keypad key (`Key::dtmf`).
    Dtmf(Key),
    /// The connection check: a request that proves the address, the brand and the login
    /// without dialing or pressing anything.
    Probe,
}

/// The phone as the settings describe it, for building its requests.
#[derive(Debug, Clone, Copy)]
pub struct Setup<'a> {
    pub address: &'a PhoneAddress,
    /// The login's password: Grandstream's requests carry it in the query.
    pub password: &'a str,
    /// Which of Htek's forms a key press is sent in.
    pub key_form: KeyForm,
    /// The SIP URI of account 1, 2, ... (empty: not given), for brands that choose the
    /// account by it (Yealink, Snom).
    pub account_uris: &'a [String],
}

impl<'a> Setup<'a> {
    /// The phone at `address`, no password, Htek's default key form, no account URIs.
    pub fn new(address: &'a PhoneAddress) -> Self {
        Setup {
            address,
            password: "",
            key_form: KeyForm::default(),
            account_uris: &[],
        }
    }

    /// The `outgoing_uri` value (percent-encoded) that picks `account`: none for the phone's
    /// choice.
    pub(super) fn outgoing_uri(&self, account: Account) -> Result<Option<String>, Unsupported> {
        match account {
            Account::Auto => Ok(None),
            Account::Line(n) => usize::from(n)
                .checked_sub(1)
                .and_then(|i| self.account_uris.get(i))
                .map(|uri| uri.trim())
                .filter(|uri| !uri.is_empty())
                .map(|uri| Some(encode(uri, COMPONENT).to_string()))
                .ok_or(Unsupported::AccountUri(n)),
        }
    }
}

/// Why a brand cannot carry out a command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unsupported {
    /// The brand has no remote command for this key.
    Key(Key),
    /// The brand cannot choose the account (Fanvil dials on its default one).
    AccountChoice,
    /// The brand chooses the account by its SIP URI, and account N's is not set.
    AccountUri(u8),
}

/// A request's body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Body {
    pub content_type: &'static str,
    pub text: String,
}

/// How a request authenticates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Auth {
    /// The login as HTTP auth: Basic first, one Digest answer ([`super::exchange`]).
    Http,
    /// No `Authorization` header at all (the password, if any, is in the URL).
    None,
}

/// How a request's answer is read: which brand, and for Poly's hang-up, which step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    Htek,
    Yealink,
    Snom,
    Grandstream,
    Fanvil,
    Poly,
    /// Poly's list of calls, read for the reference of the call to end.
    PolyCallStatus,
}

/// One HTTP request to the phone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhoneRequest {
    pub method: Method,
    /// The full URL (Grandstream's with the password in it: never show or log it).
    pub url: String,
    /// The request target as sent (path and query): what a Digest answer signs.
    pub target: String,
    pub body: Option<Body>,
    pub auth: Auth,
    /// The URL as it may be shown or logged: a password in it masked.
    pub shown: String,
    /// How the answer is read ([`read`]).
    pub answer: Answer,
}

/// What a password in a URL is shown as.
pub const MASKED: &str = "********";

impl PhoneRequest {
    /// A GET of `target` on the phone at `address`, with HTTP auth, read as `answer`.
    pub(super) fn get(address: &PhoneAddress, target: String, answer: Answer) -> Self {
        let url = address.base_url() + &target;
        PhoneRequest {
            method: Method::Get,
            shown: url.clone(),
            url,
            target,
            body: None,
            auth: Auth::Http,
            answer,
        }
    }

    /// A POST of JSON `body` to `target` at `base` (`scheme://host[:port]`), with HTTP auth.
    pub(super) fn post_json(base: &str, target: &str, body: String, answer: Answer) -> Self {
        let url = format!("{base}{target}");
        PhoneRequest {
            method: Method::Post,
            shown: url.clone(),
            url,
            target: target.to_string(),
            body: Some(Body {
                content_type: "application/json",
                text: body,
            }),
            auth: Auth::Http,
            answer,
        }
    }

    /// `scheme://host[:port]`: the URL without its target.
    pub fn base(&self) -> &str {
        self.url
            .strip_suffix(self.target.as_str())
            .unwrap_or(&self.url)
    }

    /// What makes two requests the same command (the double-click guard, the ask window):
    /// method, URL as shown, body.
    pub fn identity(&self) -> String {
        let body = self.body.as_ref().map_or("", |b| b.text.as_str());
        format!("{} {} {body}", self.method.as_str(), self.shown)
    }
}

/// How the phone's answer to a request reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Read {
    /// The command ended so.
    Finish(Finish),
    /// Send this request next (Poly's hang-up: the call's reference was read).
    FollowUp(PhoneRequest),
}

/// How brands that answer with HTTP statuses alone end (Snom, Fanvil): a 403 is remote
/// control refused, a 404 an answer from something else.
pub(super) fn by_status(finish: Finish) -> Finish {
    match finish {
        Finish::Forbidden => Finish::RemoteControlOff,
        Finish::NotFound => Finish::NotThisBrand(404),
        other => other,
    }
}

/// What the brands' tests share.
#[cfg(test)]
pub(crate) mod tests_support {
    use super::{Account, Command, DialString};

    /// A dial of `number` (a dial string) on `account`.
    pub(crate) fn dial(number: &str, account: Account) -> Command {
        Command::Dial {
            number: DialString::new(number).unwrap(),
            account,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outgoing_uris_per_account() {
        let address: PhoneAddress = "10.0.0.7".parse().unwrap();
        let uris = [
            "501@pbx.test".to_string(),
            String::new(),
            " sip:503@pbx.test ".into(),
        ];
        let setup = Setup {
            account_uris: &uris,
            ..Setup::new(&address)
        };
        assert_eq!(setup.outgoing_uri(Account::Auto), Ok(None));
        assert_eq!(
            setup.outgoing_uri(Account::Line(1)),
            Ok(Some("501%40pbx.test".into()))
        );
        assert_eq!(
            setup.outgoing_uri(Account::Line(3)),
            Ok(Some("sip%3A503%40pbx.test".into()))
        );
        assert_eq!(
            setup.outgoing_uri(Account::Line(2)),
            Err(Unsupported::AccountUri(2))
        );
        assert_eq!(
            setup.outgoing_uri(Account::Line(4)),
            Err(Unsupported::AccountUri(4))
        );
    }

    #[test]
    fn identity_tells_bodies_apart() {
        let a = PhoneRequest::post_json("http://p", "/x", "{\"a\":1}".into(), Answer::Poly);
        let b = PhoneRequest::post_json("http://p", "/x", "{\"a\":2}".into(), Answer::Poly);
        assert_ne!(a.identity(), b.identity());
        assert_eq!(a.base(), "http://p");
    }
}
