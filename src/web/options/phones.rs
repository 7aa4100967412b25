//! The options page's phone list: the phones the user keeps (desk, conference room), one shown
//! at a time in the Phone group's fields, with its name; Add, Make default and Remove.
//!
//! Every phone is a draft ([`PhoneForm`]) until Save: switching phones keeps what was typed
//! into the one left, and Save checks every draft ([`validate_phone`]), shows a bad one with its
//! errors beside its fields, and saves nothing until all are right. The password goes only to
//! the phone it was typed for: which phones' password fields were typed into is kept per
//! phone, and [`save_phone`] drops a password carried over to another address.

use super::form::read_form;
use crate::settings::{
    remove_phone, save_phone, validate_phone, Field, PhoneFieldError, PhoneForm, Settings,
    SettingsForm,
};
use crate::t;
use crate::web::dom::{append, by_id, create, document, on, report_error, set_text};
use std::cell::RefCell;
use std::collections::HashSet;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};

/// The phone fields a phone of the list has, as the settings form names them.
const PHONE_FIELDS: [Field; 7] = [
    Field::PhoneAddress,
    Field::Brand,
    Field::Scheme,
    Field::Username,
    Field::Password,
    Field::Account,
    Field::AccountUris,
];

#[derive(Default)]
struct List {
    /// Every phone as typed, the default first.
    drafts: Vec<PhoneForm>,
    /// The id of the phone shown in the fields.
    shown: String,
    /// The id of the default phone (changed by Make default, saved with Save).
    default: String,
    /// The phones whose password field was typed into.
    typed: HashSet<String>,
    /// Ids given to phones added since the page showed the settings.
    added: u32,
}

thread_local! {
    static LIST: RefCell<List> = RefCell::new(List::default());
}

/// The phone list as `settings` have it, the default phone shown.
pub(super) fn load(settings: &Settings) -> Result<(), JsError> {
    LIST.with_borrow_mut(|list| {
        *list = List {
            drafts: settings.phones().iter().map(|p| p.to_form()).collect(),
            shown: settings.phone_id.clone(),
            default: settings.phone_id.clone(),
            ..List::default()
        }
    });
    show_shown()
}

/// Wires the list's controls.
pub(super) fn wire() -> Result<(), JsError> {
    on("phone-pick", "change", |_| report_error(pick()))?;
    on("phone-add", "click", |_| report_error(add()))?;
    on("phone-make-default", "click", |_| {
        report_error(make_default())
    })?;
    on("phone-remove", "click", |_| report_error(remove()))?;
    on(Field::Password.id(), "input", |_| {
        LIST.with_borrow_mut(|list| {
            let shown = list.shown.clone();
            list.typed.insert(shown);
        })
    })?;
    Ok(())
}

/// Shows the phone picked, keeping what was typed into the one shown before.
fn pick() -> Result<(), JsError> {
    let id = by_id::<HtmlSelectElement>("phone-pick")?.value();
    show(&id)
}

/// Adds a phone, unnamed and unsaved, and shows it.
fn add() -> Result<(), JsError> {
    stash()?;
    LIST.with_borrow_mut(|list| {
        list.added += 1;
        let id = format!("new-{}", list.added);
        let mut form = Settings::default().default_phone().to_form();
        form.id = id.clone();
        form.name = String::new();
        list.drafts.push(form);
        list.shown = id;
    });
    show_shown()?;
    let _ = by_id::<HtmlElement>("phone-name")?.focus();
    Ok(())
}

/// Makes the phone shown the default (saved with Save).
fn make_default() -> Result<(), JsError> {
    stash()?;
    LIST.with_borrow_mut(|list| list.default = list.shown.clone());
    show_shown()
}

/// Takes the phone shown off the list (saved with Save); the default phone stays.
fn remove() -> Result<(), JsError> {
    LIST.with_borrow_mut(|list| {
        if list.shown != list.default {
            let shown = list.shown.clone();
            list.drafts.retain(|d| d.id != shown);
            list.shown = list.default.clone();
        }
    });
    show_shown()
}

/// Whether the password of the phone shown was typed into.
pub(super) fn shown_password_typed() -> bool {
    LIST.with_borrow(|list| list.typed.contains(&list.shown))
}

