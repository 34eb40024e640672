//! The texts of the deputies editor's preview of who is asked when
//! (`com.baton.agent.preview.*`), in English, German, French and Italian. Only the desk reads
//! them (`GET /baton/v1/texts?ui=agent`); the key type and the checks are `mod.rs`'s.

/// Adds these texts to those already collected (after the `;`) and hands them on to the next
/// macro named, like `desk_texts!`.
macro_rules! preview_texts {
    ($next:ident $(, $rest:ident)*; $($texts:tt)*) => {
        $next! { $($rest),*; $($texts)*
            /// Deputies editor preview: its heading.
            "com.baton.agent.preview.title" => AgentPreviewTitle {
                en: "Who is asked when",
                de: "Wer wann gefragt wird",
                fr: "Qui est sollicité et quand",
                it: "Chi viene interpellato e quando",
            },
            /// Deputies editor preview: what the steps show, and what they assume.
            "com.baton.agent.preview.intro" => AgentPreviewIntro {
                en: "A request sent to you, with your deputies as shown above, saved or not. The times assume every deputy has notifications switched on.",
                de: "Eine Anfrage an Sie, mit Ihren Stellvertretungen wie oben angezeigt, ob gespeichert oder nicht. Die Zeiten setzen voraus, dass alle Stellvertretungen Benachrichtigungen eingeschaltet haben.",
                fr: "Une demande qui vous est adressée, avec vos suppléants tels qu'affichés ci-dessus, enregistrés ou non. Les délais supposent que tous les suppléants ont activé leurs notifications.",
                it: "Una richiesta indirizzata a te, con i tuoi sostituti come mostrati sopra, salvati o no. I tempi presuppongono che tutti i sostituti abbiano attivato le notifiche.",
            },
            /// Deputies editor preview: a step's time and what happens then; placeholders
            /// `{when}` and `{who}`.
            "com.baton.agent.preview.step" => AgentPreviewStep {
                en: "{when}: {who}",
                de: "{when}: {who}",
                fr: "{when} : {who}",
                it: "{when}: {who}",
            },
            /// Deputies editor preview: the first step's time, when the request arrives.
            "com.baton.agent.preview.now" => AgentPreviewNow {
                en: "Now",
                de: "Jetzt",
                fr: "Maintenant",
                it: "Ora",
            },
            /// Deputies editor preview: a later step's time; placeholder `{duration}`.
            "com.baton.agent.preview.after" => AgentPreviewAfter {
                en: "After {duration}",
                de: "Nach {duration}",
                fr: "Après {duration}",
                it: "Dopo {duration}",
            },
            /// Deputies editor preview: a duration under a minute; placeholder `{seconds}`.
            "com.baton.agent.preview.seconds" => AgentPreviewSeconds {
                en: "{seconds} s",
                de: "{seconds} s",
                fr: "{seconds} s",
                it: "{seconds} s",
            },
            /// Deputies editor preview: whole minutes; placeholder `{minutes}`.
            "com.baton.agent.preview.minutes" => AgentPreviewMinutes {
                en: "{minutes} min",
                de: "{minutes} Min.",
                fr: "{minutes} min",
                it: "{minutes} min",
            },
            /// Deputies editor preview: minutes and seconds; placeholders `{minutes}` and
            /// `{seconds}`.
            "com.baton.agent.preview.minutesSeconds" => AgentPreviewMinutesSeconds {
                en: "{minutes} min {seconds} s",
                de: "{minutes} Min. {seconds} s",
                fr: "{minutes} min {seconds} s",
                it: "{minutes} min {seconds} s",
            },
            /// Deputies editor preview: whole hours; placeholder `{hours}`.
            "com.baton.agent.preview.hours" => AgentPreviewHours {
                en: "{hours} h",
                de: "{hours} Std.",
                fr: "{hours} h",
                it: "{hours} h",
            },
            /// Deputies editor preview: hours and minutes; placeholders `{hours}` and
            /// `{minutes}`.
            "com.baton.agent.preview.hoursMinutes" => AgentPreviewHoursMinutes {
                en: "{hours} h {minutes} min",
                de: "{hours} Std. {minutes} Min.",
                fr: "{hours} h {minutes} min",
                it: "{hours} h {minutes} min",
            },
            /// Deputies editor preview: the request waits for the agent first; placeholder
            /// `{name}` (the agent's own name).
            "com.baton.agent.preview.you" => AgentPreviewYou {
                en: "you ({name})",
                de: "Sie ({name})",
                fr: "vous ({name})",
                it: "tu ({name})",
            },
            /// Deputies editor preview: a deputy asked on a level and why; placeholders
            /// `{name}` and `{why}` (e.g. "level 2, team Advisory").
            "com.baton.agent.preview.deputy" => AgentPreviewDeputy {
                en: "{name} ({why})",
                de: "{name} ({why})",
                fr: "{name} ({why})",
                it: "{name} ({why})",
            },
            /// Deputies editor preview: asked as an assistant (with level 1).
            "com.baton.agent.preview.asAssistant" => AgentPreviewAsAssistant {
                en: "assistant",
                de: "Assistenz",
                fr: "assistant",
                it: "assistente",
            },
            /// Deputies editor preview: asked as a deputy of a level; placeholder `{level}`.
            "com.baton.agent.preview.asLevel" => AgentPreviewAsLevel {
                en: "level {level}",
                de: "Stufe {level}",
                fr: "niveau {level}",
                it: "livello {level}",
            },
            /// Deputies editor preview: asked as a member of a team deputy; placeholder
            /// `{team}`.
            "com.baton.agent.preview.viaTeam" => AgentPreviewViaTeam {
                en: "team {team}",
                de: "Team {team}",
                fr: "équipe {team}",
                it: "team {team}",
            },
            /// Deputies editor preview: listed on a level managed by another system.
            "com.baton.agent.preview.readOnly" => AgentPreviewReadOnly {
                en: "read only",
                de: "nur lesbar",
                fr: "lecture seule",
                it: "sola lettura",
            },
            /// Deputies editor preview: the last step, nobody answered.
            "com.baton.agent.preview.unanswered" => AgentPreviewUnanswered {
                en: "nobody answered, the bank is told",
                de: "niemand hat geantwortet, die Bank wird informiert",
                fr: "personne n'a répondu, la banque est informée",
                it: "nessuno ha risposto, la banca viene informata",
            },
        }
    };
}

pub(super) use preview_texts;
