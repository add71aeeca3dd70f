//! The spec loader and the generator: a folder of spec files with one of them mutated is
//! loaded, and generated when it loads.
//!
//! An input's context is `<base> <file>`: the base is `spec` (the project's `service.yaml` and
//! `shared.yaml`), `fixtures/<case>` or `broken/<case>` (a folder of the generator's tests),
//! and the file is the one the bytes replace or add.

use std::collections::HashMap;
use std::fs;
use std::path::{Component, Path, PathBuf};

use super::{assert_short, files_under, folders_in, repository, Runner};
use crate::robust::Input;

pub const WORDS: &[&str] = &[
    "type: ",
    "map<",
    "list<",
    "page<",
    ">",
    "json",
    "string",
    "integer",
    "decimal",
    "date",
    "required: true",
    "fields:",
    "  - name: ",
    "endpoints:",
    "types:",
    "enum:",
    "values:",
    "wire: ",
    "sensitive: true",
    "method: ",
    "path: /",
    "paged:",
    "body: ",
    "response: ",
    "example: |",
    ": >-\n",
    "&a ",
    "*a",
    "!!binary ",
    "<<: *a",
    "? ",
    "---\n",
    "...\n",
    "%YAML 1.2\n",
    "'",
    "\"\\u0000\"",
    "\t",
];

/// The resource files of the project's spec used as seeds: the smallest of each module (they
/// generate fast) and the customer, the most complete one.
fn project_resources(spec: &Path) -> Vec<PathBuf> {
    let mut chosen = vec![PathBuf::from("bd/customer.yaml")];
    for module in folders_in(spec) {
        let smallest = files_under(&module)
            .into_iter()
            .filter(|f| f.extension().is_some_and(|e| e == "yaml"))
            .min_by_key(|f| {
                fs::metadata(module.join(f))
                    .map(|m| m.len())
                    .unwrap_or(u64::MAX)
            });
        if let (Some(file), Some(name)) = (smallest, module.file_name()) {
            chosen.push(Path::new(name).join(file));
        }
    }
    chosen.dedup();
    chosen
}

pub fn seeds() -> Vec<Input> {
    let root = repository();
    let spec = root.join("spec");
    let mut seeds = Vec::new();
    let project = [PathBuf::from("service.yaml"), PathBuf::from("shared.yaml")];
    for file in project.into_iter().chain(project_resources(&spec)) {
        if let Ok(bytes) = fs::read(spec.join(&file)) {
            seeds.push(Input::new(format!("spec {}", file.display()), bytes));
        }
    }
    for group in ["fixtures", "broken"] {
        for case in folders_in(&root.join("codegen/tests").join(group)) {
            let name = case.file_name().unwrap_or_default().to_string_lossy();
            for file in files_under(&case) {
                if let Ok(bytes) = fs::read(case.join(&file)) {
                    let context = format!("{group}/{name} {}", file.display());
                    seeds.push(Input::new(context, bytes));
                }
            }
        }
    }
    seeds
}

/// The files of a base, read once per child.
struct Bases {
    root: PathBuf,
    cache: HashMap<String, Vec<(PathBuf, Vec<u8>)>>,
}

impl Bases {
    fn files(&mut self, base: &str) -> &[(PathBuf, Vec<u8>)] {
        let root = &self.root;
        self.cache.entry(base.to_string()).or_insert_with(|| {
            let read = |dir: &Path, files: Vec<PathBuf>| {
                files
                    .into_iter()
                    .filter_map(|f| Some((f.clone(), fs::read(dir.join(&f)).ok()?)))
                    .collect()
            };
            match base {
                "spec" => {
                    let dir = root.join("spec");
                    read(&dir, vec!["service.yaml".into(), "shared.yaml".into()])
                }
                _ if base.starts_with("fixtures/") || base.starts_with("broken/") => {
                    let dir = root.join("codegen/tests").join(base);
                    let files = files_under(&dir);
                    read(&dir, files)
                }
                _ => Vec::new(),
            }
        })
    }
}

/// A relative path that stays inside the folder, or a made-up one.
fn inside(file: &str) -> PathBuf {
    let path = Path::new(file);
    let plain = path.components().all(|c| matches!(c, Component::Normal(_)));
    if plain && !file.is_empty() {
        path.to_path_buf()
    } else {
        PathBuf::from("bd/mutated.yaml")
    }
}

pub fn runner() -> Runner {
    let dir = std::env::temp_dir().join(format!("jdy-robust-spec-{}", std::process::id()));
    let mut bases = Bases {
        root: repository(),
        cache: HashMap::new(),
    };
    Box::new(move |input: &Input| {
        let (base, file) = input.context.split_once(' ').unwrap_or(("spec", ""));
        let file = inside(file);
        let _ = fs::remove_dir_all(&dir);
        for (path, bytes) in bases.files(base) {
            if *path != file {
                write(&dir.join(path), bytes);
            }
        }
        write(&dir.join(&file), &input.bytes);
        match jdy_codegen::load_spec(&dir, "spec") {
            Ok(spec) => drop(jdy_codegen::generate(&spec)),
            // Some hundreds of problems, each a few lines: more is a flood no one reads.
            Err(problems) => assert_short("the diagnostics", &problems.to_string(), 256 * 1024),
        }
    })
}

fn write(path: &Path, bytes: &[u8]) {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).expect("a folder in the temporary folder");
    }
    fs::write(path, bytes).expect("a file in the temporary folder");
}
