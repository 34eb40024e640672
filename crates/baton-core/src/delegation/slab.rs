//! A slab: values kept in one `Vec` and addressed by index, freed slots reused.
//!
//! The engine keeps its pending delegations and prompts here so that a deadline can name its
//! entry with a plain index instead of a cloned id, and so that the entries sit densely in
//! memory. Nothing here knows what the entries are.

/// Values addressed by a stable index until they are removed.
#[derive(Debug)]
pub(super) struct Slab<T> {
    slots: Vec<Slot<T>>,
    free: Option<usize>,
}

#[derive(Debug)]
enum Slot<T> {
    Used(T),
    Free { next: Option<usize> },
}

impl<T> Default for Slab<T> {
    fn default() -> Self {
        Self {
            slots: Vec::new(),
            free: None,
        }
    }
}

impl<T> Slab<T> {
    /// Stores the value `make` builds from its index, and returns the index.
    pub(super) fn insert_with(&mut self, make: impl FnOnce(usize) -> T) -> usize {
        if let Some(index) = self.free
            && let Some(slot) = self.slots.get_mut(index)
            && let Slot::Free { next } = *slot
        {
            self.free = next;
            *slot = Slot::Used(make(index));
            return index;
        }
        let index = self.slots.len();
        self.slots.push(Slot::Used(make(index)));
        index
    }

    /// The value at `index`.
    pub(super) fn get(&self, index: usize) -> Option<&T> {
        match self.slots.get(index) {
            Some(Slot::Used(value)) => Some(value),
            _ => None,
        }
    }

    /// The value at `index`, mutably.
    pub(super) fn get_mut(&mut self, index: usize) -> Option<&mut T> {
        match self.slots.get_mut(index) {
            Some(Slot::Used(value)) => Some(value),
            _ => None,
        }
    }

    /// Takes the value out; its index may be handed out again.
    pub(super) fn remove(&mut self, index: usize) -> Option<T> {
        let slot = self.slots.get_mut(index)?;
        match std::mem::replace(slot, Slot::Free { next: self.free }) {
            Slot::Used(value) => {
                self.free = Some(index);
                Some(value)
            }
            free => {
                *slot = free;
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn freed_indexes_are_reused_and_stale_ones_find_nothing() {
        let mut slab = Slab::default();
        let a = slab.insert_with(|_| "a");
        let b = slab.insert_with(|_| "b");
        assert_eq!(slab.remove(a), Some("a"));
        assert_eq!(slab.remove(a), None);
        assert_eq!(slab.get(a), None);
        let c = slab.insert_with(|i| if i == a { "c" } else { "wrong" });
        assert_eq!(c, a);
        assert_eq!(slab.get(b), Some(&"b"));
        *slab.get_mut(c).unwrap() = "d";
        assert_eq!(slab.get(c), Some(&"d"));
    }
}
