//! What the words around a number say: a label before it (`Tel.`, `Fax`, `Handy`, `電話`,
//! `Invoice`, `IBAN`), and which country a line is about (a country's name, a `+CC` number),
//! the page's language and domain.
//!
//! ```
//! use click_to_dial::detect::{region_of_domain, region_of_language};
//! assert_eq!(region_of_language("de-AT").unwrap().id, "AT");
//! assert_eq!(region_of_language("fr").unwrap().id, "FR");
//! assert_eq!(region_of_domain("shop.example.co.uk").unwrap().id, "GB");
//! assert!(region_of_domain("example.com").is_none());
//! ```

use super::chars::{digit_value, fold, is_plus, is_word_letter};
use super::plan::{split_code, Region};
use super::Label;

/// How far before a number a label is looked for, in bytes.
const LABEL_REACH: usize = 48;

/// Words that name a phone number, lower case (checked against the word right before the
/// number, after `:`, `.`, spaces and the like).
const PHONE_LABELS: &[&str] = &[
    "tel", "tel.", "tele", "telephone", "téléphone", "telefon", "telefono", "teléfono", "telefone",
    "telemóvel", "telf", "tlf", "tfno", "tfn", "phone", "ph", "call", "ring", "dial", "contact",
    "hotline", "support", "office", "direct", "direkt", "durchwahl", "zentrale", "switchboard",
    "rufnummer", "telefonnummer", "festnetz", "büro", "buero", "bureau", "oficina", "ufficio",
    "whatsapp", "sms", "t", "p", "o", "d", "w", "tél", "appel", "appelez", "anrufen", "unter",
    "at", "on", "au", "al", "bei", "chiamare", "llamar", "contato", "電話", "电话", "電話番号",
    "tel:", "☎", "📞", "✆", "☏", "📱", "📠", "телефон", "тел", "numéro", "number", "nummer",
    "número", "numero", "nr", "no", "n°", "nº",
];

const MOBILE_LABELS: &[&str] = &[
    "mobile", "mobil", "mob", "handy", "cell", "cellphone", "cellulare", "portable", "móvil",
    "movil", "celular", "m", "gsm", "携帯", "手机", "моб",
];

const FAX_LABELS: &[&str] = &["fax", "telefax", "f", "télécopie", "факс"];

/// Words that name something that is not a phone number: the digits after them are an ID,
/// an amount, a code.
const ID_LABELS: &[&str] = &[
    "invoice", "inv", "order", "po", "ticket", "tracking", "ref", "reference", "case", "id",
    "sku", "isbn", "ean", "gtin", "upc", "iban", "bic", "swift", "account", "acct", "konto",
    "blz", "kontonummer", "rechnung", "rechnungsnummer", "bestellung", "bestellnummer",
    "auftrag", "auftragsnummer", "kundennummer", "kundennr", "kd", "vorgang", "sendung",
    "sendungsnummer", "lieferschein", "facture", "commande", "pedido", "factura", "fattura",
    "ordine", "vat", "ust", "ust-idnr", "steuernummer", "tax", "ssn", "serial", "s/n", "sn",
    "version", "v", "build", "release", "firmware", "zip", "plz", "postcode", "postleitzahl",
    "cp", "cap", "quote", "angebot", "vertrag", "contract", "policy", "claim", "receipt",
    "beleg", "transaction", "txn", "batch", "lot", "charge", "artikel", "art", "item",
    "product", "model", "part", "pin", "tan", "otp", "code", "amount", "total", "betrag",
    "summe", "price", "preis", "eur", "usd", "chf", "gbp", "jpy", "sek", "nok", "dkk", "pln",
    "cad", "aud", "rs", "inr", "fr", "kr", "page", "seite", "p.", "pp", "vol", "chapter",
    "isin", "wkn", "imei", "mac", "ip", "port", "pid", "uid", "user", "room", "zimmer", "raum",
    "floor", "gate", "flight", "flug", "seat", "train", "zug", "bus", "line", "route",
];

/// Words that make a following digit group a count or a number word ("number", "Nr.") whose
/// meaning depends on the word before them.
const GENERIC_NUMBER_WORDS: &[&str] = &["number", "nummer", "numéro", "número", "numero", "nr", "no", "n°", "nº", "#"];

