//! The background's message router: checks who asks what, runs the finder, and carries out the
//! dial dispatcher's steps ([`crate::command::dispatch`]): the phone's requests, the waits, the
//! ask windows, storage and notifications.
//!
//! What a content script may send is [`Request::allowed_from`]'s short list; the phone's URL
//! and credentials come from the settings only, and never leave here. Each command is one
//! `Exchange` (Basic first, one Digest answer or one Basic retry on a 401); nothing is retried
//! after a timeout or a dropped connection.

use super::http::{send, Route};
use super::{ext, load_settings, log, store, to_js};
use crate::bridge::{
    confirm_page, origin_of, BridgeReply, Decision, Reason, SiteAnswer, EXTRA_DIALS,
    QUESTION_TIMEOUT_MS, SITE_CHOICES,
};
use crate::command::dispatch::{
    CommandId, DialRequest, Dispatcher, Effect, Event, Step, Then, PENDING_DIAL, PENDING_DTMF,
};
use crate::command::outcome::{remember, CallRecord, Outcome, Report, HISTORY, LAST_REPORT};
use crate::command::{dial_call, hang_up_call, key_call, Call, Source};
use crate::detect::{batch::Batch, plan::Region, RegionChoice};
use crate::dial::policy::{Path, Seen, Via};
use crate::message::{
    choice_regions, readings_for_choice, scan_batch, Choice, PageHints, Request, Response, Sender,
};
use crate::pages::{FinderPlace, MarkName, SightAttribute, ANNOUNCE_MARKS};
use crate::phone::Key;
use crate::settings::Settings;
use crate::t;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

thread_local! {
    /// Every command from its request to its outcome: the policy, the double click, the
    /// cancel window, DTMF, the history.
    static DISPATCHER: RefCell<Dispatcher> = RefCell::new(Dispatcher::default());
    /// The ids of the bridge's questions.
    static NEXT_QUESTION: Cell<u32> = const { Cell::new(1) };
    /// Questions waiting for the person's answer in an extension window: what is asked about,
    /// and the promise's resolve.
    static QUESTIONS: RefCell<HashMap<Question, (String, js_sys::Function)>> = RefCell::new(HashMap::new());
    /// The last page gesture that dialed through the bridge, per tab and frame (with the
    /// document it was counted in): one gesture, one call.
    static BRIDGE_GESTURES: RefCell<HashMap<(i32, i32), (String, u32)>> = RefCell::new(HashMap::new());
    /// Bridge dials refused past a gesture's one, per site, this browser session (kept in
    /// `storage.session` too, read back once when the worker starts again).
    static EXTRA_BRIDGE_DIALS: RefCell<Option<HashMap<String, u32>>> = const { RefCell::new(None) };
    /// Where the finder runs, as told to each tab's top frame last.
    static FINDER_PLACES: RefCell<HashMap<i32, FinderPlace>> = RefCell::new(HashMap::new());
    /// The countries a `Scan` reads national numbers in, for the browser language they were
    /// worked out for (see `scan_regions`).
    static SCAN_REGIONS: RefCell<Option<(String, &'static Region, Vec<&'static Region>)>> = const { RefCell::new(None) };
    /// Counts the changes of the settings, so that regions read during a change are not kept.
    static SETTINGS_GENERATION: Cell<u64> = const { Cell::new(0) };
}

/// A question in an extension window: the bridge's "may this site dial?" (its own ids, answered
/// by `BridgeAnswer`) or the dial policy's "Dial this number?" (the command's id, answered by
/// `AskAnswer`); neither answer can stand for the other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Question {
    Bridge(u32),
    Dial(CommandId),
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

