//! Subscribing to Baton's event feed (`GET /baton/v1/events`, Server-Sent Events), without
//! I/O and without a clock, so that every driver shares it: the native one
//! (`Client::events`, feature `native`) and the browser's.
//!
//! - [`SseParser`] turns the bytes of one response, in chunks split anywhere, into
//!   [`SseFrame`]s, as the WHATWG HTML standard's "event stream interpretation" says.
//! - [`decode_event`] reads a frame's `data` as a [`BatonEvent`]; the browser SDK calls it on
//!   what its own `EventSource` delivers.
//! - [`EventSubscription`] is one subscription's state across connections: the last event id
//!   (sent as `Last-Event-ID` on reconnecting, so nothing is missed or repeated), the
//!   reconnect delay with its backoff, and [`retries`] says which refusals are worth another
//!   attempt.
//!
//! Sockets, timers and tasks belong to the drivers, never here; so does anything
//! transport-specific (this module compiles for `wasm32-unknown-unknown`).

use std::time::Duration;

use super::error::ApiError;
use super::{Client, Request, Transport};
use crate::backoff::Backoff;
use crate::wire::baton::BatonEvent;

/// The delay before the first reconnect when the server sent no `retry:`.
pub const INITIAL_RECONNECT_DELAY: Duration = Duration::from_secs(1);

/// The longest delay the backoff grows to (unless the server's `retry:` asks for more).
pub const MAX_RECONNECT_DELAY: Duration = Duration::from_secs(30);

/// One dispatched Server-Sent Event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SseFrame {
    /// The stream's last event id when the frame was dispatched (the `lastEventId` of a
    /// browser's `MessageEvent`: an `id:` field persists until another replaces it); `None`
    /// while it is empty.
    pub id: Option<String>,
    /// The `event:` field, `"message"` without one.
    pub event: String,
    /// The `data:` lines, joined with `\n`.
    pub data: String,
}

/// A push parser for `text/event-stream`: feed it the bytes of one response as they come.
#[derive(Clone, Debug, Default)]
pub struct SseParser {
    /// The bytes of the line not ended yet (a UTF-8 character may be split between chunks).
    line: Vec<u8>,
    /// The last byte was a `\r`: a `\n` right after it ends no further line.
    after_cr: bool,
    /// No line has ended yet in this stream (a byte order mark may start it).
    at_start: bool,
    data: String,
    event: String,
    /// The last event id buffer.
    id: String,
    /// The last event id as of the last dispatch.
    last_event_id: String,
    retry: Option<Duration>,
}

impl SseParser {
    /// A parser at the start of a stream.
    pub fn new() -> Self {
        Self {
            at_start: true,
            ..Self::default()
        }
    }

    /// Parses `chunk` and answers the frames it completes, in order.
    pub fn feed(&mut self, chunk: &[u8]) -> Vec<SseFrame> {
        let mut frames = Vec::new();
        if chunk.is_empty() {
            return frames;
        }
        let mut rest = chunk;
        if self.after_cr && rest.first() == Some(&b'\n') {
            rest = &rest[1..];
        }
        self.after_cr = false;
        while let Some(end) = rest.iter().position(|b| matches!(b, b'\r' | b'\n')) {
            self.line.extend_from_slice(&rest[..end]);
            let line = std::mem::take(&mut self.line);
            frames.extend(self.line_ended(&line));
            let crlf = rest[end] == b'\r' && rest.get(end + 1) == Some(&b'\n');
            if rest[end] == b'\r' && end + 1 == rest.len() {
                self.after_cr = true;
            }
            rest = &rest[end + if crlf { 2 } else { 1 }..];
        }
        self.line.extend_from_slice(rest);
        frames
    }

    /// The `retry:` the server sent last, if any.
    pub fn retry(&self) -> Option<Duration> {
        self.retry
    }

    /// The last event id as of the last dispatch (what a reconnect sends as
    /// `Last-Event-ID`); `None` while empty.
    pub fn last_event_id(&self) -> Option<&str> {
        Some(self.last_event_id.as_str()).filter(|id| !id.is_empty())
    }

    /// A new stream starts (a reconnect): the unfinished line and event of the old one are
    /// dropped; the last event id and `retry:` stay, as in a browser's `EventSource`.
    pub fn restart(&mut self) {
        self.line.clear();
        self.after_cr = false;
        self.at_start = true;
        self.data.clear();
        self.event.clear();
        self.id.clone_from(&self.last_event_id);
    }

