//! What a call tells `tracing`: a span per call, an event per attempt, never a secret.
//!
//! Each call runs in an `info` span named `jdy_call` with the fields `endpoint`, `method`,
//! `path`, and, as they become known, `attempt`, `status`, `errcode`, `request_id` and
//! `latency_ms` (of the whole call). Each attempt ends with a `debug` event, and so does each
//! recovery the client makes on its own (a retry, a token or app_secret refreshed): a program
//! logging at `info` sees nothing of a call that ends well. `warn` is kept for what someone
//! should fix: a host clock the gateway refused (corrected, but wrong), a store that failed.
//! At `trace` level the string to sign is logged with `app_signature` masked, and the bodies
//! sent and received with their sensitive fields masked (see [`masked_body`]). Tokens, secrets, signatures and decrypted
//! values are never recorded: the headers that carry them are not logged at all.

use std::time::Duration;

use tracing::field::Empty;
use tracing::Span;

use crate::{Call, Error};

/// The span a call runs in.
pub(crate) fn call_span(call: &Call) -> Span {
    tracing::info_span!(
        "jdy_call",
        endpoint = call.endpoint_name().unwrap_or_default(),
        method = call.method().as_str(),
        path = call.path(),
        attempt = Empty,
        status = Empty,
        errcode = Empty,
        request_id = Empty,
        latency_ms = Empty,
    )
}

/// Records how one attempt ended, on the current call span and as an event.
pub(crate) fn attempt_finished<T>(attempt: u32, result: &Result<T, Error>) {
    let span = Span::current();
    span.record("attempt", attempt);
    match result {
        Ok(_) => {
            span.record("status", 200);
            span.record("errcode", 0);
            tracing::debug!(attempt, "answered");
        }
        Err(error) => {
            if let Some(status) = error.status() {
                span.record("status", status);
            }
            if let Some(errcode) = error.errcode() {
                span.record("errcode", errcode);
            }
            if let Some(id) = error.request_id() {
                span.record("request_id", id);
            }
            tracing::debug!(attempt, error = %error, "failed");
        }
    }
}

/// Records the request id of a successful answer (errors carry theirs).
pub(crate) fn answered_with(request_id: Option<&str>) {
    if let Some(id) = request_id {
        Span::current().record("request_id", id);
    }
}

pub(crate) fn call_finished(latency: Duration) {
    Span::current().record("latency_ms", latency.as_millis() as u64);
}

/// The string to sign, safe to log: `app_signature` (which obtains a token with the client's
/// signature) is masked. The nonce, timestamp, path and business query stay, because they are
/// what one compares when a signature is refused.
pub(crate) fn redact_string_to_sign(string_to_sign: &str) -> String {
    string_to_sign
        .split('\n')
        .map(|line| {
            if !line.contains("app_signature=") {
                return line.to_string();
            }
            line.split('&')
                .map(|pair| match pair.split_once('=') {
                    Some(("app_signature", _)) => "app_signature=***".to_string(),
                    _ => pair.to_string(),
                })
                .collect::<Vec<_>>()
                .join("&")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The most of a body logged at `trace` level, in bytes of its masked JSON text.
const LOGGED_BODY_BYTES: usize = 16 * 1024;

/// The mask that replaces a sensitive value.
const MASK: &str = "***";

/// A body as it may be logged: JSON with the value of every sensitive key masked (see
/// [`is_sensitive_key`]), at any depth, then cut to [`LOGGED_BODY_BYTES`]. A body that is not
/// JSON is only described by its size, since nothing says which of its parts are secret.
pub(crate) fn masked_body(body: &[u8]) -> String {
    match serde_json::from_slice::<serde_json::Value>(body) {
        Ok(mut value) => {
            mask(&mut value);
            crate::wire::bounded_line(&value.to_string(), LOGGED_BODY_BYTES)
        }
        Err(_) => format!("({} bytes, not JSON)", body.len()),
    }
}

fn mask(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(fields) => {
            for (key, field) in fields.iter_mut() {
                if is_sensitive_key(key) {
                    *field = serde_json::Value::String(MASK.to_string());
                } else {
                    mask(field);
                }
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(mask),
        _ => {}
    }
}

/// A key whose value is a credential: `app_secret`, `client_secret`, `app-token`,
/// `access_token`, `password`, `app_signature`, `sign`, in any case and with `-` or `_`.
fn is_sensitive_key(key: &str) -> bool {
    let key: String = key
        .chars()
        .filter(|c| *c != '_' && *c != '-')
        .flat_map(char::to_lowercase)
        .collect();
    ["secret", "token", "password", "signature"]
        .iter()
        .any(|word| key.contains(word))
        || key == "sign"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_are_logged_with_every_credential_masked_at_any_depth() {
        let answer = r#"{"errcode":0,"data":[{"app_key":"K","appSecret":"S3CR3T",
            "access_token":"T0K3N","nested":{"app-token":"T2","client_secret":"C",
            "Password":"P","app_signature":"SIG","sign":"X","name":"客户"}}]}"#;
        let logged = masked_body(answer.as_bytes());
        for secret in ["S3CR3T", "T0K3N", "T2", "\"C\"", "\"P\"", "SIG", "\"X\""] {
            assert!(!logged.contains(secret), "{secret} in {logged}");
        }
        assert!(logged.contains(r#""app_key":"K""#), "{logged}");
        assert!(logged.contains("客户"), "{logged}");
        assert_eq!(logged.matches(MASK).count(), 7, "{logged}");
    }

    #[test]
    fn a_body_that_is_not_json_is_described_and_a_long_one_is_cut() {
        assert_eq!(
            masked_body(b"<html>token=abc</html>"),
            "(22 bytes, not JSON)"
        );
        let long = serde_json::json!({ "rows": vec!["x".repeat(100); 1000] }).to_string();
        let logged = masked_body(long.as_bytes());
        assert!(
            logged.len() <= LOGGED_BODY_BYTES + '…'.len_utf8(),
            "{}",
            logged.len()
        );
        assert!(logged.ends_with('…'));
    }

    #[test]
    fn the_app_signature_is_masked_and_nothing_else_changes() {
        let line = "GET\n%2Fjdyconnector%2Fapp_management%2Fkingdee_auth_token\n\
                    app_key=abc&app_signature=ZDlj%3D%3D&uid=1\n\
                    x-api-nonce:1234567890\nx-api-timestamp:1655775240000\n";
        let redacted = redact_string_to_sign(line);
        assert!(!redacted.contains("ZDlj"), "{redacted}");
        assert_eq!(
            redacted,
            "GET\n%2Fjdyconnector%2Fapp_management%2Fkingdee_auth_token\n\
             app_key=abc&app_signature=***&uid=1\n\
             x-api-nonce:1234567890\nx-api-timestamp:1655775240000\n"
        );
        let business = "GET\n%2Fjdy%2Fv2%2Fbd%2Fcustomer\npage=1\nx-api-nonce:1\n";
        assert_eq!(redact_string_to_sign(business), business);
    }
}
