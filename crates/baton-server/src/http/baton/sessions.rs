//! `POST /baton/v1/sessions/revokeAll`: "sign out everywhere". Ends every session of the
//! caller (or, for the web API administrator, of the person named) and every event stream
//! they hold open; the caller's own cookie is cleared in the answer.
//!
//! Sessions themselves are `crate::auth::session`'s; this handler only decides whose.

use std::sync::Arc;

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use baton_api::wire::baton::BatonRevokeSessionsBody;
use baton_core::{Actor, DomainError};

use crate::http::App;
use crate::http::caller::{Caller, session_cookie};
use crate::http::error::ApiError;
use crate::http::json::Body;

/// Ends all sessions of the caller, or of `personId` for the administrator (204). Another
/// person named by anyone else answers like an unknown one.
pub(super) async fn revoke_all(
    State(app): State<Arc<App>>,
    caller: Caller,
    Body(body): Body<BatonRevokeSessionsBody>,
) -> Result<impl IntoResponse, ApiError> {
    let actor = caller.signed_in()?;
    let own = actor.person();
    let person = match (body.person_id, actor) {
        (Some(person), Actor::Admin) => app
            .runtime
            .read(|s| s.directory.person(&person).map(|p| p.id.clone()))
            .ok_or(ApiError::Domain(DomainError::UnknownPerson(person)))?,
        (Some(person), _) if Some(&person) != own => {
            return Err(ApiError::Domain(DomainError::UnknownPerson(person)));
        }
        (_, _) => own.cloned().ok_or_else(|| {
            ApiError::Malformed("name the person whose sessions end (personId)".into())
        })?,
    };
    app.end_sessions_of(&person).await?;
    Ok((
        StatusCode::NO_CONTENT,
        [(header::SET_COOKIE, session_cookie(&app, None)?)],
    ))
}

impl App {
    /// Ends every session of `person`, the event streams they hold open, and their verified
    /// Basic credentials.
    pub async fn end_sessions_of(&self, person: &baton_core::id::PersonId) -> Result<(), ApiError> {
        self.basic_cache.forget(person);
        let ended = self
            .sessions
            .delete_all_of(person)
            .await
            .map_err(|e| ApiError::Internal(e.to_string()))?;
        tracing::info!(%person, sessions = ended, "sessions ended");
        Ok(())
    }
}
