//! Decisions about the organisation: accounts, teams, persons, presence, notification
//! channels and an agent's deputies.

use super::{Decision, MAX_SHORT_TEXT, agent, ensure};
use crate::access;
use crate::actor::Actor;
use crate::command::{DeputyEdit, DeputyWriteSource};
use crate::deputy::{Deputy, DeputyLevel, DeputyRelationships};
use crate::directory::{
    Account, AuthorizationRole, NotificationChannels, OrganisationRelation, Person, PersonType,
    PresenceState, Team,
};
use crate::error::DomainError;
use crate::event::Event;
use crate::id::{AccountId, PersonId, TeamId};
use crate::state::State;

fn name(name: String, what: &'static str) -> Result<String, DomainError> {
    let trimmed = name.trim();
    ensure(
        !trimmed.is_empty() && trimmed.chars().count() <= MAX_SHORT_TEXT,
        DomainError::InvalidInput(what),
    )?;
    Ok(trimmed.to_owned())
}

fn id_text(id: &str, what: &'static str) -> Result<(), DomainError> {
    ensure(
        !id.is_empty() && id.len() <= 128 && !id.chars().any(char::is_control),
        DomainError::InvalidInput(what),
    )
}

pub(super) fn create_account(
    state: &State,
    actor: &Actor,
    id: AccountId,
    account_name: String,
    parent: Option<AccountId>,
) -> Decision {
    ensure(
        matches!(actor, Actor::Admin | Actor::System),
        DomainError::NotAllowed("only administrators create accounts"),
    )?;
    id_text(
        id.as_str(),
        "an account id must be 1-128 printable characters",
    )?;
    ensure(
        !state.directory.accounts.contains_key(&id),
        DomainError::AlreadyExists(format!("account {id}")),
    )?;
    if let Some(parent) = &parent {
        ensure(
            state.directory.accounts.contains_key(parent),
            DomainError::UnknownAccount(parent.clone()),
        )?;
    }
    Ok(vec![Event::AccountCreated {
        account: Account {
            id,
            name: name(account_name, "an account needs a name")?,
            parent,
        },
    }])
}

pub(super) fn create_team(
    state: &State,
    actor: &Actor,
    id: TeamId,
    account: AccountId,
    team_name: String,
    parent: Option<TeamId>,
) -> Decision {
    ensure(
        state.directory.accounts.contains_key(&account),
        DomainError::UnknownAccount(account.clone()),
    )?;
    ensure(
        access::is_admin_of(state, actor, &account),
        DomainError::NotAllowed("only administrators create teams"),
    )?;
    id_text(id.as_str(), "a team id must be 1-128 printable characters")?;
    ensure(
        !state.directory.teams.contains_key(&id),
        DomainError::AlreadyExists(format!("team {id}")),
    )?;
    if let Some(parent) = &parent {
        let parent_team = state
            .directory
            .team(parent)
            .ok_or_else(|| DomainError::UnknownTeam(parent.clone()))?;
        ensure(
            parent_team.account == account,
            DomainError::InvalidInput("a parent team must belong to the same account"),
        )?;
    }
    Ok(vec![Event::TeamCreated {
        team: Team {
            id,
            account,
            name: name(team_name, "a team needs a name")?,
            parent,
        },
    }])
}

pub(super) fn register_person(state: &State, actor: &Actor, mut person: Person) -> Decision {
    ensure(
        state.directory.accounts.contains_key(&person.account),
        DomainError::UnknownAccount(person.account.clone()),
    )?;
    ensure(
        access::is_admin_of(state, actor, &person.account),
        DomainError::NotAllowed("only administrators register persons"),
    )?;
    id_text(
        person.id.as_str(),
        "a person id must be 1-128 printable characters",
    )?;
    // An administrator agent cannot hand out more rights than they have.
    if let Some(registrar) = access::acting_agent(state, actor) {
        ensure(
            person.role <= registrar.role,
            DomainError::NotAllowed("you cannot give a role above your own"),
        )?;
    }
    let role_fits_type = match person.person_type {
        PersonType::Agent => person.role >= AuthorizationRole::RegisteredUser,
        PersonType::Visitor => person.role <= AuthorizationRole::Webuser,
        PersonType::Bot | PersonType::System => true,
    };
    ensure(
        role_fits_type,
        DomainError::InvalidInput("agents have agent roles, visitors visitor roles"),
    )?;
    ensure(
        !state.directory.persons.contains_key(&person.id),
        DomainError::AlreadyExists(format!("person {}", person.id)),
    )?;
    if let Some(username) = &person.username {
        ensure(
            !state
                .directory
                .persons
                .values()
                .any(|p| p.username.as_ref() == Some(username)),
            DomainError::AlreadyExists(format!("username {username}")),
        )?;
    }
    if let Some(team) = &person.team {
        let t = state
            .directory
            .team(team)
            .ok_or_else(|| DomainError::UnknownTeam(team.clone()))?;
        ensure(
            t.account == person.account && person.is_agent(),
            DomainError::InvalidInput("only agents of the team's account can be in a team"),
        )?;
    }
    if let Some(email) = &person.email {
        ensure(
            crate::invitation::is_valid_email(email),
            DomainError::InvalidInput("the e-mail address is not valid"),
        )?;
    }
    person.display_name = name(person.display_name, "a person needs a display name")?;
    Ok(vec![Event::PersonRegistered { person }])
}

