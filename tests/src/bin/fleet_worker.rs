//! A process of a fleet, for the multi-process Redis test: `tasks` tasks that each make
//! `calls` customer-list calls to one account set of the mock, sharing its token and rate
//! budget with the other processes through Redis. Prints `ok <calls>` and exits 0, or prints
//! the first error and exits 1.
//!
//! Settings come from the environment: `FLEET_BASE_URL`, `FLEET_REDIS_URL`, `FLEET_TASKS`,
//! `FLEET_CALLS`, `FLEET_RATE_CALLS`, `FLEET_RATE_WINDOW_MS`, `FLEET_LOCK_MS`.

use std::process::ExitCode;
use std::time::Duration;

use jdy::mock::MockConfig;
use jdy::store::RedisStore;
use jdy::{App, RateLimit};

fn setting(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| panic!("{name} is not set"))
}

fn number(name: &str) -> u64 {
    setting(name)
        .parse()
        .unwrap_or_else(|_| panic!("{name} is not a number"))
}

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(calls) => {
            println!("ok {calls}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("fleet_worker: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<u64, Box<dyn std::error::Error>> {
    let mock = MockConfig::default();
    let store = RedisStore::connect(&setting("FLEET_REDIS_URL")).await?;
    let limit = RateLimit::new(
        number("FLEET_RATE_CALLS") as u32,
        Duration::from_millis(number("FLEET_RATE_WINDOW_MS")),
    );
    let app = App::builder(mock.client_id, mock.client_secret)
        .base_url(setting("FLEET_BASE_URL"))
        .store(store)
        .rate_limit(limit)
        .token_lock_expiry(Duration::from_millis(number("FLEET_LOCK_MS")))
        .build()?;
    let client = app.account_set(mock.app_key, mock.app_secret, mock.domain)?;
    let (tasks, calls) = (number("FLEET_TASKS"), number("FLEET_CALLS"));
    let mut running = tokio::task::JoinSet::new();
    for _ in 0..tasks {
        let client = client.clone();
        running.spawn(async move {
            for _ in 0..calls {
                client.bd().customer_list(&Default::default()).await?;
            }
            Ok::<_, jdy::Error>(())
        });
    }
    while let Some(done) = running.join_next().await {
        done??;
    }
    Ok(tasks * calls)
}
