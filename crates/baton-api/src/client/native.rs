//! The native [`Transport`]: `reqwest` with a cookie store, so that a session signed in with
//! `authenticator/login` or a PIN redemption carries its cookie on every later request; and
//! the native driver of the event feed, [`Client::events`], a typed stream that reconnects
//! by itself. Only with the `native` feature (the browser's `fetch` transport and its
//! `EventSource` come with the SDK).
//!
//! What the feed's frames mean, the resume id and the backoff live in
//! [`events`](super::events); here only the sockets and the timer.

use std::collections::VecDeque;
use std::time::Duration;

use futures_util::Stream;

use super::events::{EventSubscription, retries};
use super::{ApiError, Client, Method, Request, Response, Transport, TransportError, refusal};
use crate::wire::baton::BatonEvent;

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

    /// `request` on this transport's `reqwest` client (and so with its cookies), not sent yet.
    fn prepare(&self, request: Request) -> reqwest::RequestBuilder {
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
        builder
    }
}

impl Transport for ReqwestTransport {
    async fn send(&self, request: Request) -> Result<Response, TransportError> {
        let response = self
            .prepare(request)
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

    async fn pause(&self, duration: Duration) {
        tokio::time::sleep(duration).await;
    }
}

/// A connection that brings no byte for this long is dead even if nobody closed it (the
/// server sends a keep-alive comment every 15 s): the stream reconnects.
const IDLE_TIMEOUT: Duration = Duration::from_secs(45);

impl Client<ReqwestTransport> {
    /// `GET /baton/v1/events` as a stream of the events this client may see, from the present
    /// or after the event `last_event_id`, for as long as the stream is polled.
    ///
    /// A dropped or silent connection, a transport failure or a 5xx (also 408, 429) answer is
    /// retried after the backoff of [`EventSubscription::reconnect_delay`], resuming after
    /// the last event received: nothing is missed, nothing comes twice. An event that cannot
    /// be decoded is an error item and the stream goes on. A refusal (401, 403, 400, ...)
    /// is the last item, an [`ApiError::Server`]. Requests go through this client's transport,
    /// with its credentials and cookies, at the time of each (re)connection.
    pub fn events(
        &self,
        last_event_id: Option<u64>,
    ) -> impl Stream<Item = Result<BatonEvent, ApiError>> + '_ {
        let feed = Feed {
            client: self,
            subscription: EventSubscription::new(last_event_id),
            response: None,
            ready: VecDeque::new(),
            reconnecting: false,
            ended: false,
        };
        futures_util::stream::unfold(feed, |mut feed| async move {
            let item = feed.next().await?;
            Some((item, feed))
        })
    }
}

/// The state of one [`Client::events`] stream.
struct Feed<'a> {
    client: &'a Client<ReqwestTransport>,
    subscription: EventSubscription,
    /// The open connection, if any.
    response: Option<reqwest::Response>,
    /// Events parsed and not handed out yet.
    ready: VecDeque<Result<BatonEvent, ApiError>>,
    /// The next attempt is not the first: it waits the backoff.
    reconnecting: bool,
    /// Refused: nothing more comes.
    ended: bool,
}

impl Feed<'_> {
    /// The next item; `None` once the server refused and that refusal was handed out.
    async fn next(&mut self) -> Option<Result<BatonEvent, ApiError>> {
        loop {
            if let Some(item) = self.ready.pop_front() {
                return Some(item);
            }
            if self.ended {
                return None;
            }
            match self.response.as_mut() {
                Some(response) => {
                    match tokio::time::timeout(IDLE_TIMEOUT, response.chunk()).await {
                        Ok(Ok(Some(chunk))) => self.ready.extend(self.subscription.feed(&chunk)),
                        // Ended, failed or silent: reconnect.
                        Ok(Ok(None) | Err(_)) | Err(_) => self.response = None,
                    }
                }
                None => {
                    if let Err(refused) = self.connect().await {
                        self.ended = true;
                        return Some(Err(refused));
                    }
                }
            }
        }
    }

    /// One attempt to connect, after the backoff unless it is the first. `Ok` when connected
    /// or worth another attempt, the refusal when the stream must end.
    async fn connect(&mut self) -> Result<(), ApiError> {
        if self.reconnecting {
            tokio::time::sleep(self.subscription.reconnect_delay(crate::backoff::jitter())).await;
        }
        self.reconnecting = true;
        let request = self.subscription.request(self.client);
        let Ok(response) = self.client.transport().prepare(request).send().await else {
            return Ok(());
        };
        let status = response.status().as_u16();
        if response.status().is_success() {
            self.subscription.connected();
            self.response = Some(response);
            return Ok(());
        }
        if retries(status) {
            return Ok(());
        }
        let body = match response.bytes().await {
            Ok(body) => body.to_vec(),
            Err(e) => return Err(TransportError::new(e.to_string()).into()),
        };
        Err(refusal(&Response {
            status,
            headers: Vec::new(),
            body,
        }))
    }
}
