//! The test harness: a real `baton-server` on a free loopback port with its own database,
//! and a real HTTP client. Every end-to-end test of the server goes through here.
//!
//! The database is a fresh SQLite file, or, when `BATON_TEST_POSTGRES_URL` names a
//! PostgreSQL cluster (`cargo xtask test` starts one and runs the suite a second time with
//! it), a fresh PostgreSQL database on it: the same tests prove both engines.

use std::future::Future;
use std::path::Path;
use std::time::Duration;

use baton_core::Config;
use baton_server::clock::{Clock, ManualClock};
use baton_server::database::Location;
use baton_server::http::AdminCredentials;
use baton_server::server::{Options, Running, start};
use baton_server::settings::Settings;
use baton_server::webhooks::WebhookSettings;
use reqwest::{Client, Method, RequestBuilder, Response, StatusCode};
use serde_json::Value;
pub mod process;
pub mod push_service;

/// The administrator every test server has.
pub const ADMIN: (&str, &str) = ("admin", "test-admin-password");

/// The longest any helper here waits for something to happen (a condition, a response).
pub const WAIT: Duration = Duration::from_secs(10);

/// How often [`eventually`] looks again.
const POLL: Duration = Duration::from_millis(20);

/// A running server and a client for it.
pub struct TestServer {
    /// The server.
    pub running: Option<Running>,
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    /// Where the server keeps everything.
    pub database: Location,
    /// Keeps the database folder alive.
    pub dir: tempfile::TempDir,
    /// The server's clock; kept across [`TestServer::restart`].
    pub clock: Clock,
}

/// A database of its own for one test server: on the PostgreSQL cluster
/// `BATON_TEST_POSTGRES_URL` names, a new database; else an SQLite file in `dir`.
pub async fn fresh_database(dir: &Path) -> Location {
    use sqlx::{Connection, Executor};
    let Ok(cluster) = std::env::var("BATON_TEST_POSTGRES_URL") else {
        return Location::File(dir.join("baton.db"));
    };
    let name = format!(
        "baton_test_{}",
        baton_server::secrets::uuid().replace('-', "")
    );
    let mut admin = sqlx::PgConnection::connect(&cluster)
        .await
        .expect("the test cluster answers");
    admin
        .execute(format!("CREATE DATABASE {name}").as_str())
        .await
        .expect("a test database");
    let mut url = url::Url::parse(&cluster).expect("BATON_TEST_POSTGRES_URL is a URL");
    url.set_path(&name);
    Location::Postgres(url.to_string())
}

/// `settings` with the token key file in `dir` when the database is PostgreSQL (which has no
/// file to put it beside), unless they name one.
fn with_key_beside(database: &Location, dir: &Path, mut settings: Settings) -> Settings {
    if database.file().is_none() && settings.server.token_key_file.is_none() {
        settings.server.token_key_file = Some(dir.join("token-key"));
    }
    settings
}

/// Settings with the demo's properties and the given changes.
pub fn settings(change: impl FnOnce(&mut Config)) -> Settings {
    let mut properties = baton_server::server::demo_properties();
    change(&mut properties);
    Settings {
        properties,
        // The tests' webhook receivers listen on loopback.
        webhooks: WebhookSettings {
            allow_private_networks: true,
        },
        // So are their push services.
        web_push: baton_server::push::PushSettings {
            allow_insecure_endpoints: true,
            ..Default::default()
        },
        ..Settings::default()
    }
}

impl TestServer {
    /// The demo bank with the demo configuration.
    pub async fn demo() -> Self {
        Self::with_settings(settings(|_| {})).await
    }

    /// The demo bank with these settings.
    pub async fn with_settings(settings: Settings) -> Self {
        Self::with_clock(settings, Clock::system()).await
    }

    /// The demo bank with these settings and a manual clock, which stands at the system's time
    /// until the test moves it ([`TestServer::clock`]).
    pub async fn with_manual_clock(settings: Settings) -> Self {
        Self::with_clock(settings, ManualClock::starting_now().into()).await
    }

