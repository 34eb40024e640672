//! Outgoing deliveries fail alone: an unusable e-mail address is refused at the door, and one
//! already in the log (an older database) is parked as a failed delivery while every other
//! deputy still gets their webhook and e-mail; the administrator lists failed deliveries and
//! puts one back in line; `/metrics` counts them per channel and state; the customer's
//! invitation e-mail is derived from the recorded invitation.

use crate::common;

use std::time::Duration;

use baton_core::demo;
use baton_core::directory::{
    AuthorizationRole, NotificationChannels, Person, PersonType, PresenceState,
};
use baton_core::event::Event;
use common::{
    TestServer, WebhookReceiver, assert_error, eventually, feed_caught_up, head, json, ok,
    register_webhook, send,
};
use reqwest::Method;
use serde_json::{Value, json};

const DELIVERIES: &str = "/baton/v1/admin/deliveries";
const BAD_ADDRESS: &str = "broken..address@@example";

fn settings() -> baton_server::settings::Settings {
    common::settings(|c| {
        c.level1_escalation_timeout_seconds = 1;
        c.level2_escalation_timeout_seconds = 60;
        c.level3_escalation_timeout_seconds = 60;
        c.unanswered_escalation_timeout_seconds = 60;
    })
}

/// A request from Vera to `agent`, waiting for them.
async fn request_to(server: &TestServer, agent: &str) -> String {
    let created = ok(server
        .admin(Method::POST, "/app/rest/v4/conversations/create")
        .json(&json!({
            "$_type": "ConversationCreationData",
            "recipient": {"$_type": "ConversationCreationRecipientData", "type": "AGENT", "id": agent},
            "participants": [{
                "$_type": "ConversationCreationParticipantData",
                "personId": "vera.visitor",
                "participationType": "CONTEXT_PERSON"
            }],
            "initialEngagementType": "CHAT_REQUEST"
        })))
    .await;
    created["id"].as_str().unwrap().to_owned()
}

/// `agent`'s only deputy, on level 1.
async fn only_deputy(server: &TestServer, agent: &str, deputy: &str) {
    let written = send(
        server
            .admin(
                Method::POST,
                "/app/rest/v4/deputyrelationships/writeAgentDeputies",
            )
            .json(&json!({
                "$_type": "WriteAgentDeputyRelationshipsBody",
                "agentUserId": agent,
                "assistants": [],
                "level1": [{"$_type": "DeputyDefinition", "type": "AGENT", "id": deputy}],
                "level2": [],
                "level3": []
            })),
    )
    .await;
    assert_eq!(written.status(), 204);
}

async fn deliveries(server: &TestServer, state: &str) -> Vec<Value> {
    let list = ok(server.admin(Method::GET, &format!("{DELIVERIES}?state={state}"))).await;
    list.as_array().unwrap().clone()
}

#[tokio::test]
async fn a_malformed_address_is_refused_at_the_door_and_records_nothing() {
    let server = TestServer::demo().await;
    let before = head(&server).await;
    let response = send(
        server
            .admin(Method::POST, "/app/rest/v4/users/createWithPassword")
            .json(&json!({
                "$_type": "UserPasswordContainer",
                "user": {
                    "$_type": "User",
                    "accountId": demo::ACCOUNT,
                    "username": "broken.address",
                    "email": BAD_ADDRESS,
                    "authorizationRole": "REGISTERED_USER",
                    "firstName": "Broken",
                    "lastName": "Address"
                },
                "password": "a-long-password"
            })),
    )
    .await;
    assert_error(response, 400, "INVALID_INPUT").await;
    assert_eq!(head(&server).await, before);
}

