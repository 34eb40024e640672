//! The delegation scheduler: drives `baton-core`'s delegation engine with real time and
//! carries out its effects.
//!
//! Effects become commands first (`RecordDeputiesNotified`, `RecordDelegationUnanswered`,
//! `CancelDeputyPrompt`, as `Actor::System`), so the log records them before anyone is told;
//! notifications go to the mail and webhook outboxes from what was recorded. After a restart
//! the engine is restored from the state and overdue deadlines fire once.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use baton_api::wire::conversation::ConversationData;
use baton_api::wire::person::PersonData;
use baton_api::wire::webhook::{
    AssignmentRequestUnansweredEvent, DeputyDelegationPushEvent, DeputyDelegationPushKind,
};
use baton_core::command::Command;
use baton_core::delegation::Effect;
use baton_core::deputy::PlannedDeputy;
use baton_core::event::Event;
use baton_core::id::{ConversationId, InvitationId, PersonId};
use baton_core::text::TextKey;
use baton_core::{Actor, State, Timestamp};

use crate::clock;
use crate::http::App;
use crate::http::error::ApiError;
use crate::mail::Mail;

/// Longest sleep when nothing is due (the engine wakes the scheduler on every new event).
const IDLE: Duration = Duration::from_secs(3_600);

/// Runs until `stop` resolves.
pub async fn run(app: Arc<App>, stop: impl Future<Output = ()>) {
    tokio::pin!(stop);
    loop {
        let now = clock::now();
        for effect in app.runtime.fire_due(now) {
            if let Err(error) = carry_out(&app, effect, now).await {
                tracing::warn!(%error, "a delegation effect could not be carried out");
            }
        }
        let wait = app.runtime.next_deadline().map_or(IDLE, |at| {
            Duration::from_millis(u64::try_from(at.0.saturating_sub(clock::now().0)).unwrap_or(0))
        });
        tokio::select! {
            () = tokio::time::sleep(wait) => {}
            () = app.runtime.engine_changed() => {}
            () = &mut stop => return,
        }
    }
}

async fn carry_out(app: &App, effect: Effect, now: Timestamp) -> Result<(), ApiError> {
    match effect {
        Effect::NotifyDeputies {
            invitation,
            level,
            deputies,
            ..
        } => {
            let recorded = app
                .execute_at(
                    &Actor::System,
                    Command::RecordDeputiesNotified {
                        invitation: invitation.clone(),
                        level,
                        deputies,
                    },
                    now,
                )
                .await?;
            // Notify whom the log says was notified: `decide` drops anyone already asked.
            for r in recorded {
                if let Event::DeputiesNotified {
                    conversation,
                    deputies,
                    ..
                } = &r.event
                {
                    notify(
                        app,
                        &invitation,
                        conversation,
                        deputies,
                        level.number(),
                        now,
                    )
                    .await?;
                }
            }
        }
        Effect::RevokeNotifications {
            invitation,
            conversation,
            persons,
        } => {
            for person in persons {
                push(
                    app,
                    DeputyDelegationPushKind::Revoke,
                    &invitation,
                    &conversation,
                    &person,
                    now,
                )
                .await?;
            }
        }
        Effect::Unanswered { invitation, .. } => {
            app.execute_at(
                &Actor::System,
                Command::RecordDelegationUnanswered {
                    invitation: invitation.clone(),
                },
                now,
            )
            .await?;
            let payload = app.runtime.read(|state| {
                let i = state.invitations.get(&invitation)?;
                let c = state.conversations.get(&i.conversation)?;
                AssignmentRequestUnansweredEvent::new(now, i, ConversationData::from(c))
            });
            if let Some(payload) = payload {
                enqueue(
                    app,
                    AssignmentRequestUnansweredEvent::EVENT_TYPE,
                    &payload,
                    now,
                )
                .await?;
            }
        }
        Effect::CancelPrompt {
            conversation,
            prompt,
        } => {
            app.execute_at(
                &Actor::System,
                Command::CancelDeputyPrompt {
                    conversation,
                    prompt,
                },
                now,
            )
            .await?;
        }
    }
    Ok(())
}

