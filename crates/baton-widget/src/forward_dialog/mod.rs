//! Forwarding the open conversation (seed 000, seed 002): the "Forward" action and its
//! dialog. The agent forwards to an agent or a team chosen in the [`PersonPicker`], with an
//! optional comment that only agents see (the server posts it as an agents-only message;
//! the customer never receives it), or assigns an agent at once while staying in the
//! conversation (`Client::reassign_keeping_previous`). An agent who already takes part cannot
//! be forwarded to: choosing one offers the [`ReassignForm`] instead (which agent gets which,
//! and who is not offered, is baton-core's `HandoffRoute`). The dialog also shows
//! the conversation's pending forwarding, reloaded on every live event, and revokes it.
//!
//! Each refusal is shown next to the control it concerns (the choice, the comment, the
//! submit button) and each success is announced in the desk's status. What forwarding does
//! (who may, the previous assignee leaving on acceptance) is the server's.

use baton_api::client::ApiError;
use baton_api::wire::error::ErrorCode;
use baton_api::wire::invitation::{
    ConversationInvitationQuery, InvitationsForwardConversationToAgentBody,
    InvitationsForwardConversationToTeamBody,
};
use baton_core::conversation::HandoffRoute;
use baton_core::id::{ConversationId, InvitationId};
use baton_core::invitation::InvitationType;
use baton_core::text::TextKey;
use leptos::ev::SubmitEvent;
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::agent_desk::Desk;
use crate::dialog::{ActionDialog, DialogActions};
use crate::person_picker::{Choice, PersonPicker, Search, SearchSwitch};
use crate::reassign_dialog::{ReassignForm, step_failure};
use crate::{failure, ids};

/// The longest comment the server takes (`MAX_SHORT_TEXT`, in characters).
const COMMENT_MAX: usize = 2_000;

/// The control an error is shown next to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Field {
    /// The agent or team chosen.
    Target,
    /// The comment.
    Comment,
    /// The submit button: everything else.
    Submit,
}

/// Where the server's refusal of a forwarding belongs.
fn field_of(code: ErrorCode, with_comment: bool) -> Field {
    match code {
        ErrorCode::AlreadyParticipant | ErrorCode::NotFound | ErrorCode::NotAnAgent => {
            Field::Target
        }
        ErrorCode::InvalidInput if with_comment => Field::Comment,
        _ => Field::Submit,
    }
}

/// The comment to send: trimmed, none when blank.
fn comment_body(typed: &str) -> Option<String> {
    let trimmed = typed.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_owned())
}

/// The "Forward" button of the conversation's actions and its dialog.
#[component]
pub fn ForwardAction(
    /// Extra classes on the button.
    #[prop(into, optional)]
    class: MaybeProp<String>,
) -> impl IntoView {
    let desk = Desk::get();
    view! {
        <ActionDialog
            class=class
            label=desk.label(TextKey::AgentForward)
            dialog_class="baton-forward-dialog"
            title=desk.label(TextKey::AgentForwardTitle)
            description=desk.label(TextKey::AgentForwardDescription)
            close_label=desk.label(TextKey::AgentClose)
            panel=|close| view! { <ForwardPanel on_close=close /> }
        />
    }
}

/// What the agent has entered so far; `Copy`, shared by the panel's parts.
#[derive(Clone, Copy)]
struct Draft {
    kind: RwSignal<Search>,
    chosen: RwSignal<Option<Choice>>,
    comment: RwSignal<String>,
    keep_me: RwSignal<bool>,
    busy: RwSignal<bool>,
    error: RwSignal<Option<(Field, String)>>,
}

impl Draft {
    fn error_at(self, field: Field) -> Option<String> {
        self.error
            .get()
            .filter(|(at, _)| *at == field)
            .map(|(_, text)| text)
    }

    /// Assigning at once instead of forwarding (agents only).
    fn keeping(self) -> bool {
        self.keep_me.get() && self.kind.get() == Search::Agents
    }
}

