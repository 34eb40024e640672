//! `/openapi.json`: the whole HTTP API as an OpenAPI 3.1 document. The schemas come from the
//! wire types themselves (`baton_api::openapi::components`), so they cannot drift; the list of
//! operations below is checked against the router by the tests (every documented operation is
//! served at its method and path).

use axum::Json;
use serde_json::{Map, Value, json};

use crate::http::routes::Routes;

/// What an operation answers on success.
#[derive(Clone, Copy, Debug)]
pub enum Answer {
    /// 200 with this schema.
    Json(&'static str),
    /// 200 with this schema, or 204 when there is nothing to show.
    JsonOrNone(&'static str),
    /// 201 with this schema.
    Created(&'static str),
    /// 200 with an array of this schema.
    List(&'static str),
    /// 204.
    NoContent,
    /// 200 `text/event-stream` of this schema's entries.
    Stream(&'static str),
    /// 200 `text/plain`.
    Text,
    /// 200 `{"status": "ok", "events": <the log's head>}`.
    Health,
}

/// One documented operation.
#[derive(Clone, Copy, Debug)]
pub struct Operation {
    /// `get`, `post` or `delete`.
    pub method: &'static str,
    /// The full path, with `{parameters}`.
    pub path: &'static str,
    /// The group it belongs to.
    pub tag: &'static str,
    /// One line on what it does.
    pub summary: &'static str,
    /// The request body's schema, if any.
    pub body: Option<&'static str>,
    /// The success answer.
    pub answer: Answer,
    /// Its optional query parameters: (name, description).
    pub query: &'static [(&'static str, &'static str)],
}

impl Operation {
    /// The operation with optional query parameters.
    const fn with_query(self, query: &'static [(&'static str, &'static str)]) -> Self {
        Self { query, ..self }
    }
}

const fn op(
    method: &'static str,
    path: &'static str,
    tag: &'static str,
    summary: &'static str,
    body: Option<&'static str>,
    answer: Answer,
) -> Operation {
    Operation {
        method,
        path,
        tag,
        summary,
        body,
        answer,
        query: &[],
    }
}

use Answer::{Created, Health, Json as J, JsonOrNone, List, NoContent, Stream, Text};

const V4: &str = "Unblu web API v4";
const BATON: &str = "Baton";
const SUPEROFFICE: &str = "SuperOffice";
const OPS: &str = "Operations";

/// Every operation the server offers (the demo-only bank token endpoint excluded).
pub const OPERATIONS: &[Operation] = &[
    op(
        "post",
        "/app/rest/v4/conversations/create",
        V4,
        "Create a conversation (with an assignee, or a request to an agent, a team or the queue).",
        Some("ConversationCreationData"),
        J("ConversationData"),
    ),
    op(
        "get",
        "/app/rest/v4/conversations/{conversationId}/read",
        V4,
        "Read a conversation (visitors never see hidden participants).",
        None,
        J("ConversationData"),
    ),
    op(
        "post",
        "/app/rest/v4/conversations/search",
        V4,
        "Search the conversations the caller may see.",
        Some("ConversationQuery"),
        J("ConversationResult"),
    ),
    op(
        "post",
        "/app/rest/v4/conversations/{conversationId}/addParticipant",
        V4,
        "Add a secondary agent or visitor.",
        Some("ConversationsAddParticipantBody"),
        J("ConversationData"),
    ),
    op(
        "post",
        "/app/rest/v4/conversations/{conversationId}/setAssigneePerson",
        V4,
        "Make an active, visible participant the assignee.",
        Some("ConversationsSetAssigneePersonBody"),
        J("ConversationData"),
    ),
    op(
        "post",
        "/app/rest/v4/conversations/{conversationId}/changeParticipantVisibility",
        V4,
        "Hide or show a participant.",
        Some("ConversationsChangeParticipantVisibilityBody"),
        J("ConversationData"),
    ),
    op(
        "post",
        "/app/rest/v4/conversations/{conversationId}/offboardParticipant",
        V4,
        "Remove a participant (removing the assignee ends the conversation).",
        Some("ConversationsOffboardParticipantBody"),
        J("ConversationData"),
    ),
    op(
        "post",
        "/app/rest/v4/conversations/{conversationId}/setAwaitedPersonType",
        V4,
        "Set who must react next.",
        Some("ConversationsSetAwaitedPersonTypeBody"),
        J("ConversationData"),
    ),
    op(
        "post",
        "/app/rest/v4/conversations/{conversationId}/end",
        V4,
        "End a conversation.",
        Some("ConversationsEndBody"),
        J("ConversationData"),
    ),
    op(
        "post",
        "/app/rest/v4/invitations/forwardConversationToAgent",
        V4,
        "Forward to an agent who does not participate.",
        Some("InvitationsForwardConversationToAgentBody"),
        J("ConversationInvitationData"),
    ),
    op(
        "post",
        "/app/rest/v4/invitations/forwardConversationToTeam",
        V4,
        "Forward to a team (members of the team and its parent teams may accept).",
        Some("InvitationsForwardConversationToTeamBody"),
        J("ConversationInvitationData"),
    ),
    op(
        "post",
        "/app/rest/v4/invitations/inviteAgentToConversation",
        V4,
        "Invite an agent as a secondary participant.",
        Some("InvitationsInviteAgentToConversationBody"),
        J("ConversationInvitationData"),
    ),
    op(
        "post",
        "/app/rest/v4/invitations/inviteTeamToConversation",
        V4,
        "Invite a team's agents.",
        Some("InvitationsInviteTeamToConversationBody"),
        J("ConversationInvitationData"),
    ),
    op(
        "post",
        "/app/rest/v4/invitations/inviteAnonymousVisitorToConversationWithPin",
        V4,
        "Invite a customer with a PIN (shown in this answer only).",
        Some("InvitationsInviteAnonymousVisitorToConversationWithPinBody"),
        J("ConversationInvitationData"),
    ),
    op(
        "post",
        "/app/rest/v4/invitations/inviteAnonymousVisitorToConversationWithEmail",
        V4,
        "Invite a customer by e-mail link.",
        Some("InvitationsInviteAnonymousVisitorToConversationWithEmailBody"),
        J("ConversationInvitationData"),
    ),
    op(
        "post",
        "/app/rest/v4/invitations/inviteAnonymousVisitorToConversationWithLink",
        V4,
        "Create a shareable invitation link.",
        Some("InvitationsInviteAnonymousVisitorToConversationWithLinkBody"),
        J("ConversationInvitationData"),
    ),
    op(
        "post",
        "/app/rest/v4/invitations/{invitationId}/renewPin",
        V4,
        "Replace a PIN and restart its lifetime.",
        None,
        J("ConversationInvitationData"),
    ),
    op(
        "post",
        "/app/rest/v4/invitations/{invitationId}/revoke",
        V4,
        "Revoke an open invitation.",
        None,
        J("ConversationInvitationData"),
    ),
    op(
        "get",
        "/app/rest/v4/invitations/{invitationId}/read",
        V4,
        "Read an invitation (never with its token).",
        None,
        J("ConversationInvitationData"),
    ),
    op(
        "post",
        "/app/rest/v4/invitations/search",
        V4,
        "Search invitations.",
        Some("ConversationInvitationQuery"),
        J("ConversationInvitationResult"),
    ),
    op(
        "post",
        "/app/rest/v4/invitations/getAcceptLink",
        V4,
        "The link that accepts an invitation, given its PIN or token.",
        Some("InvitationsGetAcceptLinkBody"),
        J("AcceptLinkData"),
    ),
    op(
        "post",
        "/app/rest/v4/invitations/requeueConversation",
        V4,
        "Put a conversation back into the queue.",
        Some("InvitationsRequeueConversationBody"),
        J("ConversationInvitationData"),
    ),
    op(
        "post",
        "/app/rest/v4/invitations/startDeputyDelegation",
        V4,
        "Ask the assignee's deputies, from a level.",
        Some("InvitationsStartDeputyDelegationBody"),
        J("ConversationInvitationData"),
    ),
    op(
        "post",
        "/app/rest/v4/invitations/{invitationId}/addSecondaryInvitationTarget",
        V4,
        "Add a deputy as a secondary target.",
        Some("InvitationsAddSecondaryInvitationTargetBody"),
        J("ConversationInvitationData"),
    ),
    op(
        "post",
        "/app/rest/v4/deputyrelationships/create",
        V4,
        "Add one deputy relationship.",
        Some("DeputyRelationship"),
        J("DeputyRelationship"),
    ),
    op(
        "get",
        "/app/rest/v4/deputyrelationships/{deputyRelationshipId}/read",
        V4,
        "Read a deputy relationship.",
        None,
        J("DeputyRelationship"),
    ),
    op(
        "delete",
        "/app/rest/v4/deputyrelationships/{deputyRelationshipId}/delete",
        V4,
        "Remove a deputy relationship.",
        None,
        NoContent,
    ),
    op(
        "post",
        "/app/rest/v4/deputyrelationships/search",
        V4,
        "Search deputy relationships.",
        Some("DeputyRelationshipQuery"),
        J("DeputyRelationshipResult"),
    ),
    op(
        "post",
        "/app/rest/v4/deputyrelationships/writeAgentDeputies",
        V4,
        "Replace an agent's assistants and deputies.",
        Some("WriteAgentDeputyRelationshipsBody"),
        NoContent,
    ),
    op(
        "post",
        "/app/rest/v4/users/createWithPassword",
        V4,
        "Create an agent with a password.",
        Some("UserPasswordContainer"),
        J("User"),
    ),
    op(
        "get",
        "/app/rest/v4/users/getByUsername",
        V4,
        "Find a user by username (`?username=`).",
        None,
        J("User"),
    ),
    op(
        "get",
        "/app/rest/v4/users/{userId}/read",
        V4,
        "Read a user.",
        None,
        J("User"),
    ),
    op(
        "post",
        "/app/rest/v4/users/{userId}/setPassword",
        V4,
        "Set a user's password (the administrator), or change your own with `currentPassword`; every session of the user ends.",
        Some("UsersSetPasswordBody"),
        J("User"),
    ),
    op(
        "post",
        "/app/rest/v4/teams/create",
        V4,
        "Create a team.",
        Some("Team"),
        J("Team"),
    ),
    op(
        "get",
        "/app/rest/v4/teams/{teamId}/read",
        V4,
        "Read a team.",
        None,
        J("Team"),
    ),
    op(
        "post",
        "/app/rest/v4/teams/search",
        V4,
        "Search teams.",
        Some("TeamQuery"),
        J("TeamResult"),
    ),
    op(
        "get",
        "/app/rest/v4/teams/{teamId}/getChildTeams",
        V4,
        "A team's child teams, all levels down.",
        None,
        J("TeamList"),
    ),
    op(
        "get",
        "/app/rest/v4/persons/{personId}/read",
        V4,
        "Read a person.",
        None,
        J("PersonData"),
    ),
    op(
        "post",
        "/app/rest/v4/persons/search",
        V4,
        "Search persons.",
        Some("PersonQuery"),
        J("PersonResult"),
    ),
    op(
        "post",
        "/app/rest/v4/persons/{personId}/setAway",
        V4,
        "Mark an agent away or back.",
        Some("PersonsSetAwayBody"),
        J("AgentPersonStateData"),
    ),
    op(
        "get",
        "/app/rest/v4/availability/getAgentAvailability",
        V4,
        "Whether agents are available (`?userId=`).",
        None,
        J("AgentAvailabilityStateData"),
    ),
    op(
        "post",
        "/app/rest/v4/webhookregistrations/create",
        V4,
        "Register a webhook (answers its secret once).",
        Some("WebhookRegistration"),
        J("WebhookRegistration"),
    ),
    op(
        "get",
        "/app/rest/v4/webhookregistrations/{registrationId}/read",
        V4,
        "Read a webhook registration (without its secret).",
        None,
        J("WebhookRegistration"),
    ),
    op(
        "delete",
        "/app/rest/v4/webhookregistrations/{registrationId}/delete",
        V4,
        "Delete a webhook registration.",
        None,
        NoContent,
    ),
    op(
        "post",
        "/app/rest/v4/authenticator/login",
        V4,
        "Sign an agent in: session cookie, CSRF token in `X-CSRF-Token`.",
        Some("AuthenticatorLoginBody"),
        J("LoginResult"),
    ),
    op(
        "post",
        "/app/rest/v4/authenticator/logout",
        V4,
        "Sign out.",
        Some("AuthenticatorLogoutBody"),
        NoContent,
    ),
    op(
        "post",
        "/app/rest/v4/authenticator/loginWithSecureToken",
        V4,
        "Sign a bank customer in with the JWT the bank issued.",
        Some("SecureTokenRequest"),
        NoContent,
    ),
    op(
        "get",
        "/baton/v1/session",
        BATON,
        "Who is signed in, with the CSRF token.",
        None,
        J("BatonSession"),
    ),
    op(
        "post",
        "/baton/v1/conversations/{id}/messages",
        BATON,
        "Post a message (a visitor's may offer the deputy prompt).",
        Some("BatonPostMessageBody"),
        Created("BatonMessage"),
    ),
    op(
        "get",
        "/baton/v1/conversations/{id}/messages",
        BATON,
        "The messages the caller may read.",
        None,
        List("BatonMessage"),
    ),
    op(
        "get",
        "/baton/v1/conversations/{id}/participants",
        BATON,
        "Who is in the conversation, with names (visitors never see hidden participants).",
        None,
        List("BatonParticipant"),
    ),
    op(
        "get",
        "/baton/v1/conversations/{id}/prompt",
        BATON,
        "The open \"Invite a deputy?\" prompt, rendered in the caller's locale (204 when none).",
        None,
        JsonOrNone("BatonPrompt"),
    ),
    op(
        "post",
        "/baton/v1/conversations/{id}/prompt",
        BATON,
        "Answer the prompt (accepting starts the deputy delegation).",
        Some("BatonPromptAnswer"),
        NoContent,
    ),
    op(
        "post",
        "/baton/v1/conversations/{id}/unassign",
        BATON,
        "Unassign: the organisation's other agents see the conversation again.",
        None,
        NoContent,
    ),
    op(
        "post",
        "/baton/v1/invitations/{id}/respond",
        BATON,
        "Accept, decline, ignore or answer later.",
        Some("BatonDelegationResponseBody"),
        J("ConversationInvitationData"),
    ),
    op(
        "post",
        "/baton/v1/redeem/pin",
        BATON,
        "Join with a PIN (anonymous callers get a visitor session).",
        Some("BatonRedeemPinBody"),
        J("BatonRedemption"),
    ),
    op(
        "post",
        "/baton/v1/redeem/link",
        BATON,
        "Join with an e-mail or shared link.",
        Some("BatonRedeemLinkBody"),
        J("BatonRedemption"),
    ),
    op(
        "get",
        "/baton/v1/queue",
        BATON,
        "The signed-in agent's queue.",
        None,
        List("BatonQueueItem"),
    ),
    op(
        "get",
        "/baton/v1/deputies/settings",
        BATON,
        "Whether the signed-in agent may manage their own deputies, and which levels are externally managed.",
        None,
        J("BatonDeputySettings"),
    ),
    op(
        "get",
        "/baton/v1/events",
        BATON,
        "Server-Sent Events the caller may see; resumes after `Last-Event-ID`.",
        None,
        Stream("BatonEvent"),
    ),
    op(
        "post",
        "/baton/v1/sessions/revokeAll",
        BATON,
        "Sign out everywhere: end every session and event stream of the caller (the administrator: of `personId`).",
        Some("BatonRevokeSessionsBody"),
        NoContent,
    ),
    op(
        "get",
        "/baton/v1/texts",
        BATON,
        "Every text property in one locale, the bank's overrides applied (public, cacheable).",
        None,
        J("BatonTexts"),
    )
    .with_query(&[
        (
            "locale",
            "The locale (`de`, `de-CH`); else the first of `Accept-Language`, else `en`.",
        ),
        (
            "ui",
            "Only the texts one user interface shows: `visitor` (`com.baton.widget.*`) or \
             `agent` (those and `com.baton.agent.*`); else every text.",
        ),
    ]),
    op(
        "get",
        "/baton/v1/admin/deliveries",
        BATON,
        "Outgoing e-mails and webhooks, newest first (web API administrator).",
        None,
        List("BatonDelivery"),
    )
    .with_query(&[(
        "state",
        "Only `pending`, `delivered` or `failed` ones (parked after their last attempt).",
    )]),
    op(
        "post",
        "/baton/v1/admin/deliveries/{id}/retry",
        BATON,
        "Put a failed delivery back in line at once, with a fresh count of attempts.",
        None,
        NoContent,
    ),
    op(
        "post",
        "/api/v1/ChatSession/{chatSessionId}/TransferTo/{toAssociate}",
        SUPEROFFICE,
        "Request a transfer to another user (nothing happens unless the session is the caller's).",
        None,
        J("ChatSessionEntity"),
    ),
    op(
        "post",
        "/api/v1/ChatSession/{chatSessionId}/AcceptTransfer",
        SUPEROFFICE,
        "Accept the transfer pending for the caller.",
        None,
        J("ChatSessionEntity"),
    ),
    op(
        "post",
        "/api/v1/ChatSession/{chatSessionId}/RejectTransfer",
        SUPEROFFICE,
        "Reject the transfer pending for the caller.",
        None,
        J("ChatSessionEntity"),
    ),
    op(
        "get",
        "/healthz",
        OPS,
        "The event log answers.",
        None,
        Health,
    ),
    op(
        "get",
        "/metrics",
        OPS,
        "Prometheus metrics (web API administrator).",
        None,
        Text,
    ),
];

fn schema_ref(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

fn operation(o: &Operation) -> Value {
    let parameters: Vec<Value> = o
        .path
        .split('/')
        .filter_map(|segment| segment.strip_prefix('{')?.strip_suffix('}'))
        .map(|name| json!({"name": name, "in": "path", "required": true, "schema": {"type": "string"}}))
        .chain(o.query.iter().map(|(name, description)| {
            json!({"name": name, "in": "query", "required": false, "description": description, "schema": {"type": "string"}})
        }))
        .chain((o.method == "post" && super::idempotency::honoured(o.path)).then(|| {
            json!({"name": "Idempotency-Key", "in": "header", "required": false, "description": "A retry with the same key and request within 24 h answers the first answer and records nothing new; the same key with another request is 422 `IDEMPOTENCY_KEY_REUSED`, one still being processed 409 `IDEMPOTENCY_KEY_IN_USE`. Keys (1-255 visible ASCII characters) are the signed-in caller's own.", "schema": {"type": "string", "maxLength": 255}})
        }))
        .collect();
    let json_ok = |schema: Value| json!({"description": "OK", "content": {"application/json": {"schema": schema}}});
    let mut responses = Map::new();
    let success = match o.answer {
        Answer::Json(name) => ("200", json_ok(schema_ref(name))),
        Answer::JsonOrNone(name) => {
            responses.insert("204".into(), json!({"description": "Nothing to show"}));
            ("200", json_ok(schema_ref(name)))
        }
        Answer::Created(name) => (
            "201",
            json!({"description": "Created", "content": {"application/json": {"schema": schema_ref(name)}}}),
        ),
        Answer::List(name) => (
            "200",
            json!({"description": "OK", "content": {"application/json": {"schema": {"type": "array", "items": schema_ref(name)}}}}),
        ),
        Answer::NoContent => ("204", json!({"description": "No Content"})),
        Answer::Stream(name) => (
            "200",
            json!({"description": "Server-Sent Events: `id` is the log position, `event` the kind, `data` one entry", "content": {"text/event-stream": {"itemSchema": schema_ref(name)}}}),
        ),
        Answer::Text => (
            "200",
            json!({"description": "OK", "content": {"text/plain": {"schema": {"type": "string"}}}}),
        ),
        Answer::Health => (
            "200",
            json_ok(json!({
                "type": "object",
                "required": ["status", "events"],
                "properties": {
                    "status": {"const": "ok"},
                    "events": {"type": "integer", "description": "The log's head: events recorded so far"},
                },
            })),
        ),
    };
    responses.insert(success.0.into(), success.1);
    responses.insert(
        "default".into(),
        json!({"description": "Unblu's error body, with Baton's stable `errorCode`", "content": {"application/json": {"schema": schema_ref("ErrorBody")}}}),
    );
    let mut value = json!({
        "tags": [o.tag],
        "summary": o.summary,
        "parameters": parameters,
        "responses": responses,
    });
    if let Some(body) = o.body {
        value["requestBody"] = json!({"required": true, "content": {"application/json": {"schema": schema_ref(body)}}});
    }
    value
}

/// The OpenAPI document.
pub fn document() -> Value {
    let mut paths = Map::new();
    for o in OPERATIONS {
        let item = paths.entry(o.path).or_insert_with(|| json!({}));
        item[o.method] = operation(o);
    }
    let schemas =
        serde_json::to_value(baton_api::openapi::components().schemas).unwrap_or(Value::Null);
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Baton",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Conversation hand-off: forwarding, reassigning, invitations by PIN or e-mail, unassigning, transfers and deputy delegation. Where Unblu's web API v4 has the operation, Baton uses its path, body and error shape.",
        },
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {
                "basic": {"type": "http", "scheme": "basic", "description": "The web API administrator, or an agent's own credentials."},
                "session": {"type": "apiKey", "in": "cookie", "name": "baton_session", "description": "After sign-in; state-changing requests also send `X-CSRF-Token`."},
            },
        },
        "security": [{"basic": []}, {"session": []}],
    })
}

pub(super) fn routes() -> Routes {
    Routes::new().get("/openapi.json", || async { Json(document()) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_referenced_schema_exists() {
        let doc = document();
        let text = doc.to_string();
        let schemas = doc["components"]["schemas"].as_object().unwrap();
        for reference in text.split("\"#/components/schemas/").skip(1) {
            let name = reference.split('"').next().unwrap();
            assert!(schemas.contains_key(name), "no schema {name}");
        }
    }

    #[test]
    fn every_operation_is_documented_once() {
        let mut seen = std::collections::BTreeSet::new();
        for o in OPERATIONS {
            assert!(
                seen.insert((o.method, o.path)),
                "{} {} twice",
                o.method,
                o.path
            );
        }
        assert!(OPERATIONS.len() >= 60);
    }

    #[test]
    fn the_texts_document_their_optional_locale_and_ui() {
        let doc = document();
        let parameters = &doc["paths"]["/baton/v1/texts"]["get"]["parameters"];
        for (i, name) in ["locale", "ui"].into_iter().enumerate() {
            assert_eq!(parameters[i]["name"], name);
            assert_eq!(parameters[i]["in"], "query");
            assert_eq!(parameters[i]["required"], false);
        }
    }
}
