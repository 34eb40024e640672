//! Conversations on the wire: `ConversationData` and its participants and recipient,
//! `conversations/create`'s `ConversationCreationData`, the bodies of `addParticipant`,
//! `changeParticipantVisibility`, `setAssigneePerson`, `offboardParticipant`,
//! `setAwaitedPersonType` and `end`, `conversations/search` (`ConversationQuery`,
//! `ConversationResult`), and `ConversationLink`.
//!
//! Conversions from `baton-core` build the views; [`ConversationData::for_visitor`] is the
//! only view a visitor may receive (no hidden participants). Request bodies turn into
//! `Command`s given the ids the path and the server supply. Invitations live in `invitation`.

use baton_core::command::Command;
use baton_core::conversation::{
    AwaitedPersonType, Conversation, ConversationState, OffboardingReason, Participant,
    ParticipationState, ParticipationType, Recipient,
};
use baton_core::directory::{Directory, PersonType};
use baton_core::id::{AccountId, ConversationId, InvitationId, PersonId, TeamId};
use baton_core::{DomainError, Timestamp};
use serde::{Deserialize, Serialize};

use crate::wire::person::{PersonData, TeamData};
use crate::wire::query::{
    IdListOperator, IdOperator, OpEquals, OpIn, Order, Page, SortKey, sort_by_criteria,
};
use crate::wire::shape::{Tag, markers, nullable, one_of, tagged};

/// Unblu's `ConversationData`: the fields Baton fills.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct ConversationData {
    /// `$_type`: `"ConversationData"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"ConversationData\""))]
    pub kind: Tag<Self>,
    /// When the conversation was created.
    pub creation_timestamp: Timestamp,
    /// When it ended; absent while it has not (Baton's core does not record the end time, so
    /// views built from it leave this to the server).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub end_timestamp: Option<Timestamp>,
    /// The conversation's id.
    pub id: ConversationId,
    /// The account that owns it.
    pub account_id: AccountId,
    /// Topic.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub topic: Option<String>,
    /// Who the customer addressed.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub recipient: Option<ConversationRecipientData>,
    /// The current participants (ended participations are left out).
    #[serde(default, deserialize_with = "nullable")]
    pub participants: Vec<ParticipantData>,
    /// Life-cycle state.
    pub state: ConversationState,
    /// Who must react next.
    #[serde(default, deserialize_with = "nullable")]
    pub awaited_person_type: AwaitedPersonType,
}

impl ConversationData {
    /// The conversation as a visitor may see it: hidden participants are left out.
    pub fn for_visitor(conversation: &Conversation) -> Self {
        let mut data = Self::from(conversation);
        data.participants.retain(|p| !p.hidden);
        data
    }

    /// The participant of this type (the first, if several), as listed here.
    fn participant_of_type(&self, participation_type: ParticipationType) -> Option<&PersonId> {
        self.participants
            .iter()
            .find(|p| p.participation_type == participation_type)
            .map(|p| &p.person_id)
    }

    /// The assigned agent, as listed here.
    pub fn assignee_person_id(&self) -> Option<&PersonId> {
        self.participant_of_type(ParticipationType::AssignedAgent)
    }

    /// The context person (the visitor), as listed here.
    pub fn context_person_id(&self) -> Option<&PersonId> {
        self.participant_of_type(ParticipationType::ContextPerson)
    }
}

/// The conversation as agents and administrators see it (every current participant).
impl From<&Conversation> for ConversationData {
    fn from(conversation: &Conversation) -> Self {
        Self {
            kind: Tag::new(),
            creation_timestamp: conversation.created_at,
            end_timestamp: None,
            id: conversation.id.clone(),
            account_id: conversation.account.clone(),
            topic: conversation.topic.clone(),
            recipient: conversation.recipient.as_ref().map(Into::into),
            participants: conversation
                .current_participants()
                .map(Into::into)
                .collect(),
            state: conversation.state,
            awaited_person_type: conversation.awaited_person_type,
        }
    }
}

/// Unblu's `ParticipantData`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct ParticipantData {
    /// `$_type`: `"ParticipantData"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"ParticipantData\""))]
    pub kind: Tag<Self>,
    /// Joining, active, leaving...
    pub state: ParticipationState,
    /// The participant.
    pub person_id: PersonId,
    /// Invisible to visitors.
    #[serde(default, deserialize_with = "nullable")]
    pub hidden: bool,
    /// Starred by this participant.
    #[serde(default, deserialize_with = "nullable")]
    pub conversation_starred: bool,
    /// Assigned agent, context person, secondary agent or secondary visitor.
    pub participation_type: ParticipationType,
}

impl From<&Participant> for ParticipantData {
    fn from(participant: &Participant) -> Self {
        Self {
            kind: Tag::new(),
            state: participant.state,
            person_id: participant.person.clone(),
            hidden: participant.hidden,
            conversation_starred: participant.starred,
            participation_type: participant.participation_type,
        }
    }
}

/// Unblu's `AccountData`: an account as a conversation recipient.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct AccountData {
    /// `$_type`: `"AccountData"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"AccountData\""))]
    pub kind: Tag<Self>,
    /// The account's id.
    pub id: AccountId,
    /// Name shown to others.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub display_name: Option<String>,
}

/// Unblu's `NamedAreaData`. Baton has no named areas; it reads them from a real Unblu server.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct NamedAreaData {
    /// `$_type`: `"NamedAreaData"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"NamedAreaData\""))]
    pub kind: Tag<Self>,
    /// The named area's id.
    pub id: String,
    /// The account it belongs to.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub account_id: Option<AccountId>,
    /// Name shown to others.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub display_name: Option<String>,
}

/// Unblu's `ConversationRecipientData`: one of `AccountData`, `NamedAreaData`, `TeamData`,
/// `PersonData`, told apart by `$_type`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(untagged)]
pub enum ConversationRecipientData {
    /// The account's queue.
    Account(AccountData),
    /// A named area.
    NamedArea(NamedAreaData),
    /// A team.
    Team(TeamData),
    /// A single agent.
    Person(PersonData),
}

one_of!(ConversationRecipientData {
    Account(AccountData),
    NamedArea(NamedAreaData),
    Team(TeamData),
    Person(PersonData),
});

