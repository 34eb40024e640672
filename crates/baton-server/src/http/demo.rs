//! DEMO ONLY: `POST /demo/bank/token` plays the demo bank's backend, which a real bank runs
//! itself behind its own customer login: it mints the HS256 JWT that signs a customer in
//! through `authenticator/loginWithSecureToken`. `GET /demo/outbox` shows the e-mails that
//! wait in the outbox when no SMTP server is configured (invitation links, deputy notices).
//!
//! It hands a token to anyone who asks for any username, so it is mounted only with `--demo`
//! and must never be anything but a stand-in. It uses the demo's secret from
//! `app.settings.jwt` and the demo bank's issuer and audience; tokens live ten minutes.

use std::sync::Arc;

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use baton_api::wire::Secret;
use baton_api::wire::auth::SecureTokenRequest;
use baton_core::DomainError;
use serde::Deserialize;

use super::App;
use super::error::ApiError;
use super::json::Body;
use crate::auth::jwt::{IssuedClaims, mint_hs256};
use crate::http::routes::Routes;
use crate::server::{DEMO_AUDIENCE, DEMO_ISSUER};

/// How long a demo token is valid.
const TOKEN_SECONDS: u64 = 600;
/// Longest username the demo bank signs.
const MAX_USERNAME_CHARS: usize = 255;

/// The demo bank's routes when `demo` (`app.demo`, i.e. `--demo`) is on; none otherwise.
pub(super) fn routes(demo: bool) -> Routes {
    if demo {
        Routes::new()
            .post("/demo/bank/token", token)
            .get("/demo/outbox", outbox)
    } else {
        Routes::new()
    }
}

/// The demo bank's request: which of its customers is signed in at the bank.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoTokenBody {
    username: String,
}

/// The same, in the address (`?username=`): the widget's `token-url` posts without a body,
/// as it would to a real bank, which knows its customer from its own session.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoTokenQuery {
    username: Option<String>,
}

/// `POST /demo/bank/token` `{"username": "vera.visitor"}` (or `?username=vera.visitor` with
/// no body): a `SecureTokenRequest` ready to post to `authenticator/loginWithSecureToken`.
/// The token carries the customer's name and e-mail when the directory knows them as a
/// visitor.
async fn token(
    State(app): State<Arc<App>>,
    query: Result<Query<DemoTokenQuery>, QueryRejection>,
    body: Option<Body<DemoTokenBody>>,
) -> Result<Json<SecureTokenRequest>, ApiError> {
    let Query(query) = query.map_err(|e| ApiError::Malformed(e.body_text()))?;
    let username = match (body, query.username) {
        (Some(Body(body)), None) => body.username,
        (None, Some(username)) => username,
        _ => {
            return Err(ApiError::Malformed(
                "name the customer in the body or in ?username=, once".into(),
            ));
        }
    };
    let username = username.trim();
    if username.is_empty()
        || username.chars().count() > MAX_USERNAME_CHARS
        || username.chars().any(char::is_control)
    {
        return Err(ApiError::Malformed(
            "the username must be 1 to 255 characters without control characters".into(),
        ));
    }
    let secret = app
        .settings
        .jwt
        .as_ref()
        .and_then(|jwt| jwt.hs256_secret.as_deref())
        .ok_or(ApiError::Domain(DomainError::NotAllowed(
            "the demo bank needs an HS256 secret in [jwt]",
        )))?;
    let (name, email) = app.runtime.read(|s| {
        s.directory
            .persons
            .values()
            .find(|p| p.is_visitor() && p.username.as_deref() == Some(username))
            .map_or((None, None), |p| {
                (Some(p.display_name.clone()), p.email.clone())
            })
    });
    let now = app.clock.now();
    let claims = IssuedClaims {
        issuer: DEMO_ISSUER.to_owned(),
        audience: DEMO_AUDIENCE.to_owned(),
        subject: username.to_owned(),
        name,
        email,
        issued_at: now,
        expires_at: now.plus_seconds(TOKEN_SECONDS),
        token_id: crate::secrets::id("jti"),
    };
    let token = mint_hs256(secret, &claims).map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok(Json(SecureTokenRequest::jwt(Secret::new(token))))
}

/// One e-mail of the outbox, as the demo shows it.
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct DemoMail {
    to: String,
    subject: String,
    body: String,
    queued_at: baton_core::Timestamp,
    sent: bool,
}

/// `GET /demo/outbox`: the latest 100 e-mails, newest first.
async fn outbox(State(app): State<Arc<App>>) -> Result<Json<Vec<DemoMail>>, ApiError> {
    let mails = app
        .mailer
        .outbox(100)
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok(Json(
        mails
            .into_iter()
            .map(|m| DemoMail {
                to: m.mail.to,
                subject: m.mail.subject,
                body: m.mail.body,
                queued_at: m.created_at,
                sent: m.status == crate::outbox::DeliveryState::Delivered,
            })
            .collect(),
    ))
}
