//! The deputies editor in the agent desk (seed 001, "Deputy delegation in the Agent Desk"):
//! the signed-in agent's assistants and level 1-3 deputies (agents or teams), each level
//! ordered by the agent, with add, remove and move up / down, saved in one
//! `deputyrelationships/writeAgentDeputies`.
//!
//! What the editor may change comes from the server (`GET /baton/v1/deputies/settings`): it
//! is not shown at all to an agent whose role is below `deputyRelationshipsMinimalRole`, and
//! externally managed levels are shown read-only. Edits stay a draft until saved; a refused
//! save changes nothing and says why next to the Save button. The domain decides what may be
//! saved. A level's "Add to …" opens a [`Dialog`] with the desk's [`PersonPicker`] (agents
//! with their presence, or teams); those already on the level and the agent themselves are not
//! offered. Below the levels, [`preview::Preview`] shows who the draft would ask when.

mod preview;

use std::collections::HashMap;
use std::future::Future;

use baton_api::client::ApiError;
use baton_api::wire::baton::BatonDeputySettings;
use baton_api::wire::deputy::{
    DeputyRelationship, DeputyRelationshipQuery, WriteAgentDeputyRelationshipsBody,
};
use baton_api::wire::error::ErrorCode;
use baton_core::deputy::{Deputy, DeputyLevel, DeputyRelationships};
use baton_core::id::PersonId;
use baton_core::text::TextKey;
use leptos::ev::SubmitEvent;
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local_scoped_with_cancellation;

use crate::agent_desk::Desk;
use crate::dialog::{Dialog, DialogActions};
use crate::ids;
use crate::person_picker::{Choice, PersonPicker, Search, SearchSwitch};
use preview::Preview;

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
    /// The name each deputy is shown with ("Advisory (team)").
    names: RwSignal<HashMap<Deputy, String>>,
    saving: RwSignal<bool>,
    save_error: RwSignal<Option<String>>,
    /// After a move, the row and button to give focus back to.
    refocus: RwSignal<Option<(DeputyLevel, Deputy, Move)>>,
    /// The level the add dialog is open for.
    adding: RwSignal<Option<DeputyLevel>>,
}

impl Editor {
    fn spawn(&self, work: impl Future<Output = ()> + 'static) {
        self.owner
            .with_value(|owner| owner.with(|| spawn_local_scoped_with_cancellation(work)));
    }

