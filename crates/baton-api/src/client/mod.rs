//! A typed client for Baton's HTTP API (and the Unblu web API v4 operations it shares with a
//! real Unblu server), independent of how requests travel.
//!
//! - [`Transport`] moves one [`Request`] to the server and brings back its [`Response`]; it
//!   owns cookies (the session cookie is its business). `native::ReqwestTransport` (feature
//!   `native`) is the one for servers and tests; `browser::FetchTransport` (feature
//!   `browser`) is the page's `fetch`, for the SDK.
//! - [`Client`] has one async method per operation of the server's OpenAPI document (the
//!   Unblu, Baton and SuperOffice groups), taking and returning the [`wire`](crate::wire) types, and adds
//!   the credentials of its [`Auth`]: HTTP Basic, or the CSRF token of a session.
//! - Every non-2xx answer with Unblu's error body becomes [`ApiError::Server`].
//! - [`Client::reassign`] and [`Client::reassign_keeping_previous`] run the reassign flow's
//!   steps in order and say which one failed ([`ReassignError`]).
//! - The operations are grouped by route, one file each, like the server's handlers:
//!   `conversations` (with the reassign flow), `invitations`, `deputies`, `directory` (users,
//!   teams, persons, availability), `webhooks`, `auth` (sign-in and sessions), `baton` (the
//!   other `/baton/v1` operations, the event feed's request among them) and `superoffice`.
//!   This file holds the types, the credentials and the request plumbing they share, and no
//!   operation.
//! - [`events`]: the event feed (Server-Sent Events) without I/O: the parser, decoding into
//!   `BatonEvent`s, and a subscription's resume id and reconnect backoff, shared by every
//!   driver. [`Client::events_request`] builds the (re)connecting request; the native driver,
//!   a typed stream that reconnects by itself, is `Client::events` (feature `native`).
//! - [`error`]: [`ApiError`] and the reassign flow's [`ReassignError`].
//! - [`idempotent`]: operations that create something or post a message send a fresh
//!   `Idempotency-Key` and retry with it when no answer arrived, so a retry never duplicates.
//! - `native` (feature `native`): the `reqwest` transport and the native event stream.

#[cfg(feature = "browser")]
pub mod browser;
pub mod error;
pub mod events;
pub mod idempotent;
#[cfg(feature = "native")]
pub mod native;

mod auth;
mod baton;
mod conversations;
mod deputies;
mod directory;
mod invitations;
mod push;
mod superoffice;
mod webhooks;

use std::future::Future;
use std::marker::PhantomData;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use base64::Engine as _;
use baton_core::Timestamp;
use baton_core::directory::PersonType;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

pub use conversations::EveryConversation;
pub use error::{ApiError, ReassignError, ReassignStep, TransportError};

use crate::ErrorBody;
pub use crate::operation::Method;
use crate::operation::Target;
use crate::wire::Secret;

/// The header that carries a session's CSRF token, in both directions.
pub const CSRF_HEADER: &str = "X-CSRF-Token";

/// One request, as the client hands it to its transport.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    /// The method.
    pub method: Method,
    /// The path from the server's base, starting with `/`, segments already percent-encoded.
    pub path: String,
    /// Query parameters (name, value), not yet encoded.
    pub query: Vec<(String, String)>,
    /// Headers (name, value) besides those the transport adds itself (cookies).
    pub headers: Vec<(String, String)>,
    /// The JSON body, if any (`Content-Type: application/json` is in `headers` then).
    pub body: Option<Vec<u8>>,
}

/// The server's answer, as the transport hands it back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Response {
    /// The HTTP status.
    pub status: u16,
    /// Headers (name, value); names in any case.
    pub headers: Vec<(String, String)>,
    /// The body, possibly empty.
    pub body: Vec<u8>,
}