/// Handles a `Scan` message from a content script whose texts and records background.js has
/// joined (see [`Request::scan_joined`]): the same checks and answer as [`handle_message`],
/// with two strings crossing into the WebAssembly instead of thousands.
#[wasm_bindgen]
#[allow(clippy::too_many_arguments)]
pub async fn handle_scan(
    texts: String,
    lengths: Vec<u32>,
    records: String,
    record_lengths: Vec<u32>,
    record_of: Vec<u32>,
    hints: JsValue,
    from: MessageSender,
) -> JsValue {
    super::use_browser_language();
    let sender = Sender::from_url(from.url.as_deref(), &ext::runtime_base_url());
    let hints =
        serde_wasm_bindgen::from_value::<Option<PageHints>>(hints).map(Option::unwrap_or_default);
    let request = hints.ok().and_then(|hints| {
        Request::scan_joined(
            &texts,
            &lengths,
            &records,
            &record_lengths,
            record_of,
            hints,
        )
    });
    let response = match request {
        None => refused(&t!("refusedUnknownRequest")),
        Some(request) if !request.allowed_from(sender) => refused(&t!("refusedFromPage")),
        Some(request) => handle(request, &from).await,
    };
    to_js(&response.for_sender(sender))
}

/// The Cancel button of a "Dialing ... - Cancel" notification was clicked.
#[wasm_bindgen]
pub fn cancel_pending_dials() -> bool {
    super::use_browser_language();
    DISPATCHER.with_borrow_mut(Dispatcher::cancel_waiting)
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
            let request = DialRequest::new(call, path, Seen::default(), &language);
            dispatch_dial(&settings, request).await
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
    let language = ext::ui_language();
    match request {
        // The finder's requests come by the hundred while a page loads and need only the
        // user's countries, which are kept between requests (`scan_regions`).
        Request::Scan {
            texts,
            hints,
            records,
            record_of,
        } => {
            let (home, also) = scan_regions(&language).await;
            match scan_batch(&texts, &records, &record_of, &hints, home, &also) {
                Some(batch) => Response::Scanned {
                    matches: batch.scan().into(),
                },
                None => refused(&t!("refusedScanTooLarge")),
            }
        }
        request => handle_with_settings(request, from, &language).await,
    }
}

/// The countries a `Scan` reads national numbers in (the user's home region, then their other
/// countries), read from the settings once and kept until they change ([`settings_changed`]).
async fn scan_regions(language: &str) -> (&'static Region, Vec<&'static Region>) {
    let kept = SCAN_REGIONS.with_borrow(|kept| {
        kept.as_ref()
            .filter(|(for_language, ..)| for_language == language)
            .map(|(_, home, also)| (*home, also.clone()))
    });
    if let Some(regions) = kept {
        return regions;
    }
    let generation = SETTINGS_GENERATION.get();
    let settings = load_settings().await;
    let (home, also) = (settings.home_region(language), settings.other_regions());
    // Settings that changed while these were read are read again next time.
    if SETTINGS_GENERATION.get() == generation {
        SCAN_REGIONS.set(Some((language.to_string(), home, also.clone())));
    }
    (home, also)
}

/// The settings changed (or the organisation's policy): what is kept of them is read again.
/// background.js calls it on every change of either.
#[wasm_bindgen]
pub fn settings_changed() {
    SETTINGS_GENERATION.set(SETTINGS_GENERATION.get().wrapping_add(1));
    SCAN_REGIONS.set(None);
}

