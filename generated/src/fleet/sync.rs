//! Incremental sync: walk a list in windows of modification time from a checkpoint kept in
//! the [store](crate::store), so that a program reads only what changed since its last run
//! and resumes where it stopped after a crash.
//!
//! The walk does not know the endpoint: a closure fetches one page of the rows modified in a
//! [`Window`] (for the 72 lists that take `modify_start_time`/`modify_end_time`, those two
//! fields; for others, whichever date fields they filter by). Each window starts `overlap`
//! before the end of the previous one, so that a row the server stamped just before a window
//! ended but made visible only after it was read is still found; a row seen in both is
//! reported once, by its id and modification time. A row modified again is a new version
//! and is reported again.
//!
//! After each window the checkpoint moves to the window's end, with the versions seen in the
//! overlap. A crash loses at most the window in progress: the next run walks it again, so a
//! row is delivered at least once (and, within a run, once).

use std::collections::BTreeSet;
use std::future::Future;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::{Client, Error, Timestamp};

/// The times a window of the walk covers, in milliseconds since 1970, both ends included (the
/// next window starts before this one ends, so a row on the boundary is found either way).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub start_ms: i64,
    pub end_ms: i64,
}

impl Window {
    /// The start as a query field (`modify_start_time`).
    pub fn start(&self) -> Timestamp {
        Timestamp::from_millis(self.start_ms)
    }

    /// The end as a query field (`modify_end_time`).
    pub fn end(&self) -> Timestamp {
        Timestamp::from_millis(self.end_ms)
    }
}

/// One page of the rows of a window, as the fetch closure returns it.
#[derive(Debug, Clone)]
pub struct SyncPage<R> {
    pub rows: Vec<R>,
    /// How many pages the window has (`total_page` of the answer).
    pub total_pages: u64,
    /// How many rows the window has (`count`), if the answer says: when it changes between
    /// the first and the last page, rows moved between pages while they were read, and the
    /// window is read again.
    pub count: Option<u64>,
}

/// A row's identity for the walk: its id and, where the list gives it, its modification time
/// in milliseconds.
///
/// With the time, a row read in two windows is reported once and a row modified again is
/// reported again. Without it (some lists leave it out), a row read in the previous window is
/// not reported again when the next one reads it in their overlap.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Version {
    pub id: String,
    pub modified_ms: Option<i64>,
}

/// What a run did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncReport {
    pub windows: u64,
    pub pages: u64,
    /// Rows handed to the caller.
    pub delivered: u64,
    /// Rows read again in an overlap (or a re-read window) and not handed over twice.
    pub duplicates: u64,
    /// The checkpoint after the run.
    pub checkpoint_ms: i64,
}

/// What the store keeps between runs.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Checkpoint {
    /// The end of the last window walked.
    position: i64,
    /// The versions the next window can read again: modified at or after
    /// `position - overlap`, or of unknown time and read in the last window.
    seen: BTreeSet<(String, Option<i64>)>,
}

/// How many times a window whose rows moved while it was read is read again.
const REREADS: u32 = 3;

/// An incremental walk of one list of one account set, named for its checkpoint.
///
/// ```no_run
/// # async fn run(client: jdy::Client) -> Result<(), jdy::Error> {
/// use jdy::sync::{Sync, SyncPage, Version};
/// let sync = Sync::new(&client, "customers")
///     .start_at(jdy::Timestamp::from_millis(1_577_808_000_000))
///     .window(std::time::Duration::from_secs(7 * 24 * 3600));
/// # let fetch = |_w: jdy::sync::Window, _p: u64| async { Ok(SyncPage::<String> { rows: vec![], total_pages: 0, count: None }) };
/// let report = sync
///     .run(
///         fetch,
///         |row: &String| Version { id: row.clone(), modified_ms: None },
///         |rows| async move { println!("{} rows", rows.len()); Ok(()) },
///     )
///     .await?;
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct Sync {
    client: Client,
    key: String,
    start_ms: i64,
    window: Duration,
    overlap: Duration,
}

impl Sync {
    /// A walk whose checkpoint is kept in `client`'s store under `name` (for that account
    /// set). With no checkpoint yet, it starts at the beginning of time: see
    /// [`start_at`](Self::start_at).
    pub fn new(client: &Client, name: &str) -> Sync {
        Sync {
            key: client.checkpoint_key(name),
            client: client.clone(),
            start_ms: 0,
            window: Duration::from_secs(24 * 3600),
            overlap: Duration::from_secs(5 * 60),
        }
    }

    /// Where the first run starts when there is no checkpoint.
    pub fn start_at(mut self, at: Timestamp) -> Self {
        self.start_ms = at.millis().unwrap_or(0);
        self
    }

    /// How much time one window covers (default a day). Keep it small enough that a window
    /// fits the pages a list can hand out.
    pub fn window(mut self, window: Duration) -> Self {
        self.window = window.max(Duration::from_millis(1));
        self
    }

    /// How far each window reaches back into the previous one (default 5 minutes).
    pub fn overlap(mut self, overlap: Duration) -> Self {
        self.overlap = overlap;
        self
    }

