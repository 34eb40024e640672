//! Text properties: what the concierge says and what notifications read, per locale.
//!
//! Keys keep Unblu's names where Unblu has the text (`com.unblu.conversation.message...`);
//! texts Unblu does not name use the `com.baton.` prefix. English, German, French and Italian
//! are built in; a bank overrides any text for any locale through `Config::texts`. Texts are
//! plain strings with `{name}` placeholders; whoever renders them must treat them as text,
//! never as HTML.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The texts the domain produces.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub enum TextKey {
    /// The concierge's question "Invite a deputy?".
    #[serde(rename = "com.unblu.conversation.message.deputyDelegationPromptMessage")]
    DeputyDelegationPromptMessage,
    /// Label of the button that accepts the prompt.
    #[serde(rename = "com.unblu.conversation.message.deputyDelegationPromptReplyAccept")]
    DeputyDelegationPromptReplyAccept,
    /// Label of the button that declines the prompt.
    #[serde(rename = "com.unblu.conversation.message.deputyDelegationPromptReplyDecline")]
    DeputyDelegationPromptReplyDecline,
    /// The message a customer gets when a deputy answers Later.
    #[serde(rename = "com.unblu.conversation.message.invitationRedeemedButWillHandleLater")]
    InvitationRedeemedButWillHandleLater,
    /// Subject of the e-mail telling a deputy about a delegated request.
    #[serde(rename = "com.baton.notification.deputyDelegationEmailSubject")]
    DeputyDelegationEmailSubject,
    /// Body of that e-mail; placeholders `{customer}`, `{agent}`, `{level}`.
    #[serde(rename = "com.baton.notification.deputyDelegationEmailBody")]
    DeputyDelegationEmailBody,
    /// Title of the web push telling a deputy about a delegated request.
    #[serde(rename = "com.baton.notification.deputyDelegationPushTitle")]
    DeputyDelegationPushTitle,
    /// Body of that web push; placeholders `{customer}`, `{agent}`.
    #[serde(rename = "com.baton.notification.deputyDelegationPushBody")]
    DeputyDelegationPushBody,
    /// Subject of the e-mail inviting a customer into a conversation.
    #[serde(rename = "com.baton.notification.visitorInvitationEmailSubject")]
    VisitorInvitationEmailSubject,
    /// Body of that e-mail; placeholders `{inviter}`, `{link}`.
    #[serde(rename = "com.baton.notification.visitorInvitationEmailBody")]
    VisitorInvitationEmailBody,
}

impl TextKey {
    /// Every key, for completeness checks.
    pub const ALL: [TextKey; 10] = [
        TextKey::DeputyDelegationPromptMessage,
        TextKey::DeputyDelegationPromptReplyAccept,
        TextKey::DeputyDelegationPromptReplyDecline,
        TextKey::InvitationRedeemedButWillHandleLater,
        TextKey::DeputyDelegationEmailSubject,
        TextKey::DeputyDelegationEmailBody,
        TextKey::DeputyDelegationPushTitle,
        TextKey::DeputyDelegationPushBody,
        TextKey::VisitorInvitationEmailSubject,
        TextKey::VisitorInvitationEmailBody,
    ];
}

/// Locales with built-in texts; English is the fallback.
pub const BUILT_IN_LOCALES: [&str; 4] = ["en", "de", "fr", "it"];

