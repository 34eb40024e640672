//! The Invite dialog of the open conversation: a button in the desk's actions and a dialog
//! with a choice of whom to invite, each with a panel of its own: a customer with a PIN
//! ([`pin`]: the PIN shown large, copy, the countdown to its expiry, renew, revoke), a
//! customer by e-mail ([`email`]: a checked address, the link sent by the server), another
//! agent or a team ([`agents`]: chosen in the person picker, a message, join hidden). The panels stay mounted
//! while another is chosen, so a PIN survives a look at the e-mail panel.
//!
//! What each invitation may do is the server's decision; this module shows its answers. The
//! dialog's own status line (inside the modal, where a screen reader still listens) says what
//! happened last.

mod agents;
mod email;
mod pin;

use baton_core::text::TextKey;
use leptos::prelude::*;

use crate::dialog::Dialog;
use crate::person_picker::Search;
use crate::{Desk, ids};

/// Whom the agent invites.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Whom {
    /// A customer, with a PIN the agent reads out.
    Pin,
    /// A customer, with a link sent by e-mail.
    Email,
    /// Another agent.
    Agent,
    /// A team.
    Team,
}

impl Whom {
    const ALL: [Whom; 4] = [Whom::Pin, Whom::Email, Whom::Agent, Whom::Team];

    fn label(self) -> TextKey {
        match self {
            Whom::Pin => TextKey::AgentInviteByPin,
            Whom::Email => TextKey::AgentInviteByEmail,
            Whom::Agent => TextKey::AgentInviteAgent,
            Whom::Team => TextKey::AgentInviteTeam,
        }
    }
}

/// The optional name an invited customer appears under, as typed; `None` when left empty.
fn nickname(typed: &str) -> Option<String> {
    Some(typed.trim().to_owned()).filter(|name| !name.is_empty())
}

/// The field for that name.
#[component]
fn NicknameField(value: RwSignal<String>) -> impl IntoView {
    let desk = Desk::get();
    let id = ids::unique("invite-nickname");
    view! {
        <label for=id.clone()>{desk.label(TextKey::AgentInviteNickname)}</label>
        <input
            id=id
            type="text"
            autocomplete="off"
            prop:value=move || value.get()
            on:input=move |ev| value.set(event_target_value(&ev))
        />
    }
}

/// The "Invite" button and its dialog, for the desk's open conversation.
#[component]
pub fn InviteAction(
    /// Extra classes on the button.
    #[prop(into, optional)]
    class: MaybeProp<String>,
) -> impl IntoView {
    let desk = Desk::get();
    let open = RwSignal::new(false);
    let whom = RwSignal::new(Whom::Pin);
    let notice = RwSignal::new(String::new());
    let group = ids::unique("invite-whom");
    let close = Callback::new(move |()| {
        open.set(false);
        notice.set(String::new());
    });
    let choices = Whom::ALL
        .into_iter()
        .map(|choice| {
            let id = ids::unique("invite-whom-choice");
            view! {
                <div class="baton-invite-choice">
                    <input
                        type="radio"
                        id=id.clone()
                        name=group.clone()
                        prop:checked=move || whom.get() == choice
                        on:change=move |_| {
                            whom.set(choice);
                            notice.set(String::new());
                        }
                    />
                    <label for=id>{desk.label(choice.label())}</label>
                </div>
            }
        })
        .collect_view();
    let agents = move || matches!(whom.get(), Whom::Agent | Whom::Team);
    let active = Signal::derive(move || open.get() && agents());
    let search = Signal::derive(move || match whom.get() {
        Whom::Team => Search::Teams,
        _ => Search::Agents,
    });
    view! {
        <button
            type="button"
            class=move || format!("baton-button baton-invite {}", class.get().unwrap_or_default())
            aria-haspopup="dialog"
            on:click=move |_| open.set(true)
        >
            {desk.label(TextKey::AgentInviteOpen)}
        </button>
        <Dialog
            class="baton-invite-dialog"
            open=open
            title=desk.label(TextKey::AgentInviteTitle)
            close_label=desk.label(TextKey::AgentClose)
            on_close=close
        >
            <fieldset class="baton-invite-whom">
                <legend>{desk.label(TextKey::AgentInviteWhom)}</legend>
                {choices}
            </fieldset>
            <div class="baton-invite-panel" hidden=move || whom.get() != Whom::Pin>
                <pin::PinInvite notice=notice />
            </div>
            <div class="baton-invite-panel" hidden=move || whom.get() != Whom::Email>
                <email::EmailInvite notice=notice />
            </div>
            <div class="baton-invite-panel" hidden=move || !agents()>
                <agents::AgentInvite search=search active=active notice=notice />
            </div>
            <p class="baton-dialog-status" role="status">{move || notice.get()}</p>
        </Dialog>
    }
}

#[cfg(test)]
mod tests {
    use super::nickname;

    #[test]
    fn an_empty_nickname_is_none() {
        assert_eq!(nickname("  "), None);
        assert_eq!(nickname(" Walter "), Some("Walter".to_owned()));
    }
}
