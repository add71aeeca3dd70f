//! One input of a target: a line saying what it is (which endpoint, which spec file, which
//! page) and the bytes the mutator changes. The same form is sent to the child and saved as a
//! finding, so that a saved file can be replayed as it is.

use std::hash::{Hash, Hasher};

/// An input: `context` is never mutated, `bytes` are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// What the bytes are for, in the target's terms (for example `spec bd/customer.yaml`).
    pub context: String,
    pub bytes: Vec<u8>,
}

impl Input {
    pub fn new(context: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Input {
        Input {
            context: context.into(),
            bytes: bytes.into(),
        }
    }

    /// The context line, a line feed, then the bytes.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.context.len() + 1 + self.bytes.len());
        out.extend_from_slice(self.context.as_bytes());
        out.push(b'\n');
        out.extend_from_slice(&self.bytes);
        out
    }

    /// Reads what [`encode`](Input::encode) wrote; without a line feed, all is context.
    pub fn decode(encoded: &[u8]) -> Input {
        match encoded.iter().position(|&b| b == b'\n') {
            Some(end) => Input::new(
                String::from_utf8_lossy(&encoded[..end]).into_owned(),
                &encoded[end + 1..],
            ),
            None => Input::new(String::from_utf8_lossy(encoded).into_owned(), Vec::new()),
        }
    }

    /// A short name for a saved finding, the same for the same input.
    pub fn hash(&self) -> String {
        // SipHash with fixed keys: stable between runs of one build, which is all a file name
        // of a finding needs.
        #[allow(deprecated)]
        let mut hasher = std::hash::SipHasher::new();
        self.context.hash(&mut hasher);
        self.bytes.hash(&mut hasher);
        format!("{:016x}", hasher.finish())
    }
}
