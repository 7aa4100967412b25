//! The browser side (wasm32 only): the thin layer that runs the core in the extension.
//!
//! Entry points, called from the extension's small JS files:
//! - [`background::handle_message`]: the background's message router (background.js), which also
//!   runs the finder for a page whose CSP keeps it out of the page (`Request::Scan`);
//! - [`options::start_options`] and [`popup::start_popup`]: the extension's pages;
//! - [`incoming::start_incoming`] and the receiver's messages: incoming calls.
//!
//! Browser APIs are reached only through [`ext`] (extension APIs) and `web-sys` (DOM, fetch);
//! extension storage only through [`store`], by the core's typed keys.

pub mod background;
mod dom;
mod ext;
mod http;
pub mod incoming;
pub mod options;
pub mod popup;
mod site_control;
mod store;

use crate::settings::{managed, migrate, Settings, SETTINGS};
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// Converts a value to a plain JS object (maps as objects), as stored and messaged.
fn to_js<T: Serialize>(value: &T) -> JsValue {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .unwrap_or(JsValue::UNDEFINED)
}

/// The settings in force: the user's (see [`load_stored_settings`]) with the organisation's
/// policy laid over them.
async fn load_settings() -> Settings {
    load_applied_settings().await.settings
}

/// The sites' remembered answers to the bridge's question (none when unreadable).
async fn bridge_sites() -> crate::bridge::SiteChoices {
    store::get(&crate::bridge::SITE_CHOICES)
        .await
        .unwrap_or_default()
}

/// How many bridge dials each site asked for past its person's gestures, this browser session.
async fn extra_bridge_dials() -> std::collections::HashMap<String, u32> {
    store::get(&crate::bridge::EXTRA_DIALS)
        .await
        .unwrap_or_default()
}

/// The user's settings with the policy laid over them, and which fields the policy locks.
async fn load_applied_settings() -> managed::Applied {
    apply_policy(&load_stored_settings().await).await
}

/// `stored` with the organisation's policy laid over it.
async fn apply_policy(stored: &Settings) -> managed::Applied {
    managed::apply(stored, &store::policy().await)
}

/// The saved settings (migrated to the current schema), or the defaults when none are saved or
/// they cannot be read.
async fn load_stored_settings() -> Settings {
    store::get(&SETTINGS).await.map(migrate).unwrap_or_default()
}

/// Renders this context's messages in the browser's language (see [`crate::text`]).
fn use_browser_language() {
    crate::text::set_language(&ext::ui_language());
}

fn log(message: &str) {
    web_sys::console::warn_1(&format!("click-to-dial: {message}").into());
}

#[wasm_bindgen]
extern "C" {
    /// The global `setTimeout` (window or worker), for background.rs's question timeout (a
    /// promise's resolve); elsewhere `gloo_timers` waits.
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(handler: &js_sys::Function, ms: u32) -> JsValue;
}

/// A new incoming-call token from 16 random bytes (`crypto.getRandomValues`), or `None` where
/// there is no such source.
fn new_token() -> Option<String> {
    use wasm_bindgen::JsCast;
    let crypto = js_sys::Reflect::get(&js_sys::global(), &"crypto".into()).ok()?;
    let fill: js_sys::Function = js_sys::Reflect::get(&crypto, &"getRandomValues".into())
        .ok()?
        .dyn_into()
        .ok()?;
    let bytes = js_sys::Uint8Array::new_with_length(16);
    fill.call1(&crypto, &bytes).ok()?;
    Some(crate::incoming::token_from_random(&bytes.to_vec()))
}
