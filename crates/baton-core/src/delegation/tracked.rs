//! The engine's record of one running delegation, kept small because a busy bank has
//! hundreds of thousands of them: a shared plan, how far it got, one bit per deputy.
//!
//! Plans are shared: every request for the same agent, resolved from the same deputies,
//! points at one `Arc<DelegationPlan>`. What a countdown's end means, and when deadlines are
//! set, lives in `mod.rs`, not here.

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Arc;

use super::timer::Deadline;
use crate::deputy::{DelegationPlan, DelegationStart, PlannedDeputy};
use crate::id::{ConversationId, InvitationId, PersonId};

/// A delegation the engine drives.
#[derive(Debug)]
pub(super) struct Tracked {
    /// The delegated invitation.
    pub(super) invitation: InvitationId,
    /// Its conversation.
    pub(super) conversation: ConversationId,
    /// Who is asked, in which order (shared with other delegations for the same agent).
    pub(super) plan: Arc<DelegationPlan>,
    /// How many of the plan's steps were notified; the last of them is the current level.
    pub(super) notified: usize,
    /// One bit per deputy of the plan, in plan order: answered Ignore or cannot be notified.
    pub(super) ignored: Bits,
    /// When the current countdown ends.
    pub(super) deadline: Deadline,
}

impl Tracked {
    /// Still waiting for the original agent, before any deputy is notified.
    pub(super) fn awaits_agent(&self) -> bool {
        self.notified == 0 && self.plan.start == DelegationStart::AwaitAgent
    }

    /// Whether everyone of the current level ignored (false while no level is notified).
    pub(super) fn current_level_ignored(&self) -> bool {
        self.notified > 0 && self.ignored.all(step_range(&self.plan, self.notified - 1))
    }

    /// Where `person` stands among the plan's deputies.
    pub(super) fn deputy_index(&self, person: &PersonId) -> Option<usize> {
        deputies(&self.plan).position(|d| &d.person == person)
    }

    /// The deputies of the steps notified so far, in plan order.
    pub(super) fn notified_deputies(&self) -> impl Iterator<Item = &PlannedDeputy> {
        self.plan
            .steps
            .iter()
            .take(self.notified)
            .flat_map(|s| &s.deputies)
    }
}

/// The index range, within the plan's deputies, of step `step`.
pub(super) fn step_range(plan: &DelegationPlan, step: usize) -> Range<usize> {
    let start = plan.steps.iter().take(step).map(|s| s.deputies.len()).sum();
    let len = plan.steps.get(step).map_or(0, |s| s.deputies.len());
    start..start + len
}

/// Every deputy of a plan, in plan order (the order of the bits).
pub(super) fn deputies(plan: &DelegationPlan) -> impl Iterator<Item = &PlannedDeputy> {
    plan.steps.iter().flat_map(|s| &s.deputies)
}

/// A fixed-size set of bits, inline up to 64: plans larger than that (a big team as a
/// deputy) are rare, and the common case must not allocate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Bits {
    Inline(u64),
    Spilled(Box<[u64]>),
}

impl Bits {
    /// `len` cleared bits.
    pub(super) fn new(len: usize) -> Self {
        if len <= 64 {
            Bits::Inline(0)
        } else {
            Bits::Spilled(vec![0; len.div_ceil(64)].into_boxed_slice())
        }
    }

    /// Sets bit `i`; bits past the end are ignored.
    pub(super) fn set(&mut self, i: usize) {
        match self {
            Bits::Inline(word) if i < 64 => *word |= 1 << i,
            Bits::Inline(_) => {}
            Bits::Spilled(words) => {
                if let Some(word) = words.get_mut(i / 64) {
                    *word |= 1 << (i % 64);
                }
            }
        }
    }

    /// Whether bit `i` is set.
    pub(super) fn get(&self, i: usize) -> bool {
        match self {
            Bits::Inline(word) => i < 64 && word & (1 << i) != 0,
            Bits::Spilled(words) => words.get(i / 64).is_some_and(|w| w & (1 << (i % 64)) != 0),
        }
    }

    /// Whether every bit in `range` is set (true for an empty range).
    pub(super) fn all(&self, range: Range<usize>) -> bool {
        range.into_iter().all(|i| self.get(i))
    }
}

/// The plans in use, one copy each, found by their original agent.
#[derive(Debug, Default)]
pub(super) struct Plans {
    by_agent: BTreeMap<PersonId, Vec<Arc<DelegationPlan>>>,
}

impl Plans {
    /// The shared copy of `plan`, made if it is the first of its kind.
    pub(super) fn share(&mut self, plan: &DelegationPlan) -> Arc<DelegationPlan> {
        let same_agent = self
            .by_agent
            .entry(plan.original_agent.clone())
            .or_default();
        if let Some(shared) = same_agent.iter().find(|p| ***p == *plan) {
            return Arc::clone(shared);
        }
        let shared = Arc::new(plan.clone());
        same_agent.push(Arc::clone(&shared));
        shared
    }

    /// Gives back a delegation's copy; the last one out removes the plan.
    pub(super) fn release(&mut self, plan: Arc<DelegationPlan>) {
        // The table's reference and `plan` itself: nobody else uses it.
        if Arc::strong_count(&plan) > 2 {
            return;
        }
        if let Some(same_agent) = self.by_agent.get_mut(&plan.original_agent) {
            same_agent.retain(|p| !Arc::ptr_eq(p, &plan));
            if same_agent.is_empty() {
                self.by_agent.remove(&plan.original_agent);
            }
        }
    }

    /// How many distinct plans are in use.
    #[cfg(test)]
    pub(super) fn len(&self) -> usize {
        self.by_agent.values().map(Vec::len).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bits_spill_past_64_and_answer_for_ranges() {
        let mut small = Bits::new(6);
        assert_eq!(small, Bits::Inline(0));
        small.set(3);
        small.set(4);
        assert!(small.all(3..5));
        assert!(!small.all(2..5));
        assert!(small.all(0..0));

        let mut big = Bits::new(130);
        assert!(matches!(big, Bits::Spilled(ref w) if w.len() == 3));
        for i in 60..130 {
            big.set(i);
        }
        big.set(500);
        assert!(big.all(60..130));
        assert!(!big.all(59..130));
        assert!(!big.get(500));
    }
}
