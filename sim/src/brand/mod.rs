//! The desk-phone brands the simulator can be (`--brand`, [`Config::brand`]): each answers
//! its own brand's HTTP interface, with its auth and its quirks, and refuses the rest the way
//! that phone does; all of them drive the same call state ([`crate::CallState`]), log each
//! command ([`crate::LogEntry`]) and send their own events ([`EventTable`]).
//!
//! | brand | commands | auth | quirks |
//! |---|---|---|---|
//! | Htek (default) | `GET /Phone_ActionURL&Command=1&Number=N&Account=A` | Basic or Digest | (the phone as before) |
//! | Yealink | `GET /servlet?key=number=N[&outgoing_uri=URI]`, `key=CALLEND`, `key=OK`, ... | Basic | allow list, "Allow remote control?" on the screen |
//! | Snom | `GET /command.htm?number=N`, `key=CANCEL`, `key_dtmf=D`, ... | Basic or Digest | a dial answers 302 to `/index.htm` |
//! | Grandstream | `GET /cgi-bin/api-make_call?phonenumber=N&account=0&passcode=P`, ... | the password in the query | errors are HTTP 200 with JSON |
//! | Fanvil | `GET /cgi-bin/ConfigManApp.com?key=N;ENTER`, `key=RELEASE`, ... | Basic | allow list |
//! | Poly | `POST /api/v1/callctrl/dial` `{"data":{"Dest":"N","Line":"1","Type":"TEL"}}`, ... | Basic, user `Polycom` | the REST API switch |
//!
//! Each brand's module is pure (no sockets, no state of its own): it says which paths are its
//! phone's, reads one request into an [`Outcome`] (an [`Action`] to carry out and the answer
//! if it is carried out, or an answer alone), and holds the brand's data: keys, refusals,
//! event table. The running phone (`crate::sim`) checks credentials, applies faults and the
//! brand's gates, carries out the action and sends the events.
//!
//! ```
//! use htek_sim::{Brand, Config};
//! use htek_sim::events::Happening;
//!
//! let brand: Brand = "snom".parse()?;
//! assert_eq!(brand.events().name_for(Happening::Incoming), Some("action_incoming_url"));
//! let config = Config { brand, ..Config::default() };
//! assert_eq!(config.brand.to_string(), "Snom");
//! # Ok::<(), htek_sim::UnknownBrand>(())
//! ```

pub mod fanvil;
pub mod grandstream;
pub mod htek;
pub mod poly;
pub mod snom;
pub mod yealink;

use std::fmt;
use std::net::IpAddr;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::action::Action;
use crate::config::Config;
use crate::events::{EventTable, PhoneVars};
use crate::http::{query_pairs, Response};
use crate::state::Call;

/// A desk-phone brand the simulator can be.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Brand {
    /// Htek UC9xx (and the Htek-based Sangoma P-series): the Action URI.
    #[default]
    Htek,
    /// Yealink T2x/T4x/T5x, firmware 8x and later.
    Yealink,
    /// Snom D3xx/D7xx (3xx/7xx).
    Snom,
    /// Grandstream GXP16xx/21xx, GRP26xx (CTI commands).
    Grandstream,
    /// Fanvil X-series (Active URI).
    Fanvil,
    /// Poly VVX 4xx/5xx, Edge E/B (UC Software REST API).
    Poly,
}

/// A `--brand` value that names no brand. Its `Display` lists the brands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownBrand(pub String);

impl fmt::Display for UnknownBrand {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown brand {:?}; expected one of ", self.0)?;
        let ids: Vec<&str> = Brand::ALL.iter().map(|b| b.id()).collect();
        f.write_str(&ids.join(", "))
    }
}

impl std::error::Error for UnknownBrand {}

/// How a brand checks who is asking.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum AuthStyle {
    /// HTTP Basic or Digest against the accounts (`crate::auth`).
    Http,
    /// The admin password in the query string, no HTTP auth (Grandstream).
    Query,
}

/// What a brand's key or operation does to the call, beyond being remembered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Effect {
    /// Nothing the simulator models (volume, navigation, hold, ...).
    None,
    /// Answers a ringing call.
    Answer,
    /// Ends the call (or rejects a ringing one).
    HangUp,
    DndOn,
    DndOff,
    /// Switches do-not-disturb (Snom's `DND` key).
    DndToggle,
}

