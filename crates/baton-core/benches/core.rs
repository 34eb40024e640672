//! `cargo bench -p baton-core --bench core` (and `cargo xtask bench`, which saves the output
//! to `target/bench-report.md`): how fast `decide` + `apply` and the delegation engine are,
//! and how much memory the engine keeps per pending delegation, printed as Markdown.
//!
//! A plain std-only harness: `Instant` for time, `black_box` against dead-code elimination,
//! medians of several runs. Memory is the resident-set growth of a child process (this same
//! binary, re-run with `BATON_BENCH_RSS` set) while it builds the engine, read from
//! `/proc/self/status`: the workspace forbids `unsafe`, so a counting global allocator is not
//! an option. Nothing here asserts: the figures are compared with the targets in the report.

use std::error::Error;
use std::hint::black_box;
use std::process::Command as Process;
use std::time::{Duration, Instant};

use baton_core::actor::Actor;
use baton_core::command::{Command, ResponseChannel, TokenLookup};
use baton_core::config::Config;
use baton_core::conversation::Recipient;
use baton_core::delegation::Engine;
use baton_core::deputy::{
    DelegationLevel, DelegationPlan, DelegationStart, DeputyLevel, EscalationTimeouts,
    PlannedDeputy, PlannedStep,
};
use baton_core::directory::{
    AuthorizationRole, NotificationChannels, Person, PersonType, PresenceState,
};
use baton_core::event::Event;
use baton_core::id::{AccountId, ConversationId, InvitationId, PersonId};
use baton_core::invitation::{
    Creator, Delegation, DelegationResponse, Invitation, InvitationTarget, InvitationType,
};
use baton_core::{State, Timestamp, decide, demo};

type Result<T> = std::result::Result<T, Box<dyn Error>>;

/// Conversations in the `decide` workload.
const CONVERSATIONS: usize = 20_000;
/// Runs of the `decide` workload (each from a fresh bank).
const DECIDE_RUNS: usize = 3;
/// Pending delegations in the engine benchmark.
const PENDING: usize = 100_000;
/// Runs of the engine benchmark.
const ENGINE_RUNS: usize = 5;
/// Relationship managers whose requests the synthetic delegations are.
const AGENTS: usize = 1_000;
/// Pending delegations built by each memory measurement (large, so that noise is small).
const RSS_DELEGATIONS: usize = 200_000;
/// Child processes per memory measurement.
const RSS_RUNS: usize = 3;
/// Set in a child process: which memory measurement to make.
const RSS_MODE: &str = "BATON_BENCH_RSS";
/// The synthetic requests arrive spread over this many milliseconds.
const ARRIVALS_MS: i64 = 60_000;
/// When the benchmarks start.
const T0: Timestamp = Timestamp(1_700_000_000_000);

fn main() -> Result<()> {
    if let Ok(mode) = std::env::var(RSS_MODE) {
        return rss_child(&mode);
    }
    println!("# baton-core benchmarks\n");
    decide_report()?;
    engine_report();
    memory_report()?;
    Ok(())
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or(f64::NAN)
}

fn per(duration: Duration, count: usize) -> f64 {
    duration.as_nanos() as f64 / count.max(1) as f64
}

// ---------------------------------------------------------------------------------------
// (a) decide + apply

/// The steps of one conversation's life in the workload.
#[derive(Clone, Copy)]
enum Step {
    Create,
    AcceptRequest,
    Forward,
    AcceptForwarding,
    Post,
    InviteByPin,
    Redeem,
}

impl Step {
    const ALL: [Step; 7] = [
        Step::Create,
        Step::AcceptRequest,
        Step::Forward,
        Step::AcceptForwarding,
        Step::Post,
        Step::InviteByPin,
        Step::Redeem,
    ];

    fn label(self) -> &'static str {
        match self {
            Step::Create => "create conversation with request to Anna",
            Step::AcceptRequest => "Anna accepts the request",
            Step::Forward => "Anna forwards to Clara",
            Step::AcceptForwarding => "Clara accepts the forwarding",
            Step::Post => "Clara posts a message",
            Step::InviteByPin => "Clara invites a customer by PIN",
            Step::Redeem => "the customer redeems the PIN",
        }
    }
}