/// The label right before byte `at` of `text`, if the words there name one.
pub(crate) fn label_before(text: &str, at: usize) -> Option<Label> {
    let window_start = floor_boundary(text, at.saturating_sub(LABEL_REACH));
    let before = &text[window_start..at];
    let (word, rest) = last_word(before)?;
    let label = classify(&word);
    if GENERIC_NUMBER_WORDS.contains(&word.as_str()) {
        // "Phone number:", "Order No.", "Rechnung Nr.": the word before decides.
        if let Some((previous, _)) = last_word(rest) {
            if let Some(found) = classify(&previous).filter(|l| *l != Label::Phone || !is_weak(&previous)) {
                return Some(found);
            }
        }
        return Some(Label::Phone).filter(|_| matches!(word.as_str(), "number" | "nummer" | "numéro" | "número" | "numero"));
    }
    label
}

/// Short words that say "phone" only weakly (prepositions and one-letter abbreviations): they
/// raise confidence but do not vouch for a number on their own.
fn is_weak(word: &str) -> bool {
    word.chars().count() <= 2 || matches!(word, "unter" | "bei" | "call" | "ring" | "dial")
}

fn classify(word: &str) -> Option<Label> {
    if MOBILE_LABELS.contains(&word) {
        Some(Label::Mobile)
    } else if FAX_LABELS.contains(&word) {
        Some(Label::Fax)
    } else if PHONE_LABELS.contains(&word) {
        Some(Label::Phone)
    } else if ID_LABELS.contains(&word) {
        Some(Label::Id)
    } else {
        None
    }
}

/// The last word of `text` (lower case), skipping the punctuation and spaces that follow a label
/// (`Tel.: `, `Fax - `, `(Mobile) `), and the text before that word. `None` when a digit comes
/// first.
fn last_word(text: &str) -> Option<(String, &str)> {
    let trimmed = text.trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, ':' | '.' | '-' | '(' | ')' | '[' | ']' | '|' | ',' | '=' | '>' | '/' | '·' | '•' | '：' | '\u{2013}' | '\u{2014}')
    });
    let last = trimmed.chars().next_back()?;
    if digit_value(last).is_some() {
        return None;
    }
    let word_start = trimmed
        .char_indices()
        .rev()
        .take_while(|&(_, c)| c.is_alphanumeric() || matches!(c, '#' | '°' | 'º' | '/' | '-' | '\'' | '☎' | '📞' | '✆' | '☏' | '📱' | '📠'))
        .last()
        .map_or(trimmed.len(), |(i, _)| i);
    let word = &trimmed[word_start..];
    // "Tel.:" keeps its dot out; a CJK label runs into the text before it: keep its last 4 chars.
    let word = if word.chars().any(|c| !is_word_letter(c) && c.is_alphabetic()) {
        let skip = word.chars().count().saturating_sub(4);
        &word[word.char_indices().nth(skip).map_or(0, |(i, _)| i)..]
    } else {
        word
    };
    if word.is_empty() {
        return None;
    }
    let lower: String = word.chars().map(fold).collect();
    let lower = if lower.chars().all(|c| !c.is_ascii()) {
        // CJK: match the longest known label that ends the text.
        cjk_label(&lower).map_or(lower.clone(), str::to_string)
    } else {
        lower
    };
    Some((lower, &trimmed[..word_start]))
}

fn cjk_label(word: &str) -> Option<&'static str> {
    ["電話番号", "電話", "电话", "携帯", "手机"]
        .into_iter()
        .find(|label| word.ends_with(label))
}

