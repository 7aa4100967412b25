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
//! assert!(!Request::HangUp.allowed_from(Sender::ContentScript));
//! let key: Request = serde_json::from_str(r#"{"type":"Key","key":"MUTE"}"#).unwrap();
//! assert!(!key.allowed_from(Sender::ContentScript) && key.allowed_from(Sender::ExtensionPage));
//! let bridge: Request = serde_json::from_str(r#"{"type":"BridgeDial","number":"+49301234567"}"#).unwrap();
//! assert!(bridge.allowed_from(Sender::ContentScript));
//! let answer: Request = serde_json::from_str(r#"{"type":"BridgeAnswer","id":1,"answer":"allow"}"#).unwrap();
//! assert!(!answer.allowed_from(Sender::ContentScript) && answer.allowed_from(Sender::ExtensionPage));
//! ```

use crate::command::outcome::{Outcome, Report};
use crate::detect::{
    find,
    plan::{split_country_code, Region},
    record_regions, region_of_domain, region_of_language,
    utf16::to_utf16_spans,
    Hints, Options, RegionChoice, Written,
};
use crate::dial::policy::Seen;
use crate::phone::htek::{Account, Key};
use crate::store::StoreKey;
use serde::{Deserialize, Serialize};

/// A request to the background.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum Request {
    /// Find the phone numbers in each text (content script -> background), with what the page
    /// says about itself and the records the texts belong to (see [`scan_texts_in_records`]).
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
    PageConfig { url: String },
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
    },
    /// End the current call (popup -> background).
    HangUp,
    /// Press a key of the phone (popup -> background).
    Key { key: Key },
    /// Send digits as DTMF key presses, such as an extension after the answer (popup).
    SendDtmf { digits: String },
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
            | Request::HangUp
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

/// A number found in one text of a scan: UTF-16 offsets into that text, its E.164 form, the
/// extension when one is written, and how sure the finder is (0-100).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScanMatch {
    pub start: u32,
    pub end: u32,
    pub number: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ext: Option<String>,
    #[serde(default)]
    pub confidence: u8,
}

/// For each text, the numbers the finder sees in it with `region` as the home region.
pub fn scan_texts(texts: &[String], region: Option<&Region>) -> Vec<Vec<ScanMatch>> {
    scan_texts_with(texts, &Options::region(region))
}

/// For each text, the numbers the finder sees in it with `options`.
pub fn scan_texts_with(texts: &[String], options: &Options) -> Vec<Vec<ScanMatch>> {
    texts.iter().map(|text| scan_one(text, options)).collect()
}

/// For each text, the numbers the finder sees in it with `options`, national numbers read first
/// in the regions its record points to ([`record_regions`]): `record_of[i]` is the index in
/// `records` of text `i`'s record (its row, its card; the page layer sends each once), and a
/// text without one (no entry, or an index past the end) has none.
pub fn scan_texts_in_records(
    texts: &[String],
    records: &[String],
    record_of: &[u32],
    options: &Options,
) -> Vec<Vec<ScanMatch>> {
    let mut regions: Vec<Option<Vec<&'static Region>>> = vec![None; records.len()];
    texts
        .iter()
        .enumerate()
        .map(|(i, text)| {
            let record = record_of
                .get(i)
                .map(|&r| r as usize)
                .filter(|&r| r < records.len());
            let Some(record) = record else {
                return scan_one(text, options);
            };
            let known = regions[record].get_or_insert_with(|| {
                let mut out = [None; 3];
                let n = record_regions(&records[record], &mut out);
                out[..n].iter().flatten().copied().collect()
            });
            let options = Options {
                hints: Hints {
                    regions: known,
                    ..options.hints
                },
                ..*options
            };
            scan_one(text, &options)
        })
        .collect()
}

/// The numbers the finder sees in one text, with UTF-16 spans.
fn scan_one(text: &str, options: &Options) -> Vec<ScanMatch> {
    let found = find(text, options);
    let spans = to_utf16_spans(text, found.iter().map(|f| f.span.clone()));
    found
        .iter()
        .zip(spans)
        .map(|(f, (start, end))| ScanMatch {
            start,
            end,
            number: f.number.e164(),
            ext: f.number.extension.clone(),
            confidence: f.reason.confidence,
        })
        .collect()
}

/// The finder's options for a scan: national numbers read in `home` (or, without one, in the
/// region the page's hints point to), then in the user's `also` countries, with the page's
/// hints.
pub fn scan_options<'a>(
    home: Option<&'static Region>,
    also: &'a [&'static Region],
    hints: &'a PageHints,
) -> Options<'a> {
    Options {
        region: home.map_or(RegionChoice::Auto, RegionChoice::Fixed),
        hints: Hints {
            language: hints.language.as_deref().filter(|l| !l.is_empty()),
            domain: hints.domain.as_deref().filter(|d| !d.is_empty()),
            regions: &[],
            also,
        },
        ..Options::default()
    }
}

/// Where the last [`Report`] is kept for the popup, for the browser session.
pub const LAST_REPORT: StoreKey<Report> = StoreKey::session("lastReport");

