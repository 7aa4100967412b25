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

use super::chars::{
    digit_value, fold, fold_name, is_letter, is_letter_or_digit, is_lower, is_plus, is_space,
    is_white_space, is_word_letter,
};
use super::country_names::{MAX_NAME_BYTES, NAMES, NAME_CHARS, NAME_REGIONS};
use super::plan::{split_code, Region};
use super::Label;

/// How far before a number a label is looked for, in bytes.
const LABEL_REACH: usize = 48;

/// Words that label what follows, lower case, sorted by their UTF-8 bytes (binary search):
/// phone, mobile and fax labels raise confidence; ID labels (invoice, order, IBAN, ISBN,
/// version, revision, bug, commit, amount, a regulation's section: `CFR`, `DFARS`, a standard:
/// `ISO`, `DIN`, a reference's identifiers on Wikipedia: `PMID`, `OCLC`, `VIAF`, ...) say the
/// digits after them are an ID, a code or an amount.
const LABELS: &[(&str, Label)] = &[
    ("abn", Label::Id),
    ("account", Label::Id),
    ("acct", Label::Id),
    ("acn", Label::Id),
    ("afm", Label::Id),
    ("aktenzeichen", Label::Id),
    ("al", Label::Phone),
    ("alv", Label::Id),
    ("amount", Label::Id),
    ("angebot", Label::Id),
    ("anrufen", Label::Phone),
    ("ansi", Label::Id),
    ("ape", Label::Id),
    ("appel", Label::Phone),
    ("appelez", Label::Phone),
    ("approx", Label::Id),
    ("approximately", Label::Id),
    ("art", Label::Id),
    ("artikel", Label::Id),
    ("arxiv", Label::Id),
    ("at", Label::Phone),
    ("au", Label::Phone),
    ("aud", Label::Id),
    ("auftrag", Label::Id),
    ("auftragsnummer", Label::Id),
    ("awb", Label::Id),
    ("batch", Label::Id),
    ("bei", Label::Phone),
    ("beleg", Label::Id),
    ("bestellnummer", Label::Id),
    ("bestellung", Label::Id),
    ("bestelnummer", Label::Id),
    ("betrag", Label::Id),
    ("bibcode", Label::Id),
    ("bic", Label::Id),
    ("blz", Label::Id),
    ("boleto", Label::Id),
    ("booking", Label::Id),
    ("bsb", Label::Id),
    ("bsn", Label::Id),
    ("btw", Label::Id),
    ("buero", Label::Phone),
    ("bug", Label::Id),
    ("bugs", Label::Id),
    ("build", Label::Id),
    ("bureau", Label::Phone),
    ("bus", Label::Id),
    ("büro", Label::Phone),
    ("cad", Label::Id),
    ("call", Label::Phone),
    ("cap", Label::Id),
    ("case", Label::Id),
    ("cel", Label::Mobile),
    ("cell", Label::Mobile),
    ("cellphone", Label::Mobile),
    ("cellulare", Label::Mobile),
    ("celular", Label::Mobile),
    ("cfr", Label::Id),
    ("chamado", Label::Id),
    ("chapter", Label::Id),
    ("charge", Label::Id),
    ("che", Label::Id),
    ("chf", Label::Id),
    ("chiamare", Label::Phone),
    ("cif", Label::Id),
    ("circa", Label::Id),
    ("claim", Label::Id),
    ("cnpj", Label::Id),
    ("cod", Label::Id),
    ("code", Label::Id),
    ("codice", Label::Id),
    ("colis", Label::Id),
    ("commande", Label::Id),
    ("commit", Label::Id),
    ("company", Label::Id),
    ("confirmation", Label::Id),
    ("contact", Label::Phone),
    ("contato", Label::Phone),
    ("contract", Label::Id),
    ("contrat", Label::Id),
    ("count", Label::Id),
    ("cp", Label::Id),
    ("cpf", Label::Id),
    ("crn", Label::Id),
    ("cuil", Label::Id),
    ("cuit", Label::Id),
    ("curp", Label::Id),
    ("customer", Label::Id),
    ("cve", Label::Id),
    ("cvr", Label::Id),
    ("cvr-nr", Label::Id),
    ("deal", Label::Id),
    ("dfars", Label::Id),
    ("dial", Label::Phone),
    ("dic", Label::Id),
    ("din", Label::Id),
    ("direct", Label::Phone),
    ("direkt", Label::Phone),
    ("dič", Label::Id),
    ("dkk", Label::Id),
    ("dni", Label::Id),
    ("doi", Label::Id),
    ("dossier", Label::Id),
    ("durchwahl", Label::Phone),
    ("ean", Label::Id),
    ("ecma", Label::Id),
    ("erratum", Label::Id),
    ("etwa", Label::Id),
    ("eur", Label::Id),
    ("f", Label::Fax),
    ("factura", Label::Id),
    ("facture", Label::Id),
    ("factuur", Label::Id),
    ("faks", Label::Fax),
    ("faktura", Label::Id),
    ("faktury", Label::Id),
    ("fattura", Label::Id),
    ("fatura", Label::Id),
    ("fax", Label::Fax),
    ("festnetz", Label::Phone),
    ("firmenbuch", Label::Id),
    ("firmware", Label::Id),
    ("fiscale", Label::Id),
    ("flight", Label::Id),
    ("floor", Label::Id),
    ("flug", Label::Id),
    ("fono", Label::Phone),
    ("gate", Label::Id),
    ("gb/t", Label::Id),
    ("gbp", Label::Id),
    ("gid", Label::Id),
    ("gnd", Label::Id),
    ("gsm", Label::Mobile),
    ("gst", Label::Id),
    ("gstin", Label::Id),
    ("gtin", Label::Id),
    ("handelsregister", Label::Id),
    ("handy", Label::Mobile),
    ("hotline", Label::Phone),
    ("hra", Label::Id),
    ("hrb", Label::Id),
    ("iban", Label::Id),
    ("ico", Label::Id),
    ("icp备", Label::Id),
    ("id", Label::Id),
    ("iec", Label::Id),
    ("ieee", Label::Id),
    ("imei", Label::Id),
    ("incident", Label::Id),
    ("inr", Label::Id),
    ("inv", Label::Id),
    ("invoice", Label::Id),
    ("ip", Label::Id),
    ("ird", Label::Id),
    ("isbn", Label::Id),
    ("isin", Label::Id),
    ("isni", Label::Id),
    ("iso", Label::Id),
    ("issn", Label::Id),
    ("issue", Label::Id),
    ("item", Label::Id),
    ("iva", Label::Id),
    ("ičo", Label::Id),
    ("jpy", Label::Id),
    ("jstor", Label::Id),
    ("kbo", Label::Id),
    ("kd", Label::Id),
    ("kennwort", Label::Id),
    ("klantnummer", Label::Id),
    ("klienta", Label::Id),
    ("kom", Label::Mobile),
    ("komórka", Label::Mobile),
    ("konta", Label::Id),
    ("kontakt", Label::Phone),
    ("konto", Label::Id),
    ("kontonummer", Label::Id),
    ("kr", Label::Id),
    ("krs", Label::Id),
    ("kundennr", Label::Id),
    ("kundennummer", Label::Id),
    ("kundnummer", Label::Id),
    ("kvk", Label::Id),
    ("lccn", Label::Id),
    ("lieferschein", Label::Id),
    ("llamar", Label::Phone),
    ("lot", Label::Id),
    ("m", Label::Mobile),
    ("mac", Label::Id),
    ("matricule", Label::Id),
    ("meeting", Label::Id),
    ("member", Label::Id),
    ("membership", Label::Id),
    ("merge", Label::Id),
    ("message-id", Label::Id),
    ("mob", Label::Mobile),
    ("mobiel", Label::Mobile),
    ("mobil", Label::Mobile),
    ("mobile", Label::Mobile),
    ("model", Label::Id),
    ("moms", Label::Id),
    ("momsnr", Label::Id),
    ("movil", Label::Mobile),
    ("mva", Label::Id),
    ("móvil", Label::Mobile),
    ("naf", Label::Id),
    ("natel", Label::Mobile),
    ("nie", Label::Id),
    ("nif", Label::Id),
    ("nip", Label::Id),
    ("no", Label::Phone),
    ("nok", Label::Id),
    ("notruf", Label::Phone),
    ("nr", Label::Phone),
    ("number", Label::Phone),
    ("numero", Label::Phone),
    ("nummer", Label::Phone),
    ("numéro", Label::Phone),
    ("nzbn", Label::Id),
    ("n°", Label::Phone),
    ("nº", Label::Phone),
    ("número", Label::Phone),
    ("o", Label::Phone),
    ("oclc", Label::Id),
    ("office", Label::Phone),
    ("oficina", Label::Phone),
    ("oib", Label::Id),
    ("on", Label::Phone),
    ("ondernemingsnummer", Label::Id),
    ("opportunity", Label::Id),
    ("orcid", Label::Id),
    ("order", Label::Id),
    ("ordernummer", Label::Id),
    ("ordine", Label::Id),
    ("org", Label::Id),
    ("organisasjonsnummer", Label::Id),
    ("organisationsnummer", Label::Id),
    ("orgnr", Label::Id),
    ("osti", Label::Id),
    ("otp", Label::Id),
    ("p", Label::Phone),
    ("p.", Label::Id),
    ("page", Label::Id),
    ("parcel", Label::Id),
    ("part", Label::Id),
    ("passcode", Label::Id),
    ("password", Label::Id),
    ("passwort", Label::Id),
    ("patch", Label::Id),
    ("pedido", Label::Id),
    ("pesel", Label::Id),
    ("ph", Label::Phone),
    ("phone", Label::Phone),
    ("pid", Label::Id),
    ("pin", Label::Id),
    ("pln", Label::Id),
    ("plz", Label::Id),
    ("pmc", Label::Id),
    ("pmid", Label::Id),
    ("pnr", Label::Id),
    ("po", Label::Id),
    ("policy", Label::Id),
    ("port", Label::Id),
    ("portable", Label::Mobile),
    ("postcode", Label::Id),
    ("postleitzahl", Label::Id),
    ("pp", Label::Id),
    ("preis", Label::Id),
    ("price", Label::Id),
    ("product", Label::Id),
    ("protocolo", Label::Id),
    ("puh", Label::Phone),
    ("puhelin", Label::Phone),
    ("quote", Label::Id),
    ("raum", Label::Id),
    ("rcs", Label::Id),
    ("receipt", Label::Id),
    ("rechnung", Label::Id),
    ("rechnungsnummer", Label::Id),
    ("ref", Label::Id),
    ("reference", Label::Id),
    ("registration", Label::Id),
    ("registrierungsnummer", Label::Id),
    ("regon", Label::Id),
    ("release", Label::Id),
    ("reservation", Label::Id),
    ("rev", Label::Id),
    ("revision", Label::Id),
    ("rfc", Label::Id),
    ("rfe", Label::Id),
    ("ring", Label::Phone),
    ("room", Label::Id),
    ("route", Label::Id),
    ("routing", Label::Id),
    ("rs", Label::Id),
    ("rsin", Label::Id),
    ("ruf", Label::Phone),
    ("rufnummer", Label::Phone),
    ("rut", Label::Id),
    ("réf", Label::Id),
    ("référence", Label::Id),
    ("rückruf", Label::Phone),
    ("s/n", Label::Id),
    ("s2cid", Label::Id),
    ("seat", Label::Id),
    ("seite", Label::Id),
    ("sek", Label::Id),
    ("sendung", Label::Id),
    ("sendungsnummer", Label::Id),
    ("serial", Label::Id),
    ("shipment", Label::Id),
    ("sinistre", Label::Id),
    ("sipariş", Label::Id),
    ("siren", Label::Id),
    ("siret", Label::Id),
    ("sku", Label::Id),
    ("sms", Label::Phone),
    ("sn", Label::Id),
    ("sortcode", Label::Id),
    ("ssn", Label::Id),
    ("steuer-nr", Label::Id),
    ("steuernummer", Label::Id),
    ("stnr", Label::Id),
    ("sudoc", Label::Id),
    ("suivi", Label::Id),
    ("summe", Label::Id),
    ("support", Label::Phone),
    ("swift", Label::Id),
    ("switchboard", Label::Phone),
    ("sĐt", Label::Phone),
    ("sđt", Label::Phone),
    ("t", Label::Phone),
    ("tan", Label::Id),
    ("tax", Label::Id),
    ("tckn", Label::Id),
    ("tel", Label::Phone),
    ("tel.", Label::Phone),
    ("tel:", Label::Phone),
    ("tele", Label::Phone),
    ("telefax", Label::Fax),
    ("telefon", Label::Phone),
    ("telefone", Label::Phone),
    ("telefonnummer", Label::Phone),
    ("telefono", Label::Phone),
    ("telemóvel", Label::Phone),
    ("telephone", Label::Phone),
    ("telf", Label::Phone),
    ("telp", Label::Phone),
    ("teléfono", Label::Phone),
    ("tfn", Label::Phone),
    ("tfno", Label::Phone),
    ("ticket", Label::Id),
    ("tin", Label::Id),
    ("tlf", Label::Phone),
    ("tlp", Label::Phone),
    ("total", Label::Id),
    ("tracking", Label::Id),
    ("train", Label::Id),
    ("transaction", Label::Id),
    ("tva", Label::Id),
    ("txn", Label::Id),
    ("tél", Label::Phone),
    ("télécopie", Label::Fax),
    ("téléphone", Label::Phone),
    ("uen", Label::Id),
    ("ufficio", Label::Phone),
    ("uid", Label::Id),
    ("umowy", Label::Id),
    ("unter", Label::Phone),
    ("upc", Label::Id),
    ("usd", Label::Id),
    ("user", Label::Id),
    ("ust", Label::Id),
    ("ust-id", Label::Id),
    ("ust-idnr", Label::Id),
    ("ustidnr", Label::Id),
    ("utr", Label::Id),
    ("v", Label::Id),
    ("vat", Label::Id),
    ("version", Label::Id),
    ("vertrag", Label::Id),
    ("viaf", Label::Id),
    ("vkn", Label::Id),
    ("vol", Label::Id),
    ("vorgang", Label::Id),
    ("w", Label::Phone),
    ("whatsapp", Label::Phone),
    ("wkn", Label::Id),
    ("y-tunnus", Label::Id),
    ("ytunnus", Label::Id),
    ("zamówienia", Label::Id),
    ("zamówienie", Label::Id),
    ("zentrale", Label::Phone),
    ("zimmer", Label::Id),
    ("zip", Label::Id),
    ("zug", Label::Id),
    ("zvr", Label::Id),
    // Vietnamese "ĐT" (điện thoại): `fold` leaves `Đ` as it is.
    ("Đt", Label::Phone),
    ("đt", Label::Phone),
    ("αφμ", Label::Id),
    ("κινητό", Label::Mobile),
    ("τηλ", Label::Phone),
    ("τηλέφωνο", Label::Phone),
    ("φαξ", Label::Fax),
    ("бик", Label::Id),
    ("договор", Label::Id),
    ("заказ", Label::Id),
    ("инн", Label::Id),
    ("кпп", Label::Id),
    ("моб", Label::Mobile),
    ("огрн", Label::Id),
    ("огрнип", Label::Id),
    ("окпо", Label::Id),
    ("паспорт", Label::Id),
    ("снилс", Label::Id),
    ("счет", Label::Id),
    ("счёт", Label::Id),
    ("тел", Label::Phone),
    ("телефон", Label::Phone),
    ("факс", Label::Fax),
    ("טל", Label::Phone),
    ("טלפון", Label::Phone),
    ("נייד", Label::Mobile),
    ("פקס", Label::Fax),
    ("الجوال", Label::Mobile),
    ("الهاتف", Label::Phone),
    ("تلفون", Label::Phone),
    ("جوال", Label::Mobile),
    ("فاكس", Label::Fax),
    ("موبايل", Label::Mobile),
    ("هاتف", Label::Phone),
    ("फ़ोन", Label::Phone),
    ("फैक्स", Label::Fax),
    ("फोन", Label::Phone),
    ("मोबाइल", Label::Mobile),
    ("โทร", Label::Phone),
    ("☎", Label::Phone),
    ("☏", Label::Phone),
    ("✆", Label::Phone),
    ("お客様番号", Label::Id),
    ("会員番号", Label::Id),
    ("会议", Label::Id),
    ("会议id", Label::Id),
    ("会议号", Label::Id),
    ("伝票番号", Label::Id),
    ("信用代码", Label::Id),
    ("公网安备", Label::Id),
    ("卡", Label::Id),
    ("发票", Label::Id),
    ("受付番号", Label::Id),
    ("口座番号", Label::Id),
    ("品番", Label::Id),
    ("型番", Label::Id),
    ("备案", Label::Id),
    ("客户", Label::Id),
    ("快递单", Label::Id),
    ("手机", Label::Mobile),
    ("携帯", Label::Mobile),
    ("法人番号", Label::Id),
    ("注文", Label::Id),
    ("注文番号", Label::Id),
    ("电话", Label::Phone),
    ("税", Label::Id),
    ("管理番号", Label::Id),
    ("编号", Label::Id),
    ("請求書番号", Label::Id),
    ("订单", Label::Id),
    ("许可证", Label::Id),
    ("账", Label::Id),
    ("账户", Label::Id),
    ("身份证", Label::Id),
    ("运单", Label::Id),
    ("邮编", Label::Id),
    ("郵便番号", Label::Id),
    ("電話", Label::Phone),
    ("電話番号", Label::Phone),
    ("顧客番号", Label::Id),
    ("계좌번호", Label::Id),
    ("고객번호", Label::Id),
    ("등록번호", Label::Id),
    ("사업자등록번호", Label::Id),
    ("우편번호", Label::Id),
    ("전화", Label::Phone),
    ("전화번호", Label::Phone),
    ("주문번호", Label::Id),
    ("팩스", Label::Fax),
    ("핸드폰", Label::Mobile),
    ("휴대폰", Label::Mobile),
    ("📞", Label::Phone),
    ("📠", Label::Phone),
    ("📱", Label::Phone),
];

