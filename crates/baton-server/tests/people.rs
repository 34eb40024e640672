//! The directory over HTTP: `users/*` (an agent created with a password signs in),
//! `teams/*`, `persons/*` with `setAway`, and `availability/getAgentAvailability`, with who
//! may see whom and bad input that changes nothing.

use crate::common;

use common::{TestServer, agent_of_other_organisation, assert_all_refused, assert_error, head, ok};
use reqwest::{Method, RequestBuilder};
use serde_json::{Value, json};

const V4: &str = "/app/rest/v4";
const CREATE_USER: &str = "/app/rest/v4/users/createWithPassword";
const CREATE_TEAM: &str = "/app/rest/v4/teams/create";
const TEAM_SEARCH: &str = "/app/rest/v4/teams/search";
const PERSON_SEARCH: &str = "/app/rest/v4/persons/search";
const AVAILABILITY: &str = "/app/rest/v4/availability/getAgentAvailability";
const BANK: &str = "helvetia-private-bank";

fn new_user(username: &str, password: &str) -> Value {
    json!({
        "$_type": "UserPasswordContainer",
        "user": {
            "$_type": "User",
            "id": null,
            "accountId": BANK,
            "username": username,
            "email": format!("{username}@helvetia.example"),
            "teamId": "private-banking",
            "authorizationRole": "REGISTERED_USER",
            "firstName": "Zoe",
            "lastName": "Newcomer"
        },
        "password": password
    })
}

fn raw(request: RequestBuilder, body: &str) -> RequestBuilder {
    request
        .header("content-type", "application/json")
        .body(body.to_owned())
}

#[tokio::test]
async fn a_user_created_with_a_password_signs_in_and_is_found() {
    let server = TestServer::demo().await;
    let user = ok(server
        .admin(Method::POST, CREATE_USER)
        .json(&new_user("zoe.newcomer", "zoe-password")))
    .await;
    assert_eq!(user["$_type"], "User");
    assert_eq!(user["username"], "zoe.newcomer");
    assert_eq!(user["displayName"], "Zoe Newcomer");
    assert_eq!(user["accountId"], BANK);
    assert_eq!(user["teamId"], "private-banking");
    assert_eq!(user["authorizationRole"], "REGISTERED_USER");
    assert!(user.get("password").is_none());
    let id = user["id"].as_str().unwrap();
    assert!(id.starts_with("person_"), "{id}");

    let by_name = ok(server
        .anonymous(
            Method::GET,
            &format!("{V4}/users/getByUsername?username=zoe.newcomer"),
        )
        .basic_auth("zoe.newcomer", Some("zoe-password")))
    .await;
    assert_eq!(by_name, user);
    let read = ok(server.agent(
        "anna.advisor",
        Method::GET,
        &format!("{V4}/users/{id}/read"),
    ))
    .await;
    assert_eq!(read, user);
    server.login("zoe.newcomer", "zoe-password").await;
}

#[tokio::test]
async fn users_are_seen_within_their_organisation_only() {
    let server = TestServer::demo().await;
    // Eva's organisation is the bank's parent: she sees the bank's agents; not the reverse.
    ok(server.agent(
        "eva.parent",
        Method::GET,
        &format!("{V4}/users/anna.advisor/read"),
    ))
    .await;
    assert_all_refused(
        &server,
        vec![
            (
                server.agent(
                    "anna.advisor",
                    Method::GET,
                    &format!("{V4}/users/eva.parent/read"),
                ),
                404,
                "NOT_FOUND",
            ),
            (
                server.agent(
                    "anna.advisor",
                    Method::GET,
                    &format!("{V4}/users/getByUsername?username=eva.parent"),
                ),
                404,
                "NOT_FOUND",
            ),
            (
                server.admin(Method::GET, &format!("{V4}/users/nobody/read")),
                404,
                "NOT_FOUND",
            ),
            (
                server.admin(
                    Method::GET,
                    &format!("{V4}/users/getByUsername?username=nobody"),
                ),
                404,
                "NOT_FOUND",
            ),
            (
                server.admin(Method::GET, &format!("{V4}/users/getByUsername")),
                400,
                "MALFORMED_REQUEST",
            ),
            (
                server.anonymous(Method::GET, &format!("{V4}/users/anna.advisor/read")),
                401,
                "NOT_AUTHENTICATED",
            ),
            (
                server.anonymous(
                    Method::GET,
                    &format!("{V4}/users/getByUsername?username=anna.advisor"),
                ),
                401,
                "NOT_AUTHENTICATED",
            ),
        ],
    )
    .await;
}

