//! Seed 001, "Prompting for deputy delegation", end to end through `decide`: the visitor's
//! message offers the prompt, the answer starts (or blocks) the delegation, the timeout
//! cancels it.

use crate::actor::Actor;
use crate::command::Command;
use crate::config::Config;
use crate::deputy::{DelegationLevel, DelegationStart};
use crate::directory::PresenceState;
use crate::error::DomainError;
use crate::event::Event;
use crate::id::{InvitationId, PromptId};
use crate::invitation::{DelegationResponse, InvitationType};
use crate::testkit::Bank;

fn prompting_bank(config: impl FnOnce(&mut Config)) -> Bank {
    let mut c = Config {
        messenger_enable_deputy_delegation: true,
        enable_deputy_delegation: true,
        enable_deputy_prompt_when_agents_unavailable: true,
        ..Config::default()
    };
    config(&mut c);
    let mut bank = Bank::with_config(c);
    bank.set_presence(&bank.anna.clone(), PresenceState::Away);
    bank
}

fn vera_writes(bank: &mut Bank, n: u32) -> Vec<Event> {
    bank.exec(
        &Actor::Visitor(bank.vera.clone()),
        Command::PostMessage {
            conversation: bank.vera_and_anna.clone(),
            message: format!("vera-{n}").as_str().into(),
            text: "Hello Anna, are you there?".into(),
        },
    )
}

fn offered(events: &[Event]) -> Option<PromptId> {
    events.iter().find_map(|e| match e {
        Event::DeputyPromptOffered { prompt, .. } => Some(prompt.clone()),
        _ => None,
    })
}

fn answer(bank: &Bank, prompt: &PromptId, accept: bool) -> Command {
    Command::AnswerDeputyPrompt {
        conversation: bank.vera_and_anna.clone(),
        prompt: prompt.clone(),
        accept,
        invitation: "prompted".into(),
    }
}

#[test]
fn the_concierge_asks_a_visitor_who_writes_while_the_advisor_is_unavailable() {
    let mut bank = prompting_bank(|_| {});
    let prompt = offered(&vera_writes(&mut bank, 1)).unwrap();
    assert_eq!(bank.conversation().prompt.open.as_ref().unwrap().id, prompt);
}

#[test]
fn an_agents_message_never_prompts() {
    let mut bank = prompting_bank(|_| {});
    let events = bank.exec(
        &Actor::Agent(bank.anna.clone()),
        Command::PostMessage {
            conversation: bank.vera_and_anna.clone(),
            message: "anna-1".into(),
            text: "Back soon".into(),
        },
    );
    assert_eq!(offered(&events), None);
}

#[test]
fn accepting_the_prompt_starts_deputy_delegation_at_the_initial_level() {
    let mut bank = prompting_bank(|c| {
        c.initial_prompt_deputy_delegation_level = DelegationLevel::Level2;
        c.prompted_deputy_joins_hidden = true;
    });
    let prompt = offered(&vera_writes(&mut bank, 1)).unwrap();
    let command = answer(&bank, &prompt, true);
    bank.exec(&Actor::Visitor(bank.vera.clone()), command);
    let invitation = &bank.state.invitations[&InvitationId::new("prompted")];
    assert_eq!(invitation.invitation_type, InvitationType::DeputyInvitation);
    assert!(invitation.join_hidden, "promptedDeputyJoinsHidden");
    let plan = &invitation.delegation.as_ref().unwrap().plan;
    assert_eq!(
        plan.start,
        DelegationStart::AtLevel(DelegationLevel::Level2)
    );
    assert_eq!(plan.steps[0].deputies[0].person, bank.david);
    assert!(bank.conversation().prompt.open.is_none());
    // While the delegation runs, new messages do not prompt again.
    bank.now = bank.now.plus_seconds(3_600);
    assert_eq!(offered(&vera_writes(&mut bank, 2)), None);
}

#[test]
fn a_prompted_deputy_who_accepts_joins_the_conversation() {
    let mut bank = prompting_bank(|_| {});
    let prompt = offered(&vera_writes(&mut bank, 1)).unwrap();
    let command = answer(&bank, &prompt, true);
    bank.exec(&Actor::Visitor(bank.vera.clone()), command);
    let id = InvitationId::new("prompted");
    let step = bank.state.invitations[&id]
        .delegation
        .clone()
        .unwrap()
        .plan
        .steps[0]
        .clone();
    bank.exec(
        &Actor::System,
        Command::RecordDeputiesNotified {
            invitation: id.clone(),
            level: step.level,
            deputies: step.deputies,
        },
    );
    bank.respond(&bank.clara.clone(), &id, DelegationResponse::Accept)
        .unwrap();
    let clara = bank.conversation().participant(&bank.clara).unwrap();
    assert!(
        !clara.hidden,
        "promptedDeputyJoinsHidden is false by default"
    );
}

#[test]
fn after_a_decline_new_messages_do_not_prompt_until_the_restart_delay_has_passed() {
    let mut bank = prompting_bank(|_| {});
    let prompt = offered(&vera_writes(&mut bank, 1)).unwrap();
    let command = answer(&bank, &prompt, false);
    bank.exec(&Actor::Visitor(bank.vera.clone()), command);
    assert!(
        !bank
            .state
            .invitations
            .contains_key(&InvitationId::new("prompted"))
    );
    bank.now = bank.now.plus_seconds(
        bank.state
            .config
            .prompt_deputy_delegation_restart_delay_in_seconds
            - 1,
    );
    assert_eq!(offered(&vera_writes(&mut bank, 2)), None);
    bank.now = bank.now.plus_seconds(
        bank.state
            .config
            .prompt_deputy_new_message_debounce_time_in_seconds
            + 1,
    );
    assert!(offered(&vera_writes(&mut bank, 3)).is_some());
}

#[test]
fn an_unanswered_prompt_is_cancelled_when_the_time_runs_out() {
    let mut bank = prompting_bank(|_| {});
    let prompt = offered(&vera_writes(&mut bank, 1)).unwrap();
    bank.now = bank
        .now
        .plus_seconds(bank.state.config.prompt_deputy_timeout_in_seconds);
    // Too late to answer...
    let command = answer(&bank, &prompt, true);
    bank.refused(
        &Actor::Visitor(bank.vera.clone()),
        command,
        DomainError::PromptNotOpen(prompt.clone()),
    );
    // ...and the timeout cancels it, once.
    let cancel = Command::CancelDeputyPrompt {
        conversation: bank.vera_and_anna.clone(),
        prompt: prompt.clone(),
    };
    assert_eq!(bank.exec(&Actor::System, cancel.clone()).len(), 1);
    assert!(bank.exec(&Actor::System, cancel).is_empty());
    assert!(bank.conversation().prompt.open.is_none());
}

#[test]
fn only_the_visitor_answers_the_prompt() {
    let mut bank = prompting_bank(|_| {});
    let prompt = offered(&vera_writes(&mut bank, 1)).unwrap();
    let command = answer(&bank, &prompt, true);
    bank.refused(
        &Actor::Agent(bank.anna.clone()),
        command,
        DomainError::NotAllowed("only the visitor answers the deputy prompt"),
    );
}
