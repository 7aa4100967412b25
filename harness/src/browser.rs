//! The browser: launching Chromium under chromedriver, or Firefox under geckodriver, and
//! driving its pages.
//!
//! Firefox differences are kept here: the extension is installed as a temporary add-on after
//! the session starts, its `moz-extension://` host is fixed by a pref (see
//! [`crate::moz_extension_uuid`]), and extension pages are opened through the browser's
//! privileged context because WebDriver may not navigate to them directly.
//!
//! ```no_run
//! use std::time::Duration;
//! use c2d_harness::{Browser, BrowserOptions};
//!
//! # fn main() -> Result<(), c2d_harness::Error> {
//! let browser = Browser::launch(BrowserOptions::default())?;
//! browser.goto("data:text/html,<p id=n>+1 555 0100</p>")?;
//! let number = browser.wait_for("#n", Duration::from_secs(5))?;
//! let (x, y, w, h) = number.rect()?;
//! browser.click_at(x + w / 2.0, y + h / 2.0)?;   // a trusted click, as a user's
//! browser.quit()?;                              // or just drop it
//! # Ok(()) }
//! ```

use std::fs;
use std::path::{Path, PathBuf};
use std::thread;
use std::time::{Duration, Instant};

use base64::Engine as _;
use serde_json::{json, Value};
use tempfile::TempDir;

use crate::driver::Driver;
use crate::element::Element;
use crate::extension::{gecko_id, moz_extension_uuid};
use crate::locate::{
    find_chromedriver, find_chromium, find_firefox, find_geckodriver, try_free_port,
};
use crate::logs::LogLine;
use crate::procs;
use crate::wire::Wire;
use crate::Error;

/// Flags Chromium always gets (besides `--user-data-dir` and the extension's).
const BASE_ARGS: &[&str] = &[
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--no-default-browser-check",
    "--window-size=1280,900",
];
/// How often `wait_for` and `wait_until` look again.
const POLL: Duration = Duration::from_millis(50);
/// How long chromedriver may take to answer `/status` after it starts.
const DRIVER_START: Duration = Duration::from_secs(20);
/// How many ports to try when another process takes ours between pick and bind.
const PORT_ATTEMPTS: usize = 3;
/// How long chromedriver may take to close the session (it waits for Chromium to exit).
const SESSION_CLOSE: Duration = Duration::from_secs(30);
/// How long Chromium may take to exit after its session is deleted.
const BROWSER_EXIT: Duration = Duration::from_secs(20);
/// How long Chromium's helper processes may take to exit after the browser process.
const HELPERS_EXIT: Duration = Duration::from_secs(5);

/// Which browser to drive.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum BrowserKind {
    /// Chromium under chromedriver.
    #[default]
    Chromium,
    /// Firefox (ESR) under geckodriver.
    Firefox,
}

impl BrowserKind {
    /// Both, Chromium first.
    pub const ALL: [BrowserKind; 2] = [BrowserKind::Chromium, BrowserKind::Firefox];

    /// Lower-case name: "chromium", "firefox" (also the extension's `dist/` directory).
    pub fn name(self) -> &'static str {
        match self {
            BrowserKind::Chromium => "chromium",
            BrowserKind::Firefox => "firefox",
        }
    }

    fn find_binary(self) -> Result<PathBuf, Error> {
        match self {
            BrowserKind::Chromium => find_chromium(),
            BrowserKind::Firefox => find_firefox(),
        }
    }

    fn find_driver(self) -> Result<PathBuf, Error> {
        match self {
            BrowserKind::Chromium => find_chromedriver(),
            BrowserKind::Firefox => find_geckodriver(),
        }
    }

    /// The driver's flags after `--port`.
    fn driver_flags(self) -> &'static [&'static str] {
        match self {
            // Pass Chromium's stderr through: when it fails to start, the reason is there.
            BrowserKind::Chromium => &["--enable-chrome-logs"],
            // Lets the harness open extension pages through the browser's own window.
            BrowserKind::Firefox => &["--allow-system-access"],
        }
    }
}

