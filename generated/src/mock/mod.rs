//! A mock of the jdy gateway, for tests and demos without a Kingdee account.
//!
//! It is a real HTTP server on loopback that checks every request as the gateway does (client
//! id, auth version, timestamp, nonce, signature, app-token, router header) and answers with
//! the gateway's own codes; it issues tokens, hands out the authorisation, and serves every
//! endpoint of the spec from data seeded with the documented examples: lists are paged, details
//! found by id or number, saves stored, uploads checked for their parts and answered in their
//! own envelope.
//!
//! # Limits
//!
//! The mock keeps serving, with flat memory, whatever its clients do. Its bounds are the
//! [`MockLimits`] of [`MockConfig::limits`] (flags of the `jdy-mock` binary):
//!
//! | limit | default | flag | what happens past it |
//! |---|---|---|---|
//! | `header_read_timeout` | 10 s | `--header-read-timeout` | a connection whose request head (or then body) has not all come is closed (a body is answered 408 first) |
//! | `idle_timeout` | 60 s | `--idle-timeout` | a kept-alive connection with no new request, or an answer left unread, is closed |
//! | `max_connections` | 512 | `--max-connections` | new connections wait to be accepted; open ones are served as before |
//! | `log_capacity` | 10 000 | `--log-capacity` | the oldest request is dropped from the log and counted ([`MockGateway::requests_dropped`]) |
//! | `max_tokens` | 10 000 | `--max-tokens` | the oldest token is forgotten (expired ones are, as soon as a token is issued) |
//! | `max_saved_bytes` | 64 MiB | `--max-saved-bytes` | a save is refused with errcode 1030002005 (too many objects), and nothing is stored |
//!
//! A forgotten token is answered 4010 (unknown), which a client answers as it does 4011
//! (expired): by fetching a new one.

// The example calls the 基础资料 module: part of the docs when that module is compiled.
#![cfg_attr(
    feature = "bd",
    doc = r#"
```no_run
# async fn run() -> Result<(), Box<dyn std::error::Error>> {
let mock = jdy::mock::MockGateway::start().await?;
let client = mock.client()?;
let page = client.bd().customer_list(&Default::default()).await?;
assert!(!page.rows.is_empty());
# Ok(())
# }
```
"#
)]

mod deadline;
mod faults;
mod fleet;
mod limits;
mod log;
mod multipart;
mod routes;
mod server;
mod store;
mod tokens;
mod verify;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

pub use faults::Fault;
pub use fleet::{fleet_account, FleetAccount};
pub use limits::MockLimits;

use crate::{Client, Credentials, Error, Method, Secret};
use faults::{Faults, RateLimit};
use log::RequestLog;
use store::Store;
use tokens::Tokens;

/// What the mock knows of one endpoint of the spec (generated from it).
#[derive(Debug, Clone, Copy)]
pub struct EndpointInfo {
    pub method: Method,
    pub path: &'static str,
    /// `<module>/<resource>`: the endpoints of a resource share its records.
    pub resource: &'static str,
    /// The endpoint's key in the spec: `list`, `detail` and `save` get their behaviour, any
    /// other kind answers its documented example.
    pub kind: &'static str,
    pub title: &'static str,
    pub paged: bool,
    /// The query parameters, separated by spaces (see [`EndpointInfo::query`]).
    pub query: &'static str,
    /// The required query parameters, separated by spaces.
    pub required_query: &'static str,
    /// The required fields of the JSON body, or the required parts of a multipart body,
    /// separated by spaces.
    pub required_body: &'static str,
    /// The body is `multipart/form-data` (an upload), not JSON.
    pub multipart: bool,
    /// The envelope of the answer.
    pub envelope: crate::Envelope,
    pub response_example: Option<&'static str>,
    /// Decodes an answer's `data` as the endpoint's answer type, by the SDK's rules: to check
    /// that what a server (this mock, or another) answers fits the generated types.
    pub decode_data: fn(&str) -> Result<(), crate::wire::DecodeError>,
    /// For a list answered in rows: a record as a row of the list's own row type (the mock's
    /// records are seeded from detail answers too, which have other fields).
    pub shape_row: Option<fn(&serde_json::Value) -> Option<serde_json::Value>>,
}