/// The person may be changed by themselves or an administrator of their account; to whoever
/// may not see them, they do not exist.
fn self_or_admin<'a>(
    state: &'a State,
    actor: &Actor,
    id: &PersonId,
) -> Result<&'a Person, DomainError> {
    let person = state
        .directory
        .person(id)
        .filter(|p| access::can_view_person(state, actor, p))
        .ok_or_else(|| DomainError::UnknownPerson(id.clone()))?;
    ensure(
        actor.person() == Some(id) || access::is_admin_of(state, actor, &person.account),
        DomainError::NotAllowed("only the person or an administrator may change this"),
    )?;
    Ok(person)
}

pub(super) fn set_presence(
    state: &State,
    actor: &Actor,
    person: PersonId,
    presence: PresenceState,
) -> Decision {
    let current = self_or_admin(state, actor, &person)?;
    if current.presence == presence {
        return Ok(Vec::new());
    }
    Ok(vec![Event::PresenceChanged { person, presence }])
}

pub(super) fn set_notification_channels(
    state: &State,
    actor: &Actor,
    person: PersonId,
    channels: NotificationChannels,
) -> Decision {
    let current = self_or_admin(state, actor, &person)?;
    if current.notifications == channels {
        return Ok(Vec::new());
    }
    Ok(vec![Event::NotificationChannelsChanged {
        person,
        channels,
    }])
}

/// One deputy added to or removed from one level, then written as a whole under the same rules
/// as [`write_agent_deputies`]. Removing someone the level does not list is `NOT_FOUND`.
pub(super) fn edit_agent_deputy(
    state: &State,
    actor: &Actor,
    agent_id: PersonId,
    level: DeputyLevel,
    deputy: Deputy,
    edit: DeputyEdit,
    source: DeputyWriteSource,
) -> Decision {
    let mut relationships = state.deputies_of(&agent_id);
    let listed = relationships.level_mut(level);
    match edit {
        // A deputy already on the level is refused by the write's duplicate check.
        DeputyEdit::Add => listed.push(deputy),
        DeputyEdit::Remove => {
            let before = listed.len();
            listed.retain(|d| d != &deputy);
            ensure(
                listed.len() < before,
                DomainError::UnknownDeputyRelationship,
            )?;
        }
    }
    write_agent_deputies(state, actor, agent_id, relationships, source)
}

/// Whether people of `helper` may work for `account`: the same account or a parent
/// organisation of it (seed 003).
fn serves(state: &State, helper: &AccountId, account: &AccountId) -> bool {
    state.directory.organisation_relation(helper, account) != OrganisationRelation::Other
}

pub(super) fn write_agent_deputies(
    state: &State,
    actor: &Actor,
    agent_id: PersonId,
    relationships: DeputyRelationships,
    source: DeputyWriteSource,
) -> Decision {
    let owner = agent(state, &agent_id)?;
    let is_admin = access::is_admin_of(state, actor, &owner.account);
    let is_self = actor == &Actor::Agent(agent_id.clone());
    match source {
        DeputyWriteSource::WebApi => ensure(
            is_admin,
            DomainError::NotAllowed("only administrators write deputies through the web API"),
        )?,
        DeputyWriteSource::AgentUi => {
            let own_role_suffices =
                is_self && owner.role >= state.config.deputy_relationships_minimal_role;
            ensure(
                own_role_suffices || is_admin,
                DomainError::NotAllowed("your role may not manage deputies"),
            )?;
            let current = state.deputies_of(&agent_id);
            for level in DeputyLevel::ALL {
                ensure(
                    !state.config.is_externally_managed(level)
                        || current.level(level) == relationships.level(level),
                    DomainError::ExternallyManagedLevel,
                )?;
            }
        }
    }
    for level in DeputyLevel::ALL {
        let deputies = relationships.level(level);
        for (i, deputy) in deputies.iter().enumerate() {
            ensure(
                !deputies[..i].contains(deputy),
                DomainError::InvalidInput("a deputy is listed twice on one level"),
            )?;
            match deputy {
                Deputy::Agent(id) => {
                    ensure(
                        id != &agent_id,
                        DomainError::InvalidInput("an agent cannot be their own deputy"),
                    )?;
                    // An agent of another bank would see this bank's customers: to the
                    // writer they do not exist. The parent organisation's may stand in.
                    let deputy = agent(state, id)?;
                    ensure(
                        serves(state, &deputy.account, &owner.account),
                        DomainError::UnknownPerson(id.clone()),
                    )?;
                }
                Deputy::Team(id) => {
                    ensure(
                        state
                            .directory
                            .teams
                            .get(id)
                            .is_some_and(|team| serves(state, &team.account, &owner.account)),
                        DomainError::UnknownTeam(id.clone()),
                    )?;
                }
            }
        }
    }
    Ok(vec![Event::DeputiesWritten {
        agent: agent_id,
        relationships,
    }])
}
