//! Settings of a client of one account set, checked when it is built.

use std::time::Duration;

use super::Client;
use crate::fleet::app::AppBuilder;
use crate::transport::retry::RetryPolicy;
use crate::{CredentialSource, Error, RateLimit};

/// Settings of a [`Client`] of one account set, with an application of its own. To serve
/// many account sets, build one [`App`](crate::App) and take a client per account set from it.
#[derive(Debug, Clone)]
pub struct ClientBuilder {
    source: CredentialSource,
    app: AppBuilder,
}

impl ClientBuilder {
    pub(super) fn new(source: CredentialSource) -> Self {
        let app = AppBuilder::new(
            source.client_id().to_owned(),
            source.client_secret().clone(),
        );
        ClientBuilder { source, app }
    }

    /// Where calls go (default `https://api.kingdee.com`): set it to a mock gateway in tests.
    /// The account set's data centre is not a base URL: it is the credentials' `domain`.
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.app = self.app.base_url(base_url);
        self
    }

    /// The longest one attempt of a call may take, answer included (default 30 s, the
    /// server's own maximum). See [`Client::with_timeout`] for some calls only.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.app = self.app.timeout(timeout);
        self
    }

    /// The longest establishing a connection may take (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.app = self.app.connect_timeout(timeout);
        self
    }

    /// How failed calls are retried (default [`RetryPolicy::default`]: GET calls only).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.app = self.app.retry(policy);
        self
    }

    /// The client-side limit on business calls (default 500 per minute, the documented limit
    /// of an account set). Every clone of the client shares it.
    pub fn rate_limit(mut self, limit: RateLimit) -> Self {
        self.app = self.app.rate_limit(limit);
        self
    }

    /// No client-side limit: for a client whose calls are limited elsewhere.
    pub fn no_rate_limit(mut self) -> Self {
        self.app = self.app.no_rate_limit();
        self
    }

    /// Whether the fields the documentation marks 敏感数据解密 ([`Sensitive`](crate::Sensitive))
    /// arrive decrypted with the `client_secret` (default `false`: they arrive as sent, and
    /// [`Client::decrypt`] decrypts one on demand). A value that does not decrypt (an account
    /// set may send a field in clear) is kept as received rather than failing the call. With
    /// `true`, `build` refuses a `client_secret` that is not 32 bytes long, the length of the
    /// AES-256 key it must be.
    pub fn decrypt_sensitive(mut self, decrypt: bool) -> Self {
        self.app = self.app.decrypt_sensitive(decrypt);
        self
    }

    /// Where the token, the authorisation and the rate budget are kept (default: in memory).
    /// See [`AppBuilder::store`].
    pub fn store(mut self, store: impl crate::store::Store) -> Self {
        self.app = self.app.store(store);
        self
    }

    pub fn build(self) -> Result<Client, Error> {
        self.source.check()?;
        self.app.build()?.client(self.source)
    }
}
