//! The flat row of the bank's archive export (`GET /baton/v1/audit/handoffs`, NDJSON or CSV):
//! one [`HandoffEntry`] as eight fields that never change meaning.
//!
//! Fields, in this order ([`CSV_HEADER`]):
//! 1. `position`: the event's log position (unique, increasing): resume after the last one.
//! 2. `time`: when the log recorded it, Unix milliseconds (like every Baton timestamp).
//! 3. `conversation`: the conversation's id.
//! 4. `actor`: `PERSON:<personId>`, `WEB_API`, `SYSTEM`, or empty when the log names nobody.
//! 5. `action`: the [`HandoffAction`] name (`FORWARDED`, `ANSWERED`, ...).
//! 6. `subject`: `PERSON:<personId>`, `TEAM:<teamId>`, `ORGANISATION:<accountId>`,
//!    `EMAIL:<address>`, `TOKEN_HOLDER`, or empty.
//! 7. `outcome`: the [`HandoffOutcome`] name (`ACCEPTED`, `DECLINED`, ...), or empty.
//! 8. `detail`: `key=value` pairs joined by `; ` (`invitation`, `invitationKind`, `comment`,
//!    `joinHidden`, `expiresAt`, `delegation`, `delegatingAgent`, `delegationStart`, `levels`,
//!    `failedAttempts`, `lockedUntil`, `level`, `deputy`, `previous`, `participationType`,
//!    `hidden`, `autoSyncedAssistant`, `reason`, `state`, `awaited`, `prompt`, `topic`);
//!    in values `\`, `;` and `=` are backslash-escaped and line breaks written `\n` / `\r`.
//!    `deputy` repeats, one per deputy asked: `personId(LISTED_AS:CHANNEL+CHANNEL)`;
//!    `levels` is a comma-separated list of level names.
//!
//! Only the shape and the text forms live here; which rows an administrator gets is
//! `history::handoff_archive`'s, and the HTTP paging is the server's.

use serde::{Deserialize, Serialize};

use super::entry::{
    HandoffAction, HandoffActor, HandoffDetail, HandoffEntry, HandoffOutcome, HandoffSubject,
};
use crate::conversation::{
    AwaitedPersonType, ConversationState, OffboardingReason, ParticipationType,
};
use crate::deputy::{DelegationLevel, DelegationStart, DeputyLevel};
use crate::id::{ConversationId, PersonId};
use crate::time::Timestamp;

/// The CSV header line (without line break): the field names, in order.
pub const CSV_HEADER: &str = "position,time,conversation,actor,action,subject,outcome,detail";

/// One archive row (NDJSON: one JSON object per line; CSV: [`HandoffRow::csv_record`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct HandoffRow {
    /// The event's log position.
    pub position: u64,
    /// When it was recorded (Unix milliseconds).
    pub time: Timestamp,
    /// The conversation.
    pub conversation: ConversationId,
    /// Who acted, as text (empty: unknown).
    pub actor: String,
    /// What happened.
    pub action: HandoffAction,
    /// Whom it concerns, as text (empty: nobody in particular).
    pub subject: String,
    /// The result it records.
    pub outcome: Option<HandoffOutcome>,
    /// The particulars, as `key=value` pairs.
    pub detail: String,
}

impl HandoffEntry {
    /// The entry as an archive row.
    pub fn row(&self) -> HandoffRow {
        let mut detail = Pairs::default();
        if let Some(invitation) = &self.invitation {
            detail.add("invitation", invitation.id.as_str());
            if let Some(kind) = invitation.kind {
                detail.add("invitationKind", kind.as_str());
            }
        }
        if let Some(d) = &self.detail {
            describe(d, &mut detail);
        }
        HandoffRow {
            position: self.position,
            time: self.time,
            conversation: self.conversation.clone(),
            actor: self.actor.as_ref().map_or_else(String::new, actor_text),
            action: self.action,
            subject: self.subject.as_ref().map_or_else(String::new, subject_text),
            outcome: self.outcome,
            detail: detail.0,
        }
    }
}

