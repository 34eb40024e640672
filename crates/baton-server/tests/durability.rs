//! Durability, against the real `baton-server` binary: a process killed with SIGKILL loses no
//! acknowledged command, and a delegation interrupted by SIGKILL still escalates after the
//! restart (its deadline fires once, at once). And of 50 concurrent accepts of one
//! forwarding, exactly one wins.

// The helpers below are test set-up: a failure to bind or spawn is a failed test.
#![allow(clippy::expect_used)]

mod common;

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{ADMIN, TestServer, json};
use reqwest::{Client, Method, StatusCode};
use serde_json::{Value, json};

/// A `baton-server --demo` child process on a free loopback port.
struct Process {
    child: Child,
    base: String,
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

async fn spawn(database: &Path, config: &Path) -> Process {
    let port = free_port();
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
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if let Ok(r) = Client::new().get(format!("{base}/healthz")).send().await
            && r.status() == StatusCode::OK
        {
            return Process { child, base };
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("baton-server did not become healthy");
}

impl Process {
    fn admin(&self, method: Method, path: &str) -> reqwest::RequestBuilder {
        Client::new()
            .request(method, format!("{}{path}", self.base))
            .basic_auth(ADMIN.0, Some(ADMIN.1))
    }

    /// SIGKILL: no shutdown code runs.
    fn kill(mut self) {
        self.child.kill().expect("SIGKILL");
        self.child.wait().expect("reaped");
    }
}

fn config(dir: &Path, level1_seconds: u64) -> std::path::PathBuf {
    let path = dir.join("baton.toml");
    std::fs::write(
        &path,
        format!(
            r#""com.unblu.messenger.enableDeputyDelegation" = true
"com.unblu.conversation.invitation.enableDeputyDelegation" = true
"com.unblu.conversation.invitation.level1EscalationTimeoutSeconds" = {level1_seconds}
"#
        ),
    )
    .expect("config written");
    path
}

/// A request from Vera to Anna, created by the administrator.
fn request_to_anna(topic: &str) -> Value {
    json!({
        "$_type": "ConversationCreationData",
        "topic": topic,
        "recipient": {"$_type": "ConversationCreationRecipientData", "type": "AGENT", "id": "anna.advisor"},
        "participants": [
            {"$_type": "ConversationCreationParticipantData", "personId": "vera.visitor", "participationType": "CONTEXT_PERSON"}
        ]
    })
}

#[tokio::test]
async fn a_process_killed_with_sigkill_loses_no_acknowledged_command() {
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("baton.db");
    let config = config(dir.path(), 3_600);
    let server = spawn(&database, &config).await;
    let mut acknowledged = Vec::new();
    let mut in_flight = tokio::task::JoinSet::new();
    for n in 0..120 {
        let request = server
            .admin(Method::POST, "/app/rest/v4/conversations/create")
            .json(&request_to_anna(&format!("durability {n}")));
        in_flight.spawn(async move { request.send().await });
        if n == 80 {
            // Kill while requests are in flight: some are acknowledged, some are not.
            while acknowledged.len() < 20 {
                if let Some(Ok(Ok(response))) = in_flight.join_next().await
                    && response.status() == StatusCode::OK
                {
                    let (_, body) = json(response).await;
                    acknowledged.push(body["id"].as_str().unwrap().to_owned());
                }
            }
            break;
        }
    }
    server.kill();
    while let Some(result) = in_flight.join_next().await {
        if let Ok(Ok(response)) = result
            && response.status() == StatusCode::OK
        {
            let (_, body) = json(response).await;
            acknowledged.push(body["id"].as_str().unwrap().to_owned());
        }
    }
    assert!(acknowledged.len() >= 20);
    let restarted = spawn(&database, &config).await;
    for id in &acknowledged {
        let response = restarted
            .admin(
                Method::GET,
                &format!("/app/rest/v4/conversations/{id}/read"),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(
            response.status(),
            StatusCode::OK,
            "acknowledged conversation {id} was lost"
        );
    }
    restarted.kill();
}

#[tokio::test]
async fn a_delegation_interrupted_by_sigkill_still_escalates_after_the_restart() {
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("baton.db");
    let config = config(dir.path(), 2);
    let server = spawn(&database, &config).await;
    let (status, conversation) = json(
        server
            .admin(Method::POST, "/app/rest/v4/conversations/create")
            .json(&request_to_anna("while Anna is out"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{conversation}");
    server.kill();
    // Down past the level 1 countdown.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let restarted = spawn(&database, &config).await;
    let query = json!({
        "$_type": "ConversationInvitationQuery",
        "searchFilters": [{
            "$_type": "ConversationIdConversationInvitationSearchFilter",
            "field": "CONVERSATION_ID",
            "operator": {"$_type": "EqualsIdOperator", "type": "EQUALS", "value": conversation["id"]}
        }]
    });
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let (_, found) = json(
            restarted
                .admin(Method::POST, "/app/rest/v4/invitations/search")
                .json(&query)
                .send()
                .await
                .unwrap(),
        )
        .await;
        let targets: Vec<&str> = found["items"][0]["secondaryInvitationTargets"]
            .as_array()
            .map(|t| t.iter().filter_map(|t| t["personId"].as_str()).collect())
            .unwrap_or_default();
        if targets.contains(&"ben.assistant") && targets.contains(&"clara.deputy") {
            assert_eq!(
                targets.len(),
                2,
                "level 1 was notified exactly once: {found}"
            );
            break;
        }
        assert!(
            Instant::now() < deadline,
            "level 1 was never notified after the restart: {found}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    restarted.kill();
}

#[tokio::test]
async fn of_fifty_concurrent_accepts_of_one_forwarding_exactly_one_wins() {
    let server = TestServer::demo().await;
    let (status, forwarding) = json(
        server
            .agent("anna.advisor", Method::POST, "/app/rest/v4/invitations/forwardConversationToAgent")
            .json(&json!({"conversationId": "conversation-vera-anna", "agentPersonId": "clara.deputy"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{forwarding}");
    let id = forwarding["id"].as_str().unwrap().to_owned();
    let head = server.app().runtime.store().head().await.unwrap();
    let mut accepts = tokio::task::JoinSet::new();
    for _ in 0..50 {
        let request = server
            .agent(
                "clara.deputy",
                Method::POST,
                &format!("/baton/v1/invitations/{id}/respond"),
            )
            .json(&json!({"response": "ACCEPT", "channel": "QUEUE"}));
        accepts.spawn(async move { request.send().await.unwrap().status() });
    }
    let mut statuses = Vec::new();
    while let Some(status) = accepts.join_next().await {
        statuses.push(status.unwrap());
    }
    assert_eq!(
        statuses.iter().filter(|s| **s == StatusCode::OK).count(),
        1,
        "{statuses:?}"
    );
    assert_eq!(
        statuses
            .iter()
            .filter(|s| **s == StatusCode::CONFLICT)
            .count(),
        49,
        "{statuses:?}"
    );
    let accepted = server
        .app()
        .runtime
        .store()
        .load_after(head)
        .await
        .unwrap()
        .iter()
        .filter(|r| r.event.kind() == "InvitationAccepted")
        .count();
    assert_eq!(accepted, 1);
}
