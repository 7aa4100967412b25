//! The user's settings: what they hold, their defaults, and how a filled-in form is checked.
//!
//! Settings live in the browser's `storage.local` (never `sync`: the password is among them) as
//! one JSON object under the key [`SETTINGS`]. They carry a schema version; [`migrate`] brings
//! an older stored object up to [`SCHEMA_VERSION`] (v1 had no dialing rules, timeout, key form,
//! cancel window or history setting: v2 adds them with defaults that dial exactly as v1 did; v3
//! adds the page settings, defaulted to marking every site as v2 did; v4 adds the scheme, `http`
//! as before; v5 adds incoming calls, off; v6 adds `credentialsFor`, the phone the username and
//! password were typed for, taken to be the phone already set; v7 adds the phone's brand, Htek
//! as every earlier version drove, and the accounts' SIP URIs, none; v8 names the phone, "Desk
//! phone", and adds the user's other phones, none).
//!
//! More than one phone: the top-level phone fields (`phoneAddress`, `brand`, `scheme`,
//! `username`, `password`, `credentialsFor`, `account`, `accountUris`) are the default phone's,
//! with its [`Settings::phone_id`] and [`Settings::phone_name`]; [`Settings::other_phones`] keeps
//! the others ([`PhoneEntry`], the same fields each). Every command is built from the top-level
//! fields, so a call on another phone is built from [`Settings::on_phone`], the settings with
//! that phone's fields moved to the top: its own address, brand and login, and its own
//! `credentialsFor`, so a password still goes to no other phone's address.
//!
//! Credentials are only ever sent to the phone they were typed for: [`Settings::credentials_for`]
//! names it (scheme and address), [`settle_credentials`] drops a password the options form
//! carries to another address without it being typed again, and `dial` refuses to build a
//! command whose credentials were saved for another address.
//!
//! ```
//! use click_to_dial::settings::{validate, Field, SettingsForm};
//! let mut form = SettingsForm {
//!     phone_address: "192.168.0.124".into(), username: "admin".into(), password: "admin".into(),
//!     account: "2".into(), default_country: "DE".into(), outside_line: "0".into(),
//!     rewrite_rules: "0049 -> 0".into(), ..SettingsForm::default()
//! };
//! let settings = validate(&form).unwrap();
//! assert_eq!(settings.dialing.outside_line, "0");
//! assert_eq!(settings.timeout_seconds, 5);
//! form.phone_address = "http://192.168.0.124/".into();
//! form.timeout_seconds = "0".into();
//! let errors = validate(&form).unwrap_err();
//! assert_eq!((errors[0].field, errors[1].field), (Field::PhoneAddress, Field::TimeoutSeconds));
//! ```

pub mod managed;
pub mod transfer;

use crate::auth::Credentials;
use crate::detect::{plan::Region, region_of_language};
use crate::dial::rules::{DialingRules, RewriteRule, RuleError};
use crate::incoming::screen_pop::TemplateError;
use crate::incoming::IncomingSettings;
use crate::pages::{parse_site_list, BadSiteLine, FinderPlace, PageConfig, PageSettings};
use crate::phone::htek::KeyForm;
use crate::phone::profile::{AccountChoice, Setup};
use crate::phone::{Account, AddressError, Brand, PhoneAddress};
use crate::store::StoreKey;
use crate::t;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Where the user's settings are kept: one object in `storage.local` (migrated when read, see
/// [`migrate`]).
pub const SETTINGS: StoreKey<Settings> = StoreKey::local("settings");

/// The version of the stored shape written by this code.
pub const SCHEMA_VERSION: u32 = 8;

/// How long the phone has to answer, unless the user sets otherwise.
pub const DEFAULT_TIMEOUT_SECONDS: u32 = 5;

/// Everything the user sets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Settings {
    pub version: u32,
    /// The default phone's id, which dial requests name it by (see [`Settings::on_phone`]).
    /// Since v8.
    pub phone_id: String,
    /// The default phone's name ("Desk phone"). Since v8.
    pub phone_name: String,
    /// `host[:port]` of the (default) phone, empty until the user sets it.
    pub phone_address: String,
    /// The phone's brand, which decides every request's shape. Since v7.
    pub brand: Brand,
    /// Whether the phone is reached over `http://` or `https://`. Since v4.
    pub scheme: Scheme,
    pub username: String,
    pub password: String,
    /// The phone (`scheme://address`, as [`Settings::phone_key`] writes it) the username and
    /// password were typed for; they are sent to no other. Since v6. Never taken from a file.
    pub credentials_for: String,
    pub account: Account,
    /// The SIP URI of account 1, 2, ... (empty: not given): how Yealink and Snom phones are
    /// told which account dials. Since v7.
    pub account_uris: Vec<String>,
    /// Region whose national numbers are found and how calls are dialed; empty = from the
    /// browser's language.
    pub default_country: String,
    /// Other countries the user calls often (region codes): a national number that is none in
    /// the default country is read in these next, and the hover card offers them. Empty by
    /// default, so older settings need no migration.
    pub other_countries: Vec<String>,
    /// How long the phone has to answer a command (1 to 60 s). Since v2.
    pub timeout_seconds: u32,
    /// Which of the guide's forms key presses are sent in. Since v2.
    pub key_form: KeyForm,
    /// Show "Dialing ... - Cancel" for [`CANCEL_WINDOW_MS`] before dialing. Since v2.
    pub cancel_window: bool,
    /// Keep the last calls in `storage.local` for the popup. Since v2.
    pub keep_history: bool,
    /// The office's dialing rules. Since v2.
    pub dialing: DialingRules,
    /// Which pages get their numbers marked, and how. Since v3.
    pub pages: PageSettings,
    /// Incoming calls: the receiver, the token, the screen pop. Since v5.
    pub incoming: IncomingSettings,
    /// Which numbers from a page ask before they dial (costly ones, ones abroad).
    pub safety: crate::dial::policy::Safety,
    /// The user's other phones (a conference room's), besides the default one. Since v8.
    pub other_phones: Vec<PhoneEntry>,
}

/// The default phone's id and name in new and migrated settings.
pub const FIRST_PHONE_ID: &str = "1";
pub const FIRST_PHONE_NAME: &str = "Desk phone";

/// The most phones kept, the default one among them.
pub const MAX_PHONES: usize = 8;

/// The longest phone name kept, in characters.
pub const MAX_PHONE_NAME: usize = 40;

/// One phone the user keeps: its name, and the same phone fields as the default phone's at the
/// top level of [`Settings`] (see there).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct PhoneEntry {
    pub id: String,
    pub name: String,
    pub phone_address: String,
    pub brand: Brand,
    pub scheme: Scheme,
    pub username: String,
    pub password: String,
    /// The phone (`scheme://address`) the password was typed for; sent to no other.
    pub credentials_for: String,
    pub account: Account,
    pub account_uris: Vec<String>,
}

impl Default for PhoneEntry {
    fn default() -> Self {
        Settings::default().default_phone()
    }
}

/// A phone as the popup and the hover card offer it: its id and name, nothing of its address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhoneChoice {
    pub id: String,
    pub name: String,
}

/// How the phone's web interface is reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Scheme {
    #[default]
    Http,
    Https,
}

/// How long the cancel window lasts.
pub const CANCEL_WINDOW_MS: u32 = 3000;

impl Default for Settings {
    fn default() -> Self {
        Settings {
            version: SCHEMA_VERSION,
            phone_id: FIRST_PHONE_ID.to_string(),
            phone_name: FIRST_PHONE_NAME.to_string(),
            phone_address: String::new(),
            brand: Brand::Htek,
            scheme: Scheme::Http,
            username: "admin".to_string(),
            password: String::new(),
            credentials_for: String::new(),
            account: Account::Auto,
            account_uris: Vec::new(),
            default_country: String::new(),
            other_countries: Vec::new(),
            timeout_seconds: DEFAULT_TIMEOUT_SECONDS,
            key_form: KeyForm::Command3,
            cancel_window: false,
            keep_history: true,
            dialing: DialingRules::default(),
            pages: PageSettings::default(),
            incoming: IncomingSettings::default(),
            safety: crate::dial::policy::Safety::default(),
            other_phones: Vec::new(),
        }
    }
}

/// Brings settings read from storage up to [`SCHEMA_VERSION`]. Fields a version did not have
/// were already filled with their defaults when the object was read (`#[serde(default)]`); each
/// step here fixes what a version stored differently.
pub fn migrate(mut stored: Settings) -> Settings {
    if stored.version < 2 {
        // v1 -> v2: new fields only, defaulted; a v1 timeout was a fixed 5 s.
        stored.timeout_seconds = DEFAULT_TIMEOUT_SECONDS;
        stored.version = 2;
    }
    if stored.version < 3 {
        // v2 -> v3: page settings, defaulted (numbers marked on every site, as in v2).
        stored.version = 3;
    }
    if stored.version < 4 {
        // v3 -> v4: the scheme, defaulted to http as every earlier version used.
        stored.version = 4;
    }
    if stored.version < 5 {
        // v4 -> v5: incoming calls, defaulted to off (nothing is started, nothing listens).
        stored.version = 5;
    }
    if stored.version < 6 {
        // v5 -> v6: the credentials were typed for the phone set then (v5 kept no other).
        stored.credentials_for = stored.phone_key();
        stored.version = 6;
    }
    if stored.version < 7 {
        // v6 -> v7: the brand, defaulted to Htek (every earlier version drove an Htek phone);
        // no account SIP URIs.
        stored.brand = Brand::Htek;
        stored.version = 7;
    }
    if stored.version < 8 {
        // v7 -> v8: the one phone becomes the default phone, named; no other phones.
        stored.phone_id = FIRST_PHONE_ID.to_string();
        stored.phone_name = FIRST_PHONE_NAME.to_string();
        stored.other_phones.clear();
        stored.version = 8;
    }
    if stored.phone_id.is_empty() {
        stored.phone_id = FIRST_PHONE_ID.to_string();
    }
    if !(1..=60).contains(&stored.timeout_seconds) {
        stored.timeout_seconds = DEFAULT_TIMEOUT_SECONDS;
    }
    stored
}

impl Settings {
    /// The default phone, as a [`PhoneEntry`].
    pub fn default_phone(&self) -> PhoneEntry {
        PhoneEntry {
            id: self.phone_id.clone(),
            name: self.phone_name.clone(),
            phone_address: self.phone_address.clone(),
            brand: self.brand,
            scheme: self.scheme,
            username: self.username.clone(),
            password: self.password.clone(),
            credentials_for: self.credentials_for.clone(),
            account: self.account,
            account_uris: self.account_uris.clone(),
        }
    }

    /// Makes `phone` the default phone's fields (the other phones stay as they are).
    pub fn set_default_phone(&mut self, phone: PhoneEntry) {
        self.phone_id = phone.id;
        self.phone_name = phone.name;
        self.phone_address = phone.phone_address;
        self.brand = phone.brand;
        self.scheme = phone.scheme;
        self.username = phone.username;
        self.password = phone.password;
        self.credentials_for = phone.credentials_for;
        self.account = phone.account;
        self.account_uris = phone.account_uris;
    }

    /// Every phone, the default one first.
    pub fn phones(&self) -> Vec<PhoneEntry> {
        let mut phones = vec![self.default_phone()];
        phones.extend(self.other_phones.iter().cloned());
        phones
    }

    /// The phones as the popup and the hover card offer them (id and name), the default first.
    pub fn phone_choices(&self) -> Vec<PhoneChoice> {
        self.phones()
            .into_iter()
            .map(|phone| PhoneChoice {
                id: phone.id,
                name: phone.name,
            })
            .collect()
    }

