//! The deputy prompt policy: when a visitor's message makes the concierge ask "Your advisor
//! is unavailable. Invite a deputy?" (seed 001, "Prompting for deputy delegation").
//!
//! A pure function of the configuration, the organisation, the conversation as it was before
//! the message, and `now`. What accepting the prompt starts is in `decide`; cancelling an
//! unanswered prompt at its deadline is the delegation engine's timer.

use crate::config::Config;
use crate::conversation::Conversation;
use crate::directory::Directory;
use crate::id::PersonId;
use crate::time::Timestamp;

/// Why no prompt is offered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoPrompt {
    /// `enableDeputyPromptWhenAgentsUnavailable` is off.
    PromptDisabled,
    /// Deputy delegation itself is off, so accepting could start nothing.
    DelegationDisabled,
    /// The conversation is ending.
    ConversationClosing,
    /// The writer's participation type is not in `promptDeputyForVisitorParticipationTypes`.
    VisitorNotEligible,
    /// A prompt is already waiting for an answer.
    PromptOpen,
    /// A deputy delegation is already running.
    DelegationRunning,
    /// Within `promptDeputyDelegationRestartDelayInSeconds` of a declined prompt.
    RestartDelay,
    /// The previous visitor message is less than the debounce time ago.
    Debounced,
    /// No agent of the relevant participation types is in the conversation.
    NoRelevantAgent,
    /// At least one relevant agent is available.
    AgentAvailable,
}

/// The policy's answer for one visitor message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PromptDecision {
    /// Ask the visitor; cancel the prompt at `expires_at` if unanswered.
    Offer {
        /// When the unanswered prompt is cancelled.
        expires_at: Timestamp,
    },
    /// Do not ask, and why.
    Skip(NoPrompt),
}

