//! The hand-off history projected from events recorded through `decide`, per viewer: the
//! administrator sees all, agents who may see the conversation see hidden participants too,
//! visitors get none, and an agent who may not see it gets the unknown-conversation error.
//! No PIN or token ever appears.

use super::*;
use crate::command::{Command, ResponseChannel};
use crate::config::Config;
use crate::conversation::{ParticipationType, Recipient};
use crate::deputy::{DelegationLevel, DelegationStart, DeputyLevel};
use crate::directory::PresenceState;
use crate::id::{PersonId, PromptId};
use crate::notification::NotificationChannel;
use crate::testkit::Bank;

const PIN: &str = "48151623";
const RENEWED_PIN: &str = "42424242";
const LINK_TOKEN: &str = "tok_abcdefghijklmnopqrstuvwxyz";
const COMMENT: &str = "Mortgage question, please take over";

/// The events as the server's log holds them: numbered from 1, stamped with the bank's time.
#[derive(Default)]
struct Log(Vec<(u64, Timestamp, Event)>);

impl Log {
    fn run(&mut self, bank: &mut Bank, actor: &Actor, command: Command) {
        for event in bank.exec(actor, command) {
            let position = self.0.len() as u64 + 1;
            self.0.push((position, bank.now, event));
        }
    }

    fn logged(&self) -> impl Iterator<Item = LoggedEvent<'_>> {
        self.0
            .iter()
            .map(|(position, recorded_at, event)| LoggedEvent {
                position: *position,
                recorded_at: *recorded_at,
                event,
            })
    }
}

fn agent(id: &PersonId) -> Actor {
    Actor::Agent(id.clone())
}

fn respond(invitation: &str, response: DelegationResponse) -> Command {
    Command::RespondToInvitation {
        invitation: invitation.into(),
        response,
        channel: ResponseChannel::Queue,
    }
}

/// Vera asks Anna; Anna does not answer; level 1 is asked, Clara ignores, Ben accepts.
fn request_accepted_by_ben(bank: &mut Bank, log: &mut Log) -> ConversationId {
    let conversation: ConversationId = "story".into();
    log.run(
        bank,
        &Actor::Visitor(bank.vera.clone()),
        Command::CreateConversation {
            id: conversation.clone(),
            account: bank.account.clone(),
            topic: Some("Mortgage".into()),
            visitor: Some(bank.vera.clone()),
            assignee: None,
            recipient: Some(Recipient::Agent(bank.anna.clone())),
            request: Some("story-request".into()),
        },
    );
    bank.now = bank.now.plus_seconds(120);
    let step = bank.plan_for_anna(DelegationStart::AwaitAgent).steps[0].clone();
    log.run(
        bank,
        &Actor::System,
        Command::RecordDeputiesNotified {
            invitation: "story-request".into(),
            level: step.level,
            deputies: step.deputies,
        },
    );
    bank.now = bank.now.plus_seconds(10);
    let (ben, clara) = (bank.ben.clone(), bank.clara.clone());
    log.run(
        bank,
        &agent(&clara),
        respond("story-request", DelegationResponse::Ignore),
    );
    log.run(
        bank,
        &agent(&ben),
        respond("story-request", DelegationResponse::Accept),
    );
    conversation
}

