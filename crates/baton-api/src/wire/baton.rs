//! Baton's own endpoints, where Unblu's web API has no equivalent: messages, the deputy
//! prompt and its answer, delegation answers (accept / decline / ignore / later), PIN and link
//! redemption, the agent's delegation queue, what the deputies editor may change, the SSE
//! event feed, the session view and the widget's texts.
//!
//! Every type carries a `$_type` prefixed `Baton` so nobody mistakes it for Unblu's. The
//! shapes follow Unblu's conventions (camelCase, SCREAMING_SNAKE_CASE enums). Unblu shapes
//! do not belong here.

use std::collections::BTreeMap;

use baton_core::access;
use baton_core::actor::Actor;
use baton_core::command::{Command, ResponseChannel, TokenLookup};
use baton_core::config::Config;
use baton_core::conversation::{Conversation, ConversationState, OpenPrompt, ParticipationType};
use baton_core::deputy::{DelegationLevel, DeputyLevel, EscalationTimeouts};
use baton_core::directory::{AuthorizationRole, Person, PersonType};
use baton_core::event::{Audience, Author, Event, MessageBody};
use baton_core::history::{self, LoggedEvent};
use baton_core::id::{AccountId, ConversationId, InvitationId, MessageId, PersonId, PromptId};
use baton_core::invitation::{DelegationResponse, Invitation};
use baton_core::text::{self, TextKey, Texts};
use baton_core::{State, Timestamp};
use serde::{Deserialize, Serialize};

pub use baton_core::history::{HandoffEntry, HandoffRow};

use crate::wire::Secret;
use crate::wire::conversation::ConversationData;
use crate::wire::invitation::ConversationInvitationData;
use crate::wire::shape::{Tag, nullable, tagged};

/// Who wrote a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum BatonAuthorType {
    /// A participant (`authorPersonId` says who).
    Person,
    /// Baton's concierge (the "Later" message, forwarding notes without an author).
    Concierge,
    /// Not a message: a conversation event shown in its place among them (someone joined or
    /// left, a level's deputies being asked, the deputy prompt declined or expired);
    /// `textKey` names which, `authorPersonId` whom it is about, if anyone.
    System,
}

/// A message in a conversation (`GET/POST /baton/conversations/{id}/messages`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct BatonMessage {
    /// `$_type`: `"BatonMessage"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"BatonMessage\""))]
    pub kind: Tag<Self>,
    /// The message's id.
    pub id: MessageId,
    /// The conversation.
    pub conversation_id: ConversationId,
    /// A person or the concierge.
    pub author_type: BatonAuthorType,
    /// The author, when a person wrote it.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub author_person_id: Option<PersonId>,
    /// The author's name as the directory has it now (also for authors who left since).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub author_display_name: Option<String>,
    /// What to show: plain text, never HTML (concierge texts already rendered).
    pub text: String,
    /// The text property a concierge message was rendered from.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub text_key: Option<TextKey>,
    /// Everyone, or agents only (forwarding comments).
    pub audience: Audience,
    /// When it was posted.
    pub timestamp: Timestamp,
}

impl BatonMessage {
    /// The message a `MessagePosted` event records, with concierge texts rendered in
    /// `locale`; `None` for any other event. Whether the reader may see it is decided before
    /// (`access::event_view`).
    pub fn from_event(event: &Event, texts: &Texts, locale: &str) -> Option<Self> {
        let Event::MessagePosted {
            conversation,
            message,
            author,
            body,
            audience,
            at,
        } = event
        else {
            return None;
        };
        let (author_type, author_person_id) = match author {
            Author::Person(p) => (BatonAuthorType::Person, Some(p.clone())),
            Author::Concierge => (BatonAuthorType::Concierge, None),
        };
        let (text, text_key) = match body {
            MessageBody::Text(text) => (text.clone(), None),
            MessageBody::Concierge(key) => (texts.get(*key, locale).to_owned(), Some(*key)),
        };
        Some(Self {
            kind: Tag::new(),
            id: message.clone(),
            conversation_id: conversation.clone(),
            author_type,
            author_person_id,
            author_display_name: None,
            text,
            text_key,
            audience: *audience,
            timestamp: *at,
        })
    }
}

impl BatonMessage {
    /// The message with its author's name from `state`'s directory.
    pub fn named(mut self, state: &State) -> Self {
        self.author_display_name = self
            .author_person_id
            .as_ref()
            .and_then(|person| state.directory.person(person))
            .map(|person| person.display_name.clone());
        self
    }

