//! Invitations on the wire: `ConversationInvitationData` and its secondary targets, the bodies
//! of every `invitations/...` operation Baton offers (forward, invite agent / team / visitor
//! by PIN, e-mail or link, start a deputy delegation, add a secondary target, requeue,
//! get an accept link) and `invitations/search`.
//!
//! Secrets: `From<&Invitation>` never carries the PIN or link token. Only
//! [`ConversationInvitationData::with_token`] does, and only the creator's response may use
//! it. Delegation answers (accept, decline, ignore, later) are Baton endpoints (`baton`).

use baton_core::command::Command;
use baton_core::deputy::DelegationLevel;
use baton_core::id::{AccountId, ConversationId, InvitationId, PersonId, TeamId};
use baton_core::invitation::{
    Creator, Invitation, InvitationState, InvitationTarget, InvitationType, ResponseStatus,
    SecondaryTarget,
};
use baton_core::{DomainError, Timestamp};
use serde::{Deserialize, Serialize};

use crate::wire::Secret;
use crate::wire::conversation::ConversationLink;
use crate::wire::query::{IdOperator, OpEquals, OpIn, Order, Page, SortKey, sort_by_criteria};
use crate::wire::shape::{Tag, markers, nullable, one_of, tagged};

/// Unblu's `EInvitationCreatorType`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum InvitationCreatorType {
    /// The web API.
    WebApi,
    /// The system itself.
    System,
    /// An agent.
    Agent,
    /// A visitor.
    Visitor,
}

/// Unblu's `EInvitationTargetType`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum InvitationTargetType {
    /// Whoever holds the token.
    Anonymous,
    /// A known visitor.
    Visitor,
    /// A single agent.
    Agent,
    /// A team.
    Team,
    /// A named area.
    NamedArea,
    /// The account's queue.
    Account,
}

/// Unblu's `ConversationInvitationSecondaryTargetData`: a deputy notified of a request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct ConversationInvitationSecondaryTargetData {
    /// `$_type`: `"ConversationInvitationSecondaryTargetData"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(
        feature = "ts",
        tsify(type = "\"ConversationInvitationSecondaryTargetData\"")
    )]
    pub kind: Tag<Self>,
    /// The deputy.
    pub person_id: PersonId,
    /// Their answer so far.
    pub response_state: ResponseStatus,
}

impl From<&SecondaryTarget> for ConversationInvitationSecondaryTargetData {
    fn from(target: &SecondaryTarget) -> Self {
        Self {
            kind: Tag::new(),
            person_id: target.person.clone(),
            response_state: target.response,
        }
    }
}

/// Unblu's `ConversationInvitationData`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct ConversationInvitationData {
    /// `$_type`: `"ConversationInvitationData"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"ConversationInvitationData\""))]
    pub kind: Tag<Self>,
    /// The account it originated from.
    pub account_id: AccountId,
    /// What kind of invitation.
    pub invitation_type: InvitationType,
    /// Open, redeemed, revoked or expired.
    pub invitation_state: InvitationState,
    /// The invitation's id.
    pub id: InvitationId,
    /// The conversation it is for.
    pub conversation_id: ConversationId,
    /// The PIN or link token: only in the response to the one who created it.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub token: Option<Secret>,
    /// When it was created.
    pub created_timestamp: Timestamp,
    /// Who created it.
    pub creator_type: InvitationCreatorType,
    /// The creating person, when a person created it.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub creator_person_id: Option<PersonId>,
    /// The target's id (a person, team or account id); absent for anonymous targets.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub target_id: Option<String>,
    /// What the target id names.
    pub target_type: InvitationTargetType,
    /// Links to accept it (carry the token: the creator's response only).
    #[serde(default, deserialize_with = "nullable")]
    pub links: Vec<ConversationLink>,
    /// Who accepted or redeemed it.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub redeeming_person_id: Option<PersonId>,
    /// The creator's note for the target (agents only; visitors never receive invitations).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub comment: Option<String>,
    /// The target joins hidden.
    #[serde(default, deserialize_with = "nullable")]
    pub join_hidden: bool,
    /// E-mail address the invitation was sent to.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub email: Option<String>,
    /// Nickname for the visitor who redeems it.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub nickname: Option<String>,
    /// The primary target's answer.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub target_response_status: Option<ResponseStatus>,
    /// Deputies notified of it.
    #[serde(default, deserialize_with = "nullable")]
    pub secondary_invitation_targets: Vec<ConversationInvitationSecondaryTargetData>,
    /// When it stops being valid.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub expiration_timestamp: Option<Timestamp>,
}

impl ConversationInvitationData {
    /// The invitation with its PIN or link `token`, which the server chose and the log does
    /// not keep. Only for the response to the person who created it (the inviter must read the
    /// PIN to the customer); never for lists, events or anyone else.
    pub fn with_token(invitation: &Invitation, token: &str) -> Self {
        Self {
            token: Some(Secret::new(token)),
            ..Self::from(invitation)
        }
    }

    /// Adds links to accept the invitation (the server knows its own URLs).
    pub fn with_links(mut self, links: Vec<ConversationLink>) -> Self {
        self.links = links;
        self
    }

    /// The state as seen at `now`: an open invitation past its expiry reads `EXPIRED`
    /// (the core stores `OPEN` and derives expiry from the time).
    pub fn as_seen_at(mut self, now: Timestamp) -> Self {
        if self.invitation_state == InvitationState::Open
            && self
                .expiration_timestamp
                .is_some_and(|expiry| now >= expiry)
        {
            self.invitation_state = InvitationState::Expired;
        }
        self
    }
}

