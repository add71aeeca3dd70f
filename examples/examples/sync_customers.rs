//! Reads the customers modified since the last run, in windows of modification time, from a
//! checkpoint kept in the client's store; runs again to show that nothing is read twice.
//!
//! With `JDY_CLIENT_ID`, `JDY_CLIENT_SECRET`, `JDY_APP_KEY`, `JDY_APP_SECRET` and `JDY_DOMAIN`
//! set it calls the real API; without them, the built-in mock gateway, where it also saves a
//! customer between two runs to show that the next run finds exactly that one.
//!
//! ```sh
//! cargo run --example sync_customers
//! ```

mod common;

use std::process::ExitCode;
use std::time::Duration;

use jdy::bd::customer::{CustomerListQuery, CustomerListRow, CustomerSaveRequest};
use jdy::sync::{Sync, SyncPage, SyncReport, Version, Window};
use jdy::{Client, Timestamp};

/// 2020-01-01 00:00 in China time, where the first run starts.
const START_MS: i64 = 1_577_808_000_000;

#[tokio::main]
async fn main() -> ExitCode {
    let connection = match common::connect().await {
        Ok(connection) => connection,
        Err(error) => {
            eprintln!("sync_customers: {error}");
            return ExitCode::from(2);
        }
    };
    match run(&connection.client).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("sync_customers: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn run(client: &Client) -> Result<(), jdy::Error> {
    let sync = Sync::new(client, "customers")
        .start_at(Timestamp::from_millis(START_MS))
        .window(Duration::from_secs(90 * 24 * 3600));
    print_report("first run", &sync_once(&sync, client).await?);
    print_report("second run", &sync_once(&sync, client).await?);
    if client.base_url() != jdy::service::BASE_URL {
        let saved = client
            .bd()
            .customer_save(&CustomerSaveRequest::new("同步演示客户"))
            .await?;
        println!("saved customer {:?}", saved.ids.first());
        print_report("after a save", &sync_once(&sync, client).await?);
    }
    Ok(())
}

/// One walk from the checkpoint to now, printing the rows it delivers.
async fn sync_once(sync: &Sync, client: &Client) -> Result<SyncReport, jdy::Error> {
    sync.run(
        |window, page| customers(client, window, page),
        // The list's rows have no modification time: the walk tells them apart by id.
        |row: &CustomerListRow| Version {
            id: row.id.clone().unwrap_or_default(),
            modified_ms: None,
        },
        |rows| async move {
            for row in rows {
                println!(
                    "  {:<24} {}",
                    row.number.as_deref().unwrap_or("-"),
                    row.name.as_deref().unwrap_or("-"),
                );
            }
            Ok(())
        },
    )
    .await
}

/// The adapter: one page of the customers modified in `window`.
async fn customers(
    client: &Client,
    window: Window,
    page: u64,
) -> Result<SyncPage<CustomerListRow>, jdy::Error> {
    let query = CustomerListQuery {
        modify_start_time: Some(window.start()),
        modify_end_time: Some(window.end()),
        page: Some(page as i64),
        page_size: Some(100),
        ..Default::default()
    };
    let answer = client.bd().customer_list(&query).await?;
    Ok(SyncPage {
        total_pages: answer.total_page.unwrap_or(1).max(0) as u64,
        count: answer.count.map(|c| c.max(0) as u64),
        rows: answer.rows,
    })
}

fn print_report(what: &str, report: &SyncReport) {
    println!(
        "{what}: {} new, {} seen again in the overlap, {} windows, {} pages; checkpoint {}",
        report.delivered,
        report.duplicates,
        report.windows,
        report.pages,
        Timestamp::from_millis(report.checkpoint_ms).as_str()
    );
}
