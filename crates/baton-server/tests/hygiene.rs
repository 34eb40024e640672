//! Connection hygiene over real sockets: a client that sends half a header line, or nothing
//! after a response, is disconnected after the configured timeout; a request that takes too
//! long is answered 503 while the event stream runs on; stopping the server stops accepting
//! at once, lets a request in flight finish and does not wait for stalled clients beyond the
//! grace period; one person's event streams are capped; resuming from `Last-Event-ID: 0`
//! streams exactly what the caller may see; a failing background task stops the server with
//! a report (and the binary with a non-zero exit).

use crate::common;

use std::time::Duration;

use baton_api::wire::baton::BatonEvent;
use baton_core::command::Command;
use baton_core::conversation::ParticipationType;
use baton_core::directory::PersonType;
use baton_core::{Actor, demo};
use baton_server::limits::LimitSettings;
use baton_server::settings::Settings;
use common::{SseReader, TestServer, add_person, execute, head, refused, send};
use reqwest::Method;
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::time::Instant;

const EVENTS: &str = "/baton/v1/events";
/// The longest any awaited condition may take before the test fails.
const WAIT: Duration = Duration::from_secs(10);
/// Timer slack: a connection closed by a timer closes no earlier than this before it.
const SLACK: Duration = Duration::from_millis(100);

/// The demo server with these `[limits]`.
async fn server_with(limits: LimitSettings) -> TestServer {
    TestServer::with_settings(Settings {
        limits,
        ..common::settings(|_| {})
    })
    .await
}

/// A raw connection to the server, for what an HTTP client library would not send.
async fn connect(server: &TestServer) -> TcpStream {
    let address = server.running.as_ref().expect("running").address;
    tokio::time::timeout(WAIT, TcpStream::connect(address))
        .await
        .expect("connects in time")
        .expect("connects")
}

/// Waits until the server closes `stream` (end of file or reset); returns when, measured
/// from `since`. Panics if it stays open for [`WAIT`].
async fn closed(stream: &mut TcpStream, since: Instant) -> Duration {
    let mut buffer = [0u8; 1024];
    loop {
        match tokio::time::timeout(WAIT, stream.read(&mut buffer)).await {
            Ok(Ok(0) | Err(_)) => return since.elapsed(),
            Ok(Ok(_)) => {}
            Err(_) => panic!("the server kept the connection open for {WAIT:?}"),
        }
    }
}

/// Reads one response with a `Content-Length` body: its status and body.
async fn response(stream: &mut TcpStream) -> (u16, String) {
    let mut bytes = Vec::new();
    let mut buffer = [0u8; 4096];
    let deadline = Instant::now() + WAIT;
    loop {
        let text = String::from_utf8_lossy(&bytes).into_owned();
        if let Some(end) = text.find("\r\n\r\n") {
            let head = &text[..end];
            let length = head
                .lines()
                .find_map(|line| {
                    let (name, value) = line.split_once(':')?;
                    name.eq_ignore_ascii_case("content-length")
                        .then(|| value.trim().parse::<usize>().ok())?
                })
                .unwrap_or(0);
            if bytes.len() >= end + 4 + length {
                let status = head[9..12].parse().expect("a status code");
                return (status, text[end + 4..end + 4 + length].to_owned());
            }
        }
        let read = tokio::time::timeout_at(deadline, stream.read(&mut buffer))
            .await
            .expect("the response came in time")
            .expect("reads");
        assert!(read > 0, "closed before a whole response: {text}");
        bytes.extend_from_slice(&buffer[..read]);
    }
}

/// The head of Anna's `POST .../messages` whose JSON body is `length` bytes long.
fn message_post_head(length: usize) -> String {
    use base64::Engine;
    let password = baton_server::server::demo_password(demo::ANNA);
    let basic =
        base64::engine::general_purpose::STANDARD.encode(format!("{}:{password}", demo::ANNA));
    format!(
        "POST /baton/v1/conversations/{}/messages HTTP/1.1\r\nHost: baton\r\n\
         Authorization: Basic {basic}\r\nContent-Type: application/json\r\n\
         Content-Length: {length}\r\n\r\n",
        demo::VERA_AND_ANNA
    )
}

