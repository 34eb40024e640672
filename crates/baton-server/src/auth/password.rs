//! Password hashing: argon2id with a random salt per password, stored as a PHC string.
//!
//! Only this module touches password hashes; nothing here knows where they are stored. Both
//! functions are CPU-heavy on purpose (tens of milliseconds): async callers run them on the
//! blocking pool, as [`crate::auth::credentials`] does.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

use crate::secrets;

/// The hash of a random password nobody knows, made with [`Argon2::default`]'s parameters
/// (argon2id, 19 MiB, 2 passes, 1 lane). Checking a password of an unknown user against it
/// costs as much as checking a real one, so response times do not reveal which usernames exist.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$qQG83pN59LwbXOMEVu2TsQ$XAsTh6Zir1d3PNlpjfb/WylhAdnagkDNgDmSOc0mGgs";

/// Why a password could not be hashed.
#[derive(Debug, thiserror::Error)]
#[error("hashing the password: {0}")]
pub struct HashError(argon2::password_hash::Error);

/// Hashes `password` with argon2id and a fresh 128-bit salt; returns the PHC string.
pub fn hash(password: &str) -> Result<String, HashError> {
    let salt = SaltString::encode_b64(&secrets::bytes::<16>()).map_err(HashError)?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(HashError)
}

/// Whether `password` matches the PHC string `stored` (false for a malformed one).
pub fn verify(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored)
        .and_then(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed))
        .is_ok()
}

/// Spends the time of one [`verify`] and answers no: for a sign-in with an unknown username.
pub fn verify_unknown(password: &str) -> bool {
    // The result is always false (nobody knows the dummy password); computing it is the point.
    let _ = verify(password, DUMMY_HASH);
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_its_password_only() {
        let stored = hash("correct horse").unwrap();
        assert!(stored.starts_with("$argon2id$"));
        assert!(verify("correct horse", &stored));
        assert!(!verify("correct horsf", &stored));
        assert!(!verify("", &stored));
    }

    #[test]
    fn the_same_password_gets_a_different_salt_each_time() {
        assert_ne!(hash("pw").unwrap(), hash("pw").unwrap());
    }

    #[test]
    fn a_malformed_hash_verifies_nothing() {
        assert!(!verify("pw", "not a phc string"));
        assert!(!verify("pw", ""));
    }

    #[test]
    fn the_dummy_hash_costs_what_a_real_one_costs() {
        let real = hash("pw").unwrap();
        let params = |phc: &str| {
            let parsed = PasswordHash::new(phc).unwrap();
            (
                parsed.algorithm.to_string(),
                parsed.version,
                parsed.params.to_string(),
            )
        };
        assert_eq!(params(DUMMY_HASH), params(&real));
        assert!(!verify_unknown("pw"));
    }
}