/// Words that make a following digit group a count or a number word ("number", "Nr.") whose
/// meaning depends on the word before them; the first [`IN_FULL`] of them are the words in
/// full, which say "phone number" when no word before them says otherwise.
const GENERIC_NUMBER_WORDS: &[&str] = &[
    "number",
    "nummer",
    "numéro",
    "número",
    "numero",
    "नंबर",
    "नम्बर",
    "nr",
    "no",
    "n°",
    "nº",
    "#",
];

/// How many of [`GENERIC_NUMBER_WORDS`] are words in full.
const IN_FULL: usize = 7;

/// The label right before byte `at` of `text`, if the words there name one.
pub(crate) fn label_before(text: &str, at: usize) -> Option<Label> {
    let window_start = floor_boundary(text, at.saturating_sub(LABEL_REACH));
    let (word, rest) = last_word_past_copula(&text[window_start..at])?;
    let word = word.as_str();
    let label = classify(word);
    // `Kunden-Nr.`, `Art.-Nr.`, `Tel.-Nr.`, `Lieferanten-Nummer`: the part before the hyphen
    // (or the abbreviation before it) says whose number it is; any but a phone's, fax's or
    // mobile's after `-Nr.` or `-No.` is an ID (`Pers.-Nr.`, `Mitglieds-Nr.`).
    let hyphened = ["-nr", "-no", "-nummer"]
        .iter()
        .find_map(|suffix| Some((word.strip_suffix(suffix)?, *suffix)))
        .or_else(|| {
            // `Klantnr.`, `Ordernr.`, `Factuurnr.`: the same written as one word.
            let stem = word.strip_suffix("nr").filter(|stem| stem.len() >= 3)?;
            (label.is_none() && word.is_ascii()).then_some((stem, "-nr"))
        });
    if let Some((stem, suffix)) = hyphened {
        let stem_label = if stem.is_empty() {
            last_word(rest).and_then(|(previous, _)| classify(previous.as_str()))
        } else {
            classify(stem)
        };
        return stem_label.or((suffix != "-nummer").then_some(Label::Id));
    }
    if GENERIC_NUMBER_WORDS.contains(&word) {
        // "Phone number:", "Order No.", "Rechnung Nr.": the word before decides.
        if let Some((previous, _)) = last_word(rest) {
            let previous = previous.as_str();
            if let Some(found) =
                classify(previous).filter(|l| *l != Label::Phone || !is_weak(previous))
            {
                return Some(found);
            }
        }
        return Some(Label::Phone).filter(|_| GENERIC_NUMBER_WORDS[..IN_FULL].contains(&word));
    }
    if matches!(word, "client" | "cliente" | "kunde" | "klant") {
        // "N° client", "N° de client", "Réf. client", "Codice cliente": a customer's number
        // ("Service client", "Atención al cliente" are the line that serves them).
        let mut before = last_word(rest);
        if let Some((previous, earlier)) = before {
            if matches!(
                previous.as_str(),
                "de" | "du" | "do" | "da" | "di" | "del" | "des"
            ) {
                before = last_word(earlier);
            }
        }
        if before.is_some_and(|(previous, _)| {
            let previous = previous.as_str();
            GENERIC_NUMBER_WORDS.contains(&previous) || classify(previous) == Some(Label::Id)
        }) {
            return Some(Label::Id);
        }
    }
    if label == Some(Label::Id)
        && last_word(rest).is_some_and(|(previous, _)| {
            matches!(
                (previous.as_str(), word),
                ("to", "order" | "claim" | "quote") | ("of", "charge")
            )
        })
    {
        // "To order: 0800 …", "free of charge 0800 …": a verb or a phrase, not an ID's label
        // ("according to RFCs 4491" stays one).
        return None;
    }
    label
}

