//! The options page's Incoming calls group: the token (made here with
//! `crypto.getRandomValues`, "New token"), the Action URLs to paste into the phone and the
//! provisioning snippet for the brand the form shows (from the form as typed,
//! [`crate::settings::incoming_of`] and [`crate::incoming::ActionUrlSetup`]; each line's input
//! carries `data-event`, our event wire names, and `data-key`, the brand's key; the help above
//! and below says where they go on that brand's phone), each with a Copy button, and the receiver's status as
//! the background keeps it (`storage.session`), live.

use super::form::read_form;
use crate::incoming::inbox::{ReceiverStatus, RECEIVER_STATUS};
use crate::message::Request;
use crate::phone::Brand;
use crate::settings::{incoming_of, Field, SettingsForm};
use crate::store::Area;
use crate::t;
use crate::web::dom::{
    append, by_id, create, document, on, on_marked_click, report_error, set_attributes,
    set_rich_text, set_status, set_text,
};
use crate::web::{ext, new_token, store, to_js};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlInputElement, HtmlTextAreaElement};

/// Wires the group and shows the URLs and the status.
///
/// # Errors
/// When the page lacks one of the group's elements.
pub(super) async fn wire() -> Result<(), JsError> {
    on(Field::IncomingEnabled.id(), "change", |_| {
        report_error(token_if_on().and_then(|()| show_setup()));
    })?;
    on("new-token", "click", |_| {
        report_error(renew_token().and_then(|()| show_setup()));
    })?;
    for field in [Field::IncomingAddress, Field::IncomingPort] {
        on(field.id(), "input", |_| report_error(show_setup()))?;
    }
    on(Field::Brand.id(), "change", |_| report_error(show_setup()))?;
    on_marked_click("setup-urls", "data-copy", |name| {
        wasm_bindgen_futures::spawn_local(async move { report_error(copy(&name).await) });
    })?;
    on("connect-receiver", "click", |_| {
        wasm_bindgen_futures::spawn_local(async {
            let _ = ext::send_message(&to_js(&Request::ConnectReceiver)).await;
        });
    })?;
    store::on_change(|area: Area, name: &str| {
        if RECEIVER_STATUS.is(area, name) {
            wasm_bindgen_futures::spawn_local(async { report_error(show_status().await) });
        }
    });
    show_setup()?;
    show_status().await
}

/// Makes a token when incoming calls are ticked and there is none yet (it is saved with the
/// form).
pub(super) fn token_if_on() -> Result<(), JsError> {
    let on = by_id::<HtmlInputElement>(Field::IncomingEnabled.id())?.checked();
    let token: HtmlInputElement = by_id(Field::IncomingToken.id())?;
    if on && token.value().is_empty() {
        renew_token()?;
    }
    Ok(())
}

fn renew_token() -> Result<(), JsError> {
    let token = new_token().ok_or_else(|| JsError::new("no crypto.getRandomValues"))?;
    by_id::<HtmlInputElement>(Field::IncomingToken.id())?.set_value(&token);
    Ok(())
}