/// How to start the browser. `BrowserOptions::default()` is a plain Chromium on a fresh
/// profile with no extension.
#[derive(Clone, Debug, Default)]
pub struct BrowserOptions {
    /// Chromium (default) or Firefox.
    pub kind: BrowserKind,
    /// An unpacked extension to load (Chromium: `--load-extension` and
    /// `--disable-extensions-except`; Firefox: a temporary add-on).
    pub extension_dir: Option<PathBuf>,
    /// `Some`: use this profile directory and keep it, so a test can quit and relaunch on
    /// the same profile. `None`: a fresh temporary directory, removed on drop.
    pub profile_dir: Option<PathBuf>,
    /// More browser flags, after the standard ones (a later flag wins over an earlier one).
    pub extra_args: Vec<String>,
    /// More Firefox prefs (name, JSON value), after the standard ones; ignored by Chromium.
    pub prefs: Vec<(String, Value)>,
    /// Environment variables for the driver and so the browser (e.g. `LANGUAGE=de`: Chromium on
    /// Linux takes its UI language from the environment, not from `--lang`).
    pub env: Vec<(String, String)>,
    /// The browser binary; default [`find_chromium`] or [`find_firefox`].
    pub binary: Option<PathBuf>,
    /// The driver binary; default [`find_chromedriver`] or [`find_geckodriver`].
    pub driver: Option<PathBuf>,
}

impl BrowserOptions {
    /// Default options (Chromium) with `extension_dir` loaded.
    pub fn with_extension(extension_dir: impl Into<PathBuf>) -> BrowserOptions {
        BrowserOptions {
            extension_dir: Some(extension_dir.into()),
            ..BrowserOptions::default()
        }
    }
}

/// Firefox prefs: notifications kept by Firefox itself (no desktop notification daemon in
/// a headless session), and extension storage and UUID kept when a temporary add-on is
/// removed at shutdown, so that a relaunch on the same profile finds its settings again.
const FIREFOX_PREFS: &[(&str, bool)] = &[
    ("alerts.useSystemBackend", false),
    ("extensions.webextensions.keepStorageOnUninstall", true),
    ("extensions.webextensions.keepUuidOnUninstall", true),
    ("browser.shell.checkDefaultBrowser", false),
    ("datareporting.policy.dataSubmissionEnabled", false),
];
/// Firefox flags, besides `-profile`.
const FIREFOX_ARGS: &[&str] = &["-headless", "--window-size=1280,900"];

/// A window handle (a tab), as chromedriver names it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct WindowHandle(pub String);

impl WindowHandle {
    /// The handle as chromedriver wrote it.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The user-data directory: ours to delete, or the caller's to keep.
enum Profile {
    Temp(TempDir),
    Kept(PathBuf),
}

impl Profile {
    fn prepare(dir: Option<&Path>) -> Result<Profile, Error> {
        match dir {
            Some(dir) => fs::create_dir_all(dir)
                .and_then(|()| dir.canonicalize())
                .map(Profile::Kept)
                .map_err(|source| Error::Profile {
                    path: dir.into(),
                    source,
                }),
            None => tempfile::Builder::new()
                .prefix("c2d-profile-")
                .tempdir()
                .map(Profile::Temp)
                .map_err(|source| Error::Profile {
                    path: std::env::temp_dir(),
                    source,
                }),
        }
    }

    fn path(&self) -> &Path {
        match self {
            Profile::Temp(dir) => dir.path(),
            Profile::Kept(dir) => dir,
        }
    }
}

/// A headless browser driven through its WebDriver driver.
///
/// Owns the driver process (and so the browser) and the WebDriver session. Dropping it
/// closes the session cleanly, stops every process it started and removes a temporary
/// profile; [`Browser::quit`] does the same and reports what went wrong.
pub struct Browser {
    kind: BrowserKind,
    wire: Wire,
    browser_pid: Option<u32>,
    closed: bool,
    // Dropped in this order: processes first, then the profile they were using.
    driver: Driver,
    profile: Profile,
}

impl Browser {
    /// Starts chromedriver on a free loopback port and, through it, Chromium.
    ///
    /// # Errors
    /// [`Error::ChromiumNotFound`], [`Error::ChromedriverNotFound`], [`Error::Extension`]
    /// (no `manifest.json` in `extension_dir`), [`Error::Profile`], [`Error::Spawn`],
    /// [`Error::DriverExited`] / [`Error::DriverNotReady`] (with chromedriver's output),
    /// [`Error::SessionNotCreated`] (Chromium did not start).
    pub fn launch(options: BrowserOptions) -> Result<Browser, Error> {
        let kind = options.kind;
        let binary = options
            .binary
            .clone()
            .map_or_else(|| kind.find_binary(), Ok)?;
        let driver_program = options
            .driver
            .clone()
            .map_or_else(|| kind.find_driver(), Ok)?;
        let extension = options
            .extension_dir
            .as_deref()
            .map(check_extension)
            .transpose()?;
        let profile = Profile::prepare(options.profile_dir.as_deref())?;
        let capabilities = match kind {
            BrowserKind::Chromium => {
                let args = chromium_args(profile.path(), extension.as_deref(), &options.extra_args);
                chromium_capabilities(&binary, &args)
            }
            BrowserKind::Firefox => {
                let addon = extension.as_deref().map(gecko_id).transpose()?;
                firefox_capabilities(&binary, profile.path(), addon.as_deref(), &options)
            }
        };
        let driver = start_driver(&driver_program, kind.driver_flags(), &options.env)?;
        let (wire, matched) = Wire::new_session(&driver.base_url(), capabilities)
            .map_err(|err| session_error(err, &driver))?;
        let browser_pid = ["goog:processID", "moz:processID"]
            .iter()
            .find_map(|key| matched.get(key))
            .and_then(Value::as_u64)
            .and_then(|pid| u32::try_from(pid).ok());
        let browser = Browser {
            kind,
            wire,
            browser_pid,
            closed: false,
            driver,
            profile,
        };
        if let (BrowserKind::Firefox, Some(dir)) = (kind, extension) {
            browser.install_temporary_addon(&dir)?;
        }
        Ok(browser)
    }

