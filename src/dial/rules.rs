//! The dialing rules of an office: from a number to the digits this desk phone must dial.
//!
//! In order: a number of the home country is dialed the national way (trunk prefix, national
//! number; only the local number when it is in the user's own area code), any other the
//! international way (the international access prefix, or `+`, then the country code); an
//! extension is dropped, appended, or kept to send as DTMF tones once the call is answered (a
//! code written after pauses, `+16465588656,,85012345678#`, is always kept so);
//! the outside-line prefix goes in front (not before `+`); and last the user's rewrite rules,
//! in order, the first that matches, on the digits that would be dialed.
//!
//! ```
//! use click_to_dial::detect::{parse, plan::Region};
//! use click_to_dial::dial::rules::{plan, DialingRules, RewriteRule};
//! let de = Region::find("DE").unwrap();
//! let rules = DialingRules {
//!     outside_line: "0".into(),
//!     area_code: "30".into(),
//!     rewrite: vec![RewriteRule::new("00800", "0800")],
//!     ..DialingRules::default()
//! };
//! let dial = |text| plan(&parse(text, Some(de)).unwrap(), None, de, &rules).unwrap().dial.to_string();
//! assert_eq!(dial("+49 30 1234567"), "01234567");       // local: outside line, no area code
//! assert_eq!(dial("+49 89 1234567"), "00891234567");    // national
//! assert_eq!(dial("+33 1 23 45 67 89"), "00033123456789"); // international
//! assert_eq!(dial("0800 1234567"), "08001234567");      // rewritten
//! ```

use crate::detect::{plan::Region, PhoneNumber};
use crate::phone::{DialString, DialStringError, Tones};
use serde::{Deserialize, Serialize};

/// How numbers abroad are dialed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum InternationalFormat {
    /// The international access prefix of the home country (`00`, `011`, ...) or its override.
    #[default]
    AccessPrefix,
    /// `+` and the country code; the phone or the PBX resolves it.
    Plus,
}

/// What becomes of an extension written after a number ("ext. 42").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ExtensionMode {
    /// Dial the main number only.
    #[default]
    Drop,
    /// Dial the extension's digits right after the number.
    Append,
    /// Dial the number; the extension is sent as DTMF keys once the call is answered.
    Dtmf,
}

/// `pattern -> replacement`: when the digits to dial start with `pattern`, that start is
/// replaced. A pattern is digits, `*`, `#`, `X` (any digit), an optional leading `+`, and an
/// optional trailing `$` (the whole number must match).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RewriteRule {
    pub pattern: String,
    pub replacement: String,
}

/// Why a rewrite rule is refused; `Display` says what to type instead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RuleError {
    #[error("{}", crate::t!("ruleEmptyPattern"))]
    EmptyPattern,
    #[error("{}", crate::t!("ruleBadPattern", format!("{_0:?}")))]
    BadPattern(char),
    #[error("{}", crate::t!("ruleBadReplacement", format!("{_0:?}")))]
    BadReplacement(char),
}

impl RewriteRule {
    pub fn new(pattern: &str, replacement: &str) -> Self {
        RewriteRule {
            pattern: pattern.to_string(),
            replacement: replacement.to_string(),
        }
    }

    /// Checks the rule's alphabet.
    ///
    /// # Errors
    /// [`RuleError`] naming the first thing wrong.
    pub fn check(&self) -> Result<(), RuleError> {
        let body = self.pattern.strip_prefix('+').unwrap_or(&self.pattern);
        let body = body.strip_suffix('$').unwrap_or(body);
        if body.is_empty() {
            return Err(RuleError::EmptyPattern);
        }
        if let Some(bad) = body
            .chars()
            .find(|c| !matches!(c, '0'..='9' | '*' | '#' | 'X' | 'x'))
        {
            return Err(RuleError::BadPattern(bad));
        }
        let body = self
            .replacement
            .strip_prefix('+')
            .unwrap_or(&self.replacement);
        match body.chars().find(|c| !matches!(c, '0'..='9' | '*' | '#')) {
            Some(bad) => Err(RuleError::BadReplacement(bad)),
            None => Ok(()),
        }
    }

