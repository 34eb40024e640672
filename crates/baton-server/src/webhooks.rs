//! Webhooks as Unblu sends them: registrations (Unblu's `WebhookRegistration`) in the
//! `webhook_registrations` table, an outbox of deliveries in `webhook_outbox`, and the loop
//! that POSTs them, signed, with retries.
//!
//! Only this module reads or writes those tables or makes outgoing HTTP requests. What an
//! event's body says is the caller's business (it passes the JSON); this module adds only the
//! `ping` event. Every request carries the headers Unblu's receivers check: `User-Agent:
//! Unblu-Hookshot`, `X-Unblu-Event`, `X-Unblu-Event-Id` (the same for every registration and
//! every retry of one event), `X-Unblu-Delivery` (one per registration), `X-Unblu-Retry-No`
//! and `X-Unblu-Signature`, the hex HMAC-SHA1 of the exact body bytes under the
//! registration's secret.

use std::future::Future;
use std::time::Duration;

use crate::database::{self, Pool};
use baton_core::Timestamp;
use hmac::{Hmac, Mac};
use reqwest::Url;
use serde_json::{Value, json};
use sha1::Sha1;

use crate::egress::Egress;
use crate::outbox::{
    self, BATCH, Channel, Delivery, DeliveryState, Loop, PassReport, RetryPolicy, Table,
};
use crate::secrets;

/// The event name header.
pub const EVENT_HEADER: &str = "X-Unblu-Event";
/// The event id header: one id per event, stable across registrations and retries, so a
/// receiver can drop duplicates.
pub const EVENT_ID_HEADER: &str = "X-Unblu-Event-Id";
/// The delivery id header: one id per (event, registration).
pub const DELIVERY_HEADER: &str = "X-Unblu-Delivery";
/// The retry number header: 0 on the first attempt.
pub const RETRY_HEADER: &str = "X-Unblu-Retry-No";
/// The signature header: hex HMAC-SHA1 of the body bytes, keyed with the secret.
pub const SIGNATURE_HEADER: &str = "X-Unblu-Signature";
/// The user agent Unblu's webhook sender uses; receivers written for Unblu check it, so Baton
/// sends the same to stay drop-in compatible.
pub const USER_AGENT: &str = "Unblu-Hookshot";
/// The event sent to a registration when it is created or pinged.
pub const PING_EVENT: &str = "ping";

/// How long one delivery may take, connection included.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
/// Unblu's length limits for a registration's fields.
const MAX_NAME_CHARS: usize = 250;
const MAX_ENDPOINT_CHARS: usize = 4000;
const MAX_SECRET_CHARS: usize = 4000;

/// The `[webhooks]` table.
#[derive(Clone, Debug, Default, serde::Deserialize, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct WebhookSettings {
    /// Allow endpoints on loopback, private and link-local networks (default false: only
    /// public addresses, checked at registration and at every delivery).
    pub allow_private_networks: bool,
}

impl WebhookSettings {
    /// The policy for deliveries' connections.
    pub fn egress(&self) -> Egress {
        Egress {
            allow_private_networks: self.allow_private_networks,
        }
    }
}

/// The hex HMAC-SHA1 of `body` keyed with `secret`: the value of [`SIGNATURE_HEADER`].
pub fn signature(body: &[u8], secret: &str) -> String {
    // HMAC takes keys of any length, so this never fails.
    let mut mac = <Hmac<Sha1> as Mac>::new_from_slice(secret.as_bytes())
        .unwrap_or_else(|_| unreachable!("HMAC accepts keys of any length"));
    mac.update(body);
    hex::encode(mac.finalize().into_bytes())
}

/// A registered webhook endpoint.
#[derive(Clone, PartialEq, Eq)]
pub struct WebhookRegistration {
    /// Its id (`whk_…`).
    pub id: String,
    /// Its unique name.
    pub name: String,
    /// The http(s) URL events are POSTed to.
    pub endpoint: String,
    /// The key of the signatures.
    pub secret: String,
    /// The event names it receives, e.g. `assignment_request.unanswered`.
    pub events: Vec<String>,
    /// Whether new events are delivered to it (Unblu's status ACTIVE / INACTIVE).
    pub active: bool,
    /// When it was created.
    pub created_at: Timestamp,
    /// When it was last changed.
    pub updated_at: Timestamp,
}

// The secret stays out of logs.
impl std::fmt::Debug for WebhookRegistration {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WebhookRegistration")
            .field("id", &self.id)
            .field("name", &self.name)
            .field("endpoint", &self.endpoint)
            .field("events", &self.events)
            .field("active", &self.active)
            .finish_non_exhaustive()
    }
}

/// What an administrator gives to create or change a registration.
#[derive(Clone, PartialEq, Eq)]
pub struct NewWebhook {
    /// Unique name, 1 to 250 characters.
    pub name: String,
    /// An http or https URL, at most 4,000 characters.
    pub endpoint: String,
    /// The signing secret; when absent or empty, a random one is generated on create and the
    /// old one kept on update (Unblu lets clients omit it; Baton always signs).
    pub secret: Option<String>,
    /// At least one event name. Unblu has no wildcard, so neither has Baton: `*` is refused.
    pub events: Vec<String>,
    /// Whether events are delivered.
    pub active: bool,
}

impl std::fmt::Debug for NewWebhook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewWebhook")
            .field("name", &self.name)
            .field("endpoint", &self.endpoint)
            .field("events", &self.events)
            .field("active", &self.active)
            .finish_non_exhaustive()
    }
}

