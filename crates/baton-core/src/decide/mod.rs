//! `decide`: checks a command against the rules and the actor's rights, and says what
//! happened as events. It never changes state; `evolve` applies the events.
//!
//! One submodule per area: `directory` (accounts, teams, persons, deputies),
//! `conversation` (participants, assignee, messages, the prompt), `handoff` (forwarding,
//! transfer, unassign, requeue), `invitation` (invitations, tokens, responses) and
//! `delegation` (starting and recording deputy delegations). Helpers shared by several areas
//! live here. A refused command returns an error and no events, so it changes nothing.

mod conversation;
mod delegation;
mod directory;
mod handoff;
mod invitation;

use crate::access;
use crate::actor::Actor;
use crate::command::Command;
use crate::conversation::{
    Conversation, ConversationState, Participant, ParticipationState, ParticipationType,
};
use crate::deputy::{DelegationPlan, DelegationStart};
use crate::directory::Person;
use crate::error::DomainError;
use crate::event::Event;
use crate::id::{ConversationId, InvitationId, PersonId};
use crate::invitation::{
    Creator, Delegation, Invitation, InvitationState, InvitationTarget, InvitationType,
};
use crate::state::State;
use crate::time::Timestamp;

/// What a decision yields.
pub type Decision = Result<Vec<Event>, DomainError>;

/// Longest comment, topic or name accepted, in characters.
pub(crate) const MAX_SHORT_TEXT: usize = 2_000;
/// Longest message accepted, in characters.
pub const MAX_MESSAGE: usize = 10_000;

/// Decides `command` for `actor` at `now` against `state`.
pub fn decide(state: &State, command: Command, actor: &Actor, now: Timestamp) -> Decision {
    use Command::*;
    match command {
        CreateAccount { id, name, parent } => {
            directory::create_account(state, actor, id, name, parent)
        }
        CreateTeam {
            id,
            account,
            name,
            parent,
        } => directory::create_team(state, actor, id, account, name, parent),
        RegisterPerson { person } => directory::register_person(state, actor, person),
        SetPresence { person, presence } => directory::set_presence(state, actor, person, presence),
        SetNotificationChannels { person, channels } => {
            directory::set_notification_channels(state, actor, person, channels)
        }
        WriteAgentDeputies {
            agent,
            relationships,
            source,
        } => directory::write_agent_deputies(state, actor, agent, relationships, source),
        EditAgentDeputy {
            agent,
            level,
            deputy,
            edit,
            source,
        } => directory::edit_agent_deputy(state, actor, agent, level, deputy, edit, source),
        CreateConversation { .. } => conversation::create(state, actor, command, now),
        AddParticipant {
            conversation,
            person,
            participation_type,
            hidden,
        } => conversation::add_participant(
            state,
            actor,
            &conversation,
            person,
            participation_type,
            hidden,
        ),
        SetAssignee {
            conversation,
            person,
        } => conversation::set_assignee(state, actor, &conversation, person),
        ChangeParticipantVisibility {
            conversation,
            person,
            hidden,
        } => conversation::change_visibility(state, actor, &conversation, person, hidden),
        OffboardParticipant {
            conversation,
            person,
            reason,
            comment,
        } => conversation::offboard(state, actor, &conversation, person, reason, comment),
        SyncAssistants {
            conversation,
            assistants,
            hidden,
        } => conversation::sync_assistants(state, actor, &conversation, assistants, hidden),
        SetAwaitedPersonType {
            conversation,
            awaited,
        } => conversation::set_awaited_person_type(state, actor, &conversation, awaited),
        EndConversation { conversation } => conversation::end(state, actor, &conversation),
        PostMessage {
            conversation,
            message,
            text,
        } => conversation::post_message(state, actor, &conversation, message, text, now),
        AnswerDeputyPrompt {
            conversation,
            prompt,
            accept,
            invitation,
        } => {
            delegation::answer_prompt(state, actor, &conversation, prompt, accept, invitation, now)
        }
        CancelDeputyPrompt {
            conversation,
            prompt,
        } => delegation::cancel_prompt(state, actor, &conversation, prompt),
        ForwardToAgent {
            conversation,
            invitation,
            agent,
            comment,
        } => {
            handoff::forward_to_agent(state, actor, &conversation, invitation, agent, comment, now)
        }
        ForwardToTeam {
            conversation,
            invitation,
            team,
            comment,
        } => handoff::forward_to_team(state, actor, &conversation, invitation, team, comment, now),
        InviteAgent { .. } | InviteTeam { .. } => {
            invitation::invite_agents(state, actor, command, now)
        }
        InviteVisitorWithPin { .. }
        | InviteVisitorWithEmail { .. }
        | InviteVisitorWithLink { .. } => invitation::invite_visitor(state, actor, command, now),
        RenewPin { invitation, pin } => invitation::renew_pin(state, actor, &invitation, pin, now),
        RevokeInvitation { invitation } => invitation::revoke(state, actor, &invitation, now),
        RedeemToken {
            lookup,
            new_visitor,
        } => invitation::redeem(state, actor, lookup, new_visitor, now),
        RespondToInvitation {
            invitation,
            response,
            channel,
        } => invitation::respond(state, actor, &invitation, response, channel, now),
        RequeueConversation {
            conversation,
            request,
        } => handoff::requeue(state, actor, &conversation, request, now),
        StartDeputyDelegation {
            conversation,
            invitation,
            level,
            join_hidden,
        } => delegation::start(
            state,
            actor,
            &conversation,
            invitation,
            level,
            join_hidden,
            now,
        ),
        AddSecondaryInvitationTarget { invitation, person } => {
            delegation::add_secondary_target(state, actor, &invitation, person, now)
        }
        RecordDeputiesNotified {
            invitation,
            level,
            deputies,
        } => delegation::record_notified(state, actor, &invitation, level, deputies, now),
        RecordDelegationUnanswered { invitation } => {
            delegation::record_unanswered(state, actor, &invitation, now)
        }
        Unassign { conversation } => handoff::unassign(state, actor, &conversation),
        TransferTo {
            conversation,
            invitation,
            agent,
        } => handoff::transfer_to(state, actor, &conversation, invitation, agent, now),
        AcceptTransfer { conversation } => {
            handoff::answer_transfer(state, actor, &conversation, true, now)
        }
        RejectTransfer { conversation } => {
            handoff::answer_transfer(state, actor, &conversation, false, now)
        }
    }
}

