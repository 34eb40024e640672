//! Who is calling: the `Caller` extractor turns HTTP Basic credentials (the web API
//! administrator, or an agent's own), a session cookie (agents after `authenticator/login`,
//! visitors after `loginWithSecureToken` or a redemption) or nothing into a domain `Actor`.
//!
//! A state-changing request made with the session cookie must carry the session's CSRF token
//! in `X-CSRF-Token`; Basic requests need none (browsers never send Basic on their own here).
//! Sign-in operations take [`SigningIn`] instead, which ignores a session cookie sent without
//! its token rather than refusing the request.

use std::net::SocketAddr;
use std::sync::{Arc, PoisonError};
use std::time::Duration;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, header};
use baton_core::directory::PersonType;
use baton_core::id::PersonId;
use baton_core::{Actor, DomainError, State, Timestamp};
use subtle::ConstantTimeEq;

use super::App;
use super::client_address::client_address;
use super::error::ApiError;
use crate::auth::basic;
use crate::auth::session::{Session, csrf_matches};
use crate::clock;
use crate::limits::{Guess, client_key};

/// Name of the session cookie.
pub const SESSION_COOKIE: &str = "baton_session";
/// The `Set-Cookie` value for a session `(token, lifetime in seconds)`, or one that clears it
/// (`None`): never readable by scripts, never sent cross-site, for the whole server, `Secure`
/// unless the server is plain HTTP on loopback. A sliding session's cookie has no `Max-Age`:
/// the server ends the session when it has been idle, and the cookie must not end it sooner.
pub fn session_cookie(
    app: &App,
    session: Option<(&str, u64)>,
) -> Result<axum::http::HeaderValue, ApiError> {
    let (token, lifetime) = match session {
        Some((token, _)) if app.sessions.sliding() => (token, String::new()),
        Some((token, seconds)) => (token, format!("; Max-Age={seconds}")),
        None => ("", "; Max-Age=0".to_owned()),
    };
    let secure = if app.secure_cookies { "; Secure" } else { "" };
    axum::http::HeaderValue::from_str(&format!(
        "{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict{lifetime}{secure}"
    ))
    .map_err(|e| ApiError::Internal(e.to_string()))
}

/// Header carrying the session's CSRF token on state-changing requests.
pub const CSRF_HEADER: &str = "x-csrf-token";

/// How the caller proved who they are.
#[derive(Debug)]
pub enum Credentials {
    /// HTTP Basic.
    Basic,
    /// The session cookie (the token itself, for logout).
    Session {
        /// The session.
        session: Session,
        /// The cookie's token.
        token: String,
    },
    /// Nothing.
    None,
}

/// The caller of a request.
#[derive(Debug)]
pub struct Caller {
    /// Who acts, for the domain.
    pub actor: Actor,
    /// How they proved it.
    pub credentials: Credentials,
    /// The client's address key, for per-client attempt limits.
    pub client: String,
    /// The preferred locale from `Accept-Language` (default `en`).
    pub locale: String,
}

impl Caller {
    /// Refuses anonymous callers.
    pub fn signed_in(&self) -> Result<&Actor, ApiError> {
        match self.actor {
            Actor::Anonymous => Err(ApiError::Unauthenticated("sign in first")),
            ref actor => Ok(actor),
        }
    }

    /// Refuses everyone but the web API administrator (`what` says what they alone may do).
    pub fn web_api_admin(&self, what: &'static str) -> Result<(), ApiError> {
        match self.signed_in()? {
            Actor::Admin => Ok(()),
            _ => Err(ApiError::Domain(DomainError::NotAllowed(what))),
        }
    }
}

fn cookie<'a>(parts: &'a Parts, name: &str) -> Option<&'a str> {
    parts
        .headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find_map(|(k, v)| (k == name).then_some(v))
}

