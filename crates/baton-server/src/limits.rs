//! Limits on guessing, in the `pin_attempts` table, so that they hold across server restarts
//! and instances: passwords (the sign-in form and HTTP Basic alike, per client and per
//! username) and PINs and invitation links (per client, and for the whole server).
//!
//! An attempt is counted *before* it is made, in one transaction over all its budgets, and
//! refunded when it succeeds: concurrent guesses cannot slip past a check that has not seen
//! the others yet, and a refused attempt costs nothing (no password hash, no lookup).
//!
//! Only this module reads or writes that table. The per-invitation attempt limit is a domain
//! rule (`baton-core`); these are about clients and the server, which the domain does not
//! know.

use std::net::IpAddr;

use crate::database::Pool;
use baton_core::Timestamp;
use serde::Deserialize;

/// The `[limits]` table: how many failures a client may have in a window, and what one
/// client may hold of the server (connections, time, event streams).
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct LimitSettings {
    /// Failed attempts allowed per client address, and per username, per window (default 10).
    pub max_failures: u32,
    /// Length of a window in seconds, counted from its first failure (default 600).
    pub window_seconds: u64,
    /// Failed PIN and link redemptions the whole server allows per server window, whoever
    /// makes them (default 50): with 8-digit PINs, the chance that a window's guesses open
    /// any of 100 open PINs is 50 x 100 / 10^8 = 1 in 20,000.
    pub server_max_failures: u32,
    /// Length of the server-wide window in seconds (default 3600).
    pub server_window_seconds: u64,
    /// Password hashes computed at once (default 4); more wait. Each takes ~19 MiB and tens of
    /// milliseconds of CPU, so a flood of credentials cannot exhaust the machine.
    pub max_concurrent_password_hashes: u32,
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
            server_max_failures: 50,
            server_window_seconds: 3600,
            max_concurrent_password_hashes: 4,
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

/// One budget: how many attempts fail before the rest of the window is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Budget {
    max: u32,
    window_seconds: u64,
}

impl Budget {
    fn window_millis(self) -> i64 {
        Timestamp(0).plus_seconds(self.window_seconds).as_millis()
    }
}

/// What is being guessed, and by whom.
#[derive(Clone, Copy, Debug)]
pub enum Guess<'a> {
    /// A password, over the sign-in form or HTTP Basic.
    Password {
        /// The username tried (counted without regard to ASCII case, like usernames).
        username: &'a str,
        /// The client's key ([`client_key`]).
        client: &'a str,
    },
    /// A PIN or invitation-link token.
    Token {
        /// The client's key ([`client_key`]).
        client: &'a str,
    },
}

impl Guess<'_> {
    /// The kind, for metrics and logs.
    pub fn kind(self) -> &'static str {
        match self {
            Guess::Password { .. } => "password",
            Guess::Token { .. } => "token",
        }
    }
}

/// An attempt counted against its budgets; [`AttemptLimiter::succeeded`] refunds it.
#[derive(Debug)]
#[must_use = "a successful attempt is refunded with `AttemptLimiter::succeeded`"]
pub struct Attempt {
    /// Each budget's key and the window the attempt was counted in.
    counted: Vec<(String, i64)>,
}

/// Why an attempt may not be made.
#[derive(Debug, thiserror::Error)]
pub enum LimitError {
    /// Too many failures in the current window of one of the attempt's budgets.
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

/// Counts attempts against their budgets, over the server's pool.
#[derive(Clone, Debug)]
pub struct AttemptLimiter {
    pool: Pool,
    settings: LimitSettings,
}

impl AttemptLimiter {
    /// The limiter over `pool` (migrated by [`crate::store::EventStore::open`]).
    pub fn new(pool: Pool, settings: LimitSettings) -> Self {
        Self { pool, settings }
    }

    fn budgets(&self, guess: Guess<'_>) -> Vec<(String, Budget)> {
        let per_client = Budget {
            max: self.settings.max_failures,
            window_seconds: self.settings.window_seconds,
        };
        match guess {
            Guess::Password { username, client } => vec![
                (format!("login:{client}"), per_client),
                (
                    format!("login-user:{}", username.to_ascii_lowercase()),
                    per_client,
                ),
            ],
            Guess::Token { client } => vec![
                (client.to_owned(), per_client),
                (
                    "redeem:server".to_owned(),
                    Budget {
                        max: self.settings.server_max_failures,
                        window_seconds: self.settings.server_window_seconds,
                    },
                ),
            ],
        }
    }

