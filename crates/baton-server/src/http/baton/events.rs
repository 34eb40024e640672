//! `GET /baton/v1/events`: the Server-Sent Events feed of everything the caller may see, as
//! `BatonEvent::for_actor` shows it (visitors: their own conversations only, never hidden
//! participants, agent-only messages, invitations or tokens; agents per `access::event_view`).
//!
//! Each SSE event has `id:` = the log position, `event:` = the event's kind and `data:` = the
//! `BatonEvent` as JSON. A client resumes with `Last-Event-ID` (or `?lastEventId=` where it
//! cannot set headers; the header wins, because a browser's reconnect sends the newer id in
//! the header and the original URL unchanged). Resuming misses nothing and repeats nothing:
//! the feed subscribes to the live events first, then replays the log after the id, then
//! continues live skipping what it already passed; a lagging or gapped live receiver falls
//! back to the log. Without an id the feed starts at the present.

use std::collections::VecDeque;
use std::convert::Infallible;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use axum::extract::{RawQuery, State};
use axum::http::HeaderMap;
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use baton_api::wire::baton::BatonEvent;
use baton_core::Actor;
use futures_util::Stream;
use tokio::sync::broadcast::error::RecvError;
use tokio::sync::{broadcast, watch};

use crate::http::App;
use crate::http::caller::Caller;
use crate::http::error::ApiError;
use crate::metrics::Metrics;
use crate::server::stopped;
use crate::store::Recorded;

/// How often a comment line keeps idle connections (and proxies) from timing out.
const KEEP_ALIVE: Duration = Duration::from_secs(15);
/// The query parameter for clients that cannot set `Last-Event-ID`.
const QUERY_PARAMETER: &str = "lastEventId";

/// Opens the feed; 401 for anonymous callers, 400 for an id this server never sent.
pub(super) async fn stream(
    State(app): State<Arc<App>>,
    caller: Caller,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Result<Sse<impl Stream<Item = Result<SseEvent, Infallible>>>, ApiError> {
    let actor = caller.signed_in()?.clone();
    let resume = last_event_id(&headers, query.as_deref())?;
    // Subscribe before reading the log: whatever is recorded from here on arrives live.
    let live = app.runtime.subscribe();
    let store = app.runtime.store();
    let head = store
        .head()
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    let last = resume.map_or(head, |id| id.min(head));
    let backlog = if last < head {
        store
            .load_after(last)
            .await
            .map_err(|e| ApiError::Internal(e.to_string()))?
    } else {
        Vec::new()
    };
    let feed = Feed {
        _subscriber: Subscriber::new(Arc::clone(&app.metrics)),
        shutdown: app.shutdown.clone(),
        app,
        actor,
        live,
        backlog: backlog.into_iter().map(Arc::new).collect(),
        last,
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
    let from_query = || {
        query?
            .split('&')
            .find_map(|pair| pair.strip_prefix(QUERY_PARAMETER)?.strip_prefix('='))
    };
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

/// One client's position in the log.
struct Feed {
    app: Arc<App>,
    actor: Actor,
    live: broadcast::Receiver<Arc<Recorded>>,
    /// Read from the log, not sent yet.
    backlog: VecDeque<Arc<Recorded>>,
    /// The last position passed (sent, or not for this reader).
    last: u64,
    shutdown: watch::Receiver<bool>,
    /// Held for the metric; dropped with the feed.
    _subscriber: Subscriber,
}

impl Feed {
    /// The next event this reader may see; `None` ends the feed (server stopping, or the log
    /// unreadable: the client reconnects with its last id).
    async fn next(&mut self) -> Option<SseEvent> {
        loop {
            let recorded = match self.backlog.pop_front() {
                Some(recorded) => recorded,
                None => self.receive().await?,
            };
            if recorded.seq <= self.last {
                continue;
            }
            self.last = recorded.seq;
            let view = self.app.runtime.read(|state| {
                BatonEvent::for_actor(recorded.seq, state, &self.actor, &recorded.event)
            });
            let Some(view) = view else { continue };
            match SseEvent::default()
                .id(recorded.seq.to_string())
                .event(recorded.event.kind())
                .json_data(&view)
            {
                Ok(event) => return Some(event),
                Err(error) => tracing::warn!(%error, seq = recorded.seq, "an event cannot be sent"),
            }
        }
    }

    /// The next live event after `last`, from the log when the live feed skipped some.
    async fn receive(&mut self) -> Option<Arc<Recorded>> {
        loop {
            tokio::select! {
                biased;
                () = stopped(self.shutdown.clone()) => return None,
                received = self.live.recv() => match received {
                    Ok(recorded) if recorded.seq <= self.last => {}
                    Ok(recorded) if recorded.seq == self.last + 1 => return Some(recorded),
                    Ok(_) | Err(RecvError::Lagged(_)) => {
                        let missed = self.app.runtime.store().load_after(self.last).await;
                        match missed {
                            Ok(missed) => self.backlog = missed.into_iter().map(Arc::new).collect(),
                            Err(error) => {
                                tracing::warn!(%error, "the event feed cannot read the log");
                                return None;
                            }
                        }
                        if let Some(recorded) = self.backlog.pop_front() {
                            return Some(recorded);
                        }
                    }
                    Err(RecvError::Closed) => return None,
                },
            }
        }
    }
}
