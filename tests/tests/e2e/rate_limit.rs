//! The client-side rate limit, seen from the mock: shared by clones and concurrent tasks, it
//! makes calls wait rather than letting the gateway refuse them with 429.

use std::time::Duration;

use jdy::bd::customer::CustomerListQuery;
use jdy::mock::{MockConfig, MockGateway};
use jdy::{Client, RateLimit, RetryPolicy};
use jdy_tests::CUSTOMER_PATH;

const TASKS: usize = 64;
const CALLS_PER_TASK: usize = 2;
/// The mock's limit, counted over a sliding window of two seconds instead of a minute so
/// that the test sees the limit at work many times over in a few seconds.
const LIMIT: u32 = 60;
const WINDOW: Duration = Duration::from_secs(2);

async fn limited_mock() -> MockGateway {
    MockGateway::start_with(MockConfig {
        calls_per_minute: LIMIT,
        rate_window: WINDOW,
        ..Default::default()
    })
    .await
    .unwrap()
}

/// Runs `TASKS` tasks, each with its own clone of `client`, each making `CALLS_PER_TASK`
/// list calls; the number of calls that succeeded.
async fn hammer(client: &Client) -> usize {
    let tasks: Vec<_> = (0..TASKS)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move {
                let mut ok = 0;
                for _ in 0..CALLS_PER_TASK {
                    if client
                        .bd()
                        .customer_list(&CustomerListQuery::default())
                        .await
                        .is_ok()
                    {
                        ok += 1;
                    }
                }
                ok
            })
        })
        .collect();
    let mut ok = 0;
    for task in tasks {
        ok += task.await.expect("the task ran");
    }
    ok
}

fn statuses(mock: &MockGateway) -> Vec<u16> {
    mock.requests()
        .iter()
        .filter(|r| r.path == CUSTOMER_PATH)
        .map(|r| r.status)
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn under_64_concurrent_tasks_the_mock_never_sees_its_limit_exceeded() {
    let mock = limited_mock().await;
    let client = Client::builder(mock.credentials())
        .base_url(mock.base_url())
        .rate_limit(RateLimit::new(LIMIT, WINDOW))
        // A 429 would be retried and hidden: with none allowed, one would fail the call.
        .retry(RetryPolicy::never())
        .build()
        .unwrap();
    let ok = tokio::time::timeout(Duration::from_secs(60), hammer(&client))
        .await
        .expect("the limited run finished");
    assert_eq!(ok, TASKS * CALLS_PER_TASK, "every call succeeded");
    let statuses = statuses(&mock);
    assert_eq!(
        statuses.len(),
        TASKS * CALLS_PER_TASK,
        "no call was sent twice"
    );
    assert!(statuses.iter().all(|s| *s == 200), "{statuses:?}");
}

/// The same load without the client's limit: the mock refuses some calls, so the test above
/// would notice a limiter that let them through.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn without_the_client_limit_the_same_load_is_refused_429() {
    let mock = limited_mock().await;
    let client = Client::builder(mock.credentials())
        .base_url(mock.base_url())
        .no_rate_limit()
        .retry(RetryPolicy::never())
        .build()
        .unwrap();
    let ok = tokio::time::timeout(Duration::from_secs(60), hammer(&client))
        .await
        .expect("the unlimited run finished");
    assert!(ok < TASKS * CALLS_PER_TASK);
    assert!(statuses(&mock).contains(&429));
}

#[tokio::test]
async fn the_default_limit_is_the_documented_500_calls_per_minute() {
    let mock = MockGateway::start().await.unwrap();
    let client = mock.client().unwrap();
    assert_eq!(client.rate_limit(), Some(RateLimit::per_minute(500)));
    assert_eq!(
        client.with_timeout(Duration::from_secs(1)).rate_limit(),
        Some(RateLimit::per_minute(500))
    );
    let unlimited = Client::builder(mock.credentials())
        .no_rate_limit()
        .build()
        .unwrap();
    assert_eq!(unlimited.rate_limit(), None);
}