fn ensure(condition: bool, error: DomainError) -> Result<(), DomainError> {
    if condition { Ok(()) } else { Err(error) }
}

/// The conversation, if it exists and the actor may know it does.
fn conversation<'a>(
    state: &'a State,
    actor: &Actor,
    id: &ConversationId,
) -> Result<&'a Conversation, DomainError> {
    state
        .conversations
        .get(id)
        .filter(|c| access::can_view(state, actor, c))
        .ok_or_else(|| DomainError::UnknownConversation(id.clone()))
}

/// The conversation, visible to the actor and not ending.
fn open_conversation<'a>(
    state: &'a State,
    actor: &Actor,
    id: &ConversationId,
) -> Result<&'a Conversation, DomainError> {
    let c = conversation(state, actor, id)?;
    ensure(
        !c.is_closing(),
        DomainError::WrongConversationState(c.state),
    )?;
    Ok(c)
}

/// The conversation, open, and the actor may manage it.
fn managed_conversation<'a>(
    state: &'a State,
    actor: &Actor,
    id: &ConversationId,
) -> Result<&'a Conversation, DomainError> {
    let c = open_conversation(state, actor, id)?;
    ensure(
        access::can_manage(state, actor, c),
        DomainError::NotAllowed(
            "only agents in the conversation, supervisors and administrators may do this",
        ),
    )?;
    Ok(c)
}

fn agent<'a>(state: &'a State, id: &PersonId) -> Result<&'a Person, DomainError> {
    let person = state
        .directory
        .person(id)
        .ok_or_else(|| DomainError::UnknownPerson(id.clone()))?;
    ensure(person.is_agent(), DomainError::NotAnAgent(id.clone()))?;
    Ok(person)
}

