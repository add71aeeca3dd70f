//! What an import did, in a few lines a person reads at the end of a run.

use std::fmt;

/// The counts of one import and what it left out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Files given (pages, guides and anything else).
    pub files: usize,
    /// Pages imported as endpoints.
    pub pages: usize,
    pub endpoints: usize,
    pub resources: usize,
    pub structs: usize,
    pub enums: usize,
    /// Query parameters and struct fields.
    pub fields: usize,
    pub warnings: usize,
    /// Files that gave no endpoint, with why, by file name.
    pub skipped: Vec<(String, String)>,
    /// The API modules the pages use, with a title from their categories (for service.yaml).
    pub modules: Vec<(String, String)>,
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "imported {} of {}: {} in {}, {} ({} and {}), {}; {}",
            count(self.pages, "page", "pages"),
            count(self.files, "file", "files"),
            count(self.endpoints, "endpoint", "endpoints"),
            count(self.resources, "resource file", "resource files"),
            count(self.structs + self.enums, "type", "types"),
            count(self.structs, "struct", "structs"),
            count(self.enums, "enumeration", "enumerations"),
            count(self.fields, "field", "fields"),
            count(self.warnings, "warning", "warnings"),
        )?;
        if !self.skipped.is_empty() {
            writeln!(f, "skipped {}:", count(self.skipped.len(), "file", "files"))?;
            for (file, why) in &self.skipped {
                writeln!(f, "  {file}: {why}")?;
            }
        }
        if !self.modules.is_empty() {
            writeln!(
                f,
                "modules used (declare them under `modules:` in service.yaml):"
            )?;
            for (module, title) in &self.modules {
                writeln!(f, "  {module}: {title}")?;
            }
        }
        Ok(())
    }
}