    /// `digits` rewritten, or `None` when the rule does not match.
    pub fn apply(&self, digits: &str) -> Option<String> {
        let (pattern, whole) = match self.pattern.strip_suffix('$') {
            Some(p) => (p, true),
            None => (self.pattern.as_str(), false),
        };
        let matched = digits.len() >= pattern.len()
            && pattern
                .chars()
                .zip(digits.chars())
                .all(|(p, d)| p == d || (matches!(p, 'X' | 'x') && d.is_ascii_digit()));
        if !matched || (whole && digits.len() != pattern.len()) {
            return None;
        }
        Some(format!("{}{}", self.replacement, &digits[pattern.len()..]))
    }
}

/// The office's dialing rules, as the user sets them. The defaults dial like the phone's own
/// keypad would: national numbers with the trunk prefix, others with the access prefix.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct DialingRules {
    /// The user's own area code without the trunk prefix ("30" in Berlin); numbers in it are
    /// dialed without it. Empty: always the whole national number.
    pub area_code: String,
    /// Overrides the home country's international access prefix; empty: the country's.
    pub international_prefix: String,
    /// Overrides the home country's trunk prefix (`Some("")`: none); `None`: the country's.
    pub national_prefix: Option<String>,
    /// What the phone dials first to get an outside line ("0", "9"); empty: nothing.
    pub outside_line: String,
    pub international_format: InternationalFormat,
    pub extension: ExtensionMode,
    /// Applied in order after everything else; the first that matches wins.
    pub rewrite: Vec<RewriteRule>,
}

/// What to dial for a number, and what to send once the call is answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub dial: DialString,
    /// DTMF digits to send after the answer: an extension, with [`ExtensionMode::Dtmf`]; a
    /// meeting's code after pauses, always.
    pub dtmf: Option<Tones>,
}

/// The digits a phone in `home` dials to reach `number` (with `extension`, if any, else the
/// number's own) under `rules`.
///
/// # Errors
/// When a rewrite rule leaves nothing (or too much) to dial.
pub fn plan(
    number: &PhoneNumber,
    extension: Option<&str>,
    home: &Region,
    rules: &DialingRules,
) -> Result<Plan, DialStringError> {
    let mut digits = if number.country_code == home.country_code {
        let national = &number.national_number;
        let trunk = rules
            .national_prefix
            .as_deref()
            .unwrap_or(home.national_prefix);
        match local_part(national, &rules.area_code, trunk) {
            Some(local) => local.to_string(),
            None => format!("{trunk}{national}"),
        }
    } else {
        let access = match rules.international_format {
            InternationalFormat::Plus => "+",
            InternationalFormat::AccessPrefix if !rules.international_prefix.is_empty() => {
                &rules.international_prefix
            }
            InternationalFormat::AccessPrefix => home.international_prefix,
        };
        format!("{access}{}{}", number.country_code, number.national_number)
    };
    let extension = extension
        .or(number.extension.as_deref())
        .filter(|e| !e.is_empty());
    let mut dtmf = None;
    match (rules.extension, extension) {
        // A code after pauses (a meeting's one-tap number, `,,85012345678#`) is never part of
        // the number: its tones wait to be sent once the bridge answers, whatever the mode.
        (_, Some(code)) if code.starts_with(',') => {
            dtmf = Some(Tones::new(code.trim_start_matches(','))?);
        }
        (ExtensionMode::Append, Some(ext)) => digits.push_str(ext),
        (ExtensionMode::Dtmf, Some(ext)) => dtmf = Some(Tones::new(ext)?),
        _ => {}
    }
    if !digits.starts_with('+') {
        digits.insert_str(0, &rules.outside_line);
    }
    Ok(Plan {
        dial: rewrite(&digits, &rules.rewrite)?,
        dtmf,
    })
}

/// The local number when `national` is in `area_code` (and longer than it). The area code may
/// be written with the trunk prefix ("030").
fn local_part<'a>(national: &'a str, area_code: &str, trunk: &str) -> Option<&'a str> {
    let area_code = match area_code.strip_prefix(trunk) {
        Some(stripped) if !trunk.is_empty() => stripped,
        _ => area_code,
    };
    if area_code.is_empty() {
        return None;
    }
    national
        .strip_prefix(area_code)
        .filter(|local| !local.is_empty())
}

