//! The click-to-dial extension driven the way a user drives it: set it up on its options page,
//! click a number on a page, read the outcome in its popup. Shared by the end-to-end tests and
//! the demo's scripted walk, so both exercise the same real path.
//!
//! ```no_run
//! use c2d_harness::{dialer::{Extension, PhoneSettings}, BrowserKind};
//! # fn main() -> Result<(), c2d_harness::Error> {
//! let extension = Extension::built(BrowserKind::Firefox)?;
//! let browser = extension.launch(None)?;
//! let status = extension.configure(&browser, &PhoneSettings::new("127.0.0.1:8088", "DE"))?;
//! assert_eq!(status, "Saved.");
//! # Ok(()) }
//! ```

use crate::{
    extension_id, gecko_id, moz_extension_uuid, Browser, BrowserKind, BrowserOptions, Error,
};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How long a page of the extension, or a marked number, may take to appear.
pub const PATIENCE: Duration = Duration::from_secs(15);

/// A built, unpacked extension (`dist/<browser>/`), the browser it is for, and the base URL of
/// its pages (`chrome-extension://<id>/`, `moz-extension://<uuid>/`).
#[derive(Debug, Clone)]
pub struct Extension {
    pub dir: PathBuf,
    pub kind: BrowserKind,
    pub base_url: String,
}

/// What the user types into the options page.
#[derive(Debug, Clone)]
pub struct PhoneSettings {
    pub address: String,
    pub username: String,
    pub password: String,
    /// "auto" or "1" to "4".
    pub account: String,
    /// A region code ("DE"), or "" for the browser's language.
    pub country: String,
    /// The user's other countries as typed ("AT, CH"), "" for none.
    pub other_countries: String,
}

impl PhoneSettings {
    /// admin/admin on account 1 of the phone at `address`, numbers read as numbers of `country`.
    pub fn new(address: &str, country: &str) -> Self {
        PhoneSettings {
            address: address.to_string(),
            username: "admin".to_string(),
            password: "admin".to_string(),
            account: "1".to_string(),
            country: country.to_string(),
            other_countries: String::new(),
        }
    }
}

impl Extension {
    /// The extension for `kind` built in `dir`.
    ///
    /// # Errors
    /// When `dir` holds no built extension for that browser.
    pub fn at(dir: &Path, kind: BrowserKind) -> Result<Self, Error> {
        if !dir.join("pkg").is_dir() {
            return Err(Error::Extension {
                path: dir.to_path_buf(),
                detail: "no built extension here (pkg/ is missing): run `cargo xtask build`"
                    .to_string(),
            });
        }
        let base_url = match kind {
            BrowserKind::Chromium => format!("chrome-extension://{}/", extension_id(dir)?),
            BrowserKind::Firefox => {
                format!("moz-extension://{}/", moz_extension_uuid(&gecko_id(dir)?))
            }
        };
        Ok(Extension {
            dir: dir.to_path_buf(),
            kind,
            base_url,
        })
    }

    /// The build for `kind` in `$C2D_DIST/<browser>/`, else in the workspace's `dist/<browser>/`.
    ///
    /// # Errors
    /// When there is no build there.
    pub fn built(kind: BrowserKind) -> Result<Self, Error> {
        let dist = std::env::var_os("C2D_DIST").map_or_else(
            || Path::new(env!("CARGO_MANIFEST_DIR")).join("../dist"),
            PathBuf::from,
        );
        Self::at(&dist.join(kind.name()), kind)
    }

    /// The URL of one of the extension's pages ("options.html").
    pub fn url(&self, page: &str) -> String {
        format!("{}{page}", self.base_url)
    }

    /// Starts its headless browser with the extension, on `profile` (kept) or a fresh profile.
    ///
    /// # Errors
    /// When the browser or its driver cannot be started.
    pub fn launch(&self, profile: Option<PathBuf>) -> Result<Browser, Error> {
        Browser::launch(BrowserOptions {
            kind: self.kind,
            profile_dir: profile,
            ..BrowserOptions::with_extension(&self.dir)
        })
    }

