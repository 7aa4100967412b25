//! The user's settings for incoming calls ([`IncomingSettings`]): whether the receiver runs,
//! where it listens, the Action URLs' token, and the CRM page to open for a caller. The settings
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
        }
    }
}

impl IncomingSettings {
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