    /// Which browser this is.
    pub fn kind(&self) -> BrowserKind {
        self.kind
    }

    /// Firefox: installs the unpacked add-on in `dir` for this session.
    fn install_temporary_addon(&self, dir: &Path) -> Result<(), Error> {
        let body = json!({ "path": dir.to_string_lossy(), "temporary": true });
        self.wire.post("/moz/addon/install", body).map(drop)
    }

    /// Opens `url` in the current tab and waits for it to load (at most 30 s).
    ///
    /// # Errors
    /// [`Error::WebDriver`], e.g. `timeout` or `unknown error: net::ERR_CONNECTION_REFUSED`.
    pub fn goto(&self, url: &str) -> Result<(), Error> {
        if self.kind == BrowserKind::Firefox && url.starts_with("moz-extension:") {
            return self.goto_extension_page(url);
        }
        self.wire.post("/url", json!({ "url": url }))?;
        if self.kind == BrowserKind::Firefox {
            self.settle()?;
        }
        Ok(())
    }

    /// Firefox: after a navigation that switched processes (from an extension page to a web
    /// page), the tab's first browsing context may be discarded for a moment; waits until
    /// scripts run in the new one.
    fn settle(&self) -> Result<(), Error> {
        self.wait_until(
            "the new page to be scriptable",
            Duration::from_secs(10),
            |browser| {
                browser
                    .execute("return document.readyState", vec![])
                    .map(Some)
            },
        )
        .map(drop)
    }

    /// Firefox refuses WebDriver navigation to `moz-extension://` pages, so the tab is told
    /// to load it from the privileged (chrome) context of its own window (not the most recent
    /// one, which may be a window the extension opened), and the harness waits for the new
    /// document (the old one is marked first, so that reloading the same URL is seen too).
    fn goto_extension_page(&self, url: &str) -> Result<(), Error> {
        self.wait_until(
            "the current page to be scriptable",
            Duration::from_secs(10),
            |browser| {
                browser
                    .execute("window.__c2dHarnessLeft = true", vec![])
                    .map(Some)
            },
        )?;
        self.wire
            .post("/moz/context", json!({ "context": "chrome" }))?;
        let opened = self.execute(
            "window.openTrustedLinkIn(arguments[0], 'current')",
            vec![json!(url)],
        );
        self.wire
            .post("/moz/context", json!({ "context": "content" }))?;
        opened?;
        self.wait_until(
            &format!("{url} to load"),
            Duration::from_secs(30),
            |browser| {
                let state = browser.execute(
                    "return window.__c2dHarnessLeft ? null : [location.href, document.readyState]",
                    vec![],
                )?;
                Ok((state == json!([url, "complete"])).then_some(()))
            },
        )
    }

    /// The current tab's URL.
    ///
    /// # Errors
    /// [`Error::WebDriver`] or [`Error::Protocol`].
    pub fn current_url(&self) -> Result<String, Error> {
        string("GET /url", self.wire.get("/url")?)
    }

