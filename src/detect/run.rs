//! Runs: the stretches of digit groups and separators the finder looks at, read in one pass
//! into a fixed-size record on the stack (no allocation per byte or per run).
//!
//! A run is what a reader sees as "one block of digits": `+49 (0)30 123 456-7`,
//! `2024-01-15 08`, `192.168.0.1`. Whether it holds zero, one or several numbers is decided
//! later ([`super::find`]).

use super::chars::{
    digit_value, is_close, is_dash, is_open, is_plus, is_punct, is_separator, is_space,
    is_wide_dash,
};

/// The most digit groups one run records; longer runs are not numbers.
pub(crate) const MAX_GROUPS: usize = 24;
/// The most digits one run records.
pub(crate) const MAX_DIGITS: usize = 64;
/// The most separator characters between two groups of one run.
const MAX_SEPARATOR: usize = 4;

/// A group of consecutive digits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Group {
    /// Byte offsets of its first digit and after its last.
    pub start: usize,
    pub end: usize,
    /// Where its digits begin in [`Run::digits`], and how many.
    pub first: u8,
    pub len: u8,
}

/// The separator before a group: what it is made of.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Separator {
    pub spaces: u8,
    pub dashes: u8,
    pub wide_dashes: u8,
    pub dots: u8,
    pub slashes: u8,
    pub opens: u8,
    pub closes: u8,
    pub others: u8,
    /// Spaces before the first punctuation and after the last (` - ` has both).
    pub spaces_before: u8,
    pub spaces_after: u8,
}

impl Separator {
    /// Punctuation characters (not spaces, not parentheses).
    pub fn puncts(&self) -> u8 {
        self.dashes + self.dots + self.slashes + self.others
    }

    /// Only one kind of punctuation, `count` of it, and nothing else.
    pub fn only_dots(&self) -> bool {
        self.dots == 1 && self.spaces == 0 && self.puncts() == 1 && self.opens + self.closes == 0
    }

    pub fn only_dash(&self) -> bool {
        self.dashes == 1 && self.spaces == 0 && self.puncts() == 1 && self.opens + self.closes == 0
    }

    pub fn only_slash(&self) -> bool {
        self.slashes == 1 && self.spaces == 0 && self.puncts() == 1 && self.opens + self.closes == 0
    }

    /// A dash or slash with spaces on both sides (`030 1 / 040 2`, `9 - 17`), or two of them
    /// (`--`): between two things, not inside one.
    pub fn between(&self) -> bool {
        let dash_or_slash = self.dashes + self.slashes > 0;
        (dash_or_slash && self.spaces_before > 0 && self.spaces_after > 0) || self.dashes >= 2
    }

    /// Whether a new number may begin after this separator when the group before it was not
    /// taken: after a gap (` / `, two spaces, a wide dash) or an opening parenthesis, not after
    /// a single space or a bare `-`, `.` or `/` that join groups into one thing.
    pub fn opens_new(&self) -> bool {
        self.between() || self.spaces >= 2 || self.opens > 0 || self.wide_dashes > 0
    }
}

/// One run of digit groups.
#[derive(Debug, Clone)]
pub(crate) struct Run {
    /// Byte offset of a leading `+` or `(` (the run's first digit when there is none).
    pub lead: usize,
    pub plus: bool,
    /// A `(` right before the first digit group (after any `+`).
    pub open_first: bool,
    pub groups: [Group; MAX_GROUPS],
    /// `separators[i]`: what stands between group `i - 1` and group `i` (`[0]` unused).
    pub separators: [Separator; MAX_GROUPS],
    pub count: usize,
    pub digits: [u8; MAX_DIGITS],
    pub digit_count: usize,
    /// More groups or digits than recorded: not a number.
    pub overflow: bool,
    /// Byte offset after a `)` that closes right after the last group, if one does.
    pub close_after: Option<usize>,
}

impl Default for Run {
    fn default() -> Self {
        Run {
            lead: 0,
            plus: false,
            open_first: false,
            groups: [Group::default(); MAX_GROUPS],
            separators: [Separator::default(); MAX_GROUPS],
            count: 0,
            digits: [0; MAX_DIGITS],
            digit_count: 0,
            overflow: false,
            close_after: None,
        }
    }
}

impl Run {
    /// Byte offset after the last digit.
    pub fn end(&self) -> usize {
        self.groups[self.count - 1].end
    }

    /// The digit values of groups `from..to`.
    pub fn digits_of(&self, from: usize, to: usize) -> &[u8] {
        let first = usize::from(self.groups[from].first);
        let last = &self.groups[to - 1];
        &self.digits[first..usize::from(last.first) + usize::from(last.len)]
    }

    /// The number group `group` writes (`u32::MAX` for a group too long for one).
    pub fn value(&self, group: usize) -> u32 {
        self.digits_of(group, group + 1).iter().fold(0u32, |v, &d| {
            v.saturating_mul(10).saturating_add(u32::from(d))
        })
    }

