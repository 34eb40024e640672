//! `GET /baton/v1/conversations/{id}/participants` over HTTP: names for the widget, hidden
//! participants for agents only, 404 for a conversation the caller may not see, 401 without
//! a sign-in.

use crate::common;

use baton_core::command::Command;
use baton_core::conversation::ParticipationType;
use baton_core::{Actor, demo};
use common::{TestServer, agent_of_other_organisation, assert_error, execute, json, send};
use reqwest::Method;

const PATH: &str = "/baton/v1/conversations/conversation-vera-anna/participants";

async fn with_clara_hidden() -> TestServer {
    let server = TestServer::demo().await;
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
    server
}

#[tokio::test]
async fn a_visitor_gets_names_and_never_a_hidden_participant() {
    let server = with_clara_hidden().await;
    let vera = server.session_for(demo::VERA).await;
    let (status, body) = json(send(server.with_session(&vera, Method::GET, PATH)).await).await;
    assert_eq!(status, 200, "{body}");
    let people: Vec<&str> = body
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["personId"].as_str().unwrap())
        .collect();
    assert_eq!(
        people,
        [demo::VERA, demo::ANNA],
        "in joining order, Clara left out"
    );
    let anna = &body[1];
    assert_eq!(anna["displayName"], "Anna Advisor");
    assert_eq!(anna["personType"], "AGENT");
    assert_eq!(anna["participationType"], "ASSIGNED_AGENT");
    assert_eq!(anna["hidden"], false);
    assert_eq!(anna["$_type"], "BatonParticipant");
}

#[tokio::test]
async fn the_assignee_sees_the_hidden_participant_marked_hidden() {
    let server = with_clara_hidden().await;
    let (status, body) = json(send(server.agent(demo::ANNA, Method::GET, PATH)).await).await;
    assert_eq!(status, 200, "{body}");
    let clara = body
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["personId"] == demo::CLARA)
        .expect("Clara is listed for agents");
    assert_eq!(clara["hidden"], true);
}

#[tokio::test]
async fn strangers_and_anonymous_callers_are_refused() {
    let server = TestServer::demo().await;
    agent_of_other_organisation(&server, "other-bank", "olga.other").await;
    assert_error(
        send(server.agent("olga.other", Method::GET, PATH)).await,
        404,
        "NOT_FOUND",
    )
    .await;
    assert_error(
        send(server.anonymous(Method::GET, PATH)).await,
        401,
        "NOT_AUTHENTICATED",
    )
    .await;
}
