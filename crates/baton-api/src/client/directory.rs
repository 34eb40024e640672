//! The directory's Unblu operations: `users/...` (`createWithPassword`, `getByUsername`,
//! `read`, `setPassword`), `teams/...` (`create`, `read`, `search`, `getChildTeams`),
//! `persons/...` (`read`, `search`, `setAway`) and `availability/getAgentAvailability`.
//!
//! Only this group's methods live here: the request plumbing (credentials, idempotency keys,
//! errors) is `mod.rs`'s, and the other routes are in their group's file.

use baton_core::id::{PersonId, TeamId};

use super::{ApiError, Auth, Client, Method, Transport, decode, segment, v4};
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
        self.create(v4("/users/createWithPassword"), body).await
    }

    /// `users/getByUsername?username=`.
    pub async fn users_get_by_username(&self, username: &str) -> Result<User, ApiError> {
        let query = vec![("username".to_owned(), username.to_owned())];
        let response = self
            .exchange::<()>(Method::Get, v4("/users/getByUsername"), query, None)
            .await?;
        decode(&response)
    }

    /// `users/{id}/read`.
    pub async fn users_read(&self, id: &PersonId) -> Result<User, ApiError> {
        self.get(v4(&format!("/users/{}/read", segment(id.as_str()))))
            .await
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
            .post(
                v4(&format!("/users/{}/setPassword", segment(id.as_str()))),
                body,
            )
            .await?;
        // Changing one's own password (with the current one) ended this client's session.
        if body.current_password.is_some() {
            self.set_auth(Auth::None);
        }
        Ok(user)
    }

    /// `teams/create`.
    pub async fn teams_create(&self, body: &Team) -> Result<Team, ApiError> {
        self.create(v4("/teams/create"), body).await
    }

    /// `teams/{id}/read`.
    pub async fn teams_read(&self, id: &TeamId) -> Result<Team, ApiError> {
        self.get(v4(&format!("/teams/{}/read", segment(id.as_str()))))
            .await
    }

    /// `teams/search`.
    pub async fn teams_search(&self, query: &TeamQuery) -> Result<TeamResult, ApiError> {
        self.post(v4("/teams/search"), query).await
    }

    /// `teams/{id}/getChildTeams`: all levels down.
    pub async fn teams_get_child_teams(&self, id: &TeamId) -> Result<TeamList, ApiError> {
        self.get(v4(&format!(
            "/teams/{}/getChildTeams",
            segment(id.as_str())
        )))
        .await
    }

    /// `persons/{id}/read`.
    pub async fn persons_read(&self, id: &PersonId) -> Result<PersonData, ApiError> {
        self.get(v4(&format!("/persons/{}/read", segment(id.as_str()))))
            .await
    }

    /// `persons/search`.
    pub async fn persons_search(&self, query: &PersonQuery) -> Result<PersonResult, ApiError> {
        self.post(v4("/persons/search"), query).await
    }

    /// `persons/{id}/setAway`: mark an agent away or back.
    pub async fn persons_set_away(
        &self,
        id: &PersonId,
        body: &PersonsSetAwayBody,
    ) -> Result<AgentPersonStateData, ApiError> {
        self.post(
            v4(&format!("/persons/{}/setAway", segment(id.as_str()))),
            body,
        )
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
                Method::Get,
                v4("/availability/getAgentAvailability"),
                query,
                None,
            )
            .await?;
        decode(&response)
    }
}
