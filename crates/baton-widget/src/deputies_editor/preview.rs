//! The deputies editor's preview, "who is asked when" (issue 18): the steps a request to the
//! signed-in agent would go through with the deputies as edited, saved or not, e.g. "Now: you
//! (Anna Advisor)", "After 2 min: Ben Assistant (assistant), Clara Deputy (level 1)", "After
//! 7 min: David Deputy (level 2, team Advisory)", "After 12 min: nobody answered, the bank is
//! told".
//!
//! The steps are `baton-core`'s [`DelegationPreview::compute`], the server's own plan and
//! delegation engine compiled into the wasm: this module implements no rule. It only feeds
//! `compute` what the desk can read from the API, a [`Config`] from the settings answer
//! (the countdowns and the externally managed levels, all `compute` reads besides the switch
//! that delegation is on, which the settings do not say and the preview does not show) and a
//! [`Directory`] of the agent, the agents named on the levels (`persons/read`) and the
//! members of the teams named on them (`persons/search` by `TEAM_ID`), and puts the steps
//! into words.
//!
//! The web API does not carry a person's notification switches, so everyone is taken to have
//! them on (the default for new agents; the intro says so). The channels are therefore not
//! shown, and a level whose deputies all disabled notifications, which the server ends at
//! once, is shown with its full countdown.
//!
//! The list updates as the draft changes but is no live region: the agent is editing the
//! levels above it and hears their own edits there.

use std::collections::HashSet;

use baton_api::client::{ApiError, Client, Transport};
use baton_api::wire::baton::BatonDeputySettings;
use baton_api::wire::person::{
    PersonData, PersonQuery, PersonSearchFilter, Team as TeamData, TeamIdPersonSearchFilter,
};
use baton_api::wire::query::IdOperator;
use baton_api::wire::shape::Tag;
use baton_core::config::Config;
use baton_core::delegation_preview::{DelegationPreview, PreviewAsked, PreviewDeputy, PreviewStep};
use baton_core::deputy::{DelegationStart, Deputy, DeputyLevel};
use baton_core::directory::{
    AuthorizationRole, Directory, NotificationChannels, Person, PresenceState, Team,
};
use baton_core::id::{PersonId, TeamId};
use baton_core::text::TextKey;
use leptos::prelude::*;

use super::Editor;
use crate::agent_desk::Desk;
use crate::ids;
use crate::texts::Texts;

/// The settings `compute` reads, from the server's answer; everything else is the default,
/// which `compute` does not read.
pub(super) fn config_of(settings: &BatonDeputySettings) -> Config {
    Config {
        level1_escalation_timeout_seconds: settings.level1_escalation_timeout_seconds,
        level2_escalation_timeout_seconds: settings.level2_escalation_timeout_seconds,
        level3_escalation_timeout_seconds: settings.level3_escalation_timeout_seconds,
        unanswered_escalation_timeout_seconds: settings.unanswered_escalation_timeout_seconds,
        externally_managed_deputy_levels: settings.externally_managed_levels.clone(),
        ..Config::default()
    }
}

/// A person as the API answered them, for the preview's directory; `None` when the answer
/// lacks the type or the account (the plan only asks agents).
fn person_of(data: &PersonData) -> Option<Person> {
    Some(Person {
        id: data.id.clone(),
        person_type: data.person_type?,
        account: data.account_id.clone()?,
        team: data.team_id.clone(),
        display_name: data
            .display_name
            .clone()
            .unwrap_or_else(|| data.id.to_string()),
        username: data.username.clone(),
        email: data.email.clone(),
        // Neither presence nor role decides who is asked; the plan does not read them.
        presence: PresenceState::Offline,
        role: data
            .authorization_role
            .unwrap_or(AuthorizationRole::RegisteredUser),
        // Not on the wire: the default for new agents (see the module's doc).
        notifications: NotificationChannels::ALL,
    })
}

/// Adds what the API answered to the preview's directory: persons (read or found as team
/// members) and teams (for the name a member is asked through).
fn add_to(directory: &mut Directory, persons: &[PersonData], teams: &[(TeamId, TeamData)]) {
    for person in persons.iter().filter_map(person_of) {
        directory.persons.insert(person.id.clone(), person);
    }
    for (id, team) in teams {
        if let Some(account) = team.account_id.clone() {
            directory.teams.insert(
                id.clone(),
                Team {
                    id: id.clone(),
                    account,
                    name: team.name.clone(),
                    parent: team.parent_id.clone(),
                },
            );
        }
    }
}

