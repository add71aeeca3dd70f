//! Reading a YAML document with positions, collecting every problem instead of stopping at
//! the first.
//!
//! Each accessor reports what it expected, where, and returns `None` (or a default) so that the
//! caller carries on and the rest of the file is still checked.

use std::panic::{catch_unwind, AssertUnwindSafe};

use marked_yaml::types::{MarkedMappingNode, MarkedScalarNode, MarkedSequenceNode};
use marked_yaml::{LoadError, LoaderOptions, Node, Span};

use crate::diagnostic::{Diagnostic, Diagnostics, Excerpt, Loc};

use super::source;

/// One spec file and the problems found in it so far.
pub(crate) struct Reader<'a> {
    file: &'a str,
    lines: Vec<Line<'a>>,
    pub(crate) diagnostics: Diagnostics,
}

/// A line of the file, indexed so that the excerpt of a problem far along a long line is found
/// without counting the whole line again for each problem.
struct Line<'a> {
    text: &'a str,
    chars: usize,
    /// The byte offset of every [`Line::STEP`]th character, for a long line that is not ASCII
    /// (in an ASCII line a character's offset is its index).
    steps: Vec<usize>,
}

impl<'a> Line<'a> {
    const STEP: usize = 64;

    fn new(text: &'a str) -> Self {
        let long = text.len() > Excerpt::MAX_CHARS;
        let steps = if long && !text.is_ascii() {
            text.char_indices()
                .step_by(Self::STEP)
                .map(|(at, _)| at)
                .collect()
        } else {
            Vec::new()
        };
        Line {
            text,
            chars: text.chars().count(),
            steps,
        }
    }

    /// The byte offset of character `n` (at most the line's length).
    fn offset(&self, n: usize) -> usize {
        if n >= self.chars {
            return self.text.len();
        }
        if self.steps.is_empty() {
            // An ASCII line, or a short one.
            return if self.text.len() == self.chars {
                n
            } else {
                self.text
                    .char_indices()
                    .nth(n)
                    .map_or(self.text.len(), |(at, _)| at)
            };
        }
        let from = self.steps[n / Self::STEP];
        self.text[from..]
            .char_indices()
            .nth(n % Self::STEP)
            .map_or(self.text.len(), |(at, _)| from + at)
    }

    fn excerpt(&self, column: usize, width: usize) -> Excerpt {
        let (start, end) = Excerpt::window(self.chars, column);
        let shown = &self.text[self.offset(start)..self.offset(end)];
        Excerpt::of_window(shown, start > 0, end < self.chars, column - start, width)
    }
}

/// A scalar, with where it is in the document (`endpoints.list.method`).
#[derive(Clone)]
pub(crate) struct Scalar<'n> {
    pub(crate) node: &'n MarkedScalarNode,
    pub(crate) path: String,
}

/// A mapping and where it is in the document.
pub(crate) struct Map<'n> {
    pub(crate) node: &'n MarkedMappingNode,
    pub(crate) path: String,
}

impl<'a> Reader<'a> {
    /// `text` has `\n` line ends (see [`source::normalize_line_ends`]).
    pub(crate) fn new(file: &'a str, text: &'a str) -> Self {
        Reader {
            file,
            lines: text.lines().map(Line::new).collect(),
            diagnostics: Diagnostics::default(),
        }
    }

    /// The file's name as shown in messages.
    pub(crate) fn file(&self) -> &str {
        self.file
    }

    /// Parses the text as YAML whose top level is a mapping. A syntax error is reported and
    /// ends the reading of this file (the parser cannot go on), not of the others.
    pub(crate) fn parse(&mut self, text: &str) -> Option<Node> {
        // Editors on Windows may start a file with a byte-order mark; it is not content.
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        if let Some(line) = second_document(text) {
            self.report_at(
                Loc { line, column: 1 },
                "",
                "a spec file holds one YAML document, and this `---` starts another".into(),
                Some("move what follows into its own file, or remove the `---`".into()),
                3,
            );
            return None;
        }
        if let Some(loc) = source::too_deep(text) {
            self.report_at(
                loc,
                "",
                format!("the file nests more than {} levels deep", source::MAX_DEPTH),
                Some("a spec nests a few levels; name an inner part under `types:` instead".into()),
                1,
            );
            return None;
        }
        let options = LoaderOptions::default()
            .error_on_duplicate_keys(true)
            .prevent_coercion(true);
        // The YAML loader has internal assertions; a spec must never crash the build, so a
        // panic in it becomes one more reported problem.
        let parsed = catch_unwind(AssertUnwindSafe(|| {
            marked_yaml::parse_yaml_with_options(0, text, options)
        }));
        match parsed {
            Ok(Ok(node)) => Some(node),
            Ok(Err(error)) => {
                self.load_error(&error);
                None
            }
            Err(_) => {
                self.report_at(
                    Loc { line: 1, column: 1 },
                    "",
                    "the YAML parser could not read this file".into(),
                    Some("check the file for unusual YAML constructs".into()),
                    1,
                );
                None
            }
        }
    }

