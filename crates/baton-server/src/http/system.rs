//! Operational endpoints: `/healthz` (liveness: the log is reachable), `/readyz` (readiness:
//! the instance has caught up with what every instance recorded; both for anyone: load
//! balancers) and `/metrics` (Prometheus, for the web API administrator: the counts tell a
//! bank's traffic).

use baton_api::operation::system;
use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;

use super::App;
use super::caller::Caller;
use super::error::ApiError;
use crate::http::routes::Routes;
use crate::outbox::Channel;

pub(super) fn routes() -> Routes {
    Routes::new()
        .operation(&system::HEALTHZ, healthz)
        .operation(&system::READYZ, readyz)
        .operation(&system::METRICS, metrics)
}

/// 200 with the log's head when the database answers.
async fn healthz(State(app): State<Arc<App>>) -> Result<impl IntoResponse, ApiError> {
    let head = app
        .runtime
        .store()
        .head()
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok(log_status(head))
}

/// 200 with the position reached once this instance has taken in everything recorded until
/// now, by any instance; 503 when the log cannot be read.
async fn readyz(State(app): State<Arc<App>>) -> Result<impl IntoResponse, ApiError> {
    let reached = app
        .runtime
        .catch_up()
        .await
        .map_err(|e| ApiError::NotReady(e.to_string()))?;
    Ok(log_status(reached))
}

/// The answer both probes share (the OpenAPI `Health` shape): ok, at log position `events`.
fn log_status(events: u64) -> impl IntoResponse {
    (
        StatusCode::OK,
        Json(serde_json::json!({ "status": "ok", "events": events })),
    )
}

/// The counters, and the outboxes' items per channel and state, read now.
async fn metrics(
    State(app): State<Arc<App>>,
    caller: Caller,
) -> Result<impl IntoResponse, ApiError> {
    caller.web_api_admin("only the web API administrator reads the metrics")?;
    let internal = |e: &dyn std::fmt::Display| ApiError::Internal(e.to_string());
    let mut outbox = Vec::new();
    let emails = app.mailer.counts().await.map_err(|e| internal(&e))?;
    let webhooks = app.webhooks.counts().await.map_err(|e| internal(&e))?;
    let pushes = app.push.counts().await.map_err(|e| internal(&e))?;
    for (channel, counts) in [
        (Channel::Email, emails),
        (Channel::Webhook, webhooks),
        (Channel::Push, pushes),
    ] {
        outbox.extend(counts.into_iter().map(|(state, n)| (channel, state, n)));
    }
    Ok((
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        app.metrics.render(&outbox, app.runtime.transactions()),
    ))
}