fn built_in(locale: &str, key: TextKey) -> Option<&'static str> {
    use TextKey::*;
    let text = match (locale, key) {
        ("en", DeputyDelegationPromptMessage) => {
            "Your advisor is unavailable at the moment. Would you like to invite a deputy?"
        }
        ("en", DeputyDelegationPromptReplyAccept) => "Invite a deputy",
        ("en", DeputyDelegationPromptReplyDecline) => "No, thanks",
        ("en", InvitationRedeemedButWillHandleLater) => {
            "Thank you for your message. A deputy of your advisor will get back to you later."
        }
        ("en", DeputyDelegationEmailSubject) => "A customer request needs you",
        ("en", DeputyDelegationEmailBody) => {
            "{customer} is waiting for {agent}, who has not answered. You are a level {level} deputy. Open your queue to accept, decline, ignore or handle it later."
        }
        ("en", DeputyDelegationPushTitle) => "Request for {agent}",
        ("en", DeputyDelegationPushBody) => "{customer} is waiting for an answer.",
        ("en", VisitorInvitationEmailSubject) => "You are invited to a conversation",
        ("en", VisitorInvitationEmailBody) => {
            "{inviter} invites you to a conversation. Open this link to join: {link}"
        }
        ("de", DeputyDelegationPromptMessage) => {
            "Ihre Beraterin oder Ihr Berater ist im Moment nicht erreichbar. Möchten Sie eine Stellvertretung einladen?"
        }
        ("de", DeputyDelegationPromptReplyAccept) => "Stellvertretung einladen",
        ("de", DeputyDelegationPromptReplyDecline) => "Nein, danke",
        ("de", InvitationRedeemedButWillHandleLater) => {
            "Vielen Dank für Ihre Nachricht. Eine Stellvertretung Ihrer Beraterin oder Ihres Beraters meldet sich später bei Ihnen."
        }
        ("de", DeputyDelegationEmailSubject) => "Eine Kundenanfrage braucht Sie",
        ("de", DeputyDelegationEmailBody) => {
            "{customer} wartet auf {agent}, die oder der nicht geantwortet hat. Sie sind Stellvertretung der Stufe {level}. Öffnen Sie Ihre Warteschlange, um anzunehmen, abzulehnen, zu ignorieren oder später zu antworten."
        }
        ("de", DeputyDelegationPushTitle) => "Anfrage für {agent}",
        ("de", DeputyDelegationPushBody) => "{customer} wartet auf eine Antwort.",
        ("de", VisitorInvitationEmailSubject) => "Einladung zu einem Gespräch",
        ("de", VisitorInvitationEmailBody) => {
            "{inviter} lädt Sie zu einem Gespräch ein. Öffnen Sie diesen Link, um teilzunehmen: {link}"
        }
        ("fr", DeputyDelegationPromptMessage) => {
            "Votre conseiller n'est pas disponible pour le moment. Souhaitez-vous inviter un suppléant ?"
        }
        ("fr", DeputyDelegationPromptReplyAccept) => "Inviter un suppléant",
        ("fr", DeputyDelegationPromptReplyDecline) => "Non, merci",
        ("fr", InvitationRedeemedButWillHandleLater) => {
            "Merci pour votre message. Un suppléant de votre conseiller vous recontactera plus tard."
        }
        ("fr", DeputyDelegationEmailSubject) => "Une demande client vous attend",
        ("fr", DeputyDelegationEmailBody) => {
            "{customer} attend {agent}, qui n'a pas répondu. Vous êtes suppléant de niveau {level}. Ouvrez votre file d'attente pour accepter, refuser, ignorer ou traiter plus tard."
        }
        ("fr", DeputyDelegationPushTitle) => "Demande pour {agent}",
        ("fr", DeputyDelegationPushBody) => "{customer} attend une réponse.",
        ("fr", VisitorInvitationEmailSubject) => "Invitation à une conversation",
        ("fr", VisitorInvitationEmailBody) => {
            "{inviter} vous invite à une conversation. Ouvrez ce lien pour la rejoindre : {link}"
        }
        ("it", DeputyDelegationPromptMessage) => {
            "Il suo consulente al momento non è disponibile. Desidera invitare un sostituto?"
        }
        ("it", DeputyDelegationPromptReplyAccept) => "Invita un sostituto",
        ("it", DeputyDelegationPromptReplyDecline) => "No, grazie",
        ("it", InvitationRedeemedButWillHandleLater) => {
            "Grazie per il suo messaggio. Un sostituto del suo consulente la ricontatterà più tardi."
        }
        ("it", DeputyDelegationEmailSubject) => "Una richiesta di un cliente la attende",
        ("it", DeputyDelegationEmailBody) => {
            "{customer} attende {agent}, che non ha risposto. Lei è sostituto di livello {level}. Apra la sua coda per accettare, rifiutare, ignorare o gestire più tardi."
        }
        ("it", DeputyDelegationPushTitle) => "Richiesta per {agent}",
        ("it", DeputyDelegationPushBody) => "{customer} attende una risposta.",
        ("it", VisitorInvitationEmailSubject) => "Invito a una conversazione",
        ("it", VisitorInvitationEmailBody) => {
            "{inviter} la invita a una conversazione. Apra questo link per partecipare: {link}"
        }
        _ => return None,
    };
    Some(text)
}