#[tokio::test]
async fn half_a_header_line_is_disconnected_after_the_header_timeout() {
    let server = server_with(LimitSettings {
        header_read_timeout_seconds: 1,
        keep_alive_idle_seconds: 60,
        ..LimitSettings::default()
    })
    .await;
    let mut client = connect(&server).await;
    client
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: ba")
        .await
        .unwrap();
    let after = closed(&mut client, Instant::now()).await;
    assert!(
        after >= Duration::from_secs(1) - SLACK,
        "closed after {after:?}"
    );
}

#[tokio::test]
async fn a_keep_alive_connection_that_sends_nothing_after_a_response_is_closed_after_the_idle_timeout()
 {
    let server = server_with(LimitSettings {
        header_read_timeout_seconds: 1,
        keep_alive_idle_seconds: 2,
        ..LimitSettings::default()
    })
    .await;
    let mut client = connect(&server).await;
    for _ in 0..2 {
        client
            .write_all(b"GET /healthz HTTP/1.1\r\nHost: baton\r\n\r\n")
            .await
            .unwrap();
        let (status, _) = response(&mut client).await;
        assert_eq!(status, 200, "the connection is kept alive between requests");
    }
    let after = closed(&mut client, Instant::now()).await;
    assert!(
        after >= Duration::from_secs(2) - SLACK,
        "closed after {after:?}: the idle timeout (2 s), not the header timeout (1 s), applies"
    );
}

#[tokio::test]
async fn a_request_over_the_request_timeout_gets_503_and_the_event_stream_runs_on() {
    let server = server_with(LimitSettings {
        request_timeout_seconds: 1,
        ..LimitSettings::default()
    })
    .await;
    let vera = server.session_for(demo::VERA).await;
    let mut stream = SseReader::open(server.with_session(&vera, Method::GET, EVENTS)).await;
    let before = head(&server).await;

    // A body that never arrives whole keeps the handler waiting.
    let body = br#"{"text":"never finished"}"#;
    let mut slow = connect(&server).await;
    let started = Instant::now();
    slow.write_all(message_post_head(body.len()).as_bytes())
        .await
        .unwrap();
    slow.write_all(&body[..10]).await.unwrap();
    let (status, answer) = response(&mut slow).await;
    assert!(started.elapsed() >= Duration::from_secs(1) - SLACK);
    assert_eq!(status, 503, "{answer}");
    let answer: Value = serde_json::from_str(&answer).unwrap();
    assert_eq!(answer["$_type"], "Error");
    assert_eq!(answer["statusCode"], 503);
    assert_eq!(answer["errorCode"], "TIMEOUT");
    assert_eq!(head(&server).await, before, "nothing recorded");

    // The stream, open for longer than the request timeout by now, still delivers.
    let posted = send(
        server
            .agent(
                demo::ANNA,
                Method::POST,
                &format!("/baton/v1/conversations/{}/messages", demo::VERA_AND_ANNA),
            )
            .json(&serde_json::json!({ "text": "still streaming" })),
    )
    .await;
    assert_eq!(posted.status(), 201);
    let frame = stream.next(WAIT).await.expect("the stream is still open");
    assert!(frame.data.contains("still streaming"), "{frame:?}");
}

