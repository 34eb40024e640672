//! `AgentClient`: what advisors, assistants and deputies do. Sign in, forward to an agent or
//! a team, reassign to a participant, invite agents, teams and customers (PIN, e-mail),
//! renew and revoke PINs, unassign, transfer (SuperOffice-style), answer delegated requests
//! from the queue, edit deputies, follow their own availability and receive web push on
//! their devices. Each method is one operation of baton-api's client
//! (the reassign flow is one call of several steps); the server decides who may do what.

use baton_api::operation::{baton, superoffice, v4};
use baton_api::wire::Secret;
use baton_api::wire::Tag;
use baton_api::wire::auth::{AuthenticatorLoginBody, AuthenticatorLogoutBody};
use baton_api::wire::baton::{BatonDelegationResponseBody, BatonRevokeSessionsBody};
use baton_api::wire::deputy::{DeputyRelationshipQuery, WriteAgentDeputyRelationshipsBody};
use baton_api::wire::error::ErrorCode;
use baton_api::wire::invitation::{
    InvitationsForwardConversationToAgentBody, InvitationsForwardConversationToTeamBody,
    InvitationsInviteAgentToConversationBody,
    InvitationsInviteAnonymousVisitorToConversationWithEmailBody,
    InvitationsInviteAnonymousVisitorToConversationWithPinBody,
    InvitationsInviteTeamToConversationBody,
};
use baton_api::wire::person::{
    PersonQuery, PersonSearchFilter, PersonTypeOperator, PersonTypePersonSearchFilter,
    PersonsSetAwayBody, TeamQuery, UsersSetPasswordBody,
};
use baton_api::wire::push::BatonPushSubscriptionBody;
use baton_core::command::ResponseChannel;
use baton_core::directory::PersonType;
use baton_core::id::{ConversationId, PersonId, TeamId};
use baton_core::invitation::{DelegationResponse, is_valid_email};
use js_sys::Promise;
use wasm_bindgen::prelude::*;

use crate::error::Rejection;
use crate::js::{from_js, optional, promise};
use crate::options::{
    ForwardOptions, InviteAgentOptions, InviteVisitorOptions, LoginOptions, ReassignOptions,
    ServerOptions,
};
use crate::request::{self, Answer, Request};
use crate::session::{self, Session, Shared, feed_methods};

/// An agent's signed-in connection to Baton.
#[wasm_bindgen]
pub struct AgentClient {
    shared: Shared,
}

feed_methods!(AgentClient);

#[wasm_bindgen]
impl AgentClient {
    /// Signs an agent in with their user name and password (`authenticator/login`); the
    /// browser keeps the session cookie, the client the CSRF token.
    #[wasm_bindgen(unchecked_return_type = "Promise<AgentClient>")]
    pub fn login(
        #[wasm_bindgen(unchecked_param_type = "LoginOptions")] options: JsValue,
    ) -> Promise {
        wasm_bindgen_futures::future_to_promise(async move {
            let login = async {
                let options: LoginOptions = from_js(&options, "login options")?;
                let shared = Session::new(options.server.as_deref());
                let body = AuthenticatorLoginBody {
                    username: options.username,
                    password: Secret::new(options.password),
                    redirect_on_success: None,
                    redirect_on_failure: None,
                };
                let result = shared.client.authenticator_login(&body).await?;
                if !result.success {
                    return Err(Rejection::new(
                        ErrorCode::NotAuthenticated,
                        "the user name or the password is wrong",
                    ));
                }
                Ok(AgentClient { shared })
            };
            login.await.map(JsValue::from).map_err(|r| r.0)
        })
    }