/// Every command of the workload, ids built up front so that only deciding is timed.
fn workload() -> Vec<(Step, Actor, Command)> {
    let anna = PersonId::new(demo::ANNA);
    let clara = PersonId::new(demo::CLARA);
    let vera = PersonId::new(demo::VERA);
    let account = AccountId::new(demo::ACCOUNT);
    let mut out = Vec::with_capacity(CONVERSATIONS * Step::ALL.len());
    for i in 0..CONVERSATIONS {
        let conversation = ConversationId::new(format!("conversation-{i}"));
        let request = InvitationId::new(format!("request-{i}"));
        let forwarding = InvitationId::new(format!("forwarding-{i}"));
        let pin_invitation = InvitationId::new(format!("pin-{i}"));
        let pin = format!("{:08}", 10_000_000 + i);
        let respond = |invitation: &InvitationId| Command::RespondToInvitation {
            invitation: invitation.clone(),
            response: DelegationResponse::Accept,
            channel: ResponseChannel::Queue,
        };
        out.push((
            Step::Create,
            Actor::Admin,
            Command::CreateConversation {
                id: conversation.clone(),
                account: account.clone(),
                topic: Some(format!("Request {i}")),
                visitor: Some(vera.clone()),
                assignee: None,
                recipient: Some(Recipient::Agent(anna.clone())),
                request: Some(request.clone()),
            },
        ));
        out.push((
            Step::AcceptRequest,
            Actor::Agent(anna.clone()),
            respond(&request),
        ));
        out.push((
            Step::Forward,
            Actor::Agent(anna.clone()),
            Command::ForwardToAgent {
                conversation: conversation.clone(),
                invitation: forwarding.clone(),
                agent: clara.clone(),
                comment: Some("Clara knows this portfolio".to_owned()),
            },
        ));
        out.push((
            Step::AcceptForwarding,
            Actor::Agent(clara.clone()),
            respond(&forwarding),
        ));
        out.push((
            Step::Post,
            Actor::Agent(clara.clone()),
            Command::PostMessage {
                conversation: conversation.clone(),
                message: format!("message-{i}").as_str().into(),
                text: "I will invite your partner.".to_owned(),
            },
        ));
        out.push((
            Step::InviteByPin,
            Actor::Agent(clara.clone()),
            Command::InviteVisitorWithPin {
                conversation,
                invitation: pin_invitation,
                pin: pin.clone(),
                nickname: Some("Partner".to_owned()),
            },
        ));
        out.push((
            Step::Redeem,
            Actor::Anonymous,
            Command::RedeemToken {
                lookup: TokenLookup::Pin { pin },
                new_visitor: Some(Person {
                    id: PersonId::new(format!("guest-{i}")),
                    person_type: PersonType::Visitor,
                    account: account.clone(),
                    team: None,
                    display_name: "Guest".to_owned(),
                    username: None,
                    email: None,
                    presence: PresenceState::Online,
                    role: AuthorizationRole::AnonymousUser,
                    notifications: NotificationChannels::NONE,
                }),
            },
        ));
    }
    out
}

fn demo_bank() -> Result<State> {
    let mut state = State::new(Config::default());
    for (actor, command) in demo::commands() {
        for event in decide(&state, command, &actor, T0)? {
            state.apply(&event);
        }
    }
    Ok(state)
}

/// One run: total time, events produced, and the time spent per step kind.
fn decide_run() -> Result<(Duration, usize, [Duration; 7])> {
    let mut state = demo_bank()?;
    let commands = workload();
    let mut per_step = [Duration::ZERO; 7];
    let mut events_total = 0;
    let started = Instant::now();
    for (step, actor, command) in commands {
        let t = Instant::now();
        let events = decide(&state, command, &actor, T0)?;
        for event in &events {
            state.apply(event);
        }
        per_step[step as usize] += t.elapsed();
        events_total += black_box(events).len();
    }
    let total = started.elapsed();
    black_box(&state);
    Ok((total, events_total, per_step))
}

fn decide_report() -> Result<()> {
    let runs = (0..DECIDE_RUNS)
        .map(|_| decide_run())
        .collect::<Result<Vec<_>>>()?;
    let events = runs.first().map_or(0, |r| r.1);
    let commands = CONVERSATIONS * Step::ALL.len();
    let events_per_second = median(
        runs.iter()
            .map(|(total, events, _)| *events as f64 / total.as_secs_f64())
            .collect(),
    );
    let commands_per_second = median(
        runs.iter()
            .map(|(total, _, _)| commands as f64 / total.as_secs_f64())
            .collect(),
    );
    println!("## (a) `decide` + `apply` on a realistic mix\n");
    println!(
        "{CONVERSATIONS} conversations on the demo bank, {commands} commands, {events} events; \
         median of {DECIDE_RUNS} runs.\n"
    );
    println!("| measure | value |\n| --- | ---: |");
    println!("| events per second | {events_per_second:.0} |");
    println!("| commands per second | {commands_per_second:.0} |\n");
    println!("| step | mean µs per command |\n| --- | ---: |");
    for step in Step::ALL {
        let micros = median(
            runs.iter()
                .map(|(_, _, per_step)| per(per_step[step as usize], CONVERSATIONS) / 1_000.0)
                .collect(),
        );
        println!("| {} | {micros:.2} |", step.label());
    }
    println!();
    Ok(())
}

