//! The deputies editor's preview, "who is asked when", for seed 001's rules and examples:
//! assistants with level 1, teams expanded to their members, everyone asked only on the
//! first level they appear on, empty levels skipped, externally managed levels read-only, and
//! offsets that are the delegation engine's own countdowns.

use crate::config::Config;
use crate::delegation_preview::{DelegationPreview, PreviewAsked, PreviewStep};
use crate::deputy::{DelegationLevel, DelegationStart, Deputy, DeputyLevel, DeputyRelationships};
use crate::directory::NotificationChannels;
use crate::id::PersonId;
use crate::testkit::Bank;

/// A step as text, e.g. `120 L1 ben.assistant(ASSISTANTS) clara.deputy(LEVEL_1)`.
fn describe(step: &PreviewStep) -> String {
    let what = match &step.asked {
        PreviewAsked::Agent { person, .. } => format!("you {person}"),
        PreviewAsked::Level { level, deputies } => {
            let asked: Vec<String> = deputies
                .iter()
                .map(|d| {
                    let via = d
                        .via_team
                        .as_ref()
                        .map_or_else(String::new, |t| format!(" via {}", t.name));
                    format!("{}({:?}{via})", d.person, d.listed_as)
                })
                .collect();
            format!("L{} {}", level.number(), asked.join(" "))
        }
        PreviewAsked::Unanswered => "unanswered".to_owned(),
    };
    format!("{} {what}", step.after_seconds)
}

fn preview(bank: &Bank, agent: &PersonId, relationships: &DeputyRelationships) -> Vec<String> {
    DelegationPreview::compute(
        &bank.state.config,
        &bank.state.directory,
        agent,
        relationships,
        DelegationStart::AwaitAgent,
    )
    .steps
    .iter()
    .map(describe)
    .collect()
}

#[test]
fn annas_deputies_are_asked_level_by_level_and_then_the_bank_is_told() {
    let bank = Bank::with_delegation();
    let steps = preview(&bank, &bank.anna, &bank.state.deputies_of(&bank.anna));
    // Defaults: 2 min for Anna, 5 for level 1, 5 for level 2 (the last level's countdown
    // is the one after it: `level3EscalationTimeoutSeconds`, as the engine counts).
    assert_eq!(
        steps,
        [
            "0 you anna.advisor",
            "120 L1 ben.assistant(Assistants) clara.deputy(Level1)",
            "420 L2 david.deputy(Level2 via Advisory)",
            "720 unanswered",
        ]
    );
}

#[test]
fn agent_b_on_level_1_and_in_team_t_on_level_2_is_asked_once() {
    let mut bank = Bank::with_delegation();
    let (a, b, _) = bank.team_t_example();
    let steps = preview(&bank, &a, &bank.state.deputies_of(&a));
    // Team T = {A, B}: A is the agent, B was asked on level 1, so level 2 is skipped.
    assert_eq!(
        steps,
        [
            "0 you agent-a".to_owned(),
            format!("120 L1 {b}(Level1)"),
            "420 unanswered".to_owned(),
        ]
    );
}

#[test]
fn the_preview_shows_unsaved_edits_and_skips_empty_levels() {
    let mut bank = Bank::with_delegation();
    let frank = bank.agent("frank", None);
    let edited = DeputyRelationships {
        level3: vec![Deputy::Agent(frank.clone())],
        ..DeputyRelationships::default()
    };
    let steps = preview(&bank, &bank.anna, &edited);
    assert_eq!(
        steps,
        [
            "0 you anna.advisor",
            "120 L3 frank(Level3)",
            "720 unanswered"
        ]
    );
    assert!(
        bank.state.deputies_of(&bank.anna).level3.is_empty(),
        "nothing saved"
    );
}

#[test]
fn externally_managed_levels_are_read_only() {
    let bank = Bank::with_config(Config {
        externally_managed_deputy_levels: vec![DeputyLevel::Level2],
        ..Config::default()
    });
    let preview = DelegationPreview::compute(
        &bank.state.config,
        &bank.state.directory,
        &bank.anna,
        &bank.state.deputies_of(&bank.anna),
        DelegationStart::AwaitAgent,
    );
    assert_eq!(preview.read_only_levels, [DeputyLevel::Level2]);
    assert!(!preview.enabled, "delegation is off in this bank");
    let read_only: Vec<(String, bool)> = preview
        .steps
        .iter()
        .flat_map(|s| match &s.asked {
            PreviewAsked::Level { deputies, .. } => deputies.clone(),
            _ => Vec::new(),
        })
        .map(|d| (d.person.to_string(), d.read_only))
        .collect();
    assert_eq!(
        read_only,
        [
            ("ben.assistant".to_owned(), false),
            ("clara.deputy".to_owned(), false),
            ("david.deputy".to_owned(), true),
        ]
    );
}

