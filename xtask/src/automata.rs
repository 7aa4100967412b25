//! Digit automata for the numbering-plan tables: libphonenumber's patterns (regular expressions
//! over the digits 0-9) compiled into small minimal DFAs that the finder walks at run time
//! without a regex engine.
//!
//! The patterns use a small subset of Java's regex syntax: digits, `[...]` classes, `\d`,
//! `(?:...)` and `(...)` groups, `|`, `?`, `*`, `+`, `{n}`, `{n,m}` and, in national-prefix
//! rules, `$`. [`parse`] reads that subset and refuses anything else, so new syntax in the
//! metadata fails the generator instead of being misread.
//!
//! ```text
//! parse("[2-9]\\d{2}")  ->  Concat[Set(2-9), Repeat(Set(0-9), 2, 2)]
//! Dfa::build(pieces)     ->  subset construction, bounded by the longest number, then Moore
//!                            minimisation; `encode` writes it as u16 words (see `src/detect/plan/dfa.rs`)
//! ```

use std::collections::HashMap;

/// All ten digits as a set.
pub const ANY: u16 = 0x3FF;

/// A parsed digit pattern.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// One digit out of a set (bit `d` for digit `d`).
    Set(u16),
    Concat(Vec<Node>),
    Alt(Vec<Node>),
    /// `node{min,max}`; `max` None is unbounded.
    Repeat(Box<Node>, u32, Option<u32>),
    /// A capturing group and its number (1-based, in order of the opening parenthesis).
    Capture(usize, Box<Node>),
    /// `$`: the end of the number.
    End,
}

/// The lengths (bit `n`: `n` digits, up to 31) of the numbers `node` matches whole.
pub fn lengths_of(node: &Node) -> u32 {
    // Every sum of one length of `a` and one of `b`, below 32.
    fn sums(a: u32, b: u32) -> u32 {
        (0..32)
            .filter(|i| a & (1 << i) != 0)
            .fold(0, |all, i| all | b.checked_shl(i).unwrap_or(0))
    }
    match node {
        Node::Set(_) => 1 << 1,
        Node::End => 1,
        Node::Capture(_, inner) => lengths_of(inner),
        Node::Concat(nodes) => nodes.iter().fold(1, |all, n| sums(all, lengths_of(n))),
        Node::Alt(nodes) => nodes.iter().fold(0, |all, n| all | lengths_of(n)),
        Node::Repeat(inner, min, max) => {
            let one = lengths_of(inner);
            let mut all = 0;
            let mut times = 1;
            for count in 0..=max.unwrap_or(31).min(31) {
                if count >= *min {
                    all |= times;
                }
                times = sums(times, one);
            }
            all
        }
    }
}

/// Parses a pattern, ignoring white space (the XML wraps long patterns over lines).
pub fn parse(pattern: &str) -> Result<Node, String> {
    let chars: Vec<char> = pattern.chars().filter(|c| !c.is_whitespace()).collect();
    let mut parser = Parser {
        chars: &chars,
        at: 0,
        captures: 0,
    };
    let node = parser.alternation()?;
    if parser.at != chars.len() {
        return Err(format!(
            "pattern {pattern:?}: unexpected {:?}",
            chars[parser.at]
        ));
    }
    Ok(node)
}

