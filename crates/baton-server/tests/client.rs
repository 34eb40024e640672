//! `baton-api`'s typed client against a real server over real HTTP (`ReqwestTransport`):
//! Basic, session and secure-token sign-in, forwarding and accepting, the reassign flow and
//! where it stops, error bodies decoded into `ApiError::Server`, visitors joining by PIN and
//! by link, the SuperOffice transfer, and every other operation once with one refusal:
//! invitations, deputy relationships, users, teams, persons, webhook registrations, the
//! deputy prompt, unassigning, ending and the widget's texts.

use crate::common;

use baton_api::client::native::ReqwestTransport;
use baton_api::client::{ApiError, Auth, Client, ReassignStep};
use baton_api::wire::Secret;
use baton_api::wire::auth::{AuthenticatorLoginBody, SecureTokenRequest};
use baton_api::wire::baton::{
    BatonDelegationResponseBody, BatonPostMessageBody, BatonPromptAnswer, BatonRedeemLinkBody,
    BatonRedeemPinBody,
};
use baton_api::wire::conversation::{
    ConversationCreationData, ConversationLeftReason, ConversationsAddParticipantBody,
};
use baton_api::wire::invitation::{
    InvitationsForwardConversationToAgentBody,
    InvitationsInviteAnonymousVisitorToConversationWithPinBody,
};
use baton_core::command::ResponseChannel;
use baton_core::id::{ConversationId, PersonId};
use baton_core::invitation::DelegationResponse;
use baton_core::text::{TextKey, TextUi};
use common::{ADMIN, TestServer};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

const VERA_AND_ANNA: &str = "conversation-vera-anna";

#[allow(
    clippy::unwrap_used,
    reason = "a test helper: a transport that cannot be built fails the test"
)]
fn transport(server: &TestServer) -> ReqwestTransport {
    ReqwestTransport::new(&server.base).unwrap()
}

fn admin(server: &TestServer) -> Client<ReqwestTransport> {
    Client::basic(transport(server), ADMIN.0, ADMIN.1)
}

fn agent(server: &TestServer, username: &str) -> Client<ReqwestTransport> {
    let password = baton_server::server::demo_password(username);
    Client::basic(transport(server), username, password)
}

/// A PIN invitation to Vera's conversation with Anna, without a nickname.
#[allow(
    clippy::unwrap_used,
    reason = "a test helper: a PIN that cannot be made fails the test"
)]
async fn pin_for_vera_and_anna(
    client: &Client<ReqwestTransport>,
) -> baton_api::wire::invitation::ConversationInvitationData {
    client
        .invitations_invite_visitor_with_pin(
            &InvitationsInviteAnonymousVisitorToConversationWithPinBody {
                conversation_id: vera_and_anna(),
                nickname: None,
            },
        )
        .await
        .unwrap()
}

/// A wire body from its JSON.
#[allow(
    clippy::unwrap_used,
    reason = "a test helper: a body that does not decode fails the test"
)]
fn body<T: DeserializeOwned>(value: Value) -> T {
    serde_json::from_value(value).unwrap()
}

/// A wire value as JSON (for enums).
#[allow(
    clippy::unwrap_used,
    reason = "a test helper: a value that does not encode fails the test"
)]
fn wire<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap()
}

fn vera_and_anna() -> ConversationId {
    VERA_AND_ANNA.into()
}

fn add(person: &str, hidden: bool) -> ConversationsAddParticipantBody {
    ConversationsAddParticipantBody {
        person_id: person.into(),
        hidden,
        conversation_starred: None,
    }
}

fn participates(
    conversation: &baton_api::wire::conversation::ConversationData,
    person: &str,
) -> bool {
    conversation
        .participants
        .iter()
        .any(|p| p.person_id.as_str() == person)
}

#[tokio::test]
async fn the_admin_creates_a_conversation_and_reads_it() {
    let server = TestServer::demo().await;
    let admin = admin(&server);
    let body: ConversationCreationData = serde_json::from_value(json!({
        "$_type": "ConversationCreationData",
        "topic": "Mortgage",
        "recipient": {"$_type": "ConversationCreationRecipientData", "type": "AGENT", "id": "anna.advisor"},
        "participants": [{
            "$_type": "ConversationCreationParticipantData",
            "personId": "vera.visitor",
            "participationType": "CONTEXT_PERSON"
        }],
        "initialEngagementType": "CHAT_REQUEST"
    }))
    .unwrap();
    let created = admin.conversations_create(&body).await.unwrap();
    assert_eq!(created.topic.as_deref(), Some("Mortgage"));
    assert_eq!(
        created.context_person_id().map(PersonId::as_str),
        Some("vera.visitor")
    );
    let read = admin.conversations_read(&created.id).await.unwrap();
    assert_eq!(read, created);
}

