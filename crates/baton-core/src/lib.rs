//! Baton's domain core: every hand-off rule of forwarding, reassigning, inviting,
//! unassigning, transferring and deputy delegation, as a pure and deterministic model.
//!
//! - `decide(&State, Command, &Actor, now) -> Result<Vec<Event>, DomainError>` checks a
//!   command against the rules and the actor's rights and says what happened;
//!   `evolve(State, &Event) -> State` is the only way state changes.
//! - [`delegation::Engine`] drives deputy delegation and prompt timeouts in the sans-IO style:
//!   events and `now` in, timeouts and effects out.
//! - [`prompt`] says when the visitor is asked "Invite a deputy?"; [`assistant_sync`] plans
//!   the batches that keep assistants in their agent's conversations.
//!
//! Architecture invariant: nothing in this crate reads a clock, performs I/O or draws random
//! numbers. Time, ids and tokens are inputs.

pub mod access;
pub mod actor;
pub mod assistant_sync;
pub mod command;
pub mod config;
pub mod conversation;
pub mod decide;
pub mod delegation;
pub mod delegation_preview;
pub mod demo;
pub mod deputy;
pub mod directory;
pub mod error;
pub mod event;
pub mod history;
pub mod id;
pub mod invitation;
pub mod notification;
pub mod prompt;
pub mod state;
pub mod text;
pub mod time;

#[cfg(test)]
mod testkit;

pub use actor::Actor;
pub use command::Command;
pub use config::Config;
pub use decide::decide;
pub use error::DomainError;
pub use event::Event;
pub use state::{State, evolve};
pub use time::Timestamp;

#[cfg(test)]
mod tests;
