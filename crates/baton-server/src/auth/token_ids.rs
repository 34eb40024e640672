//! The ids (`jti`) of the JWTs that signed visitors in, in the `jwt_ids` table, kept until
//! their tokens expire, so that each token signs in once: a copy replayed from a log, a
//! browser history or a proxy is refused.
//!
//! Only this module reads or writes that table; checking a token is `super::jwt`'s.

use crate::database::Pool;
use baton_core::Timestamp;

/// The used token ids, over the server's pool.
#[derive(Clone, Debug)]
pub struct UsedTokenIds {
    pool: Pool,
}

impl UsedTokenIds {
    /// The ids over `pool` (migrated by [`crate::store::EventStore::open`]).
    pub fn new(pool: Pool) -> Self {
        Self { pool }
    }

    /// Records `jti` as used until `expires_at`; false when it was used before (a replay).
    /// One statement, so two concurrent uses of one token cannot both be first.
    pub async fn first_use(&self, jti: &str, expires_at: Timestamp) -> Result<bool, sqlx::Error> {
        let inserted = sqlx::query(
            "INSERT INTO jwt_ids (jti, expires_at) VALUES ($1, $2) ON CONFLICT (jti) DO NOTHING",
        )
        .bind(jti)
        .bind(expires_at.as_millis())
        .execute(&self.pool)
        .await?;
        Ok(inserted.rows_affected() == 1)
    }

    /// Forgets the ids of tokens expired at `now` (with `leeway` they are refused anyway).
    pub async fn purge_expired(
        &self,
        now: Timestamp,
        leeway_seconds: u64,
    ) -> Result<u64, sqlx::Error> {
        Ok(
            sqlx::query("DELETE FROM jwt_ids WHERE expires_at + $1 <= $2")
                .bind(Timestamp(0).plus_seconds(leeway_seconds).as_millis())
                .bind(now.as_millis())
                .execute(&self.pool)
                .await?
                .rows_affected(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::EventStore;

    #[tokio::test]
    async fn an_id_is_used_once_until_its_token_expired() {
        let dir = tempfile::tempdir().unwrap();
        let events = EventStore::open(&dir.path().join("baton.db"))
            .await
            .unwrap();
        let ids = UsedTokenIds::new(events.pool().clone());
        let expiry = Timestamp(600_000);
        assert!(ids.first_use("a", expiry).await.unwrap());
        assert!(!ids.first_use("a", expiry).await.unwrap(), "a replay");
        assert!(ids.first_use("b", expiry).await.unwrap());
        assert_eq!(ids.purge_expired(Timestamp(629_999), 30).await.unwrap(), 0);
        assert_eq!(ids.purge_expired(Timestamp(630_000), 30).await.unwrap(), 2);
    }
}
