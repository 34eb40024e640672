//! The desk's hand-off history of the open conversation: a "History" disclosure whose panel
//! is a timeline (an ordered list, one step per entry: its `<time>` in the desk's locale and
//! who did what to whom with which outcome, in words), with "Copy as text" and "Download CSV".
//!
//! The history is the server's (`GET /baton/v1/conversations/{id}/history`), read when the
//! panel opens and after the feed reconnects; the entries the desk's feed brings for the
//! conversation meanwhile ([`Desk::handoffs`]) are merged in by log position, so the timeline
//! stays live without reading it again. Names come from the conversation's participants,
//! else from the directory (asked once per person or team), else the id. The words are
//! `line.rs`'s, the copy and CSV texts `export.rs`'s; nothing here decides a rule.

mod export;
mod line;

use std::collections::{BTreeMap, BTreeSet};
use std::future::Future;

use baton_core::history::HandoffEntry;
use baton_core::id::ConversationId;
use baton_core::text::TextKey;
use baton_core::time::Timestamp;
use leptos::prelude::*;
use leptos::task::spawn_local_scoped_with_cancellation;
use serde::Deserialize;
use wasm_bindgen::JsValue;

use crate::agent_desk::Desk;
use crate::feed::Touched;
use crate::ids;
use line::Names;

/// A feed event (a `BatonEvent` as JSON text) as the desk reads it, in one parse: what it
/// touched, and the hand-off entry it carries, if any.
#[derive(Deserialize)]
pub(crate) struct FeedEvent {
    /// What the event touched.
    pub event: Touched,
    /// Its hand-off entry (agents' events that are a hand-off step).
    #[serde(default)]
    pub handoff: Option<HandoffEntry>,
}

impl FeedEvent {
    /// Reads a `BatonEvent`'s JSON text; `None` if it is not one.
    pub(crate) fn of(data: &str) -> Option<Self> {
        serde_json::from_str(data).ok()
    }
}

/// The loaded history of `conversation` with the live entries of the same conversation, in
/// log order, each position once (the feed may repeat what the load already had).
fn merged(
    conversation: &ConversationId,
    loaded: &[HandoffEntry],
    live: &[HandoffEntry],
) -> Vec<HandoffEntry> {
    let mut by_position = BTreeMap::new();
    for entry in loaded.iter().chain(live) {
        if &entry.conversation == conversation {
            by_position
                .entry(entry.position)
                .or_insert_with(|| entry.clone());
        }
    }
    by_position.into_values().collect()
}

/// A moment in `locale`, with seconds (steps of one escalation are seconds apart): the label
/// and the ISO form for `datetime`.
fn time_label(time: Timestamp, locale: &str) -> (String, String) {
    // Whole milliseconds of a date in this era fit an f64 exactly.
    #[allow(clippy::cast_precision_loss)]
    let date = js_sys::Date::new(&JsValue::from_f64(time.as_millis() as f64));
    let options = js_sys::Object::new();
    for (name, value) in [("dateStyle", "medium"), ("timeStyle", "medium")] {
        let _ = js_sys::Reflect::set(&options, &name.into(), &value.into());
    }
    let label: String = date.to_locale_string(locale, &options).into();
    (label, date.to_iso_string().into())
}

/// The history's state.
#[derive(Clone, Copy)]
struct History {
    desk: Desk,
    owner: StoredValue<Owner>,
    /// The panel is open.
    expanded: RwSignal<bool>,
    /// The last history read, and of which conversation.
    loaded: RwSignal<Option<(ConversationId, Vec<HandoffEntry>)>>,
    /// Why the last read failed.
    failed: RwSignal<Option<String>>,
    /// Names read from the directory.
    looked_up: RwSignal<Names>,
    /// Ids already asked for, so each is asked once.
    asked: StoredValue<BTreeSet<String>>,
    /// Counts reads, so that an older answer arriving late does not overwrite a newer one.
    generation: StoredValue<u64>,
    /// The history's own announcement (copied, refused).
    said: RwSignal<String>,
}

impl History {
    fn spawn(&self, work: impl Future<Output = ()> + 'static) {
        self.owner
            .with_value(|owner| owner.with(|| spawn_local_scoped_with_cancellation(work)));
    }

    async fn reload(self, conversation: ConversationId) {
        let generation = self.generation.get_value() + 1;
        self.generation.set_value(generation);
        let answer = self.desk.client().history(&conversation).await;
        if self.generation.get_value() != generation {
            return;
        }
        match answer {
            Ok(entries) => {
                self.failed.set(None);
                self.loaded.set(Some((conversation, entries)));
            }
            Err(e) => self.failed.set(Some(self.desk.failure(&e))),
        }
    }

