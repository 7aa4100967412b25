//! Look-alikes: digits that are dates, times, addresses, versions, amounts, IDs, codes or
//! measurements, told by their shape and by what touches them.
//!
//! Two kinds of checks: [`glued`] looks at the characters around a whole run (letters, `#`,
//! `%`, currency signs, `:` of a time, units); [`structure_at`] recognises a date, a range, an
//! address or a version starting at one group of a run, so that the finder steps over it.

use super::chars::{
    digit_value, fold, is_currency, is_dash, is_letter, is_letter_or_digit, is_plus, is_space,
    is_word_letter,
};
use super::run::{Run, Separator};

/// The characters before the run make its digits part of a word, an ID, an amount, a path.
pub(crate) fn glued_before(text: &str, run: &Run) -> bool {
    let mut before = text[..run.lead].chars().rev();
    let Some(previous) = before.next() else {
        return false;
    };
    if run.plus || run.open_first {
        // `abc+1 650 ...` and `abc(650) ...` are numbers (libphonenumber agrees), `$+1` is not.
        return is_currency(previous) || previous == '%' || digit_value(previous).is_some();
    }
    let second = before.next();
    match previous {
        c if is_word_letter(c) || digit_value(c).is_some() || is_currency(c) => true,
        // A combining mark belongs to the letter before it (`é` written as `e` + U+0301).
        '\u{300}'..='\u{36F}' => true,
        '_' | '#' | '@' | '&' | '=' | '\\' | '%' | '°' | '№' | '^' | '*' | '§' => true,
        // `12.34`, `1,234`, `12:30`: glued to a digit; `/path/123`: to a word. A list of numbers
        // without spaces (`021-68812753,021-68808888`) is not an amount: four digits or more
        // before the comma are no thousands group.
        ',' => {
            second.and_then(digit_value).is_some()
                && text[..run.lead - 1]
                    .chars()
                    .rev()
                    .take_while(|&c| digit_value(c).is_some())
                    .count()
                    < 4
        }
        '.' | ':' => second.and_then(digit_value).is_some(),
        '/' => second.is_some_and(is_letter_or_digit),
        // `INV-2024`, `D-80331`, `-12`: a hyphen glues a word (or a minus sign) to the digits,
        // except a label like `Tel-` or `number-`. A script written without spaces puts a
        // number right after its words, a dash between (`宝爵台球会所-13604770960`, a
        // business and its number): its letters do not glue. After `(`, `=` or `[` the hyphen
        // is a minus sign in code (`modify_ldt(-629534633,`, `map_fd=-1159983635`).
        c if is_dash(c) && !super::chars::is_wide_dash(c) => match second {
            Some(w) if is_word_letter(w) => !ends_with_label(&text[..run.lead - c.len_utf8()]),
            Some('(' | '=' | '[') => true,
            Some(w) => digit_value(w).is_some() || is_space(w) && minus_sign(text, run),
            None => true,
        },
        _ => false,
    }
}

/// ` -33.86` is a negative number: a hyphen after a space, right before digits with a decimal
/// point or alone.
fn minus_sign(_text: &str, run: &Run) -> bool {
    run.count <= 2 && (run.count == 1 || run.separators[1].only_dots())
}

/// Whether `text` ends with a word that labels a phone number (`number-415-...`).
fn ends_with_label(text: &str) -> bool {
    matches!(
        super::context::label_before(text, text.len()),
        Some(super::Label::Phone | super::Label::Mobile | super::Label::Fax)
    )
}

/// The characters after the run: letters, `%`, a currency, a time's `:`, a decimal `,`, `°`.
/// A `+CC` number (`plus`) may touch a word of a script other than Latin, as libphonenumber
/// allows (`+٤٤٣٣٣٣٣٣٣٣٣٣عَرَبِيّ`): only Latin letters glue to it.
pub(crate) fn glued_after(text: &str, end: usize, plus: bool) -> bool {
    let mut after = text[end..].chars();
    let Some(next) = after.next() else {
        return false;
    };
    let second = after.next();
    match next {
        c if plus && is_word_letter(c) && !is_latin(c) => false,
        // A capitalised word after an international number: the next line's, run together
        // (`+1 669 900 6833Toll-free numbers`).
        c if plus && c.is_ascii_uppercase() && second.is_some_and(|s| s.is_ascii_lowercase()) => {
            false
        }
        c if is_word_letter(c) || is_currency(c) => true,
        '%' | '‰' | '°' | '@' | '_' | '′' | '″' | '²' | '³' => true,
        // `08:00`, `1,250`, `12.` at a sentence end is fine, `2.5x` is not.
        ':' => second.and_then(digit_value).is_some(),
        // A file's or a host's name (`Update 2023 01 12-01.png`, `pdajpst.2018.009407.abstract`
        // in a URL): a word in lower case right after the dot (a capital starts a sentence
        // whose space was forgotten: `415-666-7777.Nice day.`).
        '.' => second.is_some_and(|c| c.is_ascii_lowercase()),
        ',' => {
            second.and_then(digit_value).is_some() && !another_number_after_comma(&text[end + 1..])
        }
        c if is_dash(c) => second.is_some_and(is_word_letter),
        // `2+3`; but an international number right after another one is the next number
        // (`+1 646 558 8656+1 669 900 6833`: a page's lines run together).
        c if is_plus(c) => !plus && second.and_then(digit_value).is_some(),
        // `08250398…rust-1.66.0`: a range of commits, an ellipsis between two names.
        '…' => second.is_some_and(is_letter_or_digit),
        _ => false,
    }
}

/// Whether the digits after a comma start another number, not an amount's thousands group or
/// decimals: four digits or more, or three followed by a dash or a space and a digit
/// (`…68812753,021-68808888`, `…1234567,030 7654321`).
fn another_number_after_comma(rest: &str) -> bool {
    let digits = rest
        .chars()
        .take_while(|&c| digit_value(c).is_some())
        .count();
    let mut after = rest.chars().skip(digits);
    digits >= 4
        || (digits == 3
            && after.next().is_some_and(|c| is_dash(c) || c == ' ')
            && after.next().and_then(digit_value).is_some())
}

