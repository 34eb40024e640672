//! Who may do what, operation by operation: every operation of the OpenAPI document, run by
//! each of eight callers against a fresh scene in the demo, with the answer each must get.
//!
//! The callers: anonymous; Vera (the customer in the conversation); Wanda (a customer of the
//! sibling bank); Clara (an agent of the bank outside the conversation); Anna (its assignee);
//! Otto (an agent of the sibling bank); Eva (a supervisor of the parent organisation, seed 003);
//! the web API administrator. Each case builds its own conversation (and invitation, prompt,
//! deputy link or webhook as the operation needs), so no case sees another's effects.
//!
//! Besides the status, each case checks that a refusal left the log where it was, that a
//! not-found answer about something that exists reads exactly like the answer about something
//! that does not ("not yours" is "not found"), that every refusal to the other bank's people
//! does too, and, for searches and lists, whether the scene's subject is in the answer. A documented operation without a row, or a row without an
//! operation, fails the test.

use crate::common;

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicUsize, Ordering};

use baton_core::conversation::Recipient;
use baton_core::directory::PresenceState;
use baton_core::{Actor, Command, demo};
use common::{TestServer, execute, head, json};
use reqwest::{Method, RequestBuilder};
use serde_json::Value;

/// The callers, in the order of each row's answers.
#[derive(Clone, Copy, Debug)]
enum Role {
    Anonymous,
    Visitor,
    OtherVisitor,
    Agent,
    Assignee,
    OtherBankAgent,
    ParentSupervisor,
    Admin,
}

const ROLES: [Role; 8] = [
    Role::Anonymous,
    Role::Visitor,
    Role::OtherVisitor,
    Role::Agent,
    Role::Assignee,
    Role::OtherBankAgent,
    Role::ParentSupervisor,
    Role::Admin,
];

impl Role {
    /// The person signed in (a session made in the session store), if any.
    fn person(self) -> Option<&'static str> {
        match self {
            Role::Anonymous | Role::Admin => None,
            Role::Visitor => Some(demo::VERA),
            Role::OtherVisitor => Some(demo::WANDA),
            Role::Agent => Some(demo::CLARA),
            Role::Assignee => Some(demo::ANNA),
            Role::OtherBankAgent => Some(demo::OTTO),
            Role::ParentSupervisor => Some(demo::EVA),
        }
    }
}

/// What a caller must get.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Expect {
    /// This status.
    Status(u16),
    /// 200, and the scene's subject is in the answer.
    Sees,
    /// 200, and the scene's subject is not in the answer.
    Blind,
}

const OK: Expect = Expect::Status(200);
const CREATED: Expect = Expect::Status(201);
const DONE: Expect = Expect::Status(204);
const ANON: Expect = Expect::Status(401);
const DENIED: Expect = Expect::Status(403);
const GONE: Expect = Expect::Status(404);
const CONFLICT: Expect = Expect::Status(409);
/// What a wrong PIN or link token answers.
const WRONG_TOKEN: Expect = Expect::Status(400);
const SEES: Expect = Expect::Sees;
const BLIND: Expect = Expect::Blind;

/// What a case needs besides its own conversation of Vera, assigned to Anna.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Setup {
    /// Only the conversation.
    Conversation,
    /// The case's new agent joins the conversation as a secondary agent.
    SecondAgent,
    /// Anna's PIN invitation of a customer.
    Pin,
    /// Anna's shareable link.
    Link,
    /// Anna forwards the conversation to Clara.
    Forwarding,
    /// Anna starts her deputy delegation on level 1 (Clara).
    Delegation,
    /// Anna transfers the conversation to Clara (SuperOffice).
    Transfer,
    /// Anna is away and Vera writes: the prompt "Invite a deputy?" is offered.
    Prompt,
    /// A new deputy link of Anna's (the case's agent, level 3).
    DeputyLink,
    /// A webhook registration.
    Webhook,
}

/// One operation: how to call it and what each caller gets, in [`ROLES`] order.
struct Row {
    method: &'static str,
    path: &'static str,
    setup: Setup,
    /// The JSON body, with `$conversation`, `$invitation`, `$token`, `$prompt`, `$deputy`,
    /// `$person`, `$case` standing for the scene's values.
    body: Option<&'static str>,
    /// What replaces the path's parameters, besides the scene's ids; `$…` as in the body.
    query: &'static str,
    /// For lists: the text whose presence in the answer [`SEES`] and [`BLIND`] check.
    subject: &'static str,
    expect: [Expect; 8],
}

const fn row(
    method: &'static str,
    path: &'static str,
    setup: Setup,
    body: Option<&'static str>,
    expect: [Expect; 8],
) -> Row {
    Row {
        method,
        path,
        setup,
        body,
        query: "",
        subject: "",
        expect,
    }
}

impl Row {
    const fn query(mut self, query: &'static str) -> Self {
        self.query = query;
        self
    }

    const fn subject(mut self, subject: &'static str) -> Self {
        self.subject = subject;
        self
    }
}

use Setup::{
    Conversation, Delegation, DeputyLink, Forwarding, Link, Pin, Prompt, SecondAgent, Transfer,
    Webhook,
};

const V4: &str = "/app/rest/v4";

