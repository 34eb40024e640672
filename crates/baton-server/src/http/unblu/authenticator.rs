//! Sign-in: `authenticator/login` (username and password), `authenticator/logout` and
//! `authenticator/loginWithSecureToken` (a JWT signed by the bank's backend, which signs in
//! the bank's customer as a visitor, registering them on first sight), plus Baton's
//! `GET /baton/v1/session`, which tells the widget who is signed in and the session's CSRF
//! token.
//!
//! Every sign-in sets the `baton_session` cookie (`HttpOnly; SameSite=Strict; Path=/`, and
//! `Secure` with `[server] secure_cookies`) and answers the session's CSRF token in the
//! `X-CSRF-Token` header; the body stays Unblu's (`LoginResult` for `login`, empty for
//! `loginWithSecureToken`), and `GET /baton/v1/session` gives the same token again as part of
//! `BatonSession`. `redirectOnSuccess` / `redirectOnFailure` are ignored: Baton never
//! redirects. Checking passwords, sessions and tokens is `crate::auth`'s; registering a
//! visitor is the domain's `RegisterPerson`.

use baton_api::operation::{baton, v4};
use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::IntoResponse;
use baton_api::wire::Secret;
use baton_api::wire::auth::{
    AuthenticatorLoginBody, AuthenticatorLogoutBody, LoginResult, SecureTokenRequest,
    SecureTokenType,
};
use baton_api::wire::baton::BatonSession;
use baton_core::demo;
use baton_core::directory::{
    AuthorizationRole, NotificationChannels, Person, PersonType, PresenceState,
};
use baton_core::id::{AccountId, PersonId};
use baton_core::{Actor, Command, DomainError};

use crate::auth::jwt::{JwtError, VisitorClaims};
use crate::http::App;
use crate::http::caller::{CSRF_HEADER, Caller, Credentials, SigningIn, session_cookie};
use crate::http::error::ApiError;
use crate::http::json::Body;
use crate::http::routes::Routes;
use crate::limits::Guess;
use crate::secrets;

/// The answer to a wrong password and to an unknown username alike.
const WRONG_CREDENTIALS: &str = "wrong username or password";

pub(super) fn routes() -> Routes {
    Routes::new()
        .operation(&v4::AUTHENTICATOR_LOGIN, login)
        .operation(&v4::AUTHENTICATOR_LOGOUT, logout)
        .operation(
            &v4::AUTHENTICATOR_LOGIN_WITH_SECURE_TOKEN,
            login_with_secure_token,
        )
        .operation(&baton::SESSION, session)
}

/// The account new visitors are registered in: `[server] visitor_account`, or the demo bank
/// with `--demo`.
pub(super) fn visitor_account(app: &App) -> Option<AccountId> {
    match &app.settings.server.visitor_account {
        Some(account) => Some(AccountId::new(account)),
        None if app.demo => Some(AccountId::new(demo::ACCOUNT)),
        None => None,
    }
}

