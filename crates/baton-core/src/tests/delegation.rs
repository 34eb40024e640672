//! Seed 001 as `decide` sees it: who may answer a delegated request, what Accept, Decline,
//! Ignore and Later do, which actions each place offers, and `startDeputyDelegation`. The
//! countdowns themselves are the engine's (see `delegation`).

use crate::access::{event_view, has_in_queue};
use crate::actor::Actor;
use crate::command::{Command, ResponseChannel};
use crate::conversation::{ConversationState, ParticipationType};
use crate::deputy::DelegationLevel;
use crate::directory::NotificationChannels;
use crate::error::DomainError;
use crate::event::{Audience, Author, Event, MessageBody};
use crate::id::{ConversationId, InvitationId};
use crate::invitation::{DelegationResponse, InvitationState, ResponseStatus};
use crate::testkit::Bank;
use crate::text::TextKey;

/// A request from Vera to Anna, with level `up_to` and those before it notified.
fn delegated_request(bank: &mut Bank, up_to: DelegationLevel) -> (ConversationId, InvitationId) {
    let (conversation, request) = bank.request_to_anna("request");
    let plan = bank.state.invitations[&request]
        .delegation
        .clone()
        .unwrap()
        .plan;
    for step in plan.steps.into_iter().filter(|s| s.level <= up_to) {
        bank.exec(
            &Actor::System,
            Command::RecordDeputiesNotified {
                invitation: request.clone(),
                level: step.level,
                deputies: step.deputies,
            },
        );
    }
    (conversation, request)
}

#[test]
fn a_request_to_a_single_agent_is_delegated_and_one_to_a_team_is_not() {
    let mut bank = Bank::with_delegation();
    let (_, request) = bank.request_to_anna("to-anna");
    assert!(bank.state.invitations[&request].delegation.is_some());
    bank.exec(
        &Actor::Visitor(bank.vera.clone()),
        Command::CreateConversation {
            id: "to-team".into(),
            account: bank.account.clone(),
            topic: None,
            visitor: Some(bank.vera.clone()),
            assignee: None,
            recipient: Some(crate::conversation::Recipient::Team(
                bank.private_banking.clone(),
            )),
            request: Some("to-team-request".into()),
        },
    );
    assert!(
        bank.state.invitations[&"to-team-request".into()]
            .delegation
            .is_none()
    );
}

#[test]
fn deputy_delegation_is_not_active_by_default() {
    let mut bank = Bank::new();
    let (_, request) = bank.request_to_anna("to-anna");
    assert!(bank.state.invitations[&request].delegation.is_none());
}

#[test]
fn accept_makes_the_deputy_the_assigned_agent_and_removes_the_request_from_the_other_queues() {
    let mut bank = Bank::with_delegation();
    let (conversation, request) = delegated_request(&mut bank, DelegationLevel::Level1);
    bank.respond(&bank.clara.clone(), &request, DelegationResponse::Accept)
        .unwrap();
    let c = &bank.state.conversations[&conversation];
    assert_eq!(c.assignee(), Some(&bank.clara));
    assert_eq!(c.state, ConversationState::Active);
    let invitation = &bank.state.invitations[&request];
    assert_eq!(invitation.state, InvitationState::Redeemed);
    assert_eq!(
        invitation.secondary_target(&bank.ben).unwrap().response,
        ResponseStatus::Canceled
    );
    assert_eq!(invitation.target_response_status, ResponseStatus::Canceled);
    assert_eq!(
        bank.respond(&bank.ben.clone(), &request, DelegationResponse::Accept),
        Err(DomainError::AlreadyAccepted)
    );
}

#[test]
fn decline_declines_the_request_for_all_deputies_and_it_becomes_unassigned() {
    let mut bank = Bank::with_delegation();
    let (conversation, request) = delegated_request(&mut bank, DelegationLevel::Level1);
    bank.respond(&bank.ben.clone(), &request, DelegationResponse::Decline)
        .unwrap();
    assert_eq!(
        bank.state.conversations[&conversation].state,
        ConversationState::Unassigned
    );
    for who in [bank.clara.clone(), bank.anna.clone()] {
        assert_eq!(
            bank.respond(&who, &request, DelegationResponse::Accept),
            Err(DomainError::AlreadyDeclined),
            "{who} can no longer accept"
        );
    }
}

#[test]
fn ignore_leaves_the_request_in_the_deputys_queue() {
    let mut bank = Bank::with_delegation();
    let (_, request) = delegated_request(&mut bank, DelegationLevel::Level1);
    bank.respond(&bank.ben.clone(), &request, DelegationResponse::Ignore)
        .unwrap();
    let invitation = &bank.state.invitations[&request];
    assert_eq!(invitation.state, InvitationState::Open);
    assert_eq!(
        invitation.secondary_target(&bank.ben).unwrap().response,
        ResponseStatus::Ignored
    );
    assert!(has_in_queue(&bank.state, &bank.ben, invitation));
    // Ignoring twice records nothing new; accepting later still works.
    assert_eq!(
        bank.respond(&bank.ben.clone(), &request, DelegationResponse::Ignore),
        Ok(vec![])
    );
    bank.respond(&bank.ben.clone(), &request, DelegationResponse::Accept)
        .unwrap();
}

