//! The options page: shows the saved settings, checks the form on Save, saves only valid input.
//!
//! Every check is [`crate::settings::validate`]; this module only moves values between the page
//! and storage, and shows each error beside its field (`#<field>-error`).

use super::dom::{by_id, document, on, report_error, set_text};
use super::{ext, load_settings, to_js};
use crate::detect::plan::Region;
use crate::phone::htek::Account;
use crate::settings::{validate, Field, FieldError, SettingsForm, STORAGE_KEY};
use wasm_bindgen::prelude::*;
use web_sys::{Element, HtmlElement, HtmlInputElement, HtmlSelectElement};

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

/// Validates the form and saves it, or shows what is wrong and saves nothing.
async fn save() -> Result<(), JsError> {
    let form = read_form()?;
    clear_errors()?;
    match validate(&form) {
        Err(errors) => {
            show_errors(&errors)?;
            set_status("Not saved: correct the fields marked below.", false)
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

fn read_form() -> Result<SettingsForm, JsError> {
    Ok(SettingsForm {
        phone_address: by_id::<HtmlInputElement>(Field::PhoneAddress.id())?.value(),
        username: by_id::<HtmlInputElement>(Field::Username.id())?.value(),
        password: by_id::<HtmlInputElement>(Field::Password.id())?.value(),
        account: by_id::<HtmlSelectElement>(Field::Account.id())?.value(),
        default_country: by_id::<HtmlSelectElement>(Field::DefaultCountry.id())?.value(),
    })
}

fn show_form(form: &SettingsForm) -> Result<(), JsError> {
    by_id::<HtmlInputElement>(Field::PhoneAddress.id())?.set_value(&form.phone_address);
    by_id::<HtmlInputElement>(Field::Username.id())?.set_value(&form.username);
    by_id::<HtmlInputElement>(Field::Password.id())?.set_value(&form.password);
    by_id::<HtmlSelectElement>(Field::Account.id())?.set_value(&form.account);
    by_id::<HtmlSelectElement>(Field::DefaultCountry.id())?.set_value(&form.default_country);
    Ok(())
}

fn clear_errors() -> Result<(), JsError> {
    for field in Field::ALL {
        set_text(&format!("{}-error", field.id()), "")?;
        let _ = by_id::<Element>(field.id())?.remove_attribute("aria-invalid");
    }
    Ok(())
}

fn show_errors(errors: &[FieldError]) -> Result<(), JsError> {
    for error in errors {
        set_text(&format!("{}-error", error.field.id()), &error.message)?;
        let _ = by_id::<Element>(error.field.id())?.set_attribute("aria-invalid", "true");
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
