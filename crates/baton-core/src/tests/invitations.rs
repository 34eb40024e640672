//! Seed 002 and the invitation rules: customers by PIN or e-mail link, agents and teams,
//! tokens that are single use, expiring, revocable, renewable and limited in attempts.

use crate::access::event_view;
use crate::actor::Actor;
use crate::command::{Command, TokenLookup};
use crate::conversation::ParticipationType;
use crate::directory::{
    AuthorizationRole, NotificationChannels, Person, PersonType, PresenceState,
};
use crate::error::DomainError;
use crate::event::Event;
use crate::id::{InvitationId, PersonId};
use crate::invitation::{DelegationResponse, InvitationState, InvitationType};
use crate::testkit::Bank;

const PIN: &str = "483920";
const LINK_TOKEN: &str = "0123456789abcdef0123456789abcdef";

fn anna(bank: &Bank) -> Actor {
    Actor::Agent(bank.anna.clone())
}

fn invite_with_pin(bank: &mut Bank, id: &str, pin: &str) -> InvitationId {
    bank.exec(
        &Actor::Agent(bank.anna.clone()),
        Command::InviteVisitorWithPin {
            conversation: bank.vera_and_anna.clone(),
            invitation: id.into(),
            pin: pin.into(),
            nickname: Some("Walter (Vera's husband)".into()),
        },
    );
    id.into()
}

fn invite_by_email(bank: &mut Bank) -> InvitationId {
    bank.exec(
        &Actor::Agent(bank.anna.clone()),
        Command::InviteVisitorWithEmail {
            conversation: bank.vera_and_anna.clone(),
            invitation: "by-email".into(),
            email: "walter@example.org".into(),
            token: LINK_TOKEN.into(),
            nickname: None,
            locale: Some("de-CH".into()),
        },
    );
    "by-email".into()
}

fn anonymous(id: &str) -> Person {
    Person {
        id: id.into(),
        person_type: PersonType::Visitor,
        account: "whatever".into(),
        team: None,
        display_name: "Guest".into(),
        username: None,
        email: None,
        presence: PresenceState::Online,
        role: AuthorizationRole::AnonymousUser,
        notifications: NotificationChannels::NONE,
    }
}

fn redeem_pin(pin: &str, visitor: &str) -> Command {
    Command::RedeemToken {
        lookup: TokenLookup::Pin { pin: pin.into() },
        new_visitor: Some(anonymous(visitor)),
    }
}

fn redeem_link(invitation: &InvitationId, token: &str, visitor: &str) -> Command {
    Command::RedeemToken {
        lookup: TokenLookup::Link {
            invitation: invitation.clone(),
            token: token.into(),
        },
        new_visitor: Some(anonymous(visitor)),
    }
}

#[test]
fn a_customer_invited_with_a_pin_enters_it_and_joins_the_conversation() {
    let mut bank = Bank::new();
    let id = invite_with_pin(&mut bank, "pin-1", PIN);
    assert_eq!(
        bank.state.invitations[&id].invitation_type,
        InvitationType::PinConversation
    );
    bank.exec(&Actor::Anonymous, redeem_pin(PIN, "guest-1"));
    let guest = PersonId::new("guest-1");
    let joined = bank.conversation().participant(&guest).unwrap();
    assert_eq!(
        joined.participation_type,
        ParticipationType::SecondaryVisitor
    );
    let person = bank.state.directory.person(&guest).unwrap();
    assert_eq!(person.display_name, "Walter (Vera's husband)");
    assert_eq!(person.account, bank.account);
    assert_eq!(bank.state.invitations[&id].redeeming_person, Some(guest));
}

#[test]
fn a_pin_can_be_used_only_once() {
    let mut bank = Bank::new();
    invite_with_pin(&mut bank, "pin-1", PIN);
    bank.exec(&Actor::Anonymous, redeem_pin(PIN, "guest-1"));
    bank.refused(
        &Actor::Anonymous,
        redeem_pin(PIN, "guest-2"),
        DomainError::TokenRedeemed,
    );
}

#[test]
fn an_expired_pin_is_refused() {
    let mut bank = Bank::new();
    invite_with_pin(&mut bank, "pin-1", PIN);
    bank.now = bank
        .now
        .plus_seconds(bank.state.config.pin_time_to_live_seconds);
    bank.refused(
        &Actor::Anonymous,
        redeem_pin(PIN, "guest-1"),
        DomainError::TokenExpired,
    );
}

#[test]
fn a_revoked_pin_is_refused() {
    let mut bank = Bank::new();
    let id = invite_with_pin(&mut bank, "pin-1", PIN);
    bank.exec(&anna(&bank), Command::RevokeInvitation { invitation: id });
    bank.refused(
        &Actor::Anonymous,
        redeem_pin(PIN, "guest-1"),
        DomainError::TokenRevoked,
    );
}

#[test]
fn a_wrong_pin_is_refused_and_changes_nothing() {
    let mut bank = Bank::new();
    invite_with_pin(&mut bank, "pin-1", PIN);
    bank.refused(
        &Actor::Anonymous,
        redeem_pin("111111", "guest-1"),
        DomainError::WrongToken,
    );
}