#[tokio::test]
async fn creating_users_refuses_bad_input_and_changes_nothing() {
    let server = TestServer::demo().await;
    let mut no_account = new_user("no.account", "pw");
    no_account["user"]["accountId"] = Value::Null;
    let mut unknown_team = new_user("team.less", "pw");
    unknown_team["user"]["teamId"] = "no-such-team".into();
    let mut other_bank = new_user("other.bank", "pw");
    other_bank["user"]["accountId"] = "no-such-bank".into();
    assert_all_refused(
        &server,
        vec![
            (
                raw(server.admin(Method::POST, CREATE_USER), r#"{"user": {"#),
                400,
                "MALFORMED_REQUEST",
            ),
            (
                server
                    .admin(Method::POST, CREATE_USER)
                    .json(&json!({"user": "zoe", "password": "pw"})),
                400,
                "MALFORMED_REQUEST",
            ),
            (
                server
                    .admin(Method::POST, CREATE_USER)
                    .json(&json!({"user": {"accountId": BANK}, "password": "pw"})),
                400,
                "MALFORMED_REQUEST",
            ),
            (
                server
                    .admin(Method::POST, CREATE_USER)
                    .json(&new_user("zoe", "")),
                400,
                "MALFORMED_REQUEST",
            ),
            (
                server.admin(Method::POST, CREATE_USER).json(&no_account),
                400,
                "MALFORMED_REQUEST",
            ),
            (
                server.admin(Method::POST, CREATE_USER).json(&unknown_team),
                404,
                "NOT_FOUND",
            ),
            (
                server.admin(Method::POST, CREATE_USER).json(&other_bank),
                404,
                "NOT_FOUND",
            ),
            (
                server
                    .admin(Method::POST, CREATE_USER)
                    .json(&new_user("anna.advisor", "pw")),
                409,
                "ALREADY_EXISTS",
            ),
            (
                server
                    .admin(Method::POST, CREATE_USER)
                    .json(&new_user("zoe", &"p".repeat(70 * 1024))),
                413,
                "PAYLOAD_TOO_LARGE",
            ),
            (
                server
                    .anonymous(Method::POST, CREATE_USER)
                    .json(&new_user("zoe", "pw")),
                401,
                "NOT_AUTHENTICATED",
            ),
            (
                server
                    .agent("anna.advisor", Method::POST, CREATE_USER)
                    .json(&new_user("zoe", "pw")),
                403,
                "NOT_ALLOWED",
            ),
        ],
    )
    .await;
}

#[tokio::test]
async fn a_password_that_cannot_be_stored_after_registration_is_reported() {
    let server = TestServer::demo().await;
    let before = head(&server).await;
    // The domain compares usernames exactly, the password store ignoring case.
    let body = assert_error(
        server
            .admin(Method::POST, CREATE_USER)
            .json(&new_user("ANNA.ADVISOR", "pw"))
            .send()
            .await
            .unwrap(),
        409,
        "PASSWORD_NOT_SET",
    )
    .await;
    let message = body["errorMessage"].as_str().unwrap();
    assert!(message.contains("was registered"), "{message}");
    assert!(message.contains("person_"), "{message}");
    assert_eq!(head(&server).await, before + 1);
}

#[tokio::test]
async fn teams_are_created_read_searched_and_listed_recursively() {
    let server = TestServer::demo().await;
    let team = ok(server.admin(Method::POST, CREATE_TEAM).json(&json!({
        "$_type": "Team",
        "id": null,
        "accountId": BANK,
        "name": "Wealth Planning",
        "parentId": "private-banking",
        "description": "not kept"
    })))
    .await;
    assert_eq!(team["$_type"], "Team");
    assert_eq!(team["name"], "Wealth Planning");
    assert_eq!(team["parentId"], "private-banking");
    let id = team["id"].as_str().unwrap();
    assert!(id.starts_with("team_"), "{id}");

    let read = ok(server.agent(
        "clara.deputy",
        Method::GET,
        &format!("{V4}/teams/{id}/read"),
    ))
    .await;
    assert_eq!(read, team);

    let children = ok(server.agent(
        "anna.advisor",
        Method::GET,
        &format!("{V4}/teams/advisory/getChildTeams"),
    ))
    .await;
    assert_eq!(children["$_type"], "TeamList");
    let names: Vec<&str> = children["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Private Banking", "Wealth Planning"]);

    let found = ok(server.agent("anna.advisor", Method::POST, TEAM_SEARCH).json(&json!({
        "$_type": "TeamQuery",
        "searchFilters": [{"$_type": "NameTeamSearchFilter", "field": "NAME",
                           "operator": {"$_type": "ContainsStringOperator", "type": "CONTAINS", "value": "ing"}}],
        "orderBy": [{"$_type": "TeamOrderBy", "field": "NAME", "order": "DESCENDING"}]
    })))
    .await;
    assert_eq!(found["$_type"], "TeamResult");
    let names: Vec<&str> = found["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Wealth Planning", "Private Banking"]);
    assert_eq!(found["hasMoreItems"], false);
}