/// E-mails and web-pushes the deputies of a level, each on the channels they chose.
async fn notify(
    app: &App,
    invitation: &InvitationId,
    conversation: &ConversationId,
    deputies: &[PlannedDeputy],
    level: u8,
    now: Timestamp,
) -> Result<(), ApiError> {
    let (customer, agent) = app.runtime.read(|state| names(state, invitation));
    let texts = &app.settings.properties.texts;
    let level = level.to_string();
    let values = [
        ("customer", customer.as_str()),
        ("agent", agent.as_str()),
        ("level", level.as_str()),
    ];
    for deputy in deputies {
        if deputy.channels.email {
            let email = app.runtime.read(|s| {
                s.directory
                    .person(&deputy.person)
                    .and_then(|p| p.email.clone())
            });
            if let Some(to) = email {
                let mail = Mail {
                    to,
                    subject: texts.render(TextKey::DeputyDelegationEmailSubject, "en", &values),
                    body: texts.render(TextKey::DeputyDelegationEmailBody, "en", &values),
                };
                app.mailer
                    .enqueue(&mail, now)
                    .await
                    .map_err(|e| ApiError::Internal(e.to_string()))?;
            }
        }
        if deputy.channels.web_push {
            push(
                app,
                DeputyDelegationPushKind::Notify,
                invitation,
                conversation,
                &deputy.person,
                now,
            )
            .await?;
        }
    }
    Ok(())
}

/// The customer's and the original agent's display names, for notification texts.
fn names(state: &State, invitation: &InvitationId) -> (String, String) {
    let name = |id: Option<&PersonId>| {
        id.and_then(|p| state.directory.person(p))
            .map_or_else(String::new, |p| p.display_name.clone())
    };
    let i = state.invitations.get(invitation);
    let customer = i
        .and_then(|i| state.conversations.get(&i.conversation))
        .and_then(|c| c.context_person().cloned());
    let agent = i.and_then(|i| i.target_agent().cloned());
    (name(customer.as_ref()), name(agent.as_ref()))
}

/// Queues a deputy push webhook (`push_notification.deputy_delegation` or its revocation).
async fn push(
    app: &App,
    kind: DeputyDelegationPushKind,
    invitation: &InvitationId,
    conversation: &ConversationId,
    person: &PersonId,
    now: Timestamp,
) -> Result<(), ApiError> {
    let payload = app.runtime.read(|state| {
        let recipient = state.directory.person(person)?;
        let i = state.invitations.get(invitation)?;
        let c = state.conversations.get(conversation)?;
        Some(DeputyDelegationPushEvent {
            kind,
            timestamp: now,
            event_type: kind.event_type().into(),
            account_id: i.account.clone(),
            recipient: PersonData::from(recipient),
            locale: None,
            conversation_id: conversation.clone(),
            device_tokens: Vec::new(),
            invitation_id: invitation.clone(),
            context_person: c
                .context_person()
                .and_then(|p| state.directory.person(p))
                .map(PersonData::from),
            conversation_start_url: None,
            primary_agent_person: i
                .target_agent()
                .and_then(|p| state.directory.person(p))
                .map(PersonData::from),
        })
    });
    match payload {
        Some(payload) => enqueue(app, kind.event_type(), &payload, now).await,
        None => Ok(()),
    }
}

async fn enqueue(
    app: &App,
    event: &str,
    payload: &impl serde::Serialize,
    now: Timestamp,
) -> Result<(), ApiError> {
    let value = serde_json::to_value(payload).map_err(|e| ApiError::Internal(e.to_string()))?;
    app.webhooks
        .enqueue(event, &value, now)
        .await
        .map(|_| ())
        .map_err(|e| ApiError::Internal(e.to_string()))
}
