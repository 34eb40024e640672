//! Baton's own endpoints under `/baton/v1` over real HTTP: messages, the deputy prompt,
//! answers to invitations, PIN and link redemption (with the per-client limit), unassigning
//! and the agent's queue. Every endpoint: the happy path, and bad input answering Unblu's
//! error body while changing nothing.

use crate::common;

use baton_core::command::Command;
use baton_core::directory::{PersonType, PresenceState};
use baton_core::{Actor, demo};
use common::{
    CookieSession, TestServer, add_other_bank, add_person, assert_error, eventually, execute, head,
    json, oversized_json, refused, send,
};
use reqwest::{Method, RequestBuilder, StatusCode};
use serde_json::json;
use std::time::Duration;

const MESSAGES: &str = "/baton/v1/conversations/conversation-vera-anna/messages";
const PROMPT: &str = "/baton/v1/conversations/conversation-vera-anna/prompt";
const UNASSIGN: &str = "/baton/v1/conversations/conversation-vera-anna/unassign";

fn anna() -> Actor {
    Actor::Agent(demo::ANNA.into())
}

fn raw(request: RequestBuilder, body: &str) -> RequestBuilder {
    request
        .header("content-type", "application/json")
        .body(body.to_owned())
}

async fn forward_to_clara(server: &TestServer, invitation: &str, comment: Option<&str>) {
    execute(
        server,
        anna(),
        Command::ForwardToAgent {
            conversation: demo::VERA_AND_ANNA.into(),
            invitation: invitation.into(),
            agent: demo::CLARA.into(),
            comment: comment.map(str::to_owned),
        },
    )
    .await;
}

async fn set_presence(server: &TestServer, person: &str, presence: PresenceState) {
    execute(
        server,
        Actor::Agent(person.into()),
        Command::SetPresence {
            person: person.into(),
            presence,
        },
    )
    .await;
}

async fn invite_with_pin(server: &TestServer, invitation: &str, pin: &str) {
    execute(
        server,
        anna(),
        Command::InviteVisitorWithPin {
            conversation: demo::VERA_AND_ANNA.into(),
            invitation: invitation.into(),
            pin: pin.into(),
            nickname: Some("Max Muster".into()),
        },
    )
    .await;
}

/// Vera writes while Anna is `presence`, is offered the prompt and answers it; the answer's
/// status.
#[expect(
    clippy::unwrap_used,
    reason = "a test helper: a request that cannot be sent fails the test"
)]
async fn prompted_and_answered(
    server: &TestServer,
    vera: &CookieSession,
    presence: PresenceState,
    accept: bool,
) -> StatusCode {
    set_presence(server, demo::ANNA, presence).await;
    let posted = server
        .with_session(vera, Method::POST, MESSAGES)
        .json(&json!({"text": "Hello?"}))
        .send()
        .await;
    assert_eq!(posted.unwrap().status(), StatusCode::CREATED);
    let (_, prompt) = json(
        server
            .with_session(vera, Method::GET, PROMPT)
            .send()
            .await
            .unwrap(),
    )
    .await;
    server
        .with_session(vera, Method::POST, PROMPT)
        .json(&json!({"promptId": prompt["promptId"], "accept": accept}))
        .send()
        .await
        .unwrap()
        .status()
}

// ---- messages ----

/// The messages of a list, without the conversation events shown among them (`SYSTEM`).
fn chat(list: &serde_json::Value) -> Vec<&serde_json::Value> {
    list.as_array()
        .into_iter()
        .flatten()
        .filter(|m| m["authorType"] != "SYSTEM")
        .collect()
}

