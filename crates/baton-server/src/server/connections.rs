//! Serving HTTP/1.1 connections with hyper, so that no client holds a connection it does not
//! use: a connection must send a request's head within the header-read timeout (counted from
//! the connection's first moment, or from the first byte after an idle pause), must send its
//! next request within the keep-alive idle timeout after a response, and a request must reach
//! its response within the request timeout (503 with Unblu's error body). While a response is
//! being sent (the event stream's never ends) no connection timeout runs.
//!
//! On stop, the listener is closed at once and every connection is asked to close after its
//! current response ([`serve`] returns when all have); the caller bounds that wait by the
//! grace period and then drops what is left. Routing, handlers and what a request may do do
//! not belong here.

use std::convert::Infallible;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use hyper::body::{Frame, Incoming, SizeHint};
use hyper::server::conn::http1;
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Notify, watch};
use tokio::task::JoinSet;
use tokio::time::Instant;
use tower::{Service, ServiceExt};

use super::stopped;
use crate::http::error::ApiError;
use crate::limits::LimitSettings;

/// How long to wait before accepting again after the listener failed (out of file handles).
const ACCEPT_BACKOFF: Duration = Duration::from_secs(1);

/// The connection timeouts of `[limits]`; `None` where the setting is 0 (no limit).
#[derive(Clone, Copy, Debug)]
pub(super) struct Timeouts {
    /// For a request's head.
    pub header_read: Option<Duration>,
    /// For the next request after a response.
    pub keep_alive_idle: Option<Duration>,
}

impl Timeouts {
    /// The timeouts `limits` configure.
    pub fn from_limits(limits: &LimitSettings) -> Self {
        Self {
            header_read: seconds(limits.header_read_timeout_seconds),
            keep_alive_idle: seconds(limits.keep_alive_idle_seconds),
        }
    }
}

/// A limit in seconds, `None` for 0 (no limit).
pub(super) fn seconds(seconds: u64) -> Option<Duration> {
    (seconds > 0).then(|| Duration::from_secs(seconds))
}

/// Answers 503 (Unblu's error body) when the rest of the stack has not produced a response
/// within `limit`. Only the response's start is timed, so a streamed body (the event feed)
/// runs on.
pub(super) async fn request_timeout(
    State(limit): State<Duration>,
    request: Request,
    next: Next,
) -> Response {
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => ApiError::Timeout(limit.as_secs()).into_response(),
    }
}

/// Serves `router` on `listener` until `stop` turns true, then stops accepting and returns
/// once every connection has closed. Dropping the future closes the remaining connections.
pub(super) async fn serve(
    listener: TcpListener,
    router: Router,
    timeouts: Timeouts,
    stop: watch::Receiver<bool>,
) {
    // The same per-connection service as `axum::serve` makes: handlers get `ConnectInfo`.
    let mut make = router.into_make_service_with_connect_info::<SocketAddr>();
    let mut connections = JoinSet::new();
    let stopping = stopped(stop.clone());
    tokio::pin!(stopping);
    loop {
        tokio::select! {
            () = &mut stopping => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, peer)) => {
                    let Ok(ready) = ServiceExt::<SocketAddr>::ready(&mut make).await;
                    let Ok(service) = ready.call(peer).await;
                    connections.spawn(connection(stream, service, timeouts, stop.clone()));
                }
                Err(error) if is_connection_error(&error) => {
                    tracing::debug!(%error, "a connection failed before it was accepted");
                }
                Err(error) => {
                    tracing::warn!(%error, "cannot accept connections; retrying");
                    tokio::select! {
                        () = tokio::time::sleep(ACCEPT_BACKOFF) => {}
                        () = &mut stopping => break,
                    }
                }
            },
            Some(ended) = connections.join_next(), if !connections.is_empty() => {
                if let Err(error) = ended {
                    tracing::error!(%error, "a connection task failed");
                }
            }
        }
    }
    drop(listener);
    tracing::debug!(
        open = connections.len(),
        "not accepting; closing connections"
    );
    while connections.join_next().await.is_some() {}
}

/// Errors of one connection, not of the listener.
fn is_connection_error(error: &io::Error) -> bool {
    matches!(
        error.kind(),
        io::ErrorKind::ConnectionRefused
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
    )
}

