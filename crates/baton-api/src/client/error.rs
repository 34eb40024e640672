//! What a [`Client`](super::Client) call can fail with: one [`ApiError`] for every operation
//! (the server's refusal with its Unblu error body, a transport failure, or an answer that
//! is not what the operation promises), and [`ReassignError`], which also names the step of
//! the reassign flow that failed.

use crate::wire::error::{ErrorBody, ErrorCode};

/// The transport could not deliver the request or read the answer (no connection, DNS,
/// TLS, a browser `fetch` rejection). Carries the transport's own description.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("transport failed: {message}")]
pub struct TransportError {
    /// What went wrong, as the transport reports it.
    pub message: String,
}

impl TransportError {
    /// A transport error with this description.
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
        }
    }
}

/// Why an operation failed.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The server refused: a non-2xx answer with Unblu's error body.
    #[error("{status} {}: {}", body.code(), body.error_message)]
    Server {
        /// The HTTP status of the answer.
        status: u16,
        /// The error body, with Baton's `errorCode` when the server is Baton.
        body: ErrorBody,
        /// The answer's `Retry-After` (seconds), when it had one: how long a locked PIN,
        /// link or sign-in waits.
        retry_after_seconds: Option<u64>,
    },
    /// The request did not reach the server or its answer did not arrive.
    #[error(transparent)]
    Transport(#[from] TransportError),
    /// The answer arrived but is not what the operation answers (not JSON, another shape,
    /// or a non-2xx answer without an error body).
    #[error("unreadable answer (status {status}): {message}")]
    Decode {
        /// The HTTP status of the answer.
        status: u16,
        /// What could not be read.
        message: String,
    },
}

impl ApiError {
    /// A stable machine-readable code: the server's `errorCode` (or, from a server without
    /// one, the code its status stands for), [`ErrorCode::Network`] or
    /// [`ErrorCode::MalformedResponse`].
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::Server { body, .. } => body.code(),
            Self::Transport(_) => ErrorCode::Network,
            Self::Decode { .. } => ErrorCode::MalformedResponse,
        }
    }

    /// How long to wait before trying again, when the server said (`Retry-After`).
    pub fn retry_after_seconds(&self) -> Option<u64> {
        match self {
            Self::Server {
                retry_after_seconds,
                ..
            } => *retry_after_seconds,
            _ => None,
        }
    }

    /// The HTTP status of the answer, when one arrived.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Server { status, .. } | Self::Decode { status, .. } => Some(*status),
            Self::Transport(_) => None,
        }
    }
}

/// The step of [`Client::reassign`](super::Client::reassign) or
/// [`Client::reassign_keeping_previous`](super::Client::reassign_keeping_previous) that failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReassignStep {
    /// Reading the conversation or showing the hidden target (`changeParticipantVisibility`).
    Unhide,
    /// Adding the target as a participant (`addParticipant`, keep-previous variant only).
    AddParticipant,
    /// Making the target the assignee (`setAssigneePerson`).
    SetAssignee,
    /// Removing the previous assignee (`offboardParticipant`).
    Offboard,
}

/// A reassign flow that stopped: the steps before `step` took effect, `step` and the ones
/// after it did not.
#[derive(Debug, thiserror::Error)]
#[error("reassigning failed at {step:?}: {error}")]
pub struct ReassignError {
    /// The step that failed.
    pub step: ReassignStep,
    /// Why it failed.
    #[source]
    pub error: ApiError,
}
