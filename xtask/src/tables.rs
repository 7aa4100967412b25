//! `cargo xtask tables`: generates `src/detect/tables.rs` from libphonenumber's numbering-plan data.
//!
//! The finder must not parse XML or run regexes at run time, so the parts of
//! `PhoneNumberMetadata.xml` it needs are compiled here into plain Rust statics:
//! for each region its calling code, the international prefix it dials, its
//! national prefix and the lengths a national number may have; for each calling
//! code the union of its regions' lengths and its main region.
//!
//! ```text
//! cargo xtask tables                 # regenerate from ../shared/data/libphonenumber
//! cargo xtask tables --check         # fail if the committed file is stale
//! cargo xtask tables --data DIR      # read the XML from DIR
//! ```

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Where the generated file lives, relative to the workspace root.
pub const OUTPUT: &str = "src/detect/tables.rs";

/// The number types whose possible lengths make up a region's national lengths.
const NUMBER_TYPES: &[&str] = &[
    "fixedLine",
    "mobile",
    "tollFree",
    "premiumRate",
    "sharedCost",
    "personalNumber",
    "voip",
    "pager",
    "uan",
    "voicemail",
];

/// One `<territory>` reduced to what the finder and the dialing rules use.
#[derive(Debug, Clone, PartialEq)]
pub struct Territory {
    pub id: String,
    pub country_code: u16,
    pub international_prefix: String,
    pub national_prefix: String,
    pub national_lengths: u32,
    pub main_for_code: bool,
}

/// Default location of the metadata, beside the project checkout.
pub fn default_data_dir(root: &Path) -> PathBuf {
    root.join("../shared/data/libphonenumber")
}

/// Reads the metadata XML and renders the Rust source of the tables.
pub fn generate(data_dir: &Path) -> Result<String, String> {
    let path = data_dir.join("PhoneNumberMetadata.xml");
    let xml = std::fs::read_to_string(&path).map_err(|e| {
        format!(
            "cannot read {}: {e}\n  pass --data DIR pointing at libphonenumber's resources",
            path.display()
        )
    })?;
    let territories = parse_territories(&xml)?;
    Ok(render(&territories))
}

/// Parses every `<territory>` of `PhoneNumberMetadata.xml`.
pub fn parse_territories(xml: &str) -> Result<Vec<Territory>, String> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    let doc = roxmltree::Document::parse_with_options(xml, options)
        .map_err(|e| format!("metadata XML: {e}"))?;
    doc.descendants()
        .filter(|n| n.has_tag_name("territory"))
        .map(territory)
        .collect()
}

fn territory(node: roxmltree::Node) -> Result<Territory, String> {
    let id = node.attribute("id").unwrap_or_default().to_string();
    let code = node
        .attribute("countryCode")
        .and_then(|c| c.parse().ok())
        .ok_or_else(|| format!("territory {id}: missing or bad countryCode"))?;
    let international_prefix = match node.attribute("preferredInternationalPrefix") {
        Some(preferred) => preferred.replace('~', ""),
        None => first_match(node.attribute("internationalPrefix").unwrap_or_default()),
    };
    let mut national_lengths = 0u32;
    for child in node
        .children()
        .filter(|c| NUMBER_TYPES.contains(&c.tag_name().name()))
    {
        for lengths in child
            .children()
            .filter(|c| c.has_tag_name("possibleLengths"))
        {
            let spec = lengths.attribute("national").unwrap_or_default();
            national_lengths |= parse_lengths(spec).map_err(|e| format!("territory {id}: {e}"))?;
        }
    }
    Ok(Territory {
        id,
        country_code: code,
        international_prefix,
        national_prefix: node
            .attribute("nationalPrefix")
            .unwrap_or_default()
            .to_string(),
        national_lengths,
        main_for_code: node.attribute("mainCountryForCode") == Some("true"),
    })
}