/// A letter of the Latin script (Basic Latin up to Latin Extended-B, Latin Extended
/// Additional), libphonenumber's `isLatinLetter`.
fn is_latin(c: char) -> bool {
    c < '\u{0250}' || ('\u{1E00}'..='\u{1EFF}').contains(&c)
}

/// A currency code or sign, with a space, before byte `lead` (`€ 1.250`, `EUR 12 000`).
pub(crate) fn amount_before(text: &str, lead: usize) -> bool {
    let before = text[..lead].trim_end_matches(is_space);
    let word = before
        .rsplit(|c: char| !is_letter(c) && !is_currency(c))
        .next()
        .unwrap_or("");
    lead != before.len() && (is_money_word(word) || before.ends_with(is_currency))
}

/// A currency, a unit or a percent sign, with a space, after byte `end` (`12 EUR`, `120 mm`).
pub(crate) fn amount_after(text: &str, end: usize) -> bool {
    let after = text[end..].trim_start_matches(is_space);
    let word = after
        .split(|c: char| !is_letter_or_digit(c) && !is_currency(c) && c != '²' && c != '³')
        .next()
        .unwrap_or("");
    end != text.len() - after.len()
        && (is_money_word(word)
            || is_unit(word)
            || after.starts_with(['%', '‰', '°', '€', '$', '£']))
}

/// `715827882 pixels`, `12 500 users`, `1.299,00 EUR`: groups `i..j` written as an amount or a
/// count is (one group, thousands in groups of three, or decimals at the end), which a currency
/// or a unit after them ([`amount_after`]) makes one. (`0800 123 4567 lines open`, `0161 496
/// 0000 days or evenings`: a number's groups, and a word after it.)
pub(crate) fn amount_shaped(run: &Run, i: usize, j: usize) -> bool {
    let len = |g: usize| run.groups[g].len;
    let last = &run.separators[j - 1];
    let thousands = len(i) <= 3 && (i + 1..j).all(|g| len(g) == 3);
    let decimals = j >= i + 2
        && len(j - 1) <= 2
        && last.spaces == 0
        && last.puncts() == 1
        && last.dashes + last.slashes == 0;
    j == i + 1 || thousands || decimals
}

fn is_money_word(word: &str) -> bool {
    matches!(
        word,
        "EUR"
            | "USD"
            | "CHF"
            | "GBP"
            | "JPY"
            | "CNY"
            | "SEK"
            | "NOK"
            | "DKK"
            | "PLN"
            | "CZK"
            | "HUF"
            | "CAD"
            | "AUD"
            | "INR"
            | "BRL"
            | "MXN"
            | "Euro"
            | "Euros"
            | "euro"
            | "euros"
            | "Dollar"
            | "dollars"
            | "Fr"
            | "CHF."
            | "Rs"
            | "kr"
            | "zł"
            | "Kč"
            | "Ft"
            | "€"
            | "$"
            | "£"
            | "¥"
            | "₹"
    )
}

fn is_unit(word: &str) -> bool {
    matches!(
        word,
        "mm" | "cm"
            | "km"
            | "m²"
            | "m2"
            | "km²"
            | "qm"
            | "kg"
            | "mg"
            | "lb"
            | "lbs"
            | "oz"
            | "ml"
            | "cl"
            | "px"
            | "dpi"
            | "Hz"
            | "kHz"
            | "MHz"
            | "GHz"
            | "kW"
            | "MW"
            | "kWh"
            | "mA"
            | "mAh"
            | "KB"
            | "kB"
            | "MB"
            | "GB"
            | "TB"
            | "Mbit"
            | "Gbit"
            | "bps"
            | "ms"
            | "sec"
            | "min"
            | "Std"
            | "Uhr"
            | "mph"
            | "inch"
            | "Zoll"
            | "miles"
            | "pcs"
            | "Stück"
            | "Stk"
            | "units"
            | "items"
            | "views"
            | "users"
            | "Punkte"
            | "points"
            | "pts"
            | "Tage"
            | "days"
            | "Jahre"
            | "years"
            | "rpm"
            | "psi"
            // Counts in software's texts (`715827882 pixels`, `3441325000 bytes`).
            | "bytes"
            | "bits"
            | "KiB"
            | "MiB"
            | "GiB"
            | "TiB"
            | "ns"
            | "µs"
            | "pixels"
            | "files"
            | "lines"
            | "rows"
            | "entries"
            | "records"
            | "instructions"
            | "cycles"
    )
}