/// Every request but `Scan`, with the settings as they are now.
async fn handle_with_settings(request: Request, from: &MessageSender, language: &str) -> Response {
    let mut settings = load_settings().await;
    if let Some(id) = request.phone() {
        // A call on another of the user's phones: every command is built from its own
        // address, brand and login (`Settings::on_phone`).
        match settings.on_phone(id) {
            Some(on_phone) => settings = on_phone,
            None => return refused(&t!("refusedUnknownPhone")),
        }
    }
    let language = language.to_string();
    match request {
        Request::Scan { .. } => refused(&t!("refusedUnknownRequest")), // answered by `handle`
        Request::PageConfig { url, sight, marks } => {
            let finder =
                FinderPlace::for_frame(ext::content_wasm_follows_page_csp(), from.frame_id == 0);
            let mut config = settings.page_config(&url, &language, finder);
            config.announce_marks = store::get(&ANNOUNCE_MARKS).await.unwrap_or(false);
            if config.enabled {
                // How the frame's marks look, and what the layer needs to see through an
                // overlay that lets the pointer through.
                if let Some(marks) = marks.as_deref().and_then(MarkName::parse) {
                    ext::insert_frame_css(from.tab_id, from.frame_id, &marks.css(), false);
                }
                if let Some(sight) = sight.as_deref().and_then(SightAttribute::parse) {
                    ext::insert_frame_css(from.tab_id, from.frame_id, &sight.css(), true);
                }
            }
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
        Request::Dial { number, seen, .. } => {
            let call = dial_call(&settings, &number, Source::Page, None, &language);
            let path = seen.via.map_or(Path::MarkedNumber, Via::path);
            let site = from.tab_url.as_deref().and_then(origin_of);
            let request = DialRequest::new(call, path, seen, &language).from_site(site);
            done(dispatch_dial(&settings, request).await)
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
        Request::BridgeAnswer { id, answer } => {
            answer_question(Question::Bridge(id), &to_js(&answer))
        }
        Request::AskAnswer { id, dial } => {
            answer_question(Question::Dial(id), &JsValue::from_bool(dial))
        }
        Request::DialTyped {
            text, account, via, ..
        } => {
            let call = dial_call(&settings, &text, Source::Typed, account, &language);
            let path = via
                .filter(|p| p.is_the_persons_own())
                .unwrap_or(Path::Typed);
            let request = DialRequest::new(call, path, Seen::default(), &language);
            done(dispatch_dial(&settings, request).await)
        }
        Request::HangUp { .. } => {
            let step =
                DISPATCHER.with_borrow_mut(|d| d.command(hang_up_call(&settings), true, now()));
            done(carry_out(&settings, step).await)
        }
        Request::Key { key, .. } => {
            let step =
                DISPATCHER.with_borrow_mut(|d| d.command(key_call(&settings, key), false, now()));
            let outcome = carry_out(&settings, step).await;
            if key == Key::Hold && outcome.is_success() {
                super::incoming::hold_key_pressed(&settings).await;
            }
            done(outcome)
        }
        Request::SendDtmf { digits, .. } => done(send_tones(&settings, &digits).await),
        Request::CancelDial => {
            if cancel_pending_dials() {
                Response::Ok
            } else {
                refused(&t!("refusedNothingToCancel"))
            }
        }
        Request::ClearHistory => match store::remove(&HISTORY).await {
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
fn answer_question(id: Question, answer: &JsValue) -> Response {
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
    if let Err(e) = store::set(&EXTRA_DIALS, &counts).await {
        log(&format!("cannot count the refused bridge dial: {e:?}"));
    }
}

/// Sends `digits` as DTMF key presses to the phone of `settings`: the popup's Send (the tones
/// that wait for an answer the phone reports go through [`receiver_message`]).
async fn send_tones(settings: &Settings, digits: &str) -> Outcome {
    let step = DISPATCHER.with_borrow_mut(|d| d.dtmf(digits, settings, now()));
    carry_out(settings, step).await
}

/// One message from the receiver. Called by background.js, in order. When it reports the
/// answer of a call dialed with tones kept for it, they go after their pauses
/// ([`crate::command::dispatch::PendingDtmf::wait_ms`]), each key only while that call is
/// still connected ([`crate::command::dispatch::Dispatcher::answer_tones`]).
#[wasm_bindgen]
pub async fn receiver_message(message: JsValue) {
    let Some((settings, tones)) = super::incoming::receive(message).await else {
        return;
    };
    wasm_bindgen_futures::spawn_local(async move {
        let step = DISPATCHER.with_borrow_mut(|d| d.answer_tones(&tones, &settings, now()));
        if let Outcome::Cancelled { .. } = carry_out(&settings, step).await {
            log("the call ended or was held before all its tones went");
        }
    });
}

/// Dispatches a dial (the policy, the double click, the cancel window; see
/// [`crate::command::dispatch`]) and carries it out.
async fn dispatch_dial(settings: &Settings, request: DialRequest) -> Outcome {
    let step = DISPATCHER.with_borrow_mut(|d| d.dial(request, settings, now()));
    carry_out(settings, step).await
}

/// Carries a command through the dispatcher: does each step's effects, waits for what it
/// says (the phone, the cancel window, the person's answer), and feeds back what happened,
/// until the command's outcome.
async fn carry_out(settings: &Settings, mut step: Step) -> Outcome {
    loop {
        for effect in std::mem::take(&mut step.effects) {
            apply(effect).await;
        }
        let event = match step.then {
            Then::Done(outcome) => return outcome,
            Then::Send(call) => Event::Sent {
                outcome: send(&call, settings.timeout_seconds, Route::of(settings)).await,
            },
            Then::Wait { ms } => {
                gloo_timers::future::TimeoutFuture::new(ms).await;
                Event::WaitOver
            }
            Then::Look { ms } => {
                gloo_timers::future::TimeoutFuture::new(ms).await;
                Event::Looked {
                    calls: super::incoming::load_state(settings).await,
                }
            }
            Then::Ask {
                page,
                width,
                height,
            } => {
                let answer = ask_in_window(Question::Dial(step.id), &page, &page, width, height);
                Event::Answered {
                    dial: answer.await.as_ref().and_then(JsValue::as_bool) == Some(true),
                }
            }
        };
        let id = step.id;
        match DISPATCHER.with_borrow_mut(|d| d.handle(id, event, settings, now())) {
            Some(next) => step = next,
            None => {
                log(&format!("command {id} ended out of turn"));
                return Outcome::Cancelled {
                    number: String::new(),
                };
            }
        }
    }
}

/// Does what the dispatcher says, in the browser: storage, notifications, the history.
async fn apply(effect: Effect) {
    match effect {
        Effect::ShowPending {
            pending,
            notification,
            title,
            message,
        } => {
            keep(store::set(&PENDING_DIAL, &pending).await);
            ext::notify_with_cancel(&notification, &title, &message).await;
        }
        Effect::HidePending { notification } => {
            ext::clear_notification(&notification).await;
            keep(store::remove(&PENDING_DIAL).await);
        }
        Effect::KeepDtmf(Some(pending)) => {
            keep(store::set(&PENDING_DTMF, &pending).await);
        }
        Effect::KeepDtmf(None) => {
            keep(store::remove(&PENDING_DTMF).await);
        }
        Effect::Remember(record) => remember_call(record).await,
        Effect::Report(report) => {
            keep(store::set(&LAST_REPORT, &report).await);
            if report.outcome.notifies() {
                ext::notify(report.outcome.kind(), &report.title, &report.message).await;
            }
        }
    }
}

/// Logs what could not be kept (storage refused it); the command goes on.
fn keep(written: Result<(), store::StoreError>) {
    if let Err(e) = written {
        log(&format!("{e}"));
    }
}

fn now() -> f64 {
    js_sys::Date::now()
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
    let (shown, dialed) = match &call {
        Ok(Call {
            on_success: Outcome::Dialing { number, dialed, .. },
            ..
        }) => (number.clone(), dialed.clone()),
        // Not set up, not a number: nothing would dial, so nothing to ask; the person is told.
        _ => {
            let request = DialRequest::new(call, Path::Bridge, Seen::default(), language);
            return dispatch_dial(settings, request).await.bridge_reply();
        }
    };
    let mut sites = super::bridge_sites().await;
    match sites.decide(&origin) {
        Decision::Refuse => return BridgeReply::refused(Reason::Declined),
        Decision::Dial => {}
        Decision::Ask => {
            if QUESTIONS.with_borrow(|q| q.values().any(|(o, _)| *o == origin)) {
                return BridgeReply::refused(Reason::Busy);
            }
            let id = NEXT_QUESTION.with(|n| n.replace(n.get() + 1));
            let page = confirm_page(id, &origin, &shown, &dialed);
            let answer = ask_in_window(Question::Bridge(id), &origin, &page, 460, 300)
                .await
                .and_then(|a| serde_wasm_bindgen::from_value(a).ok())
                .unwrap_or(SiteAnswer::NotNow);
            if sites.remember(&origin, answer) {
                // Read again: another site may have been answered meanwhile.
                let mut fresh = super::bridge_sites().await;
                fresh.remember(&origin, answer);
                if let Err(e) = store::set(&SITE_CHOICES, &fresh).await {
                    log(&format!("cannot keep the site's answer: {e:?}"));
                }
            }
            if answer != SiteAnswer::Allow {
                return BridgeReply::refused(Reason::Declined);
            }
        }
    }
    let request = DialRequest::new(call, Path::Bridge, Seen::default(), language);
    dispatch_dial(settings, request.from_site(Some(origin)))
        .await
        .bridge_reply()
}

/// Asks the person question `id` about `subject` in an extension window (`page`, `width` x
/// `height`), and resolves with their answer; `None` when they closed the window or did not
/// answer in time.
async fn ask_in_window(
    id: Question,
    subject: &str,
    page: &str,
    width: u32,
    height: u32,
) -> Option<JsValue> {
    let answered = js_sys::Promise::new(&mut |resolve, _| {
        QUESTIONS.with_borrow_mut(|q| q.insert(id, (subject.to_string(), resolve)));
    });
    let window = match ext::open_window(page, width, height).await {
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
    let account = settings.account.describe();
    // What the phone dials, and the tones kept to send once the call is answered (an
    // extension in that mode, a meeting's code): the card says both.
    let dialed_of = |number: &str| match dial_call(settings, number, Source::Page, None, language) {
        Ok(Call {
            on_success: Outcome::Dialing { dialed, .. },
            dtmf,
            ..
        }) => {
            // With incoming calls on, the phone reports the answer and the tones go by
            // themselves (`receiver_message`); else the popup offers them.
            let summary = match &dtmf {
                Some(tones) if settings.incoming.enabled => {
                    t!("cardSummaryThenTonesSent", dialed, account, tones)
                }
                Some(tones) => t!("cardSummaryThenTones", dialed, account, tones),
                None => t!("cardSummary", dialed, account),
            };
            Ok((dialed, summary))
        }
        Ok(_) => Err(refused(&t!("refusedCannotDial"))),
        Err(outcome) => Err(Response::Refused {
            message: outcome.message(),
        }),
    };
    let (dialed, summary) = match dialed_of(number) {
        Ok(dialed) => dialed,
        Err(response) => return response,
    };
    // The number's E.164, and what the page layer wrote after it (`;ext=42`, `,,85012345678#`):
    // the other countries read the number alone, and each dials with the same after it.
    let main_len = number.find([';', ',']).unwrap_or(number.len());
    let (main, after) = number.split_at(main_len);
    let choices = raw
        .map(|raw| {
            preview_choices(settings, main, raw, hints, language, |n| {
                dialed_of(&format!("{n}{after}"))
                    .ok()
                    .map(|(_, summary)| summary)
            })
        })
        .unwrap_or_default();
    Response::Preview {
        summary,
        dialed,
        account: account.clone(),
        choices,
        phones: settings
            .phone_choices()
            .into_iter()
            .filter(|phone| phone.id != settings.phone_id)
            .collect(),
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

async fn remember_call(record: CallRecord) {
    let history = store::get(&HISTORY).await.unwrap_or_default();
    keep(store::set(&HISTORY, &remember(history, record)).await);
}

/// Tells the user `outcome` (see [`Effect::Report`]).
async fn report(outcome: &Outcome) {
    apply(Effect::Report(Report::new(outcome.clone(), now()))).await;
}
