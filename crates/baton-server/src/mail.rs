//! Outgoing e-mail (invitation links, deputy notifications): the `mail_outbox` table and its
//! delivery over SMTP with retries.
//!
//! Only this module reads or writes that table or speaks SMTP. Mails are written to the outbox
//! first ([`Mailer::enqueue`], by the webhook feed, under the id of the event they come from,
//! so a replay queues nothing twice) and sent by a separate loop ([`run_mail_delivery`]), so a
//! slow or absent mail server never delays a request and nothing is lost on a restart. Each
//! mail fails alone: a recipient the address parser refuses is parked as failed at once, a
//! failing send is retried with the [`RetryPolicy`], then parked. Without SMTP configured the
//! loop is not started and mails stay in the outbox, where [`Mailer::outbox`] lists them (the
//! demo shows them). What a mail says is the caller's business.

use std::future::Future;
use std::time::Duration;

use crate::database::{self, Pool};
use baton_core::Timestamp;
use baton_core::invitation::is_valid_email;
use lettre::message::header::ContentType;
use lettre::message::{Mailbox, Message};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::extension::ClientId;
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use serde::Deserialize;

use crate::outbox::{
    self, BATCH, Channel, Delivery, DeliveryState, Loop, PassReport, RetryPolicy, Table,
};

/// How long the SMTP client waits for each reply of the server.
const SMTP_TIMEOUT: Duration = Duration::from_secs(10);

/// A plain-text e-mail.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mail {
    /// The recipient's address, e.g. `vera@example.com`.
    pub to: String,
    /// The subject line.
    pub subject: String,
    /// The body, plain text.
    pub body: String,
}

/// How the connection to the SMTP server is secured.
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum SmtpTls {
    /// Plain text: only for a server on the same host or a test server.
    None,
    /// Plain connection upgraded with STARTTLS, which is required (port 587 by default).
    #[default]
    Starttls,
    /// TLS from the first byte (port 465 by default).
    Tls,
}

/// Where and as whom mail is sent. TOML keys are snake_case.
#[derive(Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct SmtpSettings {
    /// The SMTP server's host name.
    pub host: String,
    /// Its port; by default 25, 587 or 465 depending on `tls`.
    #[serde(default)]
    pub port: Option<u16>,
    /// User name for SMTP authentication, if the server requires it.
    #[serde(default)]
    pub username: Option<String>,
    /// Password for SMTP authentication.
    #[serde(default)]
    pub password: Option<String>,
    /// How the connection is secured (default `starttls`).
    #[serde(default)]
    pub tls: SmtpTls,
    /// The sender, e.g. `Baton <baton@bank.example>`.
    pub from: String,
    /// The name this server gives in EHLO (default `[127.0.0.1]`); some servers want a real
    /// host name.
    #[serde(default)]
    pub helo_name: Option<String>,
    /// How long a sent mail keeps its body in the outbox, in seconds: an invitation's body
    /// carries its join link. 0 (default): removed as soon as the mail is sent.
    #[serde(default)]
    pub sent_body_retention_seconds: u64,
}

// The SMTP password stays out of logs.
impl std::fmt::Debug for SmtpSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpSettings")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("username", &self.username)
            .field("tls", &self.tls)
            .field("from", &self.from)
            .field("helo_name", &self.helo_name)
            .field(
                "sent_body_retention_seconds",
                &self.sent_body_retention_seconds,
            )
            .finish_non_exhaustive()
    }
}

/// Why mail could not be queued, listed, or a delivery set up.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    /// The SMTP settings cannot be used.
    #[error("SMTP settings: {0}")]
    InvalidSettings(String),
    /// The database failed.
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
}

/// A mail of the outbox with its delivery state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutboxMail {
    /// Its row id.
    pub id: i64,
    /// The mail.
    pub mail: Mail,
    /// When it was queued.
    pub created_at: Timestamp,
    /// Where it stands.
    pub status: DeliveryState,
    /// Attempts made so far.
    pub attempts: u32,
    /// When the next attempt is due (meaningful while pending).
    pub next_attempt_at: Timestamp,
    /// When it was sent or given up.
    pub finished_at: Option<Timestamp>,
    /// The error of the last failed attempt.
    pub last_error: Option<String>,
}