/// A recipient as a reference: the id (and, for a person, the type) only. The server may
/// fill in names from its directory.
impl From<&Recipient> for ConversationRecipientData {
    fn from(recipient: &Recipient) -> Self {
        match recipient {
            Recipient::Agent(id) => {
                Self::Person(PersonData::reference(id.clone(), PersonType::Agent))
            }
            Recipient::Team(id) => Self::Team(TeamData::reference(id.clone())),
        }
    }
}

/// Unblu's `EConversationRecipientType`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ConversationRecipientType {
    /// A single agent.
    Agent,
    /// An agent of the team.
    Team,
    /// An agent responsible for a named area.
    NamedArea,
    /// Any agent of the account.
    Account,
}

/// Unblu's `ConversationCreationRecipientData`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct ConversationCreationRecipientData {
    /// `$_type`: `"ConversationCreationRecipientData"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"ConversationCreationRecipientData\""))]
    pub kind: Tag<Self>,
    /// What the id names.
    #[serde(rename = "type")]
    pub recipient_type: ConversationRecipientType,
    /// The recipient's id.
    pub id: String,
}

/// Unblu's `ConversationCreationParticipantData`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct ConversationCreationParticipantData {
    /// `$_type`: `"ConversationCreationParticipantData"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(
        feature = "ts",
        tsify(type = "\"ConversationCreationParticipantData\"")
    )]
    pub kind: Tag<Self>,
    /// The participant.
    pub person_id: PersonId,
    /// Join hidden (agents only).
    #[serde(default, deserialize_with = "nullable")]
    pub hidden: bool,
    /// Star the conversation for the participant.
    #[serde(default, deserialize_with = "nullable")]
    pub conversation_starred: bool,
    /// How the person takes part.
    pub participation_type: ParticipationType,
}

/// Unblu's `ConversationCreationData`: the body of `conversations/create` (the fields Baton
/// reads; engagement types, templates and the like are ignored).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct ConversationCreationData {
    /// `$_type`: `"ConversationCreationData"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"ConversationCreationData\""))]
    pub kind: Tag<Self>,
    /// Topic.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub topic: Option<String>,
    /// Who the request goes to.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub recipient: Option<ConversationCreationRecipientData>,
    /// The participants to start with.
    #[serde(default, deserialize_with = "nullable")]
    pub participants: Vec<ConversationCreationParticipantData>,
}

impl ConversationCreationData {
    /// The `CreateConversation` command, with the ids the server chose. Baton starts a
    /// conversation with at most a context person and an assigned agent, both visible and
    /// unstarred; anything else is refused rather than dropped. An `ACCOUNT` recipient must
    /// be `account` itself (its queue is where unaddressed requests go anyway).
    pub fn into_command(
        self,
        id: ConversationId,
        account: AccountId,
        request: InvitationId,
    ) -> Result<Command, DomainError> {
        let mut visitor = None;
        let mut assignee = None;
        for p in self.participants {
            if p.hidden || p.conversation_starred {
                return Err(DomainError::InvalidInput(
                    "participants of a new conversation cannot be hidden or starred",
                ));
            }
            let slot = match p.participation_type {
                ParticipationType::ContextPerson => &mut visitor,
                ParticipationType::AssignedAgent => &mut assignee,
                ParticipationType::SecondaryAgent | ParticipationType::SecondaryVisitor => {
                    return Err(DomainError::InvalidInput(
                        "a new conversation has only a context person and an assigned agent",
                    ));
                }
            };
            if slot.replace(p.person_id).is_some() {
                return Err(DomainError::InvalidInput(
                    "a conversation has one context person and one assigned agent",
                ));
            }
        }
        let recipient = match self.recipient {
            None => None,
            Some(r) => match r.recipient_type {
                ConversationRecipientType::Agent => Some(Recipient::Agent(PersonId::new(r.id))),
                ConversationRecipientType::Team => Some(Recipient::Team(TeamId::new(r.id))),
                ConversationRecipientType::Account if r.id == account.as_str() => None,
                ConversationRecipientType::Account => {
                    return Err(DomainError::InvalidInput(
                        "the recipient account must be the conversation's account",
                    ));
                }
                ConversationRecipientType::NamedArea => {
                    return Err(DomainError::InvalidInput("Baton has no named areas"));
                }
            },
        };
        Ok(Command::CreateConversation {
            id,
            account,
            topic: self.topic,
            visitor,
            request: assignee.is_none().then_some(request),
            assignee,
            recipient,
        })
    }
}

/// Unblu's `ConversationsAddParticipantBody` (no `$_type` in the spec).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct ConversationsAddParticipantBody {
    /// The person to add.
    pub person_id: PersonId,
    /// Join hidden (secondary agents and bots only).
    #[serde(default, deserialize_with = "nullable")]
    pub hidden: bool,
    /// Star the conversation for the person.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub conversation_starred: Option<bool>,
}

impl ConversationsAddParticipantBody {
    /// The `AddParticipant` command: as in Unblu, agents join as secondary agents and visitors
    /// as secondary visitors. Starring on join is not supported and is refused.
    pub fn into_command(
        self,
        conversation: ConversationId,
        directory: &Directory,
    ) -> Result<Command, DomainError> {
        if self.conversation_starred == Some(true) {
            return Err(DomainError::InvalidInput(
                "starring a conversation on addParticipant is not supported",
            ));
        }
        let person = directory
            .person(&self.person_id)
            .ok_or_else(|| DomainError::UnknownPerson(self.person_id.clone()))?;
        let participation_type = match person.person_type {
            PersonType::Agent => ParticipationType::SecondaryAgent,
            PersonType::Visitor => ParticipationType::SecondaryVisitor,
            PersonType::Bot | PersonType::System => {
                return Err(DomainError::InvalidInput(
                    "only agents and visitors can be added",
                ));
            }
        };
        Ok(Command::AddParticipant {
            conversation,
            person: self.person_id,
            participation_type,
            hidden: self.hidden,
        })
    }
}

/// Unblu's `ConversationsChangeParticipantVisibilityBody` (`hidden` is in the body).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct ConversationsChangeParticipantVisibilityBody {
    /// The participant.
    pub person_id: PersonId,
    /// Hide or show.
    pub hidden: bool,
}

impl ConversationsChangeParticipantVisibilityBody {
    /// The `ChangeParticipantVisibility` command.
    pub fn into_command(self, conversation: ConversationId) -> Command {
        Command::ChangeParticipantVisibility {
            conversation,
            person: self.person_id,
            hidden: self.hidden,
        }
    }
}

