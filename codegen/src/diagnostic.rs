//! Problems found in a spec, each tied to a place in a file.
//!
//! The generator never stops at the first problem: it collects them all, so that one run of
//! `cargo build` shows everything that needs fixing.

use std::fmt;

/// A position in a spec file, 1-based like an editor's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Loc {
    pub line: usize,
    pub column: usize,
}

/// One problem in the spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file, as given to the loader (relative to the spec folder's parent where possible).
    pub file: String,
    pub loc: Loc,
    /// Where inside the document, as a dotted path: `endpoints.list.query[3].type`.
    pub path: String,
    /// What is wrong, in one line.
    pub message: String,
    /// How to fix it, when there is something useful to say.
    pub help: Option<String>,
    /// The offending source line (or the part of it around the problem) and what to underline.
    pub excerpt: Option<Excerpt>,
}

/// One line of the source, cut around the problem when it is long, so that a report stays
/// readable (and small) even for a file that is one enormous line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Excerpt {
    /// The text shown: never a line break in it, at most [`Excerpt::MAX_CHARS`] characters
    /// plus an ellipsis at either end where the line was cut.
    pub line: String,
    /// Where the underline starts in `line`, 1-based, in characters.
    pub column: usize,
    /// How many characters to underline, at least 1.
    pub width: usize,
}

impl Excerpt {
    /// The most characters of a source line an excerpt shows.
    pub const MAX_CHARS: usize = 120;
    /// How much of the line before the problem a cut excerpt keeps, for context.
    const BEFORE: usize = 40;

    /// The excerpt of `line` (which holds no line break) for a problem at character `column`
    /// (1-based) spanning `width` characters.
    pub fn new(line: &str, column: usize, width: usize) -> Excerpt {
        let length = line.chars().count();
        let (start, end) = Self::window(length, column);
        let shown: String = line.chars().skip(start).take(end - start).collect();
        Self::of_window(&shown, start > 0, end < length, column - start, width)
    }

    /// The characters `start..end` of a line of `length` characters that an excerpt for a
    /// problem at `column` shows.
    pub(crate) fn window(length: usize, column: usize) -> (usize, usize) {
        if length <= Self::MAX_CHARS {
            return (0, length);
        }
        let at = column.max(1) - 1;
        let start = at
            .saturating_sub(Self::BEFORE)
            .min(length - Self::MAX_CHARS);
        (start, start + Self::MAX_CHARS)
    }

    /// The excerpt showing `shown`, the window of a line, with an ellipsis where the line was
    /// cut; `column` counts from the start of the window.
    pub(crate) fn of_window(
        shown: &str,
        cut_before: bool,
        cut_after: bool,
        column: usize,
        width: usize,
    ) -> Excerpt {
        // A stray line break must not split the report.
        let mut line = shown.replace(['\r', '\n'], " ");
        let length = shown.chars().count();
        if cut_before {
            line.insert(0, '…');
        }
        if cut_after {
            line.push('…');
        }
        let caret = (column.max(1) - 1).min(length);
        Excerpt {
            line,
            column: caret + usize::from(cut_before) + 1,
            width: width.clamp(1, length.saturating_sub(caret).max(1)),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "error: {}", one_line(&self.message, MESSAGE_CHARS))?;
        let place = if self.path.is_empty() {
            String::new()
        } else {
            format!(" ({})", one_line(&self.path, MESSAGE_CHARS))
        };
        write!(
            f,
            "  --> {}:{}:{}{}",
            self.file, self.loc.line, self.loc.column, place
        )?;
        if let Some(Excerpt {
            line,
            column,
            width,
        }) = &self.excerpt
        {
            let number = self.loc.line.to_string();
            let pad = " ".repeat(number.len());
            // Columns count characters, so the caret lines up under Chinese text too only when
            // the terminal draws them one cell wide; the line and column above are exact.
            let before: String = line.chars().take(column.saturating_sub(1)).collect();
            let indent: String = before
                .chars()
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            write!(
                f,
                "\n{pad} |\n{number} | {line}\n{pad} | {indent}{}",
                "^".repeat((*width).max(1))
            )?;
        }
        if let Some(help) = &self.help {
            let pad = " ".repeat(self.loc.line.to_string().len());
            write!(f, "\n{pad} = help: {}", one_line(help, MESSAGE_CHARS))?;
        }
        Ok(())
    }
}

/// Every problem found in one run, in file and position order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.0.extend(other.0);
    }

    /// Sorts by file and position, so that the report reads top to bottom whatever order the
    /// checks ran in.
    pub fn sort(&mut self) {
        self.0.sort_by(|a, b| {
            (&a.file, a.loc, &a.path, &a.message).cmp(&(&b.file, b.loc, &b.path, &b.message))
        });
        self.0.dedup();
    }
}

/// The most of a message, path or help a report prints: a check that quotes a value without
/// [`shown`] still gives one readable line, not the megabyte a hostile file put there.
pub(crate) const MESSAGE_CHARS: usize = 400;

/// `text` on one line (control characters escaped), cut to `max` characters with an ellipsis.
pub(crate) fn one_line(text: &str, max: usize) -> std::borrow::Cow<'_, str> {
    if text.len() <= max && !text.chars().any(char::is_control) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::new();
    for (i, c) in text.chars().enumerate() {
        if i == max {
            out.push('…');
            break;
        }
        if c.is_control() {
            out.extend(c.escape_debug());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// A piece of the spec as a message quotes it: on one line (control characters escaped), and
/// cut with an ellipsis when it is long, so that a message stays one readable line.
pub fn shown(text: &str) -> String {
    one_line(text, 60).into_owned()
}

impl Diagnostics {
    /// How many problems a report shows in full: enough to fix in one sitting, few enough that a
    /// file broken everywhere does not flood the terminal. The rest are counted.
    pub const SHOWN: usize = 50;
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for diagnostic in self.0.iter().take(Self::SHOWN) {
            writeln!(f, "{diagnostic}\n")?;
        }
        let n = self.0.len();
        if n > Self::SHOWN {
            let rest = n - Self::SHOWN;
            writeln!(
                f,
                "... and {rest} more problem{} not shown\n",
                if rest == 1 { "" } else { "s" }
            )?;
        }
        write!(
            f,
            "{n} problem{} in the spec",
            if n == 1 { "" } else { "s" }
        )
    }
}

impl std::error::Error for Diagnostics {}