/// The closest char boundary at or before `at`.
fn floor_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Country names in the languages a CRM or a signature uses, lower case, with their regions.
const COUNTRY_NAMES: &[(&str, &str)] = &[
    ("germany", "DE"), ("deutschland", "DE"), ("allemagne", "DE"), ("alemania", "DE"), ("germania", "DE"),
    ("austria", "AT"), ("österreich", "AT"), ("autriche", "AT"),
    ("switzerland", "CH"), ("schweiz", "CH"), ("suisse", "CH"), ("svizzera", "CH"), ("suiza", "CH"),
    ("france", "FR"), ("frankreich", "FR"), ("francia", "FR"),
    ("united kingdom", "GB"), ("great britain", "GB"), ("england", "GB"), ("scotland", "GB"),
    ("großbritannien", "GB"), ("vereinigtes königreich", "GB"), ("royaume-uni", "GB"), ("reino unido", "GB"), ("regno unito", "GB"),
    ("ireland", "IE"), ("irland", "IE"), ("irlande", "IE"),
    ("united states", "US"), ("usa", "US"), ("u.s.a.", "US"), ("vereinigte staaten", "US"), ("états-unis", "US"), ("estados unidos", "US"), ("stati uniti", "US"),
    ("canada", "CA"), ("kanada", "CA"),
    ("italy", "IT"), ("italia", "IT"), ("italien", "IT"), ("italie", "IT"),
    ("spain", "ES"), ("españa", "ES"), ("spanien", "ES"), ("espagne", "ES"), ("spagna", "ES"),
    ("portugal", "PT"),
    ("netherlands", "NL"), ("nederland", "NL"), ("niederlande", "NL"), ("pays-bas", "NL"), ("holland", "NL"),
    ("belgium", "BE"), ("belgien", "BE"), ("belgique", "BE"), ("belgië", "BE"), ("bélgica", "BE"),
    ("luxembourg", "LU"), ("luxemburg", "LU"),
    ("denmark", "DK"), ("dänemark", "DK"), ("danmark", "DK"),
    ("sweden", "SE"), ("schweden", "SE"), ("sverige", "SE"), ("suède", "SE"),
    ("norway", "NO"), ("norwegen", "NO"), ("norge", "NO"),
    ("finland", "FI"), ("finnland", "FI"), ("suomi", "FI"),
    ("poland", "PL"), ("polen", "PL"), ("polska", "PL"), ("pologne", "PL"),
    ("czech republic", "CZ"), ("czechia", "CZ"), ("tschechien", "CZ"), ("česko", "CZ"),
    ("hungary", "HU"), ("ungarn", "HU"), ("magyarország", "HU"),
    ("greece", "GR"), ("griechenland", "GR"), ("grèce", "GR"),
    ("turkey", "TR"), ("türkei", "TR"), ("türkiye", "TR"),
    ("romania", "RO"), ("rumänien", "RO"), ("românia", "RO"),
    ("russia", "RU"), ("russland", "RU"), ("россия", "RU"),
    ("ukraine", "UA"), ("україна", "UA"),
    ("brazil", "BR"), ("brasil", "BR"), ("brasilien", "BR"),
    ("mexico", "MX"), ("méxico", "MX"), ("mexiko", "MX"),
    ("argentina", "AR"), ("argentinien", "AR"),
    ("australia", "AU"), ("australien", "AU"),
    ("new zealand", "NZ"), ("neuseeland", "NZ"),
    ("japan", "JP"), ("日本", "JP"), ("japon", "JP"),
    ("china", "CN"), ("中国", "CN"), ("chine", "CN"),
    ("india", "IN"), ("indien", "IN"), ("inde", "IN"),
    ("singapore", "SG"), ("singapur", "SG"),
    ("south africa", "ZA"), ("südafrika", "ZA"),
    ("south korea", "KR"), ("korea", "KR"), ("südkorea", "KR"), ("대한민국", "KR"),
    ("israel", "IL"), ("united arab emirates", "AE"), ("uae", "AE"),
];

