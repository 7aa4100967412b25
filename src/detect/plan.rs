//! Numbering-plan lookups over the generated tables (`plan/tables.rs`, written by `cargo xtask
//! tables`) and their digit automata ([`dfa`]).
//!
//! ```
//! use click_to_dial::detect::plan::{country_code, Region};
//! let de = Region::find("de").unwrap();
//! assert_eq!((de.country_code, de.national_prefix, de.international_prefix), (49, "0", "00"));
//! assert!(de.allows_length(10));
//! assert_eq!(country_code(44).unwrap().main_region(), Some("GB"));
//! assert!(country_code(49).unwrap().is_valid("301234567"));
//! assert!(!country_code(1).unwrap().is_valid("1234567890"));
//! // A US 900 number is premium rate; a Berlin number is not.
//! assert!(country_code(1).unwrap().cost("9005550199").is_some());
//! assert_eq!(country_code(49).unwrap().cost("301234567"), None);
//! ```

pub(crate) mod dfa;
mod tables;

use tables::{COSTLY_AUTOMATA, COSTLY_ROOTS, COUNTRY_CODES, REGIONS};

/// One region (a country or territory) of libphonenumber's metadata.
#[derive(Debug, PartialEq, Eq)]
pub struct Region {
    /// ISO 3166-1 alpha-2 code, upper case ("DE").
    pub id: &'static str,
    /// Country calling code (49).
    pub country_code: u16,
    /// The prefix dialed from this region to reach another country ("00", "011").
    pub international_prefix: &'static str,
    /// The trunk prefix written before national numbers ("0"), empty if none.
    pub national_prefix: &'static str,
    /// Bit `n` is set when a national significant number may have `n` digits.
    pub national_lengths: u32,
    /// Where the automaton of every international prefix this region accepts starts in
    /// [`tables::AUTOMATA`] (`u32::MAX`: none).
    pub(crate) idd: u32,
    /// How a national prefix (and carrier code) is stripped or rewritten when parsing, in the
    /// order libphonenumber tries them.
    pub(crate) prefix_rules: &'static [PrefixRule],
}

/// One way of reading a national prefix: the number starts with `segments` (automata, each
/// kept or dropped) and, when `anchored`, nothing else; it becomes `literal`, then the kept
/// segments, then the rest.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct PrefixRule {
    pub literal: &'static str,
    pub anchored: bool,
    pub segments: &'static [(u32, bool)],
}

/// One country calling code, shared by all the regions that use it (+1: US, CA, ...).
#[derive(Debug, PartialEq, Eq)]
pub struct CountryCode {
    pub code: u16,
    /// Union of the lengths allowed in every region with this code.
    pub national_lengths: u32,
    /// Where the automaton over this code's national numbers starts in
    /// [`tables::AUTOMATA`]: it tells whether a number is valid.
    pub(crate) numbers: u32,
    /// Where the automaton that tells whether a national number must be written with the
    /// national prefix starts (`u32::MAX`: never).
    pub(crate) national_prefix: u32,
    /// The main region's index in [`tables::REGIONS`] (`u16::MAX`: none).
    pub(crate) main_index: u16,
}

impl Region {
    /// Looks a region up by its two-letter code, in any case.
    pub fn find(id: &str) -> Option<&'static Region> {
        let &[a, b] = id.as_bytes() else {
            return None;
        };
        let upper = [a.to_ascii_uppercase(), b.to_ascii_uppercase()];
        REGIONS
            .binary_search_by(|r| r.id.as_bytes().cmp(&upper[..]))
            .ok()
            .map(|i| &REGIONS[i])
    }

    /// Every region, sorted by code.
    pub fn all() -> &'static [Region] {
        &REGIONS
    }

    /// Whether a national significant number of `digits` digits may exist here.
    pub fn allows_length(&self, digits: usize) -> bool {
        digits < 32 && self.national_lengths & (1 << digits) != 0
    }
}

