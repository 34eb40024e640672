//! Who is who on the wire: `PersonData`, `User` (and `users/createWithPassword`'s
//! `UserPasswordContainer`), `Team`, `TeamList` and `TeamData`, their searches,
//! `persons/setAway`'s `PersonsSetAwayBody` and `AgentPersonStateData`, and
//! `availability/getAgentAvailability`'s `AgentAvailabilityStateData`.
//!
//! Baton fills the subset of fields its directory knows; the rest of Unblu's fields are
//! ignored on input. Conversation shapes live in `conversation`, deputies in `deputy`.

use baton_core::Timestamp;
use baton_core::command::Command;
use baton_core::directory::{self, AuthorizationRole, Person, PersonType, PresenceState};
use baton_core::id::{AccountId, PersonId, TeamId};
use serde::{Deserialize, Serialize};

use crate::wire::Secret;
use crate::wire::query::{IdOperator, OpEquals, OpIn, Order, StringOperator};
use crate::wire::shape::{Tag, markers, nullable, one_of, tagged};

/// Unblu's `PersonData`: an agent, visitor, bot or the system, as others see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct PersonData {
    /// `$_type`: `"PersonData"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"PersonData\""))]
    pub kind: Tag<Self>,
    /// The person's id.
    pub id: PersonId,
    /// The account the person belongs to.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub account_id: Option<AccountId>,
    /// First name, when known.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub first_name: Option<String>,
    /// Last name, when known.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub last_name: Option<String>,
    /// Sign-in name.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub username: Option<String>,
    /// The name an anonymous visitor gave themselves.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub nickname: Option<String>,
    /// Name shown to others.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub display_name: Option<String>,
    /// Agent, visitor, bot or system.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub person_type: Option<PersonType>,
    /// What the person may do.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub authorization_role: Option<AuthorizationRole>,
    /// E-mail address.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub email: Option<String>,
    /// Phone number.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub phone: Option<String>,
    /// The agent's team.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub team_id: Option<TeamId>,
}

impl PersonData {
    /// A reference by id and type only (a conversation recipient, an event's target).
    pub fn reference(id: PersonId, person_type: PersonType) -> Self {
        Self {
            kind: Tag::new(),
            id,
            account_id: None,
            first_name: None,
            last_name: None,
            username: None,
            nickname: None,
            display_name: None,
            person_type: Some(person_type),
            authorization_role: None,
            email: None,
            phone: None,
            team_id: None,
        }
    }
}

impl From<&Person> for PersonData {
    fn from(person: &Person) -> Self {
        Self {
            account_id: Some(person.account.clone()),
            username: person.username.clone(),
            display_name: Some(person.display_name.clone()),
            authorization_role: Some(person.role),
            email: person.email.clone(),
            team_id: person.team.clone(),
            ..Self::reference(person.id.clone(), person.person_type)
        }
    }
}

/// Unblu's `User`: an agent or administrator account. In Baton a user's id is their person id.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct User {
    /// `$_type`: `"User"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"User\""))]
    pub kind: Tag<Self>,
    /// The user's id; absent when creating.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub id: Option<PersonId>,
    /// When the user was created.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub creation_timestamp: Option<Timestamp>,
    /// The account; the caller's when absent on creation.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub account_id: Option<AccountId>,
    /// Sign-in name.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub username: Option<String>,
    /// E-mail address.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub email: Option<String>,
    /// Phone number.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub phone: Option<String>,
    /// The user's team.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub team_id: Option<TeamId>,
    /// What the user may do.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub authorization_role: Option<AuthorizationRole>,
    /// Name shown to others (computed by the server).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub display_name: Option<String>,
    /// First name.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub first_name: Option<String>,
    /// Last name.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub last_name: Option<String>,
}

impl From<&Person> for User {
    fn from(person: &Person) -> Self {
        Self {
            kind: Tag::new(),
            id: Some(person.id.clone()),
            creation_timestamp: None,
            account_id: Some(person.account.clone()),
            username: person.username.clone(),
            email: person.email.clone(),
            phone: None,
            team_id: person.team.clone(),
            authorization_role: Some(person.role),
            display_name: Some(person.display_name.clone()),
            first_name: None,
            last_name: None,
        }
    }
}

