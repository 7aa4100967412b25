//! `cargo xtask country-names`: generates `src/detect/country_names.rs`, the country names the
//! finder recognises in a line or a record, from Unicode CLDR's territory names.
//!
//! The names come from the npm package `cldr-localenames-modern` (pinned by `xtask/cldr/`,
//! installed with `npm ci` into `target/cldr`), `main/<lang>/territories.json` for the
//! [`LANGUAGES`]: each territory the finder has numbering-plan data for (a region of
//! `tables.rs`) and home to at least [`MIN_POPULATION`] people (`cldr-core`'s territory
//! data), its name and its `-alt-short` and `-alt-variant` forms. A part in parentheses
//! is dropped (`Myanmar (Burma)` -> `myanmar`); English also gets `and` for `&` and `Saint` for
//! `St.` (`St. Kitts & Nevis` -> `saint kitts and nevis`, the way a CRM writes it). Each name is
//! folded as the finder folds the text ([`fold_name`]); the hand-kept [`EXTRAS`] are added, the
//! [`EXCLUDED`] names and the short Latin ones (fewer than [`MIN_LATIN_LETTERS`] letters, unless
//! an extra) are left out, and a name two regions share (`kongo`: Polish and Norwegian for both
//! Congos) is dropped, as is a name found all the same by a shorter one of its region
//! (`bosnia and herzegovina`: `bosnia`).
//!
//! The table is compact, since it ships in the finder's wasm: the names, sorted by their UTF-8
//! bytes, are cut into runs of one script (by their first letter), each run into blocks of
//! [`BLOCK_LEN`] names. A name is stored as a header byte (the number of bytes it shares with
//! the name before in its block, front coding, and the length of the rest), the rest as tokens
//! of its run (byte-pair encoding: a token is a letter or a string of letters frequent in the
//! run's names; a letter outside the run's tokens is written as an escape and its UTF-8), then
//! its region (an index into `tables.rs`'s `REGIONS`). Beside the blocks: where each block
//! starts, the blocks of each pair of ASCII first letters, and three filters the finder asks
//! before it looks a word up (the exact pairs of ASCII first letters, a Bloom filter of the
//! names' first words, a hashed filter of the first two letters of names in scripts written
//! without spaces). `country_at` in `src/detect/context.rs` reads it all.
//!
//! This generator links the finder crate (for `Region::all` and `fold_name`), which compiles
//! the generated file: a change of the layout needs the reader in `context.rs` and, for one
//! run, a generated file that still compiles (add the new statics by hand, then regenerate).
//!
//! ```text
//! cargo xtask country-names            # regenerate
//! cargo xtask country-names --check    # fail if the committed file is stale
//! cargo xtask country-names --list     # print the names and their regions
//! ```

use crate::tools::{root, step_detail};
use click_to_dial::detect::chars::{fold_name, is_letter};
use click_to_dial::detect::plan::Region;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt::Write as _;
use std::path::Path;

/// Where the generated file lives, relative to the workspace root.
pub const OUTPUT: &str = "src/detect/country_names.rs";

/// The npm package the names come from (its version is pinned in `xtask/cldr/package.json`).
const PACKAGE: &str = "cldr-localenames-modern";

/// The languages whose names are kept: the major languages of the finder's users' CRMs and
/// address books.
pub const LANGUAGES: &[&str] = &[
    "en", "de", "fr", "es", "it", "pt", "nl", "pl", "sv", "ru", "tr", "el", "ja", "zh", "ko", "ar",
];

/// Names people write in a CRM or an address that CLDR does not give, folded.
const EXTRAS: &[(&str, &str)] = &[
    ("usa", "US"),
    ("u.s.a.", "US"),
    ("uk", "GB"),
    ("u.k.", "GB"),
    ("uae", "AE"),
    ("england", "GB"),
    ("scotland", "GB"),
    ("wales", "GB"),
    // Else `Ireland` would read Northern Ireland's numbers as the Republic's.
    ("northern ireland", "GB"),
    ("great britain", "GB"),
    ("großbritannien", "GB"),
    ("grande-bretagne", "GB"),
    ("gran bretaña", "GB"),
    // An Australian state: else `Wales` would make it the United Kingdom.
    ("new south wales", "AU"),
    ("holland", "NL"),
    // "Country of Thailand", the way a Thai address ends (CLDR: ไทย); Korean's short name.
    ("ประเทศไทย", "TH"),
    ("한국", "KR"),
    // South Korea: what "Korea" means in a contact's address nearly always.
    ("korea", "KR"),
    ("republic of korea", "KR"),
    ("czech republic", "CZ"),
    ("tschechische republik", "CZ"),
    ("république tchèque", "CZ"),
    ("russian federation", "RU"),
    ("viet nam", "VN"),
];

