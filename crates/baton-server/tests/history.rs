//! The hand-off history over HTTP: an agent reads who had the conversation when and why it
//! moved, in order and live on the event stream; visitors get none; the administrator's
//! archive export streams NDJSON or CSV and an archive job resuming after its last position
//! misses nothing and repeats nothing while others write. Who may read what, for every
//! caller, is in the authorization matrix (`tests/authorization.rs`).

use crate::common;

use std::cell::Cell;
use std::collections::BTreeSet;
use std::time::Duration;

use baton_core::command::{Command, ResponseChannel};
use baton_core::invitation::DelegationResponse;
use baton_core::{Actor, demo};
use common::{SseReader, TestServer, assert_error, execute, head, json, send};
use reqwest::Method;
use serde_json::Value;

const HISTORY: &str = "/baton/v1/conversations/conversation-vera-anna/history";
const AUDIT: &str = "/baton/v1/audit/handoffs";
const EVENTS: &str = "/baton/v1/events";
const WAIT: Duration = Duration::from_secs(10);

fn anna() -> Actor {
    Actor::Agent(demo::ANNA.into())
}

/// Anna forwards Vera's conversation to Ben with a comment for him.
fn forward_to_ben(invitation: &str) -> Command {
    Command::ForwardToAgent {
        conversation: demo::VERA_AND_ANNA.into(),
        invitation: invitation.into(),
        agent: demo::BEN.into(),
        comment: Some("Vera asks about her mortgage".into()),
    }
}

/// Anna forwards to Ben ("fwd-ben") and Ben accepts; answers what the acceptance recorded.
async fn forwarded_and_accepted(
    server: &TestServer,
) -> Vec<std::sync::Arc<baton_server::store::Recorded>> {
    execute(server, anna(), forward_to_ben("fwd-ben")).await;
    execute(
        server,
        Actor::Agent(demo::BEN.into()),
        Command::RespondToInvitation {
            invitation: "fwd-ben".into(),
            response: DelegationResponse::Accept,
            channel: ResponseChannel::Queue,
        },
    )
    .await
}

fn actions(entries: &Value) -> Vec<&str> {
    entries
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect()
}

#[tokio::test]
async fn an_agent_reads_the_forwarding_and_its_answer_in_order_and_live() {
    let server = TestServer::demo().await;
    let mut bens = SseReader::open(server.agent(demo::BEN, Method::GET, EVENTS)).await;
    forwarded_and_accepted(&server).await;

    let (status, entries) = json(send(server.agent(demo::BEN, Method::GET, HISTORY)).await).await;
    assert_eq!(status, 200, "{entries}");
    let all = actions(&entries);
    let forwarded = all.iter().position(|a| *a == "FORWARDED").unwrap();
    let answered = all.iter().position(|a| *a == "ANSWERED").unwrap();
    assert!(forwarded < answered, "{all:?}");
    let forwarding = &entries[forwarded];
    assert_eq!(forwarding["actor"]["personId"], demo::ANNA);
    assert_eq!(forwarding["subject"]["id"], demo::BEN);
    assert!(
        forwarding
            .to_string()
            .contains("Vera asks about her mortgage")
    );
    assert_eq!(entries[answered]["outcome"], "ACCEPTED");
    let positions: Vec<u64> = entries
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["position"].as_u64().unwrap())
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{positions:?}");

    // The same entry arrives on Ben's event stream with the forwarding event.
    let live = loop {
        let frame = bens
            .next(WAIT)
            .await
            .expect("the forwarding on Ben's stream");
        if frame.event.as_deref() == Some("InvitationCreated") {
            break serde_json::from_str::<Value>(&frame.data).unwrap();
        }
    };
    assert_eq!(live["handoff"], *forwarding);
}

