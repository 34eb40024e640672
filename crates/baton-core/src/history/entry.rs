//! The typed hand-off entry and its parts: who acted, what happened, to whom, with which
//! outcome, and the details of the action.
//!
//! These are plain shapes for the wire (`GET .../history`, the event stream, the SDK); how
//! an event becomes an entry lives in `history/mod.rs`, the flat archive row in
//! `history/row.rs`. No shape here has room for a PIN, a link token or a token digest.

use serde::{Deserialize, Serialize};

use crate::conversation::{
    AwaitedPersonType, ConversationState, OffboardingReason, ParticipationType,
};
use crate::deputy::{DelegationLevel, DelegationStart, DeputyLevel};
use crate::id::{AccountId, ConversationId, InvitationId, PersonId, PromptId, TeamId};
use crate::notification::NotificationChannel;
use crate::time::Timestamp;

/// One step of a conversation's hand-off history: one recorded event, as the viewer may see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct HandoffEntry {
    /// The event's position in the log: unique and increasing, so an archive job resumes
    /// after the last position it wrote.
    pub position: u64,
    /// When the log recorded the event.
    pub time: Timestamp,
    /// The conversation.
    pub conversation: ConversationId,
    /// Who did it, when the log says so.
    pub actor: Option<HandoffActor>,
    /// What happened.
    pub action: HandoffAction,
    /// Whom or what it concerns (the forwarding's target, the person who joined, ...).
    pub subject: Option<HandoffSubject>,
    /// The result it records (an answer, a revocation, an unanswered request, ...).
    pub outcome: Option<HandoffOutcome>,
    /// The invitation (request, forwarding, invitation, delegation) it belongs to.
    pub invitation: Option<InvitationRef>,
    /// The action's particulars.
    pub detail: Option<HandoffDetail>,
}

/// Who acted.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(
    tag = "kind",
    content = "personId",
    rename_all = "SCREAMING_SNAKE_CASE"
)]
pub enum HandoffActor {
    /// An agent or a visitor.
    Person(PersonId),
    /// The web API with administrator rights.
    WebApi,
    /// Baton itself: the delegation scheduler, timeouts, the assistants' sync, the concierge.
    System,
}

/// What happened, one name per kind of hand-off step.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum HandoffAction {
    /// The conversation was created.
    Created,
    /// The conversation's state changed (onboarding, queued, active, reboarding, offboarding).
    StateChanged,
    /// The conversation was unassigned: visible to the organisation's agents again.
    Unassigned,
    /// The conversation ended.
    Ended,
    /// Someone became the assignee.
    Assigned,
    /// An assignment request waits for an agent, a team or the organisation's queue.
    Requested,
    /// The conversation was forwarded to an agent or a team.
    Forwarded,
    /// The assignee transferred the conversation to an agent through SuperOffice's
    /// `TransferTo` (a forwarding by another name; its answer is `ANSWERED`).
    Transferred,
    /// An agent, a team or a customer (PIN, e-mail, link) was invited.
    Invited,
    /// A deputy delegation for the assignee's deputies started (the visitor's prompt, or
    /// `startDeputyDelegation`).
    DeputyDelegationStarted,
    /// A PIN was replaced and its lifetime restarted.
    PinRenewed,
    /// An agent answered an invitation: Accept, Decline, Ignore or Later.
    Answered,
    /// An invitation was revoked (by someone, or replaced by a newer one).
    Revoked,
    /// A visitor joined with a PIN or link.
    Redeemed,
    /// A wrong PIN or link token was tried.
    RedemptionFailed,
    /// The deputies of one level were asked.
    DeputiesNotified,
    /// Every level's countdown ran out: the bank was told nobody answered.
    DelegationUnanswered,
    /// A participant joined.
    Joined,
    /// A participant left by themselves.
    Left,
    /// A participant was removed (forwarded, unassigned, kicked, requeued, ...).
    Offboarded,
    /// A participant was hidden from visitors.
    Hidden,
    /// A hidden participant was made visible.
    Shown,
    /// The awaited person type changed.
    AwaitedChanged,
    /// The concierge asked the visitor "Invite a deputy?".
    PromptOffered,
    /// The visitor answered the prompt.
    PromptAnswered,
    /// The prompt was not answered in time and was cancelled.
    PromptExpired,
}

