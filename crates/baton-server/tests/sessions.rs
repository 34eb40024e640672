//! Sessions that can end, over real HTTP: signing out ends that session's open event streams
//! at once, "sign out everywhere" (`sessions/revokeAll`) ends all of a person's, a password
//! change (`users/{id}/setPassword`) ends them and the old password's Basic use at once, and
//! the cookie lives as long as the session.

use crate::common;

use baton_core::demo;
use common::{CookieSession, TestServer, WAIT, assert_all_refused, set_cookie};
use reqwest::{Method, Response, StatusCode};
use serde_json::json;

const EVENTS: &str = "/baton/v1/events";
const REVOKE_ALL: &str = "/baton/v1/sessions/revokeAll";
const LOGOUT: &str = "/app/rest/v4/authenticator/logout";

fn set_password(user: &str) -> String {
    format!("/app/rest/v4/users/{user}/setPassword")
}

/// An open event stream of `session`.
async fn stream(server: &TestServer, session: &CookieSession) -> Response {
    let response = server
        .with_cookie(session, Method::GET, EVENTS)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    response
}

/// Whether the stream's body ends within [`WAIT`] (keep-alive comments are read past).
async fn ends(mut stream: Response) -> bool {
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        match tokio::time::timeout_at(deadline, stream.chunk()).await {
            Ok(Ok(Some(_))) => {}
            Ok(Ok(None) | Err(_)) => return true,
            Err(_) => return false,
        }
    }
}

/// Whether the stream is still open: nothing ended it by the time a later request answered.
async fn still_open(stream: &mut Response) -> bool {
    matches!(
        futures_util::FutureExt::now_or_never(stream.chunk()),
        None | Some(Ok(Some(_)))
    )
}

#[tokio::test]
async fn signing_out_ends_that_sessions_event_streams_at_once() {
    let server = TestServer::demo().await;
    let signed_out = server.login(demo::ANNA, "anna").await;
    let other = server.login(demo::ANNA, "anna").await;
    let ending = stream(&server, &signed_out).await;
    let mut staying = stream(&server, &other).await;
    let out = server
        .with_session(&signed_out, Method::POST, LOGOUT)
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), 204);
    assert!(ends(ending).await, "the signed-out session's stream ended");
    assert!(still_open(&mut staying).await, "another session's stays");
    let me = server
        .with_cookie(&other, Method::GET, "/baton/v1/session")
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), 200);
}

#[tokio::test]
async fn revoke_all_ends_every_session_and_stream_of_the_caller_only() {
    let server = TestServer::demo().await;
    let phone = server.login(demo::ANNA, "anna").await;
    let laptop = server.login(demo::ANNA, "anna").await;
    let clara = server.login(demo::CLARA, "clara").await;
    let phones_stream = stream(&server, &phone).await;
    let mut claras_stream = stream(&server, &clara).await;
    // Their desks bring them online (recorded in the log a moment later): wait, so that the
    // refusal below is checked against a log nothing else is moving.
    common::eventually("Anna and Clara online", || async {
        let online = server.app().runtime.read(|s| {
            [demo::ANNA, demo::CLARA].iter().all(|p| {
                s.directory.person(&(*p).into()).map(|p| p.presence)
                    == Some(baton_core::directory::PresenceState::Online)
            })
        });
        online.then_some(())
    })
    .await;
    let revoked = server
        .with_session(&laptop, Method::POST, REVOKE_ALL)
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(revoked.status(), 204);
    assert!(set_cookie(&revoked).contains("Max-Age=0"));
    assert!(ends(phones_stream).await);
    for session in [&phone, &laptop] {
        let me = server
            .with_cookie(session, Method::GET, "/baton/v1/session")
            .send()
            .await
            .unwrap();
        assert_eq!(me.status(), 401);
    }
    assert!(still_open(&mut claras_stream).await);

    // Someone else's sessions: only the administrator ends them; to others they do not exist.
    assert_all_refused(
        &server,
        vec![(
            server
                .with_session(&clara, Method::POST, REVOKE_ALL)
                .json(&json!({"personId": demo::BEN})),
            404,
            "NOT_FOUND",
        )],
    )
    .await;
    let by_admin = server
        .admin(Method::POST, REVOKE_ALL)
        .json(&json!({"personId": demo::CLARA}))
        .send()
        .await
        .unwrap();
    assert_eq!(by_admin.status(), 204);
    assert!(ends(claras_stream).await);
}

#[tokio::test]
async fn a_password_change_needs_the_current_password_and_ends_the_old_ones_use() {
    let server = TestServer::demo().await;
    let session = server.login(demo::ANNA, "anna").await;
    let annas_stream = stream(&server, &session).await;
    // Warm the verified-credentials cache: the old password must stop working at once anyway.
    assert_eq!(
        server
            .agent(demo::ANNA, Method::GET, "/baton/v1/queue")
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    let change = |body: serde_json::Value| {
        server
            .with_session(&session, Method::POST, &set_password(demo::ANNA))
            .json(&body)
    };
    assert_all_refused(
        &server,
        vec![
            (
                change(json!({"password": "a new one"})),
                400,
                "MALFORMED_REQUEST",
            ),
            (
                change(json!({"password": "a new one", "currentPassword": "wrong"})),
                403,
                "NOT_ALLOWED",
            ),
            (
                server
                    .agent(demo::CLARA, Method::POST, &set_password(demo::ANNA))
                    .json(&json!({"password": "taken over", "currentPassword": "clara"})),
                404,
                "NOT_FOUND",
            ),
        ],
    )
    .await;
    let changed = change(json!({"password": "a new one", "currentPassword": "anna"}))
        .send()
        .await
        .unwrap();
    assert_eq!(changed.status(), 200);
    assert!(ends(annas_stream).await);
    let old = server
        .agent(demo::ANNA, Method::GET, "/baton/v1/queue")
        .send()
        .await
        .unwrap();
    assert_eq!(
        old.status(),
        StatusCode::UNAUTHORIZED,
        "the old password, at once"
    );
    let new = server
        .anonymous(Method::GET, "/baton/v1/queue")
        .basic_auth(demo::ANNA, Some("a new one"))
        .send()
        .await
        .unwrap();
    assert_eq!(new.status(), 200);
    let me = server
        .with_cookie(&session, Method::GET, "/baton/v1/session")
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), 401, "the session ended with the change");
    // The administrator sets it without the current one.
    let reset = server
        .admin(Method::POST, &set_password(demo::ANNA))
        .json(&json!({"password": "anna"}))
        .send()
        .await
        .unwrap();
    assert_eq!(reset.status(), 200);
}

#[tokio::test]
async fn a_sliding_sessions_cookie_ends_with_the_session_not_before() {
    let mut settings = common::settings(|_| {});
    settings.sessions.sliding = true;
    let sliding = TestServer::with_settings(settings).await;
    let response = sliding
        .anonymous(Method::POST, "/app/rest/v4/authenticator/login")
        .json(&json!({"username": demo::ANNA, "password": "anna"}))
        .send()
        .await
        .unwrap();
    let cookie = set_cookie(&response);
    assert!(!cookie.contains("Max-Age"), "{cookie}");
    let fixed = TestServer::demo().await;
    let response = fixed
        .anonymous(Method::POST, "/app/rest/v4/authenticator/login")
        .json(&json!({"username": demo::ANNA, "password": "anna"}))
        .send()
        .await
        .unwrap();
    assert!(set_cookie(&response).contains("Max-Age=43200"));
}
