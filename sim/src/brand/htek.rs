//! Htek (UC9xx): the default brand. Its requests are read by `crate::action` and routed by
//! `crate::sim` as before brands existed; this module holds its data as a brand: the events
//! of its Setting -> Action URL page with the guide's `$variables`, and what its keys do.
//!
//! Source: `htek-action-url-guide.txt` (the events, the variables, the keys `OK`/`ENTER`
//! answer, `X` ends a call, `DNDOOn`/`DNDOff`).

use crate::brand::Effect;
use crate::events::{Delivery, EventTable, Happening, Var, EVENTS};

/// The Htek events: every event of the Action URL page, six of them sent by the simulator.
pub(crate) const EVENTS_TABLE: EventTable = EventTable {
    events: &EVENTS,
    on: &[
        (Happening::Incoming, "incoming_call"),
        (Happening::Outgoing, "outgoing_call"),
        (Happening::Established, "call_established"),
        (Happening::Terminated, "call_terminated"),
        (Happening::DndOn, "open_dnd"),
        (Happening::DndOff, "close_dnd"),
    ],
    vars: &[
        ("display_remote", Var::DisplayRemote),
        ("display_local", Var::DisplayLocal),
        ("active_user", Var::ActiveUser),
        ("active_host", Var::ActiveHost),
        ("active_url", Var::ActiveUrl),
        ("firmware", Var::Firmware),
        ("call_id", Var::CallId),
        ("remote", Var::Remote),
        ("model", Var::Model),
        ("local", Var::Local),
        ("mac", Var::Mac),
        ("ip", Var::Ip),
    ],
    delivery: Delivery::Get,
};

/// `OK`/`ENTER` answer a ringing call, `X` ends one, `DNDOOn`/`DNDOff` switch DND.
pub(crate) fn key_effect(key: &str) -> Effect {
    match key {
        "OK" | "ENTER" => Effect::Answer,
        "X" => Effect::HangUp,
        "DNDOOn" => Effect::DndOn,
        "DNDOff" => Effect::DndOff,
        _ => Effect::None,
    }
}
