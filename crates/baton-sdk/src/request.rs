//! Requests as data: a JS method that is one operation describes its request (the
//! operation, its path parameters, query and body, already checked and encoded, and what its
//! promise resolves with) and [`send`] sends every such description through one
//! non-generic path, handing the server's answer to `JSON.parse` unread. The answers' shapes
//! are the server's own JSON, which is what the `.d.ts` types describe.
//!
//! One async body for all of them instead of one per method (each with its answer type's
//! decoder and encoder linked in) keeps the wasm smaller.

use std::rc::Rc;

#[cfg(feature = "agent")]
use baton_api::client::Client;
#[cfg(feature = "agent")]
use baton_api::client::browser::FetchTransport;
use baton_api::client::{ApiError, Auth, Response};
use baton_api::operation::Operation;
#[cfg(feature = "agent")]
use baton_api::operation::baton;
#[cfg(feature = "visitor")]
use baton_api::wire::Secret;
#[cfg(feature = "agent")]
use baton_core::id::PersonId;
use js_sys::{JSON, Promise, Reflect};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::future_to_promise;

use crate::error::Rejection;
use crate::session::Shared;

/// One operation's request, and what its promise resolves with.
pub(crate) struct Request {
    operation: Operation,
    params: Vec<String>,
    #[cfg(feature = "agent")]
    mine: Mine,
    query: Vec<(String, String)>,
    body: Body,
    answer: Answer,
    session: SessionChange,
}

/// What a successful answer does to the client's session (the live feed follows).
#[derive(Clone, Copy)]
enum SessionChange {
    Unchanged,
    /// It ended: the client is anonymous afterwards.
    #[cfg(feature = "agent")]
    Ended,
    /// The answer is a redemption (`BatonRedemption`): the client adopts its session.
    #[cfg(feature = "visitor")]
    Joined,
}

/// Where the signed-in person's own id goes, for the methods about oneself (read from the
/// session first).
#[cfg(feature = "agent")]
#[derive(Clone, Copy)]
enum Mine {
    Nowhere,
    /// Before the other path parameters.
    Path,
    /// As this query parameter.
    Query(&'static str),
}

/// The request's body, JSON.
enum Body {
    None,
    Json(Vec<u8>),
    /// A body that creates something: sent with an `Idempotency-Key`, retried with it.
    Creating(Vec<u8>),
}

/// What the promise resolves with.
#[derive(Clone, Copy)]
pub(crate) enum Answer {
    /// The answer's JSON as `JSON.parse` reads it.
    Json,
    /// [`Answer::Json`], or `null` for `204 No Content`.
    #[cfg(feature = "visitor")]
    JsonOrNull,
    /// `null` (`Promise<void>`), whatever the server answered.
    Nothing,
    /// One field of the answer's JSON object.
    Field(&'static str),
}

/// What a redemption's answer is read for: its new session's CSRF token.
#[cfg(feature = "visitor")]
#[derive(Deserialize)]
struct Joined {
    session: JoinedSession,
}

/// [`Joined`]'s session.
#[cfg(feature = "visitor")]
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct JoinedSession {
    csrf_token: Secret,
}

/// The session's field the methods about oneself need.
#[cfg(feature = "agent")]
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Me {
    person_id: PersonId,
}

impl Request {
    /// `operation` with `params` in its path, no body, answering its JSON.
    pub(crate) fn new(operation: Operation, params: &[&str]) -> Self {
        Self {
            operation,
            params: params.iter().map(|p| (*p).to_owned()).collect(),
            #[cfg(feature = "agent")]
            mine: Mine::Nowhere,
            query: Vec::new(),
            body: Body::None,
            answer: Answer::Json,
            session: SessionChange::Unchanged,
        }
    }

    /// `operation` on the signed-in person: their id is its path parameter.
    #[cfg(feature = "agent")]
    pub(crate) fn mine(operation: Operation) -> Self {
        Self {
            mine: Mine::Path,
            ..Self::new(operation, &[])
        }
    }

    /// `operation` on the signed-in person: their id is the query parameter `name`.
    #[cfg(feature = "agent")]
    pub(crate) fn mine_in_query(operation: Operation, name: &'static str) -> Self {
        Self {
            mine: Mine::Query(name),
            ..Self::new(operation, &[])
        }
    }

    /// With `body` as JSON.
    pub(crate) fn body<B: Serialize>(self, body: &B) -> Result<Self, Rejection> {
        Ok(Self {
            body: Body::Json(encode(body)?),
            ..self
        })
    }

    /// With `body`, which creates something (or posts a message): one fresh
    /// `Idempotency-Key`, so the client's retries never create it twice.
    pub(crate) fn creating<B: Serialize>(self, body: &B) -> Result<Self, Rejection> {
        Ok(Self {
            body: Body::Creating(encode(body)?),
            ..self
        })
    }

