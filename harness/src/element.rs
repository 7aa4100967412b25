//! Elements found on the current page.
//!
//! An [`Element`] is chromedriver's reference to a DOM node; it goes stale when the page
//! navigates or the node is removed, and then every call returns
//! [`Error::WebDriver`] with `error == "stale element reference"`.
//!
//! ```no_run
//! # fn main() -> Result<(), c2d_harness::Error> {
//! # let browser = c2d_harness::Browser::launch(Default::default())?;
//! let input = browser.find("input[name=number]")?;
//! input.clear()?;
//! input.send_keys("+1 555 0100")?;
//! assert_eq!(input.property("value")?, "+1 555 0100");
//! browser.find("button[type=submit]")?.click()?;
//! # Ok(()) }
//! ```

use serde_json::{json, Value};

use crate::wire::Wire;
use crate::Error;

/// The W3C key under which an element reference travels in JSON.
pub(crate) const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// A DOM element on the current page of a [`Browser`](crate::Browser).
#[derive(Clone)]
pub struct Element {
    wire: Wire,
    id: String,
}

impl std::fmt::Debug for Element {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Element").field("id", &self.id).finish()
    }
}

impl Element {
    /// Reads an element reference (`{"element-6066-…": "id"}`) out of a WebDriver answer.
    pub(crate) fn from_json(wire: &Wire, command: &str, value: &Value) -> Result<Element, Error> {
        let id = value
            .get(ELEMENT_KEY)
            .and_then(Value::as_str)
            .ok_or_else(|| Error::Protocol {
                command: command.into(),
                detail: format!("not an element reference: {value}"),
            })?;
        Ok(Element {
            wire: wire.clone(),
            id: id.into(),
        })
    }

    /// This element as a script argument: `browser.execute("arguments[0].focus()",
    /// vec![element.to_json()])` hands the script the DOM node itself.
    pub fn to_json(&self) -> Value {
        json!({ ELEMENT_KEY: self.id })
    }

    /// Clicks the element's centre, scrolling it into view first, like a user would
    /// (the page sees a trusted event).
    ///
    /// # Errors
    /// [`Error::WebDriver`], e.g. `element click intercepted` when something covers it.
    pub fn click(&self) -> Result<(), Error> {
        self.post("/click", json!({})).map(drop)
    }

    /// Empties an input, textarea or editable element.
    ///
    /// # Errors
    /// [`Error::WebDriver`], e.g. `invalid element state` for a non-editable element.
    pub fn clear(&self) -> Result<(), Error> {
        self.post("/clear", json!({})).map(drop)
    }

    /// Focuses the element and types `text` into it, key by key.
    ///
    /// # Errors
    /// [`Error::WebDriver`], e.g. `element not interactable`.
    pub fn send_keys(&self, text: &str) -> Result<(), Error> {
        self.post("/value", json!({ "text": text })).map(drop)
    }

    /// A PNG of the element as rendered (scrolled into view first by the driver).
    ///
    /// # Errors
    /// [`Error::WebDriver`] (stale element) or [`Error::Protocol`].
    pub fn screenshot_png(&self) -> Result<Vec<u8>, Error> {
        use base64::Engine;
        let encoded = self.get_string("/screenshot")?;
        base64::engine::general_purpose::STANDARD
            .decode(encoded.as_bytes())
            .map_err(|err| Error::Protocol {
                command: "GET /element/{id}/screenshot".into(),
                detail: format!("not base64: {err}"),
            })
    }

    /// The rendered text, as a user sees it (hidden parts left out).
    ///
    /// # Errors
    /// [`Error::WebDriver`] (stale element) or [`Error::Protocol`].
    pub fn text(&self) -> Result<String, Error> {
        self.get_string("/text")
    }

    /// The HTML attribute `name`, or `None` if the element does not have it.
    ///
    /// # Errors
    /// [`Error::WebDriver`] (stale element) or [`Error::Protocol`].
    pub fn attribute(&self, name: &str) -> Result<Option<String>, Error> {
        let value = self.get(&format!("/attribute/{name}"))?;
        match value {
            Value::Null => Ok(None),
            Value::String(text) => Ok(Some(text)),
            other => Ok(Some(other.to_string())),
        }
    }

    /// The DOM property `name` (e.g. `value`, `checked`), as JSON; `Null` if unset.
    ///
    /// # Errors
    /// [`Error::WebDriver`] (stale element).
    pub fn property(&self, name: &str) -> Result<Value, Error> {
        self.get(&format!("/property/{name}"))
    }

    /// Whether the element is rendered visibly.
    ///
    /// # Errors
    /// [`Error::WebDriver`] (stale element) or [`Error::Protocol`].
    pub fn is_displayed(&self) -> Result<bool, Error> {
        let command = "GET /element/{id}/displayed";
        self.get("/displayed")?
            .as_bool()
            .ok_or_else(|| Error::Protocol {
                command: command.into(),
                detail: "not a boolean".into(),
            })
    }

    /// `(x, y, width, height)` in CSS pixels, relative to the document's top left corner
    /// (equal to viewport coordinates for [`Browser::click_at`](crate::Browser::click_at)
    /// while the page is not scrolled).
    ///
    /// # Errors
    /// [`Error::WebDriver`] (stale element) or [`Error::Protocol`].
    pub fn rect(&self) -> Result<(f64, f64, f64, f64), Error> {
        let value = self.get("/rect")?;
        let field = |name: &str| {
            value
                .get(name)
                .and_then(Value::as_f64)
                .ok_or_else(|| Error::Protocol {
                    command: "GET /element/{id}/rect".into(),
                    detail: format!("no number \"{name}\" in {value}"),
                })
        };
        Ok((field("x")?, field("y")?, field("width")?, field("height")?))
    }

    fn get(&self, path: &str) -> Result<Value, Error> {
        self.wire.get(&format!("/element/{}{path}", self.id))
    }

    fn post(&self, path: &str, body: Value) -> Result<Value, Error> {
        self.wire.post(&format!("/element/{}{path}", self.id), body)
    }

    fn get_string(&self, path: &str) -> Result<String, Error> {
        match self.get(path)? {
            Value::String(text) => Ok(text),
            other => Err(Error::Protocol {
                command: format!("GET /element/{{id}}{path}"),
                detail: format!("not a string: {other}"),
            }),
        }
    }
}
