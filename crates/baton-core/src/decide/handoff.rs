//! Decisions that hand a conversation to someone else: forwarding to an agent or a team
//! (seed 000, seed 002), the SuperOffice-style transfer (seed 004), unassigning (seed 003)
//! and requeueing.

use super::{
    Decision, MAX_SHORT_TEXT, NewInvitation, agent_for, creator, delegation_for, ensure,
    ensure_new_invitation, invitation::respond, managed_conversation, open_conversation,
    optional_text, revoke_open, state_change,
};
use crate::access;
use crate::actor::Actor;
use crate::command::ResponseChannel;
use crate::conversation::{Conversation, ConversationState, OffboardingReason};
use crate::deputy::DelegationStart;
use crate::directory::{AuthorizationRole, OrganisationRelation};
use crate::error::DomainError;
use crate::event::{Audience, Author, Event, MessageBody};
use crate::id::{ConversationId, InvitationId, MessageId, PersonId, TeamId};
use crate::invitation::{DelegationResponse, InvitationTarget, InvitationType};
use crate::state::State;
use crate::time::Timestamp;

/// Forwarding replaces an earlier forwarding and a queued assignment request.
fn revoke_superseded(state: &State, c: &Conversation) -> Vec<Event> {
    revoke_open(state, c, None, |i| {
        matches!(
            i.invitation_type,
            InvitationType::AgentForwarding | InvitationType::AssignmentRequest
        )
    })
}

/// The forwarding comment appears to agents as a message from the previous assignee; the
/// visitor never sees it (seed 000).
fn comment_message(
    c: &Conversation,
    actor: &Actor,
    invitation: &InvitationId,
    comment: Option<&String>,
    now: Timestamp,
) -> Option<Event> {
    let text = comment?;
    let author = c
        .assignee()
        .or(actor.person())
        .map_or(Author::Concierge, |p| Author::Person(p.clone()));
    Some(Event::MessagePosted {
        conversation: c.id.clone(),
        message: MessageId::new(format!("{invitation}-comment")),
        author,
        body: MessageBody::Text(text.clone()),
        audience: Audience::AgentsOnly,
        at: now,
    })
}

#[allow(clippy::too_many_arguments)]
fn forward(
    state: &State,
    actor: &Actor,
    c: &Conversation,
    id: InvitationId,
    target: InvitationTarget,
    comment: Option<String>,
    start_delegation: bool,
    now: Timestamp,
) -> Decision {
    ensure_new_invitation(state, &id)?;
    let comment = optional_text(comment, MAX_SHORT_TEXT, "the comment is too long")?;
    let mut events = revoke_superseded(state, c);
    let mut invitation = NewInvitation {
        id: id.clone(),
        conversation: c,
        invitation_type: InvitationType::AgentForwarding,
        target: target.clone(),
        creator: creator(actor),
        now,
    }
    .build();
    invitation.comment = comment.clone();
    if let (true, InvitationTarget::Agent(agent)) = (start_delegation, &target) {
        invitation.delegation = delegation_for(state, agent, DelegationStart::AwaitAgent);
    }
    events.push(Event::InvitationCreated {
        invitation: Box::new(invitation),
    });
    events.extend(comment_message(c, actor, &id, comment.as_ref(), now));
    Ok(events)
}

pub(super) fn forward_to_agent(
    state: &State,
    actor: &Actor,
    id: &ConversationId,
    invitation: InvitationId,
    agent: PersonId,
    comment: Option<String>,
    now: Timestamp,
) -> Decision {
    let c = managed_conversation(state, actor, id)?;
    agent_for(state, c, &agent)?;
    ensure(
        c.participant(&agent).is_none(),
        DomainError::AlreadyParticipant(agent.clone()),
    )?;
    forward(
        state,
        actor,
        c,
        invitation,
        InvitationTarget::Agent(agent),
        comment,
        true,
        now,
    )
}

pub(super) fn forward_to_team(
    state: &State,
    actor: &Actor,
    id: &ConversationId,
    invitation: InvitationId,
    team: TeamId,
    comment: Option<String>,
    now: Timestamp,
) -> Decision {
    let c = managed_conversation(state, actor, id)?;
    let t = state
        .directory
        .team(&team)
        .ok_or_else(|| DomainError::UnknownTeam(team.clone()))?;
    ensure(
        state
            .directory
            .organisation_relation(&t.account, &c.account)
            != OrganisationRelation::Other,
        // Another bank's teams do not exist for this conversation.
        DomainError::UnknownTeam(team.clone()),
    )?;
    // Seed 001: no deputy delegation for teams.
    forward(
        state,
        actor,
        c,
        invitation,
        InvitationTarget::Team(team),
        comment,
        false,
        now,
    )
}

