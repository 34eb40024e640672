//! The deputies editor in the agent desk (seed 001, "Deputy delegation in the Agent Desk"):
//! the signed-in agent's assistants and level 1-3 deputies (agents or teams), each level
//! ordered by the agent, with add, remove and move up / down, saved in one
//! `deputyrelationships/writeAgentDeputies`.
//!
//! What the editor may change comes from the server (`GET /baton/v1/deputies/settings`): it
//! is not shown at all to an agent whose role is below `deputyRelationshipsMinimalRole`, and
//! externally managed levels are shown read-only. Edits stay a draft until saved; a refused
//! save changes nothing and says why next to the Save button. The domain decides what may be
//! saved; the choice of an agent or team is a plain select over `persons/search` and
//! `teams/search`.

use std::future::Future;

use baton_api::client::ApiError;
use baton_api::wire::baton::BatonDeputySettings;
use baton_api::wire::deputy::{
    DeputyRelationship, DeputyRelationshipQuery, WriteAgentDeputyRelationshipsBody,
};
use baton_api::wire::person::{PersonQuery, TeamQuery};
use baton_core::deputy::{Deputy, DeputyLevel, DeputyRelationships};
use baton_core::directory::PersonType;
use baton_core::id::{PersonId, TeamId};
use baton_core::text::TextKey;
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local_scoped_with_cancellation;

use crate::agent_desk::Desk;
use crate::ids;

/// A movement within a level.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Move {
    Up,
    Down,
}

/// The editor's state.
#[derive(Clone, Copy)]
struct Editor {
    desk: Desk,
    owner: StoredValue<Owner>,
    /// `None` until the server said what the agent may change.
    settings: RwSignal<Option<BatonDeputySettings>>,
    /// The deputies as last saved (or read).
    saved: RwSignal<DeputyRelationships>,
    /// The deputies as edited.
    draft: RwSignal<DeputyRelationships>,
    /// Agents and teams to choose from, with the label each is shown with.
    choices: RwSignal<Vec<(Deputy, String)>>,
    saving: RwSignal<bool>,
    save_error: RwSignal<Option<String>>,
    /// After a move, the row and button to give focus back to.
    refocus: RwSignal<Option<(DeputyLevel, Deputy, Move)>>,
}

impl Editor {
    fn spawn(&self, work: impl Future<Output = ()> + 'static) {
        self.owner
            .with_value(|owner| owner.with(|| spawn_local_scoped_with_cancellation(work)));
    }

    /// Reads the settings, the agent's deputies and the agents and teams to choose from.
    async fn load(self) {
        let Some(me) = self.desk.me() else {
            return;
        };
        let client = self.desk.client();
        let settings = match client.deputy_settings().await {
            Ok(settings) => settings,
            Err(e) => {
                self.desk.status.set(self.desk.failure(&e));
                return;
            }
        };
        if !settings.may_manage {
            self.settings.set(Some(settings));
            return;
        }
        match client
            .deputy_relationships_search(&DeputyRelationshipQuery::default())
            .await
        {
            Ok(found) => {
                let relationships = relationships_of(&found.items, &me);
                self.saved.set(relationships.clone());
                self.draft.set(relationships);
            }
            Err(e) => {
                self.desk.status.set(self.desk.failure(&e));
                return;
            }
        }
        let mut choices = Vec::new();
        if let Ok(people) = client.persons_search(&PersonQuery::default()).await {
            choices.extend(
                people
                    .items
                    .into_iter()
                    .filter(|p| p.person_type == Some(PersonType::Agent) && p.id != me)
                    .map(|p| {
                        let name = p.display_name.unwrap_or_else(|| p.id.to_string());
                        (Deputy::Agent(p.id), name)
                    }),
            );
        }
        if let Ok(teams) = client.teams_search(&TeamQuery::default()).await {
            let texts = self.desk.texts.get_untracked();
            choices.extend(teams.items.into_iter().filter_map(|team| {
                let label = texts.render(TextKey::AgentDeputiesTeam, &[("name", &team.name)]);
                Some((Deputy::Team(team.id?), label))
            }));
        }
        choices.sort_by(|a, b| a.1.cmp(&b.1));
        self.choices.set(choices);
        self.settings.set(Some(settings));
    }

