//! One hand-off step in words: who did what to whom, and the outcome ("Anna Advisor
//! forwarded the conversation to Ben Assistant: “…”", "Level 1 asked: …"), from the entry and
//! the names known for its people and teams.
//!
//! Pure: no DOM, no requests (names are looked up by the component and handed in), so every
//! wording is tested natively. Only what the entry carries is said; a person or team without
//! a known name is shown by its id, a missing one as "(unknown)". Times are the component's.

use std::collections::BTreeMap;

use baton_core::conversation::{AwaitedPersonType, ConversationState, OffboardingReason};
use baton_core::deputy::DeputyLevel;
use baton_core::history::{
    DelegationTrigger, HandoffAction, HandoffActor, HandoffDetail, HandoffEntry, HandoffOutcome,
    HandoffSubject, InvitationKind, NotifiedDeputy,
};
use baton_core::id::{PersonId, TeamId};
use baton_core::notification::NotificationChannel;
use baton_core::text::TextKey;

use crate::texts::Texts;

/// Display names of people and teams, as far as they are known.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Names {
    /// People by id.
    pub persons: BTreeMap<PersonId, String>,
    /// Teams by id.
    pub teams: BTreeMap<TeamId, String>,
}

impl Names {
    fn person(&self, id: &PersonId) -> String {
        self.persons
            .get(id)
            .cloned()
            .unwrap_or_else(|| id.to_string())
    }

    fn team(&self, id: &TeamId) -> String {
        self.teams
            .get(id)
            .cloned()
            .unwrap_or_else(|| id.to_string())
    }
}

/// The people and teams `entry` names, for the component to look up.
pub(crate) fn named(entry: &HandoffEntry) -> (Vec<PersonId>, Vec<TeamId>) {
    let mut persons = Vec::new();
    let mut teams = Vec::new();
    if let Some(HandoffActor::Person(p)) = &entry.actor {
        persons.push(p.clone());
    }
    match &entry.subject {
        Some(HandoffSubject::Person(p)) => persons.push(p.clone()),
        Some(HandoffSubject::Team(t)) => teams.push(t.clone()),
        _ => {}
    }
    match &entry.detail {
        Some(HandoffDetail::Notified { deputies, .. }) => {
            persons.extend(deputies.iter().map(|d| d.person.clone()));
        }
        Some(HandoffDetail::Assignment {
            previous: Some(previous),
        }) => persons.push(previous.clone()),
        Some(HandoffDetail::Invitation {
            delegation: Some(delegation),
            ..
        }) => persons.push(delegation.agent.clone()),
        _ => {}
    }
    (persons, teams)
}