/// `[Bugs 3046742,3046750]`, `Bugs 62791459 and 638037607`: the digits of `len` from byte `at`
/// follow other items of a list (a comma, `and`, `or`, `&` between) whose first item follows
/// an ID label: when each item before is digits alone of about the same length (two more or
/// fewer), they are an ID too. (`Bestellung 12345, 0301234567` is an order and a number.)
pub(crate) fn id_list_item(text: &str, at: usize, len: usize) -> bool {
    /// How many items before are looked at.
    const MOST_ITEMS: usize = 8;
    let mut before = &text[..at];
    for _ in 0..MOST_ITEMS {
        let Some(joined) = [", ", ",", " and ", " or ", " & "]
            .iter()
            .find_map(|join| before.strip_suffix(join))
        else {
            return false;
        };
        let item = joined.bytes().rev().take_while(u8::is_ascii_digit).count();
        before = &joined[..joined.len() - item];
        if item < 4
            || item.abs_diff(len) > 2
            || before
                .as_bytes()
                .last()
                .is_some_and(u8::is_ascii_alphanumeric)
        {
            return false;
        }
        if label_before(text, before.len()) == Some(Label::Id) {
            return true;
        }
    }
    false
}

/// Whether the label right before byte `at` is a phone label that vouches for a number on its
/// own ("Tel.", "Mobile", "Fax", "Phone number:", "Тел.", "Τηλ.", "電話"), not a preposition or a
/// one- or two-letter abbreviation ("at", "p", "M"): after one, a number of a length its
/// country uses is taken even where the numbering plan says its range is unassigned.
pub(crate) fn vouching_label_before(text: &str, at: usize) -> bool {
    let window_start = floor_boundary(text, at.saturating_sub(LABEL_REACH));
    let Some((word, rest)) = last_word_past_copula(&text[window_start..at]) else {
        return false;
    };
    let vouches = |word: &str| {
        matches!(
            classify(word),
            Some(Label::Phone | Label::Mobile | Label::Fax)
        ) && !(word.is_ascii() && is_weak(word))
    };
    let word = word.as_str();
    if GENERIC_NUMBER_WORDS.contains(&word) {
        return last_word(rest).is_some_and(|(previous, _)| vouches(previous.as_str()));
    }
    vouches(word)
}

