//! `Idempotency-Key` (IETF draft-ietf-httpapi-idempotency-key-header) on every POST but
//! sign-in and redemption: a retry with the same key and the same request within 24 hours
//! answers the first answer (status and body) and records nothing new.
//!
//! - Keys are scoped to the signed-in caller (an agent, a visitor, the administrator), so
//!   nobody gets another caller's answer by guessing a key. Anonymous requests, and the
//!   [`IGNORED`] sign-in, sign-out, redemption and password POSTs, ignore the header: their
//!   answer is a session cookie or their body a password, neither of which is stored.
//! - The same key with another request (method, path or body) is 422
//!   `IDEMPOTENCY_KEY_REUSED`; while the first is being processed, 409
//!   `IDEMPOTENCY_KEY_IN_USE`; a malformed key (empty, over 255 characters, not visible
//!   ASCII) is 400.
//! - The key's row is inserted in the transaction that records the command's events
//!   (`runtime::IDEMPOTENCY_CLAIM`, `store::KeyClaim`); the answer is stored right after. A
//!   retry that finds the row without its answer (the server stopped in between) is 409
//!   `IDEMPOTENCY_ANSWER_LOST` and is never run again. A refused command stores nothing, so a
//!   retry may succeed; a successful request that records no event (a search, a webhook
//!   registration) stores its answer after the fact.
//! - The request runs in a task of its own, so a client that drops the connection does not
//!   cancel it between recording and storing the answer.
//! - Neither the key nor the caller is stored in the clear, and the answer (which may carry a
//!   new PIN) is sealed with a key derived from them: a copy of the database reveals none.
//!
//! No domain rule lives here, and nothing else reads or writes `idempotency_keys` but the
//! claim in `store.rs`.

use std::collections::HashSet;
use std::sync::{Arc, Mutex, PoisonError};

use crate::database::Pool;
use axum::body::{Body, Bytes};
use axum::extract::{FromRequest, FromRequestParts, MatchedPath, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use baton_api::operation::{Operation, baton, v4};
use baton_core::{Actor, Timestamp};
use ring::aead::{Aad, CHACHA20_POLY1305, LessSafeKey, NONCE_LEN, Nonce, UnboundKey};
use sha2::{Digest, Sha256};
use sqlx::Row;

use super::App;
use super::caller::Caller;
use super::error::ApiError;
use crate::runtime::IDEMPOTENCY_CLAIM;
use crate::secrets;
use crate::store::KeyClaim;

/// The request header.
pub const HEADER: &str = "idempotency-key";
/// How long a key is remembered.
pub const TTL_SECONDS: u64 = 24 * 60 * 60;
/// The longest key accepted.
const MAX_KEY_LENGTH: usize = 255;
/// The largest answer buffered for storing (answers are JSON of a few KiB).
const MAX_ANSWER_BYTES: usize = 16 << 20;

/// POSTs that ignore the header: they answer with a session cookie, which is never stored,
/// or their body is a password, whose fingerprint is not kept either. Signing in or out again
/// is harmless, a redemption's token is single use anyway, and setting a password twice sets
/// it once.
pub const IGNORED: &[&Operation] = &[
    &v4::AUTHENTICATOR_LOGIN,
    &v4::AUTHENTICATOR_LOGOUT,
    &v4::AUTHENTICATOR_LOGIN_WITH_SECURE_TOKEN,
    &v4::USERS_SET_PASSWORD,
    &baton::REDEEM_PIN,
    &baton::REDEEM_LINK,
    &baton::SESSIONS_REVOKE_ALL,
];

/// Whether a POST to the route declared as `path` (with its `{parameters}`) honours
/// `Idempotency-Key` (what `/openapi.json` documents too).
pub fn honoured(path: &str) -> bool {
    !IGNORED.iter().any(|operation| operation.path == path)
}

/// The layer's state: the application and the keys of the requests this process is
/// processing now.
#[derive(Clone)]
pub struct Idempotency {
    app: Arc<App>,
    in_flight: Arc<Mutex<HashSet<[u8; 32]>>>,
}

impl Idempotency {
    /// The state for `app`'s router.
    pub fn new(app: Arc<App>) -> Self {
        Self {
            app,
            in_flight: Arc::default(),
        }
    }
}

/// A caller's key, as stored: the row's id and the sealing key, both derived from the
/// caller's scope and the key.
struct Key {
    id: [u8; 32],
    seal: [u8; 32],
}

impl Key {
    fn new(scope: &str, key: &str) -> Self {
        let derive = |label: &[u8]| digest(&[label, scope.as_bytes(), key.as_bytes()]);
        Self {
            id: derive(b"baton idempotency-key id"),
            seal: derive(b"baton idempotency-key seal"),
        }
    }
}

/// SHA-256 of `parts`, each prefixed with its length, so no two lists share a digest.
fn digest(parts: &[&[u8]]) -> [u8; 32] {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update((part.len() as u64).to_be_bytes());
        hasher.update(part);
    }
    hasher.finalize().into()
}

