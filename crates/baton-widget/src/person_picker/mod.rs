//! The person picker: a labelled search field over the agents (with each one's presence:
//! available, away, offline) or the teams the signed-in agent may see, and the matches as a
//! group of radio buttons (one choice; Tab into the group, arrow keys move the choice). The
//! caller owns the choice (`chosen`, `on_choose`), may leave ids out (`exclude`) or note
//! something beside them (`marks`: "in this conversation"), and shows its own error about the
//! choice (`error`) where the picker links it to the field and the group. [`SearchSwitch`] is
//! the agents-or-teams choice of the dialogs that offer both.
//!
//! It reads the directory through the desk's client (`persons/search` filtered to agents,
//! `teams/search`, `availability/getAgentAvailability` per shown agent, kept live by the
//! feed's presence changes in [`Desk::presence`]) when it is mounted
//! and when the search switches between agents and teams: mount it while it is needed (in an
//! open dialog). Filtering by the typed text happens here, as the server's searches have no
//! name filter for persons. What a choice is for (forward, invite) is the caller's.

use std::collections::HashSet;

use baton_api::wire::Tag;
use baton_api::wire::person::{
    PersonQuery, PersonSearchFilter, PersonTypeOperator, PersonTypePersonSearchFilter, TeamQuery,
};
use baton_core::directory::{PersonType, PresenceState};
use baton_core::id::{PersonId, TeamId};
use baton_core::text::TextKey;
use leptos::prelude::*;

use crate::agent_desk::Desk;
use crate::ids;

/// Most matches shown at once; typing narrows the rest down.
const SHOWN: usize = 20;

/// What the picker searches.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Search {
    /// Agents, with their presence.
    #[default]
    Agents,
    /// Teams.
    Teams,
}

/// The agent or team chosen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Choice {
    /// An agent.
    Agent {
        /// Their person id.
        id: PersonId,
        /// Their display name.
        name: String,
    },
    /// A team.
    Team {
        /// The team's id.
        id: TeamId,
        /// Its name.
        name: String,
    },
}

impl Choice {
    /// The agent's or team's id.
    pub fn id(&self) -> &str {
        match self {
            Self::Agent { id, .. } => id.as_str(),
            Self::Team { id, .. } => id.as_str(),
        }
    }

    /// The agent's or team's name.
    pub fn name(&self) -> &str {
        match self {
            Self::Agent { name, .. } | Self::Team { name, .. } => name,
        }
    }
}

/// The words and the class a presence is shown with.
fn presence_view(presence: PresenceState) -> (TextKey, &'static str) {
    match presence {
        PresenceState::Online => (
            TextKey::AgentPresenceAvailable,
            "baton-presence baton-presence-available",
        ),
        PresenceState::Away => (
            TextKey::AgentPresenceAway,
            "baton-presence baton-presence-away",
        ),
        PresenceState::Offline => (
            TextKey::AgentPresenceOffline,
            "baton-presence baton-presence-offline",
        ),
    }
}

/// One agent or team the picker may offer, with the lowercased text a search looks in.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Candidate {
    choice: Choice,
    haystack: String,
}

impl Candidate {
    fn new(choice: Choice, also: Option<&str>) -> Self {
        let haystack = format!("{} {}", choice.name(), also.unwrap_or_default()).to_lowercase();
        Self { choice, haystack }
    }
}

/// The candidates not in `exclude` that contain every word of `query` (in any case, in their
/// name or username), sorted by name.
fn matching<'a>(all: &'a [Candidate], query: &str, exclude: &[String]) -> Vec<&'a Candidate> {
    let query = query.to_lowercase();
    let words: Vec<&str> = query.split_whitespace().collect();
    let mut found: Vec<&Candidate> = all
        .iter()
        .filter(|c| !exclude.iter().any(|id| id == c.choice.id()))
        .filter(|c| words.iter().all(|w| c.haystack.contains(w)))
        .collect();
    found.sort_by_cached_key(|c| c.choice.name().to_lowercase());
    found
}

