//! The scan: one pass over the text for digits; at each, the run of groups it starts is read
//! ([`Run`]), checked against look-alikes ([`reject`]), and cut into numbers: from each group
//! that may start one, the longest stretch of groups that reads as a valid number is taken.

use super::chars::digit_value;
use super::context::{
    calling_codes_in, countries_named, department_before, id_list_item, label_before,
    region_of_domain, region_of_language, vouching_label_before,
};
use super::number::{idd_length, international, national, NationalForm, Reading};
use super::places::is_zip_after_state;
use super::plan::Region;
use super::reject;
use super::run::{Run, Separator};
use super::{
    Found, Label, Leniency, Options, PhoneNumber, Reason, RegionChoice, RegionFrom, Written,
};

/// The most digits a candidate may have (an international prefix, a calling code, a number).
const MAX_CANDIDATE_DIGITS: usize = 22;
/// The most bytes between a number that ends in its switchboard's `-0` and a direct-dial
/// suffix given alone after it (`, Fax -99`, a line break and `Telefax: -100`).
const MAX_SWITCHBOARD_GAP: usize = 40;
/// The fewest digits (calling code included) a `+CC` number in a range the numbering plan does
/// not know must have to be taken without a label (`+49-49-34` is not one).
const MIN_VOUCHED_PLUS_DIGITS: usize = 9;
/// The most regions a national number is tried in.
const MAX_REGIONS: usize = 16;

/// Finds every number in `text` (see [`super::find`]).
pub(crate) fn find_all<'t>(text: &'t str, options: &Options) -> Vec<Found<'t>> {
    let mut finder = Finder {
        text,
        options,
        found: Vec::new(),
        line: None,
        named: [None; NAMED_LINES],
        named_next: 0,
    };
    let mut run = Run::default();
    let mut at = 0;
    while let Some(start) = next_digit(text, at) {
        let end = run.read(text, start);
        if !run.overflow {
            finder.take_run(&run);
        }
        // A number's span may reach past its run: the tones written after it
        // (`+16465588656,,4034983298#`), whose digits are no number of their own.
        let taken = finder.found.last().map_or(0, |f| f.span.end);
        at = end.max(start + 1).max(taken);
    }
    finder.found
}

/// The byte offset of the next digit (of any script) at or after `from`.
#[inline]
fn next_digit(text: &str, from: usize) -> Option<usize> {
    scan_for_digit::<true>(text, from)
}

/// [`next_digit`], with the 16-byte skip where it is compiled in (`WIDE`, wasm `simd128`) or
/// with the 8-byte one alone: the same offset either way, as every skip passes only bytes that
/// are neither digits nor part of a non-ASCII character.
#[inline(always)]
fn scan_for_digit<const WIDE: bool>(text: &str, from: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = from;
    while i < bytes.len() {
        if WIDE {
            i = skip_wide(bytes, i);
        }
        // Eight bytes at a time while none is non-ASCII or in 0x30..=0x3F (digits and `:;<=>?`):
        // everywhere without `simd128`, and for the last bytes with it.
        while let Some(chunk) = bytes.get(i..i + 8) {
            let word = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
            if !may_hold_digit(word) {
                i += 8;
            } else {
                break;
            }
        }
        let Some(&b) = bytes.get(i) else {
            break;
        };
        if b.wrapping_sub(b'0') < 10 {
            return Some(i);
        }
        if b < 0xD9 {
            // ASCII, continuation bytes, and lead bytes of characters below U+0640: no digits.
            i += 1;
            continue;
        }
        let c = text[i..].chars().next()?;
        if digit_value(c).is_some() {
            return Some(i);
        }
        i += c.len_utf8();
    }
    None
}

/// Skips 16 bytes at a time while none is non-ASCII or an ASCII digit (wasm `simd128`, which
/// Chromium and Firefox both have); returns the offset of the first such byte in the first
/// block that holds one, or of the last bytes (fewer than 16).
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
#[inline]
fn skip_wide(bytes: &[u8], from: usize) -> usize {
    use core::arch::wasm32::{u8x16_bitmask, u8x16_lt, u8x16_splat, u8x16_sub, v128_load, v128_or};
    let mut i = from;
    while let Some(block) = bytes.get(i..i + 16) {
        // SAFETY: `block` is 16 bytes in bounds, and `v128_load` reads them unaligned.
        let v = unsafe { v128_load(block.as_ptr().cast()) };
        // A digit's lane becomes 0xFF; a non-ASCII byte keeps its high bit.
        let digits = u8x16_lt(u8x16_sub(v, u8x16_splat(b'0')), u8x16_splat(10));
        let flagged = u8x16_bitmask(v128_or(digits, v));
        if flagged != 0 {
            // The bytes before the first flagged one are ASCII: it starts a character.
            return i + flagged.trailing_zeros() as usize;
        }
        i += 16;
    }
    i
}

/// Without `simd128`, no wide skip: the 8-byte one does it all.
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
#[inline(always)]
fn skip_wide(_bytes: &[u8], from: usize) -> usize {
    from
}

/// Whether any of the eight bytes of `word` is non-ASCII or has the high nibble 3 (a superset
/// of the ASCII digits), by SWAR: no allocation, no branch per byte.
#[inline]
fn may_hold_digit(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let nibble_three = (word & 0xF0F0_F0F0_F0F0_F0F0) ^ 0x3030_3030_3030_3030;
    let has_zero = nibble_three.wrapping_sub(ONES) & !nibble_three & HIGHS;
    word & HIGHS != 0 || has_zero != 0
}

/// Checks that [`next_digit`] (with the wide skip where compiled in) and the scan with the
/// 8-byte skip alone find the same digit from every byte offset of many texts (ASCII fillers,
/// a digit or a non-ASCII character at every offset up to 40, digits of other scripts, texts
/// shorter than 16 bytes), and the same as a plain walk over the characters from every
/// character boundary. Returns the first disagreements, described.
pub(crate) fn scan_disagreements() -> Vec<String> {
    // Every ASCII byte but the digits, starting anywhere in the cycle.
    let plain: Vec<u8> = (1..0x80u8).filter(|b| !b.is_ascii_digit()).collect();
    let filler = |phase: usize, len: usize| -> String {
        (0..len)
            .map(|k| char::from(plain[(phase + k * 7) % plain.len()]))
            .collect()
    };
    let inserts = [
        "", "0", "5", "9", "/", ":", "?", "\u{7F}", "é", "\u{A0}", "€", "😀", "\u{640}", "٣", "۵",
        "१", "５", "߃", "𝟡", "٣٤", "é5",
    ];
    let mut texts = Vec::new();
    for len in 0..20 {
        texts.push(filler(len, len));
    }
    for at in 0..=40 {
        for (k, insert) in inserts.iter().enumerate() {
            for tail in [0, 1, 7, 8, 15, 16, 17, 31, 40] {
                let mut text = filler(at + k, at);
                text.push_str(insert);
                text.push_str(&filler(k, tail));
                texts.push(text);
            }
            // Two characters apart: a non-ASCII one, then a digit further on.
            let mut text = filler(k, at);
            text.push('ü');
            text.push_str(&filler(at, 40 - at));
            text.push_str(insert);
            text.push_str("7 end");
            texts.push(text);
        }
    }
    let mut problems = Vec::new();
    for text in &texts {
        for from in 0..=text.len() {
            let wide = next_digit(text, from);
            let narrow = scan_for_digit::<false>(text, from);
            let plain = text.is_char_boundary(from).then(|| {
                text[from..]
                    .char_indices()
                    .find(|&(_, c)| digit_value(c).is_some())
                    .map(|(k, _)| from + k)
            });
            if wide != narrow || plain.is_some_and(|p| p != wide) {
                let plain = plain.map_or("-".to_string(), |p| format!("{p:?}"));
                problems.push(format!(
                    "{text:?} from {from}: wide {wide:?}, 8-byte {narrow:?}, by characters {plain}"
                ));
                if problems.len() == 10 {
                    return problems;
                }
            }
        }
    }
    problems
}

