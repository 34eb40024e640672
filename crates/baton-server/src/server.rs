//! Starting and stopping the server: open the log, rebuild the state, seed the demo, build the
//! `App`, start the background loops (delegation scheduler, webhook and mail delivery,
//! clean-up) and serve HTTP until asked to stop, then drain gracefully: stop accepting at
//! once, give requests in flight the grace period, close what is left, and report every
//! background task that failed. How connections are served and timed out is in
//! `connections`; the per-person cap on event streams in `streams`.

mod connections;
pub mod streams;

use std::collections::HashMap;
use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use crate::database::{Location, Pool};
use axum::Extension;
use baton_core::{Config, Timestamp, demo};
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::{Id, JoinError, JoinSet};
use tokio::time::Instant;

use crate::auth::credentials::CredentialStore;
use crate::auth::jwt::{JwtSettings, JwtVerifier};
use crate::auth::session::SessionStore;
use crate::auth::token_ids::UsedTokenIds;
use crate::clock::Clock;
use crate::http::{AdminCredentials, App, router};
use crate::join_links::PendingLinkTokens;
use crate::limits::AttemptLimiter;
use crate::mail::{Mailer, run_mail_delivery};
use crate::metrics::Metrics;
use crate::outbox::Loop;
use crate::presence::{self, DeskPresence};
use crate::push::delivery::PushDelivery;
use crate::push::{PushOutbox, Vapid, run_push_delivery};
use crate::runtime::Runtime;
use crate::settings::Settings;
use crate::store::{EventStore, StoreError};
use crate::webhooks::{Webhooks, run_webhook_delivery};
use crate::{scheduler, secrets, token_digests, webhook_feed};

/// The demo bank's JWT issuer and audience (the demo plays the bank's backend).
pub const DEMO_ISSUER: &str = "helvetia-private-bank-demo";
/// The audience of visitor tokens in the demo.
pub const DEMO_AUDIENCE: &str = "baton";
/// How often expired sessions and attempt windows are purged.
const PURGE_INTERVAL: Duration = Duration::from_secs(600);

