//! From the digits of a candidate to a number: calling code, international prefix, national
//! prefix (libphonenumber's `nationalPrefixForParsing` and transform rules, compiled to
//! automata), then validity, all over digit values in fixed buffers.
//!
//! The steps follow libphonenumber's `parse` and the VALID leniency of its matcher: a number
//! with `+` or an international prefix starts with a calling code; a national number is read
//! with the region's national-prefix rules; the result must be a valid number of the code, and
//! a number written without the national prefix where its format requires one is refused.

use super::plan::dfa::{self, VALID};
use super::plan::{split_code, CountryCode, PrefixRule, Region};
use super::Leniency;

/// The longest national number kept.
pub(crate) const MAX_NATIONAL: usize = 20;

/// Digit values in a fixed buffer.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) struct Digits {
    values: [u8; MAX_NATIONAL],
    len: usize,
}

impl Digits {
    pub fn new(values: &[u8]) -> Option<Digits> {
        let mut digits = Digits {
            values: [0; MAX_NATIONAL],
            len: 0,
        };
        digits.push(values)?;
        Some(digits)
    }

    fn push(&mut self, values: &[u8]) -> Option<()> {
        let end = self.len + values.len();
        self.values.get_mut(self.len..end)?.copy_from_slice(values);
        self.len = end;
        Some(())
    }

    pub fn as_slice(&self) -> &[u8] {
        &self.values[..self.len]
    }

    pub fn to_ascii(self) -> String {
        let ascii = self.as_slice().iter().map(|&d| b'0' + d).collect();
        // Digits 0 to 9 made ASCII: always UTF-8.
        String::from_utf8(ascii).unwrap_or_default()
    }
}

impl std::fmt::Debug for Digits {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_ascii())
    }
}

/// A number read from digits: its calling code and national number.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Reading {
    pub code: &'static CountryCode,
    pub national: Digits,
}

/// Reads `digits`, written after `+` or an international prefix: calling code, then the
/// national number with the code's national prefix (`+44 (0)20 ...`) removed.
pub(crate) fn international(digits: &[u8], leniency: Leniency) -> Option<Reading> {
    let (code, length) = split_code(digits)?;
    let rest = &digits[length..];
    if rest.len() < 2 {
        return None;
    }
    let rules = code.main().map_or(&[][..], |main| main.prefix_rules);
    let national = strip_prefix(rest, rules, code, code.main()).map_or(Digits::new(rest)?, |s| s.0);
    if accept(code, national, leniency, true) {
        return Some(Reading { code, national });
    }
    if let Some(&(_, digit)) = LEGACY_MOBILE_DIGITS.iter().find(|(c, _)| *c == code.code) {
        let national = Digits::new(rest.strip_prefix(&[digit])?)?;
        return accept(code, national, leniency, true).then_some(Reading { code, national });
    }
    let &(_, added, old_len) = LEGACY_LENGTHS.iter().find(|(c, ..)| *c == code.code)?;
    if rest.len() != old_len {
        return None;
    }
    let mut national = Digits::new(added)?;
    national.push(rest)?;
    accept(code, national, leniency, true).then_some(Reading { code, national })
}

/// Calling codes whose numbers grew digits in front, with those digits and the length a
/// number had before: Colombia's fixed lines, a one-digit area code and seven digits until
/// September 2021, since then `60` before them (`+57 1 323 7777` is Bogotá's `+57 601 323
/// 7777`). Only after `+CC`, which says the country: written nationally, eight digits are too
/// often a year range or an ID (`1899–1902`).
const LEGACY_LENGTHS: [(u16, &[u8], usize); 1] = [(57, &[6, 0], 8)];

/// Calling codes whose mobile numbers were written with a digit between the code and the
/// national number until the country dropped it, and that digit: Mexico's `+52 1 55 1234 5678`
/// (until August 2019; pages and business cards still show it). The number is what follows.
const LEGACY_MOBILE_DIGITS: [(u16, u8); 1] = [(52, 1)];

/// How a national number was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NationalForm {
    /// With the region's national (trunk) prefix.
    WithPrefix,
    /// Without one.
    Plain,
    /// Starting with the region's calling code, without `+` (`49 30 1234567`).
    CodeWithoutPlus,
}

