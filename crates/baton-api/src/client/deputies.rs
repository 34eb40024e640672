//! Unblu's `deputyrelationships/...` operations: an agent's assistants and deputies one link
//! at a time (`create`, `read`, `delete`, `search`) or all at once (`writeAgentDeputies`).
//!
//! Only this group's methods live here: the request plumbing (credentials, idempotency keys,
//! errors) is `mod.rs`'s, Baton's `deputies/settings` is in `baton.rs`, and the other routes
//! are in their group's file.

use super::{ApiError, Client, Transport};
use crate::operation::v4;
use crate::wire::deputy::{
    DeputyRelationship, DeputyRelationshipQuery, DeputyRelationshipResult,
    WriteAgentDeputyRelationshipsBody,
};

impl<T: Transport> Client<T> {
    /// `deputyrelationships/create`.
    pub async fn deputy_relationships_create(
        &self,
        body: &DeputyRelationship,
    ) -> Result<DeputyRelationship, ApiError> {
        self.create(v4::DEPUTY_RELATIONSHIPS_CREATE.target(&[]), body)
            .await
    }

    /// `deputyrelationships/{id}/read`.
    pub async fn deputy_relationships_read(
        &self,
        id: &str,
    ) -> Result<DeputyRelationship, ApiError> {
        self.get(v4::DEPUTY_RELATIONSHIPS_READ.target(&[id])).await
    }

    /// `deputyrelationships/{id}/delete`.
    pub async fn deputy_relationships_delete(&self, id: &str) -> Result<(), ApiError> {
        let target = v4::DEPUTY_RELATIONSHIPS_DELETE.target(&[id]);
        self.call_empty::<()>(target, None).await
    }

    /// `deputyrelationships/search`.
    pub async fn deputy_relationships_search(
        &self,
        query: &DeputyRelationshipQuery,
    ) -> Result<DeputyRelationshipResult, ApiError> {
        self.post(v4::DEPUTY_RELATIONSHIPS_SEARCH.target(&[]), query)
            .await
    }

    /// `deputyrelationships/writeAgentDeputies`: replace an agent's assistants and deputies.
    pub async fn deputy_relationships_write_agent_deputies(
        &self,
        body: &WriteAgentDeputyRelationshipsBody,
    ) -> Result<(), ApiError> {
        self.call_empty(
            v4::DEPUTY_RELATIONSHIPS_WRITE_AGENT_DEPUTIES.target(&[]),
            Some(body),
        )
        .await
    }
}
