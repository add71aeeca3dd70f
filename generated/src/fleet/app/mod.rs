//! One application serving many account sets: the client credentials, one connection pool,
//! the clock correction and the [store](crate::store) are the application's; each account set
//! gets a cheap [`Client`] with its own token, rate budget and authorisation.

mod builder;

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::OnceCell;

pub(crate) use builder::http_client;
pub use builder::{http_pools_built, AppBuilder};

use crate::auth::authorization;
use crate::signing::clock::SkewedClock;
use crate::store::{keys, Store};
use crate::transport::retry::RetryPolicy;
use crate::{Client, CredentialSource, Credentials, Error, PullAuthorization, RateLimit, Secret};

/// An application (one `client_id` and `client_secret`) and what all its account sets share.
///
/// Make one per process and hand out a [`Client`] per account set with
/// [`account_set`](App::account_set) (credentials you hold) or
/// [`authorized`](App::authorized) (an `outerInstanceId` whose authorisation is pulled, or
/// was pushed and confirmed). A client costs a few hundred bytes and no task or thread; all of
/// them send through the application's one HTTP connection pool, and keep their tokens, rate
/// budgets and authorisations in its [`Store`]: in memory by default, or a store shared by
/// several processes (`RedisStore`, feature `redis`).
///
/// ```no_run
/// # async fn run() -> Result<(), jdy::Error> {
/// let app = jdy::App::builder("205022", "client-secret").build()?;
/// let shop = app.account_set("app-key", "app-secret", "https://tf.jdy.com")?;
/// let pulled = app.authorized("outer-instance-id")?;
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct App {
    pub(crate) shared: Arc<AppShared>,
}

/// What every client of an application shares.
pub(crate) struct AppShared {
    pub(crate) client_id: String,
    pub(crate) client_secret: Secret,
    pub(crate) base_url: String,
    pub(crate) http: reqwest::Client,
    pub(crate) clock: SkewedClock,
    /// Set once the clock offset kept in the store has been read.
    clock_loaded: OnceCell<()>,
    pub(crate) store: Arc<dyn Store>,
    /// `jdy:<client_id>:`, the start of every key.
    pub(crate) prefix: String,
    pub(crate) token_lifetime: Duration,
    pub(crate) token_lock_expiry: Duration,
    pub(crate) timeout: Duration,
    pub(crate) connect_timeout: Duration,
    pub(crate) retry: RetryPolicy,
    pub(crate) rate_limit: Option<RateLimit>,
    pub(crate) decrypt_sensitive: bool,
}

impl App {
    /// Settings of an application with this `client_id` and `client_secret`.
    pub fn builder(client_id: impl Into<String>, client_secret: impl Into<Secret>) -> AppBuilder {
        AppBuilder::new(client_id.into(), client_secret.into())
    }

    pub fn client_id(&self) -> &str {
        &self.shared.client_id
    }

    /// The store that keeps tokens, authorisations, rate budgets and checkpoints.
    pub fn store(&self) -> &Arc<dyn Store> {
        &self.shared.store
    }

    /// A client of the account set whose `app_key`, `app_secret` and `domain` you hold.
    pub fn account_set(
        &self,
        app_key: impl Into<String>,
        app_secret: impl Into<Secret>,
        domain: impl Into<String>,
    ) -> Result<Client, Error> {
        let credentials = Credentials::new(
            self.shared.client_id.clone(),
            self.shared.client_secret.clone(),
            app_key,
            app_secret,
            domain,
        );
        self.client(CredentialSource::Static(credentials))
    }

    /// A client of the account set installed as `outer_instance_id`: its authorisation is
    /// read from the store (where a confirmed push or another process left it) or pulled
    /// from Kingdee before its first token, and pulled again when Kingdee rotates the
    /// app_secret.
    pub fn authorized(&self, outer_instance_id: impl Into<String>) -> Result<Client, Error> {
        let pull = PullAuthorization::new(
            self.shared.client_id.clone(),
            self.shared.client_secret.clone(),
            outer_instance_id,
        );
        self.client(CredentialSource::Pull(pull))
    }

