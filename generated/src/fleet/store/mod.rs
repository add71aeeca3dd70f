//! Where the state that outlives one call is kept: app-tokens, pulled authorisations, the rate
//! budget of each account set, the gateway's clock offset and sync checkpoints.
//!
//! One process keeps it in memory ([`MemoryStore`], the default). Several processes serving
//! the same account sets share it through a store they all reach, such as Redis
//! (`RedisStore`, behind the `redis` feature), so that they fetch one token between them and
//! keep to one budget of calls together.

pub(crate) mod keys;
mod memory;
#[cfg(feature = "redis")]
mod redis;

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

pub use memory::MemoryStore;
#[cfg(feature = "redis")]
pub use redis::RedisStore;

use crate::RateLimit;

/// What a store operation returns: boxed so that [`Store`] can be used as `dyn Store`.
pub type StoreFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, StoreError>> + Send + 'a>>;

/// A store operation that failed: the store could not be reached or answered nonsense. It
/// never quotes a value, since values hold tokens and secrets.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{operation}: {reason}")]
pub struct StoreError {
    /// The operation that failed (`get`, `put`, `take_call`, ...).
    pub operation: &'static str,
    /// Why, in the store's words (for Redis: the connection or server error).
    pub reason: String,
}

impl StoreError {
    pub fn new(operation: &'static str, reason: impl Into<String>) -> Self {
        StoreError {
            operation,
            reason: reason.into(),
        }
    }
}

/// Shared state behind a few atomic operations on text keys.
///
/// Values are text (a token with its expiry, an authorisation as JSON, a checkpoint); keys are
/// made by the SDK and start with `jdy:<client_id>:`. Every operation must be atomic on its
/// own: [`put_if_absent`](Store::put_if_absent) is a lock, [`delete_if`](Store::delete_if)
/// releases it only for its holder, and [`take_call`](Store::take_call) counts a call
/// against a budget shared by every process that uses the store.
pub trait Store: Send + Sync + 'static {
    /// The value of `key`, if it is set and has not expired.
    fn get<'a>(&'a self, key: &'a str) -> StoreFuture<'a, Option<String>>;

    /// Sets `key`, for `ttl` or (with `None`) until it is replaced.
    fn put<'a>(
        &'a self,
        key: &'a str,
        value: &'a str,
        ttl: Option<Duration>,
    ) -> StoreFuture<'a, ()>;

    /// Sets `key` for `ttl` only if it is not set; whether it was set (a lock taken).
    fn put_if_absent<'a>(
        &'a self,
        key: &'a str,
        value: &'a str,
        ttl: Duration,
    ) -> StoreFuture<'a, bool>;

    /// Deletes `key` only if it holds `expected`; whether it did.
    fn delete_if<'a>(&'a self, key: &'a str, expected: &'a str) -> StoreFuture<'a, bool>;

    /// Counts one call against the budget `key` if `limit` has room for it now: `None` when
    /// the call may go, or how long to wait before asking again.
    fn take_call<'a>(&'a self, key: &'a str, limit: RateLimit)
        -> StoreFuture<'a, Option<Duration>>;

    /// A short name for `Debug` output and logs (`memory`, `redis`).
    fn kind(&self) -> &'static str;
}
