//! The phone's state as its events tell it: the calls (ringing, dialing, connected), DND, call
//! forwarding, registration, and the missed calls.
//!
//! [`CallState::apply`] folds one [`EventReport`] in and says what changed ([`Change`]), which
//! is what the extension reacts to: [`Change::Ringing`] is the notification and the screen pop,
//! [`Change::Missed`] a new entry in [`MissedCalls`]. A missed call is an Incoming Call
//! followed by its Call Terminated without a Call Established in between.
//!
//! Calls are told apart by `$call_id` when the phone sends it; without it an event goes to the
//! call with the same number, else to the only call there is.
//!
//! The phone sends no event for hold. What is known is the extension's own presses of the
//! phone's Hold key ([`CallState::hold_key_pressed`]), which toggle the call like the key on the
//! phone does; a hold or resume made on the phone itself is not seen, and the call then shows
//! as it was last known.
//!
//! ```
//! use click_to_dial::incoming::{Event, EventReport};
//! use click_to_dial::incoming::calls::{CallState, Change};
//!
//! let mut ring = EventReport::new(Event::IncomingCall);
//! ring.vars.remote = Some("sip:0301234567@pbx".into());
//! let mut state = CallState::default();
//! state.apply(&ring, 1_000.0);
//! let change = state.apply(&EventReport::new(Event::CallTerminated), 9_000.0);
//! assert!(matches!(change, Some(Change::Missed { .. })));
//! assert_eq!(state.missed.calls()[0].number.as_deref(), Some("0301234567"));
//! assert!(state.calls.is_empty());
//! ```

use serde::{Deserialize, Serialize};

use super::{Event, EventReport};

/// How many missed calls are kept.
pub const MISSED_CALLS_KEPT: usize = 50;

/// How many calls at once are tracked (a phone has a few lines; older ones are dropped).
pub const LIVE_CALLS_KEPT: usize = 8;

/// The other party of a call.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Party {
    /// From `$remote` (see [`super::number_from_uri`]).
    pub number: Option<String>,
    /// From `$display_remote`, unless it only repeats the number.
    pub name: Option<String>,
}

impl Party {
    /// The party a report names.
    pub fn from_report(report: &EventReport) -> Party {
        Party {
            number: report.caller_number(),
            name: report.caller_name().map(str::to_string),
        }
    }

    /// Fills what this party lacks from `other`.
    fn fill_from(&mut self, other: Party) {
        if self.number.is_none() {
            self.number = other.number;
        }
        if self.name.is_none() {
            self.name = other.name;
        }
    }
}

/// Who started the call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Direction {
    Incoming,
    Outgoing,
    /// A Call Established with no Incoming or Outgoing Call before it (the receiver started
    /// mid-call, or the phone was not set to send the first event).
    Unknown,
}

/// Where a call is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Phase {
    /// Incoming, not answered yet.
    Ringing,
    /// Outgoing, not answered yet.
    Dialing,
    /// Talking, or on hold ([`LiveCall::held`]).
    Connected,
}

/// One call the phone has now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LiveCall {
    pub call_id: Option<String>,
    pub party: Party,
    pub direction: Direction,
    pub phase: Phase,
    /// When the call started (milliseconds since the Unix epoch, as given to `apply`).
    pub started_ms: f64,
    /// When it was answered.
    pub connected_ms: Option<f64>,
    /// Put on hold by the extension's Hold key (see the module docs).
    #[serde(default)]
    pub held: bool,
}

/// One missed call.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MissedCall {
    pub number: Option<String>,
    pub name: Option<String>,
    /// When it rang (milliseconds since the Unix epoch).
    pub at_ms: f64,
}

/// The missed calls, newest first, at most [`MISSED_CALLS_KEPT`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct MissedCalls(Vec<MissedCall>);

impl MissedCalls {
    /// Adds `call` first, forgetting the oldest beyond [`MISSED_CALLS_KEPT`].
    pub fn push(&mut self, call: MissedCall) {
        self.0.insert(0, call);
        self.0.truncate(MISSED_CALLS_KEPT);
    }

