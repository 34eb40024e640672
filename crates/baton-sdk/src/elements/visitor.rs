//! The visitor widget for pages: `mount(element, options)` and `mountPinEntry(element,
//! options)` for apps that place it themselves, and `defineElements()`, which registers the
//! custom elements `<baton-visitor>` and `<baton-pin-entry>`.
//!
//! The elements themselves are `js/visitor-launcher.js`: the package's one script
//! `baton-visitor.js` is that module alone, which defines them before any WebAssembly is
//! loaded (a `<baton-visitor launcher>` shows its button and loads this entry on the first
//! open), and `defineElements()` registers the very same definitions with this entry already
//! loaded. So the attributes are read in one place, that module, which turns them into the
//! options of [`mount`]; a launcher, from the element or from `mount(element, { launcher:
//! true })`, is that module's `mountLauncher`, which mounts the widget into its panel through
//! [`mount`] again.

use std::rc::Rc;

use baton_api::client::Client;
use baton_api::client::browser::FetchTransport;
use baton_api::wire::baton::BatonMessage;
use baton_core::text::TextUi;
use baton_widget::texts::Texts;
use baton_widget::{PinEntry, VISITOR_STYLES, VisitorOptions, VisitorWidget};
use js_sys::{Function, Object, Promise, Reflect};
use leptos::prelude::*;
use serde::Deserialize;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{CssStyleSheet, CustomEvent, CustomEventInit, HtmlElement, ShadowRoot};

use super::{MountedWidget, Unmount, adopt_styles, mount_in, shadow_root, stylesheet};
use crate::js::optional;

#[wasm_bindgen(module = "/js/visitor-launcher.js")]
extern "C" {
    #[wasm_bindgen(js_name = defineVisitorElements)]
    fn define_visitor_elements(load: &Function);

    /// A launcher, its button and panel in `element`'s shadow root: `{ update, unmount }`.
    #[wasm_bindgen(js_name = mountLauncher)]
    fn mount_launcher(element: &HtmlElement, options: &JsValue, load: &Function) -> JsValue;
}

/// Registers `<baton-visitor>` and `<baton-pin-entry>` (once per page; a page that loaded
/// `baton-visitor.js` has them already).
#[wasm_bindgen(js_name = defineElements)]
pub fn define_elements() {
    LOADED.with(define_visitor_elements);
}

thread_local! {
    /// One constructed stylesheet for every visitor widget on the page.
    static STYLES: Option<CssStyleSheet> = stylesheet(VISITOR_STYLES);

    /// What `js/visitor-launcher.js` calls to load the widget, when this entry is loaded
    /// already: `() => Promise.resolve({ mount, mountPinEntry })`.
    static LOADED: Function = loaded();
}

fn loaded() -> Function {
    type MountFn = dyn Fn(HtmlElement, JsValue) -> Result<JsValue, JsValue>;
    let api = Object::new();
    let mount = Closure::<MountFn>::new(|element, options| {
        mount(element, Some(options)).map(JsValue::from)
    });
    let mount_pin = Closure::<MountFn>::new(|element, options| {
        mount_pin_entry(element, Some(options)).map(JsValue::from)
    });
    let _ = Reflect::set(&api, &"mount".into(), &mount.into_js_value());
    let _ = Reflect::set(&api, &"mountPinEntry".into(), &mount_pin.into_js_value());
    let api = JsValue::from(api);
    Closure::<dyn Fn() -> Promise>::new(move || Promise::resolve(&api))
        .into_js_value()
        .unchecked_into()
}

fn mount_visitor(host: HtmlElement, root: &ShadowRoot, options: VisitorOptions) -> Unmount {
    adopt_styles(root, &STYLES);
    mount_in(root, move || {
        let on_message = Callback::new(move |message: BatonMessage| announce(&host, &message));
        view! { <VisitorWidget options=options on_message=on_message /> }
    })
}

fn render_pin_entry(
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
    dispatch(host, "baton-joined", &detail);
}