/// A date, range, address or version that starts at group `i` of `run`: the group after it.
pub(crate) fn structure_at(run: &Run, i: usize, text: &str) -> Option<usize> {
    let n = run.count;
    let len = |k: usize| usize::from(run.groups[k].len);
    let value = |k: usize| run.value(k);
    let sep = |k: usize| -> &Separator { &run.separators[k] };
    let day = |k: usize| (1..=2).contains(&len(k)) && (1..=31).contains(&value(k));
    let month = |k: usize| (1..=2).contains(&len(k)) && (1..=12).contains(&value(k));
    let year = |k: usize| full_year(run, k) || len(k) == 2;
    let full_year = |k: usize| full_year(run, k);

    // The structure ends at group `k`: no further group with the same punctuation follows.
    let alone = |k: usize| k >= n || !same_punct(sep(k - 1), sep(k));
    // An octet is written without leading zeros (`078.123.46.23` is a Swiss number).
    let octet = |k: usize| {
        len(k) <= 3 && value(k) <= 255 && (len(k) == 1 || run.digits_of(k, k + 1)[0] != 0)
    };
    if i + 4 <= n
        && (0..4).all(|k| octet(i + k))
        && (1..4).all(|k| sep(i + k).only_dots())
        && alone(i + 4)
    {
        return Some(i + 4); // IPv4
    }
    if i + 3 <= n && same_punct(sep(i + 1), sep(i + 2)) && alone(i + 3) {
        // 2024-01-15, 2024/1/5, 15.01.2024, 1/15/24, 15-01-2024
        if year_first_date(run, i) {
            return Some(i + 3);
        }
        // `ベスト52014/01/30`: a date written year first with slashes or dashes, glued to a
        // digit before it (a rank, a count) in text that does not part words with spaces.
        if (5..=6).contains(&len(i))
            && (1900..=2099).contains(&(value(i) % 10_000))
            && month(i + 1)
            && day(i + 2)
            && (sep(i + 1).only_slash() || sep(i + 1).only_dash())
        {
            return Some(i + 3);
        }
        // With dashes, a two-digit year only when the three groups are the whole run and each
        // has two digits (`01-09-17`; Italy's plan takes it for a Genoa number).
        let short_dashed = i == 0 && n == 3 && (0..3).all(|k| len(k) == 2);
        if ((day(i) && month(i + 1)) || (month(i) && day(i + 1)))
            && year(i + 2)
            && (!sep(i + 1).only_dash() || short_dashed)
            || ((day(i) && month(i + 1)) || (month(i) && day(i + 1))) && full_year(i + 2)
        {
            return Some(i + 3);
        }
        // 1.2.3 and 10.0.19045: versions.
    }
    if i + 3 <= n && sep(i + 1).only_dots() && sep(i + 2).only_dots() {
        let mut k = i + 3;
        while k < n && sep(k).only_dots() {
            k += 1;
        }
        let total: usize = (i..k).map(len).sum();
        let short = (i + 1..k).any(|g| len(g) <= 2);
        if len(i) <= 2 && run.digits_of(i, i + 1)[0] != 0 && short && total < 8 {
            return Some(k);
        }
    }
    // 08-02/09-13: two days of the year (month and day, or day and month, by dashes) joined
    // by a slash, a range of dates.
    let day_of_year = |k: usize| {
        len(k) == 2
            && len(k + 1) == 2
            && sep(k + 1).only_dash()
            && ((month(k) && day(k + 1)) || (day(k) && month(k + 1)))
    };
    if i + 4 <= n && day_of_year(i) && sep(i + 2).only_slash() && day_of_year(i + 2) {
        return Some(i + 4);
    }
    // Apr 02 2005, März 5 2024: a day and a year after the name of a month.
    if i == 0
        && n >= 2
        && day(0)
        && full_year(1)
        && sep(1).puncts() + sep(1).opens + sep(1).closes == 0
        && month_name_before(text, run.lead)
    {
        return Some(2);
    }
    if i + 2 <= n {
        let s = sep(i + 1);
        // 1979-2011, 2019 – 2024, 2023/24: year ranges.
        if full_year(i)
            && (s.dashes > 0 || s.slashes > 0)
            && s.puncts() == 1
            && (full_year(i + 1) || len(i + 1) == 2 && !s.only_dash())
        {
            return Some(i + 2);
        }
        // 1642–1772, 1899–1902: a range of earlier years, by the en dash that says "to" (a
        // hyphen joins Korea's `1544-1600`, a number).
        let year_of_history = |k: usize| len(k) == 4 && (1000..=2099).contains(&value(k));
        if year_of_history(i)
            && year_of_history(i + 1)
            && value(i) < value(i + 1)
            && s.wide_dashes == 1
            && s.puncts() == 1
        {
            return Some(i + 2);
        }
        // 21.6. and 15.01. (a day and a month, the dot after), 06/21, 03/2024.
        // A dot after the month that ends the date (not one that leads to more digits).
        let after = &text[run.groups[i + 1].end..];
        let next_is_dot =
            after.starts_with('.') && !after[1..].starts_with(|c: char| digit_value(c).is_some());
        if s.only_dots()
            && day(i)
            && month(i + 1)
            && (next_is_dot || i + 2 == n && len(i + 1) <= 2 && len(i) <= 2)
        {
            return Some(i + 2);
        }
        if s.only_slash() && month(i) && (len(i + 1) == 2 || full_year(i + 1)) && i + 2 == n {
            return Some(i + 2);
        }
        // 52.5200, 13.404954: decimals (coordinates, measures); 227.7202-1: a section of a
        // code of law or a part number (a decimal and one digit after a dash).
        let section = i + 3 == n && sep(i + 2).only_dash() && len(i + 2) == 1;
        // `Phone: +1.2065550100`: WHOIS's and EPP's way of writing a number (the calling code,
        // a dot, the national number), after a label that vouches for one.
        let epp = i == 0
            && run.plus
            && i + 2 == n
            && len(i + 1) >= 7
            && super::context::vouching_label_before(text, run.lead);
        if s.only_dots()
            && !epp
            && len(i) <= 3
            && (len(i) == 1 || run.digits_of(i, i + 1)[0] != 0)
            && len(i + 1) >= 4
            && (i + 2 == n || section)
        {
            return Some(n);
        }
        // 9-17, 10–12: a small range (hours, pages); 15.–17.: a day range.
        if (s.dashes > 0 && s.puncts() <= 2)
            && len(i) <= 2
            && len(i + 1) <= 2
            && (s.dots == 1 || i + 2 == n)
        {
            return Some(if s.dots == 1 { i + 1 } else { i + 2 });
        }
    }
    None
}

/// The months in English, German, French, Spanish, Italian, Portuguese and Dutch (each name
/// once), lower case; a word before a date is one of them or an abbreviation of three letters
/// or more (`Apr`, `Sept.`, `déc.`).
const MONTHS: &str =
    "january february march april may june july august september october november december \
     januar jänner februar märz mai juni juli oktober dezember janvier février mars avril \
     juin juillet août septembre octobre novembre décembre enero febrero marzo abril mayo \
     junio julio agosto septiembre setiembre octubre noviembre diciembre gennaio febbraio \
     aprile maggio giugno luglio settembre ottobre dicembre janeiro fevereiro março maio \
     junho julho setembro outubro dezembro januari februari maart mei augustus";

/// The word right before byte `lead` (one space between, a dot after it allowed) names a month.
fn month_name_before(text: &str, lead: usize) -> bool {
    let Some(before) = text[..lead].strip_suffix(' ') else {
        return false;
    };
    let before = before.strip_suffix('.').unwrap_or(before);
    let word = super::chars::word_at_end(before, is_word_letter);
    if !(3..=10).contains(&word.chars().count()) {
        return false;
    }
    MONTHS.split_ascii_whitespace().any(|month| {
        let mut month = month.chars();
        word.chars().all(|c| month.next() == Some(fold(c)))
    })
}

