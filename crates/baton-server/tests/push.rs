//! Web push (issue 16) against a push service on loopback that checks each push's VAPID
//! token and decrypts it with its own RFC 8291 implementation (`common::push_service`):
//! devices belong to their agent; seed 001's delegation pushes exactly the notified deputies'
//! devices, in their language, with the two configured actions; an action answers with its
//! single-use token and nothing else can; the request's close closes every notification under
//! the same `Topic`; a device the push service forgot is dropped.

use crate::common;

use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use baton_core::command::Command;
use baton_core::directory::PresenceState;
use baton_core::{Actor, demo};
use common::push_service::{PushService, decrypt};
use common::{
    CookieSession, TestServer, WebhookReceiver, assert_error, eventually, execute, head, json,
    register_webhook, send,
};
use reqwest::Method;
use serde_json::{Value, json};

const KEY: &str = "/baton/v1/push/vapidPublicKey";
const DEVICES: &str = "/baton/v1/push/subscriptions";
const ANSWERS: &str = "/baton/v1/push/answers";
const MESSAGES: &str = "/baton/v1/conversations/conversation-vera-anna/messages";
const PROMPT: &str = "/baton/v1/conversations/conversation-vera-anna/prompt";

#[test]
fn rfc_8291s_example_decrypts_with_the_push_services_implementation() {
    // RFC 8291, section 5 and appendix A.
    let b64 = |s: &str| URL_SAFE_NO_PAD.decode(s).unwrap();
    let ua =
        p256::SecretKey::from_slice(&b64("q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94")).unwrap();
    let body = b64(concat!(
        "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27ml",
        "mlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPT",
        "pK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN"
    ));
    let plain = decrypt(&ua, &b64("BTBZMqHH6r4Tts7J_aSIgg"), &body).unwrap();
    assert_eq!(plain, b"When I grow up, I want to be a watermelon");
    let mut tampered = body.clone();
    *tampered.last_mut().unwrap() ^= 1;
    assert!(decrypt(&ua, &b64("BTBZMqHH6r4Tts7J_aSIgg"), &tampered).is_err());
}

async fn vapid_key(server: &TestServer) -> String {
    let (status, body) = json(send(server.anonymous(Method::GET, KEY)).await).await;
    assert_eq!(status, 200, "{body}");
    body["publicKey"].as_str().unwrap().to_owned()
}

/// Subscribes `device` for `session`'s agent; the new subscription.
async fn subscribe(server: &TestServer, session: &CookieSession, device: &Value) -> Value {
    let (status, body) = json(
        send(
            server
                .with_session(session, Method::POST, DEVICES)
                .json(device),
        )
        .await,
    )
    .await;
    assert_eq!(status, 201, "{body}");
    body
}

async fn devices(server: &TestServer, session: &CookieSession) -> Vec<Value> {
    let (status, body) = json(send(server.with_session(session, Method::GET, DEVICES)).await).await;
    assert_eq!(status, 200, "{body}");
    body.as_array().unwrap().clone()
}

#[tokio::test]
async fn the_vapid_key_is_generated_once_and_kept() {
    let mut server = TestServer::demo().await;
    let key = vapid_key(&server).await;
    let raw = URL_SAFE_NO_PAD.decode(&key).unwrap();
    assert_eq!((raw.len(), raw[0]), (65, 4), "an uncompressed P-256 point");
    server.restart(common::settings(|_| {})).await;
    assert_eq!(
        vapid_key(&server).await,
        key,
        "the same key after a restart"
    );
    let other = server.another_instance(common::settings(|_| {})).await;
    assert_eq!(vapid_key(&other).await, key, "and on another instance");
}

