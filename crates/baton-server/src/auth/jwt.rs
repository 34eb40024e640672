//! Signed JWTs from a bank's backend, which sign its customers in as visitors
//! (`authenticator/loginWithSecureToken`): verification against the configured keys, and
//! minting HS256 tokens for the demo bank and the tests.
//!
//! Only token checking lives here: finding or creating the visitor is the caller's. The
//! algorithm of a token must be one the bank configured a key for (HS256, RS256, EdDSA), and
//! each algorithm has its own key, so a token can never be checked with a key of another kind
//! (no `none`, no HS256 "signed" with the RSA public key). Expiry is checked against the
//! caller's `now`, never the system clock. A token must carry a `jti` and live at most the
//! configured lifetime; refusing a `jti` seen before (replay) is the caller's, which keeps
//! the ids. RSA keys have at least 2048 bits.

use std::collections::HashSet;

use baton_core::Timestamp;
use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

/// Shortest HS256 secret accepted: 256 bits, as RFC 7518 §3.2 requires.
const MIN_HS256_SECRET_BYTES: usize = 32;
/// Smallest RSA modulus accepted, in bits (NIST SP 800-131A).
const MIN_RSA_BITS: usize = 2048;
/// Longest `jti` kept.
const MAX_JTI_CHARS: usize = 255;

fn default_leeway() -> u64 {
    30
}

fn default_max_lifetime() -> u64 {
    600
}

/// Which keys sign visitors' tokens, and what the tokens must say. TOML keys are snake_case.
#[derive(Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct JwtSettings {
    /// Shared secret for HS256 tokens (at least 32 bytes), if the bank uses HS256.
    #[serde(default)]
    pub hs256_secret: Option<String>,
    /// PEM public key (SPKI or PKCS#1) for RS256 tokens, if the bank uses RS256.
    #[serde(default)]
    pub rs256_public_key_pem: Option<String>,
    /// PEM public key (SPKI) for EdDSA (Ed25519) tokens, if the bank uses EdDSA.
    #[serde(default)]
    pub eddsa_public_key_pem: Option<String>,
    /// The required `iss` claim.
    pub issuer: String,
    /// The required `aud` claim (a token may list several audiences; this must be one).
    pub audience: String,
    /// Clock skew tolerated on `exp` and `nbf`, in seconds (default 30).
    #[serde(default = "default_leeway")]
    pub leeway_seconds: u64,
    /// Longest lifetime accepted (`exp` - `iat`, or `exp` - now without `iat`), in seconds
    /// (default 600): a token is a one-time sign-in, not a credential to keep.
    #[serde(default = "default_max_lifetime")]
    pub max_lifetime_seconds: u64,
}

// The HS256 secret stays out of logs.
impl std::fmt::Debug for JwtSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JwtSettings")
            .field("hs256", &self.hs256_secret.is_some())
            .field("rs256", &self.rs256_public_key_pem.is_some())
            .field("eddsa", &self.eddsa_public_key_pem.is_some())
            .field("issuer", &self.issuer)
            .field("audience", &self.audience)
            .field("leeway_seconds", &self.leeway_seconds)
            .field("max_lifetime_seconds", &self.max_lifetime_seconds)
            .finish()
    }
}

/// Who a verified token signs in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VisitorClaims {
    /// `sub`: the bank's stable id of its customer.
    pub subject: String,
    /// `name`, if the bank sent one.
    pub name: Option<String>,
    /// `email`, if the bank sent one.
    pub email: Option<String>,
    /// `exp`: the token is no longer accepted from then on (plus leeway).
    pub expires_at: Timestamp,
    /// `jti`: the token's id, to be refused when it comes again before `expires_at`.
    pub token_id: String,
}

/// What [`mint_hs256`] puts in a token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IssuedClaims {
    /// `iss`.
    pub issuer: String,
    /// `aud`.
    pub audience: String,
    /// `sub`.
    pub subject: String,
    /// `name`.
    pub name: Option<String>,
    /// `email`.
    pub email: Option<String>,
    /// `iat` (whole seconds are kept).
    pub issued_at: Timestamp,
    /// `exp` (whole seconds are kept).
    pub expires_at: Timestamp,
    /// `jti`: unique per token.
    pub token_id: String,
}

