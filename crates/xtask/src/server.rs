//! The processes the browser test layers run against: a `baton-server` with the demo bank on
//! a free loopback port, a fresh database and a random admin password ([`TestServer`], with
//! [`Options`] for CORS, a static site, an SMTP server, a configuration file, a PostgreSQL
//! database several instances share, and the release build the benches time), and the e2e layer's mail receiver
//! ([`SmtpReceiver`], a node script). Each stops when dropped, so a failing step never leaves
//! one running.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::cmd::Cmd;
use crate::error::Error;

/// How long a started process may take to answer.
const READY_WITHIN: Duration = Duration::from_secs(60);

/// What a [`TestServer`] gets besides the demo bank.
#[derive(Debug, Default)]
pub struct Options {
    /// An origin whose pages may call the API (`--allow-origin`), e.g. the wasm test page's.
    pub allowed_origin: Option<String>,
    /// A folder served at `/` under the strict CSP (`--static`).
    pub static_dir: Option<PathBuf>,
    /// Where e-mails go (`--smtp`); without it they wait in the outbox.
    pub smtp: Option<String>,
    /// A configuration file (`--config`), e.g. the e2e layer's short timers. The server then
    /// applies none of the demo's own properties: the file must set what it needs.
    pub config: Option<PathBuf>,
    /// A PostgreSQL URL (`--database`) that other instances share; without it, a fresh SQLite
    /// file of the server's own.
    pub postgres: Option<String>,
    /// The web API administrator's password, the same on every instance of one database;
    /// without it, a fresh one.
    pub admin_password: Option<String>,
    /// Runs the release build (`cargo build --release`), as the benches do so that their
    /// figures are those of the server a bank deploys; without it, the debug build the tests
    /// share (quicker to build).
    pub release: bool,
}

/// A running demo server.
pub struct TestServer {
    child: Child,
    /// `http://127.0.0.1:<port>`.
    pub url: String,
    /// The web API administrator's password (user `admin`).
    pub admin_password: String,
    /// The SQLite file, removed with the server; `None` on PostgreSQL.
    database: Option<PathBuf>,
}

/// A loopback port nobody listens on right now.
pub fn free_port() -> Result<u16, Error> {
    let listener =
        TcpListener::bind("127.0.0.1:0").map_err(|e| Error::io("finding a free port", e))?;
    listener
        .local_addr()
        .map(|a| a.port())
        .map_err(|e| Error::io("finding a free port", e))
}

impl TestServer {
    /// Builds `baton-server` (the profile [`Options::release`] picks) and starts the demo with
    /// `options`.
    pub fn start(root: &Path, options: &Options) -> Result<Self, Error> {
        let (build, binary) = build_and_binary(options.release);
        Cmd::cargo(build).dir(root).run()?;
        let port = free_port()?;
        let folder = root.join("target/browser-tests");
        std::fs::create_dir_all(&folder)
            .map_err(|e| Error::io(format!("creating {}", folder.display()), e))?;
        let database = match &options.postgres {
            Some(_) => None,
            None => {
                let file = folder.join(format!("baton-{port}.db"));
                remove_database(&file);
                Some(file)
            }
        };
        let admin_password = options
            .admin_password
            .clone()
            .unwrap_or_else(|| format!("admin-{}-{port}", nanos()));
        let url = format!("http://127.0.0.1:{port}");
        let mut args = vec![
            "--demo".to_owned(),
            "--listen".to_owned(),
            format!("127.0.0.1:{port}"),
        ];
        let optional = [
            ("--allow-origin", options.allowed_origin.clone()),
            (
                "--static",
                options.static_dir.as_ref().map(|d| d.display().to_string()),
            ),
            ("--smtp", options.smtp.clone()),
            (
                "--config",
                options.config.as_ref().map(|f| f.display().to_string()),
            ),
        ];
        for (flag, value) in optional {
            if let Some(value) = value {
                args.extend([flag.to_owned(), value]);
            }
        }
        println!("$ baton-server {}", args.join(" "));
        let child = Command::new(root.join(binary))
            .args(&args)
            .arg("--database")
            .arg(match (&database, &options.postgres) {
                (Some(file), _) => file.as_os_str().to_owned(),
                (None, url) => url.clone().unwrap_or_default().into(),
            })
            .env("BATON_ADMIN_USERNAME", "admin")
            .env("BATON_ADMIN_PASSWORD", &admin_password)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .spawn()
            .map_err(|e| Error::io("starting baton-server", e))?;
        let server = Self {
            child,
            url,
            admin_password,
            database,
        };
        wait_until(&format!("baton-server on {}/healthz", server.url), || {
            healthy(port)
        })?;
        Ok(server)
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        stop(&mut self.child);
        if let Some(file) = &self.database {
            remove_database(file);
        }
    }
}

