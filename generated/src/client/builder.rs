//! Settings of a client, checked when it is built.

use std::sync::{Arc, RwLock};
use std::time::Duration;

use super::{CallOptions, Client, Inner};
use crate::clock::SkewedClock;
use crate::rate_limit::{Limiter, RateLimit};
use crate::retry::RetryPolicy;
use crate::token::TokenCache;
use crate::{service, CredentialSource, Error};

/// Settings of a [`Client`].
#[derive(Debug, Clone)]
pub struct ClientBuilder {
    source: CredentialSource,
    base_url: String,
    timeout: Duration,
    connect_timeout: Duration,
    retry: RetryPolicy,
    rate_limit: Option<RateLimit>,
    decrypt_sensitive: bool,
}

impl ClientBuilder {
    pub(super) fn new(source: CredentialSource) -> Self {
        ClientBuilder {
            source,
            base_url: service::BASE_URL.to_string(),
            timeout: Duration::from_secs(service::limits::TIMEOUT_SECONDS),
            connect_timeout: Duration::from_secs(10),
            retry: RetryPolicy::default(),
            rate_limit: Some(RateLimit::default()),
            decrypt_sensitive: false,
        }
    }

    /// Where calls go (default `https://api.kingdee.com`): set it to a mock gateway in tests.
    /// The account set's data centre is not a base URL: it is the credentials' `domain`.
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = base_url.into().trim_end_matches('/').to_string();
        self
    }

    /// The longest one attempt of a call may take, answer included (default 30 s, the
    /// server's own maximum). See [`Client::with_timeout`] for some calls only.
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

    /// The client-side limit on business calls (default 500 per minute, the documented limit
    /// of an account set). Every clone of the client shares it.
    pub fn rate_limit(mut self, limit: RateLimit) -> Self {
        self.rate_limit = Some(limit);
        self
    }

    /// No client-side limit: for a client whose calls are limited elsewhere.
    pub fn no_rate_limit(mut self) -> Self {
        self.rate_limit = None;
        self
    }

    /// Whether the fields the documentation marks 敏感数据解密 ([`Sensitive`](crate::Sensitive))
    /// arrive decrypted with the `client_secret` (default `false`: they arrive as sent, and
    /// [`Client::decrypt`] decrypts one on demand). A value that does not decrypt (an account
    /// set may send a field in clear) is kept as received rather than failing the call. With
    /// `true`, `build` refuses a `client_secret` that is not 32 bytes long, the length of the
    /// AES-256 key it must be.
    pub fn decrypt_sensitive(mut self, decrypt: bool) -> Self {
        self.decrypt_sensitive = decrypt;
        self
    }

    pub fn build(self) -> Result<Client, Error> {
        self.source.check()?;
        if self.decrypt_sensitive {
            crate::sensitive::check_key(self.source.client_secret())
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
        let credentials = match &self.source {
            CredentialSource::Static(credentials) => Some(Arc::new(credentials.clone())),
            CredentialSource::Pull(_) => None,
        };
        Ok(Client {
            options: CallOptions {
                http: http_client(self.connect_timeout)?,
                timeout: self.timeout,
                connect_timeout: self.connect_timeout,
                retry: self.retry,
            },
            inner: Arc::new(Inner {
                base_url: self.base_url,
                source: self.source,
                credentials: RwLock::new(credentials),
                token: TokenCache::default(),
                token_lifetime: Duration::from_secs(service::TOKEN_LIFETIME_SECONDS),
                limiter: self.rate_limit.map(Limiter::new),
                clock: SkewedClock::default(),
                decrypt_sensitive: self.decrypt_sensitive,
            }),
        })
    }
}

/// The HTTP client: a connection pool with its connect timeout. The whole-call timeout is set
/// per request, so that handles with another timeout can share the pool.
pub(super) fn http_client(connect_timeout: Duration) -> Result<reqwest::Client, Error> {
    install_tls_provider();
    reqwest::Client::builder()
        .connect_timeout(connect_timeout)
        .user_agent(concat!("jdy-rust/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| Error::Config(format!("HTTP client: {e}")))
}

/// reqwest is built with rustls but without a built-in crypto provider, so that the crate
/// compiles `ring` instead of the much slower-to-build `aws-lc-rs`. Installing it is
/// idempotent, and a provider the application installed first is kept.
fn install_tls_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}
