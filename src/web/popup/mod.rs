//! The popup: a number field and account picker to dial, Hang up, the call controls (answer,
//! mute, hold, transfer, conference, volume, speaker, headset, DND), a keypad for tones, every
//! other key of the phone, Reboot behind a confirmation, the cancel window, the last calls, and
//! with incoming calls on, the line and the missed calls (`popup_incoming`).
//!
//! Every button with a `data-key` attribute presses that key (its exact wire name); what to dial
//! and what to show are decided by the core ([`crate::dial::dialed`], [`crate::message::Outcome`]).

mod incoming;

use crate::command::dispatch::{PENDING_DIAL, PENDING_DTMF};
use crate::command::outcome::{Report, HISTORY, LAST_REPORT};
use crate::command::{dialed, Source};
use crate::dial::policy::Path;
use crate::message::{Request, Response};
use crate::phone::{Account, Brand, Key};
use crate::settings::Settings;
use crate::t;
use crate::web::dom::{
    by_id, create, document, on, on_element, on_marked_click, page_ready, report_error,
    set_attributes, set_text, show_page_to_open,
};
use crate::web::{ext, load_settings, store, to_js};
use gloo_timers::future::TimeoutFuture;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlButtonElement, HtmlElement, HtmlInputElement, HtmlSelectElement};

/// Fills the popup and wires its controls. Called by popup.js once the module loaded.
///
/// # Errors
/// When the page lacks one of its elements (a packaging bug).
#[wasm_bindgen]
pub async fn start_popup() -> Result<(), JsError> {
    crate::web::use_browser_language();
    crate::web::dom::localize_page()?;
    let settings = load_settings().await;
    fill_accounts(settings.account)?;
    fill_all_keys(settings.brand)?;
    let configured = settings.phone().is_some();
    fill_phones(&settings)?;
    show_phone(&settings)?;
    for button in command_buttons()? {
        button.set_disabled(!configured);
    }
    if let Some(report) = store::get(&LAST_REPORT).await {
        show_report(&report)?;
    }
    show_pending_dial().await?;
    show_pending_dtmf().await?;
    show_history(&settings).await?;
    let for_call_back = settings.clone();
    incoming::start(&settings, move |number| {
        let settings = for_call_back.clone();
        wasm_bindgen_futures::spawn_local(async move {
            report_error(redial(&settings, &number, Path::CallBack).await);
        });
    })
    .await?;
    crate::web::site_control::show(&settings.pages).await?;
    wire(settings)?;
    page_ready()?;
    Ok(())
}

fn wire(settings: Settings) -> Result<(), JsError> {
    let for_preview = settings.clone();
    on("number", "input", move |_| {
        report_error(preview(&for_preview));
    })?;
    let for_dial = settings.clone();
    on("dial-form", "submit", move |event| {
        event.prevent_default();
        let settings = for_dial.clone();
        wasm_bindgen_futures::spawn_local(async move { report_error(dial_now(&settings).await) });
    })?;
    on("hang-up", "click", |_| {
        let phone = report_error_or_none(picked_phone());
        spawn_command(&t!("popupHangingUp"), Request::HangUp { phone });
    })?;
    let for_pick = settings.clone();
    on("dial-phone", "change", move |_| {
        report_error(phone_picked(&for_pick));
    })?;
    for button in key_buttons()? {
        let Some(key) = button
            .get_attribute("data-key")
            .and_then(|k| Key::from_wire(&k))
        else {
            continue;
        };
        on_element(&button, "click", move |_| {
            let phone = report_error_or_none(picked_phone());
            spawn_command(
                &t!("popupPressing", key.label()),
                Request::Key { key, phone },
            );
        });
    }
    on("reboot", "click", |_| report_error(confirm_reboot(true)))?;
    on("reboot-no", "click", |_| {
        report_error(confirm_reboot(false))
    })?;
    on("reboot-yes", "click", |_| {
        report_error(confirm_reboot(false));
        let phone = report_error_or_none(picked_phone());
        spawn_command(
            &t!("popupRebooting"),
            Request::Key {
                key: Key::Reboot,
                phone,
            },
        );
    })?;
    on("cancel-dial", "click", |_| {
        wasm_bindgen_futures::spawn_local(async {
            let _ = ext::send_message(&to_js(&Request::CancelDial)).await;
            report_error(set_text("pending-text", &t!("popupCancelling")));
        });
    })?;
    on("send-dtmf", "click", |event| {
        let button = event.target().and_then(|t| t.dyn_into::<Element>().ok());
        let attribute = |name| button.as_ref().and_then(|b| b.get_attribute(name));
        let digits = attribute("data-digits").unwrap_or_default();
        // The phone the call was placed on, whatever the picker shows now.
        let phone = attribute("data-phone");
        spawn_command(
            &t!("popupSendingExtension"),
            Request::SendDtmf { digits, phone },
        );
    })?;
    let for_clear = settings.clone();
    on("clear-history", "click", move |_| {
        let settings = for_clear.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let _ = ext::send_message(&to_js(&Request::ClearHistory)).await;
            report_error(show_history(&settings).await);
        });
    })?;
    on_marked_click("history", "data-number", move |number| {
        let settings = settings.clone();
        wasm_bindgen_futures::spawn_local(async move {
            report_error(redial(&settings, &number, Path::Redial).await);
        });
    })?;
    Ok(())
}

