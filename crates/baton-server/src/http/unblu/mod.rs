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

use std::cmp::Ordering;
use std::sync::Arc;

use axum::Router;
use axum::extract::{FromRequestParts, Path, Query};
use axum::http::request::Parts;
use baton_api::wire::query::Order;
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

/// Sorts `items` by Unblu's `orderBy` criteria, most significant first; `key` gives an item's
/// value for a field (`None` for values Baton does not keep, which sort first).
fn sort_by<T, F: Copy>(
    items: &mut [T],
    criteria: &[(F, Order)],
    key: impl Fn(&T, F) -> Option<String>,
) {
    if criteria.is_empty() {
        return;
    }
    items.sort_by(|a, b| {
        criteria
            .iter()
            .map(|&(field, order)| {
                let ordering = key(a, field).cmp(&key(b, field));
                match order {
                    Order::Ascending => ordering,
                    Order::Descending => ordering.reverse(),
                }
            })
            .find(|o| o.is_ne())
            .unwrap_or(Ordering::Equal)
    });
}

/// The wire name of an enum value (`"AGENT"`), to sort by.
fn wire_name<T: Serialize>(value: &T) -> Option<String> {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
}

/// One page of search results, as Unblu's `...Result` types carry it.
struct Page<T> {
    items: Vec<T>,
    has_more_items: bool,
    next_offset: Option<u32>,
}

/// The page of `items` from `offset` with at most `limit` items (all of them without a limit).
fn page<T>(items: Vec<T>, offset: Option<u32>, limit: Option<u32>) -> Page<T> {
    let offset = offset.unwrap_or(0);
    let total = items.len();
    let skip = usize::try_from(offset).unwrap_or(usize::MAX);
    let take = limit.map_or(usize::MAX, |l| usize::try_from(l).unwrap_or(usize::MAX));
    let items: Vec<T> = items.into_iter().skip(skip).take(take).collect();
    let end = skip.saturating_add(items.len());
    let has_more_items = end < total;
    Page {
        next_offset: has_more_items.then(|| u32::try_from(end).ok()).flatten(),
        has_more_items,
        items,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_say_whether_more_items_follow() {
        let all = page((1..=5).collect::<Vec<_>>(), Some(1), Some(2));
        assert_eq!(all.items, [2, 3]);
        assert!(all.has_more_items);
        assert_eq!(all.next_offset, Some(3));
        let last = page((1..=5).collect::<Vec<_>>(), Some(3), Some(10));
        assert_eq!(last.items, [4, 5]);
        assert!(!last.has_more_items);
        assert_eq!(last.next_offset, None);
        assert!(page(vec![1], Some(7), None).items.is_empty());
    }

    #[test]
    fn sorting_applies_criteria_in_order() {
        let mut items = vec![("b", 1), ("a", 2), ("a", 1)];
        sort_by(
            &mut items,
            &[(0, Order::Ascending), (1, Order::Descending)],
            |item, field| {
                Some(if field == 0 {
                    item.0.to_owned()
                } else {
                    item.1.to_string()
                })
            },
        );
        assert_eq!(items, [("a", 2), ("a", 1), ("b", 1)]);
    }
}