    /// The demo bank with these settings on an SQLite file whatever the engine under test,
    /// for the tests that read the file itself.
    pub async fn on_sqlite(settings: Settings) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let database = Location::File(dir.path().join("baton.db"));
        Self::with_clock_at(dir, database, settings, Clock::system()).await
    }

    /// The SQLite file of a server started [`TestServer::on_sqlite`].
    pub fn database_file(&self) -> &Path {
        self.database.file().expect("a server started on_sqlite")
    }

    async fn with_clock(settings: Settings, clock: Clock) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let database = fresh_database(dir.path()).await;
        Self::with_clock_at(dir, database, settings, clock).await
    }

    async fn with_clock_at(
        dir: tempfile::TempDir,
        database: Location,
        settings: Settings,
        clock: Clock,
    ) -> Self {
        let running = Self::boot(&database, dir.path(), settings, &clock).await;
        let base = format!("http://{}", running.address);
        Self {
            running: Some(running),
            base,
            database,
            dir,
            clock,
        }
    }

    /// Another instance on this server's database (and token key and clock) with `settings`,
    /// as a second machine behind the same load balancer would be.
    pub async fn another_instance(&self, settings: Settings) -> TestServer {
        let running = Self::boot(&self.database, self.dir.path(), settings, &self.clock).await;
        TestServer {
            base: format!("http://{}", running.address),
            running: Some(running),
            database: self.database.clone(),
            dir: tempfile::tempdir().expect("temp dir"),
            clock: self.clock.clone(),
        }
    }

    /// The manual clock of a server started [`TestServer::with_manual_clock`].
    pub fn clock(&self) -> &ManualClock {
        self.clock
            .manual()
            .expect("a server started with_manual_clock")
    }

    async fn boot(database: &Location, dir: &Path, settings: Settings, clock: &Clock) -> Running {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        start(Options {
            listener,
            database: database.clone(),
            settings: with_key_beside(database, dir, settings),
            demo: true,
            allow_demo_data: false,
            admin: Some(AdminCredentials {
                username: ADMIN.0.into(),
                password: ADMIN.1.into(),
            }),
            static_dir: None,
            clock: clock.clone(),
        })
        .await
        .expect("server starts")
    }

    /// Stops the server (gracefully, within [`WAIT`]).
    pub async fn stop(&mut self) {
        if let Some(running) = self.running.take() {
            tokio::time::timeout(WAIT, running.stop())
                .await
                .expect("the server stops");
        }
    }

    /// Stops the server and starts a new one on the same database and clock (a restart).
    pub async fn restart(&mut self, settings: Settings) {
        self.stop().await;
        let running = Self::boot(&self.database, self.dir.path(), settings, &self.clock).await;
        self.base = format!("http://{}", running.address);
        self.running = Some(running);
    }

    /// A request as the web API administrator (HTTP Basic).
    pub fn admin(&self, method: Method, path: &str) -> RequestBuilder {
        self.anonymous(method, path)
            .basic_auth(ADMIN.0, Some(ADMIN.1))
    }

    /// A request as a demo agent with Basic credentials (password: the first name).
    pub fn agent(&self, username: &str, method: Method, path: &str) -> RequestBuilder {
        let password = baton_server::server::demo_password(username);
        self.anonymous(method, path)
            .basic_auth(username, Some(password))
    }

    /// A request without credentials.
    pub fn anonymous(&self, method: Method, path: &str) -> RequestBuilder {
        client().request(method, format!("{}{path}", self.base))
    }

    /// The application inside the server, for checks the API does not expose.
    pub fn app(&self) -> &baton_server::http::App {
        &self.running.as_ref().expect("running").app
    }
}

/// An HTTP client that gives up on a server that does not answer: a test fails instead of
/// hanging. Only reads are timed, so an event stream stays open while the server writes
/// (events or keep-alives).
pub fn client() -> Client {
    Client::builder()
        .connect_timeout(WAIT)
        .read_timeout(WAIT * 3)
        .build()
        .expect("HTTP client")
}

/// Waits until `check` answers `Some`, looking again every few milliseconds; panics with
/// `what` if that takes longer than [`WAIT`].
pub async fn eventually<T, F, Fut>(what: &str, check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    within(WAIT, check)
        .await
        .unwrap_or_else(|| panic!("waited {WAIT:?} in vain for {what}"))
}

/// What `check` answers once it answers `Some`, asked again every few milliseconds; `None`
/// if that takes longer than `wait`.
pub async fn within<T, F, Fut>(wait: Duration, mut check: F) -> Option<T>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    let deadline = tokio::time::Instant::now() + wait;
    loop {
        if let Some(found) = check().await {
            return Some(found);
        }
        if tokio::time::Instant::now() >= deadline {
            return None;
        }
        tokio::time::sleep(POLL).await;
    }
}

