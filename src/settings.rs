//! The user's settings: what they hold, their defaults, and how a filled-in form is checked.
//!
//! Settings live in the browser's `storage.local` (never `sync`: the password is among them) as
//! one JSON object under the key [`STORAGE_KEY`]. They carry a schema version so later versions
//! can migrate them.
//!
//! ```
//! use click_to_dial::settings::{validate, Field, SettingsForm};
//! let mut form = SettingsForm {
//!     phone_address: "192.168.0.124".into(), username: "admin".into(), password: "admin".into(),
//!     account: "2".into(), default_country: "DE".into(),
//! };
//! assert!(validate(&form).is_ok());
//! form.phone_address = "http://192.168.0.124/".into();
//! let errors = validate(&form).unwrap_err();
//! assert_eq!(errors[0].field, Field::PhoneAddress);
//! ```

use crate::detect::plan::Region;
use crate::phone::{htek::Account, PhoneAddress};
use serde::{Deserialize, Serialize};

/// The `storage.local` key the settings are kept under.
pub const STORAGE_KEY: &str = "settings";

/// The version of the stored shape written by this code.
pub const SCHEMA_VERSION: u32 = 1;

/// Everything the user sets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Settings {
    pub version: u32,
    /// `host[:port]` of the phone, empty until the user sets it.
    pub phone_address: String,
    pub username: String,
    pub password: String,
    pub account: Account,
    /// Region whose national numbers are found and how calls are dialed; empty = from the
    /// browser's language.
    pub default_country: String,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            version: SCHEMA_VERSION,
            phone_address: String::new(),
            username: "admin".to_string(),
            password: String::new(),
            account: Account::Auto,
            default_country: String::new(),
        }
    }
}

impl Settings {
    /// The phone's address, or `None` while the phone is not set up.
    pub fn phone(&self) -> Option<PhoneAddress> {
        self.phone_address.parse().ok()
    }

    /// The home region: the chosen default country, else the region of the browser's
    /// language tag (`de-DE` -> DE), else US.
    pub fn home_region(&self, browser_language: &str) -> &'static Region {
        Region::find(&self.default_country)
            .or_else(|| region_of_language(browser_language))
            .or_else(|| Region::find("US"))
            .expect("the generated tables contain US")
    }

    /// The form showing these settings.
    pub fn to_form(&self) -> SettingsForm {
        SettingsForm {
            phone_address: self.phone_address.clone(),
            username: self.username.clone(),
            password: self.password.clone(),
            account: self.account.into(),
            default_country: self.default_country.clone(),
        }
    }
}

/// The region part of a BCP 47 language tag: `de-AT` -> AT, `en` -> none.
pub fn region_of_language(tag: &str) -> Option<&'static Region> {
    tag.split(['-', '_'])
        .skip(1)
        .find(|part| part.len() == 2 && part.bytes().all(|b| b.is_ascii_alphabetic()))
        .and_then(Region::find)
}

/// The options form as typed: every field a string.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct SettingsForm {
    pub phone_address: String,
    pub username: String,
    pub password: String,
    pub account: String,
    pub default_country: String,
}

/// A field of the settings form; [`Field::id`] is its element id on the options page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Field {
    PhoneAddress,
    Username,
    Password,
    Account,
    DefaultCountry,
}

impl Field {
    pub const ALL: [Field; 5] = [
        Field::PhoneAddress,
        Field::Username,
        Field::Password,
        Field::Account,
        Field::DefaultCountry,
    ];

    /// The id of the field's input on the options page (its error element is `<id>-error`).
    pub fn id(self) -> &'static str {
        match self {
            Field::PhoneAddress => "phone-address",
            Field::Username => "username",
            Field::Password => "password",
            Field::Account => "account",
            Field::DefaultCountry => "default-country",
        }
    }
}

/// What is wrong with one field, in words for the user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: Field,
    pub message: String,
}

