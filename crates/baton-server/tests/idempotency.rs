//! `Idempotency-Key` over real HTTP: retries of a message, a conversation and a PIN invitation
//! are recorded once and answered identically; a reused key with another request is 422; keys
//! are each caller's own; concurrent retries record once; a refused request may be retried;
//! keys expire after 24 hours; an answer lost after recording is never run again; the
//! stored answers do not reveal the PINs they carry; and `baton-api`'s client retries a
//! message whose answer was lost with the same key, recording it once.

use crate::common;

use std::cell::{Cell, RefCell};
use std::time::Duration;

use baton_api::client::native::ReqwestTransport;
use baton_api::client::{Client, Request, Response, Transport, TransportError};
use baton_api::wire::Tag;
use baton_api::wire::baton::BatonPostMessageBody;
use baton_core::id::ConversationId;
use baton_core::{Timestamp, demo};
use baton_server::http::idempotency::{TTL_SECONDS, purge_expired};
use common::{TestServer, head, refused};
use reqwest::{Method, RequestBuilder, StatusCode};
use serde_json::{Value, json};

const MESSAGES: &str = "/baton/v1/conversations/conversation-vera-anna/messages";
const CREATE: &str = "/app/rest/v4/conversations/create";
const PIN: &str = "/app/rest/v4/invitations/inviteAnonymousVisitorToConversationWithPin";
/// Every request of these tests is answered well within this.
const DEADLINE: Duration = Duration::from_secs(30);

