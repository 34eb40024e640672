//! Test fixture: the demo bank run through `decide`, plus shortcuts the unit tests share.

use crate::actor::Actor;
use crate::command::{Command, ResponseChannel};
use crate::config::Config;
use crate::conversation::{Conversation, ParticipationType, Recipient};
use crate::decide::decide;
use crate::demo;
use crate::deputy::{DelegationPlan, DelegationStart, Deputy, DeputyRelationships};
use crate::directory::{
    AuthorizationRole, NotificationChannels, Person, PersonType, PresenceState,
};
use crate::error::DomainError;
use crate::event::Event;
use crate::id::{AccountId, ConversationId, InvitationId, PersonId, TeamId};
use crate::invitation::DelegationResponse;
use crate::state::State;
use crate::time::Timestamp;

/// The demo bank with every id at hand.
pub struct Bank {
    pub state: State,
    pub now: Timestamp,
    pub account: AccountId,
    pub parent_account: AccountId,
    pub advisory: TeamId,
    pub private_banking: TeamId,
    pub anna: PersonId,
    pub ben: PersonId,
    pub clara: PersonId,
    pub david: PersonId,
    pub eva: PersonId,
    pub vera: PersonId,
    pub vera_and_anna: ConversationId,
}

impl Bank {
    /// The demo bank with deputy delegation switched on.
    pub fn with_delegation() -> Self {
        Self::with_config(Config {
            messenger_enable_deputy_delegation: true,
            enable_deputy_delegation: true,
            ..Config::default()
        })
    }

    /// The demo bank under the default configuration.
    pub fn new() -> Self {
        Self::with_config(Config::default())
    }

    /// The demo bank under `config`.
    pub fn with_config(config: Config) -> Self {
        let mut bank = Bank {
            state: State::new(config),
            now: Timestamp(1_700_000_000_000),
            account: demo::ACCOUNT.into(),
            parent_account: demo::PARENT_ACCOUNT.into(),
            advisory: demo::ADVISORY.into(),
            private_banking: demo::PRIVATE_BANKING.into(),
            anna: demo::ANNA.into(),
            ben: demo::BEN.into(),
            clara: demo::CLARA.into(),
            david: demo::DAVID.into(),
            eva: demo::EVA.into(),
            vera: demo::VERA.into(),
            vera_and_anna: demo::VERA_AND_ANNA.into(),
        };
        for (actor, command) in demo::commands() {
            bank.exec(&actor, command);
        }
        bank
    }

    /// Decides and applies; panics on refusal.
    pub fn exec(&mut self, actor: &Actor, command: Command) -> Vec<Event> {
        let label = format!("{command:?}");
        self.try_exec(actor, command)
            .unwrap_or_else(|e| panic!("{label} refused: {e}"))
    }

    /// Decides and applies what was decided.
    pub fn try_exec(&mut self, actor: &Actor, command: Command) -> Result<Vec<Event>, DomainError> {
        let events = decide(&self.state, command, actor, self.now)?;
        for e in &events {
            self.state.apply(e);
        }
        Ok(events)
    }

    /// Anna's escalation plan.
    pub fn plan_for_anna(&self, start: DelegationStart) -> DelegationPlan {
        DelegationPlan::resolve(
            &self.state.config,
            &self.state.directory,
            &self.state.deputies_of(&self.anna),
            &self.anna,
            start,
        )
    }

    /// Registers an agent of the bank.
    pub fn agent(&mut self, id: &str, team: Option<&TeamId>) -> PersonId {
        let account = self.account.clone();
        self.register(id, PersonType::Agent, account, team)
    }

    /// Registers a person of another bank, "other-bank" (created on first use), which has
    /// no relation to the demo bank.
    pub fn stranger(&mut self, id: &str, person_type: PersonType) -> PersonId {
        let account: AccountId = "other-bank".into();
        if !self.state.directory.accounts.contains_key(&account) {
            self.exec(
                &Actor::Admin,
                Command::CreateAccount {
                    id: account.clone(),
                    name: "Other Bank".into(),
                    parent: None,
                },
            );
        }
        self.register(id, person_type, account, None)
    }

