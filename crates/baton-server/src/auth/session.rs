//! Signed-in sessions in the `sessions` table: a random bearer token (the cookie) and a CSRF
//! token per session, with fixed or sliding expiry.
//!
//! Only this module reads or writes that table. The database holds the SHA-256 of each
//! session token, never the token itself. Ending sessions (sign-out, "sign out everywhere", a
//! password change) is announced to whatever holds them open, such as event streams
//! ([`SessionWatch`]); this announcement reaches the streams of this server process. Cookies and headers are the HTTP layer's business:
//! nothing here knows their names.

use crate::database::Pool;
use baton_core::Timestamp;
use baton_core::id::PersonId;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::secrets;

/// How long sessions live.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct SessionSettings {
    /// Lifetime of a session in seconds (default 12 hours).
    pub lifetime_seconds: u64,
    /// When true, every use of a session pushes its expiry to `lifetime_seconds` from then;
    /// when false (the default), a session ends `lifetime_seconds` after sign-in.
    pub sliding: bool,
}

impl Default for SessionSettings {
    fn default() -> Self {
        Self {
            lifetime_seconds: 12 * 60 * 60,
            sliding: false,
        }
    }
}

/// A session just created: the tokens go to the client once and are not stored in clear.
#[derive(Clone, PartialEq, Eq)]
pub struct NewSession {
    /// The bearer token (256 bits, base64url) for the session cookie.
    pub token: String,
    /// The token the client must echo in a header on state-changing requests.
    pub csrf_token: String,
    /// When the session ends (unless sliding expiry extends it).
    pub expires_at: Timestamp,
}

/// A live session found by its token.
#[derive(Clone, PartialEq, Eq)]
pub struct Session {
    /// Who is signed in.
    pub person_id: PersonId,
    /// The CSRF token of this session.
    pub csrf_token: String,
    /// When the session ends.
    pub expires_at: Timestamp,
}

// Tokens stay out of logs: Debug shows everything else.
impl std::fmt::Debug for NewSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewSession")
            .field("expires_at", &self.expires_at)
            .finish_non_exhaustive()
    }
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("person_id", &self.person_id)
            .field("expires_at", &self.expires_at)
            .finish_non_exhaustive()
    }
}

/// Whether `header_value` is the session's CSRF token, compared in constant time.
pub fn csrf_matches(session: &Session, header_value: &str) -> bool {
    // Lengths are public (every CSRF token has 43 characters); the contents are not.
    session
        .csrf_token
        .as_bytes()
        .ct_eq(header_value.as_bytes())
        .into()
}

fn token_hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

/// Sessions that ended, as announced to their watchers.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Ended {
    /// One session, by its token's hash.
    Session(Vec<u8>),
    /// Every session of a person (and whatever they hold open with other credentials).
    Person(PersonId),
}

/// Sessions, over the server's pool.
#[derive(Clone, Debug)]
pub struct SessionStore {
    pool: Pool,
    settings: SessionSettings,
    ended: tokio::sync::broadcast::Sender<Ended>,
}

/// What a long-lived response (an event stream) watches: it ends when its session is signed
/// out, or when all of its person's sessions are revoked.
#[derive(Debug)]
pub struct SessionWatch {
    ended: tokio::sync::broadcast::Receiver<Ended>,
    session: Option<Vec<u8>>,
    person: Option<PersonId>,
}

impl SessionWatch {
    /// Resolves when the watched session or person is ended; never otherwise.
    pub async fn ended(&mut self) {
        loop {
            match self.ended.recv().await {
                Ok(Ended::Session(hash)) if self.session.as_ref() == Some(&hash) => return,
                Ok(Ended::Person(person)) if self.person.as_ref() == Some(&person) => return,
                // Missed announcements might have been ours: end rather than outlive them.
                Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => return,
                Err(tokio::sync::broadcast::error::RecvError::Closed) => {
                    std::future::pending::<()>().await;
                }
                Ok(_) => {}
            }
        }
    }
}

impl SessionStore {
    /// The store over `pool` (migrated by [`crate::store::EventStore::open`]).
    pub fn new(pool: Pool, settings: SessionSettings) -> Self {
        Self {
            pool,
            settings,
            ended: tokio::sync::broadcast::channel(256).0,
        }
    }

    /// Whether sessions slide (their end moves with each use).
    pub fn sliding(&self) -> bool {
        self.settings.sliding
    }

    /// A watch that ends with the session of `token` (if any) or with all of `person`'s.
    pub fn watch(&self, token: Option<&str>, person: Option<&PersonId>) -> SessionWatch {
        SessionWatch {
            ended: self.ended.subscribe(),
            session: token.map(token_hash),
            person: person.cloned(),
        }
    }

