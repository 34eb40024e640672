//! Unblu's `conversations/...` endpoints over real HTTP: create, read, search and the
//! reassignment steps of seed 000, each with Unblu's shapes; every refusal answers Unblu's
//! error body and changes nothing.

use crate::common;

use common::{SessionClient, TestServer, agent_of_other_organisation, head, item_ids, ok, refused};
use reqwest::{Method, RequestBuilder};
use serde_json::{Value, json};

const V4: &str = "/app/rest/v4";
const VERA_AND_ANNA: &str = "conversation-vera-anna";
/// The sibling bank's conversation, which the administrator sees too.
const WANDA_AND_OTTO: &str = baton_core::demo::WANDA_AND_OTTO;
const OTHER: &str = "oscar.other";

fn path(rest: &str) -> String {
    format!("{V4}{rest}")
}

fn of(id: &str, action: &str) -> String {
    path(&format!("/conversations/{id}/{action}"))
}

/// (person, participationType, hidden) of the conversation's participants.
fn participants(conversation: &Value) -> Vec<(String, String, bool)> {
    conversation["participants"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|p| {
            (
                p["personId"].as_str().unwrap_or_default().to_owned(),
                p["participationType"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
                p["hidden"].as_bool().unwrap_or_default(),
            )
        })
        .collect()
}

fn has(conversation: &Value, person: &str, participation_type: &str, hidden: bool) -> bool {
    participants(conversation).contains(&(person.into(), participation_type.into(), hidden))
}

async fn vera(server: &TestServer) -> SessionClient {
    server.session("vera.visitor").await
}

#[tokio::test]
async fn the_admin_an_agent_and_a_visitor_create_conversations() {
    let server = TestServer::demo().await;
    let queued = ok(server.admin(Method::POST, &path("/conversations/create")).json(&json!({
        "$_type": "ConversationCreationData",
        "topic": "Mortgage",
        "recipient": {"$_type": "ConversationCreationRecipientData", "type": "AGENT", "id": "anna.advisor"},
        "participants": [{
            "$_type": "ConversationCreationParticipantData",
            "personId": "vera.visitor",
            "participationType": "CONTEXT_PERSON"
        }],
        "initialEngagementType": "CHAT_REQUEST"
    })))
    .await;
    assert_eq!(queued["$_type"], "ConversationData");
    assert_eq!(queued["accountId"], "helvetia-private-bank");
    assert_eq!(queued["state"], "QUEUED");
    assert_eq!(queued["topic"], "Mortgage");
    assert_eq!(queued["recipient"]["$_type"], "PersonData");
    assert_eq!(queued["recipient"]["id"], "anna.advisor");
    assert!(queued["creationTimestamp"].as_i64().unwrap() > 0);
    assert_eq!(
        participants(&queued),
        [("vera.visitor".into(), "CONTEXT_PERSON".into(), false)]
    );
    let id = queued["id"].as_str().unwrap();
    assert!(id.starts_with("conv_"), "{id}");
    // Without an assignee the conversation waits with an assignment request.
    let requests = ok(server.admin(Method::POST, &path("/invitations/search")).json(&json!({
        "searchFilters": [{"field": "CONVERSATION_ID", "operator": {"type": "EQUALS", "value": id}}]
    })))
    .await;
    assert_eq!(requests["items"].as_array().unwrap().len(), 1, "{requests}");
    assert_eq!(requests["items"][0]["invitationType"], "ASSIGNMENT_REQUEST");
    assert_eq!(requests["items"][0]["targetId"], "anna.advisor");

    let own = ok(server
        .agent("anna.advisor", Method::POST, &path("/conversations/create"))
        .json(&json!({
            "topic": "Follow-up",
            "participants": [
                {"personId": "anna.advisor", "participationType": "ASSIGNED_AGENT"},
                {"personId": "vera.visitor", "participationType": "CONTEXT_PERSON"}
            ]
        })))
    .await;
    assert_eq!(own["state"], "ACTIVE");
    assert!(has(&own, "anna.advisor", "ASSIGNED_AGENT", false));

    let vera = vera(&server).await;
    let mine = ok(vera
        .request(Method::POST, &path("/conversations/create"))
        .json(&json!({
            "recipient": {"type": "TEAM", "id": "private-banking"},
            "participants": [{"personId": "vera.visitor", "participationType": "CONTEXT_PERSON"}]
        })))
    .await;
    assert_eq!(mine["state"], "QUEUED");
    assert_eq!(mine["recipient"]["$_type"], "TeamData");
    // A visitor starts conversations for themselves only.
    refused(
        &server,
        vera.request(Method::POST, &path("/conversations/create"))
            .json(&json!({
                "participants": [
                    {"personId": "vera.visitor", "participationType": "CONTEXT_PERSON"},
                    {"personId": "anna.advisor", "participationType": "ASSIGNED_AGENT"}
                ]
            })),
        403,
        "NOT_ALLOWED",
    )
    .await;
    // An agent assigns new conversations to themselves only.
    refused(
        &server,
        server.agent("clara.deputy", Method::POST, &path("/conversations/create")).json(&json!({
            "participants": [{"personId": "anna.advisor", "participationType": "ASSIGNED_AGENT"}]
        })),
        403,
        "NOT_ALLOWED",
    )
    .await;
    // What Baton cannot honour is refused, not dropped.
    refused(
        &server,
        server.admin(Method::POST, &path("/conversations/create")).json(&json!({
            "recipient": {"type": "NAMED_AREA", "id": "zurich"},
            "participants": [{"personId": "vera.visitor", "participationType": "CONTEXT_PERSON"}]
        })),
        400,
        "INVALID_INPUT",
    )
    .await;
    refused(
        &server,
        server
            .admin(Method::POST, &path("/conversations/create"))
            .json(&json!({
                "recipient": {"type": "AGENT", "id": "nobody"}
            })),
        400,
        "INVALID_INPUT",
    )
    .await;
    refused(
        &server,
        server
            .admin(Method::POST, &path("/conversations/create"))
            .json(&json!({
                "participants": [{"personId": "nobody", "participationType": "CONTEXT_PERSON"}],
                "recipient": {"type": "ACCOUNT", "id": "helvetia-private-bank"}
            })),
        404,
        "NOT_FOUND",
    )
    .await;
}

#[tokio::test]
async fn a_conversation_is_read_as_the_caller_may_see_it() {
    let server = TestServer::demo().await;
    agent_of_other_organisation(&server, "other-bank", OTHER).await;
    ok(server
        .agent(
            "anna.advisor",
            Method::POST,
            &of(VERA_AND_ANNA, "addParticipant"),
        )
        .json(&json!({"personId": "ben.assistant", "hidden": true, "conversationStarred": false})))
    .await;

    let for_anna = ok(server.agent("anna.advisor", Method::GET, &of(VERA_AND_ANNA, "read"))).await;
    assert_eq!(for_anna["id"], VERA_AND_ANNA);
    assert_eq!(for_anna["topic"], "Portfolio review");
    assert!(has(&for_anna, "ben.assistant", "SECONDARY_AGENT", true));
    let for_vera = ok(vera(&server)
        .await
        .request(Method::GET, &of(VERA_AND_ANNA, "read")))
    .await;
    assert_eq!(
        participants(&for_vera),
        [
            ("vera.visitor".into(), "CONTEXT_PERSON".into(), false),
            ("anna.advisor".into(), "ASSIGNED_AGENT".into(), false)
        ],
        "visitors never see hidden participants"
    );
    assert!(!for_vera.to_string().contains("ben.assistant"));
    let for_admin = ok(server.admin(Method::GET, &of(VERA_AND_ANNA, "read"))).await;
    assert_eq!(for_admin, for_anna);
    // Eva, of the parent organisation, sees the bank's conversations (seed 003).
    ok(server.agent("eva.parent", Method::GET, &of(VERA_AND_ANNA, "read"))).await;

    // An assigned conversation is hidden from the organisation's other agents (seed 003), from
    // other organisations and from nobody-in-particular alike.
    for request in [
        server.agent("clara.deputy", Method::GET, &of(VERA_AND_ANNA, "read")),
        server.agent(OTHER, Method::GET, &of(VERA_AND_ANNA, "read")),
        server.admin(Method::GET, &of("no-such-conversation", "read")),
    ] {
        refused(&server, request, 404, "NOT_FOUND").await;
    }
    refused(
        &server,
        server.anonymous(Method::GET, &of(VERA_AND_ANNA, "read")),
        401,
        "NOT_AUTHENTICATED",
    )
    .await;
    refused(
        &server,
        server
            .anonymous(Method::GET, &of(VERA_AND_ANNA, "read"))
            .basic_auth("anna.advisor", Some("wrong")),
        401,
        "NOT_AUTHENTICATED",
    )
    .await;
}

fn search(server: &TestServer, body: Value) -> RequestBuilder {
    server
        .admin(Method::POST, &path("/conversations/search"))
        .json(&body)
}

#[tokio::test]
async fn search_filters_pages_and_shows_only_what_the_caller_may_see() {
    let server = TestServer::with_manual_clock(common::settings(|_| {})).await;
    agent_of_other_organisation(&server, "other-bank", OTHER).await;
    let mut queued = Vec::new();
    for topic in ["one", "two", "three"] {
        // Distinct creation times make the default order (oldest first) observable.
        server.clock().advance(std::time::Duration::from_millis(3));
        let created = ok(server.admin(Method::POST, &path("/conversations/create")).json(&json!({
            "topic": topic,
            "participants": [{"personId": "vera.visitor", "participationType": "CONTEXT_PERSON"}]
        })))
        .await;
        queued.push(created["id"].as_str().unwrap().to_owned());
    }

    let all = ok(search(&server, json!({"$_type": "ConversationQuery"}))).await;
    assert_eq!(all["$_type"], "ConversationResult");
    assert_eq!(all["hasMoreItems"], false);
    let mut expected = vec![VERA_AND_ANNA.to_owned(), WANDA_AND_OTTO.to_owned()];
    expected.extend(queued.iter().cloned());
    assert_eq!(item_ids(&all), expected, "oldest first");

    let by_state = ok(search(&server, json!({"searchFilters": [{
        "$_type": "StateConversationSearchFilter",
        "field": "STATE",
        "operator": {"$_type": "EqualsConversationStateOperator", "type": "EQUALS", "value": "QUEUED"}
    }]})))
    .await;
    assert_eq!(item_ids(&by_state), queued);
    let by_participant = ok(search(
        &server,
        json!({"searchFilters": [{
            "field": "PARTICIPANT_PERSON_ID",
            "operator": {"type": "ANY_OF", "values": ["anna.advisor"]}
        }]}),
    ))
    .await;
    assert_eq!(item_ids(&by_participant), [VERA_AND_ANNA]);
    let by_assignee = ok(search(&server, json!({"searchFilters": [
        {"field": "ASSIGNEE_PERSON_ID", "operator": {"type": "EQUALS", "value": "anna.advisor"}},
        {"field": "CONTEXT_PERSON_ID", "operator": {"type": "EQUALS", "value": "vera.visitor"}}
    ]})))
    .await;
    assert_eq!(item_ids(&by_assignee), [VERA_AND_ANNA]);

    let first_page = ok(search(
        &server,
        json!({"limit": 2, "orderBy": [{"field": "TOPIC", "order": "DESCENDING"}]}),
    ))
    .await;
    assert_eq!(first_page["hasMoreItems"], true);
    assert_eq!(first_page["nextOffset"], 2);
    assert_eq!(
        first_page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["topic"].as_str().unwrap())
            .collect::<Vec<_>>(),
        ["two", "three"]
    );
    let second_page = ok(search(
        &server,
        json!({"offset": 2, "limit": 3, "orderBy": [{"field": "TOPIC", "order": "DESCENDING"}]}),
    ))
    .await;
    assert_eq!(second_page["hasMoreItems"], false);
    assert!(second_page.get("nextOffset").is_none());
    // "one" and the demo's two conversations ("Savings plan", "Portfolio review").
    assert_eq!(item_ids(&second_page).len(), 3);

    // Clara sees the queued conversations of her bank, not Anna's assigned one.
    let clara = ok(server
        .agent("clara.deputy", Method::POST, &path("/conversations/search"))
        .json(&json!({})))
    .await;
    assert_eq!(item_ids(&clara), queued);
    let other = ok(server
        .agent(OTHER, Method::POST, &path("/conversations/search"))
        .json(&json!({})))
    .await;
    assert_eq!(item_ids(&other), Vec::<String>::new());
    // A visitor's filter never matches a participant hidden from them.
    ok(server
        .agent(
            "anna.advisor",
            Method::POST,
            &of(VERA_AND_ANNA, "addParticipant"),
        )
        .json(&json!({"personId": "ben.assistant", "hidden": true})))
    .await;
    let vera = vera(&server).await;
    let hidden_probe = ok(vera.request(Method::POST, &path("/conversations/search")).json(&json!({
        "searchFilters": [{"field": "PARTICIPANT_PERSON_ID", "operator": {"type": "ANY_OF", "values": ["ben.assistant"]}}]
    })))
    .await;
    assert_eq!(item_ids(&hidden_probe), Vec::<String>::new());
    let veras = ok(vera
        .request(Method::POST, &path("/conversations/search"))
        .json(&json!({})))
    .await;
    let hers: Vec<String> = expected
        .iter()
        .filter(|id| *id != WANDA_AND_OTTO)
        .cloned()
        .collect();
    assert_eq!(
        item_ids(&veras),
        hers,
        "she takes part in all of her bank's"
    );
    let ended = ok(server
        .admin(Method::POST, &of(&queued[0], "end"))
        .json(&json!({})))
    .await;
    assert_eq!(ended["state"], "ENDED");
    let veras = ok(vera
        .request(Method::POST, &path("/conversations/search"))
        .json(&json!({})))
    .await;
    assert!(
        !item_ids(&veras).contains(&queued[0]),
        "an ended participation gives no access"
    );

    for (body, code) in [
        (
            json!({"searchFilters": [{"field": "TOPIC", "operator": {"type": "EQUALS", "value": "x"}}]}),
            "MALFORMED_REQUEST",
        ),
        (
            json!({"searchFilters": [{"field": "STATE", "operator": {"type": "NOT_IN", "values": []}}]}),
            "MALFORMED_REQUEST",
        ),
        (json!({"limit": "ten"}), "MALFORMED_REQUEST"),
        (
            json!({"orderBy": [{"field": "LOCALE", "order": "ASCENDING"}]}),
            "INVALID_INPUT",
        ),
    ] {
        refused(&server, search(&server, body), 400, code).await;
    }
    refused(
        &server,
        server
            .anonymous(Method::POST, &path("/conversations/search"))
            .json(&json!({})),
        401,
        "NOT_AUTHENTICATED",
    )
    .await;
}