#[tokio::test]
async fn anna_forwards_to_clara_who_signs_in_and_accepts() {
    let server = TestServer::demo().await;
    let anna = agent(&server, "anna.advisor");
    let forwarding = anna
        .invitations_forward_to_agent(&InvitationsForwardConversationToAgentBody {
            conversation_id: vera_and_anna(),
            agent_person_id: "clara.deputy".into(),
            comment: Some("She asked about her mortgage.".into()),
        })
        .await
        .unwrap();
    assert_eq!(forwarding.conversation_id, vera_and_anna());

    let clara = Client::anonymous(transport(&server));
    let login = clara
        .authenticator_login(&AuthenticatorLoginBody {
            username: "clara.deputy".into(),
            password: Secret::new("clara"),
            redirect_on_success: None,
            redirect_on_failure: None,
        })
        .await
        .unwrap();
    assert!(login.success);
    assert!(matches!(clara.auth(), Auth::Session { .. }));
    assert_eq!(
        clara.session().await.unwrap().person_id.as_str(),
        "clara.deputy"
    );
    let accepted = clara
        .respond(
            &forwarding.id,
            &BatonDelegationResponseBody {
                kind: Default::default(),
                response: DelegationResponse::Accept,
                channel: ResponseChannel::Queue,
            },
        )
        .await
        .unwrap();
    assert_eq!(
        accepted
            .redeeming_person_id
            .map(|p| p.to_string())
            .as_deref(),
        Some("clara.deputy")
    );
    let read = clara.conversations_read(&vera_and_anna()).await.unwrap();
    assert_eq!(
        read.assignee_person_id().map(PersonId::as_str),
        Some("clara.deputy")
    );
}

#[tokio::test]
async fn reassigning_to_a_hidden_participant_runs_every_step() {
    let server = TestServer::demo().await;
    let anna = agent(&server, "anna.advisor");
    let added = anna
        .conversations_add_participant(&vera_and_anna(), &add("clara.deputy", true))
        .await
        .unwrap();
    assert!(
        added
            .participants
            .iter()
            .any(|p| p.person_id.as_str() == "clara.deputy" && p.hidden)
    );
    let reassigned = anna
        .reassign(
            &vera_and_anna(),
            &"clara.deputy".into(),
            Some((
                ConversationLeftReason::Other,
                Some("Some other important reason".into()),
            )),
        )
        .await
        .unwrap();
    assert_eq!(
        reassigned.assignee_person_id().map(PersonId::as_str),
        Some("clara.deputy")
    );
    assert!(!participates(&reassigned, "anna.advisor"), "{reassigned:?}");
    assert!(reassigned.participants.iter().all(|p| !p.hidden));
}

#[tokio::test]
async fn reassigning_keeping_the_previous_assignee() {
    let server = TestServer::demo().await;
    let anna = agent(&server, "anna.advisor");
    let kept = anna
        .reassign_keeping_previous(&vera_and_anna(), &"david.deputy".into())
        .await
        .unwrap();
    assert_eq!(
        kept.assignee_person_id().map(PersonId::as_str),
        Some("david.deputy")
    );
    assert!(participates(&kept, "anna.advisor"));
    // Again: David participates already, so the first step fails.
    let error = anna
        .reassign_keeping_previous(&vera_and_anna(), &"david.deputy".into())
        .await
        .unwrap_err();
    assert_eq!(error.step, ReassignStep::AddParticipant);
    assert_eq!(error.error.code().as_str(), "ALREADY_PARTICIPANT");
}

#[tokio::test]
async fn reassigning_to_someone_outside_the_conversation_stops_at_set_assignee() {
    let server = TestServer::demo().await;
    let anna = agent(&server, "anna.advisor");
    let error = anna
        .reassign(&vera_and_anna(), &"ben.assistant".into(), None)
        .await
        .unwrap_err();
    assert_eq!(error.step, ReassignStep::SetAssignee);
    assert_eq!(error.error.code().as_str(), "NOT_PARTICIPANT");
    assert!(matches!(error.error, ApiError::Server { status: 409, .. }));
    // Nothing changed.
    let read = anna.conversations_read(&vera_and_anna()).await.unwrap();
    assert_eq!(
        read.assignee_person_id().map(PersonId::as_str),
        Some("anna.advisor")
    );
}

#[tokio::test]
async fn an_error_answer_decodes_into_a_server_error() {
    let server = TestServer::demo().await;
    let anna = agent(&server, "anna.advisor");
    anna.conversations_add_participant(&vera_and_anna(), &add("david.deputy", false))
        .await
        .unwrap();
    let error = anna
        .conversations_add_participant(&vera_and_anna(), &add("david.deputy", false))
        .await
        .unwrap_err();
    match &error {
        ApiError::Server { status, body, .. } => {
            assert_eq!(*status, 409);
            assert_eq!(body.status_code, 409);
            assert_eq!(body.error_code.as_deref(), Some("ALREADY_PARTICIPANT"));
        }
        other => panic!("not a server error: {other:?}"),
    }
    assert_eq!(error.code().as_str(), "ALREADY_PARTICIPANT");
    assert_eq!(error.status(), Some(409));
    // Without credentials: 401.
    let nobody = Client::anonymous(transport(&server));
    let error = nobody
        .conversations_read(&vera_and_anna())
        .await
        .unwrap_err();
    assert_eq!(
        (error.status(), error.code().as_str()),
        (Some(401), "NOT_AUTHENTICATED")
    );
}

