//! Baton's own operations under `/baton/v1`: the event feed's request, texts, participants,
//! messages, the deputy prompt, `unassign`, answering a request (`respond`), redeeming a PIN or
//! link, the agent's queue and deputy settings.
//!
//! Only this group's methods live here: the request plumbing (credentials, idempotency keys,
//! errors) is `mod.rs`'s, Baton's sessions are in `auth.rs`, and the Unblu and SuperOffice
//! routes are in their group's file.

use baton_core::id::{ConversationId, InvitationId};
use baton_core::text::TextUi;
use serde::{Deserialize, Serialize};

use super::{ApiError, Auth, Client, Json, Request, SessionKeys, Transport, decode, encode};
use crate::operation::{Target, baton};
use crate::wire::baton::{
    BatonDelegationResponseBody, BatonDeputySettings, BatonMessage, BatonParticipant,
    BatonPostMessageBody, BatonPrompt, BatonPromptAnswer, BatonQueueItem, BatonRedeemLinkBody,
    BatonRedeemPinBody, BatonRedemption, BatonTexts, HandoffEntry,
};
use crate::wire::invitation::ConversationInvitationData;

/// What a redemption's answer is read for when it is relayed unread: the new session
/// (`BatonRedemption.session`), without decoding the conversation.
#[derive(Deserialize)]
struct Redeemed {
    session: SessionKeys,
}

impl<T: Transport> Client<T> {
    /// `GET /baton/v1/events`: the request that opens the event feed at the present, or after
    /// the event `last_event_id` (sent as `Last-Event-ID`), with this client's credentials.
    /// Drivers send it through their own streaming transport (see [`events`]).
    pub fn events_request(&self, last_event_id: Option<u64>) -> Request {
        let mut headers = self.auth_headers();
        headers.push(("Accept".to_owned(), "text/event-stream".to_owned()));
        headers.push(("Cache-Control".to_owned(), "no-cache".to_owned()));
        if let Some(id) = last_event_id {
            headers.push(("Last-Event-ID".to_owned(), id.to_string()));
        }
        let Target { method, path } = baton::EVENTS.target(&[]);
        Request {
            method,
            path,
            query: Vec::new(),
            headers,
            body: None,
        }
    }

    /// `GET /baton/v1/texts`: the text properties in `locale` (`de`, `de-CH`), else in the
    /// server's choice from `Accept-Language`, the bank's overrides applied; those `ui` shows,
    /// or every one. Public.
    pub async fn texts(
        &self,
        locale: Option<&str>,
        ui: Option<TextUi>,
    ) -> Result<BatonTexts, ApiError> {
        self.texts_json(locale, ui).await?.decode()
    }

    /// [`Client::texts`], unread.
    pub async fn texts_json(
        &self,
        locale: Option<&str>,
        ui: Option<TextUi>,
    ) -> Result<Json<BatonTexts>, ApiError> {
        let locale = locale.map(|locale| ("locale".to_owned(), locale.to_owned()));
        let ui = ui.map(|ui| ("ui".to_owned(), ui.as_str().to_owned()));
        let query = locale.into_iter().chain(ui).collect();
        let response = self
            .exchange::<()>(baton::TEXTS.target(&[]), query, None)
            .await?;
        Ok(Json::new(response))
    }

    /// `GET /baton/v1/conversations/{id}/history`: the conversation's hand-off steps as the
    /// agent may see them, in log order.
    pub async fn history(&self, id: &ConversationId) -> Result<Vec<HandoffEntry>, ApiError> {
        self.get(baton::HISTORY.target(&[id.as_str()])).await
    }

    /// `GET /baton/v1/conversations/{id}/participants`: who is in it, with names (visitors
    /// never get hidden participants).
    pub async fn participants(
        &self,
        id: &ConversationId,
    ) -> Result<Vec<BatonParticipant>, ApiError> {
        self.get(baton::PARTICIPANTS_LIST.target(&[id.as_str()]))
            .await
    }

    /// `POST /baton/v1/conversations/{id}/messages` (a visitor's may offer the deputy prompt).
    pub async fn post_message(
        &self,
        id: &ConversationId,
        body: &BatonPostMessageBody,
    ) -> Result<BatonMessage, ApiError> {
        self.post_message_json(id, body).await?.decode()
    }

    /// [`Client::post_message`], unread.
    pub async fn post_message_json(
        &self,
        id: &ConversationId,
        body: &BatonPostMessageBody,
    ) -> Result<Json<BatonMessage>, ApiError> {
        self.create_json(baton::MESSAGES_POST.target(&[id.as_str()]), body)
            .await
    }

    /// [`Client::post_message`] under the caller's `Idempotency-Key` (from
    /// [`idempotent::key`](super::idempotent::key)): the widget keeps a message's key until the
    /// message is sent, so "retry" after a failure can never post it twice.
    pub async fn post_message_with_key(
        &self,
        id: &ConversationId,
        body: &BatonPostMessageBody,
        key: &str,
    ) -> Result<BatonMessage, ApiError> {
        let target = baton::MESSAGES_POST.target(&[id.as_str()]);
        let response = self.send_with_key(target, encode(body)?, key).await?;
        Json::new(response).decode()
    }