/// Names CLDR gives that are also common words, first names or places elsewhere: found in a
/// record they would set the wrong country for its numbers. Each with why. The rule: leave a
/// name out when the other meaning is common in the text a CRM or a signature holds (a person's
/// name column, a US address, a calendar entry), not for every rare homonym. A country left out
/// here is still found by its other names and languages (`Jordanien`, `Géorgie`, `ישראל`), and
/// its numbers are usually written with `+CC` anyway.
///
/// Weighed and kept: `china` (porcelain, written in lower case), `turkey` (the bird: menus
/// rarely carry phone numbers beside it, and English CRMs write the country so), `india` (a
/// rare first name), `niger` (a river; `Nigeria` is told apart by the word's end), `guernsey`
/// (a breed and a sweater, both rare in address books), `chile` (the pepper is `chili`), `mali`,
/// `oman`, `peru`, `togo`. `man` (Isle of Man in some languages) and the other short Latin names
/// go by [`MIN_LATIN_LETTERS`]. `New Mexico`, `New Jersey`: the finder skips a name after `New`.
const EXCLUDED: &[(&str, &str)] = &[
    // English.
    (
        "georgia",
        "a US state (Atlanta, Georgia) and a first name; the country is +995",
    ),
    ("jordan", "a common first and last name (Jordan Smith)"),
    ("chad", "a common English first name"),
    (
        "israel",
        "a common first name in Spanish, Portuguese and English (Israel Gómez); Israeli numbers \
         are written +972, and Israël, Izrael, Israele, ישראל still name the country",
    ),
    (
        "jersey",
        "a garment (a football Jersey), Jersey City and New Jersey; Jersey's own numbers are \
         written +44 1534 mostly",
    ),
    // German, Scandinavian, Czech, Slovak, Croatian: Iceland.
    ("island", "an English word (Rhode Island, Island Road)"),
    // French.
    ("maurice", "a common French first name (Mauritius)"),
    ("réunion", "the French word for a meeting (a calendar line)"),
    (
        "saint-martin",
        "many French towns (Saint Martin, the Caribbean island, is +590)",
    ),
    ("saint martin", "many towns and churches named so"),
    // Spanish, Portuguese, Italian.
    ("reunión", "the Spanish word for a meeting (Réunion)"),
    ("reunião", "the Portuguese word for a meeting (Réunion)"),
    ("riunione", "the Italian word for a meeting (Réunion)"),
    ("guadalupe", "a very common Spanish first name (Guadeloupe)"),
    ("granada", "the Spanish city (Grenada)"),
    (
        "montserrat",
        "a common Catalan first name and the mountain near Barcelona",
    ),
    (
        "gana",
        "a Spanish verb (\"Gana un ...\" opens many an advert) (Ghana)",
    ),
    (
        "san martín",
        "a street, town and province name all over Latin America (Saint Martin)",
    ),
    (
        "santa lucía",
        "a common town and street name in Spanish-speaking countries",
    ),
    // Polish (and others): Cuba.
    ("kuba", "a very common Polish first name (Jakub)"),
    // Swedish, Estonian.
    (
        "norra",
        "Swedish for \"northern\", in many street and place names (Estonian: Norway)",
    ),
    // English, German. (Norfolk Island and Ascension, also a county and a feast, have fewer
    // people than MIN_POPULATION.)
    (
        "st. martin",
        "many towns and churches named so (Saint Martin)",
    ),
    // Korean.
    (
        "수단",
        "Korean for \"means\" (결제 수단, a payment method) (Sudan)",
    ),
    ("인도", "Korean for \"sidewalk\" and \"delivery\" (India)"),
];

/// Territories with fewer people are left out: research stations, bases and islands whose
/// numbers are rarely in an address book and mostly read alike under a larger region's code
/// (Christmas and Cocos Islands, Svalbard, the Vatican, Tristan da Cunha, Ascension, ...).
const MIN_POPULATION: u64 = 300_000;