    /// Starts its headless browser with `host` resolving to 127.0.0.1, so that a test can give
    /// the phone a LAN-style host name (browsers treat loopback addresses as secure origins and
    /// exempt them from rules such as upgrading `http://` to `https://`, but not other names)
    /// while every request still goes to loopback.
    ///
    /// # Errors
    /// When the browser or its driver cannot be started.
    pub fn launch_with_host(&self, host: &str) -> Result<Browser, Error> {
        Browser::launch(BrowserOptions {
            kind: self.kind,
            extra_args: vec![format!("--host-resolver-rules=MAP {host} 127.0.0.1")],
            prefs: vec![("network.dns.localDomains".to_string(), host.into())],
            ..BrowserOptions::with_extension(&self.dir)
        })
    }

    /// Starts its headless browser with more Firefox `prefs` (name, JSON value), as an admin's
    /// policy would set them; Chromium ignores them.
    ///
    /// # Errors
    /// When the browser or its driver cannot be started.
    pub fn launch_with_prefs(
        &self,
        prefs: Vec<(String, serde_json::Value)>,
    ) -> Result<Browser, Error> {
        Browser::launch(BrowserOptions {
            kind: self.kind,
            prefs,
            ..BrowserOptions::with_extension(&self.dir)
        })
    }

    /// Exports the settings from the options page as a user does (Export); returns the file's
    /// text, kept from what the page hands to the download.
    ///
    /// # Errors
    /// When the page does not become ready or no file comes.
    pub fn export_settings(&self, browser: &Browser) -> Result<String, Error> {
        self.open_options(browser)?;
        browser.execute(
            "const make = URL.createObjectURL; window.__exported = null;
             URL.createObjectURL = (blob) => { blob.text().then(t => window.__exported = t); return make(blob); };",
            vec![],
        )?;
        browser.find("#export")?.click()?;
        browser.wait_until("the exported file", PATIENCE, |b| {
            Ok(b.execute("return window.__exported", vec![])?
                .as_str()
                .map(str::to_string))
        })
    }

    /// Chooses the file at `path` in the open options page's Import field, as a user does;
    /// returns the status the page then shows.
    ///
    /// # Errors
    /// When the field is missing or no status comes.
    pub fn import_settings_file(&self, browser: &Browser, path: &Path) -> Result<String, Error> {
        browser.execute(
            "document.getElementById('transfer-status').textContent = ''",
            vec![],
        )?;
        browser
            .find("#import-file")?
            .send_keys(&path.to_string_lossy())?;
        browser.wait_until("an import status", PATIENCE, |b| {
            let text = b.find("#transfer-status")?.text()?;
            Ok((!text.is_empty()).then_some(text))
        })
    }

    /// Opens the options page and waits until it shows the saved settings.
    ///
    /// # Errors
    /// When the page does not become ready.
    pub fn open_options(&self, browser: &Browser) -> Result<(), Error> {
        browser.goto(&self.url("options.html"))?;
        browser.wait_for("body[data-ready]", PATIENCE).map(drop)
    }

    /// Types `settings` into the options page as a user would, without saving.
    ///
    /// # Errors
    /// When a field is missing or cannot be typed into.
    pub fn fill_options(&self, browser: &Browser, settings: &PhoneSettings) -> Result<(), Error> {
        self.open_options(browser)?;
        for (id, value) in [
            ("phone-address", &settings.address),
            ("username", &settings.username),
            ("password", &settings.password),
            ("other-countries", &settings.other_countries),
        ] {
            let field = browser.find(&format!("#{id}"))?;
            field.clear()?;
            if !value.is_empty() {
                field.send_keys(value)?;
            }
        }
        choose(browser, "account", &settings.account)?;
        choose(browser, "default-country", &settings.country)
    }

    /// Clicks Save and returns the status the page then shows ("Saved." or why not).
    ///
    /// # Errors
    /// When no status appears.
    pub fn save_options(&self, browser: &Browser) -> Result<String, Error> {
        browser.execute("document.getElementById('status').textContent = ''", vec![])?;
        browser.find("#save")?.click()?;
        browser.wait_until("a status after Save", PATIENCE, |b| {
            let text = b.find("#status")?.text()?;
            Ok((!text.is_empty()).then_some(text))
        })
    }

    /// Fills in and saves the options page; returns the status it shows.
    ///
    /// # Errors
    /// As [`Extension::fill_options`] and [`Extension::save_options`].
    pub fn configure(&self, browser: &Browser, settings: &PhoneSettings) -> Result<String, Error> {
        self.fill_options(browser, settings)?;
        self.save_options(browser)
    }

