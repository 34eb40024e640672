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

use std::future::Future;
use std::marker::PhantomData;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use base64::Engine as _;
use baton_core::directory::PersonType;
use baton_core::id::{ConversationId, InvitationId, PersonId, TeamId};
use baton_core::text::TextUi;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

pub use error::{ApiError, ReassignError, ReassignStep, TransportError};

use crate::ErrorBody;
use crate::wire::Secret;
use crate::wire::auth::{
    AuthenticatorLoginBody, AuthenticatorLogoutBody, LoginResult, SecureTokenRequest,
};
use crate::wire::baton::{
    BatonDelegationResponseBody, BatonDeputySettings, BatonMessage, BatonParticipant,
    BatonPostMessageBody, BatonPrompt, BatonPromptAnswer, BatonQueueItem, BatonRedeemLinkBody,
    BatonRedeemPinBody, BatonRedemption, BatonRevokeSessionsBody, BatonSession, BatonTexts,
};
use crate::wire::conversation::{
    ConversationCreationData, ConversationData, ConversationLeftReason, ConversationQuery,
    ConversationResult, ConversationsAddParticipantBody,
    ConversationsChangeParticipantVisibilityBody, ConversationsEndBody,
    ConversationsOffboardParticipantBody, ConversationsSetAssigneePersonBody,
    ConversationsSetAwaitedPersonTypeBody,
};
use crate::wire::deputy::{
    DeputyRelationship, DeputyRelationshipQuery, DeputyRelationshipResult,
    WriteAgentDeputyRelationshipsBody,
};
use crate::wire::invitation::{
    AcceptLinkData, ConversationInvitationData, ConversationInvitationQuery,
    ConversationInvitationResult, InvitationsAddSecondaryInvitationTargetBody,
    InvitationsForwardConversationToAgentBody, InvitationsForwardConversationToTeamBody,
    InvitationsGetAcceptLinkBody, InvitationsInviteAgentToConversationBody,
    InvitationsInviteAnonymousVisitorToConversationWithEmailBody,
    InvitationsInviteAnonymousVisitorToConversationWithLinkBody,
    InvitationsInviteAnonymousVisitorToConversationWithPinBody,
    InvitationsInviteTeamToConversationBody, InvitationsRequeueConversationBody,
    InvitationsStartDeputyDelegationBody,
};
use crate::wire::person::{
    AgentAvailabilityStateData, AgentPersonStateData, PersonData, PersonQuery, PersonResult,
    PersonsSetAwayBody, Team, TeamList, TeamQuery, TeamResult, User, UserPasswordContainer,
    UsersSetPasswordBody,
};
use crate::wire::superoffice::ChatSessionEntity;
use crate::wire::webhook::WebhookRegistration;

/// The header that carries a session's CSRF token, in both directions.
pub const CSRF_HEADER: &str = "X-CSRF-Token";

const V4: &str = "/app/rest/v4";

/// An HTTP method the API uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// `GET`.
    Get,
    /// `POST`.
    Post,
    /// `DELETE`.
    Delete,
}

impl Method {
    /// The method's name, upper case.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
            Self::Delete => "DELETE",
        }
    }
}

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

/// What a redemption's answer is read for when it is relayed unread: the new session
/// (`BatonRedemption.session`), without decoding the conversation.
#[derive(Deserialize)]
struct Redeemed {
    session: SessionKeys,
}

/// What adopting a [`BatonSession`] needs of it; reading no more keeps the other fields'
/// decoders out of a caller that relays the session unread.
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
}

