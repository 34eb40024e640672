//! Webhooks on the wire: `WebhookRegistration` and the event payloads Baton sends, in Unblu's
//! shapes: `ping`, `conversation.*`, `conversation.participation.*`, `agent_forwarding.*`,
//! `pin.*`, `assignment_request.unanswered` and
//! `push_notification.(revoke_)deputy_delegation`.
//!
//! Every payload here is in Unblu's spec; Baton defines no webhook shape of its own. Families
//! of events with one shape share a struct whose `kind` enum is serialised as `$_type` (so on
//! input `$_type` is required and must be one of the family). Delivering, signing and
//! retrying webhooks is the server's job.

use baton_core::Timestamp;
use baton_core::conversation::{Participant, ParticipationState};
use baton_core::directory::{Person, PersonType};
use baton_core::id::{AccountId, ConversationId, InvitationId, PersonId};
use baton_core::invitation::{Creator, Invitation, InvitationTarget};
use serde::{Deserialize, Serialize};

use crate::wire::Secret;
use crate::wire::conversation::{
    AccountData, ConversationData, ConversationEndReason, ConversationLeftReason, ConversationLink,
    ConversationRecipientData,
};
use crate::wire::invitation::InvitationCreatorType;
use crate::wire::person::{PersonData, TeamData};
use crate::wire::shape::{Tag, nullable, one_of, tagged};

/// Unblu's `ERegistrationStatus`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum RegistrationStatus {
    /// Events are delivered.
    Active,
    /// Events are not delivered.
    Inactive,
    /// Not delivered because the endpoint is unavailable.
    InactiveUnavailable,
}

/// Unblu's `EWebApiVersion`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub enum WebApiVersion {
    /// Web API v1.
    V1,
    /// Web API v2.
    V2,
    /// Web API v3.
    V3,
    /// Web API v4 (what Baton speaks).
    V4,
}

/// Unblu's `WebhookRegistration`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct WebhookRegistration {
    /// `$_type`: `"WebhookRegistration"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"WebhookRegistration\""))]
    pub kind: Tag<Self>,
    /// The registration's id; absent when creating.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub id: Option<String>,
    /// When it was created.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub creation_timestamp: Option<Timestamp>,
    /// When it last changed.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub modification_timestamp: Option<Timestamp>,
    /// Optimistic-locking version.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub version: Option<i64>,
    /// The account it belongs to.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub account_id: Option<AccountId>,
    /// Name.
    pub name: String,
    /// Active or not.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub status: Option<RegistrationStatus>,
    /// Description.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub description: Option<String>,
    /// Where events are posted.
    pub endpoint: String,
    /// The web API version of the payloads.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub api_version: Option<WebApiVersion>,
    /// The secret the payloads are signed with.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub secret: Option<Secret>,
    /// The event names delivered (`"conversation.created"`, ...).
    #[serde(default, deserialize_with = "nullable")]
    pub events: Vec<String>,
}

impl WebhookRegistration {
    /// The registered event names Baton never sends; a registration listing any should be
    /// refused rather than silently never fire.
    pub fn unsupported_events(&self) -> Vec<&str> {
        let supported = supported_event_types();
        self.events
            .iter()
            .map(String::as_str)
            .filter(|e| !supported.contains(e))
            .collect()
    }
}

/// Every event name Baton can deliver.
pub fn supported_event_types() -> Vec<&'static str> {
    let mut all = vec![
        WebhookPingEvent::EVENT_TYPE,
        ConversationEndedEvent::EVENT_TYPE,
        AssignmentRequestUnansweredEvent::EVENT_TYPE,
    ];
    all.extend(ConversationEventKind::ALL.iter().map(|k| k.event_type()));
    all.extend(ParticipationEventKind::ALL.iter().map(|k| k.event_type()));
    all.extend(AgentForwardingEventKind::ALL.iter().map(|k| k.event_type()));
    all.extend(DeputyDelegationPushKind::ALL.iter().map(|k| k.event_type()));
    all.extend(PinEventKind::ALL.iter().map(|k| k.event_type()));
    all
}

/// Unblu's `WebhookPingEvent` (`ping`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct WebhookPingEvent {
    /// `$_type`: `"WebhookPingEvent"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"WebhookPingEvent\""))]
    pub kind: Tag<Self>,
    /// When the event was generated.
    pub timestamp: Timestamp,
    /// `"ping"`.
    pub event_type: String,
    /// The account the event originated from.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub account_id: Option<AccountId>,
    /// The registration pinged.
    pub webhook_configuration: WebhookRegistration,
}

impl WebhookPingEvent {
    /// The event name.
    pub const EVENT_TYPE: &'static str = "ping";

    /// A ping for `registration`. The payload carries the registration without its secret:
    /// the secret signs payloads and is never sent in one.
    pub fn new(timestamp: Timestamp, registration: &WebhookRegistration) -> Self {
        Self {
            kind: Tag::new(),
            timestamp,
            event_type: Self::EVENT_TYPE.into(),
            account_id: registration.account_id.clone(),
            webhook_configuration: WebhookRegistration {
                secret: None,
                ..registration.clone()
            },
        }
    }
}

