//! The visitor widget: signs the customer in (the bank's JWT from `token_url`, an e-mail
//! invitation link in the page's `#invitation=…&token=…`, or the session the browser already
//! has), opens their conversation, and keeps it live: messages, who is present, the deputy
//! prompt with its countdown, and a status line (a live region) that announces every change:
//! the level being asked after Accept, "a deputy has joined", the prompt expiring, the
//! connection dropping and coming back.
//!
//! The server decides everything (who sees what, when the prompt is offered, escalation); the
//! widget shows it and reloads what an event says has changed.

mod live;

use std::rc::Rc;

use baton_api::client::Client;
use baton_api::client::browser::FetchTransport;
use baton_api::wire::baton::{BatonMessage, BatonParticipant, BatonPrompt};
use baton_core::id::PersonId;
use baton_core::text::TextKey;
use leptos::prelude::*;
use leptos::task::spawn_local_scoped_with_cancellation;
use wasm_bindgen::JsCast;

use crate::conversation_panel::{ConversationPanel, Outgoing};
use crate::deputy_prompt::{self, DeputyPrompt};
use crate::feed::Feed;
use crate::texts::Texts;

pub use live::{Live, SignIn};

/// How the widget is set up (the custom element's attributes, `mount`'s options).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct VisitorOptions {
    /// The Baton server's URL; `""` for the page's own origin.
    pub server: String,
    /// The bank's endpoint answering the signed-in customer's JWT (`{"token": "…"}`).
    pub token_url: Option<String>,
    /// Join with the e-mail invitation link in the page's address (`#invitation=…&token=…`).
    pub join_link: bool,
    /// The customer's language (`de`, `fr`, …); the browser's when absent.
    pub locale: Option<String>,
    /// The conversation to open; the customer's first when absent.
    pub conversation: Option<String>,
    /// Enter starts a new line in the message field and Ctrl+Enter sends (else Enter sends).
    pub newline_on_enter: bool,
}

/// What the widget is doing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Phase {
    /// Signing in and loading.
    Starting,
    /// Showing the conversation.
    Ready,
    /// Signing in or joining failed; the text says why.
    Failed(String),
}

/// Everything the widget shows, as signals the components read.
#[derive(Clone, Copy)]
pub struct View {
    /// The widget's texts.
    pub texts: RwSignal<Texts>,
    /// What the widget is doing.
    pub phase: RwSignal<Phase>,
    /// The signed-in customer.
    pub me: RwSignal<Option<PersonId>>,
    /// The messages, oldest first.
    pub messages: RwSignal<Vec<BatonMessage>>,
    /// Who is present.
    pub participants: RwSignal<Vec<BatonParticipant>>,
    /// The open deputy prompt.
    pub prompt: RwSignal<Option<BatonPrompt>>,
    /// Seconds until the open prompt is cancelled.
    pub seconds_left: RwSignal<u64>,
    /// The last thing announced.
    pub status: RwSignal<String>,
    /// A message is being sent.
    pub sending: RwSignal<bool>,
    /// The customer's messages on their way or refused.
    pub pending: RwSignal<Vec<Outgoing>>,
    /// A prompt answer is being sent.
    pub answering: RwSignal<bool>,
    /// The widget's root element.
    pub root: NodeRef<leptos::html::Div>,
}

impl View {
    fn new() -> Self {
        Self {
            texts: RwSignal::new(Texts::default()),
            phase: RwSignal::new(Phase::Starting),
            me: RwSignal::new(None),
            messages: RwSignal::new(Vec::new()),
            participants: RwSignal::new(Vec::new()),
            prompt: RwSignal::new(None),
            seconds_left: RwSignal::new(0),
            status: RwSignal::new(String::new()),
            sending: RwSignal::new(false),
            pending: RwSignal::new(Vec::new()),
            answering: RwSignal::new(false),
            root: NodeRef::new(),
        }
    }

