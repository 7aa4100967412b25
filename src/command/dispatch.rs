//! The dial dispatcher: everything that happens to a command between the request and its
//! outcome, as a state machine with no I/O. The background feeds it what happened
//! ([`Event`]: the phone answered, the cancel window ended, the person answered the ask window)
//! and carries out what it returns ([`Step`]: things to do now, [`Effect`], then the one thing
//! to wait for, [`Then`]). It decides:
//!
//! - the [dial policy](crate::dial::policy)'s verdict: dial now, ask first in an extension
//!   window (one window per number at a time), or refuse and say why;
//! - the double click ([`RepeatGuard`]): the same dial again while it is in flight, or just
//!   after, dials once;
//! - the cancel window: "Dialing ... - Cancel" for [`CANCEL_WINDOW_MS`], and the Cancel button;
//! - what is kept: the extension to send as DTMF after the answer, the call history, the last
//!   report the popup shows, and the notification;
//! - DTMF: the key presses one after the other, waiting each pause (`,`) between them,
//!   stopping at the first failure; tones that go by themselves on the answer
//!   ([`Dispatcher::answer_tones`]) look at the phone's calls after every pause and stop when
//!   their call is no longer connected.
//!
//! ```
//! use click_to_dial::command::dispatch::{DialRequest, Dispatcher, Event, Then};
//! use click_to_dial::command::{dial_call, Source};
//! use click_to_dial::command::outcome::Outcome;
//! use click_to_dial::dial::policy::{Path, Seen, Sight};
//! use click_to_dial::settings::Settings;
//!
//! let settings = Settings {
//!     phone_address: "192.168.0.124".into(),
//!     credentials_for: "http://192.168.0.124".into(),
//!     cancel_window: false,
//!     ..Settings::default()
//! };
//! let mut dispatcher = Dispatcher::default();
//! let call = dial_call(&settings, "+1 206 555 0100", Source::Page, None, "en-US");
//! let seen = Seen { sight: Sight::Visible, ..Seen::default() };
//! let request = DialRequest::new(call, Path::MarkedNumber, seen, "en-US");
//! let step = dispatcher.dial(request, &settings, 0.0);
//! let Then::Send(call) = &step.then else { panic!("dials at once") };
//! let answer = Event::Sent { outcome: call.on_success.clone() };
//! let step = dispatcher.handle(step.id, answer, &settings, 50.0).unwrap();
//! assert!(matches!(step.then, Then::Done(Outcome::Dialing { .. })));
//! ```

use super::outcome::{CallRecord, Outcome, Report};
use super::{dtmf_call, tone_steps, Call, RepeatGuard, Source, Tone};
use crate::bridge::extension_page;
use crate::dial::policy::{decide, Path, Seen, Verdict};
use crate::incoming::calls::{CallState, Direction, Phase};
use crate::phone::Tones;
use crate::settings::{Settings, CANCEL_WINDOW_MS};
use crate::store::StoreKey;
use crate::t;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Where the dial waiting in its cancel window is kept, for the popup's Cancel.
pub const PENDING_DIAL: StoreKey<PendingDial> = StoreKey::session("pendingDial");

/// Where the extension to send as DTMF after the answer is kept, for the popup's Send button.
pub const PENDING_DTMF: StoreKey<PendingDtmf> = StoreKey::session("pendingDtmf");

/// A dial waiting in its cancel window, for the popup to offer Cancel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PendingDial {
    pub number: String,
    /// When the dial goes out, in milliseconds since the Unix epoch.
    pub until_ms: f64,
}

/// Digits to send as DTMF once the call is answered: by themselves when the phone reports
/// the answer (incoming calls on, [`PendingDtmf::answered_in`]), else with the popup's Send
/// button.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PendingDtmf {
    pub digits: String,
    /// The phone the call was placed on, by id: the digits go to it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// The number dialed as shown (`+12065550100`), to know its call among the phone's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// When the phone took the dial (milliseconds since the Unix epoch).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since_ms: Option<f64>,
    /// The pauses written before the digits (`,,` before a meeting's code: 2), at least one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pauses: Option<u32>,
}

/// How long one pause lasts before the tones go once the call is answered (a comma of a
/// one-tap number; for an extension, the auto attendant's greeting starting).
pub const PAUSE_MS: u32 = 2_000;

/// How long after its dial an answered call still gets the tones kept for it: longer than any
/// phone rings.
pub const TONES_WAIT_MS: f64 = 180_000.0;

impl PendingDtmf {
    /// Whether the phone's calls `state` (of the phone `phone_id`, whose events the receiver
    /// hears) have the call these tones wait for, answered: connected and not on hold, not an
    /// incoming one, with the number dialed, and within [`TONES_WAIT_MS`] of the dial at
    /// `now_ms`. Tones go to that call only: another call's party never hears them.
    pub fn answered_in(&self, state: &CallState, phone_id: &str, now_ms: f64) -> bool {
        let (Some(number), Some(since)) = (&self.number, self.since_ms) else {
            return false;
        };
        let on_this_phone = self.phone.as_deref().is_none_or(|p| p == phone_id);
        on_this_phone
            && (0.0..=TONES_WAIT_MS).contains(&(now_ms - since))
            && state.calls.iter().any(|call| {
                call.phase == Phase::Connected
                    && !call.held
                    && call.direction != Direction::Incoming
                    && call
                        .party
                        .number
                        .as_deref()
                        .is_some_and(|party| same_line(party, number))
            })
    }

    /// How long after the answer the tones go: [`PAUSE_MS`] per pause.
    pub fn wait_ms(&self) -> u32 {
        PAUSE_MS * self.pauses.unwrap_or(1).clamp(1, 10)
    }
}

/// Whether the phone's name for a call's party (`0301234567`, `sip:0301234567@pbx`, as
/// dialed) and a number as shown (`+49301234567`) are one line: the same last nine digits, or
/// all of them when either has fewer than seven (an internal number).
fn same_line(party: &str, number: &str) -> bool {
    let digits = |s: &str| s.bytes().filter(u8::is_ascii_digit).collect::<Vec<u8>>();
    let number = digits(number);
    let party = digits(
        crate::incoming::number_from_uri(party)
            .as_deref()
            .unwrap_or(party),
    );
    let n = party.len().min(number.len()).min(9);
    n >= 3
        && party[party.len() - n..] == number[number.len() - n..]
        && (n >= 7 || party.len() == number.len())
}

/// Which command a step or an event is about.
pub type CommandId = u32;

