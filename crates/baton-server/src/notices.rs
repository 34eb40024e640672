//! Notices: what a recorded event means for the people outside the log: the customer's
//! invitation e-mail with its join link, e-mails to deputies, the
//! `push_notification.deputy_delegation` webhook (and its revocation) for deputies with web
//! push with the pushes themselves (and their close), and `assignment_request.unanswered`.
//!
//! Pure functions of the state and one recorded event, called by the checkpointed feed
//! (`webhook_feed`), so a notice is never lost between recording and sending.

use baton_api::wire::conversation::ConversationData;
use baton_api::wire::person::PersonData;
use baton_api::wire::webhook::{
    AssignmentRequestUnansweredEvent, DeputyDelegationPushEvent, DeputyDelegationPushKind,
};
use baton_core::State;
use baton_core::command::ResponseChannel;
use baton_core::event::Event;
use baton_core::id::{ConversationId, InvitationId, PersonId};
use baton_core::invitation::{DelegationResponse, Invitation, InvitationType, ResponseStatus};
use baton_core::text::{TextKey, Texts};
use serde_json::Value;

use crate::mail::Mail;
use crate::store::Recorded;

/// What one recorded event asks to send.
#[derive(Debug, Default)]
pub struct Notices {
    /// Webhooks, as event name and payload.
    pub webhooks: Vec<(&'static str, Value)>,
    /// E-mails.
    pub mails: Vec<Mail>,
    /// Web pushes, one per deputy (the push outbox sends one per device).
    pub pushes: Vec<PushNotice>,
}

/// A web push to one deputy's devices about one delegated request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PushNotice {
    /// The deputy.
    pub person: PersonId,
    /// The delegated request.
    pub invitation: InvitationId,
    /// Its conversation.
    pub conversation: ConversationId,
    /// Ask, or close what was asked.
    pub kind: PushNoticeKind,
}

/// What a push says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PushNoticeKind {
    /// The request asks the deputy, offering `actions` (the two configured ones).
    Ask {
        /// The customer's name.
        customer: String,
        /// The agent who did not answer.
        agent: String,
        /// `com.unblu.core.push_notification.deputyDelegationAvailableNotificationActions`.
        actions: Vec<DelegationResponse>,
    },
    /// The request closed (accepted, declined, revoked): its notification goes away.
    Close,
}

/// The link that signs a visitor into the conversation: the web page reads the invitation
/// and token from the fragment, which browsers never send to a server.
pub fn join_link(public_url: &str, invitation: &InvitationId, token: &str) -> String {
    format!(
        "{}/join.html#invitation={invitation}&token={token}",
        public_url.trim_end_matches('/')
    )
}

