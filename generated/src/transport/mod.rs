//! One HTTP exchange: sign the call, send exactly the query that was signed, read the answer.

pub(crate) mod call;
pub(crate) mod rate_limit;
pub(crate) mod retry;
pub(crate) mod trace;
pub(crate) mod upload;

use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderValue, CONTENT_TYPE, DATE};

use crate::errors::decode;
use crate::errors::CallName;
use crate::signing::clock::SkewedClock;
use crate::signing::{self, CanonicalQuery};
use crate::{service, Call, Credentials, Error, Method, Secret};

/// The gateway's code for a timestamp it does not accept.
const TIMESTAMP_REFUSED: i64 = 4006;

/// Where, as whom and how long to send.
#[derive(Clone, Copy)]
pub(crate) struct Target<'a> {
    pub(crate) http: &'a reqwest::Client,
    pub(crate) base_url: &'a str,
    /// Signs the call (client_id, client_secret) and, with a token, routes it (domain).
    pub(crate) credentials: &'a Credentials,
    pub(crate) clock: &'a SkewedClock,
    /// The longest one exchange may take, answer included.
    pub(crate) timeout: Duration,
}

/// An answer as received, before it is decoded.
/// The longest request id kept, in bytes.
const REQUEST_ID_BYTES: usize = 128;

pub(crate) struct Answer {
    pub(crate) status: u16,
    pub(crate) request_id: Option<String>,
    /// The `Date` header, the gateway's clock.
    pub(crate) date: Option<String>,
    pub(crate) body: bytes::Bytes,
}

/// A call ready to be signed: its canonical query and URL, which do not depend on the nonce
/// and timestamp, so they are built once even if the call is signed again.
pub(crate) struct Prepared<'c> {
    call: &'c Call,
    query: CanonicalQuery,
    url: String,
}

/// Builds the URL of a call and checks it before anything is sent (or a token fetched).
pub(crate) fn prepare<'c>(base_url: &str, call: &'c Call) -> Result<Prepared<'c>, Error> {
    let query = signing::canonical_query(call.query.pairs());
    let mut url = format!("{base_url}{}", call.path);
    if !query.wire.is_empty() {
        url.push('?');
        url.push_str(&query.wire);
    }
    let max = service::limits::MAX_URL_LENGTH as usize;
    if call.method == Method::Get && url.len() > max {
        return Err(Error::InvalidRequest {
            call: call.name(),
            reason: format!(
                "the URL is {} characters long, over the gateway's {max}",
                url.len()
            ),
        });
    }
    if let Some(Err(reason)) = &call.body {
        return Err(Error::InvalidRequest {
            call: call.name(),
            reason: format!("the body cannot be serialised: {reason}"),
        });
    }
    if let Some(problem) = call.multipart.as_ref().and_then(|form| form.problem()) {
        return Err(Error::InvalidRequest {
            call: call.name(),
            reason: problem.to_string(),
        });
    }
    Ok(Prepared { call, query, url })
}

/// Signs (with a fresh nonce and timestamp) and sends one prepared call. `token` is the
/// app-token for business endpoints; the token endpoint itself is called without one (and
/// without `X-GW-Router-Addr`).
///
/// If the gateway refuses the timestamp (4006) and its `Date` header shows our clock is off,
/// the clock is corrected and the call signed and sent once more: the refusal proves it was
/// not carried out.
pub(crate) async fn exchange(
    target: Target<'_>,
    prepared: &Prepared<'_>,
    token: Option<&Secret>,
) -> Result<Answer, Error> {
    let signed_with = target.clock.offset_ms();
    let answer = sign_and_send(target, prepared, token).await?;
    if answer.status != 200 && decode::errcode(&answer) == Some(TIMESTAMP_REFUSED) {
        let corrected = answer
            .date
            .as_deref()
            .is_some_and(|date| target.clock.correct(date, signed_with));
        if corrected {
            tracing::warn!(
                clock_offset_ms = target.clock.offset_ms(),
                "the gateway refused the timestamp: clock corrected from its Date header, signing again"
            );
            return sign_and_send(target, prepared, token).await;
        }
    }
    Ok(answer)
}

