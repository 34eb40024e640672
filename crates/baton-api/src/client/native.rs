//! The native [`Transport`]: `reqwest` with a cookie store, so that a session signed in with
//! `authenticator/login` or a PIN redemption carries its cookie on every later request.
//! Only with the `native` feature (the browser's `fetch` transport comes with the SDK).

use super::{Method, Request, Response, Transport, TransportError};

/// Sends requests to one Baton (or Unblu) server over `reqwest`, keeping its cookies.
#[derive(Clone, Debug)]
pub struct ReqwestTransport {
    base: String,
    http: reqwest::Client,
}

impl ReqwestTransport {
    /// A transport for the server at `base_url` (`http://host:port`, without the API path),
    /// with an empty cookie store.
    pub fn new(base_url: impl Into<String>) -> Result<Self, TransportError> {
        let http = reqwest::Client::builder()
            .cookie_store(true)
            .build()
            .map_err(|e| TransportError::new(e.to_string()))?;
        let base = base_url.into().trim_end_matches('/').to_owned();
        Ok(Self { base, http })
    }

    /// The server's base URL.
    pub fn base_url(&self) -> &str {
        &self.base
    }
}

impl Transport for ReqwestTransport {
    async fn send(&self, request: Request) -> Result<Response, TransportError> {
        let method = match request.method {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
            Method::Delete => reqwest::Method::DELETE,
        };
        let mut builder = self
            .http
            .request(method, format!("{}{}", self.base, request.path));
        if !request.query.is_empty() {
            builder = builder.query(&request.query);
        }
        for (name, value) in &request.headers {
            builder = builder.header(name, value);
        }
        if let Some(body) = request.body {
            builder = builder.body(body);
        }
        let response = builder
            .send()
            .await
            .map_err(|e| TransportError::new(e.to_string()))?;
        let status = response.status().as_u16();
        let headers = response
            .headers()
            .iter()
            .filter_map(|(name, value)| {
                Some((name.as_str().to_owned(), value.to_str().ok()?.to_owned()))
            })
            .collect();
        let body = response
            .bytes()
            .await
            .map_err(|e| TransportError::new(e.to_string()))?
            .to_vec();
        Ok(Response {
            status,
            headers,
            body,
        })
    }
}