    /// The entry a conversation event other than a message stands for among the messages,
    /// rendered in `locale` with names from `state`'s directory: someone other than `reader`
    /// joined or left, a level's deputies are being asked, the deputy prompt was declined or
    /// expired; `None` for every other event. `seq` (its place in the log) makes its id,
    /// `at` is when it was recorded. Whether the reader may see the event is decided before
    /// (`access::event_view`).
    pub fn from_conversation_event(
        state: &State,
        event: &Event,
        seq: u64,
        at: Timestamp,
        reader: Option<&PersonId>,
        texts: &Texts,
        locale: &str,
    ) -> Option<Self> {
        let name = |person: &PersonId| {
            state
                .directory
                .person(person)
                .map(|p| p.display_name.clone())
                .unwrap_or_default()
        };
        let (conversation, about, key, values) = match event {
            Event::ParticipantAdded {
                conversation,
                participant,
            } if reader != Some(&participant.person) => (
                conversation,
                Some(participant.person.clone()),
                TextKey::WidgetEventJoined,
                vec![("name", name(&participant.person))],
            ),
            Event::ParticipantOffboarded {
                conversation,
                person,
                ..
            } if reader != Some(person) => (
                conversation,
                Some(person.clone()),
                TextKey::WidgetEventLeft,
                vec![("name", name(person))],
            ),
            Event::DeputiesNotified {
                conversation,
                level,
                ..
            } => (
                conversation,
                None,
                TextKey::WidgetEventLevelAsked,
                vec![(
                    "level",
                    level
                        .unwrap_or(DelegationLevel::Level1)
                        .number()
                        .to_string(),
                )],
            ),
            Event::DeputyPromptAnswered {
                conversation,
                accepted: false,
                ..
            } => (
                conversation,
                None,
                TextKey::WidgetEventPromptDeclined,
                Vec::new(),
            ),
            Event::DeputyPromptCancelled { conversation, .. } => (
                conversation,
                None,
                TextKey::WidgetEventPromptExpired,
                Vec::new(),
            ),
            _ => return None,
        };
        let values: Vec<(&str, &str)> = values.iter().map(|(k, v)| (*k, v.as_str())).collect();
        Some(Self {
            kind: Tag::new(),
            id: MessageId::new(format!("evt-{seq}")),
            conversation_id: conversation.clone(),
            author_type: BatonAuthorType::System,
            author_display_name: about.as_ref().map(name),
            author_person_id: about,
            text: texts.render(key, locale, &values),
            text_key: Some(key),
            audience: Audience::Everyone,
            timestamp: at,
        })
    }
}

/// The body of posting a message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct BatonPostMessageBody {
    /// `$_type`: `"BatonPostMessageBody"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"BatonPostMessageBody\""))]
    pub kind: Tag<Self>,
    /// Plain text.
    pub text: String,
}

impl BatonPostMessageBody {
    /// The `PostMessage` command, with the id the server chose for the message.
    pub fn into_command(self, conversation: ConversationId, message: MessageId) -> Command {
        Command::PostMessage {
            conversation,
            message,
            text: self.text,
        }
    }
}

/// The open "Invite a deputy?" prompt of a conversation, with its question and button labels
/// rendered in the reader's locale (`GET /baton/v1/conversations/{id}/prompt`).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BatonPrompt {
    /// `$_type`: `"BatonPrompt"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"BatonPrompt\""))]
    pub kind: Tag<Self>,
    /// The prompt, to name in the answer.
    pub prompt_id: PromptId,
    /// The conversation.
    pub conversation_id: ConversationId,
    /// The question (`deputyDelegationPromptMessage`): plain text, never HTML.
    pub text: String,
    /// The accepting button's label (`deputyDelegationPromptReplyAccept`).
    pub accept_label: String,
    /// The declining button's label (`deputyDelegationPromptReplyDecline`).
    pub decline_label: String,
    /// When it was offered.
    pub offered_at: Timestamp,
    /// When it is cancelled if unanswered (`promptDeputyTimeoutInSeconds`).
    pub expires_at: Timestamp,
}

impl BatonPrompt {
    /// The open prompt of `conversation` with its texts in `locale`.
    pub fn new(
        conversation: &ConversationId,
        prompt: &OpenPrompt,
        texts: &Texts,
        locale: &str,
    ) -> Self {
        let text = |key| texts.get(key, locale).to_owned();
        Self {
            kind: Tag::new(),
            prompt_id: prompt.id.clone(),
            conversation_id: conversation.clone(),
            text: text(TextKey::DeputyDelegationPromptMessage),
            accept_label: text(TextKey::DeputyDelegationPromptReplyAccept),
            decline_label: text(TextKey::DeputyDelegationPromptReplyDecline),
            offered_at: prompt.offered_at,
            expires_at: prompt.expires_at,
        }
    }
}

/// Whose sessions `POST /baton/v1/sessions/revokeAll` ends: the caller's own (no `personId`),
/// or, for the web API administrator, any person's.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct BatonRevokeSessionsBody {
    /// `$_type`: `"BatonRevokeSessionsBody"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"BatonRevokeSessionsBody\""))]
    pub kind: Tag<Self>,
    /// The person whose sessions end (administrator only); the caller without it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person_id: Option<PersonId>,
}

/// The visitor's answer to "Invite a deputy?".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct BatonPromptAnswer {
    /// `$_type`: `"BatonPromptAnswer"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"BatonPromptAnswer\""))]
    pub kind: Tag<Self>,
    /// The prompt answered.
    pub prompt_id: PromptId,
    /// Invite a deputy (true) or not.
    pub accept: bool,
}

impl BatonPromptAnswer {
    /// The `AnswerDeputyPrompt` command, with the id of the deputy invitation an accept
    /// creates.
    pub fn into_command(self, conversation: ConversationId, invitation: InvitationId) -> Command {
        Command::AnswerDeputyPrompt {
            conversation,
            prompt: self.prompt_id,
            accept: self.accept,
            invitation,
        }
    }
}

