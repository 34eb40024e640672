//! Who may see and manage what: the authorization rules every decision and every feed uses.
//!
//! - Participants see their conversation; a visitor sees nothing else and never sees hidden
//!   participants, agent-only messages, invitations or deputies.
//! - An assigned conversation is hidden from the organisation's other agents; once
//!   unassigned (or queued) they see it again. Agents of a parent organisation and
//!   supervisors see the organisation's conversations (seed 003).
//! - Administrators (the web API, or agents with the ADMIN role) act within their
//!   organisation and its child organisations.
//! - The directory: agents see the persons and teams of their organisation and its child
//!   organisations, and the visitors of conversations they can see; an agent's deputies are
//!   seen by the agent and the administrators.

use crate::actor::Actor;
use crate::conversation::{Conversation, ConversationState};
use crate::directory::{AuthorizationRole, OrganisationRelation, Person, Team};
use crate::event::{Audience, Event};
use crate::id::{AccountId, PersonId};
use crate::invitation::{Invitation, InvitationState, InvitationTarget};
use crate::state::State;

/// The acting agent, if the actor is a known agent.
pub fn acting_agent<'a>(state: &'a State, actor: &Actor) -> Option<&'a Person> {
    match actor {
        Actor::Agent(id) => state.directory.agent(id),
        _ => None,
    }
}

/// How the actor's organisation relates to `account` (Other when the actor is no agent).
pub fn relation_to(state: &State, actor: &Actor, account: &AccountId) -> OrganisationRelation {
    acting_agent(state, actor).map_or(OrganisationRelation::Other, |agent| {
        state
            .directory
            .organisation_relation(&agent.account, account)
    })
}

fn has_role_in(state: &State, actor: &Actor, account: &AccountId, role: AuthorizationRole) -> bool {
    acting_agent(state, actor).is_some_and(|agent| {
        agent.role >= role
            && state
                .directory
                .organisation_relation(&agent.account, account)
                != OrganisationRelation::Other
    })
}

/// Administrator rights over `account`: the web API, the system, or an ADMIN agent of the
/// account or a parent organisation.
pub fn is_admin_of(state: &State, actor: &Actor, account: &AccountId) -> bool {
    matches!(actor, Actor::Admin | Actor::System)
        || has_role_in(state, actor, account, AuthorizationRole::Admin)
}

/// May change the conversation (add, assign, hide, offboard, forward, invite, requeue): an
/// administrator, an active agent participant, a supervisor of the organisation, or, while
/// nobody is assigned, any agent of the organisation (seed 003: unassigned conversations are
/// there for the other users to pick up).
pub fn can_manage(state: &State, actor: &Actor, conversation: &Conversation) -> bool {
    if is_admin_of(state, actor, &conversation.account) {
        return true;
    }
    let Some(agent) = acting_agent(state, actor) else {
        return false;
    };
    let unassigned = conversation.assignee().is_none();
    conversation
        .active_participant(&agent.id)
        .is_some_and(|p| p.participation_type.is_agent())
        || has_role_in(
            state,
            actor,
            &conversation.account,
            AuthorizationRole::Supervisor,
        )
        || (unassigned
            && has_role_in(
                state,
                actor,
                &conversation.account,
                AuthorizationRole::RegisteredUser,
            ))
}

/// Whether the agent has the conversation in a queue: an open invitation addresses them,
/// their team (or a child team of theirs), their organisation's queue, or notified them as a
/// deputy.
pub fn has_in_queue(state: &State, agent: &PersonId, invitation: &Invitation) -> bool {
    match &invitation.target {
        InvitationTarget::Agent(p) if p == agent => return true,
        InvitationTarget::Team(team) if state.directory.may_act_for_team(agent, team) => {
            return true;
        }
        InvitationTarget::Account(account)
            if state
                .directory
                .agent(agent)
                .is_some_and(|a| &a.account == account) =>
        {
            return true;
        }
        _ => {}
    }
    invitation.secondary_target(agent).is_some()
}

