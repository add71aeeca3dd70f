//! Generates the endpoints and models of the SDK from the YAML spec.
//!
//! The spec is `../spec` in the repository, or the folder named by `JDY_SPEC_DIR`. A broken
//! spec fails the build with every problem listed, each with its file, line and column.

use std::env;
use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    println!("cargo::rerun-if-env-changed=JDY_SPEC_DIR");
    let (Some(manifest_dir), Some(out_dir)) =
        (env::var_os("CARGO_MANIFEST_DIR"), env::var_os("OUT_DIR"))
    else {
        eprintln!(
            "the jdy build script runs under cargo, which sets CARGO_MANIFEST_DIR and OUT_DIR"
        );
        return ExitCode::FAILURE;
    };
    let spec_dir = env::var_os("JDY_SPEC_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(manifest_dir).join("..").join("spec"));
    // The `jdy` command line describes the endpoints from a catalog that no other build needs.
    let extras = jdy_codegen::build::Extras {
        catalog: env::var_os("CARGO_FEATURE_CLI").is_some(),
    };
    match jdy_codegen::build::run_with(&spec_dir, &PathBuf::from(out_dir), extras) {
        Ok(()) => ExitCode::SUCCESS,
        Err(report) => {
            eprintln!("{report}");
            ExitCode::FAILURE
        }
    }
}
