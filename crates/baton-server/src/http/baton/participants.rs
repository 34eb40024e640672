//! `GET /baton/v1/conversations/{id}/participants`: who is in the conversation, with the
//! names others see, for the widget's "who is present" and "a deputy has joined". Which
//! participants a caller sees is `BatonParticipant::visible_to`'s decision (visitors: never
//! hidden ones); 404 for a conversation the caller may not see.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use baton_api::wire::baton::BatonParticipant;
use baton_core::DomainError;
use baton_core::id::ConversationId;

use crate::http::App;
use crate::http::caller::Caller;
use crate::http::error::ApiError;
use crate::http::extract::PathParams;

/// The active participants the caller may see, in joining order.
pub(super) async fn list(
    State(app): State<Arc<App>>,
    PathParams(id): PathParams<String>,
    caller: Caller,
) -> Result<Json<Vec<BatonParticipant>>, ApiError> {
    let actor = caller.signed_in()?;
    let id = ConversationId::new(&id);
    app.runtime
        .read(|state| BatonParticipant::visible_to(state, actor, &id))
        .map(Json)
        .ok_or_else(|| DomainError::UnknownConversation(id).into())
}