/// Which `conversation.*` event carrying only a `ConversationData` (its `$_type`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub enum ConversationEventKind {
    /// `conversation.created`.
    #[serde(rename = "ConversationCreatedEvent")]
    Created,
    /// `conversation.updated`.
    #[serde(rename = "ConversationUpdatedEvent")]
    Updated,
    /// `conversation.active`: the state became ACTIVE.
    #[serde(rename = "ConversationActiveEvent")]
    Active,
    /// `conversation.queued`: from ONBOARDING to QUEUED.
    #[serde(rename = "ConversationQueuedEvent")]
    Queued,
    /// `conversation.requeued`: to QUEUED from any state but ONBOARDING.
    #[serde(rename = "ConversationRequeuedEvent")]
    Requeued,
    /// `conversation.unassigned`: the state became UNASSIGNED.
    #[serde(rename = "ConversationUnassignedEvent")]
    Unassigned,
    /// `conversation.awaitedpersontype_changed`.
    #[serde(rename = "AwaitedPersonTypeChangedEvent")]
    AwaitedPersonTypeChanged,
}

impl ConversationEventKind {
    /// Every kind.
    pub const ALL: [Self; 7] = [
        Self::Created,
        Self::Updated,
        Self::Active,
        Self::Queued,
        Self::Requeued,
        Self::Unassigned,
        Self::AwaitedPersonTypeChanged,
    ];

    /// The event name a registration subscribes to.
    pub fn event_type(self) -> &'static str {
        match self {
            Self::Created => "conversation.created",
            Self::Updated => "conversation.updated",
            Self::Active => "conversation.active",
            Self::Queued => "conversation.queued",
            Self::Requeued => "conversation.requeued",
            Self::Unassigned => "conversation.unassigned",
            Self::AwaitedPersonTypeChanged => "conversation.awaitedpersontype_changed",
        }
    }
}

/// Unblu's `ConversationCreatedEvent`, `ConversationUpdatedEvent`, `ConversationActiveEvent`,
/// `ConversationQueuedEvent`, `ConversationRequeuedEvent`, `ConversationUnassignedEvent` and
/// `AwaitedPersonTypeChangedEvent`: one shape, told apart by `$_type`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct ConversationEvent {
    /// `$_type`: which event.
    #[serde(rename = "$_type")]
    pub kind: ConversationEventKind,
    /// When the event was generated.
    pub timestamp: Timestamp,
    /// The event name (`kind.event_type()`).
    pub event_type: String,
    /// The account the event originated from.
    pub account_id: AccountId,
    /// The conversation as it is now.
    pub conversation: ConversationData,
}

impl ConversationEvent {
    /// The event of this kind about `conversation`.
    pub fn new(
        kind: ConversationEventKind,
        timestamp: Timestamp,
        conversation: ConversationData,
    ) -> Self {
        Self {
            kind,
            timestamp,
            event_type: kind.event_type().into(),
            account_id: conversation.account_id.clone(),
            conversation,
        }
    }
}

/// Unblu's `ConversationEndedEvent` (`conversation.ended`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct ConversationEndedEvent {
    /// `$_type`: `"ConversationEndedEvent"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"ConversationEndedEvent\""))]
    pub kind: Tag<Self>,
    /// When the event was generated.
    pub timestamp: Timestamp,
    /// `"conversation.ended"`.
    pub event_type: String,
    /// The account the event originated from.
    pub account_id: AccountId,
    /// The conversation as it ended.
    pub conversation: ConversationData,
    /// Why it ended.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub end_reason: Option<ConversationEndReason>,
    /// Who ended it.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub end_person: Option<PersonData>,
    /// The comment given when ending it.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub end_comment: Option<String>,
}

impl ConversationEndedEvent {
    /// The event name.
    pub const EVENT_TYPE: &'static str = "conversation.ended";
}

/// Unblu's `ConversationParticipationData`: a participation as webhook events show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct ConversationParticipationData {
    /// `$_type`: `"ConversationParticipationData"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"ConversationParticipationData\""))]
    pub kind: Tag<Self>,
    /// The participation's id (Baton has none: absent).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub id: Option<String>,
    /// Joining, active, leaving...
    pub state: ParticipationState,
    /// Why the participant left, once they have.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub left_reason: Option<ConversationLeftReason>,
    /// The comment given when they left.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub left_comment: Option<String>,
    /// Invisible to visitors.
    #[serde(default, deserialize_with = "nullable")]
    pub hidden: bool,
    /// Starred by the participant.
    #[serde(default, deserialize_with = "nullable")]
    pub conversation_starred: bool,
    /// The conversation.
    pub conversation_id: ConversationId,
    /// The participant.
    pub person: PersonData,
}

impl ConversationParticipationData {
    /// The participation of `person` (the directory's view of the participant) in
    /// `conversation`.
    pub fn new(
        conversation: ConversationId,
        participant: &Participant,
        person: PersonData,
    ) -> Self {
        Self {
            kind: Tag::new(),
            id: None,
            state: participant.state,
            left_reason: None,
            left_comment: None,
            hidden: participant.hidden,
            conversation_starred: participant.starred,
            conversation_id: conversation,
            person,
        }
    }
}

