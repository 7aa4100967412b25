//! The background's message router: checks who asks what, runs the finder, talks to the phone,
//! and tells the user what happened.
//!
//! Requests from content scripts are limited to [`Request::Scan`] and [`Request::Dial`] of a
//! number; the phone's URL and credentials come from the settings only, and never leave here.
//! Each command is one [`Exchange`] (Basic first, one Digest answer or one Basic retry on a
//! 401); nothing is retried after a timeout or a dropped connection.

use super::http::send;
use super::{ext, load_settings, log, sleep_ms, to_js};
use crate::bridge::{
    confirm_page, origin_of, BridgeReply, Decision, Reason, SiteAnswer, EXTRA_BRIDGE_DIALS_KEY,
    QUESTION_TIMEOUT_MS, SITES_KEY,
};
use crate::detect::{batch::Batch, RegionChoice};
use crate::dial::policy::{decide, Path, Seen, Verdict, Via};
use crate::dial::{
    dial_call, dtmf_keys, hang_up_call, key_call, Call, DialString, RepeatGuard, Source,
};
use crate::message::{
    choice_regions, readings_for_choice, remember, scan_batch, CallRecord, Choice, Outcome,
    PageHints, Report, Request, Response, Sender, HISTORY_KEY, LAST_REPORT_KEY, PENDING_DIAL_KEY,
    PENDING_DTMF_KEY,
};
use crate::pages::{page_config, FinderPlace};
use crate::phone::htek::Key;
use crate::settings::{Settings, CANCEL_WINDOW_MS};
use crate::t;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

thread_local! {
    /// Dials in flight or just sent: a double click dials once.
    static GUARD: RefCell<RepeatGuard> = RefCell::new(RepeatGuard::default());
    /// Dials waiting in their cancel window, and those the user cancelled.
    static WAITING: RefCell<Vec<u32>> = const { RefCell::new(Vec::new()) };
    static CANCELLED: RefCell<Vec<u32>> = const { RefCell::new(Vec::new()) };
    static NEXT_ID: Cell<u32> = const { Cell::new(1) };
    /// Questions waiting for the person's answer in an extension window (the bridge's "may this
    /// site dial?", the policy's "Dial this number?"): id -> (what is asked about, the promise's
    /// resolve).
    static QUESTIONS: RefCell<HashMap<u32, (String, js_sys::Function)>> = RefCell::new(HashMap::new());
    /// The last page gesture that dialed through the bridge, per tab and frame (with the
    /// document it was counted in): one gesture, one call.
    static BRIDGE_GESTURES: RefCell<HashMap<(i32, i32), (String, u32)>> = RefCell::new(HashMap::new());
    /// Bridge dials refused past a gesture's one, per site, this browser session (kept in
    /// `storage.session` too, read back once when the worker starts again).
    static EXTRA_BRIDGE_DIALS: RefCell<Option<HashMap<String, u32>>> = const { RefCell::new(None) };
    /// Where the finder runs, as told to each tab's top frame last.
    static FINDER_PLACES: RefCell<HashMap<i32, FinderPlace>> = RefCell::new(HashMap::new());
}

/// Who sent a message, as the browser reports it (never as the message says).
#[wasm_bindgen]
#[derive(Debug, Clone, Default)]
pub struct MessageSender {
    url: Option<String>,
    tab_url: Option<String>,
    tab_id: i32,
    frame_id: i32,
}

#[wasm_bindgen]
impl MessageSender {
    /// `url`: the sending frame's; `tab_url`: its tab's top-level page; -1 for no tab or frame.
    #[wasm_bindgen(constructor)]
    pub fn new(
        url: Option<String>,
        tab_url: Option<String>,
        tab_id: i32,
        frame_id: i32,
    ) -> MessageSender {
        MessageSender {
            url,
            tab_url,
            tab_id,
            frame_id,
        }
    }
}

