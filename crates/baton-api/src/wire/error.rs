//! Unblu's error body `{"$_type":"Error","statusCode","statusDescription","errorMessage"}`,
//! Baton's `errorCode` extension, and [`ErrorCode`], every code with its HTTP status, with the
//! one mapping from [`DomainError`] to a code.
//!
//! The server answers every refusal with [`ErrorBody`]; the SDK turns it into a `BatonError`
//! whose `code` is [`ErrorBody::code`]; the widget chooses its texts by [`ErrorCode`]. Codes
//! and statuses are decided here and nowhere else.

use baton_core::DomainError;
use serde::{Deserialize, Serialize};

use crate::wire::shape::{Tag, Tagged, nullable};

/// Unblu's `Error` schema, plus Baton's `errorCode`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct ErrorBody {
    /// `$_type`: `"Error"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"Error\""))]
    pub kind: Tag<Self>,
    /// The HTTP status code.
    pub status_code: u16,
    /// The reason phrase of the status ("Not Found").
    #[serde(default, deserialize_with = "nullable")]
    pub status_description: String,
    /// What went wrong, for people. May change between versions.
    #[serde(default, deserialize_with = "nullable")]
    pub error_message: String,
    /// Baton extension (not in Unblu's schema): a stable machine-readable code such as
    /// `"ALREADY_ACCEPTED"` ([`ErrorCode`]). Absent in errors from a real Unblu server; kept as
    /// text, so that a code of a newer server survives the trip.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub error_code: Option<String>,
}

impl Tagged for ErrorBody {
    const TAG: &'static str = "Error";
}

/// Declares [`ErrorCode`] from one table: variant, wire name, HTTP status.
macro_rules! error_codes {
    ($($(#[doc = $doc:literal])+ $variant:ident = $wire:literal, $status:literal;)+) => {
        /// Every `errorCode` Baton answers, with the HTTP status that carries it, and the
        /// client's own codes for failures without an answer.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[cfg_attr(feature = "ts", derive(tsify::Tsify))]
        pub enum ErrorCode {
            $($(#[doc = $doc])+ #[serde(rename = $wire)] $variant,)+
        }

        impl ErrorCode {
            /// Every code, in the table's order.
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant),+];

            /// The code as the wire and `BatonError.code` spell it.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(ErrorCode::$variant => $wire,)+
                }
            }

            /// The HTTP status of an answer with this code (0: no answer, or a status that
            /// varies with the cause: [`ErrorBody::with_status`]).
            pub const fn status(self) -> u16 {
                match self {
                    $(ErrorCode::$variant => $status,)+
                }
            }
        }
    };
}

