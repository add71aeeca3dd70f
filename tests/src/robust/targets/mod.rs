//! The four parts of the SDK under test. Each gives its seeds (read from the repository), the
//! words its mutations may splice in, and, in the child, a runner for one input. A runner
//! panics when an input breaks a promise that is not a crash by itself (an error message that
//! is not short, a connection the mock leaves open): the child turns every panic into a crash.

pub mod decode;
pub mod import;
pub mod mock;
mod self_test;
pub mod spec;

use std::fmt;
use std::path::{Path, PathBuf};

use super::Input;

/// A part of the SDK the harness feeds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Target {
    /// The spec loader, then the generator when the spec loads.
    Spec,
    /// The importer of documentation pages.
    Import,
    /// The decoding of answers: endpoint types, the envelope of a real call, pages, scalars.
    Decode,
    /// The mock gateway, sent raw HTTP requests.
    Mock,
    /// Not a part of the SDK: inputs that crash, hang or are slow on purpose, to check that
    /// the harness sees each.
    SelfTest,
}

/// Runs one input; panics if the input shows a fault.
pub type Runner = Box<dyn FnMut(&Input)>;

impl Target {
    pub const ALL: [Target; 4] = [Target::Spec, Target::Import, Target::Decode, Target::Mock];

    pub fn name(self) -> &'static str {
        match self {
            Target::Spec => "spec",
            Target::Import => "import",
            Target::Decode => "decode",
            Target::Mock => "mock",
            Target::SelfTest => "self-test",
        }
    }

    pub fn from_name(name: &str) -> Option<Target> {
        Target::ALL
            .into_iter()
            .chain([Target::SelfTest])
            .find(|t| t.name() == name)
    }

    /// The inputs mutation starts from.
    pub fn seeds(self) -> Vec<Input> {
        match self {
            Target::Spec => spec::seeds(),
            Target::Import => import::seeds(),
            Target::Decode => decode::seeds(),
            Target::Mock => mock::seeds(),
            Target::SelfTest => self_test::seeds(),
        }
    }

    /// Words of the target's language, which a mutation may insert whole.
    pub fn words(self) -> &'static [&'static str] {
        match self {
            Target::Spec => spec::WORDS,
            Target::Import => import::WORDS,
            Target::Decode => decode::WORDS,
            Target::Mock => mock::WORDS,
            Target::SelfTest => &[],
        }
    }

    /// Prepares what the inputs run against (a spec folder, a mock gateway, ...), in the child.
    pub fn runner(self) -> Runner {
        match self {
            Target::Spec => spec::runner(),
            Target::Import => import::runner(),
            Target::Decode => decode::runner(),
            Target::Mock => mock::runner(),
            Target::SelfTest => self_test::runner(),
        }
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The root of the repository, whose files are the seeds.
pub fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the tests crate is inside the workspace")
        .to_path_buf()
}

/// Every file under `dir`, as paths relative to it, sorted (so that seeds come in one order).
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![PathBuf::new()];
    while let Some(relative) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(dir.join(&relative)) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = relative.join(entry.file_name());
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                stack.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// The folders directly inside `dir`, sorted.
fn folders_in(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.is_dir())
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// Fails (as a finding) when a message meant for a person is not short.
#[track_caller]
fn assert_short(what: &str, message: &str, limit: usize) {
    assert!(
        message.len() <= limit,
        "{what}: {} bytes, more than {limit}; it starts: {:?}",
        message.len(),
        message.chars().take(200).collect::<String>()
    );
}
