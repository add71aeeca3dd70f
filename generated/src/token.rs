//! The app-token: fetched on first use, kept for its lifetime, shared by every call.

use std::future::Future;
use std::time::{Duration, Instant};

use tokio::sync::Mutex;

use crate::{Error, Secret};

/// Renew this long before the documented expiry, so that a call never starts with a token
/// that expires on its way.
const RENEW_MARGIN: Duration = Duration::from_secs(5 * 60);

/// The cached token. The lock is held while a token is fetched, so concurrent calls that find
/// no valid token wait for the one fetch instead of each starting their own.
#[derive(Debug, Default)]
pub(crate) struct TokenCache {
    slot: Mutex<Option<Cached>>,
}

#[derive(Debug)]
struct Cached {
    token: Secret,
    renew_at: Instant,
}

impl TokenCache {
    /// The current token, fetching one with `fetch` if there is none or it is due for renewal.
    pub(crate) async fn get<F, Fut>(&self, lifetime: Duration, fetch: F) -> Result<Secret, Error>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<Secret, Error>>,
    {
        let mut slot = self.slot.lock().await;
        if let Some(cached) = slot.as_ref() {
            if Instant::now() < cached.renew_at {
                return Ok(cached.token.clone());
            }
        }
        let token = fetch().await?;
        let renew_at = Instant::now() + lifetime.saturating_sub(RENEW_MARGIN);
        *slot = Some(Cached {
            token: token.clone(),
            renew_at,
        });
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

    const DAY: Duration = Duration::from_secs(24 * 3600);

    #[tokio::test]
    async fn only_the_first_of_many_invalidations_of_a_token_forces_a_fetch() {
        let cache = TokenCache::default();
        let fetches = AtomicU32::new(0);
        let fetch = || async {
            let n = fetches.fetch_add(1, Ordering::SeqCst);
            Ok(Secret::new(format!("token-{n}")))
        };
        let first = cache.get(DAY, fetch).await.unwrap();
        cache.invalidate(&first).await;
        let second = cache.get(DAY, fetch).await.unwrap();
        assert_ne!(first, second);
        // Another call refused with the first token must not throw the second away.
        cache.invalidate(&first).await;
        assert_eq!(cache.get(DAY, fetch).await.unwrap(), second);
        assert_eq!(fetches.load(Ordering::SeqCst), 2);
    }
}
