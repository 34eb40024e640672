//! Seed 000 and seed 002: forwarding a conversation to an agent or a team, and keeping the
//! previous assignee.

use crate::access::{can_view, event_view};
use crate::actor::Actor;
use crate::command::Command;
use crate::conversation::{OffboardingReason, ParticipationType};
use crate::directory::PersonType;
use crate::error::DomainError;
use crate::event::{Audience, Author, Event};
use crate::id::{InvitationId, MessageId};
use crate::invitation::{DelegationResponse, InvitationState, InvitationTarget};
use crate::testkit::Bank;

fn anna(bank: &Bank) -> Actor {
    Actor::Agent(bank.anna.clone())
}

#[test]
fn it_is_not_possible_to_forward_a_conversation_to_an_agent_who_is_already_participating() {
    let mut bank = Bank::new();
    bank.add_participant(
        &bank.clara.clone(),
        ParticipationType::SecondaryAgent,
        false,
    );
    let command = Command::ForwardToAgent {
        conversation: bank.vera_and_anna.clone(),
        invitation: "f".into(),
        agent: bank.clara.clone(),
        comment: None,
    };
    bank.refused(
        &anna(&bank),
        command,
        DomainError::AlreadyParticipant(bank.clara.clone()),
    );
}

#[test]
fn the_comment_appears_to_agents_as_a_message_from_the_previous_assigned_agent_and_the_visitor_does_not_see_it()
 {
    let mut bank = Bank::new();
    let id = bank.forward(
        &anna(&bank),
        &bank.david.clone(),
        Some("Vera asks about her mortgage"),
    );
    let posted = Event::MessagePosted {
        conversation: bank.vera_and_anna.clone(),
        message: MessageId::new(format!("{id}-comment")),
        author: Author::Person(bank.anna.clone()),
        body: crate::event::MessageBody::Text("Vera asks about her mortgage".into()),
        audience: Audience::AgentsOnly,
        at: bank.now,
    };
    let vera = Actor::Visitor(bank.vera.clone());
    let david = Actor::Agent(bank.david.clone());
    assert_eq!(event_view(&bank.state, &vera, &posted), None);
    assert_eq!(
        event_view(&bank.state, &david, &posted),
        Some(posted.clone())
    );
    assert_eq!(
        bank.state.invitations[&id].comment.as_deref(),
        Some("Vera asks about her mortgage")
    );
}

#[test]
fn once_the_new_assigned_agent_accepts_the_previous_assigned_agent_is_removed_and_can_no_longer_access_it()
 {
    let mut bank = Bank::new();
    let id = bank.forward(&anna(&bank), &bank.clara.clone(), None);
    bank.respond(&bank.clara.clone(), &id, DelegationResponse::Accept)
        .unwrap();
    let c = bank.conversation();
    assert_eq!(c.assignee(), Some(&bank.clara));
    assert!(c.participant(&bank.anna).is_none());
    let anna_left = c.participants.iter().any(|p| {
        p.person == bank.anna && p.state == crate::conversation::ParticipationState::Ended
    });
    assert!(anna_left);
    assert!(!can_view(&bank.state, &anna(&bank), bank.conversation()));
    let message = Command::PostMessage {
        conversation: bank.vera_and_anna.clone(),
        message: "m".into(),
        text: "still there?".into(),
    };
    bank.refused(
        &anna(&bank),
        message,
        DomainError::UnknownConversation(bank.vera_and_anna.clone()),
    );
}

#[test]
fn the_previous_assigned_agent_leaves_with_reason_forwarded() {
    let mut bank = Bank::new();
    let id = bank.forward(&anna(&bank), &bank.clara.clone(), None);
    let events = bank
        .respond(&bank.clara.clone(), &id, DelegationResponse::Accept)
        .unwrap();
    assert!(events.contains(&Event::ParticipantOffboarded {
        conversation: bank.vera_and_anna.clone(),
        person: bank.anna.clone(),
        reason: OffboardingReason::Forwarded,
        comment: None,
    }));
}

