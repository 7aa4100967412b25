//! The background's side of incoming calls: starts the receiver (native messaging, through
//! `ext.js`) when they are on (or when requests to the phone go only through it), hands each
//! of its messages to the core ([`inbox::react`]) and does what it says: keeps the call state (`storage.session`, so a restarted worker keeps it)
//! and the missed calls (`storage.local`), shows the ringing notification, opens the CRM page,
//! and hands the background the tones a dial kept for the answer a message reports.
//!
//! background.js calls [`start_incoming`] when the worker starts, when the browser starts or the
//! extension is installed, and when the settings change; it queues these calls and the
//! receiver's messages so that each runs after the one before. Only URLs the core builds from
//! the user's template are opened.

use super::{ext, load_settings, load_stored_settings, log, store, to_js, use_browser_language};
use crate::command::dispatch::{PendingDtmf, PENDING_DTMF};
use crate::incoming::calls::{CallState, Change, MissedCalls};
use crate::incoming::inbox::{
    current_party, react, screen_pop_url, start_message, NotReady, ReceiverStatus, RingingNotice,
    CALL_STATE, MISSED_CALLS, RECEIVER_STATUS, RINGING_NOTICE,
};
use crate::incoming::native::{FromReceiver, ToReceiver, HOST_NAME};
use crate::message::Response;
use crate::settings::{Settings, SETTINGS};
use crate::t;
use gloo_timers::future::TimeoutFuture;
use std::cell::{Cell, RefCell};
use wasm_bindgen::prelude::*;

/// How often a receiver that went away is started again before the user is left to do it.
const RETRIES: u32 = 3;

thread_local! {
    /// The `Start` sent on the open port, so that an unchanged setting does not restart it.
    static STARTED: RefCell<Option<ToReceiver>> = const { RefCell::new(None) };
    /// Restarts since the receiver last listened.
    static RESTARTS: Cell<u32> = const { Cell::new(0) };
}

/// Starts, restarts or stops the receiver as the settings say. Called by background.js.
#[wasm_bindgen]
pub async fn start_incoming() {
    use_browser_language();
    start(false).await;
}

/// Starts the receiver, or tells it the settings again; `force` sends them even when they did
/// not change (the options page's Connect again). With requests only through the receiver, it
/// runs with incoming calls off too, to send them.
pub(super) async fn start(force: bool) {
    let settings = load_settings().await;
    if settings.incoming.enabled && settings.incoming.token.is_empty() && make_token().await {
        return; // the stored settings changed: background.js starts again
    }
    let listen = start_message(&settings.incoming, settings.phone().as_ref());
    if settings.incoming.receiver_only && !matches!(listen, Ok(Some(_))) {
        return start_to_send(listen.err()).await;
    }
    match listen {
        Ok(None) => {
            stop();
            set_status(&ReceiverStatus::Off).await;
        }
        Err(why) => {
            stop();
            set_status(&ReceiverStatus::NotReady { why }).await;
        }
        Ok(Some(message)) => {
            let running = ext::receiver_connected();
            if running && !force && STARTED.with_borrow(|s| s.as_ref() == Some(&message)) {
                return;
            }
            if !running && !connect().await {
                return;
            }
            if ext::post_to_receiver(&to_js(&message)) {
                STARTED.set(Some(message));
            }
        }
    }
}

/// The receiver runs only to send the requests to the phone: it is started unless it runs,
/// and stops listening if it did (incoming calls turned off). `not_listening` is why incoming
/// calls cannot listen although they are on, shown as the status.
async fn start_to_send(not_listening: Option<NotReady>) {
    if !ext::receiver_connected() {
        if !connect().await {
            return;
        }
    } else if STARTED.take().is_some() {
        // Its `Stopped` makes the status say that it sends.
        ext::post_to_receiver(&to_js(&ToReceiver::Stop));
    }
    if let Some(why) = not_listening {
        set_status(&ReceiverStatus::NotReady { why }).await;
    }
}