/// An agent's answer to a request, forwarding, invitation or delegated request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct BatonDelegationResponseBody {
    /// `$_type`: `"BatonDelegationResponseBody"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"BatonDelegationResponseBody\""))]
    pub kind: Tag<Self>,
    /// `ACCEPT`, `DECLINE`, `IGNORE` or `LATER`.
    pub response: DelegationResponse,
    /// `QUEUE` or `PUSH_NOTIFICATION`: each offers its configured actions.
    pub channel: ResponseChannel,
}

impl BatonDelegationResponseBody {
    /// The `RespondToInvitation` command for the invitation named in the path.
    pub fn into_command(self, invitation: InvitationId) -> Command {
        Command::RespondToInvitation {
            invitation,
            response: self.response,
            channel: self.channel,
        }
    }
}

/// A visitor redeeming a PIN typed into the widget.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct BatonRedeemPinBody {
    /// `$_type`: `"BatonRedeemPinBody"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"BatonRedeemPinBody\""))]
    pub kind: Tag<Self>,
    /// The PIN as typed.
    pub pin: Secret,
}

impl BatonRedeemPinBody {
    /// How the invitation is looked up.
    pub fn into_lookup(self) -> TokenLookup {
        TokenLookup::Pin {
            pin: self.pin.into_inner(),
        }
    }
}

/// A visitor redeeming an e-mail or shared link.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct BatonRedeemLinkBody {
    /// `$_type`: `"BatonRedeemLinkBody"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"BatonRedeemLinkBody\""))]
    pub kind: Tag<Self>,
    /// The invitation named in the link.
    pub invitation_id: InvitationId,
    /// The token from the link.
    pub token: Secret,
}

impl BatonRedeemLinkBody {
    /// How the invitation is looked up.
    pub fn into_lookup(self) -> TokenLookup {
        TokenLookup::Link {
            invitation: self.invitation_id,
            token: self.token.into_inner(),
        }
    }
}

/// What a visitor gets for a redeemed PIN or link: the conversation they joined (as a
/// visitor sees it: no hidden participants) and their session, whose CSRF token they echo
/// from now on. The session cookie itself travels in `Set-Cookie`, never in a body.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatonRedemption {
    /// `$_type`: `"BatonRedemption"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"BatonRedemption\""))]
    pub kind: Tag<Self>,
    /// The conversation joined ([`ConversationData::for_visitor`]).
    pub conversation: ConversationData,
    /// Who is signed in now.
    pub session: BatonSession,
}

impl BatonRedemption {
    /// The answer for `visitor`, who joined `conversation`.
    pub fn new(conversation: &Conversation, session: BatonSession) -> Self {
        Self {
            kind: Tag::new(),
            conversation: ConversationData::for_visitor(conversation),
            session,
        }
    }
}

/// The conversation of a queue item, as much as an agent needs to decide.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct BatonConversationSummary {
    /// `$_type`: `"BatonConversationSummary"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"BatonConversationSummary\""))]
    pub kind: Tag<Self>,
    /// The conversation.
    pub id: ConversationId,
    /// Its account.
    pub account_id: AccountId,
    /// Topic.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub topic: Option<String>,
    /// Life-cycle state.
    pub state: ConversationState,
}

impl From<&Conversation> for BatonConversationSummary {
    fn from(conversation: &Conversation) -> Self {
        Self {
            kind: Tag::new(),
            id: conversation.id.clone(),
            account_id: conversation.account.clone(),
            topic: conversation.topic.clone(),
            state: conversation.state,
        }
    }
}

/// One entry of an agent's delegation queue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct BatonQueueItem {
    /// `$_type`: `"BatonQueueItem"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"BatonQueueItem\""))]
    pub kind: Tag<Self>,
    /// The request, forwarding or invitation (without token).
    pub invitation: ConversationInvitationData,
    /// Its conversation.
    pub conversation: BatonConversationSummary,
    /// The delegation level the viewer was notified on; absent when it is addressed to them
    /// (or their team, or the queue) directly.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub level: Option<DelegationLevel>,
    /// The agent the request was originally for.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub original_agent_id: Option<PersonId>,
    /// The waiting customer's name.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub customer_display_name: Option<String>,
    /// Since when the request waits.
    pub waiting_since: Timestamp,
    /// The answers offered here (`deputyDelegationAvailableNotificationActions` and friends).
    #[serde(default, deserialize_with = "nullable")]
    pub available_actions: Vec<DelegationResponse>,
}

impl BatonQueueItem {
    /// The queue entry of `invitation` as `viewer` sees it; the server decides the customer's
    /// name and the actions its configuration offers.
    pub fn new(
        viewer: &PersonId,
        invitation: &Invitation,
        conversation: &Conversation,
        customer_display_name: Option<String>,
        available_actions: Vec<DelegationResponse>,
    ) -> Self {
        let original_agent_id = invitation
            .delegation
            .as_ref()
            .map(|d| &d.plan.original_agent)
            .or_else(|| invitation.target_agent())
            .cloned();
        Self {
            kind: Tag::new(),
            invitation: invitation.into(),
            conversation: conversation.into(),
            level: invitation.secondary_target(viewer).and_then(|t| t.level),
            original_agent_id,
            customer_display_name,
            waiting_since: invitation.created_at,
            available_actions,
        }
    }
}

