//! Obtaining an app-token (`kingdee_auth_token`), as KINGDEE's gateway documents it.

use serde::Deserialize;

use crate::errors::decode::{decode_with, Quote};
use crate::signing::app_signature;
use crate::transport::{exchange, prepare, Target};
use crate::wire::Query;
use crate::{service, Call, Credentials, Error, Method, Secret};

/// `data` of the token answer. The field is `app-token`; some notes spell it `app_token`.
#[derive(Deserialize)]
struct TokenData {
    #[serde(rename = "app-token", alias = "app_token")]
    app_token: String,
}

/// Fetches a token for the credentials' account set: signed like any call, with
/// `app_signature` proving the app_secret, and without an app-token of course.
pub(crate) async fn fetch_token(
    target: Target<'_>,
    credentials: &Credentials,
) -> Result<Secret, Error> {
    let mut query = Query::new();
    query.push("app_key", credentials.app_key.as_str());
    query.push(
        "app_signature",
        app_signature(&credentials.app_key, credentials.app_secret.expose()).as_str(),
    );
    let call = Call::new(Method::Get, service::TOKEN_PATH).query(query);
    let prepared = prepare(target.base_url, &call)?;
    let answer = exchange(target, &prepared, None).await?;
    let data: TokenData = decode_with(&call, answer, Quote::Withhold, &[service::SUCCESS])?;
    Ok(Secret::new(data.app_token))
}