    fn register(
        &mut self,
        id: &str,
        person_type: PersonType,
        account: AccountId,
        team: Option<&TeamId>,
    ) -> PersonId {
        let role = match person_type {
            PersonType::Visitor => AuthorizationRole::Webuser,
            _ => AuthorizationRole::RegisteredUser,
        };
        self.exec(
            &Actor::Admin,
            Command::RegisterPerson {
                person: Person {
                    id: id.into(),
                    person_type,
                    account,
                    team: team.cloned(),
                    display_name: id.to_owned(),
                    username: Some(id.to_owned()),
                    email: None,
                    presence: PresenceState::Online,
                    role,
                    notifications: NotificationChannels::ALL,
                },
            },
        );
        id.into()
    }

    /// Seed 001's example: agents A and B in team T; B is A's level 1 deputy, T level 2.
    pub fn team_t_example(&mut self) -> (PersonId, PersonId, TeamId) {
        let t: TeamId = "team-t".into();
        self.exec(
            &Actor::Admin,
            Command::CreateTeam {
                id: t.clone(),
                account: self.account.clone(),
                name: "T".into(),
                parent: None,
            },
        );
        let a = self.agent("agent-a", Some(&t));
        let b = self.agent("agent-b", Some(&t));
        self.exec(
            &Actor::Admin,
            Command::WriteAgentDeputies {
                agent: a.clone(),
                relationships: DeputyRelationships {
                    level1: vec![Deputy::Agent(b.clone())],
                    level2: vec![Deputy::Team(t.clone())],
                    ..Default::default()
                },
                source: crate::command::DeputyWriteSource::WebApi,
            },
        );
        (a, b, t)
    }

    /// Changes a person's presence.
    pub fn set_presence(&mut self, person: &PersonId, presence: PresenceState) {
        self.exec(
            &Actor::Admin,
            Command::SetPresence {
                person: person.clone(),
                presence,
            },
        );
    }

    /// Adds a participant to Vera's conversation with Anna.
    pub fn add_participant(
        &mut self,
        person: &PersonId,
        participation_type: ParticipationType,
        hidden: bool,
    ) {
        self.exec(
            &Actor::Admin,
            Command::AddParticipant {
                conversation: self.vera_and_anna.clone(),
                person: person.clone(),
                participation_type,
                hidden,
            },
        );
    }

    /// Vera's conversation with Anna.
    pub fn conversation(&self) -> &Conversation {
        &self.state.conversations[&self.vera_and_anna]
    }

    /// Decides `command` for `actor` and expects exactly `error`. (`decide` reads the state
    /// through `&State`, so a refusal cannot change it; the error is what can be wrong.)
    pub fn refused(&mut self, actor: &Actor, command: Command, error: DomainError) {
        assert_eq!(self.try_exec(actor, command), Err(error));
    }

    /// `by` forwards Vera's conversation to `to`; returns the forwarding's id.
    pub fn forward(&mut self, by: &Actor, to: &PersonId, comment: Option<&str>) -> InvitationId {
        let id = InvitationId::new(format!("forward-{}-{}", to, self.state.version));
        self.exec(
            by,
            Command::ForwardToAgent {
                conversation: self.vera_and_anna.clone(),
                invitation: id.clone(),
                agent: to.clone(),
                comment: comment.map(str::to_owned),
            },
        );
        id
    }

    /// `by` answers `invitation` in the queue.
    pub fn respond(
        &mut self,
        by: &PersonId,
        invitation: &InvitationId,
        response: DelegationResponse,
    ) -> Result<Vec<Event>, DomainError> {
        self.try_exec(
            &Actor::Agent(by.clone()),
            Command::RespondToInvitation {
                invitation: invitation.clone(),
                response,
                channel: ResponseChannel::Queue,
            },
        )
    }

    /// Vera starts a new conversation addressed to Anna; returns it and its request.
    pub fn request_to_anna(&mut self, name: &str) -> (ConversationId, InvitationId) {
        let conversation = ConversationId::new(name);
        let request = InvitationId::new(format!("{name}-request"));
        self.exec(
            &Actor::Visitor(self.vera.clone()),
            Command::CreateConversation {
                id: conversation.clone(),
                account: self.account.clone(),
                topic: None,
                visitor: Some(self.vera.clone()),
                assignee: None,
                recipient: Some(Recipient::Agent(self.anna.clone())),
                request: Some(request.clone()),
            },
        );
        (conversation, request)
    }

    /// Vera's conversation with Anna, for direct manipulation in policy tests.
    pub fn conversation_mut(&mut self) -> &mut Conversation {
        self.state
            .conversations
            .get_mut(&self.vera_and_anna)
            .expect("demo conversation")
    }
}
