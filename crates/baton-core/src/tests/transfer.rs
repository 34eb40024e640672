//! Seed 004: SuperOffice's `TransferTo`, `AcceptTransfer` and `RejectTransfer`, mapped onto
//! forwarding.

use crate::actor::Actor;
use crate::command::Command;
use crate::error::DomainError;
use crate::testkit::Bank;

fn transfer(bank: &Bank, to: &crate::id::PersonId) -> Command {
    Command::TransferTo {
        conversation: bank.vera_and_anna.clone(),
        invitation: "transfer".into(),
        agent: to.clone(),
    }
}

#[test]
fn transfer_to_sets_a_pending_transfer_to_another_user() {
    let mut bank = Bank::new();
    bank.exec(
        &Actor::Agent(bank.anna.clone()),
        transfer(&bank, &bank.david.clone()),
    );
    let pending = bank
        .state
        .pending_transfer(&bank.vera_and_anna)
        .map(|(_, to)| to.clone());
    assert_eq!(pending, Some(bank.david.clone()));
    assert_eq!(
        bank.conversation().assignee(),
        Some(&bank.anna),
        "nothing moves before acceptance"
    );
}

#[test]
fn if_the_session_does_not_belong_to_the_user_nothing_happens() {
    let mut bank = Bank::new();
    for actor in [
        Actor::Agent(bank.eva.clone()),
        Actor::Agent(bank.clara.clone()),
        Actor::Admin,
    ] {
        let events = bank.exec(&actor, transfer(&bank, &bank.david.clone()));
        assert!(events.is_empty(), "{actor:?}");
    }
    assert_eq!(bank.state.pending_transfer(&bank.vera_and_anna), None);
}

#[test]
fn accept_transfer_assigns_the_session_to_the_receiving_user() {
    let mut bank = Bank::new();
    bank.exec(
        &Actor::Agent(bank.anna.clone()),
        transfer(&bank, &bank.david.clone()),
    );
    bank.exec(
        &Actor::Agent(bank.david.clone()),
        Command::AcceptTransfer {
            conversation: bank.vera_and_anna.clone(),
        },
    );
    assert_eq!(bank.conversation().assignee(), Some(&bank.david));
    assert!(bank.conversation().participant(&bank.anna).is_none());
    assert_eq!(bank.state.pending_transfer(&bank.vera_and_anna), None);
}

#[test]
fn reject_transfer_clears_the_pending_transfer() {
    let mut bank = Bank::new();
    bank.exec(
        &Actor::Agent(bank.anna.clone()),
        transfer(&bank, &bank.david.clone()),
    );
    bank.exec(
        &Actor::Agent(bank.david.clone()),
        Command::RejectTransfer {
            conversation: bank.vera_and_anna.clone(),
        },
    );
    assert_eq!(bank.state.pending_transfer(&bank.vera_and_anna), None);
    assert_eq!(bank.conversation().assignee(), Some(&bank.anna));
}

#[test]
fn only_the_receiving_user_may_accept_or_reject_a_transfer() {
    let mut bank = Bank::new();
    bank.exec(
        &Actor::Agent(bank.anna.clone()),
        transfer(&bank, &bank.david.clone()),
    );
    let accept = Command::AcceptTransfer {
        conversation: bank.vera_and_anna.clone(),
    };
    bank.refused(
        &Actor::Agent(bank.clara.clone()),
        accept,
        DomainError::NotAllowed("no transfer is pending for you"),
    );
}

#[test]
fn a_transfer_to_someone_already_in_the_session_is_refused() {
    let mut bank = Bank::new();
    bank.add_participant(
        &bank.clara.clone(),
        crate::conversation::ParticipationType::SecondaryAgent,
        false,
    );
    let command = transfer(&bank, &bank.clara.clone());
    bank.refused(
        &Actor::Agent(bank.anna.clone()),
        command,
        DomainError::AlreadyParticipant(bank.clara.clone()),
    );
}