    /// The agent this browser is still signed in as (after a page reload), or `null`.
    #[wasm_bindgen(unchecked_return_type = "Promise<AgentClient | null>")]
    pub fn resume(
        #[wasm_bindgen(unchecked_optional_param_type = "ServerOptions")] options: Option<JsValue>,
    ) -> Promise {
        wasm_bindgen_futures::future_to_promise(async move {
            let resume = async {
                let options: ServerOptions = optional(options, "resume options")?;
                let shared = Session::new(options.server.as_deref());
                let resumed = shared.resume(PersonType::Agent).await?;
                Ok::<_, Rejection>(resumed.then_some(AgentClient { shared }))
            };
            match resume.await {
                Ok(Some(client)) => Ok(client.into()),
                Ok(None) => Ok(JsValue::NULL),
                Err(rejection) => Err(rejection.0),
            }
        })
    }

    /// Signs out; the live feed closes.
    #[wasm_bindgen(unchecked_return_type = "Promise<void>")]
    pub fn logout(&self) -> Promise {
        let request = Request::new(v4::AUTHENTICATOR_LOGOUT, &[])
            .body(&AuthenticatorLogoutBody::default())
            .map(|r| r.answer(Answer::Nothing).signs_out());
        request::send(&self.shared, request)
    }

    /// Signs out on every device: all of the agent's sessions end, with their live feeds
    /// (this one's too).
    #[wasm_bindgen(js_name = signOutEverywhere, unchecked_return_type = "Promise<void>")]
    pub fn sign_out_everywhere(&self) -> Promise {
        let request = Request::new(baton::SESSIONS_REVOKE_ALL, &[])
            .body(&BatonRevokeSessionsBody::default())
            .map(|r| r.answer(Answer::Nothing).signs_out());
        request::send(&self.shared, request)
    }

    /// Changes the agent's own password (the current one proves it is them); every session
    /// of the agent ends, this one too: sign in again with the new password.
    #[wasm_bindgen(js_name = changePassword, unchecked_return_type = "Promise<void>")]
    pub fn change_password(
        &self,
        #[wasm_bindgen(js_name = currentPassword)] current_password: String,
        #[wasm_bindgen(js_name = newPassword)] new_password: String,
    ) -> Promise {
        let body = UsersSetPasswordBody {
            password: Secret::new(new_password),
            current_password: Some(Secret::new(current_password)),
        };
        let request = Request::mine(v4::USERS_SET_PASSWORD)
            .body(&body)
            .map(|r| r.answer(Answer::Nothing).signs_out());
        request::send(&self.shared, request)
    }

    /// Who is signed in.
    #[wasm_bindgen(unchecked_return_type = "Promise<BatonSession>")]
    pub fn session(&self) -> Promise {
        session::session(&self.shared)
    }

    /// A conversation the agent may see.
    #[wasm_bindgen(unchecked_return_type = "Promise<ConversationData>")]
    pub fn conversation(
        &self,
        #[wasm_bindgen(js_name = conversationId)] conversation_id: String,
    ) -> Promise {
        let request = Request::new(v4::CONVERSATIONS_READ, &[&conversation_id]);
        request::send(&self.shared, Ok(request))
    }

    /// The conversation's hand-off history as this agent may see it, in log order: who had
    /// it when and why it moved (forwardings, invitations, levels notified, answers). New
    /// entries also arrive on the event stream, as the events' `handoff`.
    #[wasm_bindgen(unchecked_return_type = "Promise<HandoffEntry[]>")]
    pub fn history(
        &self,
        #[wasm_bindgen(js_name = conversationId)] conversation_id: String,
    ) -> Promise {
        let request = Request::new(baton::HISTORY, &[&conversation_id]);
        request::send(&self.shared, Ok(request))
    }

    /// The messages the agent may read, oldest first.
    #[wasm_bindgen(unchecked_return_type = "Promise<BatonMessage[]>")]
    pub fn messages(
        &self,
        #[wasm_bindgen(js_name = conversationId)] conversation_id: String,
    ) -> Promise {
        session::messages(&self.shared, &conversation_id)
    }

