//! The organisation: accounts (with parent organisations), teams (with parent teams) and
//! persons (agents, visitors, bots), and the questions the rules ask about them.
//!
//! Only facts about who is who live here; what happens in conversations lives in
//! `conversation` and `invitation`. Hierarchy walks are bounded so a malformed hierarchy can
//! never loop (creation refuses unknown parents, so cycles cannot be built through commands).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::id::{AccountId, PersonId, TeamId};

/// Deepest hierarchy walked; deeper chains are treated as ending there.
const MAX_HIERARCHY_DEPTH: usize = 32;

/// An account: a bank or one of its organisations. `parent` is the parent organisation whose
/// agents may also unassign this organisation's conversations (seed 003).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
// Schema name: Unblu's spec has an `Account` entity of its own.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = DirectoryAccount))]
#[cfg_attr(
    feature = "ts",
    derive(tsify::Tsify),
    tsify(rename = "DirectoryAccount")
)]
pub struct Account {
    /// The account's id.
    pub id: AccountId,
    /// Display name, e.g. "Helvetia Private Bank".
    pub name: String,
    /// The parent organisation, if any.
    pub parent: Option<AccountId>,
}

/// A team of agents. Members of a team and of its parent teams may accept what is forwarded
/// to the team.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
// Schema name: Unblu's `Team` entity (in `baton_api::wire::person`) is called `Team`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = DirectoryTeam))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify), tsify(rename = "DirectoryTeam"))]
pub struct Team {
    /// The team's id.
    pub id: TeamId,
    /// The account the team belongs to.
    pub account: AccountId,
    /// Display name, e.g. "Private Banking".
    pub name: String,
    /// The parent team, if any.
    pub parent: Option<TeamId>,
}

/// Unblu's `EPersonType`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum PersonType {
    /// An agent: advisor, assistant, deputy.
    Agent,
    /// A visitor: the bank's customer.
    Visitor,
    /// A bot.
    Bot,
    /// The system itself (the concierge).
    System,
}

/// Unblu's `EOnlineState`: whether an agent is reachable right now. The deputy prompt treats
/// the states listed in `promptDeputyForUnavailableAgentRelevantStates` as unavailable.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum PresenceState {
    /// Online and available.
    Online,
    /// Signed in but away.
    Away,
    /// Not signed in.
    Offline,
}

/// Unblu's `EAuthorizationRole`, in ascending order of rights.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum AuthorizationRole {
    /// Not signed in.
    AnonymousUser,
    /// A visitor signed in by the bank.
    Webuser,
    /// An ordinary agent.
    RegisteredUser,
    /// A supervisor: sees the organisation's conversations.
    Supervisor,
    /// An administrator of the account.
    Admin,
    /// A technical administrator.
    TechnicalAdmin,
    /// The installation's super administrator.
    SuperAdmin,
}

/// How a person wants to be told about delegated requests. A person with no channel has
/// disabled notifications, which the delegation treats as an explicit Ignore (seed 001).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct NotificationChannels {
    /// Notify by e-mail (needs an e-mail address).
    pub email: bool,
    /// Notify by web push; also triggers the `push_notification.deputy_delegation` webhook.
    pub web_push: bool,
}

impl NotificationChannels {
    /// Both channels on: the default for new agents.
    pub const ALL: Self = Self {
        email: true,
        web_push: true,
    };
    /// Notifications disabled.
    pub const NONE: Self = Self {
        email: false,
        web_push: false,
    };

    /// True when the person receives no notification at all.
    pub fn is_disabled(self) -> bool {
        !self.email && !self.web_push
    }
}

/// A person: agent, visitor, bot or the system.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct Person {
    /// The person's id (also the user id for agents).
    pub id: PersonId,
    /// Agent, visitor, bot or system.
    pub person_type: PersonType,
    /// The account (organisation) the person belongs to.
    pub account: AccountId,
    /// The agent's team, if any.
    pub team: Option<TeamId>,
    /// Name shown to others.
    pub display_name: String,
    /// Sign-in name, for agents and signed-in visitors.
    pub username: Option<String>,
    /// E-mail address, if known.
    pub email: Option<String>,
    /// Online, away or offline.
    pub presence: PresenceState,
    /// What the person may do.
    pub role: AuthorizationRole,
    /// How the person is notified of delegated requests.
    pub notifications: NotificationChannels,
}

impl Person {
    /// True for agents.
    pub fn is_agent(&self) -> bool {
        self.person_type == PersonType::Agent
    }

    /// True for visitors.
    pub fn is_visitor(&self) -> bool {
        self.person_type == PersonType::Visitor
    }
}

/// How an agent's organisation relates to a conversation's organisation (seed 003).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OrganisationRelation {
    /// The same account.
    Same,
    /// The agent's account is a parent (or further ancestor) of the conversation's account.
    Parent,
    /// Anything else: no rights.
    Other,
}

