//! The background's message router: checks who asks what, runs the finder, talks to the phone,
//! and tells the user what happened.
//!
//! Requests from content scripts are limited to [`Request::Scan`] and [`Request::Dial`] of a
//! number; the phone's URL and credentials come from the settings only, and never leave here.

use super::{ext, load_settings, log, to_js};
use crate::dial::{dial_call, hang_up_call, Call};
use crate::message::{
    scan_options, scan_texts_with, Outcome, Report, Request, Response, Sender, LAST_REPORT_KEY,
};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// How long the phone has to answer a command.
const TIMEOUT_SECONDS: u32 = 5;

/// Handles one message from a content script or an extension page; `sender_url` is the
/// sender's URL as the browser reports it. Resolves with a [`Response`].
#[wasm_bindgen]
pub async fn handle_message(message: JsValue, sender_url: Option<String>) -> JsValue {
    let sender = Sender::from_url(sender_url.as_deref(), &ext::runtime_base_url());
    let response = match serde_wasm_bindgen::from_value::<Request>(message) {
        Err(_) => refused("The extension did not understand this request."),
        Ok(request) if !request.allowed_from(sender) => {
            refused("This request is not allowed from a web page.")
        }
        Ok(request) => handle(request).await,
    };
    to_js(&response)
}

fn refused(message: &str) -> Response {
    Response::Refused {
        message: message.to_string(),
    }
}

async fn handle(request: Request) -> Response {
    let settings = load_settings().await;
    let language = ext::ui_language();
    match request {
        Request::Scan { texts, hints } => {
            let bytes: usize = texts.iter().map(String::len).sum();
            if texts.len() > Request::MAX_SCAN_TEXTS || bytes > Request::MAX_SCAN_BYTES {
                return refused("Too much text in one scan request; send smaller batches.");
            }
            let home = settings.home_region(&language);
            Response::Scanned {
                results: scan_texts_with(&texts, &scan_options(Some(home), &hints)),
            }
        }
        Request::Dial { number } => Response::Done {
            outcome: run(dial_call(&settings, &number, &language)).await,
        },
        Request::HangUp => Response::Done {
            outcome: run(hang_up_call(&settings)).await,
        },
    }
}

/// Sends a prepared call (or reports why there is none) and tells the user the outcome.
async fn run(call: Result<Call, Outcome>) -> Outcome {
    let outcome = match call {
        Ok(call) => send(&call).await,
        Err(outcome) => outcome,
    };
    report(&outcome).await;
    outcome
}

/// Sends the call's request to the phone and reads the answer.
async fn send(call: &Call) -> Outcome {
    match fetch_status(&call.request.url, &call.request.authorization).await {
        Ok(status) => Outcome::from_status(status, &call.phone, call.on_success.clone()),
        Err(FetchError::Timeout) => Outcome::Timeout {
            phone: call.phone.clone(),
            seconds: TIMEOUT_SECONDS,
        },
        Err(FetchError::Network) => Outcome::Unreachable {
            phone: call.phone.clone(),
        },
    }
}

enum FetchError {
    Timeout,
    Network,
}

#[wasm_bindgen]
extern "C" {
    /// The global `fetch`, bound directly: a service worker has no `window`.
    #[wasm_bindgen(js_name = fetch)]
    fn global_fetch(request: &web_sys::Request) -> js_sys::Promise;
}

/// GETs `url` with the `Authorization` header and returns the HTTP status.
async fn fetch_status(url: &str, authorization: &str) -> Result<u16, FetchError> {
    let init = web_sys::RequestInit::new();
    init.set_method("GET");
    init.set_credentials(web_sys::RequestCredentials::Omit);
    init.set_cache(web_sys::RequestCache::NoStore);
    init.set_signal(Some(&web_sys::AbortSignal::timeout_with_u32(
        TIMEOUT_SECONDS * 1000,
    )));
    let request =
        web_sys::Request::new_with_str_and_init(url, &init).map_err(|_| FetchError::Network)?;
    request
        .headers()
        .set("Authorization", authorization)
        .map_err(|_| FetchError::Network)?;
    match JsFuture::from(global_fetch(&request)).await {
        Ok(response) => Ok(response.unchecked_into::<web_sys::Response>().status()),
        Err(error) => {
            let name = js_sys::Reflect::get(&error, &"name".into())
                .ok()
                .and_then(|n| n.as_string());
            match name.as_deref() {
                Some("TimeoutError" | "AbortError") => Err(FetchError::Timeout),
                _ => Err(FetchError::Network),
            }
        }
    }
}

/// Tells the user: a notification now, and the popup later (the last report is kept for the
/// browser session).
async fn report(outcome: &Outcome) {
    let report = Report::new(outcome.clone(), js_sys::Date::now());
    if let Err(e) = ext::storage_set("session", LAST_REPORT_KEY, &to_js(&report)).await {
        log(&format!("cannot keep the last outcome: {e:?}"));
    }
    ext::notify(outcome.kind(), &report.title, &report.message).await;
}