/// Latin-script names with fewer letters are left out (`Irã`, `Mỹ`, `Anh`, `Nga`: words or
/// syllables of other languages), except the [`EXTRAS`].
const MIN_LATIN_LETTERS: usize = 4;

/// Names per block: the blocks are searched by their first names, then read in order.
const BLOCK_LEN: usize = 16;

/// The largest number of tokens a run of one script has (one byte each, the last value being
/// the escape).
const MAX_TOKENS: usize = 255;

/// The escape: the next bytes are one character's UTF-8.
const ESCAPE: u8 = 255;

/// Bits of the first-two-letters filter of the names in scripts written without spaces (those
/// that start with two ASCII letters have an exact one, the others the first-word filter).
const PAIR_BITS: u32 = 10;

/// What follows `cargo xtask` in a correct `country-names` command line.
pub const USAGE: &str = "country-names [--check] [--list]";

/// What `cargo xtask country-names` does: regenerate the file, or only `check` it, or `list`
/// the names.
#[derive(Debug, Default, PartialEq)]
pub struct Flags {
    pub check: bool,
    pub list: bool,
}

/// The flags of `cargo xtask country-names`.
pub fn parse(mut args: crate::cli::Args) -> Result<Flags, String> {
    let mut flags = Flags::default();
    while let Some(arg) = args.next()? {
        match arg {
            lexopt::Arg::Long("check") => flags.check = true,
            lexopt::Arg::Long("list") => flags.list = true,
            other => return Err(crate::cli::unexpected(USAGE, other)),
        }
    }
    Ok(flags)
}

/// `cargo xtask country-names [--check] [--list]`.
pub fn country_names_task(Flags { check, list }: Flags) -> Result<(), String> {
    let package = crate::tools::ensure_cldr()?
        .join("node_modules")
        .join(PACKAGE);
    if list {
        let regions = Region::all();
        for name in collect(&package)? {
            println!("{}\t{}", name.text, regions[usize::from(name.region)].id);
        }
        return Ok(());
    }
    let (generated, summary) = generate(&package)?;
    step_detail("Names", &summary);
    let path = root().join(OUTPUT);
    if check {
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        if committed != generated {
            return Err(format!(
                "{OUTPUT} is stale (it differs from what CLDR and xtask/src/country_names.rs \
                 give now): run `cargo xtask country-names`"
            ));
        }
        step_detail("Checked", &format!("{OUTPUT} is up to date"));
    } else {
        std::fs::write(&path, generated)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        step_detail("Generated", OUTPUT);
    }
    Ok(())
}

/// Reads the names from the package at `package` and renders the Rust source of the table;
/// also says what it weighs.
pub fn generate(package: &Path) -> Result<(String, String), String> {
    let version = package_version(package)?;
    let names = collect(package)?;
    let table = encode(&names)?;
    let token_bytes: usize = table.tokens.iter().map(String::len).sum();
    let summary = format!(
        "{} names ({} bytes as UTF-8) from {PACKAGE} {version}: {} bytes of blocks, {} tokens \
         ({} bytes and {} of ends), {} runs, {} blocks",
        names.len(),
        names.iter().map(|n| n.text.len()).sum::<usize>(),
        table.bytes.len(),
        table.tokens.len(),
        token_bytes,
        table.tokens.len() * 2,
        table.runs.len(),
        table.blocks.len() - 1,
    );
    Ok((render(&version, &names, &table), summary))
}

fn package_version(package: &Path) -> Result<String, String> {
    let path = package.join("package.json");
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let json: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    json["version"]
        .as_str()
        .map(str::to_string)
        .ok_or_else(|| format!("{}: no version", path.display()))
}

/// A name in the table: folded, with its region's index in `Region::all()`.
struct Name {
    text: String,
    region: u8,
}

