//! Seed 001's story end to end over HTTP, with the demo's countdowns on a manual clock: Vera
//! writes while Anna is away, the concierge asks "Invite a deputy?", Vera accepts, Ben
//! (assistant) and Clara (level 1) get the request, both ignore, David (level 2, through team
//! Advisory) gets it at once and accepts, and Vera's event stream shows him join. In the
//! variant nobody answers: the request reaches level 2 when level 1's countdown has passed on
//! the clock, then `assignment_request.unanswered` reaches the bank's receiver, signed, and
//! the request stays in every queue, where it can still be handled.

use crate::common;

use std::time::Duration;

use baton_core::command::Command;
use baton_core::directory::PresenceState;
use baton_core::{Actor, demo};
use baton_server::webhooks::signature;
use common::{
    CookieSession, SseReader, TestServer, WebhookReceiver, eventually, execute, json,
    register_webhook, send,
};
use reqwest::Method;
use serde_json::{Value, json};

const MESSAGES: &str = "/baton/v1/conversations/conversation-vera-anna/messages";
const PROMPT: &str = "/baton/v1/conversations/conversation-vera-anna/prompt";
const WAIT: Duration = Duration::from_secs(10);
const SECRET: &str = "bank-backend-secret";

async fn story_server() -> TestServer {
    TestServer::with_manual_clock(common::settings(|c| {
        c.prompted_deputy_joins_hidden = false;
    }))
    .await
}

/// Vera writes while Anna is away, is prompted and accepts; returns the deputy invitation id.
async fn vera_asks_for_a_deputy(server: &TestServer, vera: &CookieSession) -> String {
    execute(
        server,
        Actor::Agent(demo::ANNA.into()),
        Command::SetPresence {
            person: demo::ANNA.into(),
            presence: PresenceState::Away,
        },
    )
    .await;
    let posted = send(
        server
            .with_session(vera, Method::POST, MESSAGES)
            .json(&json!({"text": "I need to move funds today"})),
    )
    .await;
    assert_eq!(posted.status(), 201);
    let (status, prompt) = json(send(server.with_session(vera, Method::GET, PROMPT)).await).await;
    assert_eq!(status, 200, "the concierge asks: {prompt}");
    let accepted = send(
        server
            .with_session(vera, Method::POST, PROMPT)
            .json(&json!({"promptId": prompt["promptId"], "accept": true})),
    )
    .await;
    assert_eq!(accepted.status(), 204);
    let request = server.app().runtime.read(|s| {
        s.invitations_of(&demo::VERA_AND_ANNA.into())
            .find(|i| i.invitation_type == baton_core::invitation::InvitationType::DeputyInvitation)
            .map(|i| i.id.to_string())
    });
    request.unwrap_or_else(|| panic!("accepting the prompt created no deputy invitation"))
}

async fn queue(server: &TestServer, agent: &str) -> Vec<Value> {
    let (status, body) =
        json(send(server.agent(agent, Method::GET, "/baton/v1/queue")).await).await;
    assert_eq!(status, 200, "{body}");
    body.as_array().cloned().unwrap_or_default()
}

/// `agent`'s queue item of `invitation`, if it is there.
async fn item(server: &TestServer, agent: &str, invitation: &str) -> Option<Value> {
    queue(server, agent)
        .await
        .into_iter()
        .find(|i| i["invitation"]["id"] == invitation)
}

/// Waits until `agent`'s queue holds `invitation`; returns the item.
async fn queued_for(server: &TestServer, agent: &str, invitation: &str) -> Value {
    eventually(&format!("{invitation} in {agent}'s queue"), || {
        item(server, agent, invitation)
    })
    .await
}

async fn respond(server: &TestServer, agent: &str, invitation: &str, response: &str) -> Value {
    let path = format!("/baton/v1/invitations/{invitation}/respond");
    let (status, body) = json(
        send(
            server
                .agent(agent, Method::POST, &path)
                .json(&json!({"response": response, "channel": "QUEUE"})),
        )
        .await,
    )
    .await;
    assert_eq!(status, 200, "{agent} {response}: {body}");
    body
}