/// What `start` needs.
pub struct Options {
    /// The bound listener (bind to port 0 in tests).
    pub listener: TcpListener,
    /// Where everything is kept: an SQLite file or a PostgreSQL database.
    pub database: Location,
    /// The settings.
    pub settings: Settings,
    /// Seed the demo bank and enable the demo-only endpoints.
    pub demo: bool,
    /// Serve a database that holds the demo bank without `demo` (its passwords are public).
    pub allow_demo_data: bool,
    /// The web API administrator.
    pub admin: Option<AdminCredentials>,
    /// Folder served at `/`.
    pub static_dir: Option<PathBuf>,
    /// Where the server reads the time: [`Clock::system`], or a manual clock in tests.
    pub clock: Clock,
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// The event log could not be opened or read.
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    /// The demo could not be seeded.
    #[error("seeding the demo: {0}")]
    Demo(String),
    /// The database holds the demo bank, whose passwords everybody knows, and the server was
    /// started without `--demo`.
    #[error(
        "this database holds the demo bank and its well-known passwords (it was seeded by --demo): \
         start with --demo to run the demo, use another --database, or pass --allow-demo-data \
         to serve it anyway"
    )]
    DemoData,
    /// The key for token digests could not be read or created.
    #[error(transparent)]
    TokenKey(#[from] crate::token_digests::TokenKeyError),
    /// The JWT settings cannot be used.
    #[error("[jwt]: {0}")]
    Jwt(#[from] crate::auth::jwt::JwtError),
    /// The listener has no address.
    #[error("listener: {0}")]
    Listener(#[from] std::io::Error),
    /// The web push settings or the VAPID key cannot be used.
    #[error("web push: {0}")]
    Push(#[from] crate::push::PushError),
}

/// Why a background task failed.
type TaskError = Box<dyn std::error::Error + Send + Sync>;

/// A background task (or the HTTP server) that failed, panicked or ended before the server
/// was stopped.
#[derive(Debug, thiserror::Error)]
#[error("{task}: {reason}")]
pub struct TaskFailure {
    /// Which task.
    pub task: &'static str,
    /// What happened to it.
    pub reason: String,
}

/// How the server ended: every background task that failed (none after a clean stop).
#[derive(Debug, Default)]
pub struct StopReport {
    /// The failed tasks, in the order they were noticed.
    pub failures: Vec<TaskFailure>,
}

impl StopReport {
    /// `Err` with the first failure if any task failed (all of them were logged).
    pub fn into_result(self) -> Result<(), TaskFailure> {
        match self.failures.into_iter().next() {
            Some(failure) => Err(failure),
            None => Ok(()),
        }
    }

    fn record(&mut self, task: &'static str, reason: String) {
        tracing::error!(task, %reason, "a background task failed");
        self.failures.push(TaskFailure { task, reason });
    }
}

/// The server's tasks, with their names for the report.
#[derive(Default)]
struct Tasks {
    set: JoinSet<Result<(), TaskError>>,
    names: HashMap<Id, &'static str>,
}

impl Tasks {
    fn spawn(
        &mut self,
        name: &'static str,
        task: impl Future<Output = Result<(), TaskError>> + Send + 'static,
    ) {
        let handle = self.set.spawn(task);
        self.names.insert(handle.id(), name);
    }
}

/// A running server.
pub struct Running {
    /// Where it listens.
    pub address: SocketAddr,
    /// The application (for tests and in-process tools).
    pub app: Arc<App>,
    stop: watch::Sender<bool>,
    tasks: Tasks,
    /// How long requests in flight may take to finish once stopping.
    grace: Duration,
}

impl Running {
    /// Stops accepting at once, lets requests in flight finish within the grace period
    /// (`[limits] shutdown_grace_seconds`), then closes the connections still open and ends
    /// the background loops; reports the tasks that failed.
    pub async fn stop(mut self) -> StopReport {
        let _ = self.stop.send(true);
        let mut report = StopReport::default();
        // The delivery loops stop at the signal, between two sends, and hand back the outbox
        // items they claimed before they end, well within the grace period.
        self.drain(Instant::now() + self.grace, &mut report).await;
        report
    }

    /// Waits until the server is stopped (through [`Running::stopper`]) or a task ends by
    /// itself, which is a failure; then stops as [`Running::stop`] does.
    pub async fn wait(mut self) -> StopReport {
        let mut stop = self.stop.subscribe();
        let early = tokio::select! {
            biased;
            () = stopped_by(&mut stop) => None,
            joined = self.tasks.set.join_next_with_id() => joined,
        };
        let mut report = StopReport::default();
        if let Some(joined) = early {
            let (task, failure) = self.outcome(joined);
            report.record(
                task,
                failure.unwrap_or_else(|| "ended before the server was stopped".into()),
            );
        }
        let rest = self.stop().await;
        report.failures.extend(rest.failures);
        report
    }

    /// Joins every task until `deadline`, then aborts the rest (which closes the connections
    /// still open) and joins them too.
    async fn drain(&mut self, deadline: Instant, report: &mut StopReport) {
        let mut aborted = false;
        loop {
            let next = self.tasks.set.join_next_with_id();
            let joined = if aborted {
                next.await
            } else {
                match tokio::time::timeout_at(deadline, next).await {
                    Ok(joined) => joined,
                    Err(_) => {
                        let open: Vec<&str> = self.tasks.names.values().copied().collect();
                        tracing::warn!(?open, "the grace period is over: closing what is open");
                        self.tasks.set.abort_all();
                        aborted = true;
                        continue;
                    }
                }
            };
            let Some(joined) = joined else { return };
            if let (task, Some(reason)) = self.outcome(joined) {
                report.record(task, reason);
            }
        }
    }

    /// The task's name and, if it failed, why; a task aborted at the end of the grace period
    /// did not fail.
    fn outcome(
        &mut self,
        joined: Result<(Id, Result<(), TaskError>), JoinError>,
    ) -> (&'static str, Option<String>) {
        let (id, reason) = match joined {
            Ok((id, Ok(()))) => (id, None),
            Ok((id, Err(error))) => (id, Some(error.to_string())),
            Err(error) if error.is_cancelled() => (error.id(), None),
            Err(error) => (error.id(), Some(panic_message(error))),
        };
        (self.tasks.names.remove(&id).unwrap_or("a task"), reason)
    }

    /// A clone of the stop signal, to stop the server from elsewhere (Ctrl-C).
    pub fn stopper(&self) -> watch::Sender<bool> {
        self.stop.clone()
    }
}

/// Resolves once `stop` turns true.
pub async fn stopped(mut stop: watch::Receiver<bool>) {
    stopped_by(&mut stop).await;
}

async fn stopped_by(stop: &mut watch::Receiver<bool>) {
    while !*stop.borrow_and_update() {
        if stop.changed().await.is_err() {
            return;
        }
    }
}

/// What a panicked task said, for the report.
fn panic_message(error: JoinError) -> String {
    match error.try_into_panic() {
        Ok(payload) => {
            let said = payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| payload.downcast_ref::<String>().cloned());
            format!("panicked: {}", said.unwrap_or_default())
        }
        Err(error) => error.to_string(),
    }
}

/// This instance's name on the outbox items it claims: `[server] instance_id`, else the host
/// name and the listen address, which stay the same when it restarts.
fn instance_id(settings: &Settings, address: SocketAddr) -> String {
    settings.server.instance_id.clone().unwrap_or_else(|| {
        let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
            .ok()
            .or_else(|| std::env::var("HOSTNAME").ok())
            .map(|h| h.trim().to_owned())
            .filter(|h| !h.is_empty())
            .unwrap_or_else(|| "localhost".to_owned());
        format!("{host}/{address}")
    })
}

/// The demo's configuration: delegation and the prompt on, short countdowns to watch them.
pub fn demo_properties() -> Config {
    Config {
        messenger_enable_deputy_delegation: true,
        enable_deputy_delegation: true,
        enable_deputy_prompt_when_agents_unavailable: true,
        level1_escalation_timeout_seconds: 30,
        level2_escalation_timeout_seconds: 60,
        level3_escalation_timeout_seconds: 60,
        unanswered_escalation_timeout_seconds: 120,
        prompt_deputy_new_message_debounce_time_in_seconds: 10,
        prompt_deputy_delegation_restart_delay_in_seconds: 120,
        ..Config::default()
    }
}

/// The demo agents' passwords: each agent's first name (documented in the README).
pub fn demo_password(username: &str) -> &str {
    username.split('.').next().unwrap_or(username)
}

async fn seed_demo(
    runtime: &Runtime,
    credentials: &CredentialStore,
    clock: &Clock,
) -> Result<(), StartError> {
    let seeded = runtime.read(|s| s.directory.accounts.contains_key(&demo::ACCOUNT.into()));
    if !seeded {
        for (actor, command) in demo::commands() {
            runtime
                .execute(&actor, command, clock.now())
                .await
                .map_err(|e| StartError::Demo(e.to_string()))?;
        }
        tracing::info!("seeded the demo bank");
    }
    for agent in demo::AGENTS {
        let known = credentials
            .verify(agent, demo_password(agent))
            .await
            .map_err(|e| StartError::Demo(e.to_string()))?
            .is_some();
        if !known {
            credentials
                .set(&agent.into(), agent, demo_password(agent))
                .await
                .map_err(|e| StartError::Demo(e.to_string()))?;
        }
    }
    Ok(())
}

/// Whether session cookies are `Secure`: as configured, else on, except for plain HTTP on one
/// machine (a loopback listener, or the demo) where browsers would never send them back.
fn secure_cookies(configured: Option<bool>, address: SocketAddr, demo: bool) -> bool {
    configured.unwrap_or(!(address.ip().is_loopback() || demo))
}

/// Marks the database as holding the demo bank.
async fn mark_demo_data(pool: &Pool, clock: &Clock) -> Result<(), StartError> {
    sqlx::query("INSERT INTO demo_data (id, marked_at) VALUES (1, $1) ON CONFLICT DO NOTHING")
        .bind(clock.now().as_millis())
        .execute(pool)
        .await
        .map_err(|e| StartError::Demo(e.to_string()))?;
    Ok(())
}

/// Whether the database holds the demo bank: marked by `--demo`, or seeded before the mark
/// existed (the demo's account is there).
async fn holds_demo_data(pool: &Pool, runtime: &Runtime) -> Result<bool, StartError> {
    let marked: Option<i64> = sqlx::query_scalar("SELECT marked_at FROM demo_data")
        .fetch_optional(pool)
        .await
        .map_err(|e| StartError::Demo(e.to_string()))?;
    Ok(marked.is_some()
        || runtime.read(|s| s.directory.accounts.contains_key(&demo::ACCOUNT.into())))
}

/// Removes the secrets a previous run left behind: bodies of sent mails past their retention
/// (also when SMTP is no longer configured) and link tokens whose invitation was never
/// recorded (a crash in between), once their link would have expired.
async fn forget_stale_secrets(
    pool: &Pool,
    settings: &Settings,
    now: Timestamp,
) -> Result<(), sqlx::Error> {
    let retention = settings
        .smtp
        .as_ref()
        .map_or(0, |smtp| smtp.sent_body_retention_seconds);
    crate::mail::remove_sent_bodies(pool, now.minus_seconds(retention)).await?;
    PendingLinkTokens::new(pool.clone())
        .forget_older_than(now.minus_seconds(settings.properties.link_time_to_live_seconds))
        .await
        .map(drop)
}

/// Opens everything and starts serving on `options.listener`.
pub async fn start(options: Options) -> Result<Running, StartError> {
    let Options {
        listener,
        database,
        mut settings,
        demo,
        allow_demo_data,
        admin,
        static_dir,
        clock,
    } = options;
    let address = listener.local_addr()?;
    let store = EventStore::open_at(&database, settings.storage.durability).await?;
    let pool = store.pool().clone();
    if demo && settings.jwt.is_none() {
        // The demo plays the bank's backend with a secret that lives as long as the process.
        settings.jwt = Some(JwtSettings {
            hs256_secret: Some(secrets::link_token().repeat(2)),
            rs256_public_key_pem: None,
            eddsa_public_key_pem: None,
            issuer: DEMO_ISSUER.to_owned(),
            audience: DEMO_AUDIENCE.to_owned(),
            leeway_seconds: 30,
            max_lifetime_seconds: 600,
        });
    }
    let key_file = token_digests::key_path(&database, settings.server.token_key_file.as_deref())?;
    let token_key = token_digests::load_or_create(&key_file)?;
    let migrated = token_digests::migrate_clear_tokens(&pool, &token_key)
        .await
        .map_err(StoreError::from)?;
    if migrated > 0 {
        tracing::info!(
            events = migrated,
            "replaced the PINs and link tokens the log held in clear by their digests"
        );
    }
    forget_stale_secrets(&pool, &settings, clock.now())
        .await
        .map_err(StoreError::from)?;
    let runtime = Arc::new(Runtime::start(store, settings.properties.clone(), token_key).await?);
    let credentials =
        CredentialStore::new(pool.clone(), settings.limits.max_concurrent_password_hashes);
    if demo {
        seed_demo(&runtime, &credentials, &clock).await?;
        mark_demo_data(&pool, &clock).await?;
    } else if !allow_demo_data && holds_demo_data(&pool, &runtime).await? {
        return Err(StartError::DemoData);
    }
    let jwt = settings.jwt.as_ref().map(JwtVerifier::new).transpose()?;
    let public_url = settings
        .server
        .public_url
        .clone()
        .unwrap_or_else(|| format!("http://{address}"));
    let vapid = Arc::new(Vapid::load(&pool, &settings.web_push, &public_url).await?);
    let push = PushOutbox::new(pool.clone(), &settings.web_push, &public_url);
    let (stop, stop_rx) = watch::channel(false);
    let (presence, desk_signals) = DeskPresence::new(clock.clone());
    let app = Arc::new(App {
        runtime: Arc::clone(&runtime),
        clock,
        credentials,
        sessions: SessionStore::new(pool.clone(), settings.sessions.clone()),
        jwt,
        used_token_ids: UsedTokenIds::new(pool.clone()),
        limiter: AttemptLimiter::new(pool.clone(), settings.limits.clone()),
        mailer: Mailer::new(pool.clone()),
        pending_link_tokens: PendingLinkTokens::new(pool.clone()),
        webhooks: Webhooks::new(pool.clone(), settings.webhooks.egress()),
        metrics: Arc::new(Metrics::default()),
        admin,
        basic_cache: Default::default(),
        demo,
        secure_cookies: secure_cookies(settings.server.secure_cookies, address, demo),
        public_url,
        settings,
        shutdown: stop_rx.clone(),
        presence,
        push,
        vapid,
        wakers: Arc::default(),
    });
    let limits = &app.settings.limits;
    let grace = Duration::from_secs(limits.shutdown_grace_seconds);
    let timeouts = connections::Timeouts::from_limits(limits);
    let mut http = router(Arc::clone(&app), static_dir.as_deref()).layer(Extension(
        streams::StreamSlots::new(limits.max_streams_per_person),
    ));
    if let Some(limit) = connections::seconds(limits.request_timeout_seconds) {
        http = http.layer(axum::middleware::from_fn_with_state(
            limit,
            connections::request_timeout,
        ));
    }
    let mut tasks = Tasks::default();
    let http_stop = stop_rx.clone();
    tasks.spawn("http", async move {
        connections::serve(listener, http, timeouts, http_stop).await;
        Ok(())
    });
    let scheduler_app = Arc::clone(&app);
    let scheduler_stop = stopped(stop_rx.clone());
    tasks.spawn("delegation scheduler", async move {
        scheduler::run(scheduler_app, scheduler_stop).await;
        Ok(())
    });
    let presence_app = Arc::clone(&app);
    let presence_stop = stopped(stop_rx.clone());
    let presence_instance = instance_id(&presence_app.settings, address);
    tasks.spawn("presence", async move {
        presence::run(presence_app, desk_signals, presence_instance, presence_stop).await;
        Ok(())
    });
    let feed_app = Arc::clone(&app);
    let feed_stop = stopped(stop_rx.clone());
    tasks.spawn("webhook feed", async move {
        webhook_feed::run(feed_app, feed_stop).await;
        Ok(())
    });
    let webhook_pool = pool.clone();
    let webhook_stop = stopped(stop_rx.clone());
    let policy = app.settings.deliveries;
    let context = Loop {
        clock: app.clock.clone(),
        metrics: Arc::clone(&app.metrics),
        wakers: Arc::clone(&app.wakers),
    };
    let webhook_context = context.clone();
    let instance = instance_id(&app.settings, address);
    let webhook_instance = instance.clone();
    let webhook_egress = app.settings.webhooks.egress();
    tasks.spawn("webhook delivery", async move {
        let delivery = run_webhook_delivery(
            webhook_pool,
            policy,
            webhook_context,
            &webhook_instance,
            webhook_egress,
            webhook_stop,
        );
        Ok(delivery.await?)
    });
    let push_delivery = PushDelivery::new(
        pool.clone(),
        Arc::clone(&app.vapid),
        Arc::clone(&app.runtime),
        &app.settings.web_push,
        app.settings.deliveries,
        &instance,
    )?;
    let (push_context, push_stop) = (context.clone(), stopped(stop_rx.clone()));
    tasks.spawn("push delivery", async move {
        Ok(run_push_delivery(push_delivery, push_context, push_stop).await?)
    });
    if let Some(smtp) = app.settings.smtp.clone() {
        let mail_pool = pool.clone();
        let mail_stop = stopped(stop_rx.clone());
        tasks.spawn("mail delivery", async move {
            let delivery =
                run_mail_delivery(mail_pool, smtp, policy, context, &instance, mail_stop);
            Ok(delivery.await?)
        });
    }
    let purge_app = Arc::clone(&app);
    let purge_stop = stopped(stop_rx);
    tasks.spawn("clean-up", async move {
        let purge = async {
            loop {
                purge_app.clock.sleep(PURGE_INTERVAL).await;
                let now = purge_app.clock.now();
                if let Err(error) = purge_app.sessions.purge_expired(now).await {
                    tracing::warn!(%error, "purging sessions");
                }
                if let Err(error) = purge_app.limiter.purge_expired(now).await {
                    tracing::warn!(%error, "purging attempt windows");
                }
                let leeway = purge_app
                    .settings
                    .jwt
                    .as_ref()
                    .map_or(0, |j| j.leeway_seconds);
                if let Err(error) = purge_app.used_token_ids.purge_expired(now, leeway).await {
                    tracing::warn!(%error, "purging used token ids");
                }
                crate::http::idempotency::purge(&purge_app, now).await;
                if let Err(error) = purge_app.push.answers().purge_expired(now).await {
                    tracing::warn!(%error, "purging push answer tokens");
                }
            }
        };
        tokio::select! {
            () = purge => {}
            () = purge_stop => {}
        }
        Ok(())
    });
    Ok(Running {
        address,
        app,
        stop,
        tasks,
        grace,
    })
}

/// The administrator from the environment; with `--demo` and none set, admin / admin.
pub fn admin_from_env(demo: bool) -> Option<AdminCredentials> {
    let username = std::env::var("BATON_ADMIN_USERNAME").ok();
    let password = std::env::var("BATON_ADMIN_PASSWORD").ok();
    match (username, password) {
        (Some(username), Some(password)) if !username.is_empty() && !password.is_empty() => {
            Some(AdminCredentials { username, password })
        }
        _ if demo => {
            tracing::warn!("DEMO ONLY: web API administrator admin / admin");
            Some(AdminCredentials {
                username: "admin".into(),
                password: "admin".into(),
            })
        }
        _ => None,
    }
}

/// Runs the server as the command line asks, until Ctrl-C or SIGTERM.
pub async fn run(args: crate::cli::Args) -> Result<(), Box<dyn std::error::Error>> {
    let mut settings = Settings::load(args.config.as_deref())?;
    if args.demo && args.config.is_none() {
        settings.properties = demo_properties();
    }
    if let Some(url) = &args.smtp {
        settings.use_smtp_url(url)?;
    }
    settings
        .server
        .allowed_origins
        .extend(args.allow_origins.iter().cloned());
    let listener = TcpListener::bind(args.listen).await?;
    let running = start(Options {
        listener,
        database: args.database.clone(),
        settings,
        demo: args.demo,
        allow_demo_data: args.allow_demo_data,
        admin: admin_from_env(args.demo),
        static_dir: args.static_dir.clone(),
        clock: Clock::system(),
    })
    .await?;
    let base = format!("http://{}", running.address);
    tracing::info!(%base, database = %args.database.display(), "baton-server is listening");
    if args.demo {
        println!("Baton demo on {base}");
        if let Some(site) = &args.static_dir {
            // Only the pages the site has (the agent desk comes with the agent components).
            for (label, page) in [
                ("visitor (Vera): ", ""),
                ("PIN invitee:    ", "pin.html"),
                ("agent desk:     ", "agent.html"),
            ] {
                let file = if page.is_empty() { "index.html" } else { page };
                if site.join(file).is_file() {
                    println!("  {label} {base}/{page}");
                }
            }
        }
        println!(
            "  agents:          anna.advisor / anna, ben.assistant / ben, clara.deputy / clara, david.deputy / david, eva.parent / eva"
        );
        println!("  web API:         {base}/app/rest/v4  (admin / admin, demo only)");
        println!("  health, metrics: {base}/healthz, {base}/metrics");
    }
    let stopper = running.stopper();
    tokio::spawn(async move {
        shutdown_signal().await;
        tracing::info!("stopping");
        let _ = stopper.send(true);
    });
    running.wait().await.into_result()?;
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn session_cookies_are_secure_unless_plain_http_on_one_machine() {
        let public: SocketAddr = "0.0.0.0:443".parse().unwrap();
        let internal: SocketAddr = "10.1.2.3:8080".parse().unwrap();
        let loopback: SocketAddr = "127.0.0.1:8080".parse().unwrap();
        let loopback6: SocketAddr = "[::1]:8080".parse().unwrap();
        assert!(secure_cookies(None, public, false));
        assert!(secure_cookies(None, internal, false));
        assert!(!secure_cookies(None, loopback, false));
        assert!(!secure_cookies(None, loopback6, false));
        assert!(!secure_cookies(None, public, true), "the demo");
        assert!(
            secure_cookies(Some(true), loopback, true),
            "configured wins"
        );
        assert!(
            !secure_cookies(Some(false), public, false),
            "configured wins"
        );
    }
}