impl Response {
    /// The first value of the header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

/// A successful answer not yet read as the operation's `R`: for a caller that only hands the
/// JSON on (the SDK gives it to `JSON.parse`) and so never links `R`'s decoder. The typed
/// methods are these answers [`decode`](Json::decode)d.
#[derive(Debug)]
pub struct Json<R> {
    response: Response,
    answer: PhantomData<fn() -> R>,
}

impl<R> Json<R> {
    fn new(response: Response) -> Self {
        Self {
            response,
            answer: PhantomData,
        }
    }

    /// The HTTP status of the answer.
    pub fn status(&self) -> u16 {
        self.response.status
    }

    /// The answer's JSON text (unchecked: only its decoding or `JSON.parse` tells).
    pub fn text(&self) -> Result<&str, ApiError> {
        std::str::from_utf8(&self.response.body).map_err(|e| ApiError::Decode {
            status: self.response.status,
            message: e.to_string(),
        })
    }
}

impl<R: DeserializeOwned> Json<R> {
    /// Reads the answer as `R`.
    pub fn decode(&self) -> Result<R, ApiError> {
        decode(&self.response)
    }
}

impl<R> Json<R> {
    /// Reads only the part of the answer `T` describes (serde ignores the rest), for a caller
    /// that needs a few fields and not `R`'s whole decoder.
    pub fn read<T: DeserializeOwned>(&self) -> Result<T, ApiError> {
        decode(&self.response)
    }
}

/// What adopting a [`BatonSession`](crate::wire::baton::BatonSession) needs of it; reading no
/// more keeps the other fields' decoders out of a caller that relays the session unread.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SessionKeys {
    person_type: PersonType,
    csrf_token: Secret,
}

/// Moves requests to the server. Implementations keep the session cookie, if any, between
/// requests. No `Send` bound: the browser's transport cannot offer one.
pub trait Transport {
    /// Sends `request` and answers the server's response, whatever its status; fails only
    /// when no response arrived.
    fn send(&self, request: Request) -> impl Future<Output = Result<Response, TransportError>>;

    /// Resolves after `duration`: the backoff between the attempts of an operation the
    /// client retries itself ([`idempotent`]).
    fn pause(&self, duration: Duration) -> impl Future<Output = ()>;
}

/// The credentials a [`Client`] adds to each request.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Auth {
    /// None: public operations, PIN and link redemption.
    #[default]
    None,
    /// HTTP Basic: the web API administrator or an agent, server to server.
    Basic {
        /// Sign-in name.
        username: String,
        /// Password.
        password: Secret,
    },
    /// A session (its cookie lives in the transport): the CSRF token to echo.
    Session {
        /// The token sent in [`CSRF_HEADER`].
        csrf_token: Secret,
    },
}

/// The typed client: one method per operation. Signing in (`authenticator_login`,
/// `login_with_secure_token`, `redeem_pin`, `redeem_link`) switches its [`Auth`] to the
/// new session; `authenticator_logout` back to none.
/// Each call that creates something or posts a message is one user action with its own
/// `Idempotency-Key`, retried by the client with that key when no answer arrived
/// ([`idempotent`]).
#[derive(Debug)]
pub struct Client<T> {
    transport: T,
    auth: Mutex<Auth>,
    server_time: Mutex<Option<Timestamp>>,
}

/// The error a non-2xx `response` stands for: the server's refusal when it carries Unblu's
/// error body, else an unreadable answer.
fn refusal(response: &Response) -> ApiError {
    match serde_json::from_slice::<ErrorBody>(&response.body) {
        Ok(body) => ApiError::Server {
            status: response.status,
            body,
            retry_after_seconds: response
                .header("Retry-After")
                .and_then(|v| v.trim().parse().ok()),
        },
        Err(e) => ApiError::Decode {
            status: response.status,
            message: format!("no error body: {e}"),
        },
    }
}

/// An HTTP date (`Date: Tue, 01 Dec 2026 10:00:00 GMT`) as a timestamp.
#[cfg(not(all(target_arch = "wasm32", feature = "browser")))]
fn server_date(value: &str) -> Option<Timestamp> {
    let time = httpdate::parse_http_date(value).ok()?;
    let millis = time.duration_since(std::time::UNIX_EPOCH).ok()?.as_millis();
    Some(Timestamp(i64::try_from(millis).ok()?))
}