#[tokio::test]
async fn a_visitor_and_an_agent_post_and_read_messages() {
    let server = TestServer::demo().await;
    let vera = server.session_for(demo::VERA).await;
    let (status, posted) = json(
        server
            .with_session(&vera, Method::POST, MESSAGES)
            .json(&json!({"$_type": "BatonPostMessageBody", "text": "  <b>Hello</b> Anna  "}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{posted}");
    assert_eq!(posted["$_type"], "BatonMessage");
    assert_eq!(posted["authorType"], "PERSON");
    assert_eq!(posted["authorPersonId"], demo::VERA);
    assert_eq!(posted["text"], "<b>Hello</b> Anna", "plain text, trimmed");
    assert_eq!(posted["audience"], "EVERYONE");
    assert!(posted["id"].as_str().unwrap().starts_with("msg_"));

    let (status, reply) = json(
        server
            .agent(demo::ANNA, Method::POST, MESSAGES)
            .json(&json!({"text": "Hello Vera"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(reply["authorPersonId"], demo::ANNA);

    // Each reader sees the other join, not themselves.
    for (request, other) in [
        (
            server.with_session(&vera, Method::GET, MESSAGES),
            "Anna Advisor",
        ),
        (
            server.agent(demo::ANNA, Method::GET, MESSAGES),
            "Vera Visitor",
        ),
    ] {
        let (status, list) = json(request.send().await.unwrap()).await;
        assert_eq!(status, 200);
        let texts: Vec<&str> = list
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["text"].as_str().unwrap())
            .collect();
        let joined = format!("{other} joined the conversation.");
        assert_eq!(texts, [joined.as_str(), "<b>Hello</b> Anna", "Hello Vera"]);
    }
}

#[tokio::test]
async fn conversation_events_are_shown_among_the_messages_to_whoever_may_see_them() {
    let server = TestServer::demo().await;
    let vera = server.session_for(demo::VERA).await;
    let add = |person: &str, hidden: bool| Command::AddParticipant {
        conversation: demo::VERA_AND_ANNA.into(),
        person: person.into(),
        participation_type: baton_core::conversation::ParticipationType::SecondaryAgent,
        hidden,
    };
    execute(&server, anna(), add(demo::CLARA, true)).await;
    execute(&server, anna(), add(demo::BEN, false)).await;
    execute(
        &server,
        anna(),
        Command::OffboardParticipant {
            conversation: demo::VERA_AND_ANNA.into(),
            person: demo::BEN.into(),
            reason: baton_core::conversation::OffboardingReason::Kicked,
            comment: Some("not for Vera".into()),
        },
    )
    .await;
    let answered = prompted_and_answered(&server, &vera, PresenceState::Offline, true).await;
    assert_eq!(answered, StatusCode::NO_CONTENT);

    let list = |request: RequestBuilder| async move {
        let (status, list) = json(request.send().await.unwrap()).await;
        assert_eq!(status, 200, "{list}");
        list.as_array().unwrap().clone()
    };
    // The scheduler records the first level's notification right after the answer.
    let for_vera = eventually("level 1 asked, among Vera's messages", || async {
        let for_vera = list(
            server
                .with_session(&vera, Method::GET, MESSAGES)
                .header("accept-language", "de"),
        )
        .await;
        (for_vera.len() == 5).then_some(for_vera)
    })
    .await;
    let seen: Vec<(&str, &str)> = for_vera
        .iter()
        .map(|m| {
            (
                m["authorType"].as_str().unwrap(),
                m["text"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            ("SYSTEM", "Anna Advisor ist dem Gespräch beigetreten."),
            ("SYSTEM", "Ben Assistant ist dem Gespräch beigetreten."),
            ("SYSTEM", "Ben Assistant hat das Gespräch verlassen."),
            ("PERSON", "Hello?"),
            (
                "SYSTEM",
                "Die Stellvertretungen der Stufe 1 werden angefragt."
            ),
        ],
        "the hidden Clara's joining, Vera's own and the comment are not hers to see"
    );
    let ben_left = &for_vera[2];
    assert_eq!(ben_left["textKey"], "com.baton.widget.eventLeft");
    assert_eq!(ben_left["authorPersonId"], demo::BEN);
    assert_eq!(ben_left["audience"], "EVERYONE");
    assert!(ben_left["id"].as_str().unwrap().starts_with("evt-"));
    assert!(ben_left["timestamp"].as_i64().unwrap() > 0);
    assert!(!ben_left.to_string().contains("not for Vera"));

    let for_anna = list(server.agent(demo::ANNA, Method::GET, MESSAGES)).await;
    assert!(
        for_anna
            .iter()
            .any(|m| m["text"] == "Clara Deputy joined the conversation."),
        "agents see hidden participants join: {for_anna:?}"
    );
    let ids: Vec<&str> = for_anna.iter().map(|m| m["id"].as_str().unwrap()).collect();
    let mut unique = ids.clone();
    unique.dedup();
    assert_eq!(ids, unique, "every entry has an id of its own");
}

#[tokio::test]
async fn a_declined_or_expired_prompt_is_shown_at_the_conversations_end() {
    let server = TestServer::demo().await;
    let vera = server.session_for(demo::VERA).await;
    let answered = prompted_and_answered(&server, &vera, PresenceState::Away, false).await;
    assert_eq!(answered, StatusCode::NO_CONTENT);
    let (_, list) = json(
        server
            .with_session(&vera, Method::GET, MESSAGES)
            .send()
            .await
            .unwrap(),
    )
    .await;
    let last = list.as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["textKey"], "com.baton.widget.eventPromptDeclined");
    assert_eq!(
        last["text"],
        "No deputy was invited; the advisor will answer."
    );
}

#[tokio::test]
async fn a_visitor_never_reads_agent_only_comments() {
    let server = TestServer::demo().await;
    forward_to_clara(&server, "fwd-1", Some("VIP client, be careful")).await;
    let vera = server.session_for(demo::VERA).await;
    let (_, for_vera) = json(
        server
            .with_session(&vera, Method::GET, MESSAGES)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert!(chat(&for_vera).is_empty(), "{for_vera}");
    let (_, for_anna) = json(
        server
            .agent(demo::ANNA, Method::GET, MESSAGES)
            .send()
            .await
            .unwrap(),
    )
    .await;
    let for_anna = chat(&for_anna);
    assert_eq!(for_anna[0]["text"], "VIP client, be careful");
    assert_eq!(for_anna[0]["audience"], "AGENTS_ONLY");
}

#[tokio::test]
async fn concierge_messages_are_rendered_in_the_readers_locale() {
    let server = TestServer::demo().await;
    forward_to_clara(&server, "fwd-later", None).await;
    let (status, _) = json(
        server
            .agent(
                demo::CLARA,
                Method::POST,
                "/baton/v1/invitations/fwd-later/respond",
            )
            .json(&json!({"response": "LATER", "channel": "QUEUE"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 200);
    let vera = server.session_for(demo::VERA).await;
    let (_, list) = json(
        server
            .with_session(&vera, Method::GET, MESSAGES)
            .header("accept-language", "de-CH,de;q=0.9")
            .send()
            .await
            .unwrap(),
    )
    .await;
    let list = chat(&list);
    assert_eq!(list[0]["authorType"], "CONCIERGE");
    assert!(
        list[0]["text"].as_str().unwrap().starts_with("Vielen Dank"),
        "{list:?}"
    );
}

#[tokio::test]
async fn posting_a_message_refuses_bad_input_and_changes_nothing() {
    let server = TestServer::demo().await;
    let oscar = add_other_bank(&server).await;
    add_person(
        &server,
        "walter.visitor",
        PersonType::Visitor,
        demo::ACCOUNT,
    )
    .await;
    let vera = server.session_for(demo::VERA).await;
    let walter = server.session_for("walter.visitor").await;
    let post = |path: &str| server.agent(demo::ANNA, Method::POST, path);
    refused(
        &server,
        raw(post(MESSAGES), "{\"text\": "),
        400,
        "MALFORMED_REQUEST",
    )
    .await;
    refused(
        &server,
        raw(post(MESSAGES), "{\"text\": 5}"),
        400,
        "MALFORMED_REQUEST",
    )
    .await;
    refused(&server, raw(post(MESSAGES), "{}"), 400, "MALFORMED_REQUEST").await;
    refused(
        &server,
        post(MESSAGES).json(&json!({"text": "   "})),
        400,
        "INVALID_INPUT",
    )
    .await;
    refused(
        &server,
        post("/baton/v1/conversations/nope/messages").json(&json!({"text": "hi"})),
        404,
        "NOT_FOUND",
    )
    .await;
    refused(
        &server,
        server
            .anonymous(Method::POST, MESSAGES)
            .json(&json!({"text": "hi"})),
        401,
        "NOT_AUTHENTICATED",
    )
    .await;
    refused(
        &server,
        server
            .agent(oscar, Method::POST, MESSAGES)
            .json(&json!({"text": "hi"})),
        404,
        "NOT_FOUND",
    )
    .await;
    refused(
        &server,
        server
            .with_session(&walter, Method::POST, MESSAGES)
            .json(&json!({"text": "hi"})),
        404,
        "NOT_FOUND",
    )
    .await;
    refused(
        &server,
        server
            .agent(demo::EVA, Method::POST, MESSAGES)
            .json(&json!({"text": "hi"})),
        409,
        "NOT_PARTICIPANT",
    )
    .await;
    let without_csrf = CookieSession {
        csrf: "wrong".into(),
        ..vera
    };
    refused(
        &server,
        server
            .with_session(&without_csrf, Method::POST, MESSAGES)
            .json(&json!({"text": "hi"})),
        403,
        "NOT_ALLOWED",
    )
    .await;
    refused(
        &server,
        raw(post(MESSAGES), &oversized_json()),
        413,
        "PAYLOAD_TOO_LARGE",
    )
    .await;
}

#[tokio::test]
async fn reading_messages_needs_a_caller_who_may_see_the_conversation() {
    let server = TestServer::demo().await;
    let oscar = add_other_bank(&server).await;
    add_person(
        &server,
        "walter.visitor",
        PersonType::Visitor,
        demo::ACCOUNT,
    )
    .await;
    let walter = server.session_for("walter.visitor").await;
    refused(
        &server,
        server.anonymous(Method::GET, MESSAGES),
        401,
        "NOT_AUTHENTICATED",
    )
    .await;
    refused(
        &server,
        server.with_session(&walter, Method::GET, MESSAGES),
        404,
        "NOT_FOUND",
    )
    .await;
    refused(
        &server,
        server.agent(oscar, Method::GET, MESSAGES),
        404,
        "NOT_FOUND",
    )
    .await;
    refused(
        &server,
        server.agent(demo::BEN, Method::GET, MESSAGES),
        404,
        "NOT_FOUND",
    )
    .await;
    refused(
        &server,
        server.agent(
            demo::ANNA,
            Method::GET,
            "/baton/v1/conversations/nope/messages",
        ),
        404,
        "NOT_FOUND",
    )
    .await;
    let (status, _) = json(
        server
            .agent(demo::EVA, Method::GET, MESSAGES)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 200, "the parent organisation sees the conversation");
}

// ---- the deputy prompt ----

#[tokio::test]
async fn the_prompt_is_shown_in_the_visitors_locale_and_answered() {
    let server = TestServer::demo().await;
    let vera = server.session_for(demo::VERA).await;
    let none = server
        .with_session(&vera, Method::GET, PROMPT)
        .send()
        .await
        .unwrap();
    assert_eq!(none.status(), StatusCode::NO_CONTENT);
    set_presence(&server, demo::ANNA, PresenceState::Away).await;
    server
        .with_session(&vera, Method::POST, MESSAGES)
        .json(&json!({"text": "Are you there?"}))
        .send()
        .await
        .unwrap();
    let (status, prompt) = json(
        server
            .with_session(&vera, Method::GET, PROMPT)
            .header("accept-language", "fr-CH")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 200, "{prompt}");
    assert_eq!(prompt["$_type"], "BatonPrompt");
    assert_eq!(prompt["conversationId"], demo::VERA_AND_ANNA);
    assert_eq!(prompt["acceptLabel"], "Inviter un suppléant");
    assert_eq!(prompt["declineLabel"], "Non, merci");
    assert!(prompt["text"].as_str().unwrap().contains("suppléant"));
    assert!(prompt["expiresAt"].as_i64().unwrap() > prompt["offeredAt"].as_i64().unwrap());
    let (status, for_anna) = json(
        server
            .agent(demo::ANNA, Method::GET, PROMPT)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 200, "agents in the conversation see the prompt too");
    assert_eq!(for_anna["promptId"], prompt["promptId"]);

    let answered = server
        .with_session(&vera, Method::POST, PROMPT)
        .json(&json!({"$_type": "BatonPromptAnswer", "promptId": prompt["promptId"], "accept": false}))
        .send()
        .await
        .unwrap();
    assert_eq!(answered.status(), StatusCode::NO_CONTENT);
    let gone = server
        .with_session(&vera, Method::GET, PROMPT)
        .send()
        .await
        .unwrap();
    assert_eq!(gone.status(), StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn accepting_the_prompt_starts_a_deputy_delegation() {
    let server = TestServer::demo().await;
    let vera = server.session_for(demo::VERA).await;
    let answered = prompted_and_answered(&server, &vera, PresenceState::Offline, true).await;
    assert_eq!(answered, StatusCode::NO_CONTENT);
    let deputy_invitations = server.app().runtime.read(|s| {
        s.invitations_of(&demo::VERA_AND_ANNA.into())
            .filter(|i| {
                i.invitation_type == baton_core::invitation::InvitationType::DeputyInvitation
            })
            .count()
    });
    assert_eq!(deputy_invitations, 1);
}

#[tokio::test]
async fn the_prompt_refuses_bad_input_and_changes_nothing() {
    let server = TestServer::demo().await;
    let oscar = add_other_bank(&server).await;
    let vera = server.session_for(demo::VERA).await;
    set_presence(&server, demo::ANNA, PresenceState::Away).await;
    server
        .with_session(&vera, Method::POST, MESSAGES)
        .json(&json!({"text": "Hello?"}))
        .send()
        .await
        .unwrap();
    let (_, prompt) = json(
        server
            .with_session(&vera, Method::GET, PROMPT)
            .send()
            .await
            .unwrap(),
    )
    .await;
    let id = prompt["promptId"].clone();
    let post = || server.with_session(&vera, Method::POST, PROMPT);
    refused(
        &server,
        raw(post(), "{\"promptId\""),
        400,
        "MALFORMED_REQUEST",
    )
    .await;
    refused(
        &server,
        raw(post(), "{\"promptId\": \"p\", \"accept\": \"yes\"}"),
        400,
        "MALFORMED_REQUEST",
    )
    .await;
    refused(
        &server,
        post().json(&json!({"promptId": "prompt-nope", "accept": true})),
        409,
        "PROMPT_NOT_OPEN",
    )
    .await;
    refused(
        &server,
        server
            .with_session(&vera, Method::POST, "/baton/v1/conversations/nope/prompt")
            .json(&json!({"promptId": id, "accept": true})),
        404,
        "NOT_FOUND",
    )
    .await;
    refused(
        &server,
        server
            .anonymous(Method::POST, PROMPT)
            .json(&json!({"promptId": id, "accept": true})),
        401,
        "NOT_AUTHENTICATED",
    )
    .await;
    refused(
        &server,
        server
            .agent(demo::ANNA, Method::POST, PROMPT)
            .json(&json!({"promptId": id, "accept": true})),
        403,
        "NOT_ALLOWED",
    )
    .await;
    refused(
        &server,
        server
            .agent(oscar, Method::POST, PROMPT)
            .json(&json!({"promptId": id, "accept": true})),
        404,
        "NOT_FOUND",
    )
    .await;
    refused(
        &server,
        raw(post(), &oversized_json()),
        413,
        "PAYLOAD_TOO_LARGE",
    )
    .await;
    refused(
        &server,
        server.anonymous(Method::GET, PROMPT),
        401,
        "NOT_AUTHENTICATED",
    )
    .await;
    refused(
        &server,
        server.agent(oscar, Method::GET, PROMPT),
        404,
        "NOT_FOUND",
    )
    .await;
}

// ---- answers to invitations ----

#[tokio::test]
async fn an_agent_accepts_a_forwarding_from_the_queue() {
    let server = TestServer::demo().await;
    forward_to_clara(&server, "fwd-1", None).await;
    let (status, queue) = json(
        server
            .agent(demo::CLARA, Method::GET, "/baton/v1/queue")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(queue.as_array().unwrap().len(), 1, "{queue}");
    assert_eq!(queue[0]["$_type"], "BatonQueueItem");
    assert_eq!(queue[0]["invitation"]["id"], "fwd-1");
    assert_eq!(queue[0]["invitation"]["invitationType"], "AGENT_FORWARDING");
    assert!(queue[0]["invitation"].get("token").is_none());
    assert_eq!(queue[0]["originalAgentId"], demo::CLARA);
    assert_eq!(queue[0]["customerDisplayName"], "Vera Visitor");
    assert_eq!(
        queue[0]["availableActions"],
        json!(["ACCEPT", "DECLINE", "IGNORE", "LATER"])
    );
    assert!(queue[0].get("level").is_none());
    let (_, bens) = json(
        server
            .agent(demo::BEN, Method::GET, "/baton/v1/queue")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(bens, json!([]));

    let (status, invitation) = json(
        server
            .agent(demo::CLARA, Method::POST, "/baton/v1/invitations/fwd-1/respond")
            .json(&json!({"$_type": "BatonDelegationResponseBody", "response": "ACCEPT", "channel": "QUEUE"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 200, "{invitation}");
    assert_eq!(invitation["$_type"], "ConversationInvitationData");
    assert_eq!(invitation["invitationState"], "REDEEMED");
    assert_eq!(invitation["redeemingPersonId"], demo::CLARA);
    assert!(invitation.get("token").is_none());
    let assignee = server.app().runtime.read(|s| {
        s.conversations[&demo::VERA_AND_ANNA.into()]
            .assignee()
            .cloned()
    });
    assert_eq!(assignee, Some(demo::CLARA.into()));
    let (_, empty) = json(
        server
            .agent(demo::CLARA, Method::GET, "/baton/v1/queue")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(empty, json!([]), "the accepted forwarding left the queue");
}

#[tokio::test]
async fn an_agent_declines_a_forwarding() {
    let server = TestServer::demo().await;
    forward_to_clara(&server, "fwd-1", None).await;
    let (status, invitation) = json(
        server
            .agent(
                demo::CLARA,
                Method::POST,
                "/baton/v1/invitations/fwd-1/respond",
            )
            .json(&json!({"response": "DECLINE", "channel": "QUEUE"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(invitation["invitationState"], "REVOKED");
    assert_eq!(invitation["targetResponseStatus"], "DECLINED");
}

#[tokio::test]
async fn answering_refuses_bad_input_and_changes_nothing() {
    let server = TestServer::demo().await;
    let oscar = add_other_bank(&server).await;
    forward_to_clara(&server, "fwd-1", None).await;
    let vera = server.session_for(demo::VERA).await;
    let path = "/baton/v1/invitations/fwd-1/respond";
    let accept = json!({"response": "ACCEPT", "channel": "QUEUE"});
    let clara = || server.agent(demo::CLARA, Method::POST, path);
    refused(
        &server,
        raw(clara(), "{\"response\":"),
        400,
        "MALFORMED_REQUEST",
    )
    .await;
    refused(
        &server,
        clara().json(&json!({"response": "MAYBE", "channel": "QUEUE"})),
        400,
        "MALFORMED_REQUEST",
    )
    .await;
    refused(
        &server,
        clara().json(&json!({"response": 1, "channel": "QUEUE"})),
        400,
        "MALFORMED_REQUEST",
    )
    .await;
    refused(
        &server,
        clara().json(&json!({"response": "LATER", "channel": "PUSH_NOTIFICATION"})),
        400,
        "RESPONSE_NOT_AVAILABLE",
    )
    .await;
    refused(
        &server,
        server
            .agent(
                demo::CLARA,
                Method::POST,
                "/baton/v1/invitations/nope/respond",
            )
            .json(&accept),
        404,
        "NOT_FOUND",
    )
    .await;
    refused(
        &server,
        server.anonymous(Method::POST, path).json(&accept),
        401,
        "NOT_AUTHENTICATED",
    )
    .await;
    refused(
        &server,
        server.agent(demo::DAVID, Method::POST, path).json(&accept),
        404,
        "NOT_FOUND",
    )
    .await;
    refused(
        &server,
        server.agent(oscar, Method::POST, path).json(&accept),
        404,
        "NOT_FOUND",
    )
    .await;
    refused(
        &server,
        server.with_session(&vera, Method::POST, path).json(&accept),
        403,
        "NOT_ALLOWED",
    )
    .await;
    refused(
        &server,
        raw(clara(), &oversized_json()),
        413,
        "PAYLOAD_TOO_LARGE",
    )
    .await;
}

// ---- the queue ----

#[tokio::test]
async fn the_queue_is_for_signed_in_agents_only() {
    let server = TestServer::demo().await;
    let vera = server.session_for(demo::VERA).await;
    refused(
        &server,
        server.anonymous(Method::GET, "/baton/v1/queue"),
        401,
        "NOT_AUTHENTICATED",
    )
    .await;
    refused(
        &server,
        server.with_session(&vera, Method::GET, "/baton/v1/queue"),
        403,
        "NOT_ALLOWED",
    )
    .await;
    refused(
        &server,
        server.admin(Method::GET, "/baton/v1/queue"),
        403,
        "NOT_ALLOWED",
    )
    .await;
    let (status, queue) = json(
        server
            .agent(demo::ANNA, Method::GET, "/baton/v1/queue")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!((status.as_u16(), queue), (200, json!([])));
}

// ---- unassigning ----

#[tokio::test]
async fn the_assignee_unassigns_and_the_organisation_sees_the_conversation_again() {
    let server = TestServer::demo().await;
    let ben_before = server
        .agent(demo::BEN, Method::GET, MESSAGES)
        .send()
        .await
        .unwrap();
    assert_eq!(ben_before.status(), 404, "assigned: hidden from Ben");
    let response = server
        .agent(demo::ANNA, Method::POST, UNASSIGN)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let state = server.app().runtime.read(|s| {
        let c = &s.conversations[&demo::VERA_AND_ANNA.into()];
        (c.state, c.assignee().cloned())
    });
    assert_eq!(
        state,
        (
            baton_core::conversation::ConversationState::Unassigned,
            None
        )
    );
    let ben_after = server
        .agent(demo::BEN, Method::GET, MESSAGES)
        .send()
        .await
        .unwrap();
    assert_eq!(ben_after.status(), 200, "unassigned: visible to Ben");
}

#[tokio::test]
async fn the_parent_organisation_may_unassign() {
    let server = TestServer::demo().await;
    let response = server
        .agent(demo::EVA, Method::POST, UNASSIGN)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn unassigning_refuses_whoever_may_not_and_changes_nothing() {
    let server = TestServer::demo().await;
    let oscar = add_other_bank(&server).await;
    let vera = server.session_for(demo::VERA).await;
    refused(
        &server,
        server.anonymous(Method::POST, UNASSIGN),
        401,
        "NOT_AUTHENTICATED",
    )
    .await;
    refused(
        &server,
        server.agent(demo::BEN, Method::POST, UNASSIGN),
        404,
        "NOT_FOUND",
    )
    .await;
    refused(
        &server,
        server.agent(oscar, Method::POST, UNASSIGN),
        404,
        "NOT_FOUND",
    )
    .await;
    refused(
        &server,
        server.with_session(&vera, Method::POST, UNASSIGN),
        403,
        "NOT_ALLOWED",
    )
    .await;
    refused(
        &server,
        server.agent(
            demo::ANNA,
            Method::POST,
            "/baton/v1/conversations/nope/unassign",
        ),
        404,
        "NOT_FOUND",
    )
    .await;
    server
        .agent(demo::ANNA, Method::POST, UNASSIGN)
        .send()
        .await
        .unwrap();
    refused(
        &server,
        server.agent(demo::EVA, Method::POST, UNASSIGN),
        409,
        "WRONG_CONVERSATION_STATE",
    )
    .await;
}

// ---- PIN and link redemption ----

async fn redeem_pin(server: &TestServer, pin: &str) -> reqwest::Response {
    send(
        server
            .anonymous(Method::POST, "/baton/v1/redeem/pin")
            .json(&json!({"$_type": "BatonRedeemPinBody", "pin": pin})),
    )
    .await
}

#[tokio::test]
async fn a_redemption_whose_session_cannot_be_stored_consumes_no_pin() {
    let server = TestServer::demo().await;
    invite_with_pin(&server, "pin-atomic", "60617283").await;
    let pool = server.app().runtime.store().pool().clone();
    // The session store fails (its table is gone): the PIN must stay redeemable.
    sqlx::query("ALTER TABLE sessions RENAME TO sessions_away")
        .execute(&pool)
        .await
        .unwrap();
    let before = head(&server).await;
    let failed = redeem_pin(&server, "60617283").await;
    assert_eq!(failed.status(), 500);
    assert_eq!(head(&server).await, before, "nothing recorded");
    sqlx::query("ALTER TABLE sessions_away RENAME TO sessions")
        .execute(&pool)
        .await
        .unwrap();
    let joined = redeem_pin(&server, "60617283").await;
    assert_eq!(joined.status(), 200);
    assert!(joined.headers().contains_key("set-cookie"));
    // A refused redemption leaves no session behind.
    let sessions = || async {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM sessions")
            .fetch_one(&pool)
            .await
            .unwrap()
    };
    let count = sessions().await;
    assert_eq!(redeem_pin(&server, "60617283").await.status(), 410);
    assert_eq!(sessions().await, count);
}

#[tokio::test]
async fn a_customer_redeems_a_pin_and_then_reads_and_writes_as_a_visitor() {
    let server = TestServer::demo().await;
    invite_with_pin(&server, "pin-1", "48213957").await;
    let response = redeem_pin(&server, "48213957").await;
    assert_eq!(response.status(), 200);
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    for attribute in ["HttpOnly", "SameSite=Strict", "Path=/", "Max-Age="] {
        assert!(cookie.contains(attribute), "{cookie}");
    }
    assert!(!cookie.contains("Secure"), "not configured: {cookie}");
    let (_, body) = json(response).await;
    assert_eq!(body["$_type"], "BatonRedemption");
    assert_eq!(body["conversation"]["id"], demo::VERA_AND_ANNA);
    assert_eq!(body["session"]["personType"], "VISITOR");
    assert_eq!(body["session"]["displayName"], "Max Muster");
    assert!(!body.to_string().contains(cookie.split(';').next().unwrap()));
    let visitor = body["session"]["personId"].as_str().unwrap().to_owned();
    assert!(visitor.starts_with("person_"));
    let role = server
        .app()
        .runtime
        .read(|s| s.directory.person(&visitor.as_str().into()).map(|p| p.role));
    assert_eq!(
        role,
        Some(baton_core::directory::AuthorizationRole::AnonymousUser)
    );

    let session =
        CookieSession::from_set_cookie(&cookie, body["session"]["csrfToken"].as_str().unwrap());
    let (status, posted) = json(
        server
            .with_session(&session, Method::POST, MESSAGES)
            .json(&json!({"text": "Hi, Max here"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(posted["authorPersonId"], visitor.as_str());
    let (status, list) = json(
        server
            .with_session(&session, Method::GET, MESSAGES)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(chat(&list)[0]["text"], "Hi, Max here");

    assert_error(
        redeem_pin(&server, "48213957").await,
        410,
        "PIN_ALREADY_USED",
    )
    .await;
}

#[tokio::test]
async fn the_session_cookie_is_secure_when_configured() {
    let mut settings = common::settings(|_| {});
    settings.server.secure_cookies = Some(true);
    let server = TestServer::with_settings(settings).await;
    invite_with_pin(&server, "pin-1", "48213957").await;
    let response = redeem_pin(&server, "48213957").await;
    let cookie = response.headers()["set-cookie"].to_str().unwrap();
    assert!(cookie.contains("; Secure"), "{cookie}");
}

#[tokio::test]
async fn a_session_ends_after_its_lifetime_unless_it_slides() {
    for sliding in [false, true] {
        let mut settings = common::settings(|_| {});
        settings.sessions.sliding = sliding;
        let server = TestServer::with_manual_clock(settings).await;
        let lifetime = Duration::from_secs(server.app().settings.sessions.lifetime_seconds);
        let session = server.login(demo::ANNA, "anna").await;
        let second = Duration::from_secs(1);
        server.clock().advance(lifetime - second);
        assert_eq!(
            server.session_view(&session).await.0,
            200,
            "sliding {sliding}"
        );
        server.clock().advance(second);
        if sliding {
            assert_eq!(server.session_view(&session).await.0, 200, "it slid on");
            server.clock().advance(lifetime);
        }
        let (status, body) = server.session_view(&session).await;
        assert_eq!(
            status, 401,
            "a lifetime after its last use, sliding {sliding}"
        );
        assert_eq!(body["errorCode"], "NOT_AUTHENTICATED");
    }
}

#[tokio::test]
async fn a_signed_in_visitor_keeps_their_session_when_redeeming() {
    let server = TestServer::demo().await;
    add_person(
        &server,
        "walter.visitor",
        PersonType::Visitor,
        demo::ACCOUNT,
    )
    .await;
    invite_with_pin(&server, "pin-1", "48213957").await;
    let walter = server.session_for("walter.visitor").await;
    let response = server
        .with_session(&walter, Method::POST, "/baton/v1/redeem/pin")
        .json(&json!({"pin": "48213957"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(response.headers().get("set-cookie").is_none());
    let (_, body) = json(response).await;
    assert_eq!(body["session"]["personId"], "walter.visitor");
    assert_eq!(body["session"]["csrfToken"], walter.csrf.as_str());
    let status = server
        .with_session(&walter, Method::GET, MESSAGES)
        .send()
        .await
        .unwrap()
        .status();
    assert_eq!(status, 200);
}

#[tokio::test]
async fn revoked_and_expired_pins_are_refused() {
    let server = TestServer::with_manual_clock(common::settings(|_| {})).await;
    let time_to_live = server.app().settings.properties.pin_time_to_live_seconds;
    invite_with_pin(&server, "pin-revoked", "11112222").await;
    server
        .app()
        .execute(
            &anna(),
            Command::RevokeInvitation {
                invitation: "pin-revoked".into(),
            },
        )
        .await
        .unwrap();
    let before = head(&server).await;
    assert_error(redeem_pin(&server, "11112222").await, 410, "PIN_REVOKED").await;
    invite_with_pin(&server, "pin-expired", "33334444").await;
    server.clock().advance(Duration::from_secs(time_to_live));
    assert_error(redeem_pin(&server, "33334444").await, 410, "PIN_EXPIRED").await;
    assert_eq!(
        head(&server).await,
        before + 1,
        "only the second invitation"
    );
}

#[tokio::test]
async fn redeeming_refuses_bad_input_and_changes_nothing() {
    let server = TestServer::demo().await;
    invite_with_pin(&server, "pin-1", "48213957").await;
    let post = || server.anonymous(Method::POST, "/baton/v1/redeem/pin");
    refused(&server, raw(post(), "{\"pin\":"), 400, "MALFORMED_REQUEST").await;
    refused(
        &server,
        raw(post(), "{\"pin\": 48213957}"),
        400,
        "MALFORMED_REQUEST",
    )
    .await;
    refused(
        &server,
        post().json(&json!({"pin": "00000000"})),
        400,
        "PIN_WRONG",
    )
    .await;
    refused(
        &server,
        server
            .agent(demo::ANNA, Method::POST, "/baton/v1/redeem/pin")
            .json(&json!({"pin": "48213957"})),
        403,
        "NOT_ALLOWED",
    )
    .await;
    refused(
        &server,
        raw(post(), &oversized_json()),
        413,
        "PAYLOAD_TOO_LARGE",
    )
    .await;
    let link = || server.anonymous(Method::POST, "/baton/v1/redeem/link");
    refused(
        &server,
        raw(link(), "{\"invitationId\": 1}"),
        400,
        "MALFORMED_REQUEST",
    )
    .await;
    refused(
        &server,
        link().json(&json!({"invitationId": "nope", "token": "x".repeat(22)})),
        400,
        "PIN_WRONG",
    )
    .await;
    refused(
        &server,
        raw(link(), &oversized_json()),
        413,
        "PAYLOAD_TOO_LARGE",
    )
    .await;
}

#[tokio::test]
async fn the_eleventh_wrong_pin_from_one_client_is_refused_with_retry_after() {
    let server = TestServer::demo().await;
    invite_with_pin(&server, "pin-1", "48213957").await;
    for attempt in 0..10 {
        let wrong = format!("{:08}", 10_000_000 + attempt);
        assert_error(redeem_pin(&server, &wrong).await, 400, "PIN_WRONG").await;
    }
    let before = head(&server).await;
    let blocked = redeem_pin(&server, "48213957").await;
    let retry_after: u64 = blocked.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=600).contains(&retry_after), "{retry_after}");
    let body = assert_error(blocked, 429, "TOO_MANY_ATTEMPTS").await;
    assert!(
        body["errorMessage"]
            .as_str()
            .unwrap()
            .contains(&format!("{retry_after} s")),
        "the wait is in the message: {body}"
    );
    assert_eq!(
        head(&server).await,
        before,
        "even the right PIN is not tried"
    );
}

#[tokio::test]
async fn a_customer_redeems_an_email_link() {
    let server = TestServer::demo().await;
    let token = "abcdefghijklmnopqrstuv";
    server
        .app()
        .execute(
            &anna(),
            Command::InviteVisitorWithLink {
                conversation: demo::VERA_AND_ANNA.into(),
                invitation: "link-1".into(),
                token: token.into(),
                nickname: None,
            },
        )
        .await
        .unwrap();
    let response = server
        .anonymous(Method::POST, "/baton/v1/redeem/link")
        .json(&json!({"$_type": "BatonRedeemLinkBody", "invitationId": "link-1", "token": token}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(response.headers().contains_key("set-cookie"));
    let (_, body) = json(response).await;
    assert_eq!(body["session"]["displayName"], "Visitor");
    assert_eq!(body["conversation"]["state"], "ACTIVE");
}

#[tokio::test]
async fn wrong_link_tokens_lock_the_invitation() {
    let server = TestServer::demo().await;
    server
        .app()
        .execute(
            &anna(),
            Command::InviteVisitorWithLink {
                conversation: demo::VERA_AND_ANNA.into(),
                invitation: "link-1".into(),
                token: "abcdefghijklmnopqrstuv".into(),
                nickname: None,
            },
        )
        .await
        .unwrap();
    let attempt = || {
        server
            .anonymous(Method::POST, "/baton/v1/redeem/link")
            .json(&json!({"invitationId": "link-1", "token": "wrong-wrong-wrong-wrong"}))
    };
    let max = server.app().settings.properties.max_redemption_attempts;
    for _ in 1..max {
        assert_error(attempt().send().await.unwrap(), 400, "PIN_WRONG").await;
    }
    let locked = attempt().send().await.unwrap();
    assert!(locked.headers().contains_key("retry-after"));
    assert_error(locked, 429, "TOO_MANY_ATTEMPTS").await;
}