/// What the signed-in agent's deputies editor may change (`GET /baton/v1/deputies/settings`):
/// whether their role reaches `com.unblu.core.settings.deputyRelationshipsMinimalRole`, and
/// which levels `com.unblu.deputyrelationship.externallyManagedDeputyLevels` keeps read-only,
/// and the escalation's countdowns. The domain still decides every write; this only lets the editor show what it would refuse.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct BatonDeputySettings {
    /// `$_type`: `"BatonDeputySettings"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"BatonDeputySettings\""))]
    pub kind: Tag<Self>,
    /// The agent may manage their own deputies (their role is at least `minimalRole`).
    pub may_manage: bool,
    /// `deputyRelationshipsMinimalRole`.
    pub minimal_role: AuthorizationRole,
    /// The levels only the web API writes.
    #[serde(default, deserialize_with = "nullable")]
    pub externally_managed_levels: Vec<DeputyLevel>,
    /// `level1EscalationTimeoutSeconds`: the agent's own time before level 1 is asked.
    pub level1_escalation_timeout_seconds: u64,
    /// `level2EscalationTimeoutSeconds`: level 1's time before level 2 is asked.
    pub level2_escalation_timeout_seconds: u64,
    /// `level3EscalationTimeoutSeconds`: level 2's time before level 3 is asked.
    pub level3_escalation_timeout_seconds: u64,
    /// `unansweredEscalationTimeoutSeconds`: level 3's time before the bank is told that
    /// nobody answered.
    pub unanswered_escalation_timeout_seconds: u64,
}

impl BatonDeputySettings {
    /// The settings for an agent whose role is `role`, under `config`.
    pub fn new(config: &Config, role: AuthorizationRole) -> Self {
        Self {
            kind: Tag::new(),
            may_manage: role >= config.deputy_relationships_minimal_role,
            minimal_role: config.deputy_relationships_minimal_role,
            externally_managed_levels: DeputyLevel::ALL
                .into_iter()
                .filter(|&level| config.is_externally_managed(level))
                .collect(),
            level1_escalation_timeout_seconds: config.level1_escalation_timeout_seconds,
            level2_escalation_timeout_seconds: config.level2_escalation_timeout_seconds,
            level3_escalation_timeout_seconds: config.level3_escalation_timeout_seconds,
            unanswered_escalation_timeout_seconds: config.unanswered_escalation_timeout_seconds,
        }
    }

    /// The countdowns an escalation started now would run with (the editor's preview of who
    /// is asked when).
    pub fn timeouts(&self) -> EscalationTimeouts {
        EscalationTimeouts {
            level1_seconds: self.level1_escalation_timeout_seconds,
            level2_seconds: self.level2_escalation_timeout_seconds,
            level3_seconds: self.level3_escalation_timeout_seconds,
            unanswered_seconds: self.unanswered_escalation_timeout_seconds,
        }
    }
}

/// One entry of the SSE feed: the event's position in the log, the event as the reader may
/// see it and, for agents, the hand-off history's entry it adds (so a history view follows
/// the conversation without reading it again). Built only through [`BatonEvent::for_actor`],
/// so no feed can carry a hidden participant, an agent-only message or a token to someone
/// who must not see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct BatonEvent {
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"BatonEvent\""))]
    kind: Tag<Self>,
    seq: u64,
    event: Event,
    /// The hand-off history's entry for this event, when it is a hand-off step the reader's
    /// history shows (never a visitor's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    handoff: Option<HandoffEntry>,
}

impl BatonEvent {
    /// The feed entry for `actor`, or `None` when they may not see the event
    /// (`access::event_view`: visitors see a filtered view; no one's carries a PIN or link
    /// token).
    pub fn for_actor(
        seq: u64,
        recorded_at: Timestamp,
        state: &State,
        actor: &Actor,
        event: &Event,
    ) -> Option<Self> {
        let logged = LoggedEvent {
            position: seq,
            recorded_at,
            event,
        };
        access::event_view(state, actor, event).map(|seen| Self {
            kind: Tag::new(),
            seq,
            event: seen,
            handoff: history::handoff_entry(state, actor, logged),
        })
    }

    /// The position in the event log (also the SSE `id`, for `Last-Event-ID`).
    pub fn seq(&self) -> u64 {
        self.seq
    }

    /// The event, in `baton-core`'s serialised form.
    pub fn event(&self) -> &Event {
        &self.event
    }

    /// The hand-off history's entry it adds, if any.
    pub fn handoff(&self) -> Option<&HandoffEntry> {
        self.handoff.as_ref()
    }
}

/// Who is signed in (`GET /baton/session`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct BatonSession {
    /// `$_type`: `"BatonSession"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"BatonSession\""))]
    pub kind: Tag<Self>,
    /// The signed-in person.
    pub person_id: PersonId,
    /// Agent or visitor.
    pub person_type: PersonType,
    /// Their account.
    pub account_id: AccountId,
    /// Name shown to others.
    pub display_name: String,
    /// The token to echo in the CSRF header of every state-changing request.
    pub csrf_token: Secret,
}

