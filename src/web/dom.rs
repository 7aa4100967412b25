//! Small DOM helpers for the extension's own pages (options, popup). Those pages are ours, so a
//! missing element is a packaging bug: the helpers report it as a `JsError` naming the id.
//!
//! Listeners are `gloo-events` [`EventListener`]s, which stop listening when dropped; the
//! pages' own are kept for the page's lifetime ([`on`], [`on_element`]). They are not passive
//! (gloo's default is): a handler may `prevent_default`, as the forms' submit handlers do.

use gloo_events::{EventListener, EventListenerOptions};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, EventTarget};

pub fn document() -> Result<Document, JsError> {
    web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| JsError::new("no document: this must run in an extension page"))
}

/// The element with `id`, as type `T`.
pub fn by_id<T: JsCast>(id: &str) -> Result<T, JsError> {
    document()?
        .get_element_by_id(id)
        .ok_or_else(|| JsError::new(&format!("the page has no element #{id}")))?
        .dyn_into::<T>()
        .map_err(|_| JsError::new(&format!("#{id} is not the expected kind of element")))
}

/// Sets the text of the element with `id` (text only, never markup).
pub fn set_text(id: &str, text: &str) -> Result<(), JsError> {
    by_id::<Element>(id)?.set_text_content(Some(text));
    Ok(())
}

/// Shows the link with `id` to `url` (the phone's own page, from the settings: never a page's
/// word), or hides it when there is none.
pub fn show_page_to_open(id: &str, url: Option<&str>) -> Result<(), JsError> {
    let link: web_sys::HtmlElement = by_id(id)?;
    match url {
        Some(url) => {
            link.set_attribute("href", url)
                .map_err(|_| JsError::new("cannot set the link"))?;
            link.set_hidden(false);
        }
        None => {
            let _ = link.remove_attribute("href");
            link.set_hidden(true);
        }
    }
    Ok(())
}

/// Runs `handler` on every `event` of the element with `id`, for the page's lifetime.
pub fn on(
    id: &str,
    event: &'static str,
    handler: impl FnMut(&web_sys::Event) + 'static,
) -> Result<(), JsError> {
    let element: Element = by_id(id)?;
    listen(&element, event, Box::new(handler));
    Ok(())
}

/// Runs `handler` on every `event` of `target`, for the page's lifetime.
pub fn on_element(
    target: &EventTarget,
    event: &'static str,
    handler: impl FnMut(&web_sys::Event) + 'static,
) {
    listen(target, event, Box::new(handler));
}

/// The listener itself, written once for every handler (boxed: not once per closure type).
fn listen(target: &EventTarget, event: &'static str, handler: Box<dyn FnMut(&web_sys::Event)>) {
    let options = EventListenerOptions::enable_prevent_default();
    // The page's own elements live as long as the page: nothing would drop the listener.
    EventListener::new_with_options(target, event, options, handler).forget();
}

/// Runs `handler` with the value of `attribute` when a click inside the element with `id` lands
/// on an element that carries it (the buttons of a list the page fills: one listener for all).
pub fn on_marked_click(
    id: &str,
    attribute: &'static str,
    mut handler: impl FnMut(String) + 'static,
) -> Result<(), JsError> {
    on(id, "click", move |event| {
        let value = event
            .target()
            .and_then(|t| t.dyn_into::<Element>().ok())
            .and_then(|e| e.get_attribute(attribute));
        if let Some(value) = value {
            handler(value);
        }
    })
}

/// A new element `<tag>`.
pub fn create(doc: &Document, tag: &str) -> Result<Element, JsError> {
    doc.create_element(tag)
        .map_err(|_| JsError::new(&format!("cannot create a {tag}")))
}

/// Sets each `(name, value)` attribute of `element`.
pub fn set_attributes(element: &Element, attributes: &[(&str, &str)]) -> Result<(), JsError> {
    for (name, value) in attributes {
        element
            .set_attribute(name, value)
            .map_err(|_| JsError::new(&format!("cannot set {name}")))?;
    }
    Ok(())
}