/// Unblu's `UserPasswordContainer`: the body of `users/createWithPassword`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct UserPasswordContainer {
    /// `$_type`: `"UserPasswordContainer"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"UserPasswordContainer\""))]
    pub kind: Tag<Self>,
    /// The user to create.
    pub user: User,
    /// The initial password (Unblu never returns it).
    pub password: Secret,
}

/// Unblu's `UsersSetPasswordBody` (no `$_type`, as in the spec), with Baton's
/// `currentPassword`: an agent changing their own password proves they know it, so a stolen
/// session cannot take the account over; the administrator sets anyone's without it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct UsersSetPasswordBody {
    /// The new password (1 to 1024 bytes).
    pub password: Secret,
    /// The password it replaces; required when agents change their own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current_password: Option<Secret>,
}

markers! {
    /// The person filter `field` `"PERSON_TYPE"`.
    PersonTypeField = "PERSON_TYPE";
    /// The person filter `field` `"TEAM_ID"`.
    TeamIdField = "TEAM_ID";
    /// The team filter `field` `"NAME"`.
    NameField = "NAME";
    /// The team filter `field` `"PARENT_ID"`.
    ParentIdField = "PARENT_ID";
}

/// Unblu's `EqualsPersonTypeOperator`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct EqualsPersonTypeOperator {
    /// `$_type`: `"EqualsPersonTypeOperator"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"EqualsPersonTypeOperator\""))]
    pub kind: Tag<Self>,
    /// `type`: `"EQUALS"`.
    #[serde(rename = "type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<OpEquals> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"EQUALS\""))]
    pub operator_type: Tag<OpEquals>,
    /// The person type.
    pub value: PersonType,
}

/// Unblu's `InPersonTypeOperator`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct InPersonTypeOperator {
    /// `$_type`: `"InPersonTypeOperator"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"InPersonTypeOperator\""))]
    pub kind: Tag<Self>,
    /// `type`: `"IN"`.
    #[serde(rename = "type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<OpIn> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"IN\""))]
    pub operator_type: Tag<OpIn>,
    /// The person types.
    #[serde(default, deserialize_with = "nullable")]
    pub values: Vec<PersonType>,
}

/// Unblu's `PersonTypeOperator` (`EQUALS` and `IN`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(untagged)]
pub enum PersonTypeOperator {
    /// One type.
    Equals(EqualsPersonTypeOperator),
    /// Any of several types.
    In(InPersonTypeOperator),
}

one_of!(PersonTypeOperator by "type" {
    Equals(EqualsPersonTypeOperator) = "EQUALS",
    In(InPersonTypeOperator) = "IN",
});

impl PersonTypeOperator {
    /// `personType = value`.
    pub fn equals(value: PersonType) -> Self {
        Self::Equals(EqualsPersonTypeOperator {
            kind: Tag::new(),
            operator_type: Tag::new(),
            value,
        })
    }

    /// Whether `person_type` satisfies the operator.
    pub fn matches(&self, person_type: PersonType) -> bool {
        match self {
            Self::Equals(op) => op.value == person_type,
            Self::In(op) => op.values.contains(&person_type),
        }
    }
}

/// Unblu's `PersonTypePersonSearchFilter`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct PersonTypePersonSearchFilter {
    /// `$_type`: `"PersonTypePersonSearchFilter"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"PersonTypePersonSearchFilter\""))]
    pub kind: Tag<Self>,
    /// `field`: `"PERSON_TYPE"`.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<PersonTypeField> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"PERSON_TYPE\""))]
    pub field: Tag<PersonTypeField>,
    /// The condition.
    pub operator: PersonTypeOperator,
}

/// Unblu's `TeamIdPersonSearchFilter`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct TeamIdPersonSearchFilter {
    /// `$_type`: `"TeamIdPersonSearchFilter"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"TeamIdPersonSearchFilter\""))]
    pub kind: Tag<Self>,
    /// `field`: `"TEAM_ID"`.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<TeamIdField> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"TEAM_ID\""))]
    pub field: Tag<TeamIdField>,
    /// The condition.
    pub operator: IdOperator,
}

/// Unblu's `PersonSearchFilter`: the filters Baton supports.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(untagged)]
pub enum PersonSearchFilter {
    /// By person type.
    PersonType(PersonTypePersonSearchFilter),
    /// By team.
    TeamId(TeamIdPersonSearchFilter),
}

