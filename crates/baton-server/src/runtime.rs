//! The command runtime: decides commands against the in-memory state, appends the events to
//! the log with optimistic concurrency, applies them, and publishes them.
//!
//! Writers are serialised by one async lock; readers take a short read lock on the state and
//! never wait for the database. If another process appended first (several instances on one
//! database), the writer catches up from the log and decides again, so of two deputies
//! accepting at once exactly one wins and the other gets `ALREADY_ACCEPTED`.
//!
//! A command run while serving a request with an `Idempotency-Key` ([`IDEMPOTENCY_CLAIM`],
//! set by `http::idempotency`) records the key in the transaction of its events.

use std::sync::{Arc, Mutex as SyncMutex, PoisonError, RwLock};

use baton_core::delegation::{Effect, Engine};
use baton_core::invitation::TokenKey;
use baton_core::{Actor, Command, Config, DomainError, State, Timestamp, decide};
use tokio::sync::{Mutex, Notify, broadcast};

use crate::store::{EventStore, KeyClaim, Recorded, StoreError};

tokio::task_local! {
    /// The `Idempotency-Key` of the request this task serves, if any: the first command that
    /// records events records the key with them.
    pub static IDEMPOTENCY_CLAIM: Arc<KeyClaim>;
}

/// How often a writer re-decides after losing a race before giving up.
const MAX_RETRIES: usize = 16;
/// Events buffered for slow subscribers of the live feed before they must resume from the log.
const FEED_CAPACITY: usize = 4_096;

/// Why a command did not go through.
#[derive(Debug, thiserror::Error)]
pub enum ExecuteError {
    /// A domain rule refused it (nothing was recorded), or an outcome that is recorded and
    /// still answered with an error (a wrong link token).
    #[error(transparent)]
    Domain(#[from] DomainError),
    /// The log could not be written.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Other writers kept winning.
    #[error("too much contention; try again")]
    Contention,
}

/// The domain, live.
pub struct Runtime {
    store: EventStore,
    state: RwLock<State>,
    writer: Mutex<()>,
    feed: broadcast::Sender<Arc<Recorded>>,
    /// The delegation engine, fed every recorded event in log order.
    engine: SyncMutex<Engine>,
    /// Wakes the scheduler when the engine's earliest deadline may have moved.
    engine_changed: Notify,
}

impl Runtime {
    /// Rebuilds the state from the whole log under `config`, digesting PINs and link tokens
    /// with `token_key`.
    pub async fn start(
        store: EventStore,
        config: Config,
        token_key: TokenKey,
    ) -> Result<Self, StoreError> {
        let mut state = State::with_token_key(config, token_key);
        for recorded in store.load_after(0).await? {
            state.apply(&recorded.event);
        }
        let (feed, _) = broadcast::channel(FEED_CAPACITY);
        // Deadlines that passed while the server was down fire on the first timeout, once.
        let engine = Engine::restore(&state);
        Ok(Self {
            store,
            state: RwLock::new(state),
            writer: Mutex::new(()),
            feed,
            engine: SyncMutex::new(engine),
            engine_changed: Notify::new(),
        })
    }

    /// When the delegation engine next needs `fire_due`.
    pub fn next_deadline(&self) -> Option<Timestamp> {
        self.engine().poll_timeout()
    }

    /// Fires the engine's deadlines due at `now` and returns every pending effect.
    pub fn fire_due(&self, now: Timestamp) -> Vec<Effect> {
        let mut engine = self.engine();
        engine.handle_timeout(now);
        std::iter::from_fn(|| engine.poll_effect()).collect()
    }

    /// Resolves when the engine's deadlines may have changed (an event was recorded).
    pub async fn engine_changed(&self) {
        self.engine_changed.notified().await;
    }

    fn engine(&self) -> std::sync::MutexGuard<'_, Engine> {
        self.engine.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The event log.
    pub fn store(&self) -> &EventStore {
        &self.store
    }