/// The departments a German letterhead gives a direct-dial suffix each after its switchboard
/// (`Zentrale 0711 98765-0 · Vertrieb: -210 · Einkauf: -220`), lower case. Not rooms
/// (`Zimmer -12`).
const DEPARTMENTS: &[&str] = &[
    "vertrieb",
    "verkauf",
    "einkauf",
    "buchhaltung",
    "sekretariat",
    "service",
    "kundendienst",
    "kundenservice",
    "technik",
    "support",
    "personal",
    "empfang",
    "versand",
    "marketing",
    "geschäftsführung",
    "auftragsannahme",
    "disposition",
    "presse",
    "anmeldung",
];

/// Whether a department's name ([`DEPARTMENTS`]) ends the text before `at` (`Vertrieb: -210`,
/// `Durchwahl Vertrieb -310`): read only for a suffix alone after a switchboard's `-0`.
pub(crate) fn department_before(text: &str, at: usize) -> bool {
    let window_start = floor_boundary(text, at.saturating_sub(LABEL_REACH));
    last_word(&text[window_start..at]).is_some_and(|(word, _)| DEPARTMENTS.contains(&word.as_str()))
}

/// The forms of "to be" that join a label to its number ("The phone number is 231354125",
/// "Die Nummer ist ..."), lower case.
const COPULAS: &[&str] = &[
    "are", "es", "est", "ist", "is", "jest", "sind", "sont", "são", "è", "é", "är",
];

/// The last word of `text` as [`last_word`] gives it, or the one before when it is a form of
/// "to be" ([`COPULAS`]), so that the label before the copula is read. (Each word is read
/// once: this runs before most groups of digits.)
fn last_word_past_copula(text: &str) -> Option<(Word, &str)> {
    match last_word(text)? {
        (word, rest) if COPULAS.contains(&word.as_str()) => last_word(rest),
        found => Some(found),
    }
}

/// Short words that say "phone" only weakly (prepositions and one-letter abbreviations): they
/// raise confidence but do not vouch for a number on their own.
fn is_weak(word: &str) -> bool {
    word.chars().count() <= 2 || matches!(word, "unter" | "bei" | "call" | "ring" | "dial")
}

/// Where in [`LABELS`] the labels that start with each byte start (those of byte `b` end where
/// those of `b + 1` start): a label is looked up among the few of its first byte.
const LABEL_STARTS: [u16; 257] = label_starts();

const fn label_starts() -> [u16; 257] {
    let mut starts = [0; 257];
    let (mut byte, mut i) = (0, 0);
    while byte < 256 {
        while i < LABELS.len() && (LABELS[i].0.as_bytes()[0] as usize) < byte {
            i += 1;
        }
        starts[byte] = i as u16;
        byte += 1;
    }
    starts[256] = LABELS.len() as u16;
    starts
}

/// The index of `word` in [`LABELS`], if it is one.
fn label_index(word: &str) -> Option<usize> {
    let (&first, rest) = word.as_bytes().split_first()?;
    let from = usize::from(LABEL_STARTS[usize::from(first)]);
    let to = usize::from(LABEL_STARTS[usize::from(first) + 1]);
    LABELS[from..to]
        .binary_search_by(|(label, _)| bytewise(&label.as_bytes()[1..], rest))
        .ok()
        .map(|i| from + i)
}

fn classify(word: &str) -> Option<Label> {
    let find = |word: &str| label_index(word).map(|i| LABELS[i].1);
    let id_singular = |word: &str| {
        // `Bugs`, `RFCs`, `Issues`: the plural of an ID label (only of those: `als` is German
        // for "as", not a plural of the phone label `al`, Spanish for "to the": "llame al").
        let singular = word
            .strip_suffix('s')
            .filter(|w| w.len() >= 3 && w.is_ascii())?;
        find(singular).filter(|label| *label == Label::Id)
    };
    find(word).or_else(|| id_singular(word)).or_else(|| {
        // A German or Dutch compound with "-nummer" says what its first part says:
        // `Artikelnummer`, `Rechnungsnummer` (with its linking `s`), `Faxnummer`.
        let stem = word.strip_suffix("nummer").filter(|stem| stem.len() >= 3)?;
        find(stem).or_else(|| id_singular(stem))
    })
}

/// `a` and `b` compared byte by byte: for the short words of a label, faster than the call to
/// `memcmp` that comparing slices makes.
fn bytewise(a: &[u8], b: &[u8]) -> std::cmp::Ordering {
    for (x, y) in a.iter().zip(b) {
        if x != y {
            return x.cmp(y);
        }
    }
    a.len().cmp(&b.len())
}

/// The last word of `text` (lower case), skipping the punctuation and spaces that follow a label
/// (`Tel.: `, `Fax - `, `(Mobile) `), and the text before that word. `None` when a digit comes
/// first.
fn last_word(text: &str) -> Option<(Word, &str)> {
    match last_ascii_word(text) {
        Some(ascii) => ascii,
        None => last_word_of_any_script(text),
    }
}

/// [`last_word`] in any script.
fn last_word_of_any_script(text: &str) -> Option<(Word, &str)> {
    let trimmed = text.trim_end_matches(|c: char| {
        is_white_space(c)
            || matches!(
                c,
                ':' | '.'
                    | '-'
                    | '('
                    | ')'
                    | '['
                    | ']'
                    | '|'
                    | ','
                    | '='
                    | '>'
                    | '<'
                    | '/'
                    | '·'
                    | '•'
                    | '：'
                    | '\u{2013}'
                    | '\u{2014}'
            )
    });
    let last = trimmed.chars().next_back()?;
    if digit_value(last).is_some() {
        return None;
    }
    let word_start = trimmed
        .char_indices()
        .rev()
        .take_while(|&(_, c)| {
            is_letter_or_digit(c)
                || matches!(
                    c,
                    '#' | '°' | 'º' | '/' | '-' | '\'' | '☎' | '📞' | '✆' | '☏' | '📱' | '📠'
                )
        })
        .last()
        .map_or(trimmed.len(), |(i, _)| i);
    let word = &trimmed[word_start..];
    if word.is_empty() {
        return None;
    }
    if !word.chars().any(runs_into_text) {
        return Some((Word::folded(word)?, &trimmed[..word_start]));
    }
    // "Tel.:" keeps its dot out; a CJK label runs into the text before it: its last 4 chars,
    // after "is", and without "number" unless the label ends in it ("我的电话号码是": "电话";
    // "注文番号" is a label of its own).
    fn last_chars(core: &str, count: usize) -> &str {
        let skip = core.chars().count().saturating_sub(count);
        &core[core.char_indices().nth(skip).map_or(0, |(i, _)| i)..]
    }
    let whole = word.strip_suffix('是').unwrap_or(word);
    let core = (whole.strip_suffix("号码"))
        .or_else(|| whole.strip_suffix('号'))
        .filter(|core| !core.is_empty())
        .unwrap_or(whole);
    let lower = if word.chars().all(|c| !c.is_ascii()) {
        // CJK: the longest known label that ends the text.
        match cjk_label(last_chars(whole, 6)).or_else(|| cjk_label(last_chars(core, 6))) {
            Some(label) => Word::folded(label)?,
            None => Word::folded(last_chars(core, 4))?,
        }
    } else {
        Word::folded(last_chars(core, 4))?
    };
    Some((lower, &trimmed[..word_start]))
}

