//! Reassigning the open conversation to an agent who already takes part in it (seed 000):
//! the "Reassign" action with its dialog (the agents baton-core's `HandoffRoute` says may be
//! reassigned to: those beside the assignee, hidden ones marked), and [`ReassignForm`], which
//! the forward dialog shows too when the agent chosen there already takes part.
//!
//! One submit runs the client's whole flow (`Client::reassign`: show a hidden agent, make
//! them the assignee, then, if asked, remove the previous assignee); a failure names the step
//! that failed and what already took effect ([`step_failure`], shared with the forward
//! dialog's keep-me variant). Who may do each step is the server's decision.

use baton_api::client::{ReassignError, ReassignStep};
use baton_api::wire::baton::BatonParticipant;
use baton_api::wire::conversation::ConversationLeftReason;
use baton_core::conversation::{HandoffRoute, ParticipationType};
use baton_core::id::PersonId;
use baton_core::text::TextKey;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::agent_desk::Desk;
use crate::dialog::{ActionDialog, DialogActions};
use crate::texts::Texts;
use crate::{failure, ids};

/// What to announce when a reassign flow to `name` stopped: the failed step, what it means
/// for the steps before it, and why.
pub(crate) fn step_failure(
    texts: &Texts,
    failed: &ReassignError,
    name: &str,
    previous: Option<&str>,
) -> String {
    let reason = failure::refusal(texts, &failed.error, &[]);
    let key = match failed.step {
        ReassignStep::Unhide => TextKey::AgentReassignFailedUnhide,
        ReassignStep::AddParticipant => TextKey::AgentReassignFailedAdd,
        ReassignStep::SetAssignee => TextKey::AgentReassignFailedAssign,
        ReassignStep::Offboard => TextKey::AgentReassignFailedOffboard,
    };
    texts.render(
        key,
        &[
            ("name", name),
            ("previous", previous.unwrap_or_default()),
            ("reason", &reason),
        ],
    )
}

/// The open conversation's assignee, if it has one.
fn assignee(desk: Desk) -> Option<BatonParticipant> {
    desk.participants.with(|all| {
        all.iter()
            .find(|p| p.participation_type == ParticipationType::AssignedAgent)
            .cloned()
    })
}

/// The "Reassign" button of the conversation's actions and its dialog.
#[component]
pub fn ReassignAction(
    /// Extra classes on the button.
    #[prop(into, optional)]
    class: MaybeProp<String>,
) -> impl IntoView {
    let desk = Desk::get();
    view! {
        <ActionDialog
            class=class
            label=desk.label(TextKey::AgentReassign)
            dialog_class="baton-reassign-dialog"
            title=desk.label(TextKey::AgentReassignTitle)
            description=desk.label(TextKey::AgentReassignDescription)
            close_label=desk.label(TextKey::AgentClose)
            panel=|close| view! { <ReassignChooser on_close=close /> }
        />
    }
}

/// The agents of the conversation other than the assignee, to choose the new one from.
#[component]
fn ReassignChooser(
    /// Called when reassigned or cancelled: the dialog closes.
    on_close: Callback<()>,
) -> impl IntoView {
    let desk = Desk::get();
    let group = ids::unique("reassign-to");
    let chosen = RwSignal::new(None::<PersonId>);
    let candidates = Memo::new(move |_| {
        desk.participants
            .get()
            .into_iter()
            .filter(|p| desk.handoff_route(&p.person_id) == HandoffRoute::Reassign)
            .collect::<Vec<_>>()
    });
    let none = Memo::new(move |_| candidates.with(Vec::is_empty));
    let to = Signal::derive(move || {
        let id = chosen.get()?;
        candidates.with(|all| all.iter().find(|p| p.person_id == id).cloned())
    });
    let option = move |p: BatonParticipant| {
        let id = p.person_id.clone();
        let checked = {
            let id = id.clone();
            move || chosen.get().as_ref() == Some(&id)
        };
        let hidden = p.hidden.then(|| {
            view! { <span class="baton-present-hidden">{desk.label(TextKey::AgentHidden)}</span> }
        });
        view! {
            <li>
                <label class="baton-reassign-option">
                    <input
                        type="radio"
                        name=group.clone()
                        value=id.to_string()
                        prop:checked=checked
                        on:change=move |_| chosen.set(Some(id.clone()))
                    />
                    <span class="baton-reassign-name">{p.display_name}</span>
                    {" "}
                    {hidden}
                </label>
            </li>
        }
    };
    move || {
        if none.get() {
            view! {
                <p class="baton-desk-empty">{desk.label(TextKey::AgentReassignNone)}</p>
            }
            .into_any()
        } else {
            let option = option.clone();
            view! {
                <ReassignForm to=to on_close=on_close>
                    <fieldset class="baton-reassign-candidates">
                        <legend>{desk.label(TextKey::AgentReassignTo)}</legend>
                        <ul>
                            <For
                                each=move || candidates.get()
                                key=|p| (p.person_id.clone(), p.hidden)
                                children=option.clone()
                            />
                        </ul>
                    </fieldset>
                </ReassignForm>
            }
            .into_any()
        }
    }
}