/// The response's JSON body, with its status.
pub async fn json(response: Response) -> (StatusCode, Value) {
    let status = response.status();
    let body = response.json::<Value>().await.unwrap_or(Value::Null);
    (status, body)
}

/// Asserts an Unblu error body with this status and Baton error code.
pub async fn assert_error(response: Response, status: u16, code: &str) -> Value {
    let (actual, body) = json(response).await;
    assert_eq!(actual.as_u16(), status, "body: {body}");
    assert_eq!(body["$_type"], "Error", "body: {body}");
    assert_eq!(body["statusCode"], status, "body: {body}");
    assert_eq!(body["errorCode"], code, "body: {body}");
    body
}

/// A browser session of one person: the session cookie and its CSRF token. Sessions are made
/// directly in the session store, so tests of other endpoints do not depend on sign-in.
pub struct SessionClient {
    base: String,
    token: String,
    csrf: String,
}

impl TestServer {
    /// Signs `person` (a visitor or an agent) in and returns a client for their session.
    pub async fn session(&self, person: &str) -> SessionClient {
        let session = self
            .app()
            .sessions
            .create(&person.into(), self.app().clock.now())
            .await
            .expect("session");
        SessionClient {
            base: self.base.clone(),
            token: session.token,
            csrf: session.csrf_token,
        }
    }
}

impl SessionClient {
    /// A request with the session cookie and the CSRF header.
    pub fn request(&self, method: Method, path: &str) -> RequestBuilder {
        self.without_csrf(method, path)
            .header(baton_server::http::caller::CSRF_HEADER, &self.csrf)
    }

    /// A request with the session cookie only, as a cross-site form would send it.
    pub fn without_csrf(&self, method: Method, path: &str) -> RequestBuilder {
        client()
            .request(method, format!("{}{path}", self.base))
            .header(
                reqwest::header::COOKIE,
                format!(
                    "{}={}",
                    baton_server::http::caller::SESSION_COOKIE,
                    self.token
                ),
            )
    }
}

/// Registers, through the domain, the organisation `account` (no relation to the demo bank)
/// with one agent `username` whose password is the part before the first dot, as for the
/// demo agents, so that `server.agent(username, ..)` works for them too.
pub async fn agent_of_other_organisation(server: &TestServer, account: &str, username: &str) {
    use baton_core::directory::{
        AuthorizationRole, NotificationChannels, Person, PersonType, PresenceState,
    };
    use baton_core::{Actor, Command};
    let app = server.app();
    app.execute(
        &Actor::Admin,
        Command::CreateAccount {
            id: account.into(),
            name: account.to_owned(),
            parent: None,
        },
    )
    .await
    .expect("account");
    app.execute(
        &Actor::Admin,
        Command::RegisterPerson {
            person: Person {
                id: username.into(),
                person_type: PersonType::Agent,
                account: account.into(),
                team: None,
                display_name: username.to_owned(),
                username: Some(username.to_owned()),
                email: None,
                presence: PresenceState::Online,
                role: AuthorizationRole::Supervisor,
                notifications: NotificationChannels::ALL,
            },
        },
    )
    .await
    .expect("agent");
    app.credentials
        .set(
            &username.into(),
            username,
            baton_server::server::demo_password(username),
        )
        .await
        .expect("password");
}

/// The number of events in the log: unchanged after a refused request.
pub async fn head(server: &TestServer) -> u64 {
    server.app().runtime.store().head().await.expect("head")
}

/// Sends a request that must be refused with Unblu's error body (`status`, `code`) and must
/// change nothing; returns the error body.
pub async fn refused(
    server: &TestServer,
    request: RequestBuilder,
    status: u16,
    code: &str,
) -> Value {
    let before = head(server).await;
    let body = assert_error(request.send().await.expect("send"), status, code).await;
    assert_eq!(
        head(server).await,
        before,
        "a refused request changed the log: {body}"
    );
    body
}

/// Sends the request and returns its JSON body, which must come with 200.
pub async fn ok(request: RequestBuilder) -> Value {
    let (status, body) = json(request.send().await.expect("send")).await;
    assert_eq!(status, 200, "body: {body}");
    body
}

