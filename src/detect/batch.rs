//! A batch of a page's texts scanned at once: the one way text reaches the finder from the page
//! layer, whichever way it travels (the finder's wasm in the page, `Request::Scan` through the
//! background, the `<click-to-dial>` component).
//!
//! Each text may belong to a record (its table row or card, [`record_regions`]), whose country
//! is read once for all its texts; national numbers are read in the record's regions, then the
//! default region, then the user's other countries, then as the page's language and domain say.
//! Spans come back in UTF-16 units, as the DOM counts them; [`Matches`] is the same answer in
//! columns, the shape that crosses to JavaScript.
//!
//! ```
//! use click_to_dial::detect::batch::{Batch, Match, Matches};
//! use click_to_dial::detect::{plan::Region, RegionChoice};
//!
//! let texts = ["nothing".to_string(), "(0171) 5550123".to_string()];
//! let records = ["Anna Schmidt\tGermany\t(0171) 5550123".to_string()];
//! let batch = Batch {
//!     texts: &texts,
//!     records: &records,
//!     record_of: &[Batch::NO_RECORD, 0],
//!     ..Batch::new(RegionChoice::Fixed(Region::find("US").unwrap()))
//! };
//! let found = batch.scan();
//! assert_eq!(found, [Match { text: 1, start: 0, end: 14, e164: "+491715550123".into(), extension: None, confidence: 75 }]);
//! let columns = Matches::from(found);
//! assert_eq!(columns.spans, [1, 0, 14]);
//! assert_eq!(columns.number(0), ("+491715550123", ""));
//! ```

use super::plan::Region;
use super::utf16::to_utf16_spans;
use super::{find, record_regions, Hints, Options, RegionChoice};
use serde::{Deserialize, Serialize};

/// The texts to scan, the records they belong to, and what is known of the page and the person.
#[derive(Debug, Clone, Copy)]
pub struct Batch<'a> {
    /// The texts, one per block of the page.
    pub texts: &'a [String],
    /// The records the texts belong to (a table row as its cells joined by tabs, a card's
    /// text), each once.
    pub records: &'a [String],
    /// For each text, the index of its record in `records`; a text without an entry here, or
    /// with an index past the end of `records` ([`Batch::NO_RECORD`]), has none.
    pub record_of: &'a [u32],
    /// The default region: where numbers written the national way are read.
    pub region: RegionChoice,
    /// The user's other countries, tried right after the default region.
    pub also: &'a [&'static Region],
    /// The page's language tag (`de-AT`) and host name (`crm.example.fr`); empty or none for
    /// unknown.
    pub language: Option<&'a str>,
    pub domain: Option<&'a str>,
}

/// A number found in a batch: the index of its text, its UTF-16 span in that text (half-open),
/// its E.164 form, its extension when one is written, and how sure the finder is (0-100).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    pub text: u32,
    pub start: u32,
    pub end: u32,
    pub e164: String,
    pub extension: Option<String>,
    pub confidence: u8,
}

impl<'a> Batch<'a> {
    /// The record index of a text that belongs to none.
    pub const NO_RECORD: u32 = u32::MAX;

    /// An empty batch read in `region`, with no other countries and nothing known of the page.
    pub fn new(region: RegionChoice) -> Batch<'a> {
        Batch {
            texts: &[],
            records: &[],
            record_of: &[],
            region,
            also: &[],
            language: None,
            domain: None,
        }
    }

    /// The numbers in every text, in the order of the texts and, within a text, of their start.
    pub fn scan(&self) -> Vec<Match> {
        let options = Options {
            region: self.region,
            hints: Hints {
                language: self.language.filter(|l| !l.is_empty()),
                domain: self.domain.filter(|d| !d.is_empty()),
                regions: &[],
                also: self.also,
            },
            ..Options::default()
        };
        // Each record's regions, worked out once for all its texts.
        let mut regions_of: Vec<Option<Vec<&'static Region>>> = vec![None; self.records.len()];
        let mut out = Vec::new();
        for (index, text) in self.texts.iter().enumerate() {
            let record = self
                .record_of
                .get(index)
                .map(|&r| r as usize)
                .filter(|&r| r < self.records.len());
            let known: &[&'static Region] = match record {
                Some(record) => regions_of[record].get_or_insert_with(|| {
                    let mut found = [None; 3];
                    let n = record_regions(&self.records[record], &mut found);
                    found[..n].iter().flatten().copied().collect()
                }),
                None => &[],
            };
            let options = Options {
                hints: Hints {
                    regions: known,
                    ..options.hints
                },
                ..options
            };
            let found = find(text, &options);
            let spans = to_utf16_spans(text, found.iter().map(|f| f.span.clone()));
            out.extend(found.into_iter().zip(spans).map(|(f, (start, end))| Match {
                text: index as u32,
                start,
                end,
                e164: f.number.e164(),
                extension: f.number.extension,
                confidence: f.reason.confidence,
            }));
        }
        out
    }
}

