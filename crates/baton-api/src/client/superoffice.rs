//! SuperOffice's chat transfer under `/api/v1/ChatSession/{chatSessionId}`: `TransferTo`,
//! `AcceptTransfer` and `RejectTransfer`.
//!
//! Only this group's methods live here: the request plumbing (credentials, idempotency keys,
//! errors) is `mod.rs`'s, and the Unblu and Baton routes are in their group's file.

use super::{ApiError, Client, Transport};
use crate::operation::superoffice;
use crate::wire::superoffice::ChatSessionEntity;

impl<T: Transport> Client<T> {
    /// `POST /api/v1/ChatSession/{chatSessionId}/TransferTo/{toAssociate}`: the session's
    /// agent offers it to another (by username or person id). When the session is not the
    /// caller's, nothing happens and the entity comes back unchanged.
    pub async fn superoffice_transfer_to(
        &self,
        chat_session_id: &str,
        to_associate: &str,
    ) -> Result<ChatSessionEntity, ApiError> {
        let target = superoffice::TRANSFER_TO.target(&[chat_session_id, to_associate]);
        self.call::<(), _>(target, None).await
    }

    /// `POST /api/v1/ChatSession/{chatSessionId}/AcceptTransfer`: the receiver of a pending
    /// transfer takes the session over.
    pub async fn superoffice_accept_transfer(
        &self,
        chat_session_id: &str,
    ) -> Result<ChatSessionEntity, ApiError> {
        let target = superoffice::ACCEPT_TRANSFER.target(&[chat_session_id]);
        self.call::<(), _>(target, None).await
    }

    /// `POST /api/v1/ChatSession/{chatSessionId}/RejectTransfer`: the receiver of a pending
    /// transfer declines it; the session stays with its agent.
    pub async fn superoffice_reject_transfer(
        &self,
        chat_session_id: &str,
    ) -> Result<ChatSessionEntity, ApiError> {
        let target = superoffice::REJECT_TRANSFER.target(&[chat_session_id]);
        self.call::<(), _>(target, None).await
    }
}