/// The invitation without its token, with its stored state (see
/// [`ConversationInvitationData::as_seen_at`] for expiry).
impl From<&Invitation> for ConversationInvitationData {
    fn from(invitation: &Invitation) -> Self {
        let (creator_type, creator_person_id) = match &invitation.creator {
            Creator::WebApi => (InvitationCreatorType::WebApi, None),
            Creator::System => (InvitationCreatorType::System, None),
            Creator::Agent(p) => (InvitationCreatorType::Agent, Some(p.clone())),
            Creator::Visitor(p) => (InvitationCreatorType::Visitor, Some(p.clone())),
        };
        let (target_type, target_id) = target_of(&invitation.target);
        Self {
            kind: Tag::new(),
            account_id: invitation.account.clone(),
            invitation_type: invitation.invitation_type,
            invitation_state: invitation.state,
            id: invitation.id.clone(),
            conversation_id: invitation.conversation.clone(),
            token: None,
            created_timestamp: invitation.created_at,
            creator_type,
            creator_person_id,
            target_id,
            target_type,
            links: Vec::new(),
            redeeming_person_id: invitation.redeeming_person.clone(),
            comment: invitation.comment.clone(),
            join_hidden: invitation.join_hidden,
            email: invitation.email.clone(),
            nickname: invitation.nickname.clone(),
            target_response_status: Some(invitation.target_response_status),
            secondary_invitation_targets: invitation
                .secondary_targets
                .iter()
                .map(Into::into)
                .collect(),
            expiration_timestamp: invitation.expires_at,
        }
    }
}

/// Unblu's `targetType` and `targetId` for a target.
fn target_of(target: &InvitationTarget) -> (InvitationTargetType, Option<String>) {
    match target {
        InvitationTarget::Agent(p) => (InvitationTargetType::Agent, Some(p.to_string())),
        InvitationTarget::Team(t) => (InvitationTargetType::Team, Some(t.to_string())),
        InvitationTarget::Account(a) => (InvitationTargetType::Account, Some(a.to_string())),
        InvitationTarget::Anonymous => (InvitationTargetType::Anonymous, None),
    }
}

/// Unblu's `InvitationsForwardConversationToAgentBody`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct InvitationsForwardConversationToAgentBody {
    /// The conversation.
    pub conversation_id: ConversationId,
    /// The receiving agent (must not participate yet: reassign instead).
    pub agent_person_id: PersonId,
    /// A note for the receiving agent; never shown to the visitor.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub comment: Option<String>,
}

impl InvitationsForwardConversationToAgentBody {
    /// The `ForwardToAgent` command, with the id of the invitation to create.
    pub fn into_command(self, invitation: InvitationId) -> Command {
        Command::ForwardToAgent {
            conversation: self.conversation_id,
            invitation,
            agent: self.agent_person_id,
            comment: self.comment,
        }
    }
}

/// Unblu's `InvitationsForwardConversationToTeamBody`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct InvitationsForwardConversationToTeamBody {
    /// The conversation.
    pub conversation_id: ConversationId,
    /// The receiving team.
    pub team_id: TeamId,
    /// A note for the receiving agents.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub comment: Option<String>,
}

impl InvitationsForwardConversationToTeamBody {
    /// The `ForwardToTeam` command, with the id of the invitation to create.
    pub fn into_command(self, invitation: InvitationId) -> Command {
        Command::ForwardToTeam {
            conversation: self.conversation_id,
            invitation,
            team: self.team_id,
            comment: self.comment,
        }
    }
}

/// Unblu's `InvitationsInviteAgentToConversationBody`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct InvitationsInviteAgentToConversationBody {
    /// The conversation.
    pub conversation_id: ConversationId,
    /// The invited agent.
    pub agent_person_id: PersonId,
    /// A message for the invited agent.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub comment: Option<String>,
    /// Join hidden (Unblu's default: no).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub join_hidden: Option<bool>,
}

impl InvitationsInviteAgentToConversationBody {
    /// The `InviteAgent` command, with the id of the invitation to create.
    pub fn into_command(self, invitation: InvitationId) -> Command {
        Command::InviteAgent {
            conversation: self.conversation_id,
            invitation,
            agent: self.agent_person_id,
            comment: self.comment,
            join_hidden: self.join_hidden.unwrap_or(false),
        }
    }
}

/// Unblu's `InvitationsInviteTeamToConversationBody`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct InvitationsInviteTeamToConversationBody {
    /// The conversation.
    pub conversation_id: ConversationId,
    /// The invited team.
    pub team_id: TeamId,
    /// A message for the invited agents.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub comment: Option<String>,
    /// Join hidden (Unblu's default: no).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub join_hidden: Option<bool>,
}

impl InvitationsInviteTeamToConversationBody {
    /// The `InviteTeam` command, with the id of the invitation to create.
    pub fn into_command(self, invitation: InvitationId) -> Command {
        Command::InviteTeam {
            conversation: self.conversation_id,
            invitation,
            team: self.team_id,
            comment: self.comment,
            join_hidden: self.join_hidden.unwrap_or(false),
        }
    }
}

/// Unblu's `InvitationsInviteAnonymousVisitorToConversationWithPinBody`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct InvitationsInviteAnonymousVisitorToConversationWithPinBody {
    /// The conversation.
    pub conversation_id: ConversationId,
    /// Nickname for the visitor who redeems the PIN.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub nickname: Option<String>,
}

impl InvitationsInviteAnonymousVisitorToConversationWithPinBody {
    /// The `InviteVisitorWithPin` command, with the new invitation's id and the PIN the
    /// server drew from its CSPRNG.
    pub fn into_command(self, invitation: InvitationId, pin: String) -> Command {
        Command::InviteVisitorWithPin {
            conversation: self.conversation_id,
            invitation,
            pin,
            nickname: self.nickname,
        }
    }
}

/// Unblu's `InvitationsInviteAnonymousVisitorToConversationWithEmailBody`. The spec marks
/// `email` optional; Baton needs it to send the link, so it is required here.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct InvitationsInviteAnonymousVisitorToConversationWithEmailBody {
    /// The conversation.
    pub conversation_id: ConversationId,
    /// Where the link is sent.
    pub email: String,
    /// Nickname for the visitor who redeems the link.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub nickname: Option<String>,
}