one_of!(PersonSearchFilter by "field" {
    PersonType(PersonTypePersonSearchFilter) = "PERSON_TYPE",
    TeamId(TeamIdPersonSearchFilter) = "TEAM_ID",
});

impl PersonSearchFilter {
    /// Whether the person passes the filter.
    pub fn matches(&self, person: &Person) -> bool {
        match self {
            Self::PersonType(f) => f.operator.matches(person.person_type),
            Self::TeamId(f) => f.operator.matches(person.team.as_ref().map(TeamId::as_str)),
        }
    }
}

/// Unblu's `EPersonOrderByField`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum PersonOrderByField {
    /// The id.
    Id,
    /// Where the person comes from.
    PersonSource,
    /// The id in the source.
    SourceId,
    /// The source's data.
    SourceData,
    /// First name.
    FirstName,
    /// Last name.
    LastName,
    /// Sign-in name.
    Username,
    /// Nickname.
    Nickname,
    /// Person type.
    PersonType,
    /// Authorization role.
    AuthorizationRole,
    /// E-mail address.
    Email,
    /// Phone number.
    Phone,
    /// Team.
    TeamId,
}

/// Unblu's `PersonOrderBy`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct PersonOrderBy {
    /// `$_type`: `"PersonOrderBy"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"PersonOrderBy\""))]
    pub kind: Tag<Self>,
    /// What to sort by.
    pub field: PersonOrderByField,
    /// Which way.
    pub order: Order,
}

/// Unblu's `PersonQuery`: the body of `persons/search`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct PersonQuery {
    /// `$_type`: `"PersonQuery"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"PersonQuery\""))]
    pub kind: Tag<Self>,
    /// All must match.
    #[serde(default, deserialize_with = "nullable")]
    pub search_filters: Vec<PersonSearchFilter>,
    /// Sort criteria, most significant first.
    #[serde(default, deserialize_with = "nullable")]
    pub order_by: Vec<PersonOrderBy>,
    /// Items to skip.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub offset: Option<u32>,
    /// Most items to return.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub limit: Option<u32>,
}

impl PersonQuery {
    /// Whether the person passes every filter.
    pub fn matches(&self, person: &Person) -> bool {
        self.search_filters.iter().all(|f| f.matches(person))
    }
}

/// Unblu's `PersonResult`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct PersonResult {
    /// `$_type`: `"PersonResult"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"PersonResult\""))]
    pub kind: Tag<Self>,
    /// More items exist after these.
    #[serde(default, deserialize_with = "nullable")]
    pub has_more_items: bool,
    /// The offset of the next page, when there is one.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub next_offset: Option<u32>,
    /// The persons found.
    #[serde(default, deserialize_with = "nullable")]
    pub items: Vec<PersonData>,
}

/// Unblu's `Team` entity (`teams/read`, `teams/search`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Team {
    /// `$_type`: `"Team"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"Team\""))]
    pub kind: Tag<Self>,
    /// The team's id; absent when creating.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub id: Option<TeamId>,
    /// The account it belongs to.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub account_id: Option<AccountId>,
    /// Name, e.g. "Private Banking".
    pub name: String,
    /// The parent team.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub parent_id: Option<TeamId>,
    /// Description.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub description: Option<String>,
}

impl From<&directory::Team> for Team {
    fn from(team: &directory::Team) -> Self {
        Self {
            kind: Tag::new(),
            id: Some(team.id.clone()),
            account_id: Some(team.account.clone()),
            name: team.name.clone(),
            parent_id: team.parent.clone(),
            description: None,
        }
    }
}

/// Unblu's `TeamData`: a team as it appears in a conversation or event.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct TeamData {
    /// `$_type`: `"TeamData"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"TeamData\""))]
    pub kind: Tag<Self>,
    /// The team's id.
    pub id: TeamId,
    /// The account it belongs to.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub account_id: Option<AccountId>,
    /// Name shown to others.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub display_name: Option<String>,
    /// The parent team.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub parent_id: Option<TeamId>,
}

impl TeamData {
    /// A reference by id only.
    pub fn reference(id: TeamId) -> Self {
        Self {
            kind: Tag::new(),
            id,
            account_id: None,
            display_name: None,
            parent_id: None,
        }
    }
}

impl From<&directory::Team> for TeamData {
    fn from(team: &directory::Team) -> Self {
        Self {
            account_id: Some(team.account.clone()),
            display_name: Some(team.name.clone()),
            parent_id: team.parent.clone(),
            ..Self::reference(team.id.clone())
        }
    }
}

