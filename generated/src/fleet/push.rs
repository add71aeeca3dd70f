//! Pushed authorisations (feature `push`): an axum router for the URL Kingdee posts an
//! account set's authorisation to when it authorises the application.
//!
//! The push's page is not in the documentation the SDK is built from, and the push carries no
//! signature the SDK can check. So a push is only a hint: the router reads the
//! `outerInstanceId`s it names, answers `success` at once, and confirms each with a signed
//! pull ([`App::confirm_authorization`]); only what the pull answers is kept in the store.
//! Whatever else the push says (its `appSecret` included) is never read, kept or logged.
//!
//! ```no_run
//! # async fn run(app: jdy::App) -> std::io::Result<()> {
//! let router = axum::Router::new().nest("/kingdee/authorize", jdy::push::router(app));
//! let listener = tokio::net::TcpListener::bind("0.0.0.0:8080").await?;
//! axum::serve(listener, router).await
//! # }
//! ```

use std::collections::HashSet;
use std::sync::{Arc, Mutex};

use axum::body::to_bytes;
use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use serde::Deserialize;
use tokio::sync::Semaphore;

use crate::App;

/// Limits of the push router.
#[derive(Debug, Clone, Copy)]
pub struct PushLimits {
    /// The largest body read, in bytes (default 64 KiB); a larger one is answered 413.
    pub max_body: usize,
    /// The most installations one push may name (default 100).
    pub max_entries: usize,
    /// The most confirmations (pulls) running at once (default 8); more wait their turn.
    pub max_confirming: usize,
}

impl Default for PushLimits {
    fn default() -> Self {
        PushLimits {
            max_body: 64 * 1024,
            max_entries: 100,
            max_confirming: 8,
        }
    }
}

/// The longest `outerInstanceId` accepted.
const MAX_ID: usize = 128;

/// A router that accepts pushes with a POST to its root, with the default [`PushLimits`].
pub fn router(app: App) -> Router {
    router_with(app, PushLimits::default())
}

/// [`router`] with other limits.
pub fn router_with(app: App, limits: PushLimits) -> Router {
    let state = Arc::new(Receiver {
        app,
        limits,
        confirming: Semaphore::new(limits.max_confirming.max(1)),
        in_flight: Mutex::new(HashSet::new()),
    });
    Router::new().route("/", post(receive)).with_state(state)
}

struct Receiver {
    app: App,
    limits: PushLimits,
    confirming: Semaphore,
    /// Installations whose confirmation is queued or running: a repeated push adds nothing.
    in_flight: Mutex<HashSet<String>>,
}

/// The part of a push the router reads. `appKey`, `appSecret` and the rest are left unread.
#[derive(Deserialize)]
struct Push {
    data: Vec<Entry>,
}

#[derive(Deserialize)]
struct Entry {
    #[serde(rename = "outerInstanceId")]
    outer_instance_id: String,
}

fn refuse(status: StatusCode, reason: String) -> Response {
    (status, reason).into_response()
}

async fn receive(State(receiver): State<Arc<Receiver>>, request: Request) -> Response {
    let json = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(';')
                .next()
                .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/json"))
        });
    if !json {
        return refuse(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "a push is a JSON body (Content-Type: application/json)".into(),
        );
    }
    let max = receiver.limits.max_body;
    let Ok(body) = to_bytes(request.into_body(), max).await else {
        return refuse(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("a push body is at most {max} bytes"),
        );
    };
    let ids = match read(&body, receiver.limits.max_entries) {
        Ok(ids) => ids,
        Err(reason) => {
            tracing::warn!(%reason, "an authorisation push was refused");
            return refuse(StatusCode::BAD_REQUEST, reason);
        }
    };
    for id in ids {
        confirm_later(&receiver, id);
    }
    (StatusCode::OK, "success").into_response()
}

/// The `outerInstanceId`s of a push, checked. The reason of a refusal never quotes the body.
fn read(body: &[u8], max_entries: usize) -> Result<Vec<String>, String> {
    let push: Push = serde_json::from_slice(body).map_err(|e| {
        format!(
            "malformed push ({:?} error at line {} column {}): expected a JSON object \
             {{\"bizType\", \"timestamp\", \"data\": [{{\"outerInstanceId\": \"...\", ...}}]}}",
            e.classify(),
            e.line(),
            e.column()
        )
    })?;
    if push.data.is_empty() {
        return Err("the push names no installation: `data` is empty".into());
    }
    if push.data.len() > max_entries {
        return Err(format!(
            "the push names {} installations, more than {max_entries}",
            push.data.len()
        ));
    }
    let mut ids = Vec::with_capacity(push.data.len());
    for (i, entry) in push.data.into_iter().enumerate() {
        let id = entry.outer_instance_id;
        let fits = !id.is_empty()
            && id.len() <= MAX_ID
            && id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_.:".contains(&b));
        if !fits {
            return Err(format!(
                "data[{i}].outerInstanceId must be 1 to {MAX_ID} letters, digits or - _ . :"
            ));
        }
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    Ok(ids)
}

/// Confirms one installation by a pull, in the background, unless it is already queued.
fn confirm_later(receiver: &Arc<Receiver>, id: String) {
    {
        let mut in_flight = receiver.in_flight.lock().unwrap_or_else(|p| p.into_inner());
        if !in_flight.insert(id.clone()) {
            return;
        }
    }
    tracing::info!(outer_instance_id = %id, "authorisation pushed: confirming it by a pull");
    let receiver = receiver.clone();
    tokio::spawn(async move {
        let permit = receiver.confirming.acquire().await;
        let result = receiver.app.confirm_authorization(&id).await;
        drop(permit);
        match result {
            Ok(credentials) => tracing::info!(
                outer_instance_id = %id,
                app_key = credentials.app_key(),
                "pushed authorisation confirmed and kept"
            ),
            Err(error) => tracing::warn!(
                outer_instance_id = %id,
                %error,
                "a pushed authorisation was not confirmed: nothing kept"
            ),
        }
        receiver
            .in_flight
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(&id);
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_push_is_read_for_its_installations_only() {
        let body = br#"{"bizType":"x","timestamp":1,"data":[{"outerInstanceId":"a-1","appSecret":"s"},{"outerInstanceId":"a-1"}]}"#;
        assert_eq!(read(body, 10).unwrap(), vec!["a-1".to_string()]);
    }

    #[test]
    fn malformed_pushes_are_refused_without_quoting_them() {
        let cases: [&[u8]; 6] = [
            b"not json SECRET",
            br#"{"data":"SECRET"}"#,
            br#"{"data":[]}"#,
            br#"{"data":[{"outerInstanceId":""}]}"#,
            br#"{"data":[{"outerInstanceId":"a b SECRET"}]}"#,
            br#"{"data":[{"appSecret":"SECRET"}]}"#,
        ];
        for body in cases {
            let reason = read(body, 10).unwrap_err();
            assert!(!reason.contains("SECRET"), "{reason}");
        }
        let many = format!(
            r#"{{"data":[{}]}}"#,
            [r#"{"outerInstanceId":"a"}"#; 3].join(",")
        );
        assert!(read(many.as_bytes(), 2)
            .unwrap_err()
            .contains("more than 2"));
    }
}
