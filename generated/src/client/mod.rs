//! The client: what every clone shares (connections, token, rate limiter, clock correction,
//! credentials), and the loop that carries one call through to a typed answer.

mod builder;
pub(crate) mod pending;

use std::fmt;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use crate::auth::token_cache::StoredToken;
use crate::fleet::app::AppShared;
use crate::signing::clock::local_ms;
use crate::store::keys::{self, Keys};

use serde::de::DeserializeOwned;
use tracing::Instrument;

use crate::auth::authorization::{self, APP_SECRET_REFUSED};
use crate::auth::token_cache::TokenCache;
use crate::auth::token_request as auth;
use crate::errors::decode;
use crate::transport::rate_limit::{self, RateLimit};
use crate::transport::retry::RetryPolicy;
use crate::transport::trace;
use crate::transport::{self, Answer, Prepared};
use crate::{Answered, Call, CredentialSource, Credentials, Error, Method, Secret};

pub use builder::ClientBuilder;

/// Codes that say the app-token was refused: the gateway's 4010 (invalid) and 4011 (expired),
/// and 1000202001 ("JWT token has expired") from the service behind it.
const TOKEN_REFUSED: [i64; 3] = [4010, 4011, 1000202001];

/// How many times one call may replace a refused token. Once is the rule; the second covers a
/// token that expired again between its fetch and the replay (tokens are expired in bulk, and
/// a long call may straddle two expiries). A third refusal means the tokens are not the
/// problem.
const TOKEN_REPLACEMENTS: u32 = 2;

/// Reads the `data` of a successful answer into the caller's slot (see `send_with_meta`).
type ReadData<'a> = dyn FnMut(&Call, Answer) -> Result<(), Error> + Send + 'a;

/// A client of the jdy API for one account set.
///
/// Cheap to clone: clones share the connection pool, the app-token, the rate limiter and the
/// clock correction, so one token and one budget of calls per minute serve every task. The
/// endpoints are grouped by API module: `client.bd().customer_list(..)`.
///
/// Each call waits for its turn under the [rate limit](RateLimit), is signed with a fresh
/// nonce and timestamp, and is retried as its [`RetryPolicy`] allows. A refused token is
/// replaced and the call replayed (twice at most); a refused timestamp corrects the clock and the call is
/// replayed once. [`Client::with_timeout`] and [`Client::with_retry`] give a handle with
/// other settings for some calls, sharing everything else.
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
    app: Arc<AppShared>,
    inner: Arc<Inner>,
    options: CallOptions,
}

/// What a handle may set for its own calls.
#[derive(Clone)]
struct CallOptions {
    http: reqwest::Client,
    timeout: Duration,
    connect_timeout: Duration,
    retry: RetryPolicy,
}

/// What is the account set's own: its credentials, token and the names of its keys in the
/// store. A few hundred bytes; no task, no connection.
struct Inner {
    source: CredentialSource,
    /// The account set's credentials: given, or pulled (and `None` until the first pull).
    credentials: RwLock<Option<Arc<Credentials>>>,
    token: TokenCache,
    limit: Option<RateLimit>,
    keys: Keys,
}

/// How one attempt ended.
struct Attempt {
    result: Result<Answered<()>, Error>,
    /// The token it was sent with, if it got that far.
    token: Option<StoredToken>,
    /// Whether the business request went out: before that, any call is safe to try again.
    sent: bool,
}

impl Attempt {
    fn failed(error: Error) -> Attempt {
        Attempt {
            result: Err(error),
            token: None,
            sent: false,
        }
    }
}

impl Client {
    /// A client with the default settings: the official base URL, 30 s per call, 500 calls
    /// per minute, the default [`RetryPolicy`].
    pub fn new(credentials: impl Into<CredentialSource>) -> Result<Client, Error> {
        Client::builder(credentials).build()
    }

    /// A client from fixed [`Credentials`] or from a
    /// [`PullAuthorization`](crate::PullAuthorization).
    pub fn builder(credentials: impl Into<CredentialSource>) -> ClientBuilder {
        ClientBuilder::new(credentials.into())
    }

