//! Inviting another agent or a team (`inviteAgentToConversation` /
//! `inviteTeamToConversation`): chosen in the [`PersonPicker`] (mounted only while this panel
//! is shown in the open dialog), with a message for them and "join hidden". Below, the agent
//! and team invitations of the conversation that wait for an answer, each with its message
//! (shown as text, whatever it contains). The invitee answers in their queue, not here.

use baton_api::wire::invitation::{
    ConversationInvitationQuery, InvitationsInviteAgentToConversationBody,
    InvitationsInviteTeamToConversationBody,
};
use baton_core::directory::PersonType;
use baton_core::invitation::InvitationType;
use baton_core::text::TextKey;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::person_picker::{Choice, PersonPicker, Search};
use crate::{Desk, failure, ids};

/// One invitation waiting for an answer, as listed.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Waiting {
    id: String,
    name: String,
    comment: Option<String>,
    hidden: bool,
}

/// The agent or team panel. `search` says which (agents or teams); `active` is true while
/// the panel is shown in the open dialog; `notice` is the dialog's status line.
#[component]
pub(super) fn AgentInvite(
    search: Signal<Search>,
    active: Signal<bool>,
    notice: RwSignal<String>,
) -> impl IntoView {
    let desk = Desk::get();
    let message_id = ids::unique("invite-message");
    let hidden_id = ids::unique("invite-hidden");
    let waiting_title = ids::unique("invite-waiting");
    let chosen = RwSignal::new(None::<Choice>);
    let message = RwSignal::new(String::new());
    let hidden = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let choice_error = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let waiting = RwSignal::new(Vec::<Waiting>::new());

    let reload = move || {
        let Some(conversation) = desk.selected.get_untracked() else {
            return;
        };
        desk.spawn(async move {
            let Ok(found) = desk
                .client()
                .invitations_search(&ConversationInvitationQuery::open_of(
                    &conversation,
                    InvitationType::AgentInvitation,
                ))
                .await
            else {
                return;
            };
            let mut listed = Vec::with_capacity(found.items.len());
            for invitation in found.items {
                listed.push(Waiting {
                    name: desk.invitation_target_name(&invitation).await,
                    id: invitation.id.to_string(),
                    comment: invitation.comment,
                    hidden: invitation.join_hidden,
                });
            }
            waiting.set(listed);
        });
    };
    // Shown again, or something changed (an invitation accepted, declined): read the list.
    Effect::new(move |_| {
        desk.revision.track();
        if active.get() {
            reload();
        }
    });
    // A choice of the other kind means nothing to this search.
    Effect::new(move |_| {
        search.track();
        chosen.set(None);
        choice_error.set(None);
    });

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let Some(conversation) = desk.selected.get_untracked() else {
            return;
        };
        if busy.get_untracked() {
            return;
        }
        let Some(choice) = chosen.get_untracked() else {
            choice_error.set(Some(desk.text(TextKey::AgentInviteChooseTarget)));
            return;
        };
        busy.set(true);
        error.set(None);
        choice_error.set(None);
        let comment = Some(message.get_untracked().trim().to_owned()).filter(|m| !m.is_empty());
        let join_hidden = Some(hidden.get_untracked());
        desk.spawn(async move {
            let client = desk.client();
            let sent = match &choice {
                Choice::Agent { id, .. } => {
                    let body = InvitationsInviteAgentToConversationBody {
                        conversation_id: conversation,
                        agent_person_id: id.clone(),
                        comment,
                        join_hidden,
                    };
                    client.invitations_invite_agent(&body).await
                }
                Choice::Team { id, .. } => {
                    let body = InvitationsInviteTeamToConversationBody {
                        conversation_id: conversation,
                        team_id: id.clone(),
                        comment,
                        join_hidden,
                    };
                    client.invitations_invite_team(&body).await
                }
            };
            match sent {
                Ok(_) => {
                    notice.set(
                        desk.texts
                            .get_untracked()
                            .render(TextKey::AgentInviteInvited, &[("name", choice.name())]),
                    );
                    chosen.set(None);
                    message.set(String::new());
                    hidden.set(false);
                    reload();
                }
                Err(e) => error.set(Some(failure::refusal(&desk.texts.get_untracked(), &e, &[]))),
            }
            busy.set(false);
        });
    };

    let exclude =
        Signal::derive(move || desk.me().map(|m| vec![m.to_string()]).unwrap_or_default());
    let marks = Signal::derive(move || {
        let note = desk.text(TextKey::AgentForwardInConversation);
        desk.participants.with(|all| {
            all.iter()
                .filter(|p| p.person_type == PersonType::Agent)
                .map(|p| (p.person_id.to_string(), note.clone()))
                .collect()
        })
    });
    let chosen_id = Signal::derive(move || chosen.with(|c| c.as_ref().map(|c| c.id().to_owned())));

    view! {
        <form class="baton-invite-agents" on:submit=submit>
            {move || active.get().then(|| view! {
                <PersonPicker
                    search=search
                    exclude=exclude
                    marks=marks
                    chosen=chosen_id
                    error=choice_error
                    on_choose=Callback::new(move |choice| {
                        choice_error.set(None);
                        chosen.set(Some(choice));
                    })
                />
            })}
            <label for=message_id.clone()>{desk.label(TextKey::AgentInviteMessage)}</label>
            <textarea
                id=message_id
                class="baton-invite-message"
                prop:value=move || message.get()
                on:input=move |ev| message.set(event_target_value(&ev))
            ></textarea>
            <div class="baton-invite-hidden">
                <input
                    type="checkbox"
                    id=hidden_id.clone()
                    prop:checked=move || hidden.get()
                    on:change=move |ev| hidden.set(event_target_checked(&ev))
                />
                <label for=hidden_id>{desk.label(TextKey::AgentInviteJoinHidden)}</label>
            </div>
            {move || error.get().map(|text| view! {
                <p class="baton-field-error" role="alert">{text}</p>
            })}
            <div class="baton-dialog-actions">
                <button
                    type="submit"
                    class="baton-button baton-button-primary"
                    aria-disabled=move || busy.get().to_string()
                >
                    {desk.label(TextKey::AgentInviteSend)}
                </button>
            </div>
        </form>
        <section
            class="baton-invite-waiting"
            aria-labelledby=waiting_title.clone()
            hidden=move || waiting.with(Vec::is_empty)
        >
            <h3 id=waiting_title.clone()>{desk.label(TextKey::AgentInviteWaiting)}</h3>
            <ul>
                <For
                    each=move || waiting.get()
                    key=|w| w.id.clone()
                    children=move |w| {
                        let marker = w.hidden.then(|| view! {
                            <span class="baton-invite-hidden-mark">
                                {desk.label(TextKey::AgentHidden)}
                            </span>
                        });
                        view! {
                            <li>
                                <span class="baton-invite-invitee">{w.name}</span>
                                {marker}
                                {w.comment.map(|c| view! {
                                    <p class="baton-invite-comment">{c}</p>
                                })}
                            </li>
                        }
                    }
                />
            </ul>
        </section>
    }
}
