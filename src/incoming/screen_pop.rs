//! The screen pop: the CRM page to open for a caller, from a URL template with `{number}` and
//! `{name}`.
//!
//! A template is checked once when the user saves it ([`ScreenPop::parse`]): an `http://` or
//! `https://` URL, no spaces, only the two placeholders, and none of them before the path (a
//! caller's name must never choose the host). Values are percent-encoded as URL components, so
//! `+49 30 123` becomes `%2B49%2030%20123` and a name cannot add parameters.
//!
//! ```
//! use click_to_dial::incoming::screen_pop::{ScreenPop, TemplateError};
//!
//! let pop = ScreenPop::parse("https://crm.example/search?q={number}&who={name}")?;
//! assert_eq!(
//!     pop.url("+49301234567", "Ada & Co"),
//!     "https://crm.example/search?q=%2B49301234567&who=Ada%20%26%20Co"
//! );
//! assert_eq!(ScreenPop::parse("crm.example/{number}"), Err(TemplateError::NotHttp));
//! # Ok::<(), TemplateError>(())
//! ```

use std::fmt::Write as _;

use super::calls::Party;
use crate::t;
use crate::uri::{encode, HttpUrl, COMPONENT};

/// The longest template accepted, in bytes.
pub const MAX_TEMPLATE: usize = 2048;

/// Why a template is refused. [`TemplateError::message`] is the text for the options page.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.message())]
pub enum TemplateError {
    Empty,
    TooLong,
    /// Does not start with `http://` or `https://`.
    NotHttp,
    /// Nothing after `http://`.
    NoHost,
    /// A space or control character.
    Whitespace,
    /// A placeholder in the scheme, host or port.
    PlaceholderInHost,
    /// `{something}` other than `{number}` and `{name}`.
    UnknownPlaceholder(String),
    /// A `{` without its `}`, or a `}` alone.
    UnmatchedBrace,
}

impl TemplateError {
    /// What the user is told, in their language.
    pub fn message(&self) -> String {
        match self {
            TemplateError::Empty => t!("screenPopEmpty"),
            TemplateError::TooLong => t!("screenPopTooLong", MAX_TEMPLATE),
            TemplateError::NotHttp => t!("screenPopNotHttp"),
            TemplateError::NoHost => t!("screenPopNoHost"),
            TemplateError::Whitespace => t!("screenPopWhitespace"),
            TemplateError::PlaceholderInHost => t!("screenPopPlaceholderInHost"),
            TemplateError::UnknownPlaceholder(p) => t!("screenPopUnknownPlaceholder", p),
            TemplateError::UnmatchedBrace => t!("screenPopUnmatchedBrace"),
        }
    }
}

/// One piece of a parsed template.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Text(String),
    Number,
    Name,
}

/// A checked screen-pop template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScreenPop {
    pieces: Vec<Piece>,
}