#[test]
fn renewing_a_pin_replaces_it_and_restarts_its_lifetime_even_after_it_expired() {
    let mut bank = Bank::new();
    let id = invite_with_pin(&mut bank, "pin-1", PIN);
    bank.now = bank
        .now
        .plus_seconds(bank.state.config.pin_time_to_live_seconds + 5);
    bank.exec(
        &anna(&bank),
        Command::RenewPin {
            invitation: id.clone(),
            pin: "902117".into(),
        },
    );
    bank.refused(
        &Actor::Anonymous,
        redeem_pin(PIN, "guest-1"),
        DomainError::WrongToken,
    );
    bank.exec(&Actor::Anonymous, redeem_pin("902117", "guest-1"));
    assert_eq!(bank.state.invitations[&id].state, InvitationState::Redeemed);
}

#[test]
fn a_pin_has_six_to_twelve_digits_and_open_pins_are_unique() {
    let mut bank = Bank::new();
    for bad in ["12345", "12a456", "1234567890123", ""] {
        let command = Command::InviteVisitorWithPin {
            conversation: bank.vera_and_anna.clone(),
            invitation: "p".into(),
            pin: bad.into(),
            nickname: None,
        };
        bank.refused(
            &anna(&bank),
            command,
            DomainError::InvalidInput("a PIN has 6 to 12 digits"),
        );
    }
    invite_with_pin(&mut bank, "pin-1", PIN);
    let command = Command::InviteVisitorWithPin {
        conversation: bank.vera_and_anna.clone(),
        invitation: "pin-2".into(),
        pin: PIN.into(),
        nickname: None,
    };
    bank.refused(
        &anna(&bank),
        command,
        DomainError::AlreadyExists("an open invitation with this PIN".into()),
    );
}

#[test]
fn an_email_invitation_link_signs_the_customer_straight_into_the_conversation() {
    let mut bank = Bank::new();
    let id = invite_by_email(&mut bank);
    bank.exec(&Actor::Anonymous, redeem_link(&id, LINK_TOKEN, "guest-1"));
    let guest = PersonId::new("guest-1");
    assert!(bank.conversation().active_participant(&guest).is_some());
    assert_eq!(
        bank.state
            .directory
            .person(&guest)
            .unwrap()
            .email
            .as_deref(),
        Some("walter@example.org")
    );
    bank.refused(
        &Actor::Anonymous,
        redeem_link(&id, LINK_TOKEN, "guest-2"),
        DomainError::TokenRedeemed,
    );
}

#[test]
fn an_email_link_expires() {
    let mut bank = Bank::new();
    let id = invite_by_email(&mut bank);
    bank.now = bank
        .now
        .plus_seconds(bank.state.config.link_time_to_live_seconds);
    bank.refused(
        &Actor::Anonymous,
        redeem_link(&id, LINK_TOKEN, "guest-1"),
        DomainError::TokenExpired,
    );
}

#[test]
fn too_many_wrong_tokens_lock_the_invitation_for_the_lockout_time() {
    let mut bank = Bank::new();
    let id = invite_by_email(&mut bank);
    let max = bank.state.config.max_redemption_attempts;
    let wrong = "ffffffffffffffffffffffffffffffff";
    for attempt in 1..=max {
        let events = bank.exec(&Actor::Anonymous, redeem_link(&id, wrong, "guest-1"));
        let expected = if attempt == max {
            DomainError::TooManyAttempts {
                until: bank
                    .now
                    .plus_seconds(bank.state.config.redemption_lockout_seconds),
            }
        } else {
            DomainError::WrongToken
        };
        assert_eq!(events[0].reported_error(), Some(expected));
    }
    let until = bank
        .now
        .plus_seconds(bank.state.config.redemption_lockout_seconds);
    // Even the right token is refused while locked.
    bank.refused(
        &Actor::Anonymous,
        redeem_link(&id, LINK_TOKEN, "guest-1"),
        DomainError::TooManyAttempts { until },
    );
    bank.now = until;
    bank.exec(&Actor::Anonymous, redeem_link(&id, LINK_TOKEN, "guest-1"));
}

#[test]
fn a_link_to_an_unknown_invitation_reveals_nothing() {
    let mut bank = Bank::new();
    bank.refused(
        &Actor::Anonymous,
        redeem_link(&"nope".into(), LINK_TOKEN, "guest-1"),
        DomainError::WrongToken,
    );
}

#[test]
fn an_invalid_email_address_is_refused() {
    let mut bank = Bank::new();
    for bad in [
        "walter",
        "walter@",
        "@example.org",
        "walter@example",
        "wal ter@example.org",
        "<script>@x.org",
        "broken..address@@example",
        "broken..address@example.org",
        ".walter@example.org",
        "walter@-example.org",
        "walter@example..org",
    ] {
        let command = Command::InviteVisitorWithEmail {
            conversation: bank.vera_and_anna.clone(),
            invitation: "e".into(),
            email: bad.into(),
            token: LINK_TOKEN.into(),
            nickname: None,
            locale: None,
        };
        bank.refused(
            &anna(&bank),
            command,
            DomainError::InvalidInput("the e-mail address is not valid"),
        );
    }
}

