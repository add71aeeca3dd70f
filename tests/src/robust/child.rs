//! The child process: it prepares one target, then runs the inputs the parent sends, one after
//! another, saying when each is done.
//!
//! The protocol, on the child's standard input and output: the child writes `ready` once
//! prepared; the parent then sends inputs, each as a 4-byte little-endian length and the bytes
//! of [`Input::encode`]; after each the child writes `done`. Before running an input the child
//! writes it to the `current` file, so that whoever finds a dead child knows what killed it.
//! Any panic ends the process at once with [`PANIC_STATUS`], even in a thread of a server that
//! would otherwise catch it: a panic is a finding wherever it happens.

use std::io::{self, BufWriter, Read, Write};
use std::path::Path;

use super::{Input, Target};

/// The exit status of a child that panicked.
pub const PANIC_STATUS: i32 = 101;

/// Runs the child's loop until the parent closes its standard input.
pub fn serve(target: Target, current: &Path) -> io::Result<()> {
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        default_hook(info);
        std::process::exit(PANIC_STATUS);
    }));
    let mut run = target.runner();
    let stdin = io::stdin();
    let mut stdin = stdin.lock();
    let mut stdout = BufWriter::new(io::stdout().lock());
    writeln!(stdout, "ready")?;
    stdout.flush()?;
    loop {
        let mut len = [0u8; 4];
        match stdin.read_exact(&mut len) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(()),
            Err(e) => return Err(e),
        }
        let mut encoded = vec![0u8; u32::from_le_bytes(len) as usize];
        stdin.read_exact(&mut encoded)?;
        std::fs::write(current, &encoded)?;
        run(&Input::decode(&encoded));
        writeln!(stdout, "done")?;
        stdout.flush()?;
    }
}
