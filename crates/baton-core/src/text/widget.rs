//! The visitor widget's texts (`com.baton.widget.*`), in English, German, French and Italian:
//! the conversation view, the deputy prompt's countdown and outcome, PIN entry and link
//! redemption, and the widget's error messages. The agent desk shows them too (it shows
//! conversations), and both read them from `GET /baton/v1/texts`.
//!
//! Only these texts live here: the concierge's and the notifications' are in `concierge.rs`,
//! the agent desk's own in `desk.rs`, and the key type, the lookup and the checks over every
//! text in `mod.rs`.

/// Adds the visitor widget's texts to those already collected (after the `;`) and hands them on to
/// the first macro named, with the names of the others; the last, `text_keys!`, declares `TextKey`
/// from them all.
macro_rules! widget_texts {
    ($next:ident $(, $rest:ident)*; $($texts:tt)*) => {
        $next! { $($rest),*; $($texts)*
            /// Widget: heading of the conversation view.
            "com.baton.widget.conversationTitle" => WidgetConversationTitle {
                en: "Your conversation",
                de: "Ihr Gespräch",
                fr: "Votre conversation",
                it: "La sua conversazione",
            },
            /// Widget: label of the message field.
            "com.baton.widget.messageLabel" => WidgetMessageLabel {
                en: "Message",
                de: "Nachricht",
                fr: "Message",
                it: "Messaggio",
            },
            /// Widget: the send button.
            "com.baton.widget.send" => WidgetSend {
                en: "Send",
                de: "Senden",
                fr: "Envoyer",
                it: "Invia",
            },
            /// Widget: heading of the list of participants.
            "com.baton.widget.present" => WidgetPresent {
                en: "In this conversation",
                de: "In diesem Gespräch",
                fr: "Dans cette conversation",
                it: "In questa conversazione",
            },
            /// Widget: the visitor's own name as an author.
            "com.baton.widget.you" => WidgetYou {
                en: "You",
                de: "Sie",
                fr: "Vous",
                it: "Lei",
            },
            /// Widget: the author name of concierge messages.
            "com.baton.widget.concierge" => WidgetConcierge {
                en: "Assistant",
                de: "Assistent",
                fr: "Assistant",
                it: "Assistente",
            },
            /// Widget: shown while a conversation has no messages.
            "com.baton.widget.noMessages" => WidgetNoMessages {
                en: "No messages yet.",
                de: "Noch keine Nachrichten.",
                fr: "Aucun message pour l'instant.",
                it: "Ancora nessun messaggio.",
            },
            /// Widget: the event feed dropped and is reconnecting.
            "com.baton.widget.connectionLost" => WidgetConnectionLost {
                en: "Connection lost. Reconnecting…",
                de: "Verbindung unterbrochen. Die Verbindung wird wiederhergestellt…",
                fr: "Connexion perdue. Reconnexion en cours…",
                it: "Connessione persa. Riconnessione in corso…",
            },
            /// Widget: the event feed is back.
            "com.baton.widget.connectionRestored" => WidgetConnectionRestored {
                en: "Connected again.",
                de: "Wieder verbunden.",
                fr: "Connexion rétablie.",
                it: "Connessione ripristinata.",
            },
            /// Widget: time left on the deputy prompt; placeholder `{seconds}`.
            "com.baton.widget.promptCountdown" => WidgetPromptCountdown {
                en: "{seconds} seconds left to answer",
                de: "Noch {seconds} Sekunden, um zu antworten",
                fr: "Il reste {seconds} secondes pour répondre",
                it: "Restano {seconds} secondi per rispondere",
            },
            /// Widget: the deputy prompt timed out unanswered.
            "com.baton.widget.promptCancelled" => WidgetPromptCancelled {
                en: "The question has expired. Write again if you still need help.",
                de: "Die Frage ist abgelaufen. Schreiben Sie uns erneut, wenn Sie weiterhin Hilfe benötigen.",
                fr: "La question a expiré. Écrivez-nous à nouveau si vous avez encore besoin d'aide.",
                it: "La domanda è scaduta. Ci scriva di nuovo se ha ancora bisogno di aiuto.",
            },
            /// Widget: the visitor accepted the prompt; placeholder `{level}`.
            "com.baton.widget.promptAccepted" => WidgetPromptAccepted {
                en: "We are asking your advisor's deputies (level {level}).",
                de: "Wir fragen die Stellvertretungen Ihrer Beraterin oder Ihres Beraters an (Stufe {level}).",
                fr: "Nous contactons les suppléants de votre conseiller (niveau {level}).",
                it: "Stiamo contattando i sostituti del suo consulente (livello {level}).",
            },
            /// Widget: the visitor declined the prompt.
            "com.baton.widget.promptDeclined" => WidgetPromptDeclined {
                en: "Understood. Your advisor will answer as soon as possible.",
                de: "Verstanden. Ihre Beraterin oder Ihr Berater antwortet Ihnen so bald wie möglich.",
                fr: "C'est noté. Votre conseiller vous répondra dès que possible.",
                it: "Va bene. Il suo consulente le risponderà il prima possibile.",
            },
            /// Widget: a deputy joined; placeholder `{name}`.
            "com.baton.widget.deputyJoined" => WidgetDeputyJoined {
                en: "{name} has joined the conversation.",
                de: "{name} nimmt jetzt am Gespräch teil.",
                fr: "{name} a rejoint la conversation.",
                it: "{name} partecipa ora alla conversazione.",
            },
            /// Widget: heading of the PIN entry.
            "com.baton.widget.pinTitle" => WidgetPinTitle {
                en: "Join a conversation",
                de: "An einem Gespräch teilnehmen",
                fr: "Rejoindre une conversation",
                it: "Partecipare a una conversazione",
            },
            /// Widget: label of the PIN field.
            "com.baton.widget.pinLabel" => WidgetPinLabel {
                en: "PIN",
                de: "PIN",
                fr: "Code PIN",
                it: "PIN",
            },
            /// Widget: hint below the PIN field.
            "com.baton.widget.pinHint" => WidgetPinHint {
                en: "The PIN your advisor gave you",
                de: "Die PIN, die Sie von Ihrer Beraterin oder Ihrem Berater erhalten haben",
                fr: "Le code PIN que votre conseiller vous a communiqué",
                it: "Il PIN che le ha comunicato il suo consulente",
            },
            /// Widget: the button that redeems the PIN.
            "com.baton.widget.pinJoin" => WidgetPinJoin {
                en: "Join",
                de: "Teilnehmen",
                fr: "Rejoindre",
                it: "Partecipa",
            },
            /// Widget: the PIN was redeemed.
            "com.baton.widget.pinJoined" => WidgetPinJoined {
                en: "You have joined the conversation.",
                de: "Sie nehmen jetzt am Gespräch teil.",
                fr: "Vous avez rejoint la conversation.",
                it: "Ora partecipa alla conversazione.",
            },
            /// Widget: the PIN is wrong (`PIN_WRONG`).
            "com.baton.widget.pinWrong" => WidgetPinWrong {
                en: "This PIN is not valid. Please check it and try again.",
                de: "Diese PIN ist ungültig. Bitte prüfen Sie sie und versuchen Sie es erneut.",
                fr: "Ce code PIN n'est pas valable. Veuillez le vérifier et réessayer.",
                it: "Questo PIN non è valido. La preghiamo di verificarlo e riprovare.",
            },
            /// Widget: the PIN expired.
            "com.baton.widget.pinExpired" => WidgetPinExpired {
                en: "This PIN has expired. Please ask your advisor for a new one.",
                de: "Diese PIN ist abgelaufen. Bitte fragen Sie Ihre Beraterin oder Ihren Berater nach einer neuen.",
                fr: "Ce code PIN a expiré. Veuillez en demander un nouveau à votre conseiller.",
                it: "Questo PIN è scaduto. La preghiamo di chiederne uno nuovo al suo consulente.",
            },
            /// Widget: the PIN was revoked.
            "com.baton.widget.pinRevoked" => WidgetPinRevoked {
                en: "This PIN has been withdrawn. Please ask your advisor for a new one.",
                de: "Diese PIN wurde zurückgezogen. Bitte fragen Sie Ihre Beraterin oder Ihren Berater nach einer neuen.",
                fr: "Ce code PIN a été retiré. Veuillez en demander un nouveau à votre conseiller.",
                it: "Questo PIN è stato revocato. La preghiamo di chiederne uno nuovo al suo consulente.",
            },
            /// Widget: the PIN was redeemed before.
            "com.baton.widget.pinAlreadyUsed" => WidgetPinAlreadyUsed {
                en: "This PIN has already been used.",
                de: "Diese PIN wurde bereits verwendet.",
                fr: "Ce code PIN a déjà été utilisé.",
                it: "Questo PIN è già stato utilizzato.",
            },
            /// Widget: the attempt limit was reached; placeholder `{minutes}`.
            "com.baton.widget.pinTooManyAttempts" => WidgetPinTooManyAttempts {
                en: "Too many attempts. Please wait {minutes} min before trying again.",
                de: "Zu viele Versuche. Bitte warten Sie {minutes} Min., bevor Sie es erneut versuchen.",
                fr: "Trop de tentatives. Veuillez patienter {minutes} min avant de réessayer.",
                it: "Troppi tentativi. La preghiamo di attendere {minutes} min prima di riprovare.",
            },
            /// Widget: an invitation link is being redeemed.
            "com.baton.widget.linkJoining" => WidgetLinkJoining {
                en: "Joining the conversation…",
                de: "Sie werden mit dem Gespräch verbunden…",
                fr: "Connexion à la conversation…",
                it: "Collegamento alla conversazione in corso…",
            },
            /// Widget: the invitation link is wrong, expired or used.
            "com.baton.widget.linkInvalid" => WidgetLinkInvalid {
                en: "This invitation link is not valid.",
                de: "Dieser Einladungslink ist ungültig.",
                fr: "Ce lien d'invitation n'est pas valable.",
                it: "Questo link di invito non è valido.",
            },
            /// Widget: the server could not be reached.
            "com.baton.widget.networkError" => WidgetNetworkError {
                en: "No connection to the server. Please try again.",
                de: "Keine Verbindung zum Server. Bitte versuchen Sie es erneut.",
                fr: "Pas de connexion au serveur. Veuillez réessayer.",
                it: "Nessuna connessione al server. La preghiamo di riprovare.",
            },
            /// Widget: any other failure.
            "com.baton.widget.unexpectedError" => WidgetUnexpectedError {
                en: "Something went wrong. Please try again.",
                de: "Ein Fehler ist aufgetreten. Bitte versuchen Sie es erneut.",
                fr: "Une erreur s'est produite. Veuillez réessayer.",
                it: "Si è verificato un errore. La preghiamo di riprovare.",
            },
            /// Widget: the bank's sign-in token was refused.
            "com.baton.widget.signInFailed" => WidgetSignInFailed {
                en: "We could not sign you in. Please reload the page.",
                de: "Wir konnten Sie nicht anmelden. Bitte laden Sie die Seite neu.",
                fr: "Nous n'avons pas pu vous connecter. Veuillez recharger la page.",
                it: "Non è stato possibile effettuare l'accesso. La preghiamo di ricaricare la pagina.",
            },
            /// Launcher: the button that opens the chat.
            "com.baton.widget.launcherOpen" => WidgetLauncherOpen {
                en: "Chat with your advisor",
                de: "Mit Ihrer Beratung chatten",
                fr: "Discuter avec votre conseiller",
                it: "Chatti con il suo consulente",
            },
            /// Launcher: the button that closes the open chat.
            "com.baton.widget.launcherClose" => WidgetLauncherClose {
                en: "Close the chat",
                de: "Chat schließen",
                fr: "Fermer la discussion",
                it: "Chiudi la chat",
            },
            /// Launcher: messages that arrived while the chat was closed; placeholder `{count}`.
            "com.baton.widget.launcherUnread" => WidgetLauncherUnread {
                en: "Unread messages: {count}",
                de: "Ungelesene Nachrichten: {count}",
                fr: "Messages non lus : {count}",
                it: "Messaggi non letti: {count}",
            },
            /// Launcher: the chat is being loaded after the first open.
            "com.baton.widget.launcherLoading" => WidgetLauncherLoading {
                en: "Loading the chat…",
                de: "Der Chat wird geladen…",
                fr: "Chargement de la discussion…",
                it: "Caricamento della chat…",
            },
            /// Launcher: the chat could not be loaded.
            "com.baton.widget.launcherFailed" => WidgetLauncherFailed {
                en: "The chat could not be loaded. Please try again.",
                de: "Der Chat konnte nicht geladen werden. Bitte versuchen Sie es erneut.",
                fr: "La discussion n'a pas pu être chargée. Veuillez réessayer.",
                it: "Non è stato possibile caricare la chat. La preghiamo di riprovare.",
            },
            /// Widget: the button that jumps to messages that arrived while the visitor read
            /// older ones; placeholder `{count}`.
            "com.baton.widget.newMessages" => WidgetNewMessages {
                en: "Show new messages ({count})",
                de: "Neue Nachrichten anzeigen ({count})",
                fr: "Afficher les nouveaux messages ({count})",
                it: "Mostra i nuovi messaggi ({count})",
            },
            /// Widget: the visitor's message is on its way.
            "com.baton.widget.sending" => WidgetSending {
                en: "Sending…",
                de: "Wird gesendet…",
                fr: "Envoi…",
                it: "Invio in corso…",
            },
            /// Widget: the visitor's message arrived.
            "com.baton.widget.sent" => WidgetSent {
                en: "Sent",
                de: "Gesendet",
                fr: "Envoyé",
                it: "Inviato",
            },
            /// Widget: the visitor's message could not be sent.
            "com.baton.widget.notSent" => WidgetNotSent {
                en: "Not sent",
                de: "Nicht gesendet",
                fr: "Non envoyé",
                it: "Non inviato",
            },
            /// Widget: sends a message that was not sent again.
            "com.baton.widget.retry" => WidgetRetry {
                en: "Retry",
                de: "Erneut senden",
                fr: "Réessayer",
                it: "Riprova",
            },
            /// Widget: characters left near the message limit; placeholder `{count}`.
            "com.baton.widget.charactersLeft" => WidgetCharactersLeft {
                en: "Characters left: {count}",
                de: "Verbleibende Zeichen: {count}",
                fr: "Caractères restants : {count}",
                it: "Caratteri rimanenti: {count}",
            },
            /// Widget: how the message field sends when Enter sends.
            "com.baton.widget.composerHintEnter" => WidgetComposerHintEnter {
                en: "Enter sends, Shift+Enter starts a new line.",
                de: "Eingabetaste sendet, Umschalt+Eingabetaste beginnt eine neue Zeile.",
                fr: "Entrée envoie, Maj+Entrée commence une nouvelle ligne.",
                it: "Invio invia, Maiusc+Invio inizia una nuova riga.",
            },
            /// Widget: how the message field sends when Enter starts a new line.
            "com.baton.widget.composerHintCtrlEnter" => WidgetComposerHintCtrlEnter {
                en: "Ctrl+Enter sends, Enter starts a new line.",
                de: "Strg+Eingabetaste sendet, Eingabetaste beginnt eine neue Zeile.",
                fr: "Ctrl+Entrée envoie, Entrée commence une nouvelle ligne.",
                it: "Ctrl+Invio invia, Invio inizia una nuova riga.",
            },
            /// Widget: a new message read out to screen readers; placeholders `{name}`, `{text}`.
            "com.baton.widget.incomingMessage" => WidgetIncomingMessage {
                en: "{name}: {text}",
                de: "{name}: {text}",
                fr: "{name} : {text}",
                it: "{name}: {text}",
            },
            /// Conversation event: someone joined; placeholder `{name}`.
            "com.baton.widget.eventJoined" => WidgetEventJoined {
                en: "{name} joined the conversation.",
                de: "{name} ist dem Gespräch beigetreten.",
                fr: "{name} a rejoint la conversation.",
                it: "{name} si è unito alla conversazione.",
            },
            /// Conversation event: someone left; placeholder `{name}`.
            "com.baton.widget.eventLeft" => WidgetEventLeft {
                en: "{name} left the conversation.",
                de: "{name} hat das Gespräch verlassen.",
                fr: "{name} a quitté la conversation.",
                it: "{name} ha lasciato la conversazione.",
            },
            /// Conversation event: the deputies of a level are being asked; placeholder `{level}`.
            "com.baton.widget.eventLevelAsked" => WidgetEventLevelAsked {
                en: "The advisor's deputies of level {level} are being asked.",
                de: "Die Stellvertretungen der Stufe {level} werden angefragt.",
                fr: "Les suppléants du conseiller de niveau {level} sont contactés.",
                it: "Si stanno contattando i sostituti del consulente di livello {level}.",
            },
            /// Conversation event: the customer chose not to invite a deputy.
            "com.baton.widget.eventPromptDeclined" => WidgetEventPromptDeclined {
                en: "No deputy was invited; the advisor will answer.",
                de: "Keine Stellvertretung eingeladen; die Beratung antwortet.",
                fr: "Aucun suppléant invité ; le conseiller répondra.",
                it: "Nessun sostituto invitato; risponderà il consulente.",
            },
            /// Conversation event: the offer to invite a deputy expired unanswered.
            "com.baton.widget.eventPromptExpired" => WidgetEventPromptExpired {
                en: "The offer to invite a deputy expired.",
                de: "Das Angebot, eine Stellvertretung einzuladen, ist abgelaufen.",
                fr: "La proposition d'inviter un suppléant a expiré.",
                it: "La proposta di invitare un sostituto è scaduta.",
            },
        }
    };
}

pub(super) use widget_texts;