    fn editable(&self, level: DeputyLevel) -> bool {
        self.settings.with(|s| {
            s.as_ref()
                .is_some_and(|s| s.may_manage && !s.externally_managed_levels.contains(&level))
        })
    }

    fn label(&self, deputy: &Deputy) -> String {
        self.choices.with(|choices| {
            choices
                .iter()
                .find(|(d, _)| d == deputy)
                .map(|(_, label)| label.clone())
                .unwrap_or_else(|| match deputy {
                    Deputy::Agent(id) => id.to_string(),
                    Deputy::Team(id) => id.to_string(),
                })
        })
    }

    fn save(self) {
        if self.saving.get_untracked() {
            return;
        }
        let Some(me) = self.desk.me() else {
            return;
        };
        self.saving.set(true);
        self.save_error.set(None);
        let draft = self.draft.get_untracked();
        let desk = self.desk;
        self.spawn(async move {
            let body = WriteAgentDeputyRelationshipsBody::new(me, &draft);
            match desk
                .client()
                .deputy_relationships_write_agent_deputies(&body)
                .await
            {
                Ok(()) => {
                    self.saved.set(draft);
                    desk.announce(TextKey::AgentDeputiesSaved);
                }
                Err(e) => {
                    let text = save_refusal(desk, &e);
                    desk.status.set(text.clone());
                    self.save_error.set(Some(text));
                }
            }
            self.saving.set(false);
        });
    }
}

/// The agent `me`'s deputies from the links `deputyrelationships/search` answered (level by
/// level, each in the agent's order).
fn relationships_of(links: &[DeputyRelationship], me: &PersonId) -> DeputyRelationships {
    let mut relationships = DeputyRelationships::default();
    for link in links.iter().filter(|l| &l.agent_user_id == me) {
        relationships
            .level_mut(link.escalation_level)
            .push(link.deputy());
    }
    relationships
}

/// Moves the deputy at `index` of `level` one place; `false` when it cannot move that way.
fn shift(
    relationships: &mut DeputyRelationships,
    level: DeputyLevel,
    index: usize,
    direction: Move,
) -> bool {
    let list = relationships.level_mut(level);
    let other = match direction {
        Move::Up => index.checked_sub(1),
        Move::Down => Some(index + 1).filter(|i| *i < list.len()),
    };
    match other {
        Some(other) if index < list.len() => {
            list.swap(index, other);
            true
        }
        _ => false,
    }
}

/// The value of a deputy in the add select.
fn choice_value(deputy: &Deputy) -> String {
    match deputy {
        Deputy::Agent(id) => format!("agent:{id}"),
        Deputy::Team(id) => format!("team:{id}"),
    }
}

/// The deputy a select value names.
fn parse_choice(value: &str) -> Option<Deputy> {
    if let Some(id) = value.strip_prefix("agent:").filter(|id| !id.is_empty()) {
        Some(Deputy::Agent(PersonId::new(id)))
    } else {
        value
            .strip_prefix("team:")
            .filter(|id| !id.is_empty())
            .map(|id| Deputy::Team(TeamId::new(id)))
    }
}

fn save_refusal(desk: Desk, error: &ApiError) -> String {
    let key = match error.code() {
        "EXTERNALLY_MANAGED" => TextKey::AgentDeputiesExternalRefused,
        "INVALID_INPUT" | "NOT_FOUND" | "NOT_AN_AGENT" => TextKey::AgentDeputiesInvalid,
        _ => return desk.failure(error),
    };
    desk.texts.get_untracked().get(key)
}

fn level_heading(desk: Desk, level: DeputyLevel) -> String {
    match level {
        DeputyLevel::Assistants => desk.text(TextKey::AgentDeputiesAssistants),
        other => desk.texts.get().render(
            TextKey::AgentDeputiesLevel,
            &[("level", &other.delegation_level().number().to_string())],
        ),
    }
}

