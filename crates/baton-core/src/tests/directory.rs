//! The organisation and the deputies editor: accounts, teams, persons, and who may write an
//! agent's deputies (`deputyRelationshipsMinimalRole`, externally managed levels).

use crate::actor::Actor;
use crate::command::{Command, DeputyEdit, DeputyWriteSource};
use crate::config::Config;
use crate::deputy::{Deputy, DeputyLevel, DeputyRelationships};
use crate::directory::AuthorizationRole;
use crate::error::DomainError;
use crate::testkit::Bank;

fn write(bank: &Bank, relationships: DeputyRelationships, source: DeputyWriteSource) -> Command {
    Command::WriteAgentDeputies {
        agent: bank.anna.clone(),
        relationships,
        source,
    }
}

fn with_level3(bank: &Bank) -> DeputyRelationships {
    let mut r = bank.state.deputies_of(&bank.anna);
    r.level3 = vec![Deputy::Agent(bank.eva.clone())];
    r
}

#[test]
fn an_agent_whose_role_allows_it_manages_their_own_deputies() {
    let mut bank = Bank::new();
    let command = write(&bank, with_level3(&bank), DeputyWriteSource::AgentUi);
    bank.exec(&Actor::Agent(bank.anna.clone()), command);
    assert_eq!(
        bank.state.deputies_of(&bank.anna).level3,
        vec![Deputy::Agent(bank.eva.clone())]
    );
}

#[test]
fn below_the_deputy_relationships_minimal_role_an_agent_cannot_manage_deputies() {
    let mut bank = Bank::with_config(Config {
        deputy_relationships_minimal_role: AuthorizationRole::Supervisor,
        ..Config::default()
    });
    let command = write(&bank, with_level3(&bank), DeputyWriteSource::AgentUi);
    bank.refused(
        &Actor::Agent(bank.anna.clone()),
        command,
        DomainError::NotAllowed("your role may not manage deputies"),
    );
}

#[test]
fn externally_managed_levels_cannot_be_edited_in_the_agent_ui_but_through_the_web_api() {
    let mut bank = Bank::with_config(Config {
        externally_managed_deputy_levels: vec![DeputyLevel::Level3],
        ..Config::default()
    });
    let command = write(&bank, with_level3(&bank), DeputyWriteSource::AgentUi);
    bank.refused(
        &Actor::Agent(bank.anna.clone()),
        command,
        DomainError::ExternallyManagedLevel,
    );
    // Other levels stay editable in the UI.
    let mut fewer = bank.state.deputies_of(&bank.anna);
    fewer.level1.clear();
    let command = write(&bank, fewer, DeputyWriteSource::AgentUi);
    bank.exec(&Actor::Agent(bank.anna.clone()), command);
    let command = write(&bank, with_level3(&bank), DeputyWriteSource::WebApi);
    bank.exec(&Actor::Admin, command);
    assert_eq!(bank.state.deputies_of(&bank.anna).level3.len(), 1);
}

#[test]
fn an_agent_cannot_edit_someone_elses_deputies_nor_use_the_web_api() {
    let mut bank = Bank::new();
    let command = write(&bank, with_level3(&bank), DeputyWriteSource::AgentUi);
    bank.refused(
        &Actor::Agent(bank.clara.clone()),
        command,
        DomainError::NotAllowed("your role may not manage deputies"),
    );
    let command = write(&bank, with_level3(&bank), DeputyWriteSource::WebApi);
    bank.refused(
        &Actor::Agent(bank.anna.clone()),
        command,
        DomainError::NotAllowed("only administrators write deputies through the web API"),
    );
}

#[test]
fn an_agent_is_not_their_own_deputy_nor_listed_twice_on_a_level() {
    let mut bank = Bank::new();
    let mut own = bank.state.deputies_of(&bank.anna);
    own.level2.push(Deputy::Agent(bank.anna.clone()));
    let command = write(&bank, own, DeputyWriteSource::WebApi);
    bank.refused(
        &Actor::Admin,
        command,
        DomainError::InvalidInput("an agent cannot be their own deputy"),
    );
    let mut twice = bank.state.deputies_of(&bank.anna);
    twice.level1.push(Deputy::Agent(bank.clara.clone()));
    let command = write(&bank, twice, DeputyWriteSource::WebApi);
    bank.refused(
        &Actor::Admin,
        command,
        DomainError::InvalidInput("a deputy is listed twice on one level"),
    );
    let mut visitor = bank.state.deputies_of(&bank.anna);
    visitor.level3.push(Deputy::Agent(bank.vera.clone()));
    let command = write(&bank, visitor, DeputyWriteSource::WebApi);
    bank.refused(
        &Actor::Admin,
        command,
        DomainError::NotAnAgent(bank.vera.clone()),
    );
}

fn edit(bank: &Bank, level: DeputyLevel, deputy: Deputy, edit: DeputyEdit) -> Command {
    Command::EditAgentDeputy {
        agent: bank.anna.clone(),
        level,
        deputy,
        edit,
        source: DeputyWriteSource::WebApi,
    }
}