/// Whether two separators are the same punctuation alone: dots, a dash, a slash.
fn same_punct(a: &Separator, b: &Separator) -> bool {
    (a.only_dots() && b.only_dots())
        || (a.only_dash() && b.only_dash())
        || (a.only_slash() && b.only_slash())
}

/// Group `g` of `run` is a year written in full, 1900 to 2099.
fn full_year(run: &Run, g: usize) -> bool {
    run.groups[g].len == 4 && (1900..=2099).contains(&run.value(g))
}

/// `2024-01-15`, `2024/1/5`, `2024.01.15`: groups `k..k + 3` are a date written year first
/// (a year from 1900 to 2099, a month and a day of one digit or two, one punctuation between).
fn year_first_date(run: &Run, k: usize) -> bool {
    let (len, value) = (|g: usize| run.groups[g].len, |g: usize| run.value(g));
    k + 3 <= run.count
        && full_year(run, k)
        && (1..=2).contains(&len(k + 1))
        && (1..=12).contains(&value(k + 1))
        && (1..=2).contains(&len(k + 2))
        && (1..=31).contains(&value(k + 2))
        && same_punct(&run.separators[k + 1], &run.separators[k + 2])
}

/// `1.39 (2019-11-07)`, `1.950 2013/7/3`: a date written year first with dashes or with
/// slashes (not dots: a version), starting at group `k` after something else (the separator
/// before it is no dash) and ending by group `end`: a number never has one inside.
pub(crate) fn date_inside(run: &Run, k: usize, end: usize) -> bool {
    k + 3 <= end
        && ((year_first_date(run, k)
            && !run.separators[k + 1].only_dots()
            && run.separators[k].dashes == 0)
            || day_first_date(run, k))
}

/// `24/04/2021`, `15.05.2021`, `15-05-2021`: groups `k..k + 3` are a date written day first
/// (a day and a month of one digit or two, a year from 1900 to 2099, one punctuation between):
/// `Session 3 24/04/2021` holds no number.
fn day_first_date(run: &Run, k: usize) -> bool {
    let (len, value) = (|g: usize| run.groups[g].len, |g: usize| run.value(g));
    k + 3 <= run.count
        && (1..=2).contains(&len(k))
        && (1..=31).contains(&value(k))
        && (1..=2).contains(&len(k + 1))
        && (1..=12).contains(&value(k + 1))
        && full_year(run, k + 2)
        && same_punct(&run.separators[k + 1], &run.separators[k + 2])
}

/// `09122023 Call Recording`, `04072022 Digital Asset SIG`: groups `i..j` are one group of
/// eight digits that reads as a date, month or day first, then a year from 1990 to 2039. The
/// caller asks only without a phone label (`Tel. 09122023` is a number).
pub(crate) fn compact_date(run: &Run, i: usize, j: usize) -> bool {
    if j != i + 1 || run.groups[i].len != 8 {
        return false;
    }
    let d = run.digits_of(i, j);
    let two = |at: usize| u32::from(d[at]) * 10 + u32::from(d[at + 1]);
    let year = two(4) * 100 + two(6);
    let (a, b) = (two(0), two(2));
    let day_month = |day: u32, month: u32| (1..=31).contains(&day) && (1..=12).contains(&month);
    (1990..=2039).contains(&year) && (day_month(a, b) || day_month(b, a))
}

/// `1 2 3 4 5 6 7 8 9`, `01 02 03 04 05`, `32 64 96 128`, `500 600 700 800 900 1000`: groups
/// `i..j` (two or more) are part of four groups or more of the run, of four digits or fewer,
/// that count up by one or by a step that carries them to more digits (footnote marks, line
/// numbers, a list's items, sizes). (`01 23 45 67 89` counts up by 22 in groups of two:
/// France's own example, a number there.)
pub(crate) fn counting(run: &Run, i: usize, j: usize) -> bool {
    let step = |g: usize| {
        run.value(g)
            .checked_sub(run.value(g - 1))
            .filter(|&d| d > 0)
    };
    if j < i + 2 || run.groups[i].len > 4 {
        return false;
    }
    let Some(by) = step(i + 1) else {
        return false;
    };
    let in_step = |g: usize| run.groups[g].len <= 4 && step(g) == Some(by);
    if !(i + 2..j).all(in_step) {
        return false;
    }
    let mut first = i;
    while first > 0 && in_step(first) && run.groups[first - 1].len <= 4 {
        first -= 1;
    }
    let mut last = j;
    while last < run.count && in_step(last) {
        last += 1;
    }
    last >= first + 4 && (by == 1 || run.groups[first].len < run.groups[last - 1].len)
}

/// `238745  3.5.0`, `3901  9.0.1052`: a version (three or four groups joined by dots: one of a
/// single digit, the second of one or two, none over four; the first not 0 unless it is `0`
/// alone) that starts at group `k`, after a separator without a dot, and ends at group `j`,
/// where a number would end: the version is not the number's tail. (`80.12.30.28` goes on with
/// the dots of the groups before it, `02 512.34.56` has no single digit, `+61 2.1234.5672` a
/// second group of four: numbers.)
pub(crate) fn version_at_end(run: &Run, k: usize, j: usize) -> bool {
    (k + 3..=k + 4).contains(&j)
        && run.separators[k].dots == 0
        && (run.digits_of(k, k + 1)[0] != 0 || run.groups[k].len == 1)
        && run.groups[k + 1].len <= 2
        && (k..j).all(|g| run.groups[g].len <= 4)
        && (k..j).any(|g| run.groups[g].len == 1)
        && (k + 1..j).all(|g| run.separators[g].only_dots())
}

/// `156.0.8078.47`, `2.13.90.0.18`: a group of one digit between two dots, inside groups
/// `i..j`, is a version's part; no number is written so.
pub(crate) fn single_digit_between_dots(run: &Run, i: usize, j: usize) -> bool {
    (i + 1..j.saturating_sub(1)).any(|g| {
        run.groups[g].len == 1 && run.separators[g].only_dots() && run.separators[g + 1].only_dots()
    })
}

