//! The hand-off history of a conversation: who had it when and why it moved, projected from
//! the event log into typed [`HandoffEntry`] values, and the flat rows of the bank's archive
//! export ([`HandoffRow`]).
//!
//! Each recorded event of the conversation becomes at most one entry, at the event's log
//! position, so entries never change once written and an export resumes by position. The
//! projection reads only the event and what never changes in the state afterwards (an
//! invitation's type, target, creator and plan; a conversation's organisation), so an event
//! projects the same today as tomorrow; the one exception is the e-mail channel of a
//! notification, which needs the deputy's address in today's directory. Who sees what is
//! `access`'s: the viewer's [`access::event_view`] of each event is projected, and nothing is
//! filtered here by hand.
//! Visitors get no history (refused before any lookup, so the answer is the same for every
//! id); an agent who may not see the conversation gets exactly the unknown-conversation error.
//!
//! Events and actions:
//! - `ConversationCreated` → `CREATED`; `ConversationStateChanged` → `UNASSIGNED`, `ENDED`
//!   or `STATE_CHANGED`; `AssigneeChanged` → `ASSIGNED`; `ParticipantAdded` → `JOINED`;
//!   `ParticipantOffboarded` → `LEFT` (by themselves) or `OFFBOARDED`;
//!   `ParticipantVisibilityChanged` → `HIDDEN` / `SHOWN`; `AwaitedPersonTypeChanged` →
//!   `AWAITED_CHANGED`.
//! - `InvitationCreated` → `REQUESTED`, `FORWARDED`, `TRANSFERRED` (SuperOffice),
//!   `INVITED` (agent, team, PIN, e-mail, link) or `DEPUTY_DELEGATION_STARTED`, with the delegation it starts; `PinRenewed` →
//!   `PIN_RENEWED`; `InvitationAccepted` / `InvitationDeclined` / `InvitationIgnored` →
//!   `ANSWERED` (Accept or Later, Decline, Ignore); `InvitationRevoked` → `REVOKED`;
//!   `TokenRedeemed` → `REDEEMED`; `RedemptionFailed` → `REDEMPTION_FAILED`.
//! - `DeputiesNotified` → `DEPUTIES_NOTIFIED` (whom, through which channels);
//!   `DelegationUnanswered` → `DELEGATION_UNANSWERED` (the unanswered webhook's moment);
//!   `DeputyPromptOffered` / `Answered` / `Cancelled` → `PROMPT_OFFERED`, `PROMPT_ANSWERED`,
//!   `PROMPT_EXPIRED`.
//! - No entry: `MessagePosted` (messages are the message list's; a forwarding's comment is
//!   the forwarding's detail, Later's message is the Later answer) and the events of no
//!   conversation (directory, presence, deputies written).
//!
//! What the log does not record, and so the history cannot say:
//! - Who set the assignee or created the conversation: those events name no actor (`actor`
//!   is empty). Who unassigned, requeued or ended (`ConversationStateChanged.by`), revoked
//!   (`InvitationRevoked.by`), renewed a PIN (`PinRenewed.by`) or hid or showed someone
//!   (`ParticipantVisibilityChanged.by`) is recorded since this history exists; older events,
//!   and steps that follow from another (an invitation a newer one replaced, a hidden agent
//!   shown as they become the assignee), have no actor. An unassigning entry names the
//!   organisation whose agents see the conversation again; the agents removed are the
//!   `OFFBOARDED` entries (`CONVERSATION_UNASSIGNED`) just before it.
//! - Expiry is no event: a PIN or link entry carries `expiresAt`; forwardings never expire.
//! - Channels per notification are derived from the deputy's recorded switches and the
//!   directory (`notification::channels`), not from deliveries, which only the server's
//!   outboxes know.
//! - Who answered the visitor's prompt: the answer names no person; an accepted prompt's
//!   `DEPUTY_DELEGATION_STARTED` entry names the visitor as its actor.

mod entry;
mod row;
#[cfg(test)]
mod tests;

pub use entry::{
    DelegationStarted, DelegationTrigger, HandoffAction, HandoffActor, HandoffDetail, HandoffEntry,
    HandoffOutcome, HandoffSubject, InvitationKind, InvitationRef, NotifiedDeputy,
};
pub use row::{CSV_HEADER, HandoffRow};

use crate::access;
use crate::actor::Actor;
use crate::conversation::{ConversationState, OffboardingReason, Recipient};
use crate::directory::AuthorizationRole;
use crate::error::DomainError;
use crate::event::Event;
use crate::id::{ConversationId, InvitationId};
use crate::invitation::{
    Creator, DelegationResponse, Invitation, InvitationTarget, InvitationType,
};
use crate::notification;
use crate::state::State;
use crate::time::Timestamp;