#[test]
fn later_accepts_and_the_customer_gets_the_handle_later_message() {
    let mut bank = Bank::with_delegation();
    let (conversation, request) = delegated_request(&mut bank, DelegationLevel::Level1);
    let events = bank
        .respond(&bank.clara.clone(), &request, DelegationResponse::Later)
        .unwrap();
    assert_eq!(
        bank.state.conversations[&conversation].assignee(),
        Some(&bank.clara)
    );
    let later = events
        .iter()
        .find(|e| matches!(e, Event::MessagePosted { .. }))
        .cloned()
        .unwrap();
    assert!(matches!(
        &later,
        Event::MessagePosted {
            author: Author::Concierge,
            body: MessageBody::Concierge(TextKey::InvitationRedeemedButWillHandleLater),
            audience: Audience::Everyone,
            ..
        }
    ));
    assert!(event_view(&bank.state, &Actor::Visitor(bank.vera.clone()), &later).is_some());
}

#[test]
fn the_original_agent_and_earlier_deputies_can_still_respond_after_the_next_level_is_notified() {
    let mut bank = Bank::with_delegation();
    let (_, request) = delegated_request(&mut bank, DelegationLevel::Level2);
    let invitation = &bank.state.invitations[&request];
    for who in [&bank.anna, &bank.ben, &bank.clara, &bank.david] {
        assert!(
            has_in_queue(&bank.state, who, invitation),
            "{who} has the request in their queue"
        );
    }
    bank.respond(&bank.anna.clone(), &request, DelegationResponse::Accept)
        .unwrap();
}

#[test]
fn a_deputy_of_a_level_not_yet_reached_cannot_respond() {
    let mut bank = Bank::with_delegation();
    let (_, request) = delegated_request(&mut bank, DelegationLevel::Level1);
    assert_eq!(
        bank.respond(&bank.david.clone(), &request, DelegationResponse::Accept),
        Err(DomainError::UnknownInvitation(request.clone()))
    );
}

#[test]
fn on_push_notifications_deputies_can_only_choose_between_the_two_configured_responses() {
    let mut bank = Bank::with_delegation();
    let (_, request) = delegated_request(&mut bank, DelegationLevel::Level1);
    let push = |response| Command::RespondToInvitation {
        invitation: request.clone(),
        response,
        channel: ResponseChannel::PushNotification,
    };
    let ben = Actor::Agent(bank.ben.clone());
    bank.refused(
        &ben,
        push(DelegationResponse::Ignore),
        DomainError::ResponseNotAvailable,
    );
    bank.refused(
        &ben,
        push(DelegationResponse::Later),
        DomainError::ResponseNotAvailable,
    );
    bank.exec(&ben, push(DelegationResponse::Accept));
}

#[test]
fn the_queue_offers_the_actions_configured_for_it() {
    let mut config = crate::config::Config {
        messenger_enable_deputy_delegation: true,
        enable_deputy_delegation: true,
        ..Default::default()
    };
    config.queue_deputy_delegation_available_notification_actions =
        vec![DelegationResponse::Accept];
    let mut bank = Bank::with_config(config);
    let (_, request) = delegated_request(&mut bank, DelegationLevel::Level1);
    assert_eq!(
        bank.respond(&bank.ben.clone(), &request, DelegationResponse::Decline),
        Err(DomainError::ResponseNotAvailable)
    );
    bank.respond(&bank.ben.clone(), &request, DelegationResponse::Accept)
        .unwrap();
}

#[test]
fn if_a_deputy_has_disabled_notifications_it_counts_as_an_explicit_ignore() {
    let mut bank = Bank::with_delegation();
    bank.exec(
        &Actor::Agent(bank.clara.clone()),
        Command::SetNotificationChannels {
            person: bank.clara.clone(),
            channels: NotificationChannels::NONE,
        },
    );
    let (_, request) = delegated_request(&mut bank, DelegationLevel::Level1);
    let invitation = &bank.state.invitations[&request];
    assert_eq!(
        invitation.secondary_target(&bank.clara).unwrap().response,
        ResponseStatus::Ignored
    );
    assert_eq!(
        invitation.secondary_target(&bank.ben).unwrap().response,
        ResponseStatus::Pending
    );
}

#[test]
fn recording_a_level_twice_notifies_nobody_twice() {
    let mut bank = Bank::with_delegation();
    let (_, request) = delegated_request(&mut bank, DelegationLevel::Level1);
    let step = bank.state.invitations[&request]
        .delegation
        .clone()
        .unwrap()
        .plan
        .steps[0]
        .clone();
    let again = bank.exec(
        &Actor::System,
        Command::RecordDeputiesNotified {
            invitation: request.clone(),
            level: step.level,
            deputies: step.deputies,
        },
    );
    assert!(again.is_empty());
}