/// The caller's locale: the first language of `Accept-Language`, else `en`.
pub(crate) fn locale(headers: &HeaderMap) -> String {
    headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(',').next())
        .and_then(|tag| language_tag(tag.split(';').next().unwrap_or(tag)))
        .unwrap_or("en")
        .to_owned()
}

/// `tag` trimmed, if it can name a locale (not empty, not the wildcard, no longer than a
/// language tag gets in practice).
pub(crate) fn language_tag(tag: &str) -> Option<&str> {
    Some(tag.trim()).filter(|tag| !tag.is_empty() && tag.len() <= 35 && *tag != "*")
}

fn changes_state(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// What to do with a session cookie whose request lacks the session's CSRF token.
#[derive(Clone, Copy, PartialEq, Eq)]
enum MissingCsrf {
    /// Refuse the request (403): every operation but signing in.
    Refuse,
    /// Ignore the cookie: the request carries none of that session's authority.
    Ignore,
}

impl FromRequestParts<Arc<App>> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        app: &Arc<App>,
    ) -> Result<Self, Self::Rejection> {
        Self::identify(parts, app, MissingCsrf::Refuse).await
    }
}

/// The caller of a sign-in (`authenticator/login`, `loginWithSecureToken`, PIN and link
/// redemption): like [`Caller`], except that a session cookie sent without its CSRF token is
/// ignored rather than refused, so a stale or someone else's session left in the browser
/// never blocks signing in anew. Safe: such a request uses none of that session's authority.
pub struct SigningIn(pub Caller);

impl FromRequestParts<Arc<App>> for SigningIn {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        app: &Arc<App>,
    ) -> Result<Self, Self::Rejection> {
        Caller::identify(parts, app, MissingCsrf::Ignore)
            .await
            .map(Self)
    }
}

impl Caller {
    async fn identify(
        parts: &mut Parts,
        app: &Arc<App>,
        missing_csrf: MissingCsrf,
    ) -> Result<Self, ApiError> {
        let client = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map_or_else(
                || "unknown".to_owned(),
                |ConnectInfo(peer)| {
                    client_key(client_address(
                        peer.ip(),
                        &parts.headers,
                        &app.settings.server.trusted_proxies,
                    ))
                },
            );
        let locale = locale(&parts.headers);
        if let Some(value) = parts.headers.get(header::AUTHORIZATION) {
            let value = value
                .to_str()
                .map_err(|_| ApiError::Unauthenticated("the Authorization header is not text"))?;
            let basic = basic::parse(value)
                .map_err(|_| ApiError::Unauthenticated("use HTTP Basic authentication"))?;
            let actor = app
                .basic_actor(&basic.username, &basic.password, &client)
                .await?;
            return Ok(Self {
                actor,
                credentials: Credentials::Basic,
                client,
                locale,
            });
        }
        if let Some(token) = cookie(parts, SESSION_COOKIE) {
            let session = app
                .sessions
                .lookup(token, app.clock.now())
                .await
                .map_err(|e| ApiError::Internal(e.to_string()))?;
            let csrf_ok = |session: &Session| {
                !changes_state(&parts.method)
                    || parts
                        .headers
                        .get(CSRF_HEADER)
                        .and_then(|v| v.to_str().ok())
                        .is_some_and(|h| csrf_matches(session, h))
            };
            let session = match session {
                Some(session) if !csrf_ok(&session) => match missing_csrf {
                    MissingCsrf::Refuse => {
                        return Err(ApiError::Domain(baton_core::DomainError::NotAllowed(
                            "missing or wrong X-CSRF-Token",
                        )));
                    }
                    MissingCsrf::Ignore => None,
                },
                other => other,
            };
            if let Some(session) = session {
                let actor = app.runtime.read(|state| {
                    state
                        .directory
                        .person(&session.person_id)
                        .map(|p| match p.person_type {
                            PersonType::Agent => Actor::Agent(p.id.clone()),
                            _ => Actor::Visitor(p.id.clone()),
                        })
                });
                if let Some(actor) = actor {
                    return Ok(Self {
                        actor,
                        credentials: Credentials::Session {
                            session,
                            token: token.to_owned(),
                        },
                        client,
                        locale,
                    });
                }
            }
        }
        Ok(Self {
            actor: Actor::Anonymous,
            credentials: Credentials::None,
            client,
            locale,
        })
    }
}

