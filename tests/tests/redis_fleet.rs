//! Several processes serving one account set through a shared Redis store (`RedisStore`):
//! one token between them, one budget of calls, a crashed lock holder that stalls the others
//! no longer than its lock's expiry, and a clear error when Redis is down. Every test starts
//! a redis-server of its own on a free loopback port.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use jdy::mock::{MockConfig, MockGateway};
use jdy::store::{MemoryStore, RedisStore, Store};
use jdy::{App, Error, RateLimit, RetryPolicy};
use jdy_tests::redis_server::{free_port, RedisServer};

const PROCESSES: usize = 4;
const TASKS: u64 = 32;
const CALLS: u64 = 2;
/// The account set's budget in the test: a short window, so that the limit is felt in
/// seconds.
const RATE_CALLS: u32 = 100;
const RATE_WINDOW: Duration = Duration::from_secs(2);
const LOCK: Duration = Duration::from_secs(2);

fn worker(mock: &MockGateway, redis: &RedisServer, tasks: u64, calls: u64) -> Child {
    Command::new(env!("CARGO_BIN_EXE_fleet_worker"))
        .env("FLEET_BASE_URL", mock.base_url())
        .env("FLEET_REDIS_URL", redis.url())
        .env("FLEET_TASKS", tasks.to_string())
        .env("FLEET_CALLS", calls.to_string())
        .env("FLEET_RATE_CALLS", RATE_CALLS.to_string())
        .env("FLEET_RATE_WINDOW_MS", RATE_WINDOW.as_millis().to_string())
        .env("FLEET_LOCK_MS", LOCK.as_millis().to_string())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start fleet_worker")
}

