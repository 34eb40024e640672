//! Every operation of the HTTP API, declared once: its method and path, and (with the
//! `openapi` feature) its group, summary, request body and answer. The server routes each
//! handler by one of these constants and builds `/openapi.json` from the operations it routes;
//! the [`client`](crate::client) sends to the same constants. A path changed here changes
//! the router, the document and the client together.
//!
//! Schemas are named by their wire types (`utoipa::ToSchema::name`), so a renamed or deleted
//! type fails the build instead of leaving a dangling reference in the document.
//!
//! No handler and no transport lives here: only what both sides must agree on.

#[cfg(feature = "openapi")]
use std::borrow::Cow;

/// An HTTP method the API uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Method {
    /// `GET`.
    Get,
    /// `POST`.
    Post,
    /// `DELETE`.
    Delete,
}

impl Method {
    /// The method's name, upper case.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
            Self::Delete => "DELETE",
        }
    }

    /// The method's key in an OpenAPI path item, lower case.
    pub fn openapi_key(self) -> &'static str {
        match self {
            Self::Get => "get",
            Self::Post => "post",
            Self::Delete => "delete",
        }
    }
}

/// One operation: where it answers and, with the `openapi` feature, what it documents.
#[derive(Clone, Copy, Debug)]
pub struct Operation {
    /// The method.
    pub method: Method,
    /// The full path from the server's base, with `{parameters}` (as the router declares it).
    pub path: &'static str,
    /// What `/openapi.json` says about it.
    #[cfg(feature = "openapi")]
    pub doc: Doc,
}

/// A request line: an operation's method and its path with the parameters filled in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    /// The method.
    pub method: Method,
    /// The path from the server's base, segments percent-encoded.
    pub path: String,
}

impl Operation {
    /// The request line with `params` in the path's `{parameters}`, in order, each
    /// percent-encoded as one segment. A parameter missing leaves its placeholder, which the
    /// server answers 404: the client's tests send every operation.
    pub fn target(&self, params: &[&str]) -> Target {
        let mut params = params.iter();
        let path = self
            .path
            .split('/')
            .map(|part| {
                let value = if part.starts_with('{') {
                    params.next()
                } else {
                    None
                };
                value.map_or_else(|| part.to_owned(), |value| segment(value))
            })
            .collect::<Vec<_>>()
            .join("/");
        Target {
            method: self.method,
            path,
        }
    }

    /// The path's `{parameter}` names, in order.
    pub fn path_parameters(&self) -> impl Iterator<Item = &'static str> {
        self.path
            .split('/')
            .filter_map(|part| part.strip_prefix('{')?.strip_suffix('}'))
    }
}

/// Percent-encodes one path segment (everything but RFC 3986's unreserved characters).
fn segment(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// A wire type's component name in the OpenAPI document.
#[cfg(feature = "openapi")]
pub type SchemaName = fn() -> Cow<'static, str>;

/// What the OpenAPI document says about an operation.
#[cfg(feature = "openapi")]
#[derive(Clone, Copy, Debug)]
pub struct Doc {
    /// The group (the document's tag).
    pub group: Group,
    /// One line on what it does.
    pub summary: &'static str,
    /// The request body's schema, if any.
    pub body: Option<SchemaName>,
    /// The success answer.
    pub answer: Answer,
    /// Its optional query parameters: (name, description).
    pub query: &'static [(&'static str, &'static str)],
}

/// An operation's group, the document's tag.
#[cfg(feature = "openapi")]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Group {
    /// Unblu's web API v4, where Baton offers Unblu's operation.
    UnbluV4,
    /// Baton's own operations.
    Baton,
    /// The SuperOffice transfer facade.
    SuperOffice,
    /// Health and metrics.
    Operations,
}

#[cfg(feature = "openapi")]
impl Group {
    /// The tag's name in the document.
    pub fn name(self) -> &'static str {
        match self {
            Self::UnbluV4 => "Unblu web API v4",
            Self::Baton => "Baton",
            Self::SuperOffice => "SuperOffice",
            Self::Operations => "Operations",
        }
    }
}

