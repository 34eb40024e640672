//! The conversation: who is present (never hidden participants for a customer: the server
//! leaves them out; agents see them marked), the messages with the conversation events among
//! them, the reader's messages on their way, and the composer. Everything is rendered as text.
//!
//! The list follows the conversation: while the reader is at its end, new entries keep it in
//! view; once they scrolled up to read, it stays put and a "Show new messages (N)" button
//! jumps down. Someone else's new message is read out once to screen readers (a polite live
//! region of its own: not the history, not the reader's own). What comes after the messages
//! (the deputy prompt) is the caller's `children`, at the end of the same scroll area.
//! Sending is the caller's (`on_send`, `on_retry`).

mod composer;
mod entry;
pub mod follow;

use baton_api::wire::baton::{BatonAuthorType, BatonMessage, BatonParticipant};
use baton_core::id::PersonId;
use baton_core::text::TextKey;
use leptos::prelude::*;

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{HtmlDivElement, ResizeObserver};

use crate::ids;
use crate::texts::Texts;
use composer::Composer;
use entry::{Entry, OutgoingEntry};

pub use entry::{Outgoing, OutgoingState};

/// Keeps a scroll area at its end when it changes size while the reader is there: a list
/// that was hidden (a closed launcher's panel) or squeezed shows the newest entry again once
/// it has room. Stops observing when dropped (with the panel).
struct FollowSize {
    observer: ResizeObserver,
    _on_resize: Closure<dyn FnMut()>,
}

impl FollowSize {
    fn new(area: HtmlDivElement, at_end: RwSignal<bool>) -> Option<Self> {
        let observed = area.clone();
        let on_resize = Closure::<dyn FnMut()>::new(move || {
            if at_end.get_untracked() {
                observed.set_scroll_top(observed.scroll_height());
            }
        });
        let observer = ResizeObserver::new(on_resize.as_ref().unchecked_ref()).ok()?;
        observer.observe(&area);
        Some(Self {
            observer,
            _on_resize: on_resize,
        })
    }
}

impl Drop for FollowSize {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}

