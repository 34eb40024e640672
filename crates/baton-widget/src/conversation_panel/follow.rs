//! Following the conversation: whether the reader is at its end (then new entries keep it in
//! view), which entries are news (someone else's messages that arrived after the list was
//! first shown), and how many of them the reader has not scrolled down to yet.
//!
//! Pure decisions over numbers and lists; the panel does the scrolling and the widget the
//! announcing.

use baton_api::wire::baton::{BatonAuthorType, BatonMessage};
use baton_core::id::PersonId;

/// How close to the end, in CSS pixels, still counts as reading the newest entry: a line's
/// worth, so sub-pixel scroll positions and a partly visible last line do not unstick.
const AT_END_SLACK: f64 = 32.0;

/// Whether a scroll area whose content is `scroll_height` tall, scrolled to `scroll_top` and
/// showing `client_height` of it, shows its end.
pub fn at_end(scroll_top: f64, scroll_height: f64, client_height: f64) -> bool {
    scroll_height - scroll_top - client_height <= AT_END_SLACK
}

/// The messages of `after` someone other than `me` wrote that `before` did not hold, in
/// order: what the reader has not seen yet. Conversation events (`SYSTEM`) are not messages.
pub fn fresh<'a>(
    before: &[BatonMessage],
    after: &'a [BatonMessage],
    me: Option<&PersonId>,
) -> Vec<&'a BatonMessage> {
    after
        .iter()
        .filter(|m| {
            m.author_type != BatonAuthorType::System
                && (m.author_person_id.is_none() || m.author_person_id.as_ref() != me)
                && !before.iter().any(|b| b.id == m.id)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use baton_api::wire::Tag;
    use baton_core::Timestamp;
    use baton_core::event::Audience;

    use super::*;

    fn message(id: &str, author_type: BatonAuthorType, author: Option<&str>) -> BatonMessage {
        BatonMessage {
            kind: Tag::new(),
            id: id.into(),
            conversation_id: "c".into(),
            author_type,
            author_person_id: author.map(PersonId::from),
            author_display_name: None,
            text: id.into(),
            text_key: None,
            audience: Audience::Everyone,
            timestamp: Timestamp(0),
        }
    }

    #[test]
    fn the_end_is_in_view_within_a_line() {
        assert!(at_end(680.0, 1000.0, 300.0));
        assert!(at_end(700.0, 1000.0, 300.0));
        assert!(!at_end(600.0, 1000.0, 300.0));
        assert!(at_end(0.0, 200.0, 300.0), "short content is all in view");
    }

    #[test]
    fn news_is_someone_elses_new_message() {
        let me = PersonId::from("vera");
        let before = [message("1", BatonAuthorType::Person, Some("anna"))];
        let after = [
            message("1", BatonAuthorType::Person, Some("anna")),
            message("2", BatonAuthorType::Person, Some("vera")),
            message("3", BatonAuthorType::System, Some("clara")),
            message("4", BatonAuthorType::Person, Some("clara")),
            message("5", BatonAuthorType::Concierge, None),
        ];
        let ids: Vec<&str> = fresh(&before, &after, Some(&me))
            .iter()
            .map(|m| m.id.as_str())
            .collect();
        assert_eq!(ids, ["4", "5"]);
    }
}
