//! Durability, against the real `baton-server` binary: a process killed with SIGKILL loses no
//! acknowledged command, and a delegation interrupted by SIGKILL still escalates after the
//! restart (its deadline fires once, at once); the customer's invitation e-mail, derived from
//! the recorded invitation, reaches the SMTP server even when the process is killed right
//! after answering. And of 50 concurrent accepts of one forwarding, exactly one wins.

use crate::common;

use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use common::process::{eventually, spawn};
use common::{TestServer, json, smtp_receiver};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// The wall clock in Unix milliseconds, as the server's timestamps.
fn now_millis() -> u64 {
    let since = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("after 1970");
    u64::try_from(since.as_millis()).expect("milliseconds fit")
}

fn config(dir: &Path, level1_seconds: u64) -> std::path::PathBuf {
    let path = dir.join("baton.toml");
    std::fs::write(
        &path,
        format!(
            r#""com.unblu.messenger.enableDeputyDelegation" = true
"com.unblu.conversation.invitation.enableDeputyDelegation" = true
"com.unblu.conversation.invitation.level1EscalationTimeoutSeconds" = {level1_seconds}
"#
        ),
    )
    .expect("config written");
    path
}

/// A request from Vera to Anna, created by the administrator.
fn request_to_anna(topic: &str) -> Value {
    json!({
        "$_type": "ConversationCreationData",
        "topic": topic,
        "recipient": {"$_type": "ConversationCreationRecipientData", "type": "AGENT", "id": "anna.advisor"},
        "participants": [
            {"$_type": "ConversationCreationParticipantData", "personId": "vera.visitor", "participationType": "CONTEXT_PERSON"}
        ]
    })
}

