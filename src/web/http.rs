//! Talking to the phone over fetch: one command's requests, answering auth challenges as
//! [`crate::phone::exchange`] decides. Used by the background (dials, keys) and by the options
//! page (the connection check, which must come from a visible page so that Chromium can ask the
//! user about local-network access).

use super::ext;
use crate::command::outcome::Outcome;
use crate::command::Call;
use crate::phone::exchange::{Exchange, Next};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Sends the call's request to the phone, answering auth challenges as the exchange allows.
pub async fn send(call: &Call, timeout_seconds: u32) -> Outcome {
    let (mut exchange, mut authorization) =
        Exchange::start(&call.request.path, call.credentials.clone());
    loop {
        let answer = match fetch(&call.request.url, &authorization, timeout_seconds).await {
            Ok(answer) => answer,
            Err(FetchError::Timeout) => {
                return Outcome::Timeout {
                    phone: call.phone.clone(),
                    seconds: timeout_seconds,
                }
            }
            Err(FetchError::Network) => {
                return Outcome::Unreachable {
                    phone: call.phone.clone(),
                }
            }
        };
        match exchange.answer(answer.status, answer.www_authenticate.as_deref(), &cnonce()) {
            Next::Send(next) => authorization = next,
            Next::Finish(finish) => {
                return Outcome::from_finish(
                    finish,
                    call.kind,
                    &call.phone,
                    &call.credentials.username,
                    call.on_success.clone(),
                )
            }
        }
    }
}

/// A fresh client nonce for Digest: 32 random hex digits.
fn cnonce() -> String {
    random_uuid().replace('-', "")
}

enum FetchError {
    Timeout,
    Network,
}

struct Answer {
    status: u16,
    www_authenticate: Option<String>,
}

#[wasm_bindgen]
extern "C" {
    /// The global `fetch`, bound directly: a service worker has no `window`.
    #[wasm_bindgen(js_name = fetch)]
    fn global_fetch(request: &web_sys::Request) -> js_sys::Promise;

    /// `crypto.randomUUID()`, in workers and pages alike.
    #[wasm_bindgen(js_namespace = crypto, js_name = randomUUID)]
    fn random_uuid() -> String;
}

/// GETs `url` with the `Authorization` header; the status and any `WWW-Authenticate` header.
async fn fetch(url: &str, authorization: &str, timeout_seconds: u32) -> Result<Answer, FetchError> {
    let init = web_sys::RequestInit::new();
    init.set_method(crate::phone::exchange::METHOD);
    init.set_credentials(web_sys::RequestCredentials::Omit);
    init.set_cache(web_sys::RequestCache::NoStore);
    init.set_signal(Some(&web_sys::AbortSignal::timeout_with_u32(
        timeout_seconds * 1000,
    )));
    let request =
        web_sys::Request::new_with_str_and_init(url, &init).map_err(|_| FetchError::Network)?;
    request
        .headers()
        .set("Authorization", authorization)
        .map_err(|_| FetchError::Network)?;
    match JsFuture::from(global_fetch(&request)).await {
        Ok(response) => {
            let response: web_sys::Response = response.unchecked_into();
            let mut www_authenticate = response.headers().get("WWW-Authenticate").ok().flatten();
            if www_authenticate.is_none() && response.status() == 401 {
                www_authenticate = ext::take_challenge(url).await.as_string();
            }
            // Read the body so the connection is done with before the next attempt.
            if let Ok(text) = response.text() {
                let _ = JsFuture::from(text).await;
            }
            Ok(Answer {
                status: response.status(),
                www_authenticate,
            })
        }
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
