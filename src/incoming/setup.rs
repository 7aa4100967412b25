//! What to set on the phone so that its events reach the receiver, per brand
//! ([`ActionUrlSetup`]): one [`SetupLine`] per event the brand reports (the brand's own
//! configuration key or web-page field, the [`Event`]s it stands for, the URL to paste), and
//! a provisioning snippet in the brand's configuration syntax.
//!
//! Every URL points at the receiver, `http://<this computer>:<port>/<token>/<event>?...`, with
//! `<event>` our [`Event`]'s wire name and a query that maps **our** parameter names (the
//! receiver's, [`super::VARIABLES`]) to **the brand's** `$variables`, which the phone replaces
//! literally before it sends the GET:
//!
//! | brand | where | example line |
//! |---|---|---|
//! | Htek | Setting -> Action URL, 18 fields | `Incoming Call`: `.../incoming_call?mac=$mac&...&call_id=$call_id` |
//! | Yealink | `action_url.*` | `action_url.incoming_call`: `...&remote=$remote&...&call_id=$call_id` |
//! | Snom | `action_*_url` | `action_incoming_url`: `...&ip=$phone_ip&...&call_id=$call-id` |
//! | Grandstream | Action URL page | `incoming_call`: `...&remote=$remote` (a bare number; no call id) |
//! | Fanvil | Action URL page | `incoming_call`: the Htek variables |
//! | Poly | `apps.telNotification.*` | no variables: XML POSTed to `http://.../<token>` |
//!
//! Poly is the odd one: its phone POSTs XML telephony notifications to ONE URL
//! (`apps.telNotification.URL`) and has an on/off switch per notification
//! (`apps.telNotification.incomingEvent="1"`, ...). The lines name each notification's switch
//! with that one URL beside it (the simulated phone takes one URL per notification key); the
//! snippet is the real phone's configuration.
//!
//! ```
//! use click_to_dial::incoming::{ActionUrlSetup, Event};
//! use click_to_dial::phone::Brand;
//!
//! let setup = ActionUrlSetup::new("http://192.168.0.50:8765", "0123456789abcdef0123456789abcdef")?
//!     .with_brand(Brand::Snom);
//! let incoming = &setup.lines()[0];
//! assert_eq!(incoming.key, "action_incoming_url");
//! assert_eq!(incoming.events, [Event::IncomingCall]);
//! assert!(incoming.url.ends_with("&call_id=$call-id"), "{}", incoming.url);
//! # Ok::<(), click_to_dial::incoming::SetupError>(())
//! ```

use super::{validate_token, Event, TokenError};
use crate::phone::Brand;

/// Why the receiver's address for the setup is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SetupError {
    /// Not `http://host[:port]` (the receiver speaks plain HTTP; no path, no credentials).
    #[error(
        "enter this computer's address as the phone reaches it, e.g. http://192.168.0.50:8765"
    )]
    BadBaseUrl,
    /// The token is not valid.
    #[error(transparent)]
    BadToken(TokenError),
}

/// One field to fill on the phone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetupLine {
    /// The brand's configuration key or event name (`action_url.incoming_call`,
    /// `action_incoming_url`, `apps.telNotification.incomingEvent`; Htek: our wire name).
    pub key: &'static str,
    /// The field as the phone's web page names it (`Incoming Call`).
    pub label: &'static str,
    /// What the phone reports through it: one event, or for Poly's call state notification
    /// both `call_established` and `call_terminated`.
    pub events: &'static [Event],
    /// The URL to paste.
    pub url: String,
}

/// A brand's events: its lines (key, label, events) and its query (our name, its variable).
struct BrandEvents {
    lines: &'static [(&'static str, &'static str, &'static [Event])],
    query: &'static [(&'static str, &'static str)],
}

/// Every variable under its own name: Htek's guide, which Fanvil's Action URL follows.
const SAME_NAMES: [(&str, &str); 12] = [
    ("mac", "mac"),
    ("ip", "ip"),
    ("model", "model"),
    ("firmware", "firmware"),
    ("active_url", "active_url"),
    ("active_user", "active_user"),
    ("active_host", "active_host"),
    ("local", "local"),
    ("remote", "remote"),
    ("display_local", "display_local"),
    ("display_remote", "display_remote"),
    ("call_id", "call_id"),
];

