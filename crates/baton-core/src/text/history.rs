//! The texts of the desk's hand-off history view (`com.baton.agent.history.*`): its heading, the
//! words of each step, copy and download, in English, German, French and Italian. Only the desk reads
//! them (`GET /baton/v1/texts?ui=agent`); the key type and the checks are `mod.rs`'s.

/// Adds these texts to those already collected (after the `;`) and hands them on to the next
/// macro named, like `desk_texts!`.
macro_rules! history_texts {
    ($next:ident $(, $rest:ident)*; $($texts:tt)*) => {
        $next! { $($rest),*; $($texts)*
            /// History view: its heading, the button that shows or hides the timeline.
            "com.baton.agent.history.title" => AgentHistoryTitle {
                en: "History",
                de: "Verlauf",
                fr: "Historique",
                it: "Cronologia",
            },
            /// History view: the name of the list of hand-off steps.
            "com.baton.agent.history.steps" => AgentHistorySteps {
                en: "Hand-off steps",
                de: "Übergabeschritte",
                fr: "Étapes de transfert",
                it: "Passaggi di consegne",
            },
            /// History view: shown while the history loads.
            "com.baton.agent.history.loading" => AgentHistoryLoading {
                en: "Loading the history…",
                de: "Verlauf wird geladen…",
                fr: "Chargement de l'historique…",
                it: "Caricamento della cronologia…",
            },
            /// History view: the conversation has no hand-off steps.
            "com.baton.agent.history.empty" => AgentHistoryEmpty {
                en: "No hand-off steps yet.",
                de: "Noch keine Übergabeschritte.",
                fr: "Aucune étape de transfert pour l'instant.",
                it: "Ancora nessun passaggio di consegne.",
            },
            /// History view: the button that copies the timeline as plain text.
            "com.baton.agent.history.copy" => AgentHistoryCopy {
                en: "Copy as text",
                de: "Als Text kopieren",
                fr: "Copier en texte",
                it: "Copia come testo",
            },
            /// History view: announced after the timeline was copied.
            "com.baton.agent.history.copied" => AgentHistoryCopied {
                en: "Copied",
                de: "Kopiert",
                fr: "Copié",
                it: "Copiato",
            },
            /// History view: the browser refused the clipboard.
            "com.baton.agent.history.copyFailed" => AgentHistoryCopyFailed {
                en: "The browser did not allow copying to the clipboard. Select the steps and copy them instead.",
                de: "Der Browser hat das Kopieren in die Zwischenablage nicht erlaubt. Markieren und kopieren Sie die Schritte stattdessen.",
                fr: "Le navigateur n'a pas autorisé la copie dans le presse-papiers. Sélectionnez et copiez plutôt les étapes.",
                it: "Il browser non ha consentito la copia negli appunti. Selezioni e copi invece i passaggi.",
            },
            /// History view: the button that downloads the steps as a CSV file.
            "com.baton.agent.history.download" => AgentHistoryDownload {
                en: "Download CSV",
                de: "CSV herunterladen",
                fr: "Télécharger en CSV",
                it: "Scarica CSV",
            },
            /// History view: the browser could not create the CSV file.
            "com.baton.agent.history.downloadFailed" => AgentHistoryDownloadFailed {
                en: "The browser could not create the CSV file.",
                de: "Der Browser konnte die CSV-Datei nicht erstellen.",
                fr: "Le navigateur n'a pas pu créer le fichier CSV.",
                it: "Il browser non ha potuto creare il file CSV.",
            },
            /// History view: a person the step does not name.
            "com.baton.agent.history.unnamed" => AgentHistoryUnnamed {
                en: "(unknown)",
                de: "(unbekannt)",
                fr: "(inconnu)",
                it: "(sconosciuto)",
            },
            /// History view: Baton itself acted (the delegation's timers, the assistants' sync).
            "com.baton.agent.history.system" => AgentHistorySystem {
                en: "The system",
                de: "Das System",
                fr: "Le système",
                it: "Il sistema",
            },
            /// History view: an administrator acted through the web API.
            "com.baton.agent.history.webApi" => AgentHistoryWebApi {
                en: "An administrator",
                de: "Die Administration",
                fr: "L'administration",
                it: "L'amministrazione",
            },
            /// History view: a team, by name.
            "com.baton.agent.history.team" => AgentHistoryTeam {
                en: "team {name}",
                de: "Team {name}",
                fr: "l'équipe {name}",
                it: "il team {name}",
            },
            /// History view: an organisation, by name.
            "com.baton.agent.history.organisation" => AgentHistoryOrganisation {
                en: "organisation {name}",
                de: "Organisation {name}",
                fr: "l'organisation {name}",
                it: "l'organizzazione {name}",
            },
            /// History view: whoever holds a PIN or link.
            "com.baton.agent.history.tokenHolder" => AgentHistoryTokenHolder {
                en: "the holder of the PIN or link",
                de: "die Person mit der PIN oder dem Link",
                fr: "le détenteur du PIN ou du lien",
                it: "chi possiede il PIN o il link",
            },
            /// History view: the conversation was created.
            "com.baton.agent.history.created" => AgentHistoryCreated {
                en: "Conversation created for {subject}",
                de: "Unterhaltung für {subject} erstellt",
                fr: "Conversation créée pour {subject}",
                it: "Conversazione creata per {subject}",
            },
            /// History view: the conversation was created, with its topic.
            "com.baton.agent.history.createdTopic" => AgentHistoryCreatedTopic {
                en: "Conversation “{topic}” created for {subject}",
                de: "Unterhaltung „{topic}“ für {subject} erstellt",
                fr: "Conversation « {topic} » créée pour {subject}",
                it: "Conversazione «{topic}» creata per {subject}",
            },
            /// History view: the conversation's state changed, the new state not recorded.
            "com.baton.agent.history.stateChanged" => AgentHistoryStateChanged {
                en: "The conversation's state changed",
                de: "Der Status der Unterhaltung hat sich geändert",
                fr: "L'état de la conversation a changé",
                it: "Lo stato della conversazione è cambiato",
            },
            /// History view: the conversation's state became created.
            "com.baton.agent.history.stateCreated" => AgentHistoryStateCreated {
                en: "The conversation was set up",
                de: "Die Unterhaltung wurde eingerichtet",
                fr: "La conversation a été préparée",
                it: "La conversazione è stata predisposta",
            },
            /// History view: the conversation is starting.
            "com.baton.agent.history.stateOnboarding" => AgentHistoryStateOnboarding {
                en: "The conversation is starting",
                de: "Die Unterhaltung beginnt",
                fr: "La conversation commence",
                it: "La conversazione sta iniziando",
            },
            /// History view: the conversation waits in the queue.
            "com.baton.agent.history.stateQueued" => AgentHistoryStateQueued {
                en: "The conversation waits in the queue",
                de: "Die Unterhaltung wartet in der Warteschlange",
                fr: "La conversation attend dans la file",
                it: "La conversazione è in coda",
            },
            /// History view: the conversation became active.
            "com.baton.agent.history.stateActive" => AgentHistoryStateActive {
                en: "The conversation is active",
                de: "Die Unterhaltung ist aktiv",
                fr: "La conversation est active",
                it: "La conversazione è attiva",
            },
            /// History view: the conversation is being resumed.
            "com.baton.agent.history.stateReboarding" => AgentHistoryStateReboarding {
                en: "The conversation is being resumed",
                de: "Die Unterhaltung wird wieder aufgenommen",
                fr: "La conversation reprend",
                it: "La conversazione viene ripresa",
            },
            /// History view: the conversation is ending.
            "com.baton.agent.history.stateOffboarding" => AgentHistoryStateOffboarding {
                en: "The conversation is ending",
                de: "Die Unterhaltung wird beendet",
                fr: "La conversation se termine",
                it: "La conversazione sta terminando",
            },
            /// History view: the conversation was unassigned.
            "com.baton.agent.history.unassigned" => AgentHistoryUnassigned {
                en: "Unassigned: open to the agents of {subject}",
                de: "Zuweisung aufgehoben: offen für die Mitarbeitenden von {subject}",
                fr: "Désassignée : ouverte aux agents de {subject}",
                it: "Assegnazione rimossa: aperta agli operatori di {subject}",
            },
            /// History view: the conversation ended.
            "com.baton.agent.history.ended" => AgentHistoryEnded {
                en: "The conversation ended",
                de: "Die Unterhaltung wurde beendet",
                fr: "La conversation est terminée",
                it: "La conversazione è terminata",
            },
            /// History view: someone became the assignee.
            "com.baton.agent.history.assigned" => AgentHistoryAssigned {
                en: "{subject} became the assignee",
                de: "{subject} ist jetzt zuständig",
                fr: "{subject} est désormais responsable",
                it: "{subject} è ora l'assegnatario",
            },
            /// History view: someone became the assignee instead of someone else.
            "com.baton.agent.history.assignedFrom" => AgentHistoryAssignedFrom {
                en: "{subject} became the assignee instead of {previous}",
                de: "{subject} ist jetzt anstelle von {previous} zuständig",
                fr: "{subject} est désormais responsable à la place de {previous}",
                it: "{subject} è ora l'assegnatario al posto di {previous}",
            },
            /// History view: an assignment request for an agent, a team or a queue.
            "com.baton.agent.history.requested" => AgentHistoryRequested {
                en: "{actor} asked for {subject}",
                de: "{actor} hat {subject} angefragt",
                fr: "{actor} a demandé {subject}",
                it: "{actor} ha chiesto di {subject}",
            },
            /// History view: the conversation was forwarded.
            "com.baton.agent.history.forwarded" => AgentHistoryForwarded {
                en: "{actor} forwarded the conversation to {subject}",
                de: "{actor} hat die Unterhaltung an {subject} weitergeleitet",
                fr: "{actor} a transféré la conversation à {subject}",
                it: "{actor} ha inoltrato la conversazione a {subject}",
            },
            /// History view: the assignee transferred the conversation (SuperOffice).
            "com.baton.agent.history.transferred" => AgentHistoryTransferred {
                en: "{actor} transferred the conversation to {subject}",
                de: "{actor} hat die Unterhaltung an {subject} übergeben",
                fr: "{actor} a passé la conversation à {subject}",
                it: "{actor} ha trasferito la conversazione a {subject}",
            },
            /// History view: an agent or a team was invited.
            "com.baton.agent.history.invited" => AgentHistoryInvited {
                en: "{actor} invited {subject}",
                de: "{actor} hat {subject} eingeladen",
                fr: "{actor} a invité {subject}",
                it: "{actor} ha invitato {subject}",
            },
            /// History view: a customer was invited by PIN.
            "com.baton.agent.history.invitedPin" => AgentHistoryInvitedPin {
                en: "{actor} invited a customer by PIN",
                de: "{actor} hat Kundschaft per PIN eingeladen",
                fr: "{actor} a invité un client par PIN",
                it: "{actor} ha invitato un cliente tramite PIN",
            },
            /// History view: a customer was invited by e-mail.
            "com.baton.agent.history.invitedEmail" => AgentHistoryInvitedEmail {
                en: "{actor} invited {subject} by e-mail",
                de: "{actor} hat {subject} per E-Mail eingeladen",
                fr: "{actor} a invité {subject} par e-mail",
                it: "{actor} ha invitato {subject} via e-mail",
            },
            /// History view: a customer was invited by link.
            "com.baton.agent.history.invitedLink" => AgentHistoryInvitedLink {
                en: "{actor} invited a customer by link",
                de: "{actor} hat Kundschaft per Link eingeladen",
                fr: "{actor} a invité un client par lien",
                it: "{actor} ha invitato un cliente tramite link",
            },
            /// History view: a deputy delegation was started.
            "com.baton.agent.history.delegationStarted" => AgentHistoryDelegationStarted {
                en: "{actor} started asking the deputies of {agent}",
                de: "{actor} hat die Anfrage an die Stellvertretungen von {agent} gestartet",
                fr: "{actor} a lancé la demande aux suppléants de {agent}",
                it: "{actor} ha avviato la richiesta ai sostituti di {agent}",
            },
            /// History view: the customer asked for a deputy (the prompt).
            "com.baton.agent.history.delegationPrompted" => AgentHistoryDelegationPrompted {
                en: "{actor} asked for a deputy of {agent}",
                de: "{actor} hat eine Stellvertretung von {agent} angefragt",
                fr: "{actor} a demandé un suppléant de {agent}",
                it: "{actor} ha chiesto un sostituto di {agent}",
            },
            /// History view: a step followed by its comment (agents only).
            "com.baton.agent.history.withComment" => AgentHistoryWithComment {
                en: "{line}: “{comment}”",
                de: "{line}: „{comment}“",
                fr: "{line} : « {comment} »",
                it: "{line}: «{comment}»",
            },
            /// History view: a step whose words do not name who took it, and who did.
            "com.baton.agent.history.byActor" => AgentHistoryByActor {
                en: "{line} (by {actor})",
                de: "{line} (durch {actor})",
                fr: "{line} (par {actor})",
                it: "{line} (da {actor})",
            },
            /// History view: a PIN was renewed.
            "com.baton.agent.history.pinRenewed" => AgentHistoryPinRenewed {
                en: "The PIN was renewed",
                de: "Die PIN wurde erneuert",
                fr: "Le PIN a été renouvelé",
                it: "Il PIN è stato rinnovato",
            },
            /// History view: someone accepted.
            "com.baton.agent.history.accepted" => AgentHistoryAccepted {
                en: "{actor} accepted the request",
                de: "{actor} hat die Anfrage angenommen",
                fr: "{actor} a accepté la demande",
                it: "{actor} ha accettato la richiesta",
            },
            /// History view: someone answered Later.
            "com.baton.agent.history.later" => AgentHistoryLater {
                en: "{actor} will answer later; the customer was told",
                de: "{actor} antwortet später; die Kundschaft wurde informiert",
                fr: "{actor} répondra plus tard ; le client en a été informé",
                it: "{actor} risponderà più tardi; il cliente è stato informato",
            },
            /// History view: someone declined.
            "com.baton.agent.history.declined" => AgentHistoryDeclined {
                en: "{actor} declined the request",
                de: "{actor} hat die Anfrage abgelehnt",
                fr: "{actor} a refusé la demande",
                it: "{actor} ha rifiutato la richiesta",
            },
            /// History view: someone ignored the request.
            "com.baton.agent.history.ignored" => AgentHistoryIgnored {
                en: "{actor} ignored the request",
                de: "{actor} hat die Anfrage ignoriert",
                fr: "{actor} a ignoré la demande",
                it: "{actor} ha ignorato la richiesta",
            },
            /// History view: someone answered, the answer not recorded.
            "com.baton.agent.history.answered" => AgentHistoryAnswered {
                en: "{actor} answered the request",
                de: "{actor} hat die Anfrage beantwortet",
                fr: "{actor} a répondu à la demande",
                it: "{actor} ha risposto alla richiesta",
            },
            /// History view: a request or invitation was withdrawn.
            "com.baton.agent.history.revoked" => AgentHistoryRevoked {
                en: "The request to {subject} was withdrawn",
                de: "Die Anfrage an {subject} wurde zurückgezogen",
                fr: "La demande à {subject} a été retirée",
                it: "La richiesta a {subject} è stata ritirata",
            },
            /// History view: a customer joined with a PIN or link.
            "com.baton.agent.history.redeemed" => AgentHistoryRedeemed {
                en: "{actor} joined with a PIN or link",
                de: "{actor} ist mit PIN oder Link beigetreten",
                fr: "{actor} a rejoint avec un PIN ou un lien",
                it: "{actor} si è unito con un PIN o un link",
            },
            /// History view: a wrong PIN or link was tried.
            "com.baton.agent.history.redemptionFailed" => AgentHistoryRedemptionFailed {
                en: "A wrong PIN or link was tried ({attempts} so far)",
                de: "Eine falsche PIN oder ein falscher Link wurde versucht (bisher {attempts})",
                fr: "Un PIN ou un lien erroné a été essayé ({attempts} jusqu'ici)",
                it: "È stato provato un PIN o link errato ({attempts} finora)",
            },
            /// History view: a wrong PIN or link was tried and further tries are blocked.
            "com.baton.agent.history.redemptionLocked" => AgentHistoryRedemptionLocked {
                en: "A wrong PIN or link was tried ({attempts} so far); further attempts are blocked for a while",
                de: "Eine falsche PIN oder ein falscher Link wurde versucht (bisher {attempts}); weitere Versuche sind vorübergehend gesperrt",
                fr: "Un PIN ou un lien erroné a été essayé ({attempts} jusqu'ici) ; les tentatives suivantes sont bloquées un moment",
                it: "È stato provato un PIN o link errato ({attempts} finora); altri tentativi sono bloccati per un po'",
            },
            /// History view: the deputies of a level were asked.
            "com.baton.agent.history.notified" => AgentHistoryNotified {
                en: "Level {level} asked: {deputies}",
                de: "Stufe {level} angefragt: {deputies}",
                fr: "Niveau {level} sollicité : {deputies}",
                it: "Livello {level} interpellato: {deputies}",
            },
            /// History view: deputies asked outside the levels (by an administrator).
            "com.baton.agent.history.notifiedExtra" => AgentHistoryNotifiedExtra {
                en: "Asked outside the levels: {deputies}",
                de: "Außerhalb der Stufen angefragt: {deputies}",
                fr: "Sollicités hors niveaux : {deputies}",
                it: "Interpellati fuori dai livelli: {deputies}",
            },
            /// History view: one deputy asked, where they are listed and how they were reached.
            "com.baton.agent.history.deputy" => AgentHistoryDeputy {
                en: "{name} ({listed}, {channels})",
                de: "{name} ({listed}, {channels})",
                fr: "{name} ({listed}, {channels})",
                it: "{name} ({listed}, {channels})",
            },
            /// History view: the deputy is listed as an assistant.
            "com.baton.agent.history.listedAssistant" => AgentHistoryListedAssistant {
                en: "assistant",
                de: "Assistenz",
                fr: "assistant",
                it: "assistente",
            },
            /// History view: the deputy is listed on a level.
            "com.baton.agent.history.listedLevel" => AgentHistoryListedLevel {
                en: "level {level}",
                de: "Stufe {level}",
                fr: "niveau {level}",
                it: "livello {level}",
            },
            /// History view: reached through the queue.
            "com.baton.agent.history.channelQueue" => AgentHistoryChannelQueue {
                en: "queue",
                de: "Warteschlange",
                fr: "file d'attente",
                it: "coda",
            },
            /// History view: reached by e-mail.
            "com.baton.agent.history.channelEmail" => AgentHistoryChannelEmail {
                en: "e-mail",
                de: "E-Mail",
                fr: "e-mail",
                it: "e-mail",
            },
            /// History view: reached by web push.
            "com.baton.agent.history.channelPush" => AgentHistoryChannelPush {
                en: "push",
                de: "Push",
                fr: "push",
                it: "push",
            },
            /// History view: reached through the bank's webhook.
            "com.baton.agent.history.channelWebhook" => AgentHistoryChannelWebhook {
                en: "webhook",
                de: "Webhook",
                fr: "webhook",
                it: "webhook",
            },
            /// History view: nobody answered on any level.
            "com.baton.agent.history.unanswered" => AgentHistoryUnanswered {
                en: "Nobody answered: the bank was told",
                de: "Niemand hat geantwortet: die Bank wurde informiert",
                fr: "Personne n'a répondu : la banque a été informée",
                it: "Nessuno ha risposto: la banca è stata informata",
            },
            /// History view: someone joined.
            "com.baton.agent.history.joined" => AgentHistoryJoined {
                en: "{subject} joined",
                de: "{subject} ist beigetreten",
                fr: "{subject} a rejoint la conversation",
                it: "{subject} si è unito alla conversazione",
            },
            /// History view: someone joined hidden from the customer.
            "com.baton.agent.history.joinedHidden" => AgentHistoryJoinedHidden {
                en: "{subject} joined, hidden from the customer",
                de: "{subject} ist beigetreten, verborgen vor der Kundschaft",
                fr: "{subject} a rejoint la conversation, invisible pour le client",
                it: "{subject} si è unito alla conversazione, nascosto al cliente",
            },
            /// History view: someone left by themselves.
            "com.baton.agent.history.left" => AgentHistoryLeft {
                en: "{subject} left",
                de: "{subject} hat die Unterhaltung verlassen",
                fr: "{subject} a quitté la conversation",
                it: "{subject} ha lasciato la conversazione",
            },
            /// History view: someone left after handing the conversation on.
            "com.baton.agent.history.removedForwarded" => AgentHistoryRemovedForwarded {
                en: "{subject} handed the conversation on",
                de: "{subject} hat die Unterhaltung abgegeben",
                fr: "{subject} a cédé la conversation",
                it: "{subject} ha passato la conversazione",
            },
            /// History view: someone was removed.
            "com.baton.agent.history.removedKicked" => AgentHistoryRemovedKicked {
                en: "{subject} was removed from the conversation",
                de: "{subject} wurde aus der Unterhaltung entfernt",
                fr: "{subject} a été retiré de la conversation",
                it: "{subject} è stato rimosso dalla conversazione",
            },
            /// History view: someone left when the conversation was unassigned.
            "com.baton.agent.history.removedUnassigned" => AgentHistoryRemovedUnassigned {
                en: "{subject} left when the conversation was unassigned",
                de: "{subject} ist mit der Aufhebung der Zuweisung ausgeschieden",
                fr: "{subject} est sorti lors de la désassignation",
                it: "{subject} è uscito con la rimozione dell'assegnazione",
            },
            /// History view: someone left when the conversation ended.
            "com.baton.agent.history.removedEnded" => AgentHistoryRemovedEnded {
                en: "{subject} left when the conversation ended",
                de: "{subject} ist mit dem Ende der Unterhaltung ausgeschieden",
                fr: "{subject} est sorti à la fin de la conversation",
                it: "{subject} è uscito alla fine della conversazione",
            },
            /// History view: someone left when the conversation went back to the queue.
            "com.baton.agent.history.removedRequeued" => AgentHistoryRemovedRequeued {
                en: "{subject} left when the conversation went back to the queue",
                de: "{subject} ist ausgeschieden, als die Unterhaltung zurück in die Warteschlange ging",
                fr: "{subject} est sorti lors du retour de la conversation dans la file",
                it: "{subject} è uscito quando la conversazione è tornata in coda",
            },
            /// History view: the assistants' sync removed someone.
            "com.baton.agent.history.removedSync" => AgentHistoryRemovedSync {
                en: "{subject} was removed by the assistants' synchronisation",
                de: "{subject} wurde durch den Abgleich der Assistenzen entfernt",
                fr: "{subject} a été retiré par la synchronisation des assistants",
                it: "{subject} è stato rimosso dalla sincronizzazione degli assistenti",
            },
            /// History view: someone is no longer in the conversation.
            "com.baton.agent.history.removedOther" => AgentHistoryRemovedOther {
                en: "{subject} is no longer in the conversation",
                de: "{subject} ist nicht mehr in der Unterhaltung",
                fr: "{subject} ne participe plus à la conversation",
                it: "{subject} non partecipa più alla conversazione",
            },
            /// History view: someone was hidden from the customer.
            "com.baton.agent.history.hidden" => AgentHistoryHidden {
                en: "{subject} was hidden from the customer",
                de: "{subject} wurde vor der Kundschaft verborgen",
                fr: "{subject} a été masqué au client",
                it: "{subject} è stato nascosto al cliente",
            },
            /// History view: someone is visible to the customer again.
            "com.baton.agent.history.shown" => AgentHistoryShown {
                en: "{subject} is visible to the customer again",
                de: "{subject} ist für die Kundschaft wieder sichtbar",
                fr: "{subject} est de nouveau visible pour le client",
                it: "{subject} è di nuovo visibile al cliente",
            },
            /// History view: nobody is awaited any more.
            "com.baton.agent.history.awaitedNobody" => AgentHistoryAwaitedNobody {
                en: "Nobody is awaited",
                de: "Es wird auf niemanden gewartet",
                fr: "Personne n'est attendu",
                it: "Non si attende nessuno",
            },
            /// History view: the customer is awaited.
            "com.baton.agent.history.awaitedCustomer" => AgentHistoryAwaitedCustomer {
                en: "Waiting for the customer",
                de: "Warten auf die Kundschaft",
                fr: "En attente du client",
                it: "In attesa del cliente",
            },
            /// History view: an agent is awaited.
            "com.baton.agent.history.awaitedAgent" => AgentHistoryAwaitedAgent {
                en: "Waiting for an agent",
                de: "Warten auf Mitarbeitende",
                fr: "En attente d'un agent",
                it: "In attesa di un operatore",
            },
            /// History view: the customer was asked whether to invite a deputy.
            "com.baton.agent.history.promptOffered" => AgentHistoryPromptOffered {
                en: "The customer was asked whether to invite a deputy",
                de: "Die Kundschaft wurde gefragt, ob eine Stellvertretung eingeladen werden soll",
                fr: "On a demandé au client s'il souhaite inviter un suppléant",
                it: "Al cliente è stato chiesto se invitare un sostituto",
            },
            /// History view: the customer chose to invite a deputy.
            "com.baton.agent.history.promptAccepted" => AgentHistoryPromptAccepted {
                en: "The customer chose to invite a deputy",
                de: "Die Kundschaft möchte eine Stellvertretung einladen",
                fr: "Le client a choisi d'inviter un suppléant",
                it: "Il cliente ha scelto di invitare un sostituto",
            },
            /// History view: the customer did not want a deputy.
            "com.baton.agent.history.promptDeclined" => AgentHistoryPromptDeclined {
                en: "The customer did not want a deputy",
                de: "Die Kundschaft wollte keine Stellvertretung",
                fr: "Le client n'a pas voulu de suppléant",
                it: "Il cliente non ha voluto un sostituto",
            },
            /// History view: the customer answered the deputy question, the answer not recorded.
            "com.baton.agent.history.promptAnswered" => AgentHistoryPromptAnswered {
                en: "The customer answered the deputy question",
                de: "Die Kundschaft hat die Frage nach einer Stellvertretung beantwortet",
                fr: "Le client a répondu à la question du suppléant",
                it: "Il cliente ha risposto alla domanda sul sostituto",
            },
            /// History view: the customer did not answer the deputy question in time.
            "com.baton.agent.history.promptExpired" => AgentHistoryPromptExpired {
                en: "The customer did not answer in time",
                de: "Die Kundschaft hat nicht rechtzeitig geantwortet",
                fr: "Le client n'a pas répondu à temps",
                it: "Il cliente non ha risposto in tempo",
            },
        }
    };
}

pub(super) use history_texts;