/// [`last_word`] read byte by byte, when the word, what follows it and the byte before it are
/// ASCII (most labels: `Tel.: `, `Fax `, `Phone number`): `None` when they are not, for the
/// general reading. The same answer, several times faster (it runs before most groups of
/// digits).
fn last_ascii_word(text: &str) -> Option<Option<(Word, &str)>> {
    let bytes = text.as_bytes();
    let mut end = bytes.len();
    while let Some(&b) = end.checked_sub(1).and_then(|i| bytes.get(i)) {
        if !b.is_ascii() {
            return None;
        }
        if !matches!(
            b,
            b'\t'
                ..=b'\r'
                    | b' '
                    | b':'
                    | b'.'
                    | b'-'
                    | b'('
                    | b')'
                    | b'['
                    | b']'
                    | b'|'
                    | b','
                    | b'='
                    | b'>'
                    | b'<'
                    | b'/'
        ) {
            break;
        }
        end -= 1;
    }
    if end == 0 || bytes[end - 1].is_ascii_digit() {
        return Some(None);
    }
    let mut start = end;
    while let Some(&b) = start.checked_sub(1).and_then(|i| bytes.get(i)) {
        if !b.is_ascii() {
            return None;
        }
        if !(b.is_ascii_alphanumeric() || matches!(b, b'#' | b'/' | b'-' | b'\'')) {
            break;
        }
        start -= 1;
    }
    let word = &bytes[start..end];
    if word.is_empty() {
        return Some(None);
    }
    let mut folded = Word {
        bytes: [0; 40],
        len: word.len(),
    };
    let Some(out) = folded.bytes.get_mut(..word.len()) else {
        return Some(None); // longer than a label can be
    };
    for (o, b) in out.iter_mut().zip(word) {
        *o = b.to_ascii_lowercase();
    }
    Some(Some((folded, &text[..start])))
}

/// A letter of a script that writes words without spaces between them (Chinese, Japanese,
/// Thai, ...): a label there runs into the text before it. Any letter but those of the scripts
/// [`is_word_letter`] knows and of the Indic scripts (U+0900 to U+0DFF), which part words with
/// spaces.
fn runs_into_text(c: char) -> bool {
    !is_word_letter(c) && !c.is_ascii() && is_letter(c) && !matches!(c, '\u{900}'..='\u{DFF}')
}

/// A short word in lower case, on the stack.
#[derive(Clone, Copy)]
struct Word {
    bytes: [u8; 40],
    len: usize,
}

impl Word {
    /// `word` folded to lower case; `None` when longer than a label can be.
    fn folded(word: &str) -> Option<Word> {
        let mut out = Word {
            bytes: [0; 40],
            len: 0,
        };
        for c in word.chars().map(fold) {
            let n = c.len_utf8();
            c.encode_utf8(out.bytes.get_mut(out.len..out.len + n)?);
            out.len += n;
        }
        Some(out)
    }

    fn as_str(&self) -> &str {
        std::str::from_utf8(&self.bytes[..self.len]).unwrap_or("")
    }
}

/// The longest label that ends `word`, a word of a script written without spaces (`注文番号`
/// in `ご注文番号`, `电话` in `联系电话`).
fn cjk_label(word: &str) -> Option<&'static str> {
    word.char_indices()
        .find_map(|(at, _)| label_index(&word[at..]).map(|i| LABELS[i].0))
}

