//! Usernames and password hashes of the people who sign in with a password (agents, admins),
//! in the `credentials` table.
//!
//! Only this module reads or writes that table; hashing itself is [`super::password`]'s.
//! Nothing here creates persons: a credential belongs to a `PersonId` the domain already knows.

use std::sync::Arc;

use crate::database::Pool;
use baton_core::id::PersonId;
use tokio::sync::Semaphore;

use super::password::{self, HashError};

/// Longest username accepted.
const MAX_USERNAME_CHARS: usize = 255;
/// Longest password accepted (bytes); longer input is refused rather than hashed.
const MAX_PASSWORD_BYTES: usize = 1024;

/// Why a credential could not be stored or checked.
#[derive(Debug, thiserror::Error)]
pub enum CredentialError {
    /// Empty, longer than 255 characters, or containing control characters.
    #[error("the username must be 1 to 255 characters without control characters")]
    InvalidUsername,
    /// Empty or longer than 1024 bytes.
    #[error("the password must be 1 to 1024 bytes long")]
    InvalidPassword,
    /// Another person already has this username (compared ignoring ASCII case).
    #[error("the username is taken")]
    UsernameTaken,
    /// The password could not be hashed.
    #[error(transparent)]
    Hash(#[from] HashError),
    /// The hashing task did not finish (the runtime is shutting down).
    #[error("the password worker stopped")]
    Worker,
    /// The database failed.
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
}

/// Usernames and password hashes, over the server's pool.
#[derive(Clone, Debug)]
pub struct CredentialStore {
    pool: Pool,
    /// Permits to hash: each hash holds ~19 MiB, so a flood of sign-ins waits here instead of
    /// exhausting memory and the blocking pool.
    hashing: Arc<Semaphore>,
}

fn valid_username(username: &str) -> bool {
    let chars = username.chars().count();
    (1..=MAX_USERNAME_CHARS).contains(&chars) && !username.chars().any(char::is_control)
}

fn valid_password(password: &str) -> bool {
    (1..=MAX_PASSWORD_BYTES).contains(&password.len())
}

/// Whether [`CredentialStore::set`] would accept this username and password, so that a
/// caller can check before creating the person they are for.
pub fn validate(username: &str, password: &str) -> Result<(), CredentialError> {
    if !valid_username(username) {
        return Err(CredentialError::InvalidUsername);
    }
    if !valid_password(password) {
        return Err(CredentialError::InvalidPassword);
    }
    Ok(())
}

impl CredentialStore {
    /// The store over `pool` (migrated by [`crate::store::EventStore::open`]), computing at
    /// most `concurrent_hashes` password hashes at once (at least one).
    pub fn new(pool: Pool, concurrent_hashes: u32) -> Self {
        let permits = usize::try_from(concurrent_hashes.max(1)).unwrap_or(1);
        Self {
            pool,
            hashing: Arc::new(Semaphore::new(permits)),
        }
    }

    /// Runs CPU-heavy hashing off the async workers, once a hashing permit is free.
    async fn blocking<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, CredentialError> {
        let _permit = self
            .hashing
            .acquire()
            .await
            .map_err(|_| CredentialError::Worker)?;
        tokio::task::spawn_blocking(work)
            .await
            .map_err(|_| CredentialError::Worker)
    }

    /// Gives `person` the username and password, replacing any they had.
    pub async fn set(
        &self,
        person: &PersonId,
        username: &str,
        password: &str,
    ) -> Result<(), CredentialError> {
        validate(username, password)?;
        let password = password.to_owned();
        let hash = self.blocking(move || password::hash(&password)).await??;
        let written = sqlx::query(
            "INSERT INTO credentials (person_id, username, password_hash) VALUES ($1, $2, $3)
             ON CONFLICT (person_id) DO UPDATE
             SET username = excluded.username, password_hash = excluded.password_hash",
        )
        .bind(person.as_str())
        .bind(username)
        .bind(hash)
        .execute(&self.pool)
        .await;
        match written {
            Err(sqlx::Error::Database(db)) if db.is_unique_violation() => {
                Err(CredentialError::UsernameTaken)
            }
            other => other.map(drop).map_err(CredentialError::from),
        }
    }

