//! `persons/*`: Unblu's `PersonData` (`read`, `search`) and `setAway`, which sets a
//! person's presence to AWAY or back to ONLINE.
//!
//! Who may see a person is `access::can_view_person`; who may change a presence is the
//! domain's `SetPresence` rule (the person themselves or an administrator). A person the
//! caller may not see answers 404.

use baton_api::operation::v4;
use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use baton_api::wire::person::{
    AgentPersonStateData, PersonData, PersonOrderByField, PersonQuery, PersonResult,
    PersonsSetAwayBody,
};
use baton_api::wire::shape::Tag;
use baton_core::id::PersonId;
use baton_core::{DomainError, access};

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
        .operation(&v4::PERSONS_READ, read)
        .operation(&v4::PERSONS_SEARCH, search)
        .operation(&v4::PERSONS_SET_AWAY, set_away)
}

/// `GET persons/{personId}/read`.
async fn read(
    State(app): State<Arc<App>>,
    caller: Caller,
    PathParams(id): PathParams<String>,
) -> Result<Json<PersonData>, ApiError> {
    let actor = caller.signed_in()?;
    let id = PersonId::new(id);
    app.runtime
        .read(|s| {
            s.directory
                .person(&id)
                .filter(|p| access::can_view_person(s, actor, p))
                .map(PersonData::from)
        })
        .map(Json)
        .ok_or(ApiError::Domain(DomainError::UnknownPerson(id)))
}

/// `POST persons/search`: the persons the caller may see that pass every filter.
async fn search(
    State(app): State<Arc<App>>,
    caller: Caller,
    Body(query): Body<PersonQuery>,
) -> Result<Json<PersonResult>, ApiError> {
    let actor = caller.signed_in()?;
    let mut persons: Vec<PersonData> = app.runtime.read(|s| {
        s.directory
            .persons
            .values()
            .filter(|p| query.matches(p) && access::can_view_person(s, actor, p))
            .map(PersonData::from)
            .collect()
    });
    let criteria: Vec<_> = query.order_by.iter().map(|o| (o.field, o.order)).collect();
    sort_by_criteria(&mut persons, &criteria, |person, field| {
        SortKey::Text(match field {
            PersonOrderByField::Id => Some(person.id.to_string()),
            PersonOrderByField::Username => person.username.clone(),
            PersonOrderByField::PersonType => person.person_type.as_ref().and_then(wire_name),
            PersonOrderByField::AuthorizationRole => {
                person.authorization_role.as_ref().and_then(wire_name)
            }
            PersonOrderByField::Email => person.email.clone(),
            PersonOrderByField::TeamId => person.team_id.as_ref().map(ToString::to_string),
            PersonOrderByField::FirstName => person.first_name.clone(),
            PersonOrderByField::LastName => person.last_name.clone(),
            PersonOrderByField::Nickname => person.nickname.clone(),
            PersonOrderByField::Phone => person.phone.clone(),
            PersonOrderByField::PersonSource
            | PersonOrderByField::SourceId
            | PersonOrderByField::SourceData => None,
        })
    });
    let found = Page::of(persons, query.offset, query.limit);
    Ok(Json(PersonResult {
        kind: Tag::new(),
        has_more_items: found.has_more_items,
        next_offset: found.next_offset,
        items: found.items,
    }))
}

/// `POST persons/{personId}/setAway` `{"away": bool}`: AWAY or ONLINE.
async fn set_away(
    State(app): State<Arc<App>>,
    caller: Caller,
    PathParams(id): PathParams<String>,
    Body(body): Body<PersonsSetAwayBody>,
) -> Result<Json<AgentPersonStateData>, ApiError> {
    let actor = caller.signed_in()?;
    let id = PersonId::new(id);
    app.execute(actor, body.into_command(id.clone())).await?;
    app.runtime
        .read(|s| s.directory.person(&id).map(AgentPersonStateData::from))
        .map(Json)
        .ok_or(ApiError::Domain(DomainError::UnknownPerson(id)))
}