    /// A client of `app` for the account set of `source`.
    pub(crate) fn of_app(app: Arc<AppShared>, source: CredentialSource) -> Client {
        let (credentials, account) = match &source {
            CredentialSource::Static(credentials) => (
                Some(Arc::new(credentials.clone())),
                credentials.app_key.clone(),
            ),
            CredentialSource::Pull(pull) => (None, format!("oi:{}", pull.outer_instance_id)),
        };
        let inner = Inner {
            keys: Keys::new(&app.prefix, &account),
            limit: app.rate_limit,
            credentials: RwLock::new(credentials),
            token: TokenCache::default(),
            source,
        };
        Client {
            options: CallOptions {
                http: app.http.clone(),
                timeout: app.timeout,
                connect_timeout: app.connect_timeout,
                retry: app.retry,
            },
            app,
            inner: Arc::new(inner),
        }
    }

    /// The application this client's account set belongs to: to take clients of other
    /// account sets that share its connection pool and store.
    pub fn app(&self) -> crate::App {
        crate::App {
            shared: self.app.clone(),
        }
    }

    /// The store that keeps this account set's token, authorisation and rate budget.
    pub fn store(&self) -> &Arc<dyn crate::store::Store> {
        &self.app.store
    }

    /// The key of a sync checkpoint of this account set.
    pub(crate) fn checkpoint_key(&self, name: &str) -> String {
        let token_key: &str = &self.inner.keys.token;
        let account = token_key
            .strip_prefix(self.app.prefix.as_str())
            .and_then(|k| k.strip_prefix("token:"))
            .unwrap_or(token_key);
        keys::checkpoint(&self.app.prefix, &format!("{account}:{name}"))
    }

    /// The time by the gateway's clock, as far as this application knows it.
    pub(crate) fn gateway_now_ms(&self) -> u64 {
        self.app.clock.now_ms()
    }

    /// The base URL calls go to.
    pub fn base_url(&self) -> &str {
        &self.app.base_url
    }

    /// The account set's credentials in use: the ones given, or the last ones pulled (`None`
    /// before the first pull).
    pub fn credentials(&self) -> Option<Credentials> {
        self.stored_credentials().map(|c| (*c).clone())
    }

    /// The rate limit the client keeps to, if any.
    pub fn rate_limit(&self) -> Option<RateLimit> {
        self.inner.limit
    }

    /// How far the gateway's clock is from this host's, in milliseconds, as learnt from a
    /// refused timestamp (0 until then).
    pub fn clock_offset_ms(&self) -> i64 {
        self.app.clock.offset_ms()
    }

    /// A handle whose calls may each take up to `timeout` (per attempt), sharing everything
    /// else with this one.
    pub fn with_timeout(&self, timeout: Duration) -> Client {
        let mut client = self.clone();
        client.options.timeout = timeout;
        client
    }

    /// A handle whose calls are retried by `policy`, sharing everything else with this one:
    /// for example `RetryPolicy::default().retry_non_idempotent(true)` for saves that are safe
    /// to repeat.
    pub fn with_retry(&self, policy: RetryPolicy) -> Client {
        let mut client = self.clone();
        client.options.retry = policy;
        client
    }

    /// A handle whose connections are established within `timeout`. It has its own
    /// connection pool (the connect timeout belongs to the pool); the token, rate limit and
    /// clock correction are still shared.
    pub fn with_connect_timeout(&self, timeout: Duration) -> Result<Client, Error> {
        let mut client = self.clone();
        client.options.http = crate::fleet::app::http_client(timeout)?;
        client.options.connect_timeout = timeout;
        Ok(client)
    }

    /// Decrypts a [`Sensitive`](crate::Sensitive) field with this client's `client_secret`
    /// (see [`Sensitive::decrypt`](crate::Sensitive::decrypt)). A value already decrypted is
    /// returned as it is.
    pub fn decrypt(
        &self,
        value: &crate::Sensitive,
    ) -> Result<crate::Sensitive, crate::DecryptError> {
        value.decrypt(self.client_secret())
    }

