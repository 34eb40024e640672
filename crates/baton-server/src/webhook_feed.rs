//! The webhook feed: a background loop that turns recorded domain events into Unblu's webhook
//! events in the outbox (`Webhooks::enqueue`), which `webhooks` then signs and delivers.
//!
//! Events and what they become (payloads are `baton-api`'s `wire::webhook` shapes):
//! - a conversation created / becoming ACTIVE, QUEUED (from ONBOARDING; else REQUEUED),
//!   UNASSIGNED, ENDED, its awaited person type changing: `conversation.created`,
//!   `.active`, `.queued` / `.requeued`, `.unassigned`, `.ended`,
//!   `.awaitedpersontype_changed`; every change to what `ConversationData` shows (state,
//!   participants, assignee, awaited person type) also `conversation.updated`;
//! - participants joining (created, and activated since Baton's join active), being hidden or
//!   shown, leaving: `conversation.participation.created` / `.activated` / `.hidden` /
//!   `.unhidden` / `.left`;
//! - forwardings created, accepted, revoked or declined: `agent_forwarding.created` /
//!   `.redeemed` / `.revoked`;
//! - PIN invitations created, redeemed, renewed, revoked: `pin.created` / `.redeemed` /
//!   `.renewed` / `.revoked` (never carrying the PIN).
//!
//! Delegation notices come from the log too (`notices`): deputies' e-mails and
//! `push_notification.deputy_delegation` from `DeputiesNotified`, their withdrawal
//! (`push_notification.revoke_deputy_delegation`) from the accept / decline / revoke, and
//! `assignment_request.unanswered` from `DelegationUnanswered`.
//!
//! E-mails and web pushes come from the log too: the customer's invitation e-mail from the
//! recorded invitation, deputies' e-mails and pushes from `DeputiesNotified`, the pushes'
//! close from the request's end (`notices`; the push outbox writes one per device).
//!
//! Nothing is lost across restarts: the last log position handled is kept in
//! `webhook_feed_checkpoint` (written every few hundred events and when the log goes quiet).
//! At start the feed follows the log after the checkpoint, then the live events (a
//! [`LogFollower`], which goes back to the log whenever the live receiver lagged). Webhook and
//! e-mail ids derive from the log position, so what is re-enqueued after a crash is dropped by
//! the outboxes (one item per event id). Payloads show the conversation as it is when the feed
//! handles the event: live, that is right after it; after a restart, the present.
//!
//! The feed never waits for a delivery and never stops on one item: every webhook and e-mail
//! is its own outbox item that fails alone (an unusable address is parked as failed at
//! once). Only the database failing makes the feed retry from its checkpoint; an event whose
//! payload cannot be built is logged, counted (`baton_feed_events_skipped_total`) and passed.

use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use crate::database::Pool;
use baton_api::wire::conversation::{ConversationData, ConversationLeftReason};
use baton_api::wire::person::PersonData;
use baton_api::wire::shape::Tag;
use baton_api::wire::webhook::{
    AgentForwardingEvent, AgentForwardingEventKind, ContextPersonInfo, ConversationEndedEvent,
    ConversationEvent, ConversationEventKind, ConversationParticipationData, ParticipationEvent,
    ParticipationEventKind, PinEvent, PinEventKind,
};
use baton_core::conversation::{Conversation, ConversationState, Participant};
use baton_core::event::Event;
use baton_core::id::{ConversationId, InvitationId, PersonId};
use baton_core::invitation::InvitationType;
use baton_core::{State, Timestamp};
use serde_json::Value;

use crate::follow::LogFollower;
use crate::http::App;
use crate::metrics::Metrics;
use crate::notices;
use crate::outbox::Channel;
use crate::store::{Recorded, StoreError};
use crate::webhooks::WebhookError;

/// How long the feed waits before trying again after the database failed.
const RETRY: Duration = Duration::from_secs(1);

