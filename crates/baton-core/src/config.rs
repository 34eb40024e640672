//! Configuration, keyed by Unblu's property names so that a bank can carry its settings over.
//!
//! Every property named in seed 001 is here, with an Unblu-like default. Properties Unblu
//! does not have (PIN and e-mail-link lifetimes, redemption attempt limits) use the
//! `com.baton.` prefix so nobody mistakes them for Unblu's. Unknown keys are refused, so a
//! misspelt property is an error at start-up, not a silently ignored setting.

use serde::{Deserialize, Serialize};

use crate::conversation::ParticipationType;
use crate::deputy::{DelegationLevel, DeputyLevel};
use crate::directory::{AuthorizationRole, PresenceState};
use crate::invitation::DelegationResponse;
use crate::text::Texts;

/// Shortest PIN accepted: one million combinations with attempt limits make guessing
/// infeasible within a PIN's lifetime.
pub const MIN_PIN_DIGITS: usize = 6;

/// Longest PIN the server issues (`com.baton.invitation.pinLength`): still typed by hand.
pub const MAX_ISSUED_PIN_DIGITS: usize = 10;

/// Shortest e-mail link token accepted, in characters (128 bits as 32 hex digits or
/// 22 base64url characters).
pub const MIN_LINK_TOKEN_CHARS: usize = 22;

