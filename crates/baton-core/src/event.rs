//! Events: the facts the domain records. Every state change is one of these, and `evolve`
//! is the only code that applies them.
//!
//! Events are self-contained (an invitation event names its conversation) so that the server
//! can route them to streams, the SSE feed and webhooks without looking anything up. Event
//! payloads hold no secrets: `InvitationCreated` / `PinRenewed` carry only the keyed digest of
//! a PIN or link token, which the views strip too; `access::event_visible_to` says who may see
//! which event.

use serde::{Deserialize, Serialize};

use crate::conversation::{
    AwaitedPersonType, ConversationState, OffboardingReason, Participant, Recipient,
};
use crate::deputy::{DelegationLevel, DeputyRelationships, PlannedDeputy};
use crate::directory::{Account, NotificationChannels, Person, PresenceState, Team};
use crate::id::{AccountId, ConversationId, InvitationId, MessageId, PersonId, PromptId};
use crate::invitation::{Creator, DelegationResponse, Invitation, TokenDigest};
use crate::text::TextKey;
use crate::time::Timestamp;

/// Who wrote a message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(
    tag = "kind",
    content = "personId",
    rename_all = "SCREAMING_SNAKE_CASE"
)]
pub enum Author {
    /// A participant.
    Person(PersonId),
    /// Baton's concierge (the prompt, the Later message).
    Concierge,
}

/// What a message says.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(tag = "kind", content = "value", rename_all = "SCREAMING_SNAKE_CASE")]
pub enum MessageBody {
    /// Text written by a person: plain text, never HTML.
    Text(String),
    /// A text property, rendered in the reader's locale (the concierge's messages).
    Concierge(TextKey),
}

/// Who may read a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Audience {
    /// Every participant.
    Everyone,
    /// Agents only: forwarding comments. The visitor never sees it.
    AgentsOnly,
}