/// Every documented operation. The answers, in role order: anonymous, Vera, Wanda, Clara,
/// Anna, Otto, Eva, administrator.
const ROWS: &[Row] = &[
    // ---- conversations ----
    row(
        "post",
        "/app/rest/v4/conversations/create",
        Conversation,
        Some(
            r#"{"topic": "New", "participants": [{"personId": "anna.advisor", "participationType": "ASSIGNED_AGENT"}, {"personId": "vera.visitor", "participationType": "CONTEXT_PERSON"}]}"#,
        ),
        [ANON, DENIED, DENIED, DENIED, OK, DENIED, DENIED, OK],
    ),
    row(
        "get",
        "/app/rest/v4/conversations/{conversationId}/read",
        Conversation,
        None,
        [ANON, OK, GONE, GONE, OK, GONE, OK, OK],
    ),
    row(
        "post",
        "/app/rest/v4/conversations/search",
        Conversation,
        Some("{}"),
        [ANON, SEES, BLIND, BLIND, SEES, BLIND, SEES, SEES],
    )
    .subject("$conversation"),
    row(
        "post",
        "/app/rest/v4/conversations/{conversationId}/addParticipant",
        Conversation,
        Some(r#"{"personId": "ben.assistant", "hidden": true}"#),
        [ANON, DENIED, GONE, GONE, OK, GONE, OK, OK],
    ),
    row(
        "post",
        "/app/rest/v4/conversations/{conversationId}/setAssigneePerson",
        SecondAgent,
        Some(r#"{"personId": "$deputy"}"#),
        [ANON, DENIED, GONE, GONE, OK, GONE, OK, OK],
    ),
    row(
        "post",
        "/app/rest/v4/conversations/{conversationId}/changeParticipantVisibility",
        SecondAgent,
        Some(r#"{"personId": "$deputy", "hidden": true}"#),
        [ANON, DENIED, GONE, GONE, OK, GONE, OK, OK],
    ),
    row(
        "post",
        "/app/rest/v4/conversations/{conversationId}/offboardParticipant",
        Conversation,
        Some(r#"{"personId": "vera.visitor", "reason": "PARTICIPANT_LEFT"}"#),
        [ANON, OK, GONE, GONE, OK, GONE, OK, OK],
    ),
    row(
        "post",
        "/app/rest/v4/conversations/{conversationId}/setAwaitedPersonType",
        Conversation,
        Some(r#"{"awaitedPersonType": "VISITOR"}"#),
        [ANON, DENIED, GONE, GONE, OK, GONE, OK, OK],
    ),
    row(
        "post",
        "/app/rest/v4/conversations/{conversationId}/end",
        Conversation,
        Some("{}"),
        [ANON, DENIED, GONE, GONE, OK, GONE, OK, OK],
    ),
    // ---- invitations ----
    row(
        "post",
        "/app/rest/v4/invitations/forwardConversationToAgent",
        Conversation,
        Some(r#"{"conversationId": "$conversation", "agentPersonId": "clara.deputy"}"#),
        [ANON, DENIED, GONE, GONE, OK, GONE, OK, OK],
    ),
    row(
        "post",
        "/app/rest/v4/invitations/forwardConversationToTeam",
        Conversation,
        Some(r#"{"conversationId": "$conversation", "teamId": "advisory"}"#),
        [ANON, DENIED, GONE, GONE, OK, GONE, OK, OK],
    ),
    row(
        "post",
        "/app/rest/v4/invitations/inviteAgentToConversation",
        Conversation,
        Some(r#"{"conversationId": "$conversation", "agentPersonId": "clara.deputy"}"#),
        [ANON, DENIED, GONE, GONE, OK, GONE, OK, OK],
    ),
    row(
        "post",
        "/app/rest/v4/invitations/inviteTeamToConversation",
        Conversation,
        Some(r#"{"conversationId": "$conversation", "teamId": "assistants"}"#),
        [ANON, DENIED, GONE, GONE, OK, GONE, OK, OK],
    ),
    row(
        "post",
        "/app/rest/v4/invitations/inviteAnonymousVisitorToConversationWithPin",
        Conversation,
        Some(r#"{"conversationId": "$conversation"}"#),
        [ANON, DENIED, GONE, GONE, OK, GONE, OK, OK],
    ),
    row(
        "post",
        "/app/rest/v4/invitations/inviteAnonymousVisitorToConversationWithEmail",
        Conversation,
        Some(r#"{"conversationId": "$conversation", "email": "walter@example.org"}"#),
        [ANON, DENIED, GONE, GONE, OK, GONE, OK, OK],
    ),
    row(
        "post",
        "/app/rest/v4/invitations/inviteAnonymousVisitorToConversationWithLink",
        Conversation,
        Some(r#"{"conversationId": "$conversation"}"#),
        [ANON, DENIED, GONE, GONE, OK, GONE, OK, OK],
    ),
    row(
        "post",
        "/app/rest/v4/invitations/{invitationId}/renewPin",
        Pin,
        None,
        [ANON, GONE, GONE, GONE, OK, GONE, OK, OK],
    ),
    row(
        "post",
        "/app/rest/v4/invitations/{invitationId}/revoke",
        Pin,
        None,
        [ANON, GONE, GONE, GONE, OK, GONE, OK, OK],
    ),
    row(
        "get",
        "/app/rest/v4/invitations/{invitationId}/read",
        Pin,
        None,
        [ANON, GONE, GONE, GONE, OK, GONE, OK, OK],
    ),
    row(
        "post",
        "/app/rest/v4/invitations/search",
        Forwarding,
        Some("{}"),
        [ANON, BLIND, BLIND, SEES, SEES, BLIND, SEES, SEES],
    )
    .subject("$invitation"),
    row(
        "post",
        "/app/rest/v4/invitations/getAcceptLink",
        Link,
        Some(r#"{"token": "$token"}"#),
        [OK, OK, OK, OK, OK, OK, OK, OK],
    ),
    row(
        "post",
        "/app/rest/v4/invitations/requeueConversation",
        Conversation,
        Some(r#"{"conversationId": "$conversation", "agentRemovalType": "REMOVE_ALL_AGENTS"}"#),
        [ANON, DENIED, GONE, GONE, OK, GONE, OK, OK],
    ),
    row(
        "post",
        "/app/rest/v4/invitations/startDeputyDelegation",
        Conversation,
        Some(r#"{"conversationId": "$conversation", "delegationLevel": "LEVEL_1"}"#),
        [ANON, DENIED, GONE, GONE, DENIED, GONE, DENIED, OK],
    ),
    row(
        "post",
        "/app/rest/v4/invitations/{invitationId}/addSecondaryInvitationTarget",
        Delegation,
        Some(r#"{"personId": "david.deputy"}"#),
        [ANON, GONE, GONE, DENIED, DENIED, GONE, DENIED, OK],
    ),
    // ---- deputies ----
    row(
        "post",
        "/app/rest/v4/deputyrelationships/create",
        Conversation,
        Some(
            r#"{"agentUserId": "anna.advisor", "deputyType": "AGENT", "deputyId": "$deputy", "escalationLevel": "LEVEL_3"}"#,
        ),
        [ANON, DENIED, DENIED, DENIED, OK, DENIED, DENIED, OK],
    ),
    row(
        "get",
        "/app/rest/v4/deputyrelationships/{deputyRelationshipId}/read",
        DeputyLink,
        None,
        [ANON, GONE, GONE, GONE, OK, GONE, GONE, OK],
    ),
    row(
        "delete",
        "/app/rest/v4/deputyrelationships/{deputyRelationshipId}/delete",
        DeputyLink,
        None,
        [ANON, GONE, GONE, GONE, DONE, GONE, GONE, DONE],
    ),
    row(
        "post",
        "/app/rest/v4/deputyrelationships/search",
        DeputyLink,
        Some("{}"),
        [ANON, BLIND, BLIND, BLIND, SEES, BLIND, BLIND, SEES],
    )
    .subject("$invitation"),
    row(
        "post",
        "/app/rest/v4/deputyrelationships/writeAgentDeputies",
        Conversation,
        Some(
            r#"{"agentUserId": "anna.advisor", "assistants": [{"type": "AGENT", "id": "ben.assistant"}], "level1": [{"type": "AGENT", "id": "clara.deputy"}], "level2": [{"type": "TEAM", "id": "advisory"}], "level3": []}"#,
        ),
        [ANON, DENIED, DENIED, DENIED, DONE, DENIED, DENIED, DONE],
    ),
    // ---- users, teams, persons, availability ----
    row(
        "post",
        "/app/rest/v4/users/createWithPassword",
        Conversation,
        Some(
            r#"{"user": {"accountId": "helvetia-private-bank", "username": "user.$case", "email": "user.$case@helvetia.example", "authorizationRole": "REGISTERED_USER", "firstName": "New", "lastName": "User"}, "password": "a long enough password"}"#,
        ),
        [ANON, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, OK],
    ),
    row(
        "get",
        "/app/rest/v4/users/getByUsername",
        Conversation,
        None,
        [ANON, GONE, GONE, OK, OK, GONE, OK, OK],
    )
    .query("username=$person"),
    row(
        "get",
        "/app/rest/v4/users/{userId}/read",
        Conversation,
        None,
        [ANON, GONE, GONE, OK, OK, GONE, OK, OK],
    ),
    row(
        "post",
        "/app/rest/v4/users/{userId}/setPassword",
        Conversation,
        Some(r#"{"password": "anna", "currentPassword": "anna"}"#),
        [ANON, GONE, GONE, GONE, OK, GONE, GONE, OK],
    ),
    row(
        "post",
        "/app/rest/v4/teams/create",
        Conversation,
        Some(r#"{"name": "Team $case", "accountId": "helvetia-private-bank"}"#),
        [ANON, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, OK],
    ),
    row(
        "get",
        "/app/rest/v4/teams/{teamId}/read",
        Conversation,
        None,
        [ANON, GONE, GONE, OK, OK, GONE, OK, OK],
    ),
    row(
        "post",
        "/app/rest/v4/teams/search",
        Conversation,
        Some("{}"),
        [ANON, BLIND, BLIND, SEES, SEES, BLIND, SEES, SEES],
    )
    .subject("\"advisory\""),
    row(
        "get",
        "/app/rest/v4/teams/{teamId}/getChildTeams",
        Conversation,
        None,
        [ANON, GONE, GONE, OK, OK, GONE, OK, OK],
    ),
    row(
        "get",
        "/app/rest/v4/persons/{personId}/read",
        Conversation,
        None,
        [ANON, GONE, GONE, OK, OK, GONE, OK, OK],
    ),
    row(
        "post",
        "/app/rest/v4/persons/search",
        Conversation,
        Some(r#"{"orderBy": [{"field": "USERNAME", "order": "DESCENDING"}]}"#),
        [ANON, BLIND, BLIND, SEES, SEES, BLIND, SEES, SEES],
    )
    .subject("\"anna.advisor\""),
    row(
        "post",
        "/app/rest/v4/persons/{personId}/setAway",
        Conversation,
        Some(r#"{"away": false}"#),
        [ANON, GONE, GONE, DENIED, OK, GONE, DENIED, OK],
    ),
    row(
        "get",
        "/app/rest/v4/availability/getAgentAvailability",
        Conversation,
        None,
        [GONE, GONE, GONE, OK, OK, GONE, OK, OK],
    )
    .query("userId=$person"),
    // ---- webhooks ----
    row(
        "post",
        "/app/rest/v4/webhookregistrations/create",
        Conversation,
        Some(
            r#"{"name": "hook-$case", "endpoint": "http://127.0.0.1:9/hook", "active": true, "events": ["conversation.created"]}"#,
        ),
        [ANON, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, OK],
    ),
    row(
        "get",
        "/app/rest/v4/webhookregistrations/{registrationId}/read",
        Webhook,
        None,
        [ANON, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, OK],
    ),
    row(
        "delete",
        "/app/rest/v4/webhookregistrations/{registrationId}/delete",
        Webhook,
        None,
        [ANON, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, DONE],
    ),
    // ---- sign-in ----
    row(
        "post",
        "/app/rest/v4/authenticator/login",
        Conversation,
        Some(r#"{"username": "ben.assistant", "password": "ben"}"#),
        [OK, OK, OK, OK, OK, OK, OK, OK],
    ),
    row(
        "post",
        "/app/rest/v4/authenticator/logout",
        Conversation,
        Some("{}"),
        [DONE, DONE, DONE, DONE, DONE, DONE, DONE, DONE],
    ),
    row(
        "post",
        "/app/rest/v4/authenticator/loginWithSecureToken",
        Conversation,
        Some(r#"{"token": "$token", "type": "JWT"}"#),
        [DONE, DONE, DONE, DONE, DONE, DONE, DONE, DONE],
    ),
    // ---- Baton ----
    row(
        "get",
        "/baton/v1/session",
        Conversation,
        None,
        [ANON, OK, OK, OK, OK, OK, OK, ANON],
    ),
    row(
        "post",
        "/baton/v1/conversations/{id}/messages",
        Conversation,
        Some(r#"{"text": "Hello"}"#),
        [ANON, CREATED, GONE, GONE, CREATED, GONE, CONFLICT, DENIED],
    ),
    row(
        "get",
        "/baton/v1/conversations/{id}/messages",
        Conversation,
        None,
        [ANON, OK, GONE, GONE, OK, GONE, OK, OK],
    ),
    // Visitors have no hand-off history, whatever the id (refused before the lookup); Clara
    // sees the forwarding to her.
    row(
        "get",
        "/baton/v1/conversations/{id}/history",
        Forwarding,
        None,
        [ANON, DENIED, DENIED, SEES, SEES, GONE, SEES, SEES],
    )
    .subject("$invitation"),
    row(
        "get",
        "/baton/v1/audit/handoffs",
        Conversation,
        None,
        [ANON, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, SEES],
    )
    .subject("$conversation"),
    row(
        "get",
        "/baton/v1/conversations/{id}/participants",
        Conversation,
        None,
        [ANON, OK, GONE, GONE, OK, GONE, OK, OK],
    ),
    row(
        "get",
        "/baton/v1/conversations/{id}/prompt",
        Prompt,
        None,
        [ANON, OK, GONE, GONE, OK, GONE, OK, OK],
    ),
    row(
        "post",
        "/baton/v1/conversations/{id}/prompt",
        Prompt,
        Some(r#"{"promptId": "$prompt", "accept": false}"#),
        [ANON, DONE, GONE, GONE, DENIED, GONE, DENIED, DENIED],
    ),
    row(
        "post",
        "/baton/v1/conversations/{id}/unassign",
        Conversation,
        None,
        [ANON, DENIED, GONE, GONE, DONE, GONE, DONE, DONE],
    ),
    row(
        "post",
        "/baton/v1/invitations/{id}/respond",
        Forwarding,
        Some(r#"{"response": "ACCEPT", "channel": "QUEUE"}"#),
        [ANON, DENIED, DENIED, OK, GONE, GONE, GONE, DENIED],
    ),
    row(
        "post",
        "/baton/v1/redeem/pin",
        Pin,
        Some(r#"{"pin": "$token"}"#),
        [
            OK,
            CONFLICT,
            WRONG_TOKEN,
            DENIED,
            DENIED,
            DENIED,
            DENIED,
            DENIED,
        ],
    ),
    row(
        "post",
        "/baton/v1/redeem/link",
        Link,
        Some(r#"{"invitationId": "$invitation", "token": "$token"}"#),
        [
            OK,
            CONFLICT,
            WRONG_TOKEN,
            DENIED,
            DENIED,
            DENIED,
            DENIED,
            DENIED,
        ],
    ),
    row(
        "get",
        "/baton/v1/queue",
        Forwarding,
        None,
        [ANON, DENIED, DENIED, SEES, BLIND, BLIND, BLIND, DENIED],
    )
    .subject("$invitation"),
    row(
        "get",
        "/baton/v1/deputies/settings",
        Conversation,
        None,
        [ANON, DENIED, DENIED, OK, OK, OK, OK, DENIED],
    ),
    row(
        "get",
        "/baton/v1/events",
        Conversation,
        None,
        [ANON, OK, OK, OK, OK, OK, OK, OK],
    ),
    row(
        "post",
        "/baton/v1/sessions/revokeAll",
        Conversation,
        Some(r#"{"personId": "$person"}"#),
        [ANON, GONE, GONE, GONE, DONE, GONE, GONE, DONE],
    ),
    row(
        "get",
        "/baton/v1/texts",
        Conversation,
        None,
        [OK, OK, OK, OK, OK, OK, OK, OK],
    ),
    row(
        "get",
        "/baton/v1/admin/deliveries",
        Conversation,
        None,
        [ANON, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, OK],
    ),
    row(
        "post",
        "/baton/v1/admin/deliveries/{id}/retry",
        Conversation,
        None,
        [ANON, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, GONE],
    ),
    // ---- web push ----
    row(
        "get",
        "/baton/v1/push/vapidPublicKey",
        Conversation,
        None,
        [OK, OK, OK, OK, OK, OK, OK, OK],
    ),
    row(
        "get",
        "/baton/v1/push/subscriptions",
        Conversation,
        None,
        [ANON, DENIED, DENIED, OK, OK, OK, OK, DENIED],
    ),
    // Each agent takes the same browser's endpoint over from the one before.
    row(
        "post",
        "/baton/v1/push/subscriptions",
        Conversation,
        Some(
            r#"{"endpoint": "https://push.example/authz", "keys": {"p256dh": "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4", "auth": "BTBZMqHH6r4Tts7J_aSIgg"}}"#,
        ),
        [
            ANON, DENIED, DENIED, CREATED, CREATED, CREATED, CREATED, DENIED,
        ],
    ),
    row(
        "delete",
        "/baton/v1/push/subscriptions/{id}",
        Conversation,
        None,
        [ANON, DENIED, DENIED, GONE, GONE, GONE, GONE, DENIED],
    ),
    row(
        "post",
        "/baton/v1/push/subscriptions/{id}/test",
        Conversation,
        None,
        [ANON, DENIED, DENIED, GONE, GONE, GONE, GONE, DENIED],
    ),
    // Only the token answers: without one, nobody does.
    row(
        "post",
        "/baton/v1/push/answers",
        Conversation,
        Some(r#"{"token": "not-issued-$conversation", "response": "ACCEPT"}"#),
        [GONE, GONE, GONE, GONE, GONE, GONE, GONE, GONE],
    ),
    // ---- SuperOffice ----
    row(
        "post",
        "/api/v1/ChatSession/{chatSessionId}/TransferTo/{toAssociate}",
        Conversation,
        None,
        [ANON, OK, GONE, GONE, OK, GONE, OK, OK],
    ),
    row(
        "post",
        "/api/v1/ChatSession/{chatSessionId}/AcceptTransfer",
        Transfer,
        None,
        [ANON, DENIED, GONE, OK, DENIED, GONE, DENIED, DENIED],
    ),
    row(
        "post",
        "/api/v1/ChatSession/{chatSessionId}/RejectTransfer",
        Transfer,
        None,
        [ANON, DENIED, GONE, OK, DENIED, GONE, DENIED, DENIED],
    ),
    // ---- operations ----
    row(
        "get",
        "/healthz",
        Conversation,
        None,
        [OK, OK, OK, OK, OK, OK, OK, OK],
    ),
    row(
        "get",
        "/readyz",
        Conversation,
        None,
        [OK, OK, OK, OK, OK, OK, OK, OK],
    ),
    row(
        "get",
        "/metrics",
        Conversation,
        None,
        [ANON, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, OK],
    ),
];

/// The values a case's request refers to.
#[derive(Clone, Debug)]
struct Scene {
    case: usize,
    conversation: String,
    invitation: String,
    token: String,
    prompt: String,
    /// An agent of the bank, new in this case, in no conversation and nobody's deputy.
    deputy: String,
    /// The person in the path: Anna.
    person: String,
}

impl Scene {
    /// The ids of a scene where nothing exists.
    fn missing(case: usize) -> Self {
        Self {
            case,
            conversation: format!("missing-conversation-{case}"),
            invitation: format!("missing-invitation-{case}"),
            token: "00000000".into(),
            prompt: format!("missing-prompt-{case}"),
            deputy: format!("missing-agent-{case}"),
            person: format!("missing-person-{case}"),
        }
    }

    fn fill(&self, text: &str) -> String {
        text.replace("$conversation", &self.conversation)
            .replace("$invitation", &self.invitation)
            .replace("$token", &self.token)
            .replace("$prompt", &self.prompt)
            .replace("$deputy", &self.deputy)
            .replace("$person", &self.person)
            .replace("$case", &self.case.to_string())
    }

    /// The row's path with its parameters filled in.
    fn path(&self, row: &Row) -> String {
        let path = row
            .path
            .split('/')
            .map(|segment| match segment {
                "{conversationId}" | "{chatSessionId}" => self.conversation.clone(),
                "{id}" if row.path.starts_with("/baton/v1/conversations/") => {
                    self.conversation.clone()
                }
                "{id}" if row.path.starts_with("/baton/v1/admin/") => {
                    format!("missing-delivery-{}", self.case)
                }
                "{id}" | "{invitationId}" | "{deputyRelationshipId}" | "{registrationId}" => {
                    self.invitation.clone()
                }
                "{userId}" | "{personId}" => self.person.clone(),
                "{toAssociate}" => demo::CLARA.to_owned(),
                "{teamId}" => demo::ADVISORY.to_owned(),
                other => other.to_owned(),
            })
            .collect::<Vec<_>>()
            .join("/");
        if row.query.is_empty() {
            path
        } else {
            format!("{path}?{}", self.fill(row.query))
        }
    }
}

static CASES: AtomicUsize = AtomicUsize::new(0);

/// Builds the scene a case of `row` needs.
async fn scene(server: &TestServer, row: &Row) -> Scene {
    let case = CASES.fetch_add(1, Ordering::Relaxed);
    let conversation = format!("authz-conversation-{case}");
    let invitation = format!("authz-invitation-{case}");
    let anna = || Actor::Agent(demo::ANNA.into());
    execute(
        server,
        Actor::Admin,
        Command::CreateConversation {
            id: conversation.as_str().into(),
            account: demo::ACCOUNT.into(),
            topic: Some(format!("Case {case}")),
            visitor: Some(demo::VERA.into()),
            assignee: Some(demo::ANNA.into()),
            recipient: Some(Recipient::Agent(demo::ANNA.into())),
            request: None,
        },
    )
    .await;
    let deputy = format!("agent.{case}");
    execute(server, Actor::Admin, register_agent(&deputy)).await;
    let mut scene = Scene {
        case,
        token: String::new(),
        prompt: String::new(),
        deputy,
        person: demo::ANNA.to_owned(),
        conversation,
        invitation,
    };
    let command = match row.setup {
        Setup::Conversation | Setup::Prompt | Setup::DeputyLink | Setup::Webhook => None,
        Setup::SecondAgent => Some(Command::AddParticipant {
            conversation: scene.conversation.as_str().into(),
            person: scene.deputy.as_str().into(),
            participation_type: baton_core::conversation::ParticipationType::SecondaryAgent,
            hidden: false,
        }),
        Setup::Pin => {
            scene.token = format!("{:08}", 10_000_000 + case);
            Some(Command::InviteVisitorWithPin {
                conversation: scene.conversation.as_str().into(),
                invitation: scene.invitation.as_str().into(),
                pin: scene.token.clone(),
                nickname: None,
            })
        }
        Setup::Link => {
            scene.token = format!("authz-link-token-{case:016}");
            Some(Command::InviteVisitorWithLink {
                conversation: scene.conversation.as_str().into(),
                invitation: scene.invitation.as_str().into(),
                token: scene.token.clone(),
                nickname: None,
            })
        }
        Setup::Forwarding => Some(Command::ForwardToAgent {
            conversation: scene.conversation.as_str().into(),
            invitation: scene.invitation.as_str().into(),
            agent: demo::CLARA.into(),
            comment: None,
        }),
        Setup::Delegation => Some(Command::StartDeputyDelegation {
            conversation: scene.conversation.as_str().into(),
            invitation: scene.invitation.as_str().into(),
            level: baton_core::deputy::DelegationLevel::Level1,
            join_hidden: false,
        }),
        Setup::Transfer => Some(Command::TransferTo {
            conversation: scene.conversation.as_str().into(),
            invitation: scene.invitation.as_str().into(),
            agent: demo::CLARA.into(),
        }),
    };
    if let Some(command) = command {
        // Only administrators start a deputy delegation (seed 001: it is an API operation).
        let actor = if row.setup == Setup::Delegation {
            Actor::Admin
        } else {
            anna()
        };
        execute(server, actor, command).await;
    }
    match row.setup {
        // The first level is notified right after the start; the case begins once it was.
        Setup::Delegation => {
            let id = scene.invitation.as_str().into();
            common::eventually("the first level notified", || async {
                server
                    .app()
                    .runtime
                    .read(|s| s.invitations.get(&id).map(|i| i.secondary_targets.len()))
                    .filter(|notified| *notified > 0)
            })
            .await;
        }
        Setup::Prompt => scene.prompt = offered_prompt(server, &scene.conversation).await,
        Setup::DeputyLink => scene.invitation = new_deputy_link(server, &scene.deputy).await,
        Setup::Webhook => scene.invitation = new_webhook(server, case).await,
        _ => {}
    }
    if row.method == "post" && row.path.ends_with("/loginWithSecureToken") {
        scene.token = minted_token(server).await;
    }
    scene
}

/// Anna goes away, Vera writes, the prompt is offered; Anna comes back (for later cases).
async fn offered_prompt(server: &TestServer, conversation: &str) -> String {
    let presence = |presence| Command::SetPresence {
        person: demo::ANNA.into(),
        presence,
    };
    let anna = Actor::Agent(demo::ANNA.into());
    execute(server, anna.clone(), presence(PresenceState::Away)).await;
    let message = format!("message-{conversation}");
    execute(
        server,
        Actor::Visitor(demo::VERA.into()),
        Command::PostMessage {
            conversation: conversation.into(),
            message: message.as_str().into(),
            text: "Are you there?".into(),
        },
    )
    .await;
    execute(server, anna, presence(PresenceState::Online)).await;
    let (status, prompt) = json(
        server
            .admin(
                Method::GET,
                &format!("/baton/v1/conversations/{conversation}/prompt"),
            )
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 200, "the prompt of {conversation}: {prompt}");
    prompt["promptId"].as_str().unwrap().to_owned()
}

/// An agent of the bank who has no password (so no role of the matrix is them).
fn register_agent(id: &str) -> Command {
    use baton_core::directory::{AuthorizationRole, NotificationChannels, Person, PersonType};
    Command::RegisterPerson {
        person: Person {
            id: id.into(),
            person_type: PersonType::Agent,
            account: demo::ACCOUNT.into(),
            team: None,
            display_name: format!("Agent {id}"),
            username: Some(id.to_owned()),
            email: None,
            presence: PresenceState::Online,
            role: AuthorizationRole::RegisteredUser,
            notifications: NotificationChannels::ALL,
        },
    }
}

/// A new level 3 deputy link of Anna's to `deputy`, its id.
async fn new_deputy_link(server: &TestServer, deputy: &str) -> String {
    let link = common::ok(
        server
            .admin(Method::POST, &format!("{V4}/deputyrelationships/create"))
            .json(&serde_json::json!({
                "agentUserId": demo::ANNA, "deputyType": "AGENT",
                "deputyId": deputy, "escalationLevel": "LEVEL_3"
            })),
    )
    .await;
    link["id"].as_str().unwrap().to_owned()
}

/// A new webhook registration, its id.
async fn new_webhook(server: &TestServer, case: usize) -> String {
    let registration = common::ok(
        server
            .admin(Method::POST, &format!("{V4}/webhookregistrations/create"))
            .json(&serde_json::json!({
                "name": format!("hook-{case}"), "endpoint": "http://127.0.0.1:9/hook",
                "active": true, "events": ["conversation.created"]
            })),
    )
    .await;
    registration["id"].as_str().unwrap().to_owned()
}

/// A visitor token of Vera's, as the bank's backend mints it.
async fn minted_token(server: &TestServer) -> String {
    let minted = common::ok(
        server
            .anonymous(Method::POST, "/demo/bank/token")
            .json(&serde_json::json!({"username": demo::VERA})),
    )
    .await;
    minted["token"].as_str().unwrap().to_owned()
}

/// The request of `row` about `scene`, as `role`.
async fn request(server: &TestServer, role: Role, row: &Row, scene: &Scene) -> RequestBuilder {
    let method = Method::from_bytes(row.method.to_uppercase().as_bytes()).unwrap();
    let path = scene.path(row);
    let request = match (role, role.person()) {
        (Role::Admin, _) => server.admin(method, &path),
        (_, Some(person)) => server.session(person).await.request(method, &path),
        (_, None) => server.anonymous(method, &path),
    };
    match row.body {
        Some(body) => request
            .header("content-type", "application/json")
            .body(scene.fill(body)),
        None => request,
    }
}

/// Sends a request and answers its status and body (an event stream's body is not read).
async fn answer(request: RequestBuilder) -> (u16, String) {
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let stream = response
        .headers()
        .get("content-type")
        .is_some_and(|t| t.as_bytes().starts_with(b"text/event-stream"));
    let body = if stream {
        String::new()
    } else {
        response.text().await.unwrap_or_default()
    };
    (status, body)
}

/// What the error body says, with the scene's ids replaced, for comparing two refusals.
fn refusal(body: &str, scene: &Scene) -> Value {
    let body: Value = serde_json::from_str(body).unwrap_or(Value::Null);
    let message = body["errorMessage"]
        .as_str()
        .unwrap_or_default()
        .replace(&scene.conversation, "<conversation>")
        .replace(&scene.invitation, "<invitation>")
        .replace(&scene.person, "<person>");
    serde_json::json!({
        "statusCode": body["statusCode"], "errorCode": body["errorCode"], "message": message
    })
}

/// Runs one case and describes what went wrong, if anything.
async fn case(server: &TestServer, row: &Row, role: Role, expected: Expect) -> Option<String> {
    let scene = scene(server, row).await;
    let before = head(server).await;
    let (status, body) = answer(request(server, role, row, &scene).await).await;
    let got = match status {
        200 if !row.subject.is_empty() => {
            if body.contains(&scene.fill(row.subject)) {
                SEES
            } else {
                BLIND
            }
        }
        status => Expect::Status(status),
    };
    if got != expected {
        return Some(format!("got {got:?} ({})", truncated(&body)));
    }
    if status >= 400 {
        let after = head(server).await;
        if after != before {
            return Some(format!("refused with {status} but the log moved"));
        }
    }
    // Not found, and any refusal to the other bank's people, must read exactly as the answer
    // about something that does not exist.
    let outsider = matches!(role, Role::OtherVisitor | Role::OtherBankAgent);
    if status == 404 || (outsider && status >= 400) {
        let missing = Scene::missing(scene.case);
        let (twin_status, twin) = answer(request(server, role, row, &missing).await).await;
        if twin_status != status || refusal(&twin, &missing) != refusal(&body, &scene) {
            return Some(format!(
                "not found ({}) differs from nothing there ({twin_status}: {})",
                truncated(&body),
                truncated(&twin)
            ));
        }
    }
    None
}

fn truncated(body: &str) -> String {
    body.chars().take(160).collect()
}

#[test]
fn every_documented_operation_has_one_row_and_every_row_an_operation() {
    let documented: BTreeSet<(&str, &str)> = baton_server::http::operations()
        .iter()
        .map(|o| (o.method.openapi_key(), o.path))
        .collect();
    let mut rows = BTreeSet::new();
    for row in ROWS {
        assert!(
            rows.insert((row.method, row.path)),
            "{} {} has two rows",
            row.method,
            row.path
        );
    }
    let unlisted: Vec<_> = documented.difference(&rows).collect();
    let undocumented: Vec<_> = rows.difference(&documented).collect();
    assert!(
        unlisted.is_empty(),
        "operations without a row: {unlisted:?}"
    );
    assert!(
        undocumented.is_empty(),
        "rows of no documented operation: {undocumented:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_operation_answers_each_role_as_the_matrix_says() {
    // A refused request must leave the log as it was; the desks the cases open must not move
    // it either: every agent is online from the start (a desk finds them so and records
    // nothing), and no grace ends during the run.
    let mut settings = common::settings(|_| {});
    settings.presence.grace_seconds = 86_400;
    let server = TestServer::with_settings(settings).await;
    let agents: Vec<_> = server.app().runtime.read(|s| {
        s.directory
            .persons
            .keys()
            .filter(|id| s.directory.agent(id).is_some())
            .cloned()
            .collect()
    });
    for person in agents {
        let command = baton_core::Command::SetPresence {
            person,
            presence: baton_core::directory::PresenceState::Online,
        };
        server
            .app()
            .execute(&baton_core::Actor::Admin, command)
            .await
            .unwrap();
    }
    let mut failures = String::new();
    for row in ROWS {
        for (role, expected) in ROLES.into_iter().zip(row.expect) {
            if let Some(failure) = case(&server, row, role, expected).await {
                writeln!(
                    failures,
                    "{} {} as {role:?}: expected {expected:?}, {failure}",
                    row.method, row.path
                )
                .unwrap();
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ:\n{failures}",
        failures.lines().count(),
        ROWS.len() * ROLES.len()
    );
}

#[tokio::test]
async fn the_sibling_bank_is_in_the_demo_and_apart() {
    let server = TestServer::demo().await;
    let otto = server.session(demo::OTTO).await;
    let (status, own) = json(
        otto.request(
            Method::GET,
            &format!("{V4}/conversations/{}/read", demo::WANDA_AND_OTTO),
        )
        .send()
        .await
        .unwrap(),
    )
    .await;
    assert_eq!(status, 200, "{own}");
    assert_eq!(own["accountId"], demo::OTHER_ACCOUNT);
    let vera_and_anna = format!("{V4}/conversations/{}/read", demo::VERA_AND_ANNA);
    let (status, _) = json(
        otto.request(Method::GET, &vera_and_anna)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 404);
    let anna = server.session(demo::ANNA).await;
    let (status, _) = json(
        anna.request(
            Method::GET,
            &format!("{V4}/conversations/{}/read", demo::WANDA_AND_OTTO),
        )
        .send()
        .await
        .unwrap(),
    )
    .await;
    assert_eq!(status, 404);
    let response = server
        .anonymous(Method::POST, &format!("{V4}/authenticator/login"))
        .json(&serde_json::json!({"username": demo::OTTO, "password": "otto"}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.status(),
        200,
        "Otto signs in with the demo password"
    );
}

#[tokio::test]
async fn the_sibling_banks_event_streams_carry_nothing_of_this_bank() {
    let server = TestServer::demo().await;
    let otto = server.session(demo::OTTO).await;
    let wanda = server.session(demo::WANDA).await;
    let mut ottos = common::SseReader::open(otto.request(Method::GET, "/baton/v1/events")).await;
    let mut wandas = common::SseReader::open(wanda.request(Method::GET, "/baton/v1/events")).await;
    let anna = Actor::Agent(demo::ANNA.into());
    execute(
        &server,
        anna.clone(),
        Command::PostMessage {
            conversation: demo::VERA_AND_ANNA.into(),
            message: "helvetia-message".into(),
            text: "Helvetia only".into(),
        },
    )
    .await;
    execute(
        &server,
        anna,
        Command::ForwardToAgent {
            conversation: demo::VERA_AND_ANNA.into(),
            invitation: "helvetia-forwarding".into(),
            agent: demo::CLARA.into(),
            comment: Some("Helvetia note".into()),
        },
    )
    .await;
    execute(
        &server,
        Actor::Agent(demo::OTTO.into()),
        Command::PostMessage {
            conversation: demo::WANDA_AND_OTTO.into(),
            message: "alpina-sentinel".into(),
            text: "sentinel".into(),
        },
    )
    .await;
    let wait = std::time::Duration::from_secs(5);
    for stream in [&mut ottos, &mut wandas] {
        let frames = stream.until(wait, |f| f.data.contains("sentinel")).await;
        for frame in &frames {
            for secret in [demo::VERA_AND_ANNA, "Helvetia", demo::ANNA, demo::CLARA] {
                assert!(!frame.data.contains(secret), "{secret} leaked: {frame:?}");
            }
        }
    }
}
