//! What the mail and webhook outboxes share: the retry schedule and the delivery loop.
//!
//! The outboxes' tables and their sending live in `mail` and `webhooks`; this module knows no
//! SQL and no protocol. Delivery functions take `now` so tests drive them with a simulated
//! clock; only [`run`] reads one, the server's [`Clock`].

use std::future::Future;
use std::time::Duration;

use baton_core::Timestamp;

use crate::clock::Clock;

/// Attempts after which a delivery is given up (its last error is kept).
pub const MAX_ATTEMPTS: u32 = 10;

/// The longest wait between two attempts.
const MAX_DELAY_SECONDS: u64 = 600;

/// How long a delivery loop sleeps when nothing is due; also bounds how late a row enqueued by
/// another instance (or while the loop slept) is picked up.
const POLL: Duration = Duration::from_secs(1);

/// How long one claimed delivery stays invisible to other delivery loops (other instances on
/// the same database). Longer than any single attempt (connect and request timeouts).
pub(crate) const CLAIM_SECONDS: u64 = 120;

/// Deliveries sent per pass.
pub(crate) const BATCH: i64 = 32;

/// The wait before the next attempt after `failed_attempts` failures: 1 s, 2 s, 4 s … at most
/// 10 minutes.
pub fn retry_delay_seconds(failed_attempts: u32) -> u64 {
    let exponent = failed_attempts.saturating_sub(1).min(16);
    (1u64 << exponent).min(MAX_DELAY_SECONDS)
}

/// What one delivery pass did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PassReport {
    /// Delivered (mail accepted by the SMTP server, webhook answered 2xx).
    pub delivered: usize,
    /// Failed and scheduled for another attempt.
    pub retrying: usize,
    /// Failed for the last time.
    pub gave_up: usize,
}

/// Runs `pass` with the time of `clock` until `shutdown` completes: again at once after a pass
/// that delivered something (more may be due), otherwise after [`POLL`], or as soon as `clock`
/// moved [`POLL`] on (a manual clock in tests: retries come due without waiting). A failing
/// pass (the database) is logged and retried after the same pause.
pub(crate) async fn run<F, Fut, E>(
    what: &str,
    clock: &Clock,
    shutdown: impl Future<Output = ()>,
    mut pass: F,
) where
    F: FnMut(Timestamp) -> Fut,
    Fut: Future<Output = Result<PassReport, E>>,
    E: std::fmt::Display,
{
    tokio::pin!(shutdown);
    loop {
        let busy = tokio::select! {
            () = &mut shutdown => return,
            report = pass(clock.now()) => match report {
                Ok(report) => report.delivered + report.retrying + report.gave_up > 0,
                Err(error) => {
                    tracing::warn!("{what} delivery pass failed: {error}");
                    false
                }
            },
        };
        if !busy {
            tokio::select! {
                () = &mut shutdown => return,
                // Real time picks up rows enqueued meanwhile (also by other instances).
                () = tokio::time::sleep(POLL) => {}
                () = clock.sleep(POLL) => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The longest a test waits for the loop.
    const WAIT: Duration = Duration::from_secs(10);

    #[test]
    fn the_delay_doubles_from_one_second_up_to_ten_minutes() {
        let delays: Vec<u64> = (1..=12).map(retry_delay_seconds).collect();
        assert_eq!(delays, [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 600, 600]);
        assert_eq!(retry_delay_seconds(u32::MAX), 600);
    }

    #[tokio::test]
    async fn the_loop_stops_on_shutdown() {
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let passes = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let counted = std::sync::Arc::clone(&passes);
        let task = tokio::spawn(async move {
            run(
                "test",
                &Clock::system(),
                async move {
                    let _ = stopped.await;
                },
                move |_now| {
                    counted.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    async { Ok::<_, std::convert::Infallible>(PassReport::default()) }
                },
            )
            .await;
        });
        tokio::time::timeout(WAIT, async {
            while passes.load(std::sync::atomic::Ordering::SeqCst) == 0 {
                tokio::task::yield_now().await;
            }
        })
        .await
        .expect("a first pass");
        stop.send(()).unwrap();
        tokio::time::timeout(WAIT, task)
            .await
            .expect("stopped")
            .unwrap();
    }

    #[tokio::test]
    async fn moving_a_manual_clock_runs_a_pass_at_once() {
        let manual = crate::clock::ManualClock::new(Timestamp(0));
        let clock = Clock::from(manual.clone());
        let (seen, mut passes) = tokio::sync::mpsc::unbounded_channel();
        let task = tokio::spawn(async move {
            run("test", &clock, std::future::pending(), move |now| {
                let _ = seen.send(now);
                async { Ok::<_, std::convert::Infallible>(PassReport::default()) }
            })
            .await;
        });
        let first = tokio::time::timeout(WAIT, passes.recv())
            .await
            .expect("a pass");
        assert_eq!(first, Some(Timestamp(0)));
        manual.advance(POLL);
        let next = tokio::time::timeout(WAIT, passes.recv())
            .await
            .expect("woken");
        assert_eq!(next, Some(Timestamp(1_000)));
        task.abort();
    }
}
