//! The PIN entry for customers without a bank login: type the PIN an advisor gave, join.
//! Redeeming signs the browser in as the invited visitor (the server sets the cookie); the
//! conversation is handed to `on_joined`. Each refusal (wrong, expired, revoked, already
//! used, too many attempts with the wait) is shown next to the field and announced.

use std::rc::Rc;

use baton_api::client::Client;
use baton_api::client::browser::FetchTransport;
use baton_api::wire::Secret;
use baton_api::wire::Tag;
use baton_api::wire::baton::BatonRedeemPinBody;
use baton_core::text::TextKey;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::answers::Joined;
use crate::failure;
use crate::ids;
use crate::texts::Texts;

/// The PIN form.
#[component]
pub fn PinEntry(
    /// Extra classes on the form's root.
    #[prop(into, optional)]
    class: MaybeProp<String>,
    /// The client to redeem with.
    client: Rc<Client<FetchTransport>>,
    /// The widget's texts.
    #[prop(into)]
    texts: Signal<Texts>,
    /// Called with the joined conversation's id.
    on_joined: Callback<String>,
) -> impl IntoView {
    let title_id = ids::unique("pin-title");
    let input_id = ids::unique("pin");
    let hint_id = ids::unique("pin-hint");
    let error_id = ids::unique("pin-error");
    let (pin, set_pin) = signal(String::new());
    let (error, set_error) = signal(None::<String>);
    let (busy, set_busy) = signal(false);

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let typed: String = pin
            .get_untracked()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        if typed.is_empty() {
            set_error.set(Some(texts.get_untracked().get(TextKey::WidgetPinWrong)));
            return;
        }
        set_busy.set(true);
        set_error.set(None);
        let client = Rc::clone(&client);
        // Not scoped to the form: `on_joined` may remove the form and mount the conversation
        // in its place, which must not become part of the form's (then disposed) owner.
        spawn_local(async move {
            let body = BatonRedeemPinBody {
                kind: Tag::new(),
                pin: Secret::new(typed),
            };
            let joined = match client.redeem_pin_json(&body).await {
                Ok(answer) => answer.read::<Joined>(),
                Err(e) => Err(e),
            };
            match joined {
                Ok(joined) => on_joined.run(joined.conversation.id.to_string()),
                Err(e) => {
                    set_error.set(Some(failure::redemption(&texts.get_untracked(), &e, false)))
                }
            }
            set_busy.set(false);
        });
    };

    view! {
        <form
            class=move || format!("baton-pin-entry {}", class.get().unwrap_or_default())
            aria-labelledby=title_id.clone()
            on:submit=on_submit
        >
            <h2 id=title_id.clone()>{move || texts.get().get(TextKey::WidgetPinTitle)}</h2>
            <label for=input_id.clone()>{move || texts.get().get(TextKey::WidgetPinLabel)}</label>
            <input
                id=input_id.clone()
                type="text"
                inputmode="numeric"
                autocomplete="one-time-code"
                aria-describedby={
                    let (error_id, hint_id) = (error_id.clone(), hint_id.clone());
                    move || if error.get().is_some() { error_id.clone() } else { hint_id.clone() }
                }
                aria-invalid=move || error.get().is_some().to_string()
                prop:value=move || pin.get()
                on:input=move |ev| set_pin.set(event_target_value(&ev))
            />
            <p class="baton-hint" id=hint_id.clone()>{move || texts.get().get(TextKey::WidgetPinHint)}</p>
            <p class="baton-error" id=error_id.clone() role="alert">{move || error.get()}</p>
            // Not `disabled` while busy (the submit handler ignores it then): a disabled button
            // would drop the keyboard user's focus to the page's `<body>`.
            <button
                type="submit"
                class="baton-button baton-button-primary"
                aria-disabled=move || busy.get().to_string()
            >
                {move || texts.get().get(TextKey::WidgetPinJoin)}
            </button>
        </form>
    }
}
