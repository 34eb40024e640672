//! Conversation invitations of every Unblu type: assignment requests, forwardings, agent and
//! team invitations, deputy invitations, and visitor invitations by PIN, e-mail or link.
//!
//! Tokens (PINs and link tokens) are secrets chosen by the caller with a CSPRNG; this module
//! keeps only their keyed digests and compares digests in constant time. Whether an invitation may be used is
//! decided here from its own fields and `now`; who may use it is decided in `decide`.

use std::fmt;

use serde::{Deserialize, Serialize};
use subtle::ConstantTimeEq;

use crate::command::ResponseChannel;
use crate::config::Config;
use crate::deputy::{DelegationLevel, DelegationPlan, DeputyLevel};
use crate::id::{AccountId, ConversationId, InvitationId, PersonId, TeamId};
use crate::time::Timestamp;

/// Whether `email` (already trimmed) is an address an e-mail invitation can be sent to:
/// one `@` between a non-empty local part and a dotted domain, no spaces, controls or the
/// characters that would need quoting, at most 254 characters. The domain refuses others;
/// the agent desk checks with the same rule before sending.
pub fn is_valid_email(email: &str) -> bool {
    // RFC 5322's dot-atom local part at a host name: what SMTP servers accept without quoting.
    // The server's mailer checks with this very function, so what is stored is sendable.
    const ATEXT: &str = "!#$%&'*+-/=?^_`{|}~";
    let atom = |part: &str, allowed: &dyn Fn(char) -> bool| {
        !part.is_empty() && part.chars().all(|c| c.is_alphanumeric() || allowed(c))
    };
    let Some((local, domain)) = email.rsplit_once('@') else {
        return false;
    };
    let labels: Vec<&str> = domain.split('.').collect();
    email.len() <= 254
        && local.chars().count() <= 64
        && local.split('.').all(|a| atom(a, &|c| ATEXT.contains(c)))
        && labels.len() >= 2
        && labels.iter().all(|label| {
            label.chars().count() <= 63
                && atom(label, &|c| c == '-')
                && !label.starts_with('-')
                && !label.ends_with('-')
        })
}

/// Unblu's `EInvitationType`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum InvitationType {
    /// A conversation waiting for an assigned agent (inbound request, requeue).
    AssignmentRequest,
    /// Forwarding to another agent or team: the forwarder leaves once accepted.
    AgentForwarding,
    /// Inviting another agent or team: the inviter stays, the assignee does not change.
    AgentInvitation,
    /// Inviting the assigned agent's deputies (prompt or `startDeputyDelegation`).
    DeputyInvitation,
    /// An anonymous visitor invited by e-mail or link.
    VisitorInvitation,
    /// An anonymous visitor invited by PIN.
    PinConversation,
}

impl InvitationType {
    /// Invitations answered by agents (as opposed to redeemed by visitors with a token).
    pub fn is_for_agents(self) -> bool {
        !matches!(self, Self::VisitorInvitation | Self::PinConversation)
    }
}

/// Unblu's `EInvitationState`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum InvitationState {
    /// May still be accepted or redeemed.
    Open,
    /// Accepted or redeemed.
    Redeemed,
    /// Revoked, declined or replaced.
    Revoked,
    /// Past its expiry.
    Expired,
}

/// Unblu's `EInvitationResponseState`, for the target and each secondary target.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ResponseStatus {
    /// No answer yet.
    Pending,
    /// Declined.
    Declined,
    /// Ignored (or notifications disabled).
    Ignored,
    /// Someone else answered first, or the invitation was revoked.
    Canceled,
    /// Accepted.
    Accepted,
}

/// The four answers to a delegated request (seed 001), also used for plain accept / decline.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum DelegationResponse {
    /// Take it: become the assignee (or join, for invitations).
    Accept,
    /// Decline it, for everybody.
    Decline,
    /// Not me; it stays in my queue.
    Ignore,
    /// Accept, and the customer is told someone will get back later.
    Later,
}

/// Unblu's `EInvitationCreatorType` plus the creating person.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(
    tag = "creatorType",
    content = "creatorPersonId",
    rename_all = "SCREAMING_SNAKE_CASE"
)]
pub enum Creator {
    /// The web API (an administrator or a server).
    WebApi,
    /// Baton itself.
    System,
    /// An agent.
    Agent(PersonId),
    /// A visitor.
    Visitor(PersonId),
}

impl Creator {
    /// The creating person, if a person created it.
    pub fn person(&self) -> Option<&PersonId> {
        match self {
            Creator::Agent(p) | Creator::Visitor(p) => Some(p),
            Creator::WebApi | Creator::System => None,
        }
    }
}

