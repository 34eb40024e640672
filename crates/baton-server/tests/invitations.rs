//! Unblu's `invitations/...` endpoints over real HTTP: forwarding (seed 000), inviting agents,
//! teams and customers by PIN, e-mail and link (seed 002), PIN renewal, revocation, reads,
//! search, accept links, requeue and deputy delegation; every refusal answers Unblu's error
//! body and changes nothing, and tokens appear only where they must.

use crate::common;

use baton_core::command::ResponseChannel;
use baton_core::invitation::DelegationResponse;
use baton_core::{Actor, Command};
use common::{
    TestServer, agent_of_other_organisation, eventually, head, item_ids, json, ok, refused,
};
use reqwest::{Method, RequestBuilder};
use serde_json::{Value, json};

const V4: &str = "/app/rest/v4";
const VERA_AND_ANNA: &str = "conversation-vera-anna";
const OTHER: &str = "oscar.other";

fn path(rest: &str) -> String {
    format!("{V4}/invitations/{rest}")
}

fn conversation(id: &str, action: &str) -> String {
    format!("{V4}/conversations/{id}/{action}")
}

fn anna(server: &TestServer, method: Method, path: &str) -> RequestBuilder {
    server.agent("anna.advisor", method, path)
}

fn id(invitation: &Value) -> String {
    invitation["id"].as_str().unwrap_or_default().to_owned()
}

/// Waits until the delegation scheduler has notified the first level of a deputy invitation,
/// so that its events do not land in the middle of a check that the log stays unchanged.
async fn first_level_notified(server: &TestServer, invitation: &Value) -> Value {
    let read = path(&format!("{}/read", id(invitation)));
    eventually("the first level to be notified", || async {
        let read = ok(server.admin(Method::GET, &read)).await;
        read["secondaryInvitationTargets"]
            .as_array()
            .is_some_and(|targets| !targets.is_empty())
            .then_some(read)
    })
    .await
}

#[tokio::test]
async fn seed_000_forwarding_to_an_agent_hands_the_conversation_over() {
    let server = TestServer::demo().await;
    // Forwarding to someone who already participates is refused: reassign instead.
    ok(anna(
        &server,
        Method::POST,
        &conversation(VERA_AND_ANNA, "addParticipant"),
    )
    .json(&json!({"personId": "david.deputy", "hidden": true})))
    .await;
    refused(
        &server,
        anna(&server, Method::POST, &path("forwardConversationToAgent")).json(&json!({
            "conversationId": VERA_AND_ANNA,
            "agentPersonId": "david.deputy"
        })),
        409,
        "ALREADY_PARTICIPANT",
    )
    .await;
    let forwarding = ok(
        anna(&server, Method::POST, &path("forwardConversationToAgent")).json(&json!({
            "conversationId": VERA_AND_ANNA,
            "agentPersonId": "clara.deputy",
            "comment": "She asked about her mortgage."
        })),
    )
    .await;
    assert_eq!(forwarding["$_type"], "ConversationInvitationData");
    assert_eq!(forwarding["invitationType"], "AGENT_FORWARDING");
    assert_eq!(forwarding["invitationState"], "OPEN");
    assert_eq!(forwarding["conversationId"], VERA_AND_ANNA);
    assert_eq!(forwarding["accountId"], "helvetia-private-bank");
    assert_eq!(forwarding["targetType"], "AGENT");
    assert_eq!(forwarding["targetId"], "clara.deputy");
    assert_eq!(forwarding["creatorType"], "AGENT");
    assert_eq!(forwarding["creatorPersonId"], "anna.advisor");
    assert_eq!(forwarding["comment"], "She asked about her mortgage.");
    assert_eq!(forwarding["targetResponseStatus"], "PENDING");
    assert!(forwarding.get("token").is_none());
    // Clara has it in her queue, so she may read it and its conversation.
    let read = ok(server.agent(
        "clara.deputy",
        Method::GET,
        &path(&format!("{}/read", id(&forwarding))),
    ))
    .await;
    assert_eq!(read, forwarding);

    // The accept endpoint is another module's; accept through the domain.
    server
        .app()
        .execute(
            &Actor::Agent("clara.deputy".into()),
            Command::RespondToInvitation {
                invitation: id(&forwarding).as_str().into(),
                response: DelegationResponse::Accept,
                channel: ResponseChannel::Queue,
            },
        )
        .await
        .unwrap();
    let for_clara = ok(server.agent(
        "clara.deputy",
        Method::GET,
        &conversation(VERA_AND_ANNA, "read"),
    ))
    .await;
    let assignee = for_clara["participants"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["participationType"] == "ASSIGNED_AGENT")
        .unwrap();
    assert_eq!(assignee["personId"], "clara.deputy");
    // The previous assignee was offboarded and lost access.
    refused(
        &server,
        anna(&server, Method::GET, &conversation(VERA_AND_ANNA, "read")),
        404,
        "NOT_FOUND",
    )
    .await;
    refused(
        &server,
        anna(
            &server,
            Method::GET,
            &path(&format!("{}/read", id(&forwarding))),
        ),
        404,
        "NOT_FOUND",
    )
    .await;
    let accepted = ok(server.admin(Method::GET, &path(&format!("{}/read", id(&forwarding))))).await;
    assert_eq!(accepted["invitationState"], "REDEEMED");
    assert_eq!(accepted["redeemingPersonId"], "clara.deputy");
}