    /// `GET /baton/v1/conversations/{id}/messages`: those the caller may read.
    pub async fn messages(&self, id: &ConversationId) -> Result<Vec<BatonMessage>, ApiError> {
        self.messages_json(id).await?.decode()
    }

    /// [`Client::messages`], unread.
    pub async fn messages_json(
        &self,
        id: &ConversationId,
    ) -> Result<Json<Vec<BatonMessage>>, ApiError> {
        self.call_json::<(), _>(baton::MESSAGES_LIST.target(&[id.as_str()]), None)
            .await
    }

    /// `GET /baton/v1/conversations/{id}/prompt`: the open "Invite a deputy?" prompt in the
    /// caller's locale, `None` when there is none (204).
    pub async fn prompt(&self, id: &ConversationId) -> Result<Option<BatonPrompt>, ApiError> {
        self.prompt_json(id)
            .await?
            .map(|prompt| prompt.decode())
            .transpose()
    }

    /// [`Client::prompt`], unread.
    pub async fn prompt_json(
        &self,
        id: &ConversationId,
    ) -> Result<Option<Json<BatonPrompt>>, ApiError> {
        let prompt = self
            .call_json::<(), _>(baton::PROMPT_READ.target(&[id.as_str()]), None)
            .await?;
        Ok((prompt.status() != 204).then_some(prompt))
    }

    /// `POST /baton/v1/conversations/{id}/prompt`: accepting starts the deputy delegation.
    pub async fn answer_prompt(
        &self,
        id: &ConversationId,
        body: &BatonPromptAnswer,
    ) -> Result<(), ApiError> {
        self.call_empty(baton::PROMPT_ANSWER.target(&[id.as_str()]), Some(body))
            .await
    }

    /// `POST /baton/v1/conversations/{id}/unassign`: the organisation's other agents see the
    /// conversation again.
    pub async fn unassign(&self, id: &ConversationId) -> Result<(), ApiError> {
        self.call_empty::<()>(baton::UNASSIGN.target(&[id.as_str()]), None)
            .await
    }

    /// `POST /baton/v1/invitations/{id}/respond`: accept, decline, ignore or answer later.
    pub async fn respond(
        &self,
        id: &InvitationId,
        body: &BatonDelegationResponseBody,
    ) -> Result<ConversationInvitationData, ApiError> {
        let path = baton::DELEGATION_RESPOND.target(&[id.as_str()]);
        self.post(path, body).await
    }

    /// `POST /baton/v1/redeem/pin`: join with a PIN. An anonymous client switches to the
    /// visitor session it gets (cookie in the transport, CSRF token from the answer).
    pub async fn redeem_pin(&self, body: &BatonRedeemPinBody) -> Result<BatonRedemption, ApiError> {
        self.redeem_pin_json(body).await?.decode()
    }

    /// [`Client::redeem_pin`], unread (the session is switched all the same).
    pub async fn redeem_pin_json(
        &self,
        body: &BatonRedeemPinBody,
    ) -> Result<Json<BatonRedemption>, ApiError> {
        self.redeem(baton::REDEEM_PIN.target(&[]), body).await
    }

    /// `POST /baton/v1/redeem/link`: join with an e-mail or shared link; switches sessions
    /// like [`Client::redeem_pin`].
    pub async fn redeem_link(
        &self,
        body: &BatonRedeemLinkBody,
    ) -> Result<BatonRedemption, ApiError> {
        self.redeem_link_json(body).await?.decode()
    }

    /// [`Client::redeem_link`], unread (the session is switched all the same).
    pub async fn redeem_link_json(
        &self,
        body: &BatonRedeemLinkBody,
    ) -> Result<Json<BatonRedemption>, ApiError> {
        self.redeem(baton::REDEEM_LINK.target(&[]), body).await
    }

    /// A redemption at `path`; adopts the session it answers unless signed in with Basic.
    async fn redeem<B: Serialize>(
        &self,
        target: Target,
        body: &B,
    ) -> Result<Json<BatonRedemption>, ApiError> {
        let redemption = self.call_json(target, Some(body)).await?;
        if !matches!(self.auth(), Auth::Basic { .. }) {
            let redeemed: Redeemed = decode(&redemption.response)?;
            self.set_auth(Auth::Session {
                csrf_token: redeemed.session.csrf_token,
            });
        }
        Ok(redemption)
    }

    /// `GET /baton/v1/queue`: the signed-in agent's queue.
    pub async fn queue(&self) -> Result<Vec<BatonQueueItem>, ApiError> {
        self.get(baton::QUEUE.target(&[])).await
    }

    /// `GET /baton/v1/deputies/settings`: whether the signed-in agent may manage their own
    /// deputies, and which levels are externally managed.
    pub async fn deputy_settings(&self) -> Result<BatonDeputySettings, ApiError> {
        self.get(baton::DEPUTY_SETTINGS.target(&[])).await
    }
}
