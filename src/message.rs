//! The typed messages between the extension's parts, and what a dial attempt came to.
//!
//! Content scripts and extension pages send [`Request`]s to the background. What a content
//! script may ask is a short list ([`Request::allowed_from`]): scan texts, dial a number it
//! found. Nothing a page sends can name a URL, a header or a setting.
//!
//! ```
//! use click_to_dial::message::{Request, Sender};
//! let request: Request = serde_json::from_str(r#"{"type":"Dial","number":"+49301234567"}"#).unwrap();
//! assert!(request.allowed_from(Sender::ContentScript));
//! assert!(!Request::HangUp { phone: None }.allowed_from(Sender::ContentScript));
//! let key: Request = serde_json::from_str(r#"{"type":"Key","key":"MUTE"}"#).unwrap();
//! assert!(!key.allowed_from(Sender::ContentScript) && key.allowed_from(Sender::ExtensionPage));
//! let bridge: Request = serde_json::from_str(r#"{"type":"BridgeDial","number":"+49301234567"}"#).unwrap();
//! assert!(bridge.allowed_from(Sender::ContentScript));
//! let answer: Request = serde_json::from_str(r#"{"type":"BridgeAnswer","id":1,"answer":"allow"}"#).unwrap();
//! assert!(!answer.allowed_from(Sender::ContentScript) && answer.allowed_from(Sender::ExtensionPage));
//! ```

use crate::command::outcome::Outcome;
use crate::detect::{
    batch::{Batch, Matches},
    find,
    plan::{split_country_code, Region},
    region_of_domain, region_of_language, Options, RegionChoice, Written,
};
use crate::dial::policy::Seen;
use crate::phone::{Account, Key};
use serde::{Deserialize, Serialize};

/// A request to the background.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum Request {
    /// Find the phone numbers in each text (content script -> background), with what the page
    /// says about itself and the records the texts belong to (see [`Batch`] and
    /// [`scan_batch`]; `recordOf[i]` is the index in `records` of text `i`'s record).
    Scan {
        texts: Vec<String>,
        #[serde(default, skip_serializing_if = "PageHints::is_empty")]
        hints: PageHints,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        records: Vec<String>,
        #[serde(default, rename = "recordOf", skip_serializing_if = "Vec::is_empty")]
        record_of: Vec<u32>,
    },
    /// Dial a number the user clicked (content script -> background): the finder must read it.
    /// `seen` is what the page layer found the person could see at the click point; the
    /// [dial policy](crate::dial::policy) decides from it whether it dials, asks or refuses.
    Dial {
        number: String,
        #[serde(default)]
        seen: Seen,
        /// The phone to dial on, by its id among the user's phones (the hover card's "Call on
        /// <phone>", a trusted click on the card the person sees); none: the default phone.
        /// Only an id: a page can name no address, and a bridge dial names no phone at all.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        phone: Option<String>,
    },
    /// Dial a number a web page asked for through the page bridge during a person's gesture
    /// (content script -> background): the site must be allowed (the person is asked once per
    /// site, see [`crate::bridge`]), and one gesture dials at most once: `gesture` numbers the
    /// person's gestures in the frame's `document` (the content script's own name for the
    /// document it runs in), as the content script counted them. Answered with
    /// [`Response::BridgeDialed`].
    BridgeDial {
        number: String,
        #[serde(default)]
        gesture: u32,
        #[serde(default)]
        document: String,
    },
    /// The person's answer in the "Dial this number?" window `id`: Dial (`true`) or Cancel
    /// (the ask page -> background).
    AskAnswer { id: u32, dial: bool },
    /// The person's answer to bridge question `id` (the confirmation page -> background).
    BridgeAnswer {
        id: u32,
        answer: crate::bridge::SiteAnswer,
    },
    /// How to treat the page at `url`: marking on or off, mode, home region, where the finder
    /// runs (content script -> background, when it starts).
    PageConfig {
        url: String,
        /// The frame's [`crate::pages::SightAttribute`], for its user style sheet.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        sight: Option<String>,
        /// The frame's [`crate::pages::MarkName`], for the marks' style.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        marks: Option<String>,
    },
    /// Where the finder runs in tab `tab_id`'s top frame, as the background last told it
    /// (extension pages: a diagnosis for admins and tests).
    FinderPlace {
        #[serde(rename = "tabId")]
        tab_id: i32,
    },
    /// What dialing `number` would dial, for the hover card (content script -> background);
    /// with `raw`, the number as the page writes it, also the other countries it could be in
    /// (`hints`: the page's language and domain).
    Preview {
        number: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        raw: Option<String>,
        #[serde(default)]
        hints: PageHints,
    },
    /// Dial what the user typed or pasted in the popup, on `account` or the configured one; may
    /// also be a short internal number or code (popup -> background).
    DialTyped {
        text: String,
        #[serde(default)]
        account: Option<Account>,
        /// Typed, or dialed again from the popup's recent or missed calls; the policy treats
        /// anything else as typed.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        via: Option<crate::dial::policy::Path>,
        /// The phone to dial on, by id (the popup's phone picker); none: the default phone.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        phone: Option<String>,
    },
    /// End the current call (popup -> background), on the phone picked (by id) or the default.
    HangUp {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        phone: Option<String>,
    },
    /// Press a key of the phone picked (by id) or the default (popup -> background).
    Key {
        key: Key,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        phone: Option<String>,
    },
    /// Send digits as DTMF key presses, such as an extension after the answer (popup), on the
    /// phone the call was placed on (by id) or the default.
    SendDtmf {
        digits: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        phone: Option<String>,
    },
    /// Cancel a dial still in its cancel window (popup, notification button).
    CancelDial,
    /// Forget the call history (popup).
    ClearHistory,
    /// Open the CRM page of the caller ringing or in the call now (popup); the background
    /// builds the URL from the user's template.
    OpenScreenPop,
    /// Forget the missed calls (popup).
    ClearMissedCalls,
    /// Start the receiver again, e.g. after installing it (options page).
    ConnectReceiver,
}

