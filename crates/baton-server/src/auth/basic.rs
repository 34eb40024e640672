//! HTTP Basic credentials (RFC 7617), which the web API accepts from servers: parsing the
//! value of an `Authorization` header into a username and a password.
//!
//! Only parsing lives here; checking the password is [`super::credentials`]'s, and which
//! header to read and what to answer is the HTTP layer's.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

/// The `WWW-Authenticate` value to send with a 401 answer to a request without credentials.
pub const CHALLENGE: &str = "Basic realm=\"baton\", charset=\"UTF-8\"";

/// A username and password from a Basic header.
#[derive(Clone, PartialEq, Eq)]
pub struct BasicCredentials {
    /// Everything before the first colon.
    pub username: String,
    /// Everything after it (may contain colons).
    pub password: String,
}

// The password stays out of logs.
impl std::fmt::Debug for BasicCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BasicCredentials")
            .field("username", &self.username)
            .finish_non_exhaustive()
    }
}

/// Why an `Authorization` value is not usable Basic credentials.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum BasicError {
    /// Another scheme (e.g. `Bearer`), or no scheme.
    #[error("not Basic credentials")]
    NotBasic,
    /// Basic, but not base64 of UTF-8 `username:password` with a non-empty username.
    #[error("malformed Basic credentials")]
    Malformed,
}

/// Parses an `Authorization` header value such as `Basic YW5uYTpwdw==`.
///
/// The scheme is case-insensitive; the credentials must be padded standard base64 of UTF-8
/// text containing a colon, with a non-empty username and no control characters.
pub fn parse(header_value: &str) -> Result<BasicCredentials, BasicError> {
    let (scheme, encoded) = header_value
        .trim()
        .split_once(' ')
        .ok_or(BasicError::NotBasic)?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return Err(BasicError::NotBasic);
    }
    let decoded = STANDARD
        .decode(encoded.trim_start())
        .map_err(|_| BasicError::Malformed)?;
    let text = String::from_utf8(decoded).map_err(|_| BasicError::Malformed)?;
    let (username, password) = text.split_once(':').ok_or(BasicError::Malformed)?;
    if username.is_empty() || text.chars().any(char::is_control) {
        return Err(BasicError::Malformed);
    }
    Ok(BasicCredentials {
        username: username.to_owned(),
        password: password.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn basic(raw: &str) -> String {
        format!("Basic {}", STANDARD.encode(raw))
    }

    #[test]
    fn username_and_password_are_split_at_the_first_colon() {
        let creds = parse(&basic("anna:pa:ss word")).unwrap();
        assert_eq!(creds.username, "anna");
        assert_eq!(creds.password, "pa:ss word");
        assert_eq!(parse(&basic("anna:")).unwrap().password, "");
        assert_eq!(parse(&basic("zoë:pässwörd")).unwrap().username, "zoë");
    }

    #[test]
    fn the_scheme_is_case_insensitive() {
        let encoded = STANDARD.encode("anna:pw");
        assert!(parse(&format!("basic {encoded}")).is_ok());
        assert!(parse(&format!("BASIC  {encoded}")).is_ok());
    }

    #[test]
    fn other_schemes_are_not_basic() {
        assert_eq!(parse("Bearer abc.def.ghi"), Err(BasicError::NotBasic));
        assert_eq!(parse("Basic"), Err(BasicError::NotBasic));
        assert_eq!(parse(""), Err(BasicError::NotBasic));
    }

    #[test]
    fn malformed_credentials_are_refused() {
        assert_eq!(parse("Basic !!!"), Err(BasicError::Malformed));
        assert_eq!(
            parse("Basic YW5uYTpwdw"),
            Err(BasicError::Malformed),
            "unpadded"
        );
        assert_eq!(
            parse(&basic("annapw")),
            Err(BasicError::Malformed),
            "no colon"
        );
        assert_eq!(
            parse(&basic(":pw")),
            Err(BasicError::Malformed),
            "no username"
        );
        assert_eq!(parse(&basic("an\nna:pw")), Err(BasicError::Malformed));
        let latin1 = format!("Basic {}", STANDARD.encode([0xe9, b':', b'p']));
        assert_eq!(parse(&latin1), Err(BasicError::Malformed), "not UTF-8");
    }

    #[test]
    fn debug_output_hides_the_password() {
        let creds = parse(&basic("anna:hunter2")).unwrap();
        assert!(!format!("{creds:?}").contains("hunter2"));
    }
}
