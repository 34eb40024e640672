//! Baton's own endpoints under `/baton/v1`, for what Unblu's web API lacks: messages, the
//! deputy prompt, answers to delegated requests, PIN and link redemption, unassigning, the
//! agent's queue, what their deputies editor may change, the SSE event feed, the widget's
//! texts, and the administrator's view of outgoing deliveries. Bodies are `baton-api`'s `wire::baton` types.
//!
//! Like every handler, these only authenticate, build a `Command` and shape the answer; reads
//! check visibility with `baton_core::access` and answer 404 for what the caller may not see.
//! No domain rule lives here.

mod deliveries;
mod deputies;
mod events;
mod messages;
mod participants;
mod prompt;
mod queue;
mod redeem;
mod responses;
mod sessions;
mod texts;
mod unassign;

use std::sync::Arc;

use axum::Router;
use axum::routing::{get, post};
use baton_core::id::ConversationId;
use baton_core::{Actor, DomainError, State};

use super::App;
use super::error::ApiError;

pub(super) fn routes() -> Router<Arc<App>> {
    Router::new()
        .route(
            "/conversations/{id}/messages",
            get(messages::list).post(messages::post),
        )
        .route("/conversations/{id}/participants", get(participants::list))
        .route(
            "/conversations/{id}/prompt",
            get(prompt::open).post(prompt::answer),
        )
        .route("/conversations/{id}/unassign", post(unassign::unassign))
        .route("/invitations/{id}/respond", post(responses::respond))
        .route("/redeem/pin", post(redeem::pin))
        .route("/redeem/link", post(redeem::link))
        .route("/queue", get(queue::queue))
        .route("/deputies/settings", get(deputies::settings))
        .route("/events", get(events::stream))
        .route("/sessions/revokeAll", post(sessions::revoke_all))
        .route("/texts", get(texts::texts))
        .route("/admin/deliveries", get(deliveries::list))
        .route("/admin/deliveries/{id}/retry", post(deliveries::retry))
}

/// The raw value of the query parameter `name`, if given: for values that need no
/// percent-decoding (ids, locale tags), read without a rejection that is not Unblu's error
/// body.
pub(super) fn query_parameter<'a>(query: Option<&'a str>, name: &str) -> Option<&'a str> {
    query?
        .split('&')
        .find_map(|pair| pair.strip_prefix(name)?.strip_prefix('='))
}

/// Answers 404 unless `actor` may see conversation `id` (an unknown id reads the same, so
/// nobody learns which conversations exist).
pub(super) fn ensure_visible(
    state: &State,
    actor: &Actor,
    id: &ConversationId,
) -> Result<(), ApiError> {
    state
        .conversations
        .get(id)
        .filter(|c| baton_core::access::can_view(state, actor, c))
        .map(|_| ())
        .ok_or_else(|| DomainError::UnknownConversation(id.clone()).into())
}