/// Which `conversation.participation.*` event (its `$_type`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub enum ParticipationEventKind {
    /// `conversation.participation.created`.
    #[serde(rename = "ParticipationCreatedEvent")]
    Created,
    /// `conversation.participation.activated`.
    #[serde(rename = "ParticipationActivatedEvent")]
    Activated,
    /// `conversation.participation.hidden`.
    #[serde(rename = "ParticipationHiddenEvent")]
    Hidden,
    /// `conversation.participation.unhidden`.
    #[serde(rename = "ParticipationUnhiddenEvent")]
    Unhidden,
    /// `conversation.participation.left`.
    #[serde(rename = "ParticipationLeftEvent")]
    Left,
}

impl ParticipationEventKind {
    /// Every kind.
    pub const ALL: [Self; 5] = [
        Self::Created,
        Self::Activated,
        Self::Hidden,
        Self::Unhidden,
        Self::Left,
    ];

    /// The event name a registration subscribes to.
    pub fn event_type(self) -> &'static str {
        match self {
            Self::Created => "conversation.participation.created",
            Self::Activated => "conversation.participation.activated",
            Self::Hidden => "conversation.participation.hidden",
            Self::Unhidden => "conversation.participation.unhidden",
            Self::Left => "conversation.participation.left",
        }
    }
}

/// Unblu's `ParticipationCreatedEvent`, `ParticipationActivatedEvent`,
/// `ParticipationHiddenEvent`, `ParticipationUnhiddenEvent` and `ParticipationLeftEvent`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct ParticipationEvent {
    /// `$_type`: which event.
    #[serde(rename = "$_type")]
    pub kind: ParticipationEventKind,
    /// When the event was generated.
    pub timestamp: Timestamp,
    /// The event name (`kind.event_type()`).
    pub event_type: String,
    /// The account the event originated from.
    pub account_id: AccountId,
    /// The participation.
    pub participation: ConversationParticipationData,
}

/// Unblu's `AgentTargetData`: a forwarding's or agent invitation's target.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(untagged)]
pub enum AgentTargetData {
    /// A team: its agents and those of its parent teams may accept.
    Team(TeamData),
    /// One agent.
    Person(PersonData),
}

one_of!(AgentTargetData {
    Team(TeamData),
    Person(PersonData),
});

impl AgentTargetData {
    /// The target of an invitation addressed to an agent or a team.
    pub fn of(target: &InvitationTarget) -> Option<Self> {
        match target {
            InvitationTarget::Agent(p) => Some(Self::Person(PersonData::reference(
                p.clone(),
                PersonType::Agent,
            ))),
            InvitationTarget::Team(t) => Some(Self::Team(TeamData::reference(t.clone()))),
            InvitationTarget::Account(_) | InvitationTarget::Anonymous => None,
        }
    }
}

/// Unblu's `ContextPersonInfo`: the visitor of the conversation (the fields Baton knows).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct ContextPersonInfo {
    /// `$_type`: `"ContextPersonInfo"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"ContextPersonInfo\""))]
    pub kind: Tag<Self>,
    /// The person's id.
    pub id: PersonId,
    /// The account.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub account_id: Option<AccountId>,
    /// Sign-in name.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub username: Option<String>,
    /// Nickname.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub nickname: Option<String>,
    /// Name shown to others.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub display_name: Option<String>,
    /// Person type.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub person_type: Option<PersonType>,
    /// E-mail address.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub email: Option<String>,
    /// Locale.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub locale: Option<String>,
}

impl From<&Person> for ContextPersonInfo {
    fn from(person: &Person) -> Self {
        Self {
            kind: Tag::new(),
            id: person.id.clone(),
            account_id: Some(person.account.clone()),
            username: person.username.clone(),
            nickname: None,
            display_name: Some(person.display_name.clone()),
            person_type: Some(person.person_type),
            email: person.email.clone(),
            locale: None,
        }
    }
}

/// The creator of an invitation as webhook events show it.
fn creator_of(creator: &Creator) -> (InvitationCreatorType, Option<PersonData>) {
    match creator {
        Creator::WebApi => (InvitationCreatorType::WebApi, None),
        Creator::System => (InvitationCreatorType::System, None),
        Creator::Agent(p) => (
            InvitationCreatorType::Agent,
            Some(PersonData::reference(p.clone(), PersonType::Agent)),
        ),
        Creator::Visitor(p) => (
            InvitationCreatorType::Visitor,
            Some(PersonData::reference(p.clone(), PersonType::Visitor)),
        ),
    }
}

/// Which `agent_forwarding.*` event (its `$_type`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub enum AgentForwardingEventKind {
    /// `agent_forwarding.created`.
    #[serde(rename = "AgentForwardingCreatedEvent")]
    Created,
    /// `agent_forwarding.redeemed`: someone accepted.
    #[serde(rename = "AgentForwardingRedeemedEvent")]
    Redeemed,
    /// `agent_forwarding.revoked`.
    #[serde(rename = "AgentForwardingRevokedEvent")]
    Revoked,
}

