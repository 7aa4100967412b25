//! The browser's extension storage, typed. Every value the extension keeps is read, written and
//! removed here by its [`StoreKey`] (declared by the core module that owns the value: its area,
//! its name and its type), converted with serde in one place (as plain JSON objects:
//! `Serializer::json_compatible`) and failing with one error type, [`StoreError`].
//! `storage.managed`, the organisation's policy, is read whole ([`policy`]).
//!
//! ```ignore
//! use crate::command::outcome::{remember, HISTORY};
//! let history = store::get(&HISTORY).await.unwrap_or_default();
//! store::set(&HISTORY, &remember(history, record)).await?;
//! ```

use super::{ext, log};
use crate::store::{Area, StoreKey};
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Why a value could not be read, written or removed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StoreError {
    /// The browser refused (storage unavailable, quota exceeded, the extension reloaded): what
    /// was asked of it, and its words.
    #[error("cannot {action} {area} {name:?}: {words}")]
    Browser {
        action: &'static str,
        area: Area,
        name: &'static str,
        words: String,
    },
    /// A stored value without its key's shape (data of another version, or damaged), or a value
    /// that has no JSON form.
    #[error("{area} {name:?} has not its value's shape: {words}")]
    Shape {
        area: Area,
        name: &'static str,
        words: String,
    },
}

impl StoreError {
    fn browser(action: &'static str, (area, name): (Area, &'static str), error: &JsValue) -> Self {
        let words = match error.dyn_ref::<js_sys::Error>() {
            Some(error) => String::from(error.message()),
            None => error.as_string().unwrap_or_else(|| format!("{error:?}")),
        };
        StoreError::Browser {
            action,
            area,
            name,
            words,
        }
    }

    fn shape((area, name): (Area, &'static str), error: &serde_wasm_bindgen::Error) -> Self {
        StoreError::Shape {
            area,
            name,
            words: error.to_string(),
        }
    }
}

// Only the serde conversion is generic; the rest is written once, not once per value type.

fn place<T>(key: &StoreKey<T>) -> (Area, &'static str) {
    (key.area(), key.name())
}

/// The value stored under `key`; `None` when there is none, or when it cannot be read (then
/// the console says why: callers go on as if nothing were stored).
pub async fn get<T: DeserializeOwned>(key: &StoreKey<T>) -> Option<T> {
    let value = read(place(key)).await?;
    serde_wasm_bindgen::from_value(value)
        .map_err(|e| log(&StoreError::shape(place(key), &e).to_string()))
        .ok()
}

/// What is stored at `place`, if anything can be read there.
async fn read(place: (Area, &'static str)) -> Option<JsValue> {
    match ext::storage_get(place.0.name(), place.1).await {
        Ok(value) if value.is_undefined() => None,
        Ok(value) => Some(value),
        Err(e) => {
            log(&StoreError::browser("read", place, &e).to_string());
            None
        }
    }
}

/// Stores `value` under `key`.
///
/// # Errors
/// When the browser refuses, or `value` has no JSON form.
pub async fn set<T: Serialize>(key: &StoreKey<T>, value: &T) -> Result<(), StoreError> {
    let value = value.serialize(&serde_wasm_bindgen::Serializer::json_compatible());
    write(place(key), value).await
}

async fn write(
    place: (Area, &'static str),
    value: Result<JsValue, serde_wasm_bindgen::Error>,
) -> Result<(), StoreError> {
    let value = value.map_err(|e| StoreError::shape(place, &e))?;
    ext::storage_set(place.0.name(), place.1, &value)
        .await
        .map(drop)
        .map_err(|e| StoreError::browser("write", place, &e))
}

/// Removes what is stored under `key` (nothing stored is not an error).
///
/// # Errors
/// When the browser refuses.
pub async fn remove<T>(key: &StoreKey<T>) -> Result<(), StoreError> {
    let place = place(key);
    ext::storage_remove(place.0.name(), place.1)
        .await
        .map(drop)
        .map_err(|e| StoreError::browser("remove", place, &e))
}

/// The organisation's policy (`storage.managed`, read whole), an empty object when there is
/// none or it cannot be read.
pub async fn policy() -> serde_json::Value {
    serde_wasm_bindgen::from_value(ext::managed_settings().await).unwrap_or_default()
}

/// Runs `handler(area, name)` whenever a value kept by key changes (check it with
/// [`StoreKey::is`]), for the page's lifetime.
pub fn on_change(mut handler: impl FnMut(Area, &str) + 'static) {
    let changed = Closure::<dyn FnMut(String, String)>::new(move |area: String, name: String| {
        if let Some(area) = Area::from_name(&area) {
            handler(area, &name);
        }
    });
    ext::on_storage_changed(&changed);
    changed.forget(); // ext.js offers no way to stop listening: the page's lifetime
}
