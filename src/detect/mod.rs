//! Finds phone numbers in text.
//!
//! One pass over the text finds runs of digits (of any script) and the separators people put
//! between digit groups ([`run`]); each run is checked against look-alikes (dates, times, IP
//! addresses, versions, amounts, IDs, codes, measurements: [`reject`]) and cut into numbers,
//! each read the way libphonenumber reads one (calling code, international and national
//! prefixes) and checked against the numbering plans, compiled from libphonenumber's metadata
//! into digit automata ([`plan`], `tables.rs`, `dfa.rs`). The words around a number (a `Tel.` or
//! an `Invoice` label, a country named on the same line) raise or lower its confidence and tell
//! which country a number written the national way belongs to ([`context`]). No regex engine,
//! no allocation per byte scanned: only the numbers found are allocated. A page's texts come
//! in batches with their records ([`batch`]), whichever way they travel.
//!
//! ```
//! use click_to_dial::detect::{find, find_numbers, plan::Region, Label, Options, RegionChoice, Written};
//! let text = "Call Anna on +49 30 1234567 or 089 987654-0 (invoice 2024-01-15).";
//! let found = find_numbers(text, Region::find("DE"));
//! let raw: Vec<&str> = found.iter().map(|f| f.raw).collect();
//! assert_eq!(raw, ["+49 30 1234567", "089 987654-0"]);
//! assert_eq!(found[1].number.e164(), "+49899876540");
//!
//! // A French contact on a German page: the country named on the line tells.
//! let row = "Émilie Durand · Paris, France · Tél. 01 42 68 53 00 · Commande 2024-118";
//! let options = Options { region: RegionChoice::Fixed(Region::find("DE").unwrap()), ..Options::default() };
//! let found = find(row, &options);
//! assert_eq!(found[0].number.e164(), "+33142685300");
//! assert_eq!((found[0].reason.written, found[0].reason.label), (Written::NationalPrefix, Some(Label::Phone)));
//! ```

pub mod batch;
pub mod chars;
mod context;
mod country_names;
mod find;
mod number;
mod places;
pub mod plan;
mod reject;
mod run;
pub mod utf16;

pub use context::{record_regions, region_of_domain, region_of_language};
use plan::Region;
use std::ops::Range;

/// A phone number: country calling code, national significant number (ASCII digits) and the
/// extension when one is written (`x 123`, `ext. 45`, `Durchwahl 12`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhoneNumber {
    pub country_code: u16,
    pub national_number: String,
    pub extension: Option<String>,
}

impl PhoneNumber {
    /// The number in E.164 form, `+` then digits (without the extension).
    pub fn e164(&self) -> String {
        // Written out by hand: `format!` would bring the formatting machinery into the wasm.
        let mut out = String::with_capacity(4 + self.national_number.len());
        out.push('+');
        push_decimal(&mut out, self.country_code);
        out.push_str(&self.national_number);
        out
    }
}

/// Appends the decimal digits of `value`.
fn push_decimal(out: &mut String, value: u16) {
    let mut divisor = 1;
    while divisor * 10 <= value {
        divisor *= 10;
    }
    loop {
        out.push(char::from(b'0' + (value / divisor % 10) as u8));
        if divisor == 1 {
            break;
        }
        divisor /= 10;
    }
}

/// A number found in a text: where it is (byte offsets, half-open), the text there, the number
/// and why it was taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found<'t> {
    pub span: Range<usize>,
    pub raw: &'t str,
    pub number: PhoneNumber,
    pub reason: Reason,
}

/// Why a number was taken: how it was written, where its country came from, the label before
/// it, and how sure the finder is (0-100; [`Options::min_confidence`] is the bar).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reason {
    pub written: Written,
    pub region: RegionFrom,
    pub label: Option<Label>,
    pub confidence: u8,
}

/// How a number was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    /// With `+` and the calling code.
    International,
    /// With an international prefix (`00`, `011`, the region's own) and the calling code.
    InternationalPrefix,
    /// The national way, with the national (trunk) prefix (`030 ...`, `(0)20 ...`).
    NationalPrefix,
    /// The national way, without one (`(206) 555-0100`, `06 6982 1234` in Italy).
    National,
    /// Starting with the region's calling code, without `+` (`49 30 1234567`).
    CountryCodeWithoutPlus,
}

/// Where the country of a number came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegionFrom {
    /// The number says it (`+CC`, international prefix).
    Number,
    /// The default region of the options.
    Default,
    /// One of the user's other countries ([`Hints::also`]).
    Also,
    /// A country named on the same line (`Paris, France`).
    Line,
    /// A region the caller knows for this block of text ([`Hints::regions`]).
    Block,
    /// The calling code of a `+CC` number on the same line.
    LineCode,
    /// A country named on a line near it, in the same paragraph.
    Nearby,
    /// The page's top-level domain.
    Domain,
    /// The page's language.
    Language,
}

/// A label before a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Label {
    /// Tel, Phone, Telefon, Tél., Teléfono, 電話, Call, ...
    Phone,
    /// Mobile, Mob., Handy, Cell, Portable, ...
    Mobile,
    Fax,
    /// Invoice, Order, PO, Ticket, IBAN, ISBN, ...: the digits are an ID or a code.
    Id,
}

/// Which region numbers written the national way belong to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RegionChoice {
    /// None: only numbers written with a calling code (and countries named on their line).
    #[default]
    None,
    /// This region.
    Fixed(&'static Region),
    /// Inferred from the hints: the page's domain and language, `+CC` numbers on the line.
    Auto,
}

impl RegionChoice {
    /// The choice as a page's script names it: `""` none, `auto` (any case), or a region's code
    /// (any case; one the numbering plans do not know: none).
    pub fn from_code(code: &str) -> RegionChoice {
        match code {
            "" => RegionChoice::None,
            _ if code.eq_ignore_ascii_case("auto") => RegionChoice::Auto,
            code => Region::find(code).map_or(RegionChoice::None, RegionChoice::Fixed),
        }
    }
}

/// How strict the check of a number is (libphonenumber's leniencies of the same names).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Leniency {
    /// Only the length must be possible for the calling code.
    Possible,
    /// The length must be possible for the calling code and a national number must carry the
    /// national prefix where its format asks for one, but its range may be one the numbering
    /// plan does not know: the finder's reading after `+CC` or a label that vouches for a
    /// number (numbering plans change faster than their metadata).
    Vouched,
    /// The number must match a number type of the numbering plan, and carry the national
    /// prefix where its format asks for one.
    #[default]
    Valid,
}

/// What the caller knows about the page and the block of text.
#[derive(Debug, Clone, Copy, Default)]
pub struct Hints<'a> {
    /// The page's language tag (`de-AT`, `fr`).
    pub language: Option<&'a str>,
    /// The page's host name or top-level domain (`example.co.uk`, `de`).
    pub domain: Option<&'a str>,
    /// Regions known for this block of text from elsewhere (the country column of a row whose
    /// cells are separate texts), tried before the default region.
    pub regions: &'a [&'static Region],
    /// The user's other countries, tried right after the default region.
    pub also: &'a [&'static Region],
}

/// How to find numbers.
#[derive(Debug, Clone, Copy)]
pub struct Options<'a> {
    pub region: RegionChoice,
    pub hints: Hints<'a>,
    pub leniency: Leniency,
    /// Numbers less sure than this (0-100) are left out.
    pub min_confidence: u8,
}

impl Default for Options<'_> {
    fn default() -> Self {
        Options {
            region: RegionChoice::None,
            hints: Hints::default(),
            leniency: Leniency::Valid,
            min_confidence: Options::DEFAULT_MIN_CONFIDENCE,
        }
    }
}

impl Options<'_> {
    /// The default bar: a national number with an ID label before it stays under it.
    pub const DEFAULT_MIN_CONFIDENCE: u8 = 50;

    /// The default options with national numbers read in `region` (none: international only).
    pub fn region(region: Option<&Region>) -> Options<'static> {
        Options {
            region: region
                .and_then(|r| Region::find(r.id))
                .map_or(RegionChoice::None, RegionChoice::Fixed),
            ..Options::default()
        }
    }
}

/// Why [`parse`] refused a string.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    /// The string is not exactly one phone number.
    #[error("not a phone number")]
    NotAPhoneNumber,
}

/// Finds every phone number in `text` with `options`, in order.
pub fn find<'t>(text: &'t str, options: &Options) -> Vec<Found<'t>> {
    find::find_all(text, options)
}

/// Finds every phone number in `text`. National numbers are read as numbers of `region`;
/// without a region only international numbers are found.
pub fn find_numbers<'t>(text: &'t str, region: Option<&Region>) -> Vec<Found<'t>> {
    find(text, &Options::region(region))
}

