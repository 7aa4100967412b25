//! `cargo xtask tables`: generates `src/detect/plan/tables.rs` from libphonenumber's numbering-plan data.
//!
//! The finder must not parse XML or run regexes at run time, so the parts of
//! `PhoneNumberMetadata.xml` it needs are compiled here into plain Rust statics:
//! for each region its calling code, the international prefix it dials (written and
//! as an automaton of every prefix it accepts), its national prefix, the rules that
//! strip or rewrite a national prefix when parsing (`nationalPrefixForParsing` and
//! `nationalPrefixTransformRule`, as sequences of automata), and the lengths a
//! national number may have; for each calling code the union of its regions'
//! lengths, its main region and one automaton over national numbers that tells
//! whether a number is valid (matches a number type of a region with that code) and
//! whether it must be written with the national prefix when written nationally
//! (the main region's format for it asks for one). See [`crate::automata`].
//!
//! ```text
//! cargo xtask tables                 # regenerate from xtask/libphonenumber (the copy in the repository)
//! cargo xtask tables --check         # fail if the committed file is stale
//! cargo xtask tables --data DIR      # read the XML from DIR
//! ```

use crate::automata::{lengths_of, parse, Dfa, Node, Piece};
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Where the generated file lives, relative to the workspace root.
pub const OUTPUT: &str = "src/detect/plan/tables.rs";

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

/// The number types that cost the caller more than an ordinary call: a dial from a page asks
/// first (`src/dial/policy.rs`). Satellite and other international networks are whole calling
/// codes (`COSTLY_CODES` in `src/detect/plan.rs`), not number types.
const COSTLY_TYPES: &[&str] = &["premiumRate", "sharedCost", "personalNumber"];

/// One `<territory>` reduced to what the finder and the dialing rules use.
#[derive(Debug, Clone, PartialEq)]
pub struct Territory {
    pub id: String,
    pub country_code: u16,
    pub international_prefix: String,
    pub national_prefix: String,
    pub national_lengths: u32,
    pub main_for_code: bool,
    /// The `internationalPrefix` pattern, empty if none.
    pub international_prefix_pattern: String,
    /// `nationalPrefixForParsing`, or the national prefix itself when absent.
    pub national_prefix_for_parsing: String,
    pub national_prefix_transform: Option<String>,
    /// Each number type's pattern and its national lengths (`None`: not given).
    pub number_types: Vec<(String, Option<u32>)>,
    /// The same for the [`COSTLY_TYPES`] only.
    pub costly_types: Vec<(String, Option<u32>)>,
    pub formats: Vec<Format>,
}

/// One `<numberFormat>`, reduced to what decides whether the national prefix must be written.
#[derive(Debug, Clone, PartialEq)]
pub struct Format {
    pub pattern: String,
    /// The last (most precise) `<leadingDigits>` pattern, if any.
    pub leading_digits: Option<String>,
    /// Whether a number in this format, written the national way, must carry the national prefix.
    pub national_prefix_required: bool,
}

/// Default location of the metadata: the copy in the repository (`xtask/libphonenumber/`).
pub fn default_data_dir(root: &Path) -> PathBuf {
    root.join("xtask/libphonenumber")
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
    render(&territories)
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
    let mut number_types = Vec::new();
    let mut costly_types = Vec::new();
    for child in node
        .children()
        .filter(|c| NUMBER_TYPES.contains(&c.tag_name().name()))
    {
        let mut type_lengths = None;
        for lengths in child
            .children()
            .filter(|c| c.has_tag_name("possibleLengths"))
        {
            let spec = lengths.attribute("national").unwrap_or_default();
            let bits = parse_lengths(spec).map_err(|e| format!("territory {id}: {e}"))?;
            national_lengths |= bits;
            type_lengths = Some(type_lengths.unwrap_or(0) | bits);
        }
        if let Some(pattern) = child_text(child, "nationalNumberPattern") {
            if COSTLY_TYPES.contains(&child.tag_name().name()) {
                costly_types.push((pattern.clone(), type_lengths));
            }
            number_types.push((pattern, type_lengths));
        }
    }
    let national_prefix = node.attribute("nationalPrefix").unwrap_or_default();
    let formats = formats(node, national_prefix);
    let national_prefix_for_parsing = match node.attribute("nationalPrefixForParsing") {
        Some(pattern) => compact(pattern),
        None => LEGACY_NATIONAL_PREFIXES
            .iter()
            .find(|(region, _)| *region == id)
            .map_or(national_prefix, |(_, pattern)| pattern)
            .to_string(),
    };
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
        international_prefix_pattern: compact(
            node.attribute("internationalPrefix").unwrap_or_default(),
        ),
        national_prefix_for_parsing,
        national_prefix_transform: node.attribute("nationalPrefixTransformRule").map(compact),
        number_types,
        costly_types,
        formats,
    })
}