#[tokio::test]
async fn seed_000_reassigns_to_a_hidden_participant_step_by_step() {
    let server = TestServer::demo().await;
    let anna = |method, path: &str| server.agent("anna.advisor", method, path);
    let added = ok(anna(Method::POST, &of(VERA_AND_ANNA, "addParticipant"))
        .json(&json!({"personId": "clara.deputy", "hidden": true, "conversationStarred": false})))
    .await;
    assert!(has(&added, "clara.deputy", "SECONDARY_AGENT", true));
    // A hidden participant cannot be the assignee: show them first.
    refused(
        &server,
        anna(Method::POST, &of(VERA_AND_ANNA, "setAssigneePerson"))
            .json(&json!({"personId": "clara.deputy"})),
        409,
        "HIDDEN_ASSIGNEE",
    )
    .await;
    let shown = ok(anna(
        Method::POST,
        &of(VERA_AND_ANNA, "changeParticipantVisibility"),
    )
    .json(&json!({"personId": "clara.deputy", "hidden": false})))
    .await;
    assert!(has(&shown, "clara.deputy", "SECONDARY_AGENT", false));
    let reassigned = ok(anna(Method::POST, &of(VERA_AND_ANNA, "setAssigneePerson"))
        .json(&json!({"personId": "clara.deputy"})))
    .await;
    assert!(has(&reassigned, "clara.deputy", "ASSIGNED_AGENT", false));
    assert!(has(&reassigned, "anna.advisor", "SECONDARY_AGENT", false));
    assert_eq!(reassigned["state"], "ACTIVE");
    let offboarded = ok(
        anna(Method::POST, &of(VERA_AND_ANNA, "offboardParticipant")).json(&json!({
            "personId": "anna.advisor",
            "reason": "OTHER",
            "comment": "Some other important reason"
        })),
    )
    .await;
    assert!(
        participants(&offboarded)
            .iter()
            .all(|(person, _, _)| person != "anna.advisor"),
        "{offboarded}"
    );
    assert_eq!(offboarded["state"], "ACTIVE");
    // Anna left a conversation assigned to Clara: she no longer sees it.
    refused(
        &server,
        anna(Method::GET, &of(VERA_AND_ANNA, "read")),
        404,
        "NOT_FOUND",
    )
    .await;
    let for_clara = ok(server.agent("clara.deputy", Method::GET, &of(VERA_AND_ANNA, "read"))).await;
    assert!(has(&for_clara, "clara.deputy", "ASSIGNED_AGENT", false));
}

