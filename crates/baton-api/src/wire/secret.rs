//! [`Secret`]: wire strings that must never reach a log (passwords, JWTs, PINs, link tokens,
//! CSRF tokens).
//!
//! On the wire a secret is a plain JSON string; only its `Debug` output is redacted. Nothing
//! else lives here.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A secret string: transparent on the wire, `***` in `Debug`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret.
    pub fn new(secret: impl Into<String>) -> Self {
        Self(secret.into())
    }

    /// The secret itself, for the code that must check or send it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Unwraps the secret, for handing it on (e.g. into a `baton_core::Command`).
    pub fn into_inner(self) -> String {
        self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_secret_is_a_plain_string_on_the_wire_and_never_printed() {
        let secret: Secret = serde_json::from_str(r#""123456""#).unwrap();
        assert_eq!(secret.expose(), "123456");
        assert_eq!(serde_json::to_string(&secret).unwrap(), r#""123456""#);
        assert_eq!(format!("{secret:?}"), "Secret(***)");
    }
}