    /// Writes `text` to the conversation.
    #[wasm_bindgen(js_name = sendMessage, unchecked_return_type = "Promise<BatonMessage>")]
    pub fn send_message(
        &self,
        #[wasm_bindgen(js_name = conversationId)] conversation_id: String,
        text: String,
    ) -> Promise {
        session::send_message(&self.shared, &conversation_id, text)
    }

    /// Forwards the conversation to an agent, who accepts or declines it; until then it
    /// stays with its assignee. An agent who already participates cannot be forwarded to
    /// (`ALREADY_PARTICIPANT`): reassign instead.
    #[wasm_bindgen(
        js_name = forwardToAgent,
        unchecked_return_type = "Promise<ConversationInvitationData>"
    )]
    pub fn forward_to_agent(
        &self,
        #[wasm_bindgen(js_name = conversationId)] conversation_id: String,
        #[wasm_bindgen(js_name = agentId)] agent_id: String,
        #[wasm_bindgen(unchecked_optional_param_type = "ForwardOptions")] options: Option<JsValue>,
    ) -> Promise {
        let request = optional(options, "forward options").and_then(|options: ForwardOptions| {
            let body = InvitationsForwardConversationToAgentBody {
                conversation_id: ConversationId::from(conversation_id.as_str()),
                agent_person_id: PersonId::from(agent_id.as_str()),
                comment: options.comment,
            };
            Request::new(v4::INVITATIONS_FORWARD_CONVERSATION_TO_AGENT, &[]).creating(&body)
        });
        request::send(&self.shared, request)
    }

    /// Forwards the conversation to a team: its members are asked; the first to accept
    /// takes it.
    #[wasm_bindgen(
        js_name = forwardToTeam,
        unchecked_return_type = "Promise<ConversationInvitationData>"
    )]
    pub fn forward_to_team(
        &self,
        #[wasm_bindgen(js_name = conversationId)] conversation_id: String,
        #[wasm_bindgen(js_name = teamId)] team_id: String,
        #[wasm_bindgen(unchecked_optional_param_type = "ForwardOptions")] options: Option<JsValue>,
    ) -> Promise {
        let request = optional(options, "forward options").and_then(|options: ForwardOptions| {
            let body = InvitationsForwardConversationToTeamBody {
                conversation_id: ConversationId::from(conversation_id.as_str()),
                team_id: TeamId::from(team_id.as_str()),
                comment: options.comment,
            };
            Request::new(v4::INVITATIONS_FORWARD_CONVERSATION_TO_TEAM, &[]).creating(&body)
        });
        request::send(&self.shared, request)
    }

    /// Makes an agent who participates (possibly hidden) the assignee: unhide, assign,
    /// then optionally offboard the previous assignee, as one call. With `keepPrevious` the
    /// target is added first and the previous assignee stays. A failure names its `step`.
    #[wasm_bindgen(unchecked_return_type = "Promise<ConversationData>")]
    pub fn reassign(
        &self,
        #[wasm_bindgen(js_name = conversationId)] conversation_id: String,
        #[wasm_bindgen(js_name = agentId)] agent_id: String,
        #[wasm_bindgen(unchecked_optional_param_type = "ReassignOptions")] options: Option<JsValue>,
    ) -> Promise {
        let shared = std::rc::Rc::clone(&self.shared);
        promise(async move {
            let options: ReassignOptions = optional(options, "reassign options")?;
            let conversation = ConversationId::from(conversation_id.as_str());
            let to = PersonId::from(agent_id.as_str());
            let reassigned = match (options.keep_previous, options.offboard_previous) {
                (true, Some(_)) => {
                    return Err(Rejection::invalid_input(
                        "keepPrevious and offboardPrevious exclude each other",
                    ));
                }
                (true, None) => {
                    shared
                        .client
                        .reassign_keeping_previous(&conversation, &to)
                        .await?
                }
                (false, offboard) => {
                    let offboard = offboard.map(|o| (o.reason, o.comment));
                    shared.client.reassign(&conversation, &to, offboard).await?
                }
            };
            Ok(reassigned)
        })
    }

    /// Invites another agent into the conversation (`hidden`: the visitor does not see
    /// them).
    #[wasm_bindgen(
        js_name = inviteAgent,
        unchecked_return_type = "Promise<ConversationInvitationData>"
    )]
    pub fn invite_agent(
        &self,
        #[wasm_bindgen(js_name = conversationId)] conversation_id: String,
        #[wasm_bindgen(js_name = agentId)] agent_id: String,
        #[wasm_bindgen(unchecked_optional_param_type = "InviteAgentOptions")] options: Option<
            JsValue,
        >,
    ) -> Promise {
        let request =
            optional(options, "invite options").and_then(|options: InviteAgentOptions| {
                let body = InvitationsInviteAgentToConversationBody {
                    conversation_id: ConversationId::from(conversation_id.as_str()),
                    agent_person_id: PersonId::from(agent_id.as_str()),
                    comment: options.comment,
                    join_hidden: options.hidden,
                };
                Request::new(v4::INVITATIONS_INVITE_AGENT_TO_CONVERSATION, &[]).creating(&body)
            });
        request::send(&self.shared, request)
    }

    /// Invites a team into the conversation.
    #[wasm_bindgen(
        js_name = inviteTeam,
        unchecked_return_type = "Promise<ConversationInvitationData>"
    )]
    pub fn invite_team(
        &self,
        #[wasm_bindgen(js_name = conversationId)] conversation_id: String,
        #[wasm_bindgen(js_name = teamId)] team_id: String,
        #[wasm_bindgen(unchecked_optional_param_type = "InviteAgentOptions")] options: Option<
            JsValue,
        >,
    ) -> Promise {
        let request =
            optional(options, "invite options").and_then(|options: InviteAgentOptions| {
                let body = InvitationsInviteTeamToConversationBody {
                    conversation_id: ConversationId::from(conversation_id.as_str()),
                    team_id: TeamId::from(team_id.as_str()),
                    comment: options.comment,
                    join_hidden: options.hidden,
                };
                Request::new(v4::INVITATIONS_INVITE_TEAM_TO_CONVERSATION, &[]).creating(&body)
            });
        request::send(&self.shared, request)
    }

    /// Invites a customer without a bank login by PIN: the answer carries the PIN to read
    /// out and when it expires.
    #[wasm_bindgen(
        js_name = inviteVisitorWithPin,
        unchecked_return_type = "Promise<ConversationInvitationData>"
    )]
    pub fn invite_visitor_with_pin(
        &self,
        #[wasm_bindgen(js_name = conversationId)] conversation_id: String,
        #[wasm_bindgen(unchecked_optional_param_type = "InviteVisitorOptions")] options: Option<
            JsValue,
        >,
    ) -> Promise {
        let request =
            optional(options, "invite options").and_then(|options: InviteVisitorOptions| {
                let body = InvitationsInviteAnonymousVisitorToConversationWithPinBody {
                    conversation_id: ConversationId::from(conversation_id.as_str()),
                    nickname: options.nickname,
                };
                Request::new(
                    v4::INVITATIONS_INVITE_ANONYMOUS_VISITOR_TO_CONVERSATION_WITH_PIN,
                    &[],
                )
                .creating(&body)
            });
        request::send(&self.shared, request)
    }

    /// Invites a customer by e-mail: the server sends the invitation link.
    #[wasm_bindgen(
        js_name = inviteVisitorWithEmail,
        unchecked_return_type = "Promise<ConversationInvitationData>"
    )]
    pub fn invite_visitor_with_email(
        &self,
        #[wasm_bindgen(js_name = conversationId)] conversation_id: String,
        email: String,
        #[wasm_bindgen(unchecked_optional_param_type = "InviteVisitorOptions")] options: Option<
            JsValue,
        >,
    ) -> Promise {
        let request =
            optional(options, "invite options").and_then(|options: InviteVisitorOptions| {
                let email = email.trim().to_owned();
                if !is_valid_email(&email) {
                    return Err(Rejection::invalid_input(&format!(
                        "{email:?} is not an e-mail address"
                    )));
                }
                let body = InvitationsInviteAnonymousVisitorToConversationWithEmailBody {
                    conversation_id: ConversationId::from(conversation_id.as_str()),
                    email,
                    nickname: options.nickname,
                };
                Request::new(
                    v4::INVITATIONS_INVITE_ANONYMOUS_VISITOR_TO_CONVERSATION_WITH_EMAIL,
                    &[],
                )
                .creating(&body)
            });
        request::send(&self.shared, request)
    }

    /// A new PIN for a PIN invitation (the old one stops working).
    #[wasm_bindgen(js_name = renewPin, unchecked_return_type = "Promise<ConversationInvitationData>")]
    pub fn renew_pin(
        &self,
        #[wasm_bindgen(js_name = invitationId)] invitation_id: String,
    ) -> Promise {
        let request = Request::new(v4::INVITATIONS_RENEW_PIN, &[&invitation_id]);
        request::send(&self.shared, Ok(request))
    }

    /// Withdraws an open invitation or forwarding.
    #[wasm_bindgen(
        js_name = revokeInvitation,
        unchecked_return_type = "Promise<ConversationInvitationData>"
    )]
    pub fn revoke_invitation(
        &self,
        #[wasm_bindgen(js_name = invitationId)] invitation_id: String,
    ) -> Promise {
        let request = Request::new(v4::INVITATIONS_REVOKE, &[&invitation_id]);
        request::send(&self.shared, Ok(request))
    }

    /// Removes the assignee: the conversation becomes visible to the organisation's other
    /// agents (seed 003).
    #[wasm_bindgen(unchecked_return_type = "Promise<void>")]
    pub fn unassign(
        &self,
        #[wasm_bindgen(js_name = conversationId)] conversation_id: String,
    ) -> Promise {
        let request = Request::new(baton::UNASSIGN, &[&conversation_id]);
        request::send(&self.shared, Ok(request.answer(Answer::Nothing)))
    }

    /// Offers the chat session to another agent (SuperOffice `TransferTo`; by user name or
    /// person id); it stays pending until they accept or reject.
    #[wasm_bindgen(unchecked_return_type = "Promise<ChatSessionEntity>")]
    pub fn transfer(
        &self,
        #[wasm_bindgen(js_name = conversationId)] conversation_id: String,
        #[wasm_bindgen(js_name = toAgent)] to_agent: String,
    ) -> Promise {
        let request = Request::new(superoffice::TRANSFER_TO, &[&conversation_id, &to_agent]);
        request::send(&self.shared, Ok(request))
    }

    /// Takes over a chat session transferred to this agent.
    #[wasm_bindgen(js_name = acceptTransfer, unchecked_return_type = "Promise<ChatSessionEntity>")]
    pub fn accept_transfer(
        &self,
        #[wasm_bindgen(js_name = conversationId)] conversation_id: String,
    ) -> Promise {
        let request = Request::new(superoffice::ACCEPT_TRANSFER, &[&conversation_id]);
        request::send(&self.shared, Ok(request))
    }

    /// Declines a chat session transferred to this agent.
    #[wasm_bindgen(js_name = rejectTransfer, unchecked_return_type = "Promise<ChatSessionEntity>")]
    pub fn reject_transfer(
        &self,
        #[wasm_bindgen(js_name = conversationId)] conversation_id: String,
    ) -> Promise {
        let request = Request::new(superoffice::REJECT_TRANSFER, &[&conversation_id]);
        request::send(&self.shared, Ok(request))
    }

    /// Answers a request delegated to this agent, or a forwarding or invitation addressed
    /// to them, from the queue: `ACCEPT`, `DECLINE`, `IGNORE` or `LATER` (each place offers
    /// the actions configured for it; others are refused with `RESPONSE_NOT_AVAILABLE`).
    #[wasm_bindgen(
        js_name = respondToDelegation,
        unchecked_return_type = "Promise<ConversationInvitationData>"
    )]
    pub fn respond_to_delegation(
        &self,
        #[wasm_bindgen(js_name = invitationId)] invitation_id: String,
        #[wasm_bindgen(unchecked_param_type = "DelegationResponse")] response: JsValue,
    ) -> Promise {
        let request = from_js(&response, "response").and_then(|response: DelegationResponse| {
            let body = BatonDelegationResponseBody {
                kind: Tag::new(),
                response,
                channel: ResponseChannel::Queue,
            };
            Request::new(baton::DELEGATION_RESPOND, &[&invitation_id]).body(&body)
        });
        request::send(&self.shared, request)
    }

    /// The requests, forwardings and invitations waiting for this agent.
    #[wasm_bindgen(unchecked_return_type = "Promise<BatonQueueItem[]>")]
    pub fn queue(&self) -> Promise {
        request::send(&self.shared, Ok(Request::new(baton::QUEUE, &[])))
    }

    /// Whether this agent may manage their own deputies (their role against
    /// `deputyRelationshipsMinimalRole`) and which levels are managed externally (read-only).
    #[wasm_bindgen(js_name = deputySettings, unchecked_return_type = "Promise<BatonDeputySettings>")]
    pub fn deputy_settings(&self) -> Promise {
        request::send(&self.shared, Ok(Request::new(baton::DEPUTY_SETTINGS, &[])))
    }

    /// Sets an agent's deputies: assistants and levels 1 to 3 (agents or teams), replacing
    /// the current ones. Externally managed levels are refused (`EXTERNALLY_MANAGED`).
    #[wasm_bindgen(js_name = writeAgentDeputies, unchecked_return_type = "Promise<void>")]
    pub fn write_agent_deputies(
        &self,
        #[wasm_bindgen(unchecked_param_type = "WriteAgentDeputyRelationshipsBody")] body: JsValue,
    ) -> Promise {
        let request =
            from_js(&body, "deputies").and_then(|body: WriteAgentDeputyRelationshipsBody| {
                Request::new(v4::DEPUTY_RELATIONSHIPS_WRITE_AGENT_DEPUTIES, &[]).body(&body)
            });
        request::send(&self.shared, request.map(|r| r.answer(Answer::Nothing)))
    }

    /// Deputy relationships (all the agent may see when `query` is absent).
    #[wasm_bindgen(
        js_name = searchDeputies,
        unchecked_return_type = "Promise<DeputyRelationshipResult>"
    )]
    pub fn search_deputies(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "DeputyRelationshipQuery")] query: Option<
            JsValue,
        >,
    ) -> Promise {
        let request = optional(query, "query").and_then(|query: DeputyRelationshipQuery| {
            Request::new(v4::DEPUTY_RELATIONSHIPS_SEARCH, &[]).body(&query)
        });
        request::send(&self.shared, request)
    }

    /// Agents (the query's filters plus "is an agent"), for pickers.
    #[wasm_bindgen(js_name = searchAgents, unchecked_return_type = "Promise<PersonResult>")]
    pub fn search_agents(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "PersonQuery")] query: Option<JsValue>,
    ) -> Promise {
        let request = optional(query, "query").and_then(|mut query: PersonQuery| {
            query.search_filters.push(PersonSearchFilter::PersonType(
                PersonTypePersonSearchFilter {
                    kind: Tag::new(),
                    field: Tag::new(),
                    operator: PersonTypeOperator::equals(PersonType::Agent),
                },
            ));
            Request::new(v4::PERSONS_SEARCH, &[]).body(&query)
        });
        request::send(&self.shared, request)
    }

    /// Teams, for pickers.
    #[wasm_bindgen(js_name = searchTeams, unchecked_return_type = "Promise<TeamResult>")]
    pub fn search_teams(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "TeamQuery")] query: Option<JsValue>,
    ) -> Promise {
        let request = optional(query, "query")
            .and_then(|query: TeamQuery| Request::new(v4::TEAMS_SEARCH, &[]).body(&query));
        request::send(&self.shared, request)
    }

    /// Marks this agent away (or back): while away, customers' messages may offer the
    /// deputy prompt.
    #[wasm_bindgen(js_name = setAway, unchecked_return_type = "Promise<void>")]
    pub fn set_away(&self, away: bool) -> Promise {
        let request = Request::mine(v4::PERSONS_SET_AWAY).body(&PersonsSetAwayBody { away });
        request::send(&self.shared, request)
    }

    /// This agent's availability: `AVAILABLE` while one of their desks is open and they are
    /// not away, `OFFLINE` a grace period after their last desk closed.
    #[wasm_bindgen(unchecked_return_type = "Promise<AgentAvailabilityStateData>")]
    pub fn availability(&self) -> Promise {
        let request = Request::mine_in_query(v4::AVAILABILITY_GET_AGENT_AVAILABILITY, "userId");
        request::send(&self.shared, Ok(request))
    }

    /// The server's VAPID public key, for `PushManager.subscribe({applicationServerKey})`.
    #[wasm_bindgen(js_name = pushPublicKey, unchecked_return_type = "Promise<string>")]
    pub fn push_public_key(&self) -> Promise {
        let request = Request::new(baton::PUSH_VAPID_PUBLIC_KEY, &[]);
        request::send(&self.shared, Ok(request.answer(Answer::Field("publicKey"))))
    }

    /// This agent's devices that receive web push, newest first.
    #[wasm_bindgen(js_name = pushDevices, unchecked_return_type = "Promise<BatonPushSubscription[]>")]
    pub fn push_devices(&self) -> Promise {
        request::send(
            &self.shared,
            Ok(Request::new(baton::PUSH_SUBSCRIPTIONS_LIST, &[])),
        )
    }

    /// Adds this browser as a device: `subscription` is `PushSubscription.toJSON()`, its
    /// notifications written in `locale` (the browser's language when absent). Delegated
    /// requests then reach the agent here even with the desk closed.
    #[wasm_bindgen(js_name = subscribePush, unchecked_return_type = "Promise<BatonPushSubscription>")]
    pub fn subscribe_push(
        &self,
        #[wasm_bindgen(unchecked_param_type = "BatonPushSubscriptionBody")] subscription: JsValue,
        locale: Option<String>,
    ) -> Promise {
        let request = from_js(&subscription, "subscription").and_then(
            |mut body: BatonPushSubscriptionBody| {
                if body.locale.is_none() {
                    body.locale = locale.or_else(|| web_sys::window()?.navigator().language());
                }
                Request::new(baton::PUSH_SUBSCRIBE, &[]).body(&body)
            },
        );
        request::send(&self.shared, request)
    }

    /// Removes one of this agent's devices (`BatonPushSubscription.id`).
    #[wasm_bindgen(js_name = unsubscribePush, unchecked_return_type = "Promise<void>")]
    pub fn unsubscribe_push(&self, id: String) -> Promise {
        let request = Request::new(baton::PUSH_UNSUBSCRIBE, &[&id]);
        request::send(&self.shared, Ok(request.answer(Answer::Nothing)))
    }

    /// Sends a test notification to one of this agent's devices.
    #[wasm_bindgen(js_name = testPush, unchecked_return_type = "Promise<void>")]
    pub fn test_push(&self, id: String) -> Promise {
        let request = Request::new(baton::PUSH_TEST, &[&id]);
        request::send(&self.shared, Ok(request.answer(Answer::Nothing)))
    }
}
