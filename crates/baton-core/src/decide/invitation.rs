//! Decisions about invitations: inviting agents, teams and customers (seed 002), PINs and
//! links (renew, revoke, redeem with attempt limits), and answering requests, forwardings,
//! invitations and delegated requests (Accept, Decline, Ignore, Later; seed 001).

use super::{
    Decision, MAX_SHORT_TEXT, NewInvitation, agent, agent_for, assign, creator, delegation_for,
    ensure, ensure_new_invitation, invitation, managed_conversation, optional_text, participant,
    state_change,
};
use crate::access;
use crate::actor::Actor;
use crate::command::{Command, ResponseChannel, TokenLookup};
use crate::config::{MIN_LINK_TOKEN_CHARS, MIN_PIN_DIGITS};
use crate::conversation::{ConversationState, OffboardingReason, ParticipationType};
use crate::deputy::DelegationStart;
use crate::directory::{AuthorizationRole, OrganisationRelation, Person, PersonType};
use crate::error::DomainError;
use crate::event::{Audience, Author, Event, MessageBody};
use crate::id::{InvitationId, MessageId, PersonId};
use crate::invitation::{
    Creator, DelegationResponse, Invitation, InvitationState, InvitationTarget, InvitationType,
    ResponseStatus, TokenDigest, is_valid_email,
};
use crate::state::State;
use crate::text::TextKey;
use crate::time::Timestamp;

/// Longest PIN accepted.
const MAX_PIN_DIGITS: usize = 12;
/// Longest link token accepted.
const MAX_LINK_TOKEN_CHARS: usize = 128;
/// Longest nickname accepted.
const MAX_NICKNAME: usize = 100;

fn open_invitation_for<'a>(
    state: &'a State,
    conversation: &crate::id::ConversationId,
    target: &InvitationTarget,
) -> Option<&'a Invitation> {
    state.invitations_of(conversation).find(|i| {
        i.state == InvitationState::Open
            && &i.target == target
            && matches!(
                i.invitation_type,
                InvitationType::AgentInvitation
                    | InvitationType::AgentForwarding
                    | InvitationType::AssignmentRequest
            )
    })
}

pub(super) fn invite_agents(
    state: &State,
    actor: &Actor,
    command: Command,
    now: Timestamp,
) -> Decision {
    let (conversation, id, target, comment, join_hidden) = match command {
        Command::InviteAgent {
            conversation,
            invitation,
            agent,
            comment,
            join_hidden,
        } => (
            conversation,
            invitation,
            InvitationTarget::Agent(agent),
            comment,
            join_hidden,
        ),
        Command::InviteTeam {
            conversation,
            invitation,
            team,
            comment,
            join_hidden,
        } => (
            conversation,
            invitation,
            InvitationTarget::Team(team),
            comment,
            join_hidden,
        ),
        _ => return Err(DomainError::InvalidInput("not an agent or team invitation")),
    };
    let c = managed_conversation(state, actor, &conversation)?;
    match &target {
        InvitationTarget::Agent(a) => {
            agent_for(state, c, a)?;
            ensure(
                c.participant(a).is_none(),
                DomainError::AlreadyParticipant(a.clone()),
            )?;
        }
        InvitationTarget::Team(t) => {
            let team = state
                .directory
                .team(t)
                .ok_or_else(|| DomainError::UnknownTeam(t.clone()))?;
            ensure(
                state
                    .directory
                    .organisation_relation(&team.account, &c.account)
                    != OrganisationRelation::Other,
                // Another bank's teams do not exist for this conversation.
                DomainError::UnknownTeam(t.clone()),
            )?;
        }
        _ => return Err(DomainError::InvalidInput("invite an agent or a team")),
    }
    if let Some(existing) = open_invitation_for(state, &conversation, &target) {
        return Err(DomainError::ConflictingInvitation(existing.id.clone()));
    }
    ensure_new_invitation(state, &id)?;
    let mut invitation = NewInvitation {
        id,
        conversation: c,
        invitation_type: InvitationType::AgentInvitation,
        target: target.clone(),
        creator: creator(actor),
        now,
    }
    .build();
    invitation.comment = optional_text(comment, MAX_SHORT_TEXT, "the comment is too long")?;
    invitation.join_hidden = join_hidden;
    if let InvitationTarget::Agent(a) = &target {
        invitation.delegation = delegation_for(state, a, DelegationStart::AwaitAgent);
    }
    Ok(vec![Event::InvitationCreated {
        invitation: Box::new(invitation),
    }])
}

