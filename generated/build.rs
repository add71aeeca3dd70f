//! Generates the endpoints and models of the SDK from the YAML spec.
//!
//! The spec is the package's `spec/` folder (the repository's `spec/`), or the folder named by
//! `JDY_SPEC_DIR` (a relative path is taken from the folder cargo was started in). A broken
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
    let from_env = env::var_os("JDY_SPEC_DIR");
    if from_env
        .as_ref()
        .is_some_and(|dir| PathBuf::from(dir).is_relative())
    {
        // The same relative path names another folder when cargo is started elsewhere.
        println!("cargo::rerun-if-env-changed=PWD");
    }
    let started_in = env::var_os("PWD");
    let spec_dir = match jdy_codegen::build::spec_dir(
        from_env.as_deref(),
        started_in.as_deref(),
        &PathBuf::from(manifest_dir),
    ) {
        Ok(dir) => dir,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::FAILURE;
        }
    };
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
