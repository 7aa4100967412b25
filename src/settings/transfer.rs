//! Settings files: export the settings to a versioned JSON file and import one back.
//!
//! A file is `{"format": "htek-click-to-dial-settings", "version": 5, "settings": {...}}` with
//! the settings as they are stored. The password is left out unless the user asks for it; a
//! file without one keeps the password already set. The incoming-call token is this computer's
//! own and never exported; an import keeps the one already set unless the file names one. An import is checked as the options form
//! is: a file that is not ours, from a newer version, with a value of the wrong type or a value
//! the form would refuse is rejected with every problem named by its field, and nothing changes.
//!
//! ```
//! use click_to_dial::settings::{transfer, Settings};
//! let mut settings = Settings { phone_address: "10.0.0.5".into(), password: "secret".into(), ..Settings::default() };
//! let file = transfer::export(&settings, false);
//! assert!(!file.contains("secret"));
//! settings.password = "kept".into();
//! let imported = transfer::import(&file, &settings).unwrap();
//! assert_eq!((imported.phone_address.as_str(), imported.password.as_str()), ("10.0.0.5", "kept"));
//! let errors = transfer::import(r#"{"format":"htek-click-to-dial-settings","version":4,"settings":{"timeoutSeconds":0}}"#, &settings).unwrap_err();
//! assert_eq!(errors[0].field.as_deref(), Some("timeoutSeconds"));
//! ```

use super::{migrate, validate, Field, Settings, SCHEMA_VERSION};
use crate::t;
use serde_json::{Map, Value};
use std::fmt;

/// The `format` a settings file names.
pub const FILE_FORMAT: &str = "htek-click-to-dial-settings";

/// The suggested file name of an export.
pub const FILE_NAME: &str = "click-to-dial-settings.json";

/// The settings as a file, pretty-printed; without the password unless `include_password`.
pub fn export(settings: &Settings, include_password: bool) -> String {
    let mut stored = serde_json::to_value(settings).unwrap_or(Value::Null);
    if let Some(object) = stored.as_object_mut() {
        if !include_password {
            object.remove("password");
        }
        if let Some(incoming) = object.get_mut("incoming").and_then(Value::as_object_mut) {
            incoming.remove("token");
        }
    }
    let mut file = Map::new();
    file.insert("format".into(), FILE_FORMAT.into());
    file.insert("version".into(), SCHEMA_VERSION.into());
    file.insert("settings".into(), stored);
    serde_json::to_string_pretty(&Value::Object(file)).unwrap_or_default() + "\n"
}

/// One thing wrong with a settings file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    /// Where, as a path in the file's settings (`dialing.areaCode`); none for the file itself.
    pub field: Option<String>,
    /// What is wrong, in words for the user.
    pub problem: String,
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.field {
            Some(field) => f.write_str(&t!("importFieldProblem", field, self.problem)),
            None => f.write_str(&self.problem),
        }
    }
}

fn file_error(problem: String) -> Vec<ImportError> {
    vec![ImportError {
        field: None,
        problem,
    }]
}