#[tokio::test]
async fn forwarding_to_a_team_replaces_an_earlier_forwarding() {
    let server = TestServer::demo().await;
    let to_clara = ok(
        anna(&server, Method::POST, &path("forwardConversationToAgent"))
            .json(&json!({"conversationId": VERA_AND_ANNA, "agentPersonId": "clara.deputy"})),
    )
    .await;
    let to_team = ok(
        anna(&server, Method::POST, &path("forwardConversationToTeam")).json(
            &json!({"conversationId": VERA_AND_ANNA, "teamId": "advisory", "comment": "Anyone?"}),
        ),
    )
    .await;
    assert_eq!(to_team["invitationType"], "AGENT_FORWARDING");
    assert_eq!(to_team["targetType"], "TEAM");
    assert_eq!(to_team["targetId"], "advisory");
    let revoked = ok(server.admin(Method::GET, &path(&format!("{}/read", id(&to_clara))))).await;
    assert_eq!(revoked["invitationState"], "REVOKED");
    refused(
        &server,
        anna(&server, Method::POST, &path("forwardConversationToTeam"))
            .json(&json!({"conversationId": VERA_AND_ANNA, "teamId": "no-such-team"})),
        404,
        "NOT_FOUND",
    )
    .await;
}

#[tokio::test]
async fn agents_and_teams_are_invited_once() {
    let server = TestServer::demo().await;
    let agent = ok(
        anna(&server, Method::POST, &path("inviteAgentToConversation")).json(&json!({
            "conversationId": VERA_AND_ANNA,
            "agentPersonId": "david.deputy",
            "comment": "Please join",
            "joinHidden": true
        })),
    )
    .await;
    assert_eq!(agent["invitationType"], "AGENT_INVITATION");
    assert_eq!(agent["targetId"], "david.deputy");
    assert_eq!(agent["joinHidden"], true);
    let team = ok(
        anna(&server, Method::POST, &path("inviteTeamToConversation"))
            .json(&json!({"conversationId": VERA_AND_ANNA, "teamId": "assistants"})),
    )
    .await;
    assert_eq!(team["invitationType"], "AGENT_INVITATION");
    assert_eq!(team["targetType"], "TEAM");
    assert_eq!(team["targetId"], "assistants");
    assert_eq!(team["joinHidden"], false);
    // A conflicting open invitation exists: refused.
    let conflict = refused(
        &server,
        anna(&server, Method::POST, &path("inviteAgentToConversation"))
            .json(&json!({"conversationId": VERA_AND_ANNA, "agentPersonId": "david.deputy"})),
        409,
        "CONFLICTING_INVITATION",
    )
    .await;
    assert!(
        conflict["errorMessage"]
            .as_str()
            .unwrap()
            .contains(&id(&agent))
    );
    refused(
        &server,
        anna(&server, Method::POST, &path("inviteTeamToConversation"))
            .json(&json!({"conversationId": VERA_AND_ANNA, "teamId": "assistants"})),
        409,
        "CONFLICTING_INVITATION",
    )
    .await;
    refused(
        &server,
        anna(&server, Method::POST, &path("inviteAgentToConversation"))
            .json(&json!({"conversationId": VERA_AND_ANNA, "agentPersonId": "anna.advisor"})),
        409,
        "ALREADY_PARTICIPANT",
    )
    .await;
    refused(
        &server,
        anna(&server, Method::POST, &path("inviteAgentToConversation"))
            .json(&json!({"conversationId": VERA_AND_ANNA, "agentPersonId": "vera.visitor"})),
        400,
        "NOT_AN_AGENT",
    )
    .await;
    refused(
        &server,
        anna(&server, Method::POST, &path("inviteAgentToConversation"))
            .json(&json!({"conversationId": VERA_AND_ANNA, "agentPersonId": "nobody"})),
        404,
        "NOT_FOUND",
    )
    .await;
}

