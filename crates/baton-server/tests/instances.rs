//! Several instances on one database, as a bank runs them behind a load balancer (an SQLite
//! file in the `test` layer, PostgreSQL in the `postgres` layer): each serves any request, what
//! one records reaches the others' state and event streams, `/readyz` answers once an instance
//! has caught up, and of two accepts of one forwarding on two instances exactly one wins.

#![allow(clippy::unwrap_used)]

mod common;

use baton_core::demo;
use common::{SseReader, TestServer, WAIT, json};
use reqwest::{Method, StatusCode};
use serde_json::json;

const EVENTS: &str = "/baton/v1/events";

#[tokio::test]
async fn an_event_stream_on_one_instance_sees_what_another_recorded() {
    let a = TestServer::demo().await;
    let b = a.another_instance().await;
    let mut annas = SseReader::open(b.agent(demo::ANNA, Method::GET, EVENTS)).await;
    let path = format!("/baton/v1/conversations/{}/messages", demo::VERA_AND_ANNA);
    let (status, posted) = json(
        a.agent(demo::ANNA, Method::POST, &path)
            .json(&json!({ "text": "written on A" }))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{posted}");

    let frames = annas
        .until(WAIT, |f| {
            f.event.as_deref() == Some("MessagePosted") && f.data.contains("written on A")
        })
        .await;
    assert!(!frames.is_empty());
    // B's reads have it too, and B is ready at A's head.
    let (_, messages) = json(
        b.agent(demo::ANNA, Method::GET, &path)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert!(messages.to_string().contains("written on A"), "{messages}");
    let (_, health) = json(a.anonymous(Method::GET, "/healthz").send().await.unwrap()).await;
    let (status, ready) = json(b.anonymous(Method::GET, "/readyz").send().await.unwrap()).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        ready["events"].as_u64() >= health["events"].as_u64(),
        "{ready} {health}"
    );
}

/// One forwarding from `from` to `to`; answers its id.
async fn forward(server: &TestServer, from: &str, to: &str) -> String {
    let (status, forwarding) = json(
        server
            .agent(
                from,
                Method::POST,
                "/app/rest/v4/invitations/forwardConversationToAgent",
            )
            .json(&json!({ "conversationId": demo::VERA_AND_ANNA, "agentPersonId": to }))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{forwarding}");
    forwarding["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn of_two_accepts_on_two_instances_exactly_one_wins_every_round() {
    let a = TestServer::demo().await;
    let b = a.another_instance().await;
    let (mut from, mut to) = (demo::ANNA, demo::CLARA);
    for round in 0..10 {
        // The forwarding is made on one instance, alternately.
        let maker = if round % 2 == 0 { &a } else { &b };
        let id = forward(maker, from, to).await;
        let path = format!("/baton/v1/invitations/{id}/respond");
        let accept = |server: &TestServer| {
            server
                .agent(to, Method::POST, &path)
                .json(&json!({ "response": "ACCEPT", "channel": "QUEUE" }))
                .send()
        };
        let (on_a, on_b) = tokio::join!(accept(&a), accept(&b));
        let mut statuses = vec![on_a.unwrap().status(), on_b.unwrap().status()];
        statuses.sort();
        assert_eq!(
            statuses,
            [StatusCode::OK, StatusCode::CONFLICT],
            "round {round}: one accept wins, the other is ALREADY_ACCEPTED"
        );
        std::mem::swap(&mut from, &mut to);
    }
}
