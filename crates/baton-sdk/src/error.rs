//! `BatonError`, the one thing an SDK promise rejects with: a JS `Error` subclass (defined in
//! `js/error.js`, since wasm-bindgen cannot extend `Error`) with a stable `code`, the HTTP
//! `status` when the server answered, and for the reassign flow the `step` that failed.
//! Codes are the server's `errorCode`s plus `NETWORK`, `MALFORMED_RESPONSE` and
//! `INVALID_INPUT` (a bad argument, refused before anything is sent).

use baton_api::client::{ApiError, ReassignError, ReassignStep};
use baton_api::wire::error::ErrorCode;
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
/** The codes a `BatonError` carries (`ErrorCode`, from the wire crate); newer servers may add codes. */
export type BatonErrorCode = ErrorCode | (string & {});
/** The steps of `AgentClient.reassign`, in order. */
export type ReassignStep = "UNHIDE" | "ADD_PARTICIPANT" | "SET_ASSIGNEE" | "OFFBOARD";
"#;

/// A `BatonError`, ready to reject a promise with.
#[derive(Debug)]
pub(crate) struct Rejection(pub(crate) JsValue);

impl Rejection {
    /// A `BatonError` with `code` and no answer from the server.
    pub(crate) fn new(code: ErrorCode, message: &str) -> Self {
        Self(baton_error(code.as_str(), message, None, None))
    }

    /// An argument that is not what the method takes (the server's code for the same
    /// mistake), refused before anything is sent.
    pub(crate) fn invalid_input(message: &str) -> Self {
        Self::new(ErrorCode::InvalidInput, message)
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
            error.code().as_str(),
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
            error.code().as_str(),
            &message(error),
            error.status(),
            Some(step),
        ))
    }
}
