//! SuperOffice's chat transfer shape (seed 004): the `ChatSessionEntity` that
//! `POST /api/v1/ChatSession/{chatSessionId}/TransferTo/{toAssociate}` returns, and a minimal
//! `Associate` for its `User` and `TransferTo`.
//!
//! Field names are SuperOffice's PascalCase; object-valued fields are written as `null` when
//! empty (as SuperOffice's sample response does), never omitted; dates are SuperOffice's
//! ISO 8601 strings. Mapping conversation ids to SuperOffice's int32 ids is the server's job.
//! Unblu shapes do not belong here.

use std::collections::BTreeMap;

use baton_core::Timestamp;
use baton_core::conversation::{Conversation, ConversationState};
use baton_core::directory::Person;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::wire::shape::nullable;

/// SuperOffice's "no date" (.NET's `DateTime.MinValue`), for dates that did not happen yet.
pub const NO_DATE: &str = "0001-01-01T00:00:00";

/// The TypeScript declaration of `JsonValue`, any JSON (a `serde_json::Value`, which has no
/// `Tsify`), for fields declared `#[cfg_attr(feature = "ts", tsify(type = "JsonValue"))]`.
#[cfg(feature = "ts")]
pub const JSON_VALUE_DECL: &str = "export type JsonValue = null | boolean | number | string | \
JsonValue[] | { [key: string]: JsonValue };";

// Puts `JsonValue` into the wasm-bindgen `.d.ts`. Kept next to its only users: an unoptimised
// wasm build links only the code units something refers to, with their declarations.
#[cfg(feature = "ts")]
#[wasm_bindgen::prelude::wasm_bindgen(typescript_custom_section)]
const JSON_VALUE_SECTION: &str = JSON_VALUE_DECL;

/// A SuperOffice `Associate` (a user), reduced to what a transfer shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "PascalCase")]
pub struct Associate {
    /// SuperOffice's associate id.
    pub associate_id: i32,
    /// The associate's short (login) name.
    #[serde(default, deserialize_with = "nullable")]
    pub name: String,
    /// The associate's full name.
    #[serde(default, deserialize_with = "nullable")]
    pub full_name: String,
}

impl Associate {
    /// The agent `person` under the SuperOffice id the server keeps for them.
    pub fn new(associate_id: i32, person: &Person) -> Self {
        Self {
            associate_id,
            name: person
                .username
                .clone()
                .unwrap_or_else(|| person.id.to_string()),
            full_name: person.display_name.clone(),
        }
    }
}

/// SuperOffice's `ChatSessionEntity`, every field of seed 004.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "PascalCase")]
pub struct ChatSessionEntity {
    /// The primary key.
    pub chat_session_id: i32,
    /// The chat topic.
    #[serde(default, deserialize_with = "nullable")]
    pub topic_id: i32,
    /// The agent handling the session.
    #[serde(default)]
    pub user: Option<Associate>,
    /// The customer's SuperOffice person (Baton has none: `null`).
    #[serde(default)]
    #[cfg_attr(feature = "ts", tsify(type = "JsonValue"))]
    pub person: Option<Value>,
    /// The customer's alias.
    #[serde(default, deserialize_with = "nullable")]
    pub customer_alias: String,
    /// The customer's host name or IP address (Baton does not disclose it: empty).
    #[serde(default, deserialize_with = "nullable")]
    pub customer_host: String,
    /// The customer's name.
    #[serde(default, deserialize_with = "nullable")]
    pub customer_name: String,
    /// The customer's e-mail address.
    #[serde(default, deserialize_with = "nullable")]
    pub customer_email: String,
    /// The customer's phone number.
    #[serde(default, deserialize_with = "nullable")]
    pub customer_phone: String,
    /// The customer consented when starting the session.
    #[serde(default, deserialize_with = "nullable")]
    pub customer_consented: bool,
    /// The customer's company.
    #[serde(default, deserialize_with = "nullable")]
    pub customer_company_name: String,
    /// `Pending`, `Active`, `Closed`...
    #[serde(default, deserialize_with = "nullable")]
    pub status: String,
    /// The first message.
    #[serde(default, deserialize_with = "nullable")]
    pub first_message: String,
    /// The last message.
    #[serde(default, deserialize_with = "nullable")]
    pub last_message: String,
    /// When the customer requested the session.
    #[serde(default, deserialize_with = "nullable")]
    pub when_requested: String,
    /// When a user accepted it.
    #[serde(default, deserialize_with = "nullable")]
    pub when_started: String,
    /// When it ended.
    #[serde(default, deserialize_with = "nullable")]
    pub when_ended: String,
    /// When anyone last wrote.
    #[serde(default, deserialize_with = "nullable")]
    pub when_idle: String,
    /// When the customer's client last fetched.
    #[serde(default, deserialize_with = "nullable")]
    pub when_fetched: String,
    /// SuperOffice's session authentication key. A secret: Baton always sends it empty.
    #[serde(default, deserialize_with = "nullable")]
    pub session_key: String,
    /// The queue position when requested.
    #[serde(default, deserialize_with = "nullable")]
    pub initial_queue_pos: i32,
    /// The alert level.
    #[serde(default, deserialize_with = "nullable")]
    pub alert_level: i32,
    /// The session's rank among the user's active sessions (colour index).
    #[serde(default, deserialize_with = "nullable")]
    pub rank: i32,
    /// Flags such as `CustomerIsTyping`.
    #[serde(default, deserialize_with = "nullable")]
    pub flags: String,
    /// The SuperOffice contact (Baton has none: `null`).
    #[serde(default)]
    #[cfg_attr(feature = "ts", tsify(type = "JsonValue"))]
    pub contact: Option<Value>,
    /// The SuperOffice project (Baton has none: `null`).
    #[serde(default)]
    #[cfg_attr(feature = "ts", tsify(type = "JsonValue"))]
    pub project: Option<Value>,
    /// The SuperOffice sale (Baton has none: `null`).
    #[serde(default)]
    #[cfg_attr(feature = "ts", tsify(type = "JsonValue"))]
    pub sale: Option<Value>,
    /// The SuperOffice ticket (Baton has none: `null`).
    #[serde(default)]
    #[cfg_attr(feature = "ts", tsify(type = "JsonValue"))]
    pub ticket: Option<Value>,
    /// The user the session is being transferred to, while a transfer is pending.
    #[serde(default)]
    pub transfer_to: Option<Associate>,
    /// A chatbot is active on the session.
    #[serde(default, deserialize_with = "nullable")]
    pub chatbot_is_active: bool,
    /// The customer's rating.
    #[serde(default, deserialize_with = "nullable")]
    pub rating: i32,
    /// The carrier's table right (Baton has none: `null`).
    #[serde(default)]
    #[cfg_attr(feature = "ts", tsify(type = "JsonValue"))]
    pub table_right: Option<Value>,
    /// Field access rights by field name (Baton has none: `{}`).
    #[serde(default, deserialize_with = "nullable")]
    #[cfg_attr(feature = "ts", tsify(type = "Record<string, JsonValue>"))]
    pub field_properties: BTreeMap<String, Value>,
}

