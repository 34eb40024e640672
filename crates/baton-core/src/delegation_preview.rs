//! The deputies editor's preview, "who is asked when": the steps a request to an agent would
//! go through with the deputies as edited (saved or not), e.g. "now: you; after 2 min: Ben
//! (assistant), Clara (level 1); after 7 min: David (level 2, team Advisory); after 12 min:
//! nobody answered, the bank is told".
//!
//! Nothing here re-implements a rule. Who is asked on which level is
//! [`DelegationPlan::resolve`]'s (assistants with level 1, teams expanded to their members,
//! everyone only on the first level they appear on, empty levels left out), and when is the
//! delegation [`Engine`]'s own countdowns, run to the end on a simulated clock with nobody
//! answering: the offsets are what the server would do, including a level that ends at once
//! because all its deputies have notifications disabled. This module only labels the result
//! (names, why each person is asked, which levels are externally managed and so read-only).
//! It compiles into the widget's wasm, so the editor and the server cannot disagree.

use serde::{Deserialize, Serialize};

use crate::config::Config;
use crate::delegation::{Effect, Engine};
use crate::deputy::{
    DelegationLevel, DelegationPlan, DelegationStart, Deputy, DeputyLevel, DeputyRelationships,
    PlannedDeputy,
};
use crate::directory::Directory;
use crate::event::Event;
use crate::id::{AccountId, ConversationId, InvitationId, PersonId, TeamId};
use crate::invitation::{Creator, Delegation, Invitation, InvitationTarget, InvitationType};
use crate::notification::{self, NotificationChannel};
use crate::time::Timestamp;

/// Who is asked when, for a request to one agent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct DelegationPreview {
    /// The agent the request is sent to.
    pub agent: PersonId,
    /// Whether deputy delegation is switched on; when off, requests stay with the agent and
    /// the steps show what would happen once it is on.
    pub enabled: bool,
    /// The steps in order, the last one always "nobody answered".
    pub steps: Vec<PreviewStep>,
    /// The levels managed by an external system: read-only in the editor.
    pub read_only_levels: Vec<DeputyLevel>,
}

/// One moment of the escalation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct PreviewStep {
    /// Seconds after the request arrived.
    pub after_seconds: u64,
    /// What happens then.
    pub asked: PreviewAsked,
}

/// What happens at a step.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(tag = "kind", rename_all = "SCREAMING_SNAKE_CASE")]
pub enum PreviewAsked {
    /// The request waits in the agent's own queue first.
    Agent {
        /// The agent.
        person: PersonId,
        /// Their display name.
        name: String,
    },
    /// The deputies of a level are asked.
    Level {
        /// The level.
        level: DelegationLevel,
        /// Who, in the order they are asked.
        deputies: Vec<PreviewDeputy>,
    },
    /// Nobody answered: the bank is told (`assignment_request.unanswered`); the request stays
    /// in every queue.
    Unanswered,
}

/// A person asked on a level, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct PreviewDeputy {
    /// The person.
    pub person: PersonId,
    /// Their display name.
    pub name: String,
    /// Where they are listed: as an assistant, or on a level.
    pub listed_as: DeputyLevel,
    /// The team deputy they are asked as a member of; `None` when named themselves.
    pub via_team: Option<PreviewTeam>,
    /// How they are reached; the queue alone means notifications disabled, which counts as
    /// Ignore.
    pub channels: Vec<NotificationChannel>,
    /// Listed on an externally managed level: the editor cannot change this.
    pub read_only: bool,
}

/// A team deputy.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct PreviewTeam {
    /// The team.
    pub id: TeamId,
    /// Its name.
    pub name: String,
}

