//! The characters the finder tells apart: digits of every script, the separators people put
//! inside numbers, the signs that open one, and the letters that glue digits into words.
//!
//! ```
//! use click_to_dial::detect::chars::{digit_value, is_separator};
//! assert_eq!(digit_value('٣'), Some(3));          // Arabic-Indic three
//! assert_eq!(digit_value('７'), Some(7));         // full-width seven
//! assert!(is_separator('\u{2009}') && !is_separator(','));
//! ```

/// The zero of every block of Unicode decimal digits (category Nd) beyond ASCII (Unicode 14).
const DIGIT_ZEROS: [u32; 65] = [
    0x660, 0x6F0, 0x7C0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66, 0xCE6, 0xD66, 0xDE6,
    0xE50, 0xED0, 0xF20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90, 0x1B50,
    0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10,
    0x104A0, 0x10D30, 0x11066, 0x110F0, 0x11136, 0x111D0, 0x112F0, 0x11450, 0x114D0, 0x11650,
    0x116C0, 0x11730, 0x118E0, 0x11950, 0x11C50, 0x11D50, 0x11DA0, 0x16A60, 0x16AC0, 0x16B50,
    0x1D7CE, 0x1D7D8, 0x1D7E2, 0x1D7EC, 0x1D7F6, 0x1E140, 0x1E2F0, 0x1E950, 0x1FBF0,
];

/// The value of a decimal digit of any script (ASCII, full-width, Arabic-Indic, Devanagari, ...).
#[inline]
pub fn digit_value(c: char) -> Option<u8> {
    let code = c as u32;
    if code < 0x80 {
        return c.is_ascii_digit().then(|| code as u8 - b'0');
    }
    if code < 0x660 {
        return None;
    }
    let index = DIGIT_ZEROS
        .partition_point(|&zero| zero <= code)
        .checked_sub(1)?;
    let offset = code - DIGIT_ZEROS[index];
    (offset < 10).then_some(offset as u8)
}

/// Spaces people put inside numbers: space, NBSP, the typographic spaces (thin, narrow NBSP,
/// figure space, ...), the ideographic space; also soft hyphen, zero-width space, word joiner.
pub fn is_space(c: char) -> bool {
    matches!(
        c,
        ' ' | '\u{A0}' | '\u{2000}'
            ..='\u{200B}' | '\u{202F}' | '\u{205F}' | '\u{2060}' | '\u{3000}' | '\u{AD}'
    )
}

/// Unicode's `White_Space` (what `char::is_whitespace` and `str::trim` take), written out:
/// `char::is_whitespace` brings a Unicode table into the finder's wasm.
pub fn is_white_space(c: char) -> bool {
    matches!(
        c,
        '\t'..='\r'
            | ' '
            | '\u{85}'
            | '\u{A0}'
            | '\u{1680}'
            | '\u{2000}'..='\u{200A}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{202F}'
            | '\u{205F}'
            | '\u{3000}'
    )
}

/// Hyphens and dashes: hyphen-minus, the Unicode hyphens and dashes, minus, full-width hyphen,
/// the katakana prolonged sound mark used as one.
pub fn is_dash(c: char) -> bool {
    matches!(
        c,
        '-' | '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FF0D}' | '\u{30FC}'
    )
}

/// A dash wider than a hyphen: between numbers it says "to" or "and".
pub fn is_wide_dash(c: char) -> bool {
    matches!(c, '\u{2013}'..='\u{2015}')
}

/// Punctuation between digit groups: dashes, dot, slash, tilde (written for "wait for tone").
pub fn is_punct(c: char) -> bool {
    is_dash(c)
        || matches!(
            c,
            '.' | '/' | '\u{FF0E}' | '\u{FF0F}' | '~' | '\u{2053}' | '\u{223C}' | '\u{FF5E}'
        )
}

pub fn is_open(c: char) -> bool {
    matches!(c, '(' | '\u{FF08}')
}

pub fn is_close(c: char) -> bool {
    matches!(c, ')' | '\u{FF09}')
}

pub fn is_plus(c: char) -> bool {
    matches!(c, '+' | '\u{FF0B}')
}

/// Whether `c` may stand between two digit groups of one number.
pub fn is_separator(c: char) -> bool {
    is_space(c) || is_punct(c) || is_open(c) || is_close(c)
}

/// A letter of a script that separates words with spaces (Latin, Greek, Cyrillic, Armenian,
/// Hebrew, Arabic): glued to digits it makes a word or an ID. Scripts written without spaces
/// (Thai, CJK, kana) put numbers right against their words, so their letters do not glue.
pub fn is_word_letter(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    matches!(c,
        '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}' | '\u{F8}'..='\u{24F}' | '\u{300}'..='\u{36F}'
        | '\u{370}'..='\u{3FF}' | '\u{400}'..='\u{52F}' | '\u{531}'..='\u{587}'
        | '\u{5D0}'..='\u{5EA}' | '\u{620}'..='\u{64A}' | '\u{671}'..='\u{6D3}')
}