/// What the extension's pages or the background tell a tab's content scripts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum Notice {
    /// The page settings changed (the popup's per-site choice): ask for the page's
    /// configuration again.
    PageSettingsChanged,
    /// The keyboard shortcut "Dial selection": answer with the selected text, if any.
    GetSelection,
}

/// Who sent a request, as the background sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sender {
    /// A content script in a web page: as trustworthy as the page.
    ContentScript,
    /// One of the extension's own pages (popup, options).
    ExtensionPage,
}

impl Sender {
    /// Classifies a message's sender from its URL and the extension's own base URL
    /// (`chrome-extension://<id>/`).
    pub fn from_url(sender_url: Option<&str>, extension_base_url: &str) -> Sender {
        match sender_url {
            Some(url) if !extension_base_url.is_empty() && url.starts_with(extension_base_url) => {
                Sender::ExtensionPage
            }
            _ => Sender::ContentScript,
        }
    }
}

impl Request {
    /// The phone a request names by id (the popup's picker, the hover card's "Call on
    /// <phone>"); `None`: the default phone. A bridge dial, the one request a web page's own
    /// script starts, names none.
    pub fn phone(&self) -> Option<&str> {
        match self {
            Request::Dial { phone, .. }
            | Request::DialTyped { phone, .. }
            | Request::HangUp { phone }
            | Request::Key { phone, .. }
            | Request::SendDtmf { phone, .. } => phone.as_deref(),
            _ => None,
        }
    }

    /// The most texts (and records) one scan request may carry, and their total length in
    /// bytes: at least what the page layer sends in one batch (`BATCH_BLOCKS` texts,
    /// `BATCH_CHARS` UTF-16 units of texts and records, each unit at most 3 UTF-8 bytes).
    pub const MAX_SCAN_TEXTS: usize = 4000;
    pub const MAX_SCAN_BYTES: usize = 3 << 20;

    /// Whether `sender` may ask this.
    pub fn allowed_from(&self, sender: Sender) -> bool {
        match self {
            Request::Scan { .. }
            | Request::Dial { .. }
            | Request::BridgeDial { .. }
            | Request::PageConfig { .. }
            | Request::Preview { .. } => true,
            Request::DialTyped { .. }
            | Request::HangUp { .. }
            | Request::Key { .. }
            | Request::SendDtmf { .. }
            | Request::CancelDial
            | Request::ClearHistory
            | Request::OpenScreenPop
            | Request::ClearMissedCalls
            | Request::ConnectReceiver
            | Request::BridgeAnswer { .. }
            | Request::AskAnswer { .. }
            | Request::FinderPlace { .. } => sender == Sender::ExtensionPage,
        }
    }

