//! Settings files: export the settings to a versioned JSON file and import one back.
//!
//! A file is `{"format": "htek-click-to-dial-settings", "version": 7, "settings": {...}}` with
//! the settings as they are stored. The password is left out unless the user asks for it; a
//! file without one keeps the password already set, but only for the phone it was typed for:
//! a file that moves the phone (another address or scheme) and carries no password of its own
//! drops the stored one, so a file can never send the password to another host. Which phone
//! the credentials are for (`credentialsFor`) is never exported nor taken from a file. The
//! incoming-call token is this computer's own and never exported; an import keeps the one
//! already set unless the file names one. An import is checked as the options form
//! is: a file that is not ours, from a newer version, with a value of the wrong type or a value
//! the form would refuse is rejected with every problem named by its field, and nothing changes.
//! [`preview`] says what a file changes ([`Change`], the password only as changed or removed),
//! for the person to apply or not.
//!
//! ```
//! use click_to_dial::settings::{transfer, Settings};
//! let mut settings = Settings {
//!     phone_address: "10.0.0.5".into(), password: "secret".into(),
//!     credentials_for: "http://10.0.0.5".into(), ..Settings::default()
//! };
//! let file = transfer::export(&settings, false);
//! assert!(!file.contains("secret"));
//! settings.password = "kept".into();
//! let imported = transfer::import(&file, &settings).unwrap();
//! assert_eq!((imported.phone_address.as_str(), imported.password.as_str()), ("10.0.0.5", "kept"));
//! let errors = transfer::import(r#"{"format":"htek-click-to-dial-settings","version":4,"settings":{"timeoutSeconds":0}}"#, &settings).unwrap_err();
//! assert_eq!(errors[0].field.as_deref(), Some("timeoutSeconds"));
//! // Another phone in the file, no password in it: the password stays behind.
//! let moved = file.replace("10.0.0.5", "10.6.6.6");
//! let preview = transfer::preview(&moved, &imported).unwrap();
//! assert!(preview.drops_password && preview.settings.password.is_empty());
//! assert_eq!(preview.changes[0].field, "phoneAddress");
//! assert_eq!(preview.changes[1].new, "removed");
//! ```

use super::{choice_name, migrate, validate, Field, Problem, Settings, SCHEMA_VERSION};
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
        object.remove("credentialsFor");
        // The other phones' logins as the default phone's: a password only when asked for,
        // the address it was typed for never.
        if let Some(phones) = object.get_mut("otherPhones").and_then(Value::as_array_mut) {
            for phone in phones.iter_mut().filter_map(Value::as_object_mut) {
                if !include_password {
                    phone.remove("password");
                }
                phone.remove("credentialsFor");
            }
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

/// One thing wrong with a settings file; `Display` puts it in the user's words, naming the
/// field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    /// Where, as a path in the file's settings (`dialing.areaCode`); none for the file itself.
    pub field: Option<String>,
    pub problem: ImportProblem,
}

/// What is wrong with a settings file or one of its fields.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportProblem {
    /// Not JSON: where the parser stopped, and its words.
    #[error("{}", t!("importNotJson", line, column, detail))]
    NotJson {
        line: usize,
        column: usize,
        detail: String,
    },
    /// JSON, but not this extension's settings file.
    #[error("{}", t!("importNotOurs"))]
    NotOurs,
    /// Written by a newer version of the extension.
    #[error("{}", t!("importNewer", version, SCHEMA_VERSION))]
    Newer { version: u64 },
    #[error("{}", t!("importNoVersion"))]
    NoVersion,
    #[error("{}", t!("importNoSettings"))]
    NoSettings,
    /// A value of the wrong JSON type (a number where text belongs), in serde's words.
    #[error("{}", t!("importWrongType", detail))]
    WrongType { detail: String },
    /// A value the options form would refuse.
    #[error(transparent)]
    Field(Problem),
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.field {
            Some(field) => f.write_str(&t!("importFieldProblem", field, self.problem)),
            None => self.problem.fmt(f),
        }
    }
}

impl std::error::Error for ImportError {}

fn file_error(problem: ImportProblem) -> Vec<ImportError> {
    vec![ImportError {
        field: None,
        problem,
    }]
}

