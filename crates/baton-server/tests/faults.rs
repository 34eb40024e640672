//! A fault-injection run against the real `baton-server` binary (issue 12, item 9): concurrent
//! clients drive a mixed load over real HTTP (forwardings and their accepts, Vera's requests to
//! Anna delegated to her deputies, some accepted by a deputy and the rest left unanswered,
//! messages, PIN invitations) while the process is killed with SIGKILL at 10 random points
//! and restarted on the same SQLite file. A webhook receiver on loopback records every
//! delivery. After the last restart: every acknowledged command is in the state, every
//! delegation ends (accepted, or `assignment_request.unanswered` arrived), and no webhook
//! arrived twice under two different event ids (the same id twice is allowed: receivers drop
//! duplicates by id).
//!
//! The same load against three instances on one database (issue 15; PostgreSQL in the
//! `postgres` layer, one SQLite file in `test`), spread over them round robin as a load
//! balancer without sticky sessions does, with one instance killed for good half-way: the same
//! checks hold on the survivors (the killed one's escalations fire on them, its claimed
//! webhooks are sent by them once the claim's lease ends), and the event streams that began on
//! the killed instance resume on another with `Last-Event-ID` and miss nothing: the
//! administrator's has every log position, Anna's and Vera's every acknowledged message.
//!
//! The kill points (acknowledged commands between two kills) and every client's choices come
//! from one seeded RNG; the seed is printed and `BATON_FAULT_SEED=<seed>` runs with it again
//! (the interleaving of the concurrent clients still varies). Run with `--nocapture` to see
//! the figures.

use crate::common;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use baton_api::wire::conversation::ConversationData;
use baton_core::demo::{ANNA, BEN, CLARA, DAVID, VERA, VERA_AND_ANNA};
use baton_core::event::Event;
use baton_server::database::Location;
use baton_server::server::demo_password;
use baton_server::store::{Durability, EventStore};
use common::process::{Process, client, database_argument, eventually, free_port, spawn_on};
use common::{CookieSession, ReceivedWebhook, SseFrame, SseReader, WebhookReceiver};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use reqwest::{Client, Method, RequestBuilder, StatusCode};
use serde_json::{Value, json};
use tokio::task::JoinSet;
use tokio::time::Instant;

/// SIGKILLs in one run.
const KILLS: usize = 10;
/// Acknowledged commands between a restart and the next kill: drawn from this range.
const ACKS_BEFORE_KILL: std::ops::Range<usize> = 20..250;
/// Acknowledged commands after the last restart before the load stops.
const ACKS_AFTER_LAST_RESTART: usize = 60;
/// The longest a client waits for the server to come back or a request to reach a deputy's
/// queue, and the clients to stop.
const WAIT: Duration = Duration::from_secs(45);
/// The longest the checks wait for the webhooks the log calls for: a healthy outbox delivers
/// within a few seconds (its loop polls every second).
const SETTLE: Duration = Duration::from_secs(20);
/// The webhooks the receiver subscribes to: each has one logical key (see [`logical_key`]).
const EVENTS: [&str; 8] = [
    "conversation.created",
    "agent_forwarding.created",
    "agent_forwarding.redeemed",
    "agent_forwarding.revoked",
    "pin.created",
    "push_notification.deputy_delegation",
    "push_notification.revoke_deputy_delegation",
    "assignment_request.unanswered",
];
const UNANSWERED: &str = "assignment_request.unanswered";
/// Every person's event stream.
const EVENT_STREAM: &str = "/baton/v1/events";

/// Delegation on, every countdown 1 s: a request to Anna reaches Ben and Clara (level 1)
/// after 1 s, David (level 2, team Advisory) after 2 s, and is unanswered after 3 s; then
/// `more` (TOML tables).
fn config(dir: &Path, more: &str) -> std::path::PathBuf {
    let path = dir.join("baton.toml");
    std::fs::write(
        &path,
        r#""com.unblu.messenger.enableDeputyDelegation" = true
"com.unblu.conversation.invitation.enableDeputyDelegation" = true
"com.unblu.conversation.invitation.level1EscalationTimeoutSeconds" = 1
"com.unblu.conversation.invitation.level2EscalationTimeoutSeconds" = 1
"com.unblu.conversation.invitation.level3EscalationTimeoutSeconds" = 1
"com.unblu.conversation.invitation.unansweredEscalationTimeoutSeconds" = 1
[webhooks]
allow_private_networks = true
"#
        .to_owned()
            + more,
    )
    .expect("config written");
    path
}

