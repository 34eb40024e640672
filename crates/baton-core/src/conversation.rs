//! Conversations and their participants: Unblu's life-cycle state machine, participation
//! types and states, visibility (hidden participants) and the awaited person type.
//!
//! This module holds the shapes and the invariants that can be checked on one conversation
//! alone; who may change them is decided in `decide`, who may see them in `access`.

use serde::{Deserialize, Serialize};

use crate::id::{AccountId, ConversationId, PersonId, PromptId, TeamId};
use crate::time::Timestamp;

/// Unblu's `EConversationState`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ConversationState {
    /// Just created.
    Created,
    /// The person in the centre is onboarding.
    Onboarding,
    /// A message reached an unassigned conversation; onboarding again.
    Reboarding,
    /// Waiting in a queue for an agent.
    Queued,
    /// An agent is assigned.
    Active,
    /// No assignee any more; visible to the organisation's other agents.
    Unassigned,
    /// Being ended.
    Offboarding,
    /// Ended; nothing changes any more.
    Ended,
}

impl ConversationState {
    /// The transitions Unblu's spec allows (`EConversationState`'s description).
    pub fn can_become(self, next: ConversationState) -> bool {
        use ConversationState::*;
        matches!(
            (self, next),
            (Created, Onboarding | Offboarding)
                | (Onboarding, Queued | Active | Offboarding | Unassigned)
                | (Reboarding, Queued | Unassigned | Offboarding)
                | (Queued, Active | Offboarding | Unassigned)
                | (Active, Unassigned | Offboarding | Queued)
                | (Unassigned, Reboarding | Offboarding | Queued | Active)
                | (Offboarding, Ended)
        )
    }

    /// Offboarding or ended: no more hand-offs.
    pub fn is_closing(self) -> bool {
        matches!(
            self,
            ConversationState::Offboarding | ConversationState::Ended
        )
    }
}

/// Unblu's `EConversationRealParticipationType`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ParticipationType {
    /// The conversation's one assignee.
    AssignedAgent,
    /// The visitor the conversation is about.
    ContextPerson,
    /// Another agent in the conversation.
    SecondaryAgent,
    /// Another visitor in the conversation.
    SecondaryVisitor,
}

impl ParticipationType {
    /// Agent participations.
    pub fn is_agent(self) -> bool {
        matches!(self, Self::AssignedAgent | Self::SecondaryAgent)
    }
}

/// What an agent can be handed the conversation by, as the forward and reassign dialogs offer
/// it (seed 000): an agent outside the conversation is forwarded to (`forward_to_agent`
/// refuses participants), an agent taking part beside the assignee is reassigned to (shown
/// first when hidden, then made the assignee), and the assignee, a visitor, or the acting
/// agent outside the conversation is offered neither.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HandoffRoute {
    /// Forward: they do not take part.
    Forward,
    /// Reassign: they take part as a secondary agent.
    Reassign,
    /// Neither: the assignee already, not an agent participant, or oneself.
    None,
}

impl HandoffRoute {
    /// The route to an agent taking part as `participation` (`None`: not at all), for the
    /// acting agent when `is_self`. Reassigning to oneself is taking over, which a secondary
    /// agent may; forwarding to oneself hands nothing off.
    pub fn of(participation: Option<ParticipationType>, is_self: bool) -> Self {
        match participation {
            None if is_self => Self::None,
            None => Self::Forward,
            Some(ParticipationType::SecondaryAgent) => Self::Reassign,
            Some(
                ParticipationType::AssignedAgent
                | ParticipationType::ContextPerson
                | ParticipationType::SecondaryVisitor,
            ) => Self::None,
        }
    }
}

/// Unblu's `EConversationParticipationState`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ParticipationState {
    /// Created, not joined yet.
    Created,
    /// Joining.
    Onboarding,
    /// In the conversation.
    Active,
    /// Leaving.
    Offboarding,
    /// Left; has no access any more.
    Ended,
}

/// Unblu's `EAwaitedPersonType`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum AwaitedPersonType {
    /// Nobody is awaited.
    #[default]
    None,
    /// The visitor must react next.
    Visitor,
    /// An agent must react next.
    Agent,
}

/// Unblu's `EOffboardingReason` (the values Baton produces or accepts).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum OffboardingReason {
    /// The conversation was forwarded and this agent left.
    Forwarded,
    /// The participant left by themselves.
    ParticipantLeft,
    /// Removed by someone else.
    Kicked,
    /// The conversation was unassigned.
    ConversationUnassigned,
    /// The conversation was ended.
    ConversationEnded,
    /// The conversation went back to the queue.
    ConversationRequeued,
    /// Removed because the agent's assistants changed.
    AssistantSynchronization,
    /// Anything else.
    Other,
}