/// Why a registration or an event was refused, or the outbox could not be read.
#[derive(Debug, thiserror::Error)]
pub enum WebhookError {
    /// The name is empty or longer than 250 characters.
    #[error("the name must have 1 to 250 characters")]
    InvalidName,
    /// The endpoint is not an http(s) URL with a host, or is too long.
    #[error("the endpoint must be an http or https URL: {0}")]
    InvalidEndpoint(String),
    /// The endpoint is on a loopback, private or link-local network.
    #[error("the endpoint must be on a public network: {0}")]
    PrivateEndpoint(#[from] crate::egress::EgressError),
    /// No events, or an empty, blank or wildcard event name.
    #[error("the events must be one or more event names")]
    InvalidEvents,
    /// The secret is longer than 4,000 characters.
    #[error("the secret must have at most 4000 characters")]
    InvalidSecret,
    /// Another registration has this name.
    #[error("a webhook registration with this name exists")]
    NameTaken,
    /// No registration has this id.
    #[error("no such webhook registration")]
    NotFound,
    /// The HTTP client could not be built.
    #[error("HTTP client: {0}")]
    Client(String),
    /// A stored registration cannot be read (its events are not a JSON list).
    #[error("stored registration {0} is corrupt")]
    Corrupt(String),
    /// The database failed.
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
}

/// One event for one registration, with its delivery state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeliveryRecord {
    /// The delivery id ([`DELIVERY_HEADER`]).
    pub delivery_id: String,
    /// The registration it goes to.
    pub registration_id: String,
    /// The event id ([`EVENT_ID_HEADER`]).
    pub event_id: String,
    /// The event name ([`EVENT_HEADER`]).
    pub event_name: String,
    /// Where it stands (failed: `last_status` / `last_error` say why).
    pub status: DeliveryState,
    /// Attempts made so far.
    pub attempts: u32,
    /// When the next attempt is due (meaningful while pending).
    pub next_attempt_at: Timestamp,
    /// When it was delivered or given up.
    pub finished_at: Option<Timestamp>,
    /// The HTTP status of the last answer, if there was one.
    pub last_status: Option<u16>,
    /// Why the last attempt failed.
    pub last_error: Option<String>,
}

/// Checks a registration's fields; answers its endpoint's URL.
fn validate(new: &NewWebhook) -> Result<Url, WebhookError> {
    if !(1..=MAX_NAME_CHARS).contains(&new.name.trim().chars().count()) {
        return Err(WebhookError::InvalidName);
    }
    let invalid = || WebhookError::InvalidEndpoint(new.endpoint.clone());
    if new.endpoint.chars().count() > MAX_ENDPOINT_CHARS {
        return Err(invalid());
    }
    let url = Url::parse(&new.endpoint).map_err(|_| invalid())?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none_or(str::is_empty) {
        return Err(invalid());
    }
    let bad_event = |e: &String| {
        e.is_empty()
            || e.len() > MAX_NAME_CHARS
            || e.contains('*')
            || e.contains(char::is_whitespace)
    };
    if new.events.is_empty() || new.events.iter().any(bad_event) {
        return Err(WebhookError::InvalidEvents);
    }
    if new
        .secret
        .as_ref()
        .is_some_and(|s| s.chars().count() > MAX_SECRET_CHARS)
    {
        return Err(WebhookError::InvalidSecret);
    }
    Ok(url)
}

/// A registration's row; `active` is 0 or 1 on both engines (an integer decodes alike).
type RegistrationRow = (String, String, String, String, String, i64, i64, i64);

fn registration(row: RegistrationRow) -> Result<WebhookRegistration, WebhookError> {
    let (id, name, endpoint, secret, events, active, created_at, updated_at) = row;
    let events = serde_json::from_str(&events).map_err(|_| WebhookError::Corrupt(id.clone()))?;
    Ok(WebhookRegistration {
        id,
        name,
        endpoint,
        secret,
        events,
        active: active != 0,
        created_at: Timestamp(created_at),
        updated_at: Timestamp(updated_at),
    })
}

const SELECT_REGISTRATION: &str = "SELECT id, name, endpoint, secret, events, active, created_at, \
     updated_at FROM webhook_registrations";

fn name_taken(error: sqlx::Error) -> WebhookError {
    match error {
        sqlx::Error::Database(db) if db.is_unique_violation() => WebhookError::NameTaken,
        other => other.into(),
    }
}

/// Unblu's `WebhookPingEvent` for `registration` (the secret is not included).
fn ping_event(registration: &WebhookRegistration, now: Timestamp) -> Value {
    json!({
        "$_type": "WebhookPingEvent",
        "timestamp": now.as_millis(),
        "eventType": PING_EVENT,
        "webhookConfiguration": {
            "$_type": "WebhookRegistration",
            "id": registration.id,
            "creationTimestamp": registration.created_at.as_millis(),
            "modificationTimestamp": registration.updated_at.as_millis(),
            "name": registration.name,
            "status": if registration.active { "ACTIVE" } else { "INACTIVE" },
            "endpoint": registration.endpoint,
            "apiVersion": "V4",
            "events": registration.events,
        },
    })
}

/// Registrations and the event outbox, over the server's pool.
#[derive(Clone, Debug)]
pub struct Webhooks {
    pool: Pool,
    egress: Egress,
}

impl Webhooks {
    /// The webhooks over `pool` (migrated by [`crate::store::EventStore::open`]), whose
    /// endpoints must be where `egress` allows.
    pub fn new(pool: Pool, egress: Egress) -> Self {
        Self { pool, egress }
    }

