//! Presence that follows the desk: an agent is online while at least one of their desks holds
//! its event stream (`/baton/v1/events` with an agent's session; HTTP Basic use of the API
//! counts for nothing), on any instance, and goes offline `[presence] grace_seconds` after
//! the last one closed, so that a reload or a flaky network does not flicker.
//!
//! Each instance counts its own desks' streams per person and keeps the count in
//! `desk_streams` (one row per instance and person, its `seen_at` refreshed every
//! [`HEARTBEAT`] while streams are held). When the grace is over, the instance that saw a
//! person's last stream close asks whether another live instance still holds one before it
//! records OFFLINE; the rows of an instance that crashed stop being refreshed and count for
//! nothing after [`LEASE`], and the next heartbeat of a live instance takes them over: the
//! agents they held go offline after the grace unless a desk holds them again. Presence itself is recorded in the log (`SetPresence` by the
//! system), so every instance, the deputy prompt and the pickers agree; an agent who chose
//! Away stays away while their desk is open.
//!
//! What must not live here: the presence rules (baton-core's `set_presence`) and the stream
//! itself (`http::baton::events`).

use std::collections::HashMap;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use baton_core::directory::PresenceState;
use baton_core::id::PersonId;
use baton_core::{Actor, Command, Timestamp};
use serde::Deserialize;
use tokio::sync::mpsc;

use crate::clock::{Clock, after};
use crate::http::App;

/// How often an instance tells the others its desks' streams are still held.
const HEARTBEAT: Duration = Duration::from_secs(10);
/// How long a row counts without a heartbeat: three missed beats mean its instance is gone.
const LEASE: Duration = Duration::from_secs(30);

/// The `[presence]` table.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct PresenceSettings {
    /// How long after their last desk closed an agent becomes OFFLINE, in seconds.
    pub grace_seconds: u64,
}

impl Default for PresenceSettings {
    fn default() -> Self {
        Self { grace_seconds: 60 }
    }
}

/// What the streams tell the presence task.
#[derive(Debug)]
pub enum DeskSignal {
    /// A desk of this person opened its event stream.
    Held(PersonId),
    /// One closed, at this time on the server's clock (the grace counts from here, however
    /// late the task reads it).
    Released(PersonId, Timestamp),
}

/// Where event streams say that a desk holds or released a person's presence.
#[derive(Clone)]
pub struct DeskPresence {
    signals: mpsc::UnboundedSender<DeskSignal>,
    clock: Clock,
}

impl DeskPresence {
    /// The handle, and the receiver [`run`] reads.
    pub fn new(clock: Clock) -> (Self, mpsc::UnboundedReceiver<DeskSignal>) {
        let (signals, received) = mpsc::unbounded_channel();
        (Self { signals, clock }, received)
    }

    /// Counts a desk's stream for `person` until the returned hold is dropped.
    pub fn hold(&self, person: PersonId) -> DeskHold {
        // A stopped presence task means a stopping server: nobody is left to tell.
        let _ = self.signals.send(DeskSignal::Held(person.clone()));
        DeskHold {
            person,
            presence: self.clone(),
        }
    }
}

/// One desk's stream, counted for its person while it lives.
pub struct DeskHold {
    person: PersonId,
    presence: DeskPresence,
}

impl Drop for DeskHold {
    fn drop(&mut self) {
        let at = self.presence.clock.now();
        let _ = self
            .presence
            .signals
            .send(DeskSignal::Released(self.person.clone(), at));
    }
}

/// This instance's desks: streams per person, and when each person whose last stream closed
/// goes offline.
#[derive(Default)]
struct Desks {
    streams: HashMap<PersonId, u32>,
    offline_at: HashMap<PersonId, Timestamp>,
}

/// Follows the desks' signals until `stop` resolves: records ONLINE when an offline agent's
/// first desk opens, OFFLINE when the grace after their last desk is over and no other
/// instance holds one.
pub async fn run(
    app: Arc<App>,
    mut signals: mpsc::UnboundedReceiver<DeskSignal>,
    instance: String,
    stop: impl Future<Output = ()>,
) {
    tokio::pin!(stop);
    let grace = Duration::from_secs(app.settings.presence.grace_seconds);
    let mut desks = Desks::default();
    // Rows of this instance from before a crash are stale; agents left online by then go
    // offline after the grace unless a desk holds them by then, here or elsewhere.
    if let Err(error) = forget_instance(&app, &instance).await {
        tracing::warn!(%error, "clearing this instance's desk streams");
    }
    let now = app.clock.now();
    let online: Vec<PersonId> = app.runtime.read(|s| {
        s.directory
            .persons
            .values()
            .filter(|p| p.presence != PresenceState::Offline && s.directory.agent(&p.id).is_some())
            .map(|p| p.id.clone())
            .collect()
    });
    for person in online {
        desks.offline_at.insert(person, after(now, grace));
    }
    let mut beat_at = after(now, HEARTBEAT);
    loop {
        let next = desks
            .offline_at
            .values()
            .copied()
            .min()
            .map_or(beat_at, |at| at.min(beat_at));
        tokio::select! {
            biased;
            () = &mut stop => break,
            signal = signals.recv() => match signal {
                Some(signal) => desks.take(&app, &instance, signal, grace).await,
                None => break,
            },
            () = app.clock.sleep_until(next) => {
                let now = app.clock.now();
                desks.offline_due(&app, &instance, now).await;
                if now >= beat_at {
                    if let Err(error) = heartbeat(&app, &instance, now).await {
                        tracing::warn!(%error, "refreshing this instance's desk streams");
                    }
                    if let Err(error) = desks.adopt_orphans(&app, &instance, now, grace).await {
                        tracing::warn!(%error, "taking over a stopped instance's desk streams");
                    }
                    beat_at = after(now, HEARTBEAT);
                }
            }
        }
    }
    // The streams end with the server: the others need not wait for the lease.
    if let Err(error) = forget_instance(&app, &instance).await {
        tracing::warn!(%error, "clearing this instance's desk streams");
    }
}

