//! The delegation queue in the agent desk's side column (seed 001): the requests delegated to
//! the signed-in agent as a deputy (whose request, which level, which customer, how long they
//! have waited), and the forwardings, invitations and requests addressed to them directly,
//! each with exactly the answers the server offers for it (Accept, Decline, Ignore, Later).
//!
//! The queue is the server's (`GET /baton/v1/queue`), reloaded whenever the desk's feed moves
//! (another deputy answered first: the item leaves) and after each answer. An answer is sent
//! once (while it is on its way every button waits, `aria-disabled`), announced in the desk's
//! live region, and a refusal is shown on the item it concerns, which stays visible until
//! dismissed even when the server no longer lists it. Which answers exist and what they do
//! is decided by the server, never here.

use std::collections::BTreeMap;
use std::future::Future;
use std::time::Duration;

use baton_api::client::ApiError;
use baton_api::wire::Tag;
use baton_api::wire::baton::{BatonDelegationResponseBody, BatonQueueItem};
use baton_api::wire::error::ErrorCode;
use baton_core::command::ResponseChannel;
use baton_core::id::{InvitationId, PersonId};
use baton_core::invitation::{DelegationResponse, InvitationType, ResponseStatus};
use baton_core::text::TextKey;
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local_scoped_with_cancellation;

use crate::agent_desk::{Desk, topic};
use crate::ids;

/// How often the waiting times are brought up to date.
const TICK: Duration = Duration::from_secs(15);

/// The queue's state, shared by its items.
#[derive(Clone, Copy)]
struct Queue {
    desk: Desk,
    owner: StoredValue<Owner>,
    /// The server's queue, oldest first.
    items: RwSignal<Vec<BatonQueueItem>>,
    /// Whether the first load has answered.
    loaded: RwSignal<bool>,
    /// Display names of the original agents and of forwarders, fetched once each.
    names: RwSignal<BTreeMap<PersonId, String>>,
    /// The item whose answer is on its way; every button waits meanwhile.
    answering: RwSignal<Option<InvitationId>>,
    /// Refused answers: the item as it was and the text, until dismissed.
    refusals: RwSignal<Vec<(BatonQueueItem, String)>>,
    /// The browser's clock (Unix ms), for the waiting times.
    now: RwSignal<i64>,
    /// Counts reloads, so that an older answer arriving late does not overwrite a newer one.
    generation: StoredValue<u64>,
    heading: NodeRef<html::H3>,
}

impl Queue {
    /// Runs `work` for as long as the queue is shown.
    fn spawn(&self, work: impl Future<Output = ()> + 'static) {
        self.owner
            .with_value(|owner| owner.with(|| spawn_local_scoped_with_cancellation(work)));
    }

    /// Reloads the queue, then the names it needs.
    async fn reload(self) {
        let generation = self.generation.get_value() + 1;
        self.generation.set_value(generation);
        let client = self.desk.client();
        let found = client.queue().await;
        if self.generation.get_value() != generation {
            return;
        }
        match found {
            Ok(items) => {
                self.items.set(items);
                self.loaded.set(true);
            }
            Err(e) => self.desk.status.set(self.desk.failure(&e)),
        }
        let missing: Vec<PersonId> = self.items.with_untracked(|items| {
            items
                .iter()
                .filter_map(named_agent)
                .filter(|id| !self.names.with_untracked(|n| n.contains_key(*id)))
                .cloned()
                .collect()
        });
        for id in missing {
            if let Ok(person) = client.persons_read(&id).await {
                let name = person.display_name.unwrap_or_else(|| id.to_string());
                self.names.update(|n| {
                    n.insert(id, name);
                });
            }
        }
    }