/// Serves one connection until it ends, times out, or the server stops.
async fn connection<S>(
    stream: TcpStream,
    service: S,
    timeouts: Timeouts,
    stop: watch::Receiver<bool>,
) where
    S: Service<Request, Response = Response, Error = Infallible> + Clone + Send + 'static,
    S::Future: Send,
{
    let activity = Arc::new(Activity::new());
    let io = TokioIo::new(Watched {
        stream,
        activity: Arc::clone(&activity),
    });
    let requests = Arc::clone(&activity);
    let service = hyper::service::service_fn(move |request: hyper::Request<Incoming>| {
        let busy = Busy::begin(&requests);
        let response = service.clone().oneshot(request.map(Body::new));
        async move {
            let response = response.await?;
            Ok::<_, Infallible>(response.map(|body| TrackedBody { body, _busy: busy }))
        }
    });
    let served = http1::Builder::new().serve_connection(io, service);
    tokio::pin!(served);
    let mut closing = false;
    loop {
        tokio::select! {
            ended = served.as_mut() => {
                if let Err(error) = ended {
                    tracing::debug!(%error, "connection ended");
                }
                return;
            }
            phase = activity.expired(timeouts) => {
                tracing::debug!(?phase, "closing a connection that timed out");
                return;
            }
            () = stopped(stop.clone()), if !closing => {
                closing = true;
                // Idle connections close now; busy ones after their current response.
                served.as_mut().graceful_shutdown();
            }
        }
    }
}

/// Where a connection is in its life, for its timeouts.
#[derive(Clone, Copy, Debug)]
enum Phase {
    /// Receiving a request's head since `since` (a new connection starts here).
    Head { since: Instant },
    /// A response ended at `since` and nothing came since.
    Idle { since: Instant },
    /// This many requests have been handed to the service and their responses not yet sent.
    Busy(usize),
}

/// The phase of one connection, shared by its reads, its requests and its watchdog.
#[derive(Debug)]
struct Activity {
    phase: Mutex<Phase>,
    /// Wakes the watchdog when the phase changed.
    changed: Notify,
}

impl Activity {
    fn new() -> Self {
        Self {
            phase: Mutex::new(Phase::Head {
                since: Instant::now(),
            }),
            changed: Notify::new(),
        }
    }

    fn update(&self, change: impl FnOnce(Phase) -> Phase) {
        let mut phase = self.phase.lock().unwrap_or_else(PoisonError::into_inner);
        *phase = change(*phase);
        drop(phase);
        self.changed.notify_one();
    }

    fn phase(&self) -> Phase {
        *self.phase.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Bytes arrived: after an idle pause, a new request's head has begun.
    fn read(&self) {
        let idle = matches!(self.phase(), Phase::Idle { .. });
        if idle {
            self.update(|phase| match phase {
                Phase::Idle { .. } => Phase::Head {
                    since: Instant::now(),
                },
                other => other,
            });
        }
    }

    /// When the current phase runs out, if it can.
    fn deadline(&self, timeouts: Timeouts) -> Option<Instant> {
        match self.phase() {
            Phase::Head { since } => timeouts.header_read.map(|limit| since + limit),
            Phase::Idle { since } => timeouts.keep_alive_idle.map(|limit| since + limit),
            Phase::Busy(_) => None,
        }
    }

    /// Resolves with the phase that ran out.
    async fn expired(&self, timeouts: Timeouts) -> Phase {
        loop {
            let changed = self.changed.notified();
            match self.deadline(timeouts) {
                Some(deadline) if deadline <= Instant::now() => return self.phase(),
                Some(deadline) => {
                    tokio::select! {
                        () = tokio::time::sleep_until(deadline) => {}
                        () = changed => {}
                    }
                }
                None => changed.await,
            }
        }
    }
}

/// One request from the moment its head was read until its response was sent (or dropped).
#[derive(Debug)]
struct Busy(Arc<Activity>);

impl Busy {
    fn begin(activity: &Arc<Activity>) -> Self {
        activity.update(|phase| match phase {
            Phase::Busy(requests) => Phase::Busy(requests + 1),
            Phase::Head { .. } | Phase::Idle { .. } => Phase::Busy(1),
        });
        Self(Arc::clone(activity))
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        self.0.update(|phase| match phase {
            Phase::Busy(requests) if requests > 1 => Phase::Busy(requests - 1),
            _ => Phase::Idle {
                since: Instant::now(),
            },
        });
    }
}

/// A response body that keeps its request [`Busy`] until hyper has sent (and dropped) it.
struct TrackedBody {
    body: Body,
    _busy: Busy,
}

impl hyper::body::Body for TrackedBody {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        Pin::new(&mut self.get_mut().body).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}

/// The socket, telling its [`Activity`] when bytes arrive.
struct Watched {
    stream: TcpStream,
    activity: Arc<Activity>,
}

impl AsyncRead for Watched {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let before = buf.filled().len();
        let read = Pin::new(&mut this.stream).poll_read(cx, buf);
        if buf.filled().len() > before {
            this.activity.read();
        }
        read
    }
}

impl AsyncWrite for Watched {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().stream).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().stream).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_shutdown(cx)
    }
}