/// A letter of any script, told without Unicode's tables (which would weigh on the
/// WebAssembly): ASCII letters, and every other character that is not a digit, a space, or in
/// a block of punctuation, symbols or emoji.
pub fn is_letter(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    !matches!(c,
        '\u{80}'..='\u{BF}' | '\u{D7}' | '\u{F7}' | '\u{2000}'..='\u{2BFF}' | '\u{3000}'..='\u{303F}'
        | '\u{FE30}'..='\u{FE4F}' | '\u{FF00}'..='\u{FF20}' | '\u{FF3B}'..='\u{FF40}'
        | '\u{FF5B}'..='\u{FF65}' | '\u{FFE0}'..='\u{FFEF}' | '\u{1F000}'..='\u{1FFFF}')
        && digit_value(c).is_none()
}

/// A letter (as [`is_letter`]) or a digit of any script.
pub fn is_letter_or_digit(c: char) -> bool {
    is_letter(c) || digit_value(c).is_some()
}

/// A lower-case letter of the scripts [`fold`] knows.
pub fn is_lower(c: char) -> bool {
    c.is_ascii_lowercase()
        || matches!(c, '\u{DF}'..='\u{F6}' | '\u{F8}'..='\u{FF}' | '\u{3B1}'..='\u{3C9}' | '\u{430}'..='\u{45F}')
}

/// `c` in lower case, for the letters labels and country names use (ASCII, Latin-1, Greek,
/// Cyrillic); other characters unchanged. (`char::to_lowercase` would bring the whole Unicode
/// case table into the WebAssembly.)
pub fn fold(c: char) -> char {
    let code = c as u32;
    let lower = match code {
        0x41..=0x5A | 0xC0..=0xD6 | 0xD8..=0xDE | 0x391..=0x3A9 | 0x410..=0x42F => code + 0x20,
        0x400..=0x40F => code + 0x50,
        _ => code,
    };
    char::from_u32(lower).unwrap_or(c)
}

/// `c` as country names are compared with the text: [`fold`]ed, every space (NBSP, thin space,
/// ...) a plain space, the typographic apostrophe `’` and the Unicode hyphens plain `'` and `-`,
/// Greek without its accents and final sigma (written in capitals, `ΕΛΛΑΔΑ` has none).
/// `cargo xtask country-names` stores the names folded this way, and the finder folds the text
/// the same way before it looks a name up.
pub fn fold_name(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    match c {
        '\u{2019}' | '\u{2018}' | '\u{2BC}' => '\'',
        '\u{2010}' | '\u{2011}' => '-',
        c if is_space(c) && c != '\u{AD}' && c != '\u{200B}' && c != '\u{2060}' => ' ',
        'ά' | 'Ά' => 'α',
        'έ' | 'Έ' => 'ε',
        'ή' | 'Ή' => 'η',
        'ί' | 'Ί' | 'ϊ' | 'ΐ' | 'Ϊ' => 'ι',
        'ό' | 'Ό' => 'ο',
        'ύ' | 'Ύ' | 'ϋ' | 'ΰ' | 'Ϋ' => 'υ',
        'ώ' | 'Ώ' => 'ω',
        'ς' => 'σ',
        c => fold(c),
    }
}

/// Currency signs (the Unicode Sc category's common members).
pub fn is_currency(c: char) -> bool {
    matches!(
        c,
        '$' | '¢' | '£' | '¤' | '¥' | '֏' | '؋' | '৳' | '฿' | '₠'
            ..='₿' | '﷼' | '＄' | '￠' | '￡' | '￥' | '￦'
    )
}

/// The word at the end of `text`: its last characters for which `letter` holds (empty if none).
pub fn word_at_end(text: &str, letter: fn(char) -> bool) -> &str {
    let start = text
        .char_indices()
        .rev()
        .take_while(|&(_, c)| letter(c))
        .last()
        .map_or(text.len(), |(at, _)| at);
    &text[start..]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn white_space_is_unicode_s() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(is_white_space(c), c.is_whitespace(), "{c:?}");
        }
    }

    #[test]
    fn digits_of_every_script() {
        for (c, value) in [
            ('0', Some(0)),
            ('9', Some(9)),
            ('٠', Some(0)),
            ('۹', Some(9)),
            ('५', Some(5)),
            ('๓', Some(3)),
            ('０', Some(0)),
            ('９', Some(9)),
            ('𝟘', Some(0)),
            ('a', None),
            ('²', None),
            ('½', None),
            ('Ⅻ', None),
            ('電', None),
        ] {
            assert_eq!(digit_value(c), value, "{c:?}");
        }
        for &zero in &DIGIT_ZEROS {
            for k in 0..10 {
                let c = char::from_u32(zero + k).unwrap();
                assert!(c.is_numeric(), "{c:?}");
            }
        }
    }

    #[test]
    fn classes() {
        for (c, space, punct, letter) in [
            (' ', true, false, false),
            ('\u{A0}', true, false, false),
            ('\u{2009}', true, false, false),
            ('\u{3000}', true, false, false),
            ('-', false, true, false),
            ('\u{2013}', false, true, false),
            ('/', false, true, false),
            ('.', false, true, false),
            ('é', false, false, true),
            ('ж', false, false, true),
            ('電', false, false, false),
            ('ก', false, false, false),
        ] {
            assert_eq!(
                (is_space(c), is_punct(c), is_word_letter(c)),
                (space, punct, letter),
                "{c:?}"
            );
        }
    }
}
