//! What the SDK tells `tracing` during a busy session, captured at the most verbose level:
//! everything a support case needs (endpoint, attempt, status, errcode, request id, latency,
//! the string to sign) and none of the secrets.

use std::time::Duration;

use jdy::bd::customer::{CustomerDetailQuery, CustomerListQuery, CustomerSaveRequest};
use jdy::mock::{Fault, MockConfig, MockGateway};
use jdy::{Client, PullAuthorization, RetryPolicy};
use jdy_tests::captured::Captured;
use tracing_subscriber::fmt::format::FmtSpan;

/// Calls of every kind, with every recovery the client knows: a token pulled and refreshed,
/// a rotated app_secret, a clock correction, retried faults, business refusals.
async fn busy_session(mock: &MockGateway, config: &MockConfig) -> Vec<String> {
    let client = Client::builder(PullAuthorization::new(
        config.client_id.clone(),
        config.client_secret.clone(),
        config.outer_instance_id.clone(),
    ))
    .base_url(mock.base_url())
    .retry(RetryPolicy::default().initial_backoff(Duration::from_millis(5)))
    .build()
    .unwrap();
    let bd = client.bd();
    let query = CustomerListQuery {
        search: Some("客户".into()),
        ..Default::default()
    };
    bd.customer_list(&query).await.expect("list");
    mock.inject(Fault::GatewayTransient(5004), 1);
    bd.customer_list(&query).await.expect("list after a retry");
    bd.customer_detail(&CustomerDetailQuery {
        id: Some("4242".into()),
        ..Default::default()
    })
    .await
    .unwrap_err();
    bd.customer_save(&CustomerSaveRequest {
        name: "日志客户".into(),
        number: Some("LOG-1".into()),
        ..CustomerSaveRequest::new("")
    })
    .await
    .expect("save");
    let rotated = mock.rotate_app_secret();
    mock.expire_tokens();
    bd.customer_list(&query).await.expect("after rotation");
    mock.shift_clock(6 * 60_000);
    bd.customer_list(&query)
        .await
        .expect("after the clock jumped");
    let signatures = [config.app_secret.expose(), rotated.expose()]
        .map(|secret| jdy::signing::app_signature(&config.app_key, secret));
    let mut secrets = vec![
        config.client_secret.expose().to_string(),
        config.app_secret.expose().to_string(),
        rotated.expose().to_string(),
        // Every token the mock issues starts so.
        "mock-token-".to_string(),
    ];
    secrets.extend(signatures);
    secrets
}

#[tokio::test]
async fn a_full_session_logged_at_trace_level_names_every_call_and_shows_no_secret() {
    let log = Captured::default();
    let writer = log.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(FmtSpan::CLOSE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let config = MockConfig::default();
    let mock = MockGateway::start_with(config.clone()).await.unwrap();
    let secrets = tokio::time::timeout(Duration::from_secs(20), busy_session(&mock, &config))
        .await
        .expect("the session finished");
    let text = log.text();

    for secret in &secrets {
        assert!(!text.contains(secret.as_str()), "the log shows {secret:?}");
    }
    // What a reader of the log needs is there.
    for expected in [
        "jdy_call",
        "endpoint=\"bd.customer_list\"",
        "endpoint=\"bd.customer_save\"",
        "method=\"GET\"",
        "path=\"/jdy/v2/bd/customer\"",
        "attempt=2",
        "errcode=5004",
        "errcode=1030002003",
        "request_id=\"mock-",
        "latency_ms=",
        "string_to_sign=",
        "app_signature=***",
        "retrying",
        "app-token was refused",
        "app_secret was refused",
        "clock corrected",
        // The bodies, with the credentials they carry masked.
        "sending",
        "received",
        "\"app-token\":\"***\"",
        "\"appSecret\":\"***\"",
        "日志客户",
    ] {
        assert!(
            text.contains(expected),
            "the log has no {expected:?}:\n{text}"
        );
    }
}

#[tokio::test]
async fn at_info_level_a_session_the_client_recovers_by_itself_logs_only_the_wrong_clock() {
    let log = Captured::default();
    let writer = log.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::INFO)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let config = MockConfig::default();
    let mock = MockGateway::start_with(config.clone()).await.unwrap();
    tokio::time::timeout(Duration::from_secs(20), busy_session(&mock, &config))
        .await
        .expect("the session finished");
    let text = log.text();
    let lines: Vec<&str> = text.lines().collect();
    // Retries, a refreshed token and a rotated app_secret are the client's business; a host
    // clock six minutes off is the operator's.
    assert!(!lines.is_empty(), "the wrong clock is not logged");
    for line in lines {
        assert!(
            line.contains("WARN") && line.contains("clock corrected"),
            "logged at info level: {line}"
        );
    }
}
