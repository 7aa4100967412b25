//! Talking to the phone over fetch: one command's requests, as the brand's profile builds them
//! ([`crate::phone::profile`]), answering auth challenges as [`crate::phone::exchange`] decides
//! and handing each answer (status and body) to the brand's reader, which may ask for one more
//! request (Poly's hang-up). Used by the background (dials, keys) and by the options page (the
//! connection check, which must come from a visible page so that Chromium can ask the user
//! about local-network access).
//!
//! A request's URL is never logged: Grandstream's carries the password (`PhoneRequest::shown`
//! is the form that may be).
//!
//! Where the receiver for incoming calls runs (and says it sends), requests to a phone on HTTP
//! go through it instead of fetch: it sends each once (`receiver/src/send.rs`), where the
//! browsers' own stacks resend a request whose connection closed unanswered. With the setting
//! "only through the receiver" ([`Route::ReceiverOnly`]) nothing goes out without it.

use super::ext;
use crate::auth::Credentials;
use crate::command::outcome::Outcome;
use crate::command::Call;
use crate::incoming::native::{FromReceiver, NotAnswered, OneRequest, HOST_NAME};
use crate::phone::exchange::{self, Exchange, Finish, Next};
use crate::phone::profile::{read, Auth, PhoneRequest, Read};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// The most requests one command makes, follow-ups included (Poly's hang-up makes two).
const MAX_REQUESTS: usize = 3;

/// The most of an answer's body that is read (phones answer in a few hundred bytes).
const MAX_BODY: usize = 64 * 1024;

/// How long a request that may go only through the receiver waits for it to start (a dial
/// that woke the background comes before the background started the receiver).
const RECEIVER_START_MS: u32 = 3000;

/// How a request may reach the phone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    /// Through the receiver when it runs and sends (phones on HTTP), else the browser's fetch.
    Any,
    /// Only through the receiver (the setting `incoming.receiver_only`): when it does not run,
    /// or the phone is on HTTPS, nothing is sent.
    ReceiverOnly,
}

impl Route {
    /// The route the settings allow for the background's requests.
    pub fn of(settings: &crate::settings::Settings) -> Route {
        if settings.incoming.receiver_only {
            Route::ReceiverOnly
        } else {
            Route::Any
        }
    }
}

/// Sends the call's request to the phone by `route`, answering auth challenges as the exchange
/// allows, then any follow-up the brand's reader asks for; the outcome as the answers read.
pub async fn send(call: &Call, timeout_seconds: u32, route: Route) -> Outcome {
    let mut request = call.request.clone();
    for _ in 0..MAX_REQUESTS {
        let sent = exchange(&request, &call.credentials, timeout_seconds, route).await;
        let (finish, body) = match sent {
            Ok(answer) => answer,
            Err(FetchError::Timeout) => {
                return Outcome::Timeout {
                    phone: call.phone.clone(),
                    seconds: timeout_seconds,
                }
            }
            Err(FetchError::Network) => return unreachable(call, &request),
            Err(FetchError::ClosedUnanswered) => {
                return Outcome::ClosedUnanswered {
                    phone: call.phone.clone(),
                }
            }
            Err(FetchError::NoReceiver) => {
                return Outcome::ReceiverNeeded {
                    phone: call.phone.clone(),
                    https: request.url.starts_with("https://"),
                }
            }
        };
        match read(&request, finish, &body) {
            Read::Finish(finish) => return call.outcome(finish),
            Read::FollowUp(next) => request = next,
        }
    }
    call.outcome(Finish::NotThisBrand(200))
}

/// One request's exchange: with HTTP auth, Basic first and one Digest answer or Basic retry on
/// a 401; without, the one request. How it ended, and the last answer's body.
async fn exchange(
    request: &PhoneRequest,
    credentials: &Credentials,
    timeout_seconds: u32,
    route: Route,
) -> Result<(Finish, String), FetchError> {
    match request.auth {
        Auth::None => {
            let answer = fetch(request, None, timeout_seconds, route).await?;
            Ok((exchange::without_auth(answer.status), answer.body))
        }
        Auth::Http => {
            let (mut exchange, mut authorization) =
                Exchange::start_with(request.method, &request.target, credentials.clone());
            loop {
                let answer = fetch(request, Some(&authorization), timeout_seconds, route).await?;
                let challenge = answer.www_authenticate.as_deref();
                match exchange.answer(answer.status, challenge, &cnonce()) {
                    Next::Send(next) => authorization = next,
                    Next::Finish(finish) => return Ok((finish, answer.body)),
                }
            }
        }
    }
}