/// One setting a file changes, as shown before it is applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Where, as the file names it (`phoneAddress`, `dialing.areaCode`).
    pub field: &'static str,
    /// The value saved now, as shown (the password never: "(hidden)" or "(empty)").
    pub old: String,
    /// The value after the import, as shown (the password only "changed" or "removed").
    pub new: String,
}

/// What importing a file comes to, before it is applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preview {
    /// The settings Apply saves.
    pub settings: Settings,
    /// What they change against the current settings, in form order.
    pub changes: Vec<Change>,
    /// The file moves the phone (address or scheme) and carries no password: the stored
    /// password is dropped, to be entered again for the new address.
    pub drops_password: bool,
}

/// The settings a file holds, checked, and what they change against `current`.
///
/// # Errors
/// Every problem found, each naming its field; nothing is to be saved then.
pub fn preview(text: &str, current: &Settings) -> Result<Preview, Vec<ImportError>> {
    let (settings, drops_password) = read(text, current)?;
    Ok(Preview {
        changes: changes(current, &settings),
        settings,
        drops_password,
    })
}

/// The settings a file holds, checked; `current` gives the password when the file has none
/// and the phone stays the one it was typed for ([`preview`] says what changes).
///
/// # Errors
/// Every problem found, each naming its field; nothing is to be saved then.
pub fn import(text: &str, current: &Settings) -> Result<Settings, Vec<ImportError>> {
    read(text, current).map(|(settings, _)| settings)
}

/// What a file's settings do to the credentials: a password the file carries is for the
/// file's phone; without one, the current password goes along only to the phone it was typed
/// for (or when there is none to lose), and is dropped otherwise, its `credentialsFor` kept so
/// that nothing is sent until it is typed again. Returns whether it was dropped.
fn tie_credentials(
    mut next: Settings,
    current: &Settings,
    file_has_password: bool,
) -> (Settings, bool) {
    let key = next.phone_key();
    if file_has_password || key == current.credentials_for || current.password.is_empty() {
        next.credentials_for = key;
        return (next, false);
    }
    next.password.clear();
    next.credentials_for = current.credentials_for.clone();
    (next, true)
}