impl HandoffAction {
    /// The name, as serialised.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Created => "CREATED",
            Self::StateChanged => "STATE_CHANGED",
            Self::Unassigned => "UNASSIGNED",
            Self::Ended => "ENDED",
            Self::Assigned => "ASSIGNED",
            Self::Requested => "REQUESTED",
            Self::Forwarded => "FORWARDED",
            Self::Transferred => "TRANSFERRED",
            Self::Invited => "INVITED",
            Self::DeputyDelegationStarted => "DEPUTY_DELEGATION_STARTED",
            Self::PinRenewed => "PIN_RENEWED",
            Self::Answered => "ANSWERED",
            Self::Revoked => "REVOKED",
            Self::Redeemed => "REDEEMED",
            Self::RedemptionFailed => "REDEMPTION_FAILED",
            Self::DeputiesNotified => "DEPUTIES_NOTIFIED",
            Self::DelegationUnanswered => "DELEGATION_UNANSWERED",
            Self::Joined => "JOINED",
            Self::Left => "LEFT",
            Self::Offboarded => "OFFBOARDED",
            Self::Hidden => "HIDDEN",
            Self::Shown => "SHOWN",
            Self::AwaitedChanged => "AWAITED_CHANGED",
            Self::PromptOffered => "PROMPT_OFFERED",
            Self::PromptAnswered => "PROMPT_ANSWERED",
            Self::PromptExpired => "PROMPT_EXPIRED",
        }
    }
}

/// Whom or what an entry concerns.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(tag = "kind", content = "id", rename_all = "SCREAMING_SNAKE_CASE")]
pub enum HandoffSubject {
    /// An agent or a visitor.
    Person(PersonId),
    /// A team.
    Team(TeamId),
    /// An organisation (its queue, or whose agents see an unassigned conversation).
    Organisation(AccountId),
    /// The address an e-mail invitation went to.
    Email(String),
    /// Whoever holds a PIN or link (the value itself is never part of the history).
    TokenHolder,
}

/// The result an entry records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum HandoffOutcome {
    /// Accepted (an invitation, or the visitor's prompt).
    Accepted,
    /// Accepted with Later: the customer was told someone gets back to them.
    Later,
    /// Declined (for everybody, on a forwarding or delegated request).
    Declined,
    /// Ignored: the request stays in the agent's queue.
    Ignored,
    /// Revoked or replaced.
    Revoked,
    /// A PIN or link was used to join.
    Redeemed,
    /// A wrong token was refused.
    Refused,
    /// A wrong token locked the invitation for a while.
    Locked,
    /// Nobody answered on any level.
    Unanswered,
    /// Not answered in time (the prompt).
    Expired,
}

impl HandoffOutcome {
    /// The name, as serialised.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Accepted => "ACCEPTED",
            Self::Later => "LATER",
            Self::Declined => "DECLINED",
            Self::Ignored => "IGNORED",
            Self::Revoked => "REVOKED",
            Self::Redeemed => "REDEEMED",
            Self::Refused => "REFUSED",
            Self::Locked => "LOCKED",
            Self::Unanswered => "UNANSWERED",
            Self::Expired => "EXPIRED",
        }
    }
}

/// What kind of invitation an entry belongs to, as a reader names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum InvitationKind {
    /// An assignment request (the customer's request, a requeue).
    AssignmentRequest,
    /// A forwarding to an agent or a team.
    Forwarding,
    /// A SuperOffice transfer to an agent.
    Transfer,
    /// An invitation of an agent.
    Agent,
    /// An invitation of a team.
    Team,
    /// The invitation of the assignee's deputies.
    Deputy,
    /// A customer invited by PIN.
    Pin,
    /// A customer invited by e-mail.
    Email,
    /// A customer invited by link.
    Link,
}

impl InvitationKind {
    /// The name, as serialised.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::AssignmentRequest => "ASSIGNMENT_REQUEST",
            Self::Forwarding => "FORWARDING",
            Self::Transfer => "TRANSFER",
            Self::Agent => "AGENT",
            Self::Team => "TEAM",
            Self::Deputy => "DEPUTY",
            Self::Pin => "PIN",
            Self::Email => "EMAIL",
            Self::Link => "LINK",
        }
    }
}

