//! Deputy relationships (assistants and level 1-3 deputies of an agent) and the escalation
//! plan they resolve to when a request for that agent enters deputy delegation.
//!
//! The plan is resolved once, when the delegation starts, and stored in the invitation: a
//! replay of the event log then notifies exactly the same people at the same levels, whatever
//! the deputies are today. Edits apply to requests that start later.

use serde::{Deserialize, Serialize};

use crate::config::Config;
use crate::directory::{Directory, NotificationChannels};
use crate::id::{PersonId, TeamId};

/// Unblu's `EAssistantAndDeputyDelegationEscalationLevel`: where a deputy is listed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub enum DeputyLevel {
    /// Assistants: treated as level 1 deputies by the delegation.
    #[serde(rename = "ASSISTANTS")]
    Assistants,
    /// Level 1 deputies.
    #[serde(rename = "LEVEL_1")]
    Level1,
    /// Level 2 deputies.
    #[serde(rename = "LEVEL_2")]
    Level2,
    /// Level 3 deputies.
    #[serde(rename = "LEVEL_3")]
    Level3,
}

impl DeputyLevel {
    /// Every level, in order.
    pub const ALL: [DeputyLevel; 4] = [
        DeputyLevel::Assistants,
        DeputyLevel::Level1,
        DeputyLevel::Level2,
        DeputyLevel::Level3,
    ];

    /// The delegation level a deputy listed here is notified on.
    pub fn delegation_level(self) -> DelegationLevel {
        match self {
            DeputyLevel::Assistants | DeputyLevel::Level1 => DelegationLevel::Level1,
            DeputyLevel::Level2 => DelegationLevel::Level2,
            DeputyLevel::Level3 => DelegationLevel::Level3,
        }
    }
}

/// Unblu's `EDeputyDelegationEscalationLevel`: a step of the delegation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub enum DelegationLevel {
    /// Assistants and level 1 deputies.
    #[serde(rename = "LEVEL_1")]
    Level1,
    /// Level 2 deputies.
    #[serde(rename = "LEVEL_2")]
    Level2,
    /// Level 3 deputies.
    #[serde(rename = "LEVEL_3")]
    Level3,
}

impl DelegationLevel {
    /// Every level, in order.
    pub const ALL: [DelegationLevel; 3] = [
        DelegationLevel::Level1,
        DelegationLevel::Level2,
        DelegationLevel::Level3,
    ];

    /// 1, 2 or 3.
    pub fn number(self) -> u8 {
        match self {
            DelegationLevel::Level1 => 1,
            DelegationLevel::Level2 => 2,
            DelegationLevel::Level3 => 3,
        }
    }
}

/// A deputy: an agent, or a team that expands to its members.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(
    tag = "deputyType",
    content = "deputyId",
    rename_all = "SCREAMING_SNAKE_CASE"
)]
pub enum Deputy {
    /// One agent.
    Agent(PersonId),
    /// Every member of a team.
    Team(TeamId),
}

/// An agent's assistants and deputies, level by level (Unblu's
/// `WriteAgentDeputyRelationshipsBody`). Order within a level is the agent's order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct DeputyRelationships {
    /// Assistants.
    pub assistants: Vec<Deputy>,
    /// Level 1 deputies.
    pub level1: Vec<Deputy>,
    /// Level 2 deputies.
    pub level2: Vec<Deputy>,
    /// Level 3 deputies.
    pub level3: Vec<Deputy>,
}

impl DeputyRelationships {
    /// The deputies listed on `level`.
    pub fn level(&self, level: DeputyLevel) -> &[Deputy] {
        match level {
            DeputyLevel::Assistants => &self.assistants,
            DeputyLevel::Level1 => &self.level1,
            DeputyLevel::Level2 => &self.level2,
            DeputyLevel::Level3 => &self.level3,
        }
    }

    /// Mutable access to the deputies listed on `level`.
    pub fn level_mut(&mut self, level: DeputyLevel) -> &mut Vec<Deputy> {
        match level {
            DeputyLevel::Assistants => &mut self.assistants,
            DeputyLevel::Level1 => &mut self.level1,
            DeputyLevel::Level2 => &mut self.level2,
            DeputyLevel::Level3 => &mut self.level3,
        }
    }

