//! When a failed call is sent again, and how long to wait first.

use std::time::Duration;

use crate::{Error, Method};

/// How a client retries calls that failed for a reason that may pass: a transport failure
/// or timeout, HTTP 429 or 5xx, or a transient gateway code (5000, 5003 to 5007).
///
/// Waits grow exponentially from `initial_backoff` up to `max_backoff`, with random jitter so
/// that many tasks failing together do not retry together. A call is given up after
/// `max_attempts` sends, or when the next wait would take it past `max_elapsed`.
///
/// Only GET calls are retried by default. A POST (a save, an audit, a delete) that timed out
/// or failed with a 5xx may have been carried out, so sending it again could save twice:
/// [`RetryPolicy::retry_non_idempotent`] opts in for callers whose calls are safe to repeat.
/// Answers that prove the call was not carried out are replayed whatever the method: an
/// expired or invalid token (after fetching a new one; twice at most) and a timestamp the
/// gateway refused (after correcting the clock; once).
///
/// ```
/// use std::time::Duration;
/// let policy = jdy::RetryPolicy::default()
///     .max_attempts(6)
///     .max_elapsed(Duration::from_secs(120));
/// # let _ = policy;
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_elapsed: Duration,
    non_idempotent: bool,
}

impl Default for RetryPolicy {
    /// 4 attempts, waits from 250 ms up to 8 s, at most 60 s in all, GET only.
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 4,
            initial_backoff: Duration::from_millis(250),
            max_backoff: Duration::from_secs(8),
            max_elapsed: Duration::from_secs(60),
            non_idempotent: false,
        }
    }
}

impl RetryPolicy {
    /// Never retry: every call is sent once (token and clock corrections still apply).
    pub fn never() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        }
    }

    /// How many times a call may be sent in all, the first time included (at least 1).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The wait before the first retry; each later wait doubles, up to `max_backoff`.
    pub fn initial_backoff(mut self, wait: Duration) -> Self {
        self.initial_backoff = wait;
        self
    }

    pub fn max_backoff(mut self, wait: Duration) -> Self {
        self.max_backoff = wait;
        self
    }

    /// No retry starts once this long has passed since the first attempt.
    pub fn max_elapsed(mut self, elapsed: Duration) -> Self {
        self.max_elapsed = elapsed;
        self
    }

    /// Retry POST calls too. Only for calls that are safe to carry out twice.
    pub fn retry_non_idempotent(mut self, yes: bool) -> Self {
        self.non_idempotent = yes;
        self
    }

    /// The wait before sending again a call that failed with `error` on attempt `attempt`
    /// (1 for the first send), `elapsed` after it started; `None` to give up.
    pub(crate) fn next_wait(
        &self,
        method: Method,
        error: &Error,
        attempt: u32,
        elapsed: Duration,
    ) -> Option<Duration> {
        if attempt >= self.max_attempts || !error.is_retryable() {
            return None;
        }
        if method != Method::Get && !self.non_idempotent {
            return None;
        }
        let wait = self.backoff(attempt);
        (elapsed + wait <= self.max_elapsed).then_some(wait)
    }

    /// Exponential backoff with "equal jitter": half the step is kept, the other half drawn at
    /// random, so waits still grow while retries of concurrent calls spread out.
    fn backoff(&self, attempt: u32) -> Duration {
        let doublings = attempt.saturating_sub(1).min(20);
        let step = self
            .initial_backoff
            .saturating_mul(1 << doublings)
            .min(self.max_backoff);
        let half = step / 2;
        let jitter = (step - half).mul_f64(fastrand::f64());
        half + jitter
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::errors::CallName;

    fn transient() -> Error {
        Error::Gateway {
            call: CallName {
                method: Method::Get,
                path: "/jdy/v2/bd/customer".into(),
            },
            status: 519,
            errcode: Some(5004),
            description: "timeout[GW]".into(),
            description_cn: None,
            request_id: None,
        }
    }

    fn business() -> Error {
        Error::Business {
            call: CallName {
                method: Method::Get,
                path: "/jdy/v2/bd/customer".into(),
            },
            errcode: 1030002003,
            description: "数据不存在".into(),
            request_id: None,
        }
    }

    #[test]
    fn waits_grow_and_stay_within_their_step() {
        let policy = RetryPolicy::default()
            .initial_backoff(Duration::from_millis(100))
            .max_backoff(Duration::from_millis(1_000));
        for _ in 0..200 {
            let first = policy.backoff(1);
            assert!(first >= Duration::from_millis(50) && first <= Duration::from_millis(100));
            let third = policy.backoff(3);
            assert!(third >= Duration::from_millis(200) && third <= Duration::from_millis(400));
            let capped = policy.backoff(30);
            assert!(capped >= Duration::from_millis(500) && capped <= Duration::from_millis(1_000));
        }
    }

    #[test]
    fn only_retryable_errors_of_get_calls_are_retried_by_default() {
        let policy = RetryPolicy::default();
        let zero = Duration::ZERO;
        assert!(policy
            .next_wait(Method::Get, &transient(), 1, zero)
            .is_some());
        assert!(policy
            .next_wait(Method::Get, &business(), 1, zero)
            .is_none());
        assert!(policy
            .next_wait(Method::Post, &transient(), 1, zero)
            .is_none());
        let opted_in = policy.retry_non_idempotent(true);
        assert!(opted_in
            .next_wait(Method::Post, &transient(), 1, zero)
            .is_some());
    }

    #[test]
    fn attempts_and_elapsed_time_are_bounded() {
        let policy = RetryPolicy::default()
            .max_attempts(3)
            .max_elapsed(Duration::from_secs(10));
        let zero = Duration::ZERO;
        assert!(policy
            .next_wait(Method::Get, &transient(), 2, zero)
            .is_some());
        assert!(policy
            .next_wait(Method::Get, &transient(), 3, zero)
            .is_none());
        let late = Duration::from_secs(10);
        assert!(policy
            .next_wait(Method::Get, &transient(), 1, late)
            .is_none());
        assert!(RetryPolicy::never()
            .next_wait(Method::Get, &transient(), 1, zero)
            .is_none());
    }
}