/// Decides whether `sender`'s message, written at `now`, offers the deputy prompt.
/// `conversation` is the state before the message; `delegation_running` tells whether a
/// deputy delegation is already under way in it.
pub fn evaluate(
    config: &Config,
    directory: &Directory,
    conversation: &Conversation,
    sender: &PersonId,
    delegation_running: bool,
    now: Timestamp,
) -> PromptDecision {
    use NoPrompt::*;
    let skip = PromptDecision::Skip;
    if !config.enable_deputy_prompt_when_agents_unavailable {
        return skip(PromptDisabled);
    }
    if !config.deputy_delegation_enabled() {
        return skip(DelegationDisabled);
    }
    if conversation.is_closing() {
        return skip(ConversationClosing);
    }
    let eligible = conversation.active_participant(sender).is_some_and(|p| {
        config
            .prompt_deputy_for_visitor_participation_types
            .contains(&p.participation_type)
    });
    if !eligible {
        return skip(VisitorNotEligible);
    }
    if conversation
        .prompt
        .open
        .as_ref()
        .is_some_and(|p| now < p.expires_at)
    {
        return skip(PromptOpen);
    }
    if delegation_running {
        return skip(DelegationRunning);
    }
    if let Some(declined) = conversation.prompt.last_declined_at
        && now < declined.plus_seconds(config.prompt_deputy_delegation_restart_delay_in_seconds)
    {
        return skip(RestartDelay);
    }
    if let Some(previous) = conversation.last_visitor_message_at
        && now < previous.plus_seconds(config.prompt_deputy_new_message_debounce_time_in_seconds)
    {
        return skip(Debounced);
    }
    let mut relevant = conversation.current_participants().filter(|p| {
        p.is_active()
            && config
                .prompt_deputy_for_unavailable_agent_participation_types
                .contains(&p.participation_type)
    });
    let Some(first) = relevant.next() else {
        return skip(NoRelevantAgent);
    };
    let unavailable = |person: &PersonId| {
        directory.person(person).is_some_and(|p| {
            config
                .prompt_deputy_for_unavailable_agent_relevant_states
                .contains(&p.presence)
        })
    };
    if unavailable(&first.person) && relevant.all(|p| unavailable(&p.person)) {
        PromptDecision::Offer {
            expires_at: now.plus_seconds(config.prompt_deputy_timeout_in_seconds),
        }
    } else {
        skip(AgentAvailable)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conversation::{OpenPrompt, ParticipationType};
    use crate::directory::PresenceState;
    use crate::id::PromptId;
    use crate::testkit::Bank;

    const NOW: Timestamp = Timestamp(1_000_000);

    fn setup() -> (Bank, Config) {
        let mut bank = Bank::new();
        bank.set_presence(&bank.anna.clone(), PresenceState::Away);
        let mut config = bank.state.config.clone();
        config.enable_deputy_prompt_when_agents_unavailable = true;
        config.messenger_enable_deputy_delegation = true;
        config.enable_deputy_delegation = true;
        (bank, config)
    }

    fn decide(bank: &Bank, config: &Config, running: bool) -> PromptDecision {
        let conversation = &bank.state.conversations[&bank.vera_and_anna];
        evaluate(
            config,
            &bank.state.directory,
            conversation,
            &bank.vera,
            running,
            NOW,
        )
    }

    #[test]
    fn a_visitor_writing_while_the_assigned_agent_is_away_is_prompted() {
        let (bank, config) = setup();
        assert_eq!(
            decide(&bank, &config, false),
            PromptDecision::Offer {
                expires_at: NOW.plus_seconds(config.prompt_deputy_timeout_in_seconds)
            }
        );
    }

    #[test]
    fn no_prompt_unless_enable_deputy_prompt_when_agents_unavailable() {
        let (bank, mut config) = setup();
        config.enable_deputy_prompt_when_agents_unavailable = false;
        assert_eq!(
            decide(&bank, &config, false),
            PromptDecision::Skip(NoPrompt::PromptDisabled)
        );
    }

    #[test]
    fn no_prompt_when_deputy_delegation_is_off() {
        let (bank, mut config) = setup();
        config.enable_deputy_delegation = false;
        assert_eq!(
            decide(&bank, &config, false),
            PromptDecision::Skip(NoPrompt::DelegationDisabled)
        );
    }

    #[test]
    fn only_the_relevant_agent_states_count_as_unavailable() {
        let (mut bank, mut config) = setup();
        config.prompt_deputy_for_unavailable_agent_relevant_states = vec![PresenceState::Offline];
        assert_eq!(
            decide(&bank, &config, false),
            PromptDecision::Skip(NoPrompt::AgentAvailable)
        );
        bank.set_presence(&bank.anna.clone(), PresenceState::Offline);
        assert!(matches!(
            decide(&bank, &config, false),
            PromptDecision::Offer { .. }
        ));
    }

    #[test]
    fn all_agents_of_the_selected_participation_types_must_be_unavailable() {
        let (mut bank, mut config) = setup();
        bank.add_participant(
            &bank.clara.clone(),
            ParticipationType::SecondaryAgent,
            false,
        );
        config.prompt_deputy_for_unavailable_agent_participation_types = vec![
            ParticipationType::AssignedAgent,
            ParticipationType::SecondaryAgent,
        ];
        // Clara (secondary) is online: not every selected agent is unavailable.
        bank.set_presence(&bank.clara.clone(), PresenceState::Online);
        assert_eq!(
            decide(&bank, &config, false),
            PromptDecision::Skip(NoPrompt::AgentAvailable)
        );
        // Only the assigned agent selected: Anna is away, so the visitor is prompted.
        config.prompt_deputy_for_unavailable_agent_participation_types =
            vec![ParticipationType::AssignedAgent];
        assert!(matches!(
            decide(&bank, &config, false),
            PromptDecision::Offer { .. }
        ));
        // Only secondary agents selected: Clara is online.
        config.prompt_deputy_for_unavailable_agent_participation_types =
            vec![ParticipationType::SecondaryAgent];
        assert_eq!(
            decide(&bank, &config, false),
            PromptDecision::Skip(NoPrompt::AgentAvailable)
        );
    }

    #[test]
    fn no_prompt_when_no_agent_of_the_selected_types_participates() {
        let (bank, mut config) = setup();
        config.prompt_deputy_for_unavailable_agent_participation_types =
            vec![ParticipationType::SecondaryAgent];
        assert_eq!(
            decide(&bank, &config, false),
            PromptDecision::Skip(NoPrompt::NoRelevantAgent)
        );
    }

    #[test]
    fn only_the_configured_visitor_participation_types_trigger_the_prompt() {
        let (bank, mut config) = setup();
        config.prompt_deputy_for_visitor_participation_types =
            vec![ParticipationType::SecondaryVisitor];
        assert_eq!(
            decide(&bank, &config, false),
            PromptDecision::Skip(NoPrompt::VisitorNotEligible)
        );
    }

    #[test]
    fn messages_within_the_debounce_time_trigger_no_new_prompt() {
        let (mut bank, config) = setup();
        let debounce = config.prompt_deputy_new_message_debounce_time_in_seconds;
        let c = bank.conversation_mut();
        c.last_visitor_message_at = Some(Timestamp(NOW.0 - (debounce as i64 * 1000) + 1));
        assert_eq!(
            decide(&bank, &config, false),
            PromptDecision::Skip(NoPrompt::Debounced)
        );
        bank.conversation_mut().last_visitor_message_at =
            Some(Timestamp(NOW.0 - debounce as i64 * 1000));
        assert!(matches!(
            decide(&bank, &config, false),
            PromptDecision::Offer { .. }
        ));
    }

    #[test]
    fn no_new_prompt_within_the_restart_delay_after_a_decline() {
        let (mut bank, config) = setup();
        let delay = config.prompt_deputy_delegation_restart_delay_in_seconds as i64 * 1000;
        bank.conversation_mut().prompt.last_declined_at = Some(Timestamp(NOW.0 - delay + 1));
        assert_eq!(
            decide(&bank, &config, false),
            PromptDecision::Skip(NoPrompt::RestartDelay)
        );
        bank.conversation_mut().prompt.last_declined_at = Some(Timestamp(NOW.0 - delay));
        assert!(matches!(
            decide(&bank, &config, false),
            PromptDecision::Offer { .. }
        ));
    }

    #[test]
    fn no_second_prompt_while_one_is_open_or_a_delegation_runs() {
        let (mut bank, config) = setup();
        assert_eq!(
            decide(&bank, &config, true),
            PromptDecision::Skip(NoPrompt::DelegationRunning)
        );
        bank.conversation_mut().prompt.open = Some(OpenPrompt {
            id: PromptId::new("p"),
            offered_at: Timestamp(NOW.0 - 1),
            expires_at: Timestamp(NOW.0 + 1),
        });
        assert_eq!(
            decide(&bank, &config, false),
            PromptDecision::Skip(NoPrompt::PromptOpen)
        );
    }
}