#[test]
fn an_unanswered_request_stays_open_and_can_still_be_handled() {
    let mut bank = Bank::with_delegation();
    let (conversation, request) = delegated_request(&mut bank, DelegationLevel::Level2);
    bank.exec(
        &Actor::System,
        Command::RecordDelegationUnanswered {
            invitation: request.clone(),
        },
    );
    assert!(
        bank.state.invitations[&request]
            .delegation
            .as_ref()
            .unwrap()
            .unanswered_at
            .is_some()
    );
    assert_eq!(
        bank.state.invitations[&request].state,
        InvitationState::Open
    );
    bank.respond(&bank.david.clone(), &request, DelegationResponse::Accept)
        .unwrap();
    assert_eq!(
        bank.state.conversations[&conversation].assignee(),
        Some(&bank.david)
    );
}

#[test]
fn only_the_delegation_scheduler_records_notifications() {
    let mut bank = Bank::with_delegation();
    let (_, request) = bank.request_to_anna("r");
    let command = Command::RecordDelegationUnanswered {
        invitation: request,
    };
    bank.refused(
        &Actor::Agent(bank.anna.clone()),
        command,
        DomainError::NotAllowed("only the delegation scheduler records an unanswered request"),
    );
}

#[test]
fn there_can_only_be_one_deputy_delegation_invitation_per_conversation_at_a_time() {
    let mut bank = Bank::with_delegation();
    let start = |bank: &Bank, id: &str| Command::StartDeputyDelegation {
        conversation: bank.vera_and_anna.clone(),
        invitation: id.into(),
        level: DelegationLevel::Level2,
        join_hidden: true,
    };
    let command = start(&bank, "first");
    bank.exec(&Actor::Admin, command);
    let command = start(&bank, "second");
    bank.refused(
        &Actor::Admin,
        command,
        DomainError::DelegationRunning("first".into()),
    );
    let plan = &bank.state.invitations[&"first".into()]
        .delegation
        .as_ref()
        .unwrap()
        .plan;
    assert_eq!(plan.steps.len(), 1, "starting at level 2 skips level 1");
}

#[test]
fn a_deputy_who_accepts_a_deputy_invitation_joins_hidden_if_asked_and_the_assignee_stays() {
    let mut bank = Bank::with_delegation();
    bank.exec(
        &Actor::Admin,
        Command::StartDeputyDelegation {
            conversation: bank.vera_and_anna.clone(),
            invitation: "deputies".into(),
            level: DelegationLevel::Level1,
            join_hidden: true,
        },
    );
    let step = bank.state.invitations[&"deputies".into()]
        .delegation
        .clone()
        .unwrap()
        .plan
        .steps[0]
        .clone();
    bank.exec(
        &Actor::System,
        Command::RecordDeputiesNotified {
            invitation: "deputies".into(),
            level: step.level,
            deputies: step.deputies,
        },
    );
    // The assignee is not asked to join their own conversation.
    assert_eq!(
        bank.respond(
            &bank.anna.clone(),
            &"deputies".into(),
            DelegationResponse::Accept
        ),
        Err(DomainError::UnknownInvitation("deputies".into()))
    );
    bank.respond(
        &bank.clara.clone(),
        &"deputies".into(),
        DelegationResponse::Accept,
    )
    .unwrap();
    let clara = bank.conversation().participant(&bank.clara).unwrap();
    assert!(clara.hidden);
    assert_eq!(clara.participation_type, ParticipationType::SecondaryAgent);
    assert_eq!(bank.conversation().assignee(), Some(&bank.anna));
}

#[test]
fn only_administrators_start_a_deputy_delegation_and_only_when_it_is_enabled() {
    let mut bank = Bank::new();
    let start = Command::StartDeputyDelegation {
        conversation: bank.vera_and_anna.clone(),
        invitation: "d".into(),
        level: DelegationLevel::Level1,
        join_hidden: false,
    };
    bank.refused(
        &Actor::Agent(bank.anna.clone()),
        start.clone(),
        DomainError::NotAllowed("only administrators start a deputy delegation"),
    );
    bank.refused(
        &Actor::Admin,
        start,
        DomainError::NotAllowed("deputy delegation is not enabled"),
    );
}

#[test]
fn deputies_who_can_no_longer_see_the_conversation_still_learn_that_the_request_left_their_queue() {
    let mut bank = Bank::with_delegation();
    let (conversation, request) = delegated_request(&mut bank, DelegationLevel::Level2);
    let stranger = bank.agent("zoe.stranger", None);
    let events = bank
        .respond(&bank.ben.clone(), &request, DelegationResponse::Accept)
        .unwrap();
    let david = Actor::Agent(bank.david.clone());
    assert!(!crate::access::can_view(
        &bank.state,
        &david,
        &bank.state.conversations[&conversation]
    ));
    let seen: Vec<Event> = events
        .iter()
        .filter_map(|e| event_view(&bank.state, &david, e))
        .collect();
    assert!(
        matches!(seen.as_slice(), [Event::InvitationAccepted { invitation, .. }] if invitation == &request),
        "David sees the acceptance alone: {seen:?}"
    );
    let stranger = Actor::Agent(stranger);
    assert!(
        events
            .iter()
            .all(|e| event_view(&bank.state, &stranger, e).is_none()),
        "an agent who never had the request sees nothing"
    );
}