// ---------------------------------------------------------------------------------------
// (b) the delegation engine

/// Relationship managers `agent-0` … with a two-level plan of three deputies each, taken
/// from the same pool of persons.
struct Bank {
    persons: Vec<PersonId>,
    plans: Vec<DelegationPlan>,
    account: AccountId,
}

impl Bank {
    fn new(agents: usize) -> Self {
        let persons: Vec<PersonId> = (0..agents)
            .map(|k| PersonId::new(format!("agent-{k}")))
            .collect();
        let deputy = |k: usize, listed_as| PlannedDeputy {
            person: persons[k % agents].clone(),
            listed_as,
            channels: NotificationChannels::ALL,
        };
        let timeouts = EscalationTimeouts::from_config(&Config::default());
        let plans = (0..agents)
            .map(|k| DelegationPlan {
                original_agent: persons[k].clone(),
                start: DelegationStart::AwaitAgent,
                steps: vec![
                    PlannedStep {
                        level: DelegationLevel::Level1,
                        deputies: (1..=3)
                            .map(|d| deputy(k + d, DeputyLevel::Level1))
                            .collect(),
                    },
                    PlannedStep {
                        level: DelegationLevel::Level2,
                        deputies: (4..=6)
                            .map(|d| deputy(k + d, DeputyLevel::Level2))
                            .collect(),
                    },
                ],
                timeouts,
            })
            .collect();
        Bank {
            persons,
            plans,
            account: AccountId::new(demo::ACCOUNT),
        }
    }

    /// Request `i` of `n`, for agent `i % agents`, arriving within `ARRIVALS_MS`.
    fn request(&self, i: usize, n: usize) -> Event {
        let agent = i % self.plans.len();
        let arrival = i64::try_from(i).unwrap_or(i64::MAX) * ARRIVALS_MS
            / i64::try_from(n).unwrap_or(i64::MAX);
        let mut invitation = Invitation::open(
            InvitationId::new(format!("request-{i}")),
            ConversationId::new(format!("conversation-{i}")),
            self.account.clone(),
            InvitationType::AssignmentRequest,
            InvitationTarget::Agent(self.persons[agent].clone()),
            Creator::System,
            Timestamp(T0.as_millis() + arrival),
        );
        invitation.delegation = Some(Delegation {
            plan: self.plans[agent].clone(),
            reached: None,
            unanswered_at: None,
        });
        Event::InvitationCreated {
            invitation: Box::new(invitation),
        }
    }

    fn requests(&self, n: usize) -> Vec<Event> {
        (0..n).map(|i| self.request(i, n)).collect()
    }
}

/// Nanoseconds per delegation of each phase of one run.
struct EngineRun {
    track: f64,
    level1_due: f64,
    drain: f64,
    level2_due: f64,
    accept: f64,
    effects: usize,
}

fn engine_run(bank: &Bank) -> EngineRun {
    let requests = bank.requests(PENDING);
    let mut engine = Engine::new();

    let t = Instant::now();
    for event in &requests {
        engine.handle_event(T0, event);
    }
    let track = per(t.elapsed(), PENDING);

    let timeouts = EscalationTimeouts::from_config(&Config::default());
    let all_due = Timestamp(T0.as_millis() + ARRIVALS_MS).plus_seconds(timeouts.level1_seconds);
    let t = Instant::now();
    engine.handle_timeout(all_due);
    let level1_due = per(t.elapsed(), PENDING);

    let t = Instant::now();
    let mut effects = 0;
    while let Some(effect) = engine.poll_effect() {
        black_box(effect);
        effects += 1;
    }
    let drain = per(t.elapsed(), effects);

    // Level 2: every deadline is now the same instant, the worst case for tie-breaking.
    let t = Instant::now();
    engine.handle_timeout(all_due.plus_seconds(timeouts.level2_seconds));
    let level2_due = per(t.elapsed(), PENDING);
    while engine.poll_effect().is_some() {}

    let accepted: Vec<Event> = requests
        .iter()
        .filter_map(|event| match event {
            Event::InvitationCreated { invitation } => Some(Event::InvitationAccepted {
                conversation: invitation.conversation.clone(),
                invitation: invitation.id.clone(),
                person: bank.persons[0].clone(),
                response: DelegationResponse::Accept,
            }),
            _ => None,
        })
        .collect();
    let t = Instant::now();
    for event in &accepted {
        engine.handle_event(all_due, event);
    }
    while let Some(effect) = engine.poll_effect() {
        black_box(effect);
    }
    let accept = per(t.elapsed(), PENDING);
    black_box(engine.pending_delegations());

    EngineRun {
        track,
        level1_due,
        drain,
        level2_due,
        accept,
        effects,
    }
}

