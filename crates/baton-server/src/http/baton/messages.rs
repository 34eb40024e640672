//! `POST /baton/v1/conversations/{id}/messages` (write; a visitor's message may offer the
//! deputy prompt, which the domain decides) and `GET` of the same path (the messages the
//! caller may read, from the event log, with the conversation events shown among them:
//! joined, left, a level's deputies asked, the prompt declined or expired, as `SYSTEM`
//! entries).
//!
//! Which messages a reader sees is `access::event_view`'s decision (visitors: everyone's
//! messages only, never agent-only forwarding comments); nothing is filtered here by hand.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use baton_api::wire::baton::{BatonMessage, BatonPostMessageBody};
use baton_core::access;
use baton_core::event::Event;
use baton_core::id::{ConversationId, MessageId};

use super::ensure_visible;
use crate::http::App;
use crate::http::caller::Caller;
use crate::http::error::ApiError;
use crate::http::extract::PathParams;
use crate::http::json::Body;
use crate::secrets;

/// The events the list shows: messages, and the conversation events shown among them
/// (`BatonMessage::from_conversation_event`).
const TIMELINE: [&str; 6] = [
    "MessagePosted",
    "ParticipantAdded",
    "ParticipantOffboarded",
    "DeputiesNotified",
    "DeputyPromptAnswered",
    "DeputyPromptCancelled",
];

/// Posts a message as the caller; 201 with the message as the caller reads it.
pub(super) async fn post(
    State(app): State<Arc<App>>,
    PathParams(id): PathParams<String>,
    caller: Caller,
    Body(body): Body<BatonPostMessageBody>,
) -> Result<(StatusCode, Json<BatonMessage>), ApiError> {
    let actor = caller.signed_in()?;
    let message = MessageId::new(secrets::id("msg"));
    let recorded = app
        .execute(
            actor,
            body.into_command(ConversationId::new(&id), message.clone()),
        )
        .await?;
    let texts = &app.settings.properties.texts;
    recorded
        .iter()
        .find(|r| matches!(&r.event, Event::MessagePosted { message: m, .. } if *m == message))
        .and_then(|r| BatonMessage::from_event(&r.event, texts, &caller.locale))
        .map(|m| app.runtime.read(|state| m.named(state)))
        .map(|m| (StatusCode::CREATED, Json(m)))
        .ok_or_else(|| ApiError::Internal("the posted message was not recorded".into()))
}

/// The conversation's messages the caller may read, oldest first; 404 if they may not see
/// the conversation.
pub(super) async fn list(
    State(app): State<Arc<App>>,
    PathParams(id): PathParams<String>,
    caller: Caller,
) -> Result<Json<Vec<BatonMessage>>, ApiError> {
    let actor = caller.signed_in()?;
    let id = ConversationId::new(&id);
    app.runtime
        .read(|state| ensure_visible(state, actor, &id))?;
    let recorded = app
        .runtime
        .store()
        .conversation_events(id.as_str(), &TIMELINE)
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    let texts = &app.settings.properties.texts;
    let locale = &caller.locale;
    let messages = app.runtime.read(|state| {
        recorded
            .iter()
            .filter_map(|r| Some((r, access::event_view(state, actor, &r.event)?)))
            .filter_map(|(r, event)| {
                let message = BatonMessage::from_event(&event, texts, locale);
                message.map(|m| m.named(state)).or_else(|| {
                    BatonMessage::from_conversation_event(
                        state,
                        &event,
                        r.seq,
                        r.recorded_at,
                        actor.person(),
                        texts,
                        locale,
                    )
                })
            })
            .collect()
    });
    Ok(Json(messages))
}