    /// True when no level lists anyone.
    pub fn is_empty(&self) -> bool {
        DeputyLevel::ALL.iter().all(|l| self.level(*l).is_empty())
    }

    /// The assistants that are agents (teams are expanded), in order, without duplicates.
    pub fn assistant_agents(&self, directory: &Directory) -> Vec<PersonId> {
        let mut out = Vec::new();
        for person in expand(directory, &self.assistants) {
            if !out.contains(&person) {
                out.push(person);
            }
        }
        out
    }
}

/// One deputy to notify on a step, with how they are reached.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct PlannedDeputy {
    /// The deputy.
    pub person: PersonId,
    /// The level they are listed on (assistants are notified with level 1).
    pub listed_as: DeputyLevel,
    /// How they are notified; none means disabled, which counts as Ignore.
    pub channels: NotificationChannels,
}

/// One step of an escalation: the deputies notified together.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct PlannedStep {
    /// The delegation level.
    pub level: DelegationLevel,
    /// Who is notified on it: never empty, never someone notified on an earlier step.
    pub deputies: Vec<PlannedDeputy>,
}

/// The countdowns of an escalation, from the configuration at the time it started.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct EscalationTimeouts {
    /// Time the agent has before level 1 is notified.
    pub level1_seconds: u64,
    /// Time level 1 has before level 2 is notified.
    pub level2_seconds: u64,
    /// Time level 2 has before level 3 is notified.
    pub level3_seconds: u64,
    /// Time level 3 has before the request is unanswered.
    pub unanswered_seconds: u64,
}

impl EscalationTimeouts {
    /// The countdowns configured now.
    pub fn from_config(config: &Config) -> Self {
        Self {
            level1_seconds: config.level1_escalation_timeout_seconds,
            level2_seconds: config.level2_escalation_timeout_seconds,
            level3_seconds: config.level3_escalation_timeout_seconds,
            unanswered_seconds: config.unanswered_escalation_timeout_seconds,
        }
    }

    /// How long the deputies notified on `level` have before the countdown ends.
    pub fn after_level(&self, level: DelegationLevel) -> u64 {
        match level {
            DelegationLevel::Level1 => self.level2_seconds,
            DelegationLevel::Level2 => self.level3_seconds,
            DelegationLevel::Level3 => self.unanswered_seconds,
        }
    }
}

/// Where an escalation begins.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(tag = "kind", content = "level", rename_all = "SCREAMING_SNAKE_CASE")]
pub enum DelegationStart {
    /// The request waits in the agent's queue for the level 1 countdown first.
    AwaitAgent,
    /// The deputies of this level are notified at once (`startDeputyDelegation`, the prompt).
    AtLevel(DelegationLevel),
}

/// A request's escalation: who is asked, in which order, with which countdowns.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct DelegationPlan {
    /// The agent the request was sent to.
    pub original_agent: PersonId,
    /// Whether the agent gets a countdown first.
    pub start: DelegationStart,
    /// The non-empty steps, in order.
    pub steps: Vec<PlannedStep>,
    /// The countdowns.
    pub timeouts: EscalationTimeouts,
}

fn expand<'a>(
    directory: &'a Directory,
    deputies: &'a [Deputy],
) -> impl Iterator<Item = PersonId> + 'a {
    deputies.iter().flat_map(move |deputy| match deputy {
        Deputy::Agent(id) => directory
            .agent(id)
            .map(|p| p.id.clone())
            .into_iter()
            .collect::<Vec<_>>(),
        Deputy::Team(team) => directory
            .team_members(team)
            .into_iter()
            .map(|p| p.id.clone())
            .collect(),
    })
}