    /// Counts an attempt at `guess` made at `now` against all its budgets at once, or refuses
    /// it, counting nothing, when one of them is spent.
    pub async fn attempt(&self, guess: Guess<'_>, now: Timestamp) -> Result<Attempt, LimitError> {
        let mut transaction = self.pool.begin().await?;
        let mut counted = Vec::new();
        let mut refused: Option<RetryAfter> = None;
        for (key, budget) in self.budgets(guess) {
            // Counts up to one past the budget, so the answer tells a counted attempt (at most
            // `max`) from a refused one; a window that has ended starts anew.
            let (start, attempts): (i64, i64) = sqlx::query_as(
                "INSERT INTO pin_attempts (client, window_start, failures) VALUES ($1, $2, 1)
                 ON CONFLICT (client) DO UPDATE SET
                   failures = CASE WHEN pin_attempts.window_start + $3 <= $2 THEN 1
                                   WHEN pin_attempts.failures > $4 THEN $4 + 1
                                   ELSE pin_attempts.failures + 1 END,
                   window_start = CASE WHEN pin_attempts.window_start + $3 <= $2 THEN $2 ELSE pin_attempts.window_start END
                 RETURNING window_start, failures",
            )
            .bind(&key)
            .bind(now.as_millis())
            .bind(budget.window_millis())
            .bind(i64::from(budget.max))
            .fetch_one(&mut *transaction)
            .await?;
            if attempts > i64::from(budget.max) {
                let until = Timestamp(start.saturating_add(budget.window_millis()));
                refused = Some(refused.map_or(RetryAfter { until }, |r| RetryAfter {
                    until: r.until.max(until),
                }));
            }
            counted.push((key, start));
        }
        match refused {
            Some(retry) => {
                transaction.rollback().await?;
                tracing::warn!(kind = guess.kind(), "guessing limited");
                Err(LimitError::TooManyAttempts(retry))
            }
            None => {
                transaction.commit().await?;
                Ok(Attempt { counted })
            }
        }
    }

    /// Refunds a successful attempt: only failures count.
    pub async fn succeeded(&self, attempt: Attempt) -> Result<(), LimitError> {
        let mut transaction = self.pool.begin().await?;
        for (key, start) in &attempt.counted {
            sqlx::query(
                "UPDATE pin_attempts SET failures = CASE WHEN failures > 0 THEN failures - 1 ELSE 0 END
                 WHERE client = $1 AND window_start = $2",
            )
            .bind(key)
            .bind(start)
            .execute(&mut *transaction)
            .await?;
        }
        transaction.commit().await?;
        Ok(())
    }

