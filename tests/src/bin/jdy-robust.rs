//! `jdy-robust`: feeds mutated inputs to the spec loader and generator, the importer, the
//! decoding of answers and the mock gateway, in a child process, and keeps every input that
//! crashes, hangs or is slow.
//!
//! ```text
//! cargo run --release -p jdy-tests --bin jdy-robust -- --target mock --seconds 600 --seed 7
//! cargo run --release -p jdy-tests --bin jdy-robust -- --target spec --replay target/robust/spec/crash-0123456789abcdef
//! ```
//!
//! Findings are saved under `target/robust/<target>/` (`crash-<hash>`, `hang-<hash>`,
//! `slow-<hash>`, each with a `.txt` saying why); the exit status is 1 when there is any.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Parser, ValueEnum};
use jdy_tests::robust::{campaign, child, Input, Target};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Which {
    Spec,
    Import,
    Decode,
    Mock,
    /// Every target, one after the other, each for `--seconds`.
    All,
    /// Inputs that fail on purpose, to check the harness itself.
    #[value(hide = true)]
    SelfTest,
}

#[derive(Debug, Parser)]
#[command(about = "Mutation testing of the jdy SDK's parsers and mock gateway, in a child process")]
struct Args {
    /// What to feed.
    #[arg(long, value_enum, required_unless_present = "child")]
    target: Option<Which>,
    /// How long to run each target.
    #[arg(long, default_value_t = 10)]
    seconds: u64,
    /// Stop after this many inputs, if the time is not up first.
    #[arg(long, value_name = "N")]
    inputs: Option<u64>,
    /// The seed of the mutations: the same seed makes the same inputs.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Run one saved input (a finding) instead of a campaign.
    #[arg(long, value_name = "FILE")]
    replay: Option<PathBuf>,
    /// Where findings go (default: `robust/` in the target folder of this binary).
    #[arg(long, value_name = "DIR")]
    findings: Option<PathBuf>,
    /// An input taking longer than this many milliseconds (twice) is a finding.
    #[arg(long, default_value_t = 1000)]
    slow_ms: u64,
    /// A child silent for this many seconds is hung.
    #[arg(long, default_value_t = 10)]
    hang_seconds: u64,
    /// Print no progress.
    #[arg(long)]
    quiet: bool,
    /// Internal: run as the child of a campaign.
    #[arg(long, hide = true, value_name = "TARGET")]
    child: Option<String>,
    /// Internal: where the child writes the input it runs.
    #[arg(long, hide = true, value_name = "FILE")]
    current: Option<PathBuf>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    if let Some(name) = &args.child {
        let Some(target) = Target::from_name(name) else {
            eprintln!("unknown target {name}");
            return ExitCode::from(2);
        };
        let current = args.current.clone().unwrap_or_else(|| "current".into());
        return match child::serve(target, &current) {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("the child stopped: {error}");
                ExitCode::from(3)
            }
        };
    }
    match parent(&args) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(error) => {
            eprintln!("jdy-robust: {error}");
            ExitCode::from(2)
        }
    }
}

/// Whether every target ran clean.
fn parent(args: &Args) -> std::io::Result<bool> {
    let program = std::env::current_exe()?;
    let findings = match &args.findings {
        Some(dir) => dir.clone(),
        // The binary is `<target>/<profile>/jdy-robust`.
        None => program
            .parent()
            .and_then(|p| p.parent())
            .map(|target| target.join("robust"))
            .unwrap_or_else(|| "robust".into()),
    };
    let options = campaign::Options {
        program,
        findings,
        slow: Duration::from_millis(args.slow_ms),
        hang: Duration::from_secs(args.hang_seconds),
        startup: Duration::from_secs(60),
        progress: !args.quiet,
    };
    let targets: Vec<Target> = match args.target.unwrap_or(Which::All) {
        Which::Spec => vec![Target::Spec],
        Which::Import => vec![Target::Import],
        Which::Decode => vec![Target::Decode],
        Which::Mock => vec![Target::Mock],
        Which::All => Target::ALL.to_vec(),
        Which::SelfTest => vec![Target::SelfTest],
    };
    let mut clean = true;
    if let Some(file) = &args.replay {
        let input = Input::decode(&std::fs::read(file)?);
        for target in targets {
            let summary = campaign::replay(target, &input, &options)?;
            for finding in &summary.findings {
                eprintln!(
                    "{}: {}\n{}",
                    finding.kind.name(),
                    finding.signature,
                    finding.details
                );
            }
            println!("{summary}");
            clean &= summary.findings.is_empty();
        }
        return Ok(clean);
    }
    let mut summaries = Vec::new();
    for target in targets {
        let budget = campaign::Budget {
            time: Duration::from_secs(args.seconds),
            inputs: args.inputs,
        };
        let summary = campaign::run(target, budget, args.seed, &options)?;
        clean &= summary.findings.is_empty();
        summaries.push(summary);
    }
    println!("seed {}:", args.seed);
    for summary in &summaries {
        println!("{summary}");
    }
    Ok(clean)
}
