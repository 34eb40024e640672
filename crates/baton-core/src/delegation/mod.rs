//! The deputy delegation engine (seed 001), sans-IO in the style of `quinn-proto`: the host
//! feeds it events in log order and the current time, asks it when to wake up, and carries
//! out the effects it emits.
//!
//! It owns every countdown of a running delegation (the agent's, then each level's) and the
//! expiry of the visitor's "Invite a deputy?" prompt. It never decides who may respond or what
//! a response does: that is `decide`'s business, and the engine only learns the outcome from
//! the events. It never reads a clock, never performs I/O, and emits effects in an order that
//! depends only on its inputs.
//!
//! ```text
//! host                                   Engine
//!  ├─ event from the log ──────────────▶ handle_event(now, &event)
//!  ├─ sleep until ◀───────────────────── poll_timeout()
//!  ├─ woke up ─────────────────────────▶ handle_timeout(now)
//!  └─ carry out ◀──────────────────────── poll_effect()  (then feed back its events)
//! ```

mod effect;
mod slab;
#[cfg(test)]
mod tests;
mod timer;
mod tracked;

use std::collections::{BTreeMap, VecDeque};

pub use effect::Effect;

use self::slab::Slab;
use self::timer::{Deadline, Timers};
use self::tracked::{Bits, Plans, Tracked, deputies, step_range};
use crate::conversation::ConversationState;
use crate::deputy::{DelegationLevel, DelegationStart, PlannedDeputy};
use crate::event::Event;
use crate::id::{ConversationId, InvitationId, PersonId, PromptId};
use crate::invitation::{Invitation, InvitationState, ResponseStatus};
use crate::state::State;
use crate::time::Timestamp;

/// Drives deputy delegations and prompt timeouts: events and `now` in, deadlines and
/// effects out.
#[derive(Debug, Default)]
pub struct Engine {
    /// Delegations and prompts, addressed by index from the deadlines.
    countdowns: Slab<Countdown>,
    /// Where each running delegation is.
    delegations: BTreeMap<InvitationId, usize>,
    /// Where each open prompt is.
    prompts: BTreeMap<ConversationId, usize>,
    /// Deputies added through the web API (no level), kept aside because they are rare.
    outside_plan: BTreeMap<InvitationId, Vec<PersonId>>,
    plans: Plans,
    timers: Timers,
    effects: VecDeque<Effect>,
}

/// What a deadline counts down for: a running delegation's level, or an open prompt.
#[derive(Debug)]
enum Countdown {
    Delegation(Tracked),
    Prompt(PendingPrompt),
}

/// What is left of a delegation the engine stopped driving.
struct Untracked {
    invitation: InvitationId,
    conversation: ConversationId,
    original_agent: PersonId,
    /// Every deputy notified, of the plan or through the web API.
    notified: Vec<PersonId>,
}

#[derive(Debug)]
struct PendingPrompt {
    conversation: ConversationId,
    prompt: PromptId,
    deadline: Deadline,
}

impl Engine {
    /// An engine with nothing to do.
    pub fn new() -> Self {
        Self::default()
    }

    /// Rebuilds the engine after a restart from the current state: every open delegation
    /// that is not unanswered resumes where the state says it is, every open prompt resumes
    /// its expiry. Deadlines come from the recorded timestamps, so those that passed while
    /// the host was down fire on the first `handle_timeout`. Emits no effects.
    pub fn restore(state: &State) -> Self {
        let mut engine = Self::new();
        for invitation in state.invitations.values() {
            engine.track(invitation);
        }
        for conversation in state.conversations.values() {
            if let Some(prompt) = &conversation.prompt.open {
                engine.start_prompt(&conversation.id, &prompt.id, prompt.expires_at);
            }
        }
        engine
    }