/// Unblu's `ConversationsSetAssigneePersonBody`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct ConversationsSetAssigneePersonBody {
    /// The new assignee: an active, visible participant.
    pub person_id: PersonId,
}

impl ConversationsSetAssigneePersonBody {
    /// The `SetAssignee` command.
    pub fn into_command(self, conversation: ConversationId) -> Command {
        Command::SetAssignee {
            conversation,
            person: self.person_id,
        }
    }
}

/// Unblu's `EConversationLeftReason`: why a participation ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ConversationLeftReason {
    /// Forwarded to someone else.
    Forwarded,
    /// Left by themselves.
    ParticipantLeft,
    /// Removed after a timeout.
    RemovedAfterTimeout,
    /// Declined the onboarding.
    OnboardingDeclined,
    /// Idle during onboarding.
    OnboardingIdleTimeout,
    /// Onboarding took too long.
    OnboardingTimeout,
    /// The user changed.
    UserChanged,
    /// Removed by someone else.
    Kicked,
    /// The conversation was unassigned.
    ConversationUnassigned,
    /// The conversation went back to the queue.
    ConversationRequeued,
    /// A public dial-in ended.
    PublicDialinEnded,
    /// An external contact was unlinked.
    ExternalContactUnlinked,
    /// The agent's assistants changed.
    AssistantSynchronization,
    /// Anything else.
    Other,
}

impl TryFrom<ConversationLeftReason> for OffboardingReason {
    type Error = DomainError;

    /// The reasons Baton models; the others (timeouts, dial-ins, external contacts) cannot
    /// happen in Baton and are refused.
    fn try_from(reason: ConversationLeftReason) -> Result<Self, DomainError> {
        use ConversationLeftReason as R;
        Ok(match reason {
            R::Forwarded => Self::Forwarded,
            R::ParticipantLeft => Self::ParticipantLeft,
            R::Kicked => Self::Kicked,
            R::ConversationUnassigned => Self::ConversationUnassigned,
            R::ConversationRequeued => Self::ConversationRequeued,
            R::AssistantSynchronization => Self::AssistantSynchronization,
            R::Other => Self::Other,
            R::RemovedAfterTimeout
            | R::OnboardingDeclined
            | R::OnboardingIdleTimeout
            | R::OnboardingTimeout
            | R::UserChanged
            | R::PublicDialinEnded
            | R::ExternalContactUnlinked => {
                return Err(DomainError::InvalidInput(
                    "Baton does not offboard participants for this reason",
                ));
            }
        })
    }
}

/// Why a participant left, as webhook events report it; Baton's "conversation ended" has no
/// reason of its own in Unblu's list and reads `OTHER`.
impl From<OffboardingReason> for ConversationLeftReason {
    fn from(reason: OffboardingReason) -> Self {
        match reason {
            OffboardingReason::Forwarded => Self::Forwarded,
            OffboardingReason::ParticipantLeft => Self::ParticipantLeft,
            OffboardingReason::Kicked => Self::Kicked,
            OffboardingReason::ConversationUnassigned => Self::ConversationUnassigned,
            OffboardingReason::ConversationRequeued => Self::ConversationRequeued,
            OffboardingReason::AssistantSynchronization => Self::AssistantSynchronization,
            OffboardingReason::ConversationEnded | OffboardingReason::Other => Self::Other,
        }
    }
}

/// Unblu's `ConversationsOffboardParticipantBody`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct ConversationsOffboardParticipantBody {
    /// The participant to remove.
    pub person_id: PersonId,
    /// Why.
    pub reason: ConversationLeftReason,
    /// A note that is not shown in the conversation.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub comment: Option<String>,
}

impl ConversationsOffboardParticipantBody {
    /// The `OffboardParticipant` command.
    pub fn into_command(self, conversation: ConversationId) -> Result<Command, DomainError> {
        Ok(Command::OffboardParticipant {
            conversation,
            person: self.person_id,
            reason: self.reason.try_into()?,
            comment: self.comment,
        })
    }
}

/// Unblu's `ConversationsSetAwaitedPersonTypeBody`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct ConversationsSetAwaitedPersonTypeBody {
    /// Who must react next.
    pub awaited_person_type: AwaitedPersonType,
}

impl ConversationsSetAwaitedPersonTypeBody {
    /// The `SetAwaitedPersonType` command.
    pub fn into_command(self, conversation: ConversationId) -> Command {
        Command::SetAwaitedPersonType {
            conversation,
            awaited: self.awaited_person_type,
        }
    }
}

/// Unblu's `EConversationEndReason`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ConversationEndReason {
    /// A participant ended it.
    EndedByParticipant,
    /// A participant the conversation needs left.
    MandatoryParticipantGone,
    /// The request was declined.
    RequestDeclined,
    /// The request was not answered.
    RequestNotAnswered,
    /// The external channel was closed.
    ExternalChannelClosed,
    /// A bot solved it.
    SolvedByBot,
    /// Cancelled.
    Canceled,
    /// The call ended.
    CallEnded,
    /// No agent was available.
    NoAgentAvailable,
    /// Anything else.
    Other,
}

/// Unblu's `ConversationsEndBody`. Baton's log does not record why a conversation ended: the
/// reason and comment are checked for their shape and not kept.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConversationsEndBody {
    /// Why it ends.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub reason: Option<ConversationEndReason>,
    /// A note.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub comment: Option<String>,
}

impl ConversationsEndBody {
    /// The `EndConversation` command.
    pub fn into_command(self, conversation: ConversationId) -> Command {
        Command::EndConversation { conversation }
    }
}

markers! {
    /// The conversation filter `field` `"STATE"`.
    StateField = "STATE";
    /// The conversation filter `field` `"PARTICIPANT_PERSON_ID"`.
    ParticipantPersonIdField = "PARTICIPANT_PERSON_ID";
    /// The conversation filter `field` `"ASSIGNEE_PERSON_ID"`.
    AssigneePersonIdField = "ASSIGNEE_PERSON_ID";
    /// The conversation filter `field` `"CONTEXT_PERSON_ID"`.
    ContextPersonIdField = "CONTEXT_PERSON_ID";
}