/// An event as the log holds it: its position and when it was recorded (the server's
/// `Recorded`, borrowed).
#[derive(Clone, Copy, Debug)]
pub struct LoggedEvent<'a> {
    /// Position in the log, from 1.
    pub position: u64,
    /// When it was recorded.
    pub recorded_at: Timestamp,
    /// What happened.
    pub event: &'a Event,
}

/// The hand-off history of `conversation` as `viewer` may see it, from its events in log
/// order (other conversations' events are skipped, so the whole log may be passed).
///
/// Visitors and anonymous callers are refused before the lookup (`NotAllowed`, whatever the
/// id); a conversation the viewer may not see answers `UnknownConversation`, like one that
/// does not exist.
pub fn handoff_history<'a>(
    state: &State,
    conversation: &ConversationId,
    viewer: &Actor,
    events: impl IntoIterator<Item = LoggedEvent<'a>>,
) -> Result<Vec<HandoffEntry>, DomainError> {
    if matches!(viewer, Actor::Visitor(_) | Actor::Anonymous) {
        return Err(DomainError::NotAllowed("visitors have no hand-off history"));
    }
    state
        .conversations
        .get(conversation)
        .filter(|c| access::can_view(state, viewer, c))
        .ok_or_else(|| DomainError::UnknownConversation(conversation.clone()))?;
    Ok(events
        .into_iter()
        .filter(|logged| logged.event.conversation() == Some(conversation))
        .filter_map(|logged| project(state, viewer, logged))
        .collect())
}

/// The entry of one logged event for `viewer`'s live event stream: `None` for visitors and
/// anonymous callers (they have no history), for a conversation the viewer may not see, and
/// for events that are no hand-off step. The same entry [`handoff_history`] lists at its
/// position.
pub fn handoff_entry(
    state: &State,
    viewer: &Actor,
    logged: LoggedEvent<'_>,
) -> Option<HandoffEntry> {
    if matches!(viewer, Actor::Visitor(_) | Actor::Anonymous) {
        return None;
    }
    let conversation = state.conversations.get(logged.event.conversation()?)?;
    if !access::can_view(state, viewer, conversation) {
        return None;
    }
    project(state, viewer, logged)
}

/// The archive rows of the events given (a page of the whole log, in order) for an
/// administrator: the web API or the system every conversation, an agent with the ADMIN
/// role those of the organisations they administer. Anyone else is refused before any
/// event is read.
pub fn handoff_archive<'a>(
    state: &State,
    viewer: &Actor,
    events: impl IntoIterator<Item = LoggedEvent<'a>>,
) -> Result<Vec<HandoffRow>, DomainError> {
    let administrator = match viewer {
        Actor::Admin | Actor::System => true,
        Actor::Agent(_) => access::acting_agent(state, viewer)
            .is_some_and(|agent| agent.role >= AuthorizationRole::Admin),
        Actor::Visitor(_) | Actor::Anonymous => false,
    };
    if !administrator {
        return Err(DomainError::NotAllowed(
            "only administrators export the hand-off archive",
        ));
    }
    Ok(events
        .into_iter()
        .filter(|logged| {
            logged
                .event
                .conversation()
                .and_then(|id| state.conversations.get(id))
                .is_some_and(|c| access::is_admin_of(state, viewer, &c.account))
        })
        .filter_map(|logged| project(state, viewer, logged))
        .map(|entry| entry.row())
        .collect())
}

/// The entry of one event as `viewer` sees it, if it is a hand-off step they may see.
fn project(state: &State, viewer: &Actor, logged: LoggedEvent<'_>) -> Option<HandoffEntry> {
    let seen = access::event_view(state, viewer, logged.event)?;
    let conversation = seen.conversation()?.clone();
    let step = describe(state, &seen)?;
    Some(HandoffEntry {
        position: logged.position,
        time: logged.recorded_at,
        conversation,
        actor: step.actor,
        action: step.action,
        subject: step.subject,
        outcome: step.outcome,
        invitation: step.invitation,
        detail: step.detail,
    })
}

/// An entry without its place in the log.
struct Step {
    actor: Option<HandoffActor>,
    action: HandoffAction,
    subject: Option<HandoffSubject>,
    outcome: Option<HandoffOutcome>,
    invitation: Option<InvitationRef>,
    detail: Option<HandoffDetail>,
}