#[tokio::test]
async fn a_visitor_joins_with_a_pin_and_posts_a_message() {
    let server = TestServer::demo().await;
    let anna = agent(&server, "anna.advisor");
    let invitation = anna
        .invitations_invite_visitor_with_pin(
            &InvitationsInviteAnonymousVisitorToConversationWithPinBody {
                conversation_id: vera_and_anna(),
                nickname: Some("Walter".into()),
            },
        )
        .await
        .unwrap();
    let pin = invitation.token.expect("the creator sees the PIN");
    assert_eq!(pin.expose().len(), 8, "{}", pin.expose());
    assert!(pin.expose().bytes().all(|b| b.is_ascii_digit()));

    let visitor = Client::anonymous(transport(&server));
    let wrong = if pin.expose() == "00000000" {
        "11111111"
    } else {
        "00000000"
    };
    let error = visitor
        .redeem_pin(&BatonRedeemPinBody {
            kind: Default::default(),
            pin: Secret::new(wrong),
        })
        .await
        .unwrap_err();
    assert_eq!(error.code().as_str(), "PIN_WRONG");
    assert_eq!(visitor.auth(), Auth::None);

    let redemption = visitor
        .redeem_pin(&BatonRedeemPinBody {
            kind: Default::default(),
            pin,
        })
        .await
        .unwrap();
    assert_eq!(redemption.conversation.id, vera_and_anna());
    let me = redemption.session.person_id.clone();
    assert!(matches!(visitor.auth(), Auth::Session { .. }));
    let message = visitor
        .post_message(
            &vera_and_anna(),
            &BatonPostMessageBody {
                kind: Default::default(),
                text: "Hello from the invited visitor".into(),
            },
        )
        .await
        .unwrap();
    assert_eq!(message.text, "Hello from the invited visitor");
    let messages = anna.messages(&vera_and_anna()).await.unwrap();
    assert!(
        messages
            .iter()
            .any(|m| m.author_person_id.as_ref() == Some(&me) && m.text == message.text),
        "{messages:?}"
    );
}

#[tokio::test]
async fn a_message_retried_under_its_first_key_is_posted_once() {
    let server = TestServer::demo().await;
    let anna = agent(&server, "anna.advisor");
    let body = |text: &str| BatonPostMessageBody {
        kind: Default::default(),
        text: text.into(),
    };
    let key = baton_api::client::idempotent::key().unwrap();
    let first = anna
        .post_message_with_key(&vera_and_anna(), &body("Only once"), &key)
        .await
        .unwrap();
    let retried = anna
        .post_message_with_key(&vera_and_anna(), &body("Only once"), &key)
        .await
        .unwrap();
    assert_eq!(retried.id, first.id, "the retry answers the first post");
    let error = anna
        .post_message_with_key(&vera_and_anna(), &body("Something else"), &key)
        .await
        .unwrap_err();
    assert_eq!(
        (error.status(), error.code().as_str()),
        (Some(422), "IDEMPOTENCY_KEY_REUSED")
    );
    let posted = anna
        .messages(&vera_and_anna())
        .await
        .unwrap()
        .into_iter()
        .filter(|m| m.text == "Only once" || m.text == "Something else")
        .count();
    assert_eq!(posted, 1);
}

#[tokio::test]
async fn searches_queries_invitations_and_sign_out_round_trip() {
    let server = TestServer::demo().await;
    let anna = agent(&server, "anna.advisor");
    let mine = anna
        .conversations_search(&serde_json::from_value(json!({})).unwrap())
        .await
        .unwrap();
    assert!(mine.items.iter().any(|c| c.id == vera_and_anna()));
    // Query parameters travel encoded.
    let user = admin(&server)
        .users_get_by_username("anna.advisor")
        .await
        .unwrap();
    assert_eq!(
        user.id.map(|id| id.to_string()).as_deref(),
        Some("anna.advisor")
    );
    anna.availability_get_agent_availability(Some(&"clara.deputy".into()))
        .await
        .unwrap();
    // No prompt is open: 204 reads as `None`.
    assert_eq!(anna.prompt(&vera_and_anna()).await.unwrap(), None);

    // A PIN invitation: read without its token, renewed, revoked.
    let invitation = pin_for_vera_and_anna(&anna).await;
    let read = anna.invitations_read(&invitation.id).await.unwrap();
    assert_eq!((read.id.clone(), read.token), (invitation.id.clone(), None));
    let renewed = anna.invitations_renew_pin(&invitation.id).await.unwrap();
    assert!(renewed.token.is_some());
    assert_ne!(
        renewed.token.as_ref().map(Secret::expose),
        invitation.token.as_ref().map(Secret::expose)
    );
    let found = anna
        .invitations_search(&serde_json::from_value(json!({})).unwrap())
        .await
        .unwrap();
    assert!(found.items.iter().any(|i| i.id == invitation.id));
    anna.invitations_revoke(&invitation.id).await.unwrap();
    let error = anna.invitations_revoke(&invitation.id).await.unwrap_err();
    assert!(matches!(error, ApiError::Server { .. }), "{error:?}");

    // Clara signs in, sees the forwarding in her queue, signs out.
    anna.invitations_forward_to_agent(&InvitationsForwardConversationToAgentBody {
        conversation_id: vera_and_anna(),
        agent_person_id: "clara.deputy".into(),
        comment: None,
    })
    .await
    .unwrap();
    let clara = Client::anonymous(transport(&server));
    clara
        .authenticator_login(&AuthenticatorLoginBody {
            username: "clara.deputy".into(),
            password: Secret::new("clara"),
            redirect_on_success: None,
            redirect_on_failure: None,
        })
        .await
        .unwrap();
    let queue = clara.queue().await.unwrap();
    assert!(
        queue
            .iter()
            .any(|item| item.invitation.conversation_id == vera_and_anna())
    );
    clara
        .authenticator_logout(&Default::default())
        .await
        .unwrap();
    assert_eq!(clara.auth(), Auth::None);
    assert_eq!(
        clara.queue().await.unwrap_err().code().as_str(),
        "NOT_AUTHENTICATED"
    );
    // A wrong password: 401, and the client stays signed out.
    let error = clara
        .authenticator_login(&AuthenticatorLoginBody {
            username: "clara.deputy".into(),
            password: Secret::new("wrong"),
            redirect_on_success: None,
            redirect_on_failure: None,
        })
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(401));
    assert_eq!(clara.auth(), Auth::None);
}

