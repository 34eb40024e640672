//! The SuperOffice chat transfer facade (seed 004) over real HTTP: `TransferTo` (by username
//! or person id), nothing happening when the session is not the caller's, `AcceptTransfer`,
//! `RejectTransfer`, and bad input answering Unblu's error body while changing nothing.

use crate::common;

use baton_core::demo;
use common::{TestServer, add_other_bank, head, json, ok, refused, send};
use reqwest::Method;
use serde_json::Value;

const SESSION: &str = "/api/v1/ChatSession/conversation-vera-anna";

fn transfer_to(associate: &str) -> String {
    format!("{SESSION}/TransferTo/{associate}")
}

async fn post(server: &TestServer, agent: &str, path: &str) -> Value {
    let (status, body) = json(send(server.agent(agent, Method::POST, path)).await).await;
    assert_eq!(status, 200, "{path}: {body}");
    body
}

#[tokio::test]
async fn the_owner_transfers_and_the_receiver_accepts() {
    let server = TestServer::demo().await;
    let pending = post(&server, demo::ANNA, &transfer_to(demo::CLARA)).await;
    assert_eq!(pending["User"]["Name"], demo::ANNA);
    assert_eq!(pending["User"]["FullName"], "Anna Advisor");
    assert_eq!(pending["TransferTo"]["Name"], demo::CLARA);
    assert_eq!(pending["TransferTo"]["FullName"], "Clara Deputy");
    assert_eq!(pending["Status"], "Active");
    assert_eq!(pending["CustomerName"], "Vera Visitor");
    assert_eq!(pending["SessionKey"], "");
    let id = pending["ChatSessionId"].as_i64().unwrap();
    assert!(id > 0, "a stable int32 for the string id");

    let accepted = post(&server, demo::CLARA, &format!("{SESSION}/AcceptTransfer")).await;
    assert_eq!(accepted["ChatSessionId"].as_i64().unwrap(), id);
    assert_eq!(accepted["User"]["Name"], demo::CLARA);
    assert!(accepted["TransferTo"].is_null());
    assert!(accepted.get("TransferTo").is_some(), "written as null");
    let assignee = server.app().runtime.read(|s| {
        s.conversations[&demo::VERA_AND_ANNA.into()]
            .assignee()
            .cloned()
    });
    assert_eq!(assignee, Some(demo::CLARA.into()));
}

#[tokio::test]
async fn the_receiver_rejects_and_the_transfer_is_cleared() {
    let server = TestServer::demo().await;
    post(&server, demo::ANNA, &transfer_to(demo::CLARA)).await;
    let rejected = post(&server, demo::CLARA, &format!("{SESSION}/RejectTransfer")).await;
    assert!(rejected["TransferTo"].is_null());
    assert_eq!(rejected["User"]["Name"], demo::ANNA);
}

#[tokio::test]
async fn the_associate_username_is_case_insensitive() {
    let server = TestServer::demo().await;
    let pending = post(&server, demo::ANNA, &transfer_to("CLARA.Deputy")).await;
    assert_eq!(pending["TransferTo"]["Name"], demo::CLARA);
}

#[tokio::test]
async fn nothing_happens_when_the_session_does_not_belong_to_the_caller() {
    let server = TestServer::demo().await;
    let before = head(&server).await;
    let unchanged = post(&server, demo::EVA, &transfer_to(demo::CLARA)).await;
    assert!(unchanged["TransferTo"].is_null());
    assert_eq!(unchanged["User"]["Name"], demo::ANNA);
    assert_eq!(head(&server).await, before, "nothing happened");
}