/// The whole story: the request above, then Clara joins hidden, Ben invites a customer by
/// PIN (renewed) and e-mail, forwards to team Advisory, then to David (which replaces the
/// team forwarding), David declines, Ben forwards again, David accepts and unassigns.
fn story() -> (Bank, Log, ConversationId) {
    let mut bank = Bank::with_delegation();
    let mut log = Log::default();
    let c = request_accepted_by_ben(&mut bank, &mut log);
    let (ben, clara, david) = (bank.ben.clone(), bank.clara.clone(), bank.david.clone());
    let steps = [
        (
            Actor::Admin,
            Command::AddParticipant {
                conversation: c.clone(),
                person: clara,
                participation_type: ParticipationType::SecondaryAgent,
                hidden: true,
            },
        ),
        (
            agent(&ben),
            Command::InviteVisitorWithPin {
                conversation: c.clone(),
                invitation: "story-pin".into(),
                pin: PIN.into(),
                nickname: None,
            },
        ),
        (
            agent(&ben),
            Command::RenewPin {
                invitation: "story-pin".into(),
                pin: RENEWED_PIN.into(),
            },
        ),
        (
            agent(&ben),
            Command::InviteVisitorWithEmail {
                conversation: c.clone(),
                invitation: "story-mail".into(),
                email: "walter@example.org".into(),
                token: LINK_TOKEN.into(),
                nickname: None,
                locale: None,
            },
        ),
        (
            agent(&ben),
            Command::ForwardToTeam {
                conversation: c.clone(),
                invitation: "story-team".into(),
                team: bank.advisory.clone(),
                comment: None,
            },
        ),
        (
            agent(&ben),
            Command::ForwardToAgent {
                conversation: c.clone(),
                invitation: "story-forward".into(),
                agent: david.clone(),
                comment: Some(COMMENT.into()),
            },
        ),
        (
            agent(&david),
            respond("story-forward", DelegationResponse::Decline),
        ),
        (
            agent(&ben),
            Command::ForwardToAgent {
                conversation: c.clone(),
                invitation: "story-forward-2".into(),
                agent: david.clone(),
                comment: None,
            },
        ),
        (
            agent(&david),
            respond("story-forward-2", DelegationResponse::Accept),
        ),
        (
            agent(&david),
            Command::Unassign {
                conversation: c.clone(),
            },
        ),
    ];
    for (actor, command) in steps {
        bank.now = bank.now.plus_seconds(30);
        log.run(&mut bank, &actor, command);
    }
    (bank, log, c)
}

fn history(bank: &Bank, log: &Log, c: &ConversationId, viewer: &Actor) -> Vec<HandoffEntry> {
    handoff_history(&bank.state, c, viewer, log.logged()).unwrap()
}

/// The entries of `action`, in order.
fn of(entries: &[HandoffEntry], action: HandoffAction) -> Vec<&HandoffEntry> {
    entries.iter().filter(|e| e.action == action).collect()
}

fn person(id: &PersonId) -> Option<HandoffSubject> {
    Some(HandoffSubject::Person(id.clone()))
}