    fn load_error(&mut self, error: &LoadError) {
        let (marker, message, help) = match error {
            LoadError::TopLevelMustBeMapping(m) => (
                *m,
                "expected a mapping at the top of the file".to_string(),
                Some("a spec file is a mapping of keys such as `title:` and `endpoints:`"),
            ),
            LoadError::TopLevelMustBeSequence(m) => (
                *m,
                "expected a sequence at the top of the file".into(),
                None,
            ),
            LoadError::UnexpectedAnchor(m) => (
                *m,
                "YAML anchors are not supported in the spec".into(),
                Some("write the value out in full"),
            ),
            LoadError::MappingKeyMustBeScalar(m) => {
                (*m, "a mapping key must be a plain value".into(), None)
            }
            LoadError::UnexpectedTag(m) => (
                *m,
                "YAML tags are not supported in the spec".into(),
                Some("remove the `!tag`"),
            ),
            LoadError::ScanError(m, e) => (*m, format!("YAML syntax error: {}", e.info()), None),
            LoadError::DuplicateKey(inner) => {
                let first = inner
                    .prev_key
                    .span()
                    .start()
                    .map(|m| format!(" (first at line {})", m.line()))
                    .unwrap_or_default();
                let marker = inner.key.span().start().copied();
                let loc = marker.map(to_loc).unwrap_or(Loc { line: 1, column: 1 });
                let width = inner.key.as_str().chars().count();
                self.report_at(
                    loc,
                    "",
                    format!("duplicate key `{}`{first}", inner.key.as_str()),
                    Some("each key may appear once in a mapping".into()),
                    width,
                );
                return;
            }
            // The error type is non-exhaustive in spirit: report anything new plainly.
            #[allow(unreachable_patterns)]
            other => {
                self.report_at(Loc { line: 1, column: 1 }, "", format!("{other}"), None, 1);
                return;
            }
        };
        self.report_at(to_loc(marker), "", message, help.map(Into::into), 1);
    }

    /// Reports a problem at the start of a node.
    pub(crate) fn error(&mut self, span: &Span, path: &str, message: String, help: Option<String>) {
        let loc = span.start().copied().map(to_loc).unwrap_or_default();
        self.report_at(loc, path, message, help, 1);
    }

    /// Reports a problem about a scalar, underlining all of it.
    pub(crate) fn error_at(&mut self, scalar: &Scalar<'_>, message: String, help: Option<String>) {
        self.error_on(scalar.node, &scalar.path, message, help);
    }

    /// Reports a problem about a scalar node (a key or a value), underlining all of it.
    pub(crate) fn error_on(
        &mut self,
        node: &MarkedScalarNode,
        path: &str,
        message: String,
        help: Option<String>,
    ) {
        let loc = node.span().start().copied().map(to_loc).unwrap_or_default();
        let quoted = !node.may_coerce();
        let width = node.as_str().chars().count() + if quoted { 2 } else { 0 };
        self.report_at(loc, path, message, help, width);
    }

    pub(crate) fn report_at(
        &mut self,
        loc: Loc,
        path: &str,
        message: String,
        help: Option<String>,
        width: usize,
    ) {
        // A value left empty at the end of a file is placed after the last line; show it at
        // the end of that line instead, where the reader can see it.
        let mut loc = loc;
        if loc.line > self.lines.len() {
            if let Some(last) = self.lines.last() {
                loc = Loc {
                    line: self.lines.len(),
                    column: last.chars + 1,
                };
            }
        }
        let excerpt = loc
            .line
            .checked_sub(1)
            .and_then(|i| self.lines.get(i))
            .map(|line| line.excerpt(loc.column, width));
        self.diagnostics.push(Diagnostic {
            file: self.file.to_string(),
            loc,
            path: path.to_string(),
            message,
            help,
            excerpt,
        });
    }

