//! How many event streams (`GET /baton/v1/events`) each person has open, capped by
//! `[limits] max_streams_per_person`, so that one person (or one stolen session) cannot hold
//! an unbounded number of connections and log readers.
//!
//! A [`StreamSlot`] is taken when a stream opens and given back when it is dropped, which is
//! when the stream ends (the server stops, or it notices the client left). Who may open a
//! stream at all, and what it shows, is decided elsewhere (the events handler).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use baton_core::Actor;
use baton_core::id::PersonId;

/// The open streams per person, shared by every connection of one server.
#[derive(Debug)]
pub struct StreamSlots {
    max: u32,
    /// Open streams per person; `None` is the web API administrator, who is no person.
    open: Mutex<HashMap<Option<PersonId>, u32>>,
}

/// One open stream of one person; dropping it frees the slot.
#[derive(Debug)]
pub struct StreamSlot {
    slots: Arc<StreamSlots>,
    holder: Option<PersonId>,
}

impl StreamSlots {
    /// At most `max` open streams per person.
    pub fn new(max: u32) -> Arc<Self> {
        Arc::new(Self {
            max,
            open: Mutex::new(HashMap::new()),
        })
    }

    /// The most streams one person may have open.
    pub fn max(&self) -> u32 {
        self.max
    }

    /// Takes a slot for `actor`; `None` when they already hold all of theirs.
    pub fn take(self: &Arc<Self>, actor: &Actor) -> Option<StreamSlot> {
        let holder = actor.person().cloned();
        let mut open = self.open.lock().unwrap_or_else(PoisonError::into_inner);
        let count = open.entry(holder.clone()).or_insert(0);
        if *count >= self.max {
            return None;
        }
        *count += 1;
        Some(StreamSlot {
            slots: Arc::clone(self),
            holder,
        })
    }
}

impl Drop for StreamSlot {
    fn drop(&mut self) {
        let mut open = self
            .slots
            .open
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some(count) = open.get_mut(&self.holder) {
            *count = count.saturating_sub(1);
            // Forget people without streams, or the map grows with everyone who ever streamed.
            if *count == 0 {
                open.remove(&self.holder);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_person_has_their_own_slots_and_a_dropped_slot_is_free_again() {
        let slots = StreamSlots::new(2);
        let vera = Actor::Visitor("vera".into());
        let anna = Actor::Agent("anna".into());
        let first = slots.take(&vera).unwrap();
        let _second = slots.take(&vera).unwrap();
        assert!(slots.take(&vera).is_none());
        assert!(slots.take(&anna).is_some(), "another person's slots");
        drop(first);
        assert!(slots.take(&vera).is_some());
    }

    #[test]
    fn people_without_streams_are_forgotten() {
        let slots = StreamSlots::new(1);
        drop(slots.take(&Actor::Admin).unwrap());
        assert!(slots.open.lock().unwrap().is_empty());
    }
}
