//! The page bridge's decisions: which site may dial through it, and what a page learns.
//!
//! A web page (the `<click-to-dial>` component, or any page) may ask the extension's content
//! script to dial a number a person chose (`window.postMessage`, see the README). The content
//! script forwards it as [`Request::BridgeDial`](crate::message::Request::BridgeDial) only while
//! the page has transient user activation; the background then asks the person, the first time a
//! site (an origin) wants to dial, whether it may, and remembers "Allow this site" and "Never" per
//! origin in `storage.local` under [`SITE_CHOICES`]. The page gets back a [`BridgeReply`]: `ok`, or a
//! [`Reason`]; never the phone's address, the credentials or the settings.
//!
//! ```
//! use click_to_dial::bridge::{origin_of, Decision, SiteAnswer, SiteChoices};
//! let origin = origin_of("https://crm.example.com:8443/contacts/7?tab=1").unwrap();
//! assert_eq!(origin, "https://crm.example.com:8443");
//! let mut sites = SiteChoices::default();
//! assert_eq!(sites.decide(&origin), Decision::Ask);
//! sites.remember(&origin, SiteAnswer::Allow);
//! assert_eq!(sites.decide(&origin), Decision::Dial);
//! assert_eq!(sites.decide("https://other.example"), Decision::Ask);
//! ```

use crate::store::StoreKey;
use crate::uri::{encode, HttpUrl, COMPONENT};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// Where the sites' answers are kept, apart from the settings.
pub const SITE_CHOICES: StoreKey<SiteChoices> = StoreKey::local("bridgeSites");

/// Where the count of bridge dials each site asked for past the one its person's gesture
/// allowed (`{origin: count}`), refused and shown in the popup, is kept for the browser session.
pub const EXTRA_DIALS: StoreKey<HashMap<String, u32>> = StoreKey::session("bridgeExtraDials");

/// How long the confirmation waits for the person before it counts as "Not now" (ms).
pub const QUESTION_TIMEOUT_MS: u32 = 120_000;

/// What a person answered when a site first wanted to dial.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum SiteAnswer {
    /// "Allow this site": dial now and from now on without asking.
    Allow,
    /// "Not now": do not dial; ask again next time.
    NotNow,
    /// "Never": do not dial, now or later, and do not ask again.
    Never,
}

/// What was remembered for one site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum SiteChoice {
    Allow,
    Never,
}

/// What to do with a site's dial request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// The person allowed this site: dial.
    Dial,
    /// The person said never: refuse without asking.
    Refuse,
    /// Not asked yet (or "Not now" last time): ask.
    Ask,
}

/// The remembered answers, by origin (`https://crm.example.com`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SiteChoices(pub BTreeMap<String, SiteChoice>);

impl SiteChoices {
    pub fn decide(&self, origin: &str) -> Decision {
        match self.0.get(origin) {
            Some(SiteChoice::Allow) => Decision::Dial,
            Some(SiteChoice::Never) => Decision::Refuse,
            None => Decision::Ask,
        }
    }

    /// Forgets what was said for `origin`: the site is asked again next time. Returns whether
    /// there was anything to forget.
    pub fn forget(&mut self, origin: &str) -> bool {
        self.0.remove(origin).is_some()
    }

    /// Keeps `answer` for `origin` ("Not now" keeps nothing). Returns whether anything changed.
    pub fn remember(&mut self, origin: &str, answer: SiteAnswer) -> bool {
        let choice = match answer {
            SiteAnswer::Allow => SiteChoice::Allow,
            SiteAnswer::Never => SiteChoice::Never,
            SiteAnswer::NotNow => return false,
        };
        self.0.insert(origin.to_string(), choice) != Some(choice)
    }
}

/// The origin (`scheme://host[:port]`, lower case, default port left out) of an `http:` or
/// `https:` page, or `None` for any other URL: only web sites ask through the bridge.
pub fn origin_of(url: &str) -> Option<String> {
    let url = HttpUrl::split(url)?;
    let host_port = url
        .authority
        .rsplit_once('@')
        .map_or(url.authority, |(_, h)| h);
    if host_port.is_empty() {
        return None;
    }
    let host_port = host_port.to_ascii_lowercase();
    let default_port = if url.scheme == "http" { ":80" } else { ":443" };
    let host_port = host_port.strip_suffix(default_port).unwrap_or(&host_port);
    Some(format!("{}://{host_port}", url.scheme))
}