/// The `cargo` arguments that build `baton-server` in the profile `release` asks for, and
/// where that build lands, relative to the workspace root.
fn build_and_binary(release: bool) -> (Vec<&'static str>, &'static str) {
    if release {
        (
            vec!["build", "--release", "-p", "baton-server"],
            "target/release/baton-server",
        )
    } else {
        (
            vec!["build", "-p", "baton-server"],
            "target/debug/baton-server",
        )
    }
}

/// The e2e layer's SMTP server: `tests/e2e/smtp-receiver.mjs` on a free loopback port,
/// writing every mail it accepts into a folder as JSON for the tests to read.
pub struct SmtpReceiver {
    child: Child,
    /// The `--smtp` URL that sends baton-server's mail here (plain text, no credentials).
    pub url: String,
}

impl SmtpReceiver {
    /// Starts the receiver, writing mails into `mail_dir`, and waits until it accepts
    /// connections.
    pub fn start(root: &Path, mail_dir: &Path) -> Result<Self, Error> {
        let port = free_port()?;
        let script = root.join("tests/e2e/smtp-receiver.mjs");
        println!("$ node {} (port {port})", script.display());
        let child = Command::new("node")
            .arg(&script)
            .env("BATON_E2E_SMTP_PORT", port.to_string())
            .env("BATON_E2E_MAIL_DIR", mail_dir)
            .stdout(Stdio::null())
            .spawn()
            .map_err(|e| Error::io("starting the SMTP receiver (node)", e))?;
        let receiver = Self {
            child,
            url: format!("smtp://127.0.0.1:{port}?tls=none"),
        };
        wait_until(&format!("the SMTP receiver on port {port}"), || {
            TcpStream::connect(("127.0.0.1", port)).is_ok()
        })?;
        Ok(receiver)
    }
}

impl Drop for SmtpReceiver {
    fn drop(&mut self) {
        stop(&mut self.child);
    }
}

/// Kills a child process and reaps it; it may have died already, which is fine.
fn stop(child: &mut Child) {
    let _ = child.kill();
    let _ = child.wait();
}

/// Polls `ready` until it holds, for at most [`READY_WITHIN`].
fn wait_until(what: &str, ready: impl Fn() -> bool) -> Result<(), Error> {
    let deadline = Instant::now() + READY_WITHIN;
    while Instant::now() < deadline {
        if ready() {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Err(Error::Setup(format!(
        "{what} did not answer within {} s",
        READY_WITHIN.as_secs()
    )))
}

/// Whether `GET /healthz` answers 200.
fn healthy(port: u16) -> bool {
    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    let request = "GET /healthz HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n";
    if stream.write_all(request.as_bytes()).is_err() {
        return false;
    }
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    answer.starts_with("HTTP/1.0 200") || answer.starts_with("HTTP/1.1 200")
}

fn remove_database(database: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let mut path = database.as_os_str().to_owned();
        path.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(path));
    }
}

/// A value that differs between runs (the admin password need not be secret, only fresh).
fn nanos() -> u128 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tests_run_the_debug_build_and_the_benches_the_release_one() {
        assert!(!Options::default().release);
        let (build, binary) = build_and_binary(false);
        assert!(!build.contains(&"--release"));
        assert_eq!(binary, "target/debug/baton-server");
        let (build, binary) = build_and_binary(true);
        assert_eq!(build, ["build", "--release", "-p", "baton-server"]);
        assert_eq!(binary, "target/release/baton-server");
    }
}