    /// The steps to show: `None` until the open conversation's history was read.
    fn shown(&self, conversation: Option<&ConversationId>) -> Option<Vec<HandoffEntry>> {
        let conversation = conversation?;
        self.loaded.with(|loaded| {
            let (of, entries) = loaded.as_ref().filter(|(of, _)| of == conversation)?;
            Some(self.desk.handoffs.with(|live| merged(of, entries, live)))
        })
    }

    /// The names known: the participants', then the directory's.
    fn names(&self) -> Names {
        let mut names = self.looked_up.get();
        self.desk.participants.with(|all| {
            for p in all {
                names
                    .persons
                    .insert(p.person_id.clone(), p.display_name.clone());
            }
        });
        names
    }

    /// Asks the directory for the names `steps` need that nobody knows yet.
    fn look_up(self, steps: &[HandoffEntry]) {
        // Untracked: a name arriving must not run the look-up again.
        let known = untrack(|| self.names());
        for step in steps {
            let (persons, teams) = line::named(step);
            for person in persons {
                if known.persons.contains_key(&person) || !self.ask(person.as_str()) {
                    continue;
                }
                let client = self.desk.client();
                self.spawn(async move {
                    if let Ok(found) = client.persons_read(&person).await
                        && let Some(name) = found.display_name
                    {
                        self.looked_up.update(|n| {
                            n.persons.insert(person, name);
                        });
                    }
                });
            }
            for team in teams {
                if known.teams.contains_key(&team) || !self.ask(&format!("team:{team}")) {
                    continue;
                }
                let client = self.desk.client();
                self.spawn(async move {
                    if let Ok(found) = client.teams_read(&team).await {
                        self.looked_up.update(|n| {
                            n.teams.insert(team, found.name);
                        });
                    }
                });
            }
        }
    }

    /// Records that `id` is asked for; `false` if it already was.
    fn ask(&self, id: &str) -> bool {
        self.asked
            .try_update_value(|asked| asked.insert(id.to_owned()))
            .unwrap_or(false)
    }
}

