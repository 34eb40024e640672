//! Guesses at passwords, PINs and invitation-link tokens, as handlers make them: counted by
//! the limiter before the guess is checked (429 with `Retry-After` once a budget is spent,
//! before any hashing or lookup), settled after it (a success refunded, a failure logged and
//! counted in `/metrics`).
//!
//! The budgets and their storage are `crate::limits`'; what a correct guess is stays with the
//! callers (the credential store, the domain's token rules).

use baton_core::Timestamp;

use super::App;
use super::error::ApiError;
use crate::limits::{Attempt, Guess};
use crate::metrics::{GuessCounters, Metrics};

impl App {
    fn guess_counters(&self, guess: Guess<'_>) -> &GuessCounters {
        match guess {
            Guess::Password { .. } => &self.metrics.password_guesses,
            Guess::Token { .. } => &self.metrics.token_guesses,
        }
    }

    /// Counts `guess` before it is checked; refused with 429 once one of its budgets is spent.
    pub async fn begin_guess(&self, guess: Guess<'_>, now: Timestamp) -> Result<Attempt, ApiError> {
        self.limiter.attempt(guess, now).await.map_err(|error| {
            Metrics::inc(&self.guess_counters(guess).limited);
            ApiError::limited(error, now)
        })
    }

    /// Settles a guess begun with [`App::begin_guess`]: a right one is refunded, a wrong one
    /// stays counted and is logged.
    pub async fn settle_guess(&self, guess: Guess<'_>, attempt: Attempt, right: bool) {
        if right {
            // Refunding is a courtesy; what was guessed stands without it.
            if let Err(error) = self.limiter.succeeded(attempt).await {
                tracing::warn!(%error, "a right guess stays counted as a failure");
            }
        } else {
            Metrics::inc(&self.guess_counters(guess).failed);
            tracing::info!(kind = guess.kind(), "wrong guess");
        }
    }
}
