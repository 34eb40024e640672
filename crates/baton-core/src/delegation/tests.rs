//! The engine against seed 001, driven like the server drives it: the demo bank decides and
//! applies commands, every event goes to the engine, a simulated clock advances, and each
//! effect is carried out with the command the server would issue.
//!
//! Only tests live here; the driver (`Desk`) is a stand-in for the server, not library code.

use super::{Effect, Engine};
use crate::access;
use crate::actor::Actor;
use crate::command::{Command, DeputyWriteSource, ResponseChannel};
use crate::config::Config;
use crate::conversation::{ConversationState, Recipient};
use crate::decide::decide;
use crate::deputy::{DelegationLevel, Deputy, DeputyRelationships};
use crate::directory::{NotificationChannels, PresenceState};
use crate::error::DomainError;
use crate::event::{Audience, Author, Event, MessageBody};
use crate::id::{ConversationId, InvitationId, PersonId, PromptId, TeamId};
use crate::invitation::{DelegationResponse, InvitationState, ResponseStatus};
use crate::testkit::Bank;
use crate::text::TextKey;
use crate::time::Timestamp;

/// Level 1 (assistants and level 1 deputies) countdown in the default configuration.
const LEVEL1: u64 = 120;
/// Time level 1 has before level 2.
const LEVEL2: u64 = 300;
/// Time level 2 has before level 3 (or before unanswered, when there is no level 3).
const LEVEL3: u64 = 300;

fn delegation_config() -> Config {
    Config {
        messenger_enable_deputy_delegation: true,
        enable_deputy_delegation: true,
        ..Config::default()
    }
}

/// The server in miniature: the bank, the engine, and the effects carried out so far.
struct Desk {
    bank: Bank,
    engine: Engine,
    effects: Vec<(Timestamp, Effect)>,
    seen: usize,
}

impl Desk {
    fn new() -> Self {
        Self::with_config(delegation_config())
    }

    fn with_config(config: Config) -> Self {
        let bank = Bank::with_config(config);
        let engine = Engine::restore(&bank.state);
        Desk {
            bank,
            engine,
            effects: Vec::new(),
            seen: 0,
        }
    }

    fn now(&self) -> Timestamp {
        self.bank.now
    }

    fn try_exec(&mut self, actor: &Actor, command: Command) -> Result<Vec<Event>, DomainError> {
        let events = self.bank.try_exec(actor, command)?;
        for event in &events {
            self.engine.handle_event(self.bank.now, event);
        }
        Ok(events)
    }

    fn exec(&mut self, actor: &Actor, command: Command) -> Vec<Event> {
        let label = format!("{command:?}");
        self.try_exec(actor, command)
            .unwrap_or_else(|e| panic!("{label} refused: {e}"))
    }

    /// Carries out every pending effect, firing deadlines due now, until nothing is left.
    fn run(&mut self) {
        loop {
            self.engine.handle_timeout(self.bank.now);
            let Some(effect) = self.engine.poll_effect() else {
                return;
            };
            self.effects.push((self.bank.now, effect.clone()));
            match effect {
                Effect::NotifyDeputies {
                    invitation,
                    level,
                    deputies,
                    ..
                } => {
                    self.exec(
                        &Actor::System,
                        Command::RecordDeputiesNotified {
                            invitation,
                            level,
                            deputies,
                        },
                    );
                }
                Effect::Unanswered { invitation, .. } => {
                    self.exec(
                        &Actor::System,
                        Command::RecordDelegationUnanswered { invitation },
                    );
                }
                Effect::CancelPrompt {
                    conversation,
                    prompt,
                } => {
                    self.exec(
                        &Actor::System,
                        Command::CancelDeputyPrompt {
                            conversation,
                            prompt,
                        },
                    );
                }
                Effect::RevokeNotifications { .. } => {}
            }
        }
    }

    /// Lets `seconds` pass, then wakes up like the server's timer would.
    fn advance(&mut self, seconds: u64) {
        self.bank.now = self.bank.now.plus_seconds(seconds);
        self.run();
    }

    /// Sleeps until the engine's next deadline and wakes up; false when there is none.
    fn sleep_until_next_deadline(&mut self) -> bool {
        let Some(next) = self.engine.poll_timeout() else {
            return false;
        };
        self.bank.now = self.bank.now.max(next);
        self.run();
        true
    }

    /// The effects carried out since the last call.
    fn new_effects(&mut self) -> Vec<Effect> {
        let fresh = self.effects[self.seen..]
            .iter()
            .map(|(_, e)| e.clone())
            .collect();
        self.seen = self.effects.len();
        fresh
    }

    /// Vera writes to `agent` personally: a conversation request with deputy delegation.
    fn request_for(&mut self, agent: &PersonId, n: &str) -> InvitationId {
        let request = InvitationId::new(format!("request-{n}"));
        let vera = self.bank.vera.clone();
        self.exec(
            &Actor::Visitor(vera.clone()),
            Command::CreateConversation {
                id: ConversationId::new(format!("conversation-{n}")),
                account: self.bank.account.clone(),
                topic: None,
                visitor: Some(vera),
                assignee: None,
                recipient: Some(Recipient::Agent(agent.clone())),
                request: Some(request.clone()),
            },
        );
        request
    }