/// The signed-in agent's assistants and deputies; nothing when their role may not manage
/// them. Rendered inside an [`crate::AgentDesk`], whose [`Desk`] it reads and acts through.
#[component]
pub fn DeputiesEditor(
    /// Extra classes on the editor's root.
    #[prop(into, optional)]
    class: MaybeProp<String>,
) -> impl IntoView {
    let desk = Desk::get();
    let editor = Editor {
        desk,
        owner: StoredValue::new(Owner::current().unwrap_or_default()),
        settings: RwSignal::new(None),
        saved: RwSignal::new(DeputyRelationships::default()),
        draft: RwSignal::new(DeputyRelationships::default()),
        choices: RwSignal::new(Vec::new()),
        saving: RwSignal::new(false),
        save_error: RwSignal::new(None),
        refocus: RwSignal::new(None),
    };
    editor.spawn(editor.load());
    let title_id = ids::unique("deputies-title");
    let intro_id = ids::unique("deputies-intro");
    let error_id = ids::unique("deputies-error");
    let may_manage = move || {
        editor
            .settings
            .with(|s| s.as_ref().is_some_and(|s| s.may_manage))
    };
    let any_editable = move || DeputyLevel::ALL.into_iter().any(|l| editor.editable(l));
    let unsaved = move || editor.draft.with(|d| editor.saved.with(|s| d != s));
    move || {
        may_manage().then(|| {
            let (title_id, intro_id, error_id) =
                (title_id.clone(), intro_id.clone(), error_id.clone());
            let described = {
                let error_id = error_id.clone();
                move || editor.save_error.get().map(|_| error_id.clone())
            };
            view! {
                <section
                    class=move || format!("baton-deputies {}", class.get().unwrap_or_default())
                    aria-labelledby=title_id.clone()
                    aria-describedby=intro_id.clone()
                >
                    <h3 id=title_id.clone()>{desk.label(TextKey::AgentDeputiesTitle)}</h3>
                    <p class="baton-deputies-intro" id=intro_id.clone()>
                        {desk.label(TextKey::AgentDeputiesIntro)}
                    </p>
                    <div class="baton-deputies-levels">
                        {DeputyLevel::ALL
                            .into_iter()
                            .map(|level| view! { <LevelEditor editor=editor level=level /> })
                            .collect_view()}
                    </div>
                    {move || any_editable().then(|| view! {
                        <div class="baton-deputies-save">
                            {move || unsaved().then(|| view! {
                                <p class="baton-deputies-unsaved">
                                    {desk.label(TextKey::AgentDeputiesUnsaved)}
                                </p>
                            })}
                            <button
                                type="button"
                                class="baton-button baton-button-primary"
                                aria-disabled=move || editor.saving.get().to_string()
                                aria-describedby=described.clone()
                                on:click=move |_| editor.save()
                            >
                                {desk.label(TextKey::AgentDeputiesSave)}
                            </button>
                        </div>
                    })}
                    {move || editor.save_error.get().map(|text| view! {
                        <p class="baton-field-error" id=error_id.clone() role="alert">{text}</p>
                    })}
                </section>
            }
        })
    }
}

