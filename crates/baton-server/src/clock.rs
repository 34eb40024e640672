//! The server's one source of time: the domain never reads a clock, the server passes `now`.

use std::time::{SystemTime, UNIX_EPOCH};

use baton_core::Timestamp;

/// The current time as a domain timestamp (Unix milliseconds).
pub fn now() -> Timestamp {
    let millis = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX));
    Timestamp(millis)
}
