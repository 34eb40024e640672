//! What the mail, webhook and push outboxes share: the retry policy (backoff with jitter, then
//! parked as failed), an item's channel and state as operators see them, and the delivery loop
//! itself.
//!
//! Each outbox item fails alone: a failed attempt reschedules that item only, and the webhook
//! feed that fills the outboxes never waits for a delivery. The tables and their sending live
//! in `mail` and `webhooks`; this module knows no protocol and only the columns both tables
//! share ([`Table`]: the attempt counters, the end times, the claim). Delivery functions take `now` so tests drive them with
//! a simulated clock; only [`run`] reads one, the server's [`Clock`].

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use crate::database::Pool;
use baton_api::backoff::{Backoff, jitter};
use baton_core::Timestamp;
use futures_util::FutureExt;
use serde::Deserialize;

use crate::clock::Clock;
use crate::metrics::Metrics;

/// How long a delivery loop sleeps when nothing is due; also bounds how late a row enqueued by
/// another instance (or while the loop slept) is picked up.
const POLL: Duration = Duration::from_secs(1);

/// The shortest lease `[deliveries] claim_seconds` may set: longer than any single attempt
/// (the e-mail and webhook timeouts are 10 s), so that no other instance sends an item while
/// its claimant may still be sending it.
pub const MIN_CLAIM_SECONDS: u64 = 15;

/// Deliveries sent per pass.
pub(crate) const BATCH: i64 = 32;

/// How failed deliveries are retried (`[deliveries]`): exponential backoff from 1 s with
/// jitter, capped, then parked as failed after `max_attempts`.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct RetryPolicy {
    /// Attempts after which a delivery is parked as failed, its last error kept (default 10).
    pub max_attempts: u32,
    /// The longest wait between two attempts, in seconds (default 600).
    pub max_delay_seconds: u64,
    /// How long one claimed delivery stays invisible to the other instances' delivery loops,
    /// in seconds (default 120, at least [`MIN_CLAIM_SECONDS`]). Each claim names its instance
    /// (`claimed_by`): a loop hands back its own claims when it stops and, after a crash, when
    /// its instance starts again; a crashed instance that stays down leaves its claims to the
    /// others once this lease ends (sent again under the same event id).
    pub claim_seconds: u64,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 10,
            max_delay_seconds: 600,
            claim_seconds: 120,
        }
    }
}

impl RetryPolicy {
    /// The wait before the next attempt after `failed_attempts` failures, in milliseconds:
    /// 1 s, 2 s, 4 s … at most `max_delay_seconds`, of which the second half is scaled by
    /// `jitter` (0.0 to 1.0), so that deliveries that failed together do not retry together.
    pub fn delay_millis(&self, failed_attempts: u32, jitter: f64) -> i64 {
        let backoff = Backoff {
            first: Duration::from_secs(1),
            max: Duration::from_secs(self.max_delay_seconds),
        };
        i64::try_from(backoff.delay(failed_attempts, jitter).as_millis()).unwrap_or(i64::MAX)
    }

    /// Until when an item claimed at `now` stays this instance's.
    pub(crate) fn claimed_until(&self, now: Timestamp) -> Timestamp {
        now.plus_seconds(self.claim_seconds)
    }

    /// Whether a delivery that has now failed `attempts` times is parked.
    pub fn parks_after(&self, attempts: u32) -> bool {
        attempts >= self.max_attempts.max(1)
    }

    /// When the next attempt is due after `attempts` failures at `now`, with fresh jitter.
    pub(crate) fn next_attempt(&self, now: Timestamp, attempts: u32) -> Timestamp {
        Timestamp(
            now.as_millis()
                .saturating_add(self.delay_millis(attempts, jitter())),
        )
    }
}

/// Which way a delivery leaves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Channel {
    /// An e-mail over SMTP (`mail_outbox`).
    Email,
    /// A signed webhook POST (`webhook_outbox`).
    Webhook,
    /// An encrypted web push to one device (`push_outbox`).
    Push,
}

impl Channel {
    /// The name in metrics, delivery ids and the admin endpoint.
    pub fn name(self) -> &'static str {
        match self {
            Channel::Email => "email",
            Channel::Webhook => "webhook",
            Channel::Push => "push",
        }
    }

    /// Every channel.
    pub const ALL: [Channel; 3] = [Channel::Email, Channel::Webhook, Channel::Push];
}

