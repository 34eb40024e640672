//! What the desk's credential forms (sign-in, password change) share: a password field whose
//! refusal is linked to it, and a submission that runs once at a time and shows its refusal
//! next to the form. What each form sends, and what a refusal says, is the form's.

use std::future::Future;

use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::{Desk, ids};

/// A form's submission: at most one on its way, its refusal shown under the form.
#[derive(Clone, Copy, Debug)]
pub struct Submission {
    /// Whether one is on its way (the submit button says so with `aria-disabled`).
    pub busy: RwSignal<bool>,
    /// The text of the last refusal, until the next submission.
    pub error: RwSignal<Option<String>>,
}

impl Submission {
    /// Nothing sent yet.
    pub fn new() -> Self {
        Self {
            busy: RwSignal::new(false),
            error: RwSignal::new(None),
        }
    }

    /// Handles the form's `submit`: runs `send` unless a submission is on its way, and shows
    /// its `Err` text.
    pub fn submit<F>(self, desk: Desk, event: &SubmitEvent, send: impl FnOnce() -> F)
    where
        F: Future<Output = Result<(), String>> + 'static,
    {
        event.prevent_default();
        if self.busy.get_untracked() {
            return;
        }
        self.busy.set(true);
        self.error.set(None);
        let sent = send();
        desk.spawn(async move {
            if let Err(reason) = sent.await {
                self.error.set(Some(reason));
            }
            self.busy.set(false);
        });
    }
}

impl Default for Submission {
    fn default() -> Self {
        Self::new()
    }
}

/// The refusal of a [`Submission`], announced and linked to the field it is about by `id`.
#[component]
pub fn SubmissionError(
    /// The submission.
    submission: Submission,
    /// The id the field's `aria-describedby` names.
    id: String,
) -> impl IntoView {
    move || {
        submission.error.get().map(|text| {
            view! { <p class="baton-field-error" id=id.clone() role="alert">{text}</p> }
        })
    }
}

/// A labelled password input bound to `value`; with `refused`, it is marked invalid and
/// described by the refusal while one is shown.
#[component]
pub fn PasswordField(
    /// The field's label.
    #[prop(into)]
    label: Signal<String>,
    /// The browser's autofill hint: `current-password` or `new-password`.
    autocomplete: &'static str,
    /// What was typed.
    value: RwSignal<String>,
    /// The submission whose refusal is about this field, and the refusal's id.
    #[prop(optional)]
    refused: Option<(Submission, String)>,
) -> impl IntoView {
    let id = ids::unique("password");
    let (invalid, described) = match refused {
        Some((submission, error_id)) => (
            Signal::derive(move || submission.error.get().is_some()),
            Signal::derive(move || submission.error.get().map(|_| error_id.clone())),
        ),
        None => (Signal::stored(false), Signal::stored(None)),
    };
    view! {
        <label for=id.clone()>{move || label.get()}</label>
        <input
            id=id
            type="password"
            autocomplete=autocomplete
            required
            aria-invalid=move || invalid.get().to_string()
            aria-describedby=move || described.get()
            prop:value=move || value.get()
            on:input=move |ev| value.set(event_target_value(&ev))
        />
    }
}
