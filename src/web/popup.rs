//! The popup: which phone the extension talks to, the last outcome, and a Hang up button.

use super::dom::{by_id, document, on, report_error, set_text};
use super::{ext, load_settings, to_js};
use crate::message::{Report, Request, Response, LAST_REPORT_KEY};
use crate::phone::htek::Account;
use wasm_bindgen::prelude::*;
use web_sys::{Element, HtmlButtonElement};

/// Fills the popup and wires its buttons. Called by popup.js once the module loaded.
///
/// # Errors
/// When the page lacks one of its elements (a packaging bug).
#[wasm_bindgen]
pub async fn start_popup() -> Result<(), JsError> {
    let settings = load_settings().await;
    let hang_up: HtmlButtonElement = by_id("hang-up")?;
    match settings.phone() {
        Some(phone) => {
            let account = match settings.account {
                Account::Auto => "account chosen by the phone".to_string(),
                Account::Line(n) => format!("account {n}"),
            };
            set_text("phone", &format!("Phone: {phone} ({account})"))?;
        }
        None => {
            set_text(
                "phone",
                "No phone set up yet. Open the options to enter its address.",
            )?;
            hang_up.set_disabled(true);
        }
    }
    if let Ok(value) = ext::storage_get("session", LAST_REPORT_KEY).await {
        if let Ok(report) = serde_wasm_bindgen::from_value::<Report>(value) {
            show_report(&report)?;
        }
    }
    on("hang-up", "click", |_| {
        wasm_bindgen_futures::spawn_local(async { report_error(hang_up_now().await) });
    })?;
    document()?
        .body()
        .map(|b| b.set_attribute("data-ready", "true"));
    Ok(())
}

async fn hang_up_now() -> Result<(), JsError> {
    set_text("outcome", "Hanging up\u{2026}")?;
    let answer = ext::send_message(&to_js(&Request::HangUp)).await;
    match answer.map(serde_wasm_bindgen::from_value::<Response>) {
        Ok(Ok(Response::Done { outcome })) => {
            show_report(&Report::new(outcome, js_sys::Date::now()))
        }
        Ok(Ok(Response::Refused { message })) => set_text("outcome", &message),
        _ => set_text(
            "outcome",
            "The extension's background did not answer; try again.",
        ),
    }
}

fn show_report(report: &Report) -> Result<(), JsError> {
    let element: Element = by_id("outcome")?;
    element.set_text_content(Some(&format!("{}: {}", report.title, report.message)));
    element.set_class_name(if report.success {
        "outcome ok"
    } else {
        "outcome error"
    });
    Ok(())
}