#[tokio::test]
async fn a_configured_vapid_key_is_used_and_a_bad_one_refused() {
    let secret = p256::SecretKey::random(&mut rand::rngs::OsRng);
    let mut settings = common::settings(|_| {});
    settings.web_push.vapid_private_key = Some(URL_SAFE_NO_PAD.encode(secret.to_bytes()));
    let server = TestServer::with_settings(settings).await;
    let public = {
        use p256::elliptic_curve::sec1::ToEncodedPoint;
        URL_SAFE_NO_PAD.encode(secret.public_key().to_encoded_point(false).as_bytes())
    };
    assert_eq!(vapid_key(&server).await, public);

    let text = "[web_push]\nvapid_private_key = \"not-a-key\"\nttl_seconds = 600\n";
    let mut bad = baton_server::settings::Settings::parse(text).unwrap();
    bad.webhooks = common::settings(|_| {}).webhooks;
    let dir = tempfile::tempdir().unwrap();
    bad.server.token_key_file = Some(dir.path().join("token-key"));
    let started = baton_server::server::start(baton_server::server::Options {
        listener: tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap(),
        database: common::fresh_database(dir.path()).await,
        settings: bad,
        demo: true,
        allow_demo_data: false,
        admin: None,
        static_dir: None,
        clock: baton_server::clock::Clock::system(),
    })
    .await;
    let error = started
        .err()
        .expect("a bad key stops the start")
        .to_string();
    assert!(error.contains("vapid_private_key"), "{error}");
    for ttl in ["0", "86401"] {
        let parsed =
            baton_server::settings::Settings::parse(&format!("[web_push]\nttl_seconds = {ttl}\n"));
        assert!(parsed.is_err(), "ttl_seconds = {ttl}");
    }
}

#[tokio::test]
async fn devices_are_their_agents_own_and_bad_ones_are_refused() {
    let server = TestServer::demo().await;
    let service = PushService::start(&vapid_key(&server).await).await;
    let ben = server.session_for(demo::BEN).await;
    let clara = server.session_for(demo::CLARA).await;
    let vera = server.session_for(demo::VERA).await;
    let device = service.device(Some("de-CH"));
    let added = subscribe(&server, &ben, &device).await;
    assert_eq!(added["$_type"], "BatonPushSubscription");
    assert_eq!(added["endpoint"], device["endpoint"]);
    assert_eq!(added["locale"], "de-CH");
    let id = added["id"].as_str().unwrap().to_owned();
    assert!(
        !added
            .to_string()
            .contains(device["keys"]["auth"].as_str().unwrap())
    );
    // The same browser again: the same device.
    assert_eq!(subscribe(&server, &ben, &device).await["id"], id.as_str());
    assert_eq!(devices(&server, &ben).await.len(), 1);

    // Nobody else sees, tests or removes it; not-yours reads as not found.
    assert!(devices(&server, &clara).await.is_empty());
    let theirs = format!("{DEVICES}/{id}");
    for request in [
        server.with_session(&clara, Method::DELETE, &theirs),
        server.with_session(&clara, Method::POST, &format!("{theirs}/test")),
    ] {
        assert_error(send(request).await, 404, "NOT_FOUND").await;
    }
    assert_error(
        send(server.with_session(&vera, Method::GET, DEVICES)).await,
        403,
        "NOT_ALLOWED",
    )
    .await;
    assert_error(
        send(server.anonymous(Method::POST, DEVICES).json(&device)).await,
        401,
        "NOT_AUTHENTICATED",
    )
    .await;
    let without_csrf = send(
        server
            .with_cookie(&ben, Method::POST, DEVICES)
            .json(&device),
    )
    .await;
    assert_eq!(without_csrf.status(), 403, "a session needs its CSRF token");

    // What no push service could use is refused with a reason.
    let with = |change: &dyn Fn(&mut Value)| {
        let mut body = service.device(None);
        change(&mut body);
        body
    };
    for (body, why) in [
        (
            with(&|b| b["endpoint"] = json!("http://push.example/x")),
            "https://",
        ),
        (
            with(&|b| b["endpoint"] = json!("ftp://127.0.0.1/x")),
            "https://",
        ),
        (with(&|b| b["endpoint"] = json!("not a url")), "not a URL"),
        (with(&|b| b["keys"]["p256dh"] = json!("AAAA")), "p256dh"),
        (with(&|b| b["keys"]["auth"] = json!("c2hvcnQ")), "auth"),
        (with(&|b| b["locale"] = json!("de<script>")), "locale"),
    ] {
        let refused = assert_error(
            send(
                server
                    .with_session(&clara, Method::POST, DEVICES)
                    .json(&body),
            )
            .await,
            400,
            "INVALID_INPUT",
        )
        .await;
        assert!(
            refused["errorMessage"].as_str().unwrap().contains(why),
            "{refused}"
        );
    }
    assert!(
        devices(&server, &clara).await.is_empty(),
        "nothing was added"
    );

    // The browser's endpoint moves to whoever subscribes it now; then its owner removes it.
    let moved = subscribe(&server, &clara, &device).await;
    assert_ne!(moved["id"], id.as_str());
    assert!(devices(&server, &ben).await.is_empty());
    let gone = send(server.with_session(
        &clara,
        Method::DELETE,
        &format!("{DEVICES}/{}", moved["id"].as_str().unwrap()),
    ))
    .await;
    assert_eq!(gone.status(), 204);
    assert!(devices(&server, &clara).await.is_empty());

    // Eleven browsers: the oldest is dropped.
    for _ in 0..11 {
        subscribe(&server, &clara, &service.device(None)).await;
    }
    assert_eq!(devices(&server, &clara).await.len(), 10);
}

