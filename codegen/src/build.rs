//! What the `jdy` crate's build script does: load the spec, report every problem, or write the
//! generated files to `OUT_DIR`.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use crate::{generate, generate_catalog, load_spec};

/// Runs the generator for a build script. `spec_dir` is the spec folder; the generated files
/// go to `out_dir`. Cargo is told to rerun only when a file of the spec (or the folder's list
/// of files) changes. On a broken spec, every problem is printed and the result is an error
/// whose text is the whole report.
pub fn run(spec_dir: &Path, out_dir: &Path) -> Result<(), String> {
    run_with(spec_dir, out_dir, Extras::default())
}

/// Files written beside the SDK's own, for the features that need them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Extras {
    /// The endpoint catalog of the command line ([`generate_catalog`](crate::generate_catalog)).
    pub catalog: bool,
}

/// [`run`], writing the `extras` too.
pub fn run_with(spec_dir: &Path, out_dir: &Path, extras: Extras) -> Result<(), String> {
    watch(spec_dir);
    let display = spec_dir.display().to_string();
    let spec = load_spec(spec_dir, &display).map_err(|diagnostics| diagnostics.to_string())?;
    let mut files = generate(&spec);
    if extras.catalog {
        files.push(generate_catalog(&spec));
    }
    write_files(out_dir, &files).map_err(|e| format!("cannot write generated code: {e}"))
}

/// Writes the files, leaving unchanged ones untouched so that their modification times do not
/// trigger needless recompilation.
pub fn write_files(out_dir: &Path, files: &[crate::GeneratedFile]) -> std::io::Result<()> {
    for file in files {
        let path: PathBuf = out_dir.join(&file.path);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        if fs::read_to_string(&path).ok().as_deref() == Some(file.contents.as_str()) {
            continue;
        }
        fs::write(&path, &file.contents)?;
    }
    Ok(())
}

/// Prints `cargo::rerun-if-changed` for the spec folder, each module folder and each file:
/// folders so that an added or removed file is noticed, files so that an edit is.
fn watch(spec_dir: &Path) {
    let mut out = String::new();
    let mut stack = vec![spec_dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let _ = writeln!(out, "cargo::rerun-if-changed={}", dir.display());
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for path in paths {
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "yaml") {
                let _ = writeln!(out, "cargo::rerun-if-changed={}", path.display());
            }
        }
    }
    print!("{out}");
}