#[test]
fn the_administrator_sees_every_hand_off_step_in_log_order() {
    let (bank, log, c) = story();
    let entries = history(&bank, &log, &c, &Actor::Admin);
    let messages = log
        .0
        .iter()
        .filter(|(_, _, e)| matches!(e, Event::MessagePosted { .. }))
        .count();
    assert_eq!(entries.len(), log.0.len() - messages, "one entry per event");
    assert!(entries.windows(2).all(|w| w[0].position < w[1].position));

    let created = of(&entries, HandoffAction::Created)[0];
    assert_eq!(created.subject, person(&bank.anna));
    let requested = of(&entries, HandoffAction::Requested)[0];
    assert_eq!(
        requested.actor,
        Some(HandoffActor::Person(bank.vera.clone()))
    );
    match &requested.detail {
        Some(HandoffDetail::Invitation {
            delegation: Some(d),
            ..
        }) => {
            assert_eq!(d.trigger, DelegationTrigger::Request);
            assert_eq!(d.levels, [DelegationLevel::Level1, DelegationLevel::Level2]);
        }
        other => panic!("no delegation: {other:?}"),
    }

    let notified = of(&entries, HandoffAction::DeputiesNotified)[0];
    assert_eq!(notified.actor, Some(HandoffActor::System));
    assert_eq!(notified.subject, person(&bank.anna));
    match &notified.detail {
        Some(HandoffDetail::Notified { level, deputies }) => {
            assert_eq!(*level, Some(DelegationLevel::Level1));
            let asked: Vec<_> = deputies.iter().map(|d| (&d.person, d.listed_as)).collect();
            assert_eq!(
                asked,
                [
                    (&bank.ben, DeputyLevel::Assistants),
                    (&bank.clara, DeputyLevel::Level1)
                ]
            );
            assert!(
                deputies
                    .iter()
                    .all(|d| d.channels.contains(&NotificationChannel::Queue)
                        && d.channels.contains(&NotificationChannel::Push))
            );
        }
        other => panic!("not a notification: {other:?}"),
    }

    let answers: Vec<_> = of(&entries, HandoffAction::Answered)
        .into_iter()
        .map(|e| {
            (
                e.actor.clone(),
                e.outcome,
                e.invitation.as_ref().and_then(|i| i.kind),
            )
        })
        .collect();
    let by = |p: &PersonId| Some(HandoffActor::Person(p.clone()));
    assert_eq!(
        answers,
        [
            (
                by(&bank.clara),
                Some(HandoffOutcome::Ignored),
                Some(InvitationKind::AssignmentRequest)
            ),
            (
                by(&bank.ben),
                Some(HandoffOutcome::Accepted),
                Some(InvitationKind::AssignmentRequest)
            ),
            (
                by(&bank.david),
                Some(HandoffOutcome::Declined),
                Some(InvitationKind::Forwarding)
            ),
            (
                by(&bank.david),
                Some(HandoffOutcome::Accepted),
                Some(InvitationKind::Forwarding)
            ),
        ]
    );

    let invited: Vec<_> = of(&entries, HandoffAction::Invited)
        .into_iter()
        .map(|e| {
            (
                e.subject.clone(),
                e.invitation.as_ref().and_then(|i| i.kind),
            )
        })
        .collect();
    assert_eq!(
        invited,
        [
            (Some(HandoffSubject::TokenHolder), Some(InvitationKind::Pin)),
            (
                Some(HandoffSubject::Email("walter@example.org".into())),
                Some(InvitationKind::Email)
            ),
        ]
    );
    assert_eq!(of(&entries, HandoffAction::PinRenewed).len(), 1);

    let forwarded = of(&entries, HandoffAction::Forwarded);
    assert_eq!(
        forwarded[0].subject,
        Some(HandoffSubject::Team(bank.advisory.clone()))
    );
    assert_eq!(forwarded[1].actor, by(&bank.ben));
    assert_eq!(forwarded[1].subject, person(&bank.david));
    assert!(matches!(
        &forwarded[1].detail,
        Some(HandoffDetail::Invitation { comment: Some(c), delegation: Some(d), .. })
            if c == COMMENT && d.trigger == DelegationTrigger::Forwarding
    ));
    let revoked = of(&entries, HandoffAction::Revoked);
    assert!(revoked.iter().any(
        |e| e.subject == Some(HandoffSubject::Team(bank.advisory.clone()))
            && e.outcome == Some(HandoffOutcome::Revoked)
    ));

    let assigned: Vec<_> = of(&entries, HandoffAction::Assigned)
        .into_iter()
        .map(|e| e.subject.clone())
        .collect();
    assert_eq!(assigned, [person(&bank.ben), person(&bank.david)]);
    let offboarded = of(&entries, HandoffAction::Offboarded);
    assert!(offboarded.iter().any(|e| e.subject == person(&bank.ben)
        && matches!(
            e.detail,
            Some(HandoffDetail::Offboarding {
                reason: OffboardingReason::Forwarded,
                ..
            })
        )));
    let last = entries.last().unwrap();
    assert_eq!(last.action, HandoffAction::Unassigned);
    assert_eq!(
        last.actor,
        Some(HandoffActor::Person(bank.david.clone())),
        "the history says who unassigned"
    );
    assert_eq!(
        last.subject,
        Some(HandoffSubject::Organisation(bank.account.clone()))
    );
    assert!(entries.iter().all(|e| e.conversation == c));
}

#[test]
fn agents_who_may_see_the_conversation_see_hidden_participants() {
    let (bank, log, c) = story();
    // Unassigned: the organisation's agents see it again (seed 003).
    let anna = history(&bank, &log, &c, &agent(&bank.anna));
    let joined_hidden = of(&anna, HandoffAction::Joined).into_iter().any(|e| {
        e.subject == person(&bank.clara)
            && matches!(
                e.detail,
                Some(HandoffDetail::Participation { hidden: true, .. })
            )
    });
    assert!(
        joined_hidden,
        "Clara's hidden participation is in Anna's history"
    );
    assert_eq!(anna, history(&bank, &log, &c, &Actor::Admin));
}

#[test]
fn the_live_entries_are_the_listed_ones_and_never_a_visitors() {
    let (bank, log, c) = story();
    let anna = agent(&bank.anna);
    let live: Vec<HandoffEntry> = log
        .logged()
        .filter_map(|logged| handoff_entry(&bank.state, &anna, logged))
        .collect();
    assert_eq!(live, history(&bank, &log, &c, &anna));
    let vera = Actor::Visitor(bank.vera.clone());
    assert!(
        log.logged()
            .all(|logged| handoff_entry(&bank.state, &vera, logged).is_none())
    );
}

