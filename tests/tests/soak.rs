//! A few thousand calls against a mock that fails at random, rotates its app_secret and
//! expires its tokens along the way: every item arrives exactly once, every read succeeds,
//! and no save is carried out twice. Loopback only, bounded in time.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use jdy::bd::customer::{CustomerDetailQuery, CustomerListQuery, CustomerSaveRequest};
use jdy::mock::{MockConfig, MockGateway};
use jdy::service::{AUTHORIZE_PATH, TOKEN_PATH};
use jdy::{Client, PullAuthorization, RateLimit, RetryPolicy};

const RECORDS: usize = 300;
const SAVES: usize = 400;
const DETAILS: usize = 2_400;
const STREAMS: usize = 4;
const TASKS: usize = 16;
const RESOURCE: &str = "bd/customer";

fn soak_client(mock: &MockGateway, config: &MockConfig) -> Client {
    Client::builder(PullAuthorization::new(
        config.client_id.clone(),
        config.client_secret.clone(),
        config.outer_instance_id.clone(),
    ))
    .base_url(mock.base_url())
    // Enough attempts that a read fails only if retrying is broken (0.05^12).
    .retry(
        RetryPolicy::default()
            .max_attempts(12)
            .initial_backoff(Duration::from_millis(2))
            .max_backoff(Duration::from_millis(20)),
    )
    // Generous, so that the limiter is in the path without slowing the test.
    .rate_limit(RateLimit::per_minute(1_000_000))
    .build()
    .unwrap()
}

