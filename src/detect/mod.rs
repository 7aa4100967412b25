//! Finds phone numbers in text.
//!
//! This is the first finder: international numbers (`+CC ...`, `00CC ...`, the default region's
//! own international prefix) and national numbers of a default region, checked against the
//! possible lengths of libphonenumber's numbering plans ([`plan`]). It rejects the commonest
//! look-alikes (dates, IPv4 addresses, digits glued to words). No regex, one pass over the text.
//!
//! ```
//! use click_to_dial::detect::{find_numbers, plan::Region};
//! let text = "Call Anna on +49 30 1234567 or 089 987654-0 (invoice 2024-01-15).";
//! let found = find_numbers(text, Region::find("DE"));
//! let raw: Vec<&str> = found.iter().map(|f| &text[f.span.clone()]).collect();
//! assert_eq!(raw, ["+49 30 1234567", "089 987654-0"]);
//! assert_eq!(found[1].number.e164(), "+49899876540");
//! ```

pub mod plan;
mod tables;
pub mod utf16;

use plan::{split_country_code, Region};
use std::ops::Range;

/// A phone number: country calling code and national significant number (ASCII digits).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhoneNumber {
    pub country_code: u16,
    pub national_number: String,
}

impl PhoneNumber {
    /// The number in E.164 form, `+` then digits.
    pub fn e164(&self) -> String {
        format!("+{}{}", self.country_code, self.national_number)
    }
}

/// A number found in a text: where it is (byte offsets, half-open) and what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub span: Range<usize>,
    pub number: PhoneNumber,
}

/// Why [`parse`] refused a string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseError {
    /// The string is not exactly one phone number.
    NotAPhoneNumber,
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("not a phone number")
    }
}

impl std::error::Error for ParseError {}

/// Finds every phone number in `text`. National numbers are read as numbers of `region`;
/// without a region only international numbers are found.
pub fn find_numbers(text: &str, region: Option<&Region>) -> Vec<Found> {
    let mut found = Vec::new();
    let mut position = 0;
    while let Some(start) = next_start(text, position) {
        let run = run_end(text, start);
        if let Some(number) = evaluate(text, start..run, region) {
            found.push(Found {
                span: start..run,
                number,
            });
        }
        position = run.max(start + 1);
    }
    found
}

/// Parses a string that should be exactly one phone number, such as a number a page asks to dial.
///
/// # Errors
/// [`ParseError::NotAPhoneNumber`] when the trimmed string is not one whole number.
pub fn parse(input: &str, region: Option<&Region>) -> Result<PhoneNumber, ParseError> {
    let trimmed = input.trim_matches(|c: char| c.is_whitespace());
    match find_numbers(trimmed, region).as_slice() {
        [only] if only.span == (0..trimmed.len()) => Ok(only.number.clone()),
        _ => Err(ParseError::NotAPhoneNumber),
    }
}

/// The value of a decimal digit: ASCII or full-width.
fn digit_value(c: char) -> Option<u8> {
    match c {
        '0'..='9' => Some(c as u8 - b'0'),
        '\u{FF10}'..='\u{FF19}' => Some((c as u32 - 0xFF10) as u8),
        _ => None,
    }
}

fn is_digit(c: char) -> bool {
    digit_value(c).is_some()
}

/// Spaces people put inside numbers: space, NBSP, thin space, narrow NBSP.
fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\u{A0}' | '\u{2009}' | '\u{202F}')
}

/// Punctuation people put between digit groups: dot, hyphen, en dash, slash.
fn is_punct(c: char) -> bool {
    matches!(c, '.' | '-' | '\u{2013}' | '/')
}

/// A letter or digit of a script that separates words with spaces (Latin, Greek, Cyrillic,
/// Arabic, ...): glued to digits it makes a word or an ID. Scripts written without spaces
/// (Thai, CJK, kana) put numbers right against their words.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() && c < '\u{0E00}'
}

