//! "Notify me on this device": the desk's control for web push on this browser. Off, it is
//! one button that asks for the browser's permission, registers the agent service worker
//! and subscribes (`POST /baton/v1/push/subscriptions`); on, it says so and offers a test
//! notification and turning it off. A browser that refuses notifications gets the reason,
//! one that cannot show them gets no control at all. Every change is announced in the desk's
//! live region.
//!
//! The browser's APIs are called through `js/device_push.js`; the server through the desk's
//! client. Notifications themselves are the service worker's (`baton-sdk/agent-sw.js`).

use baton_api::wire::push::BatonPushSubscriptionBody;
use baton_core::text::TextKey;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

use crate::agent_desk::Desk;

#[wasm_bindgen(module = "/js/device_push.js")]
extern "C" {
    #[wasm_bindgen(js_name = pushPermission)]
    fn push_permission() -> String;
    #[wasm_bindgen(js_name = currentSubscription, catch)]
    async fn current_subscription(worker: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch)]
    async fn subscribe(
        worker: &str,
        desk: &str,
        vapid_public_key: &str,
    ) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch)]
    async fn unsubscribe(worker: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = onOpenRequest)]
    fn on_open_request(open: &Closure<dyn Fn(String)>);
}

/// Where web push stands on this browser.
#[derive(Clone, Debug, PartialEq, Eq)]
enum DevicePush {
    /// Not known yet, or a change is under way.
    Busy,
    /// The browser shows no notifications (or the desk opted out): no control.
    Unsupported,
    /// Not subscribed.
    Off,
    /// The agent blocked notifications for the site.
    Blocked,
    /// Subscribed as this device of the agent's.
    On(String),
}

/// The endpoint of a subscription's JSON text.
fn parse(json: &JsValue) -> Option<BatonPushSubscriptionBody> {
    serde_json::from_str(&json.as_string()?).ok()
}

