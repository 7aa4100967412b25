//! Finds phone numbers in text.
//!
//! One pass over the text finds runs of digits (of any script) and the separators people put
//! between digit groups ([`run`]); each run is checked against look-alikes (dates, times, IP
//! addresses, versions, amounts, IDs, codes, measurements: [`reject`]) and cut into numbers,
//! each read the way libphonenumber reads one (calling code, international and national
//! prefixes) and checked against the numbering plans, compiled from libphonenumber's metadata
//! into digit automata ([`plan`], `tables.rs`, `dfa.rs`). The words around a number (a `Tel.` or
//! an `Invoice` label, a country named on the same line) raise or lower its confidence and tell
//! which country a number written the national way belongs to ([`context`]). No regex engine,
//! no allocation per byte scanned: only the numbers found are allocated.
//!
//! ```
//! use click_to_dial::detect::{find, find_numbers, plan::Region, Label, Options, RegionChoice, Written};
//! let text = "Call Anna on +49 30 1234567 or 089 987654-0 (invoice 2024-01-15).";
//! let found = find_numbers(text, Region::find("DE"));
//! let raw: Vec<&str> = found.iter().map(|f| f.raw).collect();
//! assert_eq!(raw, ["+49 30 1234567", "089 987654-0"]);
//! assert_eq!(found[1].number.e164(), "+49899876540");
//!
//! // A French contact on a German page: the country named on the line tells.
//! let row = "Émilie Durand · Paris, France · Tél. 01 42 68 53 00 · Commande 2024-118";
//! let options = Options { region: RegionChoice::Fixed(Region::find("DE").unwrap()), ..Options::default() };
//! let found = find(row, &options);
//! assert_eq!(found[0].number.e164(), "+33142685300");
//! assert_eq!((found[0].reason.written, found[0].reason.label), (Written::NationalPrefix, Some(Label::Phone)));
//! ```

pub mod chars;
mod context;
mod dfa;
mod find;
mod number;
pub mod plan;
mod reject;
mod run;
mod tables;
pub mod utf16;

pub use context::{region_of_domain, region_of_language};
use plan::Region;
use std::ops::Range;

/// A phone number: country calling code, national significant number (ASCII digits) and the
/// extension when one is written (`x 123`, `ext. 45`, `Durchwahl 12`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhoneNumber {
    pub country_code: u16,
    pub national_number: String,
    pub extension: Option<String>,
}

impl PhoneNumber {
    /// The number in E.164 form, `+` then digits (without the extension).
    pub fn e164(&self) -> String {
        // Written out by hand: `format!` would bring the formatting machinery into the wasm.
        let mut out = String::with_capacity(4 + self.national_number.len());
        out.push('+');
        push_decimal(&mut out, self.country_code);
        out.push_str(&self.national_number);
        out
    }
}

/// Appends the decimal digits of `value`.
fn push_decimal(out: &mut String, value: u16) {
    let mut divisor = 1;
    while divisor * 10 <= value {
        divisor *= 10;
    }
    loop {
        out.push(char::from(b'0' + (value / divisor % 10) as u8));
        if divisor == 1 {
            break;
        }
        divisor /= 10;
    }
}

/// A number found in a text: where it is (byte offsets, half-open), the text there, the number
/// and why it was taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found<'t> {
    pub span: Range<usize>,
    pub raw: &'t str,
    pub number: PhoneNumber,
    pub reason: Reason,
}

/// Why a number was taken: how it was written, where its country came from, the label before
/// it, and how sure the finder is (0-100; [`Options::min_confidence`] is the bar).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reason {
    pub written: Written,
    pub region: RegionFrom,
    pub label: Option<Label>,
    pub confidence: u8,
}

/// How a number was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    /// With `+` and the calling code.
    International,
    /// With an international prefix (`00`, `011`, the region's own) and the calling code.
    InternationalPrefix,
    /// The national way, with the national (trunk) prefix (`030 ...`, `(0)20 ...`).
    NationalPrefix,
    /// The national way, without one (`(206) 555-0100`, `06 6982 1234` in Italy).
    National,
    /// Starting with the region's calling code, without `+` (`49 30 1234567`).
    CountryCodeWithoutPlus,
}

