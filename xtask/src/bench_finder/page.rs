//! The benchmark page: CRM rows, e-mail signatures and prose in several languages, with the
//! look-alikes a finder must leave alone (dates, times, IPs, versions, amounts, IDs, IBANs,
//! card numbers, ISBNs, coordinates, postcodes, measurements), and the truth: where each phone
//! number is and what it is. Deterministic for a seed.
//!
//! The numbers are libphonenumber's example numbers with their last digits drawn at random,
//! kept only when the number type's pattern (run by the `regex` crate, not by the finder's
//! automata) still matches, and written with the region's own formats, national or
//! international, with the separators, `(0)`, extensions and direct-dial suffixes people use.

use regex::Regex;
use std::collections::HashMap;

/// The page's default region: a German team's CRM.
pub const HOME: &str = "DE";

/// The regions whose numbers appear, with weights.
const REGIONS: &[(&str, u32)] = &[
    ("DE", 30),
    ("AT", 6),
    ("CH", 6),
    ("FR", 8),
    ("GB", 8),
    ("US", 8),
    ("IT", 5),
    ("ES", 5),
    ("NL", 5),
    ("PL", 3),
    ("BE", 3),
    ("SE", 2),
    ("DK", 2),
    ("IE", 2),
    ("PT", 2),
    ("CZ", 2),
    ("JP", 1),
    ("AU", 1),
    ("BR", 1),
    ("MX", 1),
];

/// How a number in the truth was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    International,
    HomeNational,
    ForeignNational,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::International => "international",
            Kind::HomeNational => "national, home (DE)",
            Kind::ForeignNational => "national, foreign",
        }
    }
}

/// One phone number of the page.
#[derive(Debug, Clone)]
pub struct Truth {
    pub start: usize,
    pub end: usize,
    pub e164: String,
    pub kind: Kind,
}

pub struct Page {
    pub text: String,
    pub truth: Vec<Truth>,
}

/// SplitMix64: small, fast, and the same everywhere.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn digits(&mut self, n: usize) -> String {
        (0..n)
            .map(|_| char::from(b'0' + self.below(10) as u8))
            .collect()
    }
}

/// A region's number types and formats, compiled for the generator.
struct RegionData {
    code: u16,
    national_prefix: String,
    types: Vec<(String, Regex)>,
    formats: Vec<Format>,
}

struct Format {
    pattern: Regex,
    leading: Option<Regex>,
    national: String,
    international: Option<String>,
}

/// Reads the regions of [`REGIONS`] from `PhoneNumberMetadata.xml`.
fn load(xml: &str) -> Result<HashMap<&'static str, RegionData>, String> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    let doc = roxmltree::Document::parse_with_options(xml, options).map_err(|e| e.to_string())?;
    let compact = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let regex = |s: &str| Regex::new(&format!("^(?:{s})$")).map_err(|e| e.to_string());
    let mut out = HashMap::new();
    for territory in doc.descendants().filter(|n| n.has_tag_name("territory")) {
        let Some(&(id, _)) = REGIONS
            .iter()
            .find(|(id, _)| territory.attribute("id") == Some(id))
        else {
            continue;
        };
        let np = territory
            .attribute("nationalPrefix")
            .unwrap_or_default()
            .to_string();
        let territory_rule = territory.attribute("nationalPrefixFormattingRule");
        let mut types = Vec::new();
        for kind in ["fixedLine", "mobile", "tollFree"] {
            let Some(node) = territory.children().find(|c| c.has_tag_name(kind)) else {
                continue;
            };
            let text = |name: &str| {
                node.children()
                    .find(|c| c.has_tag_name(name))
                    .and_then(|c| c.text())
                    .map(compact)
            };
            if let (Some(example), Some(pattern)) =
                (text("exampleNumber"), text("nationalNumberPattern"))
            {
                types.push((example, regex(&pattern)?));
            }
        }
        let mut formats = Vec::new();
        if let Some(available) = territory
            .children()
            .find(|c| c.has_tag_name("availableFormats"))
        {
            for f in available
                .children()
                .filter(|c| c.has_tag_name("numberFormat"))
            {
                let child = |name: &str| {
                    f.children()
                        .filter(|c| c.has_tag_name(name))
                        .filter_map(|c| c.text())
                        .next_back()
                        .map(compact)
                };
                // The format keeps its spaces (they are the groups' separators).
                let format = f
                    .children()
                    .find(|c| c.has_tag_name("format"))
                    .and_then(|c| c.text())
                    .map(str::trim)
                    .unwrap_or_default()
                    .to_string();
                let rule = f
                    .attribute("nationalPrefixFormattingRule")
                    .or(territory_rule)
                    .unwrap_or_default()
                    .replace("$NP", &np)
                    .replace("$FG", "${1}");
                let national = if rule.is_empty() {
                    format.clone()
                } else {
                    format.replacen("$1", &rule, 1)
                };
                formats.push(Format {
                    pattern: regex(&compact(f.attribute("pattern").unwrap_or_default()))?,
                    leading: match child("leadingDigits") {
                        Some(ld) => {
                            Some(Regex::new(&format!("^(?:{ld})")).map_err(|e| e.to_string())?)
                        }
                        None => None,
                    },
                    national: fix_groups(&national),
                    international: child("intlFormat")
                        .filter(|f| f != "NA")
                        .or(Some(format))
                        .map(|f| fix_groups(&f)),
                });
            }
        }
        out.insert(
            id,
            RegionData {
                code: territory
                    .attribute("countryCode")
                    .and_then(|c| c.parse().ok())
                    .unwrap_or(0),
                national_prefix: np,
                types,
                formats,
            },
        );
    }
    Ok(out)
}

