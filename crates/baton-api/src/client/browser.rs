//! The browser [`Transport`]: `fetch` through gloo-net, with `credentials: "include"` so the
//! browser sends and keeps the session cookie (HttpOnly: no script ever reads it); its
//! pauses are `setTimeout` through gloo-timers.
//! Only with the `browser` feature; it compiles for wasm32 alone (it panics elsewhere).
//! Nothing here knows `JsValue`: the SDK's JS bindings stay in `baton-sdk`.

use gloo_net::http::{Method as FetchMethod, RequestBuilder};
use web_sys::RequestCredentials;

use super::{Method, Request, Response, Transport, TransportError};

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