#[tokio::test]
async fn seed_002_a_pin_is_shown_once_renewed_and_revoked() {
    let server = TestServer::demo().await;
    let invited = ok(anna(
        &server,
        Method::POST,
        &path("inviteAnonymousVisitorToConversationWithPin"),
    )
    .json(&json!({"conversationId": VERA_AND_ANNA, "nickname": "Walter"})))
    .await;
    assert_eq!(invited["invitationType"], "PIN_CONVERSATION");
    assert_eq!(invited["targetType"], "ANONYMOUS");
    assert_eq!(invited["nickname"], "Walter");
    assert_eq!(invited["invitationState"], "OPEN");
    let pin = invited["token"].as_str().unwrap().to_owned();
    assert!(
        pin.len() >= 6 && pin.bytes().all(|b| b.is_ascii_digit()),
        "{pin}"
    );
    let created = invited["createdTimestamp"].as_i64().unwrap();
    assert!(invited["expirationTimestamp"].as_i64().unwrap() > created);
    let invitation = id(&invited);

    // Reads and searches never show it.
    let read = ok(anna(
        &server,
        Method::GET,
        &path(&format!("{invitation}/read")),
    ))
    .await;
    assert!(
        read.get("token").is_none() && !read.to_string().contains(&pin),
        "{read}"
    );
    let found = ok(server.admin(Method::POST, &path("search")).json(&json!({}))).await;
    assert!(!found.to_string().contains(&pin));

    let renewed = ok(anna(
        &server,
        Method::POST,
        &path(&format!("{invitation}/renewPin")),
    ))
    .await;
    let new_pin = renewed["token"].as_str().unwrap();
    assert!(new_pin.len() >= 6 && new_pin.bytes().all(|b| b.is_ascii_digit()));
    assert_ne!(new_pin, pin);
    assert_eq!(renewed["id"], invitation.as_str());

    let revoked = ok(anna(
        &server,
        Method::POST,
        &path(&format!("{invitation}/revoke")),
    ))
    .await;
    assert_eq!(revoked["invitationState"], "REVOKED");
    assert!(revoked.get("token").is_none());
    refused(
        &server,
        anna(
            &server,
            Method::POST,
            &path(&format!("{invitation}/revoke")),
        ),
        409,
        "INVITATION_CLOSED",
    )
    .await;
    refused(
        &server,
        anna(
            &server,
            Method::POST,
            &path(&format!("{invitation}/renewPin")),
        ),
        409,
        "INVITATION_CLOSED",
    )
    .await;
    // Only PIN invitations have a PIN.
    let agent = ok(
        anna(&server, Method::POST, &path("inviteAgentToConversation"))
            .json(&json!({"conversationId": VERA_AND_ANNA, "agentPersonId": "david.deputy"})),
    )
    .await;
    refused(
        &server,
        anna(
            &server,
            Method::POST,
            &path(&format!("{}/renewPin", id(&agent))),
        ),
        400,
        "INVALID_INPUT",
    )
    .await;
    for action in ["renewPin", "revoke"] {
        refused(
            &server,
            server.admin(Method::POST, &path(&format!("no-such-invitation/{action}"))),
            404,
            "NOT_FOUND",
        )
        .await;
        refused(
            &server,
            server.anonymous(Method::POST, &path(&format!("{invitation}/{action}"))),
            401,
            "NOT_AUTHENTICATED",
        )
        .await;
    }
}

