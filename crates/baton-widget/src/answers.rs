//! The parts of the server's answers the widget reads when it needs only ids: which
//! conversation a redemption joined, who is signed in, which conversations a search found.
//! Reading just these (serde skips the rest) keeps the full wire types' decoders, such as
//! `ConversationData`'s, out of the visitor's wasm.

use baton_core::id::{ConversationId, PersonId};
use serde::Deserialize;

/// Something with a conversation id (a `ConversationData`).
#[derive(Deserialize)]
pub(crate) struct Identified {
    pub(crate) id: ConversationId,
}

/// A `BatonSession`'s person.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Signed {
    pub(crate) person_id: PersonId,
}

/// A `BatonRedemption`: the conversation joined and who joined it.
#[derive(Deserialize)]
pub(crate) struct Joined {
    pub(crate) conversation: Identified,
    pub(crate) session: Signed,
}

/// A `ConversationResult`'s items.
#[derive(Deserialize)]
pub(crate) struct Found {
    #[serde(default)]
    pub(crate) items: Vec<Identified>,
}