/// `0.99.19-1`, `133.5  0.7`, `1351.46`: groups `i..j` start with a version (`0`, a dot, and
/// fewer than eight digits in all joined by dots: `0.801.23.42.45` is a French number), or
/// hold a decimal (two groups joined by a dot, no dot on either side, the second of one or two
/// digits): no number is written so.
pub(crate) fn decimal_inside(run: &Run, i: usize, j: usize) -> bool {
    let dots = |g: usize| g > 0 && g < run.count && run.separators[g].only_dots();
    let dotted_digits = |from: usize| {
        let mut to = from + 1;
        while dots(to) {
            to += 1;
        }
        (from..to)
            .map(|g| usize::from(run.groups[g].len))
            .sum::<usize>()
    };
    let zero_first = run.groups[i].len == 1
        && run.digits_of(i, i + 1)[0] == 0
        && j > i + 1
        && dots(i + 1)
        && dotted_digits(i) < 8;
    zero_first
        || (i + 1..j).any(|g| {
            dots(g) && run.groups[g].len <= 2 && !dots(g - 1) && (g + 1 >= j || !dots(g + 1))
        })
}

/// `1.658.683.750`: four groups or more joined by dots, the first of one to three digits and
/// every other of three, are an amount with its thousands marked (`912.345.678`, three
/// groups, is a Spanish number).
pub(crate) fn thousands(run: &Run, i: usize, j: usize) -> bool {
    j >= i + 4
        && run.groups[i].len <= 3
        && (i + 1..j).all(|g| run.groups[g].len == 3 && run.separators[g].only_dots())
}

/// `.342/.370/.567` (a batter's slash line), `.75`: a group of digits right after a dot that
/// follows no letter or digit (a space, a slash, the start) is the decimals of a fraction
/// written without its leading 0, as no number's digits are.
pub(crate) fn decimals_without_zero(text: &str, run: &Run, i: usize, j: usize) -> bool {
    let bytes = text.as_bytes();
    (i..j).any(|g| {
        let start = run.groups[g].start;
        start >= 1
            && bytes[start - 1] == b'.'
            && (start == 1 || {
                let before = bytes[start - 2];
                before < 0x80 && !before.is_ascii_alphanumeric()
            })
    })
}

/// `doi:10.1073/pnas.0801507105`, `doi:10.1111/1467-8543.00069`: the digits at byte `start` are
/// part of a DOI, written without spaces from its `10.` + registrant + `/` (on every reference
/// list of Wikipedia). Only a group glued to what comes before it, or starting with `10.`, is
/// looked at: a number after a space is never inside a DOI.
pub(crate) fn in_doi(text: &str, start: usize) -> bool {
    /// How far back a DOI's start is looked for.
    const MAX_DOI_BYTES: usize = 80;
    let bytes = text.as_bytes();
    let glued = start > 0 && !bytes[start - 1].is_ascii_whitespace();
    if !glued && !text[start..].starts_with("10.") {
        return false;
    }
    let from = start.saturating_sub(MAX_DOI_BYTES);
    let token = bytes[from..start]
        .iter()
        .rposition(u8::is_ascii_whitespace)
        .map_or(from, |space| from + space + 1);
    // `10.` + 4 to 9 digits + `/`, starting at or before `start`, within the token.
    (token..=start).any(|at| {
        bytes[at..].starts_with(b"10.") && (at == 0 || !bytes[at - 1].is_ascii_digit()) && {
            let registrant = bytes[at + 3..]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count();
            (4..=9).contains(&registrant) && bytes.get(at + 3 + registrant) == Some(&b'/')
        }
    })
}

/// `2147483647`, `4294967296`, `1000000000`: a power of two (or one or two less) from 2^20 on,
/// or of ten from 10^6 on, written without a leading 0, is a limit in a program's text.
pub(crate) fn round_value(digits: &[u8]) -> bool {
    if digits.first() == Some(&0) || digits.len() > 19 {
        return false;
    }
    let value = digits.iter().fold(0u64, |v, &d| v * 10 + u64::from(d));
    let ten = digits[1..].iter().all(|&d| d == 0) && digits[0] == 1 && digits.len() >= 7;
    let two = |v: u64| v >= 1 << 20 && v.is_power_of_two();
    ten || (0..=2).any(|less| value.checked_add(less).is_some_and(two))
}

/// `123456789`, `123-456-789`, `987654321`, `098-765-432`: eight digits or more that count up
/// from 1 or down (9 and 0 next to each other) are a placeholder in an example, not a number
/// anybody has. (Up from 0, `01 23 45 67 89` is France's own example, and a number there.)
pub(crate) fn placeholder(digits: &[u8]) -> bool {
    let step = |a: u8, b: u8| (b + 10 - a) % 10;
    digits.len() >= 8
        && ((digits[0] == 1 && digits.windows(2).all(|w| step(w[0], w[1]) == 1))
            || digits.windows(2).all(|w| step(w[0], w[1]) == 9))
}

/// `>= 0.76-13.1`, `!= 0200004`, `precision >= 1000000000`, `+/- 2147483684`: a comparison
/// or a tolerance before the digits (a space between allowed) makes them a value in a program,
/// a dependency or a measurement; so does `>` or `<` between two values (`940582863 >
/// 940579269`; a `>` at a line's start quotes a reply).
pub(crate) fn after_comparison(text: &str, lead: usize) -> bool {
    let before = text[..lead].trim_end_matches(' ');
    let last = before.as_bytes().last();
    // Each operator's last byte first: most runs follow none, and `ends_with` calls `memcmp`.
    [">=", "<=", "!=", "==", "≥", "≤", "≠", "+/-", "±"]
        .iter()
        .any(|op| op.as_bytes().last() == last && before.ends_with(op))
        || matches!(before.as_bytes(), [.., b'0'..=b'9', b' ', b'>' | b'<'])
}