/// A bank's text overrides: locale -> key -> text. Lookups fall back to the built-in text of
/// the locale's language, then to English.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Texts {
    overrides: BTreeMap<String, BTreeMap<TextKey, String>>,
}

impl Texts {
    /// Overrides one text for one locale.
    pub fn set(&mut self, locale: &str, key: TextKey, text: impl Into<String>) {
        self.overrides
            .entry(locale.to_owned())
            .or_default()
            .insert(key, text.into());
    }

    /// The text for `key` in `locale` (e.g. `de`, `de-CH`): the bank's override if any, else
    /// the built-in text of that language, else English.
    pub fn get(&self, key: TextKey, locale: &str) -> &str {
        let language = locale.split(['-', '_']).next().unwrap_or(locale);
        [locale, language, "en"]
            .into_iter()
            .find_map(|l| {
                self.overrides
                    .get(l)
                    .and_then(|m| m.get(&key))
                    .map(String::as_str)
                    .or_else(|| built_in(l, key))
            })
            .unwrap_or_default()
    }

    /// The text with each `{name}` placeholder replaced by its value.
    pub fn render(&self, key: TextKey, locale: &str, values: &[(&str, &str)]) -> String {
        values
            .iter()
            .fold(self.get(key, locale).to_owned(), |text, (name, value)| {
                text.replace(&format!("{{{name}}}"), value)
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_exists_in_every_built_in_locale() {
        for locale in BUILT_IN_LOCALES {
            for key in TextKey::ALL {
                assert!(
                    built_in(locale, key).is_some_and(|t| !t.is_empty()),
                    "{locale} lacks {key:?}"
                );
            }
        }
    }

    #[test]
    fn a_bank_overrides_a_text_and_regional_locales_fall_back_to_their_language() {
        let mut texts = Texts::default();
        assert!(
            texts
                .get(TextKey::DeputyDelegationPromptReplyAccept, "de-CH")
                .contains("Stellvertretung")
        );
        texts.set(
            "de-CH",
            TextKey::DeputyDelegationPromptReplyAccept,
            "Stellvertretung holen",
        );
        assert_eq!(
            texts.get(TextKey::DeputyDelegationPromptReplyAccept, "de-CH"),
            "Stellvertretung holen"
        );
        assert_eq!(
            texts.get(TextKey::DeputyDelegationPromptReplyAccept, "xx"),
            "Invite a deputy"
        );
    }

    #[test]
    fn placeholders_are_filled_as_plain_text() {
        let texts = Texts::default();
        let body = texts.render(
            TextKey::DeputyDelegationPushBody,
            "en",
            &[("customer", "<b>Vera</b>")],
        );
        assert_eq!(body, "<b>Vera</b> is waiting for an answer.");
    }

    #[test]
    fn overrides_use_unblu_property_names_on_the_wire() {
        let mut texts = Texts::default();
        texts.set("fr", TextKey::DeputyDelegationPromptMessage, "Bonjour");
        let json = serde_json::to_string(&texts).unwrap();
        assert_eq!(
            json,
            r#"{"fr":{"com.unblu.conversation.message.deputyDelegationPromptMessage":"Bonjour"}}"#
        );
    }
}