impl ScreenPop {
    /// Checks `template` (surrounding whitespace is ignored).
    ///
    /// # Errors
    ///
    /// [`TemplateError`] saying what is wrong.
    pub fn parse(template: &str) -> Result<ScreenPop, TemplateError> {
        let t = template.trim();
        if t.is_empty() {
            return Err(TemplateError::Empty);
        }
        if t.len() > MAX_TEMPLATE {
            return Err(TemplateError::TooLong);
        }
        if t.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(TemplateError::Whitespace);
        }
        let authority = HttpUrl::split(t).ok_or(TemplateError::NotHttp)?.authority;
        if authority.contains(['{', '}']) {
            return Err(TemplateError::PlaceholderInHost);
        }
        if authority.is_empty() || authority.starts_with(':') {
            return Err(TemplateError::NoHost);
        }
        let mut pieces = Vec::new();
        let mut text = String::new();
        let mut chars = t.char_indices();
        while let Some((at, c)) = chars.next() {
            match c {
                '{' => {
                    let close = t[at..].find('}').ok_or(TemplateError::UnmatchedBrace)?;
                    let name = &t[at + 1..at + close];
                    if name.contains('{') {
                        return Err(TemplateError::UnmatchedBrace);
                    }
                    let piece = match name {
                        "number" => Piece::Number,
                        "name" => Piece::Name,
                        other => return Err(TemplateError::UnknownPlaceholder(other.to_string())),
                    };
                    if !text.is_empty() {
                        pieces.push(Piece::Text(std::mem::take(&mut text)));
                    }
                    pieces.push(piece);
                    for _ in 0..close {
                        chars.next();
                    }
                }
                '}' => return Err(TemplateError::UnmatchedBrace),
                c => text.push(c),
            }
        }
        if !text.is_empty() {
            pieces.push(Piece::Text(text));
        }
        Ok(ScreenPop { pieces })
    }

    /// The URL for a caller; each value percent-encoded (everything but `A-Z a-z 0-9 - . _ ~`).
    pub fn url(&self, number: &str, name: &str) -> String {
        let mut out = String::new();
        for piece in &self.pieces {
            match piece {
                Piece::Text(t) => out.push_str(t),
                Piece::Number => encode_into(&mut out, number),
                Piece::Name => encode_into(&mut out, name),
            }
        }
        out
    }

    /// The URL for `party`; what it lacks is empty.
    pub fn url_for(&self, party: &Party) -> String {
        self.url(
            party.number.as_deref().unwrap_or_default(),
            party.name.as_deref().unwrap_or_default(),
        )
    }
}