/// The settings a file holds, checked; `current` gives the password when the file has none.
///
/// # Errors
/// Every problem found, each naming its field; nothing is to be saved then.
pub fn import(text: &str, current: &Settings) -> Result<Settings, Vec<ImportError>> {
    let file: Value = serde_json::from_str(text)
        .map_err(|e| file_error(t!("importNotJson", e.line(), e.column(), e.to_string())))?;
    if file.get("format").and_then(Value::as_str) != Some(FILE_FORMAT) {
        return Err(file_error(t!("importNotOurs")));
    }
    let version = file.get("version").and_then(Value::as_u64);
    match version {
        Some(v) if (1..=u64::from(SCHEMA_VERSION)).contains(&v) => {}
        Some(v) if v > u64::from(SCHEMA_VERSION) => {
            return Err(file_error(t!("importNewer", v, SCHEMA_VERSION)))
        }
        _ => return Err(file_error(t!("importNoVersion"))),
    }
    let Some(stored) = file.get("settings").filter(|s| s.is_object()) else {
        return Err(file_error(t!("importNoSettings")));
    };
    let has_password = stored.get("password").is_some();
    let has_token = stored.pointer("/incoming/token").is_some();
    let mut settings: Settings = serde_path_to_error::deserialize(stored).map_err(|e| {
        vec![ImportError {
            field: Some(e.path().to_string()),
            problem: t!("importWrongType", e.inner()),
        }]
    })?;
    if settings.version == 0 || stored.get("version").is_none() {
        settings.version = version.and_then(|v| u32::try_from(v).ok()).unwrap_or(1);
    }
    if stored.get("timeoutSeconds").is_some() && !(1..=60).contains(&settings.timeout_seconds) {
        // `migrate` quietly repairs a stored timeout; a file's is the user's mistake to fix.
        return Err(vec![ImportError {
            field: Some(path_of(Field::TimeoutSeconds).to_string()),
            problem: t!("errorTimeout"),
        }]);
    }
    let mut settings = migrate(settings);
    if !has_password {
        settings.password = current.password.clone();
    }
    if !has_token {
        settings.incoming.token = current.incoming.token.clone();
    }
    let mut form = settings.to_form();
    let no_address = form.phone_address.trim().is_empty();
    if no_address {
        // A file may leave the phone to be set later; every other field must be right.
        form.phone_address = "192.0.2.1".into();
    }
    match validate(&form) {
        Ok(mut checked) => {
            if no_address {
                checked.phone_address.clear();
            }
            Ok(checked.keep_unformed(&settings))
        }
        Err(errors) => Err(errors
            .into_iter()
            .map(|e| ImportError {
                field: Some(path_of(e.field).to_string()),
                problem: e.message,
            })
            .collect()),
    }
}

