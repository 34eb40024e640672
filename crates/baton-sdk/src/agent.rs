//! `AgentClient`: what advisors, assistants and deputies do. Sign in, forward to an agent or
//! a team, reassign to a participant, invite agents, teams and customers (PIN, e-mail),
//! renew and revoke PINs, unassign, transfer (SuperOffice-style), answer delegated requests
//! from the queue, edit deputies, follow their own availability and receive web push on
//! their devices. Each method is one operation of baton-api's client
//! (the reassign flow is one call of several steps); the server decides who may do what.

use std::rc::Rc;

use baton_api::wire::Secret;
use baton_api::wire::Tag;
use baton_api::wire::auth::AuthenticatorLoginBody;
use baton_api::wire::baton::BatonDelegationResponseBody;
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
use baton_core::id::{ConversationId, InvitationId, PersonId, TeamId};
use baton_core::invitation::{DelegationResponse, is_valid_email};
use js_sys::Promise;
use wasm_bindgen::prelude::*;

use crate::error::Rejection;
use crate::js::{from_js, optional, promise};
use crate::options::{
    ForwardOptions, InviteAgentOptions, InviteVisitorOptions, LoginOptions, ReassignOptions,
    ServerOptions,
};
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
        let shared = Rc::clone(&self.shared);
        promise(async move {
            shared
                .client
                .authenticator_logout(&Default::default())
                .await?;
            shared.session_changed()
        })
    }

    /// Signs out on every device: all of the agent's sessions end, with their live feeds
    /// (this one's too).
    #[wasm_bindgen(js_name = signOutEverywhere, unchecked_return_type = "Promise<void>")]
    pub fn sign_out_everywhere(&self) -> Promise {
        let shared = Rc::clone(&self.shared);
        promise(async move {
            shared
                .client
                .sessions_revoke_all(&Default::default())
                .await?;
            shared.session_changed()
        })
    }

    /// Changes the agent's own password (the current one proves it is them); every session
    /// of the agent ends, this one too: sign in again with the new password.
    #[wasm_bindgen(js_name = changePassword, unchecked_return_type = "Promise<void>")]
    pub fn change_password(
        &self,
        #[wasm_bindgen(js_name = currentPassword)] current_password: String,
        #[wasm_bindgen(js_name = newPassword)] new_password: String,
    ) -> Promise {
        let shared = Rc::clone(&self.shared);
        promise(async move {
            let me = shared.client.session().await?.person_id;
            shared
                .client
                .users_set_password(
                    &me,
                    &UsersSetPasswordBody {
                        password: Secret::new(new_password),
                        current_password: Some(Secret::new(current_password)),
                    },
                )
                .await?;
            shared.session_changed()
        })
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
        let shared = Rc::clone(&self.shared);
        promise(async move {
            let id = ConversationId::from(conversation_id.as_str());
            Ok(shared.client.conversations_read(&id).await?)
        })
    }

    /// The messages the agent may read, oldest first.
    #[wasm_bindgen(unchecked_return_type = "Promise<BatonMessage[]>")]
    pub fn messages(
        &self,
        #[wasm_bindgen(js_name = conversationId)] conversation_id: String,
    ) -> Promise {
        session::messages(&self.shared, conversation_id)
    }

    /// Writes `text` to the conversation.
    #[wasm_bindgen(js_name = sendMessage, unchecked_return_type = "Promise<BatonMessage>")]
    pub fn send_message(
        &self,
        #[wasm_bindgen(js_name = conversationId)] conversation_id: String,
        text: String,
    ) -> Promise {
        session::send_message(&self.shared, conversation_id, text)
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
        let shared = Rc::clone(&self.shared);
        promise(async move {
            let options: ForwardOptions = optional(options, "forward options")?;
            let body = InvitationsForwardConversationToAgentBody {
                conversation_id: ConversationId::from(conversation_id.as_str()),
                agent_person_id: PersonId::from(agent_id.as_str()),
                comment: options.comment,
            };
            Ok(shared.client.invitations_forward_to_agent(&body).await?)
        })
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
        let shared = Rc::clone(&self.shared);
        promise(async move {
            let options: ForwardOptions = optional(options, "forward options")?;
            let body = InvitationsForwardConversationToTeamBody {
                conversation_id: ConversationId::from(conversation_id.as_str()),
                team_id: TeamId::from(team_id.as_str()),
                comment: options.comment,
            };
            Ok(shared.client.invitations_forward_to_team(&body).await?)
        })
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
        let shared = Rc::clone(&self.shared);
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
        let shared = Rc::clone(&self.shared);
        promise(async move {
            let options: InviteAgentOptions = optional(options, "invite options")?;
            let body = InvitationsInviteAgentToConversationBody {
                conversation_id: ConversationId::from(conversation_id.as_str()),
                agent_person_id: PersonId::from(agent_id.as_str()),
                comment: options.comment,
                join_hidden: options.hidden,
            };
            Ok(shared.client.invitations_invite_agent(&body).await?)
        })
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
        let shared = Rc::clone(&self.shared);
        promise(async move {
            let options: InviteAgentOptions = optional(options, "invite options")?;
            let body = InvitationsInviteTeamToConversationBody {
                conversation_id: ConversationId::from(conversation_id.as_str()),
                team_id: TeamId::from(team_id.as_str()),
                comment: options.comment,
                join_hidden: options.hidden,
            };
            Ok(shared.client.invitations_invite_team(&body).await?)
        })
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
        let shared = Rc::clone(&self.shared);
        promise(async move {
            let options: InviteVisitorOptions = optional(options, "invite options")?;
            let body = InvitationsInviteAnonymousVisitorToConversationWithPinBody {
                conversation_id: ConversationId::from(conversation_id.as_str()),
                nickname: options.nickname,
            };
            Ok(shared
                .client
                .invitations_invite_visitor_with_pin(&body)
                .await?)
        })
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
        let shared = Rc::clone(&self.shared);
        promise(async move {
            let options: InviteVisitorOptions = optional(options, "invite options")?;
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
            Ok(shared
                .client
                .invitations_invite_visitor_with_email(&body)
                .await?)
        })
    }

    /// A new PIN for a PIN invitation (the old one stops working).
    #[wasm_bindgen(js_name = renewPin, unchecked_return_type = "Promise<ConversationInvitationData>")]
    pub fn renew_pin(
        &self,
        #[wasm_bindgen(js_name = invitationId)] invitation_id: String,
    ) -> Promise {
        let shared = Rc::clone(&self.shared);
        promise(async move {
            let id = InvitationId::from(invitation_id.as_str());
            Ok(shared.client.invitations_renew_pin(&id).await?)
        })
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
        let shared = Rc::clone(&self.shared);
        promise(async move {
            let id = InvitationId::from(invitation_id.as_str());
            Ok(shared.client.invitations_revoke(&id).await?)
        })
    }

    /// Removes the assignee: the conversation becomes visible to the organisation's other
    /// agents (seed 003).
    #[wasm_bindgen(unchecked_return_type = "Promise<void>")]
    pub fn unassign(
        &self,
        #[wasm_bindgen(js_name = conversationId)] conversation_id: String,
    ) -> Promise {
        let shared = Rc::clone(&self.shared);
        promise(async move {
            let id = ConversationId::from(conversation_id.as_str());
            Ok(shared.client.unassign(&id).await?)
        })
    }

    /// Offers the chat session to another agent (SuperOffice `TransferTo`; by user name or
    /// person id); it stays pending until they accept or reject.
    #[wasm_bindgen(unchecked_return_type = "Promise<ChatSessionEntity>")]
    pub fn transfer(
        &self,
        #[wasm_bindgen(js_name = conversationId)] conversation_id: String,
        #[wasm_bindgen(js_name = toAgent)] to_agent: String,
    ) -> Promise {
        let shared = Rc::clone(&self.shared);
        promise(async move {
            let entity = shared
                .client
                .superoffice_transfer_to(&conversation_id, &to_agent)
                .await?;
            Ok(entity)
        })
    }

    /// Takes over a chat session transferred to this agent.
    #[wasm_bindgen(js_name = acceptTransfer, unchecked_return_type = "Promise<ChatSessionEntity>")]
    pub fn accept_transfer(
        &self,
        #[wasm_bindgen(js_name = conversationId)] conversation_id: String,
    ) -> Promise {
        let shared = Rc::clone(&self.shared);
        promise(async move {
            Ok(shared
                .client
                .superoffice_accept_transfer(&conversation_id)
                .await?)
        })
    }

    /// Declines a chat session transferred to this agent.
    #[wasm_bindgen(js_name = rejectTransfer, unchecked_return_type = "Promise<ChatSessionEntity>")]
    pub fn reject_transfer(
        &self,
        #[wasm_bindgen(js_name = conversationId)] conversation_id: String,
    ) -> Promise {
        let shared = Rc::clone(&self.shared);
        promise(async move {
            Ok(shared
                .client
                .superoffice_reject_transfer(&conversation_id)
                .await?)
        })
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
        let shared = Rc::clone(&self.shared);
        promise(async move {
            let response: DelegationResponse = from_js(&response, "response")?;
            let body = BatonDelegationResponseBody {
                kind: Tag::new(),
                response,
                channel: ResponseChannel::Queue,
            };
            let id = InvitationId::from(invitation_id.as_str());
            Ok(shared.client.respond(&id, &body).await?)
        })
    }

    /// The requests, forwardings and invitations waiting for this agent.
    #[wasm_bindgen(unchecked_return_type = "Promise<BatonQueueItem[]>")]
    pub fn queue(&self) -> Promise {
        let shared = Rc::clone(&self.shared);
        promise(async move { Ok(shared.client.queue().await?) })
    }

    /// Whether this agent may manage their own deputies (their role against
    /// `deputyRelationshipsMinimalRole`) and which levels are managed externally (read-only).
    #[wasm_bindgen(js_name = deputySettings, unchecked_return_type = "Promise<BatonDeputySettings>")]
    pub fn deputy_settings(&self) -> Promise {
        let shared = Rc::clone(&self.shared);
        promise(async move { Ok(shared.client.deputy_settings().await?) })
    }

    /// Sets an agent's deputies: assistants and levels 1 to 3 (agents or teams), replacing
    /// the current ones. Externally managed levels are refused (`EXTERNALLY_MANAGED`).
    #[wasm_bindgen(js_name = writeAgentDeputies, unchecked_return_type = "Promise<void>")]
    pub fn write_agent_deputies(
        &self,
        #[wasm_bindgen(unchecked_param_type = "WriteAgentDeputyRelationshipsBody")] body: JsValue,
    ) -> Promise {
        let shared = Rc::clone(&self.shared);
        promise(async move {
            let body: WriteAgentDeputyRelationshipsBody = from_js(&body, "deputies")?;
            Ok(shared
                .client
                .deputy_relationships_write_agent_deputies(&body)
                .await?)
        })
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
        let shared = Rc::clone(&self.shared);
        promise(async move {
            let query: DeputyRelationshipQuery = optional(query, "query")?;
            Ok(shared.client.deputy_relationships_search(&query).await?)
        })
    }

    /// Agents (the query's filters plus "is an agent"), for pickers.
    #[wasm_bindgen(js_name = searchAgents, unchecked_return_type = "Promise<PersonResult>")]
    pub fn search_agents(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "PersonQuery")] query: Option<JsValue>,
    ) -> Promise {
        let shared = Rc::clone(&self.shared);
        promise(async move {
            let mut query: PersonQuery = optional(query, "query")?;
            query.search_filters.push(PersonSearchFilter::PersonType(
                PersonTypePersonSearchFilter {
                    kind: Tag::new(),
                    field: Tag::new(),
                    operator: PersonTypeOperator::equals(PersonType::Agent),
                },
            ));
            Ok(shared.client.persons_search(&query).await?)
        })
    }

    /// Teams, for pickers.
    #[wasm_bindgen(js_name = searchTeams, unchecked_return_type = "Promise<TeamResult>")]
    pub fn search_teams(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "TeamQuery")] query: Option<JsValue>,
    ) -> Promise {
        let shared = Rc::clone(&self.shared);
        promise(async move {
            let query: TeamQuery = optional(query, "query")?;
            Ok(shared.client.teams_search(&query).await?)
        })
    }

    /// Marks this agent away (or back): while away, customers' messages may offer the
    /// deputy prompt.
    #[wasm_bindgen(js_name = setAway, unchecked_return_type = "Promise<void>")]
    pub fn set_away(&self, away: bool) -> Promise {
        let shared = Rc::clone(&self.shared);
        promise(async move {
            let me = shared.client.session().await?.person_id;
            let body = PersonsSetAwayBody { away };
            Ok(shared.client.persons_set_away(&me, &body).await?)
        })
    }

    /// This agent's availability: `AVAILABLE` while one of their desks is open and they are
    /// not away, `OFFLINE` a grace period after their last desk closed.
    #[wasm_bindgen(unchecked_return_type = "Promise<AgentAvailabilityStateData>")]
    pub fn availability(&self) -> Promise {
        let shared = Rc::clone(&self.shared);
        promise(async move {
            let me = shared.client.session().await?.person_id;
            Ok(shared
                .client
                .availability_get_agent_availability(Some(&me))
                .await?)
        })
    }

    /// The server's VAPID public key, for `PushManager.subscribe({applicationServerKey})`.
    #[wasm_bindgen(js_name = pushPublicKey, unchecked_return_type = "Promise<string>")]
    pub fn push_public_key(&self) -> Promise {
        let shared = Rc::clone(&self.shared);
        promise(async move { Ok(shared.client.push_vapid_public_key().await?.public_key) })
    }

    /// This agent's devices that receive web push, newest first.
    #[wasm_bindgen(js_name = pushDevices, unchecked_return_type = "Promise<BatonPushSubscription[]>")]
    pub fn push_devices(&self) -> Promise {
        let shared = Rc::clone(&self.shared);
        promise(async move { Ok(shared.client.push_subscriptions().await?) })
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
        let shared = Rc::clone(&self.shared);
        promise(async move {
            let mut body: BatonPushSubscriptionBody = from_js(&subscription, "subscription")?;
            if body.locale.is_none() {
                body.locale = locale.or_else(|| web_sys::window()?.navigator().language());
            }
            Ok(shared.client.push_subscribe(&body).await?)
        })
    }

    /// Removes one of this agent's devices (`BatonPushSubscription.id`).
    #[wasm_bindgen(js_name = unsubscribePush, unchecked_return_type = "Promise<void>")]
    pub fn unsubscribe_push(&self, id: String) -> Promise {
        let shared = Rc::clone(&self.shared);
        promise(async move { Ok(shared.client.push_unsubscribe(&id).await?) })
    }

    /// Sends a test notification to one of this agent's devices.
    #[wasm_bindgen(js_name = testPush, unchecked_return_type = "Promise<void>")]
    pub fn test_push(&self, id: String) -> Promise {
        let shared = Rc::clone(&self.shared);
        promise(async move { Ok(shared.client.push_test(&id).await?) })
    }
}
