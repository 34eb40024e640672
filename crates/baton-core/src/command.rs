//! Commands: everything anyone can ask the domain to do.
//!
//! A command carries every input the decision needs that the domain must not produce itself:
//! ids for the entities it creates, PINs and link tokens (from the caller's CSPRNG), the new
//! visitor record for an anonymous redemption. `decide` turns a command into events or an error.

use serde::{Deserialize, Serialize};

use crate::actor::Actor;
use crate::conversation::{AwaitedPersonType, OffboardingReason, ParticipationType, Recipient};
use crate::deputy::{DelegationLevel, Deputy, DeputyLevel, DeputyRelationships, PlannedDeputy};
use crate::directory::{NotificationChannels, Person, PresenceState};
use crate::id::{AccountId, ConversationId, InvitationId, MessageId, PersonId, PromptId, TeamId};
use crate::invitation::DelegationResponse;

/// Where a write of an agent's deputies comes from: the agent UI may not touch externally
/// managed levels; the web API writes exactly those.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum DeputyWriteSource {
    /// The deputies editor in the agent UI.
    AgentUi,
    /// `deputyrelationships/writeAgentDeputies` and friends.
    WebApi,
}

impl DeputyWriteSource {
    /// How `actor` writes `agent`'s deputies: as the agent UI when editing their own, through
    /// the web API otherwise (which decides which levels they may touch).
    pub fn of(actor: &Actor, agent: &PersonId) -> Self {
        match actor {
            Actor::Agent(id) if id == agent => Self::AgentUi,
            _ => Self::WebApi,
        }
    }
}

/// One change to one level of an agent's deputies (Unblu's per-link `deputyrelationships/create`
/// and `delete`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum DeputyEdit {
    /// Append the deputy to the level.
    Add,
    /// Take the deputy off the level.
    Remove,
}

/// Where an agent answered a delegated request: each place offers its configured actions
/// (`com.unblu.queue.ui...` and `com.unblu.core.push_notification...`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ResponseChannel {
    /// The queue or the conversation preview in the agent UI.
    Queue,
    /// The actions on a web push notification.
    PushNotification,
}

/// How a visitor identifies the invitation they redeem.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "SCREAMING_SNAKE_CASE")]
pub enum TokenLookup {
    /// A PIN typed into the PIN entry.
    Pin {
        /// The PIN as typed.
        pin: String,
    },
    /// An e-mail or shared link: the invitation and its token.
    Link {
        /// The invitation named in the link.
        invitation: InvitationId,
        /// The token from the link.
        token: String,
    },
}

