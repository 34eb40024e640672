//! `GET /baton/v1/conversations/{id}/history` (the hand-off history an agent may see) and
//! `GET /baton/v1/audit/handoffs` (the bank's archive: every hand-off step, NDJSON or CSV,
//! streamed in log order and resumable by log position).
//!
//! What an entry says and who sees it is `baton_core::history`'s (through `access`); this
//! module only reads the log, pages it and writes the answer. Both first take in what other
//! instances recorded (`Runtime::catch_up`), and read no event past the version reached, so
//! every event is projected against a state that has applied it.

use std::sync::Arc;

use axum::Json;
use axum::body::{Body, Bytes};
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use baton_api::wire::baton::{HandoffEntry, HandoffRow};
use baton_core::history::{self, CSV_HEADER, LoggedEvent};
use baton_core::id::ConversationId;
use baton_core::{Actor, Timestamp};
use futures_util::stream;

use super::query_parameter;
use crate::http::App;
use crate::http::caller::Caller;
use crate::http::error::ApiError;
use crate::http::extract::PathParams;
use crate::store::Recorded;

/// Events read from the log at once by an export (and so at most held).
const PAGE: usize = 1_000;
/// Rows an export answers when `limit` is not given.
const DEFAULT_LIMIT: u64 = 10_000;
/// The most rows one export answers.
const MAX_LIMIT: u64 = 100_000;

fn internal(error: impl std::fmt::Display) -> ApiError {
    ApiError::Internal(error.to_string())
}

fn logged(recorded: &Recorded) -> LoggedEvent<'_> {
    LoggedEvent {
        position: recorded.seq,
        recorded_at: recorded.recorded_at,
        event: &recorded.event,
    }
}

/// The conversation's hand-off steps the caller may see, in log order: 403 for visitors
/// (they have none, whatever the id), 404 for a conversation the agent may not see.
pub(super) async fn list(
    State(app): State<Arc<App>>,
    PathParams(id): PathParams<String>,
    caller: Caller,
) -> Result<Json<Vec<HandoffEntry>>, ApiError> {
    let actor = caller.signed_in()?;
    let id = ConversationId::new(&id);
    // Refused before the log is read (the answer is the same for every id).
    app.runtime
        .read(|state| history::handoff_history(state, &id, actor, []))?;
    let head = app.runtime.catch_up().await.map_err(internal)?;
    let recorded = app
        .runtime
        .store()
        .conversation_events(id.as_str(), &[])
        .await
        .map_err(internal)?;
    let entries = app.runtime.read(|state| {
        let applied = recorded.iter().filter(|r| r.seq <= head).map(logged);
        history::handoff_history(state, &id, actor, applied)
    })?;
    Ok(Json(entries))
}

/// Which steps an export answers: `from` / `to` (recorded time, epoch milliseconds, `to`
/// excluded), `after` (a log position) and `limit`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Window {
    from: Option<Timestamp>,
    to: Option<Timestamp>,
    after: u64,
    limit: u64,
}

impl Window {
    fn parse(query: Option<&str>) -> Result<Self, ApiError> {
        let number = |name: &str| -> Result<Option<i64>, ApiError> {
            query_parameter(query, name)
                .map(|value| {
                    value.parse::<i64>().map_err(|_| {
                        ApiError::Malformed(format!("{name} must be a whole number, not {value:?}"))
                    })
                })
                .transpose()
        };
        let from = number("from")?.map(Timestamp);
        let to = number("to")?.map(Timestamp);
        if let (Some(from), Some(to)) = (from, to)
            && to < from
        {
            return Err(ApiError::Malformed("to must not be before from".into()));
        }
        let after = match number("after")? {
            None => 0,
            Some(after) => u64::try_from(after)
                .map_err(|_| ApiError::Malformed("after must not be negative".into()))?,
        };
        let limit = match number("limit")? {
            None => DEFAULT_LIMIT,
            Some(limit) => u64::try_from(limit)
                .ok()
                .filter(|l| (1..=MAX_LIMIT).contains(l))
                .ok_or_else(|| {
                    ApiError::Malformed(format!("limit must be between 1 and {MAX_LIMIT}"))
                })?,
        };
        Ok(Self {
            from,
            to,
            after,
            limit,
        })
    }

    fn contains(&self, at: Timestamp) -> bool {
        self.from.is_none_or(|from| at >= from) && self.to.is_none_or(|to| at < to)
    }
}

/// How the rows are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    /// One JSON object per line.
    Ndjson,
    /// RFC 4180, with the header line first.
    Csv,
}

impl Format {
    fn of(headers: &HeaderMap) -> Self {
        let csv = headers
            .get_all(header::ACCEPT)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(','))
            .any(|media| media.split(';').next().map(str::trim) == Some("text/csv"));
        if csv { Self::Csv } else { Self::Ndjson }
    }

    fn content_type(self) -> HeaderValue {
        HeaderValue::from_static(match self {
            Self::Ndjson => "application/x-ndjson",
            Self::Csv => "text/csv; charset=utf-8",
        })
    }

    fn write(self, row: &HandoffRow, out: &mut Vec<u8>) -> Result<(), serde_json::Error> {
        match self {
            Self::Ndjson => serde_json::to_writer(&mut *out, row)?,
            Self::Csv => out.extend_from_slice(row.csv_record().as_bytes()),
        }
        out.extend_from_slice(match self {
            Self::Ndjson => b"\n",
            Self::Csv => b"\r\n",
        });
        Ok(())
    }
}