/// Why the feed could not go on (it retries from the checkpoint).
#[derive(Debug, thiserror::Error)]
enum FeedError {
    /// The event log could not be read.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The checkpoint could not be read or written.
    #[error("checkpoint: {0}")]
    Checkpoint(#[from] sqlx::Error),
    /// The outbox could not be written.
    #[error(transparent)]
    Webhook(#[from] WebhookError),
    /// An e-mail invitation's link token could not be read or forgotten.
    #[error("pending link token: {0}")]
    LinkToken(sqlx::Error),
    /// A payload could not be serialised.
    #[error("payload: {0}")]
    Json(#[from] serde_json::Error),
    /// A mail could not be put in the outbox.
    #[error(transparent)]
    Mail(#[from] crate::mail::MailError),
    /// A web push could not be put in the outbox.
    #[error(transparent)]
    Push(#[from] crate::push::PushError),
}

/// Events handled between two checkpoint writes at most.
const CHECKPOINT_EVERY: usize = 256;
/// How long the log stays quiet before the checkpoint is written anyway.
const CHECKPOINT_IDLE: std::time::Duration = std::time::Duration::from_millis(200);

/// Runs until `stop` resolves.
pub async fn run(app: Arc<App>, stop: impl Future<Output = ()>) {
    tokio::pin!(stop);
    loop {
        match follow(&app, stop.as_mut()).await {
            Ok(()) => return,
            Err(error) => tracing::warn!(%error, "the webhook feed will retry"),
        }
        tokio::select! {
            () = tokio::time::sleep(RETRY) => {}
            () = &mut stop => return,
        }
    }
}

/// Handles the log after the checkpoint, then the live events; `Ok` when stopped. The
/// checkpoint moves every [`CHECKPOINT_EVERY`] events and when the log goes quiet (the
/// outboxes drop what a replay after a crash enqueues again, by event id).
async fn follow(app: &App, mut stop: Pin<&mut impl Future<Output = ()>>) -> Result<(), FeedError> {
    let pool = app.runtime.store().pool();
    let after = checkpoint(pool).await?;
    let mut follower = LogFollower::new(Arc::clone(&app.runtime), Some(after)).await?;
    let mut handled = after;
    let mut unsaved = 0;
    loop {
        // `LogFollower::next` is cancel-safe: a quiet log or a stop loses no event.
        let next = tokio::select! {
            next = follower.next() => next?,
            () = tokio::time::sleep(CHECKPOINT_IDLE), if unsaved > 0 => {
                advance(pool, handled).await?;
                unsaved = 0;
                continue;
            }
            () = stop.as_mut() => {
                advance(pool, handled).await?;
                return Ok(());
            }
        };
        let Some(recorded) = next else {
            advance(pool, handled).await?;
            return Ok(());
        };
        match handle(app, &recorded).await {
            Ok(()) => {}
            // Deterministic: retrying would stop the feed on this event forever.
            Err(FeedError::Json(error)) => {
                tracing::error!(%error, seq = recorded.seq, "an event's notices cannot be built; skipped");
                Metrics::inc(&app.metrics.feed_events_skipped);
            }
            Err(other) => return Err(other),
        }
        handled = recorded.seq;
        unsaved += 1;
        if unsaved >= CHECKPOINT_EVERY {
            advance(pool, handled).await?;
            unsaved = 0;
        }
    }
}

/// The last log position whose webhooks are in the outbox (a registration receives the events
/// handled after it exists).
pub async fn checkpoint(pool: &Pool) -> Result<u64, sqlx::Error> {
    let last: i64 = sqlx::query_scalar("SELECT last_seq FROM webhook_feed_checkpoint WHERE id = 1")
        .fetch_one(pool)
        .await?;
    Ok(u64::try_from(last).unwrap_or(0))
}

async fn advance(pool: &Pool, seq: u64) -> Result<(), sqlx::Error> {
    let seq_value = i64::try_from(seq).unwrap_or(i64::MAX);
    sqlx::query("UPDATE webhook_feed_checkpoint SET last_seq = $1 WHERE id = 1 AND last_seq < $2")
        .bind(seq_value)
        .bind(seq_value)
        .execute(pool)
        .await?;
    Ok(())
}

/// Puts the webhooks and e-mails of one recorded event into the outboxes. Payloads nobody
/// subscribed to are not built.
async fn handle(app: &App, recorded: &Recorded) -> Result<(), FeedError> {
    let wanted = app.webhooks.subscribed_events().await?;
    let queued_from_onboarding = match &recorded.event {
        Event::ConversationStateChanged {
            conversation,
            state: ConversationState::Queued,
            ..
        } if wanted.contains("conversation.queued") || wanted.contains("conversation.requeued") => {
            previous_state(app, conversation, recorded.seq).await? == ConversationState::Onboarding
        }
        _ => false,
    };
    let e_mail_invitation = match &recorded.event {
        Event::InvitationCreated { invitation } if invitation.email.is_some() => {
            Some(&invitation.id)
        }
        _ => None,
    };
    let link_token = match e_mail_invitation {
        Some(id) => app
            .pending_link_tokens
            .get(id)
            .await
            .map_err(FeedError::LinkToken)?,
        None => None,
    };
    if let (Some(id), None) = (e_mail_invitation, &link_token) {
        // Queued before a restart (and forgotten), or from a log written before digests.
        tracing::debug!(invitation = %id, "no link token kept: no e-mail to queue");
    }
    let texts = &app.settings.properties.texts;
    let (webhooks, notices) = app.runtime.read(|state| {
        let webhooks = if wanted.is_empty() {
            Vec::new()
        } else {
            webhooks(state, recorded, queued_from_onboarding)?
        };
        let notices = notices::of(
            state,
            texts,
            &app.public_url,
            recorded,
            link_token.as_deref(),
        )?;
        Ok::<_, serde_json::Error>((webhooks, notices))
    })?;
    let now = app.clock.now();
    let mut per_name: BTreeMap<&str, usize> = BTreeMap::new();
    let mut queued = Vec::new();
    for (name, payload) in webhooks.into_iter().chain(notices.webhooks) {
        if !wanted.contains(name) {
            continue;
        }
        queued.push(Channel::Webhook);
        // Deterministic: the same recorded event always yields the same ids.
        let k = per_name.entry(name).or_default();
        let event_id = format!("evt-{}-{name}-{k}", recorded.seq);
        *k += 1;
        app.webhooks.enqueue(&event_id, name, &payload, now).await?;
    }
    for (k, mail) in notices.mails.iter().enumerate() {
        let event_id = format!("evt-{}-mail-{k}", recorded.seq);
        app.mailer.enqueue(mail, &event_id, now).await?;
        queued.push(Channel::Email);
    }
    for (k, push) in notices.pushes.iter().enumerate() {
        let event_id = format!("evt-{}-push-{k}", recorded.seq);
        if app.push.enqueue(push, &event_id, texts, now).await? > 0 {
            queued.push(Channel::Push);
        }
    }
    for channel in queued {
        app.wakers.wake(channel);
    }
    if let Some(id) = e_mail_invitation {
        app.pending_link_tokens
            .forget(id)
            .await
            .map_err(FeedError::LinkToken)?;
    }
    Ok(())
}

/// The conversation's state before the change recorded at `seq` (Unblu tells a first
/// QUEUED, from ONBOARDING, from a requeue).
async fn previous_state(
    app: &App,
    conversation: &ConversationId,
    seq: u64,
) -> Result<ConversationState, StoreError> {
    let changes = app
        .runtime
        .store()
        .conversation_events(conversation.as_str(), &["ConversationStateChanged"])
        .await?;
    Ok(changes
        .iter()
        .take_while(|r| r.seq < seq)
        .filter_map(|r| match r.event {
            Event::ConversationStateChanged { state, .. } => Some(state),
            _ => None,
        })
        .last()
        .unwrap_or(ConversationState::Created))
}

type Webhook = (&'static str, Value);

/// The webhooks one recorded event becomes, as event name and payload.
fn webhooks(
    state: &State,
    recorded: &Recorded,
    queued_from_onboarding: bool,
) -> Result<Vec<Webhook>, serde_json::Error> {
    let at = recorded.recorded_at;
    let mut out = Vec::new();
    let Some(id) = recorded.event.conversation() else {
        return Ok(out);
    };
    let Some(conversation) = state.conversations.get(id) else {
        return Ok(out);
    };
    let data = || ConversationData::from(conversation);
    let conversation_event = |kind: ConversationEventKind| {
        webhook(kind.event_type(), &ConversationEvent::new(kind, at, data()))
    };
    match &recorded.event {
        Event::ConversationCreated { .. } => {
            out.push(conversation_event(ConversationEventKind::Created)?);
        }
        Event::ConversationStateChanged { state: to, .. } => {
            let kind = match to {
                ConversationState::Active => Some(ConversationEventKind::Active),
                ConversationState::Queued if queued_from_onboarding => {
                    Some(ConversationEventKind::Queued)
                }
                ConversationState::Queued => Some(ConversationEventKind::Requeued),
                ConversationState::Unassigned => Some(ConversationEventKind::Unassigned),
                _ => None,
            };
            if let Some(kind) = kind {
                out.push(conversation_event(kind)?);
            }
            if *to == ConversationState::Ended {
                out.push(ended(conversation, at)?);
            }
        }
        Event::AwaitedPersonTypeChanged { .. } => {
            out.push(conversation_event(
                ConversationEventKind::AwaitedPersonTypeChanged,
            )?);
        }
        Event::ParticipantAdded { participant, .. } => {
            let mut kinds = vec![ParticipationEventKind::Created];
            if participant.is_active() {
                kinds.push(ParticipationEventKind::Activated);
            }
            for kind in kinds {
                if let Some(event) = participation(state, conversation, participant, kind, at) {
                    out.push(webhook(kind.event_type(), &event)?);
                }
            }
        }
        Event::ParticipantVisibilityChanged { person, hidden, .. } => {
            let kind = if *hidden {
                ParticipationEventKind::Hidden
            } else {
                ParticipationEventKind::Unhidden
            };
            if let Some(event) = latest_participation(conversation, person)
                .and_then(|p| participation(state, conversation, p, kind, at))
            {
                out.push(webhook(kind.event_type(), &event)?);
            }
        }
        Event::ParticipantOffboarded {
            person,
            reason,
            comment,
            ..
        } => {
            let kind = ParticipationEventKind::Left;
            if let Some(mut event) = latest_participation(conversation, person)
                .and_then(|p| participation(state, conversation, p, kind, at))
            {
                event.participation.left_reason = Some(ConversationLeftReason::from(*reason));
                event.participation.left_comment = comment.clone();
                out.push(webhook(kind.event_type(), &event)?);
            }
        }
        Event::InvitationCreated { invitation } => {
            out.extend(invitation_event(
                state,
                conversation,
                &invitation.id,
                at,
                Family::Created,
            )?);
        }
        Event::InvitationAccepted { invitation, .. } => {
            out.extend(invitation_event(
                state,
                conversation,
                invitation,
                at,
                Family::Redeemed,
            )?);
        }
        Event::TokenRedeemed { invitation, .. } => {
            out.extend(invitation_event(
                state,
                conversation,
                invitation,
                at,
                Family::Redeemed,
            )?);
        }
        Event::InvitationRevoked { invitation, .. }
        | Event::InvitationDeclined { invitation, .. } => {
            out.extend(invitation_event(
                state,
                conversation,
                invitation,
                at,
                Family::Revoked,
            )?);
        }
        Event::PinRenewed { invitation, .. } => {
            out.extend(invitation_event(
                state,
                conversation,
                invitation,
                at,
                Family::Renewed,
            )?);
        }
        _ => {}
    }
    if changes_conversation_data(&recorded.event) {
        out.push(conversation_event(ConversationEventKind::Updated)?);
    }
    Ok(out)
}

/// Whether the event changes what `ConversationData` shows.
fn changes_conversation_data(event: &Event) -> bool {
    matches!(
        event,
        Event::ConversationStateChanged { .. }
            | Event::ParticipantAdded { .. }
            | Event::AssigneeChanged { .. }
            | Event::ParticipantVisibilityChanged { .. }
            | Event::ParticipantOffboarded { .. }
            | Event::AwaitedPersonTypeChanged { .. }
    )
}

fn ended(conversation: &Conversation, at: Timestamp) -> Result<Webhook, serde_json::Error> {
    let mut data = ConversationData::from(conversation);
    data.end_timestamp = Some(at);
    let event = ConversationEndedEvent {
        kind: Tag::new(),
        timestamp: at,
        event_type: ConversationEndedEvent::EVENT_TYPE.into(),
        account_id: data.account_id.clone(),
        conversation: data,
        end_reason: None,
        end_person: None,
        end_comment: None,
    };
    webhook(ConversationEndedEvent::EVENT_TYPE, &event)
}

/// The person's latest participation, ended or not (a participant who left is still shown).
fn latest_participation<'a>(
    conversation: &'a Conversation,
    person: &PersonId,
) -> Option<&'a Participant> {
    conversation
        .participants
        .iter()
        .rev()
        .find(|p| &p.person == person)
}

fn participation(
    state: &State,
    conversation: &Conversation,
    participant: &Participant,
    kind: ParticipationEventKind,
    at: Timestamp,
) -> Option<ParticipationEvent> {
    let person = state.directory.person(&participant.person)?;
    Some(ParticipationEvent {
        kind,
        timestamp: at,
        event_type: kind.event_type().into(),
        account_id: conversation.account.clone(),
        participation: ConversationParticipationData::new(
            conversation.id.clone(),
            participant,
            PersonData::from(person),
        ),
    })
}

fn webhook(
    name: &'static str,
    payload: &impl serde::Serialize,
) -> Result<Webhook, serde_json::Error> {
    Ok((name, serde_json::to_value(payload)?))
}

/// What happened to an invitation, for the families that report it.
#[derive(Clone, Copy)]
enum Family {
    Created,
    Redeemed,
    Renewed,
    Revoked,
}

/// `agent_forwarding.*` for forwardings, `pin.*` for PIN invitations, nothing for the rest.
fn invitation_event(
    state: &State,
    conversation: &Conversation,
    id: &InvitationId,
    at: Timestamp,
    family: Family,
) -> Result<Option<Webhook>, serde_json::Error> {
    let Some(invitation) = state.invitations.get(id) else {
        return Ok(None);
    };
    let data = ConversationData::from(conversation);
    match invitation.invitation_type {
        InvitationType::AgentForwarding => {
            let kind = match family {
                Family::Created => AgentForwardingEventKind::Created,
                Family::Redeemed => AgentForwardingEventKind::Redeemed,
                Family::Revoked => AgentForwardingEventKind::Revoked,
                Family::Renewed => return Ok(None),
            };
            let Some(mut event) = AgentForwardingEvent::new(kind, at, invitation, data) else {
                return Ok(None);
            };
            event.context_person_info = conversation
                .context_person()
                .and_then(|p| state.directory.person(p))
                .map(ContextPersonInfo::from);
            webhook(kind.event_type(), &event).map(Some)
        }
        InvitationType::PinConversation => {
            let kind = match family {
                Family::Created => PinEventKind::Created,
                Family::Redeemed => PinEventKind::Redeemed,
                Family::Renewed => PinEventKind::Renewed,
                Family::Revoked => PinEventKind::Revoked,
            };
            webhook(
                kind.event_type(),
                &PinEvent::new(kind, at, invitation, data),
            )
            .map(Some)
        }
        _ => Ok(None),
    }
}
