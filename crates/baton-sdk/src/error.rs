//! `BatonError`, the one thing an SDK promise rejects with: a JS `Error` subclass (defined in
//! `js/error.js`, since wasm-bindgen cannot extend `Error`) with a stable `code`, the HTTP
//! `status` when the server answered, and for the reassign flow the `step` that failed.
//! Codes are the server's `errorCode`s plus `NETWORK`, `MALFORMED_RESPONSE` and
//! `INVALID_INPUT` (a bad argument, refused before anything is sent).

use baton_api::client::{ApiError, ReassignError, ReassignStep};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/error.js")]
extern "C" {
    #[wasm_bindgen(js_name = batonError)]
    fn baton_error(code: &str, message: &str, status: Option<u16>, step: Option<&str>) -> JsValue;
}

#[wasm_bindgen(typescript_custom_section)]
const BATON_ERROR: &str = r#"
/** The reason of every rejected Baton promise: `code` is stable, `message` is for people. */
export declare class BatonError extends Error {
  readonly name: "BatonError";
  /** A stable code: the server's error code, or `NETWORK`, `MALFORMED_RESPONSE`, `INVALID_INPUT`. */
  readonly code: BatonErrorCode;
  /** The HTTP status, when the server answered. */
  readonly status?: number;
  /** For `reassign`: the step that failed (the steps before it took effect). */
  readonly step?: ReassignStep;
}
/** The codes a `BatonError` carries; newer servers may add codes. */
export type BatonErrorCode =
  | "NOT_AUTHENTICATED" | "NOT_ALLOWED" | "NOT_FOUND" | "INVALID_INPUT" | "MALFORMED_REQUEST"
  | "ALREADY_EXISTS" | "NOT_AN_AGENT" | "ALREADY_PARTICIPANT" | "NOT_PARTICIPANT" | "NOT_ACTIVE"
  | "HIDDEN_ASSIGNEE" | "CANNOT_BE_HIDDEN" | "WRONG_CONVERSATION_STATE" | "CONFLICTING_INVITATION"
  | "INVITATION_CLOSED" | "ALREADY_ACCEPTED" | "ALREADY_DECLINED" | "PIN_EXPIRED" | "PIN_REVOKED"
  | "PIN_ALREADY_USED" | "PIN_WRONG" | "TOO_MANY_ATTEMPTS" | "RESPONSE_NOT_AVAILABLE"
  | "PROMPT_NOT_OPEN" | "DELEGATION_RUNNING" | "EXTERNALLY_MANAGED" | "CONFLICT" | "GONE"
  | "INTERNAL" | "HTTP_ERROR" | "NETWORK" | "MALFORMED_RESPONSE" | (string & {});
/** The steps of `AgentClient.reassign`, in order. */
export type ReassignStep = "UNHIDE" | "ADD_PARTICIPANT" | "SET_ASSIGNEE" | "OFFBOARD";
"#;

/// The code of an argument the SDK refuses before sending anything (the server's code for
/// the same mistake).
pub(crate) const INVALID_INPUT: &str = "INVALID_INPUT";

/// A `BatonError`, ready to reject a promise with.
#[derive(Debug)]
pub(crate) struct Rejection(pub(crate) JsValue);

impl Rejection {
    /// A `BatonError` with `code` and no answer from the server.
    pub(crate) fn new(code: &str, message: &str) -> Self {
        Self(baton_error(code, message, None, None))
    }

    /// An argument that is not what the method takes.
    pub(crate) fn invalid_input(message: &str) -> Self {
        Self::new(INVALID_INPUT, message)
    }
}

/// People's message for an API error: the server's own words when it answered.
fn message(error: &ApiError) -> String {
    match error {
        ApiError::Server { body, .. } => body.error_message.clone(),
        other => other.to_string(),
    }
}

impl From<ApiError> for Rejection {
    fn from(error: ApiError) -> Self {
        Self(baton_error(
            error.code(),
            &message(&error),
            error.status(),
            None,
        ))
    }
}

impl From<ReassignError> for Rejection {
    fn from(failure: ReassignError) -> Self {
        let step = match failure.step {
            ReassignStep::Unhide => "UNHIDE",
            ReassignStep::AddParticipant => "ADD_PARTICIPANT",
            ReassignStep::SetAssignee => "SET_ASSIGNEE",
            ReassignStep::Offboard => "OFFBOARD",
        };
        let error = &failure.error;
        Self(baton_error(
            error.code(),
            &message(error),
            error.status(),
            Some(step),
        ))
    }
}