const HTEK_LINES: [(&str, &str, &[Event]); 18] = [
    (
        "setup_completed",
        "Setup Completed",
        &[Event::SetupCompleted],
    ),
    ("log_on", "Log On", &[Event::LogOn]),
    ("log_off", "Log Off", &[Event::LogOff]),
    (
        "register_failed",
        "Register Failed",
        &[Event::RegisterFailed],
    ),
    ("offhook", "Offhook", &[Event::Offhook]),
    ("onhook", "Onhook", &[Event::Onhook]),
    ("incoming_call", "Incoming Call", &[Event::IncomingCall]),
    ("outgoing_call", "Outgoing Call", &[Event::OutgoingCall]),
    (
        "call_established",
        "Call Established",
        &[Event::CallEstablished],
    ),
    (
        "call_terminated",
        "Call Terminated",
        &[Event::CallTerminated],
    ),
    ("open_dnd", "Open DND", &[Event::OpenDnd]),
    ("close_dnd", "Close DND", &[Event::CloseDnd]),
    (
        "open_always_forward",
        "Open Always Forward",
        &[Event::OpenAlwaysForward],
    ),
    (
        "close_always_forward",
        "Close Always Forward",
        &[Event::CloseAlwaysForward],
    ),
    (
        "open_busy_forward",
        "Open Busy Forward",
        &[Event::OpenBusyForward],
    ),
    (
        "close_busy_forward",
        "Close Busy Forward",
        &[Event::CloseBusyForward],
    ),
    (
        "open_no_busy_forward",
        "Open No Busy Forward",
        &[Event::OpenNoBusyForward],
    ),
    (
        "close_no_busy_forward",
        "Close No Busy Forward",
        &[Event::CloseNoBusyForward],
    ),
];

const HTEK: BrandEvents = BrandEvents {
    lines: &HTEK_LINES,
    query: &SAME_NAMES,
};

/// Yealink's `action_url.*` keys (Features -> Action URL on the web page); its variables have
/// Htek's names.
const YEALINK: BrandEvents = BrandEvents {
    lines: &[
        (
            "action_url.incoming_call",
            "Incoming Call",
            &[Event::IncomingCall],
        ),
        (
            "action_url.outgoing_call",
            "Outgoing Call",
            &[Event::OutgoingCall],
        ),
        (
            "action_url.call_established",
            "Established",
            &[Event::CallEstablished],
        ),
        (
            "action_url.call_terminated",
            "Terminated",
            &[Event::CallTerminated],
        ),
        ("action_url.open_dnd", "Open DND", &[Event::OpenDnd]),
        ("action_url.close_dnd", "Close DND", &[Event::CloseDnd]),
    ],
    query: &SAME_NAMES,
};

/// Snom's `action_*_url` settings (Advanced -> Action URL Settings): `$phone_ip` for the
/// address, `$call-id` with a hyphen; no MAC, model or firmware variables used here.
const SNOM: BrandEvents = BrandEvents {
    lines: &[
        (
            "action_incoming_url",
            "Incoming call",
            &[Event::IncomingCall],
        ),
        (
            "action_outgoing_url",
            "Outgoing call",
            &[Event::OutgoingCall],
        ),
        (
            "action_connected_url",
            "Connected",
            &[Event::CallEstablished],
        ),
        (
            "action_disconnected_url",
            "Disconnected",
            &[Event::CallTerminated],
        ),
        ("action_dnd_on_url", "DND on", &[Event::OpenDnd]),
        ("action_dnd_off_url", "DND off", &[Event::CloseDnd]),
    ],
    query: &[
        ("mac", "mac"),
        ("ip", "phone_ip"),
        ("active_url", "active_url"),
        ("active_user", "active_user"),
        ("active_host", "active_host"),
        ("local", "local"),
        ("remote", "remote"),
        ("display_local", "display_local"),
        ("display_remote", "display_remote"),
        ("call_id", "call-id"),
    ],
};

