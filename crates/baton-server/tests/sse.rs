//! The SSE event feed `GET /baton/v1/events` over real HTTP: what a visitor's stream never
//! shows, that an agent forwarded away learns of it, resuming with `Last-Event-ID` (header or query) without gaps or repeats, the
//! subscriber gauge, authentication, and that open streams do not hold up a shutdown.

use crate::common;

use std::sync::atomic::Ordering;
use std::time::Duration;

use baton_core::command::Command;
use baton_core::conversation::ParticipationType;
use baton_core::directory::PersonType;
use baton_core::{Actor, demo};
use common::{SseReader, TestServer, add_person, eventually, execute, refused, send};
use reqwest::Method;
use serde_json::json;

const EVENTS: &str = "/baton/v1/events";
const WAIT: Duration = Duration::from_secs(5);

async fn anna_says(server: &TestServer, conversation: &str, text: &str) {
    let path = format!("/baton/v1/conversations/{conversation}/messages");
    let response = send(
        server
            .agent(demo::ANNA, Method::POST, &path)
            .json(&json!({ "text": text })),
    )
    .await;
    assert_eq!(response.status(), 201, "{text}");
}

#[tokio::test]
async fn a_visitors_stream_never_shows_hidden_participants_agent_only_comments_or_other_conversations()
 {
    let server = TestServer::demo().await;
    add_person(
        &server,
        "walter.visitor",
        PersonType::Visitor,
        demo::ACCOUNT,
    )
    .await;
    let vera = server.session_for(demo::VERA).await;
    let mut veras = SseReader::open(server.with_session(&vera, Method::GET, EVENTS)).await;
    let mut annas = SseReader::open(server.agent(demo::ANNA, Method::GET, EVENTS)).await;

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
    execute(
        &server,
        Actor::Admin,
        Command::OffboardParticipant {
            conversation: demo::VERA_AND_ANNA.into(),
            person: demo::CLARA.into(),
            reason: baton_core::conversation::OffboardingReason::Kicked,
            comment: Some("not needed".into()),
        },
    )
    .await;
    execute(
        &server,
        Actor::Agent(demo::ANNA.into()),
        Command::ForwardToAgent {
            conversation: demo::VERA_AND_ANNA.into(),
            invitation: "fwd-1".into(),
            agent: demo::DAVID.into(),
            comment: Some("secret note for David".into()),
        },
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
    anna_says(&server, "conversation-walter", "for Walter only").await;
    anna_says(&server, demo::VERA_AND_ANNA, "sentinel").await;

    let frames = veras.until(WAIT, |f| f.data.contains("sentinel")).await;
    for frame in &frames {
        for secret in [
            demo::CLARA,
            "secret note",
            "conversation-walter",
            "Walter",
            "not needed",
        ] {
            assert!(!frame.data.contains(secret), "{secret} leaked: {frame:?}");
        }
        let kind = frame.event.as_deref().unwrap();
        assert!(
            !kind.starts_with("Invitation") && kind != "DeputiesNotified",
            "{frame:?}"
        );
        let json = frame.json();
        assert_eq!(json["$_type"], "BatonEvent");
        assert_eq!(json["seq"].as_u64().unwrap(), frame.seq());
        assert_eq!(json["event"]["type"], kind);
    }
    assert!(
        frames
            .iter()
            .any(|f| f.event.as_deref() == Some("MessagePosted")),
        "the visitor's own conversation is shown"
    );

    let agent_frames = annas.until(WAIT, |f| f.data.contains("sentinel")).await;
    for expected in ["secret note for David", "conversation-walter", demo::CLARA] {
        assert!(
            agent_frames.iter().any(|f| f.data.contains(expected)),
            "Anna sees {expected}"
        );
    }
}

#[tokio::test]
async fn the_previous_assignee_learns_of_their_removal_once_the_forwarding_is_accepted() {
    let server = TestServer::demo().await;
    let mut annas = SseReader::open(server.agent(demo::ANNA, Method::GET, EVENTS)).await;
    execute(
        &server,
        Actor::Agent(demo::ANNA.into()),
        Command::ForwardToAgent {
            conversation: demo::VERA_AND_ANNA.into(),
            invitation: "fwd-to-clara".into(),
            agent: demo::CLARA.into(),
            comment: None,
        },
    )
    .await;
    let path = "/baton/v1/invitations/fwd-to-clara/respond";
    let accepted = send(
        server
            .agent(demo::CLARA, Method::POST, path)
            .json(&json!({ "response": "ACCEPT", "channel": "QUEUE" })),
    )
    .await;
    assert_eq!(accepted.status(), 200);

    let frames = annas
        .until(WAIT, |f| {
            f.event.as_deref() == Some("ParticipantOffboarded")
        })
        .await;
    let removed = frames.last().unwrap().json();
    assert_eq!(removed["event"]["conversation"], demo::VERA_AND_ANNA);
    assert_eq!(removed["event"]["person"], demo::ANNA);
    assert!(
        frames
            .iter()
            .all(|f| f.event.as_deref() != Some("AssigneeChanged")),
        "nothing else of a conversation Anna no longer sees: {frames:?}"
    );
}

#[tokio::test]
async fn resuming_with_last_event_id_misses_nothing_and_repeats_nothing() {
    let server = TestServer::demo().await;
    let vera = server.session_for(demo::VERA).await;
    let mut first = SseReader::open(server.with_session(&vera, Method::GET, EVENTS)).await;
    for n in 1..=6 {
        anna_says(&server, demo::VERA_AND_ANNA, &format!("message {n}")).await;
    }
    let mut seen = Vec::new();
    for _ in 0..3 {
        seen.push(first.next(WAIT).await.unwrap());
    }
    drop(first);
    let last_id = seen.last().unwrap().id.clone().unwrap();
    for n in 7..=8 {
        anna_says(&server, demo::VERA_AND_ANNA, &format!("message {n}")).await;
    }

    let mut resumed = SseReader::open(
        server
            .with_session(&vera, Method::GET, EVENTS)
            .header("last-event-id", &last_id),
    )
    .await;
    let rest = resumed.until(WAIT, |f| f.data.contains("message 8")).await;
    seen.extend(rest);
    let texts: Vec<String> = seen
        .iter()
        .map(|f| {
            f.json()["event"]["body"]["value"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    let expected: Vec<String> = (1..=8).map(|n| format!("message {n}")).collect();
    assert_eq!(texts, expected, "nothing missed, nothing twice");
    assert!(seen.windows(2).all(|w| w[0].seq() < w[1].seq()));
    assert_eq!(
        resumed.next(Duration::from_millis(300)).await,
        None,
        "nothing repeated after the rest"
    );
    anna_says(&server, demo::VERA_AND_ANNA, "live again").await;
    let live = resumed.next(WAIT).await.unwrap();
    assert!(live.data.contains("live again"));
}

#[tokio::test]
async fn clients_that_cannot_set_headers_resume_with_the_query_and_the_header_wins() {
    let server = TestServer::demo().await;
    let vera = server.session_for(demo::VERA).await;
    let start = common::head(&server).await;
    for n in 1..=3 {
        anna_says(&server, demo::VERA_AND_ANNA, &format!("message {n}")).await;
    }
    let mut by_query = SseReader::open(server.with_session(
        &vera,
        Method::GET,
        &format!("{EVENTS}?lastEventId={start}"),
    ))
    .await;
    let frames = by_query.until(WAIT, |f| f.data.contains("message 3")).await;
    assert_eq!(frames.len(), 3);
    assert!(frames[0].data.contains("message 1"));

    let second = frames[1].id.clone().unwrap();
    let mut both = SseReader::open(
        server
            .with_session(&vera, Method::GET, &format!("{EVENTS}?lastEventId={start}"))
            .header("last-event-id", &second),
    )
    .await;
    let frames = both.until(WAIT, |f| f.data.contains("message 3")).await;
    assert_eq!(frames.len(), 1, "the header's newer id wins: {frames:?}");
}

#[tokio::test]
async fn a_new_stream_starts_at_the_present() {
    let server = TestServer::demo().await;
    anna_says(&server, demo::VERA_AND_ANNA, "before").await;
    let vera = server.session_for(demo::VERA).await;
    let mut stream = SseReader::open(server.with_session(&vera, Method::GET, EVENTS)).await;
    anna_says(&server, demo::VERA_AND_ANNA, "after").await;
    let frame = stream.next(WAIT).await.unwrap();
    assert!(frame.data.contains("after"), "{frame:?}");
}

#[tokio::test]
async fn the_feed_needs_a_signed_in_caller_and_an_id_it_sent() {
    let server = TestServer::demo().await;
    refused(
        &server,
        server.anonymous(Method::GET, EVENTS),
        401,
        "NOT_AUTHENTICATED",
    )
    .await;
    let vera = server.session_for(demo::VERA).await;
    refused(
        &server,
        server
            .with_session(&vera, Method::GET, EVENTS)
            .header("last-event-id", "yesterday"),
        400,
        "MALFORMED_REQUEST",
    )
    .await;
    refused(
        &server,
        server.with_session(&vera, Method::GET, &format!("{EVENTS}?lastEventId=-1")),
        400,
        "MALFORMED_REQUEST",
    )
    .await;
}

#[tokio::test]
async fn the_subscriber_gauge_counts_open_streams() {
    let server = TestServer::demo().await;
    let gauge = || server.app().metrics.sse_subscribers.load(Ordering::Relaxed);
    assert_eq!(gauge(), 0);
    let vera = server.session_for(demo::VERA).await;
    let stream = SseReader::open(server.with_session(&vera, Method::GET, EVENTS)).await;
    let other = SseReader::open(server.agent(demo::ANNA, Method::GET, EVENTS)).await;
    assert_eq!(gauge(), 2);
    drop(stream);
    drop(other);
    // The server notices a closed connection when it next writes (at the latest the
    // keep-alive); an event makes it write now.
    anna_says(&server, demo::VERA_AND_ANNA, "anyone there?").await;
    eventually("the gauge to drop to 0", || async {
        (gauge() == 0).then_some(())
    })
    .await;
}

#[tokio::test]
async fn stopping_the_server_ends_open_streams() {
    let mut server = TestServer::demo().await;
    let vera = server.session_for(demo::VERA).await;
    let mut stream = SseReader::open(server.with_session(&vera, Method::GET, EVENTS)).await;
    let running = server.running.take().unwrap();
    tokio::time::timeout(WAIT, running.stop())
        .await
        .expect("an open stream does not hold up the shutdown");
    assert_eq!(stream.next(WAIT).await, None, "the stream ended");
}
