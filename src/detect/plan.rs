//! Numbering-plan lookups over the generated tables in [`super::tables`].
//!
//! ```
//! use click_to_dial::detect::plan::{country_code, Region};
//! let de = Region::find("de").unwrap();
//! assert_eq!((de.country_code, de.national_prefix, de.international_prefix), (49, "0", "00"));
//! assert!(de.allows_length(10));
//! assert_eq!(country_code(44).unwrap().main_region, Some("GB"));
//! ```

use super::tables::{COUNTRY_CODES, REGIONS};

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
}

/// One country calling code, shared by all the regions that use it (+1: US, CA, ...).
#[derive(Debug, PartialEq, Eq)]
pub struct CountryCode {
    pub code: u16,
    /// Union of the lengths allowed in every region with this code.
    pub national_lengths: u32,
    /// The region numbers with this code belong to when nothing else tells; `None` for
    /// non-geographic codes (+800, +882, ...).
    pub main_region: Option<&'static str>,
}

impl Region {
    /// Looks a region up by its two-letter code, in any case.
    pub fn find(id: &str) -> Option<&'static Region> {
        let id = id.to_ascii_uppercase();
        REGIONS
            .binary_search_by(|r| r.id.cmp(id.as_str()))
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
        assert_eq!(country_code(1).unwrap().main_region, Some("US"));
        assert_eq!(country_code(800).unwrap().main_region, None);
    }
}