/// Who a conversation was addressed to when the customer started it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(tag = "type", content = "id", rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Recipient {
    /// A single agent, e.g. the relationship manager: deputy delegation applies.
    Agent(PersonId),
    /// A team: no deputy delegation.
    Team(TeamId),
}

/// One person's participation in a conversation (Unblu's `ParticipantData`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct Participant {
    /// The participating person.
    pub person: PersonId,
    /// Assigned agent, context person, secondary agent or secondary visitor.
    pub participation_type: ParticipationType,
    /// Joining, active, left...
    pub state: ParticipationState,
    /// Invisible to visitors. Only secondary agents and bots may be hidden.
    pub hidden: bool,
    /// Starred by this participant.
    pub starred: bool,
    /// Added by the assistants auto-sync (and so removed by it when no longer an assistant).
    pub auto_synced_assistant: bool,
}

impl Participant {
    /// In the conversation right now.
    pub fn is_active(&self) -> bool {
        self.state == ParticipationState::Active
    }
}

/// The "Invite a deputy?" prompt of one conversation.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PromptStatus {
    /// The prompt waiting for the visitor's answer, if any.
    pub open: Option<OpenPrompt>,
    /// When the visitor last declined a prompt.
    pub last_declined_at: Option<Timestamp>,
}

/// A prompt waiting for the visitor's answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenPrompt {
    /// The prompt.
    pub id: PromptId,
    /// When it was offered.
    pub offered_at: Timestamp,
    /// When it is cancelled if unanswered.
    pub expires_at: Timestamp,
}

/// A conversation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conversation {
    /// The conversation's id.
    pub id: ConversationId,
    /// The account (organisation) that owns it.
    pub account: AccountId,
    /// Optional topic.
    pub topic: Option<String>,
    /// Life-cycle state.
    pub state: ConversationState,
    /// Every participation, including ended ones (history).
    pub participants: Vec<Participant>,
    /// Who must react next.
    pub awaited_person_type: AwaitedPersonType,
    /// Who the customer addressed.
    pub recipient: Option<Recipient>,
    /// When it was created.
    pub created_at: Timestamp,
    /// When a visitor last wrote.
    pub last_visitor_message_at: Option<Timestamp>,
    /// The deputy prompt.
    pub prompt: PromptStatus,
}

impl Conversation {
    /// The participation of `person` that has not ended, if any.
    pub fn participant(&self, person: &PersonId) -> Option<&Participant> {
        self.participants
            .iter()
            .find(|p| &p.person == person && p.state != ParticipationState::Ended)
    }

    /// Mutable access to the participation of `person` that has not ended.
    pub fn participant_mut(&mut self, person: &PersonId) -> Option<&mut Participant> {
        self.participants
            .iter_mut()
            .find(|p| &p.person == person && p.state != ParticipationState::Ended)
    }

    /// The active participation of `person`, if any.
    pub fn active_participant(&self, person: &PersonId) -> Option<&Participant> {
        self.participant(person).filter(|p| p.is_active())
    }

    /// The participations that have not ended.
    pub fn current_participants(&self) -> impl Iterator<Item = &Participant> {
        self.participants
            .iter()
            .filter(|p| p.state != ParticipationState::Ended)
    }

    /// The assigned agent, if any.
    pub fn assignee(&self) -> Option<&PersonId> {
        self.current_participants()
            .find(|p| p.participation_type == ParticipationType::AssignedAgent)
            .map(|p| &p.person)
    }

    /// The visitor the conversation is about.
    pub fn context_person(&self) -> Option<&PersonId> {
        self.current_participants()
            .find(|p| p.participation_type == ParticipationType::ContextPerson)
            .map(|p| &p.person)
    }

    /// True once ended (or ending): no hand-off is possible any more.
    pub fn is_closing(&self) -> bool {
        self.state.is_closing()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ConversationState::*;

    const ALL: [ConversationState; 8] = [
        Created,
        Onboarding,
        Reboarding,
        Queued,
        Active,
        Unassigned,
        Offboarding,
        Ended,
    ];

    #[test]
    fn an_ended_conversation_never_changes_state() {
        assert!(ALL.iter().all(|s| !Ended.can_become(*s)));
    }

    #[test]
    fn offboarding_only_leads_to_ended() {
        for s in ALL {
            assert_eq!(Offboarding.can_become(s), s == Ended, "{s:?}");
        }
    }

    #[test]
    fn every_state_but_ended_can_start_offboarding() {
        for s in ALL {
            let expected = !matches!(s, Offboarding | Ended);
            assert_eq!(s.can_become(Offboarding), expected, "{s:?}");
        }
    }

    #[test]
    fn an_unassigned_conversation_can_be_requeued_or_taken_again() {
        assert!(Unassigned.can_become(Queued));
        assert!(Unassigned.can_become(Active));
        assert!(Active.can_become(Unassigned));
        assert!(!Created.can_become(Active));
    }
}