/// An HTTP date as a timestamp, read by the browser's own `Date.parse` (which reads the IMF
/// form every server sends): httpdate's parser would cost the page 5 KB of WebAssembly.
#[cfg(all(target_arch = "wasm32", feature = "browser"))]
fn server_date(value: &str) -> Option<Timestamp> {
    let millis = web_sys::js_sys::Date::parse(value);
    // Whole milliseconds since 1970 fit an i64; NaN (no date) is none.
    #[expect(
        clippy::cast_possible_truncation,
        reason = "whole milliseconds of a date"
    )]
    millis.is_finite().then_some(Timestamp(millis as i64))
}

/// A request body as JSON.
fn encode<B: Serialize + ?Sized>(body: &B) -> Result<Vec<u8>, ApiError> {
    serde_json::to_vec(body).map_err(|e| ApiError::Decode {
        status: 0,
        message: format!("request body: {e}"),
    })
}

/// `response`'s body as an `R`.
fn decode<R: DeserializeOwned>(response: &Response) -> Result<R, ApiError> {
    serde_json::from_slice(&response.body).map_err(|e| ApiError::Decode {
        status: response.status,
        message: e.to_string(),
    })
}

impl<T: Transport> Client<T> {
    /// A client over `transport` with these credentials.
    pub fn new(transport: T, auth: Auth) -> Self {
        Self {
            transport,
            auth: Mutex::new(auth),
            server_time: Mutex::new(None),
        }
    }

    /// A client over `transport` that signs in with HTTP Basic.
    pub fn basic(transport: T, username: impl Into<String>, password: impl Into<String>) -> Self {
        Self::new(
            transport,
            Auth::Basic {
                username: username.into(),
                password: Secret::new(password.into()),
            },
        )
    }

    /// A client over `transport` without credentials.
    pub fn anonymous(transport: T) -> Self {
        Self::new(transport, Auth::None)
    }