/// Who is expected to take the invitation (Unblu's `targetType` + `targetId`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(
    tag = "targetType",
    content = "targetId",
    rename_all = "SCREAMING_SNAKE_CASE"
)]
pub enum InvitationTarget {
    /// A single agent: deputy delegation may apply.
    Agent(PersonId),
    /// A team: members of the team and of its parent teams may accept.
    Team(TeamId),
    /// The account's queue: any agent of the organisation may accept.
    Account(AccountId),
    /// Whoever holds the token.
    Anonymous,
}

/// The server's secret key for token digests: 32 random bytes the server keeps outside the
/// database, so a copy of the log alone cannot test PINs offline. Never printed.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct TokenKey([u8; 32]);

impl TokenKey {
    /// The key from its bytes.
    pub fn new(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    /// The HMAC-SHA256 of a PIN or link token under this key.
    pub fn digest(&self, token: &str) -> TokenDigest {
        use hmac::{Hmac, Mac};
        // HMAC accepts keys of any length, so this cannot fail for 32 bytes.
        let mut mac = <Hmac<sha2::Sha256> as Mac>::new_from_slice(&self.0)
            .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
        mac.update(token.as_bytes());
        TokenDigest(mac.finalize().into_bytes().into())
    }
}

impl fmt::Debug for TokenKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TokenKey(***)")
    }
}

/// What the log keeps of a PIN or link token: its keyed digest ([`TokenKey::digest`]), never
/// the secret. Written `hmac-sha256:` and 64 hex digits, a form no token can take (tokens are
/// digits or base64url), so a log written before digests can be told apart and migrated.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify), tsify(type = "string"))]
pub struct TokenDigest([u8; 32]);

/// The prefix of a written [`TokenDigest`].
const DIGEST_PREFIX: &str = "hmac-sha256:";

impl TokenDigest {
    /// Compares in time independent of where the digests differ.
    pub fn matches(&self, other: &TokenDigest) -> bool {
        bool::from(self.0.ct_eq(&other.0))
    }

    /// Reads the written form; `None` for anything else (such as a token stored in clear).
    pub fn parse(text: &str) -> Option<Self> {
        let hex = text.strip_prefix(DIGEST_PREFIX)?;
        if hex.len() != 64 {
            return None;
        }
        let mut bytes = [0u8; 32];
        for (byte, pair) in bytes.iter_mut().zip(hex.as_bytes().chunks(2)) {
            let pair = std::str::from_utf8(pair).ok()?;
            *byte = u8::from_str_radix(pair, 16).ok()?;
        }
        Some(Self(bytes))
    }
}

impl fmt::Display for TokenDigest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(DIGEST_PREFIX)?;
        self.0.iter().try_for_each(|b| write!(f, "{b:02x}"))
    }
}

impl fmt::Debug for TokenDigest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TokenDigest({self})")
    }
}

impl Serialize for TokenDigest {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for TokenDigest {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Self::parse(&text).ok_or_else(|| {
            serde::de::Error::custom("a token digest (a token stored in clear needs migrating)")
        })
    }
}

/// A secondary target: a deputy notified of a delegated request (Unblu's
/// `ConversationInvitationSecondaryTargetData`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct SecondaryTarget {
    /// The deputy.
    pub person: PersonId,
    /// Their answer so far.
    pub response: ResponseStatus,
    /// The delegation level they were notified on (none when added through the web API).
    pub level: Option<DelegationLevel>,
    /// Where they are listed among the agent's deputies.
    pub listed_as: Option<DeputyLevel>,
    /// When they were notified.
    pub notified_at: Timestamp,
}

/// Progress of a deputy delegation running on an invitation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct Delegation {
    /// Who is asked, in which order, with which countdowns.
    pub plan: DelegationPlan,
    /// The last level notified, if any.
    pub reached: Option<DelegationLevel>,
    /// Set once every level's countdown ran out without an Accept or Decline.
    pub unanswered_at: Option<Timestamp>,
}

/// A conversation invitation (Unblu's `ConversationInvitationData`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct Invitation {
    /// The invitation's id.
    pub id: InvitationId,
    /// The conversation it is for.
    pub conversation: ConversationId,
    /// The account it originated from.
    pub account: AccountId,
    /// What kind of invitation.
    pub invitation_type: InvitationType,
    /// Open, redeemed, revoked (expiry is derived from `expires_at`, see `state_at`).
    pub state: InvitationState,
    /// Who is expected to take it.
    pub target: InvitationTarget,
    /// Who created it.
    pub creator: Creator,
    /// The keyed digest of the PIN or link token, for visitor invitations.
    pub token: Option<TokenDigest>,
    /// When it was created.
    pub created_at: Timestamp,
    /// When it stops being valid.
    pub expires_at: Option<Timestamp>,
    /// The creator's note: shown to agents only, never to the visitor.
    pub comment: Option<String>,
    /// The target joins hidden.
    pub join_hidden: bool,
    /// E-mail address the invitation was sent to (visitor invitations).
    pub email: Option<String>,
    /// Nickname for the anonymous visitor who redeems it.
    pub nickname: Option<String>,
    /// The language its e-mail is written in (the inviter's locale, e.g. `de-CH`).
    #[serde(default)]
    pub locale: Option<String>,
    /// The primary target's answer.
    pub target_response_status: ResponseStatus,
    /// Deputies notified of it.
    pub secondary_targets: Vec<SecondaryTarget>,
    /// Who accepted or redeemed it.
    pub redeeming_person: Option<PersonId>,
    /// Wrong tokens tried against it since it was created or renewed.
    pub failed_attempts: u32,
    /// While set and in the future, no token is accepted.
    pub locked_until: Option<Timestamp>,
    /// The deputy delegation running on it, if any.
    pub delegation: Option<Delegation>,
    /// Made by SuperOffice's `TransferTo`: a forwarding to an agent like any other, which the
    /// hand-off history names a transfer.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub transfer: bool,
}

