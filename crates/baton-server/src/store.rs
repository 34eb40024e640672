//! The event log in SQLite: append with an expected version, read back in order.
//!
//! The log is the truth; everything else (the in-memory `State`, the SSE feed, webhooks) is
//! derived from it. Only this module knows SQL for events. An append may also claim an
//! `Idempotency-Key` ([`KeyClaim`]) in its transaction; the rest of that table is
//! `http::idempotency`'s. The database runs in WAL mode, with the [`Durability`] the
//! settings choose: `synchronous = FULL` by default (an acknowledged commit survives a power
//! loss: the WAL is synced before the commit returns), `NORMAL` for `process-crash` (it
//! survives the process being killed at any moment, the kernel holding the WAL pages, but
//! not the machine losing power).

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use baton_core::{Event, Timestamp};
use sqlx::Row;

use crate::database::{Database, Engine, Location, Pool};

/// What an acknowledged command survives (`[storage] durability`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Durability {
    /// A power loss or an operating-system crash: every commit is synced to the disk before
    /// it is acknowledged (SQLite `synchronous = FULL`).
    #[default]
    PowerLoss,
    /// The process being killed, not the machine losing power: the last commits before a
    /// power loss may be lost (SQLite `synchronous = NORMAL`), for a faster disk-bound
    /// commit.
    ProcessCrash,
}

/// The `[storage]` table.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StorageSettings {
    /// What an acknowledged command survives (default `power-loss`).
    pub durability: Durability,
}

/// Events read per query when replaying the log.
const PAGE: usize = 10_000;

/// An event as recorded: its place in the log and when it was written.
#[derive(Clone, Debug, PartialEq)]
pub struct Recorded {
    /// Position in the log, from 1; also the SSE event id.
    pub seq: u64,
    /// What happened.
    pub event: Event,
    /// When it was recorded.
    pub recorded_at: Timestamp,
}

/// Why the log could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Another writer appended after the version this writer decided against.
    #[error("another writer appended first")]
    Conflict,
    /// The database failed.
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    /// The schema could not be brought up to date.
    #[error("migrating the database: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// A recorded event cannot be decoded (written by an incompatible version).
    #[error("event {seq} cannot be read: {source}")]
    Corrupt {
        /// Which event.
        seq: u64,
        /// Why.
        source: serde_json::Error,
    },
    /// The `Idempotency-Key` of the request is already claimed (by a request of another
    /// instance): the events were not recorded.
    #[error("the idempotency key is already claimed")]
    KeyTaken,
    /// The log could not be read for a catch-up another caller asked for too.
    #[error("the log could not be read: {0}")]
    Unavailable(String),
    /// The database file's folder could not be created.
    #[error("creating {path}: {source}")]
    Folder {
        /// The folder.
        path: String,
        /// Why.
        source: std::io::Error,
    },
}

/// An `Idempotency-Key` recorded in the same transaction as the first events its request
/// records (see `http::idempotency`), so that a retry after a crash finds it and never
/// records the command twice.
#[derive(Debug)]
pub struct KeyClaim {
    /// The row's id: a digest of the caller's scope and the key.
    pub id: [u8; 32],
    /// A digest of the request: method, path and body.
    pub fingerprint: [u8; 32],
    claimed: AtomicBool,
}

impl KeyClaim {
    /// A claim not recorded yet.
    pub fn new(id: [u8; 32], fingerprint: [u8; 32]) -> Self {
        Self {
            id,
            fingerprint,
            claimed: AtomicBool::new(false),
        }
    }

    /// Whether an append recorded it (later appends of the same request leave it alone).
    pub fn is_claimed(&self) -> bool {
        self.claimed.load(Ordering::Acquire)
    }
}

/// One command's part of a batch append: its events, when, and the request's key claim.
#[derive(Clone, Copy, Debug)]
pub struct Append<'a> {
    /// What the command decided.
    pub events: &'a [Event],
    /// When it was decided (`recorded_at`).
    pub at: Timestamp,
    /// The `Idempotency-Key` of its request, if any.
    pub claim: Option<&'a KeyClaim>,
}

