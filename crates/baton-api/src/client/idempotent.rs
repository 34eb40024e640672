//! Retries without duplicates: every operation of the [`Client`](super::Client) that creates
//! something or posts a message sends a fresh `Idempotency-Key` (IETF
//! draft-ietf-httpapi-idempotency-key-header), and when no answer arrived (a cut connection)
//! or the server is still processing that key, sends the same request with the same key
//! again, a bounded number of times. The server answers a retry with the first answer, so a
//! request that did arrive is recorded once.
//!
//! Here: the key and the retry policy. No I/O: the client sends, the transport waits.

use std::time::Duration;

use super::{ApiError, Response, TransportError};
use crate::wire::error::ErrorCode;

/// The request header.
pub const HEADER: &str = "Idempotency-Key";
/// Attempts of one operation, the first included.
pub const ATTEMPTS: usize = 3;
/// The wait before the second and the third attempt.
const BACKOFF: [Duration; ATTEMPTS - 1] = [Duration::from_millis(300), Duration::from_secs(1)];

/// A fresh key: a random UUID (version 4), from the operating system's generator natively
/// and `crypto.getRandomValues` in the browser. In the draft's form, a quoted string.
pub fn key() -> Result<String, ApiError> {
    let mut b = [0u8; 16];
    getrandom::getrandom(&mut b)
        .map_err(|e| TransportError::new(format!("no randomness for an Idempotency-Key: {e}")))?;
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|byte| format!("{byte:02x}")).collect();
    Ok(format!(
        "\"{}-{}-{}-{}-{}\"",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    ))
}

/// How long to wait before attempt `done + 1` after `outcome`, or `None` when `outcome` is
/// the answer: no answer arrived, the key is still being processed, or a gateway answered
/// for a server it could not reach; and attempts are left.
pub fn retry_after(outcome: &Result<Response, ApiError>, done: usize) -> Option<Duration> {
    let again = match outcome {
        Ok(_) => false,
        Err(ApiError::Transport(_)) => true,
        Err(error) => {
            error.code() == ErrorCode::IdempotencyKeyInUse
                || matches!(error.status(), Some(502..=504))
        }
    };
    again
        .then(|| BACKOFF.get(done.checked_sub(1)?).copied())
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorBody;

    #[test]
    fn keys_are_fresh_version_4_uuids_in_quotes() {
        let a = key().unwrap();
        let b = key().unwrap();
        assert_ne!(a, b);
        let inner = a.strip_prefix('"').unwrap().strip_suffix('"').unwrap();
        let groups: Vec<usize> = inner.split('-').map(str::len).collect();
        assert_eq!(groups, [8, 4, 4, 4, 12]);
        assert_eq!(&inner[14..15], "4");
        assert!(matches!(&inner[19..20], "8" | "9" | "a" | "b"));
    }

    fn refused(status: u16, code: ErrorCode) -> Result<Response, ApiError> {
        Err(ApiError::Server {
            status,
            body: ErrorBody::with_status(status, code, "no"),
            retry_after_seconds: None,
        })
    }

    #[test]
    fn only_a_missing_answer_or_a_key_in_use_is_retried_and_only_twice() {
        let cut = || Err(TransportError::new("cut").into());
        assert_eq!(retry_after(&cut(), 1), Some(BACKOFF[0]));
        assert_eq!(retry_after(&cut(), 2), Some(BACKOFF[1]));
        assert_eq!(retry_after(&cut(), ATTEMPTS), None);
        assert!(retry_after(&refused(409, ErrorCode::IdempotencyKeyInUse), 1).is_some());
        assert!(retry_after(&refused(503, ErrorCode::Timeout), 1).is_some());
        for (status, code) in [
            (409, ErrorCode::IdempotencyAnswerLost),
            (422, ErrorCode::IdempotencyKeyReused),
            (400, ErrorCode::InvalidInput),
        ] {
            assert_eq!(retry_after(&refused(status, code), 1), None, "{code}");
        }
        let ok = Ok(Response {
            status: 201,
            headers: Vec::new(),
            body: Vec::new(),
        });
        assert_eq!(retry_after(&ok, 1), None);
    }
}
