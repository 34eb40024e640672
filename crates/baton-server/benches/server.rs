//! Server benchmarks over real HTTP on loopback, printed as a Markdown report (saved by
//! `cargo xtask bench`): the engine's raw commit rate (single-row transactions, the same
//! durability), forward + accept cycles per second against it with the commands group commit
//! put in each transaction, request latency under 200 concurrent clients, and the fan-out
//! latency of one event to 1,000 SSE subscribers.
//! Figures, not assertions: these 2-core machines are shared.
#![allow(clippy::unwrap_used, clippy::expect_used)] // A failed setup is a failed bench.

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use baton_api::operation::{baton, v4};
use baton_core::conversation::Recipient;
use baton_core::{Actor, Command, demo};
use baton_server::clock::Clock;
use baton_server::database::{Database, Location};
use baton_server::http::AdminCredentials;
use baton_server::server::{Options, Running, demo_password, start};
use baton_server::settings::Settings;
use baton_server::store::Durability;
use reqwest::Client;
use serde_json::{Value, json};

const ADMIN: (&str, &str) = ("admin", "bench-admin-password");
const CYCLE_SECONDS: u64 = 10;
const RAW_COMMIT_SECONDS: u64 = 5;
const LATENCY_CLIENTS: usize = 200;
const LATENCY_SECONDS: u64 = 10;
const SSE_SUBSCRIBERS: usize = 1_000;
const SSE_MESSAGES: usize = 20;

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1_000.0)
}

/// The defaults, but the 1,000 fan-out streams are one person's (the administrator's), far
/// over the per-person cap that guards a real server.
fn bench_settings() -> Settings {
    let mut settings = Settings::default();
    settings.limits.max_streams_per_person = u32::try_from(SSE_SUBSCRIBERS).unwrap() + 1;
    settings
}

async fn boot(dir: &std::path::Path) -> Running {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    start(Options {
        listener,
        database: baton_server::database::Location::File(dir.join("bench.db")),
        settings: bench_settings(),
        demo: true,
        allow_demo_data: false,
        admin: Some(AdminCredentials {
            username: ADMIN.0.into(),
            password: ADMIN.1.into(),
        }),
        static_dir: None,
        clock: Clock::system(),
    })
    .await
    .unwrap()
}

/// Single-row transactions one after another on an SQLite file with the server's pragmas and
/// its default durability (`synchronous = FULL`): the engine's commit rate, the ceiling a
/// one-command-per-transaction runtime could reach. Answers commits per second.
async fn raw_commits(dir: &std::path::Path) -> f64 {
    let database = Database::open(&Location::File(dir.join("raw.db")), Durability::PowerLoss)
        .await
        .unwrap();
    sqlx::query("CREATE TABLE raw_commits (id INTEGER PRIMARY KEY, at INTEGER NOT NULL)")
        .execute(&database.pool)
        .await
        .unwrap();
    let started = Instant::now();
    let until = started + Duration::from_secs(RAW_COMMIT_SECONDS);
    let mut commits = 0_u64;
    while Instant::now() < until {
        let mut transaction = database.begin_writing().await.unwrap();
        sqlx::query("INSERT INTO raw_commits (at) VALUES ($1)")
            .bind(i64::try_from(commits).unwrap())
            .execute(&mut *transaction)
            .await
            .unwrap();
        transaction.commit().await.unwrap();
        commits += 1;
    }
    commits as f64 / started.elapsed().as_secs_f64()
}

/// Conversations between Vera and Anna, created through the domain.
async fn conversations(running: &Running, prefix: &str, n: usize) -> Vec<String> {
    let mut ids = Vec::with_capacity(n);
    for i in 0..n {
        let id = format!("{prefix}-{i}");
        running
            .app
            .execute(
                &Actor::Admin,
                Command::CreateConversation {
                    id: id.as_str().into(),
                    account: demo::ACCOUNT.into(),
                    topic: None,
                    visitor: Some(demo::VERA.into()),
                    assignee: Some(demo::ANNA.into()),
                    recipient: Some(Recipient::Agent(demo::ANNA.into())),
                    request: None,
                },
            )
            .await
            .unwrap();
        ids.push(id);
    }
    ids
}

fn agent(
    client: &Client,
    base: &str,
    who: &str,
    path: &str,
    body: &Value,
) -> reqwest::RequestBuilder {
    client
        .post(format!("{base}{path}"))
        .basic_auth(who, Some(demo_password(who)))
        .json(body)
}