/// Shows the Action URLs and the snippet for the form as typed, or says what is missing.
pub(super) fn show_setup() -> Result<(), JsError> {
    let form = read_form(SettingsForm::default())?;
    let setup = incoming_of(&form).and_then(|incoming| incoming.setup());
    let brand: Brand = serde_json::from_value(form.brand.clone().into()).unwrap_or_default();
    set_text("setup-help", &help(brand))?;
    set_text("setup-snippet-help", &snippet_help(brand))?;
    let list: Element = by_id("setup-urls")?;
    list.set_text_content(None);
    by_id::<HtmlElement>("setup-missing")?.set_hidden(setup.is_some());
    let snippet: HtmlTextAreaElement = by_id("setup-snippet")?;
    let Some(setup) = setup else {
        snippet.set_value("");
        return Ok(());
    };
    let setup = setup.with_brand(brand);
    let doc = document()?;
    for line in setup.lines() {
        // The first event names the line: unique within a brand, and Htek's ids as before.
        let first = line.events.first().map_or("", |e| e.wire());
        let id = format!("action-url-{first}");
        let events: Vec<&str> = line.events.iter().map(|e| e.wire()).collect();
        let item = create(&doc, "li")?;
        let label = create(&doc, "label")?;
        let shown = if line.key == first || line.key == line.label {
            line.label.to_string()
        } else {
            format!("{} ({})", line.label, line.key)
        };
        label.set_text_content(Some(&shown));
        set_attributes(&label, &[("for", &id), ("id", &format!("{id}-label"))])?;
        let row = create(&doc, "div")?;
        row.set_class_name("row");
        let input = create(&doc, "input")?;
        set_attributes(
            &input,
            &[
                ("id", &id),
                ("type", "text"),
                ("readonly", ""),
                ("spellcheck", "false"),
                ("data-event", &events.join(" ")),
                ("data-key", line.key),
            ],
        )?;
        input
            .unchecked_ref::<HtmlInputElement>()
            .set_value(&line.url);
        let button = create(&doc, "button")?;
        button.set_text_content(Some(&t!("setupCopy")));
        set_attributes(
            &button,
            &[
                ("type", "button"),
                ("data-copy", first),
                ("aria-label", &t!("setupCopyLabel", &shown)),
            ],
        )?;
        append(&row, &input)?;
        append(&row, &button)?;
        append(&item, &label)?;
        append(&item, &row)?;
        append(&list, &item)?;
    }
    snippet.set_value(&setup.provisioning_snippet());
    Ok(())
}

/// Where the brand's lines go on its phone.
fn help(brand: Brand) -> String {
    match brand {
        Brand::Htek => t!("setupHelp"),
        Brand::Yealink => t!("setupHelpYealink"),
        Brand::Snom => t!("setupHelpSnom"),
        Brand::Grandstream => t!("setupHelpGrandstream"),
        Brand::Fanvil => t!("setupHelpFanvil"),
        Brand::Poly => t!("setupHelpPoly"),
    }
}

/// What the brand's provisioning snippet is.
fn snippet_help(brand: Brand) -> String {
    match brand {
        Brand::Htek => t!("setupSnippetHelp"),
        Brand::Yealink => t!("setupSnippetHelpYealink"),
        Brand::Snom => t!("setupSnippetHelpSnom"),
        Brand::Grandstream | Brand::Fanvil => t!("setupSnippetHelpFields"),
        Brand::Poly => t!("setupSnippetHelpPoly"),
    }
}

/// Copies the URL of the line whose first event is named `wire`.
async fn copy(wire: &str) -> Result<(), JsError> {
    let id = format!("action-url-{wire}");
    let input: HtmlInputElement = by_id(&id)?;
    let label = by_id::<Element>(&format!("{id}-label"))?
        .text_content()
        .unwrap_or_default();
    if ext::copy_text(&input.value()).await.is_truthy() {
        set_status("setup-copy-status", &t!("setupCopied", label), true)
    } else {
        input.select();
        set_status("setup-copy-status", &t!("setupCopyFailed"), false)
    }
}

/// Shows the receiver's status, and "Connect again" where it helps.
async fn show_status() -> Result<(), JsError> {
    let status = store::get(&RECEIVER_STATUS).await.unwrap_or_default();
    let line: Element = by_id("receiver-status")?;
    set_rich_text(&document()?, &line, &status.message())?;
    set_attributes(&line, &[("data-state", status.kind())])?;
    let retry = matches!(
        status,
        ReceiverStatus::NotInstalled
            | ReceiverStatus::Disconnected { .. }
            | ReceiverStatus::Failed { .. }
    );
    by_id::<HtmlElement>("connect-receiver")?.set_hidden(!retry);
    set_text("setup-copy-status", "")
}
