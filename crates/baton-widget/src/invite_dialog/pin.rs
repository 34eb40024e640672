//! Inviting a customer with a PIN: create it (`inviteAnonymousVisitorToConversationWithPin`,
//! the only answer that carries it), show it large, copy it, count down to the expiry the
//! invitation itself names, on the server's time (the answer's `Date`: a browser whose clock
//! is off still shows the PIN's whole lifetime), renew it (the old PIN stops working) or
//! revoke it. The desk's
//! feed says when something changed; the invitation is then read again, so the agent sees
//! the customer join with it.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use baton_api::client::ApiError;
use baton_api::wire::invitation::{
    ConversationInvitationData, InvitationsInviteAnonymousVisitorToConversationWithPinBody,
};
use baton_core::Timestamp;
use baton_core::id::InvitationId;
use baton_core::invitation::InvitationState;
use baton_core::text::TextKey;
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen_futures::JsFuture;

use crate::dialog::focus_soon;
use crate::{Desk, failure, ids};

/// How often the countdown is redrawn.
const TICK: Duration = Duration::from_secs(1);

/// The PIN the agent created, as far as the dialog knows it.
#[derive(Clone, Debug, PartialEq, Eq)]
struct IssuedPin {
    id: InvitationId,
    pin: String,
    expires: Option<Timestamp>,
    state: InvitationState,
}

impl IssuedPin {
    /// The PIN of the creator's (or renewer's) answer; `None` if the answer has no PIN.
    fn from_answer(data: ConversationInvitationData) -> Option<Self> {
        Some(Self {
            pin: data.token?.into_inner(),
            id: data.id,
            expires: data.expiration_timestamp,
            state: data.invitation_state,
        })
    }

    /// Open and not yet past its expiry at `now` (milliseconds).
    fn usable_at(&self, now: i64) -> bool {
        self.state == InvitationState::Open && self.expires.is_none_or(|e| now < e.as_millis())
    }
}

/// The server's clock minus the browser's, in milliseconds, from the `Date` of the answer the
/// client received last: the header is cut to the second, so its middle is the best guess.
fn server_skew(server_time: Option<Timestamp>) -> i64 {
    server_time.map_or(0, |t| t.as_millis() + 500 - js_sys::Date::now() as i64)
}

/// `seconds` as minutes and seconds, `m:ss`.
fn clock(seconds: u64) -> String {
    format!("{}:{:02}", seconds / 60, seconds % 60)
}