/// May see the invitation (read it, find it, act on it): administrators; agents who have it
/// in a queue or may see its conversation. Visitors never see invitations.
pub fn can_view_invitation(state: &State, actor: &Actor, invitation: &Invitation) -> bool {
    match actor {
        Actor::Admin | Actor::System => true,
        Actor::Agent(me) => {
            has_in_queue(state, me, invitation)
                || state
                    .conversations
                    .get(&invitation.conversation)
                    .is_some_and(|c| can_view(state, actor, c))
        }
        Actor::Visitor(_) | Actor::Anonymous => false,
    }
}

/// May see the conversation and its history.
pub fn can_view(state: &State, actor: &Actor, conversation: &Conversation) -> bool {
    match actor {
        Actor::Admin | Actor::System => true,
        Actor::Anonymous => false,
        Actor::Visitor(id) => conversation.active_participant(id).is_some(),
        Actor::Agent(id) => {
            let Some(agent) = state.directory.agent(id) else {
                return false;
            };
            if conversation.active_participant(id).is_some() {
                return true;
            }
            let relation = state
                .directory
                .organisation_relation(&agent.account, &conversation.account);
            let unassigned = conversation.assignee().is_none()
                && matches!(
                    conversation.state,
                    ConversationState::Unassigned | ConversationState::Queued
                );
            match relation {
                OrganisationRelation::Other => false,
                OrganisationRelation::Parent => true,
                OrganisationRelation::Same => {
                    unassigned
                        || agent.role >= AuthorizationRole::Supervisor
                        || state
                            .invitations_of(&conversation.id)
                            .any(|i| i.state == InvitationState::Open && has_in_queue(state, id, i))
                }
            }
        }
    }
}

/// May see a person's directory entry (`persons/read`, `users/read`, the searches): anyone
/// themselves; an administrator of the person's account; an agent, the agents, bots and
/// system persons of their organisation and its child organisations, and the visitors of
/// conversations the agent can see. Visitors see no one else.
pub fn can_view_person(state: &State, actor: &Actor, person: &Person) -> bool {
    if actor.person() == Some(&person.id) || is_admin_of(state, actor, &person.account) {
        return true;
    }
    if acting_agent(state, actor).is_none() {
        return false;
    }
    if person.is_visitor() {
        state.conversations.values().any(|conversation| {
            conversation
                .participants
                .iter()
                .any(|p| p.person == person.id)
                && can_view(state, actor, conversation)
        })
    } else {
        relation_to(state, actor, &person.account) != OrganisationRelation::Other
    }
}

/// May see a team (`teams/read`, `teams/search`, `getChildTeams`): administrators of its
/// account and the agents of its organisation and its parent organisations.
pub fn can_view_team(state: &State, actor: &Actor, team: &Team) -> bool {
    is_admin_of(state, actor, &team.account)
        || relation_to(state, actor, &team.account) != OrganisationRelation::Other
}

/// May see an agent's assistants and deputies: the agent and the administrators of the
/// agent's account.
pub fn can_view_deputies(state: &State, actor: &Actor, agent: &Person) -> bool {
    actor.person() == Some(&agent.id) || is_admin_of(state, actor, &agent.account)
}

/// The event as `actor` may see it, or `None` when they may not see it at all.
///
/// Visitors see their own conversations' events minus hidden participants, agent-only
/// messages and everything about invitations and deputies, except that a delegation reached
/// a level (without names). Tokens are never part of what anyone sees but the system.
/// Two events reach people who can no longer see the conversation: whoever is removed from it
/// learns it (without the comment), so their desk lets go of it (seed 000); an agent whose
/// queue held an invitation learns that it closed (accepted, declined, revoked), so the
/// request leaves their queue (seed 001). A presence change, which concerns no conversation,
/// reaches those who may see the person in the directory: the pickers' presence stays live.
pub fn event_view(state: &State, actor: &Actor, event: &Event) -> Option<Event> {
    match actor {
        Actor::System => return Some(event.clone()),
        // The creator's answer is the one place a PIN or link token is shown; no feed, the
        // administrator's included, carries it.
        Actor::Admin => return Some(strip_secrets(event)),
        _ => {}
    }
    if let Event::PresenceChanged { person, .. } = event {
        let visible = state
            .directory
            .person(person)
            .is_some_and(|person| can_view_person(state, actor, person));
        return visible.then(|| event.clone());
    }
    let conversation = state.conversations.get(event.conversation()?)?;
    if !can_view(state, actor, conversation) {
        if closes_queued_invitation(state, actor, event) {
            return Some(strip_secrets(event));
        }
        return own_offboarding(actor, event);
    }
    match actor {
        Actor::Visitor(_) => visitor_view(conversation, event),
        _ => Some(strip_secrets(event)),
    }
}