    /// Where the character `offset` of a scalar's value is in the file. The value may differ
    /// from its source (quotes, escapes, folded line breaks, the indentation of a block
    /// scalar), so the source is walked along the value: a place inside a scalar that spans
    /// several lines is found on its own line.
    pub(crate) fn loc_in_scalar(&self, node: &MarkedScalarNode, offset: usize) -> Loc {
        let start = loc_of(node.span());
        let Some(first) = start.line.checked_sub(1).and_then(|i| self.lines.get(i)) else {
            return start;
        };
        let mut line = start.line - 1;
        let mut chars: Vec<char> = first.text.chars().collect();
        let mut at = start.column.max(1) - 1;
        let quote = match chars.get(at) {
            Some(&c @ ('"' | '\'')) => {
                at += 1;
                Some(c)
            }
            // A block scalar (`|`, `>`): its text starts on the next line.
            Some('|' | '>') if !node.may_coerce() => {
                at = chars.len();
                None
            }
            _ => None,
        };
        for wanted in node.as_str().chars().take(offset) {
            if at >= chars.len() {
                // The value goes on on the next line of the file, after its indentation.
                let Some(next) = self.lines.get(line + 1) else {
                    break;
                };
                line += 1;
                chars = next.text.chars().collect();
                at = chars.iter().take_while(|c| c.is_whitespace()).count();
                if matches!(wanted, ' ' | '\n') {
                    continue;
                }
            }
            match chars[at] {
                c if c == wanted => at += 1,
                // An escape (`\"`, `\t`, `''`) is one character of the value.
                '\\' if quote == Some('"') => at = (at + 2).min(chars.len()),
                '\'' if quote == Some('\'') => at = (at + 2).min(chars.len()),
                // Indentation kept in a block scalar's value, skipped above in the source.
                _ if wanted.is_whitespace() => {}
                _ => at += 1,
            }
        }
        // A value that goes on past the end of a line continues at the next one.
        if at >= chars.len() && node.as_str().chars().nth(offset).is_some() {
            if let Some(next) = self.lines.get(line + 1) {
                let indent = next.text.chars().take_while(|c| c.is_whitespace()).count();
                return Loc {
                    line: line + 2,
                    column: indent + 1,
                };
            }
        }
        Loc {
            line: line + 1,
            column: at + 1,
        }
    }

    /// The node as a mapping, or a reported problem.
    pub(crate) fn map<'n>(&mut self, node: &'n Node, path: &str) -> Option<Map<'n>> {
        match node {
            Node::Mapping(map) => Some(Map {
                node: map,
                path: path.to_string(),
            }),
            other => {
                self.error(
                    other.span(),
                    path,
                    format!("expected a mapping, found {}", describe(other)),
                    None,
                );
                None
            }
        }
    }

    /// The node as a sequence, or a reported problem.
    pub(crate) fn seq<'n>(&mut self, node: &'n Node, path: &str) -> Option<&'n MarkedSequenceNode> {
        match node {
            Node::Sequence(seq) => Some(seq),
            other => {
                self.error(
                    other.span(),
                    path,
                    format!("expected a list, found {}", describe(other)),
                    None,
                );
                None
            }
        }
    }

    /// Reports keys that are not `allowed` and `required` keys that are missing.
    pub(crate) fn check_keys(&mut self, map: &Map<'_>, allowed: &[&str], required: &[&str]) {
        self.check_keys_but_retired(map, allowed, &[], required);
    }

    /// [`check_keys`](Self::check_keys), leaving out `retired` keys: keys of an older format,
    /// which the caller reports with a message of their own rather than as unknown.
    pub(crate) fn check_keys_but_retired(
        &mut self,
        map: &Map<'_>,
        allowed: &[&str],
        retired: &[&str],
        required: &[&str],
    ) {
        for key in map.node.keys() {
            if !allowed.contains(&key.as_str()) && !retired.contains(&key.as_str()) {
                let help = closest(key.as_str(), allowed)
                    .map(|k| format!("did you mean `{k}`?"))
                    .unwrap_or_else(|| format!("expected one of: {}", allowed.join(", ")));
                self.error_on(
                    key,
                    &map.path,
                    format!("unknown key `{}`", key.as_str()),
                    Some(help),
                );
            }
        }
        for key in required {
            if map.node.get_node(key).is_none() {
                let loc = map_loc(map.node);
                self.report_at(
                    loc,
                    &map.path,
                    format!("missing required key `{key}`"),
                    None,
                    1,
                );
            }
        }
    }

    /// A scalar value; reports a problem if the key is there but not a scalar.
    pub(crate) fn scalar<'n>(&mut self, map: &Map<'n>, key: &str) -> Option<Scalar<'n>> {
        let node = map.node.get_node(key)?;
        match node {
            Node::Scalar(scalar) => Some(Scalar {
                node: scalar,
                path: join(&map.path, key),
            }),
            other => {
                self.error(
                    other.span(),
                    &join(&map.path, key),
                    format!(
                        "expected a single value for `{key}`, found {}",
                        describe(other)
                    ),
                    None,
                );
                None
            }
        }
    }

    /// A text value; `None` if absent (a required key's absence is reported by `check_keys`).
    pub(crate) fn text(&mut self, map: &Map<'_>, key: &str) -> Option<String> {
        self.scalar(map, key).map(|s| s.node.as_str().to_string())
    }

    /// A text value that must not be empty (`title:` with nothing after it is a mistake).
    pub(crate) fn required_text(&mut self, map: &Map<'_>, key: &str) -> Option<String> {
        let scalar = self.scalar(map, key)?;
        let text = scalar.node.as_str();
        if text.trim().is_empty() {
            self.error_at(&scalar, format!("`{key}` is empty"), None);
            return None;
        }
        Some(text.to_string())
    }

    /// A `true`/`false` value, `false` when absent.
    pub(crate) fn flag(&mut self, map: &Map<'_>, key: &str) -> bool {
        let Some(scalar) = self.scalar(map, key) else {
            return false;
        };
        match scalar.node.as_str() {
            "true" => true,
            "false" => false,
            other => {
                self.error_at(
                    &scalar,
                    format!("expected `true` or `false` for `{key}`, found `{other}`"),
                    None,
                );
                false
            }
        }
    }

    /// A whole number, `None` if absent or reported.
    pub(crate) fn integer(&mut self, map: &Map<'_>, key: &str) -> Option<i64> {
        self.number(map, key, "a whole number")
    }

    /// A non-negative whole number, `None` if absent or reported.
    pub(crate) fn count(&mut self, map: &Map<'_>, key: &str) -> Option<u64> {
        self.number(map, key, "a non-negative whole number")
    }

    fn number<N: std::str::FromStr>(&mut self, map: &Map<'_>, key: &str, what: &str) -> Option<N> {
        let scalar = self.scalar(map, key)?;
        let parsed = scalar.node.as_str().parse().ok();
        if parsed.is_none() {
            let found = scalar.node.as_str();
            self.error_at(
                &scalar,
                format!("expected {what} for `{key}`, found `{found}`"),
                None,
            );
        }
        parsed
    }

    /// A list of texts, empty if absent.
    pub(crate) fn texts(&mut self, map: &Map<'_>, key: &str) -> Vec<String> {
        let Some(node) = map.node.get_node(key) else {
            return Vec::new();
        };
        let path = join(&map.path, key);
        let Some(seq) = self.seq(node, &path) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, item) in seq.iter().enumerate() {
            match item {
                Node::Scalar(s) => out.push(s.as_str().to_string()),
                other => self.error(
                    other.span(),
                    &format!("{path}[{i}]"),
                    format!("expected a text, found {}", describe(other)),
                    None,
                ),
            }
        }
        out
    }
}