#[test]
fn tokens_are_never_shown_to_other_agents_or_visitors() {
    let mut bank = Bank::new();
    let id = invite_with_pin(&mut bank, "pin-1", PIN);
    let created = Event::InvitationCreated {
        invitation: Box::new(bank.state.invitations[&id].clone()),
    };
    match event_view(&bank.state, &anna(&bank), &created) {
        Some(Event::InvitationCreated { invitation }) => assert!(invitation.token.is_none()),
        other => panic!("unexpected {other:?}"),
    }
    assert_eq!(
        event_view(&bank.state, &Actor::Visitor(bank.vera.clone()), &created),
        None
    );
}

#[test]
fn an_invited_agent_joins_as_secondary_agent_hidden_if_asked_and_the_inviter_stays() {
    let mut bank = Bank::new();
    let id: InvitationId = "invite-david".into();
    bank.exec(
        &anna(&bank),
        Command::InviteAgent {
            conversation: bank.vera_and_anna.clone(),
            invitation: id.clone(),
            agent: bank.david.clone(),
            comment: None,
            join_hidden: true,
        },
    );
    bank.respond(&bank.david.clone(), &id, DelegationResponse::Accept)
        .unwrap();
    let david = bank.conversation().participant(&bank.david).unwrap();
    assert!(david.hidden);
    assert_eq!(david.participation_type, ParticipationType::SecondaryAgent);
    assert_eq!(bank.conversation().assignee(), Some(&bank.anna));
}

#[test]
fn a_conflicting_invitation_for_the_same_agent_is_refused() {
    let mut bank = Bank::new();
    let invite = |bank: &Bank, id: &str| Command::InviteAgent {
        conversation: bank.vera_and_anna.clone(),
        invitation: id.into(),
        agent: bank.david.clone(),
        comment: None,
        join_hidden: false,
    };
    let command = invite(&bank, "first");
    bank.exec(&anna(&bank), command);
    let command = invite(&bank, "second");
    bank.refused(
        &anna(&bank),
        command,
        DomainError::ConflictingInvitation("first".into()),
    );
}

#[test]
fn inviting_an_agent_who_already_participates_is_refused() {
    let mut bank = Bank::new();
    let command = Command::InviteAgent {
        conversation: bank.vera_and_anna.clone(),
        invitation: "i".into(),
        agent: bank.anna.clone(),
        comment: None,
        join_hidden: false,
    };
    bank.refused(
        &anna(&bank),
        command,
        DomainError::AlreadyParticipant(bank.anna.clone()),
    );
}

#[test]
fn a_team_member_accepts_an_invitation_of_their_team() {
    let mut bank = Bank::new();
    let id: InvitationId = "invite-advisory".into();
    bank.exec(
        &anna(&bank),
        Command::InviteTeam {
            conversation: bank.vera_and_anna.clone(),
            invitation: id.clone(),
            team: bank.advisory.clone(),
            comment: Some("Anyone free?".into()),
            join_hidden: false,
        },
    );
    bank.respond(&bank.david.clone(), &id, DelegationResponse::Accept)
        .unwrap();
    assert!(
        bank.conversation()
            .active_participant(&bank.david)
            .is_some()
    );
}

#[test]
fn visitors_cannot_invite() {
    let mut bank = Bank::new();
    let command = Command::InviteVisitorWithPin {
        conversation: bank.vera_and_anna.clone(),
        invitation: "p".into(),
        pin: PIN.into(),
        nickname: None,
    };
    bank.refused(
        &Actor::Visitor(bank.vera.clone()),
        command,
        DomainError::NotAllowed(
            "only agents in the conversation, supervisors and administrators may do this",
        ),
    );
}

#[test]
fn a_token_is_redeemable_while_its_invitation_is_open_and_no_longer() {
    let mut bank = Bank::new();
    let pin = invite_with_pin(&mut bank, "pin-1", PIN);
    let link = invite_by_email(&mut bank);
    let redeemable =
        |bank: &Bank, token: &str| bank.state.redeemable(token, bank.now).map(|i| i.id.clone());
    assert_eq!(redeemable(&bank, PIN), Some(pin.clone()));
    assert_eq!(redeemable(&bank, LINK_TOKEN), Some(link.clone()));
    assert_eq!(redeemable(&bank, "000000"), None);
    bank.exec(
        &anna(&bank),
        Command::RevokeInvitation {
            invitation: pin.clone(),
        },
    );
    assert_eq!(redeemable(&bank, PIN), None, "revoked");
    let second = invite_with_pin(&mut bank, "pin-2", "555123");
    assert_eq!(redeemable(&bank, "555123"), Some(second));
    let ttl = bank.state.config.pin_time_to_live_seconds;
    bank.now = bank.now.plus_seconds(ttl.saturating_add(1));
    assert_eq!(redeemable(&bank, "555123"), None, "expired");
    assert_eq!(
        redeemable(&bank, LINK_TOKEN),
        Some(link),
        "links live longer"
    );
}
