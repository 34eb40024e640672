//! Web push (RFC 8030, 8291, 8292): the server's VAPID public key, an agent's devices
//! (`PushSubscription.toJSON()` in, [`BatonPushSubscription`] out), the answer a notification
//! action sends with its single-use token, and the message the agent service worker receives
//! (`BatonPushMessage`, encrypted for the device).
//!
//! Only shapes live here: encryption, VAPID signing and delivery are the server's; showing
//! notifications is the service worker's (`baton-sdk/agent-sw.js`).

use baton_core::Timestamp;
use baton_core::id::{ConversationId, InvitationId};
use baton_core::invitation::DelegationResponse;
use serde::{Deserialize, Serialize};

use crate::wire::Secret;
use crate::wire::shape::{Tag, tagged};

/// `GET /baton/v1/push/vapidPublicKey`: the key browsers subscribe with
/// (`applicationServerKey`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct BatonVapidPublicKey {
    /// The uncompressed P-256 public key (65 bytes), base64url without padding.
    pub public_key: String,
}

/// The device's keys from `PushSubscription.toJSON().keys`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct BatonPushKeys {
    /// The device's P-256 public key (65 bytes uncompressed), base64url.
    pub p256dh: String,
    /// The device's 16-byte authentication secret, base64url.
    pub auth: Secret,
}

/// `POST /baton/v1/push/subscriptions`: a browser's `PushSubscription.toJSON()`, with the
/// language its notifications are written in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct BatonPushSubscriptionBody {
    /// `$_type`: `"BatonPushSubscriptionBody"` (optional: the browser's JSON has none).
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema))]
    #[cfg_attr(
        feature = "ts",
        tsify(optional, type = "\"BatonPushSubscriptionBody\"")
    )]
    pub kind: Tag<Self>,
    /// The push service's URL for this device (`https://`).
    pub endpoint: String,
    /// The device's keys.
    pub keys: BatonPushKeys,
    /// When the push service ends the subscription, if it says (ignored: a dead endpoint is
    /// dropped when the push service answers 404 or 410).
    #[serde(default, skip_serializing)]
    #[cfg_attr(feature = "ts", tsify(optional))]
    pub expiration_time: Option<serde_json::Value>,
    /// The language of this device's notifications (`de`, `fr-CH`); else English.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", tsify(optional))]
    pub locale: Option<String>,
}

/// One of the signed-in agent's devices that receive web push.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct BatonPushSubscription {
    /// `$_type`: `"BatonPushSubscription"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"BatonPushSubscription\""))]
    pub kind: Tag<Self>,
    /// Its id (for `DELETE` and the test notification).
    pub id: String,
    /// The push service's URL for the device.
    pub endpoint: String,
    /// The language of its notifications, if set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", tsify(optional))]
    pub locale: Option<String>,
    /// When it was added.
    pub created_at: Timestamp,
}

/// `POST /baton/v1/push/answers`: a notification action, answered with the single-use token
/// the notification carried (no session needed: the desk may be closed).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct BatonPushAnswerBody {
    /// `$_type`: `"BatonPushAnswerBody"` (optional).
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema))]
    #[cfg_attr(feature = "ts", tsify(optional, type = "\"BatonPushAnswerBody\""))]
    pub kind: Tag<Self>,
    /// The notification's `answerToken`.
    pub token: Secret,
    /// One of the notification's two actions.
    pub response: DelegationResponse,
}

/// One action of a notification: the answer it sends and its label in the device's language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct BatonPushAction {
    /// The answer (`ACCEPT`, `DECLINE`, `IGNORE`, `LATER`), also the notification action's id.
    pub action: DelegationResponse,
    /// Its label.
    pub title: String,
}

/// What the agent service worker receives (decrypted), by `type`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum BatonPushMessage {
    /// A delegated request asks this deputy: show it with its two actions.
    #[serde(rename_all = "camelCase")]
    DeputyDelegation {
        /// The notification's tag (also the push `Topic`): the same for the request's close.
        tag: String,
        /// Title, in the device's language.
        title: String,
        /// Body, in the device's language.
        body: String,
        /// Exactly the two configured actions.
        actions: Vec<BatonPushAction>,
        /// The delegated request.
        invitation_id: InvitationId,
        /// Its conversation.
        conversation_id: ConversationId,
        /// Sent with an action to [`answer_url`](Self::DeputyDelegation::answer_url); valid
        /// once, for this request, this deputy and these actions, until `expires_at`.
        answer_token: Secret,
        /// Where an action is sent (`POST`, [`BatonPushAnswerBody`]).
        answer_url: String,
        /// When the token stops answering.
        expires_at: Timestamp,
    },
    /// The request closed (accepted, declined, revoked): close its notification.
    Close {
        /// The tag of the notification to close.
        tag: String,
    },
    /// A test notification the agent asked for.
    Test {
        /// Its tag.
        tag: String,
        /// Title, in the device's language.
        title: String,
        /// Body, in the device's language.
        body: String,
    },
}

tagged!(
    BatonPushSubscriptionBody,
    BatonPushSubscription,
    BatonPushAnswerBody
);

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_browsers_subscription_json_is_read_as_it_comes() {
        let body: BatonPushSubscriptionBody = serde_json::from_value(json!({
            "endpoint": "https://push.example/abc",
            "expirationTime": null,
            "keys": {"p256dh": "BPk", "auth": "c2VjcmV0"}
        }))
        .unwrap();
        assert_eq!(body.endpoint, "https://push.example/abc");
        assert_eq!(body.keys.auth.expose(), "c2VjcmV0");
        assert!(
            !format!("{body:?}").contains("c2VjcmV0"),
            "the secret stays out of logs"
        );
        assert_eq!(body.locale, None);
    }

    #[test]
    fn messages_say_their_type() {
        let close = serde_json::to_value(BatonPushMessage::Close { tag: "t".into() }).unwrap();
        assert_eq!(close, json!({"type": "close", "tag": "t"}));
        let back: BatonPushMessage =
            serde_json::from_value(json!({"type": "test", "tag": "x", "title": "T", "body": "B"}))
                .unwrap();
        assert!(matches!(back, BatonPushMessage::Test { .. }));
    }
}
