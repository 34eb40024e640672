//! The server's integration suite, one test binary for every file beside this one: one link
//! and one binary instead of one per file keeps a full test run's disk use and link time
//! small. Each module holds one concern (its own `//!` says which); `common` is the harness
//! they share. Run one concern with `cargo test -p baton-server --test suite history::`.

// Set-up that fails (a socket, a file, an answer without the expected shape) is a failed test.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

mod accounts;
mod auth;
mod authorization;
mod baton;
mod client;
mod client_events;
mod conversations;
mod deliveries;
mod demo_data;
mod deputies;
mod durability;
mod faults;
mod guessing;
mod history;
mod hygiene;
mod idempotency;
mod instances;
mod invitations;
mod openapi;
mod participants;
mod people;
mod presence;
mod push;
mod secrets;
mod sessions;
mod sse;
mod static_site;
mod story;
mod superoffice;
mod system;
mod texts;
mod webhook_feed;
mod webhooks;