/// `digits` under the first rule that matches, as a dial string.
///
/// # Errors
/// When the result is empty or too long.
pub fn rewrite(digits: &str, rules: &[RewriteRule]) -> Result<DialString, DialStringError> {
    let rewritten = rules.iter().find_map(|rule| rule.apply(digits));
    DialString::new(rewritten.as_deref().unwrap_or(digits))
}

/// The extension written after a number ("+1 206 555 0100 ext. 42", "030 1234567 x42",
/// "tel:+12065550100;ext=42"): the number's text and the extension's digits.
pub fn split_extension(text: &str) -> (&str, Option<&str>) {
    const MARKERS: &[&str] = &[
        ";ext=",
        "extension",
        "ext.",
        "ext",
        "durchwahl",
        "dw.",
        "poste",
        "interno",
        "x",
    ];
    let trimmed = text.trim_end();
    let digits_start = trimmed
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_ascii_digit())
        .last()
        .map(|(i, _)| i);
    let Some(digits_start) = digits_start else {
        return (text, None);
    };
    let extension = &trimmed[digits_start..];
    if extension.len() > 8 {
        return (text, None);
    }
    let before = trimmed[..digits_start].trim_end_matches([' ', ':', '\u{A0}']);
    let lower = before.to_ascii_lowercase();
    for marker in MARKERS {
        if let Some(head) = lower.strip_suffix(marker) {
            let glued = head.chars().last().is_some_and(|c| c.is_alphabetic());
            let main = before[..head.len()].trim_end_matches([' ', ',', '\u{A0}']);
            if !glued && !main.is_empty() {
                return (main, Some(extension));
            }
        }
    }
    (text, None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::parse;

    /// Dials `written` (read as a number of `home`) with `rules`; "dial|dtmf".
    fn dial(written: &str, home: &str, rules: &DialingRules) -> String {
        let region = Region::find(home).unwrap();
        let (main, extension) = split_extension(written);
        let number = parse(main, Some(region)).unwrap_or_else(|e| panic!("{written}: {e}"));
        let plan = plan(&number, extension, region, rules).unwrap();
        match plan.dtmf {
            Some(dtmf) => format!("{}|{dtmf}", plan.dial),
            None => plan.dial.to_string(),
        }
    }

    fn rules(edit: impl FnOnce(&mut DialingRules)) -> DialingRules {
        let mut rules = DialingRules::default();
        edit(&mut rules);
        rules
    }

    /// One row per case: what is written, the home country, the rules, what the phone dials.
    #[test]
    fn countries() {
        let plain = DialingRules::default();
        let plus = rules(|r| r.international_format = InternationalFormat::Plus);
        let outside_0 = rules(|r| r.outside_line = "0".into());
        let outside_9 = rules(|r| r.outside_line = "9".into());
        let berlin = rules(|r| r.area_code = "30".into());
        let berlin_0 = rules(|r| r.area_code = "030".into());
        let vienna = rules(|r| r.area_code = "1".into());
        let zurich = rules(|r| {
            r.area_code = "44".into();
            r.outside_line = "0".into();
        });
        let london = rules(|r| r.area_code = "20".into());
        let seattle = rules(|r| {
            r.area_code = "206".into();
            r.outside_line = "9".into();
        });
        let sydney = rules(|r| r.area_code = "2".into());
        let mumbai = rules(|r| r.area_code = "22".into());
        let no_trunk = rules(|r| r.national_prefix = Some(String::new()));
        let access_000 = rules(|r| r.international_prefix = "000".into());
        let cases: &[(&str, &str, &DialingRules, &str)] = &[
            // Germany: trunk 0, access 00.
            ("+49 30 1234567", "DE", &plain, "0301234567"),
            ("030 1234567", "DE", &plain, "0301234567"),
            ("+49 30 1234567", "DE", &berlin, "1234567"),
            ("+49 89 1234567", "DE", &berlin, "0891234567"),
            ("+49 30 1234567", "DE", &berlin_0, "1234567"),
            ("+49 30 1234567", "DE", &outside_0, "00301234567"),
            ("+33 1 23 45 67 89", "DE", &outside_0, "00033123456789"),
            ("+33 1 23 45 67 89", "DE", &plus, "+33123456789"),
            (
                "+33 1 23 45 67 89",
                "DE",
                &rules(|r| {
                    r.international_format = InternationalFormat::Plus;
                    r.outside_line = "0".into();
                }),
                "+33123456789",
            ),
            ("+49 30 1234567", "DE", &plus, "0301234567"),
            // Austria: trunk 0, access 00.
            ("+43 1 5123456", "AT", &plain, "015123456"),
            ("+43 1 5123456", "AT", &vienna, "5123456"),
            ("+49 30 1234567", "AT", &plain, "0049301234567"),
            ("+43 1 5123456", "DE", &plain, "004315123456"),
            // Switzerland: trunk 0, access 00.
            ("+41 44 668 18 00", "CH", &plain, "0446681800"),
            ("+41 44 668 18 00", "CH", &zurich, "06681800"),
            ("+41 22 730 11 11", "CH", &zurich, "00227301111"),
            ("+39 06 6982 1234", "CH", &plain, "00390669821234"),
            // United Kingdom: trunk 0, access 00.
            ("+44 20 7946 0958", "GB", &plain, "02079460958"),
            ("020 7946 0958", "GB", &london, "79460958"),
            ("+44 20 7946 0958", "GB", &outside_9, "902079460958"),
            ("+1 206 555 0100", "GB", &plain, "0012065550100"),
            // France: trunk 0, access 00; closed numbering, no area code.
            ("+33 1 23 45 67 89", "FR", &plain, "0123456789"),
            ("01 23 45 67 89", "FR", &outside_0, "00123456789"),
            ("+49 30 1234567", "FR", &plus, "+49301234567"),
            // United States: trunk 1, access 011.
            ("+1 206 555 0100", "US", &plain, "12065550100"),
            ("(206) 555-0100", "US", &seattle, "95550100"),
            ("+1 212 555 0100", "US", &seattle, "912125550100"),
            ("+1 416 555 0100", "US", &plain, "14165550100"),
            ("+44 20 7946 0958", "US", &seattle, "9011442079460958"),
            ("+44 20 7946 0958", "US", &plus, "+442079460958"),
            // Australia: trunk 0, access 0011.
            ("+61 2 9876 5432", "AU", &plain, "0298765432"),
            ("+61 2 9876 5432", "AU", &sydney, "98765432"),
            ("+44 20 7946 0958", "AU", &plain, "0011442079460958"),
            ("+44 20 7946 0958", "AU", &access_000, "000442079460958"),
            // India: trunk 0, access 00.
            ("+91 22 2345 6789", "IN", &plain, "02223456789"),
            ("+91 22 2345 6789", "IN", &mumbai, "23456789"),
            ("+91 98765 43210", "IN", &plain, "09876543210"),
            ("+49 30 1234567", "IN", &plain, "0049301234567"),
            // A trunk prefix overridden away.
            ("+49 30 1234567", "DE", &no_trunk, "301234567"),
        ];
        for (written, home, rules, expected) in cases {
            assert_eq!(
                dial(written, home, rules),
                *expected,
                "{written} from {home} with {rules:?}"
            );
        }
    }

    #[test]
    fn extensions() {
        let append = rules(|r| r.extension = ExtensionMode::Append);
        let dtmf = rules(|r| {
            r.extension = ExtensionMode::Dtmf;
            r.outside_line = "0".into();
        });
        let plain = DialingRules::default();
        let cases: &[(&str, &str, &DialingRules, &str)] = &[
            ("+49 30 1234567 ext. 89", "DE", &plain, "0301234567"),
            ("+49 30 1234567 ext. 89", "DE", &append, "030123456789"),
            ("+49 30 1234567 ext. 89", "DE", &dtmf, "00301234567|89"),
            ("+1 206 555 0100 x42", "US", &append, "1206555010042"),
            ("+1 206 555 0100 Ext: 42", "US", &dtmf, "012065550100|42"),
            ("tel:+12065550100;ext=42", "US", &append, "1206555010042"),
            ("030 1234567 Durchwahl 12", "DE", &append, "030123456712"),
            ("01 23 45 67 89 poste 3", "FR", &append, "01234567893"),
            // Words only the finder knows: the number's own extension.
            ("+48 22 123 45 67 wew. 204", "PL", &append, "221234567204"),
            ("+48 22 123 45 67 wew. 204", "PL", &dtmf, "0221234567|204"),
            // A meeting's one-tap number: the code waits as tones in every mode.
            (
                "+16465588656,,85012345678#",
                "US",
                &plain,
                "16465588656|85012345678#",
            ),
            (
                "+16465588656,,85012345678#",
                "US",
                &append,
                "16465588656|85012345678#",
            ),
            // Zoom's passcode after the code: its pauses are kept between the tones.
            (
                "+16465588656,,85012345678#,,,,*123456#",
                "US",
                &append,
                "16465588656|85012345678#,,,,*123456#",
            ),
            // Tencent Meeting's Hong Kong bridge: the language's digit, a pause, the code.
            (
                "+85230018898,,,2,30597367791#",
                "CN",
                &plain,
                "0085230018898|2,30597367791#",
            ),
            (
                "+1 323-849-4874,,716867208#",
                "DE",
                &dtmf,
                "00013238494874|716867208#",
            ),
            (
                "+1-415-655-0001,,1234567890##",
                "US",
                &plain,
                "14156550001|1234567890##",
            ),
            (
                "+1 405-531-2839 PIN: 123 456 789#",
                "US",
                &append,
                "14055312839|123456789#",
            ),
        ];
        for (written, home, rules, expected) in cases {
            assert_eq!(
                dial(written.trim_start_matches("tel:"), home, rules),
                *expected,
                "{written}"
            );
        }
    }

    #[test]
    fn extension_splitting() {
        for (text, main, extension) in [
            ("+1 206 555 0100 ext. 42", "+1 206 555 0100", Some("42")),
            ("+1 206 555 0100 EXT 42", "+1 206 555 0100", Some("42")),
            ("+1 206 555 0100, extension 7", "+1 206 555 0100", Some("7")),
            ("+1 206 555 0100x42", "+1 206 555 0100", Some("42")),
            ("+12065550100;ext=42", "+12065550100", Some("42")),
            ("030 1234567 Dw. 5", "030 1234567", Some("5")),
            ("+1 206 555 0100", "+1 206 555 0100", None),
            ("+1 206 555 0100 box 42", "+1 206 555 0100 box 42", None),
            ("fax 42", "fax 42", None),
            ("x42", "x42", None),
            (
                "+1 206 555 0100 x123456789",
                "+1 206 555 0100 x123456789",
                None,
            ),
        ] {
            assert_eq!(split_extension(text), (main, extension), "{text}");
        }
    }

    #[test]
    fn rewrite_rules_in_order_first_match_wins() {
        let rules = [
            RewriteRule::new("0049", "0"),
            RewriteRule::new("0301234XXX$", "5"),
            RewriteRule::new("+", "00"),
            RewriteRule::new("00", "000"),
        ];
        for (digits, expected) in [
            ("0049301234567", "0301234567"),
            ("0301234500", "5"),
            ("03012345", "03012345"),
            ("03012345001", "03012345001"),
            ("+33123456789", "0033123456789"),
            ("0033123456789", "00033123456789"),
            ("206", "206"),
        ] {
            assert_eq!(
                rewrite(digits, &rules).unwrap().as_str(),
                expected,
                "{digits}"
            );
        }
        assert_eq!(
            rewrite("206", &[RewriteRule::new("206$", "")]),
            Err(DialStringError::Empty)
        );
    }

    #[test]
    fn rule_checks() {
        for (pattern, replacement, expected) in [
            ("0049", "0", Ok(())),
            ("+49", "0", Ok(())),
            ("0X$", "", Ok(())),
            ("*97", "+4930", Ok(())),
            ("", "0", Err(RuleError::EmptyPattern)),
            ("+$", "0", Err(RuleError::EmptyPattern)),
            ("00 49", "0", Err(RuleError::BadPattern(' '))),
            ("0&Command=2", "0", Err(RuleError::BadPattern('&'))),
            ("0$0", "0", Err(RuleError::BadPattern('$'))),
            ("00", "0+1", Err(RuleError::BadReplacement('+'))),
            ("00", "a", Err(RuleError::BadReplacement('a'))),
        ] {
            assert_eq!(
                RewriteRule::new(pattern, replacement).check(),
                expected,
                "{pattern}"
            );
        }
    }

    #[test]
    fn rule_errors_name_the_character() {
        assert_eq!(
            RuleError::BadPattern('&').to_string(),
            "'&' cannot be in a pattern: use digits, *, #, X for any digit, + at the start and $ at the end."
        );
        assert!(RuleError::BadReplacement('a')
            .to_string()
            .starts_with("'a' "));
    }
}
