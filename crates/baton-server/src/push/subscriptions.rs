//! Agents' devices that receive web push (`push_subscriptions`): added from a browser's
//! `PushSubscription.toJSON()` after it is checked (an `https://` endpoint, a P-256 key, a
//! 16-byte secret), listed and removed by their owner only, dropped when the push service
//! says the device is gone. An endpoint belongs to one agent: subscribing it again moves it
//! to whoever is signed in on that browser now.

use std::collections::HashMap;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use baton_api::wire::push::{BatonPushSubscription, BatonPushSubscriptionBody};
use baton_core::Timestamp;
use baton_core::id::PersonId;

use super::PushError;
use crate::database::Pool;
use crate::secrets;

/// Devices one agent may have; subscribing one more drops their oldest (a browser that was
/// reinstalled or wiped never says goodbye).
pub const MAX_DEVICES_PER_AGENT: usize = 10;
/// The longest endpoint accepted (push services' URLs are a few hundred characters).
const MAX_ENDPOINT_CHARS: usize = 2048;

/// One device.
#[derive(Clone, PartialEq, Eq)]
pub struct Subscription {
    /// Its id.
    pub id: String,
    /// Its owner.
    pub person: PersonId,
    /// The push service's URL for it.
    pub endpoint: String,
    /// The device's P-256 public key (65 bytes, uncompressed).
    pub p256dh: Vec<u8>,
    /// The device's authentication secret (16 bytes).
    pub auth: [u8; 16],
    /// The language of its notifications.
    pub locale: Option<String>,
    /// When it was added.
    pub created_at: Timestamp,
}

impl std::fmt::Debug for Subscription {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Subscription")
            .field("id", &self.id)
            .field("person", &self.person)
            .field("endpoint", &self.endpoint)
            .finish_non_exhaustive()
    }
}

impl From<&Subscription> for BatonPushSubscription {
    fn from(s: &Subscription) -> Self {
        Self {
            kind: Default::default(),
            id: s.id.clone(),
            endpoint: s.endpoint.clone(),
            locale: s.locale.clone(),
            created_at: s.created_at,
        }
    }
}

type Row = (String, String, String, String, String, Option<String>, i64);

const COLUMNS: &str = "id, person, endpoint, p256dh, auth, locale, created_at";

fn from_row((id, person, endpoint, p256dh, auth, locale, created): Row) -> Option<Subscription> {
    Some(Subscription {
        id,
        person: PersonId::new(&person),
        endpoint,
        p256dh: URL_SAFE_NO_PAD.decode(p256dh).ok()?,
        auth: URL_SAFE_NO_PAD.decode(auth).ok()?.try_into().ok()?,
        locale,
        created_at: Timestamp(created),
    })
}

/// The devices, over the server's pool.
#[derive(Clone, Debug)]
pub struct PushSubscriptions {
    pool: Pool,
    allow_insecure_endpoints: bool,
}

impl PushSubscriptions {
    /// The store over `pool`; `allow_insecure_endpoints` accepts `http://` on loopback.
    pub fn new(pool: Pool, allow_insecure_endpoints: bool) -> Self {
        Self {
            pool,
            allow_insecure_endpoints,
        }
    }

    /// Adds `body` as a device of `person` at `now` (or moves the endpoint to them, keeping
    /// its id when it was theirs already); drops their oldest beyond
    /// [`MAX_DEVICES_PER_AGENT`]. Refuses what no push service could use.
    pub async fn add(
        &self,
        person: &PersonId,
        body: &BatonPushSubscriptionBody,
        now: Timestamp,
    ) -> Result<Subscription, PushError> {
        let (p256dh, auth) = self.check(body)?;
        let locale = body
            .locale
            .as_deref()
            .map(str::trim)
            .filter(|l| !l.is_empty());
        if locale.is_some_and(|l| {
            l.len() > 35 || !l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        }) {
            return Err(PushError::InvalidSubscription(
                "locale must be a language tag such as de or fr-CH".into(),
            ));
        }
        // One statement, so that two tabs subscribing the same endpoint at once agree.
        let row: Row = sqlx::query_as(&format!(
            "INSERT INTO push_subscriptions ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7)
             ON CONFLICT (endpoint) DO UPDATE SET
                 id = CASE WHEN push_subscriptions.person = excluded.person
                           THEN push_subscriptions.id ELSE excluded.id END,
                 created_at = CASE WHEN push_subscriptions.person = excluded.person
                           THEN push_subscriptions.created_at ELSE excluded.created_at END,
                 person = excluded.person, p256dh = excluded.p256dh, auth = excluded.auth,
                 locale = excluded.locale
             RETURNING {COLUMNS}"
        ))
        .bind(secrets::id("psub"))
        .bind(person.as_str())
        .bind(&body.endpoint)
        .bind(URL_SAFE_NO_PAD.encode(p256dh))
        .bind(URL_SAFE_NO_PAD.encode(auth))
        .bind(locale)
        .bind(now.as_millis())
        .fetch_one(&self.pool)
        .await?;
        let added = from_row(row)
            .ok_or_else(|| PushError::InvalidSubscription("stored keys unreadable".into()))?;
        let devices = self.of(person).await?;
        for old in devices.iter().rev().skip(MAX_DEVICES_PER_AGENT) {
            self.remove(person, &old.id).await?;
        }
        Ok(added)
    }