/// Every agent leaves: requeueing and unassigning remove all agents (Unblu's
/// `CONVERSATION_UNASSIGNED`: "all other agents were removed").
fn offboard_agents(c: &Conversation, reason: OffboardingReason) -> Vec<Event> {
    c.current_participants()
        .filter(|p| p.participation_type.is_agent())
        .map(|p| Event::ParticipantOffboarded {
            conversation: c.id.clone(),
            person: p.person.clone(),
            reason,
            comment: None,
        })
        .collect()
}

pub(super) fn requeue(
    state: &State,
    actor: &Actor,
    id: &ConversationId,
    request: InvitationId,
    now: Timestamp,
) -> Decision {
    let c = managed_conversation(state, actor, id)?;
    ensure_new_invitation(state, &request)?;
    let mut events = offboard_agents(c, OffboardingReason::ConversationRequeued);
    events.extend(revoke_superseded(state, c));
    events.extend(state_change(c, ConversationState::Queued, creator(actor))?);
    events.push(Event::InvitationCreated {
        invitation: Box::new(
            NewInvitation {
                id: request,
                conversation: c,
                invitation_type: InvitationType::AssignmentRequest,
                target: InvitationTarget::Account(c.account.clone()),
                creator: creator(actor),
                now,
            }
            .build(),
        ),
    });
    Ok(events)
}

/// Seed 003: the assignee, a supervisor of the organisation, any agent of a parent
/// organisation, or an administrator may unassign. Afterwards the conversation is visible to
/// the organisation's other agents again.
pub(super) fn unassign(state: &State, actor: &Actor, id: &ConversationId) -> Decision {
    let c = open_conversation(state, actor, id)?;
    let assignee = c
        .assignee()
        .ok_or(DomainError::WrongConversationState(c.state))?;
    let allowed = access::is_admin_of(state, actor, &c.account)
        || actor.person() == Some(assignee)
        || match access::relation_to(state, actor, &c.account) {
            OrganisationRelation::Parent => true,
            OrganisationRelation::Same => access::acting_agent(state, actor)
                .is_some_and(|a| a.role >= AuthorizationRole::Supervisor),
            OrganisationRelation::Other => false,
        };
    ensure(
        allowed,
        DomainError::NotAllowed(
            "only the assignee, a supervisor or the parent organisation may unassign",
        ),
    )?;
    let mut events = offboard_agents(c, OffboardingReason::ConversationUnassigned);
    events.extend(revoke_open(state, c, None, |i| {
        i.invitation_type == InvitationType::AgentForwarding
    }));
    events.extend(state_change(
        c,
        ConversationState::Unassigned,
        creator(actor),
    )?);
    Ok(events)
}

/// SuperOffice `TransferTo`: if the session does not belong to the caller, nothing happens.
pub(super) fn transfer_to(
    state: &State,
    actor: &Actor,
    id: &ConversationId,
    invitation: InvitationId,
    agent: PersonId,
    now: Timestamp,
) -> Decision {
    let owns = state
        .conversations
        .get(id)
        .and_then(|c| c.assignee())
        .is_some_and(|assignee| actor == &Actor::Agent(assignee.clone()));
    if !owns {
        return Ok(Vec::new());
    }
    let mut events = forward_to_agent(state, actor, id, invitation, agent, None, now)?;
    for event in &mut events {
        if let Event::InvitationCreated { invitation } = event {
            invitation.transfer = true;
        }
    }
    Ok(events)
}

/// SuperOffice `AcceptTransfer` / `RejectTransfer`, by the agent the transfer is pending for.
pub(super) fn answer_transfer(
    state: &State,
    actor: &Actor,
    id: &ConversationId,
    accept: bool,
    now: Timestamp,
) -> Decision {
    let (invitation, target) = state
        .pending_transfer(id)
        .ok_or(DomainError::NotAllowed("no transfer is pending for you"))?;
    ensure(
        actor == &Actor::Agent(target.clone()),
        DomainError::NotAllowed("no transfer is pending for you"),
    )?;
    let response = if accept {
        DelegationResponse::Accept
    } else {
        DelegationResponse::Decline
    };
    respond(
        state,
        actor,
        invitation,
        response,
        ResponseChannel::Queue,
        now,
    )
}
