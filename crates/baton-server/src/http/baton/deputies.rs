//! `GET /baton/v1/deputies/settings`: what the signed-in agent's deputies editor may change
//! (`deputyRelationshipsMinimalRole` against their role, the externally managed levels), so
//! the desk can hide the editor or show a level read-only instead of offering what the
//! domain would refuse. The deputies themselves are Unblu's `deputyrelationships/*`.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use baton_api::wire::baton::BatonDeputySettings;
use baton_core::{Actor, DomainError};

use crate::http::App;
use crate::http::caller::Caller;
use crate::http::error::ApiError;

/// The caller's deputy settings; 403 for anyone but an agent.
pub(super) async fn settings(
    State(app): State<Arc<App>>,
    caller: Caller,
) -> Result<Json<BatonDeputySettings>, ApiError> {
    let Actor::Agent(me) = caller.signed_in()? else {
        return Err(DomainError::NotAllowed("only agents have deputies").into());
    };
    app.runtime
        .read(|state| {
            let role = state.directory.person(me)?.role;
            Some(BatonDeputySettings::new(&state.config, role))
        })
        .map(Json)
        .ok_or_else(|| DomainError::UnknownPerson(me.clone()).into())
}