/// Unblu's `EqualsConversationStateOperator`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EqualsConversationStateOperator {
    /// `$_type`: `"EqualsConversationStateOperator"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"EqualsConversationStateOperator\""))]
    pub kind: Tag<Self>,
    /// `type`: `"EQUALS"`.
    #[serde(rename = "type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<OpEquals> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"EQUALS\""))]
    pub operator_type: Tag<OpEquals>,
    /// The state.
    pub value: ConversationState,
}

/// Unblu's `InConversationStateOperator`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InConversationStateOperator {
    /// `$_type`: `"InConversationStateOperator"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"InConversationStateOperator\""))]
    pub kind: Tag<Self>,
    /// `type`: `"IN"`.
    #[serde(rename = "type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<OpIn> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"IN\""))]
    pub operator_type: Tag<OpIn>,
    /// The states.
    #[serde(default, deserialize_with = "nullable")]
    pub values: Vec<ConversationState>,
}

/// Unblu's `ConversationStateOperator` (the `EQUALS` and `IN` kinds).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(untagged)]
pub enum ConversationStateOperator {
    /// One state.
    Equals(EqualsConversationStateOperator),
    /// Any of several states.
    In(InConversationStateOperator),
}

one_of!(ConversationStateOperator by "type" {
    Equals(EqualsConversationStateOperator) = "EQUALS",
    In(InConversationStateOperator) = "IN",
});

/// Unblu's `StateConversationSearchFilter`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StateConversationSearchFilter {
    /// `$_type`: `"StateConversationSearchFilter"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"StateConversationSearchFilter\""))]
    pub kind: Tag<Self>,
    /// `field`: `"STATE"`.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<StateField> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"STATE\""))]
    pub field: Tag<StateField>,
    /// The condition.
    pub operator: ConversationStateOperator,
}

/// Unblu's `ParticipantPersonIdConversationSearchFilter`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParticipantPersonIdConversationSearchFilter {
    /// `$_type`: `"ParticipantPersonIdConversationSearchFilter"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(
        feature = "ts",
        tsify(type = "\"ParticipantPersonIdConversationSearchFilter\"")
    )]
    pub kind: Tag<Self>,
    /// `field`: `"PARTICIPANT_PERSON_ID"`.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<ParticipantPersonIdField> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"PARTICIPANT_PERSON_ID\""))]
    pub field: Tag<ParticipantPersonIdField>,
    /// The condition on the participants' person ids.
    pub operator: IdListOperator,
}

/// Unblu's `AssigneePersonIdConversationSearchFilter`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssigneePersonIdConversationSearchFilter {
    /// `$_type`: `"AssigneePersonIdConversationSearchFilter"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(
        feature = "ts",
        tsify(type = "\"AssigneePersonIdConversationSearchFilter\"")
    )]
    pub kind: Tag<Self>,
    /// `field`: `"ASSIGNEE_PERSON_ID"`.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<AssigneePersonIdField> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"ASSIGNEE_PERSON_ID\""))]
    pub field: Tag<AssigneePersonIdField>,
    /// The condition.
    pub operator: IdOperator,
}

/// Unblu's `ContextPersonIdConversationSearchFilter`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContextPersonIdConversationSearchFilter {
    /// `$_type`: `"ContextPersonIdConversationSearchFilter"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(
        feature = "ts",
        tsify(type = "\"ContextPersonIdConversationSearchFilter\"")
    )]
    pub kind: Tag<Self>,
    /// `field`: `"CONTEXT_PERSON_ID"`.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<ContextPersonIdField> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"CONTEXT_PERSON_ID\""))]
    pub field: Tag<ContextPersonIdField>,
    /// The condition.
    pub operator: IdOperator,
}

/// Unblu's `ConversationSearchFilter`: the filters Baton supports.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(untagged)]
pub enum ConversationSearchFilter {
    /// By life-cycle state.
    State(StateConversationSearchFilter),
    /// By participants.
    ParticipantPersonId(ParticipantPersonIdConversationSearchFilter),
    /// By assigned agent.
    AssigneePersonId(AssigneePersonIdConversationSearchFilter),
    /// By context person.
    ContextPersonId(ContextPersonIdConversationSearchFilter),
}

one_of!(ConversationSearchFilter by "field" {
    State(StateConversationSearchFilter) = "STATE",
    ParticipantPersonId(ParticipantPersonIdConversationSearchFilter) = "PARTICIPANT_PERSON_ID",
    AssigneePersonId(AssigneePersonIdConversationSearchFilter) = "ASSIGNEE_PERSON_ID",
    ContextPersonId(ContextPersonIdConversationSearchFilter) = "CONTEXT_PERSON_ID",
});

impl ConversationSearchFilter {
    /// Whether the conversation, as the searcher sees it, passes the filter (so a visitor's
    /// filter never matches a participant hidden from them).
    pub fn matches(&self, conversation: &ConversationData) -> bool {
        match self {
            Self::State(f) => match &f.operator {
                ConversationStateOperator::Equals(op) => conversation.state == op.value,
                ConversationStateOperator::In(op) => op.values.contains(&conversation.state),
            },
            Self::ParticipantPersonId(f) => {
                let ids: Vec<&str> = conversation
                    .participants
                    .iter()
                    .map(|p| p.person_id.as_str())
                    .collect();
                f.operator.matches(&ids)
            }
            Self::AssigneePersonId(f) => f
                .operator
                .matches(conversation.assignee_person_id().map(PersonId::as_str)),
            Self::ContextPersonId(f) => f
                .operator
                .matches(conversation.context_person_id().map(PersonId::as_str)),
        }
    }
}

/// Unblu's `EConversationOrderByField`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ConversationOrderByField {
    /// Creation time.
    CreationTimestamp,
    /// End time.
    EndTimestamp,
    /// Scheduled time.
    ScheduledTimestamp,
    /// The id.
    Id,
    /// Topic.
    Topic,
    /// Assigned agent.
    AssigneePersonId,
    /// Context person.
    ContextPersonId,
    /// Awaited person type.
    AwaitedPersonType,
    /// When the awaited person type changed.
    AwaitedPersonTypeChangeTimestamp,
    /// Life-cycle state.
    State,
    /// Initial engagement type.
    InitialEngagementType,
    /// Locale.
    Locale,
    /// Tokbox session.
    TokboxSessionId,
    /// Conversation template.
    ConversationTemplateId,
    /// External messenger channel.
    ExternalMessengerChannelId,
    /// Source id.
    SourceId,
    /// End reason.
    EndReason,
    /// Recipient id.
    RecipientId,
    /// Recipient type.
    RecipientType,
}

