//! Extension ids, computed the way Chromium does.
//!
//! An unpacked extension whose manifest has a `key` gets a fixed id: the SHA-256 of the
//! DER-encoded public key, first 32 hex digits, each digit `0`..`f` written as `a`..`p`.
//! Knowing the id lets a test open `chrome-extension://<id>/options.html` directly.
//!
//! ```
//! // A throwaway 2048-bit key made with
//! // `openssl genrsa 2048 | openssl rsa -pubout -outform DER | base64 -w0`.
//! let key = "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEApzgzCXxe5SHDrjBj/Q3IHCSXPwaInHTB/6dpJB9UPLqjCCcKSenc/ZRdsZFamhsaw58Xl8QOUpZXpsoYLC4+VW7XWhxNKpRTanQsU78MiapEvNZyBjeI/03RrHj1viisGfVxEevGxvHHHb/dWfa7hxdTRCK31bta+xU95N6DGhlSj+raoWdo/ZfXePcYo00J9ZwzbWK6a16r1iCEKoewQ8fiK1Hroh/ZuzJoeCEWJzXkh2kKueC0sY8RtpVVbN9N1GkJJLFmWKN7M4dVpVWcG+HHp08jHEr9LNq6pbRzIp9d04haCgJp4W7QZZKPfQgKsh78fapOvNJz9Mk4H97fqwIDAQAB";
//! assert_eq!(
//!     c2d_harness::extension_id_from_key(key)?,
//!     "obdhjfplemllaajchflibcdganjicfcb"
//! );
//! # Ok::<(), c2d_harness::Error>(())
//! ```

use std::fs;
use std::path::Path;

use base64::Engine as _;
use sha2::{Digest, Sha256};

use crate::Error;

/// The id Chromium gives an extension whose manifest `key` is `manifest_key_base64`.
///
/// Whitespace inside the key (as in a key pasted over several lines) is ignored.
///
/// # Errors
/// [`Error::InvalidKey`] if the key is not standard base64 or is empty.
pub fn extension_id_from_key(manifest_key_base64: &str) -> Result<String, Error> {
    let compact: String = manifest_key_base64
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if compact.is_empty() {
        return Err(Error::InvalidKey("it is empty".into()));
    }
    let der = base64::engine::general_purpose::STANDARD
        .decode(compact.as_bytes())
        .map_err(|err| Error::InvalidKey(err.to_string()))?;
    Ok(id_from_bytes(&der))
}

/// The id of the unpacked extension in `extension_dir`, from its `manifest.json`'s `key`.
///
/// # Errors
/// [`Error::Extension`] if the manifest cannot be read or parsed or has no `key`;
/// [`Error::InvalidKey`] if the key is not base64.
pub fn extension_id(extension_dir: &Path) -> Result<String, Error> {
    let (path, manifest) = read_manifest(extension_dir)?;
    match manifest.get("key").and_then(serde_json::Value::as_str) {
        Some(key) => extension_id_from_key(key),
        None => Err(Error::Extension {
            path,
            detail: "no string \"key\", so Chromium derives the id from the directory path; \
                     add a \"key\" to fix the id"
                .into(),
        }),
    }
}

/// The path and the parsed JSON of `extension_dir`'s `manifest.json`.
fn read_manifest(extension_dir: &Path) -> Result<(std::path::PathBuf, serde_json::Value), Error> {
    let path = extension_dir.join("manifest.json");
    let text = fs::read_to_string(&path).map_err(|err| Error::Extension {
        path: path.clone(),
        detail: format!("cannot read it: {err}"),
    })?;
    let manifest = serde_json::from_str(&text).map_err(|err| Error::Extension {
        path: path.clone(),
        detail: format!("not valid JSON: {err}"),
    })?;
    Ok((path, manifest))
}

/// The Firefox add-on id of the extension in `extension_dir`
/// (`browser_specific_settings.gecko.id` in its `manifest.json`).
///
/// # Errors
/// [`Error::Extension`] if the manifest cannot be read or has no such id.
pub fn gecko_id(extension_dir: &Path) -> Result<String, Error> {
    let (path, manifest) = read_manifest(extension_dir)?;
    manifest["browser_specific_settings"]["gecko"]["id"]
        .as_str()
        .map(String::from)
        .ok_or(Error::Extension {
            path,
            detail: "no browser_specific_settings.gecko.id: is this the Firefox build?".into(),
        })
}

/// The `moz-extension://` host the harness gives the add-on `gecko_id`: Firefox picks a random
/// UUID per profile, so the harness fixes one (pref `extensions.webextensions.uuids`), derived
/// from the id so that tests can know it.
pub fn moz_extension_uuid(gecko_id: &str) -> String {
    let hash = Sha256::digest(format!("c2d-harness:{gecko_id}").as_bytes());
    let hex: String = hash.iter().take(16).map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-4{}-8{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[13..16],
        &hex[17..20],
        &hex[20..32]
    )
}

/// Chromium's mapping: hex digits of the first 16 hash bytes, `0`..`f` written as `a`..`p`.
fn id_from_bytes(bytes: &[u8]) -> String {
    let hash = Sha256::digest(bytes);
    hash.iter()
        .take(16)
        .flat_map(|byte| [byte >> 4, byte & 0x0f])
        .map(|nibble| char::from(b'a' + nibble))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_use_the_letters_a_to_p() {
        // sha256("") = e3b0c442 98fc1c14 9afbf4c8 996fb924 ...
        assert_eq!(id_from_bytes(b""), "odlameecjipmbmbejkplpemijjgpljce");
    }

    #[test]
    fn bad_keys_are_rejected() {
        assert!(matches!(
            extension_id_from_key("not base64!"),
            Err(Error::InvalidKey(_))
        ));
        assert!(matches!(
            extension_id_from_key("  "),
            Err(Error::InvalidKey(_))
        ));
    }

    #[test]
    fn moz_uuids_are_fixed_and_well_formed() {
        let uuid = moz_extension_uuid("click-to-dial@htek-c2d");
        assert_eq!(uuid, moz_extension_uuid("click-to-dial@htek-c2d"));
        assert_ne!(uuid, moz_extension_uuid("other@example"));
        let parts: Vec<usize> = uuid.split('-').map(str::len).collect();
        assert_eq!(parts, [8, 4, 4, 4, 12]);
        assert!(uuid.chars().all(|c| c == '-' || c.is_ascii_hexdigit()));
    }

    #[test]
    fn a_missing_manifest_names_the_file() {
        let err = extension_id(Path::new("/nonexistent-c2d-extension")).unwrap_err();
        assert!(err.to_string().contains("manifest.json"), "{err}");
    }
}