/// Who sends a request.
#[derive(Clone)]
enum Caller {
    /// The web API administrator (HTTP Basic).
    Admin,
    /// A demo agent with HTTP Basic (password: the first name).
    Agent(&'static str),
    /// A visitor's browser session (cookie and CSRF token).
    Session(CookieSession),
}

/// What the client learnt of one command.
enum Outcome {
    /// A 2xx and its whole body.
    Acknowledged(Value),
    /// An error answer: the command was refused and changed nothing.
    Refused,
    /// No (complete) answer: the server died; the command may or may not be recorded.
    Unknown,
}

/// An accept of a forwarding or of a delegated request.
#[derive(Debug)]
struct Accept {
    conversation: String,
    invitation: String,
    agent: &'static str,
    /// `false`: sent, but no answer came (the kill).
    acknowledged: bool,
}

/// Everything the clients sent and what they were told.
#[derive(Default)]
struct Ledger {
    sent: usize,
    refused: Vec<String>,
    unknown: usize,
    conversations: Vec<String>,
    forwardings: Vec<String>,
    messages: Vec<String>,
    pins: Vec<String>,
    accepts: Vec<Accept>,
}

/// The clients' shared view: the servers' addresses (one, the same across restarts; or the
/// instances still alive), the ledger, the count the kills are timed by and the stop signal.
struct Load {
    bases: Mutex<Vec<String>>,
    /// Which of `bases` the next request goes to, round robin.
    turn: AtomicUsize,
    http: Client,
    ledger: Mutex<Ledger>,
    acknowledged: AtomicUsize,
    stop: AtomicBool,
}

impl Load {
    fn new(bases: Vec<String>) -> Arc<Self> {
        Arc::new(Self {
            bases: Mutex::new(bases),
            turn: AtomicUsize::new(0),
            http: client(),
            ledger: Mutex::new(Ledger::default()),
            acknowledged: AtomicUsize::new(0),
            stop: AtomicBool::new(false),
        })
    }

    /// The next server's address, as a load balancer without sticky sessions picks it.
    fn base(&self) -> String {
        let bases = self.bases.lock().unwrap();
        bases[self.turn.fetch_add(1, Ordering::Relaxed) % bases.len()].clone()
    }

    /// Takes an instance out of the rotation before it is killed for good.
    fn retire(&self, base: &str) {
        self.bases.lock().unwrap().retain(|b| b != base);
    }

    fn request(&self, caller: &Caller, method: Method, path: &str) -> RequestBuilder {
        self.request_to(&self.base(), caller, method, path)
    }

    /// A request to the server at `base`.
    fn request_to(
        &self,
        base: &str,
        caller: &Caller,
        method: Method,
        path: &str,
    ) -> RequestBuilder {
        let request = self.http.request(method, format!("{base}{path}"));
        match caller {
            Caller::Admin => request.basic_auth(common::ADMIN.0, Some(common::ADMIN.1)),
            Caller::Agent(name) => request.basic_auth(name, Some(demo_password(name))),
            Caller::Session(session) => request
                .header("cookie", format!("baton_session={}", session.token))
                .header("x-csrf-token", &session.csrf),
        }
    }

    /// Sends one command and books its outcome; after a lost answer, waits until the server
    /// is back.
    async fn command(&self, what: &str, request: RequestBuilder) -> Outcome {
        self.ledger.lock().unwrap().sent += 1;
        let outcome = match request.send().await {
            Ok(response) if response.status().is_success() => {
                match response.bytes().await {
                    // A 2xx whose body did not arrive was not received by the client.
                    Err(_) => Outcome::Unknown,
                    Ok(bytes) => {
                        Outcome::Acknowledged(serde_json::from_slice(&bytes).unwrap_or(Value::Null))
                    }
                }
            }
            Ok(response) => {
                let status = response.status();
                let body = response.text().await.unwrap_or_default();
                self.ledger
                    .lock()
                    .unwrap()
                    .refused
                    .push(format!("{what}: {status} {body}"));
                Outcome::Refused
            }
            Err(_) => Outcome::Unknown,
        };
        match outcome {
            Outcome::Acknowledged(_) => {
                self.acknowledged.fetch_add(1, Ordering::SeqCst);
            }
            Outcome::Unknown => {
                self.ledger.lock().unwrap().unknown += 1;
                self.until_up().await;
            }
            Outcome::Refused => {}
        }
        outcome
    }

    /// A read: `None` if the server did not answer 200 (then waits until it is back).
    async fn read(&self, request: RequestBuilder) -> Option<Value> {
        match request.send().await {
            Ok(response) if response.status() == StatusCode::OK => response.json().await.ok(),
            _ => {
                self.until_up().await;
                None
            }
        }
    }

    /// Waits until a server (the restarted one, or another instance) answers `/healthz`.
    async fn until_up(&self) {
        eventually("the server is back", WAIT, || async {
            let up = self
                .http
                .get(format!("{}/healthz", self.base()))
                .send()
                .await
                .is_ok_and(|r| r.status() == StatusCode::OK);
            up.then_some(())
        })
        .await;
    }

    fn stopped(&self) -> bool {
        self.stop.load(Ordering::SeqCst)
    }

