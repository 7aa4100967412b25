//! Drives headless Chromium or Firefox, with an unpacked extension loaded, over WebDriver.
//!
//! A small blocking W3C WebDriver client for the project's end-to-end tests and
//! `cargo xtask demo`: it starts chromedriver on a free loopback port, has it start
//! Chromium (`--headless=new`, a fresh or kept profile, the extension), and then navigates,
//! finds elements, runs scripts, clicks like a user (trusted events), reads the console
//! and takes screenshots. Dropping the [`Browser`] stops every process it started.
//!
//! ```no_run
//! use std::time::Duration;
//! use c2d_harness::{extension_id, Browser, BrowserOptions};
//!
//! # fn main() -> Result<(), c2d_harness::Error> {
//! let dir = std::path::Path::new("target/extension");
//! let browser = Browser::launch(BrowserOptions::with_extension(dir))?;
//! browser.goto(&format!("chrome-extension://{}/options.html", extension_id(dir)?))?;
//! let title = browser.wait_for("h1", Duration::from_secs(5))?.text()?;
//! let stored = browser.execute_async("chrome.storage.local.get(null).then(arguments[0])", vec![])?;
//! println!("{title}: {stored}");
//! # Ok(()) }
//! ```
//!
//! Chromium and chromedriver are found through `$CHROMIUM` / `$CHROMEDRIVER` or the usual
//! Debian paths (`apt-get install chromium chromium-driver`); see [`find_chromium`].

mod browser;
pub mod dialer;
mod driver;
mod element;
mod error;
mod extension;
mod locate;
mod logs;
pub mod pages;
mod procs;
mod wire;

pub use browser::{Browser, BrowserKind, BrowserOptions, WindowHandle};
pub use element::Element;
pub use error::Error;
pub use extension::{extension_id, extension_id_from_key, gecko_id, moz_extension_uuid};
pub use locate::{find_chromedriver, find_chromium, find_firefox, find_geckodriver, free_port};
pub use logs::{LogLevel, LogLine};
