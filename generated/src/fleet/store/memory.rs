//! The default store: the state of one process, in memory.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::{Store, StoreError, StoreFuture};
use crate::transport::rate_limit::Budget;
use crate::RateLimit;

/// State kept in this process only: what every client of one [`App`](crate::App) shares
/// when no other store is given. Entries with a time to live are dropped when read after it.
#[derive(Default)]
pub struct MemoryStore {
    values: Mutex<HashMap<Box<str>, Entry>>,
    budgets: Mutex<HashMap<Box<str>, Arc<Budget>>>,
}

struct Entry {
    value: String,
    expires: Option<Instant>,
}

impl MemoryStore {
    pub fn new() -> Self {
        MemoryStore::default()
    }

    fn values(&self) -> std::sync::MutexGuard<'_, HashMap<Box<str>, Entry>> {
        self.values.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn live(&self, key: &str) -> Option<String> {
        let mut values = self.values();
        match values.get(key) {
            Some(entry) if entry.expires.is_some_and(|at| at <= Instant::now()) => {
                values.remove(key);
                None
            }
            Some(entry) => Some(entry.value.clone()),
            None => None,
        }
    }

    fn budget(&self, key: &str, limit: RateLimit) -> Arc<Budget> {
        let mut budgets = self.budgets.lock().unwrap_or_else(|p| p.into_inner());
        match budgets.get(key) {
            Some(budget) if budget.limit() == limit => budget.clone(),
            _ => {
                let budget = Arc::new(Budget::new(limit));
                budgets.insert(key.into(), budget.clone());
                budget
            }
        }
    }
}

fn ready<'a, T: Send + 'a>(value: T) -> StoreFuture<'a, T> {
    Box::pin(std::future::ready(Ok::<T, StoreError>(value)))
}

impl Store for MemoryStore {
    fn get<'a>(&'a self, key: &'a str) -> StoreFuture<'a, Option<String>> {
        ready(self.live(key))
    }

    fn put<'a>(
        &'a self,
        key: &'a str,
        value: &'a str,
        ttl: Option<Duration>,
    ) -> StoreFuture<'a, ()> {
        let entry = Entry {
            value: value.to_owned(),
            expires: ttl.map(|ttl| Instant::now() + ttl),
        };
        self.values().insert(key.into(), entry);
        ready(())
    }

    fn put_if_absent<'a>(
        &'a self,
        key: &'a str,
        value: &'a str,
        ttl: Duration,
    ) -> StoreFuture<'a, bool> {
        let taken = self.live(key).is_some();
        if !taken {
            let entry = Entry {
                value: value.to_owned(),
                expires: Some(Instant::now() + ttl),
            };
            self.values().insert(key.into(), entry);
        }
        ready(!taken)
    }

    fn delete_if<'a>(&'a self, key: &'a str, expected: &'a str) -> StoreFuture<'a, bool> {
        let mut values = self.values();
        let matches = values.get(key).is_some_and(|e| e.value == expected);
        if matches {
            values.remove(key);
        }
        ready(matches)
    }

    fn take_call<'a>(
        &'a self,
        key: &'a str,
        limit: RateLimit,
    ) -> StoreFuture<'a, Option<Duration>> {
        ready(self.budget(key, limit).try_take())
    }

    fn kind(&self) -> &'static str {
        "memory"
    }
}

impl std::fmt::Debug for MemoryStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MemoryStore")
            .field("entries", &self.values().len())
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_lock_is_taken_once_and_released_only_by_its_holder() {
        let store = MemoryStore::new();
        let ttl = Duration::from_secs(60);
        assert!(store.put_if_absent("k", "a", ttl).await.unwrap());
        assert!(!store.put_if_absent("k", "b", ttl).await.unwrap());
        assert!(!store.delete_if("k", "b").await.unwrap());
        assert!(store.delete_if("k", "a").await.unwrap());
        assert!(store.put_if_absent("k", "b", ttl).await.unwrap());
    }

    #[tokio::test]
    async fn an_expired_entry_is_gone() {
        let store = MemoryStore::new();
        store
            .put("k", "v", Some(Duration::from_millis(20)))
            .await
            .unwrap();
        assert_eq!(store.get("k").await.unwrap().as_deref(), Some("v"));
        tokio::time::sleep(Duration::from_millis(30)).await;
        assert_eq!(store.get("k").await.unwrap(), None);
        assert!(store
            .put_if_absent("k", "w", Duration::from_secs(1))
            .await
            .unwrap());
    }

    #[tokio::test]
    async fn a_budget_refuses_past_its_burst_and_says_how_long_to_wait() {
        let store = MemoryStore::new();
        let limit = RateLimit::new(20, Duration::from_secs(10));
        let mut admitted = 0;
        while store.take_call("r", limit).await.unwrap().is_none() {
            admitted += 1;
            assert!(admitted <= 20);
        }
        assert!(admitted >= 1);
        let wait = store.take_call("r", limit).await.unwrap().unwrap();
        assert!(
            wait > Duration::ZERO && wait <= Duration::from_secs(10),
            "{wait:?}"
        );
    }
}
