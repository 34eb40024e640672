//! The test harness: a real `baton-server` on a free loopback port with its own SQLite file,
//! and a real HTTP client. Every end-to-end test of the server goes through here.
// Each test binary uses a different part of the harness; a harness failure is a test failure.
#![allow(dead_code, clippy::expect_used, clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use baton_core::Config;
use baton_server::http::AdminCredentials;
use baton_server::server::{Options, Running, start};
use baton_server::settings::Settings;
use reqwest::{Client, Method, RequestBuilder, Response, StatusCode};
use serde_json::Value;

/// The administrator every test server has.
pub const ADMIN: (&str, &str) = ("admin", "test-admin-password");

/// A running server and a client for it.
pub struct TestServer {
    /// The server.
    pub running: Option<Running>,
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    /// The database file.
    pub database: PathBuf,
    /// Keeps the database folder alive.
    pub dir: tempfile::TempDir,
}

/// Settings with the demo's properties and the given changes.
pub fn settings(change: impl FnOnce(&mut Config)) -> Settings {
    let mut properties = baton_server::server::demo_properties();
    change(&mut properties);
    Settings {
        properties,
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
        let dir = tempfile::tempdir().expect("temp dir");
        let database = dir.path().join("baton.db");
        let running = Self::boot(&database, settings).await;
        let base = format!("http://{}", running.address);
        Self {
            running: Some(running),
            base,
            database,
            dir,
        }
    }

    async fn boot(database: &Path, settings: Settings) -> Running {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        start(Options {
            listener,
            database: database.to_path_buf(),
            settings,
            demo: true,
            admin: Some(AdminCredentials {
                username: ADMIN.0.into(),
                password: ADMIN.1.into(),
            }),
            static_dir: None,
        })
        .await
        .expect("server starts")
    }

    /// Stops the server and starts a new one on the same database (a restart).
    pub async fn restart(&mut self, settings: Settings) {
        if let Some(running) = self.running.take() {
            running.stop().await;
        }
        let running = Self::boot(&self.database, settings).await;
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
        Client::new().request(method, format!("{}{path}", self.base))
    }

    /// The application inside the server, for checks the API does not expose.
    pub fn app(&self) -> &baton_server::http::App {
        &self.running.as_ref().expect("running").app
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