    /// A [`Request::Scan`] from its texts and records each joined into one string, with each
    /// one's length in UTF-16 units (as JavaScript counts them): one string crosses into the
    /// WebAssembly where thousands would, one by one. `None` when the lengths do not add up to
    /// the joined text, or cut a character in two.
    ///
    /// ```
    /// use click_to_dial::message::{PageHints, Request};
    ///
    /// let scan = Request::scan_joined("Tel. 😀 030 1234567nothing", &[19, 7], "", &[], vec![], PageHints::default());
    /// let Some(Request::Scan { texts, .. }) = scan else { panic!() };
    /// assert_eq!(texts, ["Tel. 😀 030 1234567", "nothing"]);
    /// assert!(Request::scan_joined("abc", &[2], "", &[], vec![], PageHints::default()).is_none());
    /// ```
    pub fn scan_joined(
        texts: &str,
        lengths: &[u32],
        records: &str,
        record_lengths: &[u32],
        record_of: Vec<u32>,
        hints: PageHints,
    ) -> Option<Request> {
        Some(Request::Scan {
            texts: split_utf16(texts, lengths)?,
            hints,
            records: split_utf16(records, record_lengths)?,
            record_of,
        })
    }
}

/// `joined` cut into pieces of `lengths` UTF-16 units each, or `None` when they do not add up
/// to it or a cut falls inside a character.
fn split_utf16(joined: &str, lengths: &[u32]) -> Option<Vec<String>> {
    let mut pieces = Vec::with_capacity(lengths.len());
    let mut chars = joined.char_indices();
    let mut start = 0;
    for &length in lengths {
        let mut units = 0;
        let mut end = start;
        while units < length as usize {
            let (at, c) = chars.next()?;
            units += c.len_utf16();
            end = at + c.len_utf8();
        }
        if units != length as usize {
            return None;
        }
        pieces.push(joined[start..end].to_string());
        start = end;
    }
    (start == joined.len()).then_some(pieces)
}

/// One country a number written the national way could be in, for the hover card's choice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    /// The region's code (`CH`) and its name in the user's language.
    pub region: String,
    pub country: String,
    /// The number read in that country (E.164), and what dialing it would dial (in words).
    pub number: String,
    pub summary: String,
}

/// The longest number text a hover card asks about.
pub const MAX_PREVIEW_RAW: usize = 64;

