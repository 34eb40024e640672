//! The command runtime: decides commands against the in-memory state, appends the events to
//! the log under its write lock, applies them, and publishes them.
//!
//! One writer task records everything, by group commit: the commands that arrive while a
//! transaction is being written wait in a queue, and the next transaction takes them all,
//! each decided after the one before it (against the state plus what the batch decided so
//! far) and committed together, so many commands share one sync of the log. Each caller gets
//! its answer after the commit that holds its events; a command refused in a batch records
//! nothing and fails none of the others. Readers take a short read lock on the state and
//! never wait for the database. Each batch takes the log's write lock first (shared by every
//! instance on one database), catches up from the log under it and only then decides, so a
//! batch never loses a race to another instance: of two deputies accepting at once on two
//! instances, the second batch finds the first's accept and gets `ALREADY_ACCEPTED`.
//!
//! Instances sharing a database follow the log: a follower task asks the writer to catch up
//! whenever PostgreSQL notifies that another instance committed (`LISTEN baton_log`), and
//! once a second whatever the engine, so a lost notification delays and never loses; what
//! another instance recorded reaches this one's state, engine and event streams in log order.
//!
//! A command run while serving a request with an `Idempotency-Key` ([`IDEMPOTENCY_CLAIM`],
//! set by `http::idempotency`) records the key in the transaction of its events.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex as SyncMutex, PoisonError, RwLock};

use baton_core::delegation::{Effect, Engine};
use baton_core::invitation::TokenKey;
use baton_core::{Actor, Command, Config, DomainError, Event, State, Timestamp, decide};
use tokio::sync::{Notify, broadcast, mpsc, oneshot};

use crate::database::Database;
use crate::store::{Append, EventStore, KeyClaim, Recorded, StoreError};

tokio::task_local! {
    /// The `Idempotency-Key` of the request this task serves, if any: the first command that
    /// records events records the key with them.
    pub static IDEMPOTENCY_CLAIM: Arc<KeyClaim>;
}

/// Events read per query when the state is rebuilt from the log at start.
const REPLAY_PAGE: usize = 10_000;
/// How often a writer re-decides after losing a race before giving up.
const MAX_RETRIES: usize = 16;
/// Events buffered for slow subscribers of the live feed before they must resume from the log.
const FEED_CAPACITY: usize = 4_096;
/// The most commands one transaction takes; the rest wait for the next.
const MAX_BATCH: usize = 256;
/// How often an instance reads the log for what others recorded, notified or not.
const FOLLOW_INTERVAL: std::time::Duration = std::time::Duration::from_secs(1);

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
    /// The log could not be written, for the whole batch this command was in (the first of
    /// the batch gets the [`ExecuteError::Store`] itself).
    #[error("the log could not be written: {0}")]
    Unrecorded(String),
    /// Other writers kept winning.
    #[error("too much contention; try again")]
    Contention,
    /// The runtime is shutting down: the command was not run.
    #[error("the server is stopping")]
    Stopped,
}

type Answer = Result<Vec<Arc<Recorded>>, ExecuteError>;

/// What the writer task is asked to do.
enum Job {
    /// Run a command.
    Execute(Pending),
    /// Take in what other instances recorded; answers the version reached.
    CatchUp(Option<oneshot::Sender<Result<u64, StoreError>>>),
}

/// A command waiting for the writer.
struct Pending {
    actor: Actor,
    command: Command,
    now: Timestamp,
    claim: Option<Arc<KeyClaim>>,
    answer: oneshot::Sender<Answer>,
}

/// What one command of a batch came to before the commit.
enum Decided {
    /// Refused by the domain: nothing to record.
    Refused(DomainError),
    /// Events to record (none: nothing to do, answered after the commit all the same).
    Events(Vec<Event>),
}

/// The domain, live.
pub struct Runtime {
    shared: Arc<Shared>,
    queue: mpsc::UnboundedSender<Job>,
}

/// What the writer task and the readers share.
struct Shared {
    store: EventStore,
    state: RwLock<State>,
    feed: broadcast::Sender<Arc<Recorded>>,
    /// The delegation engine, fed every recorded event in log order.
    engine: SyncMutex<Engine>,
    /// Wakes the scheduler when the engine's earliest deadline may have moved.
    engine_changed: Notify,
    /// Transactions that appended to the log.
    transactions: AtomicU64,
}