impl App {
    /// The actor behind Basic credentials: the administrator, or an agent with a password.
    /// Guesses count against the same budgets as the sign-in form's.
    async fn basic_actor(
        &self,
        username: &str,
        password: &str,
        client: &str,
    ) -> Result<Actor, ApiError> {
        const WRONG: ApiError = ApiError::Unauthenticated("wrong username or password");
        let key = BasicCache::key(username, password);
        let now = self.clock.now();
        if let Some(actor) = self.basic_cache.get(&key, now) {
            return self.still_signed_in(actor).ok_or(WRONG);
        }
        // Concurrent requests with the same credentials wait for one verification: a client's
        // burst of parallel calls is one guess, not one per call.
        let verifying = self.basic_cache.verifying(key);
        let verified: Result<Option<Actor>, ApiError> = async {
            let _turn = verifying.lock().await;
            if let Some(actor) = self.basic_cache.get(&key, now) {
                return Ok(self.still_signed_in(actor));
            }
            let guess = Guess::Password { username, client };
            let attempt = self.begin_guess(guess, now).await?;
            let actor = match &self.admin {
                Some(admin)
                    if bool::from(
                        admin.username.as_bytes().ct_eq(username.as_bytes())
                            & admin.password.as_bytes().ct_eq(password.as_bytes()),
                    ) =>
                {
                    Some(Actor::Admin)
                }
                _ => match self
                    .credentials
                    .verify(username, password)
                    .await
                    .map_err(|e| ApiError::Internal(e.to_string()))?
                {
                    Some(person) => {
                        let is_agent = |s: &State| s.directory.agent(&person).is_some();
                        self.knows(is_agent).await.then_some(Actor::Agent(person))
                    }
                    None => None,
                },
            };
            self.settle_guess(guess, attempt, actor.is_some()).await;
            if let Some(actor) = &actor {
                self.basic_cache.insert(key, actor.clone(), now);
            }
            Ok(actor)
        }
        .await;
        self.basic_cache.verified(&key);
        verified?.ok_or(WRONG)
    }

    /// Whether the state answers `known` true, catching up with the log once if not: the
    /// password table is shared, the state follows the log, so an agent created on another
    /// instance a moment ago may sign in here before the follower brought them. Asked only
    /// after a right password, so a guess costs no read of the log.
    pub(crate) async fn knows(&self, known: impl Fn(&State) -> bool) -> bool {
        if self.runtime.read(&known) {
            return true;
        }
        self.runtime.catch_up().await.is_ok() && self.runtime.read(&known)
    }

    /// `actor`, if they may still use the web API over Basic: the administrator, or a person
    /// who is (still) an agent.
    fn still_signed_in(&self, actor: Actor) -> Option<Actor> {
        match &actor {
            Actor::Agent(person) => self
                .runtime
                .read(|s| s.directory.agent(person).is_some())
                .then_some(actor),
            Actor::Admin => Some(actor),
            _ => None,
        }
    }
}

/// Verified Basic credentials, remembered briefly so that a server-to-server caller does not
/// pay a password hash (tens of milliseconds of CPU) on every request. Keyed by a SHA-256 of
/// the credentials, never the password itself; a changed password or ended sessions forget
/// the person's entries at once ([`BasicCache::forget`]).
#[derive(Debug, Default)]
pub struct BasicCache {
    entries: std::sync::Mutex<std::collections::HashMap<[u8; 32], (Actor, Timestamp)>>,
    /// One lock per credentials being verified right now.
    verifying: std::sync::Mutex<std::collections::HashMap<[u8; 32], Arc<tokio::sync::Mutex<()>>>>,
}