/// Grandstream's Action URL fields (Settings -> Action URL): `$remote` is the bare number,
/// `$phone_ip`, `$product`, `$program_version`; no call id (calls are told apart by number).
const GRANDSTREAM: BrandEvents = BrandEvents {
    lines: &[
        ("incoming_call", "Incoming Call", &[Event::IncomingCall]),
        ("outgoing_call", "Outgoing Call", &[Event::OutgoingCall]),
        (
            "established_call",
            "Established Call",
            &[Event::CallEstablished],
        ),
        (
            "terminated_call",
            "Terminated Call",
            &[Event::CallTerminated],
        ),
        ("open_dnd", "Open DND", &[Event::OpenDnd]),
        ("close_dnd", "Close DND", &[Event::CloseDnd]),
    ],
    query: &[
        ("mac", "mac"),
        ("ip", "phone_ip"),
        ("model", "product"),
        ("firmware", "program_version"),
        ("active_user", "active_user"),
        ("local", "local"),
        ("remote", "remote"),
        ("display_local", "display_local"),
        ("display_remote", "display_remote"),
    ],
};

/// Fanvil's Action URL page (Phone -> Action URL); Htek's variable names.
const FANVIL: BrandEvents = BrandEvents {
    lines: &[
        ("incoming_call", "Incoming Call", &[Event::IncomingCall]),
        ("outgoing_call", "Outgoing Call", &[Event::OutgoingCall]),
        (
            "call_established",
            "Call Established",
            &[Event::CallEstablished],
        ),
        (
            "call_terminated",
            "Call Terminated",
            &[Event::CallTerminated],
        ),
        ("dnd_enabled", "DND Enabled", &[Event::OpenDnd]),
        ("dnd_disabled", "DND Disabled", &[Event::CloseDnd]),
    ],
    query: &SAME_NAMES,
};

/// Poly's telephony notifications: each switch's key, the one URL (no variables: the XML
/// carries the call). No DND notification.
const POLY: BrandEvents = BrandEvents {
    lines: &[
        (
            "apps.telNotification.incomingEvent",
            "Incoming Call Event",
            &[Event::IncomingCall],
        ),
        (
            "apps.telNotification.outgoingEvent",
            "Outgoing Call Event",
            &[Event::OutgoingCall],
        ),
        (
            "apps.telNotification.callStateChangeEvent",
            "Call State Change Event",
            &[Event::CallEstablished, Event::CallTerminated],
        ),
    ],
    query: &[],
};

fn events_of(brand: Brand) -> &'static BrandEvents {
    match brand {
        Brand::Htek => &HTEK,
        Brand::Yealink => &YEALINK,
        Brand::Snom => &SNOM,
        Brand::Grandstream => &GRANDSTREAM,
        Brand::Fanvil => &FANVIL,
        Brand::Poly => &POLY,
    }
}

/// The Action URLs to paste into the phone, for one receiver, token and brand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionUrlSetup {
    base: String,
    token: String,
    brand: Brand,
}