#[tokio::test]
async fn keeping_the_previous_assignee_makes_them_a_secondary_agent() {
    let server = TestServer::demo().await;
    let anna = |method, path: &str| server.agent("anna.advisor", method, path);
    ok(anna(Method::POST, &of(VERA_AND_ANNA, "addParticipant"))
        .json(&json!({"personId": "david.deputy"})))
    .await;
    let kept = ok(anna(Method::POST, &of(VERA_AND_ANNA, "setAssigneePerson"))
        .json(&json!({"personId": "david.deputy"})))
    .await;
    assert!(has(&kept, "david.deputy", "ASSIGNED_AGENT", false));
    assert!(has(&kept, "anna.advisor", "SECONDARY_AGENT", false));
    refused(
        &server,
        anna(Method::POST, &of(VERA_AND_ANNA, "addParticipant"))
            .json(&json!({"personId": "david.deputy"})),
        409,
        "ALREADY_PARTICIPANT",
    )
    .await;
    for (body, status, code) in [
        (json!({"personId": "ben.assistant"}), 409, "NOT_PARTICIPANT"),
        (json!({"personId": "vera.visitor"}), 400, "NOT_AN_AGENT"),
    ] {
        refused(
            &server,
            anna(Method::POST, &of(VERA_AND_ANNA, "setAssigneePerson")).json(&body),
            status,
            code,
        )
        .await;
    }
    refused(
        &server,
        anna(
            Method::POST,
            &of(VERA_AND_ANNA, "changeParticipantVisibility"),
        )
        .json(&json!({"personId": "vera.visitor", "hidden": true})),
        400,
        "CANNOT_BE_HIDDEN",
    )
    .await;
}