/// A dial to dispatch: the prepared call (or why there is none), where it came from and what
/// the person saw, and the page's site when a page asked.
#[derive(Debug, Clone)]
pub struct DialRequest {
    pub call: Result<Call, Outcome>,
    pub path: Path,
    pub seen: Seen,
    /// The page's origin, shown in the ask window.
    pub site: Option<String>,
    /// The browser's language (for the home region when the settings name none).
    pub language: String,
}

impl DialRequest {
    pub fn new(call: Result<Call, Outcome>, path: Path, seen: Seen, language: &str) -> Self {
        DialRequest {
            call,
            path,
            seen,
            site: None,
            language: language.to_string(),
        }
    }

    /// The same request from a page at `site`.
    #[must_use]
    pub fn from_site(mut self, site: Option<String>) -> Self {
        self.site = site;
        self
    }
}

/// What happened, for the command `id` it is fed with.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// The phone answered the request of [`Then::Send`] (or it failed: timeout, unreachable).
    Sent { outcome: Outcome },
    /// The wait of [`Then::Wait`] is over (the cancel window ended).
    WaitOver,
    /// The person answered the ask window of [`Then::Ask`]: Dial, or anything else (No, the
    /// window closed, no answer in time).
    Answered { dial: bool },
    /// The wait of [`Then::Look`] is over, and these are the phone's calls as the receiver
    /// reported them then.
    Looked { calls: CallState },
}

/// Something to do now, in order, before waiting for [`Step::then`].
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Show "Dialing ... - Cancel": keep `pending` for the popup and show the notification
    /// `notification` (with a Cancel button) with `title` and `message`.
    ShowPending {
        pending: PendingDial,
        notification: String,
        title: String,
        message: String,
    },
    /// The cancel window is over: clear the notification and the pending dial.
    HidePending { notification: String },
    /// Keep the extension to send as DTMF after the answer (for the popup's Send), or forget it.
    KeepDtmf(Option<PendingDtmf>),
    /// Add the call to the history.
    Remember(CallRecord),
    /// Tell the person: keep it as the last report (the popup) and, when
    /// [`Outcome::notifies`], show a notification.
    Report(Report),
}

/// What to wait for next.
#[derive(Debug, Clone, PartialEq)]
pub enum Then {
    /// Send the call to the phone; feed back [`Event::Sent`]. (Boxed: a call is large.)
    Send(Box<Call>),
    /// Wait `ms` milliseconds; feed back [`Event::WaitOver`].
    Wait { ms: u32 },
    /// Wait `ms` milliseconds, then read the phone's calls (the receiver's call state); feed
    /// back [`Event::Looked`].
    Look { ms: u32 },
    /// Ask the person in an extension window (`page`, `width` x `height`); feed back
    /// [`Event::Answered`].
    Ask {
        page: String,
        width: u32,
        height: u32,
    },
    /// The command is over: this is the requester's answer.
    Done(Outcome),
}

/// One step of command `id`: do `effects` in order, then `then`.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub id: CommandId,
    pub effects: Vec<Effect>,
    pub then: Then,
}

/// The size of the ask window.
const ASK_WINDOW: (u32, u32) = (440, 340);

/// Where a command is.
#[derive(Debug)]
enum Stage {
    /// A dial waiting for the person's answer in the ask window.
    Asking { call: Call, number: String },
    /// A dial in its cancel window; `cancelled` once the person pressed Cancel.
    Waiting {
        call: Call,
        number: String,
        cancelled: bool,
    },
    /// A dial sent, waiting for the phone.
    Dialing { call: Call, number: String },
    /// A single command (hang up, a key) sent.
    Command,
    /// DTMF keys: the ones left to send (and pauses to wait) after the key in flight, or
    /// after the pause waited (`pausing`). `answer`: the tones go to that answered call
    /// only, so each pause ends with a look at the phone's calls.
    Dtmf {
        digits: String,
        left: Vec<Tone>,
        pausing: bool,
        answer: Option<PendingDtmf>,
    },
}

/// The commands in progress and the double-click guard. One per background; it does no I/O
/// and keeps no clock (every call is given `now_ms`).
#[derive(Debug, Default)]
pub struct Dispatcher {
    guard: RepeatGuard,
    next_id: CommandId,
    commands: BTreeMap<CommandId, Stage>,
}

/// Whether the extension of `call` (dialing `dialed`, the number `e164`) changes what happens:
/// the number alone would dial otherwise, or no tones would wait.
fn extension_counts(
    call: &Call,
    dialed: &str,
    e164: &str,
    settings: &Settings,
    language: &str,
) -> bool {
    call.dtmf.is_some()
        || super::dialed(settings, e164, Source::Page, language)
            .is_ok_and(|alone| alone.dial.as_str() != dialed)
}

/// Whether `text` (a link's visible text), dialed under `settings`, dials what `call` dials
/// (`dialed`) with the same tones after.
fn dials_the_same(
    text: &str,
    call: &Call,
    dialed: &str,
    settings: &Settings,
    language: &str,
) -> bool {
    super::dialed(settings, text, Source::Page, language)
        .is_ok_and(|shown| shown.dial.as_str() == dialed && shown.dtmf == call.dtmf)
}

impl Dispatcher {
    /// Starts a dial: the policy's verdict, then the guard, the cancel window and the send.
    pub fn dial(&mut self, request: DialRequest, settings: &Settings, now_ms: f64) -> Step {
        let id = self.new_id();
        let mut call = match request.call {
            Ok(call) => call,
            Err(outcome) => return reported(id, Vec::new(), outcome, now_ms),
        };
        let Outcome::Dialing { number, dialed, .. } = call.on_success.clone() else {
            return self.admit(id, call, String::new(), settings, now_ms);
        };
        if request.path == Path::DialLink {
            let home = settings.home_region(&request.language);
            let text = request.seen.link_text.as_deref().unwrap_or_default();
            call.facts = call.facts.clone().with_link_text(text, &number, home);
            // An extension the link's address adds (`tel:+12065550100;ext=42`), appended or
            // kept as tones by the settings, must show in its text too: the text, dialed under
            // the same rules, dials the same.
            if call.facts.link_text_matches == Some(true)
                && extension_counts(&call, &dialed, &number, settings, &request.language)
                && !dials_the_same(text, &call, &dialed, settings, &request.language)
            {
                call.facts.link_text_matches = Some(false);
            }
        }
        match decide(request.path, &request.seen, &call.facts, &settings.safety) {
            Verdict::DialNow => self.admit(id, call, number, settings, now_ms),
            Verdict::Refuse(why) => {
                reported(id, Vec::new(), Outcome::NotDialed { number, why }, now_ms)
            }
            Verdict::Ask(why) => {
                let asked = |stage: &Stage| matches!(stage, Stage::Asking { call: open, .. } if open.request.identity() == call.request.identity());
                if self.commands.values().any(asked) {
                    return done(id, Outcome::AlreadyDialing { number });
                }
                let page = extension_page(
                    "ask.html",
                    &[
                        ("id", &id.to_string()),
                        ("number", &number),
                        ("dialed", &dialed),
                        ("why", why.name()),
                        ("site", request.site.as_deref().unwrap_or_default()),
                    ],
                );
                self.commands.insert(id, Stage::Asking { call, number });
                Step {
                    id,
                    effects: Vec::new(),
                    then: Then::Ask {
                        page,
                        width: ASK_WINDOW.0,
                        height: ASK_WINDOW.1,
                    },
                }
            }
        }
    }

