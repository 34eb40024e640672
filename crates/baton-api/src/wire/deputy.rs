//! Deputy relationships on the wire: `DeputyRelationship` (one agent-to-deputy link),
//! `DeputyRelationshipList`, `deputyrelationships/writeAgentDeputies`'
//! `WriteAgentDeputyRelationshipsBody` with its `DeputyDefinition`s, and
//! `deputyrelationships/search`.
//!
//! Baton stores an agent's deputies as one [`DeputyRelationships`] value; the per-link
//! entities Unblu exposes are derived from it with deterministic ids
//! (`{agent}:{LEVEL}:{deputyType}:{deputyId}`). The delegation itself is not here.

use baton_core::Timestamp;
use baton_core::command::{Command, DeputyWriteSource};
use baton_core::deputy::{Deputy, DeputyLevel, DeputyRelationships};
use baton_core::id::{AccountId, PersonId, TeamId};
use serde::{Deserialize, Serialize};

use crate::wire::query::{IdOperator, Order};
use crate::wire::shape::{Tag, markers, nullable, one_of, tagged};

/// Unblu's `EDeputyType`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum DeputyType {
    /// The deputy is an agent (its id is a user id).
    Agent,
    /// The deputy is a team (every member is a deputy).
    Team,
}

/// The type and id of a deputy.
fn split(deputy: &Deputy) -> (DeputyType, String) {
    match deputy {
        Deputy::Agent(p) => (DeputyType::Agent, p.to_string()),
        Deputy::Team(t) => (DeputyType::Team, t.to_string()),
    }
}

/// The deputy with this type and id.
fn join(deputy_type: DeputyType, id: &str) -> Deputy {
    match deputy_type {
        DeputyType::Agent => Deputy::Agent(PersonId::new(id)),
        DeputyType::Team => Deputy::Team(TeamId::new(id)),
    }
}

/// Unblu's `DeputyDefinition`: one deputy in a `writeAgentDeputies` level list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct DeputyDefinition {
    /// `$_type`: `"DeputyDefinition"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"DeputyDefinition\""))]
    pub kind: Tag<Self>,
    /// Agent or team.
    #[serde(rename = "type")]
    pub deputy_type: DeputyType,
    /// A user id for an agent, a team id for a team.
    pub id: String,
}

impl From<&Deputy> for DeputyDefinition {
    fn from(deputy: &Deputy) -> Self {
        let (deputy_type, id) = split(deputy);
        Self {
            kind: Tag::new(),
            deputy_type,
            id,
        }
    }
}

impl From<&DeputyDefinition> for Deputy {
    fn from(definition: &DeputyDefinition) -> Self {
        join(definition.deputy_type, &definition.id)
    }
}

/// Unblu's `DeputyRelationship`: one link from an agent to a deputy on one level.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct DeputyRelationship {
    /// `$_type`: `"DeputyRelationship"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"DeputyRelationship\""))]
    pub kind: Tag<Self>,
    /// `{agent}:{LEVEL}:{deputyType}:{deputyId}` (see [`DeputyRelationship::id_for`]).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub id: Option<String>,
    /// When it was created (Baton does not track it).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub creation_timestamp: Option<Timestamp>,
    /// The account it belongs to.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub account_id: Option<AccountId>,
    /// The agent whose deputy this is (user id = person id in Baton).
    pub agent_user_id: PersonId,
    /// Agent or team.
    pub deputy_type: DeputyType,
    /// The deputy's user or team id.
    pub deputy_id: String,
    /// The level the deputy is listed on.
    pub escalation_level: DeputyLevel,
}

