//! Decisions inside one conversation: creating it, its participants and assignee, the
//! awaited person type, ending it, and messages (which may offer the deputy prompt).

use super::{
    Decision, MAX_MESSAGE, MAX_SHORT_TEXT, NewInvitation, agent_for, assign, creator,
    delegation_for, ensure, ensure_new_invitation, managed_conversation, open_conversation,
    optional_text, participant, revoke_open, state_change,
};
use crate::access;
use crate::actor::Actor;
use crate::command::Command;
use crate::conversation::{
    AwaitedPersonType, ConversationState, OffboardingReason, ParticipationType, Recipient,
};
use crate::deputy::DelegationStart;
use crate::directory::{OrganisationRelation, PersonType};
use crate::error::DomainError;
use crate::event::{Audience, Author, Event, MessageBody};
use crate::id::{ConversationId, MessageId, PersonId, PromptId};
use crate::invitation::{InvitationState, InvitationTarget, InvitationType};
use crate::prompt::{self, PromptDecision};
use crate::state::State;
use crate::time::Timestamp;

pub(super) fn create(state: &State, actor: &Actor, command: Command, now: Timestamp) -> Decision {
    let Command::CreateConversation {
        id,
        account,
        topic,
        visitor,
        assignee,
        recipient,
        request,
    } = command
    else {
        return Err(DomainError::InvalidInput("not a conversation creation"));
    };
    ensure(
        state.directory.accounts.contains_key(&account),
        DomainError::UnknownAccount(account.clone()),
    )?;
    ensure(
        !state.conversations.contains_key(&id),
        DomainError::AlreadyExists(format!("conversation {id}")),
    )?;
    match actor {
        Actor::Admin | Actor::System => {}
        Actor::Visitor(me) => ensure(
            visitor.as_ref() == Some(me)
                && assignee.is_none()
                && state
                    .directory
                    .person(me)
                    .is_some_and(|p| p.account == account),
            DomainError::NotAllowed("a visitor starts conversations for themselves only"),
        )?,
        Actor::Agent(me) => ensure(
            access::relation_to(state, actor, &account) != OrganisationRelation::Other
                && assignee.as_ref().is_none_or(|a| a == me),
            DomainError::NotAllowed(
                "an agent starts conversations in their organisation, assigned to themselves",
            ),
        )?,
        Actor::Anonymous => return Err(DomainError::NotAllowed("sign in first")),
    }
    let topic = optional_text(topic, MAX_SHORT_TEXT, "the topic is too long")?;
    if let Some(v) = &visitor {
        let person = state
            .directory
            .person(v)
            .ok_or_else(|| DomainError::UnknownPerson(v.clone()))?;
        ensure(
            person.person_type == PersonType::Visitor,
            DomainError::InvalidInput("the context person must be a visitor"),
        )?;
        ensure(
            person.account == account,
            DomainError::NotAllowed("the visitor is a customer of another organisation"),
        )?;
    }
    let mut events = vec![Event::ConversationCreated {
        conversation: id.clone(),
        account: account.clone(),
        topic,
        recipient: recipient.clone(),
        at: now,
    }];
    // Build the conversation as it will be, to reuse the shared helpers on it.
    let mut draft = State::default();
    draft.apply(&events[0]);
    let conversation = &draft.conversations[&id];
    let target = match &recipient {
        Some(Recipient::Agent(a)) => {
            super::agent_for(state, conversation, a)?;
            InvitationTarget::Agent(a.clone())
        }
        Some(Recipient::Team(t)) => {
            let team = state
                .directory
                .team(t)
                .ok_or_else(|| DomainError::UnknownTeam(t.clone()))?;
            ensure(
                team.account == account,
                DomainError::InvalidInput("the team belongs to another account"),
            )?;
            InvitationTarget::Team(t.clone())
        }
        None => InvitationTarget::Account(account.clone()),
    };
    if let Some(v) = &visitor {
        events.push(Event::ParticipantAdded {
            conversation: id.clone(),
            participant: participant(v, ParticipationType::ContextPerson, false),
        });
    }
    events.push(Event::ConversationStateChanged {
        conversation: id.clone(),
        state: ConversationState::Onboarding,
        by: None,
    });
    if let Some(a) = &assignee {
        agent_for(state, conversation, a)?;
        ensure(
            request.is_none(),
            DomainError::InvalidInput("an assigned conversation needs no request"),
        )?;
        let mut with_state = conversation.clone();
        with_state.state = ConversationState::Onboarding;
        events.extend(assign(state, &with_state, a, None)?);
    } else {
        let request = request.ok_or(DomainError::InvalidInput(
            "a conversation without assignee needs an assignment request id",
        ))?;
        ensure_new_invitation(state, &request)?;
        let mut invitation = NewInvitation {
            id: request,
            conversation,
            invitation_type: InvitationType::AssignmentRequest,
            target: target.clone(),
            creator: creator(actor),
            now,
        }
        .build();
        if let InvitationTarget::Agent(a) = &target {
            invitation.delegation = delegation_for(state, a, DelegationStart::AwaitAgent);
        }
        events.push(Event::ConversationStateChanged {
            conversation: id.clone(),
            state: ConversationState::Queued,
            by: None,
        });
        events.push(Event::InvitationCreated {
            invitation: Box::new(invitation),
        });
    }
    Ok(events)
}

