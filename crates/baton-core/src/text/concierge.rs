//! The texts the server renders itself, not a user interface: what the concierge posts in a
//! conversation (the deputy prompt and its answers, the message a customer gets when a deputy
//! answers Later; Unblu's `com.unblu.conversation.message.*`) and the e-mails and web pushes
//! it sends (`com.baton.notification.*`), in English, German, French and Italian.
//!
//! Only these texts live here: the visitor widget's are in `widget.rs`, the agent desk's in
//! `desk.rs`, and the key type, the lookup and the checks over every text in `mod.rs`.

/// Adds the concierge's and the notifications' texts to those already collected (after the `;`) and
/// hands them on to the first macro named, with the names of the others; the last, `text_keys!`,
/// declares `TextKey` from them all.
macro_rules! concierge_texts {
    ($next:ident $(, $rest:ident)*; $($texts:tt)*) => {
        $next! { $($rest),*; $($texts)*
            /// The concierge's question "Invite a deputy?".
            "com.unblu.conversation.message.deputyDelegationPromptMessage" => DeputyDelegationPromptMessage {
                en: "Your advisor is unavailable at the moment. Would you like to invite a deputy?",
                de: "Ihre Beraterin oder Ihr Berater ist im Moment nicht erreichbar. Möchten Sie eine Stellvertretung einladen?",
                fr: "Votre conseiller n'est pas disponible pour le moment. Souhaitez-vous inviter un suppléant ?",
                it: "Il suo consulente al momento non è disponibile. Desidera invitare un sostituto?",
            },
            /// Label of the button that accepts the prompt.
            "com.unblu.conversation.message.deputyDelegationPromptReplyAccept" => DeputyDelegationPromptReplyAccept {
                en: "Invite a deputy",
                de: "Stellvertretung einladen",
                fr: "Inviter un suppléant",
                it: "Invita un sostituto",
            },
            /// Label of the button that declines the prompt.
            "com.unblu.conversation.message.deputyDelegationPromptReplyDecline" => DeputyDelegationPromptReplyDecline {
                en: "No, thanks",
                de: "Nein, danke",
                fr: "Non, merci",
                it: "No, grazie",
            },
            /// The message a customer gets when a deputy answers Later.
            "com.unblu.conversation.message.invitationRedeemedButWillHandleLater" => InvitationRedeemedButWillHandleLater {
                en: "Thank you for your message. A deputy of your advisor will get back to you later.",
                de: "Vielen Dank für Ihre Nachricht. Eine Stellvertretung Ihrer Beraterin oder Ihres Beraters meldet sich später bei Ihnen.",
                fr: "Merci pour votre message. Un suppléant de votre conseiller vous recontactera plus tard.",
                it: "Grazie per il suo messaggio. Un sostituto del suo consulente la ricontatterà più tardi.",
            },
            /// Subject of the e-mail telling a deputy about a delegated request.
            "com.baton.notification.deputyDelegationEmailSubject" => DeputyDelegationEmailSubject {
                en: "A customer request needs you",
                de: "Eine Kundenanfrage braucht Sie",
                fr: "Une demande client vous attend",
                it: "Una richiesta di un cliente la attende",
            },
            /// Body of that e-mail; placeholders `{customer}`, `{agent}`, `{level}`.
            "com.baton.notification.deputyDelegationEmailBody" => DeputyDelegationEmailBody {
                en: "{customer} is waiting for {agent}, who has not answered. You are a level {level} deputy. Open your queue to accept, decline, ignore or handle it later.",
                de: "{customer} wartet auf {agent}, die oder der nicht geantwortet hat. Sie sind Stellvertretung der Stufe {level}. Öffnen Sie Ihre Warteschlange, um anzunehmen, abzulehnen, zu ignorieren oder später zu antworten.",
                fr: "{customer} attend {agent}, qui n'a pas répondu. Vous êtes suppléant de niveau {level}. Ouvrez votre file d'attente pour accepter, refuser, ignorer ou traiter plus tard.",
                it: "{customer} attende {agent}, che non ha risposto. Lei è sostituto di livello {level}. Apra la sua coda per accettare, rifiutare, ignorare o gestire più tardi.",
            },
            /// Title of the web push telling a deputy about a delegated request.
            "com.baton.notification.deputyDelegationPushTitle" => DeputyDelegationPushTitle {
                en: "Request for {agent}",
                de: "Anfrage für {agent}",
                fr: "Demande pour {agent}",
                it: "Richiesta per {agent}",
            },
            /// Body of that web push; placeholders `{customer}`, `{agent}`.
            "com.baton.notification.deputyDelegationPushBody" => DeputyDelegationPushBody {
                en: "{customer} is waiting for an answer.",
                de: "{customer} wartet auf eine Antwort.",
                fr: "{customer} attend une réponse.",
                it: "{customer} attende una risposta.",
            },
            /// Title of the test notification an agent sends to a device of theirs.
            "com.baton.notification.pushTestTitle" => PushTestTitle {
                en: "Notifications work",
                de: "Benachrichtigungen funktionieren",
                fr: "Les notifications fonctionnent",
                it: "Le notifiche funzionano",
            },
            /// Body of that test notification.
            "com.baton.notification.pushTestBody" => PushTestBody {
                en: "This device will tell you when a customer request needs you.",
                de: "Dieses Gerät meldet sich, wenn eine Kundenanfrage Sie braucht.",
                fr: "Cet appareil vous préviendra quand une demande client vous attend.",
                it: "Questo dispositivo la avviserà quando una richiesta di un cliente la attende.",
            },
            /// Subject of the e-mail inviting a customer into a conversation.
            "com.baton.notification.visitorInvitationEmailSubject" => VisitorInvitationEmailSubject {
                en: "You are invited to a conversation",
                de: "Einladung zu einem Gespräch",
                fr: "Invitation à une conversation",
                it: "Invito a una conversazione",
            },
            /// Body of that e-mail; placeholders `{inviter}`, `{link}`.
            "com.baton.notification.visitorInvitationEmailBody" => VisitorInvitationEmailBody {
                en: "{inviter} invites you to a conversation. Open this link to join: {link}",
                de: "{inviter} lädt Sie zu einem Gespräch ein. Öffnen Sie diesen Link, um teilzunehmen: {link}",
                fr: "{inviter} vous invite à une conversation. Ouvrez ce lien pour la rejoindre : {link}",
                it: "{inviter} la invita a una conversazione. Apra questo link per partecipare: {link}",
            },
        }
    };
}

pub(super) use concierge_texts;
