//! Property tests: random sequences of commands by random actors against the demo bank (deputy
//! delegation on). Whatever happens, the invariants below hold after every step.

use proptest::prelude::*;

use crate::access::has_in_queue;
use crate::actor::Actor;
use crate::command::{Command, ResponseChannel};
use crate::conversation::{Conversation, OffboardingReason, ParticipationState, ParticipationType};
use crate::directory::AuthorizationRole;
use crate::event::Event;
use crate::id::{InvitationId, PersonId};
use crate::invitation::{DelegationResponse, InvitationState};
use crate::state::State;
use crate::testkit::Bank;

const PERSONS: [&str; 6] = [
    crate::demo::ANNA,
    crate::demo::BEN,
    crate::demo::CLARA,
    crate::demo::DAVID,
    crate::demo::EVA,
    crate::demo::VERA,
];

#[derive(Clone, Debug)]
enum Step {
    Forward {
        by: usize,
        to: usize,
    },
    ForwardToTeam {
        by: usize,
    },
    Respond {
        by: usize,
        pick: usize,
        response: DelegationResponse,
    },
    Add {
        by: usize,
        who: usize,
        hidden: bool,
    },
    Assign {
        by: usize,
        who: usize,
    },
    Hide {
        by: usize,
        who: usize,
        hidden: bool,
    },
    Offboard {
        by: usize,
        who: usize,
    },
    Invite {
        by: usize,
        who: usize,
        hidden: bool,
    },
    Post {
        by: usize,
    },
    Unassign {
        by: usize,
    },
    Requeue {
        by: usize,
    },
    Transfer {
        by: usize,
        to: usize,
    },
    NotifyNextLevel {
        pick: usize,
    },
    StartDelegation,
}

fn actor(i: usize) -> Actor {
    match PERSONS.get(i) {
        Some(&crate::demo::VERA) => Actor::Visitor(crate::demo::VERA.into()),
        Some(p) => Actor::Agent((*p).into()),
        None => Actor::Admin,
    }
}

fn person(i: usize) -> PersonId {
    PERSONS[i % PERSONS.len()].into()
}

fn response() -> impl Strategy<Value = DelegationResponse> {
    prop_oneof![
        Just(DelegationResponse::Accept),
        Just(DelegationResponse::Decline),
        Just(DelegationResponse::Ignore),
        Just(DelegationResponse::Later),
    ]
}

fn step() -> impl Strategy<Value = Step> {
    let who = 0..PERSONS.len();
    let by = 0..=PERSONS.len();
    prop_oneof![
        (by.clone(), who.clone()).prop_map(|(by, to)| Step::Forward { by, to }),
        by.clone().prop_map(|by| Step::ForwardToTeam { by }),
        (by.clone(), 0..8usize, response()).prop_map(|(by, pick, response)| Step::Respond {
            by,
            pick,
            response
        }),
        (by.clone(), who.clone(), any::<bool>()).prop_map(|(by, who, hidden)| Step::Add {
            by,
            who,
            hidden
        }),
        (by.clone(), who.clone()).prop_map(|(by, who)| Step::Assign { by, who }),
        (by.clone(), who.clone(), any::<bool>()).prop_map(|(by, who, hidden)| Step::Hide {
            by,
            who,
            hidden
        }),
        (by.clone(), who.clone()).prop_map(|(by, who)| Step::Offboard { by, who }),
        (by.clone(), who.clone(), any::<bool>()).prop_map(|(by, who, hidden)| Step::Invite {
            by,
            who,
            hidden
        }),
        by.clone().prop_map(|by| Step::Post { by }),
        by.clone().prop_map(|by| Step::Unassign { by }),
        by.clone().prop_map(|by| Step::Requeue { by }),
        (by, who).prop_map(|(by, to)| Step::Transfer { by, to }),
        (0..8usize).prop_map(|pick| Step::NotifyNextLevel { pick }),
        Just(Step::StartDelegation),
    ]
}

