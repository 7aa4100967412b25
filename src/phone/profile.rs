//! Phone profiles: what a brand-neutral [`Command`] (dial on an account, hang up, press a key,
//! send a DTMF digit, the connection check) is on the wire for each [`Brand`], and how that
//! brand's answer reads. One `match` on the brand here chooses the brand's module (`htek`,
//! `yealink`, `snom`, `grandstream`, `fanvil`, `poly`); each module builds its requests and
//! reads its answers, and nothing else knows a brand's wire format.
//!
//! A [`PhoneRequest`] is everything the web layer sends: the method, the URL, the request
//! target (what Digest signs), an optional body with its content type, whether HTTP auth is
//! used at all (Grandstream's password travels in the query instead), and the URL as it may
//! be shown or logged, password masked. [`read`] takes the phone's answer (how the auth
//! exchange ended, and the body) and says how the command ended, or which request comes next
//! (Poly's hang-up reads the call's reference first). All of it is pure.
//!
//! ```
//! use click_to_dial::phone::{profile::{read, Command, Read, Setup}, exchange::Finish};
//! use click_to_dial::phone::{Account, Brand, DialString, PhoneAddress};
//! let address: PhoneAddress = "10.0.0.7".parse().unwrap();
//! let setup = Setup { password: "pw", ..Setup::new(&address) };
//! let dial = Command::Dial { number: DialString::new("206").unwrap(), account: Account::Line(1) };
//! let request = Brand::Grandstream.request(&setup, &dial).unwrap();
//! assert_eq!(request.url, "http://10.0.0.7/cgi-bin/api-make_call?phonenumber=206&account=0&password=pw");
//! assert_eq!(request.shown, "http://10.0.0.7/cgi-bin/api-make_call?phonenumber=206&account=0&password=********");
//! // Grandstream says no with HTTP 200 and an error in the body.
//! let refused = read(&request, Finish::Done, r#"{"response":"error","body":"failed"}"#);
//! assert_eq!(refused, Read::Finish(Finish::RemoteControlOff));
//! ```

use super::exchange::Finish;
use super::htek::KeyForm;
use super::{fanvil, grandstream, htek, poly, snom, yealink};
use super::{Account, DialString, Key, PhoneAddress};
use crate::t;
use crate::uri::{encode, COMPONENT};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The brand of the desk phone, which decides every request's shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Brand {
    /// Htek UC9xx (and Sangoma P-series, Htek-based): the Action URI.
    #[default]
    Htek,
    /// Yealink T2x/T4x/T5x: the Action URI (`/servlet?key=...`).
    Yealink,
    /// Snom D3xx/D7xx, 3xx/7xx: `command.htm`.
    Snom,
    /// Grandstream GXP16xx/21xx, GRP26xx: the CTI API, the password in the query.
    Grandstream,
    /// Fanvil X-series: the Active URI (`ConfigManApp.com?key=...`).
    Fanvil,
    /// Poly VVX and Edge: the REST API (JSON over HTTP POST).
    Poly,
}

impl Brand {
    /// Every brand, in the order the options page lists them.
    pub const ALL: [Brand; 6] = [
        Brand::Htek,
        Brand::Yealink,
        Brand::Snom,
        Brand::Grandstream,
        Brand::Fanvil,
        Brand::Poly,
    ];