struct Parser<'a> {
    chars: &'a [char],
    at: usize,
    captures: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn alternation(&mut self) -> Result<Node, String> {
        let mut alternatives = vec![self.sequence()?];
        while self.peek() == Some('|') {
            self.at += 1;
            alternatives.push(self.sequence()?);
        }
        Ok(if alternatives.len() == 1 {
            alternatives.remove(0)
        } else {
            Node::Alt(alternatives)
        })
    }

    fn sequence(&mut self) -> Result<Node, String> {
        let mut items = Vec::new();
        while let Some(c) = self.peek() {
            if c == '|' || c == ')' {
                break;
            }
            let atom = self.atom()?;
            items.push(self.quantified(atom)?);
        }
        Ok(if items.len() == 1 {
            items.remove(0)
        } else {
            Node::Concat(items)
        })
    }

    fn atom(&mut self) -> Result<Node, String> {
        let c = self.peek().ok_or("pattern ends early")?;
        self.at += 1;
        match c {
            '0'..='9' => Ok(Node::Set(1 << (c as u32 - '0' as u32))),
            '\\' => match self.peek() {
                Some('d') => {
                    self.at += 1;
                    Ok(Node::Set(ANY))
                }
                other => Err(format!("unsupported escape \\{other:?}")),
            },
            '[' => self.class(),
            '$' => Ok(Node::End),
            '(' => {
                let capture = if self.chars[self.at..].starts_with(&['?', ':']) {
                    self.at += 2;
                    None
                } else {
                    self.captures += 1;
                    Some(self.captures)
                };
                let inner = self.alternation()?;
                if self.peek() != Some(')') {
                    return Err("unclosed group".to_string());
                }
                self.at += 1;
                Ok(match capture {
                    Some(n) => Node::Capture(n, Box::new(inner)),
                    None => inner,
                })
            }
            other => Err(format!("unsupported character {other:?}")),
        }
    }

    fn class(&mut self) -> Result<Node, String> {
        let mut set = 0u16;
        let digit = |c: char| c.to_digit(10).ok_or(format!("bad class member {c:?}"));
        loop {
            let c = self.peek().ok_or("unclosed class")?;
            self.at += 1;
            match c {
                ']' => return Ok(Node::Set(set)),
                '\\' if self.peek() == Some('d') => {
                    self.at += 1;
                    set |= ANY;
                }
                _ if self.peek() == Some('-') && self.chars.get(self.at + 1) != Some(&']') => {
                    self.at += 1;
                    let high = self.peek().ok_or("unclosed class")?;
                    self.at += 1;
                    for d in digit(c)?..=digit(high)? {
                        set |= 1 << d;
                    }
                }
                _ => set |= 1 << digit(c)?,
            }
        }
    }

    fn quantified(&mut self, atom: Node) -> Result<Node, String> {
        let (min, max) = match self.peek() {
            Some('?') => (0, Some(1)),
            Some('*') => (0, None),
            Some('+') => (1, None),
            Some('{') => {
                let close = self.chars[self.at..]
                    .iter()
                    .position(|&c| c == '}')
                    .ok_or("unclosed {")?;
                let inner: String = self.chars[self.at + 1..self.at + close].iter().collect();
                self.at += close;
                let number = |s: &str| {
                    s.parse::<u32>()
                        .map_err(|_| format!("bad count {{{inner}}}"))
                };
                match inner.split_once(',') {
                    None => (number(&inner)?, Some(number(&inner)?)),
                    Some((low, "")) => (number(low)?, None),
                    Some((low, high)) => (number(low)?, Some(number(high)?)),
                }
            }
            _ => return Ok(atom),
        };
        self.at += 1;
        Ok(Node::Repeat(Box::new(atom), min, max))
    }
}

/// A Thompson NFA over digits, built from [`Node`]s.
#[derive(Default)]
struct Nfa {
    epsilon: Vec<Vec<usize>>,
    moves: Vec<Vec<(u16, usize)>>,
}

impl Nfa {
    fn state(&mut self) -> usize {
        self.epsilon.push(Vec::new());
        self.moves.push(Vec::new());
        self.epsilon.len() - 1
    }

    /// Adds `node` between two new states and returns them.
    fn fragment(&mut self, node: &Node) -> (usize, usize) {
        let start = self.state();
        let end = self.link(node, start);
        (start, end)
    }

    /// Adds `node` after `from`, returning the state where it ends.
    fn link(&mut self, node: &Node, from: usize) -> usize {
        match node {
            Node::Set(set) => {
                let to = self.state();
                self.moves[from].push((*set, to));
                to
            }
            Node::End => from,
            Node::Capture(_, inner) => self.link(inner, from),
            Node::Concat(items) => items.iter().fold(from, |at, item| self.link(item, at)),
            Node::Alt(alternatives) => {
                let end = self.state();
                for alternative in alternatives {
                    let start = self.state();
                    self.epsilon[from].push(start);
                    let finish = self.link(alternative, start);
                    self.epsilon[finish].push(end);
                }
                end
            }
            Node::Repeat(inner, min, max) => {
                let mut at = from;
                for _ in 0..*min {
                    at = self.link(inner, at);
                }
                match max {
                    Some(max) => {
                        let end = self.state();
                        self.epsilon[at].push(end);
                        for _ in *min..*max {
                            at = self.link(inner, at);
                            self.epsilon[at].push(end);
                        }
                        end
                    }
                    None => {
                        let (start, finish) = self.fragment(inner);
                        self.epsilon[at].push(start);
                        self.epsilon[finish].push(start);
                        let end = self.state();
                        self.epsilon[at].push(end);
                        self.epsilon[finish].push(end);
                        end
                    }
                }
            }
        }
    }

    fn closure(&self, states: &mut Vec<usize>) {
        let mut stack = states.clone();
        while let Some(s) = stack.pop() {
            for &t in &self.epsilon[s] {
                if !states.contains(&t) {
                    states.push(t);
                    stack.push(t);
                }
            }
        }
        states.sort_unstable();
        states.dedup();
    }
}

