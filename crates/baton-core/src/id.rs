//! Identifier newtypes for every entity of the domain.
//!
//! Ids are opaque strings (Unblu's ids are strings too) backed by `Arc<str>`, so cloning one
//! into an event, an index and an effect costs a reference count, not an allocation.
//! Nothing here generates ids: the caller (the server) passes fresh ids in with the command
//! that creates the entity, which keeps `baton-core` free of randomness.

use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String))]
        #[cfg_attr(feature = "ts", derive(tsify::Tsify))]
        #[serde(transparent)]
        pub struct $name(Arc<str>);

        impl $name {
            /// Wraps an existing identifier.
            pub fn new(id: impl AsRef<str>) -> Self {
                Self(Arc::from(id.as_ref()))
            }

            /// The identifier as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({:?})", stringify!($name), &*self.0)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<&str> for $name {
            fn from(id: &str) -> Self {
                Self::new(id)
            }
        }
    };
}

id_type!(
    /// An account: a bank or one of its organisations (Unblu `accountId`).
    AccountId
);
id_type!(
    /// A team of agents (Unblu `teamId`).
    TeamId
);
id_type!(
    /// A person: agent, visitor, bot or system (Unblu `personId`, also used as user id).
    PersonId
);
id_type!(
    /// A conversation (Unblu `conversationId`).
    ConversationId
);
id_type!(
    /// A conversation invitation of any type (Unblu `invitationId`).
    InvitationId
);
id_type!(
    /// A message posted in a conversation.
    MessageId
);
id_type!(
    /// A visitor prompt "Invite a deputy?" offered in a conversation.
    PromptId
);
