//! The client: configuration, the shared connection pool and the token cache.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use serde::de::DeserializeOwned;

use crate::token::TokenCache;
use crate::{decode, service, transport, Call, Credentials, Error};

/// A client of the jdy API for one account set.
///
/// Cheap to clone: clones share the connection pool and the app-token, so one token serves
/// every task. The endpoints are grouped by API module: `client.bd().customer_list(..)`.
///
#[cfg_attr(
    feature = "bd",
    doc = r#"
```no_run
# async fn run() -> Result<(), jdy::Error> {
let client = jdy::Client::new(jdy::Credentials::from_env()?)?;
let page = client.bd().customer_list(&Default::default()).await?;
for row in &page.rows {
    println!("{:?} {:?}", row.number, row.name);
}
# Ok(())
# }
```
"#
)]
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    base_url: String,
    credentials: Credentials,
    token: TokenCache,
    token_lifetime: Duration,
    decrypt_sensitive: bool,
}

impl Client {
    /// A client with the default settings: the official base URL, 30 s per call.
    pub fn new(credentials: Credentials) -> Result<Client, Error> {
        Client::builder(credentials).build()
    }

    pub fn builder(credentials: Credentials) -> ClientBuilder {
        ClientBuilder {
            credentials,
            base_url: service::BASE_URL.to_string(),
            timeout: Duration::from_secs(service::limits::TIMEOUT_SECONDS),
            connect_timeout: Duration::from_secs(10),
            decrypt_sensitive: false,
        }
    }

    /// The base URL calls go to.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    pub fn credentials(&self) -> &Credentials {
        &self.inner.credentials
    }

    /// Sends a call to a business endpoint and decodes the `data` of a successful answer as
    /// `T`. The generated endpoint methods use this; it is public so that an endpoint the spec
    /// does not describe yet can still be called, signed the same way.
    pub async fn send<T: DeserializeOwned>(&self, call: Call) -> Result<T, Error> {
        // A call that can never be sent is refused before a token is fetched for it.
        let prepared = transport::prepare(&self.inner.base_url, &call)?;
        let token = self.app_token().await?;
        let answer = transport::exchange(self.transport(), &prepared, Some(&token)).await?;
        let key = self
            .inner
            .decrypt_sensitive
            .then_some(&self.inner.credentials.client_secret);
        crate::sensitive::decrypting(key, || decode::data(&call, answer))
    }

    /// The app-token, from the cache or freshly fetched (one fetch for all concurrent calls).
    async fn app_token(&self) -> Result<crate::Secret, Error> {
        self.inner
            .token
            .get(self.inner.token_lifetime, || {
                crate::auth::fetch_token(self.transport(), &self.inner.credentials)
            })
            .await
    }

    fn transport(&self) -> transport::Target<'_> {
        transport::Target {
            http: &self.inner.http,
            base_url: &self.inner.base_url,
            credentials: &self.inner.credentials,
        }
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("credentials", &self.inner.credentials)
            .finish_non_exhaustive()
    }
}

/// Settings of a [`Client`].
#[derive(Debug, Clone)]
pub struct ClientBuilder {
    credentials: Credentials,
    base_url: String,
    timeout: Duration,
    connect_timeout: Duration,
    decrypt_sensitive: bool,
}

impl ClientBuilder {
    /// Where calls go (default `https://api.kingdee.com`): set it to a mock gateway in tests.
    /// The account set's data centre is not a base URL: it is the credentials' `domain`.
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = base_url.into().trim_end_matches('/').to_string();
        self
    }

    /// The longest a whole call may take (default 30 s, the server's own maximum).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The longest establishing a connection may take (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
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
        self.credentials.check()?;
        if self.decrypt_sensitive {
            crate::sensitive::check_key(&self.credentials.client_secret)
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
        install_tls_provider();
        let http = reqwest::Client::builder()
            .timeout(self.timeout)
            .connect_timeout(self.connect_timeout)
            .user_agent(concat!("jdy-rust/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| Error::Config(format!("HTTP client: {e}")))?;
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url: self.base_url,
                credentials: self.credentials,
                token: TokenCache::default(),
                token_lifetime: Duration::from_secs(service::TOKEN_LIFETIME_SECONDS),
                decrypt_sensitive: self.decrypt_sensitive,
            }),
        })
    }
}

/// reqwest is built with rustls but without a built-in crypto provider, so that the crate
/// compiles `ring` instead of the much slower-to-build `aws-lc-rs`. Installing it is
/// idempotent, and a provider the application installed first is kept.
fn install_tls_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}
