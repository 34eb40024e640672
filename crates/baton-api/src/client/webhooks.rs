//! Unblu's `webhookregistrations/...` operations (`create`, `read`, `delete`).
//!
//! Only this group's methods live here: the request plumbing (credentials, idempotency keys,
//! errors) is `mod.rs`'s, and the other routes are in their group's file.

use super::{ApiError, Client, Method, Transport, segment, v4};
use crate::wire::webhook::WebhookRegistration;

impl<T: Transport> Client<T> {
    /// `webhookregistrations/create` (answers the secret once).
    pub async fn webhook_registrations_create(
        &self,
        body: &WebhookRegistration,
    ) -> Result<WebhookRegistration, ApiError> {
        self.create(v4("/webhookregistrations/create"), body).await
    }

    /// `webhookregistrations/{id}/read` (without the secret).
    pub async fn webhook_registrations_read(
        &self,
        id: &str,
    ) -> Result<WebhookRegistration, ApiError> {
        self.get(v4(&format!("/webhookregistrations/{}/read", segment(id))))
            .await
    }

    /// `webhookregistrations/{id}/delete`.
    pub async fn webhook_registrations_delete(&self, id: &str) -> Result<(), ApiError> {
        let path = v4(&format!("/webhookregistrations/{}/delete", segment(id)));
        self.call_empty::<()>(Method::Delete, path, None).await
    }
}
