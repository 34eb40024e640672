//! Points in time and spans, as plain numbers.
//!
//! `baton-core` never reads a clock: every operation that depends on time takes `now` as an
//! argument. Timestamps are Unix milliseconds, as in Unblu's wire format.

use std::fmt;

use serde::{Deserialize, Serialize};

/// `seconds` in milliseconds, saturating.
fn millis(seconds: u64) -> i64 {
    i64::try_from(seconds.saturating_mul(1000)).unwrap_or(i64::MAX)
}

/// A point in time: milliseconds since the Unix epoch (Unblu's `...Timestamp` fields).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(transparent)]
pub struct Timestamp(pub i64);

impl Timestamp {
    /// The moment `seconds` after this one (saturating: far-future deadlines stay far).
    pub fn plus_seconds(self, seconds: u64) -> Self {
        Self(self.0.saturating_add(millis(seconds)))
    }

    /// The moment `seconds` before this one (saturating, like [`Self::plus_seconds`]).
    pub fn minus_seconds(self, seconds: u64) -> Self {
        Self(self.0.saturating_sub(millis(seconds)))
    }

    /// Whole seconds from `self` until `later`, rounded up; zero when `later` is not later.
    pub fn seconds_until(self, later: Timestamp) -> u64 {
        let millis = later.0.saturating_sub(self.0);
        if millis <= 0 {
            0
        } else {
            u64::try_from(millis).map_or(u64::MAX, |m| m.div_ceil(1000))
        }
    }

    /// Milliseconds since the Unix epoch.
    pub fn as_millis(self) -> i64 {
        self.0
    }
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "t={}ms", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds_are_added_in_milliseconds_and_saturate() {
        assert_eq!(Timestamp(1_000).plus_seconds(2), Timestamp(3_000));
        assert_eq!(
            Timestamp(i64::MAX - 1).plus_seconds(10),
            Timestamp(i64::MAX)
        );
    }

    #[test]
    fn seconds_until_rounds_up_and_never_goes_negative() {
        assert_eq!(Timestamp(0).seconds_until(Timestamp(1_001)), 2);
        assert_eq!(Timestamp(5_000).seconds_until(Timestamp(1_000)), 0);
    }
}
