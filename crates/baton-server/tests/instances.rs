//! Several instances on one database, as a bank runs them behind a load balancer (an SQLite
//! file in the `test` layer, PostgreSQL in the `postgres` layer): each serves any request, what
//! one records reaches the others' state and event streams, `/readyz` answers once an instance
//! has caught up, of two accepts of one forwarding on two instances exactly one wins, and of
//! 50 deputies accepting one request over three instances, for 100 rounds, exactly one wins
//! each round and the others are told `ALREADY_ACCEPTED`. Delegation deadlines fire on every
//! instance alive and are recorded once (the duplicates refused by the domain); with one
//! instance gone, the others fire its pending escalations. And a client whose requests a load
//! balancer spreads over the instances finds on one what another just acknowledged: a
//! forwarding made on A is accepted on B and the next one made on A finds the accept, and an
//! agent created on A signs in on B at once (Basic and the sign-in form).

use crate::common;

use baton_core::demo;
use common::{SseReader, TestServer, WAIT, json};
use reqwest::{Method, StatusCode};
use serde_json::json;

const EVENTS: &str = "/baton/v1/events";

#[tokio::test]
async fn an_event_stream_on_one_instance_sees_what_another_recorded() {
    let a = TestServer::demo().await;
    let b = a.another_instance(common::settings(|_| {})).await;
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
    let b = a.another_instance(common::settings(|_| {})).await;
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

/// An agent of the demo bank with their own password, made on `server`; answers their id.
async fn create_agent(server: &TestServer, username: &str, password: &str, name: &str) -> String {
    let (status, user) = json(
        server
            .admin(Method::POST, "/app/rest/v4/users/createWithPassword")
            .json(&json!({
                "$_type": "UserPasswordContainer",
                "user": {
                    "$_type": "User",
                    "accountId": "helvetia-private-bank",
                    "username": username,
                    "firstName": "Agent",
                    "lastName": name,
                    "authorizationRole": "REGISTERED_USER"
                },
                "password": password
            }))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{user}");
    user["id"].as_str().unwrap().to_owned()
}

/// 50 agents made with their own passwords, all Anna's deputies on level 1: (id, username,
/// password).
async fn fifty_deputies_of_anna(server: &TestServer) -> Vec<(String, String, String)> {
    let mut deputies = Vec::new();
    for n in 0..50 {
        let (username, password) = (format!("deputy{n:02}"), format!("deputy-password-{n}"));
        let id = create_agent(server, &username, &password, &format!("{n:02}")).await;
        deputies.push((id, username, password));
    }
    let level1: Vec<_> = deputies
        .iter()
        .map(|(id, _, _)| json!({"$_type": "DeputyDefinition", "type": "AGENT", "id": id}))
        .collect();
    let written = server
        .admin(Method::POST, "/app/rest/v4/deputyrelationships/writeAgentDeputies")
        .json(&json!({"agentUserId": demo::ANNA, "assistants": [], "level1": level1, "level2": [], "level3": []}))
        .send()
        .await
        .unwrap();
    assert_eq!(written.status(), StatusCode::NO_CONTENT);
    deputies
}

#[tokio::test]
async fn fifty_deputies_on_three_instances_accept_one_request_and_exactly_one_wins() {
    // 50 agents sign in at once from one address: more than the guessing budget allows.
    let settings = || {
        let mut settings = common::settings(|_| {});
        settings.limits.max_failures = 10_000;
        settings
    };
    let a = TestServer::with_settings(settings()).await;
    let instances = [
        a.another_instance(settings()).await,
        a.another_instance(settings()).await,
    ];
    let instances = [&a, &instances[0], &instances[1]];
    let deputies = fifty_deputies_of_anna(&a).await;
    for round in 0..100 {
        let on = instances[round % 3];
        let (status, conversation) = json(
            on.admin(Method::POST, "/app/rest/v4/conversations/create")
                .json(&json!({
                    "topic": format!("round {round}"),
                    "participants": [
                        {"personId": demo::ANNA, "participationType": "ASSIGNED_AGENT"},
                        {"personId": demo::VERA, "participationType": "CONTEXT_PERSON"}
                    ]
                }))
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{conversation}");
        let (status, request) = json(
            on.admin(
                Method::POST,
                "/app/rest/v4/invitations/startDeputyDelegation",
            )
            .json(&json!({"conversationId": conversation["id"], "delegationLevel": "LEVEL_1"}))
            .send()
            .await
            .unwrap(),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{request}");
        let id = request["id"].as_str().unwrap().to_owned();
        // The level's deputies are notified (recorded by whichever instance's engine fires
        // first; the others' are refused as duplicates).
        common::eventually(&format!("round {round}: 50 deputies notified"), || async {
            let notified = on.app().runtime.read(|s| {
                s.invitations
                    .get(&id.as_str().into())
                    .map_or(0, |i| i.secondary_targets.len())
            });
            (notified == 50).then_some(())
        })
        .await;
        let path = format!("/baton/v1/invitations/{id}/respond");
        let accepts = deputies
            .iter()
            .enumerate()
            .map(|(n, (_, username, password))| {
                instances[n % 3]
                    .anonymous(Method::POST, &path)
                    .basic_auth(username, Some(password))
                    .json(&json!({"response": "ACCEPT", "channel": "QUEUE"}))
                    .send()
            });
        let answers = futures_util::future::join_all(accepts).await;
        let mut won = 0;
        for answer in answers {
            let (status, body) = json(answer.unwrap()).await;
            match status {
                StatusCode::OK => won += 1,
                _ => assert_eq!(
                    body["errorCode"], "ALREADY_ACCEPTED",
                    "round {round}: {body}"
                ),
            }
        }
        assert_eq!(won, 1, "round {round}: exactly one deputy wins");
    }
}

/// How many events of `kind` the log holds for `conversation`.
async fn recorded(server: &TestServer, conversation: &str, kind: &str) -> usize {
    server
        .app()
        .runtime
        .store()
        .conversation_events(conversation, &[kind])
        .await
        .unwrap()
        .len()
}

#[tokio::test]
async fn deadlines_fire_on_every_instance_alive_once_and_on_the_others_when_one_is_gone() {
    let mut a = TestServer::with_manual_clock(common::settings(|_| {})).await;
    let b = a.another_instance(common::settings(|_| {})).await;
    let (status, request) = json(
        a.admin(
            Method::POST,
            "/app/rest/v4/invitations/startDeputyDelegation",
        )
        .json(&json!({"conversationId": demo::VERA_AND_ANNA, "delegationLevel": "LEVEL_1"}))
        .send()
        .await
        .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{request}");
    let properties = a.app().settings.properties.clone();
    let conversation = demo::VERA_AND_ANNA;
    common::eventually("level 1 notified", || async {
        (recorded(&a, conversation, "DeputiesNotified").await == 1).then_some(())
    })
    .await;
    // Both instances know the request, so both engines count down level 2.
    common::eventually("B has the request", || async {
        b.app().runtime.next_deadline().is_some().then_some(())
    })
    .await;
    let level_2 = std::time::Duration::from_secs(properties.level2_escalation_timeout_seconds);
    a.clock().advance(level_2);
    let now = a.clock().now();
    common::eventually("both engines fired level 2", || async {
        let moved = |server: &TestServer| {
            server
                .app()
                .runtime
                .next_deadline()
                .is_none_or(|next| next > now)
        };
        (moved(&a) && moved(&b) && recorded(&a, conversation, "DeputiesNotified").await == 2)
            .then_some(())
    })
    .await;
    assert_eq!(
        recorded(&a, conversation, "DeputiesNotified").await,
        2,
        "level 2 recorded once, though both instances fired it"
    );

    // A is gone: B alone reports the request unanswered when level 2's time is up.
    a.stop().await;
    let level_3 = std::time::Duration::from_secs(properties.level3_escalation_timeout_seconds);
    b.clock().advance(level_3);
    common::eventually("B reports the request unanswered", || async {
        (recorded(&b, conversation, "DelegationUnanswered").await == 1).then_some(())
    })
    .await;
}

/// A command `who` sends on `server`, answered 200 with its body.
async fn acknowledged(
    server: &TestServer,
    who: &str,
    path: &str,
    body: serde_json::Value,
) -> serde_json::Value {
    let (status, answer) = json(
        server
            .agent(who, Method::POST, path)
            .json(&body)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{path}: {answer}");
    answer
}

#[tokio::test]
async fn what_one_instance_acknowledged_the_next_request_on_another_finds() {
    // A load balancer without sticky sessions sends each request of one client to any
    // instance: a forwarding made on A is accepted on B, and the next forwarding, made on A
    // again, must find B's accept.
    let a = TestServer::demo().await;
    let b = a.another_instance(common::settings(|_| {})).await;
    let (mut from, mut to) = (demo::ANNA, demo::CLARA);
    for round in 0..40 {
        let forwarding = acknowledged(
            &a,
            from,
            "/app/rest/v4/invitations/forwardConversationToAgent",
            json!({ "conversationId": demo::VERA_AND_ANNA, "agentPersonId": to }),
        )
        .await;
        let id = forwarding["id"].as_str().unwrap();
        let respond = format!("/baton/v1/invitations/{id}/respond");
        let accepted = acknowledged(
            &b,
            to,
            &respond,
            json!({"response": "ACCEPT", "channel": "QUEUE"}),
        )
        .await;
        assert!(!accepted.is_null(), "round {round}");
        std::mem::swap(&mut from, &mut to);
    }
}

#[tokio::test]
async fn an_agent_created_on_one_instance_signs_in_on_another_at_once() {
    let a = TestServer::demo().await;
    let b = a.another_instance(common::settings(|_| {})).await;
    for n in 0..5 {
        // HTTP Basic on B, before its follower has read the new agent.
        let (username, password) = (format!("new-agent-{n}"), format!("new-agent-password-{n}"));
        create_agent(&a, &username, &password, &format!("Basic {n}")).await;
        let queue = b
            .anonymous(Method::GET, "/baton/v1/queue")
            .basic_auth(&username, Some(&password))
            .send()
            .await
            .unwrap();
        assert_eq!(queue.status(), StatusCode::OK, "Basic on B, agent {n}");
        // The sign-in form on B.
        let username = format!("{username}-form");
        create_agent(&a, &username, &password, &format!("Form {n}")).await;
        let login = b
            .anonymous(Method::POST, "/app/rest/v4/authenticator/login")
            .json(&json!({"username": username, "password": password}))
            .send()
            .await
            .unwrap();
        assert!(
            login.status().is_success(),
            "sign-in form on B: {}",
            login.status()
        );
    }
}
