//! Sign-in on the wire: `authenticator/login`'s `AuthenticatorLoginBody` and `LoginResult`,
//! `authenticator/logout`'s `AuthenticatorLogoutBody`, and
//! `authenticator/loginWithSecureToken`'s `SecureTokenRequest` (the bank-signed JWT).
//!
//! Passwords and tokens are [`Secret`]s. Who is signed in afterwards (Baton's session view)
//! is `baton::BatonSession`; verifying credentials is the server's job, not this module's.

use serde::{Deserialize, Serialize};

use crate::wire::Secret;
use crate::wire::shape::{Tag, tagged};

/// Unblu's `AuthenticatorLoginBody` (no `$_type` in the spec).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct AuthenticatorLoginBody {
    /// Sign-in name.
    pub username: String,
    /// Password.
    pub password: Secret,
    /// Where to redirect after success.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub redirect_on_success: Option<String>,
    /// Where to redirect after failure.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub redirect_on_failure: Option<String>,
}

/// Unblu's `LoginResult`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct LoginResult {
    /// `$_type`: `"LoginResult"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"LoginResult\""))]
    pub kind: Tag<Self>,
    /// Whether the sign-in succeeded (and a session cookie was set).
    pub success: bool,
}

impl LoginResult {
    /// The result with this outcome.
    pub fn new(success: bool) -> Self {
        Self {
            kind: Tag::new(),
            success,
        }
    }
}

/// Unblu's `AuthenticatorLogoutBody`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct AuthenticatorLogoutBody {
    /// Where to redirect afterwards.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub redirect_on_success: Option<String>,
}

/// Unblu's `ESecureTokenType`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum SecureTokenType {
    /// A JWT signed by the bank (what Baton accepts).
    Jwt,
    /// An OpenID Connect access token.
    OidcAccessToken,
}

/// Unblu's `SecureTokenRequest`: the body of `authenticator/loginWithSecureToken`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct SecureTokenRequest {
    /// `$_type`: `"SecureTokenRequest"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"SecureTokenRequest\""))]
    pub kind: Tag<Self>,
    /// The signed token.
    pub token: Secret,
    /// What kind of token.
    #[serde(rename = "type")]
    pub token_type: SecureTokenType,
}

impl SecureTokenRequest {
    /// A request to sign in with a bank-signed JWT.
    pub fn jwt(token: Secret) -> Self {
        Self {
            kind: Tag::new(),
            token,
            token_type: SecureTokenType::Jwt,
        }
    }
}

tagged!(LoginResult, SecureTokenRequest);

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn the_login_example_of_the_spec_is_read_and_the_password_never_printed() {
        let body: AuthenticatorLoginBody = serde_json::from_value(json!({
            "username": "r@email.com",
            "password": "L0remPf18!",
            "redirectOnSuccess": null,
            "redirectOnFailure": null
        }))
        .unwrap();
        assert_eq!(body.username, "r@email.com");
        assert_eq!(body.password.expose(), "L0remPf18!");
        assert!(!format!("{body:?}").contains("L0rem"));
        assert_eq!(
            serde_json::to_value(&body).unwrap(),
            json!({"username": "r@email.com", "password": "L0remPf18!"})
        );
        assert_eq!(
            serde_json::to_value(LoginResult::new(true)).unwrap(),
            json!({"$_type": "LoginResult", "success": true})
        );
        let logout: AuthenticatorLogoutBody =
            serde_json::from_value(json!({"redirectOnSuccess": "https://unblu.com/"})).unwrap();
        assert_eq!(
            logout.redirect_on_success.as_deref(),
            Some("https://unblu.com/")
        );
    }

    #[test]
    fn a_secure_token_request_round_trips_and_checks_its_type() {
        let request = SecureTokenRequest::jwt(Secret::new("eyJhbGciOi.x.y"));
        let json = serde_json::to_value(&request).unwrap();
        assert_eq!(
            json,
            json!({"$_type": "SecureTokenRequest", "token": "eyJhbGciOi.x.y", "type": "JWT"})
        );
        assert_eq!(
            serde_json::from_value::<SecureTokenRequest>(json).unwrap(),
            request
        );
        assert!(!format!("{request:?}").contains("eyJ"));
        assert!(
            serde_json::from_value::<SecureTokenRequest>(
                json!({"$_type": "LoginResult", "token": "t", "type": "JWT"})
            )
            .is_err()
        );
        assert!(
            serde_json::from_value::<SecureTokenRequest>(json!({"token": "t", "type": "SAML"}))
                .is_err()
        );
    }
}
