//! What the delegation engine asks its host (the server) to do.
//!
//! Effects are instructions, not facts: the host carries each one out (records it with a
//! command, sends the e-mails and pushes, fires the webhooks) and feeds the resulting events
//! back to the engine. Nothing here performs I/O or decides anything.

use crate::deputy::{DelegationLevel, PlannedDeputy};
use crate::id::{ConversationId, InvitationId, PersonId, PromptId};

/// One thing the host must do, in the order the engine emits them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    /// Notify one level of deputies. The host records it with
    /// `Command::RecordDeputiesNotified { invitation, level, deputies }` as `Actor::System`,
    /// e-mails the deputies with `channels.email`, web-pushes those with `channels.web_push`
    /// and fires the webhook `push_notification.deputy_delegation` for each web push (the push
    /// offers `config.push_deputy_delegation_available_notification_actions`). Deputies whose
    /// notifications are disabled are listed too: the request enters their queue and counts
    /// as ignored.
    NotifyDeputies {
        /// The delegated request, invitation or forwarding.
        invitation: InvitationId,
        /// Its conversation.
        conversation: ConversationId,
        /// The agent the request was sent to.
        original_agent: PersonId,
        /// The level notified.
        level: DelegationLevel,
        /// Who is notified, and how.
        deputies: Vec<PlannedDeputy>,
    },
    /// The delegation is over (accepted, declined, later, revoked): withdraw the
    /// notifications of these persons, every notified deputy except the responder.
    RevokeNotifications {
        /// The invitation whose notifications are withdrawn.
        invitation: InvitationId,
        /// Its conversation.
        conversation: ConversationId,
        /// Whose notifications to withdraw.
        persons: Vec<PersonId>,
    },
    /// Every level's countdown ended: the host fires the webhook
    /// `assignment_request.unanswered` and records `Command::RecordDelegationUnanswered`.
    /// The request stays in every queue and can still be handled.
    Unanswered {
        /// The unanswered invitation.
        invitation: InvitationId,
        /// Its conversation.
        conversation: ConversationId,
        /// The agent the request was sent to.
        original_agent: PersonId,
    },
    /// An unanswered prompt reached `promptDeputyTimeoutInSeconds`: the host issues
    /// `Command::CancelDeputyPrompt` as `Actor::System`.
    CancelPrompt {
        /// Where the prompt was offered.
        conversation: ConversationId,
        /// The prompt.
        prompt: PromptId,
    },
}
