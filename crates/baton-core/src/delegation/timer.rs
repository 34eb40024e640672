//! The engine's deadlines: one ordered index of every pending countdown and prompt expiry.
//!
//! Deadlines are ordered by time, then by the order in which they were set, so that effects
//! come out in the same order on every run. Inserting, cancelling and popping the earliest
//! are O(log n). This file only orders deadlines; what a deadline means lives in `mod.rs`.

use std::collections::BTreeMap;

use crate::time::Timestamp;

/// A scheduled deadline: when, and a sequence number that breaks ties and makes it unique.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Deadline {
    /// When it is due.
    pub(super) at: Timestamp,
    seq: u64,
}

/// Every deadline, each pointing at the slab entry it belongs to.
#[derive(Debug, Default)]
pub(super) struct Timers {
    queue: BTreeMap<Deadline, usize>,
    next_seq: u64,
}

impl Timers {
    /// Schedules `entry` at `at`; the returned deadline cancels it.
    pub(super) fn schedule(&mut self, at: Timestamp, entry: usize) -> Deadline {
        let deadline = Deadline {
            at,
            seq: self.next_seq,
        };
        self.next_seq += 1;
        self.queue.insert(deadline, entry);
        deadline
    }

    /// Removes a deadline; one that already fired is ignored.
    pub(super) fn cancel(&mut self, deadline: Deadline) {
        self.queue.remove(&deadline);
    }

    /// The earliest deadline.
    pub(super) fn earliest(&self) -> Option<Timestamp> {
        self.queue.first_key_value().map(|(d, _)| d.at)
    }

    /// Removes and returns the entry of the earliest deadline, if it is due at `now`.
    pub(super) fn pop_due(&mut self, now: Timestamp) -> Option<usize> {
        let first = self.queue.first_entry()?;
        if first.key().at > now {
            return None;
        }
        Some(first.remove())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deadlines_pop_in_time_order_then_in_the_order_they_were_set() {
        let mut timers = Timers::default();
        timers.schedule(Timestamp(20), 1);
        timers.schedule(Timestamp(10), 2);
        timers.schedule(Timestamp(10), 3);
        let cancelled = timers.schedule(Timestamp(5), 4);
        timers.cancel(cancelled);
        assert_eq!(timers.earliest(), Some(Timestamp(10)));
        assert_eq!(timers.pop_due(Timestamp(9)), None);
        let due: Vec<usize> = std::iter::from_fn(|| timers.pop_due(Timestamp(20))).collect();
        assert_eq!(due, [2, 3, 1]);
        assert_eq!(timers.earliest(), None);
    }
}