fn valid_pin(
    state: &State,
    pin: &str,
    except: Option<&InvitationId>,
) -> Result<TokenDigest, DomainError> {
    ensure(
        (MIN_PIN_DIGITS..=MAX_PIN_DIGITS).contains(&pin.len())
            && pin.bytes().all(|b| b.is_ascii_digit()),
        DomainError::InvalidInput("a PIN has 6 to 12 digits"),
    )?;
    let digest = state.token_key.digest(pin);
    let taken = state.token_invitations(&digest).any(|i| {
        i.state == InvitationState::Open
            && Some(&i.id) != except
            && i.token.is_some_and(|t| t.matches(&digest))
    });
    // The caller draws another PIN: open PINs must be unique to identify their invitation.
    ensure(
        !taken,
        DomainError::AlreadyExists("an open invitation with this PIN".to_owned()),
    )?;
    Ok(digest)
}

fn valid_link_token(state: &State, token: &str) -> Result<TokenDigest, DomainError> {
    ensure(
        (MIN_LINK_TOKEN_CHARS..=MAX_LINK_TOKEN_CHARS).contains(&token.len())
            && token
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'),
        DomainError::InvalidInput("a link token has 22 to 128 URL-safe characters"),
    )?;
    Ok(state.token_key.digest(token))
}

/// A locale tag such as `de-CH` is short.
const MAX_LOCALE: usize = 35;

fn valid_email(email: &str) -> Result<String, DomainError> {
    let email = email.trim();
    ensure(
        is_valid_email(email),
        DomainError::InvalidInput("the e-mail address is not valid"),
    )?;
    Ok(email.to_owned())
}

pub(super) fn invite_visitor(
    state: &State,
    actor: &Actor,
    command: Command,
    now: Timestamp,
) -> Decision {
    let (conversation, id, token, email, locale, nickname, pin) = match command {
        Command::InviteVisitorWithPin {
            conversation,
            invitation,
            pin,
            nickname,
        } => (
            conversation,
            invitation,
            valid_pin(state, &pin, None)?,
            None,
            None,
            nickname,
            true,
        ),
        Command::InviteVisitorWithEmail {
            conversation,
            invitation,
            email,
            token,
            nickname,
            locale,
        } => (
            conversation,
            invitation,
            valid_link_token(state, &token)?,
            Some(valid_email(&email)?),
            optional_text(locale, MAX_LOCALE, "the locale is too long")?,
            nickname,
            false,
        ),
        Command::InviteVisitorWithLink {
            conversation,
            invitation,
            token,
            nickname,
        } => (
            conversation,
            invitation,
            valid_link_token(state, &token)?,
            None,
            None,
            nickname,
            false,
        ),
        _ => return Err(DomainError::InvalidInput("not a visitor invitation")),
    };
    let c = managed_conversation(state, actor, &conversation)?;
    ensure_new_invitation(state, &id)?;
    let (invitation_type, ttl) = if pin {
        (
            InvitationType::PinConversation,
            state.config.pin_time_to_live_seconds,
        )
    } else {
        (
            InvitationType::VisitorInvitation,
            state.config.link_time_to_live_seconds,
        )
    };
    let mut invitation = NewInvitation {
        id,
        conversation: c,
        invitation_type,
        target: InvitationTarget::Anonymous,
        creator: creator(actor),
        now,
    }
    .build();
    invitation.token = Some(token);
    invitation.expires_at = Some(now.plus_seconds(ttl));
    invitation.email = email;
    invitation.locale = locale;
    invitation.nickname = optional_text(nickname, MAX_NICKNAME, "the nickname is too long")?;
    Ok(vec![Event::InvitationCreated {
        invitation: Box::new(invitation),
    }])
}

/// The invitation, if the actor may manage its conversation.
fn managed_invitation<'a>(
    state: &'a State,
    actor: &Actor,
    id: &InvitationId,
) -> Result<&'a Invitation, DomainError> {
    let i = invitation(state, id)?;
    let c = state
        .conversations
        .get(&i.conversation)
        .filter(|_| access::can_view_invitation(state, actor, i))
        .ok_or_else(|| DomainError::UnknownInvitation(id.clone()))?;
    let is_creator = i.creator.person().is_some() && i.creator.person() == actor.person();
    ensure(
        is_creator || access::can_manage(state, actor, c),
        DomainError::NotAllowed(
            "only the creator or someone managing the conversation may do this",
        ),
    )?;
    Ok(i)
}