/// Signs `person` in: a new session, its cookie and its CSRF token as response headers.
async fn start_session(app: &App, person: &PersonId) -> Result<HeaderMap, ApiError> {
    let now = app.clock.now();
    let session = app
        .sessions
        .create(person, now)
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    let mut headers = HeaderMap::new();
    headers.insert(
        header::SET_COOKIE,
        session_cookie(
            app,
            Some((&session.token, now.seconds_until(session.expires_at))),
        )?,
    );
    headers.insert(
        CSRF_HEADER,
        HeaderValue::from_str(&session.csrf_token)
            .map_err(|e| ApiError::Internal(e.to_string()))?,
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(headers)
}

/// `POST authenticator/login`: 200 `LoginResult {success: true}` with the session cookie and
/// `X-CSRF-Token`; 401 for a wrong password or an unknown username alike.
async fn login(
    State(app): State<Arc<App>>,
    SigningIn(caller): SigningIn,
    Body(body): Body<AuthenticatorLoginBody>,
) -> Result<impl IntoResponse, ApiError> {
    // Password guessing is limited per client and per username, like over HTTP Basic.
    let guess = Guess::Password {
        username: &body.username,
        client: &caller.client,
    };
    let attempt = app.begin_guess(guess, app.clock.now()).await?;
    let person = match app
        .credentials
        .verify(&body.username, body.password.expose())
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?
    {
        Some(id) => {
            let known = app.knows(|s| s.directory.person(&id).is_some()).await;
            known.then_some(id)
        }
        None => None,
    };
    app.settle_guess(guess, attempt, person.is_some()).await;
    let person = person.ok_or(ApiError::Unauthenticated(WRONG_CREDENTIALS))?;
    let headers = start_session(&app, &person).await?;
    Ok((headers, Json(LoginResult::new(true))))
}

/// `POST authenticator/logout`: ends the caller's session, if any, and clears the cookie
/// (204). With the cookie, the request needs the CSRF token like any other change.
async fn logout(
    State(app): State<Arc<App>>,
    caller: Caller,
    Body(_): Body<AuthenticatorLogoutBody>,
) -> Result<impl IntoResponse, ApiError> {
    if let Credentials::Session { token, .. } = &caller.credentials {
        app.sessions
            .delete(token)
            .await
            .map_err(|e| ApiError::Internal(e.to_string()))?;
    }
    Ok((
        StatusCode::NO_CONTENT,
        [(header::SET_COOKIE, session_cookie(&app, None)?)],
    ))
}

/// Why a token was refused, for the caller: expiry is worth telling (fetch a new token); the
/// other reasons are logged only.
fn refused(error: &JwtError) -> ApiError {
    tracing::info!(%error, "secure token refused");
    ApiError::Unauthenticated(match error {
        JwtError::Expired => "the secure token has expired",
        _ => "the secure token is not valid",
    })
}

/// The visitor the bank's customer `claims.subject` is: found by username, or registered in
/// the visitor account on first sign-in.
async fn visitor_for(app: &App, claims: &VisitorClaims) -> Result<PersonId, ApiError> {
    let find = || {
        app.runtime.read(|s| {
            s.directory
                .persons
                .values()
                .find(|p| p.username.as_deref() == Some(claims.subject.as_str()))
                .map(|p| (p.id.clone(), p.is_visitor()))
        })
    };
    let not_a_visitor = || {
        ApiError::Domain(DomainError::NotAllowed(
            "a secure token signs in visitors only",
        ))
    };
    match find() {
        Some((id, true)) => return Ok(id),
        Some((_, false)) => return Err(not_a_visitor()),
        None => {}
    }
    let account = visitor_account(app).ok_or(ApiError::Domain(DomainError::NotAllowed(
        "new visitors cannot be registered: the server has no [server] visitor_account",
    )))?;
    let display_name = claims
        .name
        .as_deref()
        .map(str::trim)
        .filter(|name| !name.is_empty())
        .unwrap_or(&claims.subject)
        .to_owned();
    let person = Person {
        id: PersonId::new(secrets::id("person")),
        person_type: PersonType::Visitor,
        account,
        team: None,
        display_name,
        username: Some(claims.subject.clone()),
        // An address no mail could reach is dropped rather than refusing the customer.
        email: claims
            .email
            .clone()
            .filter(|email| baton_core::invitation::is_valid_email(email)),
        presence: PresenceState::Online,
        role: AuthorizationRole::Webuser,
        notifications: NotificationChannels::NONE,
    };
    let id = person.id.clone();
    // Baton itself registers the visitor, on the strength of the bank's signature.
    match app
        .execute(&Actor::System, Command::RegisterPerson { person })
        .await
    {
        Ok(_) => Ok(id),
        // A concurrent sign-in of the same customer registered them first.
        Err(ApiError::Domain(DomainError::AlreadyExists(_))) => match find() {
            Some((id, true)) => Ok(id),
            Some((_, false)) => Err(not_a_visitor()),
            None => Err(ApiError::Internal(
                "a visitor's username is taken but nobody has it".into(),
            )),
        },
        Err(other) => Err(other),
    }
}

/// `POST authenticator/loginWithSecureToken` `{"token", "type": "JWT"}`: 204 with the session
/// cookie and `X-CSRF-Token`; 401 for a token that is invalid, expired, used before, from
/// another issuer or for another audience; 403 when the server has no `[jwt]` settings.
async fn login_with_secure_token(
    State(app): State<Arc<App>>,
    Body(body): Body<SecureTokenRequest>,
) -> Result<impl IntoResponse, ApiError> {
    if body.token_type != SecureTokenType::Jwt {
        return Err(ApiError::Malformed(
            "Baton accepts secure tokens of type JWT only".into(),
        ));
    }
    let verifier = app
        .jwt
        .as_ref()
        .ok_or(ApiError::Domain(DomainError::NotAllowed(
            "sign-in with a secure token is not configured on this server (no [jwt] settings)",
        )))?;
    let claims = verifier
        .verify(body.token.expose(), app.clock.now())
        .map_err(|e| refused(&e))?;
    let first_use = app
        .used_token_ids
        .first_use(&claims.token_id, claims.expires_at)
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    if !first_use {
        return Err(ApiError::Unauthenticated(
            "this token has been used already",
        ));
    }
    let person = visitor_for(&app, &claims).await?;
    let headers = start_session(&app, &person).await?;
    Ok((StatusCode::NO_CONTENT, headers))
}

/// `GET /baton/v1/session`: who is signed in with the session cookie, and the CSRF token to
/// send with every state-changing request; 401 without a session.
async fn session(
    State(app): State<Arc<App>>,
    caller: Caller,
) -> Result<impl IntoResponse, ApiError> {
    let Credentials::Session { session, .. } = &caller.credentials else {
        return Err(ApiError::Unauthenticated(
            "no session: sign in with authenticator/login or loginWithSecureToken",
        ));
    };
    let view = app
        .runtime
        .read(|s| {
            s.directory
                .person(&session.person_id)
                .map(|person| BatonSession::new(person, Secret::new(&session.csrf_token)))
        })
        .ok_or(ApiError::Unauthenticated("the session's person is gone"))?;
    Ok((
        [(header::CACHE_CONTROL, HeaderValue::from_static("no-store"))],
        Json(view),
    ))
}