impl DelegationPlan {
    /// Resolves an agent's deputies into the steps of an escalation.
    ///
    /// Assistants and level 1 deputies form step 1; teams expand to their members; a person
    /// is placed only on the first level they appear on, and never the original agent; levels
    /// without anyone are left out; steps before `start` are left out.
    pub fn resolve(
        config: &Config,
        directory: &Directory,
        relationships: &DeputyRelationships,
        original_agent: &PersonId,
        start: DelegationStart,
    ) -> Self {
        let first = match start {
            DelegationStart::AwaitAgent => DelegationLevel::Level1,
            DelegationStart::AtLevel(level) => level,
        };
        let mut seen = vec![original_agent.clone()];
        let mut steps = Vec::new();
        for level in DelegationLevel::ALL {
            let listed: Vec<DeputyLevel> = DeputyLevel::ALL
                .into_iter()
                .filter(|l| l.delegation_level() == level)
                .collect();
            let mut deputies = Vec::new();
            for listed_as in listed {
                for person in expand(directory, relationships.level(listed_as)) {
                    if seen.contains(&person) {
                        continue;
                    }
                    seen.push(person.clone());
                    let channels = directory
                        .person(&person)
                        .map_or(NotificationChannels::NONE, |p| p.notifications);
                    deputies.push(PlannedDeputy {
                        person,
                        listed_as,
                        channels,
                    });
                }
            }
            if level >= first && !deputies.is_empty() {
                steps.push(PlannedStep { level, deputies });
            }
        }
        Self {
            original_agent: original_agent.clone(),
            start,
            steps,
            timeouts: EscalationTimeouts::from_config(config),
        }
    }

    /// The step for `level`, if anyone is notified on it.
    pub fn step(&self, level: DelegationLevel) -> Option<&PlannedStep> {
        self.steps.iter().find(|s| s.level == level)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::Bank;

    fn persons(step: &PlannedStep) -> Vec<&str> {
        step.deputies.iter().map(|d| d.person.as_str()).collect()
    }

    #[test]
    fn assistants_are_treated_like_level_1_deputies() {
        let bank = Bank::new();
        let plan = bank.plan_for_anna(DelegationStart::AwaitAgent);
        let step = plan.step(DelegationLevel::Level1).unwrap();
        assert_eq!(persons(step), ["ben.assistant", "clara.deputy"]);
        assert_eq!(step.deputies[0].listed_as, DeputyLevel::Assistants);
    }

    #[test]
    fn a_team_deputy_expands_to_the_members_of_the_team() {
        let bank = Bank::new();
        let plan = bank.plan_for_anna(DelegationStart::AwaitAgent);
        assert_eq!(
            persons(plan.step(DelegationLevel::Level2).unwrap()),
            ["david.deputy"]
        );
    }

    #[test]
    fn levels_without_deputies_are_ignored() {
        let bank = Bank::new();
        let plan = bank.plan_for_anna(DelegationStart::AwaitAgent);
        assert!(plan.step(DelegationLevel::Level3).is_none());
        assert_eq!(plan.steps.len(), 2);
    }

    #[test]
    fn deputies_are_only_notified_on_the_first_level_they_are_present_on() {
        // Seed 001: A and B in team T; B is A's level 1 deputy; T is A's level 2 deputy.
        let mut bank = Bank::new();
        let (a, b, t) = bank.team_t_example();
        let relationships = bank.state.deputies[&a].clone();
        let plan = DelegationPlan::resolve(
            &bank.state.config,
            &bank.state.directory,
            &relationships,
            &a,
            DelegationStart::AwaitAgent,
        );
        assert_eq!(
            persons(plan.step(DelegationLevel::Level1).unwrap()),
            [b.as_str()]
        );
        // Level 2 is team T = {A, B}: both already informed, so level 2 is empty.
        assert!(
            plan.step(DelegationLevel::Level2).is_none(),
            "team {t} added nobody new"
        );
    }

    #[test]
    fn a_prompted_delegation_starting_at_level_2_skips_level_1() {
        let bank = Bank::new();
        let plan = bank.plan_for_anna(DelegationStart::AtLevel(DelegationLevel::Level2));
        assert_eq!(plan.steps.len(), 1);
        assert_eq!(plan.steps[0].level, DelegationLevel::Level2);
    }

    #[test]
    fn disabled_notifications_are_carried_into_the_plan() {
        let mut bank = Bank::new();
        bank.state
            .directory
            .persons
            .get_mut(&bank.clara)
            .unwrap()
            .notifications = NotificationChannels::NONE;
        let plan = bank.plan_for_anna(DelegationStart::AwaitAgent);
        let clara = &plan.step(DelegationLevel::Level1).unwrap().deputies[1];
        assert!(clara.channels.is_disabled());
    }
}