/// The `id`s of a search result's `items`.
pub fn item_ids(result: &Value) -> Vec<String> {
    result["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|item| item["id"].as_str().expect("id").to_owned())
        .collect()
}

/// A server without the demo: nothing seeded, no demo-only endpoints, `[jwt]` only if
/// `settings` has it, the system clock. Note that [`TestServer::restart`] starts a demo server.
pub async fn without_demo(settings: Settings) -> TestServer {
    let dir = tempfile::tempdir().expect("temp dir");
    let database = fresh_database(dir.path()).await;
    let settings = with_key_beside(&database, dir.path(), settings);
    serving(dir, database, settings, false, None).await
}

/// A server on `database` (its files in `dir`) with `settings`, the demo if `demo`, the
/// `static_dir` folder at `/` if any, and the system clock.
pub async fn serving(
    dir: tempfile::TempDir,
    database: Location,
    settings: Settings,
    demo: bool,
    static_dir: Option<std::path::PathBuf>,
) -> TestServer {
    let clock = Clock::system();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let running = start(Options {
        listener,
        database: database.clone(),
        settings,
        demo,
        allow_demo_data: false,
        admin: Some(AdminCredentials {
            username: ADMIN.0.into(),
            password: ADMIN.1.into(),
        }),
        static_dir,
        clock: clock.clone(),
    })
    .await
    .expect("server starts");
    TestServer {
        base: format!("http://{}", running.address),
        running: Some(running),
        database,
        dir,
        clock,
    }
}

/// A browser's session: the `baton_session` cookie's token and the CSRF token to echo.
#[derive(Clone, Debug)]
pub struct CookieSession {
    /// The `baton_session` cookie's value.
    pub token: String,
    /// The `X-CSRF-Token` value.
    pub csrf: String,
}

impl CookieSession {
    /// The session a sign-in response set (its `Set-Cookie` and `X-CSRF-Token` headers).
    pub fn from_response(response: &Response) -> Self {
        let csrf = response
            .headers()
            .get("x-csrf-token")
            .expect("X-CSRF-Token")
            .to_str()
            .unwrap();
        Self::from_set_cookie(&set_cookie(response), csrf)
    }

    /// The session named in a `Set-Cookie` value, with its CSRF token.
    pub fn from_set_cookie(set_cookie: &str, csrf: &str) -> Self {
        let token = set_cookie
            .split(';')
            .next()
            .and_then(|pair| pair.trim().strip_prefix("baton_session="))
            .expect("a baton_session cookie");
        Self {
            token: token.to_owned(),
            csrf: csrf.to_owned(),
        }
    }
}

impl TestServer {
    /// Signs in with `authenticator/login` (password: [`baton_server::server::demo_password`]
    /// for demo agents).
    pub async fn login(&self, username: &str, password: &str) -> CookieSession {
        let response = self
            .anonymous(Method::POST, "/app/rest/v4/authenticator/login")
            .json(&serde_json::json!({"username": username, "password": password}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK, "login of {username}");
        CookieSession::from_response(&response)
    }

    /// Signs `person` in directly, as a sign-in endpoint would, and returns the session.
    pub async fn session_for(&self, person: &str) -> CookieSession {
        let session = self
            .app()
            .sessions
            .create(&person.into(), self.app().clock.now())
            .await
            .unwrap();
        CookieSession {
            token: session.token,
            csrf: session.csrf_token,
        }
    }

    /// A request with the session cookie but without the CSRF header.
    pub fn with_cookie(
        &self,
        session: &CookieSession,
        method: Method,
        path: &str,
    ) -> RequestBuilder {
        self.anonymous(method, path)
            .header("cookie", format!("baton_session={}", session.token))
    }

    /// A request with the session cookie and its CSRF header, as the SDK sends it.
    pub fn with_session(
        &self,
        session: &CookieSession,
        method: Method,
        path: &str,
    ) -> RequestBuilder {
        self.with_cookie(session, method, path)
            .header("x-csrf-token", &session.csrf)
    }
}

/// Sends every request, asserts each Unblu error body (status, code), and asserts that the
/// event log did not move.
pub async fn assert_all_refused(server: &TestServer, cases: Vec<(RequestBuilder, u16, &str)>) {
    let before = head(server).await;
    for (request, status, code) in cases {
        assert_error(request.send().await.unwrap(), status, code).await;
    }
    assert_eq!(
        head(server).await,
        before,
        "a refused request changed the log"
    );
}

/// The `Set-Cookie` header of a response.
pub fn set_cookie(response: &Response) -> String {
    response
        .headers()
        .get("set-cookie")
        .expect("Set-Cookie")
        .to_str()
        .unwrap()
        .to_owned()
}

impl TestServer {
    /// `GET /baton/v1/session` with the session cookie.
    pub async fn session_view(&self, session: &CookieSession) -> (StatusCode, Value) {
        json(
            self.with_cookie(session, Method::GET, "/baton/v1/session")
                .send()
                .await
                .unwrap(),
        )
        .await
    }

    /// Signs a customer in as the demo bank's website does: a token from `/demo/bank/token`,
    /// posted to `authenticator/loginWithSecureToken`.
    pub async fn demo_visitor_session(&self, username: &str) -> CookieSession {
        let minted = ok(self
            .anonymous(Method::POST, "/demo/bank/token")
            .json(&serde_json::json!({"username": username})))
        .await;
        let response = self
            .anonymous(
                Method::POST,
                "/app/rest/v4/authenticator/loginWithSecureToken",
            )
            .json(&minted)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::NO_CONTENT);
        CookieSession::from_response(&response)
    }
}

/// One Server-Sent Event as a client parses it.
#[derive(Clone, Debug, PartialEq)]
pub struct SseFrame {
    /// `id:`.
    pub id: Option<String>,
    /// `event:`.
    pub event: Option<String>,
    /// `data:` (joined lines).
    pub data: String,
}

impl SseFrame {
    /// The id as a log position.
    pub fn seq(&self) -> u64 {
        self.id.as_deref().unwrap().parse().unwrap()
    }

    /// The data as JSON.
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.data).unwrap()
    }
}