#[tokio::test]
async fn team_requests_with_bad_input_change_nothing() {
    let server = TestServer::demo().await;
    assert_all_refused(
        &server,
        vec![
            (raw(server.admin(Method::POST, CREATE_TEAM), "{"), 400, "MALFORMED_REQUEST"),
            (server.admin(Method::POST, CREATE_TEAM).json(&json!({"accountId": BANK})), 400, "MALFORMED_REQUEST"),
            (server.admin(Method::POST, CREATE_TEAM).json(&json!({"accountId": BANK, "name": 5})), 400, "MALFORMED_REQUEST"),
            (server.admin(Method::POST, CREATE_TEAM).json(&json!({"name": "Orphans"})), 400, "MALFORMED_REQUEST"),
            (server.admin(Method::POST, CREATE_TEAM).json(&json!({"accountId": BANK, "name": "  "})), 400, "INVALID_INPUT"),
            (
                server.admin(Method::POST, CREATE_TEAM).json(&json!({"accountId": BANK, "name": "X", "parentId": "nope"})),
                404,
                "NOT_FOUND",
            ),
            (server.admin(Method::POST, CREATE_TEAM).json(&json!({"accountId": "nope", "name": "X"})), 404, "NOT_FOUND"),
            (
                server.admin(Method::POST, CREATE_TEAM).json(&json!({"accountId": BANK, "name": "x".repeat(70 * 1024)})),
                413,
                "PAYLOAD_TOO_LARGE",
            ),
            (server.anonymous(Method::POST, CREATE_TEAM).json(&json!({"accountId": BANK, "name": "X"})), 401, "NOT_AUTHENTICATED"),
            (
                server.agent("anna.advisor", Method::POST, CREATE_TEAM).json(&json!({"name": "Anna's own"})),
                403,
                "NOT_ALLOWED",
            ),
            (server.admin(Method::GET, &format!("{V4}/teams/nope/read")), 404, "NOT_FOUND"),
            (server.anonymous(Method::GET, &format!("{V4}/teams/advisory/read")), 401, "NOT_AUTHENTICATED"),
            (server.admin(Method::GET, &format!("{V4}/teams/nope/getChildTeams")), 404, "NOT_FOUND"),
            (
                server.anonymous(Method::GET, &format!("{V4}/teams/advisory/getChildTeams")),
                401,
                "NOT_AUTHENTICATED",
            ),
            (server.admin(Method::POST, TEAM_SEARCH).json(&json!({"offset": -1})), 400, "MALFORMED_REQUEST"),
            (
                server.admin(Method::POST, TEAM_SEARCH).json(&json!({"searchFilters": [{"field": "DESCRIPTION", "operator": {"type": "EQUALS", "value": "x"}}]})),
                400,
                "MALFORMED_REQUEST",
            ),
            (server.anonymous(Method::POST, TEAM_SEARCH).json(&json!({})), 401, "NOT_AUTHENTICATED"),
        ],
    )
    .await;
    // A visitor sees no team at all.
    let vera = server.demo_visitor_session("vera.visitor").await;
    let found = ok(server
        .with_session(&vera, Method::POST, TEAM_SEARCH)
        .json(&json!({})))
    .await;
    assert_eq!(found["items"], json!([]));
    assert_error(
        server
            .with_cookie(&vera, Method::GET, &format!("{V4}/teams/advisory/read"))
            .send()
            .await
            .unwrap(),
        404,
        "NOT_FOUND",
    )
    .await;
}