impl InvitationsInviteAnonymousVisitorToConversationWithEmailBody {
    /// The `InviteVisitorWithEmail` command, with the new invitation's id, the link token
    /// the server drew from its CSPRNG and the inviter's locale (the e-mail's language).
    pub fn into_command(self, invitation: InvitationId, token: String, locale: &str) -> Command {
        Command::InviteVisitorWithEmail {
            conversation: self.conversation_id,
            invitation,
            email: self.email,
            token,
            nickname: self.nickname,
            locale: Some(locale.to_owned()),
        }
    }
}

/// Unblu's `InvitationsInviteAnonymousVisitorToConversationWithLinkBody`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct InvitationsInviteAnonymousVisitorToConversationWithLinkBody {
    /// The conversation.
    pub conversation_id: ConversationId,
    /// Nickname for the visitor who redeems the link.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub nickname: Option<String>,
}

impl InvitationsInviteAnonymousVisitorToConversationWithLinkBody {
    /// The `InviteVisitorWithLink` command, with the new invitation's id and the link token
    /// the server drew from its CSPRNG.
    pub fn into_command(self, invitation: InvitationId, token: String) -> Command {
        Command::InviteVisitorWithLink {
            conversation: self.conversation_id,
            invitation,
            token,
            nickname: self.nickname,
        }
    }
}

/// Unblu's `InvitationsStartDeputyDelegationBody`. The spec marks `delegationLevel`
/// optional but says the delegation starts at the level given; Baton requires it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct InvitationsStartDeputyDelegationBody {
    /// The conversation whose assignee does not react.
    pub conversation_id: ConversationId,
    /// The deputy who accepts joins hidden (default: visible).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub join_deputy_hidden: Option<bool>,
    /// The level whose deputies are notified first.
    pub delegation_level: DelegationLevel,
}

impl InvitationsStartDeputyDelegationBody {
    /// The `StartDeputyDelegation` command, with the id of the deputy invitation to create.
    pub fn into_command(self, invitation: InvitationId) -> Command {
        Command::StartDeputyDelegation {
            conversation: self.conversation_id,
            invitation,
            level: self.delegation_level,
            join_hidden: self.join_deputy_hidden.unwrap_or(false),
        }
    }
}

/// Unblu's `InvitationsAddSecondaryInvitationTargetBody`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct InvitationsAddSecondaryInvitationTargetBody {
    /// The deputy to inform in addition to the target agent.
    pub person_id: PersonId,
}

impl InvitationsAddSecondaryInvitationTargetBody {
    /// The `AddSecondaryInvitationTarget` command for the invitation named in the path.
    pub fn into_command(self, invitation: InvitationId) -> Command {
        Command::AddSecondaryInvitationTarget {
            invitation,
            person: self.person_id,
        }
    }
}

/// Unblu's `EAgentRemovalType`: which agents leave on requeue.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum AgentRemovalType {
    /// Every agent stays.
    KeepAgents,
    /// Only the assignee leaves.
    RemoveAssignedAgent,
    /// Every agent leaves.
    RemoveAllAgents,
}

/// Unblu's `InvitationsRequeueConversationBody`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct InvitationsRequeueConversationBody {
    /// The conversation to put back in the queue.
    pub conversation_id: ConversationId,
    /// Which agents leave.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub agent_removal_type: Option<AgentRemovalType>,
}

impl InvitationsRequeueConversationBody {
    /// The `RequeueConversation` command, with the id of the new assignment request.
    /// Baton's requeue always removes every agent, so only that removal type (or none) is
    /// accepted.
    pub fn into_command(self, request: InvitationId) -> Result<Command, DomainError> {
        match self.agent_removal_type {
            None | Some(AgentRemovalType::RemoveAllAgents) => Ok(Command::RequeueConversation {
                conversation: self.conversation_id,
                request,
            }),
            Some(_) => Err(DomainError::InvalidInput(
                "a requeue removes every agent (REMOVE_ALL_AGENTS)",
            )),
        }
    }
}

/// Unblu's `InvitationsGetAcceptLinkBody`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct InvitationsGetAcceptLinkBody {
    /// The invitation token to validate.
    pub token: Secret,
}

/// Unblu's `AcceptLinkData`: the answer of `invitations/getAcceptLink`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct AcceptLinkData {
    /// `$_type`: `"AcceptLinkData"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"AcceptLinkData\""))]
    pub kind: Tag<Self>,
    /// The conversation's account.
    pub account_id: AccountId,
    /// The conversation.
    pub conversation_id: ConversationId,
    /// Links to accept the invitation; only one may be used.
    #[serde(default, deserialize_with = "nullable")]
    pub links: Vec<ConversationLink>,
    /// When the invitation stops being valid.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub expiration_timestamp: Option<Timestamp>,
}

impl AcceptLinkData {
    /// The accept links of an invitation.
    pub fn new(invitation: &Invitation, links: Vec<ConversationLink>) -> Self {
        Self {
            kind: Tag::new(),
            account_id: invitation.account.clone(),
            conversation_id: invitation.conversation.clone(),
            links,
            expiration_timestamp: invitation.expires_at,
        }
    }
}

markers! {
    /// The invitation filter `field` `"CONVERSATION_ID"`.
    ConversationIdField = "CONVERSATION_ID";
    /// The invitation filter `field` `"INVITATION_STATE"`.
    InvitationStateField = "INVITATION_STATE";
    /// The invitation filter `field` `"INVITATION_TYPE"`.
    InvitationTypeField = "INVITATION_TYPE";
    /// The invitation filter `field` `"TARGET_ID"`.
    TargetIdField = "TARGET_ID";
}

/// Unblu's `EqualsInvitationStateOperator`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct EqualsInvitationStateOperator {
    /// `$_type`: `"EqualsInvitationStateOperator"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"EqualsInvitationStateOperator\""))]
    pub kind: Tag<Self>,
    /// `type`: `"EQUALS"`.
    #[serde(rename = "type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<OpEquals> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"EQUALS\""))]
    pub operator_type: Tag<OpEquals>,
    /// The state.
    pub value: InvitationState,
}

