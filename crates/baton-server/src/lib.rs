//! Baton's reference backend: the Unblu-compatible web API and Baton's own endpoints on top
//! of `baton-core`, with a durable event log, the delegation scheduler, the SSE feed,
//! webhooks and e-mail.
//!
//! Architecture invariant: only this crate knows about SQL, sockets, SMTP and timers; every
//! rule is `baton-core`'s. Every state change goes through [`runtime::Runtime::execute`].

pub mod auth;
pub mod cli;
pub mod clock;
pub mod database;
pub mod egress;
pub mod follow;
pub mod http;
pub mod join_links;
pub mod limits;
pub mod mail;
pub mod metrics;
pub mod notices;
pub mod outbox;
pub mod presence;
pub mod push;
pub mod runtime;
pub mod scheduler;
pub mod secrets;
pub mod server;
pub mod settings;
pub mod store;
pub mod token_digests;
pub mod webhook_feed;
pub mod webhooks;