/// `seconds` in words: "8 s", "2 min", "1 min 30 s", "1 h", "1 h 30 min" (past an hour,
/// seconds are left out).
fn duration(texts: &Texts, seconds: u64) -> String {
    let (hours, minutes, rest) = (seconds / 3600, seconds % 3600 / 60, seconds % 60);
    let (h, m, s) = (hours.to_string(), minutes.to_string(), rest.to_string());
    let (key, values): (TextKey, &[(&str, &str)]) = match (hours, minutes, rest) {
        (0, 0, _) => (TextKey::AgentPreviewSeconds, &[("seconds", &s)]),
        (0, _, 0) => (TextKey::AgentPreviewMinutes, &[("minutes", &m)]),
        (0, _, _) => (
            TextKey::AgentPreviewMinutesSeconds,
            &[("minutes", &m), ("seconds", &s)],
        ),
        (_, 0, _) => (TextKey::AgentPreviewHours, &[("hours", &h)]),
        _ => (
            TextKey::AgentPreviewHoursMinutes,
            &[("hours", &h), ("minutes", &m)],
        ),
    };
    texts.render(key, values)
}

/// A deputy with why they are asked: "David Deputy (level 2, team Advisory, read only)".
fn deputy_text(texts: &Texts, deputy: &PreviewDeputy) -> String {
    let mut why = vec![match deputy.listed_as {
        DeputyLevel::Assistants => texts.get(TextKey::AgentPreviewAsAssistant),
        listed => texts.render(
            TextKey::AgentPreviewAsLevel,
            &[("level", &listed.delegation_level().number().to_string())],
        ),
    }];
    if let Some(team) = &deputy.via_team {
        why.push(texts.render(TextKey::AgentPreviewViaTeam, &[("team", &team.name)]));
    }
    if deputy.read_only {
        why.push(texts.get(TextKey::AgentPreviewReadOnly));
    }
    texts.render(
        TextKey::AgentPreviewDeputy,
        &[("name", &deputy.name), ("why", &why.join(", "))],
    )
}

/// A step in words: "After 2 min: Ben Assistant (assistant), Clara Deputy (level 1)".
fn step_text(texts: &Texts, step: &PreviewStep) -> String {
    let when = match step.after_seconds {
        0 => texts.get(TextKey::AgentPreviewNow),
        after => texts.render(
            TextKey::AgentPreviewAfter,
            &[("duration", &duration(texts, after))],
        ),
    };
    let who = match &step.asked {
        PreviewAsked::Agent { name, .. } => {
            texts.render(TextKey::AgentPreviewYou, &[("name", name)])
        }
        PreviewAsked::Level { deputies, .. } => deputies
            .iter()
            .map(|d| deputy_text(texts, d))
            .collect::<Vec<_>>()
            .join(", "),
        PreviewAsked::Unanswered => texts.get(TextKey::AgentPreviewUnanswered),
    };
    texts.render(TextKey::AgentPreviewStep, &[("when", &when), ("who", &who)])
}

/// Every member of `teams`, page by page.
async fn members_of<T: Transport>(
    client: &Client<T>,
    teams: &[TeamId],
) -> Result<Vec<PersonData>, ApiError> {
    let mut found = Vec::new();
    let mut offset = None;
    loop {
        let query = PersonQuery {
            search_filters: vec![PersonSearchFilter::TeamId(TeamIdPersonSearchFilter {
                kind: Tag::new(),
                field: Tag::new(),
                operator: IdOperator::one_of(teams.iter().map(ToString::to_string)),
            })],
            offset,
            ..PersonQuery::default()
        };
        let page = client.persons_search(&query).await?;
        found.extend(page.items);
        // A next offset that does not move on would loop for ever: stop there.
        match page
            .next_offset
            .filter(|next| page.has_more_items && Some(*next) > offset)
        {
            Some(next) => offset = Some(next),
            None => return Ok(found),
        }
    }
}

/// Reads `agents` and `teams` (with their members) into `directory`. What cannot be read is
/// left out, as the plan leaves out an agent it does not know.
async fn load(
    desk: Desk,
    directory: RwSignal<Directory>,
    agents: Vec<PersonId>,
    teams: Vec<TeamId>,
) {
    let client = desk.client();
    let mut persons = Vec::new();
    for agent in &agents {
        if let Ok(person) = client.persons_read(agent).await {
            persons.push(person);
        }
    }
    let mut named = Vec::new();
    if !teams.is_empty() {
        if let Ok(members) = members_of(&client, &teams).await {
            persons.extend(members);
        }
        for team in teams {
            if let Ok(read) = client.teams_read(&team).await {
                named.push((team, read));
            }
        }
    }
    directory.update(|d| add_to(d, &persons, &named));
}