/// Parses a string that should be exactly one phone number, such as a number a page asks to dial.
///
/// # Errors
/// [`ParseError::NotAPhoneNumber`] when the trimmed string is not one whole number.
pub fn parse(input: &str, region: Option<&Region>) -> Result<PhoneNumber, ParseError> {
    let trimmed = input.trim_matches(chars::is_white_space);
    let options = Options {
        min_confidence: 0,
        ..Options::region(region)
    };
    match find(trimmed, &options).as_slice() {
        [only] if only.span == (0..trimmed.len()) => Ok(only.number.clone()),
        _ => Err(ParseError::NotAPhoneNumber),
    }
}

/// For the browser tests (`tests/browser.rs`): whether the scan's 16-byte skip is compiled in
/// (wasm `simd128`), and where the scan with it, the scan without it and a walk over the
/// characters disagree on the next digit (nowhere).
#[doc(hidden)]
pub fn scan_self_check() -> (bool, Vec<String>) {
    let wide = cfg!(all(target_arch = "wasm32", target_feature = "simd128"));
    (wide, find::scan_disagreements())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (raw, E.164, extension) of what is found in `text` with default region `region`.
    fn find_in(text: &str, region: &str) -> Vec<(String, String, Option<String>)> {
        find_numbers(text, Region::find(region))
            .into_iter()
            .map(|f| (f.raw.to_string(), f.number.e164(), f.number.extension))
            .collect()
    }

    /// One line a case: name, default region ("" for none), text => [(raw, E.164[, ext])].
    macro_rules! finds {
        ($($name:ident: $region:literal, $text:expr => [$(($raw:expr, $e164:literal $(, $ext:literal)?)),*];)*) => {$(
            #[test]
            fn $name() {
                let expected: Vec<(String, String, Option<String>)> =
                    vec![$(($raw.to_string(), $e164.to_string(), None$(.or(Some($ext.to_string())))?)),*];
                assert_eq!(find_in($text, $region), expected);
            }
        )*};
    }

    finds! {
        international_plus: "DE", "Tel: +49 30 1234567" => [("+49 30 1234567", "+49301234567")];
        international_plus_no_region: "", "+1 206 555 0100" => [("+1 206 555 0100", "+12065550100")];
        international_double_zero_anywhere: "US", "0044 20 7946 0958" => [("0044 20 7946 0958", "+442079460958")];
        international_us_prefix: "US", "011 49 30 1234567" => [("011 49 30 1234567", "+49301234567")];
        international_au_prefix: "AU", "0011 49 30 1234567" => [("0011 49 30 1234567", "+49301234567")];
        international_sg_prefix_variant: "SG", "019 1 650 333 6000" => [("019 1 650 333 6000", "+16503336000")];
        international_jp_prefix: "JP", "010 49 30 1234567" => [("010 49 30 1234567", "+49301234567")];
        international_ru_prefix: "RU", "810 49 30 1234567" => [("810 49 30 1234567", "+49301234567")];
        international_double_plus: "PL", "++1 (650) 333-6000" => [("++1 (650) 333-6000", "+16503336000")];
        international_full_width_plus: "DE", "＋49 30 1234567" => [("＋49 30 1234567", "+49301234567")];
        trunk_zero_in_parentheses: "GB", "+44 (0)20 7946 0958" => [("+44 (0)20 7946 0958", "+442079460958")];
        national_with_prefix: "DE", "Büro 030 1234567." => [("030 1234567", "+49301234567")];
        national_prefix_required_de: "DE", "Büro 30 1234567." => [];
        national_slash_and_direct_dial_zero: "DE", "089/987654-0" => [("089/987654-0", "+49899876540")];
        direct_dial_suffix_de: "DE", "030 1234567-89" => [("030 1234567-89", "+4930123456789")];
        national_us_parentheses: "US", "(206) 555-0100" => [("(206) 555-0100", "+12065550100")];
        national_us_dots: "US", "206.555.0100" => [("206.555.0100", "+12065550100")];
        national_us_with_trunk_one: "US", "1-206-555-0100" => [("1-206-555-0100", "+12065550100")];
        national_no_trunk_prefix_region: "IT", "06 6982 1234" => [("06 6982 1234", "+390669821234")];
        national_prefix_rewrite_ar_mobile: "AR", "0343 15 555 1212" => [("0343 15 555 1212", "+5493435551212")];
        national_fr_pairs: "FR", "01 42 68 53 00" => [("01 42 68 53 00", "+33142685300")];
        national_fr_dots: "FR", "01.42.68.53.00" => [("01.42.68.53.00", "+33142685300")];
        extension_x: "DE", "030 1234567 x 12" => [("030 1234567 x 12", "+49301234567", "12")];
        extension_ext_dot: "DE", "030 1234567 ext. 12" => [("030 1234567 ext. 12", "+49301234567", "12")];
        extension_ext_long: "US", "(800) 901-3355 ext 7246433" => [("(800) 901-3355 ext 7246433", "+18009013355", "7246433")];
        extension_hash: "NZ", "03 3316005 #3456" => [("03 3316005 #3456", "+6433316005", "3456")];
        extension_durchwahl: "DE", "030 1234567, Durchwahl 12" => [("030 1234567, Durchwahl 12", "+49301234567", "12")];
        extension_poste: "FR", "01 42 68 53 00 poste 12" => [("01 42 68 53 00 poste 12", "+33142685300", "12")];
        separators_nbsp_and_thin_space: "FR", "01\u{A0}42\u{2009}68\u{A0}53\u{A0}00" => [("01\u{A0}42\u{2009}68\u{A0}53\u{A0}00", "+33142685300")];
        separators_narrow_nbsp: "FR", "01\u{202F}42\u{202F}68\u{202F}53\u{202F}00" => [("01\u{202F}42\u{202F}68\u{202F}53\u{202F}00", "+33142685300")];
        separators_figure_space: "FR", "01\u{2007}42\u{2007}68 53 00" => [("01\u{2007}42\u{2007}68 53 00", "+33142685300")];
        separators_en_dash: "DE", "030–1234567" => [("030–1234567", "+49301234567")];
        separators_plain: "DE", "030 1234567" => [("030 1234567", "+49301234567")];
        digits_arabic_indic: "FR", "٠١ ٤٢ ٦٨ ٥٣ ٠٠" => [("٠١ ٤٢ ٦٨ ٥٣ ٠٠", "+33142685300")];
        digits_devanagari: "IN", "०११ २३४५ ६७८९" => [("०११ २३४५ ६७८९", "+911123456789")];
        digits_full_width_cjk_around: "JP", "電話：０３-１２３４-５６７８です" => [("０３-１２３４-５６７８", "+81312345678")];
        cjk_around: "CN", "电话010-12345678转" => [("010-12345678", "+861012345678")];
        thai_around: "TH", "โทร 02 123 4567 คร\u{e31}บ" => [("02 123 4567", "+6621234567")];
        cyrillic_around: "RU", "Тел.: 8 (495) 123-45-67" => [("8 (495) 123-45-67", "+74951234567")];
        arabic_around: "EG", "هاتف 02 2345 6789" => [("02 2345 6789", "+20223456789")];
        label_vouches_for_unassigned_range_us: "US", "Tel. 752.318.9940" => [("752.318.9940", "+17523189940")];
        no_label_needs_assigned_range_us: "US", "Ref 752.318.9940" => [];
        bare_unassigned_range_us: "US", "752.318.9940" => [];
        plus_vouches_for_unassigned_range_ru: "", "+7 371 204 55 19" => [("+7 371 204 55 19", "+73712045519")];
        label_vouches_greek: "GR", "Τηλ. 210 999 9999" => [("210 999 9999", "+302109999999")];
        weak_label_does_not_vouch: "US", "at 752.318.9940" => [];
        label_with_wrong_length_still_no_us: "US", "Tel. 752.318.994" => [];
        // A name column ("Contact 1000") is no phone number, though "Contact" is a label and
        // German numbers may have four digits: a label vouches only for a whole number.
        label_does_not_vouch_for_a_short_number_de: "DE", "Contact 1000" => [];
        area_code_spaced_slash_de: "DE", "Tel.: 089 / 12 34 56" => [("089 / 12 34 56", "+4989123456")];
        mobile_spaced_slash_de: "DE", "Mobil 0171 / 1234567" => [("0171 / 1234567", "+491711234567")];
        two_numbers_spaced_slash_de: "DE", "Tel. 030 1234567 / 040 7654321" => [("030 1234567", "+49301234567"), ("040 7654321", "+49407654321")];
        plus_number_touching_an_arabic_word: "", "العربية +٤٤٣٣٣٣٣٣٣٣٣٣عربي" => [("+٤٤٣٣٣٣٣٣٣٣٣٣", "+443333333333")];
        plus_number_touching_a_latin_word: "", "+443333333333abc" => [];
        national_number_touching_an_arabic_word_eg: "EG", "هاتف 0223456789عربي" => [];
        unbalanced_open_inside_us: "US", "213(3734253" => [];
        // The GPL's address of the Free Software Foundation: a US ZIP code, which Düsseldorf's
        // numbering plan would take as 0211 01301.
        // A label vouches for a number whose national prefix is left out, in a range the plan
        // knows of a closed plan (libphonenumber-js's test); not in an open plan, where it may
        // be a local number without its area code.
        label_stands_in_for_the_national_prefix_fr: "FR", "The phone number is 231354125." => [("231354125", "+33231354125")];
        label_and_copula_vouch_us: "US", "The phone number is 752.318.9940." => [("752.318.9940", "+17523189940")];
        // Chinese "my phone number is" (电话 + 号/号码 + 是) and Hindi "my phone number" (फोन
        // नंबर) are labels too: the country code written without `+` after them (Recognizers-Text).
        label_number_and_copula_zh_ae: "AE", "我的电话号是971551234567." => [("971551234567", "+971551234567")];
        label_number_and_copula_zh_us: "US", "我的电话号码是14325678901." => [("14325678901", "+14325678901")];
        label_hindi_in: "IN", "मेरा फोन नंबर 912239830000 है." => [("912239830000", "+912239830000")];
        label_before_a_start_no_number_has_cn: "CN", "我的电话号是112-3333." => [];
        // Seven digits after a label in the US: a local number without its area code (no
        // E.164 to dial), though Canada, under the same code, has seven-digit 310 numbers.
        label_before_a_local_number_us: "US", "Tel 555-0100" => [];
        label_before_a_local_number_phone_us: "US", "Phone: 555-0100" => [];
        labelled_310_number_ca: "CA", "Tel 310-4357" => [("310-4357", "+13104357")];
        // Numbers listed with a comma and no space; amounts keep their commas.
        comma_list_cn: "CN", "联系电话021-68812753,021-68808888" => [("021-68812753", "+862168812753"), ("021-68808888", "+862168808888")];
        // A dash after a word of a script written without spaces does not glue (Recognizers-Text).
        dash_after_a_business_name_cn: "CN", "宝爵台球会所-13604770960" => [("13604770960", "+8613604770960")];
        dash_after_a_latin_id_cn: "CN", "SKU-13604770960" => [];
        comma_list_de: "DE", "Tel. 030 1234567,030 7654321" => [("030 1234567", "+49301234567"), ("030 7654321", "+49307654321")];
        amounts_with_commas_de: "DE", "Summe 1,250,000 EUR und 12345678,90 EUR" => [];
        label_does_not_vouch_for_a_local_number_de: "DE", "Tel. 4567890" => [];
        no_label_no_missing_national_prefix_fr: "FR", "The code is 231354125." => [];
        // In France only short codes of 4 or 6 digits starting with 1 go without the national
        // prefix; a 9-digit number starting with 1 needs it (Rust's docs: "revision 14689/2987").
        nine_digits_need_the_national_prefix_fr: "FR", "revision 14689/2987, syscalls 125/126/179" => [];
        with_the_national_prefix_fr: "FR", "syscalls 01 46 89 29 87" => [("01 46 89 29 87", "+33146892987")];
        // Look-alikes in the documentation installed with Rust, Node.js and Valgrind.
        day_and_year_after_a_month_it: "IT", "1.1.14: Apr 02 2005" => [];
        day_and_year_after_a_month_de: "DE", "am 5 März 2024 um 030 1234567" => [("030 1234567", "+49301234567")];
        a_number_after_a_date_it: "IT", "Nov 02 2017, Tel. 02 2005" => [("02 2005", "+39022005")];
        a_date_year_first_inside_br: "BR", "Cargo 1.39 (2019-11-07)" => [];
        a_date_year_first_with_slashes_inside_br: "BR", "1.950 2013/7/3" => [];
        a_column_after_a_measure_pl: "PL", "BM_hb_ot_tags_from_script_and_language/LATIN none           4.73 ns         4.71 ns    148421349" => [];
        a_number_after_a_measure_and_a_label_de: "DE", "Gewicht 2 kg, Tel. 030 1234567" => [("030 1234567", "+49301234567")];
        a_range_of_days_de: "DE", "Israel observed DST in 1980 (08-02/09-13) and 1984 (05-05/08-25)." => [];
        a_number_that_starts_like_a_year_br: "BR", "Tel. 19 2013 7033" => [("19 2013 7033", "+551920137033")];
        bytes_of_a_hex_dump_it: "IT", "8048f2b:       c7 45 ec 01 00 00 00    movl   $0x1" => [];
        bytes_before_a_hex_pair_it: "IT", "0040: 01 00 00 00 c7 45 ec" => [];
        a_range_of_commits_de: "DE", "08250398…rust-1.66.0" => [];
        a_standard_pl: "PL", "ANSI X3.4-1977, ISO 646-1973, and NIST FIPS 1-2." => [];
        footnote_marks_us: "US", "is supported).\u{a0}↩\u{a0}1\u{a0}2\u{a0}3\u{a0}4\u{a0}5\u{a0}6\u{a0}7\u{a0}8\u{a0}9\u{a0}10\u{a0}11" => [];
        footnote_marks_pl: "PL", "enabled).\u{a0}↩\u{a0}1\u{a0}2\u{a0}3\u{a0}4\u{a0}5\u{a0}6\u{a0}7\u{a0}8\u{a0}9" => [];
        a_build_number_in_a_version_cn: "CN", "20.20240412.3.1." => [];
        bytes_after_an_address_it: "IT", "8048f28:       89 43 54                mov    %eax,0x54(%ebx)" => [];
        a_version_after_a_bug_number_pl: "PL", "238745\u{a0}\u{a0}3.5.0\u{a0}Make\u{a0}fails" => [];
        a_revision_pl: "PL", "revision\u{a0}14689/2987." => [];
        dotted_french_number_fr: "FR", "Tél. 01.45.55.01.23." => [("01.45.55.01.23", "+33145550123")];
        dotted_french_number_after_the_code_de: "DE", "Paris, France | +33 6.12.34.51.44 |" => [("+33 6.12.34.51.44", "+33612345144")];
        // Look-alikes in the changelogs and READMEs under /usr/share/doc.
        a_version_after_a_patch_number_in: "IN", "4463  9.0.0098  missing include file in timer_create configure check" => [];
        a_package_version_us: "US", "chromium (154.0.8037.57-1~deb12u1) bookworm-security; urgency=high" => [];
        thousands_marked_with_dots_br: "BR", "Total Instr Fetch Cost: 1.658.683.750   895.069.820" => [];
        three_groups_with_dots_es: "ES", "Tel. 912.345.678" => [("912.345.678", "+34912345678")];
        a_program_limit_us: "US", "directive output between 0 and 2147483647" => [];
        a_power_of_ten_cn: "CN", "precision 1000000000 does not work" => [];
        after_a_comparison_it: "IT", "libpam-runtime (>= 0.76-13.1). O_NONBLOCK != 0200004" => [];
        a_bug_number_pl: "PL", "* doc/linsert.n: [Bug 3045123]: Make description" => [];
        columns_of_decimals_pl: "PL", "firefox-canvas-scroll    4.228    4.259   0.36%    8/8" => [];
        cut_from_a_decimal_it: "IT", "firefox-planet-gnome  144.939  146.123   0.61%" => [];
        a_version_from_zero_it: "IT", "upower (0.99.19-1) unstable; urgency=medium" => [];
        french_number_from_zero_fr: "FR", "Tél. 0.801.23.42.45" => [("0.801.23.42.45", "+33801234245")];
        decimals_in_columns_au: "AU", "M   90.7   0.4      133.5  0.7     100.0%" => [];
        a_decimal_au: "AU", "t-xfce4-terminal-a1  1573.97 ->  1351.46 :  1.16x speedup" => [];
        two_commit_hashes_it: "IT", "Merge: f4a8b7001 342751198" => [];
        // Placeholders in the examples of gcloud's man pages.
        placeholder_ids_pl: "PL", "$ gcloud beta builds cancel '123-456-789', '987-654-321'" => [];
        placeholder_id_in: "IN", "$ gcloud alpha healthcare operations cancel 1234567890 \\" => [];
        placeholder_descending_de: "DE", "$ gcloud alpha builds log `098-765-432`" => [];
        // More look-alikes under /usr/share/doc: IDs after `gid`, a plural ID label, counts
        // after `count` and before a unit of software, a tolerance, minus signs in code.
        a_group_id_range_in: "IN", "* Allocate gid 64040-64044 (grsec-tpe, grsec-sock-all," => [];
        request_for_comments_gb: "GB", "according to RFCs 4491/4357/7836." => [];
        an_event_count_us: "US", "Event count (approx.): 3619782704, DSO: libpixman-1.so.0.33.1" => [];
        a_count_of_pixels_es: "ES", "images with more than 715827882 pixels using the" => [];
        a_count_of_bytes_it: "IT", "E.g., \"3441325000 bytes (3.4 GB, 3.2 GiB) copied\"." => [];
        a_tolerance_us: "US", "for 32bit ints, this is +/- 2147483684" => [];
        minus_signs_in_code_es: "ES", "modify_ldt(-629534633, 0x7f354d38a000, 0) = -1, {map_fd=-1159983635}" => [];
        // And the numbers that stay: `Tel-`, `Fax: `, a plural that is no ID label.
        a_number_after_fax_and_phone_de: "DE", "Fax: +49.30.31425156, Phone: +49.30.31424315" => [("+49.30.31425156", "+493031425156"), ("+49.30.31424315", "+493031424315")];
        a_number_after_als_de: "DE", "Erreichbar als 030 1234567" => [("030 1234567", "+49301234567")];
        // A group too long for a count before three that would count up (found by
        // tests/finder_properties.rs: the count overflowed).
        long_group_before_a_count_de: "DE", "99999999999 1 2 3" => [];
        six_digits_in_one_block_au: "AU", "132132  massif: --pages-as-heap=yes does not work" => [];
        six_digits_in_one_block_nl: "NL", "140178  open_memstream not supported" => [];
        six_digits_with_a_leading_zero_it: "IT", "in Italy: 012234." => [("012234", "+39012234")];
        columns_of_a_plain_text_table_us: "US", "220    20  330    30      0       0  mfg.c:g11" => [];
        // Still more look-alikes under /usr/share/doc, and the numbers beside them that stay.
        debian_changelog_header_br: "BR", "gcc-12 (12-20220428-1) unstable; urgency=medium" => [];
        debian_changelog_header_with_a_tilde_nl: "NL", "abseil (0~20200923-2) unstable; urgency=medium" => [];
        debian_version_with_a_tilde_de: "DE", "argon2 which was inadvertently dropped in 0~20171227-0.1 (closes:" => [];
        debian_version_dotted_pl: "PL", "nvidia-settings (470.103.01-1) unstable; urgency=medium" => [];
        a_number_in_parentheses_de: "DE", "Hans Muster (030 1234567) ruft zurück" => [("030 1234567", "+49301234567")];
        columns_two_spaces_apart_es: "ES", "samplerate:   8  11  12  16  22  24  32  44  48" => [];
        columns_two_spaces_apart_it: "IT", "336551  153692   38320  528563   810b3 strace.before" => [];
        double_spaces_in_a_page_source_de: "DE", "Tel.:  +49  30  1234567" => [("+49  30  1234567", "+49301234567")];
        columns_after_a_zero_it: "IT", "25336\t1952\t  0   27288\t6a98 .libs/libpixman.o" => [];
        a_commit_and_its_link_de: "DE", "* [`0507042`](https://github.com/fusesource/jansi/commit/0507042f44562316339b27fe997ad6456e674cf4) fixed" => [];
        a_commit_and_its_link_with_more_digits_de: "DE", "* [`0645365`](https://github.com/fusesource/jansi/commit/06453651594188403f28614097c8598c3bf387e6) update" => [];
        a_number_beside_a_longer_number_de: "DE", "Tel. 0301234567, Kundennummer 03012345678" => [("0301234567", "+49301234567")];
        a_number_beside_a_hash_de: "DE", "Tel. 0301234567 (commit 0301234 ab12cd)" => [("0301234567", "+49301234567")];
        hex_dump_after_an_offset_nl: "NL", "| 00020  08 00 04 00 dd 05 00 00                           ........         |" => [];
        hex_dump_eight_and_eight_cn: "CN", "| 00010  ff ff ff ff 20 00 00 00  10 00 05 00 00 00 00 00  .... ........... |" => [];
        a_list_after_an_id_label_pl: "PL", "* library/bgerror.tcl: [Bugs 3046742,3046750]: Improve keybindings for" => [];
        a_list_after_an_id_label_es: "ES", "Bugs 62791459 and 638037607)" => [];
        a_number_after_an_order_number_de: "DE", "Bestellung 12345, 0301234567" => [("0301234567", "+49301234567")];
        a_month_and_year_in_parentheses_es: "ES", "Recommendation ITU-T T.871 (05/2011): Information technology" => [];
        a_list_of_slashes_cn: "CN", "- Allow to read/write 3/5/7/9/11/13/15 bpp TIF files" => [];
        a_column_of_thousands_pl: "PL", "Total Instr Fetch Cost: 1.658.683.750   895.069.820" => [];
        three_groups_with_dots_after_a_number_es: "ES", "Ref. 12 Tel. 912.345.678" => [("912.345.678", "+34912345678")];
        a_message_id_in: "IN", "Message-ID: <1408653356-21191-2-git-send-email-chris@demorecorder.com>" => [];
        vienna_with_a_spaced_slash_at: "AT", "Tel. 01 / 234 56 78 Fax DW 99" => [("01 / 234 56 78", "+4312345678")];
        a_word_like_a_unit_after_a_number_gb: "GB", "Call 0800 123 4567 lines open 8am to 8pm, or 0161 496 0000 days or evenings" => [("0800 123 4567", "+448001234567"), ("0161 496 0000", "+441614960000")];
        a_count_of_users_us: "US", "Over 12 500 users and 2 125 550 147 views" => [];
        a_direct_line_gb: "GB", "Direct line: 020 7946 0018, order line 0800 123 4567" => [("020 7946 0018", "+442079460018"), ("0800 123 4567", "+448001234567")];
        friday_with_a_dash_before_a_number_de: "DE", "Hotline Mo–Fr 030 1234567" => [("030 1234567", "+49301234567")];
        a_bus_line_de: "DE", "Bus line 123, Linie 45" => [];
        to_order_and_free_of_charge_gb: "GB", "To order: 0800 123 4567, free of charge 0800 765 4321" => [("0800 123 4567", "+448001234567"), ("0800 765 4321", "+448007654321")];
        an_order_number_gb: "GB", "Your order 0800123456 ships today" => [];
        extension_words_nl_de: "NL", "Tel. 020 123 4567 toestel 12 of +49 30 1234567 Nebenstelle 34" => [("020 123 4567 toestel 12", "+31201234567", "12"), ("+49 30 1234567 Nebenstelle 34", "+49301234567", "34")];
        a_room_before_a_number_de: "DE", "Zimmer 12 030 1234567, Bau 2 0711 123456" => [("030 1234567", "+49301234567"), ("0711 123456", "+49711123456")];
        a_building_before_a_number_fr: "FR", "Bât. 2 01 42 68 53 00" => [("01 42 68 53 00", "+33142685300")];
        counts_and_hours_after_a_number_de: "DE", "Tel. 030 1234567 10-18 Uhr, 0711 123456 7 Tage, 030 7654321 3 Leitungen, 089 1234567 2024" => [("030 1234567", "+49301234567"), ("0711 123456", "+49711123456"), ("030 7654321", "+49307654321"), ("089 1234567", "+49891234567")];
        short_groups_of_a_number_de: "DE", "Tel. 030 123 45 67 und 06131 12345 67" => [("030 123 45 67", "+49301234567"), ("06131 12345 67", "+4961311234567")];
        a_floor_after_a_number_de: "DE", "Tel: 030 1234567 2. OG, Fax 030-123 456 7. Danke" => [("030 1234567", "+49301234567"), ("030-123 456 7", "+49301234567")];
        a_floor_after_a_spaced_dash_fr: "FR", "Tél : 01 42 68 53 00 - 2e étage" => [("01 42 68 53 00", "+33142685300")];
        a_fax_suffix_after_a_slash_de: "DE", "Tel./Fax 030 1234567/-8, Zentrale 030 7654321-10/-11" => [("030 1234567", "+49301234567"), ("030 7654321-10", "+49307654321", "10")];
        another_ending_after_a_slash_de: "DE", "Tel. 030 1234567/68, Fax 0711 123456/57/58" => [("030 1234567", "+49301234567"), ("68", "+49301234568"), ("0711 123456", "+49711123456"), ("57", "+49711123457"), ("58", "+49711123458")];
        another_ending_after_a_slash_us: "US", "Call (212) 555-0147/0148 today" => [("(212) 555-0147", "+12125550147"), ("0148", "+12125550148")];
        groups_after_slashes_are_no_other_ending: "US", "Tel 650/253/1234" => [("650/253/1234", "+16502531234")];
        the_trunk_zero_spaced_from_the_area_code_de: "DE", "Tel. 0 30 / 12 34 56 78" => [("0 30 / 12 34 56 78", "+493012345678")];
        a_count_after_a_bare_x_de: "DE", "Tel. 030 1234567 x 2 Leitungen, 030 7654321 x 12" => [("030 1234567", "+49301234567"), ("030 7654321 x 12", "+49307654321", "12")];
        a_spaced_slash_after_the_area_code_of_a_plus_number_de: "DE", "Tel.: +49 (0) 30 / 12 34 56-78, Fax +49 30 / 1234567" => [("+49 (0) 30 / 12 34 56-78", "+493012345678"), ("+49 30 / 1234567", "+49301234567")];
        two_plus_numbers_either_side_of_a_spaced_slash: "DE", "+49 30 1234567 / +49 40 7654321" => [("+49 30 1234567", "+49301234567"), ("+49 40 7654321", "+49407654321")];
        extension_words_pl_br_tr_sv_cn: "PL", "tel. 22 123 45 67 wew. 123, Ramal: 45, +90 212 123 45 67 dahili 12, +46 8 123 456 78 ankn. 9, 010-65980408转8001, 010-65980409 分机 12" => [("22 123 45 67 wew. 123", "+48221234567", "123"), ("+90 212 123 45 67 dahili 12", "+902121234567", "12"), ("+46 8 123 456 78 ankn. 9", "+46812345678", "9")];
        extension_words_cn_jp: "CN", "电话：010-65980408转8001，010-65980409 分机 12" => [("010-65980408转8001", "+861065980408", "8001"), ("010-65980409 分机 12", "+861065980409", "12")];
        meeting_codes_after_pauses_us: "US", "Join: +16465588656,,85012345678#,,,,*123456# US (New York), +1 323-849-4874,,716867208# Teams, +1-415-655-0001,,1234567890## Webex" => [("+16465588656,,85012345678#,,,,*123456#", "+16465588656", ",,85012345678#,,,,*123456#"), ("+1 323-849-4874,,716867208#", "+13238494874", ",,716867208#"), ("+1-415-655-0001,,1234567890##", "+14156550001", ",,1234567890##")];
        a_meeting_pin_after_its_number_us: "US", "Join by phone (US) +1 405-531-2839 PIN: 123 456 789# More phone numbers; Voicemail +1 206 555 0100 PIN 1234, +1 206 555 0101 pinned 12#" => [("+1 405-531-2839 PIN: 123 456 789#", "+14055312839", ",123456789#"), ("+1 206 555 0100", "+12065550100"), ("+1 206 555 0101", "+12065550101")];
        // The Hyperledger wiki's invitations: a personal meeting ID of ten digits is a valid
        // number of its own (403 is Alberta's), but the tones of the one-tap number before it.
        meeting_ids_that_look_like_numbers_us: "US", "US: +16465588656,,4034983298#\u{A0} or +16699006833,4034983298#" => [("+16465588656,,4034983298#", "+16465588656", ",,4034983298#"), ("+16699006833,4034983298#", "+16699006833", ",4034983298#")];
        meeting_id_before_a_word_us: "US", "+16699006833,,4034983298#International numbers" => [("+16699006833,,4034983298#", "+16699006833", ",,4034983298#")];
        // Tencent Meeting's Hong Kong bridge: the language's digit, a pause, the meeting ID.
        menu_choice_before_the_code_cn: "CN", "手机一键拨号入会 +8675536550000,,30597367791# (中国大陆) +85230018898,,,2,30597367791# (中国香港)" => [("+8675536550000,,30597367791#", "+8675536550000", ",,30597367791#"), ("+85230018898,,,2,30597367791#", "+85230018898", ",,,2,30597367791#")];
        numbers_run_together_us: "US", "iPhone (one-tap)+16465588656,,4034983298#+16699006833,,4034983298#Phone numbers (USA)+1(646)558-8656+1 669 900 6833Toll-free" => [("+16465588656,,4034983298#", "+16465588656", ",,4034983298#"), ("+16699006833,,4034983298#", "+16699006833", ",,4034983298#"), ("+1(646)558-8656", "+16465588656"), ("+1 669 900 6833", "+16699006833")];
        meeting_ids_in_chinese_cn: "CN", "会议ID：431 3158 1277 会议号码：305 9736 7791 会议电话：010-87833177" => [("010-87833177", "+861087833177")];
        // The Hyperledger wiki: a date in an image's name, a DOI's suffix in a URL.
        file_and_host_names_us: "US", "Hyperledger Update 2023 01 12-01.png (image/png); Available from: http://journal.pda.org/content/early/2019/02/05/pdajpst.2018.009407.abstract" => [];
        // The Hyperledger wiki read in Germany and Italy: recordings named by their date,
        // a session's number before its date.
        compact_dates_de: "DE", "## Recording: 09122023 Call Recording; 04072022 Digital Asset SIG; Tel. 09122023" => [("09122023", "+499122023")];
        day_first_date_after_a_number_it: "IT", "Session 3 24/04/2021, Session 6- 15/05/2021" => [];
        // A meeting's password on the Hyperledger wiki, read in Poland.
        passwords_pl: "PL", "sunyar@gmail.com    Password: 946186012; Kennwort: 501 234 567; Tel. 501 234 567" => [("501 234 567", "+48501234567")];
        // A citation on the Hyperledger wiki, read in Poland.
        arxiv_ids_pl: "PL", "Rethinking blockchain security: position paper. arXiv [Internet]. 2018 Jun 12 [cited 2019 Feb 1]; 1806.04358:[8 p.]. Tel. 1806.04358" => [];
        arxiv_named_on_another_line_pl: "PL", "arXiv\nTel. 1806.04358" => [("1806.04358", "+48180604358")];
        a_passcode_needs_its_pound_and_nothing_touching_us: "US", "+16465588656,,85012345678#,,,,*123456 then; +16465588656,,85012345679#,,,,*12# ok; +16465588656,,85012345670#,,,,*123456#7; +16465588656,,85012345671#,,,,,,,,,*123456#; +16465588656,,85012345672#,123456#" => [("+16465588656,,85012345678#", "+16465588656", ",,85012345678#"), ("+16465588656,,85012345679#", "+16465588656", ",,85012345679#"), ("+16465588656,,85012345670#", "+16465588656", ",,85012345670#"), ("+16465588656,,85012345671#", "+16465588656", ",,85012345671#"), ("+16465588656,,85012345672#,123456#", "+16465588656", ",,85012345672#,123456#")];
        no_meeting_code_without_its_pound_de: "DE", "+49 30 1234567,,10115,Berlin; +49 40 7654321,12345#6; +49 89 1234567,,12#" => [("+49 30 1234567", "+49301234567"), ("+49 40 7654321", "+49407654321"), ("+49 89 1234567", "+49891234567")];
        extension_word_ramal_br: "BR", "Tel. (11) 3456-7890 ramal 45" => [("(11) 3456-7890 ramal 45", "+551134567890", "45")];
        order_and_customer_numbers_jp: "JP", "注文番号：0312345678　お客様番号 0312345679　電話番号 03-1234-5678" => [("03-1234-5678", "+81312345678")];
        order_and_tracking_numbers_cn: "CN", "订单编号：13800138000，快递单号 13900139000，电话 010-65980408" => [("010-65980408", "+861065980408")];
        order_and_registration_numbers_kr: "KR", "주문번호 0212345678, 사업자등록번호 123-45-67890, 전화 02-1234-5678" => [("02-1234-5678", "+82212345678")];
        ids_after_their_labels_fr_br_de: "FR", "N° client 0142685300, Protocolo 0612345678, Artikelnummer 0142685301 – Tél. 01 42 68 53 00" => [("01 42 68 53 00", "+33142685300")];
        a_direct_dial_suffix_alone_after_a_switchboard_de: "DE", "Tel. 089 12345-0, Fax -99\nTelefon 0221 1234-0\nTelefax: -100, Zimmer -12" => [("089 12345-0", "+4989123450"), ("-99", "+49891234599"), ("0221 1234-0", "+4922112340"), ("-100", "+492211234100")];
        direct_dial_suffixes_of_departments_de: "DE", "Zentrale 030 12345-0, Durchwahl Vertrieb -310, Service -320\nTelefon 0711 98765-0 · Einkauf: -220 · Zimmer -12" => [("030 12345-0", "+4930123450"), ("-310", "+493012345310"), ("-320", "+493012345320"), ("0711 98765-0", "+49711987650"), ("-220", "+4971198765220")];
        no_direct_dial_suffix_without_a_switchboard_de: "DE", "Tel. 089 1234567, Fax -99, Tel. 030 12345-0 bei -5 Grad" => [("089 1234567", "+49891234567"), ("030 12345-0", "+4930123450")];
        whois_and_epp_numbers: "DE", "Registrant Phone: +1.2065550100\nRegistrant Fax: +49.301234567\nLocation: +52.5200066 +13.404954" => [("+1.2065550100", "+12065550100"), ("+49.301234567", "+49301234567")];
        a_sum_before_an_equals_sign_br: "BR", "is (357526 + 81936) / (26821559 – 92499–26033 – 19216) = 1.6%, or 1134567890 = 100%" => [];
        licence_and_filing_numbers_cn: "CN", "信息网络传播视听节目许可证0105108号　京｜ICP备11020872号－17　京公网安备110105007246　电话 010-65980408" => [("010-65980408", "+861065980408")];
        a_date_glued_to_a_rank_pl: "PL", "各年の人気オープンソース・ソフトウェアベスト52014/01/30" => [];
        the_ten_digits_in_one_block_fr: "FR", "converting \"0123456789\" to \"0-9\", or call 01 23 45 67 89" => [("01 23 45 67 89", "+33123456789")];
        a_direct_line_after_a_switchboard_de: "DE", "Zentrale 030 12345-0, Durchwahl -78; Tel. 089 1234-0 DW 12" => [("030 12345-0, Durchwahl -78", "+49301234578"), ("089 1234-0 DW 12", "+4989123412")];
        other_endings_fr_and_a_chain_de: "FR", "Tél. 01 42 68 53 00/01, +49 30 1234567/8/9" => [("01 42 68 53 00", "+33142685300"), ("01", "+33142685301"), ("+49 30 1234567", "+49301234567"), ("8", "+49301234568"), ("9", "+49301234569")];
        a_chain_of_endings_after_slashes_de: "DE", "Tel 030/1234567/8/9, Liste 3/5/7/9/11" => [("030/1234567", "+49301234567"), ("8", "+49301234568"), ("9", "+49301234569")];
        direct_dial_suffixes_after_a_spaced_hyphen_de: "DE", "Telefon: 02131 / 12 34 - 0 Telefax: - 99\nFax 0711 / 123 456 - 99\nTel. (030) 123 456 - 78, Tel. 030 1234567 - 2 Leitungen" => [("02131 / 12 34 - 0", "+49213112340"), ("- 99", "+492131123499"), ("0711 / 123 456 - 99", "+4971112345699"), ("(030) 123 456 - 78", "+493012345678"), ("030 1234567", "+49301234567")];
        extension_words_ru_ua_cz_hu_se: "RU", "Тел. +7 495 123-45-67 доп. 12, +7 495 123-45-68 вн. 34, +380 44 123 4567 дод. 5, +420 224 123 456 linka 6, +36 1 234 5678 mellék 7, +46 8 123 456 78 lokal 8" => [("+7 495 123-45-67 доп. 12", "+74951234567", "12"), ("+7 495 123-45-68 вн. 34", "+74951234568", "34"), ("+380 44 123 4567 дод. 5", "+380441234567", "5"), ("+420 224 123 456 linka 6", "+420224123456", "6"), ("+36 1 234 5678 mellék 7", "+3612345678", "7"), ("+46 8 123 456 78 lokal 8", "+46812345678", "8")];
        an_area_code_closed_the_korean_way_kr: "KR", "전화 02)1234-5678, 팩스 031)123-4567, 1) 2) 3)" => [("02)1234-5678", "+82212345678"), ("031)123-4567", "+82311234567")];
        no_area_code_closed_without_a_trunk_zero_us: "US", "213) 373-4253" => [];
        ids_after_hyphened_number_labels_de: "DE", "Kunden-Nr.: 0301234567, Art.-Nr. 0301234568, Pers.-Nr. 0301234569, Ticket-Nr. 0301234570, Aktenzeichen 0301234571; Tel.-Nr. 030 1234572, Telefon-Nr. 030 1234573, Fax-Nr. 030 1234574, Ruf-Nr. 030 1234575, Handy-Nr. 0171 5550123" => [("030 1234572", "+49301234572"), ("030 1234573", "+49301234573"), ("030 1234574", "+49301234574"), ("030 1234575", "+49301234575"), ("0171 5550123", "+491715550123")];
        customer_and_order_numbers_fr_it_nl_pl: "FR", "N° de client : 0142685300, Réf. client 0142685301, Codice cliente 0142685302, Klantnr. 0142685303, Nr faktury 0142685304, Service client : 01 42 68 53 05" => [("01 42 68 53 05", "+33142685305")];
        crm_and_meeting_ids_us: "US", "Lead ID 2065550100, Opportunity # 2065550101, Deal 2065550102, Meeting 2065550103, Passcode 2065550104; dial +1 646 558 8656" => [("+1 646 558 8656", "+16465588656")];
        vanity_numbers_us: "US", "Call 1-800-FLOWERS (1-800-356-9377), 1-800-GOT-JUNK or 1-800-356-WINE." => [("1-800-FLOWERS", "+18003569377"), ("1-800-356-9377", "+18003569377"), ("1-800-GOT-JUNK", "+18004685865"), ("1-800-356-WINE", "+18003569463")];
        no_vanity_number_without_seven_capitals: "US", "1-800-Flowers, 1-800-CONTACTS, 1-800-HELP-ME, 1-212-FLOWERS, 800-FLOWERS, 1-800-FLOWERS2" => [];
        no_vanity_number_where_the_digits_are_none_de: "DE", "1-800-FLOWERS" => [];
        a_postcode_after_cep_br: "BR", "Av. Paulista, 1000 - CEP: 01310-100, São Paulo" => [];
        a_hebrew_mobile_label_vouches_il: "IL", "נייד: 050-1234567" => [("050-1234567", "+972501234567")];
        friday_before_a_number_de: "DE", "Hotline Mo-Fr 030 1234567, Preis EUR 1250" => [("030 1234567", "+49301234567")];
        french_number_before_de_fr: "FR", "Appelez le 01 42 68 53 00 de 9h à 18h, ab 08 ce" => [("01 42 68 53 00", "+33142685300")];
        hex_dump_pairs_before_two_spaces_cn: "CN", "| 00000  28 00 00 00 10 00 05 00  d0 d9 aa 53 00 00 00 00  (..........S.... |" => [];
        a_range_in_a_shell_it: "IT", "bash -c 'for i in {0..10000}; do echo; done'" => [];
        an_ellipsis_between_two_numbers_pl: "PL", "* linux/mips/syscallent-n32.h [6403...6423]: Likewise." => [];
        revision_ranges_cn: "CN", "r10664-10686,10689-10690,10692,10695-10696,10699-10775" => [];
        a_range_of_revisions_br: "BR", "tests/tstrtofr.c in r13278-13279,13286-13288." => [];
        an_indian_mobile_with_a_dash_in: "IN", "Mobile 98450-61234, 98450-98570" => [("98450-61234", "+919845061234"), ("98450-98570", "+919845098570")];
        a_chinese_standard_pl: "PL", "* Add SM3 implemented according to GB/T 32905-2016" => [];
        a_number_in_brackets_pl: "PL", "* [6436087] src:iptables: drop unused manual pages" => [];
        a_longer_list_after_an_id_label_pl: "PL", "* generic/tclBasic.c:    [Bugs 3046594,3047235,3048771]: New" => [];
        steps_of_a_hundred_pl: "PL", ".  sizes 500 600 700 800 900 1000 1095 1200 1400 1440 1600 \\" => [];
        steps_of_thirty_two_pl: "PL", "for n in 32 64 96 128; do" => [];
        counting_in_pairs_it: "IT", "Partially addressable: 01 02 03 04 05 06 07" => [];
        a_french_number_in_pairs_fr: "FR", "Tél. 01 02 03 05 08" => [("01 02 03 05 08", "+33102030508")];
        two_less_than_a_power_of_two_cn: "CN", "allow GID from 2147483648 to 4294967294" => [];
        a_column_of_decimals_au: "AU", "[  0]    image            xfce4-terminal-a1  130.400  131.720   0.46%    6/6" => [];
        an_italian_number_with_a_dot_it: "IT", "Tel. 02.12345678  Fax 02.12345679" => [("02.12345678", "+390212345678"), ("02.12345679", "+390212345679")];
        a_comparison_of_values_pl: "PL", "(940582863 > 940579269)" => [];
        a_quoted_reply_pl: "PL", "> 512 345 678 to mój numer" => [("512 345 678", "+48512345678")];
        six_digits_after_a_label_on_the_line_before_pl: "PL", "Add missing PPC64 system call support\n210481  vex amd64->IR: Assertion failed" => [];
        a_version_cut_by_a_number_pl: "PL", "306310\u{a0}\u{a0}3.8.0 release tarball missing some files" => [];
        // The identifiers of a reference, as every Wikipedia article lists them (outside pages:
        // Mozilla Readability's test pages).
        a_doi_de: "DE", "Bibcode:2006PNAS..10319419W. doi:10.1073/pnas.0605684103. PMC 1697831." => [];
        a_doi_fr: "FR", "doi:10.1073/pnas.0801507105" => [];
        a_doi_starting_the_run_cn: "CN", "35 (4): 567–591. doi:10.1111/1467-8543.00069. Archived" => [];
        a_pubmed_central_id_pl: "PL", "doi:10.1073/pnas.1015876108. PMC 3033267. PMID 21187404." => [];
        authority_ids_pl: "PL", "SUDOC: 149871848" => [];
        authority_ids_in_parentheses_pl: "PL", "WorldCat Identities (via VIAF): 130102165" => [];
        a_number_after_a_doi_de: "DE", "doi:10.1000/182 Tel. 030 1234567" => [("030 1234567", "+49301234567")];
        a_number_glued_to_a_label_de: "DE", "Tel.030 1234567" => [("030 1234567", "+49301234567")];
        // Mexico's dropped prefixes, still written (see LEGACY_NATIONAL_PREFIXES in xtask's
        // tables.rs): the ten digits after them are the number.
        a_legacy_toll_free_prefix_mx: "MX", "Llámenos al 01 800 123 4567" => [("01 800 123 4567", "+528001234567")];
        a_legacy_long_distance_prefix_mx: "MX", "Tel. 01 55 5255 1234" => [("01 55 5255 1234", "+525552551234")];
        a_legacy_mobile_prefix_mx: "MX", "Cel. 044 55 1234 5678" => [("044 55 1234 5678", "+525512345678")];
        a_legacy_mobile_digit_mx: "MX", "WhatsApp +52 1 55 1234 5678" => [("+52 1 55 1234 5678", "+525512345678")];
        a_legacy_mobile_digit_abroad_us: "US", "Mexico office: +52 1 33 1234 5678" => [("+52 1 33 1234 5678", "+523312345678")];
        the_ten_digits_alone_mx: "MX", "Tel. 55 5255 1234" => [("55 5255 1234", "+525552551234")];
        // Colombia's fixed lines before `60` went before them (LEGACY_LENGTHS), after `+57`.
        an_old_bogota_number_co: "CO", "PBX: +57 1 323 7777" => [("+57 1 323 7777", "+576013237777")];
        an_old_medellin_number_us: "US", "Medellín: +57 4 444 5555" => [("+57 4 444 5555", "+576044445555")];
        a_new_bogota_number_co: "CO", "Tel. 601 323 7777" => [("601 323 7777", "+576013237777")];
        a_year_range_co: "CO", "South African War 1899–1902" => [];
        a_range_of_earlier_years_kr: "KR", "South African War 1899–1902" => [];
        a_range_of_earlier_years_bm: "BM", "Maori and Europeans 1642–1772. Auckland" => [];
        a_korean_number_with_a_hyphen_kr: "KR", "고객센터 1544-1600" => [("1544-1600", "+8215441600")];
        // Look-alikes on real pages read in another country (Postlight Parser's test pages): a
        // batter's slash line, a date with dashes and a two-digit year.
        a_slash_line_it: "IT", "he produced a sizzling .342/.370/.567 slash line this year" => [];
        a_slash_line_pl: "PL", "hitting .231/.278/.376 with" => [];
        a_date_with_dashes_it: "IT", "Pubblicato il 01-09-17 alle 10:00" => [];
        a_number_after_a_label_and_a_dot_de: "DE", "Tel.:030 1234567" => [("030 1234567", "+49301234567")];
        an_international_number_with_dots_de: "DE", "Phone: +49.30.31424315" => [("+49.30.31424315", "+493031424315")];
        // Six digits after a label on its own line are taken: Italy's toll-free numbers have
        // six; no Italian number of six digits starts with 31, so `Tel. 319235` is not one.
        six_digits_after_a_label_it: "IT", "Tel. 803116" => [("803116", "+39803116")];
        six_digits_no_number_of_that_length_starts_so_it: "IT", "Tel. 319235" => [];
        // The GPL's citation of the US Code of Federal Regulations.
        section_of_a_code_de: "DE", "48 C.F.R. 227.7202-1 through 227.7202-4" => [];
        // From Debian's copyright files (/usr/share/doc/*/copyright): a US date with dashes,
        // regulations' sections after their names, a ZIP code on the line after its state.
        us_date_with_dashes_de: "DE", "petit313.tgz (as of\n 07-26-2011)." => [];
        regulation_sections_us: "US", "DFARS 252.227-7014 (June 1995); 48 CFR 227.7202" => [];
        zip_on_the_next_line_de: "DE", "Boston, MA\n   02110-1301 USA" => [];
        zip_after_state_de: "DE", "Boston, MA 02110-1301 USA" => [];
        zip_after_state_beside_a_number_de: "DE", "Boston, MA 02110-1301, phone +1 617 542 5942" => [("+1 617 542 5942", "+16175425942")];
        unbalanced_close_inside_us: "US", "213) 373-4253" => [];
        balanced_area_code_us: "US", "Call (213) 373-4253 now" => [("(213) 373-4253", "+12133734253")];
        spaced_area_code_br: "BR", "My phone number is ( 19 ) 38294427." => [("( 19 ) 38294427", "+551938294427")];
        spaced_dash_after_area_code_nl: "NL", "My phone number is 010 - 123 45 67." => [("010 - 123 45 67", "+31101234567")];
        spaced_dash_between_numbers_de: "DE", "Tel. 030 1234567 - 040 7654321" => [("030 1234567", "+49301234567"), ("040 7654321", "+49407654321")];
        open_before_without_close_us: "US", "(213 373-4253" => [("213 373-4253", "+12133734253")];
        // The AMD notice in GCC's copyright file: a number wrapped whole in parentheses.
        wrapped_in_parentheses_us: "US", "800-29-29-AMD (800-292-9263) in the USA" => [("800-292-9263", "+18002929263")];
        extension_after_a_wide_gap_gb: "GB", "+44 2034567890    X 456" => [("+44 2034567890    X 456", "+442034567890", "456")];
        // A switchboard's extension after a hyphen, the Chinese way (Recognizers-Text's cases).
        hyphen_extension_cn: "CN", "联系电话:010-65980408-8001 传真电话:010-65980408-8000" => [("010-65980408-8001", "+861065980408", "8001"), ("010-65980408-8000", "+861065980408", "8000")];
        hyphen_extension_after_plus_us: "US", "Call +86 20 61302222-8866." => [("+86 20 61302222-8866", "+862061302222", "8866")];
        label_does_not_vouch_for_a_first_digit_the_country_never_has: "US", "Tél. 01 42 68 53 00" => [];
        id_label_cvr_dk: "DK", "CVR: 12345678" => [];
        id_label_cvr_then_phone_dk: "DK", "CVR: 12345678 · Tlf. 33 12 34 56" => [("33 12 34 56", "+4533123456")];
        id_label_inn_ru: "RU", "ИНН 7707083893" => [];
        id_label_nip_pl: "PL", "NIP: 123-456-32-18" => [];
        id_label_regon_pl: "PL", "REGON 123456785" => [];
        id_label_siren_fr: "FR", "SIREN 732 829 320" => [];
        id_label_siret_fr: "FR", "SIRET : 732 829 320 00074" => [];
        id_label_abn_au: "AU", "ABN 51 824 753 556" => [];
        id_label_org_nr_se: "SE", "Org.nr: 556677-8899" => [];
        id_label_orgnr_no: "NO", "Org.nr. 923 609 016" => [];
        id_label_kvk_nl: "NL", "KvK 12345678" => [];
        id_label_btw_nl: "NL", "BTW-nummer: NL001234567B01" => [];
        id_label_ust_idnr_de: "DE", "USt-IdNr.: DE 123456789" => [];
        id_label_steuernummer_de: "DE", "Steuernummer 030 123 45678" => [];
        id_label_hrb_de: "DE", "Amtsgericht Charlottenburg, HRB 123456" => [];
        id_label_uid_ch: "CH", "UID: CHE-123.456.789" => [];
        id_label_company_no_gb: "GB", "Company No. 01234567" => [];
        id_label_vat_gb: "GB", "VAT Reg No: 123 4567 89" => [];
        id_label_partita_iva_it: "IT", "P.IVA 01234567890" => [];
        id_label_cnpj_br: "BR", "CNPJ 11.222.333/0001-81" => [];
        id_label_afm_gr: "GR", "ΑΦΜ 094019245" => [];
        id_label_houjin_jp: "JP", "法人番号 1234567890123" => [];
        reject_iso_date: "DE", "am 2024-01-15 um" => [];
        reject_german_date: "DE", "15.01.2024" => [];
        reject_us_date: "US", "1/15/2024" => [];
        reject_two_digit_year_date: "US", "10/12/82" => [];
        reject_day_month_and_time: "DE", "am 21.6. um 10:30" => [];
        reject_date_range: "DE", "01.02.–05.02.2024" => [];
        reject_day_range: "DE", "15.–17.03.2024" => [];
        reject_time_range: "DE", "9:00–17:00 Uhr" => [];
        reject_spaced_time_range: "DE", "10:00 - 12:00" => [];
        reject_date_time: "US", "2012-01-02 08:00" => [];
        reject_timestamp: "", "2024-01-15T10:22:31Z" => [];
        reject_ipv4: "DE", "192.168.100.124" => [];
        reject_ipv6: "DE", "fe80::1ff:fe23:4567:890a" => [];
        reject_versions: "DE", "v2.4.1 und 10.0.19045" => [];
        reject_prices: "DE", "€ 1.250,00 und 1.250,00 € und $1234567.00" => [];
        reject_amounts_with_codes: "US", "USD 1,299.99 and 12 345,67 EUR" => [];
        reject_percentages: "DE", "12,5 % und 99.9%" => [];
        reject_postcodes: "DE", "D-80331 München, 10115 Berlin" => [];
        reject_uk_postcode: "GB", "SW1A 1AA" => [];
        reject_invoice_id: "DE", "INV-2024-000123" => [];
        reject_hash_id: "DE", "#4711" => [];
        reject_po_number: "DE", "PO 123456789" => [];
        reject_order_label: "DE", "Order No. 0301234567" => [];
        reject_iban: "DE", "IBAN DE89 3704 0044 0532 0130 00" => [];
        reject_card_number: "DE", "4111 1111 1111 1111" => [];
        reject_isbn: "DE", "ISBN 978-3-16-148410-0" => [];
        reject_ean: "DE", "EAN 4006381333931" => [];
        reject_coordinates: "DE", "52.520008, 13.404954" => [];
        reject_degrees: "DE", "48.8566° N" => [];
        reject_year_range: "DE", "1979-2011" => [];
        reject_spaced_year_range: "DE", "2019 – 2024" => [];
        reject_resolution: "DE", "1920 x 1080 px" => [];
        reject_measurement: "DE", "120 mm" => [];
        reject_glued_to_letters: "DE", "INV030123456 and 0301234567abc" => [];
        reject_glued_to_word_after_hyphen: "DE", "0301234567-abc" => [];
        label_before_hyphen: "US", "My number-415-666-7777" => [("415-666-7777", "+14156667777")];
        reject_too_short: "DE", "12345" => [];
        reject_unbalanced_brackets: "US", "(80).(585) (79).(9)64" => [];
        two_numbers_with_slash: "DE", "030 1234567 / 040 7654321" => [("030 1234567", "+49301234567"), ("040 7654321", "+49407654321")];
        two_numbers_with_comma: "", "+49 30 1234567, +33 1 23 45 67 89" => [("+49 30 1234567", "+49301234567"), ("+33 1 23 45 67 89", "+33123456789")];
        country_named_on_the_line: "DE", "Marie Curie · Paris, France · 01 42 68 53 00" => [("01 42 68 53 00", "+33142685300")];
        country_named_without_number: "DE", "Acme SARL, 12 rue X, 75008 Paris, France" => [];
    }

    /// How sure the finder is, case by case: labels raise, ID labels lower, a region found by a
    /// hint costs a little.
    #[test]
    fn reasons() {
        let de = Options::region(Region::find("DE"));
        for (text, written, region, label, confidence) in [
            (
                "Tel. 030 1234567",
                Written::NationalPrefix,
                RegionFrom::Default,
                Some(Label::Phone),
                95,
            ),
            (
                "030 1234567",
                Written::NationalPrefix,
                RegionFrom::Default,
                None,
                80,
            ),
            (
                "Fax +49 30 1234567",
                Written::International,
                RegionFrom::Number,
                Some(Label::Fax),
                100,
            ),
            (
                "Handy 0151 23456789",
                Written::NationalPrefix,
                RegionFrom::Default,
                Some(Label::Mobile),
                95,
            ),
            (
                "Invoice +49 30 1234567",
                Written::International,
                RegionFrom::Number,
                Some(Label::Id),
                50,
            ),
            (
                "0049 30 1234567",
                Written::InternationalPrefix,
                RegionFrom::Number,
                None,
                85,
            ),
            (
                "Paris, France: 01 42 68 53 00",
                Written::NationalPrefix,
                RegionFrom::Line,
                None,
                75,
            ),
        ] {
            let found = find(text, &de);
            assert_eq!(found.len(), 1, "{text}");
            let reason = found[0].reason;
            assert_eq!(
                (
                    reason.written,
                    reason.region,
                    reason.label,
                    reason.confidence
                ),
                (written, region, label, confidence),
                "{text}"
            );
        }
        let gb = find("44 20 7946 0958", &Options::region(Region::find("GB")));
        assert_eq!(
            (gb[0].reason.written, gb[0].reason.confidence),
            (Written::CountryCodeWithoutPlus, 55)
        );
        // An ID label keeps a national number under the bar.
        assert!(find("Rechnung 030 1234567", &de).is_empty());
        assert_eq!(
            find(
                "Rechnung 030 1234567",
                &Options {
                    min_confidence: 0,
                    ..de
                }
            )
            .len(),
            0
        );
    }

    /// Region "auto": the page's domain and language, a `+CC` number on the same line, a
    /// country named on a nearby line of the same paragraph; and hints the caller knows.
    #[test]
    fn region_hints() {
        let e164 = |text: &str, options: &Options| -> Vec<String> {
            find(text, options)
                .iter()
                .map(|f| f.number.e164())
                .collect()
        };
        let auto = |language: Option<&'static str>, domain: Option<&'static str>| Options {
            region: RegionChoice::Auto,
            hints: Hints {
                language,
                domain,
                regions: &[],
                also: &[],
            },
            ..Options::default()
        };
        let fr_number = "Tél. 01 42 68 53 00";
        assert_eq!(e164(fr_number, &auto(None, None)), Vec::<String>::new());
        assert_eq!(
            e164(fr_number, &auto(Some("fr-FR"), None)),
            ["+33142685300"]
        );
        assert_eq!(
            e164(fr_number, &auto(None, Some("shop.example.fr"))),
            ["+33142685300"]
        );
        assert_eq!(
            e164("+33 1 42 68 53 01 ou 01 42 68 53 00", &auto(None, None)),
            ["+33142685301", "+33142685300"]
        );
        let signature = "Durand SARL\n12 rue X, 75008 Paris, France\nTél. 01 42 68 53 00";
        assert_eq!(
            e164(signature, &Options::region(Region::find("DE"))),
            ["+33142685300"]
        );
        let blank_line_between = "75008 Paris, France\n\nTél. 01 42 68 53 00";
        assert_eq!(
            e164(blank_line_between, &auto(None, None)),
            Vec::<String>::new()
        );
        let block = [Region::find("GB").unwrap()];
        let hinted = Options {
            hints: Hints {
                regions: &block,
                ..Hints::default()
            },
            ..Options::default()
        };
        assert_eq!(e164("020 7946 0958", &hinted), ["+442079460958"]);
        // With a fixed default the page's country still places what is no number at home,
        // after the default: a French page read by a user in the United States.
        let us_reading_fr = |language, domain| Options {
            region: RegionChoice::Fixed(Region::find("US").unwrap()),
            ..auto(language, domain)
        };
        assert_eq!(
            e164(fr_number, &us_reading_fr(Some("fr"), None)),
            ["+33142685300"]
        );
        assert_eq!(
            e164(fr_number, &us_reading_fr(None, Some("example.fr"))),
            ["+33142685300"]
        );
        assert_eq!(
            e164(fr_number, &us_reading_fr(None, None)),
            Vec::<String>::new()
        );
        assert_eq!(
            e164("Tel. (206) 555-0100", &us_reading_fr(Some("fr"), None)),
            ["+12065550100"],
            "the default country comes first"
        );
    }

    #[test]
    fn possible_leniency_checks_lengths_only() {
        let us = Region::find("US");
        let possible = Options {
            leniency: Leniency::Possible,
            ..Options::region(us)
        };
        assert!(find_numbers("123-456-7890", us).is_empty());
        assert_eq!(find("123-456-7890", &possible).len(), 1);
    }

    #[test]
    fn parse_takes_exactly_one_number() {
        let de = Region::find("DE");
        assert_eq!(
            parse(" +49 30 1234567 ", de).unwrap().e164(),
            "+49301234567"
        );
        assert_eq!(parse("0301234567", de).unwrap().e164(), "+49301234567");
        let with_extension = parse("030 1234567 x 12", de).unwrap();
        assert_eq!(with_extension.extension.as_deref(), Some("12"));
        for bad in [
            "",
            "abc",
            "030 1234567 x",
            "+49 30 1234567, 040 7654321",
            "2024-01-15",
        ] {
            assert_eq!(parse(bad, de), Err(ParseError::NotAPhoneNumber), "{bad:?}");
        }
    }

    #[test]
    fn e164_without_fmt() {
        for (code, national, expected) in [
            (1, "2065550100", "+12065550100"),
            (49, "301234567", "+49301234567"),
            (800, "12345678", "+80012345678"),
        ] {
            let number = PhoneNumber {
                country_code: code,
                national_number: national.into(),
                extension: None,
            };
            assert_eq!(number.e164(), expected);
        }
    }
}
