//! Incremental sync (`jdy::sync`): windows of modification time from a checkpoint in the
//! store, an overlap between windows, each row version reported once, resumption after a
//! failure. The rows come from a table the test controls, so every expectation is exact;
//! the last test walks the mock's customer list end to end.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use jdy::bd::customer::{CustomerListQuery, CustomerSaveRequest};
use jdy::sync::{Sync, SyncPage, Version, Window};
use jdy::{Client, Error, Timestamp};
use jdy_tests::{credentials, within};

const HOUR: i64 = 3600 * 1000;

/// A table of rows `(id, modified_ms)` served page by page for a window, both ends included.
#[derive(Clone, Default)]
struct Table {
    rows: Arc<Mutex<Vec<(String, i64)>>>,
}

impl Table {
    fn set(&self, id: &str, modified_ms: i64) {
        let mut rows = self.rows.lock().unwrap();
        rows.retain(|(i, _)| i != id);
        rows.push((id.to_string(), modified_ms));
    }

    fn page(&self, window: Window, page: u64, size: usize) -> SyncPage<(String, i64)> {
        let mut rows: Vec<_> = self
            .rows
            .lock()
            .unwrap()
            .iter()
            .filter(|(_, m)| *m >= window.start_ms && *m <= window.end_ms)
            .cloned()
            .collect();
        rows.sort_by_key(|(_, m)| *m);
        let count = rows.len() as u64;
        let start = (page as usize - 1) * size;
        SyncPage {
            rows: rows.into_iter().skip(start).take(size).collect(),
            total_pages: count.div_ceil(size as u64),
            count: Some(count),
        }
    }
}

fn version(row: &(String, i64)) -> Version {
    Version {
        id: row.0.clone(),
        modified_ms: Some(row.1),
    }
}

/// A client used for its store only: nothing is sent.
fn client() -> Client {
    Client::builder(credentials())
        .base_url("http://127.0.0.1:9")
        .build()
        .unwrap()
}

fn now_ms() -> i64 {
    Timestamp::now().millis().unwrap()
}

/// Runs `sync` over `table`, collecting what it delivers.
async fn run(
    sync: &Sync,
    table: &Table,
    delivered: &Arc<Mutex<Vec<(String, i64)>>>,
) -> Result<jdy::sync::SyncReport, Error> {
    sync.run(
        |window, page| {
            let table = table.clone();
            async move { Ok(table.page(window, page, 3)) }
        },
        version,
        |rows| {
            let delivered = delivered.clone();
            async move {
                delivered.lock().unwrap().extend(rows);
                Ok(())
            }
        },
    )
    .await
}

#[tokio::test]
async fn rows_read_twice_across_the_overlap_are_reported_once_and_a_second_run_reads_nothing_new() {
    let start = now_ms() - 10 * HOUR;
    let table = Table::default();
    // One row per 10 minutes over ten hours: with one-hour windows and a 20-minute overlap,
    // two rows of every boundary are read twice.
    for i in 0..60 {
        table.set(&format!("r{i}"), start + i * 10 * 60 * 1000);
    }
    let client = client();
    let sync = Sync::new(&client, "table")
        .start_at(Timestamp::from_millis(start))
        .window(Duration::from_secs(3600))
        .overlap(Duration::from_secs(20 * 60));
    let delivered = Arc::new(Mutex::new(Vec::new()));
    let report = run(&sync, &table, &delivered).await.unwrap();
    let mut ids: Vec<_> = delivered
        .lock()
        .unwrap()
        .iter()
        .map(|r| r.0.clone())
        .collect();
    assert_eq!(ids.len(), 60, "{report:?}");
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 60, "a row was delivered twice");
    assert!(
        report.duplicates >= 10,
        "the overlaps were not read: {report:?}"
    );
    assert!(report.windows >= 10, "{report:?}");

    let again = run(&sync, &table, &delivered).await.unwrap();
    assert_eq!(again.delivered, 0, "{again:?}");
    assert_eq!(delivered.lock().unwrap().len(), 60);

    // A row modified since is read once more, as its new version.
    table.set("r5", now_ms() - 1000);
    let after = run(&sync, &table, &delivered).await.unwrap();
    assert_eq!(after.delivered, 1, "{after:?}");
    assert_eq!(delivered.lock().unwrap().last().unwrap().0, "r5");
}

