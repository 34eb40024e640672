//! `POST /baton/v1/conversations/{id}/unassign` (seed 003, Webio's "Unassign conversation"):
//! the assignee, a supervisor or the parent organisation hands the conversation back to the
//! organisation's other agents. Who may, and what happens, is the domain's `Unassign`.

use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use baton_core::Command;
use baton_core::id::ConversationId;

use crate::http::App;
use crate::http::caller::Caller;
use crate::http::error::ApiError;
use crate::http::extract::PathParams;

/// Unassigns; 204. The caller may lose access (the assignee is offboarded), so the new state
/// reaches those who still see it through the event feed rather than this answer.
pub(super) async fn unassign(
    State(app): State<Arc<App>>,
    PathParams(id): PathParams<String>,
    caller: Caller,
) -> Result<StatusCode, ApiError> {
    let actor = caller.signed_in()?;
    app.execute(
        actor,
        Command::Unassign {
            conversation: ConversationId::new(&id),
        },
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}
