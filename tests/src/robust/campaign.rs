//! The parent process: it makes inputs by mutating the seeds, sends them to a child, and keeps
//! every input that crashed the child, hung it, or took more than the time allowed.

use std::collections::HashMap;
use std::fmt;
use std::fs;
use std::io::{self, BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use super::mutate::Mutator;
use super::{Input, Target};

/// How a campaign or a replay runs.
#[derive(Debug, Clone)]
pub struct Options {
    /// The program to start as the child (this binary, with `--child`).
    pub program: PathBuf,
    /// Where findings are saved (in a folder per target).
    pub findings: PathBuf,
    /// An input that takes longer is slow.
    pub slow: Duration,
    /// A child silent for this long is hung, and killed.
    pub hang: Duration,
    /// How long a child may take to prepare (start a mock, read the bases).
    pub startup: Duration,
    /// Print progress to standard error.
    pub progress: bool,
}

/// What went wrong with an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Crash,
    Hang,
    Slow,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Crash => "crash",
            Kind::Hang => "hang",
            Kind::Slow => "slow",
        }
    }
}

/// An input kept, and why.
#[derive(Debug, Clone)]
pub struct Finding {
    pub kind: Kind,
    /// One line naming the fault (a panic's place, a signal, a time), the same for the same
    /// fault: findings are grouped by it.
    pub signature: String,
    /// The child's last words, or the times measured.
    pub details: String,
    /// Where the input was saved, if it was (only the first few of a signature are).
    pub saved: Option<PathBuf>,
}

/// What a campaign did.
#[derive(Debug, Clone)]
pub struct Summary {
    pub target: Target,
    pub inputs: u64,
    pub elapsed: Duration,
    pub findings: Vec<Finding>,
    /// The child's resident memory when it was ready and at the end, in KiB (Linux only).
    pub memory_kib: Option<(u64, u64)>,
}

impl Summary {
    pub fn per_second(&self) -> f64 {
        self.inputs as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {} inputs in {:.1} s ({:.0}/s), {} findings",
            self.target,
            self.inputs,
            self.elapsed.as_secs_f64(),
            self.per_second(),
            self.findings.len()
        )?;
        if let Some((start, end)) = self.memory_kib {
            write!(
                f,
                "; child memory {} MiB at start, {} MiB at end",
                start / 1024,
                end / 1024
            )?;
        }
        let mut groups: HashMap<(Kind, &str), Vec<&Finding>> = HashMap::new();
        for finding in &self.findings {
            groups
                .entry((finding.kind, finding.signature.as_str()))
                .or_default()
                .push(finding);
        }
        let mut groups: Vec<_> = groups.into_iter().collect();
        groups.sort_by(|a, b| a.0.cmp(&b.0));
        for ((kind, signature), findings) in groups {
            write!(f, "\n  {} x{}: {signature}", kind.name(), findings.len())?;
            for saved in findings.iter().filter_map(|f| f.saved.as_ref()) {
                write!(f, "\n    {}", saved.display())?;
            }
        }
        Ok(())
    }
}

/// What became of one input.
enum Outcome {
    Done(Duration),
    Crashed {
        status: Option<ExitStatus>,
        last_words: String,
    },
    Hung,
}

/// A running child.
struct Child {
    process: std::process::Child,
    stdin: ChildStdin,
    done: Receiver<()>,
    log: PathBuf,
    current: PathBuf,
}