/// Tells the page (and a launcher) that someone else's message arrived: a `baton-message`
/// event on the element with its id and author type, never its text.
fn announce(host: &HtmlElement, message: &BatonMessage) {
    let detail = Object::new();
    let _ = Reflect::set(&detail, &"messageId".into(), &message.id.as_str().into());
    let author_type = serde_json::to_value(message.author_type)
        .ok()
        .and_then(|value| value.as_str().map(str::to_owned))
        .unwrap_or_default();
    let _ = Reflect::set(&detail, &"authorType".into(), &author_type.into());
    dispatch(host, "baton-message", &detail);
}

/// Dispatches a bubbling `name` event that leaves the shadow roots it is in (`composed`).
fn dispatch(host: &HtmlElement, name: &str, detail: &Object) {
    let init = CustomEventInit::new();
    init.set_detail(detail);
    init.set_bubbles(true);
    init.set_composed(true);
    if let Ok(event) = CustomEvent::new_with_event_init_dict(name, &init) {
        let _ = host.dispatch_event(&event);
    }
}

/// When a launcher loads the widget before its first open.
#[derive(Debug, Default, Clone, Copy, Deserialize, tsify::Tsify)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Preload {
    /// On the first open (or at once when the panel was open before a reload in this tab).
    #[default]
    None,
    /// As soon as the browser is idle.
    Idle,
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
    /// A button ("Chat with your advisor", with the count of messages that arrived while
    /// closed) that opens the widget in a panel, instead of the widget itself.
    #[serde(default)]
    launcher: bool,
    /// The launcher's label instead of the server's `com.baton.widget.launcherOpen`.
    #[serde(default)]
    #[allow(dead_code, reason = "read by js/visitor-launcher.js, checked here")]
    text: Option<String>,
    /// `"idle"`: a launcher loads the widget when the browser is idle, not on the first open.
    #[serde(default)]
    #[allow(dead_code, reason = "read by js/visitor-launcher.js, checked here")]
    preload: Preload,
}

/// Renders the visitor widget into `element` (in a shadow root of its own, created if the
/// element has none), or with `launcher: true` the launcher that opens it.
#[wasm_bindgen]
pub fn mount(
    element: HtmlElement,
    #[wasm_bindgen(unchecked_optional_param_type = "MountOptions")] options: Option<JsValue>,
) -> Result<MountedWidget, JsValue> {
    let raw = options.clone().unwrap_or(JsValue::UNDEFINED);
    let options: MountOptions = optional(options, "mount options").map_err(|r| r.0)?;
    if options.launcher {
        let launcher = LOADED.with(|load| mount_launcher(&element, &raw, load));
        let unmount = Reflect::get(&launcher, &"unmount".into())?.dyn_into::<Function>()?;
        return Ok(MountedWidget {
            unmount: Some(Unmount(Box::new(move || {
                let _ = unmount.call0(&launcher);
            }))),
        });
    }
    let root = shadow_root(&element)?;
    let unmount = mount_visitor(
        element,
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

/// `mountPinEntry(element, options)`: the options of the `<baton-pin-entry>` attributes.
#[derive(Debug, Default, Deserialize, tsify::Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct PinEntryOptions {
    /// The Baton server's URL; the page's own origin when absent.
    #[serde(default)]
    server: Option<String>,
    /// The invitee's language; the browser's when absent.
    #[serde(default)]
    locale: Option<String>,
}

/// Renders the PIN entry into `element` (in a shadow root of its own): an invitee types the
/// PIN their advisor gave them; once it is accepted the element fires `baton-joined`
/// (`detail.conversationId`) and the browser has a visitor session for `mount` to resume.
#[wasm_bindgen(js_name = mountPinEntry)]
pub fn mount_pin_entry(
    element: HtmlElement,
    #[wasm_bindgen(unchecked_optional_param_type = "PinEntryOptions")] options: Option<JsValue>,
) -> Result<MountedWidget, JsValue> {
    let options: PinEntryOptions = optional(options, "mountPinEntry options").map_err(|r| r.0)?;
    let root = shadow_root(&element)?;
    let unmount = render_pin_entry(
        element,
        &root,
        options.server.unwrap_or_default(),
        options.locale,
    );
    Ok(MountedWidget {
        unmount: Some(unmount),
    })
}