/// The directory as loaded for one search.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Listing {
    Loading,
    Ready(Vec<Candidate>),
    Failed(String),
}

/// Every agent (or team) the signed-in agent may see.
async fn load(desk: Desk, search: Search) -> Listing {
    let client = desk.client();
    let loaded = match search {
        Search::Agents => {
            let query = PersonQuery {
                search_filters: vec![PersonSearchFilter::PersonType(
                    PersonTypePersonSearchFilter {
                        kind: Tag::new(),
                        field: Tag::new(),
                        operator: PersonTypeOperator::equals(PersonType::Agent),
                    },
                )],
                ..PersonQuery::default()
            };
            client.persons_search(&query).await.map(|found| {
                found
                    .items
                    .into_iter()
                    .map(|p| {
                        let name = p
                            .display_name
                            .clone()
                            .or_else(|| p.username.clone())
                            .unwrap_or_else(|| p.id.to_string());
                        Candidate::new(Choice::Agent { id: p.id, name }, p.username.as_deref())
                    })
                    .collect()
            })
        }
        Search::Teams => client
            .teams_search(&TeamQuery::default())
            .await
            .map(|found| {
                found
                    .items
                    .into_iter()
                    .filter_map(|t| {
                        let choice = Choice::Team {
                            id: t.id?,
                            name: t.name,
                        };
                        Some(Candidate::new(choice, None))
                    })
                    .collect()
            }),
    };
    match loaded {
        Ok(candidates) => Listing::Ready(candidates),
        Err(e) => Listing::Failed(desk.failure(&e)),
    }
}