/// Unblu's `NameTeamSearchFilter`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct NameTeamSearchFilter {
    /// `$_type`: `"NameTeamSearchFilter"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"NameTeamSearchFilter\""))]
    pub kind: Tag<Self>,
    /// `field`: `"NAME"`.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<NameField> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"NAME\""))]
    pub field: Tag<NameField>,
    /// The condition.
    pub operator: StringOperator,
}

/// Unblu's `ParentIdTeamSearchFilter`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct ParentIdTeamSearchFilter {
    /// `$_type`: `"ParentIdTeamSearchFilter"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"ParentIdTeamSearchFilter\""))]
    pub kind: Tag<Self>,
    /// `field`: `"PARENT_ID"`.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<ParentIdField> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"PARENT_ID\""))]
    pub field: Tag<ParentIdField>,
    /// The condition.
    pub operator: IdOperator,
}

/// Unblu's `TeamSearchFilter`: the filters Baton supports.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(untagged)]
pub enum TeamSearchFilter {
    /// By name.
    Name(NameTeamSearchFilter),
    /// By parent team.
    ParentId(ParentIdTeamSearchFilter),
}

one_of!(TeamSearchFilter by "field" {
    Name(NameTeamSearchFilter) = "NAME",
    ParentId(ParentIdTeamSearchFilter) = "PARENT_ID",
});

impl TeamSearchFilter {
    /// Whether the team passes the filter.
    pub fn matches(&self, team: &directory::Team) -> bool {
        match self {
            Self::Name(f) => f.operator.matches(Some(&team.name)),
            Self::ParentId(f) => f.operator.matches(team.parent.as_ref().map(TeamId::as_str)),
        }
    }
}

/// Unblu's `ETeamOrderByField`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum TeamOrderByField {
    /// The id.
    Id,
    /// Name.
    Name,
    /// Description.
    Description,
    /// Parent team.
    ParentId,
    /// Creation time.
    CreationTimestamp,
    /// Last modification time.
    ModificationTimestamp,
}

/// Unblu's `TeamOrderBy`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct TeamOrderBy {
    /// `$_type`: `"TeamOrderBy"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"TeamOrderBy\""))]
    pub kind: Tag<Self>,
    /// What to sort by.
    pub field: TeamOrderByField,
    /// Which way.
    pub order: Order,
}

/// Unblu's `TeamQuery`: the body of `teams/search`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct TeamQuery {
    /// `$_type`: `"TeamQuery"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"TeamQuery\""))]
    pub kind: Tag<Self>,
    /// All must match.
    #[serde(default, deserialize_with = "nullable")]
    pub search_filters: Vec<TeamSearchFilter>,
    /// Sort criteria, most significant first.
    #[serde(default, deserialize_with = "nullable")]
    pub order_by: Vec<TeamOrderBy>,
    /// Items to skip.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub offset: Option<u32>,
    /// Most items to return.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub limit: Option<u32>,
}

impl TeamQuery {
    /// Whether the team passes every filter.
    pub fn matches(&self, team: &directory::Team) -> bool {
        self.search_filters.iter().all(|f| f.matches(team))
    }
}

/// Unblu's `TeamResult`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct TeamResult {
    /// `$_type`: `"TeamResult"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"TeamResult\""))]
    pub kind: Tag<Self>,
    /// More items exist after these.
    #[serde(default, deserialize_with = "nullable")]
    pub has_more_items: bool,
    /// The offset of the next page, when there is one.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub next_offset: Option<u32>,
    /// The teams found.
    #[serde(default, deserialize_with = "nullable")]
    pub items: Vec<Team>,
}

/// Unblu's `TeamList`: the answer of `teams/{teamId}/getChildTeams`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamList {
    /// `$_type`: `"TeamList"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"TeamList\""))]
    pub kind: Tag<Self>,
    /// The teams.
    #[serde(default, deserialize_with = "nullable")]
    pub items: Vec<Team>,
}

/// Unblu's `PersonsSetAwayBody` (no `$_type` in the spec): the body of `persons/setAway`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonsSetAwayBody {
    /// AWAY (true) or ONLINE (false).
    pub away: bool,
}