#[tokio::test]
async fn a_server_that_is_not_there_is_a_transport_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    drop(listener);
    let client = Client::anonymous(ReqwestTransport::new(format!("http://{address}")).unwrap());
    let error = client.session().await.unwrap_err();
    assert!(matches!(error, ApiError::Transport(_)), "{error:?}");
    assert_eq!((error.code().as_str(), error.status()), ("NETWORK", None));
}

#[tokio::test]
async fn a_superoffice_transfer_is_accepted_or_rejected() {
    let server = TestServer::demo().await;
    let anna = agent(&server, "anna.advisor");
    let david = agent(&server, "david.deputy");
    // Not Eva's session: nothing changes.
    let unchanged = agent(&server, "eva.parent")
        .superoffice_transfer_to(VERA_AND_ANNA, "david.deputy")
        .await
        .unwrap();
    assert_eq!(unchanged.transfer_to, None);
    assert_eq!(
        unchanged.user.map(|u| u.name).as_deref(),
        Some("anna.advisor")
    );

    let pending = anna
        .superoffice_transfer_to(VERA_AND_ANNA, "david.deputy")
        .await
        .unwrap();
    assert_eq!(
        pending.transfer_to.as_ref().map(|a| a.name.as_str()),
        Some("david.deputy")
    );
    assert_eq!(pending.customer_name, "Vera Visitor");
    let error = anna
        .superoffice_accept_transfer(VERA_AND_ANNA)
        .await
        .unwrap_err();
    assert_eq!(
        (error.status(), error.code().as_str()),
        (Some(403), "NOT_ALLOWED")
    );
    let accepted = david
        .superoffice_accept_transfer(VERA_AND_ANNA)
        .await
        .unwrap();
    assert_eq!(accepted.chat_session_id, pending.chat_session_id);
    assert_eq!(accepted.transfer_to, None);
    assert_eq!(
        accepted.user.map(|u| u.name).as_deref(),
        Some("david.deputy")
    );
    let read = david.conversations_read(&vera_and_anna()).await.unwrap();
    assert_eq!(
        read.assignee_person_id().map(PersonId::as_str),
        Some("david.deputy")
    );

    // David offers it to Clara, who declines: it stays David's.
    david
        .superoffice_transfer_to(VERA_AND_ANNA, "clara.deputy")
        .await
        .unwrap();
    let rejected = agent(&server, "clara.deputy")
        .superoffice_reject_transfer(VERA_AND_ANNA)
        .await
        .unwrap();
    assert_eq!(rejected.transfer_to, None);
    assert_eq!(
        rejected.user.map(|u| u.name).as_deref(),
        Some("david.deputy")
    );
    let error = david
        .superoffice_transfer_to(VERA_AND_ANNA, "nobody")
        .await
        .unwrap_err();
    assert_eq!(
        (error.status(), error.code().as_str()),
        (Some(404), "NOT_FOUND")
    );
}