impl BatonSession {
    /// The session of `person`, with the CSRF token the server issued.
    pub fn new(person: &Person, csrf_token: Secret) -> Self {
        Self {
            kind: Tag::new(),
            person_id: person.id.clone(),
            person_type: person.person_type,
            account_id: person.account.clone(),
            display_name: person.display_name.clone(),
            csrf_token,
        }
    }
}

/// Someone in a conversation, with the name others see (`GET /baton/v1/conversations/{id}/
/// participants`). Visitors never get hidden participants: the list is built with
/// [`BatonParticipant::visible_to`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct BatonParticipant {
    /// `$_type`: `"BatonParticipant"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"BatonParticipant\""))]
    pub kind: Tag<Self>,
    /// The person.
    pub person_id: PersonId,
    /// The name shown to others.
    pub display_name: String,
    /// Agent or visitor.
    pub person_type: PersonType,
    /// How they take part (assigned agent, context person, ...).
    pub participation_type: ParticipationType,
    /// Hidden from visitors (only agents ever see such entries).
    pub hidden: bool,
}

impl BatonParticipant {
    /// The active participants of `conversation` that `actor` may see, in joining order:
    /// visitors never see hidden ones. `None` if `actor` may not see the conversation.
    pub fn visible_to(
        state: &State,
        actor: &Actor,
        conversation: &ConversationId,
    ) -> Option<Vec<Self>> {
        let conversation = state
            .conversations
            .get(conversation)
            .filter(|c| access::can_view(state, actor, c))?;
        let visitor = matches!(actor, Actor::Visitor(_));
        Some(
            conversation
                .participants
                .iter()
                .filter(|p| p.is_active() && !(visitor && p.hidden))
                .filter_map(|p| {
                    let person = state.directory.person(&p.person)?;
                    Some(Self {
                        kind: Tag::new(),
                        person_id: person.id.clone(),
                        display_name: person.display_name.clone(),
                        person_type: person.person_type,
                        participation_type: p.participation_type,
                        hidden: p.hidden,
                    })
                })
                .collect(),
        )
    }
}

/// Every text property in one locale, the bank's overrides applied
/// (`GET /baton/v1/texts`): the widget's strings come from here rather than from its wasm.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct BatonTexts {
    /// `$_type`: `"BatonTexts"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"BatonTexts\""))]
    pub kind: Tag<Self>,
    /// The built-in locale served: the requested one's language if built in, else `en`.
    pub locale: String,
    /// Text property name (`com.unblu.…`, `com.baton.…`) → text. Plain text with `{name}`
    /// placeholders, never HTML. Keyed by name rather than by `TextKey`, so that a client
    /// still reads the answer of a server that knows more keys.
    pub texts: BTreeMap<String, String>,
}

impl BatonTexts {
    /// Every text for `locale` (e.g. `de-CH`): the bank's overrides for it, else those of
    /// its language, else the built-in texts (`Texts::get`).
    pub fn new(texts: &Texts, locale: &str) -> Self {
        Self {
            kind: Tag::new(),
            locale: text::built_in_locale(locale).to_owned(),
            texts: TextKey::ALL
                .iter()
                .map(|&key| (key.name().to_owned(), texts.get(key, locale).to_owned()))
                .collect(),
        }
    }
}

/// The way an outgoing delivery leaves.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum BatonDeliveryChannel {
    /// An e-mail over SMTP.
    Email,
    /// A signed webhook POST.
    Webhook,
    /// An encrypted web push to one agent's device.
    Push,
}

/// Where an outgoing delivery stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum BatonDeliveryState {
    /// Waiting for its next attempt.
    Pending,
    /// Accepted by the SMTP server, or answered 2xx by the endpoint.
    Delivered,
    /// Parked after its last attempt or a permanent refusal; `lastError` says why.
    Failed,
}

/// One outgoing e-mail or webhook, as the administrator sees it
/// (`GET /baton/v1/admin/deliveries`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct BatonDelivery {
    /// `$_type`: `"BatonDelivery"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"BatonDelivery\""))]
    pub kind: Tag<Self>,
    /// Its id, e.g. `email-12` or `webhook-7` (for `.../{id}/retry`).
    pub id: String,
    /// E-mail or webhook.
    pub channel: BatonDeliveryChannel,
    /// Pending, delivered or failed.
    pub state: BatonDeliveryState,
    /// The recipient's address or the webhook's endpoint.
    pub target: String,
    /// The webhook's event name, or the e-mail's subject.
    pub subject: String,
    /// The id of the event it was derived from (a webhook's `X-Unblu-Event-Id`).
    #[serde(default)]
    pub event_id: Option<String>,
    /// Attempts made so far.
    pub attempts: u32,
    /// When it was queued.
    pub created_at: Timestamp,
    /// When the next attempt is due, while pending.
    #[serde(default)]
    pub next_attempt_at: Option<Timestamp>,
    /// When it was delivered or parked.
    #[serde(default)]
    pub finished_at: Option<Timestamp>,
    /// Why the last attempt failed.
    #[serde(default)]
    pub last_error: Option<String>,
}