    /// Takes in one event of the log, in log order, as it happens at `now`.
    pub fn handle_event(&mut self, now: Timestamp, event: &Event) {
        match event {
            Event::InvitationCreated { invitation } => self.track(invitation),
            Event::InvitationIgnored {
                invitation, person, ..
            } => self.ignored(now, invitation, person),
            Event::DeputiesNotified {
                invitation,
                level: Some(level),
                deputies,
                at,
                ..
            } => self.confirmed(now, invitation, *level, deputies, *at),
            Event::DeputiesNotified {
                invitation,
                level: None,
                deputies,
                ..
            } => self.notified_outside_plan(invitation, deputies),
            Event::InvitationAccepted {
                invitation, person, ..
            }
            | Event::InvitationDeclined {
                invitation, person, ..
            } => self.over(invitation, Some(person)),
            Event::TokenRedeemed {
                invitation,
                visitor,
                ..
            } => self.over(invitation, Some(visitor)),
            Event::InvitationRevoked { invitation, .. } => self.over(invitation, None),
            Event::DelegationUnanswered { invitation, .. } => {
                if let Some(&index) = self.delegations.get(invitation) {
                    self.untrack(index);
                }
            }
            Event::DeputyPromptOffered {
                conversation,
                prompt,
                expires_at,
                ..
            } => self.start_prompt(conversation, prompt, *expires_at),
            Event::DeputyPromptAnswered {
                conversation,
                prompt,
                ..
            }
            | Event::DeputyPromptCancelled {
                conversation,
                prompt,
            } => self.stop_prompt(conversation, Some(prompt)),
            Event::ConversationStateChanged {
                conversation,
                state: ConversationState::Ended,
                ..
            } => self.stop_prompt(conversation, None),
            _ => {}
        }
    }

    /// Fires every deadline due at or before `now`, in deadline order. Calling it early, or
    /// twice, does nothing.
    pub fn handle_timeout(&mut self, now: Timestamp) {
        while let Some(index) = self.timers.pop_due(now) {
            match self.countdowns.get(index) {
                Some(Countdown::Delegation(_)) => self.countdown_ended(now, index),
                Some(Countdown::Prompt(_)) => self.prompt_expired(index),
                None => {}
            }
        }
    }

    /// The earliest deadline: when the host should call `handle_timeout` next.
    pub fn poll_timeout(&self) -> Option<Timestamp> {
        self.timers.earliest()
    }

    /// The next effect to carry out, oldest first.
    pub fn poll_effect(&mut self) -> Option<Effect> {
        self.effects.pop_front()
    }

    /// How many delegations are running (neither over nor unanswered).
    pub fn pending_delegations(&self) -> usize {
        self.delegations.len()
    }

    /// How many prompts wait for the visitor's answer.
    pub fn pending_prompts(&self) -> usize {
        self.prompts.len()
    }

    /// Starts driving the delegation of an open invitation, from where its record says it
    /// is: a new one waits for its agent (or notifies its first level at once), a restored
    /// one resumes the countdown of the level it reached.
    fn track(&mut self, invitation: &Invitation) {
        let Some(delegation) = &invitation.delegation else {
            return;
        };
        if invitation.state != InvitationState::Open
            || delegation.unanswered_at.is_some()
            || self.delegations.contains_key(&invitation.id)
        {
            return;
        }
        let plan = self.plans.share(&delegation.plan);
        let mut ignored = Bits::new(deputies(&plan).count());
        for (i, deputy) in deputies(&plan).enumerate() {
            if invitation
                .secondary_target(&deputy.person)
                .is_some_and(|t| t.response == ResponseStatus::Ignored)
            {
                ignored.set(i);
            }
        }
        let notified = delegation.reached.map_or(0, |reached| {
            plan.steps.iter().filter(|s| s.level <= reached).count()
        });
        let timeouts = plan.timeouts;
        let level_ignored = notified > 0 && ignored.all(step_range(&plan, notified - 1));
        let at = match delegation.reached {
            None => match plan.start {
                DelegationStart::AwaitAgent
                    if invitation.target_response_status != ResponseStatus::Ignored =>
                {
                    invitation.created_at.plus_seconds(timeouts.level1_seconds)
                }
                // The agent ignored it, or the deputies are asked at once.
                DelegationStart::AwaitAgent | DelegationStart::AtLevel(_) => invitation.created_at,
            },
            Some(level) => {
                // The level's countdown started when it was recorded as notified.
                let started = invitation
                    .secondary_targets
                    .iter()
                    .filter(|t| t.level == Some(level))
                    .map(|t| t.notified_at)
                    .max()
                    .unwrap_or(invitation.created_at);
                if level_ignored {
                    // Everyone of the level ignored: its countdown ended, at the latest now.
                    started
                } else {
                    started.plus_seconds(timeouts.after_level(level))
                }
            }
        };
        let outside_plan: Vec<PersonId> = invitation
            .secondary_targets
            .iter()
            .filter(|t| t.level.is_none())
            .map(|t| t.person.clone())
            .collect();
        if !outside_plan.is_empty() {
            self.outside_plan
                .insert(invitation.id.clone(), outside_plan);
        }
        let timers = &mut self.timers;
        let index = self.countdowns.insert_with(|index| {
            Countdown::Delegation(Tracked {
                invitation: invitation.id.clone(),
                conversation: invitation.conversation.clone(),
                plan,
                notified,
                ignored,
                deadline: timers.schedule(at, index),
            })
        });
        self.delegations.insert(invitation.id.clone(), index);
    }