    /// These settings with phone `id`'s fields at the top level, as every command is built
    /// from them: a call on that phone. `None` when no phone has that id.
    pub fn on_phone(&self, id: &str) -> Option<Settings> {
        if id == self.phone_id {
            return Some(self.clone());
        }
        let phone = self.other_phones.iter().find(|p| p.id == id)?;
        let mut settings = self.clone();
        settings.set_default_phone(phone.clone());
        Some(settings)
    }

    /// Makes phone `id` the default (it swaps places with the default phone). Returns whether
    /// there was such a phone.
    pub fn make_default(&mut self, id: &str) -> bool {
        if id == self.phone_id {
            return true;
        }
        let Some(index) = self.other_phones.iter().position(|p| p.id == id) else {
            return false;
        };
        let old = self.default_phone();
        let new = std::mem::replace(&mut self.other_phones[index], old);
        self.set_default_phone(new);
        true
    }

    /// An id no phone has yet.
    pub fn new_phone_id(&self) -> String {
        (1..)
            .map(|n: u32| n.to_string())
            .find(|id| !self.phones().iter().any(|p| &p.id == id))
            .unwrap_or_default()
    }

    /// The phone at `address` as outcomes name it: its address, or with more than one phone,
    /// its name and address ("Conference room (10.0.0.8)").
    pub fn phone_label(&self, address: &str) -> String {
        if self.other_phones.is_empty() {
            address.to_string()
        } else {
            format!("{} ({address})", self.phone_name)
        }
    }

    /// The phone's address, or `None` while the phone is not set up.
    pub fn phone(&self) -> Option<PhoneAddress> {
        self.phone_address
            .parse::<PhoneAddress>()
            .ok()
            .map(|address| address.with_https(self.scheme == Scheme::Https))
    }

    /// The phone at `address` as its brand's requests need it (the password, Htek's key
    /// form, the accounts' SIP URIs).
    pub fn setup<'a>(&'a self, address: &'a PhoneAddress) -> Setup<'a> {
        Setup {
            address,
            password: &self.password,
            key_form: self.key_form,
            account_uris: &self.account_uris,
        }
    }

    /// The phone's web login.
    pub fn credentials(&self) -> Credentials {
        Credentials::new(&self.username, &self.password)
    }

    /// The phone as credentials are tied to it: `scheme://address` (`http://10.0.0.5:8080`), or
    /// empty while no phone is set.
    pub fn phone_key(&self) -> String {
        self.phone()
            .map(|address| address.base_url())
            .unwrap_or_default()
    }

    /// Whether the username and password were typed for the phone set now (nothing set is
    /// nothing to mismatch).
    pub fn credentials_match(&self) -> bool {
        self.credentials_for == self.phone_key()
    }

    /// The home region: the chosen default country, else the region of the browser's
    /// language (`de-AT` -> AT, `de` -> DE; see [`region_of_language`]), else US.
    pub fn home_region(&self, browser_language: &str) -> &'static Region {
        Region::find(&self.default_country)
            .or_else(|| region_of_language(browser_language))
            .or_else(|| Region::find("US"))
            .expect("the generated tables contain US")
    }

    /// The user's other countries ([`Settings::other_countries`]), those the finder knows.
    pub fn other_regions(&self) -> Vec<&'static Region> {
        self.other_countries
            .iter()
            .filter_map(|code| Region::find(code))
            .collect()
    }

    /// What a content script on the page at `url` is told: [`crate::pages::page_config`] with
    /// the user's page settings and countries.
    pub fn page_config(
        &self,
        url: &str,
        browser_language: &str,
        finder: FinderPlace,
    ) -> PageConfig {
        crate::pages::page_config(
            &self.pages,
            url,
            self.home_region(browser_language),
            &self.other_regions(),
            finder,
        )
    }

    /// The form showing these settings.
    pub fn to_form(&self) -> SettingsForm {
        let rules = &self.dialing;
        SettingsForm {
            phone_address: self.phone_address.clone(),
            brand: choice_name(self.brand),
            scheme: choice_name(self.scheme),
            username: self.username.clone(),
            password: self.password.clone(),
            account: self.account.into(),
            account_uris: self.account_uris.join("\n"),
            default_country: self.default_country.clone(),
            other_countries: self.other_countries.join(", "),
            timeout_seconds: self.timeout_seconds.to_string(),
            key_form: choice_name(self.key_form),
            cancel_window: self.cancel_window.to_string(),
            keep_history: self.keep_history.to_string(),
            area_code: rules.area_code.clone(),
            international_prefix: rules.international_prefix.clone(),
            national_prefix: rules.national_prefix.clone().unwrap_or_default(),
            outside_line: rules.outside_line.clone(),
            international_format: choice_name(rules.international_format),
            extension: choice_name(rules.extension),
            rewrite_rules: rules
                .rewrite
                .iter()
                .map(|r| format!("{} -> {}", r.pattern, r.replacement))
                .collect::<Vec<_>>()
                .join("\n"),
            ask_costly: self.safety.ask_costly.to_string(),
            ask_abroad: self.safety.ask_abroad.to_string(),
            marking_mode: choice_name(self.pages.mode),
            take_over_dial_links: self.pages.take_over_dial_links.to_string(),
            allow_sites: self.pages.allow.join("\n"),
            deny_sites: self.pages.deny.join("\n"),
            incoming_enabled: self.incoming.enabled.to_string(),
            incoming_port: self.incoming.port.to_string(),
            incoming_token: self.incoming.token.clone(),
            incoming_address: self.incoming.address.clone(),
            screen_pop_url: self.incoming.screen_pop.clone(),
            screen_pop_auto: self.incoming.auto_open.to_string(),
            receiver_only: self.incoming.receiver_only.to_string(),
        }
    }

    /// Takes from `stored` what the options form does not show (the per-site modes the popup
    /// sets), so that saving the form keeps them.
    pub fn keep_unformed(mut self, stored: &Settings) -> Settings {
        self.pages.sites = stored.pages.sites.clone();
        self.credentials_for = stored.credentials_for.clone();
        self.phone_id = stored.phone_id.clone();
        self.phone_name = stored.phone_name.clone();
        self.other_phones = stored.other_phones.clone();
        self
    }
}

/// What [`settle_credentials`] made of a saved form's login.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settled {
    pub settings: Settings,
    /// A password was dropped: the phone's address or scheme changed and it was not typed
    /// again (the user is told to enter it for the new address).
    pub dropped_password: bool,
}

/// Ties the login of `saved` (the options form, validated) to its phone. `stored` is what the
/// page showed (the saved settings, the policy laid over them); `password_typed` says whether
/// the person typed into the password field since.
///
/// A password typed now is for the form's phone. One only carried over from `stored` is kept
/// when `stored`'s credentials were typed for the same scheme and address, and dropped
/// otherwise (so a changed address never gets the old password). Either way the form's
/// login is then the one for its phone: the person saved it for that address.
pub fn settle_credentials(mut saved: Settings, stored: &Settings, password_typed: bool) -> Settled {
    let key = saved.phone_key();
    let dropped_password =
        !password_typed && key != stored.credentials_for && !saved.password.is_empty();
    if dropped_password {
        saved.password.clear();
    }
    saved.credentials_for = key;
    Settled {
        settings: saved,
        dropped_password,
    }
}

/// The options form as typed: every field a string (checkboxes "true" or "false"). A field the
/// page does not show keeps the stored value (see [`Settings::to_form`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct SettingsForm {
    pub phone_address: String,
    pub brand: String,
    pub scheme: String,
    pub username: String,
    pub password: String,
    pub account: String,
    /// One SIP URI a line: line N is account N's.
    pub account_uris: String,
    pub default_country: String,
    /// Region codes separated by commas, spaces or lines.
    pub other_countries: String,
    pub timeout_seconds: String,
    pub key_form: String,
    pub cancel_window: String,
    pub keep_history: String,
    pub area_code: String,
    pub international_prefix: String,
    pub national_prefix: String,
    pub outside_line: String,
    pub international_format: String,
    pub extension: String,
    /// One rule a line: `pattern -> replacement`.
    pub rewrite_rules: String,
    pub ask_costly: String,
    pub ask_abroad: String,
    pub marking_mode: String,
    pub take_over_dial_links: String,
    /// One site a line.
    pub allow_sites: String,
    /// One site a line.
    pub deny_sites: String,
    pub incoming_enabled: String,
    pub incoming_port: String,
    /// Read-only on the page (made there, with "New token").
    pub incoming_token: String,
    pub incoming_address: String,
    pub screen_pop_url: String,
    pub screen_pop_auto: String,
    pub receiver_only: String,
}

impl Default for SettingsForm {
    /// The form of the default settings.
    fn default() -> Self {
        Settings::default().to_form()
    }
}

/// A field of the settings form; [`Field::id`] is its element id on the options page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Field {
    PhoneAddress,
    Brand,
    Scheme,
    Username,
    Password,
    Account,
    AccountUris,
    DefaultCountry,
    OtherCountries,
    TimeoutSeconds,
    KeyForm,
    CancelWindow,
    KeepHistory,
    AreaCode,
    InternationalPrefix,
    NationalPrefix,
    OutsideLine,
    InternationalFormat,
    Extension,
    RewriteRules,
    AskCostly,
    AskAbroad,
    MarkingMode,
    TakeOverDialLinks,
    AllowSites,
    DenySites,
    IncomingEnabled,
    IncomingPort,
    IncomingToken,
    IncomingAddress,
    ScreenPopUrl,
    ScreenPopAuto,
    ReceiverOnly,
}

impl Field {
    pub const ALL: [Field; 33] = [
        Field::PhoneAddress,
        Field::Brand,
        Field::Scheme,
        Field::Username,
        Field::Password,
        Field::Account,
        Field::AccountUris,
        Field::DefaultCountry,
        Field::OtherCountries,
        Field::TimeoutSeconds,
        Field::KeyForm,
        Field::CancelWindow,
        Field::KeepHistory,
        Field::AreaCode,
        Field::InternationalPrefix,
        Field::NationalPrefix,
        Field::OutsideLine,
        Field::InternationalFormat,
        Field::Extension,
        Field::RewriteRules,
        Field::AskCostly,
        Field::AskAbroad,
        Field::MarkingMode,
        Field::TakeOverDialLinks,
        Field::AllowSites,
        Field::DenySites,
        Field::IncomingEnabled,
        Field::IncomingPort,
        Field::IncomingToken,
        Field::IncomingAddress,
        Field::ScreenPopUrl,
        Field::ScreenPopAuto,
        Field::ReceiverOnly,
    ];

