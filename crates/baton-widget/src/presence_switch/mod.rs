//! The signed-in agent's Available / Away switch in the desk's header: a button with the
//! `switch` role, checked while the agent is available, operated by click, Space or Enter; the
//! change is announced in the desk's live region. The server keeps an agent online while a desk
//! is open (presence follows the desk); this switch is the agent's own choice on top of that.
//! Colleagues' pickers and queues follow through the feed's presence changes.
//!
//! The presence itself lives in [`Desk::presence`]; only the control lives here.

use baton_core::directory::PresenceState;
use baton_core::text::TextKey;
use leptos::prelude::*;

use crate::agent_desk::Desk;

/// The switch; shown once the desk knows the agent's own presence.
#[component]
pub fn PresenceSwitch(
    /// Extra classes on the switch.
    #[prop(into, optional)]
    class: MaybeProp<String>,
) -> impl IntoView {
    let desk = Desk::get();
    let busy = RwSignal::new(false);
    let available = move || desk.own_presence() == Some(PresenceState::Online);
    let toggle = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let away = available();
        desk.spawn(async move {
            desk.set_away(away).await;
            busy.set(false);
        });
    };
    move || {
        desk.own_presence().map(|_| {
            view! {
                <button
                    type="button"
                    role="switch"
                    class=move || {
                        format!(
                            "baton-button baton-presence-switch {}",
                            class.get().unwrap_or_default()
                        )
                    }
                    aria-checked=move || available().to_string()
                    aria-disabled=move || busy.get().to_string()
                    on:click=toggle
                >
                    <span class="baton-presence-indicator" aria-hidden="true"></span>
                    {desk.label(TextKey::AgentAvailable)}
                </button>
            }
        })
    }
}
