//! Signing in and out: Unblu's `authenticator/login`, `authenticator/logout` and
//! `authenticator/loginWithSecureToken`, and Baton's sessions (`GET /baton/v1/session`,
//! `POST /baton/v1/sessions/revokeAll`, and resuming the session the transport holds). Each
//! switches the client's [`Auth`] as its answer says.
//!
//! Only this group's methods live here: the request plumbing (credentials, idempotency keys,
//! errors) is `mod.rs`'s, redeeming a PIN or link (which signs a visitor in too) is in
//! `baton.rs`, and the other routes are in their group's file.

use baton_core::directory::PersonType;

use super::{ApiError, Auth, CSRF_HEADER, Client, Json, Response, SessionKeys, Transport, decode};
use crate::operation::{baton, v4};
use crate::wire::Secret;
use crate::wire::auth::{
    AuthenticatorLoginBody, AuthenticatorLogoutBody, LoginResult, SecureTokenRequest,
};
use crate::wire::baton::{BatonRevokeSessionsBody, BatonSession};

impl<T: Transport> Client<T> {
    /// `authenticator/login`: on success the transport keeps the session cookie and this
    /// client switches to [`Auth::Session`] with the token of the `X-CSRF-Token` header.
    pub async fn authenticator_login(
        &self,
        body: &AuthenticatorLoginBody,
    ) -> Result<LoginResult, ApiError> {
        let response = self
            .exchange(v4::AUTHENTICATOR_LOGIN.target(&[]), Vec::new(), Some(body))
            .await?;
        let result: LoginResult = decode(&response)?;
        if result.success {
            self.adopt_session_from(&response);
        }
        Ok(result)
    }

    /// `authenticator/logout`: this client goes back to [`Auth::None`].
    pub async fn authenticator_logout(
        &self,
        body: &AuthenticatorLogoutBody,
    ) -> Result<(), ApiError> {
        self.call_empty(v4::AUTHENTICATOR_LOGOUT.target(&[]), Some(body))
            .await?;
        self.set_auth(Auth::None);
        Ok(())
    }

    /// `POST /baton/v1/sessions/revokeAll`: signs the caller out everywhere (the
    /// administrator: the person named), ending their sessions and event streams.
    pub async fn sessions_revoke_all(
        &self,
        body: &BatonRevokeSessionsBody,
    ) -> Result<(), ApiError> {
        self.call_empty(baton::SESSIONS_REVOKE_ALL.target(&[]), Some(body))
            .await?;
        if body.person_id.is_none() {
            self.set_auth(Auth::None);
        }
        Ok(())
    }

    /// `authenticator/loginWithSecureToken`: a bank customer signs in with the JWT the bank
    /// issued; this client switches to the new session.
    pub async fn login_with_secure_token(&self, body: &SecureTokenRequest) -> Result<(), ApiError> {
        let response = self
            .exchange(
                v4::AUTHENTICATOR_LOGIN_WITH_SECURE_TOKEN.target(&[]),
                Vec::new(),
                Some(body),
            )
            .await?;
        self.adopt_session_from(&response);
        Ok(())
    }

    /// `GET /baton/v1/session`: who is signed in, with the CSRF token.
    pub async fn session(&self) -> Result<BatonSession, ApiError> {
        self.session_json().await?.decode()
    }

    /// [`Client::session`], unread.
    pub async fn session_json(&self) -> Result<Json<BatonSession>, ApiError> {
        self.call_json::<(), _>(baton::SESSION.target(&[]), None)
            .await
    }

    /// Adopts the session the transport already holds (a page reload) if it is a
    /// `person_type` one, and answers whether it did: `false` when nobody (401), or someone
    /// of the other kind, is signed in (a visitor never acts with an agent's session, nor
    /// the reverse).
    pub async fn resume_session(&self, person_type: PersonType) -> Result<bool, ApiError> {
        let session = match self.session_json().await {
            Ok(session) => session,
            Err(error) if error.status() == Some(401) => return Ok(false),
            Err(error) => return Err(error),
        };
        let keys: SessionKeys = decode(&session.response)?;
        let adopted = keys.person_type == person_type;
        if adopted {
            self.set_auth(Auth::Session {
                csrf_token: keys.csrf_token,
            });
        }
        Ok(adopted)
    }

    /// Adopts the session whose CSRF token `response` carries in [`CSRF_HEADER`].
    fn adopt_session_from(&self, response: &Response) {
        if let Some(token) = response.header(CSRF_HEADER) {
            self.set_auth(Auth::Session {
                csrf_token: Secret::new(token.to_owned()),
            });
        }
    }
}