/// Starts the receiver (the browser runs it); false when the browser refused at once.
async fn connect() -> bool {
    set_status(&ReceiverStatus::Connecting).await;
    if let Some(error) = ext::connect_receiver(HOST_NAME) {
        set_status(&ReceiverStatus::of_disconnect(Some(&error))).await;
        return false;
    }
    true
}

fn stop() {
    ext::disconnect_receiver();
    STARTED.set(None);
}

/// Incoming calls were turned on by policy on a computer without a token: makes this
/// computer's own and stores it. True when it was stored.
async fn make_token() -> bool {
    let Some(token) = super::new_token() else {
        log("no random numbers for a token");
        return false;
    };
    let mut stored = load_stored_settings().await;
    stored.incoming.token = token;
    match store::set(&SETTINGS, &stored).await {
        Ok(()) => true,
        Err(e) => {
            log(&e.to_string());
            false
        }
    }
}

/// One message from the receiver (background.js calls the background's `receiver_message`
/// with each, in order). What it returns are the tones a dial kept for the answer the message
/// reports, and the settings they go with: the background sends them after their pauses.
pub(super) async fn receive(message: JsValue) -> Option<(Settings, PendingDtmf)> {
    use_browser_language();
    let message = match serde_wasm_bindgen::from_value::<FromReceiver>(message) {
        Ok(message) => message,
        Err(e) => {
            log(&format!("a message from the receiver not understood: {e}"));
            return None;
        }
    };
    let settings = load_settings().await;
    let status = load_status().await;
    let mut state = load_state(&settings).await;
    let now = js_sys::Date::now();
    let reaction = react(&mut state, &status, message, &settings.incoming, now);
    if let Some(status) = &reaction.status {
        if status.is_up() {
            RESTARTS.set(0);
        }
        set_status(status).await;
    }
    if reaction.change.is_some() {
        save_state(&settings, &state).await;
    }
    let tones = match reaction.change {
        Some(Change::Connected { .. }) => tones_answered(&settings, &state).await,
        _ => None,
    };
    if reaction.clear_notice {
        clear_ringing_notice().await;
    }
    if let (Some(notice), Some(Change::Ringing { party })) = (&reaction.notice, &reaction.change) {
        clear_ringing_notice().await;
        let ringing = RingingNotice {
            id: format!("incoming:{now}"),
            party: party.clone(),
        };
        if let Err(e) = store::set(&RINGING_NOTICE, &ringing).await {
            log(&e.to_string());
        }
        let with_crm = notice.screen_pop.is_some();
        ext::notify_call(&ringing.id, &notice.title, &notice.message, with_crm).await;
    }
    if let Some((title, message)) = &reaction.missed_notice {
        ext::notify(MISSED_NOTICE_KIND, title, message).await;
    }
    if let Some(url) = &reaction.open {
        open(url).await;
    }
    tones.map(|tones| (settings, tones))
}

/// A call the extension dialed with tones kept for after the answer (an extension in the
/// Tones mode, a meeting's code) is answered, as the phone reports it (`state`, after the
/// event): those tones, taken from the popup's Send so that they go once
/// ([`PendingDtmf::answered_in`] says whether it is their call).
async fn tones_answered(settings: &Settings, state: &CallState) -> Option<PendingDtmf> {
    let pending = store::get(&PENDING_DTMF).await?;
    if !pending.answered_in(state, &settings.phone_id, js_sys::Date::now()) {
        return None;
    }
    match store::remove(&PENDING_DTMF).await {
        Ok(_) => Some(pending),
        Err(e) => {
            log(&format!("the tones wait for the popup's Send: {e:?}"));
            None
        }
    }
}

/// The kind (id prefix) of missed-call notifications.
const MISSED_NOTICE_KIND: &str = "missedCall";

