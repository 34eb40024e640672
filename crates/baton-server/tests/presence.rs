//! Presence that follows the desk (issue 16): an agent's desk (their session's event stream)
//! makes them ONLINE at once, and they become OFFLINE the grace period after their last desk
//! closed (on the server's manual clock); HTTP Basic streams make nobody online; a desk held
//! on another instance keeps its agent online when one on this instance closes.

use crate::common;

use std::sync::atomic::Ordering;
use std::time::Duration;

use baton_core::demo;
use baton_core::directory::PresenceState;
use common::{SseReader, TestServer};
use reqwest::Method;

const EVENTS: &str = "/baton/v1/events";

/// The settings' grace period.
fn grace(server: &TestServer) -> Duration {
    Duration::from_secs(server.app().settings.presence.grace_seconds)
}

fn presence(server: &TestServer, person: &str) -> PresenceState {
    server
        .app()
        .runtime
        .read(|s| s.directory.person(&person.into()).unwrap().presence)
}

/// Waits until `server` has `person` in `expected`.
async fn until_presence(server: &TestServer, person: &str, expected: PresenceState) {
    common::eventually(&format!("{person} {expected:?}"), || async {
        (presence(server, person) == expected).then_some(())
    })
    .await;
}

/// `person`'s desk on `server`: their session's event stream.
async fn desk(server: &TestServer, person: &str) -> SseReader {
    let session = server.session(person).await;
    SseReader::open(session.without_csrf(Method::GET, EVENTS)).await
}

/// Sets `person`'s presence as the administrator.
async fn set(server: &TestServer, person: &str, presence: PresenceState) {
    server
        .app()
        .execute(
            &baton_core::Actor::Admin,
            baton_core::Command::SetPresence {
                person: person.into(),
                presence,
            },
        )
        .await
        .unwrap();
}

/// Closes desks as a browser tab does, and waits until `server` noticed: it does when it
/// next writes to them, so David's presence changes (which every agent sees) until then.
async fn close(server: &TestServer, desks: Vec<SseReader>) {
    let open = || server.app().metrics.sse_subscribers.load(Ordering::SeqCst);
    let left = open() - i64::try_from(desks.len()).unwrap();
    drop(desks);
    let mut away = false;
    common::eventually("the server noticed the desks closed", || {
        away = !away;
        let presence = if away {
            PresenceState::Away
        } else {
            PresenceState::Online
        };
        async move {
            set(server, demo::DAVID, presence).await;
            (open() == left).then_some(())
        }
    })
    .await;
}

#[tokio::test]
async fn a_desk_makes_its_agent_online_and_the_grace_after_it_closed_offline() {
    let server = TestServer::with_manual_clock(common::settings(|_| {})).await;
    set(&server, demo::ANNA, PresenceState::Offline).await;
    let first = desk(&server, demo::ANNA).await;
    until_presence(&server, demo::ANNA, PresenceState::Online).await;
    // A second desk (another tab), then the first one closes: still online after the grace.
    let second = desk(&server, demo::ANNA).await;
    close(&server, vec![first]).await;
    // Clara's desk, opened and closed after that: once she is offline, every check due by
    // then has run.
    set(&server, demo::CLARA, PresenceState::Offline).await;
    let clara = desk(&server, demo::CLARA).await;
    until_presence(&server, demo::CLARA, PresenceState::Online).await;
    close(&server, vec![clara]).await;
    server.clock().advance(grace(&server));
    until_presence(&server, demo::CLARA, PresenceState::Offline).await;
    assert_eq!(presence(&server, demo::ANNA), PresenceState::Online);

    // The last desk closes: offline once the grace is over, not before.
    close(&server, vec![second]).await;
    server
        .clock()
        .advance(grace(&server) - Duration::from_secs(1));
    set(&server, demo::BEN, PresenceState::Offline).await;
    let ben = desk(&server, demo::BEN).await;
    until_presence(&server, demo::BEN, PresenceState::Online).await;
    close(&server, vec![ben]).await;
    assert_eq!(presence(&server, demo::ANNA), PresenceState::Online);
    server.clock().advance(Duration::from_secs(1));
    until_presence(&server, demo::ANNA, PresenceState::Offline).await;
}

#[tokio::test]
async fn an_agent_away_stays_away_while_their_desk_is_open() {
    let server = TestServer::with_manual_clock(common::settings(|_| {})).await;
    set(&server, demo::ANNA, PresenceState::Away).await;
    let anna = desk(&server, demo::ANNA).await;
    // Ben's desk, opened after Anna's: once he is online, Anna's was taken in.
    set(&server, demo::BEN, PresenceState::Offline).await;
    let ben = desk(&server, demo::BEN).await;
    until_presence(&server, demo::BEN, PresenceState::Online).await;
    assert_eq!(presence(&server, demo::ANNA), PresenceState::Away);
    close(&server, vec![anna, ben]).await;
    server.clock().advance(grace(&server));
    until_presence(&server, demo::ANNA, PresenceState::Offline).await;
}

