//! The user's settings for incoming calls ([`IncomingSettings`]): whether the receiver runs,
//! where it listens, the Action URLs' token, the CRM page to open for a caller, and whether
//! requests to the phone go only through the receiver. The settings
//! aggregate (`crate::settings::Settings`) keeps them as its `incoming` part.

use super::screen_pop::ScreenPop;
use super::ActionUrlSetup;
use serde::{Deserialize, Serialize};

/// The user's settings for incoming calls (the phone's Action URL events through the receiver).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct IncomingSettings {
    /// Start the receiver and listen for the phone's events.
    pub enabled: bool,
    /// The port the receiver listens on.
    pub port: u16,
    /// The per-install secret in the Action URLs' path; empty until incoming calls are first
    /// turned on (the options page makes one with `token_from_random`).
    pub token: String,
    /// This computer's host name or IP address as the phone reaches it (for the Action URLs).
    pub address: String,
    /// The CRM page to open for a caller, with `{number}` and `{name}`; empty for none.
    pub screen_pop: String,
    /// Open the CRM page by itself when the phone rings.
    pub auto_open: bool,
    /// Send every request to a phone on HTTP through the receiver, and nothing while it is not
    /// running: the receiver sends a request once, where the browser's own stack sends it again
    /// when the phone closes the connection unanswered (a dial twice). The receiver runs for
    /// this even with incoming calls off.
    pub receiver_only: bool,
}

impl Default for IncomingSettings {
    fn default() -> Self {
        IncomingSettings {
            enabled: false,
            port: super::native::DEFAULT_PORT,
            token: String::new(),
            address: String::new(),
            screen_pop: String::new(),
            auto_open: false,
            receiver_only: false,
        }
    }
}

impl IncomingSettings {
    /// Whether the receiver runs: to listen for the phone's events, or to send the requests.
    pub fn needs_receiver(&self) -> bool {
        self.enabled || self.receiver_only
    }

    /// The checked screen-pop template, or `None` when there is none (or it is not valid).
    pub fn screen_pop(&self) -> Option<ScreenPop> {
        ScreenPop::parse(&self.screen_pop).ok()
    }

    /// The Action URLs to paste into the phone, once the address and the token are set.
    pub fn setup(&self) -> Option<ActionUrlSetup> {
        let address = self.address.trim();
        if address.is_empty() {
            return None;
        }
        ActionUrlSetup::new(&format!("http://{address}:{}", self.port), &self.token).ok()
    }
}
