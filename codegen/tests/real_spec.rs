//! The real spec in `spec/`: it must load, and what it generates is pinned, one snapshot per
//! generated file (`api.rs`, `service.rs` and one per resource file).

mod common;

use std::path::PathBuf;

use jdy_codegen::generate;

fn spec_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../spec")
}

#[test]
fn the_real_spec_loads_and_its_generated_files_are_pinned() {
    let spec = common::load_ok(&spec_dir(), "spec");
    let files = generate(&spec);
    assert_eq!(files.len(), 2 + spec.resources.len());
    assert_eq!(files[0].path, "api.rs");
    assert_eq!(files[1].path, "service.rs");
    for (file, resource) in files[2..].iter().zip(&spec.resources) {
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
