//! A database seeded by `--demo` holds passwords everybody knows: the real binary refuses to
//! serve it without `--demo` unless told so with `--allow-demo-data`.

use crate::common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use common::process::{self, client, free_port};
use reqwest::StatusCode;
use tokio::time::Instant;

/// The binary without `--demo` on `database`, with `extra` arguments.
fn without_demo(database: &Path, port: u16, extra: &[&str]) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_baton-server"))
        .args(["--listen", &format!("127.0.0.1:{port}")])
        .arg("--database")
        .arg(database)
        .args(extra)
        .env_remove("BATON_DEMO")
        .env_remove("BATON_ALLOW_DEMO_DATA")
        .env("BATON_ADMIN_USERNAME", common::ADMIN.0)
        .env("BATON_ADMIN_PASSWORD", common::ADMIN.1)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("baton-server starts")
}

/// Waits until the server on `port` answers `/healthz`; panics naming `what` otherwise.
async fn healthy(port: u16, what: &str) {
    process::eventually(what, Duration::from_secs(30), || async {
        let answer = client()
            .get(format!("http://127.0.0.1:{port}/healthz"))
            .send()
            .await
            .ok()?;
        (answer.status() == StatusCode::OK).then_some(())
    })
    .await;
}

#[tokio::test]
async fn a_demo_database_is_refused_without_demo_unless_allowed() {
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("baton.db");
    let config = dir.path().join("baton.toml");
    std::fs::write(&config, "").unwrap();
    process::spawn(&database, &config).await.kill();

    let mut refused = without_demo(&database, free_port(), &[]);
    let deadline = Instant::now() + Duration::from_secs(30);
    let status = loop {
        if let Some(status) = refused.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = refused.kill();
            panic!("the server served the demo's database without --demo");
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    };
    let output = refused.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!status.success());
    assert!(
        stderr.contains("demo bank") && stderr.contains("--allow-demo-data"),
        "{stderr}"
    );

    let port = free_port();
    let mut allowed = without_demo(&database, port, &["--allow-demo-data"]);
    healthy(port, "served with --allow-demo-data").await;
    let _ = allowed.kill();
    let _ = allowed.wait();
}

#[tokio::test]
async fn a_bank_database_is_served_without_demo() {
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("baton.db");
    let port = free_port();
    let mut bank = without_demo(&database, port, &[]);
    healthy(port, "a fresh database is served").await;
    let _ = bank.kill();
    let _ = bank.wait();
}
