//! Unassign (seed 003, Webio's "Unassign conversation"): a button in the open conversation's
//! actions and the dialog confirming it. Afterwards the assigned agent has left and the
//! conversation is visible to the organisation's other agents; the desk shows it as not
//! assigned. Who may unassign is the server's decision (the assignee, a supervisor, an agent
//! of the parent organisation): its refusal is shown in the dialog, next to the button that
//! asked. Nothing else lives here.

use baton_api::wire::error::ErrorCode;
use baton_core::text::TextKey;
use leptos::prelude::*;

use crate::dialog::{Dialog, DialogActions};
use crate::{Desk, failure};

/// The refusals unassigning has words of its own for.
const REFUSALS: [(ErrorCode, TextKey); 2] = [
    (ErrorCode::NotAllowed, TextKey::AgentUnassignNotAllowed),
    (
        ErrorCode::WrongConversationState,
        TextKey::AgentUnassignNotAssigned,
    ),
];

/// The "Unassign" button and its confirmation, for the desk's open conversation.
#[component]
pub fn UnassignAction(
    /// Extra classes on the button.
    #[prop(into, optional)]
    class: MaybeProp<String>,
    /// The assigned agent's name; `None` while nobody is assigned (the button then says so
    /// with `aria-disabled` and does nothing, keeping the focus it may have).
    #[prop(into)]
    assignee: Signal<Option<String>>,
) -> impl IntoView {
    let desk = Desk::get();
    let open = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let close = Callback::new(move |()| {
        open.set(false);
        error.set(None);
    });
    let confirm = move |_| {
        let Some(id) = desk.selected.get_untracked() else {
            return;
        };
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        desk.spawn(async move {
            match desk.client().unassign(&id).await {
                Ok(()) => {
                    open.set(false);
                    desk.announce(TextKey::AgentUnassignDone);
                    desk.reload_conversations().await;
                    desk.reload_selected().await;
                }
                Err(e) => error.set(Some(failure::refusal(
                    &desk.texts.get_untracked(),
                    &e,
                    &REFUSALS,
                ))),
            }
            busy.set(false);
        });
    };
    let description = Signal::derive(move || {
        let name = assignee.get().unwrap_or_default();
        desk.texts
            .get()
            .render(TextKey::AgentUnassignDescription, &[("name", &name)])
    });
    view! {
        <button
            type="button"
            class=move || format!("baton-button baton-unassign {}", class.get().unwrap_or_default())
            aria-haspopup="dialog"
            aria-disabled=move || assignee.get().is_none().to_string()
            on:click=move |_| {
                if assignee.get_untracked().is_some() {
                    open.set(true);
                }
            }
        >
            {desk.label(TextKey::AgentUnassign)}
        </button>
        <Dialog
            class="baton-unassign-dialog"
            open=open
            title=desk.label(TextKey::AgentUnassignTitle)
            description=description
            close_label=desk.label(TextKey::AgentClose)
            on_close=close
        >
            {move || error.get().map(|text| view! {
                <p class="baton-field-error" role="alert">{text}</p>
            })}
            <DialogActions
                cancel_label=desk.label(TextKey::AgentCancel)
                on_cancel=close
                label=desk.label(TextKey::AgentUnassign)
                busy=busy
                on_action=Callback::new(confirm)
            />
        </Dialog>
    }
}
