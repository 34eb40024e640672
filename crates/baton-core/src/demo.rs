//! The demo data set: Helvetia Private Bank, its parent organisation, its teams, the agents of
//! the seed 001 story and the customer Vera with her long-running conversation with Anna; and
//! a sibling bank, Alpina Savings Bank, with its own team, agent Otto and customer Wanda, so
//! that the banks' separation shows (and is tested) on the demo itself.
//!
//! It is a list of commands, decided like any other, so the demo obeys every rule. The server
//! seeds it with `--demo`; the tests use it as their bank. Person ids equal usernames here,
//! for readable tests and logs; real deployments use opaque ids.

use crate::actor::Actor;
use crate::command::Command;
use crate::conversation::Recipient;
use crate::deputy::{Deputy, DeputyRelationships};
use crate::directory::{
    AuthorizationRole, NotificationChannels, Person, PersonType, PresenceState,
};
use crate::id::{AccountId, ConversationId, PersonId, TeamId};

/// Parent organisation of the bank.
pub const PARENT_ACCOUNT: &str = "helvetia-group";
/// The bank.
pub const ACCOUNT: &str = "helvetia-private-bank";
/// Team "Advisory", parent of "Private Banking".
pub const ADVISORY: &str = "advisory";
/// Team "Private Banking".
pub const PRIVATE_BANKING: &str = "private-banking";
/// Team "Assistants".
pub const ASSISTANTS: &str = "assistants";
/// The relationship manager.
pub const ANNA: &str = "anna.advisor";
/// Anna's assistant.
pub const BEN: &str = "ben.assistant";
/// Anna's level 1 deputy.
pub const CLARA: &str = "clara.deputy";
/// Anna's level 2 deputy, through team "Advisory".
pub const DAVID: &str = "david.deputy";
/// An agent of the parent organisation.
pub const EVA: &str = "eva.parent";
/// The customer.
pub const VERA: &str = "vera.visitor";
/// Vera's long-running conversation with Anna.
pub const VERA_AND_ANNA: &str = "conversation-vera-anna";
/// The sibling bank, also a child of the parent organisation.
pub const OTHER_ACCOUNT: &str = "alpina-savings-bank";
/// The sibling bank's team "Alpina Advisory".
pub const OTHER_TEAM: &str = "alpina-advisory";
/// The sibling bank's advisor.
pub const OTTO: &str = "otto.other";
/// The sibling bank's customer.
pub const WANDA: &str = "wanda.visitor";
/// Wanda's conversation with Otto.
pub const WANDA_AND_OTTO: &str = "conversation-wanda-otto";
/// Every demo agent, with a password (the first name) when the server seeds the demo.
pub const AGENTS: [&str; 6] = [ANNA, BEN, CLARA, DAVID, EVA, OTTO];

fn person(
    id: &str,
    name: &str,
    person_type: PersonType,
    account: &str,
    team: Option<&str>,
    role: AuthorizationRole,
) -> Person {
    Person {
        id: PersonId::new(id),
        person_type,
        account: AccountId::new(account),
        team: team.map(TeamId::new),
        display_name: name.to_owned(),
        username: Some(id.to_owned()),
        email: Some(format!("{id}@{}.example", mail_domain(account))),
        // Nobody is signed in yet: an agent comes online when their desk opens (the server's
        // presence follows the desk), so a message to Anna offers the deputy prompt until
        // someone signs in as her.
        presence: PresenceState::Offline,
        role,
        notifications: NotificationChannels::ALL,
    }
}

/// The e-mail domain of the demo persons of `account`.
fn mail_domain(account: &str) -> &'static str {
    if account == OTHER_ACCOUNT {
        "alpina"
    } else {
        "helvetia"
    }
}

