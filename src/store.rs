//! The keys under which the extension keeps things in the browser's storage (`chrome.storage`).
//!
//! A [`StoreKey`] names its area ([`Area`]: `storage.local`, kept; `storage.session`, gone when
//! the browser closes), its name in that area and, as a type parameter, the value stored under
//! it. Each key is declared beside the value it holds, by the module that owns it
//! ([`crate::settings::SETTINGS`], [`crate::command::outcome::HISTORY`], the bridge's, the
//! incoming calls', the messages'); the web layer (`web::store`) reads and writes them, with one
//! serde conversion and one error type. What is stored is the value's JSON shape (maps as
//! objects), so a key's name and its value's serde shape are what existing users have stored:
//! `tests/store_keys.rs` pins both for every key.
//!
//! Nothing is kept in `storage.sync` (the settings hold the password). `storage.managed`, the
//! organisation's policy, is read whole, not by key.
//!
//! ```
//! use click_to_dial::store::{Area, StoreKey};
//! const COUNT: StoreKey<u32> = StoreKey::session("count");
//! assert_eq!((COUNT.area(), COUNT.name()), (Area::Session, "count"));
//! assert!(COUNT.is(Area::Session, "count"));
//! assert!(!COUNT.is(Area::Local, "count"));
//! assert_eq!(Area::from_name("session"), Some(Area::Session));
//! ```

use std::fmt;
use std::marker::PhantomData;

/// A storage area of the browser's extension storage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Area {
    /// `storage.local`: kept until the extension is removed.
    Local,
    /// `storage.session`: kept while the browser runs (a restarted service worker finds it).
    Session,
}

impl Area {
    /// The area's name in the extension API (`"local"`, `"session"`).
    pub const fn name(self) -> &'static str {
        match self {
            Area::Local => "local",
            Area::Session => "session",
        }
    }

    /// The area the extension API names `name`; `None` for the areas nothing is kept in by key
    /// (`sync`, `managed`).
    pub fn from_name(name: &str) -> Option<Area> {
        match name {
            "local" => Some(Area::Local),
            "session" => Some(Area::Session),
            _ => None,
        }
    }
}

impl fmt::Display for Area {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "storage.{}", self.name())
    }
}

/// Where a value of type `T` is kept: its area and its name there.
pub struct StoreKey<T> {
    area: Area,
    name: &'static str,
    value: PhantomData<fn() -> T>,
}

impl<T> StoreKey<T> {
    /// The key `name` in `storage.local`.
    pub const fn local(name: &'static str) -> StoreKey<T> {
        StoreKey {
            area: Area::Local,
            name,
            value: PhantomData,
        }
    }

    /// The key `name` in `storage.session`.
    pub const fn session(name: &'static str) -> StoreKey<T> {
        StoreKey {
            area: Area::Session,
            name,
            value: PhantomData,
        }
    }

    pub const fn area(&self) -> Area {
        self.area
    }

    /// The key's name in its area, as stored.
    pub const fn name(&self) -> &'static str {
        self.name
    }

    /// Whether this is the key `name` of `area` (a change the browser reports).
    pub fn is(&self, area: Area, name: &str) -> bool {
        self.area == area && self.name == name
    }
}

// Not derived: a key is copied whatever its value type is.
impl<T> Clone for StoreKey<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for StoreKey<T> {}

impl<T> fmt::Debug for StoreKey<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {:?}", self.area, self.name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn areas_are_named_as_the_extension_api_names_them() {
        for area in [Area::Local, Area::Session] {
            assert_eq!(Area::from_name(area.name()), Some(area));
        }
        assert_eq!(Area::from_name("sync"), None);
        assert_eq!(Area::from_name("managed"), None);
        assert_eq!(Area::Session.to_string(), "storage.session");
    }

    #[test]
    fn a_key_is_its_area_and_name() {
        const KEY: StoreKey<Vec<String>> = StoreKey::local("list");
        assert!(KEY.is(Area::Local, "list"));
        assert!(!KEY.is(Area::Session, "list") && !KEY.is(Area::Local, "lists"));
        assert_eq!(format!("{KEY:?}"), "storage.local \"list\"");
    }
}