/// Unblu's `InvitationStateOperator` (the `EQUALS` kind).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(untagged)]
pub enum InvitationStateOperator {
    /// One state.
    Equals(EqualsInvitationStateOperator),
}

one_of!(InvitationStateOperator by "type" {
    Equals(EqualsInvitationStateOperator) = "EQUALS",
});

/// Unblu's `EqualsInvitationTypeOperator`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct EqualsInvitationTypeOperator {
    /// `$_type`: `"EqualsInvitationTypeOperator"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"EqualsInvitationTypeOperator\""))]
    pub kind: Tag<Self>,
    /// `type`: `"EQUALS"`.
    #[serde(rename = "type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<OpEquals> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"EQUALS\""))]
    pub operator_type: Tag<OpEquals>,
    /// The type.
    pub value: InvitationType,
}

/// Unblu's `InInvitationTypeOperator`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct InInvitationTypeOperator {
    /// `$_type`: `"InInvitationTypeOperator"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"InInvitationTypeOperator\""))]
    pub kind: Tag<Self>,
    /// `type`: `"IN"`.
    #[serde(rename = "type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<OpIn> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"IN\""))]
    pub operator_type: Tag<OpIn>,
    /// The types.
    #[serde(default, deserialize_with = "nullable")]
    pub values: Vec<InvitationType>,
}

/// Unblu's `InvitationTypeOperator` (the `EQUALS` and `IN` kinds).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(untagged)]
pub enum InvitationTypeOperator {
    /// One type.
    Equals(EqualsInvitationTypeOperator),
    /// Any of several types.
    In(InInvitationTypeOperator),
}

one_of!(InvitationTypeOperator by "type" {
    Equals(EqualsInvitationTypeOperator) = "EQUALS",
    In(InInvitationTypeOperator) = "IN",
});

/// Unblu's `ConversationIdConversationInvitationSearchFilter`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct ConversationIdConversationInvitationSearchFilter {
    /// `$_type`: `"ConversationIdConversationInvitationSearchFilter"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(
        feature = "ts",
        tsify(type = "\"ConversationIdConversationInvitationSearchFilter\"")
    )]
    pub kind: Tag<Self>,
    /// `field`: `"CONVERSATION_ID"`.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<ConversationIdField> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"CONVERSATION_ID\""))]
    pub field: Tag<ConversationIdField>,
    /// The condition.
    pub operator: IdOperator,
}

/// Unblu's `InvitationStateConversationInvitationSearchFilter`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct InvitationStateConversationInvitationSearchFilter {
    /// `$_type`: `"InvitationStateConversationInvitationSearchFilter"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(
        feature = "ts",
        tsify(type = "\"InvitationStateConversationInvitationSearchFilter\"")
    )]
    pub kind: Tag<Self>,
    /// `field`: `"INVITATION_STATE"`.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<InvitationStateField> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"INVITATION_STATE\""))]
    pub field: Tag<InvitationStateField>,
    /// The condition.
    pub operator: InvitationStateOperator,
}

/// Unblu's `InvitationTypeConversationInvitationSearchFilter`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct InvitationTypeConversationInvitationSearchFilter {
    /// `$_type`: `"InvitationTypeConversationInvitationSearchFilter"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(
        feature = "ts",
        tsify(type = "\"InvitationTypeConversationInvitationSearchFilter\"")
    )]
    pub kind: Tag<Self>,
    /// `field`: `"INVITATION_TYPE"`.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<InvitationTypeField> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"INVITATION_TYPE\""))]
    pub field: Tag<InvitationTypeField>,
    /// The condition.
    pub operator: InvitationTypeOperator,
}

/// Unblu's `TargetIdConversationInvitationSearchFilter`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct TargetIdConversationInvitationSearchFilter {
    /// `$_type`: `"TargetIdConversationInvitationSearchFilter"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(
        feature = "ts",
        tsify(type = "\"TargetIdConversationInvitationSearchFilter\"")
    )]
    pub kind: Tag<Self>,
    /// `field`: `"TARGET_ID"`.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<TargetIdField> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"TARGET_ID\""))]
    pub field: Tag<TargetIdField>,
    /// The condition.
    pub operator: IdOperator,
}

/// Unblu's `ConversationInvitationSearchFilter`: the filters Baton supports.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(untagged)]
pub enum ConversationInvitationSearchFilter {
    /// By conversation.
    ConversationId(ConversationIdConversationInvitationSearchFilter),
    /// By state.
    InvitationState(InvitationStateConversationInvitationSearchFilter),
    /// By type.
    InvitationType(InvitationTypeConversationInvitationSearchFilter),
    /// By target id.
    TargetId(TargetIdConversationInvitationSearchFilter),
}

one_of!(ConversationInvitationSearchFilter by "field" {
    ConversationId(ConversationIdConversationInvitationSearchFilter) = "CONVERSATION_ID",
    InvitationState(InvitationStateConversationInvitationSearchFilter) = "INVITATION_STATE",
    InvitationType(InvitationTypeConversationInvitationSearchFilter) = "INVITATION_TYPE",
    TargetId(TargetIdConversationInvitationSearchFilter) = "TARGET_ID",
});

impl ConversationInvitationSearchFilter {
    /// Whether the invitation passes the filter at `now` (the state filter sees expiry).
    pub fn matches(&self, invitation: &Invitation, now: Timestamp) -> bool {
        match self {
            Self::ConversationId(f) => f.operator.matches(Some(invitation.conversation.as_str())),
            Self::InvitationState(f) => match &f.operator {
                InvitationStateOperator::Equals(op) => invitation.state_at(now) == op.value,
            },
            Self::InvitationType(f) => match &f.operator {
                InvitationTypeOperator::Equals(op) => invitation.invitation_type == op.value,
                InvitationTypeOperator::In(op) => op.values.contains(&invitation.invitation_type),
            },
            Self::TargetId(f) => f
                .operator
                .matches(target_of(&invitation.target).1.as_deref()),
        }
    }
}