    /// The first element matching the CSS selector `css`.
    ///
    /// # Errors
    /// [`Error::NotFound`] if nothing matches right now (to wait, see [`Browser::wait_for`]);
    /// [`Error::WebDriver`] for an invalid selector.
    pub fn find(&self, css: &str) -> Result<Element, Error> {
        let answer = self
            .wire
            .post("/element", locator(css))
            .map_err(|err| not_found(err, css))?;
        Element::from_json(&self.wire, "POST /element", &answer)
    }

    /// All elements matching the CSS selector `css`, in document order (maybe none).
    ///
    /// # Errors
    /// [`Error::WebDriver`] for an invalid selector.
    pub fn find_all(&self, css: &str) -> Result<Vec<Element>, Error> {
        let answer = self.wire.post("/elements", locator(css))?;
        let Value::Array(references) = answer else {
            return Err(Error::Protocol {
                command: "POST /elements".into(),
                detail: format!("not an array: {answer}"),
            });
        };
        references
            .iter()
            .map(|reference| Element::from_json(&self.wire, "POST /elements", reference))
            .collect()
    }

    /// Waits (polling every 50 ms) until an element matches `css`, and returns it.
    ///
    /// # Errors
    /// [`Error::Timeout`] naming the selector; [`Error::WebDriver`] for a bad selector.
    pub fn wait_for(&self, css: &str, timeout: Duration) -> Result<Element, Error> {
        let what = format!("an element matching CSS selector `{css}`");
        self.wait_until(&what, timeout, |browser| match browser.find(css) {
            Ok(element) => Ok(Some(element)),
            Err(Error::NotFound(_)) => Ok(None),
            Err(err) => Err(err),
        })
    }

    /// Calls `f` every 50 ms until it returns `Some`, at least once and for at most
    /// `timeout`. `what` describes the awaited thing for the error message. A poll that meets
    /// a page on its way out (its script cut off by a navigation) counts as "not yet".
    ///
    /// # Errors
    /// [`Error::Timeout`] with `what`; any other error `f` returns, at once.
    pub fn wait_until<T>(
        &self,
        what: &str,
        timeout: Duration,
        mut f: impl FnMut(&Browser) -> Result<Option<T>, Error>,
    ) -> Result<T, Error> {
        let start = Instant::now();
        loop {
            match f(self) {
                Ok(Some(value)) => return Ok(value),
                Ok(None) => {}
                Err(err) if is_page_changing(&err) => {}
                Err(other) => return Err(other),
            }
            let elapsed = start.elapsed();
            if elapsed >= timeout {
                return Err(Error::Timeout {
                    what: what.into(),
                    waited: timeout,
                });
            }
            thread::sleep(POLL.min(timeout - elapsed));
        }
    }

    /// Runs `script` as the body of a function in the page (`arguments[i]` are `args`;
    /// [`Element::to_json`] passes an element) and returns what it `return`s, as JSON.
    ///
    /// # Errors
    /// [`Error::WebDriver`] with `error == "javascript error"` if the script throws.
    pub fn execute(&self, script: &str, args: Vec<Value>) -> Result<Value, Error> {
        let body = json!({ "script": script, "args": args });
        self.wire.post("/execute/sync", body)
    }

    /// Like [`Browser::execute`], but the script gets a callback as its last argument and
    /// the result is what it passes to that callback (at most 30 s later), e.g.
    /// `chrome.storage.local.get(null).then(arguments[0])`.
    ///
    /// # Errors
    /// [`Error::WebDriver`]: `javascript error`, or `script timeout` if the callback is not
    /// called within 30 s.
    pub fn execute_async(&self, script: &str, args: Vec<Value>) -> Result<Value, Error> {
        let body = json!({ "script": script, "args": args });
        self.wire.post("/execute/async", body)
    }

    /// A real mouse click at viewport coordinates `(x, y)` in CSS pixels (W3C Actions:
    /// move, press, release). The page sees `isTrusted === true`, unlike `el.click()`
    /// from a script.
    ///
    /// # Errors
    /// [`Error::WebDriver`], e.g. `move target out of bounds` outside the viewport.
    pub fn click_at(&self, x: f64, y: f64) -> Result<(), Error> {
        let actions = json!({ "actions": [{
            "type": "pointer",
            "id": "c2d-mouse",
            "parameters": { "pointerType": "mouse" },
            "actions": [
                { "type": "pointerMove", "duration": 0, "origin": "viewport", "x": x, "y": y },
                { "type": "pointerDown", "button": 0 },
                { "type": "pointerUp", "button": 0 },
            ],
        }]});
        self.wire.post("/actions", actions)?;
        self.wire.delete("/actions").map(drop)
    }