pub(super) fn renew_pin(
    state: &State,
    actor: &Actor,
    id: &InvitationId,
    pin: String,
    now: Timestamp,
) -> Decision {
    let i = managed_invitation(state, actor, id)?;
    ensure(
        i.invitation_type == InvitationType::PinConversation,
        DomainError::InvalidInput("only PIN invitations have a PIN to renew"),
    )?;
    let current = i.state_at(now);
    ensure(
        matches!(current, InvitationState::Open | InvitationState::Expired),
        DomainError::InvitationClosed(current),
    )?;
    let token = valid_pin(state, &pin, Some(id))?;
    Ok(vec![Event::PinRenewed {
        conversation: i.conversation.clone(),
        invitation: id.clone(),
        pin: Some(token),
        expires_at: now.plus_seconds(state.config.pin_time_to_live_seconds),
        by: Some(creator(actor)),
    }])
}

pub(super) fn revoke(state: &State, actor: &Actor, id: &InvitationId, now: Timestamp) -> Decision {
    let i = managed_invitation(state, actor, id)?;
    let current = i.state_at(now);
    ensure(
        current == InvitationState::Open,
        DomainError::InvitationClosed(current),
    )?;
    Ok(vec![Event::InvitationRevoked {
        conversation: i.conversation.clone(),
        invitation: id.clone(),
        by: Some(creator(actor)),
    }])
}

/// The refusal for a correct token on an invitation that can no longer be used.
fn closed_token_error(state: InvitationState) -> DomainError {
    match state {
        InvitationState::Redeemed => DomainError::TokenRedeemed,
        InvitationState::Revoked => DomainError::TokenRevoked,
        InvitationState::Expired | InvitationState::Open => DomainError::TokenExpired,
    }
}

const ONLY_VISITORS_REDEEM: &str = "only visitors redeem invitations";

