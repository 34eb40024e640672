//! The directory's Unblu operations: `users/...` (`createWithPassword`, `getByUsername`,
//! `read`, `setPassword`), `teams/...` (`create`, `read`, `search`, `getChildTeams`),
//! `persons/...` (`read`, `search`, `setAway`) and `availability/getAgentAvailability`.
//!
//! Only this group's methods live here: the request plumbing (credentials, idempotency keys,
//! errors) is `mod.rs`'s, and the other routes are in their group's file.

use baton_core::id::{PersonId, TeamId};

use super::{ApiError, Auth, Client, Transport, decode};
use crate::operation::v4;
use crate::wire::person::{
    AgentAvailabilityStateData, AgentPersonStateData, PersonData, PersonQuery, PersonResult,
    PersonsSetAwayBody, Team, TeamList, TeamQuery, TeamResult, User, UserPasswordContainer,
    UsersSetPasswordBody,
};

impl<T: Transport> Client<T> {
    /// `users/createWithPassword`.
    pub async fn users_create_with_password(
        &self,
        body: &UserPasswordContainer,
    ) -> Result<User, ApiError> {
        self.create(v4::USERS_CREATE_WITH_PASSWORD.target(&[]), body)
            .await
    }

    /// `users/getByUsername?username=`.
    pub async fn users_get_by_username(&self, username: &str) -> Result<User, ApiError> {
        let query = vec![("username".to_owned(), username.to_owned())];
        let response = self
            .exchange::<()>(v4::USERS_GET_BY_USERNAME.target(&[]), query, None)
            .await?;
        decode(&response)
    }

    /// `users/{id}/read`.
    pub async fn users_read(&self, id: &PersonId) -> Result<User, ApiError> {
        self.get(v4::USERS_READ.target(&[id.as_str()])).await
    }

    /// `users/{id}/setPassword`: the administrator sets a user's password, or an agent
    /// changes their own with `current_password`. Every session of the user ends (this
    /// client's too, if it is theirs).
    pub async fn users_set_password(
        &self,
        id: &PersonId,
        body: &UsersSetPasswordBody,
    ) -> Result<User, ApiError> {
        let user = self
            .post(v4::USERS_SET_PASSWORD.target(&[id.as_str()]), body)
            .await?;
        // Changing one's own password (with the current one) ended this client's session.
        if body.current_password.is_some() {
            self.set_auth(Auth::None);
        }
        Ok(user)
    }

    /// `teams/create`.
    pub async fn teams_create(&self, body: &Team) -> Result<Team, ApiError> {
        self.create(v4::TEAMS_CREATE.target(&[]), body).await
    }

    /// `teams/{id}/read`.
    pub async fn teams_read(&self, id: &TeamId) -> Result<Team, ApiError> {
        self.get(v4::TEAMS_READ.target(&[id.as_str()])).await
    }

    /// `teams/search`.
    pub async fn teams_search(&self, query: &TeamQuery) -> Result<TeamResult, ApiError> {
        self.post(v4::TEAMS_SEARCH.target(&[]), query).await
    }

    /// `teams/{id}/getChildTeams`: all levels down.
    pub async fn teams_get_child_teams(&self, id: &TeamId) -> Result<TeamList, ApiError> {
        self.get(v4::TEAMS_GET_CHILD_TEAMS.target(&[id.as_str()]))
            .await
    }

    /// `persons/{id}/read`.
    pub async fn persons_read(&self, id: &PersonId) -> Result<PersonData, ApiError> {
        self.get(v4::PERSONS_READ.target(&[id.as_str()])).await
    }

    /// `persons/search`.
    pub async fn persons_search(&self, query: &PersonQuery) -> Result<PersonResult, ApiError> {
        self.post(v4::PERSONS_SEARCH.target(&[]), query).await
    }

    /// `persons/{id}/setAway`: mark an agent away or back.
    pub async fn persons_set_away(
        &self,
        id: &PersonId,
        body: &PersonsSetAwayBody,
    ) -> Result<AgentPersonStateData, ApiError> {
        self.post(v4::PERSONS_SET_AWAY.target(&[id.as_str()]), body)
            .await
    }

    /// `availability/getAgentAvailability[?userId=]`: one agent's, or the caller's account's.
    pub async fn availability_get_agent_availability(
        &self,
        user: Option<&PersonId>,
    ) -> Result<AgentAvailabilityStateData, ApiError> {
        let query = user
            .map(|id| vec![("userId".to_owned(), id.as_str().to_owned())])
            .unwrap_or_default();
        let response = self
            .exchange::<()>(
                v4::AVAILABILITY_GET_AGENT_AVAILABILITY.target(&[]),
                query,
                None,
            )
            .await?;
        decode(&response)
    }
}
