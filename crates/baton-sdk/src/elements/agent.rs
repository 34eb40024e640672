//! The agent desk for pages: the custom element `<baton-agent-desk server lang
//! service-worker>` (registered by `defineAgentElements()`, which the package's one-line
//! script `baton-agent.js` calls with the package's `agent-sw.js` as the default service
//! worker) and `mountAgentDesk(element, options)` for apps that place it themselves.

use baton_widget::{AGENT_STYLES, AgentDesk, DeskOptions};
use leptos::prelude::*;
use serde::Deserialize;
use wasm_bindgen::prelude::*;
use web_sys::{CssStyleSheet, HtmlElement, ShadowRoot};

use super::{MountedWidget, Unmount, adopt_styles, define, mount_in, shadow_root, stylesheet};
use crate::js::optional;

/// The attributes `<baton-agent-desk>` reads (a change re-renders it).
const DESK_ATTRIBUTES: [&str; 3] = ["server", "lang", "service-worker"];

/// The `service-worker` attribute's value that turns web push off.
const NO_SERVICE_WORKER: &str = "none";

thread_local! {
    /// One constructed stylesheet for every agent component on the page.
    static STYLES: Option<CssStyleSheet> = stylesheet(AGENT_STYLES);
}

/// `defineAgentElements(options)`: what every `<baton-agent-desk>` of the page defaults to.
#[derive(Debug, Default, Deserialize, tsify::Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct AgentElementsOptions {
    /// The agent service worker's URL for desks without a `service-worker` attribute
    /// (`baton-agent.js` passes the package's `agent-sw.js`); none: no web push by default.
    #[serde(default)]
    service_worker: Option<String>,
}

/// Registers `<baton-agent-desk>` (once per page). Its `service-worker` attribute names the
/// agent service worker (same origin as the page), or `none` to offer no notifications.
#[wasm_bindgen(js_name = defineAgentElements)]
pub fn define_agent_elements(
    #[wasm_bindgen(unchecked_optional_param_type = "AgentElementsOptions")] options: Option<
        JsValue,
    >,
) -> Result<(), JsValue> {
    let options: AgentElementsOptions =
        optional(options, "defineAgentElements options").map_err(|r| r.0)?;
    let default_worker = options.service_worker;
    define("baton-agent-desk", &DESK_ATTRIBUTES, move |host, root| {
        let service_worker = match host.get_attribute("service-worker") {
            Some(url) if url == NO_SERVICE_WORKER => None,
            Some(url) if !url.is_empty() => Some(url),
            _ => default_worker.clone(),
        };
        mount_desk(
            &root,
            DeskOptions {
                server: host.get_attribute("server").unwrap_or_default(),
                locale: host.get_attribute("lang").filter(|l| !l.is_empty()),
                service_worker,
            },
        )
    });
    Ok(())
}

fn mount_desk(root: &ShadowRoot, options: DeskOptions) -> Unmount {
    adopt_styles(root, &STYLES);
    mount_in(root, move || view! { <AgentDesk options=options /> })
}

/// `mountAgentDesk(element, options)`: the options of the `<baton-agent-desk>` attributes.
#[derive(Debug, Default, Deserialize, tsify::Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct DeskMountOptions {
    /// The Baton server's URL; the page's own origin when absent.
    #[serde(default)]
    server: Option<String>,
    /// The agent's language; the browser's when absent.
    #[serde(default)]
    locale: Option<String>,
    /// The agent service worker's URL (serve `baton-sdk/agent-sw.js` from the page's
    /// origin); without it the desk offers no notifications.
    #[serde(default)]
    service_worker: Option<String>,
}

/// Renders the agent desk into `element` (in a shadow root of its own, created if the element
/// has none). The agent signs in there, or the session the browser has is resumed.
#[wasm_bindgen(js_name = mountAgentDesk)]
pub fn mount_agent_desk(
    element: HtmlElement,
    #[wasm_bindgen(unchecked_optional_param_type = "DeskMountOptions")] options: Option<JsValue>,
) -> Result<MountedWidget, JsValue> {
    let options: DeskMountOptions = optional(options, "mountAgentDesk options").map_err(|r| r.0)?;
    let root = shadow_root(&element)?;
    let unmount = mount_desk(
        &root,
        DeskOptions {
            server: options.server.unwrap_or_default(),
            locale: options.locale,
            service_worker: options.service_worker,
        },
    );
    Ok(MountedWidget {
        unmount: Some(unmount),
    })
}
