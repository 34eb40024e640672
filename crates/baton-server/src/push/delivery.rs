//! The push outbox (`push_outbox`): one row per notice and device, queued by the webhook feed
//! from the log (so nothing is lost between recording and sending), then encrypted for the
//! device (RFC 8291, `web-push-native`), signed (RFC 8292, `Vapid`) and sent by the delivery loop with `TTL`, `Topic` and
//! `Urgency: high`, retried and leased like e-mails and webhooks (`outbox`).
//!
//! A request's notification and its close share one `Topic`, so a push service that still
//! holds the first replaces it with the second. A notification whose request closed before it
//! went out is dropped instead of sent. A push service answering 404 or 410 has forgotten the
//! device: the device is removed. Texts are rendered in each device's language when queued.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use baton_api::wire::Secret;
use baton_api::wire::push::{BatonPushAction, BatonPushMessage};
use baton_core::Timestamp;
use baton_core::id::InvitationId;
use baton_core::invitation::DelegationResponse;
use baton_core::text::{TextKey, Texts};
use sha2::{Digest, Sha256};
use web_push_native::Auth;

use super::answers::TOKEN_LIFETIME_SECONDS;
use super::{AnswerTokens, PushError, PushSettings, PushSubscriptions, Subscription, Vapid};
use crate::database::{self, Pool};
use crate::egress::Egress;
use crate::notices::{PushNotice, PushNoticeKind};
use crate::outbox::{
    self, BATCH, Channel, Delivery, DeliveryState, Loop, PassReport, RetryPolicy, Table,
};
use crate::runtime::Runtime;

/// How long one push request may take.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
/// What the server calls itself to push services.
const USER_AGENT: &str = concat!("baton-server/", env!("CARGO_PKG_VERSION"));

/// The push outbox's shared columns.
pub(crate) const TABLE: Table = Table {
    name: "push_outbox",
    finished: "sent_at",
    channel: Channel::Push,
    target: "o.endpoint",
    joins: "",
    subject: "kind",
};

/// The `Topic` (and notification tag) of a request's pushes: 32 base64url characters, as RFC
/// 8030 allows, that say nothing of the request to the push service.
pub fn topic(invitation: &InvitationId) -> String {
    let digest = Sha256::digest(format!("baton-push:{invitation}").as_bytes());
    URL_SAFE_NO_PAD.encode(&digest[..24])
}

fn action_label(action: DelegationResponse) -> TextKey {
    match action {
        DelegationResponse::Accept => TextKey::AgentQueueAccept,
        DelegationResponse::Decline => TextKey::AgentQueueDecline,
        DelegationResponse::Ignore => TextKey::AgentQueueIgnore,
        DelegationResponse::Later => TextKey::AgentQueueLater,
    }
}

/// Queues pushes and lists the outbox.
#[derive(Clone, Debug)]
pub struct PushOutbox {
    pool: Pool,
    subscriptions: PushSubscriptions,
    answers: AnswerTokens,
    answer_url: String,
    ttl_seconds: u64,
}

impl PushOutbox {
    /// The outbox over `pool`; notification actions answer at `public_url`.
    pub fn new(pool: Pool, settings: &PushSettings, public_url: &str) -> Self {
        Self {
            subscriptions: PushSubscriptions::new(pool.clone(), settings.allow_insecure_endpoints),
            answers: AnswerTokens::new(pool.clone()),
            pool,
            answer_url: format!(
                "{}{}",
                public_url.trim_end_matches('/'),
                baton_api::operation::baton::PUSH_ANSWER.path
            ),
            ttl_seconds: settings.ttl_seconds,
        }
    }

    /// The devices.
    pub fn subscriptions(&self) -> &PushSubscriptions {
        &self.subscriptions
    }

    /// The answer tokens.
    pub fn answers(&self) -> &AnswerTokens {
        &self.answers
    }