/// Reads `digits` as a number written the national way in `region`.
pub(crate) fn national(
    digits: &[u8],
    region: &'static Region,
    leniency: Leniency,
) -> Option<(Reading, NationalForm)> {
    let code = super::plan::country_code(region.country_code)?;
    if let Some(reading) = code_without_plus(digits, region, code, leniency) {
        return Some((reading, NationalForm::CodeWithoutPlus));
    }
    let stripped = strip_prefix(digits, region.prefix_rules, code, Some(region));
    let (national, form) = match stripped {
        Some((number, true)) if length_allows_strip(number.len, region) => {
            (number, NationalForm::WithPrefix)
        }
        _ => (Digits::new(digits)?, NationalForm::Plain),
    };
    let prefix_written = stripped.is_some();
    // A label that vouches for the number stands in for a national prefix the country's
    // formats require, for a number in a range its plan knows, when the plan is closed (every
    // national number has the same length: "The phone number is 231354125" in France); in an
    // open plan it may be a local number without its area code ("Tel. 4567890" in Germany).
    let prefix_vouched = leniency == Leniency::Vouched
        && code.national_lengths.count_ones() == 1
        && code.tag(national.as_slice()) & VALID != 0;
    let ok = accept(code, national, leniency, false)
        && (leniency == Leniency::Possible
            || prefix_written
            || prefix_vouched
            || !code.needs_national_prefix(national.as_slice()));
    ok.then_some((Reading { code, national }, form))
}

/// Java's "number starts with the default region's calling code" case: taken when the rest is
/// a valid number and the whole is not (or is too long).
fn code_without_plus(
    digits: &[u8],
    region: &'static Region,
    code: &'static CountryCode,
    leniency: Leniency,
) -> Option<Reading> {
    let code_digits = digits_of_code(code.code);
    let rest = digits.strip_prefix(code_digits.as_slice())?;
    if rest.len() < 4 || code.tag(digits) & VALID != 0 {
        return None;
    }
    let national = strip_prefix(rest, region.prefix_rules, code, Some(region))
        .map_or(Digits::new(rest)?, |s| s.0);
    (leniency == Leniency::Valid && code.tag(national.as_slice()) & VALID != 0)
        .then_some(Reading { code, national })
}

/// The digits of a calling code (1 to 3 of them).
fn digits_of_code(code: u16) -> Digits {
    let all = [
        (code / 100 % 10) as u8,
        (code / 10 % 10) as u8,
        (code % 10) as u8,
    ];
    let skip = if code >= 100 {
        0
    } else if code >= 10 {
        1
    } else {
        2
    };
    let mut digits = Digits {
        values: [0; MAX_NATIONAL],
        len: 0,
    };
    let _ = digits.push(&all[skip..]);
    digits
}

/// The fewest national digits a number in a range the numbering plan does not know may have
/// (a label or `+CC` vouching for it): shorter ones are names, counts and codes ("Contact 1000"),
/// even where the country's lengths start lower. Its first digit must still begin some number
/// of the country.
const MIN_VOUCHED_NATIONAL: usize = 6;

/// Whether `national` is a number of `code` under `leniency` (`international`: written after
/// `+CC` or an international prefix).
fn accept(code: &CountryCode, national: Digits, leniency: Leniency, international: bool) -> bool {
    match leniency {
        Leniency::Possible => code.allows_length(national.len),
        // A range the plan does not know yet, but not a start and length no number there has:
        // after `+CC` its first digit (a North American number never starts with 0 or 1), after
        // a label alone its first two (a label before a local number, "我的电话号是112-3333":
        // no Chinese number starts with 11), each with a number of the same length (`Tel
        // 555-0100` in the US is a local number without its area code, not +1 555 0100, though
        // Canada's 310 numbers have seven digits).
        Leniency::Vouched => {
            let lead = if international { 1 } else { 2 };
            national.len >= MIN_VOUCHED_NATIONAL
                && code.leads_on_with_length(&national.as_slice()[..lead], national.len)
        }
        Leniency::Valid => code.tag(national.as_slice()) & VALID != 0,
    }
}

/// libphonenumber keeps a stripped number only when its length is possible (or too long).
fn length_allows_strip(len: usize, region: &Region) -> bool {
    let max = 31usize.saturating_sub(region.national_lengths.leading_zeros() as usize);
    region.allows_length(len) || len > max
}