impl AgentForwardingEventKind {
    /// Every kind.
    pub const ALL: [Self; 3] = [Self::Created, Self::Redeemed, Self::Revoked];

    /// The event name a registration subscribes to.
    pub fn event_type(self) -> &'static str {
        match self {
            Self::Created => "agent_forwarding.created",
            Self::Redeemed => "agent_forwarding.redeemed",
            Self::Revoked => "agent_forwarding.revoked",
        }
    }
}

/// Unblu's `AgentForwardingCreatedEvent`, `AgentForwardingRedeemedEvent` and
/// `AgentForwardingRevokedEvent`. They share every field but `links` (created only, omitted
/// when empty) and `redeemingPerson` (redeemed only).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct AgentForwardingEvent {
    /// `$_type`: which event.
    #[serde(rename = "$_type")]
    pub kind: AgentForwardingEventKind,
    /// When the event was generated.
    pub timestamp: Timestamp,
    /// The event name (`kind.event_type()`).
    pub event_type: String,
    /// The account the event originated from.
    pub account_id: AccountId,
    /// The forwarding invitation.
    pub invitation_id: InvitationId,
    /// The conversation.
    pub conversation: ConversationData,
    /// The invitation's token (Baton's forwardings have none).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub token: Option<Secret>,
    /// When the invitation was created.
    pub creation_timestamp: Timestamp,
    /// Who created it.
    pub creator_type: InvitationCreatorType,
    /// The creating person.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub creator_person: Option<PersonData>,
    /// The visitor of the conversation.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub context_person_info: Option<ContextPersonInfo>,
    /// The agent or team it is forwarded to.
    pub target: AgentTargetData,
    /// The forwarder's note.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub comment: Option<String>,
    /// Links to accept it (created only).
    #[serde(
        skip_serializing_if = "Vec::is_empty",
        default,
        deserialize_with = "nullable"
    )]
    pub links: Vec<ConversationLink>,
    /// Who accepted it (redeemed only).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub redeeming_person: Option<PersonData>,
}

impl AgentForwardingEvent {
    /// The event of this kind about a forwarding, or `None` when the invitation is not
    /// addressed to an agent or a team. Context person and links are left for the server.
    pub fn new(
        kind: AgentForwardingEventKind,
        timestamp: Timestamp,
        invitation: &Invitation,
        conversation: ConversationData,
    ) -> Option<Self> {
        let (creator_type, creator_person) = creator_of(&invitation.creator);
        let redeeming_person = match kind {
            AgentForwardingEventKind::Redeemed => invitation
                .redeeming_person
                .clone()
                .map(|p| PersonData::reference(p, PersonType::Agent)),
            AgentForwardingEventKind::Created | AgentForwardingEventKind::Revoked => None,
        };
        Some(Self {
            kind,
            timestamp,
            event_type: kind.event_type().into(),
            account_id: invitation.account.clone(),
            invitation_id: invitation.id.clone(),
            conversation,
            token: None,
            creation_timestamp: invitation.created_at,
            creator_type,
            creator_person,
            context_person_info: None,
            target: AgentTargetData::of(&invitation.target)?,
            comment: invitation.comment.clone(),
            links: Vec::new(),
            redeeming_person,
        })
    }
}

/// Which `pin.*` event (its `$_type`).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PinEventKind {
    /// `pin.created`: an agent invited a customer with a PIN.
    #[serde(rename = "PinCreatedEvent")]
    Created,
    /// `pin.redeemed`: a visitor entered the PIN and joined.
    #[serde(rename = "PinRedeemedEvent")]
    Redeemed,
    /// `pin.renewed`: the PIN was replaced and its lifetime restarted.
    #[serde(rename = "PinRenewedEvent")]
    Renewed,
    /// `pin.revoked`.
    #[serde(rename = "PinRevokedEvent")]
    Revoked,
}

impl PinEventKind {
    /// Every kind.
    pub const ALL: [Self; 4] = [Self::Created, Self::Redeemed, Self::Renewed, Self::Revoked];

    /// The event name a registration subscribes to.
    pub fn event_type(self) -> &'static str {
        match self {
            Self::Created => "pin.created",
            Self::Redeemed => "pin.redeemed",
            Self::Renewed => "pin.renewed",
            Self::Revoked => "pin.revoked",
        }
    }
}

/// Unblu's `PinCreatedEvent`, `PinRedeemedEvent`, `PinRenewedEvent` and `PinRevokedEvent`.
///
/// Unblu's spec lets `token` carry the PIN; Baton never puts a PIN into a webhook (the inviter
/// reads it from the invitation's creation response), so `token` stays absent on output.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PinEvent {
    /// `$_type`: which event.
    #[serde(rename = "$_type")]
    pub kind: PinEventKind,
    /// When the event was generated.
    pub timestamp: Timestamp,
    /// The event name (`kind.event_type()`).
    pub event_type: String,
    /// The account the event originated from.
    pub account_id: AccountId,
    /// The PIN invitation.
    pub invitation_id: InvitationId,
    /// The conversation.
    pub conversation: ConversationData,
    /// The PIN (never sent by Baton).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub token: Option<Secret>,
    /// When the invitation was created.
    pub creation_timestamp: Timestamp,
    /// Who created it.
    pub creator_type: InvitationCreatorType,
    /// The creating person.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub creator_person: Option<PersonData>,
    /// When the PIN stops being valid.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub expiration_timestamp: Option<Timestamp>,
    /// Links to accept it (created and renewed only; they would carry the PIN, so Baton
    /// sends none).
    #[serde(
        skip_serializing_if = "Vec::is_empty",
        default,
        deserialize_with = "nullable"
    )]
    pub links: Vec<ConversationLink>,
    /// The visitor who redeemed it (redeemed only).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub redeeming_person: Option<PersonData>,
}

