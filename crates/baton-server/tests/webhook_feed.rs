//! The webhook feed: recorded domain events reach a registered receiver as Unblu's webhook
//! events, signed; QUEUED is told apart from REQUEUED; PINs never travel; nothing is lost
//! or sent twice across a restart (events recorded while the server was down are sent after);
//! a refused delivery is tried again when its backoff has passed on the server's clock.

use crate::common;

use std::time::Duration;

use baton_core::command::Command;
use baton_core::conversation::Recipient;
use baton_core::{Actor, demo};
use baton_server::outbox::DeliveryState;
use baton_server::outbox::RetryPolicy;
use baton_server::runtime::Runtime;
use baton_server::store::{Durability, EventStore};
use baton_server::webhooks::signature;
use common::{
    ReceivedWebhook, TestServer, WebhookReceiver, deliveries_settled, eventually, execute,
    register_webhook, send,
};
use reqwest::Method;
use serde_json::json;

const SECRET: &str = "receiver-secret";
const WAIT: Duration = Duration::from_secs(10);

fn anna() -> Actor {
    Actor::Agent(demo::ANNA.into())
}

fn signed(webhook: &ReceivedWebhook) -> bool {
    webhook.headers["x-unblu-signature"] == signature(webhook.body.as_bytes(), SECRET)
}

#[tokio::test]
async fn domain_events_reach_the_receiver_as_signed_unblu_webhooks() {
    let server = TestServer::demo().await;
    let receiver = WebhookReceiver::start().await;
    register_webhook(
        &server,
        &receiver.url,
        SECRET,
        &[
            "agent_forwarding.created",
            "agent_forwarding.redeemed",
            "conversation.participation.created",
            "conversation.participation.activated",
            "conversation.participation.left",
            "conversation.updated",
            "conversation.unassigned",
            "pin.created",
            "pin.redeemed",
        ],
    )
    .await;
    execute(
        &server,
        anna(),
        Command::ForwardToAgent {
            conversation: demo::VERA_AND_ANNA.into(),
            invitation: "fwd-1".into(),
            agent: demo::CLARA.into(),
            comment: Some("VIP".into()),
        },
    )
    .await;
    let accepted = send(
        server
            .agent(
                demo::CLARA,
                Method::POST,
                "/baton/v1/invitations/fwd-1/respond",
            )
            .json(&json!({"response": "ACCEPT", "channel": "QUEUE"})),
    )
    .await;
    assert_eq!(accepted.status(), 200);
    execute(
        &server,
        Actor::Agent(demo::CLARA.into()),
        Command::InviteVisitorWithPin {
            conversation: demo::VERA_AND_ANNA.into(),
            invitation: "pin-1".into(),
            pin: "48213957".into(),
            nickname: None,
        },
    )
    .await;
    let redeemed = send(
        server
            .anonymous(Method::POST, "/baton/v1/redeem/pin")
            .json(&json!({"pin": "48213957"})),
    )
    .await;
    assert_eq!(redeemed.status(), 200);
    let unassigned = send(server.agent(
        demo::CLARA,
        Method::POST,
        "/baton/v1/conversations/conversation-vera-anna/unassign",
    ))
    .await;
    assert_eq!(unassigned.status(), 204);

    let created = receiver
        .wait_for(WAIT, |w| w.event() == "agent_forwarding.created")
        .await;
    let body = created.json();
    assert_eq!(body["$_type"], "AgentForwardingCreatedEvent");
    assert_eq!(body["invitationId"], "fwd-1");
    assert_eq!(body["comment"], "VIP");
    assert_eq!(body["target"]["id"], demo::CLARA);
    assert_eq!(body["contextPersonInfo"]["id"], demo::VERA);
    assert_eq!(body["conversation"]["$_type"], "ConversationData");
    let redeemed = receiver
        .wait_for(WAIT, |w| w.event() == "agent_forwarding.redeemed")
        .await;
    assert_eq!(redeemed.json()["redeemingPerson"]["id"], demo::CLARA);
    let joined = receiver
        .wait_for(WAIT, |w| {
            w.event() == "conversation.participation.created"
                && w.json()["participation"]["person"]["id"] == demo::CLARA
        })
        .await;
    assert_eq!(joined.json()["$_type"], "ParticipationCreatedEvent");
    receiver
        .wait_for(WAIT, |w| {
            w.event() == "conversation.participation.activated"
                && w.json()["participation"]["person"]["id"] == demo::CLARA
        })
        .await;
    let left = receiver
        .wait_for(WAIT, |w| {
            w.event() == "conversation.participation.left"
                && w.json()["participation"]["person"]["id"] == demo::ANNA
        })
        .await;
    assert_eq!(left.json()["participation"]["leftReason"], "FORWARDED");
    assert_eq!(left.json()["participation"]["state"], "ENDED");
    let pin_created = receiver
        .wait_for(WAIT, |w| w.event() == "pin.created")
        .await;
    assert_eq!(pin_created.json()["$_type"], "PinCreatedEvent");
    let pin_redeemed = receiver
        .wait_for(WAIT, |w| w.event() == "pin.redeemed")
        .await;
    assert!(
        pin_redeemed.json()["redeemingPerson"]["id"]
            .as_str()
            .unwrap()
            .starts_with("person_")
    );
    let unassigned = receiver
        .wait_for(WAIT, |w| w.event() == "conversation.unassigned")
        .await;
    assert_eq!(unassigned.json()["$_type"], "ConversationUnassignedEvent");
    assert_eq!(unassigned.json()["conversation"]["state"], "UNASSIGNED");
    receiver
        .wait_for(WAIT, |w| w.event() == "conversation.updated")
        .await;

    for webhook in receiver.received() {
        assert!(signed(&webhook), "{webhook:?}");
        assert!(
            !webhook.body.contains("48213957"),
            "a PIN leaked: {webhook:?}"
        );
        assert_eq!(webhook.json()["eventType"], webhook.event());
    }
}