// 404 for what does not exist (or must not be known to exist), 403 for what the actor may not
// do, 400 for input no state could accept, 409 for input the current state refuses (retrying
// after the state changed may work), 410 for a PIN or link that was valid and is used up,
// expired or revoked (retrying never works), 429 while attempts are locked.
error_codes! {
    /// No valid session or credentials.
    NotAuthenticated = "NOT_AUTHENTICATED", 401;
    /// The caller may not do this.
    NotAllowed = "NOT_ALLOWED", 403;
    /// Nothing of that id exists, or the caller may not know that it does.
    NotFound = "NOT_FOUND", 404;
    /// A value no state could accept.
    InvalidInput = "INVALID_INPUT", 400;
    /// The body is not valid JSON or not the expected shape.
    MalformedRequest = "MALFORMED_REQUEST", 400;
    /// The entity exists already.
    AlreadyExists = "ALREADY_EXISTS", 409;
    /// The person named is no agent.
    NotAnAgent = "NOT_AN_AGENT", 400;
    /// The person takes part already.
    AlreadyParticipant = "ALREADY_PARTICIPANT", 409;
    /// The person does not take part.
    NotParticipant = "NOT_PARTICIPANT", 409;
    /// The participant has left or was offboarded.
    NotActive = "NOT_ACTIVE", 409;
    /// A hidden participant cannot be the assignee.
    HiddenAssignee = "HIDDEN_ASSIGNEE", 409;
    /// Only secondary agents and bots may be hidden.
    CannotBeHidden = "CANNOT_BE_HIDDEN", 400;
    /// The conversation's state does not allow this.
    WrongConversationState = "WRONG_CONVERSATION_STATE", 409;
    /// Another open invitation stands in the way.
    ConflictingInvitation = "CONFLICTING_INVITATION", 409;
    /// The invitation is no longer open.
    InvitationClosed = "INVITATION_CLOSED", 409;
    /// Someone accepted the request already.
    AlreadyAccepted = "ALREADY_ACCEPTED", 409;
    /// The caller declined the request already.
    AlreadyDeclined = "ALREADY_DECLINED", 409;
    /// The PIN or link has expired.
    PinExpired = "PIN_EXPIRED", 410;
    /// The PIN or link was revoked.
    PinRevoked = "PIN_REVOKED", 410;
    /// The PIN or link was used.
    PinAlreadyUsed = "PIN_ALREADY_USED", 410;
    /// The PIN or link is not valid (it says nothing of whether any invitation exists).
    PinWrong = "PIN_WRONG", 400;
    /// The notification's answer token was used already (one answer per notification).
    PushAnswerUsed = "PUSH_ANSWER_USED", 410;
    /// The notification's answer token has expired.
    PushAnswerExpired = "PUSH_ANSWER_EXPIRED", 410;
    /// Too many failed attempts: wait (`Retry-After`).
    TooManyAttempts = "TOO_MANY_ATTEMPTS", 429;
    /// This response is not offered on this channel.
    ResponseNotAvailable = "RESPONSE_NOT_AVAILABLE", 400;
    /// The prompt is no longer open.
    PromptNotOpen = "PROMPT_NOT_OPEN", 409;
    /// A deputy delegation runs already.
    DelegationRunning = "DELEGATION_RUNNING", 409;
    /// The level is managed outside Baton.
    ExternallyManaged = "EXTERNALLY_MANAGED", 403;
    /// The user was registered but their password could not be stored; the status says why
    /// (409 username taken, 400 unusable, 500 the server failed).
    PasswordNotSet = "PASSWORD_NOT_SET", 0;
    /// The path is served, but not with this method.
    MethodNotAllowed = "METHOD_NOT_ALLOWED", 405;
    /// The body is larger than the server accepts.
    PayloadTooLarge = "PAYLOAD_TOO_LARGE", 413;
    /// The `Idempotency-Key` was used for another request.
    IdempotencyKeyReused = "IDEMPOTENCY_KEY_REUSED", 422;
    /// A request with this `Idempotency-Key` is still being processed.
    IdempotencyKeyInUse = "IDEMPOTENCY_KEY_IN_USE", 409;
    /// The request was carried out but its answer was lost: read the current state.
    IdempotencyAnswerLost = "IDEMPOTENCY_ANSWER_LOST", 409;
    /// Too many open event streams for this person.
    TooManyStreams = "TOO_MANY_STREAMS", 429;
    /// The request took longer than the server allows.
    Timeout = "TIMEOUT", 503;
    /// This instance cannot read the log now (`/readyz`): a load balancer routes elsewhere.
    NotReady = "NOT_READY", 503;
    /// The server failed; details are in its log.
    Internal = "INTERNAL", 500;
    /// Another conflict (a server without Baton's codes).
    Conflict = "CONFLICT", 409;
    /// Gone (a server without Baton's codes).
    Gone = "GONE", 410;
    /// Another status (a server without Baton's codes).
    HttpError = "HTTP_ERROR", 0;
    /// The request did not reach the server or its answer did not arrive (client only).
    Network = "NETWORK", 0;
    /// The answer is not what the operation answers (client only).
    MalformedResponse = "MALFORMED_RESPONSE", 0;
}