impl ConversationOrderByField {
    /// How to read this field's sort key, for the fields Baton sorts by.
    fn sort_key(self) -> Option<fn(&ConversationData) -> SortKey> {
        let key: fn(&ConversationData) -> SortKey = match self {
            Self::CreationTimestamp => |c| SortKey::Time(Some(c.creation_timestamp)),
            Self::EndTimestamp => |c| SortKey::Time(c.end_timestamp),
            Self::Id => |c| SortKey::Text(Some(c.id.to_string())),
            Self::Topic => |c| SortKey::Text(c.topic.clone()),
            Self::AssigneePersonId => {
                |c| SortKey::Text(c.assignee_person_id().map(ToString::to_string))
            }
            Self::ContextPersonId => {
                |c| SortKey::Text(c.context_person_id().map(ToString::to_string))
            }
            _ => return None,
        };
        Some(key)
    }
}

/// Unblu's `ConversationOrderBy`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConversationOrderBy {
    /// `$_type`: `"ConversationOrderBy"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"ConversationOrderBy\""))]
    pub kind: Tag<Self>,
    /// What to sort by.
    pub field: ConversationOrderByField,
    /// Which way.
    pub order: Order,
}

/// Unblu's `ConversationQuery`: the body of `conversations/search`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConversationQuery {
    /// `$_type`: `"ConversationQuery"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"ConversationQuery\""))]
    pub kind: Tag<Self>,
    /// All must match.
    #[serde(default, deserialize_with = "nullable")]
    pub search_filters: Vec<ConversationSearchFilter>,
    /// Sort criteria, most significant first.
    #[serde(default, deserialize_with = "nullable")]
    pub order_by: Vec<ConversationOrderBy>,
    /// Items to skip.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub offset: Option<u32>,
    /// Most items to return.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub limit: Option<u32>,
}

impl ConversationQuery {
    /// Whether the conversation, as the searcher sees it, passes every filter.
    pub fn matches(&self, conversation: &ConversationData) -> bool {
        self.search_filters.iter().all(|f| f.matches(conversation))
    }

    /// Sorts by `orderBy`, then by creation time; items equal on all of these keep their
    /// order. A sort field Baton does not keep is refused rather than ignored.
    pub fn sort(&self, conversations: &mut [ConversationData]) -> Result<(), DomainError> {
        let fields = self.order_by.iter().map(|o| (o.field, o.order)).chain([(
            ConversationOrderByField::CreationTimestamp,
            Order::Ascending,
        )]);
        let mut criteria = Vec::with_capacity(self.order_by.len() + 1);
        for (field, order) in fields {
            let key = field.sort_key().ok_or(DomainError::InvalidInput(
                "conversations sort by CREATION_TIMESTAMP, END_TIMESTAMP, ID, TOPIC, \
                 ASSIGNEE_PERSON_ID or CONTEXT_PERSON_ID",
            ))?;
            criteria.push((key, order));
        }
        sort_by_criteria(conversations, &criteria, |c, key| key(c));
        Ok(())
    }
}

/// Unblu's `ConversationResult`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConversationResult {
    /// `$_type`: `"ConversationResult"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"ConversationResult\""))]
    pub kind: Tag<Self>,
    /// More items exist after these.
    #[serde(default, deserialize_with = "nullable")]
    pub has_more_items: bool,
    /// The offset of the next page, when there is one.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub next_offset: Option<u32>,
    /// The conversations found.
    #[serde(default, deserialize_with = "nullable")]
    pub items: Vec<ConversationData>,
}

impl From<Page<ConversationData>> for ConversationResult {
    fn from(page: Page<ConversationData>) -> Self {
        Self {
            kind: Tag::new(),
            has_more_items: page.has_more_items,
            next_offset: page.next_offset,
            items: page.items,
        }
    }
}

/// Unblu's `EConversationLinkType`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ConversationLinkType {
    /// Accept an invitation in the agent desk.
    AcceptInAgentDesk,
    /// Accept an invitation in the agent single view.
    AcceptInAgentSingleView,
    /// Accept an invitation in the visitor desk (a visitor's invitation link).
    AcceptInVisitorDesk,
    /// Open in the agent desk.
    OpenInAgentDesk,
    /// Open in the agent single view.
    OpenInAgentSingleView,
    /// Open in the visitor desk.
    OpenInVisitorDesk,
    /// Open a public link.
    OpenPublicLink,
}

/// Unblu's `ConversationLink`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct ConversationLink {
    /// `$_type`: `"ConversationLink"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"ConversationLink\""))]
    pub kind: Tag<Self>,
    /// What the link does.
    #[serde(rename = "type")]
    pub link_type: ConversationLinkType,
    /// Where it points.
    pub url: String,
}

impl ConversationLink {
    /// A link of this type to `url`.
    pub fn new(link_type: ConversationLinkType, url: impl Into<String>) -> Self {
        Self {
            kind: Tag::new(),
            link_type,
            url: url.into(),
        }
    }
}

tagged!(
    ConversationData,
    ParticipantData,
    AccountData,
    NamedAreaData,
    ConversationCreationRecipientData,
    ConversationCreationParticipantData,
    ConversationCreationData,
    ConversationLink,
    EqualsConversationStateOperator,
    InConversationStateOperator,
    StateConversationSearchFilter,
    ParticipantPersonIdConversationSearchFilter,
    AssigneePersonIdConversationSearchFilter,
    ContextPersonIdConversationSearchFilter,
    ConversationOrderBy,
    ConversationQuery,
    ConversationResult,
);

#[cfg(test)]
mod tests {
    use baton_core::conversation::PromptStatus;
    use baton_core::directory::{AuthorizationRole, NotificationChannels, Person, PresenceState};
    use serde_json::json;

    use super::*;

    fn participant(
        person: &str,
        participation_type: ParticipationType,
        hidden: bool,
    ) -> Participant {
        Participant {
            person: PersonId::new(person),
            participation_type,
            state: ParticipationState::Active,
            hidden,
            starred: false,
            auto_synced_assistant: false,
        }
    }

