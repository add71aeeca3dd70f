//! Helpers shared by the integration tests: finding the case folders, loading a spec that must
//! load, checking that generation is deterministic and that its output is Rust.

// Each test file uses only some of the helpers.
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use jdy_codegen::{generate, load_spec, Diagnostics, GeneratedFile, Spec};

/// `codegen/tests`.
pub fn tests_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests")
}

/// The case folders of `tests/<group>/`, sorted by name, each with its name.
pub fn cases(group: &str) -> Vec<(String, PathBuf)> {
    let dir = tests_dir().join(group);
    let mut cases: Vec<(String, PathBuf)> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.expect("a readable folder entry").path())
        .filter(|path| path.is_dir())
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, path)
        })
        .collect();
    cases.sort();
    cases
}

/// Loads a spec, turning a panic of the loader into a failure that names the spec.
pub fn load(dir: &Path, display: &str) -> Result<Spec, Diagnostics> {
    std::panic::catch_unwind(|| load_spec(dir, display))
        .unwrap_or_else(|_| panic!("load_spec panicked on {display}"))
}

/// Loads a spec that must be valid; on failure the panic shows the whole report.
pub fn load_ok(dir: &Path, display: &str) -> Spec {
    match load(dir, display) {
        Ok(spec) => spec,
        Err(diagnostics) => panic!("{display} must load, but:\n{diagnostics}"),
    }
}

/// Loads a spec that must be rejected, and returns its report.
pub fn load_err(dir: &Path, display: &str) -> Diagnostics {
    match load(dir, display) {
        Ok(_) => panic!("{display} loaded, but it is broken"),
        Err(diagnostics) => diagnostics,
    }
}

/// The snapshot of one generated file: `<case>__<path with / replaced by _>`.
pub fn snapshot_name(case: &str, file: &GeneratedFile) -> String {
    format!("{case}__{}", file.path.replace('/', "_"))
}

/// Every generated file parses as a Rust source file.
pub fn assert_valid_rust(display: &str, files: &[GeneratedFile]) {
    for file in files {
        if let Err(error) = syn::parse_file(&file.contents) {
            panic!(
                "{display}: generated {} is not valid Rust: {error}\n{}",
                file.path, file.contents
            );
        }
    }
}

/// The same spec gives the same files: generated twice from one load, and generated from a
/// copy of the folder whose files were created in the reverse order.
pub fn assert_deterministic(dir: &Path, display: &str) {
    let spec = load_ok(dir, display);
    let first = generate(&spec);
    assert_same_files(display, "a second generation", &first, &generate(&spec));

    let copy = copy_in_reverse_order(dir);
    let copied = load_ok(&copy, display);
    fs::remove_dir_all(&copy).expect("the copy can be removed");
    assert!(
        copied == spec,
        "{display}: the copy loads into a different spec"
    );
    assert_same_files(display, "the reordered copy", &first, &generate(&copied));
}

/// Loading a broken spec twice, and from a reordered copy, gives the same report.
pub fn assert_same_report(dir: &Path, display: &str) -> Diagnostics {
    let report = load_err(dir, display);
    let again = load_err(dir, display);
    assert_eq!(report, again, "{display}: two loads give different reports");
    let copy = copy_in_reverse_order(dir);
    let copied = load_err(&copy, display);
    fs::remove_dir_all(&copy).expect("the copy can be removed");
    assert_eq!(
        report.to_string(),
        copied.to_string(),
        "{display}: the reordered copy gives a different report"
    );
    report
}

fn assert_same_files(display: &str, what: &str, a: &[GeneratedFile], b: &[GeneratedFile]) {
    let paths = |files: &[GeneratedFile]| files.iter().map(|f| f.path.clone()).collect::<Vec<_>>();
    assert_eq!(paths(a), paths(b), "{display}: {what} gives other files");
    for (x, y) in a.iter().zip(b) {
        assert!(
            x.contents == y.contents,
            "{display}: {what} gives another {}",
            x.path
        );
    }
}

/// Copies a spec folder to a fresh folder under the target's temporary folder, creating the
/// files (and folders) in the reverse of their sorted order.
pub fn copy_in_reverse_order(src: &Path) -> PathBuf {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let dst = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("spec-copy-{}-{n}", std::process::id()));
    if dst.exists() {
        fs::remove_dir_all(&dst).expect("a stale copy can be removed");
    }
    fs::create_dir_all(&dst).expect("the copy's folder can be created");

    let mut files = Vec::new();
    list_files(src, Path::new(""), &mut files);
    files.sort();
    for relative in files.iter().rev() {
        let target = dst.join(relative);
        fs::create_dir_all(target.parent().unwrap()).expect("a folder of the copy");
        fs::copy(src.join(relative), &target).expect("a file of the copy");
    }
    dst
}

fn list_files(root: &Path, relative: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(root.join(relative)).expect("a readable folder") {
        let entry = entry.expect("a readable folder entry");
        let path = relative.join(entry.file_name());
        if entry.file_type().expect("a file type").is_dir() {
            list_files(root, &path, out);
        } else {
            out.push(path);
        }
    }
}
