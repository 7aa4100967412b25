//! Places in a record that tell its country when no country is named: postcodes written the
//! way only one country writes them, and big cities. Used by [`super::record_regions`], after
//! region codes, flags, country names and the calling codes of the record's `+CC` numbers.
//!
//! - United Kingdom: `SW1A 2AA`, `M1 1AE`, `EH1 1YZ` (outward code, space, digit and two
//!   letters);
//! - Canada: `M5V 3L9`, `H2X1Y4` (letter, digit, letter, digit, letter, digit);
//! - Netherlands: `1012 AB` (four digits, the first not 0, then two capitals) before a
//!   capitalised word, its town;
//! - United States: a state's code and a ZIP code, `WA 98101`, `NY 10001-1234`;
//! - a city among the biggest of the countries a CRM user calls, in the languages people write
//!   it in (`München`, `Munich`), as a word of its own.
//!
//! ```
//! use click_to_dial::detect::record_regions;
//! let regions = |record: &str| {
//!     let mut out = [None; 3];
//!     let n = record_regions(record, &mut out);
//!     out[..n].iter().flatten().map(|r| r.id).collect::<Vec<_>>()
//! };
//! assert_eq!(regions("Acme Ltd\t10 Downing St, SW1A 2AA\t020 7946 0958"), ["GB"]);
//! assert_eq!(regions("Seattle, WA 98101"), ["US"]);
//! assert_eq!(regions("Huber GmbH · Leopoldstraße 12 · München"), ["DE"]);
//! ```

use super::chars::{fold, is_letter_or_digit, is_white_space};
use super::plan::Region;

/// United States' state (and DC) codes, sorted.
const US_STATES: [&str; 51] = [
    "AK", "AL", "AR", "AZ", "CA", "CO", "CT", "DC", "DE", "FL", "GA", "HI", "IA", "ID", "IL", "IN",
    "KS", "KY", "LA", "MA", "MD", "ME", "MI", "MN", "MO", "MS", "MT", "NC", "ND", "NE", "NH", "NJ",
    "NM", "NV", "NY", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VA", "VT", "WA",
    "WI", "WV", "WY",
];

/// Big cities as people write them, with their countries. A city that shares its name with a
/// big city elsewhere (Paris in Texas, London in Ontario) still counts: the record's numbers
/// decide, since a reading must be a valid number of the country.
const CITIES: &[(&str, &str)] = &[
    ("Amsterdam", "NL"),
    ("Antwerpen", "BE"),
    ("Athens", "GR"),
    ("Barcelona", "ES"),
    ("Basel", "CH"),
    ("Berlin", "DE"),
    ("Bern", "CH"),
    ("Bologna", "IT"),
    ("Bordeaux", "FR"),
    ("Bremen", "DE"),
    ("Brussel", "BE"),
    ("Brussels", "BE"),
    ("Bruxelles", "BE"),
    ("Budapest", "HU"),
    ("Chicago", "US"),
    ("Copenhagen", "DK"),
    ("Dortmund", "DE"),
    ("Dresden", "DE"),
    ("Dublin", "IE"),
    ("Düsseldorf", "DE"),
    ("Edinburgh", "GB"),
    ("Firenze", "IT"),
    ("Frankfurt", "DE"),
    ("Genève", "CH"),
    ("Geneva", "CH"),
    ("Glasgow", "GB"),
    ("Graz", "AT"),
    ("Göteborg", "SE"),
    ("Hamburg", "DE"),
    ("Hannover", "DE"),
    ("Helsinki", "FI"),
    ("Innsbruck", "AT"),
    ("Kraków", "PL"),
    ("København", "DK"),
    ("Köln", "DE"),
    ("Lausanne", "CH"),
    ("Leipzig", "DE"),
    ("Linz", "AT"),
    ("Lisboa", "PT"),
    ("Lisbon", "PT"),
    ("Liverpool", "GB"),
    ("London", "GB"),
    ("Luxembourg", "LU"),
    ("Lyon", "FR"),
    ("Madrid", "ES"),
    ("Manchester", "GB"),
    ("Marseille", "FR"),
    ("Milan", "IT"),
    ("Milano", "IT"),
    ("Munich", "DE"),
    ("München", "DE"),
    ("Napoli", "IT"),
    ("Nürnberg", "DE"),
    ("Oslo", "NO"),
    ("Paris", "FR"),
    ("Porto", "PT"),
    ("Prague", "CZ"),
    ("Praha", "CZ"),
    ("Roma", "IT"),
    ("Rome", "IT"),
    ("Rotterdam", "NL"),
    ("Salzburg", "AT"),
    ("Seattle", "US"),
    ("Sevilla", "ES"),
    ("Stockholm", "SE"),
    ("Strasbourg", "FR"),
    ("Stuttgart", "DE"),
    ("Toronto", "CA"),
    ("Torino", "IT"),
    ("Toulouse", "FR"),
    ("Utrecht", "NL"),
    ("Valencia", "ES"),
    ("Vienna", "AT"),
    ("Warszawa", "PL"),
    ("Warsaw", "PL"),
    ("Wien", "AT"),
    ("Zurich", "CH"),
    ("Zürich", "CH"),
    ("Αθήνα", "GR"),
    ("Москва", "RU"),
    ("Санкт-Петербург", "RU"),
    ("Київ", "UA"),
    ("東京", "JP"),
    ("大阪", "JP"),
    ("北京", "CN"),
    ("上海", "CN"),
    ("서울", "KR"),
];