/// The numbers `raw` (a number as a page writes it, alone) is in each of `regions`, in their
/// order, one per distinct number. Empty when `raw` names its country itself (`+41 ...`,
/// `0041 ...`): then there is nothing to choose.
///
/// ```
/// use click_to_dial::detect::plan::Region;
/// use click_to_dial::message::readings_in;
///
/// let regions = ["US", "DE", "CH"].map(|id| Region::find(id).unwrap());
/// let found = readings_in("044 668 18 00", &regions);
/// let found: Vec<_> = found.iter().map(|(r, n)| (r.id, n.as_str())).collect();
/// assert_eq!(found, [("DE", "+49446681800"), ("CH", "+41446681800")]);
/// assert!(readings_in("+41 44 668 18 00", &regions).is_empty());
/// ```
pub fn readings_in(raw: &str, regions: &[&'static Region]) -> Vec<(&'static Region, String)> {
    let raw = raw.trim();
    let mut out: Vec<(&'static Region, String)> = Vec::new();
    if raw.is_empty() || raw.len() > MAX_PREVIEW_RAW {
        return out;
    }
    for &region in regions {
        let found = find(raw, &Options::region(Some(region)));
        let Some(whole) = found.iter().find(|f| f.raw == raw) else {
            continue;
        };
        if matches!(
            whole.reason.written,
            Written::International | Written::InternationalPrefix
        ) {
            return Vec::new();
        }
        let number = whole.number.e164();
        if !out.iter().any(|(_, n)| *n == number) {
            out.push((region, number));
        }
    }
    out
}

/// The countries a hover card may offer for `number` (E.164, as marked), most likely first:
/// its own calling code's main region, the user's `home`, the user's `others`, then the page's
/// domain and language. Repeats are harmless ([`readings_in`] keeps one reading per number).
pub fn choice_regions(
    number: &str,
    home: &'static Region,
    others: &[&'static Region],
    hints: &PageHints,
) -> Vec<&'static Region> {
    let mut regions: Vec<&'static Region> = number
        .strip_prefix('+')
        .and_then(split_country_code)
        .and_then(|(code, _)| code.main())
        .into_iter()
        .collect();
    regions.push(home);
    regions.extend_from_slice(others);
    regions.extend(hints.domain.as_deref().and_then(region_of_domain));
    regions.extend(hints.language.as_deref().and_then(region_of_language));
    regions
}

/// The readings of `raw` in `regions` ([`readings_in`]) to offer as choices for the marked
/// `number`: that number first, then the others; none when `number` is not one of them (the
/// text is not what was marked) or when it is the only one.
///
/// ```
/// use click_to_dial::detect::plan::Region;
/// use click_to_dial::message::{choice_regions, readings_for_choice, PageHints};
///
/// let hints = PageHints { language: Some("de".into()), domain: None };
/// let regions = choice_regions("+41446681800", Region::find("US").unwrap(), &[], &hints);
/// let choices = readings_for_choice("044 668 18 00", "+41446681800", &regions);
/// let ids: Vec<_> = choices.iter().map(|(r, n)| (r.id, n.as_str())).collect();
/// assert_eq!(ids, [("CH", "+41446681800"), ("DE", "+49446681800")]);
/// assert!(readings_for_choice("044 668 18 00", "+12065550100", &regions).is_empty());
/// ```
pub fn readings_for_choice(
    raw: &str,
    number: &str,
    regions: &[&'static Region],
) -> Vec<(&'static Region, String)> {
    let mut readings = readings_in(raw, regions);
    match readings.iter().position(|(_, n)| n == number) {
        Some(at) if readings.len() > 1 => {
            readings[..=at].rotate_right(1);
            readings
        }
        _ => Vec::new(),
    }
}

/// What a page says about itself, which helps read numbers written the national way.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PageHints {
    /// The page's language tag (`<html lang>`), e.g. `de-AT`.
    pub language: Option<String>,
    /// The page's host name, e.g. `crm.example.fr`.
    pub domain: Option<String>,
}

impl PageHints {
    pub fn is_empty(&self) -> bool {
        self.language.is_none() && self.domain.is_none()
    }
}

/// The batch a [`Request::Scan`] asks for, read as the finder in the page reads it: national
/// numbers in the user's `region`, then the user's `also` countries, with the page's `hints`.
/// `None` when the request carries more than [`Request::MAX_SCAN_TEXTS`] texts or records or
/// [`Request::MAX_SCAN_BYTES`] bytes of them (more than the page layer ever sends at once).
///
/// ```
/// use click_to_dial::detect::{batch::Matches, plan::Region};
/// use click_to_dial::message::{scan_batch, PageHints, Request};
///
/// let texts = vec!["Tel. 030 1234567".to_string()];
/// let hints = PageHints { language: Some("de".into()), domain: None };
/// let germany = Region::find("DE").unwrap();
/// let batch = scan_batch(&texts, &[], &[], &hints, germany, &[]).unwrap();
/// assert_eq!(Matches::from(batch.scan()).number(0), ("+49301234567", ""));
/// let many = vec![String::new(); Request::MAX_SCAN_TEXTS + 1];
/// assert!(scan_batch(&many, &[], &[], &hints, germany, &[]).is_none());
/// ```
pub fn scan_batch<'a>(
    texts: &'a [String],
    records: &'a [String],
    record_of: &'a [u32],
    hints: &'a PageHints,
    region: &'static Region,
    also: &'a [&'static Region],
) -> Option<Batch<'a>> {
    let bytes: usize = texts.iter().chain(records).map(String::len).sum();
    if texts.len() > Request::MAX_SCAN_TEXTS
        || records.len() > Request::MAX_SCAN_TEXTS
        || bytes > Request::MAX_SCAN_BYTES
    {
        return None;
    }
    Some(Batch {
        texts,
        records,
        record_of,
        region: RegionChoice::Fixed(region),
        also,
        language: hints.language.as_deref(),
        domain: hints.domain.as_deref(),
    })
}

