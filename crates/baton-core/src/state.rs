//! The domain state and `evolve`, the only code that changes it.
//!
//! `State` is what `decide` reads: configuration, the organisation, deputies, conversations
//! and invitations. It is rebuilt by folding the event log through `evolve`, so `evolve`
//! must accept every event `decide` ever produced, never fail and never consult anything but
//! the event and the state.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::config::Config;
use crate::conversation::{
    Conversation, ConversationState, OpenPrompt, ParticipationState, ParticipationType,
    PromptStatus,
};
use crate::deputy::DeputyRelationships;
use crate::directory::Directory;
use crate::event::{Author, Event};
use crate::id::{ConversationId, InvitationId, PersonId};
use crate::invitation::{
    Invitation, InvitationState, InvitationTarget, InvitationType, ResponseStatus, SecondaryTarget,
    TokenDigest, TokenKey,
};
use crate::time::Timestamp;

/// Everything the rules read.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct State {
    /// The settings in force.
    pub config: Config,
    /// The key PINs and link tokens are digested with: an input like `config`, never logged.
    #[serde(skip)]
    pub token_key: TokenKey,
    /// Accounts, teams, persons.
    pub directory: Directory,
    /// Each agent's assistants and deputies.
    pub deputies: BTreeMap<PersonId, DeputyRelationships>,
    /// Conversations by id.
    pub conversations: BTreeMap<ConversationId, Conversation>,
    /// Invitations by id.
    pub invitations: BTreeMap<InvitationId, Invitation>,
    /// Invitation ids per conversation, oldest first.
    invitations_by_conversation: BTreeMap<ConversationId, Vec<InvitationId>>,
    /// PIN and link invitations by the digest of their token (current and replaced PINs
    /// alike).
    tokens: BTreeMap<TokenDigest, Vec<InvitationId>>,
    /// Number of events applied.
    pub version: u64,
}

impl State {
    /// An empty state under `config`.
    pub fn new(config: Config) -> Self {
        Self {
            config,
            ..Self::default()
        }
    }