impl Step {
    fn new(action: HandoffAction) -> Self {
        Self {
            actor: None,
            action,
            subject: None,
            outcome: None,
            invitation: None,
            detail: None,
        }
    }
}

/// What `event` means as a hand-off step; `None` for events that are none.
fn describe(state: &State, event: &Event) -> Option<Step> {
    use HandoffAction as A;
    let person = |p: &crate::id::PersonId| Some(HandoffSubject::Person(p.clone()));
    let step = match event {
        Event::AccountCreated { .. }
        | Event::TeamCreated { .. }
        | Event::PersonRegistered { .. }
        | Event::PresenceChanged { .. }
        | Event::NotificationChannelsChanged { .. }
        | Event::DeputiesWritten { .. }
        | Event::MessagePosted { .. } => return None,
        Event::ConversationCreated {
            account,
            topic,
            recipient,
            ..
        } => Step {
            subject: Some(match recipient {
                Some(Recipient::Agent(p)) => HandoffSubject::Person(p.clone()),
                Some(Recipient::Team(t)) => HandoffSubject::Team(t.clone()),
                None => HandoffSubject::Organisation(account.clone()),
            }),
            detail: Some(HandoffDetail::Conversation {
                topic: topic.clone(),
            }),
            ..Step::new(A::Created)
        },
        Event::ConversationStateChanged {
            conversation,
            state: new_state,
            by,
        } => Step {
            actor: by.as_ref().map(actor_of),
            ..match new_state {
                ConversationState::Unassigned => Step {
                    subject: state
                        .conversations
                        .get(conversation)
                        .map(|c| HandoffSubject::Organisation(c.account.clone())),
                    ..Step::new(A::Unassigned)
                },
                ConversationState::Ended => Step::new(A::Ended),
                other => Step {
                    detail: Some(HandoffDetail::State { state: *other }),
                    ..Step::new(A::StateChanged)
                },
            }
        },
        Event::ParticipantAdded { participant, .. } => Step {
            actor: participant
                .auto_synced_assistant
                .then_some(HandoffActor::System),
            subject: person(&participant.person),
            detail: Some(HandoffDetail::Participation {
                participation_type: participant.participation_type,
                hidden: participant.hidden,
                auto_synced_assistant: participant.auto_synced_assistant,
            }),
            ..Step::new(A::Joined)
        },
        Event::AssigneeChanged {
            assignee, previous, ..
        } => Step {
            subject: person(assignee),
            detail: Some(HandoffDetail::Assignment {
                previous: previous.clone(),
            }),
            ..Step::new(A::Assigned)
        },
        Event::ParticipantVisibilityChanged {
            person: p,
            hidden,
            by,
            ..
        } => Step {
            actor: by.as_ref().map(actor_of),
            subject: person(p),
            ..Step::new(if *hidden { A::Hidden } else { A::Shown })
        },
        Event::ParticipantOffboarded {
            person: p,
            reason,
            comment,
            ..
        } => Step {
            actor: match reason {
                OffboardingReason::ParticipantLeft => Some(HandoffActor::Person(p.clone())),
                OffboardingReason::AssistantSynchronization => Some(HandoffActor::System),
                _ => None,
            },
            subject: person(p),
            detail: Some(HandoffDetail::Offboarding {
                reason: *reason,
                comment: comment.clone(),
            }),
            ..Step::new(if *reason == OffboardingReason::ParticipantLeft {
                A::Left
            } else {
                A::Offboarded
            })
        },
        Event::AwaitedPersonTypeChanged { awaited, .. } => Step {
            detail: Some(HandoffDetail::Awaited { awaited: *awaited }),
            ..Step::new(A::AwaitedChanged)
        },
        Event::DeputyPromptOffered {
            prompt, expires_at, ..
        } => Step {
            actor: Some(HandoffActor::System),
            detail: Some(HandoffDetail::Prompt {
                prompt: prompt.clone(),
                expires_at: Some(*expires_at),
            }),
            ..Step::new(A::PromptOffered)
        },
        Event::DeputyPromptAnswered {
            prompt, accepted, ..
        } => Step {
            outcome: Some(if *accepted {
                HandoffOutcome::Accepted
            } else {
                HandoffOutcome::Declined
            }),
            detail: Some(HandoffDetail::Prompt {
                prompt: prompt.clone(),
                expires_at: None,
            }),
            ..Step::new(A::PromptAnswered)
        },
        Event::DeputyPromptCancelled { prompt, .. } => Step {
            actor: Some(HandoffActor::System),
            outcome: Some(HandoffOutcome::Expired),
            detail: Some(HandoffDetail::Prompt {
                prompt: prompt.clone(),
                expires_at: None,
            }),
            ..Step::new(A::PromptExpired)
        },
        Event::InvitationCreated { invitation } => created(invitation),
        Event::PinRenewed {
            invitation,
            expires_at,
            by,
            ..
        } => Step {
            actor: by.as_ref().map(actor_of),
            subject: Some(HandoffSubject::TokenHolder),
            invitation: Some(reference(state, invitation)),
            detail: Some(HandoffDetail::Expiry {
                expires_at: *expires_at,
            }),
            ..Step::new(A::PinRenewed)
        },
        Event::InvitationRevoked { invitation, by, .. } => Step {
            actor: by.as_ref().map(actor_of),
            subject: target_of(state, invitation),
            outcome: Some(HandoffOutcome::Revoked),
            invitation: Some(reference(state, invitation)),
            ..Step::new(A::Revoked)
        },
        Event::InvitationIgnored {
            invitation,
            person: p,
            ..
        } => answered(state, invitation, p, HandoffOutcome::Ignored),
        Event::InvitationAccepted {
            invitation,
            person: p,
            response,
            ..
        } => {
            let outcome = match response {
                DelegationResponse::Later => HandoffOutcome::Later,
                DelegationResponse::Accept
                | DelegationResponse::Decline
                | DelegationResponse::Ignore => HandoffOutcome::Accepted,
            };
            answered(state, invitation, p, outcome)
        }
        Event::InvitationDeclined {
            invitation,
            person: p,
            ..
        } => answered(state, invitation, p, HandoffOutcome::Declined),
        Event::TokenRedeemed {
            invitation,
            visitor,
            ..
        } => Step {
            actor: Some(HandoffActor::Person(visitor.clone())),
            subject: person(visitor),
            outcome: Some(HandoffOutcome::Redeemed),
            invitation: Some(reference(state, invitation)),
            ..Step::new(A::Redeemed)
        },
        Event::RedemptionFailed {
            invitation,
            failed_attempts,
            locked_until,
            ..
        } => Step {
            subject: target_of(state, invitation),
            outcome: Some(if locked_until.is_some() {
                HandoffOutcome::Locked
            } else {
                HandoffOutcome::Refused
            }),
            invitation: Some(reference(state, invitation)),
            detail: Some(HandoffDetail::Attempts {
                failed_attempts: *failed_attempts,
                locked_until: *locked_until,
            }),
            ..Step::new(A::RedemptionFailed)
        },
        Event::DeputiesNotified {
            invitation,
            level,
            deputies,
            ..
        } => Step {
            // A level is recorded by the delegation scheduler; a deputy outside the levels
            // is added by an administrator through the web API.
            actor: Some(if level.is_some() {
                HandoffActor::System
            } else {
                HandoffActor::WebApi
            }),
            subject: delegating_agent(state, invitation),
            invitation: Some(reference(state, invitation)),
            detail: Some(HandoffDetail::Notified {
                level: *level,
                deputies: deputies
                    .iter()
                    .map(|d| NotifiedDeputy {
                        person: d.person.clone(),
                        listed_as: d.listed_as,
                        channels: notification::channels(&state.directory, d),
                    })
                    .collect(),
            }),
            ..Step::new(A::DeputiesNotified)
        },
        Event::DelegationUnanswered { invitation, .. } => Step {
            actor: Some(HandoffActor::System),
            subject: delegating_agent(state, invitation),
            outcome: Some(HandoffOutcome::Unanswered),
            invitation: Some(reference(state, invitation)),
            ..Step::new(A::DelegationUnanswered)
        },
    };
    Some(step)
}