/// Queues mail and lists the outbox, over the server's pool.
#[derive(Clone, Debug)]
pub struct Mailer {
    pool: Pool,
}

type OutboxRow = (
    i64,
    String,
    String,
    String,
    i64,
    i64,
    i64,
    Option<i64>,
    Option<i64>,
    Option<String>,
);

impl Mailer {
    /// The mailer over `pool` (migrated by [`crate::store::EventStore::open`]).
    pub fn new(pool: Pool) -> Self {
        Self { pool }
    }

    /// Queues `mail` at `now` for the delivery loop, once per `event_id` (the event it was
    /// derived from; queuing the same id again changes nothing). A recipient that is not an
    /// e-mail address is parked as failed at once, with the reason, and never blocks anything.
    pub async fn enqueue(
        &self,
        mail: &Mail,
        event_id: &str,
        now: Timestamp,
    ) -> Result<(), MailError> {
        let refused = (!is_valid_email(&mail.to)).then(|| "not an e-mail address".to_owned());
        sqlx::query(
            "INSERT INTO mail_outbox
             (recipient, subject, body, created_at, next_attempt_at, event_id, gave_up_at, last_error)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING",
        )
        .bind(&mail.to)
        .bind(&mail.subject)
        .bind(&mail.body)
        .bind(now.as_millis())
        .bind(now.as_millis())
        .bind(event_id)
        .bind(refused.as_ref().map(|_| now.as_millis()))
        .bind(&refused)
        .execute(&self.pool)
        .await?;
        if let Some(reason) = refused {
            tracing::warn!(event_id, "an e-mail was parked: {reason}");
        }
        Ok(())
    }

    /// The latest `limit` mails in `state` (every state when `None`), newest first.
    pub async fn deliveries(
        &self,
        state: Option<DeliveryState>,
        limit: u32,
    ) -> Result<Vec<Delivery>, MailError> {
        Ok(TABLE.items(&self.pool, state, limit).await?)
    }

    /// How many mails are in each state.
    pub async fn counts(&self) -> Result<Vec<(DeliveryState, u64)>, MailError> {
        Ok(TABLE.counts(&self.pool).await?)
    }

    /// Puts a parked mail back in line, due at `now`, with a fresh count of attempts; false
    /// when no parked mail has this row.
    pub async fn retry(&self, row: i64, now: Timestamp) -> Result<bool, MailError> {
        Ok(TABLE.retry(&self.pool, row, now).await?)
    }

    /// The latest `limit` mails of the outbox, newest first.
    pub async fn outbox(&self, limit: u32) -> Result<Vec<OutboxMail>, MailError> {
        let rows: Vec<OutboxRow> = sqlx::query_as(
            "SELECT id, recipient, subject, body, created_at, attempts, next_attempt_at,
                    sent_at, gave_up_at, last_error
             FROM mail_outbox ORDER BY id DESC LIMIT $1",
        )
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(
                |(id, to, subject, body, created, attempts, next, sent, gave_up, last_error)| {
                    let (status, finished_at) = DeliveryState::of(sent, gave_up);
                    OutboxMail {
                        id,
                        mail: Mail { to, subject, body },
                        created_at: Timestamp(created),
                        status,
                        attempts: u32::try_from(attempts).unwrap_or(u32::MAX),
                        next_attempt_at: Timestamp(next),
                        finished_at,
                        last_error,
                    }
                },
            )
            .collect())
    }
}

/// The mail outbox's shared columns.
const TABLE: Table = Table {
    name: "mail_outbox",
    finished: "sent_at",
    channel: Channel::Email,
    target: "o.recipient",
    joins: "",
    subject: "subject",
};

/// Sends the outbox's due mails over SMTP.
pub struct MailDelivery {
    pool: Pool,
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    policy: RetryPolicy,
    /// This server instance, named on its claims.
    instance: String,
    /// How long a sent mail keeps its body.
    sent_body_retention_seconds: u64,
}