impl Child {
    fn start(target: Target, options: &Options, dir: &Path) -> io::Result<Child> {
        let log = dir.join(format!("child-{}.log", std::process::id()));
        let current = dir.join(format!("current-{}", std::process::id()));
        let mut process = Command::new(&options.program)
            .arg("--child")
            .arg(target.name())
            .arg("--current")
            .arg(&current)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(fs::File::create(&log)?)
            .spawn()?;
        let stdin = process.stdin.take().expect("a piped stdin");
        let stdout = process.stdout.take().expect("a piped stdout");
        let (tx, done) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                match line {
                    // Anything else is the code under test printing: not the child speaking.
                    Ok(line) if line != "ready" && line != "done" => {}
                    Ok(_) if tx.send(()).is_ok() => {}
                    _ => return,
                }
            }
        });
        let mut child = Child {
            process,
            stdin,
            done,
            log,
            current,
        };
        match child.done.recv_timeout(options.startup) {
            Ok(()) => Ok(child),
            Err(_) => {
                let outcome = child.finish(false);
                let words = match outcome {
                    Outcome::Crashed { last_words, .. } => last_words,
                    _ => String::new(),
                };
                Err(io::Error::other(format!(
                    "the {target} child did not start: {words}"
                )))
            }
        }
    }

    fn run(&mut self, input: &Input, hang: Duration) -> Outcome {
        let encoded = input.encode();
        let started = Instant::now();
        let sent = self
            .stdin
            .write_all(&(encoded.len() as u32).to_le_bytes())
            .and_then(|()| self.stdin.write_all(&encoded))
            .and_then(|()| self.stdin.flush());
        if sent.is_err() {
            return self.finish(false);
        }
        match self.done.recv_timeout(hang) {
            Ok(()) => Outcome::Done(started.elapsed()),
            Err(RecvTimeoutError::Timeout) => {
                self.finish(true);
                Outcome::Hung
            }
            Err(RecvTimeoutError::Disconnected) => self.finish(false),
        }
    }

    /// Ends the child (killing it if asked or if it does not end by itself) and says how.
    fn finish(&mut self, kill: bool) -> Outcome {
        if kill {
            let _ = self.process.kill();
        }
        let deadline = Instant::now() + Duration::from_secs(5);
        let status = loop {
            match self.process.try_wait() {
                Ok(Some(status)) => break Some(status),
                Ok(None) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(10))
                }
                _ => {
                    let _ = self.process.kill();
                    break self.process.wait().ok();
                }
            }
        };
        Outcome::Crashed {
            status,
            last_words: last_lines(&self.log, 40),
        }
    }

    /// The child's resident memory in KiB (Linux).
    fn memory_kib(&self) -> Option<u64> {
        let statm = fs::read_to_string(format!("/proc/{}/statm", self.process.id())).ok()?;
        let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
        Some(pages * 4)
    }
}

impl Drop for Child {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
        let _ = fs::remove_file(&self.log);
        let _ = fs::remove_file(&self.current);
    }
}

/// The last `n` lines of a file, each cut to 300 characters.
fn last_lines(path: &Path, n: usize) -> String {
    let text = fs::read(path).unwrap_or_default();
    let tail = &text[text.len().saturating_sub(64 * 1024)..];
    let text = String::from_utf8_lossy(tail);
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(n)..]
        .iter()
        .map(|line| line.chars().take(300).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The line that names a crash: where it panicked and the start of its message, or the signal
/// and what the runtime said. Digits are left out, so that one fault met with inputs of other
/// sizes has one signature.
fn crash_signature(status: Option<ExitStatus>, last_words: &str) -> String {
    let lines: Vec<&str> = last_words.lines().collect();
    let found = lines
        .iter()
        .position(|l| l.contains("panicked at") || l.contains("overflowed its stack"));
    let said = match found {
        Some(i) => {
            // A thread name says nothing about the fault, and varies.
            let line = lines[i];
            let line = line
                .find(" panicked at ")
                .map_or(line, |at| &line[at + 1..]);
            let message = lines.get(i + 1).filter(|_| line.starts_with("panicked at"));
            let message: String = message.map_or("", |m| m).chars().take(80).collect();
            format!("{line} {message}")
        }
        None => lines
            .iter()
            .rev()
            .find(|l| !l.trim().is_empty())
            .map_or("no message".into(), |l| l.chars().take(120).collect()),
    };
    let said: String = said
        .chars()
        .map(|c| if c.is_ascii_digit() { '#' } else { c })
        .collect();
    let status = match status {
        Some(status) => describe(status),
        None => "no exit status".into(),
    };
    format!("{status}: {}", said.trim_end())
}

fn describe(status: ExitStatus) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(signal) = status.signal() {
            return format!("signal {signal}");
        }
    }
    match status.code() {
        Some(code) if code == super::child::PANIC_STATUS => "panic".into(),
        Some(code) => format!("exit status {code}"),
        None => "no exit status".into(),
    }
}

/// Keeps findings, saving the first few of each signature.
struct Keeper {
    dir: PathBuf,
    findings: Vec<Finding>,
    saved_per_signature: HashMap<String, usize>,
}

/// How many inputs of one signature are saved.
const SAVED_PER_SIGNATURE: usize = 3;

impl Keeper {
    fn keep(&mut self, kind: Kind, signature: String, details: String, input: &Input) {
        let count = self
            .saved_per_signature
            .entry(signature.clone())
            .or_default();
        *count += 1;
        let saved = (*count <= SAVED_PER_SIGNATURE).then(|| {
            let path = self.dir.join(format!("{}-{}", kind.name(), input.hash()));
            let note = format!("{signature}\n\n{details}\n");
            match fs::write(&path, input.encode())
                .and_then(|()| fs::write(path.with_extension("txt"), note))
            {
                Ok(()) => Some(path),
                Err(_) => None,
            }
        });
        self.findings.push(Finding {
            kind,
            signature,
            details,
            saved: saved.flatten(),
        });
    }
}