/// The names of every language, folded, filtered, sorted by their UTF-8 bytes.
fn collect(package: &Path) -> Result<Vec<Name>, String> {
    let regions = Region::all();
    let populations = populations(package)?;
    let index_of = |code: &str| {
        let populated = populations.get(code).is_some_and(|&p| p >= MIN_POPULATION);
        regions
            .iter()
            .position(|r| r.id == code)
            .filter(|_| populated)
    };
    let mut found: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
    for lang in LANGUAGES {
        let path = package.join("main").join(lang).join("territories.json");
        let text = std::fs::read_to_string(&path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let json: serde_json::Value =
            serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        let territories = json["main"][lang]["localeDisplayNames"]["territories"]
            .as_object()
            .ok_or_else(|| format!("{}: no territories", path.display()))?;
        for (key, value) in territories {
            let (code, alt) = match key.split_once("-alt-") {
                Some((code, alt)) => (code, Some(alt)),
                None => (key.as_str(), None),
            };
            if !matches!(alt, None | Some("short" | "variant")) || code.len() != 2 {
                continue;
            }
            let (Some(region), Some(name)) = (index_of(code), value.as_str()) else {
                continue;
            };
            for form in forms(lang, name) {
                found.entry(form).or_default().insert(region);
            }
        }
    }
    let mut excluded_unused: BTreeSet<&str> = EXCLUDED.iter().map(|(name, _)| *name).collect();
    let mut names: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
    for (name, regions) in found {
        if excluded_unused.remove(name.as_str()) {
            continue;
        }
        let letters = name.chars().filter(|&c| is_letter(c)).count();
        let latin = name.chars().all(|c| {
            matches!(c as u32, 0..=0x24F | 0x300..=0x36F | 0x1E00..=0x1EFF) || !is_letter(c)
        });
        if latin && letters < MIN_LATIN_LETTERS {
            continue;
        }
        names.insert(name, regions);
    }
    // An exclusion the languages or the population bar already leave out stays listed: it
    // applies again if either changes.
    let _ = excluded_unused;
    for (name, code) in EXTRAS {
        if name.chars().map(fold_name).collect::<String>() != *name {
            return Err(format!("extra {name:?} is not folded"));
        }
        let region = index_of(code).ok_or_else(|| format!("extra {name:?}: no region {code}"))?;
        names.entry(name.to_string()).or_default().insert(region);
    }
    let mut single: BTreeMap<String, usize> = BTreeMap::new();
    for (text, regions) in names {
        if regions.len() > 1 {
            if EXTRAS.iter().any(|(name, _)| *name == text) {
                return Err(format!("extra {text:?} is a name of several regions"));
            }
            continue;
        }
        single.insert(text, *regions.first().expect("a name has a region"));
    }
    let mut out = Vec::new();
    for (text, &region) in &single {
        if found_as_shorter(text, region, &single) {
            continue;
        }
        let region = u8::try_from(region).map_err(|_| "more than 256 regions".to_string())?;
        out.push(Name {
            text: text.clone(),
            region,
        });
    }
    out.sort_by(|a, b| a.text.as_bytes().cmp(b.text.as_bytes()));
    Ok(out)
}

/// Whether `name` is found all the same without it: it starts with a shorter name of its
/// region that ends at a word's end (`bosnia and herzegovina`: `bosnia`), and the rest holds no
/// name at a word's start (unlike `hong kong sar china`).
fn found_as_shorter(name: &str, region: usize, names: &BTreeMap<String, usize>) -> bool {
    let boundaries: Vec<usize> = name
        .char_indices()
        .filter(|&(i, c)| i > 0 && !is_letter(c))
        .map(|(i, _)| i)
        .collect();
    let Some(&cut) = boundaries
        .iter()
        .find(|&&i| names.get(&name[..i]) == Some(&region))
    else {
        return false;
    };
    // Every word start after the shorter name, and every word end after it.
    let starts = name
        .char_indices()
        .skip_while(|&(i, _)| i < cut)
        .filter(|&(i, c)| is_letter(c) && !name[..i].ends_with(is_letter))
        .map(|(i, _)| i);
    let ends: Vec<usize> = boundaries.iter().copied().chain([name.len()]).collect();
    !starts.into_iter().any(|start| {
        ends.iter()
            .any(|&end| end > start && names.contains_key(&name[start..end]))
    })
}

/// The population of each territory, from `cldr-core` (installed beside the names).
fn populations(package: &Path) -> Result<HashMap<String, u64>, String> {
    let path = package.join("../cldr-core/supplemental/territoryInfo.json");
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let json: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let info = json["supplemental"]["territoryInfo"]
        .as_object()
        .ok_or_else(|| format!("{}: no territoryInfo", path.display()))?;
    Ok(info
        .iter()
        .filter_map(|(code, v)| Some((code.clone(), v["_population"].as_str()?.parse().ok()?)))
        .collect())
}

/// The folded forms of one CLDR name in `lang`.
fn forms(lang: &str, name: &str) -> Vec<String> {
    // `Myanmar (Burma)`, `Congo (DRC)`, `Hong Kong (SAR China)`: the part before.
    let mut base = String::new();
    let mut depth = 0;
    for c in name.chars() {
        match c {
            '(' | '（' => depth += 1,
            ')' | '）' => depth -= 1,
            c if depth == 0 => base.push(c),
            _ => {}
        }
    }
    let mut forms = vec![base.clone()];
    if lang == "en" {
        let and = base.replace(" & ", " and ");
        for form in [
            and.clone(),
            and.replace("St. ", "Saint "),
            base.replace("St. ", "Saint "),
        ] {
            if !forms.contains(&form) {
                forms.push(form);
            }
        }
    }
    forms
        .into_iter()
        .map(|form| {
            let folded: String = form.chars().map(fold_name).collect();
            folded
                .split(' ')
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .filter(|form| !form.is_empty())
        .collect()
}

/// The class of script a name's first letter is of: the names are cut into runs of one class.
fn script(c: char) -> u32 {
    match c as u32 {
        0..=0x24F => 0,
        0x370..=0x3FF => 1,
        0x400..=0x52F => 2,
        0x590..=0x5FF => 3,
        0x600..=0x6FF => 4,
        0x900..=0x97F => 5,
        0xE00..=0xE7F => 6,
        0x3040..=0x30FF => 7,
        0x3400..=0x9FFF => 8,
        0xAC00..=0xD7AF => 9,
        other => 0x100 + other / 0x80,
    }
}

/// The first-two-letters filter's bit for a name starting with `a`, `b` (folded); the same
/// function as `pair_bit` in `src/detect/context.rs` (a test there checks every name's bit).
fn pair_bit(a: char, b: char) -> usize {
    let h = (a as u32).wrapping_mul(0x9E37_79B1) ^ (b as u32).wrapping_mul(0x85EB_CA77);
    (h >> (32 - PAIR_BITS)) as usize
}

/// Bits of the first-word filter (a Bloom filter, two bits a word).
const WORD_BITS: u32 = 14;

/// The first-word filter's two bits for `word` (folded); the same function as `word_bits` in
/// `src/detect/context.rs`.
fn word_bits(word: &[u8]) -> [usize; 2] {
    let mut h: u32 = 0x811C_9DC5;
    for &b in word {
        h = (h ^ u32::from(b)).wrapping_mul(0x0100_0193);
    }
    let mask = (1 << WORD_BITS) - 1;
    [(h >> (32 - WORD_BITS)) as usize, (h & mask) as usize]
}

/// Whether `c` is of a script written without spaces between words (kanji and hanzi, kana,
/// Thai, Lao), where a name's first word is not known from the text: as `ends_name` in
/// `src/detect/context.rs` tells.
fn unspaced(c: char) -> bool {
    matches!(c as u32, 0x0E00..=0x0EFF | 0x3040..=0x30FF | 0x3400..=0x9FFF | 0xF900..=0xFAFF)
}

/// `26 * a + b` when `name` starts with the ASCII letters `a`, `b`.
fn ascii_pair(name: &[u8]) -> Option<usize> {
    match name {
        [a @ b'a'..=b'z', b @ b'a'..=b'z', ..] => {
            Some(26 * usize::from(a - b'a') + usize::from(b - b'a'))
        }
        _ => None,
    }
}

/// The encoded table.
struct Table {
    /// Per run: its first block and its first token.
    runs: Vec<(usize, usize)>,
    /// Every run's tokens, in order.
    tokens: Vec<String>,
    /// Block start offsets into `bytes`, and its end.
    blocks: Vec<usize>,
    bytes: Vec<u8>,
    pairs: Vec<u64>,
    /// The first words of the names of scripts written with spaces, as a Bloom filter.
    words: Vec<u64>,
    /// Bit `26 * a + b`: a name starts with the ASCII letters `a`, `b` (0-25).
    ascii_pairs: Vec<u64>,
    /// For each pair of ASCII letters `26 * a + b` (and 676, past `zz`), the block of the
    /// first name at or after it.
    ascii_blocks: Vec<usize>,
    /// The block of each name.
    name_blocks: Vec<usize>,
    max_name_bytes: usize,
    /// The characters other than letters that names hold.
    name_chars: String,
}

fn encode(names: &[Name]) -> Result<Table, String> {
    let mut table = Table {
        runs: Vec::new(),
        tokens: Vec::new(),
        blocks: Vec::new(),
        bytes: Vec::new(),
        pairs: vec![0; 1 << (PAIR_BITS - 6)],
        words: vec![0; 1 << (WORD_BITS - 6)],
        ascii_pairs: vec![0; 11],
        ascii_blocks: Vec::new(),
        name_blocks: Vec::new(),
        max_name_bytes: names.iter().map(|n| n.text.len()).max().unwrap_or(0),
        name_chars: String::new(),
    };
    let mut others: BTreeSet<char> = BTreeSet::new();
    for name in names {
        let mut chars = name.text.chars();
        let (a, b) = (chars.next().unwrap_or(' '), chars.next().unwrap_or(' '));
        match ascii_pair(name.text.as_bytes()) {
            Some(pair) => table.ascii_pairs[pair / 64] |= 1 << (pair % 64),
            None if unspaced(a) => {
                let bit = pair_bit(a, b);
                table.pairs[bit / 64] |= 1 << (bit % 64);
            }
            None => {}
        }
        if !unspaced(a) {
            let word: String = name.text.chars().take_while(|&c| is_letter(c)).collect();
            for bit in word_bits(word.as_bytes()) {
                table.words[bit / 64] |= 1 << (bit % 64);
            }
        }
        others.extend(name.text.chars().filter(|&c| !is_letter(c)));
    }
    table.name_chars = others.into_iter().collect();

    let mut start = 0;
    while start < names.len() {
        let class = script(names[start].text.chars().next().unwrap_or(' '));
        let end = start
            + names[start..]
                .iter()
                .take_while(|n| script(n.text.chars().next().unwrap_or(' ')) == class)
                .count();
        encode_run(&names[start..end], &mut table)?;
        start = end;
    }
    table.blocks.push(table.bytes.len());
    for pair in 0..=26 * 26 {
        let from = [b'a' + (pair / 26) as u8, b'a' + (pair % 26) as u8];
        let first = names.partition_point(|n| n.text.as_bytes() < &from[..]);
        let block = table.name_blocks.get(first).copied();
        table
            .ascii_blocks
            .push(block.unwrap_or(table.blocks.len() - 1));
    }
    if table.ascii_blocks.iter().any(|&b| b > 255) {
        return Err("the ASCII names outgrew 256 blocks".into());
    }
    if table.bytes.len() > usize::from(u16::MAX) || table.tokens.len() > usize::from(u16::MAX) {
        return Err("the table outgrew u16 offsets".into());
    }
    Ok(table)
}

/// Encodes one run of names of one script into blocks.
fn encode_run(names: &[Name], table: &mut Table) -> Result<(), String> {
    // Front coding: each name but a block's first keeps what it shares with the one before.
    let mut suffixes: Vec<(usize, Vec<String>)> = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let shared = if i % BLOCK_LEN == 0 {
            0
        } else {
            let previous = &names[i - 1].text;
            let mut shared = 0;
            for ((at, a), b) in name.text.char_indices().zip(previous.chars()) {
                if a != b || at + a.len_utf8() > 15 {
                    break;
                }
                shared = at + a.len_utf8();
            }
            shared
        };
        let rest = name.text[shared..].chars().map(String::from).collect();
        suffixes.push((shared, rest));
    }
    // The run's letters, the most frequent first; escapes for the rest when they do not fit.
    let mut counts: HashMap<String, usize> = HashMap::new();
    for (_, rest) in &suffixes {
        for c in rest {
            *counts.entry(c.clone()).or_default() += 1;
        }
    }
    let mut letters: Vec<(String, usize)> = counts.into_iter().collect();
    letters.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    // (A letter of a CJK run seen once or twice costs less escaped than as a token.)
    let fits = letters.len() <= MAX_TOKENS;
    let mut vocabulary: Vec<String> = letters
        .iter()
        .filter(|(_, n)| fits || *n >= 3)
        .take(MAX_TOKENS)
        .map(|(c, _)| c.clone())
        .collect();
    let mut known: HashSet<String> = vocabulary.iter().cloned().collect();
    // Byte-pair encoding: merge the most frequent pair while a merge saves more than its token
    // costs (its bytes and its end offset).
    let mut sequences: Vec<Vec<String>> = suffixes.iter().map(|(_, rest)| rest.clone()).collect();
    while vocabulary.len() < MAX_TOKENS {
        let mut pairs: HashMap<(String, String), usize> = HashMap::new();
        for sequence in &sequences {
            for w in sequence.windows(2) {
                if known.contains(&w[0]) && known.contains(&w[1]) {
                    *pairs.entry((w[0].clone(), w[1].clone())).or_default() += 1;
                }
            }
        }
        let best = pairs
            .into_iter()
            .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)));
        let Some(((a, b), count)) = best else { break };
        let merged = format!("{a}{b}");
        if count <= merged.len() + 2 {
            break;
        }
        for sequence in &mut sequences {
            let mut i = 0;
            while i + 1 < sequence.len() {
                if sequence[i] == a && sequence[i + 1] == b {
                    sequence[i] = merged.clone();
                    sequence.remove(i + 1);
                }
                i += 1;
            }
        }
        known.insert(merged.clone());
        vocabulary.push(merged);
    }
    // Tokens sorted, so that the generated file reads well; ids follow.
    vocabulary.sort();
    let ids: HashMap<&str, u8> = vocabulary
        .iter()
        .enumerate()
        .map(|(i, t)| (t.as_str(), i as u8))
        .collect();
    table.runs.push((table.blocks.len(), table.tokens.len()));
    for (i, ((shared, _), sequence)) in suffixes.iter().zip(&sequences).enumerate() {
        if i % BLOCK_LEN == 0 {
            table.blocks.push(table.bytes.len());
        }
        table.name_blocks.push(table.blocks.len() - 1);
        let mut body = Vec::new();
        for token in sequence {
            match ids.get(token.as_str()) {
                Some(&id) => body.push(id),
                None => {
                    body.push(ESCAPE);
                    body.extend_from_slice(token.as_bytes());
                }
            }
        }
        // The length of its tokens in bytes, so that a reader skips a name at once.
        let length = body.len();
        table
            .bytes
            .push(((*shared as u8) << 4) | length.min(15) as u8);
        if length >= 15 {
            table
                .bytes
                .push(u8::try_from(length).map_err(|_| format!("{:?}: too long", names[i].text))?);
        }
        table.bytes.extend_from_slice(&body);
        table.bytes.push(names[i].region);
    }
    table.tokens.extend(vocabulary);
    Ok(())
}