impl Runtime {
    /// Rebuilds the state from the whole log under `config`, digesting PINs and link tokens
    /// with `token_key`, and starts the writer task (on the current tokio runtime; it ends
    /// when the runtime is dropped).
    pub async fn start(
        store: EventStore,
        config: Config,
        token_key: TokenKey,
    ) -> Result<Self, StoreError> {
        let mut state = State::with_token_key(config, token_key);
        // Page by page: a long log is never held in memory at once beside the state.
        loop {
            let page = store.load_page(state.version, REPLAY_PAGE).await?;
            for recorded in &page {
                state.apply(&recorded.event);
            }
            if page.len() < REPLAY_PAGE {
                break;
            }
        }
        let (feed, _) = broadcast::channel(FEED_CAPACITY);
        // Deadlines that passed while the server was down fire on the first timeout, once.
        let engine = Engine::restore(&state);
        let shared = Arc::new(Shared {
            store,
            state: RwLock::new(state),
            feed,
            engine: SyncMutex::new(engine),
            engine_changed: Notify::new(),
            transactions: AtomicU64::new(0),
        });
        let (queue, waiting) = mpsc::unbounded_channel();
        tokio::spawn(write(Arc::clone(&shared), waiting));
        tokio::spawn(follow(shared.store.database().clone(), queue.downgrade()));
        Ok(Self { shared, queue })
    }

    /// When the delegation engine next needs `fire_due`.
    pub fn next_deadline(&self) -> Option<Timestamp> {
        self.shared.engine().poll_timeout()
    }

    /// Fires the engine's deadlines due at `now` and returns every pending effect.
    pub fn fire_due(&self, now: Timestamp) -> Vec<Effect> {
        let mut engine = self.shared.engine();
        engine.handle_timeout(now);
        std::iter::from_fn(|| engine.poll_effect()).collect()
    }

    /// Resolves when the engine's deadlines may have changed (an event was recorded).
    pub async fn engine_changed(&self) {
        self.shared.engine_changed.notified().await;
    }

    /// The event log.
    pub fn store(&self) -> &EventStore {
        &self.shared.store
    }

    /// Reads the current state.
    pub fn read<R>(&self, f: impl FnOnce(&State) -> R) -> R {
        self.shared.read(f)
    }

    /// How many transactions have appended to the log since the start: fewer than the
    /// commands recorded when group commit batched them.
    pub fn transactions(&self) -> u64 {
        self.shared.transactions.load(Ordering::Relaxed)
    }

    /// The live feed of recorded events (subscribe before reading the log to miss nothing).
    pub fn subscribe(&self) -> broadcast::Receiver<Arc<Recorded>> {
        self.shared.feed.subscribe()
    }

    /// Decides `command` for `actor` at `now`, records and applies what happened; answers
    /// once the transaction holding its events is committed. A caller that stops waiting
    /// does not stop the command.
    pub async fn execute(&self, actor: &Actor, command: Command, now: Timestamp) -> Answer {
        let (answer, answered) = oneshot::channel();
        let pending = Pending {
            actor: actor.clone(),
            command,
            now,
            claim: IDEMPOTENCY_CLAIM.try_with(Arc::clone).ok(),
            answer,
        };
        self.queue
            .send(Job::Execute(pending))
            .map_err(|_| ExecuteError::Stopped)?;
        answered.await.unwrap_or(Err(ExecuteError::Stopped))
    }

    /// Takes in everything other instances recorded until now; answers the version reached
    /// (the log's head when this was asked, or later).
    pub async fn catch_up(&self) -> Result<u64, ExecuteError> {
        let (answer, answered) = oneshot::channel();
        self.queue
            .send(Job::CatchUp(Some(answer)))
            .map_err(|_| ExecuteError::Stopped)?;
        Ok(answered.await.map_err(|_| ExecuteError::Stopped)??)
    }
}

/// The follower task: asks the writer to catch up on every notification of another
/// instance's commit (PostgreSQL), and every [`FOLLOW_INTERVAL`] in any case; ends with the
/// runtime.
async fn follow(database: Database, queue: mpsc::WeakUnboundedSender<Job>) {
    let mut listener = match database.listen().await {
        Ok(listener) => listener,
        Err(error) => {
            tracing::warn!(%error, "not notified of other instances' commits; reading the log every second");
            None
        }
    };
    let mut every = tokio::time::interval(FOLLOW_INTERVAL);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        // Either wakes: a notification, or the interval (a lost notification, or SQLite).
        match listener.as_mut() {
            Some(listener) => {
                tokio::select! {
                    _ = listener.recv() => {}
                    _ = every.tick() => {}
                }
            }
            None => {
                every.tick().await;
            }
        }
        let Some(queue) = queue.upgrade() else {
            return;
        };
        if queue.send(Job::CatchUp(None)).is_err() {
            return;
        }
    }
}

