//! The dial policy: one place that decides, for every path that can start a call, whether it
//! dials now, asks the person first, or is refused, and why.
//!
//! Every request names its [`Path`] (a marked number, a page's `tel:` link, the hover card, Dial
//! selection, the shortcut, the page bridge, the popup, redial, call back) and, for a click in a
//! page, what the page layer found the person could see at the click point ([`Seen`]). The
//! number's [`Facts`] (costly, a feature code, abroad) come from the numbering plans. The
//! background only carries the [`Verdict`] out: it never dials past an `Ask` without the
//! person's Dial in an extension window, and never past a `Refuse`.
//!
//! ```
//! use click_to_dial::dial::policy::{decide, Facts, Path, Safety, Seen, Sight, Verdict, Why};
//! use click_to_dial::detect::plan::Cost;
//! let visible = Seen { sight: Sight::Visible, ..Seen::default() };
//! let ordinary = Facts::default();
//! let safety = Safety::default();
//! assert_eq!(decide(Path::MarkedNumber, &visible, &ordinary, &safety), Verdict::DialNow);
//! // A number the person could not see never dials.
//! let hidden = Seen { sight: Sight::Hidden, ..visible.clone() };
//! assert_eq!(decide(Path::MarkedNumber, &hidden, &ordinary, &safety), Verdict::Refuse(Why::Hidden));
//! // A premium-rate number from a page asks; typed in the popup it dials.
//! let premium = Facts { cost: Some(Cost::PremiumOrShared), ..Facts::default() };
//! assert_eq!(
//!     decide(Path::MarkedNumber, &visible, &premium, &safety),
//!     Verdict::Ask(Why::Costly)
//! );
//! assert_eq!(decide(Path::Typed, &Seen::default(), &premium, &safety), Verdict::DialNow);
//! ```

use crate::detect::plan::{Cost, Region};
use crate::detect::{find, Options, PhoneNumber};
use serde::{Deserialize, Serialize};

/// Where a dial request came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Path {
    /// A click on a number the extension marked in a page.
    MarkedNumber,
    /// A click on a page's own `tel:`, `callto:` or `sip:` link (the takeover).
    DialLink,
    /// The hover card's Dial button.
    HoverCard,
    /// "Dial selection" in the context menu.
    Selection,
    /// The keyboard shortcut (Dial selection).
    Shortcut,
    /// A web page's request through the page bridge (the `<click-to-dial>` component).
    Bridge,
    /// What the person typed or pasted in the popup.
    Typed,
    /// Redial from the popup's recent calls.
    Redial,
    /// Call back from a missed call or the call line.
    CallBack,
}

impl Path {
    /// Whether the number came from the person's own typing or the extension's own lists,
    /// not from a web page.
    pub fn is_the_persons_own(self) -> bool {
        matches!(self, Path::Typed | Path::Redial | Path::CallBack)
    }

    /// Whether the page layer checks what the person saw at the click point.
    fn is_a_click_in_a_page(self) -> bool {
        matches!(self, Path::MarkedNumber | Path::DialLink | Path::HoverCard)
    }
}

/// What the page layer found at the click point: the clicked number's text (a link's box, the
/// hover card's button) was visible, hidden or covered, or it could not tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Sight {
    /// Visible colour and opacity, not clipped or covered, and the click landed on it.
    #[serde(rename = "yes")]
    Visible,
    /// Invisible (transparent, faint, clipped, off-screen) or covered by something else.
    #[serde(rename = "no")]
    Hidden,
    /// The check could not tell (no answer counts as this).
    #[default]
    #[serde(rename = "unsure")]
    Unsure,
}

/// What a click in a page was on, as the content script reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Via {
    /// A number the extension marked.
    Mark,
    /// The page's own `tel:`/`callto:`/`sip:` link.
    Link,
    /// The hover card's Dial button.
    Card,
}

impl Via {
    pub fn path(self) -> Path {
        match self {
            Via::Mark => Path::MarkedNumber,
            Via::Link => Path::DialLink,
            Via::Card => Path::HoverCard,
        }
    }
}

/// What the person saw of the thing they clicked, as the content script reports it:
/// `{"via": "mark" | "link" | "card", "visible": "yes" | "no" | "unsure", "linkText": "..."}`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Seen {
    /// What was clicked; `None` counts as a marked number.
    pub via: Option<Via>,
    #[serde(rename = "visible")]
    pub sight: Sight,
    /// A `tel:` link's visible text (at most [`Seen::MAX_LINK_TEXT`] characters are read).
    pub link_text: Option<String>,
}

impl Seen {
    /// The most characters of a link's text that are compared.
    pub const MAX_LINK_TEXT: usize = 200;
}

