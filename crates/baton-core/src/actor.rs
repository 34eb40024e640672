//! Who is asking. Every command is decided for an actor, and every rule checks it.

use serde::{Deserialize, Serialize};

use crate::id::PersonId;

/// The caller of a command.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(
    tag = "kind",
    content = "personId",
    rename_all = "SCREAMING_SNAKE_CASE"
)]
pub enum Actor {
    /// A signed-in visitor (a bank customer, or an invitee after redemption).
    Visitor(PersonId),
    /// A signed-in agent; their role and organisation decide what they may do.
    Agent(PersonId),
    /// The web API with administrator rights (HTTP Basic, server to server).
    Admin,
    /// Baton itself: the delegation scheduler, timeouts, auto-sync.
    System,
    /// Nobody signed in yet: may only redeem an invitation token.
    Anonymous,
}

impl Actor {
    /// The acting person, if a person acts.
    pub fn person(&self) -> Option<&PersonId> {
        match self {
            Actor::Visitor(p) | Actor::Agent(p) => Some(p),
            Actor::Admin | Actor::System | Actor::Anonymous => None,
        }
    }
}