#[tokio::test]
async fn invitations_to_teams_visitors_and_deputies() {
    let server = TestServer::demo().await;
    let anna = agent(&server, "anna.advisor");
    let admin = admin(&server);
    // Forward to a team; a team that does not exist is refused.
    let to_team = anna
        .invitations_forward_to_team(&body(
            json!({"conversationId": VERA_AND_ANNA, "teamId": "advisory", "comment": "Anyone?"}),
        ))
        .await
        .unwrap();
    assert_eq!(wire(&to_team.invitation_type), "AGENT_FORWARDING");
    assert_eq!(to_team.target_id.as_deref(), Some("advisory"));
    let error = anna
        .invitations_forward_to_team(&body(
            json!({"conversationId": VERA_AND_ANNA, "teamId": "no-such-team"}),
        ))
        .await
        .unwrap_err();
    assert_eq!(
        (error.status(), error.code().as_str()),
        (Some(404), "NOT_FOUND")
    );
    // Invite an agent and a team, once each.
    let david = anna
        .invitations_invite_agent(&body(json!({
            "conversationId": VERA_AND_ANNA,
            "agentPersonId": "david.deputy",
            "joinHidden": true
        })))
        .await
        .unwrap();
    assert_eq!(wire(&david.invitation_type), "AGENT_INVITATION");
    assert_eq!(david.target_id.as_deref(), Some("david.deputy"));
    let error = anna
        .invitations_invite_agent(&body(
            json!({"conversationId": VERA_AND_ANNA, "agentPersonId": "david.deputy"}),
        ))
        .await
        .unwrap_err();
    assert_eq!(
        (error.status(), error.code().as_str()),
        (Some(409), "CONFLICTING_INVITATION")
    );
    let team = anna
        .invitations_invite_team(&body(
            json!({"conversationId": VERA_AND_ANNA, "teamId": "assistants"}),
        ))
        .await
        .unwrap();
    assert_eq!(wire(&team.invitation_type), "AGENT_INVITATION");
    assert_eq!(team.target_id.as_deref(), Some("assistants"));
    let error = anna
        .invitations_invite_team(&body(
            json!({"conversationId": VERA_AND_ANNA, "teamId": "assistants"}),
        ))
        .await
        .unwrap_err();
    assert_eq!(error.code().as_str(), "CONFLICTING_INVITATION");

    // An e-mail invitation answers no token; a bad address is refused.
    let mailed = anna
        .invitations_invite_visitor_with_email(&body(json!({
            "conversationId": VERA_AND_ANNA,
            "email": "walter@example.com",
            "nickname": "Walter"
        })))
        .await
        .unwrap();
    assert_eq!(wire(&mailed.invitation_type), "VISITOR_INVITATION");
    assert_eq!(mailed.email.as_deref(), Some("walter@example.com"));
    assert_eq!(mailed.token, None);
    let error = anna
        .invitations_invite_visitor_with_email(&body(
            json!({"conversationId": VERA_AND_ANNA, "email": "not an address"}),
        ))
        .await
        .unwrap_err();
    assert_eq!(
        (error.status(), error.code().as_str()),
        (Some(400), "INVALID_INPUT")
    );

    // A link invitation answers its link; a visitor redeems it.
    let linked = anna
        .invitations_invite_visitor_with_link(&body(json!({"conversationId": VERA_AND_ANNA})))
        .await
        .unwrap();
    let url = &linked.links[0].url;
    let token = url
        .split("&token=")
        .nth(1)
        .expect("the link carries its token");
    let accept = Client::anonymous(transport(&server))
        .invitations_get_accept_link(&body(json!({"token": token})))
        .await
        .unwrap();
    assert_eq!(accept.conversation_id, vera_and_anna());
    let error = Client::anonymous(transport(&server))
        .invitations_get_accept_link(&body(json!({"token": "wrong-token-wrong-token"})))
        .await
        .unwrap_err();
    assert_eq!(
        (error.status(), error.code().as_str()),
        (Some(400), "PIN_WRONG")
    );
    let visitor = Client::anonymous(transport(&server));
    let error = visitor
        .redeem_link(&BatonRedeemLinkBody {
            kind: Default::default(),
            invitation_id: linked.id.clone(),
            token: Secret::new("wrong-token-wrong-token"),
        })
        .await
        .unwrap_err();
    assert_eq!(
        (error.status(), error.code().as_str()),
        (Some(400), "PIN_WRONG")
    );
    assert_eq!(visitor.auth(), Auth::None);
    let redemption = visitor
        .redeem_link(&BatonRedeemLinkBody {
            kind: Default::default(),
            invitation_id: linked.id.clone(),
            token: Secret::new(token),
        })
        .await
        .unwrap();
    assert_eq!(redemption.conversation.id, vera_and_anna());
    assert!(matches!(visitor.auth(), Auth::Session { .. }));

    // A deputy delegation: the administrator starts it (Anna may not) and adds David.
    let start = || {
        body(
            json!({"conversationId": VERA_AND_ANNA, "joinDeputyHidden": true, "delegationLevel": "LEVEL_1"}),
        )
    };
    let error = anna
        .invitations_start_deputy_delegation(&start())
        .await
        .unwrap_err();
    assert_eq!(
        (error.status(), error.code().as_str()),
        (Some(403), "NOT_ALLOWED")
    );
    let delegation = admin
        .invitations_start_deputy_delegation(&start())
        .await
        .unwrap();
    assert_eq!(wire(&delegation.invitation_type), "DEPUTY_INVITATION");
    let with_david = admin
        .invitations_add_secondary_target(
            &delegation.id,
            &body(json!({"personId": "david.deputy"})),
        )
        .await
        .unwrap();
    assert!(
        with_david
            .secondary_invitation_targets
            .iter()
            .any(|t| wire(t)["personId"] == "david.deputy"),
        "{with_david:?}"
    );
    let error = admin
        .invitations_add_secondary_target(
            &delegation.id,
            &body(json!({"personId": "david.deputy"})),
        )
        .await
        .unwrap_err();
    assert_eq!(
        (error.status(), error.code().as_str()),
        (Some(409), "ALREADY_EXISTS")
    );
}

#[tokio::test]
async fn requeueing_answers_an_assignment_request() {
    let server = TestServer::demo().await;
    let anna = agent(&server, "anna.advisor");
    let error = anna
        .invitations_requeue_conversation(&body(
            json!({"conversationId": VERA_AND_ANNA, "agentRemovalType": "KEEP_AGENTS"}),
        ))
        .await
        .unwrap_err();
    assert_eq!(
        (error.status(), error.code().as_str()),
        (Some(400), "INVALID_INPUT")
    );
    let request = anna
        .invitations_requeue_conversation(&body(
            json!({"conversationId": VERA_AND_ANNA, "agentRemovalType": "REMOVE_ALL_AGENTS"}),
        ))
        .await
        .unwrap();
    assert_eq!(wire(&request.invitation_type), "ASSIGNMENT_REQUEST");
    let queued = admin(&server)
        .conversations_read(&vera_and_anna())
        .await
        .unwrap();
    assert_eq!(wire(&queued.state), "QUEUED");
}