    /// Sends a call to a business endpoint and decodes the `data` of a successful answer as
    /// `T`. The generated endpoint methods use this; it is public so that an endpoint the spec
    /// does not describe yet can still be called, signed, limited and retried the same way.
    ///
    /// A [`Call`] is the method, the path under the base URL, the query (in the order it is
    /// signed: [`Query`](crate::wire::Query) keeps the order of its `push`es, and the
    /// signature sorts it as the gateway does) and a JSON or multipart body. The call goes
    /// through everything a generated method goes through: the app-token (fetched or
    /// refreshed), the `X-GW-Router-Addr` of the account set, the rate limit, the signature,
    /// the retry policy (a POST is sent once unless the policy says otherwise) and the reading
    /// of the envelope into `data` or an [`Error`]. `T` may be
    /// [`serde_json::Value`] to read an answer whose shape is not known yet.
    ///
    /// ```no_run
    /// # async fn run(client: &jdy::Client) -> Result<(), jdy::Error> {
    /// use jdy::wire::Query;
    /// use jdy::{Call, Method};
    ///
    /// let mut query = Query::new();
    /// query.push("page", &1);
    /// query.push("search", "苹果");
    /// let call = Call::new(Method::Get, "/jdy/v2/bd/customer").query(query);
    /// let data: serde_json::Value = client.send(call).await?;
    /// println!("{} customers", data["count"]);
    ///
    /// // A POST with a JSON body.
    /// let body = serde_json::json!({ "ids": ["1234"] });
    /// let call = Call::new(Method::Post, "/jdy/v2/bd/customer_delete").json(&body);
    /// let deleted: serde_json::Value = client.send(call).await?;
    /// # Ok(())
    /// # }
    /// ```
    pub async fn send<T: DeserializeOwned + Send>(&self, call: Call) -> Result<T, Error> {
        self.send_with_meta(call)
            .await
            .map(|answered| answered.data)
    }

    /// [`send`](Self::send), with the request id and HTTP status of the answer beside its
    /// data: for a support ticket or a log line about a call that succeeded.
    pub async fn send_with_meta<T: DeserializeOwned + Send>(
        &self,
        call: Call,
    ) -> Result<Answered<T>, Error> {
        let mut data = None;
        let mut read = |call: &Call, answer: Answer| {
            data = Some(decode::data::<T>(call, answer)?);
            Ok(())
        };
        let span = trace::call_span(&call);
        let answered = self
            .send_with_retries(&call, &mut read)
            .instrument(span)
            .await?;
        match data {
            Some(data) => Ok(Answered {
                data,
                request_id: answered.request_id,
                status: answered.status,
            }),
            // `read` ran on the answer that succeeded.
            None => Err(Error::Config(
                "an answer was accepted without its data".into(),
            )),
        }
    }

    /// The loop of attempts. Not generic: `read` decodes the data into the caller's slot, so
    /// the retries, the token and the exchange are compiled once, not once per answer type.
    async fn send_with_retries(
        &self,
        call: &Call,
        read: &mut ReadData<'_>,
    ) -> Result<Answered<()>, Error> {
        let started = Instant::now();
        // A call that can never be sent is refused before a token is fetched for it.
        let prepared = transport::prepare(&self.app.base_url, call)?;
        let mut tokens_replaced = 0;
        let mut attempt = 0;
        let result = loop {
            attempt += 1;
            let outcome = self.attempt(call, &prepared, read).await;
            trace::attempt_finished(attempt, &outcome.result);
            let error = match outcome.result {
                Ok(value) => break Ok(value),
                Err(error) => error,
            };
            let refused_token = outcome
                .token
                .filter(|_| error.errcode().is_some_and(|c| TOKEN_REFUSED.contains(&c)));
            if let Some(stale) = refused_token.filter(|_| tokens_replaced < TOKEN_REPLACEMENTS) {
                tokens_replaced += 1;
                tracing::debug!(
                    errcode = error.errcode(),
                    "the app-token was refused: fetching a new one and sending again"
                );
                self.forget_token(&stale).await;
                continue;
            }
            // Nothing reached the business endpoint yet: as safe to repeat as a GET.
            let method = if outcome.sent {
                call.method
            } else {
                Method::Get
            };
            let policy = self.options.retry;
            match policy.next_wait(method, &error, attempt, started.elapsed()) {
                Some(wait) => {
                    tracing::debug!(
                        attempt,
                        wait_ms = wait.as_millis() as u64,
                        error = %error,
                        "retrying"
                    );
                    tokio::time::sleep(wait).await;
                }
                None => break Err(error),
            }
        };
        trace::call_finished(started.elapsed());
        result
    }