impl PersonsSetAwayBody {
    /// The `SetPresence` command for the person named in the path.
    pub fn into_command(self, person: PersonId) -> Command {
        Command::SetPresence {
            person,
            presence: if self.away {
                PresenceState::Away
            } else {
                PresenceState::Online
            },
        }
    }
}

/// Unblu's `EPersonStateType`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum PersonStateType {
    /// An agent's state.
    Agent,
    /// A visitor's state.
    Visitor,
}

/// Unblu's `AgentPersonStateData`: a person's online state (the answer of `persons/setAway`).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AgentPersonStateData {
    /// `$_type`: `"AgentPersonStateData"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"AgentPersonStateData\""))]
    pub kind: Tag<Self>,
    /// Whose state.
    pub person_id: PersonId,
    /// Online, away or offline.
    pub online_state: PresenceState,
    /// Agent or visitor.
    #[serde(rename = "type")]
    pub state_type: PersonStateType,
}

impl From<&Person> for AgentPersonStateData {
    fn from(person: &Person) -> Self {
        Self {
            kind: Tag::new(),
            person_id: person.id.clone(),
            online_state: person.presence,
            state_type: if person.is_visitor() {
                PersonStateType::Visitor
            } else {
                PersonStateType::Agent
            },
        }
    }
}

/// Unblu's `EAvailabilityState`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum AvailabilityState {
    /// Someone can take a request now.
    Available,
    /// Someone is there but cannot take a request right now; likely soon.
    Busy,
    /// Nobody is there; unlikely soon.
    Unavailable,
}

/// Unblu's `AgentAvailabilityStateData`: the answer of `availability/getAgentAvailability`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct AgentAvailabilityStateData {
    /// `$_type`: `"AgentAvailabilityStateData"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"AgentAvailabilityStateData\""))]
    pub kind: Tag<Self>,
    /// Available, busy or unavailable.
    pub availability_state: AvailabilityState,
    /// Whether a request would be taken now.
    #[serde(default, deserialize_with = "nullable")]
    pub is_available: bool,
}

/// Presence and availability, one for one: online is available; away is busy (signed in,
/// likely back soon, but not taking requests now); offline is unavailable.
const PRESENCE_AVAILABILITY: [(PresenceState, AvailabilityState); 3] = [
    (PresenceState::Online, AvailabilityState::Available),
    (PresenceState::Away, AvailabilityState::Busy),
    (PresenceState::Offline, AvailabilityState::Unavailable),
];

impl From<PresenceState> for AvailabilityState {
    fn from(presence: PresenceState) -> Self {
        PRESENCE_AVAILABILITY
            .iter()
            .find(|(p, _)| *p == presence)
            .map_or(Self::Unavailable, |(_, a)| *a)
    }
}

impl From<AvailabilityState> for PresenceState {
    fn from(availability: AvailabilityState) -> Self {
        PRESENCE_AVAILABILITY
            .iter()
            .find(|(_, a)| *a == availability)
            .map_or(Self::Offline, |(p, _)| *p)
    }
}

/// One agent's availability from their presence.
impl From<PresenceState> for AgentAvailabilityStateData {
    fn from(presence: PresenceState) -> Self {
        let availability_state = AvailabilityState::from(presence);
        Self {
            kind: Tag::new(),
            availability_state,
            is_available: availability_state == AvailabilityState::Available,
        }
    }
}

tagged!(
    PersonData,
    User,
    UserPasswordContainer,
    EqualsPersonTypeOperator,
    InPersonTypeOperator,
    PersonTypePersonSearchFilter,
    TeamIdPersonSearchFilter,
    PersonOrderBy,
    PersonQuery,
    PersonResult,
    Team,
    TeamData,
    NameTeamSearchFilter,
    ParentIdTeamSearchFilter,
    TeamOrderBy,
    TeamQuery,
    TeamResult,
    TeamList,
    AgentPersonStateData,
    AgentAvailabilityStateData,
);

#[cfg(test)]
mod tests {
    use baton_core::directory::NotificationChannels;
    use serde_json::json;

    use super::*;

    fn anna() -> Person {
        Person {
            id: PersonId::new("anna"),
            person_type: PersonType::Agent,
            account: AccountId::new("bank"),
            team: Some(TeamId::new("private")),
            display_name: "Anna Advisor".into(),
            username: Some("anna".into()),
            email: Some("anna@bank.example".into()),
            presence: PresenceState::Online,
            role: AuthorizationRole::RegisteredUser,
            notifications: NotificationChannels::ALL,
        }
    }

