//! Web push to deputies' devices (RFC 8030 push, RFC 8291 `aes128gcm` encryption, RFC 8292
//! VAPID): the `[web_push]` settings, the server's VAPID key (`vapid`), agents' devices
//! (`subscriptions`), the single-use tokens notification actions answer with (`answers`), and
//! the outbox that derives one push per device from the log and sends it (`delivery`).
//!
//! Encryption and VAPID signing are `web-push-native`'s (RustCrypto, no OpenSSL); the HTTP
//! request is sent with the server's reqwest under the same egress policy as webhooks. What a
//! push says and when one is due is `notices`'s, from the recorded events, like e-mails.

pub mod answers;
pub mod delivery;
pub mod subscriptions;
pub mod vapid;

use serde::Deserialize;

use crate::egress::Egress;

pub use answers::{AnswerError, AnswerTokens};
pub use delivery::{PushOutbox, run_push_delivery};
pub use subscriptions::{PushSubscriptions, Subscription};
pub use vapid::Vapid;

/// The `[web_push]` table.
///
/// ```toml
/// [web_push]
/// vapid_private_key = "..."   # base64url P-256 scalar; else generated once, kept in the database
/// subject = "mailto:operations@bank.example"   # the VAPID contact (default: the public URL)
/// ttl_seconds = 3600          # how long a push service keeps an undelivered notification
/// allow_insecure_endpoints = false   # tests: http:// push services on loopback
/// ```
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct PushSettings {
    /// The VAPID private key (the 32-byte P-256 scalar, base64url). Without it, one is generated
    /// on first start and kept in the database (instances sharing it share the key). Changing
    /// it invalidates every device's subscription (browsers bind them to the key).
    pub vapid_private_key: Option<String>,
    /// The contact push services may write to (`mailto:` or `https:`), sent as VAPID `sub`.
    /// Default: the server's public URL.
    pub subject: Option<String>,
    /// How long a push service keeps a notification for a device that is offline (`TTL`).
    pub ttl_seconds: u64,
    /// Accept `http://` push endpoints on loopback addresses (a test's push service), and
    /// deliver to non-public addresses. Never in production.
    pub allow_insecure_endpoints: bool,
}

impl Default for PushSettings {
    fn default() -> Self {
        Self {
            vapid_private_key: None,
            subject: None,
            ttl_seconds: 3600,
            allow_insecure_endpoints: false,
        }
    }
}

impl PushSettings {
    /// Where push requests may go: public addresses only, unless insecure endpoints are on.
    pub fn egress(&self) -> Egress {
        Egress {
            allow_private_networks: self.allow_insecure_endpoints,
        }
    }
}

/// Why a web push operation failed.
#[derive(Debug, thiserror::Error)]
pub enum PushError {
    /// The subscription is not usable; the message says why (shown to the caller).
    #[error("{0}")]
    InvalidSubscription(String),
    /// The configured VAPID key or subject is not usable.
    #[error("[web_push]: {0}")]
    InvalidSettings(String),
    /// The database failed.
    #[error(transparent)]
    Database(#[from] sqlx::Error),
    /// A message could not be encoded.
    #[error("payload: {0}")]
    Json(#[from] serde_json::Error),
}