/// The closest char boundary at or before `at`.
fn floor_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The regions a line names: countries by name, first as they come, at most `out.len()`.
///
/// A name is one of CLDR's names of the country in 36 languages (`Germany`, `Allemagne`,
/// `Niemcy`, `Германия`, `ドイツ`, `德国`, ...; see `country_names.rs`), written capitalised (or in
/// a script without case) at the start of a word and ending at a word's end (in Chinese,
/// Japanese kanji and Thai, which do not part words with spaces, anywhere; after katakana, at
/// anything but katakana). Where several names start at one place the longest counts (`Papua New
/// Guinea`, not `Guinea`), and the search goes on after it. A name right after `New` (`Nuevo`,
/// `Nouveau-`, ...) is a place of its own (`New Mexico`, `New Jersey`).
pub(crate) fn countries_named(line: &str, out: &mut [Option<(&'static Region, usize)>]) -> usize {
    let mut count = 0;
    let bytes = line.as_bytes();
    let mut i = 0;
    // Country names start a word, capitalised (or in a script without case): look only at
    // upper-case ASCII letters and non-ASCII characters (lead bytes).
    while count < out.len() {
        let Some(offset) = bytes[i..]
            .iter()
            .position(|&b| b.is_ascii_uppercase() || b >= 0xC0)
        else {
            break;
        };
        i += offset;
        match country_at(line, i) {
            Some((region, len)) => {
                out[count] = Some((region, i));
                count += 1;
                i += len;
            }
            None => i += 1,
        }
    }
    count
}

/// The country whose name starts at byte `at` of `line` (a char boundary), and the name's
/// length in `line`.
fn country_at(line: &str, at: usize) -> Option<(&'static Region, usize)> {
    let bytes = line.as_bytes();
    // Most candidates are ASCII words: the exact filter of their first two letters first.
    if let (Some(&a), Some(&b)) = (bytes.get(at), bytes.get(at + 1)) {
        if let Some(pair) = ascii_pair(
            char::from(a.to_ascii_lowercase()),
            char::from(b.to_ascii_lowercase()),
        ) {
            if names().ascii_pairs[pair / 64] & (1 << (pair % 64)) == 0 {
                return None;
            }
        }
    }
    let text = &line[at..];
    // Most candidates are ASCII words that start no name: their first word against the filter
    // of the names' first words, before anything else.
    let ascii = text
        .bytes()
        .position(|b| !b.is_ascii_alphabetic())
        .unwrap_or(text.len());
    if ascii > 0
        && !text[ascii..].starts_with(is_letter_or_digit)
        && !is_first_word(text[..ascii].bytes().map(|b| b.to_ascii_lowercase()))
    {
        return None;
    }
    let mut chars = text.chars();
    let first = chars.next()?;
    if !is_letter(first) || is_lower(first) {
        return None;
    }
    if line[..at]
        .chars()
        .next_back()
        .is_some_and(is_letter_or_digit)
    {
        return None;
    }
    let (first, second) = (fold_name(first), chars.next().map_or(' ', fold_name));
    if !may_start_name(first, second) || after_new(&line[..at]) {
        return None;
    }
    // The text folded as the names are, as far as a name could reach; each place a name could
    // end is looked up, the shortest first, until no name goes on from there.
    let mut key = [0u8; MAX_NAME_BYTES];
    let mut len = 0;
    let mut found = None;
    let mut previous: Option<char> = None;
    let mut stopped = false;
    // In a script written with spaces, the first word must be a name's first word.
    let mut first_word = !unspaced(first);
    for (i, c) in text.char_indices() {
        if let Some(last) = previous {
            if ends_name(last, c) {
                if first_word {
                    first_word = false;
                    if !is_first_word(key[..len].iter().copied()) {
                        return None;
                    }
                }
                let (region, goes_on) = lookup(&key[..len]);
                if let Some(region) = region {
                    found = Some((region, i));
                }
                if !goes_on {
                    stopped = true;
                    break;
                }
            }
        }
        let folded = fold_name(c);
        let width = folded.len_utf8();
        if !(is_letter(folded) || NAME_CHARS.chars().any(|c| c == folded))
            || len + width > MAX_NAME_BYTES
        {
            stopped = true;
            break;
        }
        folded.encode_utf8(&mut key[len..]);
        len += width;
        previous = Some(c);
    }
    if !stopped {
        if first_word && !is_first_word(key[..len].iter().copied()) {
            return None;
        }
        // The line ends in the name.
        if let (Some(region), _) = lookup(&key[..len]) {
            found = Some((region, text.len()));
        }
    }
    found.map(|(region, end)| (&Region::all()[usize::from(region)], end))
}

/// Whether a name ending with `last` may end before `next`: at a word's end, or anywhere in
/// scripts written without spaces (kanji and hanzi, hiragana, Thai, Lao); after katakana, before
/// anything but katakana (`タイ` is not `タイプ`).
fn ends_name(last: char, next: char) -> bool {
    if !is_letter_or_digit(next) {
        return true;
    }
    match u32::from(last) {
        0x30A0..=0x30FF => !(0x30A0..=0x30FF).contains(&u32::from(next)),
        _ => unspaced(last),
    }
}

/// Whether `c` is of a script written without spaces between words (kanji and hanzi, kana,
/// Thai, Lao).
fn unspaced(c: char) -> bool {
    matches!(u32::from(c), 0x0E00..=0x0EFF | 0x3040..=0x30FF | 0x3400..=0x9FFF | 0xF900..=0xFAFF)
}

/// Whether `word` (folded) may be the first word of a name (of a script written with spaces):
/// a Bloom filter of them says no for most words.
fn is_first_word(word: impl Iterator<Item = u8>) -> bool {
    let words = &names().first_words;
    word_bits(word)
        .iter()
        .all(|&bit| words[bit / 64] & (1 << (bit % 64)) != 0)
}

/// Bits of the first-word filter (a Bloom filter, two bits a word).
const WORD_BITS: u32 = 14;

/// The first-word filter's two bits for `word` (folded).
fn word_bits(word: impl Iterator<Item = u8>) -> [usize; 2] {
    let mut h: u32 = 0x811C_9DC5;
    for b in word {
        h = (h ^ u32::from(b)).wrapping_mul(0x0100_0193);
    }
    let mask = (1 << WORD_BITS) - 1;
    [(h >> (32 - WORD_BITS)) as usize, (h & mask) as usize]
}

/// Whether the text before a name ends with `New ` (or `Nuevo `, `Nueva `, `Novo `, `Nova `,
/// `Nouveau-`, `Nouvelle-`): `New Mexico`, `New Jersey`, `Nuevo México`, `Nouveau-Mexique` are
/// no countries. (`New Zealand` and `Nouvelle-Calédonie` are names of their own, found where
/// `New` starts.)
fn after_new(before: &str) -> bool {
    let Some(separator) = before.chars().next_back() else {
        return false;
    };
    let before = &before[..before.len() - separator.len_utf8()];
    let word = super::chars::word_at_end(before, is_letter);
    let words: &[&str] = match separator {
        '-' => &["nouveau", "nouvelle"],
        c if is_space(c) => &["new", "nuevo", "nueva", "novo", "nova"],
        _ => return false,
    };
    words.iter().any(|w| word.eq_ignore_ascii_case(w))
}

/// Whether a name may start with the folded letters `a`, `b` (a quick filter before the
/// names are looked up; in other scripts written with spaces, the first-word filter decides).
fn may_start_name(a: char, b: char) -> bool {
    let names = names();
    match ascii_pair(a, b) {
        Some(pair) => names.ascii_pairs[pair / 64] & (1 << (pair % 64)) != 0,
        None if unspaced(a) => {
            let bit = pair_bit(a, b);
            names.unspaced_pairs[bit / 64] & (1 << (bit % 64)) != 0
        }
        None => true,
    }
}

/// `26 * a + b` for the ASCII letters `a`, `b`.
fn ascii_pair(a: char, b: char) -> Option<usize> {
    (a.is_ascii_lowercase() && b.is_ascii_lowercase())
        .then(|| 26 * (a as usize - 'a' as usize) + (b as usize - 'a' as usize))
}

/// Bits of the first-two-letters filter of the names in scripts written without spaces (those
/// that start with two ASCII letters have an exact one, the others the first-word filter).
const PAIR_BITS: u32 = 10;

/// The first-two-letters filter's bit for a name starting with the folded letters `a`, `b`.
fn pair_bit(a: char, b: char) -> usize {
    let h = u32::from(a).wrapping_mul(0x9E37_79B1) ^ u32::from(b).wrapping_mul(0x85EB_CA77);
    (h >> (32 - PAIR_BITS)) as usize
}

/// The country names (`country_names.rs`), indexed once, on first use: where each name starts,
/// the names of each pair of ASCII first letters, and the filters `country_at` asks before it
/// looks a word up. The table ships as plain sorted text, which brotli packs better than any
/// coding of our own (ARCHITECTURE.md, "Decisions"); indexing it takes about 0.3 ms (native,
/// release build).
struct NameIndex {
    /// Where each name starts in [`NAMES`], and where the last ends (+1: each name ends with a
    /// line feed).
    starts: Vec<u16>,
    /// Per pair of ASCII letters `26 * a + b` (then past `zz`): the first name at or after it.
    ascii_firsts: [u16; 26 * 26 + 1],
    /// Bit `26 * a + b`: a name starts with the ASCII letters `a`, `b`.
    ascii_pairs: [u64; (26 * 26usize).div_ceil(64)],
    /// Bit `pair_bit(a, b)`: a name of a script without spaces starts with `a`, `b`.
    unspaced_pairs: [u64; 1 << (PAIR_BITS - 6)],
    /// The first words of the names (up to a character other than a letter) of scripts written
    /// with spaces: a Bloom filter, bits `word_bits(word)`.
    first_words: [u64; 1 << (WORD_BITS - 6)],
}

/// The country names' index, built on first use.
fn names() -> &'static NameIndex {
    static INDEX: std::sync::OnceLock<NameIndex> = std::sync::OnceLock::new();
    INDEX.get_or_init(NameIndex::build)
}

impl NameIndex {
    fn build() -> NameIndex {
        let mut index = NameIndex {
            starts: Vec::with_capacity(NAME_REGIONS.len() + 1),
            ascii_firsts: [0; 26 * 26 + 1],
            ascii_pairs: [0; (26 * 26usize).div_ceil(64)],
            unspaced_pairs: [0; 1 << (PAIR_BITS - 6)],
            first_words: [0; 1 << (WORD_BITS - 6)],
        };
        let mut start = 0;
        // Checked once; the names are looked up as bytes.
        let text = std::str::from_utf8(&NAMES).unwrap_or_default();
        for name in text.split_terminator('\n') {
            index.starts.push(start as u16);
            start += name.len() + 1;
            let mut chars = name.chars();
            let (a, b) = (chars.next().unwrap_or(' '), chars.next().unwrap_or(' '));
            match ascii_pair(a, b) {
                Some(pair) => index.ascii_pairs[pair / 64] |= 1 << (pair % 64),
                None if unspaced(a) => {
                    let bit = pair_bit(a, b);
                    index.unspaced_pairs[bit / 64] |= 1 << (bit % 64);
                }
                None => {}
            }
            if !unspaced(a) {
                let word = name.find(|c| !is_letter(c)).unwrap_or(name.len());
                for bit in word_bits(name[..word].bytes()) {
                    index.first_words[bit / 64] |= 1 << (bit % 64);
                }
            }
        }
        index.starts.push(start as u16);
        let count = index.starts.len() - 1;
        for pair in 0..26 * 26 {
            let from = [b'a' + (pair / 26) as u8, b'a' + (pair % 26) as u8];
            index.ascii_firsts[pair] = index.first_at_or_after(&from, 0, count) as u16;
        }
        index.ascii_firsts[26 * 26] = count as u16;
        index
    }

    /// Name `i`.
    fn name(&self, i: usize) -> &'static [u8] {
        let (start, end) = (self.starts[i], self.starts[i + 1] - 1);
        &NAMES[usize::from(start)..usize::from(end)]
    }

    /// The first name of `low..high` that sorts at or after `key` (or `high`).
    fn first_at_or_after(&self, key: &[u8], mut low: usize, mut high: usize) -> usize {
        while low < high {
            let middle = (low + high) / 2;
            if self.name(middle) < key {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        low
    }
}

/// Looks `key` (folded text) up in the country names: the region of the name that is `key`,
/// and whether a name goes on from `key` (starts with it and is longer).
fn lookup(key: &[u8]) -> (Option<u8>, bool) {
    let names = names();
    let count = names.starts.len() - 1;
    // The names that may start with it: those of its first two letters when they are ASCII
    // ones.
    let (low, high) = match key {
        [a, b, ..] => ascii_pair(char::from(*a), char::from(*b)).map_or((0, count), |pair| {
            (
                usize::from(names.ascii_firsts[pair]),
                usize::from(names.ascii_firsts[pair + 1]),
            )
        }),
        _ => (0, count),
    };
    let at = names.first_at_or_after(key, low, high);
    let exact = at < high && names.name(at) == key;
    let region = exact.then(|| NAME_REGIONS[at]);
    // The names that go on from `key` sort right after it.
    let next = at + usize::from(exact);
    let goes_on = next < count && names.name(next).starts_with(key);
    (region, goes_on)
}

/// The regions of the `+CC` numbers in a line (by calling code's main region).
pub(crate) fn calling_codes_in(line: &str, out: &mut [Option<&'static Region>]) -> usize {
    let mut count = 0;
    let bytes = line.as_bytes();
    // `+` is ASCII; the full-width `＋` starts with 0xEF.
    let mut i = 0;
    while count < out.len() {
        let Some(offset) = bytes[i..].iter().position(|&b| b == b'+' || b == 0xEF) else {
            break;
        };
        i += offset;
        let plus = line[i..].chars().next().filter(|&c| is_plus(c));
        i += 1;
        let Some(plus) = plus else {
            continue;
        };
        let mut digits = [0u8; 3];
        let mut n = 0;
        for c in line[i - 1 + plus.len_utf8()..].chars().take(3) {
            match digit_value(c) {
                Some(v) => {
                    digits[n] = v;
                    n += 1;
                }
                None => break,
            }
        }
        let region = split_code(&digits[..n]).and_then(|(code, _)| code.main());
        if let Some(region) = region {
            if !out[..count]
                .iter()
                .flatten()
                .any(|r| std::ptr::eq(*r, region))
            {
                out[count] = Some(region);
                count += 1;
            }
        }
    }
    count
}

/// The regions a record points to (a table row, a grid row, a card, an address block: its
/// cells or lines joined by tabs or line breaks), most telling first, at most `out.len()`: a
/// cell that is a region code (`DE`) or a flag (🇩🇪), the countries named in it (a Country
/// column, an address line), the calling codes of its `+CC` numbers (a country-code column,
/// the record's other numbers), then its postcodes and big cities (`places`). National numbers of the record are read in these regions
/// before the page's and the default.
///
/// ```
/// use click_to_dial::detect::record_regions;
///
/// let mut out = [None; 3];
/// let n = record_regions("Anna Schmidt\tBerlin\tGermany\t(0171) 5550123", &mut out);
/// assert_eq!(out[..n].iter().flatten().map(|r| r.id).collect::<Vec<_>>(), ["DE"]);
/// ```
pub fn record_regions(record: &str, out: &mut [Option<&'static Region>]) -> usize {
    let mut count = 0;
    let mut push = |region: &'static Region, count: &mut usize| {
        if *count < out.len()
            && !out[..*count]
                .iter()
                .flatten()
                .any(|r| std::ptr::eq(*r, region))
        {
            out[*count] = Some(region);
            *count += 1;
        }
    };
    for cell in record.split(['\t', '\n']) {
        let cell = cell.trim_matches(is_white_space);
        if cell.len() == 2 && cell.bytes().all(|b| b.is_ascii_uppercase()) {
            if let Some(region) = Region::find(cell) {
                push(region, &mut count);
            }
        }
    }
    // A flag is two regional indicator symbols, the region code's letters.
    let mut letters = record.chars().filter_map(|c| {
        let c = u32::from(c);
        (0x1F1E6..=0x1F1FF)
            .contains(&c)
            .then(|| b'A' + (c - 0x1F1E6) as u8)
    });
    while let (Some(a), Some(b)) = (letters.next(), letters.next()) {
        let code = [a, b];
        if let Some(region) = std::str::from_utf8(&code).ok().and_then(Region::find) {
            push(region, &mut count);
        }
    }
    let mut named = [None; 3];
    let n = countries_named(record, &mut named);
    for (region, _) in named[..n].iter().flatten() {
        push(region, &mut count);
    }
    let mut codes = [None; 3];
    let n = calling_codes_in(record, &mut codes);
    for region in codes[..n].iter().flatten() {
        push(region, &mut count);
    }
    let mut places = [None; 3];
    let n = super::places::regions_of_places(record, &mut places);
    for region in places[..n].iter().flatten() {
        push(region, &mut count);
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
    let tld = host
        .trim_end_matches('.')
        .rsplit('.')
        .next()?
        .to_ascii_lowercase();
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
            ("נייד: ", Some(Label::Mobile)),
            ("טלפון ", Some(Label::Phone)),
            ("هاتف: ", Some(Label::Phone)),
            ("جوال ", Some(Label::Mobile)),
            ("전화: ", Some(Label::Phone)),
            ("휴대폰 ", Some(Label::Mobile)),
            ("โทร. ", Some(Label::Phone)),
            ("ĐT: ", Some(Label::Phone)),
            ("SĐT: ", Some(Label::Phone)),
            ("tel. kom. ", Some(Label::Mobile)),
            ("Telp. ", Some(Label::Phone)),
            ("Puh. ", Some(Label::Phone)),
            ("Anna Schmidt, ", None),
            ("12 ", None),
            ("", None),
        ] {
            assert_eq!(label_before(text, text.len()), label, "{text:?}");
        }
    }

    /// The ASCII reading of the last word gives what the general one gives, wherever it
    /// answers: over random texts of label characters, digits and a few others.
    #[test]
    fn the_ascii_last_word_is_the_general_one() {
        let pieces = [
            " ",
            "\t",
            "\n",
            ":",
            ".",
            "-",
            "(",
            ")",
            "|",
            ",",
            "/",
            "#",
            "'",
            "=",
            "Tel",
            "fax",
            "x",
            "N",
            "o",
            "3",
            "42",
            "é",
            "·",
            "電話",
            "\u{a0}",
            "Nr",
            "!",
            "☎",
            "–",
            "A".repeat(41).leak(),
        ];
        let mut state: u64 = 0x2545_F491_4F6C_DD1D;
        let mut answered = 0;
        for _ in 0..50_000 {
            let mut text = String::new();
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            for k in 0..(state % 6) {
                let pick = (state >> (8 * k + 8)) as usize % pieces.len();
                text.push_str(pieces[pick]);
            }
            let words = |found: Option<(Word, &str)>| {
                found.map(|(w, rest)| (w.as_str().to_string(), rest.len()))
            };
            if let Some(fast) = last_ascii_word(&text) {
                answered += 1;
                assert_eq!(
                    words(fast),
                    words(last_word_of_any_script(&text)),
                    "{text:?}"
                );
            }
        }
        assert!(answered > 10_000, "{answered}");
    }

    #[test]
    fn tables_are_sorted() {
        assert!(LABELS
            .windows(2)
            .all(|w| w[0].0.as_bytes() < w[1].0.as_bytes()));
        // Every label is found where its first byte says, and nothing else is.
        for (i, (label, _)) in LABELS.iter().enumerate() {
            assert_eq!(label_index(label), Some(i), "{label}");
            assert_eq!(
                label_index(&format!("{label}q")),
                LABELS.iter().position(|(l, _)| *l == format!("{label}q"))
            );
        }
        assert_eq!(label_index(""), None);
    }

    /// Every country name of the table, in its order, with its region.
    fn all_names() -> Vec<(String, &'static str)> {
        std::str::from_utf8(&NAMES)
            .expect("UTF-8")
            .split_terminator('\n')
            .zip(NAME_REGIONS)
            .map(|(name, region)| (name.to_string(), Region::all()[usize::from(region)].id))
            .collect()
    }

    #[test]
    fn country_names_are_sorted_unique_and_filtered() {
        use super::super::country_names::{NAME_COUNT, REGION_IDS};
        let ids: String = Region::all().iter().map(|r| r.id).collect();
        assert_eq!(
            ids, REGION_IDS,
            "country_names.rs is stale: cargo xtask country-names"
        );
        let names = all_names();
        assert_eq!(names.len(), NAME_COUNT);
        assert!(names
            .windows(2)
            .all(|w| w[0].0.as_bytes() < w[1].0.as_bytes()));
        for (name, region) in &names {
            // Folded as the text is, so that a name written as CLDR writes it is found.
            assert_eq!(&name.chars().map(fold_name).collect::<String>(), name);
            let mut chars = name.chars();
            let (a, b) = (chars.next().unwrap(), chars.next().unwrap_or(' '));
            assert!(may_start_name(a, b), "{name}");
            if !unspaced(a) {
                let word: String = name.chars().take_while(|&c| is_letter(c)).collect();
                assert!(is_first_word(word.bytes()), "{name}");
            }
            let found = lookup(name.as_bytes()).0;
            assert_eq!(
                found.map(|r| Region::all()[usize::from(r)].id),
                Some(*region)
            );
        }
        for name in [
            "georgia", "jordan", "chad", "israel", "island", "maurice", "kuba",
        ] {
            assert!(names.iter().all(|(n, _)| n != name), "{name}");
        }
    }

    /// The regions `countries_named` finds in `line`, in order.
    fn named(line: &str) -> Vec<&'static str> {
        let mut out = [None; 8];
        let n = countries_named(line, &mut out);
        out[..n].iter().flatten().map(|(r, _)| r.id).collect()
    }

    #[test]
    fn names_in_many_languages_and_scripts() {
        for (line, id) in [
            ("Frankreich", "FR"),
            ("Madrid, Francia", "FR"),
            ("Paris - フランス", "FR"),
            ("Париж, Франция", "FR"),
            ("باريس، فرنسا", "FR"),
            ("地址：法国巴黎", "FR"),
            ("Berlim, Alemanha", "DE"),
            ("Berlin, Niemcy", "DE"),
            ("Берлин, Германия", "DE"),
            ("Αθήνα, Ελλάδα", "GR"),
            ("ΕΛΛΑΔΑ", "GR"),
            ("Praha, Tschechien", "CZ"),
            ("İstanbul, Türkiye", "TR"),
            ("Hà Nội, Vietnam", "VN"),
            ("Jakarta, Indonesia", "ID"),
            ("서울 대한민국", "KR"),
            ("東京 日本", "JP"),
            ("กรุงเทพ ประเทศไทย", "TH"),
            ("UNITED KINGDOM", "GB"),
            ("Cardiff, Wales", "GB"),
            ("Sydney, New South Wales, Australia", "AU"),
            ("Bosnia and Herzegovina", "BA"),
            ("Côte d'Ivoire", "CI"),
            ("Côte d\u{2019}Ivoire", "CI"),
            ("Paris,\u{a0}France", "FR"),
        ] {
            assert_eq!(named(line).last().copied(), Some(id), "{line:?}");
        }
    }

    #[test]
    fn longest_name_and_new() {
        let none: Vec<&str> = Vec::new();
        assert_eq!(named("Port Moresby, Papua New Guinea"), ["PG"]);
        assert_eq!(named("Conakry, Guinea"), ["GN"]);
        assert_eq!(named("Bissau, Guinea-Bissau"), ["GW"]);
        assert_eq!(named("Dominican Republic, Santo Domingo"), ["DO"]);
        assert_eq!(named("Santa Fe, New Mexico"), none);
        assert_eq!(named("Newark, New Jersey, USA"), ["US"]);
        assert_eq!(named("Nouveau-Mexique, Nuevo México"), none);
        assert_eq!(named("Auckland, New Zealand"), ["NZ"]);
        assert_eq!(named("Wellington, Nouvelle-Zélande"), ["NZ"]);
        assert_eq!(named("Mexico City, Mexico"), ["MX", "MX"]);
        // Ends at a word's end; starts a word.
        assert_eq!(named("Nigeria"), ["NG"]);
        assert_eq!(named("Franceville, MaxFrance, France2"), none);
        // Katakana ends before more katakana; Hangul at a space.
        assert_eq!(named("タイプ マリア"), none);
        assert_eq!(named("タイ王国"), ["TH"]);
    }

    #[test]
    fn excluded_names_are_not_countries() {
        for line in [
            "Jordan Smith",
            "Atlanta, Georgia",
            "Chad Miller",
            "Israel Gómez",
            "Rhode Island",
            "Maurice Dupont",
            "Kuba Nowak",
            "Réunion d'équipe",
            "Norwich, Norfolk",
            "Football Jersey",
            "Guadalupe Hernández",
            "결제 수단",
        ] {
            assert_eq!(named(line), Vec::<&str>::new(), "{line:?}");
        }
        let mut out = [None; 3];
        let n = record_regions("Jordan Smith\tAtlanta, Georgia\tUnited States", &mut out);
        let ids: Vec<_> = out[..n].iter().flatten().map(|r| r.id).collect();
        assert_eq!(ids, ["US"]);
    }

    #[test]
    fn countries_and_codes() {
        let mut out = [None; 3];
        let n = countries_named("Marie Curie · Paris, France · Frankreich", &mut out);
        assert_eq!((n, out[0].map(|(r, at)| (r.id, at))), (2, Some(("FR", 22))));
        let n = countries_named("Francesca, Italia; Deutschland", &mut out);
        assert_eq!(n, 2);
        assert_eq!(countries_named("Franceville", &mut out), 0);
        let mut codes = [None; 3];
        let n = calling_codes_in("Tel +44 20 7946 0958, +1 206", &mut codes);
        let out = codes;
        assert_eq!(
            (n, out[0].map(|r| r.id), out[1].map(|r| r.id)),
            (2, Some("GB"), Some("US"))
        );
    }
}
