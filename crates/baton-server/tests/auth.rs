//! Sign-in over HTTP: `authenticator/login` and `logout` with the session cookie and its CSRF
//! token, `authenticator/loginWithSecureToken` with the bank's JWT, `GET /baton/v1/session`,
//! the demo bank's token endpoint (which exists only with `--demo`), the sign-in rule for a
//! session cookie sent without its CSRF token, and CORS for the configured origins.

use crate::common;

use baton_core::Timestamp;
use baton_server::auth::jwt::{IssuedClaims, JwtError, JwtSettings, mint_hs256};
use common::{CookieSession, TestServer, assert_error, head, json, set_cookie};
use reqwest::Method;
use serde_json::{Value, json};

const LOGIN: &str = "/app/rest/v4/authenticator/login";
const LOGOUT: &str = "/app/rest/v4/authenticator/logout";
const SECURE: &str = "/app/rest/v4/authenticator/loginWithSecureToken";
const SESSION: &str = "/baton/v1/session";
const SET_AWAY_ANNA: &str = "/app/rest/v4/persons/anna.advisor/setAway";

const BANK_SECRET: &str = "the-bank-and-baton-share-this-secret-0123";
const ISSUER: &str = "https://bank.example";
const AUDIENCE: &str = "baton";

fn bank_jwt() -> JwtSettings {
    JwtSettings {
        hs256_secret: Some(BANK_SECRET.into()),
        rs256_public_key_pem: None,
        eddsa_public_key_pem: None,
        issuer: ISSUER.into(),
        audience: AUDIENCE.into(),
        leeway_seconds: 30,
        max_lifetime_seconds: 600,
    }
}

/// The demo bank whose backend signs with [`BANK_SECRET`].
async fn bank_server() -> TestServer {
    let mut settings = common::settings(|_| {});
    settings.jwt = Some(bank_jwt());
    TestServer::with_settings(settings).await
}

fn now() -> Timestamp {
    baton_server::clock::Clock::system().now()
}

fn claims(subject: &str) -> IssuedClaims {
    IssuedClaims {
        issuer: ISSUER.into(),
        audience: AUDIENCE.into(),
        subject: subject.into(),
        name: None,
        email: None,
        issued_at: now(),
        expires_at: now().plus_seconds(300),
        token_id: baton_server::secrets::id("jti"),
    }
}

/// The bank's token for `claims`.
fn token(claims: &IssuedClaims) -> Result<String, JwtError> {
    mint_hs256(BANK_SECRET, claims)
}

fn secure_token_body(token: &str) -> Value {
    json!({"$_type": "SecureTokenRequest", "token": token, "type": "JWT"})
}