/// Shows what the typed number will dial, or why it cannot be dialed.
fn preview(settings: &Settings) -> Result<(), JsError> {
    let text = by_id::<HtmlInputElement>("number")?.value();
    let line = if text.trim().is_empty() {
        String::new()
    } else {
        match dialed(settings, &text, Source::Typed, &ext::ui_language()) {
            Ok(d) => match d.dtmf {
                Some(dtmf) if is_meeting_code(dtmf.as_str()) && settings.incoming.enabled => {
                    t!("popupDialsThenSendsTones", d.dial, dtmf)
                }
                Some(dtmf) if is_meeting_code(dtmf.as_str()) => {
                    t!("popupDialsThenTones", d.dial, dtmf)
                }
                Some(dtmf) => t!("popupDialsThenExtension", d.dial, dtmf),
                None => t!("popupDials", d.dial),
            },
            Err(outcome) => outcome.message(),
        }
    };
    set_text("preview", &line)
}

async fn dial_now(settings: &Settings) -> Result<(), JsError> {
    let text = by_id::<HtmlInputElement>("number")?.value();
    if text.trim().is_empty() {
        set_text("outcome", &t!("popupTypeANumber"))?;
        return by_id::<HtmlElement>("number")?
            .focus()
            .map_err(|_| JsError::new("focus"));
    }
    let account = Account::try_from(by_id::<HtmlSelectElement>("dial-account")?.value()).ok();
    dial_text(settings, &text, account, Path::Typed).await
}

/// Dials `number` again from one of the popup's lists (`path`: redial, call back).
async fn redial(settings: &Settings, number: &str, path: Path) -> Result<(), JsError> {
    by_id::<HtmlInputElement>("number")?.set_value(number);
    dial_text(settings, number, None, path).await
}

/// Sends a dial of `text`, showing the cancel window while it lasts.
async fn dial_text(
    settings: &Settings,
    text: &str,
    account: Option<Account>,
    path: Path,
) -> Result<(), JsError> {
    let button: HtmlButtonElement = by_id("dial")?;
    button.set_disabled(true);
    if settings.cancel_window {
        if let Ok(d) = dialed(settings, text, Source::Typed, &ext::ui_language()) {
            show_pending(Some(&d.shown))?;
        }
    }
    set_text("outcome", &t!("popupDialing"))?;
    let request = Request::DialTyped {
        text: text.to_string(),
        account,
        via: Some(path),
        phone: picked_phone()?,
    };
    let result = command(request).await;
    show_pending(None)?;
    button.set_disabled(false);
    result?;
    show_pending_dtmf().await?;
    show_history(settings).await
}

fn spawn_command(busy: &str, request: Request) {
    let busy = busy.to_string();
    wasm_bindgen_futures::spawn_local(async move {
        report_error(set_text("outcome", &busy));
        report_error(command(request).await);
        report_error(show_pending_dtmf().await);
    });
}

/// Sends `request` to the background and shows its answer.
async fn command(request: Request) -> Result<(), JsError> {
    let answer = ext::send_message(&to_js(&request)).await;
    match answer.map(serde_wasm_bindgen::from_value::<Response>) {
        Ok(Ok(Response::Done { outcome })) => {
            show_report(&Report::new(outcome, js_sys::Date::now()))
        }
        Ok(Ok(Response::Refused { message })) => set_text("outcome", &message),
        Ok(Ok(_)) => Ok(()),
        _ => set_text("outcome", &t!("popupNoAnswer")),
    }
}