    fn request_for_anna(&mut self) -> InvitationId {
        let anna = self.bank.anna.clone();
        self.request_for(&anna, "1")
    }

    fn respond(
        &mut self,
        person: &PersonId,
        invitation: &InvitationId,
        response: DelegationResponse,
    ) -> Result<Vec<Event>, DomainError> {
        self.try_exec(
            &Actor::Agent(person.clone()),
            Command::RespondToInvitation {
                invitation: invitation.clone(),
                response,
                channel: ResponseChannel::Queue,
            },
        )
    }

    fn ignore(&mut self, person: &PersonId, invitation: &InvitationId) {
        self.respond(person, invitation, DelegationResponse::Ignore)
            .unwrap_or_else(|e| panic!("{person} could not ignore: {e}"));
    }

    fn set_channels(&mut self, person: &PersonId, channels: NotificationChannels) {
        self.exec(
            &Actor::Admin,
            Command::SetNotificationChannels {
                person: person.clone(),
                channels,
            },
        );
    }

    fn write_deputies(&mut self, agent: &PersonId, relationships: DeputyRelationships) {
        self.exec(
            &Actor::Admin,
            Command::WriteAgentDeputies {
                agent: agent.clone(),
                relationships,
                source: DeputyWriteSource::WebApi,
            },
        );
    }

    /// Anna's deputies of the demo, with `level3` added.
    fn anna_deputies_with_level3(&self, level3: &PersonId) -> DeputyRelationships {
        let mut relationships = self.bank.state.deputies_of(&self.bank.anna).clone();
        relationships.level3 = vec![Deputy::Agent(level3.clone())];
        relationships
    }

    fn in_queue(&self, person: &PersonId, invitation: &InvitationId) -> bool {
        access::has_in_queue(
            &self.bank.state,
            person,
            &self.bank.state.invitations[invitation],
        )
    }
}

/// A notified level and who was on it.
type Notified<'a> = (DelegationLevel, Vec<&'a str>);

/// The level and the persons of a `NotifyDeputies` effect.
fn notified(effect: &Effect) -> Option<Notified<'_>> {
    match effect {
        Effect::NotifyDeputies {
            level, deputies, ..
        } => Some((*level, deputies.iter().map(|d| d.person.as_str()).collect())),
        _ => None,
    }
}

fn notified_all(effects: &[Effect]) -> Vec<Notified<'_>> {
    effects.iter().filter_map(notified).collect()
}

fn revoked(effects: &[Effect]) -> Vec<Vec<&str>> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::RevokeNotifications { persons, .. } => {
                Some(persons.iter().map(PersonId::as_str).collect())
            }
            _ => None,
        })
        .collect()
}

#[test]
fn deputies_are_notified_when_the_agent_does_not_respond_within_the_level1_timeout() {
    let mut desk = Desk::new();
    let start = desk.now();
    let request = desk.request_for_anna();
    assert_eq!(desk.engine.pending_delegations(), 1);
    assert_eq!(desk.engine.poll_timeout(), Some(start.plus_seconds(LEVEL1)));

    desk.advance(LEVEL1 - 1);
    assert!(desk.new_effects().is_empty(), "the agent still has time");

    desk.advance(1);
    let effects = desk.new_effects();
    assert_eq!(
        effects,
        [Effect::NotifyDeputies {
            invitation: request.clone(),
            conversation: "conversation-1".into(),
            original_agent: desk.bank.anna.clone(),
            level: DelegationLevel::Level1,
            deputies: desk.bank.state.invitations[&request]
                .delegation
                .as_ref()
                .unwrap()
                .plan
                .steps[0]
                .deputies
                .clone(),
        }]
    );
    assert_eq!(
        notified_all(&effects),
        [(
            DelegationLevel::Level1,
            vec!["ben.assistant", "clara.deputy"]
        )],
        "assistants are notified with the level 1 deputies"
    );
    let invitation = &desk.bank.state.invitations[&request];
    assert_eq!(
        invitation.delegation.as_ref().unwrap().reached,
        Some(DelegationLevel::Level1)
    );
    assert!(
        invitation
            .secondary_targets
            .iter()
            .all(|t| t.notified_at == desk.now() && t.response == ResponseStatus::Pending)
    );
    let (anna, ben, clara, david) = (
        desk.bank.anna.clone(),
        desk.bank.ben.clone(),
        desk.bank.clara.clone(),
        desk.bank.david.clone(),
    );
    for person in [&anna, &ben, &clara] {
        assert!(desk.in_queue(person, &request), "{person} has the request");
    }
    assert!(!desk.in_queue(&david, &request), "level 2 is not asked yet");
    assert_eq!(
        desk.engine.poll_timeout(),
        Some(desk.now().plus_seconds(LEVEL2))
    );
}

#[test]
fn if_all_deputies_respond_with_ignore_the_countdown_ends_immediately() {
    let mut desk = Desk::new();
    let request = desk.request_for_anna();
    desk.advance(LEVEL1);
    desk.new_effects();
    let (ben, clara) = (desk.bank.ben.clone(), desk.bank.clara.clone());

    desk.bank.now = desk.now().plus_seconds(10);
    desk.ignore(&ben, &request);
    assert_ne!(
        desk.engine.poll_timeout(),
        Some(desk.now()),
        "Clara may answer"
    );
    desk.ignore(&clara, &request);
    assert_eq!(desk.engine.poll_timeout(), Some(desk.now()));

    desk.run();
    assert_eq!(
        notified_all(&desk.new_effects()),
        [(DelegationLevel::Level2, vec!["david.deputy"])]
    );
    assert!(
        desk.in_queue(&ben, &request),
        "an Ignore leaves the request in the deputy's queue"
    );
}