/// What an operation answers on success.
#[cfg(feature = "openapi")]
#[derive(Clone, Copy, Debug)]
pub enum Answer {
    /// 200 with this schema.
    Json(SchemaName),
    /// 200 with this schema, or 204 when there is nothing to show.
    JsonOrNone(SchemaName),
    /// 201 with this schema.
    Created(SchemaName),
    /// 200 with an array of this schema.
    List(SchemaName),
    /// 204.
    NoContent,
    /// 200 `text/event-stream` of this schema's entries.
    Stream(SchemaName),
    /// 200 `application/x-ndjson`, one entry of this schema per line, or `text/csv` of its
    /// fields with `Accept: text/csv`.
    Export(SchemaName),
    /// 200 `text/plain`.
    Text,
    /// 200 `{"status": "ok", "events": <the log's head>}`.
    Health,
}

/// Declares a group's operations: `NAME: Method "path", Body-or-None => Answer(Schema)`,
/// optionally `, query &[(name, description)]`; the doc comment is the summary.
macro_rules! operations {
    ($group:ident; $(
        $(#[doc = $summary:literal])+
        $name:ident: $method:ident $path:literal,
            $body:tt => $answer:ident $(($schema:ty))? $(, query $query:expr)?;
    )*) => {$(
        $(#[doc = $summary])+
        pub const $name: Operation = Operation {
            method: Method::$method,
            path: $path,
            #[cfg(feature = "openapi")]
            doc: Doc {
                group: Group::$group,
                summary: concat!($($summary),+),
                body: operations!(@body $body),
                answer: Answer::$answer $((<$schema as utoipa::ToSchema>::name))?,
                query: operations!(@query $($query)?),
            },
        };
    )*};
    (@body None) => { None };
    (@body $body:ty) => { Some(<$body as utoipa::ToSchema>::name) };
    (@query) => { &[] };
    (@query $query:expr) => { $query };
}

/// Unblu web API v4 (`/app/rest/v4`).
pub mod v4 {
    use super::*;
    #[cfg(feature = "openapi")]
    use crate::wire::auth::{
        AuthenticatorLoginBody, AuthenticatorLogoutBody, LoginResult, SecureTokenRequest,
    };
    #[cfg(feature = "openapi")]
    use crate::wire::conversation::{
        ConversationCreationData, ConversationData, ConversationQuery, ConversationResult,
        ConversationsAddParticipantBody, ConversationsChangeParticipantVisibilityBody,
        ConversationsEndBody, ConversationsOffboardParticipantBody,
        ConversationsSetAssigneePersonBody, ConversationsSetAwaitedPersonTypeBody,
    };
    #[cfg(feature = "openapi")]
    use crate::wire::deputy::{
        DeputyRelationship, DeputyRelationshipQuery, DeputyRelationshipResult,
        WriteAgentDeputyRelationshipsBody,
    };
    #[cfg(feature = "openapi")]
    use crate::wire::invitation::{
        AcceptLinkData, ConversationInvitationData, ConversationInvitationQuery,
        ConversationInvitationResult, InvitationsAddSecondaryInvitationTargetBody,
        InvitationsForwardConversationToAgentBody, InvitationsForwardConversationToTeamBody,
        InvitationsGetAcceptLinkBody, InvitationsInviteAgentToConversationBody,
        InvitationsInviteAnonymousVisitorToConversationWithEmailBody,
        InvitationsInviteAnonymousVisitorToConversationWithLinkBody,
        InvitationsInviteAnonymousVisitorToConversationWithPinBody,
        InvitationsInviteTeamToConversationBody, InvitationsRequeueConversationBody,
        InvitationsStartDeputyDelegationBody,
    };
    #[cfg(feature = "openapi")]
    use crate::wire::person::{
        AgentAvailabilityStateData, AgentPersonStateData, PersonData, PersonQuery, PersonResult,
        PersonsSetAwayBody, Team, TeamList, TeamQuery, TeamResult, User, UserPasswordContainer,
        UsersSetPasswordBody,
    };
    #[cfg(feature = "openapi")]
    use crate::wire::webhook::WebhookRegistration;

    operations! {
        UnbluV4;
        /// Create a conversation (with an assignee, or a request to an agent, a team or the queue).
        CONVERSATIONS_CREATE: Post "/app/rest/v4/conversations/create",
            ConversationCreationData => Json(ConversationData);
        /// Read a conversation (visitors never see hidden participants).
        CONVERSATIONS_READ: Get "/app/rest/v4/conversations/{conversationId}/read",
            None => Json(ConversationData);
        /// Search the conversations the caller may see.
        CONVERSATIONS_SEARCH: Post "/app/rest/v4/conversations/search",
            ConversationQuery => Json(ConversationResult);
        /// Add a secondary agent or visitor.
        CONVERSATIONS_ADD_PARTICIPANT: Post "/app/rest/v4/conversations/{conversationId}/addParticipant",
            ConversationsAddParticipantBody => Json(ConversationData);
        /// Make an active, visible participant the assignee.
        CONVERSATIONS_SET_ASSIGNEE_PERSON: Post "/app/rest/v4/conversations/{conversationId}/setAssigneePerson",
            ConversationsSetAssigneePersonBody => Json(ConversationData);
        /// Hide or show a participant.
        CONVERSATIONS_CHANGE_PARTICIPANT_VISIBILITY: Post "/app/rest/v4/conversations/{conversationId}/changeParticipantVisibility",
            ConversationsChangeParticipantVisibilityBody => Json(ConversationData);
        /// Remove a participant (removing the assignee ends the conversation).
        CONVERSATIONS_OFFBOARD_PARTICIPANT: Post "/app/rest/v4/conversations/{conversationId}/offboardParticipant",
            ConversationsOffboardParticipantBody => Json(ConversationData);
        /// Set who must react next.
        CONVERSATIONS_SET_AWAITED_PERSON_TYPE: Post "/app/rest/v4/conversations/{conversationId}/setAwaitedPersonType",
            ConversationsSetAwaitedPersonTypeBody => Json(ConversationData);
        /// End a conversation.
        CONVERSATIONS_END: Post "/app/rest/v4/conversations/{conversationId}/end",
            ConversationsEndBody => Json(ConversationData);
        /// Forward to an agent who does not participate.
        INVITATIONS_FORWARD_CONVERSATION_TO_AGENT: Post "/app/rest/v4/invitations/forwardConversationToAgent",
            InvitationsForwardConversationToAgentBody => Json(ConversationInvitationData);
        /// Forward to a team (members of the team and its parent teams may accept).
        INVITATIONS_FORWARD_CONVERSATION_TO_TEAM: Post "/app/rest/v4/invitations/forwardConversationToTeam",
            InvitationsForwardConversationToTeamBody => Json(ConversationInvitationData);
        /// Invite an agent as a secondary participant.
        INVITATIONS_INVITE_AGENT_TO_CONVERSATION: Post "/app/rest/v4/invitations/inviteAgentToConversation",
            InvitationsInviteAgentToConversationBody => Json(ConversationInvitationData);
        /// Invite a team's agents.
        INVITATIONS_INVITE_TEAM_TO_CONVERSATION: Post "/app/rest/v4/invitations/inviteTeamToConversation",
            InvitationsInviteTeamToConversationBody => Json(ConversationInvitationData);
        /// Invite a customer with a PIN (shown in this answer only).
        INVITATIONS_INVITE_ANONYMOUS_VISITOR_TO_CONVERSATION_WITH_PIN: Post "/app/rest/v4/invitations/inviteAnonymousVisitorToConversationWithPin",
            InvitationsInviteAnonymousVisitorToConversationWithPinBody => Json(ConversationInvitationData);
        /// Invite a customer by e-mail link.
        INVITATIONS_INVITE_ANONYMOUS_VISITOR_TO_CONVERSATION_WITH_EMAIL: Post "/app/rest/v4/invitations/inviteAnonymousVisitorToConversationWithEmail",
            InvitationsInviteAnonymousVisitorToConversationWithEmailBody => Json(ConversationInvitationData);
        /// Create a shareable invitation link.
        INVITATIONS_INVITE_ANONYMOUS_VISITOR_TO_CONVERSATION_WITH_LINK: Post "/app/rest/v4/invitations/inviteAnonymousVisitorToConversationWithLink",
            InvitationsInviteAnonymousVisitorToConversationWithLinkBody => Json(ConversationInvitationData);
        /// Replace a PIN and restart its lifetime.
        INVITATIONS_RENEW_PIN: Post "/app/rest/v4/invitations/{invitationId}/renewPin",
            None => Json(ConversationInvitationData);
        /// Revoke an open invitation.
        INVITATIONS_REVOKE: Post "/app/rest/v4/invitations/{invitationId}/revoke",
            None => Json(ConversationInvitationData);
        /// Read an invitation (never with its token).
        INVITATIONS_READ: Get "/app/rest/v4/invitations/{invitationId}/read",
            None => Json(ConversationInvitationData);
        /// Search invitations.
        INVITATIONS_SEARCH: Post "/app/rest/v4/invitations/search",
            ConversationInvitationQuery => Json(ConversationInvitationResult);
        /// The link that accepts an invitation, given its PIN or token.
        INVITATIONS_GET_ACCEPT_LINK: Post "/app/rest/v4/invitations/getAcceptLink",
            InvitationsGetAcceptLinkBody => Json(AcceptLinkData);
        /// Put a conversation back into the queue.
        INVITATIONS_REQUEUE_CONVERSATION: Post "/app/rest/v4/invitations/requeueConversation",
            InvitationsRequeueConversationBody => Json(ConversationInvitationData);
        /// Ask the assignee's deputies, from a level.
        INVITATIONS_START_DEPUTY_DELEGATION: Post "/app/rest/v4/invitations/startDeputyDelegation",
            InvitationsStartDeputyDelegationBody => Json(ConversationInvitationData);
        /// Add a deputy as a secondary target.
        INVITATIONS_ADD_SECONDARY_INVITATION_TARGET: Post "/app/rest/v4/invitations/{invitationId}/addSecondaryInvitationTarget",
            InvitationsAddSecondaryInvitationTargetBody => Json(ConversationInvitationData);
        /// Add one deputy relationship.
        DEPUTY_RELATIONSHIPS_CREATE: Post "/app/rest/v4/deputyrelationships/create",
            DeputyRelationship => Json(DeputyRelationship);
        /// Read a deputy relationship.
        DEPUTY_RELATIONSHIPS_READ: Get "/app/rest/v4/deputyrelationships/{deputyRelationshipId}/read",
            None => Json(DeputyRelationship);
        /// Remove a deputy relationship.
        DEPUTY_RELATIONSHIPS_DELETE: Delete "/app/rest/v4/deputyrelationships/{deputyRelationshipId}/delete",
            None => NoContent;
        /// Search deputy relationships.
        DEPUTY_RELATIONSHIPS_SEARCH: Post "/app/rest/v4/deputyrelationships/search",
            DeputyRelationshipQuery => Json(DeputyRelationshipResult);
        /// Replace an agent's assistants and deputies.
        DEPUTY_RELATIONSHIPS_WRITE_AGENT_DEPUTIES: Post "/app/rest/v4/deputyrelationships/writeAgentDeputies",
            WriteAgentDeputyRelationshipsBody => NoContent;
        /// Create an agent with a password.
        USERS_CREATE_WITH_PASSWORD: Post "/app/rest/v4/users/createWithPassword",
            UserPasswordContainer => Json(User);
        /// Find a user by username (`?username=`).
        USERS_GET_BY_USERNAME: Get "/app/rest/v4/users/getByUsername",
            None => Json(User);
        /// Read a user.
        USERS_READ: Get "/app/rest/v4/users/{userId}/read",
            None => Json(User);
        /// Set a user's password (the administrator), or change your own with `currentPassword`;
        /// every session of the user ends.
        USERS_SET_PASSWORD: Post "/app/rest/v4/users/{userId}/setPassword",
            UsersSetPasswordBody => Json(User);
        /// Create a team.
        TEAMS_CREATE: Post "/app/rest/v4/teams/create",
            Team => Json(Team);
        /// Read a team.
        TEAMS_READ: Get "/app/rest/v4/teams/{teamId}/read",
            None => Json(Team);
        /// Search teams.
        TEAMS_SEARCH: Post "/app/rest/v4/teams/search",
            TeamQuery => Json(TeamResult);
        /// A team's child teams, all levels down.
        TEAMS_GET_CHILD_TEAMS: Get "/app/rest/v4/teams/{teamId}/getChildTeams",
            None => Json(TeamList);
        /// Read a person.
        PERSONS_READ: Get "/app/rest/v4/persons/{personId}/read",
            None => Json(PersonData);
        /// Search persons.
        PERSONS_SEARCH: Post "/app/rest/v4/persons/search",
            PersonQuery => Json(PersonResult);
        /// Mark an agent away or back.
        PERSONS_SET_AWAY: Post "/app/rest/v4/persons/{personId}/setAway",
            PersonsSetAwayBody => Json(AgentPersonStateData);
        /// Whether agents are available (`?userId=`).
        AVAILABILITY_GET_AGENT_AVAILABILITY: Get "/app/rest/v4/availability/getAgentAvailability",
            None => Json(AgentAvailabilityStateData);
        /// Register a webhook (answers its secret once).
        WEBHOOK_REGISTRATIONS_CREATE: Post "/app/rest/v4/webhookregistrations/create",
            WebhookRegistration => Json(WebhookRegistration);
        /// Read a webhook registration (without its secret).
        WEBHOOK_REGISTRATIONS_READ: Get "/app/rest/v4/webhookregistrations/{registrationId}/read",
            None => Json(WebhookRegistration);
        /// Delete a webhook registration.
        WEBHOOK_REGISTRATIONS_DELETE: Delete "/app/rest/v4/webhookregistrations/{registrationId}/delete",
            None => NoContent;
        /// Sign an agent in: session cookie, CSRF token in `X-CSRF-Token`.
        AUTHENTICATOR_LOGIN: Post "/app/rest/v4/authenticator/login",
            AuthenticatorLoginBody => Json(LoginResult);
        /// Sign out.
        AUTHENTICATOR_LOGOUT: Post "/app/rest/v4/authenticator/logout",
            AuthenticatorLogoutBody => NoContent;
        /// Sign a bank customer in with the JWT the bank issued.
        AUTHENTICATOR_LOGIN_WITH_SECURE_TOKEN: Post "/app/rest/v4/authenticator/loginWithSecureToken",
            SecureTokenRequest => NoContent;
    }
}

/// Baton's own operations (`/baton/v1`).
pub mod baton {
    use super::*;
    #[cfg(feature = "openapi")]
    use crate::wire::baton::{
        BatonDelegationResponseBody, BatonDelivery, BatonDeputySettings, BatonEvent, BatonMessage,
        BatonParticipant, BatonPostMessageBody, BatonPrompt, BatonPromptAnswer, BatonQueueItem,
        BatonRedeemLinkBody, BatonRedeemPinBody, BatonRedemption, BatonRevokeSessionsBody,
        BatonSession, BatonTexts,
    };
    #[cfg(feature = "openapi")]
    use crate::wire::baton::{HandoffEntry, HandoffRow};
    #[cfg(feature = "openapi")]
    use crate::wire::invitation::ConversationInvitationData;
    #[cfg(feature = "openapi")]
    use crate::wire::push::{
        BatonPushAnswerBody, BatonPushSubscription, BatonPushSubscriptionBody, BatonVapidPublicKey,
    };

    operations! {
        Baton;
        /// Who is signed in, with the CSRF token.
        SESSION: Get "/baton/v1/session",
            None => Json(BatonSession);
        /// Post a message (a visitor's may offer the deputy prompt).
        MESSAGES_POST: Post "/baton/v1/conversations/{id}/messages",
            BatonPostMessageBody => Created(BatonMessage);
        /// The messages the caller may read.
        MESSAGES_LIST: Get "/baton/v1/conversations/{id}/messages",
            None => List(BatonMessage);
        /// Who is in the conversation, with names (visitors never see hidden participants).
        PARTICIPANTS_LIST: Get "/baton/v1/conversations/{id}/participants",
            None => List(BatonParticipant);
        /// The open "Invite a deputy?" prompt, rendered in the caller's locale (204 when none).
        PROMPT_READ: Get "/baton/v1/conversations/{id}/prompt",
            None => JsonOrNone(BatonPrompt);
        /// Answer the prompt (accepting starts the deputy delegation).
        PROMPT_ANSWER: Post "/baton/v1/conversations/{id}/prompt",
            BatonPromptAnswer => NoContent;
        /// Unassign: the organisation's other agents see the conversation again.
        UNASSIGN: Post "/baton/v1/conversations/{id}/unassign",
            None => NoContent;
        /// Accept, decline, ignore or answer later.
        DELEGATION_RESPOND: Post "/baton/v1/invitations/{id}/respond",
            BatonDelegationResponseBody => Json(ConversationInvitationData);
        /// Join with a PIN (anonymous callers get a visitor session).
        REDEEM_PIN: Post "/baton/v1/redeem/pin",
            BatonRedeemPinBody => Json(BatonRedemption);
        /// Join with an e-mail or shared link.
        REDEEM_LINK: Post "/baton/v1/redeem/link",
            BatonRedeemLinkBody => Json(BatonRedemption);
        /// The signed-in agent's queue.
        QUEUE: Get "/baton/v1/queue",
            None => List(BatonQueueItem);
        /// Whether the signed-in agent may manage their own deputies, and which levels are
        /// externally managed.
        DEPUTY_SETTINGS: Get "/baton/v1/deputies/settings",
            None => Json(BatonDeputySettings);
        /// The conversation's hand-off history as the agent may see it: who had it when and
        /// why it moved (visitors have none).
        HISTORY: Get "/baton/v1/conversations/{id}/history",
            None => List(HandoffEntry);
        /// The bank's archive of hand-off steps (administrators): NDJSON, or CSV with
        /// `Accept: text/csv`, in log order; resume after the last `position` written.
        AUDIT_HANDOFFS: Get "/baton/v1/audit/handoffs",
            None => Export(HandoffRow), query &[
                (
                    "from",
                    "Only steps recorded at or after this time (epoch milliseconds).",
                ),
                ("to", "Only steps recorded before this time (epoch milliseconds)."),
                (
                    "after",
                    "Only steps after this log position (the last `position` an archive job \
                     wrote; 0, the default, for the start of the log).",
                ),
                (
                    "limit",
                    "At most this many steps (1 to 100000; default 10000).",
                ),
            ];
        /// Server-Sent Events the caller may see; resumes after `Last-Event-ID`.
        EVENTS: Get "/baton/v1/events",
            None => Stream(BatonEvent);
        /// Sign out everywhere: end every session and event stream of the caller (the
        /// administrator: of `personId`).
        SESSIONS_REVOKE_ALL: Post "/baton/v1/sessions/revokeAll",
            BatonRevokeSessionsBody => NoContent;
        /// Every text property in one locale, the bank's overrides applied (public, cacheable).
        TEXTS: Get "/baton/v1/texts",
            None => Json(BatonTexts), query &[
                (
                    "locale",
                    "The locale (`de`, `de-CH`); else the first of `Accept-Language`, else `en`.",
                ),
                (
                    "ui",
                    "Only the texts one user interface shows: `visitor` (`com.baton.widget.*`), \
                     `agent` (those and `com.baton.agent.*`) or `launcher` (the launcher \
                     button's `com.baton.widget.launcher*`); else every text.",
                ),
            ];
        /// The server's VAPID public key, for `PushManager.subscribe` (public).
        PUSH_VAPID_PUBLIC_KEY: Get "/baton/v1/push/vapidPublicKey",
            None => Json(BatonVapidPublicKey);
        /// The signed-in agent's devices that receive web push.
        PUSH_SUBSCRIPTIONS_LIST: Get "/baton/v1/push/subscriptions",
            None => List(BatonPushSubscription);
        /// Add this device (a browser's `PushSubscription.toJSON()`): delegated requests reach
        /// the signed-in agent here. An endpoint already known moves to the caller.
        PUSH_SUBSCRIBE: Post "/baton/v1/push/subscriptions",
            BatonPushSubscriptionBody => Created(BatonPushSubscription);
        /// Remove one of the signed-in agent's devices.
        PUSH_UNSUBSCRIBE: Delete "/baton/v1/push/subscriptions/{id}",
            None => NoContent;
        /// Send a test notification to one of the signed-in agent's devices.
        PUSH_TEST: Post "/baton/v1/push/subscriptions/{id}/test",
            None => NoContent;
        /// Answer a delegated request from a notification action, with its single-use token
        /// (no session needed).
        PUSH_ANSWER: Post "/baton/v1/push/answers",
            BatonPushAnswerBody => Json(ConversationInvitationData);
        /// Outgoing e-mails and webhooks, newest first (web API administrator).
        DELIVERIES_LIST: Get "/baton/v1/admin/deliveries",
            None => List(BatonDelivery), query &[(
                "state",
                "Only `pending`, `delivered` or `failed` ones (parked after their last attempt).",
            )];
        /// Put a failed delivery back in line at once, with a fresh count of attempts.
        DELIVERY_RETRY: Post "/baton/v1/admin/deliveries/{id}/retry",
            None => NoContent;
    }
}

/// The SuperOffice transfer facade (`/api/v1`).
pub mod superoffice {
    use super::*;
    #[cfg(feature = "openapi")]
    use crate::wire::superoffice::ChatSessionEntity;

    operations! {
        SuperOffice;
        /// Request a transfer to another user (nothing happens unless the session is the caller's).
        TRANSFER_TO: Post "/api/v1/ChatSession/{chatSessionId}/TransferTo/{toAssociate}",
            None => Json(ChatSessionEntity);
        /// Accept the transfer pending for the caller.
        ACCEPT_TRANSFER: Post "/api/v1/ChatSession/{chatSessionId}/AcceptTransfer",
            None => Json(ChatSessionEntity);
        /// Reject the transfer pending for the caller.
        REJECT_TRANSFER: Post "/api/v1/ChatSession/{chatSessionId}/RejectTransfer",
            None => Json(ChatSessionEntity);
    }
}

/// What operators and load balancers read.
pub mod system {
    use super::*;

    operations! {
        Operations;
        /// The event log answers.
        HEALTHZ: Get "/healthz",
            None => Health;
        /// The instance has caught up with the log, what every instance recorded until now
        /// (load balancers route on it); `events` is the position reached. 503 when the log
        /// cannot be read.
        READYZ: Get "/readyz",
            None => Health;
        /// Prometheus metrics (web API administrator).
        METRICS: Get "/metrics",
            None => Text;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_fill_the_placeholders_percent_encoded() {
        assert_eq!(
            v4::CONVERSATIONS_READ.target(&["a/b c?"]),
            Target {
                method: Method::Get,
                path: "/app/rest/v4/conversations/a%2Fb%20c%3F/read".to_owned(),
            }
        );
        assert_eq!(
            superoffice::TRANSFER_TO.target(&["conv_1-a.b~c", "é"]).path,
            "/api/v1/ChatSession/conv_1-a.b~c/TransferTo/%C3%A9"
        );
        assert_eq!(baton::QUEUE.target(&[]).path, "/baton/v1/queue");
    }

    #[test]
    fn path_parameters_are_named_in_order() {
        assert_eq!(
            superoffice::TRANSFER_TO
                .path_parameters()
                .collect::<Vec<_>>(),
            ["chatSessionId", "toAssociate"]
        );
    }
}