/// An agent who may work on `conversation`: of its organisation or a parent organisation.
fn agent_for<'a>(
    state: &'a State,
    conversation: &Conversation,
    id: &PersonId,
) -> Result<&'a Person, DomainError> {
    let person = agent(state, id)?;
    ensure(
        state
            .directory
            .organisation_relation(&person.account, &conversation.account)
            != crate::directory::OrganisationRelation::Other,
        // Another bank's agents do not exist for this conversation.
        DomainError::UnknownPerson(id.clone()),
    )?;
    Ok(person)
}

fn invitation<'a>(state: &'a State, id: &InvitationId) -> Result<&'a Invitation, DomainError> {
    state
        .invitations
        .get(id)
        .ok_or_else(|| DomainError::UnknownInvitation(id.clone()))
}

/// Trims optional text; empty becomes `None`; too long is refused.
fn optional_text(
    text: Option<String>,
    max: usize,
    what: &'static str,
) -> Result<Option<String>, DomainError> {
    let Some(text) = text else { return Ok(None) };
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Ok(None);
    }
    ensure(
        trimmed.chars().count() <= max,
        DomainError::InvalidInput(what),
    )?;
    Ok(Some(trimmed.to_owned()))
}

/// The event moving the conversation to `to`, if it is not there yet and the spec allows it.
fn state_change(
    conversation: &Conversation,
    to: ConversationState,
    by: Creator,
) -> Result<Option<Event>, DomainError> {
    if conversation.state == to {
        return Ok(None);
    }
    ensure(
        conversation.state.can_become(to),
        DomainError::WrongConversationState(conversation.state),
    )?;
    Ok(Some(Event::ConversationStateChanged {
        conversation: conversation.id.clone(),
        state: to,
        by: Some(by),
    }))
}

/// The events that take the conversation to ACTIVE from wherever it is (CREATED goes through
/// ONBOARDING, as the spec's transitions require).
fn activate(conversation: &Conversation) -> Result<Vec<Event>, DomainError> {
    let mut out = Vec::new();
    let mut current = conversation.state;
    if current == ConversationState::Created {
        out.push(Event::ConversationStateChanged {
            conversation: conversation.id.clone(),
            state: ConversationState::Onboarding,
            by: None,
        });
        current = ConversationState::Onboarding;
    }
    if current == ConversationState::Reboarding {
        out.push(Event::ConversationStateChanged {
            conversation: conversation.id.clone(),
            state: ConversationState::Queued,
            by: None,
        });
        current = ConversationState::Queued;
    }
    if current != ConversationState::Active {
        ensure(
            current.can_become(ConversationState::Active),
            DomainError::WrongConversationState(current),
        )?;
        out.push(Event::ConversationStateChanged {
            conversation: conversation.id.clone(),
            state: ConversationState::Active,
            by: None,
        });
    }
    Ok(out)
}

fn participant(
    person: &PersonId,
    participation_type: ParticipationType,
    hidden: bool,
) -> Participant {
    Participant {
        person: person.clone(),
        participation_type,
        state: ParticipationState::Active,
        hidden,
        starred: false,
        auto_synced_assistant: false,
    }
}

/// Events that make `agent` the assignee of `conversation` (joining if needed), bring their
/// assistants in when auto-sync is on, and revoke open assignment requests.
fn assign(
    state: &State,
    conversation: &Conversation,
    agent: &PersonId,
    except_invitation: Option<&InvitationId>,
) -> Result<Vec<Event>, DomainError> {
    let mut events = Vec::new();
    let previous = conversation.assignee().cloned();
    if previous.as_ref() == Some(agent) {
        return Ok(events);
    }
    match conversation.participant(agent) {
        None => events.push(Event::ParticipantAdded {
            conversation: conversation.id.clone(),
            participant: participant(agent, ParticipationType::SecondaryAgent, false),
        }),
        Some(p) if p.hidden => events.push(Event::ParticipantVisibilityChanged {
            conversation: conversation.id.clone(),
            person: agent.clone(),
            hidden: false,
            by: None,
        }),
        Some(_) => {}
    }
    events.push(Event::AssigneeChanged {
        conversation: conversation.id.clone(),
        assignee: agent.clone(),
        previous,
    });
    events.extend(activate(conversation)?);
    events.extend(revoke_open(state, conversation, except_invitation, |i| {
        i.invitation_type == InvitationType::AssignmentRequest
    }));
    events.extend(sync_assistants_of_assignee(state, conversation, agent));
    Ok(events)
}