#[test]
fn the_agents_own_ignore_ends_the_agents_countdown_at_once() {
    let mut desk = Desk::new();
    let request = desk.request_for_anna();
    desk.bank.now = desk.now().plus_seconds(5);
    let anna = desk.bank.anna.clone();
    desk.ignore(&anna, &request);
    assert_eq!(desk.engine.poll_timeout(), Some(desk.now()));
    desk.run();
    assert_eq!(
        notified_all(&desk.new_effects()),
        [(
            DelegationLevel::Level1,
            vec!["ben.assistant", "clara.deputy"]
        )]
    );
}

#[test]
fn ignores_from_an_earlier_level_do_not_count_for_the_current_level() {
    let mut desk = Desk::new();
    let request = desk.request_for_anna();
    desk.advance(LEVEL1);
    desk.advance(LEVEL2);
    assert_eq!(desk.new_effects().len(), 2, "levels 1 and 2 notified");
    let level2_ends = desk.now().plus_seconds(LEVEL3);
    let (anna, ben, clara, david) = (
        desk.bank.anna.clone(),
        desk.bank.ben.clone(),
        desk.bank.clara.clone(),
        desk.bank.david.clone(),
    );

    desk.ignore(&ben, &request);
    desk.ignore(&clara, &request);
    desk.ignore(&anna, &request);
    assert_eq!(desk.engine.poll_timeout(), Some(level2_ends));

    desk.ignore(&david, &request);
    assert_eq!(desk.engine.poll_timeout(), Some(desk.now()));
}

#[test]
fn a_deputy_with_notifications_disabled_counts_as_ignore() {
    let mut desk = Desk::new();
    let (ben, clara) = (desk.bank.ben.clone(), desk.bank.clara.clone());
    desk.set_channels(&clara, NotificationChannels::NONE);
    let request = desk.request_for_anna();
    desk.advance(LEVEL1);
    desk.new_effects();
    assert_eq!(
        desk.bank.state.invitations[&request]
            .secondary_target(&clara)
            .unwrap()
            .response,
        ResponseStatus::Ignored
    );

    desk.ignore(&ben, &request);
    assert_eq!(
        desk.engine.poll_timeout(),
        Some(desk.now()),
        "Ben's Ignore was the last one needed"
    );
}

#[test]
fn a_level_whose_deputies_all_have_notifications_disabled_is_passed_at_once() {
    let mut desk = Desk::new();
    let (ben, clara) = (desk.bank.ben.clone(), desk.bank.clara.clone());
    desk.set_channels(&ben, NotificationChannels::NONE);
    desk.set_channels(&clara, NotificationChannels::NONE);
    desk.request_for_anna();
    desk.advance(LEVEL1);
    assert_eq!(
        notified_all(&desk.new_effects()),
        [
            (
                DelegationLevel::Level1,
                vec!["ben.assistant", "clara.deputy"]
            ),
            (DelegationLevel::Level2, vec!["david.deputy"]),
        ]
    );
    assert_eq!(
        desk.engine.poll_timeout(),
        Some(desk.now().plus_seconds(LEVEL3))
    );
}

#[test]
fn unanswered_after_the_last_level_sends_assignment_request_unanswered() {
    let mut desk = Desk::new();
    let request = desk.request_for_anna();
    desk.advance(LEVEL1);
    desk.advance(LEVEL2);
    desk.advance(LEVEL3 - 1);
    assert_eq!(desk.new_effects().len(), 2);

    desk.advance(1);
    assert_eq!(
        desk.new_effects(),
        [Effect::Unanswered {
            invitation: request.clone(),
            conversation: "conversation-1".into(),
            original_agent: desk.bank.anna.clone(),
        }]
    );
    let invitation = &desk.bank.state.invitations[&request];
    assert_eq!(
        invitation.delegation.as_ref().unwrap().unanswered_at,
        Some(desk.now())
    );
    assert_eq!(desk.engine.pending_delegations(), 0);
    assert_eq!(desk.engine.poll_timeout(), None, "no timer remains");
}

#[test]
fn the_request_stays_in_every_queue_after_it_is_unanswered() {
    let mut desk = Desk::new();
    let request = desk.request_for_anna();
    desk.advance(LEVEL1);
    desk.advance(LEVEL2);
    desk.advance(LEVEL3);
    assert!(matches!(
        desk.new_effects().last(),
        Some(Effect::Unanswered { .. })
    ));
    let (anna, ben, clara, david) = (
        desk.bank.anna.clone(),
        desk.bank.ben.clone(),
        desk.bank.clara.clone(),
        desk.bank.david.clone(),
    );
    assert_eq!(
        desk.bank.state.invitations[&request].state,
        InvitationState::Open
    );
    for person in [&anna, &ben, &clara, &david] {
        assert!(desk.in_queue(person, &request), "{person} still has it");
    }

    // The original agent and an earlier deputy can still handle it.
    for person in [&anna, &clara] {
        let accept = Command::RespondToInvitation {
            invitation: request.clone(),
            response: DelegationResponse::Accept,
            channel: ResponseChannel::Queue,
        };
        let events = decide(
            &desk.bank.state,
            accept,
            &Actor::Agent(person.clone()),
            desk.now(),
        )
        .unwrap_or_else(|e| panic!("{person} could not accept: {e}"));
        assert!(events.contains(&Event::AssigneeChanged {
            conversation: "conversation-1".into(),
            assignee: person.clone(),
            previous: None,
        }));
    }
    desk.respond(&clara, &request, DelegationResponse::Accept)
        .unwrap();
    desk.advance(10_000);
    assert!(desk.new_effects().is_empty(), "the engine let go of it");
}