#[tokio::test]
async fn deputy_relationships_are_written_searched_created_and_deleted() {
    let server = TestServer::demo().await;
    let admin = admin(&server);
    let anna = agent(&server, "anna.advisor");
    let deputy =
        |kind: &str, id: &str| json!({"$_type": "DeputyDefinition", "type": kind, "id": id});
    admin
        .deputy_relationships_write_agent_deputies(&body(json!({
            "$_type": "WriteAgentDeputyRelationshipsBody",
            "agentUserId": "anna.advisor",
            "assistants": [deputy("AGENT", "ben.assistant")],
            "level1": [deputy("AGENT", "clara.deputy"), deputy("AGENT", "david.deputy")],
            "level2": [deputy("TEAM", "advisory")],
            "level3": []
        })))
        .await
        .unwrap();
    let by_anna = body(json!({
        "$_type": "DeputyRelationshipQuery",
        "searchFilters": [{
            "$_type": "AgentUserIdDeputyRelationshipSearchFilter",
            "field": "AGENT_USER_ID",
            "operator": {"$_type": "EqualsIdOperator", "type": "EQUALS", "value": "anna.advisor"}
        }],
        "orderBy": [{"$_type": "DeputyRelationshipOrderBy", "field": "ESCALATION_LEVEL", "order": "DESCENDING"}]
    }));
    let found = admin.deputy_relationships_search(&by_anna).await.unwrap();
    let ids: Vec<_> = found.items.iter().filter_map(|l| l.id.clone()).collect();
    assert_eq!(
        ids,
        [
            "anna.advisor:LEVEL_2:TEAM:advisory",
            "anna.advisor:LEVEL_1:AGENT:clara.deputy",
            "anna.advisor:LEVEL_1:AGENT:david.deputy",
            "anna.advisor:ASSISTANTS:AGENT:ben.assistant",
        ]
    );

    // Anna adds a link of her own, reads it and deletes it.
    let created = anna
        .deputy_relationships_create(&body(json!({
            "$_type": "DeputyRelationship",
            "agentUserId": "anna.advisor",
            "deputyType": "AGENT",
            "deputyId": "eva.parent",
            "escalationLevel": "LEVEL_3"
        })))
        .await
        .unwrap();
    let id = created.id.clone().expect("a created link has an id");
    assert_eq!(anna.deputy_relationships_read(&id).await.unwrap(), created);
    anna.deputy_relationships_delete(&id).await.unwrap();
    let error = anna.deputy_relationships_read(&id).await.unwrap_err();
    assert_eq!(
        (error.status(), error.code().as_str()),
        (Some(404), "NOT_FOUND")
    );
}

#[tokio::test]
async fn users_teams_and_persons() {
    let server = TestServer::demo().await;
    let admin = admin(&server);
    let anna = agent(&server, "anna.advisor");
    let new_user = |username: &str| {
        body(json!({
            "$_type": "UserPasswordContainer",
            "user": {
                "$_type": "User",
                "id": null,
                "accountId": "helvetia-private-bank",
                "username": username,
                "email": format!("{username}@helvetia.example"),
                "teamId": "private-banking",
                "authorizationRole": "REGISTERED_USER",
                "firstName": "Zoe",
                "lastName": "Newcomer"
            },
            "password": "zoe-password"
        }))
    };
    let zoe = admin
        .users_create_with_password(&new_user("zoe.newcomer"))
        .await
        .unwrap();
    assert_eq!(zoe.username.as_deref(), Some("zoe.newcomer"));
    let error = admin
        .users_create_with_password(&new_user("zoe.newcomer"))
        .await
        .unwrap_err();
    assert_eq!(
        (error.status(), error.code().as_str()),
        (Some(409), "ALREADY_EXISTS")
    );
    let found = admin.users_get_by_username("zoe.newcomer").await.unwrap();
    assert_eq!(found.id, zoe.id);
    let zoe_id = zoe.id.clone().expect("a created user has an id");
    assert_eq!(admin.users_read(&zoe_id).await.unwrap(), found);
    let error = admin.users_read(&"nobody".into()).await.unwrap_err();
    assert_eq!(
        (error.status(), error.code().as_str()),
        (Some(404), "NOT_FOUND")
    );
    let error = admin.users_get_by_username("nobody").await.unwrap_err();
    assert_eq!(
        (error.status(), error.code().as_str()),
        (Some(404), "NOT_FOUND")
    );
    let signed_in = Client::anonymous(transport(&server));
    let login = signed_in
        .authenticator_login(&AuthenticatorLoginBody {
            username: "zoe.newcomer".into(),
            password: Secret::new("zoe-password"),
            redirect_on_success: None,
            redirect_on_failure: None,
        })
        .await
        .unwrap();
    assert!(login.success);
    assert_eq!(Some(signed_in.session().await.unwrap().person_id), zoe.id);

    // Teams.
    let team = admin
        .teams_create(&body(json!({
            "$_type": "Team",
            "id": null,
            "accountId": "helvetia-private-bank",
            "name": "Wealth Planning",
            "parentId": "private-banking"
        })))
        .await
        .unwrap();
    let team_id = team.id.clone().expect("a created team has an id");
    assert_eq!(
        admin.teams_read(&team_id).await.unwrap().name,
        "Wealth Planning"
    );
    let children = admin
        .teams_get_child_teams(&"private-banking".into())
        .await
        .unwrap();
    assert!(
        children
            .items
            .iter()
            .any(|t| t.id.as_ref() == Some(&team_id))
    );
    let error = admin
        .teams_get_child_teams(&"nope".into())
        .await
        .unwrap_err();
    assert_eq!(
        (error.status(), error.code().as_str()),
        (Some(404), "NOT_FOUND")
    );
    let teams = anna
        .teams_search(&body(json!({
            "$_type": "TeamQuery",
            "searchFilters": [{"$_type": "NameTeamSearchFilter", "field": "NAME",
                               "operator": {"$_type": "ContainsStringOperator", "type": "CONTAINS", "value": "Wealth"}}]
        })))
        .await
        .unwrap();
    assert!(teams.items.iter().any(|t| t.id.as_ref() == Some(&team_id)));
    let error = admin
        .teams_create(&body(
            json!({"accountId": "helvetia-private-bank", "name": "  "}),
        ))
        .await
        .unwrap_err();
    assert_eq!(
        (error.status(), error.code().as_str()),
        (Some(400), "INVALID_INPUT")
    );

    // Persons.
    let vera = anna.persons_read(&"vera.visitor".into()).await.unwrap();
    assert_eq!(vera.display_name.as_deref(), Some("Vera Visitor"));
    let persons = admin.persons_search(&body(json!({}))).await.unwrap();
    assert!(
        persons
            .items
            .iter()
            .any(|p| p.id.as_str() == "anna.advisor")
    );
    let away = anna
        .persons_set_away(&"anna.advisor".into(), &body(json!({"away": true})))
        .await
        .unwrap();
    assert_eq!(wire(&away)["onlineState"], "AWAY");
    let error = agent(&server, "clara.deputy")
        .persons_set_away(&"anna.advisor".into(), &body(json!({"away": true})))
        .await
        .unwrap_err();
    assert_eq!(
        (error.status(), error.code().as_str()),
        (Some(403), "NOT_ALLOWED")
    );
}