/// The command a step stands for (`n` makes new ids unique).
fn command_for(state: &State, step: &Step, n: usize) -> (Actor, Command) {
    let conversation: crate::id::ConversationId = crate::demo::VERA_AND_ANNA.into();
    let invitations: Vec<&InvitationId> = state.invitations.keys().collect();
    let pick = |i: usize| {
        invitations
            .get(i % invitations.len().max(1))
            .map(|id| (*id).clone())
    };
    let new_id = || InvitationId::new(format!("inv-{n}"));
    match step.clone() {
        Step::Forward { by, to } => (
            actor(by),
            Command::ForwardToAgent {
                conversation,
                invitation: new_id(),
                agent: person(to),
                comment: Some("note".into()),
            },
        ),
        Step::ForwardToTeam { by } => (
            actor(by),
            Command::ForwardToTeam {
                conversation,
                invitation: new_id(),
                team: crate::demo::PRIVATE_BANKING.into(),
                comment: None,
            },
        ),
        Step::Respond {
            by,
            pick: i,
            response,
        } => {
            let invitation = pick(i).unwrap_or_else(new_id);
            // Mostly someone who was asked, sometimes anybody.
            let asked: Vec<PersonId> = state
                .invitations
                .get(&invitation)
                .map(|inv| inv.asked_persons().cloned().collect())
                .unwrap_or_default();
            let responder = match asked.get(by % (asked.len() + 1)) {
                Some(p) => Actor::Agent(p.clone()),
                None => actor(by),
            };
            (
                responder,
                Command::RespondToInvitation {
                    invitation,
                    response,
                    channel: ResponseChannel::Queue,
                },
            )
        }
        Step::Add { by, who, hidden } => {
            let participation_type = if who == 5 {
                ParticipationType::SecondaryVisitor
            } else {
                ParticipationType::SecondaryAgent
            };
            (
                actor(by),
                Command::AddParticipant {
                    conversation,
                    person: person(who),
                    participation_type,
                    hidden,
                },
            )
        }
        Step::Assign { by, who } => (
            actor(by),
            Command::SetAssignee {
                conversation,
                person: person(who),
            },
        ),
        Step::Hide { by, who, hidden } => (
            actor(by),
            Command::ChangeParticipantVisibility {
                conversation,
                person: person(who),
                hidden,
            },
        ),
        Step::Offboard { by, who } => (
            actor(by),
            Command::OffboardParticipant {
                conversation,
                person: person(who),
                reason: OffboardingReason::Kicked,
                comment: None,
            },
        ),
        Step::Invite { by, who, hidden } => (
            actor(by),
            Command::InviteAgent {
                conversation,
                invitation: new_id(),
                agent: person(who),
                comment: None,
                join_hidden: hidden,
            },
        ),
        Step::Post { by } => (
            actor(by),
            Command::PostMessage {
                conversation,
                message: format!("m-{n}").as_str().into(),
                text: "hello".into(),
            },
        ),
        Step::Unassign { by } => (actor(by), Command::Unassign { conversation }),
        Step::Requeue { by } => (
            actor(by),
            Command::RequeueConversation {
                conversation,
                request: new_id(),
            },
        ),
        Step::Transfer { by, to } => (
            actor(by),
            Command::TransferTo {
                conversation,
                invitation: new_id(),
                agent: person(to),
            },
        ),
        Step::NotifyNextLevel { pick: i } => {
            let id = pick(i).unwrap_or_else(new_id);
            let next = state.invitations.get(&id).and_then(|inv| {
                let d = inv.delegation.as_ref()?;
                d.plan
                    .steps
                    .iter()
                    .find(|s| d.reached.is_none_or(|r| s.level > r))
                    .cloned()
            });
            match next {
                Some(s) => (
                    Actor::System,
                    Command::RecordDeputiesNotified {
                        invitation: id,
                        level: s.level,
                        deputies: s.deputies,
                    },
                ),
                None => (
                    Actor::System,
                    Command::RecordDelegationUnanswered { invitation: id },
                ),
            }
        }
        Step::StartDelegation => (
            Actor::Admin,
            Command::StartDeputyDelegation {
                conversation,
                invitation: new_id(),
                level: crate::deputy::DelegationLevel::Level1,
                join_hidden: true,
            },
        ),
    }
}