#[test]
fn a_deputy_is_notified_only_on_the_first_level_they_appear_on() {
    // Seed 001: A and B are in team T; B is A's level 1 deputy and T is A's level 2 deputy.
    let mut desk = Desk::new();
    let (a, b, _t) = desk.bank.team_t_example();
    desk.engine = Engine::restore(&desk.bank.state);
    let request = desk.request_for(&a, "t");

    desk.advance(LEVEL1);
    assert_eq!(
        notified_all(&desk.new_effects()),
        [(DelegationLevel::Level1, vec![b.as_str()])]
    );
    desk.advance(LEVEL2);
    assert_eq!(
        desk.new_effects(),
        [Effect::Unanswered {
            invitation: request.clone(),
            conversation: "conversation-t".into(),
            original_agent: a.clone(),
        }],
        "level 2 adds nobody new, so the request is unanswered after level 1's countdown"
    );
    for person in [&a, &b] {
        assert!(desk.in_queue(person, &request));
    }
    desk.respond(&b, &request, DelegationResponse::Accept)
        .unwrap();
}

#[test]
fn teams_are_never_delegated() {
    let mut desk = Desk::new();
    let vera = desk.bank.vera.clone();
    let advisory = desk.bank.advisory.clone();
    desk.exec(
        &Actor::Visitor(vera.clone()),
        Command::CreateConversation {
            id: "conversation-team".into(),
            account: desk.bank.account.clone(),
            topic: None,
            visitor: Some(vera),
            assignee: None,
            recipient: Some(Recipient::Team(advisory.clone())),
            request: Some("request-team".into()),
        },
    );
    let anna = desk.bank.anna.clone();
    desk.exec(
        &Actor::Agent(anna),
        Command::ForwardToTeam {
            conversation: desk.bank.vera_and_anna.clone(),
            invitation: "forwarding-team".into(),
            team: advisory,
            comment: None,
        },
    );
    for id in ["request-team", "forwarding-team"] {
        assert!(
            desk.bank.state.invitations[&InvitationId::new(id)]
                .delegation
                .is_none()
        );
    }
    assert_eq!(desk.engine.pending_delegations(), 0);
    assert_eq!(desk.engine.poll_timeout(), None);
    desk.advance(100_000);
    assert!(desk.new_effects().is_empty());
}

#[test]
fn forwardings_and_invitations_to_a_single_agent_are_delegated_too() {
    for forward in [true, false] {
        let mut desk = Desk::new();
        let (a, b, _t) = desk.bank.team_t_example();
        let anna = desk.bank.anna.clone();
        let conversation = desk.bank.vera_and_anna.clone();
        let invitation = InvitationId::new("to-agent-a");
        let command = if forward {
            Command::ForwardToAgent {
                conversation,
                invitation: invitation.clone(),
                agent: a,
                comment: None,
            }
        } else {
            Command::InviteAgent {
                conversation,
                invitation: invitation.clone(),
                agent: a,
                comment: None,
                join_hidden: false,
            }
        };
        desk.exec(&Actor::Agent(anna), command);
        desk.advance(LEVEL1);
        assert_eq!(
            notified_all(&desk.new_effects()),
            [(DelegationLevel::Level1, vec![b.as_str()])],
            "forward: {forward}"
        );
        desk.respond(&b, &invitation, DelegationResponse::Accept)
            .unwrap();
        assert_eq!(desk.engine.pending_delegations(), 0);
    }
}

#[test]
fn accept_ends_the_delegation_and_revokes_other_notifications() {
    let mut desk = Desk::new();
    let request = desk.request_for_anna();
    desk.advance(LEVEL1);
    desk.advance(LEVEL2);
    desk.new_effects();
    let david = desk.bank.david.clone();

    let events = desk
        .respond(&david, &request, DelegationResponse::Accept)
        .unwrap();
    assert!(events.contains(&Event::AssigneeChanged {
        conversation: "conversation-1".into(),
        assignee: david.clone(),
        previous: None,
    }));
    desk.run();
    assert_eq!(
        revoked(&desk.new_effects()),
        [vec!["ben.assistant", "clara.deputy"]]
    );
    assert_eq!(desk.engine.pending_delegations(), 0);
    assert_eq!(desk.engine.poll_timeout(), None);
    let invitation = &desk.bank.state.invitations[&request];
    for t in invitation
        .secondary_targets
        .iter()
        .filter(|t| t.person != david)
    {
        assert_eq!(t.response, ResponseStatus::Canceled, "{}", t.person);
    }
    desk.advance(100_000);
    assert!(desk.new_effects().is_empty());
}

