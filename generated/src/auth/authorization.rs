//! Pull authorisation: an account set's app_key, app_secret and domain, fetched from Kingdee
//! instead of configured (`push_app_authorize`).

use std::fmt;

use serde::Deserialize;

use crate::errors::decode::{decode_with, Quote};
use crate::transport::{exchange, prepare, Target};
use crate::wire::Query;
use crate::{service, Call, Credentials, Error, Method, Secret};

/// The errcode of a token request whose app_secret is wrong or outdated (授权密钥校验失败):
/// Kingdee rotates app_secrets, and a pulled one is then pulled again.
pub(crate) const APP_SECRET_REFUSED: i64 = 1030002006;

/// An application's own credentials and the `outerInstanceId` of one installation: enough to
/// pull that account set's app_key, app_secret and domain from Kingdee.
///
/// A client built from it pulls them before its first token, and again whenever the token
/// endpoint refuses the app_secret (1030002006), as it does after Kingdee rotates it; only one
/// pull runs at a time, whatever the number of concurrent calls.
///
/// ```no_run
/// # async fn run() -> Result<(), jdy::Error> {
/// let source = jdy::PullAuthorization::new("205022", "client-secret", "outer-instance-id");
/// let client = jdy::Client::builder(source).build()?;
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct PullAuthorization {
    pub(crate) client_id: String,
    pub(crate) client_secret: Secret,
    pub(crate) outer_instance_id: String,
}

impl PullAuthorization {
    pub fn new(
        client_id: impl Into<String>,
        client_secret: impl Into<Secret>,
        outer_instance_id: impl Into<String>,
    ) -> Self {
        PullAuthorization {
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            outer_instance_id: outer_instance_id.into(),
        }
    }

    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    pub fn outer_instance_id(&self) -> &str {
        &self.outer_instance_id
    }

    pub(crate) fn check(&self) -> Result<(), Error> {
        crate::auth::credentials::refuse_empty(&[
            ("client_id", self.client_id.is_empty()),
            ("client_secret", self.client_secret.is_empty()),
            ("outer_instance_id", self.outer_instance_id.is_empty()),
        ])
    }

    /// Credentials that sign a call as the application, before any account set is known.
    pub(crate) fn signer(&self) -> Credentials {
        Credentials::new(
            self.client_id.clone(),
            self.client_secret.clone(),
            "",
            "",
            "",
        )
    }
}

impl fmt::Debug for PullAuthorization {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PullAuthorization")
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret)
            .field("outer_instance_id", &self.outer_instance_id)
            .finish()
    }
}

/// One entry of the authorisation answer; the other fields are not needed.
#[derive(Deserialize)]
struct Authorization {
    #[serde(rename = "appKey")]
    app_key: String,
    #[serde(rename = "appSecret")]
    app_secret: String,
    domain: String,
    #[serde(default)]
    status: Option<i64>,
}

/// Pulls the authorisation of `source`'s installation; `target` signs as the application.
/// Of the entries answered, the one with `status` 1 (in force) is used.
pub(crate) async fn pull(
    target: Target<'_>,
    source: &PullAuthorization,
) -> Result<Credentials, Error> {
    let mut query = Query::new();
    query.push("outerInstanceId", source.outer_instance_id.as_str());
    let call = Call::new(Method::Post, service::AUTHORIZE_PATH).query(query);
    let prepared = prepare(target.base_url, &call)?;
    let answer = exchange(target, &prepared, None).await?;
    // This endpoint has been seen answering `{"code": 200}` for success; the answer carries
    // the app_secret, so an error never quotes it.
    let entries: Vec<Authorization> =
        decode_with(&call, answer, Quote::Withhold, &[service::SUCCESS, 200])?;
    let entry = entries
        .into_iter()
        .find(|entry| entry.status == Some(1))
        .ok_or_else(|| {
            Error::Config(format!(
                "no authorisation in force for outerInstanceId `{}`",
                source.outer_instance_id
            ))
        })?;
    Ok(Credentials::new(
        source.client_id.clone(),
        source.client_secret.clone(),
        entry.app_key,
        entry.app_secret,
        entry.domain,
    ))
}

/// The stored form of a pulled authorisation: the account set's part only (the application's
/// own credentials are never written to a store).
#[derive(serde::Serialize, Deserialize)]
struct Stored<'a> {
    #[serde(rename = "appKey")]
    app_key: std::borrow::Cow<'a, str>,
    #[serde(rename = "appSecret")]
    app_secret: std::borrow::Cow<'a, str>,
    domain: std::borrow::Cow<'a, str>,
}

pub(crate) fn to_store(credentials: &Credentials) -> String {
    let stored = Stored {
        app_key: credentials.app_key.as_str().into(),
        app_secret: credentials.app_secret.expose().into(),
        domain: credentials.domain.as_str().into(),
    };
    serde_json::to_string(&stored).unwrap_or_default()
}

/// Reads a stored authorisation; `None` for anything else.
pub(crate) fn from_store(
    text: &str,
    client_id: &str,
    client_secret: &Secret,
) -> Option<Credentials> {
    let stored: Stored<'_> = serde_json::from_str(text).ok()?;
    let credentials = Credentials::new(
        client_id,
        client_secret.clone(),
        stored.app_key.into_owned(),
        stored.app_secret.into_owned(),
        stored.domain.into_owned(),
    );
    credentials.check().ok().map(|()| credentials)
}