/// The step of a new invitation, from the invitation as the event carries it.
fn created(invitation: &Invitation) -> Step {
    let action = match invitation.invitation_type {
        InvitationType::AssignmentRequest => HandoffAction::Requested,
        InvitationType::AgentForwarding if invitation.transfer => HandoffAction::Transferred,
        InvitationType::AgentForwarding => HandoffAction::Forwarded,
        InvitationType::AgentInvitation
        | InvitationType::PinConversation
        | InvitationType::VisitorInvitation => HandoffAction::Invited,
        InvitationType::DeputyInvitation => HandoffAction::DeputyDelegationStarted,
    };
    let delegation = invitation.delegation.as_ref().and_then(|d| {
        Some(DelegationStarted {
            trigger: trigger(invitation)?,
            agent: d.plan.original_agent.clone(),
            start: d.plan.start,
            levels: d.plan.steps.iter().map(|s| s.level).collect(),
        })
    });
    Step {
        actor: Some(actor_of(&invitation.creator)),
        subject: Some(subject_of(invitation)),
        invitation: Some(InvitationRef {
            id: invitation.id.clone(),
            kind: Some(kind_of(invitation)),
        }),
        detail: Some(HandoffDetail::Invitation {
            comment: invitation.comment.clone(),
            join_hidden: invitation.join_hidden,
            expires_at: invitation.expires_at,
            delegation,
        }),
        ..Step::new(action)
    }
}

