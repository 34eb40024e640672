//! Unblu's `invitations/...` operations: forwarding (to an agent or a team), inviting agents,
//! teams and customers (by PIN, e-mail or link), `renewPin`, `revoke`, `read`, `search`,
//! `getAcceptLink`, `requeueConversation`, `startDeputyDelegation` and
//! `addSecondaryInvitationTarget`.
//!
//! Only this group's methods live here: the request plumbing (credentials, idempotency keys,
//! errors) is `mod.rs`'s, Baton's `respond` is in `baton.rs`, and the other routes are in
//! their group's file.

use baton_core::id::InvitationId;

use super::{ApiError, Client, Transport};
use crate::operation::v4;
use crate::wire::invitation::{
    AcceptLinkData, ConversationInvitationData, ConversationInvitationQuery,
    ConversationInvitationResult, InvitationsAddSecondaryInvitationTargetBody,
    InvitationsForwardConversationToAgentBody, InvitationsForwardConversationToTeamBody,
    InvitationsGetAcceptLinkBody, InvitationsInviteAgentToConversationBody,
    InvitationsInviteAnonymousVisitorToConversationWithEmailBody,
    InvitationsInviteAnonymousVisitorToConversationWithLinkBody,
    InvitationsInviteAnonymousVisitorToConversationWithPinBody,
    InvitationsInviteTeamToConversationBody, InvitationsRequeueConversationBody,
    InvitationsStartDeputyDelegationBody,
};

impl<T: Transport> Client<T> {
    /// `invitations/forwardConversationToAgent`: to an agent who does not participate.
    pub async fn invitations_forward_to_agent(
        &self,
        body: &InvitationsForwardConversationToAgentBody,
    ) -> Result<ConversationInvitationData, ApiError> {
        self.create(
            v4::INVITATIONS_FORWARD_CONVERSATION_TO_AGENT.target(&[]),
            body,
        )
        .await
    }

    /// `invitations/forwardConversationToTeam`.
    pub async fn invitations_forward_to_team(
        &self,
        body: &InvitationsForwardConversationToTeamBody,
    ) -> Result<ConversationInvitationData, ApiError> {
        self.create(
            v4::INVITATIONS_FORWARD_CONVERSATION_TO_TEAM.target(&[]),
            body,
        )
        .await
    }

    /// `invitations/inviteAgentToConversation`: a secondary agent.
    pub async fn invitations_invite_agent(
        &self,
        body: &InvitationsInviteAgentToConversationBody,
    ) -> Result<ConversationInvitationData, ApiError> {
        self.create(
            v4::INVITATIONS_INVITE_AGENT_TO_CONVERSATION.target(&[]),
            body,
        )
        .await
    }

    /// `invitations/inviteTeamToConversation`.
    pub async fn invitations_invite_team(
        &self,
        body: &InvitationsInviteTeamToConversationBody,
    ) -> Result<ConversationInvitationData, ApiError> {
        self.create(
            v4::INVITATIONS_INVITE_TEAM_TO_CONVERSATION.target(&[]),
            body,
        )
        .await
    }

    /// `invitations/inviteAnonymousVisitorToConversationWithPin`: the PIN is in this answer's
    /// `token` only.
    pub async fn invitations_invite_visitor_with_pin(
        &self,
        body: &InvitationsInviteAnonymousVisitorToConversationWithPinBody,
    ) -> Result<ConversationInvitationData, ApiError> {
        self.create(
            v4::INVITATIONS_INVITE_ANONYMOUS_VISITOR_TO_CONVERSATION_WITH_PIN.target(&[]),
            body,
        )
        .await
    }

    /// `invitations/inviteAnonymousVisitorToConversationWithEmail`.
    pub async fn invitations_invite_visitor_with_email(
        &self,
        body: &InvitationsInviteAnonymousVisitorToConversationWithEmailBody,
    ) -> Result<ConversationInvitationData, ApiError> {
        self.create(
            v4::INVITATIONS_INVITE_ANONYMOUS_VISITOR_TO_CONVERSATION_WITH_EMAIL.target(&[]),
            body,
        )
        .await
    }

    /// `invitations/inviteAnonymousVisitorToConversationWithLink`.
    pub async fn invitations_invite_visitor_with_link(
        &self,
        body: &InvitationsInviteAnonymousVisitorToConversationWithLinkBody,
    ) -> Result<ConversationInvitationData, ApiError> {
        self.create(
            v4::INVITATIONS_INVITE_ANONYMOUS_VISITOR_TO_CONVERSATION_WITH_LINK.target(&[]),
            body,
        )
        .await
    }

    /// `invitations/{id}/renewPin`: a new PIN with a new lifetime.
    pub async fn invitations_renew_pin(
        &self,
        id: &InvitationId,
    ) -> Result<ConversationInvitationData, ApiError> {
        self.call::<(), _>(v4::INVITATIONS_RENEW_PIN.target(&[id.as_str()]), None)
            .await
    }

    /// `invitations/{id}/revoke`.
    pub async fn invitations_revoke(
        &self,
        id: &InvitationId,
    ) -> Result<ConversationInvitationData, ApiError> {
        self.call::<(), _>(v4::INVITATIONS_REVOKE.target(&[id.as_str()]), None)
            .await
    }

    /// `invitations/{id}/read` (never with its token).
    pub async fn invitations_read(
        &self,
        id: &InvitationId,
    ) -> Result<ConversationInvitationData, ApiError> {
        self.get(v4::INVITATIONS_READ.target(&[id.as_str()])).await
    }

    /// `invitations/search`.
    pub async fn invitations_search(
        &self,
        query: &ConversationInvitationQuery,
    ) -> Result<ConversationInvitationResult, ApiError> {
        self.post(v4::INVITATIONS_SEARCH.target(&[]), query).await
    }

    /// `invitations/getAcceptLink`: the link that accepts an invitation.
    pub async fn invitations_get_accept_link(
        &self,
        body: &InvitationsGetAcceptLinkBody,
    ) -> Result<AcceptLinkData, ApiError> {
        self.post(v4::INVITATIONS_GET_ACCEPT_LINK.target(&[]), body)
            .await
    }

    /// `invitations/requeueConversation`.
    pub async fn invitations_requeue_conversation(
        &self,
        body: &InvitationsRequeueConversationBody,
    ) -> Result<ConversationInvitationData, ApiError> {
        self.create(v4::INVITATIONS_REQUEUE_CONVERSATION.target(&[]), body)
            .await
    }

    /// `invitations/startDeputyDelegation`: ask the assignee's deputies.
    pub async fn invitations_start_deputy_delegation(
        &self,
        body: &InvitationsStartDeputyDelegationBody,
    ) -> Result<ConversationInvitationData, ApiError> {
        self.create(v4::INVITATIONS_START_DEPUTY_DELEGATION.target(&[]), body)
            .await
    }

    /// `invitations/{id}/addSecondaryInvitationTarget`.
    pub async fn invitations_add_secondary_target(
        &self,
        id: &InvitationId,
        body: &InvitationsAddSecondaryInvitationTargetBody,
    ) -> Result<ConversationInvitationData, ApiError> {
        self.post(
            v4::INVITATIONS_ADD_SECONDARY_INVITATION_TARGET.target(&[id.as_str()]),
            body,
        )
        .await
    }
}
