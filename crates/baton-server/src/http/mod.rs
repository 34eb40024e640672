//! The HTTP surface: Unblu's web API under `/app/rest/v4`, Baton's own endpoints under
//! `/baton/v1`, the SuperOffice facade under `/api/v1`, plus `/healthz`, `/metrics`,
//! `/openapi.json` and the static demo.
//!
//! Handlers are thin: they authenticate the caller, turn the body into a `Command`, run it
//! through the runtime and shape the answer with `baton-api`'s wire types. No rule lives here.

mod baton;
pub mod caller;
pub mod client_address;
mod demo;
pub mod error;
mod extract;
mod guesses;
pub mod idempotency;
pub mod json;
pub mod openapi;
mod routes;
pub mod static_site;
mod superoffice;
mod system;
mod unblu;

use std::path::Path;
use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, HeaderValue, header};
use axum::response::Response;
use baton_api::operation::{Method, Operation};
use baton_core::{Actor, Command, Timestamp};
use tokio::sync::watch;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::set_header::SetResponseHeaderLayer;

use crate::auth::credentials::CredentialStore;
use crate::auth::jwt::JwtVerifier;
use crate::auth::session::SessionStore;
use crate::auth::token_ids::UsedTokenIds;
use crate::clock::Clock;
use crate::limits::AttemptLimiter;
use crate::mail::Mailer;
use crate::metrics::Metrics;
use crate::runtime::Runtime;
use crate::settings::Settings;
use crate::store::Recorded;
use crate::webhooks::Webhooks;
use error::ApiError;
use routes::Routes;

/// The web API administrator (`BATON_ADMIN_USERNAME` / `BATON_ADMIN_PASSWORD`).
#[derive(Clone)]
pub struct AdminCredentials {
    /// User name.
    pub username: String,
    /// Password.
    pub password: String,
}

impl std::fmt::Debug for AdminCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AdminCredentials")
            .field("username", &self.username)
            .finish_non_exhaustive()
    }
}

/// Everything a handler may use.
pub struct App {
    /// The domain, live.
    pub runtime: Arc<Runtime>,
    /// Where every handler and background loop reads the time.
    pub clock: Clock,
    /// The settings in force.
    pub settings: Settings,
    /// Agents' passwords.
    pub credentials: CredentialStore,
    /// Signed-in sessions.
    pub sessions: SessionStore,
    /// Verifies the bank's visitor tokens, if configured.
    pub jwt: Option<JwtVerifier>,
    /// The ids of the visitor tokens already used.
    pub used_token_ids: UsedTokenIds,
    /// Limits on guessing passwords, PINs and link tokens.
    pub limiter: AttemptLimiter,
    /// The mail outbox.
    pub mailer: Mailer,
    /// E-mail invitations' link tokens until their e-mail is queued.
    pub pending_link_tokens: crate::join_links::PendingLinkTokens,
    /// Webhook registrations and their outbox.
    pub webhooks: Webhooks,
    /// Counters for `/metrics`.
    pub metrics: Arc<Metrics>,
    /// The web API administrator, if any.
    pub admin: Option<AdminCredentials>,
    /// Agents' Basic credentials verified recently.
    pub basic_cache: caller::BasicCache,
    /// Whether the demo-only endpoints are on.
    pub demo: bool,
    /// Whether the session cookie is `Secure` (`[server] secure_cookies`, else on unless the
    /// server listens on loopback or runs the demo).
    pub secure_cookies: bool,
    /// Where visitors reach this server, for links in e-mails.
    pub public_url: String,
    /// Turns true when the server stops: responses that never end by themselves (the SSE
    /// feed) end on it, or the graceful shutdown would wait for them forever.
    pub shutdown: watch::Receiver<bool>,
    /// Where the desks' event streams hold their agents' presence.
    pub presence: crate::presence::DeskPresence,
    /// Agents' devices and the web push outbox.
    pub push: crate::push::PushOutbox,
    /// The server's VAPID key.
    pub vapid: Arc<crate::push::Vapid>,
    /// Wakes the delivery loops when something was queued.
    pub wakers: Arc<crate::outbox::Wakers>,
}

impl App {
    /// Runs a command for an actor now, counting the outcome.
    pub async fn execute(
        &self,
        actor: &Actor,
        command: Command,
    ) -> Result<Vec<Arc<Recorded>>, ApiError> {
        self.execute_at(actor, command, self.clock.now()).await
    }

