//! Following the event log from a position, for the readers that must miss nothing and see
//! nothing twice: the SSE feed and the webhook feed.
//!
//! A [`LogFollower`] subscribes to the runtime's live events first, then reads the log after
//! its position, then continues with the live events, skipping what it already passed; when
//! the live receiver lagged or skipped a position, it reads the log again. It reads the log
//! one page at a time and holds at most one page, so a reader resuming from an old position
//! (`Last-Event-ID: 0`) costs bounded memory however long the log is. What a reader does with
//! an event (filtering, shaping, enqueuing) does not belong here.

use std::collections::VecDeque;
use std::sync::Arc;

use tokio::sync::broadcast;
use tokio::sync::broadcast::error::RecvError;

use crate::runtime::Runtime;
use crate::store::{Recorded, StoreError};

/// Events read from the log at once (and so at most held) by one follower.
const PAGE: usize = 256;

/// A reader's position in the log and its subscription to what comes next.
pub struct LogFollower {
    runtime: Arc<Runtime>,
    live: broadcast::Receiver<Arc<Recorded>>,
    /// Read from the log, not handed out yet: at most one page.
    backlog: VecDeque<Arc<Recorded>>,
    /// Events per page.
    page: usize,
    /// The last position handed out.
    last: u64,
    /// The log must be read after `last` before the live events can be trusted.
    from_log: bool,
}

impl LogFollower {
    /// Follows the log after position `after` (clamped to the head), or from the present when
    /// `None`.
    pub async fn new(runtime: Arc<Runtime>, after: Option<u64>) -> Result<Self, StoreError> {
        // Subscribe before reading the head: whatever is recorded from here on arrives live.
        let live = runtime.subscribe();
        let head = runtime.store().head().await?;
        let last = after.map_or(head, |after| after.min(head));
        Ok(Self {
            runtime,
            live,
            backlog: VecDeque::new(),
            page: PAGE,
            last,
            from_log: last < head,
        })
    }

    /// The same follower reading `page` events at a time.
    #[cfg(test)]
    fn with_page(mut self, page: usize) -> Self {
        self.page = page;
        self
    }

    /// The last position handed out (or the starting position).
    pub fn position(&self) -> u64 {
        self.last
    }