impl HandoffRow {
    /// The row as one CSV record (RFC 4180, without the line break). Text fields that a
    /// spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, tab or carriage
    /// return) are prefixed with `'`: an agent's comment must not become a formula in the
    /// bank's archive.
    pub fn csv_record(&self) -> String {
        let fields = [
            self.position.to_string(),
            self.time.as_millis().to_string(),
            text_cell(self.conversation.as_str()),
            text_cell(&self.actor),
            self.action.as_str().to_owned(),
            text_cell(&self.subject),
            self.outcome.map_or("", HandoffOutcome::as_str).to_owned(),
            text_cell(&self.detail),
        ];
        fields.map(|f| quoted(&f)).join(",")
    }
}

fn text_cell(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

fn quoted(field: &str) -> String {
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_owned()
    }
}

fn actor_text(actor: &HandoffActor) -> String {
    match actor {
        HandoffActor::Person(p) => format!("PERSON:{p}"),
        HandoffActor::WebApi => "WEB_API".to_owned(),
        HandoffActor::System => "SYSTEM".to_owned(),
    }
}

fn subject_text(subject: &HandoffSubject) -> String {
    match subject {
        HandoffSubject::Person(p) => format!("PERSON:{p}"),
        HandoffSubject::Team(t) => format!("TEAM:{t}"),
        HandoffSubject::Organisation(a) => format!("ORGANISATION:{a}"),
        HandoffSubject::Email(address) => format!("EMAIL:{address}"),
        HandoffSubject::TokenHolder => "TOKEN_HOLDER".to_owned(),
    }
}

/// `key=value` pairs joined by `; `, values escaped.
#[derive(Default)]
struct Pairs(String);

impl Pairs {
    fn add(&mut self, key: &str, value: &str) {
        if !self.0.is_empty() {
            self.0.push_str("; ");
        }
        self.0.push_str(key);
        self.0.push('=');
        for c in value.chars() {
            match c {
                '\\' | ';' | '=' => {
                    self.0.push('\\');
                    self.0.push(c);
                }
                '\n' => self.0.push_str("\\n"),
                '\r' => self.0.push_str("\\r"),
                c => self.0.push(c),
            }
        }
    }

    fn add_some(&mut self, key: &str, value: Option<impl AsRef<str>>) {
        if let Some(value) = value {
            self.add(key, value.as_ref());
        }
    }
}

fn describe(detail: &HandoffDetail, out: &mut Pairs) {
    let millis = |t: &Timestamp| t.as_millis().to_string();
    match detail {
        HandoffDetail::Conversation { topic } => out.add_some("topic", topic.as_ref()),
        HandoffDetail::Invitation {
            comment,
            join_hidden,
            expires_at,
            delegation,
        } => {
            out.add_some("comment", comment.as_ref());
            out.add("joinHidden", &join_hidden.to_string());
            out.add_some("expiresAt", expires_at.as_ref().map(millis));
            if let Some(d) = delegation {
                out.add("delegation", trigger_name(d.trigger));
                out.add("delegatingAgent", d.agent.as_str());
                out.add("delegationStart", start_name(d.start));
                let levels: Vec<&str> = d.levels.iter().map(|l| level_name(*l)).collect();
                out.add("levels", &levels.join(","));
            }
        }
        HandoffDetail::Expiry { expires_at } => out.add("expiresAt", &millis(expires_at)),
        HandoffDetail::Attempts {
            failed_attempts,
            locked_until,
        } => {
            out.add("failedAttempts", &failed_attempts.to_string());
            out.add_some("lockedUntil", locked_until.as_ref().map(millis));
        }
        HandoffDetail::Notified { level, deputies } => {
            out.add_some("level", level.map(level_name));
            // One `deputy` pair each, so that no value needs a list syntax of its own.
            for d in deputies {
                let channels: Vec<&str> = d.channels.iter().map(|c| c.as_str()).collect();
                let value = format!(
                    "{}({}:{})",
                    d.person,
                    listed_name(d.listed_as),
                    channels.join("+")
                );
                out.add("deputy", &value);
            }
        }
        HandoffDetail::Assignment { previous } => {
            out.add_some("previous", previous.as_ref().map(PersonId::as_str))
        }
        HandoffDetail::Participation {
            participation_type,
            hidden,
            auto_synced_assistant,
        } => {
            out.add("participationType", participation_name(*participation_type));
            out.add("hidden", &hidden.to_string());
            out.add("autoSyncedAssistant", &auto_synced_assistant.to_string());
        }
        HandoffDetail::Offboarding { reason, comment } => {
            out.add("reason", reason_name(*reason));
            out.add_some("comment", comment.as_ref());
        }
        HandoffDetail::State { state } => out.add("state", state_name(*state)),
        HandoffDetail::Awaited { awaited } => out.add("awaited", awaited_name(*awaited)),
        HandoffDetail::Prompt { prompt, expires_at } => {
            out.add("prompt", prompt.as_str());
            out.add_some("expiresAt", expires_at.as_ref().map(millis));
        }
    }
}