    fn line_ended(&mut self, line: &[u8]) -> Option<SseFrame> {
        let mut line = line;
        if std::mem::take(&mut self.at_start) {
            line = line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line);
        }
        let line = String::from_utf8_lossy(line);
        if line.is_empty() {
            return self.dispatch();
        }
        if line.starts_with(':') {
            return None;
        }
        let (field, value) = match line.split_once(':') {
            Some((field, value)) => (field, value.strip_prefix(' ').unwrap_or(value)),
            None => (line.as_ref(), ""),
        };
        match field {
            "event" => value.clone_into(&mut self.event),
            "data" => {
                self.data.push_str(value);
                self.data.push('\n');
            }
            "id" if !value.contains('\0') => value.clone_into(&mut self.id),
            "retry" if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) => {
                if let Ok(millis) = value.parse() {
                    self.retry = Some(Duration::from_millis(millis));
                }
            }
            _ => {}
        }
        None
    }

    fn dispatch(&mut self) -> Option<SseFrame> {
        self.last_event_id.clone_from(&self.id);
        let event = std::mem::take(&mut self.event);
        if self.data.is_empty() {
            return None;
        }
        let mut data = std::mem::take(&mut self.data);
        data.pop();
        Some(SseFrame {
            id: self.last_event_id().map(str::to_owned),
            event: if event.is_empty() {
                "message".to_owned()
            } else {
                event
            },
            data,
        })
    }
}

/// A frame's `data` as the [`BatonEvent`] it carries; an [`ApiError::Decode`] (code
/// [`MALFORMED_RESPONSE`](super::error::MALFORMED_RESPONSE)) when it is not one.
pub fn decode_event(data: &str) -> Result<BatonEvent, ApiError> {
    serde_json::from_str(data).map_err(|e| ApiError::Decode {
        status: 200,
        message: format!("event data: {e}"),
    })
}

/// Whether a refusal of the feed may pass by itself, so that reconnecting later makes sense:
/// 5xx, 408 and 429. Any other non-2xx answer (401, 403, 400, ...) ends the subscription.
pub fn retries(status: u16) -> bool {
    status >= 500 || status == 408 || status == 429
}

/// One subscription to the feed across its connections.
///
/// A driver connects with [`EventSubscription::request`], calls
/// [`EventSubscription::connected`] on a 2xx answer, hands every chunk of the body to
/// [`EventSubscription::feed`], and when the connection drops or an attempt fails waits
/// [`EventSubscription::reconnect_delay`] before the next request.
#[derive(Clone, Debug)]
pub struct EventSubscription {
    parser: SseParser,
    last_event_id: Option<u64>,
    /// Attempts since the last successful connection that were followed by a delay.
    failures: u32,
}

impl EventSubscription {
    /// A subscription that starts after the event `last_event_id` (a [`BatonEvent::seq`]),
    /// or at the present with `None`.
    pub fn new(last_event_id: Option<u64>) -> Self {
        Self {
            parser: SseParser::new(),
            last_event_id,
            failures: 0,
        }
    }

    /// The id of the last event received (or the one it started after).
    pub fn last_event_id(&self) -> Option<u64> {
        self.last_event_id
    }

    /// The request that (re)connects: after [`Self::last_event_id`], with `client`'s
    /// credentials.
    pub fn request<T: Transport>(&self, client: &Client<T>) -> Request {
        client.events_request(self.last_event_id)
    }

    /// The server accepted a connection: the backoff starts over and a new stream begins.
    pub fn connected(&mut self) {
        self.failures = 0;
        self.parser.restart();
    }

    /// Parses a chunk of the body and answers the events it completes, in order; a frame that
    /// is not a [`BatonEvent`] gives an error in its place. The last event id follows every
    /// frame with a numeric id, readable or not (reading it again would not help).
    pub fn feed(&mut self, chunk: &[u8]) -> Vec<Result<BatonEvent, ApiError>> {
        self.parser
            .feed(chunk)
            .into_iter()
            .map(|frame| {
                if let Some(id) = frame.id.as_deref().and_then(|id| id.parse().ok()) {
                    self.last_event_id = Some(id);
                }
                decode_event(&frame.data)
            })
            .collect()
    }

    /// How long to wait before the next attempt (after a dropped connection or a failed
    /// attempt): the server's `retry:` or [`INITIAL_RECONNECT_DELAY`], doubled for each
    /// failure since the last successful connection, at most [`MAX_RECONNECT_DELAY`] (or the
    /// server's `retry:` when that is longer), its second half scaled by `jitter`
    /// ([`crate::backoff::jitter`]) so that clients cut off together do not return together.
    pub fn reconnect_delay(&mut self, jitter: f64) -> Duration {
        let first = self.parser.retry().unwrap_or(INITIAL_RECONNECT_DELAY);
        let backoff = Backoff {
            first,
            max: MAX_RECONNECT_DELAY,
        };
        self.failures = self.failures.saturating_add(1);
        backoff.delay(self.failures, jitter)
    }
}

#[cfg(test)]
mod tests;
