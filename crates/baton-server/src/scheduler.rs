//! The delegation scheduler: drives `baton-core`'s delegation engine with the server's clock
//! (`App::clock`: real time, or a manual clock that tests move) and records what its effects
//! say happened, as `Actor::System` commands (`RecordDeputiesNotified`,
//! `RecordDelegationUnanswered`, `CancelDeputyPrompt`).
//!
//! It sends nothing itself: e-mails and webhooks follow from the recorded events through the
//! checkpointed feed (`webhook_feed` with `notices`), so a crash between recording and sending
//! loses no notice. `RevokeNotifications` needs no record: the feed withdraws pushes from the
//! accepting, declining or revoking event itself (also after the delegation went unanswered,
//! which the engine no longer tracks). After a restart the engine is restored from the state
//! and overdue deadlines fire once.
//!
//! No effect is dropped: an effect whose recording fails (the database busy, the pool timing
//! out) stays in the [`Backlog`] and is retried with backoff until it is recorded or the
//! domain refuses it (provably obsolete: the request was answered meanwhile). The backlog is
//! recorded in the order the engine emitted it, so a later level is never recorded before an
//! earlier one (which the domain would then treat as already notified). A process that dies
//! with a backlog loses nothing either: the restored engine fires those deadlines again.

use std::collections::VecDeque;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use baton_core::command::Command;
use baton_core::delegation::Effect;
use baton_core::{Actor, Timestamp};

use crate::clock;
use crate::http::App;
use crate::runtime::ExecuteError;
use baton_api::backoff::Backoff;

/// Longest sleep when nothing is due (the engine wakes the scheduler on every new event).
const IDLE: Duration = Duration::from_secs(3_600);

/// How a failed recording is retried: exponential backoff with jitter, at most 30 s apart,
/// never given up.
const RETRY: Backoff = Backoff {
    first: Duration::from_secs(1),
    max: Duration::from_secs(30),
};

/// Runs until `stop` resolves.
pub async fn run(app: Arc<App>, stop: impl Future<Output = ()>) {
    tokio::pin!(stop);
    let mut backlog = Backlog::default();
    loop {
        let now = app.clock.now();
        backlog.extend(app.runtime.fire_due(now));
        let retry_at = backlog
            .record(now, |command, at| {
                let app = Arc::clone(&app);
                async move { app.runtime.execute(&Actor::System, command, at).await }
            })
            .await;
        let wake = [app.runtime.next_deadline(), retry_at]
            .into_iter()
            .flatten()
            .min()
            .unwrap_or_else(|| clock::after(app.clock.now(), IDLE));
        tokio::select! {
            () = app.clock.sleep_until(wake) => {}
            () = app.runtime.engine_changed() => {}
            () = &mut stop => return,
        }
    }
}

/// The command that records an effect, if it needs one.
fn command(effect: Effect) -> Option<Command> {
    match effect {
        Effect::NotifyDeputies {
            invitation,
            level,
            deputies,
            ..
        } => Some(Command::RecordDeputiesNotified {
            invitation,
            level,
            deputies,
        }),
        Effect::Unanswered { invitation, .. } => {
            Some(Command::RecordDelegationUnanswered { invitation })
        }
        Effect::CancelPrompt {
            conversation,
            prompt,
        } => Some(Command::CancelDeputyPrompt {
            conversation,
            prompt,
        }),
        Effect::RevokeNotifications { .. } => None,
    }
}

/// The engine's effects not recorded yet, oldest first, and how long to wait before trying the
/// oldest again.
#[derive(Debug, Default)]
pub struct Backlog {
    commands: VecDeque<Command>,
    /// Failed attempts at the oldest command in a row.
    failures: u32,
    /// Not before this time when the oldest command failed.
    retry_at: Option<Timestamp>,
}

impl Backlog {
    /// Adds the commands of newly emitted effects after those still waiting.
    pub fn extend(&mut self, effects: impl IntoIterator<Item = Effect>) {
        self.commands
            .extend(effects.into_iter().filter_map(command));
    }

    /// Commands waiting to be recorded.
    pub fn len(&self) -> usize {
        self.commands.len()
    }

    /// Whether everything is recorded.
    pub fn is_empty(&self) -> bool {
        self.commands.is_empty()
    }