/// One language to recognise in a combined DFA.
pub struct Piece {
    pub node: Node,
    /// Matches any number that *starts* with the pattern (Java's `lookingAt`).
    pub prefix: bool,
    /// Bit `n` set: the piece matches only numbers of `n` digits; `None`: any length.
    pub lengths: Option<u32>,
}

/// A minimal DFA: state 0 is the dead state; `tags[s]` is 0 where `s` does not accept.
#[derive(Debug, Clone, PartialEq)]
pub struct Dfa {
    pub next: Vec<[u32; 10]>,
    pub tags: Vec<u8>,
    pub start: u32,
}

impl Dfa {
    /// Builds the DFA of all `pieces` at once, numbers of at most `max_len` digits. A state's
    /// tag is `tag(matched)`, where `matched[i]` says whether piece `i` matches the digits read.
    pub fn build(pieces: &[Piece], max_len: usize, tag: impl Fn(&[bool]) -> u8) -> Dfa {
        let mut nfa = Nfa::default();
        let mut starts = Vec::new();
        let mut finals = Vec::new();
        for piece in pieces {
            let (start, end) = nfa.fragment(&piece.node);
            if piece.prefix {
                nfa.moves[end].push((ANY, end));
            }
            starts.push(start);
            finals.push(end);
        }
        let mut first = starts.clone();
        nfa.closure(&mut first);

        let mut dfa = Dfa {
            next: vec![[0; 10]],
            tags: vec![0],
            start: 0,
        };
        let mut known: HashMap<(Vec<usize>, usize), u32> = HashMap::new();
        let mut queue = Vec::new();
        let mut matched = vec![false; pieces.len()];
        let mut add = |set: Vec<usize>, depth: usize, dfa: &mut Dfa, queue: &mut Vec<_>| -> u32 {
            if set.is_empty() || depth > max_len {
                return 0;
            }
            let key = (set, depth);
            if let Some(&id) = known.get(&key) {
                return id;
            }
            for (i, piece) in pieces.iter().enumerate() {
                matched[i] = key.0.binary_search(&finals[i]).is_ok()
                    && piece.lengths.is_none_or(|bits| bits & (1 << depth) != 0);
            }
            let id = dfa.next.len() as u32;
            dfa.next.push([0; 10]);
            dfa.tags.push(tag(&matched));
            known.insert(key.clone(), id);
            queue.push((key.0, depth, id));
            id
        };
        dfa.start = add(first, 0, &mut dfa, &mut queue);
        while let Some((set, depth, id)) = queue.pop() {
            for digit in 0..10 {
                let mut targets: Vec<usize> = set
                    .iter()
                    .flat_map(|&s| nfa.moves[s].iter())
                    .filter(|(mask, _)| mask & (1 << digit) != 0)
                    .map(|&(_, to)| to)
                    .collect();
                nfa.closure(&mut targets);
                let to = add(targets, depth + 1, &mut dfa, &mut queue);
                dfa.next[id as usize][digit] = to;
            }
        }
        dfa.minimize()
    }

    /// Moore's partition refinement: merges states with the same future. The dead state is
    /// visited first, so its class stays number 0.
    fn minimize(&self) -> Dfa {
        let n = self.next.len();
        let mut class: Vec<u32> = self.tags.iter().map(|&t| u32::from(t)).collect();
        let mut count = 0;
        loop {
            let mut ids: HashMap<(u32, [u32; 10]), u32> = HashMap::new();
            let mut refined = vec![0u32; n];
            for s in 0..n {
                let key = (class[s], self.next[s].map(|t| class[t as usize]));
                let next_id = ids.len() as u32;
                refined[s] = *ids.entry(key).or_insert(next_id);
            }
            class = refined;
            if ids.len() == count {
                break;
            }
            count = ids.len();
        }
        let mut next = vec![[0u32; 10]; count];
        let mut tags = vec![0u8; count];
        for s in 0..n {
            let c = class[s] as usize;
            next[c] = self.next[s].map(|t| class[t as usize]);
            tags[c] = self.tags[s];
        }
        Dfa {
            next,
            tags,
            start: class[self.start as usize],
        }
    }

    /// The tag after reading `digits` (ASCII), 0 if it does not accept.
    #[cfg(test)]
    pub fn run(&self, digits: &str) -> u8 {
        let mut state = self.start;
        for d in digits.bytes() {
            state = self.next[state as usize][usize::from(d - b'0')];
        }
        self.tags[state as usize]
    }

