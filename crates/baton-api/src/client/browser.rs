//! The browser [`Transport`]: `fetch` through gloo-net, with `credentials: "include"` so the
//! browser sends and keeps the session cookie (HttpOnly: no script ever reads it); its
//! pauses are `setTimeout` through gloo-timers.
//! Only with the `browser` feature; it compiles for wasm32 alone (it panics elsewhere).
//! Nothing here knows `JsValue`: the SDK's JS bindings stay in `baton-sdk`.
//!
//! The SDK's JS methods describe their requests as data and send them all through
//! [`Client::send_unread`] / [`Client::create_unread`], answers unread (they go to
//! `JSON.parse`): one request path, and no decoder linked per answer type.

use gloo_net::http::{Method as FetchMethod, RequestBuilder};
use web_sys::RequestCredentials;

use super::{ApiError, Client, Method, Request, Response, Transport, TransportError};
use crate::operation::Target;

/// Sends requests to one Baton server with the page's `fetch`.
#[derive(Clone, Debug)]
pub struct FetchTransport {
    base: String,
}

impl FetchTransport {
    /// A transport for the server at `base_url`: an absolute URL (`https://chat.bank.example`)
    /// or `""` for the page's own origin.
    pub fn new(base_url: impl Into<String>) -> Self {
        let base = base_url.into().trim_end_matches('/').to_owned();
        Self { base }
    }

    /// The server's base URL as given (without a trailing `/`).
    pub fn base_url(&self) -> &str {
        &self.base
    }
}

impl Transport for FetchTransport {
    async fn send(&self, request: Request) -> Result<Response, TransportError> {
        let method = match request.method {
            Method::Get => FetchMethod::GET,
            Method::Post => FetchMethod::POST,
            Method::Delete => FetchMethod::DELETE,
        };
        let mut builder = RequestBuilder::new(&format!("{}{}", self.base, request.path))
            .method(method)
            .credentials(RequestCredentials::Include)
            .query(request.query.iter().map(|(n, v)| (n.as_str(), v.as_str())));
        for (name, value) in &request.headers {
            builder = builder.header(name, value);
        }
        let built = match request.body {
            Some(body) => {
                let text = String::from_utf8(body)
                    .map_err(|e| TransportError::new(format!("request body: {e}")))?;
                builder.body(text)
            }
            None => builder.build(),
        };
        let response = built
            .map_err(|e| TransportError::new(e.to_string()))?
            .send()
            .await
            .map_err(|e| TransportError::new(e.to_string()))?;
        let status = response.status();
        let headers = response.headers().entries().collect();
        let body = response
            .binary()
            .await
            .map_err(|e| TransportError::new(e.to_string()))?;
        Ok(Response {
            status,
            headers,
            body,
        })
    }

    async fn pause(&self, duration: std::time::Duration) {
        gloo_timers::future::sleep(duration).await;
    }
}

impl Client<FetchTransport> {
    /// Sends one request, its JSON `body` already encoded, and answers the successful
    /// response unread (non-2xx answers are the [`ApiError`] they stand for).
    pub async fn send_unread(
        &self,
        target: Target,
        query: Vec<(String, String)>,
        body: Option<Vec<u8>>,
    ) -> Result<Response, ApiError> {
        self.send(target, query, body, None).await
    }

    /// [`Client::send_unread`] for a `POST` that creates something or posts a message: a
    /// fresh `Idempotency-Key`, sent again unchanged when the client retries.
    pub async fn create_unread(&self, target: Target, body: Vec<u8>) -> Result<Response, ApiError> {
        self.send_idempotent(target, body).await
    }
}