fn engine_report() {
    let bank = Bank::new(AGENTS);
    let runs: Vec<EngineRun> = (0..ENGINE_RUNS).map(|_| engine_run(&bank)).collect();
    let m = |f: fn(&EngineRun) -> f64| median(runs.iter().map(f).collect());
    println!("## (b) Delegation engine\n");
    println!(
        "{PENDING} pending delegations (requests to {AGENTS} agents, each plan 2 levels × 3 \
         deputies), arriving over {} s; median of {ENGINE_RUNS} runs. The first \
         `handle_timeout` finds all of them due and emitted {} effects.\n",
        ARRIVALS_MS / 1_000,
        runs.first().map_or(0, |r| r.effects),
    );
    println!("| operation | ns per delegation | target |\n| --- | ---: | --- |");
    println!(
        "| `handle_event(InvitationCreated)` (start tracking) | {:.0} | |",
        m(|r| r.track)
    );
    println!(
        "| `handle_timeout`, all due: notify level 1 | {:.0} | < 1000 |",
        m(|r| r.level1_due)
    );
    println!(
        "| `poll_effect` draining (per effect) | {:.0} | |",
        m(|r| r.drain)
    );
    println!(
        "| `handle_timeout`, all due at one instant: notify level 2 | {:.0} | < 1000 |",
        m(|r| r.level2_due)
    );
    println!(
        "| `handle_event(InvitationAccepted)` + draining the revocation | {:.0} | |",
        m(|r| r.accept)
    );
    println!();
}

// ---------------------------------------------------------------------------------------
// (c) engine memory per pending delegation

/// The memory measurements, each made in a fresh child process.
const RSS_MODES: [(&str, &str); 3] = [
    (
        "shared",
        "requests to 1,000 agents; ids shared with the host's events (as with its `State`)",
    ),
    (
        "owned",
        "requests to 1,000 agents; each event dropped once handled, so the engine alone \
         holds its ids",
    ),
    (
        "distinct",
        "worst case: every request for a different agent, so no plan is shared; ids shared",
    ),
];

fn resident_bytes() -> Result<u64> {
    let status = std::fs::read_to_string("/proc/self/status")?;
    let kilobytes = status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|rest| {
            rest.trim()
                .trim_end_matches("kB")
                .trim()
                .parse::<u64>()
                .ok()
        })
        .ok_or("no VmRSS in /proc/self/status")?;
    Ok(kilobytes * 1024)
}

/// In the child: builds `RSS_DELEGATIONS` pending delegations and prints the growth of the
/// resident set per delegation.
fn rss_child(mode: &str) -> Result<()> {
    let agents = if mode == "distinct" {
        RSS_DELEGATIONS
    } else {
        AGENTS
    };
    let bank = Bank::new(agents);
    let mut engine = Engine::new();
    let (before, after) = if mode == "owned" {
        let before = resident_bytes()?;
        for i in 0..RSS_DELEGATIONS {
            engine.handle_event(T0, &bank.request(i, RSS_DELEGATIONS));
        }
        (before, resident_bytes()?)
    } else {
        let requests = bank.requests(RSS_DELEGATIONS);
        let before = resident_bytes()?;
        for event in &requests {
            engine.handle_event(T0, event);
        }
        let after = resident_bytes()?;
        black_box(&requests);
        (before, after)
    };
    black_box(&engine);
    println!(
        "{}",
        after.saturating_sub(before) as f64 / RSS_DELEGATIONS as f64
    );
    Ok(())
}

fn memory_report() -> Result<()> {
    let exe = std::env::current_exe()?;
    println!("## (c) Engine memory per pending delegation\n");
    println!(
        "RSS delta (from `/proc/self/status`) of a child process building {RSS_DELEGATIONS} \
         pending delegations (each: one pending level-1 notification of 3 deputies, then \
         3 more on level 2); median of {RSS_RUNS} child processes. Target: < 200 bytes.\n"
    );
    println!("| scenario | bytes per pending delegation |\n| --- | ---: |");
    for (mode, description) in RSS_MODES {
        let mut samples = Vec::with_capacity(RSS_RUNS);
        for _ in 0..RSS_RUNS {
            let output = Process::new(&exe).env(RSS_MODE, mode).output()?;
            if !output.status.success() {
                return Err(format!(
                    "memory child `{mode}` failed: {}",
                    String::from_utf8_lossy(&output.stderr)
                )
                .into());
            }
            samples.push(String::from_utf8(output.stdout)?.trim().parse::<f64>()?);
        }
        println!("| {description} | {:.0} |", median(samples));
    }
    println!();
    Ok(())
}
