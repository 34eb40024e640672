//! Change password: a button in the desk's header and the dialog with the current and the new
//! password. The server checks the current one (its guesses count like sign-in attempts) and
//! ends every session of the agent, this one too; the desk then shows the sign-in form and
//! says why. A refused current password is shown next to its field, which keeps the focus.
//! Nothing else lives here.

use baton_api::wire::error::ErrorCode;
use baton_core::text::TextKey;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::credentials::{PasswordField, Submission, SubmissionError};
use crate::dialog::{ActionDialog, DialogActions};
use crate::{Desk, failure, ids};

/// The refusals changing a password has words of its own for.
const REFUSALS: [(ErrorCode, TextKey); 1] =
    [(ErrorCode::NotAllowed, TextKey::AgentCurrentPasswordWrong)];

/// The "Change password" button and its dialog.
#[component]
pub fn ChangePasswordAction(
    /// Extra classes on the button.
    #[prop(into, optional)]
    class: MaybeProp<String>,
) -> impl IntoView {
    let desk = Desk::get();
    view! {
        <ActionDialog
            class=class
            label=desk.label(TextKey::AgentChangePassword)
            dialog_class="baton-password-dialog"
            title=desk.label(TextKey::AgentChangePassword)
            description=desk.label(TextKey::AgentChangePasswordDescription)
            close_label=desk.label(TextKey::AgentClose)
            panel=|close| view! { <PasswordForm on_close=close /> }
        />
    }
}

/// The two fields and the dialog's actions.
#[component]
fn PasswordForm(
    /// Closes the dialog.
    on_close: Callback<()>,
) -> impl IntoView {
    let desk = Desk::get();
    let error_id = ids::unique("password-error");
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let submission = Submission::new();
    // On success the session is over: the desk replaces its header, this dialog with it.
    let on_submit = move |ev: SubmitEvent| {
        submission.submit(desk, &ev, || async move {
            desk.change_password(current.get_untracked(), new.get_untracked())
                .await
                .map_err(|e| failure::refusal(&desk.texts.get_untracked(), &e, &REFUSALS))
        });
    };
    view! {
        <form class="baton-password-form" on:submit=on_submit>
            <PasswordField
                label=desk.label(TextKey::AgentCurrentPassword)
                autocomplete="current-password"
                value=current
                refused=(submission, error_id.clone())
            />
            <PasswordField
                label=desk.label(TextKey::AgentNewPassword)
                autocomplete="new-password"
                value=new
            />
            <SubmissionError submission=submission id=error_id />
            <DialogActions
                cancel_label=desk.label(TextKey::AgentCancel)
                on_cancel=on_close
                label=desk.label(TextKey::AgentChangePassword)
                busy=submission.busy
            />
        </form>
    }
}
