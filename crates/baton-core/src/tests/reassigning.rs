//! Seed 000, "Reassigning a conversation to a participating agent": visibility, assignee,
//! offboarding, the awaited person type.

use crate::access::event_view;
use crate::actor::Actor;
use crate::command::Command;
use crate::conversation::{
    AwaitedPersonType, ConversationState, OffboardingReason, ParticipationType,
};
use crate::error::DomainError;
use crate::event::Event;
use crate::testkit::Bank;

fn anna(bank: &Bank) -> Actor {
    Actor::Agent(bank.anna.clone())
}

fn set_assignee(bank: &Bank, person: &crate::id::PersonId) -> Command {
    Command::SetAssignee {
        conversation: bank.vera_and_anna.clone(),
        person: person.clone(),
    }
}

#[test]
fn reassigning_to_a_hidden_participant_shows_them_assigns_them_and_removes_the_previous_agent() {
    let mut bank = Bank::new();
    let clara = bank.clara.clone();
    bank.add_participant(&clara, ParticipationType::SecondaryAgent, true);
    // A hidden participant cannot be made the assignee...
    let command = set_assignee(&bank, &clara);
    bank.refused(
        &anna(&bank),
        command,
        DomainError::HiddenAssignee(clara.clone()),
    );
    // ...so first change their visibility with hidden=false,
    bank.exec(
        &anna(&bank),
        Command::ChangeParticipantVisibility {
            conversation: bank.vera_and_anna.clone(),
            person: clara.clone(),
            hidden: false,
        },
    );
    // then set the assignee,
    let command = set_assignee(&bank, &clara);
    bank.exec(&anna(&bank), command);
    // then remove the previous assigned agent; the comment is not shown in the conversation.
    let events = bank.exec(
        &Actor::Agent(clara.clone()),
        Command::OffboardParticipant {
            conversation: bank.vera_and_anna.clone(),
            person: bank.anna.clone(),
            reason: OffboardingReason::Kicked,
            comment: Some("Anna moved to another desk".into()),
        },
    );
    assert!(
        !events
            .iter()
            .any(|e| matches!(e, Event::MessagePosted { .. }))
    );
    let vera = Actor::Visitor(bank.vera.clone());
    let seen = event_view(&bank.state, &vera, &events[0]);
    assert!(matches!(
        seen,
        Some(Event::ParticipantOffboarded { comment: None, .. })
    ));
    // and set the awaited person type.
    bank.exec(
        &Actor::Agent(clara.clone()),
        Command::SetAwaitedPersonType {
            conversation: bank.vera_and_anna.clone(),
            awaited: AwaitedPersonType::Agent,
        },
    );
    let c = bank.conversation();
    assert_eq!(c.assignee(), Some(&clara));
    assert!(c.participant(&bank.anna).is_none());
    assert_eq!(c.awaited_person_type, AwaitedPersonType::Agent);
    assert_eq!(c.state, ConversationState::Active);
}

#[test]
fn the_new_assigned_agent_must_have_an_active_participation() {
    let mut bank = Bank::new();
    let command = set_assignee(&bank, &bank.david.clone());
    bank.refused(
        &anna(&bank),
        command,
        DomainError::NotParticipant(bank.david.clone()),
    );
    let command = set_assignee(&bank, &bank.vera.clone());
    bank.refused(
        &anna(&bank),
        command,
        DomainError::NotAnAgent(bank.vera.clone()),
    );
}

#[test]
fn only_secondary_agents_and_bots_may_be_hidden() {
    let mut bank = Bank::new();
    let hide = |bank: &Bank, person: &crate::id::PersonId| Command::ChangeParticipantVisibility {
        conversation: bank.vera_and_anna.clone(),
        person: person.clone(),
        hidden: true,
    };
    let command = hide(&bank, &bank.anna.clone());
    bank.refused(&anna(&bank), command, DomainError::CannotBeHidden);
    let command = hide(&bank, &bank.vera.clone());
    bank.refused(&anna(&bank), command, DomainError::CannotBeHidden);
    bank.add_participant(
        &bank.clara.clone(),
        ParticipationType::SecondaryAgent,
        false,
    );
    let command = hide(&bank, &bank.clara.clone());
    bank.exec(&anna(&bank), command);
    assert!(bank.conversation().participant(&bank.clara).unwrap().hidden);
}

#[test]
fn hidden_participants_are_invisible_to_visitors() {
    let mut bank = Bank::new();
    let clara = bank.clara.clone();
    let events = bank.exec(
        &anna(&bank),
        Command::AddParticipant {
            conversation: bank.vera_and_anna.clone(),
            person: clara,
            participation_type: ParticipationType::SecondaryAgent,
            hidden: true,
        },
    );
    let vera = Actor::Visitor(bank.vera.clone());
    assert_eq!(event_view(&bank.state, &vera, &events[0]), None);
    assert!(event_view(&bank.state, &anna(&bank), &events[0]).is_some());
}

#[test]
fn when_the_assigned_agent_is_removed_the_conversation_ends_unless_it_is_reassigned() {
    let mut bank = Bank::new();
    bank.exec(
        &Actor::Admin,
        Command::OffboardParticipant {
            conversation: bank.vera_and_anna.clone(),
            person: bank.anna.clone(),
            reason: OffboardingReason::Kicked,
            comment: None,
        },
    );
    assert_eq!(bank.conversation().state, ConversationState::Ended);
    let command = Command::AddParticipant {
        conversation: bank.vera_and_anna.clone(),
        person: bank.clara.clone(),
        participation_type: ParticipationType::SecondaryAgent,
        hidden: false,
    };
    bank.refused(
        &Actor::Admin,
        command,
        DomainError::WrongConversationState(ConversationState::Ended),
    );
}

