//! Conversations on the wire: `ConversationData` and its participants and recipient,
//! `conversations/create`'s `ConversationCreationData`, the bodies of `addParticipant`,
//! `changeParticipantVisibility`, `setAssigneePerson`, `offboardParticipant` and
//! `setAwaitedPersonType`, and `ConversationLink`.
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
use crate::wire::shape::{Tag, nullable, one_of, tagged};

/// Unblu's `ConversationData`: the fields Baton fills.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ConversationData {
    /// `$_type`: `"ConversationData"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
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
#[serde(rename_all = "camelCase")]
pub struct ParticipantData {
    /// `$_type`: `"ParticipantData"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
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
#[serde(rename_all = "camelCase")]
pub struct AccountData {
    /// `$_type`: `"AccountData"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
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
#[serde(rename_all = "camelCase")]
pub struct NamedAreaData {
    /// `$_type`: `"NamedAreaData"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
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
pub struct ConversationCreationRecipientData {
    /// `$_type`: `"ConversationCreationRecipientData"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
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
#[serde(rename_all = "camelCase")]
pub struct ConversationCreationParticipantData {
    /// `$_type`: `"ConversationCreationParticipantData"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
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
#[serde(rename_all = "camelCase")]
pub struct ConversationCreationData {
    /// `$_type`: `"ConversationCreationData"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
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

/// Unblu's `ConversationsOffboardParticipantBody`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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

/// Unblu's `EConversationLinkType`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
pub struct ConversationLink {
    /// `$_type`: `"ConversationLink"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
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
            assert_eq!(err.code(), expected);
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
