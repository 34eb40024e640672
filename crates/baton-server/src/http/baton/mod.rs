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

use baton_core::id::ConversationId;
use baton_core::{Actor, DomainError, State};

use super::error::ApiError;
use crate::http::routes::Routes;

pub(super) fn routes() -> Routes {
    Routes::new()
        .get("/conversations/{id}/messages", messages::list)
        .post("/conversations/{id}/messages", messages::post)
        .get("/conversations/{id}/participants", participants::list)
        .get("/conversations/{id}/prompt", prompt::open)
        .post("/conversations/{id}/prompt", prompt::answer)
        .post("/conversations/{id}/unassign", unassign::unassign)
        .post("/invitations/{id}/respond", responses::respond)
        .post("/redeem/pin", redeem::pin)
        .post("/redeem/link", redeem::link)
        .get("/queue", queue::queue)
        .get("/deputies/settings", deputies::settings)
        .get("/events", events::stream)
        .post("/sessions/revokeAll", sessions::revoke_all)
        .get("/texts", texts::texts)
        .get("/admin/deliveries", deliveries::list)
        .post("/admin/deliveries/{id}/retry", deliveries::retry)
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
