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
pub use super::request::{
    Answer, Auth, Body, Command, Method, PhoneRequest, Read, Setup, Unsupported, MASKED,
};
use super::{fanvil, grandstream, htek, poly, snom, yealink, Key};
use crate::t;
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

    /// The reader a request's answer goes to is its brand's: the same answer (a 200 saying
    /// "forbidden", with no JSON) reads differently per brand.
    #[test]
    fn each_request_is_read_by_its_brand() {
        let address: crate::phone::PhoneAddress = "10.0.0.7".parse().unwrap();
        let setup = Setup::new(&address);
        for (brand, read_as) in [
            (Brand::Htek, Read::Finish(Finish::Done)),
            (Brand::Yealink, Read::Finish(Finish::RemoteControlOff)),
            (Brand::Snom, Read::Finish(Finish::Done)),
            (Brand::Grandstream, Read::Finish(Finish::NotThisBrand(200))),
            (Brand::Fanvil, Read::Finish(Finish::Done)),
            (Brand::Poly, Read::Finish(Finish::NotThisBrand(200))),
        ] {
            let request = brand.request(&setup, &Command::Probe).unwrap();
            assert_eq!(
                read(&request, Finish::Done, "Forbidden"),
                read_as,
                "{brand}"
            );
            assert_eq!(
                brand.uses_http_auth(),
                request.auth == Auth::Http,
                "{brand}"
            );
        }
    }

    /// Every key is either the brand's (a request) or a named refusal, never dropped.
    #[test]
    fn every_key_is_sent_or_refused_by_name() {
        let address: crate::phone::PhoneAddress = "10.0.0.7".parse().unwrap();
        let setup = Setup::new(&address);
        for brand in Brand::ALL {
            for key in Key::ALL {
                let built = brand.request(&setup, &Command::Key(*key));
                match brand.key_name(*key) {
                    Some(_) => assert!(built.is_ok(), "{brand} {key:?}"),
                    None => assert_eq!(built, Err(Unsupported::Key(*key)), "{brand} {key:?}"),
                }
            }
            // Every brand sends each DTMF tone.
            for c in "0123456789*#".chars() {
                let key = Key::dtmf(c).unwrap();
                assert!(
                    brand.request(&setup, &Command::Dtmf(key)).is_ok(),
                    "{brand} {c}"
                );
            }
        }
    }

    /// Htek's answers are read as the exchange ended them: its own outcomes stay as they were.
    #[test]
    fn answers_are_read_by_status() {
        let phone: crate::phone::PhoneAddress = "10.0.0.7".parse().unwrap();
        let request = Brand::Htek
            .request(&Setup::new(&phone), &Command::HangUp)
            .unwrap();
        for finish in [
            Finish::Done,
            Finish::Forbidden,
            Finish::NotFound,
            Finish::Status(400),
            Finish::WrongCredentials,
        ] {
            assert_eq!(
                read(&request, finish, "<html>forbidden</html>"),
                Read::Finish(finish)
            );
        }
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