#[tokio::test]
async fn a_process_killed_with_sigkill_loses_no_acknowledged_command() {
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("baton.db");
    let config = config(dir.path(), 3_600);
    let server = spawn(&database, &config).await;
    let mut acknowledged = Vec::new();
    let mut in_flight = tokio::task::JoinSet::new();
    for n in 0..120 {
        let request = server
            .admin(Method::POST, "/app/rest/v4/conversations/create")
            .json(&request_to_anna(&format!("durability {n}")));
        in_flight.spawn(async move { request.send().await });
        if n == 80 {
            // Kill while requests are in flight: some are acknowledged, some are not.
            while acknowledged.len() < 20 {
                if let Some(Ok(Ok(response))) = in_flight.join_next().await
                    && response.status() == StatusCode::OK
                {
                    let (_, body) = json(response).await;
                    acknowledged.push(body["id"].as_str().unwrap().to_owned());
                }
            }
            break;
        }
    }
    server.kill();
    while let Some(result) = in_flight.join_next().await {
        if let Ok(Ok(response)) = result
            && response.status() == StatusCode::OK
        {
            let (_, body) = json(response).await;
            acknowledged.push(body["id"].as_str().unwrap().to_owned());
        }
    }
    assert!(acknowledged.len() >= 20);
    let restarted = spawn(&database, &config).await;
    for id in &acknowledged {
        let response = restarted
            .admin(
                Method::GET,
                &format!("/app/rest/v4/conversations/{id}/read"),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(
            response.status(),
            StatusCode::OK,
            "acknowledged conversation {id} was lost"
        );
    }
    restarted.kill();
}

#[tokio::test]
async fn a_delegation_interrupted_by_sigkill_still_escalates_after_the_restart() {
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("baton.db");
    let config = config(dir.path(), 2);
    let server = spawn(&database, &config).await;
    let (status, conversation) = json(
        server
            .admin(Method::POST, "/app/rest/v4/conversations/create")
            .json(&request_to_anna("while Anna is out"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{conversation}");
    server.kill();
    // Down until the level 1 countdown (2 s from the request's creation) has run out.
    let due = conversation["creationTimestamp"].as_u64().unwrap() + 2_000;
    eventually(
        "the level 1 countdown ran out while the server was down",
        Duration::from_secs(10),
        || async move { (now_millis() > due).then_some(()) },
    )
    .await;
    let restarted = spawn(&database, &config).await;
    let query = json!({
        "$_type": "ConversationInvitationQuery",
        "searchFilters": [{
            "$_type": "ConversationIdConversationInvitationSearchFilter",
            "field": "CONVERSATION_ID",
            "operator": {"$_type": "EqualsIdOperator", "type": "EQUALS", "value": conversation["id"]}
        }]
    });
    let (live, query) = (&restarted, &query);
    let targets = eventually(
        "level 1 is notified after the restart",
        Duration::from_secs(10),
        || async move {
            let (_, found) = json(
                live.admin(Method::POST, "/app/rest/v4/invitations/search")
                    .json(query)
                    .send()
                    .await
                    .unwrap(),
            )
            .await;
            let targets: Vec<String> = found["items"][0]["secondaryInvitationTargets"]
                .as_array()
                .map(|t| {
                    t.iter()
                        .filter_map(|t| t["personId"].as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default();
            let notified = ["ben.assistant", "clara.deputy"]
                .iter()
                .all(|d| targets.iter().any(|t| t == d));
            notified.then_some(targets)
        },
    )
    .await;
    assert_eq!(
        targets.len(),
        2,
        "level 1 was notified exactly once: {targets:?}"
    );
    restarted.kill();
}

#[tokio::test]
async fn of_fifty_concurrent_accepts_of_one_forwarding_exactly_one_wins() {
    let server = TestServer::demo().await;
    let (status, forwarding) = json(
        server
            .agent("anna.advisor", Method::POST, "/app/rest/v4/invitations/forwardConversationToAgent")
            .json(&json!({"conversationId": "conversation-vera-anna", "agentPersonId": "clara.deputy"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{forwarding}");
    let id = forwarding["id"].as_str().unwrap().to_owned();
    let head = server.app().runtime.store().head().await.unwrap();
    let mut accepts = tokio::task::JoinSet::new();
    for _ in 0..50 {
        let request = server
            .agent(
                "clara.deputy",
                Method::POST,
                &format!("/baton/v1/invitations/{id}/respond"),
            )
            .json(&json!({"response": "ACCEPT", "channel": "QUEUE"}));
        accepts.spawn(async move { request.send().await.unwrap().status() });
    }
    let mut statuses = Vec::new();
    while let Some(status) = accepts.join_next().await {
        statuses.push(status.unwrap());
    }
    assert_eq!(
        statuses.iter().filter(|s| **s == StatusCode::OK).count(),
        1,
        "{statuses:?}"
    );
    assert_eq!(
        statuses
            .iter()
            .filter(|s| **s == StatusCode::CONFLICT)
            .count(),
        49,
        "{statuses:?}"
    );
    let accepted = server
        .app()
        .runtime
        .store()
        .load_after(head)
        .await
        .unwrap()
        .iter()
        .filter(|r| r.event.kind() == baton_core::event::EventKind::InvitationAccepted)
        .count();
    assert_eq!(accepted, 1);
}

#[tokio::test]
async fn an_invitation_email_acknowledged_just_before_a_sigkill_still_arrives() {
    let dir = tempfile::tempdir().expect("temp dir");
    let database = dir.path().join("baton.db");
    let (smtp_port, mut mails) = smtp_receiver().await;
    let config = dir.path().join("baton.toml");
    std::fs::write(
        &config,
        format!(
            "[smtp]\nhost = \"127.0.0.1\"\nport = {smtp_port}\ntls = \"none\"\nfrom = \"baton@bank.example\"\n"
        ),
    )
    .expect("config written");
    // The same port after the restart: the same instance, which takes back its own claims.
    let port = common::process::free_port();
    let server = common::process::spawn_on(port, &database, &config).await;
    let invited = common::process::client()
        .post(format!(
            "{}/app/rest/v4/invitations/inviteAnonymousVisitorToConversationWithEmail",
            server.base
        ))
        .basic_auth("anna.advisor", Some("anna"))
        .json(&json!({"conversationId": "conversation-vera-anna", "email": "walter@example.org"}))
        .send()
        .await
        .expect("answered");
    assert_eq!(invited.status(), StatusCode::OK);
    let id = json(invited).await.1["id"]
        .as_str()
        .expect("an invitation id")
        .to_owned();
    server.kill();

    let restarted = common::process::spawn_on(port, &database, &config).await;
    let mail = tokio::time::timeout(Duration::from_secs(30), mails.recv())
        .await
        .expect("the mail arrives after the restart")
        .expect("a mail");
    assert!(mail.contains("walter@example.org"), "{mail}");
    assert!(
        mail.contains(&format!("invitation=3D{id}")) || mail.contains(&format!("invitation={id}")),
        "{mail}"
    );
    // Once: the feed's replay after the restart queues nothing twice.
    let counted = eventually("the outbox to settle", Duration::from_secs(10), || {
        let restarted = &restarted;
        async move {
            let deliveries = restarted
                .admin(Method::GET, "/baton/v1/admin/deliveries")
                .send()
                .await
                .ok()?
                .json::<Value>()
                .await
                .ok()?;
            let to_walter: Vec<Value> = deliveries
                .as_array()?
                .iter()
                .filter(|d| d["target"] == "walter@example.org")
                .cloned()
                .collect();
            to_walter
                .iter()
                .all(|d| d["state"] == "DELIVERED")
                .then_some(to_walter.len())
        }
    })
    .await;
    assert_eq!(counted, 1);
    assert!(mails.try_recv().is_err(), "sent once");
    restarted.kill();
}
