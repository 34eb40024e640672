//! Web push under `/baton/v1/push`: the VAPID public key (public), the signed-in agent's
//! devices (list, add, remove, test; only their own: another agent's device answers 404), and
//! a notification action's answer, authorised by its single-use token alone (the service
//! worker sends it without cookies, so no session and no CSRF token are involved).
//!
//! What a push says and when is `notices`'s and the push outbox's; what an answer does is the
//! domain's `RespondToInvitation` through the push channel.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use baton_api::wire::invitation::ConversationInvitationData;
use baton_api::wire::push::{
    BatonPushAnswerBody, BatonPushSubscription, BatonPushSubscriptionBody, BatonVapidPublicKey,
};
use baton_core::command::ResponseChannel;
use baton_core::id::PersonId;
use baton_core::{Actor, Command, DomainError};

use crate::http::App;
use crate::http::caller::Caller;
use crate::http::error::ApiError;
use crate::http::extract::PathParams;
use crate::http::json::Body;
use crate::outbox::Channel;

/// The agent asking; visitors and the administrator have no devices here.
fn agent(caller: &Caller) -> Result<&PersonId, ApiError> {
    match caller.signed_in()? {
        Actor::Agent(person) => Ok(person),
        _ => Err(DomainError::NotAllowed("only agents receive web push").into()),
    }
}

fn not_found(id: &str) -> ApiError {
    ApiError::NotFound(format!("no device {id}"))
}

/// The key browsers subscribe with.
pub(super) async fn vapid_public_key(State(app): State<Arc<App>>) -> Json<BatonVapidPublicKey> {
    Json(BatonVapidPublicKey {
        public_key: app.vapid.public_key().to_owned(),
    })
}

/// The caller's devices, newest first.
pub(super) async fn list(
    State(app): State<Arc<App>>,
    caller: Caller,
) -> Result<Json<Vec<BatonPushSubscription>>, ApiError> {
    let person = agent(&caller)?;
    let devices = app.push.subscriptions().of(person).await?;
    Ok(Json(devices.iter().map(Into::into).collect()))
}

/// Adds the caller's device; 201 with it.
pub(super) async fn subscribe(
    State(app): State<Arc<App>>,
    caller: Caller,
    Body(body): Body<BatonPushSubscriptionBody>,
) -> Result<(StatusCode, Json<BatonPushSubscription>), ApiError> {
    let person = agent(&caller)?;
    let device = app
        .push
        .subscriptions()
        .add(person, &body, app.clock.now())
        .await?;
    Ok((StatusCode::CREATED, Json((&device).into())))
}

/// Removes one of the caller's devices; 204.
pub(super) async fn unsubscribe(
    State(app): State<Arc<App>>,
    PathParams(id): PathParams<String>,
    caller: Caller,
) -> Result<StatusCode, ApiError> {
    let person = agent(&caller)?;
    if app.push.subscriptions().remove(person, &id).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(not_found(&id))
    }
}

/// Queues a test notification for one of the caller's devices; 204.
pub(super) async fn test(
    State(app): State<Arc<App>>,
    PathParams(id): PathParams<String>,
    caller: Caller,
) -> Result<StatusCode, ApiError> {
    let person = agent(&caller)?;
    let device = app
        .push
        .subscriptions()
        .get(&id)
        .await?
        .filter(|d| &d.person == person)
        .ok_or_else(|| not_found(&id))?;
    app.push
        .enqueue_test(&device, &app.settings.properties.texts, app.clock.now())
        .await?;
    app.wakers.wake(Channel::Push);
    Ok(StatusCode::NO_CONTENT)
}

/// Answers the request the token was issued for, as its deputy; 200 with the request as it is
/// now. A token spent, expired, for another action, or for a request that closed meanwhile
/// answers an error and changes nothing.
pub(super) async fn answer(
    State(app): State<Arc<App>>,
    Body(body): Body<BatonPushAnswerBody>,
) -> Result<Json<ConversationInvitationData>, ApiError> {
    let now = app.clock.now();
    let answers = app.push.answers();
    let claimed = answers
        .claim(body.token.expose(), body.response, now)
        .await?;
    let command = Command::RespondToInvitation {
        invitation: claimed.invitation.clone(),
        response: body.response,
        channel: ResponseChannel::PushNotification,
    };
    if let Err(refused) = app
        .execute_at(&Actor::Agent(claimed.person.clone()), command, now)
        .await
    {
        answers.restore(&claimed).await?;
        return Err(refused);
    }
    app.runtime
        .read(|state| {
            state
                .invitations
                .get(&claimed.invitation)
                .map(|i| ConversationInvitationData::from(i).as_seen_at(now))
        })
        .map(Json)
        .ok_or_else(|| DomainError::UnknownInvitation(claimed.invitation.clone()).into())
}