/// Reads Server-Sent Events from a streaming response, frame by frame.
pub struct SseReader {
    response: Response,
    buffer: String,
}

impl SseReader {
    /// Opens the stream with `request`; panics unless it answers 200 `text/event-stream`.
    pub async fn open(request: RequestBuilder) -> Self {
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), 200);
        Self::from_stream(response)
    }

    /// Opens the stream with `request`; `None` when no server answers it with 200 (a client
    /// that then tries elsewhere).
    pub async fn try_open(request: RequestBuilder) -> Option<Self> {
        match request.send().await {
            Ok(response) if response.status() == 200 => Some(Self::from_stream(response)),
            _ => None,
        }
    }

    fn from_stream(response: Response) -> Self {
        let content_type = response.headers()["content-type"].to_str().unwrap();
        assert!(
            content_type.starts_with("text/event-stream"),
            "{content_type}"
        );
        Self {
            response,
            buffer: String::new(),
        }
    }

    /// The next event (keep-alive comments skipped), or `None` if none comes within `wait`.
    pub async fn next(&mut self, wait: std::time::Duration) -> Option<SseFrame> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            while let Some(end) = self.buffer.find("\n\n") {
                let block: String = self.buffer.drain(..end + 2).collect();
                let mut frame = SseFrame {
                    id: None,
                    event: None,
                    data: String::new(),
                };
                let mut has_data = false;
                for line in block.lines() {
                    if let Some(v) = line.strip_prefix("id:") {
                        frame.id = Some(v.trim_start().to_owned());
                    } else if let Some(v) = line.strip_prefix("event:") {
                        frame.event = Some(v.trim_start().to_owned());
                    } else if let Some(v) = line.strip_prefix("data:") {
                        if has_data {
                            frame.data.push('\n');
                        }
                        frame.data.push_str(v.strip_prefix(' ').unwrap_or(v));
                        has_data = true;
                    }
                }
                if has_data {
                    return Some(frame);
                }
            }
            let chunk = tokio::time::timeout_at(deadline, self.response.chunk()).await;
            match chunk {
                Ok(Ok(Some(bytes))) => self.buffer.push_str(&String::from_utf8_lossy(&bytes)),
                _ => return None,
            }
        }
    }

    /// Events until one satisfies `last` (included); panics if it does not come in `wait`.
    pub async fn until(
        &mut self,
        wait: std::time::Duration,
        last: impl Fn(&SseFrame) -> bool,
    ) -> Vec<SseFrame> {
        let mut frames = Vec::new();
        loop {
            let frame = self
                .next(wait)
                .await
                .unwrap_or_else(|| panic!("the expected event did not come; got {frames:#?}"));
            let done = last(&frame);
            frames.push(frame);
            if done {
                return frames;
            }
        }
    }
}