impl EndpointInfo {
    /// The query parameters, in the documented order.
    pub fn query(&self) -> impl Iterator<Item = &'static str> {
        self.query.split_whitespace()
    }

    /// The query parameters a call must give.
    pub fn required_query(&self) -> impl Iterator<Item = &'static str> {
        self.required_query.split_whitespace()
    }

    /// The fields (or multipart parts) a body must have.
    pub fn required_body(&self) -> impl Iterator<Item = &'static str> {
        self.required_body.split_whitespace()
    }
}

/// A record as the row type `T` holds it: decoded by the SDK's rules and written back, so that
/// what `T` does not have is left out. `None` if it does not decode.
pub fn shaped_as<T: serde::de::DeserializeOwned + serde::Serialize>(
    record: &serde_json::Value,
) -> Option<serde_json::Value> {
    let row: T = crate::wire::from_str(&record.to_string()).ok()?;
    serde_json::to_value(row).ok()
}

/// Decodes `data` as `T` and drops it (the `decode_data` of an [`EndpointInfo`]).
pub fn decodes_as<T: serde::de::DeserializeOwned>(
    data: &str,
) -> Result<(), crate::wire::DecodeError> {
    crate::wire::from_str::<T>(data).map(drop)
}

/// Every endpoint of the spec this crate was built from.
pub fn endpoints() -> impl Iterator<Item = &'static EndpointInfo> {
    crate::ENDPOINT_TABLES.iter().flat_map(|table| table.iter())
}

/// How the mock behaves. `Default` gives fixed demo credentials, tokens that live 24 hours,
/// the documented 500 calls per minute, no faults, and the default [`MockLimits`].
#[derive(Debug, Clone)]
pub struct MockConfig {
    pub client_id: String,
    pub client_secret: Secret,
    pub app_key: String,
    pub app_secret: Secret,
    /// The account set's data centre, expected in `X-GW-Router-Addr`.
    pub domain: String,
    /// The id the pull-authorisation endpoint knows the account set by.
    pub outer_instance_id: String,
    pub token_lifetime: Duration,
    /// Business calls admitted per `rate_window`; one more is answered HTTP 429.
    pub calls_per_minute: u32,
    /// The sliding window `calls_per_minute` is counted over: a minute, as the gateway does,
    /// unless a test wants to see the limit at work in seconds.
    pub rate_window: Duration,
    /// Added before every answer.
    pub latency: Duration,
    /// The share of business calls answered with a transient gateway error (0.0 to 1.0).
    pub transient_rate: f64,
    /// The share of business calls answered with a cut-off body (0.0 to 1.0).
    pub malformed_rate: f64,
    /// Records per resource, from the documented examples repeated with new ids.
    pub records_per_resource: usize,
    /// A fixed clock, in milliseconds since 1970, instead of the system's (for replaying a
    /// request signed at a known time).
    pub fixed_time_ms: Option<u64>,
    /// Say, in the description of a 4008 (签名无效) answer, the string the mock signed (with
    /// `app_signature` masked), to compare with the client's own: a debugging aid, since the
    /// real gateway says nothing more than 4008.
    pub explain_signatures: bool,
    /// Print one line per request to standard error.
    pub log_to_stderr: bool,
    /// How many more account sets the application is authorised by, besides the one above:
    /// account set `i` is [`fleet_account(i)`](fleet_account), with the same domain. Each has
    /// its own tokens and its own budget of calls.
    pub fleet: usize,
    /// Timeouts, the connection limit, and how much of its log and tokens the mock keeps.
    pub limits: MockLimits,
}