/// The request's fingerprint: method, path with query, and the SHA-256 of the body.
fn fingerprint(method: &Method, path: &str, body: &[u8]) -> [u8; 32] {
    let body = Sha256::digest(body);
    digest(&[method.as_str().as_bytes(), path.as_bytes(), &body])
}

/// The key a request carries: `None` without the header; 400 when it is malformed. Both the
/// draft's quoted form (`"abc"`) and the bare token are taken.
fn key(headers: &HeaderMap) -> Result<Option<String>, ApiError> {
    let mut values = headers.get_all(HEADER).iter();
    let Some(value) = values.next() else {
        return Ok(None);
    };
    let malformed = || {
        ApiError::Malformed(format!(
            "Idempotency-Key must be one value of 1 to {MAX_KEY_LENGTH} visible ASCII characters"
        ))
    };
    if values.next().is_some() {
        return Err(malformed());
    }
    let text = value.to_str().map_err(|_| malformed())?;
    let text = text
        .strip_prefix('"')
        .and_then(|t| t.strip_suffix('"'))
        .unwrap_or(text);
    let visible = text.bytes().all(|b| b.is_ascii_graphic());
    if text.is_empty() || text.len() > MAX_KEY_LENGTH || !visible {
        return Err(malformed());
    }
    Ok(Some(text.to_owned()))
}

/// Whose keys these are; `None` for callers whose requests are not cached.
fn scope(actor: &Actor) -> Option<String> {
    match actor {
        Actor::Agent(person) => Some(format!("agent:{person}")),
        Actor::Visitor(person) => Some(format!("visitor:{person}")),
        Actor::Admin => Some("admin".to_owned()),
        Actor::System | Actor::Anonymous => None,
    }
}

/// The middleware (applied to every route by `http::router`).
pub async fn honour(State(layer): State<Idempotency>, request: Request, next: Next) -> Response {
    let route = request.extensions().get::<MatchedPath>();
    if request.method() != Method::POST || !route.is_some_and(|route| honoured(route.as_str())) {
        return next.run(request).await;
    }
    let key = match key(request.headers()) {
        Ok(Some(key)) => key,
        Ok(None) => return next.run(request).await,
        Err(refused) => return refused.into_response(),
    };
    let (mut parts, body) = request.into_parts();
    // A caller who cannot be identified gets the handler's own refusal.
    let scope = Caller::from_request_parts(&mut parts, &layer.app)
        .await
        .ok()
        .and_then(|caller| scope(&caller.actor));
    let Some(scope) = scope else {
        return next.run(Request::from_parts(parts, body)).await;
    };
    let bytes = match Bytes::from_request(Request::from_parts(parts.clone(), body), &()).await {
        Ok(bytes) => bytes,
        Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            return ApiError::TooLarge.into_response();
        }
        Err(rejection) => return ApiError::Malformed(rejection.body_text()).into_response(),
    };
    let path = parts
        .uri
        .path_and_query()
        .map_or(parts.uri.path(), |p| p.as_str());
    let fingerprint = fingerprint(&parts.method, path, &bytes);
    let key = Key::new(&scope, &key);
    let Some(in_flight) = InFlight::enter(&layer, key.id) else {
        return ApiError::IdempotencyKeyInUse.into_response();
    };
    let request = Request::from_parts(parts, Body::from(bytes));
    let processed = tokio::spawn(async move {
        let _in_flight = in_flight;
        process(&layer.app, &key, fingerprint, request, next).await
    })
    .await;
    match processed {
        Ok(Ok(response)) => response,
        Ok(Err(refused)) => refused.into_response(),
        Err(panicked) => ApiError::Internal(panicked.to_string()).into_response(),
    }
}