/// All settings the domain rules read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Deputy delegation switched on for the installation or account (GLOBAL / ACCOUNT scope).
    #[serde(rename = "com.unblu.messenger.enableDeputyDelegation")]
    pub messenger_enable_deputy_delegation: bool,
    /// Deputy delegation switched on for the conversation template.
    #[serde(rename = "com.unblu.conversation.invitation.enableDeputyDelegation")]
    pub enable_deputy_delegation: bool,
    /// Levels written only through `deputyrelationships/writeAgentDeputies`; read-only in the UI.
    #[serde(rename = "com.unblu.deputyrelationship.externallyManagedDeputyLevels")]
    pub externally_managed_deputy_levels: Vec<DeputyLevel>,
    /// Time the agent has before the level 1 deputies are notified.
    #[serde(rename = "com.unblu.conversation.invitation.level1EscalationTimeoutSeconds")]
    pub level1_escalation_timeout_seconds: u64,
    /// Time the level 1 deputies have before the level 2 deputies are notified.
    #[serde(rename = "com.unblu.conversation.invitation.level2EscalationTimeoutSeconds")]
    pub level2_escalation_timeout_seconds: u64,
    /// Time the level 2 deputies have before the level 3 deputies are notified.
    #[serde(rename = "com.unblu.conversation.invitation.level3EscalationTimeoutSeconds")]
    pub level3_escalation_timeout_seconds: u64,
    /// Time the level 3 deputies have before the request counts as unanswered.
    #[serde(rename = "com.unblu.conversation.invitation.unansweredEscalationTimeoutSeconds")]
    pub unanswered_escalation_timeout_seconds: u64,
    /// Add an agent's assistants to every conversation the agent participates in.
    #[serde(rename = "com.unblu.conversation.invitation.autoSyncAssignedAgentAssistants")]
    pub auto_sync_assigned_agent_assistants: bool,
    /// Auto-synced assistants join hidden.
    #[serde(rename = "com.unblu.conversation.invitation.hideAutoSyncedAssistants")]
    pub hide_auto_synced_assistants: bool,
    /// Ask the visitor "Invite a deputy?" when the relevant agents are unavailable.
    #[serde(rename = "com.unblu.conversation.invitation.enableDeputyPromptWhenAgentsUnavailable")]
    pub enable_deputy_prompt_when_agents_unavailable: bool,
    /// Agent states that count as unavailable for the prompt.
    #[serde(
        rename = "com.unblu.conversation.invitation.promptDeputyForUnavailableAgentRelevantStates"
    )]
    pub prompt_deputy_for_unavailable_agent_relevant_states: Vec<PresenceState>,
    /// Which agent participations must all be unavailable for the prompt.
    #[serde(
        rename = "com.unblu.conversation.invitation.promptDeputyForUnavailableAgentParticipationTypes"
    )]
    pub prompt_deputy_for_unavailable_agent_participation_types: Vec<ParticipationType>,
    /// Which visitor participations trigger the prompt when they write.
    #[serde(rename = "com.unblu.conversation.invitation.promptDeputyForVisitorParticipationTypes")]
    pub prompt_deputy_for_visitor_participation_types: Vec<ParticipationType>,
    /// Deputies invited through the prompt join hidden.
    #[serde(rename = "com.unblu.conversation.invitation.promptedDeputyJoinsHidden")]
    pub prompted_deputy_joins_hidden: bool,
    /// The level a prompted delegation starts at.
    #[serde(rename = "com.unblu.conversation.invitation.initialPromptDeputyDelegationLevel")]
    pub initial_prompt_deputy_delegation_level: DelegationLevel,
    /// Time that must pass between visitor messages before a message triggers a new prompt.
    #[serde(
        rename = "com.unblu.conversation.invitation.promptDeputyNewMessageDebounceTimeInSeconds"
    )]
    pub prompt_deputy_new_message_debounce_time_in_seconds: u64,
    /// Time the visitor has to answer the prompt before it is cancelled.
    #[serde(rename = "com.unblu.conversation.invitation.promptDeputyTimeoutInSeconds")]
    pub prompt_deputy_timeout_in_seconds: u64,
    /// After a declined prompt, how long visitor messages trigger no new prompt.
    #[serde(
        rename = "com.unblu.conversation.invitation.promptDeputyDelegationRestartDelayInSeconds"
    )]
    pub prompt_deputy_delegation_restart_delay_in_seconds: u64,
    /// The two responses offered on a deputy delegation push notification.
    #[serde(
        rename = "com.unblu.core.push_notification.deputyDelegationAvailableNotificationActions"
    )]
    pub push_deputy_delegation_available_notification_actions: Vec<DelegationResponse>,
    /// The responses offered in the queue and the preview.
    #[serde(rename = "com.unblu.queue.ui.deputyDelegationAvailableNotificationActions")]
    pub queue_deputy_delegation_available_notification_actions: Vec<DelegationResponse>,
    /// Lowest role allowed to manage one's own deputies.
    #[serde(rename = "com.unblu.core.settings.deputyRelationshipsMinimalRole")]
    pub deputy_relationships_minimal_role: AuthorizationRole,
    /// Show a "Deputies" entry in the agent's user menu.
    #[serde(rename = "com.unblu.ui.usermenu.showManageDeputyRelationships")]
    pub show_manage_deputy_relationships: bool,
    /// How often (seconds) assistants in ongoing conversations are checked for changes.
    #[serde(rename = "com.unblu.deputies.assistants.autosync.checkInterval")]
    pub assistants_autosync_check_interval_seconds: u64,
    /// How many conversations one assistant synchronisation batch changes at most.
    #[serde(rename = "com.unblu.deputies.assistants.autosync.batchSize")]
    pub assistants_autosync_batch_size: usize,
    /// Lifetime of a PIN invitation.
    #[serde(rename = "com.baton.invitation.pinTimeToLiveSeconds")]
    pub pin_time_to_live_seconds: u64,
    /// Lifetime of an e-mail or link invitation.
    #[serde(rename = "com.baton.invitation.linkTimeToLiveSeconds")]
    pub link_time_to_live_seconds: u64,
    /// Digits of the PINs the server issues (6 to 10): each digit divides an attacker's chance
    /// of guessing an open PIN by ten.
    #[serde(rename = "com.baton.invitation.pinLength")]
    pub pin_length: usize,
    /// Wrong tokens tolerated per invitation before it locks.
    #[serde(rename = "com.baton.invitation.maxRedemptionAttempts")]
    pub max_redemption_attempts: u32,
    /// How long an invitation stays locked after too many wrong tokens.
    #[serde(rename = "com.baton.invitation.redemptionLockoutSeconds")]
    pub redemption_lockout_seconds: u64,
    /// Text properties per locale (overrides of the built-in texts).
    pub texts: Texts,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            messenger_enable_deputy_delegation: false,
            enable_deputy_delegation: false,
            externally_managed_deputy_levels: Vec::new(),
            level1_escalation_timeout_seconds: 120,
            level2_escalation_timeout_seconds: 300,
            level3_escalation_timeout_seconds: 300,
            unanswered_escalation_timeout_seconds: 600,
            auto_sync_assigned_agent_assistants: false,
            hide_auto_synced_assistants: true,
            enable_deputy_prompt_when_agents_unavailable: false,
            prompt_deputy_for_unavailable_agent_relevant_states: vec![
                PresenceState::Away,
                PresenceState::Offline,
            ],
            prompt_deputy_for_unavailable_agent_participation_types: vec![
                ParticipationType::AssignedAgent,
            ],
            prompt_deputy_for_visitor_participation_types: vec![ParticipationType::ContextPerson],
            prompted_deputy_joins_hidden: false,
            initial_prompt_deputy_delegation_level: DelegationLevel::Level1,
            prompt_deputy_new_message_debounce_time_in_seconds: 60,
            prompt_deputy_timeout_in_seconds: 120,
            prompt_deputy_delegation_restart_delay_in_seconds: 3600,
            push_deputy_delegation_available_notification_actions: vec![
                DelegationResponse::Accept,
                DelegationResponse::Decline,
            ],
            queue_deputy_delegation_available_notification_actions: vec![
                DelegationResponse::Accept,
                DelegationResponse::Decline,
                DelegationResponse::Ignore,
                DelegationResponse::Later,
            ],
            deputy_relationships_minimal_role: AuthorizationRole::RegisteredUser,
            show_manage_deputy_relationships: false,
            assistants_autosync_check_interval_seconds: 300,
            assistants_autosync_batch_size: 50,
            pin_time_to_live_seconds: 3600,
            link_time_to_live_seconds: 86_400,
            pin_length: 8,
            max_redemption_attempts: 5,
            redemption_lockout_seconds: 300,
            texts: Texts::default(),
        }
    }
}