/// The writer task: takes every command waiting (up to [`MAX_BATCH`]) and commits them as one
/// batch, and catches up when asked, until the runtime is dropped.
async fn write(shared: Arc<Shared>, mut waiting: mpsc::UnboundedReceiver<Job>) {
    while let Some(first) = waiting.recv().await {
        let mut batch = Vec::new();
        let mut catch_ups = Vec::new();
        let mut next = Some(first);
        while let Some(job) = next.take() {
            match job {
                Job::Execute(pending) => batch.push(pending),
                Job::CatchUp(answer) => catch_ups.push(answer),
            }
            if batch.len() < MAX_BATCH {
                next = waiting.try_recv().ok();
            }
        }
        if !catch_ups.is_empty() {
            let reached = shared.catch_up().await;
            for answer in catch_ups.into_iter().flatten() {
                let _ = answer.send(match &reached {
                    Ok(()) => Ok(shared.read(|s| s.version)),
                    Err(error) => Err(StoreError::Unavailable(error.to_string())),
                });
            }
        }
        if !batch.is_empty() {
            shared.commit(batch).await;
        }
    }
}

impl Shared {
    fn engine(&self) -> std::sync::MutexGuard<'_, Engine> {
        self.engine.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn read<R>(&self, f: impl FnOnce(&State) -> R) -> R {
        f(&self.state.read().unwrap_or_else(PoisonError::into_inner))
    }

    /// Decides, records and answers `batch`: re-decided after another writer won, without the
    /// command whose key another request claimed.
    async fn commit(&self, mut batch: Vec<Pending>) {
        for _ in 0..MAX_RETRIES {
            // Decide against everything recorded so far, by any instance, with the log's
            // write lock held: a forwarding made on another instance a moment ago is found,
            // and no other instance appends before this batch (under load, deciding first and
            // locking after would lose race after race).
            let mut write = match self.store.begin_write().await {
                Ok(write) => write,
                Err(error) => return fail(batch, error),
            };
            match write.load_after(self.read(|s| s.version)).await {
                Ok(missed) => {
                    self.take_in(missed);
                }
                Err(error) => return fail(batch, error),
            }
            let (version, decided) = self.decide(&batch);
            let appends: Vec<Append<'_>> = batch
                .iter()
                .zip(&decided)
                .filter_map(|(pending, decided)| match decided {
                    Decided::Events(events) if !events.is_empty() => Some(Append {
                        events,
                        at: pending.now,
                        claim: pending.claim.as_deref(),
                    }),
                    _ => None,
                })
                .collect();
            // Nothing to append: dropping the write releases the lock.
            let appended = if appends.is_empty() {
                Ok(Vec::new())
            } else {
                write.append_batch(version, &appends).await
            };
            drop(appends);
            match appended {
                Ok(recorded) => {
                    if !recorded.is_empty() {
                        self.transactions.fetch_add(1, Ordering::Relaxed);
                    }
                    let recorded = self.take_in(recorded.into_iter().flatten().collect());
                    answer(batch, decided, recorded);
                    return;
                }
                Err(failure) => match (failure.error, failure.item) {
                    // A writer that does not take the lock (an older instance during a rolling
                    // upgrade): the next round catches up under the lock.
                    (StoreError::Conflict, _) => {}
                    (StoreError::KeyTaken, Some(item)) => {
                        // `item` counts the commands with events: find which of the batch.
                        let index = decided
                            .iter()
                            .enumerate()
                            .filter(|(_, d)| matches!(d, Decided::Events(e) if !e.is_empty()))
                            .nth(item)
                            .map_or(0, |(index, _)| index);
                        let taken = batch.remove(index);
                        let _ = taken.answer.send(Err(StoreError::KeyTaken.into()));
                        if batch.is_empty() {
                            return;
                        }
                    }
                    (error, _) => return fail(batch, error),
                },
            }
        }
        for pending in batch {
            let _ = pending.answer.send(Err(ExecuteError::Contention));
        }
    }