    /// Shows `prompt` (or none). When the open prompt goes while one of its buttons has focus
    /// (answered, expired, answered elsewhere), focus moves to the message field instead of
    /// falling back to the page's `<body>`, where a keyboard user would have to start over.
    pub fn set_prompt(&self, prompt: Option<BatonPrompt>) {
        let root = self.root.get_untracked();
        let focus_in_prompt = prompt.is_none()
            && root.as_ref().is_some_and(|root| {
                matches!(
                    root.query_selector(".baton-prompt:focus-within"),
                    Ok(Some(_))
                )
            });
        self.prompt.set(prompt);
        if let (true, Some(root)) = (focus_in_prompt, root) {
            // The DOM updates asynchronously: focus once the prompt is gone.
            set_timeout(
                move || {
                    if let Ok(Some(field)) = root.query_selector(".baton-composer textarea")
                        && let Ok(field) = field.dyn_into::<web_sys::HtmlElement>()
                    {
                        let _ = field.focus();
                    }
                },
                std::time::Duration::ZERO,
            );
        }
    }

    /// Announces the text of `key` in the status line.
    pub fn announce(&self, key: TextKey) {
        self.status.set(self.texts.get_untracked().get(key));
    }
}

/// The visitor widget.
#[component]
pub fn VisitorWidget(
    /// Extra classes on the widget's root.
    #[prop(into, optional)]
    class: MaybeProp<String>,
    /// How to sign in and what to open.
    options: VisitorOptions,
    /// Called with each message someone else wrote as it arrives (not the history the widget
    /// opened with): a launcher counts them while the chat is closed.
    #[prop(optional)]
    on_message: Option<Callback<BatonMessage>>,
) -> impl IntoView {
    let view = View::new();
    let client = Rc::new(Client::anonymous(FetchTransport::new(
        options.server.clone(),
    )));
    let live = Live::new(view, Rc::clone(&client), options.server.clone(), on_message);
    let feed = StoredValue::new_local(None::<Feed>);
    {
        let live = live.clone();
        let sign_in = SignIn::from(&options);
        let locale = options.locale.clone();
        let conversation = options.conversation.clone();
        spawn_local_scoped_with_cancellation(async move {
            live.start(sign_in, locale, conversation, feed).await;
        });
    }
    {
        let ticker = set_interval_with_handle(
            move || {
                if let Some(prompt) = view.prompt.get_untracked() {
                    let now = js_sys::Date::now() as i64;
                    view.seconds_left
                        .set(deputy_prompt::seconds_left(&prompt, now));
                }
            },
            deputy_prompt::TICK,
        );
        on_cleanup(move || {
            if let Ok(handle) = ticker {
                handle.clear();
            }
        });
    }

    // Callbacks must be `Send`; the connection (an `Rc` client) stays in local storage.
    let live = StoredValue::new_local(live);
    let send = Callback::new(move |text: String| live.with_value(|l| l.send(text)));
    let retry = Callback::new(move |key: String| live.with_value(|l| l.retry(&key)));
    let newline_on_enter = Signal::stored(options.newline_on_enter);
    let prompt_open = Signal::derive(move || view.prompt.with(Option::is_some));
    let answer = Callback::new(move |accept: bool| live.with_value(|l| l.answer(accept)));
    let texts = Signal::from(view.texts);
    let lang = move || view.texts.get().locale().to_owned();

    view! {
        <div
            class=move || format!("baton-widget {}", class.get().unwrap_or_default())
            lang=lang
            node_ref=view.root
        >
            {move || match view.phase.get() {
                Phase::Starting => None,
                Phase::Failed(reason) => Some(view! {
                    <p class="baton-error" role="alert">{reason}</p>
                }.into_any()),
                Phase::Ready => Some(view! {
                    <ConversationPanel
                        messages=view.messages
                        participants=view.participants
                        me=view.me
                        texts=texts
                        on_send=send
                        sending=view.sending
                        pending=view.pending
                        on_retry=retry
                        newline_on_enter=newline_on_enter
                        reveal_end=prompt_open
                    >
                        <DeputyPrompt
                            prompt=view.prompt
                            seconds_left=view.seconds_left
                            texts=texts
                            on_answer=answer
                            answering=view.answering
                        />
                    </ConversationPanel>
                }.into_any()),
            }}
            <p class="baton-status" role="status" aria-live="polite">{move || view.status.get()}</p>
        </div>
    }
}