    /// One attempt: a token, a place under the rate limit, the exchange, the decoding.
    async fn attempt(
        &self,
        call: &Call,
        prepared: &Prepared<'_>,
        read: &mut ReadData<'_>,
    ) -> Attempt {
        let token = match self.app_token().await {
            Ok(token) => token,
            Err(error) => return Attempt::failed(error),
        };
        let Some(credentials) = self.stored_credentials() else {
            // A token is only ever fetched with credentials, so they are there.
            return Attempt::failed(Error::Config("no account-set credentials".into()));
        };
        if let Some(limit) = self.inner.limit {
            match rate_limit::acquire(&*self.app.store, &self.inner.keys.rate, limit).await {
                Ok(waited) if !waited.is_zero() => {
                    tracing::debug!(waited_ms = waited.as_millis() as u64, "rate limit")
                }
                Ok(_) => {}
                Err(error) => return Attempt::failed(error.into()),
            }
        }
        let target = self.target(&credentials);
        let signed_with = self.app.clock.offset_ms();
        let exchanged = transport::exchange(target, prepared, Some(&token.token)).await;
        self.app.remember_clock(signed_with).await;
        let result = match exchanged {
            Ok(answer) => {
                trace::answered_with(answer.request_id.as_deref());
                let key = self.app.decrypt_sensitive.then(|| self.client_secret());
                let (request_id, status) = (answer.request_id.clone(), answer.status);
                crate::sensitive::decrypting(key, || read(call, answer)).map(|()| Answered {
                    data: (),
                    request_id,
                    status,
                })
            }
            Err(error) => Err(error),
        };
        Attempt {
            result,
            token: Some(token),
            sent: true,
        }
    }

    /// The app-token: from this process's cache, from the store (another process may have
    /// fetched it), or fetched under the store's lock, so that one fetch serves every task of
    /// every process that shares the store.
    async fn app_token(&self) -> Result<StoredToken, Error> {
        self.app.load_clock().await;
        self.inner
            .token
            .get(local_ms(), || self.shared_token())
            .await
    }

    async fn shared_token(&self) -> Result<StoredToken, Error> {
        let store = &*self.app.store;
        let keys = &self.inner.keys;
        let holder = format!("{:016x}", fastrand::u64(..));
        let expiry = self.app.token_lock_expiry;
        // A holder that crashed keeps the others out for one expiry; give up after a few.
        let give_up = Instant::now() + expiry * 3 + self.options.timeout;
        let mut waiting = false;
        loop {
            if let Some(found) = self.stored_token().await? {
                return Ok(found);
            }
            if store
                .put_if_absent(&keys.token_lock, &holder, expiry)
                .await?
            {
                // Another holder may have stored one between the look and the lock.
                let result = match self.stored_token().await {
                    Ok(Some(found)) => Ok(found),
                    Ok(None) => self.fetch_and_keep_token().await,
                    Err(error) => Err(error),
                };
                if let Err(error) = store.delete_if(&keys.token_lock, &holder).await {
                    tracing::warn!(%error, "the token lock could not be released; it expires by itself");
                }
                return result;
            }
            if !waiting {
                tracing::debug!("another holder is fetching the app-token: waiting for it");
                waiting = true;
            }
            if Instant::now() > give_up {
                return Err(Error::Store(crate::store::StoreError::new(
                    "token lock",
                    "the app-token lock stayed taken and no token arrived",
                )));
            }
            tokio::time::sleep(Duration::from_millis(25 + fastrand::u64(..50))).await;
        }
    }

    async fn stored_token(&self) -> Result<Option<StoredToken>, Error> {
        let text = self.app.store.get(&self.inner.keys.token).await?;
        Ok(text
            .and_then(|text| StoredToken::from_store(&text))
            .filter(|token| token.usable_at(local_ms())))
    }