/// Wakes a channel's delivery loop when something was queued for it on this instance, so
/// that it goes out at once instead of at the loop's next poll (another instance's items are
/// still picked up by polling). A wake that comes while the loop is busy is kept for its next
/// wait.
#[derive(Debug, Default)]
pub struct Wakers {
    email: tokio::sync::Notify,
    webhook: tokio::sync::Notify,
    push: tokio::sync::Notify,
}

impl Wakers {
    /// Something was queued for `channel`.
    pub fn wake(&self, channel: Channel) {
        self.of(channel).notify_one();
    }

    fn of(&self, channel: Channel) -> &tokio::sync::Notify {
        match channel {
            Channel::Email => &self.email,
            Channel::Webhook => &self.webhook,
            Channel::Push => &self.push,
        }
    }
}

/// What every delivery loop runs with: the server's clock, its metrics and its wakers.
#[derive(Clone)]
pub struct Loop {
    /// Where the loop reads the time.
    pub clock: Clock,
    /// Where it counts its attempts.
    pub metrics: Arc<Metrics>,
    /// What wakes it when something was queued.
    pub wakers: Arc<Wakers>,
}

impl Loop {
    /// A loop on `clock` that counts nowhere and is never woken (tests).
    pub fn on(clock: Clock) -> Self {
        Self {
            clock,
            metrics: Arc::default(),
            wakers: Arc::default(),
        }
    }
}

/// Where one outbox item stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeliveryState {
    /// Waiting for its (next) attempt.
    Pending,
    /// Sent: accepted by the SMTP server, or answered 2xx.
    Delivered,
    /// Parked after too many failures or a permanent refusal; retried only on request.
    Failed,
}

impl DeliveryState {
    /// The name in metrics and the admin endpoint.
    pub fn name(self) -> &'static str {
        match self {
            DeliveryState::Pending => "pending",
            DeliveryState::Delivered => "delivered",
            DeliveryState::Failed => "failed",
        }
    }

    /// Every state.
    pub const ALL: [DeliveryState; 3] = [
        DeliveryState::Pending,
        DeliveryState::Delivered,
        DeliveryState::Failed,
    ];

    /// The state of a row from its two end times.
    pub(crate) fn of(finished: Option<i64>, parked: Option<i64>) -> (Self, Option<Timestamp>) {
        match (finished, parked) {
            (Some(at), _) => (DeliveryState::Delivered, Some(Timestamp(at))),
            (None, Some(at)) => (DeliveryState::Failed, Some(Timestamp(at))),
            (None, None) => (DeliveryState::Pending, None),
        }
    }

    /// The SQL condition selecting rows in this state, given the two end-time columns.
    pub(crate) fn condition(self, finished: &str, parked: &str) -> String {
        match self {
            DeliveryState::Pending => format!("{finished} IS NULL AND {parked} IS NULL"),
            DeliveryState::Delivered => format!("{finished} IS NOT NULL"),
            DeliveryState::Failed => format!("{finished} IS NULL AND {parked} IS NOT NULL"),
        }
    }
}

/// The columns both outbox tables share, for what is the same in both: counting items per
/// state, putting a parked one back in line, handing back an instance's claims.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Table {
    /// The table.
    pub name: &'static str,
    /// The column set when the item was delivered (`parked_at` is `gave_up_at` in both).
    pub finished: &'static str,
    /// Its channel.
    pub channel: Channel,
    /// What an item goes to, as an SQL expression over `o` (the table) and its joins.
    pub target: &'static str,
    /// The joins `target` needs, if any.
    pub joins: &'static str,
    /// The column that says what an item is (event name, subject).
    pub subject: &'static str,
}

impl Table {
    fn pending(self) -> String {
        DeliveryState::Pending.condition(self.finished, "gave_up_at")
    }

    /// The latest `limit` items in `state` (every state when `None`), newest first.
    pub(crate) async fn items(
        self,
        pool: &Pool,
        state: Option<DeliveryState>,
        limit: u32,
    ) -> Result<Vec<Delivery>, sqlx::Error> {
        type Row = (
            i64,
            String,
            String,
            Option<String>,
            i64,
            i64,
            i64,
            Option<i64>,
            Option<i64>,
            Option<String>,
        );
        let finished = format!("o.{}", self.finished);
        let condition = state.map_or_else(
            || "TRUE".to_owned(),
            |s| s.condition(&finished, "o.gave_up_at"),
        );
        let rows: Vec<Row> = sqlx::query_as(&format!(
            "SELECT o.id, {target}, o.{subject}, o.event_id, o.attempts, o.created_at,
                    o.next_attempt_at, {finished}, o.gave_up_at, o.last_error
             FROM {name} o {joins} WHERE {condition} ORDER BY o.id DESC LIMIT $1",
            target = self.target,
            subject = self.subject,
            name = self.name,
            joins = self.joins,
        ))
        .bind(i64::from(limit))
        .fetch_all(pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(
                |(row, target, what, event_id, attempts, created, next, done, parked, error)| {
                    let (state, finished_at) = DeliveryState::of(done, parked);
                    Delivery {
                        channel: self.channel,
                        row,
                        state,
                        target,
                        event_id,
                        what,
                        attempts: u32::try_from(attempts).unwrap_or(u32::MAX),
                        created_at: Timestamp(created),
                        next_attempt_at: Timestamp(next),
                        finished_at,
                        last_error: error,
                    }
                },
            )
            .collect())
    }