    fn private_banking() -> directory::Team {
        directory::Team {
            id: TeamId::new("private"),
            account: AccountId::new("bank"),
            name: "Private Banking".into(),
            parent: Some(TeamId::new("advisory")),
        }
    }

    #[test]
    fn person_data_from_the_directory_in_unblus_shape() {
        assert_eq!(
            serde_json::to_value(PersonData::from(&anna())).unwrap(),
            json!({
                "$_type": "PersonData",
                "id": "anna",
                "accountId": "bank",
                "username": "anna",
                "displayName": "Anna Advisor",
                "personType": "AGENT",
                "authorizationRole": "REGISTERED_USER",
                "email": "anna@bank.example",
                "teamId": "private"
            })
        );
    }

    #[test]
    fn person_data_from_unblu_with_nulls_and_extra_fields_is_read() {
        let parsed: PersonData = serde_json::from_value(json!({
            "$_type": "PersonData",
            "id": "v1",
            "accountId": "bank",
            "personSource": "VIRTUAL",
            "firstName": null,
            "nickname": "Vera",
            "personType": "VISITOR",
            "authorizationRole": "WEBUSER",
            "labels": [],
            "avatar": null
        }))
        .unwrap();
        assert_eq!(parsed.nickname.as_deref(), Some("Vera"));
        assert_eq!(parsed.first_name, None);
        assert_eq!(parsed.authorization_role, Some(AuthorizationRole::Webuser));
        assert!(
            serde_json::from_value::<PersonData>(json!({"$_type": "TeamData", "id": "x"})).is_err()
        );
    }

    #[test]
    fn the_create_with_password_example_of_the_spec_is_read() {
        let body: UserPasswordContainer = serde_json::from_value(json!({
            "$_type": "UserPasswordContainer",
            "user": {
                "$_type": "User",
                "id": null,
                "creationTimestamp": null,
                "modificationTimestamp": null,
                "version": null,
                "accountId": null,
                "avatar": null,
                "username": "john.doe@email.com",
                "email": "john.doe@email.com",
                "phone": "+41 61 511 11 50",
                "teamId": null,
                "authorizationRole": "REGISTERED_USER",
                "displayName": null,
                "firstName": "John",
                "lastName": "Doe",
                "externallyManaged": null,
                "virtualUser": null,
                "configuration": null,
                "metadata": null
            },
            "password": "L0remPf18!"
        }))
        .unwrap();
        assert_eq!(body.user.id, None);
        assert_eq!(body.user.first_name.as_deref(), Some("John"));
        assert_eq!(body.password.expose(), "L0remPf18!");
        assert!(!format!("{body:?}").contains("L0rem"));
    }

    #[test]
    fn a_user_from_the_directory_round_trips() {
        let user = User::from(&anna());
        let json = serde_json::to_value(&user).unwrap();
        assert_eq!(json["$_type"], "User");
        assert_eq!(json["id"], "anna");
        assert_eq!(serde_json::from_value::<User>(json).unwrap(), user);
    }

    #[test]
    fn person_search_by_type_and_team() {
        let query: PersonQuery = serde_json::from_value(json!({
            "$_type": "PersonQuery",
            "searchFilters": [
                {
                    "$_type": "PersonTypePersonSearchFilter",
                    "field": "PERSON_TYPE",
                    "operator": {"$_type": "EqualsPersonTypeOperator", "type": "EQUALS", "value": "AGENT"}
                },
                {
                    "field": "TEAM_ID",
                    "operator": {"type": "IN", "values": ["private", "advisory"]}
                }
            ],
            "orderBy": [{"$_type": "PersonOrderBy", "field": "USERNAME", "order": "ASCENDING"}],
            "offset": 0,
            "limit": 50
        }))
        .unwrap();
        assert!(query.matches(&anna()));
        let visitor = Person {
            person_type: PersonType::Visitor,
            ..anna()
        };
        assert!(!query.matches(&visitor));
        let back = serde_json::to_value(&query).unwrap();
        assert_eq!(
            back["searchFilters"][1]["$_type"],
            "TeamIdPersonSearchFilter"
        );
        assert_eq!(
            back["searchFilters"][1]["operator"]["$_type"],
            "InIdOperator"
        );
    }