#[tokio::test]
async fn bad_transfers_are_refused_and_change_nothing() {
    let server = TestServer::demo().await;
    let oscar = add_other_bank(&server).await;
    let anna = |path: &str| server.agent(demo::ANNA, Method::POST, path);
    refused(
        &server,
        anna("/api/v1/ChatSession/nope/TransferTo/clara.deputy"),
        404,
        "NOT_FOUND",
    )
    .await;
    refused(&server, anna(&transfer_to("nobody")), 404, "NOT_FOUND").await;
    refused(&server, anna(&transfer_to(demo::VERA)), 400, "NOT_AN_AGENT").await;
    refused(&server, anna(&transfer_to(oscar)), 404, "NOT_FOUND").await;
    refused(
        &server,
        server.anonymous(Method::POST, &transfer_to(demo::CLARA)),
        401,
        "NOT_AUTHENTICATED",
    )
    .await;
    refused(
        &server,
        server.agent(oscar, Method::POST, &transfer_to(demo::CLARA)),
        404,
        "NOT_FOUND",
    )
    .await;
    refused(
        &server,
        server.agent(demo::BEN, Method::POST, &transfer_to(demo::CLARA)),
        404,
        "NOT_FOUND",
    )
    .await;
}

#[tokio::test]
async fn only_the_receiver_answers_a_pending_transfer() {
    let server = TestServer::demo().await;
    let accept = format!("{SESSION}/AcceptTransfer");
    let reject = format!("{SESSION}/RejectTransfer");
    refused(
        &server,
        server.agent(demo::ANNA, Method::POST, &accept),
        403,
        "NOT_ALLOWED",
    )
    .await;
    post(&server, demo::ANNA, &transfer_to(demo::CLARA)).await;
    refused(
        &server,
        server.agent(demo::ANNA, Method::POST, &reject),
        403,
        "NOT_ALLOWED",
    )
    .await;
    refused(
        &server,
        server.agent(demo::DAVID, Method::POST, &accept),
        404,
        "NOT_FOUND",
    )
    .await;
    refused(
        &server,
        server.anonymous(Method::POST, &accept),
        401,
        "NOT_AUTHENTICATED",
    )
    .await;
    refused(
        &server,
        server.agent(
            demo::CLARA,
            Method::POST,
            "/api/v1/ChatSession/nope/AcceptTransfer",
        ),
        404,
        "NOT_FOUND",
    )
    .await;
}

/// The agent desk shows a pending transfer from `invitations/search`: the session's open
/// `AGENT_FORWARDING` to one agent, which the offering agent and the receiver both find,
/// and which is gone once answered.
#[tokio::test]
async fn a_pending_transfer_is_found_through_invitations_search_by_both_agents() {
    let server = TestServer::demo().await;
    let query = serde_json::json!({
        "$_type": "ConversationInvitationQuery",
        "searchFilters": [
            {"field": "CONVERSATION_ID", "operator": {"type": "EQUALS", "value": demo::VERA_AND_ANNA}},
            {"field": "INVITATION_STATE", "operator": {"type": "EQUALS", "value": "OPEN"}},
            {"field": "INVITATION_TYPE", "operator": {"type": "EQUALS", "value": "AGENT_FORWARDING"}}
        ]
    });
    let search = |agent: &'static str| {
        let query = query.clone();
        let server = &server;
        async move {
            let request = server
                .agent(agent, Method::POST, "/app/rest/v4/invitations/search")
                .json(&query);
            ok(request).await["items"]
                .as_array()
                .expect("items")
                .clone()
        }
    };
    assert!(search(demo::ANNA).await.is_empty(), "nothing pending yet");
    post(&server, demo::ANNA, &transfer_to(demo::CLARA)).await;
    for agent in [demo::ANNA, demo::CLARA] {
        let found = search(agent).await;
        assert_eq!(found.len(), 1, "{agent} sees the pending transfer");
        assert_eq!(found[0]["targetType"], "AGENT");
        assert_eq!(found[0]["targetId"], demo::CLARA);
        assert_eq!(found[0]["creatorPersonId"], demo::ANNA);
    }
    post(&server, demo::CLARA, &format!("{SESSION}/RejectTransfer")).await;
    assert!(
        search(demo::ANNA).await.is_empty(),
        "answered, no longer pending"
    );
}