/// The stored phone the fields show now, as the settings with it at the top level (for the
/// connection check), or the default phone's settings for a phone not saved yet.
pub(super) fn shown_in(settings: &Settings) -> Settings {
    let shown = LIST.with_borrow(|list| list.shown.clone());
    settings.on_phone(&shown).unwrap_or_else(|| {
        let mut settings = settings.clone();
        settings.password.clear();
        settings.credentials_for.clear();
        settings
    })
}

/// Shows phone `id` (its draft) in the fields, keeping what the fields showed.
pub(super) fn show(id: &str) -> Result<(), JsError> {
    stash()?;
    LIST.with_borrow_mut(|list| list.shown = id.to_string());
    show_shown()
}

/// Reads the shown phone's fields into its draft.
fn stash() -> Result<(), JsError> {
    let page = read_form(SettingsForm::default())?;
    let name = by_id::<HtmlInputElement>("phone-name")?.value();
    LIST.with_borrow_mut(|list| {
        let shown = list.shown.clone();
        if let Some(draft) = list.drafts.iter_mut().find(|d| d.id == shown) {
            *draft = PhoneForm {
                id: shown,
                name,
                phone_address: page.phone_address,
                brand: page.brand,
                scheme: page.scheme,
                username: page.username,
                password: page.password,
                account: page.account,
                account_uris: page.account_uris,
            };
        }
    });
    Ok(())
}

/// Shows the phone `list.shown` in the fields, the picker listing every phone.
fn show_shown() -> Result<(), JsError> {
    let (drafts, shown, default) = LIST.with_borrow(|list| {
        (
            list.drafts.clone(),
            list.shown.clone(),
            list.default.clone(),
        )
    });
    let doc = document()?;
    let picker: HtmlSelectElement = by_id("phone-pick")?;
    picker.set_text_content(None);
    for draft in &drafts {
        let option = create(&doc, "option")?;
        let name = match draft.name.trim() {
            "" => t!("phoneUnnamed"),
            name => name.to_string(),
        };
        let label = if draft.id == default {
            t!("phoneDefaultMark", name)
        } else {
            name
        };
        option.set_text_content(Some(&label));
        option
            .set_attribute("value", &draft.id)
            .map_err(|_| JsError::new("cannot name a phone"))?;
        append(&picker, &option)?;
    }
    picker.set_value(&shown);
    by_id::<HtmlElement>("phone-list")?.set_hidden(drafts.len() < 2);
    by_id::<web_sys::HtmlButtonElement>("phone-remove")?.set_disabled(shown == default);
    // The organisation's policy locks the default phone's fields only (show_policy marks them
    // `data-managed`): another phone shown is the user's to edit, and none can be made the
    // default in the locked one's place.
    let mut locked = false;
    for field in PHONE_FIELDS {
        let Some(element) = doc.get_element_by_id(field.id()) else {
            continue;
        };
        if element.get_attribute("data-managed").is_none() {
            continue;
        }
        locked = true;
        let lock = match shown == default {
            true => element.set_attribute("disabled", ""),
            false => element.remove_attribute("disabled"),
        };
        lock.map_err(|_| JsError::new("cannot lock a field"))?;
        if let Some(note) = doc.get_element_by_id(&format!("{}-managed", field.id())) {
            note.toggle_attribute_with_force("hidden", shown != default)
                .map_err(|_| JsError::new("cannot show a note"))?;
        }
    }
    by_id::<web_sys::HtmlButtonElement>("phone-make-default")?
        .set_disabled(shown == default || locked);
    let Some(draft) = drafts.iter().find(|d| d.id == shown) else {
        return Ok(());
    };
    by_id::<HtmlInputElement>("phone-name")?.set_value(&draft.name);
    for (field, value) in [
        (Field::PhoneAddress, &draft.phone_address),
        (Field::Brand, &draft.brand),
        (Field::Scheme, &draft.scheme),
        (Field::Username, &draft.username),
        (Field::Password, &draft.password),
        (Field::Account, &draft.account),
        (Field::AccountUris, &draft.account_uris),
    ] {
        let element = by_id::<web_sys::Element>(field.id())?;
        if let Some(input) = element.dyn_ref::<HtmlInputElement>() {
            input.set_value(value);
        } else if let Some(select) = element.dyn_ref::<HtmlSelectElement>() {
            select.set_value(value);
        } else if let Some(area) = element.dyn_ref::<HtmlTextAreaElement>() {
            area.set_value(value);
        }
        let _ = element.remove_attribute("aria-invalid");
        set_text(&format!("{}-error", field.id()), "")?;
    }
    set_text("phone-name-error", "")?;
    let _ = by_id::<HtmlInputElement>("phone-name")?.remove_attribute("aria-invalid");
    Ok(())
}