    /// The brand's name as the maker writes it (the same in every language).
    pub fn name(self) -> &'static str {
        match self {
            Brand::Htek => "Htek",
            Brand::Yealink => "Yealink",
            Brand::Snom => "Snom",
            Brand::Grandstream => "Grandstream",
            Brand::Fanvil => "Fanvil",
            Brand::Poly => "Poly",
        }
    }

    /// How the brand picks the account that places a call.
    pub fn account_choice(self) -> AccountChoice {
        match self {
            Brand::Htek | Brand::Grandstream | Brand::Poly => AccountChoice::ByNumber,
            Brand::Yealink | Brand::Snom => AccountChoice::BySipUri,
            Brand::Fanvil => AccountChoice::None,
        }
    }

    /// Whether the brand's commands carry the login as HTTP auth (Basic, or a Digest answer);
    /// Grandstream's carry the password in the query instead.
    pub fn uses_http_auth(self) -> bool {
        self != Brand::Grandstream
    }

    /// The brand's wire name for `key`, or `None` when it has no remote command for it. For
    /// Poly, the keypad's digits only, which it sends as DTMF.
    pub fn key_name(self, key: Key) -> Option<&'static str> {
        match self {
            Brand::Htek => Some(key.wire()),
            Brand::Yealink => yealink::key_name(key),
            Brand::Snom => snom::key_name(key),
            Brand::Grandstream => grandstream::key_name(key),
            Brand::Fanvil => fanvil::key_name(key),
            Brand::Poly => poly::key_name(key),
        }
    }

    /// The request that carries `command` to the phone `setup` describes.
    ///
    /// # Errors
    /// [`Unsupported`] when the brand cannot do it: a key it has no command for, an account
    /// it cannot choose (Fanvil), an account whose SIP URI is not set (Yealink, Snom).
    pub fn request(self, setup: &Setup, command: &Command) -> Result<PhoneRequest, Unsupported> {
        match self {
            Brand::Htek => htek::request(setup, command),
            Brand::Yealink => yealink::request(setup, command),
            Brand::Snom => snom::request(setup, command),
            Brand::Grandstream => grandstream::request(setup, command),
            Brand::Fanvil => fanvil::request(setup, command),
            Brand::Poly => poly::request(setup, command),
        }
    }

    /// What the admin sets on a phone of this brand so that this computer may drive it, one
    /// step a line; `computer` is this computer's address as the phone sees it, when known.
    pub fn setup_help(self, computer: Option<&str>) -> Vec<String> {
        let computer = computer
            .filter(|c| !c.trim().is_empty())
            .map_or_else(|| t!("brandHelpThisComputer"), |c| c.trim().to_string());
        match self {
            Brand::Htek => vec![t!("brandHelpHtekAllow", computer), t!("brandHelpHtekLogin")],
            Brand::Yealink => vec![
                t!("brandHelpYealinkAllow", computer),
                t!("brandHelpYealinkPrompt"),
                t!("brandHelpYealinkLogin"),
                t!("brandHelpYealinkAccounts"),
            ],
            Brand::Snom => vec![
                t!("brandHelpSnomServer"),
                t!("brandHelpSnomLogin"),
                t!("brandHelpSnomAccounts"),
            ],
            Brand::Grandstream => vec![
                t!("brandHelpGrandstreamEnable"),
                t!("brandHelpGrandstreamAllow", computer),
                t!("brandHelpGrandstreamPopup"),
                t!("brandHelpGrandstreamPassword"),
            ],
            Brand::Fanvil => vec![
                t!("brandHelpFanvilAllow", computer),
                t!("brandHelpFanvilLogin"),
                t!("brandHelpFanvilAccount"),
            ],
            Brand::Poly => vec![
                t!("brandHelpPolyRest"),
                t!("brandHelpPolyLogin"),
                t!("brandHelpPolyHttps"),
            ],
        }
    }
}

impl fmt::Display for Brand {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// How a brand picks the account that places a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccountChoice {
    /// By its number (Htek `Account=N`, Grandstream `account=N-1`, Poly `Line`).
    ByNumber,
    /// By the account's SIP URI (`outgoing_uri`), which the user gives per account.
    BySipUri,
    /// Not at all: the phone dials on its default account.
    None,
}

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

/// The HTTP method of a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
}

impl Method {
    /// As fetch and Digest name it.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
        }
    }
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

/// Reads the phone's answer to `request`: `finish` is how the auth exchange ended (a 2xx is
/// [`Finish::Done`]), `body` the answer's text. Each brand turns its refusals (a 403, an
/// error in a 200's body, an answer not in its shape) into the same named endings.
pub fn read(request: &PhoneRequest, finish: Finish, body: &str) -> Read {
    match request.answer {
        Answer::Htek => Read::Finish(finish),
        Answer::Yealink => Read::Finish(yealink::read(finish, body)),
        Answer::Snom => Read::Finish(snom::read(finish)),
        Answer::Grandstream => Read::Finish(grandstream::read(finish, body)),
        Answer::Fanvil => Read::Finish(fanvil::read(finish)),
        Answer::Poly => Read::Finish(poly::read(finish, body)),
        Answer::PolyCallStatus => poly::read_call_status(request, finish, body),
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brands_serialize_lowercase() {
        for (brand, name) in
            Brand::ALL
                .iter()
                .zip(["htek", "yealink", "snom", "grandstream", "fanvil", "poly"])
        {
            assert_eq!(serde_json::to_value(brand).unwrap(), name);
            assert_eq!(
                serde_json::from_value::<Brand>(name.into()).unwrap(),
                *brand
            );
        }
        assert!(serde_json::from_value::<Brand>("Yealink".into()).is_err());
        assert_eq!(Brand::default(), Brand::Htek);
    }

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

    #[test]
    fn setup_help_names_this_computer() {
        for brand in Brand::ALL {
            let help = brand.setup_help(Some("192.168.0.50"));
            assert!(!help.is_empty(), "{brand}");
            assert!(help.iter().all(|line| !line.is_empty()));
            if brand != Brand::Snom && brand != Brand::Poly {
                assert!(help.iter().any(|l| l.contains("192.168.0.50")), "{brand}");
            }
        }
        let yealink = Brand::Yealink.setup_help(None).join(" ");
        assert!(yealink.contains("Allow remote control?"), "{yealink}");
        let poly = Brand::Poly.setup_help(None).join(" ");
        assert!(poly.contains("Polycom") && poly.contains("REST"), "{poly}");
        let grandstream = Brand::Grandstream.setup_help(None).join(" ");
        assert!(grandstream.contains("HTTPS"), "{grandstream}");
    }
}