/// Where the dial waiting in its cancel window is kept, for the popup's Cancel.
pub const PENDING_DIAL: StoreKey<PendingDial> = StoreKey::session("pendingDial");

/// Where the extension to send as DTMF after the answer is kept, for the popup's Send button.
pub const PENDING_DTMF: StoreKey<PendingDtmf> = StoreKey::session("pendingDtmf");

/// [`LAST_REPORT`]'s name alone, for the background's untyped storage calls.
pub const LAST_REPORT_KEY: &str = LAST_REPORT.name();
/// [`PENDING_DIAL`]'s name alone, for the background's untyped storage calls.
pub const PENDING_DIAL_KEY: &str = PENDING_DIAL.name();
/// [`PENDING_DTMF`]'s name alone, for the background's untyped storage calls.
pub const PENDING_DTMF_KEY: &str = PENDING_DTMF.name();

/// A dial waiting in its cancel window, for the popup to offer Cancel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PendingDial {
    pub number: String,
    /// When the dial goes out, in milliseconds since the Unix epoch.
    pub until_ms: f64,
}

/// Digits to send as DTMF once the call is answered, for the popup's Send button.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingDtmf {
    pub digits: String,
}

/// The background's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum Response {
    /// For each scanned text, the numbers in it.
    Scanned { results: Vec<Vec<ScanMatch>> },
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
    fn content_scripts_do_not_learn_the_phone_address() {
        let done = Response::Done {
            outcome: Outcome::HungUp {
                phone: "10.0.0.7".into(),
            },
        };
        assert_eq!(done.clone().for_sender(Sender::ContentScript), Response::Ok);
        assert_eq!(done.clone().for_sender(Sender::ExtensionPage), done);
        let scanned = Response::Scanned { results: vec![] };
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
        };
        for (request, content_script, extension_page) in [
            (&scan, true, true),
            (&dial, true, true),
            (&Request::HangUp, false, true),
            (
                &Request::DialTyped {
                    text: "206".into(),
                    account: None,
                    via: None,
                },
                false,
                true,
            ),
            (&Request::Key { key: Key::Mute }, false, true),
            (&Request::Key { key: Key::Reboot }, false, true),
            (
                &Request::SendDtmf {
                    digits: "42".into(),
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

    #[test]
    fn scan_gives_utf16_offsets_per_text() {
        let texts = vec![
            "😀 Tel. 030 1234567".to_string(),
            "nothing".to_string(),
            "+1 206 555 0100".to_string(),
        ];
        let results = scan_texts(&texts, Region::find("DE"));
        let first = ScanMatch {
            start: 8,
            end: 19,
            number: "+49301234567".into(),
            ext: None,
            confidence: 95,
        };
        let third = ScanMatch {
            start: 0,
            end: 15,
            number: "+12065550100".into(),
            ext: None,
            confidence: 90,
        };
        assert_eq!(results, [vec![first], vec![], vec![third]]);
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
    fn a_records_country_reads_its_national_numbers() {
        // A CRM table of contacts in several countries, the user's default the United States:
        // each row's Country cell decides how its national numbers are read.
        let records = [
            "Anna Schmidt\tBerlin\tGermany\t(0171) 5550123",
            "Jean Dupont\tParis\tFrance\t01.45.55.01.23",
            "Tom Baker\tLondon\tUnited Kingdom\t(020) 7946 0018",
            "Ann Lee\tSeattle\tUnited States\t(206) 555-0100",
            "Kai Berg\t🇩🇪\t030 1234567",
            "Lena Roth\tDE\t089 1234567",
            "Ola Nord\t+47 22 12 34 56\t22 12 34 56",
        ]
        .map(String::from);
        let texts: Vec<String> = records
            .iter()
            .map(|r| r.rsplit('\t').next().unwrap().to_string())
            .chain(["(0171) 5550123".to_string()])
            .collect();
        let record_of = [0, 1, 2, 3, 4, 5, 6, 99];
        let us = Region::find("US");
        let found = scan_texts_in_records(&texts, &records, &record_of, &Options::region(us));
        let numbers: Vec<Option<&str>> = found
            .iter()
            .map(|f| f.first().map(|m| m.number.as_str()))
            .collect();
        assert_eq!(
            numbers,
            [
                Some("+491715550123"),
                Some("+33145550123"),
                Some("+442079460018"),
                Some("+12065550100"),
                Some("+49301234567"),
                Some("+49891234567"),
                Some("+4722123456"),
                None, // no record: read in the United States, where it is no number
            ]
        );
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
        let Request::Scan { hints, .. } = new else {
            panic!("not a scan")
        };
        let options = scan_options(None, &[], &hints);
        let found = scan_texts_with(&["Tél. 01 42 68 53 00 x 12".to_string()], &options);
        assert_eq!(found[0][0].number, "+33142685300");
        assert_eq!(found[0][0].ext.as_deref(), Some("12"));
        let json = serde_json::to_string(&found[0][0]).unwrap();
        assert!(json.contains(r#""ext":"12""#), "{json}");
    }
}