/// A batch's matches in columns, as they cross to JavaScript (the finder's wasm makes `spans`
/// and `number_ends` `Uint32Array`s and `confidence` a `Uint8Array`): match `i` is in text
/// `spans[3i]` from UTF-16 unit `spans[3i + 1]` to `spans[3i + 2]`, its confidence is
/// `confidence[i]`, and its number (E.164) then its extension (empty for none) are in
/// `numbers`, from where the match before ends, the number to `number_ends[2i]`, the extension
/// to `number_ends[2i + 1]` (ASCII: bytes and UTF-16 units agree; [`Matches::number`]).
///
/// One string for every number, not one string each: made into JavaScript strings one by one,
/// the numbers took a tenth of the finder's time on the development page (`bench finder`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Matches {
    pub spans: Vec<u32>,
    pub confidence: Vec<u8>,
    pub numbers: String,
    #[serde(rename = "numberEnds")]
    pub number_ends: Vec<u32>,
}

impl Matches {
    /// How many matches there are.
    pub fn len(&self) -> usize {
        self.confidence.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.confidence.is_empty()
    }

    /// Match `i`'s number (E.164) and extension (empty for none).
    pub fn number(&self, i: usize) -> (&str, &str) {
        let at = |k: usize| self.number_ends[k] as usize;
        let start = if i == 0 { 0 } else { at(2 * i - 1) };
        (
            &self.numbers[start..at(2 * i)],
            &self.numbers[at(2 * i)..at(2 * i + 1)],
        )
    }
}