#[tokio::test]
async fn one_unusable_address_is_parked_and_never_stalls_the_other_deputies() {
    let mut server = TestServer::with_manual_clock(settings()).await;
    // An agent with an unusable address, as an older database may hold one (the door refuses
    // it now): recorded straight into the log, then the server restarts on it.
    let store = server.app().runtime.store().clone();
    let broken = Person {
        id: "broken.deputy".into(),
        person_type: PersonType::Agent,
        account: demo::ACCOUNT.into(),
        team: None,
        display_name: "Broken Deputy".into(),
        username: Some("broken.deputy".into()),
        email: Some(BAD_ADDRESS.into()),
        presence: PresenceState::Online,
        role: AuthorizationRole::RegisteredUser,
        notifications: NotificationChannels::ALL,
    };
    store
        .append(
            head(&server).await,
            &[Event::PersonRegistered { person: broken }],
            server.clock.now(),
        )
        .await
        .unwrap();
    server.restart(settings()).await;
    let receiver = WebhookReceiver::start().await;
    register_webhook(
        &server,
        &receiver.url,
        "secret",
        &["push_notification.deputy_delegation"],
    )
    .await;
    only_deputy(&server, demo::ANNA, "broken.deputy").await;
    only_deputy(&server, demo::DAVID, demo::CLARA).await;
    // Anna's request reaches the broken deputy first, David's then reaches Clara.
    let annas = request_to(&server, demo::ANNA).await;
    let davids = request_to(&server, demo::DAVID).await;
    // Level 1's countdown (1 s) runs out for both.
    server.clock().advance(Duration::from_secs(1));

    receiver
        .wait_for(common::WAIT, |w| {
            w.body.contains(&davids) && w.body.contains(&format!("\"id\":\"{}\"", demo::CLARA))
        })
        .await;
    let (failed, pending) = eventually("the parked mail and Clara's queued one", || async {
        let failed = deliveries(&server, "failed").await;
        let pending = deliveries(&server, "pending").await;
        let clara = pending
            .iter()
            .any(|d| d["target"] == "clara.deputy@helvetia.example");
        (!failed.is_empty() && clara).then_some((failed, pending))
    })
    .await;
    assert!(annas != davids);
    assert_eq!(failed.len(), 1, "{failed:#?}");
    let parked = &failed[0];
    assert_eq!(parked["$_type"], "BatonDelivery");
    assert_eq!(parked["channel"], "EMAIL");
    assert_eq!(parked["state"], "FAILED");
    assert_eq!(parked["target"], BAD_ADDRESS);
    assert_eq!(parked["lastError"], "not an e-mail address");
    assert!(parked["nextAttemptAt"].is_null());
    assert!(
        pending.iter().all(|d| d["state"] == "PENDING"),
        "{pending:#?}"
    );

    let metrics = send(server.admin(Method::GET, "/metrics"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        metrics.contains("baton_deliveries{channel=\"email\",state=\"failed\"} 1\n"),
        "{metrics}"
    );

    // Retrying puts it back in line (without SMTP it waits there); twice is not found.
    let id = parked["id"].as_str().unwrap();
    let retry = format!("{DELIVERIES}/{id}/retry");
    let retried = send(server.admin(Method::POST, &retry)).await;
    assert_eq!(retried.status(), 204);
    assert!(deliveries(&server, "failed").await.is_empty());
    assert!(
        deliveries(&server, "pending")
            .await
            .iter()
            .any(|d| d["id"] == id && d["attempts"] == 0)
    );
    assert_error(
        send(server.admin(Method::POST, &retry)).await,
        404,
        "NOT_FOUND",
    )
    .await;
    for bad in ["sms-1", "email-x", "email-999999"] {
        let path = format!("{DELIVERIES}/{bad}/retry");
        assert_error(
            send(server.admin(Method::POST, &path)).await,
            404,
            "NOT_FOUND",
        )
        .await;
    }
}

#[tokio::test]
async fn only_the_administrator_sees_deliveries_and_bad_filters_are_refused() {
    let server = TestServer::demo().await;
    assert_error(
        send(server.agent(demo::ANNA, Method::GET, DELIVERIES)).await,
        403,
        "NOT_ALLOWED",
    )
    .await;
    assert_error(
        send(server.agent(
            demo::ANNA,
            Method::POST,
            &format!("{DELIVERIES}/email-1/retry"),
        ))
        .await,
        403,
        "NOT_ALLOWED",
    )
    .await;
    assert_error(
        send(server.anonymous(Method::GET, DELIVERIES)).await,
        401,
        "NOT_AUTHENTICATED",
    )
    .await;
    assert_error(
        send(server.admin(Method::GET, &format!("{DELIVERIES}?state=lost"))).await,
        400,
        "MALFORMED_REQUEST",
    )
    .await;
    let (status, all) = json(send(server.admin(Method::GET, DELIVERIES)).await).await;
    assert_eq!(status, 200);
    assert!(all.is_array());
}

#[tokio::test]
async fn the_customers_invitation_email_is_derived_from_the_recorded_invitation() {
    let server = TestServer::demo().await;
    let invited = ok(server
        .agent(
            demo::ANNA,
            Method::POST,
            "/app/rest/v4/invitations/inviteAnonymousVisitorToConversationWithEmail",
        )
        .header("Accept-Language", "de-CH")
        .json(&json!({
            "conversationId": demo::VERA_AND_ANNA,
            "email": "walter@example.org"
        })))
    .await;
    let id = invited["id"].as_str().unwrap().to_owned();
    let mail = eventually("the invitation e-mail", || async {
        deliveries(&server, "pending")
            .await
            .into_iter()
            .find(|d| d["target"] == "walter@example.org")
    })
    .await;
    assert!(mail["eventId"].as_str().unwrap().ends_with("-mail-0"));
    let outbox = server.app().mailer.outbox(10).await.unwrap();
    let body = &outbox
        .iter()
        .find(|m| m.mail.to == "walter@example.org")
        .unwrap()
        .mail
        .body;
    assert!(
        body.contains(&format!("/join.html#invitation={id}&token=")),
        "{body}"
    );
    // Still one mail after the feed replays the log from the start (a crash before its
    // checkpoint): the outbox keeps one per event.
    let pool = server.app().runtime.store().pool().clone();
    sqlx::query("UPDATE webhook_feed_checkpoint SET last_seq = 0")
        .execute(&pool)
        .await
        .unwrap();
    let mut server = server;
    server.restart(common::settings(|_| {})).await;
    feed_caught_up(&server).await;
    let to_walter = server
        .app()
        .mailer
        .outbox(100)
        .await
        .unwrap()
        .into_iter()
        .filter(|m| m.mail.to == "walter@example.org")
        .count();
    assert_eq!(to_walter, 1);
}