impl ChatSessionEntity {
    /// The chat session of `conversation` under the SuperOffice id the server keeps for it,
    /// handled by `user`, with a pending transfer to `transfer_to`. Fields Baton has no value
    /// for are empty, zero or `null`; the server may fill in the customer's details.
    pub fn for_conversation(
        chat_session_id: i32,
        conversation: &Conversation,
        user: Option<Associate>,
        transfer_to: Option<Associate>,
    ) -> Self {
        let status = match conversation.state {
            ConversationState::Active => "Active",
            ConversationState::Offboarding | ConversationState::Ended => "Closed",
            ConversationState::Created
            | ConversationState::Onboarding
            | ConversationState::Reboarding
            | ConversationState::Queued
            | ConversationState::Unassigned => "Pending",
        };
        let requested = so_date_time(conversation.created_at);
        Self {
            chat_session_id,
            topic_id: 0,
            user,
            person: None,
            customer_alias: String::new(),
            customer_host: String::new(),
            customer_name: String::new(),
            customer_email: String::new(),
            customer_phone: String::new(),
            customer_consented: false,
            customer_company_name: String::new(),
            status: status.to_owned(),
            first_message: String::new(),
            last_message: String::new(),
            when_idle: conversation
                .last_visitor_message_at
                .map_or_else(|| requested.clone(), so_date_time),
            when_requested: requested,
            when_started: NO_DATE.to_owned(),
            when_ended: NO_DATE.to_owned(),
            when_fetched: NO_DATE.to_owned(),
            session_key: String::new(),
            initial_queue_pos: 0,
            alert_level: 0,
            rank: 0,
            flags: String::new(),
            contact: None,
            project: None,
            sale: None,
            ticket: None,
            transfer_to,
            chatbot_is_active: false,
            rating: 0,
            table_right: None,
            field_properties: BTreeMap::new(),
        }
    }
}

/// A timestamp as SuperOffice writes dates: ISO 8601 with seven fraction digits and the
/// offset, here always UTC (`2024-01-19T13:13:48.3820000+00:00`).
pub fn so_date_time(at: Timestamp) -> String {
    const DAY_MS: i64 = 86_400_000;
    let millis = at.as_millis();
    let (year, month, day) = civil_from_days(millis.div_euclid(DAY_MS));
    let in_day = millis.rem_euclid(DAY_MS);
    let (hour, minute, second, milli) = (
        in_day / 3_600_000,
        in_day / 60_000 % 60,
        in_day / 1000 % 60,
        in_day % 1000,
    );
    format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}.{milli:03}0000+00:00")
}