/// `940582863 > 940579269`: `>` or `<` between spaces after byte `end`, a digit after it; or
/// `=` and a digit, after a `)` that closes a sum (`(26821559 – 92499–26033) = 1.6%`) or not.
pub(crate) fn before_comparison(text: &str, end: usize) -> bool {
    matches!(
        &text.as_bytes()[end..],
        [b' ', b'>' | b'<' | b'=', b' ', b'0'..=b'9', ..]
            | [b')', b' ', b'=', b' ', b'0'..=b'9', ..]
            | [b')', b'=', b'0'..=b'9', ..]
    )
}

/// `10689-10690`, `r13286-13288`: two groups of five digits or more, of the same length,
/// joined by a dash, the second a little above the first (by less than a hundred), among
/// groups `i..j`: a range of revisions or IDs. (A number's halves rarely come so; `98450-98570`
/// may be an Indian mobile.)
pub(crate) fn close_range(run: &Run, i: usize, j: usize) -> bool {
    (i + 1..j).any(|k| {
        run.separators[k].only_dash()
            && run.groups[k].len >= 5
            && run.groups[k].len == run.groups[k - 1].len
            && run
                .value(k)
                .checked_sub(run.value(k - 1))
                .is_some_and(|d| (1..100).contains(&d))
    })
}

/// `130.400  131.720`: groups `i..j` are a figure with a dot (two groups joined by it) beside
/// another such, two spaces or more between: a column of figures. (`02.12345678  Fax
/// 02.12345679` are two Italian numbers.)
pub(crate) fn figures_in_a_row(run: &Run, i: usize, j: usize) -> bool {
    let figure = |a: usize| a + 2 <= run.count && run.separators[a + 1].only_dots();
    let wide = |k: usize| {
        let s = &run.separators[k];
        s.spaces >= 2 && s.puncts() + s.opens + s.closes == 0
    };
    j == i + 2
        && figure(i)
        && ((j < run.count && wide(j) && figure(j)) || (i >= 2 && wide(i) && figure(i - 2)))
}

/// `[6436087]`: digits alone between square brackets (from byte `start` to `end`) are a
/// commit's or a bug's number.
pub(crate) fn in_brackets(text: &str, start: usize, end: usize) -> bool {
    let bytes = text.as_bytes();
    start > 0 && bytes[start - 1] == b'[' && bytes.get(end) == Some(&b']')
}

/// `4.71 ns    148421349`: a column after a measure (a figure and its unit, two spaces or a
/// tab between), as a benchmark or a profiler prints its table, is a figure too.
pub(crate) fn after_a_measure(text: &str, lead: usize) -> bool {
    let before = &text[..lead];
    let spaced = before.trim_end_matches([' ', '\t']);
    let gap = &before[spaced.len()..];
    if !(gap.len() >= 2 || gap.contains('\t')) {
        return false;
    }
    let letters = trailing(spaced.as_bytes(), u8::is_ascii_alphabetic).len();
    let (figure, unit) = spaced.split_at(spaced.len() - letters);
    is_unit(unit)
        && figure
            .strip_suffix(' ')
            .is_some_and(|f| f.ends_with(|c: char| c.is_ascii_digit()))
}

/// `20.20240412.3.1`, `144.939  146.123`: groups `i..j` end right before a dot and more digits,
/// or start right after digits and a dot: they are cut out of a version, a build number or a
/// decimal, which no number is.
pub(crate) fn cut_from_dots(run: &Run, i: usize, j: usize) -> bool {
    let dots = |g: usize| run.separators[g].only_dots();
    (i > 0 && dots(i)) || (j < run.count && dots(j))
}

/// `c7 45 ec 01 00 00 00`: pairs of digits beside three pairs of hex digits, one with a letter,
/// one space apart (two between a line's halves, an offset first: `00010  ff ff ff ff 20 00 00
/// 00  10 00`, `05 00  d0 d9 aa 53`),
/// or after a disassembler's address (`8048f28:  89 43 54`), are the bytes of a hex dump.
pub(crate) fn in_hex_dump(text: &str, run: &Run) -> bool {
    // One space between bytes, or two between two halves of a line (`hexdump -C`); an offset
    // first, two spaces or more after it (`00020  08 00 04 00`).
    let spaces_only = |s: &Separator, most: u8| {
        (1..=most).contains(&s.spaces) && s.puncts() + s.opens + s.closes == 0
    };
    let offset = run.count > 1
        && run.groups[0].len >= 4
        && spaces_only(&run.separators[1], u8::MAX)
        && run.separators[1].spaces >= 2;
    let bytes_from = usize::from(offset);
    let pairs = (bytes_from..run.count).all(|k| run.groups[k].len == 2)
        && (bytes_from + 1..run.count).all(|k| spaces_only(&run.separators[k], 2));
    if run.plus || run.open_first || !pairs {
        return false;
    }
    // The bytes of the dump go on beyond the pairs, one space or two apart: three pairs of hex
    // digits or more, one with a letter (`dd 05 00`, `c7 45 ec`). One pair alone is a word
    // (`01 42 68 53 00 de 9h`: French, "from 9 o'clock").
    let bytes = text.as_bytes();
    let hex = |at: usize| {
        bytes
            .get(at..at + 2)
            .is_some_and(|pair| pair.iter().all(u8::is_ascii_hexdigit))
            && (at == 0 || bytes[at - 1] == b' ')
            && bytes.get(at + 2).is_none_or(u8::is_ascii_whitespace)
    };
    let letters = |at: usize| bytes[at..at + 2].iter().any(u8::is_ascii_alphabetic);
    let dump_goes_on = |mut at: usize, forward: bool| {
        let (mut pairs, mut letter) = (0, false);
        while pairs < 3 {
            let gap = if forward {
                bytes[at..].iter().take_while(|&&b| b == b' ').count()
            } else {
                bytes[..at].iter().rev().take_while(|&&b| b == b' ').count()
            };
            let next = if forward {
                Some(at + gap)
            } else {
                at.checked_sub(gap + 2)
            };
            let Some(next) = next.filter(|&n| (1..=2).contains(&gap) && hex(n)) else {
                break;
            };
            letter |= letters(next);
            pairs += 1;
            at = if forward { next + 2 } else { next };
        }
        pairs == 3 && letter
    };
    let (lead, end) = (run.lead, run.end());
    dump_goes_on(lead, false) || dump_goes_on(end, true) || after_hex_address(&bytes[..lead])
}