/// The step in words, in the texts' language.
pub(crate) fn line(entry: &HandoffEntry, texts: &Texts, names: &Names) -> String {
    use HandoffAction as A;
    let unknown = || texts.get(TextKey::AgentHistoryUnnamed);
    let actor = || match &entry.actor {
        Some(HandoffActor::Person(p)) => names.person(p),
        Some(HandoffActor::System) => texts.get(TextKey::AgentHistorySystem),
        Some(HandoffActor::WebApi) => texts.get(TextKey::AgentHistoryWebApi),
        None => unknown(),
    };
    let subject = || match &entry.subject {
        Some(s) => subject_words(s, texts, names),
        None => unknown(),
    };
    let by_actor = |key: TextKey| texts.render(key, &[("actor", &actor())]);
    let of_subject = |key: TextKey| texts.render(key, &[("subject", &subject())]);
    let comment = match &entry.detail {
        Some(HandoffDetail::Invitation { comment, .. })
        | Some(HandoffDetail::Offboarding { comment, .. }) => {
            comment.as_deref().filter(|c| !c.trim().is_empty())
        }
        _ => None,
    };
    let said = match entry.action {
        A::Created => match &entry.detail {
            Some(HandoffDetail::Conversation { topic: Some(topic) })
                if !topic.trim().is_empty() =>
            {
                texts.render(
                    TextKey::AgentHistoryCreatedTopic,
                    &[("topic", topic), ("subject", &subject())],
                )
            }
            _ => of_subject(TextKey::AgentHistoryCreated),
        },
        A::StateChanged => match &entry.detail {
            // Its own action (`UNASSIGNED`) says this; a state detail never does.
            Some(HandoffDetail::State {
                state: ConversationState::Unassigned,
            }) => of_subject(TextKey::AgentHistoryUnassigned),
            Some(HandoffDetail::State { state }) => texts.get(state_key(*state)),
            _ => texts.get(TextKey::AgentHistoryStateChanged),
        },
        A::Unassigned => of_subject(TextKey::AgentHistoryUnassigned),
        A::Ended => texts.get(TextKey::AgentHistoryEnded),
        A::Assigned => match &entry.detail {
            Some(HandoffDetail::Assignment {
                previous: Some(previous),
            }) => texts.render(
                TextKey::AgentHistoryAssignedFrom,
                &[
                    ("subject", &subject()),
                    ("previous", &names.person(previous)),
                ],
            ),
            _ => of_subject(TextKey::AgentHistoryAssigned),
        },
        A::Requested => {
            actor_and_subject(texts, TextKey::AgentHistoryRequested, &actor(), &subject())
        }
        A::Forwarded => {
            actor_and_subject(texts, TextKey::AgentHistoryForwarded, &actor(), &subject())
        }
        A::Transferred => actor_and_subject(
            texts,
            TextKey::AgentHistoryTransferred,
            &actor(),
            &subject(),
        ),
        A::Invited => {
            let key = match entry.invitation.as_ref().and_then(|i| i.kind) {
                Some(InvitationKind::Pin) => TextKey::AgentHistoryInvitedPin,
                Some(InvitationKind::Email) => TextKey::AgentHistoryInvitedEmail,
                Some(InvitationKind::Link) => TextKey::AgentHistoryInvitedLink,
                _ => TextKey::AgentHistoryInvited,
            };
            actor_and_subject(texts, key, &actor(), &subject())
        }
        A::DeputyDelegationStarted => {
            let delegation = match &entry.detail {
                Some(HandoffDetail::Invitation { delegation, .. }) => delegation.as_ref(),
                _ => None,
            };
            let key = match delegation.map(|d| d.trigger) {
                Some(DelegationTrigger::VisitorPrompt) => TextKey::AgentHistoryDelegationPrompted,
                _ => TextKey::AgentHistoryDelegationStarted,
            };
            let agent = delegation.map_or_else(subject, |d| names.person(&d.agent));
            texts.render(key, &[("actor", &actor()), ("agent", &agent)])
        }
        A::PinRenewed => texts.get(TextKey::AgentHistoryPinRenewed),
        A::Answered => by_actor(match entry.outcome {
            Some(HandoffOutcome::Accepted) => TextKey::AgentHistoryAccepted,
            Some(HandoffOutcome::Later) => TextKey::AgentHistoryLater,
            Some(HandoffOutcome::Declined) => TextKey::AgentHistoryDeclined,
            Some(HandoffOutcome::Ignored) => TextKey::AgentHistoryIgnored,
            _ => TextKey::AgentHistoryAnswered,
        }),
        A::Revoked => of_subject(TextKey::AgentHistoryRevoked),
        A::Redeemed => by_actor(TextKey::AgentHistoryRedeemed),
        A::RedemptionFailed => {
            let (attempts, locked) = match &entry.detail {
                Some(HandoffDetail::Attempts {
                    failed_attempts,
                    locked_until,
                }) => (failed_attempts.to_string(), locked_until.is_some()),
                _ => (unknown(), false),
            };
            let key = if locked || entry.outcome == Some(HandoffOutcome::Locked) {
                TextKey::AgentHistoryRedemptionLocked
            } else {
                TextKey::AgentHistoryRedemptionFailed
            };
            texts.render(key, &[("attempts", &attempts)])
        }
        A::DeputiesNotified => match &entry.detail {
            Some(HandoffDetail::Notified { level, deputies }) => {
                let deputies = deputies
                    .iter()
                    .map(|d| deputy_words(d, texts, names))
                    .collect::<Vec<_>>()
                    .join(", ");
                match level {
                    Some(level) => texts.render(
                        TextKey::AgentHistoryNotified,
                        &[
                            ("level", &level.number().to_string()),
                            ("deputies", &deputies),
                        ],
                    ),
                    None => texts.render(
                        TextKey::AgentHistoryNotifiedExtra,
                        &[("deputies", &deputies)],
                    ),
                }
            }
            _ => texts.render(
                TextKey::AgentHistoryNotifiedExtra,
                &[("deputies", &unknown())],
            ),
        },
        A::DelegationUnanswered => texts.get(TextKey::AgentHistoryUnanswered),
        A::Joined => match &entry.detail {
            Some(HandoffDetail::Participation { hidden: true, .. }) => {
                of_subject(TextKey::AgentHistoryJoinedHidden)
            }
            _ => of_subject(TextKey::AgentHistoryJoined),
        },
        A::Left => of_subject(TextKey::AgentHistoryLeft),
        A::Offboarded => of_subject(match &entry.detail {
            Some(HandoffDetail::Offboarding { reason, .. }) => removed_key(*reason),
            _ => TextKey::AgentHistoryRemovedOther,
        }),
        A::Hidden => of_subject(TextKey::AgentHistoryHidden),
        A::Shown => of_subject(TextKey::AgentHistoryShown),
        A::AwaitedChanged => texts.get(match &entry.detail {
            Some(HandoffDetail::Awaited {
                awaited: AwaitedPersonType::Visitor,
            }) => TextKey::AgentHistoryAwaitedCustomer,
            Some(HandoffDetail::Awaited {
                awaited: AwaitedPersonType::Agent,
            }) => TextKey::AgentHistoryAwaitedAgent,
            _ => TextKey::AgentHistoryAwaitedNobody,
        }),
        A::PromptOffered => texts.get(TextKey::AgentHistoryPromptOffered),
        A::PromptAnswered => texts.get(match entry.outcome {
            Some(HandoffOutcome::Accepted) => TextKey::AgentHistoryPromptAccepted,
            Some(HandoffOutcome::Declined) => TextKey::AgentHistoryPromptDeclined,
            _ => TextKey::AgentHistoryPromptAnswered,
        }),
        A::PromptExpired => texts.get(TextKey::AgentHistoryPromptExpired),
    };
    // The steps whose words leave out who took them get the actor after them, when the log
    // names one (older events and steps that follow from another do not).
    let said = match (&entry.actor, entry.action) {
        (
            Some(_),
            A::StateChanged
            | A::Unassigned
            | A::Ended
            | A::PinRenewed
            | A::Revoked
            | A::Hidden
            | A::Shown,
        ) => texts.render(
            TextKey::AgentHistoryByActor,
            &[("line", &said), ("actor", &actor())],
        ),
        _ => said,
    };
    match comment {
        Some(comment) => texts.render(
            TextKey::AgentHistoryWithComment,
            &[("line", &said), ("comment", comment)],
        ),
        None => said,
    }
}

