//! The text of a spec file as the YAML parser gets it: read with a size limit, every line end
//! made `\n`, and its nesting measured first.
//!
//! The YAML parser recurses once per level of nesting, so a file nested a few thousand levels
//! deep (`- - - …`, `[[[…`) would overflow the stack and abort the build. A cheap linear scan
//! finds such a file before the parser sees it, and reports where it gets too deep.

use std::borrow::Cow;
use std::fs::File;
use std::io::Read;
use std::path::Path;

use crate::diagnostic::Loc;

/// The largest spec file read, in bytes. The largest file of the real spec is a small fraction
/// of this; a file this big is a mistake (a data dump, a generated file).
pub(crate) const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// How deep blocks and flow collections may nest, together. A resource file needs about eight
/// levels (`types` > type > `fields` > field > `enum` > value ...).
pub(crate) const MAX_DEPTH: usize = 64;

/// Why a file was not read.
pub(crate) enum ReadError {
    TooLarge,
    Io(std::io::Error),
}

/// Reads a file of at most [`MAX_FILE_BYTES`], without reading more of a larger one.
pub(crate) fn read(path: &Path) -> Result<String, ReadError> {
    let file = File::open(path).map_err(ReadError::Io)?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge);
    }
    String::from_utf8(bytes).map_err(|e| {
        ReadError::Io(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("it is not UTF-8 text ({e})"),
        ))
    })
}

/// The text with every `\r\n` and every lone `\r` made `\n`, so that the parser, the excerpts
/// and every line number count lines the same way, whatever editor saved the file.
pub(crate) fn normalize_line_ends(text: &str) -> Cow<'_, str> {
    if !text.contains('\r') {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
}

/// Where the text first nests deeper than [`MAX_DEPTH`], if it does.
///
/// The measure is the number of open block levels (by indentation, and one more for each
/// compact `- ` or `? ` at the start of a line) plus the number of open flow brackets. It is
/// never less than the depth the parser reaches, and it skips what cannot nest: comments,
/// quoted text and the lines of a block scalar (`|`, `>`). `text` has `\n` line ends.
pub(crate) fn too_deep(text: &str) -> Option<Loc> {
    let mut scan = Scan::default();
    for (index, line) in text.split('\n').enumerate() {
        if let Some(column) = scan.line(line) {
            return Some(Loc {
                line: index + 1,
                column,
            });
        }
    }
    None
}

#[derive(Default)]
struct Scan {
    /// The indentation of each open block level.
    blocks: Vec<usize>,
    /// Open `[` and `{`.
    flow: usize,
    /// Inside a quoted scalar that goes on to the next line: its closing quote.
    quote: Option<char>,
    /// Inside a block scalar: the indentation its lines must exceed.
    block_scalar: Option<usize>,
}

impl Scan {
    /// Scans one line; returns the 1-based column where the nesting gets too deep.
    fn line(&mut self, line: &str) -> Option<usize> {
        let chars: Vec<char> = line.chars().collect();
        let indent = chars.iter().take_while(|c| **c == ' ').count();
        let blank = chars[indent..]
            .iter()
            .all(|c| c.is_whitespace() || *c == '#');
        if let Some(parent) = self.block_scalar {
            if blank || indent > parent {
                return None;
            }
            self.block_scalar = None;
        }
        let mut i = 0;
        if self.quote.is_none() && self.flow == 0 {
            if blank || chars[indent..].first() == Some(&'#') {
                return None;
            }
            while self.blocks.last().is_some_and(|&top| top > indent) {
                self.blocks.pop();
            }
            if self.blocks.last() != Some(&indent) {
                self.blocks.push(indent);
            }
            i = indent;
            // `- - - x`, `? - x`: each indicator opens one more level on the same line.
            while matches!(chars.get(i), Some('-' | '?'))
                && chars.get(i + 1).is_none_or(|c| *c == ' ')
            {
                let indicator = i;
                i += 1;
                while chars.get(i) == Some(&' ') {
                    i += 1;
                }
                self.blocks.push(i);
                if self.depth() > MAX_DEPTH {
                    return Some(indicator + 1);
                }
            }
            if self.depth() > MAX_DEPTH {
                return Some(indent + 1);
            }
        }
        self.rest(&chars, i)
    }

