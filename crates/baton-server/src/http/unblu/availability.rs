//! `availability/getAgentAvailability`: whether a request would be answered now, for one
//! agent (`userId`) or for an account (any of its agents).
//!
//! One agent's availability (`userId`) is answered to those who may see the agent in the
//! directory only. For an account, Unblu lets anonymous callers ask (they name their account
//! with an API key, which Baton does not have): without `userId` Baton answers for the
//! caller's own account, or for
//! anonymous callers and the web API administrator, the account visitors sign in to
//! (`[server] visitor_account`, the demo bank with `--demo`). The `locale`,
//! `namedAreaSiteId`, `apiKey` and `ignoreAgentAvailabilityOverride` parameters are
//! accepted and ignored: Baton has no queue filters or availability override.

use baton_api::operation::v4;
use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use baton_api::wire::person::AgentAvailabilityStateData;
use baton_core::directory::PresenceState;
use baton_core::id::PersonId;
use baton_core::{DomainError, access};
use serde::Deserialize;

use super::authenticator::visitor_account;
use crate::http::App;
use crate::http::caller::Caller;
use crate::http::error::ApiError;
use crate::http::extract::QueryParams;
use crate::http::routes::Routes;

pub(super) fn routes() -> Routes {
    Routes::new().operation(
        &v4::AVAILABILITY_GET_AGENT_AVAILABILITY,
        get_agent_availability,
    )
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct AvailabilityParams {
    user_id: Option<String>,
}

/// `GET availability/getAgentAvailability[?userId=]`: the agent's presence, or the best
/// presence among the account's agents (AVAILABLE when one is online, BUSY when one is away,
/// UNAVAILABLE otherwise).
async fn get_agent_availability(
    State(app): State<Arc<App>>,
    caller: Caller,
    QueryParams(params): QueryParams<AvailabilityParams>,
) -> Result<Json<AgentAvailabilityStateData>, ApiError> {
    if let Some(user) = params.user_id {
        let user = PersonId::new(user);
        // One agent's presence is for whoever may see them in the directory; to anyone else
        // (anonymous callers, visitors, another bank) the agent does not exist.
        return app
            .runtime
            .read(|s| {
                s.directory
                    .agent(&user)
                    .filter(|agent| access::can_view_person(s, &caller.actor, agent))
                    .map(|agent| agent.presence)
            })
            .map(|presence| Json(presence.into()))
            .ok_or(ApiError::Domain(DomainError::UnknownPerson(user)));
    }
    let own = caller.actor.person().and_then(|id| {
        app.runtime
            .read(|s| s.directory.person(id).map(|p| p.account.clone()))
    });
    let account = own.or_else(|| visitor_account(&app)).ok_or_else(|| {
        ApiError::Malformed("name a userId: no account is configured for visitors".into())
    })?;
    // Presence states order Online < Away < Offline: the least is the best.
    let best = app.runtime.read(|s| {
        s.directory
            .persons
            .values()
            .filter(|p| p.is_agent() && p.account == account)
            .map(|p| p.presence)
            .min()
    });
    Ok(Json(best.unwrap_or(PresenceState::Offline).into()))
}
