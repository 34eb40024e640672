//! Transfer (seed 004, SuperOffice's `TransferTo` / `AcceptTransfer` / `RejectTransfer`): the
//! "Transfer" button in the open conversation's actions with its dialog (choose an agent,
//! offer), and the pending transfer shown beside the actions: to whom it waits, or, for the
//! agent it waits for, who offers it with "Accept" and "Reject".
//!
//! The server exposes a pending transfer as its open `AGENT_FORWARDING` invitation to one
//! agent (what `State::pending_transfer` reads); the desk finds it with `invitations/search`,
//! which both the offering agent (who sees the conversation) and the receiving one (who has
//! it in their queue) may read. "If the session does not belong to the user, nothing happens":
//! the server answers the session unchanged, and the dialog says so. Every rule is the
//! server's; nothing else lives here.

use baton_api::client::ApiError;
use baton_api::wire::invitation::{ConversationInvitationQuery, InvitationTargetType};
use baton_core::id::{ConversationId, PersonId};
use baton_core::invitation::InvitationType;
use baton_core::text::TextKey;
use leptos::html;
use leptos::prelude::*;

use crate::dialog::{Dialog, DialogActions, focus_soon};
use crate::person_picker::{Choice, PersonPicker, Search};
use crate::{Desk, failure};

/// A transfer waiting for its receiver.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Pending {
    /// Who offered it.
    from: Option<PersonId>,
    /// Whom it waits for.
    to: PersonId,
}

/// The conversation's pending transfer: its open forwarding to a single agent, if any.
async fn pending_transfer(
    desk: Desk,
    conversation: &ConversationId,
) -> Result<Option<Pending>, ApiError> {
    let found = desk
        .client()
        .invitations_search(&ConversationInvitationQuery::open_of(
            conversation,
            InvitationType::AgentForwarding,
        ))
        .await?;
    Ok(found.items.into_iter().find_map(|i| {
        let to = i
            .target_id
            .filter(|_| i.target_type == InvitationTargetType::Agent)?;
        Some(Pending {
            from: i.creator_person_id,
            to: PersonId::new(to),
        })
    }))
}

/// The pending transfer with the names to show.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Shown {
    pending: Pending,
    from: String,
    to: String,
}

