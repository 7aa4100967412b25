//! Bindings to `extension/ext.js`, the one module that calls the browser's extension APIs.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/extension/ext.js")]
extern "C" {
    /// The tab the user is looking at, `{ id, url }`, or null.
    #[wasm_bindgen(js_name = activeTab, catch)]
    pub async fn active_tab() -> Result<JsValue, JsValue>;

    /// Every tab the extension may see, `[{ id, url }]`.
    #[wasm_bindgen(js_name = allTabs, catch)]
    pub async fn all_tabs() -> Result<JsValue, JsValue>;

    /// Inserts `css` into frame `frame_id` of tab `tab_id`, as a user style sheet when `user`
    /// (a [`crate::pages::SightAttribute`]'s, for the page layer's check of what a person could
    /// see at a click point), else as an author one (a [`crate::pages::MarkName`]'s); never
    /// fails.
    #[wasm_bindgen(js_name = insertFrameCss)]
    pub fn insert_frame_css(tab_id: i32, frame_id: i32, css: &str, user: bool);

    /// Tells tab `id`'s content scripts `message`; never fails.
    #[wasm_bindgen(js_name = tellTab)]
    pub async fn tell_tab(id: f64, message: &JsValue);

    /// The `WWW-Authenticate` challenges of a 401 from exactly `url`, where fetch() hides them
    /// (Firefox; background.js starts keeping them), once; null if none.
    #[wasm_bindgen(js_name = takeChallenge)]
    pub async fn take_challenge(url: &str) -> JsValue;

    /// `chrome-extension://<id>/`, or empty outside an extension.
    #[wasm_bindgen(js_name = runtimeBaseUrl)]
    pub fn runtime_base_url() -> String;

    /// The value under `key` in storage area `area` ("local", "session"); undefined if none.
    #[wasm_bindgen(js_name = storageGet, catch)]
    pub async fn storage_get(area: &str, key: &str) -> Result<JsValue, JsValue>;

    /// The organisation's policy (`storage.managed`), `{}` when none.
    #[wasm_bindgen(js_name = managedSettings)]
    pub async fn managed_settings() -> JsValue;

    #[wasm_bindgen(js_name = storageSet, catch)]
    pub async fn storage_set(area: &str, key: &str, value: &JsValue) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(js_name = storageRemove, catch)]
    pub async fn storage_remove(area: &str, key: &str) -> Result<JsValue, JsValue>;

    /// Shows the notification `id` with a Cancel button (where the browser has buttons); never
    /// fails. A click on Cancel reaches background.js.
    #[wasm_bindgen(js_name = notifyWithCancel)]
    pub async fn notify_with_cancel(id: &str, title: &str, message: &str);

    /// Removes the notification `id`; never fails.
    #[wasm_bindgen(js_name = clearNotification)]
    pub async fn clear_notification(id: &str);

    /// Shows a system notification whose id starts with `kind` and a colon; never fails.
    #[wasm_bindgen]
    pub async fn notify(kind: &str, title: &str, message: &str);

    #[wasm_bindgen(js_name = sendMessage, catch)]
    pub async fn send_message(message: &JsValue) -> Result<JsValue, JsValue>;

    /// Opens the extension's page `path` in a small window of its own; its window id.
    #[wasm_bindgen(js_name = openWindow, catch)]
    pub async fn open_window(path: &str, width: u32, height: u32) -> Result<JsValue, JsValue>;

    /// A promise that resolves when window `id` is closed.
    #[wasm_bindgen(js_name = windowClosed)]
    pub fn window_closed(id: f64) -> js_sys::Promise;

    /// Closes window `id`; never fails.
    #[wasm_bindgen(js_name = closeWindow)]
    pub async fn close_window(id: f64);

    /// Chromium's service worker: whether a request to a phone can be sent again from the
    /// extension's offscreen document (see [`fetch_in_document`]).
    #[wasm_bindgen(js_name = canFetchInDocument)]
    pub fn can_fetch_in_document() -> bool;

    /// Sends `{url, method, headers, body, timeoutMs}` from the offscreen document; resolves
    /// with `{status, wwwAuthenticate, body}`, rejects with the fetch's error (its `name`).
    #[wasm_bindgen(js_name = fetchInDocument, catch)]
    pub async fn fetch_in_document(request: JsValue) -> Result<JsValue, JsValue>;

    /// Whether this browser compiles a content script's WebAssembly under the page's
    /// Content-Security-Policy (Chromium) rather than the extension's own (Firefox).
    #[wasm_bindgen(js_name = contentWasmFollowsPageCsp)]
    pub fn content_wasm_follows_page_csp() -> bool;

    /// The browser's UI language ("de-DE").
    #[wasm_bindgen(js_name = uiLanguage)]
    pub fn ui_language() -> String;

    /// The name of a region in a language ("DE", "en" -> "Germany").
    #[wasm_bindgen(js_name = regionName)]
    pub fn region_name(code: &str, language: &str) -> String;

    /// Starts the native messaging host `name` unless it runs (background.js set its handlers);
    /// the error's text when the browser refuses at once.
    #[wasm_bindgen(js_name = connectReceiver)]
    pub fn connect_receiver(name: &str) -> Option<String>;

    /// Sends a message to the receiver; false when it is not running.
    #[wasm_bindgen(js_name = postToReceiver)]
    pub fn post_to_receiver(message: &JsValue) -> bool;

    /// Stops the receiver.
    #[wasm_bindgen(js_name = disconnectReceiver)]
    pub fn disconnect_receiver();

    /// Whether the receiver's port is open.
    #[wasm_bindgen(js_name = receiverConnected)]
    pub fn receiver_connected() -> bool;

    /// Whether phone requests can go through the receiver (it runs and says it sends them).
    #[wasm_bindgen(js_name = receiverSends)]
    pub fn receiver_sends() -> bool;

    /// Resolves true as soon as the receiver sends phone requests (starting the native messaging
    /// host `name` if it is not running), false when it cannot within `ms` milliseconds.
    #[wasm_bindgen(js_name = receiverSendsWithin)]
    pub async fn receiver_sends_within(name: &str, ms: u32) -> JsValue;

    /// Sends a [`crate::incoming::native::OneRequest`] through the receiver; resolves with its
    /// `Answered` or `NotAnswered` message, rejects when the receiver is gone or silent.
    #[wasm_bindgen(js_name = sendThroughReceiver, catch)]
    pub async fn send_through_receiver(request: JsValue) -> Result<JsValue, JsValue>;

    /// Shows an incoming call's notification, with "Open in CRM" when `with_crm`; never fails.
    #[wasm_bindgen(js_name = notifyCall)]
    pub async fn notify_call(id: &str, title: &str, message: &str, with_crm: bool);

    /// Opens `url` in a new tab.
    #[wasm_bindgen(js_name = openTab, catch)]
    pub async fn open_tab(url: &str) -> Result<JsValue, JsValue>;

    /// Puts `text` on the clipboard; true when it worked.
    #[wasm_bindgen(js_name = copyText)]
    pub async fn copy_text(text: &str) -> JsValue;

    /// Calls `handler(area, key)` for every stored value that changes.
    #[wasm_bindgen(js_name = onStorageChanged)]
    pub fn on_storage_changed(handler: &Closure<dyn FnMut(String, String)>);
}