/// A configuration value that cannot work.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    /// The push notification offers exactly two distinct actions (seed 001).
    #[error("{property} must list two different actions")]
    PushActionsNotTwo {
        /// The offending property.
        property: &'static str,
    },
    /// The queue offers between one and four distinct actions.
    #[error("{property} must list one to four different actions")]
    QueueActionsInvalid {
        /// The offending property.
        property: &'static str,
    },
    /// A numeric setting must be positive.
    #[error("{property} must be greater than zero")]
    NotPositive {
        /// The offending property.
        property: &'static str,
    },
    /// A numeric setting outside its range.
    #[error("{property} must be between {min} and {max}")]
    OutOfRange {
        /// The offending property.
        property: &'static str,
        /// Smallest value accepted.
        min: usize,
        /// Largest value accepted.
        max: usize,
    },
}

impl Config {
    /// Deputy delegation is active only when both switches are on (seed 001).
    pub fn deputy_delegation_enabled(&self) -> bool {
        self.messenger_enable_deputy_delegation && self.enable_deputy_delegation
    }

    /// Whether a deputy level may be edited in the agent UI.
    pub fn is_externally_managed(&self, level: DeputyLevel) -> bool {
        self.externally_managed_deputy_levels.contains(&level)
    }

    /// Checks the settings that have constraints beyond their type.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let push = &self.push_deputy_delegation_available_notification_actions;
        if push.len() != 2 || push[0] == push[1] {
            return Err(ConfigError::PushActionsNotTwo {
                property: "com.unblu.core.push_notification.deputyDelegationAvailableNotificationActions",
            });
        }
        let queue = &self.queue_deputy_delegation_available_notification_actions;
        let distinct = queue
            .iter()
            .enumerate()
            .all(|(i, a)| !queue[..i].contains(a));
        if queue.is_empty() || !distinct {
            return Err(ConfigError::QueueActionsInvalid {
                property: "com.unblu.queue.ui.deputyDelegationAvailableNotificationActions",
            });
        }
        let positive: [(&'static str, u64); 5] = [
            (
                "com.unblu.deputies.assistants.autosync.checkInterval",
                self.assistants_autosync_check_interval_seconds,
            ),
            (
                "com.unblu.deputies.assistants.autosync.batchSize",
                self.assistants_autosync_batch_size as u64,
            ),
            (
                "com.baton.invitation.maxRedemptionAttempts",
                u64::from(self.max_redemption_attempts),
            ),
            (
                "com.baton.invitation.pinTimeToLiveSeconds",
                self.pin_time_to_live_seconds,
            ),
            (
                "com.baton.invitation.linkTimeToLiveSeconds",
                self.link_time_to_live_seconds,
            ),
        ];
        if !(MIN_PIN_DIGITS..=MAX_ISSUED_PIN_DIGITS).contains(&self.pin_length) {
            return Err(ConfigError::OutOfRange {
                property: "com.baton.invitation.pinLength",
                min: MIN_PIN_DIGITS,
                max: MAX_ISSUED_PIN_DIGITS,
            });
        }
        match positive.iter().find(|(_, v)| *v == 0) {
            Some((property, _)) => Err(ConfigError::NotPositive { property }),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issued_pins_have_six_to_ten_digits() {
        assert_eq!(Config::default().pin_length, 8);
        for (length, valid) in [(5, false), (6, true), (10, true), (11, false)] {
            let config = Config {
                pin_length: length,
                ..Config::default()
            };
            assert_eq!(config.validate().is_ok(), valid, "{length} digits");
        }
    }

    #[test]
    fn deputy_delegation_needs_both_switches() {
        let mut c = Config::default();
        assert!(!c.deputy_delegation_enabled(), "off by default");
        c.messenger_enable_deputy_delegation = true;
        assert!(!c.deputy_delegation_enabled());
        c.enable_deputy_delegation = true;
        assert!(c.deputy_delegation_enabled());
    }

    #[test]
    fn properties_keep_unblu_names() {
        let json = serde_json::to_value(Config::default()).unwrap();
        for key in [
            "com.unblu.messenger.enableDeputyDelegation",
            "com.unblu.conversation.invitation.enableDeputyDelegation",
            "com.unblu.deputyrelationship.externallyManagedDeputyLevels",
            "com.unblu.conversation.invitation.level1EscalationTimeoutSeconds",
            "com.unblu.conversation.invitation.level2EscalationTimeoutSeconds",
            "com.unblu.conversation.invitation.level3EscalationTimeoutSeconds",
            "com.unblu.conversation.invitation.unansweredEscalationTimeoutSeconds",
            "com.unblu.conversation.invitation.autoSyncAssignedAgentAssistants",
            "com.unblu.conversation.invitation.hideAutoSyncedAssistants",
            "com.unblu.conversation.invitation.enableDeputyPromptWhenAgentsUnavailable",
            "com.unblu.conversation.invitation.promptDeputyForUnavailableAgentRelevantStates",
            "com.unblu.conversation.invitation.promptDeputyForUnavailableAgentParticipationTypes",
            "com.unblu.conversation.invitation.promptDeputyForVisitorParticipationTypes",
            "com.unblu.conversation.invitation.promptedDeputyJoinsHidden",
            "com.unblu.conversation.invitation.initialPromptDeputyDelegationLevel",
            "com.unblu.conversation.invitation.promptDeputyNewMessageDebounceTimeInSeconds",
            "com.unblu.conversation.invitation.promptDeputyTimeoutInSeconds",
            "com.unblu.conversation.invitation.promptDeputyDelegationRestartDelayInSeconds",
            "com.unblu.core.push_notification.deputyDelegationAvailableNotificationActions",
            "com.unblu.queue.ui.deputyDelegationAvailableNotificationActions",
            "com.unblu.core.settings.deputyRelationshipsMinimalRole",
            "com.unblu.ui.usermenu.showManageDeputyRelationships",
            "com.unblu.deputies.assistants.autosync.checkInterval",
            "com.unblu.deputies.assistants.autosync.batchSize",
        ] {
            assert!(json.get(key).is_some(), "missing property {key}");
        }
        assert_eq!(
            json["com.unblu.conversation.invitation.initialPromptDeputyDelegationLevel"],
            "LEVEL_1"
        );
    }

    #[test]
    fn a_partial_config_keeps_the_other_defaults_and_unknown_keys_are_refused() {
        let c: Config = serde_json::from_str(
            r#"{"com.unblu.conversation.invitation.level1EscalationTimeoutSeconds": 5}"#,
        )
        .unwrap();
        assert_eq!(c.level1_escalation_timeout_seconds, 5);
        assert_eq!(c.level2_escalation_timeout_seconds, 300);
        let typo = serde_json::from_str::<Config>(r#"{"com.unblu.nope": true}"#);
        assert!(typo.is_err());
    }

    #[test]
    fn push_notifications_offer_exactly_two_actions() {
        let mut c = Config::default();
        assert_eq!(c.validate(), Ok(()));
        c.push_deputy_delegation_available_notification_actions = vec![
            DelegationResponse::Accept,
            DelegationResponse::Decline,
            DelegationResponse::Later,
        ];
        assert!(matches!(
            c.validate(),
            Err(ConfigError::PushActionsNotTwo { .. })
        ));
        c.push_deputy_delegation_available_notification_actions =
            vec![DelegationResponse::Accept, DelegationResponse::Accept];
        assert!(c.validate().is_err());
    }
}