/// `$1 $2` as the `regex` crate wants it (`${1} ${2}`, so that `$1$2` keeps two groups).
fn fix_groups(format: &str) -> String {
    let mut out = String::new();
    let mut chars = format.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '$' && chars.peek().is_some_and(char::is_ascii_digit) {
            out.push_str("${");
            out.push(chars.next().unwrap_or('1'));
            out.push('}');
        } else {
            out.push(c);
        }
    }
    out
}

/// A number of a region: its national digits and its two written forms.
struct Number {
    e164: String,
    national: String,
    international: String,
}

impl RegionData {
    /// A valid number of a random type: the example with its last 3 digits redrawn.
    fn number(&self, rng: &mut Rng) -> Option<Number> {
        let (example, pattern) = rng.pick(&self.types);
        let mut digits = example.clone();
        for _ in 0..20 {
            let keep = example.len().saturating_sub(3);
            let candidate = format!("{}{}", &example[..keep], rng.digits(example.len() - keep));
            if pattern.is_match(&candidate) {
                digits = candidate;
                break;
            }
        }
        let format = self.formats.iter().find(|f| {
            f.leading.as_ref().is_none_or(|l| l.is_match(&digits)) && f.pattern.is_match(&digits)
        });
        let (national, international) = match format {
            Some(f) => (
                f.pattern.replace(&digits, f.national.as_str()).into_owned(),
                f.pattern
                    .replace(&digits, f.international.as_deref().unwrap_or("${1}"))
                    .into_owned(),
            ),
            None => (format!("{}{digits}", self.national_prefix), digits.clone()),
        };
        Some(Number {
            e164: format!("+{}{digits}", self.code),
            national,
            international: format!("+{} {international}", self.code),
        })
    }
}

/// Builds the page text and its truth.
struct Writer {
    text: String,
    truth: Vec<Truth>,
}

impl Writer {
    fn push(&mut self, s: &str) {
        self.text.push_str(s);
    }

    fn number(&mut self, written: &str, e164: &str, kind: Kind) {
        let start = self.text.len();
        self.text.push_str(written);
        self.truth.push(Truth {
            start,
            end: self.text.len(),
            e164: e164.to_string(),
            kind,
        });
    }
}

/// The generator: regions' data and the random source.
pub struct Generator {
    regions: HashMap<&'static str, RegionData>,
    rng: Rng,
}

/// Country names as a CRM row or an address writes them.
fn country_name(region: &str, rng: &mut Rng) -> &'static str {
    let names: &[&str] = match region {
        "DE" => &["Germany", "Deutschland"],
        "AT" => &["Austria", "Österreich"],
        "CH" => &["Switzerland", "Schweiz", "Suisse"],
        "FR" => &["France", "Frankreich"],
        "GB" => &["United Kingdom", "UK", "England"],
        "US" => &["USA", "United States"],
        "IT" => &["Italy", "Italia", "Italien"],
        "ES" => &["Spain", "España", "Spanien"],
        "NL" => &["Netherlands", "Nederland", "Niederlande"],
        "PL" => &["Poland", "Polska", "Polen"],
        "BE" => &["Belgium", "Belgique", "Belgien"],
        "SE" => &["Sweden", "Sverige", "Schweden"],
        "DK" => &["Denmark", "Danmark", "Dänemark"],
        "IE" => &["Ireland", "Irland"],
        "PT" => &["Portugal"],
        "CZ" => &["Czech Republic", "Tschechien"],
        "JP" => &["Japan"],
        "AU" => &["Australia", "Australien"],
        "BR" => &["Brazil", "Brasil"],
        _ => &["Mexico", "México"],
    };
    rng.pick::<&str>(names)
}