/// Handles one message from a content script or an extension page; `from` is the sender as
/// the browser reports it. Resolves with a [`Response`].
#[wasm_bindgen]
pub async fn handle_message(message: JsValue, from: MessageSender) -> JsValue {
    super::use_browser_language();
    let sender = Sender::from_url(from.url.as_deref(), &ext::runtime_base_url());
    let response = match serde_wasm_bindgen::from_value::<Request>(message) {
        Err(_) => refused(&t!("refusedUnknownRequest")),
        Ok(request) if !request.allowed_from(sender) => refused(&t!("refusedFromPage")),
        Ok(request) => handle(request, &from).await,
    };
    to_js(&response.for_sender(sender))
}

/// The Cancel button of a "Dialing ... - Cancel" notification was clicked.
#[wasm_bindgen]
pub fn cancel_pending_dials() -> bool {
    super::use_browser_language();
    let waiting = WAITING.with_borrow_mut(std::mem::take);
    let any = !waiting.is_empty();
    CANCELLED.with_borrow_mut(|c| c.extend(waiting));
    any
}

fn refused(message: &str) -> Response {
    Response::Refused {
        message: message.to_string(),
    }
}

/// "Dial selection" (the context menu, the keyboard shortcut): dials the first phone number in
/// `text`, or tells the user there is none. Only background.js calls it, for a person's gesture.
#[wasm_bindgen]
pub async fn dial_selection(text: String, by_shortcut: bool) -> JsValue {
    super::use_browser_language();
    let settings = load_settings().await;
    let language = ext::ui_language();
    let home = settings.home_region(&language);
    let first = Batch {
        texts: std::slice::from_ref(&text),
        ..Batch::new(RegionChoice::Fixed(home))
    }
    .scan()
    .into_iter()
    .next();
    let outcome = match first {
        Some(found) => {
            let call = dial_call(&settings, &found.e164, Source::Page, None, &language);
            let path = if by_shortcut {
                Path::Shortcut
            } else {
                Path::Selection
            };
            let seen = Seen::default();
            dial_as_policy_says(&settings, call, path, &seen, &language, None).await
        }
        None => {
            let outcome = Outcome::NoNumberSelected {
                text: text.trim().chars().take(40).collect(),
            };
            report(&outcome).await;
            outcome
        }
    };
    to_js(&done(outcome))
}

fn done(outcome: Outcome) -> Response {
    Response::Done { outcome }
}

