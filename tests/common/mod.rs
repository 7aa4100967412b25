//! What the end-to-end tests share: a world of one simulated phone, the fixture pages on
//! 127.0.0.1 and a browser with the built extension, and the macro that runs a test in both
//! browsers.

#![allow(dead_code)] // each test binary uses a different part

use c2d_harness::dialer::{click_number, wait_for_numbers, Extension, PhoneSettings};
use c2d_harness::{Browser, BrowserKind};
use htek_sim::files::StaticServer;
use htek_sim::{Config, LogEntry, Sim};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How long the phone may take to see a command after a click.
pub const WAIT: Duration = Duration::from_secs(10);

/// One test's world: a phone, the fixture pages, a browser with the extension.
pub struct World {
    pub phone: Sim,
    pub pages: StaticServer,
    pub extension: Extension,
    pub browser: Browser,
}

impl World {
    pub fn new(kind: BrowserKind) -> World {
        Self::with_profile(kind, None)
    }

    pub fn with_profile(kind: BrowserKind, profile: Option<PathBuf>) -> World {
        Self::launched(kind, |extension| extension.launch(profile))
    }

    /// A world whose browser `launch` starts.
    pub fn launched(
        kind: BrowserKind,
        launch: impl FnOnce(&Extension) -> Result<Browser, c2d_harness::Error>,
    ) -> World {
        let phone = Config {
            quiet: true,
            ..Config::default()
        };
        Self::launched_with(kind, phone, launch)
    }

    /// A world with the phone `phone` (another brand, other accounts) and a fresh browser.
    pub fn with_phone(kind: BrowserKind, phone: Config) -> World {
        Self::launched_with(kind, phone, |extension| extension.launch(None))
    }

    fn launched_with(
        kind: BrowserKind,
        phone: Config,
        launch: impl FnOnce(&Extension) -> Result<Browser, c2d_harness::Error>,
    ) -> World {
        let phone = Sim::start("127.0.0.1:0", phone).unwrap();
        let pages = StaticServer::start("127.0.0.1:0", fixtures()).unwrap();
        let extension = Extension::built(kind).unwrap_or_else(|e| panic!("{e}"));
        let browser = launch(&extension).unwrap_or_else(|e| panic!("{e}"));
        World {
            phone,
            pages,
            extension,
            browser,
        }
    }

    /// Saves settings for the simulated phone through the options page.
    pub fn set_up(&self, settings: PhoneSettings) {
        let status = self.extension.configure(&self.browser, &settings).unwrap();
        assert_eq!(status, "Saved.", "the options page refused {settings:?}");
    }

    pub fn settings(&self, account: &str) -> PhoneSettings {
        PhoneSettings {
            account: account.to_string(),
            ..PhoneSettings::new(&self.phone.host_port(), "DE")
        }
    }

    /// Opens the contacts fixture and waits until all its numbers are marked.
    pub fn open_contacts(&self) {
        self.browser
            .goto(&format!("{}/contacts.html", self.pages.base_url()))
            .unwrap();
        wait_for_numbers(&self.browser, expected_numbers().len()).unwrap();
    }

    pub fn click(&self, raw: &str) {
        click_number(&self.browser, raw).unwrap();
    }

    /// The popup's last outcome, after a click.
    pub fn outcome(&self) -> String {
        self.extension.wait_for_outcome(&self.browser).unwrap()
    }

    /// Asserts that a notification of this kind of outcome is on screen (on an extension page).
    pub fn assert_notified(&self, kind: &str) {
        let ids = self.extension.notifications(&self.browser).unwrap();
        assert!(
            ids.iter().any(|id| id.starts_with(&format!("{kind}:"))),
            "notifications: {ids:?}"
        );
    }