    /// Records the waiting commands in order with `record` at `now`; stops at the first one
    /// that cannot be recorded and returns when to try again (`None`: nothing waits). A
    /// command the domain refuses is obsolete and dropped.
    pub async fn record<F, Fut>(&mut self, now: Timestamp, mut record: F) -> Option<Timestamp>
    where
        F: FnMut(Command, Timestamp) -> Fut,
        Fut: Future<Output = Result<Vec<Arc<crate::store::Recorded>>, ExecuteError>>,
    {
        if self.retry_at.is_some_and(|at| now < at) {
            return self.retry_at;
        }
        while let Some(next) = self.commands.front() {
            match record(next.clone(), now).await {
                Ok(_) => {}
                Err(ExecuteError::Domain(refusal)) => {
                    tracing::info!(%refusal, "a delegation effect is obsolete");
                }
                Err(error) => {
                    self.failures = self.failures.saturating_add(1);
                    let delay = RETRY.delay(self.failures, baton_api::backoff::jitter());
                    let at = crate::clock::after(now, delay);
                    tracing::warn!(%error, attempts = self.failures, "a delegation effect will be recorded again");
                    self.retry_at = Some(at);
                    return self.retry_at;
                }
            }
            self.commands.pop_front();
            self.failures = 0;
            self.retry_at = None;
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU32, Ordering};

    use baton_core::conversation::Recipient;
    use baton_core::event::Event;
    use baton_core::{Config, demo};

    use crate::runtime::Runtime;
    use crate::store::{EventStore, StoreError};

    async fn bank(dir: &tempfile::TempDir, config: Config) -> Runtime {
        let store = EventStore::open(&dir.path().join("baton.db"))
            .await
            .unwrap();
        let runtime = Runtime::start(store, config, baton_core::invitation::TokenKey::default())
            .await
            .unwrap();
        for (actor, command) in demo::commands() {
            runtime
                .execute(&actor, command, Timestamp(1))
                .await
                .unwrap();
        }
        runtime
    }

    fn delegation() -> Config {
        Config {
            messenger_enable_deputy_delegation: true,
            enable_deputy_delegation: true,
            ..Config::default()
        }
    }

    async fn request_to_anna(runtime: &Runtime, at: Timestamp) {
        let request = Command::CreateConversation {
            id: "new".into(),
            account: demo::ACCOUNT.into(),
            topic: None,
            visitor: Some(demo::VERA.into()),
            assignee: None,
            recipient: Some(Recipient::Agent(demo::ANNA.into())),
            request: Some("request".into()),
        };
        runtime
            .execute(&Actor::Visitor(demo::VERA.into()), request, at)
            .await
            .unwrap();
    }

    /// The levels recorded as notified, in log order.
    async fn notified_levels(runtime: &Runtime) -> Vec<u8> {
        runtime
            .store()
            .load_after(0)
            .await
            .unwrap()
            .into_iter()
            .filter_map(|r| match r.event {
                Event::DeputiesNotified { level, .. } => level.map(|l| l.number()),
                _ => None,
            })
            .collect()
    }

    #[tokio::test]
    async fn an_effect_whose_recording_fails_is_retried_until_recorded_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let config = delegation();
        let runtime = bank(&dir, config.clone()).await;
        request_to_anna(&runtime, Timestamp(1_000)).await;
        let level1 = Timestamp(1_000).plus_seconds(config.level1_escalation_timeout_seconds);
        let mut backlog = Backlog::default();
        backlog.extend(runtime.fire_due(level1));
        assert_eq!(backlog.len(), 1);

        // The store fails on demand: three times busy, then it recovers.
        let failures_left = AtomicU32::new(3);
        let mut now = level1;
        let mut tries = 0;
        loop {
            let fails = failures_left
                .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
                .is_ok();
            let retry = backlog
                .record(now, |command, at| {
                    let runtime = &runtime;
                    async move {
                        if fails {
                            return Err(ExecuteError::Store(StoreError::Conflict));
                        }
                        runtime.execute(&Actor::System, command, at).await
                    }
                })
                .await;
            tries += 1;
            let Some(at) = retry else { break };
            assert!(at > now, "a retry waits (backoff)");
            // The next level falls due while the first is still unrecorded: it queues
            // behind it.
            if tries == 2 {
                let level2 = level1.plus_seconds(config.level2_escalation_timeout_seconds);
                backlog.extend(runtime.fire_due(level2));
                assert_eq!(backlog.len(), 2);
                now = level2;
            } else {
                now = at;
            }
            assert!(tries < 10, "never recorded");
            assert_eq!(notified_levels(&runtime).await, Vec::<u8>::new());
        }
        assert!(backlog.is_empty());
        assert_eq!(
            notified_levels(&runtime).await,
            [1, 2],
            "both, in order, once"
        );
    }

    #[tokio::test]
    async fn an_obsolete_effect_is_dropped_and_the_rest_recorded() {
        let dir = tempfile::tempdir().unwrap();
        let config = delegation();
        let runtime = bank(&dir, config.clone()).await;
        request_to_anna(&runtime, Timestamp(1_000)).await;
        let level1 = Timestamp(1_000).plus_seconds(config.level1_escalation_timeout_seconds);
        let mut backlog = Backlog::default();
        // An effect for a request that no longer exists is refused by the domain.
        backlog.extend([Effect::Unanswered {
            invitation: "gone".into(),
            conversation: "gone".into(),
            original_agent: demo::ANNA.into(),
        }]);
        backlog.extend(runtime.fire_due(level1));
        let retry = backlog
            .record(level1, |command, at| {
                let runtime = &runtime;
                async move { runtime.execute(&Actor::System, command, at).await }
            })
            .await;
        assert_eq!(retry, None);
        assert!(backlog.is_empty());
        assert_eq!(notified_levels(&runtime).await, [1]);
    }
}