#[test]
fn a_level_whose_deputies_all_have_notifications_off_ends_at_once() {
    let mut bank = Bank::with_delegation();
    for person in [bank.ben.clone(), bank.clara.clone()] {
        if let Some(p) = bank.state.directory.persons.get_mut(&person) {
            p.notifications = NotificationChannels::NONE;
        }
    }
    let steps = preview(&bank, &bank.anna, &bank.state.deputies_of(&bank.anna));
    assert_eq!(
        steps,
        [
            "0 you anna.advisor",
            "120 L1 ben.assistant(Assistants) clara.deputy(Level1)",
            "120 L2 david.deputy(Level2 via Advisory)",
            "420 unanswered",
        ]
    );
}

#[test]
fn the_configured_timeouts_set_the_offsets() {
    let bank = Bank::with_config(Config {
        level1_escalation_timeout_seconds: 60,
        level2_escalation_timeout_seconds: 90,
        level3_escalation_timeout_seconds: 30,
        unanswered_escalation_timeout_seconds: 45,
        ..Config::default()
    });
    let offsets: Vec<u64> = DelegationPreview::compute(
        &bank.state.config,
        &bank.state.directory,
        &bank.anna,
        &bank.state.deputies_of(&bank.anna),
        DelegationStart::AwaitAgent,
    )
    .steps
    .iter()
    .map(|s| s.after_seconds)
    .collect();
    assert_eq!(offsets, [0, 60, 150, 180]);
}

#[test]
fn a_prompted_delegation_asks_its_initial_level_at_once() {
    let bank = Bank::with_delegation();
    let preview = DelegationPreview::compute(
        &bank.state.config,
        &bank.state.directory,
        &bank.anna,
        &bank.state.deputies_of(&bank.anna),
        DelegationStart::AtLevel(DelegationLevel::Level2),
    );
    let steps: Vec<String> = preview.steps.iter().map(describe).collect();
    assert_eq!(
        steps,
        ["0 L2 david.deputy(Level2 via Advisory)", "300 unanswered"]
    );
}

#[test]
fn an_agent_without_deputies_is_asked_alone_until_the_bank_is_told() {
    let bank = Bank::with_delegation();
    let steps = preview(&bank, &bank.david, &DeputyRelationships::default());
    assert_eq!(steps, ["0 you david.deputy", "120 unanswered"]);
}

#[test]
fn the_preview_names_the_people_a_real_request_notifies() {
    let mut bank = Bank::with_delegation();
    let (_, request) = bank.request_to_anna("real");
    let plan = &bank.state.invitations[&request]
        .delegation
        .as_ref()
        .unwrap()
        .plan;
    let preview = DelegationPreview::compute(
        &bank.state.config,
        &bank.state.directory,
        &bank.anna,
        &bank.state.deputies_of(&bank.anna),
        DelegationStart::AwaitAgent,
    );
    let previewed: Vec<(DelegationLevel, Vec<PersonId>)> = preview
        .steps
        .iter()
        .filter_map(|s| match &s.asked {
            PreviewAsked::Level { level, deputies } => {
                Some((*level, deputies.iter().map(|d| d.person.clone()).collect()))
            }
            _ => None,
        })
        .collect();
    let planned: Vec<(DelegationLevel, Vec<PersonId>)> = plan
        .steps
        .iter()
        .map(|s| {
            (
                s.level,
                s.deputies.iter().map(|d| d.person.clone()).collect(),
            )
        })
        .collect();
    assert_eq!(previewed, planned);
    let json = serde_json::to_value(&preview).unwrap();
    assert_eq!(json["steps"][1]["asked"]["kind"], "LEVEL");
    assert_eq!(
        json["steps"][2]["asked"]["deputies"][0]["viaTeam"]["name"],
        "Advisory"
    );
    assert_eq!(json["steps"][3]["afterSeconds"], 720);
}