    fn conversation() -> Conversation {
        let mut left = participant("old.agent", ParticipationType::SecondaryAgent, false);
        left.state = ParticipationState::Ended;
        Conversation {
            id: ConversationId::new("c1"),
            account: AccountId::new("bank"),
            topic: Some("Mortgage".into()),
            state: ConversationState::Active,
            participants: vec![
                participant("vera", ParticipationType::ContextPerson, false),
                participant("anna", ParticipationType::AssignedAgent, false),
                participant("ben", ParticipationType::SecondaryAgent, true),
                left,
            ],
            awaited_person_type: AwaitedPersonType::Agent,
            recipient: Some(Recipient::Agent(PersonId::new("anna"))),
            created_at: Timestamp(1_546_300_800_000),
            last_visitor_message_at: None,
            prompt: PromptStatus::default(),
        }
    }

    fn participant_json(person: &str, participation_type: &str, hidden: bool) -> serde_json::Value {
        json!({
            "$_type": "ParticipantData",
            "state": "ACTIVE",
            "personId": person,
            "hidden": hidden,
            "conversationStarred": false,
            "participationType": participation_type
        })
    }

    #[test]
    fn conversation_data_for_agents_has_unblus_shape() {
        let data = ConversationData::from(&conversation());
        let expected = json!({
            "$_type": "ConversationData",
            "creationTimestamp": 1_546_300_800_000_i64,
            "id": "c1",
            "accountId": "bank",
            "topic": "Mortgage",
            "recipient": {"$_type": "PersonData", "id": "anna", "personType": "AGENT"},
            "participants": [
                participant_json("vera", "CONTEXT_PERSON", false),
                participant_json("anna", "ASSIGNED_AGENT", false),
                participant_json("ben", "SECONDARY_AGENT", true)
            ],
            "state": "ACTIVE",
            "awaitedPersonType": "AGENT"
        });
        assert_eq!(serde_json::to_value(&data).unwrap(), expected);
        assert_eq!(
            serde_json::from_value::<ConversationData>(expected).unwrap(),
            data
        );
    }

    #[test]
    fn visitors_never_see_hidden_participants() {
        let data = ConversationData::for_visitor(&conversation());
        let people: Vec<&str> = data
            .participants
            .iter()
            .map(|p| p.person_id.as_str())
            .collect();
        assert_eq!(people, ["vera", "anna"]);
        assert!(!serde_json::to_string(&data).unwrap().contains("ben"));
    }

    #[test]
    fn the_create_response_example_of_the_spec_is_read() {
        let data: ConversationData = serde_json::from_value(json!({
            "$_type": "ConversationData",
            "creationTimestamp": 1546300800000_i64,
            "endTimestamp": null,
            "id": "AcviDb210C5BoFd6e_79oan",
            "accountId": "A7d9E_0-c3cC4aoFDb85t6n",
            "topic": null,
            "scheduledTimestamp": null,
            "recipient": {
                "$_type": "AccountData",
                "id": "A7d9E_0-c3cC4aoFDb85t6n",
                "displayName": "Main Account",
                "displayNameTranslations": {},
                "avatar": null
            },
            "participants": [{
                "$_type": "ParticipantData",
                "state": "ACTIVE",
                "personId": "nta30CBa-6d1a89cE57Db_F",
                "hidden": false,
                "conversationStarred": false,
                "participationType": "CONTEXT_PERSON"
            }],
            "externalParticipants": [],
            "botParticipants": [],
            "state": "QUEUED",
            "initialEngagementType": "CHAT_REQUEST",
            "conversationVisibility": "PRIVATE",
            "locale": "en",
            "tokboxSessionId": null,
            "visitorData": "test-visitorData-1234",
            "conversationTemplateId": "ab32em6Be-5le_48rE1F9Ad",
            "inheritConfigurationAndTexts": true,
            "links": [{"$_type": "ConversationLink", "type": "OPEN_IN_VISITOR_DESK", "url": "..."}],
            "externalMessengerChannelId": null,
            "sourceId": null,
            "sourceUrl": "http://some.url/conv1",
            "endReason": null,
            "initialEngagementUrl": null,
            "awaitedPersonType": "NONE",
            "awaitedPersonTypeChangeTimestamp": null,
            "metadata": null,
            "configuration": null,
            "text": null
        }))
        .unwrap();
        assert_eq!(data.state, ConversationState::Queued);
        assert_eq!(data.topic, None);
        assert_eq!(data.end_timestamp, None);
        let Some(ConversationRecipientData::Account(account)) = &data.recipient else {
            panic!("expected an account recipient: {:?}", data.recipient);
        };
        assert_eq!(account.display_name.as_deref(), Some("Main Account"));
        assert_eq!(
            data.participants[0].participation_type,
            ParticipationType::ContextPerson
        );
        // What Baton writes back omits what it does not know instead of writing nulls.
        let out = serde_json::to_value(&data).unwrap();
        assert!(out.get("topic").is_none() && out.get("endTimestamp").is_none());
    }

    #[test]
    fn a_wrong_or_unknown_type_is_refused() {
        let mut json = serde_json::to_value(ConversationData::from(&conversation())).unwrap();
        json["$_type"] = "ConversationInvitationData".into();
        assert!(serde_json::from_value::<ConversationData>(json).is_err());
        let err = serde_json::from_value::<ConversationRecipientData>(
            json!({"$_type": "BotData", "id": "x"}),
        )
        .unwrap_err();
        assert!(err.to_string().contains("BotData"), "{err}");
        assert!(serde_json::from_value::<ConversationRecipientData>(json!({"id": "x"})).is_err());
    }

    #[test]
    fn team_recipients_are_team_data() {
        let recipient = ConversationRecipientData::from(&Recipient::Team(TeamId::new("private")));
        assert_eq!(
            serde_json::to_value(&recipient).unwrap(),
            json!({"$_type": "TeamData", "id": "private"})
        );
        assert_eq!(
            serde_json::from_value::<ConversationRecipientData>(
                serde_json::to_value(&recipient).unwrap()
            )
            .unwrap(),
            recipient
        );
    }

    fn create(body: serde_json::Value) -> Result<Command, DomainError> {
        serde_json::from_value::<ConversationCreationData>(body)
            .unwrap()
            .into_command(
                ConversationId::new("c9"),
                AccountId::new("bank"),
                InvitationId::new("r9"),
            )
    }