/// What the numbering plans say about the number to dial.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Facts {
    /// Why it costs more than an ordinary call, if it does.
    pub cost: Option<Cost>,
    /// A star or hash feature code (`*72...`, `#31#...`): it changes the phone's or the line's
    /// settings (forwarding, caller ID) rather than calling someone.
    pub feature_code: bool,
    /// The country called when it is not the user's own: its region code, or `+CC` for a
    /// non-geographic code.
    pub abroad: Option<String>,
    /// Whether a `tel:` link's text is the same number as the link dials (see
    /// [`Facts::with_link_text`]); `None` when not a link.
    pub link_text_matches: Option<bool>,
}

impl Facts {
    /// The facts of `number`, as read in `home`, dialed as `dial` (the dial string).
    pub fn of(number: &PhoneNumber, home: &Region, dial: &str) -> Facts {
        let code = crate::detect::plan::country_code(number.country_code);
        let abroad = (number.country_code != home.country_code).then(|| {
            code.and_then(|c| c.main_region())
                .map_or_else(|| format!("+{}", number.country_code), str::to_string)
        });
        Facts {
            cost: code.and_then(|c| c.cost(&number.national_number)),
            feature_code: is_feature_code(dial),
            abroad,
            link_text_matches: None,
        }
    }

    /// The facts of a short number or code the person typed (`206`, `*97#`).
    pub fn of_code(dial: &str) -> Facts {
        Facts {
            feature_code: is_feature_code(dial),
            ..Facts::default()
        }
    }

    /// With whether `link_text` (a `tel:` link's visible text) is the number `e164` read in
    /// `home`: a number the finder reads in the text is that number, or the text's digits are
    /// the E.164 digits or the national digits.
    pub fn with_link_text(mut self, link_text: &str, e164: &str, home: &'static Region) -> Facts {
        self.link_text_matches = Some(link_text_is(link_text, e164, home));
        self
    }
}

/// Whether a dial string is a star or hash feature code.
fn is_feature_code(dial: &str) -> bool {
    dial.contains(['*', '#'])
}

/// Whether a link's visible text shows the number `e164` (read with `home` as the region).
fn link_text_is(text: &str, e164: &str, home: &'static Region) -> bool {
    let text: String = text.chars().take(Seen::MAX_LINK_TEXT).collect();
    let found = find(&text, &Options::region(Some(home)));
    if !found.is_empty() {
        return found.len() == 1 && found[0].number.e164() == e164;
    }
    // Written so that the finder does not take it for a number on its own (no context), but
    // the digits are the same: "+1 (206) 555-0100" in a button, "0301234567".
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    let wanted = e164.trim_start_matches('+');
    !digits.is_empty()
        && (digits == wanted
            || crate::detect::parse(&text, Some(home)).is_ok_and(|n| n.e164() == e164))
}

/// The rules the person (or the admin, through a policy) set; kept in the settings as
/// `safety`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Safety {
    /// Costly numbers from a page ask first (on unless turned off).
    pub ask_costly: bool,
    /// Numbers abroad from a page ask first (off: sales teams call abroad all day).
    pub ask_abroad: bool,
}

impl Default for Safety {
    fn default() -> Self {
        Safety {
            ask_costly: true,
            ask_abroad: false,
        }
    }
}

/// What to do with a dial request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    DialNow,
    /// Ask the person in an extension window, saying why; dial only on their Dial.
    Ask(Why),
    /// Do not dial; tell the person why.
    Refuse(Why),
}

/// Why a dial asks first or is refused; shown to the person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Why {
    /// The number was invisible or covered where the person clicked.
    Hidden,
    /// The page layer could not tell whether the number was visible.
    NotSureSeen,
    /// A link's text is not the number it dials (or no number at all).
    LinkTextDiffers,
    /// Premium rate, shared cost, personal number, satellite or another international network.
    Costly,
    /// A star or hash feature code.
    FeatureCode,
    /// A number in another country, and the person asked to be asked.
    Abroad,
}

impl Why {
    /// The reason's name, as serialized ("hidden", "linkTextDiffers", ...).
    pub fn name(self) -> &'static str {
        match self {
            Why::Hidden => "hidden",
            Why::NotSureSeen => "notSureSeen",
            Why::LinkTextDiffers => "linkTextDiffers",
            Why::Costly => "costly",
            Why::FeatureCode => "featureCode",
            Why::Abroad => "abroad",
        }
    }
}

