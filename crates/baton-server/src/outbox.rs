//! What the mail and webhook outboxes share: the retry schedule, the wall clock their
//! delivery loops read, and the loop itself.
//!
//! The outboxes' tables and their sending live in `mail` and `webhooks`; this module knows no
//! SQL and no protocol. Delivery functions take `now` so tests drive them with a simulated
//! clock; only [`run`] reads the real one.

use std::future::Future;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use baton_core::Timestamp;

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

/// The current time from the system clock.
pub(crate) fn wall_clock() -> Timestamp {
    let millis = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX));
    Timestamp(millis)
}

/// Runs `pass` with the wall clock until `shutdown` completes: again at once after a pass that
/// delivered something (more may be due), otherwise after [`POLL`]. A failing pass (the
/// database) is logged and retried after the same pause.
pub(crate) async fn run<F, Fut, E>(what: &str, shutdown: impl Future<Output = ()>, mut pass: F)
where
    F: FnMut(Timestamp) -> Fut,
    Fut: Future<Output = Result<PassReport, E>>,
    E: std::fmt::Display,
{
    tokio::pin!(shutdown);
    loop {
        let busy = tokio::select! {
            () = &mut shutdown => return,
            report = pass(wall_clock()) => match report {
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
                () = tokio::time::sleep(POLL) => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let task = tokio::spawn(run(
            "test",
            async move {
                let _ = stopped.await;
            },
            move |_now| {
                counted.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                async { Ok::<_, std::convert::Infallible>(PassReport::default()) }
            },
        ));
        while passes.load(std::sync::atomic::Ordering::SeqCst) == 0 {
            tokio::task::yield_now().await;
        }
        stop.send(()).unwrap();
        task.await.unwrap();
    }
}