impl std::fmt::Debug for MailDelivery {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MailDelivery")
            .field("from", &self.from.to_string())
            .finish_non_exhaustive()
    }
}

/// What became of one attempt.
enum Outcome {
    Sent,
    Failed { error: String, permanent: bool },
}

impl MailDelivery {
    /// A delivery over `pool` through the server in `settings`, retrying as `policy` says, by
    /// the server instance `instance`.
    pub fn new(
        pool: Pool,
        settings: &SmtpSettings,
        policy: RetryPolicy,
        instance: &str,
    ) -> Result<Self, MailError> {
        let invalid = |e: &dyn std::fmt::Display| MailError::InvalidSettings(e.to_string());
        let from: Mailbox = settings.from.parse().map_err(|e| invalid(&e))?;
        let (builder, default_port) = match settings.tls {
            SmtpTls::None => (
                AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&settings.host),
                25,
            ),
            SmtpTls::Starttls => (
                AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&settings.host)
                    .map_err(|e| invalid(&e))?,
                587,
            ),
            SmtpTls::Tls => (
                AsyncSmtpTransport::<Tokio1Executor>::relay(&settings.host)
                    .map_err(|e| invalid(&e))?,
                465,
            ),
        };
        let mut builder = builder
            .port(settings.port.unwrap_or(default_port))
            .timeout(Some(SMTP_TIMEOUT));
        match (&settings.username, &settings.password) {
            (Some(user), Some(password)) => {
                builder = builder.credentials(Credentials::new(user.clone(), password.clone()));
            }
            (None, None) => {}
            _ => {
                return Err(MailError::InvalidSettings(
                    "username and password go together".into(),
                ));
            }
        }
        if let Some(name) = &settings.helo_name {
            builder = builder.hello_name(ClientId::Domain(name.clone()));
        }
        Ok(Self {
            pool,
            transport: builder.build(),
            from,
            policy,
            instance: instance.to_owned(),
            sent_body_retention_seconds: settings.sent_body_retention_seconds,
        })
    }

    async fn send(&self, to: &str, subject: &str, body: &str) -> Outcome {
        let message = to
            .parse::<Mailbox>()
            .map_err(|e| e.to_string())
            .and_then(|to| {
                Message::builder()
                    .from(self.from.clone())
                    .to(to)
                    .subject(subject)
                    .header(ContentType::TEXT_PLAIN)
                    .body(body.to_owned())
                    .map_err(|e| e.to_string())
            });
        let message = match message {
            Ok(message) => message,
            // The mail itself is unsendable: retrying cannot help.
            Err(error) => {
                return Outcome::Failed {
                    error,
                    permanent: true,
                };
            }
        };
        match self.transport.send(message).await {
            Ok(_) => Outcome::Sent,
            Err(error) => Outcome::Failed {
                permanent: error.is_permanent(),
                error: error.to_string(),
            },
        }
    }

    /// Makes one attempt at every mail due at `now` (up to a batch). A failure is retried as
    /// the policy says and parked after its last attempt, or at once when the server refuses
    /// the mail permanently (a 5xx reply).
    pub async fn deliver_pending_once(&self, now: Timestamp) -> Result<PassReport, MailError> {
        // One statement claims the batch: no other instance's claim takes the same rows.
        let mut due: Vec<(i64, String, String, String, i64)> = sqlx::query_as(&format!(
            "UPDATE mail_outbox SET next_attempt_at = $1, claimed_by = $2
             WHERE id IN (SELECT id FROM mail_outbox
                          WHERE sent_at IS NULL AND gave_up_at IS NULL AND next_attempt_at <= $3
                          ORDER BY next_attempt_at, id LIMIT $4 {})
             RETURNING id, recipient, subject, body, attempts",
            database::skip_locked(&self.pool)
        ))
        .bind(self.policy.claimed_until(now).as_millis())
        .bind(&self.instance)
        .bind(now.as_millis())
        .bind(BATCH)
        .fetch_all(&self.pool)
        .await?;
        due.sort_by_key(|row| row.0);
        let mut report = PassReport::default();
        for (id, to, subject, body, attempts) in due {
            let attempts = u32::try_from(attempts)
                .unwrap_or(u32::MAX)
                .saturating_add(1);
            match self.send(&to, &subject, &body).await {
                Outcome::Sent => {
                    sqlx::query(
                        "UPDATE mail_outbox
                         SET sent_at = $1, attempts = $2, last_error = NULL, claimed_by = NULL
                         WHERE id = $3",
                    )
                    .bind(now.as_millis())
                    .bind(i64::from(attempts))
                    .bind(id)
                    .execute(&self.pool)
                    .await?;
                    report.delivered += 1;
                }
                Outcome::Failed { error, permanent } => {
                    let give_up = permanent || self.policy.parks_after(attempts);
                    tracing::warn!(mail = id, attempts, give_up, "sending mail failed: {error}");
                    sqlx::query(
                        "UPDATE mail_outbox
                         SET attempts = $1, last_error = $2, next_attempt_at = $3, gave_up_at = $4,
                             claimed_by = NULL
                         WHERE id = $5",
                    )
                    .bind(i64::from(attempts))
                    .bind(&error)
                    .bind(self.policy.next_attempt(now, attempts).as_millis())
                    .bind(give_up.then_some(now.as_millis()))
                    .bind(id)
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
        remove_sent_bodies(
            &self.pool,
            now.minus_seconds(self.sent_body_retention_seconds),
        )
        .await?;
        Ok(report)
    }

    /// Hands back the mails this instance claimed and did not finish (it is stopping, or it
    /// starts again after dying), so that they are sent without waiting for the claim.
    pub async fn release_claims(&self, now: Timestamp) -> Result<(), MailError> {
        Ok(TABLE
            .release_claims(&self.pool, &self.instance, now)
            .await?)
    }
}

/// Empties the bodies of the mails sent at or before `sent_by`: a body may carry a join
/// link, and a sent mail is only listed, never sent again. Answers how many.
pub async fn remove_sent_bodies(pool: &Pool, sent_by: Timestamp) -> Result<u64, sqlx::Error> {
    sqlx::query("UPDATE mail_outbox SET body = '' WHERE sent_at <= $1 AND body <> ''")
        .bind(sent_by.as_millis())
        .execute(pool)
        .await
        .map(|done| done.rows_affected())
}

/// Sends the outbox's mail through the server in `settings`, at the time of `clock`, as the
/// server instance `instance`, until `shutdown` completes; hands back what the instance had
/// claimed when it starts (it may have died) and when it stops. Fails only if the settings
/// cannot be used or the database fails at the start. Start it only when SMTP is configured.
pub async fn run_mail_delivery(
    pool: Pool,
    settings: SmtpSettings,
    policy: RetryPolicy,
    context: Loop,
    instance: &str,
    shutdown: impl Future<Output = ()>,
) -> Result<(), MailError> {
    let delivery = MailDelivery::new(pool, &settings, policy, instance)?;
    delivery.release_claims(context.clock.now()).await?;
    outbox::run(Channel::Email, &context, shutdown, |now| {
        delivery.deliver_pending_once(now)
    })
    .await;
    delivery.release_claims(context.clock.now()).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::Clock;
    use crate::store::EventStore;
    use std::sync::{Arc, Mutex};
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
    use tokio::net::TcpListener;

    /// What the test SMTP server received in one transaction.
    #[derive(Clone, Debug, Default)]
    struct Received {
        mail_from: String,
        rcpt_to: Vec<String>,
        data: String,
    }

    /// A minimal SMTP server on 127.0.0.1 that accepts every mail and records it.
    async fn smtp_server() -> (u16, Arc<Mutex<Vec<Received>>>) {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let inbox = Arc::new(Mutex::new(Vec::new()));
        let recorded = Arc::clone(&inbox);
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let (read, mut write) = stream.into_split();
                let mut lines = BufReader::new(read).lines();
                let mut current = Received::default();
                write.write_all(b"220 test ESMTP\r\n").await.unwrap();
                while let Ok(Some(line)) = lines.next_line().await {
                    let upper = line.to_ascii_uppercase();
                    let reply: &[u8] = if upper.starts_with("EHLO") || upper.starts_with("HELO") {
                        b"250 test\r\n"
                    } else if upper.starts_with("MAIL FROM:") {
                        current.mail_from = line[10..].to_owned();
                        b"250 OK\r\n"
                    } else if upper.starts_with("RCPT TO:") {
                        current.rcpt_to.push(line[8..].to_owned());
                        b"250 OK\r\n"
                    } else if upper == "DATA" {
                        write.write_all(b"354 go ahead\r\n").await.unwrap();
                        while let Ok(Some(data)) = lines.next_line().await {
                            if data == "." {
                                break;
                            }
                            current.data.push_str(&data);
                            current.data.push('\n');
                        }
                        recorded.lock().unwrap().push(std::mem::take(&mut current));
                        b"250 queued\r\n"
                    } else if upper == "QUIT" {
                        write.write_all(b"221 bye\r\n").await.unwrap();
                        break;
                    } else {
                        b"250 OK\r\n"
                    };
                    write.write_all(reply).await.unwrap();
                }
            }
        });
        (port, inbox)
    }

    /// A server that accepts connections and closes them at once.
    async fn closing_server() -> u16 {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                drop(stream);
            }
        });
        port
    }

    fn settings(port: u16) -> SmtpSettings {
        SmtpSettings {
            host: "127.0.0.1".into(),
            port: Some(port),
            username: None,
            password: None,
            tls: SmtpTls::None,
            from: "Baton <baton@bank.example>".into(),
            helo_name: None,
            sent_body_retention_seconds: 0,
        }
    }

    fn invitation() -> Mail {
        Mail {
            to: "vera@example.com".into(),
            subject: "Your advisor invites you".into(),
            body: "Open this link to join: https://bank.example/join/abc\nSee you soon".into(),
        }
    }

    async fn pool() -> (tempfile::TempDir, Pool) {
        let dir = tempfile::tempdir().unwrap();
        let events = EventStore::open(&dir.path().join("baton.db"))
            .await
            .unwrap();
        (dir, events.pool().clone())
    }

    #[tokio::test]
    async fn a_queued_mail_reaches_the_smtp_server() {
        let (_dir, pool) = pool().await;
        let (port, inbox) = smtp_server().await;
        let mailer = Mailer::new(pool.clone());
        mailer
            .enqueue(&invitation(), "evt-1", Timestamp(1_000))
            .await
            .unwrap();

        let delivery =
            MailDelivery::new(pool, &settings(port), RetryPolicy::default(), "test").unwrap();
        let report = delivery
            .deliver_pending_once(Timestamp(1_000))
            .await
            .unwrap();
        assert_eq!(report.delivered, 1);

        let received = inbox.lock().unwrap().clone();
        assert_eq!(received.len(), 1);
        assert_eq!(received[0].mail_from, "<baton@bank.example>");
        assert_eq!(received[0].rcpt_to, ["<vera@example.com>"]);
        let data = &received[0].data;
        assert!(data.contains("Subject: Your advisor invites you"), "{data}");
        assert!(data.contains("To: vera@example.com"), "{data}");
        assert!(
            data.contains("Open this link to join: https://bank.example/join/abc\nSee you soon"),
            "{data}"
        );

        let outbox = mailer.outbox(10).await.unwrap();
        assert_eq!(outbox[0].status, DeliveryState::Delivered);
        assert_eq!(outbox[0].attempts, 1);
        assert_eq!(outbox[0].finished_at, Some(Timestamp(1_000)));
        assert_eq!(outbox[0].mail.body, "", "the link left with the mail");
        assert_eq!(outbox[0].mail.subject, "Your advisor invites you");
        assert_eq!(
            delivery
                .deliver_pending_once(Timestamp(99_000))
                .await
                .unwrap(),
            PassReport::default(),
            "a sent mail is not sent again"
        );
    }

    #[tokio::test]
    async fn a_sent_body_is_kept_for_the_retention_then_removed() {
        let (_dir, pool) = pool().await;
        let (port, _inbox) = smtp_server().await;
        let mailer = Mailer::new(pool.clone());
        mailer
            .enqueue(&invitation(), "evt-1", Timestamp(0))
            .await
            .unwrap();
        let kept_a_minute = SmtpSettings {
            sent_body_retention_seconds: 60,
            ..settings(port)
        };
        let delivery =
            MailDelivery::new(pool, &kept_a_minute, RetryPolicy::default(), "test").unwrap();
        let body = |outbox: Vec<OutboxMail>| outbox[0].mail.body.clone();
        delivery.deliver_pending_once(Timestamp(0)).await.unwrap();
        delivery
            .deliver_pending_once(Timestamp(59_999))
            .await
            .unwrap();
        assert_eq!(body(mailer.outbox(1).await.unwrap()), invitation().body);
        delivery
            .deliver_pending_once(Timestamp(60_000))
            .await
            .unwrap();
        assert_eq!(body(mailer.outbox(1).await.unwrap()), "");
    }

    #[tokio::test]
    async fn a_failing_server_leads_to_retries_with_backoff_then_parking() {
        let (_dir, pool) = pool().await;
        let mailer = Mailer::new(pool.clone());
        mailer
            .enqueue(&invitation(), "evt-1", Timestamp(0))
            .await
            .unwrap();
        let policy = RetryPolicy::default();
        let delivery =
            MailDelivery::new(pool, &settings(closing_server().await), policy, "test").unwrap();

        let report = delivery.deliver_pending_once(Timestamp(0)).await.unwrap();
        assert_eq!(report.retrying, 1);
        let mail = mailer.outbox(1).await.unwrap().remove(0);
        assert_eq!(mail.status, DeliveryState::Pending);
        assert_eq!(mail.attempts, 1);
        assert!((500..=1_000).contains(&mail.next_attempt_at.as_millis()));
        assert!(mail.last_error.is_some());

        assert_eq!(
            delivery.deliver_pending_once(Timestamp(499)).await.unwrap(),
            PassReport::default(),
            "not due before its backoff"
        );

        let mut now = mail.next_attempt_at;
        for attempt in 2..=policy.max_attempts {
            delivery.deliver_pending_once(now).await.unwrap();
            let mail = mailer.outbox(1).await.unwrap().remove(0);
            if attempt < policy.max_attempts {
                let waited = mail.next_attempt_at.as_millis() - now.as_millis();
                let longest = policy.delay_millis(attempt, 1.0);
                assert!(
                    (longest / 2..=longest).contains(&waited),
                    "attempt {attempt}: {waited} ms"
                );
            }
            now = mail.next_attempt_at;
        }
        let mail = mailer.outbox(1).await.unwrap().remove(0);
        assert_eq!(mail.status, DeliveryState::Failed);
        assert_eq!(mail.attempts, policy.max_attempts);
        assert!(mail.last_error.is_some());
        assert_eq!(
            delivery
                .deliver_pending_once(Timestamp(i64::MAX / 2))
                .await
                .unwrap(),
            PassReport::default(),
            "a parked mail is not tried again"
        );
        assert_eq!(
            mailer
                .deliveries(Some(DeliveryState::Failed), 10)
                .await
                .unwrap()[0]
                .id(),
            format!("email-{}", mail.id)
        );
        assert!(mailer.retry(mail.id, Timestamp(5)).await.unwrap());
        assert!(
            !mailer.retry(mail.id, Timestamp(5)).await.unwrap(),
            "no longer parked"
        );
        let again = mailer.outbox(1).await.unwrap().remove(0);
        assert_eq!(
            (again.status, again.attempts, again.next_attempt_at),
            (DeliveryState::Pending, 0, Timestamp(5))
        );
    }

    #[tokio::test]
    async fn a_mail_is_queued_once_per_event_and_a_bad_address_is_parked_alone() {
        let (_dir, pool) = pool().await;
        let mailer = Mailer::new(pool.clone());
        mailer
            .enqueue(&invitation(), "evt-1", Timestamp(0))
            .await
            .unwrap();
        mailer
            .enqueue(&invitation(), "evt-1", Timestamp(1))
            .await
            .unwrap();
        let bad = Mail {
            to: "broken..address@@example".into(),
            ..invitation()
        };
        mailer.enqueue(&bad, "evt-2", Timestamp(2)).await.unwrap();
        mailer
            .enqueue(&invitation(), "evt-3", Timestamp(3))
            .await
            .unwrap();
        let counts = mailer.counts().await.unwrap();
        assert_eq!(
            counts,
            [
                (DeliveryState::Pending, 2),
                (DeliveryState::Delivered, 0),
                (DeliveryState::Failed, 1)
            ]
        );
        let failed = mailer
            .deliveries(Some(DeliveryState::Failed), 10)
            .await
            .unwrap();
        assert_eq!(failed[0].target, "broken..address@@example");
        assert_eq!(
            failed[0].last_error.as_deref(),
            Some("not an e-mail address")
        );
    }

    #[tokio::test]
    async fn without_smtp_mails_stay_listed_in_the_outbox() {
        let (_dir, pool) = pool().await;
        let mailer = Mailer::new(pool);
        for (i, to) in ["a@example.com", "b@example.com"].into_iter().enumerate() {
            let mail = Mail {
                to: to.into(),
                ..invitation()
            };
            mailer
                .enqueue(&mail, &format!("evt-{i}"), Timestamp(i as i64))
                .await
                .unwrap();
        }
        let outbox = mailer.outbox(10).await.unwrap();
        assert_eq!(
            outbox
                .iter()
                .map(|m| m.mail.to.as_str())
                .collect::<Vec<_>>(),
            ["b@example.com", "a@example.com"]
        );
        assert!(outbox.iter().all(|m| m.status == DeliveryState::Pending));
        assert_eq!(mailer.outbox(1).await.unwrap().len(), 1);
    }

    #[tokio::test]
    async fn bad_settings_are_refused() {
        let (_dir, pool) = pool().await;
        let bad_from = SmtpSettings {
            from: "nobody".into(),
            ..settings(25)
        };
        assert!(matches!(
            MailDelivery::new(pool.clone(), &bad_from, RetryPolicy::default(), "test"),
            Err(MailError::InvalidSettings(_))
        ));
        for tls in [SmtpTls::Starttls, SmtpTls::Tls] {
            let secured = SmtpSettings {
                tls,
                port: None,
                ..settings(25)
            };
            assert!(
                MailDelivery::new(pool.clone(), &secured, RetryPolicy::default(), "test").is_ok(),
                "{tls:?}"
            );
        }
        let half_credentials = SmtpSettings {
            username: Some("baton".into()),
            ..settings(25)
        };
        assert!(matches!(
            MailDelivery::new(pool, &half_credentials, RetryPolicy::default(), "test"),
            Err(MailError::InvalidSettings(_))
        ));
    }

    #[tokio::test]
    async fn the_delivery_loop_sends_until_shut_down() {
        let (_dir, pool) = pool().await;
        let (port, inbox) = smtp_server().await;
        let clock = Clock::from(crate::clock::ManualClock::new(Timestamp(1_000)));
        Mailer::new(pool.clone())
            .enqueue(&invitation(), "evt-1", clock.now())
            .await
            .unwrap();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(run_mail_delivery(
            pool,
            settings(port),
            RetryPolicy::default(),
            Loop::on(clock),
            "test",
            async move {
                let _ = stopped.await;
            },
        ));
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        while inbox.lock().unwrap().is_empty() {
            assert!(tokio::time::Instant::now() < deadline, "no mail arrived");
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        assert_eq!(inbox.lock().unwrap().len(), 1);
        stop.send(()).unwrap();
        tokio::time::timeout(Duration::from_secs(10), task)
            .await
            .expect("the loop stops")
            .unwrap()
            .unwrap();
    }

    #[test]
    fn settings_read_snake_case_keys() {
        let parsed: SmtpSettings = serde_json::from_str(
            r#"{"host": "mail.example", "tls": "tls", "from": "b@example.com",
                "username": "u", "password": "hunter2"}"#,
        )
        .unwrap();
        assert_eq!(parsed.tls, SmtpTls::Tls);
        assert_eq!(parsed.port, None);
        assert!(!format!("{parsed:?}").contains("hunter2"));
    }
}