    /// How long [`Browser::execute_async`] scripts may run (30 s unless set).
    ///
    /// # Errors
    /// [`Error::WebDriver`].
    pub fn set_script_timeout(&self, timeout: Duration) -> Result<(), Error> {
        let ms = u64::try_from(timeout.as_millis()).unwrap_or(u64::MAX);
        self.wire
            .post("/timeouts", json!({ "script": ms }))
            .map(drop)
    }

    /// A real mouse click at `(dx, dy)` CSS pixels from the in-view centre point of `element`
    /// (its WebDriver reference as a script returned it): the middle of its first box, cut to
    /// the viewport, as WebDriver defines it. Unlike [`Browser::click_at`], this works inside
    /// frames, whose viewport is not the window's.
    ///
    /// # Errors
    /// [`Error::WebDriver`], e.g. `move target out of bounds`.
    pub fn click_near(&self, element: &Value, dx: f64, dy: f64) -> Result<(), Error> {
        let actions = json!({ "actions": [{
            "type": "pointer",
            "id": "c2d-mouse",
            "parameters": { "pointerType": "mouse" },
            "actions": [
                { "type": "pointerMove", "duration": 0, "origin": element, "x": dx.round(), "y": dy.round() },
                { "type": "pointerDown", "button": 0 },
                { "type": "pointerUp", "button": 0 },
            ],
        }]});
        self.wire.post("/actions", actions)?;
        self.wire.delete("/actions").map(drop)
    }

    /// Moves the mouse pointer to viewport coordinates `(x, y)` without clicking (W3C Actions),
    /// as a person hovering.
    ///
    /// # Errors
    /// [`Error::WebDriver`], e.g. `move target out of bounds` outside the viewport.
    pub fn move_to(&self, x: f64, y: f64) -> Result<(), Error> {
        let actions = json!({ "actions": [{
            "type": "pointer",
            "id": "c2d-mouse",
            "parameters": { "pointerType": "mouse" },
            "actions": [{ "type": "pointerMove", "duration": 100, "origin": "viewport", "x": x, "y": y }],
        }]});
        self.wire.post("/actions", actions).map(drop)
    }

    /// Opens a new, blank tab and returns its handle; the current tab stays current (use
    /// [`Browser::switch_to`]).
    ///
    /// # Errors
    /// [`Error::WebDriver`] or [`Error::Protocol`].
    pub fn new_tab(&self) -> Result<WindowHandle, Error> {
        let answer = self.wire.post("/window/new", json!({ "type": "tab" }))?;
        let handle = answer.get("handle").cloned().unwrap_or(Value::Null);
        string("POST /window/new", handle).map(WindowHandle)
    }

    /// Makes `handle`'s tab the one commands go to.
    ///
    /// # Errors
    /// [`Error::WebDriver`] with `no such window` if it was closed.
    pub fn switch_to(&self, handle: &WindowHandle) -> Result<(), Error> {
        let body = json!({ "handle": handle.as_str() });
        self.wire.post("/window", body).map(drop)
    }

    /// Sends the following commands into `frame` (an `<iframe>` of the current page), or back
    /// to the top-level page with `None`.
    ///
    /// # Errors
    /// [`Error::WebDriver`], e.g. `no such frame`.
    pub fn switch_to_frame(&self, frame: Option<&Element>) -> Result<(), Error> {
        let id = frame.map_or(Value::Null, Element::to_json);
        self.wire.post("/frame", json!({ "id": id })).map(drop)
    }

    /// The handle of the tab commands go to.
    ///
    /// # Errors
    /// [`Error::WebDriver`] with `no such window` if it was closed.
    pub fn current_tab(&self) -> Result<WindowHandle, Error> {
        string("GET /window", self.wire.get("/window")?).map(WindowHandle)
    }

    /// The handles of all open tabs.
    ///
    /// # Errors
    /// [`Error::WebDriver`] or [`Error::Protocol`].
    pub fn window_handles(&self) -> Result<Vec<WindowHandle>, Error> {
        handles("GET /window/handles", self.wire.get("/window/handles")?)
    }