    /// Reads the run whose first digit is at byte `start` of `text` into `self`. Returns where
    /// scanning goes on: after the last digit group.
    pub fn read(&mut self, text: &str, start: usize) -> usize {
        self.count = 0;
        self.digit_count = 0;
        self.overflow = false;
        self.close_after = None;
        self.read_lead(text, start);
        let mut at = start;
        loop {
            at = self.read_group(text, at);
            let (separator, next) = read_separator(text, at);
            let continues =
                next < text.len() && text[next..].chars().next().and_then(digit_value).is_some();
            if separator.closes > 0 && text[at..].starts_with(is_close) {
                self.close_after = Some(at + text[at..].chars().next().map_or(1, char::len_utf8));
            }
            // ` ~12` and ` #12` after a number are extensions, not more groups; `. ` ends a
            // sentence.
            let extension = separator.others > 0 && separator.spaces_before > 0;
            let sentence_end = separator.dots > 0 && separator.spaces_after > 0;
            if !continues
                || separator.closes > 1
                || separator.opens > 1
                || extension
                || sentence_end
            {
                return at;
            }
            if self.count == MAX_GROUPS {
                self.overflow = true;
                return next;
            }
            self.close_after = None;
            self.separators[self.count] = separator;
            at = next;
        }
    }

    /// A `+`, `(`, `(+`, `+(` or `++` right before the first digit; an opening parenthesis
    /// may have a space or two before the digits (`( 19 ) 38294427`).
    fn read_lead(&mut self, text: &str, start: usize) {
        self.lead = start;
        self.plus = false;
        self.open_first = false;
        let unspaced = text[..start].trim_end_matches(' ');
        let spaced = start - unspaced.len() <= 2 && unspaced.ends_with(is_open);
        let mut before = text[..if spaced { unspaced.len() } else { start }]
            .char_indices()
            .rev();
        for _ in 0..2 {
            match before.next() {
                Some((i, c)) if is_plus(c) => {
                    self.plus = true;
                    self.lead = i;
                }
                Some((i, c)) if is_open(c) && !self.open_first => {
                    self.open_first = true;
                    self.lead = i;
                }
                _ => break,
            }
        }
    }

    /// Reads the digits at `at` as a new group; returns the byte after them.
    fn read_group(&mut self, text: &str, at: usize) -> usize {
        let first = self.digit_count;
        let mut end = at;
        // ASCII digits first, byte by byte; other scripts' digits by char.
        for &b in &text.as_bytes()[at..] {
            if !b.is_ascii_digit() {
                break;
            }
            if self.digit_count < MAX_DIGITS {
                self.digits[self.digit_count] = b - b'0';
                self.digit_count += 1;
            } else {
                self.overflow = true;
            }
            end += 1;
        }
        let rest = &text[end..];
        for c in rest.chars() {
            let Some(value) = digit_value(c) else {
                break;
            };
            if self.digit_count < MAX_DIGITS {
                self.digits[self.digit_count] = value;
                self.digit_count += 1;
            } else {
                self.overflow = true;
            }
            end += c.len_utf8();
        }
        self.groups[self.count] = Group {
            start: at,
            end,
            first: first.min(255) as u8,
            len: (self.digit_count - first).min(255) as u8,
        };
        self.count += 1;
        end
    }
}

/// Reads up to [`MAX_SEPARATOR`] separator characters at `at`; returns what they are and the
/// byte after them.
fn read_separator(text: &str, at: usize) -> (Separator, usize) {
    let mut separator = Separator::default();
    let mut end = at;
    for (count, (i, c)) in text[at..].char_indices().enumerate() {
        if count == MAX_SEPARATOR || !is_separator(c) {
            break;
        }
        if is_space(c) {
            separator.spaces += 1;
            if separator.puncts() == 0 {
                separator.spaces_before += 1;
            } else {
                separator.spaces_after += 1;
            }
        } else if is_wide_dash(c) {
            separator.wide_dashes += 1;
            separator.dashes += 1;
        } else if is_dash(c) {
            separator.dashes += 1;
        } else if c == '.' || c == '\u{FF0E}' {
            separator.dots += 1;
        } else if c == '/' || c == '\u{FF0F}' {
            separator.slashes += 1;
        } else if is_open(c) {
            separator.opens += 1;
        } else if is_close(c) {
            separator.closes += 1;
        } else if is_punct(c) {
            separator.others += 1;
        }
        if is_punct(c) {
            separator.spaces_after = 0;
        }
        end = at + i + c.len_utf8();
    }
    (separator, end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn groups(text: &str) -> (Vec<&str>, bool, usize) {
        let start = text.find(|c: char| digit_value(c).is_some()).unwrap();
        let mut run = Run::default();
        run.read(text, start);
        let raw = run.groups[..run.count]
            .iter()
            .map(|g| &text[g.start..g.end])
            .collect();
        (raw, run.plus, run.lead)
    }

    #[test]
    fn reads_groups_and_leads() {
        for (text, expected, plus, lead) in [
            (
                "+49 (0)30 123-45",
                &["49", "0", "30", "123", "45"][..],
                true,
                0,
            ),
            ("Tel (030) 1234", &["030", "1234"], false, 4),
            ("x ++1 650", &["1", "650"], true, 2),
            ("12 7/8 - 14", &["12", "7", "8", "14"], false, 0),
            ("1     2", &["1"], false, 0),
            ("١٢٣ ٤٥", &["١٢٣", "٤٥"], false, 0),
            ("2024-01-15, 12", &["2024", "01", "15"], false, 0),
        ] {
            assert_eq!(groups(text), (expected.to_vec(), plus, lead), "{text}");
        }
    }
}