async fn handle(request: Request, from: &MessageSender) -> Response {
    let settings = load_settings().await;
    let language = ext::ui_language();
    match request {
        Request::Scan {
            texts,
            hints,
            records,
            record_of,
        } => {
            let home = settings.home_region(&language);
            let also = settings.other_regions();
            match scan_batch(&texts, &records, &record_of, &hints, home, &also) {
                Some(batch) => Response::Scanned {
                    matches: batch.scan().into(),
                },
                None => refused(&t!("refusedScanTooLarge")),
            }
        }
        Request::PageConfig { url } => {
            let finder = FinderPlace::for_browser(ext::content_wasm_follows_page_csp());
            let config = page_config(&settings, &url, &language, finder);
            if from.frame_id == 0 {
                FINDER_PLACES.with_borrow_mut(|places| match config.enabled {
                    true => places.insert(from.tab_id, finder),
                    false => places.remove(&from.tab_id),
                });
            }
            Response::PageConfig(config)
        }
        Request::FinderPlace { tab_id } => Response::FinderPlace {
            place: FINDER_PLACES.with_borrow(|places| places.get(&tab_id).copied()),
        },
        Request::Preview { number, raw, hints } => {
            preview(&settings, &number, raw.as_deref(), &hints, &language)
        }
        Request::Dial { number, seen } => {
            let call = dial_call(&settings, &number, Source::Page, None, &language);
            let path = seen.via.map_or(Path::MarkedNumber, Via::path);
            let site = from.tab_url.as_deref().and_then(origin_of);
            let outcome =
                dial_as_policy_says(&settings, call, path, &seen, &language, site.as_deref()).await;
            done(outcome)
        }
        Request::BridgeDial {
            number,
            gesture,
            document,
        } => {
            // The site is the tab's top-level page, whatever frame asks: a frame embedded by
            // the site speaks for it, and one allowed site's frames cannot speak for another.
            let origin = from.tab_url.as_deref().and_then(origin_of);
            let key = (from.tab_id, from.frame_id);
            let fresh = gesture > 0
                && BRIDGE_GESTURES.with_borrow_mut(|g| match g.get(&key) {
                    Some((seen_in, used)) if *seen_in == document && *used >= gesture => false,
                    _ => {
                        g.insert(key, (document, gesture));
                        true
                    }
                });
            let reply = if fresh {
                bridge_dial(&settings, origin, &number, &language).await
            } else {
                count_extra_bridge_dial(origin.as_deref()).await;
                BridgeReply::refused(Reason::OneCallPerGesture)
            };
            Response::BridgeDialed(reply)
        }
        Request::BridgeAnswer { id, answer } => answer_question(id, &to_js(&answer)),
        Request::AskAnswer { id, dial } => answer_question(id, &JsValue::from_bool(dial)),
        Request::DialTyped { text, account, via } => {
            let call = dial_call(&settings, &text, Source::Typed, account, &language);
            let path = via
                .filter(|p| p.is_the_persons_own())
                .unwrap_or(Path::Typed);
            let seen = Seen::default();
            done(dial_as_policy_says(&settings, call, path, &seen, &language, None).await)
        }
        Request::HangUp => {
            let _ = ext::storage_remove("session", PENDING_DTMF_KEY).await;
            done(run(&settings, hang_up_call(&settings)).await)
        }
        Request::Key { key } => {
            let outcome = run(&settings, key_call(&settings, key)).await;
            if key == Key::Hold && outcome.is_success() {
                super::incoming::hold_key_pressed(&settings).await;
            }
            done(outcome)
        }
        Request::SendDtmf { digits } => done(send_dtmf(&settings, &digits).await),
        Request::CancelDial => {
            if cancel_pending_dials() {
                Response::Ok
            } else {
                refused(&t!("refusedNothingToCancel"))
            }
        }
        Request::ClearHistory => match ext::storage_remove("local", HISTORY_KEY).await {
            Ok(_) => Response::Ok,
            Err(e) => refused(&t!("refusedClearHistory", format!("{e:?}"))),
        },
        Request::OpenScreenPop => super::incoming::open_screen_pop(&settings).await,
        Request::ClearMissedCalls => super::incoming::clear_missed(&settings).await,
        Request::ConnectReceiver => {
            super::incoming::start(true).await;
            Response::Ok
        }
    }
}

/// Hands the person's answer to question `id` to whoever waits for it.
fn answer_question(id: u32, answer: &JsValue) -> Response {
    match QUESTIONS.with_borrow_mut(|q| q.remove(&id)) {
        Some((_, resolve)) => {
            let _ = resolve.call1(&JsValue::NULL, answer);
            Response::Ok
        }
        None => refused(&t!("refusedQuestionAnswered")),
    }
}

/// Counts a bridge dial refused because the gesture had already dialed, per site, for the
/// popup (`storage.session`).
async fn count_extra_bridge_dial(origin: Option<&str>) {
    let Some(origin) = origin else { return };
    if EXTRA_BRIDGE_DIALS.with_borrow(Option::is_none) {
        let stored = super::extra_bridge_dials().await;
        // Several requests may have waited for the stored counts: the first one back keeps them.
        EXTRA_BRIDGE_DIALS.with_borrow_mut(|counts| {
            counts.get_or_insert(stored);
        });
    }
    // Counted and written whole, in the order the requests came: no count is lost.
    let counts = EXTRA_BRIDGE_DIALS.with_borrow_mut(|counts| {
        let counts = counts.get_or_insert_with(HashMap::new);
        *counts.entry(origin.to_string()).or_default() += 1;
        counts.clone()
    });
    if let Err(e) = ext::storage_set("session", EXTRA_BRIDGE_DIALS_KEY, &to_js(&counts)).await {
        log(&format!("cannot count the refused bridge dial: {e:?}"));
    }
}

