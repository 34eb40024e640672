//! Crossing the JS boundary: JS values in (checked against the wire types, `INVALID_INPUT`
//! otherwise) and wire types out, both through JSON (`JSON.parse` / `JSON.stringify` and
//! serde_json, which the client already carries), and promises from Rust futures. Answers
//! the SDK only hands on go to `JSON.parse` as the server sent them (`request.rs`): decoding
//! them into wire types just to encode them again would link every type's decoder.

#[cfg(feature = "agent")]
use std::future::Future;

use js_sys::JSON;
#[cfg(feature = "agent")]
use js_sys::Promise;
use serde::de::DeserializeOwned;
use wasm_bindgen::JsValue;
#[cfg(feature = "agent")]
use wasm_bindgen_futures::future_to_promise;

use crate::error::Rejection;

/// `value` as a plain JS value (objects, arrays, strings, numbers, `null`): the agent's typed
/// answers.
#[cfg(feature = "agent")]
pub(crate) fn to_js<T: serde::Serialize>(value: &T) -> Result<JsValue, Rejection> {
    let text = serde_json::to_string(value).map_err(|e| {
        Rejection::new(
            baton_api::wire::error::ErrorCode::MalformedResponse,
            &e.to_string(),
        )
    })?;
    JSON::parse(&text).map_err(Rejection)
}

/// Reads `value` as a `T`; `what` names the argument in the error.
pub(crate) fn from_js<T: DeserializeOwned>(value: &JsValue, what: &str) -> Result<T, Rejection> {
    serde_json::from_str(&json_text(value, what)?).map_err(|e| not_a(what, &e))
}

/// An optional options object: absent, `undefined` or `null` stand for the defaults.
pub(crate) fn optional<T: DeserializeOwned + Default>(
    value: Option<JsValue>,
    what: &str,
) -> Result<T, Rejection> {
    match given(value) {
        Some(value) => from_js(&value, what),
        None => Ok(T::default()),
    }
}

// What follows is the non-generic part of `from_js` and `optional`, written once rather than
// once per type read.

/// `value` unless absent, `undefined` or `null`.
fn given(value: Option<JsValue>) -> Option<JsValue> {
    value.filter(|value| !(value.is_undefined() || value.is_null()))
}

/// `value` as JSON text (`JSON.stringify`); `what` names the argument in the error.
fn json_text(value: &JsValue, what: &str) -> Result<String, Rejection> {
    JSON::stringify(value)
        .map(String::from)
        .map_err(|_| Rejection::invalid_input(&format!("{what} is not JSON")))
}

/// The argument `what` did not read as its type.
fn not_a(what: &str, error: &serde_json::Error) -> Rejection {
    Rejection::invalid_input(&format!("{what}: {error}"))
}

/// A promise of `future`'s value as plain JS (`null` for `()`), rejected with its
/// `BatonError`.
#[cfg(feature = "agent")]
pub(crate) fn promise<T, F>(future: F) -> Promise
where
    T: serde::Serialize,
    F: Future<Output = Result<T, Rejection>> + 'static,
{
    future_to_promise(async move {
        let value = future.await.map_err(|r| r.0)?;
        to_js(&value).map_err(|r| r.0)
    })
}