impl ActionUrlSetup {
    /// `base_url` is the receiver as the phone reaches it, `http://192.168.0.50:8765` (the
    /// scheme may be left out; a trailing `/` is dropped). The brand is Htek until
    /// [`ActionUrlSetup::with_brand`].
    ///
    /// # Errors
    ///
    /// [`SetupError`] for an address that is not `http://host[:port]` or a bad token.
    pub fn new(base_url: &str, token: &str) -> Result<ActionUrlSetup, SetupError> {
        validate_token(token).map_err(SetupError::BadToken)?;
        let trimmed = base_url.trim();
        let authority = match trimmed.split_once("://") {
            Some((scheme, rest)) if scheme.eq_ignore_ascii_case("http") => rest,
            Some(_) => return Err(SetupError::BadBaseUrl),
            None => trimmed,
        };
        let authority = authority.strip_suffix('/').unwrap_or(authority);
        let bad = authority.is_empty()
            || authority.starts_with(':')
            || authority
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || "/?#@\\%$&{}\"<>".contains(c));
        if bad {
            return Err(SetupError::BadBaseUrl);
        }
        Ok(ActionUrlSetup {
            base: format!("http://{authority}"),
            token: token.to_string(),
            brand: Brand::Htek,
        })
    }

    /// The same setup for `brand`'s phone.
    #[must_use]
    pub fn with_brand(self, brand: Brand) -> ActionUrlSetup {
        ActionUrlSetup { brand, ..self }
    }

    /// The brand the lines are for.
    pub fn brand(&self) -> Brand {
        self.brand
    }

    /// The receiver's base URL, `http://host:port`.
    pub fn base_url(&self) -> &str {
        &self.base
    }

    /// Where Poly's notifications go: the token path, `http://host:port/<token>`.
    pub fn notification_url(&self) -> String {
        format!("{}/{}", self.base, self.token)
    }

    /// The URL for `event` on this brand's phone: the event's path and the brand's variables
    /// under our names (every variable of the guide for Htek, as before brands); Poly's one
    /// notification URL for any event.
    pub fn url(&self, event: Event) -> String {
        if self.brand == Brand::Poly {
            return self.notification_url();
        }
        let mut url = format!("{}/{}/{}?", self.base, self.token, event.wire());
        for (i, (ours, theirs)) in events_of(self.brand).query.iter().enumerate() {
            if i > 0 {
                url.push('&');
            }
            url.push_str(ours);
            url.push_str("=$");
            url.push_str(theirs);
        }
        url
    }

    /// The brand's lines, in the order of its documentation.
    pub fn lines(&self) -> Vec<SetupLine> {
        events_of(self.brand)
            .lines
            .iter()
            .map(|&(key, label, events)| SetupLine {
                key,
                label,
                events,
                url: self.url(events[0]),
            })
            .collect()
    }

    /// Every event with its URL (each line's events), in the order of the brand's lines.
    pub fn all(&self) -> Vec<(Event, String)> {
        self.lines()
            .into_iter()
            .flat_map(|line| line.events.iter().map(move |e| (*e, line.url.clone())))
            .collect()
    }

    /// The lines as the brand's configuration file writes them, under a comment that says
    /// what is verified. Htek: `Field name = URL` (the web page's fields, not verified
    /// provisioning keys); Yealink: `action_url.* = URL` (`.cfg`); Snom: `<settings>` XML;
    /// Grandstream and Fanvil: the web page's fields (their provisioning names differ by model);
    /// Poly: `<PHONE_CONFIG>` with `apps.telNotification.URL` and one switch per notification.
    pub fn provisioning_snippet(&self) -> String {
        let lines = self.lines();
        let mut out = String::new();
        match self.brand {
            Brand::Htek => {
                out.push_str(
                    "# click-to-dial: Action URL settings (phone web page: Setting -> Action URL).\n\
                     # The names are the fields of that page, not verified auto-provisioning keys:\n\
                     # match them with your firmware's template (Management -> Configuration ->\n\
                     # Download Xml File) before provisioning.\n",
                );
                for line in &lines {
                    out.push_str(&format!("{} = {}\n", line.label, line.url));
                }
            }
            Brand::Yealink => {
                out.push_str(
                    "#!version:1.0.0.1\n\
                     # click-to-dial: Action URL settings (web page: Features -> Action URL).\n",
                );
                for line in &lines {
                    out.push_str(&format!("{} = {}\n", line.key, line.url));
                }
            }
            Brand::Snom => {
                out.push_str(
                    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n\
                     <!-- click-to-dial: Action URL settings (web page: Advanced -> Action URL Settings) -->\n\
                     <settings>\n  <phone-settings>\n",
                );
                for line in &lines {
                    out.push_str(&format!(
                        "    <{key} perm=\"RW\">{}</{key}>\n",
                        xml_escape(&line.url),
                        key = line.key
                    ));
                }
                out.push_str("  </phone-settings>\n</settings>\n");
            }
            Brand::Grandstream | Brand::Fanvil => {
                out.push_str(&format!(
                    "# click-to-dial: Action URL settings for {} (web page: {}).\n\
                     # The names are the fields of that page; the provisioning names differ by model\n\
                     # and firmware: take them from the phone's exported configuration.\n",
                    self.brand.name(),
                    if self.brand == Brand::Grandstream {
                        "Settings -> Action URL"
                    } else {
                        "Phone -> Action URL"
                    }
                ));
                for line in &lines {
                    out.push_str(&format!("{} = {}\n", line.label, line.url));
                }
            }
            Brand::Poly => {
                out.push_str(
                    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
                     <!-- click-to-dial: telephony event notifications, POSTed as XML to one URL -->\n\
                     <PHONE_CONFIG>\n  <ALL\n",
                );
                out.push_str(&format!(
                    "    apps.telNotification.URL=\"{}\"\n",
                    xml_escape(&self.notification_url())
                ));
                for line in &lines {
                    out.push_str(&format!("    {}=\"1\"\n", line.key));
                }
                out.push_str("  />\n</PHONE_CONFIG>\n");
            }
        }
        out
    }
}