    /// Decides each command of `batch` in turn, each against the state plus the events of
    /// the ones before it; answers the version decided against. One command needs no copy of
    /// the state.
    fn decide(&self, batch: &[Pending]) -> (u64, Vec<Decided>) {
        let run =
            |state: &State, p: &Pending| match decide(state, p.command.clone(), &p.actor, p.now) {
                Ok(events) => Decided::Events(events),
                Err(refused) => Decided::Refused(refused),
            };
        let state = self.state.read().unwrap_or_else(PoisonError::into_inner);
        let version = state.version;
        if let [only] = batch {
            return (version, vec![run(&state, only)]);
        }
        let mut scratch = state.clone();
        drop(state);
        let decided = batch
            .iter()
            .map(|pending| {
                let decided = run(&scratch, pending);
                if let Decided::Events(events) = &decided {
                    for event in events {
                        scratch.apply(event);
                    }
                }
                decided
            })
            .collect();
        (version, decided)
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

/// Answers each command of a committed batch: its recorded events (in `recorded`, in batch
/// order), the error an event reports, or the domain's refusal.
fn answer(batch: Vec<Pending>, decided: Vec<Decided>, recorded: Vec<Arc<Recorded>>) {
    let mut recorded = recorded.into_iter();
    for (pending, decided) in batch.into_iter().zip(decided) {
        let answer = match decided {
            Decided::Refused(refused) => Err(refused.into()),
            Decided::Events(events) => {
                let mine: Vec<Arc<Recorded>> = recorded.by_ref().take(events.len()).collect();
                match mine.iter().find_map(|r| r.event.reported_error()) {
                    Some(error) => Err(error.into()),
                    None => Ok(mine),
                }
            }
        };
        // A caller that stopped waiting is no reason to stop.
        let _ = pending.answer.send(answer);
    }
}

/// Answers every command of a batch that could not be recorded.
fn fail(batch: Vec<Pending>, error: StoreError) {
    let message = error.to_string();
    let mut error = Some(error);
    for pending in batch {
        let answer = match error.take() {
            Some(error) => ExecuteError::Store(error),
            None => ExecuteError::Unrecorded(message.clone()),
        };
        let _ = pending.answer.send(Err(answer));
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

    fn message(n: usize) -> Command {
        Command::PostMessage {
            conversation: demo::VERA_AND_ANNA.into(),
            message: baton_core::id::MessageId::new(format!("message-{n}")),
            text: format!("message {n}"),
        }
    }

    #[tokio::test]
    async fn commands_arriving_together_share_one_transaction_and_a_refusal_fails_no_other() {
        let dir = tempfile::tempdir().unwrap();
        let runtime = bank(&dir.path().join("baton.db")).await;
        let (before, head) = (
            runtime.transactions(),
            runtime.store().head().await.unwrap(),
        );
        let anna = Actor::Agent(demo::ANNA.into());
        let vera = Actor::Visitor(demo::VERA.into());
        let mut commands: Vec<(Actor, Command)> =
            (0..20).map(|n| (anna.clone(), message(n))).collect();
        commands.insert(5, (anna.clone(), forward_to_clara()));
        commands.insert(10, (vera, forward_to_clara()));
        // The same forwarding twice: the second is decided against the batch holding the
        // first, and refused, although neither is in the state yet.
        commands.push((anna.clone(), forward_to_clara()));
        let mut all =
            std::pin::pin!(futures_util::future::join_all(commands.iter().map(
                |(actor, command)| runtime.execute(actor, command.clone(), Timestamp(2))
            ),));
        // One poll queues every command: the test's runtime has one thread, so the writer
        // has taken none of them yet.
        let queued = std::future::poll_fn(|cx| {
            std::task::Poll::Ready(std::future::Future::poll(all.as_mut(), cx).is_pending())
        });
        assert!(queued.await);
        let answers = all.await;
        assert_eq!(
            runtime.transactions() - before,
            1,
            "one transaction for all"
        );
        let mut last = head;
        for (index, answer) in answers.iter().enumerate() {
            match index {
                10 => assert!(
                    matches!(
                        answer,
                        Err(ExecuteError::Domain(DomainError::NotAllowed(_)))
                    ),
                    "{answer:?}"
                ),
                22 => assert!(matches!(answer, Err(ExecuteError::Domain(_))), "{answer:?}"),
                _ => {
                    let recorded = answer.as_ref().unwrap();
                    // Recorded in the order they arrived, each answered with its own events.
                    assert_eq!(recorded[0].seq, last + 1, "command {index}");
                    last = recorded.last().unwrap().seq;
                }
            }
        }
        assert_eq!(runtime.store().head().await.unwrap(), last);
        assert_eq!(runtime.read(|s| s.version), last);
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
