//! One application serving 10,000 account sets against the mock gateway: how much memory an
//! idle account set costs, how many HTTP connection pools and token fetches it takes.
//!
//! ```sh
//! cargo bench -p jdy --features bd,mock --bench fleet
//! ```
//!
//! The mock runs in a child process (this same program, started with `JDY_FLEET_MOCK=1`), so
//! that its memory is not counted. The last line is
//! `account sets: N, bytes per account set: B, HTTP pools: P, token fetches: T`.

use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Instant;

use jdy::bd::customer::CustomerListQuery;
use jdy::mock::{fleet_account, MockConfig, MockGateway};

mod common;

#[global_allocator]
static ALLOCATOR: common::Counting = common::Counting;

const ACCOUNT_SETS: usize = 10_000;
/// Calls in flight at once.
const CONCURRENCY: usize = 64;

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    if std::env::var_os("JDY_FLEET_MOCK").is_some() {
        runtime.block_on(serve_mock());
    } else {
        runtime.block_on(bench());
    }
}

/// The child: a mock with the fleet, its address on the first line; it stops when its
/// standard input closes, printing how many tokens it issued.
async fn serve_mock() {
    let config = MockConfig {
        fleet: ACCOUNT_SETS,
        ..MockConfig::default()
    };
    let mock = MockGateway::start_with(config).await.expect("mock");
    println!("{}", mock.base_url());
    let _ = tokio::task::spawn_blocking(|| {
        let mut sink = Vec::new();
        let _ = std::io::stdin().read_to_end(&mut sink);
    })
    .await;
    println!("tokens issued: {}", mock.tokens_issued());
}

async fn bench() {
    let mut child = Command::new(std::env::current_exe().expect("own path"))
        .env("JDY_FLEET_MOCK", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("start the mock");
    let mut out = BufReader::new(child.stdout.take().expect("stdout"));
    let mut base_url = String::new();
    out.read_line(&mut base_url).expect("the mock's address");
    let defaults = MockConfig::default();

    let app = jdy::App::builder(defaults.client_id.clone(), defaults.client_secret.clone())
        .base_url(base_url.trim())
        .build()
        .expect("app");
    let before = common::live_bytes();
    let started = Instant::now();
    let clients: Vec<jdy::Client> = (0..ACCOUNT_SETS)
        .map(|i| {
            let account = fleet_account(i);
            app.account_set(account.app_key, account.app_secret, defaults.domain.clone())
                .expect("client")
        })
        .collect();
    let created = started.elapsed();
    let bytes_created = common::live_bytes() - before;

    let started = Instant::now();
    let clients = Arc::new(clients);
    let mut tasks = tokio::task::JoinSet::new();
    for lane in 0..CONCURRENCY {
        let clients = clients.clone();
        tasks.spawn(async move {
            for client in clients.iter().skip(lane).step_by(CONCURRENCY) {
                let query = CustomerListQuery {
                    page_size: Some(1),
                    ..Default::default()
                };
                client.bd().customer_list(&query).await.expect("call");
            }
        });
    }
    while let Some(done) = tasks.join_next().await {
        done.expect("task");
    }
    let called = started.elapsed();
    // Let idle connections settle; the clients are still held.
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    let bytes_idle = common::live_bytes() - before;

    drop(child.stdin.take());
    let mut rest = String::new();
    out.read_to_string(&mut rest).expect("the mock's report");
    let _ = child.wait();
    let tokens: usize = rest
        .lines()
        .find_map(|l| l.strip_prefix("tokens issued: "))
        .and_then(|n| n.trim().parse().ok())
        .expect("the mock's token count");

    let n = clients.len();
    println!(
        "created {n} account-set clients in {:.1} ms ({} bytes each before any call)",
        created.as_secs_f64() * 1e3,
        bytes_created / n as isize
    );
    println!(
        "called each once in {:.2} s ({:.0} calls/s, {CONCURRENCY} in flight)",
        called.as_secs_f64(),
        n as f64 / called.as_secs_f64()
    );
    println!(
        "account sets: {n}, bytes per account set: {}, HTTP pools: {}, token fetches: {tokens}",
        bytes_idle / n as isize,
        jdy::http_pools_built()
    );
}
