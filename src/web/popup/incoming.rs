//! The popup's incoming calls, when they are on: the line as the phone reported it (idle,
//! ringing: who, in a call with whom, on hold, DND), "Open in CRM" while someone rings or talks, and
//! the missed calls with one-click call back (the popup's own dial, `DialTyped`) and Clear.
//! Everything shown is kept by the background (`storage.session`, `storage.local`) and shown
//! again when it changes.

use crate::incoming::calls::{Line, Party};
use crate::incoming::inbox::{
    current_party, line_text, party_text, CALL_STATE, MISSED_CALLS, RECEIVER_STATUS,
};
use crate::message::{Request, Response};
use crate::settings::Settings;
use crate::store::Area;
use crate::t;
use crate::web::dom::{
    by_id, create, document, on, on_marked_click, report_error, set_attributes, set_text,
};
use crate::web::incoming::load_state;
use crate::web::{ext, load_settings, store, to_js};
use wasm_bindgen::prelude::*;
use web_sys::{Element, HtmlElement};

/// Shows the section (when incoming calls are on) and wires it; a missed call's Call back
/// button hands its number to `call_back` (the popup's own dial).
///
/// # Errors
/// When the popup lacks one of its elements.
pub(super) async fn start(
    settings: &Settings,
    call_back: impl Fn(String) + 'static,
) -> Result<(), JsError> {
    by_id::<HtmlElement>("incoming")?.set_hidden(!settings.incoming.enabled);
    if !settings.incoming.enabled {
        return Ok(());
    }
    show(settings).await?;
    on("open-crm", "click", |_| {
        wasm_bindgen_futures::spawn_local(async { report_error(open_crm().await) });
    })?;
    on("clear-missed", "click", |_| {
        wasm_bindgen_futures::spawn_local(async {
            let _ = ext::send_message(&to_js(&Request::ClearMissedCalls)).await;
        });
    })?;
    on_marked_click("missed", "data-number", call_back)?;
    store::on_change(|area: Area, name: &str| {
        let shown = CALL_STATE.is(area, name)
            || MISSED_CALLS.is(area, name)
            || RECEIVER_STATUS.is(area, name);
        if shown {
            wasm_bindgen_futures::spawn_local(async {
                let settings = load_settings().await;
                report_error(show(&settings).await);
            });
        }
    });
    Ok(())
}

/// Shows the line, the receiver's trouble if any, "Open in CRM" and the missed calls.
async fn show(settings: &Settings) -> Result<(), JsError> {
    let state = load_state(settings).await;
    let line: Element = by_id("line")?;
    line.set_text_content(Some(&line_text(&state)));
    let kind = match state.line() {
        Line::Idle => "idle",
        Line::Ringing { .. } => "ringing",
        Line::Dialing { .. } => "dialing",
        Line::InCall { .. } => "inCall",
        Line::OnHold { .. } => "onHold",
    };
    line.set_attribute("data-state", kind)
        .map_err(|_| JsError::new("cannot mark the line"))?;
    let status = store::get(&RECEIVER_STATUS).await.unwrap_or_default();
    let trouble = if status.is_listening() {
        String::new()
    } else {
        status.message().replace('`', "")
    };
    set_text("receiver-line", &trouble)?;
    let can_open = current_party(&state).is_some() && settings.incoming.screen_pop().is_some();
    by_id::<HtmlElement>("open-crm")?.set_hidden(!can_open);
    show_missed(&state.missed)
}

fn show_missed(missed: &crate::incoming::calls::MissedCalls) -> Result<(), JsError> {
    let list: Element = by_id("missed")?;
    list.set_text_content(None);
    by_id::<HtmlElement>("missed-empty")?.set_hidden(!missed.is_empty());
    let language = ext::ui_language();
    let doc = document()?;
    for call in missed.calls() {
        let item = create(&doc, "li")?;
        let time = js_sys::Date::new(&JsValue::from_f64(call.at_ms))
            .to_locale_time_string(&language)
            .as_string()
            .unwrap_or_default();
        let party = Party {
            number: call.number.clone(),
            name: call.name.clone(),
        };
        let text = create(&doc, "span")?;
        text.set_text_content(Some(&format!("{time} {} ", party_text(&party))));
        item.append_child(&text)
            .map_err(|_| JsError::new("cannot fill the missed calls"))?;
        if let Some(number) = &call.number {
            let button = create(&doc, "button")?;
            button.set_text_content(Some(&t!("popupCallBack")));
            set_attributes(
                &button,
                &[
                    ("type", "button"),
                    ("class", "small"),
                    ("data-number", number),
                ],
            )?;
            item.append_child(&button)
                .map_err(|_| JsError::new("cannot fill the missed calls"))?;
        }
        list.append_child(&item)
            .map_err(|_| JsError::new("cannot fill the missed calls"))?;
    }
    Ok(())
}

/// Asks the background to open the CRM page of the caller now; says why not when it cannot.
async fn open_crm() -> Result<(), JsError> {
    let answer = ext::send_message(&to_js(&Request::OpenScreenPop)).await;
    match answer.map(serde_wasm_bindgen::from_value::<Response>) {
        Ok(Ok(Response::Refused { message })) => set_text("outcome", &message),
        Ok(Ok(_)) => Ok(()),
        _ => set_text("outcome", &t!("popupNoAnswer")),
    }
}