#[test]
fn decline_by_a_deputy_declines_for_all() {
    let mut desk = Desk::new();
    let request = desk.request_for_anna();
    desk.advance(LEVEL1);
    desk.new_effects();
    let (anna, ben, clara) = (
        desk.bank.anna.clone(),
        desk.bank.ben.clone(),
        desk.bank.clara.clone(),
    );

    desk.respond(&clara, &request, DelegationResponse::Decline)
        .unwrap();
    desk.run();
    assert_eq!(revoked(&desk.new_effects()), [vec!["ben.assistant"]]);
    assert_eq!(
        desk.bank.state.conversations[&ConversationId::new("conversation-1")].state,
        ConversationState::Unassigned
    );
    for person in [&ben, &anna] {
        assert_eq!(
            desk.respond(person, &request, DelegationResponse::Accept),
            Err(DomainError::AlreadyDeclined),
            "{person} can no longer accept"
        );
    }
    assert_eq!(desk.engine.pending_delegations(), 0);
}

#[test]
fn later_sends_the_customer_the_later_message() {
    let mut desk = Desk::new();
    let request = desk.request_for_anna();
    desk.advance(LEVEL1);
    desk.new_effects();
    let ben = desk.bank.ben.clone();

    let events = desk
        .respond(&ben, &request, DelegationResponse::Later)
        .unwrap();
    assert!(events.iter().any(|e| matches!(
        e,
        Event::MessagePosted {
            author: Author::Concierge,
            body: MessageBody::Concierge(TextKey::InvitationRedeemedButWillHandleLater),
            audience: Audience::Everyone,
            ..
        }
    )));
    assert!(events.contains(&Event::AssigneeChanged {
        conversation: "conversation-1".into(),
        assignee: ben.clone(),
        previous: None,
    }));
    desk.run();
    assert_eq!(revoked(&desk.new_effects()), [vec!["clara.deputy"]]);
    assert_eq!(desk.engine.pending_delegations(), 0);
}

#[test]
fn a_push_notification_offers_only_the_two_configured_actions() {
    let mut desk = Desk::new();
    let request = desk.request_for_anna();
    desk.advance(LEVEL1);
    let ben = desk.bank.ben.clone();
    let push = |response| Command::RespondToInvitation {
        invitation: request.clone(),
        response,
        channel: ResponseChannel::PushNotification,
    };
    assert_eq!(
        desk.try_exec(&Actor::Agent(ben.clone()), push(DelegationResponse::Ignore)),
        Err(DomainError::ResponseNotAvailable)
    );
    desk.exec(&Actor::Agent(ben), push(DelegationResponse::Accept));
    assert_eq!(desk.engine.pending_delegations(), 0);
}

#[test]
fn spurious_handle_timeout_is_a_no_op() {
    let mut desk = Desk::new();
    let start = desk.now();
    desk.request_for_anna();
    let deadline = desk.engine.poll_timeout();
    for early in [0, 1, 60, LEVEL1 - 1] {
        desk.engine.handle_timeout(start.plus_seconds(early));
        assert_eq!(desk.engine.poll_effect(), None);
        assert_eq!(desk.engine.poll_timeout(), deadline);
    }

    let due = start.plus_seconds(LEVEL1);
    desk.engine.handle_timeout(due);
    assert!(desk.engine.poll_effect().is_some());
    desk.engine.handle_timeout(due);
    desk.engine.handle_timeout(start);
    assert_eq!(desk.engine.poll_effect(), None, "nothing fires twice");
}

#[test]
fn restore_after_a_restart_fires_overdue_deadlines_once() {
    let mut desk = Desk::new();
    let request = desk.request_for_anna();
    desk.advance(LEVEL1);
    desk.new_effects();

    // A restart right now resumes exactly where the live engine is.
    let mut restored = Engine::restore(&desk.bank.state);
    assert_eq!(restored.poll_effect(), None, "restore emits nothing");
    assert_eq!(restored.poll_timeout(), desk.engine.poll_timeout());
    assert_eq!(restored.pending_delegations(), 1);

    // The server was down through level 1's countdown and beyond.
    desk.engine = restored;
    desk.bank.now = desk.now().plus_seconds(LEVEL2 + LEVEL3 + 1_000);
    assert!(desk.engine.poll_timeout() < Some(desk.now()));
    desk.run();
    assert_eq!(
        notified_all(&desk.new_effects()),
        [(DelegationLevel::Level2, vec!["david.deputy"])],
        "the overdue countdown fires once, and level 2 gets its full countdown"
    );
    desk.run();
    assert!(desk.new_effects().is_empty());
    assert_eq!(
        desk.engine.poll_timeout(),
        Some(desk.now().plus_seconds(LEVEL3))
    );
    assert_eq!(
        desk.bank.state.invitations[&request]
            .delegation
            .as_ref()
            .unwrap()
            .reached,
        Some(DelegationLevel::Level2)
    );
}