/// Something that happened.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(tag = "type")]
pub enum Event {
    /// An account was created.
    AccountCreated {
        /// The account.
        // Declared as `DirectoryAccount`: Unblu's spec has an `Account` of its own.
        #[cfg_attr(feature = "ts", tsify(type = "DirectoryAccount"))]
        account: Account,
    },
    /// A team was created.
    TeamCreated {
        /// The team.
        // Declared as `DirectoryTeam`: Unblu's spec has a `Team` of its own.
        #[cfg_attr(feature = "ts", tsify(type = "DirectoryTeam"))]
        team: Team,
    },
    /// A person was registered.
    PersonRegistered {
        /// The person.
        person: Person,
    },
    /// A person's presence changed.
    PresenceChanged {
        /// Whose.
        person: PersonId,
        /// New presence.
        presence: PresenceState,
    },
    /// A person's notification channels changed.
    NotificationChannelsChanged {
        /// Whose.
        person: PersonId,
        /// New channels.
        channels: NotificationChannels,
    },
    /// An agent's deputies were replaced.
    DeputiesWritten {
        /// Whose.
        agent: PersonId,
        /// The new relationships.
        relationships: DeputyRelationships,
    },
    /// A conversation was created.
    ConversationCreated {
        /// Its id.
        conversation: ConversationId,
        /// Owning account.
        account: AccountId,
        /// Topic.
        topic: Option<String>,
        /// Who the customer addressed.
        recipient: Option<Recipient>,
        /// When.
        at: Timestamp,
    },
    /// The conversation's state changed.
    ConversationStateChanged {
        /// Which.
        conversation: ConversationId,
        /// New state.
        state: ConversationState,
        /// Who decided it, when someone did (unassigning, requeueing, ending, a Decline that
        /// leaves the conversation unassigned); absent where the change follows from another
        /// step (creating, activating) and in events recorded before this was.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        by: Option<Creator>,
    },
    /// Someone joined.
    ParticipantAdded {
        /// Where.
        conversation: ConversationId,
        /// The participation.
        participant: Participant,
    },
    /// The assignee changed; the previous one, if still in, became a secondary agent.
    AssigneeChanged {
        /// Where.
        conversation: ConversationId,
        /// The new assignee.
        assignee: PersonId,
        /// The previous assignee.
        previous: Option<PersonId>,
    },
    /// A participant was hidden or shown.
    ParticipantVisibilityChanged {
        /// Where.
        conversation: ConversationId,
        /// Who.
        person: PersonId,
        /// Hidden or not.
        hidden: bool,
        /// Who decided it, when someone did (an agent managing the conversation, the
        /// assistant synchronisation); absent where it follows from another step (a hidden
        /// agent shown as they become the assignee) and in events recorded before this was.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        by: Option<Creator>,
    },
    /// A participant left and lost access.
    ParticipantOffboarded {
        /// Where.
        conversation: ConversationId,
        /// Who.
        person: PersonId,
        /// Why.
        reason: OffboardingReason,
        /// A note not shown in the conversation.
        comment: Option<String>,
    },
    /// The awaited person type changed.
    AwaitedPersonTypeChanged {
        /// Where.
        conversation: ConversationId,
        /// Who is awaited.
        awaited: AwaitedPersonType,
    },
    /// A message was posted.
    MessagePosted {
        /// Where.
        conversation: ConversationId,
        /// Its id.
        message: MessageId,
        /// Who wrote it.
        author: Author,
        /// What it says.
        body: MessageBody,
        /// Who may read it.
        audience: Audience,
        /// When.
        at: Timestamp,
    },
    /// The concierge asked the visitor "Invite a deputy?".
    DeputyPromptOffered {
        /// Where.
        conversation: ConversationId,
        /// The prompt.
        prompt: PromptId,
        /// When.
        at: Timestamp,
        /// When it is cancelled if unanswered.
        expires_at: Timestamp,
    },
    /// The visitor answered the prompt.
    DeputyPromptAnswered {
        /// Where.
        conversation: ConversationId,
        /// The prompt.
        prompt: PromptId,
        /// Accepted or declined.
        accepted: bool,
        /// When.
        at: Timestamp,
    },
    /// The prompt was not answered in time and was cancelled.
    DeputyPromptCancelled {
        /// Where.
        conversation: ConversationId,
        /// The prompt.
        prompt: PromptId,
    },
    /// An invitation was created (the token, if any, is a secret: strip before publishing).
    InvitationCreated {
        /// The invitation as created.
        invitation: Box<Invitation>,
    },
    /// A PIN was replaced and its lifetime restarted.
    PinRenewed {
        /// Where.
        conversation: ConversationId,
        /// Which invitation.
        invitation: InvitationId,
        /// The new PIN's digest (`None` in the views `access::event_view` gives out).
        pin: Option<TokenDigest>,
        /// New expiry.
        expires_at: Timestamp,
        /// Who renewed it (absent in events recorded before this was).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        by: Option<Creator>,
    },
    /// An invitation was revoked (by someone, or replaced by a newer one).
    InvitationRevoked {
        /// Where.
        conversation: ConversationId,
        /// Which invitation.
        invitation: InvitationId,
        /// Who revoked it; absent when a newer step replaced it (the entry before names who
        /// took that step) and in events recorded before this was.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        by: Option<Creator>,
    },
    /// An agent answered Ignore: the request stays in their queue.
    InvitationIgnored {
        /// Where.
        conversation: ConversationId,
        /// Which invitation.
        invitation: InvitationId,
        /// Who ignored it.
        person: PersonId,
    },
    /// An agent accepted (Accept or Later); everyone else's copy is cancelled.
    InvitationAccepted {
        /// Where.
        conversation: ConversationId,
        /// Which invitation.
        invitation: InvitationId,
        /// Who accepted.
        person: PersonId,
        /// Accept or Later.
        response: DelegationResponse,
    },
    /// An agent declined. A declined forwarding or delegated request is closed for everybody.
    InvitationDeclined {
        /// Where.
        conversation: ConversationId,
        /// Which invitation.
        invitation: InvitationId,
        /// Who declined.
        person: PersonId,
    },
    /// A visitor redeemed a PIN or link.
    TokenRedeemed {
        /// Where.
        conversation: ConversationId,
        /// Which invitation.
        invitation: InvitationId,
        /// The visitor who joined.
        visitor: PersonId,
    },
    /// A wrong token was tried against an identified invitation.
    RedemptionFailed {
        /// Where.
        conversation: ConversationId,
        /// Which invitation.
        invitation: InvitationId,
        /// Wrong tries so far.
        failed_attempts: u32,
        /// Set when this try locked the invitation.
        locked_until: Option<Timestamp>,
    },
    /// Deputies of one level were notified.
    DeputiesNotified {
        /// Where.
        conversation: ConversationId,
        /// Which invitation.
        invitation: InvitationId,
        /// The level.
        level: Option<DelegationLevel>,
        /// Who, and how.
        deputies: Vec<PlannedDeputy>,
        /// When.
        at: Timestamp,
    },
    /// Every level's countdown ran out: the request is unanswered but stays in every queue.
    DelegationUnanswered {
        /// Where.
        conversation: ConversationId,
        /// Which invitation.
        invitation: InvitationId,
        /// When.
        at: Timestamp,
    },
}

