//! Operational endpoints: `/healthz` (the log is reachable) and `/metrics` (Prometheus).

use std::sync::Arc;

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};

use super::App;
use super::error::ApiError;

pub(super) fn routes() -> Router<Arc<App>> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics))
}

/// 200 with the log's head when the database answers.
async fn healthz(State(app): State<Arc<App>>) -> Result<impl IntoResponse, ApiError> {
    let head = app
        .runtime
        .store()
        .head()
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok((
        StatusCode::OK,
        Json(serde_json::json!({ "status": "ok", "events": head })),
    ))
}

async fn metrics(State(app): State<Arc<App>>) -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        app.metrics.render(),
    )
}