impl Brand {
    /// Every brand, Htek first.
    pub const ALL: [Brand; 6] = [
        Brand::Htek,
        Brand::Yealink,
        Brand::Snom,
        Brand::Grandstream,
        Brand::Fanvil,
        Brand::Poly,
    ];

    /// The `--brand` value: `htek`, `yealink`, `snom`, `grandstream`, `fanvil`, `poly`.
    pub fn id(self) -> &'static str {
        match self {
            Brand::Htek => "htek",
            Brand::Yealink => "yealink",
            Brand::Snom => "snom",
            Brand::Grandstream => "grandstream",
            Brand::Fanvil => "fanvil",
            Brand::Poly => "poly",
        }
    }

    /// The brand's name as people write it.
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

    /// The brand's events: their names in its configuration, when the simulator sends them,
    /// its `$variables`.
    pub fn events(self) -> &'static EventTable {
        match self {
            Brand::Htek => &htek::EVENTS_TABLE,
            Brand::Yealink => &yealink::EVENTS_TABLE,
            Brand::Snom => &snom::EVENTS_TABLE,
            Brand::Grandstream => &grandstream::EVENTS_TABLE,
            Brand::Fanvil => &fanvil::EVENTS_TABLE,
            Brand::Poly => &poly::EVENTS_TABLE,
        }
    }

    /// The realm the brand's 401 challenges name when `--realm` is not given (not verified
    /// against real phones; Grandstream asks no HTTP auth).
    pub fn realm(self) -> &'static str {
        match self {
            Brand::Htek => "Htek",
            Brand::Yealink => "Yealink",
            Brand::Snom => "snom",
            Brand::Grandstream => "Grandstream",
            Brand::Fanvil => "Fanvil",
            Brand::Poly => "Polycom",
        }
    }

    /// The phone's own values for its `$variables` (model, firmware, a MAC with the brand's
    /// prefix); the account and the call's values are the same for every brand.
    pub fn phone_vars(self) -> PhoneVars {
        let (mac, model, firmware) = match self {
            Brand::Htek => return PhoneVars::default(),
            Brand::Yealink => ("805ec0a1b2c3", "SIP-T46U", "108.86.0.20"),
            Brand::Snom => ("000413a1b2c3", "snomD785", "10.1.159.12"),
            Brand::Grandstream => ("000b82a1b2c3", "GRP2614", "1.0.9.31"),
            Brand::Fanvil => ("0c383ea1b2c3", "X4U", "2.12.1.6"),
            Brand::Poly => ("0004f2a1b2c3", "VVX 450", "6.4.3.5156"),
        };
        PhoneVars {
            mac: mac.into(),
            model: model.into(),
            firmware: firmware.into(),
            ..PhoneVars::default()
        }
    }

    pub(crate) fn auth_style(self) -> AuthStyle {
        match self {
            Brand::Grandstream => AuthStyle::Query,
            _ => AuthStyle::Http,
        }
    }

    /// Whether the brand checks the computer's address against an allow list
    /// ([`Config::allow_ips`]) before it carries out a command.
    pub(crate) fn has_allow_list(self) -> bool {
        matches!(self, Brand::Yealink | Brand::Fanvil | Brand::Grandstream)
    }

    /// Whether the brand asks "Allow remote control?" on its screen the first time a computer
    /// sends a command ([`Config::remote_control_prompt`]).
    pub(crate) fn has_screen_prompt(self) -> bool {
        self == Brand::Yealink
    }

    /// Whether `method` and `path` (before any `?`) are one of the brand's phone requests:
    /// `Err` is the brand's answer otherwise (404 for a path it does not have, 405 for another
    /// method). Never asked for Htek, whose routing is `crate::sim`'s.
    pub(crate) fn route(self, ask: &Ask<'_>, config: &Config) -> Result<(), Response> {
        match self {
            Brand::Htek => Err(not_found()),
            Brand::Yealink => yealink::route(ask),
            Brand::Snom => snom::route(ask),
            Brand::Grandstream => grandstream::route(ask),
            Brand::Fanvil => fanvil::route(ask),
            Brand::Poly => poly::route(ask, config),
        }
    }

    /// Reads one authenticated request of this brand.
    pub(crate) fn handle(self, ask: &Ask<'_>, view: &View<'_>) -> Outcome {
        match self {
            Brand::Htek => Outcome::Answer(not_found()),
            Brand::Yealink => yealink::handle(ask, view),
            Brand::Snom => snom::handle(ask, view),
            Brand::Grandstream => grandstream::handle(ask, view),
            Brand::Fanvil => fanvil::handle(ask, view),
            Brand::Poly => poly::handle(ask, view),
        }
    }

    /// The answer to a command this account's role may not give.
    pub(crate) fn role_refusal(self) -> Response {
        match self {
            Brand::Grandstream => grandstream::unauthorized(),
            Brand::Poly => poly::status(403, "4003"),
            _ => Response::text(403, "this account may only dial and hang up"),
        }
    }

    /// The answer to a computer the allow list does not name (guessed: a plain 403).
    pub(crate) fn not_allowed(self) -> Response {
        match self {
            // Its errors come with HTTP 200 (the body for this one is not confirmed).
            Brand::Grandstream => grandstream::not_allowed(),
            _ => Response::text(403, ""),
        }
    }

    /// What a brand's key does to the call.
    pub(crate) fn key_effect(self, key: &str) -> Effect {
        match self {
            Brand::Htek => htek::key_effect(key),
            Brand::Yealink => yealink::key_effect(key),
            Brand::Snom => snom::key_effect(key),
            Brand::Grandstream => grandstream::key_effect(key),
            Brand::Fanvil => fanvil::key_effect(key),
            Brand::Poly => Effect::None,
        }
    }

    /// What a brand's named operation does to the call.
    pub(crate) fn operation_effect(self, op: &str) -> Effect {
        match (self, op) {
            (Brand::Grandstream, "acceptcall") | (Brand::Poly, "answerCall") => Effect::Answer,
            _ => Effect::None,
        }
    }

    /// The request target as logged: a password in the query is masked (Grandstream).
    pub(crate) fn log_target(self, target: &str) -> String {
        match self {
            Brand::Grandstream => grandstream::mask(target),
            _ => target.to_string(),
        }
    }
}