/// The invitation an entry belongs to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct InvitationRef {
    /// Its id.
    pub id: InvitationId,
    /// Its kind (`None` only if the state does not know the invitation).
    pub kind: Option<InvitationKind>,
}

/// What started a deputy delegation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum DelegationTrigger {
    /// A customer's request to a single agent.
    Request,
    /// A forwarding to a single agent.
    Forwarding,
    /// An invitation of a single agent.
    Invitation,
    /// The visitor accepted "Invite a deputy?".
    VisitorPrompt,
    /// An administrator (`startDeputyDelegation`).
    Administrator,
}

/// A deputy delegation that starts with an invitation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct DelegationStarted {
    /// What started it.
    pub trigger: DelegationTrigger,
    /// The agent whose deputies are asked.
    pub agent: PersonId,
    /// Whether the agent gets a countdown first, or a level is asked at once.
    pub start: DelegationStart,
    /// The levels that will be asked, in order (empty levels were left out).
    pub levels: Vec<DelegationLevel>,
}

/// A deputy asked on a level.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct NotifiedDeputy {
    /// The deputy.
    pub person: PersonId,
    /// Where they are listed among the agent's deputies.
    pub listed_as: DeputyLevel,
    /// How they were reached; the queue alone means notifications disabled (an Ignore).
    pub channels: Vec<NotificationChannel>,
}

/// The particulars of an entry, by kind of action.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(tag = "kind", rename_all = "SCREAMING_SNAKE_CASE")]
pub enum HandoffDetail {
    /// A new conversation.
    Conversation {
        /// Its topic.
        topic: Option<String>,
    },
    /// A new invitation (request, forwarding, invitation, deputy delegation).
    #[serde(rename_all = "camelCase")]
    Invitation {
        /// The creator's note, for agents only.
        comment: Option<String>,
        /// The target joins hidden.
        join_hidden: bool,
        /// When a PIN or link stops being valid; past it, an unredeemed one has expired
        /// (expiry is not an event of the log).
        expires_at: Option<Timestamp>,
        /// The deputy delegation it starts, if any.
        delegation: Option<DelegationStarted>,
    },
    /// A PIN's new lifetime.
    #[serde(rename_all = "camelCase")]
    Expiry {
        /// When it stops being valid.
        expires_at: Timestamp,
    },
    /// A wrong token.
    #[serde(rename_all = "camelCase")]
    Attempts {
        /// Wrong tries so far.
        failed_attempts: u32,
        /// Set when this try locked the invitation.
        locked_until: Option<Timestamp>,
    },
    /// The deputies asked on one level.
    Notified {
        /// The level (`None`: added by an administrator outside the levels).
        level: Option<DelegationLevel>,
        /// Who, and through which channels.
        deputies: Vec<NotifiedDeputy>,
    },
    /// A new assignee.
    Assignment {
        /// The assignee before (who stays as a secondary agent if still in).
        previous: Option<PersonId>,
    },
    /// A participation that began.
    #[serde(rename_all = "camelCase")]
    Participation {
        /// Assigned agent, context person, secondary agent or visitor.
        participation_type: ParticipationType,
        /// Hidden from visitors.
        hidden: bool,
        /// Added by the assistants' sync.
        auto_synced_assistant: bool,
    },
    /// A participation that ended.
    Offboarding {
        /// Why.
        reason: OffboardingReason,
        /// A note not shown in the conversation.
        comment: Option<String>,
    },
    /// The conversation's new state.
    State {
        /// The state.
        state: ConversationState,
    },
    /// Who is awaited now.
    Awaited {
        /// Nobody, the visitor or an agent.
        awaited: AwaitedPersonType,
    },
    /// The visitor's prompt.
    #[serde(rename_all = "camelCase")]
    Prompt {
        /// The prompt.
        prompt: PromptId,
        /// When it is cancelled if unanswered (set when offered).
        expires_at: Option<Timestamp>,
    },
}