async fn wait_until(what: &str, limit: Duration, mut done: impl FnMut() -> bool) -> Instant {
    let deadline = Instant::now() + limit;
    loop {
        if done() {
            return Instant::now();
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn four_processes_of_32_tasks_share_one_token_and_one_budget_and_survive_a_killed_lock_holder(
) {
    let redis = RedisServer::start();
    let mock = MockGateway::start_with(MockConfig {
        calls_per_minute: RATE_CALLS,
        rate_window: RATE_WINDOW,
        ..MockConfig::default()
    })
    .await
    .unwrap();

    // A first process takes the token lock and asks for a token that never comes; it is
    // killed while it holds the lock.
    mock.hold_token_requests(true);
    let mut holder = worker(&mock, &redis, 1, 1);
    wait_until(
        "the first process to ask for a token",
        Duration::from_secs(20),
        || {
            mock.requests()
                .iter()
                .any(|r| r.verdict.starts_with("held"))
        },
    )
    .await;
    holder.kill().expect("kill the lock holder");
    let _ = holder.wait();
    let killed = Instant::now();
    mock.hold_token_requests(false);

    let started = Instant::now();
    let workers: Vec<Child> = (0..PROCESSES)
        .map(|_| worker(&mock, &redis, TASKS, CALLS))
        .collect();
    let token_at = wait_until("a token to be issued", LOCK * 4, || {
        mock.tokens_issued() > 0
    })
    .await;
    let stalled = token_at - killed;
    assert!(
        stalled <= LOCK + Duration::from_millis(1500),
        "the others waited {stalled:?} for a lock that expires after {LOCK:?}"
    );
    assert!(
        stalled >= LOCK / 2,
        "the others fetched a token after {stalled:?}, without waiting for the held lock"
    );

    let workers: Vec<_> = workers
        .into_iter()
        .map(|child| tokio::task::spawn_blocking(move || child.wait_with_output()))
        .collect();
    for output in workers {
        let output = output.await.unwrap().expect("worker output");
        assert!(
            output.status.success(),
            "a worker failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert_eq!(
            String::from_utf8_lossy(&output.stdout).trim(),
            format!("ok {}", TASKS * CALLS)
        );
    }
    let elapsed = started.elapsed();

    let requests = mock.requests();
    let refused: Vec<_> = requests.iter().filter(|r| r.status == 429).collect();
    assert!(
        refused.is_empty(),
        "the mock refused {} calls for rate",
        refused.len()
    );
    let business = requests
        .iter()
        .filter(|r| r.path.starts_with("/jdy/v2/") && r.status == 200)
        .count();
    let total = PROCESSES as u64 * TASKS * CALLS;
    assert_eq!(business as u64, total);
    assert_eq!(mock.tokens_issued(), 1, "one token for every process");
    // The budget was really shared: the calls took at least the windows they needed.
    let windows = (total as u32 / RATE_CALLS) as u64;
    assert!(
        elapsed >= RATE_WINDOW * windows as u32,
        "{total} calls in {elapsed:?}: more than {RATE_CALLS} per {RATE_WINDOW:?}"
    );
}

#[tokio::test]
async fn when_redis_is_down_a_call_fails_with_a_clear_store_error_and_sends_nothing() {
    let mut redis = RedisServer::start();
    let mock = MockGateway::start().await.unwrap();
    let store = RedisStore::connect(&redis.url()).await.unwrap();
    let config = MockConfig::default();
    let app = App::builder(config.client_id, config.client_secret)
        .base_url(mock.base_url())
        .store(store)
        .retry(RetryPolicy::never())
        .build()
        .unwrap();
    let client = app
        .account_set(config.app_key, config.app_secret, config.domain)
        .unwrap();
    redis.stop();

    let started = Instant::now();
    let error = client
        .bd()
        .customer_list(&Default::default())
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Store(_)), "{error:?}");
    let message = error.to_string();
    assert!(message.contains("Redis"), "{message}");
    assert!(error.is_retryable());
    assert!(started.elapsed() < Duration::from_secs(15));
    assert!(
        mock.requests().is_empty(),
        "nothing may be sent without the store"
    );

    // And a store that cannot be reached at all is refused when connecting.
    let unreachable = format!("redis://127.0.0.1:{}/", free_port());
    let refused = RedisStore::connect(&unreachable).await.unwrap_err();
    assert!(refused.to_string().contains("connect"), "{refused}");
}

/// The same operations on both stores give the same answers.
#[tokio::test]
async fn the_memory_and_redis_stores_keep_the_same_contract() {
    let redis = RedisServer::start();
    let stores: Vec<Box<dyn Store>> = vec![
        Box::new(MemoryStore::new()),
        Box::new(RedisStore::connect(&redis.url()).await.unwrap()),
    ];
    for store in &stores {
        let kind = store.kind();
        assert_eq!(store.get("k").await.unwrap(), None, "{kind}");
        store.put("k", "v", None).await.unwrap();
        assert_eq!(
            store.get("k").await.unwrap().as_deref(),
            Some("v"),
            "{kind}"
        );

        let ttl = Duration::from_millis(300);
        assert!(
            store.put_if_absent("lock", "a", ttl).await.unwrap(),
            "{kind}"
        );
        assert!(
            !store.put_if_absent("lock", "b", ttl).await.unwrap(),
            "{kind}"
        );
        assert!(!store.delete_if("lock", "b").await.unwrap(), "{kind}");
        tokio::time::sleep(ttl + Duration::from_millis(100)).await;
        // Expired: the lock of a holder that vanished can be taken.
        assert!(
            store.put_if_absent("lock", "b", ttl).await.unwrap(),
            "{kind}"
        );
        assert!(store.delete_if("lock", "b").await.unwrap(), "{kind}");

        let limit = RateLimit::new(10, Duration::from_millis(500));
        let mut admitted = 0;
        while store.take_call("budget", limit).await.unwrap().is_none() {
            admitted += 1;
            assert!(admitted <= 10, "{kind}: over the limit");
        }
        let wait = store.take_call("budget", limit).await.unwrap().unwrap();
        assert!(wait <= Duration::from_millis(600), "{kind}: {wait:?}");
        tokio::time::sleep(wait).await;
        assert!(
            store.take_call("budget", limit).await.unwrap().is_none(),
            "{kind}: the window did not move on"
        );
    }
}