/// Sends `request` with `key` and answers its status and JSON body.
async fn send(request: RequestBuilder, key: &str) -> (StatusCode, Value) {
    let response = tokio::time::timeout(DEADLINE, request.header("Idempotency-Key", key).send())
        .await
        .expect("answered in time")
        .expect("send");
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// The texts of the messages of Vera's conversation with Anna, as Anna reads them.
async fn messages(server: &TestServer) -> Vec<String> {
    let list: Value = server
        .agent(demo::ANNA, Method::GET, MESSAGES)
        .send()
        .await
        .expect("send")
        .json()
        .await
        .expect("json");
    list.as_array()
        .expect("a list")
        .iter()
        .map(|m| m["text"].as_str().unwrap_or_default().to_owned())
        .collect()
}

fn count(messages: &[String], text: &str) -> usize {
    messages.iter().filter(|m| *m == text).count()
}

#[tokio::test]
async fn a_message_sent_three_times_with_one_key_is_recorded_once() {
    let server = TestServer::demo().await;
    let vera = server.session(demo::VERA).await;
    let post = || {
        vera.request(Method::POST, MESSAGES)
            .json(&json!({"text": "Are you there?"}))
    };
    let first = send(post(), "msg-1").await;
    assert_eq!(first.0, StatusCode::CREATED, "{}", first.1);
    let head_after_first = head(&server).await;
    for _ in 0..2 {
        assert_eq!(send(post(), "msg-1").await, first, "the first answer again");
    }
    // The draft's quoted form names the same key.
    assert_eq!(send(post(), "\"msg-1\"").await, first);
    assert_eq!(
        head(&server).await,
        head_after_first,
        "nothing new recorded"
    );
    assert_eq!(count(&messages(&server).await, "Are you there?"), 1);
}

#[tokio::test]
async fn a_conversation_created_three_times_with_one_key_is_created_once() {
    let server = TestServer::demo().await;
    let body = json!({
        "topic": "Retry",
        "participants": [
            {"personId": demo::ANNA, "participationType": "ASSIGNED_AGENT"},
            {"personId": demo::VERA, "participationType": "CONTEXT_PERSON"}
        ]
    });
    let conversations = || server.app().runtime.read(|s| s.conversations.len());
    let before = conversations();
    let create = || server.admin(Method::POST, CREATE).json(&body);
    let first = send(create(), "create-1").await;
    assert_eq!(first.0, StatusCode::OK, "{}", first.1);
    for _ in 0..2 {
        assert_eq!(send(create(), "create-1").await, first);
    }
    assert_eq!(conversations(), before + 1);
    // Another key is another request.
    let other = send(create(), "create-2").await;
    assert_ne!(other.1["id"], first.1["id"]);
    assert_eq!(conversations(), before + 2);
}

#[tokio::test]
async fn a_pin_invitation_sent_three_times_is_one_pin_and_the_pin_is_not_stored_readable() {
    let server = TestServer::demo().await;
    let invitations = || server.app().runtime.read(|s| s.invitations.len());
    let before = invitations();
    let invite = || {
        server
            .agent(demo::ANNA, Method::POST, PIN)
            .json(&json!({"conversationId": demo::VERA_AND_ANNA, "nickname": "Walter"}))
    };
    let first = send(invite(), "pin-1").await;
    assert_eq!(first.0, StatusCode::OK, "{}", first.1);
    let pin = first.1["token"].as_str().expect("the PIN").to_owned();
    for _ in 0..2 {
        assert_eq!(send(invite(), "pin-1").await, first, "the same PIN");
    }
    assert_eq!(invitations(), before + 1);
    let stored: Vec<(Vec<u8>, Vec<u8>)> =
        sqlx::query_as("SELECT id, body FROM idempotency_keys WHERE body IS NOT NULL")
            .fetch_all(server.app().runtime.store().pool())
            .await
            .expect("rows");
    assert_eq!(stored.len(), 1);
    for (id, body) in stored {
        assert!(!body.windows(pin.len()).any(|w| w == pin.as_bytes()));
        assert!(
            !id.windows(5).any(|w| w == b"pin-1"),
            "the key is not stored"
        );
    }
}

#[tokio::test]
async fn the_same_key_with_another_request_is_refused_and_records_nothing() {
    let server = TestServer::demo().await;
    let vera = server.session(demo::VERA).await;
    let post = |text: &str| {
        vera.request(Method::POST, MESSAGES)
            .json(&json!({"text": text}))
    };
    let (status, _) = send(post("first"), "reused").await;
    assert_eq!(status, StatusCode::CREATED);
    let second = post("second").header("Idempotency-Key", "reused");
    let body = refused(&server, second, 422, "IDEMPOTENCY_KEY_REUSED").await;
    assert_eq!(body["statusDescription"], "Unprocessable Content");
    let other_endpoint = vera
        .request(Method::POST, CREATE)
        .json(&json!({"participants": []}))
        .header("Idempotency-Key", "reused");
    refused(&server, other_endpoint, 422, "IDEMPOTENCY_KEY_REUSED").await;
    let texts = messages(&server).await;
    assert_eq!((count(&texts, "first"), count(&texts, "second")), (1, 0));
}

#[tokio::test]
async fn two_callers_with_the_same_key_each_get_their_own_answer() {
    let server = TestServer::demo().await;
    let vera = server.session(demo::VERA).await;
    let anna = server.session(demo::ANNA).await;
    let from_vera = || {
        vera.request(Method::POST, MESSAGES)
            .json(&json!({"text": "same"}))
    };
    let from_anna = || {
        anna.request(Method::POST, MESSAGES)
            .json(&json!({"text": "same"}))
    };
    let vera_answer = send(from_vera(), "shared").await;
    let anna_answer = send(from_anna(), "shared").await;
    assert_eq!(vera_answer.0, StatusCode::CREATED);
    assert_eq!(anna_answer.0, StatusCode::CREATED);
    assert_ne!(vera_answer.1["id"], anna_answer.1["id"]);
    assert_eq!(send(from_vera(), "shared").await, vera_answer);
    assert_eq!(send(from_anna(), "shared").await, anna_answer);
    assert_eq!(count(&messages(&server).await, "same"), 2);
}

#[tokio::test]
async fn ten_concurrent_retries_record_once() {
    let server = TestServer::demo().await;
    let vera = server.session(demo::VERA).await;
    let post = || {
        vera.request(Method::POST, MESSAGES)
            .json(&json!({"text": "at once"}))
    };
    let answers = futures_util::future::join_all((0..10).map(|_| send(post(), "concurrent"))).await;
    let created: Vec<&Value> = answers
        .iter()
        .filter(|(status, _)| *status == StatusCode::CREATED)
        .map(|(_, body)| body)
        .collect();
    assert!(!created.is_empty());
    assert!(created.iter().all(|body| **body == *created[0]));
    for (status, body) in &answers {
        assert!(
            *status == StatusCode::CREATED
                || (*status == StatusCode::CONFLICT
                    && body["errorCode"] == "IDEMPOTENCY_KEY_IN_USE"),
            "{status} {body}"
        );
    }
    assert_eq!(send(post(), "concurrent").await.1, *created[0]);
    assert_eq!(count(&messages(&server).await, "at once"), 1);
}

#[tokio::test]
async fn a_refused_request_stores_nothing_and_its_retry_may_succeed() {
    let server = TestServer::demo().await;
    let ben = server.session(demo::BEN).await;
    let post = || {
        ben.request(Method::POST, MESSAGES)
            .json(&json!({"text": "from Ben"}))
    };
    let before = head(&server).await;
    let (status, body) = send(post(), "ben-1").await;
    assert!(
        status.is_client_error(),
        "Ben is no participant yet: {status} {body}"
    );
    assert_eq!(head(&server).await, before);
    let added = server
        .admin(
            Method::POST,
            "/app/rest/v4/conversations/conversation-vera-anna/addParticipant",
        )
        .json(&json!({"personId": demo::BEN, "hidden": false}))
        .send()
        .await
        .expect("send");
    assert_eq!(added.status(), StatusCode::OK);
    let (status, body) = send(post(), "ben-1").await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(send(post(), "ben-1").await, (status, body));
    assert_eq!(count(&messages(&server).await, "from Ben"), 1);
}

#[tokio::test]
async fn a_malformed_key_is_refused_and_records_nothing() {
    let server = TestServer::demo().await;
    let vera = server.session(demo::VERA).await;
    for key in ["", "a b", &"k".repeat(256)] {
        let request = vera
            .request(Method::POST, MESSAGES)
            .json(&json!({"text": "malformed"}))
            .header("Idempotency-Key", key);
        refused(&server, request, 400, "MALFORMED_REQUEST").await;
    }
    let (status, _) = send(
        vera.request(Method::POST, MESSAGES)
            .json(&json!({"text": "longest"})),
        &"k".repeat(255),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
}

#[tokio::test]
async fn a_key_expires_after_24_hours() {
    let server = TestServer::demo().await;
    let vera = server.session(demo::VERA).await;
    let post = || {
        vera.request(Method::POST, MESSAGES)
            .json(&json!({"text": "tomorrow"}))
    };
    let sent_at = server.clock.now();
    let first = send(post(), "expiring").await;
    assert_eq!(first.0, StatusCode::CREATED);
    let pool = server.app().runtime.store().pool();
    let almost = Timestamp(sent_at.as_millis() + (TTL_SECONDS as i64 - 60) * 1000);
    assert_eq!(purge_expired(pool, almost).await.expect("purge"), 0);
    assert_eq!(send(post(), "expiring").await, first, "still remembered");
    let later = Timestamp(server.clock.now().as_millis() + TTL_SECONDS as i64 * 1000);
    assert_eq!(purge_expired(pool, later).await.expect("purge"), 1);
    let again = send(post(), "expiring").await;
    assert_eq!(again.0, StatusCode::CREATED);
    assert_ne!(again.1["id"], first.1["id"], "a new request");
    assert_eq!(count(&messages(&server).await, "tomorrow"), 2);
}

#[tokio::test]
async fn a_request_whose_answer_was_lost_is_never_run_again() {
    let server = TestServer::demo().await;
    let vera = server.session(demo::VERA).await;
    let post = || {
        vera.request(Method::POST, MESSAGES)
            .json(&json!({"text": "lost answer"}))
    };
    let (status, _) = send(post(), "lost").await;
    assert_eq!(status, StatusCode::CREATED);
    // As if the server had stopped between recording the message and storing its answer.
    sqlx::query("UPDATE idempotency_keys SET status = NULL, nonce = NULL, body = NULL")
        .execute(server.app().runtime.store().pool())
        .await
        .expect("update");
    let retry = post().header("Idempotency-Key", "lost");
    refused(&server, retry, 409, "IDEMPOTENCY_ANSWER_LOST").await;
    assert_eq!(count(&messages(&server).await, "lost answer"), 1);
}

#[tokio::test]
async fn sign_in_and_anonymous_requests_ignore_the_key() {
    let server = TestServer::demo().await;
    let login = |password: &str| {
        server
            .anonymous(Method::POST, "/app/rest/v4/authenticator/login")
            .json(&json!({"username": demo::ANNA, "password": password}))
    };
    let (status, _) = send(login("wrong"), "login").await;
    assert_ne!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, body) = send(login("anna"), "login").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body) = send(
        server
            .anonymous(Method::POST, MESSAGES)
            .json(&json!({"text": "anonymous"})),
        "anonymous",
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
}

/// The native transport, except that the first request's answer is lost after the server
/// answered it (a connection cut on the way back); records every key sent.
struct CutOnce {
    inner: ReqwestTransport,
    cut: Cell<bool>,
    keys: RefCell<Vec<Option<String>>>,
}

impl Transport for CutOnce {
    async fn send(&self, request: Request) -> Result<Response, TransportError> {
        let key = request
            .headers
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case("idempotency-key"))
            .map(|(_, value)| value.clone());
        self.keys.borrow_mut().push(key);
        let answer = self.inner.send(request).await?;
        if self.cut.replace(false) {
            return Err(TransportError::new("connection cut"));
        }
        Ok(answer)
    }

    async fn pause(&self, duration: Duration) {
        self.inner.pause(duration).await;
    }
}