/// A request a webhook receiver got: headers (lower-case names) and the exact body.
#[derive(Clone, Debug)]
pub struct ReceivedWebhook {
    /// Header name to value.
    pub headers: std::collections::HashMap<String, String>,
    /// The body bytes as text.
    pub body: String,
}

impl ReceivedWebhook {
    /// The body as JSON.
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap()
    }

    /// The `X-Unblu-Event` header.
    pub fn event(&self) -> &str {
        &self.headers["x-unblu-event"]
    }
}

/// An HTTP receiver on 127.0.0.1 that answers 200 and records every webhook, except those
/// it was told to refuse ([`WebhookReceiver::refuse_next`]).
pub struct WebhookReceiver {
    /// Where it listens.
    pub url: String,
    received: std::sync::Arc<std::sync::Mutex<Vec<ReceivedWebhook>>>,
    /// Webhooks still to refuse, and refused so far.
    refusals: std::sync::Arc<(
        std::sync::atomic::AtomicUsize,
        std::sync::atomic::AtomicUsize,
    )>,
}

impl WebhookReceiver {
    /// Starts the receiver.
    pub async fn start() -> Self {
        use axum::body::Bytes;
        use axum::http::{HeaderMap, StatusCode};
        use std::sync::atomic::{AtomicUsize, Ordering};
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/hook", listener.local_addr().unwrap());
        let received = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let refusals: std::sync::Arc<(AtomicUsize, AtomicUsize)> = std::sync::Arc::default();
        let sink = std::sync::Arc::clone(&received);
        let refusing = std::sync::Arc::clone(&refusals);
        let app = axum::Router::new().route(
            "/hook",
            axum::routing::post(move |headers: HeaderMap, body: Bytes| {
                let sink = std::sync::Arc::clone(&sink);
                let refusing = std::sync::Arc::clone(&refusing);
                async move {
                    let (to_refuse, refused) = &*refusing;
                    let refuse = to_refuse
                        .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
                        .is_ok();
                    if refuse {
                        refused.fetch_add(1, Ordering::SeqCst);
                        return StatusCode::SERVICE_UNAVAILABLE;
                    }
                    let headers = headers
                        .iter()
                        .map(|(k, v)| (k.as_str().to_owned(), v.to_str().unwrap().to_owned()))
                        .collect();
                    let body = String::from_utf8(body.to_vec()).unwrap();
                    sink.lock().unwrap().push(ReceivedWebhook { headers, body });
                    StatusCode::OK
                }
            }),
        );
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Self {
            url,
            received,
            refusals,
        }
    }

    /// Answers the next `count` webhooks 503, without recording them.
    pub fn refuse_next(&self, count: usize) {
        self.refusals
            .0
            .store(count, std::sync::atomic::Ordering::SeqCst);
    }