/// One forward + accept: `from` (the assignee) forwards to `to`, who accepts.
async fn cycle(client: &Client, base: &str, conversation: &str, from: &str, to: &str) {
    let forwarding: Value = agent(
        client,
        base,
        from,
        v4::INVITATIONS_FORWARD_CONVERSATION_TO_AGENT.path,
        &json!({"conversationId": conversation, "agentPersonId": to}),
    )
    .send()
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    let id = forwarding["id"].as_str().expect("forwarding id");
    let accepted = agent(
        client,
        base,
        to,
        &baton::DELEGATION_RESPOND.target(&[id]).path,
        &json!({"response": "ACCEPT", "channel": "QUEUE"}),
    )
    .send()
    .await
    .unwrap();
    assert!(accepted.status().is_success());
}

async fn cycles(running: &Running, base: &str) -> (usize, f64) {
    let ids = conversations(running, "cycle", 16).await;
    let client = Client::new();
    let started = Instant::now();
    let until = started + Duration::from_secs(CYCLE_SECONDS);
    let mut workers = tokio::task::JoinSet::new();
    for id in ids {
        let (client, base) = (client.clone(), base.to_owned());
        workers.spawn(async move {
            let mut done = 0;
            while Instant::now() < until {
                cycle(&client, &base, &id, demo::ANNA, demo::CLARA).await;
                cycle(&client, &base, &id, demo::CLARA, demo::ANNA).await;
                done += 2;
            }
            done
        });
    }
    let mut total = 0;
    while let Some(done) = workers.join_next().await {
        total += done.unwrap();
    }
    (total, total as f64 / started.elapsed().as_secs_f64())
}

async fn latency(running: &Running, base: &str) -> Vec<Duration> {
    let ids = conversations(running, "latency", LATENCY_CLIENTS).await;
    let until = Instant::now() + Duration::from_secs(LATENCY_SECONDS);
    let mut clients = tokio::task::JoinSet::new();
    for id in ids {
        let base = base.to_owned();
        clients.spawn(async move {
            let client = Client::new();
            let mut samples = Vec::new();
            let mut n = 0;
            while Instant::now() < until {
                let sent = Instant::now();
                let response = agent(
                    &client,
                    &base,
                    demo::ANNA,
                    &baton::MESSAGES_POST.target(&[&id]).path,
                    &json!({"text": format!("message {n}")}),
                )
                .send()
                .await
                .unwrap();
                assert!(response.status().is_success(), "{}", response.status());
                samples.push(sent.elapsed());
                n += 1;
            }
            samples
        });
    }
    let mut all = Vec::new();
    while let Some(samples) = clients.join_next().await {
        all.extend(samples.unwrap());
    }
    all.sort();
    all
}

