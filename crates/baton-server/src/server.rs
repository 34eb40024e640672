//! Starting and stopping the server: open the log, rebuild the state, seed the demo, build the
//! `App`, start the background loops (delegation scheduler, webhook and mail delivery,
//! clean-up) and serve HTTP until asked to stop, then drain gracefully.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use baton_core::{Config, demo};
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinSet;

use crate::auth::credentials::CredentialStore;
use crate::auth::jwt::{JwtSettings, JwtVerifier};
use crate::auth::session::SessionStore;
use crate::http::{AdminCredentials, App, router};
use crate::limits::PinAttemptLimiter;
use crate::mail::{Mailer, run_mail_delivery};
use crate::metrics::Metrics;
use crate::runtime::Runtime;
use crate::settings::Settings;
use crate::store::EventStore;
use crate::webhooks::{Webhooks, run_webhook_delivery};
use crate::{clock, scheduler, secrets, webhook_feed};

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
    /// The SQLite database file.
    pub database: PathBuf,
    /// The settings.
    pub settings: Settings,
    /// Seed the demo bank and enable the demo-only endpoints.
    pub demo: bool,
    /// The web API administrator.
    pub admin: Option<AdminCredentials>,
    /// Folder served at `/`.
    pub static_dir: Option<PathBuf>,
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
    /// The JWT settings cannot be used.
    #[error("[jwt]: {0}")]
    Jwt(#[from] crate::auth::jwt::JwtError),
    /// The listener has no address.
    #[error("listener: {0}")]
    Listener(#[from] std::io::Error),
}

/// A running server.
pub struct Running {
    /// Where it listens.
    pub address: SocketAddr,
    /// The application (for tests and in-process tools).
    pub app: Arc<App>,
    stop: watch::Sender<bool>,
    tasks: JoinSet<()>,
}

impl Running {
    /// Stops accepting, lets requests in flight finish, stops the background loops.
    pub async fn stop(mut self) {
        let _ = self.stop.send(true);
        while self.tasks.join_next().await.is_some() {}
    }

    /// Waits until the server stops by itself (it does not, unless a task fails).
    pub async fn wait(mut self) {
        self.tasks.join_next().await;
        self.stop().await;
    }

    /// A clone of the stop signal, to stop the server from elsewhere (Ctrl-C).
    pub fn stopper(&self) -> watch::Sender<bool> {
        self.stop.clone()
    }
}

/// Resolves once `stop` turns true.
pub async fn stopped(mut stop: watch::Receiver<bool>) {
    while !*stop.borrow_and_update() {
        if stop.changed().await.is_err() {
            return;
        }
    }
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

async fn seed_demo(runtime: &Runtime, credentials: &CredentialStore) -> Result<(), StartError> {
    let seeded = runtime.read(|s| s.directory.accounts.contains_key(&demo::ACCOUNT.into()));
    if !seeded {
        for (actor, command) in demo::commands() {
            runtime
                .execute(&actor, command, clock::now())
                .await
                .map_err(|e| StartError::Demo(e.to_string()))?;
        }
        tracing::info!("seeded the demo bank");
    }
    for agent in [demo::ANNA, demo::BEN, demo::CLARA, demo::DAVID, demo::EVA] {
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

/// Opens everything and starts serving on `options.listener`.
pub async fn start(options: Options) -> Result<Running, StartError> {
    let Options {
        listener,
        database,
        mut settings,
        demo,
        admin,
        static_dir,
    } = options;
    let address = listener.local_addr()?;
    let store = EventStore::open(&database).await?;
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
        });
    }
    let runtime = Arc::new(Runtime::start(store, settings.properties.clone()).await?);
    let credentials = CredentialStore::new(pool.clone());
    if demo {
        seed_demo(&runtime, &credentials).await?;
    }
    let jwt = settings.jwt.as_ref().map(JwtVerifier::new).transpose()?;
    let public_url = settings
        .server
        .public_url
        .clone()
        .unwrap_or_else(|| format!("http://{address}"));
    let (stop, stop_rx) = watch::channel(false);
    let app = Arc::new(App {
        runtime: Arc::clone(&runtime),
        credentials,
        sessions: SessionStore::new(pool.clone(), settings.sessions.clone()),
        jwt,
        limiter: PinAttemptLimiter::new(pool.clone(), settings.limits.clone()),
        mailer: Mailer::new(pool.clone()),
        webhooks: Webhooks::new(pool.clone()),
        metrics: Arc::new(Metrics::default()),
        admin,
        basic_cache: Default::default(),
        demo,
        public_url,
        settings,
        shutdown: stop_rx.clone(),
    });
    let mut tasks = JoinSet::new();

    let http = router(Arc::clone(&app), static_dir.as_deref());
    let shutdown = stopped(stop_rx.clone());
    tasks.spawn(async move {
        let service = http.into_make_service_with_connect_info::<SocketAddr>();
        if let Err(error) = axum::serve(listener, service)
            .with_graceful_shutdown(shutdown)
            .await
        {
            tracing::error!(%error, "HTTP server failed");
        }
    });
    tasks.spawn(scheduler::run(Arc::clone(&app), stopped(stop_rx.clone())));
    tasks.spawn(webhook_feed::run(
        Arc::clone(&app),
        stopped(stop_rx.clone()),
    ));
    let webhook_pool = pool.clone();
    let webhook_stop = stopped(stop_rx.clone());
    tasks.spawn(async move {
        if let Err(error) = run_webhook_delivery(webhook_pool, webhook_stop).await {
            tracing::error!(%error, "webhook delivery cannot run");
        }
    });
    if let Some(smtp) = app.settings.smtp.clone() {
        let mail_pool = pool.clone();
        let mail_stop = stopped(stop_rx.clone());
        tasks.spawn(async move {
            if let Err(error) = run_mail_delivery(mail_pool, smtp, mail_stop).await {
                tracing::error!(%error, "mail delivery cannot run");
            }
        });
    }
    let purge_app = Arc::clone(&app);
    let purge_stop = stopped(stop_rx);
    tasks.spawn(async move {
        let purge = async {
            loop {
                tokio::time::sleep(PURGE_INTERVAL).await;
                let now = clock::now();
                if let Err(error) = purge_app.sessions.purge_expired(now).await {
                    tracing::warn!(%error, "purging sessions");
                }
                if let Err(error) = purge_app.limiter.purge_expired(now).await {
                    tracing::warn!(%error, "purging attempt windows");
                }
                crate::http::idempotency::purge(&purge_app, now).await;
            }
        };
        tokio::select! {
            () = purge => {}
            () = purge_stop => {}
        }
    });
    Ok(Running {
        address,
        app,
        stop,
        tasks,
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
        admin: admin_from_env(args.demo),
        static_dir: args.static_dir.clone(),
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
    running.wait().await;
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
