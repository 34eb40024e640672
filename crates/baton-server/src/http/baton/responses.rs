//! `POST /baton/v1/invitations/{id}/respond`: an agent answers a request, forwarding,
//! invitation or delegated request with ACCEPT, DECLINE, IGNORE or LATER, from the queue or a
//! push notification. Which answers each place offers, and what they do, is the domain's.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use baton_api::wire::baton::BatonDelegationResponseBody;
use baton_api::wire::invitation::ConversationInvitationData;
use baton_core::DomainError;
use baton_core::id::InvitationId;

use crate::http::App;
use crate::http::caller::Caller;
use crate::http::error::ApiError;
use crate::http::extract::PathParams;
use crate::http::json::Body;

/// Records the answer; 200 with the invitation as it is now (never with a token).
pub(super) async fn respond(
    State(app): State<Arc<App>>,
    PathParams(id): PathParams<String>,
    caller: Caller,
    Body(body): Body<BatonDelegationResponseBody>,
) -> Result<Json<ConversationInvitationData>, ApiError> {
    let actor = caller.signed_in()?;
    let id = InvitationId::new(&id);
    app.execute(actor, body.into_command(id.clone())).await?;
    let now = app.clock.now();
    app.runtime
        .read(|state| {
            state
                .invitations
                .get(&id)
                .map(|i| ConversationInvitationData::from(i).as_seen_at(now))
        })
        .map(Json)
        .ok_or_else(|| DomainError::UnknownInvitation(id).into())
}