/// The background's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum Response {
    /// The numbers in the scanned texts, in columns: the shape the finder's wasm returns in
    /// the page, so that the page layer reads both alike.
    Scanned { matches: Matches },
    /// What became of a phone command.
    Done { outcome: Outcome },
    /// How to treat a page.
    PageConfig(crate::pages::PageConfig),
    /// Where the finder runs in a tab; `None` when no page there asked.
    FinderPlace {
        place: Option<crate::pages::FinderPlace>,
    },
    /// What a number would dial, and on which account (in words).
    Preview {
        dialed: String,
        account: String,
        /// "Dials 0301234567 on account 2.", for the hover card.
        summary: String,
        /// The countries the number as written could be in, the one it is marked in first;
        /// empty when it names its own (`+CC`) or no other country reads it.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        choices: Vec<Choice>,
        /// The user's other phones (id and name, never an address), for the card's "Call on
        /// <phone>"; empty with one phone.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        phones: Vec<crate::settings::PhoneChoice>,
    },
    /// What a web page learns of its bridge dial: ok, or why not.
    BridgeDialed(crate::bridge::BridgeReply),
    /// Done, nothing to tell (a cancel, a cleared history).
    Ok,
    /// The request was not understood or not allowed.
    Refused { message: String },
}

impl Response {
    /// The answer as `sender` may see it: a content script learns that its dial was handled,
    /// not what the phone answered (the user is told by a notification), so the phone's
    /// address never reaches a page's context.
    pub fn for_sender(self, sender: Sender) -> Response {
        match (sender, self) {
            (Sender::ContentScript, Response::Done { .. }) => Response::Ok,
            (_, response) => response,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joined_texts_are_cut_where_javascript_counts() {
        let hints = PageHints::default;
        for (joined, lengths, expected) in [
            ("", &[][..], Some(&[][..])),
            ("", &[0, 0], Some(&["", ""][..])),
            ("ab", &[1, 1], Some(&["a", "b"][..])),
            ("€1😀x", &[2, 3], Some(&["€1", "😀x"][..])), // 😀 is two UTF-16 units
            ("😀", &[1, 1], None),                        // a cut inside a character
            ("abc", &[2], None),                          // too short
            ("ab", &[2, 1], None),                        // too long
        ] {
            let scan = Request::scan_joined(joined, lengths, "", &[], vec![], hints());
            let texts = scan.map(|s| match s {
                Request::Scan { texts, .. } => texts,
                _ => unreachable!(),
            });
            let expected = expected.map(|e| e.iter().map(|s| s.to_string()).collect::<Vec<_>>());
            assert_eq!(texts, expected, "{joined:?} {lengths:?}");
        }
        let scan = Request::scan_joined("x", &[1], "Anna\tDE", &[7], vec![0], hints()).unwrap();
        assert_eq!(
            scan,
            Request::Scan {
                texts: vec!["x".into()],
                hints: hints(),
                records: vec!["Anna\tDE".into()],
                record_of: vec![0],
            }
        );
    }

    #[test]
    fn content_scripts_do_not_learn_the_phone_address() {
        let done = Response::Done {
            outcome: Outcome::HungUp {
                phone: "10.0.0.7".into(),
            },
        };
        assert_eq!(done.clone().for_sender(Sender::ContentScript), Response::Ok);
        assert_eq!(done.clone().for_sender(Sender::ExtensionPage), done);
        let scanned = Response::Scanned {
            matches: Matches::default(),
        };
        assert_eq!(scanned.clone().for_sender(Sender::ContentScript), scanned);
    }

    #[test]
    fn finder_place_as_the_scripts_send_it() {
        let place: Request =
            serde_json::from_value(serde_json::json!({"type": "FinderPlace", "tabId": 7})).unwrap();
        assert_eq!(place, Request::FinderPlace { tab_id: 7 });
        let answer = Response::FinderPlace {
            place: Some(crate::pages::FinderPlace::Background),
        };
        assert_eq!(
            serde_json::to_value(&answer).unwrap(),
            serde_json::json!({"type": "FinderPlace", "place": "background"})
        );
    }

    #[test]
    fn requests_by_trust() {
        let scan = Request::Scan {
            texts: vec![],
            hints: PageHints::default(),
            records: vec![],
            record_of: vec![],
        };
        let dial = Request::Dial {
            number: "1".into(),
            seen: Seen::default(),
            phone: None,
        };
        let dial_on_room = Request::Dial {
            number: "1".into(),
            seen: Seen::default(),
            phone: Some("2".into()),
        };
        for (request, content_script, extension_page) in [
            (&scan, true, true),
            (&dial, true, true),
            // The hover card's "Call on <phone>": a trusted click in the content script's card.
            (&dial_on_room, true, true),
            (&Request::HangUp { phone: None }, false, true),
            (
                &Request::HangUp {
                    phone: Some("2".into()),
                },
                false,
                true,
            ),
            (
                &Request::DialTyped {
                    text: "206".into(),
                    account: None,
                    via: None,
                    phone: Some("2".into()),
                },
                false,
                true,
            ),
            (
                &Request::Key {
                    key: Key::Mute,
                    phone: None,
                },
                false,
                true,
            ),
            (
                &Request::Key {
                    key: Key::Reboot,
                    phone: Some("2".into()),
                },
                false,
                true,
            ),
            (
                &Request::SendDtmf {
                    digits: "42".into(),
                    phone: None,
                },
                false,
                true,
            ),
            (&Request::CancelDial, false, true),
            (&Request::ClearHistory, false, true),
            (
                &Request::BridgeDial {
                    number: "+49301234567".into(),
                    gesture: 1,
                    document: "d1".into(),
                },
                true,
                true,
            ),
            (&Request::AskAnswer { id: 1, dial: true }, false, true),
            (
                &Request::BridgeAnswer {
                    id: 1,
                    answer: crate::bridge::SiteAnswer::Allow,
                },
                false,
                true,
            ),
            (&Request::OpenScreenPop, false, true),
            (&Request::ClearMissedCalls, false, true),
            (&Request::ConnectReceiver, false, true),
            (&Request::FinderPlace { tab_id: 1 }, false, true),
            (
                &Request::PageConfig {
                    url: "https://crm.example/".into(),
                    sight: Some("data-abcdefghijkl".into()),
                    marks: Some("abcdefghijkl".into()),
                },
                true,
                true,
            ),
        ] {
            assert_eq!(
                request.allowed_from(Sender::ContentScript),
                content_script,
                "{request:?}"
            );
            assert_eq!(
                request.allowed_from(Sender::ExtensionPage),
                extension_page,
                "{request:?}"
            );
        }
    }

    /// A web page reaches the background only through the page bridge: whatever its message
    /// carries, a bridge dial names no phone, so the page cannot choose the phone (nor, as
    /// ids are all a request may name, an address to send a login to).
    #[test]
    fn a_page_can_never_name_a_phone() {
        for hostile in [
            r#"{"type":"BridgeDial","number":"+49301234567","gesture":1,"document":"d","phone":"2"}"#,
            r#"{"type":"BridgeDial","number":"+49301234567","phone":{"phoneAddress":"10.6.6.6"}}"#,
        ] {
            let request: Request = serde_json::from_str(hostile).unwrap();
            assert!(matches!(request, Request::BridgeDial { .. }));
            assert_eq!(request.phone(), None, "{hostile}");
        }
        // A phone is named by id only: an address in its place is no phone's id.
        let named: Request =
            serde_json::from_str(r#"{"type":"Dial","number":"1","phone":{"address":"10.6.6.6"}}"#)
                .unwrap_or(Request::ClearHistory);
        assert_eq!(named, Request::ClearHistory, "not a request at all");
        let settings = crate::settings::Settings::default();
        assert_eq!(settings.on_phone("10.6.6.6"), None);
        // The popup's requests that name a phone stay the extension's own.
        for on_phone in [
            Request::HangUp {
                phone: Some("2".into()),
            },
            Request::Key {
                key: Key::Mute,
                phone: Some("2".into()),
            },
            Request::SendDtmf {
                digits: "42".into(),
                phone: Some("2".into()),
            },
        ] {
            let text = serde_json::to_string(&on_phone).unwrap();
            let read: Request = serde_json::from_str(&text).unwrap();
            assert_eq!(read, on_phone, "{text}");
            assert_eq!(read.phone(), Some("2"), "{text}");
            assert!(!read.allowed_from(Sender::ContentScript), "{text}");
        }
    }

    #[test]
    fn senders() {
        let base = "chrome-extension://abc/";
        for (url, sender) in [
            (
                Some("chrome-extension://abc/popup.html"),
                Sender::ExtensionPage,
            ),
            (
                Some("chrome-extension://abcd/popup.html"),
                Sender::ContentScript,
            ),
            (
                Some("https://example.com/chrome-extension://abc/"),
                Sender::ContentScript,
            ),
            (Some("http://127.0.0.1/"), Sender::ContentScript),
            (None, Sender::ContentScript),
        ] {
            assert_eq!(Sender::from_url(url, base), sender, "{url:?}");
        }
        assert_eq!(Sender::from_url(Some("x"), ""), Sender::ContentScript);
    }

    #[test]
    fn unknown_or_malformed_requests_do_not_parse() {
        for bad in [
            r#"{"type":"Fetch","url":"http://evil"}"#,
            r#"{"type":"Dial"}"#,
            r#"{"number":"1"}"#,
            r#""Dial""#,
        ] {
            assert!(serde_json::from_str::<Request>(bad).is_err(), "{bad}");
        }
    }

    /// The page layer's batches fit what the background takes (a strict-CSP page sends each
    /// batch as one Scan request).
    #[test]
    fn the_page_layers_batches_fit_a_scan_request() {
        let layer = include_str!("../extension/page/layer.js");
        let constant = |name: &str| -> usize {
            let line = layer
                .lines()
                .find(|l| l.starts_with(&format!("const {name} = ")))
                .unwrap_or_else(|| panic!("layer.js has no {name}"));
            let value = line.split('=').nth(1).unwrap().trim().trim_end_matches(';');
            value
                .split('*')
                .map(|factor| factor.trim().parse::<usize>().unwrap())
                .product()
        };
        assert!(constant("BATCH_BLOCKS") <= Request::MAX_SCAN_TEXTS);
        assert!(constant("BATCH_CHARS") * 3 <= Request::MAX_SCAN_BYTES);
    }

    #[test]
    fn scan_requests_carry_optional_hints() {
        let old: Request = serde_json::from_str(r#"{"type":"Scan","texts":["a"]}"#).unwrap();
        assert_eq!(
            old,
            Request::Scan {
                texts: vec!["a".into()],
                hints: PageHints::default(),
                records: vec![],
                record_of: vec![],
            }
        );
        let new: Request = serde_json::from_str(
            r#"{"type":"Scan","texts":[],"hints":{"language":"fr","domain":"x.fr"}}"#,
        )
        .unwrap();
        let Request::Scan {
            texts,
            hints,
            records,
            record_of,
        } = new
        else {
            panic!("not a scan")
        };
        let us = Region::find("US").unwrap();
        let batch = scan_batch(&texts, &records, &record_of, &hints, us, &[]).unwrap();
        let texts = ["Tél. 01 42 68 53 00 x 12".to_string()];
        let found = Batch {
            texts: &texts,
            ..batch
        }
        .scan();
        assert_eq!(found[0].e164, "+33142685300", "read in the page's country");
        assert_eq!(found[0].extension.as_deref(), Some("12"));
    }

    /// A scan answer carries the finder's columns, as the page layer reads them.
    #[test]
    fn scanned_carries_the_columns() {
        let texts = ["x".to_string(), "Tel. 030 1234567 Durchwahl 12".to_string()];
        let germany = Region::find("DE").unwrap();
        let hints = PageHints::default();
        let batch = scan_batch(&texts, &[], &[], &hints, germany, &[]).unwrap();
        let answer = Response::Scanned {
            matches: batch.scan().into(),
        };
        assert_eq!(
            serde_json::to_value(&answer).unwrap(),
            serde_json::json!({"type": "Scanned", "matches": {
                "spans": [1, 5, 29], "confidence": [95],
                "numbers": "+4930123456712", "numberEnds": [12, 14],
            }})
        );
    }

    /// Too much in one request is refused, not scanned: texts, records, or bytes.
    #[test]
    fn scan_requests_have_limits() {
        let germany = Region::find("DE").unwrap();
        let hints = PageHints::default();
        let most = vec![String::new(); Request::MAX_SCAN_TEXTS];
        let one_more = vec![String::new(); Request::MAX_SCAN_TEXTS + 1];
        assert!(scan_batch(&most, &most, &[], &hints, germany, &[]).is_some());
        assert!(scan_batch(&one_more, &[], &[], &hints, germany, &[]).is_none());
        assert!(scan_batch(&[], &one_more, &[], &hints, germany, &[]).is_none());
        let big = ["x".repeat(Request::MAX_SCAN_BYTES / 2 + 1)];
        assert!(scan_batch(&big, &[], &[], &hints, germany, &[]).is_some());
        assert!(scan_batch(&big, &big, &[], &hints, germany, &[]).is_none());
    }

    /// The kind of `request`, as an index; adding a kind of request breaks this match, and
    /// then [`one_of_each`] must get one.
    fn kind(request: &Request) -> usize {
        match request {
            Request::Scan { .. } => 0,
            Request::Dial { .. } => 1,
            Request::BridgeDial { .. } => 2,
            Request::AskAnswer { .. } => 3,
            Request::BridgeAnswer { .. } => 4,
            Request::PageConfig { .. } => 5,
            Request::FinderPlace { .. } => 6,
            Request::Preview { .. } => 7,
            Request::DialTyped { .. } => 8,
            Request::HangUp { .. } => 9,
            Request::Key { .. } => 10,
            Request::SendDtmf { .. } => 11,
            Request::CancelDial => 12,
            Request::ClearHistory => 13,
            Request::OpenScreenPop => 14,
            Request::ClearMissedCalls => 15,
            Request::ConnectReceiver => 16,
        }
    }

    /// One request of every kind, as the scripts send them.
    fn one_of_each() -> Vec<Request> {
        [
            r#"{"type":"Scan","texts":["Tel. 030 1234567"]}"#,
            r#"{"type":"Dial","number":"+49301234567"}"#,
            r#"{"type":"BridgeDial","number":"+49301234567","gesture":1,"document":"d"}"#,
            r#"{"type":"AskAnswer","id":1,"dial":true}"#,
            r#"{"type":"BridgeAnswer","id":1,"answer":"allow"}"#,
            r#"{"type":"PageConfig","url":"https://crm.example/"}"#,
            r#"{"type":"FinderPlace","tabId":1}"#,
            r#"{"type":"Preview","number":"+49301234567"}"#,
            r#"{"type":"DialTyped","text":"206"}"#,
            r#"{"type":"HangUp"}"#,
            r#"{"type":"Key","key":"MUTE"}"#,
            r#"{"type":"SendDtmf","digits":"42"}"#,
            r#"{"type":"CancelDial"}"#,
            r#"{"type":"ClearHistory"}"#,
            r#"{"type":"OpenScreenPop"}"#,
            r#"{"type":"ClearMissedCalls"}"#,
            r#"{"type":"ConnectReceiver"}"#,
        ]
        .iter()
        .map(|json| serde_json::from_str(json).unwrap_or_else(|e| panic!("{json}: {e}")))
        .collect()
    }

    /// ARCHITECTURE.md names exactly the requests a content script may send.
    #[test]
    fn architecture_md_says_what_a_content_script_may_send() {
        let requests = one_of_each();
        let mut kinds: Vec<usize> = requests.iter().map(kind).collect();
        kinds.sort_unstable();
        assert_eq!(
            kinds,
            (0..=16).collect::<Vec<_>>(),
            "one request of every kind"
        );
        let allowed: Vec<String> = requests
            .iter()
            .filter(|r| r.allowed_from(Sender::ContentScript))
            .map(|r| {
                serde_json::to_value(r).unwrap()["type"]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect();
        let doc = include_str!("../ARCHITECTURE.md").replace('\n', " ");
        let marker = "A content script may send only these requests:";
        let at = doc
            .find(marker)
            .expect("ARCHITECTURE.md lists what a content script may send");
        let listed: Vec<String> = doc[at + marker.len()..]
            .split(['(', ';'])
            .next()
            .unwrap()
            .split('`')
            .skip(1)
            .step_by(2)
            .map(String::from)
            .collect();
        assert_eq!(listed, allowed);
    }

    /// ARCHITECTURE.md gives the settings' schema version the code has.
    #[test]
    fn architecture_md_gives_the_schema_version() {
        let doc = include_str!("../ARCHITECTURE.md");
        let version = format!("(v{},", crate::settings::SCHEMA_VERSION);
        assert!(
            doc.contains(&version),
            "ARCHITECTURE.md should say {version}"
        );
    }
}
