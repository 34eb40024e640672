//! Who sees what: visitors see only their own conversations, without hidden participants,
//! agent-only messages, invitations or deputies' names.

use crate::access::{can_view, can_view_deputies, can_view_person, can_view_team, event_view};
use crate::actor::Actor;
use crate::deputy::{DelegationLevel, DeputyLevel, PlannedDeputy};
use crate::directory::NotificationChannels;
use crate::event::Event;
use crate::testkit::Bank;

#[test]
fn a_visitor_sees_that_a_level_was_notified_but_not_who() {
    let bank = Bank::new();
    let notified = Event::DeputiesNotified {
        conversation: bank.vera_and_anna.clone(),
        invitation: "i".into(),
        level: Some(DelegationLevel::Level1),
        deputies: vec![PlannedDeputy {
            person: bank.clara.clone(),
            listed_as: DeputyLevel::Level1,
            channels: NotificationChannels::ALL,
        }],
        at: bank.now,
    };
    match event_view(&bank.state, &Actor::Visitor(bank.vera.clone()), &notified) {
        Some(Event::DeputiesNotified {
            deputies, level, ..
        }) => {
            assert!(deputies.is_empty());
            assert_eq!(level, Some(DelegationLevel::Level1));
        }
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn a_visitor_sees_nothing_of_other_conversations() {
    let mut bank = Bank::new();
    let (other, _) = bank.request_to_anna("vera-second");
    let walter: crate::id::PersonId = "walter".into();
    let posted = Event::ConversationStateChanged {
        conversation: other.clone(),
        state: crate::conversation::ConversationState::Active,
        by: None,
    };
    assert_eq!(
        event_view(&bank.state, &Actor::Visitor(walter), &posted),
        None
    );
    assert!(event_view(&bank.state, &Actor::Visitor(bank.vera.clone()), &posted).is_some());
}

#[test]
fn a_visitor_sees_the_state_change_but_not_who_made_it() {
    let bank = Bank::new();
    let unassigned = Event::ConversationStateChanged {
        conversation: bank.vera_and_anna.clone(),
        state: crate::conversation::ConversationState::Unassigned,
        by: Some(crate::invitation::Creator::Agent(bank.clara.clone())),
    };
    let Some(Event::ConversationStateChanged { state, by, .. }) =
        event_view(&bank.state, &Actor::Visitor(bank.vera.clone()), &unassigned)
    else {
        panic!("the visitor sees the state change");
    };
    assert_eq!(state, crate::conversation::ConversationState::Unassigned);
    assert_eq!(by, None);
    assert_eq!(
        event_view(&bank.state, &Actor::Agent(bank.anna.clone()), &unassigned),
        Some(unassigned)
    );
}

#[test]
fn a_visitor_sees_a_visibility_change_but_not_who_made_it() {
    let bank = Bank::new();
    let shown = Event::ParticipantVisibilityChanged {
        conversation: bank.vera_and_anna.clone(),
        person: bank.anna.clone(),
        hidden: false,
        by: Some(crate::invitation::Creator::Agent(bank.clara.clone())),
    };
    assert_eq!(
        event_view(&bank.state, &Actor::Visitor(bank.vera.clone()), &shown),
        Some(Event::ParticipantVisibilityChanged {
            conversation: bank.vera_and_anna.clone(),
            person: bank.anna.clone(),
            hidden: false,
            by: None,
        })
    );
    assert_eq!(
        event_view(&bank.state, &Actor::Agent(bank.anna.clone()), &shown),
        Some(shown)
    );
}

#[test]
fn agents_of_another_organisation_and_anonymous_callers_see_nothing() {
    let bank = Bank::new();
    assert!(!can_view(
        &bank.state,
        &Actor::Anonymous,
        bank.conversation()
    ));
    assert!(can_view(
        &bank.state,
        &Actor::Agent(bank.eva.clone()),
        bank.conversation()
    ));
    assert!(can_view(&bank.state, &Actor::Admin, bank.conversation()));
}

#[test]
fn a_deputy_notified_of_a_request_can_open_the_conversation() {
    let mut bank = Bank::with_delegation();
    let (conversation, _) = bank.request_to_anna("req");
    let c = &bank.state.conversations[&conversation];
    // Queued and unassigned: visible to the organisation.
    assert!(can_view(&bank.state, &Actor::Agent(bank.ben.clone()), c));
}

#[test]
fn a_conversation_cannot_be_opened_for_another_banks_customer() {
    use crate::command::Command;
    use crate::directory::PersonType;
    let mut bank = Bank::new();
    let oscar = bank.stranger("oscar.other", PersonType::Visitor);
    let command = Command::CreateConversation {
        id: "poach".into(),
        account: bank.account.clone(),
        topic: None,
        visitor: Some(oscar),
        assignee: Some(bank.anna.clone()),
        recipient: None,
        request: None,
    };
    bank.refused(
        &Actor::Agent(bank.anna.clone()),
        command,
        crate::error::DomainError::NotAllowed("the visitor is a customer of another organisation"),
    );
}

#[test]
fn agents_see_their_organisations_directory_and_the_visitors_of_their_conversations() {
    let bank = Bank::new();
    let d = &bank.state.directory;
    let person = |id: &crate::id::PersonId| d.person(id).unwrap();
    let anna = Actor::Agent(bank.anna.clone());
    let eva = Actor::Agent(bank.eva.clone());
    let vera = Actor::Visitor(bank.vera.clone());
    // Same organisation; Eva's is the parent organisation.
    assert!(can_view_person(&bank.state, &anna, person(&bank.clara)));
    assert!(can_view_person(&bank.state, &eva, person(&bank.clara)));
    assert!(!can_view_person(&bank.state, &anna, person(&bank.eva)));
    // Vera is in Anna's conversation; Ben sees it only while it is unassigned.
    assert!(can_view_person(&bank.state, &anna, person(&bank.vera)));
    assert!(!can_view_person(
        &bank.state,
        &Actor::Agent(bank.ben.clone()),
        person(&bank.vera)
    ));
    // A visitor sees herself and no one else; administrators see everyone.
    assert!(can_view_person(&bank.state, &vera, person(&bank.vera)));
    assert!(!can_view_person(&bank.state, &vera, person(&bank.anna)));
    assert!(can_view_person(
        &bank.state,
        &Actor::Admin,
        person(&bank.eva)
    ));
    assert!(!can_view_person(
        &bank.state,
        &Actor::Anonymous,
        person(&bank.anna)
    ));

    let advisory = d.team(&bank.advisory).unwrap();
    assert!(can_view_team(&bank.state, &anna, advisory));
    assert!(can_view_team(&bank.state, &eva, advisory));
    assert!(!can_view_team(&bank.state, &vera, advisory));

    assert!(can_view_deputies(&bank.state, &anna, person(&bank.anna)));
    assert!(can_view_deputies(
        &bank.state,
        &Actor::Admin,
        person(&bank.anna)
    ));
    assert!(!can_view_deputies(
        &bank.state,
        &Actor::Agent(bank.clara.clone()),
        person(&bank.anna)
    ));
}

#[test]
fn an_agent_transferred_away_learns_of_their_own_offboarding_and_nothing_else() {
    let mut bank = Bank::new();
    let anna = Actor::Agent(bank.anna.clone());
    bank.exec(
        &anna,
        crate::command::Command::TransferTo {
            conversation: bank.vera_and_anna.clone(),
            invitation: "transfer".into(),
            agent: bank.david.clone(),
        },
    );
    let events = bank.exec(
        &Actor::Agent(bank.david.clone()),
        crate::command::Command::AcceptTransfer {
            conversation: bank.vera_and_anna.clone(),
        },
    );
    assert!(!can_view(&bank.state, &anna, bank.conversation()));
    let seen: Vec<Event> = events
        .iter()
        .filter_map(|e| event_view(&bank.state, &anna, e))
        .collect();
    assert_eq!(
        seen,
        vec![Event::ParticipantOffboarded {
            conversation: bank.vera_and_anna.clone(),
            person: bank.anna.clone(),
            reason: crate::conversation::OffboardingReason::Forwarded,
            comment: None,
        }]
    );
    let clara = Actor::Agent(bank.clara.clone());
    assert!(
        events
            .iter()
            .all(|e| event_view(&bank.state, &clara, e).is_none())
    );
}

#[test]
fn a_presence_change_reaches_whoever_may_see_the_person_in_the_directory() {
    use crate::directory::{PersonType, PresenceState};
    let mut bank = Bank::new();
    let olga = bank.stranger("olga.other", PersonType::Agent);
    let away = Event::PresenceChanged {
        person: bank.clara.clone(),
        presence: PresenceState::Away,
    };
    let anna = Actor::Agent(bank.anna.clone());
    assert_eq!(event_view(&bank.state, &anna, &away), Some(away.clone()));
    assert!(event_view(&bank.state, &Actor::Agent(bank.clara.clone()), &away).is_some());
    assert_eq!(
        event_view(&bank.state, &Actor::Agent(olga), &away),
        None,
        "another bank's agent"
    );
    assert_eq!(
        event_view(&bank.state, &Actor::Visitor(bank.vera.clone()), &away),
        None
    );
    assert_eq!(event_view(&bank.state, &Actor::Anonymous, &away), None);
}