/// Unblu's `EConversationInvitationOrderByField`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ConversationInvitationOrderByField {
    /// Invitation type.
    Type,
    /// Target type.
    TargetType,
    /// Conversation.
    ConversationId,
    /// Target id.
    TargetId,
    /// Expiry.
    ExpirationTimestamp,
    /// Creation time.
    CreationTimestamp,
    /// When it was answered or closed.
    ResolutionTimestamp,
    /// Creator type.
    CreatorType,
    /// Creating person.
    CreatorId,
    /// Redeeming person.
    RedeemerPersonId,
    /// Sub-type.
    Subtype,
}

impl ConversationInvitationOrderByField {
    /// How to read this field's sort key, for the fields Baton sorts by.
    fn sort_key(self) -> Option<fn(&Invitation) -> SortKey> {
        let key: fn(&Invitation) -> SortKey = match self {
            Self::CreationTimestamp => |i| SortKey::Time(Some(i.created_at)),
            Self::ExpirationTimestamp => |i| SortKey::Time(i.expires_at),
            Self::ConversationId => |i| SortKey::Text(Some(i.conversation.to_string())),
            Self::TargetId => |i| SortKey::Text(target_of(&i.target).1),
            Self::CreatorId => |i| SortKey::Text(i.creator.person().map(ToString::to_string)),
            Self::RedeemerPersonId => {
                |i| SortKey::Text(i.redeeming_person.as_ref().map(ToString::to_string))
            }
            _ => return None,
        };
        Some(key)
    }
}

/// Unblu's `ConversationInvitationOrderBy`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct ConversationInvitationOrderBy {
    /// `$_type`: `"ConversationInvitationOrderBy"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"ConversationInvitationOrderBy\""))]
    pub kind: Tag<Self>,
    /// What to sort by.
    pub field: ConversationInvitationOrderByField,
    /// Which way.
    pub order: Order,
}

/// Unblu's `ConversationInvitationQuery`: the body of `invitations/search`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct ConversationInvitationQuery {
    /// `$_type`: `"ConversationInvitationQuery"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"ConversationInvitationQuery\""))]
    pub kind: Tag<Self>,
    /// All must match.
    #[serde(default, deserialize_with = "nullable")]
    pub search_filters: Vec<ConversationInvitationSearchFilter>,
    /// Sort criteria, most significant first.
    #[serde(default, deserialize_with = "nullable")]
    pub order_by: Vec<ConversationInvitationOrderBy>,
    /// Items to skip.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub offset: Option<u32>,
    /// Most items to return.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub limit: Option<u32>,
}

impl ConversationInvitationQuery {
    /// The open invitations of `invitation_type` in `conversation` (a desk's pending
    /// forwardings, agent invitations, transfers).
    pub fn open_of(conversation: &ConversationId, invitation_type: InvitationType) -> Self {
        Self {
            search_filters: vec![
                ConversationInvitationSearchFilter::ConversationId(
                    ConversationIdConversationInvitationSearchFilter {
                        kind: Tag::new(),
                        field: Tag::new(),
                        operator: IdOperator::equals(conversation.as_str()),
                    },
                ),
                ConversationInvitationSearchFilter::InvitationState(
                    InvitationStateConversationInvitationSearchFilter {
                        kind: Tag::new(),
                        field: Tag::new(),
                        operator: InvitationStateOperator::Equals(EqualsInvitationStateOperator {
                            kind: Tag::new(),
                            operator_type: Tag::new(),
                            value: InvitationState::Open,
                        }),
                    },
                ),
                ConversationInvitationSearchFilter::InvitationType(
                    InvitationTypeConversationInvitationSearchFilter {
                        kind: Tag::new(),
                        field: Tag::new(),
                        operator: InvitationTypeOperator::Equals(EqualsInvitationTypeOperator {
                            kind: Tag::new(),
                            operator_type: Tag::new(),
                            value: invitation_type,
                        }),
                    },
                ),
            ],
            ..Self::default()
        }
    }

    /// Whether the invitation passes every filter at `now`.
    pub fn matches(&self, invitation: &Invitation, now: Timestamp) -> bool {
        self.search_filters
            .iter()
            .all(|f| f.matches(invitation, now))
    }

    /// Sorts by `orderBy`, then by creation time; items equal on all of these keep their
    /// order. A sort field Baton does not keep is refused rather than ignored.
    pub fn sort(&self, invitations: &mut [&Invitation]) -> Result<(), DomainError> {
        let fields = self.order_by.iter().map(|o| (o.field, o.order)).chain([(
            ConversationInvitationOrderByField::CreationTimestamp,
            Order::Ascending,
        )]);
        let mut criteria = Vec::with_capacity(self.order_by.len() + 1);
        for (field, order) in fields {
            let key = field.sort_key().ok_or(DomainError::InvalidInput(
                "invitations sort by CREATION_TIMESTAMP, EXPIRATION_TIMESTAMP, CONVERSATION_ID, \
                 TARGET_ID, CREATOR_ID or REDEEMER_PERSON_ID",
            ))?;
            criteria.push((key, order));
        }
        sort_by_criteria(invitations, &criteria, |i, key| key(i));
        Ok(())
    }
}

/// Unblu's `ConversationInvitationResult`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct ConversationInvitationResult {
    /// `$_type`: `"ConversationInvitationResult"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"ConversationInvitationResult\""))]
    pub kind: Tag<Self>,
    /// More items exist after these.
    #[serde(default, deserialize_with = "nullable")]
    pub has_more_items: bool,
    /// The offset of the next page, when there is one.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub next_offset: Option<u32>,
    /// The invitations found (without tokens).
    #[serde(default, deserialize_with = "nullable")]
    pub items: Vec<ConversationInvitationData>,
}

