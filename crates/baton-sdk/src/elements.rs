//! Baton's components for pages: custom elements (each renders into an open shadow root
//! with its stylesheet adopted there, so the host page's CSS and the component's cannot
//! touch each other; `--baton-*` custom properties set on the element theme it) and `mount`
//! functions for apps that place them themselves. Removing an element unmounts it, which
//! cancels its work and closes its live feed.
//!
//! The life cycle shared by the agent desk's elements lives here (`js/elements.js`);
//! [`agent`] holds the agent desk's elements, [`visitor`] the visitor widget's, whose life
//! cycle is `js/visitor-launcher.js`: it defines them before any WebAssembly is loaded.

#[cfg(feature = "desk")]
mod agent;
#[cfg(feature = "widget")]
mod visitor;

use js_sys::Array;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{CssStyleSheet, HtmlElement, ShadowRoot};

use crate::error::Rejection;

#[cfg(feature = "desk")]
#[wasm_bindgen(module = "/js/elements.js")]
extern "C" {
    #[wasm_bindgen(js_name = defineElement)]
    fn define_element(name: &str, attributes: Array, mount: &JsValue);
}

/// Registers the custom element `name` (once per page): `mount` renders it into its shadow
/// root, again whenever one of `attributes` changes.
#[cfg(feature = "desk")]
fn define(
    name: &str,
    attributes: &[&str],
    mount: impl Fn(HtmlElement, ShadowRoot) -> Unmount + 'static,
) {
    let attributes: Array = attributes.iter().map(|a| JsValue::from_str(a)).collect();
    let mount = Closure::<dyn Fn(HtmlElement, ShadowRoot) -> JsValue>::new(move |host, root| {
        mount(host, root).into_function()
    });
    define_element(name, attributes, &mount.into_js_value());
}

/// Undoes a mount: drops the Leptos view, which runs its cleanups.
struct Unmount(Box<dyn FnOnce()>);

impl Unmount {
    #[cfg(feature = "desk")]
    fn into_function(self) -> JsValue {
        Closure::once_into_js(move || (self.0)())
    }
}

/// Adopts `sheet` in `root` (allowed under `style-src 'self'`, unlike a `<style>` element).
fn adopt_styles(root: &ShadowRoot, sheet: &'static std::thread::LocalKey<Option<CssStyleSheet>>) {
    sheet.with(|sheet| {
        if let Some(sheet) = sheet {
            root.set_adopted_style_sheets(&Array::of1(sheet));
        }
    });
}

/// A constructed stylesheet holding `css`, or `None` where the browser has none.
fn stylesheet(css: &str) -> Option<CssStyleSheet> {
    CssStyleSheet::new()
        .ok()
        .filter(|sheet| sheet.replace_sync(css).is_ok())
}

/// `element`'s shadow root, attached (open) if it has none.
fn shadow_root(element: &HtmlElement) -> Result<ShadowRoot, JsValue> {
    match element.shadow_root() {
        Some(root) => Ok(root),
        None => element
            .attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open))
            .map_err(|e| Rejection::invalid_input(&format!("no shadow root: {e:?}")).0),
    }
}

/// Renders `view` into `root` until unmounted.
fn mount_in<V: leptos::prelude::IntoView + 'static>(
    root: &ShadowRoot,
    view: impl FnOnce() -> V + 'static,
) -> Unmount {
    let target: HtmlElement = root.clone().unchecked_into();
    let handle = leptos::mount::mount_to(target, view);
    Unmount(Box::new(move || drop(handle)))
}

/// A mounted component; `unmount()` removes it.
#[wasm_bindgen]
pub struct MountedWidget {
    unmount: Option<Unmount>,
}

#[wasm_bindgen]
impl MountedWidget {
    /// Removes the component (its work stops, its live feed closes).
    pub fn unmount(&mut self) {
        if let Some(unmount) = self.unmount.take() {
            (unmount.0)();
        }
    }
}
