//! The client-side limit on calls per minute, so that the gateway's own limit is never hit.

use std::num::NonZeroU32;
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultDirectRateLimiter, Quota};

/// How many business calls a client may start in a window of time: by default the documented
/// 500 calls per minute per account set.
///
/// The limiter admits a burst of a tenth of the calls at once and spaces the rest evenly, so
/// that no window of `per`, wherever it starts, holds more than `calls` calls: the gateway
/// counts over a sliding minute, and a limiter that allowed a full burst at the start of each
/// minute would let through nearly twice the limit across a minute boundary. A further 2% is
/// kept in hand, because calls admitted evenly here do not arrive evenly there: the network
/// delays some more than others. A call over the limit waits for its turn; it is not refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    calls: u32,
    per: Duration,
}

impl Default for RateLimit {
    fn default() -> Self {
        RateLimit::per_minute(crate::service::limits::CALLS_PER_MINUTE as u32)
    }
}

impl RateLimit {
    /// `calls` per minute (at least 1).
    pub fn per_minute(calls: u32) -> Self {
        RateLimit::new(calls, Duration::from_secs(60))
    }

    /// `calls` in any window of `per` (at least 1 call, at least 1 ms).
    pub fn new(calls: u32, per: Duration) -> Self {
        RateLimit {
            calls: calls.max(1),
            per: per.max(Duration::from_millis(1)),
        }
    }

    pub fn calls(&self) -> u32 {
        self.calls
    }

    pub fn per(&self) -> Duration {
        self.per
    }

    /// The GCRA quota that keeps every sliding window within the limit: a burst of `b` and
    /// `calls - b - margin` spread over the window, so at most `calls - margin - 1` fit in it.
    pub(crate) fn quota(&self) -> Quota {
        let burst = (self.calls / 10).max(1);
        let margin = (self.calls / 50).max(1);
        let spread = self.calls.saturating_sub(burst + margin).max(1);
        let interval = (self.per / spread).max(Duration::from_nanos(1));
        let burst = NonZeroU32::new(burst).unwrap_or(NonZeroU32::MIN);
        Quota::with_period(interval)
            .unwrap_or_else(|| Quota::per_second(NonZeroU32::MAX))
            .allow_burst(burst)
    }
}

/// The budget of one account set in one process: the GCRA limiter of a
/// [`MemoryStore`](crate::store::MemoryStore).
pub(crate) struct Budget {
    limit: RateLimit,
    gcra: DefaultDirectRateLimiter,
    clock: DefaultClock,
}

impl Budget {
    pub(crate) fn new(limit: RateLimit) -> Self {
        Budget {
            limit,
            gcra: DefaultDirectRateLimiter::direct(limit.quota()),
            clock: DefaultClock::default(),
        }
    }

    pub(crate) fn limit(&self) -> RateLimit {
        self.limit
    }

    /// Takes the place of one call if there is one now; otherwise how long until there is.
    pub(crate) fn try_take(&self) -> Option<Duration> {
        match self.gcra.check() {
            Ok(()) => None,
            Err(not_until) => Some(not_until.wait_time_from(self.clock.now())),
        }
    }
}

/// Waits until `store` has room for one more call in the budget `key`, and takes its place;
/// the time waited.
pub(crate) async fn acquire(
    store: &dyn crate::store::Store,
    key: &str,
    limit: RateLimit,
) -> Result<Duration, crate::store::StoreError> {
    let mut waited = Duration::ZERO;
    while let Some(wait) = store.take_call(key, limit).await? {
        // A tiny spread keeps tasks woken for the same slot from all asking at once.
        let wait = wait + Duration::from_micros(fastrand::u64(..500));
        tokio::time::sleep(wait).await;
        waited += wait;
    }
    Ok(waited)
}

#[cfg(test)]
mod tests {
    use super::*;
    use governor::clock::FakeRelativeClock;
    use governor::RateLimiter;

    /// Admits as many calls as the quota allows, one every millisecond of a fake clock, and
    /// returns the admission times in milliseconds.
    fn admissions(limit: RateLimit, over: Duration) -> Vec<u64> {
        let clock = FakeRelativeClock::default();
        let gcra = RateLimiter::direct_with_clock(limit.quota(), clock.clone());
        let mut admitted = Vec::new();
        let mut now = 0;
        while now < over.as_millis() as u64 {
            if gcra.check().is_ok() {
                admitted.push(now);
            } else {
                clock.advance(Duration::from_millis(1));
                now += 1;
            }
        }
        admitted
    }

    #[test]
    fn no_sliding_window_holds_more_than_the_limit() {
        for limit in [
            RateLimit::per_minute(500),
            RateLimit::new(40, Duration::from_secs(2)),
            RateLimit::new(3, Duration::from_secs(1)),
        ] {
            let window = limit.per().as_millis() as u64;
            let times = admissions(limit, limit.per() * 3);
            for (i, start) in times.iter().enumerate() {
                let in_window = times[i..].iter().take_while(|t| **t < start + window);
                assert!(
                    in_window.count() <= limit.calls() as usize,
                    "{limit:?}: too many calls in the window starting at {start} ms"
                );
            }
            // And the limit is used, not starved: over three windows, most of it is admitted
            // (a tiny limit gives up a larger share to its margin).
            assert!(
                limit.calls() < 20 || times.len() as u32 >= limit.calls() * 3 * 8 / 10,
                "{limit:?}: {times:?}"
            );
        }
    }

    #[test]
    fn a_tenth_of_the_limit_goes_at_once() {
        let times = admissions(RateLimit::per_minute(500), Duration::from_millis(1));
        assert_eq!(times.len(), 50);
    }
}
