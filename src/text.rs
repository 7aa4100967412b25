//! Every string a person reads, in their language.
//!
//! The words live in the extension's locale files, `extension/_locales/<language>/messages.json`
//! (the browser's own format, so the manifest, the HTML pages and the content script read the
//! same files through `i18n.getMessage`); this module embeds them so the Rust code renders the
//! same messages natively and in wasm. [`t!`](crate::t) looks a key up in the current language
//! (set once per context with [`set_language`], English until then), falling back to English.
//!
//! Messages follow the browser's rules: a named placeholder `$name$` is replaced by its
//! `content`, which is usually a positional `$1`..`$9`, replaced by the arguments; `$$` is a
//! dollar sign. Text between backticks is shown as code on the extension's pages.
//!
//! ```
//! use click_to_dial::{t, text};
//! assert_eq!(t!("outcomeHungUpTitle"), "Hung up");
//! assert_eq!(t!("outcomeDialingTitle", "0301234567"), "Dialing 0301234567");
//! text::set_language("de-AT");
//! assert_eq!(t!("outcomeHungUpTitle"), "Aufgelegt");
//! text::set_language("en");
//! ```

use serde::Deserialize;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::OnceLock;

/// The languages the extension speaks; the first is the default and the fallback.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    En,
    De,
}

impl Language {
    pub const ALL: [Language; 2] = [Language::En, Language::De];

    /// The locale directory's name under `extension/_locales`.
    pub fn code(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::De => "de",
        }
    }

    /// The language of a BCP 47 tag as the browser picks a locale: by its first subtag
    /// (`de-AT` -> German), English for any other.
    pub fn of_tag(tag: &str) -> Language {
        let primary = tag.split(['-', '_']).next().unwrap_or("");
        Language::ALL
            .into_iter()
            .find(|l| l.code().eq_ignore_ascii_case(primary))
            .unwrap_or(Language::En)
    }

    /// The locale file's text, as shipped.
    pub fn source(self) -> &'static str {
        match self {
            Language::En => include_str!("../extension/_locales/en/messages.json"),
            Language::De => include_str!("../extension/_locales/de/messages.json"),
        }
    }
}

static CURRENT: AtomicU8 = AtomicU8::new(0);

/// Sets the language of this context's messages from the browser's UI language tag.
pub fn set_language(tag: &str) {
    CURRENT.store(Language::of_tag(tag) as u8, Ordering::Relaxed);
}

/// The language messages are rendered in.
pub fn language() -> Language {
    match CURRENT.load(Ordering::Relaxed) {
        1 => Language::De,
        _ => Language::En,
    }
}

/// One entry of a `messages.json`.
#[derive(Debug, Clone, Deserialize)]
pub struct Entry {
    pub message: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub placeholders: HashMap<String, Placeholder>,
}

/// A named placeholder of an entry.
#[derive(Debug, Clone, Deserialize)]
pub struct Placeholder {
    pub content: String,
}

/// A language's messages by key (keys are case-insensitive for the browser; stored lowercase).
pub type Catalog = HashMap<String, Entry>;

/// Reads a `messages.json`.
///
/// # Errors
/// When the text is not a JSON object of entries with a `message`.
pub fn parse_catalog(source: &str) -> Result<Catalog, serde_json::Error> {
    let entries: HashMap<String, Entry> = serde_json::from_str(source)?;
    Ok(entries
        .into_iter()
        .map(|(key, entry)| (key.to_ascii_lowercase(), entry))
        .collect())
}

/// The shipped catalog of `language`.
///
/// # Panics
/// When a shipped locale file is not valid (a packaging bug the tests catch).
pub fn catalog(language: Language) -> &'static Catalog {
    static CATALOGS: [OnceLock<Catalog>; 2] = [OnceLock::new(), OnceLock::new()];
    CATALOGS[language as usize].get_or_init(|| {
        parse_catalog(language.source()).expect("the shipped locale files are valid JSON")
    })
}

/// The message `key` in the current language (English where that language lacks it) with
/// `args` for `$1`..`$9`; the key itself when no language has it, so a missing text shows up.
pub fn text(key: &str, args: &[String]) -> String {
    let key_lower = key.to_ascii_lowercase();
    [language(), Language::En]
        .into_iter()
        .find_map(|l| catalog(l).get(&key_lower))
        .map_or_else(|| key.to_string(), |entry| render(entry, args))
}

/// An entry's message with its placeholders and `args` filled in, as `i18n.getMessage` does.
pub fn render(entry: &Entry, args: &[String]) -> String {
    let named = replace_dollars(&entry.message, |name| {
        entry
            .placeholders
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, p)| p.content.clone())
    });
    positional(&named, args)
}