/// Parses a `possibleLengths` list such as `"[5-15]"`, `"10,11"` or `"6,[8-10]"` into a bit set.
pub fn parse_lengths(spec: &str) -> Result<u32, String> {
    let mut bits = 0u32;
    for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        if part == "-1" {
            continue; // "no numbers of this type"
        }
        let (low, high) = match part.strip_prefix('[').and_then(|p| p.strip_suffix(']')) {
            Some(range) => range.split_once('-').ok_or(format!("bad range {part:?}"))?,
            None => (part, part),
        };
        let low: u32 = low.parse().map_err(|_| format!("bad length {part:?}"))?;
        let high: u32 = high.parse().map_err(|_| format!("bad length {part:?}"))?;
        if low > high || high > 31 {
            return Err(format!("bad length range {part:?}"));
        }
        for length in low..=high {
            bits |= 1 << length;
        }
    }
    Ok(bits)
}

/// The first (shortest sensible) string a simple international-prefix regex matches,
/// such as `"00"` for `00(?:1\d)?` or `"0012"` for `00(?:1[245]|2[1-35])`.
///
/// Handles the subset the metadata uses: digits, `[...]`, `\d`, `(?:...)`, `|`, `?` and `{n}`.
pub fn first_match(regex: &str) -> String {
    let chars: Vec<char> = regex.chars().filter(|c| !c.is_whitespace()).collect();
    let mut position = 0;
    first_alternative(&chars, &mut position)
}

fn first_alternative(chars: &[char], position: &mut usize) -> String {
    let mut out = String::new();
    let mut last_start = 0;
    while *position < chars.len() {
        let c = chars[*position];
        match c {
            '|' => {
                skip_to_group_end(chars, position);
                return out;
            }
            ')' => {
                *position += 1;
                return out;
            }
            '?' => {
                out.truncate(last_start);
                *position += 1;
            }
            '{' => {
                let close = chars[*position..]
                    .iter()
                    .position(|&c| c == '}')
                    .unwrap_or(0);
                let inner: String = chars[*position + 1..*position + close].iter().collect();
                let times: usize = inner
                    .split(',')
                    .next()
                    .and_then(|n| n.parse().ok())
                    .unwrap_or(1);
                let element = out[last_start..].to_string();
                out.push_str(&element.repeat(times.saturating_sub(1)));
                *position += close + 1;
            }
            _ => {
                last_start = out.len();
                out.push_str(&element(chars, position));
            }
        }
    }
    out
}

/// One element (digit, class, `\d` or group) at `position`, rendered as its first match.
fn element(chars: &[char], position: &mut usize) -> String {
    let c = chars[*position];
    *position += 1;
    match c {
        '[' => {
            let first = chars.get(*position).copied().unwrap_or('0');
            while *position < chars.len() && chars[*position] != ']' {
                *position += 1;
            }
            *position += 1;
            first.to_string()
        }
        '\\' => {
            *position += 1; // `\d`
            "0".to_string()
        }
        '(' => {
            if chars.get(*position) == Some(&'?') {
                *position += 2; // `?:`
            }
            first_alternative(chars, position)
        }
        other => other.to_string(),
    }
}

/// Moves `position` past the `)` that closes the current group, or to the end.
fn skip_to_group_end(chars: &[char], position: &mut usize) {
    let mut depth = 0usize;
    while *position < chars.len() {
        match chars[*position] {
            '(' => depth += 1,
            ')' if depth == 0 => {
                *position += 1;
                return;
            }
            ')' => depth -= 1,
            _ => {}
        }
        *position += 1;
    }
}