/// Why a token was refused, or a verifier could not be built.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum JwtError {
    /// The settings name no key at all.
    #[error("no JWT key is configured")]
    NoKeyConfigured,
    /// A configured key cannot be used.
    #[error("the {0} key cannot be used: {1}")]
    InvalidKey(&'static str, String),
    /// Not a JWT (three base64url parts with JSON header and claims of the right types).
    #[error("malformed token")]
    Malformed,
    /// The token's algorithm is not one a key is configured for (this includes `none`).
    #[error("algorithm not accepted")]
    UnsupportedAlgorithm,
    /// The signature does not match the configured key.
    #[error("bad signature")]
    BadSignature,
    /// `iss` is not the configured issuer.
    #[error("wrong issuer")]
    WrongIssuer,
    /// `aud` does not contain the configured audience.
    #[error("wrong audience")]
    WrongAudience,
    /// A required claim (`sub`, `iss`, `aud`, `exp`) is missing.
    #[error("missing claim {0}")]
    MissingClaim(String),
    /// `exp` has passed.
    #[error("token expired")]
    Expired,
    /// `nbf` is still ahead.
    #[error("token not yet valid")]
    NotYetValid,
    /// `exp` is further from `iat` (or now) than the configured maximum lifetime.
    #[error("the token lives longer than {0} s")]
    LifetimeTooLong(u64),
    /// `jti` is longer than 255 characters.
    #[error("the jti is longer than 255 characters")]
    TokenIdTooLong,
    /// A claim that names a person has control characters.
    #[error("the {0} claim has control characters")]
    ControlCharacters(&'static str),
    /// Signing failed (only when minting).
    #[error("signing: {0}")]
    Signing(String),
}

/// The claims Baton reads; others are ignored. `sub` and `exp` are optional here only so that
/// their absence is reported as a missing claim rather than a malformed token.
#[derive(Deserialize)]
struct ReadClaims {
    #[serde(default)]
    sub: Option<String>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    email: Option<String>,
    #[serde(default)]
    exp: Option<i64>,
    #[serde(default)]
    nbf: Option<i64>,
    #[serde(default)]
    iat: Option<i64>,
    #[serde(default)]
    jti: Option<String>,
}

#[derive(Serialize)]
struct WrittenClaims<'a> {
    iss: &'a str,
    aud: &'a str,
    sub: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    email: Option<&'a str>,
    iat: i64,
    exp: i64,
    jti: &'a str,
}

fn seconds(at: Timestamp) -> i64 {
    at.as_millis().div_euclid(1000)
}

fn millis(seconds: i64) -> Timestamp {
    Timestamp(seconds.saturating_mul(1000))
}

fn token_error(error: &jsonwebtoken::errors::Error) -> JwtError {
    match error.kind() {
        ErrorKind::InvalidSignature => JwtError::BadSignature,
        ErrorKind::InvalidIssuer => JwtError::WrongIssuer,
        ErrorKind::InvalidAudience => JwtError::WrongAudience,
        ErrorKind::MissingRequiredClaim(claim) => JwtError::MissingClaim(claim.clone()),
        ErrorKind::ExpiredSignature => JwtError::Expired,
        ErrorKind::ImmatureSignature => JwtError::NotYetValid,
        ErrorKind::InvalidAlgorithm
        | ErrorKind::InvalidAlgorithmName
        | ErrorKind::UnsupportedAlgorithm
        | ErrorKind::MissingAlgorithm => JwtError::UnsupportedAlgorithm,
        _ => JwtError::Malformed,
    }
}

/// Checks visitors' tokens against the configured keys.
pub struct JwtVerifier {
    hs256: Option<DecodingKey>,
    rs256: Option<DecodingKey>,
    eddsa: Option<DecodingKey>,
    issuer: String,
    audience: String,
    leeway_seconds: i64,
    max_lifetime_seconds: i64,
}