/// Declares [`EventKind`] and [`Event::kind`] from one list of the variants' names.
macro_rules! event_kinds {
    ($($kind:ident),+ $(,)?) => {
        /// The name of an [`Event`] variant: the serialised `type` field and the SSE event
        /// name, so that clients react to kinds without spelling them again.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum EventKind {
            $(
                #[doc = concat!("[`Event::", stringify!($kind), "`].")]
                $kind,
            )+
        }

        impl EventKind {
            /// Every kind, in the order of [`Event`]'s variants.
            pub const ALL: &'static [EventKind] = &[$(EventKind::$kind),+];

            /// The name, as in the serialised `type` field.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(EventKind::$kind => stringify!($kind),)+
                }
            }
        }

        impl Event {
            /// The variant's kind.
            pub fn kind(&self) -> EventKind {
                match self {
                    $(Event::$kind { .. } => EventKind::$kind,)+
                }
            }
        }
    };
}

event_kinds!(
    AccountCreated,
    TeamCreated,
    PersonRegistered,
    PresenceChanged,
    NotificationChannelsChanged,
    DeputiesWritten,
    ConversationCreated,
    ConversationStateChanged,
    ParticipantAdded,
    AssigneeChanged,
    ParticipantVisibilityChanged,
    ParticipantOffboarded,
    AwaitedPersonTypeChanged,
    MessagePosted,
    DeputyPromptOffered,
    DeputyPromptAnswered,
    DeputyPromptCancelled,
    InvitationCreated,
    PinRenewed,
    InvitationRevoked,
    InvitationIgnored,
    InvitationAccepted,
    InvitationDeclined,
    TokenRedeemed,
    RedemptionFailed,
    DeputiesNotified,
    DelegationUnanswered,
);

impl EventKind {
    /// The kind of this name, if there is one.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|kind| kind.as_str() == name)
    }
}