/// Why a batch append recorded nothing, and because of which item when one is to blame.
#[derive(Debug)]
pub struct BatchFailure {
    /// The item whose key was already claimed ([`StoreError::KeyTaken`]); `None` when the
    /// whole batch failed (a conflict, the database).
    pub item: Option<usize>,
    /// What went wrong.
    pub error: StoreError,
}

impl<E: Into<StoreError>> From<E> for BatchFailure {
    fn from(error: E) -> Self {
        Self {
            item: None,
            error: error.into(),
        }
    }
}

/// The event log.
#[derive(Clone, Debug)]
pub struct EventStore {
    database: Database,
}

fn is_conflict(error: &sqlx::Error) -> bool {
    match error {
        sqlx::Error::Database(db) => {
            db.is_unique_violation() || matches!(db.code().as_deref(), Some("5" | "517" | "6"))
        }
        _ => false,
    }
}

impl EventStore {
    /// Opens (creating if needed) the SQLite database at `path` with power-loss durability
    /// and migrates it.
    pub async fn open(path: &Path) -> Result<Self, StoreError> {
        Self::open_at(&Location::File(path.to_owned()), Durability::PowerLoss).await
    }

    /// Opens the database at `location` (SQLite committing with `durability`) and migrates it.
    pub async fn open_at(location: &Location, durability: Durability) -> Result<Self, StoreError> {
        Ok(Self {
            database: Database::open(location, durability).await?,
        })
    }

    /// The connection pool, for the other tables of the server (sessions, outboxes).
    pub fn pool(&self) -> &Pool {
        &self.database.pool
    }

    /// The database: its pool and engine.
    pub fn database(&self) -> &Database {
        &self.database
    }

    /// The last recorded position (0 for an empty log).
    pub async fn head(&self) -> Result<u64, StoreError> {
        let head: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(seq), 0) FROM events")
            .fetch_one(&self.database.pool)
            .await?;
        Ok(u64::try_from(head).unwrap_or(0))
    }

    /// Appends `events` after position `expected`, atomically. Fails with
    /// [`StoreError::Conflict`] if the log has moved on since.
    pub async fn append(
        &self,
        expected: u64,
        events: &[Event],
        at: Timestamp,
    ) -> Result<Vec<Recorded>, StoreError> {
        let item = Append {
            events,
            at,
            claim: None,
        };
        self.append_one(expected, item).await
    }

    /// One command's events (and its request's key claim) as a batch of one.
    async fn append_one(
        &self,
        expected: u64,
        item: Append<'_>,
    ) -> Result<Vec<Recorded>, StoreError> {
        let mut recorded = self
            .append_batch(expected, &[item])
            .await
            .map_err(|failure| failure.error)?;
        Ok(recorded.pop().unwrap_or_default())
    }

    /// Takes the log's write lock (SQLite: `BEGIN IMMEDIATE`; PostgreSQL: a
    /// transaction-scoped advisory lock every instance takes): until the [`LogWrite`] commits
    /// or is dropped, no other writer, in this process or another, appends. A command decided
    /// after [`LogWrite::load_after`] therefore cannot lose a race to another instance.
    pub async fn begin_write(&self) -> Result<LogWrite, StoreError> {
        let mut tx = self.database.begin_writing().await?;
        if self.database.engine == Engine::Postgres {
            sqlx::query("SELECT pg_advisory_xact_lock($1)")
                .bind(LOG_WRITE_LOCK)
                .execute(&mut *tx)
                .await?;
        }
        Ok(LogWrite {
            tx,
            engine: self.database.engine,
        })
    }

    /// [`LogWrite::append_batch`] in a write of its own.
    pub async fn append_batch(
        &self,
        expected: u64,
        items: &[Append<'_>],
    ) -> Result<Vec<Vec<Recorded>>, BatchFailure> {
        self.begin_write()
            .await?
            .append_batch(expected, items)
            .await
    }

    /// Every event after position `after`, in order.
    pub async fn load_after(&self, after: u64) -> Result<Vec<Recorded>, StoreError> {
        let mut out = Vec::new();
        loop {
            let cursor = out.last().map_or(after, |last: &Recorded| last.seq);
            let page = self.load_page(cursor, PAGE).await?;
            let full = page.len() == PAGE;
            out.extend(page);
            if !full {
                return Ok(out);
            }
        }
    }

    /// The events of one conversation of the given kinds (e.g. `MessagePosted`), in order.
    pub async fn conversation_events(
        &self,
        conversation: &str,
        kinds: &[&str],
    ) -> Result<Vec<Recorded>, StoreError> {
        let rows = sqlx::query(
            "SELECT seq, payload, recorded_at, kind FROM events WHERE conversation = $1 ORDER BY seq",
        )
        .bind(conversation)
        .fetch_all(&self.database.pool)
        .await?;
        rows.iter()
            .filter(|row| {
                let kind: &str = row.get("kind");
                kinds.is_empty() || kinds.contains(&kind)
            })
            .map(decode)
            .collect()
    }

    /// At most `limit` events after position `after`, in order: one page, for readers that
    /// must hold a bounded part of the log (an event stream resuming from an old position).
    pub async fn load_page(&self, after: u64, limit: usize) -> Result<Vec<Recorded>, StoreError> {
        page_after(&self.database.pool, after, limit).await
    }
}