tagged!(
    BatonRevokeSessionsBody,
    BatonDelivery,
    BatonParticipant,
    BatonMessage,
    BatonPostMessageBody,
    BatonPrompt,
    BatonPromptAnswer,
    BatonDelegationResponseBody,
    BatonRedeemPinBody,
    BatonRedeemLinkBody,
    BatonRedemption,
    BatonConversationSummary,
    BatonQueueItem,
    BatonDeputySettings,
    BatonEvent,
    BatonSession,
    BatonTexts,
);

#[cfg(test)]
mod tests {
    use baton_core::config::Config;
    use baton_core::demo;
    use baton_core::invitation::{Creator, InvitationType, ResponseStatus};
    use baton_core::{decide, invitation::InvitationTarget};
    use serde_json::json;

    use super::*;

    fn bank() -> State {
        let mut state = State::new(Config::default());
        for (actor, command) in demo::commands() {
            for event in decide(&state, command, &actor, Timestamp(0)).unwrap() {
                state.apply(&event);
            }
        }
        state
    }

    fn posted(author: Author, body: MessageBody, audience: Audience) -> Event {
        Event::MessagePosted {
            conversation: ConversationId::new("c1"),
            message: MessageId::new("m1"),
            author,
            body,
            audience,
            at: Timestamp(42),
        }
    }

    #[test]
    fn a_person_message_in_batons_shape() {
        let event = posted(
            Author::Person(PersonId::new("vera")),
            MessageBody::Text("<b>hi</b>".into()),
            Audience::Everyone,
        );
        let message = BatonMessage::from_event(&event, &Texts::default(), "en").unwrap();
        let expected = json!({
            "$_type": "BatonMessage",
            "id": "m1",
            "conversationId": "c1",
            "authorType": "PERSON",
            "authorPersonId": "vera",
            "text": "<b>hi</b>",
            "audience": "EVERYONE",
            "timestamp": 42
        });
        assert_eq!(serde_json::to_value(&message).unwrap(), expected);
        assert_eq!(
            serde_json::from_value::<BatonMessage>(expected).unwrap(),
            message
        );
    }

    #[test]
    fn a_concierge_message_is_rendered_in_the_readers_locale() {
        let event = posted(
            Author::Concierge,
            MessageBody::Concierge(TextKey::InvitationRedeemedButWillHandleLater),
            Audience::Everyone,
        );
        let message = BatonMessage::from_event(&event, &Texts::default(), "de-CH").unwrap();
        assert!(message.text.starts_with("Vielen Dank"), "{}", message.text);
        let json = serde_json::to_value(&message).unwrap();
        assert_eq!(json["authorType"], "CONCIERGE");
        assert!(json.get("authorPersonId").is_none());
        assert_eq!(
            json["textKey"],
            "com.unblu.conversation.message.invitationRedeemedButWillHandleLater"
        );
        let other = Event::DeputyPromptCancelled {
            conversation: ConversationId::new("c1"),
            prompt: PromptId::new("p"),
        };
        assert!(BatonMessage::from_event(&other, &Texts::default(), "en").is_none());
    }

    #[test]
    fn request_bodies_become_commands() {
        let c = || ConversationId::new("c1");
        let post: BatonPostMessageBody =
            serde_json::from_value(json!({"$_type": "BatonPostMessageBody", "text": "Hello"}))
                .unwrap();
        assert_eq!(
            post.into_command(c(), MessageId::new("m2")),
            Command::PostMessage {
                conversation: c(),
                message: MessageId::new("m2"),
                text: "Hello".into()
            }
        );
        let answer: BatonPromptAnswer =
            serde_json::from_value(json!({"promptId": "p1", "accept": true})).unwrap();
        assert_eq!(
            answer.into_command(c(), InvitationId::new("d1")),
            Command::AnswerDeputyPrompt {
                conversation: c(),
                prompt: PromptId::new("p1"),
                accept: true,
                invitation: InvitationId::new("d1"),
            }
        );
        let response: BatonDelegationResponseBody = serde_json::from_value(json!({
            "$_type": "BatonDelegationResponseBody",
            "response": "LATER",
            "channel": "PUSH_NOTIFICATION"
        }))
        .unwrap();
        assert_eq!(
            response.clone().into_command(InvitationId::new("r1")),
            Command::RespondToInvitation {
                invitation: InvitationId::new("r1"),
                response: DelegationResponse::Later,
                channel: ResponseChannel::PushNotification,
            }
        );
        assert_eq!(
            serde_json::to_value(&response).unwrap(),
            json!({"$_type": "BatonDelegationResponseBody", "response": "LATER", "channel": "PUSH_NOTIFICATION"})
        );
        for bad in [
            json!({"response": "MAYBE", "channel": "QUEUE"}),
            json!({"$_type": "BatonPromptAnswer", "response": "ACCEPT", "channel": "QUEUE"}),
        ] {
            assert!(serde_json::from_value::<BatonDelegationResponseBody>(bad).is_err());
        }
    }

