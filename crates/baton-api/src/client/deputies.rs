//! Unblu's `deputyrelationships/...` operations: an agent's assistants and deputies one link
//! at a time (`create`, `read`, `delete`, `search`) or all at once (`writeAgentDeputies`).
//!
//! Only this group's methods live here: the request plumbing (credentials, idempotency keys,
//! errors) is `mod.rs`'s, Baton's `deputies/settings` is in `baton.rs`, and the other routes
//! are in their group's file.

use super::{ApiError, Client, Method, Transport, segment, v4};
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
        self.create(v4("/deputyrelationships/create"), body).await
    }

    /// `deputyrelationships/{id}/read`.
    pub async fn deputy_relationships_read(
        &self,
        id: &str,
    ) -> Result<DeputyRelationship, ApiError> {
        self.get(v4(&format!("/deputyrelationships/{}/read", segment(id))))
            .await
    }

    /// `deputyrelationships/{id}/delete`.
    pub async fn deputy_relationships_delete(&self, id: &str) -> Result<(), ApiError> {
        let path = v4(&format!("/deputyrelationships/{}/delete", segment(id)));
        self.call_empty::<()>(Method::Delete, path, None).await
    }

    /// `deputyrelationships/search`.
    pub async fn deputy_relationships_search(
        &self,
        query: &DeputyRelationshipQuery,
    ) -> Result<DeputyRelationshipResult, ApiError> {
        self.post(v4("/deputyrelationships/search"), query).await
    }

    /// `deputyrelationships/writeAgentDeputies`: replace an agent's assistants and deputies.
    pub async fn deputy_relationships_write_agent_deputies(
        &self,
        body: &WriteAgentDeputyRelationshipsBody,
    ) -> Result<(), ApiError> {
        self.call_empty(
            Method::Post,
            v4("/deputyrelationships/writeAgentDeputies"),
            Some(body),
        )
        .await
    }
}
