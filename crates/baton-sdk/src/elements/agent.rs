//! The agent desk for pages: the custom element `<baton-agent-desk server lang>` (registered
//! by `defineAgentElements()`, which the package's one-line script `baton-agent.js` calls)
//! and `mountAgentDesk(element, options)` for apps that place it themselves.

use baton_widget::{AGENT_STYLES, AgentDesk, DeskOptions};
use leptos::prelude::*;
use serde::Deserialize;
use wasm_bindgen::prelude::*;
use web_sys::{CssStyleSheet, HtmlElement, ShadowRoot};

use super::{MountedWidget, Unmount, adopt_styles, define, mount_in, shadow_root, stylesheet};
use crate::js::optional;

/// The attributes `<baton-agent-desk>` reads (a change re-renders it).
const DESK_ATTRIBUTES: [&str; 2] = ["server", "lang"];

thread_local! {
    /// One constructed stylesheet for every agent component on the page.
    static STYLES: Option<CssStyleSheet> = stylesheet(AGENT_STYLES);
}

/// Registers `<baton-agent-desk>` (once per page).
#[wasm_bindgen(js_name = defineAgentElements)]
pub fn define_agent_elements() {
    define("baton-agent-desk", &DESK_ATTRIBUTES, |host, root| {
        mount_desk(
            &root,
            DeskOptions {
                server: host.get_attribute("server").unwrap_or_default(),
                locale: host.get_attribute("lang").filter(|l| !l.is_empty()),
            },
        )
    });
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
        },
    );
    Ok(MountedWidget {
        unmount: Some(unmount),
    })
}