/// The PIN panel. `notice` is the dialog's status line.
#[component]
pub(super) fn PinInvite(notice: RwSignal<String>) -> impl IntoView {
    let desk = Desk::get();
    let issued = RwSignal::new(None::<IssuedPin>);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    // The server's time, ticking on the browser's clock plus the skew its last answer showed.
    let skew = StoredValue::new(0_i64);
    let server_now = move || js_sys::Date::now() as i64 + skew.get_value();
    let now = RwSignal::new(server_now());
    let name = RwSignal::new(String::new());
    let label_id = ids::unique("invite-pin-label");
    let create_button = NodeRef::<html::Button>::new();
    let copy_button = NodeRef::<html::Button>::new();

    let ticker = set_interval_with_handle(move || now.set(server_now()), TICK);
    on_cleanup(move || {
        if let Ok(handle) = ticker {
            handle.clear();
        }
    });

    let say = move |key: TextKey| notice.set(desk.texts.get_untracked().get(key));
    let shown =
        move || issued.with(|p| p.as_ref().is_some_and(|p| p.state == InvitationState::Open));
    let expired = Memo::new(move |_| {
        let now = now.get();
        issued.with(|p| {
            p.as_ref()
                .is_some_and(|p| p.state == InvitationState::Open && !p.usable_at(now))
        })
    });
    Effect::new(move |_| {
        if expired.get() {
            say(TextKey::AgentInvitePinExpired);
        }
    });
    // The feed's events (the customer joining, say) bump the revision: read the PIN's
    // invitation again while it is open.
    Effect::new(move |_| {
        desk.revision.track();
        let Some(current) = issued
            .get_untracked()
            .filter(|p| p.state == InvitationState::Open)
        else {
            return;
        };
        desk.spawn(async move {
            let Ok(data) = desk.client().invitations_read(&current.id).await else {
                return;
            };
            let closed = data.invitation_state;
            if !matches!(closed, InvitationState::Redeemed | InvitationState::Revoked) {
                return;
            }
            let still = issued.with_untracked(|p| p.as_ref() == Some(&current));
            if still {
                issued.update(|p| {
                    if let Some(p) = p {
                        p.state = closed;
                    }
                });
                say(if closed == InvitationState::Redeemed {
                    TextKey::AgentInviteRedeemed
                } else {
                    TextKey::AgentInviteRevoked
                });
                focus_soon(create_button);
            }
        });
    });

    // Runs one call unless another is on its way; `Ok(text)` is what to announce.
    let act = move |work: Pin<Box<dyn Future<Output = Result<String, ApiError>>>>| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        desk.spawn(async move {
            match work.await {
                Ok(text) => notice.set(text),
                Err(e) => error.set(Some(failure::refusal(&desk.texts.get_untracked(), &e, &[]))),
            }
            busy.set(false);
        });
    };
    let create = move |_| {
        let Some(conversation) = desk.selected.get_untracked() else {
            return;
        };
        act(Box::pin(async move {
            let body = InvitationsInviteAnonymousVisitorToConversationWithPinBody {
                conversation_id: conversation,
                nickname: super::nickname(&name.get_untracked()),
            };
            let client = desk.client();
            let answer = client.invitations_invite_visitor_with_pin(&body).await?;
            skew.set_value(server_skew(client.server_time()));
            let created = IssuedPin::from_answer(answer);
            let pin = created.as_ref().map(|p| p.pin.clone()).unwrap_or_default();
            issued.set(created);
            now.set(server_now());
            focus_soon(copy_button);
            Ok(desk
                .texts
                .get_untracked()
                .render(TextKey::AgentInvitePinCreated, &[("pin", &pin)]))
        }));
    };
    let renew = move |_| {
        let Some(current) = issued.get_untracked() else {
            return;
        };
        act(Box::pin(async move {
            let client = desk.client();
            let answer = client.invitations_renew_pin(&current.id).await?;
            skew.set_value(server_skew(client.server_time()));
            issued.set(IssuedPin::from_answer(answer));
            now.set(server_now());
            Ok(desk.texts.get_untracked().get(TextKey::AgentInviteRenewed))
        }));
    };
    let revoke = move |_| {
        let Some(current) = issued.get_untracked() else {
            return;
        };
        act(Box::pin(async move {
            let answer = desk.client().invitations_revoke(&current.id).await?;
            issued.update(|p| {
                if let Some(p) = p {
                    p.state = answer.invitation_state;
                }
            });
            focus_soon(create_button);
            Ok(desk.texts.get_untracked().get(TextKey::AgentInviteRevoked))
        }));
    };
    let copy = move |_| {
        let Some(pin) = issued.with_untracked(|p| p.as_ref().map(|p| p.pin.clone())) else {
            return;
        };
        desk.spawn(async move {
            let written = match web_sys::window() {
                Some(window) => {
                    let promise = window.navigator().clipboard().write_text(&pin);
                    JsFuture::from(promise).await.is_ok()
                }
                None => false,
            };
            say(if written {
                TextKey::AgentInviteCopied
            } else {
                TextKey::AgentInviteCopyFailed
            });
        });
    };
    let validity = move || {
        let now = now.get();
        issued.with(|p| {
            let p = p.as_ref()?;
            let expires = p.expires?;
            Some(if p.usable_at(now) {
                let left = clock(Timestamp(now).seconds_until(expires));
                desk.texts
                    .get()
                    .render(TextKey::AgentInviteValidFor, &[("time", &left)])
            } else {
                desk.text(TextKey::AgentInvitePinExpired)
            })
        })
    };

    view! {
        <div class="baton-invite-pin">
            <div class="baton-pin-issued" role="group" aria-labelledby=label_id.clone() hidden=move || !shown()>
                <span class="baton-pin-label" id=label_id.clone()>
                    {desk.label(TextKey::AgentInvitePin)}
                </span>
                <strong class="baton-pin-value" class:baton-pin-expired=move || expired.get()>
                    {move || issued.with(|p| p.as_ref().map(|p| p.pin.clone()))}
                </strong>
                <span class="baton-pin-validity">{validity}</span>
            </div>
            <div hidden=shown>
                <super::NicknameField value=name />
            </div>
            {move || error.get().map(|text| view! {
                <p class="baton-field-error" role="alert">{text}</p>
            })}
            <div class="baton-dialog-actions">
                <button
                    type="button"
                    class="baton-button baton-button-primary"
                    node_ref=create_button
                    hidden=shown
                    aria-disabled=move || busy.get().to_string()
                    on:click=create
                >
                    {desk.label(TextKey::AgentInviteCreatePin)}
                </button>
                <button
                    type="button"
                    class="baton-button baton-button-primary"
                    node_ref=copy_button
                    hidden=move || !shown() || expired.get()
                    on:click=copy
                >
                    {desk.label(TextKey::AgentInviteCopy)}
                </button>
                <button
                    type="button"
                    class="baton-button"
                    hidden=move || !shown()
                    aria-disabled=move || busy.get().to_string()
                    on:click=renew
                >
                    {desk.label(TextKey::AgentInviteRenew)}
                </button>
                <button
                    type="button"
                    class="baton-button"
                    hidden=move || !shown()
                    aria-disabled=move || busy.get().to_string()
                    on:click=revoke
                >
                    {desk.label(TextKey::AgentInviteRevoke)}
                </button>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_countdown_reads_minutes_and_seconds() {
        assert_eq!(clock(0), "0:00");
        assert_eq!(clock(5), "0:05");
        assert_eq!(clock(600), "10:00");
        assert_eq!(clock(61), "1:01");
    }

    #[test]
    fn a_pin_is_usable_while_open_and_before_its_expiry() {
        let pin = IssuedPin {
            id: InvitationId::new("i"),
            pin: "123456".into(),
            expires: Some(Timestamp(10_000)),
            state: InvitationState::Open,
        };
        assert!(pin.usable_at(9_999));
        assert!(!pin.usable_at(10_000));
        let revoked = IssuedPin {
            state: InvitationState::Revoked,
            ..pin
        };
        assert!(!revoked.usable_at(0));
    }
}
