//! The mutator: turns a seed into a new input by a few random edits.
//!
//! Each edit is one of the ways hand-written or scraped text goes wrong, or one of the shapes
//! that broke a parser before: flipped bits, bytes inserted or deleted, a chunk of another seed
//! spliced in, a chunk repeated many times, deep nesting, another line end, a huge number, bytes
//! that are not UTF-8. Everything comes from one [`fastrand::Rng`], so a seed on the command line
//! gives the same inputs again.

use fastrand::Rng;

/// The largest input the mutator makes (a few edits grow one chunk by at most this much).
pub const MAX_LEN: usize = 1 << 20;

/// Bytes that mean something to one of the parsers under test.
const SPECIAL: &[u8] = b"\0\t\n\r \"#%&'*,-.:;<>?[]{}|~\\/=+0123456789\x7f\x80\xc3\xe4\xff";

/// The openings whose nesting a parser may follow by recursion.
const NESTERS: &[&str] = &[
    "[", "{", "- ", "{a: ", "map<", "list<", "page<", "[{\"a\":", "> ", "<",
];

/// Bytes that are not valid UTF-8, alone or as cut sequences.
const NOT_UTF8: &[&[u8]] = &[
    b"\xff",
    b"\xc0\x80",
    b"\xe4\xb8",
    b"\xed\xa0\x80",
    b"\xf4\x90\x80\x80",
];

/// A stateless mutator over the seeds of one target, plus that target's words.
pub struct Mutator<'a> {
    /// Words of the target's language (YAML keys, header names, ...), to splice in whole.
    pub words: &'a [&'a str],
}

impl Mutator<'_> {
    /// Applies one to four edits to `bytes`; `other` is another seed to splice from.
    pub fn mutate(&self, rng: &mut Rng, bytes: &mut Vec<u8>, other: &[u8]) {
        for _ in 0..rng.usize(1..=4) {
            self.edit(rng, bytes, other);
            if bytes.len() > MAX_LEN {
                bytes.truncate(MAX_LEN);
            }
        }
    }

    fn edit(&self, rng: &mut Rng, bytes: &mut Vec<u8>, other: &[u8]) {
        let at = position(rng, bytes);
        match rng.u8(0..12) {
            0 if !bytes.is_empty() => {
                let i = rng.usize(..bytes.len());
                bytes[i] ^= 1 << rng.u8(0..8);
            }
            1 if !bytes.is_empty() => {
                let i = rng.usize(..bytes.len());
                bytes[i] = SPECIAL[rng.usize(..SPECIAL.len())];
            }
            2 => {
                let n = rng.usize(1..=8);
                let new: Vec<u8> = (0..n).map(|_| rng.u8(..)).collect();
                bytes.splice(at..at, new);
            }
            3 if !bytes.is_empty() => {
                let end = (at + rng.usize(1..=64.min(bytes.len()))).min(bytes.len());
                bytes.drain(at..end);
            }
            4 if !bytes.is_empty() => {
                // A chunk repeated: long lines, many fields, many rows.
                let (start, end) = chunk(rng, bytes, 256);
                let times = *rng.choice([2usize, 10, 100, 1000, 5000].iter()).unwrap();
                let piece = bytes[start..end].repeat(times.min(MAX_LEN / (end - start).max(1)));
                bytes.splice(end..end, piece);
            }
            5 if !other.is_empty() => {
                let (start, end) = chunk(rng, other, 4096);
                let cut_end = (at + rng.usize(0..=256)).min(bytes.len());
                bytes.splice(at..cut_end, other[start..end].iter().copied());
            }
            6 => {
                let opener = rng.choice(NESTERS.iter()).unwrap();
                let depth = *rng
                    .choice([64usize, 200, 1000, 4000, 20000].iter())
                    .unwrap();
                let mut nest = opener.repeat(depth).into_bytes();
                if rng.bool() && *opener == "- " {
                    // A block sequence nested by indentation rather than on one line.
                    nest = (0..depth.min(2000))
                        .flat_map(|d| format!("{}-\n", " ".repeat(d)).into_bytes())
                        .collect();
                }
                bytes.splice(at..at, nest);
            }
            7 => {
                let end = *rng
                    .choice([&b"\r"[..], b"\r\n", b"\n\r", b"\n"].iter())
                    .unwrap();
                *bytes = replace_line_ends(bytes, end);
            }
            8 => {
                let number = match rng.u8(0..4) {
                    0 => "99999999999999999999999999999999".to_string(),
                    1 => "-9223372036854775808".to_string(),
                    2 => "1e999999".to_string(),
                    _ => rng.u64(..).to_string(),
                };
                bytes.splice(at..at, number.into_bytes());
            }
            9 => {
                let bad = NOT_UTF8[rng.usize(..NOT_UTF8.len())];
                bytes.splice(at..at, bad.iter().copied());
            }
            10 if !self.words.is_empty() => {
                let word = self.words[rng.usize(..self.words.len())];
                bytes.splice(at..at, word.bytes());
            }
            _ if !bytes.is_empty() => {
                // Cut the input short: truncated files and bodies.
                bytes.truncate(at);
            }
            _ => bytes.push(SPECIAL[rng.usize(..SPECIAL.len())]),
        }
    }
}

/// A place to edit: anywhere, but more often at a line start, where structure begins.
fn position(rng: &mut Rng, bytes: &[u8]) -> usize {
    if bytes.is_empty() {
        return 0;
    }
    let at = rng.usize(..=bytes.len());
    if rng.bool() {
        if let Some(newline) = bytes[at..].iter().position(|&b| b == b'\n') {
            return at + newline + 1;
        }
    }
    at
}

/// A non-empty range of `bytes` of at most `max` bytes.
fn chunk(rng: &mut Rng, bytes: &[u8], max: usize) -> (usize, usize) {
    let start = rng.usize(..bytes.len());
    let len = rng.usize(1..=max.min(bytes.len() - start));
    (start, start + len)
}

/// `bytes` with every line end (CR, LF or CRLF) written as `end`.
pub fn replace_line_ends(bytes: &[u8], end: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\r' if bytes.get(i + 1) == Some(&b'\n') => {
                out.extend_from_slice(end);
                i += 2;
            }
            b'\r' | b'\n' => {
                out.extend_from_slice(end);
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    out
}