#[test]
fn one_deputy_is_added_or_removed_against_the_list_as_it_is_then() {
    let mut bank = Bank::new();
    let eva = Deputy::Agent(bank.eva.clone());
    let before = bank.state.deputies_of(&bank.anna);
    // Two edits decided one after the other: the second sees the first (nothing written back
    // from a stale copy).
    let add = edit(&bank, DeputyLevel::Level3, eva.clone(), DeputyEdit::Add);
    bank.exec(&Actor::Admin, add);
    let team = Deputy::Team(bank.advisory.clone());
    let add = edit(&bank, DeputyLevel::Level3, team.clone(), DeputyEdit::Add);
    bank.exec(&Actor::Admin, add);
    assert_eq!(
        bank.state.deputies_of(&bank.anna).level3,
        [eva.clone(), team]
    );
    let again = edit(&bank, DeputyLevel::Level3, eva.clone(), DeputyEdit::Add);
    bank.refused(
        &Actor::Admin,
        again,
        DomainError::InvalidInput("a deputy is listed twice on one level"),
    );
    let remove = edit(&bank, DeputyLevel::Level3, eva.clone(), DeputyEdit::Remove);
    bank.exec(&Actor::Admin, remove.clone());
    bank.refused(
        &Actor::Admin,
        remove,
        DomainError::UnknownDeputyRelationship,
    );
    assert_eq!(bank.state.deputies_of(&bank.anna).level1, before.level1);
    // The same permission rules as a whole write: an agent below the role may not.
    let by_clara = edit(&bank, DeputyLevel::Level3, eva, DeputyEdit::Add);
    bank.refused(
        &Actor::Agent(bank.clara.clone()),
        by_clara,
        DomainError::NotAllowed("only administrators write deputies through the web API"),
    );
}

#[test]
fn accounts_and_teams_need_existing_parents_in_the_same_account() {
    let mut bank = Bank::new();
    let command = Command::CreateAccount {
        id: "child".into(),
        name: "Child".into(),
        parent: Some("nope".into()),
    };
    bank.refused(
        &Actor::Admin,
        command,
        DomainError::UnknownAccount("nope".into()),
    );
    let command = Command::CreateTeam {
        id: "t".into(),
        account: bank.parent_account.clone(),
        name: "T".into(),
        parent: Some(bank.advisory.clone()),
    };
    bank.refused(
        &Actor::Admin,
        command,
        DomainError::InvalidInput("a parent team must belong to the same account"),
    );
    let command = Command::CreateAccount {
        id: "x".into(),
        name: "X".into(),
        parent: None,
    };
    bank.refused(
        &Actor::Agent(bank.eva.clone()),
        command,
        DomainError::NotAllowed("only administrators create accounts"),
    );
}

#[test]
fn a_person_can_change_their_own_presence_but_not_someone_elses() {
    let mut bank = Bank::new();
    let away = |p: &crate::id::PersonId| Command::SetPresence {
        person: p.clone(),
        presence: crate::directory::PresenceState::Away,
    };
    bank.exec(&Actor::Agent(bank.anna.clone()), away(&bank.anna));
    let command = away(&bank.clara);
    bank.refused(
        &Actor::Agent(bank.anna.clone()),
        command,
        DomainError::NotAllowed("only the person or an administrator may change this"),
    );
}

#[test]
fn an_administrator_agent_cannot_give_a_role_above_their_own() {
    use crate::directory::{NotificationChannels, Person, PersonType, PresenceState};
    let register =
        |id: &str, person_type: PersonType, role: AuthorizationRole| Command::RegisterPerson {
            person: Person {
                id: id.into(),
                person_type,
                account: crate::demo::ACCOUNT.into(),
                team: None,
                display_name: id.into(),
                username: Some(id.into()),
                email: None,
                presence: PresenceState::Online,
                role,
                notifications: NotificationChannels::ALL,
            },
        };
    let mut bank = Bank::new();
    bank.exec(
        &Actor::Admin,
        register("adele.admin", PersonType::Agent, AuthorizationRole::Admin),
    );
    let adele = Actor::Agent("adele.admin".into());
    bank.refused(
        &adele,
        register("root", PersonType::Agent, AuthorizationRole::SuperAdmin),
        DomainError::NotAllowed("you cannot give a role above your own"),
    );
    bank.refused(
        &adele,
        register("odd", PersonType::Agent, AuthorizationRole::Webuser),
        DomainError::InvalidInput("agents have agent roles, visitors visitor roles"),
    );
    bank.exec(
        &adele,
        register(
            "newbie",
            PersonType::Agent,
            AuthorizationRole::RegisteredUser,
        ),
    );
}

#[test]
fn another_banks_agent_or_team_is_no_deputy_and_does_not_exist_for_the_writer() {
    let mut bank = Bank::new();
    let stranger = bank.stranger("oscar.other", crate::directory::PersonType::Agent);
    let mut relationships = bank.state.deputies_of(&bank.anna);
    relationships.level1.push(Deputy::Agent(stranger.clone()));
    let command = write(&bank, relationships, DeputyWriteSource::WebApi);
    bank.refused(&Actor::Admin, command, DomainError::UnknownPerson(stranger));

    let other_team: crate::id::TeamId = "other-team".into();
    bank.exec(
        &Actor::Admin,
        Command::CreateTeam {
            id: other_team.clone(),
            account: "other-bank".into(),
            name: "Other Team".into(),
            parent: None,
        },
    );
    let mut relationships = bank.state.deputies_of(&bank.anna);
    relationships.level2.push(Deputy::Team(other_team.clone()));
    let command = write(&bank, relationships, DeputyWriteSource::WebApi);
    bank.refused(&Actor::Admin, command, DomainError::UnknownTeam(other_team));
}