/// Characters that, right before a number, make it part of something else
/// (a word, an ID, an amount, a path, an e-mail address).
fn glues_before(c: char) -> bool {
    is_word_char(c)
        || matches!(
            c,
            '_' | '#' | '@' | '$' | '€' | '£' | '¥' | '.' | '/' | '\\' | '&' | '='
        )
}

/// Characters that, right after a number, make it part of something else.
fn glues_after(c: char) -> bool {
    is_word_char(c) || matches!(c, '_' | '@' | '%' | '€' | '$' | '£')
}

/// The next position at or after `from` where a number may begin.
fn next_start(text: &str, from: usize) -> Option<usize> {
    let mut before = text[..from].chars().rev();
    let (mut previous, mut second) = (before.next(), before.next());
    for (offset, c) in text[from..].char_indices() {
        let at = from + offset;
        let starts = match c {
            '+' | '(' => text[at + c.len_utf8()..]
                .chars()
                .next()
                .is_some_and(is_digit),
            _ => is_digit(c),
        };
        if starts && !glued_before(previous, second) {
            return Some(at);
        }
        (second, previous) = (previous, Some(c));
    }
    None
}

/// Whether the two characters before a candidate (`previous` right before it) make it part of
/// something else: a word, an amount, `INV-2024`, another run of digits.
fn glued_before(previous: Option<char>, second: Option<char>) -> bool {
    match previous {
        None => false,
        Some(p) if glues_before(p) || is_digit(p) || p == '+' => true,
        Some('-' | '\u{2013}') => second.is_some_and(is_word_char),
        Some(_) => false,
    }
}

/// Where the run of digits and separators that begins at `start` ends (exclusive).
fn run_end(text: &str, start: usize) -> usize {
    let mut chars = text[start..]
        .char_indices()
        .map(|(i, c)| (start + i, c))
        .peekable();
    let mut end = start;
    let mut open_paren = false;
    // A leading '+' or '(' belongs to the run.
    if let Some(&(i, c)) = chars.peek() {
        if c == '+' || c == '(' {
            open_paren = c == '(';
            chars.next();
            end = i + c.len_utf8();
        }
    }
    loop {
        // A group of digits.
        let mut group = false;
        while let Some(&(i, c)) = chars.peek() {
            if !is_digit(c) {
                break;
            }
            group = true;
            end = i + c.len_utf8();
            chars.next();
        }
        if !group {
            return end;
        }
        // Then separators, which count only if another digit group follows.
        let group_end = end;
        let (mut spaces, mut puncts, mut closed_at) = (0, 0, None);
        let mut valid = true;
        while let Some(&(i, c)) = chars.peek() {
            if is_space(c) {
                spaces += 1;
            } else if is_punct(c) {
                puncts += 1;
                // " / " separates two numbers, not two groups of one.
                valid &= !(c == '/' && spaces > 0);
            } else if c == '(' && !open_paren {
                open_paren = true;
            } else if c == ')' && open_paren {
                open_paren = false;
                if i == group_end {
                    closed_at = Some(i + 1);
                }
            } else {
                break;
            }
            chars.next();
        }
        let continues = chars.peek().is_some_and(|&(_, c)| is_digit(c));
        if !valid || spaces > 2 || puncts > 1 || !continues {
            // A parenthesis that closes right after the last group belongs to the number.
            return closed_at.unwrap_or(group_end);
        }
        end = chars.peek().map_or(end, |&(i, _)| i);
    }
}

/// Decides whether the run `span` of `text` is a phone number and parses it.
fn evaluate(text: &str, span: Range<usize>, region: Option<&Region>) -> Option<PhoneNumber> {
    let raw = &text[span.clone()];
    let next = text[span.end..].chars().next();
    if next.is_some_and(glues_after) || looks_like_date_or_address(raw) {
        return None;
    }
    if raw.starts_with('+') {
        // "+49 (0)30 ...": the trunk zero in parentheses is not dialed from abroad.
        return international(&digits_of(&raw.replacen("(0)", "", 1)));
    }
    let digits = digits_of(raw);
    if let Some(rest) = digits.strip_prefix("00") {
        return international(rest);
    }
    let region = region?;
    if let Some(rest) = digits.strip_prefix(region.international_prefix) {
        if let Some(number) = international(rest) {
            return Some(number);
        }
    }
    national(&digits, region)
}

