//! Baton's own endpoints under `/baton/v1`, for what Unblu's web API lacks: messages, the
//! deputy prompt, answers to delegated requests, PIN and link redemption, unassigning, the
//! agent's queue, what their deputies editor may change, the SSE event feed, the widget's
//! texts, web push (the VAPID key, agents' devices, notification answers), the hand-off
//! history and its archive export, and the administrator's view of outgoing deliveries.
//! Bodies are `baton-api`'s `wire::baton` types.
//!
//! Like every handler, these only authenticate, build a `Command` and shape the answer; reads
//! check visibility with `baton_core::access` and answer 404 for what the caller may not see.
//! No domain rule lives here.

mod deliveries;
mod deputies;
mod events;
mod history;
mod messages;
mod participants;
mod prompt;
mod push;
mod queue;
mod redeem;
mod responses;
mod sessions;
mod texts;
mod unassign;

use baton_api::operation::baton;
use baton_core::id::ConversationId;
use baton_core::{Actor, DomainError, State};

use super::error::ApiError;
use crate::http::routes::Routes;

pub(super) fn routes() -> Routes {
    Routes::new()
        .operation(&baton::MESSAGES_LIST, messages::list)
        .operation(&baton::MESSAGES_POST, messages::post)
        .operation(&baton::PARTICIPANTS_LIST, participants::list)
        .operation(&baton::HISTORY, history::list)
        .operation(&baton::AUDIT_HANDOFFS, history::archive)
        .operation(&baton::PROMPT_READ, prompt::open)
        .operation(&baton::PROMPT_ANSWER, prompt::answer)
        .operation(&baton::UNASSIGN, unassign::unassign)
        .operation(&baton::DELEGATION_RESPOND, responses::respond)
        .operation(&baton::REDEEM_PIN, redeem::pin)
        .operation(&baton::REDEEM_LINK, redeem::link)
        .operation(&baton::QUEUE, queue::queue)
        .operation(&baton::DEPUTY_SETTINGS, deputies::settings)
        .operation(&baton::EVENTS, events::stream)
        .operation(&baton::SESSIONS_REVOKE_ALL, sessions::revoke_all)
        .operation(&baton::TEXTS, texts::texts)
        .operation(&baton::PUSH_VAPID_PUBLIC_KEY, push::vapid_public_key)
        .operation(&baton::PUSH_SUBSCRIPTIONS_LIST, push::list)
        .operation(&baton::PUSH_SUBSCRIBE, push::subscribe)
        .operation(&baton::PUSH_UNSUBSCRIBE, push::unsubscribe)
        .operation(&baton::PUSH_TEST, push::test)
        .operation(&baton::PUSH_ANSWER, push::answer)
        .operation(&baton::DELIVERIES_LIST, deliveries::list)
        .operation(&baton::DELIVERY_RETRY, deliveries::retry)
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