impl fmt::Display for Brand {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Brand {
    type Err = UnknownBrand;

    /// The `--brand` value (lowercase, as [`Brand::id`] writes it).
    fn from_str(s: &str) -> Result<Brand, UnknownBrand> {
        Brand::ALL
            .into_iter()
            .find(|b| b.id() == s)
            .ok_or_else(|| UnknownBrand(s.to_string()))
    }
}

/// One phone request as a brand reads it: no sockets, the target split once.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Ask<'a> {
    pub(crate) method: &'a str,
    /// The target before `?`.
    pub(crate) path: &'a str,
    /// The target after `?` (empty if none), raw.
    pub(crate) query: &'a str,
    pub(crate) body: &'a [u8],
}

impl<'a> Ask<'a> {
    pub(crate) fn new(method: &'a str, target: &'a str, body: &'a [u8]) -> Ask<'a> {
        let (path, query) = target.split_once('?').unwrap_or((target, ""));
        Ask {
            method,
            path,
            query,
            body,
        }
    }
}

/// What the phone knows when it reads a request (read-only).
#[derive(Clone, Copy, Debug)]
pub(crate) struct View<'a> {
    pub(crate) call: &'a Call,
    /// The current call's id (`$call_id`; Poly's `CallHandle`).
    pub(crate) call_id: &'a str,
    /// Whether the current call came in (else the phone dialed it).
    pub(crate) incoming: bool,
    pub(crate) vars: &'a PhoneVars,
    pub(crate) config: &'a Config,
}

