//! The client: what every clone shares (connections, token, rate limiter, clock correction,
//! credentials), and the loop that carries one call through to a typed answer.

mod builder;

use std::fmt;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use serde::de::DeserializeOwned;
use tracing::Instrument;

use crate::authorization::{self, APP_SECRET_REFUSED};
use crate::clock::SkewedClock;
use crate::rate_limit::{Limiter, RateLimit};
use crate::retry::RetryPolicy;
use crate::token::TokenCache;
use crate::transport::{self, Answer, Prepared};
use crate::{
    auth, decode, trace, Answered, Call, CredentialSource, Credentials, Error, Method, Secret,
};

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

struct Inner {
    base_url: String,
    source: CredentialSource,
    /// The account set's credentials: given, or pulled (and `None` until the first pull).
    credentials: RwLock<Option<Arc<Credentials>>>,
    token: TokenCache,
    token_lifetime: Duration,
    limiter: Option<Limiter>,
    clock: SkewedClock,
    /// Whether `Sensitive` fields are decrypted as answers are decoded.
    decrypt_sensitive: bool,
}

/// How one attempt ended.
struct Attempt {
    result: Result<Answered<()>, Error>,
    /// The token it was sent with, if it got that far.
    token: Option<Secret>,
    /// Whether the business request went out: before that, any call is safe to try again.
    sent: bool,
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

    /// The base URL calls go to.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The account set's credentials in use: the ones given, or the last ones pulled (`None`
    /// before the first pull).
    pub fn credentials(&self) -> Option<Credentials> {
        self.stored_credentials().map(|c| (*c).clone())
    }

    /// The rate limit the client keeps to, if any.
    pub fn rate_limit(&self) -> Option<RateLimit> {
        self.inner.limiter.as_ref().map(Limiter::limit)
    }

    /// How far the gateway's clock is from this host's, in milliseconds, as learnt from a
    /// refused timestamp (0 until then).
    pub fn clock_offset_ms(&self) -> i64 {
        self.inner.clock.offset_ms()
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
        client.options.http = builder::http_client(timeout)?;
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
        let prepared = transport::prepare(&self.inner.base_url, call)?;
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
                tracing::warn!(
                    errcode = error.errcode(),
                    "the app-token was refused: fetching a new one and sending again"
                );
                self.inner.token.invalidate(&stale).await;
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
                    tracing::warn!(
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
            Err(error) => {
                return Attempt {
                    result: Err(error),
                    token: None,
                    sent: false,
                }
            }
        };
        let Some(credentials) = self.stored_credentials() else {
            // A token is only ever fetched with credentials, so they are there.
            return Attempt {
                result: Err(Error::Config("no account-set credentials".into())),
                token: None,
                sent: false,
            };
        };
        if let Some(limiter) = &self.inner.limiter {
            let waited = limiter.acquire().await;
            if !waited.is_zero() {
                tracing::debug!(waited_ms = waited.as_millis() as u64, "rate limit");
            }
        }
        let target = self.target(&credentials);
        let result = match transport::exchange(target, prepared, Some(&token)).await {
            Ok(answer) => {
                trace::answered_with(answer.request_id.as_deref());
                let key = self.inner.decrypt_sensitive.then(|| self.client_secret());
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

    /// The app-token, from the cache or freshly fetched (one fetch for all concurrent calls).
    async fn app_token(&self) -> Result<Secret, Error> {
        self.inner
            .token
            .get(self.inner.token_lifetime, || self.fetch_token())
            .await
    }

    /// Fetches a token, pulling the credentials first if they come from a pull, and again
    /// if the token endpoint refuses a pulled app_secret. Runs under the token cache's lock,
    /// so pulls are never concurrent either.
    async fn fetch_token(&self) -> Result<Secret, Error> {
        let credentials = match self.stored_credentials() {
            Some(credentials) => credentials,
            None => self.pull_credentials().await?,
        };
        let result = auth::fetch_token(self.target(&credentials), &credentials).await;
        match result {
            Err(error)
                if error.errcode() == Some(APP_SECRET_REFUSED)
                    && matches!(self.inner.source, CredentialSource::Pull(_)) =>
            {
                tracing::warn!("the app_secret was refused: pulling the authorisation again");
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

    async fn pull_credentials(&self) -> Result<Arc<Credentials>, Error> {
        let CredentialSource::Pull(source) = &self.inner.source else {
            return Err(Error::Config("no account-set credentials".into()));
        };
        let signer = source.signer();
        let pulled = Arc::new(authorization::pull(self.target(&signer), source).await?);
        tracing::debug!(
            app_key = pulled.app_key(),
            domain = pulled.domain(),
            "authorisation pulled"
        );
        *self
            .inner
            .credentials
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(pulled.clone());
        Ok(pulled)
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
            base_url: &self.inner.base_url,
            credentials,
            clock: &self.inner.clock,
            timeout: self.options.timeout,
        }
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("source", &self.inner.source)
            .field("timeout", &self.options.timeout)
            .field("connect_timeout", &self.options.connect_timeout)
            .field("retry", &self.options.retry)
            .field("rate_limit", &self.rate_limit())
            .finish_non_exhaustive()
    }
}
