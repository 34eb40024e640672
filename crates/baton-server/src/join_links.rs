//! Join links awaiting their e-mail: the `pending_link_tokens` table.
//!
//! The event log keeps only the digest of an e-mail invitation's link token, yet the e-mail
//! that carries the link is written by the webhook feed after the event is recorded (so a
//! crash loses no mail). The request that draws the token therefore leaves it here before the
//! command runs; the feed reads it while queueing the e-mail and then forgets it. A token whose
//! command was refused is forgotten at once; one left by a crash in between expires with its
//! link ([`PendingLinkTokens::forget_older_than`]). Nothing else reads or writes the table.

use crate::database::Pool;
use baton_core::Timestamp;
use baton_core::id::InvitationId;

/// The `pending_link_tokens` table.
#[derive(Clone, Debug)]
pub struct PendingLinkTokens {
    pool: Pool,
}

impl PendingLinkTokens {
    /// The table in `pool`.
    pub fn new(pool: Pool) -> Self {
        Self { pool }
    }

    /// Keeps `token` for the e-mail of invitation `invitation`, about to be created.
    pub async fn keep(
        &self,
        invitation: &InvitationId,
        token: &str,
        now: Timestamp,
    ) -> Result<(), sqlx::Error> {
        sqlx::query(
            "INSERT INTO pending_link_tokens (invitation, token, created_at) VALUES ($1, $2, $3)",
        )
        .bind(invitation.as_str())
        .bind(token)
        .bind(now.as_millis())
        .execute(&self.pool)
        .await
        .map(drop)
    }

    /// The token kept for `invitation`, if its e-mail is not queued yet.
    pub async fn get(&self, invitation: &InvitationId) -> Result<Option<String>, sqlx::Error> {
        sqlx::query_scalar("SELECT token FROM pending_link_tokens WHERE invitation = $1")
            .bind(invitation.as_str())
            .fetch_optional(&self.pool)
            .await
    }

    /// Forgets the token of `invitation` (its e-mail is queued, or it was never created).
    pub async fn forget(&self, invitation: &InvitationId) -> Result<(), sqlx::Error> {
        sqlx::query("DELETE FROM pending_link_tokens WHERE invitation = $1")
            .bind(invitation.as_str())
            .execute(&self.pool)
            .await
            .map(drop)
    }

    /// Forgets the tokens kept before `before` (left by a crash between keeping and running the
    /// command; their links have expired). Answers how many.
    pub async fn forget_older_than(&self, before: Timestamp) -> Result<u64, sqlx::Error> {
        sqlx::query("DELETE FROM pending_link_tokens WHERE created_at < $1")
            .bind(before.as_millis())
            .execute(&self.pool)
            .await
            .map(|done| done.rows_affected())
    }
}
