//! Why a command was refused. A refused command changes nothing.
//!
//! Each variant has a stable machine-readable code (`baton-api`'s `ErrorCode`, which the
//! server puts in Unblu's error body and the SDK on its `BatonError`); messages are for people
//! and may change.

use thiserror::Error;

use crate::conversation::ConversationState;
use crate::id::{AccountId, ConversationId, InvitationId, PersonId, PromptId, TeamId};
use crate::invitation::InvitationState;
use crate::time::Timestamp;

/// A domain rule refused the command.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum DomainError {
    /// The actor may not do this.
    #[error("not allowed: {0}")]
    NotAllowed(&'static str),
    /// Input that no state could accept.
    #[error("invalid input: {0}")]
    InvalidInput(&'static str),
    /// An entity with this id already exists.
    #[error("{0} already exists")]
    AlreadyExists(String),
    /// No such account.
    #[error("unknown account {0}")]
    UnknownAccount(AccountId),
    /// No such team.
    #[error("unknown team {0}")]
    UnknownTeam(TeamId),
    /// No such person.
    #[error("unknown person {0}")]
    UnknownPerson(PersonId),
    /// No such conversation (or the actor may not know it exists).
    #[error("unknown conversation {0}")]
    UnknownConversation(ConversationId),
    /// No such invitation (or the actor may not know it exists).
    #[error("unknown invitation {0}")]
    UnknownInvitation(InvitationId),
    /// The person must be an agent.
    #[error("{0} is not an agent")]
    NotAnAgent(PersonId),
    /// The target already participates: reassign instead of forwarding.
    #[error("{0} already participates in the conversation")]
    AlreadyParticipant(PersonId),
    /// The person does not participate.
    #[error("{0} does not participate in the conversation")]
    NotParticipant(PersonId),
    /// The participation is not active.
    #[error("{0} is not an active participant")]
    NotActive(PersonId),
    /// Hidden participants cannot be the assignee.
    #[error("{0} is hidden and cannot be the assignee")]
    HiddenAssignee(PersonId),
    /// Only secondary agents and bots may be hidden.
    #[error("only secondary agents and bots may be hidden")]
    CannotBeHidden,
    /// The conversation is in a state that does not allow this.
    #[error("the conversation is {0:?}")]
    WrongConversationState(ConversationState),
    /// An open invitation for the same target exists.
    #[error("an open invitation {0} already exists for this target")]
    ConflictingInvitation(InvitationId),
    /// The invitation has already been answered or closed.
    #[error("the invitation is {0:?}")]
    InvitationClosed(InvitationState),
    /// Someone else accepted first.
    #[error("the request has already been accepted")]
    AlreadyAccepted,
    /// Someone declined it for everybody.
    #[error("the request has been declined")]
    AlreadyDeclined,
    /// The PIN or link has expired.
    #[error("the invitation has expired")]
    TokenExpired,
    /// The PIN or link was revoked.
    #[error("the invitation has been revoked")]
    TokenRevoked,
    /// The PIN or link has already been used.
    #[error("the invitation has already been used")]
    TokenRedeemed,
    /// No invitation matches the PIN or token.
    #[error("the PIN or link is not valid")]
    WrongToken,
    /// Too many wrong tokens; try again later.
    #[error("too many attempts; try again after {until:?}")]
    TooManyAttempts {
        /// When attempts are accepted again.
        until: Timestamp,
    },
    /// The response is not offered for this request.
    #[error("this response is not available here")]
    ResponseNotAvailable,
    /// The deputy prompt is not (or no longer) open.
    #[error("the deputy prompt {0} is not open")]
    PromptNotOpen(PromptId),
    /// A deputy delegation already runs on this conversation.
    #[error("a deputy delegation is already running ({0})")]
    DelegationRunning(InvitationId),
    /// The level is managed by an external system and is read-only here.
    #[error("this deputy level is managed externally")]
    ExternallyManagedLevel,
    /// The level does not list this deputy (or no longer: someone removed them first).
    #[error("no such deputy relationship")]
    UnknownDeputyRelationship,
}
