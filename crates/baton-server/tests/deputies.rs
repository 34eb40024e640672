//! `deputyrelationships/*` over HTTP: the administrator's batch write and search, an agent's
//! own deputies editor (create, read, delete one link), `deputyRelationshipsMinimalRole`,
//! externally managed levels, and bad input that changes nothing; what the desk's deputies
//! editor is told it may change (`/baton/v1/deputies/settings`).

use crate::common;

use baton_core::deputy::DeputyLevel;
use baton_core::directory::AuthorizationRole;
use common::{TestServer, add_person, assert_all_refused, assert_error, head, json, ok};
use reqwest::{Method, RequestBuilder};
use serde_json::{Value, json};

const WRITE: &str = "/app/rest/v4/deputyrelationships/writeAgentDeputies";
const CREATE: &str = "/app/rest/v4/deputyrelationships/create";
const SEARCH: &str = "/app/rest/v4/deputyrelationships/search";
const SETTINGS: &str = "/baton/v1/deputies/settings";

fn read_path(id: &str) -> String {
    format!("/app/rest/v4/deputyrelationships/{id}/read")
}

fn delete_path(id: &str) -> String {
    format!("/app/rest/v4/deputyrelationships/{id}/delete")
}

fn agent(id: &str) -> Value {
    json!({"$_type": "DeputyDefinition", "type": "AGENT", "id": id})
}

/// Anna's deputies with `level1` replaced.
fn annas_deputies(level1: &[&str]) -> Value {
    json!({
        "$_type": "WriteAgentDeputyRelationshipsBody",
        "agentUserId": "anna.advisor",
        "assistants": [agent("ben.assistant")],
        "level1": level1.iter().map(|id| agent(id)).collect::<Vec<_>>(),
        "level2": [{"$_type": "DeputyDefinition", "type": "TEAM", "id": "advisory"}],
        "level3": []
    })
}

fn by_agent(agent: &str) -> Value {
    json!({
        "$_type": "DeputyRelationshipQuery",
        "searchFilters": [{
            "$_type": "AgentUserIdDeputyRelationshipSearchFilter",
            "field": "AGENT_USER_ID",
            "operator": {"$_type": "EqualsIdOperator", "type": "EQUALS", "value": agent}
        }],
        "orderBy": [{"$_type": "DeputyRelationshipOrderBy", "field": "ESCALATION_LEVEL", "order": "DESCENDING"}]
    })
}

fn link(level: &str, deputy_type: &str, deputy: &str) -> Value {
    json!({
        "$_type": "DeputyRelationship",
        "agentUserId": "anna.advisor",
        "deputyType": deputy_type,
        "deputyId": deputy,
        "escalationLevel": level
    })
}

/// The ids of the links a `deputyrelationships/search` answered (asserting 200).
async fn search_ids(request: RequestBuilder) -> Vec<String> {
    let body = ok(request).await;
    assert_eq!(body["$_type"], "DeputyRelationshipResult");
    body["items"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|link| link["id"].as_str().map(str::to_owned))
        .collect()
}

