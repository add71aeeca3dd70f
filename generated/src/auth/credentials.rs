//! Who is calling, and for which account set.

use std::fmt;

use crate::{Error, Secret};

/// The names of the environment variables [`Credentials::from_env`] reads.
pub const ENV_VARS: [&str; 5] = [
    "JDY_CLIENT_ID",
    "JDY_CLIENT_SECRET",
    "JDY_APP_KEY",
    "JDY_APP_SECRET",
    "JDY_DOMAIN",
];

/// An application's `client_id` and `client_secret` (they sign every call), and the
/// `app_key`, `app_secret` and `domain` of the account set that authorised it (they obtain the
/// app-token and route the call to the account set's data centre).
///
/// `Debug` shows the ids and the domain but never a secret.
#[derive(Clone)]
pub struct Credentials {
    pub(crate) client_id: String,
    pub(crate) client_secret: Secret,
    pub(crate) app_key: String,
    pub(crate) app_secret: Secret,
    pub(crate) domain: String,
}

impl Credentials {
    pub fn new(
        client_id: impl Into<String>,
        client_secret: impl Into<Secret>,
        app_key: impl Into<String>,
        app_secret: impl Into<Secret>,
        domain: impl Into<String>,
    ) -> Self {
        Credentials {
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            app_key: app_key.into(),
            app_secret: app_secret.into(),
            domain: domain.into(),
        }
    }

    /// Reads `JDY_CLIENT_ID`, `JDY_CLIENT_SECRET`, `JDY_APP_KEY`, `JDY_APP_SECRET` and
    /// `JDY_DOMAIN`. The error names every variable that is missing or empty.
    pub fn from_env() -> Result<Self, Error> {
        let read = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        let values: Vec<Option<String>> = ENV_VARS.iter().map(|name| read(name)).collect();
        let missing: Vec<&str> = ENV_VARS
            .iter()
            .zip(&values)
            .filter(|(_, v)| v.is_none())
            .map(|(name, _)| *name)
            .collect();
        if !missing.is_empty() {
            return Err(Error::Config(format!(
                "missing environment variable{}: {}",
                if missing.len() == 1 { "" } else { "s" },
                missing.join(", ")
            )));
        }
        let mut values = values.into_iter().flatten();
        let mut next = || values.next().unwrap_or_default();
        Ok(Credentials::new(next(), next(), next(), next(), next()))
    }

    /// Whether any of the five variables is set, to tell "use the real API" from "not
    /// configured at all".
    pub fn any_in_env() -> bool {
        ENV_VARS.iter().any(|name| std::env::var_os(name).is_some())
    }

    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    pub fn app_key(&self) -> &str {
        &self.app_key
    }

    pub fn domain(&self) -> &str {
        &self.domain
    }

    /// The first credential that is empty, if any.
    pub(crate) fn check(&self) -> Result<(), Error> {
        refuse_empty(&[
            ("client_id", self.client_id.is_empty()),
            ("client_secret", self.client_secret.is_empty()),
            ("app_key", self.app_key.is_empty()),
            ("app_secret", self.app_secret.is_empty()),
            ("domain", self.domain.is_empty()),
        ])
    }
}

/// `Error::Config` naming every credential that is empty, given `(name, is_empty)` pairs.
pub(crate) fn refuse_empty(fields: &[(&str, bool)]) -> Result<(), Error> {
    let names: Vec<&str> = fields
        .iter()
        .filter(|(_, empty)| *empty)
        .map(|(name, _)| *name)
        .collect();
    if names.is_empty() {
        Ok(())
    } else {
        Err(Error::Config(format!(
            "empty credential: {}",
            names.join(", ")
        )))
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret)
            .field("app_key", &self.app_key)
            .field("app_secret", &self.app_secret)
            .field("domain", &self.domain)
            .finish()
    }
}

/// Where a client's account-set credentials come from: given once ([`Credentials`], the
/// simple default), or pulled from Kingdee and pulled again when the app_secret is rotated
/// ([`PullAuthorization`](crate::PullAuthorization)).
#[derive(Debug, Clone)]
pub enum CredentialSource {
    Static(Credentials),
    Pull(crate::PullAuthorization),
}

impl CredentialSource {
    pub(crate) fn check(&self) -> Result<(), Error> {
        match self {
            CredentialSource::Static(credentials) => credentials.check(),
            CredentialSource::Pull(pull) => pull.check(),
        }
    }
}

impl CredentialSource {
    /// The application's client_id.
    pub(crate) fn client_id(&self) -> &str {
        match self {
            CredentialSource::Static(credentials) => &credentials.client_id,
            CredentialSource::Pull(pull) => &pull.client_id,
        }
    }

    /// The application's client_secret: it signs every call, and is the key of the fields the
    /// server encrypts.
    pub(crate) fn client_secret(&self) -> &Secret {
        match self {
            CredentialSource::Static(credentials) => &credentials.client_secret,
            CredentialSource::Pull(pull) => &pull.client_secret,
        }
    }
}

impl From<Credentials> for CredentialSource {
    fn from(credentials: Credentials) -> Self {
        CredentialSource::Static(credentials)
    }
}

impl From<crate::PullAuthorization> for CredentialSource {
    fn from(pull: crate::PullAuthorization) -> Self {
        CredentialSource::Pull(pull)
    }
}