impl Default for MockConfig {
    fn default() -> Self {
        MockConfig {
            client_id: "mock-client".into(),
            client_secret: Secret::new("mock-client-secret-0123456789abcd"),
            app_key: "mock-app-key".into(),
            app_secret: Secret::new("mock-app-secret"),
            domain: "https://mock.jdy.local".into(),
            outer_instance_id: "mock-instance".into(),
            token_lifetime: Duration::from_secs(crate::service::TOKEN_LIFETIME_SECONDS),
            calls_per_minute: crate::service::limits::CALLS_PER_MINUTE as u32,
            rate_window: Duration::from_secs(60),
            latency: Duration::ZERO,
            transient_rate: 0.0,
            malformed_rate: 0.0,
            records_per_resource: 23,
            fixed_time_ms: None,
            log_to_stderr: false,
            explain_signatures: false,
            fleet: 0,
            limits: MockLimits::default(),
        }
    }
}

/// One request as the mock saw it, for tests and the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestRecord {
    pub method: String,
    pub path: String,
    pub status: u16,
    /// The errcode answered (0 for success), if the answer had one.
    pub errcode: Option<i64>,
    /// What happened, in a few words: `ok`, `signature invalid`, `fault: 5004`, ...
    pub verdict: String,
    pub request_id: String,
}

impl std::fmt::Display for RequestRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let code = self.errcode.map(|c| format!(" {c}")).unwrap_or_default();
        write!(
            f,
            "{} {} -> {}{code} {} [{}]",
            self.method, self.path, self.status, self.verdict, self.request_id
        )
    }
}

/// The state shared by the server and the handle.
pub(crate) struct Shared {
    config: Mutex<MockConfig>,
    state: Mutex<State>,
}

struct State {
    /// The tokens issued and not yet forgotten.
    tokens: Tokens,
    store: Store,
    faults: Faults,
    /// The calls of each account set (by app_key) in the current window.
    limits: HashMap<String, RateLimit>,
    /// Token requests are left unanswered (to see a client die while it waits for one).
    hold_tokens: bool,
    log: RequestLog,
    requests: u64,
    clock_offset_ms: i64,
}

impl Shared {
    fn config(&self) -> MutexGuard<'_, MockConfig> {
        self.config
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn state(&self) -> MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn now_ms(&self) -> u64 {
        let base = self.config().fixed_time_ms.unwrap_or_else(|| {
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map(|d| d.as_millis() as u64)
                .unwrap_or_default()
        });
        base.saturating_add_signed(self.state().clock_offset_ms)
    }
}

/// A running mock gateway. Dropping it stops the server.
pub struct MockGateway {
    shared: Arc<Shared>,
    address: SocketAddr,
    base_url: String,
    server: tokio::task::JoinHandle<()>,
}

impl MockGateway {
    /// Starts a mock with the default settings on a free loopback port.
    pub async fn start() -> std::io::Result<MockGateway> {
        MockGateway::start_with(MockConfig::default()).await
    }

    /// Starts a mock with `config` on a free loopback port.
    pub async fn start_with(config: MockConfig) -> std::io::Result<MockGateway> {
        MockGateway::bind(SocketAddr::from(([127, 0, 0, 1], 0)), config).await
    }

    /// Starts a mock listening on `address`.
    pub async fn bind(address: SocketAddr, config: MockConfig) -> std::io::Result<MockGateway> {
        let listener = tokio::net::TcpListener::bind(address).await?;
        let address = listener.local_addr()?;
        let limits = config.limits;
        let store = Store::seeded(
            crate::ENDPOINT_TABLES,
            config.records_per_resource,
            limits.max_saved_bytes,
        );
        let faults = Faults {
            transient_rate: config.transient_rate,
            malformed_rate: config.malformed_rate,
            ..Faults::default()
        };
        let shared = Arc::new(Shared {
            config: Mutex::new(config),
            state: Mutex::new(State {
                tokens: Tokens::new(limits.max_tokens),
                store,
                faults,
                limits: HashMap::new(),
                hold_tokens: false,
                log: RequestLog::new(limits.log_capacity),
                requests: 0,
                clock_offset_ms: 0,
            }),
        });
        let router = routes::router(shared.clone());
        // The server ends only when the handle is dropped (the task is aborted).
        let server = tokio::spawn(server::serve(listener, router, limits));
        Ok(MockGateway {
            shared,
            address,
            base_url: format!("http://{address}"),
            server,
        })
    }

