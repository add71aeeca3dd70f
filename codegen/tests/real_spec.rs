//! The real spec in `spec/`: it must load, and what it generates is pinned, one snapshot per
//! generated file (`api.rs`, `service.rs` and one per resource file).

mod common;

use std::path::{Path, PathBuf};

use jdy_codegen::generate;

fn spec_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../spec")
}

#[test]
fn the_real_spec_loads_and_its_generated_files_are_pinned() {
    let spec = common::load_ok(&spec_dir(), "spec");
    let files = generate(&spec);
    let first = [
        "api.rs",
        "service.rs",
        "shared.rs",
        "documented_examples.rs",
    ];
    assert_eq!(files.len(), first.len() + spec.resources.len());
    for (file, path) in files.iter().zip(first) {
        assert_eq!(file.path, path);
    }
    for (file, resource) in files[first.len()..].iter().zip(&spec.resources) {
        assert_eq!(
            file.path,
            format!("{}/{}.rs", resource.module, resource.name)
        );
    }
    common::assert_valid_rust("spec", &files);
    for file in &files {
        insta::assert_snapshot!(common::snapshot_name("spec", file), &file.contents);
    }
}

#[test]
fn the_real_spec_generates_the_same_files_every_time() {
    common::assert_deterministic(&spec_dir(), "spec");
}

/// `generated/Cargo.toml` has a feature per module of the spec (the generated code gates each
/// module behind it), and `full` enables them all.
#[test]
fn every_module_has_a_cargo_feature_of_its_name() {
    let spec = common::load_ok(&spec_dir(), "spec");
    let manifest_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated/Cargo.toml");
    let manifest = std::fs::read_to_string(&manifest_path).expect("generated/Cargo.toml");
    let features = manifest
        .split("[features]")
        .nth(1)
        .expect("a [features] table")
        .split("\n[")
        .next()
        .unwrap_or_default();
    let declared: Vec<&str> = features
        .lines()
        .filter_map(|line| line.split_once('=').map(|(name, _)| name.trim()))
        .collect();
    let full = features
        .lines()
        .find(|line| line.trim_start().starts_with("full"))
        .expect("a `full` feature");
    for module in &spec.service.modules {
        assert!(
            declared.contains(&module.name.as_str()),
            "module `{}` has no feature in generated/Cargo.toml",
            module.name
        );
        assert!(
            full.contains(&format!("\"{}\"", module.name)),
            "`full` does not enable `{}`",
            module.name
        );
    }
}