    /// The conversation's invitations, oldest first.
    pub fn invitations_of<'a>(
        &'a self,
        conversation: &ConversationId,
    ) -> impl Iterator<Item = &'a Invitation> + 'a {
        self.invitations_by_conversation
            .get(conversation)
            .into_iter()
            .flatten()
            .filter_map(|id| self.invitations.get(id))
    }

    /// An empty state under `config`, digesting tokens with `token_key`.
    pub fn with_token_key(config: Config, token_key: TokenKey) -> Self {
        Self {
            token_key,
            ..Self::new(config)
        }
    }

    /// The PIN and link invitations that ever had a token of this digest (current and
    /// replaced PINs alike), oldest first.
    pub fn token_invitations<'a>(
        &'a self,
        token: &TokenDigest,
    ) -> impl Iterator<Item = &'a Invitation> + 'a {
        self.tokens
            .get(token)
            .into_iter()
            .flatten()
            .filter_map(|id| self.invitations.get(id))
    }

    /// The PIN or link invitation `token` opens, if it can be redeemed at `now`: its current
    /// token, open, its conversation not closing (what a redemption needs, short of the
    /// checks on who redeems).
    pub fn redeemable(&self, token: &str, now: Timestamp) -> Option<&Invitation> {
        let digest = self.token_key.digest(token);
        self.token_invitations(&digest)
            .filter(|i| i.token.is_some_and(|t| t.matches(&digest)))
            .find(|i| {
                i.is_open_at(now)
                    && self
                        .conversations
                        .get(&i.conversation)
                        .is_some_and(|c| !c.is_closing())
            })
    }

    /// The pending transfer of a conversation (SuperOffice `TransferTo`): its open
    /// forwarding to a single agent, as (invitation, receiving agent).
    pub fn pending_transfer(&self, id: &ConversationId) -> Option<(&InvitationId, &PersonId)> {
        self.invitations_of(id)
            .find_map(|i| match (&i.target, i.invitation_type, i.state) {
                (
                    InvitationTarget::Agent(agent),
                    InvitationType::AgentForwarding,
                    InvitationState::Open,
                ) => Some((&i.id, agent)),
                _ => None,
            })
    }

    /// The agent's deputies (empty if none were written).
    pub fn deputies_of(&self, agent: &PersonId) -> DeputyRelationships {
        self.deputies.get(agent).cloned().unwrap_or_default()
    }

    /// Applies one event in place.
    pub fn apply(&mut self, event: &Event) {
        self.version += 1;
        match event {
            Event::AccountCreated { account } => {
                self.directory
                    .accounts
                    .insert(account.id.clone(), account.clone());
            }
            Event::TeamCreated { team } => {
                self.directory.teams.insert(team.id.clone(), team.clone());
            }
            Event::PersonRegistered { person } => {
                self.directory
                    .persons
                    .insert(person.id.clone(), person.clone());
            }
            Event::PresenceChanged { person, presence } => {
                if let Some(p) = self.directory.persons.get_mut(person) {
                    p.presence = *presence;
                }
            }
            Event::NotificationChannelsChanged { person, channels } => {
                if let Some(p) = self.directory.persons.get_mut(person) {
                    p.notifications = *channels;
                }
            }
            Event::DeputiesWritten {
                agent,
                relationships,
            } => {
                if relationships.is_empty() {
                    self.deputies.remove(agent);
                } else {
                    self.deputies.insert(agent.clone(), relationships.clone());
                }
            }
            Event::ConversationCreated {
                conversation,
                account,
                topic,
                recipient,
                at,
            } => {
                self.conversations.insert(
                    conversation.clone(),
                    Conversation {
                        id: conversation.clone(),
                        account: account.clone(),
                        topic: topic.clone(),
                        state: ConversationState::Created,
                        participants: Vec::new(),
                        awaited_person_type: Default::default(),
                        recipient: recipient.clone(),
                        created_at: *at,
                        last_visitor_message_at: None,
                        prompt: PromptStatus::default(),
                    },
                );
            }
            Event::ConversationStateChanged {
                conversation,
                state,
                ..
            } => {
                if let Some(c) = self.conversations.get_mut(conversation) {
                    c.state = *state;
                    if *state == ConversationState::Ended {
                        for p in &mut c.participants {
                            p.state = ParticipationState::Ended;
                        }
                        c.prompt.open = None;
                    }
                }
            }
            Event::ParticipantAdded {
                conversation,
                participant,
            } => {
                if let Some(c) = self.conversations.get_mut(conversation) {
                    c.participants.push(participant.clone());
                }
            }
            Event::AssigneeChanged {
                conversation,
                assignee,
                previous,
            } => {
                if let Some(c) = self.conversations.get_mut(conversation) {
                    if let Some(p) = previous.as_ref().and_then(|p| c.participant_mut(p)) {
                        p.participation_type = ParticipationType::SecondaryAgent;
                    }
                    if let Some(p) = c.participant_mut(assignee) {
                        p.participation_type = ParticipationType::AssignedAgent;
                    }
                }
            }
            Event::ParticipantVisibilityChanged {
                conversation,
                person,
                hidden,
                ..
            } => {
                if let Some(p) = self
                    .conversations
                    .get_mut(conversation)
                    .and_then(|c| c.participant_mut(person))
                {
                    p.hidden = *hidden;
                }
            }
            Event::ParticipantOffboarded {
                conversation,
                person,
                ..
            } => {
                if let Some(p) = self
                    .conversations
                    .get_mut(conversation)
                    .and_then(|c| c.participant_mut(person))
                {
                    p.state = ParticipationState::Ended;
                }
            }
            Event::AwaitedPersonTypeChanged {
                conversation,
                awaited,
            } => {
                if let Some(c) = self.conversations.get_mut(conversation) {
                    c.awaited_person_type = *awaited;
                }
            }
            Event::MessagePosted {
                conversation,
                author,
                at,
                ..
            } => {
                let by_visitor = match author {
                    Author::Person(p) => self.directory.person(p).is_some_and(|p| p.is_visitor()),
                    Author::Concierge => false,
                };
                if let Some(c) = self.conversations.get_mut(conversation)
                    && by_visitor
                {
                    c.last_visitor_message_at = Some(*at);
                }
            }
            Event::DeputyPromptOffered {
                conversation,
                prompt,
                at,
                expires_at,
            } => {
                if let Some(c) = self.conversations.get_mut(conversation) {
                    c.prompt.open = Some(OpenPrompt {
                        id: prompt.clone(),
                        offered_at: *at,
                        expires_at: *expires_at,
                    });
                }
            }
            Event::DeputyPromptAnswered {
                conversation,
                accepted,
                at,
                ..
            } => {
                if let Some(c) = self.conversations.get_mut(conversation) {
                    c.prompt.open = None;
                    if !accepted {
                        c.prompt.last_declined_at = Some(*at);
                    }
                }
            }
            Event::DeputyPromptCancelled { conversation, .. } => {
                if let Some(c) = self.conversations.get_mut(conversation) {
                    c.prompt.open = None;
                }
            }
            Event::InvitationCreated { invitation } => {
                if let Some(token) = &invitation.token {
                    self.tokens
                        .entry(*token)
                        .or_default()
                        .push(invitation.id.clone());
                }
                self.invitations_by_conversation
                    .entry(invitation.conversation.clone())
                    .or_default()
                    .push(invitation.id.clone());
                self.invitations
                    .insert(invitation.id.clone(), (**invitation).clone());
            }
            Event::PinRenewed {
                invitation,
                pin,
                expires_at,
                ..
            } => {
                if let Some(i) = self.invitations.get_mut(invitation) {
                    if let Some(pin) = pin {
                        self.tokens
                            .entry(*pin)
                            .or_default()
                            .push(invitation.clone());
                        i.token = Some(*pin);
                    }
                    i.expires_at = Some(*expires_at);
                    i.failed_attempts = 0;
                    i.locked_until = None;
                }
            }
            Event::InvitationRevoked { invitation, .. } => {
                if let Some(i) = self.invitations.get_mut(invitation) {
                    i.state = InvitationState::Revoked;
                    cancel_pending(i, None);
                }
            }
            Event::InvitationIgnored {
                invitation, person, ..
            } => {
                if let Some(i) = self.invitations.get_mut(invitation) {
                    set_response(i, person, ResponseStatus::Ignored);
                }
            }
            Event::InvitationAccepted {
                invitation, person, ..
            } => {
                if let Some(i) = self.invitations.get_mut(invitation) {
                    i.state = InvitationState::Redeemed;
                    i.redeeming_person = Some(person.clone());
                    set_response(i, person, ResponseStatus::Accepted);
                    cancel_pending(i, Some(person));
                }
            }
            Event::InvitationDeclined {
                invitation, person, ..
            } => {
                if let Some(i) = self.invitations.get_mut(invitation) {
                    i.state = InvitationState::Revoked;
                    set_response(i, person, ResponseStatus::Declined);
                    cancel_pending(i, Some(person));
                }
            }
            Event::TokenRedeemed {
                invitation,
                visitor,
                ..
            } => {
                if let Some(i) = self.invitations.get_mut(invitation) {
                    i.state = InvitationState::Redeemed;
                    i.redeeming_person = Some(visitor.clone());
                    i.target_response_status = ResponseStatus::Accepted;
                }
            }
            Event::RedemptionFailed {
                invitation,
                failed_attempts,
                locked_until,
                ..
            } => {
                if let Some(i) = self.invitations.get_mut(invitation) {
                    i.failed_attempts = *failed_attempts;
                    i.locked_until = *locked_until;
                }
            }
            Event::DeputiesNotified {
                invitation,
                level,
                deputies,
                at,
                ..
            } => {
                if let Some(i) = self.invitations.get_mut(invitation) {
                    for d in deputies {
                        if i.secondary_target(&d.person).is_some() {
                            continue;
                        }
                        let response = if d.channels.is_disabled() {
                            ResponseStatus::Ignored
                        } else {
                            ResponseStatus::Pending
                        };
                        i.secondary_targets.push(SecondaryTarget {
                            person: d.person.clone(),
                            response,
                            level: *level,
                            listed_as: level.map(|_| d.listed_as),
                            notified_at: *at,
                        });
                    }
                    if let (Some(delegation), Some(level)) = (i.delegation.as_mut(), level) {
                        delegation.reached = Some(*level);
                    }
                }
            }
            Event::DelegationUnanswered { invitation, at, .. } => {
                if let Some(d) = self
                    .invitations
                    .get_mut(invitation)
                    .and_then(|i| i.delegation.as_mut())
                {
                    d.unanswered_at = Some(*at);
                }
            }
        }
    }
}

/// Folds one event into the state (the functional form of `State::apply`).
pub fn evolve(mut state: State, event: &Event) -> State {
    state.apply(event);
    state
}

fn set_response(invitation: &mut Invitation, person: &PersonId, response: ResponseStatus) {
    if invitation.target_agent() == Some(person) {
        invitation.target_response_status = response;
    } else if let Some(t) = invitation
        .secondary_targets
        .iter_mut()
        .find(|t| &t.person == person)
    {
        t.response = response;
    } else if invitation.target_response_status == ResponseStatus::Pending {
        // A team or queue member answered: the answer is the target's.
        invitation.target_response_status = response;
    }
}

fn cancel_pending(invitation: &mut Invitation, except: Option<&PersonId>) {
    let target_is_responder = except.is_some_and(|p| invitation.target_agent() == Some(p));
    if !target_is_responder && invitation.target_response_status == ResponseStatus::Pending {
        invitation.target_response_status = ResponseStatus::Canceled;
    }
    for t in &mut invitation.secondary_targets {
        if Some(&t.person) != except && t.response == ResponseStatus::Pending {
            t.response = ResponseStatus::Canceled;
        }
    }
}