    /// The base URL to give a client: `http://127.0.0.1:<port>`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// Credentials the mock accepts (with the current app_secret).
    pub fn credentials(&self) -> Credentials {
        let config = self.shared.config();
        Credentials::new(
            config.client_id.clone(),
            config.client_secret.clone(),
            config.app_key.clone(),
            config.app_secret.clone(),
            config.domain.clone(),
        )
    }

    /// A client of this mock, with the credentials it accepts.
    pub fn client(&self) -> Result<Client, Error> {
        Client::builder(self.credentials())
            .base_url(self.base_url())
            .build()
    }

    /// Makes every token issued so far expired: the next business call is answered 4011.
    pub fn expire_tokens(&self) {
        let now = self.shared.now_ms();
        self.shared.state().tokens.expire_all(now);
    }

    /// Replaces the app_secret, as Kingdee does every 24 hours: a token requested with the old
    /// one is refused (1030002006) until the new one is pulled. Returns the new secret.
    pub fn rotate_app_secret(&self) -> Secret {
        let secret = Secret::new(format!("mock-app-secret-{:016x}", fastrand::u64(..)));
        self.shared.config().app_secret = secret.clone();
        secret
    }

    /// While `true`, token requests are taken but never answered, and no token is issued:
    /// a client waiting for one can be killed as it holds the token lock.
    pub fn hold_token_requests(&self, hold: bool) {
        self.shared.state().hold_tokens = hold;
    }

    /// How many tokens the mock has issued since it started.
    pub fn tokens_issued(&self) -> usize {
        self.shared.state().tokens.issued() as usize
    }

    /// How many tokens the mock still knows (at most [`MockLimits::max_tokens`]): issued, and
    /// not yet forgotten for having expired or for being among the oldest.
    pub fn tokens_kept(&self) -> usize {
        self.shared.state().tokens.kept()
    }

    /// Sends the authorisation of `outer_instance_id` to `url` as Kingdee pushes it (a POST of
    /// `{bizType, timestamp, data: [{appKey, appSecret, outerInstanceId, ...}]}`); the HTTP
    /// status and body of the answer.
    pub async fn push_authorization(
        &self,
        url: &str,
        outer_instance_id: &str,
    ) -> Result<(u16, String), Error> {
        let body = fleet::push_body(&self.shared, outer_instance_id, self.shared.now_ms());
        fleet::send_push(url, body).await
    }

    /// Injects `fault` into the next `times` business calls.
    pub fn inject(&self, fault: Fault, times: usize) {
        self.shared.state().faults.schedule(fault, times);
    }

    /// Moves the mock's clock (for timestamp and token-expiry tests).
    pub fn shift_clock(&self, by_ms: i64) {
        self.shared.state().clock_offset_ms += by_ms;
    }

    /// The requests seen so far, in order: all of them, or the newest
    /// [`MockLimits::log_capacity`] ones.
    pub fn requests(&self) -> Vec<RequestRecord> {
        self.shared.state().log.records()
    }

    /// How many requests were dropped from the log to keep it within
    /// [`MockLimits::log_capacity`] (the oldest first).
    pub fn requests_dropped(&self) -> u64 {
        self.shared.state().log.dropped()
    }

    /// How many records a resource (`bd/customer`) holds.
    pub fn record_count(&self, resource: &str) -> usize {
        self.shared.state().store.len(resource)
    }

    /// The records a resource (`bd/customer`) holds, as JSON objects, in list order.
    pub fn records(&self, resource: &str) -> Vec<serde_json::Map<String, serde_json::Value>> {
        self.shared.state().store.records(resource)
    }
}

impl Drop for MockGateway {
    fn drop(&mut self) {
        self.server.abort();
    }
}

impl std::fmt::Debug for MockGateway {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MockGateway")
            .field("base_url", &self.base_url)
            .finish_non_exhaustive()
    }
}