    pub fn phone_requests(&self) -> Vec<LogEntry> {
        self.phone
            .log()
            .into_iter()
            .filter(|e| e.path.starts_with("/Phone_ActionURL"))
            .collect()
    }
}

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// The numbers a person would click on the contacts fixture: (raw text, digits the phone dials).
pub fn expected_numbers() -> Vec<(String, String)> {
    let text = std::fs::read_to_string(fixtures().join("contacts.expected.json")).unwrap();
    let expected: Value = serde_json::from_str(&text).unwrap();
    expected["numbers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            (
                n["raw"].as_str().unwrap().to_string(),
                n["dial"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// A fresh directory for a browser profile that outlives one browser.
pub fn tempfile_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "c2d-e2e-profile-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs each named test in each browser: `chromium::<name>` and `firefox::<name>`.
#[macro_export]
macro_rules! in_both_browsers {
    ($($name:ident),* $(,)?) => {
        mod chromium {
            $(#[test] fn $name() { super::$name(super::BrowserKind::Chromium) })*
        }
        mod firefox {
            $(#[test] fn $name() { super::$name(super::BrowserKind::Firefox) })*
        }
    };
}

/// Fails on any error the page (or the extension in it) reported to the console: uncaught
/// exceptions, `console.error`, failed loads other than the favicon. Chromium only: geckodriver
/// has no log endpoint (the React fixture records its errors itself, in both browsers).
pub fn assert_no_page_errors(browser: &Browser) {
    if browser.kind() != BrowserKind::Chromium {
        return;
    }
    let logs = browser.browser_logs().unwrap();
    let errors: Vec<&str> = logs
        .iter()
        .filter(|line| {
            // layer.html's sheet of another origin is missing on purpose.
            line.level == c2d_harness::LogLevel::Severe
                && !line.message.contains("favicon.ico")
                && !line.message.contains("no-such-sheet.css")
        })
        .map(|line| line.message.as_str())
        .collect();
    assert!(errors.is_empty(), "page errors: {errors:#?}");
}

/// The URLs of the extension's own `page` (`ask.html`, `confirm.html`) open now in any window,
/// as an extension page sees them (chromedriver does not list windows an extension opens with
/// `windows.create`). Leaves the harness in a new tab showing one of the extension's pages.
pub fn extension_windows(world: &World, page: &str) -> Vec<String> {
    let browser = &world.browser;
    // While the extension opens its window, chromedriver may answer a new tab with no handle:
    // try again a moment later.
    let tab = (0..20)
        .find_map(|_| {
            let tab = browser.new_tab().ok();
            if tab.is_none() {
                std::thread::sleep(Duration::from_millis(100));
            }
            tab
        })
        .expect("a new tab");
    browser.switch_to(&tab).unwrap();
    browser.goto(&world.extension.url("popup.html")).unwrap();
    let urls = browser
        .execute_async(
            "const page = arguments[0]; const done = arguments[1];
             (globalThis.browser ?? chrome).tabs.query({})
               .then((tabs) => done(tabs.map((t) => t.url).filter((u) => u.includes(`/${page}?`))))",
            vec![Value::from(page)],
        )
        .unwrap();
    urls.as_array()
        .unwrap()
        .iter()
        .map(|u| u.as_str().unwrap().to_string())
        .collect()
}

/// Closes the harness's extra tab and goes back to `page`.
pub fn back_to(browser: &Browser, page: &c2d_harness::WindowHandle) {
    if browser.current_tab().ok().as_ref() != Some(page) {
        let _ = browser.close_tab();
    }
    browser.switch_to(page).unwrap();
}

/// How many of the extension's `page` windows are open now; goes back to `tab`.
pub fn extension_windows_open(world: &World, tab: &c2d_harness::WindowHandle, page: &str) -> usize {
    let open = extension_windows(world, page).len();
    back_to(&world.browser, tab);
    open
}

/// Waits for one of the extension's `page` windows (`ask.html`, `confirm.html`), opens the same
/// extension page (its URL carries the question's id) in a tab the harness drives, lets `check`
/// look at it, and presses `button` (a CSS selector) as a person would. Then closes that tab
/// (Chromium lets the page close itself; Firefox keeps a tab the harness opened), goes back to
/// `tab` and waits until the background closed its window. Returns the question's URL.
pub fn answer_extension_window(
    world: &World,
    tab: &c2d_harness::WindowHandle,
    page: &str,
    button: &str,
    check: impl FnOnce(&Browser),
) -> String {
    let browser = &world.browser;
    let patience = c2d_harness::dialer::PATIENCE;
    let url = browser
        .wait_until(&format!("the extension's {page} window"), patience, |_| {
            let urls = extension_windows(world, page);
            if urls.is_empty() {
                back_to(browser, tab);
            }
            Ok(urls.into_iter().next())
        })
        .unwrap();
    browser.goto(&url).unwrap();
    browser.wait_for("body[data-ready]", patience).unwrap();
    check(browser);
    // The click handler sends the answer before it returns.
    browser.find(button).unwrap().click().unwrap();
    let _ = browser.close_tab();
    browser.switch_to(tab).unwrap();
    browser
        .wait_until("the question closed", patience, |_| {
            let open = extension_windows(world, page);
            back_to(browser, tab);
            Ok(open.is_empty().then_some(()))
        })
        .unwrap();
    url
}

/// Answers the extension's "Dial this number?" window, which must show `number`, with
/// `button` (`dial` or `cancel`); returns the sentence that says why it asked.
pub fn answer_ask(
    world: &World,
    tab: &c2d_harness::WindowHandle,
    number: &str,
    button: &str,
) -> String {
    let mut why = String::new();
    answer_extension_window(world, tab, "ask.html", &format!("#{button}"), |browser| {
        assert_eq!(browser.find("#number").unwrap().text().unwrap(), number);
        why = browser.find("#why").unwrap().text().unwrap();
    });
    why
}

/// Asserts that the phone gets no Action URI request (a dial, or a login attempt) beyond the
/// `before` it had, for all of `window`: something that must not dial.
pub fn assert_phone_gets_nothing_more(world: &World, before: usize, window: Duration, what: &str) {
    let more = world
        .phone
        .wait_for(window, |_| world.phone_requests().len() > before);
    assert!(
        more.is_none(),
        "{what}: the phone got {:#?}",
        &world.phone_requests()[before..]
    );
}

/// Where the card's controls take the pointer below the number at `(x, y)`: its rows of
/// controls top to bottom, each as the middles of its controls left to right (runs of points
/// where the card's host is hit; the rest of the card lets the pointer through, and what is
/// inside its closed shadow root cannot be asked for).
pub fn card_controls(browser: &Browser, x: f64, y: f64) -> Vec<Vec<(f64, f64)>> {
    let rows = browser
        .execute(
            &"const [x, y] = arguments;
             const host = CARD;
             const runsAt = (rowY) => {
               const runs = [];
               let run = null;
               for (let dx = -150; dx <= 300; dx += 3) {
                 if (document.elementFromPoint(x + dx, rowY) === host) {
                   if (!run) runs.push(run = [x + dx, x + dx]);
                   run[1] = x + dx;
                 } else run = null;
               }
               return runs.map(([a, b]) => [(a + b) / 2, rowY]);
             };
             const bands = [];
             let band = null;
             for (let dy = 4; host && dy < 200; dy += 2) {
               const runs = runsAt(y + dy);
               if (runs.length) {
                 if (!band) bands.push(band = []);
                 band.push(runs);
               } else band = null;
             }
             return bands.map((rows) => rows[rows.length >> 1]);"
                .replace("CARD", c2d_harness::dialer::CARD_HOST_JS),
            vec![x.into(), y.into()],
        )
        .unwrap();
    let point = |p: &serde_json::Value| Some((p[0].as_f64()?, p[1].as_f64()?));
    rows.as_array()
        .map(|rows| {
            rows.iter()
                .map(|row| {
                    row.as_array()
                        .map(|r| r.iter().filter_map(point).collect())
                        .unwrap_or_default()
                })
                .collect()
        })
        .unwrap_or_default()
}
