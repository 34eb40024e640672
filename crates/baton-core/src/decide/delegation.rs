//! Decisions that start and record deputy delegations: `startDeputyDelegation`, the visitor's
//! answer to "Invite a deputy?", the prompt's timeout, secondary targets, and what the
//! delegation engine reports (a level notified, the request unanswered).

use super::{
    Decision, NewInvitation, agent, creator, delegation_for, ensure, ensure_new_invitation,
    invitation, open_conversation,
};
use crate::access;
use crate::actor::Actor;
use crate::conversation::Conversation;
use crate::deputy::{DelegationLevel, DelegationStart, DeputyLevel, PlannedDeputy};
use crate::directory::NotificationChannels;
use crate::error::DomainError;
use crate::event::Event;
use crate::id::{ConversationId, InvitationId, PersonId, PromptId};
use crate::invitation::{Creator, InvitationState, InvitationTarget, InvitationType};
use crate::state::State;
use crate::time::Timestamp;

/// The events creating a DEPUTY_INVITATION for the assignee's deputies, starting at `level`.
fn deputy_invitation(
    state: &State,
    c: &Conversation,
    id: InvitationId,
    level: DelegationLevel,
    join_hidden: bool,
    creator: Creator,
    now: Timestamp,
) -> Decision {
    ensure(
        state.config.deputy_delegation_enabled(),
        DomainError::NotAllowed("deputy delegation is not enabled"),
    )?;
    ensure_new_invitation(state, &id)?;
    // Unblu: only one deputy delegation invitation per conversation at any one time.
    if let Some(running) = state.invitations_of(&c.id).find(|i| {
        i.invitation_type == InvitationType::DeputyInvitation && i.state == InvitationState::Open
    }) {
        return Err(DomainError::DelegationRunning(running.id.clone()));
    }
    let assignee = c.assignee().ok_or(DomainError::InvalidInput(
        "the conversation has no assigned agent",
    ))?;
    let mut invitation = NewInvitation {
        id,
        conversation: c,
        invitation_type: InvitationType::DeputyInvitation,
        target: InvitationTarget::Agent(assignee.clone()),
        creator,
        now,
    }
    .build();
    invitation.join_hidden = join_hidden;
    invitation.delegation = delegation_for(state, assignee, DelegationStart::AtLevel(level));
    Ok(vec![Event::InvitationCreated {
        invitation: Box::new(invitation),
    }])
}

pub(super) fn start(
    state: &State,
    actor: &Actor,
    id: &ConversationId,
    invitation: InvitationId,
    level: DelegationLevel,
    join_hidden: bool,
    now: Timestamp,
) -> Decision {
    let c = open_conversation(state, actor, id)?;
    ensure(
        access::is_admin_of(state, actor, &c.account),
        DomainError::NotAllowed("only administrators start a deputy delegation"),
    )?;
    deputy_invitation(
        state,
        c,
        invitation,
        level,
        join_hidden,
        creator(actor),
        now,
    )
}

pub(super) fn answer_prompt(
    state: &State,
    actor: &Actor,
    id: &ConversationId,
    prompt: PromptId,
    accept: bool,
    invitation: InvitationId,
    now: Timestamp,
) -> Decision {
    let c = open_conversation(state, actor, id)?;
    let Actor::Visitor(me) = actor else {
        return Err(DomainError::NotAllowed(
            "only the visitor answers the deputy prompt",
        ));
    };
    ensure(
        c.active_participant(me).is_some_and(|p| {
            state
                .config
                .prompt_deputy_for_visitor_participation_types
                .contains(&p.participation_type)
        }),
        DomainError::NotAllowed("only the prompted visitor answers the deputy prompt"),
    )?;
    let open = c
        .prompt
        .open
        .as_ref()
        .filter(|p| p.id == prompt && now < p.expires_at)
        .ok_or_else(|| DomainError::PromptNotOpen(prompt.clone()))?;
    let mut events = vec![Event::DeputyPromptAnswered {
        conversation: id.clone(),
        prompt: open.id.clone(),
        accepted: accept,
        at: now,
    }];
    if accept {
        events.extend(deputy_invitation(
            state,
            c,
            invitation,
            state.config.initial_prompt_deputy_delegation_level,
            state.config.prompted_deputy_joins_hidden,
            Creator::Visitor(me.clone()),
            now,
        )?);
    }
    Ok(events)
}

