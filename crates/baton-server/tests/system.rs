//! The server starts, seeds the demo once, answers health and metrics, refuses what it does
//! not serve with Unblu's error body, and authenticates Basic callers.

use crate::common;

use common::{TestServer, assert_error, json};
use reqwest::Method;

#[tokio::test]
async fn health_reports_the_event_log() {
    let server = TestServer::demo().await;
    let (status, body) = json(
        server
            .anonymous(Method::GET, "/healthz")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(body["status"], "ok");
    assert!(
        body["events"].as_u64().unwrap() > 10,
        "the demo is seeded: {body}"
    );
}

#[tokio::test]
async fn metrics_are_in_the_prometheus_text_format() {
    let server = TestServer::demo().await;
    let response = server.admin(Method::GET, "/metrics").send().await.unwrap();
    assert_eq!(response.status(), 200);
    let text = response.text().await.unwrap();
    assert!(text.contains("# TYPE baton_commands_accepted_total counter"));
}

#[tokio::test]
async fn an_unknown_path_answers_the_unblu_error_body() {
    let server = TestServer::demo().await;
    let response = server
        .anonymous(Method::GET, "/app/rest/v4/nothing-here")
        .send()
        .await
        .unwrap();
    assert_error(response, 404, "NOT_FOUND").await;
}

#[tokio::test]
async fn the_demo_is_seeded_once_across_restarts() {
    let mut server = TestServer::demo().await;
    let head = server.app().runtime.store().head().await.unwrap();
    server.restart(common::settings(|_| {})).await;
    assert_eq!(server.app().runtime.store().head().await.unwrap(), head);
}

#[tokio::test]
async fn a_wrong_method_answers_the_unblu_error_body() {
    let server = TestServer::demo().await;
    let response = server
        .admin(Method::DELETE, "/app/rest/v4/conversations/create")
        .send()
        .await
        .unwrap();
    assert_error(response, 405, "METHOD_NOT_ALLOWED").await;
}

#[tokio::test]
async fn the_demo_shows_the_mail_outbox_when_no_smtp_server_is_configured() {
    let server = TestServer::demo().await;
    let (status, _) = json(
        server
            .agent(
                "anna.advisor",
                Method::POST,
                "/app/rest/v4/invitations/inviteAnonymousVisitorToConversationWithEmail",
            )
            .json(&serde_json::json!({"conversationId": "conversation-vera-anna", "email": "walter@example.org"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 200);
    // The webhook feed derives the mail from the recorded invitation.
    common::feed_caught_up(&server).await;
    let (status, outbox) = json(
        server
            .anonymous(Method::GET, "/demo/outbox")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(outbox[0]["to"], "walter@example.org");
    assert!(
        outbox[0]["body"]
            .as_str()
            .unwrap()
            .contains("/join.html#invitation=")
    );
    assert_eq!(outbox[0]["sent"], false);
    let without = common::without_demo(common::settings(|_| {})).await;
    let response = without
        .anonymous(Method::GET, "/demo/outbox")
        .send()
        .await
        .unwrap();
    assert_error(response, 404, "NOT_FOUND").await;
}