/// The notices of `recorded`, given the state after it; links point at `public_url`. An
/// e-mail invitation's mail needs its `link_token` (the log keeps only its digest); without
/// it no mail is built.
pub fn of(
    state: &State,
    texts: &Texts,
    public_url: &str,
    recorded: &Recorded,
    link_token: Option<&str>,
) -> Result<Notices, serde_json::Error> {
    let mut notices = Notices::default();
    let at = recorded.recorded_at;
    match &recorded.event {
        Event::InvitationCreated { invitation }
            if invitation.invitation_type == InvitationType::VisitorInvitation =>
        {
            if let Some(token) = link_token {
                notices.mails.extend(visitor_invitation_mail(
                    state, texts, public_url, invitation, token,
                ));
            }
        }
        Event::DeputiesNotified {
            invitation,
            deputies,
            level,
            ..
        } => {
            let Some(i) = state.invitations.get(invitation) else {
                return Ok(notices);
            };
            let (customer, agent) = names(state, i);
            let level = level.map_or_else(String::new, |l| l.number().to_string());
            let values = [
                ("customer", customer.as_str()),
                ("agent", agent.as_str()),
                ("level", level.as_str()),
            ];
            for deputy in deputies {
                let email = state
                    .directory
                    .person(&deputy.person)
                    .and_then(|p| p.email.clone());
                if let (true, Some(to)) = (deputy.channels.email, email) {
                    notices.mails.push(Mail {
                        to,
                        subject: texts.render(TextKey::DeputyDelegationEmailSubject, "en", &values),
                        body: texts.render(TextKey::DeputyDelegationEmailBody, "en", &values),
                    });
                }
                if deputy.channels.web_push {
                    notices.webhooks.extend(push(
                        state,
                        DeputyDelegationPushKind::Notify,
                        i,
                        &deputy.person,
                        at,
                    )?);
                    notices.pushes.push(PushNotice {
                        person: deputy.person.clone(),
                        invitation: i.id.clone(),
                        conversation: i.conversation.clone(),
                        kind: PushNoticeKind::Ask {
                            customer: customer.clone(),
                            agent: agent.clone(),
                            actions: i
                                .offered_responses(
                                    &state.config,
                                    &deputy.person,
                                    ResponseChannel::PushNotification,
                                )
                                .to_vec(),
                        },
                    });
                }
            }
        }
        Event::DelegationUnanswered { invitation, .. } => {
            let event = state.invitations.get(invitation).and_then(|i| {
                let c = state.conversations.get(&i.conversation)?;
                AssignmentRequestUnansweredEvent::new(at, i, ConversationData::from(c))
            });
            if let Some(event) = event {
                notices.webhooks.push((
                    AssignmentRequestUnansweredEvent::EVENT_TYPE,
                    serde_json::to_value(event)?,
                ));
            }
        }
        Event::InvitationAccepted { invitation, .. }
        | Event::InvitationDeclined { invitation, .. }
        | Event::InvitationRevoked { invitation, .. } => {
            // Withdraw every deputy's push webhook but the one who gave the final answer;
            // close the notification on every device of every deputy asked.
            if let Some(i) = state
                .invitations
                .get(invitation)
                .filter(|i| i.delegation.is_some())
            {
                notices.pushes.extend(
                    i.secondary_targets
                        .iter()
                        .filter(|t| {
                            state
                                .directory
                                .person(&t.person)
                                .is_some_and(|p| p.notifications.web_push)
                        })
                        .map(|t| PushNotice {
                            person: t.person.clone(),
                            invitation: i.id.clone(),
                            conversation: i.conversation.clone(),
                            kind: PushNoticeKind::Close,
                        }),
                );
                for target in i.secondary_targets.iter().filter(|t| {
                    !matches!(
                        t.response,
                        ResponseStatus::Accepted | ResponseStatus::Declined
                    )
                }) {
                    let pushed = state
                        .directory
                        .person(&target.person)
                        .is_some_and(|p| p.notifications.web_push);
                    if pushed {
                        notices.webhooks.extend(push(
                            state,
                            DeputyDelegationPushKind::Revoke,
                            i,
                            &target.person,
                            at,
                        )?);
                    }
                }
            }
        }
        _ => {}
    }
    Ok(notices)
}

/// The e-mail that carries an e-mail invitation's join link, in the inviter's language; who
/// invites is the inviting person, or for the web API the bank.
fn visitor_invitation_mail(
    state: &State,
    texts: &Texts,
    public_url: &str,
    invitation: &Invitation,
    token: &str,
) -> Option<Mail> {
    let to = invitation.email.clone()?;
    let inviter = invitation
        .creator
        .person()
        .and_then(|p| state.directory.person(p))
        .map(|p| p.display_name.clone())
        .or_else(|| {
            state
                .directory
                .account(&invitation.account)
                .map(|a| a.name.clone())
        })
        .unwrap_or_default();
    let link = join_link(public_url, &invitation.id, token);
    let values = [("inviter", inviter.as_str()), ("link", link.as_str())];
    let locale = invitation.locale.as_deref().unwrap_or("en");
    Some(Mail {
        to,
        subject: texts.render(TextKey::VisitorInvitationEmailSubject, locale, &values),
        body: texts.render(TextKey::VisitorInvitationEmailBody, locale, &values),
    })
}

