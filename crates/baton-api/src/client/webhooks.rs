//! Unblu's `webhookregistrations/...` operations (`create`, `read`, `delete`).
//!
//! Only this group's methods live here: the request plumbing (credentials, idempotency keys,
//! errors) is `mod.rs`'s, and the other routes are in their group's file.

use super::{ApiError, Client, Transport};
use crate::operation::v4;
use crate::wire::webhook::WebhookRegistration;

impl<T: Transport> Client<T> {
    /// `webhookregistrations/create` (answers the secret once).
    pub async fn webhook_registrations_create(
        &self,
        body: &WebhookRegistration,
    ) -> Result<WebhookRegistration, ApiError> {
        self.create(v4::WEBHOOK_REGISTRATIONS_CREATE.target(&[]), body)
            .await
    }

    /// `webhookregistrations/{id}/read` (without the secret).
    pub async fn webhook_registrations_read(
        &self,
        id: &str,
    ) -> Result<WebhookRegistration, ApiError> {
        self.get(v4::WEBHOOK_REGISTRATIONS_READ.target(&[id])).await
    }

    /// `webhookregistrations/{id}/delete`.
    pub async fn webhook_registrations_delete(&self, id: &str) -> Result<(), ApiError> {
        let target = v4::WEBHOOK_REGISTRATIONS_DELETE.target(&[id]);
        self.call_empty::<()>(target, None).await
    }
}