/// The scheduler cancels a prompt at its deadline; a late or repeated call changes nothing.
pub(super) fn cancel_prompt(
    state: &State,
    actor: &Actor,
    id: &ConversationId,
    prompt: PromptId,
) -> Decision {
    ensure(
        actor == &Actor::System,
        DomainError::NotAllowed("prompts are cancelled by their timeout"),
    )?;
    let c = state
        .conversations
        .get(id)
        .ok_or_else(|| DomainError::UnknownConversation(id.clone()))?;
    if c.prompt.open.as_ref().is_none_or(|p| p.id != prompt) {
        return Ok(Vec::new());
    }
    Ok(vec![Event::DeputyPromptCancelled {
        conversation: id.clone(),
        prompt,
    }])
}

pub(super) fn add_secondary_target(
    state: &State,
    actor: &Actor,
    id: &InvitationId,
    person: PersonId,
    now: Timestamp,
) -> Decision {
    let i = invitation(state, id)?;
    ensure(
        access::can_view_invitation(state, actor, i),
        DomainError::UnknownInvitation(id.clone()),
    )?;
    ensure(
        access::is_admin_of(state, actor, &i.account),
        DomainError::NotAllowed("only administrators add secondary targets"),
    )?;
    ensure(
        i.invitation_type.is_for_agents() && i.target_agent().is_some(),
        DomainError::InvalidInput("secondary targets are deputies of a single agent's invitation"),
    )?;
    let current = i.state_at(now);
    ensure(
        current == InvitationState::Open,
        DomainError::InvitationClosed(current),
    )?;
    let deputy = agent(state, &person)?;
    ensure(
        i.target_agent() != Some(&person) && i.secondary_target(&person).is_none(),
        DomainError::AlreadyExists(format!("secondary target {person}")),
    )?;
    Ok(vec![Event::DeputiesNotified {
        conversation: i.conversation.clone(),
        invitation: id.clone(),
        level: None,
        deputies: vec![PlannedDeputy {
            person,
            listed_as: DeputyLevel::Level1,
            channels: deputy.notifications,
        }],
        at: now,
    }])
}

pub(super) fn record_notified(
    state: &State,
    actor: &Actor,
    id: &InvitationId,
    level: DelegationLevel,
    deputies: Vec<PlannedDeputy>,
    now: Timestamp,
) -> Decision {
    ensure(
        actor == &Actor::System,
        DomainError::NotAllowed("only the delegation scheduler records notifications"),
    )?;
    let i = invitation(state, id)?;
    let Some(delegation) = &i.delegation else {
        return Err(DomainError::InvalidInput(
            "no deputy delegation runs on this invitation",
        ));
    };
    // Replays after a crash repeat the record; the second one changes nothing.
    let already = delegation.reached.is_some_and(|r| r >= level);
    if i.state != InvitationState::Open || already {
        return Ok(Vec::new());
    }
    let deputies: Vec<PlannedDeputy> = deputies
        .into_iter()
        .filter(|d| i.target_agent() != Some(&d.person) && i.secondary_target(&d.person).is_none())
        .map(|mut d| {
            if state.directory.agent(&d.person).is_none() {
                d.channels = NotificationChannels::NONE;
            }
            d
        })
        .collect();
    Ok(vec![Event::DeputiesNotified {
        conversation: i.conversation.clone(),
        invitation: id.clone(),
        level: Some(level),
        deputies,
        at: now,
    }])
}

pub(super) fn record_unanswered(
    state: &State,
    actor: &Actor,
    id: &InvitationId,
    now: Timestamp,
) -> Decision {
    ensure(
        actor == &Actor::System,
        DomainError::NotAllowed("only the delegation scheduler records an unanswered request"),
    )?;
    let i = invitation(state, id)?;
    let Some(delegation) = &i.delegation else {
        return Err(DomainError::InvalidInput(
            "no deputy delegation runs on this invitation",
        ));
    };
    if i.state != InvitationState::Open || delegation.unanswered_at.is_some() {
        return Ok(Vec::new());
    }
    Ok(vec![Event::DelegationUnanswered {
        conversation: i.conversation.clone(),
        invitation: id.clone(),
        at: now,
    }])
}