/// Renders the tables as Rust source.
pub fn render(territories: &[Territory]) -> String {
    let mut regions: Vec<&Territory> = territories.iter().filter(|t| t.id != "001").collect();
    regions.sort_by(|a, b| a.id.cmp(&b.id));

    let mut codes: BTreeMap<u16, (u32, Option<&str>, usize)> = BTreeMap::new();
    for t in territories {
        let entry = codes.entry(t.country_code).or_insert((0, None, 0));
        entry.0 |= t.national_lengths;
        if t.id != "001" {
            entry.2 += 1;
            if t.main_for_code || entry.1.is_none() {
                entry.1 = Some(&t.id);
            }
        }
    }

    let mut out = String::new();
    out.push_str(HEADER);
    out.push_str("#[rustfmt::skip]\n");
    let _ = writeln!(
        out,
        "pub(crate) static REGIONS: [Region; {}] = [",
        regions.len()
    );
    for r in &regions {
        let _ = writeln!(
            out,
            "    Region {{ id: {:?}, country_code: {}, international_prefix: {:?}, national_prefix: {:?}, national_lengths: {:#x} }},",
            r.id, r.country_code, r.international_prefix, r.national_prefix, r.national_lengths
        );
    }
    out.push_str("];\n\n");
    out.push_str("#[rustfmt::skip]\n");
    let _ = writeln!(
        out,
        "pub(crate) static COUNTRY_CODES: [CountryCode; {}] = [",
        codes.len()
    );
    for (code, (lengths, main, _)) in &codes {
        let main = main.map_or("None".to_string(), |m| format!("Some({m:?})"));
        let _ = writeln!(
            out,
            "    CountryCode {{ code: {code}, national_lengths: {lengths:#x}, main_region: {main} }},"
        );
    }
    out.push_str("];\n");
    out
}

const HEADER: &str = "\
// @generated by `cargo xtask tables` from libphonenumber's PhoneNumberMetadata.xml. Do not edit.
//
// Numbering-plan data: Copyright (C) 2009 The Libphonenumber Authors, Apache License 2.0
// (https://github.com/google/libphonenumber, resources/ at commit f7e3e88; see NOTICE).

//! Per-region and per-calling-code numbering-plan tables (generated; see `xtask/src/tables.rs`).

use super::plan::{CountryCode, Region};

";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths() {
        for (spec, expected) in [
            ("10", vec![10]),
            ("10,11", vec![10, 11]),
            ("[5-7]", vec![5, 6, 7]),
            ("6,[8-10]", vec![6, 8, 9, 10]),
            ("-1", vec![]),
            ("", vec![]),
        ] {
            let bits = parse_lengths(spec).unwrap();
            let got: Vec<u32> = (0..32).filter(|l| bits & (1 << l) != 0).collect();
            assert_eq!(got, expected, "{spec}");
        }
        assert!(parse_lengths("[9-5]").is_err());
        assert!(parse_lengths("x").is_err());
    }

    #[test]
    fn first_matches() {
        for (regex, expected) in [
            ("00", "00"),
            ("011", "011"),
            ("00(?:1\\d)?", "00"),
            ("00(?:1[245]|2[1-35]|31)", "0012"),
            ("(?:0|1(?:1[0-69]|2[02-5]))0", "00"),
            ("00[89]", "008"),
            ("0(?:0|1[2-9])", "00"),
            ("00|99", "00"),
            ("0[0-3]\\d", "000"),
            ("0(?:0[25-79]|19)", "002"),
            ("001[14-689]|14(?:1[14]|34)0011", "0011"),
            ("8\\d{2}", "800"),
        ] {
            assert_eq!(first_match(regex), expected, "{regex}");
        }
    }

    #[test]
    fn territory_from_xml() {
        let xml = r#"<phoneNumberMetadata><territories>
            <territory id="DE" countryCode="49" internationalPrefix="00" nationalPrefix="0">
              <fixedLine><possibleLengths national="[5-15]" localOnly="[2-4]"/></fixedLine>
              <mobile><possibleLengths national="10,11"/></mobile>
              <noInternationalDialling><possibleLengths national="20"/></noInternationalDialling>
            </territory>
            <territory id="RU" countryCode="7" mainCountryForCode="true" internationalPrefix="810" preferredInternationalPrefix="8~10" nationalPrefix="8">
              <fixedLine><possibleLengths national="10"/></fixedLine>
            </territory>
        </territories></phoneNumberMetadata>"#;
        let parsed = parse_territories(xml).unwrap();
        assert_eq!(parsed[0].id, "DE");
        assert_eq!(
            parsed[0].national_lengths,
            (5..=15).fold(0, |b, l| b | 1 << l)
        );
        assert_eq!(parsed[1].international_prefix, "810");
        assert!(parsed[1].main_for_code);
        let source = render(&parsed);
        assert!(source.contains("Region { id: \"DE\", country_code: 49,"));
        assert!(source.contains(
            "CountryCode { code: 7, national_lengths: 0x400, main_region: Some(\"RU\") }"
        ));
    }
}
