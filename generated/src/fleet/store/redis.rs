//! A store shared by several processes through Redis (feature `redis`).
//!
//! Every operation is one command or one Lua script, so it is atomic on the server: the token
//! lock is `SET NX PX` (it expires by itself if its holder dies), released by a script that
//! deletes it only for its holder, and the rate budget is a GCRA (the algorithm of the
//! in-memory limiter) whose one number a script reads and moves on, timed by Redis's own
//! clock (`TIME`), so that processes whose clocks disagree still share one budget.
//!
//! When Redis cannot be reached an operation fails with a [`StoreError`], and the call that
//! needed it fails with [`Error::Store`](crate::Error::Store) before anything is sent: a
//! process does not fall back to a token or a budget of its own, which would fetch a token per
//! process and let the processes together exceed the account set's limit. The error counts as
//! retryable, so the client's [`RetryPolicy`](crate::RetryPolicy) tries again (the connection
//! reconnects by itself).

use std::time::Duration;

use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use redis::Script;

use super::{Store, StoreError, StoreFuture};
use crate::RateLimit;

/// GCRA over the budget's theoretical arrival time (microseconds by Redis's clock): a call
/// may go if that time is no further ahead than the burst tolerance, and moves it on by one
/// interval. Returns 0 when the call may go, or the microseconds to wait.
const TAKE_CALL: &str = r"
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local interval = tonumber(ARGV[1])
local tolerance = tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or now)
if tat < now then tat = now end
local allow_at = tat - tolerance
if now < allow_at then
  return math.max(1, math.ceil(allow_at - now))
end
local next_tat = tat + interval
redis.call('SET', KEYS[1], string.format('%.0f', next_tat), 'PX', math.ceil((next_tat - now) / 1000) + 1000)
return 0
";

/// Deletes the key only if it holds the expected value.
const DELETE_IF: &str = r"
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
";

/// A [`Store`] in Redis, shared by every process that connects to the same server.
///
/// ```no_run
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// let store = jdy::store::RedisStore::connect("redis://127.0.0.1:6379/").await?;
/// let app = jdy::App::builder("205022", "client-secret").store(store).build()?;
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct RedisStore {
    connection: ConnectionManager,
    take_call: Script,
    delete_if: Script,
}

impl RedisStore {
    /// Connects to the Redis at `url` (`redis://[:password@]host:port/db`). Fails if it cannot
    /// be reached within a few seconds; later, a lost connection is made again by itself.
    pub async fn connect(url: &str) -> Result<RedisStore, StoreError> {
        let client = redis::Client::open(url).map_err(|e| failure("connect", &e))?;
        let config = ConnectionManagerConfig::new()
            .set_connection_timeout(Some(Duration::from_secs(3)))
            .set_response_timeout(Some(Duration::from_secs(3)))
            .set_number_of_retries(2);
        let connection = ConnectionManager::new_with_config(client, config)
            .await
            .map_err(|e| failure("connect", &e))?;
        Ok(RedisStore {
            connection,
            take_call: Script::new(TAKE_CALL),
            delete_if: Script::new(DELETE_IF),
        })
    }
}

/// A Redis error, without the URL (it may hold a password) or any value.
fn failure(operation: &'static str, error: &redis::RedisError) -> StoreError {
    let kind = if error.is_io_error() || error.is_connection_dropped() {
        "Redis cannot be reached"
    } else if error.is_timeout() {
        "Redis did not answer in time"
    } else {
        "Redis refused the command"
    };
    StoreError::new(operation, format!("{kind} ({})", error.kind_text()))
}

/// The budget as GCRA parameters, in microseconds: the emission interval and the burst
/// tolerance. As the in-memory limiter does, a tenth of the calls may go at once and the rest
/// are spaced evenly, with 2% of the calls and a tenth of the window (at most a second) kept
/// in hand, because calls admitted here reach the gateway a little later, and not all
/// equally late.
fn gcra(limit: RateLimit) -> (u64, u64) {
    let calls = limit.calls();
    let burst = (calls / 10).max(1);
    let margin = (calls / 50).max(1);
    let spread = calls.saturating_sub(burst + margin).max(1);
    let window = limit.per() + (limit.per() / 10).min(Duration::from_secs(1));
    let interval = (window.as_micros() as u64 / spread as u64).max(1);
    (interval, interval * (burst as u64 - 1))
}

trait KindText {
    fn kind_text(&self) -> String;
}

impl KindText for redis::RedisError {
    fn kind_text(&self) -> String {
        format!("{:?}", self.kind())
    }
}

impl Store for RedisStore {
    fn get<'a>(&'a self, key: &'a str) -> StoreFuture<'a, Option<String>> {
        Box::pin(async move {
            let mut connection = self.connection.clone();
            redis::cmd("GET")
                .arg(key)
                .query_async::<Option<String>>(&mut connection)
                .await
                .map_err(|e| failure("get", &e))
        })
    }

    fn put<'a>(
        &'a self,
        key: &'a str,
        value: &'a str,
        ttl: Option<Duration>,
    ) -> StoreFuture<'a, ()> {
        Box::pin(async move {
            let mut connection = self.connection.clone();
            let mut command = redis::cmd("SET");
            command.arg(key).arg(value);
            if let Some(ttl) = ttl {
                command.arg("PX").arg((ttl.as_millis() as u64).max(1));
            }
            command
                .query_async::<()>(&mut connection)
                .await
                .map_err(|e| failure("put", &e))
        })
    }

    fn put_if_absent<'a>(
        &'a self,
        key: &'a str,
        value: &'a str,
        ttl: Duration,
    ) -> StoreFuture<'a, bool> {
        Box::pin(async move {
            let mut connection = self.connection.clone();
            let set: Option<String> = redis::cmd("SET")
                .arg(key)
                .arg(value)
                .arg("NX")
                .arg("PX")
                .arg((ttl.as_millis() as u64).max(1))
                .query_async(&mut connection)
                .await
                .map_err(|e| failure("put_if_absent", &e))?;
            Ok(set.is_some())
        })
    }

    fn delete_if<'a>(&'a self, key: &'a str, expected: &'a str) -> StoreFuture<'a, bool> {
        Box::pin(async move {
            let mut connection = self.connection.clone();
            let deleted: i64 = self
                .delete_if
                .key(key)
                .arg(expected)
                .invoke_async(&mut connection)
                .await
                .map_err(|e| failure("delete_if", &e))?;
            Ok(deleted > 0)
        })
    }

    fn take_call<'a>(
        &'a self,
        key: &'a str,
        limit: RateLimit,
    ) -> StoreFuture<'a, Option<Duration>> {
        Box::pin(async move {
            let mut connection = self.connection.clone();
            let (interval, tolerance) = gcra(limit);
            let wait_us: i64 = self
                .take_call
                .key(key)
                .arg(interval)
                .arg(tolerance)
                .invoke_async(&mut connection)
                .await
                .map_err(|e| failure("take_call", &e))?;
            Ok((wait_us > 0).then(|| Duration::from_micros(wait_us as u64)))
        })
    }

    fn kind(&self) -> &'static str {
        "redis"
    }
}

impl std::fmt::Debug for RedisStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RedisStore").finish_non_exhaustive()
    }
}