    /// Closes the current tab and returns the handles of those left; switch to one of
    /// them before sending more commands.
    ///
    /// # Errors
    /// [`Error::WebDriver`] or [`Error::Protocol`].
    pub fn close_tab(&self) -> Result<Vec<WindowHandle>, Error> {
        handles("DELETE /window", self.wire.delete("/window")?)
    }

    /// The browser console lines (`console.*`, uncaught exceptions, failed loads) logged
    /// since the previous call, from every tab's pages, extension pages included. The
    /// extension's service worker is not a page: its console lines show up only in
    /// [`Browser::driver_output`], as `INFO:CONSOLE` lines.
    ///
    /// # Errors
    /// [`Error::WebDriver`] or [`Error::Protocol`].
    pub fn browser_logs(&self) -> Result<Vec<LogLine>, Error> {
        if self.kind == BrowserKind::Firefox {
            return Err(Error::Unsupported(
                "browser logs (geckodriver has no log endpoint)".into(),
            ));
        }
        let answer = self.wire.post("/se/log", json!({ "type": "browser" }))?;
        let Value::Array(entries) = answer else {
            return Err(Error::Protocol {
                command: "POST /se/log".into(),
                detail: format!("not an array: {answer}"),
            });
        };
        Ok(entries.iter().map(LogLine::from_json).collect())
    }

    /// Sends a Chrome DevTools Protocol command through chromedriver (`goog/cdp/execute`) to
    /// the current tab's target and returns its result, e.g. `Target.getTargets`.
    ///
    /// # Errors
    /// [`Error::Unsupported`] in Firefox; [`Error::WebDriver`] when Chromium refuses the
    /// command.
    pub fn cdp(&self, command: &str, params: Value) -> Result<Value, Error> {
        if self.kind == BrowserKind::Firefox {
            return Err(Error::Unsupported(format!(
                "the DevTools protocol ({command}) through geckodriver"
            )));
        }
        self.wire.post(
            "/goog/cdp/execute",
            json!({ "cmd": command, "params": params }),
        )
    }

    /// A PNG of the current tab's viewport.
    ///
    /// # Errors
    /// [`Error::WebDriver`] or [`Error::Protocol`].
    pub fn screenshot_png(&self) -> Result<Vec<u8>, Error> {
        let encoded = string("GET /screenshot", self.wire.get("/screenshot")?)?;
        base64::engine::general_purpose::STANDARD
            .decode(encoded.as_bytes())
            .map_err(|err| Error::Protocol {
                command: "GET /screenshot".into(),
                detail: format!("not base64: {err}"),
            })
    }

    /// The `--user-data-dir` in use.
    pub fn profile_dir(&self) -> &Path {
        self.profile.path()
    }

    /// The Chromium browser process id, as chromedriver reported it.
    pub fn browser_pid(&self) -> Option<u32> {
        self.browser_pid
    }

    /// The chromedriver process id.
    pub fn driver_pid(&self) -> u32 {
        self.driver.pid()
    }

    /// Every live process this browser consists of: chromedriver, Chromium and its
    /// helpers (its process group), and Chromium's crashpad handlers, which leave the
    /// group but carry an environment variable set for this browser. None of them is left
    /// after [`Browser::quit`] or drop, which a test can check with the list from before.
    pub fn processes(&self) -> Vec<u32> {
        self.driver.processes()
    }

    /// The last lines chromedriver and Chromium printed (Chromium's log, with console
    /// messages as `INFO:CONSOLE` lines), for a failing test to show.
    pub fn driver_output(&self) -> String {
        self.driver.output()
    }

    /// Closes the browser cleanly (so a kept profile is written out, extension storage
    /// included), waits for Chromium to exit, and stops chromedriver.
    ///
    /// # Errors
    /// [`Error::Http`] / [`Error::WebDriver`] if the session could not be closed (the
    /// processes are killed anyway), [`Error::Shutdown`] if Chromium did not exit in 20 s.
    pub fn quit(mut self) -> Result<(), Error> {
        self.closed = true;
        self.shutdown()
    }

    fn shutdown(&mut self) -> Result<(), Error> {
        let closed = self.wire.delete_session(SESSION_CLOSE);
        let exited = match &closed {
            Ok(_) => self.wait_browser_exit(),
            Err(_) => Ok(()),
        };
        self.driver.stop(HELPERS_EXIT);
        closed.and(exited)
    }

