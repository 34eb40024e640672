//! Web push under `/baton/v1/push`: the server's VAPID key, the signed-in agent's devices
//! (list, add, remove, test) and a notification action's answer by its token.
//!
//! Only this group's methods live here; the browser's side (permission, service worker,
//! `PushManager`) is the desk's.

use super::{ApiError, Client, Transport};
use crate::operation::baton;
use crate::wire::invitation::ConversationInvitationData;
use crate::wire::push::{
    BatonPushAnswerBody, BatonPushSubscription, BatonPushSubscriptionBody, BatonVapidPublicKey,
};

impl<T: Transport> Client<T> {
    /// `GET /baton/v1/push/vapidPublicKey`: the key `PushManager.subscribe` needs (public).
    pub async fn push_vapid_public_key(&self) -> Result<BatonVapidPublicKey, ApiError> {
        self.get(baton::PUSH_VAPID_PUBLIC_KEY.target(&[])).await
    }

    /// `GET /baton/v1/push/subscriptions`: the signed-in agent's devices, newest first.
    pub async fn push_subscriptions(&self) -> Result<Vec<BatonPushSubscription>, ApiError> {
        self.get(baton::PUSH_SUBSCRIPTIONS_LIST.target(&[])).await
    }

    /// `POST /baton/v1/push/subscriptions`: adds this browser's subscription.
    pub async fn push_subscribe(
        &self,
        body: &BatonPushSubscriptionBody,
    ) -> Result<BatonPushSubscription, ApiError> {
        self.post(baton::PUSH_SUBSCRIBE.target(&[]), body).await
    }

    /// `DELETE /baton/v1/push/subscriptions/{id}`: removes one of the agent's devices.
    pub async fn push_unsubscribe(&self, id: &str) -> Result<(), ApiError> {
        self.call_empty::<()>(baton::PUSH_UNSUBSCRIBE.target(&[id]), None)
            .await
    }

    /// `POST /baton/v1/push/subscriptions/{id}/test`: a test notification to that device.
    pub async fn push_test(&self, id: &str) -> Result<(), ApiError> {
        self.call_empty::<()>(baton::PUSH_TEST.target(&[id]), None)
            .await
    }

    /// `POST /baton/v1/push/answers`: answers a notification's request with its token.
    pub async fn push_answer(
        &self,
        body: &BatonPushAnswerBody,
    ) -> Result<ConversationInvitationData, ApiError> {
        self.post(baton::PUSH_ANSWER.target(&[]), body).await
    }
}