/// The customer's and the original agent's display names, for notification texts.
fn names(state: &State, invitation: &Invitation) -> (String, String) {
    let name = |id: Option<&PersonId>| {
        id.and_then(|p| state.directory.person(p))
            .map_or_else(String::new, |p| p.display_name.clone())
    };
    let customer = state
        .conversations
        .get(&invitation.conversation)
        .and_then(|c| c.context_person());
    (name(customer), name(invitation.target_agent()))
}

/// One deputy push webhook (`push_notification.deputy_delegation` or its revocation).
fn push(
    state: &State,
    kind: DeputyDelegationPushKind,
    invitation: &Invitation,
    person: &PersonId,
    at: baton_core::Timestamp,
) -> Result<Option<(&'static str, Value)>, serde_json::Error> {
    let Some(recipient) = state.directory.person(person) else {
        return Ok(None);
    };
    let conversation = state.conversations.get(&invitation.conversation);
    let event = DeputyDelegationPushEvent {
        kind,
        timestamp: at,
        event_type: kind.event_type().into(),
        account_id: invitation.account.clone(),
        recipient: PersonData::from(recipient),
        locale: None,
        conversation_id: invitation.conversation.clone(),
        device_tokens: Vec::new(),
        invitation_id: InvitationId::clone(&invitation.id),
        context_person: conversation
            .and_then(|c| c.context_person())
            .and_then(|p| state.directory.person(p))
            .map(PersonData::from),
        conversation_start_url: None,
        primary_agent_person: invitation
            .target_agent()
            .and_then(|p| state.directory.person(p))
            .map(PersonData::from),
    };
    Ok(Some((kind.event_type(), serde_json::to_value(event)?)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use baton_core::command::{Command, ResponseChannel};
    use baton_core::conversation::Recipient;
    use baton_core::invitation::DelegationResponse;
    use baton_core::{Actor, Config, Timestamp, decide, demo};

    fn run(state: &mut State, actor: Actor, command: Command) -> Vec<Recorded> {
        let events = decide(state, command, &actor, Timestamp(1)).unwrap();
        events
            .into_iter()
            .enumerate()
            .map(|(n, event)| {
                state.apply(&event);
                Recorded {
                    seq: n as u64,
                    event,
                    recorded_at: Timestamp(1),
                }
            })
            .collect()
    }

    /// The notices of `recorded`; an e-mail invitation's link token is `t` × 22.
    fn notices(state: &State, recorded: &[Recorded]) -> Notices {
        let mut all = Notices::default();
        let token = "t".repeat(22);
        for r in recorded {
            let n = of(
                state,
                &Texts::default(),
                "https://chat.bank.example/",
                r,
                Some(&token),
            )
            .unwrap();
            all.webhooks.extend(n.webhooks);
            all.mails.extend(n.mails);
            all.pushes.extend(n.pushes);
        }
        all
    }

    #[test]
    fn notified_deputies_get_mail_and_push_and_the_others_push_is_withdrawn_on_accept() {
        let mut state = State::new(Config {
            messenger_enable_deputy_delegation: true,
            enable_deputy_delegation: true,
            ..Config::default()
        });
        for (actor, command) in demo::commands() {
            run(&mut state, actor, command);
        }
        run(
            &mut state,
            Actor::Visitor(demo::VERA.into()),
            Command::CreateConversation {
                id: "c".into(),
                account: demo::ACCOUNT.into(),
                topic: None,
                visitor: Some(demo::VERA.into()),
                assignee: None,
                recipient: Some(Recipient::Agent(demo::ANNA.into())),
                request: Some("r".into()),
            },
        );
        let step = state.invitations[&"r".into()]
            .delegation
            .clone()
            .unwrap()
            .plan
            .steps[0]
            .clone();
        let recorded = run(
            &mut state,
            Actor::System,
            Command::RecordDeputiesNotified {
                invitation: "r".into(),
                level: step.level,
                deputies: step.deputies,
            },
        );
        let sent = notices(&state, &recorded);
        let to: Vec<&str> = sent.mails.iter().map(|m| m.to.as_str()).collect();
        assert_eq!(
            to,
            [
                "ben.assistant@helvetia.example",
                "clara.deputy@helvetia.example"
            ]
        );
        assert!(
            sent.mails[0].body.contains("Vera Visitor")
                && sent.mails[0].body.contains("Anna Advisor")
        );
        assert_eq!(sent.webhooks.len(), 2);
        assert!(
            sent.webhooks
                .iter()
                .all(|(name, _)| *name == "push_notification.deputy_delegation")
        );
        // A push for each deputy the webhook names, with the two push actions.
        let pushed: Vec<&str> = sent.pushes.iter().map(|p| p.person.as_str()).collect();
        assert_eq!(pushed, [demo::BEN, demo::CLARA]);
        assert!(sent.pushes.iter().all(|p| p.kind
            == PushNoticeKind::Ask {
                customer: "Vera Visitor".into(),
                agent: "Anna Advisor".into(),
                actions: vec![DelegationResponse::Accept, DelegationResponse::Decline],
            }));
        let recorded = run(
            &mut state,
            Actor::Agent(demo::CLARA.into()),
            Command::RespondToInvitation {
                invitation: "r".into(),
                response: DelegationResponse::Accept,
                channel: ResponseChannel::Queue,
            },
        );
        let withdrawn = notices(&state, &recorded);
        assert!(withdrawn.mails.is_empty());
        let recipients: Vec<&Value> = withdrawn
            .webhooks
            .iter()
            .map(|(_, p)| &p["recipient"]["id"])
            .collect();
        assert_eq!(recipients, [&Value::from(demo::BEN)]);
        assert_eq!(
            withdrawn.webhooks[0].0,
            "push_notification.revoke_deputy_delegation"
        );
        // Every asked deputy's notification closes, the one who accepted included.
        let closed: Vec<&str> = withdrawn.pushes.iter().map(|p| p.person.as_str()).collect();
        assert_eq!(closed, [demo::BEN, demo::CLARA]);
        assert!(
            withdrawn
                .pushes
                .iter()
                .all(|p| p.kind == PushNoticeKind::Close)
        );
    }

    #[test]
    fn an_email_invitation_becomes_its_mail_with_the_join_link_in_the_inviters_language() {
        let mut state = State::new(Config::default());
        for (actor, command) in demo::commands() {
            run(&mut state, actor, command);
        }
        let recorded = run(
            &mut state,
            Actor::Agent(demo::ANNA.into()),
            Command::InviteVisitorWithEmail {
                conversation: demo::VERA_AND_ANNA.into(),
                invitation: "inv-1".into(),
                email: "walter@example.org".into(),
                token: "t".repeat(22),
                nickname: None,
                locale: Some("de-CH".into()),
            },
        );
        let sent = notices(&state, &recorded);
        assert_eq!(sent.mails.len(), 1);
        let mail = &sent.mails[0];
        assert_eq!(mail.to, "walter@example.org");
        let link = format!(
            "https://chat.bank.example/join.html#invitation=inv-1&token={}",
            "t".repeat(22)
        );
        assert!(mail.body.contains(&link), "{}", mail.body);
        assert!(mail.body.contains("Anna Advisor"), "{}", mail.body);
        let german = Texts::default().render(
            TextKey::VisitorInvitationEmailSubject,
            "de",
            &[("inviter", "Anna Advisor"), ("link", &link)],
        );
        assert_eq!(mail.subject, german);
    }
}