    /// Queues `notice` at `now` for every device of its deputy, once per `event_id` and
    /// device (queuing again changes nothing). A request's devices share one answer token.
    pub async fn enqueue(
        &self,
        notice: &PushNotice,
        event_id: &str,
        texts: &Texts,
        now: Timestamp,
    ) -> Result<usize, PushError> {
        let devices = self.subscriptions.of(&notice.person).await?;
        if devices.is_empty() {
            return Ok(0);
        }
        let tag = topic(&notice.invitation);
        let expires_at = now.plus_seconds(TOKEN_LIFETIME_SECONDS);
        let token = match &notice.kind {
            PushNoticeKind::Ask { actions, .. } => Some(
                self.answers
                    .issue(&notice.invitation, &notice.person, actions, expires_at)
                    .await?,
            ),
            PushNoticeKind::Close => None,
        };
        for device in &devices {
            let locale = device.locale.as_deref().unwrap_or("en");
            let (kind, message) = match &notice.kind {
                PushNoticeKind::Ask {
                    customer,
                    agent,
                    actions,
                } => {
                    let values = [("customer", customer.as_str()), ("agent", agent.as_str())];
                    let message = BatonPushMessage::DeputyDelegation {
                        tag: tag.clone(),
                        title: texts.render(TextKey::DeputyDelegationPushTitle, locale, &values),
                        body: texts.render(TextKey::DeputyDelegationPushBody, locale, &values),
                        actions: actions
                            .iter()
                            .map(|&action| BatonPushAction {
                                action,
                                title: texts.get(action_label(action), locale).to_owned(),
                            })
                            .collect(),
                        invitation_id: notice.invitation.clone(),
                        conversation_id: notice.conversation.clone(),
                        answer_token: Secret::new(token.clone().unwrap_or_default()),
                        answer_url: self.answer_url.clone(),
                        expires_at,
                    };
                    ("deputyDelegation", message)
                }
                PushNoticeKind::Close => ("close", BatonPushMessage::Close { tag: tag.clone() }),
            };
            let invitation = matches!(notice.kind, PushNoticeKind::Ask { .. })
                .then(|| notice.invitation.as_str());
            self.insert(
                device,
                kind,
                &tag,
                invitation,
                &message,
                &format!("{event_id}-{}", device.id),
                now,
            )
            .await?;
        }
        Ok(devices.len())
    }

    /// Queues a test notification for `device` at `now`, in its language.
    pub async fn enqueue_test(
        &self,
        device: &Subscription,
        texts: &Texts,
        now: Timestamp,
    ) -> Result<(), PushError> {
        let locale = device.locale.as_deref().unwrap_or("en");
        let message = BatonPushMessage::Test {
            tag: "baton-test".into(),
            title: texts.get(TextKey::PushTestTitle, locale).to_owned(),
            body: texts.get(TextKey::PushTestBody, locale).to_owned(),
        };
        let event_id = format!("test-{}", crate::secrets::uuid());
        self.insert(device, "test", "baton-test", None, &message, &event_id, now)
            .await
    }

