//! The real `baton-server` binary as a child process (`--demo`, a TOML config, an SQLite file),
//! killed with SIGKILL so that no shutdown code runs, and condition waits with a deadline.
//! Tests that must survive a crash (`durability.rs`, `faults.rs`) use it, on an SQLite file or
//! PostgreSQL; everything else runs the server in-process through `TestServer`.

use std::ffi::{OsStr, OsString};
use std::future::Future;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use baton_server::database::Location;
use reqwest::{Client, Method, RequestBuilder, StatusCode};
use tokio::time::Instant;

use super::ADMIN;

/// How often a condition wait looks again.
const POLL: Duration = Duration::from_millis(25);

/// Polls `probe` until it yields a value and returns it; panics naming `what` if none comes
/// before `timeout`. The sleep between two looks is the only one tests need.
pub async fn eventually<T, F, Fut>(what: &str, timeout: Duration, mut probe: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(found) = probe().await {
            return found;
        }
        assert!(
            Instant::now() < deadline,
            "{what}: not so after {timeout:?}"
        );
        tokio::time::sleep(POLL).await;
    }
}

/// An HTTP client whose every request gives up after 30 s, so no test hangs on a dead server.
pub fn client() -> Client {
    Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .expect("an HTTP client")
}

/// A `baton-server --demo` child process on a loopback port.
pub struct Process {
    child: Child,
    /// `http://127.0.0.1:PORT`.
    pub base: String,
}

/// A loopback port nobody listens on right now.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// Starts the binary on a free port and waits until `/healthz` answers.
pub async fn spawn(database: &Path, config: &Path) -> Process {
    spawn_on(free_port(), database, config).await
}

/// What `--database` says for `location`: the SQLite file's path or the PostgreSQL URL.
pub fn database_argument(location: &Location) -> OsString {
    match location {
        Location::File(path) => path.clone().into_os_string(),
        Location::Postgres(url) => url.into(),
    }
}

/// Starts the binary on `port` (again after a kill, so clients keep their address) over
/// `database` (a file path or a PostgreSQL URL) and waits until `/healthz` answers.
pub async fn spawn_on(port: u16, database: impl AsRef<OsStr>, config: &Path) -> Process {
    let mut child = Command::new(env!("CARGO_BIN_EXE_baton-server"))
        .args(["--demo", "--listen", &format!("127.0.0.1:{port}")])
        .arg("--database")
        .arg(database)
        .arg("--config")
        .arg(config)
        .env("BATON_ADMIN_USERNAME", ADMIN.0)
        .env("BATON_ADMIN_PASSWORD", ADMIN.1)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("baton-server starts");
    let base = format!("http://127.0.0.1:{port}");
    let client = client();
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if let Ok(r) = client.get(format!("{base}/healthz")).send().await
            && r.status() == StatusCode::OK
        {
            return Process { child, base };
        }
        if let Ok(Some(status)) = child.try_wait() {
            panic!("baton-server exited before it was healthy: {status}");
        }
        tokio::time::sleep(POLL).await;
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("baton-server did not become healthy");
}

impl Process {
    /// A request as the web API administrator (HTTP Basic).
    pub fn admin(&self, method: Method, path: &str) -> RequestBuilder {
        client()
            .request(method, format!("{}{path}", self.base))
            .basic_auth(ADMIN.0, Some(ADMIN.1))
    }

    /// SIGKILL: no shutdown code runs.
    pub fn kill(mut self) {
        self.child.kill().expect("SIGKILL");
        self.child.wait().expect("reaped");
    }
}

impl Drop for Process {
    /// A test that fails half-way leaves no server behind.
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