#[tokio::test]
async fn webhook_registrations_are_created_read_and_deleted() {
    let server = TestServer::demo().await;
    let admin = admin(&server);
    let registration = || {
        body(json!({
            "$_type": "WebhookRegistration",
            "id": null,
            "name": "bank-crm",
            "status": "ACTIVE",
            "endpoint": "http://127.0.0.1:9/hook",
            "apiVersion": "V4",
            "secret": "the-crm-knows-this",
            "events": ["conversation.ended"]
        }))
    };
    let created = admin
        .webhook_registrations_create(&registration())
        .await
        .unwrap();
    let id = created
        .id
        .clone()
        .expect("a created registration has an id");
    let read = admin.webhook_registrations_read(&id).await.unwrap();
    assert_eq!(read.endpoint, "http://127.0.0.1:9/hook");
    assert_eq!(read.secret, None, "the secret is never read back");
    let error = agent(&server, "anna.advisor")
        .webhook_registrations_create(&registration())
        .await
        .unwrap_err();
    assert_eq!(
        (error.status(), error.code().as_str()),
        (Some(403), "NOT_ALLOWED")
    );
    admin.webhook_registrations_delete(&id).await.unwrap();
    let error = admin.webhook_registrations_read(&id).await.unwrap_err();
    assert_eq!(
        (error.status(), error.code().as_str()),
        (Some(404), "NOT_FOUND")
    );
}

