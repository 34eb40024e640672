//! The visitor widget for pages: the custom elements `<baton-visitor>` and
//! `<baton-pin-entry>` (registered by `defineElements()`, which the package's one-line script
//! `baton-visitor.js` calls) and `mount(element, options)` for apps that place it themselves.

use std::rc::Rc;

use baton_api::client::Client;
use baton_api::client::browser::FetchTransport;
use baton_core::text::TextUi;
use baton_widget::texts::Texts;
use baton_widget::{PinEntry, VISITOR_STYLES, VisitorOptions, VisitorWidget};
use js_sys::{Object, Reflect};
use leptos::prelude::*;
use serde::Deserialize;
use wasm_bindgen::prelude::*;
use web_sys::{CssStyleSheet, CustomEvent, CustomEventInit, HtmlElement, ShadowRoot};

use super::{MountedWidget, Unmount, adopt_styles, define, mount_in, shadow_root, stylesheet};
use crate::js::optional;

/// The attributes `<baton-visitor>` reads (a change re-renders it).
const VISITOR_ATTRIBUTES: [&str; 6] = [
    "server",
    "token-url",
    "join-link",
    "lang",
    "conversation",
    "newline-on-enter",
];
/// The attributes `<baton-pin-entry>` reads.
const PIN_ATTRIBUTES: [&str; 2] = ["server", "lang"];

/// Registers `<baton-visitor>` and `<baton-pin-entry>` (once per page).
#[wasm_bindgen(js_name = defineElements)]
pub fn define_elements() {
    define("baton-visitor", &VISITOR_ATTRIBUTES, |host, root| {
        mount_visitor(&root, visitor_options(&host))
    });
    define("baton-pin-entry", &PIN_ATTRIBUTES, |host, root| {
        let server = host.get_attribute("server").unwrap_or_default();
        let locale = host.get_attribute("lang");
        mount_pin_entry(host, &root, server, locale)
    });
}

fn visitor_options(host: &HtmlElement) -> VisitorOptions {
    VisitorOptions {
        server: host.get_attribute("server").unwrap_or_default(),
        token_url: host.get_attribute("token-url").filter(|u| !u.is_empty()),
        join_link: host.has_attribute("join-link"),
        locale: host.get_attribute("lang").filter(|l| !l.is_empty()),
        conversation: host.get_attribute("conversation").filter(|c| !c.is_empty()),
        newline_on_enter: host.has_attribute("newline-on-enter"),
    }
}

thread_local! {
    /// One constructed stylesheet for every visitor widget on the page.
    static STYLES: Option<CssStyleSheet> = stylesheet(VISITOR_STYLES);
}

fn mount_visitor(root: &ShadowRoot, options: VisitorOptions) -> Unmount {
    adopt_styles(root, &STYLES);
    mount_in(root, move || view! { <VisitorWidget options=options /> })
}

fn mount_pin_entry(
    host: HtmlElement,
    root: &ShadowRoot,
    server: String,
    locale: Option<String>,
) -> Unmount {
    adopt_styles(root, &STYLES);
    mount_in(root, move || {
        let client = Rc::new(Client::anonymous(FetchTransport::new(server)));
        let texts = RwSignal::new(Texts::default());
        {
            let client = Rc::clone(&client);
            leptos::task::spawn_local_scoped_with_cancellation(async move {
                let locale = locale.or_else(|| web_sys::window()?.navigator().language());
                if let Ok(loaded) = client.texts(locale.as_deref(), Some(TextUi::Visitor)).await {
                    texts.set(Texts::new(loaded.locale, loaded.texts));
                }
            });
        }
        let on_joined =
            Callback::new(move |conversation: String| announce_joined(&host, &conversation));
        view! {
            <div class="baton-widget">
                <PinEntry client=client texts=texts on_joined=on_joined />
            </div>
        }
    })
}

/// Tells the page a PIN joined `conversation`: a `baton-joined` event on the element.
fn announce_joined(host: &HtmlElement, conversation: &str) {
    let detail = Object::new();
    let _ = Reflect::set(&detail, &"conversationId".into(), &conversation.into());
    let init = CustomEventInit::new();
    init.set_detail(&detail);
    init.set_bubbles(true);
    init.set_composed(true);
    if let Ok(event) = CustomEvent::new_with_event_init_dict("baton-joined", &init) {
        let _ = host.dispatch_event(&event);
    }
}

/// `mount(element, options)`: the options of the `<baton-visitor>` attributes, camelCase.
#[derive(Debug, Default, Deserialize, tsify::Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct MountOptions {
    /// The Baton server's URL; the page's own origin when absent.
    #[serde(default)]
    server: Option<String>,
    /// The bank's endpoint answering the signed-in customer's JWT (`{"token": "…"}`).
    #[serde(default)]
    token_url: Option<String>,
    /// Join with the e-mail invitation link in the page's address.
    #[serde(default)]
    join_link: bool,
    /// The customer's language; the browser's when absent.
    #[serde(default)]
    locale: Option<String>,
    /// The conversation to open; the customer's first when absent.
    #[serde(default)]
    conversation: Option<String>,
    /// Enter starts a new line in the message field and Ctrl+Enter sends (else Enter sends).
    #[serde(default)]
    newline_on_enter: bool,
}

/// Renders the visitor widget into `element` (in a shadow root of its own, created if the
/// element has none).
#[wasm_bindgen]
pub fn mount(
    element: HtmlElement,
    #[wasm_bindgen(unchecked_optional_param_type = "MountOptions")] options: Option<JsValue>,
) -> Result<MountedWidget, JsValue> {
    let options: MountOptions = optional(options, "mount options").map_err(|r| r.0)?;
    let root = shadow_root(&element)?;
    let unmount = mount_visitor(
        &root,
        VisitorOptions {
            server: options.server.unwrap_or_default(),
            token_url: options.token_url,
            join_link: options.join_link,
            locale: options.locale,
            conversation: options.conversation,
            newline_on_enter: options.newline_on_enter,
        },
    );
    Ok(MountedWidget {
        unmount: Some(unmount),
    })
}
