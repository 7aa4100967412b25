//! Settings an organisation sets by policy (the browser's managed storage), laid over the
//! user's own.
//!
//! An admin pushes values through Chrome/Chromium policy (`3rdparty.extensions.<id>`) or
//! Firefox's `policies.json` (`3rdparty.Extensions.<id>`); the extension reads them from
//! `storage.managed`, whose shape `extension/managed_schema.json` declares. The keys are the
//! options form's field names (`phoneAddress`, `areaCode`, `allowSites`, ...); values are
//! strings, booleans, whole numbers, or lists of strings (one line each). A managed field wins
//! over what the user saved and shows as locked on the options page (a user's own value that
//! contradicts it yields, back to its default); a value the form would refuse is ignored and
//! reported, so one bad policy value never stops dialing.
//!
//! ```
//! use click_to_dial::settings::{managed, Field, Settings};
//! let policy: managed::Value =
//!     r#"{"phoneAddress": "10.0.0.9", "outsideLine": "0", "areaCode": "(30)"}"#.parse().unwrap();
//! let applied = managed::apply(&Settings::default(), &policy);
//! assert_eq!(applied.settings.phone_address, "10.0.0.9");
//! assert_eq!(applied.locked, [Field::PhoneAddress, Field::OutsideLine]);
//! assert_eq!(applied.problems[0].field, Field::AreaCode);
//! ```

use super::{validate, Field, FieldError, Problem, Settings, SettingsForm};
/// A policy as the browser hands it over (the managed storage's object), as JSON.
pub use serde_json::Value;

/// The user's settings with the policy's laid over them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    pub settings: Settings,
    /// The fields the policy sets, in form order: shown locked.
    pub locked: Vec<Field>,
    /// Policy values that were ignored, and why.
    pub problems: Vec<FieldError>,
}

/// A placeholder for an address not set yet, so that the other fields can be checked.
const NO_ADDRESS_YET: &str = "192.0.2.1";

/// Lays `policy` (the managed storage's object; anything else counts as none) over `stored`.
pub fn apply(stored: &Settings, policy: &Value) -> Applied {
    let mut form = stored.to_form();
    let defaults = SettingsForm::default();
    // The form's own problems so far: a policy value is judged by the ones it adds.
    let mut before = check(&form);
    let mut locked = Vec::new();
    let mut problems = Vec::new();
    let empty = serde_json::Map::new();
    let entries = policy.as_object().unwrap_or(&empty);
    for field in Field::ALL {
        let Some(value) = entries.get(&field_name(field)) else {
            continue;
        };
        let Some(text) = form_value(value) else {
            problems.push(FieldError {
                field,
                problem: Problem::PolicyWrongType,
            });
            continue;
        };
        let mut trial = form.clone();
        trial.set(field, text);
        let new_errors = |trial: &SettingsForm| -> Vec<FieldError> {
            let mut errors = check(trial);
            errors.retain(|e| !before.contains(e));
            errors
        };
        let mut errors = new_errors(&trial);
        if errors.iter().all(|e| e.field != field) {
            // The user's own values that the policy's contradicts (a phone on HTTPS, requests
            // only through the receiver) yield to it; a field the policy set does not.
            for error in &errors {
                if !locked.contains(&error.field) {
                    trial.set(error.field, defaults.get(error.field).to_string());
                }
            }
            errors = new_errors(&trial);
        }
        match errors.into_iter().next() {
            Some(error) => problems.push(FieldError {
                field,
                problem: error.problem,
            }),
            None => {
                before = check(&trial);
                form = trial;
                locked.push(field);
            }
        }
    }
    let mut settings = settings_of(&form)
        .map(|s| s.keep_unformed(stored))
        .unwrap_or_else(|| stored.clone());
    if locked.contains(&Field::Password) {
        // The organisation's password is for the organisation's phone; a user's own password
        // stays tied to the phone it was typed for (a policy that moves the phone drops it).
        settings.credentials_for = settings.phone_key();
    }
    Applied {
        settings,
        locked,
        problems,
    }
}