/// National prefixes a country has dropped but its pages still show, read (never written) as
/// `nationalPrefixForParsing` where the metadata has none. Mexico dialed `01` before a long
/// distance number, `044` and `045` before a mobile one, until August 2019, when ten digits
/// became the whole number (libphonenumber's metadata dropped them then); businesses still
/// write `01 800 123 4567` and `044 55 1234 5678`. The ten digits after them are the number.
const LEGACY_NATIONAL_PREFIXES: [(&str, &str); 1] = [("MX", "0(?:[12]|4[45])")];

/// A pattern without the white space the XML wraps it in.
fn compact(pattern: &str) -> String {
    pattern.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The compacted text of the first child element `name` of `node`.
fn child_text(node: roxmltree::Node, name: &str) -> Option<String> {
    node.children()
        .find(|c| c.has_tag_name(name))
        .and_then(|c| c.text())
        .map(compact)
}

/// The territory's formats, with whether each needs the national prefix (as Java's
/// `isNationalPrefixPresentIfRequired` decides: a formatting rule that is more than the
/// first group, and not marked optional).
fn formats(node: roxmltree::Node, national_prefix: &str) -> Vec<Format> {
    let territory_rule = node.attribute("nationalPrefixFormattingRule");
    let territory_optional = node.attribute("nationalPrefixOptionalWhenFormatting") == Some("true");
    let Some(available) = node.children().find(|c| c.has_tag_name("availableFormats")) else {
        return Vec::new();
    };
    available
        .children()
        .filter(|c| c.has_tag_name("numberFormat"))
        .map(|format| {
            let rule = format
                .attribute("nationalPrefixFormattingRule")
                .or(territory_rule)
                .unwrap_or_default()
                .replace("$NP", national_prefix)
                .replace("$FG", "$1");
            let optional = format
                .attribute("nationalPrefixOptionalWhenFormatting")
                .map_or(territory_optional, |o| o == "true");
            Format {
                pattern: compact(format.attribute("pattern").unwrap_or_default()),
                leading_digits: format
                    .children()
                    .filter(|c| c.has_tag_name("leadingDigits"))
                    .filter_map(|c| c.text())
                    .next_back()
                    .map(compact),
                // Java's formattingRuleHasFirstGroupOnly: `$1` or `($1)` needs no prefix.
                national_prefix_required: !matches!(
                    rule.as_str(),
                    "" | "$1" | "($1)" | "($1" | "$1)"
                ) && !optional,
            }
        })
        .collect()
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

/// The longest national number the automata read; longer ones are never valid.
const MAX_DIGITS: usize = 17;

/// Marks a region without an international prefix.
const NO_AUTOMATON: u32 = u32::MAX;

/// Tag bits of a calling code's number automaton (`src/detect/plan/dfa.rs` reads them).
const VALID: u8 = 1;
const NATIONAL_PREFIX_REQUIRED: u8 = 2;

/// Every automaton, encoded one after the other; identical ones are stored once.
#[derive(Default)]
struct Automata {
    words: Vec<u16>,
    known: HashMap<Vec<u16>, u32>,
}

impl Automata {
    fn add(&mut self, dfa: &Dfa) -> Result<u32, String> {
        let words = dfa.encode()?;
        if let Some(&at) = self.known.get(&words) {
            return Ok(at);
        }
        let at = self.words.len() as u32;
        self.words.extend_from_slice(&words);
        self.known.insert(words, at);
        Ok(at)
    }

    /// The automaton of the strings `pattern` matches (all of them, as prefixes are found by
    /// walking it: every accepting state on the way is a match end).
    fn add_pattern(&mut self, pattern: &Node) -> Result<u32, String> {
        let piece = Piece {
            node: pattern.clone(),
            prefix: false,
            lengths: None,
        };
        self.add(&Dfa::build(&[piece], MAX_DIGITS, |m| u8::from(m[0])))
    }
}

/// The automaton of a calling code's national numbers: tag [`VALID`] when a number type of one
/// of `regions` matches (pattern and length).
pub fn numbers_dfa(regions: &[&Territory]) -> Result<Dfa, String> {
    types_dfa(regions.iter().map(|r| &r.number_types))
}

/// The automaton of a calling code's costly numbers (premium rate, shared cost, personal):
/// tag [`VALID`] when one of those types of one of `regions` matches. `None` when the code has
/// none.
pub fn costly_dfa(regions: &[&Territory]) -> Result<Option<Dfa>, String> {
    if regions.iter().all(|r| r.costly_types.is_empty()) {
        return Ok(None);
    }
    types_dfa(regions.iter().map(|r| &r.costly_types)).map(Some)
}

/// The automaton of the numbers that one of the `types` lists matches (pattern and length).
fn types_dfa<'a>(
    types: impl Iterator<Item = &'a Vec<(String, Option<u32>)>>,
) -> Result<Dfa, String> {
    let mut pieces = Vec::new();
    for types in types {
        for (pattern, lengths) in types {
            if *lengths != Some(0) {
                pieces.push(Piece {
                    node: parse(pattern)?,
                    prefix: false,
                    lengths: *lengths,
                });
            }
        }
    }
    Ok(Dfa::build(&pieces, MAX_DIGITS, |m| {
        if m.iter().any(|&x| x) {
            VALID
        } else {
            0
        }
    }))
}

/// The automaton that tells, for a national number of `main`'s calling code, whether written
/// the national way it must carry the national prefix (tag [`NATIONAL_PREFIX_REQUIRED`]): the
/// first format whose leading digits fit it (Java's `chooseFormattingPatternForNumber` also
/// asks the format's pattern to match) asks for one. `None` when no format does.
pub fn national_prefix_dfa(main: &Territory) -> Result<Option<Dfa>, String> {
    let formats = &main.formats;
    if !formats.iter().any(|f| f.national_prefix_required) {
        return Ok(None);
    }
    // One piece per format: its leading digits (as a prefix) when it has some, else its
    // pattern; a format without the prefix is taken only for the lengths its pattern has
    // (France's short codes `1xx xxx` must not let `1 46 89 29 87` go without its `0`).
    // (Leading digits with the pattern, or the lengths on every format, would be exact, at
    // 11 KB or 2.5 KB brotli more in the wasm; these lengths cost 0.25 KB. A number whose
    // format needs the prefix and is told apart from another only by its length may be
    // refused without its prefix.)
    let mut pieces = Vec::new();
    for format in formats {
        pieces.push(match &format.leading_digits {
            Some(ld) => Piece {
                node: parse(ld)?,
                prefix: true,
                lengths: (!format.national_prefix_required)
                    .then(|| parse(&format.pattern).map(|p| lengths_of(&p)))
                    .transpose()?,
            },
            None => Piece {
                node: parse(&format.pattern)?,
                prefix: false,
                lengths: None,
            },
        });
    }
    let tag = |m: &[bool]| {
        let chosen = formats.iter().zip(m).find(|(_, matched)| **matched);
        if chosen.is_some_and(|(f, _)| f.national_prefix_required) {
            NATIONAL_PREFIX_REQUIRED
        } else {
            0
        }
    };
    Ok(Some(Dfa::build(&pieces, MAX_DIGITS, tag)))
}

/// One national-prefix rule: the number starts with `segments` in order (each an automaton,
/// kept or dropped), then, unless `anchored`, anything; the number becomes `literal`, the kept
/// segments and the rest.
#[derive(Debug, Clone, PartialEq)]
pub struct PrefixRule {
    pub literal: String,
    pub anchored: bool,
    pub segments: Vec<(Node, bool)>,
}

/// Turns `nationalPrefixForParsing` and its transform rule into ordered [`PrefixRule`]s, the
/// way Java's `lookingAt` tries them: alternatives in order, an optional part with a capturing
/// group first present, then absent. A rule whose kept group is absent only strips.
///
/// # Errors
/// For shapes this reading does not know (a transform without `$n`, a repeated group).
pub fn prefix_rules(pattern: &str, transform: Option<&str>) -> Result<Vec<PrefixRule>, String> {
    if pattern.is_empty() {
        return Ok(Vec::new());
    }
    let (literal, group) = match transform {
        None => (String::new(), None),
        Some(rule) => {
            let (literal, group) = rule
                .split_once('$')
                .ok_or(format!("transform {rule:?} has no group"))?;
            let group: usize = group.parse().map_err(|_| format!("transform {rule:?}"))?;
            (literal.to_string(), Some(group))
        }
    };
    let alternatives = match parse(pattern)? {
        Node::Alt(alternatives) => alternatives,
        other => vec![other],
    };
    let mut rules = Vec::new();
    for alternative in alternatives {
        for mut items in variants(flatten(alternative))? {
            let anchored = items.last() == Some(&Node::End);
            if anchored {
                items.pop();
            }
            let mut segments: Vec<(Node, bool)> = Vec::new();
            let mut dropped: Vec<Node> = Vec::new();
            for item in items {
                match item {
                    Node::Capture(n, inner) => {
                        if !dropped.is_empty() {
                            segments.push((Node::Concat(std::mem::take(&mut dropped)), false));
                        }
                        segments.push((*inner, Some(n) == group));
                    }
                    Node::End => return Err(format!("{pattern:?}: `$` inside")),
                    other => dropped.push(other),
                }
            }
            if !dropped.is_empty() {
                segments.push((Node::Concat(dropped), false));
            }
            let keeps = segments.iter().any(|(_, keep)| *keep);
            rules.push(PrefixRule {
                literal: if keeps {
                    literal.clone()
                } else {
                    String::new()
                },
                anchored,
                segments,
            });
        }
    }
    Ok(rules)
}

/// The items of a sequence, nested sequences opened.
fn flatten(node: Node) -> Vec<Node> {
    match node {
        Node::Concat(items) => items.into_iter().flat_map(flatten).collect(),
        other => vec![other],
    }
}

fn has_capture(node: &Node) -> bool {
    match node {
        Node::Capture(..) => true,
        Node::Concat(items) | Node::Alt(items) => items.iter().any(has_capture),
        Node::Repeat(inner, ..) => has_capture(inner),
        Node::Set(_) | Node::End => false,
    }
}

/// Expands optional parts that hold a capturing group into two variants (present first).
fn variants(items: Vec<Node>) -> Result<Vec<Vec<Node>>, String> {
    let mut out: Vec<Vec<Node>> = vec![Vec::new()];
    for item in items {
        match item {
            Node::Repeat(inner, 0, Some(1)) if has_capture(&inner) => {
                let present = flatten(*inner);
                out = out
                    .into_iter()
                    .flat_map(|v| {
                        let mut with = v.clone();
                        with.extend(present.iter().cloned());
                        [with, v]
                    })
                    .collect();
            }
            Node::Alt(_) | Node::Repeat(..) if has_capture(&item) => {
                return Err(format!(
                    "unsupported group in a national-prefix rule: {item:?}"
                ));
            }
            other => out.iter_mut().for_each(|v| v.push(other.clone())),
        }
    }
    Ok(out)
}

/// Renders the tables as Rust source.
///
/// # Errors
/// When a pattern cannot be read or an automaton does not fit the encoding.
pub fn render(territories: &[Territory]) -> Result<String, String> {
    let mut regions: Vec<&Territory> = territories.iter().filter(|t| t.id != "001").collect();
    regions.sort_by(|a, b| a.id.cmp(&b.id));

    let mut by_code: BTreeMap<u16, Vec<&Territory>> = BTreeMap::new();
    for t in territories {
        by_code.entry(t.country_code).or_default().push(t);
    }

    let mut automata = Automata::default();
    let mut out = String::new();
    out.push_str(HEADER);

    // National-prefix rules, one static per region that has any.
    let mut rule_names: HashMap<&str, String> = HashMap::new();
    for r in &regions {
        let rules = prefix_rules(
            &r.national_prefix_for_parsing,
            r.national_prefix_transform.as_deref(),
        )
        .map_err(|e| format!("territory {}: {e}", r.id))?;
        if rules.is_empty() {
            continue;
        }
        let name = format!("PREFIX_{}", r.id);
        let _ = write!(
            out,
            "#[rustfmt::skip]\nstatic {name}: [PrefixRule; {}] = [",
            rules.len()
        );
        for rule in rules {
            let mut segments = Vec::new();
            for (node, keep) in &rule.segments {
                segments.push(format!("({}, {keep})", automata.add_pattern(node)?));
            }
            let _ = write!(
                out,
                "PrefixRule {{ literal: {:?}, anchored: {}, segments: &[{}] }}, ",
                rule.literal,
                rule.anchored,
                segments.join(", ")
            );
        }
        out.push_str(
            "];
",
        );
        rule_names.insert(&r.id, name);
    }
    out.push('\n');

    out.push_str("#[rustfmt::skip]\n");
    let _ = writeln!(
        out,
        "pub(crate) static REGIONS: [Region; {}] = [",
        regions.len()
    );
    for r in &regions {
        let idd = if r.international_prefix_pattern.is_empty() {
            NO_AUTOMATON
        } else {
            automata.add_pattern(&parse(&r.international_prefix_pattern)?)?
        };
        let rules = rule_names
            .get(r.id.as_str())
            .map_or("&[]".to_string(), |name| format!("&{name}"));
        let _ = writeln!(
            out,
            "    Region {{ id: {:?}, country_code: {}, international_prefix: {:?}, national_prefix: {:?}, national_lengths: {:#x}, idd: {idd}, prefix_rules: {rules} }},",
            r.id, r.country_code, r.international_prefix, r.national_prefix, r.national_lengths
        );
    }
    out.push_str("];\n\n");

    out.push_str("#[rustfmt::skip]\n");
    let _ = writeln!(
        out,
        "pub(crate) static COUNTRY_CODES: [CountryCode; {}] = [",
        by_code.len()
    );
    for (code, members) in &by_code {
        let lengths = members.iter().fold(0, |bits, t| bits | t.national_lengths);
        let geographic: Vec<&&Territory> = members.iter().filter(|t| t.id != "001").collect();
        let main = geographic
            .iter()
            .find(|t| t.main_for_code)
            .or(geographic.first())
            .map(|t| **t);
        let numbers = automata.add(&numbers_dfa(members)?)?;
        let prefix_dfa = match main.or(members.first().copied()) {
            Some(main) => national_prefix_dfa(main)?,
            None => None,
        };
        let national_prefix = match prefix_dfa {
            Some(dfa) => automata.add(&dfa)?,
            None => NO_AUTOMATON,
        };
        let main_index = main
            .and_then(|m| regions.iter().position(|r| r.id == m.id))
            .map_or(u16::MAX, |i| i as u16);
        let _ = writeln!(
            out,
            "    CountryCode {{ code: {code}, national_lengths: {lengths:#x}, numbers: {numbers}, national_prefix: {national_prefix}, main_index: {main_index} }},"
        );
    }
    out.push_str("];\n\n");

    // The costly numbers' automata apart, so that the finder's wasm (which never asks) leaves
    // them out.
    let mut costly = Automata::default();
    let mut costly_roots = Vec::new();
    for (code, members) in &by_code {
        if let Some(dfa) = costly_dfa(members)? {
            costly_roots.push(format!("({code}, {})", costly.add(&dfa)?));
        }
    }
    let _ = writeln!(
        out,
        "/// The calling codes with premium-rate, shared-cost or personal numbers, and where the\n/// automaton of those starts in [`COSTLY_AUTOMATA`].\n#[rustfmt::skip]\npub(crate) static COSTLY_ROOTS: [(u16, u32); {}] = [",
        costly_roots.len()
    );
    for chunk in costly_roots.chunks(12) {
        let _ = writeln!(out, "    {},", chunk.join(", "));
    }
    out.push_str("];\n\n");
    let _ = writeln!(
        out,
        "/// The costly numbers' automata, encoded as `src/detect/plan/dfa.rs` reads them.\n#[rustfmt::skip]\npub(crate) static COSTLY_AUTOMATA: [u16; {}] = [",
        costly.words.len()
    );
    for chunk in costly.words.chunks(24) {
        let line: Vec<String> = chunk.iter().map(u16::to_string).collect();
        let _ = writeln!(out, "    {},", line.join(","));
    }
    out.push_str("];\n\n");

    let _ = writeln!(
        out,
        "/// Every automaton, encoded as `src/detect/plan/dfa.rs` reads them.\n#[rustfmt::skip]\npub(crate) static AUTOMATA: [u16; {}] = [",
        automata.words.len()
    );
    for chunk in automata.words.chunks(24) {
        let line: Vec<String> = chunk.iter().map(u16::to_string).collect();
        let _ = writeln!(out, "    {},", line.join(","));
    }
    out.push_str("];\n");
    Ok(out)
}

const HEADER: &str = "\
// @generated by `cargo xtask tables` from libphonenumber's PhoneNumberMetadata.xml. Do not edit.
//
// Numbering-plan data: Copyright (C) 2009 The Libphonenumber Authors, Apache License 2.0
// (https://github.com/google/libphonenumber, resources/ at commit f7e3e88; see NOTICE).

//! Per-region and per-calling-code numbering-plan tables (generated; see `xtask/src/tables.rs`).

use super::{CountryCode, PrefixRule, Region};

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
        let source = render(&parsed).unwrap();
        assert!(source.contains("Region { id: \"DE\", country_code: 49,"));
        assert!(source.contains("CountryCode { code: 7, national_lengths: 0x400, numbers: "));
    }
}