fn render(version: &str, names: &[Name], table: &Table) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "// @generated by `cargo xtask country-names` from the npm package {PACKAGE} {version}\n\
         // (Unicode CLDR's territory names). Do not edit: change xtask/src/country_names.rs (its\n\
         // languages, extras and exclusions) and run it again; `cargo xtask country-names --check`\n\
         // fails when this file is stale.\n\
         //\n\
         // CLDR data: Copyright © 2004-2024 Unicode, Inc., Unicode License v3 (see NOTICE and\n\
         // LICENSE-unicode).\n\
         \n\
         //! {} country names in {} languages ({}), compacted: see `xtask/src/country_names.rs`\n\
         //! for the layout and `country_at` in `context.rs` for the reading.\n\n",
        names.len(),
        LANGUAGES.len(),
        LANGUAGES.join(" "),
    );
    let regions = Region::all();
    let _ = writeln!(out, "/// The names in the table.");
    let _ = writeln!(
        out,
        "#[cfg(test)]\npub(super) const NAME_COUNT: usize = {};",
        names.len()
    );
    let _ = writeln!(out, "/// The longest name, in bytes.");
    let _ = writeln!(
        out,
        "pub(super) const MAX_NAME_BYTES: usize = {};",
        table.max_name_bytes
    );
    let _ = writeln!(
        out,
        "/// The token byte that says a character's UTF-8 follows."
    );
    let _ = writeln!(out, "pub(super) const ESCAPE: u8 = {ESCAPE};");
    let _ = writeln!(
        out,
        "/// The regions the region bytes index (`tables.rs`'s `REGIONS`), checked by a test."
    );
    let ids: String = regions.iter().map(|r| r.id).collect();
    let _ = writeln!(
        out,
        "#[cfg(test)]\npub(super) const REGION_IDS: &str = \"{ids}\";"
    );
    let _ = writeln!(
        out,
        "/// The characters other than letters that names hold."
    );
    let _ = writeln!(
        out,
        "pub(super) const NAME_CHARS: &str = {:?};",
        table.name_chars
    );
    let _ = writeln!(
        out,
        "/// Bit `pair_bit(a, b)`: a name of a script without spaces starts with `a`, `b`."
    );
    let _ = writeln!(out, "pub(super) const PAIR_BITS: u32 = {PAIR_BITS};");
    render_array(&mut out, "PAIRS", "u64", &table.pairs, |v| {
        format!("{v:#x}")
    });
    let _ = writeln!(
        out,
        "/// The first words of the names (up to a character other than a letter) of scripts\n\
         /// written with spaces: a Bloom filter, bits `word_bits(word)`."
    );
    let _ = writeln!(out, "pub(super) const WORD_BITS: u32 = {WORD_BITS};");
    render_array(&mut out, "WORDS", "u64", &table.words, |v| {
        format!("{v:#x}")
    });
    let _ = writeln!(
        out,
        "/// Bit `26 * a + b`: a name starts with the ASCII letters `a`, `b` (0-25)."
    );
    render_array(&mut out, "ASCII_PAIRS", "u64", &table.ascii_pairs, |v| {
        format!("{v:#x}")
    });
    let _ = writeln!(
        out,
        "/// Per pair of ASCII letters `26 * a + b` (then past `zz`): the block of the first name at\n\
         /// or after it."
    );
    render_array(&mut out, "ASCII_BLOCKS", "u8", &table.ascii_blocks, |v| {
        v.to_string()
    });
    let _ = writeln!(
        out,
        "/// Per run of one script: its first block and its first token; then the ends."
    );
    let mut runs: Vec<(usize, usize)> = table.runs.clone();
    runs.push((table.blocks.len() - 1, table.tokens.len()));
    render_array(&mut out, "RUNS", "(u16, u16)", &runs, |(b, t)| {
        format!("({b}, {t})")
    });
    let mut ends = Vec::new();
    let mut text = String::new();
    for token in &table.tokens {
        text.push_str(token);
        ends.push(text.len());
    }
    let _ = writeln!(out, "/// The tokens' texts, one after the other.");
    let _ = writeln!(out, "#[rustfmt::skip]");
    let _ = writeln!(out, "pub(super) static TOKENS: &str = concat!(");
    for chunk in table.tokens.chunks(16) {
        let line: String = chunk.concat();
        let _ = writeln!(out, "    {line:?},");
    }
    let _ = writeln!(out, ");");
    let _ = writeln!(out, "/// Where each token's text ends in [`TOKENS`].");
    render_array(&mut out, "TOKEN_ENDS", "u16", &ends, |v| v.to_string());
    let _ = writeln!(
        out,
        "/// Where each block starts in [`BLOCKS`], and where the last ends."
    );
    render_array(&mut out, "BLOCK_STARTS", "u16", &table.blocks, |v| {
        v.to_string()
    });
    let _ = writeln!(
        out,
        "/// The blocks: per name a header (shared bytes << 4 | its tokens' bytes, 15: a length byte\n\
         /// follows),\n\
         /// its tokens, its region's index."
    );
    let _ = writeln!(out, "#[rustfmt::skip]");
    let _ = writeln!(
        out,
        "pub(super) static BLOCKS: [u8; {}] = *b\"\\",
        table.bytes.len()
    );
    // A byte string, 48 bytes a line; a line's leading space escaped (the line break's `\`
    // would eat it).
    for chunk in table.bytes.chunks(48) {
        out.push_str("    ");
        for (i, &b) in chunk.iter().enumerate() {
            match b {
                b'"' => out.push_str("\\\""),
                b'\\' => out.push_str("\\\\"),
                b' ' if i == 0 => out.push_str("\\x20"),
                0x20..=0x7E => out.push(b as char),
                _ => {
                    let _ = write!(out, "\\x{b:02x}");
                }
            }
        }
        out.push_str("\\\n");
    }
    out.push_str("\";\n");
    out
}

fn render_array<T>(
    out: &mut String,
    name: &str,
    ty: &str,
    items: &[T],
    show: impl Fn(&T) -> String,
) {
    let _ = writeln!(out, "#[rustfmt::skip]");
    let _ = writeln!(out, "pub(super) static {name}: [{ty}; {}] = [", items.len());
    for chunk in items.chunks(12) {
        let line: Vec<String> = chunk.iter().map(&show).collect();
        let _ = writeln!(out, "    {},", line.join(", "));
    }
    let _ = writeln!(out, "];");
}
