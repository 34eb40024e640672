//! The agent desk: what an advisor, assistant or deputy works in. Sign-in (or the session
//! the browser has), sign-out (here or everywhere), the Available / Away switch, "Notify me
//! on this device", the password change, the agent's
//! conversations, the open conversation with the actions on it (forward, reassign, invite,
//! unassign, transfer: each a component of its own opening its own dialog) and its hand-off
//! history, the delegation queue and the deputies editor.
//!
//! The desk owns the connection ([`Desk`], provided as context); the components it shows
//! read it and act through it. Layout and the sign-in form live here, nothing else.

mod desk;

use baton_core::text::TextKey;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::conversation_panel::ConversationPanel;
use crate::credentials::{PasswordField, Submission, SubmissionError};
use crate::delegation_queue::DelegationQueue;
use crate::deputies_editor::DeputiesEditor;
use crate::device_notifications::DeviceNotifications;
use crate::forward_dialog::ForwardAction;
use crate::handoff_history::HandoffHistory;
use crate::ids;
use crate::invite_dialog::InviteAction;
use crate::password_dialog::ChangePasswordAction;
use crate::presence_switch::PresenceSwitch;
use crate::reassign_dialog::ReassignAction;
use crate::transfer::TransferAction;
use crate::unassign::UnassignAction;

pub use desk::{Desk, Signed};

/// How the desk is set up (the custom element's attributes, `mountAgentDesk`'s options).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DeskOptions {
    /// The Baton server's URL; `""` for the page's own origin.
    pub server: String,
    /// The agent's language; the browser's when absent.
    pub locale: Option<String>,
    /// The agent service worker's URL (`baton-sdk/agent-sw.js`) for web push on this
    /// browser; without it the desk offers no notifications.
    pub service_worker: Option<String>,
}

/// The agent desk.
#[component]
pub fn AgentDesk(
    /// Extra classes on the desk's root.
    #[prop(into, optional)]
    class: MaybeProp<String>,
    /// Which server, which language.
    options: DeskOptions,
) -> impl IntoView {
    let desk = Desk::provide(options.server, options.service_worker);
    desk.spawn(desk.start(options.locale));
    let lang = move || desk.texts.get().locale().to_owned();
    view! {
        <div
            class=move || format!("baton-widget baton-desk {}", class.get().unwrap_or_default())
            lang=lang
        >
            <header class="baton-desk-header">
                <h2 class="baton-desk-title">{desk.label(TextKey::AgentDeskTitle)}</h2>
                {move || match desk.signed.get() {
                    Signed::In(session) => Some(view! {
                        <p class="baton-desk-me">
                            {move || desk.texts.get().render(
                                TextKey::AgentSignedInAs,
                                &[("name", &session.display_name)],
                            )}
                        </p>
                        <PresenceSwitch />
                        <DeviceNotifications />
                        <ChangePasswordAction />
                        <button
                            type="button"
                            class="baton-button"
                            on:click=move |_| desk.spawn(desk.sign_out_everywhere())
                        >
                            {desk.label(TextKey::AgentSignOutEverywhere)}
                        </button>
                        <button
                            type="button"
                            class="baton-button"
                            on:click=move |_| desk.spawn(desk.sign_out())
                        >
                            {desk.label(TextKey::AgentSignOut)}
                        </button>
                    }),
                    _ => None,
                }}
            </header>
            {move || match desk.signed.get() {
                Signed::Checking => None,
                Signed::Out => Some(view! { <SignInForm /> }.into_any()),
                Signed::In(_) => Some(view! { <Workspace /> }.into_any()),
            }}
            <p class="baton-status" role="status" aria-live="polite">{move || desk.status.get()}</p>
        </div>
    }
}

/// Username and password; a refusal is shown next to the form and focus stays in it.
#[component]
fn SignInForm() -> impl IntoView {
    let desk = Desk::get();
    let title_id = ids::unique("sign-in-title");
    let username_id = ids::unique("username");
    let error_id = ids::unique("sign-in-error");
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let submission = Submission::new();
    let on_submit = move |ev: SubmitEvent| {
        submission.submit(desk, &ev, || {
            desk.sign_in(username.get_untracked(), password.get_untracked())
        });
    };
    view! {
        <form class="baton-sign-in" aria-labelledby=title_id.clone() on:submit=on_submit>
            <h3 id=title_id.clone()>{desk.label(TextKey::AgentSignInTitle)}</h3>
            <label for=username_id.clone()>{desk.label(TextKey::AgentUsername)}</label>
            <input
                id=username_id
                name="username"
                autocomplete="username"
                required
                prop:value=move || username.get()
                on:input=move |ev| username.set(event_target_value(&ev))
            />
            <PasswordField
                label=desk.label(TextKey::AgentPassword)
                autocomplete="current-password"
                value=password
                refused=(submission, error_id.clone())
            />
            <SubmissionError submission=submission id=error_id />
            <button
                type="submit"
                class="baton-button baton-button-primary"
                aria-disabled=move || submission.busy.get().to_string()
            >
                {desk.label(TextKey::AgentSignIn)}
            </button>
        </form>
    }
}