/// The control; renders nothing where the browser cannot show notifications.
#[component]
pub fn DeviceNotifications(
    /// Extra classes on the control's group.
    #[prop(into, optional)]
    class: MaybeProp<String>,
) -> impl IntoView {
    let desk = Desk::get();
    let state = RwSignal::new(DevicePush::Busy);
    let worker = desk.service_worker();
    // Where this browser stands: subscribed and known to the server (a subscription the
    // server lost, say after the desk was signed in as someone else, is sent again).
    let check = move |worker: String| async move {
        if push_permission() == "denied" {
            return DevicePush::Blocked;
        }
        let Some(subscription) = current_subscription(&worker)
            .await
            .ok()
            .as_ref()
            .and_then(parse)
        else {
            return DevicePush::Off;
        };
        let client = desk.client();
        let known = client.push_subscriptions().await.unwrap_or_default();
        match known.iter().find(|d| d.endpoint == subscription.endpoint) {
            Some(device) => DevicePush::On(device.id.clone()),
            None => match client
                .push_subscribe(&with_locale(desk, subscription))
                .await
            {
                Ok(device) => DevicePush::On(device.id),
                Err(_) => DevicePush::Off,
            },
        }
    };
    match worker.clone() {
        Some(worker) if push_permission() != "unsupported" => {
            desk.spawn(async move { state.set(check(worker).await) });
            let open = Closure::<dyn Fn(String)>::new(move |conversation: String| {
                desk.spawn(desk.open_from_notification(conversation));
            });
            on_open_request(&open);
            // The listener lives as long as the page.
            open.forget();
        }
        _ => state.set(DevicePush::Unsupported),
    }
    let turn_on = move |_| {
        let Some(worker) = worker.clone() else { return };
        if state.get_untracked() == DevicePush::Busy {
            return;
        }
        state.set(DevicePush::Busy);
        desk.spawn(async move {
            let next = enable(desk, &worker).await;
            desk.announce(match next {
                DevicePush::On(_) => TextKey::AgentPushOn,
                DevicePush::Blocked => TextKey::AgentPushBlocked,
                _ => TextKey::AgentPushFailed,
            });
            state.set(next);
        });
    };
    let turn_off = move |_| {
        let DevicePush::On(id) = state.get_untracked() else {
            return;
        };
        let Some(worker) = desk.service_worker() else {
            return;
        };
        state.set(DevicePush::Busy);
        desk.spawn(async move {
            // The server forgets the device even if the browser's unsubscription fails.
            let _ = unsubscribe(&worker).await;
            match desk.client().push_unsubscribe(&id).await {
                Ok(()) => {
                    desk.announce(TextKey::AgentPushOff);
                    state.set(DevicePush::Off);
                }
                Err(e) => {
                    desk.status.set(desk.failure(&e));
                    state.set(DevicePush::On(id));
                }
            }
        });
    };
    let test = move |_| {
        let DevicePush::On(id) = state.get_untracked() else {
            return;
        };
        desk.spawn(async move {
            match desk.client().push_test(&id).await {
                Ok(()) => desk.announce(TextKey::AgentPushTestSent),
                Err(e) => desk.status.set(desk.failure(&e)),
            }
        });
    };
    let classes = move || {
        format!(
            "baton-device-notifications {}",
            class.get().unwrap_or_default()
        )
    };
    move || {
        match state.get() {
        DevicePush::Unsupported => None,
        DevicePush::On(_) => Some(
            view! {
                <div class=classes role="group" aria-label=desk.label(TextKey::AgentPushOn)>
                    <span class="baton-device-notifications-on">{desk.label(TextKey::AgentPushOn)}</span>
                    <button type="button" class="baton-button" on:click=test>
                        {desk.label(TextKey::AgentPushTest)}
                    </button>
                    <button type="button" class="baton-button" on:click=turn_off>
                        {desk.label(TextKey::AgentPushDisable)}
                    </button>
                </div>
            }
            .into_any(),
        ),
        DevicePush::Blocked => Some(
            view! {
                <p class=classes>{desk.label(TextKey::AgentPushBlocked)}</p>
            }
            .into_any(),
        ),
        busy_or_off => Some(
            view! {
                <div class=classes>
                    <button
                        type="button"
                        class="baton-button"
                        aria-disabled=(busy_or_off == DevicePush::Busy).to_string()
                        on:click=turn_on.clone()
                    >
                        {desk.label(TextKey::AgentPushEnable)}
                    </button>
                </div>
            }
            .into_any(),
        ),
    }
    }
}

/// Asks, registers, subscribes and tells the server; where that leaves this browser.
async fn enable(desk: Desk, worker: &str) -> DevicePush {
    let Ok(key) = desk.client().push_vapid_public_key().await else {
        return DevicePush::Off;
    };
    let subscribed = subscribe(worker, &desk_url(), &key.public_key).await;
    let subscription = match subscribed {
        Ok(json) => parse(&json),
        Err(_) if push_permission() == "denied" => return DevicePush::Blocked,
        Err(_) => None,
    };
    let Some(subscription) = subscription else {
        return DevicePush::Off;
    };
    match desk
        .client()
        .push_subscribe(&with_locale(desk, subscription))
        .await
    {
        Ok(device) => DevicePush::On(device.id),
        Err(_) => DevicePush::Off,
    }
}

/// The subscription, its notifications in the desk's language.
fn with_locale(
    desk: Desk,
    mut subscription: BatonPushSubscriptionBody,
) -> BatonPushSubscriptionBody {
    subscription.locale = Some(desk.texts.get_untracked().locale().to_owned());
    subscription
}

/// This page without its fragment: where the service worker opens the desk.
fn desk_url() -> String {
    web_sys::window()
        .and_then(|w| w.location().href().ok())
        .map(|href| href.split('#').next().unwrap_or_default().to_owned())
        .unwrap_or_default()
}