    /// A client for `source`, which must be of this application.
    pub fn client(&self, source: impl Into<CredentialSource>) -> Result<Client, Error> {
        let source = source.into();
        source.check()?;
        if source.client_id() != self.shared.client_id
            || source.client_secret() != &self.shared.client_secret
        {
            return Err(Error::Config(format!(
                "the account set's credentials are of client_id `{}`, not of this application (`{}`)",
                source.client_id(),
                self.shared.client_id
            )));
        }
        Ok(Client::of_app(self.shared.clone(), source))
    }

    /// Pulls the authorisation of `outer_instance_id` with a signed call and keeps it in the
    /// store, where the clients of that installation (in this process or another) find it.
    /// This is what a pushed authorisation is confirmed by: nothing a push says is kept
    /// before Kingdee confirms it here.
    pub async fn confirm_authorization(
        &self,
        outer_instance_id: &str,
    ) -> Result<Credentials, Error> {
        let pull = PullAuthorization::new(
            self.shared.client_id.clone(),
            self.shared.client_secret.clone(),
            outer_instance_id,
        );
        pull.check()?;
        self.shared.pull_and_keep(&pull).await
    }

    /// The authorisation of `outer_instance_id` kept in the store, if any.
    pub async fn stored_authorization(
        &self,
        outer_instance_id: &str,
    ) -> Result<Option<Credentials>, Error> {
        let key = keys::authorization(&self.shared.prefix, outer_instance_id);
        let text = self.shared.store.get(&key).await?;
        Ok(text.and_then(|text| {
            authorization::from_store(&text, &self.shared.client_id, &self.shared.client_secret)
        }))
    }
}

impl AppShared {
    /// Reads the clock offset another process learnt, once.
    pub(crate) async fn load_clock(&self) {
        self.clock_loaded
            .get_or_init(|| async {
                match self.store.get(&keys::clock(&self.prefix)).await {
                    Ok(Some(text)) => {
                        if let Ok(offset) = text.parse::<i64>() {
                            self.clock.set_offset_ms(offset);
                        }
                    }
                    Ok(None) => {}
                    Err(error) => {
                        tracing::warn!(%error, "the clock offset could not be read from the store")
                    }
                }
            })
            .await;
    }

    /// Keeps the clock offset in the store if a call just corrected it (`before` is the
    /// offset it was signed with), for the other processes.
    pub(crate) async fn remember_clock(&self, before: i64) {
        let offset = self.clock.offset_ms();
        if offset != before {
            let key = keys::clock(&self.prefix);
            if let Err(error) = self.store.put(&key, &offset.to_string(), None).await {
                tracing::warn!(%error, "the clock offset could not be kept in the store");
            }
        }
    }

    /// Pulls an authorisation and keeps it in the store.
    pub(crate) async fn pull_and_keep(
        &self,
        pull: &PullAuthorization,
    ) -> Result<Credentials, Error> {
        self.load_clock().await;
        let signer = pull.signer();
        let before = self.clock.offset_ms();
        let target = crate::transport::Target {
            http: &self.http,
            base_url: &self.base_url,
            credentials: &signer,
            clock: &self.clock,
            timeout: self.timeout,
        };
        let pulled = authorization::pull(target, pull).await;
        self.remember_clock(before).await;
        let pulled = pulled?;
        tracing::debug!(
            app_key = pulled.app_key(),
            domain = pulled.domain(),
            "authorisation pulled"
        );
        let key = keys::authorization(&self.prefix, pull.outer_instance_id());
        self.store
            .put(&key, &authorization::to_store(&pulled), None)
            .await?;
        Ok(pulled)
    }
}

impl fmt::Debug for App {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("App")
            .field("client_id", &self.shared.client_id)
            .field("client_secret", &self.shared.client_secret)
            .field("base_url", &self.shared.base_url)
            .field("store", &self.shared.store.kind())
            .finish_non_exhaustive()
    }
}