    /// The id of the request of `conversation` once it is in `deputy`'s queue; `None` if it
    /// does not get there in time or the load stops first (the final checks tell whether it
    /// was stalled).
    async fn queued_for(&self, deputy: &'static str, conversation: &str) -> Option<String> {
        let deadline = Instant::now() + WAIT;
        while Instant::now() < deadline && !self.stopped() {
            let queue = self
                .read(self.request(&Caller::Agent(deputy), Method::GET, "/baton/v1/queue"))
                .await;
            let found = queue.as_ref().and_then(Value::as_array).and_then(|items| {
                items
                    .iter()
                    .find(|i| i["invitation"]["conversationId"] == conversation)
                    .and_then(|i| i["invitation"]["id"].as_str())
                    .map(str::to_owned)
            });
            if found.is_some() {
                return found;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        None
    }

    /// `agent` accepts `invitation` from their queue; booked as an [`Accept`] unless refused.
    async fn accept(&self, agent: &'static str, conversation: &str, invitation: &str) {
        let request = self
            .request(
                &Caller::Agent(agent),
                Method::POST,
                &format!("/baton/v1/invitations/{invitation}/respond"),
            )
            .json(&json!({"response": "ACCEPT", "channel": "QUEUE"}));
        let acknowledged = match self.command("accept", request).await {
            Outcome::Acknowledged(_) => true,
            Outcome::Unknown => false,
            Outcome::Refused => return,
        };
        self.ledger.lock().unwrap().accepts.push(Accept {
            conversation: conversation.to_owned(),
            invitation: invitation.to_owned(),
            agent,
            acknowledged,
        });
    }
}

/// The `id` of an acknowledged body.
fn id(body: &Value) -> String {
    body["id"].as_str().expect("an id").to_owned()
}

/// Vera and Anna write in their conversation, one message after the other.
async fn messages(load: Arc<Load>, author: Caller) {
    let path = format!("/baton/v1/conversations/{VERA_AND_ANNA}/messages");
    let mut n = 0;
    while !load.stopped() {
        n += 1;
        let request = load
            .request(&author, Method::POST, &path)
            .json(&json!({"text": format!("message {n}")}));
        if let Outcome::Acknowledged(body) = load.command("message", request).await {
            load.ledger.lock().unwrap().messages.push(id(&body));
        }
    }
}

/// Anna invites customers to her conversation with Vera by PIN.
async fn pins(load: Arc<Load>) {
    let path = "/app/rest/v4/invitations/inviteAnonymousVisitorToConversationWithPin";
    while !load.stopped() {
        let request = load
            .request(&Caller::Agent(ANNA), Method::POST, path)
            .json(&json!({"conversationId": VERA_AND_ANNA}));
        if let Outcome::Acknowledged(body) = load.command("PIN invitation", request).await {
            load.ledger.lock().unwrap().pins.push(id(&body));
        }
    }
}

/// Anna starts a conversation with Vera, forwards it to Clara or David, who accepts.
async fn forwardings(load: Arc<Load>, mut rng: StdRng) {
    let anna = Caller::Agent(ANNA);
    while !load.stopped() {
        let create = load
            .request(&anna, Method::POST, "/app/rest/v4/conversations/create")
            .json(&json!({
                "topic": "to be forwarded",
                "participants": [
                    {"personId": ANNA, "participationType": "ASSIGNED_AGENT"},
                    {"personId": VERA, "participationType": "CONTEXT_PERSON"}
                ]
            }));
        let Outcome::Acknowledged(created) = load.command("create", create).await else {
            continue;
        };
        let conversation = id(&created);
        load.ledger
            .lock()
            .unwrap()
            .conversations
            .push(conversation.clone());
        let target = if rng.gen_bool(0.5) { CLARA } else { DAVID };
        let forward = load
            .request(
                &anna,
                Method::POST,
                "/app/rest/v4/invitations/forwardConversationToAgent",
            )
            .json(&json!({"conversationId": conversation, "agentPersonId": target}));
        let Outcome::Acknowledged(forwarding) = load.command("forward", forward).await else {
            continue;
        };
        let invitation = id(&forwarding);
        load.ledger
            .lock()
            .unwrap()
            .forwardings
            .push(invitation.clone());
        load.accept(target, &conversation, &invitation).await;
    }
}

/// Vera asks for Anna, who does not answer; a deputy accepts some of the requests once they
/// reach their queue (Ben and Clara on level 1, David on level 2), the others are left to go
/// unanswered (the client moves on once the request reached level 1).
async fn delegations(load: Arc<Load>, vera: Caller, mut rng: StdRng) {
    while !load.stopped() {
        let create = load
            .request(&vera, Method::POST, "/app/rest/v4/conversations/create")
            .json(&json!({
                "topic": "for Anna",
                "recipient": {"type": "AGENT", "id": ANNA},
                "participants": [{"personId": VERA, "participationType": "CONTEXT_PERSON"}]
            }));
        let Outcome::Acknowledged(created) = load.command("request", create).await else {
            continue;
        };
        let conversation = id(&created);
        load.ledger
            .lock()
            .unwrap()
            .conversations
            .push(conversation.clone());
        let deputy = match rng.gen_range(0..5) {
            0 => Some(BEN),
            1 => Some(CLARA),
            2 => Some(DAVID),
            _ => None,
        };
        let Some(invitation) = load.queued_for(deputy.unwrap_or(BEN), &conversation).await else {
            continue;
        };
        if let Some(deputy) = deputy {
            load.accept(deputy, &conversation, &invitation).await;
        }
    }
}

/// Signs Vera in as the demo bank's website does (a JWT from the bank, then
/// `loginWithSecureToken`); the session lives in the database, so it survives the kills.
async fn vera_session(process: &Process) -> CookieSession {
    let http = client();
    let minted: Value = http
        .post(format!("{}/demo/bank/token", process.base))
        .json(&json!({"username": VERA}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let response = http
        .post(format!(
            "{}/app/rest/v4/authenticator/loginWithSecureToken",
            process.base
        ))
        .json(&minted)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    CookieSession::from_response(&response)
}

/// Registers the receiver for [`EVENTS`] with `webhookregistrations/create`.
async fn register(process: &Process, receiver: &WebhookReceiver) {
    let response = process
        .admin(Method::POST, "/app/rest/v4/webhookregistrations/create")
        .json(&json!({
            "$_type": "WebhookRegistration",
            "name": "fault-injection",
            "status": "ACTIVE",
            "endpoint": receiver.url,
            "apiVersion": "V4",
            "secret": "fault-injection-secret",
            "events": EVENTS,
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
}

/// Every item of a `.../search` over all pages, as the administrator sees them.
async fn search_all(process: &Process, path: &str, filters: Value) -> Vec<Value> {
    let mut items = Vec::new();
    let mut offset = 0;
    loop {
        let page: Value = process
            .admin(Method::POST, path)
            .json(&json!({"searchFilters": filters, "offset": offset, "limit": 1000}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        items.extend(page["items"].as_array().unwrap().iter().cloned());
        match page["nextOffset"].as_u64() {
            Some(next) if page["hasMoreItems"] == true => offset = next,
            _ => return items,
        }
    }
}

/// The invitations of one type, by id.
async fn invitations(process: &Process, invitation_type: &str) -> HashMap<String, Value> {
    let filter = json!([{"field": "INVITATION_TYPE", "operator": {"type": "EQUALS", "value": invitation_type}}]);
    search_all(process, "/app/rest/v4/invitations/search", filter)
        .await
        .into_iter()
        .map(|i| (id(&i), i))
        .collect()
}

/// The webhook name and what it is about: the same key under two event ids is the same
/// event delivered twice.
fn logical_key(webhook: &ReceivedWebhook) -> Option<String> {
    let body = webhook.json();
    let about = match webhook.event() {
        "conversation.created" => body["conversation"]["id"].to_string(),
        "push_notification.deputy_delegation" | "push_notification.revoke_deputy_delegation" => {
            format!("{} for {}", body["invitationId"], body["recipient"]["id"])
        }
        "ping" => return None,
        _ => body["invitationId"].to_string(),
    };
    Some(format!("{} {about}", webhook.event()))
}

/// The webhooks `unanswered` names: the requests that went unanswered.
fn unanswered(receiver: &WebhookReceiver) -> BTreeSet<String> {
    receiver
        .received()
        .iter()
        .filter(|w| w.event() == UNANSWERED)
        .filter_map(|w| w.json()["invitationId"].as_str().map(str::to_owned))
        .collect()
}

/// What `left` still lists once it lists nothing, or when [`SETTLE`] is over.
async fn settled<T>(left: impl Fn() -> Vec<T>) -> Vec<T> {
    let deadline = Instant::now() + SETTLE;
    loop {
        let now_left = left();
        if now_left.is_empty() || Instant::now() >= deadline {
            return now_left;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn seed() -> u64 {
    std::env::var("BATON_FAULT_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            let since = SystemTime::now().duration_since(UNIX_EPOCH).unwrap();
            u64::try_from(since.as_nanos() % u128::from(u64::MAX)).unwrap()
        })
}

/// The mixed load's clients: Vera and Anna writing, Anna's PIN invitations, two forwarding
/// clients and three delegation clients, each with its own RNG drawn from `rng`.
fn start_clients(load: &Arc<Load>, vera: &Caller, rng: &mut StdRng) -> JoinSet<()> {
    let mut clients = JoinSet::new();
    clients.spawn(messages(Arc::clone(load), vera.clone()));
    clients.spawn(messages(Arc::clone(load), Caller::Agent(ANNA)));
    clients.spawn(pins(Arc::clone(load)));
    for _ in 0..2 {
        let own = StdRng::seed_from_u64(rng.r#gen());
        clients.spawn(forwardings(Arc::clone(load), own));
    }
    for _ in 0..3 {
        let own = StdRng::seed_from_u64(rng.r#gen());
        clients.spawn(delegations(Arc::clone(load), vera.clone(), own));
    }
    clients
}

/// Waits until the clients have `target` acknowledged commands.
async fn acknowledged_reach(load: &Load, target: usize) {
    eventually("the load goes on", WAIT, || {
        let reached = load.acknowledged.load(Ordering::SeqCst) >= target;
        async move { reached.then_some(()) }
    })
    .await;
}

/// Lets the load run for [`ACKS_AFTER_LAST_RESTART`] more acknowledged commands, then stops
/// the clients and answers their ledger.
async fn finish_load(load: &Load, mut clients: JoinSet<()>) -> Ledger {
    acknowledged_reach(
        load,
        load.acknowledged.load(Ordering::SeqCst) + ACKS_AFTER_LAST_RESTART,
    )
    .await;
    load.stop.store(true, Ordering::SeqCst);
    tokio::time::timeout(WAIT, async {
        while let Some(finished) = clients.join_next().await {
            finished.unwrap();
        }
    })
    .await
    .expect("the clients stop");
    std::mem::take(&mut *load.ledger.lock().unwrap())
}

/// The checks after the load: every acknowledged command is in the state (read from
/// `survivors[0]`), every delegation ended, every webhook of an acknowledged command arrived
/// and none twice under two event ids. Kills the survivors to read the log at `database`.
async fn verify(
    load: &Load,
    ledger: Ledger,
    survivors: Vec<Process>,
    database: &Location,
    receiver: &WebhookReceiver,
    seed: u64,
) {
    let process = &survivors[0];
    // 1. Every acknowledged command is in the state.
    let conversations: HashMap<String, ConversationData> =
        search_all(process, "/app/rest/v4/conversations/search", json!([]))
            .await
            .into_iter()
            .map(|c| (id(&c), serde_json::from_value(c).unwrap()))
            .collect();
    for conversation in &ledger.conversations {
        assert!(
            conversations.contains_key(conversation),
            "acknowledged conversation {conversation} was lost (seed {seed})"
        );
    }
    let listed: BTreeSet<String> = load
        .read(load.request(
            &Caller::Agent(ANNA),
            Method::GET,
            &format!("/baton/v1/conversations/{VERA_AND_ANNA}/messages"),
        ))
        .await
        .expect("the messages")
        .as_array()
        .unwrap()
        .iter()
        .map(id)
        .collect();
    for message in &ledger.messages {
        assert!(
            listed.contains(message),
            "acknowledged message {message} was lost (seed {seed})"
        );
    }
    let pins = invitations(process, "PIN_CONVERSATION").await;
    for pin in &ledger.pins {
        assert!(
            pins.contains_key(pin),
            "acknowledged PIN invitation {pin} was lost (seed {seed})"
        );
    }
    let forwardings = invitations(process, "AGENT_FORWARDING").await;
    for forwarding in &ledger.forwardings {
        assert!(
            forwardings.contains_key(forwarding),
            "acknowledged forwarding {forwarding} was lost (seed {seed})"
        );
    }
    let requests = invitations(process, "ASSIGNMENT_REQUEST").await;
    for accept in &ledger.accepts {
        let invitation = forwardings
            .get(&accept.invitation)
            .or_else(|| requests.get(&accept.invitation))
            .unwrap_or_else(|| panic!("{accept:?}: its invitation is gone (seed {seed})"));
        let assignee = conversations[&accept.conversation]
            .assignee_person_id()
            .map(|p| p.to_string());
        let redeemed_by_agent = invitation["invitationState"] == "REDEEMED"
            && invitation["redeemingPersonId"] == accept.agent;
        let assigned = assignee.as_deref() == Some(accept.agent);
        if accept.acknowledged {
            assert!(
                redeemed_by_agent && assigned,
                "acknowledged {accept:?} is not in the state: {invitation}, assignee {assignee:?} (seed {seed})"
            );
        } else {
            // Unanswered: recorded entirely or not at all.
            assert_eq!(
                redeemed_by_agent, assigned,
                "{accept:?} is half recorded: {invitation}, assignee {assignee:?} (seed {seed})"
            );
        }
    }

    // 2. Every started delegation ends: accepted, or its unanswered webhook arrived. Requests
    // and forwardings sent to one agent are delegated (Clara and David have no deputies, so
    // a forwarding to them nobody accepts goes unanswered after the first countdown). And
    // every acknowledged command's webhook arrives. Both wait for the same deliveries.
    let delegated: Vec<&Value> = requests.values().chain(forwardings.values()).collect();
    let mut expected: BTreeSet<String> = BTreeSet::new();
    let key = |event: &str, about: &str| format!("{event} \"{about}\"");
    expected.extend(
        ledger
            .conversations
            .iter()
            .map(|c| key("conversation.created", c)),
    );
    expected.extend(
        ledger
            .forwardings
            .iter()
            .map(|f| key("agent_forwarding.created", f)),
    );
    expected.extend(ledger.pins.iter().map(|p| key("pin.created", p)));
    expected.extend(
        ledger
            .accepts
            .iter()
            .filter(|a| a.acknowledged && forwardings.contains_key(&a.invitation))
            .map(|a| key("agent_forwarding.redeemed", &a.invitation)),
    );
    let not_ended = || {
        let unanswered = unanswered(receiver);
        delegated
            .iter()
            .filter(|i| i["invitationState"] != "REDEEMED")
            .map(|i| id(i))
            .filter(|i| !unanswered.contains(i))
            .collect::<Vec<_>>()
    };
    let not_arrived = || {
        let arrived: BTreeSet<String> =
            receiver.received().iter().filter_map(logical_key).collect();
        expected.difference(&arrived).cloned().collect::<Vec<_>>()
    };
    settled(|| {
        let mut left = not_ended();
        left.extend(not_arrived());
        left
    })
    .await;
    let (not_ended, not_arrived) = (not_ended(), not_arrived());

    // 3. No webhook delivered twice under two different event ids.
    let deliveries = receiver.received();
    let mut ids_per_key: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut seen_ids = BTreeSet::new();
    let mut same_id_again = 0;
    for webhook in &deliveries {
        let event_id = webhook.headers["x-unblu-event-id"].clone();
        if !seen_ids.insert(event_id.clone()) {
            same_id_again += 1;
        }
        if let Some(key) = logical_key(webhook) {
            ids_per_key.entry(key).or_default().insert(event_id);
        }
    }
    let twice: Vec<(&String, &BTreeSet<String>)> = ids_per_key
        .iter()
        .filter(|(_, ids)| ids.len() > 1)
        .collect();
    let under_other_ids: usize = twice.iter().map(|(_, ids)| ids.len() - 1).sum();

    // What the log says about the delegations that did not visibly end: stopped first, so
    // that nothing writes while it is read.
    for process in survivors {
        process.kill();
    }
    let log = EventStore::open_at(database, Durability::PowerLoss)
        .await
        .unwrap()
        .load_after(0)
        .await
        .unwrap();
    let mut unanswered_in_log: BTreeMap<String, usize> = BTreeMap::new();
    for recorded in &log {
        if let Event::DelegationUnanswered { invitation, .. } = &recorded.event {
            *unanswered_in_log.entry(invitation.to_string()).or_default() += 1;
        }
    }
    let stalled: Vec<&String> = not_ended
        .iter()
        .filter(|i| !unanswered_in_log.contains_key(*i))
        .collect();
    let recorded_twice: Vec<(&String, &usize)> =
        unanswered_in_log.iter().filter(|(_, n)| **n > 1).collect();
    // Unanswered in the log, but the webhook never arrived.
    let unanswered_not_sent: Vec<&String> = not_ended
        .iter()
        .filter(|i| unanswered_in_log.contains_key(*i))
        .collect();

    let accepts = |acknowledged: bool, of: &HashMap<String, Value>| {
        ledger
            .accepts
            .iter()
            .filter(|a| a.acknowledged == acknowledged && of.contains_key(&a.invitation))
            .count()
    };
    let unanswered = unanswered(receiver);
    let ended = |of: &HashMap<String, Value>| {
        let accepted = of
            .values()
            .filter(|i| i["invitationState"] == "REDEEMED")
            .count();
        let went_unanswered = of.keys().filter(|i| unanswered.contains(*i)).count();
        (of.len(), accepted, went_unanswered)
    };
    println!(
        "commands: {} sent, {} acknowledged, {} refused, {} without an answer (killed)",
        ledger.sent,
        load.acknowledged.load(Ordering::SeqCst),
        ledger.refused.len(),
        ledger.unknown
    );
    println!(
        "acknowledged: {} conversations, {} forwardings, {} forwarding accepts (+{} unanswered), \
         {} deputy accepts (+{} unanswered), {} messages, {} PIN invitations",
        ledger.conversations.len(),
        ledger.forwardings.len(),
        accepts(true, &forwardings),
        accepts(false, &forwardings),
        accepts(true, &requests),
        accepts(false, &requests),
        ledger.messages.len(),
        ledger.pins.len()
    );
    let (started_requests, accepted, went_unanswered) = ended(&requests);
    println!(
        "delegated requests: {started_requests} started, {accepted} accepted, {went_unanswered} unanswered (webhook)"
    );
    let (started_forwardings, accepted, went_unanswered) = ended(&forwardings);
    println!(
        "forwardings: {started_forwardings} recorded, {accepted} accepted, {went_unanswered} unanswered (webhook)"
    );
    println!(
        "webhooks: {} deliveries, {} duplicates by id, {} duplicates under different ids; \
         {} webhooks of acknowledged commands and {} unanswered webhooks recorded but not delivered",
        deliveries.len(),
        same_id_again,
        under_other_ids,
        not_arrived.len(),
        unanswered_not_sent.len()
    );
    for refused in &ledger.refused {
        println!("refused: {refused}");
    }
    assert!(
        stalled.is_empty(),
        "{} of {} delegations never ended, not even in the log (neither accepted nor \
         unanswered): {stalled:?} (seed {seed})",
        stalled.len(),
        delegated.len()
    );
    assert!(
        recorded_twice.is_empty(),
        "delegations recorded as unanswered more than once: {recorded_twice:?} (seed {seed})"
    );
    assert!(
        twice.is_empty(),
        "{under_other_ids} webhooks were delivered again under another event id: {twice:?} \
         (seed {seed})"
    );
    // A restarted instance hands back what it had claimed before it was killed, so nothing
    // waits for the claim's lease.
    assert!(
        not_arrived.is_empty() && unanswered_not_sent.is_empty(),
        "{} of {} webhooks of acknowledged commands and {} of {} unanswered webhooks in the log \
         did not arrive within {SETTLE:?} of the last restart: {not_arrived:?} \
         {unanswered_not_sent:?} (seed {seed})",
        not_arrived.len(),
        expected.len(),
        unanswered_not_sent.len(),
        unanswered_in_log.len()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_at_ten_random_points_loses_nothing_stalls_nothing_and_sends_nothing_twice() {
    let seed = seed();
    println!("fault-injection seed {seed} (BATON_FAULT_SEED={seed} runs it again)");
    let mut rng = StdRng::seed_from_u64(seed);
    let started = Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("baton.db");
    let config = config(dir.path(), "");
    let port = free_port();
    let mut process = spawn_on(port, &database, &config).await;
    let receiver = WebhookReceiver::start().await;
    register(&process, &receiver).await;
    let vera = Caller::Session(vera_session(&process).await);

    let load = Load::new(vec![process.base.clone()]);
    let clients = start_clients(&load, &vera, &mut rng);
    let mut kill_points = Vec::new();
    let mut downtime = Duration::ZERO;
    for _ in 0..KILLS {
        let point = load.acknowledged.load(Ordering::SeqCst) + rng.gen_range(ACKS_BEFORE_KILL);
        acknowledged_reach(&load, point).await;
        kill_points.push(load.acknowledged.load(Ordering::SeqCst));
        process.kill();
        let down = Instant::now();
        process = spawn_on(port, &database, &config).await;
        downtime += down.elapsed();
    }
    let ledger = finish_load(&load, clients).await;
    println!(
        "kills: {KILLS}, after {kill_points:?} acknowledged commands; load {:?}, of which down \
         {downtime:?}",
        started.elapsed()
    );
    let database = Location::File(database);
    verify(&load, ledger, vec![process], &database, &receiver, seed).await;
    println!("the whole run took {:?}", started.elapsed());
}

/// An event stream that moves to another instance when its own dies, resuming after the last
/// id it got (`Last-Event-ID`), as the SDK's feed does. Reads from the start of the log until
/// `marker` is posted, and answers the frames it got and how often it reconnected.
async fn resuming_stream(
    load: Arc<Load>,
    caller: Caller,
    first: String,
    marker: &'static str,
) -> (Vec<SseFrame>, usize) {
    let mut frames: Vec<SseFrame> = Vec::new();
    let mut connections = 0;
    loop {
        let base = if connections == 0 {
            first.clone()
        } else {
            load.base()
        };
        let last = frames.last().map_or(0, SseFrame::seq);
        let request = load
            .request_to(&base, &caller, Method::GET, EVENT_STREAM)
            .header("Last-Event-ID", last.to_string());
        let opened = SseReader::try_open(request).await;
        connections += 1;
        let Some(mut stream) = opened else {
            load.until_up().await;
            continue;
        };
        // The stream ends when its instance dies; more than a keep-alive interval of silence
        // is treated the same way.
        while let Some(frame) = stream.next(Duration::from_secs(20)).await {
            let done =
                frame.event.as_deref() == Some("MessagePosted") && frame.data.contains(marker);
            frames.push(frame);
            if done {
                return (frames, connections - 1);
            }
        }
    }
}

/// The messages of Vera's and Anna's conversation a stream carried, in order.
fn messages_in(frames: &[SseFrame]) -> Vec<String> {
    frames
        .iter()
        .filter_map(|frame| {
            let event: Event = serde_json::from_value(frame.json()["event"].clone()).ok()?;
            match event {
                Event::MessagePosted {
                    conversation,
                    message,
                    ..
                } if conversation.as_str() == VERA_AND_ANNA => Some(message.to_string()),
                _ => None,
            }
        })
        .collect()
}

/// Three instances on one database (PostgreSQL in the `postgres` layer, one SQLite file in
/// the `test` layer), the clients' requests spread over them round robin; one is killed for
/// good half-way. Anna's and Vera's event streams start on the one killed and resume on the
/// others; its claimed webhooks are sent by the others once their lease ends.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_one_of_three_instances_loses_nothing_and_its_streams_resume_on_the_others() {
    let seed = seed();
    println!("fault-injection seed {seed} (BATON_FAULT_SEED={seed} runs it again)");
    let mut rng = StdRng::seed_from_u64(seed);
    let started = Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let database = common::fresh_database(dir.path()).await;
    let key = dir.path().join("token-key");
    let config = config(
        dir.path(),
        &format!(
            "[server]\ntoken_key_file = {key:?}\n[deliveries]\nclaim_seconds = {}\n",
            baton_server::outbox::MIN_CLAIM_SECONDS
        ),
    );
    let argument = database_argument(&database);
    // One after the other: the first seeds the demo bank, the others find it.
    let mut instances = Vec::new();
    for _ in 0..3 {
        instances.push(spawn_on(free_port(), &argument, &config).await);
    }
    let receiver = WebhookReceiver::start().await;
    register(&instances[0], &receiver).await;
    let vera = Caller::Session(vera_session(&instances[1]).await);

    let load = Load::new(instances.iter().map(|p| p.base.clone()).collect());
    let doomed = instances.pop().unwrap();
    const MARKER: &str = "the load is over";
    // The administrator's stream, which carries every event, and Vera's and Anna's, who take
    // part in the conversation the message clients write in.
    let watchers = [Caller::Admin, Caller::Agent(ANNA), vera.clone()];
    let streams = watchers.map(|caller| {
        tokio::spawn(resuming_stream(
            Arc::clone(&load),
            caller,
            doomed.base.clone(),
            MARKER,
        ))
    });
    let clients = start_clients(&load, &vera, &mut rng);
    let kill_point = rng.gen_range(ACKS_BEFORE_KILL) * 2;
    acknowledged_reach(&load, kill_point).await;
    load.retire(&doomed.base);
    doomed.kill();
    let ledger = finish_load(&load, clients).await;
    println!(
        "one of three instances killed after {kill_point} acknowledged commands; load {:?}",
        started.elapsed()
    );

    // The streams that began on the killed instance missed nothing and got nothing twice:
    // the administrator's has every position of the log up to the marker, Anna's and Vera's
    // every acknowledged message of their conversation, each once.
    let posted = load
        .request(
            &Caller::Agent(ANNA),
            Method::POST,
            &format!("/baton/v1/conversations/{VERA_AND_ANNA}/messages"),
        )
        .json(&json!({"text": MARKER}))
        .send()
        .await
        .unwrap();
    assert_eq!(posted.status(), StatusCode::CREATED);
    let mut streams = streams.into_iter();
    let mut next_stream = async || {
        tokio::time::timeout(WAIT, streams.next().unwrap())
            .await
            .expect("the stream gets the marker")
            .unwrap()
    };
    let (every_event, reconnects) = next_stream().await;
    println!(
        "the administrator's stream begun on the killed instance: {} events, {reconnects} \
         reconnections",
        every_event.len()
    );
    assert!(reconnects >= 1, "the stream moved to another instance");
    let ids: Vec<u64> = every_event.iter().map(SseFrame::seq).collect();
    let last = ids.last().copied().unwrap_or_default();
    assert!(
        ids.iter().copied().eq(1..=last),
        "the administrator's resumed stream skipped or repeated a position (seed {seed})"
    );
    for who in ["Anna", "Vera"] {
        let (frames, reconnects) = next_stream().await;
        let got = messages_in(&frames);
        let unique: BTreeSet<&String> = got.iter().collect();
        assert_eq!(
            unique.len(),
            got.len(),
            "{who} got a message twice (seed {seed})"
        );
        let missed: Vec<&String> = ledger
            .messages
            .iter()
            .filter(|m| !unique.contains(m))
            .collect();
        println!(
            "{who}'s stream: {} messages of {} acknowledged, {reconnects} reconnections",
            got.len(),
            ledger.messages.len()
        );
        assert!(reconnects >= 1, "{who}'s stream moved to another instance");
        assert!(
            missed.is_empty(),
            "{who}'s resumed stream missed acknowledged messages {missed:?} (seed {seed})"
        );
    }
    verify(&load, ledger, instances, &database, &receiver, seed).await;
    println!("the whole run took {:?}", started.elapsed());
}
