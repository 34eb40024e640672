//! The server's VAPID key pair (RFC 8292): from `[web_push] vapid_private_key`, or generated
//! once and kept in the database (`push_vapid_key`), so that every instance and every restart
//! signs with the key browsers subscribed to, and the VAPID `Authorization` header it signs.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use std::time::Duration;

use web_push_native::jwt_simple::algorithms::{
    ECDSAP256KeyPairLike, ECDSAP256PublicKeyLike, ES256KeyPair,
};
use web_push_native::jwt_simple::claims::Claims;

use super::{PushError, PushSettings};
use crate::database::Pool;

/// The key pair and the contact push services see.
pub struct Vapid {
    key: ES256KeyPair,
    public_key: String,
    subject: String,
}

impl std::fmt::Debug for Vapid {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Vapid")
            .field("public_key", &self.public_key)
            .field("subject", &self.subject)
            .finish_non_exhaustive()
    }
}

impl Vapid {
    /// The configured key, else the one kept in the database, else a new one kept there (the
    /// first instance to store one wins; the others read it). `public_url` is the contact when
    /// none is configured.
    pub async fn load(
        pool: &Pool,
        settings: &PushSettings,
        public_url: &str,
    ) -> Result<Self, PushError> {
        let private = match &settings.vapid_private_key {
            Some(configured) => configured.clone(),
            None => stored_or_new(pool).await?,
        };
        let key = URL_SAFE_NO_PAD
            .decode(private.trim())
            .ok()
            .and_then(|raw| ES256KeyPair::from_bytes(&raw).ok())
            .ok_or_else(|| {
                PushError::InvalidSettings(
                    "vapid_private_key is not a base64url P-256 private key".into(),
                )
            })?;
        let subject = settings
            .subject
            .clone()
            .unwrap_or_else(|| public_url.to_owned());
        if !(subject.starts_with("mailto:") || subject.starts_with("https://")) {
            // Push services refuse other contacts; a plain-HTTP public URL (a test, the demo)
            // is sent as it is, as no push service reachable from there checks it.
            tracing::debug!(%subject, "the VAPID subject is neither mailto: nor https:");
        }
        let public_key =
            URL_SAFE_NO_PAD.encode(key.public_key().public_key().to_bytes_uncompressed());
        Ok(Self {
            key,
            public_key,
            subject,
        })
    }

    /// The uncompressed public key, base64url: browsers' `applicationServerKey`.
    pub fn public_key(&self) -> &str {
        &self.public_key
    }

    /// The `Authorization` header of a push to `endpoint`: `vapid t=<ES256 JWT>, k=<key>`,
    /// the token valid for `valid_for` (RFC 8292 caps it at a day) and addressed to the push
    /// service's origin, port included (`web-push-native`'s own header leaves a port out, which
    /// only services on the default port accept).
    pub fn authorization(
        &self,
        endpoint: &url::Url,
        valid_for: Duration,
    ) -> Result<String, PushError> {
        let claims = Claims::create(valid_for.into())
            .with_audience(endpoint.origin().ascii_serialization())
            .with_subject(&self.subject);
        let token = self
            .key
            .sign(claims)
            .map_err(|e| PushError::InvalidSettings(format!("signing the VAPID token: {e}")))?;
        Ok(format!("vapid t={token}, k={}", self.public_key))
    }
}

/// The key kept in the database, or a new one stored there first.
async fn stored_or_new(pool: &Pool) -> Result<String, PushError> {
    let fresh = URL_SAFE_NO_PAD.encode(ES256KeyPair::generate().to_bytes());
    sqlx::query(
        "INSERT INTO push_vapid_key (id, private_key) VALUES (1, $1) ON CONFLICT DO NOTHING",
    )
    .bind(&fresh)
    .execute(pool)
    .await?;
    Ok(
        sqlx::query_scalar("SELECT private_key FROM push_vapid_key WHERE id = 1")
            .fetch_one(pool)
            .await?,
    )
}
