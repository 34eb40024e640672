//! A `baton-server` for the browser test layers: the demo bank on a free loopback port with
//! a fresh database, a random admin password, and the test page's origin allowed (CORS).
//! It stops when dropped, so a failing step never leaves it running.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::cmd::Cmd;
use crate::error::Error;

/// How long the server may take to answer `/healthz` after starting.
const READY_WITHIN: Duration = Duration::from_secs(60);

/// A running demo server.
pub struct TestServer {
    child: Child,
    /// `http://127.0.0.1:<port>`.
    pub url: String,
    /// The web API administrator's password (user `admin`).
    pub admin_password: String,
    database: PathBuf,
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
    /// Builds `baton-server` and starts the demo, allowing requests from `allowed_origin`.
    pub fn start(root: &Path, allowed_origin: &str) -> Result<Self, Error> {
        Cmd::cargo(["build", "-p", "baton-server"])
            .dir(root)
            .run()?;
        let port = free_port()?;
        let folder = root.join("target/browser-tests");
        std::fs::create_dir_all(&folder)
            .map_err(|e| Error::io(format!("creating {}", folder.display()), e))?;
        let database = folder.join(format!("baton-{port}.db"));
        remove_database(&database);
        let admin_password = format!("admin-{}-{port}", nanos());
        let url = format!("http://127.0.0.1:{port}");
        println!("$ baton-server --demo --listen 127.0.0.1:{port} --allow-origin {allowed_origin}");
        let child = Command::new(root.join("target/debug/baton-server"))
            .args(["--demo", "--listen", &format!("127.0.0.1:{port}")])
            .arg("--database")
            .arg(&database)
            .args(["--allow-origin", allowed_origin])
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
        server.wait_until_ready(port)?;
        Ok(server)
    }

    fn wait_until_ready(&self, port: u16) -> Result<(), Error> {
        let deadline = Instant::now() + READY_WITHIN;
        while Instant::now() < deadline {
            if healthy(port) {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Err(Error::Setup(format!(
            "baton-server did not answer {}/healthz within {} s",
            self.url,
            READY_WITHIN.as_secs()
        )))
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        remove_database(&self.database);
    }
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
