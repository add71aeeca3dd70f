//! Retries with backoff, proven against the mock with faults injected: what is retried, how
//! often, and that a save is never sent twice unless the caller opts in.

use std::collections::BTreeSet;
use std::time::Duration;

use jdy::bd::customer::{CustomerListQuery, CustomerSaveRequest};
use jdy::mock::{Fault, MockConfig, MockGateway};
use jdy::{signing, Client, Error, RetryPolicy};
use jdy_tests::{credentials, within, Reply, TestServer, CUSTOMER_PATH};

/// A policy with short waits, so that the tests take milliseconds, not seconds.
fn quick() -> RetryPolicy {
    RetryPolicy::default()
        .initial_backoff(Duration::from_millis(10))
        .max_backoff(Duration::from_millis(40))
}

fn client_with(mock: &MockGateway, policy: RetryPolicy) -> Client {
    Client::builder(mock.credentials())
        .base_url(mock.base_url())
        .retry(policy)
        .build()
        .unwrap()
}

/// (method, status, errcode) of every request to the customer endpoint.
fn customer_calls(mock: &MockGateway) -> Vec<(String, u16, Option<i64>)> {
    mock.requests()
        .into_iter()
        .filter(|r| r.path == CUSTOMER_PATH)
        .map(|r| (r.method, r.status, r.errcode))
        .collect()
}

fn get(status: u16, errcode: Option<i64>) -> (String, u16, Option<i64>) {
    ("GET".to_string(), status, errcode)
}

async fn list(client: &Client) -> Result<jdy::Page<jdy::bd::customer::CustomerListRow>, Error> {
    client
        .bd()
        .customer_list(&CustomerListQuery::default())
        .await
}

fn new_customer(number: &str) -> CustomerSaveRequest {
    CustomerSaveRequest {
        name: format!("重试客户 {number}"),
        number: Some(number.into()),
        ..CustomerSaveRequest::new("")
    }
}

#[tokio::test]
async fn every_transient_gateway_code_is_retried_until_the_call_succeeds() {
    within(async {
        let mock = MockGateway::start().await.unwrap();
        let client = client_with(&mock, quick().max_attempts(3));
        for code in [5000, 5003, 5004, 5005, 5006, 5007] {
            mock.inject(Fault::GatewayTransient(code), 2);
            let page = list(&client)
                .await
                .unwrap_or_else(|e| panic!("{code}: {e}"));
            assert_eq!(page.rows.len(), 10);
        }
        let calls = customer_calls(&mock);
        assert_eq!(
            calls.len(),
            6 * 3,
            "two failed attempts and one success per code"
        );
        for (i, chunk) in calls.chunks(3).enumerate() {
            let code = [5000, 5003, 5004, 5005, 5006, 5007][i];
            assert_eq!(
                chunk,
                [
                    get(519, Some(code)),
                    get(519, Some(code)),
                    get(200, Some(0))
                ]
            );
        }
    })
    .await
}

#[tokio::test]
async fn http_429_is_retried_after_a_wait() {
    within(async {
        let mock = MockGateway::start_with(MockConfig {
            calls_per_minute: 1,
            rate_window: Duration::from_millis(300),
            ..Default::default()
        })
        .await
        .unwrap();
        // No client-side limit, so that the mock's 429 is what the client meets; waits long
        // enough for the mock's window to pass.
        let client = Client::builder(mock.credentials())
            .base_url(mock.base_url())
            .no_rate_limit()
            .retry(
                RetryPolicy::default()
                    .max_attempts(5)
                    // Every wait is at least half of 800 ms, longer than the window.
                    .initial_backoff(Duration::from_millis(800))
                    .max_backoff(Duration::from_millis(800)),
            )
            .build()
            .unwrap();
        list(&client).await.expect("the first call");
        list(&client).await.expect("the second call, after a 429");
        let statuses: Vec<u16> = customer_calls(&mock).iter().map(|c| c.1).collect();
        assert_eq!(statuses, [200, 429, 200]);
    })
    .await
}

#[tokio::test]
async fn http_503_is_retried() {
    within(async {
        let mock = MockGateway::start().await.unwrap();
        let client = client_with(&mock, quick());
        mock.inject(Fault::Unavailable, 2);
        list(&client).await.expect("the call, after two 503s");
        let statuses: Vec<u16> = customer_calls(&mock).iter().map(|c| c.1).collect();
        assert_eq!(statuses, [503, 503, 200]);
    })
    .await
}

#[tokio::test]
async fn a_timeout_is_retried() {
    within(async {
        let mock = MockGateway::start().await.unwrap();
        let client = client_with(&mock, quick()).with_timeout(Duration::from_millis(300));
        mock.inject(Fault::Delay(Duration::from_secs(2)), 1);
        list(&client).await.expect("the retry after the timeout");
        assert_eq!(customer_calls(&mock).len(), 2);
    })
    .await
}

#[tokio::test]
async fn attempts_are_bounded_and_the_last_error_says_a_retry_could_help() {
    within(async {
        let mock = MockGateway::start().await.unwrap();
        let client = client_with(&mock, quick().max_attempts(3));
        mock.inject(Fault::GatewayTransient(5007), 10);
        let error = list(&client).await.unwrap_err();
        assert_eq!(error.errcode(), Some(5007));
        assert!(error.is_retryable());
        assert!(error.request_id().is_some());
        assert_eq!(customer_calls(&mock).len(), 3);
    })
    .await
}