#[tokio::test]
async fn http_basic_streams_make_nobody_online() {
    let server = TestServer::with_manual_clock(common::settings(|_| {})).await;
    set(&server, demo::CLARA, PresenceState::Offline).await;
    set(&server, demo::BEN, PresenceState::Offline).await;
    let _basic = SseReader::open(server.agent(demo::CLARA, Method::GET, EVENTS)).await;
    let _ben = desk(&server, demo::BEN).await;
    until_presence(&server, demo::BEN, PresenceState::Online).await;
    assert_eq!(presence(&server, demo::CLARA), PresenceState::Offline);
}

#[tokio::test]
async fn a_desk_on_another_instance_keeps_its_agent_online() {
    let a = TestServer::with_manual_clock(common::settings(|_| {})).await;
    let b = a.another_instance(common::settings(|_| {})).await;
    set(&a, demo::ANNA, PresenceState::Offline).await;
    let on_b = desk(&b, demo::ANNA).await;
    until_presence(&a, demo::ANNA, PresenceState::Online).await;
    let on_a = desk(&a, demo::ANNA).await;
    // Ben's desk on A, opened after Anna's: once he is online, A counts Anna's desk.
    set(&a, demo::BEN, PresenceState::Offline).await;
    let ben = desk(&a, demo::BEN).await;
    until_presence(&a, demo::BEN, PresenceState::Online).await;
    close(&a, vec![on_a, ben]).await;
    // Time passes as it does, ten seconds at a time, each time until B's heartbeat says its
    // desk is still there (a jump of a minute would make B's row look abandoned).
    let mut passed = Duration::ZERO;
    while passed < grace(&a) {
        a.clock().advance(Duration::from_secs(10));
        passed += Duration::from_secs(10);
        let now = a.app().clock.now().as_millis();
        common::eventually("B's heartbeat", || async {
            let seen: Option<i64> = sqlx::query_scalar(
                "SELECT MAX(seen_at) FROM desk_streams WHERE person = $1 AND streams > 0",
            )
            .bind(demo::ANNA)
            .fetch_one(a.app().runtime.store().pool())
            .await
            .unwrap();
            seen.is_some_and(|seen| seen >= now).then_some(())
        })
        .await;
    }
    // Ben, whom no desk holds, goes offline; Anna, whose desk on B is open, does not (her
    // check runs before Ben's: due checks run in the order of the ids).
    until_presence(&a, demo::BEN, PresenceState::Offline).await;
    assert_eq!(presence(&a, demo::ANNA), PresenceState::Online);

    close(&b, vec![on_b]).await;
    a.clock().advance(grace(&a));
    until_presence(&a, demo::ANNA, PresenceState::Offline).await;
}

#[tokio::test]
async fn in_the_demo_vera_is_offered_a_deputy_until_someone_signs_in_as_anna() {
    // The demo's own configuration, nobody signed in: Anna is offline.
    let server = TestServer::demo().await;
    assert_eq!(presence(&server, demo::ANNA), PresenceState::Offline);
    let vera = server.session(demo::VERA).await;
    let path = format!("/baton/v1/conversations/{}/messages", demo::VERA_AND_ANNA);
    let prompts = || async {
        server
            .app()
            .runtime
            .store()
            .conversation_events(demo::VERA_AND_ANNA, &["DeputyPromptOffered"])
            .await
            .unwrap()
            .len()
    };
    let written = vera
        .request(Method::POST, &path)
        .json(&serde_json::json!({"text": "Hello Anna, are you there?"}))
        .send()
        .await
        .unwrap();
    assert!(written.status().is_success(), "{}", written.status());
    assert_eq!(prompts().await, 1, "Vera is asked \"Invite a deputy?\"");
}

#[tokio::test]
async fn the_desks_of_an_instance_that_died_count_for_nothing_once_its_lease_is_over() {
    let server = TestServer::with_manual_clock(common::settings(|_| {})).await;
    // Anna's desk was on an instance that died with it: its row stays, never refreshed.
    set(&server, demo::ANNA, PresenceState::Online).await;
    sqlx::query(
        "INSERT INTO desk_streams (instance, person, streams, seen_at) VALUES ($1, $2, 1, $3)",
    )
    .bind("died-holding-desks")
    .bind(demo::ANNA)
    .bind(server.clock().now().as_millis())
    .execute(server.app().runtime.store().pool())
    .await
    .unwrap();
    // Clara's desk here, held throughout: the live instance's own desks are not touched.
    set(&server, demo::CLARA, PresenceState::Offline).await;
    let _clara = desk(&server, demo::CLARA).await;
    until_presence(&server, demo::CLARA, PresenceState::Online).await;
    // The lease runs out, heartbeat by heartbeat; then the grace.
    for _ in 0..4 {
        server.clock().advance(Duration::from_secs(10));
        tokio::task::yield_now().await;
    }
    common::eventually("the dead instance's row taken over", || async {
        let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM desk_streams WHERE instance = $1")
            .bind("died-holding-desks")
            .fetch_one(server.app().runtime.store().pool())
            .await
            .unwrap();
        (left == 0).then_some(())
    })
    .await;
    assert_eq!(
        presence(&server, demo::ANNA),
        PresenceState::Online,
        "not before the grace"
    );
    server.clock().advance(grace(&server));
    until_presence(&server, demo::ANNA, PresenceState::Offline).await;
    assert_eq!(presence(&server, demo::CLARA), PresenceState::Online);
}