/// Applies the first national-prefix rule that matches `digits`: the number it gives and
/// whether it changed anything. `None` when no rule matches, or when the original number is
/// valid and the rewritten one is not (libphonenumber's viability check, which asks the
/// region's general description where this asks validity).
pub(crate) fn strip_prefix(
    digits: &[u8],
    rules: &[PrefixRule],
    code: &CountryCode,
    region: Option<&Region>,
) -> Option<(Digits, bool)> {
    let _ = region;
    for rule in rules {
        let Some(result) = apply_rule(rule, digits) else {
            continue;
        };
        let viable_before = code.tag(digits) & VALID != 0;
        if viable_before && code.tag(result.as_slice()) & VALID == 0 {
            return None;
        }
        return Some((result, result.as_slice() != digits));
    }
    None
}

/// The number `rule` turns `digits` into, if it matches.
fn apply_rule(rule: &PrefixRule, digits: &[u8]) -> Option<Digits> {
    let mut kept = [(0usize, 0usize); 3];
    let end = match_segments(rule, digits, 0, 0, &mut kept)?;
    let mut out = Digits::new(&[])?;
    for b in rule.literal.bytes() {
        out.push(&[b.wrapping_sub(b'0')])?;
    }
    for (i, (keep, _)) in rule.segments.iter().map(|s| (s.1, ())).enumerate() {
        if keep {
            let (from, to) = kept[i];
            out.push(&digits[from..to])?;
        }
    }
    out.push(&digits[end..])?;
    Some(out)
}

/// Matches the rule's segments from `segment` on at `at`, longest first; records each
/// segment's span in `spans`; returns where the match ends.
fn match_segments(
    rule: &PrefixRule,
    digits: &[u8],
    segment: usize,
    at: usize,
    spans: &mut [(usize, usize); 3],
) -> Option<usize> {
    let Some(&(root, _)) = rule.segments.get(segment) else {
        return (!rule.anchored || at == digits.len()).then_some(at);
    };
    let ends = dfa::prefix_ends(root, &digits[at..]);
    for length in (0..32).rev().filter(|l| ends & (1 << l) != 0) {
        if let Some(slot) = spans.get_mut(segment) {
            *slot = (at, at + length);
        }
        if let Some(end) = match_segments(rule, digits, segment + 1, at + length, spans) {
            return Some(end);
        }
    }
    None
}

/// The longest international prefix of `region` that `digits` start with, when a calling
/// code (not 0) follows it.
pub(crate) fn idd_length(digits: &[u8], region: &Region) -> Option<usize> {
    if region.idd == dfa::NONE {
        return None;
    }
    let ends = dfa::prefix_ends(region.idd, digits);
    let longest = 31usize.checked_sub(ends.leading_zeros() as usize)?;
    (longest > 0 && digits.get(longest).is_some_and(|&d| d != 0)).then_some(longest)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(s: &str) -> Vec<u8> {
        s.bytes().map(|b| b - b'0').collect()
    }

    fn national_of(digits: &str, region: &str) -> Option<String> {
        let region = Region::find(region).unwrap();
        national(&values(digits), region, Leniency::Valid)
            .map(|(r, _)| format!("+{} {}", r.code.code, r.national.to_ascii()))
    }

    #[test]
    fn national_prefix_rules() {
        for (digits, region, expected) in [
            ("0301234567", "DE", Some("+49 301234567")),
            ("301234567", "DE", None), // DE writes the 0
            ("2065550100", "US", Some("+1 2065550100")),
            ("12065550100", "US", Some("+1 2065550100")),
            ("033316005", "NZ", Some("+64 33316005")),
            ("0343155551212", "AR", Some("+54 93435551212")),
            ("0236618300", "IT", Some("+39 0236618300")),
            ("4601234", "AG", Some("+1 2684601234")),
            ("442079460958", "GB", Some("+44 2079460958")),
            ("1234567890", "US", None),
        ] {
            assert_eq!(
                national_of(digits, region).as_deref(),
                expected,
                "{digits} {region}"
            );
        }
    }

    #[test]
    fn international_prefixes() {
        for (digits, region, expected) in [
            ("01164", "US", Some(3)),
            ("0064", "NZ", Some(2)),
            ("0011650", "SG", Some(3)),
            ("0191650", "SG", Some(3)),
            ("0049", "US", None),
            ("0001", "DE", None),
        ] {
            let region = Region::find(region).unwrap();
            assert_eq!(idd_length(&values(digits), region), expected, "{digits}");
        }
    }
}