#[tokio::test]
async fn no_retry_starts_after_the_time_allowed() {
    within(async {
        let mock = MockGateway::start().await.unwrap();
        // Each wait is at least 500 ms, and only 600 ms are allowed in all: one retry at most.
        let policy = RetryPolicy::default()
            .max_attempts(10)
            .initial_backoff(Duration::from_millis(1_000))
            .max_backoff(Duration::from_millis(1_000))
            .max_elapsed(Duration::from_millis(600));
        let client = client_with(&mock, policy);
        mock.inject(Fault::GatewayTransient(5004), 10);
        list(&client).await.unwrap_err();
        let sent = customer_calls(&mock).len();
        assert!((1..=2).contains(&sent), "{sent} attempts");
    })
    .await
}

#[tokio::test]
async fn business_refusals_and_undecodable_answers_are_not_retried() {
    within(async {
        let mock = MockGateway::start().await.unwrap();
        let client = client_with(&mock, quick());
        let missing = client
            .bd()
            .customer_detail(&jdy::bd::customer::CustomerDetailQuery {
                id: Some("4242".into()),
                ..Default::default()
            })
            .await
            .unwrap_err();
        assert_eq!(missing.errcode(), Some(1030002003));
        assert!(!missing.is_retryable());
        mock.inject(Fault::Malformed, 1);
        let malformed = list(&client).await.unwrap_err();
        assert!(matches!(malformed, Error::Decode { .. }), "{malformed:?}");
        assert!(!malformed.is_retryable());
        let business_calls = mock
            .requests()
            .iter()
            .filter(|r| r.path != jdy::service::TOKEN_PATH)
            .count();
        assert_eq!(business_calls, 2, "each sent once");
    })
    .await
}

#[tokio::test]
async fn a_save_that_fails_transiently_is_not_sent_again_by_default() {
    within(async {
        let mock = MockGateway::start().await.unwrap();
        let client = client_with(&mock, quick());
        mock.inject(Fault::GatewayTransient(5004), 1);
        let error = client
            .bd()
            .customer_save(&new_customer("RETRY-1"))
            .await
            .unwrap_err();
        assert_eq!(error.errcode(), Some(5004));
        assert!(
            error.is_retryable(),
            "the caller may decide to send it again"
        );
        assert_eq!(
            customer_calls(&mock),
            [("POST".to_string(), 519, Some(5004))]
        );
        assert_eq!(mock.record_count("bd/customer"), 23);
    })
    .await
}

#[tokio::test]
async fn a_save_is_retried_when_the_caller_opts_in_and_saved_once() {
    within(async {
        let mock = MockGateway::start().await.unwrap();
        let client = client_with(&mock, quick());
        let opted_in = client.with_retry(quick().retry_non_idempotent(true));
        mock.inject(Fault::GatewayTransient(5004), 2);
        opted_in
            .bd()
            .customer_save(&new_customer("RETRY-2"))
            .await
            .expect("saved on the third attempt");
        let methods: Vec<(String, u16)> = customer_calls(&mock)
            .into_iter()
            .map(|(m, s, _)| (m, s))
            .collect();
        assert_eq!(
            methods,
            [
                ("POST".to_string(), 519),
                ("POST".to_string(), 519),
                ("POST".to_string(), 200)
            ]
        );
        let saved = mock
            .records("bd/customer")
            .into_iter()
            .filter(|r| r["number"] == "RETRY-2")
            .count();
        assert_eq!(saved, 1);
    })
    .await
}

/// On the wire: each attempt carries its own nonce and a current timestamp, and each is
/// signed correctly for what it carries.
#[tokio::test]
async fn each_retry_is_signed_afresh() {
    within(async {
        let server = TestServer::start().await;
        server.reply(
            CUSTOMER_PATH,
            Reply::json(
                519,
                r#"{"errcode":5004,"description":"timeout[GW]","description_cn":"超时"}"#,
            ),
        );
        let client = jdy::Client::builder(credentials())
            .base_url(server.base_url())
            .retry(quick().max_attempts(4))
            .build()
            .unwrap();
        list(&client).await.unwrap_err();
        let attempts = server.requests_to(CUSTOMER_PATH);
        assert_eq!(attempts.len(), 4);
        let nonces: BTreeSet<&str> = attempts.iter().map(|r| r.header("x-api-nonce")).collect();
        assert_eq!(nonces.len(), 4, "a fresh nonce each time: {nonces:?}");
        let timestamps: Vec<u64> = attempts
            .iter()
            .map(|r| r.header("x-api-timestamp").parse().unwrap())
            .collect();
        assert!(
            timestamps.windows(2).all(|w| w[0] <= w[1]),
            "{timestamps:?}"
        );
        assert!(timestamps.last() > timestamps.first(), "{timestamps:?}");
        // The default query is empty, so the signed query line is too.
        for attempt in &attempts {
            assert_eq!(attempt.raw_query(), "");
            let expected = signing::signature(
                "client-secret-1",
                &signing::string_to_sign(
                    "GET",
                    CUSTOMER_PATH,
                    "",
                    attempt.header("x-api-nonce"),
                    attempt.header("x-api-timestamp"),
                ),
            );
            assert_eq!(attempt.header("x-api-signature"), expected);
        }
    })
    .await
}