/// Puts the default phone's draft into `form`'s phone fields (what the settings form
/// validates), after keeping what the fields show in the shown phone's draft.
pub(super) fn default_into(form: &mut SettingsForm) -> Result<(), JsError> {
    stash()?;
    let default =
        LIST.with_borrow(|list| list.drafts.iter().find(|d| d.id == list.default).cloned());
    if let Some(draft) = default {
        for (field, value) in [
            (Field::PhoneAddress, draft.phone_address),
            (Field::Brand, draft.brand),
            (Field::Scheme, draft.scheme),
            (Field::Username, draft.username),
            (Field::Password, draft.password),
            (Field::Account, draft.account),
            (Field::AccountUris, draft.account_uris),
        ] {
            form.set(field, value);
        }
    }
    Ok(())
}

/// Whether the default phone's password was typed into.
pub(super) fn default_password_typed() -> bool {
    LIST.with_borrow(|list| list.typed.contains(&list.default))
}

/// The id of the phone Save makes the default.
pub(super) fn default_id() -> String {
    LIST.with_borrow(|list| list.default.clone())
}

/// Lays the phone list over `settings` (the form validated, its login settled: the default
/// phone's fields; everything else as stored), or shows the first bad phone with its errors
/// beside its fields and returns `None`. Also says whether a password was dropped.
pub(super) fn apply(
    mut settings: Settings,
    stored: &Settings,
) -> Result<Option<(Settings, bool)>, JsError> {
    let (drafts, default, typed) = LIST.with_borrow(|list| {
        (
            list.drafts.clone(),
            list.default.clone(),
            list.typed.clone(),
        )
    });
    let mut others = Vec::new();
    for draft in &drafts {
        let checked = match draft.id == default {
            // Only the name is the list's to check; the fields were the settings form's.
            true => PhoneForm {
                name: draft.name.clone(),
                ..settings.default_phone().to_form()
            },
            false => draft.clone(),
        };
        match validate_phone(&checked) {
            Ok(phone) if draft.id == default => settings.phone_name = phone.name,
            Ok(phone) => others.push(phone),
            Err(errors) => {
                show_phone_errors(&draft.id, &errors)?;
                return Ok(None);
            }
        }
    }
    if default != settings.phone_id {
        // Another phone made the default: the old default joins the others as stored (its
        // draft is saved over it below, its login tied as it was), the new one leaves them.
        settings.other_phones.push(stored.default_phone());
        settings.other_phones.retain(|p| p.id != default);
        settings.phone_id = if default.starts_with("new-") {
            settings.new_phone_id()
        } else {
            default.clone()
        };
    }
    let kept: Vec<String> = others.iter().map(|p| p.id.clone()).collect();
    let stored_ids: Vec<String> = settings.other_phones.iter().map(|p| p.id.clone()).collect();
    for id in stored_ids.iter().filter(|id| !kept.contains(id)) {
        remove_phone(&mut settings, id);
    }
    let mut dropped = false;
    for phone in others {
        let was_typed = typed.contains(&phone.id);
        match save_phone(&mut settings, phone, was_typed) {
            Some(d) => dropped |= d,
            None => {
                set_text(
                    "phone-name-error",
                    &crate::settings::Problem::TooManyPhones.to_string(),
                )?;
                return Ok(None);
            }
        }
    }
    Ok(Some((settings, dropped)))
}

/// Shows phone `id` with its errors beside its fields.
fn show_phone_errors(id: &str, errors: &[PhoneFieldError]) -> Result<(), JsError> {
    show(id)?;
    let doc = document()?;
    for error in errors {
        let element_id = error.field.map_or("phone-name", Field::id);
        if let Some(element) = doc.get_element_by_id(&format!("{element_id}-error")) {
            element.set_text_content(Some(&error.problem.to_string()));
        }
        if let Some(element) = doc.get_element_by_id(element_id) {
            let _ = element.set_attribute("aria-invalid", "true");
        }
    }
    if let Some(first) = errors.first() {
        let _ = by_id::<HtmlElement>(first.field.map_or("phone-name", Field::id))?.focus();
    }
    Ok(())
}

/// The phone fields a phone of the list has (for the options page's policy: a lock applies to
/// the default phone's).
pub(super) fn is_phone_field(field: Field) -> bool {
    PHONE_FIELDS.contains(&field)
}