    #[test]
    fn redemption_bodies_hide_their_secrets() {
        let pin: BatonRedeemPinBody =
            serde_json::from_value(json!({"$_type": "BatonRedeemPinBody", "pin": "48213957"}))
                .unwrap();
        assert!(!format!("{pin:?}").contains("48213957"));
        assert_eq!(
            pin.into_lookup(),
            TokenLookup::Pin {
                pin: "48213957".into()
            }
        );
        let link: BatonRedeemLinkBody = serde_json::from_value(
            json!({"$_type": "BatonRedeemLinkBody", "invitationId": "i1", "token": "abc"}),
        )
        .unwrap();
        assert!(!format!("{link:?}").contains("abc"));
        assert_eq!(
            link.into_lookup(),
            TokenLookup::Link {
                invitation: InvitationId::new("i1"),
                token: "abc".into()
            }
        );
    }

    #[test]
    fn a_queue_item_shows_the_viewers_level_and_the_original_agent() {
        let state = bank();
        let conversation = &state.conversations[&ConversationId::new(demo::VERA_AND_ANNA)];
        let request = Invitation {
            secondary_targets: vec![baton_core::invitation::SecondaryTarget {
                person: PersonId::new(demo::CLARA),
                response: ResponseStatus::Pending,
                level: Some(DelegationLevel::Level1),
                listed_as: None,
                notified_at: Timestamp(200),
            }],
            ..Invitation::open(
                InvitationId::new("r1"),
                conversation.id.clone(),
                conversation.account.clone(),
                InvitationType::AssignmentRequest,
                InvitationTarget::Agent(PersonId::new(demo::ANNA)),
                Creator::Visitor(PersonId::new(demo::VERA)),
                Timestamp(100),
            )
        };
        let item = BatonQueueItem::new(
            &PersonId::new(demo::CLARA),
            &request,
            conversation,
            Some("Vera Visitor".into()),
            vec![DelegationResponse::Accept, DelegationResponse::Later],
        );
        let json = serde_json::to_value(&item).unwrap();
        assert_eq!(json["$_type"], "BatonQueueItem");
        assert_eq!(json["invitation"]["$_type"], "ConversationInvitationData");
        assert_eq!(
            json["conversation"],
            json!({
                "$_type": "BatonConversationSummary",
                "id": demo::VERA_AND_ANNA,
                "accountId": demo::ACCOUNT,
                "topic": "Portfolio review",
                "state": "ACTIVE"
            })
        );
        assert_eq!(json["level"], "LEVEL_1");
        assert_eq!(json["originalAgentId"], demo::ANNA);
        assert_eq!(json["customerDisplayName"], "Vera Visitor");
        assert_eq!(json["waitingSince"], 100);
        assert_eq!(json["availableActions"], json!(["ACCEPT", "LATER"]));
        assert_eq!(
            serde_json::from_value::<BatonQueueItem>(json).unwrap(),
            item
        );
        let direct = BatonQueueItem::new(
            &PersonId::new(demo::ANNA),
            &request,
            conversation,
            None,
            vec![],
        );
        assert_eq!(direct.level, None);
    }

    #[test]
    fn the_event_feed_strips_tokens_and_hides_invitations_from_visitors() {
        let state = bank();
        let anna = Actor::Agent(PersonId::new(demo::ANNA));
        let events = decide(
            &state,
            Command::InviteVisitorWithPin {
                conversation: ConversationId::new(demo::VERA_AND_ANNA),
                invitation: InvitationId::new("pin1"),
                pin: "48213957".into(),
                nickname: None,
            },
            &anna,
            Timestamp(1_000),
        )
        .unwrap();
        let created = events
            .iter()
            .find(|e| matches!(e, Event::InvitationCreated { .. }))
            .unwrap();
        let mut after = state.clone();
        for e in &events {
            after.apply(e);
        }
        let for_anna = BatonEvent::for_actor(7, Timestamp(1_000), &after, &anna, created).unwrap();
        assert_eq!(for_anna.seq(), 7);
        assert_eq!(
            for_anna.handoff().map(|h| (h.position, h.action)),
            Some((7, baton_core::history::HandoffAction::Invited)),
            "the feed carries the history's entry for agents"
        );
        let json = serde_json::to_value(&for_anna).unwrap();
        assert_eq!(json["$_type"], "BatonEvent");
        assert_eq!(json["seq"], 7);
        assert_eq!(json["event"]["type"], "InvitationCreated");
        assert!(!json.to_string().contains("48213957"), "{json}");
        assert_eq!(
            serde_json::from_value::<BatonEvent>(json).unwrap(),
            for_anna
        );
        let vera = Actor::Visitor(PersonId::new(demo::VERA));
        assert!(BatonEvent::for_actor(7, Timestamp(1_000), &after, &vera, created).is_none());
    }