pub(super) fn redeem(
    state: &State,
    actor: &Actor,
    lookup: TokenLookup,
    new_visitor: Option<Person>,
    now: Timestamp,
) -> Decision {
    // Checked before the token is looked up, so that an agent's attempt tells nothing about it.
    ensure(
        matches!(actor, Actor::Visitor(_) | Actor::Anonymous),
        DomainError::NotAllowed(ONLY_VISITORS_REDEEM),
    )?;
    let is_token_invitation = |i: &&Invitation| {
        matches!(
            i.invitation_type,
            InvitationType::PinConversation | InvitationType::VisitorInvitation
        )
    };
    let i = match &lookup {
        TokenLookup::Pin { pin } => {
            let pin = state.token_key.digest(pin.trim());
            // Prefer an open invitation; a closed one with the same PIN explains the refusal.
            // Invitations whose PIN was since replaced are indexed too, and do not match.
            let mut matching: Vec<&Invitation> = state
                .token_invitations(&pin)
                .filter(|i| {
                    i.invitation_type == InvitationType::PinConversation
                        && i.token.is_some_and(|t| t.matches(&pin))
                })
                .collect();
            matching.sort_by_key(|i| {
                (
                    i.state != InvitationState::Open,
                    std::cmp::Reverse(i.created_at),
                )
            });
            let Some(i) = matching.first().copied() else {
                return Err(DomainError::WrongToken);
            };
            if let Some(until) = i.locked_until.filter(|u| now < *u) {
                return Err(DomainError::TooManyAttempts { until });
            }
            i
        }
        TokenLookup::Link { invitation, token } => {
            let i = state
                .invitations
                .get(invitation)
                .filter(is_token_invitation)
                .ok_or(DomainError::WrongToken)?;
            if let Some(until) = i.locked_until.filter(|u| now < *u) {
                return Err(DomainError::TooManyAttempts { until });
            }
            let candidate = state.token_key.digest(token);
            let known = i.token.is_some_and(|t| t.matches(&candidate));
            if !known {
                let previous = if i.locked_until.is_some() {
                    0
                } else {
                    i.failed_attempts
                };
                let failed_attempts = previous.saturating_add(1);
                let locked_until = (failed_attempts >= state.config.max_redemption_attempts)
                    .then(|| now.plus_seconds(state.config.redemption_lockout_seconds));
                return Ok(vec![Event::RedemptionFailed {
                    conversation: i.conversation.clone(),
                    invitation: i.id.clone(),
                    failed_attempts,
                    locked_until,
                }]);
            }
            i
        }
    };
    // To a customer of another bank the token is as good as a wrong one: they learn nothing
    // about the invitation, not even that it exists.
    if let Actor::Visitor(me) = actor
        && state
            .directory
            .person(me)
            .is_none_or(|p| p.account != i.account)
    {
        return Err(DomainError::WrongToken);
    }
    let current = i.state_at(now);
    if current != InvitationState::Open {
        return Err(closed_token_error(current));
    }
    let c = state
        .conversations
        .get(&i.conversation)
        .ok_or_else(|| DomainError::UnknownInvitation(i.id.clone()))?;
    ensure(!c.is_closing(), DomainError::TokenExpired)?;
    let mut events = Vec::new();
    let visitor = match (actor, new_visitor) {
        (Actor::Visitor(me), _) => me.clone(),
        (Actor::Anonymous, Some(mut person)) => {
            ensure(
                person.person_type == PersonType::Visitor
                    && person.role <= AuthorizationRole::Webuser
                    && person.team.is_none()
                    && !state.directory.persons.contains_key(&person.id),
                DomainError::InvalidInput("an invitee is a new anonymous visitor"),
            )?;
            person.account = c.account.clone();
            person.username = None;
            if let Some(nickname) = &i.nickname {
                person.display_name = nickname.clone();
            }
            if i.email.is_some() {
                person.email = i.email.clone();
            }
            let id = person.id.clone();
            events.push(Event::PersonRegistered { person });
            id
        }
        (Actor::Anonymous, None) => {
            return Err(DomainError::InvalidInput(
                "an anonymous redemption creates a visitor",
            ));
        }
        _ => return Err(DomainError::NotAllowed(ONLY_VISITORS_REDEEM)),
    };
    ensure(
        c.participant(&visitor).is_none(),
        DomainError::AlreadyParticipant(visitor.clone()),
    )?;
    let participation_type = if c.context_person().is_some() {
        ParticipationType::SecondaryVisitor
    } else {
        ParticipationType::ContextPerson
    };
    events.push(Event::TokenRedeemed {
        conversation: c.id.clone(),
        invitation: i.id.clone(),
        visitor: visitor.clone(),
    });
    events.push(Event::ParticipantAdded {
        conversation: c.id.clone(),
        participant: participant(&visitor, participation_type, false),
    });
    Ok(events)
}

/// Answers an invitation for the acting agent (also the SuperOffice transfer's answer).
pub(super) fn respond(
    state: &State,
    actor: &Actor,
    id: &InvitationId,
    response: DelegationResponse,
    channel: ResponseChannel,
    now: Timestamp,
) -> Decision {
    // The role is checked before the invitation is looked up, so the answer does not tell
    // which invitations exist.
    let Actor::Agent(me) = actor else {
        return Err(DomainError::NotAllowed("only agents answer invitations"));
    };
    let i = invitation(state, id)?;
    agent(state, me)?;
    ensure(
        i.invitation_type.is_for_agents(),
        DomainError::InvalidInput("visitors redeem this invitation with its token"),
    )?;
    let is_target =
        i.target_agent() == Some(me) && i.invitation_type != InvitationType::DeputyInvitation;
    let is_deputy = i.secondary_target(me).is_some();
    let via_group = matches!(
        i.target,
        InvitationTarget::Team(_) | InvitationTarget::Account(_)
    ) && access::has_in_queue(state, me, i);
    ensure(
        is_target || is_deputy || via_group,
        // Someone else's invitation answers like one that does not exist.
        DomainError::UnknownInvitation(id.clone()),
    )?;
    match i.state_at(now) {
        InvitationState::Open => {}
        InvitationState::Redeemed => return Err(DomainError::AlreadyAccepted),
        InvitationState::Revoked
            if i.target_response_status == ResponseStatus::Declined
                || i.secondary_targets
                    .iter()
                    .any(|t| t.response == ResponseStatus::Declined) =>
        {
            return Err(DomainError::AlreadyDeclined);
        }
        other => return Err(DomainError::InvitationClosed(other)),
    }
    let c = state
        .conversations
        .get(&i.conversation)
        .ok_or_else(|| DomainError::UnknownInvitation(id.clone()))?;
    ensure(
        !c.is_closing(),
        DomainError::WrongConversationState(c.state),
    )?;
    let offered = i.offered_responses(&state.config, me, channel);
    ensure(
        offered.contains(&response),
        DomainError::ResponseNotAvailable,
    )?;
    match response {
        DelegationResponse::Ignore => ignore(i, me),
        DelegationResponse::Decline if via_group && !is_target && !is_deputy => ignore(i, me),
        DelegationResponse::Decline => decline(state, i, me),
        DelegationResponse::Accept | DelegationResponse::Later => {
            accept(state, i, me, response, now)
        }
    }
}