/// Sends `request` once as it is (no `Authorization`, whatever its auth) and returns the
/// status the phone answered; `None` when nothing answered within `timeout_seconds`. For the
/// brand detection's probes ([`crate::phone::identify`]), which carry no credentials.
pub async fn status_of(request: &PhoneRequest, timeout_seconds: u32) -> Option<u16> {
    fetch(request, None, timeout_seconds, Route::Any)
        .await
        .ok()
        .map(|answer| answer.status)
}

/// No answer at all: for a phone reached over HTTPS, the likely reason is named (a certificate
/// the browser has not accepted: a failed handshake and a phone that is off look the same to a
/// page), with the phone's page to open.
fn unreachable(call: &Call, request: &PhoneRequest) -> Outcome {
    if request.url.starts_with("https://") {
        Outcome::HttpsNotAccepted {
            phone: call.phone.clone(),
            url: format!("{}/", request.base()),
        }
    } else {
        Outcome::Unreachable {
            phone: call.phone.clone(),
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
    /// Sent through the receiver, the connection closed before an answer: the phone may have
    /// carried the request out (the browser's own fetch would have sent it again).
    ClosedUnanswered,
    /// Only through the receiver, and it does not run (or cannot reach HTTPS): not sent.
    NoReceiver,
}

struct Answer {
    status: u16,
    www_authenticate: Option<String>,
    body: String,
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

/// Sends `request` with `authorization` (none: no `Authorization` header at all); the status,
/// any `WWW-Authenticate` header, and the body's text. A request to a phone on HTTP goes
/// through the receiver when it runs ([`fetch_through_receiver`]): the browser's own stack may
/// send it twice. By [`Route::ReceiverOnly`], only through it (started and waited for up to
/// [`RECEIVER_START_MS`]), or not at all. A request to a phone on HTTPS that fails in
/// Chromium's service worker is sent once more from the offscreen document
/// ([`ext::fetch_in_document`]): the worker's fetch() ignores a certificate the user accepted
/// on the phone's page, a document's uses it.
async fn fetch(
    request: &PhoneRequest,
    authorization: Option<&str>,
    timeout_seconds: u32,
    route: Route,
) -> Result<Answer, FetchError> {
    let mut headers = Vec::new();
    if let Some(body) = &request.body {
        headers.push(("Content-Type", body.content_type));
    }
    if let Some(authorization) = authorization {
        headers.push(("Authorization", authorization));
    }
    let only_receiver = route == Route::ReceiverOnly;
    let through_receiver = request.url.starts_with("http://")
        && (ext::receiver_sends()
            || (only_receiver
                && ext::receiver_sends_within(HOST_NAME, RECEIVER_START_MS)
                    .await
                    .is_truthy()));
    if through_receiver {
        return fetch_through_receiver(request, &headers, timeout_seconds).await;
    }
    if only_receiver {
        return Err(FetchError::NoReceiver);
    }
    let init = web_sys::RequestInit::new();
    init.set_method(request.method.as_str());
    init.set_credentials(web_sys::RequestCredentials::Omit);
    init.set_cache(web_sys::RequestCache::NoStore);
    init.set_signal(Some(&web_sys::AbortSignal::timeout_with_u32(
        timeout_seconds * 1000,
    )));
    if let Some(body) = &request.body {
        init.set_body(&JsValue::from_str(&body.text));
    }
    let fetched = web_sys::Request::new_with_str_and_init(&request.url, &init)
        .map_err(|_| FetchError::Network)?;
    for (name, value) in &headers {
        fetched
            .headers()
            .set(name, value)
            .map_err(|_| FetchError::Network)?;
    }
    match JsFuture::from(global_fetch(&fetched)).await {
        Ok(response) => {
            let response: web_sys::Response = response.unchecked_into();
            let mut www_authenticate = response.headers().get("WWW-Authenticate").ok().flatten();
            if www_authenticate.is_none() && response.status() == 401 && authorization.is_some() {
                www_authenticate = ext::take_challenge(&request.url).await.as_string();
            }
            // Read the body: the brand's reader needs it, and the connection is done with
            // before the next attempt.
            let body = match response.text() {
                Ok(text) => JsFuture::from(text)
                    .await
                    .ok()
                    .and_then(|t| t.as_string())
                    .unwrap_or_default(),
                Err(_) => String::new(),
            };
            Ok(Answer {
                status: response.status(),
                www_authenticate,
                body: truncated(body),
            })
        }
        Err(error) => match fetch_error(&error) {
            FetchError::Network
                if request.url.starts_with("https://") && ext::can_fetch_in_document() =>
            {
                fetch_in_document(request, &headers, timeout_seconds).await
            }
            error => Err(error),
        },
    }
}

/// A rejected fetch: timed out, or no answer at all.
fn fetch_error(error: &JsValue) -> FetchError {
    let name = js_sys::Reflect::get(error, &"name".into())
        .ok()
        .and_then(|n| n.as_string());
    match name.as_deref() {
        Some("TimeoutError" | "AbortError") => FetchError::Timeout,
        _ => FetchError::Network,
    }
}

/// What the offscreen document answers.
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct FromDocument {
    status: u16,
    www_authenticate: Option<String>,
    body: String,
}

/// [`fetch`]'s second try for a phone on HTTPS, from the offscreen document.
async fn fetch_in_document(
    request: &PhoneRequest,
    headers: &[(&str, &str)],
    timeout_seconds: u32,
) -> Result<Answer, FetchError> {
    let asked = one_request(request, headers, timeout_seconds)?;
    let answer = ext::fetch_in_document(asked)
        .await
        .map_err(|error| fetch_error(&error))?;
    let answer: FromDocument =
        serde_wasm_bindgen::from_value(answer).map_err(|_| FetchError::Network)?;
    Ok(Answer {
        status: answer.status,
        www_authenticate: answer.www_authenticate,
        body: truncated(answer.body),
    })
}

/// [`fetch`] through the receiver (incoming calls on, a receiver that sends): it writes the
/// request once on a connection of its own and never again, where the browsers resend a
/// request whose connection closed unanswered (Firefox any GET, Chromium one on a connection
/// it kept), so that a phone that dials and then closes without a word would dial twice.
async fn fetch_through_receiver(
    request: &PhoneRequest,
    headers: &[(&str, &str)],
    timeout_seconds: u32,
) -> Result<Answer, FetchError> {
    let asked = one_request(request, headers, timeout_seconds)?;
    let answer = ext::send_through_receiver(asked)
        .await
        .map_err(|_| FetchError::Timeout)?;
    match serde_wasm_bindgen::from_value::<FromReceiver>(answer) {
        Ok(FromReceiver::Answered {
            status,
            www_authenticate,
            body,
            ..
        }) => Ok(Answer {
            status,
            www_authenticate,
            body: truncated(body),
        }),
        Ok(FromReceiver::NotAnswered { reason, .. }) => Err(match reason {
            NotAnswered::Timeout => FetchError::Timeout,
            NotAnswered::Closed => FetchError::ClosedUnanswered,
            NotAnswered::Unreachable | NotAnswered::BadRequest => FetchError::Network,
        }),
        _ => Err(FetchError::Network),
    }
}

/// `request` with `headers` as the offscreen document (offscreen.js) and the receiver take it:
/// `{url, method, headers: [[name, value], ...], body, timeoutMs}` (pairs, since the message
/// is JSON, where a map would be lost).
fn one_request(
    request: &PhoneRequest,
    headers: &[(&str, &str)],
    timeout_seconds: u32,
) -> Result<JsValue, FetchError> {
    let one = OneRequest {
        url: request.url.clone(),
        method: request.method.as_str().to_string(),
        headers: headers
            .iter()
            .map(|&(name, value)| [name.to_string(), value.to_string()])
            .collect(),
        body: request.body.as_ref().map(|b| b.text.clone()),
        timeout_ms: timeout_seconds * 1000,
    };
    serde_wasm_bindgen::to_value(&one).map_err(|_| FetchError::Network)
}

/// `body` cut to [`MAX_BODY`] bytes, at a character's boundary.
fn truncated(mut body: String) -> String {
    if body.len() > MAX_BODY {
        let mut end = MAX_BODY;
        while !body.is_char_boundary(end) {
            end -= 1;
        }
        body.truncate(end);
    }
    body
}
