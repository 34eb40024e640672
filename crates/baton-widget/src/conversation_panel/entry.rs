//! One entry of the conversation: a message (the author's name, the text, its time; the
//! reader's own set apart, the latest of them marked "Sent") or a conversation event (someone
//! joined or left, a level's deputies asked: one muted line with its time), and the reader's
//! messages still on their way ("Sending…") or refused ("Not sent" with Retry).
//!
//! Everything is rendered as text. Times are `<time>` elements in the reader's locale.

use baton_api::wire::baton::{BatonAuthorType, BatonMessage};
use baton_core::text::TextKey;
use leptos::prelude::*;
use wasm_bindgen::JsValue;

use crate::texts::Texts;

/// A message of the reader's that has not reached the server yet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outgoing {
    /// Its `Idempotency-Key`, kept for a retry (and its key in the list).
    pub key: String,
    /// What the reader wrote.
    pub text: String,
    /// Whether it is on its way or was refused.
    pub state: OutgoingState,
}

/// Where an [`Outgoing`] message stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OutgoingState {
    /// Being sent.
    Sending,
    /// Not sent; Retry sends it again under the same key.
    Failed,
}

/// A message or conversation event.
#[component]
pub fn Entry(
    /// The entry.
    message: BatonMessage,
    /// Who wrote it, as the reader calls them ("You", "Assistant", a name).
    author: String,
    /// Whether the reader wrote it.
    own: bool,
    /// Whether to mark it "Sent" (the reader's latest).
    #[prop(into)]
    sent: Signal<bool>,
    /// The widget's texts.
    #[prop(into)]
    texts: Signal<Texts>,
) -> impl IntoView {
    let at = message.timestamp.0;
    let time = move || {
        let texts = texts.get();
        view! { <Time millis=at locale=texts.locale().to_owned() /> }
    };
    if message.author_type == BatonAuthorType::System {
        return view! {
            <li class="baton-event">
                <span class="baton-event-text">{message.text}</span>
                " "
                {time}
            </li>
        }
        .into_any();
    }
    let concierge = message.author_type == BatonAuthorType::Concierge;
    view! {
        <li
            class="baton-message"
            class:baton-message-own=own
            class:baton-message-concierge=concierge
        >
            <span class="baton-message-meta">
                <span class="baton-message-author">{author}</span>
                " "
                {time}
            </span>
            <p class="baton-message-text">{message.text}</p>
            {move || sent.get().then(|| view! {
                <span class="baton-message-state">{move || texts.get().get(TextKey::WidgetSent)}</span>
            })}
        </li>
    }
    .into_any()
}

/// A message of the reader's on its way or refused.
#[component]
pub fn OutgoingEntry(
    /// The message.
    outgoing: Outgoing,
    /// "You".
    author: String,
    /// The widget's texts.
    #[prop(into)]
    texts: Signal<Texts>,
    /// Called with the message's key to send it again.
    on_retry: Option<Callback<String>>,
) -> impl IntoView {
    let failed = outgoing.state == OutgoingState::Failed;
    let key = outgoing.key;
    let state = move || {
        texts.get().get(if failed {
            TextKey::WidgetNotSent
        } else {
            TextKey::WidgetSending
        })
    };
    let retry = (failed && on_retry.is_some()).then(|| {
        view! {
            <button
                type="button"
                class="baton-button baton-message-retry"
                on:click=move |_| {
                    if let Some(retry) = on_retry {
                        retry.run(key.clone());
                    }
                }
            >
                {move || texts.get().get(TextKey::WidgetRetry)}
            </button>
        }
    });
    view! {
        <li class="baton-message baton-message-own baton-message-outgoing" class:baton-message-failed=failed>
            <span class="baton-message-meta">
                <span class="baton-message-author">{author}</span>
            </span>
            <p class="baton-message-text">{outgoing.text}</p>
            <span class="baton-message-state">{state}</span>
            {retry}
        </li>
    }
}

/// A moment as a `<time>` in `locale`: the time alone today, the date with it before.
#[component]
fn Time(
    /// Unix milliseconds.
    millis: i64,
    /// The reader's locale.
    locale: String,
) -> impl IntoView {
    // Whole milliseconds of a date in this era fit an f64 exactly.
    #[allow(clippy::cast_precision_loss)]
    let date = js_sys::Date::new(&JsValue::from_f64(millis as f64));
    let today = js_sys::Date::new_0();
    let same_day = date.get_full_year() == today.get_full_year()
        && date.get_month() == today.get_month()
        && date.get_date() == today.get_date();
    let options = js_sys::Object::new();
    let set = |name: &str, value: &str| {
        let _ = js_sys::Reflect::set(&options, &name.into(), &value.into());
    };
    set("timeStyle", "short");
    if !same_day {
        set("dateStyle", "medium");
    }
    let label: String = date.to_locale_string(&locale, &options).into();
    let iso: String = date.to_iso_string().into();
    view! { <time class="baton-time" datetime=iso>{label}</time> }
}