/// Reassigns the open conversation to `to` (an agent taking part in it) in one step, with the
/// choice to remove the previous assignee; announces the result in the desk's status.
#[component]
pub fn ReassignForm(
    /// Extra classes on the form.
    #[prop(into, optional)]
    class: MaybeProp<String>,
    /// The agent to reassign to; `None` until one is chosen.
    #[prop(into)]
    to: Signal<Option<BatonParticipant>>,
    /// Called when the form is done (reassigned) or cancelled: the caller closes its dialog.
    on_close: Callback<()>,
    /// What to choose `to` from, shown first in the form (the forward dialog chose already).
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let desk = Desk::get();
    let offboard_id = ids::unique("reassign-offboard");
    let error_id = ids::unique("reassign-error");
    let error_id_shown = error_id.clone();
    let offboard = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let choose_error = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let previous = Memo::new(move |_| assignee(desk));
    // Someone else is chosen: the last attempt's errors were not about them.
    Effect::new(move |before: Option<Option<PersonId>>| {
        let now = to.with(|t| t.as_ref().map(|p| p.person_id.clone()));
        if before.is_some_and(|before| before != now) {
            choose_error.set(None);
            error.set(None);
        }
        now
    });

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let Some(target) = to.get_untracked() else {
            choose_error.set(Some(desk.text(TextKey::AgentReassignChooseFirst)));
            return;
        };
        let Some(conversation) = desk.selected.get_untracked() else {
            return;
        };
        let previous = previous
            .get_untracked()
            .filter(|p| p.person_id != target.person_id);
        let offboarding = previous
            .as_ref()
            .filter(|_| offboard.get_untracked())
            .map(|p| p.display_name.clone());
        busy.set(true);
        error.set(None);
        choose_error.set(None);
        desk.spawn(async move {
            // The previous assignee leaves because the conversation went to someone else.
            let leave = offboarding
                .as_ref()
                .map(|_| (ConversationLeftReason::Forwarded, None));
            let done = desk
                .client()
                .reassign(&conversation, &target.person_id, leave)
                .await;
            let name = target.display_name.as_str();
            match done {
                Ok(_) => {
                    let texts = desk.texts.get_untracked();
                    desk.status.set(match &offboarding {
                        Some(previous) => texts.render(
                            TextKey::AgentReassignDoneOffboarded,
                            &[("name", name), ("previous", previous)],
                        ),
                        None => texts.render(TextKey::AgentReassignDone, &[("name", name)]),
                    });
                    // The form may be gone already (the feed closed a conversation the
                    // agent left): then there is nothing to close.
                    on_close.try_run(());
                    desk.reload_conversations().await;
                    desk.reload_selected().await;
                }
                Err(failed) => {
                    let previous = previous.as_ref().map(|p| p.display_name.as_str());
                    let texts = desk.texts.get_untracked();
                    error.set(Some(step_failure(&texts, &failed, name, previous)));
                    busy.set(false);
                    // Earlier steps may have taken effect: show the conversation as it is.
                    desk.reload_selected().await;
                }
            }
        });
    };

    let offboard_field = move || {
        let previous = previous.get()?;
        if to.with(|t| {
            t.as_ref()
                .is_some_and(|t| t.person_id == previous.person_id)
        }) {
            return None;
        }
        let label = move || {
            desk.texts.get().render(
                TextKey::AgentReassignOffboard,
                &[("name", &previous.display_name)],
            )
        };
        Some(view! {
            <div class="baton-check">
                <input
                    id=offboard_id.clone()
                    type="checkbox"
                    prop:checked=move || offboard.get()
                    on:change=move |ev| offboard.set(event_target_checked(&ev))
                />
                <label for=offboard_id.clone()>{label}</label>
            </div>
        })
    };

    view! {
        <form
            class=move || format!("baton-reassign-form {}", class.get().unwrap_or_default())
            on:submit=submit
        >
            {children.map(|children| children())}
            {move || choose_error.get().map(|text| view! {
                <p class="baton-field-error" role="alert">{text}</p>
            })}
            {offboard_field}
            {move || error.get().map(|text| view! {
                <p class="baton-field-error" id=error_id_shown.clone() role="alert">{text}</p>
            })}
            <DialogActions
                cancel_label=desk.label(TextKey::AgentCancel)
                on_cancel=on_close
                label=desk.label(TextKey::AgentReassign)
                busy=busy
                described_by=Signal::derive(move || error.get().map(|_| error_id.clone()))
            />
        </form>
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use baton_api::ErrorBody;
    use baton_api::client::ApiError;

    use super::*;

    fn texts() -> Texts {
        let mut by_key = BTreeMap::new();
        for (key, text) in [
            (
                TextKey::AgentReassignFailedUnhide,
                "unhide {name}: {reason}",
            ),
            (TextKey::AgentReassignFailedAdd, "add {name}: {reason}"),
            (
                TextKey::AgentReassignFailedAssign,
                "assign {name}: {reason}",
            ),
            (
                TextKey::AgentReassignFailedOffboard,
                "{name} assigned, {previous} stays: {reason}",
            ),
            (TextKey::AgentRefusedNotParticipant, "gone"),
        ] {
            by_key.insert(key.name().to_owned(), text.to_owned());
        }
        Texts::new("en".into(), by_key)
    }

    fn failed(step: ReassignStep) -> ReassignError {
        ReassignError {
            step,
            error: ApiError::Server {
                status: 400,
                body: ErrorBody::new(
                    baton_api::wire::error::ErrorCode::NotParticipant,
                    "not a participant",
                ),
                retry_after_seconds: None,
            },
        }
    }

    #[test]
    fn a_failed_reassignment_names_its_step_and_why() {
        let texts = texts();
        let said = |step| step_failure(&texts, &failed(step), "Clara", Some("Anna"));
        assert_eq!(said(ReassignStep::Unhide), "unhide Clara: gone");
        assert_eq!(said(ReassignStep::AddParticipant), "add Clara: gone");
        assert_eq!(said(ReassignStep::SetAssignee), "assign Clara: gone");
        assert_eq!(
            said(ReassignStep::Offboard),
            "Clara assigned, Anna stays: gone"
        );
    }
}