/// `&`, `<`, `>` and `"` as XML entities.
fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The query names a brand's URLs use, ours (for tests: each is one the receiver reads).
#[cfg(test)]
fn our_names(brand: Brand) -> Vec<&'static str> {
    events_of(brand)
        .query
        .iter()
        .map(|(ours, _)| *ours)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::incoming::{check_target, VARIABLES};

    const TOKEN: &str = "0123456789abcdef0123456789abcdef";
    const BASE: &str = "http://192.168.0.50:8765";

    fn setup(brand: Brand) -> ActionUrlSetup {
        ActionUrlSetup::new(BASE, TOKEN)
            .map(|s| s.with_brand(brand))
            .unwrap_or_else(|e| panic!("{e}"))
    }

    /// Each brand's line for the incoming call, in full.
    #[test]
    fn incoming_call_line_per_brand() {
        let t = format!("{BASE}/{TOKEN}");
        let cases: [(Brand, &str, String); 6] = [
            (Brand::Htek, "incoming_call", format!("{t}/incoming_call?mac=$mac&ip=$ip&model=$model&firmware=$firmware&active_url=$active_url&active_user=$active_user&active_host=$active_host&local=$local&remote=$remote&display_local=$display_local&display_remote=$display_remote&call_id=$call_id")),
            (Brand::Yealink, "action_url.incoming_call", format!("{t}/incoming_call?mac=$mac&ip=$ip&model=$model&firmware=$firmware&active_url=$active_url&active_user=$active_user&active_host=$active_host&local=$local&remote=$remote&display_local=$display_local&display_remote=$display_remote&call_id=$call_id")),
            (Brand::Snom, "action_incoming_url", format!("{t}/incoming_call?mac=$mac&ip=$phone_ip&active_url=$active_url&active_user=$active_user&active_host=$active_host&local=$local&remote=$remote&display_local=$display_local&display_remote=$display_remote&call_id=$call-id")),
            (Brand::Grandstream, "incoming_call", format!("{t}/incoming_call?mac=$mac&ip=$phone_ip&model=$product&firmware=$program_version&active_user=$active_user&local=$local&remote=$remote&display_local=$display_local&display_remote=$display_remote")),
            (Brand::Fanvil, "incoming_call", format!("{t}/incoming_call?mac=$mac&ip=$ip&model=$model&firmware=$firmware&active_url=$active_url&active_user=$active_user&active_host=$active_host&local=$local&remote=$remote&display_local=$display_local&display_remote=$display_remote&call_id=$call_id")),
            (Brand::Poly, "apps.telNotification.incomingEvent", t.clone()),
        ];
        for (brand, key, url) in cases {
            let line = setup(brand)
                .lines()
                .into_iter()
                .find(|l| l.events.contains(&Event::IncomingCall))
                .unwrap_or_else(|| panic!("{brand}: no incoming line"));
            assert_eq!((line.key, line.url), (key, url), "{brand}");
        }
    }

    /// Htek keeps its 18 lines exactly as before brands: every event, its page label.
    #[test]
    fn htek_keeps_every_event() {
        let lines = setup(Brand::Htek).lines();
        assert_eq!(lines.len(), 18);
        for (line, event) in lines.iter().zip(Event::ALL) {
            assert_eq!(line.events, [event]);
            assert_eq!(line.key, event.wire());
            assert_eq!(line.label, event.phone_label());
        }
    }

    /// Which events each brand reports, and that no brand reports one twice.
    #[test]
    fn events_per_brand() {
        use Event::*;
        let calls = [IncomingCall, OutgoingCall, CallEstablished, CallTerminated];
        for brand in Brand::ALL {
            let events: Vec<Event> = setup(brand).all().into_iter().map(|(e, _)| e).collect();
            for e in calls {
                assert_eq!(events.iter().filter(|x| **x == e).count(), 1, "{brand} {e}");
            }
            let dnd = events.contains(&OpenDnd) && events.contains(&CloseDnd);
            assert_eq!(dnd, brand != Brand::Poly, "{brand}");
        }
        let poly = setup(Brand::Poly).lines();
        assert_eq!(poly[2].events, [CallEstablished, CallTerminated]);
    }

    /// Every query name is one the receiver reads, once; every URL, with the brand's
    /// variables replaced as the phone replaces them, reads back as its event.
    #[test]
    fn urls_read_back() {
        for brand in Brand::ALL {
            let names = our_names(brand);
            for name in &names {
                assert!(VARIABLES.contains(name), "{brand}: {name}");
                assert_eq!(names.iter().filter(|n| *n == name).count(), 1, "{brand}");
            }
            if brand == Brand::Poly {
                continue;
            }
            for (event, url) in setup(brand).all() {
                let mut sent = url.replace("$remote", "sip:0301234567@pbx");
                for (_, theirs) in events_of(brand).query {
                    sent = sent.replace(&format!("${theirs}"), "x");
                }
                let target = &sent[BASE.len()..];
                let report = check_target(target, TOKEN).unwrap_or_else(|e| panic!("{e}"));
                assert_eq!(report.event, event, "{brand}");
                assert_eq!(report.caller_number().as_deref(), Some("0301234567"));
            }
        }
    }

    /// A brand's variables left as they are (a firmware that does not know one) read as no
    /// value: Snom's `$call-id` and `$phone_ip` too.
    #[test]
    fn unsubstituted_brand_variables_are_no_value() {
        let url = setup(Brand::Snom).url(Event::IncomingCall);
        let report = check_target(&url[BASE.len()..], TOKEN).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(report.vars, super::super::Vars::default());
    }

    #[test]
    fn snippets_in_each_brands_syntax() {
        let yealink = setup(Brand::Yealink).provisioning_snippet();
        assert!(yealink.starts_with("#!version:1.0.0.1\n"), "{yealink}");
        assert!(
            yealink.contains(&format!(
                "\naction_url.call_terminated = {BASE}/{TOKEN}/call_terminated?mac=$mac&"
            )),
            "{yealink}"
        );
        let snom = setup(Brand::Snom).provisioning_snippet();
        assert!(
            snom.contains(&format!("    <action_incoming_url perm=\"RW\">{BASE}/{TOKEN}/incoming_call?mac=$mac&amp;ip=$phone_ip&amp;")),
            "{snom}"
        );
        assert!(snom.ends_with("</phone-settings>\n</settings>\n"), "{snom}");
        let poly = setup(Brand::Poly).provisioning_snippet();
        assert!(
            poly.contains(&format!(
                "    apps.telNotification.URL=\"{BASE}/{TOKEN}\"\n"
            )),
            "{poly}"
        );
        for key in ["incomingEvent", "outgoingEvent", "callStateChangeEvent"] {
            assert!(
                poly.contains(&format!("    apps.telNotification.{key}=\"1\"\n")),
                "{poly}"
            );
        }
        let grandstream = setup(Brand::Grandstream).provisioning_snippet();
        assert!(
            grandstream.contains(&format!(
                "\nEstablished Call = {BASE}/{TOKEN}/call_established?"
            )),
            "{grandstream}"
        );
        let fanvil = setup(Brand::Fanvil).provisioning_snippet();
        assert!(
            fanvil.contains(&format!("\nDND Enabled = {BASE}/{TOKEN}/open_dnd?")),
            "{fanvil}"
        );
    }
}
