//! The agent desk's texts (`com.baton.agent.*`), in English, German, French and Italian:
//! sign-in and password, the conversation list, the person picker, the forward, reassign,
//! invite, unassign and transfer dialogs, refusals, the delegation queue and the deputies
//! editor. Only the desk reads them (`GET /baton/v1/texts?ui=agent`).
//!
//! Only these texts live here: the concierge's and the notifications' are in `concierge.rs`,
//! the texts the desk shares with the visitor widget in `widget.rs`, and the key type, the
//! lookup and the checks over every text in `mod.rs`.

/// Adds the agent desk's texts to those already collected (after the `;`) and hands them on to the
/// first macro named, with the names of the others; the last, `text_keys!`, declares `TextKey` from
/// them all.
macro_rules! desk_texts {
    ($next:ident $(, $rest:ident)*; $($texts:tt)*) => {
        $next! { $($rest),*; $($texts)*
            /// Agent desk: the page's heading.
            "com.baton.agent.deskTitle" => AgentDeskTitle {
                en: "Agent desk",
                de: "Arbeitsplatz",
                fr: "Poste de travail",
                it: "Postazione di lavoro",
            },
            /// Agent desk: heading of the sign-in form.
            "com.baton.agent.signInTitle" => AgentSignInTitle {
                en: "Sign in",
                de: "Anmelden",
                fr: "Connexion",
                it: "Accesso",
            },
            /// Agent desk: label of the username field.
            "com.baton.agent.username" => AgentUsername {
                en: "Username",
                de: "Benutzername",
                fr: "Nom d'utilisateur",
                it: "Nome utente",
            },
            /// Agent desk: label of the password field.
            "com.baton.agent.password" => AgentPassword {
                en: "Password",
                de: "Passwort",
                fr: "Mot de passe",
                it: "Password",
            },
            /// Agent desk: the sign-in button.
            "com.baton.agent.signIn" => AgentSignIn {
                en: "Sign in",
                de: "Anmelden",
                fr: "Se connecter",
                it: "Accedi",
            },
            /// Agent desk: the username or password was refused.
            "com.baton.agent.signInRefused" => AgentSignInRefused {
                en: "The username or password is not correct.",
                de: "Benutzername oder Passwort ist falsch.",
                fr: "Le nom d'utilisateur ou le mot de passe est incorrect.",
                it: "Nome utente o password non corretti.",
            },
            /// Agent desk: the sign-out button.
            "com.baton.agent.signOut" => AgentSignOut {
                en: "Sign out",
                de: "Abmelden",
                fr: "Se déconnecter",
                it: "Esci",
            },
            /// Agent desk: the button that ends every session of the agent, on every device.
            "com.baton.agent.signOutEverywhere" => AgentSignOutEverywhere {
                en: "Sign out everywhere",
                de: "Überall abmelden",
                fr: "Se déconnecter partout",
                it: "Esci ovunque",
            },
            /// Agent desk: the switch between available and away for the signed-in agent.
            "com.baton.agent.available" => AgentAvailable {
                en: "Available",
                de: "Verfügbar",
                fr: "Disponible",
                it: "Disponibile",
            },
            /// Agent desk: announced when the agent switched to available.
            "com.baton.agent.nowAvailable" => AgentNowAvailable {
                en: "You are available: customers' messages reach you.",
                de: "Sie sind verfügbar: Nachrichten von Kunden erreichen Sie.",
                fr: "Vous êtes disponible : les messages des clients vous parviennent.",
                it: "È disponibile: i messaggi dei clienti Le arrivano.",
            },
            /// Agent desk: announced when the agent switched to away.
            "com.baton.agent.nowAway" => AgentNowAway {
                en: "You are away: your customers are offered your deputies.",
                de: "Sie sind abwesend: Ihren Kunden wird Ihre Stellvertretung angeboten.",
                fr: "Vous êtes absent : vos suppléants sont proposés à vos clients.",
                it: "È assente: ai Suoi clienti vengono proposti i Suoi sostituti.",
            },
            /// Agent desk: the button that turns on web push on this browser.
            "com.baton.agent.push.enable" => AgentPushEnable {
                en: "Notify me on this device",
                de: "Auf diesem Gerät benachrichtigen",
                fr: "M'avertir sur cet appareil",
                it: "Avvisami su questo dispositivo",
            },
            /// Agent desk: web push is on for this browser.
            "com.baton.agent.push.on" => AgentPushOn {
                en: "Notifications are on for this device.",
                de: "Benachrichtigungen sind auf diesem Gerät eingeschaltet.",
                fr: "Les notifications sont activées sur cet appareil.",
                it: "Le notifiche sono attive su questo dispositivo.",
            },
            /// Agent desk: the button that sends a test notification to this browser.
            "com.baton.agent.push.test" => AgentPushTest {
                en: "Send a test notification",
                de: "Testbenachrichtigung senden",
                fr: "Envoyer une notification de test",
                it: "Invia una notifica di prova",
            },
            /// Agent desk: announced once the test notification is on its way.
            "com.baton.agent.push.testSent" => AgentPushTestSent {
                en: "Test notification sent.",
                de: "Testbenachrichtigung gesendet.",
                fr: "Notification de test envoyée.",
                it: "Notifica di prova inviata.",
            },
            /// Agent desk: the button that turns web push off for this browser.
            "com.baton.agent.push.disable" => AgentPushDisable {
                en: "Turn off notifications",
                de: "Benachrichtigungen ausschalten",
                fr: "Désactiver les notifications",
                it: "Disattiva le notifiche",
            },
            /// Agent desk: announced when web push was turned off for this browser.
            "com.baton.agent.push.off" => AgentPushOff {
                en: "Notifications are off for this device.",
                de: "Benachrichtigungen sind auf diesem Gerät ausgeschaltet.",
                fr: "Les notifications sont désactivées sur cet appareil.",
                it: "Le notifiche sono disattivate su questo dispositivo.",
            },
            /// Agent desk: the browser refuses notifications for the site.
            "com.baton.agent.push.blocked" => AgentPushBlocked {
                en: "Notifications are blocked for this site. Allow them in the browser's site settings.",
                de: "Benachrichtigungen sind für diese Website blockiert. Erlauben Sie sie in den Website-Einstellungen des Browsers.",
                fr: "Les notifications sont bloquées pour ce site. Autorisez-les dans les paramètres du site du navigateur.",
                it: "Le notifiche sono bloccate per questo sito. Le consenta nelle impostazioni del sito del browser.",
            },
            /// Agent desk: the browser could not subscribe (no push service reachable).
            "com.baton.agent.push.failed" => AgentPushFailed {
                en: "This browser could not turn on notifications. Try again later.",
                de: "Dieser Browser konnte die Benachrichtigungen nicht einschalten. Versuchen Sie es später erneut.",
                fr: "Ce navigateur n'a pas pu activer les notifications. Réessayez plus tard.",
                it: "Questo browser non ha potuto attivare le notifiche. Riprovi più tardi.",
            },
            /// Agent desk: announced once every session of the agent has ended.
            "com.baton.agent.signedOutEverywhere" => AgentSignedOutEverywhere {
                en: "Signed out on every device.",
                de: "Auf allen Geräten abgemeldet.",
                fr: "Déconnecté sur tous les appareils.",
                it: "Disconnesso da tutti i dispositivi.",
            },
            /// Agent desk: the button and title of the dialog that changes the agent's password.
            "com.baton.agent.changePassword" => AgentChangePassword {
                en: "Change password",
                de: "Passwort ändern",
                fr: "Changer le mot de passe",
                it: "Cambia password",
            },
            /// Agent desk: what changing the password does.
            "com.baton.agent.changePasswordDescription" => AgentChangePasswordDescription {
                en: "Every session of yours ends, this one too: sign in again with the new password.",
                de: "Alle Ihre Sitzungen enden, auch diese: Melden Sie sich danach mit dem neuen Passwort an.",
                fr: "Toutes vos sessions prennent fin, celle-ci aussi : reconnectez-vous avec le nouveau mot de passe.",
                it: "Tutte le sue sessioni terminano, anche questa: acceda di nuovo con la nuova password.",
            },
            /// Agent desk: the current password field.
            "com.baton.agent.currentPassword" => AgentCurrentPassword {
                en: "Current password",
                de: "Aktuelles Passwort",
                fr: "Mot de passe actuel",
                it: "Password attuale",
            },
            /// Agent desk: the new password field.
            "com.baton.agent.newPassword" => AgentNewPassword {
                en: "New password",
                de: "Neues Passwort",
                fr: "Nouveau mot de passe",
                it: "Nuova password",
            },
            /// Agent desk: the current password given was refused.
            "com.baton.agent.currentPasswordWrong" => AgentCurrentPasswordWrong {
                en: "The current password is not correct.",
                de: "Das aktuelle Passwort ist falsch.",
                fr: "Le mot de passe actuel est incorrect.",
                it: "La password attuale non è corretta.",
            },
            /// Agent desk: announced after the password changed (the agent is signed out).
            "com.baton.agent.passwordChanged" => AgentPasswordChanged {
                en: "Password changed. Sign in with the new password.",
                de: "Passwort geändert. Melden Sie sich mit dem neuen Passwort an.",
                fr: "Mot de passe modifié. Connectez-vous avec le nouveau mot de passe.",
                it: "Password cambiata. Acceda con la nuova password.",
            },
            /// Agent desk: who is signed in; placeholder `{name}`.
            "com.baton.agent.signedInAs" => AgentSignedInAs {
                en: "Signed in as {name}",
                de: "Angemeldet als {name}",
                fr: "Connecté en tant que {name}",
                it: "Accesso effettuato come {name}",
            },
            /// Agent desk: heading of the agent's conversations.
            "com.baton.agent.conversations" => AgentConversations {
                en: "Conversations",
                de: "Gespräche",
                fr: "Conversations",
                it: "Conversazioni",
            },
            /// Agent desk: the agent has no conversations.
            "com.baton.agent.noConversations" => AgentNoConversations {
                en: "No conversations.",
                de: "Keine Gespräche.",
                fr: "Aucune conversation.",
                it: "Nessuna conversazione.",
            },
            /// Agent desk: no conversation is open.
            "com.baton.agent.chooseConversation" => AgentChooseConversation {
                en: "Choose a conversation.",
                de: "Wählen Sie ein Gespräch.",
                fr: "Choisissez une conversation.",
                it: "Scelga una conversazione.",
            },
            /// Agent desk: a conversation without a topic.
            "com.baton.agent.untitled" => AgentUntitled {
                en: "Conversation without topic",
                de: "Gespräch ohne Thema",
                fr: "Conversation sans sujet",
                it: "Conversazione senza oggetto",
            },
            /// Agent desk: the conversation's assignee; placeholder `{name}`.
            "com.baton.agent.assignedTo" => AgentAssignedTo {
                en: "Assigned to {name}",
                de: "Zugewiesen an {name}",
                fr: "Attribuée à {name}",
                it: "Assegnata a {name}",
            },
            /// Agent desk: the conversation has no assignee.
            "com.baton.agent.notAssigned" => AgentNotAssigned {
                en: "Not assigned: visible to the organisation's agents",
                de: "Nicht zugewiesen: für die Beraterinnen und Berater der Organisation sichtbar",
                fr: "Non attribuée : visible pour les agents de l'organisation",
                it: "Non assegnata: visibile agli agenti dell'organizzazione",
            },
            /// Agent desk: marks a participant hidden from the customer.
            "com.baton.agent.hidden" => AgentHidden {
                en: "hidden",
                de: "verborgen",
                fr: "masqué",
                it: "nascosto",
            },
            /// Agent desk: heading of the actions on the open conversation.
            "com.baton.agent.actions" => AgentActions {
                en: "Actions",
                de: "Aktionen",
                fr: "Actions",
                it: "Azioni",
            },
            /// Dialogs: the button that closes a dialog.
            "com.baton.agent.close" => AgentClose {
                en: "Close",
                de: "Schliessen",
                fr: "Fermer",
                it: "Chiudi",
            },
            /// Dialogs: the button that cancels a dialog.
            "com.baton.agent.cancel" => AgentCancel {
                en: "Cancel",
                de: "Abbrechen",
                fr: "Annuler",
                it: "Annulla",
            },
            /// Agent desk: the agent's own messages' author.
            "com.baton.agent.you" => AgentYou {
                en: "You",
                de: "Sie",
                fr: "Vous",
                it: "Lei",
            },
            /// Agent desk: heading of the open conversation's messages.
            "com.baton.agent.messages" => AgentMessages {
                en: "Messages",
                de: "Nachrichten",
                fr: "Messages",
                it: "Messaggi",
            },
            /// Person picker: label of the search field for agents.
            "com.baton.agent.picker.searchAgents" => AgentPickerSearchAgents {
                en: "Search agents",
                de: "Beraterinnen und Berater suchen",
                fr: "Rechercher des agents",
                it: "Cerca agenti",
            },
            /// Person picker: label of the search field for teams.
            "com.baton.agent.picker.searchTeams" => AgentPickerSearchTeams {
                en: "Search teams",
                de: "Teams suchen",
                fr: "Rechercher des équipes",
                it: "Cerca team",
            },
            /// Person picker: heading of the agents found.
            "com.baton.agent.picker.agents" => AgentPickerAgents {
                en: "Agents",
                de: "Beraterinnen und Berater",
                fr: "Agents",
                it: "Agenti",
            },
            /// Person picker: heading of the teams found.
            "com.baton.agent.picker.teams" => AgentPickerTeams {
                en: "Teams",
                de: "Teams",
                fr: "Équipes",
                it: "Team",
            },
            /// Person picker: the list is loading.
            "com.baton.agent.picker.loading" => AgentPickerLoading {
                en: "Loading…",
                de: "Wird geladen…",
                fr: "Chargement…",
                it: "Caricamento…",
            },
            /// Person picker: how many match; placeholder `{count}`.
            "com.baton.agent.picker.found" => AgentPickerFound {
                en: "Matches: {count}",
                de: "Treffer: {count}",
                fr: "Résultats : {count}",
                it: "Risultati: {count}",
            },
            /// Person picker: more match than are shown; placeholders `{shown}`, `{count}`.
            "com.baton.agent.picker.more" => AgentPickerMore {
                en: "Showing {shown} of {count}: type more to narrow the search.",
                de: "{shown} von {count} angezeigt: geben Sie mehr ein, um die Suche einzugrenzen.",
                fr: "{shown} sur {count} affichés : précisez la recherche.",
                it: "{shown} di {count} mostrati: scriva di più per restringere la ricerca.",
            },
            /// Person picker: no agent matches the search.
            "com.baton.agent.picker.noAgent" => AgentPickerNoAgent {
                en: "No agent matches the search.",
                de: "Niemand entspricht der Suche.",
                fr: "Aucun agent ne correspond à la recherche.",
                it: "Nessun agente corrisponde alla ricerca.",
            },
            /// Person picker: no team matches the search.
            "com.baton.agent.picker.noTeam" => AgentPickerNoTeam {
                en: "No team matches the search.",
                de: "Kein Team entspricht der Suche.",
                fr: "Aucune équipe ne correspond à la recherche.",
                it: "Nessun team corrisponde alla ricerca.",
            },
            /// Person picker: search agents (the choice between agents and teams).
            "com.baton.agent.picker.kindAgent" => AgentPickerKindAgent {
                en: "An agent",
                de: "Eine Person",
                fr: "Un agent",
                it: "Un agente",
            },
            /// Person picker: search teams.
            "com.baton.agent.picker.kindTeam" => AgentPickerKindTeam {
                en: "A team",
                de: "Ein Team",
                fr: "Une équipe",
                it: "Un team",
            },
            /// Person picker: an agent who takes requests now.
            "com.baton.agent.presence.available" => AgentPresenceAvailable {
                en: "available",
                de: "verfügbar",
                fr: "disponible",
                it: "disponibile",
            },
            /// Person picker: an agent signed in but away.
            "com.baton.agent.presence.away" => AgentPresenceAway {
                en: "away",
                de: "abwesend",
                fr: "absent",
                it: "assente",
            },
            /// Person picker: an agent who is not signed in.
            "com.baton.agent.presence.offline" => AgentPresenceOffline {
                en: "offline",
                de: "offline",
                fr: "hors ligne",
                it: "offline",
            },
            /// Forward: the button that opens the dialog, and the dialog's submit button.
            "com.baton.agent.forward.forward" => AgentForward {
                en: "Forward",
                de: "Weiterleiten",
                fr: "Transférer",
                it: "Inoltra",
            },
            /// Forward: the dialog's title.
            "com.baton.agent.forward.title" => AgentForwardTitle {
                en: "Forward the conversation",
                de: "Unterhaltung weiterleiten",
                fr: "Transférer la conversation",
                it: "Inoltra la conversazione",
            },
            /// Forward: what forwarding does.
            "com.baton.agent.forward.description" => AgentForwardDescription {
                en: "The agent or team you choose gets the conversation once they accept it; you then leave it.",
                de: "Die gewählte Person oder das gewählte Team übernimmt die Unterhaltung, sobald sie sie annimmt; Sie verlassen sie dann.",
                fr: "L'agent ou l'équipe choisi reçoit la conversation dès qu'il l'accepte ; vous la quittez alors.",
                it: "L'agente o il team scelto riceve la conversazione appena la accetta; lei poi la lascia.",
            },
            /// Forward: heading of the choice between an agent and a team.
            "com.baton.agent.forward.to" => AgentForwardTo {
                en: "Forward to",
                de: "Weiterleiten an",
                fr: "Transférer à",
                it: "Inoltra a",
            },
            /// Forward: label of the comment, which the customer never sees.
            "com.baton.agent.forward.comment" => AgentForwardComment {
                en: "Comment (visible to agents only)",
                de: "Kommentar (nur für Beraterinnen und Berater sichtbar)",
                fr: "Commentaire (visible uniquement par les agents)",
                it: "Commento (visibile solo agli agenti)",
            },
            /// Forward: assign at once and stay in the conversation instead of forwarding.
            "com.baton.agent.forward.keepMe" => AgentForwardKeepMe {
                en: "Keep me in the conversation: assign it at once, without waiting for acceptance",
                de: "Mich in der Unterhaltung behalten: sofort zuweisen, ohne auf die Annahme zu warten",
                fr: "Me garder dans la conversation : l'attribuer tout de suite, sans attendre l'acceptation",
                it: "Tenermi nella conversazione: assegnarla subito, senza attendere l'accettazione",
            },
            /// Forward: nothing is chosen yet.
            "com.baton.agent.forward.chooseFirst" => AgentForwardChooseFirst {
                en: "Choose who gets the conversation.",
                de: "Wählen Sie, wer die Unterhaltung erhält.",
                fr: "Choisissez qui reçoit la conversation.",
                it: "Scelga chi riceve la conversazione.",
            },
            /// Forward: the chosen agent takes part already; placeholder `{name}`.
            "com.baton.agent.forward.participant" => AgentForwardParticipant {
                en: "{name} already takes part in this conversation: reassign it to them instead.",
                de: "{name} nimmt bereits an dieser Unterhaltung teil: weisen Sie sie stattdessen neu zu.",
                fr: "{name} participe déjà à cette conversation : réattribuez-la-lui plutôt.",
                it: "{name} partecipa già a questa conversazione: la riassegni invece.",
            },
            /// Forward: marks an agent who takes part in the conversation.
            "com.baton.agent.forward.inConversation" => AgentForwardInConversation {
                en: "in this conversation",
                de: "in dieser Unterhaltung",
                fr: "dans cette conversation",
                it: "in questa conversazione",
            },
            /// Forward: announced once forwarded; placeholder `{name}`.
            "com.baton.agent.forward.sent" => AgentForwardSent {
                en: "Forwarded to {name}. The conversation stays yours until they accept it.",
                de: "An {name} weitergeleitet. Die Unterhaltung bleibt bei Ihnen, bis sie angenommen wird.",
                fr: "Transférée à {name}. La conversation reste la vôtre jusqu'à son acceptation.",
                it: "Inoltrata a {name}. La conversazione resta sua finché non viene accettata.",
            },
            /// Forward: announced after assigning while keeping the sender; placeholder `{name}`.
            "com.baton.agent.forward.kept" => AgentForwardKept {
                en: "{name} is now the assignee; you stay in the conversation.",
                de: "{name} ist jetzt zugewiesen; Sie bleiben in der Unterhaltung.",
                fr: "{name} est maintenant responsable ; vous restez dans la conversation.",
                it: "{name} è ora l'assegnatario; lei resta nella conversazione.",
            },
            /// Forward: heading of the pending forwarding.
            "com.baton.agent.forward.pending" => AgentForwardPending {
                en: "Pending forwarding",
                de: "Offene Weiterleitung",
                fr: "Transfert en attente",
                it: "Inoltro in attesa",
            },
            /// Forward: a forwarding waiting for acceptance; placeholder `{name}`.
            "com.baton.agent.forward.waiting" => AgentForwardWaiting {
                en: "Waiting for {name} to accept.",
                de: "Wartet auf die Annahme durch {name}.",
                fr: "En attente de l'acceptation par {name}.",
                it: "In attesa dell'accettazione di {name}.",
            },
            /// Forward: a new forwarding replaces the pending one.
            "com.baton.agent.forward.replaces" => AgentForwardReplaces {
                en: "Forwarding again replaces the pending forwarding.",
                de: "Eine neue Weiterleitung ersetzt die offene.",
                fr: "Un nouveau transfert remplace celui en attente.",
                it: "Un nuovo inoltro sostituisce quello in attesa.",
            },
            /// Forward: the button that revokes a pending forwarding; placeholder `{name}`.
            "com.baton.agent.forward.revoke" => AgentForwardRevoke {
                en: "Revoke the forwarding to {name}",
                de: "Weiterleitung an {name} zurückziehen",
                fr: "Annuler le transfert à {name}",
                it: "Revoca l'inoltro a {name}",
            },
            /// Forward: announced once revoked; placeholder `{name}`.
            "com.baton.agent.forward.revoked" => AgentForwardRevoked {
                en: "The forwarding to {name} was revoked.",
                de: "Die Weiterleitung an {name} wurde zurückgezogen.",
                fr: "Le transfert à {name} a été annulé.",
                it: "L'inoltro a {name} è stato revocato.",
            },
            /// Reassign: the button that opens the dialog, and the dialog's submit button.
            "com.baton.agent.reassign.reassign" => AgentReassign {
                en: "Reassign",
                de: "Neu zuweisen",
                fr: "Réattribuer",
                it: "Riassegna",
            },
            /// Reassign: the dialog's title.
            "com.baton.agent.reassign.title" => AgentReassignTitle {
                en: "Reassign the conversation",
                de: "Unterhaltung neu zuweisen",
                fr: "Réattribuer la conversation",
                it: "Riassegna la conversazione",
            },
            /// Reassign: what reassigning does.
            "com.baton.agent.reassign.description" => AgentReassignDescription {
                en: "Make another agent of this conversation its assignee. A hidden agent becomes visible to the customer.",
                de: "Machen Sie eine andere Person dieser Unterhaltung zur zugewiesenen. Eine verborgene Person wird für die Kundin oder den Kunden sichtbar.",
                fr: "Confiez la conversation à un autre agent qui y participe. Un agent masqué devient visible pour le client.",
                it: "Affidi la conversazione a un altro agente che vi partecipa. Un agente nascosto diventa visibile al cliente.",
            },
            /// Reassign: heading of the agents to choose from.
            "com.baton.agent.reassign.to" => AgentReassignTo {
                en: "New assignee",
                de: "Neu zugewiesen an",
                fr: "Nouveau responsable",
                it: "Nuovo assegnatario",
            },
            /// Reassign: no other agent takes part.
            "com.baton.agent.reassign.none" => AgentReassignNone {
                en: "No other agent takes part in this conversation. Forward it to bring someone in.",
                de: "Keine andere Person nimmt an dieser Unterhaltung teil. Leiten Sie sie weiter, um jemanden hinzuzuziehen.",
                fr: "Aucun autre agent ne participe à cette conversation. Transférez-la pour faire appel à quelqu'un.",
                it: "Nessun altro agente partecipa a questa conversazione. La inoltri per coinvolgere qualcuno.",
            },
            /// Reassign: also remove the previous assignee; placeholder `{name}`.
            "com.baton.agent.reassign.offboard" => AgentReassignOffboard {
                en: "Remove {name} from the conversation (they can no longer open it)",
                de: "{name} aus der Unterhaltung entfernen (kann sie danach nicht mehr öffnen)",
                fr: "Retirer {name} de la conversation (ne pourra plus l'ouvrir)",
                it: "Rimuovere {name} dalla conversazione (non potrà più aprirla)",
            },
            /// Reassign: nothing is chosen yet.
            "com.baton.agent.reassign.chooseFirst" => AgentReassignChooseFirst {
                en: "Choose the new assignee.",
                de: "Wählen Sie, wem die Unterhaltung zugewiesen wird.",
                fr: "Choisissez le nouveau responsable.",
                it: "Scelga il nuovo assegnatario.",
            },
            /// Reassign: announced once done; placeholder `{name}`.
            "com.baton.agent.reassign.done" => AgentReassignDone {
                en: "{name} is now the assignee.",
                de: "{name} ist jetzt zugewiesen.",
                fr: "{name} est maintenant responsable.",
                it: "{name} è ora l'assegnatario.",
            },
            /// Reassign: announced once done and the previous assignee removed; placeholders `{name}`, `{previous}`.
            "com.baton.agent.reassign.doneOffboarded" => AgentReassignDoneOffboarded {
                en: "{name} is now the assignee; {previous} left the conversation.",
                de: "{name} ist jetzt zugewiesen; {previous} hat die Unterhaltung verlassen.",
                fr: "{name} est maintenant responsable ; {previous} a quitté la conversation.",
                it: "{name} è ora l'assegnatario; {previous} ha lasciato la conversazione.",
            },
            /// Reassign: showing the hidden agent failed, nothing changed; placeholders `{name}`, `{reason}`.
            "com.baton.agent.reassign.failedUnhide" => AgentReassignFailedUnhide {
                en: "Could not make {name} visible to the customer, so nothing changed. {reason}",
                de: "{name} konnte nicht sichtbar gemacht werden; es wurde nichts geändert. {reason}",
                fr: "Impossible de rendre {name} visible au client ; rien n'a changé. {reason}",
                it: "Impossibile rendere {name} visibile al cliente; nulla è cambiato. {reason}",
            },
            /// Reassign: adding the agent failed, nothing changed; placeholders `{name}`, `{reason}`.
            "com.baton.agent.reassign.failedAdd" => AgentReassignFailedAdd {
                en: "Could not add {name} to the conversation, so nothing changed. {reason}",
                de: "{name} konnte nicht hinzugefügt werden; es wurde nichts geändert. {reason}",
                fr: "Impossible d'ajouter {name} à la conversation ; rien n'a changé. {reason}",
                it: "Impossibile aggiungere {name} alla conversazione; nulla è cambiato. {reason}",
            },
            /// Reassign: making the agent the assignee failed; placeholders `{name}`, `{reason}`.
            "com.baton.agent.reassign.failedAssign" => AgentReassignFailedAssign {
                en: "Could not make {name} the assignee. {reason}",
                de: "{name} konnte nicht zugewiesen werden. {reason}",
                fr: "Impossible de confier la conversation à {name}. {reason}",
                it: "Impossibile assegnare la conversazione a {name}. {reason}",
            },
            /// Reassign: the agent is the assignee but removing the previous one failed; placeholders `{name}`, `{previous}`, `{reason}`.
            "com.baton.agent.reassign.failedOffboard" => AgentReassignFailedOffboard {
                en: "{name} is now the assignee, but {previous} could not be removed from the conversation. {reason}",
                de: "{name} ist jetzt zugewiesen, aber {previous} konnte nicht aus der Unterhaltung entfernt werden. {reason}",
                fr: "{name} est maintenant responsable, mais {previous} n'a pas pu être retiré de la conversation. {reason}",
                it: "{name} è ora l'assegnatario, ma non è stato possibile rimuovere {previous} dalla conversazione. {reason}",
            },
            /// Agent actions: the server refused as not allowed.
            "com.baton.agent.refused.notAllowed" => AgentRefusedNotAllowed {
                en: "You may not do this in this conversation.",
                de: "Das dürfen Sie in dieser Unterhaltung nicht.",
                fr: "Vous ne pouvez pas faire cela dans cette conversation.",
                it: "Non può farlo in questa conversazione.",
            },
            /// Agent actions: the agent already takes part.
            "com.baton.agent.refused.alreadyParticipant" => AgentRefusedAlreadyParticipant {
                en: "This agent already takes part in the conversation.",
                de: "Diese Person nimmt bereits an der Unterhaltung teil.",
                fr: "Cet agent participe déjà à la conversation.",
                it: "Questo agente partecipa già alla conversazione.",
            },
            /// Agent actions: the agent no longer takes part.
            "com.baton.agent.refused.notParticipant" => AgentRefusedNotParticipant {
                en: "This agent no longer takes part in the conversation.",
                de: "Diese Person nimmt nicht mehr an der Unterhaltung teil.",
                fr: "Cet agent ne participe plus à la conversation.",
                it: "Questo agente non partecipa più alla conversazione.",
            },
            /// Agent actions: what was chosen no longer exists.
            "com.baton.agent.refused.notFound" => AgentRefusedNotFound {
                en: "Not found: it may have been removed in the meantime.",
                de: "Nicht gefunden: es wurde wohl inzwischen entfernt.",
                fr: "Introuvable : cela a peut-être été supprimé entre-temps.",
                it: "Non trovato: forse è stato rimosso nel frattempo.",
            },
            /// Agent actions: the invitation is no longer open.
            "com.baton.agent.refused.closed" => AgentRefusedClosed {
                en: "This is no longer pending: it was accepted, declined, revoked or has expired.",
                de: "Das ist nicht mehr offen: angenommen, abgelehnt, zurückgezogen oder abgelaufen.",
                fr: "Ce n'est plus en attente : accepté, refusé, annulé ou expiré.",
                it: "Non è più in attesa: accettato, rifiutato, revocato o scaduto.",
            },
            /// Agent actions: the input was refused.
            "com.baton.agent.refused.invalid" => AgentRefusedInvalid {
                en: "The server refused the input: check it and try again.",
                de: "Der Server hat die Eingabe abgelehnt: prüfen Sie sie und versuchen Sie es erneut.",
                fr: "Le serveur a refusé la saisie : vérifiez-la et réessayez.",
                it: "Il server ha rifiutato l'inserimento: lo verifichi e riprovi.",
            },
            /// Agent actions: the conversation ended or changed meanwhile.
            "com.baton.agent.refused.state" => AgentRefusedState {
                en: "The conversation has ended or changed in the meantime.",
                de: "Die Unterhaltung wurde inzwischen beendet oder geändert.",
                fr: "La conversation a pris fin ou a changé entre-temps.",
                it: "La conversazione è terminata o è cambiata nel frattempo.",
            },
            /// Invite dialog: the button that opens it.
            "com.baton.agent.invite.open" => AgentInviteOpen {
                en: "Invite",
                de: "Einladen",
                fr: "Inviter",
                it: "Invita",
            },
            /// Invite dialog: its title.
            "com.baton.agent.invite.title" => AgentInviteTitle {
                en: "Invite to this conversation",
                de: "Zu diesem Gespräch einladen",
                fr: "Inviter à cette conversation",
                it: "Invita a questa conversazione",
            },
            /// Invite dialog: the legend of the choice of whom to invite.
            "com.baton.agent.invite.whom" => AgentInviteWhom {
                en: "Whom to invite",
                de: "Wen einladen",
                fr: "Qui inviter",
                it: "Chi invitare",
            },
            /// Invite dialog: the choice "a customer, with a PIN".
            "com.baton.agent.invite.byPin" => AgentInviteByPin {
                en: "Customer with a PIN",
                de: "Kundin oder Kunde mit PIN",
                fr: "Client avec un code PIN",
                it: "Cliente con un PIN",
            },
            /// Invite dialog: the choice "a customer, by e-mail".
            "com.baton.agent.invite.byEmail" => AgentInviteByEmail {
                en: "Customer by e-mail",
                de: "Kundin oder Kunde per E-Mail",
                fr: "Client par e-mail",
                it: "Cliente via e-mail",
            },
            /// Invite dialog: the choice "another agent".
            "com.baton.agent.invite.agent" => AgentInviteAgent {
                en: "Another agent",
                de: "Weitere Beraterin oder weiterer Berater",
                fr: "Un autre agent",
                it: "Un altro agente",
            },
            /// Invite dialog: the choice "a team".
            "com.baton.agent.invite.team" => AgentInviteTeam {
                en: "A team",
                de: "Ein Team",
                fr: "Une équipe",
                it: "Un team",
            },
            /// Invite dialog: label of the name the invited customer appears under (optional).
            "com.baton.agent.invite.nickname" => AgentInviteNickname {
                en: "Customer's name (optional)",
                de: "Name der Kundin oder des Kunden (optional)",
                fr: "Nom du client (facultatif)",
                it: "Nome del cliente (facoltativo)",
            },
            /// Invite dialog: the button that creates a PIN.
            "com.baton.agent.invite.createPin" => AgentInviteCreatePin {
                en: "Create PIN",
                de: "PIN erstellen",
                fr: "Créer un code PIN",
                it: "Crea PIN",
            },
            /// Invite dialog: the label of the PIN shown to the agent.
            "com.baton.agent.invite.pin" => AgentInvitePin {
                en: "PIN for the customer",
                de: "PIN für die Kundin oder den Kunden",
                fr: "Code PIN pour le client",
                it: "PIN per il cliente",
            },
            /// Invite dialog: a PIN was created; placeholder `{pin}`.
            "com.baton.agent.invite.pinCreated" => AgentInvitePinCreated {
                en: "New PIN: {pin}",
                de: "Neue PIN: {pin}",
                fr: "Nouveau code PIN : {pin}",
                it: "Nuovo PIN: {pin}",
            },
            /// Invite dialog: the button that copies the PIN.
            "com.baton.agent.invite.copy" => AgentInviteCopy {
                en: "Copy PIN",
                de: "PIN kopieren",
                fr: "Copier le code PIN",
                it: "Copia PIN",
            },
            /// Invite dialog: the PIN was copied to the clipboard.
            "com.baton.agent.invite.copied" => AgentInviteCopied {
                en: "PIN copied",
                de: "PIN kopiert",
                fr: "Code PIN copié",
                it: "PIN copiato",
            },
            /// Invite dialog: the browser did not let the PIN be copied.
            "com.baton.agent.invite.copyFailed" => AgentInviteCopyFailed {
                en: "The PIN could not be copied. Please read it out or type it.",
                de: "Die PIN konnte nicht kopiert werden. Bitte lesen Sie sie vor oder tippen Sie sie ab.",
                fr: "Le code PIN n'a pas pu être copié. Veuillez le lire ou le saisir.",
                it: "Non è stato possibile copiare il PIN. Lo legga o lo digiti.",
            },
            /// Invite dialog: how long the PIN stays valid; placeholder `{time}` (minutes:seconds).
            "com.baton.agent.invite.validFor" => AgentInviteValidFor {
                en: "Valid for {time} more",
                de: "Noch {time} gültig",
                fr: "Valable encore {time}",
                it: "Valido ancora per {time}",
            },
            /// Invite dialog: the PIN has expired.
            "com.baton.agent.invite.pinExpired" => AgentInvitePinExpired {
                en: "This PIN has expired. Renew it to give the customer a new one.",
                de: "Diese PIN ist abgelaufen. Erneuern Sie sie, um eine neue zu erhalten.",
                fr: "Ce code PIN a expiré. Renouvelez-le pour en donner un nouveau au client.",
                it: "Questo PIN è scaduto. Lo rinnovi per darne uno nuovo al cliente.",
            },
            /// Invite dialog: the button that replaces the PIN with a new one.
            "com.baton.agent.invite.renew" => AgentInviteRenew {
                en: "Renew PIN",
                de: "PIN erneuern",
                fr: "Renouveler le code PIN",
                it: "Rinnova PIN",
            },
            /// Invite dialog: the button that withdraws the PIN.
            "com.baton.agent.invite.revoke" => AgentInviteRevoke {
                en: "Revoke PIN",
                de: "PIN widerrufen",
                fr: "Révoquer le code PIN",
                it: "Revoca PIN",
            },
            /// Invite dialog: a new PIN replaced the previous one.
            "com.baton.agent.invite.renewed" => AgentInviteRenewed {
                en: "New PIN created. The previous PIN no longer works.",
                de: "Neue PIN erstellt. Die vorherige PIN gilt nicht mehr.",
                fr: "Nouveau code PIN créé. L'ancien ne fonctionne plus.",
                it: "Nuovo PIN creato. Il PIN precedente non funziona più.",
            },
            /// Invite dialog: the PIN was revoked.
            "com.baton.agent.invite.revoked" => AgentInviteRevoked {
                en: "PIN revoked: it no longer works.",
                de: "PIN widerrufen: Sie gilt nicht mehr.",
                fr: "Code PIN révoqué : il ne fonctionne plus.",
                it: "PIN revocato: non funziona più.",
            },
            /// Invite dialog: the customer joined with the PIN.
            "com.baton.agent.invite.redeemed" => AgentInviteRedeemed {
                en: "The customer has joined with this PIN.",
                de: "Die Kundin oder der Kunde ist mit dieser PIN beigetreten.",
                fr: "Le client a rejoint la conversation avec ce code PIN.",
                it: "Il cliente si è unito con questo PIN.",
            },
            /// Invite dialog: label of the customer's e-mail address.
            "com.baton.agent.invite.email" => AgentInviteEmail {
                en: "Customer's e-mail address",
                de: "E-Mail-Adresse der Kundin oder des Kunden",
                fr: "Adresse e-mail du client",
                it: "Indirizzo e-mail del cliente",
            },
            /// Invite dialog: the e-mail address is not valid.
            "com.baton.agent.invite.emailInvalid" => AgentInviteEmailInvalid {
                en: "Please enter a valid e-mail address, such as name@example.com.",
                de: "Bitte geben Sie eine gültige E-Mail-Adresse ein, zum Beispiel name@example.com.",
                fr: "Veuillez saisir une adresse e-mail valide, par exemple nom@example.com.",
                it: "Inserisca un indirizzo e-mail valido, ad esempio nome@example.com.",
            },
            /// Invite dialog: the button that sends an invitation.
            "com.baton.agent.invite.send" => AgentInviteSend {
                en: "Send invitation",
                de: "Einladung senden",
                fr: "Envoyer l'invitation",
                it: "Invia invito",
            },
            /// Invite dialog: the e-mail invitation was sent; placeholder `{email}`.
            "com.baton.agent.invite.emailSent" => AgentInviteEmailSent {
                en: "Invitation sent to {email}.",
                de: "Einladung an {email} gesendet.",
                fr: "Invitation envoyée à {email}.",
                it: "Invito inviato a {email}.",
            },
            /// Invite dialog: label of the message for the invited agent or team.
            "com.baton.agent.invite.message" => AgentInviteMessage {
                en: "Message for the invited agents",
                de: "Nachricht an die Eingeladenen",
                fr: "Message pour les agents invités",
                it: "Messaggio per gli agenti invitati",
            },
            /// Invite dialog: the invited agents join without the customer seeing them.
            "com.baton.agent.invite.joinHidden" => AgentInviteJoinHidden {
                en: "Join hidden (the customer does not see them)",
                de: "Verborgen beitreten (die Kundin oder der Kunde sieht sie nicht)",
                fr: "Rejoindre en masqué (le client ne les voit pas)",
                it: "Partecipare nascosti (il cliente non li vede)",
            },
            /// Invite dialog: no agent or team was chosen.
            "com.baton.agent.invite.chooseTarget" => AgentInviteChooseTarget {
                en: "Please choose an agent or a team.",
                de: "Bitte wählen Sie eine Beraterin, einen Berater oder ein Team.",
                fr: "Veuillez choisir un agent ou une équipe.",
                it: "Scelga un agente o un team.",
            },
            /// Invite dialog: the agent or team was invited; placeholder `{name}`.
            "com.baton.agent.invite.invited" => AgentInviteInvited {
                en: "{name} has been invited.",
                de: "{name} wurde eingeladen.",
                fr: "{name} a été invité.",
                it: "{name} è stato invitato.",
            },
            /// Invite dialog: heading of the agent and team invitations waiting for an answer.
            "com.baton.agent.invite.waiting" => AgentInviteWaiting {
                en: "Invitations waiting for an answer",
                de: "Einladungen, die auf eine Antwort warten",
                fr: "Invitations en attente de réponse",
                it: "Inviti in attesa di risposta",
            },
            /// Unassign: the button and the confirming button.
            "com.baton.agent.unassign" => AgentUnassign {
                en: "Unassign",
                de: "Zuweisung aufheben",
                fr: "Désattribuer",
                it: "Rimuovi assegnazione",
            },
            /// Unassign: the dialog's title.
            "com.baton.agent.unassign.title" => AgentUnassignTitle {
                en: "Unassign this conversation?",
                de: "Zuweisung dieses Gesprächs aufheben?",
                fr: "Désattribuer cette conversation ?",
                it: "Rimuovere l'assegnazione di questa conversazione?",
            },
            /// Unassign: what unassigning does; placeholder `{name}` (the assigned agent).
            "com.baton.agent.unassign.description" => AgentUnassignDescription {
                en: "{name} leaves the conversation, and it becomes visible to the organisation's other agents.",
                de: "{name} verlässt das Gespräch, und es wird für die anderen Beraterinnen und Berater der Organisation sichtbar.",
                fr: "{name} quitte la conversation, qui devient visible pour les autres agents de l'organisation.",
                it: "{name} lascia la conversazione, che diventa visibile agli altri agenti dell'organizzazione.",
            },
            /// Unassign: the server refused, naming who may unassign.
            "com.baton.agent.unassign.notAllowed" => AgentUnassignNotAllowed {
                en: "The server refused: only the assigned agent, a supervisor or an agent of the parent organisation may unassign this conversation.",
                de: "Der Server hat abgelehnt: Nur die zugewiesene Person, eine Supervisorin oder ein Supervisor oder jemand der übergeordneten Organisation darf die Zuweisung aufheben.",
                fr: "Le serveur a refusé : seuls l'agent attribué, un superviseur ou un agent de l'organisation parente peuvent désattribuer cette conversation.",
                it: "Il server ha rifiutato: solo l'agente assegnato, un supervisore o un agente dell'organizzazione madre può rimuovere l'assegnazione.",
            },
            /// Unassign: the conversation has no assignee (any more).
            "com.baton.agent.unassign.notAssigned" => AgentUnassignNotAssigned {
                en: "This conversation is not assigned to anyone.",
                de: "Dieses Gespräch ist niemandem zugewiesen.",
                fr: "Cette conversation n'est attribuée à personne.",
                it: "Questa conversazione non è assegnata a nessuno.",
            },
            /// Unassign: done.
            "com.baton.agent.unassign.done" => AgentUnassignDone {
                en: "Conversation unassigned: visible to the organisation's agents.",
                de: "Zuweisung aufgehoben: für die Beraterinnen und Berater der Organisation sichtbar.",
                fr: "Conversation désattribuée : visible pour les agents de l'organisation.",
                it: "Assegnazione rimossa: visibile agli agenti dell'organizzazione.",
            },
            /// Transfer: the button that opens the dialog.
            "com.baton.agent.transfer" => AgentTransfer {
                en: "Transfer",
                de: "Übergeben",
                fr: "Transférer",
                it: "Trasferisci",
            },
            /// Transfer: the dialog's title.
            "com.baton.agent.transfer.title" => AgentTransferTitle {
                en: "Transfer this conversation",
                de: "Dieses Gespräch übergeben",
                fr: "Transférer cette conversation",
                it: "Trasferisci questa conversazione",
            },
            /// Transfer: what a transfer does.
            "com.baton.agent.transfer.description" => AgentTransferDescription {
                en: "The agent you choose can accept or reject the conversation. It stays yours until they accept.",
                de: "Die gewählte Person kann das Gespräch annehmen oder ablehnen. Bis sie annimmt, bleibt es Ihres.",
                fr: "L'agent choisi peut accepter ou refuser la conversation. Elle reste la vôtre jusqu'à son acceptation.",
                it: "L'agente scelto può accettare o rifiutare la conversazione. Resta sua finché non accetta.",
            },
            /// Transfer: the button that offers the transfer.
            "com.baton.agent.transfer.offer" => AgentTransferOffer {
                en: "Offer transfer",
                de: "Übergabe anbieten",
                fr: "Proposer le transfert",
                it: "Proponi il trasferimento",
            },
            /// Transfer: no agent was chosen.
            "com.baton.agent.transfer.chooseAgent" => AgentTransferChooseAgent {
                en: "Please choose an agent.",
                de: "Bitte wählen Sie eine Beraterin oder einen Berater.",
                fr: "Veuillez choisir un agent.",
                it: "Scelga un agente.",
            },
            /// Transfer: the transfer was offered; placeholder `{name}`.
            "com.baton.agent.transfer.offered" => AgentTransferOffered {
                en: "Transfer offered to {name}.",
                de: "Übergabe an {name} angeboten.",
                fr: "Transfert proposé à {name}.",
                it: "Trasferimento proposto a {name}.",
            },
            /// Transfer: SuperOffice's "if the session does not belong to the user, nothing happens".
            "com.baton.agent.transfer.notYours" => AgentTransferNotYours {
                en: "Nothing happened: only the agent the conversation is assigned to can transfer it.",
                de: "Nichts geschehen: Nur die zugewiesene Person kann das Gespräch übergeben.",
                fr: "Rien ne s'est passé : seul l'agent attribué peut transférer la conversation.",
                it: "Non è successo nulla: solo l'agente assegnato può trasferire la conversazione.",
            },
            /// Transfer: a transfer waits for the receiving agent; placeholder `{name}`.
            "com.baton.agent.transfer.pendingTo" => AgentTransferPendingTo {
                en: "Transfer to {name} pending: waiting for their answer.",
                de: "Übergabe an {name} ausstehend: Die Antwort steht noch aus.",
                fr: "Transfert à {name} en attente de sa réponse.",
                it: "Trasferimento a {name} in attesa della risposta.",
            },
            /// Transfer: a transfer waits for the signed-in agent; placeholder `{name}` (who offers it).
            "com.baton.agent.transfer.pendingForMe" => AgentTransferPendingForMe {
                en: "{name} offers you this conversation.",
                de: "{name} bietet Ihnen dieses Gespräch an.",
                fr: "{name} vous propose cette conversation.",
                it: "{name} le propone questa conversazione.",
            },
            /// Transfer: the receiving agent accepts.
            "com.baton.agent.transfer.accept" => AgentTransferAccept {
                en: "Accept transfer",
                de: "Übergabe annehmen",
                fr: "Accepter le transfert",
                it: "Accetta il trasferimento",
            },
            /// Transfer: the receiving agent rejects.
            "com.baton.agent.transfer.reject" => AgentTransferReject {
                en: "Reject transfer",
                de: "Übergabe ablehnen",
                fr: "Refuser le transfert",
                it: "Rifiuta il trasferimento",
            },
            /// Transfer: accepted.
            "com.baton.agent.transfer.accepted" => AgentTransferAccepted {
                en: "Transfer accepted: the conversation is assigned to you.",
                de: "Übergabe angenommen: Das Gespräch ist Ihnen zugewiesen.",
                fr: "Transfert accepté : la conversation vous est attribuée.",
                it: "Trasferimento accettato: la conversazione è assegnata a lei.",
            },
            /// Transfer: rejected.
            "com.baton.agent.transfer.rejected" => AgentTransferRejected {
                en: "Transfer rejected.",
                de: "Übergabe abgelehnt.",
                fr: "Transfert refusé.",
                it: "Trasferimento rifiutato.",
            },
            /// Delegation queue: its heading.
            "com.baton.agent.queue.title" => AgentQueueTitle {
                en: "Requests for you",
                de: "Anfragen an Sie",
                fr: "Demandes pour vous",
                it: "Richieste per lei",
            },
            /// Delegation queue: nothing is waiting.
            "com.baton.agent.queue.empty" => AgentQueueEmpty {
                en: "No requests are waiting for you.",
                de: "Keine Anfragen warten auf Sie.",
                fr: "Aucune demande ne vous attend.",
                it: "Nessuna richiesta la attende.",
            },
            /// Delegation queue: a request delegated to the agent as a deputy; placeholders `{agent}`, `{level}`.
            "com.baton.agent.queue.delegated" => AgentQueueDelegated {
                en: "For {agent}: you are a level {level} deputy",
                de: "Für {agent}: Sie sind Stellvertretung der Stufe {level}",
                fr: "Pour {agent} : vous êtes suppléant de niveau {level}",
                it: "Per {agent}: lei è sostituto di livello {level}",
            },
            /// Delegation queue: a conversation forwarded to the agent; placeholder `{agent}` (who forwarded it).
            "com.baton.agent.queue.forwarded" => AgentQueueForwarded {
                en: "Forwarded to you by {agent}",
                de: "Von {agent} an Sie weitergeleitet",
                fr: "Transférée à vous par {agent}",
                it: "Inoltrata a lei da {agent}",
            },
            /// Delegation queue: an invitation to join a conversation; placeholder `{agent}` (who invited).
            "com.baton.agent.queue.invited" => AgentQueueInvited {
                en: "{agent} invites you to join",
                de: "{agent} lädt Sie zur Teilnahme ein",
                fr: "{agent} vous invite à participer",
                it: "{agent} la invita a partecipare",
            },
            /// Delegation queue: a customer's request addressed to the agent, their team or the queue.
            "com.baton.agent.queue.requested" => AgentQueueRequested {
                en: "A customer asks for help",
                de: "Eine Kundin oder ein Kunde bittet um Hilfe",
                fr: "Un client demande de l'aide",
                it: "Un cliente chiede aiuto",
            },
            /// Delegation queue: the waiting customer; placeholder `{name}`.
            "com.baton.agent.queue.customer" => AgentQueueCustomer {
                en: "Customer: {name}",
                de: "Kunde: {name}",
                fr: "Client : {name}",
                it: "Cliente: {name}",
            },
            /// Delegation queue: waited less than a minute so far.
            "com.baton.agent.queue.waitingJustNow" => AgentQueueWaitingJustNow {
                en: "Waiting less than 1 min",
                de: "Wartet seit weniger als 1 Min.",
                fr: "En attente depuis moins d'1 min",
                it: "In attesa da meno di 1 min",
            },
            /// Delegation queue: how long the customer has waited; placeholder `{minutes}`.
            "com.baton.agent.queue.waiting" => AgentQueueWaiting {
                en: "Waiting {minutes} min",
                de: "Wartet seit {minutes} Min.",
                fr: "En attente depuis {minutes} min",
                it: "In attesa da {minutes} min",
            },
            /// Delegation queue: the forwarder's or inviter's comment; placeholder `{comment}`.
            "com.baton.agent.queue.comment" => AgentQueueComment {
                en: "Comment: {comment}",
                de: "Kommentar: {comment}",
                fr: "Commentaire : {comment}",
                it: "Commento: {comment}",
            },
            /// Delegation queue: the agent ignored this request earlier (it stays in the queue).
            "com.baton.agent.queue.youIgnored" => AgentQueueYouIgnored {
                en: "You ignored this request.",
                de: "Sie haben diese Anfrage ignoriert.",
                fr: "Vous avez ignoré cette demande.",
                it: "Ha ignorato questa richiesta.",
            },
            /// Delegation queue: the Accept button.
            "com.baton.agent.queue.accept" => AgentQueueAccept {
                en: "Accept",
                de: "Annehmen",
                fr: "Accepter",
                it: "Accetta",
            },
            /// Delegation queue: the Decline button (declines for every deputy).
            "com.baton.agent.queue.decline" => AgentQueueDecline {
                en: "Decline",
                de: "Ablehnen",
                fr: "Refuser",
                it: "Rifiuta",
            },
            /// Delegation queue: the Ignore button.
            "com.baton.agent.queue.ignore" => AgentQueueIgnore {
                en: "Ignore",
                de: "Ignorieren",
                fr: "Ignorer",
                it: "Ignora",
            },
            /// Delegation queue: the Later button.
            "com.baton.agent.queue.later" => AgentQueueLater {
                en: "Later",
                de: "Später",
                fr: "Plus tard",
                it: "Più tardi",
            },
            /// Delegation queue: announced after Accept.
            "com.baton.agent.queue.accepted" => AgentQueueAccepted {
                en: "You accepted the request. The conversation is open.",
                de: "Sie haben die Anfrage angenommen. Das Gespräch ist geöffnet.",
                fr: "Vous avez accepté la demande. La conversation est ouverte.",
                it: "Ha accettato la richiesta. La conversazione è aperta.",
            },
            /// Delegation queue: announced after Decline.
            "com.baton.agent.queue.declined" => AgentQueueDeclined {
                en: "You declined the request. Nobody can accept it any more.",
                de: "Sie haben die Anfrage abgelehnt. Niemand kann sie mehr annehmen.",
                fr: "Vous avez refusé la demande. Personne ne peut plus l'accepter.",
                it: "Ha rifiutato la richiesta. Nessuno può più accettarla.",
            },
            /// Delegation queue: announced after Ignore.
            "com.baton.agent.queue.ignored" => AgentQueueIgnored {
                en: "You ignored the request. It stays in your queue.",
                de: "Sie haben die Anfrage ignoriert. Sie bleibt in Ihrer Liste.",
                fr: "Vous avez ignoré la demande. Elle reste dans votre file.",
                it: "Ha ignorato la richiesta. Resta nella sua coda.",
            },
            /// Delegation queue: announced after Later.
            "com.baton.agent.queue.laterSent" => AgentQueueLaterSent {
                en: "You will handle the request later. The customer has been told.",
                de: "Sie bearbeiten die Anfrage später. Die Kundin oder der Kunde wurde informiert.",
                fr: "Vous traiterez la demande plus tard. Le client en a été informé.",
                it: "Gestirà la richiesta più tardi. Il cliente è stato informato.",
            },
            /// Delegation queue: someone else answered the request first.
            "com.baton.agent.queue.alreadyAnswered" => AgentQueueAlreadyAnswered {
                en: "Someone else has already answered this request.",
                de: "Jemand anderes hat diese Anfrage bereits beantwortet.",
                fr: "Quelqu'un d'autre a déjà répondu à cette demande.",
                it: "Qualcun altro ha già risposto a questa richiesta.",
            },
            /// Delegation queue: the answer is not offered for this request (any more).
            "com.baton.agent.queue.answerNotAvailable" => AgentQueueAnswerNotAvailable {
                en: "This answer is not available for this request.",
                de: "Diese Antwort ist für diese Anfrage nicht möglich.",
                fr: "Cette réponse n'est pas disponible pour cette demande.",
                it: "Questa risposta non è disponibile per questa richiesta.",
            },
            /// Deputies editor: its heading.
            "com.baton.agent.deputies.title" => AgentDeputiesTitle {
                en: "Your deputies",
                de: "Ihre Stellvertretungen",
                fr: "Vos suppléants",
                it: "I suoi sostituti",
            },
            /// Deputies editor: what it is for.
            "com.baton.agent.deputies.intro" => AgentDeputiesIntro {
                en: "When you do not answer a request, it goes to your assistants and level 1 deputies, then level 2, then level 3.",
                de: "Wenn Sie eine Anfrage nicht beantworten, geht sie an Ihre Assistenz und die Stellvertretungen der Stufe 1, dann Stufe 2, dann Stufe 3.",
                fr: "Si vous ne répondez pas à une demande, elle passe à vos assistants et suppléants de niveau 1, puis de niveau 2, puis de niveau 3.",
                it: "Se non risponde a una richiesta, passa ai suoi assistenti e ai sostituti di livello 1, poi di livello 2, poi di livello 3.",
            },
            /// Deputies editor: heading of the assistants.
            "com.baton.agent.deputies.assistants" => AgentDeputiesAssistants {
                en: "Assistants",
                de: "Assistenz",
                fr: "Assistants",
                it: "Assistenti",
            },
            /// Deputies editor: heading of a level; placeholder `{level}`.
            "com.baton.agent.deputies.level" => AgentDeputiesLevel {
                en: "Level {level} deputies",
                de: "Stellvertretungen Stufe {level}",
                fr: "Suppléants de niveau {level}",
                it: "Sostituti di livello {level}",
            },
            /// Deputies editor: a level without deputies.
            "com.baton.agent.deputies.none" => AgentDeputiesNone {
                en: "Nobody on this level.",
                de: "Niemand auf dieser Stufe.",
                fr: "Personne à ce niveau.",
                it: "Nessuno a questo livello.",
            },
            /// Deputies editor: a level managed by another system.
            "com.baton.agent.deputies.external" => AgentDeputiesExternal {
                en: "Managed by another system: read only.",
                de: "Von einem anderen System verwaltet: nur lesbar.",
                fr: "Géré par un autre système : lecture seule.",
                it: "Gestito da un altro sistema: sola lettura.",
            },
            /// Deputies editor: a team deputy's label; placeholder `{name}`.
            "com.baton.agent.deputies.team" => AgentDeputiesTeam {
                en: "{name} (team)",
                de: "{name} (Team)",
                fr: "{name} (équipe)",
                it: "{name} (team)",
            },
            /// Deputies editor: moves a deputy up; placeholder `{name}`.
            "com.baton.agent.deputies.moveUp" => AgentDeputiesMoveUp {
                en: "Move {name} up",
                de: "{name} nach oben",
                fr: "Monter {name}",
                it: "Sposta {name} in su",
            },
            /// Deputies editor: moves a deputy down; placeholder `{name}`.
            "com.baton.agent.deputies.moveDown" => AgentDeputiesMoveDown {
                en: "Move {name} down",
                de: "{name} nach unten",
                fr: "Descendre {name}",
                it: "Sposta {name} in giù",
            },
            /// Deputies editor: removes a deputy; placeholder `{name}`.
            "com.baton.agent.deputies.remove" => AgentDeputiesRemove {
                en: "Remove {name}",
                de: "{name} entfernen",
                fr: "Retirer {name}",
                it: "Rimuovi {name}",
            },
            /// Deputies editor: the button opening the add dialog, and its title; placeholder `{level}` (the level's heading).
            "com.baton.agent.deputies.choose" => AgentDeputiesChoose {
                en: "Add to {level}",
                de: "Hinzufügen zu {level}",
                fr: "Ajouter à {level}",
                it: "Aggiungi a {level}",
            },
            /// Deputies editor: the add dialog's choice between an agent and a team.
            "com.baton.agent.deputies.kind" => AgentDeputiesKind {
                en: "Add an agent or a team",
                de: "Person oder Team hinzufügen",
                fr: "Ajouter un agent ou une équipe",
                it: "Aggiungere un agente o un team",
            },
            /// Deputies editor: the add button.
            "com.baton.agent.deputies.add" => AgentDeputiesAdd {
                en: "Add",
                de: "Hinzufügen",
                fr: "Ajouter",
                it: "Aggiungi",
            },
            /// Deputies editor: add was pressed with nothing chosen.
            "com.baton.agent.deputies.nothingChosen" => AgentDeputiesNothingChosen {
                en: "Choose an agent or team first.",
                de: "Wählen Sie zuerst einen Agenten oder ein Team.",
                fr: "Choisissez d'abord un agent ou une équipe.",
                it: "Scelga prima un agente o un team.",
            },
            /// Deputies editor: the save button.
            "com.baton.agent.deputies.save" => AgentDeputiesSave {
                en: "Save deputies",
                de: "Stellvertretungen speichern",
                fr: "Enregistrer les suppléants",
                it: "Salva i sostituti",
            },
            /// Deputies editor: there are changes not saved yet.
            "com.baton.agent.deputies.unsaved" => AgentDeputiesUnsaved {
                en: "You have unsaved changes.",
                de: "Sie haben ungespeicherte Änderungen.",
                fr: "Vous avez des modifications non enregistrées.",
                it: "Ci sono modifiche non salvate.",
            },
            /// Deputies editor: announced after saving.
            "com.baton.agent.deputies.saved" => AgentDeputiesSaved {
                en: "Your deputies have been saved.",
                de: "Ihre Stellvertretungen wurden gespeichert.",
                fr: "Vos suppléants ont été enregistrés.",
                it: "I suoi sostituti sono stati salvati.",
            },
            /// Deputies editor: the server refused because a level is managed elsewhere.
            "com.baton.agent.deputies.externalRefused" => AgentDeputiesExternalRefused {
                en: "A level you changed is managed by another system. Nothing was saved.",
                de: "Eine geänderte Stufe wird von einem anderen System verwaltet. Nichts wurde gespeichert.",
                fr: "Un niveau modifié est géré par un autre système. Rien n'a été enregistré.",
                it: "Un livello modificato è gestito da un altro sistema. Non è stato salvato nulla.",
            },
            /// Deputies editor: the server refused the deputies (e.g. one no longer exists).
            "com.baton.agent.deputies.invalid" => AgentDeputiesInvalid {
                en: "These deputies cannot be saved. Nothing was saved.",
                de: "Diese Stellvertretungen können nicht gespeichert werden. Nichts wurde gespeichert.",
                fr: "Ces suppléants ne peuvent pas être enregistrés. Rien n'a été enregistré.",
                it: "Questi sostituti non possono essere salvati. Non è stato salvato nulla.",
            },
        }
    };
}

pub(super) use desk_texts;