#[tokio::test]
async fn the_awaited_person_type_is_set_and_the_conversation_ends() {
    let server = TestServer::demo().await;
    let anna = |method, path: &str| server.agent("anna.advisor", method, path);
    let awaited = ok(
        anna(Method::POST, &of(VERA_AND_ANNA, "setAwaitedPersonType"))
            .json(&json!({"awaitedPersonType": "VISITOR"})),
    )
    .await;
    assert_eq!(awaited["awaitedPersonType"], "VISITOR");
    // Setting it again changes nothing and still answers the conversation.
    let before = head(&server).await;
    ok(
        anna(Method::POST, &of(VERA_AND_ANNA, "setAwaitedPersonType"))
            .json(&json!({"awaitedPersonType": "VISITOR"})),
    )
    .await;
    assert_eq!(head(&server).await, before);
    // Visitors may not end a conversation or change who is awaited.
    let vera = vera(&server).await;
    refused(
        &server,
        vera.request(Method::POST, &of(VERA_AND_ANNA, "end"))
            .json(&json!({})),
        403,
        "NOT_ALLOWED",
    )
    .await;
    let ended = ok(anna(Method::POST, &of(VERA_AND_ANNA, "end"))
        .json(&json!({"reason": "OTHER", "comment": "Some comment"})))
    .await;
    assert_eq!(ended["state"], "ENDED");
    refused(
        &server,
        server
            .admin(Method::POST, &of(VERA_AND_ANNA, "end"))
            .json(&json!({})),
        409,
        "WRONG_CONVERSATION_STATE",
    )
    .await;
}

