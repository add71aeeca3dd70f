//! `jdy-codegen`: check a spec folder, or write the Rust it generates to a folder where a
//! person can read it.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "jdy-codegen",
    version,
    about = "The jdy SDK generator: checks the YAML spec and writes the generated Rust"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check a spec folder and report every problem, with file, line and column.
    Check {
        /// The spec folder (the one holding service.yaml).
        #[arg(default_value = "spec")]
        spec: PathBuf,
    },
    /// Check a spec folder and write the generated Rust source to a folder.
    Generate {
        /// The spec folder (the one holding service.yaml).
        #[arg(default_value = "spec")]
        spec: PathBuf,
        /// Where to write the files (created if needed).
        #[arg(long, short)]
        out: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let (spec_dir, out) = match cli.command {
        Command::Check { spec } => (spec, None),
        Command::Generate { spec, out } => (spec, Some(out)),
    };
    let started = Instant::now();
    let display = spec_dir.display().to_string();
    let spec = match jdy_codegen::load_spec(&spec_dir, &display) {
        Ok(spec) => spec,
        Err(diagnostics) => {
            eprintln!("{diagnostics}");
            return ExitCode::FAILURE;
        }
    };
    let endpoints: usize = spec.resources.iter().map(|r| r.endpoints.len()).sum();
    let types: usize = spec.resources.iter().map(|r| r.types.len()).sum();
    let summary = format!(
        "{}, {}, {}",
        count(spec.resources.len(), "resource"),
        count(endpoints, "endpoint"),
        count(types, "type")
    );
    let Some(out) = out else {
        eprintln!(
            "{display}: ok ({summary}, checked in {:.0?})",
            started.elapsed()
        );
        return ExitCode::SUCCESS;
    };
    let files = jdy_codegen::generate(&spec);
    if let Err(error) = jdy_codegen::build::write_files(&out, &files) {
        eprintln!("error: cannot write to {}: {error}", out.display());
        return ExitCode::FAILURE;
    }
    let lines: usize = files.iter().map(|f| f.contents.lines().count()).sum();
    eprintln!(
        "{display}: ok ({summary}); wrote {} files, {lines} lines, to {} in {:.0?}",
        files.len(),
        out.display(),
        started.elapsed()
    );
    ExitCode::SUCCESS
}

fn count(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}