/// At most `limit` events after position `after`, in order, read through `executor` (the
/// pool, or a write transaction holding the log's lock).
async fn page_after<'e, E>(
    executor: E,
    after: u64,
    limit: usize,
) -> Result<Vec<Recorded>, StoreError>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let rows = sqlx::query(
        "SELECT seq, payload, recorded_at FROM events WHERE seq > $1 ORDER BY seq LIMIT $2",
    )
    .bind(i64::try_from(after).unwrap_or(i64::MAX))
    .bind(i64::try_from(limit).unwrap_or(i64::MAX))
    .fetch_all(executor)
    .await?;
    rows.iter().map(decode).collect()
}

/// The key of the advisory lock that serialises appends to the log across instances on
/// PostgreSQL (any constant all instances agree on: "baton" in ASCII).
const LOG_WRITE_LOCK: i64 = 0x0062_6174_6f6e;

/// A write to the log in progress, holding the log's write lock ([`EventStore::begin_write`]);
/// dropping it without appending rolls back and releases the lock.
pub struct LogWrite {
    tx: sqlx::Transaction<'static, sqlx::Any>,
    engine: Engine,
}

impl LogWrite {
    /// Every event after position `after`, read under the lock: the log's head, which no
    /// other writer moves until this write ends.
    pub async fn load_after(&mut self, after: u64) -> Result<Vec<Recorded>, StoreError> {
        let mut out: Vec<Recorded> = Vec::new();
        loop {
            let cursor = out.last().map_or(after, |last| last.seq);
            let page = page_after(&mut *self.tx, cursor, PAGE).await?;
            let full = page.len() == PAGE;
            out.extend(page);
            if !full {
                return Ok(out);
            }
        }
    }

