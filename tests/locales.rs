//! No UI word outside the locale files: the extension's HTML pages hold no text of their own
//! (only `data-i18n` keys, and the keypad's digits and symbols), no literal placeholder, title
//! or label attributes, and every key the HTML, the JS and the manifest name exists in
//! `extension/_locales/en/messages.json` (src/text.rs checks the Rust code's keys and that every
//! language has every message).

use click_to_dial::text::{catalog, Language};
use std::path::{Path, PathBuf};

fn extension_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("extension")
}

fn files(ending: &str) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![extension_dir()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.to_string_lossy().ends_with(ending) {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

fn known(key: &str) -> bool {
    catalog(Language::En).contains_key(&key.to_ascii_lowercase())
}

/// The values of `attribute="..."` in `html`.
fn attribute_values<'a>(html: &'a str, attribute: &str) -> Vec<&'a str> {
    let needle = format!(" {attribute}=\"");
    html.match_indices(&needle)
        .filter_map(|(at, _)| html[at + needle.len()..].split('"').next())
        .collect()
}

/// Text between tags, outside `<script>`, `<style>` and comments.
fn text_nodes(html: &str) -> Vec<String> {
    let mut texts = Vec::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        let text = rest[..open].trim();
        if !text.is_empty() {
            texts.push(text.to_string());
        }
        let after = &rest[open..];
        let skip_to = if after.starts_with("<script") {
            after.find("</script>").map(|i| i + 9)
        } else if after.starts_with("<style") {
            after.find("</style>").map(|i| i + 8)
        } else if after.starts_with("<!--") {
            after.find("-->").map(|i| i + 3)
        } else {
            tag_end(after)
        };
        rest = &after[skip_to.unwrap_or(after.len())..];
    }
    if !rest.trim().is_empty() {
        texts.push(rest.trim().to_string());
    }
    texts
}

/// Where the tag at the start of `html` ends (a `>` outside quoted attribute values).
fn tag_end(html: &str) -> Option<usize> {
    let mut quote = None;
    for (at, c) in html.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return Some(at + 1),
            _ => {}
        }
    }
    None
}

#[test]
fn the_pages_hold_no_words_of_their_own() {
    let pages = files(".html");
    assert!(pages.len() >= 2, "{pages:?}");
    for page in pages {
        let html = std::fs::read_to_string(&page).unwrap();
        let name = page.display();
        for text in text_nodes(&html) {
            let symbols_only = text
                .chars()
                .all(|c| c.is_ascii_digit() || "*#…—–·".contains(c) || c.is_whitespace());
            assert!(
                symbols_only,
                "{name}: words outside the locale files: {text:?}"
            );
        }
        for attribute in ["placeholder", "title", "aria-label", "alt"] {
            let literal = attribute_values(&html, attribute);
            assert!(
                literal.is_empty(),
                "{name}: literal {attribute}: {literal:?}"
            );
        }
        for attribute in ["data-i18n", "data-i18n-placeholder", "data-i18n-aria-label"] {
            for key in attribute_values(&html, attribute) {
                assert!(
                    known(key),
                    "{name}: {attribute}={key:?} is not in en/messages.json"
                );
            }
        }
    }
}

#[test]
fn every_key_the_scripts_and_the_manifest_name_exists() {
    let mut checked = 0;
    let mut sources: Vec<PathBuf> = files(".js");
    sources.extend(
        files(".json")
            .into_iter()
            .filter(|p| p.ends_with("manifest.json")),
    );
    for path in sources {
        let source = std::fs::read_to_string(&path).unwrap();
        let mut keys: Vec<&str> = Vec::new();
        for call in ["getMessage('", "text('", "words('", "message('"] {
            keys.extend(
                source
                    .match_indices(call)
                    // The call itself, not a longer name ending the same (`getContext('2d')`).
                    .filter(|(at, _)| {
                        !source[..*at].ends_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
                    })
                    .filter_map(|(at, _)| source[at + call.len()..].split('\'').next()),
            );
        }
        keys.extend(
            source
                .match_indices("__MSG_")
                .filter_map(|(at, _)| source[at + 6..].split("__").next()),
        );
        for key in keys {
            checked += 1;
            assert!(
                known(key),
                "{}: {key:?} is not in en/messages.json",
                path.display()
            );
        }
    }
    assert!(checked >= 8, "found only {checked} keys");
}

#[test]
fn the_helpers_find_what_they_look_for() {
    let html = r#"<p data-i18n="save" title="x">Hi <b>there</b></p><script>let a = '<b>';</script><!-- c -->1"#;
    assert_eq!(text_nodes(html), ["Hi", "there", "1"]);
    assert_eq!(attribute_values(html, "title"), ["x"]);
    assert_eq!(attribute_values(html, "data-i18n"), ["save"]);
}