impl Desks {
    async fn take(&mut self, app: &App, instance: &str, signal: DeskSignal, grace: Duration) {
        let now = app.clock.now();
        match signal {
            DeskSignal::Held(person) => {
                let streams = self.streams.entry(person.clone()).or_default();
                *streams += 1;
                let streams = *streams;
                self.offline_at.remove(&person);
                record_streams(app, instance, &person, streams, now).await;
                if streams == 1 {
                    set_presence(app, &person, PresenceState::Online, |current| {
                        current == PresenceState::Offline
                    })
                    .await;
                }
            }
            DeskSignal::Released(person, at) => {
                let streams = self
                    .streams
                    .get_mut(&person)
                    .map(|n| {
                        *n = n.saturating_sub(1);
                        *n
                    })
                    .unwrap_or_default();
                record_streams(app, instance, &person, streams, now).await;
                if streams == 0 {
                    self.streams.remove(&person);
                    self.offline_at.insert(person, after(at, grace));
                }
            }
        }
    }

    /// Takes over the rows of instances that stopped beating without a goodbye (they died,
    /// their desks' streams with them): one instance removes each such row, and the agents it
    /// held go offline after the grace unless a desk holds them by then, here or elsewhere.
    async fn adopt_orphans(
        &mut self,
        app: &App,
        instance: &str,
        now: Timestamp,
        grace: Duration,
    ) -> Result<(), sqlx::Error> {
        let orphans: Vec<(String, i64)> = sqlx::query_as(
            "DELETE FROM desk_streams WHERE instance <> $1 AND seen_at < $2
             RETURNING person, streams",
        )
        .bind(instance)
        .bind(now.minus_seconds(LEASE.as_secs()).as_millis())
        .fetch_all(app.runtime.store().pool())
        .await?;
        for (person, streams) in orphans {
            let person = PersonId::new(&person);
            if streams > 0 && !self.streams.contains_key(&person) {
                self.offline_at
                    .entry(person)
                    .or_insert_with(|| after(now, grace));
            }
        }
        Ok(())
    }

    /// Records OFFLINE for everyone whose grace is over and whom no live instance's desk
    /// holds.
    async fn offline_due(&mut self, app: &App, instance: &str, now: Timestamp) {
        // In the order of their ids, so that what one check implies about another is
        // predictable.
        let mut due: Vec<PersonId> = self
            .offline_at
            .iter()
            .filter(|(_, at)| **at <= now)
            .map(|(person, _)| person.clone())
            .collect();
        due.sort();
        for person in due {
            self.offline_at.remove(&person);
            match held_elsewhere(app, instance, &person, now).await {
                Ok(true) => {}
                Ok(false) => {
                    set_presence(app, &person, PresenceState::Offline, |current| {
                        current != PresenceState::Offline
                    })
                    .await;
                }
                Err(error) => {
                    tracing::warn!(%error, %person, "reading the other instances' desk streams");
                }
            }
        }
    }
}

/// Records `presence` for `person` by the system if their present state `applies`, judged
/// after catching up with the log (another instance may have just changed it).
async fn set_presence(
    app: &App,
    person: &PersonId,
    presence: PresenceState,
    applies: impl Fn(PresenceState) -> bool,
) {
    if let Err(error) = app.runtime.catch_up().await {
        tracing::warn!(%error, %person, "catching up before recording a desk's presence");
        return;
    }
    let current = app
        .runtime
        .read(|s| s.directory.person(person).map(|p| p.presence));
    if !current.is_some_and(applies) {
        return;
    }
    let command = Command::SetPresence {
        person: person.clone(),
        presence,
    };
    if let Err(error) = app.execute(&Actor::System, command).await {
        tracing::warn!(%error, %person, ?presence, "recording a desk's presence");
    }
}

async fn record_streams(
    app: &App,
    instance: &str,
    person: &PersonId,
    streams: u32,
    now: Timestamp,
) {
    let written = sqlx::query(
        "INSERT INTO desk_streams (instance, person, streams, seen_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (instance, person) DO UPDATE SET streams = excluded.streams, seen_at = excluded.seen_at",
    )
    .bind(instance)
    .bind(person.as_str())
    .bind(i64::from(streams))
    .bind(now.as_millis())
    .execute(app.runtime.store().pool())
    .await;
    if let Err(error) = written {
        tracing::warn!(%error, %person, "recording this instance's desk streams");
    }
}

/// Whether another instance refreshed a row holding `person`'s desks within the lease.
async fn held_elsewhere(
    app: &App,
    instance: &str,
    person: &PersonId,
    now: Timestamp,
) -> Result<bool, sqlx::Error> {
    let since = now.minus_seconds(LEASE.as_secs());
    let held: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM desk_streams
         WHERE person = $1 AND instance <> $2 AND streams > 0 AND seen_at >= $3",
    )
    .bind(person.as_str())
    .bind(instance)
    .bind(since.as_millis())
    .fetch_one(app.runtime.store().pool())
    .await?;
    Ok(held > 0)
}

async fn heartbeat(app: &App, instance: &str, now: Timestamp) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE desk_streams SET seen_at = $1 WHERE instance = $2 AND streams > 0")
        .bind(now.as_millis())
        .bind(instance)
        .execute(app.runtime.store().pool())
        .await
        .map(drop)
}

async fn forget_instance(app: &App, instance: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM desk_streams WHERE instance = $1")
        .bind(instance)
        .execute(app.runtime.store().pool())
        .await
        .map(drop)
}
