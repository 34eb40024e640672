//! The per-client limit on failed PIN and invitation-link attempts, in the `pin_attempts`
//! table, so that guessing PINs from one address stays infeasible across server restarts and
//! instances.
//!
//! Only this module reads or writes that table. The per-invitation attempt limit is a domain
//! rule (`baton-core`); this one is about clients, which the domain does not know.

use std::net::IpAddr;

use baton_core::Timestamp;
use serde::Deserialize;
use sqlx::sqlite::SqlitePool;

/// The `[limits]` table: how many failures a client may have in a window, and what one
/// client may hold of the server (connections, time, event streams).
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct LimitSettings {
    /// Failed attempts allowed per window (default 10).
    pub max_failures: u32,
    /// Length of a window in seconds, counted from its first failure (default 600).
    pub window_seconds: u64,
    /// Seconds a client has to send a request's head once it started it or opened the
    /// connection; then the connection is closed (default 10, 0 = no limit).
    pub header_read_timeout_seconds: u64,
    /// Seconds a keep-alive connection may stay silent after a response before it is closed
    /// (default 60, 0 = no limit).
    pub keep_alive_idle_seconds: u64,
    /// Seconds a request may take until its response starts; then 503 (default 30, 0 = no
    /// limit). The event stream's response starts at once, so it is not cut.
    pub request_timeout_seconds: u64,
    /// Seconds requests in flight get to finish when the server stops, before the remaining
    /// connections are closed (default 10).
    pub shutdown_grace_seconds: u64,
    /// Event streams (`GET /baton/v1/events`) one person may have open at once (default 8).
    pub max_streams_per_person: u32,
}

impl Default for LimitSettings {
    fn default() -> Self {
        Self {
            max_failures: 10,
            window_seconds: 600,
            header_read_timeout_seconds: 10,
            keep_alive_idle_seconds: 60,
            request_timeout_seconds: 30,
            shutdown_grace_seconds: 10,
            max_streams_per_person: 8,
        }
    }
}

/// A client that must wait before trying again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryAfter {
    /// When the client's window ends and attempts are accepted again.
    pub until: Timestamp,
}

impl RetryAfter {
    /// Whole seconds from `now` until [`RetryAfter::until`], for a `Retry-After` header.
    pub fn seconds_from(self, now: Timestamp) -> u64 {
        now.seconds_until(self.until)
    }
}

/// Why an attempt may not be made.
#[derive(Debug, thiserror::Error)]
pub enum LimitError {
    /// Too many failures in the current window.
    #[error("too many failed attempts; try again later")]
    TooManyAttempts(RetryAfter),
    /// The database failed.
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
}

/// The key under which a client's failures are counted: the IPv4 address, or the /64 prefix
/// of an IPv6 address (one subscriber usually holds a whole /64, so counting single IPv6
/// addresses would give an attacker billions of fresh budgets).
pub fn client_key(address: IpAddr) -> String {
    match address {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
    }
}

/// Failed attempts per client, over the server's pool.
#[derive(Clone, Debug)]
pub struct PinAttemptLimiter {
    pool: SqlitePool,
    settings: LimitSettings,
}

impl PinAttemptLimiter {
    /// The limiter over `pool` (migrated by [`crate::store::EventStore::open`]).
    pub fn new(pool: SqlitePool, settings: LimitSettings) -> Self {
        Self { pool, settings }
    }

    fn window_millis(&self) -> i64 {
        Timestamp(0)
            .plus_seconds(self.settings.window_seconds)
            .as_millis()
    }

    /// Whether `client` may make an attempt at `now`.
    pub async fn check(&self, client: &str, now: Timestamp) -> Result<(), LimitError> {
        let row: Option<(i64, i64)> =
            sqlx::query_as("SELECT window_start, failures FROM pin_attempts WHERE client = ?")
                .bind(client)
                .fetch_optional(&self.pool)
                .await?;
        match row {
            Some((start, failures))
                if failures >= i64::from(self.settings.max_failures)
                    && now.as_millis() < start.saturating_add(self.window_millis()) =>
            {
                Err(LimitError::TooManyAttempts(RetryAfter {
                    until: Timestamp(start.saturating_add(self.window_millis())),
                }))
            }
            _ => Ok(()),
        }
    }

