//! The app-tokens the mock has issued: looked up on every business call, forgotten once
//! expired, and never more than a bounded number of them kept.

use std::collections::{HashMap, VecDeque};

/// What the mock knows of a token it issued.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Issued {
    /// When it expires, in milliseconds since 1970 by the mock's clock.
    pub(crate) expires_at: u64,
    /// The app_key of its account set.
    pub(crate) app_key: String,
}

#[derive(Debug)]
pub(crate) struct Tokens {
    by_value: HashMap<String, Issued>,
    /// Tokens in the order they were issued, which is the order they expire in (every token
    /// gets the same lifetime): the ones to forget first are at the front.
    order: VecDeque<String>,
    issued: u64,
    capacity: usize,
}

impl Tokens {
    pub(crate) fn new(capacity: usize) -> Tokens {
        Tokens {
            by_value: HashMap::new(),
            order: VecDeque::new(),
            issued: 0,
            capacity: capacity.max(1),
        }
    }

    /// Keeps a newly issued token, after forgetting the expired ones and, to stay within the
    /// capacity, the oldest.
    pub(crate) fn issue(&mut self, token: String, issued: Issued, now_ms: u64) {
        while let Some(oldest) = self.order.front() {
            let expired = self
                .by_value
                .get(oldest)
                .is_none_or(|t| t.expires_at <= now_ms);
            if !expired && self.by_value.len() < self.capacity {
                break;
            }
            if let Some(oldest) = self.order.pop_front() {
                self.by_value.remove(&oldest);
            }
        }
        self.order.push_back(token.clone());
        self.by_value.insert(token, issued);
        self.issued += 1;
    }

    pub(crate) fn get(&self, token: &str) -> Option<&Issued> {
        self.by_value.get(token)
    }

    /// Makes every kept token expire at `now_ms`.
    pub(crate) fn expire_all(&mut self, now_ms: u64) {
        for issued in self.by_value.values_mut() {
            issued.expires_at = issued.expires_at.min(now_ms);
        }
    }

    /// Tokens kept (issued, and not yet forgotten).
    pub(crate) fn kept(&self) -> usize {
        self.by_value.len()
    }

    /// Tokens issued since the mock started.
    pub(crate) fn issued(&self) -> u64 {
        self.issued
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn issued(expires_at: u64) -> Issued {
        Issued {
            expires_at,
            app_key: "k".into(),
        }
    }

    #[test]
    fn expired_tokens_are_forgotten_when_the_next_is_issued() {
        let mut tokens = Tokens::new(10);
        tokens.issue("a".into(), issued(100), 0);
        tokens.issue("b".into(), issued(200), 50);
        // At 150 `a` has expired and `b` has not.
        tokens.issue("c".into(), issued(300), 150);
        assert!(tokens.get("a").is_none());
        assert!(tokens.get("b").is_some() && tokens.get("c").is_some());
        assert_eq!((tokens.kept(), tokens.issued()), (2, 3));
    }

    #[test]
    fn past_the_capacity_the_oldest_are_forgotten() {
        let mut tokens = Tokens::new(3);
        for i in 0..10u64 {
            tokens.issue(format!("t{i}"), issued(u64::MAX), i);
        }
        assert_eq!((tokens.kept(), tokens.issued()), (3, 10));
        assert!(tokens.get("t6").is_none());
        assert!(["t7", "t8", "t9"].iter().all(|t| tokens.get(t).is_some()));
        assert_eq!(tokens.order.len(), 3, "the order holds no forgotten token");
    }

    #[test]
    fn expire_all_keeps_the_tokens_but_expired() {
        let mut tokens = Tokens::new(3);
        tokens.issue("a".into(), issued(1_000), 0);
        tokens.expire_all(10);
        assert_eq!(tokens.get("a"), Some(&issued(10)));
    }
}
