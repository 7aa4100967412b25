//! The options page's form: every field read into a [`SettingsForm`] and shown from one, and
//! each field's error beside it (`#<field>-error`, `aria-invalid`).

use crate::settings::{Field, FieldError, SettingsForm};
use crate::web::dom::{by_id, document};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};

/// `form` with every field the page shows replaced by what it shows.
pub(super) fn read_form(mut form: SettingsForm) -> Result<SettingsForm, JsError> {
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

/// Shows `form` in the page's fields.
pub(super) fn show_form(form: &SettingsForm) -> Result<(), JsError> {
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

/// Clears every field's error.
pub(super) fn clear_errors() -> Result<(), JsError> {
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

/// Shows each error beside its field and focuses the first.
pub(super) fn show_errors(errors: &[FieldError]) -> Result<(), JsError> {
    let doc = document()?;
    for error in errors {
        if let Some(element) = doc.get_element_by_id(&format!("{}-error", error.field.id())) {
            element.set_text_content(Some(&error.to_string()));
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