/// How long a campaign runs: until the time is up or the inputs are run, whichever is first.
#[derive(Debug, Clone, Copy)]
pub struct Budget {
    pub time: Duration,
    /// With a number of inputs, a run with a given seed runs the same inputs on any machine
    /// (if it has the time).
    pub inputs: Option<u64>,
}

/// Runs inputs against one target within `budget`; inputs come from the seeds and, after
/// them, from mutations drawn with `seed`.
pub fn run(target: Target, budget: Budget, seed: u64, options: &Options) -> io::Result<Summary> {
    let dir = options.findings.join(target.name());
    fs::create_dir_all(&dir)?;
    let seeds = target.seeds();
    if seeds.is_empty() {
        return Err(io::Error::other(format!("no seeds for {target}")));
    }
    let mutator = Mutator {
        words: target.words(),
    };
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut keeper = Keeper {
        dir: dir.clone(),
        findings: Vec::new(),
        saved_per_signature: HashMap::new(),
    };
    let started = Instant::now();
    let mut child = Child::start(target, options, &dir)?;
    let memory_at_start = child.memory_kib();
    let mut inputs = 0u64;
    let mut last_report = Instant::now();
    while started.elapsed() < budget.time && budget.inputs.is_none_or(|most| inputs < most) {
        let input = match seeds.get(inputs as usize) {
            // Every seed first, as it is: a seed that fails is a finding too.
            Some(seed) => seed.clone(),
            None => {
                let base = &seeds[rng.usize(..seeds.len())];
                let other = &seeds[rng.usize(..seeds.len())];
                let mut input = base.clone();
                mutator.mutate(&mut rng, &mut input.bytes, &other.bytes);
                input
            }
        };
        inputs += 1;
        let restart = judge(&mut child, &input, options, &mut keeper);
        if restart {
            child = Child::start(target, options, &dir)?;
        }
        if options.progress && last_report.elapsed() >= Duration::from_secs(2) {
            last_report = Instant::now();
            let secs = started.elapsed().as_secs_f64();
            eprintln!(
                "[{target}] {secs:.0} s: {inputs} inputs ({:.0}/s), {} findings",
                inputs as f64 / secs,
                keeper.findings.len()
            );
        }
    }
    let memory_at_end = child.memory_kib();
    Ok(Summary {
        target,
        inputs,
        elapsed: started.elapsed(),
        findings: keeper.findings,
        memory_kib: memory_at_start.zip(memory_at_end),
    })
}

/// Runs one input and keeps it if it is a finding; whether the child must be restarted.
fn judge(child: &mut Child, input: &Input, options: &Options, keeper: &mut Keeper) -> bool {
    match child.run(input, options.hang) {
        Outcome::Done(took) if took <= options.slow => false,
        Outcome::Done(took) => {
            // A machine busy with other work can make anything slow once: it must be slow again.
            match child.run(input, options.hang) {
                Outcome::Done(again) if again <= options.slow => false,
                Outcome::Done(again) => {
                    let signature = format!("slower than {:?}", options.slow);
                    let details = format!("took {took:?}, then {again:?}");
                    keeper.keep(Kind::Slow, signature, details, input);
                    false
                }
                // Crashing or hanging on a second run is the first run's fault all the same.
                outcome => keep_fatal(outcome, input, options, keeper),
            }
        }
        outcome => keep_fatal(outcome, input, options, keeper),
    }
}

fn keep_fatal(outcome: Outcome, input: &Input, options: &Options, keeper: &mut Keeper) -> bool {
    match outcome {
        Outcome::Done(_) => false,
        Outcome::Hung => {
            let signature = format!("no answer in {:?}", options.hang);
            keeper.keep(Kind::Hang, signature, String::new(), input);
            true
        }
        Outcome::Crashed { status, last_words } => {
            let signature = crash_signature(status, &last_words);
            keeper.keep(Kind::Crash, signature, last_words, input);
            true
        }
    }
}

/// Runs one saved input in a child; the findings it makes (none if it passes).
pub fn replay(target: Target, input: &Input, options: &Options) -> io::Result<Summary> {
    let dir = options.findings.join(target.name());
    fs::create_dir_all(&dir)?;
    let mut keeper = Keeper {
        dir: dir.clone(),
        findings: Vec::new(),
        saved_per_signature: HashMap::new(),
    };
    let started = Instant::now();
    let mut child = Child::start(target, options, &dir)?;
    judge(&mut child, input, options, &mut keeper);
    Ok(Summary {
        target,
        inputs: 1,
        elapsed: started.elapsed(),
        findings: keeper.findings,
        memory_kib: None,
    })
}