    fn wait_browser_exit(&self) -> Result<(), Error> {
        let Some(pid) = self.browser_pid else {
            return Ok(());
        };
        let start = Instant::now();
        while procs::running(pid) {
            if start.elapsed() >= BROWSER_EXIT {
                return Err(Error::Shutdown {
                    detail: format!(
                        "Chromium (pid {pid}) still ran {BROWSER_EXIT:?} after its session \
                         was closed; it was killed"
                    ),
                });
            }
            thread::sleep(POLL);
        }
        Ok(())
    }
}

impl Drop for Browser {
    /// Closes the session cleanly, except Firefox on a temporary profile: its clean shutdown
    /// takes about six seconds, and nothing it would write out is kept, so its processes are
    /// killed at once (none is left either way).
    fn drop(&mut self) {
        if !self.closed {
            self.closed = true;
            if self.kind == BrowserKind::Firefox && matches!(self.profile, Profile::Temp(_)) {
                self.driver.kill();
            } else {
                let _ = self.shutdown();
            }
        }
    }
}

/// The canonical path of an extension directory that has a `manifest.json`.
fn check_extension(dir: &Path) -> Result<PathBuf, Error> {
    let missing = |detail: String| Error::Extension {
        path: dir.into(),
        detail,
    };
    let dir = dir
        .canonicalize()
        .map_err(|err| missing(format!("cannot open the directory: {err}; build it first")))?;
    if !dir.join("manifest.json").is_file() {
        return Err(missing(
            "no manifest.json in it; is it the unpacked extension?".into(),
        ));
    }
    Ok(dir)
}

/// Every flag Chromium gets, in order.
fn chromium_args(profile: &Path, extension: Option<&Path>, extra: &[String]) -> Vec<String> {
    let mut args: Vec<String> = BASE_ARGS.iter().map(|arg| arg.to_string()).collect();
    args.push(format!("--user-data-dir={}", profile.display()));
    if let Some(dir) = extension {
        args.push(format!("--load-extension={}", dir.display()));
        args.push(format!("--disable-extensions-except={}", dir.display()));
    }
    args.extend(extra.iter().cloned());
    args
}

/// The W3C capabilities for a new Firefox session: `profile` used in place, the add-on's
/// `moz-extension://` host fixed (see [`moz_extension_uuid`]).
fn firefox_capabilities(
    firefox: &Path,
    profile: &Path,
    addon: Option<&str>,
    options: &BrowserOptions,
) -> Value {
    let mut prefs: serde_json::Map<String, Value> = FIREFOX_PREFS
        .iter()
        .map(|(name, value)| (name.to_string(), json!(value)))
        .collect();
    prefs.extend(options.prefs.iter().cloned());
    if let Some(id) = addon {
        let uuids = json!({ id: moz_extension_uuid(id) }).to_string();
        prefs.insert("extensions.webextensions.uuids".into(), json!(uuids));
    }
    let mut args: Vec<String> = FIREFOX_ARGS.iter().map(|arg| arg.to_string()).collect();
    args.extend(["-profile".to_string(), profile.display().to_string()]);
    args.extend(options.extra_args.iter().cloned());
    json!({
        "browserName": "firefox",
        "pageLoadStrategy": "normal",
        "timeouts": { "implicit": 0, "pageLoad": 30_000, "script": 30_000 },
        "moz:firefoxOptions": {
            "binary": firefox.to_string_lossy(),
            "args": args,
            "prefs": prefs,
        },
    })
}

/// The W3C capabilities for a new Chromium session.
fn chromium_capabilities(chromium: &Path, args: &[String]) -> Value {
    json!({
        "browserName": "chrome",
        "pageLoadStrategy": "normal",
        "timeouts": { "implicit": 0, "pageLoad": 30_000, "script": 30_000 },
        "goog:loggingPrefs": { "browser": "ALL" },
        "goog:chromeOptions": {
            "binary": chromium.to_string_lossy(),
            "args": args,
        },
    })
}

/// The driver, ready, on a free port; tries another port if ours was taken meanwhile.
fn start_driver(program: &Path, flags: &[&str], env: &[(String, String)]) -> Result<Driver, Error> {
    let mut attempt = 1;
    loop {
        let mut driver = Driver::spawn(program, try_free_port()?, flags, env)?;
        match driver.wait_ready(DRIVER_START) {
            Ok(()) => return Ok(driver),
            Err(Error::DriverExited { output, .. })
                if attempt < PORT_ATTEMPTS && output.contains("ddress already in use") =>
            {
                attempt += 1;
            }
            Err(err) => return Err(err),
        }
    }
}

/// Adds chromedriver's output to a failed `POST /session`, which is where Chromium's own
/// complaints (bad flag, missing library, crash) end up.
fn session_error(err: Error, driver: &Driver) -> Error {
    match err {
        Error::WebDriver { message, .. } => Error::SessionNotCreated {
            message,
            output: driver.output_after_exit(),
        },
        Error::Http { detail, .. } => Error::SessionNotCreated {
            message: format!("no answer: {detail}"),
            output: driver.output_after_exit(),
        },
        other => other,
    }
}

fn locator(css: &str) -> Value {
    json!({ "using": "css selector", "value": css })
}

fn not_found(err: Error, css: &str) -> Error {
    match err {
        Error::WebDriver { error, .. } if error == "no such element" => Error::NotFound(css.into()),
        other => other,
    }
}

fn string(command: &str, value: Value) -> Result<String, Error> {
    match value {
        Value::String(text) => Ok(text),
        other => Err(Error::Protocol {
            command: command.into(),
            detail: format!("not a string: {other}"),
        }),
    }
}

fn handles(command: &str, value: Value) -> Result<Vec<WindowHandle>, Error> {
    let Value::Array(items) = value else {
        return Err(Error::Protocol {
            command: command.into(),
            detail: format!("not an array: {value}"),
        });
    };
    items
        .into_iter()
        .map(|item| string(command, item).map(WindowHandle))
        .collect()
}

/// Whether `err` is Firefox telling that a script met a document on its way out: the tab's
/// browsing context was swapped (`no such window`), or the old document was torn down while
/// the script ran: Firefox stops the script without an exception, which `evalInSandbox` reports
/// as `NS_ERROR_OUT_OF_MEMORY` (nothing to do with memory), or Marionette names an unloaded or
/// discarded document. [`Browser::wait_until`] polls again on these.
fn is_page_changing(err: &Error) -> bool {
    match err {
        Error::WebDriver { error, message, .. } => {
            error == "no such window"
                || (error == "javascript error"
                    && [
                        "NS_ERROR_OUT_OF_MEMORY",
                        "unloaded",
                        "discarded",
                        "dead object",
                    ]
                    .iter()
                    .any(|sign| message.contains(sign)))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extension_flags_follow_the_standard_ones_and_extras_come_last() {
        let extra = vec!["--lang=de".to_string()];
        let args = chromium_args(Path::new("/p"), Some(Path::new("/ext")), &extra);
        assert_eq!(args[0], "--headless=new");
        assert!(args.contains(&"--window-size=1280,900".to_string()));
        let tail: Vec<&str> = args[args.len() - 4..].iter().map(String::as_str).collect();
        assert_eq!(
            tail,
            [
                "--user-data-dir=/p",
                "--load-extension=/ext",
                "--disable-extensions-except=/ext",
                "--lang=de"
            ]
        );
    }

    #[test]
    fn no_extension_means_no_extension_flags() {
        let args = chromium_args(Path::new("/p"), None, &[]);
        assert!(!args.iter().any(|arg| arg.contains("extension")));
    }

    #[test]
    fn handles_cross_threads() {
        fn send_and_sync<T: Send + Sync>() {}
        send_and_sync::<Browser>();
        send_and_sync::<Element>();
        send_and_sync::<Error>();
    }

    #[test]
    fn a_script_cut_off_by_a_navigation_is_told_apart_from_a_failing_one() {
        let webdriver = |error: &str, message: &str| Error::WebDriver {
            command: "POST /session/{id}/execute/sync".into(),
            error: error.into(),
            message: message.into(),
        };
        let torn_down = "[Exception... \"Component returned failure code: 0x8007000e \
            (NS_ERROR_OUT_OF_MEMORY) [nsIXPCComponents_Utils.evalInSandbox]\"";
        assert!(is_page_changing(&webdriver("javascript error", torn_down)));
        assert!(is_page_changing(&webdriver("no such window", "")));
        assert!(!is_page_changing(&webdriver(
            "javascript error",
            "TypeError: x is undefined"
        )));
        assert!(!is_page_changing(&webdriver("timeout", "unloaded")));
    }

    #[test]
    fn a_directory_without_manifest_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let err = check_extension(dir.path()).unwrap_err();
        assert!(err.to_string().contains("no manifest.json"), "{err}");
    }
}