#[tokio::test]
async fn a_test_notification_reaches_the_device_in_its_language() {
    let server = TestServer::demo().await;
    let service = PushService::start(&vapid_key(&server).await).await;
    let clara = server.session_for(demo::CLARA).await;
    let device = service.device(Some("fr"));
    let id = subscribe(&server, &clara, &device).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let sent =
        send(server.with_session(&clara, Method::POST, &format!("{DEVICES}/{id}/test"))).await;
    assert_eq!(sent.status(), 204);
    let pushes = service.wait_for(common::WAIT, 1, |_| true).await;
    assert_eq!(pushes[0].message["type"], "test");
    assert_eq!(pushes[0].message["title"], "Les notifications fonctionnent");
    assert_eq!(pushes[0].urgency.as_deref(), Some("high"));
    assert_eq!(pushes[0].ttl, 3600);
}

/// Vera writes while Anna is away and accepts the concierge's prompt; the request's id.
async fn vera_asks_for_a_deputy(server: &TestServer) -> String {
    execute(
        server,
        Actor::Agent(demo::ANNA.into()),
        Command::SetPresence {
            person: demo::ANNA.into(),
            presence: PresenceState::Away,
        },
    )
    .await;
    let vera = server.session_for(demo::VERA).await;
    let posted = send(
        server
            .with_session(&vera, Method::POST, MESSAGES)
            .json(&json!({"text": "I need to move funds today"})),
    )
    .await;
    assert_eq!(posted.status(), 201);
    let (_, prompt) = json(send(server.with_session(&vera, Method::GET, PROMPT)).await).await;
    let accepted = send(
        server
            .with_session(&vera, Method::POST, PROMPT)
            .json(&json!({"promptId": prompt["promptId"], "accept": true})),
    )
    .await;
    assert_eq!(accepted.status(), 204);
    server
        .app()
        .runtime
        .read(|s| {
            s.invitations_of(&demo::VERA_AND_ANNA.into())
                .find(|i| {
                    i.invitation_type == baton_core::invitation::InvitationType::DeputyInvitation
                })
                .map(|i| i.id.to_string())
        })
        .unwrap()
}

/// Waits until the feed handled the log and no push is pending.
async fn pushes_settled(server: &TestServer) {
    use baton_server::outbox::DeliveryState;
    common::feed_caught_up(server).await;
    eventually("every push to settle", || async {
        let counts = server.app().push.counts().await.unwrap();
        (!counts
            .iter()
            .any(|(state, n)| *state == DeliveryState::Pending && *n > 0))
        .then_some(())
    })
    .await;
}

async fn answer(server: &TestServer, token: &str, response: &str) -> reqwest::Response {
    send(
        server
            .anonymous(Method::POST, ANSWERS)
            .json(&json!({"token": token, "response": response})),
    )
    .await
}

