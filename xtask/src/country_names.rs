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
//! The table ships in the finder's wasm as plain text: the names sorted by their UTF-8 bytes,
//! each ended by a line feed, and beside them each name's region (an index into `tables.rs`'s
//! `REGIONS`). Brotli packs that better than the front coding and byte-pair encoding this
//! generator used to do (12.7 kB for both against 15.3 kB, ARCHITECTURE.md, "Decisions"); the
//! finder indexes it on first use and keeps the filters it asks before it looks a word up
//! (`NameIndex` in `src/detect/context.rs`).
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
use std::collections::{BTreeMap, BTreeSet, HashMap};
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
    let bytes: usize = names.iter().map(|n| n.text.len() + 1).sum();
    if bytes > usize::from(u16::MAX) {
        return Err(format!(
            "the names outgrew the finder's u16 offsets ({bytes} bytes)"
        ));
    }
    let summary = format!(
        "{} names ({bytes} bytes as UTF-8, a line feed each) from {PACKAGE} {version}",
        names.len(),
    );
    Ok((render(&version, &names), summary))
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

fn render(version: &str, names: &[Name]) -> String {
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
         //! {} country names in {} languages ({}):\n\
         //! see `xtask/src/country_names.rs` for where they come from and `country_at` in\n\
         //! `context.rs` for the reading.\n\n",
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
    let max_name_bytes = names.iter().map(|n| n.text.len()).max().unwrap_or(0);
    let _ = writeln!(
        out,
        "pub(super) const MAX_NAME_BYTES: usize = {max_name_bytes};"
    );
    let _ = writeln!(
        out,
        "/// The regions [`NAME_REGIONS`] indexes (`tables.rs`'s `REGIONS`), checked by a test."
    );
    let ids: String = regions.iter().map(|r| r.id).collect();
    let _ = writeln!(
        out,
        "#[cfg(test)]\npub(super) const REGION_IDS: &str = \"{ids}\";"
    );
    let name_chars: BTreeSet<char> = names
        .iter()
        .flat_map(|n| n.text.chars())
        .filter(|&c| !is_letter(c))
        .collect();
    let _ = writeln!(
        out,
        "/// The characters other than letters that names hold."
    );
    let _ = writeln!(
        out,
        "pub(super) const NAME_CHARS: &str = {:?};",
        name_chars.into_iter().collect::<String>()
    );
    let _ = writeln!(
        out,
        "/// The names, sorted by their UTF-8 bytes, each ended by a line feed."
    );
    let _ = writeln!(out, "#[rustfmt::skip]");
    let _ = writeln!(out, "const NAME_TEXT: &str = concat!(");
    for chunk in names.chunks(8) {
        let line: String = chunk.iter().map(|n| format!("{}\n", n.text)).collect();
        let _ = writeln!(out, "    {line:?},");
    }
    let _ = writeln!(out, ");");
    let bytes: usize = names.iter().map(|n| n.text.len() + 1).sum();
    let _ = writeln!(
        out,
        "/// [`NAME_TEXT`]'s bytes, a static of its own: `cargo xtask bench finder` finds them by\n\
         /// this name in the linker's map.\n\
         pub(super) static NAMES: [u8; {bytes}] = bytes_of(NAME_TEXT);\n\
         \n\
         /// `text`'s first `N` bytes, at compile time.\n\
         const fn bytes_of<const N: usize>(text: &str) -> [u8; N] {{\n\
         \x20   let (text, mut out, mut i) = (text.as_bytes(), [0; N], 0);\n\
         \x20   while i < N {{\n\
         \x20       out[i] = text[i];\n\
         \x20       i += 1;\n\
         \x20   }}\n\
         \x20   out\n\
         }}\n"
    );
    let _ = writeln!(
        out,
        "/// Each name's region, in the order of [`NAMES`]: an index into `tables.rs`'s `REGIONS`."
    );
    let _ = writeln!(out, "#[rustfmt::skip]");
    let _ = writeln!(
        out,
        "pub(super) static NAME_REGIONS: [u8; {}] = [",
        names.len()
    );
    for chunk in names.chunks(24) {
        let line: Vec<String> = chunk.iter().map(|n| n.region.to_string()).collect();
        let _ = writeln!(out, "    {},", line.join(", "));
    }
    let _ = writeln!(out, "];");
    out
}