    /// The id of the field's input on the options page (its error element is `<id>-error`).
    pub fn id(self) -> &'static str {
        match self {
            Field::PhoneAddress => "phone-address",
            Field::Brand => "brand",
            Field::Scheme => "scheme",
            Field::Username => "username",
            Field::Password => "password",
            Field::Account => "account",
            Field::AccountUris => "account-uris",
            Field::DefaultCountry => "default-country",
            Field::OtherCountries => "other-countries",
            Field::TimeoutSeconds => "timeout-seconds",
            Field::KeyForm => "key-form",
            Field::CancelWindow => "cancel-window",
            Field::KeepHistory => "keep-history",
            Field::AreaCode => "area-code",
            Field::InternationalPrefix => "international-prefix",
            Field::NationalPrefix => "national-prefix",
            Field::OutsideLine => "outside-line",
            Field::InternationalFormat => "international-format",
            Field::Extension => "extension",
            Field::RewriteRules => "rewrite-rules",
            Field::AskCostly => "ask-costly",
            Field::AskAbroad => "ask-abroad",
            Field::MarkingMode => "marking-mode",
            Field::TakeOverDialLinks => "take-over-dial-links",
            Field::AllowSites => "allow-sites",
            Field::DenySites => "deny-sites",
            Field::IncomingEnabled => "incoming-enabled",
            Field::IncomingPort => "incoming-port",
            Field::IncomingToken => "incoming-token",
            Field::IncomingAddress => "incoming-address",
            Field::ScreenPopUrl => "screen-pop-url",
            Field::ScreenPopAuto => "screen-pop-auto",
            Field::ReceiverOnly => "receiver-only",
        }
    }

    /// Whether the field is a checkbox ("true" or "false").
    pub fn is_checkbox(self) -> bool {
        matches!(
            self,
            Field::CancelWindow
                | Field::KeepHistory
                | Field::AskCostly
                | Field::AskAbroad
                | Field::TakeOverDialLinks
                | Field::IncomingEnabled
                | Field::ScreenPopAuto
                | Field::ReceiverOnly
        )
    }
}

impl SettingsForm {
    /// The value of `field`.
    pub fn get(&self, field: Field) -> &str {
        self.slot(field)
    }

    /// Sets the value of `field`.
    pub fn set(&mut self, field: Field, value: String) {
        *self.slot_mut(field) = value;
    }

    fn slot(&self, field: Field) -> &String {
        match field {
            Field::PhoneAddress => &self.phone_address,
            Field::Brand => &self.brand,
            Field::Scheme => &self.scheme,
            Field::Username => &self.username,
            Field::Password => &self.password,
            Field::Account => &self.account,
            Field::AccountUris => &self.account_uris,
            Field::DefaultCountry => &self.default_country,
            Field::OtherCountries => &self.other_countries,
            Field::TimeoutSeconds => &self.timeout_seconds,
            Field::KeyForm => &self.key_form,
            Field::CancelWindow => &self.cancel_window,
            Field::KeepHistory => &self.keep_history,
            Field::AreaCode => &self.area_code,
            Field::InternationalPrefix => &self.international_prefix,
            Field::NationalPrefix => &self.national_prefix,
            Field::OutsideLine => &self.outside_line,
            Field::InternationalFormat => &self.international_format,
            Field::Extension => &self.extension,
            Field::RewriteRules => &self.rewrite_rules,
            Field::AskCostly => &self.ask_costly,
            Field::AskAbroad => &self.ask_abroad,
            Field::MarkingMode => &self.marking_mode,
            Field::TakeOverDialLinks => &self.take_over_dial_links,
            Field::AllowSites => &self.allow_sites,
            Field::DenySites => &self.deny_sites,
            Field::IncomingEnabled => &self.incoming_enabled,
            Field::IncomingPort => &self.incoming_port,
            Field::IncomingToken => &self.incoming_token,
            Field::IncomingAddress => &self.incoming_address,
            Field::ScreenPopUrl => &self.screen_pop_url,
            Field::ScreenPopAuto => &self.screen_pop_auto,
            Field::ReceiverOnly => &self.receiver_only,
        }
    }

    fn slot_mut(&mut self, field: Field) -> &mut String {
        match field {
            Field::PhoneAddress => &mut self.phone_address,
            Field::Brand => &mut self.brand,
            Field::Scheme => &mut self.scheme,
            Field::Username => &mut self.username,
            Field::Password => &mut self.password,
            Field::Account => &mut self.account,
            Field::AccountUris => &mut self.account_uris,
            Field::DefaultCountry => &mut self.default_country,
            Field::OtherCountries => &mut self.other_countries,
            Field::TimeoutSeconds => &mut self.timeout_seconds,
            Field::KeyForm => &mut self.key_form,
            Field::CancelWindow => &mut self.cancel_window,
            Field::KeepHistory => &mut self.keep_history,
            Field::AreaCode => &mut self.area_code,
            Field::InternationalPrefix => &mut self.international_prefix,
            Field::NationalPrefix => &mut self.national_prefix,
            Field::OutsideLine => &mut self.outside_line,
            Field::InternationalFormat => &mut self.international_format,
            Field::Extension => &mut self.extension,
            Field::RewriteRules => &mut self.rewrite_rules,
            Field::AskCostly => &mut self.ask_costly,
            Field::AskAbroad => &mut self.ask_abroad,
            Field::MarkingMode => &mut self.marking_mode,
            Field::TakeOverDialLinks => &mut self.take_over_dial_links,
            Field::AllowSites => &mut self.allow_sites,
            Field::DenySites => &mut self.deny_sites,
            Field::IncomingEnabled => &mut self.incoming_enabled,
            Field::IncomingPort => &mut self.incoming_port,
            Field::IncomingToken => &mut self.incoming_token,
            Field::IncomingAddress => &mut self.incoming_address,
            Field::ScreenPopUrl => &mut self.screen_pop_url,
            Field::ScreenPopAuto => &mut self.screen_pop_auto,
            Field::ReceiverOnly => &mut self.receiver_only,
        }
    }
}

/// What is wrong with one field; `Display` puts its [`Problem`] in the user's words.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{problem}")]
pub struct FieldError {
    pub field: Field,
    pub problem: Problem,
}

/// What is wrong with a field's value. Validation returns these; `Display` (the one place
/// they become text) puts them in the user's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// Not the phone's address.
    Address(AddressError),
    /// Not this computer's address as the phone reaches it.
    ComputerAddress,
    /// This computer's address with a port (the port is its own field).
    AddressWithPort,
    UnknownScheme,
    UnknownBrand,
    UnknownAccount,
    /// An account's SIP URI (lines counted from 1): not `user@host`, or with spaces or
    /// control characters, or too long.
    AccountUri {
        line: usize,
    },
    /// More account SIP URIs than accounts.
    TooManyAccountUris,
    /// The account chosen has no SIP URI, and the brand picks accounts by it.
    AccountNeedsUri {
        account: u8,
        brand: Brand,
    },
    /// The brand cannot choose the account (Fanvil).
    AccountNotChosen {
        brand: Brand,
    },
    UnknownKeyForm,
    /// A phone's name: empty, too long, or with control characters.
    PhoneName,
    /// A phone's id: empty, or another phone's.
    PhoneId,
    /// More than [`MAX_PHONES`] phones.
    TooManyPhones,
    UnknownInternationalFormat,
    UnknownExtensionMode,
    UnknownMarkingMode,
    UsernameEmpty,
    UsernameColon,
    UsernameQuote,
    UsernameControl,
    UsernameTooLong,
    PasswordControl,
    PasswordTooLong,
    /// The default country: not a region code.
    UnknownCountry(String),
    /// One of the other countries: not a region code.
    UnknownOtherCountry(String),
    /// More than [`MAX_OTHER_COUNTRIES`].
    TooManyCountries,
    /// Not 1 to 60 seconds.
    Timeout,
    /// Not `true` or `false`.
    NotAFlag,
    NotDigits(Digits),
    TooManyDigits(Digits, usize),
    /// The outside line: not digits, `*` or `#`.
    OutsideLineChars,
    OutsideLineTooLong,
    /// A rewrite rule's line without `->` (lines counted from 1).
    RuleShape {
        line: usize,
    },
    Rule {
        line: usize,
        error: RuleError,
    },
    /// More than [`MAX_REWRITE_RULES`].
    TooManyRules,
    SiteList(BadSiteLine),
    Port,
    Token,
    ScreenPop(TemplateError),
    /// Requests only through the receiver, for a phone on HTTPS (the receiver has no TLS).
    ReceiverOnlyHttps,
    /// An organisation's policy value that is not a string, a boolean, a number or a list of
    /// strings.
    PolicyWrongType,
}

/// The fields of digits alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Digits {
    AreaCode,
    InternationalPrefix,
    NationalPrefix,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digits = |what: &Digits| match what {
            Digits::AreaCode => t!("errorWhatAreaCode"),
            Digits::InternationalPrefix => t!("errorWhatInternationalPrefix"),
            Digits::NationalPrefix => t!("errorWhatNationalPrefix"),
        };
        let words = match self {
            Problem::Address(error) => error.to_string(),
            Problem::ComputerAddress => t!("errorIncomingAddress"),
            Problem::AddressWithPort => t!("errorIncomingAddressPort"),
            Problem::UnknownScheme => t!("errorScheme"),
            Problem::UnknownBrand => t!("errorBrand"),
            Problem::PhoneName => t!("errorPhoneName", MAX_PHONE_NAME),
            Problem::PhoneId => t!("errorPhoneId"),
            Problem::TooManyPhones => t!("errorTooManyPhones", MAX_PHONES),
            Problem::AccountUri { line } => t!("errorAccountUri", line, MAX_ACCOUNT_URI),
            Problem::TooManyAccountUris => t!("errorAccountUriCount", MAX_ACCOUNTS),
            Problem::AccountNeedsUri { account, brand } => {
                t!("errorAccountNeedsUri", brand, account)
            }
            Problem::AccountNotChosen { brand } => t!("errorAccountNotChosen", brand),
            Problem::UnknownAccount => t!("errorAccount"),
            Problem::UnknownKeyForm => t!("errorKeyForm"),
            Problem::UnknownInternationalFormat => t!("errorInternationalFormat"),
            Problem::UnknownExtensionMode => t!("errorExtension"),
            Problem::UnknownMarkingMode => t!("errorMarkingMode"),
            Problem::UsernameEmpty => t!("errorUsernameEmpty"),
            Problem::UsernameColon => t!("errorUsernameColon"),
            Problem::UsernameQuote => t!("errorUsernameQuote"),
            Problem::UsernameControl => t!("errorUsernameControl"),
            Problem::UsernameTooLong => t!("errorUsernameLong"),
            Problem::PasswordControl => t!("errorPasswordControl"),
            Problem::PasswordTooLong => t!("errorPasswordLong"),
            Problem::UnknownCountry(code) => t!("errorCountry", format!("{code:?}")),
            Problem::UnknownOtherCountry(code) => t!("errorOtherCountries", format!("{code:?}")),
            Problem::TooManyCountries => t!("errorTooManyCountries", MAX_OTHER_COUNTRIES),
            Problem::Timeout => t!("errorTimeout"),
            Problem::NotAFlag => t!("errorFlag"),
            Problem::NotDigits(what) => t!("errorDigitsOnly", digits(what)),
            Problem::TooManyDigits(what, max) => t!("errorDigitsTooMany", digits(what), max),
            Problem::OutsideLineChars => t!("errorOutsideLine"),
            Problem::OutsideLineTooLong => t!("errorOutsideLineLong"),
            Problem::RuleShape { line } => t!("errorRuleShape", line),
            Problem::Rule { line, error } => t!("errorRuleLine", line, error),
            Problem::TooManyRules => t!("errorRuleCount", MAX_REWRITE_RULES),
            Problem::SiteList(error) => error.to_string(),
            Problem::Port => t!("errorIncomingPort"),
            Problem::Token => t!("errorIncomingToken"),
            Problem::ScreenPop(error) => error.message(),
            Problem::ReceiverOnlyHttps => t!("errorReceiverOnlyHttps"),
            Problem::PolicyWrongType => t!("managedWrongType"),
        };
        f.write_str(&words)
    }
}

impl std::error::Error for Problem {}