    /// Starts a single command (hang up, a key): sent at once, its outcome reported.
    /// `forget_dtmf`: the command ends the call, so the extension waiting to be sent goes too.
    pub fn command(&mut self, call: Result<Call, Outcome>, forget_dtmf: bool, now_ms: f64) -> Step {
        let id = self.new_id();
        let effects = if forget_dtmf {
            vec![Effect::KeepDtmf(None)]
        } else {
            Vec::new()
        };
        match call {
            Ok(call) => {
                self.commands.insert(id, Stage::Command);
                Step {
                    id,
                    effects,
                    then: Then::Send(Box::new(call)),
                }
            }
            Err(outcome) => reported(id, effects, outcome, now_ms),
        }
    }

    /// Starts sending `digits` as DTMF key presses, one after the other, waiting [`PAUSE_MS`]
    /// for each `,` ([`Tones`]).
    pub fn dtmf(&mut self, digits: &str, settings: &Settings, now_ms: f64) -> Step {
        let id = self.new_id();
        let Ok(digits) = Tones::new(digits) else {
            let text = digits.chars().take(40).collect();
            return done(id, Outcome::NotANumber { text });
        };
        let mut left = tone_steps(&digits);
        left.reverse();
        let digits = digits.to_string();
        self.next_key(id, digits, left, None, settings, now_ms)
    }

    /// Starts sending the tones `kept` for a call the phone reports answered: first the
    /// pauses written before them ([`PendingDtmf::wait_ms`]), then the keys as
    /// [`Dispatcher::dtmf`] sends them, but each pause ends with a look at the phone's calls
    /// ([`Then::Look`]), and the tones stop there, with nothing reported, once that call is
    /// not connected any more ([`PendingDtmf::answered_in`]): a passcode never goes to a
    /// call that ended during its pauses, nor to the call taken after it.
    pub fn answer_tones(&mut self, kept: &PendingDtmf, settings: &Settings, now_ms: f64) -> Step {
        let id = self.new_id();
        let Ok(digits) = Tones::new(&kept.digits) else {
            let text = kept.digits.chars().take(40).collect();
            return done(id, Outcome::NotANumber { text });
        };
        let mut left = tone_steps(&digits);
        left.reverse();
        left.extend(std::iter::repeat_n(
            Tone::Pause,
            (kept.wait_ms() / PAUSE_MS) as usize,
        ));
        self.next_key(
            id,
            digits.to_string(),
            left,
            Some(kept.clone()),
            settings,
            now_ms,
        )
    }

    /// The Cancel button: marks every dial in its cancel window as cancelled (it ends when its
    /// window does). False when there was none.
    pub fn cancel_waiting(&mut self) -> bool {
        let mut any = false;
        for stage in self.commands.values_mut() {
            if let Stage::Waiting { cancelled, .. } = stage {
                any |= !*cancelled;
                *cancelled = true;
            }
        }
        any
    }

    /// Feeds `event` for command `id`: the next step. `None` when `id` is not waiting for
    /// this event (it is over, or waits for another): nothing changes.
    pub fn handle(
        &mut self,
        id: CommandId,
        event: Event,
        settings: &Settings,
        now_ms: f64,
    ) -> Option<Step> {
        let stage = self.commands.remove(&id)?;
        Some(match (stage, event) {
            (Stage::Asking { call, number }, Event::Answered { dial: true }) => {
                self.admit(id, call, number, settings, now_ms)
            }
            (Stage::Asking { number, .. }, Event::Answered { dial: false }) => {
                reported(id, Vec::new(), Outcome::Cancelled { number }, now_ms)
            }
            (
                Stage::Waiting {
                    call,
                    number,
                    cancelled,
                },
                Event::WaitOver,
            ) => {
                let effects = vec![Effect::HidePending {
                    notification: pending_notification(id),
                }];
                if cancelled {
                    let outcome = Outcome::Cancelled {
                        number: number.clone(),
                    };
                    return Some(
                        self.finish(id, &call, &number, effects, outcome, settings, now_ms),
                    );
                }
                self.send_dial(id, call, number, effects)
            }
            (Stage::Dialing { call, number }, Event::Sent { outcome }) => {
                self.finish(id, &call, &number, Vec::new(), outcome, settings, now_ms)
            }
            (Stage::Command, Event::Sent { outcome }) => reported(id, Vec::new(), outcome, now_ms),
            (
                Stage::Dtmf {
                    digits,
                    left,
                    pausing: true,
                    answer: None,
                },
                Event::WaitOver,
            ) => self.next_key(id, digits, left, None, settings, now_ms),
            (
                Stage::Dtmf {
                    digits,
                    left,
                    pausing: true,
                    answer: Some(answer),
                },
                Event::Looked { calls },
            ) => {
                if !answer.answered_in(&calls, &settings.phone_id, now_ms) {
                    return Some(done(id, Outcome::Cancelled { number: digits }));
                }
                self.next_key(id, digits, left, Some(answer), settings, now_ms)
            }
            (
                Stage::Dtmf {
                    digits,
                    left,
                    pausing: false,
                    answer,
                },
                Event::Sent { outcome },
            ) => {
                if outcome.is_success() {
                    self.next_key(id, digits, left, answer, settings, now_ms)
                } else {
                    reported(id, Vec::new(), outcome, now_ms)
                }
            }
            (stage, _) => {
                self.commands.insert(id, stage);
                return None;
            }
        })
    }

    fn new_id(&mut self) -> CommandId {
        self.next_id += 1;
        self.next_id
    }