#[test]
fn live_entries_skip_a_conversation_the_agent_may_not_see() {
    let mut bank = Bank::with_delegation();
    let mut log = Log::default();
    let c = request_accepted_by_ben(&mut bank, &mut log);
    let clara = agent(&bank.clara);
    assert!(
        log.logged()
            .all(|logged| handoff_entry(&bank.state, &clara, logged).is_none())
    );
    let ben = agent(&bank.ben);
    let live = log
        .logged()
        .filter_map(|logged| handoff_entry(&bank.state, &ben, logged));
    assert_eq!(live.count(), history(&bank, &log, &c, &ben).len());
}

#[test]
fn visitors_get_no_history_whatever_the_conversation() {
    let (bank, log, c) = story();
    let vera = Actor::Visitor(bank.vera.clone());
    let own = handoff_history(&bank.state, &c, &vera, log.logged());
    let unknown = handoff_history(&bank.state, &"nope".into(), &vera, log.logged());
    assert!(matches!(own, Err(DomainError::NotAllowed(_))));
    assert_eq!(own, unknown);
    assert_eq!(
        handoff_history(&bank.state, &c, &Actor::Anonymous, log.logged()),
        unknown
    );
}

#[test]
fn an_agent_who_may_not_see_the_conversation_gets_the_unknown_conversation_error() {
    let mut bank = Bank::with_delegation();
    let mut log = Log::default();
    let c = request_accepted_by_ben(&mut bank, &mut log);
    let unknown: ConversationId = "nope".into();
    let otto = agent(&PersonId::new(crate::demo::OTTO));
    // Assigned to Ben: hidden from Anna and Clara, whose copies of the request were closed.
    for viewer in [agent(&bank.anna), agent(&bank.clara), otto] {
        assert_eq!(
            handoff_history(&bank.state, &c, &viewer, log.logged()),
            Err(DomainError::UnknownConversation(c.clone()))
        );
        assert_eq!(
            handoff_history(&bank.state, &unknown, &viewer, log.logged()),
            Err(DomainError::UnknownConversation(unknown.clone()))
        );
    }
    assert!(!history(&bank, &log, &c, &agent(&bank.ben)).is_empty());
}