/// Checks every field of `form` and returns the settings it describes.
///
/// # Errors
/// One [`FieldError`] per invalid field, in form order; nothing is returned to save then.
pub fn validate(form: &SettingsForm) -> Result<Settings, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut pages = PageSettings::default();
    let mut check = |field, result: Result<(), Problem>| {
        if let Err(problem) = result {
            errors.push(FieldError { field, problem });
        }
    };
    check(
        Field::PhoneAddress,
        form.phone_address
            .parse::<PhoneAddress>()
            .map(drop)
            .map_err(Problem::Address),
    );
    let brand = parse_choice(Problem::UnknownBrand, &form.brand);
    check(Field::Brand, brand.clone().map(drop));
    let scheme = parse_choice(Problem::UnknownScheme, &form.scheme);
    check(Field::Scheme, scheme.clone().map(drop));
    check(Field::Username, check_username(&form.username));
    check(Field::Password, check_password(&form.password));
    let account = Account::try_from(form.account.clone());
    check(
        Field::Account,
        account
            .clone()
            .map(drop)
            .map_err(|_| Problem::UnknownAccount),
    );
    let account_uris = parse_account_uris(&form.account_uris);
    check(Field::AccountUris, account_uris.clone().map(drop));
    check(Field::DefaultCountry, check_country(&form.default_country));
    let other_countries = parse_countries(&form.other_countries, &form.default_country);
    check(Field::OtherCountries, other_countries.clone().map(drop));
    let timeout = parse_timeout(&form.timeout_seconds);
    check(Field::TimeoutSeconds, timeout.clone().map(drop));
    let key_form = parse_choice(Problem::UnknownKeyForm, &form.key_form);
    check(Field::KeyForm, key_form.clone().map(drop));
    let cancel_window = parse_flag(&form.cancel_window);
    check(Field::CancelWindow, cancel_window.clone().map(drop));
    let keep_history = parse_flag(&form.keep_history);
    check(Field::KeepHistory, keep_history.clone().map(drop));
    check(
        Field::AreaCode,
        check_digits(&form.area_code, 6, Digits::AreaCode),
    );
    check(
        Field::InternationalPrefix,
        check_digits(&form.international_prefix, 5, Digits::InternationalPrefix),
    );
    check(
        Field::NationalPrefix,
        check_digits(&form.national_prefix, 3, Digits::NationalPrefix),
    );
    check(Field::OutsideLine, check_outside_line(&form.outside_line));
    let format = parse_choice(
        Problem::UnknownInternationalFormat,
        &form.international_format,
    );
    check(Field::InternationalFormat, format.clone().map(drop));
    let extension = parse_choice(Problem::UnknownExtensionMode, &form.extension);
    check(Field::Extension, extension.clone().map(drop));
    let rewrite = parse_rewrite_rules(&form.rewrite_rules);
    check(Field::RewriteRules, rewrite.clone().map(drop));
    let ask_costly = parse_flag(&form.ask_costly);
    check(Field::AskCostly, ask_costly.clone().map(drop));
    let ask_abroad = parse_flag(&form.ask_abroad);
    check(Field::AskAbroad, ask_abroad.clone().map(drop));
    let marking = parse_choice(Problem::UnknownMarkingMode, &form.marking_mode);
    check(Field::MarkingMode, marking.clone().map(drop));
    let take_over = parse_flag(&form.take_over_dial_links);
    check(Field::TakeOverDialLinks, take_over.clone().map(drop));
    let allow = parse_site_list(&form.allow_sites).map_err(Problem::SiteList);
    check(Field::AllowSites, allow.clone().map(drop));
    let deny = parse_site_list(&form.deny_sites).map_err(Problem::SiteList);
    check(Field::DenySites, deny.clone().map(drop));
    let incoming = validate_incoming(form, &mut check);
    if let (Some(incoming), Ok(Scheme::Https)) = (&incoming, &scheme) {
        if incoming.receiver_only {
            check(Field::ReceiverOnly, Err(Problem::ReceiverOnlyHttps));
        }
    }
    if errors.is_empty() {
        if let (Ok(mode), Ok(take_over_dial_links), Ok(allow), Ok(deny)) =
            (marking, take_over, allow, deny)
        {
            pages = PageSettings {
                mode,
                take_over_dial_links,
                allow,
                deny,
                ..PageSettings::default()
            };
        }
    }
    match (
        (brand, account_uris),
        scheme,
        account,
        timeout,
        key_form,
        cancel_window,
        keep_history,
        format,
        extension,
        rewrite,
    ) {
        (
            (Ok(brand), Ok(account_uris)),
            Ok(scheme),
            Ok(account),
            Ok(timeout_seconds),
            Ok(key_form),
            Ok(cancel_window),
            Ok(keep_history),
            Ok(international_format),
            Ok(extension),
            Ok(rewrite),
        ) if errors.is_empty() => Ok(Settings {
            version: SCHEMA_VERSION,
            phone_address: form.phone_address.trim().to_string(),
            brand,
            scheme,
            username: form.username.clone(),
            password: form.password.clone(),
            // Tied to a phone by whoever saves it: `settle_credentials`, `transfer::import`.
            credentials_for: String::new(),
            account,
            account_uris,
            default_country: form.default_country.to_ascii_uppercase(),
            other_countries: other_countries.unwrap_or_default(),
            timeout_seconds,
            key_form,
            cancel_window,
            keep_history,
            dialing: DialingRules {
                area_code: form.area_code.trim().to_string(),
                international_prefix: form.international_prefix.trim().to_string(),
                national_prefix: Some(form.national_prefix.trim())
                    .filter(|p| !p.is_empty())
                    .map(str::to_string),
                outside_line: form.outside_line.trim().to_string(),
                international_format,
                extension,
                rewrite,
            },
            pages,
            incoming: incoming.unwrap_or_default(),
            safety: crate::dial::policy::Safety {
                ask_costly: ask_costly.unwrap_or(true),
                ask_abroad: ask_abroad.unwrap_or(false),
            },
            // The form edits the default phone's fields; who saves it keeps the rest
            // (`Settings::keep_unformed`).
            phone_id: FIRST_PHONE_ID.to_string(),
            phone_name: FIRST_PHONE_NAME.to_string(),
            other_phones: Vec::new(),
        }),
        _ => Err(errors),
    }
}

/// One phone as the options page's phone list edits it: every field a string.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct PhoneForm {
    pub id: String,
    pub name: String,
    pub phone_address: String,
    pub brand: String,
    pub scheme: String,
    pub username: String,
    pub password: String,
    pub account: String,
    pub account_uris: String,
}

impl PhoneEntry {
    /// The form showing this phone.
    pub fn to_form(&self) -> PhoneForm {
        PhoneForm {
            id: self.id.clone(),
            name: self.name.clone(),
            phone_address: self.phone_address.clone(),
            brand: choice_name(self.brand),
            scheme: choice_name(self.scheme),
            username: self.username.clone(),
            password: self.password.clone(),
            account: self.account.into(),
            account_uris: self.account_uris.join("\n"),
        }
    }
}

/// What is wrong with one field of a [`PhoneForm`]: the phone's name (`None`), or one of the
/// phone fields the settings form has too.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhoneFieldError {
    pub field: Option<Field>,
    pub problem: Problem,
}

/// Checks one phone of the phone list as [`validate`] checks the default phone's fields, and
/// its name (not empty, at most [`MAX_PHONE_NAME`] characters, no control characters). The
/// phone's `credentials_for` is left empty: whoever saves it ties it ([`settle_phone`]).
///
/// # Errors
/// Every field's problem.
pub fn validate_phone(form: &PhoneForm) -> Result<PhoneEntry, Vec<PhoneFieldError>> {
    let mut settings_form = SettingsForm::default();
    for (field, value) in [
        (Field::PhoneAddress, &form.phone_address),
        (Field::Brand, &form.brand),
        (Field::Scheme, &form.scheme),
        (Field::Username, &form.username),
        (Field::Password, &form.password),
        (Field::Account, &form.account),
        (Field::AccountUris, &form.account_uris),
    ] {
        settings_form.set(field, value.clone());
    }
    let name = form.name.trim();
    let mut errors = Vec::new();
    if name.is_empty()
        || name.chars().count() > MAX_PHONE_NAME
        || name.chars().any(char::is_control)
    {
        errors.push(PhoneFieldError {
            field: None,
            problem: Problem::PhoneName,
        });
    }
    match validate(&settings_form) {
        Ok(settings) if errors.is_empty() => {
            let mut phone = settings.default_phone();
            phone.id = form.id.clone();
            phone.name = name.to_string();
            phone.credentials_for = String::new();
            Ok(phone)
        }
        Ok(_) => Err(errors),
        Err(field_errors) => {
            errors.extend(field_errors.into_iter().map(|e| PhoneFieldError {
                field: Some(e.field),
                problem: e.problem,
            }));
            Err(errors)
        }
    }
}

/// Ties a saved phone's login to its address as [`settle_credentials`] does for the default
/// phone: a password typed now is for this phone; one carried over from `stored` (the same
/// phone as it was saved, if any) is kept only when it was typed for the same scheme and
/// address. Returns the phone and whether a password was dropped.
pub fn settle_phone(
    mut saved: PhoneEntry,
    stored: Option<&PhoneEntry>,
    password_typed: bool,
) -> (PhoneEntry, bool) {
    let key = saved.phone_key();
    let typed_for = stored.map(|s| s.credentials_for.as_str()).unwrap_or("");
    let dropped = !password_typed && key != typed_for && !saved.password.is_empty();
    if dropped {
        saved.password.clear();
    }
    saved.credentials_for = key;
    (saved, dropped)
}

impl PhoneEntry {
    /// This phone as credentials are tied to it (see [`Settings::phone_key`]).
    pub fn phone_key(&self) -> String {
        let mut settings = Settings::default();
        settings.set_default_phone(self.clone());
        settings.phone_key()
    }
}

/// Saves phone `phone` (validated) into `settings`: the default phone's fields when it has the
/// default's id, the other phone with its id when there is one, else a new phone (refused past
/// [`MAX_PHONES`]). `password_typed` as for [`settle_phone`]. Returns whether a password was
/// dropped, or `None` when the phone was not saved (too many).
pub fn save_phone(
    settings: &mut Settings,
    phone: PhoneEntry,
    password_typed: bool,
) -> Option<bool> {
    if phone.id == settings.phone_id {
        let stored = settings.default_phone();
        let (phone, dropped) = settle_phone(phone, Some(&stored), password_typed);
        settings.set_default_phone(phone);
        return Some(dropped);
    }
    if let Some(slot) = settings.other_phones.iter_mut().find(|p| p.id == phone.id) {
        let (phone, dropped) = settle_phone(phone, Some(slot), password_typed);
        *slot = phone;
        return Some(dropped);
    }
    if settings.other_phones.len() + 1 >= MAX_PHONES {
        return None;
    }
    let mut phone = phone;
    phone.id = settings.new_phone_id();
    let (phone, dropped) = settle_phone(phone, None, password_typed);
    settings.other_phones.push(phone);
    Some(dropped)
}

/// Removes the other phone `id` (the default phone is never removed: make another the default
/// first). Returns whether one was removed.
pub fn remove_phone(settings: &mut Settings, id: &str) -> bool {
    let before = settings.other_phones.len();
    settings.other_phones.retain(|p| p.id != id);
    settings.other_phones.len() != before
}

/// The most accounts a phone's settings name (account 1 to 4).
pub const MAX_ACCOUNTS: usize = 4;

/// The longest account SIP URI kept.
pub const MAX_ACCOUNT_URI: usize = 128;

