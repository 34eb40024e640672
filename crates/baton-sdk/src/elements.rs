//! The visitor widget for pages: the custom elements `<baton-visitor>` and
//! `<baton-pin-entry>` (registered by `defineElements()`, which the package's one-line script
//! `baton-visitor.js` calls) and `mount(element, options)` for apps that place it themselves.
//!
//! Each renders `baton-widget`'s components in an open shadow root with the widget's
//! stylesheet adopted there, so the bank's CSS and the widget's cannot touch each other;
//! `--baton-*` custom properties set on the element theme it. Removing the element unmounts
//! it, which cancels its work and closes its live feed.

use std::rc::Rc;

use baton_api::client::Client;
use baton_api::client::browser::FetchTransport;
use baton_widget::texts::Texts;
use baton_widget::{PinEntry, VISITOR_STYLES, VisitorOptions, VisitorWidget};
use js_sys::{Array, Object, Reflect};
use leptos::prelude::*;
use serde::Deserialize;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{CssStyleSheet, CustomEvent, CustomEventInit, HtmlElement, ShadowRoot};

use crate::error::Rejection;
use crate::js::optional;

#[wasm_bindgen(module = "/js/elements.js")]
extern "C" {
    #[wasm_bindgen(js_name = defineElement)]
    fn define_element(name: &str, attributes: Array, mount: &JsValue);
}

/// The attributes `<baton-visitor>` reads (a change re-renders it).
const VISITOR_ATTRIBUTES: [&str; 5] = ["server", "token-url", "join-link", "lang", "conversation"];
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

fn define(name: &str, attributes: &[&str], mount: fn(HtmlElement, ShadowRoot) -> Unmount) {
    let attributes: Array = attributes.iter().map(|a| JsValue::from_str(a)).collect();
    let mount = Closure::<dyn Fn(HtmlElement, ShadowRoot) -> JsValue>::new(move |host, root| {
        mount(host, root).into_function()
    });
    define_element(name, attributes, &mount.into_js_value());
}

fn visitor_options(host: &HtmlElement) -> VisitorOptions {
    VisitorOptions {
        server: host.get_attribute("server").unwrap_or_default(),
        token_url: host.get_attribute("token-url").filter(|u| !u.is_empty()),
        join_link: host.has_attribute("join-link"),
        locale: host.get_attribute("lang").filter(|l| !l.is_empty()),
        conversation: host.get_attribute("conversation").filter(|c| !c.is_empty()),
    }
}

/// Undoes a mount: drops the Leptos view, which runs its cleanups.
struct Unmount(Box<dyn FnOnce()>);

impl Unmount {
    fn into_function(self) -> JsValue {
        Closure::once_into_js(move || (self.0)())
    }
}

thread_local! {
    /// One constructed stylesheet for every widget on the page.
    static STYLES: Option<CssStyleSheet> = CssStyleSheet::new()
        .ok()
        .filter(|sheet| sheet.replace_sync(VISITOR_STYLES).is_ok());
}

/// Adopts the widget's stylesheet in `root` (allowed under `style-src 'self'`, unlike a
/// `<style>` element).
fn adopt_styles(root: &ShadowRoot) {
    STYLES.with(|sheet| {
        if let Some(sheet) = sheet {
            root.set_adopted_style_sheets(&Array::of1(sheet));
        }
    });
}

fn mount_visitor(root: &ShadowRoot, options: VisitorOptions) -> Unmount {
    adopt_styles(root);
    let target: HtmlElement = root.clone().unchecked_into();
    let handle =
        leptos::mount::mount_to(target, move || view! { <VisitorWidget options=options /> });
    Unmount(Box::new(move || drop(handle)))
}

fn mount_pin_entry(
    host: HtmlElement,
    root: &ShadowRoot,
    server: String,
    locale: Option<String>,
) -> Unmount {
    adopt_styles(root);
    let target: HtmlElement = root.clone().unchecked_into();
    let handle = leptos::mount::mount_to(target, move || {
        let client = Rc::new(Client::anonymous(FetchTransport::new(server)));
        let texts = RwSignal::new(Texts::default());
        {
            let client = Rc::clone(&client);
            leptos::task::spawn_local_scoped_with_cancellation(async move {
                let locale = locale.or_else(|| web_sys::window()?.navigator().language());
                if let Ok(loaded) = client.texts(locale.as_deref()).await {
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
    });
    Unmount(Box::new(move || drop(handle)))
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
}

/// A mounted widget; `unmount()` removes it.
#[wasm_bindgen]
pub struct MountedWidget {
    unmount: Option<Unmount>,
}

#[wasm_bindgen]
impl MountedWidget {
    /// Removes the widget (its work stops, its live feed closes).
    pub fn unmount(&mut self) {
        if let Some(unmount) = self.unmount.take() {
            (unmount.0)();
        }
    }
}

/// Renders the visitor widget into `element` (in a shadow root of its own, created if the
/// element has none).
#[wasm_bindgen]
pub fn mount(
    element: HtmlElement,
    #[wasm_bindgen(unchecked_optional_param_type = "MountOptions")] options: Option<JsValue>,
) -> Result<MountedWidget, JsValue> {
    let options: MountOptions = optional(options, "mount options").map_err(|r| r.0)?;
    let root = match element.shadow_root() {
        Some(root) => root,
        None => element
            .attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open))
            .map_err(|e| Rejection::invalid_input(&format!("no shadow root: {e:?}")).0)?,
    };
    let unmount = mount_visitor(
        &root,
        VisitorOptions {
            server: options.server.unwrap_or_default(),
            token_url: options.token_url,
            join_link: options.join_link,
            locale: options.locale,
            conversation: options.conversation,
        },
    );
    Ok(MountedWidget {
        unmount: Some(unmount),
    })
}
