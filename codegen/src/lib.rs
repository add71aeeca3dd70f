//! The generator of the `jdy` SDK.
//!
//! It reads the YAML spec of the 金蝶云星辰 Open API (see `spec/README.md`), checks all of it,
//! and emits the Rust source of the `jdy` crate's endpoints and models. The data flows one way:
//! YAML files, then the validated [`Spec`], then Rust tokens, then formatted source. Nothing
//! generated knows about YAML, and nothing here knows about HTTP.

pub mod build;
pub mod diagnostic;
mod emit;
pub mod import;
mod load;
pub mod names;
pub mod spec;

use std::path::Path;

pub use diagnostic::{Diagnostic, Diagnostics, Excerpt, Loc};
pub use emit::{generate, GeneratedFile};
pub use spec::Spec;

/// Loads and checks the spec in `dir`. On failure, every problem of every file is returned.
///
/// `display` is how the folder is named in messages (for example `spec`).
pub fn load_spec(dir: &Path, display: &str) -> Result<Spec, Diagnostics> {
    load::load(dir, display)
}
