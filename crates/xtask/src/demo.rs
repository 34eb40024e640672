//! `cargo xtask demo`: a placeholder that says plainly what is not there yet.

/// Prints that the demo is not available yet and what is available instead.
pub fn run() {
    println!(
        "The demo is not available yet: it needs baton-server (serving www/ on \
         127.0.0.1:8080), which arrives with the server issue.\n\
         Available now: `cargo xtask test` (fmt, clippy, tests)."
    );
}
