//! Serving many account sets: one [`App`](crate::App) for all of them, the [`store`] that
//! several processes share (tokens, authorisations, rate budgets, checkpoints), pushed
//! authorisations and incremental sync.

pub(crate) mod app;
#[cfg(feature = "push")]
pub mod push;
pub mod store;
pub mod sync;