/// Where the country of a number came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegionFrom {
    /// The number says it (`+CC`, international prefix).
    Number,
    /// The default region of the options.
    Default,
    /// A country named on the same line (`Paris, France`).
    Line,
    /// A region the caller knows for this block of text ([`Hints::regions`]).
    Block,
    /// The calling code of a `+CC` number on the same line.
    LineCode,
    /// A country named on a line near it, in the same paragraph.
    Nearby,
    /// The page's top-level domain.
    Domain,
    /// The page's language.
    Language,
}

/// A label before a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Label {
    /// Tel, Phone, Telefon, Tél., Teléfono, 電話, Call, ...
    Phone,
    /// Mobile, Mob., Handy, Cell, Portable, ...
    Mobile,
    Fax,
    /// Invoice, Order, PO, Ticket, IBAN, ISBN, ...: the digits are an ID or a code.
    Id,
}

/// Which region numbers written the national way belong to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RegionChoice {
    /// None: only numbers written with a calling code (and countries named on their line).
    #[default]
    None,
    /// This region.
    Fixed(&'static Region),
    /// Inferred from the hints: the page's domain and language, `+CC` numbers on the line.
    Auto,
}

/// How strict the check of a number is (libphonenumber's leniencies of the same names).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Leniency {
    /// Only the length must be possible for the calling code.
    Possible,
    /// The number must match a number type of the numbering plan, and carry the national
    /// prefix where its format asks for one.
    #[default]
    Valid,
}

/// What the caller knows about the page and the block of text.
#[derive(Debug, Clone, Copy, Default)]
pub struct Hints<'a> {
    /// The page's language tag (`de-AT`, `fr`).
    pub language: Option<&'a str>,
    /// The page's host name or top-level domain (`example.co.uk`, `de`).
    pub domain: Option<&'a str>,
    /// Regions known for this block of text from elsewhere (the country column of a row whose
    /// cells are separate texts), tried before the default region.
    pub regions: &'a [&'static Region],
}

/// How to find numbers.
#[derive(Debug, Clone, Copy)]
pub struct Options<'a> {
    pub region: RegionChoice,
    pub hints: Hints<'a>,
    pub leniency: Leniency,
    /// Numbers less sure than this (0-100) are left out.
    pub min_confidence: u8,
}

impl Default for Options<'_> {
    fn default() -> Self {
        Options {
            region: RegionChoice::None,
            hints: Hints::default(),
            leniency: Leniency::Valid,
            min_confidence: Options::DEFAULT_MIN_CONFIDENCE,
        }
    }
}

impl Options<'_> {
    /// The default bar: a national number with an ID label before it stays under it.
    pub const DEFAULT_MIN_CONFIDENCE: u8 = 50;

    /// The default options with national numbers read in `region` (none: international only).
    pub fn region(region: Option<&Region>) -> Options<'static> {
        Options {
            region: region
                .and_then(|r| Region::find(r.id))
                .map_or(RegionChoice::None, RegionChoice::Fixed),
            ..Options::default()
        }
    }
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

/// Finds every phone number in `text` with `options`, in order.
pub fn find<'t>(text: &'t str, options: &Options) -> Vec<Found<'t>> {
    find::find_all(text, options)
}

/// Finds every phone number in `text`. National numbers are read as numbers of `region`;
/// without a region only international numbers are found.
pub fn find_numbers<'t>(text: &'t str, region: Option<&Region>) -> Vec<Found<'t>> {
    find(text, &Options::region(region))
}

/// Parses a string that should be exactly one phone number, such as a number a page asks to dial.
///
/// # Errors
/// [`ParseError::NotAPhoneNumber`] when the trimmed string is not one whole number.
pub fn parse(input: &str, region: Option<&Region>) -> Result<PhoneNumber, ParseError> {
    let trimmed = input.trim_matches(|c: char| c.is_whitespace());
    let options = Options {
        min_confidence: 0,
        ..Options::region(region)
    };
    match find(trimmed, &options).as_slice() {
        [only] if only.span == (0..trimmed.len()) => Ok(only.number.clone()),
        _ => Err(ParseError::NotAPhoneNumber),
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
        too_long_international: "", "+49 30 12345678901234567" => [];
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