/// The commands that build the demo bank, in order, each with the actor that issues it.
pub fn commands() -> Vec<(Actor, Command)> {
    use AuthorizationRole::{RegisteredUser, Supervisor, Webuser};
    use PersonType::{Agent, Visitor};
    let account = |id: &str, name: &str, parent: Option<&str>| Command::CreateAccount {
        id: AccountId::new(id),
        name: name.to_owned(),
        parent: parent.map(AccountId::new),
    };
    let team_of = |account: &str, id: &str, name: &str, parent: Option<&str>| Command::CreateTeam {
        id: TeamId::new(id),
        account: AccountId::new(account),
        name: name.to_owned(),
        parent: parent.map(TeamId::new),
    };
    let register = |p: Person| Command::RegisterPerson { person: p };
    let admin = |c: Command| (Actor::Admin, c);
    vec![
        admin(account(PARENT_ACCOUNT, "Helvetia Group", None)),
        admin(account(
            ACCOUNT,
            "Helvetia Private Bank",
            Some(PARENT_ACCOUNT),
        )),
        admin(team_of(ACCOUNT, ADVISORY, "Advisory", None)),
        admin(team_of(
            ACCOUNT,
            PRIVATE_BANKING,
            "Private Banking",
            Some(ADVISORY),
        )),
        admin(team_of(ACCOUNT, ASSISTANTS, "Assistants", None)),
        admin(register(person(
            ANNA,
            "Anna Advisor",
            Agent,
            ACCOUNT,
            Some(PRIVATE_BANKING),
            RegisteredUser,
        ))),
        admin(register(person(
            BEN,
            "Ben Assistant",
            Agent,
            ACCOUNT,
            Some(ASSISTANTS),
            RegisteredUser,
        ))),
        admin(register(person(
            CLARA,
            "Clara Deputy",
            Agent,
            ACCOUNT,
            Some(PRIVATE_BANKING),
            RegisteredUser,
        ))),
        admin(register(person(
            DAVID,
            "David Deputy",
            Agent,
            ACCOUNT,
            Some(ADVISORY),
            RegisteredUser,
        ))),
        admin(register(person(
            EVA,
            "Eva Parent",
            Agent,
            PARENT_ACCOUNT,
            None,
            Supervisor,
        ))),
        admin(register(person(
            VERA,
            "Vera Visitor",
            Visitor,
            ACCOUNT,
            None,
            Webuser,
        ))),
        admin(Command::WriteAgentDeputies {
            agent: PersonId::new(ANNA),
            relationships: DeputyRelationships {
                assistants: vec![Deputy::Agent(PersonId::new(BEN))],
                level1: vec![Deputy::Agent(PersonId::new(CLARA))],
                level2: vec![Deputy::Team(TeamId::new(ADVISORY))],
                level3: Vec::new(),
            },
            source: crate::command::DeputyWriteSource::WebApi,
        }),
        admin(Command::CreateConversation {
            id: ConversationId::new(VERA_AND_ANNA),
            account: AccountId::new(ACCOUNT),
            topic: Some("Portfolio review".to_owned()),
            visitor: Some(PersonId::new(VERA)),
            assignee: Some(PersonId::new(ANNA)),
            recipient: Some(Recipient::Agent(PersonId::new(ANNA))),
            request: None,
        }),
        admin(account(
            OTHER_ACCOUNT,
            "Alpina Savings Bank",
            Some(PARENT_ACCOUNT),
        )),
        admin(team_of(OTHER_ACCOUNT, OTHER_TEAM, "Alpina Advisory", None)),
        admin(register(person(
            OTTO,
            "Otto Other",
            Agent,
            OTHER_ACCOUNT,
            Some(OTHER_TEAM),
            RegisteredUser,
        ))),
        admin(register(person(
            WANDA,
            "Wanda Visitor",
            Visitor,
            OTHER_ACCOUNT,
            None,
            Webuser,
        ))),
        admin(Command::CreateConversation {
            id: ConversationId::new(WANDA_AND_OTTO),
            account: AccountId::new(OTHER_ACCOUNT),
            topic: Some("Savings plan".to_owned()),
            visitor: Some(PersonId::new(WANDA)),
            assignee: Some(PersonId::new(OTTO)),
            recipient: Some(Recipient::Agent(PersonId::new(OTTO))),
            request: None,
        }),
    ]
}