    /// Reads the current state.
    pub fn read<R>(&self, f: impl FnOnce(&State) -> R) -> R {
        f(&self.state.read().unwrap_or_else(PoisonError::into_inner))
    }

    /// The live feed of recorded events (subscribe before reading the log to miss nothing).
    pub fn subscribe(&self) -> broadcast::Receiver<Arc<Recorded>> {
        self.feed.subscribe()
    }

    /// Decides `command` for `actor` at `now`, records and applies what happened.
    pub async fn execute(
        &self,
        actor: &Actor,
        command: Command,
        now: Timestamp,
    ) -> Result<Vec<Arc<Recorded>>, ExecuteError> {
        let claim = IDEMPOTENCY_CLAIM.try_with(Arc::clone).ok();
        let _writer = self.writer.lock().await;
        for _ in 0..MAX_RETRIES {
            let (version, events) = self.read(|state| {
                decide(state, command.clone(), actor, now).map(|events| (state.version, events))
            })?;
            if events.is_empty() {
                return Ok(Vec::new());
            }
            let appended = self
                .store
                .append_claiming(version, &events, now, claim.as_deref())
                .await;
            match appended {
                Ok(recorded) => {
                    let recorded = self.take_in(recorded);
                    return match recorded.iter().find_map(|r| r.event.reported_error()) {
                        Some(error) => Err(error.into()),
                        None => Ok(recorded),
                    };
                }
                Err(StoreError::Conflict) => self.catch_up().await?,
                Err(other) => return Err(other.into()),
            }
        }
        Err(ExecuteError::Contention)
    }

    /// Applies events other writers recorded since this state's version.
    async fn catch_up(&self) -> Result<(), StoreError> {
        let version = self.read(|s| s.version);
        let missed = self.store.load_after(version).await?;
        self.take_in(missed);
        Ok(())
    }

    /// Takes recorded events in: applies them to the state, hands them to the delegation
    /// engine (and wakes its timer), then announces them on the feed.
    fn take_in(&self, recorded: Vec<Recorded>) -> Vec<Arc<Recorded>> {
        let recorded: Vec<Arc<Recorded>> = recorded.into_iter().map(Arc::new).collect();
        {
            let mut state = self.state.write().unwrap_or_else(PoisonError::into_inner);
            let mut engine = self.engine();
            for r in &recorded {
                state.apply(&r.event);
                engine.handle_event(r.recorded_at, &r.event);
            }
        }
        self.engine_changed.notify_one();
        for r in &recorded {
            // Nobody listening is fine: the log keeps everything for later resumption.
            let _ = self.feed.send(Arc::clone(r));
        }
        recorded
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use baton_core::command::ResponseChannel;
    use baton_core::demo;
    use baton_core::invitation::DelegationResponse;

    async fn bank(path: &std::path::Path) -> Runtime {
        let store = EventStore::open(path).await.unwrap();
        let runtime = Runtime::start(store, Config::default(), TokenKey::default())
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

    fn forward_to_clara() -> Command {
        Command::ForwardToAgent {
            conversation: demo::VERA_AND_ANNA.into(),
            invitation: "fwd".into(),
            agent: demo::CLARA.into(),
            comment: None,
        }
    }

    #[tokio::test]
    async fn a_command_is_recorded_applied_and_published() {
        let dir = tempfile::tempdir().unwrap();
        let runtime = bank(&dir.path().join("baton.db")).await;
        let mut feed = runtime.subscribe();
        let recorded = runtime
            .execute(
                &Actor::Agent(demo::ANNA.into()),
                forward_to_clara(),
                Timestamp(2),
            )
            .await
            .unwrap();
        assert!(!recorded.is_empty());
        assert_eq!(feed.recv().await.unwrap().seq, recorded[0].seq);
        assert!(runtime.read(|s| s.invitations.contains_key(&"fwd".into())));
        assert_eq!(
            runtime.store().head().await.unwrap(),
            recorded.last().unwrap().seq
        );
    }

    #[tokio::test]
    async fn a_refused_command_records_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let runtime = bank(&dir.path().join("baton.db")).await;
        let head = runtime.store().head().await.unwrap();
        let refused = runtime
            .execute(
                &Actor::Visitor(demo::VERA.into()),
                forward_to_clara(),
                Timestamp(2),
            )
            .await;
        assert!(matches!(
            refused,
            Err(ExecuteError::Domain(DomainError::NotAllowed(_)))
        ));
        assert_eq!(runtime.store().head().await.unwrap(), head);
    }

    #[tokio::test]
    async fn of_two_instances_accepting_at_once_exactly_one_wins() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("baton.db");
        let first = bank(&path).await;
        first
            .execute(
                &Actor::Agent(demo::ANNA.into()),
                forward_to_clara(),
                Timestamp(2),
            )
            .await
            .unwrap();
        // A second instance on the same database, started from the same log.
        let second = Runtime::start(
            EventStore::open(&path).await.unwrap(),
            Config::default(),
            TokenKey::default(),
        )
        .await
        .unwrap();
        let accept = |who: &str| {
            (
                Actor::Agent(who.into()),
                Command::RespondToInvitation {
                    invitation: "fwd".into(),
                    response: DelegationResponse::Accept,
                    channel: ResponseChannel::Queue,
                },
            )
        };
        let (a, c) = accept(demo::CLARA);
        first.execute(&a, c, Timestamp(3)).await.unwrap();
        let (a, c) = accept(demo::CLARA);
        let late = second.execute(&a, c, Timestamp(3)).await;
        assert!(matches!(
            late,
            Err(ExecuteError::Domain(DomainError::AlreadyAccepted))
        ));
        assert_eq!(
            second.read(|s| s.version),
            first.read(|s| s.version),
            "the loser caught up with the log"
        );
    }

