//! What a call tells `tracing`: a span per call, an event per attempt, never a secret.
//!
//! Each call runs in an `info` span named `jdy_call` with the fields `endpoint`, `method`,
//! `path`, and, as they become known, `attempt`, `status`, `errcode`, `request_id` and
//! `latency_ms` (of the whole call). Each attempt ends with a `debug` event; a retry, a token
//! refresh or a clock correction with a `warn` event; and at `trace` level the string to
//! sign is logged with `app_signature` masked. Tokens, secrets, signatures and decrypted
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

#[cfg(test)]
mod tests {
    use super::*;

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
