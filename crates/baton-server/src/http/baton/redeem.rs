//! `POST /baton/v1/redeem/pin` and `POST /baton/v1/redeem/link`: a customer enters a PIN or
//! opens an e-mail link and joins the conversation.
//!
//! Besides the domain's per-invitation attempt limit, each client address has its own
//! (`app.limiter`): it is checked before anything else, and wrong PINs or tokens count
//! against it. An anonymous caller becomes a new anonymous visitor, created by the same
//! command that redeems, and gets a session cookie like a sign-in; the session token itself
//! never appears in a body. Which PIN or token opens which invitation, and the per-invitation
//! limit, are the domain's; only the per-client limit, which the domain cannot know, is here.

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
    app.limiter
        .check(&caller.client, now)
        .await
        .map_err(|e| ApiError::limited(e, now))?;
    let command = Command::RedeemToken {
        lookup,
        new_visitor: (caller.actor == Actor::Anonymous).then(anonymous_visitor),
    };
    let recorded = match app.execute_at(&caller.actor, command, now).await {
        Ok(recorded) => recorded,
        Err(ApiError::Domain(error)) => {
            // A wrong PIN or token is a guess; so is hammering an invitation locked by them.
            if matches!(
                error,
                DomainError::WrongToken | DomainError::TooManyAttempts { .. }
            ) {
                app.limiter
                    .record_failure(&caller.client, now)
                    .await
                    .map_err(|e| ApiError::limited(e, now))?;
            }
            return Err(match error {
                DomainError::TooManyAttempts { until } => ApiError::RateLimited {
                    retry_after_seconds: now.seconds_until(until),
                },
                other => other.into(),
            });
        }
        Err(other) => return Err(other),
    };
    app.limiter
        .record_success(&caller.client)
        .await
        .map_err(|e| ApiError::limited(e, now))?;
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
    let (csrf_token, cookie) = match &caller.credentials {
        Credentials::Session { session, .. } => (session.csrf_token.clone(), None),
        Credentials::Basic | Credentials::None => {
            let session = app
                .sessions
                .create(&visitor, now)
                .await
                .map_err(|e| ApiError::Internal(e.to_string()))?;
            let cookie = session_cookie(
                app,
                Some((&session.token, now.seconds_until(session.expires_at))),
            )?;
            (session.csrf_token, Some(cookie))
        }
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