impl PinEvent {
    /// The event of this kind about a PIN invitation, as the invitation is now.
    pub fn new(
        kind: PinEventKind,
        timestamp: Timestamp,
        invitation: &Invitation,
        conversation: ConversationData,
    ) -> Self {
        let (creator_type, creator_person) = creator_of(&invitation.creator);
        let redeeming_person = match kind {
            PinEventKind::Redeemed => invitation
                .redeeming_person
                .clone()
                .map(|p| PersonData::reference(p, PersonType::Visitor)),
            PinEventKind::Created | PinEventKind::Renewed | PinEventKind::Revoked => None,
        };
        Self {
            kind,
            timestamp,
            event_type: kind.event_type().into(),
            account_id: invitation.account.clone(),
            invitation_id: invitation.id.clone(),
            conversation,
            token: None,
            creation_timestamp: invitation.created_at,
            creator_type,
            creator_person,
            expiration_timestamp: invitation.expires_at,
            links: Vec::new(),
            redeeming_person,
        }
    }
}

/// Unblu's `AssignmentRequestUnansweredEvent` (`assignment_request.unanswered`): a request
/// for one agent went through every delegation level without an answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct AssignmentRequestUnansweredEvent {
    /// `$_type`: `"AssignmentRequestUnansweredEvent"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"AssignmentRequestUnansweredEvent\""))]
    pub kind: Tag<Self>,
    /// When the event was generated.
    pub timestamp: Timestamp,
    /// `"assignment_request.unanswered"`.
    pub event_type: String,
    /// The account the event originated from.
    pub account_id: AccountId,
    /// The assignment request.
    pub invitation_id: InvitationId,
    /// The conversation.
    pub conversation: ConversationData,
    /// The invitation's token (Baton's requests have none).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub token: Option<Secret>,
    /// When the request was created.
    pub creation_timestamp: Timestamp,
    /// Who created it.
    pub creator_type: InvitationCreatorType,
    /// The creating person.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub creator_person: Option<PersonData>,
    /// The visitor of the conversation.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub context_person_info: Option<ContextPersonInfo>,
    /// Who the request was for.
    pub target: ConversationRecipientData,
    /// Links to accept it.
    #[serde(default, deserialize_with = "nullable")]
    pub links: Vec<ConversationLink>,
}

impl AssignmentRequestUnansweredEvent {
    /// The event name.
    pub const EVENT_TYPE: &'static str = "assignment_request.unanswered";

    /// The event about a request, or `None` for an anonymous target (never a request).
    pub fn new(
        timestamp: Timestamp,
        invitation: &Invitation,
        conversation: ConversationData,
    ) -> Option<Self> {
        let (creator_type, creator_person) = creator_of(&invitation.creator);
        let target = match &invitation.target {
            InvitationTarget::Agent(p) => ConversationRecipientData::Person(PersonData::reference(
                p.clone(),
                PersonType::Agent,
            )),
            InvitationTarget::Team(t) => {
                ConversationRecipientData::Team(TeamData::reference(t.clone()))
            }
            InvitationTarget::Account(a) => ConversationRecipientData::Account(AccountData {
                kind: Tag::new(),
                id: a.clone(),
                display_name: None,
            }),
            InvitationTarget::Anonymous => return None,
        };
        Some(Self {
            kind: Tag::new(),
            timestamp,
            event_type: Self::EVENT_TYPE.into(),
            account_id: invitation.account.clone(),
            invitation_id: invitation.id.clone(),
            conversation,
            token: None,
            creation_timestamp: invitation.created_at,
            creator_type,
            creator_person,
            context_person_info: None,
            target,
            links: Vec::new(),
        })
    }
}

/// Which deputy push notification (its `$_type`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub enum DeputyDelegationPushKind {
    /// `push_notification.deputy_delegation`: a deputy is asked to handle a request.
    #[serde(rename = "DeputyDelegationPushNotificationEvent")]
    Notify,
    /// `push_notification.revoke_deputy_delegation`: withdraw that notification (declined,
    /// revoked or accepted by someone).
    #[serde(rename = "RevokeDeputyDelegationPushNotificationEvent")]
    Revoke,
}

impl DeputyDelegationPushKind {
    /// Every kind.
    pub const ALL: [Self; 2] = [Self::Notify, Self::Revoke];

    /// The event name a registration subscribes to.
    pub fn event_type(self) -> &'static str {
        match self {
            Self::Notify => "push_notification.deputy_delegation",
            Self::Revoke => "push_notification.revoke_deputy_delegation",
        }
    }
}