/// The conversation panel.
#[component]
pub fn ConversationPanel(
    /// Extra classes on the panel's root.
    #[prop(into, optional)]
    class: MaybeProp<String>,
    /// The panel's heading; the customer's ("Your conversation") when absent.
    #[prop(into, optional)]
    title: MaybeProp<String>,
    /// The messages and conversation events, oldest first.
    #[prop(into)]
    messages: Signal<Vec<BatonMessage>>,
    /// Who is in the conversation (as the reader may see it).
    #[prop(into)]
    participants: Signal<Vec<BatonParticipant>>,
    /// The signed-in reader.
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
    /// The reader's messages on their way or refused, oldest first.
    #[prop(into, optional)]
    pending: Signal<Vec<Outgoing>>,
    /// Called with a refused message's key to send it again.
    #[prop(optional)]
    on_retry: Option<Callback<String>>,
    /// Enter starts a new line and Ctrl+Enter sends (else Enter sends).
    #[prop(into, optional)]
    newline_on_enter: Signal<bool>,
    /// Whether `children` show something the reader must see: when it turns `true` the
    /// area scrolls to its end, even if the reader had scrolled up.
    #[prop(into, optional)]
    reveal_end: Signal<bool>,
    /// Shown after the messages, in the same scroll area (the deputy prompt).
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let title_id = ids::unique("conversation-title");
    let present_id = ids::unique("present");
    let scroller = NodeRef::<leptos::html::Div>::new();
    let at_end = RwSignal::new(true);
    let unseen = RwSignal::new(0_usize);
    let (heard, set_heard) = signal(String::new());
    let field = NodeRef::<leptos::html::Textarea>::new();
    // Retry replaces the refused entry, and its button with it: focus goes to the message
    // field rather than falling back to the page's `<body>`.
    let on_retry = on_retry.map(|retry| {
        Callback::new(move |key: String| {
            retry.run(key);
            if let Some(field) = field.get_untracked() {
                let _ = field.focus();
            }
        })
    });

    let author = move |message: &BatonMessage| -> String {
        let texts = texts.get_untracked();
        match (&message.author_type, &message.author_person_id) {
            (BatonAuthorType::Concierge, _) => texts.get(TextKey::WidgetConcierge),
            (_, Some(person)) if me.get_untracked().as_ref() == Some(person) => {
                texts.get(TextKey::WidgetYou)
            }
            (_, Some(person)) => message.author_display_name.clone().unwrap_or_else(|| {
                participants
                    .get_untracked()
                    .iter()
                    .find(|p| &p.person_id == person)
                    .map(|p| p.display_name.clone())
                    .unwrap_or_default()
            }),
            (_, None) => String::new(),
        }
    };
    let scroll_to_end = move || {
        request_animation_frame(move || {
            if let Some(area) = scroller.get_untracked() {
                area.set_scroll_top(area.scroll_height());
            }
        });
        at_end.set(true);
        unseen.set(0);
    };

    // What the list held when last shown: `None` until the history first arrived, which is
    // neither news nor read out.
    let shown = StoredValue::new(None::<Vec<BatonMessage>>);
    Effect::new(move |_| {
        let now = messages.get();
        let Some(before) = shown.get_value() else {
            if !now.is_empty() {
                shown.set_value(Some(now));
                scroll_to_end();
            }
            return;
        };
        let news: Vec<String> = follow::fresh(&before, &now, me.get_untracked().as_ref())
            .into_iter()
            .map(|m| {
                let name = author(m);
                texts.get_untracked().render(
                    TextKey::WidgetIncomingMessage,
                    &[("name", &name), ("text", &m.text)],
                )
            })
            .collect();
        shown.set_value(Some(now));
        if !news.is_empty() {
            set_heard.set(news.join("\n"));
        }
        if at_end.get_untracked() {
            scroll_to_end();
        } else {
            unseen.update(|n| *n += news.len());
        }
    });
    // The reader's own message always brings them to the end.
    Effect::new(move |previous: Option<usize>| {
        let count = pending.with(Vec::len);
        if previous.is_some_and(|previous| count > previous) {
            scroll_to_end();
        }
        count
    });
    Effect::new(move |_| {
        if reveal_end.get() {
            scroll_to_end();
        }
    });
    let follow_size = StoredValue::new_local(None::<FollowSize>);
    scroller.on_load(move |area| follow_size.set_value(FollowSize::new(area, at_end)));
    let on_scroll = move |_| {
        if let Some(area) = scroller.get_untracked() {
            let end = follow::at_end(
                f64::from(area.scroll_top()),
                f64::from(area.scroll_height()),
                f64::from(area.client_height()),
            );
            at_end.set(end);
            if end {
                unseen.set(0);
            }
        }
    };
    let jump = move |_| {
        scroll_to_end();
        if let Some(area) = scroller.get_untracked() {
            let _ = area.focus();
        }
    };
    let last_own = Memo::new(move |_| {
        let me = me.get()?;
        messages.with(|all| {
            all.iter()
                .rev()
                .find(|m| {
                    m.author_person_id.as_ref() == Some(&me)
                        && m.author_type == BatonAuthorType::Person
                })
                .map(|m| m.id.clone())
        })
    });

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
            <div class="baton-follow">
                <div
                    class="baton-scroller"
                    node_ref=scroller
                    tabindex="0"
                    role="group"
                    aria-labelledby=title_id.clone()
                    on:scroll=on_scroll
                >
                    <ol class="baton-messages">
                        {move || {
                            (messages.with(Vec::is_empty) && pending.with(Vec::is_empty))
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
                                let own = message.author_type == BatonAuthorType::Person
                                    && message.author_person_id.is_some()
                                    && message.author_person_id == me.get_untracked();
                                let id = message.id.clone();
                                let sent = Signal::derive(move || last_own.get().as_ref() == Some(&id));
                                view! {
                                    <Entry
                                        author=author(&message)
                                        message=message
                                        own=own
                                        sent=sent
                                        texts=texts
                                    />
                                }
                            }
                        />
                        <For
                            each=move || pending.get()
                            key=|o| (o.key.clone(), o.state)
                            children=move |outgoing| view! {
                                <OutgoingEntry
                                    outgoing=outgoing
                                    author=texts.get_untracked().get(TextKey::WidgetYou)
                                    texts=texts
                                    on_retry=on_retry
                                />
                            }
                        />
                    </ol>
                    {children.map(|children| children())}
                </div>
                {move || (unseen.get() > 0).then(|| view! {
                    <button type="button" class="baton-button baton-new-messages" on:click=jump>
                        {move || texts.get().render(TextKey::WidgetNewMessages, &[("count", &unseen.get().to_string())])}
                    </button>
                })}
            </div>
            <p class="baton-sr-only" aria-live="polite">{heard}</p>
            <Composer
                texts=texts
                on_send=on_send
                sending=sending
                newline_on_enter=newline_on_enter
                field=field
            />
        </section>
    }
}