/// Marks a key as being processed by this process until dropped.
struct InFlight {
    set: Arc<Mutex<HashSet<[u8; 32]>>>,
    id: [u8; 32],
}

impl InFlight {
    /// `None` if a request with this key is already being processed.
    fn enter(layer: &Idempotency, id: [u8; 32]) -> Option<Self> {
        let mut set = layer
            .in_flight
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        set.insert(id).then(|| Self {
            set: Arc::clone(&layer.in_flight),
            id,
        })
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        let mut set = self.set.lock().unwrap_or_else(PoisonError::into_inner);
        set.remove(&self.id);
    }
}

/// Replays the stored answer of `key`, or runs the request and stores its answer.
async fn process(
    app: &App,
    key: &Key,
    fingerprint: [u8; 32],
    request: Request,
    next: Next,
) -> Result<Response, ApiError> {
    let pool = app.runtime.store().pool();
    let now = app.clock.now();
    let internal = |e: sqlx::Error| ApiError::Internal(e.to_string());
    // An expired row no longer binds the key (the purge may not have run yet).
    sqlx::query("DELETE FROM idempotency_keys WHERE id = $1 AND created_at <= $2")
        .bind(&key.id[..])
        .bind(expired_before(now).as_millis())
        .execute(pool)
        .await
        .map_err(internal)?;
    let row = sqlx::query(
        "SELECT fingerprint, status, content_type, nonce, body FROM idempotency_keys WHERE id = $1",
    )
    .bind(&key.id[..])
    .fetch_optional(pool)
    .await
    .map_err(internal)?;
    if let Some(row) = row {
        if row.get::<Vec<u8>, _>("fingerprint") != fingerprint {
            return Err(ApiError::IdempotencyKeyReused);
        }
        let Some(status) = row.get::<Option<i64>, _>("status") else {
            return Err(ApiError::IdempotencyAnswerLost);
        };
        return replay(
            key,
            status,
            row.get("content_type"),
            row.get("nonce"),
            row.get("body"),
        );
    }
    let claim = Arc::new(KeyClaim::new(key.id, fingerprint));
    let response = IDEMPOTENCY_CLAIM
        .scope(Arc::clone(&claim), next.run(request))
        .await;
    let (parts, body) = response.into_parts();
    let body = axum::body::to_bytes(body, MAX_ANSWER_BYTES)
        .await
        .map_err(|e| ApiError::Internal(format!("reading the answer: {e}")))?;
    if claim.is_claimed() || parts.status.is_success() {
        let content_type = parts
            .headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok());
        let answer = Answer {
            status: parts.status,
            content_type,
            body: &body,
        };
        if let Err(error) = store(pool, key, &claim, now, answer).await {
            // The answer still goes out; a retry then gets IDEMPOTENCY_ANSWER_LOST (claimed)
            // or runs again (nothing was recorded in the log).
            tracing::warn!(%error, "storing an idempotent answer");
        }
    }
    Ok(Response::from_parts(parts, Body::from(body)))
}