impl std::fmt::Debug for JwtVerifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JwtVerifier")
            .field("hs256", &self.hs256.is_some())
            .field("rs256", &self.rs256.is_some())
            .field("eddsa", &self.eddsa.is_some())
            .field("issuer", &self.issuer)
            .field("audience", &self.audience)
            .finish_non_exhaustive()
    }
}

impl JwtVerifier {
    /// Builds a verifier; fails if no key is configured or a key is unusable.
    pub fn new(settings: &JwtSettings) -> Result<Self, JwtError> {
        let hs256 = match &settings.hs256_secret {
            Some(secret) if secret.len() < MIN_HS256_SECRET_BYTES => {
                return Err(JwtError::InvalidKey(
                    "HS256",
                    format!("the secret must have at least {MIN_HS256_SECRET_BYTES} bytes"),
                ));
            }
            Some(secret) => Some(DecodingKey::from_secret(secret.as_bytes())),
            None => None,
        };
        let rs256 = settings
            .rs256_public_key_pem
            .as_deref()
            .map(|pem| {
                let bits = rsa_bits(pem)?;
                if bits < MIN_RSA_BITS {
                    return Err(format!(
                        "the key has {bits} bits; at least {MIN_RSA_BITS} are required"
                    ));
                }
                DecodingKey::from_rsa_pem(pem.as_bytes()).map_err(|e| e.to_string())
            })
            .transpose()
            .map_err(|e| JwtError::InvalidKey("RS256", e))?;
        let eddsa = settings
            .eddsa_public_key_pem
            .as_deref()
            .map(|pem| DecodingKey::from_ed_pem(pem.as_bytes()))
            .transpose()
            .map_err(|e| JwtError::InvalidKey("EdDSA", e.to_string()))?;
        if hs256.is_none() && rs256.is_none() && eddsa.is_none() {
            return Err(JwtError::NoKeyConfigured);
        }
        Ok(Self {
            hs256,
            rs256,
            eddsa,
            issuer: settings.issuer.clone(),
            audience: settings.audience.clone(),
            leeway_seconds: i64::try_from(settings.leeway_seconds).unwrap_or(i64::MAX),
            max_lifetime_seconds: i64::try_from(settings.max_lifetime_seconds).unwrap_or(i64::MAX),
        })
    }

    /// Verifies `token` at `now`: algorithm, signature, `iss`, `aud`, `exp`, `jti`, the
    /// lifetime, `nbf` if present, and that `sub` and `name` have no control characters.
    pub fn verify(&self, token: &str, now: Timestamp) -> Result<VisitorClaims, JwtError> {
        let header = jsonwebtoken::decode_header(token).map_err(|e| token_error(&e))?;
        let key = match header.alg {
            Algorithm::HS256 => self.hs256.as_ref(),
            Algorithm::RS256 => self.rs256.as_ref(),
            Algorithm::EdDSA => self.eddsa.as_ref(),
            _ => None,
        }
        .ok_or(JwtError::UnsupportedAlgorithm)?;

        let mut validation = Validation::new(header.alg);
        validation.required_spec_claims = ["sub", "iss", "aud", "exp", "jti"]
            .into_iter()
            .map(String::from)
            .collect::<HashSet<_>>();
        validation.set_issuer(&[&self.issuer]);
        validation.set_audience(&[&self.audience]);
        // Time is checked below against the caller's clock, not the system's.
        validation.validate_exp = false;
        validation.validate_nbf = false;
        let claims = jsonwebtoken::decode::<ReadClaims>(token, key, &validation)
            .map_err(|e| token_error(&e))?
            .claims;
        let subject = claims.sub.ok_or(JwtError::MissingClaim("sub".into()))?;
        let exp = claims.exp.ok_or(JwtError::MissingClaim("exp".into()))?;
        let token_id = claims
            .jti
            .filter(|jti| !jti.is_empty())
            .ok_or(JwtError::MissingClaim("jti".into()))?;
        if token_id.chars().count() > MAX_JTI_CHARS {
            return Err(JwtError::TokenIdTooLong);
        }
        let has_control = |text: &str| text.chars().any(char::is_control);
        if has_control(&subject) {
            return Err(JwtError::ControlCharacters("sub"));
        }
        if claims.name.as_deref().is_some_and(has_control) {
            return Err(JwtError::ControlCharacters("name"));
        }

        let now = seconds(now);
        if now >= exp.saturating_add(self.leeway_seconds) {
            return Err(JwtError::Expired);
        }
        let issued = claims.iat.map_or(now, |iat| iat.min(now));
        if exp.saturating_sub(issued) > self.max_lifetime_seconds {
            return Err(JwtError::LifetimeTooLong(
                u64::try_from(self.max_lifetime_seconds).unwrap_or(0),
            ));
        }
        if claims
            .nbf
            .is_some_and(|nbf| now.saturating_add(self.leeway_seconds) < nbf)
        {
            return Err(JwtError::NotYetValid);
        }
        Ok(VisitorClaims {
            subject,
            name: claims.name,
            email: claims.email,
            expires_at: millis(exp),
            token_id,
        })
    }
}