/// `gcc-12 (12-20220428-1) unstable; urgency=medium`: the version in the header line of a
/// Debian changelog (a package, its version in parentheses, distributions, `; urgency=`):
/// right after byte `end` the parentheses close within the same word, and the urgency follows
/// soon after (both looked for a few dozen bytes ahead only: a long block is not read to its
/// end for each run of digits).
pub(crate) fn debian_version(text: &str, end: usize) -> bool {
    /// How far the `)` and the urgency after it are looked for.
    const CLOSE_REACH: usize = 24;
    const URGENCY_REACH: usize = 64;
    let rest = &text.as_bytes()[end..];
    let Some(close) = rest
        .iter()
        .take(CLOSE_REACH)
        .position(|&b| matches!(b, b')' | b' ' | b'(' | b'\n'))
        .filter(|&at| rest[at] == b')')
    else {
        return false;
    };
    let after = &rest[close..rest.len().min(close + URGENCY_REACH)];
    let after = &after[..after
        .iter()
        .position(|&b| b == b'\n')
        .unwrap_or(after.len())];
    after.windows(10).any(|w| w == b"; urgency=")
}

/// `0~20171227-0.1`: a single digit, a tilde and eight digits from a year (`19`, `20`) is a
/// version as Debian writes a snapshot's, by its date (a tilde sorts before everything).
/// (Poland's `0~0`, wait for the tone inside the international prefix, is libphonenumber's.)
pub(crate) fn tilde_version(text: &str, run: &Run) -> bool {
    (1..run.count).any(|k| {
        let (before, group) = (&run.groups[k - 1], &run.groups[k]);
        before.len == 1
            && group.len == 8
            && text.as_bytes()[before.end..group.start] == *b"~"
            && matches!(run.digits_of(k, k + 1), [1, 9, ..] | [2, 0, ..])
    })
}

/// `1806.04358` on a line that names arXiv (`arXiv [Internet]. 2018 Jun 12; 1806.04358:[8 p.]`):
/// an arXiv identifier, a year and month, a dot and four or five digits, no number.
pub(crate) fn arxiv_id(text: &str, run: &Run) -> bool {
    run.count == 2
        && run.groups[0].len == 4
        && (1..=12).contains(&(run.value(0) % 100))
        && run.separators[1].only_dots()
        && (4..=5).contains(&run.groups[1].len)
        && named_on_the_line_before(text, run.lead, 200, b"arxiv")
}

/// Whether `word` (ASCII, lower case) is written, in any case, on the line before byte `lead`,
/// at most `reach` bytes back.
fn named_on_the_line_before(text: &str, lead: usize, reach: usize, word: &[u8]) -> bool {
    let before = &text.as_bytes()[lead.saturating_sub(reach)..lead];
    let line = &before[before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |newline| newline + 1)..];
    line.windows(word.len())
        .any(|w| w[0] | 0x20 == word[0] && w.eq_ignore_ascii_case(word))
}

/// `3/5/7/9/11/13/15`: four groups or more, every one joined to the next by a slash alone, are
/// a list (`650/253/1234`, three, may be a number; so may `030/1234567/8/9`, an area code and
/// a number of five digits or more with other endings).
pub(crate) fn slash_list(run: &Run) -> bool {
    run.count >= 4
        && (1..run.count).all(|k| run.separators[k].only_slash())
        && !(run.digits[0] == 0 && run.groups[0].len >= 3 && run.groups[1].len >= 5)
}

/// `T.871 (05/2011)`: a month and a year joined by a slash, in parentheses, as groups `k` and
/// `k + 1`, the last two of groups `..j`: a date, which no number ends with.
pub(crate) fn month_year_in_parentheses(text: &str, run: &Run, k: usize, j: usize) -> bool {
    let (month, year) = (&run.groups[k], &run.groups[k + 1]);
    k + 2 == j
        && run.separators[k].opens == 1
        && run.separators[k + 1].only_slash()
        && (1..=2).contains(&month.len)
        && (1..=12).contains(&run.value(k))
        && full_year(run, k + 1)
        && text[year.end..].starts_with(')')
}

/// `030 1234567 3 Leitungen`, `Tel. 030 1234567 10-18 Uhr`, `0711 123456 7 Tage`, `030
/// 1234567 2024`: groups of one or two digits (or a year) that end groups `i..j` after a space
/// that follows a subscriber's block of six digits or more (not the area code) are a count,
/// an hour, a day, a year: the text's, not the number's. (Where a number's length varies, as
/// in Germany, they would still make a valid number, and another one: `030 12345673`. `030
/// 123 45 67` and `06131 12345 67` keep their groups.)
pub(crate) fn short_tail(run: &Run, i: usize, j: usize) -> bool {
    (i + 2..j).any(|k| {
        let s = &run.separators[k];
        s.spaces > 0
            && s.puncts() + s.opens + s.closes == 0
            && run.groups[k - 1].len >= 6
            && ((k..j).all(|g| run.groups[g].len <= 2) || k + 1 == j && full_year(run, k))
    })
}

/// `030 1234567 2. OG`: the last of groups `i..j` is one digit after a space, right after a
/// group of five digits or more, and a dot and a space follow it: an ordinal (a floor, an
/// item), not the number's last digit. (`030-123 456 7.` keeps its balanced groups.)
pub(crate) fn ordinal_at_end(text: &str, run: &Run, i: usize, j: usize) -> bool {
    let last = &run.groups[j - 1];
    j >= i + 2
        && last.len == 1
        && run.groups[j - 2].len >= 5
        && run.separators[j - 1].spaces > 0
        && run.separators[j - 1].puncts() == 0
        && text.as_bytes()[last.end..].starts_with(b". ")
}

/// `1.658.683.750   895.069.820`: groups `i..j` written as thousands (three groups or more
/// joined by dots, every one after the first of three digits) in a column after an amount
/// written so in the same run ([`thousands`]): an amount too (`912.345.678` alone is a Spanish
/// number).
pub(crate) fn thousands_column(run: &Run, i: usize, j: usize) -> bool {
    let dotted = j >= i + 3
        && run.groups[i].len <= 3
        && (i + 1..j).all(|g| run.groups[g].len == 3 && run.separators[g].only_dots());
    if !dotted || i == 0 || run.separators[i].dots > 0 || run.separators[i].spaces == 0 {
        return false;
    }
    let mut first = i - 1;
    while first > 0 && run.separators[first].only_dots() {
        first -= 1;
    }
    thousands(run, first, i)
}