    /// For each state that only counts digits from here on (every digit leads to the same
    /// state), the lengths still accepted and their one tag: such a state is written as a
    /// "tail", one record instead of a chain.
    fn tails(&self) -> Vec<Option<(u32, u8)>> {
        let mut tails: Vec<Option<Option<(u32, u8)>>> = vec![None; self.next.len()];
        tails[0] = Some(Some((0, 0)));
        fn visit(
            dfa: &Dfa,
            s: usize,
            memo: &mut Vec<Option<Option<(u32, u8)>>>,
        ) -> Option<(u32, u8)> {
            if let Some(known) = memo[s] {
                return known;
            }
            let first = dfa.next[s][0] as usize;
            let result = if dfa.next[s].iter().all(|&t| t as usize == first) && first != s {
                visit(dfa, first, memo).and_then(|(mask, tag)| {
                    let own = dfa.tags[s];
                    let mask_after = (mask << 1) & 0x3_FFFF;
                    match (own, mask_after) {
                        (0, _) => Some((mask_after, tag)),
                        (own, 0) => Some((1, own)),
                        (own, m) if own == tag => Some((m | 1, tag)),
                        _ => None,
                    }
                })
            } else {
                None
            };
            memo[s] = Some(result);
            result
        }
        (0..self.next.len())
            .map(|s| visit(self, s, &mut tails))
            .collect()
    }

    /// Encodes the DFA as u16 words, states in breadth-first order from the start, with targets
    /// relative to the first word. The layout is read by `src/detect/plan/dfa.rs`:
    ///
    /// - a tail state: `0x8000 | tag << 12 | lengths >> 16`, then `lengths & 0xFFFF`, where bit
    ///   `k` of `lengths` says that exactly `k` more digits (any) are accepted;
    /// - a branch state: `tag << 12 | single << 10 | present`, where bit `d` of `present` says
    ///   digit `d` leads somewhere alive, then the target of each such digit, or one target for
    ///   all of them when `single` is set.
    ///
    /// # Errors
    /// When the DFA needs more than 65,535 words or a tag does not fit in 3 bits.
    pub fn encode(&self) -> Result<Vec<u16>, String> {
        let tails = self.tails();
        let mut order = vec![self.start as usize];
        let mut position: HashMap<usize, usize> = HashMap::from([(self.start as usize, 0)]);
        let mut i = 0;
        while i < order.len() {
            let s = order[i];
            i += 1;
            if tails[s].is_some() {
                continue;
            }
            for &t in &self.next[s] {
                let t = t as usize;
                if t != 0 && !position.contains_key(&t) {
                    position.insert(t, order.len());
                    order.push(t);
                }
            }
        }
        // Word offset of each state in `order`.
        let size = |s: usize| -> usize {
            if tails[s].is_some() {
                return 2;
            }
            let alive: Vec<u32> = self.next[s].iter().copied().filter(|&t| t != 0).collect();
            if !alive.is_empty() && alive.iter().all(|&t| t == alive[0]) {
                2
            } else {
                1 + alive.len()
            }
        };
        let mut offsets = Vec::with_capacity(order.len());
        let mut total = 0usize;
        for &s in &order {
            offsets.push(total);
            total += size(s);
        }
        if total > usize::from(u16::MAX) {
            return Err(format!("automaton of {total} words is too large"));
        }
        let offset_of = |s: usize| offsets[position[&s]] as u16;
        let mut words = Vec::with_capacity(total);
        for &s in &order {
            if self.tags[s] > 7 {
                return Err(format!("tag {} does not fit", self.tags[s]));
            }
            if let Some((lengths, tag)) = tails[s] {
                words.push(0x8000 | u16::from(tag) << 12 | (lengths >> 16) as u16);
                words.push((lengths & 0xFFFF) as u16);
                continue;
            }
            let tag = u16::from(self.tags[s]) << 12;
            let present = (0..10)
                .filter(|&d| self.next[s][d] != 0)
                .fold(0u16, |bits, d| bits | 1 << d);
            let alive: Vec<u32> = self.next[s].iter().copied().filter(|&t| t != 0).collect();
            if !alive.is_empty() && alive.iter().all(|&t| t == alive[0]) {
                words.push(tag | 1 << 10 | present);
                words.push(offset_of(alive[0] as usize));
            } else {
                words.push(tag | present);
                words.extend(alive.iter().map(|&t| offset_of(t as usize)));
            }
        }
        Ok(words)
    }
}