impl From<Vec<Match>> for Matches {
    fn from(found: Vec<Match>) -> Matches {
        let mut columns = Matches {
            spans: Vec::with_capacity(3 * found.len()),
            confidence: Vec::with_capacity(found.len()),
            numbers: String::with_capacity(16 * found.len()),
            number_ends: Vec::with_capacity(2 * found.len()),
        };
        for m in found {
            columns.spans.extend([m.text, m.start, m.end]);
            columns.confidence.push(m.confidence);
            // E.164 and an extension's digits are ASCII (checked in the tests): a byte offset
            // is a UTF-16 one.
            for part in [m.e164.as_str(), m.extension.as_deref().unwrap_or_default()] {
                columns.numbers.push_str(part);
                columns.number_ends.push(columns.numbers.len() as u32);
            }
        }
        columns
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn region(code: &str) -> RegionChoice {
        RegionChoice::Fixed(Region::find(code).unwrap())
    }

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    /// (text, e164) of each match, for tables of cases.
    fn numbers(found: &[Match]) -> Vec<(u32, &str)> {
        found.iter().map(|m| (m.text, m.e164.as_str())).collect()
    }

    #[test]
    fn spans_are_utf16_per_text_with_extension_and_confidence() {
        let texts = strings(&[
            "😀 Tel. 030 1234567",
            "nothing",
            "+1 206 555 0100",
            "Tél. 01 42 68 53 00 x 12",
        ]);
        let found = Batch {
            texts: &texts[..3],
            ..Batch::new(region("DE"))
        }
        .scan();
        let expected = [
            (0, 8, 19, "+49301234567", None, 95),
            (2, 0, 15, "+12065550100", None, 90),
        ];
        let got: Vec<_> = found
            .iter()
            .map(|m| {
                let ext = m.extension.as_deref();
                (m.text, m.start, m.end, m.e164.as_str(), ext, m.confidence)
            })
            .collect();
        assert_eq!(got, expected);
        // Read where the page's language points.
        let found = Batch {
            texts: &texts[3..],
            language: Some("fr"),
            domain: Some(""),
            ..Batch::new(RegionChoice::Auto)
        }
        .scan();
        assert_eq!(numbers(&found), [(0, "+33142685300")]);
        assert_eq!(found[0].extension.as_deref(), Some("12"));
    }

    #[test]
    fn records_and_other_countries_decide_national_numbers() {
        // A CRM table, the user in the United States who also calls Switzerland: each row's
        // country cell decides how its cells' national numbers are read, a text of no record
        // is read in the United States, then Switzerland.
        let records = strings(&[
            "Anna Schmidt\tBerlin\tGermany\t(0171) 5550123",
            "Jean Dupont\tParis\tFrance\t01.45.55.01.23",
            "Kai Berg\t🇩🇪\t030 1234567",
            "Ola Nord\t+47 22 12 34 56\t22 12 34 56",
            "Tom Baker\tLondon\tUnited Kingdom\t(020) 7946 0018",
            "Ann Lee\tSeattle\tUnited States\t(206) 555-0100",
            "Lena Roth\tDE\t089 1234567",
        ]);
        let texts = strings(&[
            "(0171) 5550123",
            "01.45.55.01.23",
            "030 1234567",
            "22 12 34 56",
            "(206) 555-0100",
            "044 668 18 00",
            "(0171) 5550123",
            "Anna: (0171) 5550123, Kai: 030 1234567",
            "(020) 7946 0018",
            "(206) 555-0100",
            "089 1234567",
        ]);
        let us = region("US");
        let also = [Region::find("CH").unwrap()];
        let record_of = [0, 1, 2, 3, 0, Batch::NO_RECORD, 7, 0, 4, 5, 6];
        let batch = Batch {
            texts: &texts,
            records: &records,
            record_of: &record_of,
            also: &also,
            ..Batch::new(us)
        };
        assert_eq!(
            numbers(&batch.scan()),
            [
                (0, "+491715550123"),
                (1, "+33145550123"),
                (2, "+49301234567"),
                (3, "+4722123456"),
                (4, "+12065550100"),  // in a German row, still a US number
                (5, "+41446681800"),  // no record: the other country
                (7, "+491715550123"), // text 6's record is past the end: none, no number
                (7, "+49301234567"),
                (8, "+442079460018"),
                (9, "+12065550100"),
                (10, "+49891234567"),
            ]
        );
        let alone = Batch {
            texts: &texts,
            ..Batch::new(us)
        };
        assert_eq!(
            numbers(&alone.scan()),
            [(4, "+12065550100"), (9, "+12065550100")]
        );
    }

    #[test]
    fn without_a_region_only_international_numbers() {
        let texts = strings(&["030 1234567 or +49 30 1234567"]);
        let found = Batch {
            texts: &texts,
            ..Batch::new(RegionChoice::None)
        }
        .scan();
        assert_eq!(numbers(&found), [(0, "+49301234567")]);
        assert_eq!((found[0].start, found[0].end), (15, 29));
        assert!(Batch::new(RegionChoice::Auto).scan().is_empty());
    }

    #[test]
    fn a_region_is_named_by_code() {
        for (code, expected) in [
            ("", RegionChoice::None),
            ("auto", RegionChoice::Auto),
            ("AUTO", RegionChoice::Auto),
            ("ch", region("CH")),
            ("CH", region("CH")),
            ("XX", RegionChoice::None),
            ("Germany", RegionChoice::None),
        ] {
            assert_eq!(RegionChoice::from_code(code), expected, "{code:?}");
        }
    }

    #[test]
    fn columns_hold_each_match_in_order() {
        let texts = strings(&["Tel. 030 1234567 Durchwahl 12", "x", "+1 206 555 0100"]);
        let found = Batch {
            texts: &texts,
            ..Batch::new(region("DE"))
        }
        .scan();
        let columns = Matches::from(found.clone());
        assert_eq!(columns.spans.len(), 3 * found.len());
        assert_eq!(columns.len(), found.len());
        for (i, m) in found.iter().enumerate() {
            assert_eq!(columns.spans[3 * i..3 * i + 3], [m.text, m.start, m.end]);
            assert_eq!(columns.confidence[i], m.confidence);
            let extension = m.extension.clone().unwrap_or_default();
            assert_eq!(columns.number(i), (m.e164.as_str(), extension.as_str()));
            assert!(m.e164.is_ascii() && extension.is_ascii());
        }
        assert_eq!(columns.numbers, "+4930123456712+12065550100");
        assert_eq!(columns.number_ends, [12, 14, 26, 26]);
        let json = serde_json::to_string(&Matches::from(vec![])).unwrap();
        assert_eq!(
            json,
            r#"{"spans":[],"confidence":[],"numbers":"","numberEnds":[]}"#
        );
        assert!(Matches::from(vec![]).is_empty());
    }
}