    /// Newest first.
    pub fn calls(&self) -> &[MissedCall] {
        &self.0
    }

    /// Forgets the call at `index` (newest is 0), if there is one: "called back".
    pub fn remove(&mut self, index: usize) -> Option<MissedCall> {
        (index < self.0.len()).then(|| self.0.remove(index))
    }

    /// Forgets them all.
    pub fn clear(&mut self) {
        self.0.clear();
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Call forwarding as the phone reported it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Forwarding {
    pub always: bool,
    pub busy: bool,
    /// The guide's "No Busy Forward" (forward when not answered).
    pub no_answer: bool,
}

/// Which forwarding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ForwardKind {
    Always,
    Busy,
    NoAnswer,
}

/// What one event changed. `kind` tags it in JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Change {
    /// A connected call was put on hold (`on`) or taken off it by the extension's Hold key.
    Held {
        party: Party,
        on: bool,
    },
    /// Someone is calling: notify, screen pop.
    Ringing {
        party: Party,
    },
    /// The phone is dialing out.
    Dialing {
        party: Party,
    },
    /// A call was answered.
    Connected {
        party: Party,
        direction: Direction,
    },
    /// A call ended that was answered, or an outgoing one that was not.
    Ended {
        party: Party,
        direction: Direction,
        answered: bool,
    },
    /// An incoming call ended unanswered; it is now first in [`MissedCalls`].
    Missed {
        call: MissedCall,
    },
    Dnd {
        on: bool,
    },
    Forward {
        forward: ForwardKind,
        on: bool,
    },
    /// Log On (true), Log Off or Register Failed (false).
    Registration {
        registered: bool,
    },
    /// The phone (re)started: no calls any more.
    PhoneStarted,
}

/// The phone's state, folded from its events.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CallState {
    /// The calls now, oldest first.
    pub calls: Vec<LiveCall>,
    pub dnd: bool,
    pub forwarding: Forwarding,
    /// `None` until a Log On, Log Off or Register Failed arrives.
    pub registered: Option<bool>,
    pub missed: MissedCalls,
}

/// The one-line summary a popup shows: a call in progress first, then one ringing, then one
/// being dialed, then one on hold.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Line {
    Idle,
    Ringing { party: Party },
    Dialing { party: Party },
    InCall { party: Party, since_ms: f64 },
    OnHold { party: Party },
}

impl CallState {
    /// Folds `report` in, at `now_ms` (milliseconds since the Unix epoch). `None` when nothing
    /// changed (a repeated event, hook changes, a Call Terminated for no known call).
    pub fn apply(&mut self, report: &EventReport, now_ms: f64) -> Option<Change> {
        let party = Party::from_report(report);
        let call_id = report.vars.call_id.clone();
        match report.event {
            Event::IncomingCall => self.start(call_id, party, Direction::Incoming, now_ms),
            Event::OutgoingCall => self.start(call_id, party, Direction::Outgoing, now_ms),
            Event::CallEstablished => self.connect(call_id, party, now_ms),
            Event::CallTerminated => self.end(call_id.as_deref(), &party),
            Event::OpenDnd | Event::CloseDnd => {
                let on = report.event == Event::OpenDnd;
                (std::mem::replace(&mut self.dnd, on) != on).then_some(Change::Dnd { on })
            }
            Event::OpenAlwaysForward | Event::CloseAlwaysForward => {
                let on = report.event == Event::OpenAlwaysForward;
                self.forward(ForwardKind::Always, on)
            }
            Event::OpenBusyForward | Event::CloseBusyForward => {
                let on = report.event == Event::OpenBusyForward;
                self.forward(ForwardKind::Busy, on)
            }
            Event::OpenNoBusyForward | Event::CloseNoBusyForward => {
                let on = report.event == Event::OpenNoBusyForward;
                self.forward(ForwardKind::NoAnswer, on)
            }
            Event::LogOn | Event::LogOff | Event::RegisterFailed => {
                let registered = report.event == Event::LogOn;
                (self.registered.replace(registered) != Some(registered))
                    .then_some(Change::Registration { registered })
            }
            Event::SetupCompleted => {
                self.calls.clear();
                Some(Change::PhoneStarted)
            }
            Event::Offhook | Event::Onhook => None,
        }
    }