/// The key of `field` in a policy: the form's field name (`areaCode`), as `Field` serializes.
pub fn field_name(field: Field) -> String {
    super::choice_name(field)
}

/// A policy value as the form writes it: lists one item a line, booleans "true"/"false".
fn form_value(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => n.as_u64().map(|n| n.to_string()),
        Value::Array(items) => items
            .iter()
            .map(|item| item.as_str().map(str::to_string))
            .collect::<Option<Vec<_>>>()
            .map(|lines| lines.join("\n")),
        _ => None,
    }
}

/// The form's problems, an address not set yet aside.
fn check(form: &SettingsForm) -> Vec<FieldError> {
    let mut errors = validate(&with_some_address(form)).err().unwrap_or_default();
    if form.phone_address.trim().is_empty() {
        errors.retain(|e| e.field != Field::PhoneAddress);
    }
    errors
}

fn settings_of(form: &SettingsForm) -> Option<Settings> {
    let mut settings = validate(&with_some_address(form)).ok()?;
    if form.phone_address.trim().is_empty() {
        settings.phone_address.clear();
    }
    Some(settings)
}

fn with_some_address(form: &SettingsForm) -> SettingsForm {
    let mut form = form.clone();
    if form.phone_address.trim().is_empty() {
        form.phone_address = NO_ADDRESS_YET.into();
    }
    form
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pages::MarkingMode;
    use crate::phone::Account;
    use serde_json::json;

    #[test]
    fn every_kind_of_value_is_laid_over() {
        let stored = Settings {
            phone_address: "10.0.0.1".into(),
            password: "user's own".into(),
            ..Settings::default()
        };
        let policy = json!({
            "phoneAddress": "pbx-phone.corp.test",
            "scheme": "https",
            "account": "2",
            "defaultCountry": "CH",
            "timeoutSeconds": 9,
            "takeOverDialLinks": false,
            "rewriteRules": ["0041 -> 0", "+41 -> 0"],
            "denySites": ["bank.example", "*.hr.corp.test"],
            "markingMode": "links",
            "unknownKey": "ignored"
        });
        let applied = apply(&stored, &policy);
        assert!(applied.problems.is_empty(), "{:?}", applied.problems);
        let s = &applied.settings;
        assert_eq!(s.phone().unwrap().base_url(), "https://pbx-phone.corp.test");
        assert_eq!(s.account, Account::Line(2));
        assert_eq!(s.default_country, "CH");
        assert_eq!(s.timeout_seconds, 9);
        assert!(!s.pages.take_over_dial_links);
        assert_eq!(s.dialing.rewrite.len(), 2);
        assert_eq!(s.pages.deny, ["bank.example", "*.hr.corp.test"]);
        assert_eq!(s.pages.mode, MarkingMode::Links);
        assert_eq!(s.password, "user's own");
        assert_eq!(
            applied.locked,
            [
                Field::PhoneAddress,
                Field::Scheme,
                Field::Account,
                Field::DefaultCountry,
                Field::TimeoutSeconds,
                Field::RewriteRules,
                Field::MarkingMode,
                Field::TakeOverDialLinks,
                Field::DenySites,
            ]
        );
    }

    /// An admin locks the dial policy's questions: the user's own choice no longer counts.
    #[test]
    fn the_dial_safety_rules_can_be_locked() {
        let mut stored = Settings::default();
        assert!(stored.safety.ask_costly && !stored.safety.ask_abroad);
        stored.safety.ask_costly = false;
        let applied = apply(&stored, &json!({"askCostly": true, "askAbroad": true}));
        assert!(applied.problems.is_empty(), "{:?}", applied.problems);
        assert_eq!(applied.locked, [Field::AskCostly, Field::AskAbroad]);
        assert!(applied.settings.safety.ask_costly && applied.settings.safety.ask_abroad);
        let applied = apply(&stored, &json!({"askCostly": "sometimes"}));
        assert_eq!(applied.problems[0].field, Field::AskCostly);
        assert!(!applied.settings.safety.ask_costly, "the user's own stays");
    }

    /// A policy's value wins over a user's own that contradicts it: the user's yields (it did
    /// make the whole policy be ignored); a policy that contradicts itself names the problem.
    #[test]
    fn a_users_own_value_yields_to_the_policys() {
        let stored = Settings {
            phone_address: "10.0.0.1".into(),
            incoming: crate::incoming::IncomingSettings {
                receiver_only: true,
                ..Default::default()
            },
            ..Settings::default()
        };
        let policy = json!({"phoneAddress": "10.0.0.9", "scheme": "https"});
        let applied = apply(&stored, &policy);
        assert!(applied.problems.is_empty(), "{:?}", applied.problems);
        assert_eq!(applied.locked, [Field::PhoneAddress, Field::Scheme]);
        let s = &applied.settings;
        assert_eq!(s.phone().unwrap().base_url(), "https://10.0.0.9");
        assert!(!s.incoming.receiver_only, "the user's own yields");
        // A user's phone on HTTPS stays so: a policy's "only through the receiver" cannot
        // have it, and is named (the rest of the policy applies).
        let on_https = Settings {
            phone_address: "10.0.0.1".into(),
            scheme: crate::settings::Scheme::Https,
            ..Settings::default()
        };
        let policy = json!({"timeoutSeconds": 9, "receiverOnly": true});
        let applied = apply(&on_https, &policy);
        assert_eq!(applied.locked, [Field::TimeoutSeconds]);
        assert_eq!(applied.problems[0].field, Field::ReceiverOnly);
        assert_eq!(applied.settings.timeout_seconds, 9);
        assert!(!applied.settings.incoming.receiver_only);
    }

    /// An admin makes every request to the phone go through the receiver, sent once; a phone
    /// the policy puts on HTTPS cannot have it (the receiver has no TLS), and says so.
    #[test]
    fn requests_only_through_the_receiver_can_be_locked() {
        let stored = Settings {
            phone_address: "10.0.0.1".into(),
            ..Settings::default()
        };
        assert!(!stored.incoming.receiver_only);
        let applied = apply(&stored, &json!({"receiverOnly": true}));
        assert!(applied.problems.is_empty(), "{:?}", applied.problems);
        assert_eq!(applied.locked, [Field::ReceiverOnly]);
        assert!(applied.settings.incoming.receiver_only);
        assert!(
            !applied.settings.incoming.enabled,
            "incoming calls stay as they were"
        );
        let applied = apply(&stored, &json!({"receiverOnly": true, "scheme": "https"}));
        assert_eq!(applied.locked, [Field::Scheme]);
        assert_eq!(applied.problems[0].field, Field::ReceiverOnly);
        assert!(!applied.settings.incoming.receiver_only);
    }

    #[test]
    fn bad_values_are_ignored_and_named() {
        let stored = Settings::default();
        let policy = json!({"outsideLine": "x", "timeoutSeconds": -3, "keepHistory": {"a": 1}, "areaCode": "30"});
        let applied = apply(&stored, &policy);
        let fields: Vec<Field> = applied.problems.iter().map(|p| p.field).collect();
        assert_eq!(
            fields,
            [
                Field::TimeoutSeconds,
                Field::KeepHistory,
                Field::OutsideLine
            ]
        );
        assert_eq!(applied.locked, [Field::AreaCode]);
        assert_eq!(applied.settings.dialing.area_code, "30");
        assert_eq!(applied.settings.dialing.outside_line, "");
        assert_eq!(applied.settings.phone_address, "");
    }

    /// The user's own password stays tied to the phone it was typed for when a policy moves the
    /// phone; a password the policy sets is for the policy's phone.
    #[test]
    fn credentials_follow_the_phone_they_were_set_for() {
        let stored = Settings {
            phone_address: "10.0.0.1".into(),
            password: "user's own".into(),
            credentials_for: "http://10.0.0.1".into(),
            ..Settings::default()
        };
        // (policy, password in force, credentials for the phone in force?)
        let cases = [
            (json!({}), "user's own", true),
            (json!({"outsideLine": "0"}), "user's own", true),
            (json!({"phoneAddress": "10.0.0.2"}), "user's own", false),
            (json!({"scheme": "https"}), "user's own", false),
            (
                json!({"phoneAddress": "10.0.0.2", "password": "org"}),
                "org",
                true,
            ),
            (json!({"password": "org"}), "org", true),
            (
                json!({"phoneAddress": "10.0.0.2", "username": "user"}),
                "user's own",
                false,
            ),
        ];
        for (policy, password, matching) in cases {
            let applied = apply(&stored, &policy);
            assert_eq!(applied.settings.password, password, "{policy}");
            assert_eq!(applied.settings.credentials_match(), matching, "{policy}");
        }
    }

    /// An admin sets and locks the brand (and the accounts' SIP URIs, a list); a brand the
    /// user's account does not fit still applies (a dial then says what is missing).
    #[test]
    fn the_brand_can_be_set_and_locked() {
        let stored = Settings {
            phone_address: "10.0.0.1".into(),
            account: Account::Line(2),
            ..Settings::default()
        };
        let policy = json!({"brand": "yealink", "accountUris": ["501@pbx.test", "502@pbx.test"]});
        let applied = apply(&stored, &policy);
        assert!(applied.problems.is_empty(), "{:?}", applied.problems);
        assert_eq!(applied.locked, [Field::Brand, Field::AccountUris]);
        assert_eq!(applied.settings.brand, crate::phone::Brand::Yealink);
        assert_eq!(
            applied.settings.account_uris,
            ["501@pbx.test", "502@pbx.test"]
        );
        let fanvil = apply(&stored, &json!({"brand": "fanvil"}));
        assert_eq!(fanvil.settings.brand, crate::phone::Brand::Fanvil);
        assert_eq!(fanvil.settings.account, Account::Line(2));
        assert_eq!(
            crate::settings::brand_fit(&fanvil.settings)[0].field,
            Field::Account
        );
        let bad = apply(&stored, &json!({"brand": "Cisco"}));
        assert_eq!(bad.problems[0].field, Field::Brand);
        assert_eq!(bad.settings.brand, crate::phone::Brand::Htek);
    }

    #[test]
    fn no_policy_changes_nothing() {
        let stored = Settings {
            phone_address: "10.0.0.1".into(),
            ..Settings::default()
        };
        for policy in [json!({}), json!(null), json!("x")] {
            let applied = apply(&stored, &policy);
            assert_eq!(applied.settings, stored);
            assert!(applied.locked.is_empty() && applied.problems.is_empty());
        }
    }

    /// The schema the browser checks policies against names exactly these keys.
    #[test]
    fn the_managed_schema_names_every_field() {
        let schema: Value =
            serde_json::from_str(include_str!("../../extension/managed_schema.json")).unwrap();
        let properties = schema["properties"].as_object().unwrap();
        let mut names: Vec<String> = Field::ALL.iter().map(|f| field_name(*f)).collect();
        names.sort_unstable();
        let mut keys: Vec<&str> = properties.keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(keys, names);
    }

    /// A policy's phone fields are the default phone's: the other phones keep their own
    /// address and login, and a call on one of them gets nothing of the policy's password.
    #[test]
    fn the_policy_locks_the_default_phone_only() {
        let mut stored = Settings {
            phone_address: "10.0.0.1".into(),
            password: "desk".into(),
            credentials_for: "http://10.0.0.1".into(),
            ..Settings::default()
        };
        stored.other_phones.push(crate::settings::PhoneEntry {
            id: "2".into(),
            name: "Conference room".into(),
            phone_address: "10.0.0.8".into(),
            password: "room".into(),
            credentials_for: "http://10.0.0.8".into(),
            ..crate::settings::PhoneEntry::default()
        });
        let policy = json!({"phoneAddress": "10.0.0.2", "password": "org"});
        let applied = apply(&stored, &policy);
        assert_eq!(applied.settings.phone_address, "10.0.0.2");
        assert_eq!(applied.settings.other_phones, stored.other_phones);
        assert_eq!(applied.settings.phone_name, "Desk phone");
        let room = applied.settings.on_phone("2").unwrap();
        assert_eq!(
            (room.phone_address.as_str(), room.password.as_str()),
            ("10.0.0.8", "room")
        );
        assert!(room.credentials_match());
    }
}