// The names below are the serialised names of the domain's enums (a test holds them to
// serde's), written out because baton-core has no JSON serializer outside its tests.

fn trigger_name(trigger: super::DelegationTrigger) -> &'static str {
    use super::DelegationTrigger as T;
    match trigger {
        T::Request => "REQUEST",
        T::Forwarding => "FORWARDING",
        T::Invitation => "INVITATION",
        T::VisitorPrompt => "VISITOR_PROMPT",
        T::Administrator => "ADMINISTRATOR",
    }
}

fn start_name(start: DelegationStart) -> &'static str {
    match start {
        DelegationStart::AwaitAgent => "AWAIT_AGENT",
        DelegationStart::AtLevel(level) => level_name(level),
    }
}

fn level_name(level: DelegationLevel) -> &'static str {
    match level {
        DelegationLevel::Level1 => "LEVEL_1",
        DelegationLevel::Level2 => "LEVEL_2",
        DelegationLevel::Level3 => "LEVEL_3",
    }
}

fn listed_name(level: DeputyLevel) -> &'static str {
    match level {
        DeputyLevel::Assistants => "ASSISTANTS",
        DeputyLevel::Level1 => "LEVEL_1",
        DeputyLevel::Level2 => "LEVEL_2",
        DeputyLevel::Level3 => "LEVEL_3",
    }
}

fn participation_name(participation: ParticipationType) -> &'static str {
    match participation {
        ParticipationType::AssignedAgent => "ASSIGNED_AGENT",
        ParticipationType::ContextPerson => "CONTEXT_PERSON",
        ParticipationType::SecondaryAgent => "SECONDARY_AGENT",
        ParticipationType::SecondaryVisitor => "SECONDARY_VISITOR",
    }
}

fn reason_name(reason: OffboardingReason) -> &'static str {
    match reason {
        OffboardingReason::Forwarded => "FORWARDED",
        OffboardingReason::ParticipantLeft => "PARTICIPANT_LEFT",
        OffboardingReason::Kicked => "KICKED",
        OffboardingReason::ConversationUnassigned => "CONVERSATION_UNASSIGNED",
        OffboardingReason::ConversationEnded => "CONVERSATION_ENDED",
        OffboardingReason::ConversationRequeued => "CONVERSATION_REQUEUED",
        OffboardingReason::AssistantSynchronization => "ASSISTANT_SYNCHRONIZATION",
        OffboardingReason::Other => "OTHER",
    }
}