impl DelegationPreview {
    /// The steps of a request to `agent` under `config`'s timeouts, with `relationships` as
    /// the agent's deputies (the editor's current, possibly unsaved, version). `start` is
    /// `AwaitAgent` for a request, forwarding or invitation, or the prompt's initial level.
    pub fn compute(
        config: &Config,
        directory: &Directory,
        agent: &PersonId,
        relationships: &DeputyRelationships,
        start: DelegationStart,
    ) -> Self {
        let plan = DelegationPlan::resolve(config, directory, relationships, agent, start);
        let mut steps = Vec::new();
        if start == DelegationStart::AwaitAgent {
            steps.push(PreviewStep {
                after_seconds: 0,
                asked: PreviewAsked::Agent {
                    person: agent.clone(),
                    name: name_of(directory, agent),
                },
            });
        }
        for (after_seconds, happening) in run(&plan) {
            let asked = match happening {
                Happening::Notified(level, deputies) => PreviewAsked::Level {
                    level,
                    deputies: deputies
                        .iter()
                        .map(|d| label(config, directory, relationships, d))
                        .collect(),
                },
                Happening::Unanswered => PreviewAsked::Unanswered,
            };
            steps.push(PreviewStep {
                after_seconds,
                asked,
            });
        }
        Self {
            agent: agent.clone(),
            enabled: config.deputy_delegation_enabled(),
            steps,
            read_only_levels: config.externally_managed_deputy_levels.clone(),
        }
    }
}

/// What the engine did at a moment of the simulated run.
enum Happening {
    Notified(DelegationLevel, Vec<PlannedDeputy>),
    Unanswered,
}

/// Runs the delegation engine on `plan` from time zero with nobody answering, and returns
/// each level's notification and the final "unanswered", in seconds from the start.
fn run(plan: &DelegationPlan) -> Vec<(u64, Happening)> {
    let start = Timestamp(0);
    let id = InvitationId::new("preview");
    let conversation = ConversationId::new("preview");
    let mut invitation = Invitation::open(
        id.clone(),
        conversation.clone(),
        AccountId::new("preview"),
        InvitationType::AssignmentRequest,
        InvitationTarget::Agent(plan.original_agent.clone()),
        Creator::System,
        start,
    );
    invitation.delegation = Some(Delegation {
        plan: plan.clone(),
        reached: None,
        unanswered_at: None,
    });
    let mut engine = Engine::new();
    engine.handle_event(
        start,
        &Event::InvitationCreated {
            invitation: Box::new(invitation),
        },
    );
    let mut out = Vec::new();
    // Each countdown ends in one level notified or in the end: never more rounds than that.
    for _ in 0..=plan.steps.len() {
        let Some(now) = engine.poll_timeout() else {
            break;
        };
        engine.handle_timeout(now);
        while let Some(effect) = engine.poll_effect() {
            let after = start.seconds_until(now);
            match effect {
                Effect::NotifyDeputies {
                    level, deputies, ..
                } => {
                    // Fed back as the server records it, so the engine times the level
                    // from its record, as it does in production.
                    engine.handle_event(
                        now,
                        &Event::DeputiesNotified {
                            conversation: conversation.clone(),
                            invitation: id.clone(),
                            level: Some(level),
                            deputies: deputies.clone(),
                            at: now,
                        },
                    );
                    out.push((after, Happening::Notified(level, deputies)));
                }
                Effect::Unanswered { .. } => out.push((after, Happening::Unanswered)),
                Effect::RevokeNotifications { .. } | Effect::CancelPrompt { .. } => {}
            }
        }
    }
    out
}

/// A planned deputy with the reason they are asked.
fn label(
    config: &Config,
    directory: &Directory,
    relationships: &DeputyRelationships,
    deputy: &PlannedDeputy,
) -> PreviewDeputy {
    let listed = relationships.level(deputy.listed_as);
    let named = listed.contains(&Deputy::Agent(deputy.person.clone()));
    // Not named on the level, so `resolve` found them as a member of one of its teams: the
    // first such team is the one that brought them in.
    let via_team = (!named)
        .then(|| {
            listed.iter().find_map(|d| match d {
                Deputy::Team(team)
                    if directory
                        .team_members(team)
                        .iter()
                        .any(|member| member.id == deputy.person) =>
                {
                    Some(PreviewTeam {
                        id: team.clone(),
                        name: directory
                            .team(team)
                            .map_or_else(|| team.to_string(), |t| t.name.clone()),
                    })
                }
                _ => None,
            })
        })
        .flatten();
    PreviewDeputy {
        person: deputy.person.clone(),
        name: name_of(directory, &deputy.person),
        listed_as: deputy.listed_as,
        via_team,
        channels: notification::channels(directory, deputy),
        read_only: config.is_externally_managed(deputy.listed_as),
    }
}

fn name_of(directory: &Directory, person: &PersonId) -> String {
    directory
        .person(person)
        .map_or_else(|| person.to_string(), |p| p.display_name.clone())
}
