//! Faults the mock can inject, to test what a client does when the gateway misbehaves.

use std::collections::VecDeque;
use std::time::Duration;

/// Something going wrong on the way to or from the service.
#[derive(Debug, Clone, PartialEq)]
pub enum Fault {
    /// HTTP 519 with a transient gateway code: 5000, or 5003 to 5007.
    GatewayTransient(i64),
    /// HTTP 503 with a plain-text body, as a proxy in front of the gateway would answer.
    Unavailable,
    /// HTTP 200 with a body cut off in the middle.
    Malformed,
    /// Answer normally, but only after this long.
    Delay(Duration),
    /// HTTP 200 with errcode 1000202001 ("JWT token has expired"): the service behind the
    /// gateway refusing a token the gateway let through.
    TokenExpired,
}

/// The faults still to be injected: scheduled ones first, then random ones at the configured
/// rates. Only business calls are affected: the token endpoint answers normally.
#[derive(Debug, Default)]
pub(crate) struct Faults {
    pub(crate) scheduled: VecDeque<Fault>,
    pub(crate) transient_rate: f64,
    pub(crate) malformed_rate: f64,
}

impl Faults {
    pub(crate) fn schedule(&mut self, fault: Fault, times: usize) {
        self.scheduled.extend(std::iter::repeat_n(fault, times));
    }

    /// The fault for the next business call, if any.
    pub(crate) fn next(&mut self) -> Option<Fault> {
        if let Some(fault) = self.scheduled.pop_front() {
            return Some(fault);
        }
        if self.transient_rate > 0.0 && fastrand::f64() < self.transient_rate {
            const TRANSIENT: [i64; 6] = [5000, 5003, 5004, 5005, 5006, 5007];
            return Some(Fault::GatewayTransient(
                TRANSIENT[fastrand::usize(..TRANSIENT.len())],
            ));
        }
        if self.malformed_rate > 0.0 && fastrand::f64() < self.malformed_rate {
            return Some(Fault::Malformed);
        }
        None
    }
}

/// Calls per account set over a sliding window (a minute, unless a test shortens it).
#[derive(Debug, Default)]
pub(crate) struct RateLimit {
    recent: VecDeque<u64>,
}

impl RateLimit {
    /// Counts a call at `now_ms`; `false` if the window ending now already holds `limit`.
    pub(crate) fn admit(&mut self, now_ms: u64, limit: u32, window: Duration) -> bool {
        let window_ms = window.as_millis() as u64;
        while self
            .recent
            .front()
            .is_some_and(|t| now_ms.saturating_sub(*t) >= window_ms)
        {
            self.recent.pop_front();
        }
        if self.recent.len() >= limit as usize {
            return false;
        }
        self.recent.push_back(now_ms);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_limit_slides_with_the_minute() {
        let minute = Duration::from_secs(60);
        let mut limit = RateLimit::default();
        assert!((0..3).all(|i| limit.admit(1_000 + i, 3, minute)));
        // Within the minute of the first call: full.
        assert!(!limit.admit(60_999, 3, minute));
        // A minute after the first call, its place is free again, and only its place.
        assert!(limit.admit(61_000, 3, minute));
        assert!(!limit.admit(61_000, 3, minute));
        // A shorter window frees places sooner.
        let mut short = RateLimit::default();
        assert!(short.admit(0, 1, Duration::from_secs(2)));
        assert!(!short.admit(1_999, 1, Duration::from_secs(2)));
        assert!(short.admit(2_000, 1, Duration::from_secs(2)));
    }

    #[test]
    fn scheduled_faults_come_first_and_run_out() {
        let mut faults = Faults::default();
        faults.schedule(Fault::Unavailable, 2);
        assert_eq!(faults.next(), Some(Fault::Unavailable));
        assert_eq!(faults.next(), Some(Fault::Unavailable));
        assert_eq!(faults.next(), None);
    }
}
