//! Seed 003: unassigning a conversation so the organisation's other users see it again.

use crate::access::can_view;
use crate::actor::Actor;
use crate::command::Command;
use crate::conversation::{ConversationState, OffboardingReason};
use crate::error::DomainError;
use crate::event::Event;
use crate::testkit::Bank;

fn unassign(bank: &Bank) -> Command {
    Command::Unassign {
        conversation: bank.vera_and_anna.clone(),
    }
}

#[test]
fn an_assigned_conversation_is_hidden_from_other_users_of_the_same_organisation() {
    let bank = Bank::new();
    assert!(!can_view(
        &bank.state,
        &Actor::Agent(bank.clara.clone()),
        bank.conversation()
    ));
    assert!(can_view(
        &bank.state,
        &Actor::Agent(bank.anna.clone()),
        bank.conversation()
    ));
}

#[test]
fn an_unassigned_conversation_is_visible_to_the_other_users_of_the_organisation() {
    let mut bank = Bank::new();
    let events = bank.exec(&Actor::Agent(bank.anna.clone()), unassign(&bank));
    assert!(events.contains(&Event::ParticipantOffboarded {
        conversation: bank.vera_and_anna.clone(),
        person: bank.anna.clone(),
        reason: OffboardingReason::ConversationUnassigned,
        comment: None,
    }));
    assert_eq!(bank.conversation().state, ConversationState::Unassigned);
    assert_eq!(bank.conversation().assignee(), None);
    assert!(can_view(
        &bank.state,
        &Actor::Agent(bank.clara.clone()),
        bank.conversation()
    ));
}

#[test]
fn users_from_the_parent_organisation_are_also_able_to_unassign() {
    let mut bank = Bank::new();
    bank.exec(&Actor::Agent(bank.eva.clone()), unassign(&bank));
    assert_eq!(bank.conversation().state, ConversationState::Unassigned);
}

#[test]
fn other_users_of_the_organisation_cannot_unassign_what_they_cannot_see() {
    let mut bank = Bank::new();
    let command = unassign(&bank);
    bank.refused(
        &Actor::Agent(bank.clara.clone()),
        command,
        DomainError::UnknownConversation(bank.vera_and_anna.clone()),
    );
}

#[test]
fn a_secondary_agent_of_the_organisation_cannot_unassign_the_assignee() {
    let mut bank = Bank::new();
    bank.add_participant(
        &bank.clara.clone(),
        crate::conversation::ParticipationType::SecondaryAgent,
        false,
    );
    let command = unassign(&bank);
    bank.refused(
        &Actor::Agent(bank.clara.clone()),
        command,
        DomainError::NotAllowed(
            "only the assignee, a supervisor or the parent organisation may unassign",
        ),
    );
}

#[test]
fn visitors_cannot_unassign() {
    let mut bank = Bank::new();
    let command = unassign(&bank);
    bank.refused(
        &Actor::Visitor(bank.vera.clone()),
        command,
        DomainError::NotAllowed(
            "only the assignee, a supervisor or the parent organisation may unassign",
        ),
    );
}

#[test]
fn only_an_assigned_conversation_can_be_unassigned() {
    let mut bank = Bank::new();
    bank.exec(&Actor::Agent(bank.anna.clone()), unassign(&bank));
    let command = unassign(&bank);
    bank.refused(
        &Actor::Agent(bank.eva.clone()),
        command,
        DomainError::WrongConversationState(ConversationState::Unassigned),
    );
}

#[test]
fn an_unassigned_conversation_can_be_taken_by_another_agent_of_the_organisation() {
    let mut bank = Bank::new();
    bank.exec(&Actor::Agent(bank.anna.clone()), unassign(&bank));
    bank.exec(
        &Actor::Agent(bank.clara.clone()),
        Command::RequeueConversation {
            conversation: bank.vera_and_anna.clone(),
            request: "requeued".into(),
        },
    );
    assert_eq!(bank.conversation().state, ConversationState::Queued);
    bank.respond(
        &bank.clara.clone(),
        &"requeued".into(),
        crate::invitation::DelegationResponse::Accept,
    )
    .unwrap();
    assert_eq!(bank.conversation().assignee(), Some(&bank.clara));
    assert_eq!(bank.conversation().state, ConversationState::Active);
}