    /// Reads the settings, the agent's deputies and their names.
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
                let mut names = HashMap::new();
                for deputy in DeputyLevel::ALL
                    .into_iter()
                    .flat_map(|level| relationships.level(level).iter())
                {
                    if !names.contains_key(deputy) {
                        names.insert(deputy.clone(), self.name_of(deputy).await);
                    }
                }
                self.names.set(names);
                self.saved.set(relationships.clone());
                self.draft.set(relationships);
            }
            Err(e) => {
                self.desk.status.set(self.desk.failure(&e));
                return;
            }
        }
        self.settings.set(Some(settings));
    }

    fn editable(&self, level: DeputyLevel) -> bool {
        self.settings.with(|s| {
            s.as_ref()
                .is_some_and(|s| s.may_manage && !s.externally_managed_levels.contains(&level))
        })
    }

    /// How `deputy` is shown: an agent by name, a team by name marked as a team.
    async fn name_of(self, deputy: &Deputy) -> String {
        match deputy {
            Deputy::Agent(id) => self.desk.person_name(id).await,
            Deputy::Team(id) => {
                let name = self.desk.team_name(id).await;
                team_label(self.desk, &name)
            }
        }
    }

    fn label(&self, deputy: &Deputy) -> String {
        self.names.with(|names| {
            names.get(deputy).cloned().unwrap_or_else(|| match deputy {
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

fn team_label(desk: Desk, name: &str) -> String {
    desk.texts
        .get_untracked()
        .render(TextKey::AgentDeputiesTeam, &[("name", name)])
}

fn save_refusal(desk: Desk, error: &ApiError) -> String {
    let key = match error.code() {
        ErrorCode::ExternallyManaged => TextKey::AgentDeputiesExternalRefused,
        ErrorCode::InvalidInput | ErrorCode::NotFound | ErrorCode::NotAnAgent => {
            TextKey::AgentDeputiesInvalid
        }
        _ => return desk.failure(error),
    };
    desk.texts.get_untracked().get(key)
}

/// "Add to Level 1 deputies": a level's add button and the add dialog's title.
fn add_title(desk: Desk, level: DeputyLevel) -> String {
    desk.texts.get().render(
        TextKey::AgentDeputiesChoose,
        &[("level", &level_heading(desk, level))],
    )
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
        names: RwSignal::new(HashMap::new()),
        saving: RwSignal::new(false),
        save_error: RwSignal::new(None),
        refocus: RwSignal::new(None),
        adding: RwSignal::new(None),
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
                    <Preview editor=editor />
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
                    // One dialog for every level, after the levels: its title (a heading) is
                    // followed by none of theirs.
                    <AddDeputy editor=editor />
                </section>
            }
        })
    }
}

/// One level: its deputies in order (with move and remove when editable) and its add button.
#[component]
fn LevelEditor(editor: Editor, level: DeputyLevel) -> impl IntoView {
    let desk = editor.desk;
    let heading_id = ids::unique("deputies-level");
    let opener: NodeRef<html::Button> = NodeRef::new();
    let editable = move || editor.editable(level);
    let remove = Callback::new(move |deputy: Deputy| {
        editor
            .draft
            .update(|d| d.level_mut(level).retain(|x| x != &deputy));
        // The row is gone: focus the level's add button rather than the page.
        if let Some(opener) = opener.get_untracked() {
            let _ = opener.focus();
        }
    });
    view! {
        <div class="baton-deputies-level" role="group" aria-labelledby=heading_id.clone()>
            <h4 id=heading_id.clone()>{move || level_heading(desk, level)}</h4>
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
            {move || editable().then(|| view! {
                <div class="baton-deputies-add">
                    <button
                        type="button"
                        class="baton-button"
                        node_ref=opener
                        aria-haspopup="dialog"
                        on:click=move |_| editor.adding.set(Some(level))
                    >
                        {move || add_title(desk, level)}
                    </button>
                </div>
            })}
        </div>
    }
}

/// The add dialog, open for `editor.adding`'s level: the agent or team chosen in the
/// [`PersonPicker`] joins the draft at the end of the level, and focus returns to the level's
/// add button (the browser's, for a modal dialog).
#[component]
fn AddDeputy(editor: Editor) -> impl IntoView {
    let desk = editor.desk;
    let search = RwSignal::new(Search::Agents);
    let chosen = RwSignal::new(None::<Choice>);
    let error = RwSignal::new(None::<String>);
    let title = Signal::derive(move || {
        editor
            .adding
            .get()
            .map(|level| add_title(desk, level))
            .unwrap_or_default()
    });
    let close = Callback::new(move |()| {
        editor.adding.set(None);
        search.set(Search::Agents);
        chosen.set(None);
        error.set(None);
    });
    let switch = Callback::new(move |kind: Search| {
        search.set(kind);
        chosen.set(None);
        error.set(None);
    });
    let choose = Callback::new(move |choice: Choice| {
        chosen.set(Some(choice));
        error.set(None);
    });
    // Those already on the level, and the agent themselves, are not offered.
    let exclude = Signal::derive(move || {
        let (Some(level), kind) = (editor.adding.get(), search.get()) else {
            return Vec::new();
        };
        let mut ids: Vec<String> = editor.draft.with(|d| {
            d.level(level)
                .iter()
                .filter_map(|deputy| match (deputy, kind) {
                    (Deputy::Agent(id), Search::Agents) => Some(id.to_string()),
                    (Deputy::Team(id), Search::Teams) => Some(id.to_string()),
                    _ => None,
                })
                .collect()
        });
        if kind == Search::Agents {
            ids.extend(desk.me().map(|me| me.to_string()));
        }
        ids
    });
    let add = move |ev: SubmitEvent| {
        ev.prevent_default();
        let Some(level) = editor.adding.get_untracked() else {
            return;
        };
        let Some(choice) = chosen.get_untracked() else {
            error.set(Some(desk.text(TextKey::AgentDeputiesNothingChosen)));
            return;
        };
        let (deputy, name) = match choice {
            Choice::Agent { id, name } => (Deputy::Agent(id), name),
            Choice::Team { id, name } => (Deputy::Team(id), team_label(desk, &name)),
        };
        editor.names.update(|names| {
            names.insert(deputy.clone(), name);
        });
        editor.draft.update(|d| d.level_mut(level).push(deputy));
        close.run(());
    };
    view! {
        <Dialog
            class="baton-deputies-dialog"
            open=Signal::derive(move || editor.adding.get().is_some())
            title=title
            close_label=desk.label(TextKey::AgentClose)
            on_close=close
        >
            {move || editor.adding.get().is_some().then(|| view! {
                <form class="baton-deputies-add-form" novalidate on:submit=add>
                    <SearchSwitch
                        legend=desk.label(TextKey::AgentDeputiesKind)
                        search=search
                        on_switch=switch
                    />
                    <PersonPicker
                        search=search
                        exclude=exclude
                        chosen=Signal::derive(move || {
                            chosen.with(|c| c.as_ref().map(|c| c.id().to_owned()))
                        })
                        error=error
                        autofocus=true
                        on_choose=choose
                    />
                    <DialogActions
                        cancel_label=desk.label(TextKey::AgentCancel)
                        on_cancel=close
                        label=desk.label(TextKey::AgentDeputiesAdd)
                        busy=false
                    />
                </form>
            })}
        </Dialog>
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
    let move_button = move |direction: Move| {
        let shift_by = shift_by.clone();
        let (node, key) = match direction {
            Move::Up => (up, TextKey::AgentDeputiesMoveUp),
            Move::Down => (down, TextKey::AgentDeputiesMoveDown),
        };
        // At the end it cannot move that way: it says so and keeps its focus.
        let at_end = move || match direction {
            Move::Up => index.get() == Some(0),
            Move::Down => index.get().is_some_and(|i| i + 1 == count()),
        };
        view! {
            <button
                type="button"
                class="baton-button"
                node_ref=node
                aria-disabled=move || at_end().to_string()
                on:click=move |_| shift_by(direction)
            >
                {move || label(key)}
            </button>
        }
    };
    view! {
        <li class="baton-deputies-row">
            <span class="baton-deputies-name">{name}</span>
            {move || editor.editable(level).then(|| {
                let deputy = deputy.clone();
                view! {
                    <span class="baton-deputies-row-actions">
                        {move_button(Move::Up)}
                        {move_button(Move::Down)}
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
    use baton_core::id::TeamId;

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
}
