//! `GET /baton/v1/queue`: the signed-in agent's queue, every open request, forwarding or
//! invitation addressed to them, their team (or a parent team), their organisation's queue,
//! or to them as a notified deputy (`access::has_in_queue`), oldest first.
//!
//! The answers shown per item are those the queue offers: a deputy of a delegated request
//! gets `com.unblu.queue.ui.deputyDelegationAvailableNotificationActions`, everyone else
//! ACCEPT and DECLINE. Whether an answer is accepted is still the domain's decision.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use baton_api::wire::baton::BatonQueueItem;
use baton_core::access;
use baton_core::command::ResponseChannel;
use baton_core::id::PersonId;
use baton_core::invitation::{Invitation, InvitationState};
use baton_core::{Actor, DomainError, State as DomainState};

use crate::http::App;
use crate::http::caller::Caller;
use crate::http::error::ApiError;

/// The caller's queue; 403 for anyone but an agent.
pub(super) async fn queue(
    State(app): State<Arc<App>>,
    caller: Caller,
) -> Result<Json<Vec<BatonQueueItem>>, ApiError> {
    let Actor::Agent(me) = caller.signed_in()? else {
        return Err(DomainError::NotAllowed("only agents have a queue").into());
    };
    let now = app.clock.now();
    let mut items = app.runtime.read(|state| {
        state
            .invitations
            .values()
            .filter(|i| i.state_at(now) == InvitationState::Open)
            .filter(|i| access::has_in_queue(state, me, i))
            .filter_map(|i| item(state, me, i))
            .collect::<Vec<_>>()
    });
    items.sort_by(|a, b| {
        (a.waiting_since, &a.invitation.id).cmp(&(b.waiting_since, &b.invitation.id))
    });
    Ok(Json(items))
}

fn item(state: &DomainState, me: &PersonId, invitation: &Invitation) -> Option<BatonQueueItem> {
    let conversation = state.conversations.get(&invitation.conversation)?;
    let customer = conversation
        .context_person()
        .and_then(|p| state.directory.person(p))
        .map(|p| p.display_name.clone());
    let actions = invitation
        .offered_responses(&state.config, me, ResponseChannel::Queue)
        .to_vec();
    Some(BatonQueueItem::new(
        me,
        invitation,
        conversation,
        customer,
        actions,
    ))
}
