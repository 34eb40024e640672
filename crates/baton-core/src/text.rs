//! Text properties: what the concierge says, what notifications read and every string the
//! visitor widget shows, per locale.
//!
//! Keys keep Unblu's names where Unblu has the text (`com.unblu.conversation.message...`);
//! texts Unblu does not name use the `com.baton.` prefix. English, German, French and Italian
//! are built in; a bank overrides any text for any locale through `Config::texts`. Texts are
//! plain strings with `{name}` placeholders; whoever renders them must treat them as text,
//! never as HTML.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Declares [`TextKey`] from one list, so that each key's property name is written once and
/// [`TextKey::ALL`] cannot miss a key.
macro_rules! text_keys {
    ($($(#[$doc:meta])* $name:literal => $key:ident,)+) => {
        /// The texts the domain produces and the visitor widget shows.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[cfg_attr(feature = "ts", derive(tsify::Tsify))]
        pub enum TextKey {
            $($(#[$doc])* #[serde(rename = $name)] $key,)+
        }

        impl TextKey {
            /// Every key, for completeness checks and for serving them all.
            pub const ALL: &'static [TextKey] = &[$(TextKey::$key),+];

            /// The text property's name, as on the wire and in `[texts.<locale>]`.
            pub fn name(self) -> &'static str {
                match self {
                    $(TextKey::$key => $name,)+
                }
            }
        }
    };
}

text_keys! {
    /// The concierge's question "Invite a deputy?".
    "com.unblu.conversation.message.deputyDelegationPromptMessage" => DeputyDelegationPromptMessage,
    /// Label of the button that accepts the prompt.
    "com.unblu.conversation.message.deputyDelegationPromptReplyAccept" => DeputyDelegationPromptReplyAccept,
    /// Label of the button that declines the prompt.
    "com.unblu.conversation.message.deputyDelegationPromptReplyDecline" => DeputyDelegationPromptReplyDecline,
    /// The message a customer gets when a deputy answers Later.
    "com.unblu.conversation.message.invitationRedeemedButWillHandleLater" => InvitationRedeemedButWillHandleLater,
    /// Subject of the e-mail telling a deputy about a delegated request.
    "com.baton.notification.deputyDelegationEmailSubject" => DeputyDelegationEmailSubject,
    /// Body of that e-mail; placeholders `{customer}`, `{agent}`, `{level}`.
    "com.baton.notification.deputyDelegationEmailBody" => DeputyDelegationEmailBody,
    /// Title of the web push telling a deputy about a delegated request.
    "com.baton.notification.deputyDelegationPushTitle" => DeputyDelegationPushTitle,
    /// Body of that web push; placeholders `{customer}`, `{agent}`.
    "com.baton.notification.deputyDelegationPushBody" => DeputyDelegationPushBody,
    /// Subject of the e-mail inviting a customer into a conversation.
    "com.baton.notification.visitorInvitationEmailSubject" => VisitorInvitationEmailSubject,
    /// Body of that e-mail; placeholders `{inviter}`, `{link}`.
    "com.baton.notification.visitorInvitationEmailBody" => VisitorInvitationEmailBody,
    /// Widget: heading of the conversation view.
    "com.baton.widget.conversationTitle" => WidgetConversationTitle,
    /// Widget: label of the message field.
    "com.baton.widget.messageLabel" => WidgetMessageLabel,
    /// Widget: the send button.
    "com.baton.widget.send" => WidgetSend,
    /// Widget: heading of the list of participants.
    "com.baton.widget.present" => WidgetPresent,
    /// Widget: the visitor's own name as an author.
    "com.baton.widget.you" => WidgetYou,
    /// Widget: the author name of concierge messages.
    "com.baton.widget.concierge" => WidgetConcierge,
    /// Widget: shown while a conversation has no messages.
    "com.baton.widget.noMessages" => WidgetNoMessages,
    /// Widget: the event feed dropped and is reconnecting.
    "com.baton.widget.connectionLost" => WidgetConnectionLost,
    /// Widget: the event feed is back.
    "com.baton.widget.connectionRestored" => WidgetConnectionRestored,
    /// Widget: time left on the deputy prompt; placeholder `{seconds}`.
    "com.baton.widget.promptCountdown" => WidgetPromptCountdown,
    /// Widget: the deputy prompt timed out unanswered.
    "com.baton.widget.promptCancelled" => WidgetPromptCancelled,
    /// Widget: the visitor accepted the prompt; placeholder `{level}`.
    "com.baton.widget.promptAccepted" => WidgetPromptAccepted,
    /// Widget: the visitor declined the prompt.
    "com.baton.widget.promptDeclined" => WidgetPromptDeclined,
    /// Widget: a deputy joined; placeholder `{name}`.
    "com.baton.widget.deputyJoined" => WidgetDeputyJoined,
    /// Widget: heading of the PIN entry.
    "com.baton.widget.pinTitle" => WidgetPinTitle,
    /// Widget: label of the PIN field.
    "com.baton.widget.pinLabel" => WidgetPinLabel,
    /// Widget: hint below the PIN field.
    "com.baton.widget.pinHint" => WidgetPinHint,
    /// Widget: the button that redeems the PIN.
    "com.baton.widget.pinJoin" => WidgetPinJoin,
    /// Widget: the PIN was redeemed.
    "com.baton.widget.pinJoined" => WidgetPinJoined,
    /// Widget: the PIN is wrong (`PIN_WRONG`).
    "com.baton.widget.pinWrong" => WidgetPinWrong,
    /// Widget: the PIN expired.
    "com.baton.widget.pinExpired" => WidgetPinExpired,
    /// Widget: the PIN was revoked.
    "com.baton.widget.pinRevoked" => WidgetPinRevoked,
    /// Widget: the PIN was redeemed before.
    "com.baton.widget.pinAlreadyUsed" => WidgetPinAlreadyUsed,
    /// Widget: the attempt limit was reached; placeholder `{minutes}`.
    "com.baton.widget.pinTooManyAttempts" => WidgetPinTooManyAttempts,
    /// Widget: an invitation link is being redeemed.
    "com.baton.widget.linkJoining" => WidgetLinkJoining,
    /// Widget: the invitation link is wrong, expired or used.
    "com.baton.widget.linkInvalid" => WidgetLinkInvalid,
    /// Widget: the server could not be reached.
    "com.baton.widget.networkError" => WidgetNetworkError,
    /// Widget: any other failure.
    "com.baton.widget.unexpectedError" => WidgetUnexpectedError,
    /// Widget: the bank's sign-in token was refused.
    "com.baton.widget.signInFailed" => WidgetSignInFailed,
}

/// Locales with built-in texts; English is the fallback.
pub const BUILT_IN_LOCALES: [&str; 4] = ["en", "de", "fr", "it"];

/// The language of a locale tag (`de-CH` and `de_CH` → `de`).
fn language(locale: &str) -> &str {
    locale.split(['-', '_']).next().unwrap_or(locale)
}

/// The built-in locale whose texts answer for `locale` where the bank overrides nothing: its
/// language if built in (`de-CH` → `de`), else English.
pub fn built_in_locale(locale: &str) -> &'static str {
    let language = language(locale);
    BUILT_IN_LOCALES
        .into_iter()
        .find(|l| *l == language)
        .unwrap_or("en")
}

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
        ("en", WidgetConversationTitle) => "Your conversation",
        ("en", WidgetMessageLabel) => "Message",
        ("en", WidgetSend) => "Send",
        ("en", WidgetPresent) => "In this conversation",
        ("en", WidgetYou) => "You",
        ("en", WidgetConcierge) => "Assistant",
        ("en", WidgetNoMessages) => "No messages yet.",
        ("en", WidgetConnectionLost) => "Connection lost. Reconnecting…",
        ("en", WidgetConnectionRestored) => "Connected again.",
        ("en", WidgetPromptCountdown) => "{seconds} seconds left to answer",
        ("en", WidgetPromptCancelled) => {
            "The question has expired. Write again if you still need help."
        }
        ("en", WidgetPromptAccepted) => "We are asking your advisor's deputies (level {level}).",
        ("en", WidgetPromptDeclined) => "Understood. Your advisor will answer as soon as possible.",
        ("en", WidgetDeputyJoined) => "{name} has joined the conversation.",
        ("en", WidgetPinTitle) => "Join a conversation",
        ("en", WidgetPinLabel) => "PIN",
        ("en", WidgetPinHint) => "The PIN your advisor gave you",
        ("en", WidgetPinJoin) => "Join",
        ("en", WidgetPinJoined) => "You have joined the conversation.",
        ("en", WidgetPinWrong) => "This PIN is not valid. Please check it and try again.",
        ("en", WidgetPinExpired) => "This PIN has expired. Please ask your advisor for a new one.",
        ("en", WidgetPinRevoked) => {
            "This PIN has been withdrawn. Please ask your advisor for a new one."
        }
        ("en", WidgetPinAlreadyUsed) => "This PIN has already been used.",
        ("en", WidgetPinTooManyAttempts) => {
            "Too many attempts. Please wait {minutes} min before trying again."
        }
        ("en", WidgetLinkJoining) => "Joining the conversation…",
        ("en", WidgetLinkInvalid) => "This invitation link is not valid.",
        ("en", WidgetNetworkError) => "No connection to the server. Please try again.",
        ("en", WidgetUnexpectedError) => "Something went wrong. Please try again.",
        ("en", WidgetSignInFailed) => "We could not sign you in. Please reload the page.",
        ("de", WidgetConversationTitle) => "Ihr Gespräch",
        ("de", WidgetMessageLabel) => "Nachricht",
        ("de", WidgetSend) => "Senden",
        ("de", WidgetPresent) => "In diesem Gespräch",
        ("de", WidgetYou) => "Sie",
        ("de", WidgetConcierge) => "Assistent",
        ("de", WidgetNoMessages) => "Noch keine Nachrichten.",
        ("de", WidgetConnectionLost) => {
            "Verbindung unterbrochen. Die Verbindung wird wiederhergestellt…"
        }
        ("de", WidgetConnectionRestored) => "Wieder verbunden.",
        ("de", WidgetPromptCountdown) => "Noch {seconds} Sekunden, um zu antworten",
        ("de", WidgetPromptCancelled) => {
            "Die Frage ist abgelaufen. Schreiben Sie uns erneut, wenn Sie weiterhin Hilfe benötigen."
        }
        ("de", WidgetPromptAccepted) => {
            "Wir fragen die Stellvertretungen Ihrer Beraterin oder Ihres Beraters an (Stufe {level})."
        }
        ("de", WidgetPromptDeclined) => {
            "Verstanden. Ihre Beraterin oder Ihr Berater antwortet Ihnen so bald wie möglich."
        }
        ("de", WidgetDeputyJoined) => "{name} nimmt jetzt am Gespräch teil.",
        ("de", WidgetPinTitle) => "An einem Gespräch teilnehmen",
        ("de", WidgetPinLabel) => "PIN",
        ("de", WidgetPinHint) => {
            "Die PIN, die Sie von Ihrer Beraterin oder Ihrem Berater erhalten haben"
        }
        ("de", WidgetPinJoin) => "Teilnehmen",
        ("de", WidgetPinJoined) => "Sie nehmen jetzt am Gespräch teil.",
        ("de", WidgetPinWrong) => {
            "Diese PIN ist ungültig. Bitte prüfen Sie sie und versuchen Sie es erneut."
        }
        ("de", WidgetPinExpired) => {
            "Diese PIN ist abgelaufen. Bitte fragen Sie Ihre Beraterin oder Ihren Berater nach einer neuen."
        }
        ("de", WidgetPinRevoked) => {
            "Diese PIN wurde zurückgezogen. Bitte fragen Sie Ihre Beraterin oder Ihren Berater nach einer neuen."
        }
        ("de", WidgetPinAlreadyUsed) => "Diese PIN wurde bereits verwendet.",
        ("de", WidgetPinTooManyAttempts) => {
            "Zu viele Versuche. Bitte warten Sie {minutes} Min., bevor Sie es erneut versuchen."
        }
        ("de", WidgetLinkJoining) => "Sie werden mit dem Gespräch verbunden…",
        ("de", WidgetLinkInvalid) => "Dieser Einladungslink ist ungültig.",
        ("de", WidgetNetworkError) => "Keine Verbindung zum Server. Bitte versuchen Sie es erneut.",
        ("de", WidgetUnexpectedError) => {
            "Ein Fehler ist aufgetreten. Bitte versuchen Sie es erneut."
        }
        ("de", WidgetSignInFailed) => {
            "Wir konnten Sie nicht anmelden. Bitte laden Sie die Seite neu."
        }
        ("fr", WidgetConversationTitle) => "Votre conversation",
        ("fr", WidgetMessageLabel) => "Message",
        ("fr", WidgetSend) => "Envoyer",
        ("fr", WidgetPresent) => "Dans cette conversation",
        ("fr", WidgetYou) => "Vous",
        ("fr", WidgetConcierge) => "Assistant",
        ("fr", WidgetNoMessages) => "Aucun message pour l'instant.",
        ("fr", WidgetConnectionLost) => "Connexion perdue. Reconnexion en cours…",
        ("fr", WidgetConnectionRestored) => "Connexion rétablie.",
        ("fr", WidgetPromptCountdown) => "Il reste {seconds} secondes pour répondre",
        ("fr", WidgetPromptCancelled) => {
            "La question a expiré. Écrivez-nous à nouveau si vous avez encore besoin d'aide."
        }
        ("fr", WidgetPromptAccepted) => {
            "Nous contactons les suppléants de votre conseiller (niveau {level})."
        }
        ("fr", WidgetPromptDeclined) => {
            "C'est noté. Votre conseiller vous répondra dès que possible."
        }
        ("fr", WidgetDeputyJoined) => "{name} a rejoint la conversation.",
        ("fr", WidgetPinTitle) => "Rejoindre une conversation",
        ("fr", WidgetPinLabel) => "Code PIN",
        ("fr", WidgetPinHint) => "Le code PIN que votre conseiller vous a communiqué",
        ("fr", WidgetPinJoin) => "Rejoindre",
        ("fr", WidgetPinJoined) => "Vous avez rejoint la conversation.",
        ("fr", WidgetPinWrong) => {
            "Ce code PIN n'est pas valable. Veuillez le vérifier et réessayer."
        }
        ("fr", WidgetPinExpired) => {
            "Ce code PIN a expiré. Veuillez en demander un nouveau à votre conseiller."
        }
        ("fr", WidgetPinRevoked) => {
            "Ce code PIN a été retiré. Veuillez en demander un nouveau à votre conseiller."
        }
        ("fr", WidgetPinAlreadyUsed) => "Ce code PIN a déjà été utilisé.",
        ("fr", WidgetPinTooManyAttempts) => {
            "Trop de tentatives. Veuillez patienter {minutes} min avant de réessayer."
        }
        ("fr", WidgetLinkJoining) => "Connexion à la conversation…",
        ("fr", WidgetLinkInvalid) => "Ce lien d'invitation n'est pas valable.",
        ("fr", WidgetNetworkError) => "Pas de connexion au serveur. Veuillez réessayer.",
        ("fr", WidgetUnexpectedError) => "Une erreur s'est produite. Veuillez réessayer.",
        ("fr", WidgetSignInFailed) => {
            "Nous n'avons pas pu vous connecter. Veuillez recharger la page."
        }
        ("it", WidgetConversationTitle) => "La sua conversazione",
        ("it", WidgetMessageLabel) => "Messaggio",
        ("it", WidgetSend) => "Invia",
        ("it", WidgetPresent) => "In questa conversazione",
        ("it", WidgetYou) => "Lei",
        ("it", WidgetConcierge) => "Assistente",
        ("it", WidgetNoMessages) => "Ancora nessun messaggio.",
        ("it", WidgetConnectionLost) => "Connessione persa. Riconnessione in corso…",
        ("it", WidgetConnectionRestored) => "Connessione ripristinata.",
        ("it", WidgetPromptCountdown) => "Restano {seconds} secondi per rispondere",
        ("it", WidgetPromptCancelled) => {
            "La domanda è scaduta. Ci scriva di nuovo se ha ancora bisogno di aiuto."
        }
        ("it", WidgetPromptAccepted) => {
            "Stiamo contattando i sostituti del suo consulente (livello {level})."
        }
        ("it", WidgetPromptDeclined) => {
            "Va bene. Il suo consulente le risponderà il prima possibile."
        }
        ("it", WidgetDeputyJoined) => "{name} partecipa ora alla conversazione.",
        ("it", WidgetPinTitle) => "Partecipare a una conversazione",
        ("it", WidgetPinLabel) => "PIN",
        ("it", WidgetPinHint) => "Il PIN che le ha comunicato il suo consulente",
        ("it", WidgetPinJoin) => "Partecipa",
        ("it", WidgetPinJoined) => "Ora partecipa alla conversazione.",
        ("it", WidgetPinWrong) => {
            "Questo PIN non è valido. La preghiamo di verificarlo e riprovare."
        }
        ("it", WidgetPinExpired) => {
            "Questo PIN è scaduto. La preghiamo di chiederne uno nuovo al suo consulente."
        }
        ("it", WidgetPinRevoked) => {
            "Questo PIN è stato revocato. La preghiamo di chiederne uno nuovo al suo consulente."
        }
        ("it", WidgetPinAlreadyUsed) => "Questo PIN è già stato utilizzato.",
        ("it", WidgetPinTooManyAttempts) => {
            "Troppi tentativi. La preghiamo di attendere {minutes} min prima di riprovare."
        }
        ("it", WidgetLinkJoining) => "Collegamento alla conversazione in corso…",
        ("it", WidgetLinkInvalid) => "Questo link di invito non è valido.",
        ("it", WidgetNetworkError) => "Nessuna connessione al server. La preghiamo di riprovare.",
        ("it", WidgetUnexpectedError) => "Si è verificato un errore. La preghiamo di riprovare.",
        ("it", WidgetSignInFailed) => {
            "Non è stato possibile effettuare l'accesso. La preghiamo di ricaricare la pagina."
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
        [locale, language(locale), "en"]
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
        fill(self.get(key, locale), values)
    }
}

/// `template` with each `{name}` replaced by its value (values are text, inserted as they
/// are; whoever shows the result treats it as text).
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    values
        .iter()
        .fold(template.to_owned(), |text, (name, value)| {
            text.replace(&format!("{{{name}}}"), value)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_exists_in_every_built_in_locale() {
        for locale in BUILT_IN_LOCALES {
            for &key in TextKey::ALL {
                assert!(
                    built_in(locale, key).is_some_and(|t| !t.is_empty()),
                    "{locale} lacks {key:?}"
                );
            }
        }
    }

    /// The `{name}`s of a text, sorted.
    fn placeholders(text: &str) -> Vec<&str> {
        let mut names: Vec<&str> = text
            .split('{')
            .skip(1)
            .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
            .collect();
        names.sort_unstable();
        names
    }

    #[test]
    fn every_locale_has_the_same_placeholders_as_english() {
        for &key in TextKey::ALL {
            let english = placeholders(built_in("en", key).unwrap());
            for locale in BUILT_IN_LOCALES {
                let text = built_in(locale, key).unwrap();
                assert_eq!(placeholders(text), english, "{locale} {key:?}: {text}");
            }
        }
        assert_eq!(
            placeholders(built_in("it", TextKey::DeputyDelegationEmailBody).unwrap()),
            ["agent", "customer", "level"]
        );
    }

    #[test]
    fn no_built_in_text_contains_markup() {
        for locale in BUILT_IN_LOCALES {
            for &key in TextKey::ALL {
                let text = built_in(locale, key).unwrap();
                assert!(!text.contains(['<', '>', '&']), "{locale} {key:?}: {text}");
            }
        }
    }

    #[test]
    fn every_key_is_listed_once_under_its_wire_name() {
        let names: std::collections::BTreeSet<&str> =
            TextKey::ALL.iter().map(|k| k.name()).collect();
        assert_eq!(names.len(), TextKey::ALL.len());
        for &key in TextKey::ALL {
            assert_eq!(serde_json::to_value(key).unwrap(), key.name());
            assert!(
                key.name().starts_with("com.unblu.") || key.name().starts_with("com.baton."),
                "{key:?}"
            );
        }
        assert_eq!(TextKey::WidgetSend.name(), "com.baton.widget.send");
    }

    #[test]
    fn a_regional_locale_is_served_by_its_language_and_others_by_english() {
        assert_eq!(built_in_locale("de-CH"), "de");
        assert_eq!(built_in_locale("fr_CH"), "fr");
        assert_eq!(built_in_locale("it"), "it");
        assert_eq!(built_in_locale("rm-CH"), "en");
        assert_eq!(built_in_locale(""), "en");
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