impl View<'_> {
    /// The account (1-4) whose SIP URI is `uri` (`201@pbx.example`, `sip:` optional, the host
    /// compared without case), if any: account N is `20N@` the phone's host.
    pub(crate) fn account_of_uri(&self, uri: &str) -> Option<u8> {
        let bare = uri.strip_prefix("sip:").unwrap_or(uri);
        let (user, host) = bare.split_once('@')?;
        if !host.eq_ignore_ascii_case(&self.vars.active_host) {
            return None;
        }
        (1..=4u8).find(|n| user == line_user(*n))
    }

    /// The current call's account, while there is a call.
    pub(crate) fn account(&self) -> u8 {
        match self.call {
            Call::Dialing { account, .. } => *account,
            _ => 1,
        }
    }
}

/// The user part of account `n`'s SIP URI (`201` for account 1).
pub(crate) fn line_user(n: u8) -> String {
    format!("{}", 200 + u16::from(n))
}

/// What a brand makes of one request.
#[derive(Debug)]
pub(crate) enum Outcome {
    /// Carry out `action` (if the gates and the account's role allow it) and answer `ok`.
    Act { action: Action, ok: Response },
    /// Answer this and change nothing: a read, a page, or the brand's refusal of a request it
    /// cannot carry out.
    Answer(Response),
}

/// A dial that picks its identity by SIP URI (Yealink's and Snom's `outgoing_uri`): the
/// account whose URI it is, else the phone's default; `ok` is the brand's answer when it is
/// carried out, a 400 when `number` is no dial string.
pub(crate) fn dial_on_uri(
    number: &str,
    outgoing_uri: Option<&str>,
    view: &View<'_>,
    ok: Response,
) -> Outcome {
    if !crate::action::is_dial_string(number) {
        return Outcome::Answer(Response::text(
            400,
            &format!(
                "number {number:?} is not a dial string (digits, * and #, optional leading +)"
            ),
        ));
    }
    let (account, account_auto) = match outgoing_uri.filter(|u| !u.is_empty()) {
        Some(uri) => view
            .account_of_uri(uri)
            .map_or((1, true), |account| (account, false)),
        None => (1, true),
    };
    Outcome::Act {
        action: Action::Dial {
            number: number.to_string(),
            account,
            account_auto,
        },
        ok,
    }
}

/// A plain 404, what every brand answers for a path it does not have.
pub(crate) fn not_found() -> Response {
    Response::text(404, "")
}

/// A 405 naming the methods allowed.
pub(crate) fn method_not_allowed(allow: &'static str) -> Response {
    Response::text(405, &format!("only {allow}")).header("Allow", allow)
}

/// A query string's parameters, values percent-decoded (`+` stays `+`), names as sent; a
/// name without `=` has an empty value.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Query(Vec<(String, String)>);

/// Why a query string cannot be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum QueryError {
    /// A value with a bad `%` escape or not UTF-8.
    BadEscape(String),
    /// A parameter named twice.
    Duplicate(String),
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            QueryError::BadEscape(name) => write!(f, "parameter {name} has a bad percent escape"),
            QueryError::Duplicate(name) => write!(f, "parameter {name} appears twice"),
        }
    }
}

impl Query {
    /// Reads `a=1&b=2`.
    pub(crate) fn parse(query: &str) -> Result<Query, QueryError> {
        let mut pairs: Vec<(String, String)> = Vec::new();
        for (name, value) in query_pairs(query) {
            let value = value.map_err(|_| QueryError::BadEscape(name.to_string()))?;
            if pairs.iter().any(|(n, _)| n == name) {
                return Err(QueryError::Duplicate(name.to_string()));
            }
            pairs.push((name.to_string(), value));
        }
        Ok(Query(pairs))
    }

    /// The value of `name`, if given.
    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Whether `name` was given (with or without a value).
    pub(crate) fn has(&self, name: &str) -> bool {
        self.0.iter().any(|(n, _)| n == name)
    }
}

/// Whether an allow list admits `ip`: entries separated by commas, each an address
/// (`192.168.0.10`, `::1`), an IPv4 pattern with `*` for any octet (`10.10.*.*`), or `any`.
/// An empty list admits nobody, as the phones ship.
pub fn allows(list: &str, ip: IpAddr) -> bool {
    let ip = ip.to_canonical();
    list.split(',')
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .any(|entry| entry.eq_ignore_ascii_case("any") || entry_matches(entry, ip))
}