#[tokio::test]
async fn persons_are_read_and_searched_as_their_viewers_may() {
    let server = TestServer::demo().await;
    let anna = ok(server.agent(
        "clara.deputy",
        Method::GET,
        &format!("{V4}/persons/anna.advisor/read"),
    ))
    .await;
    assert_eq!(anna["$_type"], "PersonData");
    assert_eq!(anna["displayName"], "Anna Advisor");
    assert_eq!(anna["personType"], "AGENT");
    // Vera is in Anna's conversation: Anna sees her, Ben does not.
    ok(server.agent(
        "anna.advisor",
        Method::GET,
        &format!("{V4}/persons/vera.visitor/read"),
    ))
    .await;

    let agents = ok(server.agent("anna.advisor", Method::POST, PERSON_SEARCH).json(&json!({
        "$_type": "PersonQuery",
        "searchFilters": [{"$_type": "PersonTypePersonSearchFilter", "field": "PERSON_TYPE",
                           "operator": {"$_type": "EqualsPersonTypeOperator", "type": "EQUALS", "value": "AGENT"}}],
        "orderBy": [{"$_type": "PersonOrderBy", "field": "USERNAME", "order": "ASCENDING"}],
        "limit": 3
    })))
    .await;
    assert_eq!(agents["$_type"], "PersonResult");
    let ids: Vec<&str> = agents["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    // Eva belongs to the parent organisation, which Anna does not see.
    assert_eq!(ids, ["anna.advisor", "ben.assistant", "clara.deputy"]);
    assert_eq!(agents["hasMoreItems"], true);
    assert_eq!(agents["nextOffset"], 3);
    let everyone = ok(server.admin(Method::POST, PERSON_SEARCH).json(&json!({}))).await;
    // The demo's two banks: six persons at Helvetia and its parent, two at Alpina.
    assert_eq!(everyone["items"].as_array().unwrap().len(), 8);

    let vera = server.demo_visitor_session("vera.visitor").await;
    let herself = ok(server
        .with_session(&vera, Method::POST, PERSON_SEARCH)
        .json(&json!({})))
    .await;
    assert_eq!(herself["items"].as_array().unwrap().len(), 1);
    assert_eq!(herself["items"][0]["id"], "vera.visitor");

    assert_all_refused(
        &server,
        vec![
            (server.agent("ben.assistant", Method::GET, &format!("{V4}/persons/vera.visitor/read")), 404, "NOT_FOUND"),
            (server.agent("anna.advisor", Method::GET, &format!("{V4}/persons/eva.parent/read")), 404, "NOT_FOUND"),
            (server.with_cookie(&vera, Method::GET, &format!("{V4}/persons/anna.advisor/read")), 404, "NOT_FOUND"),
            (server.admin(Method::GET, &format!("{V4}/persons/nobody/read")), 404, "NOT_FOUND"),
            (server.anonymous(Method::GET, &format!("{V4}/persons/anna.advisor/read")), 401, "NOT_AUTHENTICATED"),
            (raw(server.admin(Method::POST, PERSON_SEARCH), "{]"), 400, "MALFORMED_REQUEST"),
            (
                server.admin(Method::POST, PERSON_SEARCH).json(&json!({"searchFilters": [{"field": "EMAIL", "operator": {"type": "EQUALS", "value": "x"}}]})),
                400,
                "MALFORMED_REQUEST",
            ),
            (server.admin(Method::POST, PERSON_SEARCH).json(&json!({"orderBy": "USERNAME"})), 400, "MALFORMED_REQUEST"),
            (server.anonymous(Method::POST, PERSON_SEARCH).json(&json!({})), 401, "NOT_AUTHENTICATED"),
            (
                server.admin(Method::POST, PERSON_SEARCH).json(&json!({"x": "y".repeat(70 * 1024)})),
                413,
                "PAYLOAD_TOO_LARGE",
            ),
        ],
    )
    .await;
}

#[tokio::test]
async fn set_away_changes_the_presence_and_the_availability() {
    let server = TestServer::demo().await;
    let availability = |user: &str| {
        server.agent(
            "clara.deputy",
            Method::GET,
            &format!("{AVAILABILITY}?userId={user}&locale=de-CH"),
        )
    };
    // Nobody at a desk: the demo's agents start offline.
    let before = ok(availability("anna.advisor")).await;
    assert_eq!(before["isAvailable"], false, "{before}");
    let online = ok(server
        .admin(Method::POST, &format!("{V4}/persons/anna.advisor/setAway"))
        .json(&json!({"away": false})))
    .await;
    assert_eq!(online["onlineState"], "ONLINE");
    assert_eq!(
        ok(availability("anna.advisor")).await,
        json!({"$_type": "AgentAvailabilityStateData", "availabilityState": "AVAILABLE", "isAvailable": true})
    );
    let state = ok(server
        .agent(
            "anna.advisor",
            Method::POST,
            &format!("{V4}/persons/anna.advisor/setAway"),
        )
        .json(&json!({"away": true})))
    .await;
    assert_eq!(
        state,
        json!({"$_type": "AgentPersonStateData", "personId": "anna.advisor", "onlineState": "AWAY", "type": "AGENT"})
    );
    let away = ok(availability("anna.advisor")).await;
    assert_eq!(away["availabilityState"], "BUSY");
    assert_eq!(away["isAvailable"], false);
    // The administrator brings her back.
    let back = ok(server
        .admin(Method::POST, &format!("{V4}/persons/anna.advisor/setAway"))
        .json(&json!({"away": false})))
    .await;
    assert_eq!(back["onlineState"], "ONLINE");
    // The bank as a whole is available while anyone is online.
    let bank = ok(server.anonymous(Method::GET, AVAILABILITY)).await;
    assert_eq!(bank["availabilityState"], "AVAILABLE");
    // One agent's presence is not for anonymous callers, visitors or another bank.
    agent_of_other_organisation(&server, "other-bank", "olga.other").await;
    let vera = server.session_for("vera.visitor").await;
    let annas = format!("{AVAILABILITY}?userId=anna.advisor");
    assert_all_refused(
        &server,
        vec![
            (server.anonymous(Method::GET, &annas), 404, "NOT_FOUND"),
            (
                server.with_session(&vera, Method::GET, &annas),
                404,
                "NOT_FOUND",
            ),
            (
                server.agent("olga.other", Method::GET, &annas),
                404,
                "NOT_FOUND",
            ),
        ],
    )
    .await;

    let set_away = |who: &str, whom: &str| {
        server.agent(who, Method::POST, &format!("{V4}/persons/{whom}/setAway"))
    };
    assert_all_refused(
        &server,
        vec![
            (
                set_away("clara.deputy", "anna.advisor").json(&json!({"away": true})),
                403,
                "NOT_ALLOWED",
            ),
            (
                set_away("anna.advisor", "nobody").json(&json!({"away": true})),
                404,
                "NOT_FOUND",
            ),
            (
                set_away("anna.advisor", "anna.advisor").json(&json!({"away": "yes"})),
                400,
                "MALFORMED_REQUEST",
            ),
            (
                set_away("anna.advisor", "anna.advisor").json(&json!({})),
                400,
                "MALFORMED_REQUEST",
            ),
            (
                raw(set_away("anna.advisor", "anna.advisor"), "{\"away\""),
                400,
                "MALFORMED_REQUEST",
            ),
            (
                set_away("anna.advisor", "anna.advisor")
                    .json(&json!({"away": true, "x": "y".repeat(70 * 1024)})),
                413,
                "PAYLOAD_TOO_LARGE",
            ),
            (
                server
                    .anonymous(Method::POST, &format!("{V4}/persons/anna.advisor/setAway"))
                    .json(&json!({"away": true})),
                401,
                "NOT_AUTHENTICATED",
            ),
            (availability("nobody"), 404, "NOT_FOUND"),
            (availability("vera.visitor"), 404, "NOT_FOUND"),
        ],
    )
    .await;
}

#[tokio::test]
async fn availability_without_a_user_needs_an_account() {
    let server = common::without_demo(common::settings(|_| {})).await;
    assert_error(
        server
            .anonymous(Method::GET, AVAILABILITY)
            .send()
            .await
            .unwrap(),
        400,
        "MALFORMED_REQUEST",
    )
    .await;
    let mut settings = common::settings(|_| {});
    settings.server.visitor_account = Some("no-agents-here".into());
    let server = common::without_demo(settings).await;
    let nobody = ok(server.anonymous(Method::GET, AVAILABILITY)).await;
    assert_eq!(nobody["availabilityState"], "UNAVAILABLE");
}