fn actor_and_subject(texts: &Texts, key: TextKey, actor: &str, subject: &str) -> String {
    texts.render(key, &[("actor", actor), ("subject", subject)])
}

fn subject_words(subject: &HandoffSubject, texts: &Texts, names: &Names) -> String {
    match subject {
        HandoffSubject::Person(p) => names.person(p),
        HandoffSubject::Team(t) => {
            texts.render(TextKey::AgentHistoryTeam, &[("name", &names.team(t))])
        }
        HandoffSubject::Organisation(a) => {
            texts.render(TextKey::AgentHistoryOrganisation, &[("name", a.as_str())])
        }
        HandoffSubject::Email(address) => address.clone(),
        HandoffSubject::TokenHolder => texts.get(TextKey::AgentHistoryTokenHolder),
    }
}

/// "Ben Assistant (assistant, queue + e-mail)".
fn deputy_words(deputy: &NotifiedDeputy, texts: &Texts, names: &Names) -> String {
    let listed = match deputy.listed_as {
        DeputyLevel::Assistants => texts.get(TextKey::AgentHistoryListedAssistant),
        level => texts.render(
            TextKey::AgentHistoryListedLevel,
            &[("level", &level.delegation_level().number().to_string())],
        ),
    };
    let channels = deputy
        .channels
        .iter()
        .map(|c| texts.get(channel_key(*c)))
        .collect::<Vec<_>>()
        .join(" + ");
    texts.render(
        TextKey::AgentHistoryDeputy,
        &[
            ("name", &names.person(&deputy.person)),
            ("listed", &listed),
            ("channels", &channels),
        ],
    )
}