fn read(text: &str, current: &Settings) -> Result<(Settings, bool), Vec<ImportError>> {
    let file: Value = serde_json::from_str(text).map_err(|e| {
        file_error(ImportProblem::NotJson {
            line: e.line(),
            column: e.column(),
            detail: e.to_string(),
        })
    })?;
    if file.get("format").and_then(Value::as_str) != Some(FILE_FORMAT) {
        return Err(file_error(ImportProblem::NotOurs));
    }
    let version = file.get("version").and_then(Value::as_u64);
    match version {
        Some(v) if (1..=u64::from(SCHEMA_VERSION)).contains(&v) => {}
        Some(v) if v > u64::from(SCHEMA_VERSION) => {
            return Err(file_error(ImportProblem::Newer { version: v }))
        }
        _ => return Err(file_error(ImportProblem::NoVersion)),
    }
    let Some(stored) = file.get("settings").filter(|s| s.is_object()) else {
        return Err(file_error(ImportProblem::NoSettings));
    };
    let has_password = stored.get("password").is_some();
    let has_token = stored.pointer("/incoming/token").is_some();
    let mut settings: Settings = serde_path_to_error::deserialize(stored).map_err(|e| {
        vec![ImportError {
            field: Some(e.path().to_string()),
            problem: ImportProblem::WrongType {
                detail: e.inner().to_string(),
            },
        }]
    })?;
    if settings.version == 0 || stored.get("version").is_none() {
        settings.version = version.and_then(|v| u32::try_from(v).ok()).unwrap_or(1);
    }
    if stored.get("timeoutSeconds").is_some() && !(1..=60).contains(&settings.timeout_seconds) {
        // `migrate` quietly repairs a stored timeout; a file's is the user's mistake to fix.
        return Err(vec![ImportError {
            field: Some(path_of(Field::TimeoutSeconds).to_string()),
            problem: ImportProblem::Field(Problem::Timeout),
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
    let other_phones = check_other_phones(stored, &settings, current)?;
    match validate(&form) {
        Ok(mut checked) => {
            if no_address {
                checked.phone_address.clear();
            }
            let (mut next, dropped) =
                tie_credentials(checked.keep_unformed(&settings), current, has_password);
            if stored.get("otherPhones").is_some() {
                next.other_phones = other_phones;
            } else {
                // A file of one phone (older, or written so) sets the default phone and
                // leaves the other phones, each with its own login, as they are.
                next.phone_id = current.phone_id.clone();
                next.phone_name = current.phone_name.clone();
                next.other_phones = current.other_phones.clone();
            }
            Ok((next, dropped))
        }
        Err(errors) => Err(errors
            .into_iter()
            .map(|e| ImportError {
                field: Some(path_of(e.field).to_string()),
                problem: ImportProblem::Field(e.problem),
            })
            .collect()),
    }
}

/// The file's other phones, each checked as the options page's phone list checks it, their
/// ids unique, their logins tied as the default phone's: a password the file carries is for
/// that phone's address; without one, the current password of the phone with the same id goes
/// along only when it was typed for the same address, and is dropped otherwise.
fn check_other_phones(
    stored: &Value,
    settings: &Settings,
    current: &Settings,
) -> Result<Vec<super::PhoneEntry>, Vec<ImportError>> {
    let mut errors = Vec::new();
    let mut phones = Vec::new();
    if settings.other_phones.len() + 1 > super::MAX_PHONES {
        return Err(vec![ImportError {
            field: Some("otherPhones".into()),
            problem: ImportProblem::Field(Problem::TooManyPhones),
        }]);
    }
    for (index, phone) in settings.other_phones.iter().enumerate() {
        let has_password = stored
            .pointer(&format!("/otherPhones/{index}/password"))
            .is_some();
        let duplicate = phone.id.is_empty()
            || phone.id == settings.phone_id
            || settings.other_phones[..index]
                .iter()
                .any(|p| p.id == phone.id);
        if duplicate {
            errors.push(ImportError {
                field: Some(format!("otherPhones.{index}.id")),
                problem: ImportProblem::Field(Problem::PhoneId),
            });
            continue;
        }
        match super::validate_phone(&phone.to_form()) {
            Ok(mut checked) => {
                let key = checked.phone_key();
                let before = current.phones().into_iter().find(|p| p.id == phone.id);
                if has_password {
                    checked.credentials_for = key;
                } else {
                    match before.filter(|p| p.credentials_for == key) {
                        Some(before) => {
                            checked.password = before.password;
                            checked.credentials_for = key;
                        }
                        None => checked.password.clear(),
                    }
                }
                phones.push(checked);
            }
            Err(problems) => errors.extend(problems.into_iter().map(|e| ImportError {
                field: Some(match e.field {
                    Some(field) => format!("otherPhones.{index}.{}", path_of(field)),
                    None => format!("otherPhones.{index}.name"),
                }),
                problem: ImportProblem::Field(e.problem),
            })),
        }
    }
    if errors.is_empty() {
        Ok(phones)
    } else {
        Err(errors)
    }
}

/// What `next` changes against `current`, field by field in form order, then the per-site
/// modes; the password only as changed or removed.
pub fn changes(current: &Settings, next: &Settings) -> Vec<Change> {
    let (before, after) = (current.to_form(), next.to_form());
    let mut changes = Vec::new();
    for field in Field::ALL {
        let (old, new) = (before.get(field), after.get(field));
        if old == new {
            continue;
        }
        let (old, new) = if field == Field::Password {
            let old = if old.is_empty() {
                t!("importValueEmpty")
            } else {
                t!("importValueHidden")
            };
            let new = if new.is_empty() {
                t!("importPasswordRemoved")
            } else {
                t!("importPasswordChanged")
            };
            (old, new)
        } else {
            (shown(old), shown(new))
        };
        changes.push(Change {
            field: path_of(field),
            old,
            new,
        });
    }
    if current.pages.sites != next.pages.sites {
        let sites = |settings: &Settings| {
            settings
                .pages
                .sites
                .iter()
                .map(|(site, mode)| format!("{site}: {}", choice_name(mode)))
                .collect::<Vec<_>>()
                .join("\n")
        };
        changes.push(Change {
            field: "pages.sites",
            old: shown(&sites(current)),
            new: shown(&sites(next)),
        });
    }
    changes
}

/// A value as a line of the change list: lists one item after another, "(empty)" for nothing.
fn shown(value: &str) -> String {
    let lines: Vec<&str> = value
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    if lines.is_empty() {
        t!("importValueEmpty")
    } else {
        lines.join("; ")
    }
}

/// Where a form field is kept in the stored settings.
pub fn path_of(field: Field) -> &'static str {
    match field {
        Field::PhoneAddress => "phoneAddress",
        Field::Brand => "brand",
        Field::Scheme => "scheme",
        Field::Username => "username",
        Field::Password => "password",
        Field::Account => "account",
        Field::AccountUris => "accountUris",
        Field::DefaultCountry => "defaultCountry",
        Field::OtherCountries => "otherCountries",
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
        Field::ReceiverOnly => "incoming.receiverOnly",
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
        crate::settings::settle_credentials(validate(&form).unwrap(), &Settings::default(), true)
            .settings
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
        assert!(!without.contains("credentialsFor"), "{without}");
        let current = Settings {
            password: "mine".into(),
            ..full()
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

    /// The brand and the accounts' SIP URIs travel in the file; a file from v6 (no brand) is
    /// an Htek phone's; a brand the file names wrong is refused by its field.
    #[test]
    fn the_brand_travels_in_the_file() {
        let mut settings = full();
        settings.brand = crate::phone::Brand::Snom;
        settings.account_uris = vec!["501@pbx.test".into(), String::new(), "503@pbx.test".into()];
        let file = export(&settings, true);
        assert!(file.contains("\"brand\": \"snom\""), "{file}");
        assert!(
            file.contains(&format!("\"version\": {SCHEMA_VERSION}")),
            "{file}"
        );
        assert_eq!(import(&file, &Settings::default()).unwrap(), settings);
        let changes = changes(&full(), &settings);
        let fields: Vec<&str> = changes.iter().map(|c| c.field).collect();
        assert_eq!(fields, ["brand", "accountUris"]);
        assert_eq!(changes[1].new, "501@pbx.test; 503@pbx.test");
        let v6 = format!(
            r#"{{"format":"{FILE_FORMAT}","version":6,"settings":{{"phoneAddress":"10.0.0.5"}}}}"#
        );
        let imported = import(&v6, &Settings::default()).unwrap();
        assert_eq!(imported.brand, crate::phone::Brand::Htek);
        let wrong = file.replace("\"brand\": \"snom\"", "\"brand\": \"Snom\"");
        let errors = import(&wrong, &Settings::default()).unwrap_err();
        assert_eq!(errors[0].field.as_deref(), Some("brand"), "{errors:?}");
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
            incoming: crate::incoming::IncomingSettings {
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
            assert!(
                errors[0].problem.to_string().len() > 10,
                "{file}: {errors:?}"
            );
        }
    }

    /// What a file does to the stored password, by what it changes and what it carries.
    #[test]
    fn a_file_that_moves_the_phone_leaves_the_password_behind() {
        // The current settings: phone, scheme, password, the phone it was typed for.
        let current = |address: &str, scheme: Scheme, password: &str, typed_for: &str| Settings {
            phone_address: address.into(),
            scheme,
            password: password.into(),
            credentials_for: typed_for.into(),
            ..full()
        };
        let at_home = current(
            "phone.office.test:8080",
            Scheme::Https,
            "mine",
            "https://phone.office.test:8080",
        );
        let file = |address: &str, scheme: &str, password: Option<&str>| {
            let mut settings = serde_json::to_value(full()).unwrap();
            settings["phoneAddress"] = address.into();
            settings["scheme"] = scheme.into();
            match password {
                Some(password) => settings["password"] = password.into(),
                None => drop(settings.as_object_mut().unwrap().remove("password")),
            }
            serde_json::json!({"format": FILE_FORMAT, "version": SCHEMA_VERSION, "settings": settings})
                .to_string()
        };
        // (current, file, password after, dropped?, credentials for the imported phone?)
        let cases: Vec<(Settings, String, &str, bool, bool)> = vec![
            // The same phone: the stored password stays and dials.
            (
                at_home.clone(),
                file("phone.office.test:8080", "https", None),
                "mine",
                false,
                true,
            ),
            (
                at_home.clone(),
                file("PHONE.office.test:8080", "https", None),
                "mine",
                false,
                true,
            ),
            // Another address, port or scheme without a password: dropped, nothing is sent.
            (
                at_home.clone(),
                file("10.6.6.6", "https", None),
                "",
                true,
                false,
            ),
            (
                at_home.clone(),
                file("phone.office.test:8081", "https", None),
                "",
                true,
                false,
            ),
            (
                at_home.clone(),
                file("phone.office.test:8080", "http", None),
                "",
                true,
                false,
            ),
            // A file with its own password: typed for the file's phone.
            (
                at_home.clone(),
                file("10.6.6.6", "https", Some("theirs")),
                "theirs",
                false,
                true,
            ),
            (
                at_home.clone(),
                file("phone.office.test:8080", "https", Some("")),
                "",
                false,
                true,
            ),
            // No password to lose: the file's phone and login, nothing dropped.
            (
                current("", Scheme::Http, "", ""),
                file("10.6.6.6", "http", None),
                "",
                false,
                true,
            ),
            // Credentials already for another phone: a file keeping that phone does not heal them.
            (
                current("10.0.0.5", Scheme::Http, "mine", "http://10.0.0.9"),
                file("10.0.0.5", "http", None),
                "",
                true,
                false,
            ),
            // A file moving the phone to where the password was typed for: it goes along.
            (
                current("10.0.0.5", Scheme::Http, "mine", "http://10.0.0.9"),
                file("10.0.0.9", "http", None),
                "mine",
                false,
                true,
            ),
        ];
        for (current, file, password, dropped, matching) in cases {
            let preview = preview(&file, &current).unwrap();
            let what = format!(
                "{} -> {}",
                current.phone_key(),
                preview.settings.phone_key()
            );
            assert_eq!(preview.settings.password, password, "{what}");
            assert_eq!(preview.drops_password, dropped, "{what}");
            assert_eq!(preview.settings.credentials_match(), matching, "{what}");
            assert_eq!(import(&file, &current).unwrap(), preview.settings, "{what}");
            if dropped {
                assert_eq!(
                    preview.settings.credentials_for, current.credentials_for,
                    "{what}"
                );
            }
        }
    }

    /// Which phone the credentials are for is the import's decision, never the file's: not a
    /// `credentialsFor` in it, nor the one an older file's migration would give.
    #[test]
    fn a_file_cannot_say_which_phone_the_password_is_for() {
        let current = full();
        for file in [
            format!(
                r#"{{"format":"{FILE_FORMAT}","version":6,"settings":{{"phoneAddress":"10.6.6.6","scheme":"https","credentialsFor":"https://10.6.6.6"}}}}"#
            ),
            format!(
                r#"{{"format":"{FILE_FORMAT}","version":5,"settings":{{"version":5,"phoneAddress":"10.6.6.6","scheme":"https"}}}}"#
            ),
            format!(
                r#"{{"format":"{FILE_FORMAT}","version":1,"settings":{{"version":1,"phoneAddress":"10.6.6.6"}}}}"#
            ),
        ] {
            let preview = preview(&file, &current).unwrap();
            assert!(preview.drops_password, "{file}");
            assert_eq!(preview.settings.password, "", "{file}");
            assert!(!preview.settings.credentials_match(), "{file}");
            assert_eq!(preview.settings.credentials_for, current.credentials_for);
        }
    }

    /// The change list names each field the file changes with the value now and the file's;
    /// the password only as changed or removed, never its text.
    #[test]
    fn the_change_list() {
        let current = full();
        assert_eq!(changes(&current, &current), []);
        let same = preview(&export(&current, false), &current).unwrap();
        assert_eq!(same.changes, [], "an export changes nothing");
        let mut next = current.clone();
        next.phone_address = "10.6.6.6".into();
        next.password = "other s3cret".into();
        next.dialing.area_code = "30".into();
        next.dialing.rewrite.clear();
        next.pages.allow = vec!["a.example".into(), "b.example".into()];
        next.pages
            .sites
            .insert("noisy.test".into(), crate::pages::SiteMode::Off);
        next.cancel_window = true;
        let list = changes(&current, &next);
        let rows: Vec<(&str, &str, &str)> = list
            .iter()
            .map(|c| (c.field, c.old.as_str(), c.new.as_str()))
            .collect();
        assert_eq!(
            rows,
            [
                ("phoneAddress", "phone.office.test:8080", "10.6.6.6"),
                ("password", "(hidden)", "changed"),
                ("cancelWindow", "false", "true"),
                ("dialing.areaCode", "1", "30"),
                ("dialing.rewrite", "0049 -> 0; +41 -> 0041", "(empty)"),
                ("pages.allow", "crm.example.com", "a.example; b.example"),
                ("pages.sites", "(empty)", "noisy.test: off"),
            ]
        );
        next.password.clear();
        let list = changes(&current, &next);
        assert_eq!(
            (list[1].old.as_str(), list[1].new.as_str()),
            ("(hidden)", "removed")
        );
        let first = changes(&Settings::default(), &current);
        let password = first.iter().find(|c| c.field == "password").unwrap();
        assert_eq!(
            (password.old.as_str(), password.new.as_str()),
            ("(empty)", "changed")
        );
        for change in first.iter().chain(&list) {
            assert!(
                !change.old.contains("s3cret") && !change.new.contains("s3cret"),
                "{change:?}"
            );
        }
        // The hostile file: the address changed, nothing else; the list says so, and that the
        // password goes.
        let mut file: Value = serde_json::from_str(&export(&current, false)).unwrap();
        file["settings"]["phoneAddress"] = "10.6.6.6:8080".into();
        let preview = preview(&file.to_string(), &current).unwrap();
        let rows: Vec<(&str, &str, &str)> = preview
            .changes
            .iter()
            .map(|c| (c.field, c.old.as_str(), c.new.as_str()))
            .collect();
        assert_eq!(
            rows,
            [
                ("phoneAddress", "phone.office.test:8080", "10.6.6.6:8080"),
                ("password", "(hidden)", "removed"),
            ]
        );
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

    /// The desk phone (10.0.0.5, "desk") and the conference room (10.0.0.8, "room").
    fn two_phones() -> Settings {
        let mut settings = Settings {
            phone_address: "10.0.0.5".into(),
            password: "desk".into(),
            credentials_for: "http://10.0.0.5".into(),
            ..Settings::default()
        };
        settings.other_phones.push(crate::settings::PhoneEntry {
            id: "2".into(),
            name: "Conference room".into(),
            phone_address: "10.0.0.8".into(),
            password: "room".into(),
            credentials_for: "http://10.0.0.8".into(),
            ..crate::settings::PhoneEntry::default()
        });
        settings
    }

    #[test]
    fn other_phones_travel_without_their_passwords_unless_asked() {
        let current = two_phones();
        let file = export(&current, false);
        assert!(
            !file.contains("\"room\"")
                && !file.contains("\"desk\"")
                && !file.contains("credentialsFor")
        );
        assert!(file.contains("Conference room"));
        assert_eq!(import(&file, &current).unwrap(), current);
        let with = export(&current, true);
        assert!(with.contains("\"room\""));
        // The room moved in the file, no password in it: its password stays behind.
        let moved = file.replace("10.0.0.8", "10.6.6.6");
        let imported = import(&moved, &current).unwrap();
        let room = &imported.other_phones[0];
        assert_eq!(
            (room.password.as_str(), room.phone_address.as_str()),
            ("", "10.6.6.6")
        );
        assert_ne!(room.credentials_for, "http://10.0.0.8");
        // A file may not tie another phone's login to the default phone's address either.
        let hostile = with.replace("\"10.0.0.8\"", "\"10.6.6.6\"");
        let imported = import(&hostile, &current).unwrap();
        assert_eq!(imported.other_phones[0].credentials_for, "http://10.6.6.6");
        assert_eq!(
            imported.other_phones[0].password, "room",
            "the file's own password"
        );
        // A file of one phone leaves the other phones as they are.
        let one = export(
            &Settings {
                other_phones: Vec::new(),
                ..current.clone()
            },
            false,
        )
        .replace("  \"otherPhones\": [],\n", "");
        assert!(!one.contains("otherPhones"));
        assert_eq!(
            import(&one, &current).unwrap().other_phones,
            current.other_phones
        );
    }

    #[test]
    fn other_phones_are_checked_by_field() {
        let current = two_phones();
        let file = export(&current, false);
        let errors = import(&file.replace("\"Conference room\"", "\"\""), &current).unwrap_err();
        assert_eq!(errors[0].field.as_deref(), Some("otherPhones.0.name"));
        let errors = import(&file.replace("\"10.0.0.8\"", "\"http://x/\""), &current).unwrap_err();
        assert_eq!(
            errors[0].field.as_deref(),
            Some("otherPhones.0.phoneAddress")
        );
        let errors = import(&file.replace("\"id\": \"2\"", "\"id\": \"1\""), &current).unwrap_err();
        assert_eq!(errors[0].field.as_deref(), Some("otherPhones.0.id"));
    }
}
