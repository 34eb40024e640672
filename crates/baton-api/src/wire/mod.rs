//! Wire types, one module per area. Every Unblu object carries its `$_type` exactly as Unblu's
//! web API v4 (8.9.2) spec names it; request bodies the spec defines without `$_type`
//! (`ConversationsAddParticipantBody`, `Invitations...Body`) have none here either.
//!
//! Conventions every module follows:
//! - camelCase fields, SCREAMING_SNAKE_CASE enum values, exactly as in the spec;
//! - optional fields are `Option<T>`, omitted when `None` and read as `None` when absent or
//!   `null`; lists and flags read `null` as empty / false;
//! - unknown input fields are ignored (Unblu clients send more than Baton reads), unknown
//!   discriminators are refused;
//! - timestamps are Unix milliseconds ([`baton_core::Timestamp`]);
//! - secrets are [`Secret`]s, redacted in `Debug`.
//!
//! HTTP routing and transports do not live here; the one mapping from domain errors to
//! HTTP statuses does (`error`).

pub mod auth;
pub mod baton;
pub mod conversation;
pub mod deputy;
pub mod error;
pub mod invitation;
pub mod person;
pub mod push;
pub mod query;
pub mod secret;
pub mod shape;
pub mod superoffice;
pub mod webhook;

pub use secret::Secret;
pub use shape::{Tag, Tagged};
