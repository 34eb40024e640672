//! `users/*`: agents as Unblu's `User` (`createWithPassword`, `getByUsername`, `read`,
//! `setPassword`). In Baton a user's id is their person id.
//!
//! Creating a user registers an agent with the domain and then stores their password; the
//! two cannot be one transaction, so a password that cannot be stored after the person was
//! registered is reported as such (`PASSWORD_NOT_SET`) and logged. Who may create or see a
//! user is the domain's decision (`RegisterPerson`, `access::can_view_person`).

use baton_api::operation::v4;
use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use baton_api::ErrorBody;
use baton_api::wire::error::ErrorCode;
use baton_api::wire::person::{User, UserPasswordContainer, UsersSetPasswordBody};
use baton_core::directory::{
    AuthorizationRole, Directory, NotificationChannels, Person, PersonType, PresenceState,
};
use baton_core::id::PersonId;
use baton_core::{Command, DomainError, access};
use serde::Deserialize;

use super::own_account;
use crate::auth::credentials::{self, CredentialError};
use crate::http::App;
use crate::http::caller::Caller;
use crate::http::error::ApiError;
use crate::http::extract::{PathParams, QueryParams};
use crate::http::json::Body;
use crate::http::routes::Routes;
use crate::limits::Guess;
use crate::secrets;

pub(super) fn routes() -> Routes {
    Routes::new()
        .operation(&v4::USERS_CREATE_WITH_PASSWORD, create_with_password)
        .operation(&v4::USERS_GET_BY_USERNAME, get_by_username)
        .operation(&v4::USERS_READ, read)
        .operation(&v4::USERS_SET_PASSWORD, set_password)
}

/// Why `createWithPassword` failed.
enum CreateUserError {
    /// Nothing was created.
    Refused(ApiError),
    /// The person was registered, but their password could not be stored.
    PasswordNotSet {
        person: PersonId,
        error: CredentialError,
    },
}

impl From<ApiError> for CreateUserError {
    fn from(error: ApiError) -> Self {
        Self::Refused(error)
    }
}

impl IntoResponse for CreateUserError {
    fn into_response(self) -> Response {
        let (person, error) = match self {
            Self::Refused(error) => return error.into_response(),
            Self::PasswordNotSet { person, error } => (person, error),
        };
        tracing::error!(%person, %error, "a user was registered but their password was not stored");
        let (status, reason) = match &error {
            CredentialError::UsernameTaken => (
                StatusCode::CONFLICT,
                "the username is taken (usernames are compared ignoring case)".to_owned(),
            ),
            CredentialError::InvalidUsername | CredentialError::InvalidPassword => {
                (StatusCode::BAD_REQUEST, error.to_string())
            }
            CredentialError::Hash(_) | CredentialError::Worker | CredentialError::Database(_) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "see the server log".to_owned(),
            ),
        };
        let body = ErrorBody::with_status(
            status.as_u16(),
            ErrorCode::PasswordNotSet,
            format!("user {person} was registered, but its password could not be set: {reason}"),
        );
        (status, Json(body)).into_response()
    }
}

/// Unblu's display name: first and last name, else the username.
fn display_name(user: &User, username: &str) -> String {
    let full = [user.first_name.as_deref(), user.last_name.as_deref()]
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    if full.is_empty() {
        username.to_owned()
    } else {
        full
    }
}

/// `POST users/createWithPassword`: registers an agent and gives them a password. The
/// account defaults to the acting agent's; the role to REGISTERED_USER.
async fn create_with_password(
    State(app): State<Arc<App>>,
    caller: Caller,
    Body(body): Body<UserPasswordContainer>,
) -> Result<Json<User>, CreateUserError> {
    let actor = caller.signed_in()?;
    let UserPasswordContainer { user, password, .. } = body;
    let username = user
        .username
        .clone()
        .ok_or_else(|| ApiError::Malformed("user.username is required".into()))?;
    // Checked first so that a password the store would refuse never leaves an agent without
    // one.
    credentials::validate(&username, password.expose())
        .map_err(|e| ApiError::Malformed(e.to_string()))?;
    let account = match &user.account_id {
        Some(account) => account.clone(),
        None => app.runtime.read(|s| own_account(s, actor)).ok_or_else(|| {
            ApiError::Malformed("user.accountId is required for the web API administrator".into())
        })?,
    };
    let person = Person {
        id: PersonId::new(secrets::id("person")),
        person_type: PersonType::Agent,
        account,
        team: user.team_id.clone(),
        display_name: display_name(&user, &username),
        username: Some(username.clone()),
        email: user.email.clone(),
        presence: PresenceState::Online,
        role: user
            .authorization_role
            .unwrap_or(AuthorizationRole::RegisteredUser),
        notifications: NotificationChannels::ALL,
    };
    let id = person.id.clone();
    app.execute(actor, Command::RegisterPerson { person })
        .await?;
    if let Err(error) = app.credentials.set(&id, &username, password.expose()).await {
        return Err(CreateUserError::PasswordNotSet { person: id, error });
    }
    let created = app
        .runtime
        .read(|s| s.directory.person(&id).map(User::from))
        .ok_or(ApiError::Domain(DomainError::UnknownPerson(id)))?;
    Ok(Json(created))
}

