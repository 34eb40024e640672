//! The concierge's "Invite a deputy?" (seed 001): the question and its two answers as the
//! server rendered them in the customer's language, and a visible countdown to the moment
//! the server cancels an unanswered prompt (`promptDeputyTimeoutInSeconds`). Answering is the
//! caller's (`on_answer`); while an answer is on its way the buttons do nothing (and say so
//! with `aria-disabled`), so a double click sends nothing twice. They stay focusable: a
//! `disabled` button would drop the keyboard user's focus to the page's `<body>`.

use std::time::Duration;

use baton_api::wire::baton::BatonPrompt;
use baton_core::text::TextKey;
use leptos::prelude::*;

use crate::ids;
use crate::texts::Texts;

/// The prompt, while one is open.
#[component]
pub fn DeputyPrompt(
    /// Extra classes on the prompt's root.
    #[prop(into, optional)]
    class: MaybeProp<String>,
    /// The open prompt, `None` when there is none.
    #[prop(into)]
    prompt: Signal<Option<BatonPrompt>>,
    /// Seconds left until the server cancels the prompt, counted down by the caller's clock.
    #[prop(into)]
    seconds_left: Signal<u64>,
    /// The widget's texts.
    #[prop(into)]
    texts: Signal<Texts>,
    /// Called with `true` for "invite a deputy", `false` for "no, thanks".
    on_answer: Callback<bool>,
    /// Whether an answer is being sent (the buttons wait).
    #[prop(into)]
    answering: Signal<bool>,
) -> impl IntoView {
    let question_id = ids::unique("prompt-question");
    let countdown_id = ids::unique("prompt-countdown");
    let answer = move |accept: bool| {
        if !answering.get_untracked() {
            on_answer.run(accept);
        }
    };
    move || {
        let prompt = prompt.get()?;
        let class = format!("baton-prompt {}", class.get().unwrap_or_default());
        let countdown = move || {
            let seconds = seconds_left.get().to_string();
            texts
                .get()
                .render(TextKey::WidgetPromptCountdown, &[("seconds", &seconds)])
        };
        Some(view! {
            <div
                class=class
                role="group"
                aria-labelledby=question_id.clone()
                aria-describedby=countdown_id.clone()
            >
                <p class="baton-prompt-question" id=question_id.clone()>
                    {prompt.text.clone()}
                </p>
                <div class="baton-prompt-answers">
                    <button
                        type="button"
                        class="baton-button baton-button-primary"
                        aria-disabled=move || answering.get().to_string()
                        on:click=move |_| answer(true)
                    >
                        {prompt.accept_label.clone()}
                    </button>
                    <button
                        type="button"
                        class="baton-button"
                        aria-disabled=move || answering.get().to_string()
                        on:click=move |_| answer(false)
                    >
                        {prompt.decline_label.clone()}
                    </button>
                </div>
                <p class="baton-prompt-countdown" id=countdown_id.clone()>
                    {countdown}
                </p>
            </div>
        })
    }
}

/// Whole seconds from `now` (Unix ms, the browser's clock) until `prompt` expires, never more
/// than the prompt's own lifetime (so a fast browser clock cannot lengthen it).
pub fn seconds_left(prompt: &BatonPrompt, now_millis: i64) -> u64 {
    let lifetime = prompt.expires_at.0.saturating_sub(prompt.offered_at.0);
    let left = prompt
        .expires_at
        .0
        .saturating_sub(now_millis)
        .clamp(0, lifetime.max(0));
    u64::try_from(left).map_or(0, |ms| ms.div_ceil(1000))
}

/// How often the countdown ticks.
pub const TICK: Duration = Duration::from_secs(1);

#[cfg(test)]
mod tests {
    use baton_api::wire::Tag;
    use baton_core::Timestamp;

    use super::*;

    fn prompt(offered_at: i64, expires_at: i64) -> BatonPrompt {
        BatonPrompt {
            kind: Tag::new(),
            prompt_id: "p".into(),
            conversation_id: "c".into(),
            text: "Invite a deputy?".into(),
            accept_label: "Yes".into(),
            decline_label: "No".into(),
            offered_at: Timestamp(offered_at),
            expires_at: Timestamp(expires_at),
        }
    }

    #[test]
    fn the_countdown_rounds_up_and_ends_at_zero() {
        let p = prompt(0, 120_000);
        assert_eq!(seconds_left(&p, 0), 120);
        assert_eq!(seconds_left(&p, 119_001), 1);
        assert_eq!(seconds_left(&p, 120_000), 0);
        assert_eq!(seconds_left(&p, 500_000), 0);
    }

    #[test]
    fn a_browser_clock_behind_the_server_never_lengthens_the_prompt() {
        let p = prompt(1_000_000, 1_006_000);
        assert_eq!(
            seconds_left(&p, 0),
            6,
            "capped at the prompt's own lifetime"
        );
    }
}
