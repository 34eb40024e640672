//! The composer: the message field and Send. The field grows with its text (up to a few
//! lines, then scrolls), tells how it sends (Enter, or Ctrl+Enter where Enter starts a new
//! line), and shows the characters left near the server's limit. It keeps the text until it
//! went out and sends nothing twice: while a message is on its way Send does nothing
//! (`aria-disabled`) but keeps its focus, which a `disabled` button would drop to the page's
//! `<body>`.

use baton_core::decide::MAX_MESSAGE;
use baton_core::text::TextKey;
use leptos::ev::{KeyboardEvent, SubmitEvent};
use leptos::prelude::*;

use crate::ids;
use crate::texts::Texts;

/// From how many characters left the count is shown.
const SHOW_LEFT_FROM: usize = 500;
/// The field's height in lines: never less, and no more before it scrolls.
const LINES: (usize, usize) = (2, 6);

/// The characters left before `text` reaches the limit, once few enough to show.
pub fn characters_left(text: &str) -> Option<usize> {
    let left = MAX_MESSAGE.saturating_sub(text.chars().count());
    (left <= SHOW_LEFT_FROM).then_some(left)
}

/// The field's height in lines for `text` (where the browser cannot size it to its content).
pub fn lines(text: &str) -> usize {
    (text.lines().count() + usize::from(text.ends_with('\n'))).clamp(LINES.0, LINES.1)
}

/// The message field and Send.
#[component]
pub fn Composer(
    /// The widget's texts.
    #[prop(into)]
    texts: Signal<Texts>,
    /// Called with the text to send.
    on_send: Callback<String>,
    /// Whether a message is being sent (Send waits).
    #[prop(into)]
    sending: Signal<bool>,
    /// Enter starts a new line and Ctrl+Enter (⌘+Enter) sends, instead of Enter sending and
    /// Shift+Enter starting a new line.
    #[prop(into)]
    newline_on_enter: Signal<bool>,
    /// The message field, for the caller to move focus to.
    field: NodeRef<leptos::html::Textarea>,
) -> impl IntoView {
    let input_id = ids::unique("message");
    let hint_id = ids::unique("message-hint");
    let left_id = ids::unique("message-left");
    let (draft, set_draft) = signal(String::new());

    let send = move || {
        let text = draft.get_untracked();
        let too_long = text.chars().count() > MAX_MESSAGE;
        if text.trim().is_empty() || too_long || sending.get_untracked() {
            return;
        }
        set_draft.set(String::new());
        on_send.run(text);
    };
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        send();
    };
    let on_keydown = move |ev: KeyboardEvent| {
        // An input method composing a word owns Enter.
        if ev.key() != "Enter" || ev.is_composing() {
            return;
        }
        let sends = if newline_on_enter.get_untracked() {
            ev.ctrl_key() || ev.meta_key()
        } else {
            !ev.shift_key()
        };
        if sends {
            ev.prevent_default();
            send();
        }
    };
    let hint = move || {
        texts.get().get(if newline_on_enter.get() {
            TextKey::WidgetComposerHintCtrlEnter
        } else {
            TextKey::WidgetComposerHintEnter
        })
    };
    let left = move || {
        characters_left(&draft.get()).map(|left| {
            texts.get().render(
                TextKey::WidgetCharactersLeft,
                &[("count", &left.to_string())],
            )
        })
    };
    let described_by = {
        let (hint_id, left_id) = (hint_id.clone(), left_id.clone());
        move || format!("{hint_id} {left_id}")
    };

    view! {
        <form class="baton-composer" on:submit=on_submit>
            <label for=input_id.clone()>{move || texts.get().get(TextKey::WidgetMessageLabel)}</label>
            <textarea
                node_ref=field
                id=input_id
                rows=move || lines(&draft.get()).to_string()
                maxlength=MAX_MESSAGE.to_string()
                aria-describedby=described_by
                prop:value=move || draft.get()
                on:input=move |ev| set_draft.set(event_target_value(&ev))
                on:keydown=on_keydown
            ></textarea>
            <p class="baton-composer-hint" id=hint_id>{hint}</p>
            <p class="baton-composer-left" id=left_id>{left}</p>
            <button
                type="submit"
                class="baton-button baton-button-primary"
                aria-disabled=move || sending.get().to_string()
            >
                {move || texts.get().get(TextKey::WidgetSend)}
            </button>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_count_shows_near_the_limit_only() {
        assert_eq!(characters_left("hello"), None);
        assert_eq!(characters_left(&"x".repeat(MAX_MESSAGE - 500)), Some(500));
        assert_eq!(
            characters_left(&"é".repeat(MAX_MESSAGE)),
            Some(0),
            "characters, not bytes"
        );
        assert_eq!(characters_left(&"x".repeat(MAX_MESSAGE + 3)), Some(0));
    }

    #[test]
    fn the_field_grows_with_its_lines_within_bounds() {
        assert_eq!(lines(""), 2);
        assert_eq!(lines("a\nb\nc"), 3);
        assert_eq!(lines("a\nb\nc\n"), 4, "a new line just started counts");
        assert_eq!(lines(&"a\n".repeat(20)), 6);
    }
}
