//! Unblu's web API v4, mounted under `/app/rest/v4`: the operations Baton shares with Unblu,
//! with Unblu's paths, bodies, answers and error shape, so that Unblu clients (and the SDK
//! pointed at a real Unblu server) work unchanged.
//!
//! One submodule per area of the spec; this file only merges their routes. No rule and no
//! shape lives here.

mod conversations;
mod invitations;

use std::sync::Arc;

use axum::Router;

use super::App;

/// Every Unblu endpoint Baton serves, relative to `/app/rest/v4`.
pub(super) fn routes() -> Router<Arc<App>> {
    Router::new()
        .merge(conversations::routes())
        .merge(invitations::routes())
}
