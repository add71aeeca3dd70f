//! The time calls are signed with, corrected when the gateway's clock disagrees with ours.
//!
//! `X-Api-TimeStamp` must be within 5 minutes of the gateway's clock (errcode 4006). A host
//! whose clock has drifted would fail every call; instead, on 4006 the client reads the
//! gateway's `Date` header, keeps the difference, and signs every later call with it.

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// A correction smaller than this is not one: `Date` has a resolution of one second, and a
/// 4006 with clocks this close has another cause (a replayed request, a broken header).
const MEANINGFUL_MS: i64 = 2_000;

/// The offset, in milliseconds, to add to the local clock to get the gateway's.
#[derive(Debug, Default)]
pub(crate) struct SkewedClock {
    offset_ms: AtomicI64,
}

impl SkewedClock {
    /// Milliseconds since 1970 by the gateway's clock, as far as we know it.
    pub(crate) fn now_ms(&self) -> u64 {
        local_ms().saturating_add_signed(self.offset_ms.load(Ordering::Relaxed))
    }

    pub(crate) fn offset_ms(&self) -> i64 {
        self.offset_ms.load(Ordering::Relaxed)
    }

    /// Adopts an offset learnt by another process (kept in the store).
    pub(crate) fn set_offset_ms(&self, offset: i64) {
        self.offset_ms.store(offset, Ordering::Relaxed);
    }

    /// Adopts the gateway's time from its `Date` header; whether it differs enough from the
    /// offset a refused call was signed with (`signed_with`) for a retry to have a chance.
    /// Comparing with that offset rather than the current one lets every call refused during
    /// a correction retry, not only the first to read the header.
    pub(crate) fn correct(&self, date_header: &str, signed_with: i64) -> bool {
        let Ok(server) = httpdate::parse_http_date(date_header) else {
            return false;
        };
        // `Date` is truncated to the second: the middle of that second is the best estimate.
        let server_ms = millis_since_epoch(server) + 500;
        let offset = server_ms as i64 - local_ms() as i64;
        self.offset_ms.store(offset, Ordering::Relaxed);
        (offset - signed_with).abs() >= MEANINGFUL_MS
    }
}

pub(crate) fn local_ms() -> u64 {
    millis_since_epoch(SystemTime::now())
}

fn millis_since_epoch(time: SystemTime) -> u64 {
    time.duration_since(UNIX_EPOCH)
        .unwrap_or(Duration::ZERO)
        .as_millis() as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date_in(offset: Duration, ahead: bool) -> String {
        let now = SystemTime::now();
        let then = if ahead { now + offset } else { now - offset };
        httpdate::fmt_http_date(then)
    }

    #[test]
    fn a_gateway_ten_minutes_ahead_moves_the_clock_ten_minutes() {
        let clock = SkewedClock::default();
        assert!(clock.correct(&date_in(Duration::from_secs(600), true), 0));
        let offset = clock.offset_ms();
        assert!((598_000..=601_500).contains(&offset), "{offset}");
        let skewed = clock.now_ms() as i64 - local_ms() as i64;
        assert!((skewed - offset).abs() < 100);
    }

    #[test]
    fn a_gateway_behind_gives_a_negative_offset() {
        let clock = SkewedClock::default();
        assert!(clock.correct(&date_in(Duration::from_secs(3600), false), 0));
        assert!(clock.offset_ms() < -3_590_000);
    }

    #[test]
    fn agreeing_clocks_and_unreadable_dates_are_no_correction() {
        let clock = SkewedClock::default();
        assert!(!clock.correct(&date_in(Duration::ZERO, true), 0));
        assert!(!clock.correct("yesterday", 0));
        assert!(clock.offset_ms().abs() < MEANINGFUL_MS);
    }

    #[test]
    fn a_call_signed_before_the_correction_retries_after_it() {
        let clock = SkewedClock::default();
        let ahead = date_in(Duration::from_secs(600), true);
        assert!(clock.correct(&ahead, 0));
        // A second call, signed with the old offset, learns the same thing: it retries too.
        assert!(clock.correct(&ahead, 0));
        // A call already signed with the corrected offset has another problem.
        assert!(!clock.correct(&ahead, clock.offset_ms()));
    }
}
