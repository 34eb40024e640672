//! Every failure of an HTTP request becomes Unblu's error body
//! (`{"$_type":"Error","statusCode","statusDescription","errorMessage"}` plus Baton's
//! `errorCode`), with the status the wire crate assigns. Internal details are logged, never
//! sent.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use baton_api::ErrorBody;
use baton_api::wire::error::ErrorCode;
use baton_core::DomainError;

use crate::limits::LimitError;
use crate::push::{AnswerError, PushError};
use crate::runtime::ExecuteError;
use crate::store::StoreError;
use baton_core::Timestamp;

/// Why a request failed.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// A domain rule refused it.
    #[error(transparent)]
    Domain(#[from] DomainError),
    /// No valid credentials, session or token.
    #[error("{0}")]
    Unauthenticated(&'static str),
    /// The body, a parameter or a header is malformed.
    #[error("{0}")]
    Malformed(String),
    /// The request body is larger than the server accepts.
    #[error("the request body is too large")]
    TooLarge,
    /// Nothing is served at this path.
    #[error("no such endpoint")]
    NoRoute,
    /// The path is served, but not with this method.
    #[error("this endpoint does not take this method")]
    WrongMethod,
    /// The entity named does not exist (or the caller may not know it does); for entities
    /// the domain does not know (webhook registrations, derived deputy links).
    #[error("{0}")]
    NotFound(String),
    /// Too many failed attempts from this client.
    #[error("too many attempts; retry in {retry_after_seconds} s")]
    RateLimited {
        /// Seconds until the client may try again.
        retry_after_seconds: u64,
    },
    /// The caller already has as many event streams open as one person may.
    #[error("at most {0} event streams per person; close one first")]
    TooManyStreams(u32),
    /// The request took longer than the server allows (`[limits]`).
    #[error("the request took longer than {0} s")]
    Timeout(u64),
    /// The `Idempotency-Key` was used before by this caller for another request (another
    /// body or endpoint).
    #[error("this Idempotency-Key was used for another request")]
    IdempotencyKeyReused,
    /// A request with this `Idempotency-Key` is still being processed; retry later.
    #[error("a request with this Idempotency-Key is still being processed; retry later")]
    IdempotencyKeyInUse,
    /// A request with this `Idempotency-Key` was carried out but its answer was lost (the
    /// server stopped in between): it is not run again; read the current state instead.
    #[error(
        "a request with this Idempotency-Key was carried out but its answer was lost; read the current state instead"
    )]
    IdempotencyAnswerLost,
    /// This instance cannot read the log now (`/readyz`).
    #[error("not ready: {0}")]
    NotReady(String),
    /// A web push subscription no push service could use.
    #[error("{0}")]
    InvalidInput(String),
    /// A notification's answer token does not answer.
    #[error(transparent)]
    PushAnswer(crate::push::AnswerError),
    /// Something failed inside the server; details are in the log.
    #[error("internal error: {0}")]
    Internal(String),
}

impl From<sqlx::Error> for ApiError {
    fn from(error: sqlx::Error) -> Self {
        ApiError::Internal(error.to_string())
    }
}

impl From<AnswerError> for ApiError {
    fn from(error: AnswerError) -> Self {
        match error {
            AnswerError::Database(e) => ApiError::Internal(e.to_string()),
            other => ApiError::PushAnswer(other),
        }
    }
}

impl From<PushError> for ApiError {
    fn from(error: PushError) -> Self {
        match error {
            PushError::InvalidSubscription(message) => ApiError::InvalidInput(message),
            other => ApiError::Internal(other.to_string()),
        }
    }
}

impl From<ExecuteError> for ApiError {
    fn from(error: ExecuteError) -> Self {
        match error {
            ExecuteError::Domain(e) => ApiError::Domain(e),
            ExecuteError::Contention => ApiError::Internal("too much contention".into()),
            ExecuteError::Store(StoreError::KeyTaken) => ApiError::IdempotencyKeyInUse,
            ExecuteError::Store(e) => ApiError::Internal(e.to_string()),
            ExecuteError::Unrecorded(message) => ApiError::Internal(message),
            ExecuteError::Stopped => ApiError::Internal("the server is stopping".into()),
        }
    }
}