#[test]
fn a_secondary_agent_may_leave_by_themselves_and_then_can_do_nothing() {
    let mut bank = Bank::new();
    bank.add_participant(
        &bank.clara.clone(),
        ParticipationType::SecondaryAgent,
        false,
    );
    let clara = Actor::Agent(bank.clara.clone());
    bank.exec(
        &clara,
        Command::OffboardParticipant {
            conversation: bank.vera_and_anna.clone(),
            person: bank.clara.clone(),
            reason: OffboardingReason::ParticipantLeft,
            comment: None,
        },
    );
    assert_eq!(bank.conversation().state, ConversationState::Active);
    let command = Command::PostMessage {
        conversation: bank.vera_and_anna.clone(),
        message: "m".into(),
        text: "hello".into(),
    };
    bank.refused(
        &clara,
        command,
        DomainError::UnknownConversation(bank.vera_and_anna.clone()),
    );
}

#[test]
fn a_visitor_cannot_remove_the_assigned_agent() {
    let mut bank = Bank::new();
    let command = Command::OffboardParticipant {
        conversation: bank.vera_and_anna.clone(),
        person: bank.anna.clone(),
        reason: OffboardingReason::Kicked,
        comment: None,
    };
    bank.refused(
        &Actor::Visitor(bank.vera.clone()),
        command,
        DomainError::NotAllowed(
            "only the participant or someone managing the conversation may remove them",
        ),
    );
}

#[test]
fn setting_the_same_awaited_person_type_again_changes_nothing() {
    let mut bank = Bank::new();
    let events = bank.exec(
        &anna(&bank),
        Command::SetAwaitedPersonType {
            conversation: bank.vera_and_anna.clone(),
            awaited: AwaitedPersonType::None,
        },
    );
    assert!(events.is_empty());
}

#[test]
fn assistants_join_the_assigned_agents_conversations_hidden_when_auto_sync_is_on() {
    let bank = Bank::with_config(crate::config::Config {
        auto_sync_assigned_agent_assistants: true,
        ..Default::default()
    });
    let ben = bank.conversation().participant(&bank.ben).cloned().unwrap();
    assert!(ben.hidden && ben.auto_synced_assistant);
    assert_eq!(ben.participation_type, ParticipationType::SecondaryAgent);
    assert!(Bank::new().conversation().participant(&bank.ben).is_none());
}

/// The forward and reassign dialogs offer what [`HandoffRoute::of`] says; the domain must
/// accept exactly that: forwarding where it says Forward, the reassign flow (show, then
/// assign) where it says Reassign, and neither where it says None.
#[test]
fn the_dialogs_handoff_routes_are_what_the_domain_accepts() {
    use crate::conversation::HandoffRoute;
    use crate::id::{InvitationId, PersonId};

    // (who, their participation and whether hidden, set up in a fresh bank)
    type Setup = fn(&mut Bank) -> PersonId;
    let cases: [(&str, Setup); 6] = [
        ("an agent outside", |bank| bank.david.clone()),
        ("a secondary agent", |bank| {
            let clara = bank.clara.clone();
            bank.add_participant(&clara, ParticipationType::SecondaryAgent, false);
            clara
        }),
        ("a hidden secondary agent", |bank| {
            let clara = bank.clara.clone();
            bank.add_participant(&clara, ParticipationType::SecondaryAgent, true);
            clara
        }),
        ("the assignee", |bank| bank.anna.clone()),
        ("the customer", |bank| bank.vera.clone()),
        ("oneself, outside", |bank| bank.eva.clone()),
    ];
    for (what, setup) in cases {
        let fresh = || {
            let mut bank = Bank::new();
            let person = setup(&mut bank);
            (bank, person)
        };
        let (bank, person) = fresh();
        // Eva (the parent organisation's supervisor) acts for the "oneself" case, Anna else.
        let actor = if person == bank.eva {
            Actor::Agent(bank.eva.clone())
        } else {
            anna(&bank)
        };
        let participation = bank
            .conversation()
            .participant(&person)
            .map(|p| p.participation_type);
        let route = HandoffRoute::of(participation, actor.person() == Some(&person));
        let forward = Command::ForwardToAgent {
            conversation: bank.vera_and_anna.clone(),
            invitation: InvitationId::new("forward-check"),
            agent: person.clone(),
            comment: None,
        };
        let forwarded = fresh().0.try_exec(&actor, forward).is_ok();
        let reassigned = {
            let (mut copy, _) = fresh();
            let shown = copy.try_exec(
                &actor,
                Command::ChangeParticipantVisibility {
                    conversation: bank.vera_and_anna.clone(),
                    person: person.clone(),
                    hidden: false,
                },
            );
            shown.is_ok()
                && copy
                    .try_exec(&actor, set_assignee(&bank, &person))
                    .is_ok_and(|events| !events.is_empty())
        };
        let accepted = match (forwarded, reassigned) {
            (true, false) => HandoffRoute::Forward,
            (false, true) => HandoffRoute::Reassign,
            (false, false) => HandoffRoute::None,
            (true, true) => panic!("{what}: both forwarded and reassigned"),
        };
        // Forwarding to oneself is not refused by the domain; the dialogs just never offer it.
        if what != "oneself, outside" {
            assert_eq!(route, accepted, "{what}");
        } else {
            assert_eq!(route, HandoffRoute::None, "{what}");
        }
    }
}