#[tokio::test]
async fn login_sets_a_strict_http_only_cookie_and_answers_the_csrf_token() {
    let server = TestServer::demo().await;
    let response = server
        .anonymous(Method::POST, LOGIN)
        .json(&json!({"username": "anna.advisor", "password": "anna", "redirectOnSuccess": null}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let cookie = set_cookie(&response);
    assert!(cookie.starts_with("baton_session="), "{cookie}");
    for flag in ["HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(cookie.contains(flag), "{flag} missing in {cookie}");
    }
    assert!(!cookie.contains("Secure"), "{cookie}");
    let session = CookieSession::from_response(&response);
    let (_, body) = json(response).await;
    assert_eq!(body, json!({"$_type": "LoginResult", "success": true}));

    let (status, view) = server.session_view(&session).await;
    assert_eq!(status, 200);
    assert_eq!(view["$_type"], "BatonSession");
    assert_eq!(view["personId"], "anna.advisor");
    assert_eq!(view["personType"], "AGENT");
    assert_eq!(view["accountId"], "helvetia-private-bank");
    assert_eq!(view["csrfToken"], session.csrf.as_str());
}

#[tokio::test]
async fn the_cookie_is_secure_when_configured() {
    let mut settings = common::settings(|_| {});
    settings.server.secure_cookies = Some(true);
    let server = TestServer::with_settings(settings).await;
    let response = server
        .anonymous(Method::POST, LOGIN)
        .json(&json!({"username": "ben.assistant", "password": "ben"}))
        .send()
        .await
        .unwrap();
    assert!(set_cookie(&response).contains("; Secure"));
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_user_get_the_same_401() {
    let server = TestServer::demo().await;
    let wrong = assert_error(
        server
            .anonymous(Method::POST, LOGIN)
            .json(&json!({"username": "anna.advisor", "password": "not-anna"}))
            .send()
            .await
            .unwrap(),
        401,
        "NOT_AUTHENTICATED",
    )
    .await;
    let unknown = assert_error(
        server
            .anonymous(Method::POST, LOGIN)
            .json(&json!({"username": "nobody.here", "password": "anna"}))
            .send()
            .await
            .unwrap(),
        401,
        "NOT_AUTHENTICATED",
    )
    .await;
    assert_eq!(wrong, unknown);
    for (body, code) in [
        (r#"{"username": "anna.advisor""#, 400),
        (r#"{"username": "anna.advisor", "password": 7}"#, 400),
        (r#"{"password": "anna"}"#, 400),
    ] {
        let response = server
            .anonymous(Method::POST, LOGIN)
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap();
        assert_error(response, code, "MALFORMED_REQUEST").await;
    }
    let huge = json!({"username": "anna.advisor", "password": "x".repeat(70 * 1024)});
    let response = server
        .anonymous(Method::POST, LOGIN)
        .json(&huge)
        .send()
        .await
        .unwrap();
    assert_error(response, 413, "PAYLOAD_TOO_LARGE").await;
}

#[tokio::test]
async fn a_change_with_the_cookie_needs_the_csrf_token() {
    let server = TestServer::demo().await;
    let session = server.login("anna.advisor", "anna").await;
    let before = head(&server).await;

    let refused = server
        .with_cookie(&session, Method::POST, SET_AWAY_ANNA)
        .json(&json!({"away": true}))
        .send()
        .await
        .unwrap();
    assert_error(refused, 403, "NOT_ALLOWED").await;
    let forged = server
        .with_cookie(&session, Method::POST, SET_AWAY_ANNA)
        .header("x-csrf-token", "not-the-token")
        .json(&json!({"away": true}))
        .send()
        .await
        .unwrap();
    assert_error(forged, 403, "NOT_ALLOWED").await;
    assert_eq!(head(&server).await, before, "nothing changed");

    let (status, state) = json(
        server
            .with_session(&session, Method::POST, SET_AWAY_ANNA)
            .json(&json!({"away": true}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 200, "{state}");
    assert_eq!(state["onlineState"], "AWAY");
    assert_eq!(head(&server).await, before + 1);
}

#[tokio::test]
async fn logout_ends_the_session_and_clears_the_cookie() {
    let server = TestServer::demo().await;
    let session = server.login("clara.deputy", "clara").await;
    let other = server.login("clara.deputy", "clara").await;

    let without_csrf = server
        .with_cookie(&session, Method::POST, LOGOUT)
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_error(without_csrf, 403, "NOT_ALLOWED").await;
    assert_eq!(server.session_view(&session).await.0, 200);

    let response = server
        .with_session(&session, Method::POST, LOGOUT)
        .json(&json!({"redirectOnSuccess": "https://unblu.com/"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 204);
    let cleared = set_cookie(&response);
    assert!(cleared.starts_with("baton_session=;"), "{cleared}");
    assert!(cleared.contains("Max-Age=0"), "{cleared}");

    let (status, body) = server.session_view(&session).await;
    assert_eq!(status, 401, "{body}");
    let reused = server
        .with_session(
            &session,
            Method::POST,
            "/app/rest/v4/persons/clara.deputy/setAway",
        )
        .json(&json!({"away": true}))
        .send()
        .await
        .unwrap();
    assert_error(reused, 401, "NOT_AUTHENTICATED").await;
    assert_eq!(
        server.session_view(&other).await.0,
        200,
        "other sessions stay"
    );
    let anonymous = server
        .anonymous(Method::POST, LOGOUT)
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 204);
}

#[tokio::test]
async fn the_session_view_needs_a_session() {
    let server = TestServer::demo().await;
    let anonymous = server.anonymous(Method::GET, SESSION).send().await.unwrap();
    assert_error(anonymous, 401, "NOT_AUTHENTICATED").await;
    let basic = server
        .agent("anna.advisor", Method::GET, SESSION)
        .send()
        .await
        .unwrap();
    assert_error(basic, 401, "NOT_AUTHENTICATED").await;
    let forged = server
        .anonymous(Method::GET, SESSION)
        .header("cookie", "baton_session=forged")
        .send()
        .await
        .unwrap();
    assert_error(forged, 401, "NOT_AUTHENTICATED").await;
}

#[tokio::test]
async fn a_valid_bank_token_signs_vera_in() {
    let server = bank_server().await;
    let before = head(&server).await;
    let response = server
        .anonymous(Method::POST, SECURE)
        .json(&secure_token_body(&token(&claims("vera.visitor")).unwrap()))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 204);
    let cookie = set_cookie(&response);
    for flag in ["HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(cookie.contains(flag), "{flag} missing in {cookie}");
    }
    let session = CookieSession::from_response(&response);
    let (status, view) = server.session_view(&session).await;
    assert_eq!(status, 200);
    assert_eq!(view["personId"], "vera.visitor");
    assert_eq!(view["personType"], "VISITOR");
    assert_eq!(head(&server).await, before, "Vera existed already");
}

#[tokio::test]
async fn a_new_customer_is_registered_once_as_a_visitor() {
    let server = bank_server().await;
    let before = head(&server).await;
    let mut walter = claims("customer-4711");
    walter.name = Some("Walter Customer".into());
    walter.email = Some("walter@bank.example".into());
    let mut ids = Vec::new();
    for _ in 0..2 {
        // Each sign-in with a token of its own (a token signs in once).
        walter.token_id = baton_server::secrets::id("jti");
        let response = server
            .anonymous(Method::POST, SECURE)
            .json(&secure_token_body(&token(&walter).unwrap()))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 204);
        let session = CookieSession::from_response(&response);
        let (_, view) = server.session_view(&session).await;
        assert_eq!(view["personType"], "VISITOR");
        assert_eq!(view["displayName"], "Walter Customer");
        assert_eq!(view["accountId"], "helvetia-private-bank");
        ids.push(view["personId"].as_str().unwrap().to_owned());
    }
    assert_eq!(ids[0], ids[1]);
    assert!(ids[0].starts_with("person_"), "{}", ids[0]);
    assert_eq!(head(&server).await, before + 1, "registered once");
}

#[tokio::test]
async fn bad_tokens_are_refused_with_401_and_change_nothing() {
    let server = bank_server().await;
    let before = head(&server).await;
    let expired = IssuedClaims {
        issued_at: Timestamp(now().as_millis() - 600_000),
        expires_at: Timestamp(now().as_millis() - 120_000),
        ..claims("vera.visitor")
    };
    let wrong_issuer = IssuedClaims {
        issuer: "https://other-bank.example".into(),
        ..claims("vera.visitor")
    };
    let wrong_audience = IssuedClaims {
        audience: "someone-else".into(),
        ..claims("vera.visitor")
    };
    let tokens = [
        token(&expired).unwrap(),
        token(&wrong_issuer).unwrap(),
        token(&wrong_audience).unwrap(),
        mint_hs256(
            "another-secret-that-is-long-enough-000",
            &claims("vera.visitor"),
        )
        .unwrap(),
        token(&claims("brand-new-customer")).unwrap() + "x",
        "not.a.jwt".to_owned(),
        token(&IssuedClaims {
            expires_at: now().plus_seconds(3600),
            ..claims("vera.visitor")
        })
        .unwrap(),
        token(&claims("vera\u{7}visitor")).unwrap(),
    ];
    for bad in tokens {
        let response = server
            .anonymous(Method::POST, SECURE)
            .json(&secure_token_body(&bad))
            .send()
            .await
            .unwrap();
        assert!(response.headers().get("set-cookie").is_none());
        assert_error(response, 401, "NOT_AUTHENTICATED").await;
    }
    let body = assert_error(
        server
            .anonymous(Method::POST, SECURE)
            .json(&secure_token_body(&token(&expired).unwrap()))
            .send()
            .await
            .unwrap(),
        401,
        "NOT_AUTHENTICATED",
    )
    .await;
    assert!(
        body["errorMessage"].as_str().unwrap().contains("expired"),
        "{body}"
    );
    // A token naming an agent never signs the agent in.
    let agent = server
        .anonymous(Method::POST, SECURE)
        .json(&secure_token_body(&token(&claims("anna.advisor")).unwrap()))
        .send()
        .await
        .unwrap();
    assert_error(agent, 403, "NOT_ALLOWED").await;
    for (body, status) in [
        (
            json!({"token": token(&claims("x")).unwrap(), "type": "OIDC_ACCESS_TOKEN"}),
            400,
        ),
        (
            json!({"token": token(&claims("x")).unwrap(), "type": "SAML"}),
            400,
        ),
        (json!({"token": 42, "type": "JWT"}), 400),
        (json!({"type": "JWT"}), 400),
    ] {
        let response = server
            .anonymous(Method::POST, SECURE)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_error(response, status, "MALFORMED_REQUEST").await;
    }
    let oversized = server
        .anonymous(Method::POST, SECURE)
        .json(&secure_token_body(&"a".repeat(70 * 1024)))
        .send()
        .await
        .unwrap();
    assert_error(oversized, 413, "PAYLOAD_TOO_LARGE").await;
    assert_eq!(head(&server).await, before, "nothing changed");
}

#[tokio::test]
async fn without_jwt_settings_or_a_visitor_account_secure_tokens_are_refused_clearly() {
    let server = common::without_demo(common::settings(|_| {})).await;
    let body = assert_error(
        server
            .anonymous(Method::POST, SECURE)
            .json(&secure_token_body(&token(&claims("vera.visitor")).unwrap()))
            .send()
            .await
            .unwrap(),
        403,
        "NOT_ALLOWED",
    )
    .await;
    assert!(
        body["errorMessage"].as_str().unwrap().contains("[jwt]"),
        "{body}"
    );

    let mut settings = common::settings(|_| {});
    settings.jwt = Some(bank_jwt());
    let server = common::without_demo(settings).await;
    let body = assert_error(
        server
            .anonymous(Method::POST, SECURE)
            .json(&secure_token_body(&token(&claims("new-customer")).unwrap()))
            .send()
            .await
            .unwrap(),
        403,
        "NOT_ALLOWED",
    )
    .await;
    assert!(
        body["errorMessage"]
            .as_str()
            .unwrap()
            .contains("visitor_account"),
        "{body}"
    );
    assert_eq!(head(&server).await, 0);
}

#[tokio::test]
async fn the_demo_bank_mints_a_token_that_signs_vera_in() {
    let server = TestServer::demo().await;
    let (status, minted) = json(
        server
            .anonymous(Method::POST, "/demo/bank/token")
            .json(&json!({"username": "vera.visitor"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 200, "{minted}");
    assert_eq!(minted["$_type"], "SecureTokenRequest");
    assert_eq!(minted["type"], "JWT");
    let response = server
        .anonymous(Method::POST, SECURE)
        .json(&minted)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 204);
    let session = CookieSession::from_response(&response);
    let (_, view) = server.session_view(&session).await;
    assert_eq!(view["personId"], "vera.visitor");
    assert_eq!(view["displayName"], "Vera Visitor");

    for body in [
        json!({"username": ""}),
        json!({"username": 7}),
        json!({"user": "vera.visitor"}),
    ] {
        let response = server
            .anonymous(Method::POST, "/demo/bank/token")
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_error(response, 400, "MALFORMED_REQUEST").await;
    }
}

#[tokio::test]
async fn the_demo_bank_takes_the_customer_from_the_address_as_the_widget_asks() {
    let server = TestServer::demo().await;
    let by_address = "/demo/bank/token?username=vera.visitor";
    let (status, minted) = json(
        server
            .anonymous(Method::POST, by_address)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 200, "{minted}");
    assert_eq!(minted["type"], "JWT");

    let twice = server
        .anonymous(Method::POST, by_address)
        .json(&json!({"username": "vera.visitor"}))
        .send()
        .await
        .unwrap();
    assert_error(twice, 400, "MALFORMED_REQUEST").await;
    let neither = server
        .anonymous(Method::POST, "/demo/bank/token")
        .send()
        .await
        .unwrap();
    assert_error(neither, 400, "MALFORMED_REQUEST").await;
    let unknown = server
        .anonymous(Method::POST, "/demo/bank/token?user=vera.visitor")
        .send()
        .await
        .unwrap();
    assert_error(unknown, 400, "MALFORMED_REQUEST").await;
}

#[tokio::test]
async fn the_demo_bank_does_not_exist_without_demo() {
    let server = common::without_demo(common::settings(|_| {})).await;
    let response = server
        .anonymous(Method::POST, "/demo/bank/token")
        .json(&json!({"username": "vera.visitor"}))
        .send()
        .await
        .unwrap();
    assert_error(response, 404, "NOT_FOUND").await;
}

#[tokio::test]
async fn password_guessing_is_limited_per_client() {
    let server = TestServer::demo().await;
    let attempt = |password: &str| {
        server
            .anonymous(Method::POST, "/app/rest/v4/authenticator/login")
            .json(&serde_json::json!({"username": "anna.advisor", "password": password}))
    };
    for _ in 0..10 {
        let response = attempt("guess").send().await.unwrap();
        assert_eq!(response.status(), 401);
    }
    let locked = attempt("anna").send().await.unwrap();
    assert!(locked.headers().contains_key("retry-after"));
    assert_error(locked, 429, "TOO_MANY_ATTEMPTS").await;
}

#[tokio::test]
async fn signing_in_ignores_a_session_cookie_sent_without_its_csrf_token() {
    let server = TestServer::demo().await;
    let annas = server.login("anna.advisor", "anna").await;

    let response = server
        .with_cookie(&annas, Method::POST, LOGIN)
        .json(&json!({"username": "ben.assistant", "password": "ben"}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.status(),
        200,
        "a stale session never blocks a sign-in"
    );
    let bens = CookieSession::from_response(&response);
    let (_, view) = server.session_view(&bens).await;
    assert_eq!(view["personId"], "ben.assistant");
    assert_eq!(
        server.session_view(&annas).await.0,
        200,
        "Anna's session was not used, nor ended"
    );

    let as_anna = server
        .with_cookie(&annas, Method::POST, SET_AWAY_ANNA)
        .json(&json!({"away": true}))
        .send()
        .await
        .unwrap();
    assert_error(as_anna, 403, "NOT_ALLOWED").await;
}

mod cross_origin {
    use super::*;

    const BANK_PAGE: &str = "https://www.bank.example";

    async fn server_allowing_the_bank_page() -> TestServer {
        let mut settings = common::settings(|_| {});
        settings.server.allowed_origins = vec![BANK_PAGE.into()];
        TestServer::with_settings(settings).await
    }

    fn preflight(server: &TestServer, origin: &str) -> reqwest::RequestBuilder {
        server
            .anonymous(Method::OPTIONS, LOGIN)
            .header("Origin", origin)
            .header("Access-Control-Request-Method", "POST")
            .header(
                "Access-Control-Request-Headers",
                "content-type, x-csrf-token",
            )
    }

    #[tokio::test]
    async fn an_allowed_origin_may_call_with_cookies_and_read_the_csrf_token() {
        let server = server_allowing_the_bank_page().await;
        let answer = preflight(&server, BANK_PAGE).send().await.unwrap();
        let headers = answer.headers();
        assert_eq!(headers["access-control-allow-origin"], BANK_PAGE);
        assert_eq!(headers["access-control-allow-credentials"], "true");
        let allowed = headers["access-control-allow-headers"].to_str().unwrap();
        assert!(allowed.contains("x-csrf-token"), "{allowed}");

        let login = server
            .anonymous(Method::POST, LOGIN)
            .header("Origin", BANK_PAGE)
            .json(&json!({"username": "anna.advisor", "password": "anna"}))
            .send()
            .await
            .unwrap();
        assert_eq!(login.status(), 200);
        let exposed = login.headers()["access-control-expose-headers"]
            .to_str()
            .unwrap();
        assert!(exposed.contains("x-csrf-token"), "{exposed}");
        // The server's time, for the PIN countdown on a bank page of another origin.
        assert!(exposed.contains("date"), "{exposed}");
    }

    #[tokio::test]
    async fn other_origins_get_no_cors_headers() {
        let server = server_allowing_the_bank_page().await;
        let answer = preflight(&server, "https://evil.example")
            .send()
            .await
            .unwrap();
        assert!(
            answer
                .headers()
                .get("access-control-allow-origin")
                .is_none()
        );
        let plain = TestServer::demo().await;
        let answer = preflight(&plain, BANK_PAGE).send().await.unwrap();
        assert!(
            answer
                .headers()
                .get("access-control-allow-origin")
                .is_none(),
            "without allowed origins the server stays same-origin"
        );
    }
}

#[tokio::test]
async fn a_token_signs_in_once() {
    let server = bank_server().await;
    let once = token(&claims("vera.visitor")).unwrap();
    let sign_in = || {
        server
            .anonymous(Method::POST, SECURE)
            .json(&secure_token_body(&once))
            .send()
    };
    assert_eq!(sign_in().await.unwrap().status(), 204);
    let replayed = sign_in().await.unwrap();
    assert!(replayed.headers().get("set-cookie").is_none());
    let body = assert_error(replayed, 401, "NOT_AUTHENTICATED").await;
    assert!(
        body["errorMessage"].as_str().unwrap().contains("used"),
        "{body}"
    );
    // Two at once: one signs in.
    let twice = token(&claims("vera.visitor")).unwrap();
    let race = (0..2).map(|_| {
        server
            .anonymous(Method::POST, SECURE)
            .json(&secure_token_body(&twice))
            .send()
    });
    let statuses: Vec<u16> = futures_util::future::join_all(race)
        .await
        .into_iter()
        .map(|r| r.unwrap().status().as_u16())
        .collect();
    let mut sorted = statuses.clone();
    sorted.sort_unstable();
    assert_eq!(sorted, [204, 401], "{statuses:?}");
}