    /// Runs a command for an actor at `now`, counting the outcome.
    pub async fn execute_at(
        &self,
        actor: &Actor,
        command: Command,
        now: Timestamp,
    ) -> Result<Vec<Arc<Recorded>>, ApiError> {
        use std::sync::atomic::Ordering;
        match self.runtime.execute(actor, command, now).await {
            Ok(recorded) => {
                Metrics::inc(&self.metrics.commands_accepted);
                self.metrics
                    .events_recorded
                    .fetch_add(recorded.len() as u64, Ordering::Relaxed);
                Ok(recorded)
            }
            Err(error) => {
                Metrics::inc(&self.metrics.commands_refused);
                Err(error.into())
            }
        }
    }
}

/// The Content-Security-Policy of the static demo pages (issue: zero violations under it).
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; style-src 'self'; connect-src 'self'";

/// Every route of the API (the demo bank's too when `demo`).
fn routes(demo: bool) -> Routes {
    Routes::new()
        .merge(system::routes())
        .merge(openapi::routes())
        .merge(unblu::routes())
        .merge(demo::routes(demo))
        .merge(baton::routes())
        .merge(superoffice::routes())
}

/// Every method and path the server routes (the demo bank's too when `demo`), as the router
/// declares them (path parameters as `{name}`).
pub fn served_routes(demo: bool) -> Vec<(Method, &'static str)> {
    routes(demo).served().to_vec()
}

/// Every operation of the API the server routes, in declaration order: what `/openapi.json`
/// documents.
pub fn operations() -> Vec<&'static Operation> {
    routes(false).operations().to_vec()
}

/// The whole HTTP surface; `static_dir` is served at `/` under the strict CSP, its files
/// precompressed and cached ([`static_site`]).
pub fn router(app: Arc<App>, static_dir: Option<&Path>) -> Router {
    let limit = app.settings.server.max_body_bytes;
    let clock = app.clock.clone();
    let cors = cors(&app.settings.server.allowed_origins);
    let api = routes(app.demo)
        .into_router()
        .method_not_allowed_fallback(|| async { ApiError::WrongMethod })
        .route_layer(axum::middleware::from_fn_with_state(
            idempotency::Idempotency::new(Arc::clone(&app)),
            idempotency::honour,
        ))
        .layer(DefaultBodyLimit::max(limit))
        .with_state(app);
    let routes = match static_dir {
        Some(dir) => api.fallback_service(
            tower::ServiceBuilder::new()
                .layer(SetResponseHeaderLayer::overriding(
                    header::CONTENT_SECURITY_POLICY,
                    HeaderValue::from_static(CONTENT_SECURITY_POLICY),
                ))
                .service(static_site::StaticSite::new(dir)),
        ),
        None => api.fallback(|| async { ApiError::NoRoute }),
    }
    .layer(axum::middleware::map_response(move |response| {
        date_from_clock(clock.now(), response)
    }));
    match cors {
        Some(cors) => routes.layer(cors),
        None => routes,
    }
}

/// `response` with its `Date` read from the server's own clock (the one every expiry is
/// computed with; hyper would write the machine's), so that a client counting down to an
/// expiry reckons with the server's time, not its own clock's error.
async fn date_from_clock(now: Timestamp, mut response: Response) -> Response {
    let millis = u64::try_from(now.as_millis()).unwrap_or_default();
    let date = std::time::UNIX_EPOCH + std::time::Duration::from_millis(millis);
    if let Ok(value) = HeaderValue::from_str(&httpdate::fmt_http_date(date)) {
        response.headers_mut().insert(header::DATE, value);
    }
    response
}

/// CORS for the configured origins: credentials (the session cookie), the CSRF,
/// `Last-Event-ID` and `Idempotency-Key` headers in, the CSRF and `Date` headers out. `None` without
/// origins: browsers then keep other origins out, as without CORS.
fn cors(origins: &[String]) -> Option<CorsLayer> {
    let origins: Vec<HeaderValue> = origins
        .iter()
        .filter_map(|origin| match HeaderValue::from_str(origin.trim_end_matches('/')) {
            Ok(value) => Some(value),
            Err(_) => {
                tracing::warn!(%origin, "an allowed origin is not a valid header value; ignored");
                None
            }
        })
        .collect();
    if origins.is_empty() {
        return None;
    }
    let csrf = HeaderName::from_static("x-csrf-token");
    Some(
        CorsLayer::new()
            .allow_origin(AllowOrigin::list(origins))
            .allow_credentials(true)
            .allow_methods([
                axum::http::Method::GET,
                axum::http::Method::POST,
                axum::http::Method::DELETE,
            ])
            .allow_headers([
                header::CONTENT_TYPE,
                header::ACCEPT,
                header::AUTHORIZATION,
                HeaderName::from_static("last-event-id"),
                HeaderName::from_static(idempotency::HEADER),
                csrf.clone(),
            ])
            // `Date`: the server's time, which the PIN countdown runs on.
            .expose_headers([csrf, header::DATE])
            .max_age(std::time::Duration::from_secs(600)),
    )
}
