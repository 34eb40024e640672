//! Unique element ids for `aria-labelledby`, `aria-describedby` and `<label for>`: every
//! widget on a page (and every instance of a component) gets its own.

use std::sync::atomic::{AtomicU32, Ordering};

static NEXT: AtomicU32 = AtomicU32::new(1);

/// A fresh id, `baton-<purpose>-<n>`.
pub fn unique(purpose: &str) -> String {
    format!("baton-{purpose}-{}", NEXT.fetch_add(1, Ordering::Relaxed))
}