/// The regions `record`'s postcodes and cities point to, in the order they come (postcodes
/// first), each once, at most `out.len()`.
pub(crate) fn regions_of_places(record: &str, out: &mut [Option<&'static Region>]) -> usize {
    let mut count = 0;
    let mut push = |id: &str, count: &mut usize| {
        let Some(region) = Region::find(id) else {
            return;
        };
        if *count < out.len() && !out[..*count].iter().flatten().any(|r| r.id == id) {
            out[*count] = Some(region);
            *count += 1;
        }
    };
    let words: Vec<(usize, &str)> = words(record).collect();
    for (k, &(_, word)) in words.iter().enumerate() {
        let next = words.get(k + 1).map(|&(_, w)| w);
        let after = words.get(k + 2).map(|&(_, w)| w);
        let id = if is_gb_outward(word) && next.is_some_and(is_gb_inward) {
            Some("GB")
        } else if is_ca_postcode(word)
            || (is_ca_half(word, true) && next.is_some_and(|n| is_ca_half(n, false)))
        {
            Some("CA")
        } else if is_nl_digits(word)
            && next.is_some_and(is_two_capitals)
            && after.is_some_and(starts_capitalised)
        {
            Some("NL")
        } else if US_STATES.binary_search(&word).is_ok() && next.is_some_and(is_zip) {
            Some("US")
        } else {
            None
        };
        if let Some(id) = id {
            push(id, &mut count);
        }
    }
    for (at, word) in words {
        if !starts_capitalised(word) {
            continue;
        }
        if let Some(&(_, id)) = CITIES.iter().find(|(city, _)| *city == word) {
            push(id, &mut count);
        } else if word == "New" && record[at..].starts_with("New York") {
            push("US", &mut count);
        }
    }
    count
}

/// The words of `text` with their byte offsets: runs of letters, digits and `-`.
fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split(|c: char| !(is_letter_or_digit(c) || c == '-'))
        .filter(|w| !w.is_empty())
        .map(move |w| (w.as_ptr() as usize - text.as_ptr() as usize, w))
}

fn is_upper(b: u8) -> bool {
    b.is_ascii_uppercase()
}

/// `SW1A`, `M1`, `EH1`, `W1J`: one or two capitals, a digit, maybe a digit or capital.
fn is_gb_outward(word: &str) -> bool {
    let b = word.as_bytes();
    let letters = b.iter().take_while(|&&c| is_upper(c)).count();
    if !(1..=2).contains(&letters) || b.len() < letters + 1 || b.len() > letters + 2 {
        return false;
    }
    b[letters].is_ascii_digit()
        && b[letters + 1..]
            .iter()
            .all(|&c| c.is_ascii_digit() || is_upper(c))
}

/// `2AA`: a digit and two capitals.
fn is_gb_inward(word: &str) -> bool {
    let b = word.as_bytes();
    b.len() == 3 && b[0].is_ascii_digit() && is_upper(b[1]) && is_upper(b[2])
}

/// `M5V3L9` written whole.
fn is_ca_postcode(word: &str) -> bool {
    let b = word.as_bytes();
    b.len() == 6 && is_ca_half(&word[..3], true) && is_ca_half(&word[3..], false)
}

/// `M5V` (`first`) or `3L9`.
fn is_ca_half(word: &str, first: bool) -> bool {
    let b = word.as_bytes();
    let pattern = if first {
        [true, false, true]
    } else {
        [false, true, false]
    };
    b.len() == 3
        && b.iter().zip(pattern).all(|(&c, letter)| {
            if letter {
                is_upper(c)
            } else {
                c.is_ascii_digit()
            }
        })
}

fn is_nl_digits(word: &str) -> bool {
    let b = word.as_bytes();
    b.len() == 4 && b.iter().all(u8::is_ascii_digit) && b[0] != b'0'
}

fn is_two_capitals(word: &str) -> bool {
    let b = word.as_bytes();
    b.len() == 2 && b.iter().all(|&c| is_upper(c))
}