/// The hand-off history of a conversation, in the agent desk (it reads and acts through the
/// desk's [`Desk`]): a disclosure button, then the timeline with copy and download.
#[component]
pub fn HandoffHistory(
    /// Extra classes on the history's root.
    #[prop(into, optional)]
    class: MaybeProp<String>,
    /// The conversation whose history is shown (`None`: nothing is read).
    #[prop(into)]
    conversation: Signal<Option<ConversationId>>,
) -> impl IntoView {
    let desk = Desk::get();
    let history = History {
        desk,
        owner: StoredValue::new(Owner::current().unwrap_or_default()),
        expanded: RwSignal::new(false),
        loaded: RwSignal::new(None),
        failed: RwSignal::new(None),
        looked_up: RwSignal::new(Names::default()),
        asked: StoredValue::new(BTreeSet::new()),
        generation: StoredValue::new(0),
        said: RwSignal::new(String::new()),
    };
    // Read when the panel opens, when the conversation changes and after the feed was away.
    Effect::new(move |_| {
        desk.connections.track();
        if let (true, Some(id)) = (history.expanded.get(), conversation.get()) {
            history.spawn(history.reload(id));
        }
    });
    let shown = Memo::new(move |_| history.shown(conversation.get().as_ref()));
    Effect::new(move |_| {
        if let Some(steps) = shown.get() {
            history.look_up(&steps);
        }
    });
    let locale = move || desk.texts.with(|t| t.locale().to_owned());

    let copy = move |_| {
        let steps = shown.get_untracked().unwrap_or_default();
        let (texts, names) = (desk.texts.get_untracked(), history.names());
        let locale = texts.locale().to_owned();
        let text = export::plain_text(steps.iter().map(|step| {
            (
                time_label(step.time, &locale).0,
                line::line(step, &texts, &names),
            )
        }));
        history.spawn(async move {
            let copied = export::write_clipboard(&text).await;
            history.said.set(desk.text(if copied {
                TextKey::AgentHistoryCopied
            } else {
                TextKey::AgentHistoryCopyFailed
            }));
        });
    };
    let download = move |_| {
        let (Some(id), Some(steps)) = (conversation.get_untracked(), shown.get_untracked()) else {
            return;
        };
        let saved = export::download(&export::csv(&steps), &export::file_name(id.as_str()));
        history.said.set(match saved {
            Ok(()) => String::new(),
            Err(_) => desk.text(TextKey::AgentHistoryDownloadFailed),
        });
    };

    let heading_id = ids::unique("history-title");
    let panel_id = ids::unique("history-panel");
    let state = move || {
        if let Some(error) = history.failed.get() {
            return Some(
                view! { <p class="baton-field-error" role="alert">{error}</p> }.into_any(),
            );
        }
        match shown.get() {
            None => Some(
                view! {
                    <p class="baton-desk-empty">{desk.label(TextKey::AgentHistoryLoading)}</p>
                }
                .into_any(),
            ),
            Some(steps) if steps.is_empty() => Some(
                view! {
                    <p class="baton-desk-empty">{desk.label(TextKey::AgentHistoryEmpty)}</p>
                }
                .into_any(),
            ),
            Some(_) => None,
        }
    };
    view! {
        <section
            class=move || format!("baton-history {}", class.get().unwrap_or_default())
            aria-labelledby=heading_id.clone()
        >
            <h4 class="baton-history-heading" id=heading_id.clone()>
                <button
                    type="button"
                    class="baton-history-toggle"
                    aria-expanded=move || history.expanded.get().to_string()
                    aria-controls=panel_id.clone()
                    on:click=move |_| history.expanded.update(|open| *open = !*open)
                >
                    // The open / closed arrow is aria-expanded's to say, not the name's.
                    <span class="baton-history-marker" aria-hidden="true"></span>
                    {desk.label(TextKey::AgentHistoryTitle)}
                </button>
            </h4>
            <div class="baton-history-panel" id=panel_id hidden=move || !history.expanded.get()>
                <div class="baton-history-actions" role="group" aria-labelledby=heading_id.clone()>
                    <button type="button" class="baton-button" on:click=copy>
                        {desk.label(TextKey::AgentHistoryCopy)}
                    </button>
                    <button type="button" class="baton-button" on:click=download>
                        {desk.label(TextKey::AgentHistoryDownload)}
                    </button>
                </div>
                <p class="baton-history-said" role="status" aria-live="polite">
                    {move || history.said.get()}
                </p>
                {state}
                <ol
                    class="baton-history-steps"
                    aria-label=move || desk.text(TextKey::AgentHistorySteps)
                >
                    <For
                        each=move || shown.get().unwrap_or_default()
                        key=|step| step.position
                        children=move |step| {
                            let (_, iso) = time_label(step.time, &locale());
                            let time = step.time;
                            let words = move || {
                                desk.texts.with(|texts| line::line(&step, texts, &history.names()))
                            };
                            view! {
                                <li class="baton-history-step">
                                    <time class="baton-history-time" datetime=iso>
                                        {move || time_label(time, &locale()).0}
                                    </time>
                                    " "
                                    <span class="baton-history-words">{words}</span>
                                </li>
                            }
                        }
                    />
                </ol>
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use baton_core::history::{HandoffAction, HandoffOutcome};

    use super::*;
    use line::tests::{answered, entry};

    #[test]
    fn live_entries_merge_in_by_position_once_and_only_for_the_conversation() {
        let c1 = ConversationId::new("c1");
        let loaded = [
            entry(1, HandoffAction::Created),
            entry(4, HandoffAction::Joined),
        ];
        let other = HandoffEntry {
            conversation: "c2".into(),
            ..entry(3, HandoffAction::Ended)
        };
        let live = [
            entry(4, HandoffAction::Joined),
            other,
            answered(6, "david.deputy", HandoffOutcome::Accepted),
            entry(5, HandoffAction::PromptOffered),
        ];
        let positions: Vec<u64> = merged(&c1, &loaded, &live)
            .iter()
            .map(|e| e.position)
            .collect();
        assert_eq!(positions, [1, 4, 5, 6]);
    }

    #[test]
    fn a_feed_event_hands_over_its_entry_and_others_none() {
        let step = answered(9, "clara.deputy", HandoffOutcome::Ignored);
        let data = serde_json::json!({
            "$_type": "BatonEvent",
            "seq": 9,
            "event": { "type": "InvitationIgnored", "conversation": "c1" },
            "handoff": step,
        })
        .to_string();
        assert_eq!(FeedEvent::of(&data).and_then(|e| e.handoff), Some(step));
        assert_eq!(
            FeedEvent::of(r#"{"$_type":"BatonEvent","seq":2,"event":{"type":"PresenceChanged"}}"#)
                .and_then(|e| e.handoff),
            None
        );
        assert_eq!(FeedEvent::of("not json").and_then(|e| e.handoff), None);
    }
}
