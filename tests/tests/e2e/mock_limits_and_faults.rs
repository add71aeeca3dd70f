//! The mock's rate limit (KINGDEE-API.md section 5) and its injected faults, each seen
//! through the SDK as the `jdy::Error` variant that says where the call failed.

use std::time::{Duration, Instant};

use jdy::bd::customer::{CustomerListQuery, CustomerListRow};
use jdy::mock::{Fault, MockConfig, MockGateway};
use jdy::{Client, Error, RetryPolicy};
use jdy_tests::raw::TOKEN_PATH;
use jdy_tests::{single_shot_client, within, CUSTOMER_PATH};

async fn list(client: &Client) -> Result<jdy::Page<CustomerListRow>, Error> {
    client
        .bd()
        .customer_list(&CustomerListQuery::default())
        .await
}

#[track_caller]
fn assert_gateway<T: std::fmt::Debug>(
    result: Result<T, Error>,
    expected_status: u16,
    expected: Option<i64>,
) {
    match result {
        Err(Error::Gateway {
            status,
            errcode,
            request_id,
            ..
        }) => {
            assert_eq!((status, errcode), (expected_status, expected));
            assert!(request_id.is_some(), "no request id");
        }
        other => panic!("expected Gateway {expected_status} {expected:?}, got {other:?}"),
    }
}

#[tokio::test]
async fn the_sixth_call_in_a_minute_over_a_limit_of_5_is_429_and_a_minute_later_calls_pass() {
    within(async {
        let mock = MockGateway::start_with(MockConfig {
            calls_per_minute: 5,
            ..Default::default()
        })
        .await
        .unwrap();
        let client = single_shot_client(&mock);
        for call in 1..=5 {
            list(&client)
                .await
                .unwrap_or_else(|e| panic!("call {call}: {e}"));
        }
        assert_gateway(list(&client).await, 429, Some(429));
        assert_gateway(list(&client).await, 429, Some(429));
        mock.shift_clock(61_000);
        list(&client).await.expect("a minute later");
        let statuses: Vec<u16> = mock
            .requests()
            .iter()
            .filter(|r| r.path == CUSTOMER_PATH)
            .map(|r| r.status)
            .collect();
        assert_eq!(statuses, [200, 200, 200, 200, 200, 429, 429, 200]);
    })
    .await
}

#[tokio::test]
async fn an_injected_5004_is_gateway_519_5004_once_then_calls_succeed() {
    within(async {
        let mock = MockGateway::start().await.unwrap();
        let client = single_shot_client(&mock);
        mock.inject(Fault::GatewayTransient(5004), 1);
        assert_gateway(list(&client).await, 519, Some(5004));
        let page = list(&client).await.expect("the next call");
        assert_eq!(page.rows.len(), 10);
        // The token call was not affected: the fault went to the business call.
        assert_eq!(
            mock.requests()
                .iter()
                .map(|r| (r.path.as_str(), r.errcode))
                .collect::<Vec<_>>(),
            [
                (TOKEN_PATH, Some(0)),
                (CUSTOMER_PATH, Some(5004)),
                (CUSTOMER_PATH, Some(0))
            ]
        );
    })
    .await
}

#[tokio::test]
async fn faults_injected_n_times_hit_the_next_n_business_calls() {
    within(async {
        let mock = MockGateway::start().await.unwrap();
        let client = single_shot_client(&mock);
        mock.inject(Fault::GatewayTransient(5007), 3);
        for _ in 0..3 {
            assert_gateway(list(&client).await, 519, Some(5007));
        }
        list(&client).await.expect("the fourth call");
    })
    .await
}

#[tokio::test]
async fn an_injected_unavailable_is_gateway_503_without_errcode() {
    within(async {
        let mock = MockGateway::start().await.unwrap();
        let client = single_shot_client(&mock);
        mock.inject(Fault::Unavailable, 1);
        match list(&client).await {
            Err(Error::Gateway {
                status,
                errcode,
                description,
                ..
            }) => {
                assert_eq!((status, errcode), (503, None));
                assert_eq!(description, "Service Temporarily Unavailable");
            }
            other => panic!("expected Gateway 503, got {other:?}"),
        }
        list(&client).await.expect("the next call");
    })
    .await
}