/// Why a bridge dial did not go through, as the page learns it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Reason {
    /// The person said "Not now" or "Never", or closed the question.
    Declined,
    /// The extension has no phone set up yet.
    NotConfigured,
    /// What the page asked to dial is not a phone number.
    NotANumber,
    /// Another question from this site is open.
    Busy,
    /// The page is not a web site (http or https).
    NotAllowed,
    /// The person cancelled the dial in its cancel window.
    Cancelled,
    /// The phone did not dial (unreachable, wrong login, ...); the person is told why.
    Failed,
    /// The person's gesture already dialed once: one gesture, one call.
    OneCallPerGesture,
}

/// What a page learns of its dial request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct BridgeReply {
    pub ok: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<Reason>,
}

impl BridgeReply {
    pub const OK: BridgeReply = BridgeReply {
        ok: true,
        reason: None,
    };

    pub fn refused(reason: Reason) -> BridgeReply {
        BridgeReply {
            ok: false,
            reason: Some(reason),
        }
    }
}

/// The confirmation page's address for question `id`: the site, the number and what the phone
/// will dial for it (the dialing rules applied, an extension appended) are shown to the person
/// (the extension's page reads them; no web page can load it).
pub fn confirm_page(id: u32, origin: &str, number: &str, dialed: &str) -> String {
    extension_page(
        "confirm.html",
        &[
            ("id", &id.to_string()),
            ("site", origin),
            ("number", number),
            ("dialed", dialed),
        ],
    )
}

/// The address of the extension's own `page` with `params` in its query, each value
/// percent-encoded (the page reads them with `URLSearchParams`).
pub fn extension_page(page: &str, params: &[(&str, &str)]) -> String {
    let query: Vec<String> = params
        .iter()
        .map(|(name, value)| format!("{name}={}", encode(value, COMPONENT)))
        .collect();
    format!("{page}?{}", query.join("&"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins() {
        for (url, origin) in [
            (
                "http://127.0.0.1:8000/index.html",
                Some("http://127.0.0.1:8000"),
            ),
            (
                "https://CRM.Example.com/a?b#c",
                Some("https://crm.example.com"),
            ),
            (
                "https://crm.example.com:443/",
                Some("https://crm.example.com"),
            ),
            ("http://crm.example.com:80", Some("http://crm.example.com")),
            (
                "http://user:pw@crm.example.com:8080/x",
                Some("http://crm.example.com:8080"),
            ),
            ("http://[::1]:9000/", Some("http://[::1]:9000")),
            ("file:///home/a.html", None),
            ("chrome-extension://abc/options.html", None),
            ("about:blank", None),
            ("http:///nohost", None),
            ("", None),
        ] {
            assert_eq!(origin_of(url).as_deref(), origin, "{url}");
        }
    }

    #[test]
    fn answers_are_remembered_per_site() {
        let mut sites = SiteChoices::default();
        let a = "http://127.0.0.1:8000";
        assert!(!sites.remember(a, SiteAnswer::NotNow));
        assert_eq!(sites.decide(a), Decision::Ask);
        assert!(sites.remember(a, SiteAnswer::Never));
        assert_eq!(sites.decide(a), Decision::Refuse);
        assert_eq!(sites.decide("http://127.0.0.1:8001"), Decision::Ask);
        assert!(sites.remember(a, SiteAnswer::Allow));
        assert!(!sites.remember(a, SiteAnswer::Allow));
        assert_eq!(sites.decide(a), Decision::Dial);
        let stored = serde_json::to_string(&sites).unwrap();
        assert_eq!(stored, r#"{"http://127.0.0.1:8000":"allow"}"#);
        assert_eq!(serde_json::from_str::<SiteChoices>(&stored).unwrap(), sites);
        assert!(sites.forget(a));
        assert!(!sites.forget(a));
        assert_eq!(sites.decide(a), Decision::Ask);
    }

    #[test]
    fn the_confirmation_page_names_site_and_number() {
        assert_eq!(
            confirm_page(3, "http://127.0.0.1:8000", "+49 30 1234567", "030123456742"),
            "confirm.html?id=3&site=http%3A%2F%2F127.0.0.1%3A8000&number=%2B49%2030%201234567&dialed=030123456742"
        );
    }
}
