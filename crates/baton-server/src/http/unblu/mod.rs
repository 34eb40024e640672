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

use baton_core::id::AccountId;
use baton_core::{Actor, State, access};
use serde::Serialize;

use super::routes::Routes;

/// Every Unblu service Baton offers (and Baton's `session`, next to sign-in).
pub(super) fn routes() -> Routes {
    Routes::new()
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
