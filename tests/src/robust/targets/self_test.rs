//! Inputs that fail on purpose, one way each (the context names the way), so that a test can
//! check that the harness reports a panic, a stack overflow, an abort, a hang and a slow input.

use std::time::Duration;

use super::Runner;
use crate::robust::Input;

pub fn seeds() -> Vec<Input> {
    vec![Input::new("fine", "")]
}

/// Recurses until the stack runs out.
#[allow(unconditional_recursion)]
fn deeper(depth: u64) -> u64 {
    let frame = std::hint::black_box([depth; 64]);
    deeper(frame[0] + 1) + frame[63]
}

pub fn runner() -> Runner {
    Box::new(|input: &Input| match input.context.as_str() {
        "panic" => panic!("a panic on purpose"),
        "overflow" => {
            let _ = deeper(0);
        }
        "abort" => std::process::abort(),
        "slow" => std::thread::sleep(Duration::from_secs(3)),
        "hang" => std::thread::sleep(Duration::from_secs(3600)),
        _ => {}
    })
}
