//! Click-to-dial for Htek IP phones.
//!
//! The pure core, tested natively: [`detect`] finds phone numbers in text, [`dial`] turns a found
//! number into what the desk phone must dial, [`phone`] builds the phone's Action URI commands,
//! [`auth`] the HTTP authorization headers, [`settings`] holds and validates the user's settings,
//! [`message`] the typed messages between the extension's parts, [`incoming`] the phone's Action
//! URL events (incoming calls, call state, missed calls, the screen pop) and the receiver's
//! native messages. `web` (wasm32 only) is the thin layer that runs all of it in the browser
//! extension.
//!
//! ```
//! use click_to_dial::{detect, dial, phone::htek::{Account, Command}};
//! let home = detect::plan::Region::find("DE").unwrap();
//! let found = detect::find_numbers("Tel. +33 1 23 45 67 89", Some(home));
//! let number = dial::dial_string(&found[0].number, home);
//! let command = Command::Dial { number, account: Account::Line(2) };
//! assert_eq!(command.path(), "/Phone_ActionURL&Command=1&Number=0033123456789&Account=2");
//! ```

pub mod auth;
pub mod bridge;
pub mod detect;
pub mod dial;
pub mod incoming;
pub mod message;
pub mod pages;
pub mod phone;
pub mod settings;
pub mod text;

#[cfg(all(target_arch = "wasm32", feature = "web"))]
pub mod web;