/// Whether `word` starts with a capital of the scripts [`fold`] knows (Latin, Greek, Cyrillic;
/// `char::is_uppercase` would bring a Unicode table into the finder's wasm).
fn starts_capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(|c| fold(c) != c)
}

/// Whether `text[start..end]` is a US ZIP code after its state's code (`MA 02110-1301`): a
/// postcode, never a phone number, whatever the numbering plan of the default country says.
pub(crate) fn is_zip_after_state(text: &str, start: usize, end: usize) -> bool {
    // Asked of every run of digits: the run's own shape first, the text before it only then.
    if !text.get(start..end).is_some_and(is_zip) {
        return false;
    }
    let Some(before) = text.get(..start) else {
        return false;
    };
    // Spaces or a line break: an address may put its ZIP code on the next line (in a source
    // file's comment, after the comment's `*`).
    let before = before.trim_end_matches(|c: char| is_white_space(c) || c == '*');
    let state = before.get(before.len().saturating_sub(2)..).unwrap_or("");
    let state_alone =
        before.len() == state.len() || !before.as_bytes()[before.len() - 3].is_ascii_alphanumeric();
    before.len() < start && state_alone && US_STATES.binary_search(&state).is_ok()
}

/// `98101`, `10001-1234`.
fn is_zip(word: &str) -> bool {
    let b = word.as_bytes();
    let five = b.len() >= 5 && b[..5].iter().all(u8::is_ascii_digit);
    five && (b.len() == 5
        || (b.len() == 10 && b[5] == b'-' && b[6..].iter().all(u8::is_ascii_digit)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(record: &str) -> Vec<&'static str> {
        let mut out = [None; 4];
        let n = regions_of_places(record, &mut out);
        out[..n].iter().flatten().map(|r| r.id).collect()
    }

    #[test]
    fn postcodes() {
        assert_eq!(ids("10 Downing St, London SW1A 2AA"), ["GB"]);
        assert_eq!(ids("Piccadilly, Manchester M1 1AE"), ["GB"]);
        assert_eq!(ids("100 King St W, ON M5V 3L9"), ["CA"]);
        assert_eq!(ids("Rue X, H2X1Y4"), ["CA"]);
        assert_eq!(ids("Damrak 1, 1012 AB Amsterdam"), ["NL"]);
        assert_eq!(ids("1600 Pennsylvania Ave, Washington, DC 20500"), ["US"]);
        assert_eq!(ids("Seattle, WA 98101-1234"), ["US"]);
        // Not postcodes: four digits and two capitals without a town after them, five digits
        // without a state before them.
        assert!(ids("Order 1234 AB").is_empty());
        assert!(ids("Invoice 2024 98101").is_empty());
    }

    #[test]
    fn cities() {
        assert_eq!(ids("Huber GmbH, Leopoldstraße 12, München"), ["DE"]);
        assert_eq!(ids("Bureau de Paris"), ["FR"]);
        assert_eq!(ids("Офис: Москва"), ["RU"]);
        assert_eq!(ids("New York, NY 10001"), ["US"]);
        assert_eq!(ids("Wien / Zürich"), ["AT", "CH"]);
        // Words that contain a city's name are not the city.
        assert!(ids("Parisian Bakery, Berliner Str.").is_empty());
        assert!(ids("nice to meet you").is_empty());
    }

    #[test]
    fn zip_codes_after_a_state() {
        let at = |text: &str, zip: &str| {
            let start = text.find(zip).unwrap();
            is_zip_after_state(text, start, start + zip.len())
        };
        // The Free Software Foundation's address, as the GPL's texts write it.
        assert!(at("Boston, MA 02110-1301 USA", "02110-1301"));
        assert!(at("Boston, MA  02110-1301  USA", "02110-1301"));
        assert!(at("Seattle, WA 98101", "98101"));
        assert!(at("WA 98101", "98101"));
        // Debian's copyright files: the ZIP code on the line after the state.
        assert!(at(
            "Fifth Floor, Boston, MA\n   02110-1301 USA",
            "02110-1301"
        ));
        assert!(at(
            " * Fifth Floor, Boston, MA\n * 02110-1301, USA",
            "02110-1301"
        ));
        assert!(
            !at("Seattle, WA98101", "98101"),
            "no space: not written as an address"
        );
        assert!(
            !at("DATA 98101", "98101"),
            "a word ending in a state's code"
        );
        assert!(!at("Seattle, WA 981012", "981012"), "six digits");
        assert!(!at("Tel. 02110-1301", "02110-1301"));
    }

    #[test]
    fn tables_are_sorted() {
        assert!(US_STATES.windows(2).all(|w| w[0] < w[1]));
    }
}