fn entry_matches(entry: &str, ip: IpAddr) -> bool {
    if entry.contains('*') {
        let IpAddr::V4(v4) = ip else {
            return false;
        };
        let parts: Vec<&str> = entry.split('.').collect();
        parts.len() == 4
            && parts
                .iter()
                .zip(v4.octets())
                .all(|(p, o)| *p == "*" || p.parse::<u8>() == Ok(o))
    } else {
        entry
            .parse::<IpAddr>()
            .is_ok_and(|e| e.to_canonical() == ip)
    }
}

/// Non-empty, only `0-9 * #`: what may be typed as DTMF.
pub(crate) fn is_dtmf(digits: &str) -> bool {
    !digits.is_empty()
        && digits
            .chars()
            .all(|c| c.is_ascii_digit() || c == '*' || c == '#')
}

/// Views for the brands' unit tests.
#[cfg(test)]
pub(crate) mod tests_support {
    pub(crate) mod view {
        use crate::brand::View;
        use crate::config::Config;
        use crate::events::PhoneVars;
        use crate::state::Call;

        /// The phone's values and a default configuration.
        pub(crate) fn parts() -> (PhoneVars, Config) {
            (PhoneVars::default(), Config::default())
        }

        /// An idle phone.
        pub(crate) fn idle<'a>(vars: &'a PhoneVars, config: &'a Config) -> View<'a> {
            with_call(&Call::Idle, false, vars, config)
        }