    /// Makes the page layer announce its count of marked numbers in each page's performance
    /// timeline from now on (the `announceMarks` key, the core's `pages::ANNOUNCE_MARKS`), for
    /// the tests and benchmarks that read it; a user's extension never does. Opens the options
    /// page to set it.
    ///
    /// # Errors
    /// When the options page does not become ready or the storage refuses the key.
    pub fn announce_marks(&self, browser: &Browser) -> Result<(), Error> {
        self.open_options(browser)?;
        browser
            .execute_async(
                "chrome.storage.local.set({ announceMarks: true }).then(() => arguments[0](true))",
                vec![],
            )
            .map(drop)
    }

    /// Opens the popup's page in the current tab and returns its phone line and last outcome.
    ///
    /// # Errors
    /// When the popup does not become ready.
    pub fn popup(&self, browser: &Browser) -> Result<(String, String), Error> {
        browser.goto(&self.url("popup.html"))?;
        browser.wait_for("body[data-ready]", PATIENCE)?;
        Ok((
            browser.find("#phone")?.text()?,
            browser.find("#outcome")?.text()?,
        ))
    }

    /// The ids of the extension's notifications on screen (`<kind>:<time>`); the current tab must
    /// show one of the extension's pages.
    ///
    /// # Errors
    /// When the current page cannot reach the notifications API.
    pub fn notifications(&self, browser: &Browser) -> Result<Vec<String>, Error> {
        let ids = browser.execute_async(
            "const done = arguments[0]; chrome.notifications.getAll().then(n => done(Object.keys(n)));",
            vec![],
        )?;
        Ok(strings(&ids))
    }

    /// The popup's last outcome, once it is not empty.
    ///
    /// # Errors
    /// When no outcome appears.
    pub fn wait_for_outcome(&self, browser: &Browser) -> Result<String, Error> {
        browser.wait_until("an outcome in the popup", PATIENCE, |b| {
            let (_, outcome) = self.popup(b)?;
            Ok((!outcome.is_empty()).then_some(outcome))
        })
    }
}

impl Extension {
    /// Sets the options page's field `#id` as a user would: ticks or unticks a checkbox
    /// (`"true"`/`"false"`), picks a select's option, or types into a text field. The options
    /// page must be open; nothing is saved.
    ///
    /// # Errors
    /// When the field is missing or cannot be changed.
    pub fn set_field(&self, browser: &Browser, id: &str, value: &str) -> Result<(), Error> {
        let field = browser.find(&format!("#{id}"))?;
        let kind = field.property("type")?;
        match kind.as_str() {
            Some("checkbox") => {
                let checked = field.property("checked")?.as_bool().unwrap_or(false);
                if checked != (value == "true") {
                    field.click()?;
                }
                Ok(())
            }
            Some("select-one") => choose(browser, id, value),
            _ => {
                field.clear()?;
                field.send_keys(value)
            }
        }
    }

    /// Opens the options page, sets `fields` (see [`Extension::set_field`]) and saves; returns
    /// the status the page shows.
    ///
    /// # Errors
    /// As [`Extension::set_field`] and [`Extension::save_options`].
    pub fn change_options(
        &self,
        browser: &Browser,
        fields: &[(&str, &str)],
    ) -> Result<String, Error> {
        self.open_options(browser)?;
        for (id, value) in fields {
            self.set_field(browser, id, value)?;
        }
        self.save_options(browser)
    }

    /// Opens the popup's page in the current tab and waits until it is ready.
    ///
    /// # Errors
    /// When the popup does not become ready.
    pub fn open_popup(&self, browser: &Browser) -> Result<(), Error> {
        browser.goto(&self.url("popup.html"))?;
        browser.wait_for("body[data-ready]", PATIENCE).map(drop)
    }

    /// Waits until the open popup's outcome starts with `prefix`; returns it.
    ///
    /// # Errors
    /// When it does not within [`PATIENCE`].
    pub fn wait_for_popup_outcome(&self, browser: &Browser, prefix: &str) -> Result<String, Error> {
        browser.wait_until(&format!("the outcome {prefix:?}"), PATIENCE, |b| {
            let text = b.find("#outcome")?.text()?;
            Ok(text.starts_with(prefix).then_some(text))
        })
    }
}