/// The searchable list of agents or teams.
#[component]
pub fn PersonPicker(
    /// Extra classes on the picker's root.
    #[prop(into, optional)]
    class: MaybeProp<String>,
    /// Agents or teams.
    #[prop(into)]
    search: Signal<Search>,
    /// Ids (of agents or teams) left out of the matches: the signed-in agent, say.
    #[prop(into, optional)]
    exclude: Signal<Vec<String>>,
    /// Ids with a note shown beside their name ("in this conversation").
    #[prop(into, optional)]
    marks: Signal<Vec<(String, String)>>,
    /// The id of the agent or team chosen, if any.
    #[prop(into)]
    chosen: Signal<Option<String>>,
    /// The caller's error about the choice ("choose someone first"), shown under the matches.
    #[prop(into, optional)]
    error: Signal<Option<String>>,
    /// Focus the search field when the picker appears (the first field of a dialog).
    #[prop(optional)]
    autofocus: bool,
    /// Called with the agent or team chosen.
    on_choose: Callback<Choice>,
) -> impl IntoView {
    let desk = Desk::get();
    let search_id = ids::unique("picker-search");
    let count_id = ids::unique("picker-count");
    let error_id = ids::unique("picker-error");
    let group = ids::unique("picker-choice");
    let query = RwSignal::new(String::new());
    let listing = RwSignal::new(Listing::Loading);
    let asked = StoredValue::new(HashSet::<PersonId>::new());
    // Only the latest load may fill the list (a slow answer for the other kind must not).
    let generation = RwSignal::new(0_u64);

    Effect::new(move |_| {
        let kind = search.get();
        let mine = generation.get_untracked() + 1;
        generation.set(mine);
        listing.set(Listing::Loading);
        desk.spawn(async move {
            let loaded = load(desk, kind).await;
            if generation.try_get_untracked() == Some(mine) {
                listing.set(loaded);
            }
        });
    });

    let shown = Memo::new(move |_| {
        let Listing::Ready(all) = listing.get() else {
            return (Vec::new(), 0);
        };
        let exclude = exclude.get();
        let found = matching(&all, &query.get(), &exclude);
        let count = found.len();
        let shown: Vec<Choice> = found
            .into_iter()
            .take(SHOWN)
            .map(|c| c.choice.clone())
            .collect();
        (shown, count)
    });

    // Presence is asked for each shown agent the desk does not know yet; the feed's presence
    // changes keep what it knows live (`Desk::presence`).
    Effect::new(move |_| {
        let (shown, _) = shown.get();
        for choice in shown {
            let Choice::Agent { id, .. } = choice else {
                continue;
            };
            // Known presence stays live through the feed: only the unknown is asked, once.
            let known = desk.presence.with_untracked(|p| p.contains_key(&id));
            if known || asked.try_update_value(|a| a.insert(id.clone())) != Some(true) {
                continue;
            }
            desk.spawn(async move {
                if let Ok(state) = desk
                    .client()
                    .availability_get_agent_availability(Some(&id))
                    .await
                {
                    desk.presence.update(|known| {
                        known.insert(id, PresenceState::from(state.availability_state));
                    });
                }
            });
        }
    });

    let described = {
        let (count_id, error_id) = (count_id.clone(), error_id.clone());
        move || match error.get() {
            Some(_) => format!("{count_id} {error_id}"),
            None => count_id.clone(),
        }
    };
    let search_label = move || match search.get() {
        Search::Agents => desk.text(TextKey::AgentPickerSearchAgents),
        Search::Teams => desk.text(TextKey::AgentPickerSearchTeams),
    };
    let legend = move || match search.get() {
        Search::Agents => desk.text(TextKey::AgentPickerAgents),
        Search::Teams => desk.text(TextKey::AgentPickerTeams),
    };
    let count = move || match listing.get() {
        Listing::Loading => desk.text(TextKey::AgentPickerLoading),
        Listing::Failed(_) => String::new(),
        Listing::Ready(_) => {
            let (shown, count) = shown.get();
            if count == 0 {
                desk.text(match search.get() {
                    Search::Agents => TextKey::AgentPickerNoAgent,
                    Search::Teams => TextKey::AgentPickerNoTeam,
                })
            } else if count > shown.len() {
                desk.texts.get().render(
                    TextKey::AgentPickerMore,
                    &[
                        ("shown", &shown.len().to_string()),
                        ("count", &count.to_string()),
                    ],
                )
            } else {
                desk.texts
                    .get()
                    .render(TextKey::AgentPickerFound, &[("count", &count.to_string())])
            }
        }
    };
    let option = move |choice: Choice| {
        let id = choice.id().to_owned();
        let checked = {
            let id = id.clone();
            move || chosen.get().as_deref() == Some(id.as_str())
        };
        let agent = match &choice {
            Choice::Agent { id, .. } => Some(id.clone()),
            Choice::Team { .. } => None,
        };
        let state = move || {
            let agent = agent.clone()?;
            let (text, class) = desk
                .presence
                .with(|known| known.get(&agent).copied().map(presence_view))?;
            Some(view! { <span class=class>{desk.label(text)}</span> })
        };
        let mark = {
            let id = id.clone();
            move || {
                marks
                    .get()
                    .into_iter()
                    .find(|(marked, _)| *marked == id)
                    .map(|(_, note)| view! { <span class="baton-picker-mark">{note}</span> })
            }
        };
        let name = choice.name().to_owned();
        let group = group.clone();
        view! {
            <li>
                <label class="baton-picker-option">
                    <input
                        type="radio"
                        name=group
                        value=id
                        prop:checked=checked
                        on:change=move |_| on_choose.run(choice.clone())
                    />
                    // Spaces keep the accessible name's words apart ("Clara Deputy available").
                    <span class="baton-picker-name">{name}</span>
                    {" "}
                    {state}
                    {" "}
                    {mark}
                </label>
            </li>
        }
    };

    view! {
        <div class=move || format!("baton-picker {}", class.get().unwrap_or_default())>
            <label for=search_id.clone()>{search_label}</label>
            <input
                id=search_id
                type="search"
                autocomplete="off"
                spellcheck="false"
                autofocus=autofocus
                aria-describedby=described
                aria-invalid=move || error.get().is_some().to_string()
                prop:value=move || query.get()
                on:input=move |ev| query.set(event_target_value(&ev))
            />
            <p class="baton-picker-count" id=count_id role="status">{count}</p>
            {move || match listing.get() {
                Listing::Failed(text) => Some(view! {
                    <p class="baton-field-error" role="alert">{text}</p>
                }.into_any()),
                Listing::Ready(_) if !shown.with(|(s, _)| s.is_empty()) => Some(view! {
                    <fieldset class="baton-picker-results">
                        <legend>{legend}</legend>
                        <ul>
                            <For
                                each=move || shown.get().0
                                key=|choice| choice.id().to_owned()
                                children=option.clone()
                            />
                        </ul>
                    </fieldset>
                }.into_any()),
                _ => None,
            }}
            {move || error.get().map(|text| view! {
                <p class="baton-field-error" id=error_id.clone() role="alert">{text}</p>
            })}
        </div>
    }
}

