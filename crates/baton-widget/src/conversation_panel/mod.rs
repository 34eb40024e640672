//! The conversation: who is present (never hidden participants for a customer: the server
//! leaves them out; agents see them marked), the messages, and the composer. Everything is rendered as text.
//! Sending is the caller's (`on_send`); the composer keeps the text until it went out and
//! sends nothing twice. While a message is on its way Send does nothing (`aria-disabled`)
//! but keeps its focus: a `disabled` button would drop it to the page's `<body>`.

use baton_api::wire::baton::{BatonAuthorType, BatonMessage, BatonParticipant};
use baton_core::id::PersonId;
use baton_core::text::TextKey;
use leptos::ev::{KeyboardEvent, SubmitEvent};
use leptos::prelude::*;

use crate::ids;
use crate::texts::Texts;

/// The conversation panel.
#[component]
pub fn ConversationPanel(
    /// Extra classes on the panel's root.
    #[prop(into, optional)]
    class: MaybeProp<String>,
    /// The panel's heading; the customer's ("Your conversation") when absent.
    #[prop(into, optional)]
    title: MaybeProp<String>,
    /// The messages, oldest first.
    #[prop(into)]
    messages: Signal<Vec<BatonMessage>>,
    /// Who is in the conversation (as the customer may see it).
    #[prop(into)]
    participants: Signal<Vec<BatonParticipant>>,
    /// The signed-in customer.
    #[prop(into)]
    me: Signal<Option<PersonId>>,
    /// The widget's texts.
    #[prop(into)]
    texts: Signal<Texts>,
    /// Called with the text to send; answer by clearing `sending`.
    on_send: Callback<String>,
    /// Whether a message is being sent.
    #[prop(into)]
    sending: Signal<bool>,
) -> impl IntoView {
    let title_id = ids::unique("conversation-title");
    let present_id = ids::unique("present");
    let input_id = ids::unique("message");
    let (draft, set_draft) = signal(String::new());

    let send = move || {
        let text = draft.get_untracked();
        if text.trim().is_empty() || sending.get_untracked() {
            return;
        }
        set_draft.set(String::new());
        on_send.run(text);
    };
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        send();
    };
    let on_keydown = move |ev: KeyboardEvent| {
        if ev.key() == "Enter" && !ev.shift_key() {
            ev.prevent_default();
            send();
        }
    };
    let author = move |message: &BatonMessage| -> String {
        let texts = texts.get();
        match (&message.author_type, &message.author_person_id) {
            (BatonAuthorType::Concierge, _) => texts.get(TextKey::WidgetConcierge),
            (_, Some(person)) if me.get().as_ref() == Some(person) => texts.get(TextKey::WidgetYou),
            (_, Some(person)) => participants
                .get()
                .iter()
                .find(|p| &p.person_id == person)
                .map(|p| p.display_name.clone())
                .unwrap_or_default(),
            (_, None) => String::new(),
        }
    };

    view! {
        <section
            class=move || format!("baton-conversation {}", class.get().unwrap_or_default())
            aria-labelledby=title_id.clone()
        >
            <h2 class="baton-conversation-title" id=title_id.clone()>
                {move || title.get().unwrap_or_else(|| texts.get().get(TextKey::WidgetConversationTitle))}
            </h2>
            <h3 class="baton-present-title" id=present_id.clone()>
                {move || texts.get().get(TextKey::WidgetPresent)}
            </h3>
            <ul class="baton-present" aria-labelledby=present_id.clone()>
                <For
                    each=move || participants.get()
                    key=|p| p.person_id.clone()
                    children=move |p| {
                        // Only agents ever receive hidden participants (the server leaves them
                        // out for customers); they see who the customer does not.
                        let hidden = p.hidden.then(|| view! {
                            <span class="baton-present-hidden">
                                {move || format!(" ({})", texts.get().get(TextKey::AgentHidden))}
                            </span>
                        });
                        view! { <li>{p.display_name}{hidden}</li> }
                    }
                />
            </ul>
            <ol class="baton-messages" aria-live="polite" aria-relevant="additions">
                {move || {
                    messages
                        .get()
                        .is_empty()
                        .then(|| view! {
                            <li class="baton-messages-empty">
                                {move || texts.get().get(TextKey::WidgetNoMessages)}
                            </li>
                        })
                }}
                <For
                    each=move || messages.get()
                    key=|m| m.id.clone()
                    children=move |message| {
                        let from = author(&message);
                        let concierge = matches!(message.author_type, BatonAuthorType::Concierge);
                        view! {
                            <li class="baton-message" class:baton-message-concierge=concierge>
                                <span class="baton-message-author">{from}</span>
                                <p class="baton-message-text">{message.text}</p>
                            </li>
                        }
                    }
                />
            </ol>
            <form class="baton-composer" on:submit=on_submit>
                <label for=input_id.clone()>{move || texts.get().get(TextKey::WidgetMessageLabel)}</label>
                <textarea
                    id=input_id.clone()
                    rows="2"
                    prop:value=move || draft.get()
                    on:input=move |ev| set_draft.set(event_target_value(&ev))
                    on:keydown=on_keydown
                ></textarea>
                <button
                    type="submit"
                    class="baton-button baton-button-primary"
                    aria-disabled=move || sending.get().to_string()
                >
                    {move || texts.get().get(TextKey::WidgetSend)}
                </button>
            </form>
        </section>
    }
}