/// The signed-in desk: the agent's queue and conversations beside the open conversation,
/// their deputies below.
#[component]
fn Workspace() -> impl IntoView {
    let desk = Desk::get();
    view! {
        <div class="baton-desk-main">
            <div class="baton-desk-side">
                <DelegationQueue />
                <ConversationList />
            </div>
            <div class="baton-desk-open">
                {move || match desk.selected.get() {
                    None => view! {
                        <p class="baton-desk-empty">
                            {desk.label(TextKey::AgentChooseConversation)}
                        </p>
                    }.into_any(),
                    Some(_) => view! { <OpenConversation /> }.into_any(),
                }}
            </div>
        </div>
        <DeputiesEditor />
    }
}

/// A conversation's topic, or the text for one without.
pub(crate) fn topic(desk: Desk, topic: Option<&str>) -> String {
    topic
        .filter(|t| !t.trim().is_empty())
        .map_or_else(|| desk.text(TextKey::AgentUntitled), str::to_owned)
}

/// The conversations the agent can see; choosing one opens it.
#[component]
fn ConversationList() -> impl IntoView {
    let desk = Desk::get();
    let title_id = ids::unique("conversations-title");
    view! {
        <section class="baton-conversation-list" aria-labelledby=title_id.clone()>
            <h3 id=title_id.clone()>{desk.label(TextKey::AgentConversations)}</h3>
            {move || desk.conversations.get().is_empty().then(|| view! {
                <p class="baton-desk-empty">{desk.label(TextKey::AgentNoConversations)}</p>
            })}
            <ul>
                <For
                    each=move || desk.conversations.get()
                    key=|c| (c.id.clone(), c.topic.clone(), c.state)
                    children=move |conversation| {
                        let id = conversation.id.clone();
                        let current = {
                            let id = id.clone();
                            move || (desk.selected.get().as_ref() == Some(&id)).then_some("true")
                        };
                        let label = topic(desk, conversation.topic.as_deref());
                        view! {
                            <li>
                                <button
                                    type="button"
                                    class="baton-conversation-choice"
                                    aria-current=current
                                    on:click=move |_| desk.open(id.clone())
                                >
                                    {label}
                                </button>
                            </li>
                        }
                    }
                />
            </ul>
        </section>
    }
}

/// The open conversation: its topic and assignee, the actions on it, the conversation, its
/// hand-off history.
#[component]
fn OpenConversation() -> impl IntoView {
    let desk = Desk::get();
    let actions_id = ids::unique("actions-title");
    let opened = move || {
        let id = desk.selected.get()?;
        desk.conversations
            .with(|all| all.iter().find(|c| c.id == id).cloned())
    };
    let assignee = move || {
        let conversation = opened()?;
        let assignee = conversation.assignee_person_id()?.clone();
        desk.participants.with(|all| {
            all.iter()
                .find(|p| p.person_id == assignee)
                .map(|p| p.display_name.clone())
        })
    };
    let send = Callback::new(move |text: String| desk.send(text));
    let me = Signal::derive(move || desk.me());
    view! {
        <div class="baton-open-conversation">
            <h3 class="baton-open-topic">
                {move || opened().map(|c| topic(desk, c.topic.as_deref())).unwrap_or_default()}
            </h3>
            <p class="baton-open-assignee">
                {move || match assignee() {
                    Some(name) => desk.texts.get().render(TextKey::AgentAssignedTo, &[("name", &name)]),
                    None => desk.text(TextKey::AgentNotAssigned),
                }}
            </p>
            <div class="baton-actions" role="group" aria-labelledby=actions_id.clone()>
                <span class="baton-actions-title" id=actions_id.clone()>
                    {desk.label(TextKey::AgentActions)}
                </span>
                <ForwardAction />
                <ReassignAction />
                <InviteAction />
                <UnassignAction assignee=Signal::derive(assignee) />
                <TransferAction />
            </div>
            <ConversationPanel
                title=Signal::derive(move || Some(desk.text(TextKey::AgentMessages)))
                messages=desk.messages
                participants=desk.participants
                me=me
                texts=desk.texts
                on_send=send
                sending=desk.sending
            />
            <HandoffHistory conversation=Signal::derive(move || desk.selected.get()) />
        </div>
    }
}