/// "Who is asked when" for the editor's draft, below its levels.
#[component]
pub(super) fn Preview(editor: Editor) -> impl IntoView {
    let desk = editor.desk;
    let directory = RwSignal::new(Directory::default());
    // The deputies already read (or being read), so each edit reads only the new ones.
    let requested = StoredValue::new(HashSet::<Deputy>::new());
    let me = desk.me();
    if let Some(me) = me.clone() {
        editor.spawn(load(desk, directory, vec![me], Vec::new()));
    }
    Effect::new(move |_| {
        let wanted: Vec<Deputy> = editor.draft.with(|draft| {
            DeputyLevel::ALL
                .into_iter()
                .flat_map(|level| draft.level(level).iter())
                .filter(|d| requested.with_value(|r| !r.contains(*d)))
                .cloned()
                .collect()
        });
        if wanted.is_empty() {
            return;
        }
        let (mut agents, mut teams) = (Vec::new(), Vec::new());
        for deputy in wanted {
            match &deputy {
                Deputy::Agent(id) => agents.push(id.clone()),
                Deputy::Team(id) => teams.push(id.clone()),
            }
            requested.update_value(|r| {
                r.insert(deputy);
            });
        }
        // Under the editor's owner, not the effect's: the next edit must not cancel it.
        editor.spawn(load(desk, directory, agents, teams));
    });
    let preview = Memo::new(move |_| {
        let me = me.as_ref()?;
        let config = editor.settings.with(|s| s.as_ref().map(config_of))?;
        Some(editor.draft.with(|draft| {
            directory.with(|d| {
                DelegationPreview::compute(&config, d, me, draft, DelegationStart::AwaitAgent)
            })
        }))
    });
    let title_id = ids::unique("deputies-preview");
    view! {
        <section class="baton-deputies-preview" aria-labelledby=title_id.clone()>
            <h4 id=title_id.clone()>{desk.label(TextKey::AgentPreviewTitle)}</h4>
            <p class="baton-deputies-preview-intro">{desk.label(TextKey::AgentPreviewIntro)}</p>
            <ol class="baton-deputies-preview-steps">
                {move || {
                    let texts = desk.texts.get();
                    preview.with(|p| {
                        p.iter()
                            .flat_map(|p| p.steps.iter())
                            .map(|step| {
                                let read_only = matches!(
                                    &step.asked,
                                    PreviewAsked::Level { deputies, .. }
                                        if deputies.iter().any(|d| d.read_only)
                                );
                                view! {
                                    <li
                                        class="baton-deputies-preview-step"
                                        class:baton-deputies-preview-read-only=read_only
                                    >
                                        {step_text(&texts, step)}
                                    </li>
                                }
                            })
                            .collect_view()
                    })
                }}
            </ol>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use baton_core::deputy::DeputyRelationships;
    use baton_core::directory::PersonType;
    use baton_core::id::AccountId;

    use super::*;

    fn settings(external: Vec<DeputyLevel>) -> BatonDeputySettings {
        BatonDeputySettings {
            kind: Tag::new(),
            may_manage: true,
            minimal_role: AuthorizationRole::RegisteredUser,
            externally_managed_levels: external,
            level1_escalation_timeout_seconds: 120,
            level2_escalation_timeout_seconds: 300,
            level3_escalation_timeout_seconds: 300,
            unanswered_escalation_timeout_seconds: 600,
        }
    }

    fn agent(id: &str, name: &str, team: &str) -> PersonData {
        PersonData {
            account_id: Some(AccountId::new("bank")),
            display_name: Some(name.into()),
            team_id: Some(TeamId::new(team)),
            ..PersonData::reference(PersonId::new(id), PersonType::Agent)
        }
    }

    fn advisory() -> (TeamId, TeamData) {
        let id = TeamId::new("advisory");
        let team = TeamData {
            kind: Tag::new(),
            id: Some(id.clone()),
            account_id: Some(AccountId::new("bank")),
            name: "Advisory".into(),
            parent_id: None,
            description: None,
        };
        (id, team)
    }

    /// Anna's demo deputies and the directory the editor reads for them: Anna, Ben and Clara
    /// read, Advisory's members (David, and Anna herself) found by team.
    fn annas() -> (Directory, DeputyRelationships) {
        let mut directory = Directory::default();
        add_to(
            &mut directory,
            &[
                agent("anna", "Anna Advisor", "private"),
                agent("ben", "Ben Assistant", "private"),
                agent("clara", "Clara Deputy", "private"),
                agent("david", "David Deputy", "advisory"),
                agent("anna", "Anna Advisor", "advisory"),
            ],
            &[advisory()],
        );
        let relationships = DeputyRelationships {
            assistants: vec![Deputy::Agent(PersonId::new("ben"))],
            level1: vec![Deputy::Agent(PersonId::new("clara"))],
            level2: vec![Deputy::Team(TeamId::new("advisory"))],
            level3: Vec::new(),
        };
        (directory, relationships)
    }

    fn steps(
        locale: &str,
        config: &Config,
        directory: &Directory,
        r: &DeputyRelationships,
    ) -> Vec<String> {
        let texts = Texts::built_in(locale);
        DelegationPreview::compute(
            config,
            directory,
            &PersonId::new("anna"),
            r,
            DelegationStart::AwaitAgent,
        )
        .steps
        .iter()
        .map(|s| step_text(&texts, s))
        .collect()
    }

    #[test]
    fn the_config_carries_the_servers_countdowns_and_external_levels() {
        let config = config_of(&settings(vec![DeputyLevel::Level2]));
        assert_eq!(config.level1_escalation_timeout_seconds, 120);
        assert_eq!(config.level2_escalation_timeout_seconds, 300);
        assert_eq!(config.level3_escalation_timeout_seconds, 300);
        assert_eq!(config.unanswered_escalation_timeout_seconds, 600);
        assert!(config.is_externally_managed(DeputyLevel::Level2));
        assert!(!config.is_externally_managed(DeputyLevel::Level1));
    }

    #[test]
    fn api_answers_become_agents_with_their_team_and_notifications_assumed_on() {
        let mut directory = Directory::default();
        let typeless = PersonData {
            person_type: None,
            ..agent("zoe", "Zoe", "advisory")
        };
        add_to(
            &mut directory,
            &[agent("david", "David Deputy", "advisory"), typeless],
            &[advisory()],
        );
        let david = directory
            .agent(&PersonId::new("david"))
            .expect("david is an agent");
        assert_eq!(david.display_name, "David Deputy");
        assert_eq!(david.notifications, NotificationChannels::ALL);
        assert!(
            directory.person(&PersonId::new("zoe")).is_none(),
            "no type, no agent"
        );
        let members: Vec<&str> = directory
            .team_members(&TeamId::new("advisory"))
            .iter()
            .map(|p| p.id.as_str())
            .collect();
        assert_eq!(members, ["david"]);
        assert_eq!(
            directory
                .team(&TeamId::new("advisory"))
                .map(|t| t.name.as_str()),
            Some("Advisory")
        );
    }

    #[test]
    fn annas_preview_in_words_follows_the_seed() {
        let (directory, relationships) = annas();
        let config = config_of(&settings(Vec::new()));
        assert_eq!(
            steps("en", &config, &directory, &relationships),
            [
                "Now: you (Anna Advisor)",
                "After 2 min: Ben Assistant (assistant), Clara Deputy (level 1)",
                "After 7 min: David Deputy (level 2, team Advisory)",
                "After 12 min: nobody answered, the bank is told",
            ]
        );
        assert_eq!(
            steps("fr", &config, &directory, &relationships)[2],
            "Après 7 min : David Deputy (niveau 2, équipe Advisory)"
        );
    }

    #[test]
    fn an_externally_managed_level_is_marked_read_only() {
        let (directory, relationships) = annas();
        let config = config_of(&settings(vec![DeputyLevel::Level2]));
        assert_eq!(
            steps("de", &config, &directory, &relationships)[2],
            "Nach 7 Min.: David Deputy (Stufe 2, Team Advisory, nur lesbar)"
        );
    }

    #[test]
    fn a_deputy_already_asked_is_not_asked_again_through_a_team() {
        let (directory, mut relationships) = annas();
        relationships
            .level1
            .push(Deputy::Agent(PersonId::new("david")));
        let config = config_of(&settings(Vec::new()));
        assert_eq!(
            steps("en", &config, &directory, &relationships),
            [
                "Now: you (Anna Advisor)",
                "After 2 min: Ben Assistant (assistant), Clara Deputy (level 1), David Deputy (level 1)",
                "After 7 min: nobody answered, the bank is told",
            ]
        );
    }

    #[test]
    fn durations_read_as_people_say_them() {
        let en = Texts::built_in("en");
        let said: Vec<String> = [8, 60, 90, 3600, 5430]
            .into_iter()
            .map(|s| duration(&en, s))
            .collect();
        assert_eq!(said, ["8 s", "1 min", "1 min 30 s", "1 h", "1 h 30 min"]);
        assert_eq!(duration(&Texts::built_in("de"), 120), "2 Min.");
        assert_eq!(duration(&Texts::built_in("it"), 7200), "2 h");
    }
}