    async fn fetch_and_keep_token(&self) -> Result<StoredToken, Error> {
        let token = self.fetch_token().await?;
        let lifetime = self.app.token_lifetime;
        let stored = StoredToken {
            token,
            expires_ms: local_ms().saturating_add(lifetime.as_millis() as u64),
        };
        self.app
            .store
            .put(&self.inner.keys.token, &stored.to_store(), Some(lifetime))
            .await?;
        Ok(stored)
    }

    /// Forgets a token the gateway refused, here and in the store, unless it was replaced.
    async fn forget_token(&self, stale: &StoredToken) {
        self.inner.token.invalidate(&stale.token).await;
        let store = &self.app.store;
        if let Err(error) = store
            .delete_if(&self.inner.keys.token, &stale.to_store())
            .await
        {
            tracing::warn!(%error, "the refused app-token could not be removed from the store");
        }
    }

    /// Fetches a token, finding the credentials first if they come from a pull, and pulling
    /// again if the token endpoint refuses a pulled app_secret. Runs under the token lock, so
    /// pulls are never concurrent either.
    async fn fetch_token(&self) -> Result<Secret, Error> {
        let credentials = match self.stored_credentials() {
            Some(credentials) => credentials,
            None => self.find_credentials().await?,
        };
        let signed_with = self.app.clock.offset_ms();
        let result = auth::fetch_token(self.target(&credentials), &credentials).await;
        self.app.remember_clock(signed_with).await;
        match result {
            Err(error)
                if error.errcode() == Some(APP_SECRET_REFUSED)
                    && matches!(self.inner.source, CredentialSource::Pull(_)) =>
            {
                tracing::debug!("the app_secret was refused: pulling the authorisation again");
                let credentials = self.pull_credentials().await?;
                auth::fetch_token(self.target(&credentials), &credentials).await
            }
            result => {
                if result.is_ok() {
                    tracing::debug!("app-token fetched");
                }
                result
            }
        }
    }

    /// The pulled credentials kept in the store (by a confirmed push or another process), or
    /// pulled now.
    async fn find_credentials(&self) -> Result<Arc<Credentials>, Error> {
        let CredentialSource::Pull(source) = &self.inner.source else {
            return Err(Error::Config("no account-set credentials".into()));
        };
        let key = keys::authorization(&self.app.prefix, source.outer_instance_id());
        let kept = self.app.store.get(&key).await?.and_then(|text| {
            authorization::from_store(&text, &source.client_id, &source.client_secret)
        });
        match kept {
            Some(credentials) => Ok(self.keep_credentials(credentials)),
            None => self.pull_credentials().await,
        }
    }

    async fn pull_credentials(&self) -> Result<Arc<Credentials>, Error> {
        let CredentialSource::Pull(source) = &self.inner.source else {
            return Err(Error::Config("no account-set credentials".into()));
        };
        let pulled = self.app.pull_and_keep(source).await?;
        Ok(self.keep_credentials(pulled))
    }

    fn keep_credentials(&self, credentials: Credentials) -> Arc<Credentials> {
        let credentials = Arc::new(credentials);
        *self
            .inner
            .credentials
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(credentials.clone());
        credentials
    }

    /// The application's client_secret, the key of the encrypted fields.
    pub(crate) fn client_secret(&self) -> &Secret {
        self.inner.source.client_secret()
    }

    fn stored_credentials(&self) -> Option<Arc<Credentials>> {
        self.inner
            .credentials
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    fn target<'a>(&'a self, credentials: &'a Credentials) -> transport::Target<'a> {
        transport::Target {
            http: &self.options.http,
            base_url: &self.app.base_url,
            credentials,
            clock: &self.app.clock,
            timeout: self.options.timeout,
        }
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.app.base_url)
            .field("source", &self.inner.source)
            .field("timeout", &self.options.timeout)
            .field("connect_timeout", &self.options.connect_timeout)
            .field("retry", &self.options.retry)
            .field("rate_limit", &self.rate_limit())
            .field("store", &self.app.store.kind())
            .finish_non_exhaustive()
    }
}