/// Who a recorded creator (of an invitation, of a state change) is in the history.
fn actor_of(creator: &Creator) -> HandoffActor {
    match creator {
        Creator::Agent(p) | Creator::Visitor(p) => HandoffActor::Person(p.clone()),
        Creator::WebApi => HandoffActor::WebApi,
        Creator::System => HandoffActor::System,
    }
}

/// An agent's answer to an invitation: the answering agent acts, the invitation's target is
/// the subject.
fn answered(
    state: &State,
    invitation: &InvitationId,
    by: &crate::id::PersonId,
    outcome: HandoffOutcome,
) -> Step {
    Step {
        actor: Some(HandoffActor::Person(by.clone())),
        subject: target_of(state, invitation),
        outcome: Some(outcome),
        invitation: Some(reference(state, invitation)),
        ..Step::new(HandoffAction::Answered)
    }
}

/// What started the delegation an invitation carries.
fn trigger(invitation: &Invitation) -> Option<DelegationTrigger> {
    match invitation.invitation_type {
        InvitationType::AssignmentRequest => Some(DelegationTrigger::Request),
        InvitationType::AgentForwarding => Some(DelegationTrigger::Forwarding),
        InvitationType::AgentInvitation => Some(DelegationTrigger::Invitation),
        InvitationType::DeputyInvitation => Some(match invitation.creator {
            Creator::Visitor(_) => DelegationTrigger::VisitorPrompt,
            Creator::Agent(_) | Creator::WebApi | Creator::System => {
                DelegationTrigger::Administrator
            }
        }),
        // Customers' invitations are never delegated.
        InvitationType::PinConversation | InvitationType::VisitorInvitation => None,
    }
}

fn kind_of(invitation: &Invitation) -> InvitationKind {
    match invitation.invitation_type {
        InvitationType::AssignmentRequest => InvitationKind::AssignmentRequest,
        InvitationType::AgentForwarding if invitation.transfer => InvitationKind::Transfer,
        InvitationType::AgentForwarding => InvitationKind::Forwarding,
        InvitationType::AgentInvitation => match invitation.target {
            InvitationTarget::Team(_) => InvitationKind::Team,
            InvitationTarget::Agent(_)
            | InvitationTarget::Account(_)
            | InvitationTarget::Anonymous => InvitationKind::Agent,
        },
        InvitationType::DeputyInvitation => InvitationKind::Deputy,
        InvitationType::PinConversation => InvitationKind::Pin,
        InvitationType::VisitorInvitation if invitation.email.is_some() => InvitationKind::Email,
        InvitationType::VisitorInvitation => InvitationKind::Link,
    }
}

fn subject_of(invitation: &Invitation) -> HandoffSubject {
    match &invitation.target {
        InvitationTarget::Agent(p) => HandoffSubject::Person(p.clone()),
        InvitationTarget::Team(t) => HandoffSubject::Team(t.clone()),
        InvitationTarget::Account(a) => HandoffSubject::Organisation(a.clone()),
        InvitationTarget::Anonymous => invitation
            .email
            .clone()
            .map_or(HandoffSubject::TokenHolder, HandoffSubject::Email),
    }
}

/// The invitation by id, with its kind from the state (type and target never change).
fn reference(state: &State, id: &InvitationId) -> InvitationRef {
    InvitationRef {
        id: id.clone(),
        kind: state.invitations.get(id).map(kind_of),
    }
}

fn target_of(state: &State, id: &InvitationId) -> Option<HandoffSubject> {
    state.invitations.get(id).map(subject_of)
}

/// The agent whose deputies a delegation asks (fixed when the delegation started).
fn delegating_agent(state: &State, id: &InvitationId) -> Option<HandoffSubject> {
    let invitation = state.invitations.get(id)?;
    let agent = invitation
        .delegation
        .as_ref()
        .map(|d| &d.plan.original_agent)
        .or(invitation.target_agent())?;
    Some(HandoffSubject::Person(agent.clone()))
}