impl From<Page<ConversationInvitationData>> for ConversationInvitationResult {
    fn from(page: Page<ConversationInvitationData>) -> Self {
        Self {
            kind: Tag::new(),
            has_more_items: page.has_more_items,
            next_offset: page.next_offset,
            items: page.items,
        }
    }
}

tagged!(
    ConversationInvitationSecondaryTargetData,
    ConversationInvitationData,
    AcceptLinkData,
    EqualsInvitationStateOperator,
    EqualsInvitationTypeOperator,
    InInvitationTypeOperator,
    ConversationIdConversationInvitationSearchFilter,
    InvitationStateConversationInvitationSearchFilter,
    InvitationTypeConversationInvitationSearchFilter,
    TargetIdConversationInvitationSearchFilter,
    ConversationInvitationOrderBy,
    ConversationInvitationQuery,
    ConversationInvitationResult,
);

#[cfg(test)]
mod tests {
    use baton_core::deputy::DeputyLevel;
    use baton_core::invitation::TokenKey;
    use serde_json::json;

    use super::*;
    use crate::wire::conversation::ConversationLinkType;

    fn pin_invitation() -> Invitation {
        Invitation {
            token: Some(TokenKey::default().digest("48213957")),
            expires_at: Some(Timestamp(61_000)),
            nickname: Some("Vera".into()),
            ..Invitation::open(
                InvitationId::new("i1"),
                ConversationId::new("c1"),
                AccountId::new("bank"),
                InvitationType::PinConversation,
                InvitationTarget::Anonymous,
                Creator::Agent(PersonId::new("anna")),
                Timestamp(1_000),
            )
        }
    }

    fn delegated_request() -> Invitation {
        Invitation {
            id: InvitationId::new("r1"),
            invitation_type: InvitationType::AssignmentRequest,
            target: InvitationTarget::Agent(PersonId::new("anna")),
            creator: Creator::Visitor(PersonId::new("vera")),
            token: None,
            expires_at: None,
            nickname: None,
            comment: Some("please call back".into()),
            secondary_targets: vec![SecondaryTarget {
                person: PersonId::new("clara"),
                response: ResponseStatus::Ignored,
                level: Some(DelegationLevel::Level1),
                listed_as: Some(DeputyLevel::Level1),
                notified_at: Timestamp(2_000),
            }],
            ..pin_invitation()
        }
    }

    #[test]
    fn the_token_is_never_in_the_ordinary_view() {
        let data = ConversationInvitationData::from(&pin_invitation());
        assert_eq!(data.token, None);
        let json = serde_json::to_string(&data).unwrap();
        assert!(
            !json.contains("48213957") && !json.contains("\"token\""),
            "{json}"
        );
        let for_creator = ConversationInvitationData::with_token(&pin_invitation(), "48213957");
        assert_eq!(
            serde_json::to_value(&for_creator).unwrap()["token"],
            "48213957"
        );
        assert!(!format!("{for_creator:?}").contains("48213957"));
    }

    #[test]
    fn a_pin_invitation_for_its_creator_has_unblus_shape() {
        let data = ConversationInvitationData::with_token(&pin_invitation(), "48213957");
        let expected = json!({
            "$_type": "ConversationInvitationData",
            "accountId": "bank",
            "invitationType": "PIN_CONVERSATION",
            "invitationState": "OPEN",
            "id": "i1",
            "conversationId": "c1",
            "token": "48213957",
            "createdTimestamp": 1000,
            "creatorType": "AGENT",
            "creatorPersonId": "anna",
            "targetType": "ANONYMOUS",
            "links": [],
            "joinHidden": false,
            "nickname": "Vera",
            "targetResponseStatus": "PENDING",
            "secondaryInvitationTargets": [],
            "expirationTimestamp": 61000
        });
        assert_eq!(serde_json::to_value(&data).unwrap(), expected);
        assert_eq!(
            serde_json::from_value::<ConversationInvitationData>(expected).unwrap(),
            data
        );
    }

    #[test]
    fn a_delegated_request_lists_its_deputies() {
        let json =
            serde_json::to_value(ConversationInvitationData::from(&delegated_request())).unwrap();
        assert_eq!(json["targetType"], "AGENT");
        assert_eq!(json["targetId"], "anna");
        assert_eq!(json["creatorType"], "VISITOR");
        assert_eq!(
            json["secondaryInvitationTargets"],
            json!([{
                "$_type": "ConversationInvitationSecondaryTargetData",
                "personId": "clara",
                "responseState": "IGNORED"
            }])
        );
    }

    #[test]
    fn expiry_is_seen_at_a_given_time() {
        let data = ConversationInvitationData::from(&pin_invitation());
        assert_eq!(
            data.clone().as_seen_at(Timestamp(60_999)).invitation_state,
            InvitationState::Open
        );
        assert_eq!(
            data.as_seen_at(Timestamp(61_000)).invitation_state,
            InvitationState::Expired
        );
    }

    #[test]
    fn invitation_data_from_unblu_with_nulls_is_read_and_a_wrong_type_refused() {
        let input = json!({
            "$_type": "ConversationInvitationData",
            "accountId": "a",
            "invitationType": "AGENT_FORWARDING",
            "invitationState": "REDEEMED",
            "id": "i",
            "conversationId": "c",
            "token": null,
            "createdTimestamp": 5,
            "creatorType": "WEB_API",
            "creatorPersonId": null,
            "targetId": "t",
            "targetType": "TEAM",
            "links": null,
            "redeemingPersonId": "p",
            "comment": null,
            "joinHidden": null,
            "email": null,
            "nickname": null,
            "targetResponseStatus": "ACCEPTED",
            "secondaryInvitationTargets": null,
            "expirationTimestamp": null
        });
        let data: ConversationInvitationData = serde_json::from_value(input.clone()).unwrap();
        assert_eq!(data.target_type, InvitationTargetType::Team);
        assert!(data.links.is_empty() && !data.join_hidden);
        let mut wrong = input;
        wrong["$_type"] = "ConversationData".into();
        assert!(serde_json::from_value::<ConversationInvitationData>(wrong).is_err());
    }

