//! `baton-api`'s typed event stream (`Client::events` over `ReqwestTransport`) against a real
//! server over real HTTP: an agent with Basic credentials and a visitor with a session get
//! their events decoded, a cut connection is resumed with `Last-Event-ID` without gaps or
//! repeats (through a TCP proxy the test can sever), and a refusal ends the stream with
//! `ApiError::Server`. What each reader may see is the server's business (tests/sse.rs); the
//! parser and the backoff are unit-tested in `baton-api`.

use crate::common;

use std::pin::{Pin, pin};
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use baton_api::client::native::ReqwestTransport;
use baton_api::client::{ApiError, Client};
use baton_api::wire::auth::SecureTokenRequest;
use baton_api::wire::baton::{BatonEvent, BatonPostMessageBody};
use baton_api::wire::conversation::ConversationsAddParticipantBody;
use baton_core::event::MessageBody;
use baton_core::{Event, demo};
use common::{ADMIN, TestServer, eventually, head};
use futures_util::{Stream, StreamExt};
use serde_json::json;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::task::AbortHandle;
use tokio::time::timeout;

/// An upper bound for anything to arrive; nothing waits this long when all is well.
const WAIT: Duration = Duration::from_secs(10);

type Events<'a> = Pin<&'a mut dyn Stream<Item = Result<BatonEvent, ApiError>>>;

#[allow(
    clippy::unwrap_used,
    reason = "a test helper: a transport that cannot be built fails the test"
)]
fn transport(base: &str) -> ReqwestTransport {
    ReqwestTransport::new(base).unwrap()
}

fn agent(base: &str, username: &str) -> Client<ReqwestTransport> {
    let password = baton_server::server::demo_password(username);
    Client::basic(transport(base), username, password)
}

/// Vera, signed in with the JWT the demo bank mints for her (a session: cookie + CSRF).
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test helper: a demo bank that does not answer fails the test"
)]
async fn vera(server: &TestServer) -> Client<ReqwestTransport> {
    let minted: SecureTokenRequest = common::client()
        .post(format!("{}/demo/bank/token", server.base))
        .json(&json!({"username": demo::VERA}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let vera = Client::anonymous(transport(&server.base));
    timeout(WAIT, vera.login_with_secure_token(&minted))
        .await
        .expect("signed in within the time limit")
        .unwrap();
    vera
}

#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test helper: a message that cannot be posted fails the test"
)]
async fn say(client: &Client<ReqwestTransport>, text: &str) {
    let body = BatonPostMessageBody {
        kind: Default::default(),
        text: text.to_owned(),
    };
    timeout(
        WAIT,
        client.post_message(&demo::VERA_AND_ANNA.into(), &body),
    )
    .await
    .expect("posted within the time limit")
    .unwrap();
}

/// The text of a posted message, `None` for any other event.
fn text(event: &BatonEvent) -> Option<&str> {
    match event.event() {
        Event::MessagePosted {
            body: MessageBody::Text(text),
            ..
        } => Some(text),
        _ => None,
    }
}

/// The events up to the message `last` (included), each decoded; panics on an error item or
/// when the stream ends first.
#[allow(
    clippy::unwrap_used,
    reason = "a test helper: an error item fails the test"
)]
async fn events_until(events: &mut Events<'_>, last: &str) -> Vec<BatonEvent> {
    let mut seen = Vec::new();
    loop {
        let event = events
            .next()
            .await
            .unwrap_or_else(|| panic!("the stream ended before {last:?}; got {seen:#?}"))
            .unwrap();
        let done = text(&event) == Some(last);
        seen.push(event);
        if done {
            return seen;
        }
    }
}

/// The (seq, text) of the messages among `events`.
fn messages(events: &[BatonEvent]) -> Vec<(u64, String)> {
    events
        .iter()
        .filter_map(|e| Some((e.seq(), text(e)?.to_owned())))
        .collect()
}

/// Waits until the server has `count` open event streams.
async fn subscribed(server: &TestServer, count: i64) {
    let gauge = || server.app().metrics.sse_subscribers.load(Ordering::Relaxed);
    eventually(&format!("{count} open streams"), || async {
        (gauge() >= count).then_some(())
    })
    .await;
}

#[tokio::test]
async fn an_agent_with_basic_credentials_gets_the_posted_message_as_a_typed_event() {
    let server = TestServer::demo().await;
    let anna = agent(&server.base, demo::ANNA);
    let stream = pin!(anna.events(None));
    let mut events: Events<'_> = stream;
    let (received, ()) = tokio::join!(
        timeout(
            WAIT,
            events_until(&mut events, "Hello from the typed stream")
        ),
        async {
            subscribed(&server, 1).await;
            say(&anna, "Hello from the typed stream").await;
        }
    );
    let received = received.expect("the message within the time limit");
    let posted = received.last().expect("one event at least");
    let Event::MessagePosted {
        conversation,
        author,
        ..
    } = posted.event()
    else {
        panic!("not a message: {posted:?}");
    };
    assert_eq!(conversation.as_str(), demo::VERA_AND_ANNA);
    assert!(format!("{author:?}").contains(demo::ANNA), "{author:?}");
}

