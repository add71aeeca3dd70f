//! What the `jdy` crate's build script does: load the spec, report every problem, or write the
//! generated files to `OUT_DIR`.

use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};

use crate::{generate, generate_catalog, load_spec};

/// Runs the generator for a build script. `spec_dir` is the spec folder; the generated files
/// go to `out_dir`. On a broken spec, the result is an error whose text is the whole report.
///
/// Only after a successful generation is cargo told to rerun it when the spec folder changes:
/// a failed build script runs again anyway, and its report stays the only thing cargo shows.
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
    let display = spec_dir.display().to_string();
    let spec = load_spec(spec_dir, &display).map_err(|diagnostics| diagnostics.to_string())?;
    let mut files = generate(&spec);
    if extras.catalog {
        files.push(generate_catalog(&spec));
    }
    write_files(out_dir, &files).map_err(|e| format!("cannot write generated code: {e}"))?;
    // One line for the whole folder: cargo compares the newest modification time of
    // everything under it, so an edited, added or removed file is noticed.
    println!("cargo::rerun-if-changed={}", spec_dir.display());
    Ok(())
}

/// The spec folder a build uses.
///
/// - `JDY_SPEC_DIR` when it is set. A relative value is taken from the folder cargo was
///   started in (the shell's `PWD`), not from the `jdy` package's folder where cargo runs build
///   scripts; without `PWD` it is refused, since it could only be guessed.
/// - Otherwise `spec/` in the package (a link to the repository's `spec/`, and a copy in a
///   packaged crate), or the repository's `../spec` where links are not checked out.
pub fn spec_dir(
    from_env: Option<&OsStr>,
    started_in: Option<&OsStr>,
    manifest_dir: &Path,
) -> Result<PathBuf, String> {
    match from_env.filter(|value| !value.is_empty()) {
        Some(value) => {
            let given = Path::new(value);
            if given.is_absolute() {
                return Ok(given.to_path_buf());
            }
            match started_in.filter(|dir| Path::new(dir).is_absolute()) {
                Some(dir) => Ok(Path::new(dir).join(given)),
                None => Err(format!(
                    "JDY_SPEC_DIR is the relative path `{}`, and the folder cargo was started in \
                     is unknown (PWD is not set): give an absolute path",
                    given.display()
                )),
            }
        }
        None => {
            let packaged = manifest_dir.join("spec");
            if packaged.is_dir() {
                Ok(packaged)
            } else {
                Ok(manifest_dir.join("..").join("spec"))
            }
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_relative_spec_dir_is_taken_from_where_cargo_was_started() {
        let manifest = Path::new("/src/jdy/generated");
        let resolved = spec_dir(
            Some(OsStr::new("my/spec")),
            Some(OsStr::new("/home/me/shop")),
            manifest,
        );
        assert_eq!(resolved, Ok(PathBuf::from("/home/me/shop/my/spec")));
        let absolute = spec_dir(Some(OsStr::new("/opt/spec")), None, manifest);
        assert_eq!(absolute, Ok(PathBuf::from("/opt/spec")));
        let unknown = spec_dir(Some(OsStr::new("my/spec")), None, manifest).unwrap_err();
        assert!(
            unknown.contains("`my/spec`") && unknown.contains("absolute"),
            "{unknown}"
        );
    }

    #[test]
    fn without_jdy_spec_dir_the_package_spec_is_used_then_the_repository_one() {
        let package = std::env::temp_dir().join(format!("jdy-spec-dir-{}", std::process::id()));
        fs::create_dir_all(&package).unwrap();
        let fallback = spec_dir(None, None, &package).unwrap();
        assert_eq!(fallback, package.join("..").join("spec"));
        fs::create_dir_all(package.join("spec")).unwrap();
        let empty = spec_dir(Some(OsStr::new("")), None, &package).unwrap();
        assert_eq!(empty, package.join("spec"));
        fs::remove_dir_all(&package).unwrap();
    }
}