    #[test]
    fn forwarding_and_invitation_bodies_become_commands() {
        let i = || InvitationId::new("new");
        let c = || ConversationId::new("c1");
        let forward: InvitationsForwardConversationToAgentBody = serde_json::from_value(
            json!({"conversationId": "c1", "agentPersonId": "david", "comment": "VIP"}),
        )
        .unwrap();
        assert_eq!(
            forward.into_command(i()),
            Command::ForwardToAgent {
                conversation: c(),
                invitation: i(),
                agent: PersonId::new("david"),
                comment: Some("VIP".into()),
            }
        );
        let team: InvitationsForwardConversationToTeamBody =
            serde_json::from_value(json!({"conversationId": "c1", "teamId": "private"})).unwrap();
        assert_eq!(
            team.into_command(i()),
            Command::ForwardToTeam {
                conversation: c(),
                invitation: i(),
                team: TeamId::new("private"),
                comment: None,
            }
        );
        let invite: InvitationsInviteAgentToConversationBody = serde_json::from_value(
            json!({"conversationId": "c1", "agentPersonId": "ben", "joinHidden": true}),
        )
        .unwrap();
        assert!(matches!(
            invite.into_command(i()),
            Command::InviteAgent {
                join_hidden: true,
                ..
            }
        ));
        let invite_team: InvitationsInviteTeamToConversationBody =
            serde_json::from_value(json!({"conversationId": "c1", "teamId": "t"})).unwrap();
        assert!(matches!(
            invite_team.into_command(i()),
            Command::InviteTeam {
                join_hidden: false,
                ..
            }
        ));
        assert!(
            serde_json::from_value::<InvitationsForwardConversationToAgentBody>(
                json!({"conversationId": "c1"})
            )
            .is_err(),
            "the agent is required"
        );
    }

    #[test]
    fn visitor_invitation_bodies_become_commands_with_server_made_secrets() {
        let i = || InvitationId::new("new");
        let pin: InvitationsInviteAnonymousVisitorToConversationWithPinBody =
            serde_json::from_value(json!({"conversationId": "c1", "nickname": "Vera"})).unwrap();
        assert_eq!(
            pin.into_command(i(), "123456".into()),
            Command::InviteVisitorWithPin {
                conversation: ConversationId::new("c1"),
                invitation: i(),
                pin: "123456".into(),
                nickname: Some("Vera".into()),
            }
        );
        let email: InvitationsInviteAnonymousVisitorToConversationWithEmailBody =
            serde_json::from_value(json!({"conversationId": "c1", "email": "v@example.com"}))
                .unwrap();
        assert!(matches!(
            email.into_command(i(), "t".repeat(22), "de"),
            Command::InviteVisitorWithEmail { email, locale: Some(locale), .. }
                if email == "v@example.com" && locale == "de"
        ));
        assert!(
            serde_json::from_value::<InvitationsInviteAnonymousVisitorToConversationWithEmailBody>(
                json!({"conversationId": "c1"})
            )
            .is_err()
        );
        let link: InvitationsInviteAnonymousVisitorToConversationWithLinkBody =
            serde_json::from_value(json!({"conversationId": "c1"})).unwrap();
        assert!(matches!(
            link.into_command(i(), "tok".into()),
            Command::InviteVisitorWithLink { nickname: None, .. }
        ));
    }

    #[test]
    fn delegation_secondary_target_and_requeue_bodies_become_commands() {
        let i = || InvitationId::new("new");
        let start: InvitationsStartDeputyDelegationBody = serde_json::from_value(
            json!({"conversationId": "c1", "joinDeputyHidden": true, "delegationLevel": "LEVEL_2"}),
        )
        .unwrap();
        assert_eq!(
            start.into_command(i()),
            Command::StartDeputyDelegation {
                conversation: ConversationId::new("c1"),
                invitation: i(),
                level: DelegationLevel::Level2,
                join_hidden: true,
            }
        );
        let secondary: InvitationsAddSecondaryInvitationTargetBody =
            serde_json::from_value(json!({"personId": "clara"})).unwrap();
        assert_eq!(
            secondary.into_command(InvitationId::new("r1")),
            Command::AddSecondaryInvitationTarget {
                invitation: InvitationId::new("r1"),
                person: PersonId::new("clara"),
            }
        );
        let requeue = |body| {
            serde_json::from_value::<InvitationsRequeueConversationBody>(body)
                .unwrap()
                .into_command(i())
        };
        assert!(requeue(json!({"conversationId": "c1"})).is_ok());
        assert!(
            requeue(json!({"conversationId": "c1", "agentRemovalType": "REMOVE_ALL_AGENTS"}))
                .is_ok()
        );
        assert!(matches!(
            requeue(json!({"conversationId": "c1", "agentRemovalType": "KEEP_AGENTS"})),
            Err(DomainError::InvalidInput(_))
        ));
    }

    #[test]
    fn accept_links() {
        let body: InvitationsGetAcceptLinkBody =
            serde_json::from_value(json!({"token": "48213957"})).unwrap();
        assert!(!format!("{body:?}").contains("48213957"));
        let data = AcceptLinkData::new(
            &pin_invitation(),
            vec![ConversationLink::new(
                ConversationLinkType::AcceptInVisitorDesk,
                "https://bank.example/join",
            )],
        );
        assert_eq!(
            serde_json::to_value(&data).unwrap(),
            json!({
                "$_type": "AcceptLinkData",
                "accountId": "bank",
                "conversationId": "c1",
                "links": [{"$_type": "ConversationLink", "type": "ACCEPT_IN_VISITOR_DESK", "url": "https://bank.example/join"}],
                "expirationTimestamp": 61000
            })
        );
    }