/// The line of a `---` that starts a second document, if any.
fn second_document(text: &str) -> Option<usize> {
    let mut seen_content = false;
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_end();
        let is_marker = trimmed == "---" || trimmed.starts_with("--- ");
        if is_marker && seen_content {
            return Some(i + 1);
        }
        if !is_marker && !trimmed.is_empty() && !trimmed.starts_with('#') {
            seen_content = true;
        }
    }
    None
}

/// Where a mapping's content starts: its first key. (The parser marks a block mapping as
/// starting at the colon after that key, which is no help to a reader.)
pub(crate) fn map_loc(map: &MarkedMappingNode) -> Loc {
    map.keys()
        .next()
        .map(|key| loc_of(key.span()))
        .unwrap_or_else(|| loc_of(map.span()))
}

pub(crate) fn to_loc(marker: marked_yaml::Marker) -> Loc {
    Loc {
        line: marker.line(),
        column: marker.column(),
    }
}

pub(crate) fn loc_of(span: &Span) -> Loc {
    span.start().copied().map(to_loc).unwrap_or_default()
}

/// `parent.key`, or `key` at the top.
pub(crate) fn join(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_string()
    } else {
        format!("{parent}.{key}")
    }
}

pub(crate) fn describe(node: &Node) -> &'static str {
    match node {
        Node::Scalar(s) if s.as_str().is_empty() => "nothing",
        Node::Scalar(_) => "a single value",
        Node::Mapping(_) => "a mapping",
        Node::Sequence(_) => "a list",
    }
}

/// The allowed key nearest to a misspelt one, if any is near enough to be a likely typo.
pub(crate) fn closest<'k>(key: &str, allowed: &[&'k str]) -> Option<&'k str> {
    allowed
        .iter()
        .map(|k| (edit_distance(key, k), *k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 4))
        .min()
        .map(|(_, k)| k)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            let next = (prev + cost).min(row[j] + 1).min(row[j + 1] + 1);
            prev = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}