impl BasicCache {
    /// How long a verification is trusted.
    pub const TTL: Duration = Duration::from_secs(60);
    /// Most entries kept; beyond it the cache is cleared (a flood of distinct credentials).
    const CAPACITY: usize = 10_000;

    fn key(username: &str, password: &str) -> [u8; 32] {
        use sha2::Digest;
        let mut hasher = sha2::Sha256::new();
        hasher.update(username.as_bytes());
        hasher.update([0]);
        hasher.update(password.as_bytes());
        hasher.finalize().into()
    }

    fn get(&self, key: &[u8; 32], now: Timestamp) -> Option<Actor> {
        let entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        entries
            .get(key)
            .filter(|(_, at)| now < clock::after(*at, Self::TTL))
            .map(|(actor, _)| actor.clone())
    }

    /// Forgets every verification of `person`'s credentials (a changed password, ended
    /// sessions): their next Basic request is verified anew.
    pub fn forget(&self, person: &PersonId) {
        self.entries
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .retain(|_, (actor, _)| actor.person() != Some(person));
    }

    /// The lock that requests with these credentials take turns on while they are verified.
    fn verifying(&self, key: [u8; 32]) -> Arc<tokio::sync::Mutex<()>> {
        let mut verifying = self
            .verifying
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        Arc::clone(verifying.entry(key).or_default())
    }

    /// Forgets the lock of credentials whose verification ended; requests still waiting on it
    /// hold their own handle and find the answer in the cache.
    fn verified(&self, key: &[u8; 32]) {
        self.verifying
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(key);
    }

    fn insert(&self, key: [u8; 32], actor: Actor, now: Timestamp) {
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        if entries.len() >= Self::CAPACITY {
            entries.clear();
        }
        entries.insert(key, (actor, now));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::Request;

    fn parts(headers: &[(&str, &str)]) -> Parts {
        let mut builder = Request::builder();
        for (k, v) in headers {
            builder = builder.header(*k, *v);
        }
        builder.body(()).unwrap().into_parts().0
    }

    #[test]
    fn the_session_cookie_is_found_among_others() {
        let p = parts(&[("cookie", "a=1; baton_session=abc; b=2")]);
        assert_eq!(cookie(&p, SESSION_COOKIE), Some("abc"));
        assert_eq!(cookie(&parts(&[]), SESSION_COOKIE), None);
    }

    #[test]
    fn the_locale_is_the_first_accepted_language() {
        let locale = |headers: &[(&str, &str)]| locale(&parts(headers).headers);
        assert_eq!(
            locale(&[("accept-language", "de-CH,de;q=0.9,en;q=0.5")]),
            "de-CH"
        );
        assert_eq!(locale(&[("accept-language", "fr;q=0.8")]), "fr");
        assert_eq!(locale(&[("accept-language", "*")]), "en");
        assert_eq!(locale(&[]), "en");
    }

    #[test]
    fn a_verification_is_remembered_for_the_ttl_only() {
        let cache = BasicCache::default();
        let start = Timestamp(1_000);
        let key = BasicCache::key("anna.advisor", "anna");
        assert_eq!(cache.get(&key, start), None);
        let anna = Actor::Agent("anna.advisor".into());
        cache.insert(key, anna.clone(), start);
        assert_eq!(cache.get(&key, start), Some(anna));
        assert_eq!(
            cache.get(&BasicCache::key("anna.advisor", "wrong"), start),
            None
        );
        assert_eq!(cache.get(&key, clock::after(start, BasicCache::TTL)), None);
    }

    #[test]
    fn only_safe_methods_skip_the_csrf_check() {
        assert!(!changes_state(&Method::GET));
        assert!(changes_state(&Method::POST));
        assert!(changes_state(&Method::DELETE));
    }
}