    #[test]
    fn a_creation_body_becomes_a_create_command() {
        let command = create(json!({
            "$_type": "ConversationCreationData",
            "topic": "Mortgage",
            "recipient": {"$_type": "ConversationCreationRecipientData", "type": "AGENT", "id": "anna"},
            "participants": [{
                "$_type": "ConversationCreationParticipantData",
                "personId": "vera",
                "hidden": false,
                "conversationStarred": false,
                "participationType": "CONTEXT_PERSON"
            }],
            "initialEngagementType": "CHAT_REQUEST"
        }))
        .unwrap();
        assert_eq!(
            command,
            Command::CreateConversation {
                id: ConversationId::new("c9"),
                account: AccountId::new("bank"),
                topic: Some("Mortgage".into()),
                visitor: Some(PersonId::new("vera")),
                assignee: None,
                recipient: Some(Recipient::Agent(PersonId::new("anna"))),
                request: Some(InvitationId::new("r9")),
            }
        );
        let assigned = create(json!({
            "recipient": {"type": "ACCOUNT", "id": "bank"},
            "participants": [{"personId": "anna", "participationType": "ASSIGNED_AGENT"}]
        }))
        .unwrap();
        let Command::CreateConversation {
            assignee,
            request,
            recipient,
            ..
        } = assigned
        else {
            panic!("{assigned:?}");
        };
        assert_eq!(assignee, Some(PersonId::new("anna")));
        assert_eq!((request, recipient), (None, None));
    }

    #[test]
    fn creation_input_baton_cannot_honour_is_refused() {
        for body in [
            json!({"participants": [{"personId": "b", "participationType": "SECONDARY_AGENT"}]}),
            json!({"participants": [
                {"personId": "a", "participationType": "CONTEXT_PERSON"},
                {"personId": "b", "participationType": "CONTEXT_PERSON"}
            ]}),
            json!({"participants": [{"personId": "a", "participationType": "ASSIGNED_AGENT", "hidden": true}]}),
            json!({"recipient": {"type": "NAMED_AREA", "id": "n"}}),
            json!({"recipient": {"type": "ACCOUNT", "id": "other"}}),
        ] {
            assert!(
                matches!(create(body.clone()), Err(DomainError::InvalidInput(_))),
                "{body}"
            );
        }
    }

    fn directory() -> Directory {
        let mut directory = Directory::default();
        for (id, person_type) in [
            ("ben", PersonType::Agent),
            ("vera", PersonType::Visitor),
            ("bot", PersonType::Bot),
        ] {
            directory.persons.insert(
                PersonId::new(id),
                Person {
                    id: PersonId::new(id),
                    person_type,
                    account: AccountId::new("bank"),
                    team: None,
                    display_name: id.into(),
                    username: None,
                    email: None,
                    presence: PresenceState::Online,
                    role: AuthorizationRole::RegisteredUser,
                    notifications: NotificationChannels::ALL,
                },
            );
        }
        directory
    }

    #[test]
    fn add_participant_follows_the_spec_example_and_the_person_type() {
        let body: ConversationsAddParticipantBody = serde_json::from_value(json!({
            "personId": "ben",
            "hidden": true,
            "conversationStarred": false
        }))
        .unwrap();
        assert_eq!(
            body.into_command(ConversationId::new("c1"), &directory())
                .unwrap(),
            Command::AddParticipant {
                conversation: ConversationId::new("c1"),
                person: PersonId::new("ben"),
                participation_type: ParticipationType::SecondaryAgent,
                hidden: true,
            }
        );
        let visitor: ConversationsAddParticipantBody =
            serde_json::from_value(json!({"personId": "vera"})).unwrap();
        assert!(matches!(
            visitor.into_command(ConversationId::new("c1"), &directory()),
            Ok(Command::AddParticipant {
                participation_type: ParticipationType::SecondaryVisitor,
                hidden: false,
                ..
            })
        ));
        for (body, expected) in [
            (json!({"personId": "nobody"}), "NOT_FOUND"),
            (json!({"personId": "bot"}), "INVALID_INPUT"),
            (
                json!({"personId": "ben", "conversationStarred": true}),
                "INVALID_INPUT",
            ),
        ] {
            let err = serde_json::from_value::<ConversationsAddParticipantBody>(body)
                .unwrap()
                .into_command(ConversationId::new("c1"), &directory())
                .unwrap_err();
            assert_eq!(crate::wire::error::ErrorCode::from(&err).as_str(), expected);
        }
    }

    #[test]
    fn reassignment_bodies_follow_the_spec_examples() {
        let c = || ConversationId::new("c1");
        let ben = || PersonId::new("ben");
        let visibility: ConversationsChangeParticipantVisibilityBody =
            serde_json::from_value(json!({"personId": "ben", "hidden": false})).unwrap();
        assert_eq!(
            visibility.into_command(c()),
            Command::ChangeParticipantVisibility {
                conversation: c(),
                person: ben(),
                hidden: false
            }
        );
        assert!(
            serde_json::from_value::<ConversationsChangeParticipantVisibilityBody>(
                json!({"personId": "ben"})
            )
            .is_err(),
            "hidden is required"
        );
        let assignee: ConversationsSetAssigneePersonBody =
            serde_json::from_value(json!({"personId": "ben"})).unwrap();
        assert_eq!(
            assignee.into_command(c()),
            Command::SetAssignee {
                conversation: c(),
                person: ben()
            }
        );
        let offboard: ConversationsOffboardParticipantBody = serde_json::from_value(
            json!({"personId": "ben", "reason": "OTHER", "comment": "Some other important reason"}),
        )
        .unwrap();
        assert_eq!(
            offboard.clone().into_command(c()).unwrap(),
            Command::OffboardParticipant {
                conversation: c(),
                person: ben(),
                reason: OffboardingReason::Other,
                comment: Some("Some other important reason".into()),
            }
        );
        assert_eq!(
            serde_json::to_value(&offboard).unwrap(),
            json!({"personId": "ben", "reason": "OTHER", "comment": "Some other important reason"})
        );
        let timeout = ConversationsOffboardParticipantBody {
            reason: ConversationLeftReason::OnboardingTimeout,
            ..offboard
        };
        assert!(timeout.into_command(c()).is_err());
        let awaited: ConversationsSetAwaitedPersonTypeBody =
            serde_json::from_value(json!({"awaitedPersonType": "VISITOR"})).unwrap();
        assert_eq!(
            awaited.into_command(c()),
            Command::SetAwaitedPersonType {
                conversation: c(),
                awaited: AwaitedPersonType::Visitor
            }
        );
    }