    /// Sends `response` to `item` unless an answer is already on its way.
    fn answer(self, item: BatonQueueItem, response: DelegationResponse) {
        if self.answering.get_untracked().is_some() {
            return;
        }
        let id = item.invitation.id.clone();
        self.answering.set(Some(id.clone()));
        self.refusals
            .update(|r| r.retain(|(refused, _)| refused.invitation.id != id));
        let desk = self.desk;
        self.spawn(async move {
            let body = BatonDelegationResponseBody {
                kind: Tag::new(),
                response,
                channel: ResponseChannel::Queue,
            };
            match desk.client().respond(&id, &body).await {
                Ok(_) => {
                    if response == DelegationResponse::Accept {
                        desk.reload_conversations().await;
                        desk.open(item.conversation.id.clone());
                    }
                    self.reload().await;
                    if response != DelegationResponse::Ignore {
                        // The item has left: keep keyboard focus in the queue.
                        if let Some(heading) = self.heading.get_untracked() {
                            let _ = heading.focus();
                        }
                    }
                    // Announced once the queue shows the outcome.
                    desk.announce(announcement(response));
                }
                Err(e) => {
                    let text = refusal(desk, &e);
                    desk.status.set(text.clone());
                    self.refusals.update(|r| r.push((item, text)));
                    self.reload().await;
                }
            }
            self.answering.set(None);
        });
    }

    /// The items to show: the server's, then refused ones it no longer lists.
    fn shown(&self) -> Vec<(BatonQueueItem, bool)> {
        let mut shown: Vec<(BatonQueueItem, bool)> = self
            .items
            .get()
            .into_iter()
            .map(|item| (item, false))
            .collect();
        self.refusals.with(|refusals| {
            for (item, _) in refusals {
                if !shown
                    .iter()
                    .any(|(s, _)| s.invitation.id == item.invitation.id)
                {
                    shown.push((item.clone(), true));
                }
            }
        });
        shown
    }

    fn refusal_of(&self, id: &InvitationId) -> Option<String> {
        self.refusals.with(|r| {
            r.iter()
                .find(|(item, _)| &item.invitation.id == id)
                .map(|(_, text)| text.clone())
        })
    }

    fn dismiss(&self, id: &InvitationId) {
        self.refusals
            .update(|r| r.retain(|(item, _)| &item.invitation.id != id));
        if let Some(heading) = self.heading.get_untracked() {
            let _ = heading.focus();
        }
    }
}

/// The agent to name on an item: the original agent of a delegated request, else the
/// forwarder or inviter.
fn named_agent(item: &BatonQueueItem) -> Option<&PersonId> {
    if item.level.is_some() {
        item.original_agent_id.as_ref()
    } else {
        item.invitation.creator_person_id.as_ref()
    }
}

/// Whole minutes from `since` to `now` (both Unix ms); never negative.
fn waiting_minutes(since: i64, now: i64) -> u64 {
    u64::try_from(now.saturating_sub(since)).map_or(0, |ms| ms / 60_000)
}

/// What the live region says after an answer was recorded.
fn announcement(response: DelegationResponse) -> TextKey {
    match response {
        DelegationResponse::Accept => TextKey::AgentQueueAccepted,
        DelegationResponse::Decline => TextKey::AgentQueueDeclined,
        DelegationResponse::Ignore => TextKey::AgentQueueIgnored,
        DelegationResponse::Later => TextKey::AgentQueueLaterSent,
    }
}

/// The text of an answer's button.
fn action_label(response: DelegationResponse) -> TextKey {
    match response {
        DelegationResponse::Accept => TextKey::AgentQueueAccept,
        DelegationResponse::Decline => TextKey::AgentQueueDecline,
        DelegationResponse::Ignore => TextKey::AgentQueueIgnore,
        DelegationResponse::Later => TextKey::AgentQueueLater,
    }
}

/// The text for a refused answer, by the server's error code.
fn refusal_key(code: ErrorCode) -> Option<TextKey> {
    match code {
        ErrorCode::AlreadyAccepted
        | ErrorCode::AlreadyDeclined
        | ErrorCode::InvitationClosed
        | ErrorCode::NotFound => Some(TextKey::AgentQueueAlreadyAnswered),
        ErrorCode::ResponseNotAvailable => Some(TextKey::AgentQueueAnswerNotAvailable),
        _ => None,
    }
}

fn refusal(desk: Desk, error: &ApiError) -> String {
    match refusal_key(error.code()) {
        Some(key) => desk.texts.get_untracked().get(key),
        None => desk.failure(error),
    }
}