/// The choice between searching agents and teams, as two radio buttons under `legend`: what
/// a [`PersonPicker`]'s `search` follows in the dialogs that offer both.
#[component]
pub fn SearchSwitch(
    /// Extra classes on the group.
    #[prop(into, optional)]
    class: MaybeProp<String>,
    /// What the choice is for ("Forward to").
    #[prop(into)]
    legend: Signal<String>,
    /// Agents or teams.
    #[prop(into)]
    search: Signal<Search>,
    /// Called with the other kind when the user switches.
    on_switch: Callback<Search>,
) -> impl IntoView {
    let desk = Desk::get();
    let group = ids::unique("search-kind");
    let option = move |kind: Search, key: TextKey| {
        view! {
            <label class="baton-search-switch-option">
                <input
                    type="radio"
                    name=group.clone()
                    prop:checked=move || search.get() == kind
                    on:change=move |_| on_switch.run(kind)
                />
                {desk.label(key)}
            </label>
        }
    };
    view! {
        <fieldset class=move || format!("baton-search-switch {}", class.get().unwrap_or_default())>
            <legend>{move || legend.get()}</legend>
            {option(Search::Agents, TextKey::AgentPickerKindAgent)}
            {option(Search::Teams, TextKey::AgentPickerKindTeam)}
        </fieldset>
    }
}

#[cfg(test)]
mod tests {
    use baton_api::wire::person::AvailabilityState;

    use super::*;

    fn agent(id: &str, name: &str, username: &str) -> Candidate {
        Candidate::new(
            Choice::Agent {
                id: PersonId::new(id),
                name: name.into(),
            },
            Some(username),
        )
    }

    fn names(found: &[&Candidate]) -> Vec<String> {
        found.iter().map(|c| c.choice.name().to_owned()).collect()
    }

    #[test]
    fn every_word_must_match_in_any_case_and_matches_are_sorted_by_name() {
        let all = [
            agent("david", "David Deputy", "david.deputy"),
            agent("clara", "Clara Deputy", "clara.deputy"),
            agent("anna", "Anna Advisor", "anna.advisor"),
        ];
        assert_eq!(
            names(&matching(&all, "", &[])),
            ["Anna Advisor", "Clara Deputy", "David Deputy"]
        );
        assert_eq!(
            names(&matching(&all, "DEPUTY", &[])),
            ["Clara Deputy", "David Deputy"]
        );
        assert_eq!(names(&matching(&all, "dep  cla", &[])), ["Clara Deputy"]);
        assert_eq!(
            names(&matching(&all, "anna.adv", &[])),
            ["Anna Advisor"],
            "the username counts"
        );
        assert!(matching(&all, "zoe", &[]).is_empty());
    }

    #[test]
    fn excluded_ids_are_left_out() {
        let all = [
            agent("anna", "Anna Advisor", "anna.advisor"),
            agent("clara", "Clara Deputy", "clara.deputy"),
        ];
        assert_eq!(
            names(&matching(&all, "", &["anna".to_owned()])),
            ["Clara Deputy"]
        );
    }

    #[test]
    fn availability_reads_as_presence() {
        assert_eq!(
            PresenceState::from(AvailabilityState::Available),
            PresenceState::Online
        );
        assert_eq!(
            PresenceState::from(AvailabilityState::Busy),
            PresenceState::Away
        );
        assert_eq!(
            PresenceState::from(AvailabilityState::Unavailable),
            PresenceState::Offline
        );
    }
}