fn check_conversation(c: &Conversation) {
    let current: Vec<_> = c.current_participants().collect();
    let assigned = current
        .iter()
        .filter(|p| p.participation_type == ParticipationType::AssignedAgent)
        .count();
    assert!(
        assigned <= 1,
        "at most one assigned agent, found {assigned}"
    );
    for p in &current {
        assert!(
            !(p.participation_type == ParticipationType::AssignedAgent && p.hidden),
            "a hidden participant is never the assignee"
        );
        let same = current.iter().filter(|q| q.person == p.person).count();
        assert_eq!(same, 1, "one current participation per person");
    }
}

/// Agents who left an assigned conversation, are asked by no open invitation and have no
/// organisation-wide rights: they may do nothing at all with it.
fn offboarded_agents(state: &State, c: &Conversation) -> Vec<PersonId> {
    if c.assignee().is_none() {
        return Vec::new();
    }
    c.participants
        .iter()
        .filter(|p| p.state == ParticipationState::Ended && p.participation_type.is_agent())
        .map(|p| p.person.clone())
        .filter(|p| c.participant(p).is_none())
        .filter(|p| {
            state.directory.person(p).is_some_and(|a| {
                a.role < AuthorizationRole::Supervisor
                    && state
                        .directory
                        .organisation_relation(&a.account, &c.account)
                        == crate::directory::OrganisationRelation::Same
            })
        })
        .filter(|p| {
            !state
                .invitations_of(&c.id)
                .any(|i| i.state == InvitationState::Open && has_in_queue(state, p, i))
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 192, ..ProptestConfig::default() })]

    #[test]
    fn invariants_hold_after_any_sequence_of_commands(steps in prop::collection::vec(step(), 1..40)) {
        let mut bank = Bank::with_delegation();
        let mut notified: std::collections::BTreeMap<InvitationId, Vec<PersonId>> = Default::default();
        for (n, step) in steps.iter().enumerate() {
            let (actor, command) = command_for(&bank.state, step, n);
            match crate::decide::decide(&bank.state, command.clone(), &actor, bank.now) {
                // `decide` only reads the state, so a refusal changes nothing; what can go
                // wrong is a decision that depends on something besides its inputs.
                Err(error) => prop_assert_eq!(
                    crate::decide::decide(&bank.state, command.clone(), &actor, bank.now),
                    Err(error),
                    "deciding again decides the same"
                ),
                Ok(events) => {
                    for e in &events {
                        if let Event::DeputiesNotified { invitation, deputies, .. } = e {
                            let seen = notified.entry(invitation.clone()).or_default();
                            for d in deputies {
                                prop_assert!(!seen.contains(&d.person), "nobody is notified twice: {}", d.person);
                                seen.push(d.person.clone());
                            }
                        }
                        bank.state.apply(e);
                    }
                }
            }
            for c in bank.state.conversations.values() {
                check_conversation(c);
                for gone in offboarded_agents(&bank.state, c) {
                    for probe in [
                        Step::Post { by: 0 }, Step::Forward { by: 0, to: 3 }, Step::Assign { by: 0, who: 0 },
                        Step::Unassign { by: 0 }, Step::Invite { by: 0, who: 3, hidden: false },
                        Step::Add { by: 0, who: 3, hidden: false }, Step::Requeue { by: 0 },
                        Step::Hide { by: 0, who: 1, hidden: true },
                    ] {
                        let (_, command) = command_for(&bank.state, &probe, 10_000);
                        let outcome = crate::decide::decide(&bank.state, command.clone(), &Actor::Agent(gone.clone()), bank.now);
                        prop_assert!(outcome.is_err(), "offboarded {} could run {:?}", gone, command);
                    }
                }
            }
            for i in bank.state.invitations.values() {
                let asked: Vec<&PersonId> = i.asked_persons().collect();
                for (k, p) in asked.iter().enumerate() {
                    prop_assert!(!asked[..k].contains(p), "{} asked twice on {}", p, i.id);
                }
            }
            bank.now = bank.now.plus_seconds(7);
        }
    }
}