#[tokio::test]
async fn a_visitor_with_a_session_gets_her_events_but_never_a_hidden_participant() {
    let server = TestServer::demo().await;
    let vera = vera(&server).await;
    let anna = agent(&server.base, demo::ANNA);
    let admin = Client::basic(transport(&server.base), ADMIN.0, ADMIN.1);
    let start = head(&server).await;
    let mut veras: Events<'_> = pin!(vera.events(Some(start)));
    let mut annas: Events<'_> = pin!(anna.events(Some(start)));

    let clara_hidden = ConversationsAddParticipantBody {
        person_id: demo::CLARA.into(),
        hidden: true,
        conversation_starred: None,
    };
    timeout(
        WAIT,
        admin.conversations_add_participant(&demo::VERA_AND_ANNA.into(), &clara_hidden),
    )
    .await
    .expect("Clara joins within the time limit")
    .expect("Clara joins hidden");
    say(&anna, "sentinel").await;

    let json = |events: &[BatonEvent]| serde_json::to_string(events).expect("events encode");
    let annas = timeout(WAIT, events_until(&mut annas, "sentinel"))
        .await
        .expect("Anna's events within the time limit");
    assert!(json(&annas).contains(demo::CLARA), "Anna sees Clara join");
    let veras = timeout(WAIT, events_until(&mut veras, "sentinel"))
        .await
        .expect("Vera's events within the time limit");
    assert!(!json(&veras).contains(demo::CLARA), "{veras:#?}");
    assert_eq!(messages(&veras).len(), 1, "{veras:#?}");
}

/// A TCP proxy in front of the server whose connections the test can cut, and whose new
/// connections it can hold back.
struct Proxy {
    base: String,
    /// Connections accepted so far.
    accepted: watch::Receiver<usize>,
    /// Whether new connections are forwarded (else they wait).
    open: watch::Sender<bool>,
    connections: Arc<Mutex<Vec<AbortHandle>>>,
}

#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test infrastructure: a proxy that fails fails the test"
)]
impl Proxy {
    async fn start(server: &TestServer) -> Self {
        let target = server.base.trim_start_matches("http://").to_owned();
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let (count, accepted) = watch::channel(0);
        let (open, gate) = watch::channel(true);
        let connections = Arc::new(Mutex::new(Vec::new()));
        let handles = Arc::clone(&connections);
        tokio::spawn(async move {
            while let Ok((mut inbound, _)) = listener.accept().await {
                count.send_modify(|n| *n += 1);
                let mut gate = gate.clone();
                let target = target.clone();
                let task = tokio::spawn(async move {
                    if gate.wait_for(|open| *open).await.is_err() {
                        return;
                    }
                    let mut outbound = TcpStream::connect(target).await.unwrap();
                    // Ends when either side closes; the test does not care how.
                    let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                });
                handles.lock().unwrap().push(task.abort_handle());
            }
        });
        Self {
            base,
            accepted,
            open,
            connections,
        }
    }

    /// Cuts every connection and holds new ones until [`Proxy::resume`].
    fn sever(&self) {
        self.open.send_replace(false);
        for connection in self.connections.lock().unwrap().drain(..) {
            connection.abort();
        }
    }

    fn resume(&self) {
        self.open.send_replace(true);
    }

    /// Waits until `count` connections were accepted.
    async fn accepted(&self, count: usize) {
        let mut accepted = self.accepted.clone();
        timeout(WAIT, accepted.wait_for(|n| *n >= count))
            .await
            .expect("the connection within the time limit")
            .unwrap();
    }
}

#[tokio::test]
async fn a_cut_connection_is_resumed_with_the_last_event_id_missing_nothing_repeating_nothing() {
    let server = TestServer::demo().await;
    let proxy = Proxy::start(&server).await;
    let anna = agent(&server.base, demo::ANNA);
    let behind_proxy = agent(&proxy.base, demo::ANNA);
    let mut events: Events<'_> = pin!(behind_proxy.events(Some(head(&server).await)));

    say(&anna, "message 1").await;
    let mut seen = timeout(WAIT, events_until(&mut events, "message 1"))
        .await
        .expect("message 1 within the time limit");
    proxy.sever();
    let (rest, ()) = tokio::join!(
        timeout(WAIT, events_until(&mut events, "message 4")),
        async {
            // The stream noticed the cut and reconnected; its request waits in the proxy
            // while these are recorded.
            proxy.accepted(2).await;
            for n in 2..=4 {
                say(&anna, &format!("message {n}")).await;
            }
            proxy.resume();
        }
    );
    seen.extend(rest.expect("the messages sent while cut off, within the time limit"));
    say(&anna, "message 5").await;
    seen.extend(
        timeout(WAIT, events_until(&mut events, "message 5"))
            .await
            .expect("message 5 within the time limit"),
    );

    let messages = messages(&seen);
    let texts: Vec<&str> = messages.iter().map(|(_, text)| text.as_str()).collect();
    assert_eq!(
        texts,
        (1..=5).map(|n| format!("message {n}")).collect::<Vec<_>>(),
        "each once, in order"
    );
    assert!(
        seen.windows(2).all(|w| w[0].seq() < w[1].seq()),
        "{seen:#?}"
    );
    assert_eq!(*proxy.accepted.borrow(), 2, "one reconnect");
}

#[tokio::test]
async fn an_anonymous_stream_ends_with_the_401() {
    let server = TestServer::demo().await;
    let anonymous = Client::anonymous(transport(&server.base));
    let mut events: Events<'_> = pin!(anonymous.events(None));
    let first = timeout(WAIT, events.next())
        .await
        .expect("the answer within the time limit")
        .expect("one item");
    let Err(ApiError::Server { status, body, .. }) = first else {
        panic!("the refusal expected: {first:?}");
    };
    assert_eq!((status, body.code().as_str()), (401, "NOT_AUTHENTICATED"));
    let next = timeout(WAIT, events.next())
        .await
        .expect("the end within the time limit");
    assert!(next.is_none(), "the stream ended: {next:?}");
}