    /// The credentials the next request carries.
    pub fn auth(&self) -> Auth {
        self.auth
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Replaces the credentials.
    pub fn set_auth(&self, auth: Auth) {
        *self.auth.lock().unwrap_or_else(PoisonError::into_inner) = auth;
    }

    /// The server's clock when it wrote its latest answer (that answer's `Date` header, to
    /// the second), for a caller counting down to an expiry the server set: pair it with the
    /// local clock when the answer arrived, and the local clock's own error drops out.
    pub fn server_time(&self) -> Option<Timestamp> {
        *self
            .server_time
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// The transport.
    pub fn transport(&self) -> &T {
        &self.transport
    }

    fn auth_headers(&self) -> Vec<(String, String)> {
        match self.auth() {
            Auth::None => Vec::new(),
            Auth::Basic { username, password } => {
                let pair = format!("{username}:{}", password.expose());
                let encoded = base64::engine::general_purpose::STANDARD.encode(pair);
                vec![("Authorization".to_owned(), format!("Basic {encoded}"))]
            }
            Auth::Session { csrf_token } => {
                vec![(CSRF_HEADER.to_owned(), csrf_token.expose().to_owned())]
            }
        }
    }

    /// Sends one request and answers the successful response, or the error it stands for.
    async fn exchange<B: Serialize + ?Sized>(
        &self,
        target: Target,
        query: Vec<(String, String)>,
        body: Option<&B>,
    ) -> Result<Response, ApiError> {
        let body = body.map(encode).transpose()?;
        self.send(target, query, body, None).await
    }

    /// A `POST` that creates something or posts a message: one user action, so one fresh
    /// `Idempotency-Key`, sent again unchanged when the client retries ([`idempotent`]).
    async fn create_json<B: Serialize + ?Sized, R>(
        &self,
        target: Target,
        body: &B,
    ) -> Result<Json<R>, ApiError> {
        self.send_idempotent(target, encode(body)?)
            .await
            .map(Json::new)
    }

    /// [`Client::create_json`], read as `R`.
    async fn create<B: Serialize + ?Sized, R: DeserializeOwned>(
        &self,
        target: Target,
        body: &B,
    ) -> Result<R, ApiError> {
        self.create_json(target, body).await?.decode()
    }

    /// [`Client::create_json`] once the body is encoded (not generic, compiled once).
    async fn send_idempotent(&self, target: Target, body: Vec<u8>) -> Result<Response, ApiError> {
        self.send_with_key(target, body, &idempotent::key()?).await
    }

    /// [`Client::send_idempotent`] with the caller's `key`: a user's "retry" of an action
    /// whose answer never arrived sends it again under the key it first went with, so the
    /// server records it once whichever attempt got through.
    async fn send_with_key(
        &self,
        target: Target,
        body: Vec<u8>,
        key: &str,
    ) -> Result<Response, ApiError> {
        let mut attempts = 0;
        loop {
            let outcome = self
                .send(target.clone(), Vec::new(), Some(body.clone()), Some(key))
                .await;
            attempts += 1;
            match idempotent::retry_after(&outcome, attempts) {
                Some(backoff) => self.transport.pause(backoff).await,
                None => return outcome,
            }
        }
    }

    /// [`Client::exchange`] once the body is encoded: not generic, so the request path is
    /// compiled once rather than once per body type.
    async fn send(
        &self,
        target: Target,
        query: Vec<(String, String)>,
        body: Option<Vec<u8>>,
        idempotency_key: Option<&str>,
    ) -> Result<Response, ApiError> {
        let mut headers = self.auth_headers();
        headers.push(("Accept".to_owned(), "application/json".to_owned()));
        if body.is_some() {
            headers.push(("Content-Type".to_owned(), "application/json".to_owned()));
        }
        if let Some(key) = idempotency_key {
            headers.push((idempotent::HEADER.to_owned(), key.to_owned()));
        }
        let response = self
            .transport
            .send(Request {
                method: target.method,
                path: target.path,
                query,
                headers,
                body,
            })
            .await?;
        if let Some(date) = response.header("Date").and_then(server_date) {
            *self
                .server_time
                .lock()
                .unwrap_or_else(PoisonError::into_inner) = Some(date);
        }
        if response.is_success() {
            return Ok(response);
        }
        Err(refusal(&response))
    }

    /// An operation answering JSON, unread.
    async fn call_json<B: Serialize + ?Sized, R>(
        &self,
        target: Target,
        body: Option<&B>,
    ) -> Result<Json<R>, ApiError> {
        let response = self.exchange(target, Vec::new(), body).await?;
        Ok(Json::new(response))
    }

    /// An operation answering JSON.
    async fn call<B: Serialize + ?Sized, R: DeserializeOwned>(
        &self,
        target: Target,
        body: Option<&B>,
    ) -> Result<R, ApiError> {
        self.call_json(target, body).await?.decode()
    }

    /// An operation answering 204.
    async fn call_empty<B: Serialize + ?Sized>(
        &self,
        target: Target,
        body: Option<&B>,
    ) -> Result<(), ApiError> {
        self.exchange(target, Vec::new(), body).await?;
        Ok(())
    }

    async fn get<R: DeserializeOwned>(&self, target: Target) -> Result<R, ApiError> {
        self.call::<(), R>(target, None).await
    }

    async fn post<B: Serialize + ?Sized, R: DeserializeOwned>(
        &self,
        target: Target,
        body: &B,
    ) -> Result<R, ApiError> {
        self.call(target, Some(body)).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_servers_date_reads_as_a_timestamp() {
        assert_eq!(
            server_date("Thu, 03 Dec 2026 10:00:01 GMT"),
            Some(Timestamp(1_796_292_001_000))
        );
        assert_eq!(server_date("yesterday"), None);
    }

    #[test]
    fn headers_are_found_in_any_case() {
        let response = Response {
            status: 200,
            headers: vec![("x-csrf-token".into(), "abc".into())],
            body: Vec::new(),
        };
        assert_eq!(response.header(CSRF_HEADER), Some("abc"));
        assert_eq!(response.header("Set-Cookie"), None);
    }
}