    #[tokio::test]
    async fn the_engine_sees_recorded_requests_and_resumes_them_after_a_restart() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("baton.db");
        let config = Config {
            messenger_enable_deputy_delegation: true,
            enable_deputy_delegation: true,
            ..Config::default()
        };
        let runtime = Runtime::start(
            EventStore::open(&path).await.unwrap(),
            config.clone(),
            TokenKey::default(),
        )
        .await
        .unwrap();
        for (actor, command) in demo::commands() {
            runtime
                .execute(&actor, command, Timestamp(1))
                .await
                .unwrap();
        }
        let request = Command::CreateConversation {
            id: "new".into(),
            account: demo::ACCOUNT.into(),
            topic: None,
            visitor: Some(demo::VERA.into()),
            assignee: None,
            recipient: Some(baton_core::conversation::Recipient::Agent(
                demo::ANNA.into(),
            )),
            request: Some("request".into()),
        };
        runtime
            .execute(
                &Actor::Visitor(demo::VERA.into()),
                request,
                Timestamp(1_000),
            )
            .await
            .unwrap();
        let due = Timestamp(1_000).plus_seconds(config.level1_escalation_timeout_seconds);
        assert_eq!(runtime.next_deadline(), Some(due));
        drop(runtime);
        // Down past the deadline: the restored engine fires it on the first timeout, once.
        let restarted = Runtime::start(
            EventStore::open(&path).await.unwrap(),
            config,
            TokenKey::default(),
        )
        .await
        .unwrap();
        let effects = restarted.fire_due(due.plus_seconds(60));
        assert!(matches!(
            effects.as_slice(),
            [Effect::NotifyDeputies { .. }]
        ));
        assert!(restarted.fire_due(due.plus_seconds(61)).is_empty());
    }

    #[tokio::test]
    async fn a_restart_rebuilds_the_same_state_from_the_log() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("baton.db");
        let before = bank(&path).await.read(State::clone);
        let after = Runtime::start(
            EventStore::open(&path).await.unwrap(),
            Config::default(),
            TokenKey::default(),
        )
        .await
        .unwrap()
        .read(State::clone);
        assert_eq!(before, after);
    }
}