#[tokio::test]
async fn a_superoffice_transfer_and_who_unassigned_are_in_the_history() {
    let server = TestServer::demo().await;
    let transfer = format!(
        "/api/v1/ChatSession/{}/TransferTo/{}",
        demo::VERA_AND_ANNA,
        demo::DAVID
    );
    let accept = format!("/api/v1/ChatSession/{}/AcceptTransfer", demo::VERA_AND_ANNA);
    let unassign = format!("/baton/v1/conversations/{}/unassign", demo::VERA_AND_ANNA);
    for (who, path) in [
        (demo::ANNA, transfer),
        (demo::DAVID, accept),
        (demo::DAVID, unassign),
    ] {
        let response = send(server.agent(who, Method::POST, &path)).await;
        assert!(
            response.status().is_success(),
            "{path}: {}",
            response.status()
        );
    }

    let (status, entries) = json(send(server.admin(Method::GET, HISTORY)).await).await;
    assert_eq!(status, 200, "{entries}");
    let entries = entries.as_array().unwrap();
    let transferred = entries
        .iter()
        .position(|e| e["action"] == "TRANSFERRED")
        .expect("the transfer");
    assert_eq!(entries[transferred]["actor"]["personId"], demo::ANNA);
    assert_eq!(entries[transferred]["subject"]["id"], demo::DAVID);
    let answer = &entries[transferred + 1..]
        .iter()
        .find(|e| e["action"] == "ANSWERED")
        .expect("the transfer's answer");
    assert_eq!(answer["invitation"]["kind"], "TRANSFER");
    assert_eq!(answer["outcome"], "ACCEPTED");
    assert_eq!(answer["actor"]["personId"], demo::DAVID);
    let unassigned = entries.last().unwrap();
    assert_eq!(unassigned["action"], "UNASSIGNED");
    assert_eq!(unassigned["actor"]["personId"], demo::DAVID);
}

#[tokio::test]
async fn who_showed_someone_renewed_a_pin_and_revoked_is_in_the_history() {
    let server = TestServer::demo().await;
    let v4 = "/app/rest/v4";
    let conversation =
        |action: &str| format!("{v4}/conversations/{}/{action}", demo::VERA_AND_ANNA);
    let anna = |path: &str, body: Value| {
        let server = &server;
        let path = path.to_owned();
        async move {
            let (status, answer) =
                json(send(server.agent(demo::ANNA, Method::POST, &path).json(&body)).await).await;
            assert!(status.is_success(), "{path}: {status} {answer}");
            answer
        }
    };
    anna(
        &conversation("addParticipant"),
        serde_json::json!({"personId": demo::CLARA, "hidden": true}),
    )
    .await;
    anna(
        &conversation("changeParticipantVisibility"),
        serde_json::json!({"personId": demo::CLARA, "hidden": false}),
    )
    .await;
    let invited = anna(
        &format!("{v4}/invitations/inviteAnonymousVisitorToConversationWithPin"),
        serde_json::json!({"conversationId": demo::VERA_AND_ANNA}),
    )
    .await;
    let invitation = invited["id"].as_str().unwrap().to_owned();
    for action in ["renewPin", "revoke"] {
        anna(
            &format!("{v4}/invitations/{invitation}/{action}"),
            Value::Null,
        )
        .await;
    }

    let (status, entries) = json(send(server.admin(Method::GET, HISTORY)).await).await;
    assert_eq!(status, 200, "{entries}");
    for action in ["SHOWN", "PIN_RENEWED", "REVOKED"] {
        let entry = entries
            .as_array()
            .unwrap()
            .iter()
            .rev()
            .find(|e| e["action"] == action)
            .unwrap_or_else(|| panic!("{action} in {entries}"));
        assert_eq!(entry["actor"]["personId"], demo::ANNA, "{entry}");
    }
}

#[tokio::test]
async fn visitors_have_no_history_and_their_events_carry_none() {
    let server = TestServer::demo().await;
    let vera = server.session_for(demo::VERA).await;
    let mut veras = SseReader::open(server.with_session(&vera, Method::GET, EVENTS)).await;
    let before = head(&server).await;
    assert_error(
        send(server.with_session(&vera, Method::GET, HISTORY)).await,
        403,
        "NOT_ALLOWED",
    )
    .await;
    assert_eq!(head(&server).await, before, "a refusal records nothing");
    let accepted = forwarded_and_accepted(&server).await;
    let last = accepted.last().unwrap().seq.to_string();
    loop {
        let frame = veras.next(WAIT).await.expect("Vera's stream goes on");
        let data: Value = serde_json::from_str(&frame.data).unwrap();
        assert!(data.get("handoff").is_none(), "{data}");
        if frame.id.as_deref() >= Some(last.as_str()) {
            break;
        }
    }
}

/// The administrator's archive from `query`, one JSON row per line.
async fn archive(server: &TestServer, query: &str) -> Vec<Value> {
    let response = send(server.admin(Method::GET, &format!("{AUDIT}?{query}"))).await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["content-type"],
        "application/x-ndjson",
        "NDJSON unless CSV is asked for"
    );
    let text = response.text().await.unwrap();
    text.lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

fn positions(rows: &[Value]) -> Vec<u64> {
    rows.iter()
        .map(|r| r["position"].as_u64().unwrap())
        .collect()
}

