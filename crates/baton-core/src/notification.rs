//! How a deputy asked on a delegation level is reached: the request's queue, e-mail, web
//! push and the `push_notification.deputy_delegation` webhook, as the hand-off history and
//! the delegation preview name them.
//!
//! The log records the channels a deputy had switched on (`PlannedDeputy::channels`), not
//! the deliveries: whether a mail was sent or a device subscribed is the server's outbox's
//! knowledge. This module only derives the channels from the recorded switches and the
//! directory, with the server's rule (`baton-server`'s `notices.rs`): e-mail needs an
//! address, web push also fires the webhook. Sending anything does not belong here.

use serde::{Deserialize, Serialize};

use crate::deputy::PlannedDeputy;
use crate::directory::Directory;

/// One way a deputy is told about a delegated request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum NotificationChannel {
    /// The request enters the deputy's queue (always, even with notifications disabled).
    Queue,
    /// An e-mail to the deputy's address.
    Email,
    /// A web push to the deputy's subscribed devices.
    Push,
    /// The `push_notification.deputy_delegation` webhook, fired with every web push.
    Webhook,
}

impl NotificationChannel {
    /// The name, as serialised.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Queue => "QUEUE",
            Self::Email => "EMAIL",
            Self::Push => "PUSH",
            Self::Webhook => "WEBHOOK",
        }
    }
}

/// The channels `deputy` is reached through: the queue always; e-mail when switched on and
/// the directory has an address; push and webhook when web push is switched on. Only the
/// queue means notifications are disabled, which the delegation counts as Ignore.
pub fn channels(directory: &Directory, deputy: &PlannedDeputy) -> Vec<NotificationChannel> {
    let has_address = directory
        .person(&deputy.person)
        .is_some_and(|p| p.email.is_some());
    let mut out = vec![NotificationChannel::Queue];
    if deputy.channels.email && has_address {
        out.push(NotificationChannel::Email);
    }
    if deputy.channels.web_push {
        out.extend([NotificationChannel::Push, NotificationChannel::Webhook]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deputy::DeputyLevel;
    use crate::directory::NotificationChannels;
    use crate::testkit::Bank;

    fn planned(bank: &Bank, channels: NotificationChannels) -> PlannedDeputy {
        PlannedDeputy {
            person: bank.clara.clone(),
            listed_as: DeputyLevel::Level1,
            channels,
        }
    }

    #[test]
    fn disabled_notifications_leave_only_the_queue() {
        let bank = Bank::new();
        let reached = channels(
            &bank.state.directory,
            &planned(&bank, NotificationChannels::NONE),
        );
        assert_eq!(reached, [NotificationChannel::Queue]);
    }

    #[test]
    fn e_mail_needs_an_address_and_web_push_fires_the_webhook() {
        let mut bank = Bank::new();
        let all = planned(&bank, NotificationChannels::ALL);
        let clara = bank.clara.clone();
        if let Some(p) = bank.state.directory.persons.get_mut(&clara) {
            p.email = None;
        }
        assert_eq!(
            channels(&bank.state.directory, &all),
            [
                NotificationChannel::Queue,
                NotificationChannel::Push,
                NotificationChannel::Webhook
            ]
        );
        if let Some(p) = bank.state.directory.persons.get_mut(&clara) {
            p.email = Some("clara@example.org".into());
        }
        assert!(channels(&bank.state.directory, &all).contains(&NotificationChannel::Email));
    }
}