    /// The countdown of the delegation at `index` ended: notify the next level, or give up.
    fn countdown_ended(&mut self, now: Timestamp, index: usize) {
        let Some(Countdown::Delegation(tracked)) = self.countdowns.get_mut(index) else {
            return;
        };
        let plan = std::sync::Arc::clone(&tracked.plan);
        let Some(step) = plan.steps.get(tracked.notified) else {
            if let Some(ended) = self.untrack(index) {
                self.effects.push_back(Effect::Unanswered {
                    invitation: ended.invitation,
                    conversation: ended.conversation,
                    original_agent: ended.original_agent,
                });
            }
            return;
        };
        self.effects.push_back(Effect::NotifyDeputies {
            invitation: tracked.invitation.clone(),
            conversation: tracked.conversation.clone(),
            original_agent: plan.original_agent.clone(),
            level: step.level,
            deputies: step.deputies.clone(),
        });
        let range = step_range(&plan, tracked.notified);
        for (i, deputy) in range.zip(&step.deputies) {
            if deputy.channels.is_disabled() {
                tracked.ignored.set(i);
            }
        }
        tracked.notified += 1;
        let at = if tracked.current_level_ignored() {
            now
        } else {
            now.plus_seconds(plan.timeouts.after_level(step.level))
        };
        tracked.deadline = self.timers.schedule(at, index);
    }

    /// Someone answered Ignore: the agent's own Ignore ends the agent's countdown; the
    /// last Ignore of the current level ends that level's countdown.
    fn ignored(&mut self, now: Timestamp, invitation: &InvitationId, person: &PersonId) {
        let Some(&index) = self.delegations.get(invitation) else {
            return;
        };
        let Some(Countdown::Delegation(tracked)) = self.countdowns.get_mut(index) else {
            return;
        };
        if tracked.awaits_agent() && &tracked.plan.original_agent == person {
            self.end_countdown_now(index, now);
            return;
        }
        if let Some(i) = tracked.deputy_index(person) {
            tracked.ignored.set(i);
        }
        if tracked.current_level_ignored() {
            self.end_countdown_now(index, now);
        }
    }

    /// The host recorded a level as notified. Its record is the authority on when the
    /// level's countdown started; a level behind the engine's changes nothing, one ahead of
    /// it (notified by another engine before a restart) is adopted.
    fn confirmed(
        &mut self,
        now: Timestamp,
        invitation: &InvitationId,
        level: DelegationLevel,
        confirmed: &[PlannedDeputy],
        at: Timestamp,
    ) {
        let Some(&index) = self.delegations.get(invitation) else {
            return;
        };
        let Some(Countdown::Delegation(tracked)) = self.countdowns.get_mut(index) else {
            return;
        };
        let Some(step) = tracked.plan.steps.iter().position(|s| s.level == level) else {
            return;
        };
        if step + 1 < tracked.notified {
            return;
        }
        tracked.notified = step + 1;
        // `decide` disables the channels of deputies who can no longer be reached.
        for deputy in confirmed.iter().filter(|d| d.channels.is_disabled()) {
            if let Some(i) = tracked.deputy_index(&deputy.person) {
                tracked.ignored.set(i);
            }
        }
        if tracked.current_level_ignored() {
            self.end_countdown_now(index, now);
        } else {
            let at = at.plus_seconds(tracked.plan.timeouts.after_level(level));
            self.reschedule(index, at);
        }
    }