/// Carries out the [dial policy](crate::dial::policy)'s verdict on `call` from `path`: dials,
/// asks the person first in an extension window (`ask.html`: the number, what the phone dials,
/// why it asks, `site`, the page it came from) and dials only on their Dial, or refuses and
/// tells them why.
async fn dial_as_policy_says(
    settings: &Settings,
    call: Result<Call, Outcome>,
    path: Path,
    seen: &Seen,
    language: &str,
    site: Option<&str>,
) -> Outcome {
    let mut call = match call {
        Ok(call) => call,
        Err(_) => return dial(settings, call).await,
    };
    let Outcome::Dialing { number, dialed, .. } = call.on_success.clone() else {
        return dial(settings, Ok(call)).await;
    };
    if path == Path::DialLink {
        let home = settings.home_region(language);
        let text = seen.link_text.as_deref().unwrap_or_default();
        call.facts = call.facts.clone().with_link_text(text, &number, home);
    }
    match decide(path, seen, &call.facts, &settings.safety) {
        Verdict::DialNow => dial(settings, Ok(call)).await,
        Verdict::Refuse(why) => {
            let outcome = Outcome::NotDialed { number, why };
            report(&outcome).await;
            outcome
        }
        Verdict::Ask(why) => {
            let question = call.request.url.clone();
            if QUESTIONS.with_borrow(|q| q.values().any(|(asked, _)| *asked == question)) {
                return Outcome::AlreadyDialing { number };
            }
            let page = |id: u32| {
                crate::bridge::extension_page(
                    "ask.html",
                    &[
                        ("id", &id.to_string()),
                        ("number", &number),
                        ("dialed", &dialed),
                        ("why", why.name()),
                        ("site", site.unwrap_or_default()),
                    ],
                )
            };
            let answer = ask_in_window(&question, &page, 440, 340).await;
            if answer.as_ref().and_then(JsValue::as_bool) == Some(true) {
                dial(settings, Ok(call)).await
            } else {
                let outcome = Outcome::Cancelled { number };
                report(&outcome).await;
                outcome
            }
        }
    }
}

/// A web page's dial through the bridge (a person's gesture on the page at `origin`): refused
/// for a site the person said "Never" to, asked in an extension window the first time, then
/// as the dial policy says for the bridge (costly numbers ask). The page learns ok or a reason
/// only.
async fn bridge_dial(
    settings: &Settings,
    origin: Option<String>,
    number: &str,
    language: &str,
) -> BridgeReply {
    let Some(origin) = origin else {
        return BridgeReply::refused(Reason::NotAllowed);
    };
    let call = dial_call(settings, number, Source::Page, None, language);
    let shown = match &call {
        Ok(Call {
            on_success: Outcome::Dialing { number, .. },
            ..
        }) => number.clone(),
        // Not set up, not a number: nothing would dial, so nothing to ask; the person is told.
        _ => return BridgeReply::of(&dial(settings, call).await),
    };
    let mut sites = super::bridge_sites().await;
    match sites.decide(&origin) {
        Decision::Refuse => return BridgeReply::refused(Reason::Declined),
        Decision::Dial => {}
        Decision::Ask => {
            if QUESTIONS.with_borrow(|q| q.values().any(|(o, _)| *o == origin)) {
                return BridgeReply::refused(Reason::Busy);
            }
            let answer = ask_in_window(&origin, &|id| confirm_page(id, &origin, &shown), 460, 300)
                .await
                .and_then(|a| serde_wasm_bindgen::from_value(a).ok())
                .unwrap_or(SiteAnswer::NotNow);
            if sites.remember(&origin, answer) {
                // Read again: another site may have been answered meanwhile.
                let mut fresh = super::bridge_sites().await;
                fresh.remember(&origin, answer);
                if let Err(e) = ext::storage_set("local", SITES_KEY, &to_js(&fresh)).await {
                    log(&format!("cannot keep the site's answer: {e:?}"));
                }
            }
            if answer != SiteAnswer::Allow {
                return BridgeReply::refused(Reason::Declined);
            }
        }
    }
    let seen = Seen::default();
    let site = Some(origin.as_str());
    BridgeReply::of(&dial_as_policy_says(settings, call, Path::Bridge, &seen, language, site).await)
}