/// The requests, forwardings and invitations waiting for the signed-in agent. Rendered
/// inside an [`crate::AgentDesk`], whose [`Desk`] it reads and acts through.
#[component]
pub fn DelegationQueue(
    /// Extra classes on the queue's root.
    #[prop(into, optional)]
    class: MaybeProp<String>,
) -> impl IntoView {
    let desk = Desk::get();
    let queue = Queue {
        desk,
        owner: StoredValue::new(Owner::current().unwrap_or_default()),
        items: RwSignal::new(Vec::new()),
        loaded: RwSignal::new(false),
        names: RwSignal::new(BTreeMap::new()),
        answering: RwSignal::new(None),
        refusals: RwSignal::new(Vec::new()),
        now: RwSignal::new(js_sys::Date::now() as i64),
        generation: StoredValue::new(0),
        heading: NodeRef::new(),
    };
    Effect::new(move |_| {
        desk.revision.track();
        queue.spawn(queue.reload());
    });
    let ticker = set_interval_with_handle(move || queue.now.set(js_sys::Date::now() as i64), TICK);
    on_cleanup(move || {
        if let Ok(handle) = ticker {
            handle.clear();
        }
    });
    let title_id = ids::unique("queue-title");
    view! {
        <section
            class=move || format!("baton-queue {}", class.get().unwrap_or_default())
            aria-labelledby=title_id.clone()
        >
            <h3 id=title_id.clone() tabindex="-1" node_ref=queue.heading>
                {desk.label(TextKey::AgentQueueTitle)}
            </h3>
            {move || (queue.loaded.get() && queue.shown().is_empty()).then(|| view! {
                <p class="baton-desk-empty">{desk.label(TextKey::AgentQueueEmpty)}</p>
            })}
            <ul class="baton-queue-items">
                <For
                    each=move || queue.shown()
                    key=|(item, gone)| (item.invitation.id.clone(), item.available_actions.clone(), *gone)
                    children=move |(item, gone)| view! { <QueueEntry queue=queue item=item gone=gone /> }
                />
            </ul>
        </section>
    }
}