pub(super) fn add_participant(
    state: &State,
    actor: &Actor,
    id: &ConversationId,
    person: PersonId,
    participation_type: ParticipationType,
    hidden: bool,
) -> Decision {
    let c = managed_conversation(state, actor, id)?;
    let p = state
        .directory
        .person(&person)
        .ok_or_else(|| DomainError::UnknownPerson(person.clone()))?;
    ensure(
        c.participant(&person).is_none(),
        DomainError::AlreadyParticipant(person.clone()),
    )?;
    match participation_type {
        ParticipationType::SecondaryAgent => {
            ensure(
                matches!(p.person_type, PersonType::Agent | PersonType::Bot),
                DomainError::NotAnAgent(person.clone()),
            )?;
            if p.is_agent() {
                agent_for(state, c, &person)?;
            }
        }
        ParticipationType::SecondaryVisitor => {
            ensure(
                p.is_visitor(),
                DomainError::InvalidInput("a secondary visitor must be a visitor"),
            )?;
            ensure(!hidden, DomainError::CannotBeHidden)?;
        }
        ParticipationType::AssignedAgent | ParticipationType::ContextPerson => {
            return Err(DomainError::InvalidInput(
                "add participants as secondary agents or visitors, then set the assignee",
            ));
        }
    }
    Ok(vec![Event::ParticipantAdded {
        conversation: id.clone(),
        participant: participant(&person, participation_type, hidden),
    }])
}

pub(super) fn set_assignee(
    state: &State,
    actor: &Actor,
    id: &ConversationId,
    person: PersonId,
) -> Decision {
    let c = managed_conversation(state, actor, id)?;
    let p = c
        .participant(&person)
        .ok_or_else(|| DomainError::NotParticipant(person.clone()))?;
    ensure(p.is_active(), DomainError::NotActive(person.clone()))?;
    super::agent(state, &person)?;
    ensure(!p.hidden, DomainError::HiddenAssignee(person.clone()))?;
    assign(state, c, &person, None)
}

pub(super) fn change_visibility(
    state: &State,
    actor: &Actor,
    id: &ConversationId,
    person: PersonId,
    hidden: bool,
) -> Decision {
    let c = managed_conversation(state, actor, id)?;
    let p = c
        .participant(&person)
        .ok_or_else(|| DomainError::NotParticipant(person.clone()))?;
    if p.hidden == hidden {
        return Ok(Vec::new());
    }
    if hidden {
        let is_bot = state
            .directory
            .person(&person)
            .is_some_and(|x| x.person_type == PersonType::Bot);
        ensure(
            p.participation_type == ParticipationType::SecondaryAgent || is_bot,
            DomainError::CannotBeHidden,
        )?;
    }
    Ok(vec![Event::ParticipantVisibilityChanged {
        conversation: id.clone(),
        person,
        hidden,
        by: Some(creator(actor)),
    }])
}

pub(super) fn offboard(
    state: &State,
    actor: &Actor,
    id: &ConversationId,
    person: PersonId,
    reason: OffboardingReason,
    comment: Option<String>,
) -> Decision {
    let c = open_conversation(state, actor, id)?;
    let leaving_by_themselves = actor.person() == Some(&person);
    ensure(
        leaving_by_themselves || access::can_manage(state, actor, c),
        DomainError::NotAllowed(
            "only the participant or someone managing the conversation may remove them",
        ),
    )?;
    let p = c
        .participant(&person)
        .ok_or_else(|| DomainError::NotParticipant(person.clone()))?;
    let comment = optional_text(comment, MAX_SHORT_TEXT, "the comment is too long")?;
    let mut events = vec![Event::ParticipantOffboarded {
        conversation: id.clone(),
        person: person.clone(),
        reason,
        comment,
    }];
    // Seed 000: when the assigned agent is removed, the conversation ends unless it was
    // reassigned first.
    if p.participation_type == ParticipationType::AssignedAgent {
        events.extend(end_events(state, actor, c)?);
    }
    Ok(events)
}