#[test]
fn the_previous_assigned_agent_learns_of_their_removal_and_of_nothing_after_it() {
    let mut bank = Bank::new();
    let id = bank.forward(&anna(&bank), &bank.clara.clone(), None);
    let events = bank
        .respond(&bank.clara.clone(), &id, DelegationResponse::Accept)
        .unwrap();
    let removed = Event::ParticipantOffboarded {
        conversation: bank.vera_and_anna.clone(),
        person: bank.anna.clone(),
        reason: OffboardingReason::Forwarded,
        comment: None,
    };
    assert!(events.contains(&removed));
    assert_eq!(
        event_view(&bank.state, &anna(&bank), &removed),
        Some(removed.clone())
    );
    let with_comment = Event::ParticipantOffboarded {
        conversation: bank.vera_and_anna.clone(),
        person: bank.anna.clone(),
        reason: OffboardingReason::Kicked,
        comment: Some("for the file".into()),
    };
    assert!(
        matches!(
            event_view(&bank.state, &anna(&bank), &with_comment),
            Some(Event::ParticipantOffboarded { comment: None, .. })
        ),
        "the comment is not for the removed person"
    );
    let clara_removed = Event::ParticipantOffboarded {
        conversation: bank.vera_and_anna.clone(),
        person: bank.clara.clone(),
        reason: OffboardingReason::Kicked,
        comment: None,
    };
    assert_eq!(
        event_view(&bank.state, &anna(&bank), &clara_removed),
        None,
        "only their own removal"
    );
    let assigned = events
        .iter()
        .find(|e| matches!(e, Event::AssigneeChanged { .. }))
        .expect("Clara became the assignee");
    assert_eq!(event_view(&bank.state, &anna(&bank), assigned), None);
}

#[test]
fn an_existing_forwarding_is_revoked_by_a_new_one() {
    let mut bank = Bank::new();
    let first = bank.forward(&anna(&bank), &bank.clara.clone(), None);
    let second = bank.forward(&anna(&bank), &bank.david.clone(), None);
    assert_eq!(
        bank.state.invitations[&first].state,
        InvitationState::Revoked
    );
    assert_eq!(bank.state.invitations[&second].state, InvitationState::Open);
    assert_eq!(
        bank.respond(&bank.clara.clone(), &first, DelegationResponse::Accept),
        Err(DomainError::InvitationClosed(InvitationState::Revoked))
    );
}

#[test]
fn a_queued_assignment_request_is_revoked_by_a_forwarding() {
    let mut bank = Bank::new();
    let (conversation, request) = bank.request_to_anna("new-request");
    bank.exec(
        &Actor::Admin,
        Command::ForwardToAgent {
            conversation,
            invitation: "fwd".into(),
            agent: bank.david.clone(),
            comment: None,
        },
    );
    assert_eq!(
        bank.state.invitations[&request].state,
        InvitationState::Revoked
    );
}

#[test]
fn members_of_the_team_and_of_its_parent_teams_may_accept_a_forwarding_to_a_team() {
    let mut bank = Bank::new();
    let id: InvitationId = "to-private-banking".into();
    bank.exec(
        &anna(&bank),
        Command::ForwardToTeam {
            conversation: bank.vera_and_anna.clone(),
            invitation: id.clone(),
            team: bank.private_banking.clone(),
            comment: None,
        },
    );
    assert_eq!(
        bank.respond(&bank.ben.clone(), &id, DelegationResponse::Accept),
        Err(DomainError::UnknownInvitation(id.clone()))
    );
    // David is in Advisory, the parent team of Private Banking.
    bank.respond(&bank.david.clone(), &id, DelegationResponse::Accept)
        .unwrap();
    assert_eq!(bank.conversation().assignee(), Some(&bank.david));
    assert_eq!(
        bank.respond(&bank.clara.clone(), &id, DelegationResponse::Accept),
        Err(DomainError::AlreadyAccepted)
    );
}

#[test]
fn there_is_no_deputy_delegation_for_forwardings_to_a_team() {
    let mut bank = Bank::with_delegation();
    let to_team: InvitationId = "to-team".into();
    bank.exec(
        &anna(&bank),
        Command::ForwardToTeam {
            conversation: bank.vera_and_anna.clone(),
            invitation: to_team.clone(),
            team: bank.advisory.clone(),
            comment: None,
        },
    );
    assert!(bank.state.invitations[&to_team].delegation.is_none());
    assert_eq!(
        bank.state.invitations[&to_team].target,
        InvitationTarget::Team(bank.advisory.clone())
    );
    let to_agent = bank.forward(&anna(&bank), &bank.david.clone(), None);
    assert!(bank.state.invitations[&to_agent].delegation.is_some());
}

