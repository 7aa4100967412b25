//! Click-to-dial for desk phones: Htek, Yealink, Snom, Grandstream, Fanvil and Poly.
//!
//! The pure core, tested natively, in layers (ARCHITECTURE.md draws them; `tests/layers.rs`
//! checks that no import goes up one):
//! 0. [`text`] the words, [`auth`] the HTTP authorization headers, [`detect`] finds phone numbers
//!    in text, [`phone`] the dial string and each brand's commands and answers, [`store`] the keys
//!    of what the extension keeps in the browser's storage;
//! 1. [`dial`] the office's dialing rules and the dial policy, [`pages`] which pages are marked,
//!    [`incoming`] the phone's Action URL events (incoming calls, call state, missed calls, the
//!    screen pop) and the receiver's native messages, [`bridge`] the page bridge's decisions;
//! 2. [`settings`] holds and validates the user's settings;
//! 3. [`command`] turns a found number into the prepared command, and tells its outcome;
//! 4. [`message`] the typed messages between the extension's parts;
//! 5. `web` (wasm32 only), the thin layer that runs all of it in the browser extension.
//!
//! ```
//! use click_to_dial::{detect, phone::{self, htek::{Account, Command}}};
//! let home = detect::plan::Region::find("DE").unwrap();
//! let found = detect::find_numbers("Tel. +33 1 23 45 67 89", Some(home));
//! let number = phone::dial_string(&found[0].number, home);
//! let command = Command::Dial { number, account: Account::Line(2) };
//! assert_eq!(command.path(), "/Phone_ActionURL&Command=1&Number=0033123456789&Account=2");
//! ```

pub mod auth;
pub mod bridge;
pub mod command;
pub mod detect;
pub mod dial;
pub mod incoming;
pub mod message;
pub mod pages;
pub mod phone;
pub mod settings;
pub mod store;
pub mod text;
pub mod uri;

#[cfg(all(target_arch = "wasm32", feature = "web"))]
pub mod web;