    fn search(body: serde_json::Value) -> ConversationQuery {
        serde_json::from_value(body).unwrap()
    }

    #[test]
    fn conversation_search_filters_in_unblus_shape() {
        let agents_view = ConversationData::from(&conversation());
        let visitors_view = ConversationData::for_visitor(&conversation());
        let q = search(json!({
            "$_type": "ConversationQuery",
            "searchFilters": [
                {
                    "$_type": "StateConversationSearchFilter",
                    "field": "STATE",
                    "operator": {"$_type": "InConversationStateOperator", "type": "IN", "values": ["QUEUED", "ACTIVE"]}
                },
                {
                    "$_type": "ParticipantPersonIdConversationSearchFilter",
                    "field": "PARTICIPANT_PERSON_ID",
                    "operator": {"$_type": "AllOfIdListOperator", "type": "ALL_OF", "values": ["vera", "ben"]}
                },
                {"field": "ASSIGNEE_PERSON_ID", "operator": {"type": "EQUALS", "value": "anna"}},
                {"field": "CONTEXT_PERSON_ID", "operator": {"type": "IN", "values": ["vera"]}}
            ],
            "offset": 0,
            "limit": 10
        }));
        assert!(q.matches(&agents_view));
        assert!(
            !q.matches(&visitors_view),
            "a hidden participant never matches a visitor's search"
        );
        let round = serde_json::to_value(&q).unwrap();
        assert_eq!(
            round["searchFilters"][2]["$_type"],
            "AssigneePersonIdConversationSearchFilter"
        );
        assert_eq!(
            serde_json::from_value::<ConversationQuery>(round).unwrap(),
            q
        );
        let ended = search(
            json!({"searchFilters": [{"field": "STATE", "operator": {"type": "EQUALS", "value": "ENDED"}}]}),
        );
        assert!(!ended.matches(&agents_view));
        for filter in [
            json!({"field": "TOPIC", "operator": {"type": "EQUALS", "value": "Mortgage"}}),
            json!({"field": "STATE", "operator": {"type": "NOT_IN", "values": ["ENDED"]}}),
            json!({"field": "STATE", "operator": {"type": "EQUALS", "value": "GONE"}}),
        ] {
            let input = json!({"searchFilters": [filter]});
            assert!(
                serde_json::from_value::<ConversationQuery>(input.clone()).is_err(),
                "{input}"
            );
        }
    }

    #[test]
    fn conversation_results_sort_and_refuse_what_baton_cannot_sort_by() {
        let first = ConversationData::from(&conversation());
        let second = ConversationData {
            id: ConversationId::new("c0"),
            creation_timestamp: Timestamp(first.creation_timestamp.0 + 1),
            ..first.clone()
        };
        let mut items = vec![second.clone(), first.clone()];
        ConversationQuery::default().sort(&mut items).unwrap();
        assert_eq!(
            items,
            [first.clone(), second.clone()],
            "oldest first by default"
        );
        search(json!({"orderBy": [{"field": "ID", "order": "ASCENDING"}]}))
            .sort(&mut items)
            .unwrap();
        assert_eq!(items, [second, first]);
        let err = search(json!({"orderBy": [{"field": "LOCALE", "order": "ASCENDING"}]}))
            .sort(&mut items)
            .unwrap_err();
        assert!(matches!(err, DomainError::InvalidInput(_)), "{err}");
        let err = search(json!({"orderBy": [{"field": "LOCALE", "order": "ASCENDING"}]}))
            .sort(&mut [])
            .unwrap_err();
        assert!(
            matches!(err, DomainError::InvalidInput(_)),
            "refused even when nothing is found: {err}"
        );
    }

    #[test]
    fn the_end_body_follows_the_spec_example() {
        let body: ConversationsEndBody =
            serde_json::from_value(json!({"reason": "OTHER", "comment": "Some comment"})).unwrap();
        assert_eq!(body.reason, Some(ConversationEndReason::Other));
        assert_eq!(
            body.into_command(ConversationId::new("c1")),
            Command::EndConversation {
                conversation: ConversationId::new("c1")
            }
        );
        assert!(serde_json::from_value::<ConversationsEndBody>(json!({})).is_ok());
        assert!(
            serde_json::from_value::<ConversationsEndBody>(json!({"reason": "BORED"})).is_err()
        );
    }

    #[test]
    fn core_enums_carry_unblus_names() {
        use ConversationState::*;
        assert_eq!(
            serde_json::to_value([
                Created,
                Onboarding,
                Reboarding,
                Queued,
                Active,
                Unassigned,
                Offboarding,
                Ended
            ])
            .unwrap(),
            json!([
                "CREATED",
                "ONBOARDING",
                "REBOARDING",
                "QUEUED",
                "ACTIVE",
                "UNASSIGNED",
                "OFFBOARDING",
                "ENDED"
            ])
        );
        use ParticipationState as S;
        assert_eq!(
            serde_json::to_value([
                S::Created,
                S::Onboarding,
                S::Active,
                S::Offboarding,
                S::Ended
            ])
            .unwrap(),
            json!(["CREATED", "ONBOARDING", "ACTIVE", "OFFBOARDING", "ENDED"])
        );
        use ParticipationType as T;
        assert_eq!(
            serde_json::to_value([
                T::AssignedAgent,
                T::ContextPerson,
                T::SecondaryAgent,
                T::SecondaryVisitor
            ])
            .unwrap(),
            json!([
                "ASSIGNED_AGENT",
                "CONTEXT_PERSON",
                "SECONDARY_AGENT",
                "SECONDARY_VISITOR"
            ])
        );
        use AwaitedPersonType as A;
        assert_eq!(
            serde_json::to_value([A::None, A::Visitor, A::Agent]).unwrap(),
            json!(["NONE", "VISITOR", "AGENT"])
        );
        assert_eq!(
            serde_json::to_value(ConversationLink::new(
                ConversationLinkType::AcceptInVisitorDesk,
                "u"
            ))
            .unwrap(),
            json!({"$_type": "ConversationLink", "type": "ACCEPT_IN_VISITOR_DESK", "url": "u"})
        );
    }
}