/// Asks the person in an extension window (`page` of the question's id, `width` x `height`)
/// about `subject`, and resolves with their answer; `None` when they closed the window or did
/// not answer in time.
async fn ask_in_window(
    subject: &str,
    page: &dyn Fn(u32) -> String,
    width: u32,
    height: u32,
) -> Option<JsValue> {
    let id = NEXT_ID.with(|n| n.replace(n.get() + 1));
    let answered = js_sys::Promise::new(&mut |resolve, _| {
        QUESTIONS.with_borrow_mut(|q| q.insert(id, (subject.to_string(), resolve)));
    });
    let window = match ext::open_window(&page(id), width, height).await {
        Ok(window) => window.as_f64(),
        Err(e) => {
            log(&format!("cannot ask about {subject}: {e:?}"));
            None
        }
    };
    let answer = match window {
        Some(window) => {
            let timeout = js_sys::Promise::new(&mut |resolve, _| {
                super::set_timeout(&resolve, QUESTION_TIMEOUT_MS);
            });
            let race = js_sys::Promise::race(&js_sys::Array::of3(
                &answered,
                &ext::window_closed(window),
                &timeout,
            ));
            let answer = JsFuture::from(race).await.ok();
            ext::close_window(window).await;
            answer
        }
        None => None,
    };
    QUESTIONS.with_borrow_mut(|q| q.remove(&id));
    answer
}

/// What dialing `number` would send, for the hover card; nothing is sent.
fn preview(
    settings: &Settings,
    number: &str,
    raw: Option<&str>,
    hints: &PageHints,
    language: &str,
) -> Response {
    let dialed_of = |number: &str| match dial_call(settings, number, Source::Page, None, language) {
        Ok(Call {
            on_success: Outcome::Dialing { dialed, .. },
            ..
        }) => Ok(dialed),
        Ok(_) => Err(refused(&t!("refusedCannotDial"))),
        Err(outcome) => Err(Response::Refused {
            message: outcome.message(),
        }),
    };
    let dialed = match dialed_of(number) {
        Ok(dialed) => dialed,
        Err(response) => return response,
    };
    let account = settings.account.describe();
    let choices = raw
        .map(|raw| {
            preview_choices(settings, number, raw, hints, language, |n| {
                dialed_of(n)
                    .ok()
                    .map(|dialed| t!("cardSummary", dialed, account))
            })
        })
        .unwrap_or_default();
    Response::Preview {
        summary: t!("cardSummary", dialed, account),
        dialed,
        account: account.clone(),
        choices,
    }
}

/// The countries a hover card offers for a number written the national way: the one it is
/// marked in first, then the user's country, the user's other countries and the page's, each
/// where the number is one (none when only one is).
fn preview_choices(
    settings: &Settings,
    number: &str,
    raw: &str,
    hints: &PageHints,
    language: &str,
    summary: impl Fn(&str) -> Option<String>,
) -> Vec<Choice> {
    let others = settings.other_regions();
    let regions = choice_regions(number, settings.home_region(language), &others, hints);
    readings_for_choice(raw, number, &regions)
        .into_iter()
        .filter_map(|(region, number)| {
            Some(Choice {
                region: region.id.to_string(),
                country: ext::region_name(region.id, language),
                summary: summary(&number)?,
                number,
            })
        })
        .collect()
}

/// Dials a prepared call: once per double click, after the cancel window if it is on; then
/// keeps the history and tells the user.
async fn dial(settings: &Settings, call: Result<Call, Outcome>) -> Outcome {
    let call = match call {
        Ok(call) => call,
        Err(outcome) => {
            report(&outcome).await;
            return outcome;
        }
    };
    let number = match &call.on_success {
        Outcome::Dialing { number, .. } => number.clone(),
        _ => String::new(),
    };
    let guard_key = call.request.url.clone();
    if !GUARD.with_borrow_mut(|g| g.admit(&guard_key, js_sys::Date::now())) {
        return Outcome::AlreadyDialing { number };
    }
    let outcome = if settings.cancel_window && !wait_for_cancel(&call, &number).await {
        Outcome::Cancelled {
            number: number.clone(),
        }
    } else {
        send(&call, settings.timeout_seconds).await
    };
    GUARD.with_borrow_mut(|g| g.finished(&guard_key, js_sys::Date::now()));
    keep_dtmf(&call, &outcome).await;
    if settings.keep_history {
        if let Some(record) = CallRecord::of(&number, &outcome, js_sys::Date::now()) {
            remember_call(record).await;
        }
    }
    report(&outcome).await;
    outcome
}