/// Appends `value` percent-encoded (a URL component). A value that is only `.` or `..` (a dot
/// segment, which a browser resolves even written `%2E%2E`) is left out: a caller's name must
/// not climb the CRM's path.
fn encode_into(out: &mut String, value: &str) {
    if value == "." || value == ".." {
        return;
    }
    let _ = write!(out, "{}", encode(value, COMPONENT));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Hostile caller names and numbers: nothing they hold becomes a path step, a parameter, a
    /// fragment or a scheme.
    #[test]
    fn hostile_values_stay_where_they_stand() {
        let path = ScreenPop::parse("https://crm.example/contacts/{name}/view?n={number}").unwrap();
        for (name, number, url) in [
            ("..", "1", "https://crm.example/contacts//view?n=1"),
            (".", "..", "https://crm.example/contacts//view?n="),
            (
                "../../admin",
                "1",
                "https://crm.example/contacts/..%2F..%2Fadmin/view?n=1",
            ),
            (
                "%2e%2e",
                "1",
                "https://crm.example/contacts/%252e%252e/view?n=1",
            ),
            (
                "a&b=c",
                "1&x=2",
                "https://crm.example/contacts/a%26b%3Dc/view?n=1%26x%3D2",
            ),
            (
                "x#y",
                "1?z",
                "https://crm.example/contacts/x%23y/view?n=1%3Fz",
            ),
            (
                "javascript:alert(1)",
                "+1",
                "https://crm.example/contacts/javascript%3Aalert%281%29/view?n=%2B1",
            ),
            ("Zoë", "1", "https://crm.example/contacts/Zo%C3%AB/view?n=1"),
        ] {
            assert_eq!(path.url(number, name), url, "{name:?} {number:?}");
        }
        // A template that is only a placeholder after the host cannot become another scheme.
        let whole = ScreenPop::parse("https://crm.example/{name}").unwrap();
        assert!(whole
            .url("1", "javascript:alert(1)")
            .starts_with("https://crm.example/"));
    }

    #[test]
    fn expansion_table() {
        let cases: &[(&str, &str, &str, &str)] = &[
            (
                "https://crm.example/c/{number}",
                "0301234567",
                "",
                "https://crm.example/c/0301234567",
            ),
            (
                "https://crm.example/?q={number}",
                "+49 30 1234",
                "",
                "https://crm.example/?q=%2B49%2030%201234",
            ),
            (
                "https://crm.example/?n={name}",
                "",
                "Müller & Söhne",
                "https://crm.example/?n=M%C3%BCller%20%26%20S%C3%B6hne",
            ),
            (
                "https://crm.example/?n={name}&x=1",
                "",
                "a=b#c/d?e",
                "https://crm.example/?n=a%3Db%23c%2Fd%3Fe&x=1",
            ),
            (
                "http://10.0.0.5:8080/{number}/{name}",
                "206",
                "Ada",
                "http://10.0.0.5:8080/206/Ada",
            ),
            (
                "HTTPS://crm.example/{number}{number}",
                "1",
                "",
                "HTTPS://crm.example/11",
            ),
            (
                "https://crm.example/static",
                "1",
                "x",
                "https://crm.example/static",
            ),
            (
                "  https://crm.example/?q={number}  ",
                "*21#",
                "",
                "https://crm.example/?q=%2A21%23",
            ),
            (
                "https://crm.example#/{number}",
                "206",
                "",
                "https://crm.example#/206",
            ),
            (
                "https://crm.example/?n={name}",
                "",
                "-._~",
                "https://crm.example/?n=-._~",
            ),
        ];
        for (template, number, name, expected) in cases {
            let pop = ScreenPop::parse(template).unwrap_or_else(|e| panic!("{template}: {e}"));
            assert_eq!(pop.url(number, name), *expected, "{template}");
        }
    }

    #[test]
    fn refusals_table() {
        let cases: &[(&str, TemplateError)] = &[
            ("", TemplateError::Empty),
            ("   ", TemplateError::Empty),
            ("crm.example/{number}", TemplateError::NotHttp),
            ("javascript:alert(1)", TemplateError::NotHttp),
            ("ftp://crm.example/{number}", TemplateError::NotHttp),
            ("//crm.example/{number}", TemplateError::NotHttp),
            ("https://", TemplateError::NoHost),
            ("https:///x", TemplateError::NoHost),
            ("https://:80/x", TemplateError::NoHost),
            (
                "https://{name}.crm.example/",
                TemplateError::PlaceholderInHost,
            ),
            (
                "https://crm.example:{number}/",
                TemplateError::PlaceholderInHost,
            ),
            ("https://crm.example/a b", TemplateError::Whitespace),
            ("https://crm.example/\t{number}", TemplateError::Whitespace),
            (
                "https://crm.example/{phone}",
                TemplateError::UnknownPlaceholder("phone".into()),
            ),
            (
                "https://crm.example/{Number}",
                TemplateError::UnknownPlaceholder("Number".into()),
            ),
            (
                "https://crm.example/{}",
                TemplateError::UnknownPlaceholder(String::new()),
            ),
            ("https://crm.example/{number", TemplateError::UnmatchedBrace),
            ("https://crm.example/number}", TemplateError::UnmatchedBrace),
            (
                "https://crm.example/{{number}}",
                TemplateError::UnmatchedBrace,
            ),
        ];
        for (template, expected) in cases {
            assert_eq!(
                ScreenPop::parse(template).as_ref().err(),
                Some(expected),
                "{template:?}"
            );
            assert!(!expected.message().is_empty());
        }
        let long = format!("https://crm.example/{}", "a".repeat(MAX_TEMPLATE));
        assert_eq!(ScreenPop::parse(&long), Err(TemplateError::TooLong));
        assert!(TemplateError::UnknownPlaceholder("phone".into())
            .message()
            .contains("{phone}"));
    }

    #[test]
    fn url_for_a_party_leaves_missing_parts_empty() {
        let pop = ScreenPop::parse("https://crm.example/?q={number}&n={name}")
            .unwrap_or_else(|e| panic!("{e}"));
        let party = Party {
            number: Some("206".into()),
            name: None,
        };
        assert_eq!(pop.url_for(&party), "https://crm.example/?q=206&n=");
    }
}