#[test]
fn no_pin_or_token_appears_in_any_entry_or_row() {
    let (bank, log, c) = story();
    let digests: Vec<String> = [PIN, RENEWED_PIN, LINK_TOKEN]
        .iter()
        .map(|t| bank.state.token_key.digest(t).to_string())
        .collect();
    let mut written = Vec::new();
    for viewer in [Actor::Admin, Actor::System, agent(&bank.anna)] {
        let entries = history(&bank, &log, &c, &viewer);
        written.push(serde_json::to_string(&entries).unwrap());
    }
    let rows = handoff_archive(&bank.state, &Actor::Admin, log.logged()).unwrap();
    written.push(serde_json::to_string(&rows).unwrap());
    written.extend(rows.iter().map(HandoffRow::csv_record));
    for text in &written {
        for secret in [PIN, RENEWED_PIN, LINK_TOKEN, "hmac-sha256"] {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
        for digest in &digests {
            assert!(!text.contains(digest.as_str()));
        }
    }
}

#[test]
fn the_archive_is_for_administrators_and_resumes_by_position() {
    let (bank, log, c) = story();
    let all = handoff_archive(&bank.state, &Actor::Admin, log.logged()).unwrap();
    let entries = history(&bank, &log, &c, &Actor::Admin);
    assert_eq!(
        all,
        entries.iter().map(HandoffEntry::row).collect::<Vec<_>>()
    );
    // An archive job that stopped after a row resumes after its position: no gap, no repeat.
    let cut = all[all.len() / 2].position;
    let first = handoff_archive(
        &bank.state,
        &Actor::Admin,
        log.logged().filter(|e| e.position <= cut),
    )
    .unwrap();
    let rest = handoff_archive(
        &bank.state,
        &Actor::Admin,
        log.logged().filter(|e| e.position > cut),
    )
    .unwrap();
    assert_eq!([first, rest].concat(), all);
    for viewer in [
        agent(&bank.ben),
        Actor::Visitor(bank.vera.clone()),
        Actor::Anonymous,
    ] {
        assert!(matches!(
            handoff_archive(&bank.state, &viewer, log.logged()),
            Err(DomainError::NotAllowed(_))
        ));
    }
    let forwarded = all
        .iter()
        .find(|r| r.action == HandoffAction::Forwarded && r.subject.starts_with("PERSON:"))
        .unwrap();
    assert_eq!(forwarded.actor, format!("PERSON:{}", bank.ben));
    assert!(forwarded.detail.contains("invitationKind=FORWARDING"));
    assert!(forwarded.detail.contains(&format!("comment={COMMENT}")));
}

#[test]
fn an_accepted_prompt_shows_as_the_delegation_it_started() {
    let mut bank = Bank::with_config(Config {
        messenger_enable_deputy_delegation: true,
        enable_deputy_delegation: true,
        enable_deputy_prompt_when_agents_unavailable: true,
        ..Config::default()
    });
    bank.set_presence(&bank.anna.clone(), PresenceState::Away);
    let mut log = Log::default();
    let c = bank.vera_and_anna.clone();
    let vera = Actor::Visitor(bank.vera.clone());
    log.run(
        &mut bank,
        &vera,
        Command::PostMessage {
            conversation: c.clone(),
            message: "vera-1".into(),
            text: "Hello Anna?".into(),
        },
    );
    let prompt = PromptId::new("prompt-vera-1");
    log.run(
        &mut bank,
        &vera,
        Command::AnswerDeputyPrompt {
            conversation: c.clone(),
            prompt: prompt.clone(),
            accept: true,
            invitation: "prompted".into(),
        },
    );
    let entries = history(&bank, &log, &c, &Actor::Admin);
    let actions: Vec<_> = entries.iter().map(|e| (e.action, e.outcome)).collect();
    assert_eq!(
        actions,
        [
            (HandoffAction::PromptOffered, None),
            (
                HandoffAction::PromptAnswered,
                Some(HandoffOutcome::Accepted)
            ),
            (HandoffAction::DeputyDelegationStarted, None),
        ]
    );
    let started = &entries[2];
    assert_eq!(started.actor, Some(HandoffActor::Person(bank.vera.clone())));
    assert_eq!(started.subject, person(&bank.anna));
    assert!(matches!(
        &started.detail,
        Some(HandoffDetail::Invitation { delegation: Some(d), .. })
            if d.trigger == DelegationTrigger::VisitorPrompt
                && d.start == DelegationStart::AtLevel(DelegationLevel::Level1)
    ));
}

#[test]
fn an_unanswered_delegation_is_the_moment_the_bank_is_told() {
    let mut bank = Bank::with_delegation();
    let mut log = Log::default();
    let (c, request) = bank.request_to_anna("quiet");
    for step in bank.plan_for_anna(DelegationStart::AwaitAgent).steps {
        log.run(
            &mut bank,
            &Actor::System,
            Command::RecordDeputiesNotified {
                invitation: request.clone(),
                level: step.level,
                deputies: step.deputies,
            },
        );
    }
    log.run(
        &mut bank,
        &Actor::System,
        Command::RecordDelegationUnanswered {
            invitation: request.clone(),
        },
    );
    let entries = history(&bank, &log, &c, &Actor::Admin);
    let levels: Vec<_> = entries
        .iter()
        .filter_map(|e| match &e.detail {
            Some(HandoffDetail::Notified { level, .. }) => *level,
            _ => None,
        })
        .collect();
    assert_eq!(levels, [DelegationLevel::Level1, DelegationLevel::Level2]);
    let last = entries.last().unwrap();
    assert_eq!(
        (last.action, last.outcome, last.actor.clone()),
        (
            HandoffAction::DelegationUnanswered,
            Some(HandoffOutcome::Unanswered),
            Some(HandoffActor::System)
        )
    );
    assert_eq!(last.subject, person(&bank.anna));
}

#[test]
fn entries_serialise_in_camel_case_with_stable_names() {
    let (bank, log, c) = story();
    let entries = history(&bank, &log, &c, &Actor::Admin);
    let json = serde_json::to_value(&entries).unwrap();
    let forwarded = json
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "FORWARDED" && e["subject"]["kind"] == "PERSON")
        .unwrap();
    assert_eq!(forwarded["detail"]["kind"], "INVITATION");
    assert_eq!(forwarded["detail"]["joinHidden"], false);
    assert_eq!(forwarded["invitation"]["kind"], "FORWARDING");
    for entry in &entries {
        let value = serde_json::to_value(entry).unwrap();
        assert_eq!(value["action"], entry.action.as_str());
        let back: HandoffEntry = serde_json::from_value(value).unwrap();
        assert_eq!(&back, entry);
        if let Some(outcome) = entry.outcome {
            assert_eq!(serde_json::to_value(outcome).unwrap(), outcome.as_str());
        }
    }
}