    /// A deputy added through the web API: they may respond, and their notification is
    /// withdrawn with the others', but they belong to no level.
    fn notified_outside_plan(&mut self, invitation: &InvitationId, notified: &[PlannedDeputy]) {
        if !self.delegations.contains_key(invitation) {
            return;
        }
        let persons = self.outside_plan.entry(invitation.clone()).or_default();
        for deputy in notified {
            if !persons.contains(&deputy.person) {
                persons.push(deputy.person.clone());
            }
        }
    }

    /// The delegation is over: withdraw every notification but the responder's.
    fn over(&mut self, invitation: &InvitationId, responder: Option<&PersonId>) {
        let Some(&index) = self.delegations.get(invitation) else {
            return;
        };
        let Some(ended) = self.untrack(index) else {
            return;
        };
        let persons: Vec<PersonId> = ended
            .notified
            .into_iter()
            .filter(|p| Some(p) != responder)
            .collect();
        if !persons.is_empty() {
            self.effects.push_back(Effect::RevokeNotifications {
                invitation: ended.invitation,
                conversation: ended.conversation,
                persons,
            });
        }
    }

    /// Stops driving the delegation at `index`.
    fn untrack(&mut self, index: usize) -> Option<Untracked> {
        let Some(Countdown::Delegation(tracked)) = self.countdowns.remove(index) else {
            return None;
        };
        self.timers.cancel(tracked.deadline);
        self.delegations.remove(&tracked.invitation);
        let outside_plan = self
            .outside_plan
            .remove(&tracked.invitation)
            .unwrap_or_default();
        let mut notified: Vec<PersonId> = Vec::new();
        for person in tracked
            .notified_deputies()
            .map(|d| &d.person)
            .chain(&outside_plan)
        {
            if !notified.contains(person) {
                notified.push(person.clone());
            }
        }
        let original_agent = tracked.plan.original_agent.clone();
        self.plans.release(tracked.plan);
        Some(Untracked {
            invitation: tracked.invitation,
            conversation: tracked.conversation,
            original_agent,
            notified,
        })
    }

    /// Moves the countdown's end to `now`, unless it ends earlier anyway.
    fn end_countdown_now(&mut self, index: usize, now: Timestamp) {
        if let Some(Countdown::Delegation(tracked)) = self.countdowns.get(index)
            && tracked.deadline.at > now
        {
            self.reschedule(index, now);
        }
    }

    /// Moves the delegation's deadline to `at`.
    fn reschedule(&mut self, index: usize, at: Timestamp) {
        if let Some(Countdown::Delegation(tracked)) = self.countdowns.get_mut(index) {
            self.timers.cancel(tracked.deadline);
            tracked.deadline = self.timers.schedule(at, index);
        }
    }

    /// A prompt was offered: it is cancelled at `expires_at` unless answered first.
    fn start_prompt(
        &mut self,
        conversation: &ConversationId,
        prompt: &PromptId,
        expires_at: Timestamp,
    ) {
        self.stop_prompt(conversation, None);
        let timers = &mut self.timers;
        let index = self.countdowns.insert_with(|index| {
            Countdown::Prompt(PendingPrompt {
                conversation: conversation.clone(),
                prompt: prompt.clone(),
                deadline: timers.schedule(expires_at, index),
            })
        });
        self.prompts.insert(conversation.clone(), index);
    }

    /// The conversation's prompt (only `prompt`, if given) needs no timeout any more.
    fn stop_prompt(&mut self, conversation: &ConversationId, prompt: Option<&PromptId>) {
        let Some(&index) = self.prompts.get(conversation) else {
            return;
        };
        let same = matches!(
            self.countdowns.get(index),
            Some(Countdown::Prompt(pending)) if prompt.is_none_or(|p| p == &pending.prompt)
        );
        if !same {
            return;
        }
        self.prompts.remove(conversation);
        if let Some(Countdown::Prompt(pending)) = self.countdowns.remove(index) {
            self.timers.cancel(pending.deadline);
        }
    }

    /// A prompt reached its expiry unanswered.
    fn prompt_expired(&mut self, index: usize) {
        if let Some(Countdown::Prompt(pending)) = self.countdowns.remove(index) {
            self.prompts.remove(&pending.conversation);
            self.effects.push_back(Effect::CancelPrompt {
                conversation: pending.conversation,
                prompt: pending.prompt,
            });
        }
    }
}