impl DeputyRelationship {
    /// The deterministic id of a link: the same relationships always produce the same ids,
    /// so a client can address a link across reads without Baton storing ids.
    pub fn id_for(agent: &PersonId, level: DeputyLevel, deputy: &Deputy) -> String {
        let (deputy_type, deputy_id) = split(deputy);
        let level = match level {
            DeputyLevel::Assistants => "ASSISTANTS",
            DeputyLevel::Level1 => "LEVEL_1",
            DeputyLevel::Level2 => "LEVEL_2",
            DeputyLevel::Level3 => "LEVEL_3",
        };
        let deputy_type = match deputy_type {
            DeputyType::Agent => "AGENT",
            DeputyType::Team => "TEAM",
        };
        format!("{agent}:{level}:{deputy_type}:{deputy_id}")
    }

    /// The link from `agent` to `deputy` on `level`.
    pub fn new(agent: &PersonId, level: DeputyLevel, deputy: &Deputy) -> Self {
        let (deputy_type, deputy_id) = split(deputy);
        Self {
            kind: Tag::new(),
            id: Some(Self::id_for(agent, level, deputy)),
            creation_timestamp: None,
            account_id: None,
            agent_user_id: agent.clone(),
            deputy_type,
            deputy_id,
            escalation_level: level,
        }
    }

    /// The deputy this link names.
    pub fn deputy(&self) -> Deputy {
        join(self.deputy_type, &self.deputy_id)
    }
}

/// Unblu's `DeputyRelationshipList`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct DeputyRelationshipList {
    /// `$_type`: `"DeputyRelationshipList"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"DeputyRelationshipList\""))]
    pub kind: Tag<Self>,
    /// The links.
    #[serde(default, deserialize_with = "nullable")]
    pub items: Vec<DeputyRelationship>,
}

impl DeputyRelationshipList {
    /// Every link of one agent, level by level in order, each level in the agent's order.
    pub fn of_agent(agent: &PersonId, relationships: &DeputyRelationships) -> Self {
        Self {
            kind: Tag::new(),
            items: DeputyLevel::ALL
                .into_iter()
                .flat_map(|level| {
                    relationships
                        .level(level)
                        .iter()
                        .map(move |deputy| DeputyRelationship::new(agent, level, deputy))
                })
                .collect(),
        }
    }
}

/// Unblu's `WriteAgentDeputyRelationshipsBody`: all of one agent's deputies, replacing the
/// previous ones.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct WriteAgentDeputyRelationshipsBody {
    /// `$_type`: `"WriteAgentDeputyRelationshipsBody"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"WriteAgentDeputyRelationshipsBody\""))]
    pub kind: Tag<Self>,
    /// Whose deputies.
    pub agent_user_id: PersonId,
    /// Assistants.
    #[serde(default, deserialize_with = "nullable")]
    pub assistants: Vec<DeputyDefinition>,
    /// Level 1 deputies.
    #[serde(default, deserialize_with = "nullable")]
    pub level1: Vec<DeputyDefinition>,
    /// Level 2 deputies.
    #[serde(default, deserialize_with = "nullable")]
    pub level2: Vec<DeputyDefinition>,
    /// Level 3 deputies.
    #[serde(default, deserialize_with = "nullable")]
    pub level3: Vec<DeputyDefinition>,
}

impl WriteAgentDeputyRelationshipsBody {
    /// The body that writes `relationships` for `agent`.
    pub fn new(agent: PersonId, relationships: &DeputyRelationships) -> Self {
        let definitions = |level| relationships.level(level).iter().map(Into::into).collect();
        Self {
            kind: Tag::new(),
            agent_user_id: agent,
            assistants: definitions(DeputyLevel::Assistants),
            level1: definitions(DeputyLevel::Level1),
            level2: definitions(DeputyLevel::Level2),
            level3: definitions(DeputyLevel::Level3),
        }
    }

    /// The `WriteAgentDeputies` command (`source` says whether the web API or the agent UI
    /// writes, which decides who may touch externally managed levels).
    pub fn into_command(self, source: DeputyWriteSource) -> Command {
        Command::WriteAgentDeputies {
            relationships: DeputyRelationships::from(&self),
            agent: self.agent_user_id,
            source,
        }
    }
}

