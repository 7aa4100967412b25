//! Small DOM helpers for the extension's own pages (options, popup). Those pages are ours, so a
//! missing element is a packaging bug: the helpers report it as a `JsError` naming the id.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element};

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

/// Runs `handler` on every `event` of the element with `id`, for the page's lifetime.
pub fn on(
    id: &str,
    event: &str,
    handler: impl FnMut(web_sys::Event) + 'static,
) -> Result<(), JsError> {
    let closure = Closure::<dyn FnMut(web_sys::Event)>::new(handler);
    by_id::<Element>(id)?
        .add_event_listener_with_callback(event, closure.as_ref().unchecked_ref())
        .map_err(|_| JsError::new(&format!("cannot listen to {event} on #{id}")))?;
    closure.forget(); // the page's own elements live as long as the page
    Ok(())
}

/// Turns a `JsError` into a console message; for handlers, which have no caller to return to.
pub fn report_error(result: Result<(), JsError>) {
    if let Err(error) = result {
        web_sys::console::error_1(&JsValue::from(error));
    }
}