    /// The next recorded event, in log order; `Ok(None)` once the runtime is gone. Cancelling
    /// the future loses nothing: the next call picks up where this one was.
    pub async fn next(&mut self) -> Result<Option<Arc<Recorded>>, StoreError> {
        loop {
            if let Some(recorded) = self.backlog.pop_front() {
                if recorded.seq > self.last {
                    self.last = recorded.seq;
                    return Ok(Some(recorded));
                }
                continue;
            }
            if self.from_log {
                let missed = self.runtime.store().load_page(self.last, self.page).await?;
                // A full page may have more after it: read on once it is handed out.
                self.from_log = missed.len() == self.page;
                self.backlog = missed.into_iter().map(Arc::new).collect();
                continue;
            }
            match self.live.recv().await {
                Ok(recorded) if recorded.seq <= self.last => {}
                Ok(recorded) if recorded.seq == self.last + 1 => {
                    self.last = recorded.seq;
                    return Ok(Some(recorded));
                }
                // Skipped or lagged: the log has what the live receiver lost.
                Ok(_) | Err(RecvError::Lagged(_)) => self.from_log = true,
                Err(RecvError::Closed) => return Ok(None),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use baton_core::{Actor, Command, Config, Timestamp, demo};

    use crate::store::EventStore;

    async fn bank(dir: &tempfile::TempDir) -> Arc<Runtime> {
        let store = EventStore::open(&dir.path().join("baton.db"))
            .await
            .unwrap();
        let runtime = Runtime::start(
            store,
            Config::default(),
            baton_core::invitation::TokenKey::default(),
        )
        .await
        .unwrap();
        for (actor, command) in demo::commands() {
            runtime
                .execute(&actor, command, Timestamp(1))
                .await
                .unwrap();
        }
        Arc::new(runtime)
    }

    async fn say(runtime: &Runtime, n: usize) -> u64 {
        let recorded = runtime
            .execute(
                &Actor::Agent(demo::ANNA.into()),
                Command::PostMessage {
                    conversation: demo::VERA_AND_ANNA.into(),
                    message: format!("m{n}").as_str().into(),
                    text: format!("message {n}"),
                },
                Timestamp(2),
            )
            .await
            .unwrap();
        recorded[0].seq
    }

    async fn seqs(follower: &mut LogFollower, count: usize) -> Vec<u64> {
        let mut out = Vec::new();
        for _ in 0..count {
            out.push(follower.next().await.unwrap().unwrap().seq);
        }
        out
    }

    #[tokio::test]
    async fn from_the_present_only_what_comes_next() {
        let dir = tempfile::tempdir().unwrap();
        let runtime = bank(&dir).await;
        say(&runtime, 0).await;
        let mut follower = LogFollower::new(Arc::clone(&runtime), None).await.unwrap();
        let next = say(&runtime, 1).await;
        assert_eq!(seqs(&mut follower, 1).await, [next]);
    }

    #[tokio::test]
    async fn after_a_position_the_log_then_the_live_events_each_once() {
        let dir = tempfile::tempdir().unwrap();
        let runtime = bank(&dir).await;
        let start = runtime.store().head().await.unwrap();
        for n in 0..3 {
            say(&runtime, n).await;
        }
        let mut follower = LogFollower::new(Arc::clone(&runtime), Some(start))
            .await
            .unwrap();
        // Recorded after subscribing and before the log is read: in both, handed out once.
        for n in 3..5 {
            say(&runtime, n).await;
        }
        let expected: Vec<u64> = (start + 1..=start + 5).collect();
        assert_eq!(seqs(&mut follower, 5).await, expected);
        let live = say(&runtime, 5).await;
        assert_eq!(seqs(&mut follower, 1).await, [live]);
        assert_eq!(follower.position(), live);
    }

    #[tokio::test]
    async fn a_follower_holds_at_most_one_page_of_the_log() {
        let dir = tempfile::tempdir().unwrap();
        let runtime = bank(&dir).await;
        let start = runtime.store().head().await.unwrap();
        for n in 0..10 {
            say(&runtime, n).await;
        }
        let mut follower = LogFollower::new(Arc::clone(&runtime), Some(start))
            .await
            .unwrap()
            .with_page(4);
        let mut held = Vec::new();
        for expected in start + 1..=start + 10 {
            assert_eq!(follower.next().await.unwrap().unwrap().seq, expected);
            held.push(follower.backlog.len());
        }
        // Pages of 4, 4 and 2, each read once the previous one was handed out.
        assert_eq!(held, [3, 2, 1, 0, 3, 2, 1, 0, 1, 0]);
        let live = say(&runtime, 10).await;
        assert_eq!(seqs(&mut follower, 1).await, [live]);
    }

    #[tokio::test]
    async fn a_position_past_the_head_starts_at_the_head() {
        let dir = tempfile::tempdir().unwrap();
        let runtime = bank(&dir).await;
        let mut follower = LogFollower::new(Arc::clone(&runtime), Some(u64::MAX))
            .await
            .unwrap();
        let next = say(&runtime, 0).await;
        assert_eq!(seqs(&mut follower, 1).await, [next]);
    }

    #[tokio::test]
    async fn a_follower_that_fell_behind_the_live_feed_catches_up_from_the_log() {
        let dir = tempfile::tempdir().unwrap();
        let runtime = bank(&dir).await;
        let mut follower = LogFollower::new(Arc::clone(&runtime), None).await.unwrap();
        let start = follower.position();
        // More than the live feed buffers for a subscriber that does not read (4,096).
        let count = 4_200;
        for n in 0..count {
            say(&runtime, n).await;
        }
        let expected: Vec<u64> = (start + 1..=start + count as u64).collect();
        assert_eq!(seqs(&mut follower, count).await, expected);
    }
}