    /// The checkpoint, if a run has kept one: the end of the last window walked.
    pub async fn checkpoint(&self) -> Result<Option<Timestamp>, Error> {
        Ok(self
            .load()
            .await?
            .map(|c| Timestamp::from_millis(c.position)))
    }

    /// Forgets the checkpoint: the next run starts at [`start_at`](Self::start_at).
    pub async fn reset(&self) -> Result<(), Error> {
        let store = self.client.store();
        if let Some(text) = store.get(&self.key).await? {
            store.delete_if(&self.key, &text).await?;
        }
        Ok(())
    }

    /// Walks from the checkpoint to now. `fetch(window, page)` returns page `page` (from 1)
    /// of the rows modified in `window`; `version` names a row; `deliver` receives the new
    /// rows of each window before the checkpoint moves past it.
    pub async fn run<R, F, FFut, V, D, DFut>(
        &self,
        mut fetch: F,
        version: V,
        mut deliver: D,
    ) -> Result<SyncReport, Error>
    where
        F: FnMut(Window, u64) -> FFut,
        FFut: Future<Output = Result<SyncPage<R>, Error>>,
        V: Fn(&R) -> Version,
        D: FnMut(Vec<R>) -> DFut,
        DFut: Future<Output = Result<(), Error>>,
    {
        let overlap = self.overlap.as_millis() as i64;
        // A window must move past its overlap, or the walk would not advance.
        let window = (self.window.as_millis() as i64).max(overlap + 1);
        let until = self.client.gateway_now_ms() as i64;
        let mut checkpoint = self.load().await?.unwrap_or_else(|| Checkpoint {
            position: self.start_ms.saturating_add(overlap),
            seen: BTreeSet::new(),
        });
        let mut report = SyncReport {
            checkpoint_ms: checkpoint.position,
            ..SyncReport::default()
        };
        let mut start = checkpoint.position.saturating_sub(overlap);
        while start < until {
            let end = start.saturating_add(window).min(until);
            let current = Window {
                start_ms: start,
                end_ms: end,
            };
            let rows = self.read_window(&mut fetch, current, &mut report).await?;
            let mut fresh = Vec::new();
            let mut seen = BTreeSet::new();
            for row in rows {
                let v = version(&row);
                let key = (v.id, v.modified_ms);
                if checkpoint.seen.contains(&key) || seen.contains(&key) {
                    report.duplicates += 1;
                    continue;
                }
                seen.insert(key);
                fresh.push(row);
            }
            report.windows += 1;
            report.delivered += fresh.len() as u64;
            if !fresh.is_empty() {
                deliver(fresh).await?;
            }
            // Keep only what the next window can read again.
            let next_start = end.saturating_sub(overlap);
            let older = std::mem::take(&mut checkpoint.seen);
            seen.extend(older.into_iter().filter(|(_, m)| m.is_some()));
            seen.retain(|(_, modified)| modified.is_none_or(|m| m >= next_start));
            checkpoint = Checkpoint {
                position: end,
                seen,
            };
            self.save(&checkpoint).await?;
            report.checkpoint_ms = end;
            if end >= until {
                break;
            }
            start = next_start;
        }
        Ok(report)
    }

    /// Every page of one window; read again (a few times at most) if its count changed while
    /// its pages were read.
    async fn read_window<R, F, FFut>(
        &self,
        fetch: &mut F,
        window: Window,
        report: &mut SyncReport,
    ) -> Result<Vec<R>, Error>
    where
        F: FnMut(Window, u64) -> FFut,
        FFut: Future<Output = Result<SyncPage<R>, Error>>,
    {
        let mut attempt = 0;
        loop {
            attempt += 1;
            let mut rows = Vec::new();
            let mut first_count = None;
            let mut moved = false;
            let mut page = 1;
            loop {
                let answer = fetch(window, page).await?;
                report.pages += 1;
                if page == 1 {
                    first_count = answer.count;
                } else if answer.count != first_count {
                    moved = true;
                }
                let empty = answer.rows.is_empty();
                rows.extend(answer.rows);
                if empty || page >= answer.total_pages {
                    break;
                }
                page += 1;
            }
            if !moved || attempt > REREADS {
                if moved {
                    tracing::warn!(
                        window.start_ms,
                        window.end_ms,
                        "rows kept moving while the window was read; the overlap of the next run covers them"
                    );
                }
                return Ok(rows);
            }
            tracing::debug!(
                window.start_ms,
                "rows moved while the window was read: reading it again"
            );
        }
    }

    async fn load(&self) -> Result<Option<Checkpoint>, Error> {
        let text = self.client.store().get(&self.key).await?;
        Ok(text.and_then(|text| serde_json::from_str(&text).ok()))
    }

    async fn save(&self, checkpoint: &Checkpoint) -> Result<(), Error> {
        let text = serde_json::to_string(checkpoint).unwrap_or_default();
        self.client.store().put(&self.key, &text, None).await?;
        Ok(())
    }
}