    /// Deletes the rows of windows that have ended at `now` (clients that never come back
    /// would leave them otherwise); returns how many.
    pub async fn purge_expired(&self, now: Timestamp) -> Result<u64, LimitError> {
        let longest = Budget {
            max: 0,
            window_seconds: self
                .settings
                .window_seconds
                .max(self.settings.server_window_seconds),
        };
        Ok(
            sqlx::query("DELETE FROM pin_attempts WHERE window_start + $1 <= $2")
                .bind(longest.window_millis())
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

    async fn limiter(settings: LimitSettings) -> (tempfile::TempDir, AttemptLimiter) {
        let dir = tempfile::tempdir().unwrap();
        let events = EventStore::open(&dir.path().join("baton.db"))
            .await
            .unwrap();
        (dir, AttemptLimiter::new(events.pool().clone(), settings))
    }

    fn retry_until(result: Result<Attempt, LimitError>) -> Option<Timestamp> {
        match result {
            Err(LimitError::TooManyAttempts(retry)) => Some(retry.until),
            _ => None,
        }
    }

    fn token(client: &str) -> Guess<'_> {
        Guess::Token { client }
    }

    #[tokio::test]
    async fn the_eleventh_attempt_in_ten_minutes_is_refused_until_the_window_ends() {
        let (_dir, limiter) = limiter(LimitSettings::default()).await;
        let ip = "203.0.113.7";
        for minute in 0..10 {
            let _failed = limiter
                .attempt(token(ip), Timestamp(minute * 30_000))
                .await
                .unwrap();
        }
        let blocked = limiter.attempt(token(ip), Timestamp(5 * MINUTE)).await;
        assert_eq!(retry_until(blocked), Some(Timestamp(10 * MINUTE)));
        let Err(LimitError::TooManyAttempts(retry)) =
            limiter.attempt(token(ip), Timestamp(9 * MINUTE + 1)).await
        else {
            panic!("still blocked")
        };
        assert_eq!(retry.seconds_from(Timestamp(9 * MINUTE + 1)), 60);
        let _new_window = limiter
            .attempt(token(ip), Timestamp(10 * MINUTE))
            .await
            .unwrap();
    }

    #[tokio::test]
    async fn concurrent_attempts_get_no_more_than_the_budget() {
        let (_dir, limiter) = limiter(LimitSettings::default()).await;
        let tries = (0..30).map(|_| {
            let limiter = limiter.clone();
            tokio::spawn(async move { limiter.attempt(token("c"), Timestamp(0)).await.is_ok() })
        });
        let mut allowed = 0;
        for task in tries {
            allowed += usize::from(task.await.unwrap());
        }
        assert_eq!(allowed, 10);
    }

    #[tokio::test]
    async fn a_success_is_refunded_and_a_refusal_costs_no_other_budget() {
        let settings = LimitSettings {
            max_failures: 1,
            server_max_failures: 2,
            ..LimitSettings::default()
        };
        let (_dir, limiter) = limiter(settings).await;
        let fine = limiter.attempt(token("a"), Timestamp(0)).await.unwrap();
        limiter.succeeded(fine).await.unwrap();
        let _failed = limiter.attempt(token("a"), Timestamp(1)).await.unwrap();
        assert!(limiter.attempt(token("a"), Timestamp(2)).await.is_err());
        assert!(limiter.attempt(token("a"), Timestamp(3)).await.is_err());
        // "a" spent one of the server's two, however often it was refused since.
        let _failed = limiter.attempt(token("b"), Timestamp(4)).await.unwrap();
        assert_eq!(
            retry_until(limiter.attempt(token("c"), Timestamp(5)).await),
            Some(Timestamp(60 * MINUTE)),
            "the server's budget is spent, for every client"
        );
    }

    #[tokio::test]
    async fn passwords_are_limited_per_username_and_per_client() {
        let settings = LimitSettings {
            max_failures: 2,
            ..LimitSettings::default()
        };
        let (_dir, limiter) = limiter(settings).await;
        let password = |username, client| Guess::Password { username, client };
        for client in ["10.0.0.1", "10.0.0.2"] {
            let _failed = limiter
                .attempt(password("Anna", client), Timestamp(0))
                .await
                .unwrap();
        }
        assert!(
            limiter
                .attempt(password("anna", "10.0.0.3"), Timestamp(1))
                .await
                .is_err(),
            "a third client against the same username"
        );
        let _failed = limiter
            .attempt(password("ben", "10.0.0.4"), Timestamp(1))
            .await
            .unwrap();
        let _failed = limiter
            .attempt(password("clara", "10.0.0.4"), Timestamp(1))
            .await
            .unwrap();
        assert!(
            limiter
                .attempt(password("david", "10.0.0.4"), Timestamp(2))
                .await
                .is_err(),
            "one client against a third username"
        );
        let _pins_apart = limiter
            .attempt(token("10.0.0.4"), Timestamp(2))
            .await
            .unwrap();
    }

    #[tokio::test]
    async fn ended_windows_are_purged() {
        let settings = LimitSettings {
            server_window_seconds: 600,
            ..LimitSettings::default()
        };
        let (_dir, limiter) = limiter(settings).await;
        let _old = limiter.attempt(token("old"), Timestamp(0)).await.unwrap();
        let _new = limiter
            .attempt(token("new"), Timestamp(5 * MINUTE))
            .await
            .unwrap();
        assert_eq!(
            limiter.purge_expired(Timestamp(10 * MINUTE)).await.unwrap(),
            2,
            "\"old\" and the server's window, both from minute 0"
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