/// Unblu's `DeputyDelegationPushNotificationEvent` and
/// `RevokeDeputyDelegationPushNotificationEvent` (one shape).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct DeputyDelegationPushEvent {
    /// `$_type`: which event.
    #[serde(rename = "$_type")]
    pub kind: DeputyDelegationPushKind,
    /// When the event was generated.
    pub timestamp: Timestamp,
    /// The event name (`kind.event_type()`).
    pub event_type: String,
    /// The account the event originated from.
    pub account_id: AccountId,
    /// The deputy notified.
    pub recipient: PersonData,
    /// The deputy's locale.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub locale: Option<String>,
    /// The conversation.
    pub conversation_id: ConversationId,
    /// The deputy's mobile device tokens (Baton has none: empty).
    #[serde(default, deserialize_with = "nullable")]
    pub device_tokens: Vec<String>,
    /// The delegated invitation.
    pub invitation_id: InvitationId,
    /// The visitor waiting.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub context_person: Option<PersonData>,
    /// Where the conversation started.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub conversation_start_url: Option<String>,
    /// The agent the request was for.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub primary_agent_person: Option<PersonData>,
}

tagged!(
    WebhookRegistration,
    WebhookPingEvent,
    ConversationEndedEvent,
    ConversationParticipationData,
    ContextPersonInfo,
    AssignmentRequestUnansweredEvent,
);

#[cfg(test)]
mod tests {
    use baton_core::conversation::{AwaitedPersonType, ConversationState, ParticipationType};
    use baton_core::directory::{AuthorizationRole, NotificationChannels, PresenceState};
    use baton_core::id::TeamId;
    use baton_core::invitation::{InvitationState, InvitationType, ResponseStatus};
    use serde_json::json;

    use super::*;

    fn conversation() -> ConversationData {
        ConversationData {
            kind: Tag::new(),
            creation_timestamp: Timestamp(1),
            end_timestamp: None,
            id: ConversationId::new("c1"),
            account_id: AccountId::new("bank"),
            topic: None,
            recipient: None,
            participants: Vec::new(),
            state: ConversationState::Active,
            awaited_person_type: AwaitedPersonType::None,
        }
    }

    fn conversation_json() -> serde_json::Value {
        json!({
            "$_type": "ConversationData",
            "creationTimestamp": 1,
            "id": "c1",
            "accountId": "bank",
            "participants": [],
            "state": "ACTIVE",
            "awaitedPersonType": "NONE"
        })
    }

    fn forwarding() -> Invitation {
        Invitation {
            state: InvitationState::Redeemed,
            comment: Some("VIP".into()),
            target_response_status: ResponseStatus::Accepted,
            redeeming_person: Some(PersonId::new("david")),
            ..Invitation::open(
                InvitationId::new("f1"),
                ConversationId::new("c1"),
                AccountId::new("bank"),
                InvitationType::AgentForwarding,
                InvitationTarget::Team(TeamId::new("private")),
                Creator::Agent(PersonId::new("anna")),
                Timestamp(10),
            )
        }
    }

    fn registration() -> WebhookRegistration {
        serde_json::from_value(json!({
            "$_type": "WebhookRegistration",
            "id": "w1",
            "accountId": "bank",
            "name": "crm",
            "status": "ACTIVE",
            "endpoint": "https://crm.bank.example/hook",
            "apiVersion": "V4",
            "secret": "s3cr3t",
            "events": ["conversation.created", "assignment_request.unanswered"]
        }))
        .unwrap()
    }

    #[test]
    fn a_registration_round_trips_and_names_events_baton_never_sends() {
        let mut r = registration();
        assert!(r.unsupported_events().is_empty());
        assert!(!format!("{r:?}").contains("s3cr3t"));
        let json = serde_json::to_value(&r).unwrap();
        assert_eq!(json["secret"], "s3cr3t");
        assert_eq!(
            serde_json::from_value::<WebhookRegistration>(json).unwrap(),
            r
        );
        r.events.push("conversation.call.ended".into());
        assert_eq!(r.unsupported_events(), ["conversation.call.ended"]);
    }