    /// The summary line.
    pub fn line(&self) -> Line {
        let find = |phase| self.calls.iter().find(|c| c.phase == phase && !c.held);
        if let Some(call) = find(Phase::Connected) {
            Line::InCall {
                party: call.party.clone(),
                since_ms: call.connected_ms.unwrap_or(call.started_ms),
            }
        } else if let Some(call) = find(Phase::Ringing) {
            Line::Ringing {
                party: call.party.clone(),
            }
        } else if let Some(call) = find(Phase::Dialing) {
            Line::Dialing {
                party: call.party.clone(),
            }
        } else if let Some(call) = self.calls.iter().find(|c| c.held) {
            Line::OnHold {
                party: call.party.clone(),
            }
        } else {
            Line::Idle
        }
    }

    /// The extension pressed the phone's Hold key, and the phone took it: the newest call in
    /// progress goes on hold or, when every connected call is held, the newest held one
    /// resumes (the key toggles, as on the phone). `None` when no call is connected.
    pub fn hold_key_pressed(&mut self) -> Option<Change> {
        let connected = |held: bool| {
            self.calls
                .iter()
                .rposition(|c| c.phase == Phase::Connected && c.held == held)
        };
        let i = connected(false).or_else(|| connected(true))?;
        let call = &mut self.calls[i];
        call.held = !call.held;
        Some(Change::Held {
            party: call.party.clone(),
            on: call.held,
        })
    }

    fn start(
        &mut self,
        call_id: Option<String>,
        party: Party,
        direction: Direction,
        now_ms: f64,
    ) -> Option<Change> {
        let phase = match direction {
            Direction::Outgoing => Phase::Dialing,
            _ => Phase::Ringing,
        };
        if let Some(i) = self.find(call_id.as_deref(), &party, |c| c.phase == phase) {
            // The same event again (a retry, or a second line's copy): no news.
            if call_id.is_some() || self.calls[i].party == party {
                return None;
            }
        }
        if self.calls.len() >= LIVE_CALLS_KEPT {
            self.calls.remove(0);
        }
        self.calls.push(LiveCall {
            call_id,
            party: party.clone(),
            direction,
            phase,
            started_ms: now_ms,
            connected_ms: None,
            held: false,
        });
        Some(match direction {
            Direction::Outgoing => Change::Dialing { party },
            _ => Change::Ringing { party },
        })
    }

    fn connect(&mut self, call_id: Option<String>, party: Party, now_ms: f64) -> Option<Change> {
        let found = self
            .find(call_id.as_deref(), &party, |c| c.phase != Phase::Connected)
            .or_else(|| self.find(call_id.as_deref(), &party, |_| true));
        let i = match found {
            Some(i) => i,
            None => {
                if self.calls.len() >= LIVE_CALLS_KEPT {
                    self.calls.remove(0);
                }
                self.calls.push(LiveCall {
                    call_id: call_id.clone(),
                    party: party.clone(),
                    direction: Direction::Unknown,
                    phase: Phase::Ringing,
                    started_ms: now_ms,
                    connected_ms: None,
                    held: false,
                });
                self.calls.len() - 1
            }
        };
        let call = &mut self.calls[i];
        if call.phase == Phase::Connected {
            return None;
        }
        call.phase = Phase::Connected;
        call.connected_ms = Some(now_ms);
        if call.call_id.is_none() {
            call.call_id = call_id;
        }
        call.party.fill_from(party);
        Some(Change::Connected {
            party: call.party.clone(),
            direction: call.direction,
        })
    }