/// Decides what becomes of a dial request from `path`, with what the person saw (`seen`,
/// for clicks in a page), the number's `facts` and the person's `safety` rules.
///
/// In order: what the person could not see is refused, what the page layer could not vouch
/// for asks, a link whose text is another number asks; then, for numbers that did not come
/// from the person's own typing or lists, costly numbers, feature codes and (when set) numbers
/// abroad ask.
pub fn decide(path: Path, seen: &Seen, facts: &Facts, safety: &Safety) -> Verdict {
    if path.is_a_click_in_a_page() {
        match seen.sight {
            Sight::Hidden => return Verdict::Refuse(Why::Hidden),
            Sight::Unsure => return Verdict::Ask(Why::NotSureSeen),
            Sight::Visible => {}
        }
    }
    if path == Path::DialLink && facts.link_text_matches != Some(true) {
        return Verdict::Ask(Why::LinkTextDiffers);
    }
    if path.is_the_persons_own() {
        return Verdict::DialNow;
    }
    if facts.cost.is_some() && safety.ask_costly {
        return Verdict::Ask(Why::Costly);
    }
    if facts.feature_code {
        return Verdict::Ask(Why::FeatureCode);
    }
    if facts.abroad.is_some() && safety.ask_abroad {
        return Verdict::Ask(Why::Abroad);
    }
    Verdict::DialNow
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::parse;
    use Path::*;
    use Sight::*;
    use Verdict::*;

    fn seen(sight: Sight) -> Seen {
        Seen {
            sight,
            ..Seen::default()
        }
    }

    fn facts(number: &str, home: &str) -> Facts {
        let home = Region::find(home).unwrap();
        let number = parse(number, Some(home)).unwrap();
        Facts::of(&number, home, &number.e164())
    }

    const ALL_PATHS: [Path; 9] = [
        MarkedNumber,
        DialLink,
        HoverCard,
        Selection,
        Shortcut,
        Bridge,
        Typed,
        Redial,
        CallBack,
    ];

    #[test]
    fn an_ordinary_visible_number_dials_at_once_on_every_path() {
        let ordinary = facts("+1 206 555 0100", "US");
        assert_eq!(ordinary, Facts::default());
        for path in ALL_PATHS {
            let facts = if path == DialLink {
                ordinary.clone().with_link_text(
                    "(206) 555-0100",
                    "+12065550100",
                    Region::find("US").unwrap(),
                )
            } else {
                ordinary.clone()
            };
            assert_eq!(
                decide(path, &seen(Visible), &facts, &Safety::default()),
                DialNow,
                "{path:?}"
            );
        }
    }

    #[test]
    fn what_the_person_saw() {
        let ordinary = Facts::default();
        let safety = Safety::default();
        for path in [MarkedNumber, DialLink, HoverCard] {
            assert_eq!(
                decide(path, &seen(Hidden), &ordinary, &safety),
                Refuse(Why::Hidden),
                "{path:?}"
            );
            assert_eq!(
                decide(path, &seen(Unsure), &ordinary, &safety),
                Ask(Why::NotSureSeen),
                "{path:?}"
            );
        }
        // Paths without a click in a page have no sight to check: the default (unsure) is
        // not held against them.
        for path in [Selection, Shortcut, Bridge, Typed, Redial, CallBack] {
            assert_eq!(
                decide(path, &Seen::default(), &ordinary, &safety),
                DialNow,
                "{path:?}"
            );
        }
    }

    #[test]
    fn a_link_dials_at_once_only_when_its_text_is_its_number() {
        let us = Region::find("US").unwrap();
        let de = Region::find("DE").unwrap();
        for (text, e164, home, same) in [
            ("(206) 555-0100", "+12065550100", us, true),
            ("+1 206 555 0100", "+12065550100", us, true),
            ("Call +1-206-555-0100 now", "+12065550100", us, true),
            ("2065550100", "+12065550100", us, true),
            ("030 1234567", "+49301234567", de, true),
            ("+49 (0)30 123 45-67", "+49301234567", de, true),
            ("Claim your discount", "+19005550199", us, false),
            ("", "+19005550199", us, false),
            ("(206) 555-0100", "+19005550199", us, false),
            ("Call us", "+12065550100", us, false),
            (
                "+1 206 555 0100 or +1 206 555 0101",
                "+12065550101",
                us,
                false,
            ),
            ("1", "+12065550100", us, false),
            ("555-0100", "+12065550100", us, false),
            // A toll-free number in the keypad's letters is the number its keys dial.
            ("1-800-FLOWERS", "+18003569377", us, true),
            ("1-800-FLOWERS", "+19003569377", us, false),
        ] {
            let facts = Facts::default().with_link_text(text, e164, home);
            assert_eq!(facts.link_text_matches, Some(same), "{text:?} vs {e164}");
            let expected = if same {
                DialNow
            } else {
                Ask(Why::LinkTextDiffers)
            };
            assert_eq!(
                decide(DialLink, &seen(Visible), &facts, &Safety::default()),
                expected,
                "{text:?}"
            );
        }
        // No text compared at all (an old content script): it asks.
        assert_eq!(
            decide(
                DialLink,
                &seen(Visible),
                &Facts::default(),
                &Safety::default()
            ),
            Ask(Why::LinkTextDiffers)
        );
    }

    #[test]
    fn costly_numbers_ask_unless_typed() {
        for (number, home) in [
            ("+1 900 555 0199", "US"),
            ("0900 1234567", "DE"),
            ("+44 909 879 0000", "US"),
            ("+881 6 1234 5678", "US"),
        ] {
            let facts = facts(number, home);
            assert!(facts.cost.is_some(), "{number}");
            for path in ALL_PATHS {
                let facts = facts.clone().with_link_text(
                    number,
                    &facts_e164(number, home),
                    Region::find(home).unwrap(),
                );
                let expected = if path.is_the_persons_own() {
                    DialNow
                } else {
                    Ask(Why::Costly)
                };
                assert_eq!(
                    decide(path, &seen(Visible), &facts, &Safety::default()),
                    expected,
                    "{number} by {path:?}"
                );
            }
            // An admin (or the person) who turned the question off.
            let off = Safety {
                ask_costly: false,
                ..Safety::default()
            };
            assert_eq!(decide(Bridge, &Seen::default(), &facts, &off), DialNow);
        }
    }

    fn facts_e164(number: &str, home: &str) -> String {
        parse(number, Region::find(home)).unwrap().e164()
    }

    #[test]
    fn feature_codes_ask_unless_typed() {
        let code = Facts::of_code("*72 2065550100");
        assert!(code.feature_code);
        assert!(Facts::of_code("#31#").feature_code);
        assert!(!Facts::of_code("206").feature_code);
        for path in ALL_PATHS {
            let expected = if path.is_the_persons_own() {
                DialNow
            } else {
                Ask(Why::FeatureCode)
            };
            let mut facts = code.clone();
            facts.link_text_matches = Some(true);
            assert_eq!(
                decide(path, &seen(Visible), &facts, &Safety::default()),
                expected,
                "{path:?}"
            );
        }
    }

    #[test]
    fn numbers_abroad_dial_at_once_unless_set_to_ask() {
        let paris = facts("+33 1 45 55 01 23", "US");
        assert_eq!(paris.abroad.as_deref(), Some("FR"));
        assert_eq!(
            facts("+1 416 555 0100", "US").abroad,
            None,
            "same calling code"
        );
        assert_eq!(
            facts("+800 1234 5678", "DE").abroad.as_deref(),
            Some("+800")
        );
        let ask = Safety {
            ask_abroad: true,
            ..Safety::default()
        };
        assert_eq!(
            decide(MarkedNumber, &seen(Visible), &paris, &Safety::default()),
            DialNow
        );
        assert_eq!(
            decide(MarkedNumber, &seen(Visible), &paris, &ask),
            Ask(Why::Abroad)
        );
        assert_eq!(
            decide(Bridge, &Seen::default(), &paris, &ask),
            Ask(Why::Abroad)
        );
        assert_eq!(decide(Redial, &Seen::default(), &paris, &ask), DialNow);
    }

    #[test]
    fn seen_as_the_content_script_sends_it() {
        let seen: Seen =
            serde_json::from_str(r#"{"via":"link","visible":"yes","linkText":"Call"}"#).unwrap();
        assert_eq!(
            (seen.via, seen.sight, seen.link_text.as_deref()),
            (Some(Via::Link), Visible, Some("Call"))
        );
        assert_eq!(seen.via.map(Via::path), Some(DialLink));
        let seen: Seen = serde_json::from_str(r#"{"via":"card","visible":"no"}"#).unwrap();
        assert_eq!((seen.via, seen.sight), (Some(Via::Card), Hidden));
        // Nothing said: nothing vouched for.
        let seen: Seen = serde_json::from_str(r#"{}"#).unwrap();
        assert_eq!((seen.via, seen.sight), (None, Unsure));
        // Anything else is not a report at all.
        assert!(serde_json::from_str::<Seen>(r#"{"visible":"maybe"}"#).is_err());
        assert!(serde_json::from_str::<Seen>(r#"{"via":"script"}"#).is_err());
    }

    #[test]
    fn reasons_are_named_as_serialized() {
        for why in [
            Why::Hidden,
            Why::NotSureSeen,
            Why::LinkTextDiffers,
            Why::Costly,
            Why::FeatureCode,
            Why::Abroad,
        ] {
            assert_eq!(serde_json::to_value(why).unwrap(), why.name());
        }
    }
}