#[tokio::test]
async fn a_run_that_fails_midway_resumes_from_its_checkpoint_without_losing_a_row() {
    let start = now_ms() - 6 * HOUR;
    let table = Table::default();
    for i in 0..36 {
        table.set(&format!("r{i}"), start + i * 10 * 60 * 1000);
    }
    let client = client();
    let sync = Sync::new(&client, "resume")
        .start_at(Timestamp::from_millis(start))
        .window(Duration::from_secs(3600))
        .overlap(Duration::from_secs(60));
    let delivered = Arc::new(Mutex::new(Vec::<(String, i64)>::new()));
    let calls = Arc::new(Mutex::new(0));
    let failing = sync
        .run(
            |window, page| {
                let (table, calls) = (table.clone(), calls.clone());
                async move {
                    *calls.lock().unwrap() += 1;
                    // The third window fails, as a crash or a lost connection would.
                    if window.start_ms > start + HOUR {
                        return Err(Error::Config("the connection was lost".into()));
                    }
                    Ok(table.page(window, page, 100))
                }
            },
            version,
            |rows| {
                let delivered = delivered.clone();
                async move {
                    delivered.lock().unwrap().extend(rows);
                    Ok(())
                }
            },
        )
        .await;
    assert!(failing.is_err());
    let checkpoint = sync.checkpoint().await.unwrap().unwrap().millis().unwrap();
    // Two windows of an hour, the second starting a minute (the overlap) before the first ended.
    assert_eq!(
        checkpoint,
        start + 2 * HOUR - 60_000,
        "the checkpoint is the end of the last window walked"
    );
    assert_eq!(delivered.lock().unwrap().len(), 12);

    // A new process: a new `Sync` on the same store.
    let resumed = Sync::new(&client, "resume")
        .start_at(Timestamp::from_millis(start))
        .window(Duration::from_secs(3600))
        .overlap(Duration::from_secs(60));
    run(&resumed, &table, &delivered).await.unwrap();
    let mut ids: Vec<_> = delivered
        .lock()
        .unwrap()
        .iter()
        .map(|r| r.0.clone())
        .collect();
    ids.sort();
    let total = ids.len();
    ids.dedup();
    assert_eq!(ids.len(), 36, "a row was lost");
    assert_eq!(total, 36, "a row was delivered twice");
}

#[tokio::test]
async fn a_row_modified_during_the_walk_is_found_by_the_next_run() {
    let start = now_ms() - 3 * HOUR;
    let table = Table::default();
    for i in 0..9 {
        table.set(&format!("r{i}"), start + i * 20 * 60 * 1000);
    }
    let client = client();
    let sync = Sync::new(&client, "moving")
        .start_at(Timestamp::from_millis(start))
        .window(Duration::from_secs(3600));
    let delivered = Arc::new(Mutex::new(Vec::<(String, i64)>::new()));
    let fetches = Arc::new(Mutex::new(0));
    sync.run(
        |window, page| {
            let (table, fetches) = (table.clone(), fetches.clone());
            async move {
                let mut fetches = fetches.lock().unwrap();
                *fetches += 1;
                if *fetches == 2 {
                    // Someone edits the first row between the first and second pages of the
                    // first window: every later row moves up a place, and one would be
                    // skipped if the window were not read again.
                    table.set("r0", now_ms() + 5);
                }
                Ok(table.page(window, page, 2))
            }
        },
        version,
        |rows| {
            let delivered = delivered.clone();
            async move {
                delivered.lock().unwrap().extend(rows);
                Ok(())
            }
        },
    )
    .await
    .unwrap();
    let first: Vec<_> = delivered
        .lock()
        .unwrap()
        .iter()
        .map(|r| r.0.clone())
        .collect();
    // Its old version is gone from the list; rows that moved up a page were not skipped.
    assert_eq!(first.len(), 8, "{first:?}");
    assert!(!first.contains(&"r0".to_string()));

    tokio::time::sleep(Duration::from_millis(20)).await;
    let next = run(&sync, &table, &delivered).await.unwrap();
    assert_eq!(next.delivered, 1, "{next:?}");
    assert_eq!(delivered.lock().unwrap().last().unwrap().0, "r0");
}

#[tokio::test]
async fn the_mock_customer_list_syncs_once_then_only_what_changed() {
    let mock = jdy::mock::MockGateway::start().await.unwrap();
    let client = mock.client().unwrap();
    let sync = Sync::new(&client, "customers")
        .start_at(Timestamp::from_millis(1_577_808_000_000))
        .window(Duration::from_secs(120 * 24 * 3600));
    let ids = Arc::new(Mutex::new(Vec::<String>::new()));
    let walk = || {
        sync.run(
            |window, page| {
                let client = client.clone();
                async move {
                    let query = CustomerListQuery {
                        modify_start_time: Some(window.start()),
                        modify_end_time: Some(window.end()),
                        page: Some(page as i64),
                        page_size: Some(5),
                        ..Default::default()
                    };
                    let answer = client.bd().customer_list(&query).await?;
                    Ok(SyncPage {
                        total_pages: answer.total_page.unwrap_or(1) as u64,
                        count: answer.count.map(|c| c as u64),
                        rows: answer.rows,
                    })
                }
            },
            |row| Version {
                id: row.id.clone().unwrap_or_default(),
                modified_ms: None,
            },
            |rows| {
                let ids = ids.clone();
                async move {
                    ids.lock()
                        .unwrap()
                        .extend(rows.into_iter().filter_map(|r| r.id));
                    Ok(())
                }
            },
        )
    };
    within(walk()).await.unwrap();
    let with_time = mock
        .records("bd/customer")
        .iter()
        .filter(|r| r.contains_key("modify_time"))
        .count();
    assert!(with_time > 0);
    assert_eq!(ids.lock().unwrap().len(), with_time);
    assert_eq!(within(walk()).await.unwrap().delivered, 0);

    let saved = within(
        client
            .bd()
            .customer_save(&CustomerSaveRequest::new("同步测试")),
    )
    .await
    .unwrap();
    let report = within(walk()).await.unwrap();
    assert_eq!(report.delivered, 1);
    assert_eq!(ids.lock().unwrap().last(), saved.ids.first());
}