    fn query(filters: serde_json::Value) -> ConversationInvitationQuery {
        serde_json::from_value(json!({
            "$_type": "ConversationInvitationQuery",
            "searchFilters": filters,
            "orderBy": [{"$_type": "ConversationInvitationOrderBy", "field": "CREATION_TIMESTAMP", "order": "DESCENDING"}],
            "limit": 20
        }))
        .unwrap()
    }

    #[test]
    fn invitation_search_filters_in_unblus_shape() {
        let q = query(json!([
            {
                "$_type": "ConversationIdConversationInvitationSearchFilter",
                "field": "CONVERSATION_ID",
                "operator": {"$_type": "EqualsIdOperator", "type": "EQUALS", "value": "c1"}
            },
            {
                "$_type": "InvitationStateConversationInvitationSearchFilter",
                "field": "INVITATION_STATE",
                "operator": {"$_type": "EqualsInvitationStateOperator", "type": "EQUALS", "value": "OPEN"}
            },
            {
                "field": "INVITATION_TYPE",
                "operator": {"type": "IN", "values": ["ASSIGNMENT_REQUEST", "AGENT_FORWARDING"]}
            },
            {
                "field": "TARGET_ID",
                "operator": {"type": "EQUALS", "value": "anna"}
            }
        ]));
        let request = delegated_request();
        assert!(q.matches(&request, Timestamp(0)));
        assert!(!q.matches(&pin_invitation(), Timestamp(0)));
        let round = serde_json::to_value(&q).unwrap();
        assert_eq!(
            round["searchFilters"][2]["$_type"],
            "InvitationTypeConversationInvitationSearchFilter"
        );
        assert_eq!(
            round["searchFilters"][2]["operator"]["$_type"],
            "InInvitationTypeOperator"
        );
        assert_eq!(
            serde_json::from_value::<ConversationInvitationQuery>(round).unwrap(),
            q
        );

        let expired = query(
            json!([{"field": "INVITATION_STATE", "operator": {"type": "EQUALS", "value": "EXPIRED"}}]),
        );
        assert!(!expired.matches(&pin_invitation(), Timestamp(0)));
        assert!(expired.matches(&pin_invitation(), Timestamp(61_000)));
    }

    #[test]
    fn invitation_results_sort_and_refuse_what_baton_cannot_sort_by() {
        let pin = pin_invitation();
        let later = Invitation {
            id: InvitationId::new("i2"),
            conversation: ConversationId::new("c0"),
            created_at: Timestamp(5_000),
            ..pin_invitation()
        };
        let mut items = vec![&later, &pin];
        ConversationInvitationQuery::default()
            .sort(&mut items)
            .unwrap();
        assert_eq!(items[0].id, pin.id, "oldest first by default");
        query(json!([])).sort(&mut items).unwrap();
        assert_eq!(items[0].id, later.id, "CREATION_TIMESTAMP DESCENDING");
        let by_type: ConversationInvitationQuery =
            serde_json::from_value(json!({"orderBy": [{"field": "TYPE", "order": "ASCENDING"}]}))
                .unwrap();
        assert!(matches!(
            by_type.sort(&mut items).unwrap_err(),
            DomainError::InvalidInput(_)
        ));
    }

    #[test]
    fn unsupported_invitation_filters_are_refused_not_ignored() {
        for filter in [
            json!({"$_type": "CreatorTypeConversationInvitationSearchFilter", "field": "CREATOR_TYPE",
                   "operator": {"type": "EQUALS", "value": "AGENT"}}),
            json!({"field": "EXPIRATION_TIMESTAMP", "operator": {"type": "AFTER", "value": 1}}),
            json!({"field": "INVITATION_STATE", "operator": {"type": "NOT_EQUALS", "value": "OPEN"}}),
            json!({"field": "CONVERSATION_ID", "operator": {"type": "EQUALS"}}),
        ] {
            let input = json!({"searchFilters": [filter]});
            assert!(
                serde_json::from_value::<ConversationInvitationQuery>(input.clone()).is_err(),
                "{input}"
            );
        }
    }

    #[test]
    fn a_result_page_round_trips() {
        let result = ConversationInvitationResult {
            kind: Tag::new(),
            has_more_items: true,
            next_offset: Some(20),
            items: vec![ConversationInvitationData::from(&delegated_request())],
        };
        let json = serde_json::to_value(&result).unwrap();
        assert_eq!(json["$_type"], "ConversationInvitationResult");
        assert_eq!(json["hasMoreItems"], true);
        assert_eq!(json["nextOffset"], 20);
        assert_eq!(
            serde_json::from_value::<ConversationInvitationResult>(json).unwrap(),
            result
        );
    }

    #[test]
    fn core_enums_carry_unblus_names() {
        use InvitationType as T;
        assert_eq!(
            serde_json::to_value([
                T::AssignmentRequest,
                T::AgentForwarding,
                T::AgentInvitation,
                T::DeputyInvitation,
                T::VisitorInvitation,
                T::PinConversation
            ])
            .unwrap(),
            json!([
                "ASSIGNMENT_REQUEST",
                "AGENT_FORWARDING",
                "AGENT_INVITATION",
                "DEPUTY_INVITATION",
                "VISITOR_INVITATION",
                "PIN_CONVERSATION"
            ])
        );
        use InvitationState as S;
        assert_eq!(
            serde_json::to_value([S::Open, S::Redeemed, S::Revoked, S::Expired]).unwrap(),
            json!(["OPEN", "REDEEMED", "REVOKED", "EXPIRED"])
        );
        use ResponseStatus as R;
        assert_eq!(
            serde_json::to_value([
                R::Pending,
                R::Declined,
                R::Ignored,
                R::Canceled,
                R::Accepted
            ])
            .unwrap(),
            json!(["PENDING", "DECLINED", "IGNORED", "CANCELED", "ACCEPTED"])
        );
        assert_eq!(
            serde_json::to_value([
                DelegationLevel::Level1,
                DelegationLevel::Level2,
                DelegationLevel::Level3
            ])
            .unwrap(),
            json!(["LEVEL_1", "LEVEL_2", "LEVEL_3"])
        );
    }
}