/// An export in progress: where it is in the log and how many rows it may still write.
struct Export {
    app: Arc<App>,
    actor: Actor,
    window: Window,
    format: Format,
    /// The last position read.
    cursor: u64,
    /// The version the state had reached when the export began: nothing after it is read.
    head: u64,
    /// Rows still to write.
    remaining: u64,
}

impl Export {
    /// The next rows, written; `None` once the window or the limit is exhausted.
    async fn next_chunk(&mut self) -> Option<Result<Bytes, std::io::Error>> {
        while self.remaining > 0 && self.cursor < self.head {
            let page = match self.app.runtime.store().load_page(self.cursor, PAGE).await {
                Ok(page) => page,
                Err(error) => return Some(Err(self.failed(error))),
            };
            let page: Vec<Recorded> = page.into_iter().filter(|r| r.seq <= self.head).collect();
            let Some(last) = page.last() else {
                self.cursor = self.head;
                break;
            };
            let rows = self.app.runtime.read(|state| {
                let inside = page.iter().filter(|r| self.window.contains(r.recorded_at));
                history::handoff_archive(state, &self.actor, inside.map(logged))
            });
            let rows = match rows {
                Ok(rows) => rows,
                Err(error) => return Some(Err(self.failed(error))),
            };
            // The rows stop at the limit, and so does the cursor: what follows is the next
            // export's, which resumes after the last position written.
            let take = usize::try_from(self.remaining).unwrap_or(usize::MAX);
            let written: Vec<&HandoffRow> = rows.iter().take(take).collect();
            self.cursor = if written.len() < rows.len() {
                written.last().map_or(self.cursor, |row| row.position)
            } else {
                last.seq
            };
            self.remaining -= written.len() as u64;
            if written.is_empty() {
                continue;
            }
            let mut out = Vec::new();
            for row in written {
                if let Err(error) = self.format.write(row, &mut out) {
                    return Some(Err(self.failed(error)));
                }
            }
            return Some(Ok(Bytes::from(out)));
        }
        None
    }

    /// Ends the stream early: the archive job sees a truncated answer and resumes after the
    /// last position it wrote.
    fn failed(&mut self, error: impl std::fmt::Display) -> std::io::Error {
        tracing::warn!(%error, cursor = self.cursor, "the hand-off export stopped");
        self.remaining = 0;
        std::io::Error::other(error.to_string())
    }
}

/// The archive rows in the window, streamed in log order: NDJSON, or CSV with `Accept:
/// text/csv`. Administrators only (the web API, or an agent with the ADMIN role for their
/// organisation's conversations).
pub(super) async fn archive(
    State(app): State<Arc<App>>,
    caller: Caller,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let actor = caller.signed_in()?.clone();
    let window = Window::parse(query.as_deref())?;
    let format = Format::of(&headers);
    app.runtime
        .read(|state| history::handoff_archive(state, &actor, []))?;
    let head = app.runtime.catch_up().await.map_err(internal)?;
    let export = Export {
        app,
        actor,
        window,
        format,
        cursor: window.after,
        head,
        remaining: window.limit,
    };
    let header_line = (format == Format::Csv).then(|| Ok(Bytes::from(format!("{CSV_HEADER}\r\n"))));
    let rows = stream::unfold(export, |mut export| async move {
        export.next_chunk().await.map(|chunk| (chunk, export))
    });
    let body = Body::from_stream(futures_util::StreamExt::chain(
        stream::iter(header_line),
        rows,
    ));
    Ok(([(header::CONTENT_TYPE, format.content_type())], body).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_reads_its_parameters_and_refuses_nonsense() {
        assert_eq!(
            Window::parse(None).unwrap(),
            Window {
                from: None,
                to: None,
                after: 0,
                limit: DEFAULT_LIMIT
            }
        );
        let window = Window::parse(Some("from=10&to=20&after=7&limit=3")).unwrap();
        assert_eq!(
            window,
            Window {
                from: Some(Timestamp(10)),
                to: Some(Timestamp(20)),
                after: 7,
                limit: 3
            }
        );
        assert!(window.contains(Timestamp(10)));
        assert!(!window.contains(Timestamp(20)));
        assert!(!window.contains(Timestamp(9)));
        for bad in [
            "from=yesterday",
            "to=1&from=2",
            "after=-1",
            "limit=0",
            "limit=100001",
        ] {
            assert!(
                matches!(Window::parse(Some(bad)), Err(ApiError::Malformed(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn csv_is_chosen_only_when_asked_for() {
        let mut headers = HeaderMap::new();
        assert_eq!(Format::of(&headers), Format::Ndjson);
        headers.insert(
            header::ACCEPT,
            HeaderValue::from_static("application/json, text/csv;q=0.9"),
        );
        assert_eq!(Format::of(&headers), Format::Csv);
        headers.insert(header::ACCEPT, HeaderValue::from_static("text/csvx"));
        assert_eq!(Format::of(&headers), Format::Ndjson);
    }
}
