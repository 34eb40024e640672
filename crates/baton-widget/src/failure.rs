//! What a customer reads when something fails: each stable error code the server (or the
//! transport) reports becomes one of the widget's texts. Codes, never messages, decide.

use baton_api::client::ApiError;
use baton_core::text::TextKey;

use crate::texts::Texts;

/// The text for a failed PIN or link redemption.
pub fn redemption(texts: &Texts, error: &ApiError, by_link: bool) -> String {
    let key = match error.code() {
        "PIN_WRONG" | "NOT_FOUND" | "INVALID_INPUT" | "MALFORMED_REQUEST" if by_link => {
            TextKey::WidgetLinkInvalid
        }
        "PIN_WRONG" | "NOT_FOUND" => TextKey::WidgetPinWrong,
        "PIN_EXPIRED" => TextKey::WidgetPinExpired,
        "PIN_REVOKED" => TextKey::WidgetPinRevoked,
        "PIN_ALREADY_USED" => TextKey::WidgetPinAlreadyUsed,
        "TOO_MANY_ATTEMPTS" => {
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
        baton_api::client::error::NETWORK => texts.get(TextKey::WidgetNetworkError),
        _ => texts.get(TextKey::WidgetUnexpectedError),
    }
}
