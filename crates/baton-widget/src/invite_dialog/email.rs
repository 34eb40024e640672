//! Inviting a customer by e-mail: the address is checked with the domain's own rule before
//! anything is sent (an invalid one is refused next to the field, and nothing goes out); the
//! server sends the link (`inviteAnonymousVisitorToConversationWithEmail`) and the dialog
//! confirms to whom.

use baton_api::wire::error::ErrorCode;
use baton_api::wire::invitation::InvitationsInviteAnonymousVisitorToConversationWithEmailBody;
use baton_core::invitation::is_valid_email;
use baton_core::text::TextKey;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::{Desk, failure, ids};

/// The e-mail panel. `notice` is the dialog's status line.
#[component]
pub(super) fn EmailInvite(notice: RwSignal<String>) -> impl IntoView {
    let desk = Desk::get();
    let input_id = ids::unique("invite-email");
    let error_id = ids::unique("invite-email-error");
    let address = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let Some(conversation) = desk.selected.get_untracked() else {
            return;
        };
        if busy.get_untracked() {
            return;
        }
        let email = address.get_untracked().trim().to_owned();
        if !is_valid_email(&email) {
            error.set(Some(desk.text(TextKey::AgentInviteEmailInvalid)));
            return;
        }
        busy.set(true);
        error.set(None);
        desk.spawn(async move {
            let body = InvitationsInviteAnonymousVisitorToConversationWithEmailBody {
                conversation_id: conversation,
                email: email.clone(),
                nickname: super::nickname(&name.get_untracked()),
            };
            match desk
                .client()
                .invitations_invite_visitor_with_email(&body)
                .await
            {
                Ok(_) => {
                    address.set(String::new());
                    name.set(String::new());
                    notice.set(
                        desk.texts
                            .get_untracked()
                            .render(TextKey::AgentInviteEmailSent, &[("email", &email)]),
                    );
                }
                Err(e) => error.set(Some(failure::refusal(
                    &desk.texts.get_untracked(),
                    &e,
                    &[(ErrorCode::InvalidInput, TextKey::AgentInviteEmailInvalid)],
                ))),
            }
            busy.set(false);
        });
    };
    let described = {
        let error_id = error_id.clone();
        move || error.get().map(|_| error_id.clone())
    };
    // `novalidate`: the browser's own bubble would say less than the error next to the field.
    view! {
        <form class="baton-invite-email" novalidate on:submit=submit>
            <label for=input_id.clone()>{desk.label(TextKey::AgentInviteEmail)}</label>
            <input
                id=input_id
                type="email"
                autocomplete="off"
                aria-invalid=move || error.get().is_some().to_string()
                aria-describedby=described
                prop:value=move || address.get()
                on:input=move |ev| address.set(event_target_value(&ev))
            />
            {move || error.get().map(|text| view! {
                <p class="baton-field-error" id=error_id.clone() role="alert">{text}</p>
            })}
            <super::NicknameField value=name />
            <div class="baton-dialog-actions">
                <button
                    type="submit"
                    class="baton-button baton-button-primary"
                    aria-disabled=move || busy.get().to_string()
                >
                    {desk.label(TextKey::AgentInviteSend)}
                </button>
            </div>
        </form>
    }
}