    fn depth(&self) -> usize {
        self.blocks.len() + self.flow
    }

    /// The rest of a line from `i`: quotes, brackets, comments and block scalar headers.
    fn rest(&mut self, chars: &[char], mut i: usize) -> Option<usize> {
        let owner = chars.iter().take_while(|c| **c == ' ').count();
        // Where a value may start: after `: `, `- `, `, `, a bracket, or at the start.
        let mut value_start = true;
        while i < chars.len() {
            let c = chars[i];
            if let Some(close) = self.quote {
                if c == close {
                    // `''` inside single quotes is an escaped quote, not the end.
                    if close == '\'' && chars.get(i + 1) == Some(&'\'') {
                        i += 2;
                        continue;
                    }
                    self.quote = None;
                    value_start = false;
                } else if c == '\\' && close == '"' {
                    i += 1;
                }
                i += 1;
                continue;
            }
            match c {
                ' ' | '\t' => {}
                '#' if i == 0 || chars[i - 1] == ' ' || chars[i - 1] == '\t' => return None,
                '"' | '\'' if value_start => {
                    self.quote = Some(c);
                }
                '[' | '{' if value_start || self.flow > 0 => {
                    self.flow += 1;
                    if self.depth() > MAX_DEPTH {
                        return Some(i + 1);
                    }
                    value_start = true;
                    i += 1;
                    continue;
                }
                ']' | '}' if self.flow > 0 => {
                    self.flow -= 1;
                    value_start = false;
                }
                ',' if self.flow > 0 => {
                    value_start = true;
                    i += 1;
                    continue;
                }
                ':' if chars.get(i + 1).is_none_or(|n| *n == ' ') || self.flow > 0 => {
                    value_start = true;
                    i += 1;
                    continue;
                }
                '|' | '>' if value_start && self.flow == 0 => {
                    // A block scalar: its lines are text, however they look.
                    self.block_scalar = Some(owner);
                    return None;
                }
                _ => value_start = false,
            }
            i += 1;
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_ends_of_every_kind_become_line_feeds() {
        assert_eq!(normalize_line_ends("a\r\nb\rc\nd\r"), "a\nb\nc\nd\n");
        assert!(matches!(normalize_line_ends("a\nb"), Cow::Borrowed(_)));
    }

    #[test]
    fn a_real_looking_file_is_shallow() {
        let text = "title: 物品\nendpoints:\n  list:\n    query:\n      - name: a # [[[\n        type: \"[{\"\n        description: |\n          - - - - [[[[\n      - {name: b, type: [x]}\n";
        assert_eq!(too_deep(text), None);
    }

    #[test]
    fn deep_block_sequences_are_found_where_they_get_too_deep() {
        let text = format!("a:\n{}x\n", "- ".repeat(100));
        // `a:` is level 1, the line of dashes level 2, then one level per dash.
        let loc = too_deep(&text).expect("too deep");
        assert_eq!(loc.line, 2);
        assert_eq!(loc.column, 2 * (MAX_DEPTH - 1) + 1);
        let indented: String = (0..100).map(|i| format!("{}-\n", " ".repeat(i))).collect();
        assert_eq!(too_deep(&indented).map(|l| l.line), Some(MAX_DEPTH));
    }

    #[test]
    fn deep_flow_collections_are_found_across_lines() {
        let text = format!("a: {}\n", "[".repeat(MAX_DEPTH - 1));
        assert_eq!(too_deep(&text), None);
        let text = format!("a: {}\n", "[".repeat(MAX_DEPTH));
        assert_eq!(
            too_deep(&text),
            Some(Loc {
                line: 1,
                column: 3 + MAX_DEPTH
            })
        );
        let text = format!("a: {}", "{a: \n".repeat(200));
        assert_eq!(too_deep(&text).map(|l| l.line), Some(MAX_DEPTH));
    }
}