impl CountryCode {
    /// Whether a national significant number of `digits` digits may exist under this code.
    pub fn allows_length(&self, digits: usize) -> bool {
        digits < 32 && self.national_lengths & (1 << digits) != 0
    }

    /// Whether `national_number` (ASCII digits) is a valid number under this code: it matches
    /// a number type (fixed line, mobile, toll free, ...) of one of the code's regions.
    pub fn is_valid(&self, national_number: &str) -> bool {
        ascii_digits(national_number)
            .is_some_and(|(digits, len)| self.tag(&digits[..len]) & dfa::VALID != 0)
    }

    /// Whether some number of the code starts with `digits` (values 0-9) and has `len` digits.
    pub(crate) fn leads_on_with_length(&self, digits: &[u8], len: usize) -> bool {
        dfa::leads_on_with_length(self.numbers, digits, len)
    }

    /// The tag of the code's number automaton for `digits` (values 0-9): see [`dfa`].
    pub(crate) fn tag(&self, digits: &[u8]) -> u8 {
        dfa::tag(self.numbers, digits)
    }

    /// Whether `digits` (values 0-9), written the national way, must carry the national prefix.
    pub(crate) fn needs_national_prefix(&self, digits: &[u8]) -> bool {
        dfa::tag(self.national_prefix, digits) & dfa::NATIONAL_PREFIX_REQUIRED != 0
    }

    /// The region whose rules (national prefix, formats) numbers with this code follow.
    pub fn main(&self) -> Option<&'static Region> {
        REGIONS.get(usize::from(self.main_index))
    }

    /// Why calling `national_number` (ASCII digits) under this code costs more than an ordinary
    /// call, or `None` when it does not: a premium-rate, shared-cost or personal number of one of
    /// the code's regions (libphonenumber's number types), or any number of an international
    /// network (satellite phones +870, +881, +882, +883, international premium rate +979, ...):
    /// every non-geographic code but the international freephone +800.
    pub fn cost(&self, national_number: &str) -> Option<Cost> {
        if self.main_index == u16::MAX && self.code != 800 {
            return Some(Cost::InternationalNetwork);
        }
        let digits = ascii_digits(national_number)?;
        let root = COSTLY_ROOTS
            .binary_search_by(|(code, _)| code.cmp(&self.code))
            .ok()
            .map(|i| COSTLY_ROOTS[i].1)?;
        (dfa::tag_in(&COSTLY_AUTOMATA, root, &digits.0[..digits.1]) & dfa::VALID != 0)
            .then_some(Cost::PremiumOrShared)
    }

    /// The code of the region numbers with this code belong to when nothing else tells; `None`
    /// for non-geographic codes (+800, +882, ...).
    pub fn main_region(&self) -> Option<&'static str> {
        self.main().map(|r| r.id)
    }
}

/// Why a number costs the caller more than an ordinary call ([`CountryCode::cost`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cost {
    /// A premium-rate, shared-cost or personal number.
    PremiumOrShared,
    /// A satellite phone or another international network.
    InternationalNetwork,
}

/// `number` (ASCII digits, at most 32) as digit values, and how many there are.
fn ascii_digits(number: &str) -> Option<([u8; 32], usize)> {
    let mut digits = [0u8; 32];
    let bytes = number.as_bytes();
    if bytes.len() > digits.len() || !bytes.iter().all(u8::is_ascii_digit) {
        return None;
    }
    for (d, b) in digits.iter_mut().zip(bytes) {
        *d = b - b'0';
    }
    Some((digits, bytes.len()))
}

/// Splits a leading calling code off `digits` (values 0-9): the code and its length in digits.
pub(crate) fn split_code(digits: &[u8]) -> Option<(&'static CountryCode, usize)> {
    let mut code = 0u16;
    for (i, &d) in digits.iter().take(3).enumerate() {
        code = code * 10 + u16::from(d);
        if i == 0 && d == 0 {
            return None;
        }
        if let Some(cc) = country_code(code) {
            return Some((cc, i + 1));
        }
    }
    None
}

