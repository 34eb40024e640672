//! `GET /baton/v1/admin/deliveries?state=failed` and `POST .../{id}/retry`: the web API
//! administrator's view of the outboxes (e-mails, webhooks and web pushes, newest first) and the way to put
//! a parked delivery back in line. Only the administrator: these show every recipient.
//!
//! The outboxes' tables stay `mail`'s, `webhooks`' and `push`'s; this module only merges their items
//! into `BatonDelivery` and picks the outbox an id names.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use baton_api::wire::baton::{BatonDelivery, BatonDeliveryChannel, BatonDeliveryState};
use baton_api::wire::shape::Tag;

use super::query_parameter;
use crate::http::App;
use crate::http::caller::Caller;
use crate::http::error::ApiError;
use crate::outbox::{Channel, Delivery, DeliveryState};

/// Items listed per outbox at most.
const LIMIT: u32 = 500;

fn internal(error: impl std::fmt::Display) -> ApiError {
    ApiError::Internal(error.to_string())
}

/// The outbox items in `?state=` (pending, delivered, failed; every state without it).
pub(super) async fn list(
    State(app): State<Arc<App>>,
    caller: Caller,
    RawQuery(query): RawQuery,
) -> Result<Json<Vec<BatonDelivery>>, ApiError> {
    caller.web_api_admin("only the web API administrator sees deliveries")?;
    let state = match query_parameter(query.as_deref(), "state") {
        None => None,
        Some(name) => Some(
            DeliveryState::ALL
                .into_iter()
                .find(|s| s.name() == name)
                .ok_or_else(|| {
                    ApiError::Malformed("state must be pending, delivered or failed".into())
                })?,
        ),
    };
    let mut items = app
        .mailer
        .deliveries(state, LIMIT)
        .await
        .map_err(internal)?;
    items.extend(
        app.webhooks
            .outbox_items(state, LIMIT)
            .await
            .map_err(internal)?,
    );
    items.extend(app.push.deliveries(state, LIMIT).await.map_err(internal)?);
    items.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(b.row.cmp(&a.row)));
    Ok(Json(items.iter().map(wire).collect()))
}

/// Puts a failed delivery back in line at once; 404 for an id that names no failed delivery.
pub(super) async fn retry(
    State(app): State<Arc<App>>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    caller.web_api_admin("only the web API administrator sees deliveries")?;
    let not_found = || ApiError::NotFound(format!("no failed delivery {id}"));
    let (channel, row) = Delivery::parse_id(&id).ok_or_else(not_found)?;
    let now = app.clock.now();
    let retried = match channel {
        Channel::Email => app.mailer.retry(row, now).await.map_err(internal)?,
        Channel::Webhook => app.webhooks.retry(row, now).await.map_err(internal)?,
        Channel::Push => app.push.retry(row, now).await.map_err(internal)?,
    };
    if retried {
        app.wakers.wake(channel);
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(not_found())
    }
}

fn wire(item: &Delivery) -> BatonDelivery {
    BatonDelivery {
        kind: Tag::new(),
        id: item.id(),
        channel: match item.channel {
            Channel::Email => BatonDeliveryChannel::Email,
            Channel::Webhook => BatonDeliveryChannel::Webhook,
            Channel::Push => BatonDeliveryChannel::Push,
        },
        state: match item.state {
            DeliveryState::Pending => BatonDeliveryState::Pending,
            DeliveryState::Delivered => BatonDeliveryState::Delivered,
            DeliveryState::Failed => BatonDeliveryState::Failed,
        },
        target: item.target.clone(),
        subject: item.what.clone(),
        event_id: item.event_id.clone(),
        attempts: item.attempts,
        created_at: item.created_at,
        next_attempt_at: (item.state == DeliveryState::Pending).then_some(item.next_attempt_at),
        finished_at: item.finished_at,
        last_error: item.last_error.clone(),
    }
}
