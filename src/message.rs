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

use crate::detect::{
    batch::{Batch, Matches},
    find,
    plan::{split_country_code, Region},
    region_of_domain, region_of_language, Options, RegionChoice, Written,
};
use crate::dial::policy::{Seen, Why};
use crate::dial::CommandKind;
use crate::phone::exchange::Finish;
use crate::phone::htek::{Account, Key};
use crate::t;
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
/// assert_eq!(Matches::from(batch.scan()).e164, ["+49301234567"]);
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

/// The `storage.session` key of the last [`Report`], which the popup shows.
pub const LAST_REPORT_KEY: &str = "lastReport";

/// The `storage.session` key of the dial waiting in its cancel window ([`PendingDial`]).
pub const PENDING_DIAL_KEY: &str = "pendingDial";

/// The `storage.session` key of the extension to send as DTMF after the answer ([`PendingDtmf`]).
pub const PENDING_DTMF_KEY: &str = "pendingDtmf";

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
    /// The phone did not answer within the time limit.
    Timeout { phone: String, seconds: u32 },
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
}

impl Outcome {
    /// The outcome of a finished exchange for a command of `kind` on `phone` (with login
    /// `username`); `success` when it went through.
    pub fn from_finish(
        finish: Finish,
        kind: CommandKind,
        phone: &str,
        username: &str,
        success: Outcome,
    ) -> Outcome {
        let phone = phone.to_string();
        match finish {
            Finish::Done => success,
            // The check's bare path: past the login, the phone found no command to carry out.
            Finish::Status(400) if kind == CommandKind::Probe => success,
            Finish::WrongCredentials => Outcome::WrongCredentials { phone },
            Finish::Forbidden if matches!(kind, CommandKind::Key(_)) => Outcome::KeysNotAllowed {
                phone,
                username: username.to_string(),
            },
            Finish::Forbidden => Outcome::NotAPhone { phone, status: 403 },
            Finish::NotFound => Outcome::NotAPhone { phone, status: 404 },
            Finish::Status(status) => Outcome::PhoneError { phone, status },
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
            Outcome::Timeout { .. } => "timeout",
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

    /// A short title, for a notification's heading.
    pub fn title(&self) -> String {
        match self {
            Outcome::Dialing { number, .. } => t!("outcomeDialingTitle", number),
            Outcome::HungUp { .. } => t!("outcomeHungUpTitle"),
            Outcome::NotConfigured => t!("outcomeNotConfiguredTitle"),
            Outcome::NotANumber { .. } => t!("outcomeNotANumberTitle"),
            Outcome::NoNumberSelected { .. } => t!("outcomeNoNumberSelectedTitle"),
            Outcome::Unreachable { .. } => t!("outcomeUnreachableTitle"),
            Outcome::Timeout { .. } => t!("outcomeTimeoutTitle"),
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
            Outcome::Timeout { phone, seconds } => t!("outcomeTimeout", phone, seconds),
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

/// The `storage.local` key of the call history.
pub const HISTORY_KEY: &str = "history";

/// How many calls the history keeps.
pub const HISTORY_LENGTH: usize = 50;

/// One call in the history: when, what, and how it went.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CallRecord {
    /// Milliseconds since the Unix epoch.
    pub at_ms: f64,
    /// The number as shown (E.164, or the digits typed); dialed again by Redial.
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
            | Outcome::CredentialsForAnotherPhone { .. } => None,
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
            "unreachable" => t!("historyWhyUnreachable"),
            "timeout" => t!("historyWhyTimeout"),
            "wrongCredentials" => t!("historyWhyWrongCredentials"),
            "notAPhone" => t!("historyWhyNotAPhone"),
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
                "e164": ["+49301234567"], "extension": ["12"],
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
            let outcome = Outcome::from_finish(finish, kind, "p", "user", ok.clone());
            let json = serde_json::to_value(&outcome).unwrap();
            assert_eq!(json["kind"], expected, "{finish:?}");
            assert_eq!(outcome.kind(), expected);
            assert_eq!(outcome.is_success(), finish == Finish::Done);
            assert!(!outcome.message().is_empty() && !outcome.title().is_empty());
        }
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
}