    #[allow(clippy::too_many_arguments)]
    async fn insert(
        &self,
        device: &Subscription,
        kind: &str,
        topic: &str,
        invitation: Option<&str>,
        message: &BatonPushMessage,
        event_id: &str,
        now: Timestamp,
    ) -> Result<(), PushError> {
        sqlx::query(
            "INSERT INTO push_outbox
             (subscription, endpoint, kind, topic, invitation, ttl_seconds, payload, created_at,
              next_attempt_at, event_id)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING",
        )
        .bind(&device.id)
        .bind(&device.endpoint)
        .bind(kind)
        .bind(topic)
        .bind(invitation)
        .bind(i64::try_from(self.ttl_seconds).unwrap_or(i64::MAX))
        .bind(serde_json::to_string(message)?)
        .bind(now.as_millis())
        .bind(now.as_millis())
        .bind(event_id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The latest `limit` pushes in `state` (every state when `None`), newest first.
    pub async fn deliveries(
        &self,
        state: Option<DeliveryState>,
        limit: u32,
    ) -> Result<Vec<Delivery>, PushError> {
        Ok(TABLE.items(&self.pool, state, limit).await?)
    }

    /// How many pushes are in each state.
    pub async fn counts(&self) -> Result<Vec<(DeliveryState, u64)>, PushError> {
        Ok(TABLE.counts(&self.pool).await?)
    }

    /// Puts a parked push back in line, due at `now`; false when no parked push has this row.
    pub async fn retry(&self, row: i64, now: Timestamp) -> Result<bool, PushError> {
        Ok(TABLE.retry(&self.pool, row, now).await?)
    }
}

/// One claimed push.
struct Attempt {
    row: i64,
    device: Option<Subscription>,
    topic: String,
    invitation: Option<String>,
    ttl_seconds: u64,
    payload: String,
    previous: u32,
}

/// What became of one attempt.
enum Outcome {
    Sent,
    /// The request closed before the push went out: nothing to say any more.
    Dropped,
    /// The push service forgot the device (404 / 410).
    Gone(String),
    Failed {
        error: String,
        permanent: bool,
    },
}

/// Sends the push outbox.
pub struct PushDelivery {
    pool: Pool,
    client: reqwest::Client,
    vapid: Arc<Vapid>,
    runtime: Arc<Runtime>,
    subscriptions: PushSubscriptions,
    policy: RetryPolicy,
    instance: String,
    egress: Egress,
}

impl PushDelivery {
    /// A delivery over `pool`, signing with `vapid`, asking `runtime` whether a request is
    /// still open, retrying as `policy` says, as the instance `instance`, connecting only
    /// where `settings` allow.
    pub fn new(
        pool: Pool,
        vapid: Arc<Vapid>,
        runtime: Arc<Runtime>,
        settings: &PushSettings,
        policy: RetryPolicy,
        instance: &str,
    ) -> Result<Self, PushError> {
        let egress = settings.egress();
        let client = egress
            .client_builder()
            .timeout(REQUEST_TIMEOUT)
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(USER_AGENT)
            .build()
            .map_err(|e| PushError::InvalidSettings(e.to_string()))?;
        Ok(Self {
            subscriptions: PushSubscriptions::new(pool.clone(), settings.allow_insecure_endpoints),
            pool,
            client,
            vapid,
            runtime,
            policy,
            instance: instance.to_owned(),
            egress,
        })
    }

    async fn claim(&self, now: Timestamp) -> Result<Vec<Attempt>, PushError> {
        type Row = (i64, String, String, Option<String>, i64, String, i64);
        // One statement claims the batch: no other instance's claim takes the same rows.
        let mut due: Vec<Row> = sqlx::query_as(&format!(
            "UPDATE push_outbox SET next_attempt_at = $1, claimed_by = $2
             WHERE id IN (SELECT id FROM push_outbox
                          WHERE sent_at IS NULL AND gave_up_at IS NULL AND next_attempt_at <= $3
                          ORDER BY next_attempt_at, id LIMIT $4 {})
             RETURNING id, subscription, topic, invitation, ttl_seconds, payload, attempts",
            database::skip_locked(&self.pool)
        ))
        .bind(self.policy.claimed_until(now).as_millis())
        .bind(&self.instance)
        .bind(now.as_millis())
        .bind(BATCH)
        .fetch_all(&self.pool)
        .await?;
        due.sort_by_key(|row| row.0);
        let ids: Vec<&str> = due.iter().map(|row| row.1.as_str()).collect();
        let devices = self.subscriptions.by_ids(&ids).await?;
        Ok(due
            .into_iter()
            .map(
                |(row, subscription, topic, invitation, ttl, payload, previous)| Attempt {
                    row,
                    // A device removed meanwhile parks its push (`send`).
                    device: devices.get(&subscription).cloned(),
                    topic,
                    invitation,
                    ttl_seconds: u64::try_from(ttl).unwrap_or(0),
                    payload,
                    previous: u32::try_from(previous).unwrap_or(u32::MAX),
                },
            )
            .collect())
    }

    /// Whether the request a notification asks about is still open at `now`.
    fn still_open(&self, invitation: &str, now: Timestamp) -> bool {
        self.runtime.read(|state| {
            state
                .invitations
                .get(&InvitationId::new(invitation))
                .is_some_and(|i| i.is_open_at(now))
        })
    }

    async fn send(
        client: reqwest::Client,
        egress: Egress,
        vapid: Arc<Vapid>,
        attempt: &Attempt,
    ) -> Outcome {
        let failed = |error: String, permanent| Outcome::Failed { error, permanent };
        let Some(device) = &attempt.device else {
            return failed("the device was removed".into(), true);
        };
        let prepared = (|| {
            let url =
                reqwest::Url::parse(&device.endpoint).map_err(|e| format!("endpoint: {e}"))?;
            let key = web_push_native::p256::PublicKey::from_sec1_bytes(&device.p256dh)
                .map_err(|e| format!("device key: {e}"))?;
            let body = web_push_native::encrypt(
                attempt.payload.clone().into_bytes(),
                &key,
                &Auth::clone_from_slice(&device.auth),
            )
            .map_err(|e| e.to_string())?;
            let authorization = vapid
                .authorization(&url, Duration::from_secs(attempt.ttl_seconds))
                .map_err(|e| e.to_string())?;
            Ok::<_, String>((url, body, authorization))
        })();
        let (url, body, authorization) = match prepared {
            Ok(prepared) => prepared,
            Err(error) => return failed(error, true),
        };
        if let Err(error) = egress.check(&url).await {
            return failed(error.to_string(), true);
        }
        let sent = client
            .post(url)
            .header(reqwest::header::AUTHORIZATION, authorization)
            .header(reqwest::header::CONTENT_ENCODING, "aes128gcm")
            .header(reqwest::header::CONTENT_TYPE, "application/octet-stream")
            .header("TTL", attempt.ttl_seconds)
            .header("Topic", &attempt.topic)
            .header("Urgency", "high")
            .body(body)
            .send()
            .await;
        match sent {
            Ok(response) if response.status().is_success() => Outcome::Sent,
            Ok(response) => {
                let status = response.status();
                let error = format!("the push service answered {status}");
                match status.as_u16() {
                    404 | 410 => Outcome::Gone(error),
                    // Too many requests, or the service failing: try again later.
                    408 | 429 | 500..=599 => failed(error, false),
                    // The request itself was refused (VAPID, size): sending it again cannot help.
                    _ => failed(error, true),
                }
            }
            Err(error) => failed(error.to_string(), false),
        }
    }

    /// Makes one attempt at every push due at `now` (up to a batch, concurrently).
    pub async fn deliver_pending_once(&self, now: Timestamp) -> Result<PassReport, PushError> {
        let mut requests = tokio::task::JoinSet::new();
        let mut report = PassReport::default();
        for attempt in self.claim(now).await? {
            if let Some(invitation) = &attempt.invitation
                && !self.still_open(invitation, now)
            {
                self.finish(&attempt, now, Outcome::Dropped, &mut report)
                    .await?;
                continue;
            }
            let (client, egress, vapid) =
                (self.client.clone(), self.egress, Arc::clone(&self.vapid));
            requests.spawn(async move {
                let outcome = Self::send(client, egress, vapid, &attempt).await;
                (attempt, outcome)
            });
        }
        while let Some(joined) = requests.join_next().await {
            // A request task only fails if it panicked; its row stays claimed and is retried
            // when the claim runs out.
            if let Ok((attempt, outcome)) = joined {
                self.finish(&attempt, now, outcome, &mut report).await?;
            }
        }
        Ok(report)
    }

    async fn finish(
        &self,
        attempt: &Attempt,
        now: Timestamp,
        outcome: Outcome,
        report: &mut PassReport,
    ) -> Result<(), PushError> {
        let attempts = attempt.previous.saturating_add(1);
        match outcome {
            Outcome::Sent => {
                // The payload held an answer token: it is not kept once delivered.
                sqlx::query(
                    "UPDATE push_outbox
                     SET sent_at = $1, attempts = $2, last_error = NULL, claimed_by = NULL,
                         payload = ''
                     WHERE id = $3",
                )
                .bind(now.as_millis())
                .bind(i64::from(attempts))
                .bind(attempt.row)
                .execute(&self.pool)
                .await?;
                report.delivered += 1;
            }
            Outcome::Dropped => {
                sqlx::query("DELETE FROM push_outbox WHERE id = $1")
                    .bind(attempt.row)
                    .execute(&self.pool)
                    .await?;
            }
            Outcome::Gone(error) => {
                self.park(attempt, attempts, &error, now).await?;
                if let Some(device) = &attempt.device {
                    tracing::info!(device = device.id, "{error}: the device is removed");
                    self.subscriptions.drop_gone(&device.id).await?;
                }
                report.gave_up += 1;
            }
            Outcome::Failed { error, permanent } => {
                let give_up = permanent || self.policy.parks_after(attempts);
                tracing::warn!(
                    push = attempt.row,
                    attempts,
                    give_up,
                    "push failed: {error}"
                );
                if give_up {
                    self.park(attempt, attempts, &error, now).await?;
                    report.gave_up += 1;
                } else {
                    sqlx::query(
                        "UPDATE push_outbox
                         SET attempts = $1, last_error = $2, next_attempt_at = $3, claimed_by = NULL
                         WHERE id = $4",
                    )
                    .bind(i64::from(attempts))
                    .bind(&error)
                    .bind(self.policy.next_attempt(now, attempts).as_millis())
                    .bind(attempt.row)
                    .execute(&self.pool)
                    .await?;
                    report.retrying += 1;
                }
            }
        }
        Ok(())
    }

    async fn park(
        &self,
        attempt: &Attempt,
        attempts: u32,
        error: &str,
        now: Timestamp,
    ) -> Result<(), PushError> {
        sqlx::query(
            "UPDATE push_outbox
             SET attempts = $1, last_error = $2, gave_up_at = $3, claimed_by = NULL
             WHERE id = $4",
        )
        .bind(i64::from(attempts))
        .bind(error)
        .bind(now.as_millis())
        .bind(attempt.row)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Hands back the pushes this instance claimed and did not finish.
    pub async fn release_claims(&self, now: Timestamp) -> Result<(), PushError> {
        Ok(TABLE
            .release_claims(&self.pool, &self.instance, now)
            .await?)
    }
}

/// Sends the push outbox at the time of `clock`, as the instance `instance`, until `shutdown`
/// completes; hands back the instance's claims when it starts and when it stops.
pub async fn run_push_delivery(
    delivery: PushDelivery,
    context: Loop,
    shutdown: impl Future<Output = ()>,
) -> Result<(), PushError> {
    delivery.release_claims(context.clock.now()).await?;
    outbox::run(Channel::Push, &context, shutdown, |now| {
        delivery.deliver_pending_once(now)
    })
    .await;
    delivery.release_claims(context.clock.now()).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_encryption_crate_reads_rfc_8291s_example() {
        // RFC 8291, section 5 and appendix A: the user agent's key and secret, the message.
        let b64 = |s: &str| URL_SAFE_NO_PAD.decode(s).unwrap();
        let ua = web_push_native::p256::SecretKey::from_slice(&b64(
            "q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94",
        ))
        .unwrap();
        let body = b64(concat!(
            "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27ml",
            "mlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPT",
            "pK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN"
        ));
        let auth = Auth::clone_from_slice(&b64("BTBZMqHH6r4Tts7J_aSIgg"));
        let plain = web_push_native::decrypt(body, &ua, &auth).unwrap();
        assert_eq!(plain, b"When I grow up, I want to be a watermelon");
    }

    #[test]
    fn a_requests_topic_is_32_base64url_characters_of_its_own() {
        let one = topic(&InvitationId::new("inv-1"));
        assert_eq!(one.len(), 32);
        assert!(
            one.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        );
        assert_eq!(one, topic(&InvitationId::new("inv-1")));
        assert_ne!(one, topic(&InvitationId::new("inv-2")));
        assert!(!one.contains("inv"));
    }
}