impl ApiError {
    /// The refusal for a client over its attempt limit (429 with `Retry-After`).
    pub fn limited(error: LimitError, now: Timestamp) -> Self {
        match error {
            LimitError::TooManyAttempts(retry) => ApiError::RateLimited {
                retry_after_seconds: retry.seconds_from(now),
            },
            LimitError::Database(e) => ApiError::Internal(e.to_string()),
        }
    }

    /// The body and status sent for this error.
    pub fn body(&self) -> ErrorBody {
        match self {
            ApiError::Domain(e) => ErrorBody::from(e),
            ApiError::Unauthenticated(message) => ErrorBody::not_authenticated(*message),
            ApiError::Malformed(message) => ErrorBody::malformed_request(message.clone()),
            ApiError::TooLarge => ErrorBody::new(ErrorCode::PayloadTooLarge, self.to_string()),
            ApiError::NoRoute | ApiError::NotFound(_) => {
                ErrorBody::new(ErrorCode::NotFound, self.to_string())
            }
            ApiError::RateLimited { .. } => {
                ErrorBody::new(ErrorCode::TooManyAttempts, self.to_string())
            }
            ApiError::WrongMethod => ErrorBody::new(ErrorCode::MethodNotAllowed, self.to_string()),
            ApiError::TooManyStreams(_) => {
                ErrorBody::new(ErrorCode::TooManyStreams, self.to_string())
            }
            ApiError::Timeout(_) => ErrorBody::new(ErrorCode::Timeout, self.to_string()),
            ApiError::NotReady(_) => ErrorBody::new(ErrorCode::NotReady, self.to_string()),
            ApiError::IdempotencyKeyReused => {
                ErrorBody::new(ErrorCode::IdempotencyKeyReused, self.to_string())
            }
            ApiError::IdempotencyKeyInUse => {
                ErrorBody::new(ErrorCode::IdempotencyKeyInUse, self.to_string())
            }
            ApiError::IdempotencyAnswerLost => {
                ErrorBody::new(ErrorCode::IdempotencyAnswerLost, self.to_string())
            }
            ApiError::InvalidInput(_) => ErrorBody::new(ErrorCode::InvalidInput, self.to_string()),
            ApiError::PushAnswer(e) => match e {
                AnswerError::Unknown => ErrorBody::new(ErrorCode::NotFound, self.to_string()),
                AnswerError::Used => ErrorBody::new(ErrorCode::PushAnswerUsed, self.to_string()),
                AnswerError::Expired => {
                    ErrorBody::new(ErrorCode::PushAnswerExpired, self.to_string())
                }
                AnswerError::NotOffered(_) => {
                    ErrorBody::new(ErrorCode::ResponseNotAvailable, self.to_string())
                }
                AnswerError::Database(_) => {
                    ErrorBody::internal("internal error; see the server log")
                }
            },
            ApiError::Internal(_) => ErrorBody::internal("internal error; see the server log"),
        }
    }

    fn status(&self) -> StatusCode {
        StatusCode::from_u16(self.body().status_code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let ApiError::Internal(detail) = &self {
            tracing::error!(%detail, "request failed");
        }
        let status = self.status();
        let mut response = (status, Json(self.body())).into_response();
        if let ApiError::RateLimited {
            retry_after_seconds,
        } = &self
            && let Ok(value) = retry_after_seconds.to_string().parse()
        {
            response
                .headers_mut()
                .insert(axum::http::header::RETRY_AFTER, value);
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_domain_refusal_keeps_its_status_and_stable_code() {
        let error = ApiError::Domain(DomainError::AlreadyAccepted);
        assert_eq!(error.status(), StatusCode::CONFLICT);
        assert_eq!(error.body().code(), ErrorCode::AlreadyAccepted);
    }

    #[test]
    fn internal_details_never_reach_the_client() {
        let error = ApiError::Internal("disk /dev/sda1 is full".into());
        let body = serde_json::to_string(&error.body()).unwrap();
        assert!(!body.contains("sda1"));
        assert!(body.contains("\"$_type\":\"Error\""));
    }
}