/// One item: what it is, who waits, since when, the comment, the answers, a refusal.
#[component]
fn QueueEntry(queue: Queue, item: BatonQueueItem, gone: bool) -> impl IntoView {
    let desk = queue.desk;
    let id = item.invitation.id.clone();
    let title_id = ids::unique("queue-item");
    let error_id = ids::unique("queue-error");
    let title = topic(desk, item.conversation.topic.as_deref());
    let named = named_agent(&item).cloned();
    let agent_name = move || {
        named.as_ref().map(|id| {
            queue
                .names
                .with(|n| n.get(id).cloned())
                .unwrap_or_else(|| id.to_string())
        })
    };
    let why = {
        let (level, kind) = (item.level, item.invitation.invitation_type);
        move || {
            let texts = desk.texts.get();
            let agent = agent_name().unwrap_or_default();
            match (level, kind) {
                (Some(level), _) => texts.render(
                    TextKey::AgentQueueDelegated,
                    &[("agent", &agent), ("level", &level.number().to_string())],
                ),
                (None, InvitationType::AgentForwarding) => {
                    texts.render(TextKey::AgentQueueForwarded, &[("agent", &agent)])
                }
                (None, InvitationType::AgentInvitation) => {
                    texts.render(TextKey::AgentQueueInvited, &[("agent", &agent)])
                }
                (None, _) => texts.get(TextKey::AgentQueueRequested),
            }
        }
    };
    let customer = item.customer_display_name.clone().map(|name| {
        view! {
            <p class="baton-queue-customer">
                {move || desk.texts.get().render(TextKey::AgentQueueCustomer, &[("name", &name)])}
            </p>
        }
    });
    let since = item.waiting_since.0;
    let waiting = move || match waiting_minutes(since, queue.now.get()) {
        0 => desk.text(TextKey::AgentQueueWaitingJustNow),
        minutes => desk.texts.get().render(
            TextKey::AgentQueueWaiting,
            &[("minutes", &minutes.to_string())],
        ),
    };
    let comment = item
        .invitation
        .comment
        .clone()
        .filter(|c| !c.trim().is_empty())
        .map(|comment| {
            view! {
                <p class="baton-queue-comment">
                    {move || desk.texts.get().render(TextKey::AgentQueueComment, &[("comment", &comment)])}
                </p>
            }
        });
    let ignored = {
        let id = id.clone();
        move || {
            let me = desk.me()?;
            queue.items.with(|items| {
                let item = items.iter().find(|i| i.invitation.id == id)?;
                item.invitation
                    .secondary_invitation_targets
                    .iter()
                    .any(|t| t.person_id == me && t.response_state == ResponseStatus::Ignored)
                    .then(|| view! {
                        <p class="baton-queue-note">{desk.label(TextKey::AgentQueueYouIgnored)}</p>
                    })
            })
        }
    };
    let error = {
        let id = id.clone();
        move || queue.refusal_of(&id)
    };
    let described = {
        let (error, error_id) = (error.clone(), error_id.clone());
        move || error().map(|_| error_id.clone())
    };
    let waits = move || queue.answering.get().is_some().to_string();
    let actions = if gone {
        let id = id.clone();
        view! {
            <button type="button" class="baton-button" on:click=move |_| queue.dismiss(&id)>
                {desk.label(TextKey::AgentClose)}
            </button>
        }
        .into_any()
    } else {
        item.available_actions
            .iter()
            .map(|&response| {
                let item = item.clone();
                let primary = matches!(response, DelegationResponse::Accept);
                view! {
                    <button
                        type="button"
                        class=if primary { "baton-button baton-button-primary" } else { "baton-button" }
                        aria-disabled=waits
                        on:click=move |_| queue.answer(item.clone(), response)
                    >
                        {desk.label(action_label(response))}
                    </button>
                }
            })
            .collect_view()
            .into_any()
    };
    view! {
        <li>
            <article
                class="baton-queue-item"
                aria-labelledby=title_id.clone()
                aria-describedby=described
            >
                <h4 class="baton-queue-topic" id=title_id.clone()>{title}</h4>
                <p class="baton-queue-why">{why}</p>
                {customer}
                <p class="baton-queue-waiting">{waiting}</p>
                {comment}
                {ignored}
                <div class="baton-queue-actions" role="group" aria-labelledby=title_id.clone()>
                    {actions}
                </div>
                {move || error().map(|text| view! {
                    <p class="baton-field-error" id=error_id.clone() role="alert">{text}</p>
                })}
            </article>
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waiting_counts_whole_minutes_and_never_goes_negative() {
        assert_eq!(waiting_minutes(0, 59_999), 0);
        assert_eq!(waiting_minutes(0, 60_000), 1);
        assert_eq!(waiting_minutes(1_000, 181_000), 3);
        assert_eq!(
            waiting_minutes(10_000, 0),
            0,
            "a browser clock behind the server"
        );
    }

    #[test]
    fn someone_else_answering_first_reads_as_such_and_other_failures_are_general() {
        for code in [
            ErrorCode::AlreadyAccepted,
            ErrorCode::AlreadyDeclined,
            ErrorCode::InvitationClosed,
            ErrorCode::NotFound,
        ] {
            assert_eq!(refusal_key(code), Some(TextKey::AgentQueueAlreadyAnswered));
        }
        assert_eq!(
            refusal_key(ErrorCode::ResponseNotAvailable),
            Some(TextKey::AgentQueueAnswerNotAvailable)
        );
        assert_eq!(refusal_key(ErrorCode::Network), None);
    }

    #[test]
    fn every_answer_has_its_own_button_and_announcement() {
        let all = [
            DelegationResponse::Accept,
            DelegationResponse::Decline,
            DelegationResponse::Ignore,
            DelegationResponse::Later,
        ];
        for (i, a) in all.iter().enumerate() {
            for b in &all[i + 1..] {
                assert_ne!(action_label(*a), action_label(*b));
                assert_ne!(announcement(*a), announcement(*b));
            }
        }
    }
}