    /// How many webhooks it refused so far.
    pub fn refused(&self) -> usize {
        self.refusals.1.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// Everything received (and answered 200) so far.
    pub fn received(&self) -> Vec<ReceivedWebhook> {
        self.received.lock().unwrap().clone()
    }

    /// Waits up to `wait` for a webhook that satisfies `matches`.
    pub async fn wait_for(
        &self,
        wait: std::time::Duration,
        matches: impl Fn(&ReceivedWebhook) -> bool,
    ) -> ReceivedWebhook {
        let found = within(wait, || async {
            self.received().into_iter().find(|w| matches(w))
        })
        .await;
        found.unwrap_or_else(|| panic!("no such webhook; received {:#?}", self.received()))
    }
}

/// Waits until the webhook feed has handled everything recorded so far.
pub async fn feed_caught_up(server: &TestServer) {
    let pool = server.app().runtime.store().pool().clone();
    eventually("the webhook feed to catch up", || async {
        let checkpoint = baton_server::webhook_feed::checkpoint(&pool).await.unwrap();
        (checkpoint >= head(server).await).then_some(())
    })
    .await;
}

/// Waits until every webhook of what was recorded so far is delivered or given up: the feed
/// caught up and no delivery is pending. Whatever would be sent twice has been sent by then.
pub async fn deliveries_settled(server: &TestServer) {
    use baton_server::outbox::DeliveryState;
    feed_caught_up(server).await;
    eventually("every webhook delivery to settle", || async {
        let counts = server.app().webhooks.counts().await.unwrap();
        (!counts
            .iter()
            .any(|(state, n)| *state == DeliveryState::Pending && *n > 0))
        .then_some(())
    })
    .await;
}

/// Registers a webhook for `events` to `url` directly in the server, with `secret`, once the
/// webhook feed has handled everything recorded so far (the demo seeding), so the receiver
/// gets only what happens from now on.
pub async fn register_webhook(server: &TestServer, url: &str, secret: &str, events: &[&str]) {
    feed_caught_up(server).await;
    server
        .app()
        .webhooks
        .create(
            baton_server::webhooks::NewWebhook {
                name: format!("test-{}", baton_server::secrets::id("hook")),
                endpoint: url.to_owned(),
                secret: Some(secret.to_owned()),
                events: events.iter().map(|e| (*e).to_owned()).collect(),
                active: true,
            },
            server.app().clock.now(),
        )
        .await
        .unwrap();
}

/// Registers a person in `account`; an agent also gets the demo password (the first part of
/// the id), so `server.agent(id, ..)` works.
pub async fn add_person(
    server: &TestServer,
    id: &str,
    person_type: baton_core::directory::PersonType,
    account: &str,
) {
    use baton_core::directory::{
        AuthorizationRole, NotificationChannels, Person, PersonType, PresenceState,
    };
    let agent = person_type == PersonType::Agent;
    let person = Person {
        id: id.into(),
        person_type,
        account: account.into(),
        team: None,
        display_name: id.to_owned(),
        username: Some(id.to_owned()),
        email: None,
        presence: PresenceState::Online,
        role: if agent {
            AuthorizationRole::RegisteredUser
        } else {
            AuthorizationRole::Webuser
        },
        notifications: NotificationChannels::ALL,
    };
    server
        .app()
        .execute(
            &baton_core::Actor::Admin,
            baton_core::Command::RegisterPerson { person },
        )
        .await
        .unwrap();
    if agent {
        let password = baton_server::server::demo_password(id);
        server
            .app()
            .credentials
            .set(&id.into(), id, password)
            .await
            .unwrap();
    }
}

/// An unrelated bank with one agent, `oscar.other` (password `oscar`).
pub async fn add_other_bank(server: &TestServer) -> &'static str {
    server
        .app()
        .execute(
            &baton_core::Actor::Admin,
            baton_core::Command::CreateAccount {
                id: "other-bank".into(),
                name: "Other Bank".into(),
                parent: None,
            },
        )
        .await
        .unwrap();
    add_person(
        server,
        "oscar.other",
        baton_core::directory::PersonType::Agent,
        "other-bank",
    )
    .await;
    "oscar.other"
}

/// A body over the server's size limit.
pub fn oversized_json() -> String {
    format!("{{\"text\":\"{}\"}}", "x".repeat(80 * 1024))
}

/// Runs a command through the server's domain (for set-up the HTTP API does not offer here).
pub async fn execute(
    server: &TestServer,
    actor: baton_core::Actor,
    command: baton_core::Command,
) -> Vec<std::sync::Arc<baton_server::store::Recorded>> {
    server.app().execute(&actor, command).await.unwrap()
}

/// Sends a request; panics only if it cannot be sent at all.
pub async fn send(request: RequestBuilder) -> Response {
    request.send().await.unwrap()
}

/// An SMTP server on loopback that accepts every mail and hands each message's text on.
pub async fn smtp_receiver() -> (u16, tokio::sync::mpsc::UnboundedReceiver<String>) {
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let port = listener.local_addr().expect("address").port();
    let (mails, received) = tokio::sync::mpsc::unbounded_channel();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let mails = mails.clone();
            tokio::spawn(async move {
                let (read, mut write) = stream.into_split();
                let mut lines = BufReader::new(read).lines();
                let _ = write.write_all(b"220 test ESMTP\r\n").await;
                while let Ok(Some(line)) = lines.next_line().await {
                    let reply: &[u8] = match line.to_ascii_uppercase().as_str() {
                        "DATA" => {
                            let _ = write.write_all(b"354 go ahead\r\n").await;
                            let mut text = String::new();
                            while let Ok(Some(data)) = lines.next_line().await {
                                if data == "." {
                                    break;
                                }
                                text.push_str(&data);
                                text.push('\n');
                            }
                            let _ = mails.send(text);
                            b"250 queued\r\n"
                        }
                        "QUIT" => {
                            let _ = write.write_all(b"221 bye\r\n").await;
                            return;
                        }
                        _ => b"250 OK\r\n",
                    };
                    let _ = write.write_all(reply).await;
                }
            });
        }
    });
    (port, received)
}
