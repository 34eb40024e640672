//! Rule tests: one test per rule of the seeds and of DESIGN.md's "Domain rules", named after
//! the rule, driven through `decide` and `evolve` on the demo bank; plus property tests over
//! random command sequences.

mod access;
mod delegation;
mod delegation_preview;
mod directory;
mod forwarding;
mod invitations;
mod prompt;
mod properties;
mod reassigning;
mod transfer;
mod unassign;