#[tokio::test]
async fn the_client_retries_a_lost_answer_with_the_same_key_and_records_once() {
    let server = TestServer::demo().await;
    let transport = CutOnce {
        inner: ReqwestTransport::new(&server.base).expect("transport"),
        cut: Cell::new(true),
        keys: RefCell::default(),
    };
    let client = Client::basic(transport, demo::ANNA, "anna");
    let body = BatonPostMessageBody {
        kind: Tag::new(),
        text: "sent once".into(),
    };
    let id = ConversationId::new(demo::VERA_AND_ANNA);
    let posted = tokio::time::timeout(DEADLINE, client.post_message(&id, &body))
        .await
        .expect("in time")
        .expect("posted after a retry");
    assert_eq!(posted.text, "sent once");
    let keys = client.transport().keys.take();
    assert_eq!(keys.len(), 2, "one retry");
    assert!(keys[0].is_some());
    assert_eq!(keys[0], keys[1], "the retry reuses the key");
    assert_eq!(count(&messages(&server).await, "sent once"), 1);
    // The next user action is a new request with a new key.
    client.post_message(&id, &body).await.expect("posted");
    let keys = client.transport().keys.take();
    assert_eq!(keys.len(), 1);
    assert_ne!(keys[0].as_deref(), Some(""));
    assert_eq!(count(&messages(&server).await, "sent once"), 2);
}

#[tokio::test]
async fn an_answer_that_records_nothing_is_stored_and_replayed_too() {
    let server = TestServer::demo().await;
    let search = || {
        server
            .admin(Method::POST, "/app/rest/v4/conversations/search")
            .json(&json!({}))
    };
    let first = send(search(), "search-1").await;
    assert_eq!(first.0, StatusCode::OK, "{}", first.1);
    let created = send(
        server.admin(Method::POST, CREATE).json(&json!({
            "participants": [{"personId": demo::VERA, "participationType": "CONTEXT_PERSON"}]
        })),
        "create-after-search",
    )
    .await;
    assert_eq!(created.0, StatusCode::OK, "{}", created.1);
    assert_eq!(send(search(), "search-1").await, first, "the first answer");
    assert_ne!(send(search(), "search-2").await, first, "a new search");
}