fn show_report(report: &Report) -> Result<(), JsError> {
    let element: Element = by_id("outcome")?;
    element.set_text_content(Some(&t!("popupReport", report.title, report.message)));
    element.set_class_name(if report.success {
        "outcome ok"
    } else {
        "outcome error"
    });
    show_page_to_open("open-phone", report.outcome.page_to_open())
}

/// Shows "Dialing <number> - Cancel", or hides it.
fn show_pending(number: Option<&str>) -> Result<(), JsError> {
    let bar: HtmlElement = by_id("pending")?;
    match number {
        Some(number) => {
            set_text("pending-text", &t!("popupPending", number))?;
            bar.set_hidden(false);
        }
        None => bar.set_hidden(true),
    }
    Ok(())
}

/// A dial from a page still in its cancel window: offer Cancel until it goes out.
async fn show_pending_dial() -> Result<(), JsError> {
    match store::get(&PENDING_DIAL).await {
        Some(p) if p.until_ms > js_sys::Date::now() => {
            show_pending(Some(&p.number))?;
            let left = (p.until_ms - js_sys::Date::now()).max(0.0) as u32;
            wasm_bindgen_futures::spawn_local(async move {
                TimeoutFuture::new(left + 500).await;
                report_error(show_pending(None));
            });
            Ok(())
        }
        _ => show_pending(None),
    }
}

/// Whether tones kept to send are a meeting's code (`85012345678#`, read after pauses: it ends
/// with its `#`), which the popup names so, not an extension.
fn is_meeting_code(tones: &str) -> bool {
    tones.ends_with('#')
}

/// The extension (or meeting code) of the last dial, to send once the call is answered.
async fn show_pending_dtmf() -> Result<(), JsError> {
    let button: HtmlButtonElement = by_id("send-dtmf")?;
    match store::get(&PENDING_DTMF).await {
        Some(p) => {
            let label = if is_meeting_code(&p.digits) {
                t!("popupSendTones", p.digits)
            } else {
                t!("popupSendExtension", p.digits)
            };
            button.set_text_content(Some(&label));
            button
                .set_attribute("data-digits", &p.digits)
                .map_err(|_| JsError::new("cannot set data-digits"))?;
            match &p.phone {
                Some(id) => button.set_attribute("data-phone", id),
                None => button.remove_attribute("data-phone"),
            }
            .map_err(|_| JsError::new("cannot set data-phone"))?;
            button.set_hidden(false);
        }
        None => button.set_hidden(true),
    }
    Ok(())
}

async fn show_history(settings: &Settings) -> Result<(), JsError> {
    let section: HtmlElement = by_id("history-section")?;
    section.set_hidden(!settings.keep_history);
    let list: Element = by_id("history")?;
    list.set_text_content(None);
    let history = store::get(&HISTORY).await.unwrap_or_default();
    by_id::<HtmlElement>("history-empty")?.set_hidden(!history.is_empty());
    let language = ext::ui_language();
    let doc = document()?;
    for record in &history {
        let item = create(&doc, "li")?;
        let time = js_sys::Date::new(&JsValue::from_f64(record.at_ms))
            .to_locale_time_string(&language)
            .as_string()
            .unwrap_or_default();
        let how = record
            .failure_words()
            .map(|why| t!("popupNotDialed", why))
            .unwrap_or_default();
        let text = create(&doc, "span")?;
        text.set_text_content(Some(&format!("{time} {}{how} ", record.number)));
        if !record.success {
            text.set_class_name("failed");
        }
        let button = create(&doc, "button")?;
        button.set_text_content(Some(&t!("popupRedial")));
        set_attributes(
            &button,
            &[
                ("type", "button"),
                ("class", "small"),
                ("data-number", &record.number),
            ],
        )?;
        item.append_with_node_2(&text, &button)
            .map_err(|_| JsError::new("cannot fill the history"))?;
        list.append_child(&item)
            .map_err(|_| JsError::new("cannot fill the history"))?;
    }
    Ok(())
}

fn confirm_reboot(ask: bool) -> Result<(), JsError> {
    by_id::<HtmlElement>("reboot-confirm")?.set_hidden(!ask);
    by_id::<HtmlElement>("reboot")?.set_hidden(ask);
    Ok(())
}