    /// The person whose username and password these are, or `None`. Unknown usernames, wrong
    /// passwords and malformed ones (empty, too long) all cost one hash of the same kind, so
    /// response times do not tell which usernames exist.
    pub async fn verify(
        &self,
        username: &str,
        password: &str,
    ) -> Result<Option<PersonId>, CredentialError> {
        let row: Option<(String, String)> = if valid_username(username) {
            sqlx::query_as("SELECT person_id, password_hash FROM credentials WHERE lower(username) = lower($1)")
                .bind(username)
                .fetch_optional(&self.pool)
                .await?
        } else {
            None
        };
        // A malformed password is checked as the empty one, which no stored hash matches
        // (`set` refuses it), so it costs exactly what a wrong one costs.
        let candidate = if valid_password(password) {
            password.to_owned()
        } else {
            String::new()
        };
        self.blocking(move || match row {
            Some((person, stored)) => {
                password::verify(&candidate, &stored).then(|| PersonId::new(person))
            }
            None => {
                password::verify_unknown(&candidate);
                None
            }
        })
        .await
    }

    /// The username of `person`, if they have a password.
    pub async fn username_of(&self, person: &PersonId) -> Result<Option<String>, CredentialError> {
        Ok(
            sqlx::query_scalar("SELECT username FROM credentials WHERE person_id = $1")
                .bind(person.as_str())
                .fetch_optional(&self.pool)
                .await?,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::EventStore;

    async fn store() -> (tempfile::TempDir, CredentialStore) {
        let dir = tempfile::tempdir().unwrap();
        let events = EventStore::open(&dir.path().join("baton.db"))
            .await
            .unwrap();
        (dir, CredentialStore::new(events.pool().clone(), 2))
    }

    #[tokio::test]
    async fn the_right_password_signs_in_and_nothing_else_does() {
        let (_dir, store) = store().await;
        let anna = PersonId::new("anna");
        store.set(&anna, "Anna", "s3cret pass").await.unwrap();
        assert_eq!(
            store.verify("Anna", "s3cret pass").await.unwrap(),
            Some(anna.clone())
        );
        assert_eq!(
            store.verify("anna", "s3cret pass").await.unwrap(),
            Some(anna)
        );
        assert_eq!(store.verify("Anna", "s3cret pasS").await.unwrap(), None);
        assert_eq!(store.verify("nobody", "s3cret pass").await.unwrap(), None);
        assert_eq!(store.verify("", "s3cret pass").await.unwrap(), None);
    }

    #[tokio::test]
    async fn setting_again_replaces_username_and_password() {
        let (_dir, store) = store().await;
        let anna = PersonId::new("anna");
        store.set(&anna, "anna", "first").await.unwrap();
        store.set(&anna, "anna.meier", "second").await.unwrap();
        assert_eq!(store.verify("anna", "first").await.unwrap(), None);
        assert_eq!(store.verify("anna.meier", "first").await.unwrap(), None);
        assert_eq!(
            store.verify("anna.meier", "second").await.unwrap(),
            Some(anna.clone())
        );
        assert_eq!(
            store.username_of(&anna).await.unwrap().as_deref(),
            Some("anna.meier")
        );
        assert_eq!(store.username_of(&"clara".into()).await.unwrap(), None);
    }

    #[tokio::test]
    async fn a_username_belongs_to_one_person() {
        let (_dir, store) = store().await;
        store.set(&"anna".into(), "anna", "pw").await.unwrap();
        let taken = store.set(&"clara".into(), "ANNA", "pw").await;
        assert!(matches!(taken, Err(CredentialError::UsernameTaken)));
    }

    #[tokio::test]
    async fn bad_usernames_and_passwords_are_refused() {
        let (_dir, store) = store().await;
        let anna = PersonId::new("anna");
        for username in ["", "a\nb", &"x".repeat(256)] {
            assert!(matches!(
                store.set(&anna, username, "pw").await,
                Err(CredentialError::InvalidUsername)
            ));
        }
        for password in ["", &"x".repeat(1025)] {
            assert!(matches!(
                store.set(&anna, "anna", password).await,
                Err(CredentialError::InvalidPassword)
            ));
        }
        assert_eq!(store.username_of(&anna).await.unwrap(), None);
    }
}