/// The accounts' SIP URIs, one a line (line N is account N's; an empty line gives none), each
/// trimmed; trailing empty lines are dropped.
fn parse_account_uris(text: &str) -> Result<Vec<String>, Problem> {
    let mut uris: Vec<String> = text.lines().map(|l| l.trim().to_string()).collect();
    while uris.last().is_some_and(String::is_empty) {
        uris.pop();
    }
    if uris.len() > MAX_ACCOUNTS {
        return Err(Problem::TooManyAccountUris);
    }
    for (index, uri) in uris.iter().enumerate() {
        let user_at_host = uri
            .strip_prefix("sip:")
            .or_else(|| uri.strip_prefix("sips:"))
            .unwrap_or(uri)
            .split_once('@')
            .is_some_and(|(user, host)| !user.is_empty() && !host.is_empty());
        let bad = !uri.is_empty()
            && (!user_at_host
                || uri.len() > MAX_ACCOUNT_URI
                || !uri.bytes().all(|b| b.is_ascii_graphic()));
        if bad {
            return Err(Problem::AccountUri { line: index + 1 });
        }
    }
    Ok(uris)
}

/// What the brand cannot do with these settings, beside the field to fix: an account chosen
/// whose SIP URI is not set (Yealink, Snom), an account chosen at all (Fanvil). Not part of
/// [`validate`], so that a policy or a file that changes the brand still applies (a dial then
/// tells what is missing); the options page checks it before saving.
pub fn brand_fit(settings: &Settings) -> Vec<FieldError> {
    let brand = settings.brand;
    let problem = match (brand.account_choice(), settings.account) {
        (_, Account::Auto) | (AccountChoice::ByNumber, _) => None,
        (AccountChoice::None, _) => Some((Field::Account, Problem::AccountNotChosen { brand })),
        (AccountChoice::BySipUri, Account::Line(n)) => {
            let given = usize::from(n)
                .checked_sub(1)
                .and_then(|i| settings.account_uris.get(i))
                .is_some_and(|uri| !uri.is_empty());
            (!given).then_some((
                Field::AccountUris,
                Problem::AccountNeedsUri { account: n, brand },
            ))
        }
    };
    problem
        .map(|(field, problem)| FieldError { field, problem })
        .into_iter()
        .collect()
}

/// The incoming-call settings `form` describes, or `None` when one of their fields is wrong
/// (the options page shows the Action URLs from the form as it is typed).
pub fn incoming_of(form: &SettingsForm) -> Option<IncomingSettings> {
    validate_incoming(form, &mut |_, _| {})
}

/// Checks the incoming-call fields; `None` when one is wrong (and reported through `check`).
fn validate_incoming(
    form: &SettingsForm,
    check: &mut impl FnMut(Field, Result<(), Problem>),
) -> Option<IncomingSettings> {
    let enabled = parse_flag(&form.incoming_enabled);
    check(Field::IncomingEnabled, enabled.clone().map(drop));
    let port = parse_port(&form.incoming_port);
    check(Field::IncomingPort, port.clone().map(drop));
    let token = form.incoming_token.trim();
    check(Field::IncomingToken, check_token(token));
    let address = form.incoming_address.trim();
    check(Field::IncomingAddress, check_this_computer(address));
    let screen_pop = form.screen_pop_url.trim();
    check(Field::ScreenPopUrl, check_screen_pop(screen_pop));
    let auto_open = parse_flag(&form.screen_pop_auto);
    check(Field::ScreenPopAuto, auto_open.clone().map(drop));
    let receiver_only = parse_flag(&form.receiver_only);
    check(Field::ReceiverOnly, receiver_only.clone().map(drop));
    Some(IncomingSettings {
        enabled: enabled.ok()?,
        port: port.ok()?,
        token: check_token(token).ok().map(|()| token.to_string())?,
        address: check_this_computer(address)
            .ok()
            .map(|()| address.to_string())?,
        screen_pop: check_screen_pop(screen_pop)
            .ok()
            .map(|()| screen_pop.to_string())?,
        auto_open: auto_open.ok()?,
        receiver_only: receiver_only.ok()?,
    })
}

fn parse_port(text: &str) -> Result<u16, Problem> {
    match text.trim().parse::<u16>() {
        Ok(port @ 1..) => Ok(port),
        _ => Err(Problem::Port),
    }
}

/// A token is made by the page; empty until incoming calls are first turned on.
fn check_token(token: &str) -> Result<(), Problem> {
    if token.is_empty() {
        return Ok(());
    }
    crate::incoming::validate_token(token).map_err(|_| Problem::Token)
}

/// This computer's address as the phone reaches it: a host name or an IP address, no port (it
/// is its own field), or empty until the user knows it.
fn check_this_computer(address: &str) -> Result<(), Problem> {
    if address.is_empty() {
        return Ok(());
    }
    match address.parse::<PhoneAddress>() {
        Ok(parsed) if parsed.port().is_none() => Ok(()),
        Ok(_) => Err(Problem::AddressWithPort),
        Err(_) => Err(Problem::ComputerAddress),
    }
}

fn check_screen_pop(template: &str) -> Result<(), Problem> {
    if template.is_empty() {
        return Ok(());
    }
    crate::incoming::screen_pop::ScreenPop::parse(template)
        .map(drop)
        .map_err(Problem::ScreenPop)
}

