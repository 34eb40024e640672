//! What a customer or an agent reads when something fails: each stable error code the server
//! (or the transport) reports becomes one of the widget's texts. Codes, never messages, decide.

use baton_api::client::ApiError;
use baton_api::wire::error::ErrorCode;
use baton_core::text::TextKey;

use crate::texts::Texts;

/// The text for a failed PIN or link redemption.
pub fn redemption(texts: &Texts, error: &ApiError, by_link: bool) -> String {
    let key = match error.code() {
        ErrorCode::PinWrong
        | ErrorCode::NotFound
        | ErrorCode::InvalidInput
        | ErrorCode::MalformedRequest
            if by_link =>
        {
            TextKey::WidgetLinkInvalid
        }
        ErrorCode::PinWrong | ErrorCode::NotFound => TextKey::WidgetPinWrong,
        ErrorCode::PinExpired => TextKey::WidgetPinExpired,
        ErrorCode::PinRevoked => TextKey::WidgetPinRevoked,
        ErrorCode::PinAlreadyUsed => TextKey::WidgetPinAlreadyUsed,
        ErrorCode::TooManyAttempts => {
            let minutes = error
                .retry_after_seconds()
                .unwrap_or(60)
                .div_ceil(60)
                .max(1);
            return texts.render(
                TextKey::WidgetPinTooManyAttempts,
                &[("minutes", &minutes.to_string())],
            );
        }
        _ => return general(texts, error),
    };
    texts.get(key)
}

/// The text for any other failure.
pub fn general(texts: &Texts, error: &ApiError) -> String {
    match error.code() {
        ErrorCode::Network => texts.get(TextKey::WidgetNetworkError),
        _ => texts.get(TextKey::WidgetUnexpectedError),
    }
}

/// The text for an agent action the server refused (forward, reassign, revoke, invite,
/// unassign, transfer): the action's own text for the codes it names in `specific`, else the
/// agent desk's text for the code, else [`general`].
pub fn refusal(texts: &Texts, error: &ApiError, specific: &[(ErrorCode, TextKey)]) -> String {
    let code = error.code();
    if let Some((_, key)) = specific.iter().find(|(c, _)| *c == code) {
        return texts.get(*key);
    }
    let key = match code {
        ErrorCode::NotAllowed => TextKey::AgentRefusedNotAllowed,
        ErrorCode::AlreadyParticipant => TextKey::AgentRefusedAlreadyParticipant,
        ErrorCode::NotParticipant | ErrorCode::NotActive => TextKey::AgentRefusedNotParticipant,
        ErrorCode::NotFound | ErrorCode::NotAnAgent => TextKey::AgentRefusedNotFound,
        ErrorCode::InvitationClosed => TextKey::AgentRefusedClosed,
        ErrorCode::InvalidInput => TextKey::AgentRefusedInvalid,
        ErrorCode::WrongConversationState => TextKey::AgentRefusedState,
        _ => return general(texts, error),
    };
    texts.get(key)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use baton_api::ErrorBody;
    use baton_api::client::TransportError;

    use super::*;

    fn texts() -> Texts {
        let by_key: BTreeMap<String, String> = TextKey::ALL
            .iter()
            .map(|k| (k.name().to_owned(), format!("<{}>", k.name())))
            .collect();
        Texts::new("en".into(), by_key)
    }

    fn refused(code: ErrorCode, retry_after_seconds: Option<u64>) -> ApiError {
        ApiError::Server {
            status: code.status(),
            body: ErrorBody::new(code, "refused"),
            retry_after_seconds,
        }
    }

    #[test]
    fn each_pin_refusal_has_its_own_text() {
        let texts = texts();
        for (code, key) in [
            (ErrorCode::PinWrong, TextKey::WidgetPinWrong),
            (ErrorCode::PinExpired, TextKey::WidgetPinExpired),
            (ErrorCode::PinRevoked, TextKey::WidgetPinRevoked),
            (ErrorCode::PinAlreadyUsed, TextKey::WidgetPinAlreadyUsed),
        ] {
            assert_eq!(
                redemption(&texts, &refused(code, None), false),
                texts.get(key)
            );
        }
        assert_eq!(
            redemption(&texts, &refused(ErrorCode::PinWrong, None), true),
            texts.get(TextKey::WidgetLinkInvalid),
            "a bad link is not a bad PIN"
        );
    }

    #[test]
    fn the_lockout_names_the_wait_in_whole_minutes() {
        let mut texts = BTreeMap::new();
        texts.insert(
            TextKey::WidgetPinTooManyAttempts.name().to_owned(),
            "wait {minutes} min".to_owned(),
        );
        let texts = Texts::new("en".into(), texts);
        let locked =
            |seconds| redemption(&texts, &refused(ErrorCode::TooManyAttempts, seconds), false);
        assert_eq!(locked(Some(61)), "wait 2 min");
        assert_eq!(locked(Some(5)), "wait 1 min");
        assert_eq!(locked(None), "wait 1 min");
    }

    #[test]
    fn no_connection_and_the_unexpected_read_differently() {
        let texts = texts();
        let offline = ApiError::Transport(TransportError::new("offline"));
        assert_eq!(
            general(&texts, &offline),
            texts.get(TextKey::WidgetNetworkError)
        );
        assert_eq!(
            general(&texts, &refused(ErrorCode::Internal, None)),
            texts.get(TextKey::WidgetUnexpectedError)
        );
    }

    #[test]
    fn an_agent_reads_why_the_server_refused_an_action() {
        let texts = texts();
        for (code, key) in [
            (ErrorCode::NotAllowed, TextKey::AgentRefusedNotAllowed),
            (
                ErrorCode::AlreadyParticipant,
                TextKey::AgentRefusedAlreadyParticipant,
            ),
            (ErrorCode::NotActive, TextKey::AgentRefusedNotParticipant),
            (ErrorCode::NotFound, TextKey::AgentRefusedNotFound),
            (ErrorCode::InvitationClosed, TextKey::AgentRefusedClosed),
            (ErrorCode::InvalidInput, TextKey::AgentRefusedInvalid),
            (
                ErrorCode::WrongConversationState,
                TextKey::AgentRefusedState,
            ),
            (ErrorCode::Internal, TextKey::WidgetUnexpectedError),
        ] {
            assert_eq!(
                refusal(&texts, &refused(code, None), &[]),
                texts.get(key),
                "{code}"
            );
        }
    }

    #[test]
    fn an_agent_refusal_names_the_action_then_the_general_rule() {
        let texts = texts();
        let specific = [(
            ErrorCode::WrongConversationState,
            TextKey::AgentUnassignNotAssigned,
        )];
        assert_eq!(
            refusal(
                &texts,
                &refused(ErrorCode::WrongConversationState, None),
                &specific
            ),
            texts.get(TextKey::AgentUnassignNotAssigned)
        );
        assert_eq!(
            refusal(&texts, &refused(ErrorCode::NotAllowed, None), &specific),
            texts.get(TextKey::AgentRefusedNotAllowed)
        );
        assert_eq!(
            refusal(&texts, &refused(ErrorCode::Internal, None), &specific),
            texts.get(TextKey::WidgetUnexpectedError)
        );
    }
}
