//! Server benchmarks, printed as a Markdown report (saved by `cargo xtask bench`). The server
//! is the real `baton-server` binary in processes of its own; this process only generates the
//! load, over real HTTP on loopback, so that the two do not share a runtime or a heap.
//!
//! - The engine's raw commit rate (single-row transactions, the server's durability): the
//!   ceiling a one-command-per-transaction runtime could reach.
//! - On SQLite, one instance: forward + accept cycles per second and the commands group commit
//!   put in each transaction, request latency under 200 concurrent clients, and the fan-out
//!   latency of one event to 1,000 SSE subscribers.
//! - On PostgreSQL (when `BATON_BENCH_POSTGRES_URL` names a cluster; `cargo xtask bench`
//!   starts one), one and three instances: cycles per second and latency, the clients spread
//!   over the instances, and the delivery latency of a message posted on one instance to event
//!   streams on another.
//! - Web push (SQLite, one instance): pushes delivered per second from the outbox to a push
//!   service on loopback, and the time from a deputy delegation's start to its pushes.
//! - Start-up time and resident memory of an instance over a log of one million events.
//!
//! Figures, not assertions: these 2-core machines are shared.
#![allow(clippy::unwrap_used, clippy::expect_used)] // A failed setup is a failed bench.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use baton_api::operation::{baton, system, v4};
use baton_core::conversation::Recipient;
use baton_core::{Actor, Command as DomainCommand, Config, State, Timestamp, decide, demo};
use baton_server::database::{Database, Location};
use baton_server::server::demo_password;
use baton_server::store::{Durability, EventStore};
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

const ADMIN: (&str, &str) = ("admin", "bench-admin-password");
const CYCLE_SECONDS: u64 = 10;
/// How many conversations are forwarded back and forth at once, each by its own client: a
/// light load, then the load every deployment is measured at.
const CYCLE_CLIENTS: [usize; 2] = [16, 64];
const RAW_COMMIT_SECONDS: u64 = 5;
const LATENCY_CLIENTS: usize = 200;
const LATENCY_SECONDS: u64 = 10;
const SSE_SUBSCRIBERS: usize = 1_000;
const SSE_MESSAGES: usize = 20;
/// Test pushes sent through the outbox for the throughput figure.
const PUSHES: usize = 2_000;
/// Deputy delegations started one after another for the latency figure.
const DELEGATIONS: usize = 20;
/// Conversations × messages of the large log: with their creation, just over a million events.
const LARGE_LOG: (usize, usize) = (10_000, 100);
/// The large log's conversation with a long hand-off history: Anna forwards it to Ben and
/// revokes the forwarding this many times (two hand-off steps each).
const FORWARDINGS: usize = 500;
const HISTORY_CONVERSATION: &str = "large-history";
/// Reads of that history, one after another.
const HISTORY_READS: usize = 20;
/// Where `cargo xtask bench` says its PostgreSQL cluster is.
const POSTGRES_VARIABLE: &str = "BATON_BENCH_POSTGRES_URL";

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

/// A `baton-server --demo` process on a loopback port; killed when dropped.
struct Instance {
    child: Child,
    base: String,
}

