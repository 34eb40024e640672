//! The modal every agent dialog is built on: a native `<dialog>` opened with `showModal()`,
//! so the browser traps focus inside it, Escape closes it and focus returns to the control
//! that opened it. Its title and description are linked by unique ids
//! (`aria-labelledby` / `aria-describedby`). What the dialog contains, and what it sends, is
//! the caller's. [`ActionDialog`] is an action's button opening one with fresh content each
//! time, [`DialogActions`] the Cancel + action footer, and [`focus_soon`] moves the focus to a
//! control that replaces the one used.

use leptos::html;
use leptos::prelude::*;

use crate::ids;

/// Focuses `target` once the DOM shows it: a control that appears in place of the one just
/// used (which the change hid) takes the focus, so a keyboard user is not dropped to `<body>`.
pub fn focus_soon(target: NodeRef<html::Button>) {
    request_animation_frame(move || {
        if let Some(button) = target.get_untracked() {
            let _ = button.focus();
        }
    });
}

/// A modal dialog, shown while `open` is true.
#[component]
pub fn Dialog(
    /// Extra classes on the `<dialog>`.
    #[prop(into, optional)]
    class: MaybeProp<String>,
    /// Whether the dialog is shown.
    #[prop(into)]
    open: Signal<bool>,
    /// The dialog's title (its accessible name).
    #[prop(into)]
    title: Signal<String>,
    /// A sentence saying what the dialog does (its accessible description), if any.
    #[prop(into, optional)]
    description: MaybeProp<String>,
    /// The label of the close button.
    #[prop(into)]
    close_label: Signal<String>,
    /// Called when the dialog closes by itself: Escape or the close button. The caller then
    /// sets `open` to false.
    on_close: Callback<()>,
    /// The dialog's content.
    children: Children,
) -> impl IntoView {
    let title_id = ids::unique("dialog-title");
    let description_id = ids::unique("dialog-description");
    let dialog = NodeRef::<html::Dialog>::new();
    Effect::new(move |_| {
        let open = open.get();
        let Some(dialog) = dialog.get() else { return };
        if open && !dialog.open() {
            let _ = dialog.show_modal();
        } else if !open && dialog.open() {
            dialog.close();
        }
    });
    let described = {
        let description_id = description_id.clone();
        move || description.get().map(|_| description_id.clone())
    };
    view! {
        <dialog
            class=move || format!("baton-dialog {}", class.get().unwrap_or_default())
            node_ref=dialog
            aria-labelledby=title_id.clone()
            aria-describedby=described
            on:close=move |_| {
                if open.get_untracked() {
                    on_close.run(());
                }
            }
        >
            <div class="baton-dialog-header">
                <h2 class="baton-dialog-title" id=title_id.clone()>{move || title.get()}</h2>
                <button
                    type="button"
                    class="baton-button baton-dialog-close"
                    on:click=move |_| on_close.run(())
                >
                    {move || close_label.get()}
                </button>
            </div>
            {move || description.get().map(|text| view! {
                <p class="baton-dialog-description" id=description_id.clone()>{text}</p>
            })}
            {children()}
        </dialog>
    }
}

/// An action's button and the dialog it opens. The dialog's content, `panel` (given what
/// closes the dialog), is mounted only while the dialog is open, so each opening starts
/// afresh: no old choice, no old error, the directory read anew.
#[component]
pub fn ActionDialog<P, V>(
    /// Extra classes on the button.
    #[prop(into, optional)]
    class: MaybeProp<String>,
    /// The button's label.
    #[prop(into)]
    label: Signal<String>,
    /// The class of the `<dialog>`.
    dialog_class: &'static str,
    /// The dialog's title.
    #[prop(into)]
    title: Signal<String>,
    /// What the dialog does, if it says so.
    #[prop(into, optional)]
    description: MaybeProp<String>,
    /// The label of the dialog's close button.
    #[prop(into)]
    close_label: Signal<String>,
    /// The dialog's content, given the callback that closes the dialog.
    panel: P,
) -> impl IntoView
where
    P: Fn(Callback<()>) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let open = RwSignal::new(false);
    let close = Callback::new(move |()| open.set(false));
    view! {
        <button
            type="button"
            class=move || format!("baton-button {}", class.get().unwrap_or_default())
            aria-haspopup="dialog"
            on:click=move |_| open.set(true)
        >
            {move || label.get()}
        </button>
        <Dialog
            class=dialog_class
            open=open
            title=title
            description=description
            close_label=close_label
            on_close=close
        >
            {move || open.get().then(|| panel(close))}
        </Dialog>
    }
}

/// A dialog's footer: Cancel, then the dialog's one action. While the action is on its way
/// (`busy`) the button does nothing and says so with `aria-disabled`, keeping its focus, so a
/// double click sends nothing twice.
#[component]
pub fn DialogActions(
    /// The Cancel button's label.
    #[prop(into)]
    cancel_label: Signal<String>,
    /// Called by Cancel.
    on_cancel: Callback<()>,
    /// The action button's label.
    #[prop(into)]
    label: Signal<String>,
    /// Whether the action is on its way.
    #[prop(into)]
    busy: Signal<bool>,
    /// Called by the action button; without it the button submits the dialog's form.
    #[prop(optional)]
    on_action: Option<Callback<()>>,
    /// The id of the error the action caused, while one is shown.
    #[prop(into, optional)]
    described_by: MaybeProp<String>,
) -> impl IntoView {
    view! {
        <div class="baton-dialog-actions">
            <button type="button" class="baton-button" on:click=move |_| on_cancel.run(())>
                {move || cancel_label.get()}
            </button>
            <button
                type=if on_action.is_some() { "button" } else { "submit" }
                class="baton-button baton-button-primary"
                aria-disabled=move || busy.get().to_string()
                aria-describedby=move || described_by.get()
                on:click=move |_| {
                    if let Some(action) = on_action {
                        action.run(());
                    }
                }
            >
                {move || label.get()}
            </button>
        </div>
    }
}
