//! `GET /baton/v1/events`: the Server-Sent Events feed of everything the caller may see, as
//! `BatonEvent::for_actor` shows it (visitors: their own conversations only, never hidden
//! participants, agent-only messages, invitations or tokens; agents per `access::event_view`).
//!
//! Each SSE event has `id:` = the log position, `event:` = the event's kind and `data:` = the
//! `BatonEvent` as JSON. A client resumes with `Last-Event-ID` (or `?lastEventId=` where it
//! cannot set headers; the header wins, because a browser's reconnect sends the newer id in
//! the header and the original URL unchanged). Resuming misses nothing and repeats nothing
//! (a [`LogFollower`]: the log after the id, then the live events). Without an id the feed
//! starts at the present.
//!
//! Resuming from an old id reads the log one page at a time (the [`LogFollower`]), so a
//! stream holds a bounded part of the log however far back it starts. One person may have
//! `[limits] max_streams_per_person` streams open at once; the next one is refused with 429
//! until one of them ends. Comment lines every 15 s keep idle connections (and proxies) open.
//! A stream ends at once when its session is signed out, or when its person's sessions are
//! revoked or their password changes. An agent's stream opened with their session (a desk)
//! holds their presence online while it lasts (`presence`).
//!
//! Who sees which event, and in which form, is decided only by `BatonEvent::for_actor`; no
//! event is filtered or edited here.

use std::convert::Infallible;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use axum::Extension;
use axum::extract::{RawQuery, State};
use axum::http::HeaderMap;
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use baton_api::wire::baton::BatonEvent;
use baton_core::Actor;
use futures_util::Stream;
use tokio::sync::watch;

use super::query_parameter;
use crate::auth::session::SessionWatch;
use crate::follow::LogFollower;
use crate::http::App;
use crate::http::caller::{Caller, Credentials};
use crate::http::error::ApiError;
use crate::metrics::Metrics;
use crate::presence::DeskHold;
use crate::server::stopped;
use crate::server::streams::{StreamSlot, StreamSlots};

/// How often a comment line keeps idle connections (and proxies) from timing out.
const KEEP_ALIVE: Duration = Duration::from_secs(15);
/// The query parameter for clients that cannot set `Last-Event-ID`.
const QUERY_PARAMETER: &str = "lastEventId";

/// Opens the feed; 401 for anonymous callers, 400 for an id this server never sent, 429 for
/// a person who has all their streams open.
pub(super) async fn stream(
    State(app): State<Arc<App>>,
    Extension(slots): Extension<Arc<StreamSlots>>,
    caller: Caller,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Result<Sse<impl Stream<Item = Result<SseEvent, Infallible>>>, ApiError> {
    let actor = caller.signed_in()?.clone();
    let resume = last_event_id(&headers, query.as_deref())?;
    let slot = slots
        .take(&actor)
        .ok_or(ApiError::TooManyStreams(slots.max()))?;
    let follower = LogFollower::new(Arc::clone(&app.runtime), resume)
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    let session_token = match &caller.credentials {
        Credentials::Session { token, .. } => Some(token.as_str()),
        _ => None,
    };
    let watch = app.sessions.watch(session_token, actor.person());
    // A desk (an agent's session, not HTTP Basic) holds its agent's presence while it streams.
    let desk = match (&actor, session_token) {
        (Actor::Agent(person), Some(_)) => Some(app.presence.hold(person.clone())),
        _ => None,
    };
    let feed = Feed {
        _desk: desk,
        _subscriber: Subscriber::new(Arc::clone(&app.metrics)),
        _slot: slot,
        watch,
        shutdown: app.shutdown.clone(),
        app,
        actor,
        follower,
    };
    let events = futures_util::stream::unfold(feed, |mut feed| async move {
        let event = feed.next().await?;
        Some((Ok(event), feed))
    });
    Ok(Sse::new(events).keep_alive(KeepAlive::new().interval(KEEP_ALIVE)))
}

/// The id to resume after: the `Last-Event-ID` header, else `?lastEventId=`.
fn last_event_id(headers: &HeaderMap, query: Option<&str>) -> Result<Option<u64>, ApiError> {
    let header = headers
        .get("last-event-id")
        .map(|v| v.to_str().unwrap_or("?"));
    let from_query = || query_parameter(query, QUERY_PARAMETER);
    match header.or_else(from_query).map(str::trim) {
        None | Some("") => Ok(None),
        Some(id) => id.parse().map(Some).map_err(|_| {
            ApiError::Malformed("Last-Event-ID must be the id of an event this server sent".into())
        }),
    }
}

/// Counts an open feed in `sse_subscribers` for as long as it lives.
struct Subscriber(Arc<Metrics>);

impl Subscriber {
    fn new(metrics: Arc<Metrics>) -> Self {
        metrics.sse_subscribers.fetch_add(1, Ordering::Relaxed);
        Self(metrics)
    }
}

impl Drop for Subscriber {
    fn drop(&mut self) {
        self.0.sse_subscribers.fetch_sub(1, Ordering::Relaxed);
    }
}

/// One client's feed.
struct Feed {
    app: Arc<App>,
    actor: Actor,
    follower: LogFollower,
    shutdown: watch::Receiver<bool>,
    /// Ends the feed when its session is signed out or its person's sessions are revoked.
    watch: SessionWatch,
    /// An agent's desk's hold on their presence; released with the feed, before the metric
    /// counts the feed gone (fields drop in order).
    _desk: Option<DeskHold>,
    /// Held for the metric; dropped with the feed.
    _subscriber: Subscriber,
    /// Held against the person's cap; dropped with the feed.
    _slot: StreamSlot,
}

impl Feed {
    /// The next event this reader may see; `None` ends the feed (server stopping, or the log
    /// unreadable: the client reconnects with its last id).
    async fn next(&mut self) -> Option<SseEvent> {
        loop {
            let recorded = tokio::select! {
                biased;
                () = stopped(self.shutdown.clone()) => return None,
                () = self.watch.ended() => return None,
                next = self.follower.next() => match next {
                    Ok(recorded) => recorded?,
                    Err(error) => {
                        tracing::warn!(%error, "the event feed cannot read the log");
                        return None;
                    }
                },
            };
            let view = self.app.runtime.read(|state| {
                BatonEvent::for_actor(
                    recorded.seq,
                    recorded.recorded_at,
                    state,
                    &self.actor,
                    &recorded.event,
                )
            });
            let Some(view) = view else { continue };
            match SseEvent::default()
                .id(recorded.seq.to_string())
                .event(recorded.event.kind().as_str())
                .json_data(&view)
            {
                Ok(event) => return Some(event),
                Err(error) => {
                    tracing::warn!(%error, seq = recorded.seq, "an event cannot be sent")
                }
            }
        }
    }
}