    /// Past the policy: once per double click, then the cancel window or the send.
    fn admit(
        &mut self,
        id: CommandId,
        call: Call,
        number: String,
        settings: &Settings,
        now_ms: f64,
    ) -> Step {
        if !self.guard.admit(&call.request.identity(), now_ms) {
            return done(id, Outcome::AlreadyDialing { number });
        }
        if settings.cancel_window {
            let effects = vec![Effect::ShowPending {
                pending: PendingDial {
                    number: number.clone(),
                    until_ms: now_ms + f64::from(CANCEL_WINDOW_MS),
                },
                notification: pending_notification(id),
                title: t!("pendingTitle", number),
                message: t!(
                    "pendingMessage",
                    call.phone,
                    number,
                    CANCEL_WINDOW_MS / 1000
                ),
            }];
            self.commands.insert(
                id,
                Stage::Waiting {
                    call,
                    number,
                    cancelled: false,
                },
            );
            return Step {
                id,
                effects,
                then: Then::Wait {
                    ms: CANCEL_WINDOW_MS,
                },
            };
        }
        self.send_dial(id, call, number, Vec::new())
    }

    /// Sends dial `id` to the phone, after `effects`.
    fn send_dial(
        &mut self,
        id: CommandId,
        call: Call,
        number: String,
        effects: Vec<Effect>,
    ) -> Step {
        let then = Then::Send(Box::new(call.clone()));
        self.commands.insert(id, Stage::Dialing { call, number });
        Step { id, effects, then }
    }

    /// A dial's end: the guard's window starts, the extension is kept for DTMF when it dials,
    /// the history and the person learn the outcome.
    #[allow(clippy::too_many_arguments)]
    fn finish(
        &mut self,
        id: CommandId,
        call: &Call,
        number: &str,
        mut effects: Vec<Effect>,
        outcome: Outcome,
        settings: &Settings,
        now_ms: f64,
    ) -> Step {
        self.guard.finished(&call.request.identity(), now_ms);
        let dtmf = match (&call.dtmf, &outcome) {
            (Some(digits), Outcome::Dialing { .. }) => Some(PendingDtmf {
                digits: digits.to_string(),
                phone: Some(settings.phone_id.clone()),
                number: Some(number.to_string()),
                since_ms: Some(now_ms),
                pauses: Some(pauses_before(call.again.as_deref().unwrap_or_default())),
            }),
            _ => None,
        };
        effects.push(Effect::KeepDtmf(dtmf));
        if settings.keep_history {
            let again = call.again.as_deref().unwrap_or(number);
            effects.extend(CallRecord::of(again, &outcome, now_ms).map(Effect::Remember));
        }
        reported(id, effects, outcome, now_ms)
    }

    /// Sends the next DTMF key of `left` (the last one first) or waits its pause (and looks
    /// at the calls after it, for the tones of an `answer`), or ends with "sent".
    fn next_key(
        &mut self,
        id: CommandId,
        digits: String,
        mut left: Vec<Tone>,
        answer: Option<PendingDtmf>,
        settings: &Settings,
        now_ms: f64,
    ) -> Step {
        let (then, pausing) = match left.pop() {
            None => {
                let outcome = Outcome::DtmfSent {
                    digits,
                    phone: settings.phone_address.clone(),
                };
                return reported(id, vec![Effect::KeepDtmf(None)], outcome, now_ms);
            }
            Some(Tone::Pause) if answer.is_some() => (Then::Look { ms: PAUSE_MS }, true),
            Some(Tone::Pause) => (Then::Wait { ms: PAUSE_MS }, true),
            Some(Tone::Key(key)) => match dtmf_call(settings, key) {
                Ok(call) => (Then::Send(Box::new(call)), false),
                Err(outcome) => return reported(id, Vec::new(), outcome, now_ms),
            },
        };
        self.commands.insert(
            id,
            Stage::Dtmf {
                digits,
                left,
                pausing,
                answer,
            },
        );
        Step {
            id,
            effects: Vec::new(),
            then,
        }
    }
}

/// The pauses written before the code in `again` (`+16465588656,,85012345678#`: 2), one when
/// there are none (an extension, `+12065550100;ext=42`).
fn pauses_before(again: &str) -> u32 {
    let commas = again.find(',').map_or(0, |at| {
        again[at..].bytes().take_while(|&b| b == b',').count()
    });
    u32::try_from(commas).unwrap_or(1).max(1)
}

/// The notification of dial `id`'s cancel window.
fn pending_notification(id: CommandId) -> String {
    format!("pending:{id}")
}

/// The end of command `id`: the person is told `outcome`.
fn reported(id: CommandId, mut effects: Vec<Effect>, outcome: Outcome, now_ms: f64) -> Step {
    effects.push(Effect::Report(Report::new(outcome.clone(), now_ms)));
    Step {
        id,
        effects,
        then: Then::Done(outcome),
    }
}

/// The end of command `id` with nothing to tell (a double click, a question already open).
fn done(id: CommandId, outcome: Outcome) -> Step {
    Step {
        id,
        effects: Vec::new(),
        then: Then::Done(outcome),
    }
}