/// `event` if it removes `actor` from a conversation, without its comment (which is not for
/// the removed person).
fn own_offboarding(actor: &Actor, event: &Event) -> Option<Event> {
    match event {
        Event::ParticipantOffboarded {
            conversation,
            person,
            reason,
            ..
        } if actor.person() == Some(person) => Some(Event::ParticipantOffboarded {
            conversation: conversation.clone(),
            person: person.clone(),
            reason: *reason,
            comment: None,
        }),
        _ => None,
    }
}

/// Whether `event` closes (accepts, declines, revokes) an invitation that was in the agent
/// `actor`'s queue. Once a deputy accepted, the conversation is no longer the other deputies'
/// to see, yet their queues must learn that the request left them; they get that event alone.
fn closes_queued_invitation(state: &State, actor: &Actor, event: &Event) -> bool {
    let Actor::Agent(agent) = actor else {
        return false;
    };
    let invitation = match event {
        Event::InvitationAccepted { invitation, .. }
        | Event::InvitationDeclined { invitation, .. }
        | Event::InvitationRevoked { invitation, .. } => invitation,
        _ => return false,
    };
    state
        .invitations
        .get(invitation)
        .is_some_and(|i| has_in_queue(state, agent, i))
}

fn hidden_in(conversation: &Conversation, person: &PersonId) -> bool {
    conversation
        .participants
        .iter()
        .rev()
        .find(|p| &p.person == person)
        .is_some_and(|p| p.hidden)
}

fn visitor_view(conversation: &Conversation, event: &Event) -> Option<Event> {
    match event {
        // Who changed the state or someone's visibility is the agents' to know: it may be a
        // hidden participant.
        Event::ConversationStateChanged { .. } | Event::ParticipantVisibilityChanged { .. } => {
            let mut seen = event.clone();
            if let Event::ConversationStateChanged { by, .. }
            | Event::ParticipantVisibilityChanged { by, .. } = &mut seen
            {
                *by = None;
            }
            Some(seen)
        }
        Event::ConversationCreated { .. }
        | Event::AssigneeChanged { .. }
        | Event::AwaitedPersonTypeChanged { .. }
        | Event::DeputyPromptOffered { .. }
        | Event::DeputyPromptAnswered { .. }
        | Event::DeputyPromptCancelled { .. }
        | Event::DelegationUnanswered { .. } => Some(event.clone()),
        Event::ParticipantAdded { participant, .. } => (!participant.hidden).then(|| event.clone()),
        Event::ParticipantOffboarded {
            conversation: id,
            person,
            reason,
            ..
        } => (!hidden_in(conversation, person)).then(|| Event::ParticipantOffboarded {
            conversation: id.clone(),
            person: person.clone(),
            reason: *reason,
            comment: None,
        }),
        Event::MessagePosted { audience, .. } => {
            (*audience == Audience::Everyone).then(|| event.clone())
        }
        Event::DeputiesNotified {
            conversation: id,
            invitation,
            level,
            at,
            ..
        } => Some(Event::DeputiesNotified {
            conversation: id.clone(),
            invitation: invitation.clone(),
            level: *level,
            deputies: Vec::new(),
            at: *at,
        }),
        _ => None,
    }
}

fn strip_secrets(event: &Event) -> Event {
    match event {
        Event::InvitationCreated { invitation } if invitation.token.is_some() => {
            let mut invitation = invitation.clone();
            invitation.token = None;
            Event::InvitationCreated { invitation }
        }
        other => {
            let mut seen = other.clone();
            if let Event::PinRenewed { pin, .. } = &mut seen {
                *pin = None;
            }
            seen
        }
    }
}