#[tokio::test]
async fn a_visitor_leaves_by_themselves() {
    let server = TestServer::demo().await;
    let vera = vera(&server).await;
    let left = ok(vera
        .request(Method::POST, &of(VERA_AND_ANNA, "offboardParticipant"))
        .json(&json!({"personId": "vera.visitor", "reason": "PARTICIPANT_LEFT"})))
    .await;
    assert!(
        participants(&left)
            .iter()
            .all(|(person, _, _)| person != "vera.visitor"),
        "{left}"
    );
    refused(
        &server,
        vera.request(Method::GET, &of(VERA_AND_ANNA, "read")),
        404,
        "NOT_FOUND",
    )
    .await;
}

/// Every change endpoint with a valid body for the demo conversation.
fn changes() -> Vec<(&'static str, Value)> {
    vec![
        ("addParticipant", json!({"personId": "david.deputy"})),
        ("setAssigneePerson", json!({"personId": "anna.advisor"})),
        (
            "changeParticipantVisibility",
            json!({"personId": "anna.advisor", "hidden": false}),
        ),
        (
            "offboardParticipant",
            json!({"personId": "anna.advisor", "reason": "KICKED"}),
        ),
        (
            "setAwaitedPersonType",
            json!({"awaitedPersonType": "AGENT"}),
        ),
        ("end", json!({"reason": "OTHER"})),
    ]
}