    #[test]
    fn the_session_view_hides_the_csrf_token_from_logs() {
        let state = bank();
        let anna = &state.directory.persons[&PersonId::new(demo::ANNA)];
        let session = BatonSession::new(anna, Secret::new("csrf-123"));
        let json = serde_json::to_value(&session).unwrap();
        assert_eq!(
            json,
            json!({
                "$_type": "BatonSession",
                "personId": demo::ANNA,
                "personType": "AGENT",
                "accountId": demo::ACCOUNT,
                "displayName": "Anna Advisor",
                "csrfToken": "csrf-123"
            })
        );
        assert!(!format!("{session:?}").contains("csrf-123"));
        assert_eq!(
            serde_json::from_value::<BatonSession>(json).unwrap(),
            session
        );
    }
    #[test]
    fn the_prompt_is_rendered_in_the_readers_locale() {
        let prompt = OpenPrompt {
            id: PromptId::new("prompt-m1"),
            offered_at: Timestamp(10),
            expires_at: Timestamp(130),
        };
        let view = BatonPrompt::new(
            &ConversationId::new("c1"),
            &prompt,
            &Texts::default(),
            "de-CH",
        );
        let json = serde_json::to_value(&view).unwrap();
        assert_eq!(json["$_type"], "BatonPrompt");
        assert_eq!(json["promptId"], "prompt-m1");
        assert_eq!(json["conversationId"], "c1");
        assert_eq!(json["acceptLabel"], "Stellvertretung einladen");
        assert_eq!(json["declineLabel"], "Nein, danke");
        assert!(json["text"].as_str().unwrap().contains("Stellvertretung"));
        assert_eq!(json["offeredAt"], 10);
        assert_eq!(json["expiresAt"], 130);
        assert_eq!(serde_json::from_value::<BatonPrompt>(json).unwrap(), view);
    }

    #[test]
    fn the_texts_hold_every_key_in_the_served_locale_with_the_banks_overrides() {
        let mut texts = Texts::default();
        texts.set("de-CH", TextKey::WidgetSend, "Abschicken");
        let view = BatonTexts::new(&texts, "de-CH");
        assert_eq!(view.locale, "de");
        assert_eq!(view.texts.len(), TextKey::ALL.len());
        assert_eq!(view.texts["com.baton.widget.send"], "Abschicken");
        assert_eq!(view.texts["com.baton.widget.pinJoin"], "Teilnehmen");
        let json = serde_json::to_value(&view).unwrap();
        assert_eq!(json["$_type"], "BatonTexts");
        assert_eq!(json["locale"], "de");
        assert_eq!(serde_json::from_value::<BatonTexts>(json).unwrap(), view);
        let unknown = BatonTexts::new(&texts, "rm");
        assert_eq!(unknown.locale, "en");
        assert_eq!(unknown.texts["com.baton.widget.send"], "Send");
    }

    #[test]
    fn a_redemption_shows_the_conversation_as_a_visitor_sees_it() {
        let mut state = bank();
        let id = ConversationId::new(demo::VERA_AND_ANNA);
        let events = decide(
            &state,
            Command::AddParticipant {
                conversation: id.clone(),
                person: PersonId::new(demo::CLARA),
                participation_type: baton_core::conversation::ParticipationType::SecondaryAgent,
                hidden: true,
            },
            &Actor::Admin,
            Timestamp(5),
        )
        .unwrap();
        for e in &events {
            state.apply(e);
        }
        let vera = &state.directory.persons[&PersonId::new(demo::VERA)];
        let redemption = BatonRedemption::new(
            &state.conversations[&id],
            BatonSession::new(vera, Secret::new("csrf-1")),
        );
        let json = serde_json::to_value(&redemption).unwrap();
        assert_eq!(json["$_type"], "BatonRedemption");
        assert_eq!(json["conversation"]["$_type"], "ConversationData");
        assert_eq!(json["session"]["csrfToken"], "csrf-1");
        assert!(!json.to_string().contains(demo::CLARA), "{json}");
        assert_eq!(
            serde_json::from_value::<BatonRedemption>(json).unwrap(),
            redemption
        );
    }

    #[test]
    fn deputy_settings_follow_the_minimal_role_the_externally_managed_levels_and_the_countdowns() {
        let config = Config {
            deputy_relationships_minimal_role: AuthorizationRole::Supervisor,
            externally_managed_deputy_levels: vec![DeputyLevel::Level3, DeputyLevel::Assistants],
            ..Config::default()
        };
        let agent = BatonDeputySettings::new(&config, AuthorizationRole::RegisteredUser);
        assert!(!agent.may_manage);
        let supervisor = BatonDeputySettings::new(&config, AuthorizationRole::Supervisor);
        assert!(supervisor.may_manage);
        let json = serde_json::to_value(&supervisor).unwrap();
        assert_eq!(
            json,
            json!({
                "$_type": "BatonDeputySettings",
                "mayManage": true,
                "minimalRole": "SUPERVISOR",
                "externallyManagedLevels": ["ASSISTANTS", "LEVEL_3"],
                "level1EscalationTimeoutSeconds": config.level1_escalation_timeout_seconds,
                "level2EscalationTimeoutSeconds": config.level2_escalation_timeout_seconds,
                "level3EscalationTimeoutSeconds": config.level3_escalation_timeout_seconds,
                "unansweredEscalationTimeoutSeconds": config.unanswered_escalation_timeout_seconds,
            })
        );
        assert_eq!(
            supervisor.timeouts(),
            EscalationTimeouts::from_config(&config)
        );
        assert_eq!(
            serde_json::from_value::<BatonDeputySettings>(json).unwrap(),
            supervisor
        );
    }
}