        /// A phone with `call`, its id empty.
        pub(crate) fn with_call<'a>(
            call: &'a Call,
            incoming: bool,
            vars: &'a PhoneVars,
            config: &'a Config,
        ) -> View<'a> {
            View {
                call,
                call_id: "",
                incoming,
                vars,
                config,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::{Delivery, Happening};

    #[test]
    fn brand_names_round_trip() {
        for brand in Brand::ALL {
            assert_eq!(brand.id().parse::<Brand>(), Ok(brand));
            assert_eq!(
                serde_json::to_string(&brand).ok(),
                Some(format!("\"{}\"", brand.id()))
            );
            assert_eq!(brand.to_string(), brand.name());
        }
        assert_eq!(Brand::default(), Brand::Htek);
        let err = "Yealink".parse::<Brand>().err().map(|e| e.to_string());
        assert_eq!(
            err.as_deref(),
            Some("unknown brand \"Yealink\"; expected one of htek, yealink, snom, grandstream, fanvil, poly")
        );
    }

    #[test]
    fn query_table() {
        let q = Query::parse("key=number%3D206&outgoing_uri=201@pbx&flag&x=%2B1").expect("valid");
        assert_eq!(q.get("key"), Some("number=206"));
        assert_eq!(q.get("outgoing_uri"), Some("201@pbx"));
        assert!(q.has("flag"));
        assert_eq!(q.get("flag"), Some(""));
        assert_eq!(q.get("x"), Some("+1"));
        assert_eq!(q.get("y"), None);
        assert_eq!(
            Query::parse("a=1&a=2"),
            Err(QueryError::Duplicate("a".into()))
        );
        assert_eq!(Query::parse("a=%2"), Err(QueryError::BadEscape("a".into())));
        assert_eq!(Query::parse(""), Ok(Query::default()));
    }

    #[test]
    fn allow_list_table() {
        let cases: &[(&str, &str, bool)] = &[
            ("127.0.0.1,::1", "127.0.0.1", true),
            ("127.0.0.1,::1", "::1", true),
            ("127.0.0.1,::1", "127.0.0.2", false),
            ("10.1.4.3, 10.1.4.23", "10.1.4.23", true),
            ("10.10.*.*", "10.10.200.3", true),
            ("10.10.*.*", "10.11.0.1", false),
            ("127.*.*.*", "::ffff:127.0.0.5", true),
            ("10.*.*", "10.0.0.1", false),
            ("any", "192.168.7.7", true),
            ("ANY", "::1", true),
            ("", "127.0.0.1", false),
            (" , ", "127.0.0.1", false),
            ("not-an-ip", "127.0.0.1", false),
        ];
        for (list, ip, expected) in cases {
            let ip: IpAddr = ip.parse().expect("ip");
            assert_eq!(allows(list, ip), *expected, "{list:?} {ip}");
        }
    }

    #[test]
    fn accounts_by_uri() {
        let vars = PhoneVars::default();
        let config = Config::default();
        let view = View {
            call: &Call::Idle,
            call_id: "",
            incoming: false,
            vars: &vars,
            config: &config,
        };
        let cases = [
            ("201@pbx.example", Some(1)),
            ("sip:203@PBX.example", Some(3)),
            ("204@pbx.example", Some(4)),
            ("205@pbx.example", None),
            ("201@other", None),
            ("201", None),
            ("", None),
        ];
        for (uri, expected) in cases {
            assert_eq!(view.account_of_uri(uri), expected, "{uri}");
        }
    }

    /// Every brand's table: names unique, each reported event one of its names, `$variables`
    /// longest first (so substitution takes the longest), and GET brands report the four call
    /// happenings.
    #[test]
    fn event_tables_are_consistent() {
        for brand in Brand::ALL {
            let table = brand.events();
            for (i, name) in table.events.iter().enumerate() {
                assert!(!table.events[..i].contains(name), "{brand}: {name} twice");
            }
            for (_, name) in table.on {
                assert!(table.knows(name), "{brand}: {name} is not a known event");
            }
            for pair in table.vars.windows(2) {
                assert!(pair[0].0.len() >= pair[1].0.len(), "{brand}: {:?}", pair);
            }
            for h in [
                Happening::Incoming,
                Happening::Outgoing,
                Happening::Established,
                Happening::Terminated,
            ] {
                assert!(table.name_for(h).is_some(), "{brand}: {h:?}");
            }
            assert_eq!(
                table.delivery == Delivery::PostXml,
                brand == Brand::Poly,
                "{brand}"
            );
        }
    }

    /// Each brand's `$variables` by its own names: Snom's `$call-id` (hyphen) where Yealink
    /// and Fanvil write `$call_id`, Grandstream's `$remote` the bare number, Yealink's
    /// `$calledNumber`; another brand's names stay as written.
    #[test]
    fn each_brand_substitutes_its_own_variables() {
        let vars = PhoneVars {
            remote: "sip:206@pbx.example".into(),
            remote_number: "206".into(),
            display_remote: "Ada".into(),
            call_id: "c1".into(),
            ..Brand::Grandstream.phone_vars()
        };
        let cases: &[(Brand, &str, &str)] = &[
            (
                Brand::Htek,
                "r=$remote&id=$call_id&c=$call-id&m=$mac",
                "r=sip:206@pbx.example&id=c1&c=$call-id&m=000b82a1b2c3",
            ),
            (
                Brand::Yealink,
                "r=$remote&id=$call_id&n=$calledNumber&who=$callerID",
                "r=sip:206@pbx.example&id=c1&n=206&who=Ada",
            ),
            (
                Brand::Snom,
                "r=$remote&id=$call-id&u=$call_id&ip=$phone_ip&n=$display_remote",
                "r=sip:206@pbx.example&id=c1&u=$call_id&ip=127.0.0.1&n=Ada",
            ),
            (
                Brand::Grandstream,
                "r=$remote&p=$product&v=$program_version&u=$active_user&id=$call_id",
                "r=206&p=GRP2614&v=1.0.9.31&u=201&id=$call_id",
            ),
            (
                Brand::Fanvil,
                "r=$remote&id=$call_id&ip=$ip&c=$call-id",
                "r=sip:206@pbx.example&id=c1&ip=127.0.0.1&c=$call-id",
            ),
            (
                Brand::Poly,
                "http://127.0.0.1/$remote",
                "http://127.0.0.1/$remote",
            ),
        ];
        for (brand, template, expected) in cases {
            assert_eq!(
                brand.events().substitute(template, &vars),
                *expected,
                "{brand}"
            );
        }
    }

    #[test]
    fn dtmf_alphabet() {
        for ok in ["1", "0123456789*#"] {
            assert!(is_dtmf(ok), "{ok}");
        }
        for bad in ["", "+1", "1a", "1 2", "A"] {
            assert!(!is_dtmf(bad), "{bad}");
        }
    }
}
