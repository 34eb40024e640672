//! Exponential backoff with jitter: the one implementation every retry uses (the server's
//! outboxes and its escalation recorder, the event feed client's reconnects).
//!
//! [`Backoff::delay`] is pure: the caller passes the random fraction ([`jitter`] draws one),
//! so tests know every wait exactly. No clock and no sleeping here: timers are the callers'.

use std::time::Duration;

/// Waits that double from `first` up to `max`, each made of a fixed half and a half scaled
/// by a random fraction, so that clients that failed together do not retry together.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Backoff {
    /// The wait after the first failure (at most this, at least half of it).
    pub first: Duration,
    /// The longest wait (raised to `first` if below it).
    pub max: Duration,
}

impl Backoff {
    /// The wait after `failures` failures in a row (`1`: after the first), with `jitter` in
    /// `[0, 1]`: the doubled wait's first half, plus its second half scaled by `jitter`.
    pub fn delay(&self, failures: u32, jitter: f64) -> Duration {
        let cap = self.max.max(self.first);
        let doublings = failures.saturating_sub(1).min(31);
        let full = self
            .first
            .checked_mul(1_u32 << doublings)
            .map_or(cap, |wait| wait.min(cap));
        let half = full / 2;
        full - half + half.mul_f64(jitter.clamp(0.0, 1.0))
    }
}

/// A uniform random fraction in `[0, 1)` for [`Backoff::delay`], from the operating system's
/// generator (`crypto.getRandomValues` in the browser); `1.0`, no jitter, if it cannot
/// answer, since a retry without jitter still works.
pub fn jitter() -> f64 {
    let mut bytes = [0_u8; 8];
    match getrandom::getrandom(&mut bytes) {
        Ok(()) => (u64::from_le_bytes(bytes) >> 11) as f64 / (1_u64 << 53) as f64,
        Err(_) => 1.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECOND: Duration = Duration::from_secs(1);

    #[test]
    fn waits_double_up_to_the_cap() {
        let backoff = Backoff {
            first: SECOND,
            max: Duration::from_secs(10),
        };
        let full: Vec<u64> = (1..=6).map(|n| backoff.delay(n, 1.0).as_secs()).collect();
        assert_eq!(full, [1, 2, 4, 8, 10, 10]);
        assert_eq!(backoff.delay(0, 1.0), SECOND, "no failure waits like one");
        assert_eq!(backoff.delay(u32::MAX, 1.0), Duration::from_secs(10));
    }

    #[test]
    fn jitter_spreads_the_second_half() {
        let backoff = Backoff {
            first: Duration::from_secs(4),
            max: Duration::from_secs(60),
        };
        assert_eq!(backoff.delay(1, 0.0), Duration::from_secs(2));
        assert_eq!(backoff.delay(1, 0.5), Duration::from_secs(3));
        assert_eq!(backoff.delay(1, 1.0), Duration::from_secs(4));
        assert_eq!(backoff.delay(1, 7.0), Duration::from_secs(4), "clamped");
    }

    #[test]
    fn a_cap_below_the_first_wait_is_the_first_wait() {
        let backoff = Backoff {
            first: Duration::from_secs(5),
            max: SECOND,
        };
        assert_eq!(backoff.delay(3, 1.0), Duration::from_secs(5));
    }

    #[test]
    fn jitter_lies_in_the_unit_interval_and_spreads_over_it() {
        let draws: Vec<f64> = (0..1_000).map(|_| jitter()).collect();
        assert!(draws.iter().all(|f| (0.0..1.0).contains(f)));
        let low = draws.iter().filter(|f| **f < 0.5).count();
        assert!((350..650).contains(&low), "{low} of 1000 below one half");
    }
}