impl ErrorCode {
    /// The code of this wire name, if this version knows it.
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|c| c.as_str() == code)
    }

    /// The code of an answer without `errorCode` (a real Unblu server), from its status.
    pub fn of_status(status: u16) -> Self {
        match status {
            400 => Self::InvalidInput,
            401 => Self::NotAuthenticated,
            403 => Self::NotAllowed,
            404 => Self::NotFound,
            409 => Self::Conflict,
            410 => Self::Gone,
            429 => Self::TooManyAttempts,
            500..=599 => Self::Internal,
            _ => Self::HttpError,
        }
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<&DomainError> for ErrorCode {
    fn from(error: &DomainError) -> Self {
        match error {
            DomainError::NotAllowed(_) => Self::NotAllowed,
            DomainError::InvalidInput(_) => Self::InvalidInput,
            DomainError::AlreadyExists(_) => Self::AlreadyExists,
            DomainError::UnknownAccount(_)
            | DomainError::UnknownTeam(_)
            | DomainError::UnknownPerson(_)
            | DomainError::UnknownConversation(_)
            | DomainError::UnknownInvitation(_)
            | DomainError::UnknownDeputyRelationship => Self::NotFound,
            DomainError::NotAnAgent(_) => Self::NotAnAgent,
            DomainError::AlreadyParticipant(_) => Self::AlreadyParticipant,
            DomainError::NotParticipant(_) => Self::NotParticipant,
            DomainError::NotActive(_) => Self::NotActive,
            DomainError::HiddenAssignee(_) => Self::HiddenAssignee,
            DomainError::CannotBeHidden => Self::CannotBeHidden,
            DomainError::WrongConversationState(_) => Self::WrongConversationState,
            DomainError::ConflictingInvitation(_) => Self::ConflictingInvitation,
            DomainError::InvitationClosed(_) => Self::InvitationClosed,
            DomainError::AlreadyAccepted => Self::AlreadyAccepted,
            DomainError::AlreadyDeclined => Self::AlreadyDeclined,
            DomainError::TokenExpired => Self::PinExpired,
            DomainError::TokenRevoked => Self::PinRevoked,
            DomainError::TokenRedeemed => Self::PinAlreadyUsed,
            DomainError::WrongToken => Self::PinWrong,
            DomainError::TooManyAttempts { .. } => Self::TooManyAttempts,
            DomainError::ResponseNotAvailable => Self::ResponseNotAvailable,
            DomainError::PromptNotOpen(_) => Self::PromptNotOpen,
            DomainError::DelegationRunning(_) => Self::DelegationRunning,
            DomainError::ExternallyManagedLevel => Self::ExternallyManaged,
        }
    }
}

impl ErrorBody {
    /// An error body with `code`, its status and the status's reason phrase.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self::with_status(code.status(), code, message)
    }

    /// An error body with a status of its own, for a code whose status varies with the cause.
    pub fn with_status(status: u16, code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            kind: Tag::new(),
            status_code: status,
            status_description: reason_phrase(status).to_owned(),
            error_message: message.into(),
            error_code: Some(code.as_str().to_owned()),
        }
    }

    /// 401: no valid session or credentials.
    pub fn not_authenticated(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::NotAuthenticated, message)
    }

    /// 400: the body could not be read (bad JSON, missing field, unknown `$_type`).
    pub fn malformed_request(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::MalformedRequest, message)
    }

    /// 500: the server failed; the message must not reveal internals.
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Internal, message)
    }

    /// The stable code: Baton's `errorCode`, or for errors without one (a real Unblu server)
    /// or with one this version does not know, the code of the status.
    pub fn code(&self) -> ErrorCode {
        self.error_code
            .as_deref()
            .and_then(ErrorCode::parse)
            .unwrap_or_else(|| ErrorCode::of_status(self.status_code))
    }
}

impl From<&DomainError> for ErrorBody {
    fn from(error: &DomainError) -> Self {
        Self::new(ErrorCode::from(error), error.to_string())
    }
}

/// The HTTP status for a refused command.
pub fn http_status(error: &DomainError) -> u16 {
    ErrorCode::from(error).status()
}

/// The reason phrase Unblu puts in `statusDescription`.
pub fn reason_phrase(status: u16) -> &'static str {
    match status {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        410 => "Gone",
        413 => "Payload Too Large",
        415 => "Unsupported Media Type",
        422 => "Unprocessable Content",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Error",
    }
}