async fn fan_out(running: &Running, base: &str) -> Vec<Duration> {
    let id = conversations(running, "fanout", 1).await.remove(0);
    let posted: Arc<std::sync::Mutex<Vec<(u64, Instant)>>> = Arc::default();
    let mut subscribers = tokio::task::JoinSet::new();
    let (ready_tx, mut ready_rx) = tokio::sync::mpsc::channel::<()>(SSE_SUBSCRIBERS);
    for _ in 0..SSE_SUBSCRIBERS {
        let base = base.to_owned();
        let ready = ready_tx.clone();
        subscribers.spawn(async move {
            let mut response = Client::new()
                .get(format!("{base}/baton/v1/events"))
                .basic_auth(ADMIN.0, Some(ADMIN.1))
                .header("Last-Event-ID", "999999999")
                .send()
                .await
                .unwrap();
            ready.send(()).await.unwrap();
            let mut arrivals = Vec::new();
            let mut buffer = String::new();
            while arrivals.len() < SSE_MESSAGES {
                let Some(chunk) = response.chunk().await.unwrap() else {
                    break;
                };
                let now = Instant::now();
                buffer.push_str(&String::from_utf8_lossy(&chunk));
                while let Some(end) = buffer.find("\n\n") {
                    let frame: String = buffer.drain(..end + 2).collect();
                    let is_message = frame.lines().any(|l| l == "event: MessagePosted");
                    let seq = frame
                        .lines()
                        .find_map(|l| l.strip_prefix("id: "))
                        .and_then(|s| s.parse::<u64>().ok());
                    if let (true, Some(seq)) = (is_message, seq) {
                        arrivals.push((seq, now));
                    }
                }
            }
            arrivals
        });
    }
    drop(ready_tx);
    for _ in 0..SSE_SUBSCRIBERS {
        ready_rx.recv().await.unwrap();
    }
    let client = Client::new();
    for n in 0..SSE_MESSAGES {
        let sent = Instant::now();
        let response = agent(
            &client,
            base,
            demo::ANNA,
            &baton::MESSAGES_POST.target(&[&id]).path,
            &json!({"text": format!("fan-out {n}")}),
        )
        .send()
        .await
        .unwrap();
        assert!(response.status().is_success());
        // Nothing else writes meanwhile: the log's head is the message's event.
        let seq = running.app.runtime.read(|s| s.version);
        posted.lock().unwrap().push((seq, sent));
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let posted = posted.lock().unwrap().clone();
    let mut latencies = Vec::new();
    while let Some(arrivals) = subscribers.join_next().await {
        for (seq, at) in arrivals.unwrap() {
            if let Some((_, sent)) = posted.iter().find(|(s, _)| *s == seq) {
                latencies.push(at.duration_since(*sent));
            }
        }
    }
    latencies.sort();
    latencies
}

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().unwrap();
    let running = boot(dir.path()).await;
    let base = format!("http://{}", running.address);
    println!("# baton-server benchmarks\n");
    println!(
        "Real HTTP on loopback against an in-process server (SQLite in WAL mode, `synchronous = FULL`: power-loss durability, the default), demo bank, Basic authentication (verifications cached).\n"
    );

    let raw = raw_commits(dir.path()).await;
    println!(
        "## The engine's commit rate
"
    );
    println!(
        "Single-row transactions one after another for {RAW_COMMIT_SECONDS} s, same file settings: the ceiling of one command per transaction.\n"
    );
    println!("| measure | value |\n| --- | ---: |");
    println!("| commits per second | {raw:.0} |\n");

    let metrics = &running.app.metrics;
    let commands_before = metrics.commands_accepted.load(Ordering::Relaxed);
    let transactions_before = running.app.runtime.transactions();
    let (total, per_second) = cycles(&running, &base).await;
    let commands = metrics.commands_accepted.load(Ordering::Relaxed) - commands_before;
    let transactions = running.app.runtime.transactions() - transactions_before;
    let commands_per_second = per_second * 2.0;
    println!("## Forward + accept cycles\n");
    println!(
        "16 conversations in parallel for {CYCLE_SECONDS} s; a cycle = forward (Unblu `forwardConversationToAgent`) + accept (`/baton/v1/invitations/{{id}}/respond`).\n"
    );
    println!("| measure | value | goal |\n| --- | ---: | --- |");
    println!("| cycles | {total} | |");
    println!("| cycles per second | {per_second:.0} | 2,000 |");
    println!(
        "| commands per second | {commands_per_second:.0} | >= 0.5 x the commit rate ({:.0}) |",
        raw / 2.0
    );
    println!(
        "| commands per transaction (group commit) | {:.1} | |\n",
        commands as f64 / transactions.max(1) as f64
    );

    let samples = latency(&running, &base).await;
    println!("## Latency under {LATENCY_CLIENTS} concurrent clients\n");
    println!("Each client posts messages in its own conversation for {LATENCY_SECONDS} s.\n");
    println!(
        "| requests | p50 ms | p99 ms | max ms | goal p99 |\n| ---: | ---: | ---: | ---: | --- |"
    );
    println!(
        "| {} | {} | {} | {} | < 50 ms |\n",
        samples.len(),
        ms(percentile(&samples, 0.50)),
        ms(percentile(&samples, 0.99)),
        ms(samples.last().copied().unwrap_or_default())
    );

    let latencies = fan_out(&running, &base).await;
    println!("## SSE fan-out to {SSE_SUBSCRIBERS} subscribers\n");
    println!(
        "{SSE_MESSAGES} messages 100 ms apart; latency from sending the message to its arrival at each subscriber.\n"
    );
    println!("| deliveries | p50 ms | p99 ms | max ms |\n| ---: | ---: | ---: | ---: |");
    println!(
        "| {} | {} | {} | {} |",
        latencies.len(),
        ms(percentile(&latencies, 0.50)),
        ms(percentile(&latencies, 0.99)),
        ms(latencies.last().copied().unwrap_or_default())
    );
    running.stop().await;
}