#[tokio::test]
async fn stopping_stops_accepting_finishes_requests_in_flight_and_drops_stalled_clients_after_the_grace_period()
 {
    let mut server = server_with(LimitSettings {
        header_read_timeout_seconds: 60,
        shutdown_grace_seconds: 2,
        ..LimitSettings::default()
    })
    .await;
    let address = server.running.as_ref().unwrap().address;
    let store = server.app().runtime.store().clone();
    let before = store.head().await.unwrap();
    let mut stalled = connect(&server).await;
    stalled
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: ba")
        .await
        .unwrap();
    let body = br#"{"text":"sent while stopping"}"#;
    let mut in_flight = connect(&server).await;
    let head_expecting_continue =
        message_post_head(body.len()).replace("\r\n\r\n", "\r\nExpect: 100-continue\r\n\r\n");
    in_flight
        .write_all(head_expecting_continue.as_bytes())
        .await
        .unwrap();
    // `100 Continue` comes once the handler reads the body: the request is in flight.
    assert_eq!(response(&mut in_flight).await.0, 100);

    let running = server.running.take().unwrap();
    let started = Instant::now();
    let stopping = tokio::spawn(running.stop());
    // Stops accepting at once.
    loop {
        match TcpStream::connect(address).await {
            Err(_) => break,
            Ok(_) => {
                assert!(started.elapsed() < WAIT, "still accepting");
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        }
    }
    // The request in flight finishes.
    in_flight.write_all(body).await.unwrap();
    let (status, answer) = response(&mut in_flight).await;
    assert_eq!(status, 201, "{answer}");
    assert_eq!(store.head().await.unwrap(), before + 1);

    let report = tokio::time::timeout(WAIT, stopping)
        .await
        .expect("the stop ends")
        .expect("the stop does not panic");
    let took = started.elapsed();
    assert!(
        took < Duration::from_secs(2) + Duration::from_millis(500),
        "the stop took {took:?} for a grace period of 2 s"
    );
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    closed(&mut stalled, started).await;
}

#[tokio::test]
async fn one_person_may_open_only_so_many_streams_and_a_closed_stream_frees_its_slot() {
    let server = server_with(LimitSettings {
        max_streams_per_person: 2,
        ..LimitSettings::default()
    })
    .await;
    let vera = server.session_for(demo::VERA).await;
    let open = || server.with_session(&vera, Method::GET, EVENTS);
    let first = SseReader::open(open()).await;
    let _second = SseReader::open(open()).await;
    let body = refused(&server, open(), 429, "TOO_MANY_STREAMS").await;
    assert!(
        body["errorMessage"].as_str().unwrap().contains('2'),
        "{body}"
    );
    let _annas = SseReader::open(server.agent(demo::ANNA, Method::GET, EVENTS)).await;

    drop(first);
    // The server notices a closed stream when it next writes to it: an event Vera may see.
    let posted = send(
        server
            .agent(
                demo::ANNA,
                Method::POST,
                &format!("/baton/v1/conversations/{}/messages", demo::VERA_AND_ANNA),
            )
            .json(&serde_json::json!({ "text": "anyone there?" })),
    )
    .await;
    assert_eq!(posted.status(), 201);
    let deadline = Instant::now() + WAIT;
    loop {
        let response = send(open()).await;
        if response.status() == 200 {
            break;
        }
        assert_eq!(response.status(), 429);
        assert!(
            Instant::now() < deadline,
            "the closed stream's slot was not freed"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn a_visitor_resuming_from_zero_gets_exactly_the_events_they_may_see() {
    let server = TestServer::demo().await;
    add_person(
        &server,
        "walter.visitor",
        PersonType::Visitor,
        demo::ACCOUNT,
    )
    .await;
    execute(
        &server,
        Actor::Admin,
        Command::CreateConversation {
            id: "conversation-walter".into(),
            account: demo::ACCOUNT.into(),
            topic: Some("Walter's mortgage".into()),
            visitor: Some("walter.visitor".into()),
            assignee: Some(demo::ANNA.into()),
            recipient: None,
            request: None,
        },
    )
    .await;
    execute(
        &server,
        Actor::Admin,
        Command::AddParticipant {
            conversation: demo::VERA_AND_ANNA.into(),
            person: demo::CLARA.into(),
            participation_type: ParticipationType::SecondaryAgent,
            hidden: true,
        },
    )
    .await;
    // Several of the follower's pages (256 events), most of them not Vera's to see.
    let anna = Actor::Agent(demo::ANNA.into());
    for n in 0..600 {
        let conversation = if n % 3 == 0 {
            demo::VERA_AND_ANNA
        } else {
            "conversation-walter"
        };
        execute(
            &server,
            anna.clone(),
            Command::PostMessage {
                conversation: conversation.into(),
                message: format!("resume-{n}").as_str().into(),
                text: format!("resume {n}"),
            },
        )
        .await;
    }

    let vera = Actor::Visitor(demo::VERA.into());
    let runtime = &server.app().runtime;
    let expected: Vec<(u64, Value)> = runtime
        .store()
        .load_after(0)
        .await
        .unwrap()
        .iter()
        .filter_map(|recorded| {
            runtime
                .read(|state| {
                    BatonEvent::for_actor(
                        recorded.seq,
                        recorded.recorded_at,
                        state,
                        &vera,
                        &recorded.event,
                    )
                })
                .map(|view| (recorded.seq, serde_json::to_value(view).unwrap()))
        })
        .collect();
    let last = expected.last().unwrap().0;
    assert!(expected.len() >= 200, "{} events", expected.len());

    let session = server.session_for(demo::VERA).await;
    let mut resumed = SseReader::open(
        server
            .with_session(&session, Method::GET, EVENTS)
            .header("last-event-id", "0"),
    )
    .await;
    let frames = resumed.until(WAIT, |frame| frame.seq() == last).await;
    let streamed: Vec<(u64, Value)> = frames.iter().map(|f| (f.seq(), f.json())).collect();
    assert_eq!(streamed.len(), expected.len());
    assert!(
        streamed == expected,
        "exactly what BatonEvent::for_actor shows Vera, in order"
    );
    for frame in &frames {
        for secret in [demo::CLARA, "conversation-walter", "Walter"] {
            assert!(!frame.data.contains(secret), "{secret} leaked: {frame:?}");
        }
    }
    // Nothing else was queued before the live events.
    let live = send(
        server
            .agent(
                demo::ANNA,
                Method::POST,
                &format!("/baton/v1/conversations/{}/messages", demo::VERA_AND_ANNA),
            )
            .json(&serde_json::json!({ "text": "live" })),
    )
    .await;
    assert_eq!(live.status(), 201);
    let next = resumed.next(WAIT).await.unwrap();
    assert!(next.data.contains("live"), "{next:?}");
}

/// A `[smtp]` table the mail delivery cannot start with (its sender is no address).
fn broken_mail_config(dir: &std::path::Path) -> std::path::PathBuf {
    let path = dir.join("broken-mail.toml");
    std::fs::write(
        &path,
        "[smtp]\nhost = \"127.0.0.1\"\nport = 2525\ntls = \"none\"\nfrom = \"not a mailbox\"\n",
    )
    .unwrap();
    path
}

#[tokio::test]
async fn a_failing_background_task_stops_the_server_and_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let settings = Settings::load(Some(&broken_mail_config(dir.path()))).unwrap();
    let mut server = TestServer::with_settings(settings).await;
    let running = server.running.take().unwrap();
    let report = tokio::time::timeout(WAIT, running.wait())
        .await
        .expect("the server stops by itself");
    let tasks: Vec<&str> = report.failures.iter().map(|f| f.task).collect();
    assert_eq!(tasks, ["mail delivery"], "{:?}", report.failures);
    assert!(report.into_result().is_err());
}

#[tokio::test]
async fn the_binary_exits_non_zero_when_a_background_task_failed() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_baton-server"))
        .args(["--listen", "127.0.0.1:0", "--database"])
        .arg(dir.path().join("baton.db"))
        .arg("--config")
        .arg(broken_mail_config(dir.path()))
        .env("RUST_LOG", "error")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("the server kept running with a failed background task");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(!status.success(), "{status}");
}