    /// Checks a registration's fields and where its endpoint is.
    async fn validate(&self, new: &NewWebhook) -> Result<(), WebhookError> {
        let url = validate(new)?;
        Ok(self.egress.check(&url).await?)
    }

    /// Registers an endpoint and queues a `ping` to it.
    pub async fn create(
        &self,
        new: NewWebhook,
        now: Timestamp,
    ) -> Result<WebhookRegistration, WebhookError> {
        self.validate(&new).await?;
        let registration = WebhookRegistration {
            id: secrets::id("whk"),
            name: new.name.trim().to_owned(),
            endpoint: new.endpoint,
            secret: new
                .secret
                .filter(|s| !s.is_empty())
                .unwrap_or_else(secrets::session_token),
            events: new.events,
            active: new.active,
            created_at: now,
            updated_at: now,
        };
        sqlx::query(
            "INSERT INTO webhook_registrations
             (id, name, endpoint, secret, events, active, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(&registration.id)
        .bind(&registration.name)
        .bind(&registration.endpoint)
        .bind(&registration.secret)
        .bind(json!(registration.events).to_string())
        .bind(i64::from(registration.active))
        .bind(now.as_millis())
        .bind(now.as_millis())
        .execute(&self.pool)
        .await
        .map_err(name_taken)?;
        self.ping(&registration, now).await?;
        Ok(registration)
    }

    /// The registration with this id.
    pub async fn read(&self, id: &str) -> Result<Option<WebhookRegistration>, WebhookError> {
        sqlx::query_as(&format!("{SELECT_REGISTRATION} WHERE id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .map(registration)
            .transpose()
    }

    /// The registration with this name (Unblu's `getByName`).
    pub async fn by_name(&self, name: &str) -> Result<Option<WebhookRegistration>, WebhookError> {
        sqlx::query_as(&format!("{SELECT_REGISTRATION} WHERE name = $1"))
            .bind(name)
            .fetch_optional(&self.pool)
            .await?
            .map(registration)
            .transpose()
    }

    /// Every registration, oldest first.
    pub async fn list(&self) -> Result<Vec<WebhookRegistration>, WebhookError> {
        sqlx::query_as(&format!("{SELECT_REGISTRATION} ORDER BY created_at, id"))
            .fetch_all(&self.pool)
            .await?
            .into_iter()
            .map(registration)
            .collect()
    }

    /// Changes registration `id`; without a new secret the old one is kept. Deliveries
    /// already queued keep going to the endpoint they were queued for.
    pub async fn update(
        &self,
        id: &str,
        new: NewWebhook,
        now: Timestamp,
    ) -> Result<WebhookRegistration, WebhookError> {
        self.validate(&new).await?;
        let updated = sqlx::query(
            "UPDATE webhook_registrations
             SET name = $1, endpoint = $2, secret = COALESCE($3, secret), events = $4, active = $5,
                 updated_at = $6
             WHERE id = $7",
        )
        .bind(new.name.trim())
        .bind(&new.endpoint)
        .bind(new.secret.filter(|s| !s.is_empty()))
        .bind(json!(new.events).to_string())
        .bind(i64::from(new.active))
        .bind(now.as_millis())
        .bind(id)
        .execute(&self.pool)
        .await
        .map_err(name_taken)?;
        if updated.rows_affected() == 0 {
            return Err(WebhookError::NotFound);
        }
        self.read(id).await?.ok_or(WebhookError::NotFound)
    }

    /// Deletes registration `id` and its pending deliveries; false if there was none.
    pub async fn delete(&self, id: &str) -> Result<bool, WebhookError> {
        Ok(
            sqlx::query("DELETE FROM webhook_registrations WHERE id = $1")
                .bind(id)
                .execute(&self.pool)
                .await?
                .rows_affected()
                > 0,
        )
    }

    /// Queues Unblu's `ping` event for `registration` alone (whatever its events and
    /// status); returns the event id.
    pub async fn ping(
        &self,
        registration: &WebhookRegistration,
        now: Timestamp,
    ) -> Result<String, WebhookError> {
        let event_id = secrets::uuid();
        let body = ping_event(registration, now).to_string();
        // Nothing is read before the insert, so an ordinary transaction waits for the write
        // lock as long as the busy timeout allows, on either engine.
        let mut tx = self.pool.begin().await?;
        insert_delivery(&mut tx, &registration.id, &event_id, PING_EVENT, &body, now).await?;
        tx.commit().await?;
        Ok(event_id)
    }

    /// The event names some active registration subscribed to.
    pub async fn subscribed_events(
        &self,
    ) -> Result<std::collections::BTreeSet<String>, WebhookError> {
        Ok(self
            .active_subscriptions()
            .await?
            .into_iter()
            .flat_map(|(_, events)| events)
            .collect())
    }

    /// Every active registration's id and the event names it subscribed to (a JSON array in
    /// the table, read here rather than by engine-specific JSON functions: registrations are
    /// few).
    async fn active_subscriptions(&self) -> Result<Vec<(String, Vec<String>)>, WebhookError> {
        let rows: Vec<(String, String)> =
            sqlx::query_as("SELECT id, events FROM webhook_registrations WHERE active <> 0")
                .fetch_all(&self.pool)
                .await?;
        Ok(rows
            .into_iter()
            .map(|(id, events)| (id, serde_json::from_str(&events).unwrap_or_default()))
            .collect())
    }

    /// Queues event `event_name` with body `payload`, under `event_id`, for every active
    /// registration that subscribed to it. Queuing the same event id again changes nothing, so
    /// a caller that replays after a crash (the webhook feed) sends each event once.
    pub async fn enqueue(
        &self,
        event_id: &str,
        event_name: &str,
        payload: &Value,
        now: Timestamp,
    ) -> Result<(), WebhookError> {
        // Most events have no subscriber: find out with a read, and take the database's one
        // write lock only when there is something to write.
        let subscribers: Vec<String> = self
            .active_subscriptions()
            .await?
            .into_iter()
            .filter(|(_, events)| events.iter().any(|name| name == event_name))
            .map(|(id, _)| id)
            .collect();
        if subscribers.is_empty() {
            return Ok(());
        }
        let body = payload.to_string();
        let mut tx = self.pool.begin().await?;
        for registration in subscribers {
            insert_delivery(&mut tx, &registration, event_id, event_name, &body, now).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The latest `limit` deliveries, newest first.
    pub async fn deliveries(&self, limit: u32) -> Result<Vec<DeliveryRecord>, WebhookError> {
        type Row = (
            String,
            String,
            String,
            String,
            i64,
            i64,
            Option<i64>,
            Option<i64>,
            Option<i64>,
            Option<String>,
        );
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT delivery_id, registration_id, event_id, event_name, attempts,
                    next_attempt_at, delivered_at, gave_up_at, last_status, last_error
             FROM webhook_outbox ORDER BY id DESC LIMIT $1",
        )
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(
                |(
                    delivery_id,
                    registration_id,
                    event_id,
                    event_name,
                    attempts,
                    next,
                    done,
                    gave_up,
                    status,
                    error,
                )| {
                    let (status_now, finished_at) = DeliveryState::of(done, gave_up);
                    DeliveryRecord {
                        delivery_id,
                        registration_id,
                        event_id,
                        event_name,
                        status: status_now,
                        attempts: u32::try_from(attempts).unwrap_or(u32::MAX),
                        next_attempt_at: Timestamp(next),
                        finished_at,
                        last_status: status.and_then(|s| u16::try_from(s).ok()),
                        last_error: error,
                    }
                },
            )
            .collect())
    }
}

impl Webhooks {
    /// The latest `limit` deliveries in `state` (every state when `None`), newest first, as
    /// operators see them.
    pub async fn outbox_items(
        &self,
        state: Option<DeliveryState>,
        limit: u32,
    ) -> Result<Vec<Delivery>, WebhookError> {
        Ok(TABLE.items(&self.pool, state, limit).await?)
    }

    /// How many deliveries are in each state.
    pub async fn counts(&self) -> Result<Vec<(DeliveryState, u64)>, WebhookError> {
        Ok(TABLE.counts(&self.pool).await?)
    }

    /// Puts a parked delivery back in line, due at `now`, with a fresh count of attempts (the
    /// same event id, so the receiver can still de-duplicate); false when no parked delivery
    /// has this row.
    pub async fn retry(&self, row: i64, now: Timestamp) -> Result<bool, WebhookError> {
        Ok(TABLE.retry(&self.pool, row, now).await?)
    }
}

/// The webhook outbox's shared columns.
const TABLE: Table = Table {
    name: "webhook_outbox",
    finished: "delivered_at",
    channel: Channel::Webhook,
    target: "r.endpoint",
    joins: "JOIN webhook_registrations r ON r.id = o.registration_id",
    subject: "event_name",
};

async fn insert_delivery(
    tx: &mut sqlx::AnyConnection,
    registration: &str,
    event_id: &str,
    event_name: &str,
    body: &str,
    now: Timestamp,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO webhook_outbox
         (registration_id, event_id, event_name, delivery_id, payload, created_at, next_attempt_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING",
    )
    .bind(registration)
    .bind(event_id)
    .bind(event_name)
    .bind(secrets::uuid())
    .bind(body)
    .bind(now.as_millis())
    .bind(now.as_millis())
    .execute(tx)
    .await?;
    Ok(())
}

/// A claimed delivery on its way.
struct Attempt {
    row: i64,
    endpoint: String,
    secret: String,
    event_id: String,
    event_name: String,
    delivery_id: String,
    body: String,
    /// Attempts made before this one.
    previous: u32,
}

/// What became of one attempt.
struct Answer {
    status: Option<u16>,
    error: Option<String>,
}

/// POSTs due deliveries to their endpoints.
#[derive(Clone, Debug)]
pub struct WebhookDelivery {
    pool: Pool,
    client: reqwest::Client,
    policy: RetryPolicy,
    /// This server instance, named on its claims.
    instance: String,
    /// Where deliveries may connect.
    egress: Egress,
}

impl WebhookDelivery {
    /// A delivery over `pool`, retrying as `policy` says, by the server instance `instance`,
    /// connecting only where `egress` allows. Redirects are not followed (an endpoint must
    /// answer itself).
    pub fn new(
        pool: Pool,
        policy: RetryPolicy,
        instance: &str,
        egress: Egress,
    ) -> Result<Self, WebhookError> {
        let client = egress
            .client_builder()
            .timeout(REQUEST_TIMEOUT)
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(USER_AGENT)
            .build()
            .map_err(|e| WebhookError::Client(e.to_string()))?;
        Ok(Self {
            pool,
            client,
            policy,
            instance: instance.to_owned(),
            egress,
        })
    }

    async fn post(client: reqwest::Client, egress: Egress, attempt: &Attempt) -> Answer {
        // Names are checked again by the client's resolver as it connects; this covers
        // addresses written in the URL, which no resolver sees.
        let allowed = match Url::parse(&attempt.endpoint) {
            Ok(url) => egress.check(&url).await.map_err(|e| e.to_string()),
            Err(e) => Err(e.to_string()),
        };
        if let Err(error) = allowed {
            return Answer {
                status: None,
                error: Some(error),
            };
        }
        let sent = client
            .post(&attempt.endpoint)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .header(EVENT_HEADER, &attempt.event_name)
            .header(EVENT_ID_HEADER, &attempt.event_id)
            .header(DELIVERY_HEADER, &attempt.delivery_id)
            .header(RETRY_HEADER, attempt.previous.to_string())
            .header(
                SIGNATURE_HEADER,
                signature(attempt.body.as_bytes(), &attempt.secret),
            )
            .body(attempt.body.clone())
            .send()
            .await;
        match sent {
            Ok(response) if response.status().is_success() => Answer {
                status: Some(response.status().as_u16()),
                error: None,
            },
            Ok(response) => Answer {
                status: Some(response.status().as_u16()),
                error: Some(format!("the endpoint answered {}", response.status())),
            },
            Err(error) => Answer {
                status: None,
                error: Some(error.to_string()),
            },
        }
    }

    /// Claims up to a batch of deliveries due at `now`, so that another instance's loop does
    /// not send them too.
    async fn claim(&self, now: Timestamp) -> Result<Vec<Attempt>, WebhookError> {
        type Row = (i64, String, String, String, String, String, i64);
        // One statement claims the batch: no other instance's claim takes the same rows.
        let mut due: Vec<Row> = sqlx::query_as(&format!(
            "UPDATE webhook_outbox SET next_attempt_at = $1, claimed_by = $2
             WHERE id IN (SELECT id FROM webhook_outbox
                          WHERE delivered_at IS NULL AND gave_up_at IS NULL
                            AND next_attempt_at <= $3
                          ORDER BY next_attempt_at, id LIMIT $4 {})
             RETURNING id, registration_id, event_id, event_name, delivery_id, payload, attempts",
            database::skip_locked(&self.pool)
        ))
        .bind(self.policy.claimed_until(now).as_millis())
        .bind(&self.instance)
        .bind(now.as_millis())
        .bind(BATCH)
        .fetch_all(&self.pool)
        .await?;
        due.sort_by_key(|row| row.0);
        let endpoints: std::collections::HashMap<String, (String, String)> =
            sqlx::query_as::<_, (String, String, String)>(
                "SELECT id, endpoint, secret FROM webhook_registrations",
            )
            .fetch_all(&self.pool)
            .await?
            .into_iter()
            .map(|(id, endpoint, secret)| (id, (endpoint, secret)))
            .collect();
        let claimed = due
            .into_iter()
            .filter_map(
                |(row, registration, event_id, event_name, delivery_id, body, attempts)| {
                    // A registration deleted meanwhile took its deliveries with it.
                    let (endpoint, secret) = endpoints.get(&registration)?.clone();
                    Some(Attempt {
                        row,
                        endpoint,
                        secret,
                        event_id,
                        event_name,
                        delivery_id,
                        body,
                        previous: u32::try_from(attempts).unwrap_or(u32::MAX),
                    })
                },
            )
            .collect();
        Ok(claimed)
    }

    /// Makes one attempt at every delivery due at `now` (up to a batch, concurrently). Any
    /// 2xx answer delivers; anything else is retried as the policy says and parked after the
    /// last attempt, keeping the last status and error.
    pub async fn deliver_pending_once(&self, now: Timestamp) -> Result<PassReport, WebhookError> {
        let mut requests = tokio::task::JoinSet::new();
        for attempt in self.claim(now).await? {
            let (client, egress) = (self.client.clone(), self.egress);
            requests.spawn(async move {
                let answer = Self::post(client, egress, &attempt).await;
                (attempt, answer)
            });
        }
        let mut report = PassReport::default();
        while let Some(joined) = requests.join_next().await {
            // A request task only fails if it panicked; its row stays claimed and is retried
            // when the claim runs out.
            let Ok((attempt, answer)) = joined else {
                continue;
            };
            let attempts = attempt.previous.saturating_add(1);
            let status = answer.status.map(i64::from);
            match answer.error {
                None => {
                    sqlx::query(
                        "UPDATE webhook_outbox
                         SET delivered_at = $1, attempts = $2, last_status = $3, last_error = NULL,
                             claimed_by = NULL
                         WHERE id = $4",
                    )
                    .bind(now.as_millis())
                    .bind(i64::from(attempts))
                    .bind(status)
                    .bind(attempt.row)
                    .execute(&self.pool)
                    .await?;
                    report.delivered += 1;
                }
                Some(error) => {
                    let give_up = self.policy.parks_after(attempts);
                    tracing::warn!(
                        delivery = attempt.delivery_id,
                        attempts,
                        give_up,
                        "webhook delivery failed: {error}"
                    );
                    sqlx::query(
                        "UPDATE webhook_outbox
                         SET attempts = $1, last_status = $2, last_error = $3, next_attempt_at = $4,
                             gave_up_at = $5, claimed_by = NULL
                         WHERE id = $6",
                    )
                    .bind(i64::from(attempts))
                    .bind(status)
                    .bind(&error)
                    .bind(self.policy.next_attempt(now, attempts).as_millis())
                    .bind(give_up.then_some(now.as_millis()))
                    .bind(attempt.row)
                    .execute(&self.pool)
                    .await?;
                    if give_up {
                        report.gave_up += 1;
                    } else {
                        report.retrying += 1;
                    }
                }
            }
        }
        Ok(report)
    }

    /// Hands back the deliveries this instance claimed and did not finish (it is stopping, or
    /// it starts again after dying), so that they are sent without waiting for the claim.
    pub async fn release_claims(&self, now: Timestamp) -> Result<(), WebhookError> {
        Ok(TABLE
            .release_claims(&self.pool, &self.instance, now)
            .await?)
    }
}

/// Delivers the webhook outbox, at the time of `clock`, as the server instance `instance`,
/// until `shutdown` completes; hands back what the instance had claimed when it starts (it may
/// have died) and when it stops. Fails only if the HTTP client cannot be built or the
/// database fails at the start.
pub async fn run_webhook_delivery(
    pool: Pool,
    policy: RetryPolicy,
    context: Loop,
    instance: &str,
    egress: Egress,
    shutdown: impl Future<Output = ()>,
) -> Result<(), WebhookError> {
    let delivery = WebhookDelivery::new(pool, policy, instance, egress)?;
    delivery.release_claims(context.clock.now()).await?;
    outbox::run(Channel::Webhook, &context, shutdown, |now| {
        delivery.deliver_pending_once(now)
    })
    .await;
    delivery.release_claims(context.clock.now()).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::EventStore;
    use std::collections::{HashMap, VecDeque};
    use std::sync::{Arc, Mutex};
    use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
    use tokio::net::TcpListener;

    const SECRET: &str = "receiver-knows-this";

    /// One request as the test receiver saw it: lower-case header names.
    #[derive(Clone, Debug)]
    struct Request {
        path: String,
        headers: HashMap<String, String>,
        body: Vec<u8>,
    }

    /// An HTTP/1.1 receiver on 127.0.0.1 that records every request and answers with the
    /// scripted statuses in turn (200 once the script is used up).
    async fn receiver(script: &[u16]) -> (String, Arc<Mutex<Vec<Request>>>) {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/hooks/unblu", listener.local_addr().unwrap());
        let seen = Arc::new(Mutex::new(Vec::new()));
        let recorded = Arc::clone(&seen);
        let mut script: VecDeque<u16> = script.iter().copied().collect();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let mut reader = BufReader::new(stream);
                let mut request_line = String::new();
                reader.read_line(&mut request_line).await.unwrap();
                let path = request_line.split(' ').nth(1).unwrap_or("").to_owned();
                let mut headers = HashMap::new();
                loop {
                    let mut line = String::new();
                    reader.read_line(&mut line).await.unwrap();
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    let (name, value) = line.split_once(':').unwrap();
                    headers.insert(name.to_ascii_lowercase(), value.trim().to_owned());
                }
                let length: usize = headers["content-length"].parse().unwrap();
                let mut body = vec![0; length];
                reader.read_exact(&mut body).await.unwrap();
                recorded.lock().unwrap().push(Request {
                    path,
                    headers,
                    body,
                });
                let status = script.pop_front().unwrap_or(200);
                let answer = format!(
                    "HTTP/1.1 {status} Scripted\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                );
                reader.get_mut().write_all(answer.as_bytes()).await.unwrap();
            }
        });
        (url, seen)
    }

    /// The test receivers listen on loopback.
    const LOOPBACK: Egress = Egress {
        allow_private_networks: true,
    };

    async fn setup() -> (tempfile::TempDir, Webhooks, WebhookDelivery) {
        let dir = tempfile::tempdir().unwrap();
        let events = EventStore::open(&dir.path().join("baton.db"))
            .await
            .unwrap();
        let pool = events.pool().clone();
        (
            dir,
            Webhooks::new(pool.clone(), LOOPBACK),
            WebhookDelivery::new(pool, RetryPolicy::default(), "test", LOOPBACK).unwrap(),
        )
    }

    fn new_webhook(endpoint: &str, events: &[&str]) -> NewWebhook {
        NewWebhook {
            name: "bank backend".into(),
            endpoint: endpoint.into(),
            secret: Some(SECRET.into()),
            events: events.iter().map(|e| (*e).to_owned()).collect(),
            active: true,
        }
    }

    /// The receiver's own check, with the HMAC crates directly rather than [`signature`].
    fn verify(request: &Request, secret: &str) -> bool {
        let mut mac = <Hmac<Sha1> as Mac>::new_from_slice(secret.as_bytes()).unwrap();
        mac.update(&request.body);
        let given = hex::decode(&request.headers["x-unblu-signature"]).unwrap();
        mac.verify_slice(&given).is_ok()
    }

    #[tokio::test]
    async fn a_new_registration_is_pinged_with_a_signed_request() {
        let (_dir, webhooks, delivery) = setup().await;
        let (url, seen) = receiver(&[]).await;
        let registration = webhooks
            .create(
                new_webhook(&url, &["assignment_request.unanswered"]),
                Timestamp(5),
            )
            .await
            .unwrap();
        assert_eq!(
            delivery
                .deliver_pending_once(Timestamp(5))
                .await
                .unwrap()
                .delivered,
            1
        );

        let requests = seen.lock().unwrap().clone();
        assert_eq!(requests.len(), 1);
        let ping = &requests[0];
        assert_eq!(ping.path, "/hooks/unblu");
        assert_eq!(ping.headers["content-type"], "application/json");
        assert_eq!(ping.headers["user-agent"], "Unblu-Hookshot");
        assert_eq!(ping.headers["x-unblu-event"], "ping");
        assert_eq!(ping.headers["x-unblu-retry-no"], "0");
        assert_eq!(ping.headers["x-unblu-event-id"].len(), 36);
        assert!(verify(ping, SECRET));
        assert!(!verify(ping, "another secret"));
        let body: Value = serde_json::from_slice(&ping.body).unwrap();
        assert_eq!(body["$_type"], "WebhookPingEvent");
        assert_eq!(body["eventType"], "ping");
        assert_eq!(body["webhookConfiguration"]["id"], registration.id.as_str());
        assert!(
            !String::from_utf8_lossy(&ping.body).contains(SECRET),
            "the secret is never sent"
        );
    }

    #[tokio::test]
    async fn two_instances_never_claim_the_same_delivery_and_a_lease_expires() {
        let (_dir, webhooks, delivery) = setup().await;
        let other = WebhookDelivery::new(
            webhooks.pool.clone(),
            RetryPolicy::default(),
            "other",
            LOOPBACK,
        )
        .unwrap();
        webhooks
            .create(
                new_webhook("http://127.0.0.1:9/hooks", &["conversation.ended"]),
                Timestamp(0),
            )
            .await
            .unwrap();
        for n in 0..30 {
            let event = format!("event-{n}");
            let body = serde_json::json!({ "n": n });
            webhooks
                .enqueue(&event, "conversation.ended", &body, Timestamp(0))
                .await
                .unwrap();
        }
        let (mine, theirs) = tokio::join!(delivery.claim(Timestamp(1)), other.claim(Timestamp(1)));
        let ids = |attempts: Vec<Attempt>| -> Vec<i64> { attempts.iter().map(|a| a.row).collect() };
        let (mine, theirs) = (ids(mine.unwrap()), ids(theirs.unwrap()));
        assert!(
            mine.iter().all(|row| !theirs.contains(row)),
            "{mine:?} {theirs:?}"
        );
        assert_eq!(
            mine.len() + theirs.len(),
            31,
            "the ping and the 30 events, each once"
        );
        // Leased: nobody claims them again until the lease ends, then another instance may.
        assert!(other.claim(Timestamp(2)).await.unwrap().is_empty());
        let after = RetryPolicy::default()
            .claimed_until(Timestamp(1))
            .plus_seconds(1);
        assert_eq!(other.claim(after).await.unwrap().len(), 31);
    }

    #[tokio::test]
    async fn events_go_to_active_subscribers_only() {
        let (_dir, webhooks, delivery) = setup().await;
        let (url, seen) = receiver(&[]).await;
        let subscribed = webhooks
            .create(
                new_webhook(&url, &["assignment_request.unanswered"]),
                Timestamp(0),
            )
            .await
            .unwrap();
        webhooks
            .create(
                NewWebhook {
                    name: "other events".into(),
                    ..new_webhook(&url, &["conversation.created"])
                },
                Timestamp(0),
            )
            .await
            .unwrap();
        webhooks
            .create(
                NewWebhook {
                    name: "inactive".into(),
                    active: false,
                    ..new_webhook(&url, &["assignment_request.unanswered"])
                },
                Timestamp(0),
            )
            .await
            .unwrap();
        delivery.deliver_pending_once(Timestamp(0)).await.unwrap();
        seen.lock().unwrap().clear();

        let payload = json!({"$_type": "AssignmentRequestUnansweredEvent", "conversationId": "c1"});
        let event_id = "evt-7-0";
        for _ in 0..2 {
            // Queuing the same event again (a replay after a crash) adds nothing.
            webhooks
                .enqueue(
                    event_id,
                    "assignment_request.unanswered",
                    &payload,
                    Timestamp(1),
                )
                .await
                .unwrap();
        }
        assert_eq!(
            delivery
                .deliver_pending_once(Timestamp(1))
                .await
                .unwrap()
                .delivered,
            1
        );
        let requests = seen.lock().unwrap().clone();
        assert_eq!(requests.len(), 1);
        assert_eq!(
            requests[0].headers["x-unblu-event"],
            "assignment_request.unanswered"
        );
        assert_eq!(requests[0].headers["x-unblu-event-id"], event_id);
        assert_eq!(
            serde_json::from_slice::<Value>(&requests[0].body).unwrap(),
            payload
        );
        let latest = webhooks.deliveries(1).await.unwrap().remove(0);
        assert_eq!(latest.registration_id, subscribed.id);
        assert_eq!(latest.status, DeliveryState::Delivered);
    }

    #[tokio::test]
    async fn a_failed_delivery_is_retried_with_the_same_event_id() {
        let (_dir, webhooks, delivery) = setup().await;
        let (url, seen) = receiver(&[500]).await;
        webhooks
            .create(new_webhook(&url, &["conversation.created"]), Timestamp(0))
            .await
            .unwrap();

        let report = delivery.deliver_pending_once(Timestamp(0)).await.unwrap();
        assert_eq!(report.retrying, 1);
        let failed = webhooks.deliveries(1).await.unwrap().remove(0);
        assert_eq!(failed.status, DeliveryState::Pending);
        assert_eq!(failed.last_status, Some(500));
        assert!(failed.last_error.is_some());
        assert!((500..=1_000).contains(&failed.next_attempt_at.as_millis()));
        assert_eq!(
            delivery.deliver_pending_once(Timestamp(499)).await.unwrap(),
            PassReport::default(),
            "not due before its backoff"
        );

        assert_eq!(
            delivery
                .deliver_pending_once(Timestamp(1_000))
                .await
                .unwrap()
                .delivered,
            1
        );
        let requests = seen.lock().unwrap().clone();
        assert_eq!(requests.len(), 2);
        assert_eq!(
            requests[0].headers["x-unblu-event-id"],
            requests[1].headers["x-unblu-event-id"]
        );
        assert_eq!(
            requests[0].headers["x-unblu-delivery"],
            requests[1].headers["x-unblu-delivery"]
        );
        assert_eq!(requests[0].body, requests[1].body);
        assert_eq!(requests[1].headers["x-unblu-retry-no"], "1");
        assert!(verify(&requests[1], SECRET));
        let delivered = webhooks.deliveries(1).await.unwrap().remove(0);
        assert_eq!(delivered.status, DeliveryState::Delivered);
        assert_eq!(delivered.attempts, 2);
        assert_eq!(delivered.last_status, Some(200));
        assert_eq!(delivered.last_error, None);
    }

    #[tokio::test]
    async fn an_unreachable_endpoint_is_given_up_after_ten_attempts() {
        let (_dir, webhooks, delivery) = setup().await;
        // A port that was just free: connections are refused.
        let port = TcpListener::bind("127.0.0.1:0")
            .await
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        webhooks
            .create(
                new_webhook(&format!("http://127.0.0.1:{port}/"), &["x"]),
                Timestamp(0),
            )
            .await
            .unwrap();
        let mut now = Timestamp(0);
        for _ in 0..RetryPolicy::default().max_attempts {
            delivery.deliver_pending_once(now).await.unwrap();
            now = webhooks.deliveries(1).await.unwrap()[0].next_attempt_at;
        }
        let given_up = webhooks.deliveries(1).await.unwrap().remove(0);
        assert_eq!(given_up.status, DeliveryState::Failed);
        assert_eq!(given_up.attempts, RetryPolicy::default().max_attempts);
        assert_eq!(given_up.last_status, None);
        assert!(given_up.last_error.is_some());
    }

    #[tokio::test]
    async fn registrations_can_be_read_listed_updated_and_deleted() {
        let (_dir, webhooks, _delivery) = setup().await;
        let created = webhooks
            .create(
                NewWebhook {
                    secret: None,
                    ..new_webhook("https://bank.example/hooks", &["a"])
                },
                Timestamp(1),
            )
            .await
            .unwrap();
        assert_eq!(created.secret.len(), 43, "a secret was generated");
        assert!(created.id.starts_with("whk_"));
        assert_eq!(
            webhooks.read(&created.id).await.unwrap(),
            Some(created.clone())
        );
        assert_eq!(
            webhooks.by_name("bank backend").await.unwrap(),
            Some(created.clone())
        );
        assert_eq!(
            webhooks.list().await.unwrap(),
            std::slice::from_ref(&created)
        );

        let updated = webhooks
            .update(
                &created.id,
                NewWebhook {
                    secret: None,
                    active: false,
                    ..new_webhook("https://bank.example/v2", &["a", "b"])
                },
                Timestamp(2),
            )
            .await
            .unwrap();
        assert_eq!(updated.secret, created.secret, "the secret is kept");
        assert_eq!(updated.endpoint, "https://bank.example/v2");
        assert_eq!(updated.events, ["a", "b"]);
        assert!(!updated.active);
        assert_eq!(updated.updated_at, Timestamp(2));
        assert!(matches!(
            webhooks
                .update(
                    "whk_nope",
                    new_webhook("https://x.example", &["a"]),
                    Timestamp(3)
                )
                .await,
            Err(WebhookError::NotFound)
        ));

        assert_eq!(webhooks.deliveries(10).await.unwrap().len(), 1, "the ping");
        assert!(webhooks.delete(&created.id).await.unwrap());
        assert!(!webhooks.delete(&created.id).await.unwrap());
        assert_eq!(webhooks.read(&created.id).await.unwrap(), None);
        assert!(
            webhooks.deliveries(10).await.unwrap().is_empty(),
            "pending deliveries go with their registration"
        );
    }

    #[tokio::test]
    async fn invalid_registrations_are_refused() {
        let (_dir, webhooks, _delivery) = setup().await;
        for endpoint in [
            "ftp://bank.example/",
            "file:///etc/passwd",
            "not a url",
            "http://",
        ] {
            assert!(
                matches!(
                    webhooks
                        .create(new_webhook(endpoint, &["a"]), Timestamp(0))
                        .await,
                    Err(WebhookError::InvalidEndpoint(_))
                ),
                "{endpoint}"
            );
        }
        for events in [&[][..], &["*"], &[""], &["a b"]] {
            assert!(matches!(
                webhooks
                    .create(new_webhook("https://bank.example/", events), Timestamp(0))
                    .await,
                Err(WebhookError::InvalidEvents)
            ));
        }
        let unnamed = NewWebhook {
            name: " ".into(),
            ..new_webhook("https://bank.example/", &["a"])
        };
        assert!(matches!(
            webhooks.create(unnamed, Timestamp(0)).await,
            Err(WebhookError::InvalidName)
        ));
        webhooks
            .create(new_webhook("https://bank.example/", &["a"]), Timestamp(0))
            .await
            .unwrap();
        assert!(matches!(
            webhooks
                .create(new_webhook("https://bank.example/", &["a"]), Timestamp(0))
                .await,
            Err(WebhookError::NameTaken)
        ));
        assert_eq!(webhooks.list().await.unwrap().len(), 1);
    }

    #[test]
    fn the_signature_is_hex_hmac_sha1_of_the_body() {
        // RFC 2202 test case 2.
        assert_eq!(
            signature(b"what do ya want for nothing?", "Jefe"),
            "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"
        );
    }
}
