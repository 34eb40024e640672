//! `teams/*`: Unblu's `Team` (`create`, `read`, `search`, `getChildTeams`).
//!
//! Baton keeps a team's id, account, name and parent; a `description` sent on create is not
//! kept. Who may create a team or see one is the domain's decision (`CreateTeam`,
//! `access::can_view_team`); a team the caller may not see answers 404.

use baton_api::operation::v4;
use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use baton_api::wire::person::{Team, TeamList, TeamOrderByField, TeamQuery, TeamResult};
use baton_api::wire::shape::Tag;
use baton_core::id::TeamId;
use baton_core::{Actor, Command, DomainError, access, directory};

use super::own_account;
use crate::http::App;
use crate::http::caller::Caller;
use crate::http::error::ApiError;
use crate::http::extract::PathParams;
use crate::http::json::Body;
use crate::http::routes::Routes;
use crate::secrets;
use baton_api::wire::query::{Page, SortKey, sort_by_criteria};

pub(super) fn routes() -> Routes {
    Routes::new()
        .operation(&v4::TEAMS_CREATE, create)
        .operation(&v4::TEAMS_READ, read)
        .operation(&v4::TEAMS_SEARCH, search)
        .operation(&v4::TEAMS_GET_CHILD_TEAMS, child_teams)
}

/// The team with this id if `actor` may see it; 404 otherwise.
fn visible_team<'a>(
    state: &'a baton_core::State,
    actor: &Actor,
    id: &TeamId,
) -> Result<&'a directory::Team, ApiError> {
    state
        .directory
        .team(id)
        .filter(|team| access::can_view_team(state, actor, team))
        .ok_or_else(|| ApiError::Domain(DomainError::UnknownTeam(id.clone())))
}

/// `POST teams/create` (the id is ignored; the account defaults to the acting agent's).
async fn create(
    State(app): State<Arc<App>>,
    caller: Caller,
    Body(body): Body<Team>,
) -> Result<Json<Team>, ApiError> {
    let actor = caller.signed_in()?;
    let account = match body.account_id {
        Some(account) => account,
        None => app.runtime.read(|s| own_account(s, actor)).ok_or_else(|| {
            ApiError::Malformed("accountId is required for the web API administrator".into())
        })?,
    };
    let id = TeamId::new(secrets::id("team"));
    let command = Command::CreateTeam {
        id: id.clone(),
        account,
        name: body.name,
        parent: body.parent_id,
    };
    app.execute(actor, command).await?;
    app.runtime
        .read(|s| s.directory.team(&id).map(Team::from))
        .map(Json)
        .ok_or(ApiError::Domain(DomainError::UnknownTeam(id)))
}

/// `GET teams/{teamId}/read`.
async fn read(
    State(app): State<Arc<App>>,
    caller: Caller,
    PathParams(id): PathParams<String>,
) -> Result<Json<Team>, ApiError> {
    let actor = caller.signed_in()?;
    app.runtime
        .read(|s| visible_team(s, actor, &TeamId::new(id)).map(Team::from))
        .map(Json)
}

/// `POST teams/search`: the teams the caller may see that pass every filter.
async fn search(
    State(app): State<Arc<App>>,
    caller: Caller,
    Body(query): Body<TeamQuery>,
) -> Result<Json<TeamResult>, ApiError> {
    let actor = caller.signed_in()?;
    let mut teams: Vec<Team> = app.runtime.read(|s| {
        s.directory
            .teams
            .values()
            .filter(|t| access::can_view_team(s, actor, t) && query.matches(t))
            .map(Team::from)
            .collect()
    });
    let criteria: Vec<_> = query.order_by.iter().map(|o| (o.field, o.order)).collect();
    sort_by_criteria(&mut teams, &criteria, |team, field| {
        SortKey::Text(match field {
            TeamOrderByField::Id => team.id.as_ref().map(ToString::to_string),
            TeamOrderByField::Name => Some(team.name.clone()),
            TeamOrderByField::ParentId => team.parent_id.as_ref().map(ToString::to_string),
            TeamOrderByField::Description
            | TeamOrderByField::CreationTimestamp
            | TeamOrderByField::ModificationTimestamp => None,
        })
    });
    let found = Page::of(teams, query.offset, query.limit);
    Ok(Json(TeamResult {
        kind: Tag::new(),
        has_more_items: found.has_more_items,
        next_offset: found.next_offset,
        items: found.items,
    }))
}

/// `GET teams/{teamId}/getChildTeams`: every team below the team, children of children too.
async fn child_teams(
    State(app): State<Arc<App>>,
    caller: Caller,
    PathParams(id): PathParams<String>,
) -> Result<Json<TeamList>, ApiError> {
    let actor = caller.signed_in()?;
    let id = TeamId::new(id);
    app.runtime.read(|s| {
        visible_team(s, actor, &id)?;
        let items = s
            .directory
            .teams
            .values()
            .filter(|t| t.id != id && s.directory.team_with_ancestors(&t.id).contains(&id))
            .filter(|t| access::can_view_team(s, actor, t))
            .map(Team::from)
            .collect();
        Ok(Json(TeamList {
            kind: Tag::new(),
            items,
        }))
    })
}