    /// How many items are in each state.
    pub(crate) async fn counts(
        self,
        pool: &Pool,
    ) -> Result<Vec<(DeliveryState, u64)>, sqlx::Error> {
        let mut out = Vec::new();
        for state in DeliveryState::ALL {
            let condition = state.condition(self.finished, "gave_up_at");
            let n: i64 = sqlx::query_scalar(&format!(
                "SELECT COUNT(*) FROM {} WHERE {condition}",
                self.name
            ))
            .fetch_one(pool)
            .await?;
            out.push((state, u64::try_from(n).unwrap_or(0)));
        }
        Ok(out)
    }

    /// Puts a parked item back in line, due at `now`, with a fresh count of attempts (the same
    /// event id, so a receiver can still de-duplicate); false when no parked item has this row.
    pub(crate) async fn retry(
        self,
        pool: &Pool,
        row: i64,
        now: Timestamp,
    ) -> Result<bool, sqlx::Error> {
        let parked = DeliveryState::Failed.condition(self.finished, "gave_up_at");
        let done = sqlx::query(&format!(
            "UPDATE {} SET gave_up_at = NULL, attempts = 0, next_attempt_at = $1
             WHERE id = $2 AND {parked}",
            self.name
        ))
        .bind(now.as_millis())
        .bind(row)
        .execute(pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Hands back the items `instance` claimed and did not finish (it is stopping, or it starts
    /// again after dying), so that they are sent without waiting for the claim.
    pub(crate) async fn release_claims(
        self,
        pool: &Pool,
        instance: &str,
        now: Timestamp,
    ) -> Result<(), sqlx::Error> {
        sqlx::query(&format!(
            "UPDATE {} SET next_attempt_at = $1, claimed_by = NULL WHERE claimed_by = $2 AND {}",
            self.name,
            self.pending()
        ))
        .bind(now.as_millis())
        .bind(instance)
        .execute(pool)
        .await?;
        Ok(())
    }
}

/// One outbox item as operators see it (`GET /baton/v1/admin/deliveries`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Delivery {
    /// Its channel.
    pub channel: Channel,
    /// Its row in the channel's outbox.
    pub row: i64,
    /// Where it stands.
    pub state: DeliveryState,
    /// The recipient's address or the webhook's endpoint.
    pub target: String,
    /// The event it was derived from (webhooks: Unblu's event id), if any.
    pub event_id: Option<String>,
    /// The webhook's event name, or the e-mail's subject.
    pub what: String,
    /// Attempts made so far.
    pub attempts: u32,
    /// When it was queued.
    pub created_at: Timestamp,
    /// When the next attempt is due (while pending).
    pub next_attempt_at: Timestamp,
    /// When it was delivered or parked.
    pub finished_at: Option<Timestamp>,
    /// Why the last attempt failed.
    pub last_error: Option<String>,
}

impl Delivery {
    /// Its id across channels: `email-12`, `webhook-7`.
    pub fn id(&self) -> String {
        format!("{}-{}", self.channel.name(), self.row)
    }

    /// The channel and row named by an id from [`Delivery::id`].
    pub fn parse_id(id: &str) -> Option<(Channel, i64)> {
        let (channel, row) = id.split_once('-')?;
        let channel = Channel::ALL.into_iter().find(|c| c.name() == channel)?;
        Some((channel, row.parse().ok()?))
    }
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
/// that did something (more may be due), otherwise after [`POLL`], as soon as `clock` moved
/// [`POLL`] on (a manual clock in tests: retries come due without waiting), or when `wakers`
/// say something was queued for `channel`. A failing pass
/// (the database) is logged and retried after the same pause. Every attempt's outcome is
/// counted per channel. A pass under way is finished, not cut off, when `shutdown` comes: an
/// item sent but not yet marked would otherwise be sent again (the server's grace period
/// bounds the wait).
pub(crate) async fn run<F, Fut, E>(
    channel: Channel,
    context: &Loop,
    shutdown: impl Future<Output = ()>,
    mut pass: F,
) where
    F: FnMut(Timestamp) -> Fut,
    Fut: Future<Output = Result<PassReport, E>>,
    E: std::fmt::Display,
{
    let Loop {
        clock,
        metrics,
        wakers,
    } = context;
    tokio::pin!(shutdown);
    loop {
        let busy = match pass(clock.now()).await {
            Ok(report) => {
                metrics.count_attempts(channel, report);
                report.delivered + report.retrying + report.gave_up > 0
            }
            Err(error) => {
                tracing::warn!("{} delivery pass failed: {error}", channel.name());
                false
            }
        };
        if shutdown.as_mut().now_or_never().is_some() {
            return;
        }
        if !busy {
            tokio::select! {
                () = &mut shutdown => return,
                // Real time picks up rows enqueued meanwhile (also by other instances).
                () = tokio::time::sleep(POLL) => {}
                () = clock.sleep(POLL) => {}
                () = wakers.of(channel).notified() => {}
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
    fn the_delay_doubles_from_one_second_up_to_the_cap_with_jitter_on_its_second_half() {
        let policy = RetryPolicy::default();
        let longest: Vec<i64> = (1..=12)
            .map(|n| policy.delay_millis(n, 1.0) / 1_000)
            .collect();
        assert_eq!(longest, [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 600, 600]);
        let shortest: Vec<i64> = (1..=4).map(|n| policy.delay_millis(n, 0.0)).collect();
        assert_eq!(shortest, [500, 1_000, 2_000, 4_000]);
        assert_eq!(policy.delay_millis(u32::MAX, 1.0), 600_000);
        let capped = RetryPolicy {
            max_attempts: 3,
            max_delay_seconds: 5,
            ..RetryPolicy::default()
        };
        assert_eq!(capped.delay_millis(9, 1.0), 5_000);
        assert!(!capped.parks_after(2) && capped.parks_after(3));
    }

    #[test]
    fn delivery_ids_name_their_channel_and_row() {
        let id = format!("{}-{}", Channel::Webhook.name(), 7);
        assert_eq!(Delivery::parse_id(&id), Some((Channel::Webhook, 7)));
        assert_eq!(Delivery::parse_id("email-12"), Some((Channel::Email, 12)));
        for bad in ["sms-1", "email-", "email-x", "12"] {
            assert_eq!(Delivery::parse_id(bad), None, "{bad}");
        }
    }

    #[tokio::test]
    async fn the_loop_stops_on_shutdown() {
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let passes = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let counted = std::sync::Arc::clone(&passes);
        let task = tokio::spawn(async move {
            run(
                Channel::Email,
                &Loop::on(Clock::system()),
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

    #[tokio::test(start_paused = true)]
    async fn a_wake_runs_a_pass_at_once_instead_of_at_the_next_poll() {
        // Paused time moves only when every task waits: a pass that needed the poll would
        // come a full POLL later.
        let context = Loop::on(Clock::from(crate::clock::ManualClock::new(Timestamp(0))));
        let wakers = Arc::clone(&context.wakers);
        let (seen, mut passes) = tokio::sync::mpsc::unbounded_channel();
        let task = tokio::spawn(async move {
            run(
                Channel::Push,
                &context,
                std::future::pending(),
                move |_now| {
                    let _ = seen.send(tokio::time::Instant::now());
                    async { Ok::<_, std::convert::Infallible>(PassReport::default()) }
                },
            )
            .await;
        });
        let first = passes.recv().await.expect("a first pass");
        wakers.wake(Channel::Push);
        let woken = passes.recv().await.expect("a pass on the wake");
        assert_eq!(woken, first, "no time passed");
        let polled = passes.recv().await.expect("the next poll");
        assert_eq!(polled - woken, POLL);
        task.abort();
    }

    #[tokio::test]
    async fn moving_a_manual_clock_runs_a_pass_at_once() {
        let manual = crate::clock::ManualClock::new(Timestamp(0));
        let clock = Clock::from(manual.clone());
        let (seen, mut passes) = tokio::sync::mpsc::unbounded_channel();
        let task = tokio::spawn(async move {
            run(
                Channel::Webhook,
                &Loop::on(clock),
                std::future::pending(),
                move |now| {
                    let _ = seen.send(now);
                    async { Ok::<_, std::convert::Infallible>(PassReport::default()) }
                },
            )
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