/// Every account, team and person, indexed by id.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Directory {
    /// Accounts by id.
    pub accounts: BTreeMap<AccountId, Account>,
    /// Teams by id.
    pub teams: BTreeMap<TeamId, Team>,
    /// Persons by id.
    pub persons: BTreeMap<PersonId, Person>,
}

impl Directory {
    /// The person with this id.
    pub fn person(&self, id: &PersonId) -> Option<&Person> {
        self.persons.get(id)
    }

    /// The team with this id.
    pub fn team(&self, id: &TeamId) -> Option<&Team> {
        self.teams.get(id)
    }

    /// The account with this id.
    pub fn account(&self, id: &AccountId) -> Option<&Account> {
        self.accounts.get(id)
    }

    /// The agent with this id, if the person exists and is an agent.
    pub fn agent(&self, id: &PersonId) -> Option<&Person> {
        self.person(id).filter(|p| p.is_agent())
    }

    /// The account's ancestors, nearest first (the account itself excluded).
    pub fn account_ancestors(&self, id: &AccountId) -> Vec<AccountId> {
        let mut out = Vec::new();
        let mut current = self.account(id).and_then(|a| a.parent.clone());
        while let Some(parent) = current {
            if out.len() >= MAX_HIERARCHY_DEPTH || out.contains(&parent) {
                break;
            }
            current = self.account(&parent).and_then(|a| a.parent.clone());
            out.push(parent);
        }
        out
    }

    /// How `agent_account` relates to `conversation_account`.
    pub fn organisation_relation(
        &self,
        agent_account: &AccountId,
        conversation_account: &AccountId,
    ) -> OrganisationRelation {
        if agent_account == conversation_account {
            OrganisationRelation::Same
        } else if self
            .account_ancestors(conversation_account)
            .contains(agent_account)
        {
            OrganisationRelation::Parent
        } else {
            OrganisationRelation::Other
        }
    }

    /// The team and its ancestors, the team itself first.
    pub fn team_with_ancestors(&self, id: &TeamId) -> Vec<TeamId> {
        let mut out = vec![id.clone()];
        let mut current = self.team(id).and_then(|t| t.parent.clone());
        while let Some(parent) = current {
            if out.len() > MAX_HIERARCHY_DEPTH || out.contains(&parent) {
                break;
            }
            current = self.team(&parent).and_then(|t| t.parent.clone());
            out.push(parent);
        }
        out
    }

    /// The direct child teams of a team (Unblu `teams/{id}/getChildTeams`).
    pub fn child_teams(&self, id: &TeamId) -> Vec<&Team> {
        self.teams
            .values()
            .filter(|t| t.parent.as_ref() == Some(id))
            .collect()
    }

    /// The agents whose team is exactly this team, in id order. This is what a team deputy
    /// expands to (seed 001: "Unblu retrieves the members of the team").
    pub fn team_members(&self, id: &TeamId) -> Vec<&Person> {
        self.persons
            .values()
            .filter(|p| p.is_agent() && p.team.as_ref() == Some(id))
            .collect()
    }

    /// Whether `person` may accept something sent to `team`: members of the team and of its
    /// parent teams may.
    pub fn may_act_for_team(&self, person: &PersonId, team: &TeamId) -> bool {
        let Some(agent) = self.agent(person) else {
            return false;
        };
        let Some(own_team) = &agent.team else {
            return false;
        };
        self.team_with_ancestors(team).contains(own_team)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::Bank;

    #[test]
    fn an_agent_of_the_parent_organisation_is_related_as_parent() {
        let bank = Bank::new();
        let d = &bank.state.directory;
        assert_eq!(
            d.organisation_relation(&bank.parent_account, &bank.account),
            OrganisationRelation::Parent
        );
        assert_eq!(
            d.organisation_relation(&bank.account, &bank.parent_account),
            OrganisationRelation::Other
        );
        assert_eq!(
            d.organisation_relation(&bank.account, &bank.account),
            OrganisationRelation::Same
        );
    }

    #[test]
    fn members_of_the_team_and_of_its_parent_teams_may_act_for_the_team() {
        let bank = Bank::new();
        let d = &bank.state.directory;
        // Anna is in Private Banking, David in its parent team Advisory.
        assert!(d.may_act_for_team(&bank.anna, &bank.private_banking));
        assert!(d.may_act_for_team(&bank.david, &bank.private_banking));
        // A member of the parent team does not make child-team members act for the parent.
        assert!(!d.may_act_for_team(&bank.anna, &bank.advisory));
        assert!(!d.may_act_for_team(&bank.vera, &bank.private_banking));
    }

    #[test]
    fn hierarchy_walks_stop_on_a_cycle() {
        let mut d = Directory::default();
        for (id, parent) in [("a", "b"), ("b", "a")] {
            d.accounts.insert(
                AccountId::new(id),
                Account {
                    id: AccountId::new(id),
                    name: id.into(),
                    parent: Some(AccountId::new(parent)),
                },
            );
        }
        assert_eq!(d.account_ancestors(&AccountId::new("a")).len(), 2);
    }
}