/// Percent-encodes one path segment (everything but RFC 3986's unreserved characters).
fn segment(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
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

/// `response`'s body as an `R`.
fn decode<R: DeserializeOwned>(response: &Response) -> Result<R, ApiError> {
    serde_json::from_slice(&response.body).map_err(|e| ApiError::Decode {
        status: response.status,
        message: e.to_string(),
    })
}

fn v4(rest: &str) -> String {
    format!("{V4}{rest}")
}

fn conversation(id: &ConversationId, action: &str) -> String {
    format!("{V4}/conversations/{}/{action}", segment(id.as_str()))
}

fn invitation(id: &InvitationId, action: &str) -> String {
    format!("{V4}/invitations/{}/{action}", segment(id.as_str()))
}

fn chat_session(id: &str) -> String {
    format!("/api/v1/ChatSession/{}", segment(id))
}

fn baton_conversation(id: &ConversationId, action: &str) -> String {
    format!("/baton/v1/conversations/{}/{action}", segment(id.as_str()))
}

impl<T: Transport> Client<T> {
    /// A client over `transport` with these credentials.
    pub fn new(transport: T, auth: Auth) -> Self {
        Self {
            transport,
            auth: Mutex::new(auth),
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
        method: Method,
        path: String,
        query: Vec<(String, String)>,
        body: Option<&B>,
    ) -> Result<Response, ApiError> {
        let body = body
            .map(serde_json::to_vec)
            .transpose()
            .map_err(|e| ApiError::Decode {
                status: 0,
                message: format!("request body: {e}"),
            })?;
        self.send(method, path, query, body, None).await
    }

    /// A `POST` that creates something or posts a message: one user action, so one fresh
    /// `Idempotency-Key`, sent again unchanged when the client retries ([`idempotent`]).
    async fn create_json<B: Serialize + ?Sized, R>(
        &self,
        path: String,
        body: &B,
    ) -> Result<Json<R>, ApiError> {
        let body = serde_json::to_vec(body).map_err(|e| ApiError::Decode {
            status: 0,
            message: format!("request body: {e}"),
        })?;
        self.send_idempotent(path, body).await.map(Json::new)
    }

    /// [`Client::create_json`], read as `R`.
    async fn create<B: Serialize + ?Sized, R: DeserializeOwned>(
        &self,
        path: String,
        body: &B,
    ) -> Result<R, ApiError> {
        self.create_json(path, body).await?.decode()
    }

    /// [`Client::create_json`] once the body is encoded (not generic, compiled once).
    async fn send_idempotent(&self, path: String, body: Vec<u8>) -> Result<Response, ApiError> {
        let key = idempotent::key()?;
        let mut attempts = 0;
        loop {
            let outcome = self
                .send(
                    Method::Post,
                    path.clone(),
                    Vec::new(),
                    Some(body.clone()),
                    Some(&key),
                )
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
        method: Method,
        path: String,
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
                method,
                path,
                query,
                headers,
                body,
            })
            .await?;
        if response.is_success() {
            return Ok(response);
        }
        Err(refusal(&response))
    }

    /// An operation answering JSON, unread.
    async fn call_json<B: Serialize + ?Sized, R>(
        &self,
        method: Method,
        path: String,
        body: Option<&B>,
    ) -> Result<Json<R>, ApiError> {
        let response = self.exchange(method, path, Vec::new(), body).await?;
        Ok(Json::new(response))
    }

    /// An operation answering JSON.
    async fn call<B: Serialize + ?Sized, R: DeserializeOwned>(
        &self,
        method: Method,
        path: String,
        body: Option<&B>,
    ) -> Result<R, ApiError> {
        self.call_json(method, path, body).await?.decode()
    }

    /// An operation answering 204.
    async fn call_empty<B: Serialize + ?Sized>(
        &self,
        method: Method,
        path: String,
        body: Option<&B>,
    ) -> Result<(), ApiError> {
        self.exchange(method, path, Vec::new(), body).await?;
        Ok(())
    }

    async fn get<R: DeserializeOwned>(&self, path: String) -> Result<R, ApiError> {
        self.call::<(), R>(Method::Get, path, None).await
    }

    async fn post<B: Serialize + ?Sized, R: DeserializeOwned>(
        &self,
        path: String,
        body: &B,
    ) -> Result<R, ApiError> {
        self.call(Method::Post, path, Some(body)).await
    }

    /// `GET /baton/v1/events`: the request that opens the event feed at the present, or after
    /// the event `last_event_id` (sent as `Last-Event-ID`), with this client's credentials.
    /// Drivers send it through their own streaming transport (see [`events`]).
    pub fn events_request(&self, last_event_id: Option<u64>) -> Request {
        let mut headers = self.auth_headers();
        headers.push(("Accept".to_owned(), "text/event-stream".to_owned()));
        headers.push(("Cache-Control".to_owned(), "no-cache".to_owned()));
        if let Some(id) = last_event_id {
            headers.push(("Last-Event-ID".to_owned(), id.to_string()));
        }
        Request {
            method: Method::Get,
            path: events::EVENTS_PATH.to_owned(),
            query: Vec::new(),
            headers,
            body: None,
        }
    }

    /// Adopts the session whose CSRF token `response` carries in [`CSRF_HEADER`].
    fn adopt_session_from(&self, response: &Response) {
        if let Some(token) = response.header(CSRF_HEADER) {
            self.set_auth(Auth::Session {
                csrf_token: Secret::new(token.to_owned()),
            });
        }
    }

    // --- Unblu web API v4: conversations ---

    /// `conversations/create`: a conversation with an assignee, or a request to an agent, a
    /// team or the queue.
    pub async fn conversations_create(
        &self,
        body: &ConversationCreationData,
    ) -> Result<ConversationData, ApiError> {
        self.create(v4("/conversations/create"), body).await
    }

    /// `conversations/{id}/read`.
    pub async fn conversations_read(
        &self,
        id: &ConversationId,
    ) -> Result<ConversationData, ApiError> {
        self.get(conversation(id, "read")).await
    }

    /// `conversations/search`: the conversations the caller may see.
    pub async fn conversations_search(
        &self,
        query: &ConversationQuery,
    ) -> Result<ConversationResult, ApiError> {
        self.conversations_search_json(query).await?.decode()
    }

    /// [`Client::conversations_search`], unread.
    pub async fn conversations_search_json(
        &self,
        query: &ConversationQuery,
    ) -> Result<Json<ConversationResult>, ApiError> {
        self.call_json(Method::Post, v4("/conversations/search"), Some(query))
            .await
    }

    /// `conversations/{id}/addParticipant`: a secondary agent or visitor.
    pub async fn conversations_add_participant(
        &self,
        id: &ConversationId,
        body: &ConversationsAddParticipantBody,
    ) -> Result<ConversationData, ApiError> {
        self.post(conversation(id, "addParticipant"), body).await
    }

    /// `conversations/{id}/setAssigneePerson`: an active, visible participant becomes the
    /// assignee.
    pub async fn conversations_set_assignee_person(
        &self,
        id: &ConversationId,
        body: &ConversationsSetAssigneePersonBody,
    ) -> Result<ConversationData, ApiError> {
        self.post(conversation(id, "setAssigneePerson"), body).await
    }

    /// `conversations/{id}/changeParticipantVisibility`: hide or show a participant.
    pub async fn conversations_change_participant_visibility(
        &self,
        id: &ConversationId,
        body: &ConversationsChangeParticipantVisibilityBody,
    ) -> Result<ConversationData, ApiError> {
        self.post(conversation(id, "changeParticipantVisibility"), body)
            .await
    }

    /// `conversations/{id}/offboardParticipant`: remove a participant.
    pub async fn conversations_offboard_participant(
        &self,
        id: &ConversationId,
        body: &ConversationsOffboardParticipantBody,
    ) -> Result<ConversationData, ApiError> {
        self.post(conversation(id, "offboardParticipant"), body)
            .await
    }

    /// `conversations/{id}/setAwaitedPersonType`: who must react next.
    pub async fn conversations_set_awaited_person_type(
        &self,
        id: &ConversationId,
        body: &ConversationsSetAwaitedPersonTypeBody,
    ) -> Result<ConversationData, ApiError> {
        self.post(conversation(id, "setAwaitedPersonType"), body)
            .await
    }

    /// `conversations/{id}/end`.
    pub async fn conversations_end(
        &self,
        id: &ConversationId,
        body: &ConversationsEndBody,
    ) -> Result<ConversationData, ApiError> {
        self.post(conversation(id, "end"), body).await
    }

    // --- Unblu web API v4: invitations ---

    /// `invitations/forwardConversationToAgent`: to an agent who does not participate.
    pub async fn invitations_forward_to_agent(
        &self,
        body: &InvitationsForwardConversationToAgentBody,
    ) -> Result<ConversationInvitationData, ApiError> {
        self.create(v4("/invitations/forwardConversationToAgent"), body)
            .await
    }

    /// `invitations/forwardConversationToTeam`.
    pub async fn invitations_forward_to_team(
        &self,
        body: &InvitationsForwardConversationToTeamBody,
    ) -> Result<ConversationInvitationData, ApiError> {
        self.create(v4("/invitations/forwardConversationToTeam"), body)
            .await
    }

    /// `invitations/inviteAgentToConversation`: a secondary agent.
    pub async fn invitations_invite_agent(
        &self,
        body: &InvitationsInviteAgentToConversationBody,
    ) -> Result<ConversationInvitationData, ApiError> {
        self.create(v4("/invitations/inviteAgentToConversation"), body)
            .await
    }

    /// `invitations/inviteTeamToConversation`.
    pub async fn invitations_invite_team(
        &self,
        body: &InvitationsInviteTeamToConversationBody,
    ) -> Result<ConversationInvitationData, ApiError> {
        self.create(v4("/invitations/inviteTeamToConversation"), body)
            .await
    }

    /// `invitations/inviteAnonymousVisitorToConversationWithPin`: the PIN is in this answer's
    /// `token` only.
    pub async fn invitations_invite_visitor_with_pin(
        &self,
        body: &InvitationsInviteAnonymousVisitorToConversationWithPinBody,
    ) -> Result<ConversationInvitationData, ApiError> {
        self.create(
            v4("/invitations/inviteAnonymousVisitorToConversationWithPin"),
            body,
        )
        .await
    }

    /// `invitations/inviteAnonymousVisitorToConversationWithEmail`.
    pub async fn invitations_invite_visitor_with_email(
        &self,
        body: &InvitationsInviteAnonymousVisitorToConversationWithEmailBody,
    ) -> Result<ConversationInvitationData, ApiError> {
        self.create(
            v4("/invitations/inviteAnonymousVisitorToConversationWithEmail"),
            body,
        )
        .await
    }

    /// `invitations/inviteAnonymousVisitorToConversationWithLink`.
    pub async fn invitations_invite_visitor_with_link(
        &self,
        body: &InvitationsInviteAnonymousVisitorToConversationWithLinkBody,
    ) -> Result<ConversationInvitationData, ApiError> {
        self.create(
            v4("/invitations/inviteAnonymousVisitorToConversationWithLink"),
            body,
        )
        .await
    }

    /// `invitations/{id}/renewPin`: a new PIN with a new lifetime.
    pub async fn invitations_renew_pin(
        &self,
        id: &InvitationId,
    ) -> Result<ConversationInvitationData, ApiError> {
        self.call::<(), _>(Method::Post, invitation(id, "renewPin"), None)
            .await
    }

    /// `invitations/{id}/revoke`.
    pub async fn invitations_revoke(
        &self,
        id: &InvitationId,
    ) -> Result<ConversationInvitationData, ApiError> {
        self.call::<(), _>(Method::Post, invitation(id, "revoke"), None)
            .await
    }

    /// `invitations/{id}/read` (never with its token).
    pub async fn invitations_read(
        &self,
        id: &InvitationId,
    ) -> Result<ConversationInvitationData, ApiError> {
        self.get(invitation(id, "read")).await
    }

    /// `invitations/search`.
    pub async fn invitations_search(
        &self,
        query: &ConversationInvitationQuery,
    ) -> Result<ConversationInvitationResult, ApiError> {
        self.post(v4("/invitations/search"), query).await
    }

    /// `invitations/getAcceptLink`: the link that accepts an invitation.
    pub async fn invitations_get_accept_link(
        &self,
        body: &InvitationsGetAcceptLinkBody,
    ) -> Result<AcceptLinkData, ApiError> {
        self.post(v4("/invitations/getAcceptLink"), body).await
    }

    /// `invitations/requeueConversation`.
    pub async fn invitations_requeue_conversation(
        &self,
        body: &InvitationsRequeueConversationBody,
    ) -> Result<ConversationInvitationData, ApiError> {
        self.create(v4("/invitations/requeueConversation"), body)
            .await
    }

    /// `invitations/startDeputyDelegation`: ask the assignee's deputies.
    pub async fn invitations_start_deputy_delegation(
        &self,
        body: &InvitationsStartDeputyDelegationBody,
    ) -> Result<ConversationInvitationData, ApiError> {
        self.create(v4("/invitations/startDeputyDelegation"), body)
            .await
    }

    /// `invitations/{id}/addSecondaryInvitationTarget`.
    pub async fn invitations_add_secondary_target(
        &self,
        id: &InvitationId,
        body: &InvitationsAddSecondaryInvitationTargetBody,
    ) -> Result<ConversationInvitationData, ApiError> {
        self.post(invitation(id, "addSecondaryInvitationTarget"), body)
            .await
    }

    // --- Unblu web API v4: deputies, users, teams, persons, availability, webhooks ---

    /// `deputyrelationships/create`.
    pub async fn deputy_relationships_create(
        &self,
        body: &DeputyRelationship,
    ) -> Result<DeputyRelationship, ApiError> {
        self.create(v4("/deputyrelationships/create"), body).await
    }

    /// `deputyrelationships/{id}/read`.
    pub async fn deputy_relationships_read(
        &self,
        id: &str,
    ) -> Result<DeputyRelationship, ApiError> {
        self.get(v4(&format!("/deputyrelationships/{}/read", segment(id))))
            .await
    }

    /// `deputyrelationships/{id}/delete`.
    pub async fn deputy_relationships_delete(&self, id: &str) -> Result<(), ApiError> {
        let path = v4(&format!("/deputyrelationships/{}/delete", segment(id)));
        self.call_empty::<()>(Method::Delete, path, None).await
    }

    /// `deputyrelationships/search`.
    pub async fn deputy_relationships_search(
        &self,
        query: &DeputyRelationshipQuery,
    ) -> Result<DeputyRelationshipResult, ApiError> {
        self.post(v4("/deputyrelationships/search"), query).await
    }

    /// `deputyrelationships/writeAgentDeputies`: replace an agent's assistants and deputies.
    pub async fn deputy_relationships_write_agent_deputies(
        &self,
        body: &WriteAgentDeputyRelationshipsBody,
    ) -> Result<(), ApiError> {
        self.call_empty(
            Method::Post,
            v4("/deputyrelationships/writeAgentDeputies"),
            Some(body),
        )
        .await
    }

    /// `users/createWithPassword`.
    pub async fn users_create_with_password(
        &self,
        body: &UserPasswordContainer,
    ) -> Result<User, ApiError> {
        self.create(v4("/users/createWithPassword"), body).await
    }

    /// `users/getByUsername?username=`.
    pub async fn users_get_by_username(&self, username: &str) -> Result<User, ApiError> {
        let query = vec![("username".to_owned(), username.to_owned())];
        let response = self
            .exchange::<()>(Method::Get, v4("/users/getByUsername"), query, None)
            .await?;
        decode(&response)
    }

    /// `users/{id}/read`.
    pub async fn users_read(&self, id: &PersonId) -> Result<User, ApiError> {
        self.get(v4(&format!("/users/{}/read", segment(id.as_str()))))
            .await
    }

    /// `users/{id}/setPassword`: the administrator sets a user's password, or an agent
    /// changes their own with `current_password`. Every session of the user ends (this
    /// client's too, if it is theirs).
    pub async fn users_set_password(
        &self,
        id: &PersonId,
        body: &UsersSetPasswordBody,
    ) -> Result<User, ApiError> {
        let user = self
            .post(
                v4(&format!("/users/{}/setPassword", segment(id.as_str()))),
                body,
            )
            .await?;
        // Changing one's own password (with the current one) ended this client's session.
        if body.current_password.is_some() {
            self.set_auth(Auth::None);
        }
        Ok(user)
    }

    /// `teams/create`.
    pub async fn teams_create(&self, body: &Team) -> Result<Team, ApiError> {
        self.create(v4("/teams/create"), body).await
    }

    /// `teams/{id}/read`.
    pub async fn teams_read(&self, id: &TeamId) -> Result<Team, ApiError> {
        self.get(v4(&format!("/teams/{}/read", segment(id.as_str()))))
            .await
    }

    /// `teams/search`.
    pub async fn teams_search(&self, query: &TeamQuery) -> Result<TeamResult, ApiError> {
        self.post(v4("/teams/search"), query).await
    }

    /// `teams/{id}/getChildTeams`: all levels down.
    pub async fn teams_get_child_teams(&self, id: &TeamId) -> Result<TeamList, ApiError> {
        self.get(v4(&format!(
            "/teams/{}/getChildTeams",
            segment(id.as_str())
        )))
        .await
    }

    /// `persons/{id}/read`.
    pub async fn persons_read(&self, id: &PersonId) -> Result<PersonData, ApiError> {
        self.get(v4(&format!("/persons/{}/read", segment(id.as_str()))))
            .await
    }

    /// `persons/search`.
    pub async fn persons_search(&self, query: &PersonQuery) -> Result<PersonResult, ApiError> {
        self.post(v4("/persons/search"), query).await
    }

    /// `persons/{id}/setAway`: mark an agent away or back.
    pub async fn persons_set_away(
        &self,
        id: &PersonId,
        body: &PersonsSetAwayBody,
    ) -> Result<AgentPersonStateData, ApiError> {
        self.post(
            v4(&format!("/persons/{}/setAway", segment(id.as_str()))),
            body,
        )
        .await
    }

    /// `availability/getAgentAvailability[?userId=]`: one agent's, or the caller's account's.
    pub async fn availability_get_agent_availability(
        &self,
        user: Option<&PersonId>,
    ) -> Result<AgentAvailabilityStateData, ApiError> {
        let query = user
            .map(|id| vec![("userId".to_owned(), id.as_str().to_owned())])
            .unwrap_or_default();
        let response = self
            .exchange::<()>(
                Method::Get,
                v4("/availability/getAgentAvailability"),
                query,
                None,
            )
            .await?;
        decode(&response)
    }

    /// `webhookregistrations/create` (answers the secret once).
    pub async fn webhook_registrations_create(
        &self,
        body: &WebhookRegistration,
    ) -> Result<WebhookRegistration, ApiError> {
        self.create(v4("/webhookregistrations/create"), body).await
    }

    /// `webhookregistrations/{id}/read` (without the secret).
    pub async fn webhook_registrations_read(
        &self,
        id: &str,
    ) -> Result<WebhookRegistration, ApiError> {
        self.get(v4(&format!("/webhookregistrations/{}/read", segment(id))))
            .await
    }

    /// `webhookregistrations/{id}/delete`.
    pub async fn webhook_registrations_delete(&self, id: &str) -> Result<(), ApiError> {
        let path = v4(&format!("/webhookregistrations/{}/delete", segment(id)));
        self.call_empty::<()>(Method::Delete, path, None).await
    }

    // --- Unblu web API v4: sign-in ---

    /// `authenticator/login`: on success the transport keeps the session cookie and this
    /// client switches to [`Auth::Session`] with the token of the `X-CSRF-Token` header.
    pub async fn authenticator_login(
        &self,
        body: &AuthenticatorLoginBody,
    ) -> Result<LoginResult, ApiError> {
        let response = self
            .exchange(
                Method::Post,
                v4("/authenticator/login"),
                Vec::new(),
                Some(body),
            )
            .await?;
        let result: LoginResult = decode(&response)?;
        if result.success {
            self.adopt_session_from(&response);
        }
        Ok(result)
    }

    /// `authenticator/logout`: this client goes back to [`Auth::None`].
    pub async fn authenticator_logout(
        &self,
        body: &AuthenticatorLogoutBody,
    ) -> Result<(), ApiError> {
        self.call_empty(Method::Post, v4("/authenticator/logout"), Some(body))
            .await?;
        self.set_auth(Auth::None);
        Ok(())
    }

    /// `POST /baton/v1/sessions/revokeAll`: signs the caller out everywhere (the
    /// administrator: the person named), ending their sessions and event streams.
    pub async fn sessions_revoke_all(
        &self,
        body: &BatonRevokeSessionsBody,
    ) -> Result<(), ApiError> {
        self.call_empty(
            Method::Post,
            "/baton/v1/sessions/revokeAll".to_owned(),
            Some(body),
        )
        .await?;
        if body.person_id.is_none() {
            self.set_auth(Auth::None);
        }
        Ok(())
    }

    /// `authenticator/loginWithSecureToken`: a bank customer signs in with the JWT the bank
    /// issued; this client switches to the new session.
    pub async fn login_with_secure_token(&self, body: &SecureTokenRequest) -> Result<(), ApiError> {
        let response = self
            .exchange(
                Method::Post,
                v4("/authenticator/loginWithSecureToken"),
                Vec::new(),
                Some(body),
            )
            .await?;
        self.adopt_session_from(&response);
        Ok(())
    }

    // --- Baton ---

    /// `GET /baton/v1/session`: who is signed in, with the CSRF token.
    pub async fn session(&self) -> Result<BatonSession, ApiError> {
        self.session_json().await?.decode()
    }

    /// [`Client::session`], unread.
    pub async fn session_json(&self) -> Result<Json<BatonSession>, ApiError> {
        self.call_json::<(), _>(Method::Get, "/baton/v1/session".to_owned(), None)
            .await
    }

    /// `GET /baton/v1/texts`: the text properties in `locale` (`de`, `de-CH`), else in the
    /// server's choice from `Accept-Language`, the bank's overrides applied; those `ui` shows,
    /// or every one. Public.
    pub async fn texts(
        &self,
        locale: Option<&str>,
        ui: Option<TextUi>,
    ) -> Result<BatonTexts, ApiError> {
        self.texts_json(locale, ui).await?.decode()
    }

    /// [`Client::texts`], unread.
    pub async fn texts_json(
        &self,
        locale: Option<&str>,
        ui: Option<TextUi>,
    ) -> Result<Json<BatonTexts>, ApiError> {
        let locale = locale.map(|locale| ("locale".to_owned(), locale.to_owned()));
        let ui = ui.map(|ui| ("ui".to_owned(), ui.as_str().to_owned()));
        let query = locale.into_iter().chain(ui).collect();
        let response = self
            .exchange::<()>(Method::Get, "/baton/v1/texts".to_owned(), query, None)
            .await?;
        Ok(Json::new(response))
    }

    /// Adopts the session the transport already holds (a page reload) if it is a
    /// `person_type` one, and answers whether it did: `false` when nobody (401), or someone
    /// of the other kind, is signed in (a visitor never acts with an agent's session, nor
    /// the reverse).
    pub async fn resume_session(&self, person_type: PersonType) -> Result<bool, ApiError> {
        let session = match self.session_json().await {
            Ok(session) => session,
            Err(error) if error.status() == Some(401) => return Ok(false),
            Err(error) => return Err(error),
        };
        let keys: SessionKeys = decode(&session.response)?;
        let adopted = keys.person_type == person_type;
        if adopted {
            self.set_auth(Auth::Session {
                csrf_token: keys.csrf_token,
            });
        }
        Ok(adopted)
    }

    /// `GET /baton/v1/conversations/{id}/participants`: who is in it, with names (visitors
    /// never get hidden participants).
    pub async fn participants(
        &self,
        id: &ConversationId,
    ) -> Result<Vec<BatonParticipant>, ApiError> {
        self.get(baton_conversation(id, "participants")).await
    }

    /// `POST /baton/v1/conversations/{id}/messages` (a visitor's may offer the deputy prompt).
    pub async fn post_message(
        &self,
        id: &ConversationId,
        body: &BatonPostMessageBody,
    ) -> Result<BatonMessage, ApiError> {
        self.post_message_json(id, body).await?.decode()
    }

    /// [`Client::post_message`], unread.
    pub async fn post_message_json(
        &self,
        id: &ConversationId,
        body: &BatonPostMessageBody,
    ) -> Result<Json<BatonMessage>, ApiError> {
        self.create_json(baton_conversation(id, "messages"), body)
            .await
    }

    /// `GET /baton/v1/conversations/{id}/messages`: those the caller may read.
    pub async fn messages(&self, id: &ConversationId) -> Result<Vec<BatonMessage>, ApiError> {
        self.messages_json(id).await?.decode()
    }

    /// [`Client::messages`], unread.
    pub async fn messages_json(
        &self,
        id: &ConversationId,
    ) -> Result<Json<Vec<BatonMessage>>, ApiError> {
        self.call_json::<(), _>(Method::Get, baton_conversation(id, "messages"), None)
            .await
    }

    /// `GET /baton/v1/conversations/{id}/prompt`: the open "Invite a deputy?" prompt in the
    /// caller's locale, `None` when there is none (204).
    pub async fn prompt(&self, id: &ConversationId) -> Result<Option<BatonPrompt>, ApiError> {
        self.prompt_json(id)
            .await?
            .map(|prompt| prompt.decode())
            .transpose()
    }

    /// [`Client::prompt`], unread.
    pub async fn prompt_json(
        &self,
        id: &ConversationId,
    ) -> Result<Option<Json<BatonPrompt>>, ApiError> {
        let prompt = self
            .call_json::<(), _>(Method::Get, baton_conversation(id, "prompt"), None)
            .await?;
        Ok((prompt.status() != 204).then_some(prompt))
    }

    /// `POST /baton/v1/conversations/{id}/prompt`: accepting starts the deputy delegation.
    pub async fn answer_prompt(
        &self,
        id: &ConversationId,
        body: &BatonPromptAnswer,
    ) -> Result<(), ApiError> {
        self.call_empty(Method::Post, baton_conversation(id, "prompt"), Some(body))
            .await
    }

    /// `POST /baton/v1/conversations/{id}/unassign`: the organisation's other agents see the
    /// conversation again.
    pub async fn unassign(&self, id: &ConversationId) -> Result<(), ApiError> {
        self.call_empty::<()>(Method::Post, baton_conversation(id, "unassign"), None)
            .await
    }

    /// `POST /baton/v1/invitations/{id}/respond`: accept, decline, ignore or answer later.
    pub async fn respond(
        &self,
        id: &InvitationId,
        body: &BatonDelegationResponseBody,
    ) -> Result<ConversationInvitationData, ApiError> {
        let path = format!("/baton/v1/invitations/{}/respond", segment(id.as_str()));
        self.post(path, body).await
    }

    /// `POST /baton/v1/redeem/pin`: join with a PIN. An anonymous client switches to the
    /// visitor session it gets (cookie in the transport, CSRF token from the answer).
    pub async fn redeem_pin(&self, body: &BatonRedeemPinBody) -> Result<BatonRedemption, ApiError> {
        self.redeem_pin_json(body).await?.decode()
    }

    /// [`Client::redeem_pin`], unread (the session is switched all the same).
    pub async fn redeem_pin_json(
        &self,
        body: &BatonRedeemPinBody,
    ) -> Result<Json<BatonRedemption>, ApiError> {
        self.redeem("/baton/v1/redeem/pin", body).await
    }

    /// `POST /baton/v1/redeem/link`: join with an e-mail or shared link; switches sessions
    /// like [`Client::redeem_pin`].
    pub async fn redeem_link(
        &self,
        body: &BatonRedeemLinkBody,
    ) -> Result<BatonRedemption, ApiError> {
        self.redeem_link_json(body).await?.decode()
    }

    /// [`Client::redeem_link`], unread (the session is switched all the same).
    pub async fn redeem_link_json(
        &self,
        body: &BatonRedeemLinkBody,
    ) -> Result<Json<BatonRedemption>, ApiError> {
        self.redeem("/baton/v1/redeem/link", body).await
    }

    /// A redemption at `path`; adopts the session it answers unless signed in with Basic.
    async fn redeem<B: Serialize>(
        &self,
        path: &str,
        body: &B,
    ) -> Result<Json<BatonRedemption>, ApiError> {
        let redemption = self
            .call_json(Method::Post, path.to_owned(), Some(body))
            .await?;
        if !matches!(self.auth(), Auth::Basic { .. }) {
            let redeemed: Redeemed = decode(&redemption.response)?;
            self.set_auth(Auth::Session {
                csrf_token: redeemed.session.csrf_token,
            });
        }
        Ok(redemption)
    }

    /// `GET /baton/v1/queue`: the signed-in agent's queue.
    pub async fn queue(&self) -> Result<Vec<BatonQueueItem>, ApiError> {
        self.get("/baton/v1/queue".to_owned()).await
    }

    /// `GET /baton/v1/deputies/settings`: whether the signed-in agent may manage their own
    /// deputies, and which levels are externally managed.
    pub async fn deputy_settings(&self) -> Result<BatonDeputySettings, ApiError> {
        self.get("/baton/v1/deputies/settings".to_owned()).await
    }

    // --- SuperOffice chat transfer ---

    /// `POST /api/v1/ChatSession/{chatSessionId}/TransferTo/{toAssociate}`: the session's
    /// agent offers it to another (by username or person id). When the session is not the
    /// caller's, nothing happens and the entity comes back unchanged.
    pub async fn superoffice_transfer_to(
        &self,
        chat_session_id: &str,
        to_associate: &str,
    ) -> Result<ChatSessionEntity, ApiError> {
        let path = format!(
            "{}/TransferTo/{}",
            chat_session(chat_session_id),
            segment(to_associate)
        );
        self.call::<(), _>(Method::Post, path, None).await
    }

    /// `POST /api/v1/ChatSession/{chatSessionId}/AcceptTransfer`: the receiver of a pending
    /// transfer takes the session over.
    pub async fn superoffice_accept_transfer(
        &self,
        chat_session_id: &str,
    ) -> Result<ChatSessionEntity, ApiError> {
        let path = format!("{}/AcceptTransfer", chat_session(chat_session_id));
        self.call::<(), _>(Method::Post, path, None).await
    }

    /// `POST /api/v1/ChatSession/{chatSessionId}/RejectTransfer`: the receiver of a pending
    /// transfer declines it; the session stays with its agent.
    pub async fn superoffice_reject_transfer(
        &self,
        chat_session_id: &str,
    ) -> Result<ChatSessionEntity, ApiError> {
        let path = format!("{}/RejectTransfer", chat_session(chat_session_id));
        self.call::<(), _>(Method::Post, path, None).await
    }

    // --- Flows ---

    /// Reassigns `conversation` to `to`, who already participates (possibly hidden): reads
    /// the conversation, shows `to` if hidden (`changeParticipantVisibility`), makes them the
    /// assignee (`setAssigneePerson`) and, with `offboard_previous` = (reason, comment),
    /// removes the previous assignee (`offboardParticipant`). Answers the conversation after
    /// the last step; on failure names the step (a failed read counts as
    /// [`ReassignStep::Unhide`]). Steps before the failed one stay done.
    pub async fn reassign(
        &self,
        conversation: &ConversationId,
        to: &PersonId,
        offboard_previous: Option<(ConversationLeftReason, Option<String>)>,
    ) -> Result<ConversationData, ReassignError> {
        let at = |step| move |error| ReassignError { step, error };
        let current = self
            .conversations_read(conversation)
            .await
            .map_err(at(ReassignStep::Unhide))?;
        let previous = current.assignee_person_id().cloned();
        let hidden = current
            .participants
            .iter()
            .any(|p| &p.person_id == to && p.hidden);
        if hidden {
            let body = ConversationsChangeParticipantVisibilityBody {
                person_id: to.clone(),
                hidden: false,
            };
            self.conversations_change_participant_visibility(conversation, &body)
                .await
                .map_err(at(ReassignStep::Unhide))?;
        }
        let body = ConversationsSetAssigneePersonBody {
            person_id: to.clone(),
        };
        let assigned = self
            .conversations_set_assignee_person(conversation, &body)
            .await
            .map_err(at(ReassignStep::SetAssignee))?;
        match (offboard_previous, previous) {
            (Some((reason, comment)), Some(previous)) if &previous != to => {
                let body = ConversationsOffboardParticipantBody {
                    person_id: previous,
                    reason,
                    comment,
                };
                self.conversations_offboard_participant(conversation, &body)
                    .await
                    .map_err(at(ReassignStep::Offboard))
            }
            _ => Ok(assigned),
        }
    }

    /// Reassigns `conversation` to `to`, who does not participate yet, keeping the previous
    /// assignee as a secondary agent: `addParticipant` (visible), then `setAssigneePerson`.
    pub async fn reassign_keeping_previous(
        &self,
        conversation: &ConversationId,
        to: &PersonId,
    ) -> Result<ConversationData, ReassignError> {
        let at = |step| move |error| ReassignError { step, error };
        let body = ConversationsAddParticipantBody {
            person_id: to.clone(),
            hidden: false,
            conversation_starred: None,
        };
        self.conversations_add_participant(conversation, &body)
            .await
            .map_err(at(ReassignStep::AddParticipant))?;
        let body = ConversationsSetAssigneePersonBody {
            person_id: to.clone(),
        };
        self.conversations_set_assignee_person(conversation, &body)
            .await
            .map_err(at(ReassignStep::SetAssignee))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_are_percent_encoded() {
        assert_eq!(segment("conv_1-a.b~c"), "conv_1-a.b~c");
        assert_eq!(segment("a/b c?"), "a%2Fb%20c%3F");
        assert_eq!(segment("é"), "%C3%A9");
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