/// The serde name of a unit variant: a choice as the form writes it (`accessPrefix`, `dtmf`),
/// a field as a policy names it (`areaCode`).
pub(crate) fn choice_name<T: Serialize>(choice: T) -> String {
    serde_json::to_value(choice)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// The choice the form names, or `error`.
fn parse_choice<T: serde::de::DeserializeOwned>(error: Problem, name: &str) -> Result<T, Problem> {
    serde_json::from_value(serde_json::Value::String(name.to_string())).map_err(|_| error)
}

fn check_username(username: &str) -> Result<(), Problem> {
    if username.is_empty() {
        Err(Problem::UsernameEmpty)
    } else if username.contains(':') {
        Err(Problem::UsernameColon)
    } else if username.contains(['"', '\\']) {
        Err(Problem::UsernameQuote)
    } else if username.chars().any(char::is_control) {
        Err(Problem::UsernameControl)
    } else if username.len() > 64 {
        Err(Problem::UsernameTooLong)
    } else {
        Ok(())
    }
}

fn check_password(password: &str) -> Result<(), Problem> {
    if password.chars().any(char::is_control) {
        Err(Problem::PasswordControl)
    } else if password.len() > 128 {
        Err(Problem::PasswordTooLong)
    } else {
        Ok(())
    }
}

fn check_country(code: &str) -> Result<(), Problem> {
    if code.is_empty() || Region::find(code).is_some() {
        Ok(())
    } else {
        Err(Problem::UnknownCountry(code.to_string()))
    }
}

/// The most other countries a user keeps.
pub const MAX_OTHER_COUNTRIES: usize = 8;

/// Region codes separated by commas, semicolons, spaces or lines, upper case, each once, the
/// default country left out.
fn parse_countries(text: &str, default_country: &str) -> Result<Vec<String>, Problem> {
    let mut codes: Vec<String> = Vec::new();
    for code in text.split([',', ';', ' ', '\n', '\t']).map(str::trim) {
        if code.is_empty() {
            continue;
        }
        let code = code.to_ascii_uppercase();
        if Region::find(&code).is_none() {
            return Err(Problem::UnknownOtherCountry(code));
        }
        if !codes.contains(&code) && !code.eq_ignore_ascii_case(default_country) {
            codes.push(code);
        }
    }
    if codes.len() > MAX_OTHER_COUNTRIES {
        return Err(Problem::TooManyCountries);
    }
    Ok(codes)
}

fn parse_timeout(text: &str) -> Result<u32, Problem> {
    match text.trim().parse::<u32>() {
        Ok(seconds @ 1..=60) => Ok(seconds),
        _ => Err(Problem::Timeout),
    }
}

fn parse_flag(text: &str) -> Result<bool, Problem> {
    match text {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(Problem::NotAFlag),
    }
}

fn check_digits(text: &str, max: usize, what: Digits) -> Result<(), Problem> {
    let text = text.trim();
    if !text.bytes().all(|b| b.is_ascii_digit()) {
        Err(Problem::NotDigits(what))
    } else if text.len() > max {
        Err(Problem::TooManyDigits(what, max))
    } else {
        Ok(())
    }
}

fn check_outside_line(text: &str) -> Result<(), Problem> {
    let text = text.trim();
    if !text
        .chars()
        .all(|c| c.is_ascii_digit() || c == '*' || c == '#')
    {
        Err(Problem::OutsideLineChars)
    } else if text.len() > 4 {
        Err(Problem::OutsideLineTooLong)
    } else {
        Ok(())
    }
}

/// The most rewrite rules kept.
pub const MAX_REWRITE_RULES: usize = 50;

/// Reads rewrite rules, one a line (`pattern -> replacement`); blank lines are skipped.
///
/// # Errors
/// The first bad line's problem, or too many rules.
pub fn parse_rewrite_rules(text: &str) -> Result<Vec<RewriteRule>, Problem> {
    let mut rules = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let number = index + 1;
        let Some((pattern, replacement)) = line.split_once("->") else {
            return Err(Problem::RuleShape { line: number });
        };
        let rule = RewriteRule::new(pattern.trim(), replacement.trim());
        rule.check().map_err(|error| Problem::Rule {
            line: number,
            error,
        })?;
        rules.push(rule);
    }
    if rules.len() > MAX_REWRITE_RULES {
        return Err(Problem::TooManyRules);
    }
    Ok(rules)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dial::rules::{ExtensionMode, InternationalFormat};
    use crate::pages::MarkingMode;

    fn form() -> SettingsForm {
        SettingsForm {
            phone_address: "192.168.0.124".into(),
            username: "admin".into(),
            password: "admin".into(),
            account: "auto".into(),
            default_country: "de".into(),
            ..SettingsForm::default()
        }
    }

    #[test]
    fn a_good_form_becomes_settings() {
        let settings = validate(&form()).unwrap();
        assert_eq!(settings.default_country, "DE");
        assert_eq!(settings.account, Account::Auto);
        assert_eq!(settings.phone().unwrap().to_string(), "192.168.0.124");
        assert_eq!(settings.to_form().account, "auto");
        assert_eq!(settings.timeout_seconds, 5);
        assert!(!settings.cancel_window && settings.keep_history);
        assert_eq!(settings.dialing, DialingRules::default());
    }

    #[test]
    fn every_setting_round_trips_through_the_form() {
        let full = SettingsForm {
            timeout_seconds: "12".into(),
            scheme: "https".into(),
            key_form: "bare".into(),
            cancel_window: "true".into(),
            keep_history: "false".into(),
            area_code: "30".into(),
            international_prefix: "000".into(),
            national_prefix: "0".into(),
            outside_line: "9".into(),
            international_format: "plus".into(),
            extension: "dtmf".into(),
            rewrite_rules: "0049 -> 0\n\n  +41 ->0041  \n0800X$ -> ".into(),
            ..form()
        };
        let settings = validate(&full).unwrap();
        assert_eq!(settings.timeout_seconds, 12);
        assert_eq!(settings.key_form, KeyForm::Bare);
        assert!(settings.cancel_window && !settings.keep_history);
        assert_eq!(
            settings.dialing,
            DialingRules {
                area_code: "30".into(),
                international_prefix: "000".into(),
                national_prefix: Some("0".into()),
                outside_line: "9".into(),
                international_format: InternationalFormat::Plus,
                extension: ExtensionMode::Dtmf,
                rewrite: vec![
                    RewriteRule::new("0049", "0"),
                    RewriteRule::new("+41", "0041"),
                    RewriteRule::new("0800X$", ""),
                ],
            }
        );
        let again = validate(&settings.to_form()).unwrap();
        assert_eq!(again, settings);
        let mut form = settings.to_form();
        for field in Field::ALL {
            let value = form.get(field).to_string();
            form.set(field, value.clone());
            assert_eq!(form.get(field), value);
        }
    }

    #[test]
    fn each_bad_field_is_named_with_its_problem() {
        use Problem::*;
        type Spoil = fn(&mut SettingsForm);
        let cases: &[(Spoil, Field, Problem)] = &[
            (
                |f| f.phone_address = String::new(),
                Field::PhoneAddress,
                Address(AddressError::Empty),
            ),
            (
                |f| f.phone_address = "http://phone".into(),
                Field::PhoneAddress,
                Address(AddressError::HasScheme),
            ),
            (|f| f.scheme = "ftp".into(), Field::Scheme, UnknownScheme),
            (|f| f.scheme = String::new(), Field::Scheme, UnknownScheme),
            (
                |f| f.username = String::new(),
                Field::Username,
                UsernameEmpty,
            ),
            (
                |f| f.username = "ad:min".into(),
                Field::Username,
                UsernameColon,
            ),
            (
                |f| f.username = "ad\nmin".into(),
                Field::Username,
                UsernameControl,
            ),
            (
                |f| f.username = "ad\"min".into(),
                Field::Username,
                UsernameQuote,
            ),
            (
                |f| f.username = "a".repeat(65),
                Field::Username,
                UsernameTooLong,
            ),
            (
                |f| f.password = "a\u{0}".into(),
                Field::Password,
                PasswordControl,
            ),
            (
                |f| f.password = "a".repeat(129),
                Field::Password,
                PasswordTooLong,
            ),
            (|f| f.account = "5".into(), Field::Account, UnknownAccount),
            (
                |f| f.default_country = "XX".into(),
                Field::DefaultCountry,
                UnknownCountry("XX".into()),
            ),
            (
                |f| f.default_country = "Germany".into(),
                Field::DefaultCountry,
                UnknownCountry("Germany".into()),
            ),
            (
                |f| f.timeout_seconds = "0".into(),
                Field::TimeoutSeconds,
                Timeout,
            ),
            (
                |f| f.timeout_seconds = "61".into(),
                Field::TimeoutSeconds,
                Timeout,
            ),
            (
                |f| f.timeout_seconds = "five".into(),
                Field::TimeoutSeconds,
                Timeout,
            ),
            (
                |f| f.key_form = "Command=3".into(),
                Field::KeyForm,
                UnknownKeyForm,
            ),
            (
                |f| f.cancel_window = "on".into(),
                Field::CancelWindow,
                NotAFlag,
            ),
            (
                |f| f.keep_history = String::new(),
                Field::KeepHistory,
                NotAFlag,
            ),
            (
                |f| f.area_code = "(030)".into(),
                Field::AreaCode,
                NotDigits(Digits::AreaCode),
            ),
            (
                |f| f.area_code = "1234567".into(),
                Field::AreaCode,
                TooManyDigits(Digits::AreaCode, 6),
            ),
            (
                |f| f.international_prefix = "+".into(),
                Field::InternationalPrefix,
                NotDigits(Digits::InternationalPrefix),
            ),
            (
                |f| f.national_prefix = "0&".into(),
                Field::NationalPrefix,
                NotDigits(Digits::NationalPrefix),
            ),
            (
                |f| f.outside_line = "0 ".repeat(3),
                Field::OutsideLine,
                OutsideLineChars,
            ),
            (
                |f| f.outside_line = "0&Command=2".into(),
                Field::OutsideLine,
                OutsideLineChars,
            ),
            (
                |f| f.outside_line = "00000".into(),
                Field::OutsideLine,
                OutsideLineTooLong,
            ),
            (
                |f| f.international_format = "+".into(),
                Field::InternationalFormat,
                UnknownInternationalFormat,
            ),
            (
                |f| f.extension = "keep".into(),
                Field::Extension,
                UnknownExtensionMode,
            ),
            (
                |f| f.rewrite_rules = "0049 0".into(),
                Field::RewriteRules,
                RuleShape { line: 1 },
            ),
            (
                |f| f.rewrite_rules = "0049 -> 0&x".into(),
                Field::RewriteRules,
                Rule {
                    line: 1,
                    error: RuleError::BadReplacement('&'),
                },
            ),
        ];
        for (spoil, field, problem) in cases {
            let mut bad = form();
            spoil(&mut bad);
            let errors = validate(&bad).unwrap_err();
            assert_eq!(errors.len(), 1, "{bad:?}");
            assert_eq!((errors[0].field, &errors[0].problem), (*field, problem));
            assert!(errors[0].to_string().len() > 10);
        }
        let errors = validate(&SettingsForm {
            rewrite_rules: "0049 -> 0\n00 -> a".into(),
            ..form()
        })
        .unwrap_err();
        assert!(
            matches!(errors[0].problem, Problem::Rule { line: 2, .. }),
            "{errors:?}"
        );
        assert!(errors[0].to_string().starts_with("Line 2:"), "{errors:?}");
    }

    #[test]
    fn all_errors_at_once_in_form_order() {
        let bad = SettingsForm {
            phone_address: "x y".into(),
            username: String::new(),
            password: String::new(),
            account: "9".into(),
            default_country: "??".into(),
            outside_line: "x".into(),
            ..SettingsForm::default()
        };
        let fields: Vec<Field> = validate(&bad)
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(
            fields,
            [
                Field::PhoneAddress,
                Field::Username,
                Field::Account,
                Field::DefaultCountry,
                Field::OutsideLine,
            ]
        );
    }

    #[test]
    fn stored_json_shape_and_defaults() {
        let settings = validate(&form()).unwrap();
        let json = serde_json::to_string(&settings).unwrap();
        assert!(json.contains("\"phoneAddress\""), "{json}");
        assert!(json.contains("\"dialing\":{\"areaCode\""), "{json}");
        assert!(json.contains("\"timeoutSeconds\":5"), "{json}");
        // Missing fields take their defaults (older or partial stored objects still load).
        let partial: Settings = serde_json::from_str(r#"{"phoneAddress":"10.0.0.5"}"#).unwrap();
        assert_eq!(partial.username, "admin");
        assert_eq!(partial.version, SCHEMA_VERSION);
        assert_eq!(partial.account, Account::Auto);
    }

    /// Other countries: codes in any case and with any separator, each once, the default one
    /// left out; an unknown code or too many is the field's error.
    #[test]
    fn other_countries() {
        let form = |default: &str, others: &str| SettingsForm {
            phone_address: "10.0.0.5".into(),
            default_country: default.into(),
            other_countries: others.into(),
            ..SettingsForm::default()
        };
        let settings = validate(&form("CH", "de, at;\nfr  DE ch")).unwrap();
        assert_eq!(settings.other_countries, ["DE", "AT", "FR"]);
        let ids: Vec<_> = settings.other_regions().iter().map(|r| r.id).collect();
        assert_eq!(ids, ["DE", "AT", "FR"]);
        assert_eq!(settings.to_form().other_countries, "DE, AT, FR");
        let errors = validate(&form("CH", "DE, Germany")).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].field, Field::OtherCountries);
        assert_eq!(
            errors[0].problem,
            Problem::UnknownOtherCountry("GERMANY".into())
        );
        assert!(errors[0].to_string().contains("GERMANY"), "{}", errors[0]);
        let many = "AT BE DK ES FR GB IT NL SE";
        assert_eq!(
            validate(&form("CH", many)).unwrap_err()[0].field,
            Field::OtherCountries
        );
        assert!(validate(&form("", "")).unwrap().other_countries.is_empty());
    }

    /// A v1 object exactly as v1 stored it becomes current settings that dial as v1 did.
    #[test]
    fn migration_from_v1() {
        let v1 = r#"{"version":1,"phoneAddress":"10.0.0.5:8080","username":"user","password":"1234","account":"3","defaultCountry":"AT"}"#;
        let migrated = migrate(serde_json::from_str(v1).unwrap());
        assert_eq!(
            migrated,
            Settings {
                version: SCHEMA_VERSION,
                phone_id: "1".into(),
                phone_name: "Desk phone".into(),
                phone_address: "10.0.0.5:8080".into(),
                brand: Brand::Htek,
                scheme: Scheme::Http,
                username: "user".into(),
                password: "1234".into(),
                credentials_for: "http://10.0.0.5:8080".into(),
                account: Account::Line(3),
                account_uris: Vec::new(),
                default_country: "AT".into(),
                other_countries: Vec::new(),
                timeout_seconds: 5,
                key_form: KeyForm::Command3,
                cancel_window: false,
                keep_history: true,
                dialing: DialingRules::default(),
                pages: PageSettings::default(),
                incoming: IncomingSettings::default(),
                safety: crate::dial::policy::Safety::default(),
                other_phones: Vec::new(),
            }
        );
        // Already current: unchanged. An out-of-range stored timeout falls back to the default.
        assert_eq!(migrate(migrated.clone()), migrated);
        let odd = Settings {
            timeout_seconds: 0,
            ..migrated.clone()
        };
        assert_eq!(migrate(odd).timeout_seconds, 5);
    }

    /// A v3 object (no scheme) reaches the phone over http as v3 did.
    #[test]
    fn migration_from_v3() {
        let v3 = r#"{"version":3,"phoneAddress":"10.0.0.5:8080","pages":{"mode":"links"}}"#;
        let migrated = migrate(serde_json::from_str(v3).unwrap());
        assert_eq!(migrated.version, SCHEMA_VERSION);
        assert_eq!(migrated.scheme, Scheme::Http);
        assert_eq!(migrated.pages.mode, MarkingMode::Links);
        assert_eq!(migrated.phone().unwrap().base_url(), "http://10.0.0.5:8080");
        let https = Settings {
            scheme: Scheme::Https,
            ..migrated
        };
        assert_eq!(https.phone().unwrap().base_url(), "https://10.0.0.5:8080");
        assert_eq!(https.to_form().scheme, "https");
    }

    /// A v2 object (dialing rules, no page settings) marks every site as v2 did.
    #[test]
    fn migration_from_v2() {
        let v2 = r#"{"version":2,"phoneAddress":"10.0.0.5","timeoutSeconds":9,"cancelWindow":true,"dialing":{"outsideLine":"0"}}"#;
        let migrated = migrate(serde_json::from_str(v2).unwrap());
        assert_eq!(migrated.version, SCHEMA_VERSION);
        assert_eq!(
            (migrated.timeout_seconds, migrated.cancel_window),
            (9, true)
        );
        assert_eq!(migrated.dialing.outside_line, "0");
        assert_eq!(migrated.pages, PageSettings::default());
    }

    #[test]
    fn page_fields_round_trip_and_the_popup_sites_survive_a_save() {
        let mut stored = Settings::default();
        stored
            .pages
            .sites
            .insert("noisy.test".into(), crate::pages::SiteMode::Off);
        let mut form = stored.to_form();
        form.phone_address = "10.0.0.9".into();
        form.marking_mode = "links".into();
        form.take_over_dial_links = "false".into();
        form.allow_sites = "crm.example.com\n*.intranet.test".into();
        let saved = validate(&form).unwrap().keep_unformed(&stored);
        assert_eq!(saved.pages.mode, MarkingMode::Links);
        assert!(!saved.pages.take_over_dial_links);
        assert_eq!(saved.pages.allow, ["crm.example.com", "*.intranet.test"]);
        assert_eq!(saved.pages.sites, stored.pages.sites);
        assert_eq!(saved.to_form().allow_sites, form.allow_sites);
        form.deny_sites = "not a site".into();
        form.marking_mode = "blink".into();
        let fields: Vec<Field> = validate(&form)
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, [Field::MarkingMode, Field::DenySites]);
    }

    /// A v4 object (no incoming calls) starts nothing, as v4 did.
    #[test]
    fn migration_from_v4() {
        let v4 = r#"{"version":4,"phoneAddress":"10.0.0.5","scheme":"https"}"#;
        let migrated = migrate(serde_json::from_str(v4).unwrap());
        assert_eq!(migrated.version, SCHEMA_VERSION);
        assert_eq!(migrated.scheme, Scheme::Https);
        assert_eq!(migrated.incoming, IncomingSettings::default());
        assert!(!migrated.incoming.enabled);
        assert_eq!(migrated.incoming.port, 8765);
        assert_eq!(migrated.incoming.setup(), None);
        let form = migrated.to_form();
        assert_eq!(
            (form.incoming_enabled.as_str(), form.incoming_port.as_str()),
            ("false", "8765")
        );
    }

    #[test]
    fn incoming_fields_round_trip() {
        let full = SettingsForm {
            incoming_enabled: "true".into(),
            incoming_port: " 9000 ".into(),
            incoming_token: "0123456789abcdef0123456789abcdef".into(),
            incoming_address: "192.168.0.50".into(),
            screen_pop_url: "https://crm.example/search?q={number}&n={name}".into(),
            screen_pop_auto: "true".into(),
            receiver_only: "true".into(),
            ..form()
        };
        let settings = validate(&full).unwrap();
        assert_eq!(
            settings.incoming,
            IncomingSettings {
                enabled: true,
                port: 9000,
                token: "0123456789abcdef0123456789abcdef".into(),
                address: "192.168.0.50".into(),
                screen_pop: "https://crm.example/search?q={number}&n={name}".into(),
                auto_open: true,
                receiver_only: true,
            }
        );
        assert_eq!(validate(&settings.to_form()).unwrap(), settings);
        let setup = settings.incoming.setup().unwrap();
        assert_eq!(setup.base_url(), "http://192.168.0.50:9000");
        assert!(settings.incoming.screen_pop().is_some());
        // Empty token, address and template are allowed: nothing is set up yet.
        let bare = validate(&SettingsForm {
            incoming_enabled: "true".into(),
            ..form()
        })
        .unwrap();
        assert_eq!(bare.incoming.setup(), None);
        assert_eq!(bare.incoming.screen_pop(), None);
    }

    #[test]
    fn each_bad_incoming_field_is_named() {
        type Spoil = fn(&mut SettingsForm);
        let cases: &[(Spoil, Field, &str)] = &[
            (
                |f| f.incoming_enabled = "yes".into(),
                Field::IncomingEnabled,
                "",
            ),
            (
                |f| f.incoming_port = "0".into(),
                Field::IncomingPort,
                "65535",
            ),
            (
                |f| f.incoming_port = "70000".into(),
                Field::IncomingPort,
                "65535",
            ),
            (
                |f| f.incoming_port = "http".into(),
                Field::IncomingPort,
                "65535",
            ),
            (
                |f| f.incoming_token = "short".into(),
                Field::IncomingToken,
                "New token",
            ),
            (
                |f| f.incoming_token = "0123456789abcdef0123456789abcde/".into(),
                Field::IncomingToken,
                "New token",
            ),
            (
                |f| f.incoming_address = "192.168.0.50:8765".into(),
                Field::IncomingAddress,
                "port",
            ),
            (
                |f| f.incoming_address = "http://pc".into(),
                Field::IncomingAddress,
                "host name",
            ),
            (
                |f| f.incoming_address = "pc/x".into(),
                Field::IncomingAddress,
                "host name",
            ),
            (
                |f| f.screen_pop_url = "crm.example/{number}".into(),
                Field::ScreenPopUrl,
                "https://",
            ),
            (
                |f| f.screen_pop_url = "https://{name}.crm.example/".into(),
                Field::ScreenPopUrl,
                "after the host",
            ),
            (
                |f| f.screen_pop_url = "https://crm.example/?q={phone}".into(),
                Field::ScreenPopUrl,
                "{phone}",
            ),
            (|f| f.screen_pop_auto = "1".into(), Field::ScreenPopAuto, ""),
            (|f| f.receiver_only = "yes".into(), Field::ReceiverOnly, ""),
            (
                |f| {
                    f.receiver_only = "true".into();
                    f.scheme = "https".into();
                },
                Field::ReceiverOnly,
                "HTTP only",
            ),
        ];
        for (spoil, field, words) in cases {
            let mut bad = form();
            spoil(&mut bad);
            let errors = validate(&bad).unwrap_err();
            assert_eq!(errors.len(), 1, "{bad:?}");
            assert_eq!(errors[0].field, *field);
            assert!(errors[0].to_string().contains(words), "{errors:?}");
            assert!(errors[0].to_string().len() > 10);
        }
    }

    /// A v5 object (no `credentialsFor`): the login was typed for the phone set then, so it
    /// keeps dialing there, and only there.
    #[test]
    fn migration_from_v5() {
        for (v5, key) in [
            (
                r#"{"version":5,"phoneAddress":"10.0.0.5:8080","password":"pw"}"#,
                "http://10.0.0.5:8080",
            ),
            (
                r#"{"version":5,"phoneAddress":" Phone.Office.Test ","scheme":"https","password":"pw"}"#,
                "https://phone.office.test",
            ),
            (r#"{"version":5,"password":"pw"}"#, ""),
            // Already v6: what it says stands, even when it names another phone.
            (
                r#"{"version":6,"phoneAddress":"10.0.0.5","credentialsFor":"http://10.0.0.9"}"#,
                "http://10.0.0.9",
            ),
        ] {
            let migrated = migrate(serde_json::from_str(v5).unwrap());
            assert_eq!(migrated.version, SCHEMA_VERSION, "{v5}");
            assert_eq!(migrated.credentials_for, key, "{v5}");
            assert_eq!(migrated.password.is_empty(), !v5.contains("pw"), "{v5}");
        }
        let stored =
            migrate(serde_json::from_str(r#"{"version":5,"phoneAddress":"10.0.0.5"}"#).unwrap());
        assert!(stored.credentials_match());
        let json = serde_json::to_string(&stored).unwrap();
        assert!(
            json.contains(r#""credentialsFor":"http://10.0.0.5""#),
            "{json}"
        );
        let moved = Settings {
            phone_address: "10.0.0.6".into(),
            ..stored.clone()
        };
        assert!(!moved.credentials_match());
        let upgraded = Settings {
            scheme: Scheme::Https,
            ..stored
        };
        assert!(
            !upgraded.credentials_match(),
            "a changed scheme is another phone"
        );
    }

    /// The options form's login is tied to its phone; a password carried to another address
    /// without being typed again is dropped.
    #[test]
    fn a_changed_address_drops_a_password_not_typed_again() {
        let stored = Settings {
            phone_address: "10.0.0.5".into(),
            password: "old".into(),
            credentials_for: "http://10.0.0.5".into(),
            ..Settings::default()
        };
        // (address, scheme, password in the form, typed?, password kept, dropped?)
        let cases: &[(&str, &str, &str, bool, &str, bool)] = &[
            ("10.0.0.5", "http", "old", false, "old", false),
            ("10.0.0.5", "http", "new", true, "new", false),
            ("10.0.0.5", "http", "", true, "", false),
            ("10.0.0.6", "http", "old", false, "", true),
            ("10.0.0.5:8080", "http", "old", false, "", true),
            ("10.0.0.5", "https", "old", false, "", true),
            ("10.0.0.6", "http", "old", true, "old", false),
            ("10.0.0.6", "http", "new", true, "new", false),
            ("10.0.0.6", "http", "", false, "", false),
            // The same phone written another way is the same phone.
            (" 10.0.0.5 ", "http", "old", false, "old", false),
        ];
        for &(address, scheme, password, typed, kept, dropped) in cases {
            let mut form = stored.to_form();
            form.phone_address = address.into();
            form.scheme = scheme.into();
            form.password = password.into();
            let saved = validate(&form).unwrap().keep_unformed(&stored);
            let settled = settle_credentials(saved, &stored, typed);
            let what = format!("{address} {scheme} {password:?} typed={typed}");
            assert_eq!(settled.settings.password, kept, "{what}");
            assert_eq!(settled.dropped_password, dropped, "{what}");
            assert!(settled.settings.credentials_match(), "{what}");
            assert_eq!(
                settled.settings.credentials_for,
                settled.settings.phone().unwrap().base_url(),
                "{what}"
            );
        }
        // Stored credentials already for another phone (a file changed the address): a
        // password the page still carries is not sent on.
        let stale = Settings {
            credentials_for: "http://10.0.0.9".into(),
            ..stored.clone()
        };
        let settled = settle_credentials(validate(&stale.to_form()).unwrap(), &stale, false);
        assert!(settled.dropped_password);
        assert_eq!(settled.settings.password, "");
    }

    /// A v6 object (no brand) drives an Htek phone, as v6 did, with no account SIP URIs.
    #[test]
    fn migration_from_v6() {
        let v6 = r#"{"version":6,"phoneAddress":"10.0.0.5","credentialsFor":"http://10.0.0.5","account":"2"}"#;
        let migrated = migrate(serde_json::from_str(v6).unwrap());
        assert_eq!(migrated.version, SCHEMA_VERSION);
        assert_eq!(migrated.brand, Brand::Htek);
        assert!(migrated.account_uris.is_empty());
        assert_eq!(migrated.account, Account::Line(2));
        assert!(brand_fit(&migrated).is_empty());
        let json = serde_json::to_value(&migrated).unwrap();
        assert_eq!(json["brand"], "htek");
        assert_eq!(json["accountUris"], serde_json::json!([]));
    }

    #[test]
    fn brand_and_account_uris_round_trip_through_the_form() {
        let full = SettingsForm {
            brand: "yealink".into(),
            account: "3".into(),
            account_uris: " 501@pbx.example \n\nsip:503@pbx.example\n\n".into(),
            ..form()
        };
        let settings = validate(&full).unwrap();
        assert_eq!(settings.brand, Brand::Yealink);
        assert_eq!(
            settings.account_uris,
            ["501@pbx.example", "", "sip:503@pbx.example"]
        );
        assert_eq!(
            settings.to_form().account_uris,
            "501@pbx.example\n\nsip:503@pbx.example"
        );
        assert_eq!(validate(&settings.to_form()).unwrap(), settings);
        assert!(brand_fit(&settings).is_empty());
        for brand in Brand::ALL {
            let form = SettingsForm {
                brand: choice_name(brand),
                ..form()
            };
            assert_eq!(validate(&form).unwrap().brand, brand);
        }
    }

    #[test]
    fn bad_brands_and_account_uris_are_named() {
        for (brand, uris, field, problem) in [
            ("Yealink", "", Field::Brand, Problem::UnknownBrand),
            ("cisco", "", Field::Brand, Problem::UnknownBrand),
            ("", "", Field::Brand, Problem::UnknownBrand),
            (
                "snom",
                "501",
                Field::AccountUris,
                Problem::AccountUri { line: 1 },
            ),
            (
                "snom",
                "a@b\n@pbx",
                Field::AccountUris,
                Problem::AccountUri { line: 2 },
            ),
            (
                "snom",
                "\n\n5 01@pbx",
                Field::AccountUris,
                Problem::AccountUri { line: 3 },
            ),
            (
                "snom",
                "sip:@pbx",
                Field::AccountUris,
                Problem::AccountUri { line: 1 },
            ),
            (
                "snom",
                "5\u{7f}@pbx",
                Field::AccountUris,
                Problem::AccountUri { line: 1 },
            ),
            (
                "snom",
                "501@pbx.ünï",
                Field::AccountUris,
                Problem::AccountUri { line: 1 },
            ),
            (
                "snom",
                "a@b\nc@d\ne@f\ng@h\ni@j",
                Field::AccountUris,
                Problem::TooManyAccountUris,
            ),
        ] {
            let bad = SettingsForm {
                brand: brand.into(),
                account_uris: uris.into(),
                ..form()
            };
            let errors = validate(&bad).unwrap_err();
            assert_eq!(errors.len(), 1, "{brand} {uris:?}");
            assert_eq!((errors[0].field, &errors[0].problem), (field, &problem));
            assert!(errors[0].to_string().len() > 10, "{}", errors[0]);
        }
        let long = format!("{}@pbx", "5".repeat(MAX_ACCOUNT_URI));
        let errors = validate(&SettingsForm {
            account_uris: long,
            ..form()
        })
        .unwrap_err();
        assert_eq!(errors[0].problem, Problem::AccountUri { line: 1 });
    }

    /// What a brand cannot do is named beside the field to fix; validation itself accepts it,
    /// so that a policy or a file that changes the brand still applies.
    #[test]
    fn the_account_must_fit_the_brand() {
        let with = |brand: &str, account: &str, uris: &str| {
            validate(&SettingsForm {
                brand: brand.into(),
                account: account.into(),
                account_uris: uris.into(),
                ..form()
            })
            .unwrap()
        };
        for (brand, account, uris, fit) in [
            ("htek", "2", "", None),
            ("grandstream", "4", "", None),
            ("poly", "3", "", None),
            ("yealink", "auto", "", None),
            ("yealink", "1", "501@pbx", None),
            (
                "yealink",
                "2",
                "501@pbx",
                Some((
                    Field::AccountUris,
                    Problem::AccountNeedsUri {
                        account: 2,
                        brand: Brand::Yealink,
                    },
                )),
            ),
            (
                "snom",
                "1",
                "\n502@pbx",
                Some((
                    Field::AccountUris,
                    Problem::AccountNeedsUri {
                        account: 1,
                        brand: Brand::Snom,
                    },
                )),
            ),
            ("fanvil", "auto", "", None),
            (
                "fanvil",
                "1",
                "",
                Some((
                    Field::Account,
                    Problem::AccountNotChosen {
                        brand: Brand::Fanvil,
                    },
                )),
            ),
        ] {
            let settings = with(brand, account, uris);
            let errors: Vec<(Field, Problem)> = brand_fit(&settings)
                .into_iter()
                .map(|e| (e.field, e.problem))
                .collect();
            assert_eq!(
                errors,
                fit.into_iter().collect::<Vec<_>>(),
                "{brand} {account}"
            );
        }
        let words = FieldError {
            field: Field::Account,
            problem: Problem::AccountNotChosen {
                brand: Brand::Fanvil,
            },
        }
        .to_string();
        assert!(
            words.contains("Fanvil") && words.contains("Auto"),
            "{words}"
        );
    }

    #[test]
    fn home_region() {
        let mut settings = Settings::default();
        assert_eq!(settings.home_region("de-AT").id, "AT");
        assert_eq!(settings.home_region("en").id, "US");
        assert_eq!(settings.home_region("zh-Hant-TW").id, "TW");
        settings.default_country = "FR".into();
        assert_eq!(settings.home_region("de-AT").id, "FR");
    }

    #[test]
    fn defaults_mark_everywhere_with_highlights() {
        let config = Settings::default().page_config(
            "https://example.com/",
            "en-GB",
            FinderPlace::Background,
        );
        assert_eq!(
            config,
            PageConfig {
                enabled: true,
                mode: crate::pages::MarkingMode::Highlight,
                region: "GB".into(),
                other_regions: Vec::new(),
                take_over_dial_links: true,
                finder: FinderPlace::Background,
                announce_marks: false,
            }
        );
        let json = serde_json::to_value(&config).unwrap();
        assert_eq!(json["finder"], "background");
        assert_eq!(json["takeOverDialLinks"], true);
        assert_eq!(json["mode"], "highlight");
    }

    fn phone_form(name: &str, address: &str, brand: &str, password: &str) -> PhoneForm {
        PhoneForm {
            name: name.into(),
            phone_address: address.into(),
            brand: brand.into(),
            scheme: "http".into(),
            username: "admin".into(),
            password: password.into(),
            account: "auto".into(),
            ..PhoneForm::default()
        }
    }

    /// The desk phone at 10.0.0.5 (password "desk") and a Yealink in the conference room at
    /// 10.0.0.8 (password "room"), each saved through the phone list as a person would.
    fn two_phones() -> Settings {
        let mut settings = Settings::default();
        let desk = validate_phone(&PhoneForm {
            id: settings.phone_id.clone(),
            ..phone_form("Desk phone", "10.0.0.5", "htek", "desk")
        })
        .unwrap();
        assert_eq!(save_phone(&mut settings, desk, true), Some(false));
        let room = validate_phone(&phone_form(
            "Conference room",
            "10.0.0.8",
            "yealink",
            "room",
        ))
        .unwrap();
        assert_eq!(save_phone(&mut settings, room, true), Some(false));
        settings
    }

    #[test]
    fn migration_from_v7_makes_the_one_phone_the_default_desk_phone() {
        let v7 = r#"{"version":7,"phoneAddress":"10.0.0.5","brand":"snom","credentialsFor":"http://10.0.0.5","password":"pw","account":"2"}"#;
        let migrated = migrate(serde_json::from_str(v7).unwrap());
        assert_eq!(migrated.version, 8);
        assert_eq!(
            (migrated.phone_id.as_str(), migrated.phone_name.as_str()),
            ("1", "Desk phone")
        );
        assert!(migrated.other_phones.is_empty());
        let desk = migrated.default_phone();
        assert_eq!(
            (
                desk.phone_address.as_str(),
                desk.brand,
                desk.password.as_str()
            ),
            ("10.0.0.5", Brand::Snom, "pw")
        );
        assert_eq!(desk.credentials_for, "http://10.0.0.5");
        assert_eq!(migrated.phone_choices().len(), 1);
        // From v1 too, through every step.
        let v1 =
            migrate(serde_json::from_str(r#"{"version":1,"phoneAddress":"10.0.0.5"}"#).unwrap());
        assert_eq!(v1.phone_name, "Desk phone");
        assert_eq!(v1.credentials_for, "http://10.0.0.5");
        let json = serde_json::to_value(&migrated).unwrap();
        assert_eq!(json["phoneId"], "1");
        assert_eq!(json["otherPhones"], serde_json::json!([]));
    }

    #[test]
    fn each_phone_is_validated_field_by_field() {
        let cases = [
            (phone_form("", "10.0.0.8", "htek", ""), vec![None]),
            (
                phone_form(&"x".repeat(41), "10.0.0.8", "htek", ""),
                vec![None],
            ),
            (phone_form("Room\n2", "10.0.0.8", "htek", ""), vec![None]),
            (
                phone_form("Room", "http://10.0.0.8/", "htek", ""),
                vec![Some(Field::PhoneAddress)],
            ),
            (
                phone_form("Room", "10.0.0.8", "nokia", ""),
                vec![Some(Field::Brand)],
            ),
            (
                phone_form("", "", "htek", "a\u{7}"),
                vec![None, Some(Field::PhoneAddress), Some(Field::Password)],
            ),
            (phone_form(" Room ", "10.0.0.8", "fanvil", "pw"), vec![]),
        ];
        for (form, fields) in cases {
            match validate_phone(&form) {
                Ok(phone) => {
                    assert!(fields.is_empty(), "{form:?}");
                    assert_eq!(phone.name, "Room");
                    assert_eq!(phone.brand, Brand::Fanvil);
                    assert!(phone.credentials_for.is_empty(), "tied when saved");
                    assert_eq!(validate_phone(&phone.to_form()).unwrap(), phone);
                }
                Err(errors) => assert_eq!(
                    errors.iter().map(|e| e.field).collect::<Vec<_>>(),
                    fields,
                    "{form:?}"
                ),
            }
        }
        assert!(!Problem::PhoneName.to_string().is_empty());
    }

    #[test]
    fn phones_are_added_made_default_and_removed() {
        let mut settings = two_phones();
        assert_eq!(
            settings.phone_choices(),
            [
                PhoneChoice {
                    id: "1".into(),
                    name: "Desk phone".into()
                },
                PhoneChoice {
                    id: "2".into(),
                    name: "Conference room".into()
                },
            ]
        );
        let room = settings.on_phone("2").unwrap();
        assert_eq!(
            (
                room.phone_address.as_str(),
                room.brand,
                room.password.as_str()
            ),
            ("10.0.0.8", Brand::Yealink, "room")
        );
        assert_eq!(room.credentials_for, "http://10.0.0.8");
        assert_eq!(room.phone_label("10.0.0.8"), "Conference room (10.0.0.8)");
        assert_eq!(settings.on_phone("1").unwrap(), settings);
        assert_eq!(settings.on_phone("9"), None);
        assert!(settings.make_default("2"));
        assert_eq!(settings.phone_address, "10.0.0.8");
        assert_eq!(settings.credentials_for, "http://10.0.0.8");
        assert_eq!(settings.other_phones[0].password, "desk");
        assert_eq!(settings.other_phones[0].credentials_for, "http://10.0.0.5");
        assert!(!settings.make_default("9"));
        assert!(!remove_phone(&mut settings, "2"), "the default stays");
        assert!(remove_phone(&mut settings, "1"));
        assert_eq!(settings.phones().len(), 1);
        assert_eq!(settings.phone_label("10.0.0.8"), "10.0.0.8");
        let mut full = Settings::default();
        for n in 1..MAX_PHONES {
            let phone =
                validate_phone(&phone_form("P", &format!("10.0.1.{n}"), "htek", "")).unwrap();
            assert!(save_phone(&mut full, phone, false).is_some());
        }
        let phone = validate_phone(&phone_form("P", "10.0.2.1", "htek", "")).unwrap();
        assert_eq!(save_phone(&mut full, phone, false), None);
    }

    #[test]
    fn a_phones_password_never_goes_to_another_phones_address() {
        let mut settings = two_phones();
        // The conference room moved to another address in the list, its password not typed
        // again: dropped, as for the default phone.
        let mut moved = settings.other_phones[0].to_form();
        moved.phone_address = "10.6.6.6".into();
        let moved = validate_phone(&moved).unwrap();
        assert_eq!(save_phone(&mut settings, moved, false), Some(true));
        let room = settings.on_phone("2").unwrap();
        assert_eq!(
            (room.password.as_str(), room.credentials_for.as_str()),
            ("", "http://10.6.6.6")
        );
        // A phone whose login was saved for another phone's address builds no command.
        let mut settings = two_phones();
        settings.other_phones[0].credentials_for = "http://10.0.0.5".into();
        let room = settings.on_phone("2").unwrap();
        assert!(!room.credentials_match());
        // The default phone's password never travels with a call on another phone.
        let settings = two_phones();
        let room = settings.on_phone("2").unwrap();
        assert_eq!(room.credentials(), Credentials::new("admin", "room"));
        assert_eq!(settings.credentials(), Credentials::new("admin", "desk"));
        // Making another phone the default carries each login with its own address.
        let mut swapped = settings.clone();
        swapped.make_default("2");
        for phone in swapped.phones() {
            assert_eq!(phone.credentials_for, phone.phone_key());
        }
        // Saving the options form keeps the other phones and their logins.
        let saved = validate(&settings.to_form())
            .unwrap()
            .keep_unformed(&settings);
        assert_eq!(saved.other_phones, settings.other_phones);
    }
}