/// A request to change the domain.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "command", rename_all = "camelCase")]
pub enum Command {
    /// Create an account (organisation), optionally under a parent organisation.
    CreateAccount {
        /// New account id.
        id: AccountId,
        /// Name.
        name: String,
        /// Parent organisation.
        parent: Option<AccountId>,
    },
    /// Create a team, optionally under a parent team.
    CreateTeam {
        /// New team id.
        id: TeamId,
        /// Owning account.
        account: AccountId,
        /// Name.
        name: String,
        /// Parent team.
        parent: Option<TeamId>,
    },
    /// Register an agent, visitor or bot.
    RegisterPerson {
        /// The new person.
        person: Person,
    },
    /// Change a person's presence (online, away, offline).
    SetPresence {
        /// Whose.
        person: PersonId,
        /// New presence.
        presence: PresenceState,
    },
    /// Change how a person is notified.
    SetNotificationChannels {
        /// Whose.
        person: PersonId,
        /// New channels.
        channels: NotificationChannels,
    },
    /// Replace an agent's assistants and deputies.
    WriteAgentDeputies {
        /// Whose deputies.
        agent: PersonId,
        /// The complete new relationships.
        relationships: DeputyRelationships,
        /// Agent UI or web API.
        source: DeputyWriteSource,
    },
    /// Add one deputy to one level of an agent's deputies, or remove them, against the list as
    /// it is when the command is decided: concurrent edits of one agent's deputies all land.
    EditAgentDeputy {
        /// Whose deputies.
        agent: PersonId,
        /// Which level.
        level: DeputyLevel,
        /// Who is added or removed.
        deputy: Deputy,
        /// Add or remove.
        edit: DeputyEdit,
        /// Agent UI or web API.
        source: DeputyWriteSource,
    },
    /// Start a conversation.
    CreateConversation {
        /// New conversation id.
        id: ConversationId,
        /// Owning account.
        account: AccountId,
        /// Optional topic.
        topic: Option<String>,
        /// The customer (context person), if any.
        visitor: Option<PersonId>,
        /// An agent assigned from the start (a long-running relationship conversation).
        assignee: Option<PersonId>,
        /// Who the request goes to when there is no assignee (agent, team, or the queue).
        recipient: Option<Recipient>,
        /// Id for the assignment request, needed when there is no assignee.
        request: Option<InvitationId>,
    },
    /// Add a participant (Unblu `addParticipant`).
    AddParticipant {
        /// Where.
        conversation: ConversationId,
        /// Who.
        person: PersonId,
        /// Secondary agent or secondary visitor.
        participation_type: ParticipationType,
        /// Join hidden (secondary agents and bots only).
        hidden: bool,
    },
    /// Make an active, visible participant the assignee (Unblu `setAssigneePerson`).
    SetAssignee {
        /// Where.
        conversation: ConversationId,
        /// The new assignee.
        person: PersonId,
    },
    /// Hide or show a participant (Unblu `changeParticipantVisibility`).
    ChangeParticipantVisibility {
        /// Where.
        conversation: ConversationId,
        /// Who.
        person: PersonId,
        /// Hidden or not.
        hidden: bool,
    },
    /// Remove a participant (Unblu `offboardParticipant`).
    OffboardParticipant {
        /// Where.
        conversation: ConversationId,
        /// Who.
        person: PersonId,
        /// Why.
        reason: OffboardingReason,
        /// A note that is not shown in the conversation.
        comment: Option<String>,
    },
    /// Bring a conversation's auto-synced assistants in line with the assignee's assistants
    /// (issued in batches by the assistants auto-sync, see `assistant_sync`).
    SyncAssistants {
        /// Which conversation.
        conversation: ConversationId,
        /// Every assistant who should be in the conversation because of the sync.
        assistants: Vec<PersonId>,
        /// Whether auto-synced assistants are hidden (`hideAutoSyncedAssistants`).
        hidden: bool,
    },
    /// Set who must react next (Unblu `setAwaitedPersonType`).
    SetAwaitedPersonType {
        /// Where.
        conversation: ConversationId,
        /// Who is awaited.
        awaited: AwaitedPersonType,
    },
    /// End a conversation.
    EndConversation {
        /// Which.
        conversation: ConversationId,
    },
    /// Post a message. A visitor's message may offer the deputy prompt.
    PostMessage {
        /// Where.
        conversation: ConversationId,
        /// New message id.
        message: MessageId,
        /// The text (plain text, never HTML).
        text: String,
    },
    /// Answer "Invite a deputy?".
    AnswerDeputyPrompt {
        /// Where.
        conversation: ConversationId,
        /// Which prompt.
        prompt: PromptId,
        /// Accept (start the delegation) or decline.
        accept: bool,
        /// Id of the deputy invitation created on accept.
        invitation: InvitationId,
    },
    /// Cancel a prompt that was not answered in time (the scheduler does this).
    CancelDeputyPrompt {
        /// Where.
        conversation: ConversationId,
        /// Which prompt.
        prompt: PromptId,
    },
    /// Forward to an agent who does not participate (Unblu `forwardConversationToAgent`).
    ForwardToAgent {
        /// Which conversation.
        conversation: ConversationId,
        /// New invitation id.
        invitation: InvitationId,
        /// The receiving agent.
        agent: PersonId,
        /// A note for the receiving agent; never shown to the visitor.
        comment: Option<String>,
    },
    /// Forward to a team (Unblu `forwardConversationToTeam`).
    ForwardToTeam {
        /// Which conversation.
        conversation: ConversationId,
        /// New invitation id.
        invitation: InvitationId,
        /// The receiving team.
        team: TeamId,
        /// A note for the receiving agents.
        comment: Option<String>,
    },
    /// Invite an agent as a secondary participant (Unblu `inviteAgentToConversation`).
    InviteAgent {
        /// Which conversation.
        conversation: ConversationId,
        /// New invitation id.
        invitation: InvitationId,
        /// The invited agent.
        agent: PersonId,
        /// A message for the invited agent.
        comment: Option<String>,
        /// Join hidden.
        join_hidden: bool,
    },
    /// Invite a team's agents as secondary participants (Unblu `inviteTeamToConversation`).
    InviteTeam {
        /// Which conversation.
        conversation: ConversationId,
        /// New invitation id.
        invitation: InvitationId,
        /// The invited team.
        team: TeamId,
        /// A message for the invited agents.
        comment: Option<String>,
        /// Join hidden.
        join_hidden: bool,
    },
    /// Invite a customer with a PIN (Unblu `inviteAnonymousVisitorToConversationWithPin`).
    InviteVisitorWithPin {
        /// Which conversation.
        conversation: ConversationId,
        /// New invitation id.
        invitation: InvitationId,
        /// The PIN (digits from a CSPRNG).
        pin: String,
        /// Nickname for the visitor who redeems it.
        nickname: Option<String>,
    },
    /// Invite a customer by e-mail (Unblu `inviteAnonymousVisitorToConversationWithEmail`).
    InviteVisitorWithEmail {
        /// Which conversation.
        conversation: ConversationId,
        /// New invitation id.
        invitation: InvitationId,
        /// Where the link is sent.
        email: String,
        /// The link token (128 random bits).
        token: String,
        /// Nickname for the visitor who redeems it.
        nickname: Option<String>,
        /// The language the e-mail is written in (the inviter's locale).
        locale: Option<String>,
    },
    /// Create a shareable link (Unblu `inviteAnonymousVisitorToConversationWithLink`).
    InviteVisitorWithLink {
        /// Which conversation.
        conversation: ConversationId,
        /// New invitation id.
        invitation: InvitationId,
        /// The link token (128 random bits).
        token: String,
        /// Nickname for the visitor who redeems it.
        nickname: Option<String>,
    },
    /// Replace a PIN and restart its lifetime (Unblu `renewPin`).
    RenewPin {
        /// Which invitation.
        invitation: InvitationId,
        /// The new PIN.
        pin: String,
    },
    /// Revoke an open invitation (Unblu `revoke`).
    RevokeInvitation {
        /// Which invitation.
        invitation: InvitationId,
    },
    /// Redeem a PIN or link: the visitor joins the conversation.
    RedeemToken {
        /// PIN or link.
        lookup: TokenLookup,
        /// The anonymous visitor to create, when nobody is signed in.
        new_visitor: Option<Person>,
    },
    /// Answer a request, forwarding, invitation or delegated request.
    RespondToInvitation {
        /// Which invitation.
        invitation: InvitationId,
        /// Accept, decline, ignore or later.
        response: DelegationResponse,
        /// Where the answer was given.
        channel: ResponseChannel,
    },
    /// Put a conversation back into the queue (Unblu `requeueConversation`).
    RequeueConversation {
        /// Which conversation.
        conversation: ConversationId,
        /// Id for the new assignment request.
        request: InvitationId,
    },
    /// Ask the assignee's deputies to join (Unblu `startDeputyDelegation`).
    StartDeputyDelegation {
        /// Which conversation.
        conversation: ConversationId,
        /// New deputy invitation id.
        invitation: InvitationId,
        /// The level to start at.
        level: DelegationLevel,
        /// The deputy who accepts joins hidden.
        join_hidden: bool,
    },
    /// Add a deputy as a secondary target (Unblu `addSecondaryInvitationTarget`).
    AddSecondaryInvitationTarget {
        /// Which invitation.
        invitation: InvitationId,
        /// The deputy.
        person: PersonId,
    },
    /// Record that the delegation notified a level (the scheduler does this).
    RecordDeputiesNotified {
        /// Which invitation.
        invitation: InvitationId,
        /// The level notified.
        level: DelegationLevel,
        /// Who was notified.
        deputies: Vec<PlannedDeputy>,
    },
    /// Record that the delegation ran out of levels (the scheduler does this).
    RecordDelegationUnanswered {
        /// Which invitation.
        invitation: InvitationId,
    },
    /// Unassign (seed 003): the organisation's other agents see the conversation again.
    Unassign {
        /// Which conversation.
        conversation: ConversationId,
    },
    /// SuperOffice `TransferTo`: a pending transfer to another agent.
    TransferTo {
        /// Which conversation.
        conversation: ConversationId,
        /// New forwarding id.
        invitation: InvitationId,
        /// The receiving agent.
        agent: PersonId,
    },
    /// SuperOffice `AcceptTransfer`, by the receiving agent.
    AcceptTransfer {
        /// Which conversation.
        conversation: ConversationId,
    },
    /// SuperOffice `RejectTransfer`, by the receiving agent.
    RejectTransfer {
        /// Which conversation.
        conversation: ConversationId,
    },
}
