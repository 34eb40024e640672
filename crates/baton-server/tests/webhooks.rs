//! `webhookregistrations/*` over HTTP: a registration made by the administrator receives a
//! signed `ping` at a receiver started here; the secret is shown once; bad registrations are
//! refused and change nothing.

use crate::common;

use std::time::Duration;

use axum::body::Bytes;
use axum::http::HeaderMap;
use axum::routing::post;
use common::{TestServer, assert_error, json};
use hmac::{Hmac, Mac};
use reqwest::{Method, RequestBuilder};
use serde_json::{Value, json};
use sha1::Sha1;
use tokio::sync::mpsc;

const CREATE: &str = "/app/rest/v4/webhookregistrations/create";

fn path(id: &str, action: &str) -> String {
    format!("/app/rest/v4/webhookregistrations/{id}/{action}")
}

/// A webhook receiver on 127.0.0.1: every POST's headers and body arrive on the channel.
async fn receiver() -> std::io::Result<(String, mpsc::UnboundedReceiver<(HeaderMap, Bytes)>)> {
    let (sender, received) = mpsc::unbounded_channel();
    let app = axum::Router::new().route(
        "/hooks/unblu",
        post(move |headers: HeaderMap, body: Bytes| {
            let sender = sender.clone();
            async move {
                let _ = sender.send((headers, body));
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let url = format!("http://{}/hooks/unblu", listener.local_addr()?);
    // The receiver lives as long as the test's runtime; a failure shows as a missing ping.
    tokio::spawn(async move { axum::serve(listener, app).await });
    Ok((url, received))
}

fn registration(endpoint: &str) -> Value {
    json!({
        "$_type": "WebhookRegistration",
        "id": null,
        "name": "bank-crm",
        "status": "ACTIVE",
        "endpoint": endpoint,
        "apiVersion": "V4",
        "secret": "the-crm-knows-this",
        "events": ["assignment_request.unanswered", "conversation.ended"]
    })
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|value| value.to_str().ok())
}

#[tokio::test]
async fn a_registration_receives_a_signed_ping_and_keeps_its_secret() {
    let server = TestServer::demo().await;
    let (endpoint, mut received) = receiver().await.unwrap();
    let (status, created) = json(
        server
            .admin(Method::POST, CREATE)
            .json(&registration(&endpoint))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 200, "{created}");
    assert_eq!(created["$_type"], "WebhookRegistration");
    assert_eq!(created["name"], "bank-crm");
    assert_eq!(created["status"], "ACTIVE");
    assert_eq!(created["apiVersion"], "V4");
    assert_eq!(created["secret"], "the-crm-knows-this");
    let id = created["id"].as_str().unwrap().to_owned();

    let (headers, body) = tokio::time::timeout(Duration::from_secs(15), received.recv())
        .await
        .expect("the ping arrives")
        .unwrap();
    assert_eq!(header(&headers, "x-unblu-event"), Some("ping"));
    assert_eq!(header(&headers, "user-agent"), Some("Unblu-Hookshot"));
    let mut mac = Hmac::<Sha1>::new_from_slice(b"the-crm-knows-this").unwrap();
    mac.update(&body);
    let expected = hex::encode(mac.finalize().into_bytes());
    assert_eq!(
        header(&headers, "x-unblu-signature"),
        Some(expected.as_str())
    );
    assert_eq!(
        expected,
        baton_server::webhooks::signature(&body, "the-crm-knows-this")
    );
    let ping: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(ping["$_type"], "WebhookPingEvent");
    assert_eq!(ping["eventType"], "ping");
    assert_eq!(ping["webhookConfiguration"]["id"], id.as_str());
    assert!(!String::from_utf8_lossy(&body).contains("the-crm-knows-this"));

    let (status, read) = json(
        server
            .admin(Method::GET, &path(&id, "read"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 200);
    assert!(read.get("secret").is_none(), "{read}");
    assert_eq!(read["events"], created["events"]);
    assert_eq!(read["endpoint"], endpoint.as_str());

    let deleted = server
        .admin(Method::DELETE, &path(&id, "delete"))
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.status(), 204);
    for action in ["read", "delete"] {
        let method = if action == "read" {
            Method::GET
        } else {
            Method::DELETE
        };
        assert_error(
            server
                .admin(method, &path(&id, action))
                .send()
                .await
                .unwrap(),
            404,
            "NOT_FOUND",
        )
        .await;
    }
}

#[tokio::test]
async fn a_registration_without_a_secret_gets_one_generated_and_shown_once() {
    let server = TestServer::demo().await;
    let mut body = registration("http://127.0.0.1:9/hooks");
    body["secret"] = Value::Null;
    body["status"] = "INACTIVE".into();
    let (status, created) = json(
        server
            .admin(Method::POST, CREATE)
            .json(&body)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 200, "{created}");
    assert_eq!(created["status"], "INACTIVE");
    assert!(created["secret"].as_str().unwrap().len() >= 32);
}

#[tokio::test]
async fn bad_registrations_are_refused_and_change_nothing() {
    let server = TestServer::demo().await;
    let create = || server.admin(Method::POST, CREATE);
    let with = |field: &str, value: Value| {
        let mut body = registration("https://crm.bank.example/hooks");
        body[field] = value;
        body
    };
    let created = create()
        .json(&registration("https://crm.bank.example/hooks"))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 200);
    let before = server.app().webhooks.list().await.unwrap();
    let cases: Vec<(RequestBuilder, u16, &str)> = vec![
        (
            create()
                .header("content-type", "application/json")
                .body("{\"name\": "),
            400,
            "MALFORMED_REQUEST",
        ),
        (
            create().json(&with("events", json!("ping"))),
            400,
            "MALFORMED_REQUEST",
        ),
        (
            create().json(&with("events", json!(["conversation.exploded"]))),
            400,
            "MALFORMED_REQUEST",
        ),
        (
            create().json(&with("events", json!([]))),
            400,
            "MALFORMED_REQUEST",
        ),
        (
            create().json(&with("endpoint", json!("ftp://crm.bank.example/"))),
            400,
            "MALFORMED_REQUEST",
        ),
        (
            create().json(&with("endpoint", json!("not a url"))),
            400,
            "MALFORMED_REQUEST",
        ),
        (
            create().json(&with("apiVersion", json!("V3"))),
            400,
            "MALFORMED_REQUEST",
        ),
        (
            create().json(&with("name", json!(""))),
            400,
            "MALFORMED_REQUEST",
        ),
        (
            create().json(&with("status", json!("PAUSED"))),
            400,
            "MALFORMED_REQUEST",
        ),
        (
            create().json(&with("name", json!("bank-crm"))),
            409,
            "ALREADY_EXISTS",
        ),
        (
            create().json(&with("description", json!("x".repeat(70 * 1024)))),
            413,
            "PAYLOAD_TOO_LARGE",
        ),
        (
            server
                .anonymous(Method::POST, CREATE)
                .json(&registration("https://crm.bank.example/hooks")),
            401,
            "NOT_AUTHENTICATED",
        ),
        (
            server
                .agent("anna.advisor", Method::POST, CREATE)
                .json(&with("name", json!("anna's hook"))),
            403,
            "NOT_ALLOWED",
        ),
        (
            server.agent(
                "anna.advisor",
                Method::GET,
                &path(before[0].id.as_str(), "read"),
            ),
            403,
            "NOT_ALLOWED",
        ),
        (
            server.anonymous(Method::DELETE, &path(before[0].id.as_str(), "delete")),
            401,
            "NOT_AUTHENTICATED",
        ),
        (
            server.admin(Method::GET, &path("whk_nothing", "read")),
            404,
            "NOT_FOUND",
        ),
        (
            server.admin(Method::DELETE, &path("whk_nothing", "delete")),
            404,
            "NOT_FOUND",
        ),
    ];
    for (request, status, code) in cases {
        assert_error(request.send().await.unwrap(), status, code).await;
    }
    assert_eq!(server.app().webhooks.list().await.unwrap(), before);
}

/// The demo server with webhooks limited to public networks, as in production.
fn public_only() -> baton_server::settings::Settings {
    baton_server::settings::Settings {
        webhooks: baton_server::webhooks::WebhookSettings::default(),
        ..common::settings(|_| {})
    }
}

#[tokio::test]
async fn endpoints_on_loopback_private_or_link_local_networks_are_refused() {
    let server = TestServer::with_settings(public_only()).await;
    for endpoint in [
        "http://127.0.0.1:9/hooks",
        "http://169.254.169.254/latest/meta-data",
        "http://10.0.0.1/hooks",
        "http://192.168.1.20/hooks",
        "http://[::1]:8080/hooks",
        "http://[::ffff:127.0.0.1]/hooks",
        "http://localhost:8080/hooks",
    ] {
        let refused = server
            .admin(Method::POST, CREATE)
            .json(&registration(endpoint))
            .send()
            .await
            .unwrap();
        let body = assert_error(refused, 400, "MALFORMED_REQUEST").await;
        assert!(
            body["errorMessage"].as_str().unwrap().contains("public"),
            "{endpoint}: {body}"
        );
    }
    assert!(server.app().webhooks.list().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_stored_endpoint_that_is_not_public_is_never_called() {
    // Registered while private networks were allowed; then the operator turned that off, as a
    // name that resolves elsewhere at delivery would: the check at delivery holds.
    let mut server = TestServer::demo().await;
    let (endpoint, mut received) = receiver().await.unwrap();
    let created = server
        .admin(Method::POST, CREATE)
        .json(&registration(&endpoint))
        .send()
        .await
        .unwrap();
    let (_, created) = json(created).await;
    assert!(created["id"].is_string(), "{created}");
    tokio::time::timeout(common::WAIT, received.recv())
        .await
        .expect("the first ping arrives while allowed");
    server.restart(public_only()).await;
    let ended = server
        .admin(
            Method::POST,
            "/app/rest/v4/conversations/conversation-vera-anna/end",
        )
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert!(ended.status().is_success(), "{}", ended.status());
    let refused = common::eventually("the conversation.ended attempt fails", || async {
        server
            .app()
            .webhooks
            .deliveries(10)
            .await
            .unwrap()
            .into_iter()
            .find(|d| d.attempts > 0 && d.last_error.is_some())
    })
    .await;
    assert!(
        refused.last_error.unwrap().contains("not a public address"),
        "refused for being private"
    );
    assert!(received.try_recv().is_err(), "nothing reached the receiver");
}