/// `[`0507042`](https://github.com/…/commit/0507042f4456…)`: the digits from byte `start` to
/// `end` (seven or more, one group) begin a longer hex word with a letter (`06453651594…3f28…`)
/// elsewhere on the same line, a little before or after: an abbreviated commit hash beside its
/// link.
pub(crate) fn hash_elsewhere(text: &str, start: usize, end: usize) -> bool {
    /// How far from the digits the hash is looked for, each way.
    const REACH: usize = 240;
    let bytes = text.as_bytes();
    let digits = &bytes[start..end];
    if digits.len() < 7 || !digits.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let mut from = start.saturating_sub(REACH);
    let to = (end + REACH).min(bytes.len());
    if let Some(newline) = bytes[from..start].iter().rposition(|&b| b == b'\n') {
        from += newline + 1;
    }
    let line = &bytes[from..to];
    let line = &line[..line.iter().position(|&b| b == b'\n').unwrap_or(line.len())];
    let lower_hex = |b: &u8| matches!(b, b'0'..=b'9' | b'a'..=b'f');
    (0..line.len()).any(|at| {
        let rest = &line[at..];
        if rest[0] != digits[0]
            || at > 0 && line[at - 1].is_ascii_alphanumeric()
            || !rest.starts_with(digits)
        {
            return false;
        }
        let word = rest.iter().take_while(|b| lower_hex(b)).count();
        word > digits.len()
            && rest[..word].iter().any(u8::is_ascii_lowercase)
            && rest.get(word).is_none_or(|b| !b.is_ascii_alphanumeric())
    })
}

/// `8048f28:       89 43 54`: the text before ends in an address as a disassembler prints
/// it, four hex digits or more with a letter among them, a colon, spaces or tabs.
fn after_hex_address(before: &[u8]) -> bool {
    let spaced = before.trim_ascii_end();
    if spaced.len() == before.len() {
        return false;
    }
    let Some(address) = spaced.strip_suffix(b":") else {
        return false;
    };
    let word = trailing(address, u8::is_ascii_hexdigit);
    word.len() >= 4
        && hex_with_letter(word)
        && address[..address.len() - word.len()]
            .last()
            .is_none_or(|b| !b.is_ascii_alphanumeric())
}

/// `Merge: f4a8b7001 342751198`: one group of digits (`len` of them, from byte `start`) as
/// long as the word before it (one space between), a hex word of seven characters or more with
/// a letter: two abbreviated commit hashes, the second all digits by chance. (The run may
/// start inside that word, at `7001`.)
pub(crate) fn hash_beside_hash(text: &str, start: usize, len: usize) -> bool {
    let Some(before) = text.as_bytes()[..start].strip_suffix(b" ") else {
        return false;
    };
    let word = trailing(before, u8::is_ascii_alphanumeric);
    word.len() >= 7 && word.len() == len && hex_with_letter(word)
}

/// The bytes at the end of `bytes` that `keep` keeps.
fn trailing(bytes: &[u8], keep: fn(&u8) -> bool) -> &[u8] {
    let count = bytes.iter().rev().take_while(|b| keep(b)).count();
    &bytes[bytes.len() - count..]
}

/// Hex digits only, a letter among them (`8048f28`, `f4a8b7001`).
fn hex_with_letter(word: &[u8]) -> bool {
    word.iter().all(u8::is_ascii_hexdigit) && word.iter().any(u8::is_ascii_alphabetic)
}

/// An IBAN or account label a little before byte `lead` on the same line: the digit groups of
/// `IBAN GB29 NWBK 6016 1331 9268 19` after the bank code are the account, not a number.
pub(crate) fn after_bank_label(text: &str, lead: usize) -> bool {
    named_on_the_line_before(text, lead, 32, b"iban")
}

/// Card numbers (13 to 19 digits that pass the Luhn check or come in fours) and ISBN-13/EAN-13
/// codes (978/979 and a valid check digit): the whole run is a code.
pub(crate) fn is_code(run: &Run) -> bool {
    let digits = &run.digits[..run.digit_count];
    if run.plus || !(10..=19).contains(&digits.len()) {
        return false;
    }
    let in_fours = run.count >= 3 && run.groups[..run.count - 1].iter().all(|g| g.len == 4);
    let card_like = (2..=6).contains(&digits[0]) && matches!(digits.len(), 13 | 15 | 16 | 19);
    if card_like && (in_fours || luhn(digits)) {
        return true;
    }
    let isbn_13 = digits.len() == 13
        && digits.starts_with(&[9, 7])
        && matches!(digits[2], 8 | 9)
        && ean_check(digits);
    // ISBN-10 as printed: four hyphenated parts, the last a single check digit.
    let hyphens = (1..run.count).all(|k| run.separators[k].only_dash());
    let isbn_10 = digits.len() == 10
        && run.count == 4
        && hyphens
        && run.groups[3].len == 1
        && isbn10_check(digits);
    isbn_13 || isbn_10
}

fn luhn(digits: &[u8]) -> bool {
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            let d = u32::from(d);
            if i % 2 == 1 {
                if d * 2 > 9 {
                    d * 2 - 9
                } else {
                    d * 2
                }
            } else {
                d
            }
        })
        .sum();
    sum % 10 == 0
}

fn ean_check(digits: &[u8]) -> bool {
    let sum: u32 = digits
        .iter()
        .enumerate()
        .map(|(i, &d)| u32::from(d) * if i % 2 == 1 { 3 } else { 1 })
        .sum();
    sum % 10 == 0
}

fn isbn10_check(digits: &[u8]) -> bool {
    let sum: u32 = digits
        .iter()
        .enumerate()
        .map(|(i, &d)| u32::from(d) * (10 - i as u32))
        .sum();
    sum % 11 == 0
}
