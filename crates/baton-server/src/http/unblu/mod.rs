//! Unblu's web API v4, nested under `/app/rest/v4`: one module per Unblu service, each with
//! the paths, bodies and answers of Unblu's spec, and the few extraction and paging helpers
//! they share.
//!
//! Which caller may see or change what is decided by `baton-core` (`decide` and
//! `baton_core::access`), never here.

mod authenticator;
mod availability;
mod conversations;
mod deputies;
mod invitations;
mod persons;
mod teams;
mod users;
mod webhooks;

use std::sync::Arc;

use axum::Router;
use axum::extract::{FromRequestParts, Path, Query};
use axum::http::request::Parts;
use baton_core::id::AccountId;
use baton_core::{Actor, State, access};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::App;
use super::error::ApiError;

pub(super) use authenticator::baton_routes;

/// Every Unblu service Baton offers, relative to `/app/rest/v4`.
pub(super) fn routes() -> Router<Arc<App>> {
    Router::new()
        .merge(authenticator::routes())
        .merge(availability::routes())
        .merge(conversations::routes())
        .merge(deputies::routes())
        .merge(invitations::routes())
        .merge(persons::routes())
        .merge(teams::routes())
        .merge(users::routes())
        .merge(webhooks::routes())
}

/// The one path parameter of a route (an entity id), refused with Unblu's error body when it
/// cannot be read.
struct Id(String);

impl<S: Send + Sync> FromRequestParts<S> for Id {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Path::<String>::from_request_parts(parts, state)
            .await
            .map(|Path(id)| Id(id))
            .map_err(|rejection| ApiError::Malformed(rejection.body_text()))
    }
}

/// Query parameters, refused with Unblu's error body when they do not parse.
struct Params<T>(T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for Params<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Query::<T>::from_request_parts(parts, state)
            .await
            .map(|Query(params)| Params(params))
            .map_err(|rejection| ApiError::Malformed(rejection.body_text()))
    }
}

/// The account of the acting agent, which Unblu fills in when a created entity names none.
fn own_account(state: &State, actor: &Actor) -> Option<AccountId> {
    access::acting_agent(state, actor).map(|agent| agent.account.clone())
}

/// The wire name of an enum value (`"AGENT"`), to sort by.
fn wire_name<T: Serialize>(value: &T) -> Option<String> {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
}