    #[test]
    fn an_unsupported_person_filter_is_refused() {
        let err = serde_json::from_value::<PersonQuery>(json!({
            "searchFilters": [{
                "$_type": "EmailPersonSearchFilter",
                "field": "EMAIL",
                "operator": {"type": "EQUALS", "value": "a@b"}
            }]
        }))
        .unwrap_err();
        assert!(err.to_string().contains("EmailPersonSearchFilter"), "{err}");
        let inconsistent = serde_json::from_value::<PersonSearchFilter>(json!({
            "$_type": "TeamIdPersonSearchFilter",
            "field": "PERSON_TYPE",
            "operator": {"type": "EQUALS", "value": "x"}
        }));
        assert!(inconsistent.is_err());
    }

    #[test]
    fn teams_and_team_search() {
        let team = private_banking();
        assert_eq!(
            serde_json::to_value(Team::from(&team)).unwrap(),
            json!({
                "$_type": "Team",
                "id": "private",
                "accountId": "bank",
                "name": "Private Banking",
                "parentId": "advisory"
            })
        );
        assert_eq!(
            serde_json::to_value(TeamData::from(&team)).unwrap(),
            json!({
                "$_type": "TeamData",
                "id": "private",
                "accountId": "bank",
                "displayName": "Private Banking",
                "parentId": "advisory"
            })
        );
        let query: TeamQuery = serde_json::from_value(json!({
            "searchFilters": [
                {"field": "NAME", "operator": {"type": "CONTAINS", "value": "banking"}},
                {"$_type": "ParentIdTeamSearchFilter", "field": "PARENT_ID",
                 "operator": {"type": "EQUALS", "value": "advisory"}}
            ]
        }))
        .unwrap();
        assert!(query.matches(&team));
        assert!(!query.matches(&directory::Team {
            parent: None,
            ..team
        }));
    }

    #[test]
    fn set_away_reads_unblus_body_and_answers_the_person_state() {
        let body: PersonsSetAwayBody = serde_json::from_value(json!({"away": true})).unwrap();
        assert_eq!(
            body.into_command(PersonId::new("anna")),
            Command::SetPresence {
                person: PersonId::new("anna"),
                presence: PresenceState::Away,
            }
        );
        assert!(serde_json::from_value::<PersonsSetAwayBody>(json!({"away": "yes"})).is_err());
        let away = Person {
            presence: PresenceState::Away,
            ..anna()
        };
        assert_eq!(
            serde_json::to_value(AgentPersonStateData::from(&away)).unwrap(),
            json!({"$_type": "AgentPersonStateData", "personId": "anna", "onlineState": "AWAY", "type": "AGENT"})
        );
        assert_eq!(
            serde_json::to_value(TeamList {
                kind: Tag::new(),
                items: vec![Team::from(&private_banking())],
            })
            .unwrap()["$_type"],
            "TeamList"
        );
    }

    #[test]
    fn availability_follows_presence() {
        assert_eq!(
            serde_json::to_value(AgentAvailabilityStateData::from(PresenceState::Online)).unwrap(),
            json!({"$_type": "AgentAvailabilityStateData", "availabilityState": "AVAILABLE", "isAvailable": true})
        );
        let away = AgentAvailabilityStateData::from(PresenceState::Away);
        assert_eq!(away.availability_state, AvailabilityState::Busy);
        assert!(!away.is_available);
        assert_eq!(
            AgentAvailabilityStateData::from(PresenceState::Offline).availability_state,
            AvailabilityState::Unavailable
        );
    }

    #[test]
    fn core_enums_carry_unblus_names() {
        assert_eq!(
            serde_json::to_value([
                PersonType::Agent,
                PersonType::Visitor,
                PersonType::System,
                PersonType::Bot
            ])
            .unwrap(),
            json!(["AGENT", "VISITOR", "SYSTEM", "BOT"])
        );
        assert_eq!(
            serde_json::to_value([
                AuthorizationRole::SuperAdmin,
                AuthorizationRole::TechnicalAdmin,
                AuthorizationRole::Admin,
                AuthorizationRole::Supervisor,
                AuthorizationRole::RegisteredUser,
                AuthorizationRole::Webuser,
                AuthorizationRole::AnonymousUser
            ])
            .unwrap(),
            json!([
                "SUPER_ADMIN",
                "TECHNICAL_ADMIN",
                "ADMIN",
                "SUPERVISOR",
                "REGISTERED_USER",
                "WEBUSER",
                "ANONYMOUS_USER"
            ])
        );
    }
}