/// One level: its deputies in order (with move and remove when editable) and the add control.
#[component]
fn LevelEditor(editor: Editor, level: DeputyLevel) -> impl IntoView {
    let desk = editor.desk;
    let heading_id = ids::unique("deputies-level");
    let select_id = ids::unique("deputies-choose");
    let error_id = ids::unique("deputies-add-error");
    let chosen = RwSignal::new(String::new());
    let add_error = RwSignal::new(None::<String>);
    let select: NodeRef<html::Select> = NodeRef::new();
    let editable = move || editor.editable(level);
    let heading = move || level_heading(desk, level);
    let add = move || {
        let Some(deputy) = parse_choice(&chosen.get_untracked()) else {
            add_error.set(Some(desk.text(TextKey::AgentDeputiesNothingChosen)));
            return;
        };
        if editor
            .draft
            .with_untracked(|d| d.level(level).contains(&deputy))
        {
            let name = editor.label(&deputy);
            add_error.set(Some(
                desk.texts
                    .get_untracked()
                    .render(TextKey::AgentDeputiesDuplicate, &[("name", &name)]),
            ));
            return;
        }
        add_error.set(None);
        editor.draft.update(|d| d.level_mut(level).push(deputy));
        chosen.set(String::new());
    };
    let remove = Callback::new(move |deputy: Deputy| {
        editor
            .draft
            .update(|d| d.level_mut(level).retain(|x| x != &deputy));
        // The row is gone: focus the level's add control rather than the page.
        if let Some(select) = select.get_untracked() {
            let _ = select.focus();
        }
    });
    let described = {
        let error_id = error_id.clone();
        move || add_error.get().map(|_| error_id.clone())
    };
    view! {
        <div class="baton-deputies-level" role="group" aria-labelledby=heading_id.clone()>
            <h4 id=heading_id.clone()>{heading}</h4>
            {move || (!editable()).then(|| view! {
                <p class="baton-deputies-external">{desk.label(TextKey::AgentDeputiesExternal)}</p>
            })}
            {move || editor.draft.with(|d| d.level(level).is_empty()).then(|| view! {
                <p class="baton-desk-empty">{desk.label(TextKey::AgentDeputiesNone)}</p>
            })}
            <ol class="baton-deputies-list">
                <For
                    each=move || editor.draft.with(|d| d.level(level).to_vec())
                    key=|deputy| deputy.clone()
                    children=move |deputy| view! {
                        <DeputyRow editor=editor level=level deputy=deputy on_remove=remove />
                    }
                />
            </ol>
            {move || editable().then(|| {
                let (select_id, error_id, described) =
                    (select_id.clone(), error_id.clone(), described.clone());
                view! {
                    <div class="baton-deputies-add">
                        <label for=select_id.clone()>
                            {move || desk.texts.get().render(TextKey::AgentDeputiesChoose, &[("level", &heading())])}
                        </label>
                        <select
                            id=select_id
                            node_ref=select
                            aria-invalid=move || add_error.get().is_some().to_string()
                            aria-describedby=described
                            prop:value=move || chosen.get()
                            on:change=move |ev| {
                                chosen.set(event_target_value(&ev));
                                add_error.set(None);
                            }
                        >
                            <option value="">{desk.label(TextKey::AgentDeputiesChoosePrompt)}</option>
                            {move || editor.choices.get().into_iter().map(|(deputy, label)| view! {
                                <option value=choice_value(&deputy)>{label}</option>
                            }).collect_view()}
                        </select>
                        <button type="button" class="baton-button" on:click=move |_| add()>
                            {desk.label(TextKey::AgentDeputiesAdd)}
                        </button>
                        {move || add_error.get().map(|text| view! {
                            <p class="baton-field-error" id=error_id.clone() role="alert">{text}</p>
                        })}
                    </div>
                }
            })}
        </div>
    }
}

/// One deputy of a level, with its move and remove buttons when the level is editable.
#[component]
fn DeputyRow(
    editor: Editor,
    level: DeputyLevel,
    deputy: Deputy,
    on_remove: Callback<Deputy>,
) -> impl IntoView {
    let desk = editor.desk;
    let up: NodeRef<html::Button> = NodeRef::new();
    let down: NodeRef<html::Button> = NodeRef::new();
    let index = {
        let deputy = deputy.clone();
        Memo::new(move |_| {
            editor
                .draft
                .with(|d| d.level(level).iter().position(|x| x == &deputy))
        })
    };
    let count = move || editor.draft.with(|d| d.level(level).len());
    let name = {
        let deputy = deputy.clone();
        Memo::new(move |_| editor.label(&deputy))
    };
    let shift_by = {
        let deputy = deputy.clone();
        move |direction: Move| {
            let Some(at) = index.get_untracked() else {
                return;
            };
            let mut moved = false;
            editor
                .draft
                .update(|d| moved = shift(d, level, at, direction));
            if moved {
                editor.refocus.set(Some((level, deputy.clone(), direction)));
            }
        }
    };
    {
        // After a move the list is reordered: give focus back to the button just used.
        let deputy = deputy.clone();
        Effect::new(move |_| {
            let Some((l, d, direction)) = editor.refocus.get() else {
                return;
            };
            if l == level && d == deputy {
                let button = match direction {
                    Move::Up => up.get_untracked(),
                    Move::Down => down.get_untracked(),
                };
                if let Some(button) = button {
                    let _ = button.focus();
                }
                editor.refocus.set(None);
            }
        });
    }
    let label = move |key: TextKey| desk.texts.get().render(key, &[("name", &name.get())]);
    let first = move || index.get() == Some(0);
    let last = move || index.get().is_some_and(|i| i + 1 == count());
    view! {
        <li class="baton-deputies-row">
            <span class="baton-deputies-name">{name}</span>
            {move || editor.editable(level).then(|| {
                let (shift_up, shift_down) = (shift_by.clone(), shift_by.clone());
                let deputy = deputy.clone();
                view! {
                    <span class="baton-deputies-row-actions">
                        <button
                            type="button"
                            class="baton-button"
                            node_ref=up
                            aria-disabled=move || first().to_string()
                            on:click=move |_| shift_up(Move::Up)
                        >
                            {move || label(TextKey::AgentDeputiesMoveUp)}
                        </button>
                        <button
                            type="button"
                            class="baton-button"
                            node_ref=down
                            aria-disabled=move || last().to_string()
                            on:click=move |_| shift_down(Move::Down)
                        >
                            {move || label(TextKey::AgentDeputiesMoveDown)}
                        </button>
                        <button
                            type="button"
                            class="baton-button"
                            on:click=move |_| on_remove.run(deputy.clone())
                        >
                            {move || label(TextKey::AgentDeputiesRemove)}
                        </button>
                    </span>
                }
            })}
        </li>
    }
}