#[cfg(test)]
mod tests {
    use baton_core::conversation::ConversationState;
    use baton_core::id::{AccountId, ConversationId, InvitationId, PersonId, PromptId, TeamId};
    use baton_core::invitation::InvitationState;
    use baton_core::{DomainError, Timestamp};
    use serde_json::json;

    use super::*;

    /// One of every variant. The match below has no wildcard, so a new `DomainError` variant
    /// stops this test from compiling until it is listed here (and `http_status`, which has
    /// no wildcard either, has decided its status).
    fn every_variant() -> Vec<DomainError> {
        let p = || PersonId::new("p");
        let i = || InvitationId::new("i");
        let all = vec![
            DomainError::NotAllowed("x"),
            DomainError::InvalidInput("x"),
            DomainError::AlreadyExists("x".into()),
            DomainError::UnknownAccount(AccountId::new("a")),
            DomainError::UnknownTeam(TeamId::new("t")),
            DomainError::UnknownPerson(p()),
            DomainError::UnknownConversation(ConversationId::new("c")),
            DomainError::UnknownInvitation(i()),
            DomainError::NotAnAgent(p()),
            DomainError::AlreadyParticipant(p()),
            DomainError::NotParticipant(p()),
            DomainError::NotActive(p()),
            DomainError::HiddenAssignee(p()),
            DomainError::CannotBeHidden,
            DomainError::WrongConversationState(ConversationState::Ended),
            DomainError::ConflictingInvitation(i()),
            DomainError::InvitationClosed(InvitationState::Revoked),
            DomainError::AlreadyAccepted,
            DomainError::AlreadyDeclined,
            DomainError::TokenExpired,
            DomainError::TokenRevoked,
            DomainError::TokenRedeemed,
            DomainError::WrongToken,
            DomainError::TooManyAttempts {
                until: Timestamp(1),
            },
            DomainError::ResponseNotAvailable,
            DomainError::PromptNotOpen(PromptId::new("pr")),
            DomainError::DelegationRunning(i()),
            DomainError::ExternallyManagedLevel,
            DomainError::UnknownDeputyRelationship,
        ];
        for e in &all {
            match e {
                DomainError::NotAllowed(_)
                | DomainError::InvalidInput(_)
                | DomainError::AlreadyExists(_)
                | DomainError::UnknownAccount(_)
                | DomainError::UnknownTeam(_)
                | DomainError::UnknownPerson(_)
                | DomainError::UnknownConversation(_)
                | DomainError::UnknownInvitation(_)
                | DomainError::NotAnAgent(_)
                | DomainError::AlreadyParticipant(_)
                | DomainError::NotParticipant(_)
                | DomainError::NotActive(_)
                | DomainError::HiddenAssignee(_)
                | DomainError::CannotBeHidden
                | DomainError::WrongConversationState(_)
                | DomainError::ConflictingInvitation(_)
                | DomainError::InvitationClosed(_)
                | DomainError::AlreadyAccepted
                | DomainError::AlreadyDeclined
                | DomainError::TokenExpired
                | DomainError::TokenRevoked
                | DomainError::TokenRedeemed
                | DomainError::WrongToken
                | DomainError::TooManyAttempts { .. }
                | DomainError::ResponseNotAvailable
                | DomainError::PromptNotOpen(_)
                | DomainError::DelegationRunning(_)
                | DomainError::ExternallyManagedLevel
                | DomainError::UnknownDeputyRelationship => {}
            }
        }
        all
    }