impl Invitation {
    /// A new open invitation: everything not given here starts empty (no token, expiry,
    /// comment, answers or delegation).
    pub fn open(
        id: InvitationId,
        conversation: ConversationId,
        account: AccountId,
        invitation_type: InvitationType,
        target: InvitationTarget,
        creator: Creator,
        created_at: Timestamp,
    ) -> Self {
        Self {
            id,
            conversation,
            account,
            invitation_type,
            state: InvitationState::Open,
            target,
            creator,
            token: None,
            created_at,
            expires_at: None,
            comment: None,
            join_hidden: false,
            email: None,
            nickname: None,
            locale: None,
            target_response_status: ResponseStatus::Pending,
            secondary_targets: Vec::new(),
            redeeming_person: None,
            failed_attempts: 0,
            locked_until: None,
            delegation: None,
            transfer: false,
        }
    }

    /// The state as seen at `now`: an open invitation past its expiry is `Expired`.
    pub fn state_at(&self, now: Timestamp) -> InvitationState {
        match (self.state, self.expires_at) {
            (InvitationState::Open, Some(expiry)) if now >= expiry => InvitationState::Expired,
            (state, _) => state,
        }
    }

    /// Open and not expired at `now`.
    pub fn is_open_at(&self, now: Timestamp) -> bool {
        self.state_at(now) == InvitationState::Open
    }

    /// The single agent it targets, if any.
    pub fn target_agent(&self) -> Option<&PersonId> {
        match &self.target {
            InvitationTarget::Agent(p) => Some(p),
            _ => None,
        }
    }

    /// The secondary target entry of `person`.
    pub fn secondary_target(&self, person: &PersonId) -> Option<&SecondaryTarget> {
        self.secondary_targets.iter().find(|t| &t.person == person)
    }

    /// The answers `person` is offered on `channel`: deputies of a delegated request get the
    /// actions configured for the queue or the push notification (seed 001); whoever else may
    /// answer a delegated request gets all four in the queue; anything else is accept or
    /// decline, and never through a push notification.
    pub fn offered_responses<'a>(
        &self,
        config: &'a Config,
        person: &PersonId,
        channel: ResponseChannel,
    ) -> &'a [DelegationResponse] {
        const ALL: &[DelegationResponse] = &[
            DelegationResponse::Accept,
            DelegationResponse::Decline,
            DelegationResponse::Ignore,
            DelegationResponse::Later,
        ];
        const PLAIN: &[DelegationResponse] =
            &[DelegationResponse::Accept, DelegationResponse::Decline];
        let delegated = self.delegation.is_some();
        let deputy = self.secondary_target(person).is_some();
        match channel {
            ResponseChannel::Queue if deputy && delegated => {
                &config.queue_deputy_delegation_available_notification_actions
            }
            ResponseChannel::PushNotification if delegated => {
                &config.push_deputy_delegation_available_notification_actions
            }
            ResponseChannel::PushNotification => &[],
            ResponseChannel::Queue if delegated => ALL,
            ResponseChannel::Queue => PLAIN,
        }
    }

    /// Everyone who has been asked so far: the target agent and every notified deputy.
    pub fn asked_persons(&self) -> impl Iterator<Item = &PersonId> {
        self.target_agent()
            .into_iter()
            .chain(self.secondary_targets.iter().map(|t| &t.person))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digests_depend_on_the_key_compare_exactly_and_round_trip() {
        let key = TokenKey::new([7; 32]);
        let pin = key.digest("123456");
        assert!(pin.matches(&key.digest("123456")));
        assert!(!pin.matches(&key.digest("123457")));
        assert!(!pin.matches(&TokenKey::new([8; 32]).digest("123456")));
        let written = serde_json::to_string(&pin).unwrap();
        assert!(written.starts_with("\"hmac-sha256:") && !written.contains("123456"));
        assert_eq!(serde_json::from_str::<TokenDigest>(&written).unwrap(), pin);
        assert!(serde_json::from_str::<TokenDigest>("\"123456\"").is_err());
        assert_eq!(format!("{key:?}"), "TokenKey(***)");
    }
}
