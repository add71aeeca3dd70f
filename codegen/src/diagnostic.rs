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
    /// The offending source line and the width of the part to underline.
    pub excerpt: Option<(String, usize)>,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "error: {}", self.message)?;
        let place = if self.path.is_empty() {
            String::new()
        } else {
            format!(" ({})", self.path)
        };
        write!(
            f,
            "  --> {}:{}:{}{}",
            self.file, self.loc.line, self.loc.column, place
        )?;
        if let Some((line, width)) = &self.excerpt {
            let number = self.loc.line.to_string();
            let pad = " ".repeat(number.len());
            // Columns count characters, so the caret lines up under Chinese text too only when
            // the terminal draws them one cell wide; the line and column above are exact.
            let before: String = line
                .chars()
                .take(self.loc.column.saturating_sub(1))
                .collect();
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
            write!(f, "\n{pad} = help: {help}")?;
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

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for diagnostic in &self.0 {
            writeln!(f, "{diagnostic}\n")?;
        }
        let n = self.0.len();
        write!(
            f,
            "{n} problem{} in the spec",
            if n == 1 { "" } else { "s" }
        )
    }
}

impl std::error::Error for Diagnostics {}