/// Checks every field of `form` and returns the settings it describes.
///
/// # Errors
/// One [`FieldError`] per invalid field, in form order; nothing is returned to save then.
pub fn validate(form: &SettingsForm) -> Result<Settings, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut check = |field, result: Result<(), String>| {
        if let Err(message) = result {
            errors.push(FieldError { field, message });
        }
    };
    check(
        Field::PhoneAddress,
        form.phone_address
            .parse::<PhoneAddress>()
            .map(drop)
            .map_err(|e| e.to_string()),
    );
    check(Field::Username, check_username(&form.username));
    check(Field::Password, check_password(&form.password));
    let account = Account::try_from(form.account.clone());
    check(
        Field::Account,
        account
            .map(drop)
            .map_err(|_| "Choose Auto or an account from 1 to 4.".to_string()),
    );
    check(Field::DefaultCountry, check_country(&form.default_country));
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Settings {
        version: SCHEMA_VERSION,
        phone_address: form.phone_address.trim().to_string(),
        username: form.username.clone(),
        password: form.password.clone(),
        account: Account::try_from(form.account.clone()).unwrap_or_default(),
        default_country: form.default_country.to_ascii_uppercase(),
    })
}

fn check_username(username: &str) -> Result<(), String> {
    if username.is_empty() {
        Err("Enter the phone's web login name (admin by default).".to_string())
    } else if username.contains(':') {
        Err("A user name cannot contain a colon (:).".to_string())
    } else if username.chars().any(char::is_control) {
        Err("The user name contains a control character; type it again.".to_string())
    } else if username.len() > 64 {
        Err("The user name is longer than 64 characters.".to_string())
    } else {
        Ok(())
    }
}

fn check_password(password: &str) -> Result<(), String> {
    if password.chars().any(char::is_control) {
        Err("The password contains a control character; type it again.".to_string())
    } else if password.len() > 128 {
        Err("The password is longer than 128 characters.".to_string())
    } else {
        Ok(())
    }
}

fn check_country(code: &str) -> Result<(), String> {
    if code.is_empty() || Region::find(code).is_some() {
        Ok(())
    } else {
        Err(format!(
            "{code:?} is not a country this extension knows; pick one from the list."
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> SettingsForm {
        SettingsForm {
            phone_address: "192.168.0.124".into(),
            username: "admin".into(),
            password: "admin".into(),
            account: "auto".into(),
            default_country: "de".into(),
        }
    }

    #[test]
    fn a_good_form_becomes_settings() {
        let settings = validate(&form()).unwrap();
        assert_eq!(settings.default_country, "DE");
        assert_eq!(settings.account, Account::Auto);
        assert_eq!(settings.phone().unwrap().to_string(), "192.168.0.124");
        assert_eq!(settings.to_form().account, "auto");
    }

    #[test]
    fn each_bad_field_is_named() {
        type Spoil = fn(&mut SettingsForm);
        let cases: [(Spoil, Field); 9] = [
            (|f| f.phone_address = String::new(), Field::PhoneAddress),
            (
                |f| f.phone_address = "http://phone".into(),
                Field::PhoneAddress,
            ),
            (|f| f.username = String::new(), Field::Username),
            (|f| f.username = "ad:min".into(), Field::Username),
            (|f| f.username = "ad\nmin".into(), Field::Username),
            (|f| f.password = "a\u{0}".into(), Field::Password),
            (|f| f.account = "5".into(), Field::Account),
            (|f| f.default_country = "XX".into(), Field::DefaultCountry),
            (
                |f| f.default_country = "Germany".into(),
                Field::DefaultCountry,
            ),
        ];
        for (spoil, field) in cases {
            let mut bad = form();
            spoil(&mut bad);
            let errors = validate(&bad).unwrap_err();
            assert_eq!(errors.len(), 1, "{bad:?}");
            assert_eq!(errors[0].field, field);
            assert!(errors[0].message.len() > 10);
        }
    }

    #[test]
    fn all_errors_at_once_in_form_order() {
        let bad = SettingsForm {
            phone_address: "x y".into(),
            username: String::new(),
            password: String::new(),
            account: "9".into(),
            default_country: "??".into(),
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
                Field::DefaultCountry
            ]
        );
    }

    #[test]
    fn stored_json_shape_and_defaults() {
        let settings = validate(&form()).unwrap();
        let json = serde_json::to_string(&settings).unwrap();
        assert!(json.contains("\"phoneAddress\""), "{json}");
        // Missing fields take their defaults (older or partial stored objects still load).
        let partial: Settings = serde_json::from_str(r#"{"phoneAddress":"10.0.0.5"}"#).unwrap();
        assert_eq!(partial.username, "admin");
        assert_eq!(partial.version, SCHEMA_VERSION);
        assert_eq!(partial.account, Account::Auto);
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
}