/// Vera, signed in with the JWT the demo bank mints for her.
#[allow(
    clippy::unwrap_used,
    reason = "a test helper: a demo bank that does not answer fails the test"
)]
async fn vera(server: &TestServer) -> Client<ReqwestTransport> {
    let minted: SecureTokenRequest = reqwest::Client::new()
        .post(format!("{}/demo/bank/token", server.base))
        .json(&json!({"username": "vera.visitor"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let vera = Client::anonymous(transport(server));
    vera.login_with_secure_token(&minted).await.unwrap();
    vera
}

#[tokio::test]
async fn a_customer_signs_in_with_a_secure_token_and_answers_the_prompt() {
    let server = TestServer::demo().await;
    let forged = Client::anonymous(transport(&server));
    let error = forged
        .login_with_secure_token(&SecureTokenRequest::jwt(Secret::new("not.a.jwt")))
        .await
        .unwrap_err();
    assert_eq!(
        (error.status(), error.code().as_str()),
        (Some(401), "NOT_AUTHENTICATED")
    );
    assert_eq!(forged.auth(), Auth::None);
    let vera = vera(&server).await;
    assert!(matches!(vera.auth(), Auth::Session { .. }));
    assert_eq!(
        vera.session().await.unwrap().person_id.as_str(),
        "vera.visitor"
    );

    // Anna is away; Vera writes and is offered a deputy.
    let anna = agent(&server, "anna.advisor");
    anna.persons_set_away(&"anna.advisor".into(), &body(json!({"away": true})))
        .await
        .unwrap();
    vera.post_message(
        &vera_and_anna(),
        &BatonPostMessageBody {
            kind: Default::default(),
            text: "Are you there?".into(),
        },
    )
    .await
    .unwrap();
    let prompt = vera
        .prompt(&vera_and_anna())
        .await
        .unwrap()
        .expect("a prompt is offered");
    let error = vera
        .answer_prompt(
            &vera_and_anna(),
            &BatonPromptAnswer {
                kind: Default::default(),
                prompt_id: "prompt-nope".into(),
                accept: true,
            },
        )
        .await
        .unwrap_err();
    assert_eq!(
        (error.status(), error.code().as_str()),
        (Some(409), "PROMPT_NOT_OPEN")
    );
    vera.answer_prompt(
        &vera_and_anna(),
        &BatonPromptAnswer {
            kind: Default::default(),
            prompt_id: prompt.prompt_id,
            accept: true,
        },
    )
    .await
    .unwrap();
    assert_eq!(vera.prompt(&vera_and_anna()).await.unwrap(), None);
    let delegations = admin(&server)
        .invitations_search(&body(json!({})))
        .await
        .unwrap();
    assert!(
        delegations
            .items
            .iter()
            .any(|i| wire(&i.invitation_type) == "DEPUTY_INVITATION"),
        "{delegations:?}"
    );
}

#[tokio::test]
async fn the_assignee_unassigns_sets_the_awaited_person_and_ends() {
    let server = TestServer::demo().await;
    let anna = agent(&server, "anna.advisor");
    let ben = agent(&server, "ben.assistant");
    let error = ben.messages(&vera_and_anna()).await.unwrap_err();
    assert_eq!(error.status(), Some(404), "assigned: hidden from Ben");
    let error = anna.unassign(&"nope".into()).await.unwrap_err();
    assert_eq!(
        (error.status(), error.code().as_str()),
        (Some(404), "NOT_FOUND")
    );
    anna.unassign(&vera_and_anna()).await.unwrap();
    ben.messages(&vera_and_anna()).await.unwrap();

    let awaited = anna
        .conversations_set_awaited_person_type(
            &vera_and_anna(),
            &body(json!({"awaitedPersonType": "VISITOR"})),
        )
        .await
        .unwrap();
    assert_eq!(wire(&awaited.awaited_person_type), "VISITOR");
    let error = vera(&server)
        .await
        .conversations_end(&vera_and_anna(), &body(json!({})))
        .await
        .unwrap_err();
    assert_eq!(
        (error.status(), error.code().as_str()),
        (Some(403), "NOT_ALLOWED")
    );
    let ended = anna
        .conversations_end(
            &vera_and_anna(),
            &body(json!({"reason": "OTHER", "comment": "Some comment"})),
        )
        .await
        .unwrap();
    assert_eq!(wire(&ended.state), "ENDED");
    let error = admin(&server)
        .conversations_end(&vera_and_anna(), &body(json!({})))
        .await
        .unwrap_err();
    assert_eq!(
        (error.status(), error.code().as_str()),
        (Some(409), "WRONG_CONVERSATION_STATE")
    );
}

#[tokio::test]
async fn the_texts_are_read_without_signing_in() {
    let server = TestServer::demo().await;
    let client = Client::anonymous(transport(&server));
    let english = client.texts(None, None).await.unwrap();
    assert_eq!(english.locale, "en");
    assert_eq!(english.texts["com.baton.widget.send"], "Send");
    assert_eq!(english.texts.len(), TextKey::ALL.len());
    let swiss = client
        .texts(Some("de-CH"), Some(TextUi::Visitor))
        .await
        .unwrap();
    assert_eq!(swiss.locale, "de");
    assert_eq!(swiss.texts["com.baton.widget.send"], "Senden");
    assert!(swiss.texts.keys().all(|name| TextUi::Visitor.shows(name)));
    let desk = client.texts(None, Some(TextUi::Agent)).await.unwrap();
    assert!(desk.texts.contains_key("com.baton.agent.forward.title"));
    assert!(desk.texts.contains_key("com.baton.widget.send"));
    let relayed = client.texts_json(Some("it"), None).await.unwrap();
    assert!(relayed.text().unwrap().contains("\"locale\":\"it\""));
}

#[tokio::test]
async fn an_agent_changes_their_password_and_signs_out_everywhere_through_the_client() {
    let server = TestServer::demo().await;
    let sign_in = |password: &'static str| {
        let transport = transport(&server);
        async move {
            let client = Client::anonymous(transport);
            client
                .authenticator_login(&AuthenticatorLoginBody {
                    username: "ben.assistant".into(),
                    password: Secret::new(password),
                    redirect_on_success: None,
                    redirect_on_failure: None,
                })
                .await
                .map(|_| client)
        }
    };
    let ben = sign_in("ben").await.unwrap();
    let other_device = sign_in("ben").await.unwrap();
    ben.users_set_password(
        &"ben.assistant".into(),
        &baton_api::wire::person::UsersSetPasswordBody {
            password: Secret::new("a longer secret"),
            current_password: Some(Secret::new("ben")),
        },
    )
    .await
    .unwrap();
    assert!(other_device.session().await.is_err(), "its session ended");
    assert!(sign_in("ben").await.is_err(), "the old password");
    let ben = sign_in("a longer secret").await.unwrap();
    ben.sessions_revoke_all(&baton_api::wire::baton::BatonRevokeSessionsBody::default())
        .await
        .unwrap();
    assert!(matches!(ben.auth(), Auth::None));
}

/// The PIN countdown runs on the server's time: every answer's `Date` is the server's own
/// clock (not the machine's), which the client reports, so the PIN's expiry minus it is the
/// PIN's whole lifetime however wrong the caller's clock is.
#[tokio::test]
async fn every_answer_carries_the_servers_own_time() {
    let server = TestServer::with_manual_clock(common::settings(|_| {})).await;
    server
        .clock()
        .advance(std::time::Duration::from_secs(3 * 24 * 3600));
    let anna = agent(&server, "anna.advisor");
    assert_eq!(anna.server_time(), None, "no answer yet");
    let invitation = pin_for_vera_and_anna(&anna).await;
    let server_time = anna.server_time().expect("the answer's Date");
    let now = server.clock().now().as_millis();
    assert_eq!(server_time.as_millis(), now / 1000 * 1000, "to the second");
    let expires = invitation.expiration_timestamp.expect("a PIN expires");
    let lifetime = expires.as_millis() - server_time.as_millis();
    assert!(
        (3_600_000..3_601_000).contains(&lifetime),
        "{lifetime} ms left of an hour"
    );
    // Refusals carry it too.
    server.clock().advance(std::time::Duration::from_secs(5));
    let refused = anna
        .invitations_read(&baton_core::id::InvitationId::new("no-such-invitation"))
        .await;
    assert!(refused.is_err());
    assert_eq!(
        anna.server_time().map(|t| t.as_millis()),
        Some(server.clock().now().as_millis() / 1000 * 1000)
    );
}