#[tokio::test]
async fn seed_001_pushes_the_notified_deputies_and_an_action_answers_once() {
    let server = TestServer::with_manual_clock(common::settings(|c| {
        c.prompted_deputy_joins_hidden = false;
    }))
    .await;
    let service = PushService::start(&vapid_key(&server).await).await;
    let hooks = WebhookReceiver::start().await;
    register_webhook(
        &server,
        &hooks.url,
        "s",
        &["push_notification.deputy_delegation"],
    )
    .await;
    // Ben has two browsers, Clara one in German, David one; Eva none.
    let mut device_of = std::collections::HashMap::new();
    for (agent, locale) in [
        (demo::BEN, None),
        (demo::BEN, Some("en-GB")),
        (demo::CLARA, Some("de")),
        (demo::DAVID, None),
    ] {
        let session = server.session_for(agent).await;
        let device = service.device(locale);
        subscribe(&server, &session, &device).await;
        device_of.insert(
            PushService::device_of(device["endpoint"].as_str().unwrap()),
            agent,
        );
    }
    let request = vera_asks_for_a_deputy(&server).await;

    // Level 1: Ben (assistant) and Clara, one push per device; David is not asked yet.
    let asked = service
        .wait_for(common::WAIT, 3, |p| p.message["type"] == "deputyDelegation")
        .await;
    pushes_settled(&server).await;
    let mut who: Vec<&str> = asked.iter().map(|p| device_of[&p.device]).collect();
    who.sort_unstable();
    assert_eq!(who, [demo::BEN, demo::BEN, demo::CLARA]);
    let topic = asked[0].topic.clone().unwrap();
    assert_eq!(topic.len(), 32);
    for push in &asked {
        let m = &push.message;
        assert_eq!(
            push.topic.as_deref(),
            Some(topic.as_str()),
            "one topic per request"
        );
        assert_eq!(push.urgency.as_deref(), Some("high"));
        assert_eq!(m["tag"], topic.as_str());
        assert_eq!(m["invitationId"], request.as_str());
        assert_eq!(m["conversationId"], demo::VERA_AND_ANNA);
        assert_eq!(
            m["actions"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| a["action"].clone())
                .collect::<Vec<_>>(),
            [json!("ACCEPT"), json!("DECLINE")],
            "exactly the two configured actions"
        );
        assert!(m["answerUrl"].as_str().unwrap().ends_with(ANSWERS));
        let german = device_of[&push.device] == demo::CLARA;
        let (title, body, accept) = if german {
            (
                "Anfrage für Anna Advisor",
                "Vera Visitor wartet auf eine Antwort.",
                "Annehmen",
            )
        } else {
            (
                "Request for Anna Advisor",
                "Vera Visitor is waiting for an answer.",
                "Accept",
            )
        };
        assert_eq!(
            (m["title"].as_str(), m["body"].as_str()),
            (Some(title), Some(body))
        );
        assert_eq!(m["actions"][0]["title"], accept);
    }
    // The webhook fires for exactly the deputies pushed.
    let hooked = eventually("two push webhooks", || async {
        let got: Vec<_> = hooks
            .received()
            .into_iter()
            .filter(|w| w.event() == "push_notification.deputy_delegation")
            .collect();
        (got.len() >= 2).then_some(got)
    })
    .await;
    let mut recipients: Vec<String> = hooked
        .iter()
        .map(|w| w.json()["recipient"]["id"].as_str().unwrap().to_owned())
        .collect();
    recipients.sort();
    assert_eq!(recipients, [demo::BEN, demo::CLARA]);

    // Ben's two devices share one token; Clara's is hers alone.
    let token_of = |agent: &str| {
        asked
            .iter()
            .find(|p| device_of[&p.device] == agent)
            .unwrap()
            .message["answerToken"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let (bens, claras) = (token_of(demo::BEN), token_of(demo::CLARA));
    assert!(
        asked
            .iter()
            .filter(|p| device_of[&p.device] == demo::BEN)
            .all(|p| p.message["answerToken"] == bens.as_str())
    );
    assert_ne!(bens, claras);

    // What a token cannot do changes nothing.
    let before = head(&server).await;
    assert_error(
        answer(&server, &claras, "IGNORE").await,
        400,
        "RESPONSE_NOT_AVAILABLE",
    )
    .await;
    assert_error(
        answer(&server, "guessed-token", "ACCEPT").await,
        404,
        "NOT_FOUND",
    )
    .await;
    assert_eq!(head(&server).await, before);

    // Clara accepts from her notification, without a session.
    let (status, accepted) = json(answer(&server, &claras, "ACCEPT").await).await;
    assert_eq!(status, 200, "{accepted}");
    assert_eq!(accepted["invitationState"], "REDEEMED");
    assert_eq!(accepted["redeemingPersonId"], demo::CLARA);
    let joined = server.app().runtime.read(|s| {
        s.conversations[&demo::VERA_AND_ANNA.into()]
            .active_participant(&demo::CLARA.into())
            .is_some()
    });
    assert!(joined, "Clara is in the conversation");

    // Twice, or with Ben's token after the request closed: refused, nothing changes.
    let before = head(&server).await;
    assert_error(
        answer(&server, &claras, "ACCEPT").await,
        410,
        "PUSH_ANSWER_USED",
    )
    .await;
    let late = answer(&server, &bens, "DECLINE").await;
    assert_eq!(late.status(), 409, "{:?}", late.text().await);
    assert_eq!(head(&server).await, before);

    // Every notification of the request is closed, under the same topic.
    let closed = service
        .wait_for(common::WAIT, 3, |p| p.message["type"] == "close")
        .await;
    assert!(
        closed
            .iter()
            .all(|p| p.topic.as_deref() == Some(topic.as_str()))
    );
    let mut closed_for: Vec<&str> = closed.iter().map(|p| device_of[&p.device]).collect();
    closed_for.sort_unstable();
    assert_eq!(closed_for, [demo::BEN, demo::BEN, demo::CLARA]);

    // Long after, nothing more is pushed: the request is closed.
    server.clock().advance(Duration::from_secs(3600));
    pushes_settled(&server).await;
    assert_eq!(
        service
            .received()
            .iter()
            .filter(|p| p.message["type"] == "deputyDelegation")
            .count(),
        3
    );
    assert!(service.refused().is_empty(), "{:?}", service.refused());
}

#[tokio::test]
async fn a_device_the_push_service_forgot_is_dropped_and_tokens_expire() {
    let server = TestServer::with_manual_clock(common::settings(|_| {})).await;
    let service = PushService::start(&vapid_key(&server).await).await;
    let ben = server.session_for(demo::BEN).await;
    let clara = server.session_for(demo::CLARA).await;
    let bens = service.device(None);
    subscribe(&server, &ben, &bens).await;
    let claras = service.device(None);
    subscribe(&server, &clara, &claras).await;
    service.forget(&PushService::device_of(bens["endpoint"].as_str().unwrap()));
    vera_asks_for_a_deputy(&server).await;

    let pushed = service
        .wait_for(common::WAIT, 1, |p| p.message["type"] == "deputyDelegation")
        .await;
    eventually("Ben's forgotten device to be dropped", || async {
        devices(&server, &ben).await.is_empty().then_some(())
    })
    .await;
    assert_eq!(devices(&server, &clara).await.len(), 1, "Clara's stays");
    let parked =
        common::ok(server.admin(Method::GET, "/baton/v1/admin/deliveries?state=failed")).await;
    assert!(
        parked
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["channel"] == "PUSH" && d["lastError"].as_str().unwrap().contains("410")),
        "{parked:#}"
    );

    // A day later Clara's token no longer answers, and changes nothing (the scheduler moves
    // the request on meanwhile, so the log is not the measure: Clara is not in).
    server.clock().advance(Duration::from_secs(24 * 3600 + 1));
    let token = pushed[0].message["answerToken"].as_str().unwrap();
    assert_error(
        answer(&server, token, "ACCEPT").await,
        410,
        "PUSH_ANSWER_EXPIRED",
    )
    .await;
    let clara_in = server.app().runtime.read(|s| {
        s.conversations[&demo::VERA_AND_ANNA.into()]
            .active_participant(&demo::CLARA.into())
            .is_some()
    });
    assert!(!clara_in, "an expired token accepted nothing");
}

#[tokio::test]
async fn answers_racing_for_one_request_accept_it_once() {
    let server = TestServer::demo().await;
    let service = PushService::start(&vapid_key(&server).await).await;
    for agent in [demo::BEN, demo::CLARA] {
        let session = server.session_for(agent).await;
        subscribe(&server, &session, &service.device(None)).await;
    }
    vera_asks_for_a_deputy(&server).await;
    let asked = service
        .wait_for(common::WAIT, 2, |p| p.message["type"] == "deputyDelegation")
        .await;
    let tokens: Vec<String> = asked
        .iter()
        .map(|p| p.message["answerToken"].as_str().unwrap().to_owned())
        .collect();
    // Each deputy's token twice, all four at once: one answer wins, the rest change nothing.
    let answers = futures_util::future::join_all(
        tokens
            .iter()
            .chain(tokens.iter())
            .map(|token| answer(&server, token, "ACCEPT")),
    )
    .await;
    let mut statuses: Vec<u16> = answers.iter().map(|a| a.status().as_u16()).collect();
    statuses.sort_unstable();
    assert_eq!(
        statuses.iter().filter(|s| **s == 200).count(),
        1,
        "{statuses:?}"
    );
    assert!(
        statuses.iter().all(|s| [200, 409, 410].contains(s)),
        "{statuses:?}"
    );
    let joined = server.app().runtime.read(|s| {
        [demo::BEN, demo::CLARA]
            .iter()
            .filter(|p| {
                s.conversations[&demo::VERA_AND_ANNA.into()]
                    .active_participant(&(**p).into())
                    .is_some()
            })
            .count()
    });
    assert_eq!(joined, 1, "exactly one deputy joined");
}