#[tokio::test]
async fn the_archive_streams_ndjson_or_csv_with_the_documented_fields() {
    let server = TestServer::demo().await;
    execute(&server, anna(), forward_to_ben("fwd-ben")).await;
    let rows = archive(&server, "").await;
    let forwarding = rows
        .iter()
        .find(|r| r["action"] == "FORWARDED")
        .expect("the forwarding is archived");
    assert_eq!(forwarding["conversation"], demo::VERA_AND_ANNA);
    assert_eq!(forwarding["actor"], format!("PERSON:{}", demo::ANNA));
    assert_eq!(forwarding["subject"], format!("PERSON:{}", demo::BEN));
    let fields: BTreeSet<&str> = forwarding
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        fields,
        BTreeSet::from([
            "position",
            "time",
            "conversation",
            "actor",
            "action",
            "subject",
            "outcome",
            "detail"
        ])
    );

    let csv = send(
        server
            .admin(Method::GET, AUDIT)
            .header("accept", "text/csv"),
    )
    .await;
    assert_eq!(csv.status(), 200);
    assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
    let text = csv.text().await.unwrap();
    let mut lines = text.split("\r\n");
    assert_eq!(
        lines.next(),
        Some("position,time,conversation,actor,action,subject,outcome,detail")
    );
    let forwarded = lines
        .find(|line| line.contains(",FORWARDED,"))
        .expect("the forwarding as a CSV record");
    assert!(forwarded.starts_with(&format!("{},", forwarding["position"])));
    assert_eq!(text.matches("\r\n").count(), rows.len() + 1);
}

#[tokio::test]
async fn bad_windows_are_refused_and_change_nothing() {
    let server = TestServer::demo().await;
    let before = head(&server).await;
    for query in [
        "limit=0",
        "limit=100001",
        "from=yesterday",
        "after=-3",
        "from=5&to=4",
    ] {
        assert_error(
            send(server.admin(Method::GET, &format!("{AUDIT}?{query}"))).await,
            400,
            "MALFORMED_REQUEST",
        )
        .await;
    }
    assert_eq!(head(&server).await, before);
}

#[tokio::test]
async fn an_archive_job_resumes_without_gaps_or_repeats_while_others_write() {
    let server = TestServer::demo().await;
    for n in 0..4 {
        execute(&server, anna(), forward_to_ben(&format!("before-{n}"))).await;
    }
    // Another writer keeps forwarding while the job pages through the log, three rows at a
    // time, each page resuming after the last position the previous one wrote. After each
    // write the writer waits for the job's next page, so writes and pages interleave however
    // the two are scheduled.
    let written = Cell::new(false);
    let pages = Cell::new(0_usize);
    let writer = async {
        for n in 0..20 {
            execute(&server, anna(), forward_to_ben(&format!("during-{n}"))).await;
            let seen = pages.get();
            while pages.get() == seen {
                tokio::task::yield_now().await;
            }
        }
        written.set(true);
    };
    let job = async {
        let mut paged = Vec::new();
        let mut after = 0;
        let mut pages_while_writing = 0;
        loop {
            // Read before the page: an empty page after the writer is done is the end.
            let finished = written.get();
            let page = archive(&server, &format!("after={after}&limit=3")).await;
            pages.set(pages.get() + 1);
            assert!(page.len() <= 3);
            match page.last() {
                Some(last) => {
                    after = last["position"].as_u64().unwrap();
                    pages_while_writing += usize::from(!finished);
                }
                None if finished => {
                    assert!(
                        pages_while_writing > 1,
                        "the job paged while the writer wrote"
                    );
                    return paged;
                }
                None => tokio::task::yield_now().await,
            }
            paged.extend(page);
        }
    };
    let ((), paged) = tokio::join!(writer, job);
    let whole = archive(&server, "").await;
    assert_eq!(positions(&paged), positions(&whole), "no gap, no repeat");
    assert_eq!(paged, whole);
    let forwardings = whole.iter().filter(|r| r["action"] == "FORWARDED").count();
    assert_eq!(forwardings, 24);
}

#[tokio::test]
async fn the_time_window_keeps_what_was_recorded_inside_it() {
    let server = TestServer::demo().await;
    execute(&server, anna(), forward_to_ben("fwd-ben")).await;
    let rows = archive(&server, "").await;
    let forwarding = rows.iter().find(|r| r["action"] == "FORWARDED").unwrap();
    let at = forwarding["time"].as_i64().unwrap();
    let inside = archive(&server, &format!("from={at}&to={}", at + 1)).await;
    assert!(inside.iter().all(|r| r["time"] == at));
    assert!(inside.contains(forwarding));
    let before = archive(&server, &format!("to={at}")).await;
    assert!(before.iter().all(|r| r["time"].as_i64().unwrap() < at));
    assert!(!before.contains(forwarding));
}