#[tokio::test]
async fn a_first_queueing_is_queued_and_a_requeue_is_requeued() {
    let server = TestServer::demo().await;
    let receiver = WebhookReceiver::start().await;
    register_webhook(
        &server,
        &receiver.url,
        SECRET,
        &[
            "conversation.created",
            "conversation.queued",
            "conversation.requeued",
        ],
    )
    .await;
    execute(
        &server,
        Actor::Visitor(demo::VERA.into()),
        Command::CreateConversation {
            id: "conversation-new".into(),
            account: demo::ACCOUNT.into(),
            topic: None,
            visitor: Some(demo::VERA.into()),
            assignee: None,
            recipient: Some(Recipient::Agent(demo::ANNA.into())),
            request: Some("request-1".into()),
        },
    )
    .await;
    execute(
        &server,
        anna(),
        Command::RequeueConversation {
            conversation: demo::VERA_AND_ANNA.into(),
            request: "request-2".into(),
        },
    )
    .await;
    let created = receiver
        .wait_for(WAIT, |w| w.event() == "conversation.created")
        .await;
    assert_eq!(created.json()["conversation"]["id"], "conversation-new");
    let queued = receiver
        .wait_for(WAIT, |w| w.event() == "conversation.queued")
        .await;
    assert_eq!(queued.json()["conversation"]["id"], "conversation-new");
    let requeued = receiver
        .wait_for(WAIT, |w| w.event() == "conversation.requeued")
        .await;
    assert_eq!(requeued.json()["$_type"], "ConversationRequeuedEvent");
    assert_eq!(requeued.json()["conversation"]["id"], demo::VERA_AND_ANNA);
    assert_eq!(
        receiver
            .received()
            .iter()
            .filter(|w| w.event().ends_with("queued"))
            .count(),
        2
    );
}