const FIRST: &[&str] = &[
    "Anna", "Jonas", "Émilie", "Oliver", "Yuki", "Lucía", "Marco", "Sophie", "Lars", "Zofia",
    "Liam", "Chloé", "Mateo", "Ingrid", "Hannah", "Pieter", "Aoife", "João", "Tereza", "Noah",
];
const LAST: &[&str] = &[
    "Schmidt",
    "Müller",
    "Durand",
    "Brown",
    "Tanaka",
    "García",
    "Rossi",
    "Janssen",
    "Nowak",
    "Andersson",
    "O'Brien",
    "Silva",
    "Novák",
    "Weber",
    "Dubois",
    "Smith",
    "Fischer",
    "Jensen",
    "Moreau",
    "Kowalski",
];
const COMPANIES: &[&str] = &[
    "Schmidt & Söhne GmbH",
    "Durand SARL",
    "Brown & Co Ltd",
    "Tanaka Trading KK",
    "Rossi S.p.A.",
    "Janssen B.V.",
    "Nowak Sp. z o.o.",
    "Acme Inc.",
    "Nordic AB",
    "Silva Lda.",
    "Weber AG",
    "Moreau SAS",
    "Kowalski S.A.",
    "Fischer KG",
    "Jensen ApS",
];

impl Generator {
    pub fn new(xml: &str, seed: u64) -> Result<Generator, String> {
        Ok(Generator {
            regions: load(xml)?,
            rng: Rng::new(seed),
        })
    }

