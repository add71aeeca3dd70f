//! `jdy-codegen`: check a spec folder, write the Rust it generates to a folder where a person
//! can read it, write it as an OpenAPI document, or import documentation pages into spec files.

use std::path::{Path, PathBuf};
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
    /// Check a spec folder and write it as an OpenAPI 3.0.3 document (JSON).
    Openapi {
        /// The spec folder (the one holding service.yaml).
        #[arg(default_value = "spec")]
        spec: PathBuf,
        /// The file to write (its folder is created if needed).
        #[arg(long, short)]
        out: PathBuf,
    },
    /// Import documentation pages (jdy-docs) into spec files: `<out>/<module>/<resource>.yaml`.
    Import {
        /// Pages (`.md` files), or folders of pages.
        #[arg(required = true)]
        pages: Vec<PathBuf>,
        /// The folder to write the resource files to (created if needed).
        #[arg(long, short)]
        out: PathBuf,
        /// The corrections to apply (for example spec/overrides.yaml).
        #[arg(long)]
        overrides: Option<PathBuf>,
        /// The shared types the spec already defines (for example spec/shared.yaml): a value
        /// set they define is used, not imported again.
        #[arg(long)]
        shared: Option<PathBuf>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let (spec_dir, out) = match cli.command {
        Command::Check { spec } => (spec, None),
        Command::Generate { spec, out } => (spec, Some(out)),
        Command::Import {
            pages,
            out,
            overrides,
            shared,
        } => return import(&pages, &out, overrides.as_deref(), shared.as_deref()),
        Command::Openapi { spec, out } => return openapi(&spec, &out),
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

/// `jdy-codegen openapi`: the document of a valid spec, or every problem of an invalid one.
fn openapi(spec_dir: &Path, out: &Path) -> ExitCode {
    let started = Instant::now();
    let display = spec_dir.display().to_string();
    let spec = match jdy_codegen::load_spec(spec_dir, &display) {
        Ok(spec) => spec,
        Err(diagnostics) => {
            eprintln!("{diagnostics}");
            return ExitCode::FAILURE;
        }
    };
    let document = jdy_codegen::openapi::export(&spec);
    let written = out
        .parent()
        .filter(|dir| !dir.as_os_str().is_empty())
        .map_or(Ok(()), std::fs::create_dir_all)
        .and_then(|()| std::fs::write(out, &document));
    if let Err(error) = written {
        eprintln!("error: cannot write {}: {error}", out.display());
        return ExitCode::FAILURE;
    }
    let endpoints: usize = spec.resources.iter().map(|r| r.endpoints.len()).sum();
    eprintln!(
        "{display}: ok; wrote OpenAPI {} of {} to {} ({} bytes) in {:.0?}",
        jdy_codegen::openapi::OPENAPI_VERSION,
        count(endpoints, "endpoint"),
        out.display(),
        document.len(),
        started.elapsed()
    );
    ExitCode::SUCCESS
}

fn count(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

/// `jdy-codegen import`: warnings and progress on stderr, then the summary.
fn import(
    pages: &[PathBuf],
    out: &Path,
    overrides: Option<&Path>,
    shared: Option<&Path>,
) -> ExitCode {
    use jdy_codegen::import;

    let started = Instant::now();
    let value_sets = match shared {
        None => import::ValueSets::default(),
        Some(path) => {
            let parsed = std::fs::read_to_string(path)
                .map_err(|e| e.to_string())
                .and_then(|text| import::ValueSets::parse(&text));
            match parsed {
                Ok(sets) => sets,
                Err(error) => {
                    eprintln!(
                        "error: cannot read the shared types {}: {error}",
                        path.display()
                    );
                    return ExitCode::FAILURE;
                }
            }
        }
    };
    let mut corrections = match overrides {
        None => import::Overrides::default(),
        Some(path) => {
            let text = match std::fs::read_to_string(path) {
                Ok(text) => text,
                Err(error) => {
                    eprintln!("error: cannot read {}: {error}", path.display());
                    return ExitCode::FAILURE;
                }
            };
            match import::Overrides::parse(&path.display().to_string(), &text) {
                Ok(corrections) => corrections,
                Err(errors) => {
                    for error in errors.iter().take(jdy_codegen::Diagnostics::SHOWN) {
                        eprintln!("{error}");
                    }
                    if errors.len() > jdy_codegen::Diagnostics::SHOWN {
                        let rest = errors.len() - jdy_codegen::Diagnostics::SHOWN;
                        eprintln!("... and {} not shown", count(rest, "more problem"));
                    }
                    eprintln!(
                        "the overrides have {}: nothing was imported",
                        count(errors.len(), "problem")
                    );
                    return ExitCode::FAILURE;
                }
            }
        }
    };
    corrections.value_sets = value_sets;
    let inputs = match import::read_inputs(pages) {
        Ok(inputs) => inputs,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::FAILURE;
        }
    };
    let mut progress = |done: usize, total: usize| {
        if done % 50 == 0 || done == total {
            eprintln!("[{done}/{total}] pages read");
        }
    };
    let result = import::import_with_progress(&inputs, &corrections, &mut progress);
    for warning in &result.warnings {
        eprintln!("{warning}");
    }
    let written = match import::write_files(out, &result.files) {
        Ok(written) => written,
        Err(error) => {
            eprintln!("error: cannot write to {}: {error}", out.display());
            return ExitCode::FAILURE;
        }
    };
    eprint!("{}", result.summary);
    eprintln!(
        "wrote {} to {} ({} unchanged) in {:.0?}",
        count(written, "file"),
        out.display(),
        result.files.len() - written,
        started.elapsed()
    );
    ExitCode::SUCCESS
}