#[cfg(test)]
mod tests {
    use baton_api::wire::shape::Tag;

    use super::*;

    fn link(agent: &str, level: DeputyLevel, deputy: Deputy) -> DeputyRelationship {
        DeputyRelationship {
            kind: Tag::new(),
            ..DeputyRelationship::new(&PersonId::new(agent), level, &deputy)
        }
    }

    fn agent(id: &str) -> Deputy {
        Deputy::Agent(PersonId::new(id))
    }

    #[test]
    fn the_links_become_the_agents_levels_in_their_order() {
        let links = [
            link("anna", DeputyLevel::Assistants, agent("ben")),
            link("anna", DeputyLevel::Level1, agent("clara")),
            link("anna", DeputyLevel::Level1, agent("eva")),
            link("someone", DeputyLevel::Level1, agent("zoe")),
            link(
                "anna",
                DeputyLevel::Level2,
                Deputy::Team(TeamId::new("advisory")),
            ),
        ];
        let relationships = relationships_of(&links, &PersonId::new("anna"));
        assert_eq!(relationships.assistants, vec![agent("ben")]);
        assert_eq!(relationships.level1, vec![agent("clara"), agent("eva")]);
        assert_eq!(
            relationships.level2,
            vec![Deputy::Team(TeamId::new("advisory"))]
        );
        assert!(relationships.level3.is_empty());
    }

    #[test]
    fn moving_swaps_neighbours_and_refuses_to_leave_the_list() {
        let mut r = DeputyRelationships {
            level1: vec![agent("a"), agent("b"), agent("c")],
            ..DeputyRelationships::default()
        };
        assert!(shift(&mut r, DeputyLevel::Level1, 2, Move::Up));
        assert_eq!(r.level1, vec![agent("a"), agent("c"), agent("b")]);
        assert!(shift(&mut r, DeputyLevel::Level1, 0, Move::Down));
        assert_eq!(r.level1, vec![agent("c"), agent("a"), agent("b")]);
        assert!(!shift(&mut r, DeputyLevel::Level1, 0, Move::Up));
        assert!(!shift(&mut r, DeputyLevel::Level1, 2, Move::Down));
        assert!(!shift(&mut r, DeputyLevel::Level2, 0, Move::Down));
        assert_eq!(r.level1, vec![agent("c"), agent("a"), agent("b")]);
    }

    #[test]
    fn a_choice_round_trips_through_the_select_and_nothing_else_parses() {
        for deputy in [agent("clara.deputy"), Deputy::Team(TeamId::new("advisory"))] {
            assert_eq!(parse_choice(&choice_value(&deputy)), Some(deputy));
        }
        for bad in ["", "agent:", "team:", "clara.deputy", "person:clara"] {
            assert_eq!(parse_choice(bad), None, "{bad:?}");
        }
    }
}