/// Looks up a country calling code.
pub fn country_code(code: u16) -> Option<&'static CountryCode> {
    COUNTRY_CODES
        .binary_search_by(|c| c.code.cmp(&code))
        .ok()
        .map(|i| &COUNTRY_CODES[i])
}

/// Splits a leading country calling code off `digits` (ASCII), returning it and the rest.
///
/// Calling codes are prefix-free (ITU-T E.164), so at most one of the 1-3 digit prefixes is one.
pub fn split_country_code(digits: &str) -> Option<(&'static CountryCode, &str)> {
    (1..=3.min(digits.len())).find_map(|len| {
        let code = digits[..len].parse().ok()?;
        country_code(code).map(|cc| (cc, &digits[len..]))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_sorted_for_binary_search() {
        assert!(REGIONS.windows(2).all(|w| w[0].id < w[1].id));
        assert!(COUNTRY_CODES.windows(2).all(|w| w[0].code < w[1].code));
        assert!(REGIONS.len() > 240, "every region of the metadata");
    }

    #[test]
    fn lookups() {
        for (id, code, intl, national) in [
            ("DE", 49, "00", "0"),
            ("us", 1, "011", "1"),
            ("GB", 44, "00", "0"),
            ("IT", 39, "00", ""),
            ("AU", 61, "0011", "0"),
            ("RU", 7, "810", "8"),
        ] {
            let region = Region::find(id).unwrap();
            assert_eq!(
                (
                    region.country_code,
                    region.international_prefix,
                    region.national_prefix
                ),
                (code, intl, national),
                "{id}"
            );
        }
        assert!(Region::find("XX").is_none());
        assert!(Region::find("").is_none());
    }

    #[test]
    fn country_codes_split() {
        for (digits, code, rest) in [
            ("4930123", 49, "30123"),
            ("12065550100", 1, "2065550100"),
            ("35312345", 353, "12345"),
            ("80012345678", 800, "12345678"),
        ] {
            let (cc, tail) = split_country_code(digits).unwrap();
            assert_eq!((cc.code, tail), (code, rest), "{digits}");
        }
        assert!(split_country_code("").is_none());
        assert!(split_country_code("0").is_none());
        assert_eq!(country_code(1).unwrap().main_region(), Some("US"));
        assert_eq!(country_code(800).unwrap().main_region(), None);
    }

    #[test]
    fn costly_numbers() {
        use Cost::*;
        for (code, national, cost) in [
            (1, "9005550199", Some(PremiumOrShared)), // US 900 premium rate
            (1, "2065550100", None),                  // US fixed line / mobile
            (1, "8005550100", None),                  // US toll free
            (44, "9098790000", Some(PremiumOrShared)), // GB 09 premium rate
            (44, "8431234567", Some(PremiumOrShared)), // GB 084 shared cost
            (44, "7012345678", Some(PremiumOrShared)), // GB 070 personal number
            (44, "2079460018", None),                 // London
            (49, "9001234567", Some(PremiumOrShared)), // DE 0900 premium rate
            (49, "301234567", None),                  // Berlin
            (33, "891123456", Some(PremiumOrShared)), // FR 089 premium rate
            (881, "612345678", Some(InternationalNetwork)), // Iridium
            (870, "301234567", Some(InternationalNetwork)), // Inmarsat
            (979, "123456789", Some(InternationalNetwork)), // international premium rate
            (800, "12345678", None),                  // international freephone
        ] {
            assert_eq!(
                country_code(code).unwrap().cost(national),
                cost,
                "+{code} {national}"
            );
        }
        assert_eq!(country_code(1).unwrap().cost("9x"), None);
        assert!(COSTLY_ROOTS.windows(2).all(|w| w[0].0 < w[1].0));
    }
}