impl Drop for Instance {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Instance {
    /// Starts the binary over `database` with the configuration in `config`; answers once
    /// `/readyz` does, with how long that took.
    async fn start(database: &Location, config: &Path) -> (Self, Duration) {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .unwrap();
        let argument: OsString = match database {
            Location::File(path) => path.clone().into_os_string(),
            Location::Postgres(url) => url.into(),
        };
        let started = Instant::now();
        let child = Command::new(env!("CARGO_BIN_EXE_baton-server"))
            .args(["--demo", "--listen", &format!("127.0.0.1:{port}")])
            .arg("--database")
            .arg(argument)
            .arg("--config")
            .arg(config)
            .env("BATON_ADMIN_USERNAME", ADMIN.0)
            .env("BATON_ADMIN_PASSWORD", ADMIN.1)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        let mut instance = Self {
            child,
            base: format!("http://127.0.0.1:{port}"),
        };
        let client = Client::new();
        loop {
            let ready = client
                .get(format!("{}{}", instance.base, system::READYZ.path))
                .send()
                .await
                .is_ok_and(|r| r.status() == StatusCode::OK);
            if ready {
                return (instance, started.elapsed());
            }
            assert!(
                instance.child.try_wait().unwrap().is_none(),
                "baton-server exited before it was ready"
            );
            assert!(started.elapsed() < Duration::from_secs(600), "not ready");
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }

    /// Resident memory, from `/proc` (kB).
    fn resident_kib(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap()
    }
}

/// The instances' configuration: the fan-out's 1,000 streams are one person's (the
/// administrator's), far over the per-person cap that guards a real server; the token key
/// file that instances on PostgreSQL share; deputy delegation (on in the demo's own
/// properties, which a configuration file replaces) and the web push bench's push service on
/// loopback.
fn config(dir: &Path) -> PathBuf {
    let path = dir.join("bench.toml");
    let key = dir.join("token-key");
    std::fs::write(
        &path,
        format!(
            "\"com.unblu.messenger.enableDeputyDelegation\" = true\n\"com.unblu.conversation.invitation.enableDeputyDelegation\" = true\n[limits]\nmax_streams_per_person = {}\n[server]\ntoken_key_file = {:?}\n[web_push]\nallow_insecure_endpoints = true\n",
            SSE_SUBSCRIBERS + 1,
            key.display().to_string()
        ),
    )
    .unwrap();
    path
}

/// A fresh database on the cluster at `cluster` (a PostgreSQL URL).
async fn fresh_postgres(cluster: &str) -> Location {
    use sqlx::{Connection, Executor};
    let name = format!(
        "baton_bench_{}",
        baton_server::secrets::uuid().replace('-', "")
    );
    let mut admin = sqlx::PgConnection::connect(cluster).await.unwrap();
    admin
        .execute(format!("CREATE DATABASE {name}").as_str())
        .await
        .unwrap();
    let mut url = url::Url::parse(cluster).unwrap();
    url.set_path(&name);
    Location::Postgres(url.to_string())
}

/// Single-row transactions one after another with the server's settings and its default
/// durability (SQLite: `synchronous = FULL`): commits per second.
async fn raw_commits(location: &Location) -> f64 {
    let database = Database::open(location, Durability::PowerLoss)
        .await
        .unwrap();
    sqlx::query("CREATE TABLE raw_commits (id BIGINT PRIMARY KEY, at BIGINT NOT NULL)")
        .execute(&database.pool)
        .await
        .unwrap();
    let started = Instant::now();
    let until = started + Duration::from_secs(RAW_COMMIT_SECONDS);
    let mut commits = 0_i64;
    while Instant::now() < until {
        let mut transaction = database.begin_writing().await.unwrap();
        sqlx::query("INSERT INTO raw_commits (id, at) VALUES ($1, $2)")
            .bind(commits)
            .bind(commits)
            .execute(&mut *transaction)
            .await
            .unwrap();
        transaction.commit().await.unwrap();
        commits += 1;
    }
    commits as f64 / started.elapsed().as_secs_f64()
}

fn post(
    client: &Client,
    base: &str,
    who: &str,
    path: &str,
    body: &Value,
) -> reqwest::RequestBuilder {
    let password = if who == ADMIN.0 {
        ADMIN.1
    } else {
        demo_password(who)
    };
    client
        .post(format!("{base}{path}"))
        .basic_auth(who, Some(password))
        .json(body)
}

/// `n` conversations between Vera and Anna (assigned), created over HTTP.
async fn conversations(base: &str, n: usize) -> Vec<String> {
    let client = Client::new();
    let mut ids = Vec::with_capacity(n);
    for _ in 0..n {
        let created: Value = post(
            &client,
            base,
            ADMIN.0,
            v4::CONVERSATIONS_CREATE.path,
            &json!({"participants": [
                {"personId": demo::ANNA, "participationType": "ASSIGNED_AGENT"},
                {"personId": demo::VERA, "participationType": "CONTEXT_PERSON"}
            ]}),
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
        ids.push(
            created["id"]
                .as_str()
                .expect("a conversation id")
                .to_owned(),
        );
    }
    ids
}

/// One forward + accept: `from` (the assignee) forwards to `to` on `forward_on`, who accepts
/// on `accept_on`.
async fn cycle(
    client: &Client,
    (forward_on, accept_on): (&str, &str),
    conversation: &str,
    from: &str,
    to: &str,
) {
    let forwarding: Value = post(
        client,
        forward_on,
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
    let id = forwarding["id"]
        .as_str()
        .unwrap_or_else(|| panic!("a forwarding, not {forwarding}"));
    let accepted = post(
        client,
        accept_on,
        to,
        &baton::DELEGATION_RESPOND.target(&[id]).path,
        &json!({"response": "ACCEPT", "channel": "QUEUE"}),
    )
    .send()
    .await
    .unwrap();
    let status = accepted.status();
    assert!(
        status.is_success(),
        "accept: {status} {}",
        accepted.text().await.unwrap_or_default()
    );
}

/// A counter of the instance's `/metrics`.
async fn metric(base: &str, name: &str) -> f64 {
    let text = Client::new()
        .get(format!("{base}{}", system::METRICS.path))
        .basic_auth(ADMIN.0, Some(ADMIN.1))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    text.lines()
        .find_map(|l| l.strip_prefix(name)?.strip_prefix(' ')?.trim().parse().ok())
        .unwrap_or_else(|| panic!("{name} in /metrics"))
}

/// The same counter summed over every instance.
async fn total(bases: &[String], name: &str) -> f64 {
    let mut sum = 0.0;
    for base in bases {
        sum += metric(base, name).await;
    }
    sum
}

/// Forward + accept cycles on `clients` conversations at once for [`CYCLE_SECONDS`]; with
/// several instances each forwarding is made on one and accepted on the next. Answers
/// (cycles, cycles per second, commands per transaction).
async fn cycles(bases: &[String], clients: usize) -> (usize, f64, f64) {
    let ids = conversations(&bases[0], clients).await;
    let commands_before = total(bases, "baton_commands_accepted_total").await;
    let transactions_before = total(bases, "baton_log_transactions_total").await;
    let client = Client::new();
    let started = Instant::now();
    let until = started + Duration::from_secs(CYCLE_SECONDS);
    let mut workers = tokio::task::JoinSet::new();
    for (n, id) in ids.into_iter().enumerate() {
        let client = client.clone();
        let forward_on = bases[n % bases.len()].clone();
        let accept_on = bases[(n + 1) % bases.len()].clone();
        workers.spawn(async move {
            let on = (forward_on.as_str(), accept_on.as_str());
            let mut done = 0;
            while Instant::now() < until {
                cycle(&client, on, &id, demo::ANNA, demo::CLARA).await;
                cycle(&client, on, &id, demo::CLARA, demo::ANNA).await;
                done += 2;
            }
            done
        });
    }
    let mut cycles = 0;
    while let Some(done) = workers.join_next().await {
        cycles += done.unwrap();
    }
    let per_second = cycles as f64 / started.elapsed().as_secs_f64();
    let commands = total(bases, "baton_commands_accepted_total").await - commands_before;
    let transactions = total(bases, "baton_log_transactions_total").await - transactions_before;
    (cycles, per_second, commands / transactions.max(1.0))
}

/// [`LATENCY_CLIENTS`] clients, each posting messages in its own conversation on one of
/// `bases` (round robin) for [`LATENCY_SECONDS`]: every request's time, sorted.
async fn latency(bases: &[String]) -> Vec<Duration> {
    let ids = conversations(&bases[0], LATENCY_CLIENTS).await;
    let until = Instant::now() + Duration::from_secs(LATENCY_SECONDS);
    let mut clients = tokio::task::JoinSet::new();
    for (n, id) in ids.into_iter().enumerate() {
        let base = bases[n % bases.len()].clone();
        clients.spawn(async move {
            let client = Client::new();
            let mut samples = Vec::new();
            let mut n = 0;
            while Instant::now() < until {
                let sent = Instant::now();
                let response = post(
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

/// `subscribers` event streams on `watch_on`, [`SSE_MESSAGES`] messages posted on `post_on`
/// 100 ms apart: the time from sending each message to its arrival on each stream, sorted.
async fn fan_out(post_on: &str, watch_on: &str, subscribers: usize) -> Vec<Duration> {
    const PREFIX: &str = "fan-out ";
    let id = conversations(post_on, 1).await.remove(0);
    let mut streams = tokio::task::JoinSet::new();
    let (ready_tx, mut ready_rx) = tokio::sync::mpsc::channel::<()>(subscribers);
    for _ in 0..subscribers {
        let base = watch_on.to_owned();
        let ready = ready_tx.clone();
        streams.spawn(async move {
            let mut response = Client::new()
                .get(format!("{base}{}", baton::EVENTS.path))
                .basic_auth(ADMIN.0, Some(ADMIN.1))
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), StatusCode::OK);
            ready.send(()).await.unwrap();
            // (message number, arrival)
            let mut arrivals: Vec<(usize, Instant)> = Vec::new();
            let mut buffer = String::new();
            while arrivals.len() < SSE_MESSAGES {
                let Some(chunk) = response.chunk().await.unwrap() else {
                    break;
                };
                let now = Instant::now();
                buffer.push_str(&String::from_utf8_lossy(&chunk));
                while let Some(end) = buffer.find("\n\n") {
                    let frame: String = buffer.drain(..end + 2).collect();
                    let number = frame.find(PREFIX).and_then(|at| {
                        let digits: String = frame[at + PREFIX.len()..]
                            .chars()
                            .take_while(char::is_ascii_digit)
                            .collect();
                        digits.parse().ok()
                    });
                    if let Some(number) = number {
                        arrivals.push((number, now));
                    }
                }
            }
            arrivals
        });
    }
    drop(ready_tx);
    for _ in 0..subscribers {
        ready_rx.recv().await.unwrap();
    }
    let sent: Arc<Mutex<Vec<Instant>>> = Arc::default();
    let client = Client::new();
    for n in 0..SSE_MESSAGES {
        let at = Instant::now();
        let response = post(
            &client,
            post_on,
            demo::ANNA,
            &baton::MESSAGES_POST.target(&[&id]).path,
            &json!({"text": format!("{PREFIX}{n}")}),
        )
        .send()
        .await
        .unwrap();
        assert!(response.status().is_success());
        sent.lock().unwrap().push(at);
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let sent = sent.lock().unwrap().clone();
    let mut latencies = Vec::new();
    while let Some(arrivals) = streams.join_next().await {
        for (number, at) in arrivals.unwrap() {
            if let Some(sent) = sent.get(number) {
                latencies.push(at.duration_since(*sent));
            }
        }
    }
    latencies.sort();
    latencies
}

/// A push service on loopback that answers 201 and notes when each push arrived (it does not
/// decrypt: the tests check what pushes say).
async fn push_service() -> (String, Arc<Mutex<Vec<Instant>>>) {
    let arrivals: Arc<Mutex<Vec<Instant>>> = Arc::default();
    let noted = Arc::clone(&arrivals);
    let app = axum::Router::new().route(
        "/push/{device}",
        axum::routing::post(move || {
            let noted = Arc::clone(&noted);
            async move {
                noted.lock().unwrap().push(Instant::now());
                StatusCode::CREATED
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let origin = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (origin, arrivals)
}

/// Web push on `base`: every demo deputy of Anna's (Ben, Clara) subscribes ten devices at a
/// push service on loopback; then [`PUSHES`] test pushes are asked for at once (pushes per
/// second from the first request to the last arrival), and [`DELEGATIONS`] deputy delegations
/// are started one after another (the time from each start to its first and its last push).
async fn web_push(base: &str) -> (f64, Vec<Duration>, Vec<Duration>) {
    // RFC 8291's example user agent key: any valid P-256 point will do, nobody decrypts here.
    const P256DH: &str =
        "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
    let (origin, arrivals) = push_service().await;
    let client = Client::new();
    let mut devices = Vec::new();
    for deputy in [demo::BEN, demo::CLARA] {
        for n in 0..10 {
            let device: Value = post(
                &client,
                base,
                deputy,
                baton::PUSH_SUBSCRIBE.path,
                &json!({"endpoint": format!("{origin}/push/{deputy}-{n}"),
                        "keys": {"p256dh": P256DH, "auth": "BTBZMqHH6r4Tts7J_aSIgg"}}),
            )
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
            devices.push((deputy, device["id"].as_str().unwrap().to_owned()));
        }
    }
    let started = Instant::now();
    let mut requests = tokio::task::JoinSet::new();
    for n in 0..PUSHES {
        let (deputy, id) = devices[n % devices.len()].clone();
        let (client, base) = (client.clone(), base.to_owned());
        requests.spawn(async move {
            let path = baton::PUSH_TEST.target(&[&id]).path;
            let sent = post(&client, &base, deputy, &path, &json!({}))
                .send()
                .await
                .unwrap();
            assert_eq!(sent.status(), StatusCode::NO_CONTENT);
        });
    }
    while requests.join_next().await.is_some() {}
    while arrivals.lock().unwrap().len() < PUSHES {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let last = *arrivals.lock().unwrap().iter().max().unwrap();
    let per_second = PUSHES as f64 / last.duration_since(started).as_secs_f64();

    let (mut first, mut all) = (Vec::new(), Vec::new());
    for conversation in conversations(base, DELEGATIONS).await {
        let before = arrivals.lock().unwrap().len();
        let at = Instant::now();
        let started = post(
            &client,
            base,
            ADMIN.0,
            v4::INVITATIONS_START_DEPUTY_DELEGATION.path,
            &json!({"conversationId": conversation, "delegationLevel": "LEVEL_1"}),
        )
        .send()
        .await
        .unwrap();
        assert_eq!(started.status(), StatusCode::OK);
        // Level 1 is Ben (assistant) and Clara: one push per device of each.
        while arrivals.lock().unwrap().len() < before + devices.len() {
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
        let got = arrivals.lock().unwrap()[before..].to_vec();
        first.push(got.iter().min().unwrap().duration_since(at));
        all.push(got.iter().max().unwrap().duration_since(at));
    }
    first.sort();
    all.sort();
    (per_second, first, all)
}

fn latency_row(label: &str, samples: &[Duration], goal: &str) {
    println!(
        "| {label} | {} | {} | {} | {} | {goal} |",
        samples.len(),
        ms(percentile(samples, 0.50)),
        ms(percentile(samples, 0.99)),
        ms(samples.last().copied().unwrap_or_default())
    );
}

const LATENCY_HEADER: &str = "| setting | samples | p50 ms | p99 ms | max ms | goal |\n| --- | ---: | ---: | ---: | ---: | --- |";

/// The figures of one deployment: cycles with each of `clients`, then latency under load.
async fn deployment(
    label: &str,
    bases: &[String],
    clients: &[usize],
    raw: f64,
    cycles_goal: &str,
) -> Vec<Duration> {
    for &clients in clients {
        let (done, per_second, per_transaction) = cycles(bases, clients).await;
        println!(
            "| {label} | {clients} | {done} | {per_second:.0} | {:.0} | {per_transaction:.1} | {raw:.0} | {cycles_goal} |",
            per_second * 2.0
        );
    }
    latency(bases).await
}

const CYCLES_HEADER: &str = "| setting | clients | cycles | cycles/s | commands/s | commands per transaction | raw commits/s | goal |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |";

/// An SQLite file seeded with the demo bank and then [`LARGE_LOG`]: conversations created by
/// the administrator and messages in them, decided by the domain as the server would and
/// appended in large transactions. Answers the number of events.
async fn large_log(path: &Path, config: &Path) -> u64 {
    drop(Instance::start(&Location::File(path.to_owned()), config).await);
    let store = EventStore::open(path).await.unwrap();
    let mut state = State::new(Config::default());
    let mut head = 0;
    for recorded in store.load_after(0).await.unwrap() {
        state.apply(&recorded.event);
        head = recorded.seq;
    }
    let (conversations, messages) = LARGE_LOG;
    let anna = Actor::Agent(demo::ANNA.into());
    let mut pending: Vec<baton_core::Event> = Vec::new();
    let mut now = 1_700_000_000_000_i64;
    for c in 0..conversations {
        let id = format!("large-{c}");
        let mut commands = vec![(
            Actor::Admin,
            DomainCommand::CreateConversation {
                id: id.as_str().into(),
                account: demo::ACCOUNT.into(),
                topic: Some(format!("Payment question {c}")),
                visitor: Some(demo::VERA.into()),
                assignee: Some(demo::ANNA.into()),
                recipient: Some(Recipient::Agent(demo::ANNA.into())),
                request: None,
            },
        )];
        commands.extend((0..messages).map(|m| {
            (
                anna.clone(),
                DomainCommand::PostMessage {
                    conversation: id.as_str().into(),
                    message: format!("large-{c}-{m}").as_str().into(),
                    text: format!("Message {m}: the transfer to account {c} is on its way."),
                },
            )
        }));
        for (actor, command) in commands {
            now += 1;
            let events = decide(&state, command, &actor, Timestamp(now)).unwrap();
            for event in &events {
                state.apply(event);
            }
            pending.extend(events);
        }
        if c + 1 == conversations {
            for (actor, command) in long_history() {
                now += 1;
                let events = decide(&state, command, &actor, Timestamp(now)).unwrap();
                for event in &events {
                    state.apply(event);
                }
                pending.extend(events);
            }
        }
        if pending.len() >= 20_000 || c + 1 == conversations {
            let recorded = store.append(head, &pending, Timestamp(now)).await.unwrap();
            head = recorded.last().map_or(head, |r| r.seq);
            pending.clear();
        }
    }
    head
}

/// The commands of [`HISTORY_CONVERSATION`]: created for Vera and Anna, then
/// [`FORWARDINGS`] forwardings to Ben, each revoked.
fn long_history() -> Vec<(Actor, DomainCommand)> {
    let anna = Actor::Agent(demo::ANNA.into());
    let mut commands = vec![(
        Actor::Admin,
        DomainCommand::CreateConversation {
            id: HISTORY_CONVERSATION.into(),
            account: demo::ACCOUNT.into(),
            topic: Some("A long hand-off history".into()),
            visitor: Some(demo::VERA.into()),
            assignee: Some(demo::ANNA.into()),
            recipient: Some(Recipient::Agent(demo::ANNA.into())),
            request: None,
        },
    )];
    for n in 0..FORWARDINGS {
        let invitation = format!("large-forwarding-{n}");
        commands.push((
            anna.clone(),
            DomainCommand::ForwardToAgent {
                conversation: HISTORY_CONVERSATION.into(),
                invitation: invitation.as_str().into(),
                agent: demo::BEN.into(),
                comment: Some(format!("Forwarding {n}")),
            },
        ));
        commands.push((
            anna.clone(),
            DomainCommand::RevokeInvitation {
                invitation: invitation.as_str().into(),
            },
        ));
    }
    commands
}

/// The hand-off history of [`HISTORY_CONVERSATION`] read [`HISTORY_READS`] times by Anna:
/// the entries and the time each read took.
async fn history_reads(base: &str) -> (usize, Vec<Duration>) {
    let client = Client::new();
    let url = format!(
        "{base}{}",
        baton::HISTORY.target(&[HISTORY_CONVERSATION]).path
    );
    let mut entries = 0;
    let mut samples = Vec::with_capacity(HISTORY_READS);
    for _ in 0..HISTORY_READS {
        let started = Instant::now();
        let answer: Vec<Value> = client
            .get(&url)
            .basic_auth(demo::ANNA, Some(demo_password(demo::ANNA)))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        samples.push(started.elapsed());
        entries = answer.len();
    }
    samples.sort();
    (entries, samples)
}

/// The administrator's archive of the whole log, as an archive job reads it: pages of the
/// most rows allowed, each resuming after the last position written. Answers the rows, the
/// bytes and the time.
async fn archive_export(base: &str, csv: bool) -> (usize, usize, Duration) {
    let client = Client::new();
    let (mut rows, mut bytes, mut after) = (0, 0, 0_u64);
    let started = Instant::now();
    loop {
        let mut request = client
            .get(format!(
                "{base}{}?after={after}&limit=100000",
                baton::AUDIT_HANDOFFS.path
            ))
            .basic_auth(ADMIN.0, Some(ADMIN.1));
        if csv {
            request = request.header("accept", "text/csv");
        }
        let text = request.send().await.unwrap().text().await.unwrap();
        let lines: Vec<&str> = text.lines().skip(usize::from(csv)).collect();
        let Some(last) = lines.last() else { break };
        after = if csv {
            last.split(',').next().unwrap().parse().unwrap()
        } else {
            serde_json::from_str::<Value>(last).unwrap()["position"]
                .as_u64()
                .unwrap()
        };
        rows += lines.len();
        bytes += text.len();
    }
    (rows, bytes, started.elapsed())
}

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().unwrap();
    let config = config(dir.path());
    println!("# baton-server benchmarks\n");
    println!(
        "The real `baton-server` binary (release build) in processes of its own; the load comes from the bench's process over real HTTP on loopback. Demo bank, Basic authentication (verifications cached). SQLite in WAL mode with `synchronous = FULL` (power-loss durability, the default).\n"
    );

    let sqlite_raw = raw_commits(&Location::File(dir.path().join("raw.db"))).await;
    let (sqlite, _) = Instance::start(&Location::File(dir.path().join("bench.db")), &config).await;
    let sqlite_bases = vec![sqlite.base.clone()];

    let postgres = std::env::var(POSTGRES_VARIABLE).ok();
    let postgres_raw = match &postgres {
        Some(cluster) => Some(raw_commits(&fresh_postgres(cluster).await).await),
        None => None,
    };

    println!("## Forward + accept cycles\n");
    println!(
        "Clients each forwarding one conversation back and forth, all at once, for {CYCLE_SECONDS} s; a cycle = forward (Unblu `forwardConversationToAgent`) + accept (`/baton/v1/invitations/{{id}}/respond`), two commands. Raw commits/s: single-row transactions one after another for {RAW_COMMIT_SECONDS} s on the same engine and settings, the ceiling of one command per transaction; commands per transaction is what group commit achieved (from the instances' `/metrics`). With three instances, each forwarding is made on one instance and accepted on the next.\n"
    );
    println!("{CYCLES_HEADER}");
    let mut latencies = vec![(
        "SQLite, 1 instance",
        deployment(
            "SQLite, 1 instance",
            &sqlite_bases,
            &CYCLE_CLIENTS,
            sqlite_raw,
            &format!(
                ">= 2,000 cycles/s; commands/s >= {:.0} (0.5 x raw)",
                sqlite_raw / 2.0
            ),
        )
        .await,
    )];
    let mut postgres_instances = Vec::new();
    if let (Some(cluster), Some(raw)) = (&postgres, postgres_raw) {
        let database = fresh_postgres(cluster).await;
        let (one, _) = Instance::start(&database, &config).await;
        let one_base = vec![one.base.clone()];
        latencies.push((
            "PostgreSQL, 1 instance",
            deployment(
                "PostgreSQL, 1 instance",
                &one_base,
                &CYCLE_CLIENTS[1..],
                raw,
                "figures",
            )
            .await,
        ));
        drop(one);
        let database = fresh_postgres(cluster).await;
        for _ in 0..3 {
            postgres_instances.push(Instance::start(&database, &config).await.0);
        }
        let bases: Vec<String> = postgres_instances.iter().map(|i| i.base.clone()).collect();
        latencies.push((
            "PostgreSQL, 3 instances",
            deployment(
                "PostgreSQL, 3 instances",
                &bases,
                &CYCLE_CLIENTS[1..],
                raw,
                "figures",
            )
            .await,
        ));
    } else {
        println!("| PostgreSQL | skipped: `{POSTGRES_VARIABLE}` is not set | | | | | | |");
    }
    println!();

    println!("## Latency under {LATENCY_CLIENTS} concurrent clients\n");
    println!(
        "Each client posts messages in its own conversation for {LATENCY_SECONDS} s (with three instances, the clients spread over them).\n"
    );
    println!("{LATENCY_HEADER}");
    for (label, samples) in &latencies {
        latency_row(label, samples, "p99 < 50 ms");
    }
    println!();

    println!("## Event delivery\n");
    println!(
        "{SSE_MESSAGES} messages 100 ms apart; the time from sending a message to its arrival on each event stream.\n"
    );
    println!("{LATENCY_HEADER}");
    let samples = fan_out(&sqlite.base, &sqlite.base, SSE_SUBSCRIBERS).await;
    latency_row(
        &format!("SQLite, {SSE_SUBSCRIBERS} streams on the posting instance"),
        &samples,
        "figures",
    );
    if let [a, b, ..] = postgres_instances.as_slice() {
        let samples = fan_out(&a.base, &b.base, 100).await;
        latency_row(
            "PostgreSQL, 100 streams on another instance than the posting one",
            &samples,
            "figures",
        );
    }
    println!();
    drop(postgres_instances);

    println!("## Web push\n");
    let (per_second, first, all) = web_push(&sqlite.base).await;
    println!(
        "SQLite, one instance; a push service on loopback in the bench's process answering 201. Each push is encrypted for its device (RFC 8291) and signed (VAPID) by the server. {PUSHES} test pushes asked for at once over 20 devices of two deputies: **{per_second:.0} pushes/s** from the first request to the last arrival. Then {DELEGATIONS} deputy delegations started one after another (`invitations/startDeputyDelegation`): the time from the request to the first and to the last of its 20 pushes (level 1: Ben and Clara, ten devices each; scheduler, log, feed, outbox, push service).\n"
    );
    println!("{LATENCY_HEADER}");
    latency_row("delegation start to its first push", &first, "figures");
    latency_row("delegation start to its last push", &all, "figures");
    println!();
    drop(sqlite);

    let path = dir.path().join("large.db");
    let generated = Instant::now();
    let events = large_log(&path, &config).await;
    let generated = generated.elapsed();
    let (large, started) = Instance::start(&Location::File(path.clone()), &config).await;
    let resident = large.resident_kib();
    let bytes = std::fs::metadata(&path)
        .map(|m| m.len())
        .unwrap_or_default();
    println!("## Start-up over a large log\n");
    println!(
        "An SQLite log of {events} events ({} conversations of {} messages on top of the demo bank; {:.0} MB on disk; written in {:.0} s): the time from starting the process to `/readyz` answering 200 (every event replayed into memory), and the process's resident memory then.\n",
        LARGE_LOG.0,
        LARGE_LOG.1,
        bytes as f64 / 1e6,
        generated.as_secs_f64()
    );
    println!("| measure | value |\n| --- | ---: |");
    println!("| start-up to ready | {:.1} s |", started.as_secs_f64());
    println!("| resident memory | {:.0} MiB |", resident as f64 / 1024.0);
    println!();

    println!(
        "## Hand-off history and archive
"
    );
    let (entries, samples) = history_reads(&large.base).await;
    println!(
        "On the large log above: Anna reads the history of one conversation with {} hand-off steps ({FORWARDINGS} forwardings, each revoked), {HISTORY_READS} times one after another (`GET /baton/v1/conversations/{{id}}/history`: the log read for the conversation, projected through `access`, serialised); then the administrator exports the whole log's hand-off steps as an archive job does (`GET /baton/v1/audit/handoffs`, pages of 100,000 rows resumed by position; every event of the log is read).\n",
        entries
    );
    println!("{LATENCY_HEADER}");
    latency_row(
        &format!("history of {entries} entries, time to answer"),
        &samples,
        "figures",
    );
    println!();
    println!(
        "| export | rows | MB | seconds | rows/s | log events/s |\n| --- | ---: | ---: | ---: | ---: | ---: |"
    );
    for (label, csv) in [("NDJSON", false), ("CSV", true)] {
        let (rows, bytes, took) = archive_export(&large.base, csv).await;
        println!(
            "| {label} | {rows} | {:.1} | {:.1} | {:.0} | {:.0} |",
            bytes as f64 / 1e6,
            took.as_secs_f64(),
            rows as f64 / took.as_secs_f64(),
            events as f64 / took.as_secs_f64()
        );
    }
}