#[cfg(test)]
impl Dispatcher {
    /// Whether a dial is waiting in its cancel window (not yet cancelled).
    fn any_waiting(&self) -> bool {
        self.commands.values().any(|stage| {
            matches!(
                stage,
                Stage::Waiting {
                    cancelled: false,
                    ..
                }
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::command::{dial_call, hang_up_call, Source};
    use crate::dial::policy::{Sight, Why};

    fn settings() -> Settings {
        Settings {
            phone_address: "10.0.0.7".into(),
            credentials_for: "http://10.0.0.7".into(),
            default_country: "US".into(),
            cancel_window: false,
            ..Settings::default()
        }
    }

    fn seen() -> Seen {
        Seen {
            sight: Sight::Visible,
            ..Seen::default()
        }
    }

    fn request(settings: &Settings, number: &str, path: Path, seen: Seen) -> DialRequest {
        let call = dial_call(settings, number, Source::Page, None, "en-US");
        DialRequest::new(call, path, seen, "en-US")
    }

    fn sent(step: &Step) -> &Call {
        match &step.then {
            Then::Send(call) => call,
            other => panic!("expected a send, got {other:?}"),
        }
    }

    fn outcome(step: &Step) -> &Outcome {
        match &step.then {
            Then::Done(outcome) => outcome,
            other => panic!("expected the end, got {other:?}"),
        }
    }

    fn reports(step: &Step) -> Vec<&Outcome> {
        step.effects
            .iter()
            .filter_map(|e| match e {
                Effect::Report(report) => Some(&report.outcome),
                _ => None,
            })
            .collect()
    }

    fn remembered(step: &Step) -> Vec<&CallRecord> {
        step.effects
            .iter()
            .filter_map(|e| match e {
                Effect::Remember(record) => Some(record),
                _ => None,
            })
            .collect()
    }

    /// A click on a visible marked number.
    fn click(d: &mut Dispatcher, s: &Settings, number: &str, now: f64) -> Step {
        d.dial(request(s, number, Path::MarkedNumber, seen()), s, now)
    }

    /// The phone answers the call a step sends as it would on success.
    fn answer(d: &mut Dispatcher, step: &Step, s: &Settings, now: f64) -> Step {
        d.handle(step.id, sent_ok(sent(step)), s, now).unwrap()
    }

    /// The key a DTMF call presses, by its Htek name (`4`, `POUND`).
    fn key_of(call: &Call) -> String {
        call.request
            .target
            .replace("/Phone_ActionURL&Command=3&key=", "")
    }

    /// The phone's answer to `call`: it worked.
    fn sent_ok(call: &Call) -> Event {
        Event::Sent {
            outcome: call.on_success.clone(),
        }
    }

    #[test]
    fn a_visible_number_dials_at_once_and_is_kept_and_told() {
        let s = settings();
        let mut d = Dispatcher::default();
        let step = click(&mut d, &s, "+1 206 555 0100", 0.0);
        assert!(step.effects.is_empty());
        assert_eq!(
            sent(&step).request.target,
            "/Phone_ActionURL&Command=1&Number=12065550100"
        );
        let end = answer(&mut d, &step, &s, 10.0);
        assert!(
            matches!(outcome(&end), Outcome::Dialing { number, .. } if number == "+12065550100")
        );
        assert_eq!(reports(&end).len(), 1);
        let history = remembered(&end);
        assert_eq!(history.len(), 1);
        assert_eq!(
            (history[0].number.as_str(), history[0].success),
            ("+12065550100", true)
        );
        assert!(end.effects.contains(&Effect::KeepDtmf(None)));
        // The command is over: a second answer changes nothing.
        assert_eq!(d.handle(end.id, Event::WaitOver, &s, 20.0), None);
    }

    #[test]
    fn nothing_is_sent_without_a_phone_and_the_person_is_told() {
        let s = Settings::default();
        let mut d = Dispatcher::default();
        let step = click(&mut d, &s, "+1 206 555 0100", 0.0);
        assert_eq!(outcome(&step), &Outcome::NotConfigured);
        assert_eq!(reports(&step), [&Outcome::NotConfigured]);
        assert!(remembered(&step).is_empty());
    }

    #[test]
    fn a_double_click_dials_once() {
        let s = settings();
        let mut d = Dispatcher::default();
        let first = click(&mut d, &s, "+1 206 555 0100", 0.0);
        sent(&first);
        let second = click(&mut d, &s, "(206) 555-0100", 300.0);
        assert!(matches!(outcome(&second), Outcome::AlreadyDialing { .. }));
        assert!(second.effects.is_empty(), "a double click is not reported");
        answer(&mut d, &first, &s, 500.0);
        let soon = click(&mut d, &s, "+1 206 555 0100", 900.0);
        assert!(matches!(outcome(&soon), Outcome::AlreadyDialing { .. }));
        let later = click(&mut d, &s, "+1 206 555 0100", 2000.0);
        sent(&later);
        let other = click(&mut d, &s, "+1 206 555 0199", 2000.0);
        sent(&other);
    }

    #[test]
    fn the_cancel_window_shows_waits_and_then_dials() {
        let s = Settings {
            cancel_window: true,
            ..settings()
        };
        let mut d = Dispatcher::default();
        let step = click(&mut d, &s, "+1 206 555 0100", 1000.0);
        assert_eq!(
            step.then,
            Then::Wait {
                ms: CANCEL_WINDOW_MS
            }
        );
        let Effect::ShowPending {
            pending,
            notification,
            title,
            ..
        } = &step.effects[0]
        else {
            panic!("{:?}", step.effects)
        };
        assert_eq!(pending.number, "+12065550100");
        assert_eq!(pending.until_ms, 1000.0 + f64::from(CANCEL_WINDOW_MS));
        assert!(title.contains("+12065550100"), "{title}");
        assert!(d.any_waiting());
        let over = d.handle(step.id, Event::WaitOver, &s, 4000.0).unwrap();
        assert_eq!(
            over.effects,
            [Effect::HidePending {
                notification: notification.clone()
            }]
        );
        sent(&over);
        assert!(!d.any_waiting());
        let end = answer(&mut d, &over, &s, 4100.0);
        assert!(matches!(outcome(&end), Outcome::Dialing { .. }));
    }

    #[test]
    fn cancel_stops_every_dial_in_its_window_and_nothing_is_sent() {
        let s = Settings {
            cancel_window: true,
            ..settings()
        };
        let mut d = Dispatcher::default();
        assert!(!d.cancel_waiting(), "nothing to cancel");
        let a = click(&mut d, &s, "+1 206 555 0100", 0.0);
        let b = click(&mut d, &s, "+1 206 555 0199", 0.0);
        assert!(d.cancel_waiting());
        assert!(!d.cancel_waiting(), "already cancelled");
        for step in [a, b] {
            let end = d.handle(step.id, Event::WaitOver, &s, 3000.0).unwrap();
            assert!(
                matches!(outcome(&end), Outcome::Cancelled { .. }),
                "{end:?}"
            );
            assert!(matches!(end.effects[0], Effect::HidePending { .. }));
            assert_eq!(remembered(&end)[0].kind, "cancelled");
            assert_eq!(reports(&end).len(), 1);
        }
        // Cancelled dials free the guard: the same number dials again after the window.
        let again = click(&mut d, &s, "+1 206 555 0100", 5000.0);
        assert!(matches!(again.then, Then::Wait { .. }));
    }

    #[test]
    fn a_costly_number_asks_once_and_dials_only_on_dial() {
        let s = settings();
        let mut d = Dispatcher::default();
        let premium = "+1 900 555 0199";
        let step = d.dial(
            request(&s, premium, Path::MarkedNumber, seen())
                .from_site(Some("https://crm.test".into())),
            &s,
            0.0,
        );
        let Then::Ask { page, .. } = &step.then else {
            panic!("{step:?}")
        };
        assert!(
            page.starts_with(&format!("ask.html?id={}&number=%2B19005550199", step.id)),
            "{page}"
        );
        assert!(
            page.contains("why=costly") && page.contains("site=https%3A%2F%2Fcrm.test"),
            "{page}"
        );
        // The same number again while the window is open: one window.
        let twice = d.dial(request(&s, premium, Path::MarkedNumber, seen()), &s, 100.0);
        assert!(matches!(outcome(&twice), Outcome::AlreadyDialing { .. }));
        // The person's Dial sends it.
        let yes = d
            .handle(step.id, Event::Answered { dial: true }, &s, 200.0)
            .unwrap();
        assert!(sent(&yes).request.target.contains("Number=19005550199"));
        // Another ask, answered No (or the window closed): nothing is sent.
        let again = click(&mut d, &s, "+1 900 555 0188", 300.0);
        let no = d
            .handle(again.id, Event::Answered { dial: false }, &s, 400.0)
            .unwrap();
        assert!(matches!(outcome(&no), Outcome::Cancelled { .. }));
        assert_eq!(reports(&no).len(), 1);
        // An answer for a command that is not asking changes nothing.
        assert_eq!(
            d.handle(yes.id, Event::Answered { dial: true }, &s, 500.0),
            None
        );
    }

    #[test]
    fn a_hidden_number_is_refused_with_its_reason() {
        let s = settings();
        let mut d = Dispatcher::default();
        let hidden = Seen {
            sight: Sight::Hidden,
            ..Seen::default()
        };
        let step = d.dial(
            request(&s, "+1 206 555 0100", Path::MarkedNumber, hidden),
            &s,
            0.0,
        );
        assert!(matches!(
            outcome(&step),
            Outcome::NotDialed {
                why: Why::Hidden,
                ..
            }
        ));
        assert_eq!(reports(&step).len(), 1);
        assert!(remembered(&step).is_empty(), "a refused dial is not a call");
    }

    #[test]
    fn a_link_whose_text_is_another_number_asks() {
        let s = settings();
        let mut d = Dispatcher::default();
        let link = Seen {
            sight: Sight::Visible,
            link_text: Some("Claim your discount".into()),
            ..Seen::default()
        };
        let step = d.dial(
            request(&s, "+1 206 555 0100", Path::DialLink, link),
            &s,
            0.0,
        );
        assert!(
            matches!(&step.then, Then::Ask { page, .. } if page.contains("why=linkTextDiffers")),
            "{step:?}"
        );
        let same = Seen {
            sight: Sight::Visible,
            link_text: Some("(206) 555-0100".into()),
            ..Seen::default()
        };
        let step = d.dial(
            request(&s, "+1 206 555 0100", Path::DialLink, same),
            &s,
            0.0,
        );
        sent(&step);
    }

    #[test]
    fn a_links_extension_must_show_in_its_text_when_it_is_dialed() {
        // Each dial on a dispatcher of its own (an open question would hold the next one).
        let dial = |s: &Settings, number: &str, text: &str| {
            let seen = Seen {
                sight: Sight::Visible,
                link_text: Some(text.into()),
                ..Seen::default()
            };
            Dispatcher::default().dial(request(s, number, Path::DialLink, seen), s, 0.0)
        };
        let asks = |step: &Step| matches!(&step.then, Then::Ask { page, .. } if page.contains("why=linkTextDiffers"));
        let mut append = settings();
        append.dialing.extension = crate::dial::rules::ExtensionMode::Append;
        let mut tones = settings();
        tones.dialing.extension = crate::dial::rules::ExtensionMode::Dtmf;
        let hidden = "+1 206 555 0100;ext=900";
        for s in [&append, &tones] {
            // The address adds an extension the text does not show, or shows another: asked.
            let step = dial(s, hidden, "+1 (206) 555-0100");
            assert!(asks(&step), "{step:?}");
            let step = dial(s, hidden, "+1 206 555 0100 ext. 901");
            assert!(asks(&step), "{step:?}");
            // Shown: the text dials the same, at once.
            sent(&dial(s, hidden, "+1 206 555 0100 ext. 900"));
        }
        // Extensions dropped: the number alone dials, which the text shows.
        let s = settings();
        sent(&dial(&s, hidden, "+1 (206) 555-0100"));
        // A meeting's code is kept as tones in every mode: it must show too.
        let code = "+16465588656,,85012345678#";
        let step = dial(&s, code, "+1 646 558 8656");
        assert!(asks(&step), "{step:?}");
        sent(&dial(&s, code, code));
    }

    #[test]
    fn the_history_redials_what_was_read_with_the_number() {
        let mut s = settings();
        let mut d = Dispatcher::default();
        let mut kept = |s: &Settings, text: &str, at: f64| {
            let step = click(&mut d, s, text, at);
            let end = answer(&mut d, &step, s, at + 10.0);
            remembered(&end)
                .iter()
                .map(|r| r.number.clone())
                .collect::<Vec<_>>()
        };
        // A meeting's code waits as tones, and Redial keeps it (else the bridge alone).
        let code = "+16465588656,,85012345678#";
        assert_eq!(kept(&s, "+1 646 558 8656,,85012345678#", 0.0), [code]);
        let again = dial_call(&s, code, Source::Typed, None, "en-US").unwrap();
        assert_eq!(
            again.dtmf.map(|t| t.to_string()),
            Some("85012345678#".into())
        );
        // An extension is kept as read, whatever the settings did with it: Redial dials it
        // as they say then.
        assert_eq!(
            kept(&s, "+1 206 555 0100 x 42", 5_000.0),
            ["+12065550100;ext=42"]
        );
        s.dialing.extension = crate::dial::rules::ExtensionMode::Append;
        let again = dial_call(&s, "+12065550100;ext=42", Source::Typed, None, "en-US").unwrap();
        assert!(
            matches!(&again.on_success, Outcome::Dialing { dialed, .. } if dialed == "1206555010042"),
            "{:?}",
            again.on_success
        );
        assert_eq!(kept(&s, "+1 206 555 0101", 10_000.0), ["+12065550101"]);
    }

    #[test]
    fn an_extension_is_kept_for_dtmf_after_the_answer() {
        let mut s = settings();
        s.dialing.extension = crate::dial::rules::ExtensionMode::Dtmf;
        let mut d = Dispatcher::default();
        let step = click(&mut d, &s, "+1 206 555 0100 x 42", 0.0);
        let end = answer(&mut d, &step, &s, 10.0);
        let kept = PendingDtmf {
            digits: "42".into(),
            phone: Some(s.phone_id.clone()),
            number: Some("+12065550100".into()),
            since_ms: Some(10.0),
            pauses: Some(1),
        };
        assert_eq!(kept_dtmf(&end), Some(&kept));
        // A call on another phone: the digits are kept for that phone.
        let mut with_two = s.clone();
        let conference = crate::settings::PhoneEntry {
            id: with_two.new_phone_id(),
            phone_address: "10.0.0.8".into(),
            credentials_for: "http://10.0.0.8".into(),
            ..with_two.default_phone()
        };
        with_two.other_phones.push(conference.clone());
        let on_conference = with_two.on_phone(&conference.id).unwrap();
        let step = click(&mut d, &on_conference, "+1 206 555 0122 x 43", 500.0);
        let end = answer(&mut d, &step, &on_conference, 510.0);
        let kept = kept_dtmf(&end).unwrap();
        assert_eq!(
            (kept.digits.as_str(), kept.phone.as_deref()),
            ("43", Some(conference.id.as_str()))
        );
        // The call failed: nothing to send later.
        let step = click(&mut d, &s, "+1 206 555 0111 x 42", 2000.0);
        let timeout = Outcome::Timeout {
            phone: "10.0.0.7".into(),
            seconds: 5,
        };
        let end = d
            .handle(
                step.id,
                Event::Sent {
                    outcome: timeout.clone(),
                },
                &s,
                2100.0,
            )
            .unwrap();
        assert!(end.effects.contains(&Effect::KeepDtmf(None)));
        assert_eq!(outcome(&end), &timeout);
        assert!(!remembered(&end)[0].success);
    }

    /// The tones a dial's end keeps for after the answer, if any.
    fn kept_dtmf(step: &Step) -> Option<&PendingDtmf> {
        step.effects.iter().find_map(|e| match e {
            Effect::KeepDtmf(kept) => kept.as_ref(),
            _ => None,
        })
    }

    /// The phone's calls: one with `number`, in `direction` and `phase`.
    fn calls(number: &str, direction: Direction, phase: Phase) -> CallState {
        CallState {
            calls: vec![crate::incoming::calls::LiveCall {
                call_id: None,
                party: crate::incoming::calls::Party {
                    number: Some(number.into()),
                    name: None,
                },
                direction,
                phase,
                started_ms: 0.0,
                connected_ms: None,
                held: false,
            }],
            ..CallState::default()
        }
    }

    #[test]
    fn tones_go_to_the_answer_of_their_own_call() {
        let mut s = settings();
        s.dialing.extension = crate::dial::rules::ExtensionMode::Dtmf;
        let mut d = Dispatcher::default();
        let step = click(&mut d, &s, "+1 206 555 0100 x 42", 0.0);
        let end = answer(&mut d, &step, &s, 1_000.0);
        let kept = kept_dtmf(&end).unwrap().clone();
        let phone = s.phone_id.as_str();
        let at = 5_000.0;
        // The phone reports the call dialed answered, as it dialed it (or as a SIP URI).
        for party in [
            "0012065550100",
            "sip:0012065550100@pbx.example",
            "+12065550100",
        ] {
            let answered = calls(party, Direction::Outgoing, Phase::Connected);
            assert!(kept.answered_in(&answered, phone, at), "{party}");
        }
        // The receiver started mid-call: the number alone says which call it is.
        let unknown = calls("12065550100", Direction::Unknown, Phase::Connected);
        assert!(kept.answered_in(&unknown, phone, at));
        // Not yet answered, on hold, another number, an incoming call from the same number,
        // another phone's events, or answered long after the dial: no tones.
        let mut held = calls("0012065550100", Direction::Outgoing, Phase::Connected);
        held.calls[0].held = true;
        for (state, on) in [
            (
                calls("0012065550100", Direction::Outgoing, Phase::Dialing),
                phone,
            ),
            (held, phone),
            (
                calls("0012065550199", Direction::Outgoing, Phase::Connected),
                phone,
            ),
            (
                calls("0012065550100", Direction::Incoming, Phase::Connected),
                phone,
            ),
            (
                calls("0012065550100", Direction::Outgoing, Phase::Connected),
                "other",
            ),
        ] {
            assert!(!kept.answered_in(&state, on, at), "{state:?} on {on}");
        }
        let answered = calls("0012065550100", Direction::Outgoing, Phase::Connected);
        assert!(!kept.answered_in(&answered, phone, 1_000.0 + TONES_WAIT_MS + 1.0));
        assert!(!kept.answered_in(&CallState::default(), phone, at));
        // Kept by an older version (no number, no time): only the popup's Send.
        let old = PendingDtmf {
            number: None,
            since_ms: None,
            ..kept.clone()
        };
        assert!(!old.answered_in(&answered, phone, at));
        // An internal number is all its digits.
        let internal = PendingDtmf {
            number: Some("206".into()),
            ..kept.clone()
        };
        assert!(internal.answered_in(
            &calls("sip:206@pbx", Direction::Outgoing, Phase::Connected),
            phone,
            at
        ));
        assert!(!internal.answered_in(
            &calls("1206", Direction::Outgoing, Phase::Connected),
            phone,
            at
        ));
        // One pause for an extension; a meeting's code waits the pauses written before it.
        assert_eq!(kept.wait_ms(), PAUSE_MS);
        let step = click(&mut d, &s, "+1 646 558 8656,,,85012345678#", 10_000.0);
        let end = answer(&mut d, &step, &s, 11_000.0);
        let code = kept_dtmf(&end).unwrap();
        assert_eq!(
            (code.digits.as_str(), code.wait_ms()),
            ("85012345678#", 3 * PAUSE_MS)
        );
    }

    #[test]
    fn no_history_when_the_person_keeps_none() {
        let s = Settings {
            keep_history: false,
            ..settings()
        };
        let mut d = Dispatcher::default();
        let step = click(&mut d, &s, "+1 206 555 0100", 0.0);
        let end = answer(&mut d, &step, &s, 10.0);
        assert!(remembered(&end).is_empty());
        assert_eq!(reports(&end).len(), 1);
    }

    #[test]
    fn dtmf_keys_go_one_by_one_and_stop_at_the_first_failure() {
        let s = settings();
        let mut d = Dispatcher::default();
        let mut step = d.dtmf("4*2", &s, 0.0);
        let mut keys = Vec::new();
        while let Then::Send(call) = &step.then {
            keys.push(call.request.target.clone());
            step = answer(&mut d, &step, &s, 0.0);
        }
        assert_eq!(keys.len(), 3);
        assert!(
            keys[0].ends_with("key=4") && keys[1].ends_with("key=*"),
            "{keys:?}"
        );
        assert!(matches!(outcome(&step), Outcome::DtmfSent { digits, .. } if digits == "4*2"));
        assert!(step.effects.contains(&Effect::KeepDtmf(None)));

        let step = d.dtmf("12", &s, 0.0);
        let refused = Outcome::WrongCredentials {
            phone: "10.0.0.7".into(),
        };
        let end = d
            .handle(
                step.id,
                Event::Sent {
                    outcome: refused.clone(),
                },
                &s,
                0.0,
            )
            .unwrap();
        assert_eq!(outcome(&end), &refused, "the second key is not sent");
        assert_eq!(reports(&end), [&refused]);

        let bad = d.dtmf("+12", &s, 0.0);
        assert!(matches!(outcome(&bad), Outcome::NotANumber { .. }));
        let only_pauses = d.dtmf(",,", &s, 0.0);
        assert!(matches!(outcome(&only_pauses), Outcome::NotANumber { .. }));
    }

    /// A meeting's code, then its passcode after pauses (`85012345678#,,,,*123456#`, as Zoom
    /// writes it): each `,` waits `PAUSE_MS` between the keys, and nothing is sent meanwhile.
    #[test]
    fn tones_wait_their_pauses() {
        let s = settings();
        let mut d = Dispatcher::default();
        let mut step = d.dtmf("1#,,*2#", &s, 0.0);
        let mut done = Vec::new();
        loop {
            let event = match &step.then {
                Then::Send(call) => {
                    done.push(key_of(call));
                    sent_ok(call)
                }
                Then::Wait { ms } => {
                    done.push(format!("wait {ms}"));
                    // Nothing but the wait's end moves it on.
                    let id = step.id;
                    let early = Event::Sent {
                        outcome: Outcome::Cancelled {
                            number: String::new(),
                        },
                    };
                    assert_eq!(d.handle(id, early, &s, 0.0), None);
                    Event::WaitOver
                }
                Then::Done(_) => break,
                Then::Ask { .. } => panic!("tones never ask"),
                Then::Look { .. } => panic!("the popup's tones do not look at the calls"),
            };
            step = d.handle(step.id, event, &s, 0.0).unwrap();
        }
        let pause = format!("wait {PAUSE_MS}");
        assert_eq!(done, ["1", "POUND", &pause, &pause, "*", "2", "POUND"]);
        assert!(matches!(outcome(&step), Outcome::DtmfSent { digits, .. } if digits == "1#,,*2#"));
    }

    /// The tones kept for an answer (a meeting's code, then its passcode after four pauses)
    /// look at the phone's calls after each pause: all go while the call stays connected;
    /// none after the call ended or was taken over by another, not even the rest of them.
    #[test]
    fn answer_tones_go_only_while_their_call_is_connected() {
        let s = settings();
        let kept = PendingDtmf {
            digits: "1#,,*2#".into(),
            phone: Some(s.phone_id.clone()),
            number: Some("+12065550100".into()),
            since_ms: Some(0.0),
            pauses: Some(2),
        };
        let answered = calls("0012065550100", Direction::Outgoing, Phase::Connected);
        // Runs the tones, giving `calls_at(n)` as the phone's calls at the n-th look; what
        // was done, in order, and the outcome.
        let run = |calls_at: &dyn Fn(usize) -> CallState| {
            let mut d = Dispatcher::default();
            let mut step = d.answer_tones(&kept, &s, 1_000.0);
            let mut done = Vec::new();
            loop {
                let event = match &step.then {
                    Then::Send(call) => {
                        done.push(key_of(call));
                        sent_ok(call)
                    }
                    Then::Look { ms } => {
                        let looks = done.iter().filter(|e| e.starts_with("look")).count();
                        done.push(format!("look {ms}"));
                        // A pause ends only with the look's answer.
                        assert_eq!(d.handle(step.id, Event::WaitOver, &s, 0.0), None);
                        Event::Looked {
                            calls: calls_at(looks),
                        }
                    }
                    Then::Done(_) => break,
                    other => panic!("tones neither wait blindly nor ask: {other:?}"),
                };
                step = d.handle(step.id, event, &s, 2_000.0).unwrap();
            }
            (done, outcome(&step).clone(), step.effects)
        };
        let look = format!("look {PAUSE_MS}");
        let look = look.as_str();
        let (done, end, _) = run(&|_| answered.clone());
        assert_eq!(
            done,
            [look, look, "1", "POUND", look, look, "*", "2", "POUND"]
        );
        assert!(matches!(end, Outcome::DtmfSent { digits, .. } if digits == "1#,,*2#"));
        // Hung up during the pauses before the passcode: the code went, the passcode does not.
        let (done, end, effects) = run(&|n| {
            if n < 3 {
                answered.clone()
            } else {
                CallState::default()
            }
        });
        assert_eq!(done, [look, look, "1", "POUND", look, look]);
        assert!(matches!(end, Outcome::Cancelled { .. }), "{end:?}");
        assert!(effects.is_empty(), "nothing to report: {effects:?}");
        // Another call on the phone by then (taken after this one ended): not its party either.
        let other = calls("0012065550199", Direction::Incoming, Phase::Connected);
        let (done, _, _) = run(&|n| {
            if n < 2 {
                answered.clone()
            } else {
                other.clone()
            }
        });
        assert_eq!(done, [look, look, "1", "POUND", look]);
        // Ended before the first pause was over: nothing at all.
        let (done, _, _) = run(&|_| CallState::default());
        assert_eq!(done, [look]);
    }

    /// Poly sends its tones as JSON bodies to one URL, and dials likewise: each digit is sent,
    /// and two numbers are two calls, not a double click.
    #[test]
    fn bodies_tell_poly_commands_apart() {
        let s = Settings {
            brand: crate::phone::Brand::Poly,
            ..settings()
        };
        let mut d = Dispatcher::default();
        let mut step = d.dtmf("44", &s, 0.0);
        let mut bodies = Vec::new();
        while let Then::Send(call) = &step.then {
            assert_eq!(call.request.target, "/api/v1/callctrl/sendDTMF");
            bodies.push(call.request.body.clone().unwrap().text);
            step = answer(&mut d, &step, &s, 0.0);
        }
        assert_eq!(bodies, [r#"{"data":{"Digits":"4"}}"#; 2]);
        let first = click(&mut d, &s, "+1 206 555 0100", 1.0);
        let second = click(&mut d, &s, "+1 206 555 0199", 2.0);
        assert_eq!(sent(&first).request.url, sent(&second).request.url);
        assert_ne!(sent(&first).request.body, sent(&second).request.body);
        let again = click(&mut d, &s, "+1 206 555 0100", 3.0);
        assert!(matches!(outcome(&again), Outcome::AlreadyDialing { .. }));
    }

    #[test]
    fn hang_up_forgets_the_extension_and_reports() {
        let s = settings();
        let mut d = Dispatcher::default();
        let step = d.command(hang_up_call(&s), true, 0.0);
        assert_eq!(step.effects, [Effect::KeepDtmf(None)]);
        let end = answer(&mut d, &step, &s, 10.0);
        assert!(matches!(outcome(&end), Outcome::HungUp { .. }));
        assert_eq!(reports(&end).len(), 1);
        assert!(remembered(&end).is_empty());
        let unset = d.command(hang_up_call(&Settings::default()), false, 0.0);
        assert_eq!(outcome(&unset), &Outcome::NotConfigured);
    }
}