#[tokio::test]
async fn a_deputy_takes_over_when_the_advisor_is_away() {
    let server = story_server().await;
    let vera = server.session_for(demo::VERA).await;
    let mut veras_stream =
        SseReader::open(server.with_session(&vera, Method::GET, "/baton/v1/events")).await;
    let request = vera_asks_for_a_deputy(&server, &vera).await;

    for deputy in [demo::BEN, demo::CLARA] {
        let item = queued_for(&server, deputy, &request).await;
        assert_eq!(item["level"], "LEVEL_1", "{deputy}: {item}");
        assert_eq!(item["originalAgentId"], demo::ANNA);
        assert_eq!(item["customerDisplayName"], "Vera Visitor");
        assert_eq!(
            item["availableActions"],
            json!(["ACCEPT", "DECLINE", "IGNORE", "LATER"])
        );
    }
    respond(&server, demo::BEN, &request, "IGNORE").await;
    respond(&server, demo::CLARA, &request, "IGNORE").await;

    let davids = queued_for(&server, demo::DAVID, &request).await;
    assert_eq!(davids["level"], "LEVEL_2");
    for deputy in [demo::BEN, demo::CLARA] {
        assert!(
            queue(&server, deputy)
                .await
                .iter()
                .any(|i| i["invitation"]["id"] == request.as_str()),
            "an ignored request stays in {deputy}'s queue"
        );
    }

    let accepted = respond(&server, demo::DAVID, &request, "ACCEPT").await;
    assert_eq!(accepted["invitationState"], "REDEEMED");
    assert_eq!(accepted["redeemingPersonId"], demo::DAVID);
    let david_in = server.app().runtime.read(|s| {
        s.conversations[&demo::VERA_AND_ANNA.into()]
            .active_participant(&demo::DAVID.into())
            .map(|p| p.hidden)
    });
    assert_eq!(
        david_in,
        Some(false),
        "David is in the conversation, visible"
    );
    for deputy in [demo::BEN, demo::CLARA, demo::DAVID] {
        assert!(
            queue(&server, deputy).await.is_empty(),
            "the accepted request left {deputy}'s queue"
        );
    }

    let frames = veras_stream
        .until(WAIT, |f| {
            f.event.as_deref() == Some("ParticipantAdded") && f.data.contains(demo::DAVID)
        })
        .await;
    assert!(
        frames
            .iter()
            .any(|f| f.event.as_deref() == Some("DeputyPromptOffered"))
    );
    for frame in &frames {
        for hidden in [demo::BEN, demo::CLARA, "InvitationCreated"] {
            assert!(
                !frame.data.contains(hidden),
                "{hidden} reached Vera: {frame:?}"
            );
        }
    }
}

#[tokio::test]
async fn an_unanswered_request_is_reported_and_stays_in_every_queue() {
    let server = story_server().await;
    let receiver = WebhookReceiver::start().await;
    register_webhook(
        &server,
        &receiver.url,
        SECRET,
        &["assignment_request.unanswered"],
    )
    .await;
    let vera = server.session_for(demo::VERA).await;
    let request = vera_asks_for_a_deputy(&server, &vera).await;
    let properties = &server.app().settings.properties;
    let second = Duration::from_secs(1);

    for deputy in [demo::BEN, demo::CLARA] {
        assert_eq!(
            queued_for(&server, deputy, &request).await["level"],
            "LEVEL_1"
        );
    }
    let level_1 = Duration::from_secs(properties.level2_escalation_timeout_seconds);
    server.clock().advance(level_1 - second);
    assert_eq!(
        item(&server, demo::DAVID, &request).await,
        None,
        "level 1's time"
    );
    server.clock().advance(second);
    assert_eq!(
        queued_for(&server, demo::DAVID, &request).await["level"],
        "LEVEL_2"
    );

    // Level 3 is empty: level 2's countdown is the last.
    server.clock().advance(Duration::from_secs(
        properties.level3_escalation_timeout_seconds,
    ));
    let unanswered = receiver
        .wait_for(WAIT, |w| w.event() == "assignment_request.unanswered")
        .await;
    assert_eq!(
        unanswered.headers["x-unblu-signature"],
        signature(unanswered.body.as_bytes(), SECRET),
        "signed with the registration's secret"
    );
    let body = unanswered.json();
    assert_eq!(body["$_type"], "AssignmentRequestUnansweredEvent");
    assert_eq!(body["invitationId"], request.as_str());
    assert_eq!(body["target"]["id"], demo::ANNA);
    assert_eq!(body["conversation"]["id"], demo::VERA_AND_ANNA);

    for agent in [demo::BEN, demo::CLARA, demo::DAVID] {
        let item = queued_for(&server, agent, &request).await;
        assert_eq!(item["invitation"]["invitationState"], "OPEN", "{agent}");
    }
    let late = respond(&server, demo::CLARA, &request, "ACCEPT").await;
    assert_eq!(late["redeemingPersonId"], demo::CLARA, "still handled late");
}
