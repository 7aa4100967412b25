//! Walks the digit automata of [`super::tables::AUTOMATA`]: libphonenumber's patterns compiled by
//! `cargo xtask tables` into minimal DFAs, so that checking a number is a walk over a few words
//! per digit, with no regex engine.
//!
//! Encoding (one automaton is a run of u16 words, targets relative to its first word):
//! - a *tail* state, `0x8000 | tag << 12 | lengths >> 16` then `lengths & 0xFFFF`: exactly `k`
//!   more digits, any, are accepted with `tag` when bit `k` of `lengths` is set;
//! - a *branch* state, `tag << 12 | single << 10 | present`: bit `d` of `present` says digit `d`
//!   leads on; the targets follow, one per present digit, or one for all when `single` is set.
//!
//! ```
//! # use click_to_dial::detect::plan::country_code;
//! // The calling code's automaton tells whether a national number is valid.
//! assert!(country_code(49).unwrap().is_valid("301234567"));
//! assert!(!country_code(49).unwrap().is_valid("30"));
//! ```

use super::tables::AUTOMATA;

/// Marks "no automaton" (a region without an international prefix).
pub(crate) const NONE: u32 = u32::MAX;

/// Tag bit: the number is valid (matches a number type of a region with this calling code).
pub(crate) const VALID: u8 = 1;
/// Tag bit: written nationally, the number must carry the national prefix.
pub(crate) const NATIONAL_PREFIX_REQUIRED: u8 = 2;

/// The tag of the automaton at `root` after reading `digits` (values 0-9), 0 if not accepted.
pub(crate) fn tag(root: u32, digits: &[u8]) -> u8 {
    tag_in(&AUTOMATA, root, digits)
}

/// [`tag`] over the automata encoded in `all` (another table than [`AUTOMATA`]).
pub(crate) fn tag_in(all: &[u16], root: u32, digits: &[u8]) -> u8 {
    let Some(words) = all.get(usize::try_from(root).unwrap_or(usize::MAX)..) else {
        return 0;
    };
    let mut at = 0usize;
    for (i, &digit) in digits.iter().enumerate() {
        let head = words[at];
        if head & 0x8000 != 0 {
            return tail_tag(words, at, digits.len() - i);
        }
        match target(words, at, digit) {
            Some(next) => at = next,
            None => return 0,
        }
    }
    state_tag(words, at, 0)
}

/// Bit `n` set: the first `n` digits are accepted by the automaton at `root` (every prefix match).
pub(crate) fn prefix_ends(root: u32, digits: &[u8]) -> u32 {
    let Some(words) = automaton(root) else {
        return 0;
    };
    let mut ends = 0u32;
    let mut at = 0usize;
    for i in 0..=digits.len().min(31) {
        let head = words[at];
        if head & 0x8000 != 0 {
            let lengths = tail_lengths(words, at);
            let available = digits.len().min(31) - i;
            for k in 0..=available.min(17) {
                if lengths & (1 << k) != 0 {
                    ends |= 1 << (i + k);
                }
            }
            return ends;
        }
        if (head >> 12) & 7 != 0 {
            ends |= 1 << i;
        }
        let Some(&digit) = digits.get(i) else {
            break;
        };
        match target(words, at, digit) {
            Some(next) => at = next,
            None => break,
        }
    }
    ends
}

/// Whether some number the automaton at `root` accepts starts with `digits` and has `len`
/// digits in all: the walk over `digits`, then the states reachable in exactly the digits left,
/// a set per step (this runs only for numbers a label vouches for).
pub(crate) fn leads_on_with_length(root: u32, digits: &[u8], len: usize) -> bool {
    let Some(words) = automaton(root) else {
        return false;
    };
    if len < digits.len() {
        return false;
    }
    let mut at = 0usize;
    for (i, &digit) in digits.iter().enumerate() {
        if words[at] & 0x8000 != 0 {
            return tail_tag(words, at, len - i) != 0;
        }
        match target(words, at, digit) {
            Some(next) => at = next,
            None => return false,
        }
    }
    let mut level = vec![at];
    for left in (0..=len - digits.len()).rev() {
        let mut next = Vec::new();
        for &state in &level {
            if words[state] & 0x8000 != 0 || left == 0 {
                if state_tag(words, state, left) != 0 {
                    return true;
                }
            } else {
                // Kept without repeats by a linear search (a level holds a few dozen states;
                // a sort would add kilobytes of code to the wasm).
                for reached in (0..10).filter_map(|digit| target(words, state, digit)) {
                    if !next.contains(&reached) {
                        next.push(reached);
                    }
                }
            }
        }
        level = next;
    }
    false
}

fn automaton(root: u32) -> Option<&'static [u16]> {
    AUTOMATA.get(usize::try_from(root).ok()?..)
}

/// The word offset reached from the branch state at `at` on `digit`.
#[inline]
fn target(words: &[u16], at: usize, digit: u8) -> Option<usize> {
    let head = words[at];
    let present = head & 0x3FF;
    let bit = 1u16 << digit;
    if present & bit == 0 {
        return None;
    }
    let index = if head & (1 << 10) != 0 {
        0
    } else {
        (present & (bit - 1)).count_ones() as usize
    };
    words.get(at + 1 + index).map(|&t| usize::from(t))
}

fn state_tag(words: &[u16], at: usize, remaining: usize) -> u8 {
    if words[at] & 0x8000 != 0 {
        tail_tag(words, at, remaining)
    } else {
        ((words[at] >> 12) & 7) as u8
    }
}

fn tail_lengths(words: &[u16], at: usize) -> u32 {
    u32::from(words[at] & 0x3) << 16 | u32::from(words.get(at + 1).copied().unwrap_or(0))
}

fn tail_tag(words: &[u16], at: usize, remaining: usize) -> u8 {
    if remaining < 18 && tail_lengths(words, at) & (1 << remaining) != 0 {
        ((words[at] >> 12) & 7) as u8
    } else {
        0
    }
}