/// With `autoSyncAssignedAgentAssistants`, the assignee's assistants join too, hidden per
/// `hideAutoSyncedAssistants`.
fn sync_assistants_of_assignee(
    state: &State,
    conversation: &Conversation,
    agent: &PersonId,
) -> Vec<Event> {
    if !state.config.auto_sync_assigned_agent_assistants {
        return Vec::new();
    }
    let assistants = state.deputies_of(agent).assistant_agents(&state.directory);
    assistants_join(
        conversation,
        assistants
            .iter()
            .filter(|a| *a != agent && agent_for(state, conversation, a).is_ok()),
        state.config.hide_auto_synced_assistants,
    )
}

/// The assistants not yet in the conversation join as auto-synced secondary agents.
fn assistants_join<'a>(
    conversation: &Conversation,
    assistants: impl Iterator<Item = &'a PersonId>,
    hidden: bool,
) -> Vec<Event> {
    let mut joined: Vec<&PersonId> = Vec::new();
    for assistant in assistants {
        if conversation.participant(assistant).is_none() && !joined.contains(&assistant) {
            joined.push(assistant);
        }
    }
    joined
        .into_iter()
        .map(|assistant| {
            let mut p = participant(assistant, ParticipationType::SecondaryAgent, hidden);
            p.auto_synced_assistant = true;
            Event::ParticipantAdded {
                conversation: conversation.id.clone(),
                participant: p,
            }
        })
        .collect()
}

/// Revokes every open invitation of the conversation that `which` selects.
fn revoke_open(
    state: &State,
    conversation: &Conversation,
    except: Option<&InvitationId>,
    which: impl Fn(&Invitation) -> bool,
) -> Vec<Event> {
    state
        .invitations_of(&conversation.id)
        .filter(|i| i.state == InvitationState::Open && Some(&i.id) != except && which(i))
        .map(|i| Event::InvitationRevoked {
            conversation: conversation.id.clone(),
            invitation: i.id.clone(),
            by: None,
        })
        .collect()
}

/// The creator recorded for an invitation made by `actor`.
fn creator(actor: &Actor) -> Creator {
    match actor {
        Actor::Agent(p) => Creator::Agent(p.clone()),
        Actor::Visitor(p) => Creator::Visitor(p.clone()),
        Actor::Admin => Creator::WebApi,
        Actor::System | Actor::Anonymous => Creator::System,
    }
}

/// The fields every new invitation starts with.
struct NewInvitation<'a> {
    id: InvitationId,
    conversation: &'a Conversation,
    invitation_type: InvitationType,
    target: InvitationTarget,
    creator: Creator,
    now: Timestamp,
}

impl NewInvitation<'_> {
    fn build(self) -> Invitation {
        Invitation::open(
            self.id,
            self.conversation.id.clone(),
            self.conversation.account.clone(),
            self.invitation_type,
            self.target,
            self.creator,
            self.now,
        )
    }
}

/// The delegation for a request, invitation or forwarding sent to the single agent `agent`,
/// when deputy delegation is on (seed 001: never for teams).
fn delegation_for(state: &State, agent: &PersonId, start: DelegationStart) -> Option<Delegation> {
    state
        .config
        .deputy_delegation_enabled()
        .then(|| Delegation {
            plan: DelegationPlan::resolve(
                &state.config,
                &state.directory,
                &state.deputies_of(agent),
                agent,
                start,
            ),
            reached: None,
            unanswered_at: None,
        })
}

fn ensure_new_invitation(state: &State, id: &InvitationId) -> Result<(), DomainError> {
    ensure(
        !state.invitations.contains_key(id),
        DomainError::AlreadyExists(format!("invitation {id}")),
    )
}