#[tokio::test]
async fn nothing_is_lost_or_sent_twice_across_a_restart() {
    let mut server = TestServer::demo().await;
    let receiver = WebhookReceiver::start().await;
    register_webhook(
        &server,
        &receiver.url,
        SECRET,
        &["agent_forwarding.created"],
    )
    .await;
    let forward = |invitation: &str, agent: &str| Command::ForwardToAgent {
        conversation: demo::VERA_AND_ANNA.into(),
        invitation: invitation.into(),
        agent: agent.into(),
        comment: None,
    };
    execute(&server, anna(), forward("fwd-before", demo::CLARA)).await;
    receiver
        .wait_for(WAIT, |w| w.json()["invitationId"] == "fwd-before")
        .await;

    // Down: another process records a forwarding straight into the log.
    server.stop().await;
    let settings = common::settings(|_| {});
    {
        let store = EventStore::open_at(&server.database, Durability::PowerLoss)
            .await
            .unwrap();
        let runtime = Runtime::start(
            store,
            settings.properties.clone(),
            baton_core::invitation::TokenKey::default(),
        )
        .await
        .unwrap();
        runtime
            .execute(
                &anna(),
                forward("fwd-while-down", demo::DAVID),
                server.clock.now(),
            )
            .await
            .unwrap();
    }
    server.restart(settings).await;
    execute(&server, anna(), forward("fwd-after", demo::CLARA)).await;

    receiver
        .wait_for(WAIT, |w| w.json()["invitationId"] == "fwd-while-down")
        .await;
    receiver
        .wait_for(WAIT, |w| w.json()["invitationId"] == "fwd-after")
        .await;
    // Once every delivery of the log is settled, a repeat would have been received.
    deliveries_settled(&server).await;
    let mut ids: Vec<String> = receiver
        .received()
        .iter()
        .filter(|w| w.event() == "agent_forwarding.created")
        .map(|w| w.json()["invitationId"].as_str().unwrap().to_owned())
        .collect();
    ids.sort();
    assert_eq!(ids, ["fwd-after", "fwd-before", "fwd-while-down"]);
}

#[tokio::test]
async fn a_refused_delivery_is_tried_again_once_its_backoff_has_passed() {
    let server = TestServer::with_manual_clock(common::settings(|_| {})).await;
    let receiver = WebhookReceiver::start().await;
    register_webhook(
        &server,
        &receiver.url,
        SECRET,
        &["agent_forwarding.created"],
    )
    .await;
    receiver.wait_for(WAIT, |w| w.event() == "ping").await;
    receiver.refuse_next(1);
    execute(
        &server,
        anna(),
        Command::ForwardToAgent {
            conversation: demo::VERA_AND_ANNA.into(),
            invitation: "fwd-retried".into(),
            agent: demo::CLARA.into(),
            comment: None,
        },
    )
    .await;
    let refused_at = server.clock().now();
    // The newest delivery, once it is the forwarding's (the ping's is older).
    let delivery = || async {
        let newest = server.app().webhooks.deliveries(1).await.unwrap().remove(0);
        Some(newest).filter(|d| d.event_name == "agent_forwarding.created")
    };
    let pending = eventually("the refusal to be recorded", || async {
        delivery().await.filter(|d| d.attempts == 1)
    })
    .await;
    assert_eq!(receiver.refused(), 1);
    assert_eq!(pending.status, DeliveryState::Pending);
    // The first retry comes after one second at most, half of it jitter.
    let longest = RetryPolicy::default().delay_millis(1, 1.0);
    let waited = pending.next_attempt_at.as_millis() - refused_at.as_millis();
    assert!((longest / 2..=longest).contains(&waited), "{waited} ms");

    server
        .clock()
        .advance(Duration::from_millis(u64::try_from(longest).unwrap()));
    let delivered = receiver
        .wait_for(WAIT, |w| w.event() == "agent_forwarding.created")
        .await;
    assert_eq!(delivered.json()["invitationId"], "fwd-retried");
    assert_eq!(delivered.headers["x-unblu-retry-no"], "1");
    assert!(signed(&delivered));
    let settled = eventually("the delivery to be recorded", || async {
        delivery()
            .await
            .filter(|d| d.status == DeliveryState::Delivered)
    })
    .await;
    assert_eq!(settled.attempts, 2);
    assert_eq!(settled.finished_at, Some(server.clock().now()));
}
