//! Unblu's error body `{"$_type":"Error","statusCode","statusDescription","errorMessage"}`,
//! Baton's `errorCode` extension, and the one mapping from [`DomainError`] to HTTP status.
//!
//! The server answers every refusal with [`ErrorBody`]; the SDK turns it into a `BatonError`
//! whose `code` is [`ErrorBody::code`]. Status codes are decided here and nowhere else.

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
    /// `"ALREADY_ACCEPTED"` ([`DomainError::code`]). Absent in errors from a real Unblu server.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub error_code: Option<String>,
}

impl Tagged for ErrorBody {
    const TAG: &'static str = "Error";
}

/// Code for a request without a valid session or credentials (401).
pub const NOT_AUTHENTICATED: &str = "NOT_AUTHENTICATED";
/// Code for a body that is not valid JSON or not the expected shape (400).
pub const MALFORMED_REQUEST: &str = "MALFORMED_REQUEST";
/// Code for a failure of the server itself (500).
pub const INTERNAL: &str = "INTERNAL";

impl ErrorBody {
    /// An error body with the reason phrase of `status`.
    pub fn new(status: u16, code: &str, message: impl Into<String>) -> Self {
        Self {
            kind: Tag::new(),
            status_code: status,
            status_description: reason_phrase(status).to_owned(),
            error_message: message.into(),
            error_code: Some(code.to_owned()),
        }
    }

    /// 401: no valid session or credentials.
    pub fn not_authenticated(message: impl Into<String>) -> Self {
        Self::new(401, NOT_AUTHENTICATED, message)
    }

    /// 400: the body could not be read (bad JSON, missing field, unknown `$_type`).
    pub fn malformed_request(message: impl Into<String>) -> Self {
        Self::new(400, MALFORMED_REQUEST, message)
    }

    /// 500: the server failed; the message must not reveal internals.
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(500, INTERNAL, message)
    }

    /// The stable code: Baton's `errorCode`, or for errors without one (a real Unblu server)
    /// a code derived from the status.
    pub fn code(&self) -> &str {
        self.error_code
            .as_deref()
            .unwrap_or_else(|| code_for_status(self.status_code))
    }
}

impl From<&DomainError> for ErrorBody {
    fn from(error: &DomainError) -> Self {
        Self::new(http_status(error), error.code(), error.to_string())
    }
}

/// The HTTP status for a refused command.
///
/// 404 for what does not exist (or must not be known to exist), 403 for what the actor may
/// not do, 400 for input no state could accept, 409 for input the current state refuses
/// (retrying after the state changed may work), 410 for a PIN or link that was valid and is
/// used up, expired or revoked (retrying never works), 429 while attempts are locked.
pub fn http_status(error: &DomainError) -> u16 {
    match error {
        DomainError::UnknownAccount(_)
        | DomainError::UnknownTeam(_)
        | DomainError::UnknownPerson(_)
        | DomainError::UnknownConversation(_)
        | DomainError::UnknownInvitation(_)
        | DomainError::UnknownDeputyRelationship => 404,
        DomainError::NotAllowed(_) | DomainError::ExternallyManagedLevel => 403,
        DomainError::InvalidInput(_)
        | DomainError::NotAnAgent(_)
        | DomainError::CannotBeHidden
        | DomainError::ResponseNotAvailable
        // A wrong PIN is bad input; it does not say whether any invitation exists.
        | DomainError::WrongToken => 400,
        DomainError::AlreadyExists(_)
        | DomainError::AlreadyParticipant(_)
        | DomainError::NotParticipant(_)
        | DomainError::NotActive(_)
        | DomainError::HiddenAssignee(_)
        | DomainError::WrongConversationState(_)
        | DomainError::ConflictingInvitation(_)
        | DomainError::InvitationClosed(_)
        | DomainError::AlreadyAccepted
        | DomainError::AlreadyDeclined
        | DomainError::PromptNotOpen(_)
        | DomainError::DelegationRunning(_) => 409,
        DomainError::TokenExpired | DomainError::TokenRevoked | DomainError::TokenRedeemed => 410,
        DomainError::TooManyAttempts { .. } => 429,
    }
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

/// The code for an error body without `errorCode`, from its status alone.
fn code_for_status(status: u16) -> &'static str {
    match status {
        400 => "INVALID_INPUT",
        401 => NOT_AUTHENTICATED,
        403 => "NOT_ALLOWED",
        404 => "NOT_FOUND",
        409 => "CONFLICT",
        410 => "GONE",
        429 => "TOO_MANY_ATTEMPTS",
        500..=599 => INTERNAL,
        _ => "HTTP_ERROR",
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
            .map(|e| (http_status(e), e.code()))
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
            assert_eq!(body.code(), error.code());
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
        assert_eq!(body.code(), "NOT_FOUND");
        assert_eq!(
            ErrorBody {
                error_code: None,
                ..ErrorBody::new(503, "X", "")
            }
            .code(),
            "INTERNAL"
        );
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
            MALFORMED_REQUEST
        );
        assert_eq!(
            ErrorBody::internal("oops").status_description,
            "Internal Server Error"
        );
    }
}