/// Where a form field is kept in the stored settings.
pub fn path_of(field: Field) -> &'static str {
    match field {
        Field::PhoneAddress => "phoneAddress",
        Field::Scheme => "scheme",
        Field::Username => "username",
        Field::Password => "password",
        Field::Account => "account",
        Field::DefaultCountry => "defaultCountry",
        Field::TimeoutSeconds => "timeoutSeconds",
        Field::KeyForm => "keyForm",
        Field::CancelWindow => "cancelWindow",
        Field::KeepHistory => "keepHistory",
        Field::AreaCode => "dialing.areaCode",
        Field::InternationalPrefix => "dialing.internationalPrefix",
        Field::NationalPrefix => "dialing.nationalPrefix",
        Field::OutsideLine => "dialing.outsideLine",
        Field::InternationalFormat => "dialing.internationalFormat",
        Field::Extension => "dialing.extension",
        Field::RewriteRules => "dialing.rewrite",
        Field::AskCostly => "safety.askCostly",
        Field::AskAbroad => "safety.askAbroad",
        Field::MarkingMode => "pages.mode",
        Field::TakeOverDialLinks => "pages.takeOverDialLinks",
        Field::AllowSites => "pages.allow",
        Field::DenySites => "pages.deny",
        Field::IncomingEnabled => "incoming.enabled",
        Field::IncomingPort => "incoming.port",
        Field::IncomingToken => "incoming.token",
        Field::IncomingAddress => "incoming.address",
        Field::ScreenPopUrl => "incoming.screenPop",
        Field::ScreenPopAuto => "incoming.autoOpen",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::Scheme;

    fn full() -> Settings {
        let mut form = Settings::default().to_form();
        form.phone_address = "phone.office.test:8080".into();
        form.scheme = "https".into();
        form.password = "s3cret".into();
        form.account = "3".into();
        form.default_country = "AT".into();
        form.area_code = "1".into();
        form.outside_line = "0".into();
        form.rewrite_rules = "0049 -> 0\n+41 -> 0041".into();
        form.marking_mode = "links".into();
        form.allow_sites = "crm.example.com".into();
        validate(&form).unwrap()
    }

    #[test]
    fn an_export_imports_back_to_the_same_settings() {
        let settings = full();
        let with_password = export(&settings, true);
        assert!(with_password.contains("s3cret"));
        assert_eq!(
            import(&with_password, &Settings::default()).unwrap(),
            settings
        );
        let without = export(&settings, false);
        assert!(!without.contains("s3cret") && !without.contains("\"password\""));
        let current = Settings {
            password: "mine".into(),
            ..Settings::default()
        };
        let imported = import(&without, &current).unwrap();
        assert_eq!(imported.password, "mine");
        assert_eq!(imported.scheme, Scheme::Https);
        assert_eq!(
            Settings {
                password: settings.password.clone(),
                ..imported
            },
            settings
        );
    }

    /// The incoming-call token stays on this computer: never exported, kept on import.
    #[test]
    fn the_token_is_not_exported() {
        let mut settings = full();
        settings.incoming.enabled = true;
        settings.incoming.token = "0123456789abcdef0123456789abcdef".into();
        settings.incoming.screen_pop = "https://crm.example/?q={number}".into();
        let file = export(&settings, true);
        assert!(!file.contains("0123456789abcdef"), "{file}");
        let current = Settings {
            incoming: crate::settings::IncomingSettings {
                token: "fedcba9876543210fedcba9876543210".into(),
                ..Default::default()
            },
            ..Settings::default()
        };
        let imported = import(&file, &current).unwrap();
        assert_eq!(imported.incoming.token, "fedcba9876543210fedcba9876543210");
        assert!(imported.incoming.enabled);
        assert_eq!(imported.incoming.screen_pop, settings.incoming.screen_pop);
        let bad = file.replace("\"screenPop\": \"https", "\"screenPop\": \"ftp");
        let errors = import(&bad, &current).unwrap_err();
        assert_eq!(errors[0].field.as_deref(), Some("incoming.screenPop"));
    }

    /// Each bad file is refused with the field (where there is one) and a message.
    #[test]
    fn bad_files_name_the_field_and_the_problem() {
        let wrap = |settings: &str| {
            format!(r#"{{"format":"{FILE_FORMAT}","version":4,"settings":{settings}}}"#)
        };
        let cases: Vec<(String, Option<&str>, &str)> = vec![
            ("not json".into(), None, "line 1"),
            (r#"{"settings":{}}"#.into(), None, "not a click-to-dial"),
            (
                format!(r#"{{"format":"{FILE_FORMAT}","version":99,"settings":{{}}}}"#),
                None,
                "newer",
            ),
            (
                format!(r#"{{"format":"{FILE_FORMAT}","settings":{{}}}}"#),
                None,
                "version",
            ),
            (
                format!(r#"{{"format":"{FILE_FORMAT}","version":4}}"#),
                None,
                "no settings",
            ),
            (
                wrap(r#"{"timeoutSeconds":"five"}"#),
                Some("timeoutSeconds"),
                "type",
            ),
            (
                wrap(r#"{"dialing":{"areaCode":7}}"#),
                Some("dialing.areaCode"),
                "type",
            ),
            (wrap(r#"{"account":"9"}"#), Some("account"), ""),
            (
                wrap(r#"{"timeoutSeconds":0}"#),
                Some("timeoutSeconds"),
                "1 to 60",
            ),
            (
                wrap(r#"{"dialing":{"areaCode":"(030)"}}"#),
                Some("dialing.areaCode"),
                "digits",
            ),
            (
                wrap(r#"{"phoneAddress":"http://phone"}"#),
                Some("phoneAddress"),
                "http://",
            ),
            (wrap(r#"{"scheme":"ftp"}"#), Some("scheme"), ""),
            (
                wrap(r#"{"pages":{"deny":["not a site"]}}"#),
                Some("pages.deny"),
                "not a site",
            ),
        ];
        for (file, field, words) in cases {
            let errors = import(&file, &full()).unwrap_err();
            assert_eq!(errors[0].field.as_deref(), field, "{file}: {errors:?}");
            assert!(
                errors[0].to_string().contains(words),
                "{file}: {}",
                errors[0]
            );
            assert!(errors[0].problem.len() > 10, "{file}: {errors:?}");
        }
    }

    /// Files from older versions are migrated, as stored settings are.
    #[test]
    fn older_files_are_migrated() {
        let v1 = format!(
            r#"{{"format":"{FILE_FORMAT}","version":1,"settings":{{"version":1,"phoneAddress":"10.0.0.5","account":"2"}}}}"#
        );
        let imported = import(&v1, &Settings::default()).unwrap();
        assert_eq!(imported.version, SCHEMA_VERSION);
        assert_eq!(imported.phone_address, "10.0.0.5");
        assert_eq!(imported.timeout_seconds, 5);
        assert_eq!(imported.scheme, Scheme::Http);
    }
}