#[test]
fn restore_resumes_ignores_the_agents_countdown_and_prompts() {
    let mut config = delegation_config();
    config.enable_deputy_prompt_when_agents_unavailable = true;
    let mut desk = Desk::with_config(config);
    let (anna, ben, clara) = (
        desk.bank.anna.clone(),
        desk.bank.ben.clone(),
        desk.bank.clara.clone(),
    );
    desk.set_channels(&clara, NotificationChannels::NONE);
    let first = desk.request_for(&anna, "1");
    desk.request_for(&anna, "2");
    desk.advance(LEVEL1);
    desk.new_effects();
    // Request 1: Ben ignores and Clara cannot be notified, so its level 1 is over.
    desk.ignore(&ben, &first);
    // Request 3: Anna ignores it at once.
    desk.bank.now = desk.now().plus_seconds(1);
    let third = desk.request_for(&anna, "3");
    desk.ignore(&anna, &third);
    // A prompt waits in Vera's conversation with Anna.
    desk.bank.set_presence(&anna, PresenceState::Away);
    let vera = desk.bank.vera.clone();
    desk.exec(
        &Actor::Visitor(vera),
        Command::PostMessage {
            conversation: desk.bank.vera_and_anna.clone(),
            message: "m-1".into(),
            text: "Hello?".into(),
        },
    );

    let mut restored = Engine::restore(&desk.bank.state);
    assert_eq!(restored.pending_delegations(), 3);
    assert_eq!(restored.pending_prompts(), 1);
    assert_eq!(restored.poll_timeout(), desk.engine.poll_timeout());

    // Both wake up at the same time, later on, and do the same.
    let later = desk.now().plus_seconds(LEVEL2 + 1_000);
    let effects_of = |engine: &mut Engine| {
        engine.handle_timeout(later);
        std::iter::from_fn(|| engine.poll_effect()).collect::<Vec<_>>()
    };
    let resumed = effects_of(&mut restored);
    assert_eq!(resumed, effects_of(&mut desk.engine));
    let kinds: Vec<(&str, Option<DelegationLevel>)> = resumed
        .iter()
        .map(|e| match e {
            Effect::NotifyDeputies {
                invitation, level, ..
            } => (invitation.as_str(), Some(*level)),
            Effect::CancelPrompt { prompt, .. } => (prompt.as_str(), None),
            other => panic!("unexpected {other:?}"),
        })
        .collect();
    assert_eq!(
        kinds,
        [
            ("request-1", Some(DelegationLevel::Level2)),
            ("request-3", Some(DelegationLevel::Level1)),
            ("prompt-m-1", None),
            ("request-2", Some(DelegationLevel::Level2)),
        ]
    );
}

#[test]
fn an_unanswered_prompt_is_cancelled_after_prompt_deputy_timeout_in_seconds() {
    let mut config = delegation_config();
    config.enable_deputy_prompt_when_agents_unavailable = true;
    let timeout = config.prompt_deputy_timeout_in_seconds;
    let mut desk = Desk::with_config(config);
    let anna = desk.bank.anna.clone();
    desk.bank.set_presence(&anna, PresenceState::Away);
    let vera = desk.bank.vera.clone();
    let conversation = desk.bank.vera_and_anna.clone();
    desk.exec(
        &Actor::Visitor(vera),
        Command::PostMessage {
            conversation: conversation.clone(),
            message: "m-1".into(),
            text: "Are you there?".into(),
        },
    );
    assert_eq!(desk.engine.pending_prompts(), 1);
    assert_eq!(
        desk.engine.poll_timeout(),
        Some(desk.now().plus_seconds(timeout))
    );

    desk.advance(timeout - 1);
    assert!(desk.new_effects().is_empty());
    desk.advance(1);
    assert_eq!(
        desk.new_effects(),
        [Effect::CancelPrompt {
            conversation: conversation.clone(),
            prompt: PromptId::new("prompt-m-1"),
        }]
    );
    assert_eq!(
        desk.bank.state.conversations[&conversation].prompt.open,
        None
    );
    assert_eq!(desk.engine.pending_prompts(), 0);
    assert_eq!(desk.engine.poll_timeout(), None);
}

#[test]
fn accepting_the_prompt_starts_delegation_at_the_initial_prompt_level() {
    for (initial, expected) in [
        (
            DelegationLevel::Level1,
            vec!["ben.assistant", "clara.deputy"],
        ),
        (DelegationLevel::Level2, vec!["david.deputy"]),
    ] {
        let mut config = delegation_config();
        config.enable_deputy_prompt_when_agents_unavailable = true;
        config.initial_prompt_deputy_delegation_level = initial;
        let mut desk = Desk::with_config(config);
        let anna = desk.bank.anna.clone();
        desk.bank.set_presence(&anna, PresenceState::Away);
        let vera = desk.bank.vera.clone();
        let conversation = desk.bank.vera_and_anna.clone();
        desk.exec(
            &Actor::Visitor(vera.clone()),
            Command::PostMessage {
                conversation: conversation.clone(),
                message: "m-1".into(),
                text: "Are you there?".into(),
            },
        );
        desk.advance(10);
        desk.exec(
            &Actor::Visitor(vera),
            Command::AnswerDeputyPrompt {
                conversation,
                prompt: "prompt-m-1".into(),
                accept: true,
                invitation: "deputy-invitation".into(),
            },
        );
        assert_eq!(desk.engine.pending_prompts(), 0);
        assert_eq!(desk.engine.pending_delegations(), 1);
        assert_eq!(desk.engine.poll_timeout(), Some(desk.now()));
        desk.run();
        assert_eq!(
            notified_all(&desk.new_effects()),
            [(initial, expected)],
            "no prompt cancel, and the deputies are asked at once"
        );
    }
}