/// Adds missing assistants (marked auto-synced), removes auto-synced participants who are no
/// longer assistants, and applies the configured visibility to the auto-synced ones. Only
/// participants the sync added are ever removed or re-hidden by it, and only while they are
/// secondary agents: one who has since become the assignee is no longer the sync's to remove.
pub(super) fn sync_assistants(
    state: &State,
    actor: &Actor,
    id: &ConversationId,
    assistants: Vec<PersonId>,
    hidden: bool,
) -> Decision {
    ensure(
        actor == &Actor::System,
        DomainError::NotAllowed("assistants are synchronised by the system"),
    )?;
    let c = open_conversation(state, actor, id)?;
    let mut events = Vec::new();
    for p in c.current_participants().filter(|p| {
        p.auto_synced_assistant && p.participation_type == ParticipationType::SecondaryAgent
    }) {
        if !assistants.contains(&p.person) {
            events.push(Event::ParticipantOffboarded {
                conversation: id.clone(),
                person: p.person.clone(),
                reason: OffboardingReason::AssistantSynchronization,
                comment: None,
            });
        } else if p.hidden != hidden {
            events.push(Event::ParticipantVisibilityChanged {
                conversation: id.clone(),
                person: p.person.clone(),
                hidden,
                by: Some(creator(actor)),
            });
        }
    }
    for assistant in &assistants {
        if c.participant(assistant).is_none() {
            super::agent_for(state, c, assistant)?;
        }
    }
    events.extend(super::assistants_join(c, assistants.iter(), hidden));
    Ok(events)
}

pub(super) fn set_awaited_person_type(
    state: &State,
    actor: &Actor,
    id: &ConversationId,
    awaited: AwaitedPersonType,
) -> Decision {
    let c = managed_conversation(state, actor, id)?;
    if c.awaited_person_type == awaited {
        return Ok(Vec::new());
    }
    Ok(vec![Event::AwaitedPersonTypeChanged {
        conversation: id.clone(),
        awaited,
    }])
}

fn end_events(
    state: &State,
    actor: &Actor,
    c: &crate::conversation::Conversation,
) -> Result<Vec<Event>, DomainError> {
    let mut events = revoke_open(state, c, None, |_| true);
    events.extend(state_change(
        c,
        ConversationState::Offboarding,
        creator(actor),
    )?);
    events.push(Event::ConversationStateChanged {
        conversation: c.id.clone(),
        state: ConversationState::Ended,
        by: Some(creator(actor)),
    });
    Ok(events)
}

pub(super) fn end(state: &State, actor: &Actor, id: &ConversationId) -> Decision {
    let c = managed_conversation(state, actor, id)?;
    end_events(state, actor, c)
}

pub(super) fn post_message(
    state: &State,
    actor: &Actor,
    id: &ConversationId,
    message: MessageId,
    text: String,
    now: Timestamp,
) -> Decision {
    let c = open_conversation(state, actor, id)?;
    let author = match actor {
        Actor::Visitor(p) | Actor::Agent(p) => p.clone(),
        _ => return Err(DomainError::NotAllowed("only participants post messages")),
    };
    ensure(
        c.active_participant(&author).is_some(),
        DomainError::NotParticipant(author.clone()),
    )?;
    let text = text.trim();
    ensure(
        !text.is_empty() && text.chars().count() <= MAX_MESSAGE,
        DomainError::InvalidInput("a message has 1 to 10000 characters"),
    )?;
    let mut events = vec![Event::MessagePosted {
        conversation: id.clone(),
        message: message.clone(),
        author: Author::Person(author.clone()),
        body: MessageBody::Text(text.to_owned()),
        audience: Audience::Everyone,
        at: now,
    }];
    if matches!(actor, Actor::Visitor(_)) {
        let running = state.invitations_of(id).any(|i| {
            i.invitation_type == InvitationType::DeputyInvitation
                && i.state == InvitationState::Open
        });
        if let PromptDecision::Offer { expires_at } =
            prompt::evaluate(&state.config, &state.directory, c, &author, running, now)
        {
            events.push(Event::DeputyPromptOffered {
                conversation: id.clone(),
                prompt: PromptId::new(format!("prompt-{message}")),
                at: now,
                expires_at,
            });
        }
    }
    Ok(events)
}
