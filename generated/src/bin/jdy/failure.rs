//! Why a command failed, and the exit status that tells a script which kind of failure it was.

use std::fmt;
use std::process::ExitCode;

/// The exit statuses, as documented in `jdy --help` and the README.
pub const EXIT_CODES: &str = "\
Exit status:
  0  success
  1  any other failure (the mock could not start, the output could not be written)
  2  usage: a bad argument, an unknown endpoint, a body that is not JSON
  3  credentials: missing or incomplete (environment or profile), or refused as set up
  4  transport: the gateway could not be reached, or did not answer in time
  5  gateway refusal: HTTP status other than 200 (4008 signature, 4011 token expired, 429...)
  6  service refusal: HTTP 200 with an errcode other than 0
  7  decode: the answer is not what the spec describes";

/// A failed command.
#[derive(Debug)]
pub enum Failure {
    Usage(String),
    Credentials(String),
    /// A call that failed, as the runtime reports it (boxed: it is large, and failures are
    /// passed up through every function).
    Call(Box<jdy::Error>),
    Other(String),
    /// Standard output was closed by its reader (`jdy call ... | head`): not a failure.
    OutputClosed,
}

impl Failure {
    pub fn exit_code(&self) -> ExitCode {
        ExitCode::from(self.status())
    }

    fn status(&self) -> u8 {
        match self {
            Failure::OutputClosed => 0,
            Failure::Other(_) => 1,
            Failure::Usage(_) => 2,
            Failure::Credentials(_) => 3,
            Failure::Call(error) => match error.as_ref() {
                jdy::Error::Config(_) => 3,
                jdy::Error::InvalidRequest { .. } => 2,
                jdy::Error::Transport { .. } => 4,
                jdy::Error::Gateway { .. } => 5,
                jdy::Error::Business { .. } | jdy::Error::BusinessText { .. } => 6,
                jdy::Error::Decode { .. } => 7,
                _ => 1,
            },
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Usage(message) | Failure::Credentials(message) | Failure::Other(message) => {
                f.write_str(message)
            }
            Failure::OutputClosed => Ok(()),
            Failure::Call(error) => {
                write!(f, "{error}")?;
                if let Some(known) = error.known_errcode() {
                    let cn = known.description_cn.unwrap_or_default();
                    write!(f, "\n  errcode {}: {} {cn}", known.code, known.description)?;
                }
                Ok(())
            }
        }
    }
}

impl From<jdy::Error> for Failure {
    fn from(error: jdy::Error) -> Self {
        Failure::Call(Box::new(error))
    }
}

/// A write to standard output or error failed (a closed pipe, a full disk).
impl From<std::io::Error> for Failure {
    fn from(error: std::io::Error) -> Self {
        if error.kind() == std::io::ErrorKind::BrokenPipe {
            return Failure::OutputClosed;
        }
        Failure::Other(format!("cannot write the output: {error}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_documented_status_is_used_once() {
        let call = |error| Failure::from(error).status();
        let statuses = [
            Failure::Other(String::new()).status(),
            Failure::Usage(String::new()).status(),
            Failure::Credentials(String::new()).status(),
            call(jdy::Error::Config(String::new())),
        ];
        assert_eq!(statuses, [1, 2, 3, 3]);
        for status in 0..=7 {
            assert!(EXIT_CODES.contains(&format!("  {status}  ")), "{status}");
        }
    }
}