/// Walks encoded words the way the finder does (`src/detect/plan/dfa.rs`), for the generator's tests:
/// the tag after `digits`, 0 if not accepted.
#[cfg(test)]
pub fn run_encoded(words: &[u16], digits: &str) -> u8 {
    let mut at = 0usize;
    let bytes = digits.as_bytes();
    for (i, &d) in bytes.iter().enumerate() {
        let head = words[at];
        if head & 0x8000 != 0 {
            return tail_tag(words, at, bytes.len() - i);
        }
        let digit = d - b'0';
        let present = head & 0x3FF;
        if present & (1 << digit) == 0 {
            return 0;
        }
        at = if head & (1 << 10) != 0 {
            usize::from(words[at + 1])
        } else {
            let index = (present & ((1 << digit) - 1)).count_ones() as usize;
            usize::from(words[at + 1 + index])
        };
    }
    let head = words[at];
    if head & 0x8000 != 0 {
        tail_tag(words, at, 0)
    } else {
        ((head >> 12) & 7) as u8
    }
}

#[cfg(test)]
fn tail_tag(words: &[u16], at: usize, remaining: usize) -> u8 {
    let lengths = u32::from(words[at] & 0x3) << 16 | u32::from(words[at + 1]);
    if remaining < 18 && lengths & (1 << remaining) != 0 {
        ((words[at] >> 12) & 7) as u8
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dfa_of(pattern: &str, prefix: bool) -> Dfa {
        let piece = Piece {
            node: parse(pattern).unwrap(),
            prefix,
            lengths: None,
        };
        Dfa::build(&[piece], 17, |m| u8::from(m[0]))
    }

    #[test]
    fn parses_the_metadata_subset() {
        for bad in ["a", "(?=1)", "[1-", "\\w", "1{2"] {
            assert!(parse(bad).is_err(), "{bad}");
        }
        assert_eq!(parse("[2-4]").unwrap(), Node::Set(0b11100));
        assert!(
            matches!(parse("(1)(?:2)").unwrap(), Node::Concat(v) if matches!(v[0], Node::Capture(1, _)))
        );
    }

    #[test]
    fn full_matches() {
        for (pattern, yes, no) in [
            (
                "[2-9]\\d{2}",
                &["200", "999"][..],
                &["100", "20", "2000"][..],
            ),
            (
                "30\\d{3,5}|40",
                &["30123", "3012345", "40"],
                &["301", "30123456", "4"],
            ),
            ("(?:1[245]|2)?9", &["129", "9", "29"], &["19", "1249"]),
            ("0{2}1*", &["00", "00111"], &["0", "001110"]),
            ("\\d+", &["1", "12345678901234567"], &[""]),
        ] {
            let dfa = dfa_of(pattern, false);
            let words = dfa.encode().unwrap();
            for y in yes {
                assert_eq!(dfa.run(y), 1, "{pattern} {y}");
                assert_eq!(run_encoded(&words, y), 1, "{pattern} {y} encoded");
            }
            for n in no {
                assert_eq!(dfa.run(n), 0, "{pattern} {n}");
                assert_eq!(run_encoded(&words, n), 0, "{pattern} {n} encoded");
            }
        }
    }

    #[test]
    fn lengths_of_patterns() {
        let lengths = |p: &str| lengths_of(&parse(p).unwrap());
        assert_eq!(lengths("(\\d{3})(\\d{3})"), 1 << 6);
        assert_eq!(lengths("(\\d)(\\d{2})(\\d{2})(\\d{2})(\\d{2})"), 1 << 9);
        assert_eq!(
            lengths("1\\d{2,4}|2[0-5]"),
            1 << 2 | 1 << 3 | 1 << 4 | 1 << 5
        );
        assert_eq!(lengths("(?:\\d{3})?\\d{4}"), 1 << 4 | 1 << 7);
    }

    #[test]
    fn prefixes_lengths_and_tags() {
        let pieces = [
            Piece {
                node: parse("1\\d{3}").unwrap(),
                prefix: false,
                lengths: Some(1 << 4),
            },
            Piece {
                node: parse("12").unwrap(),
                prefix: true,
                lengths: None,
            },
        ];
        let dfa = Dfa::build(&pieces, 6, |m| u8::from(m[0]) | u8::from(m[1]) << 1);
        let words = dfa.encode().unwrap();
        for (digits, tag) in [
            ("1000", 1),
            ("1234", 3),
            ("12", 2),
            ("129999", 2),
            ("1299999", 0),
            ("2", 0),
        ] {
            assert_eq!(dfa.run(digits), tag, "{digits}");
            assert_eq!(run_encoded(&words, digits), tag, "{digits} encoded");
        }
    }

    #[test]
    fn tails_collapse_digit_chains() {
        let dfa = dfa_of("5\\d{6,8}", false);
        // the start, then one tail for "6 to 8 more digits".
        assert_eq!(dfa.encode().unwrap().len(), 4);
    }
}