impl std::fmt::Display for EventKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Event {
    /// The conversation the event belongs to, if any.
    pub fn conversation(&self) -> Option<&ConversationId> {
        use Event::*;
        match self {
            AccountCreated { .. }
            | TeamCreated { .. }
            | PersonRegistered { .. }
            | PresenceChanged { .. }
            | NotificationChannelsChanged { .. }
            | DeputiesWritten { .. } => None,
            InvitationCreated { invitation } => Some(&invitation.conversation),
            ConversationCreated { conversation, .. }
            | ConversationStateChanged { conversation, .. }
            | ParticipantAdded { conversation, .. }
            | AssigneeChanged { conversation, .. }
            | ParticipantVisibilityChanged { conversation, .. }
            | ParticipantOffboarded { conversation, .. }
            | AwaitedPersonTypeChanged { conversation, .. }
            | MessagePosted { conversation, .. }
            | DeputyPromptOffered { conversation, .. }
            | DeputyPromptAnswered { conversation, .. }
            | DeputyPromptCancelled { conversation, .. }
            | PinRenewed { conversation, .. }
            | InvitationRevoked { conversation, .. }
            | InvitationIgnored { conversation, .. }
            | InvitationAccepted { conversation, .. }
            | InvitationDeclined { conversation, .. }
            | TokenRedeemed { conversation, .. }
            | RedemptionFailed { conversation, .. }
            | DeputiesNotified { conversation, .. }
            | DelegationUnanswered { conversation, .. } => Some(conversation),
        }
    }

    /// The refusal this event reports to the caller, for outcomes that are recorded and yet
    /// answered with an error (a wrong token counts toward the attempt limit).
    pub fn reported_error(&self) -> Option<crate::DomainError> {
        match self {
            Event::RedemptionFailed {
                locked_until: Some(until),
                ..
            } => Some(crate::DomainError::TooManyAttempts { until: *until }),
            Event::RedemptionFailed { .. } => Some(crate::DomainError::WrongToken),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::directory::Account;

    #[test]
    fn the_kind_is_the_serialised_type_tag() {
        let event = Event::AccountCreated {
            account: Account {
                id: "a".into(),
                name: "A".into(),
                parent: None,
            },
        };
        let json = serde_json::to_value(&event).unwrap();
        assert_eq!(json["type"], event.kind().as_str());
    }

    #[test]
    fn events_recorded_before_their_actor_was_still_read_and_write_back_unchanged() {
        let old = [
            (
                r#"{"type":"ConversationStateChanged","conversation":"c","state":"UNASSIGNED"}"#,
                Event::ConversationStateChanged {
                    conversation: "c".into(),
                    state: ConversationState::Unassigned,
                    by: None,
                },
            ),
            (
                r#"{"type":"ParticipantVisibilityChanged","conversation":"c","person":"p","hidden":true}"#,
                Event::ParticipantVisibilityChanged {
                    conversation: "c".into(),
                    person: "p".into(),
                    hidden: true,
                    by: None,
                },
            ),
            (
                r#"{"type":"PinRenewed","conversation":"c","invitation":"i","pin":null,"expires_at":7}"#,
                Event::PinRenewed {
                    conversation: "c".into(),
                    invitation: "i".into(),
                    pin: None,
                    expires_at: Timestamp(7),
                    by: None,
                },
            ),
            (
                r#"{"type":"InvitationRevoked","conversation":"c","invitation":"i"}"#,
                Event::InvitationRevoked {
                    conversation: "c".into(),
                    invitation: "i".into(),
                    by: None,
                },
            ),
        ];
        for (json, event) in old {
            assert_eq!(
                serde_json::from_str::<Event>(json).unwrap(),
                event,
                "{json}"
            );
            assert_eq!(serde_json::to_string(&event).unwrap(), json);
        }
    }

    #[test]
    fn kinds_lists_every_variant_in_order() {
        // serde's refusal of an unknown tag names every variant it knows.
        let error = serde_json::from_str::<Event>(r#"{"type":"?"}"#).unwrap_err();
        let message = error.to_string();
        let listed = message
            .split("expected one of ")
            .nth(1)
            .unwrap()
            .split(" at line")
            .next()
            .unwrap();
        let variants: Vec<&str> = listed
            .split(", ")
            .map(|name| name.trim_matches('`'))
            .collect();
        let kinds: Vec<&str> = EventKind::ALL.iter().map(|k| k.as_str()).collect();
        assert_eq!(variants, kinds);
        for kind in EventKind::ALL {
            assert_eq!(EventKind::parse(kind.as_str()), Some(*kind));
        }
    }
}