fn own_response(i: &Invitation, me: &PersonId) -> ResponseStatus {
    if i.target_agent() == Some(me) {
        i.target_response_status
    } else {
        i.secondary_target(me)
            .map_or(ResponseStatus::Pending, |t| t.response)
    }
}

fn ignore(i: &Invitation, me: &PersonId) -> Decision {
    if own_response(i, me) == ResponseStatus::Ignored {
        return Ok(Vec::new());
    }
    Ok(vec![Event::InvitationIgnored {
        conversation: i.conversation.clone(),
        invitation: i.id.clone(),
        person: me.clone(),
    }])
}

/// Seed 001: a Decline closes the request for everybody; a declined request from a customer
/// leaves the conversation UNASSIGNED.
fn decline(state: &State, i: &Invitation, me: &PersonId) -> Decision {
    let mut events = vec![Event::InvitationDeclined {
        conversation: i.conversation.clone(),
        invitation: i.id.clone(),
        person: me.clone(),
    }];
    if i.invitation_type == InvitationType::AssignmentRequest
        && let Some(c) = state.conversations.get(&i.conversation)
        && c.assignee().is_none()
    {
        events.extend(state_change(
            c,
            ConversationState::Unassigned,
            Creator::Agent(me.clone()),
        )?);
    }
    Ok(events)
}

fn accept(
    state: &State,
    i: &Invitation,
    me: &PersonId,
    response: DelegationResponse,
    now: Timestamp,
) -> Decision {
    let c = state
        .conversations
        .get(&i.conversation)
        .ok_or_else(|| DomainError::UnknownInvitation(i.id.clone()))?;
    let mut events = vec![Event::InvitationAccepted {
        conversation: c.id.clone(),
        invitation: i.id.clone(),
        person: me.clone(),
        response,
    }];
    match i.invitation_type {
        InvitationType::AssignmentRequest => events.extend(assign(state, c, me, Some(&i.id))?),
        InvitationType::AgentForwarding => {
            let previous = c.assignee().cloned();
            events.extend(assign(state, c, me, Some(&i.id))?);
            // Seed 000: the previous assignee (and the forwarder) leave and lose access.
            let mut leaving: Vec<&PersonId> = previous.iter().collect();
            leaving.extend(i.creator.person());
            leaving.dedup();
            for person in leaving {
                if person != me && c.participant(person).is_some() {
                    events.push(Event::ParticipantOffboarded {
                        conversation: c.id.clone(),
                        person: person.clone(),
                        reason: OffboardingReason::Forwarded,
                        comment: None,
                    });
                }
            }
        }
        InvitationType::AgentInvitation | InvitationType::DeputyInvitation => {
            ensure(
                c.participant(me).is_none(),
                DomainError::AlreadyParticipant(me.clone()),
            )?;
            events.push(Event::ParticipantAdded {
                conversation: c.id.clone(),
                participant: participant(me, ParticipationType::SecondaryAgent, i.join_hidden),
            });
        }
        InvitationType::VisitorInvitation | InvitationType::PinConversation => {
            return Err(DomainError::InvalidInput(
                "visitors redeem this invitation with its token",
            ));
        }
    }
    if response == DelegationResponse::Later {
        events.push(Event::MessagePosted {
            conversation: c.id.clone(),
            message: MessageId::new(format!("{}-later", i.id)),
            author: Author::Concierge,
            body: MessageBody::Concierge(TextKey::InvitationRedeemedButWillHandleLater),
            audience: Audience::Everyone,
            at: now,
        });
    }
    Ok(events)
}
