//! `POST /baton/v1/redeem/pin` and `POST /baton/v1/redeem/link`: a customer enters a PIN or
//! opens an e-mail link and joins the conversation.
//!
//! Besides the domain's per-invitation attempt limit, each client address and the whole
//! server have budgets of failed guesses (`App::begin_guess`): an attempt is counted before
//! anything else and refunded unless it was a wrong PIN or token. An anonymous caller becomes a new anonymous visitor, created by the same
//! command that redeems, and gets a session cookie like a sign-in; the session token itself
//! never appears in a body. The session is created before the redemption is recorded and
//! withdrawn if it is refused, so no failure leaves a consumed PIN without its session. Which PIN or token opens which invitation, and the per-invitation
//! limit, are the domain's; only the client's and server's budgets, which the domain cannot
//! know, are here.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use baton_api::wire::Secret;
use baton_api::wire::baton::{
    BatonRedeemLinkBody, BatonRedeemPinBody, BatonRedemption, BatonSession,
};
use baton_core::command::TokenLookup;
use baton_core::directory::{
    AuthorizationRole, NotificationChannels, Person, PersonType, PresenceState,
};
use baton_core::event::Event;
use baton_core::id::{AccountId, PersonId};
use baton_core::{Actor, Command, DomainError};

use crate::http::App;
use crate::http::caller::{Caller, Credentials, SigningIn, session_cookie};
use crate::http::error::ApiError;
use crate::http::json::Body;
use crate::limits::Guess;
use crate::secrets;

/// Name shown for a visitor who joined by PIN or link without a nickname.
const ANONYMOUS_NAME: &str = "Visitor";

/// Redeems a PIN typed into the widget.
pub(super) async fn pin(
    State(app): State<Arc<App>>,
    SigningIn(caller): SigningIn,
    Body(body): Body<BatonRedeemPinBody>,
) -> Result<Response, ApiError> {
    redeem(&app, &caller, body.into_lookup()).await
}

/// Redeems an e-mail or shared link.
pub(super) async fn link(
    State(app): State<Arc<App>>,
    SigningIn(caller): SigningIn,
    Body(body): Body<BatonRedeemLinkBody>,
) -> Result<Response, ApiError> {
    redeem(&app, &caller, body.into_lookup()).await
}

/// The visitor an anonymous redemption creates; the domain puts them into the invitation's
/// account and gives them the invitation's nickname and e-mail address.
fn anonymous_visitor() -> Person {
    Person {
        id: PersonId::new(secrets::id("person")),
        person_type: PersonType::Visitor,
        account: AccountId::new(""),
        team: None,
        display_name: ANONYMOUS_NAME.to_owned(),
        username: None,
        email: None,
        presence: PresenceState::Online,
        role: AuthorizationRole::AnonymousUser,
        notifications: NotificationChannels::NONE,
    }
}

async fn redeem(app: &App, caller: &Caller, lookup: TokenLookup) -> Result<Response, ApiError> {
    let now = app.clock.now();
    let guess = Guess::Token {
        client: &caller.client,
    };
    let attempt = app.begin_guess(guess, now).await?;
    let new_visitor = (caller.actor == Actor::Anonymous).then(anonymous_visitor);
    // The session comes first, for the visitor the redemption will sign in, and is withdrawn
    // if the redemption does not go through: a consumed PIN never lacks its session.
    let joining = new_visitor
        .as_ref()
        .map(|visitor| &visitor.id)
        .or_else(|| caller.actor.person());
    let session = match (&caller.credentials, joining) {
        (Credentials::Basic | Credentials::None, Some(visitor)) => Some(
            app.sessions
                .create(visitor, now)
                .await
                .map_err(|e| ApiError::Internal(e.to_string()))?,
        ),
        _ => None,
    };
    let command = Command::RedeemToken {
        lookup,
        new_visitor,
    };
    let recorded = match app.execute_at(&caller.actor, command, now).await {
        Ok(recorded) => recorded,
        Err(refusal) => {
            if let Some(session) = &session
                && let Err(error) = app.sessions.delete(&session.token).await
            {
                // Unusable anyway: its cookie is never sent, and it expires.
                tracing::warn!(%error, "a session of a failed redemption stays until it expires");
            }
            app.settle_guess(guess, attempt, !is_wrong_guess(&refusal))
                .await;
            return Err(refused(refusal, now));
        }
    };
    app.settle_guess(guess, attempt, true).await;
    let (conversation, visitor) = recorded
        .iter()
        .find_map(|r| match &r.event {
            Event::TokenRedeemed {
                conversation,
                visitor,
                ..
            } => Some((conversation.clone(), visitor.clone())),
            _ => None,
        })
        .ok_or_else(|| ApiError::Internal("the redemption was not recorded".into()))?;
    let (csrf_token, cookie) = match (&caller.credentials, session) {
        (Credentials::Session { session, .. }, _) => (session.csrf_token.clone(), None),
        (_, Some(session)) => {
            let cookie = session_cookie(
                app,
                Some((&session.token, now.seconds_until(session.expires_at))),
            )?;
            (session.csrf_token, Some(cookie))
        }
        (_, None) => return Err(ApiError::Internal("no session for the visitor".into())),
    };
    let body = app
        .runtime
        .read(|state| {
            let person = state.directory.person(&visitor)?;
            let conversation = state.conversations.get(&conversation)?;
            Some(BatonRedemption::new(
                conversation,
                BatonSession::new(person, Secret::new(csrf_token)),
            ))
        })
        .ok_or_else(|| ApiError::Internal("the redeemed conversation is gone".into()))?;
    let mut response = Json(body).into_response();
    if let Some(cookie) = cookie {
        response.headers_mut().insert(header::SET_COOKIE, cookie);
    }
    Ok(response)
}

/// Whether a refusal was a wrong guess: a wrong PIN or token, or hammering an invitation
/// locked by them. Those stay counted against the client and the server.
fn is_wrong_guess(refusal: &ApiError) -> bool {
    matches!(
        refusal,
        ApiError::Domain(DomainError::WrongToken | DomainError::TooManyAttempts { .. })
    )
}

/// The answer to a redemption that did not go through: a locked invitation says when to try
/// again.
fn refused(refusal: ApiError, now: baton_core::Timestamp) -> ApiError {
    match refusal {
        ApiError::Domain(DomainError::TooManyAttempts { until }) => ApiError::RateLimited {
            retry_after_seconds: now.seconds_until(until),
        },
        other => other,
    }
}
