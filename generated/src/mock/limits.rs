//! How much the mock holds at once, so that it keeps serving (with flat memory) whatever its
//! clients do: slow or stalled connections are closed, connections past a limit wait, and its
//! request log and token book keep only their newest entries, and saves stop at a budget.

use std::time::Duration;

/// The mock's bounds on connections and on what it remembers (see the [module docs](super)).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MockLimits {
    /// How long a client has to send a complete request head, from when the connection is
    /// accepted or, on a kept-alive connection, from its first byte; the body then has as long
    /// again. A client that stalls longer is disconnected (a body is answered HTTP 408 first).
    pub header_read_timeout: Duration,
    /// How long a kept-alive connection may wait for its next request, counted from the end
    /// of the previous answer; also how long a client may leave an answer unread.
    pub idle_timeout: Duration,
    /// Connections served at once. Past it, new connections wait in the listen backlog (they
    /// are accepted as others close) while the open ones keep being served.
    pub max_connections: usize,
    /// Requests kept in the log ([`MockGateway::requests`](super::MockGateway::requests)):
    /// the newest ones; older ones are dropped and counted.
    pub log_capacity: usize,
    /// App-tokens kept. Expired tokens are forgotten when the next one is issued; past this
    /// number the oldest are forgotten too, and a call with one is answered 4010 (unknown
    /// token), which a client answers by fetching a new one, as for 4011.
    pub max_tokens: usize,
    /// Bytes (of JSON) that saves may add to the records the mock was seeded with, new records
    /// and the growth of updated ones together. A save past it is refused with errcode
    /// 1030002005 (对象数量过多, too many objects) and stores nothing.
    pub max_saved_bytes: usize,
}

impl Default for MockLimits {
    fn default() -> Self {
        MockLimits {
            header_read_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(60),
            max_connections: 512,
            log_capacity: 10_000,
            max_tokens: 10_000,
            max_saved_bytes: 64 * 1024 * 1024,
        }
    }
}
