//! The delegation scheduler: drives `baton-core`'s delegation engine with the server's clock
//! (`App::clock`: real time, or a manual clock that tests move) and records what its effects
//! say happened, as `Actor::System` commands (`RecordDeputiesNotified`,
//! `RecordDelegationUnanswered`, `CancelDeputyPrompt`).
//!
//! It sends nothing itself: e-mails and webhooks follow from the recorded events through the
//! checkpointed feed (`webhook_feed` with `notices`), so a crash between recording and sending
//! loses no notice. `RevokeNotifications` needs no record: the feed withdraws pushes from the
//! accepting, declining or revoking event itself (also after the delegation went unanswered,
//! which the engine no longer tracks). After a restart the engine is restored from the state
//! and overdue deadlines fire once.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use baton_core::command::Command;
use baton_core::delegation::Effect;
use baton_core::{Actor, Timestamp};

use crate::clock;
use crate::http::App;
use crate::http::error::ApiError;

/// Longest sleep when nothing is due (the engine wakes the scheduler on every new event).
const IDLE: Duration = Duration::from_secs(3_600);

/// Runs until `stop` resolves.
pub async fn run(app: Arc<App>, stop: impl Future<Output = ()>) {
    tokio::pin!(stop);
    loop {
        let now = app.clock.now();
        for effect in app.runtime.fire_due(now) {
            if let Err(error) = record(&app, effect, now).await {
                tracing::warn!(%error, "a delegation effect could not be recorded");
            }
        }
        let wake = app
            .runtime
            .next_deadline()
            .unwrap_or_else(|| clock::after(app.clock.now(), IDLE));
        tokio::select! {
            () = app.clock.sleep_until(wake) => {}
            () = app.runtime.engine_changed() => {}
            () = &mut stop => return,
        }
    }
}

/// The command that records an effect, if it needs one.
fn command(effect: Effect) -> Option<Command> {
    match effect {
        Effect::NotifyDeputies {
            invitation,
            level,
            deputies,
            ..
        } => Some(Command::RecordDeputiesNotified {
            invitation,
            level,
            deputies,
        }),
        Effect::Unanswered { invitation, .. } => {
            Some(Command::RecordDelegationUnanswered { invitation })
        }
        Effect::CancelPrompt {
            conversation,
            prompt,
        } => Some(Command::CancelDeputyPrompt {
            conversation,
            prompt,
        }),
        Effect::RevokeNotifications { .. } => None,
    }
}

async fn record(app: &App, effect: Effect, now: Timestamp) -> Result<(), ApiError> {
    if let Some(command) = command(effect) {
        app.execute_at(&Actor::System, command, now).await?;
    }
    Ok(())
}