    /// Resolving with `answer` rather than the answer's JSON.
    pub(crate) fn answer(self, answer: Answer) -> Self {
        Self { answer, ..self }
    }

    /// The operation ends this client's session: it is anonymous afterwards and its feed
    /// closes.
    #[cfg(feature = "agent")]
    pub(crate) fn signs_out(self) -> Self {
        Self {
            session: SessionChange::Ended,
            ..self
        }
    }

    /// The operation redeems a PIN or link: the client is signed in as the invited visitor
    /// afterwards.
    #[cfg(feature = "visitor")]
    pub(crate) fn joins(self) -> Self {
        Self {
            session: SessionChange::Joined,
            ..self
        }
    }
}

#[cfg(feature = "agent")]
impl Request {
    /// This request with the signed-in person's id where [`Mine`] says (read from the
    /// session), for the methods about oneself.
    async fn placing_me(mut self, client: &Client<FetchTransport>) -> Result<Self, Rejection> {
        if matches!(self.mine, Mine::Nowhere) {
            return Ok(self);
        }
        let session = client
            .send_unread(baton::SESSION.target(&[]), Vec::new(), None)
            .await?;
        let me = read::<Me>(&session)?.person_id.as_str().to_owned();
        match self.mine {
            Mine::Query(name) => self.query.push((name.to_owned(), me)),
            _ => self.params.insert(0, me),
        }
        Ok(self)
    }
}

/// A request body as JSON.
fn encode<B: Serialize>(body: &B) -> Result<Vec<u8>, Rejection> {
    serde_json::to_vec(body).map_err(|e| {
        Rejection::from(ApiError::Decode {
            status: 0,
            message: format!("request body: {e}"),
        })
    })
}

/// A promise of `request`'s answer, rejected with its `BatonError` (at once when the
/// request could not be built: a bad argument).
pub(crate) fn send(shared: &Shared, request: Result<Request, Rejection>) -> Promise {
    match request {
        Ok(request) => {
            let shared = Rc::clone(shared);
            future_to_promise(async move { run(&shared, request).await.map_err(|r| r.0) })
        }
        Err(rejection) => Promise::reject(&rejection.0),
    }
}

async fn run(shared: &Shared, request: Request) -> Result<JsValue, Rejection> {
    let client = &shared.client;
    #[cfg(feature = "agent")]
    let request = request.placing_me(client).await?;
    let Request {
        operation,
        params,
        query,
        body,
        answer,
        session,
        ..
    } = request;
    let params: Vec<&str> = params.iter().map(String::as_str).collect();
    let target = operation.target(&params);
    let response = match body {
        Body::None => client.send_unread(target, query, None).await?,
        Body::Json(body) => client.send_unread(target, query, Some(body)).await?,
        Body::Creating(body) => client.create_unread(target, body).await?,
    };
    match session {
        SessionChange::Unchanged => {}
        #[cfg(feature = "agent")]
        SessionChange::Ended => {
            client.set_auth(Auth::None);
            shared.session_changed()?;
        }
        #[cfg(feature = "visitor")]
        SessionChange::Joined => {
            let csrf_token = read::<Joined>(&response)?.session.csrf_token;
            client.set_auth(Auth::Session { csrf_token });
            shared.session_changed()?;
        }
    }
    match answer {
        Answer::Nothing => Ok(JsValue::NULL),
        #[cfg(feature = "visitor")]
        Answer::JsonOrNull if response.status == 204 => Ok(JsValue::NULL),
        #[cfg(feature = "visitor")]
        Answer::JsonOrNull => parse(&response),
        Answer::Json => parse(&response),
        Answer::Field(name) => Reflect::get(&parse(&response)?, &name.into()).map_err(Rejection),
    }
}

/// The part of `response`'s JSON that `T` describes.
#[cfg(any(feature = "agent", feature = "visitor"))]
fn read<T: DeserializeOwned>(response: &Response) -> Result<T, ApiError> {
    serde_json::from_slice(&response.body).map_err(|e| ApiError::Decode {
        status: response.status,
        message: e.to_string(),
    })
}

/// `response`'s body as `JSON.parse` reads it.
fn parse(response: &Response) -> Result<JsValue, Rejection> {
    parse_json(response.status, &response.body)
}

/// A `status` answer's `body` as `JSON.parse` reads it.
fn parse_json(status: u16, body: &[u8]) -> Result<JsValue, Rejection> {
    let malformed = || {
        Rejection::from(ApiError::Decode {
            status,
            message: "the answer is not JSON".to_owned(),
        })
    };
    let text = std::str::from_utf8(body).map_err(|_| malformed())?;
    JSON::parse(text).map_err(|_| malformed())
}