#[test]
fn ending_the_conversation_drops_its_prompt_and_its_delegation() {
    let mut config = delegation_config();
    config.enable_deputy_prompt_when_agents_unavailable = true;
    let mut desk = Desk::with_config(config);
    let anna = desk.bank.anna.clone();
    desk.bank.set_presence(&anna, PresenceState::Away);
    let vera = desk.bank.vera.clone();
    let conversation = desk.bank.vera_and_anna.clone();
    desk.exec(
        &Actor::Visitor(vera),
        Command::PostMessage {
            conversation: conversation.clone(),
            message: "m-1".into(),
            text: "Hello".into(),
        },
    );
    let request = desk.request_for_anna();
    desk.advance(LEVEL1);
    desk.new_effects();
    desk.exec(
        &Actor::Admin,
        Command::EndConversation {
            conversation: conversation.clone(),
        },
    );
    desk.exec(
        &Actor::Admin,
        Command::EndConversation {
            conversation: "conversation-1".into(),
        },
    );
    desk.run();
    assert_eq!(
        revoked(&desk.new_effects()),
        [vec!["ben.assistant", "clara.deputy"]]
    );
    assert_eq!(
        desk.bank.state.invitations[&request].state,
        InvitationState::Revoked
    );
    assert_eq!(desk.engine.pending_prompts(), 0);
    assert_eq!(desk.engine.pending_delegations(), 0);
    assert_eq!(desk.engine.poll_timeout(), None);
}

#[test]
fn a_full_three_level_escalation_follows_each_levels_countdown() {
    let config = Config {
        level1_escalation_timeout_seconds: 60,
        level2_escalation_timeout_seconds: 120,
        level3_escalation_timeout_seconds: 180,
        unanswered_escalation_timeout_seconds: 240,
        ..delegation_config()
    };
    let mut desk = Desk::with_config(config);
    let frank = desk.bank.agent("frank.deputy", None);
    let anna = desk.bank.anna.clone();
    let relationships = desk.anna_deputies_with_level3(&frank);
    desk.write_deputies(&anna, relationships);
    let start = desk.now();
    let request = desk.request_for_anna();

    while desk.sleep_until_next_deadline() {}

    let at = |seconds| start.plus_seconds(seconds);
    let timeline: Vec<(Timestamp, Option<Notified>)> = desk
        .effects
        .iter()
        .map(|(t, e)| (*t, notified(e)))
        .collect();
    assert_eq!(
        timeline,
        [
            (
                at(60),
                Some((
                    DelegationLevel::Level1,
                    vec!["ben.assistant", "clara.deputy"]
                ))
            ),
            (
                at(180),
                Some((DelegationLevel::Level2, vec!["david.deputy"]))
            ),
            (
                at(360),
                Some((DelegationLevel::Level3, vec!["frank.deputy"]))
            ),
            (at(600), None),
        ]
    );
    assert!(matches!(
        desk.effects.last(),
        Some((_, Effect::Unanswered { invitation, .. })) if invitation == &request
    ));
    let recorded = &desk.bank.state.invitations[&request];
    assert_eq!(
        recorded.delegation.as_ref().unwrap().unanswered_at,
        Some(at(600))
    );
    assert_eq!(recorded.secondary_targets.len(), 4);
}

#[test]
fn the_recorded_notification_time_starts_the_levels_countdown() {
    let mut desk = Desk::new();
    let request = desk.request_for_anna();
    desk.bank.now = desk.now().plus_seconds(LEVEL1);
    desk.engine.handle_timeout(desk.now());
    let Some(Effect::NotifyDeputies {
        level, deputies, ..
    }) = desk.engine.poll_effect()
    else {
        panic!("level 1 is due");
    };
    assert_eq!(
        desk.engine.poll_timeout(),
        Some(desk.now().plus_seconds(LEVEL2))
    );

    // The server records the notification a little later.
    desk.bank.now = desk.now().plus_seconds(5);
    let record = Command::RecordDeputiesNotified {
        invitation: request.clone(),
        level,
        deputies,
    };
    desk.exec(&Actor::System, record.clone());
    assert_eq!(
        desk.engine.poll_timeout(),
        Some(desk.now().plus_seconds(LEVEL2))
    );
    // A repeated record (a replay after a crash) changes nothing.
    desk.bank.now = desk.now().plus_seconds(5);
    assert!(desk.exec(&Actor::System, record).is_empty());
    assert_eq!(
        desk.engine.poll_timeout(),
        Some(desk.now().plus_seconds(LEVEL2 - 5))
    );
}