/// The "Transfer" button with its dialog, and the open conversation's pending transfer.
#[component]
pub fn TransferAction(
    /// Extra classes on the button.
    #[prop(into, optional)]
    class: MaybeProp<String>,
) -> impl IntoView {
    let desk = Desk::get();
    let open = RwSignal::new(false);
    let chosen = RwSignal::new(None::<Choice>);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let choice_error = RwSignal::new(None::<String>);
    let shown = RwSignal::new(None::<Shown>);
    let answer_error = RwSignal::new(None::<String>);
    let opener = NodeRef::<html::Button>::new();

    let reload = move || {
        let Some(conversation) = desk.selected.get_untracked() else {
            return;
        };
        desk.spawn(async move {
            let Ok(pending) = pending_transfer(desk, &conversation).await else {
                return;
            };
            let next = match pending {
                Some(pending) => {
                    let from = match &pending.from {
                        Some(from) => desk.person_name(from).await,
                        None => String::new(),
                    };
                    let to = desk.person_name(&pending.to).await;
                    Some(Shown { pending, from, to })
                }
                None => None,
            };
            if desk.selected.get_untracked() != Some(conversation) {
                return;
            }
            // A transfer newly waiting for this agent is announced: its answers just appeared.
            let arrived = next.as_ref().filter(|n| {
                desk.me().as_ref() == Some(&n.pending.to)
                    && shown.with_untracked(|s| s.as_ref().map(|s| &s.pending) != Some(&n.pending))
            });
            if let Some(arrived) = arrived {
                desk.status.set(desk.texts.get_untracked().render(
                    TextKey::AgentTransferPendingForMe,
                    &[("name", &arrived.from)],
                ));
            }
            shown.set(next);
        });
    };
    // The feed's events (a transfer offered, answered) bump the revision.
    Effect::new(move |_| {
        desk.revision.track();
        desk.selected.track();
        reload();
    });

    let close = Callback::new(move |()| {
        open.set(false);
        error.set(None);
        choice_error.set(None);
    });
    let offer = move |_| {
        let Some(conversation) = desk.selected.get_untracked() else {
            return;
        };
        if busy.get_untracked() {
            return;
        }
        let Some(Choice::Agent { id: agent, name }) = chosen.get_untracked() else {
            choice_error.set(Some(desk.text(TextKey::AgentTransferChooseAgent)));
            return;
        };
        busy.set(true);
        error.set(None);
        choice_error.set(None);
        desk.spawn(async move {
            let texts = desk.texts.get_untracked();
            match desk
                .client()
                .superoffice_transfer_to(conversation.as_str(), agent.as_str())
                .await
            {
                Ok(session) if session.transfer_to.is_some() => {
                    open.set(false);
                    chosen.set(None);
                    desk.status
                        .set(texts.render(TextKey::AgentTransferOffered, &[("name", &name)]));
                    reload();
                }
                Ok(_) => error.set(Some(texts.get(TextKey::AgentTransferNotYours))),
                Err(e) => error.set(Some(failure::refusal(&texts, &e, &[]))),
            }
            busy.set(false);
        });
    };
    let answer = move |accept: bool| {
        let Some(conversation) = desk.selected.get_untracked() else {
            return;
        };
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        answer_error.set(None);
        desk.spawn(async move {
            let client = desk.client();
            let answered = if accept {
                client
                    .superoffice_accept_transfer(conversation.as_str())
                    .await
            } else {
                client
                    .superoffice_reject_transfer(conversation.as_str())
                    .await
            };
            match answered {
                Ok(_) => {
                    shown.set(None);
                    desk.announce(if accept {
                        TextKey::AgentTransferAccepted
                    } else {
                        TextKey::AgentTransferRejected
                    });
                    focus_soon(opener);
                    desk.reload_conversations().await;
                    desk.reload_selected().await;
                }
                Err(e) => {
                    answer_error.set(Some(failure::refusal(&desk.texts.get_untracked(), &e, &[])))
                }
            }
            busy.set(false);
        });
    };
    let me = move || desk.me();
    let for_me = move || {
        shown.with(|s| {
            s.as_ref()
                .is_some_and(|s| Some(&s.pending.to) == me().as_ref())
        })
    };
    let pending_text = move || {
        let s = shown.get()?;
        Some(if Some(&s.pending.to) == me().as_ref() {
            desk.texts
                .get()
                .render(TextKey::AgentTransferPendingForMe, &[("name", &s.from)])
        } else {
            desk.texts
                .get()
                .render(TextKey::AgentTransferPendingTo, &[("name", &s.to)])
        })
    };
    let exclude = Signal::derive(move || me().map(|m| vec![m.to_string()]).unwrap_or_default());
    let chosen_id = Signal::derive(move || chosen.with(|c| c.as_ref().map(|c| c.id().to_owned())));

    view! {
        <button
            type="button"
            class=move || format!("baton-button baton-transfer {}", class.get().unwrap_or_default())
            aria-haspopup="dialog"
            node_ref=opener
            on:click=move |_| open.set(true)
        >
            {desk.label(TextKey::AgentTransfer)}
        </button>
        <div class="baton-transfer-pending" hidden=move || shown.with(Option::is_none)>
            <p class="baton-transfer-pending-text">{pending_text}</p>
            <button
                type="button"
                class="baton-button baton-button-primary"
                hidden=move || !for_me()
                aria-disabled=move || busy.get().to_string()
                on:click=move |_| answer(true)
            >
                {desk.label(TextKey::AgentTransferAccept)}
            </button>
            <button
                type="button"
                class="baton-button"
                hidden=move || !for_me()
                aria-disabled=move || busy.get().to_string()
                on:click=move |_| answer(false)
            >
                {desk.label(TextKey::AgentTransferReject)}
            </button>
            {move || answer_error.get().map(|text| view! {
                <p class="baton-field-error" role="alert">{text}</p>
            })}
        </div>
        <Dialog
            class="baton-transfer-dialog"
            open=open
            title=desk.label(TextKey::AgentTransferTitle)
            description=desk.label(TextKey::AgentTransferDescription)
            close_label=desk.label(TextKey::AgentClose)
            on_close=close
        >
            {move || open.get().then(|| view! {
                <PersonPicker
                    search=Search::Agents
                    exclude=exclude
                    chosen=chosen_id
                    error=choice_error
                    autofocus=true
                    on_choose=Callback::new(move |choice| {
                        choice_error.set(None);
                        chosen.set(Some(choice));
                    })
                />
            })}
            {move || error.get().map(|text| view! {
                <p class="baton-field-error" role="alert">{text}</p>
            })}
            <DialogActions
                cancel_label=desk.label(TextKey::AgentCancel)
                on_cancel=close
                label=desk.label(TextKey::AgentTransferOffer)
                busy=busy
                on_action=Callback::new(offer)
            />
        </Dialog>
    }
}