/// Appends `child` to `parent`.
pub fn append(parent: &Element, child: &Element) -> Result<(), JsError> {
    parent
        .append_child(child)
        .map(drop)
        .map_err(|_| JsError::new("cannot add an element"))
}

/// Turns a `JsError` into a console message; for handlers, which have no caller to return to.
pub fn report_error(result: Result<(), JsError>) {
    if let Err(error) = result {
        web_sys::console::error_1(&JsValue::from(error));
    }
}

/// The page is filled and wired: its controls, disabled in the HTML until now (`<fieldset
/// id="page-controls" disabled>`, so that nothing typed or clicked before is lost), are
/// enabled, and `<body data-ready>` says so to whoever waits for it. Fields the
/// organisation's policy locks keep their own `disabled`.
pub fn page_ready() -> Result<(), JsError> {
    let controls = by_id::<Element>("page-controls")?;
    let enabled = controls
        .remove_attribute("disabled")
        .and_then(|()| controls.remove_attribute("aria-busy"));
    let marked = match document()?.body() {
        Some(body) => body.set_attribute("data-ready", "true"),
        None => Ok(()),
    };
    enabled
        .and(marked)
        .map_err(|_| JsError::new("cannot enable the page's controls"))
}

/// Puts the words of the user's language into the page: every `data-i18n="key"` element's text
/// (text between backticks shown as `<code>`), and `data-i18n-placeholder` /
/// `data-i18n-aria-label` attributes. The pages' HTML holds no words of its own.
pub fn localize_page() -> Result<(), JsError> {
    let doc = document()?;
    if let Some(root) = doc.document_element() {
        let _ = root.set_attribute("lang", crate::text::language().code());
    }
    for element in select_all(&doc, "[data-i18n]")? {
        let key = element.get_attribute("data-i18n").unwrap_or_default();
        set_rich_text(&doc, &element, &crate::text::text(&key, &[]))?;
    }
    for (data, attribute) in [
        ("data-i18n-placeholder", "placeholder"),
        ("data-i18n-aria-label", "aria-label"),
    ] {
        for element in select_all(&doc, &format!("[{data}]"))? {
            let key = element.get_attribute(data).unwrap_or_default();
            let _ = element.set_attribute(attribute, &crate::text::text(&key, &[]));
        }
    }
    if let Some(title) = doc.query_selector("title").ok().flatten() {
        doc.set_title(&title.text_content().unwrap_or_default());
    }
    Ok(())
}

/// Sets `element`'s content to `text`, the parts between backticks as `<code>` (text nodes
/// only, never markup).
pub fn set_rich_text(doc: &Document, element: &Element, text: &str) -> Result<(), JsError> {
    element.set_text_content(None);
    for (index, part) in text.split('`').enumerate() {
        if part.is_empty() {
            continue;
        }
        let node: web_sys::Node = if index % 2 == 1 {
            let code = doc
                .create_element("code")
                .map_err(|_| JsError::new("cannot create code"))?;
            code.set_text_content(Some(part));
            code.into()
        } else {
            doc.create_text_node(part).into()
        };
        element
            .append_child(&node)
            .map_err(|_| JsError::new("cannot add text"))?;
    }
    Ok(())
}

/// Every element matching `selector`.
pub fn select_all(doc: &Document, selector: &str) -> Result<Vec<Element>, JsError> {
    let nodes = doc
        .query_selector_all(selector)
        .map_err(|_| JsError::new(&format!("bad selector {selector}")))?;
    Ok((0..nodes.length())
        .filter_map(|i| nodes.item(i))
        .filter_map(|n| n.dyn_into::<Element>().ok())
        .collect())
}

/// Shows `text` in the status line `id`, as a success or an error.
pub fn set_status(id: &str, text: &str, ok: bool) -> Result<(), JsError> {
    let status: Element = by_id(id)?;
    status.set_text_content(Some(text));
    status.set_class_name(if ok { "status ok" } else { "status error" });
    Ok(())
}