    /// Counts a failed attempt of `client` at `now`; a window that has ended starts anew.
    pub async fn record_failure(&self, client: &str, now: Timestamp) -> Result<(), LimitError> {
        // One statement, so that concurrent failures of one client are all counted.
        sqlx::query(
            "INSERT INTO pin_attempts (client, window_start, failures) VALUES (?1, ?2, 1)
             ON CONFLICT (client) DO UPDATE SET
               failures = CASE WHEN window_start + ?3 <= ?2 THEN 1 ELSE failures + 1 END,
               window_start = CASE WHEN window_start + ?3 <= ?2 THEN ?2 ELSE window_start END",
        )
        .bind(client)
        .bind(now.as_millis())
        .bind(self.window_millis())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Forgets the failures of `client` after a successful attempt.
    pub async fn record_success(&self, client: &str) -> Result<(), LimitError> {
        sqlx::query("DELETE FROM pin_attempts WHERE client = ?")
            .bind(client)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Deletes the rows of windows that have ended at `now` (clients that never come back
    /// would leave them otherwise); returns how many.
    pub async fn purge_expired(&self, now: Timestamp) -> Result<u64, LimitError> {
        Ok(
            sqlx::query("DELETE FROM pin_attempts WHERE window_start + ? <= ?")
                .bind(self.window_millis())
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

    const MINUTE: i64 = 60_000;

    async fn limiter(settings: LimitSettings) -> (tempfile::TempDir, PinAttemptLimiter) {
        let dir = tempfile::tempdir().unwrap();
        let events = EventStore::open(&dir.path().join("baton.db"))
            .await
            .unwrap();
        (dir, PinAttemptLimiter::new(events.pool().clone(), settings))
    }

    fn retry_until(result: Result<(), LimitError>) -> Option<Timestamp> {
        match result {
            Err(LimitError::TooManyAttempts(retry)) => Some(retry.until),
            _ => None,
        }
    }

    #[tokio::test]
    async fn the_eleventh_attempt_in_ten_minutes_is_refused_until_the_window_ends() {
        let (_dir, limiter) = limiter(LimitSettings::default()).await;
        let ip = "203.0.113.7";
        for minute in 0..10 {
            let now = Timestamp(minute * 30_000);
            limiter.check(ip, now).await.unwrap();
            limiter.record_failure(ip, now).await.unwrap();
        }
        let blocked = limiter.check(ip, Timestamp(5 * MINUTE)).await;
        assert_eq!(retry_until(blocked), Some(Timestamp(10 * MINUTE)));
        let Err(LimitError::TooManyAttempts(retry)) =
            limiter.check(ip, Timestamp(9 * MINUTE + 1)).await
        else {
            panic!("still blocked")
        };
        assert_eq!(retry.seconds_from(Timestamp(9 * MINUTE + 1)), 60);
        limiter.check(ip, Timestamp(10 * MINUTE)).await.unwrap();
    }

    #[tokio::test]
    async fn a_new_window_starts_after_the_old_one_ended() {
        let settings = LimitSettings {
            max_failures: 2,
            window_seconds: 60,
            ..LimitSettings::default()
        };
        let (_dir, limiter) = limiter(settings).await;
        limiter.record_failure("c", Timestamp(0)).await.unwrap();
        limiter
            .record_failure("c", Timestamp(MINUTE))
            .await
            .unwrap();
        limiter
            .check("c", Timestamp(MINUTE))
            .await
            .expect("the first failure's window had ended: one failure in the new one");
        limiter
            .record_failure("c", Timestamp(MINUTE + 1))
            .await
            .unwrap();
        assert_eq!(
            retry_until(limiter.check("c", Timestamp(MINUTE + 2)).await),
            Some(Timestamp(2 * MINUTE))
        );
    }

    #[tokio::test]
    async fn clients_are_counted_apart_and_success_forgets_failures() {
        let settings = LimitSettings {
            max_failures: 1,
            window_seconds: 600,
            ..LimitSettings::default()
        };
        let (_dir, limiter) = limiter(settings).await;
        limiter.record_failure("a", Timestamp(0)).await.unwrap();
        assert!(limiter.check("a", Timestamp(1)).await.is_err());
        limiter.check("b", Timestamp(1)).await.unwrap();
        limiter.record_success("a").await.unwrap();
        limiter.check("a", Timestamp(2)).await.unwrap();
    }

    #[tokio::test]
    async fn ended_windows_are_purged() {
        let (_dir, limiter) = limiter(LimitSettings::default()).await;
        limiter.record_failure("old", Timestamp(0)).await.unwrap();
        limiter
            .record_failure("new", Timestamp(5 * MINUTE))
            .await
            .unwrap();
        assert_eq!(
            limiter.purge_expired(Timestamp(10 * MINUTE)).await.unwrap(),
            1
        );
        assert_eq!(
            limiter.purge_expired(Timestamp(15 * MINUTE)).await.unwrap(),
            1
        );
    }

    #[test]
    fn ipv6_clients_are_counted_per_64_prefix() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:bbbb::2".parse().unwrap();
        assert_eq!(client_key(a), client_key(b));
        assert_eq!(client_key(a), "2001:db8:1:2::/64");
        assert_eq!(client_key("203.0.113.7".parse().unwrap()), "203.0.113.7");
        assert_eq!(
            client_key("::ffff:203.0.113.7".parse().unwrap()),
            "203.0.113.7"
        );
    }
}
