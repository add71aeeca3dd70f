//! A flood of token requests against the mock gateway: the mock's memory before and after,
//! to see that its token book and request log stay within their limits.
//!
//! ```sh
//! cargo bench -p jdy --features mock --bench mock_flood
//! # the same flood with the token and log limits lifted, for comparison:
//! JDY_FLOOD_UNBOUNDED=1 cargo bench -p jdy --features mock --bench mock_flood
//! # more or fewer requests (default 200000):
//! JDY_FLOOD_REQUESTS=50000 cargo bench -p jdy --features mock --bench mock_flood
//! ```
//!
//! Each line gives the process's resident memory (`VmRSS`), the heap bytes in use (counted by
//! this program's allocator), and the tokens and log records the mock keeps.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use jdy::mock::{MockConfig, MockGateway, MockLimits};
use jdy::signing::{self, SigningInput};

mod common;

#[global_allocator]
static ALLOCATOR: common::Counting = common::Counting;

const TOKEN_PATH: &str = "/jdyconnector/app_management/kingdee_auth_token";
/// Requests in flight at once.
const CONCURRENCY: usize = 32;

fn main() {
    let requests: usize = std::env::var("JDY_FLOOD_REQUESTS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(200_000);
    let unbounded = std::env::var_os("JDY_FLOOD_UNBOUNDED").is_some();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(flood(requests, unbounded));
}

async fn flood(requests: usize, unbounded: bool) {
    let mut limits = MockLimits::default();
    if unbounded {
        limits.max_tokens = usize::MAX;
        limits.log_capacity = usize::MAX;
    }
    let config = MockConfig {
        limits,
        ..Default::default()
    };
    let mock = MockGateway::start_with(config.clone())
        .await
        .expect("the mock starts");
    // Building a client installs the TLS crypto provider reqwest needs, even for plain http.
    mock.client().expect("a client");
    let http = reqwest::Client::builder()
        .no_proxy()
        .build()
        .expect("HTTP client");
    let target = Arc::new((http, mock.base_url().to_string(), config));

    // A first round, so that buffers, pools and the allocator's arenas are in place.
    send_tokens(&target, 2_000).await;
    report("after 2000 requests", &mock);
    let started = Instant::now();
    send_tokens(&target, requests).await;
    let elapsed = started.elapsed().as_secs_f64();
    report(&format!("after {requests} more"), &mock);
    println!(
        "{:.0} token requests per second ({} limits)",
        requests as f64 / elapsed,
        if unbounded { "without" } else { "with" }
    );
}

/// Sends `count` token requests, `CONCURRENCY` at a time.
async fn send_tokens(target: &Arc<(reqwest::Client, String, MockConfig)>, count: usize) {
    let left = Arc::new(AtomicUsize::new(count));
    let workers: Vec<_> = (0..CONCURRENCY)
        .map(|_| {
            let (target, left) = (target.clone(), left.clone());
            tokio::spawn(async move {
                while left
                    .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| n.checked_sub(1))
                    .is_ok()
                {
                    token_request(&target).await;
                }
            })
        })
        .collect();
    for worker in workers {
        worker.await.expect("a worker");
    }
}

async fn token_request(target: &(reqwest::Client, String, MockConfig)) {
    let (http, base_url, config) = target;
    let app_signature = signing::app_signature(&config.app_key, config.app_secret.expose());
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or_default()
        .to_string();
    let nonce = fastrand::u64(1_000_000_000..9_999_999_999).to_string();
    let query = [
        ("app_key", config.app_key.as_str()),
        ("app_signature", app_signature.as_str()),
    ];
    let signed = signing::sign(
        config.client_secret.expose(),
        &SigningInput {
            method: "GET",
            path: TOKEN_PATH,
            query: &query,
            nonce: &nonce,
            timestamp: &now,
        },
    );
    let answer = http
        .get(format!("{base_url}{TOKEN_PATH}?{}", signed.query.wire))
        .header("X-Api-ClientID", &config.client_id)
        .header("X-Api-Auth-Version", "2.0")
        .header("X-Api-TimeStamp", &now)
        .header("X-Api-Nonce", &nonce)
        .header("X-Api-SignHeaders", "X-Api-TimeStamp,X-Api-Nonce")
        .header("X-Api-Signature", &signed.signature)
        .send()
        .await
        .expect("the mock answers");
    assert_eq!(answer.status(), 200, "a token answer");
    answer.bytes().await.expect("a whole answer");
}

fn report(when: &str, mock: &MockGateway) {
    let rss = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find_map(|l| l.strip_prefix("VmRSS:").map(|v| v.trim().to_string()))
        })
        .unwrap_or_else(|| "unknown".into());
    let heap = common::live_bytes() as f64 / 1024.0 / 1024.0;
    println!(
        "{when}: VmRSS {rss}, heap {heap:.1} MiB, tokens kept {}, log records {} (dropped {})",
        mock.tokens_kept(),
        mock.requests().len(),
        mock.requests_dropped()
    );
}
