//! The app-token in this process: fetched on first use, kept for its lifetime, shared by every
//! call. Where it comes from (the store, or the token endpoint under the store's lock) is the
//! client's business; this cache only makes sure the tasks of one process ask once.

use std::future::Future;

use tokio::sync::Mutex;

use crate::{Error, Secret};

/// Renew this long before the expiry, so that a call never starts with a token that expires on
/// its way.
pub(crate) const RENEW_MARGIN_MS: u64 = 5 * 60 * 1000;

/// A token and when it expires, in milliseconds since 1970 (local clock). In a store it is
/// the text `<expires_ms> <token>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct StoredToken {
    pub(crate) token: Secret,
    pub(crate) expires_ms: u64,
}

impl StoredToken {
    pub(crate) fn to_store(&self) -> String {
        format!("{} {}", self.expires_ms, self.token.expose())
    }

    /// Reads the stored form; `None` for anything else (a store shared with other software).
    pub(crate) fn from_store(text: &str) -> Option<StoredToken> {
        let (expires, token) = text.split_once(' ')?;
        let expires_ms = expires.parse().ok()?;
        (!token.is_empty()).then(|| StoredToken {
            token: Secret::new(token),
            expires_ms,
        })
    }

    /// Whether it can still be used at `now_ms` (not within the renewal margin of expiry).
    pub(crate) fn usable_at(&self, now_ms: u64) -> bool {
        now_ms.saturating_add(RENEW_MARGIN_MS) < self.expires_ms
    }
}

/// The cached token. The lock is held while a token is found or fetched, so concurrent calls
/// that find no valid token wait for the one fetch instead of each starting their own.
#[derive(Debug, Default)]
pub(crate) struct TokenCache {
    slot: Mutex<Option<StoredToken>>,
}

impl TokenCache {
    /// The current token, getting one with `fetch` if there is none or it is due for renewal.
    pub(crate) async fn get<F, Fut>(&self, now_ms: u64, fetch: F) -> Result<StoredToken, Error>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<StoredToken, Error>>,
    {
        let mut slot = self.slot.lock().await;
        if let Some(cached) = slot.as_ref().filter(|c| c.usable_at(now_ms)) {
            return Ok(cached.clone());
        }
        let token = fetch().await?;
        *slot = Some(token.clone());
        Ok(token)
    }

    /// Forgets `stale` after the gateway refused it, unless it was already replaced: of many
    /// calls refused with the same token, the first clears it and the others find the new
    /// one (or wait for its fetch), so one refresh serves them all.
    pub(crate) async fn invalidate(&self, stale: &Secret) {
        let mut slot = self.slot.lock().await;
        if slot.as_ref().is_some_and(|cached| &cached.token == stale) {
            *slot = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU32, Ordering};

    const DAY_MS: u64 = 24 * 3600 * 1000;

    #[tokio::test]
    async fn only_the_first_of_many_invalidations_of_a_token_forces_a_fetch() {
        let cache = TokenCache::default();
        let fetches = AtomicU32::new(0);
        let fetch = || async {
            let n = fetches.fetch_add(1, Ordering::SeqCst);
            Ok(StoredToken {
                token: Secret::new(format!("token-{n}")),
                expires_ms: DAY_MS,
            })
        };
        let first = cache.get(0, fetch).await.unwrap();
        cache.invalidate(&first.token).await;
        let second = cache.get(0, fetch).await.unwrap();
        assert_ne!(first, second);
        // Another call refused with the first token must not throw the second away.
        cache.invalidate(&first.token).await;
        assert_eq!(cache.get(0, fetch).await.unwrap(), second);
        assert_eq!(fetches.load(Ordering::SeqCst), 2);
        // Within the renewal margin of its expiry, a token is fetched again.
        let late = DAY_MS - RENEW_MARGIN_MS;
        assert_ne!(cache.get(late, fetch).await.unwrap(), second);
    }

    #[test]
    fn the_stored_form_reads_back_and_nonsense_does_not() {
        let token = StoredToken {
            token: Secret::new("eyJ a"),
            expires_ms: 42,
        };
        assert_eq!(StoredToken::from_store(&token.to_store()), Some(token));
        for bad in ["", "42", "x y", "42 "] {
            assert_eq!(StoredToken::from_store(bad), None, "{bad}");
        }
    }
}