/// The dialog's content: the pending forwarding, the choice, then forwarding or reassigning.
#[component]
fn ForwardPanel(
    /// Called when done or cancelled: the dialog closes.
    on_close: Callback<()>,
) -> impl IntoView {
    let desk = Desk::get();
    let entry = Draft {
        kind: RwSignal::new(Search::Agents),
        chosen: RwSignal::new(None),
        comment: RwSignal::new(String::new()),
        keep_me: RwSignal::new(false),
        busy: RwSignal::new(false),
        error: RwSignal::new(None),
    };
    let root = NodeRef::<html::Div>::new();
    let agents_in = Memo::new(move |_| {
        desk.participants.with(|all| {
            all.iter()
                .filter(|p| p.participation_type.is_agent())
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    // Agents the conversation can be handed to neither way (the assignee, usually the agent
    // forwarding, and the agent themselves outside it) are never offered.
    let exclude = Signal::derive(move || match entry.kind.get() {
        Search::Teams => Vec::new(),
        Search::Agents => agents_in.with(|all| {
            all.iter()
                .map(|p| p.person_id.clone())
                .chain(desk.me())
                .filter(|id| desk.handoff_route(id) == HandoffRoute::None)
                .map(|id| id.to_string())
                .collect()
        }),
    });
    let marks = Signal::derive(move || match entry.kind.get() {
        Search::Teams => Vec::new(),
        Search::Agents => {
            let texts = desk.texts.get();
            let here = texts.get(TextKey::AgentForwardInConversation);
            agents_in.with(|all| {
                all.iter()
                    .map(|p| {
                        let note = if p.hidden {
                            format!("{here}, {}", texts.get(TextKey::AgentHidden))
                        } else {
                            here.clone()
                        };
                        (p.person_id.to_string(), note)
                    })
                    .collect()
            })
        }
    });
    // The chosen agent when they take part already: offered the reassignment instead.
    let participant = Memo::new(move |_| {
        let Some(Choice::Agent { id, .. }) = entry.chosen.get() else {
            return None;
        };
        (desk.handoff_route(&id) == HandoffRoute::Reassign)
            .then(|| agents_in.with(|all| all.iter().find(|p| p.person_id == id).cloned()))
            .flatten()
    });
    let choose = Callback::new(move |choice: Choice| {
        entry.chosen.set(Some(choice));
        entry.error.set(None);
    });
    let set_kind = move |kind: Search| {
        entry.kind.set(kind);
        entry.chosen.set(None);
        entry.error.set(None);
    };
    // Focus on the first of `selectors` found in the panel.
    let focus = move |selectors: &[&str]| {
        let found = root.get_untracked().and_then(|root| {
            selectors
                .iter()
                .find_map(|selector| root.query_selector(selector).ok().flatten())
        });
        if let Some(element) = found.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
            let _ = element.focus();
        }
    };
    // After a revocation its button is gone: focus goes on to the next control.
    let after_revoke = Callback::new(move |()| focus(&[".baton-search-switch input:checked"]));
    // An error about the choice takes focus to the choice (or to the search for one).
    let to_choice = Callback::new(move |()| {
        focus(&[
            ".baton-picker input:checked",
            ".baton-picker input[type=search]",
        ]);
    });
    view! {
        <div class="baton-forward" node_ref=root>
            <PendingForwarding on_revoked=after_revoke />
            <SearchSwitch
                legend=desk.label(TextKey::AgentForwardTo)
                search=entry.kind
                on_switch=Callback::new(set_kind)
            />
            <PersonPicker
                search=entry.kind
                exclude=exclude
                marks=marks
                chosen=Signal::derive(move || {
                    entry.chosen.with(|c| c.as_ref().map(|c| c.id().to_owned()))
                })
                error=Signal::derive(move || entry.error_at(Field::Target))
                autofocus=true
                on_choose=choose
            />
            {move || match participant.get() {
                Some(p) => {
                    let says = desk
                        .texts
                        .get()
                        .render(TextKey::AgentForwardParticipant, &[("name", &p.display_name)]);
                    view! {
                        <p class="baton-forward-participant">{says}</p>
                        <ReassignForm to=Signal::derive(move || participant.get()) on_close=on_close />
                    }
                    .into_any()
                }
                None => view! {
                    <ForwardForm entry=entry on_close=on_close on_choice_refused=to_choice />
                }
                .into_any(),
            }}
        </div>
    }
}

/// The comment, the keep-me choice and the submit button.
#[component]
fn ForwardForm(
    /// What the agent entered in the panel.
    entry: Draft,
    /// Called when forwarded or cancelled: the dialog closes.
    on_close: Callback<()>,
    /// Called after an error about the choice is shown.
    on_choice_refused: Callback<()>,
) -> impl IntoView {
    let desk = Desk::get();
    let comment_id = ids::unique("forward-comment");
    let comment_error_id = ids::unique("forward-comment-error");
    let keep_id = ids::unique("forward-keep");
    let error_id = ids::unique("forward-error");

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if entry.busy.get_untracked() {
            return;
        }
        let Some(choice) = entry.chosen.get_untracked() else {
            let text = desk.text(TextKey::AgentForwardChooseFirst);
            entry.error.set(Some((Field::Target, text)));
            on_choice_refused.run(());
            return;
        };
        let Some(conversation) = desk.selected.get_untracked() else {
            return;
        };
        let keep = entry.keep_me.get_untracked();
        let comment = comment_body(&entry.comment.get_untracked());
        entry.busy.set(true);
        entry.error.set(None);
        desk.spawn(async move {
            let outcome = send(desk, conversation, &choice, keep, comment).await;
            match outcome {
                Ok(announcement) => {
                    desk.status.set(announcement);
                    on_close.try_run(());
                    desk.reload_conversations().await;
                }
                Err((field, text)) => {
                    entry.error.set(Some((field, text)));
                    entry.busy.set(false);
                    if field == Field::Target {
                        on_choice_refused.try_run(());
                    }
                }
            }
            // Shows the comment (to agents), or who takes part now after a refusal.
            desk.reload_selected().await;
        });
    };

    let comment_field = move || {
        if entry.keeping() {
            return None;
        }
        let error = move || entry.error_at(Field::Comment);
        Some(view! {
            <label for=comment_id.clone()>{desk.label(TextKey::AgentForwardComment)}</label>
            <textarea
                id=comment_id.clone()
                name="comment"
                rows="3"
                maxlength=COMMENT_MAX.to_string()
                aria-invalid=move || error().is_some().to_string()
                aria-describedby={
                    let id = comment_error_id.clone();
                    move || error().map(|_| id.clone())
                }
                prop:value=move || entry.comment.get()
                on:input=move |ev| entry.comment.set(event_target_value(&ev))
            ></textarea>
            {
                let id = comment_error_id.clone();
                move || error().map(|text| view! {
                    <p class="baton-field-error" id=id.clone() role="alert">{text}</p>
                })
            }
        })
    };
    let keep_field = move || {
        (entry.kind.get() == Search::Agents).then(|| {
            view! {
                <div class="baton-check">
                    <input
                        id=keep_id.clone()
                        type="checkbox"
                        prop:checked=move || entry.keep_me.get()
                        on:change=move |ev| entry.keep_me.set(event_target_checked(&ev))
                    />
                    <label for=keep_id.clone()>{desk.label(TextKey::AgentForwardKeepMe)}</label>
                </div>
            }
        })
    };
    let submit_error = move || entry.error_at(Field::Submit);

    view! {
        <form class="baton-forward-form" on:submit=submit>
            {comment_field}
            {keep_field}
            {
                let id = error_id.clone();
                move || submit_error().map(|text| view! {
                    <p class="baton-field-error" id=id.clone() role="alert">{text}</p>
                })
            }
            <DialogActions
                cancel_label=desk.label(TextKey::AgentCancel)
                on_cancel=on_close
                label=Signal::derive(move || desk.text(if entry.keeping() {
                    TextKey::AgentReassign
                } else {
                    TextKey::AgentForward
                }))
                busy=entry.busy
                described_by=Signal::derive(move || submit_error().map(|_| error_id.clone()))
            />
        </form>
    }
}

/// Forwards (or, keeping the agent, assigns) `conversation` to `choice`: the announcement on
/// success, the field and text of the error otherwise.
async fn send(
    desk: Desk,
    conversation: ConversationId,
    choice: &Choice,
    keep: bool,
    comment: Option<String>,
) -> Result<String, (Field, String)> {
    let client = desk.client();
    let name = choice.name();
    let with_comment = comment.is_some();
    let refused = |e: ApiError| {
        let text = failure::refusal(&desk.texts.get_untracked(), &e, &[]);
        (field_of(e.code(), with_comment), text)
    };
    let (key, sent) = match choice {
        Choice::Agent { id, .. } if keep => {
            let kept = client.reassign_keeping_previous(&conversation, id).await;
            if let Err(failed) = kept {
                let texts = desk.texts.get_untracked();
                return Err((Field::Submit, step_failure(&texts, &failed, name, None)));
            }
            (TextKey::AgentForwardKept, Ok(()))
        }
        Choice::Agent { id, .. } => {
            let body = InvitationsForwardConversationToAgentBody {
                conversation_id: conversation,
                agent_person_id: id.clone(),
                comment,
            };
            let sent = client.invitations_forward_to_agent(&body).await;
            (TextKey::AgentForwardSent, sent.map(drop))
        }
        Choice::Team { id, .. } => {
            let body = InvitationsForwardConversationToTeamBody {
                conversation_id: conversation,
                team_id: id.clone(),
                comment,
            };
            let sent = client.invitations_forward_to_team(&body).await;
            (TextKey::AgentForwardSent, sent.map(drop))
        }
    };
    sent.map_err(refused)?;
    Ok(desk.texts.get_untracked().render(key, &[("name", name)]))
}

/// A forwarding of the open conversation waiting for acceptance.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Pending {
    id: InvitationId,
    name: String,
}

/// The open forwardings of `conversation`, with their targets' names.
async fn pending_of(desk: Desk, conversation: &ConversationId) -> Result<Vec<Pending>, String> {
    let query = ConversationInvitationQuery::open_of(conversation, InvitationType::AgentForwarding);
    let found = desk
        .client()
        .invitations_search(&query)
        .await
        .map_err(|e| desk.failure(&e))?;
    let mut pending = Vec::with_capacity(found.items.len());
    for invitation in found.items {
        let name = desk.invitation_target_name(&invitation).await;
        pending.push(Pending {
            id: invitation.id,
            name,
        });
    }
    Ok(pending)
}

/// The conversation's pending forwarding, each with its revoke button.
#[component]
fn PendingForwarding(
    /// Called after a revocation (its button is gone).
    on_revoked: Callback<()>,
) -> impl IntoView {
    let desk = Desk::get();
    let title_id = ids::unique("forward-pending");
    let pending = RwSignal::new(Vec::<Pending>::new());
    let load_error = RwSignal::new(None::<String>);
    let revoking = RwSignal::new(false);
    let error = RwSignal::new(None::<(InvitationId, String)>);
    let reload = RwSignal::new(0_u64);
    // Only the latest load may fill the list (answers can overtake each other).
    let generation = RwSignal::new(0_u64);

    Effect::new(move |_| {
        desk.revision.track();
        reload.track();
        let Some(conversation) = desk.selected.get() else {
            return;
        };
        let mine = generation.get_untracked() + 1;
        generation.set(mine);
        desk.spawn(async move {
            let loaded = pending_of(desk, &conversation).await;
            if generation.try_get_untracked() != Some(mine) {
                return;
            }
            match loaded {
                Ok(found) => {
                    pending.set(found);
                    load_error.set(None);
                }
                Err(text) => load_error.set(Some(text)),
            }
        });
    });

    let revoke = move |item: Pending| {
        if revoking.get_untracked() {
            return;
        }
        revoking.set(true);
        error.set(None);
        desk.spawn(async move {
            match desk.client().invitations_revoke(&item.id).await {
                Ok(_) => {
                    desk.status.set(
                        desk.texts
                            .get_untracked()
                            .render(TextKey::AgentForwardRevoked, &[("name", &item.name)]),
                    );
                    on_revoked.try_run(());
                    reload.update(|r| *r += 1);
                }
                Err(e) => {
                    let text = failure::refusal(&desk.texts.get_untracked(), &e, &[]);
                    error.set(Some((item.id, text)));
                }
            }
            revoking.set(false);
        });
    };
    let item = move |item: Pending| {
        let error_id = ids::unique("forward-revoke-error");
        let failed = {
            let id = item.id.clone();
            move || {
                error
                    .get()
                    .filter(|(at, _)| *at == id)
                    .map(|(_, text)| text)
            }
        };
        let waiting = {
            let name = item.name.clone();
            move || {
                desk.texts
                    .get()
                    .render(TextKey::AgentForwardWaiting, &[("name", &name)])
            }
        };
        let label = {
            let name = item.name.clone();
            move || {
                desk.texts
                    .get()
                    .render(TextKey::AgentForwardRevoke, &[("name", &name)])
            }
        };
        let described = {
            let (failed, error_id) = (failed.clone(), error_id.clone());
            move || failed().map(|_| error_id.clone())
        };
        view! {
            <li>
                <span>{waiting}</span>
                <button
                    type="button"
                    class="baton-button"
                    aria-disabled=move || revoking.get().to_string()
                    aria-describedby=described
                    on:click=move |_| revoke(item.clone())
                >
                    {label}
                </button>
                {move || failed().map(|text| view! {
                    <p class="baton-field-error" id=error_id.clone() role="alert">{text}</p>
                })}
            </li>
        }
    };

    view! {
        {move || load_error.get().map(|text| view! {
            <p class="baton-field-error" role="alert">{text}</p>
        })}
        {move || (!pending.with(Vec::is_empty)).then(|| view! {
            <section class="baton-forward-pending" aria-labelledby=title_id.clone()>
                <h3 id=title_id.clone()>{desk.label(TextKey::AgentForwardPending)}</h3>
                <ul>
                    <For
                        each=move || pending.get()
                        key=|p| p.id.clone()
                        children=item
                    />
                </ul>
                <p class="baton-hint">{desk.label(TextKey::AgentForwardReplaces)}</p>
            </section>
        })}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_is_shown_next_to_what_caused_it() {
        assert_eq!(
            field_of(ErrorCode::AlreadyParticipant, false),
            Field::Target
        );
        assert_eq!(field_of(ErrorCode::NotFound, true), Field::Target);
        assert_eq!(field_of(ErrorCode::InvalidInput, true), Field::Comment);
        assert_eq!(
            field_of(ErrorCode::InvalidInput, false),
            Field::Submit,
            "without a comment the comment cannot be at fault"
        );
        assert_eq!(field_of(ErrorCode::NotAllowed, true), Field::Submit);
        assert_eq!(field_of(ErrorCode::Network, false), Field::Submit);
    }

    #[test]
    fn a_blank_comment_is_no_comment() {
        assert_eq!(comment_body("  \n "), None);
        assert_eq!(
            comment_body("  Vera asks about her mortgage\n"),
            Some("Vera asks about her mortgage".to_owned())
        );
    }
}