#[test]
fn a_deputy_added_through_the_web_api_can_respond_but_does_not_change_levels() {
    let mut desk = Desk::new();
    // Eva, a supervisor of the parent organisation, is on none of Anna's levels.
    let eva = desk.bank.eva.clone();
    let request = desk.request_for_anna();
    desk.advance(LEVEL1);
    desk.new_effects();
    let deadline = desk.engine.poll_timeout();
    desk.exec(
        &Actor::Admin,
        Command::AddSecondaryInvitationTarget {
            invitation: request.clone(),
            person: eva.clone(),
        },
    );
    assert_eq!(desk.engine.poll_timeout(), deadline);

    let (ben, clara) = (desk.bank.ben.clone(), desk.bank.clara.clone());
    desk.ignore(&ben, &request);
    desk.ignore(&clara, &request);
    assert_eq!(
        desk.engine.poll_timeout(),
        Some(desk.now()),
        "Eva is on no level, so level 1 is done"
    );
    desk.run();
    desk.respond(&eva, &request, DelegationResponse::Accept)
        .unwrap();
    desk.run();
    let effects = desk.new_effects();
    assert_eq!(
        notified_all(&effects),
        [(DelegationLevel::Level2, vec!["david.deputy"])]
    );
    assert_eq!(
        revoked(&effects),
        [vec!["ben.assistant", "clara.deputy", "david.deputy"]]
    );
}

#[test]
fn revoking_the_request_ends_the_delegation() {
    let mut desk = Desk::new();
    let request = desk.request_for_anna();
    desk.advance(LEVEL1);
    desk.new_effects();
    desk.exec(
        &Actor::Admin,
        Command::RevokeInvitation {
            invitation: request,
        },
    );
    desk.run();
    assert_eq!(
        revoked(&desk.new_effects()),
        [vec!["ben.assistant", "clara.deputy"]]
    );
    assert_eq!(desk.engine.pending_delegations(), 0);
    assert_eq!(desk.engine.poll_timeout(), None);
}

#[test]
fn start_deputy_delegation_notifies_the_requested_level_at_once() {
    let mut desk = Desk::new();
    desk.exec(
        &Actor::Admin,
        Command::StartDeputyDelegation {
            conversation: desk.bank.vera_and_anna.clone(),
            invitation: "deputy-invitation".into(),
            level: DelegationLevel::Level2,
            join_hidden: true,
        },
    );
    desk.run();
    assert_eq!(
        notified_all(&desk.new_effects()),
        [(DelegationLevel::Level2, vec!["david.deputy"])]
    );
    desk.advance(LEVEL3);
    assert!(matches!(
        desk.new_effects().as_slice(),
        [Effect::Unanswered { .. }]
    ));
}

#[test]
fn a_level_with_more_than_64_deputies_ends_when_all_of_them_ignore() {
    let mut desk = Desk::new();
    let big: TeamId = "big-team".into();
    desk.exec(
        &Actor::Admin,
        Command::CreateTeam {
            id: big.clone(),
            account: desk.bank.account.clone(),
            name: "Big".into(),
            parent: None,
        },
    );
    let members: Vec<PersonId> = (0..70)
        .map(|i| desk.bank.agent(&format!("member-{i:02}"), Some(&big)))
        .collect();
    let anna = desk.bank.anna.clone();
    desk.write_deputies(
        &anna,
        DeputyRelationships {
            level1: vec![Deputy::Team(big)],
            ..DeputyRelationships::default()
        },
    );
    let request = desk.request_for_anna();
    desk.advance(LEVEL1);
    let effects = desk.new_effects();
    assert_eq!(notified(&effects[0]).unwrap().1.len(), 70);

    let (last, others) = members.split_last().unwrap();
    for member in others {
        desk.ignore(member, &request);
    }
    assert_ne!(desk.engine.poll_timeout(), Some(desk.now()));
    desk.ignore(last, &request);
    assert_eq!(desk.engine.poll_timeout(), Some(desk.now()));
}

#[test]
fn deadlines_due_together_fire_in_the_order_they_were_set() {
    let run = || {
        let mut desk = Desk::new();
        let (anna, clara) = (desk.bank.anna.clone(), desk.bank.clara.clone());
        let relationships = DeputyRelationships {
            level1: vec![Deputy::Agent(anna.clone())],
            ..DeputyRelationships::default()
        };
        desk.write_deputies(&clara, relationships);
        for n in ["b", "a", "c"] {
            desk.request_for(&anna, n);
        }
        desk.request_for(&clara, "d");
        desk.advance(LEVEL1);
        desk.advance(LEVEL2);
        desk.advance(LEVEL3);
        desk.effects
    };
    let first = run();
    let order: Vec<&str> = first
        .iter()
        .filter_map(|(_, e)| match e {
            Effect::NotifyDeputies {
                invitation,
                level: DelegationLevel::Level1,
                ..
            } => Some(invitation.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(order, ["request-b", "request-a", "request-c", "request-d"]);
    assert_eq!(first, run(), "the same inputs give the same effects");
}

#[test]
fn requests_for_the_same_agent_share_one_plan() {
    let mut desk = Desk::new();
    let anna = desk.bank.anna.clone();
    let requests: Vec<InvitationId> = (0..3)
        .map(|i| desk.request_for(&anna, &i.to_string()))
        .collect();
    assert_eq!(desk.engine.plans.len(), 1);
    let ben = desk.bank.ben.clone();
    desk.advance(LEVEL1);
    for request in &requests {
        desk.respond(&ben, request, DelegationResponse::Accept)
            .unwrap();
    }
    assert_eq!(desk.engine.pending_delegations(), 0);
    assert_eq!(desk.engine.plans.len(), 0, "the last one out removes it");
}