/// The ASCII digits of `raw`, full-width digits folded to ASCII.
fn digits_of(raw: &str) -> String {
    raw.chars()
        .filter_map(digit_value)
        .map(|d| char::from(b'0' + d))
        .collect()
}

/// A number written with its calling code, after the `+` or international prefix.
fn international(digits: &str) -> Option<PhoneNumber> {
    let (code, national_number) = split_country_code(digits)?;
    code.allows_length(national_number.len())
        .then(|| PhoneNumber {
            country_code: code.code,
            national_number: national_number.to_string(),
        })
}

/// The fewest digits a national number is written with for this finder to take it.
const MIN_NATIONAL_DIGITS: usize = 7;

/// A number written the national way of `region`: with its trunk prefix, or where the trunk
/// prefix is optional (no prefix at all, or the North American "1"), without it.
fn national(digits: &str, region: &Region) -> Option<PhoneNumber> {
    if digits.len() < MIN_NATIONAL_DIGITS {
        return None;
    }
    let prefix = region.national_prefix;
    let without_prefix = if prefix.is_empty() {
        None
    } else {
        digits.strip_prefix(prefix)
    };
    let national_number = match without_prefix {
        Some(rest) if region.allows_length(rest.len()) => rest,
        _ if (prefix.is_empty() || region.country_code == 1)
            && region.allows_length(digits.len()) =>
        {
            digits
        }
        _ => return None,
    };
    Some(PhoneNumber {
        country_code: region.country_code,
        national_number: national_number.to_string(),
    })
}

