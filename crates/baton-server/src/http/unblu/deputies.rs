//! `deputyrelationships/*`: an agent's assistants and deputies as Unblu's per-link
//! `DeputyRelationship` entities (`create`, `read`, `delete`, `search`) and as one batch
//! (`writeAgentDeputies`).
//!
//! Baton keeps an agent's deputies as one `DeputyRelationships` value; `create` and `delete`
//! change one link with `EditAgentDeputy`, which the domain decides against the list as it is
//! under the writer, so concurrent edits all land (never read here and written back). An
//! agent editing their own deputies writes as the agent UI does (externally managed levels
//! stay read-only and `deputyRelationshipsMinimalRole` applies); everyone else writes
//! through the web API, which only administrators may. The domain enforces both; nothing
//! here decides who may do what.

use baton_api::operation::v4;
use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use baton_api::wire::deputy::{
    DeputyRelationship, DeputyRelationshipList, DeputyRelationshipOrderByField,
    DeputyRelationshipQuery, DeputyRelationshipResult, WriteAgentDeputyRelationshipsBody,
};
use baton_api::wire::shape::Tag;
use baton_core::command::{DeputyEdit, DeputyWriteSource};
use baton_core::{Actor, Command, access};

use super::wire_name;
use crate::http::App;
use crate::http::caller::Caller;
use crate::http::error::ApiError;
use crate::http::extract::PathParams;
use crate::http::json::Body;
use crate::http::routes::Routes;
use baton_api::wire::query::{Page, SortKey, sort_by_criteria};

pub(super) fn routes() -> Routes {
    Routes::new()
        .operation(&v4::DEPUTY_RELATIONSHIPS_CREATE, create)
        .operation(&v4::DEPUTY_RELATIONSHIPS_READ, read)
        .operation(&v4::DEPUTY_RELATIONSHIPS_DELETE, remove)
        .operation(&v4::DEPUTY_RELATIONSHIPS_SEARCH, search)
        .operation(
            &v4::DEPUTY_RELATIONSHIPS_WRITE_AGENT_DEPUTIES,
            write_agent_deputies,
        )
}

/// Every link of the agents whose deputies `actor` may see, with their account.
fn visible_links(state: &baton_core::State, actor: &Actor) -> Vec<DeputyRelationship> {
    state
        .deputies
        .iter()
        .filter_map(|(agent, relationships)| {
            let owner = state.directory.person(agent)?;
            access::can_view_deputies(state, actor, owner).then(|| {
                DeputyRelationshipList::of_agent(agent, relationships)
                    .items
                    .into_iter()
                    .map(|link| DeputyRelationship {
                        account_id: Some(owner.account.clone()),
                        ..link
                    })
            })
        })
        .flatten()
        .collect()
}

/// The link with this id, if `actor` may see it.
fn visible_link(
    state: &baton_core::State,
    actor: &Actor,
    id: &str,
) -> Result<DeputyRelationship, ApiError> {
    visible_links(state, actor)
        .into_iter()
        .find(|link| link.id.as_deref() == Some(id))
        .ok_or_else(|| ApiError::NotFound(format!("no deputy relationship {id}")))
}

/// `POST deputyrelationships/create`: adds one deputy on one level (the id is ignored).
async fn create(
    State(app): State<Arc<App>>,
    caller: Caller,
    Body(body): Body<DeputyRelationship>,
) -> Result<Json<DeputyRelationship>, ApiError> {
    let actor = caller.signed_in()?;
    let agent = body.agent_user_id.clone();
    let deputy = body.deputy();
    let command = Command::EditAgentDeputy {
        source: DeputyWriteSource::of(actor, &agent),
        agent: agent.clone(),
        level: body.escalation_level,
        deputy: deputy.clone(),
        edit: DeputyEdit::Add,
    };
    app.execute(actor, command).await?;
    let account = app
        .runtime
        .read(|s| s.directory.person(&agent).map(|p| p.account.clone()));
    Ok(Json(DeputyRelationship {
        account_id: account,
        ..DeputyRelationship::new(&agent, body.escalation_level, &deputy)
    }))
}

/// `GET deputyrelationships/{id}/read`.
async fn read(
    State(app): State<Arc<App>>,
    caller: Caller,
    PathParams(id): PathParams<String>,
) -> Result<Json<DeputyRelationship>, ApiError> {
    let actor = caller.signed_in()?;
    app.runtime.read(|s| visible_link(s, actor, &id)).map(Json)
}

/// `DELETE deputyrelationships/{id}/delete`: removes one deputy from one level.
async fn remove(
    State(app): State<Arc<App>>,
    caller: Caller,
    PathParams(id): PathParams<String>,
) -> Result<StatusCode, ApiError> {
    let actor = caller.signed_in()?;
    let link = app.runtime.read(|s| visible_link(s, actor, &id))?;
    let command = Command::EditAgentDeputy {
        source: DeputyWriteSource::of(actor, &link.agent_user_id),
        deputy: link.deputy(),
        level: link.escalation_level,
        agent: link.agent_user_id,
        edit: DeputyEdit::Remove,
    };
    app.execute(actor, command).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST deputyrelationships/search`: the links the caller may see (administrators: their
/// organisations' agents; an agent: their own) that pass every filter.
async fn search(
    State(app): State<Arc<App>>,
    caller: Caller,
    Body(query): Body<DeputyRelationshipQuery>,
) -> Result<Json<DeputyRelationshipResult>, ApiError> {
    let actor = caller.signed_in()?;
    let mut links: Vec<DeputyRelationship> = app
        .runtime
        .read(|s| visible_links(s, actor))
        .into_iter()
        .filter(|link| query.matches(link))
        .collect();
    let criteria: Vec<_> = query.order_by.iter().map(|o| (o.field, o.order)).collect();
    sort_by_criteria(&mut links, &criteria, |link, field| {
        SortKey::Text(match field {
            DeputyRelationshipOrderByField::Id => link.id.clone(),
            DeputyRelationshipOrderByField::AgentUserId => Some(link.agent_user_id.to_string()),
            DeputyRelationshipOrderByField::DeputyType => wire_name(&link.deputy_type),
            DeputyRelationshipOrderByField::DeputyId => Some(link.deputy_id.clone()),
            // Level names sort in level order (ASSISTANTS, LEVEL_1, LEVEL_2, LEVEL_3).
            DeputyRelationshipOrderByField::EscalationLevel => wire_name(&link.escalation_level),
            DeputyRelationshipOrderByField::CreationTimestamp
            | DeputyRelationshipOrderByField::ModificationTimestamp => None,
        })
    });
    let found = Page::of(links, query.offset, query.limit);
    Ok(Json(DeputyRelationshipResult {
        kind: Tag::new(),
        has_more_items: found.has_more_items,
        next_offset: found.next_offset,
        items: found.items,
    }))
}

/// `POST deputyrelationships/writeAgentDeputies`: replaces all of an agent's deputies (204).
async fn write_agent_deputies(
    State(app): State<Arc<App>>,
    caller: Caller,
    Body(body): Body<WriteAgentDeputyRelationshipsBody>,
) -> Result<StatusCode, ApiError> {
    let actor = caller.signed_in()?;
    let source = DeputyWriteSource::of(actor, &body.agent_user_id);
    app.execute(actor, body.into_command(source)).await?;
    Ok(StatusCode::NO_CONTENT)
}