impl From<&WriteAgentDeputyRelationshipsBody> for DeputyRelationships {
    fn from(body: &WriteAgentDeputyRelationshipsBody) -> Self {
        let deputies = |list: &[DeputyDefinition]| list.iter().map(Into::into).collect();
        Self {
            assistants: deputies(&body.assistants),
            level1: deputies(&body.level1),
            level2: deputies(&body.level2),
            level3: deputies(&body.level3),
        }
    }
}

markers! {
    /// The deputy filter `field` `"AGENT_USER_ID"`.
    AgentUserIdField = "AGENT_USER_ID";
    /// The deputy filter `field` `"DEPUTY_ID"`.
    DeputyIdField = "DEPUTY_ID";
}

/// Unblu's `AgentUserIdDeputyRelationshipSearchFilter`: whose deputies.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct AgentUserIdDeputyRelationshipSearchFilter {
    /// `$_type`: `"AgentUserIdDeputyRelationshipSearchFilter"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(
        feature = "ts",
        tsify(type = "\"AgentUserIdDeputyRelationshipSearchFilter\"")
    )]
    pub kind: Tag<Self>,
    /// `field`: `"AGENT_USER_ID"`.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<AgentUserIdField> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"AGENT_USER_ID\""))]
    pub field: Tag<AgentUserIdField>,
    /// The condition.
    pub operator: IdOperator,
}

/// Unblu's `DeputyIdDeputyRelationshipSearchFilter`: whom someone is a deputy for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct DeputyIdDeputyRelationshipSearchFilter {
    /// `$_type`: `"DeputyIdDeputyRelationshipSearchFilter"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(
        feature = "ts",
        tsify(type = "\"DeputyIdDeputyRelationshipSearchFilter\"")
    )]
    pub kind: Tag<Self>,
    /// `field`: `"DEPUTY_ID"`.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<DeputyIdField> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"DEPUTY_ID\""))]
    pub field: Tag<DeputyIdField>,
    /// The condition.
    pub operator: IdOperator,
}

/// Unblu's `DeputyRelationshipSearchFilter`: the filters Baton supports.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(untagged)]
pub enum DeputyRelationshipSearchFilter {
    /// By agent.
    AgentUserId(AgentUserIdDeputyRelationshipSearchFilter),
    /// By deputy.
    DeputyId(DeputyIdDeputyRelationshipSearchFilter),
}

one_of!(DeputyRelationshipSearchFilter by "field" {
    AgentUserId(AgentUserIdDeputyRelationshipSearchFilter) = "AGENT_USER_ID",
    DeputyId(DeputyIdDeputyRelationshipSearchFilter) = "DEPUTY_ID",
});

impl DeputyRelationshipSearchFilter {
    /// Whether the link passes the filter.
    pub fn matches(&self, link: &DeputyRelationship) -> bool {
        match self {
            Self::AgentUserId(f) => f.operator.matches(Some(link.agent_user_id.as_str())),
            Self::DeputyId(f) => f.operator.matches(Some(&link.deputy_id)),
        }
    }
}

/// Unblu's `EDeputyRelationshipOrderByField`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum DeputyRelationshipOrderByField {
    /// The link's id.
    Id,
    /// The agent.
    AgentUserId,
    /// Agent or team.
    DeputyType,
    /// The deputy.
    DeputyId,
    /// The level.
    EscalationLevel,
    /// Creation time.
    CreationTimestamp,
    /// Last modification time.
    ModificationTimestamp,
}

/// Unblu's `DeputyRelationshipOrderBy`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct DeputyRelationshipOrderBy {
    /// `$_type`: `"DeputyRelationshipOrderBy"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"DeputyRelationshipOrderBy\""))]
    pub kind: Tag<Self>,
    /// What to sort by.
    pub field: DeputyRelationshipOrderByField,
    /// Which way.
    pub order: Order,
}

