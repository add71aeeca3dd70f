//! A robustness harness: inputs made by mutating seeds are run against a part of the SDK in a
//! child process, which must never crash, hang or take more than a second on any of them.
//!
//! The parent ([`campaign`]) makes the inputs and watches the child ([`child`]); each target
//! ([`targets`]) says where its seeds come from and how one input is run. A child runs many
//! inputs in a row, so that a run costs a process start only after a finding.

pub mod campaign;
pub mod child;
pub mod input;
pub mod mutate;
pub mod targets;

pub use input::Input;
pub use targets::Target;