fn channel_key(channel: NotificationChannel) -> TextKey {
    match channel {
        NotificationChannel::Queue => TextKey::AgentHistoryChannelQueue,
        NotificationChannel::Email => TextKey::AgentHistoryChannelEmail,
        NotificationChannel::Push => TextKey::AgentHistoryChannelPush,
        NotificationChannel::Webhook => TextKey::AgentHistoryChannelWebhook,
    }
}

fn state_key(state: ConversationState) -> TextKey {
    match state {
        ConversationState::Created => TextKey::AgentHistoryStateCreated,
        ConversationState::Onboarding => TextKey::AgentHistoryStateOnboarding,
        ConversationState::Queued => TextKey::AgentHistoryStateQueued,
        ConversationState::Active => TextKey::AgentHistoryStateActive,
        ConversationState::Reboarding => TextKey::AgentHistoryStateReboarding,
        ConversationState::Offboarding => TextKey::AgentHistoryStateOffboarding,
        // `line` says an unassigning with its organisation.
        ConversationState::Unassigned => TextKey::AgentHistoryStateChanged,
        ConversationState::Ended => TextKey::AgentHistoryEnded,
    }
}

fn removed_key(reason: OffboardingReason) -> TextKey {
    match reason {
        OffboardingReason::Forwarded => TextKey::AgentHistoryRemovedForwarded,
        OffboardingReason::Kicked => TextKey::AgentHistoryRemovedKicked,
        OffboardingReason::ConversationUnassigned => TextKey::AgentHistoryRemovedUnassigned,
        OffboardingReason::ConversationEnded => TextKey::AgentHistoryRemovedEnded,
        OffboardingReason::ConversationRequeued => TextKey::AgentHistoryRemovedRequeued,
        OffboardingReason::AssistantSynchronization => TextKey::AgentHistoryRemovedSync,
        OffboardingReason::ParticipantLeft | OffboardingReason::Other => {
            TextKey::AgentHistoryRemovedOther
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use baton_core::deputy::DelegationLevel;
    use baton_core::history::{DelegationStarted, InvitationRef};
    use baton_core::time::Timestamp;

    use super::*;

    pub(crate) fn names() -> Names {
        let persons = [
            ("anna.advisor", "Anna Advisor"),
            ("ben.assistant", "Ben Assistant"),
            ("clara.deputy", "Clara Deputy"),
            ("david.deputy", "David Deputy"),
            ("vera.visitor", "Vera Visitor"),
        ];
        Names {
            persons: persons
                .into_iter()
                .map(|(id, name)| (PersonId::new(id), name.to_owned()))
                .collect(),
            teams: [(TeamId::new("advisory"), "Advisory".to_owned())].into(),
        }
    }

    pub(crate) fn entry(position: u64, action: HandoffAction) -> HandoffEntry {
        HandoffEntry {
            position,
            time: Timestamp(1_700_000_000_000 + position as i64 * 1_000),
            conversation: "c1".into(),
            actor: None,
            action,
            subject: None,
            outcome: None,
            invitation: None,
            detail: None,
        }
    }

    fn person(id: &str) -> PersonId {
        PersonId::new(id)
    }

    pub(crate) fn notified(
        position: u64,
        level: DelegationLevel,
        deputies: &[(&str, DeputyLevel, &[NotificationChannel])],
    ) -> HandoffEntry {
        HandoffEntry {
            actor: Some(HandoffActor::System),
            subject: Some(HandoffSubject::Person(person("anna.advisor"))),
            detail: Some(HandoffDetail::Notified {
                level: Some(level),
                deputies: deputies
                    .iter()
                    .map(|(p, listed, channels)| NotifiedDeputy {
                        person: person(p),
                        listed_as: *listed,
                        channels: channels.to_vec(),
                    })
                    .collect(),
            }),
            ..entry(position, HandoffAction::DeputiesNotified)
        }
    }

    pub(crate) fn answered(position: u64, by: &str, outcome: HandoffOutcome) -> HandoffEntry {
        HandoffEntry {
            actor: Some(HandoffActor::Person(person(by))),
            subject: Some(HandoffSubject::Person(person("anna.advisor"))),
            outcome: Some(outcome),
            ..entry(position, HandoffAction::Answered)
        }
    }

    #[test]
    fn a_forwarding_names_who_to_whom_with_the_comment() {
        let forwarded = HandoffEntry {
            actor: Some(HandoffActor::Person(person("anna.advisor"))),
            subject: Some(HandoffSubject::Person(person("ben.assistant"))),
            invitation: Some(InvitationRef {
                id: "i1".into(),
                kind: Some(InvitationKind::Forwarding),
            }),
            detail: Some(HandoffDetail::Invitation {
                comment: Some("Vera asks about her mortgage".to_owned()),
                join_hidden: false,
                expires_at: None,
                delegation: None,
            }),
            ..entry(1, HandoffAction::Forwarded)
        };
        assert_eq!(
            line(&forwarded, &Texts::built_in("en"), &names()),
            "Anna Advisor forwarded the conversation to Ben Assistant: “Vera asks about her mortgage”"
        );
        assert_eq!(
            line(&forwarded, &Texts::built_in("de"), &names()),
            "Anna Advisor hat die Unterhaltung an Ben Assistant weitergeleitet: „Vera asks about her mortgage“"
        );
    }

    #[test]
    fn a_level_names_each_deputy_where_listed_and_how_reached() {
        use NotificationChannel::{Email, Queue};
        let level1 = notified(
            2,
            DelegationLevel::Level1,
            &[
                ("ben.assistant", DeputyLevel::Assistants, &[Queue, Email]),
                ("clara.deputy", DeputyLevel::Level1, &[Queue]),
            ],
        );
        assert_eq!(
            line(&level1, &Texts::built_in("en"), &names()),
            "Level 1 asked: Ben Assistant (assistant, queue + e-mail), Clara Deputy (level 1, queue)"
        );
    }

    #[test]
    fn answers_and_the_unanswered_end_read_as_sentences() {
        let en = Texts::built_in("en");
        assert_eq!(
            line(
                &answered(3, "clara.deputy", HandoffOutcome::Ignored),
                &en,
                &names()
            ),
            "Clara Deputy ignored the request"
        );
        assert_eq!(
            line(
                &answered(4, "david.deputy", HandoffOutcome::Accepted),
                &en,
                &names()
            ),
            "David Deputy accepted the request"
        );
        let unanswered = HandoffEntry {
            actor: Some(HandoffActor::System),
            outcome: Some(HandoffOutcome::Unanswered),
            ..entry(5, HandoffAction::DelegationUnanswered)
        };
        assert_eq!(
            line(&unanswered, &en, &names()),
            "Nobody answered: the bank was told"
        );
    }

    #[test]
    fn unknown_names_show_the_id_and_missing_people_say_so() {
        let by_stranger = answered(6, "zoe.unknown", HandoffOutcome::Declined);
        assert_eq!(
            line(&by_stranger, &Texts::built_in("en"), &names()),
            "zoe.unknown declined the request"
        );
        let nobody = entry(7, HandoffAction::Forwarded);
        assert_eq!(
            line(&nobody, &Texts::built_in("fr"), &names()),
            "(inconnu) a transféré la conversation à (inconnu)"
        );
    }

    #[test]
    fn a_prompted_delegation_names_the_customer_and_the_agent() {
        let started = HandoffEntry {
            actor: Some(HandoffActor::Person(person("vera.visitor"))),
            subject: Some(HandoffSubject::Team(TeamId::new("advisory"))),
            detail: Some(HandoffDetail::Invitation {
                comment: None,
                join_hidden: false,
                expires_at: None,
                delegation: Some(DelegationStarted {
                    trigger: DelegationTrigger::VisitorPrompt,
                    agent: person("anna.advisor"),
                    start: baton_core::deputy::DelegationStart::AtLevel(DelegationLevel::Level1),
                    levels: vec![DelegationLevel::Level1, DelegationLevel::Level2],
                }),
            }),
            ..entry(8, HandoffAction::DeputyDelegationStarted)
        };
        assert_eq!(
            line(&started, &Texts::built_in("en"), &names()),
            "Vera Visitor asked for a deputy of Anna Advisor"
        );
        let (persons, teams) = named(&started);
        assert_eq!(persons, [person("vera.visitor"), person("anna.advisor")]);
        assert_eq!(teams, [TeamId::new("advisory")]);
    }

    #[test]
    fn who_unassigned_revoked_renewed_or_hid_is_named_after_the_step() {
        let texts = Texts::built_in("en");
        let by_clara = |action| HandoffEntry {
            actor: Some(HandoffActor::Person(person("clara.deputy"))),
            subject: Some(HandoffSubject::Person(person("ben.assistant"))),
            ..entry(1, action)
        };
        assert_eq!(
            line(&by_clara(HandoffAction::Hidden), &texts, &names()),
            "Ben Assistant was hidden from the customer (by Clara Deputy)"
        );
        assert_eq!(
            line(&by_clara(HandoffAction::Revoked), &texts, &names()),
            "The request to Ben Assistant was withdrawn (by Clara Deputy)"
        );
        assert_eq!(
            line(&by_clara(HandoffAction::PinRenewed), &texts, &names()),
            "The PIN was renewed (by Clara Deputy)"
        );
        // Older events name nobody: the line says what it always said.
        assert_eq!(
            line(&entry(1, HandoffAction::PinRenewed), &texts, &names()),
            "The PIN was renewed"
        );
        // Steps whose words already name the actor do not name them twice.
        let accepted = answered(2, "clara.deputy", HandoffOutcome::Accepted);
        assert_eq!(
            line(&accepted, &texts, &names())
                .matches("Clara Deputy")
                .count(),
            1
        );
    }

    #[test]
    fn every_action_has_words_in_every_locale() {
        use HandoffAction as A;
        let all = [
            A::Created,
            A::StateChanged,
            A::Unassigned,
            A::Ended,
            A::Assigned,
            A::Requested,
            A::Forwarded,
            A::Transferred,
            A::Invited,
            A::DeputyDelegationStarted,
            A::PinRenewed,
            A::Answered,
            A::Revoked,
            A::Redeemed,
            A::RedemptionFailed,
            A::DeputiesNotified,
            A::DelegationUnanswered,
            A::Joined,
            A::Left,
            A::Offboarded,
            A::Hidden,
            A::Shown,
            A::AwaitedChanged,
            A::PromptOffered,
            A::PromptAnswered,
            A::PromptExpired,
        ];
        for locale in baton_core::text::BUILT_IN_LOCALES {
            let texts = Texts::built_in(locale);
            for action in all {
                let said = line(&entry(1, action), &texts, &names());
                assert!(!said.trim().is_empty(), "{locale} {action:?}");
                assert!(!said.contains('{'), "{locale} {action:?}: {said}");
            }
        }
    }
}