/// The receiver's port closed; `error` is the browser's reason. Called by background.js.
#[wasm_bindgen]
pub async fn receiver_disconnected(error: Option<String>) {
    use_browser_language();
    STARTED.set(None);
    if !load_settings().await.incoming.needs_receiver() {
        return set_status(&ReceiverStatus::Off).await;
    }
    let status = ReceiverStatus::of_disconnect(error.as_deref());
    set_status(&status).await;
    let restarts = RESTARTS.get();
    if matches!(status, ReceiverStatus::Disconnected { .. }) && restarts < RETRIES {
        RESTARTS.set(restarts + 1);
        TimeoutFuture::new(2000 * (restarts + 1)).await;
        start(false).await;
    }
}

/// A click on the ringing notification or its "Open in CRM" button.
#[wasm_bindgen]
pub async fn incoming_notification_clicked(id: String) {
    use_browser_language();
    let ringing = store::get(&RINGING_NOTICE).await;
    let settings = load_settings().await;
    if let Some(ringing) = ringing.filter(|r| r.id == id) {
        if let Some(url) = screen_pop_url(&settings.incoming, &ringing.party) {
            open(&url).await;
        }
    }
    ext::clear_notification(&id).await;
}

/// The popup's "Open in CRM": the page of the caller ringing or in the call now.
pub(super) async fn open_screen_pop(settings: &Settings) -> Response {
    let state = load_state(settings).await;
    let Some(party) = current_party(&state) else {
        return refused(t!("refusedNoCaller"));
    };
    match screen_pop_url(&settings.incoming, &party) {
        Some(url) => {
            open(&url).await;
            Response::Ok
        }
        None => refused(t!("refusedNoScreenPop")),
    }
}

/// The phone took the extension's Hold key: the call in progress shows as on hold, or
/// resumes (see `CallState::hold_key_pressed`). Nothing when incoming calls are off.
pub(super) async fn hold_key_pressed(settings: &Settings) {
    if !settings.incoming.enabled {
        return;
    }
    let mut state = load_state(settings).await;
    if state.hold_key_pressed().is_some() {
        save_state(settings, &state).await;
    }
}

/// The popup's Clear of the missed calls.
pub(super) async fn clear_missed(settings: &Settings) -> Response {
    let mut state = load_state(settings).await;
    state.missed.clear();
    save_state(settings, &state).await;
    Response::Ok
}

fn refused(message: String) -> Response {
    Response::Refused { message }
}

async fn open(url: &str) {
    if let Err(e) = ext::open_tab(url).await {
        log(&format!("cannot open the CRM page: {e:?}"));
    }
}

async fn clear_ringing_notice() {
    if let Some(ringing) = store::get(&RINGING_NOTICE).await {
        ext::clear_notification(&ringing.id).await;
        if let Err(e) = store::remove(&RINGING_NOTICE).await {
            log(&e.to_string());
        }
    }
}

async fn load_status() -> ReceiverStatus {
    store::get(&RECEIVER_STATUS).await.unwrap_or_default()
}

async fn set_status(status: &ReceiverStatus) {
    if let Err(e) = store::set(&RECEIVER_STATUS, status).await {
        log(&e.to_string());
    }
}

/// The call state: the live calls from `storage.session`, the missed calls from
/// `storage.local` when the history is kept (else from the session too).
pub(super) async fn load_state(settings: &Settings) -> CallState {
    let mut state = store::get(&CALL_STATE).await.unwrap_or_default();
    if settings.keep_history {
        state.missed = store::get(&MISSED_CALLS).await.unwrap_or_default();
    }
    state
}

async fn save_state(settings: &Settings, state: &CallState) {
    let mut live = state.clone();
    let missed = if settings.keep_history {
        live.missed = MissedCalls::default();
        store::set(&MISSED_CALLS, &state.missed).await
    } else {
        store::remove(&MISSED_CALLS).await
    };
    for result in [missed, store::set(&CALL_STATE, &live).await] {
        if let Err(e) = result {
            log(&e.to_string());
        }
    }
}