    /// Signs `person` in at `now`.
    pub async fn create(
        &self,
        person: &PersonId,
        now: Timestamp,
    ) -> Result<NewSession, sqlx::Error> {
        let session = NewSession {
            token: secrets::session_token(),
            csrf_token: secrets::session_token(),
            expires_at: now.plus_seconds(self.settings.lifetime_seconds),
        };
        sqlx::query(
            "INSERT INTO sessions (token_hash, person_id, csrf_token, created_at, expires_at)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(token_hash(&session.token))
        .bind(person.as_str())
        .bind(&session.csrf_token)
        .bind(now.as_millis())
        .bind(session.expires_at.as_millis())
        .execute(&self.pool)
        .await?;
        Ok(session)
    }

    /// The live session of `token` at `now`; `None` for an unknown or expired token (an
    /// expired one is deleted). With sliding expiry, the session is extended.
    pub async fn lookup(
        &self,
        token: &str,
        now: Timestamp,
    ) -> Result<Option<Session>, sqlx::Error> {
        let hash = token_hash(token);
        let row: Option<(String, String, i64)> = sqlx::query_as(
            "SELECT person_id, csrf_token, expires_at FROM sessions WHERE token_hash = $1",
        )
        .bind(&hash)
        .fetch_optional(&self.pool)
        .await?;
        let Some((person, csrf_token, expires_at)) = row else {
            return Ok(None);
        };
        if expires_at <= now.as_millis() {
            sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
                .bind(&hash)
                .execute(&self.pool)
                .await?;
            return Ok(None);
        }
        let mut expires_at = Timestamp(expires_at);
        if self.settings.sliding {
            expires_at = now.plus_seconds(self.settings.lifetime_seconds);
            sqlx::query("UPDATE sessions SET expires_at = $1 WHERE token_hash = $2")
                .bind(expires_at.as_millis())
                .bind(&hash)
                .execute(&self.pool)
                .await?;
        }
        Ok(Some(Session {
            person_id: PersonId::new(person),
            csrf_token,
            expires_at,
        }))
    }

    /// Ends the session of `token` (sign-out) and what it holds open; an unknown token is
    /// fine.
    pub async fn delete(&self, token: &str) -> Result<(), sqlx::Error> {
        let hash = token_hash(token);
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(&hash)
            .execute(&self.pool)
            .await?;
        // Nobody watching is fine.
        let _ = self.ended.send(Ended::Session(hash));
        Ok(())
    }

    /// Ends every session of `person` and everything they hold open; returns how many
    /// sessions there were.
    pub async fn delete_all_of(&self, person: &PersonId) -> Result<u64, sqlx::Error> {
        let deleted = sqlx::query("DELETE FROM sessions WHERE person_id = $1")
            .bind(person.as_str())
            .execute(&self.pool)
            .await?
            .rows_affected();
        let _ = self.ended.send(Ended::Person(person.clone()));
        Ok(deleted)
    }

    /// Deletes every session expired at `now` (sessions nobody uses again are never looked
    /// up, so they would stay otherwise); returns how many.
    pub async fn purge_expired(&self, now: Timestamp) -> Result<u64, sqlx::Error> {
        Ok(sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
            .bind(now.as_millis())
            .execute(&self.pool)
            .await?
            .rows_affected())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::EventStore;

    const HOUR: i64 = 3_600_000;

    async fn sessions(settings: SessionSettings) -> (tempfile::TempDir, SessionStore) {
        let dir = tempfile::tempdir().unwrap();
        let events = EventStore::open(&dir.path().join("baton.db"))
            .await
            .unwrap();
        (dir, SessionStore::new(events.pool().clone(), settings))
    }

    #[tokio::test]
    async fn ending_sessions_reaches_their_watchers_only() {
        let (_dir, store) = sessions(SessionSettings::default()).await;
        let anna = PersonId::new("anna");
        let first = store.create(&anna, Timestamp(0)).await.unwrap();
        let second = store.create(&anna, Timestamp(0)).await.unwrap();
        let mut first_watch = store.watch(Some(&first.token), Some(&anna));
        let mut second_watch = store.watch(Some(&second.token), Some(&anna));
        let mut bens = store.watch(None, Some(&PersonId::new("ben")));
        let wait = std::time::Duration::from_secs(5);
        store.delete(&first.token).await.unwrap();
        tokio::time::timeout(wait, first_watch.ended())
            .await
            .expect("signed out");
        assert_eq!(store.delete_all_of(&anna).await.unwrap(), 1);
        tokio::time::timeout(wait, second_watch.ended())
            .await
            .expect("revoked");
        // Both announcements are queued for Ben's watch; neither is his.
        assert!(
            futures_util::FutureExt::now_or_never(bens.ended()).is_none(),
            "Ben's stays"
        );
        assert!(
            store
                .lookup(&second.token, Timestamp(1))
                .await
                .unwrap()
                .is_none()
        );
    }

    #[tokio::test]
    async fn a_session_is_found_by_its_token_until_it_expires() {
        let (_dir, store) = sessions(SessionSettings::default()).await;
        let anna = PersonId::new("anna");
        let new = store.create(&anna, Timestamp(0)).await.unwrap();
        assert_eq!(new.expires_at, Timestamp(12 * HOUR));
        assert_eq!(new.token.len(), 43);
        assert_ne!(new.token, new.csrf_token);

        let found = store
            .lookup(&new.token, Timestamp(HOUR))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(found.person_id, anna);
        assert_eq!(found.csrf_token, new.csrf_token);
        assert_eq!(
            found.expires_at, new.expires_at,
            "fixed expiry does not move"
        );

        assert_eq!(
            store
                .lookup(&new.token, Timestamp(12 * HOUR))
                .await
                .unwrap(),
            None
        );
        assert_eq!(
            store.lookup("not a token", Timestamp(0)).await.unwrap(),
            None
        );
    }

    #[tokio::test]
    async fn the_database_holds_only_the_hash_of_the_token() {
        let (_dir, store) = sessions(SessionSettings::default()).await;
        let new = store.create(&"anna".into(), Timestamp(0)).await.unwrap();
        let stored: Vec<u8> = sqlx::query_scalar("SELECT token_hash FROM sessions")
            .fetch_one(&store.pool)
            .await
            .unwrap();
        assert_eq!(stored, Sha256::digest(new.token.as_bytes()).to_vec());
    }

    #[tokio::test]
    async fn sliding_expiry_extends_the_session_on_each_use() {
        let settings = SessionSettings {
            lifetime_seconds: 3_600,
            sliding: true,
        };
        let (_dir, store) = sessions(settings).await;
        let new = store.create(&"anna".into(), Timestamp(0)).await.unwrap();
        let used = store
            .lookup(&new.token, Timestamp(HOUR - 1))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(used.expires_at, Timestamp(2 * HOUR - 1));
        assert!(
            store
                .lookup(&new.token, Timestamp(2 * HOUR - 2))
                .await
                .unwrap()
                .is_some()
        );
        assert!(
            store
                .lookup(&new.token, Timestamp(4 * HOUR))
                .await
                .unwrap()
                .is_none()
        );
    }

    #[tokio::test]
    async fn signing_out_and_purging_remove_sessions() {
        let (_dir, store) = sessions(SessionSettings::default()).await;
        let a = store.create(&"anna".into(), Timestamp(0)).await.unwrap();
        let b = store.create(&"clara".into(), Timestamp(0)).await.unwrap();
        let c = store
            .create(&"clara".into(), Timestamp(HOUR))
            .await
            .unwrap();
        store.delete(&a.token).await.unwrap();
        assert_eq!(store.lookup(&a.token, Timestamp(1)).await.unwrap(), None);
        assert_eq!(store.purge_expired(Timestamp(12 * HOUR)).await.unwrap(), 1);
        assert_eq!(store.lookup(&b.token, Timestamp(1)).await.unwrap(), None);
        assert!(
            store
                .lookup(&c.token, Timestamp(12 * HOUR))
                .await
                .unwrap()
                .is_some()
        );
    }

    #[test]
    fn the_csrf_token_must_match_exactly() {
        let session = Session {
            person_id: "anna".into(),
            csrf_token: "abc".into(),
            expires_at: Timestamp(1),
        };
        assert!(csrf_matches(&session, "abc"));
        assert!(!csrf_matches(&session, "abd"));
        assert!(!csrf_matches(&session, "ab"));
        assert!(!csrf_matches(&session, ""));
    }

    #[test]
    fn settings_default_to_twelve_fixed_hours_and_read_from_toml_keys() {
        let settings: SessionSettings =
            serde_json::from_str(r#"{"lifetime_seconds": 60, "sliding": true}"#).unwrap();
        assert_eq!(settings.lifetime_seconds, 60);
        assert!(settings.sliding);
        assert_eq!(SessionSettings::default().lifetime_seconds, 43_200);
    }

    #[test]
    fn debug_output_hides_the_tokens() {
        let new = NewSession {
            token: "secret-token".into(),
            csrf_token: "secret-csrf".into(),
            expires_at: Timestamp(1),
        };
        assert!(!format!("{new:?}").contains("secret"));
    }
}