#[test]
fn a_superoffice_transfer_is_named_a_transfer_and_its_answer_follows() {
    let mut bank = Bank::with_delegation();
    let mut log = Log::default();
    let c = request_accepted_by_ben(&mut bank, &mut log);
    let (ben, david) = (bank.ben.clone(), bank.david.clone());
    log.run(
        &mut bank,
        &agent(&ben),
        Command::TransferTo {
            conversation: c.clone(),
            invitation: "transfer".into(),
            agent: david.clone(),
        },
    );
    log.run(
        &mut bank,
        &agent(&david),
        Command::AcceptTransfer {
            conversation: c.clone(),
        },
    );
    let entries = history(&bank, &log, &c, &agent(&david));
    let transferred = of(&entries, HandoffAction::Transferred);
    assert_eq!(transferred.len(), 1);
    assert_eq!(transferred[0].actor, Some(HandoffActor::Person(ben)));
    assert_eq!(transferred[0].subject, person(&david));
    assert!(of(&entries, HandoffAction::Forwarded).is_empty());
    let answer = entries
        .iter()
        .find(|e| {
            e.action == HandoffAction::Answered
                && e.invitation.as_ref().map(|i| i.kind) == Some(Some(InvitationKind::Transfer))
        })
        .expect("the transfer's answer");
    assert_eq!(answer.outcome, Some(HandoffOutcome::Accepted));
    assert_eq!(answer.actor, Some(HandoffActor::Person(david)));
}

#[test]
fn who_revoked_renewed_a_pin_or_hid_someone_is_in_the_history() {
    let mut bank = Bank::with_delegation();
    let mut log = Log::default();
    let c = request_accepted_by_ben(&mut bank, &mut log);
    let (ben, clara, david) = (bank.ben.clone(), bank.clara.clone(), bank.david.clone());
    let steps = [
        Command::AddParticipant {
            conversation: c.clone(),
            person: clara.clone(),
            participation_type: ParticipationType::SecondaryAgent,
            hidden: false,
        },
        Command::ChangeParticipantVisibility {
            conversation: c.clone(),
            person: clara.clone(),
            hidden: true,
        },
        Command::InviteVisitorWithPin {
            conversation: c.clone(),
            invitation: "pin".into(),
            pin: PIN.into(),
            nickname: None,
        },
        Command::RenewPin {
            invitation: "pin".into(),
            pin: RENEWED_PIN.into(),
        },
        Command::ForwardToAgent {
            conversation: c.clone(),
            invitation: "forward".into(),
            agent: david.clone(),
            comment: None,
        },
        Command::RevokeInvitation {
            invitation: "forward".into(),
        },
    ];
    for command in steps {
        log.run(&mut bank, &agent(&ben), command);
    }
    let entries = history(&bank, &log, &c, &Actor::Admin);
    let by_ben = Some(HandoffActor::Person(ben));
    for action in [
        HandoffAction::Hidden,
        HandoffAction::PinRenewed,
        HandoffAction::Revoked,
    ] {
        let taken = of(&entries, action);
        assert_eq!(taken.len(), 1, "{action:?}");
        assert_eq!(taken[0].actor, by_ben, "{action:?}");
    }
    assert_eq!(
        of(&entries, HandoffAction::Hidden)[0].subject,
        person(&clara)
    );
    assert_eq!(
        of(&entries, HandoffAction::Revoked)[0].subject,
        person(&david)
    );
}

#[test]
fn a_forwarding_replaced_by_a_newer_one_names_nobody_as_its_revoker() {
    let (bank, log, c) = story();
    let entries = history(&bank, &log, &c, &Actor::Admin);
    let replaced = of(&entries, HandoffAction::Revoked)
        .into_iter()
        .find(|e| e.subject == Some(HandoffSubject::Team(bank.advisory.clone())))
        .expect("the team forwarding was replaced");
    assert_eq!(replaced.actor, None, "the forwarding before it names who");
}
