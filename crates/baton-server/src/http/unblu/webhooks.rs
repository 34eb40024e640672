//! `webhookregistrations/*`: Unblu's `WebhookRegistration` (`create`, `read`, `delete`), for
//! the web API administrator only (registrations are server-wide, not per account).
//!
//! Storing, validating the endpoint and queueing the `ping` are `crate::webhooks`'; this
//! module refuses event names Baton never sends and maps the wire shape. The secret is
//! returned once, by `create` (so that a generated one can be used); `read` never shows it.

use baton_api::operation::v4;
use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use baton_api::wire::Secret;
use baton_api::wire::shape::Tag;
use baton_api::wire::webhook::{RegistrationStatus, WebApiVersion, WebhookRegistration};
use baton_core::{Actor, DomainError};

use crate::http::App;
use crate::http::caller::Caller;
use crate::http::error::ApiError;
use crate::http::extract::PathParams;
use crate::http::json::Body;
use crate::http::routes::Routes;
use crate::webhooks::{self, NewWebhook, WebhookError};

pub(super) fn routes() -> Routes {
    Routes::new()
        .operation(&v4::WEBHOOK_REGISTRATIONS_CREATE, create)
        .operation(&v4::WEBHOOK_REGISTRATIONS_READ, read)
        .operation(&v4::WEBHOOK_REGISTRATIONS_DELETE, remove)
}

/// Only the web API administrator manages webhooks.
fn require_admin(caller: &Caller) -> Result<(), ApiError> {
    match caller.signed_in()? {
        Actor::Admin => Ok(()),
        _ => Err(ApiError::Domain(DomainError::NotAllowed(
            "only the web API administrator manages webhook registrations",
        ))),
    }
}

fn api_error(error: WebhookError) -> ApiError {
    match error {
        WebhookError::InvalidName
        | WebhookError::InvalidEndpoint(_)
        | WebhookError::PrivateEndpoint(_)
        | WebhookError::InvalidEvents
        | WebhookError::InvalidSecret => ApiError::Malformed(error.to_string()),
        WebhookError::NameTaken => ApiError::Domain(DomainError::AlreadyExists(
            "a webhook registration with this name".into(),
        )),
        WebhookError::NotFound => ApiError::NotFound(error.to_string()),
        WebhookError::Client(_) | WebhookError::Corrupt(_) | WebhookError::Database(_) => {
            ApiError::Internal(error.to_string())
        }
    }
}

/// The registration in Unblu's shape, with its secret only when `with_secret`.
fn wire(registration: webhooks::WebhookRegistration, with_secret: bool) -> WebhookRegistration {
    WebhookRegistration {
        kind: Tag::new(),
        id: Some(registration.id),
        creation_timestamp: Some(registration.created_at),
        modification_timestamp: Some(registration.updated_at),
        version: None,
        account_id: None,
        name: registration.name,
        status: Some(if registration.active {
            RegistrationStatus::Active
        } else {
            RegistrationStatus::Inactive
        }),
        description: None,
        endpoint: registration.endpoint,
        api_version: Some(WebApiVersion::V4),
        secret: with_secret.then(|| Secret::new(registration.secret)),
        events: registration.events,
    }
}

/// `POST webhookregistrations/create`: registers the endpoint and queues a `ping` to it. A
/// registration without a secret gets a generated one; the answer carries it.
async fn create(
    State(app): State<Arc<App>>,
    caller: Caller,
    Body(body): Body<WebhookRegistration>,
) -> Result<Json<WebhookRegistration>, ApiError> {
    require_admin(&caller)?;
    let unsupported = body.unsupported_events();
    if !unsupported.is_empty() {
        return Err(ApiError::Malformed(format!(
            "Baton never sends these events: {}",
            unsupported.join(", ")
        )));
    }
    if body.api_version.is_some_and(|v| v != WebApiVersion::V4) {
        return Err(ApiError::Malformed(
            "Baton sends web API V4 payloads only (apiVersion V4)".into(),
        ));
    }
    let new = NewWebhook {
        name: body.name,
        endpoint: body.endpoint,
        secret: body.secret.map(Secret::into_inner),
        events: body.events,
        active: matches!(body.status, None | Some(RegistrationStatus::Active)),
    };
    let created = app
        .webhooks
        .create(new, app.clock.now())
        .await
        .map_err(api_error)?;
    Ok(Json(wire(created, true)))
}

/// `GET webhookregistrations/{registrationId}/read` (without the secret).
async fn read(
    State(app): State<Arc<App>>,
    caller: Caller,
    PathParams(id): PathParams<String>,
) -> Result<Json<WebhookRegistration>, ApiError> {
    require_admin(&caller)?;
    app.webhooks
        .read(&id)
        .await
        .map_err(api_error)?
        .map(|registration| Json(wire(registration, false)))
        .ok_or_else(|| api_error(WebhookError::NotFound))
}

/// `DELETE webhookregistrations/{registrationId}/delete`: the registration and its pending
/// deliveries.
async fn remove(
    State(app): State<Arc<App>>,
    caller: Caller,
    PathParams(id): PathParams<String>,
) -> Result<StatusCode, ApiError> {
    require_admin(&caller)?;
    if app.webhooks.delete(&id).await.map_err(api_error)? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(api_error(WebhookError::NotFound))
    }
}