/// The regions a line names: countries by name, first as they come, at most `out.len()`.
pub(crate) fn countries_named(line: &str, out: &mut [Option<&'static Region>]) -> usize {
    let mut count = 0;
    let lower_ascii = fold;
    for (i, c) in line.char_indices() {
        if count == out.len() {
            break;
        }
        if !c.is_alphabetic() || line[..i].chars().next_back().is_some_and(char::is_alphanumeric) {
            continue;
        }
        let first = lower_ascii(c);
        for &(name, id) in COUNTRY_NAMES {
            if !name.starts_with(first) {
                continue;
            }
            let rest = &line[i..];
            let mut chars = rest.chars();
            let matched = name.chars().all(|n| chars.next().is_some_and(|c| lower_ascii(c) == n))
                && !chars.next().is_some_and(char::is_alphanumeric);
            if matched {
                let region = Region::find(id);
                if region.is_some() && !out[..count].contains(&region) {
                    out[count] = region;
                    count += 1;
                }
                break;
            }
        }
    }
    count
}

/// The regions of the `+CC` numbers in a line (by calling code's main region).
pub(crate) fn calling_codes_in(line: &str, out: &mut [Option<&'static Region>]) -> usize {
    let mut count = 0;
    let mut chars = line.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        if count == out.len() {
            break;
        }
        if !is_plus(c) {
            continue;
        }
        let mut digits = [0u8; 3];
        let mut n = 0;
        while let Some(&(_, d)) = chars.peek() {
            match digit_value(d) {
                Some(v) if n < 3 => {
                    digits[n] = v;
                    n += 1;
                    chars.next();
                }
                _ => break,
            }
        }
        let region = split_code(&digits[..n]).and_then(|(code, _)| code.main());
        if region.is_some() && !out[..count].contains(&region) {
            out[count] = region;
            count += 1;
        }
    }
    count
}

/// The region of a BCP 47 language tag: its region subtag (`de-AT` -> AT), else the main
/// country of the language (`de` -> DE, `fr` -> FR); none for languages spoken in many
/// countries alike (`en`, `es`, `ar`).
pub fn region_of_language(tag: &str) -> Option<&'static Region> {
    let mut parts = tag.split(['-', '_']);
    let language = parts.next()?.to_ascii_lowercase();
    if let Some(region) = parts
        .find(|part| part.len() == 2 && part.bytes().all(|b| b.is_ascii_alphabetic()))
        .and_then(Region::find)
    {
        return Some(region);
    }
    let id = match language.as_str() {
        "de" => "DE",
        "fr" => "FR",
        "it" => "IT",
        "nl" => "NL",
        "pl" => "PL",
        "ja" => "JP",
        "zh" => "CN",
        "ko" => "KR",
        "cs" => "CZ",
        "da" => "DK",
        "sv" => "SE",
        "nb" | "nn" | "no" => "NO",
        "fi" => "FI",
        "hu" => "HU",
        "el" => "GR",
        "tr" => "TR",
        "ro" => "RO",
        "ru" => "RU",
        "uk" => "UA",
        "he" => "IL",
        "pt" => "PT",
        _ => return None,
    };
    Region::find(id)
}

/// The region of a host name's country-code top-level domain (`example.de` -> DE,
/// `example.co.uk` -> GB); none for generic domains (`.com`, `.org`, `.eu`).
pub fn region_of_domain(host: &str) -> Option<&'static Region> {
    let tld = host.trim_end_matches('.').rsplit('.').next()?.to_ascii_lowercase();
    let id = match tld.as_str() {
        "uk" => "GB",
        tld if tld.len() == 2 => tld,
        _ => return None,
    };
    Region::find(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels() {
        for (text, label) in [
            ("Tel.: ", Some(Label::Phone)),
            ("Telefon ", Some(Label::Phone)),
            ("Mob. ", Some(Label::Mobile)),
            ("Handy: ", Some(Label::Mobile)),
            ("Fax ", Some(Label::Fax)),
            ("Tél. : ", Some(Label::Phone)),
            ("Teléfono: ", Some(Label::Phone)),
            ("電話：", Some(Label::Phone)),
            ("お問い合わせ電話 ", Some(Label::Phone)),
            ("Invoice ", Some(Label::Id)),
            ("PO ", Some(Label::Id)),
            ("Order No. ", Some(Label::Id)),
            ("Phone number: ", Some(Label::Phone)),
            ("IBAN ", Some(Label::Id)),
            ("Anna Schmidt, ", None),
            ("12 ", None),
            ("", None),
        ] {
            assert_eq!(label_before(text, text.len()), label, "{text:?}");
        }
    }

    #[test]
    fn countries_and_codes() {
        let mut out = [None; 3];
        let n = countries_named("Marie Curie · Paris, France · Frankreich", &mut out);
        assert_eq!((n, out[0].map(|r| r.id)), (1, Some("FR")));
        let n = countries_named("Francesca, Italia; Deutschland", &mut out);
        assert_eq!(n, 2);
        assert_eq!(countries_named("Franceville", &mut out), 0);
        let n = calling_codes_in("Tel +44 20 7946 0958, +1 206", &mut out);
        assert_eq!((n, out[0].map(|r| r.id), out[1].map(|r| r.id)), (2, Some("GB"), Some("US")));
    }
}