/// An answer to store.
struct Answer<'a> {
    status: StatusCode,
    content_type: Option<&'a str>,
    body: &'a [u8],
}

/// Why an answer could not be stored.
#[derive(Debug, thiserror::Error)]
enum StoreAnswerError {
    #[error(transparent)]
    Database(#[from] sqlx::Error),
    #[error("sealing the answer failed")]
    Seal,
}

/// Stores `answer` in the claimed row, or in a new one when no event was recorded.
async fn store(
    pool: &Pool,
    key: &Key,
    claim: &KeyClaim,
    now: Timestamp,
    answer: Answer<'_>,
) -> Result<(), StoreAnswerError> {
    let nonce = secrets::bytes::<NONCE_LEN>();
    let sealed = seal(key, nonce, answer.body).ok_or(StoreAnswerError::Seal)?;
    let sql = if claim.is_claimed() {
        "UPDATE idempotency_keys SET status = $1, content_type = $2, nonce = $3, body = $4 WHERE id = $5"
    } else {
        "INSERT INTO idempotency_keys (status, content_type, nonce, body, id, fingerprint, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING"
    };
    let mut query = sqlx::query(sql)
        .bind(i64::from(answer.status.as_u16()))
        .bind(answer.content_type)
        .bind(&nonce[..])
        .bind(sealed)
        .bind(&key.id[..]);
    if !claim.is_claimed() {
        query = query.bind(&claim.fingerprint[..]).bind(now.as_millis());
    }
    query.execute(pool).await?;
    Ok(())
}

/// The stored answer, as it was first sent.
fn replay(
    key: &Key,
    status: i64,
    content_type: Option<String>,
    nonce: Option<Vec<u8>>,
    sealed: Option<Vec<u8>>,
) -> Result<Response, ApiError> {
    let corrupt = || ApiError::Internal("a stored idempotent answer cannot be read".into());
    let status = u16::try_from(status)
        .ok()
        .and_then(|s| StatusCode::from_u16(s).ok())
        .ok_or_else(corrupt)?;
    let nonce: [u8; NONCE_LEN] = nonce.and_then(|n| n.try_into().ok()).ok_or_else(corrupt)?;
    let body = open(key, nonce, sealed.unwrap_or_default()).ok_or_else(corrupt)?;
    let mut response = (status, body).into_response();
    if let Some(value) = content_type.and_then(|v| HeaderValue::from_str(&v).ok()) {
        response.headers_mut().insert(header::CONTENT_TYPE, value);
    }
    Ok(response)
}

/// The AEAD of `key`'s answers; the row id is the associated data, so an answer cannot be
/// moved to another row.
fn cipher(key: &Key) -> Option<LessSafeKey> {
    UnboundKey::new(&CHACHA20_POLY1305, &key.seal)
        .ok()
        .map(LessSafeKey::new)
}

fn seal(key: &Key, nonce: [u8; NONCE_LEN], body: &[u8]) -> Option<Vec<u8>> {
    let mut sealed = body.to_vec();
    cipher(key)?
        .seal_in_place_append_tag(
            Nonce::assume_unique_for_key(nonce),
            Aad::from(key.id),
            &mut sealed,
        )
        .ok()?;
    Some(sealed)
}

fn open(key: &Key, nonce: [u8; NONCE_LEN], mut sealed: Vec<u8>) -> Option<Vec<u8>> {
    let plain = cipher(key)?
        .open_in_place(
            Nonce::assume_unique_for_key(nonce),
            Aad::from(key.id),
            &mut sealed,
        )
        .ok()?
        .len();
    sealed.truncate(plain);
    Some(sealed)
}

/// Rows created at or before this instant have expired at `now`.
fn expired_before(now: Timestamp) -> Timestamp {
    Timestamp(now.as_millis() - (TTL_SECONDS * 1000) as i64)
}

/// Deletes the keys that have expired at `now`; answers how many.
pub async fn purge_expired(pool: &Pool, now: Timestamp) -> Result<u64, sqlx::Error> {
    let purged = sqlx::query("DELETE FROM idempotency_keys WHERE created_at <= $1")
        .bind(expired_before(now).as_millis())
        .execute(pool)
        .await?;
    Ok(purged.rows_affected())
}

/// [`purge_expired`] for the server's clean-up loop, which logs a failure and goes on.
pub async fn purge(app: &App, now: Timestamp) {
    if let Err(error) = purge_expired(app.runtime.store().pool(), now).await {
        tracing::warn!(%error, "purging idempotency keys");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(values: &[&[u8]]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for value in values {
            headers.append(HEADER, HeaderValue::from_bytes(value).unwrap());
        }
        headers
    }

    #[test]
    fn a_key_is_one_value_of_visible_ascii() {
        assert_eq!(key(&headers(&[])).unwrap(), None);
        assert_eq!(
            key(&headers(&[b"abc-1"])).unwrap().as_deref(),
            Some("abc-1")
        );
        assert_eq!(
            key(&headers(&[b"\"abc\""])).unwrap().as_deref(),
            Some("abc")
        );
        let long = "k".repeat(MAX_KEY_LENGTH);
        assert!(key(&headers(&[long.as_bytes()])).unwrap().is_some());
        let too_long = "k".repeat(MAX_KEY_LENGTH + 1);
        for bad in [
            &b""[..],
            b"\"\"",
            b"a b",
            b"caf\xc3\xa9",
            too_long.as_bytes(),
        ] {
            assert!(key(&headers(&[bad])).is_err(), "{bad:?}");
        }
        assert!(key(&headers(&[b"a", b"b"])).is_err());
    }

    #[test]
    fn keys_of_two_callers_never_meet() {
        let anna = Key::new("agent:anna", "k");
        let ben = Key::new("agent:ben", "k");
        assert_ne!(anna.id, ben.id);
        assert_ne!(anna.seal, ben.seal);
        assert_ne!(anna.id, anna.seal);
        // Length prefixes: moving a character between scope and key changes the digest.
        assert_ne!(Key::new("agent:ab", "c").id, Key::new("agent:a", "bc").id);
    }

    #[test]
    fn the_fingerprint_covers_method_path_and_body() {
        let base = fingerprint(&Method::POST, "/a", b"{}");
        assert_eq!(base, fingerprint(&Method::POST, "/a", b"{}"));
        assert_ne!(base, fingerprint(&Method::POST, "/b", b"{}"));
        assert_ne!(base, fingerprint(&Method::POST, "/a", b"{ }"));
        assert_ne!(base, fingerprint(&Method::DELETE, "/a", b"{}"));
    }

    #[test]
    fn a_sealed_answer_opens_only_with_its_key() {
        let key = Key::new("visitor:vera", "k");
        let nonce = [7; NONCE_LEN];
        let sealed = seal(&key, nonce, br#"{"token":"123456"}"#).unwrap();
        assert!(!sealed.windows(6).any(|w| w == b"123456"));
        assert_eq!(
            open(&key, nonce, sealed.clone()).unwrap(),
            br#"{"token":"123456"}"#
        );
        assert!(open(&Key::new("visitor:vera", "other"), nonce, sealed.clone()).is_none());
        let mut tampered = sealed;
        tampered[0] ^= 1;
        assert!(open(&key, nonce, tampered).is_none());
    }

    #[test]
    fn sign_in_and_redemption_ignore_the_header() {
        assert!(!honoured(baton::REDEEM_PIN.path));
        assert!(!honoured(v4::AUTHENTICATOR_LOGIN.path));
        assert!(!honoured(v4::USERS_SET_PASSWORD.path));
        assert!(honoured(baton::MESSAGES_POST.path));
        assert!(honoured(v4::CONVERSATIONS_CREATE.path));
    }
}