/// Replaces `$name$` by `lookup(name)` (kept as written when it has none).
fn replace_dollars(message: &str, lookup: impl Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(start) = rest.find('$') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let name_len = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '@'))
            .unwrap_or(after.len());
        let replaced = (name_len > 0 && after[name_len..].starts_with('$'))
            .then(|| lookup(&after[..name_len]))
            .flatten();
        match replaced {
            Some(value) => {
                out.push_str(&value);
                rest = &after[name_len + 1..];
            }
            None => {
                out.push('$');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Replaces `$1`..`$9` by `args` (empty where missing) and `$$` by `$`.
fn positional(message: &str, args: &[String]) -> String {
    let mut out = String::with_capacity(message.len());
    let mut chars = message.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, chars.peek().copied()) {
            ('$', Some('$')) => {
                chars.next();
                out.push('$');
            }
            ('$', Some(d @ '1'..='9')) => {
                chars.next();
                let index = d as usize - '1' as usize;
                out.push_str(args.get(index).map_or("", String::as_str));
            }
            _ => out.push(c),
        }
    }
    out
}

/// The message `key` in the current language, with its arguments (anything `Display`) for
/// `$1`..`$9`.
#[macro_export]
macro_rules! t {
    ($key:literal) => {
        $crate::text::text($key, &[])
    };
    ($key:literal, $($arg:expr),+ $(,)?) => {
        $crate::text::text($key, &[$(::std::string::ToString::to_string(&$arg)),+])
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn entry(message: &str, placeholders: &[(&str, &str)]) -> Entry {
        Entry {
            message: message.into(),
            description: String::new(),
            placeholders: placeholders
                .iter()
                .map(|(k, v)| {
                    (
                        k.to_string(),
                        Placeholder {
                            content: v.to_string(),
                        },
                    )
                })
                .collect(),
        }
    }

    #[test]
    fn placeholders_and_arguments_as_the_browser_fills_them() {
        let args = ["0301".to_string(), "phone".to_string()];
        let cases = [
            (entry("Dial $number$", &[("number", "$1")]), "Dial 0301"),
            (
                entry("$WHO$ dials $n$", &[("who", "$2"), ("n", "$1")]),
                "phone dials 0301",
            ),
            (entry("$1 at $2", &[]), "0301 at phone"),
            (
                entry("Costs $$5, $unknown$ $", &[]),
                "Costs $5, $unknown$ $",
            ),
            (entry("Missing $3.", &[]), "Missing ."),
        ];
        for (entry, expected) in cases {
            assert_eq!(render(&entry, &args), expected, "{}", entry.message);
        }
    }

    #[test]
    fn language_of_a_tag() {
        assert_eq!(Language::of_tag("de-AT"), Language::De);
        assert_eq!(Language::of_tag("DE"), Language::De);
        assert_eq!(Language::of_tag("en-GB"), Language::En);
        assert_eq!(Language::of_tag("fr"), Language::En);
        assert_eq!(Language::of_tag(""), Language::En);
    }

    /// Every language has exactly the English keys, each with the same placeholders, and no
    /// message is empty.
    #[test]
    fn every_language_has_every_message() {
        let english = catalog(Language::En);
        let keys = |c: &Catalog| c.keys().cloned().collect::<BTreeSet<_>>();
        for language in Language::ALL {
            let other = catalog(language);
            assert_eq!(
                keys(other),
                keys(english),
                "{language:?} keys differ from English"
            );
            for (key, entry) in other {
                assert!(
                    !entry.message.trim().is_empty(),
                    "{language:?} {key} is empty"
                );
                let slots = |e: &Entry| {
                    let args: Vec<String> = (1..=9).map(|n| format!("<{n}>")).collect();
                    (1..=9)
                        .filter(|n| render(e, &args).contains(&format!("<{n}>")))
                        .collect::<Vec<_>>()
                };
                assert_eq!(
                    slots(entry),
                    slots(&english[key]),
                    "{language:?} {key}: arguments"
                );
            }
        }
    }

    /// Every `t!("key")` in the crate's sources names a message that exists.
    #[test]
    fn every_key_the_code_uses_exists() {
        let english = catalog(Language::En);
        let mut missing = Vec::new();
        let mut used = 0;
        for path in rust_sources(concat!(env!("CARGO_MANIFEST_DIR"), "/src")) {
            let source = std::fs::read_to_string(&path).unwrap();
            let calls = source.match_indices("t!(\"").filter(|(at, _)| {
                !source[..*at].ends_with(|c: char| c.is_alphanumeric() || c == '_')
            });
            for (at, call) in calls {
                let rest = &source[at + call.len()..];
                let key = rest.split('"').next().unwrap_or_default();
                used += 1;
                if !english.contains_key(&key.to_ascii_lowercase()) {
                    missing.push(format!("{}: {key}", path.display()));
                }
            }
        }
        assert!(used > 10, "the scan found no t! calls");
        assert!(
            missing.is_empty(),
            "messages missing from en/messages.json: {missing:#?}"
        );
    }

    fn rust_sources(dir: &str) -> Vec<std::path::PathBuf> {
        let mut found = Vec::new();
        let mut stack = vec![std::path::PathBuf::from(dir)];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") && !path.ends_with("text.rs")
                {
                    found.push(path);
                }
            }
        }
        found
    }
}