/// The phone picker, when there is more than one phone: every phone by name, the default
/// first and picked.
fn fill_phones(settings: &Settings) -> Result<(), JsError> {
    let choices = settings.phone_choices();
    by_id::<HtmlElement>("phone-pick-row")?.set_hidden(choices.len() < 2);
    let select: HtmlSelectElement = by_id("dial-phone")?;
    let doc = document()?;
    for choice in &choices {
        let option = create(&doc, "option")?;
        option.set_text_content(Some(&choice.name));
        set_attributes(&option, &[("value", &choice.id)])?;
        select
            .append_child(&option)
            .map_err(|_| JsError::new("cannot add a phone"))?;
    }
    select.set_value(&settings.phone_id);
    Ok(())
}

/// The phone picked for the next call or hang-up, by id; `None`: the default phone.
fn picked_phone() -> Result<Option<String>, JsError> {
    let select: HtmlSelectElement = by_id("dial-phone")?;
    // The default phone is the first option: picked, the request names none.
    Ok(Some(select.value()).filter(|id| !id.is_empty() && select.selected_index() > 0))
}

/// What a failed read of the picker leaves: reported, and the default phone.
fn report_error_or_none(picked: Result<Option<String>, JsError>) -> Option<String> {
    picked.unwrap_or_else(|error| {
        report_error(Err(error));
        None
    })
}

/// Another phone picked: its line and its account.
fn phone_picked(settings: &Settings) -> Result<(), JsError> {
    let id = by_id::<HtmlSelectElement>("dial-phone")?.value();
    let on_phone = settings.on_phone(&id).unwrap_or_else(|| settings.clone());
    by_id::<HtmlSelectElement>("dial-account")?.set_value(&String::from(on_phone.account));
    show_phone(&on_phone)
}

/// The popup's line about the phone: its name (with more than one), address and account.
fn show_phone(settings: &Settings) -> Result<(), JsError> {
    match settings.phone() {
        Some(phone) => set_text(
            "phone",
            &t!(
                "popupPhone",
                settings.phone_label(&phone.to_string()),
                settings.account.describe()
            ),
        ),
        None => set_text("phone", &t!("popupNoPhone")),
    }
}

fn fill_accounts(current: Account) -> Result<(), JsError> {
    let select: HtmlSelectElement = by_id("dial-account")?;
    let doc = document()?;
    for account in Account::ALL {
        let option = create(&doc, "option")?;
        let label = match account {
            Account::Auto => t!("popupAccountAuto"),
            Account::Line(n) => t!("accountLabel", n),
        };
        option.set_text_content(Some(&label));
        set_attributes(&option, &[("value", &String::from(account))])?;
        select
            .append_child(&option)
            .map_err(|_| JsError::new("cannot add an account"))?;
    }
    select.set_value(&String::from(current));
    Ok(())
}

/// One button per key the phone's brand has, Reboot aside (it has its own, behind a
/// confirmation), named as the brand names it.
fn fill_all_keys(brand: Brand) -> Result<(), JsError> {
    let group: Element = by_id("all-keys")?;
    let doc = document()?;
    for key in Key::ALL.iter().filter(|k| **k != Key::Reboot) {
        let Some(name) = brand.key_name(*key) else {
            continue;
        };
        let button = create(&doc, "button")?;
        button.set_text_content(Some(name));
        set_attributes(
            &button,
            &[
                ("type", "button"),
                ("data-key", key.wire()),
                ("title", &key.label()),
            ],
        )?;
        group
            .append_child(&button)
            .map_err(|_| JsError::new("cannot add a key"))?;
    }
    Ok(())
}

fn key_buttons() -> Result<Vec<HtmlButtonElement>, JsError> {
    select_buttons("button[data-key]")
}

/// Everything that sends a command to the phone.
fn command_buttons() -> Result<Vec<HtmlButtonElement>, JsError> {
    select_buttons("button[data-key], #dial, #hang-up, #reboot, #reboot-yes")
}

fn select_buttons(selector: &str) -> Result<Vec<HtmlButtonElement>, JsError> {
    let nodes = document()?
        .query_selector_all(selector)
        .map_err(|_| JsError::new("bad selector"))?;
    Ok((0..nodes.length())
        .filter_map(|i| nodes.item(i))
        .filter_map(|n| n.dyn_into::<HtmlButtonElement>().ok())
        .collect())
}
