//! Properties of the phone's command URLs, with the simulated phone's own parser as the oracle:
//! whatever a page or a user types, the path is `/Phone_ActionURL` with exactly the documented
//! parameters, and the phone reads back exactly the number and key that were meant.
#![cfg(not(target_arch = "wasm32"))]

use click_to_dial::command::{dialed, Source};
use click_to_dial::phone::htek::{url, Account, Command, Key, KeyForm};
use click_to_dial::phone::DialString;
use click_to_dial::phone::PhoneAddress;
use click_to_dial::settings::Settings;
use htek_sim::{parse_action_path, Action, KEYS};
use proptest::prelude::*;

/// The parameter names of a path, in order.
fn names(path: &str) -> Vec<&str> {
    path.split('&')
        .skip(1)
        .map(|p| p.split_once('=').map_or(p, |(n, _)| n))
        .collect()
}

fn account() -> impl Strategy<Value = Account> {
    prop::sample::select(Account::ALL.to_vec())
}

fn settings() -> Settings {
    Settings {
        phone_address: "192.168.0.124".into(),
        default_country: "DE".into(),
        ..Settings::default()
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    /// Any text at all: if it becomes a dial string, the path has the dial command's shape and
    /// the phone reads back exactly that dial string.
    #[test]
    fn any_text_keeps_the_dial_shape(text in "\\PC{0,40}", account in account()) {
        if let Ok(number) = DialString::reduce(&text) {
            let command = Command::Dial { number: number.clone(), account };
            let path = command.path();
            prop_assert!(path.starts_with("/Phone_ActionURL&Command=1&Number="));
            prop_assert_eq!(path.matches('/').count(), 1);
            prop_assert!(!path.contains(['?', '#', ' ', '+']), "{}", path);
            let expected = match account {
                Account::Auto => vec!["Command", "Number"],
                Account::Line(_) => vec!["Command", "Number", "Account"],
            };
            prop_assert_eq!(names(&path), expected);
            let parsed = parse_action_path(&path);
            let Ok(Action::Dial { number: got, .. }) = parsed else {
                return Err(TestCaseError::fail(format!("{path}: {parsed:?}")));
            };
            prop_assert_eq!(got, number.as_str());
        }
    }

    /// Text from the dial-string alphabet and the characters an attacker would try.
    #[test]
    fn hostile_text_cannot_add_a_parameter(text in "[0-9*#+&=?/%. A-Za-z\\\\]{0,30}") {
        for source in [Source::Page, Source::Typed] {
            if let Ok(dialed) = dialed(&settings(), &text, source, "de") {
                let phone: PhoneAddress = "192.168.0.124".parse().unwrap();
                let command = Command::Dial { number: dialed.dial.clone(), account: Account::Line(1) };
                let full = url(&phone, &command);
                prop_assert!(full.starts_with("http://192.168.0.124/Phone_ActionURL&Command=1&Number="));
                prop_assert_eq!(full.matches('/').count(), 3, "{}", full);
                let path = command.path();
                prop_assert_eq!(names(&path), ["Command", "Number", "Account"]);
                prop_assert!(!full.contains(['?', '#', '+']), "{}", full);
                let parsed = parse_action_path(&path);
                prop_assert_eq!(
                    parsed,
                    Ok(Action::Dial { number: dialed.dial.to_string(), account: 1, account_auto: false })
                );
            }
        }
    }

    /// Every key in both forms is read back by the phone as exactly that key.
    #[test]
    fn every_key_in_both_forms(index in 0..Key::ALL.len(), bare in any::<bool>()) {
        let key = Key::ALL[index];
        let form = if bare { KeyForm::Bare } else { KeyForm::Command3 };
        let path = Command::Key { key, form }.path();
        let expected = if bare { vec!["key"] } else { vec!["Command", "key"] };
        prop_assert_eq!(names(&path), expected);
        prop_assert_eq!(parse_action_path(&path), Ok(Action::Key { key: key.wire().to_string() }));
    }
}

/// The typed keys are exactly the keys the simulated phone (written from the guide) accepts.
#[test]
fn the_keys_are_the_phones() {
    let wires: Vec<&str> = Key::ALL.iter().map(|k| k.wire()).collect();
    assert_eq!(wires, KEYS);
}

#[test]
fn hang_up_is_read_as_hang_up() {
    assert_eq!(
        parse_action_path(&Command::HangUp.path()),
        Ok(Action::Hangup)
    );
}
