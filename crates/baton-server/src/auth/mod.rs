//! Sign-in: agents' passwords and sessions, HTTP Basic for servers, and bank-signed JWTs for
//! visitors (DESIGN.md, "Sign-in").
//!
//! Each submodule owns one concern and its table; none of them knows HTTP routes, cookies or
//! the domain's rules about who may do what (that is `baton-core`'s access module).

pub mod basic;
pub mod credentials;
pub mod jwt;
pub mod password;
pub mod session;
pub mod token_ids;