/// Shows "Dialing ... - Cancel" (a notification with a Cancel button, and the popup) for the
/// cancel window; true when the dial may go ahead.
async fn wait_for_cancel(call: &Call, number: &str) -> bool {
    let id = NEXT_ID.with(|n| n.replace(n.get() + 1));
    WAITING.with_borrow_mut(|w| w.push(id));
    let pending = crate::message::PendingDial {
        number: number.to_string(),
        until_ms: js_sys::Date::now() + f64::from(CANCEL_WINDOW_MS),
    };
    let _ = ext::storage_set("session", PENDING_DIAL_KEY, &to_js(&pending)).await;
    let notification = format!("pending:{id}");
    ext::notify_with_cancel(
        &notification,
        &t!("pendingTitle", number),
        &t!(
            "pendingMessage",
            call.phone,
            number,
            CANCEL_WINDOW_MS / 1000
        ),
    )
    .await;
    sleep_ms(CANCEL_WINDOW_MS).await;
    ext::clear_notification(&notification).await;
    let _ = ext::storage_remove("session", PENDING_DIAL_KEY).await;
    WAITING.with_borrow_mut(|w| w.retain(|&x| x != id));
    let cancelled = CANCELLED.with_borrow_mut(|c| {
        let was = c.contains(&id);
        c.retain(|&x| x != id);
        was
    });
    !cancelled
}

/// After a dial with an extension to send as DTMF, keeps it for the popup's Send button.
async fn keep_dtmf(call: &Call, outcome: &Outcome) {
    match (&call.dtmf, outcome) {
        (Some(digits), Outcome::Dialing { .. }) => {
            let value = crate::message::PendingDtmf {
                digits: digits.to_string(),
            };
            let _ = ext::storage_set("session", PENDING_DTMF_KEY, &to_js(&value)).await;
        }
        _ => {
            let _ = ext::storage_remove("session", PENDING_DTMF_KEY).await;
        }
    }
}

async fn remember_call(record: CallRecord) {
    let history: Vec<CallRecord> = match ext::storage_get("local", HISTORY_KEY).await {
        Ok(value) if !value.is_undefined() => {
            serde_wasm_bindgen::from_value(value).unwrap_or_default()
        }
        _ => Vec::new(),
    };
    let history = remember(history, record);
    if let Err(e) = ext::storage_set("local", HISTORY_KEY, &to_js(&history)).await {
        log(&format!("cannot keep the call history: {e:?}"));
    }
}

/// Sends `digits` as DTMF key presses, one after the other; stops at the first failure.
async fn send_dtmf(settings: &Settings, digits: &str) -> Outcome {
    let digits = match DialString::new(digits) {
        Ok(d) if !d.as_str().starts_with('+') => d,
        _ => {
            return Outcome::NotANumber {
                text: digits.chars().take(40).collect(),
            }
        }
    };
    for key in dtmf_keys(&digits) {
        let outcome = match key_call(settings, key) {
            Ok(call) => send(&call, settings.timeout_seconds).await,
            Err(outcome) => outcome,
        };
        if !outcome.is_success() {
            report(&outcome).await;
            return outcome;
        }
    }
    let _ = ext::storage_remove("session", PENDING_DTMF_KEY).await;
    let outcome = Outcome::DtmfSent {
        digits: digits.to_string(),
        phone: settings.phone_address.clone(),
    };
    report(&outcome).await;
    outcome
}

/// Sends a prepared call (or reports why there is none) and tells the user the outcome.
async fn run(settings: &Settings, call: Result<Call, Outcome>) -> Outcome {
    let outcome = match call {
        Ok(call) => send(&call, settings.timeout_seconds).await,
        Err(outcome) => outcome,
    };
    report(&outcome).await;
    outcome
}

/// Tells the user: a notification now (not for key presses made in the open popup), and the
/// popup later (the last report is kept for the browser session).
async fn report(outcome: &Outcome) {
    let report = Report::new(outcome.clone(), js_sys::Date::now());
    if let Err(e) = ext::storage_set("session", LAST_REPORT_KEY, &to_js(&report)).await {
        log(&format!("cannot keep the last outcome: {e:?}"));
    }
    if outcome.notifies() {
        ext::notify(outcome.kind(), &report.title, &report.message).await;
    }
}