#[tokio::test]
async fn the_administrator_writes_an_agents_deputies_and_search_shows_them() {
    let server = TestServer::demo().await;
    let response = server
        .admin(Method::POST, WRITE)
        .json(&annas_deputies(&["clara.deputy", "david.deputy"]))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 204);
    let ids = search_ids(
        server
            .admin(Method::POST, SEARCH)
            .json(&by_agent("anna.advisor")),
    )
    .await;
    assert_eq!(
        ids,
        [
            "anna.advisor:LEVEL_2:TEAM:advisory",
            // The sort is stable: within a level, the agent's order stays.
            "anna.advisor:LEVEL_1:AGENT:clara.deputy",
            "anna.advisor:LEVEL_1:AGENT:david.deputy",
            "anna.advisor:ASSISTANTS:AGENT:ben.assistant",
        ]
    );
    // Paging over everything the administrator sees.
    let (_, page) = json(
        server
            .admin(Method::POST, SEARCH)
            .json(&json!({"offset": 1, "limit": 2}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(page["items"].as_array().unwrap().len(), 2);
    assert_eq!(page["hasMoreItems"], true);
    assert_eq!(page["nextOffset"], 3);
    // Whom is David a deputy for?
    let (_, found) = json(
        server
            .admin(Method::POST, SEARCH)
            .json(&json!({"searchFilters": [{"field": "DEPUTY_ID", "operator": {"type": "EQUALS", "value": "david.deputy"}}]}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(found["items"][0]["agentUserId"], "anna.advisor");
    assert_eq!(found["items"][0]["accountId"], "helvetia-private-bank");
}

/// Registers `count` more agents of the demo bank, `extra-0` ... (deputies to add).
async fn extra_agents(server: &TestServer, count: usize) -> Vec<String> {
    let mut ids = Vec::new();
    for i in 0..count {
        let id = format!("extra-{i}");
        add_person(
            server,
            &id,
            baton_core::directory::PersonType::Agent,
            baton_core::demo::ACCOUNT,
        )
        .await;
        ids.push(id);
    }
    ids
}

/// The agent ids on one level of Anna's deputies.
async fn annas_level(server: &TestServer, level: &str) -> Vec<String> {
    let body = ok(server
        .admin(Method::POST, SEARCH)
        .json(&by_agent("anna.advisor")))
    .await;
    body["items"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|link| link["escalationLevel"] == level)
        .filter_map(|link| link["deputyId"].as_str().map(str::to_owned))
        .collect()
}

#[tokio::test]
async fn concurrent_adds_of_one_agents_deputies_all_land() {
    let server = TestServer::demo().await;
    let extras = extra_agents(&server, 20).await;
    let adds = extras.iter().map(|id| {
        server
            .admin(Method::POST, CREATE)
            .json(&link("LEVEL_3", "AGENT", id))
            .send()
    });
    for response in futures_util::future::join_all(adds).await {
        assert_eq!(response.unwrap().status(), 200);
    }
    let mut listed = annas_level(&server, "LEVEL_3").await;
    listed.sort();
    let mut expected = extras.clone();
    expected.sort();
    assert_eq!(listed, expected, "every concurrent add kept");
}

#[tokio::test]
async fn concurrent_add_and_remove_pairs_end_as_their_order_implies() {
    let server = TestServer::demo().await;
    let extras = extra_agents(&server, 20).await;
    let before = annas_level(&server, "LEVEL_2").await;
    // Each pair adds its deputy, then removes it; the even ones add it once more at the end.
    let pairs = extras.iter().enumerate().map(|(i, id)| {
        let server = &server;
        async move {
            let added = ok(server
                .admin(Method::POST, CREATE)
                .json(&link("LEVEL_2", "AGENT", id)))
            .await;
            let link_id = added["id"].as_str().unwrap().to_owned();
            let removed = server
                .admin(Method::DELETE, &delete_path(&link_id))
                .send()
                .await
                .unwrap();
            assert_eq!(removed.status(), 204, "{id}");
            if i % 2 == 0 {
                ok(server
                    .admin(Method::POST, CREATE)
                    .json(&link("LEVEL_2", "AGENT", id)))
                .await;
            }
        }
    });
    futures_util::future::join_all(pairs).await;
    let mut listed = annas_level(&server, "LEVEL_2").await;
    listed.sort();
    let mut expected: Vec<String> = before
        .into_iter()
        .chain(extras.iter().step_by(2).cloned())
        .collect();
    expected.sort();
    assert_eq!(listed, expected);
    // Removing a link someone else removed first is NOT_FOUND and changes nothing.
    let gone = server
        .admin(
            Method::DELETE,
            &delete_path("anna.advisor:LEVEL_2:AGENT:extra-1"),
        )
        .send()
        .await
        .unwrap();
    assert_error(gone, 404, "NOT_FOUND").await;
}

#[tokio::test]
async fn an_agent_edits_their_own_deputies_link_by_link() {
    let server = TestServer::demo().await;
    let mut new_link = link("LEVEL_3", "AGENT", "david.deputy");
    new_link["id"] = "ignored".into();
    let (status, created) = json(
        server
            .agent("anna.advisor", Method::POST, CREATE)
            .json(&new_link)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 200, "{created}");
    let id = "anna.advisor:LEVEL_3:AGENT:david.deputy";
    assert_eq!(created["id"], id);
    assert_eq!(created["$_type"], "DeputyRelationship");
    assert_eq!(created["accountId"], "helvetia-private-bank");

    let (status, read) = json(
        server
            .agent("anna.advisor", Method::GET, &read_path(id))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(read, created);
    let own = search_ids(
        server
            .agent("anna.advisor", Method::POST, SEARCH)
            .json(&json!({})),
    )
    .await;
    assert_eq!(own.len(), 4, "{own:?}");
    assert!(own.iter().all(|i| i.starts_with("anna.advisor:")));
    // Clara sees nobody's deputies but her own (she has none).
    assert!(
        search_ids(
            server
                .agent("clara.deputy", Method::POST, SEARCH)
                .json(&json!({}))
        )
        .await
        .is_empty()
    );
    assert_error(
        server
            .agent("clara.deputy", Method::GET, &read_path(id))
            .send()
            .await
            .unwrap(),
        404,
        "NOT_FOUND",
    )
    .await;

    let response = server
        .agent("anna.advisor", Method::DELETE, &delete_path(id))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 204);
    assert_error(
        server
            .admin(Method::GET, &read_path(id))
            .send()
            .await
            .unwrap(),
        404,
        "NOT_FOUND",
    )
    .await;
    assert_eq!(
        server.app().runtime.read(|s| s
            .deputies_of(&"anna.advisor".into())
            .level(DeputyLevel::Level3)
            .len()),
        0
    );
}

#[tokio::test]
async fn an_agent_below_the_minimal_role_is_refused() {
    let server = TestServer::with_settings(common::settings(|config| {
        config.deputy_relationships_minimal_role = AuthorizationRole::Supervisor;
    }))
    .await;
    let before = head(&server).await;
    assert_error(
        server
            .agent("anna.advisor", Method::POST, WRITE)
            .json(&annas_deputies(&["clara.deputy"]))
            .send()
            .await
            .unwrap(),
        403,
        "NOT_ALLOWED",
    )
    .await;
    assert_error(
        server
            .agent("anna.advisor", Method::POST, CREATE)
            .json(&link("LEVEL_3", "AGENT", "david.deputy"))
            .send()
            .await
            .unwrap(),
        403,
        "NOT_ALLOWED",
    )
    .await;
    assert_error(
        server
            .agent(
                "anna.advisor",
                Method::DELETE,
                &delete_path("anna.advisor:LEVEL_1:AGENT:clara.deputy"),
            )
            .send()
            .await
            .unwrap(),
        403,
        "NOT_ALLOWED",
    )
    .await;
    assert_eq!(head(&server).await, before, "nothing changed");
    let response = server
        .admin(Method::POST, CREATE)
        .json(&link("LEVEL_3", "AGENT", "david.deputy"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn an_externally_managed_level_is_the_administrators_only() {
    let server = TestServer::with_settings(common::settings(|config| {
        config.externally_managed_deputy_levels = vec![DeputyLevel::Level1];
    }))
    .await;
    let before = head(&server).await;
    assert_error(
        server
            .agent("anna.advisor", Method::POST, WRITE)
            .json(&annas_deputies(&["david.deputy"]))
            .send()
            .await
            .unwrap(),
        403,
        "EXTERNALLY_MANAGED",
    )
    .await;
    assert_error(
        server
            .agent("anna.advisor", Method::POST, CREATE)
            .json(&link("LEVEL_1", "AGENT", "david.deputy"))
            .send()
            .await
            .unwrap(),
        403,
        "EXTERNALLY_MANAGED",
    )
    .await;
    assert_error(
        server
            .agent(
                "anna.advisor",
                Method::DELETE,
                &delete_path("anna.advisor:LEVEL_1:AGENT:clara.deputy"),
            )
            .send()
            .await
            .unwrap(),
        403,
        "EXTERNALLY_MANAGED",
    )
    .await;
    assert_eq!(head(&server).await, before, "nothing changed");

    // Anna may still edit the other levels, leaving level 1 as it is.
    let response = server
        .agent("anna.advisor", Method::POST, CREATE)
        .json(&link("LEVEL_3", "AGENT", "david.deputy"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    // The administrator writes level 1.
    let response = server
        .admin(Method::POST, WRITE)
        .json(&annas_deputies(&["david.deputy"]))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 204);
    let ids = search_ids(
        server
            .admin(Method::POST, SEARCH)
            .json(&by_agent("anna.advisor")),
    )
    .await;
    assert!(ids.contains(&"anna.advisor:LEVEL_1:AGENT:david.deputy".to_owned()));
    assert!(!ids.contains(&"anna.advisor:LEVEL_1:AGENT:clara.deputy".to_owned()));
}

#[tokio::test]
async fn bad_input_is_refused_with_unblus_error_body_and_changes_nothing() {
    let server = TestServer::demo().await;
    let raw = |request: RequestBuilder, body: &str| {
        request
            .header("content-type", "application/json")
            .body(body.to_owned())
    };
    let oversized =
        json!({"agentUserId": "anna.advisor", "level1": [agent(&"x".repeat(70 * 1024))]});
    let cases: Vec<(RequestBuilder, u16, &str)> = vec![
        (raw(server.admin(Method::POST, WRITE), r#"{"agentUserId": "#), 400, "MALFORMED_REQUEST"),
        (
            server.admin(Method::POST, WRITE).json(&json!({"agentUserId": "anna.advisor", "level1": "clara"})),
            400,
            "MALFORMED_REQUEST",
        ),
        (
            server.admin(Method::POST, WRITE).json(&json!({"agentUserId": "anna.advisor", "level1": [{"type": "BOT", "id": "x"}]})),
            400,
            "MALFORMED_REQUEST",
        ),
        (server.admin(Method::POST, WRITE).json(&oversized), 413, "PAYLOAD_TOO_LARGE"),
        (
            server.admin(Method::POST, WRITE).json(&json!({"agentUserId": "nobody", "level1": []})),
            404,
            "NOT_FOUND",
        ),
        (
            server.admin(Method::POST, WRITE).json(&annas_deputies(&["nobody"])),
            404,
            "NOT_FOUND",
        ),
        (
            server.admin(Method::POST, WRITE).json(&annas_deputies(&["clara.deputy", "clara.deputy"])),
            400,
            "INVALID_INPUT",
        ),
        (
            server.admin(Method::POST, WRITE).json(&annas_deputies(&["anna.advisor"])),
            400,
            "INVALID_INPUT",
        ),
        (
            server.anonymous(Method::POST, WRITE).json(&annas_deputies(&["clara.deputy"])),
            401,
            "NOT_AUTHENTICATED",
        ),
        (
            server.agent("clara.deputy", Method::POST, WRITE).json(&annas_deputies(&["david.deputy"])),
            403,
            "NOT_ALLOWED",
        ),
        (
            server.agent("eva.parent", Method::POST, CREATE).json(&link("LEVEL_3", "AGENT", "david.deputy")),
            403,
            "NOT_ALLOWED",
        ),
        (raw(server.admin(Method::POST, CREATE), "[1, 2"), 400, "MALFORMED_REQUEST"),
        (
            server.admin(Method::POST, CREATE).json(&json!({"agentUserId": "anna.advisor", "deputyType": "AGENT", "deputyId": "david.deputy", "escalationLevel": "LEVEL_9"})),
            400,
            "MALFORMED_REQUEST",
        ),
        (
            server.admin(Method::POST, CREATE).json(&link("LEVEL_3", "TEAM", "no-such-team")),
            404,
            "NOT_FOUND",
        ),
        (
            server.anonymous(Method::POST, CREATE).json(&link("LEVEL_3", "AGENT", "david.deputy")),
            401,
            "NOT_AUTHENTICATED",
        ),
        (
            server.admin(Method::POST, CREATE).json(&json!({"x": "y".repeat(70 * 1024)})),
            413,
            "PAYLOAD_TOO_LARGE",
        ),
        (server.admin(Method::GET, &read_path("anna.advisor:LEVEL_9:AGENT:x")), 404, "NOT_FOUND"),
        (server.anonymous(Method::GET, &read_path("anna.advisor:LEVEL_1:AGENT:clara.deputy")), 401, "NOT_AUTHENTICATED"),
        (server.admin(Method::DELETE, &delete_path("nothing")), 404, "NOT_FOUND"),
        (
            server.agent("clara.deputy", Method::DELETE, &delete_path("anna.advisor:LEVEL_1:AGENT:clara.deputy")),
            404,
            "NOT_FOUND",
        ),
        (server.anonymous(Method::DELETE, &delete_path("anna.advisor:LEVEL_1:AGENT:clara.deputy")), 401, "NOT_AUTHENTICATED"),
        (raw(server.admin(Method::POST, SEARCH), "{"), 400, "MALFORMED_REQUEST"),
        (
            server.admin(Method::POST, SEARCH).json(&json!({"searchFilters": [{"field": "ESCALATION_LEVEL", "operator": {"type": "EQUALS", "value": "LEVEL_1"}}]})),
            400,
            "MALFORMED_REQUEST",
        ),
        (server.admin(Method::POST, SEARCH).json(&json!({"limit": "ten"})), 400, "MALFORMED_REQUEST"),
        (server.anonymous(Method::POST, SEARCH).json(&json!({})), 401, "NOT_AUTHENTICATED"),
        (server.admin(Method::POST, SEARCH).json(&json!({"x": "y".repeat(70 * 1024)})), 413, "PAYLOAD_TOO_LARGE"),
    ];
    assert_all_refused(&server, cases).await;
}

/// `GET /baton/v1/deputies/settings` as the agent `username`, answered with 200.
#[allow(
    clippy::unwrap_used,
    reason = "a test helper: a failed request fails the test"
)]
async fn settings_of(server: &TestServer, username: &str) -> Value {
    let (status, body) = json(
        server
            .agent(username, Method::GET, SETTINGS)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    body
}

#[tokio::test]
async fn the_editor_learns_the_minimal_role_the_externally_managed_levels_and_the_countdowns() {
    let server = TestServer::with_settings(common::settings(|config| {
        config.deputy_relationships_minimal_role = AuthorizationRole::Supervisor;
        config.externally_managed_deputy_levels = vec![DeputyLevel::Level2];
        config.level1_escalation_timeout_seconds = 120;
        config.level2_escalation_timeout_seconds = 180;
        config.level3_escalation_timeout_seconds = 240;
        config.unanswered_escalation_timeout_seconds = 300;
    }))
    .await;
    let anna = settings_of(&server, "anna.advisor").await;
    assert_eq!(
        anna,
        json!({
            "$_type": "BatonDeputySettings",
            "mayManage": false,
            "minimalRole": "SUPERVISOR",
            "externallyManagedLevels": ["LEVEL_2"],
            "level1EscalationTimeoutSeconds": 120,
            "level2EscalationTimeoutSeconds": 180,
            "level3EscalationTimeoutSeconds": 240,
            "unansweredEscalationTimeoutSeconds": 300,
        })
    );
    let eva = settings_of(&server, "eva.parent").await;
    assert_eq!(
        eva["mayManage"], true,
        "a supervisor reaches the minimal role"
    );
}

#[tokio::test]
async fn by_default_every_agent_manages_their_deputies_and_only_agents_ask() {
    let server = TestServer::demo().await;
    let ben = settings_of(&server, "ben.assistant").await;
    assert_eq!(ben["mayManage"], true);
    assert_eq!(ben["externallyManagedLevels"], json!([]));
    assert_error(
        server
            .anonymous(Method::GET, SETTINGS)
            .send()
            .await
            .unwrap(),
        401,
        "NOT_AUTHENTICATED",
    )
    .await;
    assert_error(
        server.admin(Method::GET, SETTINGS).send().await.unwrap(),
        403,
        "NOT_ALLOWED",
    )
    .await;
}