#[tokio::test]
async fn bad_input_is_refused_with_unblus_error_body_and_changes_nothing() {
    let server = TestServer::demo().await;
    agent_of_other_organisation(&server, "other-bank", OTHER).await;
    let vera = vera(&server).await;
    let oversized = json!({"topic": "x".repeat(70 * 1024)});
    let mut bodied: Vec<(String, Value)> = changes()
        .into_iter()
        .map(|(action, body)| (of(VERA_AND_ANNA, action), body))
        .collect();
    bodied.push((path("/conversations/create"), json!({"participants": [{"personId": "vera.visitor", "participationType": "CONTEXT_PERSON"}]})));
    bodied.push((path("/conversations/search"), json!({})));
    for (target, body) in &bodied {
        let post = |builder: fn(&TestServer, Method, &str) -> RequestBuilder| {
            builder(&server, Method::POST, target)
        };
        // Malformed JSON, a wrong type, no JSON at all, too large.
        refused(
            &server,
            post(admin)
                .header("content-type", "application/json")
                .body("{\"personId\": "),
            400,
            "MALFORMED_REQUEST",
        )
        .await;
        refused(&server, post(admin).json(&json!({"personId": 7, "hidden": "no", "reason": 1, "awaitedPersonType": 2, "participants": 3, "searchFilters": 4})), 400, "MALFORMED_REQUEST").await;
        refused(&server, post(admin).body("{}"), 400, "MALFORMED_REQUEST").await;
        refused(
            &server,
            post(admin).json(&oversized),
            413,
            "PAYLOAD_TOO_LARGE",
        )
        .await;
        // No credentials, wrong credentials.
        refused(
            &server,
            post(anonymous).json(body),
            401,
            "NOT_AUTHENTICATED",
        )
        .await;
        refused(
            &server,
            post(anonymous)
                .basic_auth("admin", Some("guess"))
                .json(body),
            401,
            "NOT_AUTHENTICATED",
        )
        .await;
        // A session cookie without its CSRF token.
        refused(
            &server,
            vera.without_csrf(Method::POST, target).json(body),
            403,
            "NOT_ALLOWED",
        )
        .await;
    }
    for (action, body) in changes() {
        // Unknown conversation; another organisation's agent; a colleague who does not see it.
        refused(
            &server,
            server
                .admin(Method::POST, &of("no-such-conversation", action))
                .json(&body),
            404,
            "NOT_FOUND",
        )
        .await;
        refused(
            &server,
            server
                .agent(OTHER, Method::POST, &of(VERA_AND_ANNA, action))
                .json(&body),
            404,
            "NOT_FOUND",
        )
        .await;
        refused(
            &server,
            server
                .agent("clara.deputy", Method::POST, &of(VERA_AND_ANNA, action))
                .json(&body),
            404,
            "NOT_FOUND",
        )
        .await;
    }
    // Unknown persons in the body.
    for action in [
        "addParticipant",
        "setAssigneePerson",
        "changeParticipantVisibility",
        "offboardParticipant",
    ] {
        let body = json!({"personId": "nobody", "hidden": false, "reason": "KICKED"});
        let (status, code) = if action == "addParticipant" {
            (404, "NOT_FOUND")
        } else {
            (409, "NOT_PARTICIPANT")
        };
        refused(
            &server,
            server
                .admin(Method::POST, &of(VERA_AND_ANNA, action))
                .json(&body),
            status,
            code,
        )
        .await;
    }
    // Reasons Baton does not offboard for.
    refused(
        &server,
        server
            .admin(Method::POST, &of(VERA_AND_ANNA, "offboardParticipant"))
            .json(&json!({"personId": "anna.advisor", "reason": "ONBOARDING_TIMEOUT"})),
        400,
        "INVALID_INPUT",
    )
    .await;
    // The visitor may read but not manage.
    refused(
        &server,
        vera.request(Method::POST, &of(VERA_AND_ANNA, "addParticipant"))
            .json(&json!({"personId": "david.deputy"})),
        403,
        "NOT_ALLOWED",
    )
    .await;
    // The other organisation's agent changed nothing and still sees nothing.
    let after = ok(server.admin(Method::GET, &of(VERA_AND_ANNA, "read"))).await;
    assert_eq!(participants(&after).len(), 2);
    assert_eq!(after["state"], "ACTIVE");
}

fn admin(server: &TestServer, method: Method, path: &str) -> RequestBuilder {
    server.admin(method, path)
}

fn anonymous(server: &TestServer, method: Method, path: &str) -> RequestBuilder {
    server.anonymous(method, path)
}
