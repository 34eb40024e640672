//! Crossing the JS boundary: JS values in (checked against the wire types, `INVALID_INPUT`
//! otherwise) and wire types out, both through JSON (`JSON.parse` / `JSON.stringify` and
//! serde_json, which the client already carries), and promises from Rust futures. Answers
//! the SDK only hands on go to `JSON.parse` as the server sent them (`request.rs`): decoding
//! them into wire types just to encode them again would link every type's decoder.

use std::future::Future;

use js_sys::{JSON, Promise};
use serde::de::DeserializeOwned;
use wasm_bindgen::JsValue;
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
    let text: String = JSON::stringify(value)
        .map_err(|_| Rejection::invalid_input(&format!("{what} is not JSON")))?
        .into();
    serde_json::from_str(&text).map_err(|e| Rejection::invalid_input(&format!("{what}: {e}")))
}

/// An optional options object: absent, `undefined` or `null` stand for the defaults.
pub(crate) fn optional<T: DeserializeOwned + Default>(
    value: Option<JsValue>,
    what: &str,
) -> Result<T, Rejection> {
    match value {
        Some(value) if !(value.is_undefined() || value.is_null()) => from_js(&value, what),
        _ => Ok(T::default()),
    }
}

/// A promise of `future`'s value as plain JS (`null` for `()`), rejected with its
/// `BatonError`.
#[cfg(feature = "agent")]
pub(crate) fn promise<T, F>(future: F) -> Promise
where
    T: serde::Serialize,
    F: Future<Output = Result<T, Rejection>> + 'static,
{
    js_promise(async move { to_js(&future.await?) })
}

/// A promise of `future`'s JS value, rejected with its `BatonError`.
pub(crate) fn js_promise<F>(future: F) -> Promise
where
    F: Future<Output = Result<JsValue, Rejection>> + 'static,
{
    future_to_promise(async move { future.await.map_err(|r| r.0) })
}
