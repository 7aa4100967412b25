//! The options page: shows the saved settings, checks the form on Save, saves only valid input.
//!
//! Every check is [`crate::settings::validate`]; this module only moves values between the page
//! and storage, and shows each error beside its field (`#<field>-error`). It handles whichever
//! fields of [`Field::ALL`] the page has (inputs, checkboxes, selects, text areas); settings the
//! page does not show keep their stored values.

use super::dom::{by_id, document, on, report_error, set_text};
use super::{ext, load_settings, to_js};
use crate::detect::plan::Region;
use crate::phone::htek::Account;
use crate::settings::{validate, Field, FieldError, SettingsForm, STORAGE_KEY};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};

/// Fills the options page and wires its Save button. Called by options.js once the module loaded.
///
/// # Errors
/// When the page lacks one of its fields (a packaging bug).
#[wasm_bindgen]
pub async fn start_options() -> Result<(), JsError> {
    let language = ext::ui_language();
    fill_accounts()?;
    fill_countries(&language)?;
    show_form(&load_settings().await.to_form())?;
    on("settings-form", "submit", |event| {
        event.prevent_default();
        wasm_bindgen_futures::spawn_local(async { report_error(save().await) });
    })?;
    set_text("status", "")?;
    document()?
        .body()
        .map(|b| b.set_attribute("data-ready", "true"));
    Ok(())
}

/// Validates the form and saves it, or shows what is wrong and saves nothing. Settings the page
/// has no field for keep their stored values.
async fn save() -> Result<(), JsError> {
    let stored = load_settings().await;
    let form = read_form(stored.to_form())?;
    clear_errors()?;
    match validate(&form).map(|settings| settings.keep_unformed(&stored)) {
        Err(errors) => {
            show_errors(&errors)?;
            // A stored setting this page has no field for is named in the status line.
            let doc = document()?;
            match errors.iter().find(|e| {
                doc.get_element_by_id(&format!("{}-error", e.field.id()))
                    .is_none()
            }) {
                Some(unseen) => set_status(&format!("Not saved: {}", unseen.message), false),
                None => set_status("Not saved: correct the fields marked below.", false),
            }
        }
        Ok(settings) => match ext::storage_set("local", STORAGE_KEY, &to_js(&settings)).await {
            Ok(_) => set_status("Saved.", true),
            Err(e) => set_status(
                &format!("Not saved: the browser refused to store the settings ({e:?})."),
                false,
            ),
        },
    }
}

fn set_status(text: &str, ok: bool) -> Result<(), JsError> {
    let status: Element = by_id("status")?;
    status.set_text_content(Some(text));
    status.set_class_name(if ok { "status ok" } else { "status error" });
    Ok(())
}

/// `stored` with every field the page shows replaced by what it shows.
fn read_form(mut form: SettingsForm) -> Result<SettingsForm, JsError> {
    let doc = document()?;
    for field in Field::ALL {
        let Some(element) = doc.get_element_by_id(field.id()) else {
            continue;
        };
        let value = if let Some(input) = element.dyn_ref::<HtmlInputElement>() {
            if field.is_checkbox() {
                input.checked().to_string()
            } else {
                input.value()
            }
        } else if let Some(select) = element.dyn_ref::<HtmlSelectElement>() {
            select.value()
        } else if let Some(area) = element.dyn_ref::<HtmlTextAreaElement>() {
            area.value()
        } else {
            continue;
        };
        form.set(field, value);
    }
    Ok(form)
}

fn show_form(form: &SettingsForm) -> Result<(), JsError> {
    let doc = document()?;
    for field in Field::ALL {
        let Some(element) = doc.get_element_by_id(field.id()) else {
            continue;
        };
        let value = form.get(field);
        if let Some(input) = element.dyn_ref::<HtmlInputElement>() {
            if field.is_checkbox() {
                input.set_checked(value == "true");
            } else {
                input.set_value(value);
            }
        } else if let Some(select) = element.dyn_ref::<HtmlSelectElement>() {
            select.set_value(value);
        } else if let Some(area) = element.dyn_ref::<HtmlTextAreaElement>() {
            area.set_value(value);
        }
    }
    Ok(())
}

fn clear_errors() -> Result<(), JsError> {
    let doc = document()?;
    for field in Field::ALL {
        if let Some(element) = doc.get_element_by_id(field.id()) {
            let _ = element.remove_attribute("aria-invalid");
        }
        if let Some(error) = doc.get_element_by_id(&format!("{}-error", field.id())) {
            error.set_text_content(None);
        }
    }
    Ok(())
}

fn show_errors(errors: &[FieldError]) -> Result<(), JsError> {
    let doc = document()?;
    for error in errors {
        if let Some(element) = doc.get_element_by_id(&format!("{}-error", error.field.id())) {
            element.set_text_content(Some(&error.message));
        }
        if let Some(element) = doc.get_element_by_id(error.field.id()) {
            let _ = element.set_attribute("aria-invalid", "true");
        }
    }
    if let Some(first) = errors.first() {
        let _ = by_id::<HtmlElement>(first.field.id())?.focus();
    }
    Ok(())
}

fn fill_accounts() -> Result<(), JsError> {
    let select: HtmlSelectElement = by_id(Field::Account.id())?;
    for account in Account::ALL {
        let label = match account {
            Account::Auto => "Auto (the phone chooses)".to_string(),
            Account::Line(n) => format!("Account {n}"),
        };
        add_option(&select, &String::from(account), &label)?;
    }
    Ok(())
}

/// The country list: "From the browser's language", then every region by name.
fn fill_countries(language: &str) -> Result<(), JsError> {
    let select: HtmlSelectElement = by_id(Field::DefaultCountry.id())?;
    add_option(&select, "", "From the browser's language")?;
    let mut regions: Vec<(String, &Region)> = Region::all()
        .iter()
        .map(|r| (ext::region_name(r.id, language), r))
        .collect();
    regions.sort_by_key(|(name, _)| name.to_lowercase());
    for (name, region) in regions {
        add_option(
            &select,
            region.id,
            &format!("{name} (+{})", region.country_code),
        )?;
    }
    Ok(())
}

fn add_option(select: &HtmlSelectElement, value: &str, label: &str) -> Result<(), JsError> {
    let option = document()?
        .create_element("option")
        .map_err(|_| JsError::new("cannot create an option"))?;
    option
        .set_attribute("value", value)
        .map_err(|_| JsError::new("cannot set an option value"))?;
    option.set_text_content(Some(label));
    select
        .append_child(&option)
        .map_err(|_| JsError::new("cannot add an option"))?;
    Ok(())
}
