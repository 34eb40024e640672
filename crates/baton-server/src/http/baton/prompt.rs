//! The visitor's "Invite a deputy?" prompt: `GET /baton/v1/conversations/{id}/prompt` (the
//! open prompt with its texts in the caller's locale, or 204) and `POST` of the same path
//! (the answer; accepting starts the deputy delegation, which the domain decides).
//!
//! When a prompt is offered, who may answer it and what an answer starts are the domain's
//! rules (`prompt::evaluate`, `decide`); none of them is repeated here.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use baton_api::wire::baton::{BatonPrompt, BatonPromptAnswer};
use baton_core::id::{ConversationId, InvitationId};

use super::ensure_visible;
use crate::http::App;
use crate::http::caller::Caller;
use crate::http::error::ApiError;
use crate::http::extract::PathParams;
use crate::http::json::Body;
use crate::secrets;

/// The open prompt, or 204 when none waits for an answer (none was offered, it was answered,
/// or its time ran out); 404 if the caller may not see the conversation.
pub(super) async fn open(
    State(app): State<Arc<App>>,
    PathParams(id): PathParams<String>,
    caller: Caller,
) -> Result<Response, ApiError> {
    let actor = caller.signed_in()?;
    let id = ConversationId::new(&id);
    let now = app.clock.now();
    let texts = &app.settings.properties.texts;
    let prompt = app.runtime.read(|state| {
        ensure_visible(state, actor, &id)?;
        Ok::<_, ApiError>(
            state
                .conversations
                .get(&id)
                .and_then(|c| c.prompt.open.as_ref())
                .filter(|p| now < p.expires_at)
                .map(|p| BatonPrompt::new(&id, p, texts, &caller.locale)),
        )
    })?;
    Ok(match prompt {
        Some(prompt) => Json(prompt).into_response(),
        None => StatusCode::NO_CONTENT.into_response(),
    })
}

/// Answers the prompt; 204. Accepting creates a deputy invitation the visitor never sees.
pub(super) async fn answer(
    State(app): State<Arc<App>>,
    PathParams(id): PathParams<String>,
    caller: Caller,
    Body(body): Body<BatonPromptAnswer>,
) -> Result<StatusCode, ApiError> {
    let actor = caller.signed_in()?;
    let invitation = InvitationId::new(secrets::id("inv"));
    app.execute(
        actor,
        body.into_command(ConversationId::new(&id), invitation),
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}