/// The regions a national number on one line is tried in, in order, with where each came from.
struct LineRegions {
    start: usize,
    end: usize,
    regions: [Option<(&'static Region, RegionFrom)>; MAX_REGIONS],
    count: usize,
    /// The countries named on the line itself, with where.
    named: Countries,
    /// A row of a table (cells split by `|` or tabs): its neighbours are other rows.
    table_row: bool,
    nearby_done: bool,
}

impl LineRegions {
    fn push(&mut self, region: &'static Region, from: RegionFrom) {
        if self.count < MAX_REGIONS
            && !self.regions[..self.count]
                .iter()
                .flatten()
                .any(|(r, _)| std::ptr::eq(*r, region))
        {
            self.regions[self.count] = Some((region, from));
            self.count += 1;
        }
    }

    fn list(&self) -> impl Iterator<Item = (&'static Region, RegionFrom)> + '_ {
        self.regions[..self.count].iter().flatten().copied()
    }
}

/// Countries named on a line, with where (byte offset in the text).
type Countries = [Option<(&'static Region, usize)>; 3];

/// Countries named on a line: the line's start and the countries.
type Named = (usize, Countries);

/// How many lines' countries are remembered (a line and its neighbours).
const NAMED_LINES: usize = 8;

struct Finder<'t, 'o> {
    text: &'t str,
    options: &'o Options<'o>,
    found: Vec<Found<'t>>,
    line: Option<LineRegions>,
    /// The countries named on recent lines, so that a line is read once.
    named: [Option<Named>; NAMED_LINES],
    named_next: usize,
}

/// An extension written after a number, or the tones a conference bridge asks for.
#[derive(Clone, Copy)]
struct Extension {
    digits: [u8; MAX_CODE_DIGITS],
    len: usize,
    end: usize,
    /// Written after `Durchwahl` or `DW`: the digits of a direct line, which take the place of
    /// a switchboard's `-0` (`030 12345-0, Durchwahl -78` is 030 12345-78).
    direct: bool,
    /// A code after pauses (`+16465588656,,85012345678#`, a meeting's one-tap number): how many
    /// commas stood before it (0: an ordinary extension) and how many `#` end it.
    pauses: u8,
    pounds: u8,
    /// The passcode after the code, as Zoom writes it (`,,,,*123456#`): the pauses before it,
    /// its digits (0: none) and whether a `*` starts it; a `#` ends it.
    passcode_pauses: u8,
    passcode: [u8; MAX_PASSCODE_DIGITS],
    passcode_len: u8,
    passcode_star: bool,
    /// A menu's choice before the code, and the pauses after it: Tencent Meeting's Hong Kong
    /// bridge asks for the language first (`+85230018898,,,2,30597367791#`).
    menu: Option<(u8, u8)>,
}

impl Extension {
    /// Nothing yet, ending at `end`.
    fn empty(end: usize) -> Self {
        Extension {
            digits: [0; MAX_CODE_DIGITS],
            len: 0,
            end,
            direct: false,
            pauses: 0,
            pounds: 0,
            passcode_pauses: 0,
            passcode: [0; MAX_PASSCODE_DIGITS],
            passcode_len: 0,
            passcode_star: false,
            menu: None,
        }
    }

    /// As the found number's extension: the digits, or a code as written (`,,85012345678#`:
    /// the leading comma tells the dialing rules it is tones to send, not an extension).
    fn written(&self) -> String {
        let mut out = String::with_capacity(usize::from(self.pauses + self.pounds) + self.len);
        out.extend((0..self.pauses).map(|_| ','));
        if let Some((choice, pauses)) = self.menu {
            out.push(char::from(b'0' + choice));
            out.extend((0..pauses).map(|_| ','));
        }
        out.extend(
            self.digits[..self.len]
                .iter()
                .map(|&d| char::from(b'0' + d)),
        );
        out.extend((0..self.pounds).map(|_| '#'));
        if self.passcode_len > 0 {
            out.extend((0..self.passcode_pauses).map(|_| ','));
            if self.passcode_star {
                out.push('*');
            }
            let digits = &self.passcode[..usize::from(self.passcode_len)];
            out.extend(digits.iter().map(|&d| char::from(b'0' + d)));
            out.push('#');
        }
        out
    }
}

/// The most digits of a code after pauses (a meeting ID: Zoom's have 11, Teams' up to 15).
const MAX_CODE_DIGITS: usize = 20;
/// The fewest digits of a code after pauses.
const MIN_CODE_DIGITS: usize = 3;
/// The most digits of a meeting's passcode after its code (Zoom's have up to 10).
const MAX_PASSCODE_DIGITS: usize = 12;

impl<'t> Finder<'t, '_> {
    /// Finds the numbers in one run.
    fn take_run(&mut self, run: &Run) {
        let text = self.text;
        let extension = extension_after(text, run.end());
        let touch_end = match (extension, run.close_after) {
            (Some(e), _) => e.end,
            (None, Some(close)) => close,
            (None, None) => run.end(),
        };
        if reject::is_code(run)
            || is_zip_after_state(text, run.lead, run.end())
            || reject::in_hex_dump(text, run)
            || reject::after_comparison(text, run.lead)
            || reject::before_comparison(text, run.end())
            || reject::after_a_measure(text, run.lead)
            || reject::debian_version(text, run.end())
            || reject::tilde_version(text, run)
            || reject::slash_list(run)
            || reject::arxiv_id(text, run)
        {
            return;
        }
        if let Some(found) = self.vanity(run) {
            self.found.push(found);
            return;
        }
        if run.count == 1 && !run.plus && !run.open_first {
            if let Some(found) = self.direct_dial_after_switchboard(run) {
                self.found.push(found);
                return;
            }
        }
        // What touches the run rules out the numbers that would touch it too.
        // Worked out on first use: most runs are look-alikes that never get that far.
        let mut blocked_start = None;
        let mut glued_end = None;
        let mut amount_end = None;
        let mut run_label = None;
        let mut i = 0;
        let mut taken = 0;
        'groups: while i < run.count {
            if let Some(next) = reject::structure_at(run, i, text) {
                i = next;
                taken = next;
                continue;
            }
            // After a single space inside a run whose start was not taken, a number may begin,
            // but without spaces in it (libphonenumber's inner match on white space).
            let separator = &run.separators[i];
            let free = i == 0 || taken == i || separator.opens_new() || trunk_start(run, i);
            let compact_only = !free
                && separator.spaces > 0
                && run.digit_count - usize::from(run.groups[i].first) >= 7;
            if free || compact_only {
                if i == 0
                    && *blocked_start.get_or_insert_with(|| {
                        // Right after a number found (`…8656+1 669 900 6833`), a `+` starts
                        // the next one, not a sum.
                        let after_a_number =
                            run.plus && self.found.last().is_some_and(|f| f.span.end == run.lead);
                        !after_a_number && reject::glued_before(text, run)
                            || reject::amount_before(text, run.lead) && !trunk_zero_first(run)
                    })
                {
                    i += 1;
                    continue;
                }
                let label = if i == 0 {
                    *run_label.get_or_insert_with(|| label_before(text, run.lead))
                } else if taken == i {
                    label_before(text, run.groups[i].start)
                } else {
                    None
                };
                // What follows the run: glued to it, or a currency or unit after an amount.
                let mut blocked = || {
                    // A code's `#` ends it whatever comes next (`…,,4034983298#+16699006833`,
                    // `…#International`: lines run together); the code checked the rest.
                    *glued_end.get_or_insert_with(|| {
                        extension.is_none_or(|e| e.pounds == 0)
                            && reject::glued_after(text, touch_end, run.plus)
                    }) || (reject::amount_shaped(run, i, run.count)
                        && *amount_end.get_or_insert_with(|| reject::amount_after(text, touch_end)))
                };
                for j in (i + 1..=run.count).rev() {
                    let crosses = |k: usize| {
                        let s = &run.separators[k];
                        (s.between()
                            && !area_code_spaced(run, i, k)
                            && !spaced_direct_dial(text, run, i, k))
                            || (compact_only && s.spaces > 0)
                            || (s.spaces >= 2 && columns(text, run, k))
                            || s.dots >= 2
                            // `030 1234567/-8`: another direct-dial suffix (the fax's) after
                            // the number, not more of its digits.
                            || slash_dash(s)
                            // `030 1234567/68`: the same number with another ending.
                            || other_ending(run, k, k - 1)
                    };
                    if (i + 1..j).any(crosses)
                        || (j == run.count && blocked())
                        || (i + 1..j).any(|k| reject::date_inside(run, k, j))
                        || (label.is_none() && reject::compact_date(run, i, j))
                        || reject::counting(run, i, j)
                        || reject::cut_from_dots(run, i, j)
                        || reject::single_digit_between_dots(run, i, j)
                        || reject::thousands(run, i, j)
                        || reject::thousands_column(run, i, j)
                        || reject::close_range(run, i, j)
                        || reject::figures_in_a_row(run, i, j)
                        || (i + 1..j).any(|k| reject::month_year_in_parentheses(text, run, k, j))
                        || reject::decimal_inside(run, i, j)
                        || (i + 1..j).any(|k| reject::version_at_end(run, k, j))
                        || reject::ordinal_at_end(text, run, i, j)
                        || reject::short_tail(run, i, j)
                        || (j < run.count
                            && !run.separators[j].between()
                            && (i + 1..j).any(|k| {
                                // A date or version that the number's end would cut
                                // (`306310  3.8.0 release tarball`); not a range after ` - `
                                // (`01 42 68 53 00 - 2e étage`).
                                reject::structure_at(run, k, text).is_some_and(|end| end > j)
                            }))
                    {
                        continue;
                    }
                    // An extension after a hyphen ends the run (`010-65980408-8001`): when the
                    // groups before it are a number without it.
                    let hyphenated = (j + 1 == run.count
                        || j + 1 < run.count && slash_dash(&run.separators[j + 1]))
                    .then(|| hyphen_extension(run, j))
                    .flatten()
                    .filter(|_| !blocked());
                    let ext = if j == run.count {
                        extension
                    } else {
                        hyphenated
                    };
                    if let Some(found) = self.candidate(run, i, j, ext, label) {
                        if reject::after_bank_label(text, run.lead) {
                            return; // an account number after `IBAN`
                        }
                        let first_end = self.found.len();
                        self.found.push(found);
                        // Each other ending written after it (`/68`, `/0148/0149`) is the
                        // same number ending so.
                        let mut next = j;
                        while hyphenated.is_none()
                            && ext.is_none()
                            && other_ending(run, next, j - 1)
                        {
                            let Some(other) = self.other_ending(run, i, j, next, first_end) else {
                                break;
                            };
                            self.found.push(other);
                            next += 1;
                        }
                        if next > j {
                            i = next;
                            taken = i;
                            continue 'groups;
                        }
                        i = if hyphenated.is_some() { run.count } else { j };
                        taken = i;
                        continue 'groups;
                    }
                }
            }
            i += 1;
        }
    }

    /// Groups `i..j` of `run` as one number, if they are one.
    fn candidate(
        &mut self,
        run: &Run,
        i: usize,
        j: usize,
        extension: Option<Extension>,
        label: Option<Label>,
    ) -> Option<Found<'t>> {
        // `030 12345-0, Durchwahl -78`: the direct line's digits in place of the switchboard's 0.
        let mut direct_line = [0u8; MAX_CANDIDATE_DIGITS + 8];
        let mut extension = extension;
        let written = run.digits_of(i, j);
        let switchboard =
            j > i + 1 && run.separators[j - 1].only_dash() && run.digits_of(j - 1, j) == [0];
        let digits = match extension.filter(|e| e.direct && switchboard) {
            Some(e) if written.len() + e.len <= direct_line.len() => {
                let base = written.len() - 1;
                direct_line[..base].copy_from_slice(&written[..base]);
                direct_line[base..base + e.len].copy_from_slice(&e.digits[..e.len]);
                extension = Some(Extension { len: 0, ..e });
                &direct_line[..base + e.len]
            }
            _ => written,
        };
        if digits.len() < 3
            || digits.len() > MAX_CANDIDATE_DIGITS
            || reject::round_value(digits)
            || reject::in_doi(self.text, run.groups[i].start)
            || reject::decimals_without_zero(self.text, run, i, j)
            || (self.options.leniency == Leniency::Valid && reject::placeholder(digits))
            // `"0123456789"`: the ten digits in one block are a set of characters (France's
            // example number is written `01 23 45 67 89`).
            || (j == i + 1 && digits == [0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
            || (j == i + 1
                && !run.plus
                && (reject::hash_beside_hash(self.text, run.groups[i].start, digits.len())
                    || reject::hash_elsewhere(self.text, run.groups[i].start, run.groups[i].end)
                    || reject::in_brackets(self.text, run.groups[i].start, run.groups[i].end)))
        {
            return None;
        }
        let (opens, closes) = parentheses(run, i, j);
        let (opens_in_span, takes_close) = span_parentheses(self.text, run, i, j, opens, closes);
        if opens > 2
            || opens_in_span != closes + u8::from(takes_close) && !area_code_closed(run, i, j)
        {
            return None;
        }
        let plus = i == 0 && run.plus;
        if !plus
            && (label == Some(Label::Id)
                || label.is_none()
                    && j == i + 1
                    && id_list_item(self.text, run.groups[i].start, digits.len()))
        {
            return None; // an ID label keeps every reading but `+CC` under the bar
        }
        // Short numbers (service numbers, extensions) are taken only after a phone label on
        // their line, and so are six digits in one block but for a leading 0 (`319235
        // --db-attach=yes is broken`, after a line that ends in `support`: a bug's number;
        // `012234` in Italy is a number).
        let labelled = matches!(label, Some(Label::Phone | Label::Mobile | Label::Fax));
        let short = digits.len() < 6 || digits.len() == 6 && j == i + 1 && digits[0] != 0;
        if !plus && short && !(labelled && label_on_the_line(self.text, run.groups[i].start)) {
            return None;
        }
        let at = run.groups[i].start;
        let (reading, written, from) = match self.read(digits, plus, at, self.options.leniency) {
            Some(found) => found,
            // Numbering plans change faster than their metadata: after `+CC` (with a number of
            // at least 7 digits after it) or a label that vouches for it, a number of a length
            // its country uses is a number.
            None if self.options.leniency == Leniency::Valid
                && ((plus && digits.len() >= MIN_VOUCHED_PLUS_DIGITS)
                    || (labelled
                        && vouching_label_before(
                            self.text,
                            if i == 0 { run.lead } else { at },
                        ))) =>
            {
                self.read(digits, plus, at, Leniency::Vouched)?
            }
            None => return None,
        };
        let confidence = confidence(written, from, label, run, i, j);
        if confidence < self.options.min_confidence {
            return None;
        }
        let group_start = run.groups[i].start;
        let start = if i == 0 && (plus || (run.open_first && closes > 0)) {
            run.lead
        } else if i > 0 && closes > 0 && self.text[..group_start].ends_with(super::chars::is_open) {
            group_start
                - self.text[..group_start]
                    .chars()
                    .next_back()
                    .map_or(0, char::len_utf8)
        } else {
            group_start
        };
        let mut end = run.groups[j - 1].end;
        if let Some(close) = run.close_after.filter(|_| takes_close) {
            end = close;
        }
        // The span takes the extension's keyword and digits (a direct line's too, whose digits
        // are in the number now).
        let extension = extension.and_then(|e| {
            end = e.end;
            (e.len > 0).then(|| e.written())
        });
        let reason = Reason {
            written,
            region: from,
            label,
            confidence,
        };
        Some(found_at(self.text, start..end, &reading, extension, reason))
    }

    /// The number that groups `i..j` of `run` make, found as `self.found[first]`, with its
    /// last digits replaced by group `k` (an ending written after a slash: `030 1234567/68`
    /// is 030 1234567 and 030 1234568), in the same country, spanning group `k` alone.
    fn other_ending(
        &mut self,
        run: &Run,
        i: usize,
        j: usize,
        k: usize,
        first: usize,
    ) -> Option<Found<'t>> {
        let (code, reason) = {
            let first = &self.found[first];
            (first.number.country_code, first.reason)
        };
        let whole = run.digits_of(i, j);
        let ending = run.digits_of(k, k + 1);
        let mut digits = [0u8; MAX_CANDIDATE_DIGITS];
        digits[..whole.len()].copy_from_slice(whole);
        digits[whole.len() - ending.len()..whole.len()].copy_from_slice(ending);
        let digits = &digits[..whole.len()];
        let plus = i == 0 && run.plus;
        let at = run.groups[i].start;
        let (reading, written, from) =
            self.read(digits, plus, at, self.options.leniency)
                .or_else(|| {
                    (self.options.leniency == Leniency::Valid)
                        .then(|| self.read(digits, plus, at, Leniency::Vouched))
                        .flatten()
                })?;
        if reading.code.code != code {
            return None;
        }
        let span = run.groups[k].start..run.groups[k].end;
        let reason = Reason {
            written,
            region: from,
            ..reason
        };
        Some(found_at(self.text, span, &reading, None, reason))
    }

    /// `1-800-FLOWERS`, `1-800-GOT-JUNK`, `1-800-356-WINE`: a North American toll-free number
    /// written with the letters of the phone's keypad (`1`, a toll-free code, then seven
    /// symbols, capitals or digits, one hyphen or space among them allowed), as people dial it.
    /// Only with its leading `1` (North America's trunk prefix), where the same number in
    /// digits would be read, and exactly seven symbols (`1-800-CONTACTS` is left alone: which
    /// letters count cannot be told).
    fn vanity(&mut self, run: &Run) -> Option<Found<'t>> {
        let text = self.text;
        let toll_free = |g: usize| {
            matches!(
                run.digits_of(g, g + 1),
                [8, 0, 0] | [8, 3, 3] | [8, 4, 4] | [8, 5, 5] | [8, 6, 6] | [8, 7, 7] | [8, 8, 8]
            )
        };
        if run.plus
            || !(2..=3).contains(&run.count)
            || run.digits_of(0, 1) != [1]
            || !toll_free(1)
            || run.count == 3 && run.groups[2].len != 3
        {
            return None;
        }
        let joins = |k: usize| {
            let s = &run.separators[k];
            s.dashes + s.spaces + s.dots == 1 && s.puncts() + s.spaces == 1
        };
        if !(1..run.count).all(joins) {
            return None;
        }
        let mut digits = [0u8; 11];
        digits[..run.digit_count].copy_from_slice(&run.digits[..run.digit_count]);
        let mut count = run.digit_count;
        let rest = text.as_bytes().get(run.end()..)?;
        let (&join, rest) = rest.split_first()?;
        if !matches!(join, b'-' | b' ' | b'.') {
            return None;
        }
        let mut end = run.end() + 1;
        let mut inner_joins = 0;
        for &b in rest {
            let key = match b {
                b'A'..=b'Z' => b"22233344455566677778889999"[usize::from(b - b'A')] - b'0',
                b'0'..=b'9' => b - b'0',
                b'-' | b' ' if inner_joins == 0 && count < 11 && count > run.digit_count => {
                    inner_joins += 1;
                    end += 1;
                    continue;
                }
                _ => break,
            };
            if count == 11 {
                return None; // more than seven symbols
            }
            digits[count] = key;
            count += 1;
            end += 1;
        }
        let letters = text[run.end()..end].bytes().any(|b| b.is_ascii_uppercase());
        let after = text[end..].chars().next();
        if count != 11
            || !letters
            || text.as_bytes()[end - 1] == b'-'
            || text.as_bytes()[end - 1] == b' '
            || after.is_some_and(super::chars::is_letter_or_digit)
        {
            return None;
        }
        // Read as the same number written in digits would be, in the regions that apply here.
        let (reading, written, from) =
            self.read(&digits, false, run.lead, self.options.leniency)?;
        if reading.code.code != 1 {
            return None;
        }
        let label = label_before(text, run.lead);
        let reason = Reason {
            written,
            region: from,
            label,
            confidence: confidence(written, from, label, run, 0, run.count),
        };
        Some(found_at(text, run.lead..end, &reading, None, reason))
    }

    /// `Tel. 089 12345-0, Fax -99`: a direct-dial suffix alone (`-` and one to four digits,
    /// after a label that vouches for a number: `Fax`, not `bei`) shortly after a number that
    /// ends in its switchboard's `-0` is that number with the suffix in place of the 0,
    /// spanning the suffix and its `-`.
    fn direct_dial_after_switchboard(&self, run: &Run) -> Option<Found<'t>> {
        let text = self.text;
        let group = &run.groups[0];
        // `-99`, or `- 99` with a space between.
        let spaced = text.as_bytes()[..group.start].ends_with(b"- ");
        let dash = group.start.checked_sub(if spaced { 2 } else { 1 })?;
        if !(1..=4).contains(&group.len)
            || text.as_bytes()[dash] != b'-'
            || !text[..dash].ends_with(super::chars::is_white_space)
            || text[group.end..]
                .chars()
                .next()
                .is_some_and(super::chars::is_letter_or_digit)
        {
            return None;
        }
        let previous = self.found.last()?;
        let between = text.get(previous.span.end..dash)?;
        // The switchboard: the number before, or before the suffixes already read from it
        // (`Vertrieb: -210 · Einkauf: -220`).
        let switchboard = self.found.iter().rev().find(|f| !f.raw.starts_with('-'))?;
        if !(switchboard.raw.ends_with("-0") || switchboard.raw.ends_with("- 0"))
            || switchboard.number.extension.is_some()
            || between.len() > MAX_SWITCHBOARD_GAP
            || between.bytes().filter(|&b| b == b'\n').count() > 1
            || between.chars().any(|c| digit_value(c).is_some())
            || !(vouching_label_before(text, dash) || department_before(text, dash))
        {
            return None;
        }
        // The switchboard's E.164 digits without its last 0, then the suffix.
        let e164 = switchboard.number.e164();
        let base = e164[1..].strip_suffix('0')?;
        let mut digits: Vec<u8> = base.bytes().map(|b| b - b'0').collect();
        digits.extend_from_slice(run.digits_of(0, 1));
        let reading = international(&digits, Leniency::Vouched)?;
        if reading.code.code != switchboard.number.country_code {
            return None;
        }
        let reason = Reason {
            label: label_before(text, dash),
            ..switchboard.reason
        };
        Some(found_at(text, dash..group.end, &reading, None, reason))
    }

    /// Reads `digits` as a number: international when written with `+` or an international
    /// prefix, else national in the regions that apply at byte `at`.
    fn read(
        &mut self,
        digits: &[u8],
        plus: bool,
        at: usize,
        leniency: Leniency,
    ) -> Option<(Reading, Written, RegionFrom)> {
        if plus {
            return international(digits, leniency)
                .map(|r| (r, Written::International, RegionFrom::Number));
        }
        self.ensure_line(at);
        let line = self.line.as_ref()?;
        for (region, _) in line.list() {
            if let Some(n) = idd_length(digits, region) {
                if let Some(reading) = international(&digits[n..], leniency) {
                    return Some((reading, Written::InternationalPrefix, RegionFrom::Number));
                }
            }
        }
        if digits.starts_with(&[0, 0]) && digits.get(2).is_some_and(|&d| d != 0) {
            if let Some(reading) = international(&digits[2..], leniency) {
                return Some((reading, Written::InternationalPrefix, RegionFrom::Number));
            }
        }
        // 1. A country named on the line, the nearest before the number first.
        let line = self.line.as_ref()?;
        let mut named = line.named;
        named.sort_by_key(|n| {
            n.map_or(usize::MAX, |(_, p)| {
                if p <= at {
                    at - p
                } else {
                    p - at + (1 << 20)
                }
            })
        });
        let (no_country, table_row) = (named[0].is_none(), line.table_row);
        for (region, position) in named.iter().flatten() {
            // Only a country of the same sentence: `... (France) 01 23 ... . Call 030 ...`.
            let between = &self.text[(*position).min(at)..(*position).max(at)];
            if sentence_break(between) {
                continue;
            }
            if let Some(found) = self.national_as(digits, region, RegionFrom::Line, leniency) {
                return Some(found);
            }
        }
        // 2. Outside tables, a country named on a line near it (a signature's address line).
        let worth_nearby = digits.len() >= 6;
        if no_country && !table_row && worth_nearby {
            if let Some(found) = self.national_nearby(digits, leniency) {
                return Some(found);
            }
        }
        // 3. The caller's block regions, the default region, the page's hints.
        let line = self.line.as_ref()?;
        for (region, from) in line.list().filter(|(_, from)| *from != RegionFrom::Nearby) {
            if let Some(found) = self.national_as(digits, region, from, leniency) {
                return Some(found);
            }
        }
        // 4. Last, the countries near it in a table.
        if worth_nearby {
            return self.national_nearby(digits, leniency);
        }
        None
    }

    /// `digits` as a national number of the countries named near the current line.
    fn national_nearby(
        &mut self,
        digits: &[u8],
        leniency: Leniency,
    ) -> Option<(Reading, Written, RegionFrom)> {
        self.add_nearby();
        let line = self.line.as_ref()?;
        line.list()
            .filter(|(_, from)| *from == RegionFrom::Nearby)
            .find_map(|(region, from)| self.national_as(digits, region, from, leniency))
    }

    /// `digits` as a national number of `region`.
    fn national_as(
        &self,
        digits: &[u8],
        region: &'static Region,
        from: RegionFrom,
        leniency: Leniency,
    ) -> Option<(Reading, Written, RegionFrom)> {
        national(digits, region, leniency).map(|(reading, form)| {
            let written = match form {
                NationalForm::WithPrefix => Written::NationalPrefix,
                NationalForm::Plain => Written::National,
                NationalForm::CodeWithoutPlus => Written::CountryCodeWithoutPlus,
            };
            (reading, written, from)
        })
    }

    /// The countries named on the line `start..end`, read once.
    fn countries(&mut self, start: usize, end: usize) -> Countries {
        if let Some((_, countries)) = self.named.iter().flatten().find(|(s, _)| *s == start) {
            return *countries;
        }
        let mut countries: Countries = [None; 3];
        countries_named(&self.text[start..end], &mut countries);
        for (_, at) in countries.iter_mut().flatten() {
            *at += start;
        }
        self.named[self.named_next] = Some((start, countries));
        self.named_next = (self.named_next + 1) % NAMED_LINES;
        countries
    }

    /// Works out the regions for the line around byte `at`, once per line.
    fn ensure_line(&mut self, at: usize) {
        if self
            .line
            .as_ref()
            .is_some_and(|l| l.start <= at && at < l.end)
        {
            return;
        }
        let (start, end) = line_around(self.text, at);
        let line = &self.text[start..end];
        let mut regions = LineRegions {
            start,
            end,
            regions: [None; MAX_REGIONS],
            count: 0,
            named: self.countries(start, end),
            table_row: line.contains('\t') || line.matches('|').nth(1).is_some(),
            nearby_done: false,
        };
        self.options
            .hints
            .regions
            .iter()
            .for_each(|&r| regions.push(r, RegionFrom::Block));
        let mut codes = [None; 3];
        let codes_count = calling_codes_in(line, &mut codes);
        let codes = codes[..codes_count].iter().flatten().copied();
        match self.options.region {
            // A number that is no number in the user's country is still one where the page
            // says it is from (its domain, its language): a German page read with the default
            // United States still has its German numbers marked, in Germany.
            RegionChoice::Fixed(region) => {
                regions.push(region, RegionFrom::Default);
                self.push_also(&mut regions);
                codes.for_each(|r| regions.push(r, RegionFrom::LineCode));
                self.push_page_regions(&mut regions);
            }
            RegionChoice::Auto => {
                codes.for_each(|r| regions.push(r, RegionFrom::LineCode));
                self.push_page_regions(&mut regions);
                self.push_also(&mut regions);
            }
            RegionChoice::None => {}
        }
        self.line = Some(regions);
    }

    /// Adds the user's other countries ([`super::Hints::also`]).
    fn push_also(&self, regions: &mut LineRegions) {
        for &region in self.options.hints.also {
            regions.push(region, RegionFrom::Also);
        }
    }

    /// Adds the regions the page's domain and language point to.
    fn push_page_regions(&self, regions: &mut LineRegions) {
        let hints = &self.options.hints;
        if let Some(r) = hints.domain.and_then(region_of_domain) {
            regions.push(r, RegionFrom::Domain);
        }
        if let Some(r) = hints.language.and_then(region_of_language) {
            regions.push(r, RegionFrom::Language);
        }
    }

    /// Adds the countries named on the lines near the current one (same paragraph).
    fn add_nearby(&mut self) {
        let text = self.text;
        let Some((start, end, done)) = self.line.as_ref().map(|l| (l.start, l.end, l.nearby_done))
        else {
            return;
        };
        if done {
            return;
        }
        let mut nearby: [Option<&'static Region>; 18] = [None; 18];
        let mut found = 0;
        let (mut up, mut down) = (start, end);
        for step in 0..4 {
            if up > 0 {
                let (s, e) = line_around(text, up - 1);
                if e > s {
                    for (r, _) in self.countries(s, e).iter().flatten() {
                        nearby[found] = Some(r);
                        found += 1;
                    }
                    up = s;
                } else {
                    up = 0; // a blank line ends the paragraph
                }
            }
            if down < text.len() && step < 2 {
                let (s, e) = line_around(text, down + 1);
                if e > s {
                    for (r, _) in self.countries(s, e).iter().flatten() {
                        nearby[found] = Some(r);
                        found += 1;
                    }
                    down = e;
                } else {
                    down = text.len();
                }
            }
        }
        if let Some(line) = self.line.as_mut() {
            line.nearby_done = true;
            nearby
                .iter()
                .flatten()
                .for_each(|&r| line.push(r, RegionFrom::Nearby));
        }
    }
}

/// Whether `text` holds the end of a sentence: `.`, `!` or `?`, a space, a capital letter (not
/// `ext. 12` or `bzw. 030`).
fn sentence_break(text: &str) -> bool {
    text.as_bytes()
        .windows(3)
        .any(|w| matches!(w[0], b'.' | b'!' | b'?') && w[1] == b' ' && w[2].is_ascii_uppercase())
}

/// The line around byte `at` (without its newline), at most 512 bytes each way.
fn line_around(text: &str, at: usize) -> (usize, usize) {
    let at = at.min(text.len());
    let bytes = text.as_bytes();
    let low = at.saturating_sub(512);
    let start = bytes[low..at]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(low, |p| low + p + 1);
    let high = (at + 512).min(text.len());
    let end = bytes[at..high]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(high, |p| at + p);
    let floor = |mut i: usize| {
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    (floor(start), floor(end))
}

/// Whether the line before byte `at` has a letter (a label before a number at `at` is on the
/// number's line, not at the end of the line before).
fn label_on_the_line(text: &str, at: usize) -> bool {
    let line = text[..at].rsplit('\n').next().unwrap_or_default();
    line.chars().any(super::chars::is_letter)
}

/// `Zimmer 12 030 1234567`, `Bât. 2 01 42 68 53 00`: group `i` after a space alone begins
/// with a trunk prefix 0 (two digits or more, the second not 0) after a group of one or two
/// digits that does not start with 0 itself: a national number may begin there with spaces in
/// it, as at a run's start. (`00 00 01 00 00` are bytes.)
fn trunk_start(run: &Run, i: usize) -> bool {
    let (group, before) = (&run.groups[i], &run.groups[i - 1]);
    let s = &run.separators[i];
    let digits = run.digits_of(i, i + 1);
    s.spaces > 0
        && s.puncts() + s.opens + s.closes == 0
        && before.len <= 2
        && run.digits_of(i - 1, i)[0] != 0
        && group.len >= 2
        && digits[0] == 0
        && digits[1] != 0
}

/// `/-`: a slash and a dash between two groups (`030 1234567/-8`, `-10/-11`) start another
/// direct-dial suffix (the fax's, the next line's): the number ends before it.
fn slash_dash(separator: &Separator) -> bool {
    separator.slashes > 0 && separator.dashes > 0
}

/// Whether group `k` of `run` is another ending of the number whose last group is `last`
/// (`030 1234567/68`, `(212) 555-0147/0148`, `0711 123456/57/58`: a German letterhead's and an
/// American flyer's way of giving more lines, `01 42 68 53 00/01` a French one's): a slash
/// alone before it, after a group before it; the ending is shorter than `last` (of three
/// digits or more), or as long and starts with the same first half (`555-0147/0148`, not
/// `089/1234/5678`), and is the run's last group or another ending as long follows it.
fn other_ending(run: &Run, k: usize, last: usize) -> bool {
    if last < 1 || k <= last || k >= run.count || !run.separators[k].only_slash() {
        return false;
    }
    let (before, ending) = (run.digits_of(last, last + 1), run.digits_of(k, k + 1));
    let shorter = ending.len() < before.len() && before.len() >= 3;
    let half = ending.len().div_ceil(2);
    let as_long = ending.len() == before.len()
        && before.len() >= 2
        && ending[..half] == before[..half]
        && ending != before;
    let shape = shorter || as_long;
    shape
        && (k + 1 == run.count
            || run.separators[k + 1].only_slash()
                && run.digits_of(k + 1, k + 2).len() == ending.len())
}

/// Whether group `k`, the last of `run`, is a direct-dial suffix after a spaced hyphen
/// (`02131 / 12 34 - 0`, `0711 / 123 456 - 99`, the German way with the spaces DIN 5008 leaves
/// out) of the number that starts at group `i` with its trunk 0 or `+`: one to four digits,
/// a lone 0 (the switchboard, whatever follows) or followed by the end of the line or a
/// punctuation mark, not a word (`030 1234567 - 2 Leitungen`, `01 42 68 53 00 - 2e étage`).
fn spaced_direct_dial(text: &str, run: &Run, i: usize, k: usize) -> bool {
    let s = &run.separators[k];
    let (first, suffix) = (run.digits_of(i, i + 1), run.digits_of(k, k + 1));
    let after = text[run.end()..].trim_start_matches(' ');
    k + 1 == run.count
        && s.dashes == 1
        && s.wide_dashes == 0
        && s.puncts() == 1
        && s.opens + s.closes == 0
        && (1..=4).contains(&suffix.len())
        && (first[0] == 0 || i == 0 && run.plus)
        && run.digits_of(i, k).len() >= 6
        && (suffix == [0]
            || after.is_empty()
            || after.starts_with(['\n', '\r', ',', ';', '|', '·', '.', ')']))
}

/// `02)1234-5678`, `031)123-4567`: Korea's way of closing an area code (its trunk 0, two or
/// three digits) with a `)` and no `(`, at the start of the number made of groups `i..j`, the
/// next group right after it. (`213) 373-4253`, without a trunk 0, pairs up nothing: no number,
/// as libphonenumber's tests want.)
fn area_code_closed(run: &Run, i: usize, j: usize) -> bool {
    let s = &run.separators[1];
    i == 0
        && j >= 2
        && !run.open_first
        && !run.plus
        && (2..=3).contains(&run.groups[0].len)
        && run.digits[0] == 0
        && s.closes == 1
        && s.opens + s.spaces + s.puncts() == 0
        && (2..j).all(|k| run.separators[k].opens + run.separators[k].closes == 0)
}

/// The number `reading` found at `span` of `text`.
fn found_at<'t>(
    text: &'t str,
    span: std::ops::Range<usize>,
    reading: &Reading,
    extension: Option<String>,
    reason: Reason,
) -> Found<'t> {
    Found {
        raw: &text[span.clone()],
        span,
        number: PhoneNumber {
            country_code: reading.code.code,
            national_number: reading.national.to_ascii(),
            extension,
        },
        reason,
    }
}

/// Whether `run` starts with a group of two digits or more whose first is 0 (`030`, `0800`): a
/// national number's trunk prefix, where no amount starts (`Mo-Fr 030 1234567`: "Fr" is Friday
/// there, not Swiss francs; `Fr. 0.50` starts with a lone 0).
fn trunk_zero_first(run: &Run) -> bool {
    run.groups[0].len >= 2 && run.digits[0] == 0
}

/// The columns of a table written in plain text between group `k - 1` and group `k` of `run`,
/// on one line, not one number: three spaces or more between two groups of two digits or more
/// or one of them part of a decimal (`220    20  330    30`, `4.228    4.259`); two spaces
/// alone so in a row of three such gaps or more (`336551  153692   38320  528563`, `8  11  12
/// 16`); three spaces or more after a lone digit that starts a column (`1952\t  0   27288`).
/// (Spaces with a line break are a page's source wrapped, which the reader sees as one space;
/// digits spaced one by one, `0 3   3 3 1   6 0 0 5`, are one number in libphonenumber's tests,
/// and a double space or two, `+49  30  1234567`, may be a page's source that the browser
/// shows as one.)
fn columns(text: &str, run: &Run, k: usize) -> bool {
    let s = &run.separators[k];
    // A decimal on either side (`4.228    4.259`) is a column of figures too.
    let decimal = (k >= 2 && run.separators[k - 1].only_dots())
        || (k + 1 < run.count && run.separators[k + 1].only_dots());
    let figures = decimal || run.groups[k - 1].len >= 2 && run.groups[k].len >= 2;
    let spaces_only = s.puncts() + s.opens + s.closes == 0;
    let row = s.spaces >= 3
        || spaces_only
            && (1..run.count)
                .filter(|&g| run.separators[g].spaces >= 2)
                .count()
                >= 3;
    let lone_first = k == 1
        && run.groups[0].len == 1
        && s.spaces >= 3
        && !run.plus
        && !run.open_first
        && matches!(text.as_bytes()[..run.lead], [.., b'\t'] | [.., b' ', b' ']);
    (figures && row || lone_first)
        && !text[run.groups[k - 1].end..run.groups[k].start].contains('\n')
}

/// Whether separator `k` is the spaced slash or dash after a national area code that starts
/// the number at group `i`: `089 / 12 34 56`, `0171 / 1234567` (an old German way of writing,
/// still in many signatures), `01 / 234 56 78` (Vienna's), `010 - 123 45 67` (the Dutch way: a
/// hyphen, not a wider dash, before a group of three digits or more), unlike the ` / ` or ` - `
/// between two numbers (`030 1 / 040 2`), where the group before it is not an area code with
/// its trunk `0` alone.
fn area_code_spaced(run: &Run, i: usize, k: usize) -> bool {
    // `0 30 / 12 34 56 78`: the trunk 0 spaced from the area code.
    if k == i + 2
        && run.digits_of(i, i + 1) == [0]
        && run.separators[i + 1].spaces == 1
        && run.separators[i + 1].puncts() + run.separators[i + 1].opens == 0
        && run.separators[i + 1].closes == 0
        && run.separators[k].slashes == 1
        && run.separators[k].puncts() == 1
        && run.separators[k].opens + run.separators[k].closes == 0
        && !(i == 0 && (run.plus || run.open_first))
    {
        let area = run.digits_of(i + 1, k);
        return (1..=4).contains(&area.len()) && area[0] != 0;
    }
    let s = &run.separators[k];
    // `+49 (0) 30 / 12 34 56-78`, `+49 30 / 1234567`: after the calling code (and a trunk 0 in
    // parentheses), the area code.
    if i == 0 && run.plus && (k == 2 || k == 3) {
        let trunk_between = k == 2
            || run.digits_of(1, 2) == [0]
                && run.separators[1].opens == 1
                && run.separators[2].closes == 1;
        let area = run.digits_of(k - 1, k);
        return trunk_between
            && (1..=3).contains(&run.groups[0].len)
            && s.slashes == 1
            && s.puncts() == 1
            && s.opens + s.closes == 0
            && (1..=5).contains(&area.len())
            && area[0] != 0
            && run.digits_of(k, k + 1)[0] != 0;
    }
    let area = &run.groups[i];
    k == i + 1
        && !(i == 0 && (run.plus || run.open_first))
        && (s.slashes == 1 || (s.dashes == 1 && s.wide_dashes == 0 && run.groups[k].len >= 3))
        && s.puncts() == 1
        && s.opens + s.closes == 0
        && (2..=5).contains(&area.len)
        && run.digits[usize::from(area.first)] == 0
        && run.digits.get(usize::from(area.first) + 1) != Some(&0)
}

/// The parentheses of the number made of groups `i..j` as its span takes them: the `(`s in it
/// and whether it takes the `)` right after its last group. A `(` before the first group is
/// in the span only when a `)` inside closes it (`(206) 555-0100`; `(030 1234567` and a number
/// wrapped whole, `(800-292-9263)`, start at the digits), a `(` right before a later group when
/// a `)` follows, and the `)` after the last group when one is open. The numbers whose
/// parentheses do not pair up in their span are none: `213(3734253` and `213) 373-4253`
/// (libphonenumber's matching brackets).
fn span_parentheses(
    text: &str,
    run: &Run,
    i: usize,
    j: usize,
    opens: u8,
    closes: u8,
) -> (u8, bool) {
    let mut opens = opens;
    if i == 0 && run.open_first && closes == 0 {
        opens -= 1;
    }
    if i > 0 && closes > 0 && text[..run.groups[i].start].ends_with(super::chars::is_open) {
        opens += 1;
    }
    let takes_close = opens > closes && j == run.count && run.close_after.is_some();
    (opens, takes_close)
}

/// Opening and closing parentheses inside groups `i..j` (and around them).
fn parentheses(run: &Run, i: usize, j: usize) -> (u8, u8) {
    let mut opens = u8::from(i == 0 && run.open_first);
    let mut closes = 0;
    for k in i + 1..j {
        opens += run.separators[k].opens;
        closes += run.separators[k].closes;
    }
    (opens, closes)
}

/// How sure the finder is, 0-100.
fn confidence(
    written: Written,
    from: RegionFrom,
    label: Option<Label>,
    run: &Run,
    i: usize,
    j: usize,
) -> u8 {
    let base: i32 = match written {
        Written::International => 90,
        Written::InternationalPrefix => 85,
        Written::NationalPrefix => 80,
        Written::National => 70,
        Written::CountryCodeWithoutPlus => 55,
    };
    let region: i32 = match from {
        RegionFrom::Number | RegionFrom::Default => 0,
        RegionFrom::Line | RegionFrom::Block | RegionFrom::Also => -5,
        RegionFrom::LineCode | RegionFrom::Domain | RegionFrom::Language => -10,
        RegionFrom::Nearby => -15,
    };
    let context: i32 = match label {
        Some(Label::Phone | Label::Mobile | Label::Fax) => 15,
        Some(Label::Id) => -40,
        None => 0,
    };
    let unformatted = j == i + 1
        && written != Written::International
        && label.is_none()
        && run.groups[i].len >= 8;
    let score = base + region + context - if unformatted { 10 } else { 0 };
    score.clamp(0, 100) as u8
}

/// The most digits of an extension written after a hyphen (`-8001`).
const MAX_HYPHEN_EXTENSION_DIGITS: usize = 5;

/// Group `j` of `run` as an extension written after a single hyphen (`+86 20 61302222-8866`,
/// as Chinese and other pages write a switchboard's extension): one to five digits.
fn hyphen_extension(run: &Run, j: usize) -> Option<Extension> {
    let group = run.groups.get(j)?;
    let digits = usize::from(group.len);
    if !run.separators[j].only_dash() || digits == 0 || digits > MAX_HYPHEN_EXTENSION_DIGITS {
        return None;
    }
    let mut extension = Extension::empty(group.end);
    for &d in run.digits_of(j, j + 1) {
        extension.digits[extension.len] = d;
        extension.len += 1;
    }
    Some(extension)
}

/// Extension keywords, lower case, longest first where one begins another.
const EXTENSION_WORDS: &[&str] = &[
    "extension",
    "durchwahl",
    "nebenstelle",
    "toestel",
    "interno",
    "extn",
    "ext",
    "anexo",
    "poste",
    "apparat",
    "app",
    "dw",
    "int",
    "wew",
    "ramal",
    "dahili",
    "ankn",
    "lokal",
    "linka",
    "mellék",
    "доб",
    "доп",
    "дод",
    "вн",
    "分机",
    "分機",
    "转",
    "轉",
    "内線",
    "ｅｘｔ",
    "x",
    "#",
    "~",
    "ｘ",
    "＃",
];

/// The most spaces, tabs and commas between a number and its extension's keyword.
const MAX_EXTENSION_GAP: usize = 8;

/// An extension right after a number: `x 123`, `ext. 45`, `, Durchwahl 12`, `#3456`; or a
/// code after pauses ([`code_after_pauses`]).
fn extension_after(text: &str, end: usize) -> Option<Extension> {
    let rest = &text[end..];
    if rest.starts_with(',') {
        if let Some(code) = code_after_pauses(text, end) {
            return Some(code);
        }
    }
    let mut at = 0;
    // libphonenumber allows any run of these before the keyword; a table's padding is a few.
    for c in rest.chars().take(MAX_EXTENSION_GAP) {
        if matches!(c, ' ' | '\u{A0}' | ',' | '\t') {
            at += c.len_utf8();
        } else {
            break;
        }
    }
    // Most runs end without a keyword: look at the first character before anything else.
    if at > 0
        && rest[at..]
            .get(..3)
            .is_some_and(|w| w.eq_ignore_ascii_case("pin"))
    {
        return pin_code(text, end + at + 3);
    }
    let first = rest[at..].chars().next().map(super::chars::fold)?;
    if !matches!(
        first,
        'e' | 'd'
            | 'n'
            | 't'
            | 'a'
            | 'p'
            | 'i'
            | 'w'
            | 'r'
            | 'l'
            | 'm'
            | 'в'
            | 'x'
            | '#'
            | '~'
            | 'д'
            | 'ｅ'
            | 'ｘ'
            | '＃'
            | '分'
            | '转'
            | '轉'
            | '内'
    ) {
        return None;
    }
    let starts_with = |word: &str| {
        let mut chars = rest[at..].chars().map(super::chars::fold);
        word.chars().all(|w| chars.next() == Some(w))
    };
    let word = EXTENSION_WORDS.iter().find(|w| starts_with(w))?;
    // The keyword as written (same char count as its lower-case form for these words).
    let written_len: usize = rest[at..]
        .chars()
        .take(word.chars().count())
        .map(char::len_utf8)
        .sum();
    at += written_len;
    if rest[at..]
        .chars()
        .next()
        .is_some_and(super::chars::is_letter)
    {
        return None; // "extra", "xmas", "international"
    }
    let after_word = at;
    for c in rest[at..].chars().take(4) {
        if matches!(c, ':' | '.' | ' ' | '\u{A0}' | '-' | '：' | '．') {
            at += c.len_utf8();
        } else {
            break;
        }
    }
    let mut extension = Extension {
        direct: matches!(*word, "durchwahl" | "dw"),
        ..Extension::empty(0)
    };
    for (i, c) in rest[at..].char_indices() {
        let Some(d) = digit_value(c) else {
            if super::chars::is_letter(c) {
                return None;
            }
            break;
        };
        if extension.len == 7 {
            return None;
        }
        extension.digits[extension.len] = d;
        extension.len += 1;
        extension.end = end + at + i + c.len_utf8();
    }
    // `x 2 Leitungen`, `x 3 lines`: a count of something after a bare `x` and a space, not an
    // extension (`x 12`, `x204 Sales` are).
    let bare_x = matches!(*word, "x" | "ｘ") && &rest[after_word..at] == " ";
    if bare_x && (1..=2).contains(&extension.len) {
        let after = &text[extension.end..];
        let mut chars = after.chars();
        if chars.next() == Some(' ') && chars.next().is_some_and(super::chars::is_letter) {
            return None;
        }
    }
    (extension.len > 0).then_some(extension)
}

/// The tones a conference bridge asks for, written after pauses right after its number, as
/// calendar invitations give a meeting's one-tap number: `+16465588656,,85012345678#` (Zoom),
/// `+1 323-849-4874,,716867208#` (Teams), `+1-415-655-0001,,1234567890##` (Webex): one comma or
/// more, 3 to 20 digits (the meeting ID) and the `#` (or two) that end it, which a row of
/// values separated by commas (`+49 30 1234567,,10115,Berlin`) does not have. No digit may
/// touch it: `7777,234523#233` has none; a word may (`…,,4034983298#International numbers`,
/// a page's lines run together).
fn code_after_pauses(text: &str, end: usize) -> Option<Extension> {
    let pauses = commas_at(text, end);
    let mut code = Extension::empty(end + pauses);
    take_code_digits(text, &mut code);
    // One digit, then pauses and more digits: a menu's choice before the code
    // (`+85230018898,,,2,30597367791#`).
    let menu_pauses = commas_at(text, code.end);
    if code.len == 1 && (1..=3).contains(&menu_pauses) {
        code.menu = Some((code.digits[0], menu_pauses as u8));
        code.len = 0;
        code.end += menu_pauses;
        take_code_digits(text, &mut code);
    }
    code.pauses = u8::try_from(pauses).ok()?;
    ended_with_pound(text, code).map(|code| with_passcode(text, code))
}

/// How many commas (pauses) stand at byte `at` of `text`.
fn commas_at(text: &str, at: usize) -> usize {
    text[at..].bytes().take_while(|&b| b == b',').count()
}

/// Adds the digits at `code.end` to `code`, at most [`MAX_CODE_DIGITS`].
fn take_code_digits(text: &str, code: &mut Extension) {
    for c in text[code.end..].chars() {
        let Some(d) = digit_value(c).filter(|_| code.len < MAX_CODE_DIGITS) else {
            break;
        };
        code.digits[code.len] = d;
        code.len += 1;
        code.end += c.len_utf8();
    }
}

/// `code` and the passcode after it, as Zoom's one-tap numbers write it
/// (`+16465588656,,85012345678#,,,,*123456#`): one to eight pauses, an optional `*`, three to
/// [`MAX_PASSCODE_DIGITS`] digits and the `#` that ends it, no digit or `#` touching it after;
/// else `code` alone.
fn with_passcode(text: &str, mut code: Extension) -> Extension {
    let rest = &text[code.end..];
    let pauses = commas_at(text, code.end);
    if !(1..=8).contains(&pauses) {
        return code;
    }
    let star = rest[pauses..].starts_with('*');
    let mut at = pauses + usize::from(star);
    let mut digits = [0; MAX_PASSCODE_DIGITS];
    let mut len = 0;
    for c in rest[at..].chars() {
        let Some(d) = digit_value(c) else { break };
        if len == MAX_PASSCODE_DIGITS {
            return code;
        }
        digits[len] = d;
        len += 1;
        at += c.len_utf8();
    }
    let Some(pound) = rest[at..].chars().next().filter(|&c| c == '#' || c == '＃') else {
        return code;
    };
    at += pound.len_utf8();
    let touched = rest[at..]
        .chars()
        .next()
        .is_some_and(|c| digit_value(c).is_some() || c == '#');
    if len < MIN_CODE_DIGITS || touched {
        return code;
    }
    code.passcode_pauses = pauses as u8;
    code.passcode = digits;
    code.passcode_len = len as u8;
    code.passcode_star = star;
    code.end += at;
    code
}

/// `code` with the `#` (or two) that must end it, if no digit or `#` touches it then.
fn ended_with_pound(text: &str, mut code: Extension) -> Option<Extension> {
    for c in text[code.end..].chars().take(2) {
        if c != '#' && c != '＃' {
            break;
        }
        code.pounds += 1;
        code.end += c.len_utf8();
    }
    let touched = text[code.end..]
        .chars()
        .next()
        .is_some_and(|c| digit_value(c).is_some() || c == '#');
    (code.pounds > 0 && (MIN_CODE_DIGITS..=MAX_CODE_DIGITS).contains(&code.len) && !touched)
        .then_some(code)
}

/// A meeting's PIN after its dial-in number, as Google Meet's invitations write it:
/// `+1 405-531-2839 PIN: 123 456 789#` (groups of digits apart by single spaces, and the `#`
/// that ends the tones, without which a PIN is none: `PIN 1234` next to a number is for a
/// voicemail, typed by hand), the word `PIN` ending at `after`. Read as a code after a pause
/// (`,123456789#`).
fn pin_code(text: &str, after: usize) -> Option<Extension> {
    let rest = &text[after..];
    let mut at = 0;
    for c in rest.chars().take(3) {
        if matches!(c, ':' | ' ' | '\u{A0}' | '：') {
            at += c.len_utf8();
        } else {
            break;
        }
    }
    let mut code = Extension {
        pauses: 1,
        ..Extension::empty(after + at)
    };
    let mut chars = rest[at..].chars().peekable();
    while let Some(c) = chars.next() {
        if let Some(d) = digit_value(c) {
            if code.len == MAX_CODE_DIGITS {
                return None;
            }
            code.digits[code.len] = d;
            code.len += 1;
        } else if c != ' '
            || code.len == 0
            || chars.peek().is_none_or(|&n| digit_value(n).is_none())
        {
            break;
        }
        code.end += c.len_utf8();
    }
    ended_with_pound(text, code)
}

#[cfg(test)]
mod tests {
    /// Natively the wide skip is not compiled in: this checks the 8-byte skip against the walk
    /// over the characters. `tests/browser.rs` checks the wide one (wasm `simd128`).
    #[test]
    fn the_scan_finds_the_digit_a_walk_over_the_characters_finds() {
        let problems = super::scan_disagreements();
        assert!(problems.is_empty(), "{problems:#?}");
    }
}
