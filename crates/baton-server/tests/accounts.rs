//! Banks stay apart: an agent of another bank is no deputy, no forwarding or invitation
//! target and does not exist for this bank's people; someone else's invitation answers like
//! one that does not exist. The parent organisation's rights (seed 003) are tested with
//! deputies and unassign elsewhere.

use crate::common;

use baton_core::{Actor, Command, demo};
use common::{TestServer, add_other_bank, assert_all_refused, execute, ok};
use reqwest::Method;
use serde_json::json;

const V4: &str = "/app/rest/v4";

async fn with_other_bank() -> (TestServer, &'static str) {
    let server = TestServer::demo().await;
    let oscar = add_other_bank(&server).await;
    execute(
        &server,
        Actor::Admin,
        Command::CreateTeam {
            id: "other-advisory".into(),
            account: "other-bank".into(),
            name: "Other Advisory".into(),
            parent: None,
        },
    )
    .await;
    (server, oscar)
}

#[tokio::test]
async fn another_banks_agent_or_team_cannot_be_made_a_deputy() {
    let (server, oscar) = with_other_bank().await;
    let link = |deputy_type: &str, deputy: &str| {
        json!({
            "$_type": "DeputyRelationship",
            "agentUserId": demo::ANNA,
            "deputyType": deputy_type,
            "deputyId": deputy,
            "escalationLevel": "LEVEL_1"
        })
    };
    let create = format!("{V4}/deputyrelationships/create");
    assert_all_refused(
        &server,
        vec![
            (
                server
                    .admin(Method::POST, &create)
                    .json(&link("AGENT", oscar)),
                404,
                "NOT_FOUND",
            ),
            (
                server
                    .admin(Method::POST, &create)
                    .json(&link("TEAM", "other-advisory")),
                404,
                "NOT_FOUND",
            ),
        ],
    )
    .await;
    let deputies = server
        .app()
        .runtime
        .read(|s| s.deputies_of(&demo::ANNA.into()));
    assert!(!format!("{deputies:?}").contains("other"), "{deputies:?}");
    // The parent organisation's supervisor may stand in.
    ok(server
        .admin(Method::POST, &create)
        .json(&link("AGENT", demo::EVA)))
    .await;
}

#[tokio::test]
async fn another_banks_agent_or_team_is_no_forwarding_or_invitation_target() {
    let (server, oscar) = with_other_bank().await;
    let anna = |action: &str| {
        server.agent(
            demo::ANNA,
            Method::POST,
            &format!("{V4}/invitations/{action}"),
        )
    };
    assert_all_refused(
        &server,
        vec![
            (
                anna("forwardConversationToAgent")
                    .json(&json!({"conversationId": demo::VERA_AND_ANNA, "agentPersonId": oscar})),
                404,
                "NOT_FOUND",
            ),
            (
                anna("forwardConversationToTeam").json(
                    &json!({"conversationId": demo::VERA_AND_ANNA, "teamId": "other-advisory"}),
                ),
                404,
                "NOT_FOUND",
            ),
            (
                anna("inviteAgentToConversation")
                    .json(&json!({"conversationId": demo::VERA_AND_ANNA, "agentPersonId": oscar})),
                404,
                "NOT_FOUND",
            ),
            (
                anna("inviteTeamToConversation").json(
                    &json!({"conversationId": demo::VERA_AND_ANNA, "teamId": "other-advisory"}),
                ),
                404,
                "NOT_FOUND",
            ),
        ],
    )
    .await;
}

#[tokio::test]
async fn someone_elses_invitation_answers_like_one_that_does_not_exist() {
    let (server, oscar) = with_other_bank().await;
    ok(server
        .agent(
            demo::ANNA,
            Method::POST,
            &format!("{V4}/invitations/forwardConversationToAgent"),
        )
        .json(&json!({"conversationId": demo::VERA_AND_ANNA, "agentPersonId": demo::CLARA})))
    .await;
    let invitation = server.app().runtime.read(|s| {
        s.invitations
            .values()
            .find(|i| i.conversation == demo::VERA_AND_ANNA.into())
            .map(|i| i.id.to_string())
            .unwrap()
    });
    let answer = json!({"response": "ACCEPT", "channel": "QUEUE"});
    let respond = |who: &str, id: &str| {
        server
            .agent(
                who,
                Method::POST,
                &format!("/baton/v1/invitations/{id}/respond"),
            )
            .json(&answer)
    };
    assert_all_refused(
        &server,
        vec![
            (respond(demo::DAVID, &invitation), 404, "NOT_FOUND"),
            (respond(oscar, &invitation), 404, "NOT_FOUND"),
            (respond(demo::DAVID, "no-such-invitation"), 404, "NOT_FOUND"),
        ],
    )
    .await;
}