    fn region(&mut self) -> &'static str {
        let total: u32 = REGIONS.iter().map(|r| r.1).sum();
        let mut pick = self.rng.below(total as usize) as u32;
        for &(id, weight) in REGIONS {
            if pick < weight {
                return id;
            }
            pick -= weight;
        }
        HOME
    }

    /// A number of `region`, written nationally or internationally, with the variations people
    /// use; returns the text and the truth's E.164 and kind.
    fn written(&mut self, region: &'static str, national: bool) -> Option<(String, String, Kind)> {
        let data = self.regions.get(region)?;
        let number = data.number(&mut self.rng)?;
        let rng = &mut self.rng;
        let kind = match (national, region == HOME) {
            (false, _) => Kind::International,
            (true, true) => Kind::HomeNational,
            (true, false) => Kind::ForeignNational,
        };
        let mut text = if national {
            number.national
        } else {
            number.international
        };
        if !national && matches!(region, "DE" | "AT" | "CH" | "GB") && rng.chance(15) {
            // +49 (0)30 1234567
            if let Some(space) = text.find(' ') {
                text.insert_str(space + 1, "(0)");
            }
        }
        let variation = rng.below(100);
        let sep_start = if national {
            0
        } else {
            text.find(' ').map_or(0, |s| s + 1)
        };
        let (head, tail) = text.split_at(sep_start);
        let tail = match variation {
            0..=9 => tail.replace(' ', "-"),
            10..=13 => tail.replace(' ', "."),
            14..=18 => tail.replace(' ', "\u{A0}"),
            19..=22 => tail.replace(' ', ""),
            23..=26 if region == "DE" && national => tail.replacen(' ', "/", 1),
            27..=28 => tail.replace(' ', "\u{2009}"),
            _ => tail.to_string(),
        };
        let mut text = format!("{head}{tail}");
        if rng.chance(4) {
            let ext_len = 1 + rng.below(3);
            let ext = rng.digits(ext_len);
            let word = *rng.pick(&[" x", " ext.", " ext", " x ", " Durchwahl "]);
            text.push_str(word);
            if !word.ends_with(' ') && word != " x" {
                text.push(' ');
            }
            text.push_str(&ext);
        }
        Some((text, number.e164, kind))
    }

    /// Generates a page of at least `bytes` bytes.
    pub fn page(&mut self, bytes: usize) -> Page {
        let mut w = Writer {
            text: String::with_capacity(bytes + 4096),
            truth: Vec::new(),
        };
        while w.text.len() < bytes {
            match self.rng.below(10) {
                0..=3 => self.crm_rows(&mut w),
                4..=5 => self.signature(&mut w),
                6..=8 => self.prose(&mut w),
                _ => self.log_lines(&mut w),
            }
            w.push("\n");
        }
        Page {
            text: w.text,
            truth: w.truth,
        }
    }

    fn name(&mut self) -> String {
        format!("{} {}", self.rng.pick(FIRST), self.rng.pick(LAST))
    }

    fn crm_rows(&mut self, w: &mut Writer) {
        w.push("Name | Company | Location | Phone | Mobile | Last contact | Open items\n");
        for _ in 0..5 + self.rng.below(15) {
            let region = self.region();
            let foreign_national = region != HOME && self.rng.chance(45);
            let national = region == HOME && self.rng.chance(80) || foreign_national;
            let name = self.name();
            let company = *self.rng.pick(COMPANIES);
            let country = country_name(region, &mut self.rng);
            let city = self.city();
            w.push(&format!("{name} | {company} | {city}, {country} | "));
            if let Some((text, e164, kind)) = self.written(region, national) {
                w.number(&text, &e164, kind);
            }
            w.push(" | ");
            if self.rng.chance(60) {
                let national = national && self.rng.chance(70);
                if let Some((text, e164, kind)) = self.written(region, national) {
                    w.number(&text, &e164, kind);
                }
            } else {
                w.push("—");
            }
            let date = self.date();
            let items = self.distractor();
            w.push(&format!(" | {date} | {items}\n"));
        }
    }

    fn signature(&mut self, w: &mut Writer) {
        let region = self.region();
        let national =
            region == HOME && self.rng.chance(70) || region != HOME && self.rng.chance(35);
        let name = self.name();
        let company = *self.rng.pick(COMPANIES);
        let greeting = *self.rng.pick(&[
            "Best regards,",
            "Mit freundlichen Grüßen",
            "Cordialement,",
            "Saludos,",
            "Met vriendelijke groet,",
        ]);
        let title = *self.rng.pick(&[
            "Head of Purchasing",
            "Sales Manager",
            "Key Account Manager",
            "Geschäftsführer",
            "Responsable commercial",
        ]);
        w.push(&format!("{greeting}\n{name}\n{title}\n{company}\n"));
        let country = country_name(region, &mut self.rng);
        let postcode = self.rng.digits(5);
        let street = 1 + self.rng.below(120);
        let city = self.city();
        w.push(&format!(
            "Hauptstraße {street}, {postcode} {city}, {country}\n"
        ));
        let labels: &[&str] = match region {
            "FR" | "BE" | "CH" => &["Tél. : ", "Tél ", "T "],
            "ES" | "MX" => &["Tel.: ", "Teléfono: ", "Tfno. "],
            "DE" | "AT" => &["Tel. ", "Telefon: ", "T: "],
            _ => &["Tel: ", "Phone: ", "T "],
        };
        let label = *self.rng.pick(labels);
        if let Some((text, e164, kind)) = self.written(region, national) {
            w.push(label);
            w.number(&text, &e164, kind);
        }
        if self.rng.chance(50) {
            let label = *self.rng.pick(&[" · Fax ", " | Fax: ", "\nFax "]);
            if let Some((text, e164, kind)) = self.written(region, national) {
                w.push(label);
                w.number(&text, &e164, kind);
            }
        }
        if self.rng.chance(60) {
            let label = *self.rng.pick(&[
                "\nMobil: ",
                "\nMobile ",
                "\nHandy ",
                "\nMob. ",
                "\nPortable : ",
            ]);
            let mobile_national = national && self.rng.chance(60);
            if let Some((text, e164, kind)) = self.written(region, mobile_national) {
                w.push(label);
                w.number(&text, &e164, kind);
            }
        }
        let vat = self.rng.digits(9);
        let iban = *self.rng.pick(&[
            "DE89 3704 0044 0532 0130 00",
            "GB29 NWBK 6016 1331 9268 19",
            "FR14 2004 1010 0505 0001 3M02 606",
            "AT61 1904 3002 3457 3201",
        ]);
        w.push(&format!(
            "\nwww.example.com · USt-IdNr. DE{vat} · IBAN {iban}\n"
        ));
    }

    fn prose(&mut self, w: &mut Writer) {
        for _ in 0..2 + self.rng.below(4) {
            let language = self.rng.below(6);
            let (before, between, after): (&[&str], &[&str], &[&str]) = match language {
                0 => (
                    &[
                        "Please call our support team at ",
                        "You can reach me on ",
                        "For questions call ",
                    ],
                    &[" or ", ", alternatively "],
                    &[" between 9:00 and 17:00.", " (Mon–Fri).", ". Thanks!"],
                ),
                1 => (
                    &[
                        "Rufen Sie uns unter ",
                        "Sie erreichen mich unter ",
                        "Bei Fragen: ",
                    ],
                    &[" oder ", " bzw. "],
                    &[" an, Mo–Fr 8–18 Uhr.", " zu erreichen.", "."],
                ),
                2 => (
                    &[
                        "Appelez-nous au ",
                        "Vous pouvez me joindre au ",
                        "Service client : ",
                    ],
                    &[" ou ", ", sinon "],
                    &[" du lundi au vendredi.", ".", " (appel gratuit)."],
                ),
                3 => (
                    &[
                        "Llámenos al ",
                        "Puede contactarme en el ",
                        "Atención al cliente: ",
                    ],
                    &[" o ", ", también "],
                    &[" de 9 a 18 h.", ".", " (gratuito)."],
                ),
                4 => (
                    &["Chiamateci al ", "Potete contattarmi al ", "Assistenza: "],
                    &[" oppure ", " o "],
                    &[" dalle 9 alle 18.", ".", " grazie."],
                ),
                _ => (
                    &["Bel ons op ", "U kunt mij bereiken op ", "Klantenservice: "],
                    &[" of ", " en "],
                    &[" (ma–vr).", ".", " bedankt."],
                ),
            };
            let sentence_distractors = 1 + self.rng.below(3);
            for _ in 0..sentence_distractors {
                let d = self.distractor();
                let filler = *self.rng.pick(&[
                    "As agreed on {d}, ",
                    "Laut Angebot {d} ",
                    "Réf. {d} — ",
                    "Según {d}, ",
                    "Come da {d}, ",
                    "Volgens {d} ",
                ]);
                w.push(&filler.replace("{d}", &d));
            }
            let region = if self.rng.chance(70) {
                HOME
            } else {
                self.region()
            };
            let national =
                region == HOME && self.rng.chance(60) || region != HOME && self.rng.chance(30);
            let mut opening = self.rng.pick(before).to_string();
            if national && region != HOME {
                opening = format!("({}) {opening}", country_name(region, &mut self.rng));
            }
            w.push(&opening);
            if let Some((text, e164, kind)) = self.written(region, national) {
                w.number(&text, &e164, kind);
            }
            if self.rng.chance(30) {
                let word = *self.rng.pick(between);
                w.push(word);
                if let Some((text, e164, kind)) = self.written(region, national) {
                    w.number(&text, &e164, kind);
                }
            }
            let word = *self.rng.pick(after);
            w.push(word);
            let d = self.distractor();
            w.push(&format!(" {d}. "));
        }
        w.push("\n");
    }

    fn log_lines(&mut self, w: &mut Writer) {
        for _ in 0..3 + self.rng.below(6) {
            let a = self.distractor();
            let b = self.distractor();
            let date = self.date();
            let hh = self.rng.below(24);
            let mm = self.rng.below(60);
            let ss = self.rng.below(60);
            w.push(&format!("{date} {hh:02}:{mm:02}:{ss:02} INFO {a} — {b}\n"));
        }
    }

    fn city(&mut self) -> &'static str {
        self.rng.pick::<&str>(&[
            "Berlin",
            "Wien",
            "Zürich",
            "Paris",
            "London",
            "Seattle",
            "Milano",
            "Madrid",
            "Amsterdam",
            "Kraków",
            "Bruxelles",
            "Stockholm",
            "København",
            "Dublin",
            "Lisboa",
            "Praha",
            "Tokyo",
            "Sydney",
            "São Paulo",
            "Ciudad de México",
        ])
    }

    fn date(&mut self) -> String {
        let (y, m, d) = (
            2019 + self.rng.below(8),
            1 + self.rng.below(12),
            1 + self.rng.below(28),
        );
        match self.rng.below(8) {
            0 => format!("{y}-{m:02}-{d:02}"),
            1 => format!("{d:02}.{m:02}.{y}"),
            2 => format!("{m:02}/{d:02}/{y}"),
            3 => format!("{d}/{m}/{y}"),
            4 => format!("{d:02}.{m:02}.{}", y % 100),
            5 => format!("{d}.–{}.{m:02}.{y}", d + 2),
            6 => format!("{y}/{m:02}/{d:02}"),
            _ => format!("{d:02}-{m:02}-{y}"),
        }
    }

    /// Something with digits that is not a phone number.
    fn distractor(&mut self) -> String {
        let r = &mut self.rng;
        match r.below(34) {
            0 => format!("INV-{}-{}", 2019 + r.below(7), r.digits(6)),
            1 => {
                let n = 4 + r.below(3);
                format!("#{}", r.digits(n))
            }
            2 => format!("PO {}", r.digits(9)),
            3 => format!(
                "Order {}-{}-{}",
                2019 + r.below(7),
                r.digits(3),
                r.digits(3)
            ),
            4 => format!("Ticket #{}", r.digits(5)),
            5 => format!("Kundennummer {}", r.digits(10)),
            6 => format!("Rechnung Nr. {}/{}", 2019 + r.below(7), r.digits(5)),
            7 => format!("Tracking 1Z{}AA{}", r.digits(3), r.digits(11)),
            8 => format!("Sendungsnummer {}", r.digits(20)),
            9 => format!("€ {}.{},{:02}", 1 + r.below(99), r.digits(3), r.below(100)),
            10 => format!("{}.{},00 €", 1 + r.below(99), r.digits(3)),
            11 => format!("${},{}.{:02}", 1 + r.below(99), r.digits(3), r.below(100)),
            12 => format!(
                "USD {} {}.{:02}",
                1 + r.below(99),
                r.digits(3),
                r.below(100)
            ),
            13 => format!("{},{} %", r.below(100), r.below(10)),
            14 => format!(
                "{}.{}.{}.{}",
                10 + r.below(200),
                r.below(256),
                r.below(256),
                1 + r.below(254)
            ),
            15 => format!(
                "fe80::{:x}:{:x}:{}",
                r.below(65536),
                r.below(65536),
                r.digits(4)
            ),
            16 => format!("v{}.{}.{}", r.below(5), r.below(20), r.below(100)),
            17 => format!("Version {}.{}.{}", 10 + r.below(5), r.below(3), r.digits(5)),
            18 => format!(
                "{}{} {}",
                r.pick(&["D-", "", "CH-"]),
                r.digits(5),
                r.pick(&["Berlin", "München", "Hamburg", "Zürich"])
            ),
            19 => format!("{} Paris", 75000 + r.below(20)),
            20 => format!(
                "IBAN DE{} {} {} {} {} {}",
                r.digits(2),
                r.digits(4),
                r.digits(4),
                r.digits(4),
                r.digits(4),
                r.digits(2)
            ),
            21 => "4111 1111 1111 1111".to_string(),
            22 => format!(
                "5{} {} {} {}",
                r.digits(3),
                r.digits(4),
                r.digits(4),
                r.digits(4)
            ),
            23 => r
                .pick(&[
                    "ISBN 978-3-16-148410-0",
                    "ISBN 978-0-596-52068-7",
                    "EAN 4006381333931",
                    "ISBN 0-306-40615-2",
                ])
                .to_string(),
            24 => format!(
                "{}.{}, {}.{}",
                40 + r.below(20),
                r.digits(6),
                r.below(30),
                r.digits(6)
            ),
            25 => format!(
                "{}.{}° N, {}.{}° E",
                40 + r.below(20),
                r.digits(4),
                r.below(30),
                r.digits(4)
            ),
            26 => format!("{}–{}", 1970 + r.below(40), 2011 + r.below(14)),
            27 => format!(
                "{} x {} px",
                *r.pick(&[1920, 1280, 2560, 3840]),
                *r.pick(&[1080, 720, 1440, 2160])
            ),
            28 => format!("{} mm", 10 + r.below(990)),
            29 => format!("{},{} kg", r.below(100), r.below(10)),
            30 => format!("{} {} km", 1 + r.below(99), r.digits(3)),
            31 => format!("S/N {}-{}-{}", r.digits(4), r.digits(4), r.digits(4)),
            32 => format!("IMEI {}", r.digits(15)),
            _ => format!(
                "{}:{:02}–{}:{:02} Uhr",
                8 + r.below(4),
                0,
                16 + r.below(4),
                30
            ),
        }
    }
}
