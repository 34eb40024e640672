//! Baton's JavaScript SDK: the WebAssembly behind the npm package `baton-sdk`.
//!
//! - `VisitorClient` (feature `visitor`): a bank's customer signs in with the JWT the bank
//!   issued (or joins anonymously by PIN or e-mail link), writes, answers "Invite a deputy?".
//! - `AgentClient` (feature `agent`): forward, reassign, invite, unassign, transfer, the
//!   delegation queue and the deputies.
//! - Every method returns a promise; every rejection is a `BatonError` (`js/error.js`) with a
//!   stable `code`. Inputs are checked here before anything is sent.
//!
//! This is the only crate that knows `JsValue`: HTTP, auth and the wire types are
//! `baton-api`'s; domain rules are `baton-core`'s. Nothing here decides anything.
//! `cargo xtask build` builds the `visitor` entry (visitor only, what a bank's page loads) and
//! the `agent` entry (both clients) into `pkg/`.

mod error;
mod events;
mod js;
mod options;
mod request;
mod session;

#[cfg(feature = "agent")]
mod agent;
#[cfg(any(feature = "widget", feature = "desk"))]
mod elements;
#[cfg(feature = "visitor")]
mod visitor;

#[cfg(all(test, target_arch = "wasm32", feature = "visitor", feature = "agent"))]
mod tests;
