//! Baton's wire contract: every JSON body that crosses the network between `baton-server`, the
//! SDK and webhook receivers, in one place so that the two sides cannot drift.
//!
//! - [`wire`] holds the types, split by area. Where Unblu's web API v4 has the operation, the
//!   shape is Unblu's exactly (`$_type` discriminators, camelCase fields, SCREAMING_SNAKE_CASE
//!   enums), so the SDK can also talk to a real Unblu server. Baton's own endpoints live in
//!   [`wire::baton`] under `$_type` names prefixed `Baton`; the SuperOffice transfer shape in
//!   [`wire::superoffice`].
//! - Conversions from `baton-core`'s model sit next to the types they build.
//! - With the `openapi` feature every wire type also has a JSON schema (`utoipa::ToSchema`)
//!   and [`openapi::components`] lists them all for the server's OpenAPI document.
//!
//! - [`operation`] declares every operation once (method, path, documentation); the server
//!   routes by it and the client sends to it.
//! - [`client`] is a typed client for every operation, over any [`client::Transport`]
//!   (`client::native::ReqwestTransport` with the `native` feature).
//! - [`backoff`] is the one exponential backoff with jitter, for the client's reconnects and
//!   the server's retries alike.
//!
//! Nothing here reads a clock or knows about HTTP frameworks or `JsValue`; the only I/O is
//! the `native` transport's: the SDK brings its own.

pub mod backoff;
pub mod client;
#[cfg(feature = "openapi")]
pub mod openapi;
pub mod operation;
pub mod wire;

pub use wire::error::ErrorBody;