/// Picks the option with `value` in the select `#id`, by clicking it as a user would.
pub fn choose(browser: &Browser, id: &str, value: &str) -> Result<(), Error> {
    browser.find(&format!("#{id}"))?.click()?;
    browser
        .find(&format!("#{id} option[value=\"{value}\"]"))?
        .click()
}

/// Waits until the page has at least `count` marked numbers; returns their texts.
///
/// # Errors
/// When fewer appear in time.
pub fn wait_for_numbers(browser: &Browser, count: usize) -> Result<Vec<String>, Error> {
    browser.wait_until(&format!("{count} marked numbers"), PATIENCE, |b| {
        let texts = marked_numbers(b)?;
        Ok((texts.len() >= count).then_some(texts))
    })
}

/// JavaScript, an expression: whether a name is the extension's marks' (their highlight's, the
/// links' class), twelve lower-case letters the page layer draws at random in each frame.
pub const IS_MARK_NAME_JS: &str = "((name) => /^[a-z]{12}$/.test(name))";

/// JavaScript, an expression: the extension's highlight in the page's registry, if any.
pub const MARKS_HIGHLIGHT_JS: &str =
    "[...(CSS.highlights?.entries() ?? [])].find(([name]) => /^[a-z]{12}$/.test(name))?.[1]";

/// JavaScript, an expression: the hover card's host element, under `<html>`, named by random
/// letters in each frame (`[a-z]{6}-[a-z]{6}`); undefined when none shows.
pub const CARD_HOST_JS: &str =
    "[...document.documentElement.children].find((e) => /^[a-z]{6}-[a-z]{6}$/.test(e.localName))";

/// Lists the marked numbers, in document order, as `{text, x, y, element, dx, dy}`: the centre
/// of the number's first box in viewport coordinates, and an element near it with the offset
/// of that centre from the element's centre (for clicks inside frames, where the viewport is the
/// frame's). Highlights (the default) are read from the page's highlight registry, links from
/// the DOM.
const MARKED_NUMBERS_JS: &str = r#"
// `ours` and `highlight` come before (`marked_numbers_js`).
// The extension may keep StaticRanges in its highlight: make live ones to measure them.
const live = (r) => {
  if (r instanceof Range) return r;
  const range = new Range();
  range.setStart(r.startContainer, r.startOffset);
  range.setEnd(r.endContainer, r.endOffset);
  return range;
};
const ranges = highlight ? [...highlight].map(live) : [];
const links = [...document.querySelectorAll('a[class]')].filter((a) => ours(a.className)).map((a) => {
  const range = new Range();
  range.selectNodeContents(a);
  return range;
});
const all = [...ranges, ...links];
// Document order, ranges inside shadow trees placed at their host.
const anchor = (range) => {
  let node = range.startContainer;
  while (node.getRootNode() instanceof ShadowRoot) node = node.getRootNode().host;
  return node;
};
all.sort((a, b) => {
  const [x, y] = [anchor(a), anchor(b)];
  if (x === y) return a.startContainer.getRootNode() === b.startContainer.getRootNode()
    ? a.compareBoundaryPoints(Range.START_TO_START, b) : 0;
  return x.compareDocumentPosition(y) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
});
return all.map((range) => {
  const box = range.getClientRects()[0] ?? range.getBoundingClientRect();
  const [x, y] = [box.left + box.width / 2, box.top + box.height / 2];
  const node = anchor(range);
  const element = node instanceof Element ? node : node.parentElement;
  // WebDriver moves to an element's in-view centre point: the middle of its first box, cut to
  // the viewport (not of its bounding box: an inline element split into lines or bidi runs).
  const first = element.getClientRects()[0] ?? element.getBoundingClientRect();
  const [left, right] = [Math.max(first.left, 0), Math.min(first.right, innerWidth)];
  const [top, bottom] = [Math.max(first.top, 0), Math.min(first.bottom, innerHeight)];
  const dx = x - (left + right) / 2;
  const dy = y - (top + bottom) / 2;
  return { text: range.toString(), x, y, element, dx, dy };
});
"#;

/// [`MARKED_NUMBERS_JS`] with the names of the extension's marks it reads.
fn marked_numbers_js() -> String {
    format!(
        "const ours = {IS_MARK_NAME_JS}; const highlight = {MARKS_HIGHLIGHT_JS};\n{MARKED_NUMBERS_JS}"
    )
}