/// Dates (`2024-01-15`, `15.01.2024`, `1/15/2024`) and dotted IPv4 addresses.
fn looks_like_date_or_address(raw: &str) -> bool {
    let separators: Vec<char> = raw.chars().filter(|&c| is_punct(c)).collect();
    let Some(&first) = separators.first() else {
        return false;
    };
    if separators.iter().any(|&c| c != first) || raw.chars().any(is_space) {
        return false;
    }
    let groups: Vec<usize> = raw.split(first).map(|g| g.chars().count()).collect();
    match groups.as_slice() {
        [4, 1..=2, 1..=2] | [1..=2, 1..=2, 2 | 4] => true,
        [1..=3, 1..=3, 1..=3, 1..=3] => first == '.',
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Finds in `text` with default region `region` and returns (raw, E.164) pairs.
    fn find(text: &str, region: &str) -> Vec<(String, String)> {
        find_numbers(text, Region::find(region))
            .into_iter()
            .map(|f| (text[f.span].to_string(), f.number.e164()))
            .collect()
    }

    macro_rules! finds {
        ($($name:ident: $region:literal, $text:expr => [$(($raw:literal, $e164:literal)),*];)*) => {$(
            #[test]
            fn $name() {
                let expected: Vec<(String, String)> =
                    vec![$(($raw.to_string(), $e164.to_string())),*];
                assert_eq!(find($text, $region), expected);
            }
        )*};
    }

    finds! {
        international_plus: "DE", "Tel: +49 30 1234567" => [("+49 30 1234567", "+49301234567")];
        international_plus_no_region: "", "+1 206 555 0100" => [("+1 206 555 0100", "+12065550100")];
        international_double_zero: "US", "0044 20 7946 0958" => [("0044 20 7946 0958", "+442079460958")];
        international_region_prefix: "US", "011 49 30 1234567" => [("011 49 30 1234567", "+49301234567")];
        trunk_zero_in_parentheses: "GB", "+44 (0)20 7946 0958" => [("+44 (0)20 7946 0958", "+442079460958")];
        national_with_prefix: "DE", "Büro 030 1234567." => [("030 1234567", "+49301234567")];
        national_slash: "DE", "089/987654-0" => [("089/987654-0", "+49899876540")];
        national_us_parentheses: "US", "(206) 555-0100" => [("(206) 555-0100", "+12065550100")];
        national_us_dots: "US", "206.555.0100" => [("206.555.0100", "+12065550100")];
        national_no_trunk_prefix_region: "IT", "06 6982 1234" => [("06 6982 1234", "+390669821234")];
        national_without_region: "", "030 1234567" => [];
        two_numbers_with_slash: "DE", "030 1234567 / 040 7654321" =>
            [("030 1234567", "+49301234567"), ("040 7654321", "+49407654321")];
        two_numbers_with_comma: "", "+49 30 1234567, +33 1 23 45 67 89" =>
            [("+49 30 1234567", "+49301234567"), ("+33 1 23 45 67 89", "+33123456789")];
        nbsp_and_thin_space: "FR", "01\u{A0}23\u{A0}45\u{2009}67\u{202F}89" =>
            [("01\u{A0}23\u{A0}45\u{2009}67\u{202F}89", "+33123456789")];
        full_width_digits: "JP", "電話：０３-１２３４-５６７８です" => [("０３-１２３４-５６７８", "+81312345678")];
        cjk_around: "CN", "电话010-12345678转" => [("010-12345678", "+861012345678")];
        en_dash: "DE", "030\u{2013}1234567" => [("030\u{2013}1234567", "+49301234567")];
        iso_date: "DE", "am 2024-01-15 um" => [];
        german_date: "DE", "15.01.2024" => [];
        us_date: "US", "1/15/2024" => [];
        ipv4: "DE", "192.168.100.124" => [];
        glued_to_letters: "DE", "INV030123456 and 0301234567abc" => [];
        id_with_hyphen: "US", "INV-2024-000123, PO-2065550100" => [];
        hyphen_as_dash: "DE", "Zentrale - 030 1234567" => [("030 1234567", "+49301234567")];
        amount: "DE", "$1234567.00 and 1234567€" => [];
        too_short: "DE", "12345" => [];
        too_long_international: "", "+49 30 1234567 8901 2345" => [];
        unknown_country_code: "", "+999 1234567" => [];
        sentence_end: "GB", "Ring 020 7946 0958." => [("020 7946 0958", "+442079460958")];
    }

    #[test]
    fn parse_takes_exactly_one_number() {
        let de = Region::find("DE");
        assert_eq!(
            parse(" +49 30 1234567 ", de).unwrap().e164(),
            "+49301234567"
        );
        assert_eq!(parse("0301234567", de).unwrap().e164(), "+49301234567");
        for bad in [
            "",
            "abc",
            "030 1234567 x",
            "+49 30 1234567, 040 7654321",
            "2024-01-15",
        ] {
            assert_eq!(parse(bad, de), Err(ParseError::NotAPhoneNumber), "{bad:?}");
        }
    }

    #[test]
    fn never_panics_and_spans_are_char_boundaries() {
        // A cheap exhaustive-ish property check over mixed scripts and separators.
        let pieces = [
            "+", "0", "1", "49", "30", " ", "\u{A0}", "-", "/", ".", "(", ")", "a", "é", "😀",
            "電", "０", "00", "\u{2013}", "x",
        ];
        let mut state = 12345u64;
        for _ in 0..20_000 {
            let mut text = String::new();
            for _ in 0..(state % 24) {
                state = state
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                text.push_str(pieces[(state >> 33) as usize % pieces.len()]);
            }
            for region in [None, Region::find("DE"), Region::find("US")] {
                for f in find_numbers(&text, region) {
                    assert!(
                        text.is_char_boundary(f.span.start) && text.is_char_boundary(f.span.end)
                    );
                    assert!(f.span.start < f.span.end, "{text:?}");
                }
            }
        }
    }
}