/// Expires the mock's tokens and rotates its app_secret every `every` until `stop`; how many
/// times it did.
fn churn(
    mock: Arc<MockGateway>,
    stop: Arc<AtomicBool>,
    every: Duration,
) -> tokio::task::JoinHandle<usize> {
    tokio::spawn(async move {
        let mut times = 0;
        while !stop.load(Ordering::SeqCst) {
            tokio::time::sleep(every).await;
            if times % 4 == 0 {
                mock.rotate_app_secret();
            }
            mock.expire_tokens();
            times += 1;
        }
        times
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn thousands_of_calls_with_random_faults_lose_nothing_and_save_nothing_twice() {
    let config = MockConfig {
        records_per_resource: RECORDS,
        transient_rate: 0.05,
        calls_per_minute: 1_000_000,
        ..Default::default()
    };
    let mock = Arc::new(MockGateway::start_with(config.clone()).await.unwrap());
    let client = soak_client(&mock, &config);
    let seeded_ids: Arc<Vec<String>> = Arc::new(
        mock.records(RESOURCE)
            .iter()
            .map(|r| {
                r["id"]
                    .as_str()
                    .expect("seeded records have ids")
                    .to_string()
            })
            .collect(),
    );
    let stop = Arc::new(AtomicBool::new(false));
    // Slower than a call takes even on a loaded machine: a call whose fresh token expires
    // before it is used, three times running, fails by design (a token refused again and
    // again means something else is wrong), and that is not what this test is about.
    let churner = churn(mock.clone(), stop.clone(), Duration::from_millis(500));

    let run = async {
        // Phase 1: saves, spread over concurrent tasks, sent once each (the default policy).
        let saves: Vec<_> = (0..TASKS)
            .map(|task| {
                let client = client.clone();
                tokio::spawn(async move {
                    let mut outcomes = Vec::new();
                    for i in (task..SAVES).step_by(TASKS) {
                        let number = format!("SOAK-{i:04}");
                        let result = client
                            .bd()
                            .customer_save(&CustomerSaveRequest {
                                name: format!("压力客户 {i}"),
                                number: Some(number.clone()),
                                ..CustomerSaveRequest::new("")
                            })
                            .await;
                        if let Err(error) = &result {
                            assert!(error.is_retryable(), "save {number}: {error}");
                        }
                        outcomes.push((number, result.is_ok()));
                    }
                    outcomes
                })
            })
            .collect();
        let mut saved = BTreeMap::new();
        for task in saves {
            saved.extend(task.await.unwrap());
        }

        // Phase 2: complete listings and detail reads, concurrently.
        let streams: Vec<_> = (0..STREAMS)
            .map(|_| {
                let client = client.clone();
                tokio::spawn(async move {
                    let query = CustomerListQuery {
                        page_size: Some(20),
                        ..Default::default()
                    };
                    let mut items = client.bd().customer_list_items(&query);
                    let mut numbers = Vec::new();
                    while let Some(row) = items.next_item().await {
                        let row = row.expect("every page arrives, after retries");
                        numbers.push(row.number.unwrap_or_default());
                    }
                    numbers
                })
            })
            .collect();
        let details: Vec<_> = (0..TASKS)
            .map(|task| {
                let client = client.clone();
                let ids = seeded_ids.clone();
                tokio::spawn(async move {
                    for i in (task..DETAILS).step_by(TASKS) {
                        let id = &ids[i % ids.len()];
                        let detail = client
                            .bd()
                            .customer_detail(&CustomerDetailQuery {
                                id: Some(id.clone()),
                                ..Default::default()
                            })
                            .await
                            .unwrap_or_else(|e| panic!("detail {id}: {e}"));
                        assert!(detail.id.is_some());
                    }
                })
            })
            .collect();
        let mut listings = Vec::new();
        for stream in streams {
            listings.push(stream.await.unwrap());
        }
        for task in details {
            task.await.unwrap();
        }
        (saved, listings)
    };
    let (saved, listings) = tokio::time::timeout(Duration::from_secs(120), run)
        .await
        .expect("the soak finished in time");
    stop.store(true, Ordering::SeqCst);
    let churned = churner.await.unwrap();

    // No save carried out twice, none lost: what the store holds is exactly what succeeded.
    let records = mock.records(RESOURCE);
    let mut stored: BTreeMap<String, usize> = BTreeMap::new();
    for record in &records {
        if let Some(number) = record["number"].as_str().filter(|n| n.starts_with("SOAK-")) {
            *stored.entry(number.to_string()).or_default() += 1;
        }
    }
    assert!(stored.values().all(|n| *n == 1), "a save was duplicated");
    let succeeded: Vec<&String> = saved
        .iter()
        .filter(|(_, ok)| **ok)
        .map(|(n, _)| n)
        .collect();
    assert_eq!(stored.keys().collect::<Vec<_>>(), succeeded);
    assert!(
        succeeded.len() > SAVES / 2,
        "{} of {SAVES} saves",
        succeeded.len()
    );

    // Every listing has every record exactly once, in the store's order.
    let expected: Vec<String> = records
        .iter()
        .map(|r| r["number"].as_str().unwrap_or_default().to_string())
        .collect();
    for numbers in &listings {
        assert_eq!(numbers, &expected);
    }

    // The churn was met: tokens were refreshed and the app_secret pulled again, and the
    // mock never had to refuse a call for the rate limit.
    let log = mock.requests();
    let fetched = log
        .iter()
        .filter(|r| r.path == TOKEN_PATH && r.errcode == Some(0))
        .count();
    let pulls = log.iter().filter(|r| r.path == AUTHORIZE_PATH).count();
    assert!(churned >= 2, "the churn ran {churned} times");
    assert!(
        fetched >= 2 && fetched <= churned + 1,
        "{fetched} tokens for {churned} expiries"
    );
    assert!(pulls >= 2 && pulls <= churned + 1, "{pulls} pulls");
    assert!(log.iter().all(|r| r.status != 429));
    // Each save was sent once: the only replays are of saves whose token or timestamp the
    // gateway refused, which proves they were not carried out.
    let replay_codes = [4006, 4010, 4011, 1000202001];
    let saves_sent = log
        .iter()
        .filter(|r| r.method == "POST" && r.path == jdy_tests::CUSTOMER_PATH)
        .filter(|r| !r.errcode.is_some_and(|c| replay_codes.contains(&c)))
        .count();
    assert_eq!(saves_sent, SAVES);
    let calls = log.len();
    assert!(calls >= SAVES + DETAILS, "{calls} calls in all");
}