/// The size in bits of the RSA public key in `pem` (SPKI or PKCS#1).
fn rsa_bits(pem: &str) -> Result<usize, String> {
    use rsa::pkcs1::DecodeRsaPublicKey;
    use rsa::pkcs8::DecodePublicKey;
    use rsa::traits::PublicKeyParts;
    let key = rsa::RsaPublicKey::from_public_key_pem(pem)
        .or_else(|_| rsa::RsaPublicKey::from_pkcs1_pem(pem))
        .map_err(|e| format!("not an RSA public key: {e}"))?;
    Ok(key.n().bits())
}

/// Signs `claims` as an HS256 JWT with `secret` (the demo bank's backend, tests).
pub fn mint_hs256(secret: &str, claims: &IssuedClaims) -> Result<String, JwtError> {
    let written = WrittenClaims {
        iss: &claims.issuer,
        aud: &claims.audience,
        sub: &claims.subject,
        name: claims.name.as_deref(),
        email: claims.email.as_deref(),
        iat: seconds(claims.issued_at),
        exp: seconds(claims.expires_at),
        jti: &claims.token_id,
    };
    jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        &written,
        &EncodingKey::from_secret(secret.as_bytes()),
    )
    .map_err(|e| JwtError::Signing(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;

    const SECRET: &str = "the-demo-bank-shares-this-secret-with-baton";
    const RS_PRIVATE: &str = include_str!("../../tests/fixtures/rs256-private.pem");
    const RS_PUBLIC: &str = include_str!("../../tests/fixtures/rs256-public.pem");
    const ED_PRIVATE: &str = include_str!("../../tests/fixtures/eddsa-private.pem");
    const ED_PUBLIC: &str = include_str!("../../tests/fixtures/eddsa-public.pem");
    const ED_OTHER_PRIVATE: &str = include_str!("../../tests/fixtures/eddsa-other-private.pem");

    /// 2030-01-01T00:00:00Z.
    const NOW: Timestamp = Timestamp(1_893_456_000_000);

    fn settings() -> JwtSettings {
        JwtSettings {
            hs256_secret: None,
            rs256_public_key_pem: None,
            eddsa_public_key_pem: None,
            issuer: "https://bank.example".into(),
            audience: "baton".into(),
            leeway_seconds: 30,
            max_lifetime_seconds: 600,
        }
    }

    fn hs_verifier() -> JwtVerifier {
        JwtVerifier::new(&JwtSettings {
            hs256_secret: Some(SECRET.into()),
            ..settings()
        })
        .unwrap()
    }

    fn rs_verifier() -> JwtVerifier {
        JwtVerifier::new(&JwtSettings {
            rs256_public_key_pem: Some(RS_PUBLIC.into()),
            ..settings()
        })
        .unwrap()
    }

    fn ed_verifier() -> JwtVerifier {
        JwtVerifier::new(&JwtSettings {
            eddsa_public_key_pem: Some(ED_PUBLIC.into()),
            ..settings()
        })
        .unwrap()
    }

    fn claims() -> IssuedClaims {
        IssuedClaims {
            issuer: "https://bank.example".into(),
            audience: "baton".into(),
            subject: "customer-42".into(),
            name: Some("Vera Visitor".into()),
            email: Some("vera@bank.example".into()),
            issued_at: NOW,
            expires_at: NOW.plus_seconds(300),
            token_id: "token-1".into(),
        }
    }

    fn sign(alg: Algorithm, key: &EncodingKey, claims: &serde_json::Value) -> String {
        jsonwebtoken::encode(&Header::new(alg), claims, key).unwrap()
    }

    fn payload() -> serde_json::Value {
        serde_json::json!({
            "iss": "https://bank.example",
            "aud": "baton",
            "sub": "customer-42",
            "exp": seconds(NOW) + 300,
            "jti": "token-1",
        })
    }

    fn rs_key() -> EncodingKey {
        EncodingKey::from_rsa_pem(RS_PRIVATE.as_bytes()).unwrap()
    }

    fn ed_key(pem: &str) -> EncodingKey {
        EncodingKey::from_ed_pem(pem.as_bytes()).unwrap()
    }

    #[test]
    fn a_minted_hs256_token_verifies_with_all_its_claims() {
        let token = mint_hs256(SECRET, &claims()).unwrap();
        let visitor = hs_verifier().verify(&token, NOW).unwrap();
        assert_eq!(
            visitor,
            VisitorClaims {
                subject: "customer-42".into(),
                name: Some("Vera Visitor".into()),
                email: Some("vera@bank.example".into()),
                expires_at: NOW.plus_seconds(300),
                token_id: "token-1".into(),
            }
        );
    }

    #[test]
    fn rs256_and_eddsa_tokens_verify_with_their_public_keys() {
        let rs = sign(Algorithm::RS256, &rs_key(), &payload());
        assert_eq!(
            rs_verifier().verify(&rs, NOW).unwrap().subject,
            "customer-42"
        );
        let ed = sign(Algorithm::EdDSA, &ed_key(ED_PRIVATE), &payload());
        let visitor = ed_verifier().verify(&ed, NOW).unwrap();
        assert_eq!(visitor.subject, "customer-42");
        assert_eq!(visitor.name, None);
    }

    #[test]
    fn a_token_signed_with_another_key_is_refused() {
        let other = mint_hs256("another-secret-that-is-long-enough!!", &claims()).unwrap();
        assert_eq!(
            hs_verifier().verify(&other, NOW),
            Err(JwtError::BadSignature)
        );
        let ed = sign(Algorithm::EdDSA, &ed_key(ED_OTHER_PRIVATE), &payload());
        assert_eq!(ed_verifier().verify(&ed, NOW), Err(JwtError::BadSignature));
    }

    #[test]
    fn a_tampered_payload_is_refused() {
        let token = sign(Algorithm::RS256, &rs_key(), &payload());
        let mut parts: Vec<String> = token.split('.').map(String::from).collect();
        let mut forged = payload();
        forged["sub"] = "someone-else".into();
        parts[1] = URL_SAFE_NO_PAD.encode(forged.to_string());
        assert_eq!(
            rs_verifier().verify(&parts.join("."), NOW),
            Err(JwtError::BadSignature)
        );
    }

    #[test]
    fn wrong_issuer_and_audience_are_refused() {
        let verifier = hs_verifier();
        let wrong_iss = IssuedClaims {
            issuer: "https://evil.example".into(),
            ..claims()
        };
        let token = mint_hs256(SECRET, &wrong_iss).unwrap();
        assert_eq!(verifier.verify(&token, NOW), Err(JwtError::WrongIssuer));
        let wrong_aud = IssuedClaims {
            audience: "someone-else".into(),
            ..claims()
        };
        let token = mint_hs256(SECRET, &wrong_aud).unwrap();
        assert_eq!(verifier.verify(&token, NOW), Err(JwtError::WrongAudience));
    }

    #[test]
    fn an_audience_list_containing_baton_is_accepted() {
        let mut claims = payload();
        claims["aud"] = serde_json::json!(["portal", "baton"]);
        let token = sign(
            Algorithm::HS256,
            &EncodingKey::from_secret(SECRET.as_bytes()),
            &claims,
        );
        assert!(hs_verifier().verify(&token, NOW).is_ok());
    }

    #[test]
    fn expiry_is_checked_against_the_given_clock_with_leeway() {
        let verifier = hs_verifier();
        let token = mint_hs256(SECRET, &claims()).unwrap();
        let exp = NOW.plus_seconds(300);
        assert!(
            verifier.verify(&token, exp.plus_seconds(29)).is_ok(),
            "within leeway"
        );
        assert_eq!(
            verifier.verify(&token, exp.plus_seconds(30)),
            Err(JwtError::Expired)
        );
    }

    #[test]
    fn a_token_not_yet_valid_is_refused() {
        let mut claims = payload();
        claims["nbf"] = (seconds(NOW) + 60).into();
        let token = sign(
            Algorithm::HS256,
            &EncodingKey::from_secret(SECRET.as_bytes()),
            &claims,
        );
        let verifier = hs_verifier();
        assert_eq!(verifier.verify(&token, NOW), Err(JwtError::NotYetValid));
        assert!(
            verifier.verify(&token, NOW.plus_seconds(30)).is_ok(),
            "within leeway"
        );
    }

    #[test]
    fn missing_claims_are_refused() {
        for claim in ["sub", "iss", "aud", "exp", "jti"] {
            let mut claims = payload();
            claims.as_object_mut().unwrap().remove(claim);
            let token = sign(
                Algorithm::HS256,
                &EncodingKey::from_secret(SECRET.as_bytes()),
                &claims,
            );
            assert_eq!(
                hs_verifier().verify(&token, NOW),
                Err(JwtError::MissingClaim(claim.into())),
                "{claim}"
            );
        }
    }

    #[test]
    fn a_token_living_longer_than_the_maximum_is_refused() {
        let verifier = hs_verifier();
        let long = IssuedClaims {
            expires_at: NOW.plus_seconds(601),
            ..claims()
        };
        let token = mint_hs256(SECRET, &long).unwrap();
        assert_eq!(
            verifier.verify(&token, NOW),
            Err(JwtError::LifetimeTooLong(600))
        );
        // Without iat, the lifetime counts from now.
        let mut claims = payload();
        claims["exp"] = (seconds(NOW) + 3600).into();
        let token = sign(
            Algorithm::HS256,
            &EncodingKey::from_secret(SECRET.as_bytes()),
            &claims,
        );
        assert_eq!(
            verifier.verify(&token, NOW),
            Err(JwtError::LifetimeTooLong(600))
        );
        assert!(
            verifier.verify(&token, NOW.plus_seconds(3000)).is_ok(),
            "ten minutes before it expires"
        );
    }

    #[test]
    fn names_with_control_characters_and_overlong_ids_are_refused() {
        let verifier = hs_verifier();
        let mint = |change: &dyn Fn(&mut serde_json::Value)| {
            let mut claims = payload();
            change(&mut claims);
            sign(
                Algorithm::HS256,
                &EncodingKey::from_secret(SECRET.as_bytes()),
                &claims,
            )
        };
        let sub = mint(&|c| c["sub"] = "customer\n42".into());
        assert_eq!(
            verifier.verify(&sub, NOW),
            Err(JwtError::ControlCharacters("sub"))
        );
        let name = mint(&|c| c["name"] = "Vera\u{1b}[31m".into());
        assert_eq!(
            verifier.verify(&name, NOW),
            Err(JwtError::ControlCharacters("name"))
        );
        let jti = mint(&|c| c["jti"] = "x".repeat(256).into());
        assert_eq!(verifier.verify(&jti, NOW), Err(JwtError::TokenIdTooLong));
        let empty = mint(&|c| c["jti"] = "".into());
        assert_eq!(
            verifier.verify(&empty, NOW),
            Err(JwtError::MissingClaim("jti".into()))
        );
    }

    #[test]
    fn rsa_keys_shorter_than_2048_bits_are_refused() {
        let short = JwtSettings {
            rs256_public_key_pem: Some(
                include_str!("../../tests/fixtures/rs1024-public.pem").into(),
            ),
            ..settings()
        };
        let Err(JwtError::InvalidKey("RS256", why)) = JwtVerifier::new(&short) else {
            panic!("a 1024-bit key was accepted")
        };
        assert!(why.contains("1024 bits"), "{why}");
    }

    #[test]
    fn an_hs256_token_made_with_the_rsa_public_key_is_refused() {
        // The classic algorithm confusion: HMAC "signed" with the public key as secret.
        let forged = sign(
            Algorithm::HS256,
            &EncodingKey::from_secret(RS_PUBLIC.as_bytes()),
            &payload(),
        );
        assert_eq!(
            rs_verifier().verify(&forged, NOW),
            Err(JwtError::UnsupportedAlgorithm)
        );
        // With an HS256 secret configured too, the token meets that secret, not the RSA key.
        let both = JwtVerifier::new(&JwtSettings {
            hs256_secret: Some(SECRET.into()),
            rs256_public_key_pem: Some(RS_PUBLIC.into()),
            ..settings()
        })
        .unwrap();
        assert_eq!(both.verify(&forged, NOW), Err(JwtError::BadSignature));
    }

    #[test]
    fn an_eddsa_token_against_an_rs256_verifier_is_refused() {
        let ed = sign(Algorithm::EdDSA, &ed_key(ED_PRIVATE), &payload());
        assert_eq!(
            rs_verifier().verify(&ed, NOW),
            Err(JwtError::UnsupportedAlgorithm)
        );
    }

    #[test]
    fn unsigned_tokens_are_refused() {
        let header = URL_SAFE_NO_PAD.encode(r#"{"alg":"none","typ":"JWT"}"#);
        let body = URL_SAFE_NO_PAD.encode(payload().to_string());
        for token in [format!("{header}.{body}."), format!("{header}.{body}")] {
            assert!(matches!(
                hs_verifier().verify(&token, NOW),
                Err(JwtError::UnsupportedAlgorithm | JwtError::Malformed)
            ));
        }
    }

    #[test]
    fn garbage_is_malformed() {
        for token in ["", "a.b.c", "not a token"] {
            assert_eq!(
                hs_verifier().verify(token, NOW),
                Err(JwtError::Malformed),
                "{token}"
            );
        }
    }

    #[test]
    fn a_verifier_needs_a_usable_key() {
        assert_eq!(
            JwtVerifier::new(&settings()).unwrap_err(),
            JwtError::NoKeyConfigured
        );
        let short = JwtSettings {
            hs256_secret: Some("short".into()),
            ..settings()
        };
        assert!(matches!(
            JwtVerifier::new(&short),
            Err(JwtError::InvalidKey("HS256", _))
        ));
        let bad_pem = JwtSettings {
            rs256_public_key_pem: Some("not a pem".into()),
            ..settings()
        };
        assert!(matches!(
            JwtVerifier::new(&bad_pem),
            Err(JwtError::InvalidKey("RS256", _))
        ));
    }

    #[test]
    fn settings_read_snake_case_keys_and_default_the_leeway() {
        let parsed: JwtSettings = serde_json::from_str(
            r#"{"hs256_secret": "s", "issuer": "https://bank.example", "audience": "baton"}"#,
        )
        .unwrap();
        assert_eq!(parsed.leeway_seconds, 30);
        assert_eq!(parsed.max_lifetime_seconds, 600);
        assert_eq!(parsed.hs256_secret.as_deref(), Some("s"));
        assert!(
            !format!("{parsed:?}").contains("\"s\""),
            "the secret is not logged"
        );
    }
}
