//! Byte offsets to UTF-16 offsets: Rust spans are UTF-8 byte ranges, the page's DOM ranges count
//! UTF-16 code units. The conversion happens once, at the wasm boundary.
//!
//! ```
//! use click_to_dial::detect::utf16::to_utf16_spans;
//! let text = "😀 +49 30 1234567";                         // the emoji is 4 bytes, 2 UTF-16 units
//! assert_eq!(to_utf16_spans(text, Some(5..19)), [(3, 17)]);
//! ```

use std::ops::Range;

/// Converts byte spans of `text`, sorted by start and on char boundaries, to UTF-16 spans,
/// in one pass over the text.
///
/// # Panics
/// If a span is not on a char boundary of `text` or the spans are not sorted by start:
/// both are bugs in the caller, which gets its spans from the finder.
pub fn to_utf16_spans(
    text: &str,
    spans: impl IntoIterator<Item = Range<usize>>,
) -> Vec<(u32, u32)> {
    let mut counter = Counter {
        text,
        byte: 0,
        unit: 0,
    };
    spans
        .into_iter()
        .map(|span| (counter.advance_to(span.start), counter.advance_to(span.end)))
        .collect()
}

/// Walks forward through `text`, counting UTF-16 units up to a byte offset.
struct Counter<'a> {
    text: &'a str,
    byte: usize,
    unit: u32,
}

impl Counter<'_> {
    fn advance_to(&mut self, byte: usize) -> u32 {
        if byte < self.byte {
            // A span starting before the previous one ended (overlap): count again from the start.
            self.byte = 0;
            self.unit = 0;
        }
        let units = utf16_len(&self.text.as_bytes()[self.byte..byte]);
        self.unit += units as u32;
        self.byte = byte;
        self.unit
    }
}

/// The UTF-16 length of the UTF-8 `bytes` (whole characters): one unit per byte that starts a
/// character, two for a character of four bytes. Eight bytes at a time while they are ASCII:
/// the finder's answer crosses every text up to its last number.
fn utf16_len(bytes: &[u8]) -> usize {
    let units_of = |b: u8| usize::from((b as i8) >= -0x40) + usize::from(b >= 0xF0);
    let mut chunks = bytes.chunks_exact(8);
    let mut units = 0;
    for chunk in &mut chunks {
        let word = u64::from_le_bytes(chunk.try_into().unwrap_or([0x80; 8]));
        units += if word & 0x8080_8080_8080_8080 == 0 {
            8
        } else {
            chunk.iter().map(|&b| units_of(b)).sum()
        };
    }
    units
        + chunks
            .remainder()
            .iter()
            .map(|&b| units_of(b))
            .sum::<usize>()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_len_counts_like_the_chars() {
        for text in [
            "",
            "abc",
            "é電😀 12\u{A0}34 😀 56",
            "0123456789abcdefé",
            "😀😀😀😀😀😀😀😀😀",
        ] {
            let expected: usize = text.chars().map(char::len_utf16).sum();
            assert_eq!(utf16_len(text.as_bytes()), expected, "{text:?}");
        }
    }

    #[test]
    fn ascii_is_identity() {
        assert_eq!(to_utf16_spans("abc 123 def", Some(4..7)), [(4, 7)]);
    }

    #[test]
    fn non_ascii_before_and_inside() {
        // é: 2 bytes/1 unit, 電: 3 bytes/1 unit, 😀: 4 bytes/2 units, NBSP: 2 bytes/1 unit.
        let text = "é電😀 12\u{A0}34 😀 56";
        let first = text.find("12").unwrap()..text.find(" 😀").unwrap();
        let second = text.rfind("56").unwrap()..text.len();
        // é=0 電=1 😀=2,3 space=4 "12"=5,6 NBSP=7 "34"=8,9 space=10 😀=11,12 space=13 "56"=14,15
        let expected = [(5, 10), (14, 16)];
        assert_eq!(to_utf16_spans(text, [first, second]), expected);
    }

    #[test]
    fn matches_a_naive_count() {
        let text = "Tel. ０３-１２３４ 😀😀 +49 30 1234567 — 電話 030 1234567";
        let spans: Vec<Range<usize>> = text
            .char_indices()
            .map(|(i, _)| i)
            .collect::<Vec<_>>()
            .windows(2)
            .step_by(3)
            .map(|w| w[0]..w[1])
            .collect();
        let naive: Vec<(u32, u32)> = spans
            .iter()
            .map(|s| {
                let units = |b: usize| text[..b].encode_utf16().count() as u32;
                (units(s.start), units(s.end))
            })
            .collect();
        assert_eq!(to_utf16_spans(text, spans), naive);
    }
}