#[tokio::test]
async fn an_injected_malformed_body_is_a_decode_error() {
    within(async {
        let mock = MockGateway::start().await.unwrap();
        let client = single_shot_client(&mock);
        mock.inject(Fault::Malformed, 1);
        match list(&client).await {
            Err(Error::Decode {
                status, request_id, ..
            }) => {
                assert_eq!(status, 200);
                assert!(request_id.is_some());
            }
            other => panic!("expected Error::Decode, got {other:?}"),
        }
        list(&client).await.expect("the next call");
    })
    .await
}

#[tokio::test]
async fn an_injected_2_s_delay_against_a_500_ms_client_timeout_is_a_transport_error() {
    within(async {
        let mock = MockGateway::start().await.unwrap();
        let client = Client::builder(mock.credentials())
            .base_url(mock.base_url())
            .timeout(Duration::from_millis(500))
            .retry(RetryPolicy::never())
            .build()
            .unwrap();
        mock.inject(Fault::Delay(Duration::from_secs(2)), 1);
        let started = Instant::now();
        match list(&client).await {
            Err(Error::Transport { call, source }) => {
                assert_eq!(call.path, CUSTOMER_PATH);
                assert!(source.is_timeout(), "{source}");
            }
            other => panic!("expected Error::Transport, got {other:?}"),
        }
        assert!(
            started.elapsed() < Duration::from_millis(1900),
            "the client gave up after {:?}",
            started.elapsed()
        );
        list(&client).await.expect("the next call");
    })
    .await
}

#[tokio::test]
async fn a_transient_rate_of_1_fails_every_business_call_with_a_transient_code_but_not_the_token_call(
) {
    within(async {
        let mock = MockGateway::start_with(MockConfig {
            transient_rate: 1.0,
            ..Default::default()
        })
        .await
        .unwrap();
        let client = single_shot_client(&mock);
        for _ in 0..20 {
            match list(&client).await {
                Err(Error::Gateway {
                    status, errcode, ..
                }) => {
                    assert_eq!(status, 519);
                    let code = errcode.expect("an errcode");
                    assert!(
                        [5000, 5003, 5004, 5005, 5006, 5007].contains(&code),
                        "{code} is not a transient gateway code"
                    );
                }
                other => panic!("expected a transient Gateway error, got {other:?}"),
            }
        }
        let log = mock.requests();
        let token_calls: Vec<_> = log.iter().filter(|r| r.path == TOKEN_PATH).collect();
        assert_eq!(token_calls.len(), 1);
        assert_eq!(
            (token_calls[0].status, token_calls[0].errcode),
            (200, Some(0))
        );
        assert_eq!(log.len(), 21);
    })
    .await
}

#[tokio::test]
async fn a_malformed_rate_of_1_cuts_every_business_answer() {
    within(async {
        let mock = MockGateway::start_with(MockConfig {
            malformed_rate: 1.0,
            ..Default::default()
        })
        .await
        .unwrap();
        let client = single_shot_client(&mock);
        for _ in 0..5 {
            assert!(
                matches!(list(&client).await, Err(Error::Decode { status: 200, .. })),
                "expected Error::Decode"
            );
        }
    })
    .await
}

#[tokio::test]
async fn configured_latency_delays_every_answer_by_at_least_that_much() {
    within(async {
        let latency = Duration::from_millis(300);
        let mock = MockGateway::start_with(MockConfig {
            latency,
            ..Default::default()
        })
        .await
        .unwrap();
        let client = single_shot_client(&mock);
        // The first call is two requests: the token, then the list.
        let started = Instant::now();
        list(&client).await.expect("first call");
        let first = started.elapsed();
        assert!(first >= latency * 2, "token + list took {first:?}");
        let started = Instant::now();
        list(&client).await.expect("second call");
        let second = started.elapsed();
        assert!(second >= latency, "list took {second:?}");
    })
    .await
}
