//! Settings of an application, checked when it is built.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::OnceCell;

use super::{App, AppShared};
use crate::signing::clock::SkewedClock;
use crate::store::{keys, MemoryStore, Store};
use crate::transport::retry::RetryPolicy;
use crate::{service, Error, RateLimit, Secret};

/// How many HTTP connection pools this process has built: one per [`App`] (and one per
/// [`Client::with_connect_timeout`](crate::Client::with_connect_timeout)).
static POOLS_BUILT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// The number of HTTP connection pools built in this process so far, for a benchmark or a
/// health page: it should stay at the number of applications.
pub fn http_pools_built() -> usize {
    POOLS_BUILT.load(std::sync::atomic::Ordering::Relaxed)
}

/// Settings of an [`App`].
#[derive(Clone)]
pub struct AppBuilder {
    client_id: String,
    client_secret: Secret,
    base_url: String,
    timeout: Duration,
    connect_timeout: Duration,
    retry: RetryPolicy,
    rate_limit: Option<RateLimit>,
    decrypt_sensitive: bool,
    store: Option<Arc<dyn Store>>,
    token_lock_expiry: Duration,
}

impl AppBuilder {
    pub(crate) fn new(client_id: String, client_secret: Secret) -> Self {
        AppBuilder {
            client_id,
            client_secret,
            base_url: service::BASE_URL.to_string(),
            timeout: Duration::from_secs(service::limits::TIMEOUT_SECONDS),
            connect_timeout: Duration::from_secs(10),
            retry: RetryPolicy::default(),
            rate_limit: Some(RateLimit::default()),
            decrypt_sensitive: false,
            store: None,
            token_lock_expiry: Duration::from_secs(20),
        }
    }

    /// Where calls go (default `https://api.kingdee.com`): set it to a mock gateway in tests.
    /// The account set's data centre is not a base URL: it is the credentials' `domain`.
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = base_url.into().trim_end_matches('/').to_string();
        self
    }

    /// The longest one attempt of a call may take, answer included (default 30 s, the
    /// server's own maximum).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The longest establishing a connection may take (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// How failed calls are retried (default [`RetryPolicy::default`]: GET calls only).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// The limit on business calls of each account set (default 500 per minute, the
    /// documented limit). It is kept in the store: with a shared store, every process
    /// serving an account set counts against the same budget.
    pub fn rate_limit(mut self, limit: RateLimit) -> Self {
        self.rate_limit = Some(limit);
        self
    }

    /// No client-side limit: for calls limited elsewhere.
    pub fn no_rate_limit(mut self) -> Self {
        self.rate_limit = None;
        self
    }

    /// Whether the fields marked 敏感数据解密 arrive decrypted (see
    /// [`ClientBuilder::decrypt_sensitive`](crate::ClientBuilder::decrypt_sensitive)).
    pub fn decrypt_sensitive(mut self, decrypt: bool) -> Self {
        self.decrypt_sensitive = decrypt;
        self
    }

    /// Where tokens, authorisations, rate budgets, the clock offset and sync checkpoints are
    /// kept (default: a [`MemoryStore`] of this application).
    pub fn store(mut self, store: impl Store) -> Self {
        self.store = Some(Arc::new(store));
        self
    }

    /// [`store`](Self::store), for a store already shared.
    pub fn shared_store(mut self, store: Arc<dyn Store>) -> Self {
        self.store = Some(store);
        self
    }

    /// How long the lock taken to fetch an account set's token lasts (default 20 s): the
    /// longest other processes wait for a holder that crashed. Keep it above the time a
    /// token fetch takes.
    pub fn token_lock_expiry(mut self, expiry: Duration) -> Self {
        self.token_lock_expiry = expiry.max(Duration::from_millis(10));
        self
    }

    pub fn build(self) -> Result<App, Error> {
        crate::auth::credentials::refuse_empty(&[
            ("client_id", self.client_id.is_empty()),
            ("client_secret", self.client_secret.is_empty()),
        ])?;
        if self.decrypt_sensitive {
            crate::sensitive::check_key(&self.client_secret)
                .map_err(|e| Error::Config(format!("decrypt_sensitive: {e}")))?;
        }
        let url = reqwest::Url::parse(&self.base_url)
            .map_err(|e| Error::Config(format!("base URL `{}`: {e}", self.base_url)))?;
        if !matches!(url.scheme(), "http" | "https") || url.query().is_some() {
            return Err(Error::Config(format!(
                "base URL `{}` must be an http(s) URL without a query",
                self.base_url
            )));
        }
        let store = self
            .store
            .unwrap_or_else(|| Arc::new(MemoryStore::new()) as Arc<dyn Store>);
        Ok(App {
            shared: Arc::new(AppShared {
                prefix: keys::prefix(&self.client_id),
                client_id: self.client_id,
                client_secret: self.client_secret,
                base_url: self.base_url,
                http: http_client(self.connect_timeout)?,
                clock: SkewedClock::default(),
                clock_loaded: OnceCell::new(),
                store,
                token_lifetime: Duration::from_secs(service::TOKEN_LIFETIME_SECONDS),
                token_lock_expiry: self.token_lock_expiry,
                timeout: self.timeout,
                connect_timeout: self.connect_timeout,
                retry: self.retry,
                rate_limit: self.rate_limit,
                decrypt_sensitive: self.decrypt_sensitive,
            }),
        })
    }
}

impl std::fmt::Debug for AppBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppBuilder")
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret)
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
            .field("rate_limit", &self.rate_limit)
            .field("store", &self.store.as_ref().map(|s| s.kind()))
            .finish_non_exhaustive()
    }
}

/// The HTTP client: a connection pool with its connect timeout. The whole-call timeout is set
/// per request, so that handles with another timeout can share the pool.
pub(crate) fn http_client(connect_timeout: Duration) -> Result<reqwest::Client, Error> {
    install_tls_provider();
    let client = reqwest::Client::builder()
        .connect_timeout(connect_timeout)
        .user_agent(concat!("jdy-rust/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| Error::Config(format!("HTTP client: {e}")))?;
    POOLS_BUILT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    Ok(client)
}

/// reqwest is built with rustls but without a built-in crypto provider, so that the crate
/// compiles `ring` instead of the much slower-to-build `aws-lc-rs`. Installing it is
/// idempotent, and a provider the application installed first is kept.
fn install_tls_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}