/// The texts of the numbers marked on the current page, in document order.
///
/// # Errors
/// When the page cannot be read.
pub fn marked_numbers(browser: &Browser) -> Result<Vec<String>, Error> {
    let marked = browser.execute(&marked_numbers_js(), vec![])?;
    Ok(marked
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|m| m["text"].as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default())
}

/// How many numbers the page layer says it has marked on the current page, in all (its
/// `htek-c2d-marked` user-timing mark, made where [`Extension::announce_marks`] asked for it:
/// highlights hold only the marks near the viewport, so they cannot be counted); `None` before
/// its first announcement.
///
/// # Errors
/// When the page cannot be read.
pub fn announced_count(browser: &Browser) -> Result<Option<u64>, Error> {
    Ok(browser
        .execute(
            "return performance.getEntriesByName('htek-c2d-marked').at(-1)?.detail?.count ?? null",
            vec![],
        )?
        .as_u64())
}

/// Scrolls the first text node of the document that holds `arguments[0]` to the middle of the
/// window; true if there is one.
const SCROLL_TO_TEXT_JS: &str = r#"
const walker = document.createTreeWalker(document.body ?? document, NodeFilter.SHOW_TEXT);
for (let text = walker.nextNode(); text; text = walker.nextNode()) {
  if (!text.data.includes(arguments[0])) continue;
  text.parentElement?.scrollIntoView({ block: 'center', behavior: 'instant' });
  return true;
}
return false;
"#;

/// How long a number brought into view may take to be marked.
const MARKED_WAIT: std::time::Duration = std::time::Duration::from_secs(10);

/// The marked number `raw` as [`MARKED_NUMBERS_JS`] describes it, scrolled into view first
/// when `scroll` is set (brought into view first when it is far from it: the page layer marks
/// only the numbers near the viewport).
fn find_number(browser: &Browser, raw: &str, scroll: bool) -> Result<serde_json::Value, Error> {
    let find = |b: &Browser| -> Result<Option<serde_json::Value>, Error> {
        let marked = b.execute(&marked_numbers_js(), vec![])?;
        Ok(marked
            .as_array()
            .and_then(|a| a.iter().find(|m| m["text"].as_str() == Some(raw)).cloned()))
    };
    let missing = || Error::NotFound(format!("a marked number with text {raw:?}"));
    let hit = match find(browser)? {
        Some(hit) => hit,
        // The page layer shows only the marks near the viewport: bring the text there first.
        None if scroll => {
            let shown = browser.execute(SCROLL_TO_TEXT_JS, vec![raw.into()])?;
            if shown != serde_json::Value::Bool(true) {
                return Err(missing());
            }
            browser
                .wait_until(&format!("the number {raw:?} marked"), MARKED_WAIT, |b| {
                    find(b)
                })
                .map_err(|_| missing())?
        }
        None => return Err(missing()),
    };
    if !scroll {
        return Ok(hit);
    }
    browser.execute(
        "const [x, y] = arguments;
         if (y < 0 || y > innerHeight || x < 0 || x > innerWidth) scrollBy(0, y - innerHeight / 2);",
        vec![hit["x"].clone(), hit["y"].clone()],
    )?;
    find(browser)?.ok_or_else(missing)
}

/// Clicks the marked number whose text is `raw` as a person would: scrolled into view, then a
/// real (trusted) mouse click at the centre of its first box.
///
/// # Errors
/// [`Error::NotFound`] when no marked number has that text.
pub fn click_number(browser: &Browser, raw: &str) -> Result<(), Error> {
    let hit = find_number(browser, raw, true)?;
    let offset = |key: &str| hit[key].as_f64().unwrap_or(0.0);
    browser.click_near(&hit["element"], offset("dx"), offset("dy"))
}

/// Where the marked number `raw` is on screen (viewport coordinates of its centre), after
/// scrolling it into view when `scroll` is set.
///
/// # Errors
/// [`Error::NotFound`] when no marked number has that text.
pub fn number_position(browser: &Browser, raw: &str, scroll: bool) -> Result<(f64, f64), Error> {
    let hit = find_number(browser, raw, scroll)?;
    Ok((
        hit["x"].as_f64().unwrap_or(0.0),
        hit["y"].as_f64().unwrap_or(0.0),
    ))
}

/// The strings of a JSON array (none if it is not one).
fn strings(value: &serde_json::Value) -> Vec<String> {
    value
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|t| t.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}