#[tokio::test]
async fn seed_002_an_email_invitation_sends_one_mail_with_the_link_and_answers_no_token() {
    let server = TestServer::demo().await;
    let before = server.app().mailer.outbox(100).await.unwrap().len();
    let (status, invited) = json(
        anna(&server, Method::POST, &path("inviteAnonymousVisitorToConversationWithEmail"))
            .header("accept-language", "de-CH,de;q=0.9")
            .json(&json!({"conversationId": VERA_AND_ANNA, "email": "walter@example.com", "nickname": "Walter"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 200, "{invited}");
    assert_eq!(invited["invitationType"], "VISITOR_INVITATION");
    assert_eq!(invited["email"], "walter@example.com");
    assert!(invited.get("token").is_none());
    assert_eq!(invited["links"], json!([]));
    // The webhook feed derives the mail from the recorded invitation.
    common::feed_caught_up(&server).await;
    let outbox = server.app().mailer.outbox(100).await.unwrap();
    assert_eq!(outbox.len(), before + 1, "exactly one mail");
    let mail = &outbox[0].mail;
    assert_eq!(mail.to, "walter@example.com");
    assert_eq!(mail.subject, "Einladung zu einem Gespräch");
    assert!(mail.body.contains("Anna Advisor"), "{}", mail.body);
    let prefix = format!(
        "{}/join.html#invitation={}&token=",
        server.app().public_url,
        id(&invited)
    );
    let start = mail.body.find(&prefix).expect("the link is in the mail") + prefix.len();
    let token: String = mail.body[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    assert!(token.len() >= 22, "{}", mail.body);
    assert!(
        !invited.to_string().contains(&token),
        "the answer never holds the token"
    );
    let read = ok(anna(
        &server,
        Method::GET,
        &path(&format!("{}/read", id(&invited))),
    ))
    .await;
    assert!(!read.to_string().contains(&token));
    // The link in the mail is an accept link.
    let link = ok(server
        .anonymous(Method::POST, &path("getAcceptLink"))
        .json(&json!({"token": token})))
    .await;
    assert_eq!(link["conversationId"], VERA_AND_ANNA);

    refused(
        &server,
        anna(
            &server,
            Method::POST,
            &path("inviteAnonymousVisitorToConversationWithEmail"),
        )
        .json(&json!({"conversationId": VERA_AND_ANNA, "email": "not an address"})),
        400,
        "INVALID_INPUT",
    )
    .await;
    refused(
        &server,
        anna(
            &server,
            Method::POST,
            &path("inviteAnonymousVisitorToConversationWithEmail"),
        )
        .json(&json!({"conversationId": VERA_AND_ANNA})),
        400,
        "MALFORMED_REQUEST",
    )
    .await;
    common::feed_caught_up(&server).await;
    assert_eq!(
        server.app().mailer.outbox(100).await.unwrap().len(),
        before + 1
    );
}

#[tokio::test]
async fn a_link_invitation_answers_its_link_and_accept_links_need_a_valid_token() {
    let server = TestServer::demo().await;
    let invited = ok(anna(
        &server,
        Method::POST,
        &path("inviteAnonymousVisitorToConversationWithLink"),
    )
    .json(&json!({"conversationId": VERA_AND_ANNA})))
    .await;
    assert_eq!(invited["invitationType"], "VISITOR_INVITATION");
    assert!(invited.get("token").is_none());
    let links = invited["links"].as_array().unwrap();
    assert_eq!(links.len(), 1);
    assert_eq!(links[0]["$_type"], "ConversationLink");
    assert_eq!(links[0]["type"], "ACCEPT_IN_VISITOR_DESK");
    let url = links[0]["url"].as_str().unwrap();
    let prefix = format!(
        "{}/join.html#invitation={}&token=",
        server.app().public_url,
        id(&invited)
    );
    let token = url.strip_prefix(&prefix).unwrap_or_else(|| panic!("{url}"));
    assert!(token.len() >= 22);

    let accept = ok(server
        .anonymous(Method::POST, &path("getAcceptLink"))
        .json(&json!({"token": token})))
    .await;
    assert_eq!(accept["$_type"], "AcceptLinkData");
    assert_eq!(accept["accountId"], "helvetia-private-bank");
    assert_eq!(accept["conversationId"], VERA_AND_ANNA);
    assert_eq!(accept["links"][0]["url"], url);

    let pin = ok(anna(
        &server,
        Method::POST,
        &path("inviteAnonymousVisitorToConversationWithPin"),
    )
    .json(&json!({"conversationId": VERA_AND_ANNA})))
    .await;
    let pin_token = pin["token"].as_str().unwrap();
    let by_pin = ok(server
        .anonymous(Method::POST, &path("getAcceptLink"))
        .json(&json!({"token": pin_token})))
    .await;
    assert_eq!(
        by_pin["links"][0]["url"],
        format!(
            "{}/join.html#invitation={}&token={pin_token}",
            server.app().public_url,
            id(&pin)
        )
    );

    // Wrong, revoked: the same refusal, and nothing is recorded in the log.
    refused(
        &server,
        server
            .anonymous(Method::POST, &path("getAcceptLink"))
            .json(&json!({"token": "000000x"})),
        400,
        "PIN_WRONG",
    )
    .await;
    ok(anna(
        &server,
        Method::POST,
        &path(&format!("{}/revoke", id(&invited))),
    ))
    .await;
    refused(
        &server,
        server
            .anonymous(Method::POST, &path("getAcceptLink"))
            .json(&json!({"token": token})),
        400,
        "PIN_WRONG",
    )
    .await;
    refused(
        &server,
        server
            .anonymous(Method::POST, &path("getAcceptLink"))
            .json(&json!({"token": 123456})),
        400,
        "MALFORMED_REQUEST",
    )
    .await;
}

#[tokio::test]
async fn guessing_accept_links_is_limited_per_client() {
    let server = TestServer::with_settings(baton_server::settings::Settings {
        limits: baton_server::limits::LimitSettings {
            max_failures: 2,
            window_seconds: 600,
            ..Default::default()
        },
        ..common::settings(|_| {})
    })
    .await;
    let pin = ok(anna(
        &server,
        Method::POST,
        &path("inviteAnonymousVisitorToConversationWithPin"),
    )
    .json(&json!({"conversationId": VERA_AND_ANNA})))
    .await;
    for _ in 0..2 {
        refused(
            &server,
            server
                .anonymous(Method::POST, &path("getAcceptLink"))
                .json(&json!({"token": "111"})),
            400,
            "PIN_WRONG",
        )
        .await;
    }
    let response = server
        .anonymous(Method::POST, &path("getAcceptLink"))
        .json(&json!({"token": pin["token"]}))
        .send()
        .await
        .unwrap();
    assert!(response.headers().contains_key("retry-after"));
    common::assert_error(response, 429, "TOO_MANY_ATTEMPTS").await;
}

#[tokio::test]
async fn search_shows_only_invitations_the_caller_may_see() {
    let server = TestServer::with_manual_clock(common::settings(|_| {})).await;
    agent_of_other_organisation(&server, "other-bank", OTHER).await;
    let pin = ok(anna(
        &server,
        Method::POST,
        &path("inviteAnonymousVisitorToConversationWithPin"),
    )
    .json(&json!({"conversationId": VERA_AND_ANNA})))
    .await;
    server.clock().advance(std::time::Duration::from_millis(3));
    let to_david = ok(
        anna(&server, Method::POST, &path("inviteAgentToConversation"))
            .json(&json!({"conversationId": VERA_AND_ANNA, "agentPersonId": "david.deputy"})),
    )
    .await;
    server.clock().advance(std::time::Duration::from_millis(3));
    let queued = ok(server
        .admin(Method::POST, &format!("{V4}/conversations/create"))
        .json(&json!({
            "participants": [{"personId": "vera.visitor", "participationType": "CONTEXT_PERSON"}],
            "recipient": {"type": "ACCOUNT", "id": "helvetia-private-bank"}
        })))
    .await;
    let search = |request: RequestBuilder, body: Value| ok(request.json(&body));

    let all = search(
        server.admin(Method::POST, &path("search")),
        json!({"$_type": "ConversationInvitationQuery"}),
    )
    .await;
    assert_eq!(all["$_type"], "ConversationInvitationResult");
    assert_eq!(item_ids(&all).len(), 3);
    assert_eq!(
        item_ids(&all)[..2],
        [id(&pin), id(&to_david)],
        "oldest first"
    );
    let agent_invitations = search(
        server.admin(Method::POST, &path("search")),
        json!({"searchFilters": [
            {"$_type": "ConversationIdConversationInvitationSearchFilter", "field": "CONVERSATION_ID",
             "operator": {"$_type": "EqualsIdOperator", "type": "EQUALS", "value": VERA_AND_ANNA}},
            {"field": "INVITATION_TYPE", "operator": {"type": "IN", "values": ["AGENT_INVITATION", "AGENT_FORWARDING"]}},
            {"field": "INVITATION_STATE", "operator": {"type": "EQUALS", "value": "OPEN"}}
        ]}),
    )
    .await;
    assert_eq!(item_ids(&agent_invitations), [id(&to_david)]);
    let page = search(
        server.admin(Method::POST, &path("search")),
        json!({"limit": 1, "offset": 1, "orderBy": [{"field": "CREATION_TIMESTAMP", "order": "DESCENDING"}]}),
    )
    .await;
    assert_eq!(item_ids(&page), [id(&to_david)]);
    assert_eq!(page["hasMoreItems"], true);
    assert_eq!(page["nextOffset"], 2);

    // David, invited, sees the conversation and so its invitations (never the PIN itself),
    // and the bank's queue.
    let david = search(
        server.agent("david.deputy", Method::POST, &path("search")),
        json!({}),
    )
    .await;
    assert_eq!(item_ids(&david), item_ids(&all));
    assert!(!david.to_string().contains(pin["token"].as_str().unwrap()));
    // Clara sees only the bank's queue.
    let clara = search(
        server.agent("clara.deputy", Method::POST, &path("search")),
        json!({}),
    )
    .await;
    assert_eq!(item_ids(&clara).len(), 1, "{clara}");
    assert_eq!(clara["items"][0]["conversationId"], queued["id"]);
    // Anna sees everything of her conversation, never the PIN itself.
    let for_anna = search(
        server.agent("anna.advisor", Method::POST, &path("search")),
        json!({}),
    )
    .await;
    assert!(item_ids(&for_anna).contains(&id(&pin)));
    assert!(
        !for_anna
            .to_string()
            .contains(pin["token"].as_str().unwrap())
    );
    // Other organisations and visitors see none.
    let other = search(
        server.agent(OTHER, Method::POST, &path("search")),
        json!({}),
    )
    .await;
    assert_eq!(item_ids(&other), Vec::<String>::new());
    let vera = server.session("vera.visitor").await;
    let for_vera = search(vera.request(Method::POST, &path("search")), json!({})).await;
    assert_eq!(item_ids(&for_vera), Vec::<String>::new());
    refused(
        &server,
        vera.request(Method::GET, &path(&format!("{}/read", id(&to_david)))),
        404,
        "NOT_FOUND",
    )
    .await;
    refused(
        &server,
        server.agent(
            OTHER,
            Method::GET,
            &path(&format!("{}/read", id(&to_david))),
        ),
        404,
        "NOT_FOUND",
    )
    .await;
    refused(
        &server,
        server.admin(Method::GET, &path("no-such-invitation/read")),
        404,
        "NOT_FOUND",
    )
    .await;
    refused(
        &server,
        server.anonymous(Method::GET, &path(&format!("{}/read", id(&to_david)))),
        401,
        "NOT_AUTHENTICATED",
    )
    .await;
    for (body, code) in [
        (
            json!({"searchFilters": [{"field": "CREATOR_TYPE", "operator": {"type": "EQUALS", "value": "AGENT"}}]}),
            "MALFORMED_REQUEST",
        ),
        (json!({"offset": -1}), "MALFORMED_REQUEST"),
        (
            json!({"orderBy": [{"field": "TYPE", "order": "ASCENDING"}]}),
            "INVALID_INPUT",
        ),
    ] {
        refused(
            &server,
            server.admin(Method::POST, &path("search")).json(&body),
            400,
            code,
        )
        .await;
    }
}

#[tokio::test]
async fn requeueing_answers_the_new_assignment_request() {
    let server = TestServer::demo().await;
    refused(
        &server,
        anna(&server, Method::POST, &path("requeueConversation"))
            .json(&json!({"conversationId": VERA_AND_ANNA, "agentRemovalType": "KEEP_AGENTS"})),
        400,
        "INVALID_INPUT",
    )
    .await;
    let request = ok(anna(&server, Method::POST, &path("requeueConversation"))
        .json(&json!({"conversationId": VERA_AND_ANNA, "agentRemovalType": "REMOVE_ALL_AGENTS"})))
    .await;
    assert_eq!(request["invitationType"], "ASSIGNMENT_REQUEST");
    assert_eq!(request["targetType"], "ACCOUNT");
    assert_eq!(request["targetId"], "helvetia-private-bank");
    let queued = ok(server.admin(Method::GET, &conversation(VERA_AND_ANNA, "read"))).await;
    assert_eq!(queued["state"], "QUEUED");
}

#[tokio::test]
async fn deputy_delegation_is_started_by_administrators_and_takes_secondary_targets() {
    let server = TestServer::demo().await;
    refused(
        &server,
        anna(&server, Method::POST, &path("startDeputyDelegation"))
            .json(&json!({"conversationId": VERA_AND_ANNA, "delegationLevel": "LEVEL_1"})),
        403,
        "NOT_ALLOWED",
    )
    .await;
    let delegation = ok(server.admin(Method::POST, &path("startDeputyDelegation"))
        .json(&json!({"conversationId": VERA_AND_ANNA, "joinDeputyHidden": true, "delegationLevel": "LEVEL_1"})))
    .await;
    assert_eq!(delegation["invitationType"], "DEPUTY_INVITATION");
    assert_eq!(delegation["targetId"], "anna.advisor");
    assert_eq!(delegation["joinHidden"], true);
    assert_eq!(delegation["creatorType"], "WEB_API");
    let notified = first_level_notified(&server, &delegation).await;
    assert!(notified.to_string().contains("clara.deputy"), "{notified}");
    refused(
        &server,
        server
            .admin(Method::POST, &path("startDeputyDelegation"))
            .json(&json!({"conversationId": VERA_AND_ANNA, "delegationLevel": "LEVEL_2"})),
        409,
        "DELEGATION_RUNNING",
    )
    .await;
    let target = path(&format!("{}/addSecondaryInvitationTarget", id(&delegation)));
    refused(
        &server,
        anna(&server, Method::POST, &target).json(&json!({"personId": "david.deputy"})),
        403,
        "NOT_ALLOWED",
    )
    .await;
    let with_david = ok(server
        .admin(Method::POST, &target)
        .json(&json!({"personId": "david.deputy"})))
    .await;
    let targets = with_david["secondaryInvitationTargets"].as_array().unwrap();
    assert!(
        targets.iter().any(
            |t| t["$_type"] == "ConversationInvitationSecondaryTargetData"
                && t["personId"] == "david.deputy"
                && t["responseState"] == "PENDING"
        ),
        "{with_david}"
    );
    refused(
        &server,
        server
            .admin(Method::POST, &target)
            .json(&json!({"personId": "david.deputy"})),
        409,
        "ALREADY_EXISTS",
    )
    .await;
    refused(
        &server,
        server
            .admin(Method::POST, &target)
            .json(&json!({"personId": "nobody"})),
        404,
        "NOT_FOUND",
    )
    .await;
    refused(
        &server,
        server
            .admin(
                Method::POST,
                &path("no-such-invitation/addSecondaryInvitationTarget"),
            )
            .json(&json!({"personId": "david.deputy"})),
        404,
        "NOT_FOUND",
    )
    .await;
    refused(
        &server,
        server
            .admin(Method::POST, &path("startDeputyDelegation"))
            .json(&json!({"conversationId": VERA_AND_ANNA, "delegationLevel": "LEVEL_9"})),
        400,
        "MALFORMED_REQUEST",
    )
    .await;
}

/// Every invitation endpoint with a body, and a valid body for the demo conversation.
fn creations() -> Vec<(&'static str, Value)> {
    vec![
        (
            "forwardConversationToAgent",
            json!({"conversationId": VERA_AND_ANNA, "agentPersonId": "clara.deputy"}),
        ),
        (
            "forwardConversationToTeam",
            json!({"conversationId": VERA_AND_ANNA, "teamId": "advisory"}),
        ),
        (
            "inviteAgentToConversation",
            json!({"conversationId": VERA_AND_ANNA, "agentPersonId": "clara.deputy"}),
        ),
        (
            "inviteTeamToConversation",
            json!({"conversationId": VERA_AND_ANNA, "teamId": "advisory"}),
        ),
        (
            "inviteAnonymousVisitorToConversationWithPin",
            json!({"conversationId": VERA_AND_ANNA}),
        ),
        (
            "inviteAnonymousVisitorToConversationWithEmail",
            json!({"conversationId": VERA_AND_ANNA, "email": "w@example.com"}),
        ),
        (
            "inviteAnonymousVisitorToConversationWithLink",
            json!({"conversationId": VERA_AND_ANNA}),
        ),
        (
            "requeueConversation",
            json!({"conversationId": VERA_AND_ANNA}),
        ),
        (
            "startDeputyDelegation",
            json!({"conversationId": VERA_AND_ANNA, "delegationLevel": "LEVEL_1"}),
        ),
    ]
}

#[tokio::test]
async fn bad_input_is_refused_with_unblus_error_body_and_changes_nothing() {
    // Every operation is also tried with a wrong password: more than the guessing budget.
    let mut settings = common::settings(|_| {});
    settings.limits.max_failures = 1000;
    let server = TestServer::with_settings(settings).await;
    agent_of_other_organisation(&server, "other-bank", OTHER).await;
    let pin = ok(anna(
        &server,
        Method::POST,
        &path("inviteAnonymousVisitorToConversationWithPin"),
    )
    .json(&json!({"conversationId": VERA_AND_ANNA})))
    .await;
    let mails = server.app().mailer.outbox(100).await.unwrap().len();
    let vera = server.session("vera.visitor").await;
    let oversized = json!({"conversationId": VERA_AND_ANNA, "comment": "x".repeat(70 * 1024)});
    let mut bodied: Vec<(String, Value)> =
        creations().into_iter().map(|(a, b)| (path(a), b)).collect();
    bodied.push((path("search"), json!({})));
    bodied.push((path("getAcceptLink"), json!({"token": pin["token"]})));
    for (target, body) in &bodied {
        refused(
            &server,
            server
                .admin(Method::POST, target)
                .header("content-type", "application/json")
                .body("{\"conversationId\""),
            400,
            "MALFORMED_REQUEST",
        )
        .await;
        refused(
            &server,
            server.admin(Method::POST, target).json(&json!({"conversationId": 1, "agentPersonId": [], "teamId": {}, "email": 2, "personId": 3, "delegationLevel": 4, "searchFilters": 5, "token": 6})),
            400,
            "MALFORMED_REQUEST",
        )
        .await;
        refused(
            &server,
            server.admin(Method::POST, target).body("{}"),
            400,
            "MALFORMED_REQUEST",
        )
        .await;
        refused(
            &server,
            server.admin(Method::POST, target).json(&oversized),
            413,
            "PAYLOAD_TOO_LARGE",
        )
        .await;
        if !target.ends_with("getAcceptLink") {
            refused(
                &server,
                server.anonymous(Method::POST, target).json(body),
                401,
                "NOT_AUTHENTICATED",
            )
            .await;
            refused(
                &server,
                vera.without_csrf(Method::POST, target).json(body),
                403,
                "NOT_ALLOWED",
            )
            .await;
        }
        refused(
            &server,
            server
                .anonymous(Method::POST, target)
                .basic_auth("anna.advisor", Some("guess"))
                .json(body),
            401,
            "NOT_AUTHENTICATED",
        )
        .await;
    }
    for (action, mut body) in creations() {
        // Another organisation's agent and a colleague who does not see the conversation get
        // 404; so does an unknown conversation; a visitor may not manage it.
        refused(
            &server,
            server.agent(OTHER, Method::POST, &path(action)).json(&body),
            404,
            "NOT_FOUND",
        )
        .await;
        refused(
            &server,
            server
                .agent("clara.deputy", Method::POST, &path(action))
                .json(&body),
            404,
            "NOT_FOUND",
        )
        .await;
        refused(
            &server,
            vera.request(Method::POST, &path(action)).json(&body),
            403,
            "NOT_ALLOWED",
        )
        .await;
        body["conversationId"] = json!("no-such-conversation");
        refused(
            &server,
            server.admin(Method::POST, &path(action)).json(&body),
            404,
            "NOT_FOUND",
        )
        .await;
    }
    for (method, action) in [
        (Method::POST, "renewPin"),
        (Method::POST, "revoke"),
        (Method::GET, "read"),
    ] {
        let target = path(&format!("{}/{action}", id(&pin)));
        refused(
            &server,
            server.agent(OTHER, method.clone(), &target),
            404,
            "NOT_FOUND",
        )
        .await;
        refused(
            &server,
            server.agent("clara.deputy", method.clone(), &target),
            404,
            "NOT_FOUND",
        )
        .await;
    }
    // No invitation mail was sent by any refused request.
    common::feed_caught_up(&server).await;
    assert_eq!(server.app().mailer.outbox(100).await.unwrap().len(), mails);
    // addSecondaryInvitationTarget needs a running delegation; its notifications are
    // recorded before the checks.
    let delegation = ok(server
        .admin(Method::POST, &path("startDeputyDelegation"))
        .json(&json!({"conversationId": VERA_AND_ANNA, "delegationLevel": "LEVEL_1"})))
    .await;
    first_level_notified(&server, &delegation).await;
    let target = path(&format!("{}/addSecondaryInvitationTarget", id(&delegation)));
    let body = json!({"personId": "david.deputy"});
    refused(
        &server,
        server
            .admin(Method::POST, &target)
            .header("content-type", "application/json")
            .body("{\"personId\""),
        400,
        "MALFORMED_REQUEST",
    )
    .await;
    refused(
        &server,
        server
            .admin(Method::POST, &target)
            .json(&json!({"personId": 3})),
        400,
        "MALFORMED_REQUEST",
    )
    .await;
    refused(
        &server,
        server
            .admin(Method::POST, &target)
            .json(&json!({"personId": "x".repeat(70 * 1024)})),
        413,
        "PAYLOAD_TOO_LARGE",
    )
    .await;
    refused(
        &server,
        server.anonymous(Method::POST, &target).json(&body),
        401,
        "NOT_AUTHENTICATED",
    )
    .await;
    refused(
        &server,
        vera.without_csrf(Method::POST, &target).json(&body),
        403,
        "NOT_ALLOWED",
    )
    .await;
    // Neither another bank's agent nor a visitor may know of the delegation: 404.
    refused(
        &server,
        server.agent(OTHER, Method::POST, &target).json(&body),
        404,
        "NOT_FOUND",
    )
    .await;
    refused(
        &server,
        vera.request(Method::POST, &target).json(&body),
        404,
        "NOT_FOUND",
    )
    .await;
    // The PIN still works as before.
    let still_open = ok(server.admin(Method::GET, &path(&format!("{}/read", id(&pin))))).await;
    assert_eq!(still_open["invitationState"], "OPEN");
    let head_now = head(&server).await;
    ok(server
        .anonymous(Method::POST, &path("getAcceptLink"))
        .json(&json!({"token": pin["token"]})))
    .await;
    assert_eq!(
        head(&server).await,
        head_now,
        "an accept link changes nothing"
    );
}
