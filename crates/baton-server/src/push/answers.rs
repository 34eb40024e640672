//! The single-use tokens that let a notification action answer a delegated request without a
//! session (`push_answer_tokens`). A token is bound to one request (invitation), one deputy,
//! the actions the notification offers and an expiry; only its SHA-256 digest is kept. It is
//! spent by the first answer the domain accepts: a copied payload cannot answer for anyone
//! else, twice, or after the request closed.
//!
//! What the answer does is the domain's (`RespondToInvitation` through the push channel); this
//! module only says whether a token may carry one.

use baton_core::Timestamp;
use baton_core::id::{InvitationId, PersonId};
use baton_core::invitation::DelegationResponse;
use sha2::{Digest, Sha256};

use crate::database::Pool;
use crate::secrets;

/// How long a notification can answer; the request closes long before in practice (levels
/// time out in minutes), which the domain checks on each answer.
pub const TOKEN_LIFETIME_SECONDS: u64 = 24 * 60 * 60;

/// Why a token does not answer.
#[derive(Debug, thiserror::Error)]
pub enum AnswerError {
    /// No token has this value (never issued, or purged after expiring).
    #[error("this notification cannot answer: its token is not known")]
    Unknown,
    /// The token answered already.
    #[error("this notification was answered already")]
    Used,
    /// The token's time is over.
    #[error("this notification has expired; answer in the queue")]
    Expired,
    /// The notification does not offer this answer.
    #[error("this notification offers only {0}")]
    NotOffered(String),
    /// The database failed.
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// What a spent token answers for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Claimed {
    /// The delegated request.
    pub invitation: InvitationId,
    /// The deputy the notification went to.
    pub person: PersonId,
    /// The token's digest (to give it back when the domain refuses the answer).
    digest: String,
}

/// The tokens, over the server's pool.
#[derive(Clone, Debug)]
pub struct AnswerTokens {
    pool: Pool,
}

fn digest(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

fn actions_text(actions: &[DelegationResponse]) -> String {
    actions
        .iter()
        .map(|a| match a {
            DelegationResponse::Accept => "ACCEPT",
            DelegationResponse::Decline => "DECLINE",
            DelegationResponse::Ignore => "IGNORE",
            DelegationResponse::Later => "LATER",
        })
        .collect::<Vec<_>>()
        .join(",")
}

impl AnswerTokens {
    /// The tokens over `pool`.
    pub fn new(pool: Pool) -> Self {
        Self { pool }
    }

    /// A new token for `person` to answer `invitation` with one of `actions` until `expires_at`.
    pub async fn issue(
        &self,
        invitation: &InvitationId,
        person: &PersonId,
        actions: &[DelegationResponse],
        expires_at: Timestamp,
    ) -> Result<String, sqlx::Error> {
        let token = secrets::session_token();
        sqlx::query(
            "INSERT INTO push_answer_tokens (digest, invitation, person, actions, expires_at)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(digest(&token))
        .bind(invitation.as_str())
        .bind(person.as_str())
        .bind(actions_text(actions))
        .bind(expires_at.as_millis())
        .execute(&self.pool)
        .await?;
        Ok(token)
    }

    /// Spends `token` at `now` for `response`: exactly one caller gets it. Give it back with
    /// [`AnswerTokens::restore`] if the answer is then refused.
    pub async fn claim(
        &self,
        token: &str,
        response: DelegationResponse,
        now: Timestamp,
    ) -> Result<Claimed, AnswerError> {
        let digest = digest(token);
        let row: Option<(String, String, String, i64, Option<i64>)> = sqlx::query_as(
            "SELECT invitation, person, actions, expires_at, used_at
             FROM push_answer_tokens WHERE digest = $1",
        )
        .bind(&digest)
        .fetch_optional(&self.pool)
        .await?;
        let (invitation, person, actions, expires_at, used_at) = row.ok_or(AnswerError::Unknown)?;
        if used_at.is_some() {
            return Err(AnswerError::Used);
        }
        if now.as_millis() >= expires_at {
            return Err(AnswerError::Expired);
        }
        if !actions.split(',').any(|a| a == actions_text(&[response])) {
            return Err(AnswerError::NotOffered(actions.replace(',', " or ")));
        }
        let spent = sqlx::query(
            "UPDATE push_answer_tokens SET used_at = $1 WHERE digest = $2 AND used_at IS NULL",
        )
        .bind(now.as_millis())
        .bind(&digest)
        .execute(&self.pool)
        .await?;
        if spent.rows_affected() != 1 {
            return Err(AnswerError::Used);
        }
        Ok(Claimed {
            invitation: InvitationId::new(&invitation),
            person: PersonId::new(&person),
            digest,
        })
    }

    /// Gives back a token whose answer the domain refused, so that it changed nothing.
    pub async fn restore(&self, claimed: &Claimed) -> Result<(), AnswerError> {
        sqlx::query("UPDATE push_answer_tokens SET used_at = NULL WHERE digest = $1")
            .bind(&claimed.digest)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Forgets the tokens that expired a [`TOKEN_LIFETIME_SECONDS`] before `now` (until
    /// then a late answer is told that its notification expired, not that it is unknown);
    /// answers how many.
    pub async fn purge_expired(&self, now: Timestamp) -> Result<u64, AnswerError> {
        let done = sqlx::query("DELETE FROM push_answer_tokens WHERE expires_at <= $1")
            .bind(now.minus_seconds(TOKEN_LIFETIME_SECONDS).as_millis())
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected())
    }
}