/// The proleptic Gregorian date of a day count since 1970-01-01 (Howard Hinnant's
/// `civil_from_days`), so that no date crate is needed for one format.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use baton_core::conversation::{AwaitedPersonType, PromptStatus};
    use baton_core::directory::{
        AuthorizationRole, NotificationChannels, PersonType, PresenceState,
    };
    use baton_core::id::{AccountId, ConversationId, PersonId};
    use serde_json::json;

    use super::*;

    /// The sample response of seed 004, verbatim.
    fn sample() -> Value {
        json!({
            "ChatSessionId": 648,
            "TopicId": 458,
            "User": null,
            "Person": null,
            "CustomerAlias": "id",
            "CustomerHost": "fugit",
            "CustomerName": "Bashirian Group",
            "CustomerEmail": "pietro.reichel@miller.ca",
            "CustomerPhone": "650.757.4658",
            "CustomerConsented": false,
            "CustomerCompanyName": "Terry, Gaylord and Heathcote",
            "Status": "Closed",
            "FirstMessage": "et",
            "LastMessage": "et",
            "WhenRequested": "2001-11-23T14:13:48.3820714+01:00",
            "WhenStarted": "2024-01-19T14:13:48.3820714+01:00",
            "WhenEnded": "2009-03-05T14:13:48.3820714+01:00",
            "WhenIdle": "2015-11-29T14:13:48.3820714+01:00",
            "WhenFetched": "2002-12-26T14:13:48.3820714+01:00",
            "SessionKey": "corporis",
            "InitialQueuePos": 286,
            "AlertLevel": 362,
            "Rank": 261,
            "Flags": "CustomerIsTyping",
            "Contact": null,
            "Project": null,
            "Sale": null,
            "Ticket": null,
            "TransferTo": null,
            "ChatbotIsActive": false,
            "Rating": 756,
            "TableRight": null,
            "FieldProperties": {
                "fieldName": {
                    "FieldRight": null,
                    "FieldType": "System.Int32",
                    "FieldLength": 384
                }
            }
        })
    }

    #[test]
    fn the_seed_sample_round_trips_exactly_nulls_included() {
        let entity: ChatSessionEntity = serde_json::from_value(sample()).unwrap();
        assert_eq!(entity.chat_session_id, 648);
        assert_eq!(entity.status, "Closed");
        assert_eq!(entity.transfer_to, None);
        assert_eq!(serde_json::to_value(&entity).unwrap(), sample());
    }

    #[test]
    fn a_pending_transfer_names_the_associate_and_keeps_nulls() {
        let anna = Person {
            id: PersonId::new("anna"),
            person_type: PersonType::Agent,
            account: AccountId::new("bank"),
            team: None,
            display_name: "Anna Advisor".into(),
            username: Some("anna".into()),
            email: None,
            presence: PresenceState::Online,
            role: AuthorizationRole::RegisteredUser,
            notifications: NotificationChannels::ALL,
        };
        let david = Person {
            id: PersonId::new("david"),
            username: None,
            display_name: "David Deputy".into(),
            ..anna.clone()
        };
        let conversation = Conversation {
            id: ConversationId::new("c1"),
            account: AccountId::new("bank"),
            topic: None,
            state: ConversationState::Active,
            participants: Vec::new(),
            awaited_person_type: AwaitedPersonType::None,
            recipient: None,
            created_at: Timestamp(1_705_670_028_382),
            last_visitor_message_at: None,
            prompt: PromptStatus::default(),
        };
        let entity = ChatSessionEntity::for_conversation(
            648,
            &conversation,
            Some(Associate::new(11, &anna)),
            Some(Associate::new(12, &david)),
        );
        let json = serde_json::to_value(&entity).unwrap();
        assert_eq!(
            json["User"],
            json!({"AssociateId": 11, "Name": "anna", "FullName": "Anna Advisor"})
        );
        assert_eq!(
            json["TransferTo"],
            json!({"AssociateId": 12, "Name": "david", "FullName": "David Deputy"})
        );
        assert_eq!(json["Status"], "Active");
        assert_eq!(json["WhenRequested"], "2024-01-19T13:13:48.3820000+00:00");
        assert_eq!(json["WhenIdle"], json["WhenRequested"]);
        assert_eq!(json["WhenEnded"], NO_DATE);
        assert_eq!(json["SessionKey"], "");
        for null_field in [
            "Person",
            "Contact",
            "Project",
            "Sale",
            "Ticket",
            "TableRight",
        ] {
            assert!(
                json[null_field].is_null(),
                "{null_field} must be written as null"
            );
            assert!(
                json.get(null_field).is_some(),
                "{null_field} must not be omitted"
            );
        }
        assert_eq!(json["FieldProperties"], json!({}));
        let keys: Vec<&String> = json.as_object().unwrap().keys().collect();
        let sample = sample();
        let sample_keys: Vec<&String> = sample.as_object().unwrap().keys().collect();
        let mut keys_sorted = keys.clone();
        keys_sorted.sort();
        let mut sample_sorted = sample_keys.clone();
        sample_sorted.sort();
        assert_eq!(keys_sorted, sample_sorted, "exactly the seed's fields");
    }

    #[test]
    fn dates_are_written_the_superoffice_way() {
        assert_eq!(
            so_date_time(Timestamp(0)),
            "1970-01-01T00:00:00.0000000+00:00"
        );
        assert_eq!(
            so_date_time(Timestamp(951_782_400_000)),
            "2000-02-29T00:00:00.0000000+00:00"
        );
        assert_eq!(
            so_date_time(Timestamp(-1)),
            "1969-12-31T23:59:59.9990000+00:00"
        );
    }
}
