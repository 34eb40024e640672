//! The server's one source of time: the domain never reads a clock, the server passes `now`,
//! and the server reads it only from the [`Clock`] it was started with (`App::clock`).
//!
//! In production that is the system clock; tests start the server with a [`ManualClock`] and
//! move it themselves, so PIN expiry, escalation countdowns, session expiry and delivery
//! retries are tested without waiting. Waits that mean "until this moment" go through
//! [`Clock::sleep_until`] so that moving a manual clock wakes them. Nothing else here: no
//! timers of the server's own, no domain rule.

use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use baton_core::Timestamp;
use tokio::sync::watch;

/// Where the server reads the time. Cheap to clone: every clone reads the same time.
#[derive(Clone, Debug, Default)]
pub struct Clock(Source);

#[derive(Clone, Debug, Default)]
enum Source {
    #[default]
    System,
    Manual(ManualClock),
}

impl Clock {
    /// The system's wall clock, with tokio's timers for waiting.
    pub fn system() -> Self {
        Self(Source::System)
    }

    /// The current time as a domain timestamp (Unix milliseconds).
    pub fn now(&self) -> Timestamp {
        match &self.0 {
            Source::System => system_now(),
            Source::Manual(manual) => manual.now(),
        }
    }

    /// Resolves once the clock reads `deadline` or later: for the system clock after the time
    /// between now and then, for a manual clock when it is set or advanced that far.
    pub async fn sleep_until(&self, deadline: Timestamp) {
        match &self.0 {
            Source::System => {
                let wait = deadline
                    .as_millis()
                    .saturating_sub(system_now().as_millis());
                tokio::time::sleep(Duration::from_millis(u64::try_from(wait).unwrap_or(0))).await;
            }
            Source::Manual(manual) => manual.reached(deadline).await,
        }
    }

    /// Resolves once `duration` has passed on this clock, counted from this call (as
    /// `tokio::time::sleep`), not from the first poll.
    pub fn sleep(&self, duration: Duration) -> impl Future<Output = ()> + '_ {
        self.sleep_until(after(self.now(), duration))
    }

    /// The manual clock behind this one, if it is one (tests move it).
    pub fn manual(&self) -> Option<&ManualClock> {
        match &self.0 {
            Source::System => None,
            Source::Manual(manual) => Some(manual),
        }
    }
}

impl From<ManualClock> for Clock {
    fn from(manual: ManualClock) -> Self {
        Self(Source::Manual(manual))
    }
}

/// A clock that stands still until it is set or advanced; moving it wakes every
/// [`Clock::sleep_until`] whose deadline it reaches. Clones share the time.
#[derive(Clone, Debug)]
pub struct ManualClock(Arc<watch::Sender<Timestamp>>);

impl ManualClock {
    /// A clock reading `start`.
    pub fn new(start: Timestamp) -> Self {
        Self(Arc::new(watch::Sender::new(start)))
    }

    /// A clock reading the system's time now (so that timestamps look like today's).
    pub fn starting_now() -> Self {
        Self::new(system_now())
    }

    /// The time it reads.
    pub fn now(&self) -> Timestamp {
        *self.0.borrow()
    }

    /// Sets the time (also backwards) and wakes the waits it reaches.
    pub fn set(&self, at: Timestamp) {
        self.0.send_replace(at);
    }

    /// Moves the time forward by `duration` and wakes the waits it reaches.
    pub fn advance(&self, duration: Duration) {
        self.0.send_modify(|now| *now = after(*now, duration));
    }

    async fn reached(&self, deadline: Timestamp) {
        let mut changes = self.0.subscribe();
        // Fails only once the sender is gone, and `self` holds it.
        let _ = changes.wait_for(|now| *now >= deadline).await;
    }
}

/// The moment `duration` after `at` (saturating).
pub fn after(at: Timestamp, duration: Duration) -> Timestamp {
    let millis = i64::try_from(duration.as_millis()).unwrap_or(i64::MAX);
    Timestamp(at.as_millis().saturating_add(millis))
}

fn system_now() -> Timestamp {
    let millis = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX));
    Timestamp(millis)
}

#[cfg(test)]
mod tests {
    use super::*;

    const WAIT: Duration = Duration::from_secs(10);

    #[tokio::test]
    async fn a_manual_clock_wakes_sleepers_only_once_it_reaches_their_deadline() {
        let manual = ManualClock::new(Timestamp(1_000));
        let clock = Clock::from(manual.clone());
        let sleeper = tokio::spawn({
            let clock = clock.clone();
            async move { clock.sleep_until(Timestamp(3_000)).await }
        });
        manual.advance(Duration::from_millis(1_999));
        assert_eq!(clock.now(), Timestamp(2_999));
        tokio::task::yield_now().await;
        assert!(!sleeper.is_finished(), "woken before its deadline");
        manual.advance(Duration::from_millis(1));
        tokio::time::timeout(WAIT, sleeper)
            .await
            .expect("woken at its deadline")
            .unwrap();
        tokio::time::timeout(WAIT, clock.sleep_until(Timestamp(0)))
            .await
            .expect("a past deadline is reached at once");
    }

    #[tokio::test]
    async fn a_manual_sleep_counts_from_the_call() {
        let manual = ManualClock::new(Timestamp(0));
        let clock = Clock::from(manual.clone());
        manual.set(Timestamp(10_000));
        let sleep = clock.sleep(Duration::from_secs(5));
        manual.advance(Duration::from_secs(5));
        tokio::time::timeout(WAIT, sleep)
            .await
            .expect("woken after five seconds of the clock");
        assert_eq!(
            clock.manual().map(ManualClock::now),
            Some(Timestamp(15_000))
        );
    }

    #[tokio::test]
    async fn the_system_clock_reads_and_waits_for_the_wall_clock() {
        let clock = Clock::system();
        assert!(clock.manual().is_none());
        let start = clock.now();
        tokio::time::timeout(WAIT, clock.sleep(Duration::from_millis(20)))
            .await
            .expect("a short sleep ends");
        assert!(
            clock.now().as_millis() - start.as_millis() >= 19,
            "ms rounding aside"
        );
        let now = clock.now();
        assert!(now > Timestamp(0));
        assert_eq!(
            after(now, Duration::from_millis(1_500)).as_millis() - now.as_millis(),
            1_500
        );
    }
}