#[test]
fn to_keep_the_previous_assigned_agent_add_the_new_one_then_make_them_the_assigned_agent() {
    let mut bank = Bank::new();
    bank.add_participant(
        &bank.clara.clone(),
        ParticipationType::SecondaryAgent,
        false,
    );
    bank.exec(
        &anna(&bank),
        Command::SetAssignee {
            conversation: bank.vera_and_anna.clone(),
            person: bank.clara.clone(),
        },
    );
    let c = bank.conversation();
    assert_eq!(c.assignee(), Some(&bank.clara));
    assert_eq!(
        c.participant(&bank.anna).map(|p| p.participation_type),
        Some(ParticipationType::SecondaryAgent)
    );
}

#[test]
fn if_you_forward_you_are_no_longer_part_of_the_conversation_if_you_invite_you_stay() {
    let mut bank = Bank::new();
    let invitation: InvitationId = "invite-david".into();
    bank.exec(
        &anna(&bank),
        Command::InviteAgent {
            conversation: bank.vera_and_anna.clone(),
            invitation: invitation.clone(),
            agent: bank.david.clone(),
            comment: Some("Can you join?".into()),
            join_hidden: false,
        },
    );
    bank.respond(&bank.david.clone(), &invitation, DelegationResponse::Accept)
        .unwrap();
    let c = bank.conversation();
    assert_eq!(
        c.assignee(),
        Some(&bank.anna),
        "the assignee does not change on an invitation"
    );
    assert_eq!(
        c.participant(&bank.david).map(|p| p.participation_type),
        Some(ParticipationType::SecondaryAgent)
    );
    let forwarding = bank.forward(&anna(&bank), &bank.clara.clone(), None);
    bank.respond(&bank.clara.clone(), &forwarding, DelegationResponse::Accept)
        .unwrap();
    assert!(bank.conversation().participant(&bank.anna).is_none());
}

#[test]
fn a_declined_forwarding_leaves_the_conversation_with_its_assigned_agent() {
    let mut bank = Bank::new();
    let id = bank.forward(&anna(&bank), &bank.clara.clone(), None);
    bank.respond(&bank.clara.clone(), &id, DelegationResponse::Decline)
        .unwrap();
    assert_eq!(bank.conversation().assignee(), Some(&bank.anna));
    assert_eq!(bank.state.invitations[&id].state, InvitationState::Revoked);
    assert_eq!(
        bank.respond(&bank.clara.clone(), &id, DelegationResponse::Accept),
        Err(DomainError::AlreadyDeclined)
    );
}

#[test]
fn only_agents_managing_the_conversation_may_forward_it() {
    let mut bank = Bank::new();
    let forward = |bank: &Bank| Command::ForwardToAgent {
        conversation: bank.vera_and_anna.clone(),
        invitation: "f".into(),
        agent: bank.david.clone(),
        comment: None,
    };
    // Clara does not participate and Anna's conversation is hidden from her.
    let command = forward(&bank);
    bank.refused(
        &Actor::Agent(bank.clara.clone()),
        command,
        DomainError::UnknownConversation(bank.vera_and_anna.clone()),
    );
    let command = forward(&bank);
    bank.refused(
        &Actor::Visitor(bank.vera.clone()),
        command,
        DomainError::NotAllowed(
            "only agents in the conversation, supervisors and administrators may do this",
        ),
    );
}

#[test]
fn forwarding_to_an_agent_of_another_organisation_is_refused() {
    let mut bank = Bank::new();
    let olga = bank.stranger("olga.other", PersonType::Agent);
    let command = Command::ForwardToAgent {
        conversation: bank.vera_and_anna.clone(),
        invitation: "f".into(),
        agent: olga.clone(),
        comment: None,
    };
    bank.refused(&anna(&bank), command, DomainError::UnknownPerson(olga));
}

#[test]
fn forwarding_to_a_visitor_is_refused() {
    let mut bank = Bank::new();
    let command = Command::ForwardToAgent {
        conversation: bank.vera_and_anna.clone(),
        invitation: "f".into(),
        agent: bank.vera.clone(),
        comment: None,
    };
    bank.refused(
        &anna(&bank),
        command,
        DomainError::NotAnAgent(bank.vera.clone()),
    );
}

#[test]
fn a_comment_longer_than_two_thousand_characters_is_refused() {
    let mut bank = Bank::new();
    let command = Command::ForwardToAgent {
        conversation: bank.vera_and_anna.clone(),
        invitation: "f".into(),
        agent: bank.david.clone(),
        comment: Some("x".repeat(2_001)),
    };
    bank.refused(
        &anna(&bank),
        command,
        DomainError::InvalidInput("the comment is too long"),
    );
}