    /// The endpoint's and keys' checks; the decoded keys.
    fn check(&self, body: &BatonPushSubscriptionBody) -> Result<(Vec<u8>, Vec<u8>), PushError> {
        let invalid = |m: &str| PushError::InvalidSubscription(m.to_owned());
        if body.endpoint.len() > MAX_ENDPOINT_CHARS {
            return Err(invalid("the endpoint is too long"));
        }
        let url =
            url::Url::parse(&body.endpoint).map_err(|_| invalid("the endpoint is not a URL"))?;
        let loopback = match url.host() {
            Some(url::Host::Ipv4(a)) => a.is_loopback(),
            Some(url::Host::Ipv6(a)) => a.is_loopback(),
            Some(url::Host::Domain(d)) => d == "localhost",
            None => false,
        };
        let allowed = match url.scheme() {
            "https" => url.host().is_some(),
            "http" => self.allow_insecure_endpoints && loopback,
            _ => false,
        };
        if !allowed || !url.username().is_empty() || url.password().is_some() {
            return Err(invalid(
                "the endpoint must be an https:// URL of a push service",
            ));
        }
        let p256dh = URL_SAFE_NO_PAD
            .decode(body.keys.p256dh.trim_end_matches('='))
            .ok()
            .filter(|k| {
                web_push_native::p256::PublicKey::from_sec1_bytes(k).is_ok() && k.len() == 65
            })
            .ok_or_else(|| {
                invalid("keys.p256dh must be an uncompressed P-256 public key, base64url")
            })?;
        let auth = URL_SAFE_NO_PAD
            .decode(body.keys.auth.expose().trim_end_matches('='))
            .ok()
            .filter(|a| a.len() == 16)
            .ok_or_else(|| invalid("keys.auth must be 16 bytes, base64url"))?;
        Ok((p256dh, auth))
    }

    /// `person`'s devices, newest first.
    pub async fn of(&self, person: &PersonId) -> Result<Vec<Subscription>, PushError> {
        let rows: Vec<Row> = sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM push_subscriptions WHERE person = $1
             ORDER BY created_at DESC, id DESC"
        ))
        .bind(person.as_str())
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().filter_map(from_row).collect())
    }

    /// The device `id`, whoever owns it.
    pub async fn get(&self, id: &str) -> Result<Option<Subscription>, PushError> {
        let row: Option<Row> = sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM push_subscriptions WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.and_then(from_row))
    }

    /// The devices among `ids` that still exist, by id (one query for a delivery batch).
    pub async fn by_ids(&self, ids: &[&str]) -> Result<HashMap<String, Subscription>, PushError> {
        if ids.is_empty() {
            return Ok(HashMap::new());
        }
        let placeholders: Vec<String> = (1..=ids.len()).map(|n| format!("${n}")).collect();
        let sql = format!(
            "SELECT {COLUMNS} FROM push_subscriptions WHERE id IN ({})",
            placeholders.join(", ")
        );
        let mut query = sqlx::query_as::<_, Row>(&sql);
        for id in ids {
            query = query.bind(*id);
        }
        let rows = query.fetch_all(&self.pool).await?;
        Ok(rows
            .into_iter()
            .filter_map(from_row)
            .map(|s| (s.id.clone(), s))
            .collect())
    }

    /// Removes `person`'s device `id` and what was still to be sent to it; false when they
    /// have no such device.
    pub async fn remove(&self, person: &PersonId, id: &str) -> Result<bool, PushError> {
        let done = sqlx::query("DELETE FROM push_subscriptions WHERE id = $1 AND person = $2")
            .bind(id)
            .bind(person.as_str())
            .execute(&self.pool)
            .await?;
        self.forget_pending(id).await?;
        Ok(done.rows_affected() == 1)
    }

    /// Removes the device `id` whoever owns it: its push service answered 404 or 410.
    pub async fn drop_gone(&self, id: &str) -> Result<(), PushError> {
        sqlx::query("DELETE FROM push_subscriptions WHERE id = $1")
            .bind(id)
            .execute(&self.pool)
            .await?;
        self.forget_pending(id).await
    }

    async fn forget_pending(&self, id: &str) -> Result<(), PushError> {
        sqlx::query(
            "DELETE FROM push_outbox
             WHERE subscription = $1 AND sent_at IS NULL AND gave_up_at IS NULL",
        )
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }
}