async fn sign_and_send(
    target: Target<'_>,
    prepared: &Prepared<'_>,
    token: Option<&Secret>,
) -> Result<Answer, Error> {
    let call = prepared.call;
    let name = || call.name();
    let nonce = fastrand::u64(1_000_000_000..=9_999_999_999).to_string();
    let timestamp = target.clock.now_ms().to_string();
    let string_to_sign = signing::string_to_sign(
        call.method.as_str(),
        &call.path,
        &prepared.query.signed,
        &nonce,
        &timestamp,
    );
    tracing::trace!(
        string_to_sign = ?trace::redact_string_to_sign(&string_to_sign),
        "signing"
    );
    let signature = signing::signature(target.credentials.client_secret.expose(), &string_to_sign);

    let mut headers = HeaderMap::with_capacity(10);
    // A multipart body brings its own Content-Type, with its boundary.
    if call.multipart.is_none() {
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    }
    headers.insert(
        "X-Api-ClientID",
        header(&target.credentials.client_id, "client_id", &name)?,
    );
    headers.insert(
        "X-Api-Auth-Version",
        HeaderValue::from_static(service::AUTH_VERSION),
    );
    headers.insert("X-Api-TimeStamp", header(&timestamp, "timestamp", &name)?);
    headers.insert("X-Api-Nonce", header(&nonce, "nonce", &name)?);
    headers.insert(
        "X-Api-SignHeaders",
        HeaderValue::from_static(service::SIGN_HEADERS),
    );
    headers.insert("X-Api-Signature", header(&signature, "signature", &name)?);
    if let Some(token) = token {
        let mut value = header(token.expose(), "app-token", &name)?;
        value.set_sensitive(true);
        headers.insert("app-token", value);
        headers.insert(
            "X-GW-Router-Addr",
            header(&target.credentials.domain, "domain", &name)?,
        );
    }

    let method = match call.method {
        Method::Get => reqwest::Method::GET,
        Method::Post => reqwest::Method::POST,
        Method::Delete => reqwest::Method::DELETE,
    };
    let mut request = target
        .http
        .request(method, &prepared.url)
        .headers(headers)
        .timeout(target.timeout);
    match &call.body {
        Some(Ok(body)) => {
            tracing::trace!(body = %trace::masked_body(body), "sending");
            request = request.body(body.clone())
        }
        // `prepare` refused a body that could not be serialised.
        Some(Err(_)) => {}
        None if call.method == Method::Post && call.multipart.is_none() => {
            request = request.body("{}")
        }
        None => {}
    }
    if let Some(form) = &call.multipart {
        request = request.multipart(form.to_form());
    }

    let response = request.send().await.map_err(|source| Error::Transport {
        call: name(),
        source: source.without_url(),
    })?;
    let status = response.status().as_u16();
    let request_id = response
        .headers()
        .get("X-Api-Requestid")
        .and_then(|v| v.to_str().ok())
        // An id is short; a header that is not is kept bounded rather than whole.
        .map(|id| crate::wire::bounded_line(id, REQUEST_ID_BYTES));
    let date = response
        .headers()
        .get(DATE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let body = response.bytes().await.map_err(|source| Error::Transport {
        call: name(),
        source: source.without_url(),
    })?;
    tracing::trace!(status, body = %trace::masked_body(&body), "received");
    Ok(Answer {
        status,
        request_id,
        date,
        body,
    })
}

fn header(value: &str, what: &str, name: &impl Fn() -> CallName) -> Result<HeaderValue, Error> {
    HeaderValue::from_str(value).map_err(|_| Error::InvalidRequest {
        call: name(),
        reason: format!("the {what} has characters that cannot go in an HTTP header"),
    })
}