    fn end(&mut self, call_id: Option<&str>, party: &Party) -> Option<Change> {
        let i = self.find(call_id, party, |_| true)?;
        let mut call = self.calls.remove(i);
        call.party.fill_from(party.clone());
        let answered = call.phase == Phase::Connected;
        if call.direction == Direction::Incoming && !answered {
            let missed = MissedCall {
                number: call.party.number,
                name: call.party.name,
                at_ms: call.started_ms,
            };
            self.missed.push(missed.clone());
            return Some(Change::Missed { call: missed });
        }
        Some(Change::Ended {
            party: call.party,
            direction: call.direction,
            answered,
        })
    }

    fn forward(&mut self, kind: ForwardKind, on: bool) -> Option<Change> {
        let flag = match kind {
            ForwardKind::Always => &mut self.forwarding.always,
            ForwardKind::Busy => &mut self.forwarding.busy,
            ForwardKind::NoAnswer => &mut self.forwarding.no_answer,
        };
        (std::mem::replace(flag, on) != on).then_some(Change::Forward { forward: kind, on })
    }

    /// The call an event is about, among those `eligible`: the same call id; else (no call id
    /// matched) the same number; else the only eligible call.
    fn find(
        &self,
        call_id: Option<&str>,
        party: &Party,
        eligible: impl Fn(&LiveCall) -> bool,
    ) -> Option<usize> {
        let candidates: Vec<usize> = (0..self.calls.len())
            .filter(|&i| eligible(&self.calls[i]))
            .collect();
        if let Some(id) = call_id {
            if let Some(&i) = candidates
                .iter()
                .find(|&&i| self.calls[i].call_id.as_deref() == Some(id))
            {
                return Some(i);
            }
            // A call id no call has: only calls that never had one may be it.
            if candidates.iter().any(|&i| self.calls[i].call_id.is_some())
                && candidates.iter().all(|&i| self.calls[i].call_id.is_some())
            {
                return None;
            }
        }
        if party.number.is_some() {
            if let Some(&i) = candidates
                .iter()
                .find(|&&i| self.calls[i].party.number == party.number)
            {
                return Some(i);
            }
        }
        match candidates.as_slice() {
            [only] => Some(*only),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(
        event: Event,
        remote: Option<&str>,
        name: Option<&str>,
        id: Option<&str>,
    ) -> EventReport {
        let mut r = EventReport::new(event);
        r.vars.remote = remote.map(String::from);
        r.vars.display_remote = name.map(String::from);
        r.vars.call_id = id.map(String::from);
        r
    }

    fn party(number: &str, name: Option<&str>) -> Party {
        Party {
            number: Some(number.into()),
            name: name.map(String::from),
        }
    }

    #[test]
    fn the_hold_key_toggles_the_call_in_progress() {
        let mut s = CallState::default();
        let ada = party("0301234567", Some("Ada"));
        assert_eq!(s.hold_key_pressed(), None, "nothing to hold while idle");
        s.apply(
            &report(
                Event::IncomingCall,
                Some("0301234567"),
                Some("Ada"),
                Some("c1"),
            ),
            1.0,
        );
        assert_eq!(s.hold_key_pressed(), None, "a ringing call is not held");
        s.apply(&report(Event::CallEstablished, None, None, Some("c1")), 2.0);

        let held = Some(Change::Held {
            party: ada.clone(),
            on: true,
        });
        assert_eq!(s.hold_key_pressed(), held);
        assert_eq!(s.line(), Line::OnHold { party: ada.clone() });
        // A second call while Ada waits: it is the line; holding again holds it, not Ada.
        s.apply(
            &report(Event::IncomingCall, Some("0409876543"), None, Some("c2")),
            3.0,
        );
        assert!(matches!(s.line(), Line::Ringing { .. }));
        s.apply(&report(Event::CallEstablished, None, None, Some("c2")), 4.0);
        let bob = party("0409876543", None);
        assert_eq!(
            s.line(),
            Line::InCall {
                party: bob.clone(),
                since_ms: 4.0
            }
        );
        assert_eq!(
            s.hold_key_pressed(),
            Some(Change::Held {
                party: bob.clone(),
                on: true
            })
        );
        // Both held: the key resumes the newest.
        assert_eq!(
            s.hold_key_pressed(),
            Some(Change::Held {
                party: bob,
                on: false
            })
        );
        s.apply(&report(Event::CallTerminated, None, None, Some("c2")), 5.0);
        assert_eq!(s.line(), Line::OnHold { party: ada.clone() });
        assert_eq!(
            s.hold_key_pressed(),
            Some(Change::Held {
                party: ada,
                on: false
            })
        );
        assert!(matches!(s.line(), Line::InCall { .. }));
        s.apply(&report(Event::CallTerminated, None, None, Some("c1")), 6.0);
        assert_eq!(s.line(), Line::Idle);
    }

    #[test]
    fn a_call_state_kept_before_hold_was_known_still_reads() {
        let kept = r#"{"calls":[{"callId":"c1","party":{"number":"0301234567","name":null},
            "direction":"incoming","phase":"connected","startedMs":1.0,"connectedMs":2.0}]}"#;
        let state: CallState = serde_json::from_str(kept).unwrap();
        assert!(!state.calls[0].held);
    }

    #[test]
    fn answered_incoming_call() {
        let mut s = CallState::default();
        let ada = party("0301234567", Some("Ada"));
        let ring = report(
            Event::IncomingCall,
            Some("sip:0301234567@pbx"),
            Some("Ada"),
            Some("c1"),
        );
        assert_eq!(
            s.apply(&ring, 1.0),
            Some(Change::Ringing { party: ada.clone() })
        );
        assert_eq!(
            s.apply(&ring, 2.0),
            None,
            "a repeated Incoming Call is no news"
        );
        assert_eq!(s.line(), Line::Ringing { party: ada.clone() });
        // The phone sends only the call id with the answer: the party comes from the ringing.
        let answer = report(Event::CallEstablished, None, None, Some("c1"));
        assert_eq!(
            s.apply(&answer, 3.0),
            Some(Change::Connected {
                party: ada.clone(),
                direction: Direction::Incoming
            })
        );
        assert_eq!(
            s.line(),
            Line::InCall {
                party: ada.clone(),
                since_ms: 3.0
            }
        );
        assert_eq!(s.apply(&answer, 4.0), None);
        let hang = report(Event::CallTerminated, None, None, Some("c1"));
        assert_eq!(
            s.apply(&hang, 5.0),
            Some(Change::Ended {
                party: ada,
                direction: Direction::Incoming,
                answered: true
            })
        );
        assert!(s.missed.is_empty());
        assert_eq!(s.line(), Line::Idle);
    }

    #[test]
    fn missed_calls_with_and_without_call_ids() {
        let cases: &[(&str, Option<&str>, Option<&str>)] = &[
            ("call ids", Some("c9"), Some("c9")),
            ("no call ids", None, None),
            ("unsubstituted id on the end", Some("c9"), None),
        ];
        for (name, ring_id, end_id) in cases {
            let mut s = CallState::default();
            s.apply(
                &report(Event::IncomingCall, Some("206"), None, *ring_id),
                10.0,
            );
            let change = s.apply(&report(Event::CallTerminated, None, None, *end_id), 20.0);
            let missed = MissedCall {
                number: Some("206".into()),
                name: None,
                at_ms: 10.0,
            };
            assert_eq!(
                change,
                Some(Change::Missed {
                    call: missed.clone()
                }),
                "{name}"
            );
            assert_eq!(s.missed.calls(), [missed], "{name}");
            assert!(s.calls.is_empty(), "{name}");
        }
    }

    #[test]
    fn outgoing_calls_are_never_missed() {
        let mut s = CallState::default();
        let out = report(Event::OutgoingCall, Some("sip:206@pbx"), None, Some("o1"));
        assert_eq!(
            s.apply(&out, 1.0),
            Some(Change::Dialing {
                party: party("206", None)
            })
        );
        assert_eq!(
            s.line(),
            Line::Dialing {
                party: party("206", None)
            }
        );
        let end = report(Event::CallTerminated, Some("sip:206@pbx"), None, Some("o1"));
        assert_eq!(
            s.apply(&end, 2.0),
            Some(Change::Ended {
                party: party("206", None),
                direction: Direction::Outgoing,
                answered: false
            })
        );
        assert!(s.missed.is_empty());
    }

    #[test]
    fn a_second_call_while_talking() {
        let mut s = CallState::default();
        s.apply(
            &report(Event::IncomingCall, Some("206"), None, Some("a")),
            1.0,
        );
        s.apply(
            &report(Event::CallEstablished, Some("206"), None, Some("a")),
            2.0,
        );
        s.apply(
            &report(Event::IncomingCall, Some("207"), Some("Bo"), Some("b")),
            3.0,
        );
        assert_eq!(s.calls.len(), 2);
        assert!(
            matches!(s.line(), Line::InCall { .. }),
            "the call in progress comes first"
        );
        // The waiting call gives up: missed; the first call goes on.
        let change = s.apply(
            &report(Event::CallTerminated, Some("207"), None, Some("b")),
            4.0,
        );
        assert!(matches!(change, Some(Change::Missed { .. })), "{change:?}");
        assert_eq!(s.missed.calls()[0].name.as_deref(), Some("Bo"));
        assert_eq!(s.calls.len(), 1);
        assert_eq!(s.calls[0].party.number.as_deref(), Some("206"));
        // A Call Terminated for a call id nobody has ends nothing.
        assert_eq!(
            s.apply(&report(Event::CallTerminated, None, None, Some("zz")), 5.0),
            None
        );
        assert_eq!(s.calls.len(), 1);
    }

    #[test]
    fn established_without_a_start() {
        let mut s = CallState::default();
        let change = s.apply(
            &report(Event::CallEstablished, Some("206"), None, None),
            1.0,
        );
        assert_eq!(
            change,
            Some(Change::Connected {
                party: party("206", None),
                direction: Direction::Unknown
            })
        );
        let end = s.apply(&report(Event::CallTerminated, None, None, None), 2.0);
        assert!(
            matches!(end, Some(Change::Ended { answered: true, .. })),
            "{end:?}"
        );
        assert_eq!(
            s.apply(&report(Event::CallTerminated, None, None, None), 3.0),
            None
        );
    }

    #[test]
    fn flags_table() {
        let cases: &[(Event, Option<Change>)] = &[
            (Event::OpenDnd, Some(Change::Dnd { on: true })),
            (Event::OpenDnd, None),
            (Event::CloseDnd, Some(Change::Dnd { on: false })),
            (
                Event::OpenAlwaysForward,
                Some(Change::Forward {
                    forward: ForwardKind::Always,
                    on: true,
                }),
            ),
            (
                Event::OpenBusyForward,
                Some(Change::Forward {
                    forward: ForwardKind::Busy,
                    on: true,
                }),
            ),
            (
                Event::OpenNoBusyForward,
                Some(Change::Forward {
                    forward: ForwardKind::NoAnswer,
                    on: true,
                }),
            ),
            (
                Event::CloseAlwaysForward,
                Some(Change::Forward {
                    forward: ForwardKind::Always,
                    on: false,
                }),
            ),
            (
                Event::CloseBusyForward,
                Some(Change::Forward {
                    forward: ForwardKind::Busy,
                    on: false,
                }),
            ),
            (
                Event::CloseNoBusyForward,
                Some(Change::Forward {
                    forward: ForwardKind::NoAnswer,
                    on: false,
                }),
            ),
            (Event::CloseNoBusyForward, None),
            (
                Event::LogOn,
                Some(Change::Registration { registered: true }),
            ),
            (Event::LogOn, None),
            (
                Event::RegisterFailed,
                Some(Change::Registration { registered: false }),
            ),
            (Event::LogOff, None),
            (Event::Offhook, None),
            (Event::Onhook, None),
            (Event::SetupCompleted, Some(Change::PhoneStarted)),
        ];
        let mut s = CallState::default();
        for (i, (event, expected)) in cases.iter().enumerate() {
            assert_eq!(
                &s.apply(&EventReport::new(*event), 0.0),
                expected,
                "step {i}: {event}"
            );
        }
        assert!(!s.dnd);
        assert_eq!(s.forwarding, Forwarding::default());
        assert_eq!(s.registered, Some(false));
    }

    #[test]
    fn setup_completed_forgets_calls_but_not_missed_ones() {
        let mut s = CallState::default();
        s.apply(&report(Event::IncomingCall, Some("1"), None, None), 0.0);
        s.apply(&report(Event::CallTerminated, None, None, None), 0.0);
        s.apply(&report(Event::IncomingCall, Some("2"), None, None), 0.0);
        s.apply(&EventReport::new(Event::SetupCompleted), 0.0);
        assert!(s.calls.is_empty());
        assert_eq!(s.missed.len(), 1);
    }

    #[test]
    fn missed_calls_are_capped_newest_first() {
        let mut missed = MissedCalls::default();
        for i in 0..(MISSED_CALLS_KEPT + 5) {
            missed.push(MissedCall {
                number: Some(i.to_string()),
                name: None,
                at_ms: i as f64,
            });
        }
        assert_eq!(missed.len(), MISSED_CALLS_KEPT);
        assert_eq!(missed.calls()[0].number.as_deref(), Some("54"));
        assert_eq!(
            missed.calls()[MISSED_CALLS_KEPT - 1].number.as_deref(),
            Some("5")
        );
        assert_eq!(
            missed.remove(0).and_then(|c| c.number).as_deref(),
            Some("54")
        );
        assert_eq!(missed.remove(100), None);
        missed.clear();
        assert!(missed.is_empty());
    }

    #[test]
    fn live_calls_are_capped() {
        let mut s = CallState::default();
        for i in 0..20 {
            s.apply(
                &report(
                    Event::IncomingCall,
                    Some(&i.to_string()),
                    None,
                    Some(&i.to_string()),
                ),
                0.0,
            );
        }
        assert_eq!(s.calls.len(), LIVE_CALLS_KEPT);
        assert_eq!(s.calls[0].party.number.as_deref(), Some("12"));
    }

    #[test]
    fn json_shapes() {
        let mut s = CallState::default();
        s.apply(
            &report(Event::IncomingCall, Some("206"), Some("Ada"), Some("c")),
            5.0,
        );
        let json = serde_json::to_value(&s).unwrap_or_default();
        assert_eq!(json["calls"][0]["party"]["number"], "206");
        assert_eq!(json["calls"][0]["phase"], "ringing");
        assert_eq!(json["calls"][0]["direction"], "incoming");
        assert_eq!(json["missed"], serde_json::json!([]));
        assert_eq!(json["forwarding"]["noAnswer"], false);
        let back: CallState = serde_json::from_value(json).unwrap_or_default();
        assert_eq!(back, s);
        let change = Change::Missed {
            call: MissedCall {
                number: Some("206".into()),
                name: None,
                at_ms: 1.0,
            },
        };
        assert_eq!(
            serde_json::to_value(&change).unwrap_or_default(),
            serde_json::json!({"kind": "missed", "call": {"number": "206", "name": null, "atMs": 1.0}})
        );
        assert_eq!(
            serde_json::to_value(s.line()).unwrap_or_default(),
            serde_json::json!({"kind": "ringing", "party": {"number": "206", "name": "Ada"}})
        );
    }
}