    #[test]
    fn every_domain_error_has_its_status_and_code() {
        let table: Vec<(u16, &str)> = every_variant()
            .iter()
            .map(|e| (http_status(e), ErrorCode::from(e).as_str()))
            .collect();
        assert_eq!(
            table,
            [
                (403, "NOT_ALLOWED"),
                (400, "INVALID_INPUT"),
                (409, "ALREADY_EXISTS"),
                (404, "NOT_FOUND"),
                (404, "NOT_FOUND"),
                (404, "NOT_FOUND"),
                (404, "NOT_FOUND"),
                (404, "NOT_FOUND"),
                (400, "NOT_AN_AGENT"),
                (409, "ALREADY_PARTICIPANT"),
                (409, "NOT_PARTICIPANT"),
                (409, "NOT_ACTIVE"),
                (409, "HIDDEN_ASSIGNEE"),
                (400, "CANNOT_BE_HIDDEN"),
                (409, "WRONG_CONVERSATION_STATE"),
                (409, "CONFLICTING_INVITATION"),
                (409, "INVITATION_CLOSED"),
                (409, "ALREADY_ACCEPTED"),
                (409, "ALREADY_DECLINED"),
                (410, "PIN_EXPIRED"),
                (410, "PIN_REVOKED"),
                (410, "PIN_ALREADY_USED"),
                (400, "PIN_WRONG"),
                (429, "TOO_MANY_ATTEMPTS"),
                (400, "RESPONSE_NOT_AVAILABLE"),
                (409, "PROMPT_NOT_OPEN"),
                (409, "DELEGATION_RUNNING"),
                (403, "EXTERNALLY_MANAGED"),
                (404, "NOT_FOUND"),
            ]
        );
    }

    #[test]
    fn every_status_used_has_a_reason_phrase_and_round_trips_to_a_code() {
        for error in every_variant() {
            let body = ErrorBody::from(&error);
            assert_ne!(body.status_description, "Error", "{error:?}");
            assert_eq!(body.code(), ErrorCode::from(&error));
            assert_eq!(body.error_message, error.to_string());
        }
    }

    #[test]
    fn the_error_body_has_unblus_shape_plus_the_baton_code() {
        let body = ErrorBody::from(&DomainError::AlreadyAccepted);
        assert_eq!(
            serde_json::to_value(&body).unwrap(),
            json!({
                "$_type": "Error",
                "statusCode": 409,
                "statusDescription": "Conflict",
                "errorMessage": "the request has already been accepted",
                "errorCode": "ALREADY_ACCEPTED"
            })
        );
        let back: ErrorBody = serde_json::from_value(serde_json::to_value(&body).unwrap()).unwrap();
        assert_eq!(back, body);
    }

    #[test]
    fn an_unblu_error_without_a_code_gets_one_from_its_status() {
        let body: ErrorBody = serde_json::from_value(json!({
            "$_type": "Error",
            "statusCode": 404,
            "statusDescription": "Not Found",
            "errorMessage": "Conversation not found",
            "timestamp": 1
        }))
        .unwrap();
        assert_eq!(body.error_code, None);
        assert_eq!(body.code(), ErrorCode::NotFound);
        assert_eq!(
            ErrorBody {
                error_code: None,
                ..ErrorBody::new(ErrorCode::Timeout, "")
            }
            .code(),
            ErrorCode::Internal
        );
        let newer = ErrorBody {
            error_code: Some("A_CODE_OF_A_NEWER_SERVER".into()),
            ..ErrorBody::new(ErrorCode::Conflict, "")
        };
        assert_eq!(newer.code(), ErrorCode::Conflict);
    }

    #[test]
    fn an_error_body_with_another_type_is_refused() {
        let err = serde_json::from_value::<ErrorBody>(json!({
            "$_type": "ConversationData",
            "statusCode": 404
        }))
        .unwrap_err();
        assert!(err.to_string().contains("\"Error\""), "{err}");
    }

    #[test]
    fn helpers_for_non_domain_errors() {
        assert_eq!(ErrorBody::not_authenticated("sign in").status_code, 401);
        assert_eq!(
            ErrorBody::malformed_request("bad json").code(),
            ErrorCode::MalformedRequest
        );
        assert_eq!(
            ErrorBody::internal("oops").status_description,
            "Internal Server Error"
        );
    }

    #[test]
    fn every_code_has_one_wire_name_that_parses_back_and_a_reason_phrase() {
        let mut names = std::collections::BTreeSet::new();
        for code in ErrorCode::ALL {
            assert!(names.insert(code.as_str()), "{code} twice");
            assert_eq!(ErrorCode::parse(code.as_str()), Some(*code));
            assert_eq!(
                serde_json::to_value(code).unwrap(),
                json!(code.as_str()),
                "serde agrees"
            );
            if code.status() != 0 {
                assert_ne!(reason_phrase(code.status()), "Error", "{code}");
            }
        }
    }
}