fn state_name(state: ConversationState) -> &'static str {
    match state {
        ConversationState::Created => "CREATED",
        ConversationState::Onboarding => "ONBOARDING",
        ConversationState::Reboarding => "REBOARDING",
        ConversationState::Queued => "QUEUED",
        ConversationState::Active => "ACTIVE",
        ConversationState::Unassigned => "UNASSIGNED",
        ConversationState::Offboarding => "OFFBOARDING",
        ConversationState::Ended => "ENDED",
    }
}

fn awaited_name(awaited: AwaitedPersonType) -> &'static str {
    match awaited {
        AwaitedPersonType::None => "NONE",
        AwaitedPersonType::Visitor => "VISITOR",
        AwaitedPersonType::Agent => "AGENT",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::DelegationTrigger;

    /// The serialised name of a unit variant.
    fn serde_name(value: impl Serialize) -> String {
        match serde_json::to_value(value) {
            Ok(serde_json::Value::String(name)) => name,
            other => panic!("not a unit variant: {other:?}"),
        }
    }

    #[test]
    fn the_text_forms_are_serdes_names() {
        use DelegationTrigger as T;
        for t in [
            T::Request,
            T::Forwarding,
            T::Invitation,
            T::VisitorPrompt,
            T::Administrator,
        ] {
            assert_eq!(trigger_name(t), serde_name(t));
        }
        for l in DelegationLevel::ALL {
            assert_eq!(level_name(l), serde_name(l));
            assert_eq!(start_name(DelegationStart::AtLevel(l)), serde_name(l));
        }
        for l in DeputyLevel::ALL {
            assert_eq!(listed_name(l), serde_name(l));
        }
        use ParticipationType as P;
        for p in [
            P::AssignedAgent,
            P::ContextPerson,
            P::SecondaryAgent,
            P::SecondaryVisitor,
        ] {
            assert_eq!(participation_name(p), serde_name(p));
        }
        use OffboardingReason as R;
        for r in [
            R::Forwarded,
            R::ParticipantLeft,
            R::Kicked,
            R::ConversationUnassigned,
            R::ConversationEnded,
            R::ConversationRequeued,
            R::AssistantSynchronization,
            R::Other,
        ] {
            assert_eq!(reason_name(r), serde_name(r));
        }
        use ConversationState as S;
        for s in [
            S::Created,
            S::Onboarding,
            S::Reboarding,
            S::Queued,
            S::Active,
            S::Unassigned,
            S::Offboarding,
            S::Ended,
        ] {
            assert_eq!(state_name(s), serde_name(s));
        }
        use AwaitedPersonType as W;
        for w in [W::None, W::Visitor, W::Agent] {
            assert_eq!(awaited_name(w), serde_name(w));
        }
    }

    fn row(detail: &str, actor: &str) -> HandoffRow {
        HandoffRow {
            position: 7,
            time: Timestamp(1_000),
            conversation: "c".into(),
            actor: actor.to_owned(),
            action: HandoffAction::Forwarded,
            subject: "PERSON:david".to_owned(),
            outcome: None,
            detail: detail.to_owned(),
        }
    }

    #[test]
    fn csv_records_quote_separators_and_defuse_formulas() {
        assert_eq!(
            row("comment=a, \"b\"", "SYSTEM").csv_record(),
            "7,1000,c,SYSTEM,FORWARDED,PERSON:david,,\"comment=a, \"\"b\"\"\""
        );
        assert_eq!(
            row("x", "=HYPERLINK(1)").csv_record(),
            "7,1000,c,'=HYPERLINK(1),FORWARDED,PERSON:david,,x"
        );
        assert_eq!(CSV_HEADER.split(',').count(), 8);
    }

    #[test]
    fn detail_values_escape_the_pair_syntax() {
        let mut pairs = Pairs::default();
        pairs.add("comment", "a=b; c\\d\nnext");
        pairs.add("joinHidden", "false");
        assert_eq!(pairs.0, "comment=a\\=b\\; c\\\\d\\nnext; joinHidden=false");
    }
}