    /// Appends the events of several commands after position `expected` in one transaction
    /// (group commit: one sync for them all), each with its own time and `Idempotency-Key`
    /// claim; answers each item's recorded events, in order. All or nothing: a conflict, a
    /// claimed key ([`BatchFailure::item`] names whose) or a failure records none of them.
    pub async fn append_batch(
        mut self,
        expected: u64,
        items: &[Append<'_>],
    ) -> Result<Vec<Vec<Recorded>>, BatchFailure> {
        let tx = &mut self.tx;
        let head: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(seq), 0) FROM events")
            .fetch_one(&mut **tx)
            .await?;
        if u64::try_from(head).ok() != Some(expected) {
            return Err(StoreError::Conflict.into());
        }
        let mut seq = expected;
        let mut recorded = Vec::with_capacity(items.len());
        let mut claimed = Vec::new();
        for (index, item) in items.iter().enumerate() {
            let mut of_item = Vec::with_capacity(item.events.len());
            for event in item.events {
                seq += 1;
                let payload = serde_json::to_string(event)
                    .map_err(|source| StoreError::Corrupt { seq, source })?;
                let inserted = sqlx::query(
                    "INSERT INTO events (seq, conversation, kind, payload, recorded_at) VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(seq as i64)
                .bind(event.conversation().map(|c| c.as_str().to_owned()))
                .bind(event.kind().as_str())
                .bind(payload)
                .bind(item.at.as_millis())
                .execute(&mut **tx)
                .await;
                match inserted {
                    Err(e) if is_conflict(&e) => return Err(StoreError::Conflict.into()),
                    other => other?,
                };
                of_item.push(Recorded {
                    seq,
                    event: event.clone(),
                    recorded_at: item.at,
                });
            }
            recorded.push(of_item);
            if let Some(claim) = item.claim.filter(|claim| !claim.is_claimed()) {
                let inserted = sqlx::query(
                    "INSERT INTO idempotency_keys (id, fingerprint, created_at) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING",
                )
                .bind(&claim.id[..])
                .bind(&claim.fingerprint[..])
                .bind(item.at.as_millis())
                .execute(&mut **tx)
                .await?;
                if inserted.rows_affected() == 0 {
                    return Err(BatchFailure {
                        item: Some(index),
                        error: StoreError::KeyTaken,
                    });
                }
                claimed.push(claim);
            }
        }
        if self.engine == Engine::Postgres {
            // Delivered on commit: the other instances' followers catch up at once.
            sqlx::query(&format!("NOTIFY {}", crate::database::LOG_CHANNEL))
                .execute(&mut **tx)
                .await?;
        }
        match self.tx.commit().await {
            Err(e) if is_conflict(&e) => Err(StoreError::Conflict.into()),
            Err(e) => Err(StoreError::from(e).into()),
            Ok(()) => {
                for claim in claimed {
                    claim.claimed.store(true, Ordering::Release);
                }
                Ok(recorded)
            }
        }
    }
}

fn decode(row: &sqlx::any::AnyRow) -> Result<Recorded, StoreError> {
    let seq = u64::try_from(row.get::<i64, _>("seq")).unwrap_or(0);
    let payload: &str = row.get("payload");
    let event =
        serde_json::from_str(payload).map_err(|source| StoreError::Corrupt { seq, source })?;
    Ok(Recorded {
        seq,
        event,
        recorded_at: Timestamp(row.get("recorded_at")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use baton_core::directory::Account;
    use baton_core::event::Event;

    #[tokio::test]
    async fn commits_are_synced_for_power_loss_unless_told_otherwise() {
        let dir = tempfile::tempdir().unwrap();
        // SQLite's `synchronous`: 1 is NORMAL, 2 is FULL; every pooled connection has it.
        for (durability, expected) in [(Durability::PowerLoss, 2), (Durability::ProcessCrash, 1)] {
            let store =
                EventStore::open_at(&Location::File(dir.path().join("baton.db")), durability)
                    .await
                    .unwrap();
            let mut connections = Vec::new();
            for _ in 0..4 {
                connections.push(store.pool().acquire().await.unwrap());
            }
            for connection in &mut connections {
                let synchronous: i64 = sqlx::query_scalar("PRAGMA synchronous")
                    .fetch_one(&mut **connection)
                    .await
                    .unwrap();
                assert_eq!(synchronous, expected, "{durability:?}");
            }
        }
    }

    fn account(id: &str) -> Event {
        Event::AccountCreated {
            account: Account {
                id: id.into(),
                name: id.into(),
                parent: None,
            },
        }
    }

    #[tokio::test]
    async fn events_are_appended_in_order_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let store = EventStore::open(&dir.path().join("data/baton.db"))
            .await
            .unwrap();
        let written = store
            .append(0, &[account("a"), account("b")], Timestamp(5))
            .await
            .unwrap();
        assert_eq!(written.iter().map(|r| r.seq).collect::<Vec<_>>(), [1, 2]);
        assert_eq!(store.head().await.unwrap(), 2);
        let read = store.load_after(1).await.unwrap();
        assert_eq!(read, written[1..]);
        assert_eq!(read[0].event.kind().as_str(), "AccountCreated");
    }

    #[tokio::test]
    async fn a_writer_that_decided_against_an_old_version_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let store = EventStore::open(&dir.path().join("baton.db"))
            .await
            .unwrap();
        store
            .append(0, &[account("a")], Timestamp(1))
            .await
            .unwrap();
        let late = store.append(0, &[account("b")], Timestamp(2)).await;
        assert!(matches!(late, Err(StoreError::Conflict)));
        assert_eq!(store.head().await.unwrap(), 1);
    }

    /// One command's events with its request's `claim`.
    async fn append_claiming(
        store: &EventStore,
        expected: u64,
        events: &[Event],
        at: Timestamp,
        claim: Option<&KeyClaim>,
    ) -> Result<Vec<Recorded>, StoreError> {
        store
            .append_one(expected, Append { events, at, claim })
            .await
    }

    #[tokio::test]
    async fn a_key_is_claimed_with_the_events_or_not_at_all() {
        let dir = tempfile::tempdir().unwrap();
        let store = EventStore::open(&dir.path().join("baton.db"))
            .await
            .unwrap();
        let keys = || async {
            sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM idempotency_keys")
                .fetch_one(store.pool())
                .await
                .unwrap()
        };
        let claim = KeyClaim::new([1; 32], [2; 32]);
        // A conflict rolls the claim back with the events.
        store
            .append(0, &[account("a")], Timestamp(1))
            .await
            .unwrap();
        let late = append_claiming(&store, 0, &[account("b")], Timestamp(2), Some(&claim)).await;
        assert!(matches!(late, Err(StoreError::Conflict)));
        assert!(!claim.is_claimed());
        assert_eq!(keys().await, 0);
        append_claiming(&store, 1, &[account("b")], Timestamp(2), Some(&claim))
            .await
            .unwrap();
        assert!(claim.is_claimed());
        assert_eq!(keys().await, 1);
        // A later command of the same request leaves the claim alone.
        append_claiming(&store, 2, &[account("c")], Timestamp(3), Some(&claim))
            .await
            .unwrap();
        // Another request with a key already claimed records nothing.
        let again = KeyClaim::new([1; 32], [2; 32]);
        let taken = append_claiming(&store, 3, &[account("d")], Timestamp(4), Some(&again)).await;
        assert!(matches!(taken, Err(StoreError::KeyTaken)));
        assert_eq!(store.head().await.unwrap(), 3);
    }

    #[tokio::test]
    async fn the_log_survives_reopening() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("baton.db");
        {
            let store = EventStore::open(&path).await.unwrap();
            store
                .append(0, &[account("a")], Timestamp(1))
                .await
                .unwrap();
        }
        let store = EventStore::open(&path).await.unwrap();
        assert_eq!(store.load_after(0).await.unwrap().len(), 1);
    }

    #[tokio::test]
    async fn a_page_holds_at_most_its_limit_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let store = EventStore::open(&dir.path().join("baton.db"))
            .await
            .unwrap();
        let events: Vec<Event> = ["a", "b", "c", "d", "e"].map(account).into();
        store.append(0, &events, Timestamp(1)).await.unwrap();
        let seqs = |page: Vec<Recorded>| page.iter().map(|r| r.seq).collect::<Vec<_>>();
        assert_eq!(seqs(store.load_page(1, 2).await.unwrap()), [2, 3]);
        assert_eq!(seqs(store.load_page(3, 10).await.unwrap()), [4, 5]);
        assert!(store.load_page(5, 10).await.unwrap().is_empty());
    }
}