#[derive(Deserialize)]
struct UsernameParams {
    username: Option<String>,
}

/// The user `find` picks, if `caller` may see them; 404 otherwise.
fn visible_user(
    app: &App,
    caller: &Caller,
    find: impl FnOnce(&Directory) -> Option<&Person>,
    missing: impl FnOnce() -> String,
) -> Result<Json<User>, ApiError> {
    let actor = caller.signed_in()?;
    app.runtime
        .read(|s| {
            find(&s.directory)
                .filter(|p| access::can_view_person(s, actor, p))
                .map(User::from)
        })
        .map(Json)
        .ok_or_else(|| ApiError::NotFound(missing()))
}

/// `GET users/getByUsername?username=`.
async fn get_by_username(
    State(app): State<Arc<App>>,
    caller: Caller,
    QueryParams(params): QueryParams<UsernameParams>,
) -> Result<Json<User>, ApiError> {
    caller.signed_in()?;
    let username = params
        .username
        .ok_or_else(|| ApiError::Malformed("the query parameter username is required".into()))?;
    visible_user(
        &app,
        &caller,
        |d| {
            d.persons
                .values()
                .find(|p| p.username.as_deref() == Some(username.as_str()))
        },
        || format!("no user with username {username}"),
    )
}

/// `GET users/{userId}/read`.
async fn read(
    State(app): State<Arc<App>>,
    caller: Caller,
    PathParams(id): PathParams<String>,
) -> Result<Json<User>, ApiError> {
    visible_user(
        &app,
        &caller,
        |d| d.person(&PersonId::new(id.as_str())),
        || format!("no user {id}"),
    )
}

/// `POST users/{userId}/setPassword`: the administrator of the user's account sets anyone's
/// password; an agent their own, with `currentPassword`. Every session of the user ends, with
/// their event streams and verified Basic credentials. A user the caller may not change
/// answers like an unknown one.
async fn set_password(
    State(app): State<Arc<App>>,
    caller: Caller,
    PathParams(id): PathParams<String>,
    Body(body): Body<UsersSetPasswordBody>,
) -> Result<Json<User>, ApiError> {
    let actor = caller.signed_in()?;
    let id = PersonId::new(id);
    let unknown = || ApiError::Domain(DomainError::UnknownPerson(id.clone()));
    let (is_admin, is_self) = app
        .runtime
        .read(|s| {
            let person = s.directory.person(&id)?;
            Some((
                access::is_admin_of(s, actor, &person.account),
                actor.person() == Some(&id),
            ))
        })
        .ok_or_else(unknown)?;
    if !is_admin && !is_self {
        return Err(unknown());
    }
    let username = app
        .credentials
        .username_of(&id)
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?
        .ok_or_else(|| ApiError::Malformed(format!("user {id} signs in without a password")))?;
    credentials::validate(&username, body.password.expose())
        .map_err(|e| ApiError::Malformed(e.to_string()))?;
    if !is_admin {
        let current = body.current_password.ok_or_else(|| {
            ApiError::Malformed("currentPassword is required to change your own password".into())
        })?;
        let guess = Guess::Password {
            username: &username,
            client: &caller.client,
        };
        let attempt = app.begin_guess(guess, app.clock.now()).await?;
        let verified = app
            .credentials
            .verify(&username, current.expose())
            .await
            .map_err(|e| ApiError::Internal(e.to_string()))?;
        app.settle_guess(guess, attempt, verified.is_some()).await;
        if verified.as_ref() != Some(&id) {
            // 403, not 401: the caller is signed in, and clients read 401 as "sign in again".
            return Err(ApiError::Domain(DomainError::NotAllowed(
                "the current password is wrong",
            )));
        }
    }
    app.credentials
        .set(&id, &username, body.password.expose())
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    app.end_sessions_of(&id).await?;
    app.runtime
        .read(|s| s.directory.person(&id).map(User::from))
        .map(Json)
        .ok_or_else(unknown)
}