    #[test]
    fn every_supported_event_name_is_unique() {
        let all = supported_event_types();
        let mut sorted = all.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), all.len());
        assert!(all.contains(&"push_notification.deputy_delegation"));
    }

    #[test]
    fn a_ping_never_carries_the_secret() {
        let ping = WebhookPingEvent::new(Timestamp(5), &registration());
        let json = serde_json::to_value(&ping).unwrap();
        assert_eq!(json["$_type"], "WebhookPingEvent");
        assert_eq!(json["eventType"], "ping");
        assert_eq!(json["accountId"], "bank");
        assert_eq!(
            json["webhookConfiguration"]["$_type"],
            "WebhookRegistration"
        );
        assert!(!json.to_string().contains("s3cr3t"));
        assert_eq!(
            serde_json::from_value::<WebhookPingEvent>(json).unwrap(),
            ping
        );
    }

    #[test]
    fn conversation_events_carry_their_type_and_name() {
        let event = ConversationEvent::new(
            ConversationEventKind::Unassigned,
            Timestamp(7),
            conversation(),
        );
        let expected = json!({
            "$_type": "ConversationUnassignedEvent",
            "timestamp": 7,
            "eventType": "conversation.unassigned",
            "accountId": "bank",
            "conversation": conversation_json()
        });
        assert_eq!(serde_json::to_value(&event).unwrap(), expected);
        assert_eq!(
            serde_json::from_value::<ConversationEvent>(expected.clone()).unwrap(),
            event
        );
        let mut foreign = expected;
        foreign["$_type"] = "ConversationEndedEvent".into();
        assert!(serde_json::from_value::<ConversationEvent>(foreign).is_err());
        for kind in ConversationEventKind::ALL {
            let name = serde_json::to_value(kind).unwrap();
            assert!(name.as_str().unwrap().ends_with("Event"), "{name}");
        }
    }

    #[test]
    fn the_ended_event_round_trips() {
        let input = json!({
            "$_type": "ConversationEndedEvent",
            "timestamp": 9,
            "eventType": "conversation.ended",
            "accountId": "bank",
            "conversation": conversation_json(),
            "endReason": "ENDED_BY_PARTICIPANT",
            "endPerson": {"$_type": "PersonData", "id": "anna", "personType": "AGENT"},
            "endComment": null
        });
        let event: ConversationEndedEvent = serde_json::from_value(input).unwrap();
        assert_eq!(
            event.end_reason,
            Some(ConversationEndReason::EndedByParticipant)
        );
        assert_eq!(event.event_type, ConversationEndedEvent::EVENT_TYPE);
        let back = serde_json::to_value(&event).unwrap();
        assert!(back.get("endComment").is_none());
    }

    #[test]
    fn participation_events_show_the_participation() {
        let participant = Participant {
            person: PersonId::new("ben"),
            participation_type: ParticipationType::SecondaryAgent,
            state: ParticipationState::Active,
            hidden: true,
            starred: false,
            auto_synced_assistant: true,
        };
        let event = ParticipationEvent {
            kind: ParticipationEventKind::Hidden,
            timestamp: Timestamp(3),
            event_type: ParticipationEventKind::Hidden.event_type().into(),
            account_id: AccountId::new("bank"),
            participation: ConversationParticipationData::new(
                ConversationId::new("c1"),
                &participant,
                PersonData::reference(PersonId::new("ben"), PersonType::Agent),
            ),
        };
        let expected = json!({
            "$_type": "ParticipationHiddenEvent",
            "timestamp": 3,
            "eventType": "conversation.participation.hidden",
            "accountId": "bank",
            "participation": {
                "$_type": "ConversationParticipationData",
                "state": "ACTIVE",
                "hidden": true,
                "conversationStarred": false,
                "conversationId": "c1",
                "person": {"$_type": "PersonData", "id": "ben", "personType": "AGENT"}
            }
        });
        assert_eq!(serde_json::to_value(&event).unwrap(), expected);
        assert_eq!(
            serde_json::from_value::<ParticipationEvent>(expected).unwrap(),
            event
        );
    }

    #[test]
    fn a_redeemed_forwarding_event_in_unblus_shape() {
        let event = AgentForwardingEvent::new(
            AgentForwardingEventKind::Redeemed,
            Timestamp(20),
            &forwarding(),
            conversation(),
        )
        .unwrap();
        let expected = json!({
            "$_type": "AgentForwardingRedeemedEvent",
            "timestamp": 20,
            "eventType": "agent_forwarding.redeemed",
            "accountId": "bank",
            "invitationId": "f1",
            "conversation": conversation_json(),
            "creationTimestamp": 10,
            "creatorType": "AGENT",
            "creatorPerson": {"$_type": "PersonData", "id": "anna", "personType": "AGENT"},
            "target": {"$_type": "TeamData", "id": "private"},
            "comment": "VIP",
            "redeemingPerson": {"$_type": "PersonData", "id": "david", "personType": "AGENT"}
        });
        assert_eq!(serde_json::to_value(&event).unwrap(), expected);
        assert_eq!(
            serde_json::from_value::<AgentForwardingEvent>(expected).unwrap(),
            event
        );
        let created = AgentForwardingEvent::new(
            AgentForwardingEventKind::Created,
            Timestamp(20),
            &forwarding(),
            conversation(),
        )
        .unwrap();
        assert_eq!(created.redeeming_person, None);
        let anonymous = Invitation {
            target: InvitationTarget::Anonymous,
            ..forwarding()
        };
        assert!(
            AgentForwardingEvent::new(
                AgentForwardingEventKind::Created,
                Timestamp(20),
                &anonymous,
                conversation()
            )
            .is_none()
        );
    }

    #[test]
    fn an_unanswered_request_event_names_the_agent() {
        let request = Invitation {
            invitation_type: InvitationType::AssignmentRequest,
            state: InvitationState::Open,
            target: InvitationTarget::Agent(PersonId::new("anna")),
            creator: Creator::Visitor(PersonId::new("vera")),
            comment: None,
            redeeming_person: None,
            ..forwarding()
        };
        let event =
            AssignmentRequestUnansweredEvent::new(Timestamp(30), &request, conversation()).unwrap();
        let json = serde_json::to_value(&event).unwrap();
        assert_eq!(json["$_type"], "AssignmentRequestUnansweredEvent");
        assert_eq!(json["eventType"], "assignment_request.unanswered");
        assert_eq!(
            json["target"],
            json!({"$_type": "PersonData", "id": "anna", "personType": "AGENT"})
        );
        assert_eq!(json["creatorType"], "VISITOR");
        assert_eq!(json["links"], json!([]));
        assert_eq!(
            serde_json::from_value::<AssignmentRequestUnansweredEvent>(json).unwrap(),
            event
        );
        let queued = Invitation {
            target: InvitationTarget::Account(AccountId::new("bank")),
            ..request
        };
        let event =
            AssignmentRequestUnansweredEvent::new(Timestamp(30), &queued, conversation()).unwrap();
        assert!(matches!(
            event.target,
            ConversationRecipientData::Account(_)
        ));
    }

    #[test]
    fn the_context_person_comes_from_the_directory() {
        let vera = Person {
            id: PersonId::new("vera"),
            person_type: PersonType::Visitor,
            account: AccountId::new("bank"),
            team: None,
            display_name: "Vera Visitor".into(),
            username: None,
            email: Some("vera@example.com".into()),
            presence: PresenceState::Online,
            role: AuthorizationRole::Webuser,
            notifications: NotificationChannels::NONE,
        };
        let info = ContextPersonInfo::from(&vera);
        let json = serde_json::to_value(&info).unwrap();
        assert_eq!(
            json,
            json!({
                "$_type": "ContextPersonInfo",
                "id": "vera",
                "accountId": "bank",
                "displayName": "Vera Visitor",
                "personType": "VISITOR",
                "email": "vera@example.com"
            })
        );
        assert_eq!(
            serde_json::from_value::<ContextPersonInfo>(json).unwrap(),
            info
        );
    }

    #[test]
    fn the_deputy_push_notification_round_trips() {
        let input = json!({
            "$_type": "DeputyDelegationPushNotificationEvent",
            "timestamp": 40,
            "eventType": "push_notification.deputy_delegation",
            "accountId": "bank",
            "recipient": {"$_type": "PersonData", "id": "clara", "personType": "AGENT"},
            "locale": "de-CH",
            "conversationId": "c1",
            "deviceTokens": [],
            "invitationId": "r1",
            "initialEngagementType": "CHAT_REQUEST",
            "contextPerson": {"$_type": "PersonData", "id": "vera", "personType": "VISITOR"},
            "conversationStartUrl": null,
            "primaryAgentPerson": {"$_type": "PersonData", "id": "anna", "personType": "AGENT"}
        });
        let event: DeputyDelegationPushEvent = serde_json::from_value(input).unwrap();
        assert_eq!(event.kind, DeputyDelegationPushKind::Notify);
        assert_eq!(event.kind.event_type(), event.event_type);
        let back = serde_json::to_value(&event).unwrap();
        assert_eq!(back["$_type"], "DeputyDelegationPushNotificationEvent");
        assert_eq!(
            serde_json::from_value::<DeputyDelegationPushEvent>(back).unwrap(),
            event
        );
        let revoke = json!({
            "$_type": "RevokeDeputyDelegationPushNotificationEvent",
            "timestamp": 41,
            "eventType": "push_notification.revoke_deputy_delegation",
            "accountId": "bank",
            "recipient": {"$_type": "PersonData", "id": "clara"},
            "conversationId": "c1",
            "invitationId": "r1"
        });
        assert_eq!(
            serde_json::from_value::<DeputyDelegationPushEvent>(revoke)
                .unwrap()
                .kind,
            DeputyDelegationPushKind::Revoke
        );
    }
    #[test]
    fn a_pin_event_never_carries_the_pin() {
        let pin = Invitation {
            invitation_type: InvitationType::PinConversation,
            state: InvitationState::Redeemed,
            target: InvitationTarget::Anonymous,
            token: Some(baton_core::invitation::TokenKey::default().digest("48213957")),
            expires_at: Some(Timestamp(3_600_010)),
            comment: None,
            redeeming_person: Some(PersonId::new("guest")),
            ..forwarding()
        };
        let event = PinEvent::new(PinEventKind::Redeemed, Timestamp(50), &pin, conversation());
        let json = serde_json::to_value(&event).unwrap();
        assert_eq!(json["$_type"], "PinRedeemedEvent");
        assert_eq!(json["eventType"], "pin.redeemed");
        assert_eq!(json["invitationId"], "f1");
        assert_eq!(json["expirationTimestamp"], 3_600_010);
        assert_eq!(
            json["redeemingPerson"],
            json!({"$_type": "PersonData", "id": "guest", "personType": "VISITOR"})
        );
        assert!(!json.to_string().contains("48213957"), "{json}");
        assert!(json.get("token").is_none() && json.get("links").is_none());
        assert_eq!(serde_json::from_value::<PinEvent>(json).unwrap(), event);
        let created = PinEvent::new(PinEventKind::Created, Timestamp(50), &pin, conversation());
        assert_eq!(created.redeeming_person, None);
        assert!(supported_event_types().contains(&"pin.revoked"));
    }
}