/// Unblu's `DeputyRelationshipQuery`: the body of `deputyrelationships/search`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct DeputyRelationshipQuery {
    /// `$_type`: `"DeputyRelationshipQuery"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"DeputyRelationshipQuery\""))]
    pub kind: Tag<Self>,
    /// All must match.
    #[serde(default, deserialize_with = "nullable")]
    pub search_filters: Vec<DeputyRelationshipSearchFilter>,
    /// Sort criteria, most significant first.
    #[serde(default, deserialize_with = "nullable")]
    pub order_by: Vec<DeputyRelationshipOrderBy>,
    /// Items to skip.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub offset: Option<u32>,
    /// Most items to return.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub limit: Option<u32>,
}

impl DeputyRelationshipQuery {
    /// Whether the link passes every filter.
    pub fn matches(&self, link: &DeputyRelationship) -> bool {
        self.search_filters.iter().all(|f| f.matches(link))
    }
}

/// Unblu's `DeputyRelationshipResult`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct DeputyRelationshipResult {
    /// `$_type`: `"DeputyRelationshipResult"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"DeputyRelationshipResult\""))]
    pub kind: Tag<Self>,
    /// More items exist after these.
    #[serde(default, deserialize_with = "nullable")]
    pub has_more_items: bool,
    /// The offset of the next page, when there is one.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub next_offset: Option<u32>,
    /// The links found.
    #[serde(default, deserialize_with = "nullable")]
    pub items: Vec<DeputyRelationship>,
}

tagged!(
    DeputyDefinition,
    DeputyRelationship,
    DeputyRelationshipList,
    WriteAgentDeputyRelationshipsBody,
    AgentUserIdDeputyRelationshipSearchFilter,
    DeputyIdDeputyRelationshipSearchFilter,
    DeputyRelationshipOrderBy,
    DeputyRelationshipQuery,
    DeputyRelationshipResult,
);

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn annas_deputies() -> DeputyRelationships {
        DeputyRelationships {
            assistants: vec![Deputy::Agent(PersonId::new("ben"))],
            level1: vec![Deputy::Agent(PersonId::new("clara"))],
            level2: vec![Deputy::Team(TeamId::new("advisory"))],
            level3: Vec::new(),
        }
    }

    fn write_body_json() -> serde_json::Value {
        json!({
            "$_type": "WriteAgentDeputyRelationshipsBody",
            "agentUserId": "anna",
            "assistants": [{"$_type": "DeputyDefinition", "type": "AGENT", "id": "ben"}],
            "level1": [{"$_type": "DeputyDefinition", "type": "AGENT", "id": "clara"}],
            "level2": [{"$_type": "DeputyDefinition", "type": "TEAM", "id": "advisory"}],
            "level3": []
        })
    }

    #[test]
    fn relationships_become_links_with_deterministic_ids() {
        let list = DeputyRelationshipList::of_agent(&PersonId::new("anna"), &annas_deputies());
        let json = serde_json::to_value(&list).unwrap();
        assert_eq!(
            json,
            json!({
                "$_type": "DeputyRelationshipList",
                "items": [
                    {"$_type": "DeputyRelationship", "id": "anna:ASSISTANTS:AGENT:ben", "agentUserId": "anna",
                     "deputyType": "AGENT", "deputyId": "ben", "escalationLevel": "ASSISTANTS"},
                    {"$_type": "DeputyRelationship", "id": "anna:LEVEL_1:AGENT:clara", "agentUserId": "anna",
                     "deputyType": "AGENT", "deputyId": "clara", "escalationLevel": "LEVEL_1"},
                    {"$_type": "DeputyRelationship", "id": "anna:LEVEL_2:TEAM:advisory", "agentUserId": "anna",
                     "deputyType": "TEAM", "deputyId": "advisory", "escalationLevel": "LEVEL_2"}
                ]
            })
        );
        assert_eq!(
            serde_json::from_value::<DeputyRelationshipList>(json).unwrap(),
            list
        );
        assert_eq!(
            list.items[2].deputy(),
            Deputy::Team(TeamId::new("advisory"))
        );
    }

    #[test]
    fn the_write_body_round_trips_through_the_core_model() {
        let body: WriteAgentDeputyRelationshipsBody =
            serde_json::from_value(write_body_json()).unwrap();
        assert_eq!(DeputyRelationships::from(&body), annas_deputies());
        assert_eq!(
            WriteAgentDeputyRelationshipsBody::new(PersonId::new("anna"), &annas_deputies()),
            body
        );
        assert_eq!(serde_json::to_value(&body).unwrap(), write_body_json());
        assert_eq!(
            body.into_command(DeputyWriteSource::WebApi),
            Command::WriteAgentDeputies {
                agent: PersonId::new("anna"),
                relationships: annas_deputies(),
                source: DeputyWriteSource::WebApi,
            }
        );
    }

    #[test]
    fn missing_or_null_levels_are_empty_and_wrong_types_refused() {
        let body: WriteAgentDeputyRelationshipsBody =
            serde_json::from_value(json!({"agentUserId": "anna", "level1": null})).unwrap();
        assert!(DeputyRelationships::from(&body).is_empty());
        let mut wrong = write_body_json();
        wrong["level1"][0]["$_type"] = "DeputyRelationship".into();
        assert!(serde_json::from_value::<WriteAgentDeputyRelationshipsBody>(wrong).is_err());
        let mut bad_type = write_body_json();
        bad_type["level1"][0]["type"] = "BOT".into();
        assert!(serde_json::from_value::<WriteAgentDeputyRelationshipsBody>(bad_type).is_err());
    }

    #[test]
    fn deputy_search_by_agent_and_deputy() {
        let links = DeputyRelationshipList::of_agent(&PersonId::new("anna"), &annas_deputies());
        let query: DeputyRelationshipQuery = serde_json::from_value(json!({
            "$_type": "DeputyRelationshipQuery",
            "searchFilters": [
                {"$_type": "AgentUserIdDeputyRelationshipSearchFilter", "field": "AGENT_USER_ID",
                 "operator": {"$_type": "EqualsIdOperator", "type": "EQUALS", "value": "anna"}},
                {"field": "DEPUTY_ID", "operator": {"type": "IN", "values": ["clara", "advisory"]}}
            ],
            "orderBy": [{"$_type": "DeputyRelationshipOrderBy", "field": "ESCALATION_LEVEL", "order": "ASCENDING"}]
        }))
        .unwrap();
        let found: Vec<&str> = links
            .items
            .iter()
            .filter(|l| query.matches(l))
            .filter_map(|l| l.id.as_deref())
            .collect();
        assert_eq!(
            found,
            ["anna:LEVEL_1:AGENT:clara", "anna:LEVEL_2:TEAM:advisory"]
        );
        let refused = serde_json::from_value::<DeputyRelationshipQuery>(json!({
            "searchFilters": [{"field": "ESCALATION_LEVEL", "operator": {"type": "EQUALS", "value": "LEVEL_1"}}]
        }));
        assert!(refused.is_err());
        let result = DeputyRelationshipResult {
            kind: Tag::new(),
            has_more_items: false,
            next_offset: None,
            items: links.items,
        };
        let json = serde_json::to_value(&result).unwrap();
        assert_eq!(json["$_type"], "DeputyRelationshipResult");
        assert_eq!(
            serde_json::from_value::<DeputyRelationshipResult>(json).unwrap(),
            result
        );
    }

    #[test]
    fn deputy_levels_carry_unblus_names() {
        assert_eq!(
            serde_json::to_value(DeputyLevel::ALL).unwrap(),
            json!(["ASSISTANTS", "LEVEL_1", "LEVEL_2", "LEVEL_3"])
        );
    }
}
