//! JSON schemas of the whole wire contract, for the server's OpenAPI 3.1 document
//! (`/openapi.json`). Only with the `openapi` feature.
//!
//! The schemas are derived from the wire types themselves (`utoipa::ToSchema`), so they
//! follow every serde rename, tag and optional field and cannot drift from what is sent:
//! - every Unblu object has a required `$_type` property `{"type": "string", "enum": [TAG]}`
//!   (other constant tags such as an operator's `type` or a filter's `field` likewise);
//! - fields that are omitted when empty (`skip_serializing_if`) and fields that input may
//!   leave out (`default`) are not required; `Option`s accept `null`;
//! - `one_of!` unions are `oneOf` the variants with a `discriminator` (on `$_type`, or on the
//!   spec's own key such as `type` or `field`, as in Unblu's spec);
//! - ids are strings, timestamps `int64` Unix milliseconds, secrets strings.
//!
//! Component names are the Rust type names, which for Unblu objects are their `$_type`s
//! (except [`ErrorBody`](crate::ErrorBody), whose `$_type` is `Error`). The domain types the
//! event feed ([`BatonEvent`](crate::wire::baton::BatonEvent)) carries come from
//! `baton-core` in its serialised form.

use utoipa::ToSchema;
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{Components, ComponentsBuilder, Schema};

use crate::wire::{
    auth, baton, conversation, deputy, error, invitation, person, push, query, secret, superoffice,
    webhook,
};

/// The schema of every wire type and of every type they refer to, keyed by component name:
/// put it into the OpenAPI document's `components` and refer to a body as
/// `#/components/schemas/{name}` (`T::name()` of [`ToSchema`]).
pub fn components() -> Components {
    ComponentsBuilder::new()
        .schemas_from_iter(schemas())
        .build()
}

/// Every wire type's schema followed by the schemas it refers to, in listing order,
/// duplicates included.
fn schemas() -> Vec<(String, RefOr<Schema>)> {
    let mut schemas = Vec::new();
    macro_rules! collect {
        ($($module:ident: $($ty:ident),+;)+) => {
            $($(add::<$module::$ty>(&mut schemas);)+)+
        };
    }
    collect! {
        auth: AuthenticatorLoginBody, LoginResult, AuthenticatorLogoutBody, SecureTokenType,
            SecureTokenRequest;
        baton: BatonAuthorType, BatonMessage, BatonPostMessageBody, BatonPromptAnswer,
            BatonDelegationResponseBody, BatonRedeemPinBody, BatonRedeemLinkBody,
            BatonConversationSummary, BatonQueueItem, BatonDeputySettings, BatonEvent, BatonSession,
            BatonPrompt,
            BatonRedemption, BatonParticipant, BatonTexts, BatonDeliveryChannel,
            BatonDeliveryState, BatonDelivery, BatonRevokeSessionsBody, HandoffEntry, HandoffRow;
        conversation: ConversationData, ParticipantData, AccountData, NamedAreaData,
            ConversationRecipientData, ConversationRecipientType,
            ConversationCreationRecipientData, ConversationCreationParticipantData,
            ConversationCreationData, ConversationsAddParticipantBody,
            ConversationsChangeParticipantVisibilityBody, ConversationsSetAssigneePersonBody,
            ConversationLeftReason, ConversationsOffboardParticipantBody,
            ConversationsSetAwaitedPersonTypeBody, ConversationLinkType, ConversationLink,
            ConversationEndReason, ConversationsEndBody, EqualsConversationStateOperator,
            InConversationStateOperator, ConversationStateOperator, StateConversationSearchFilter,
            ParticipantPersonIdConversationSearchFilter, AssigneePersonIdConversationSearchFilter,
            ContextPersonIdConversationSearchFilter, ConversationSearchFilter,
            ConversationOrderByField, ConversationOrderBy, ConversationQuery, ConversationResult;
        deputy: DeputyType, DeputyDefinition, DeputyRelationship, DeputyRelationshipList,
            WriteAgentDeputyRelationshipsBody, AgentUserIdDeputyRelationshipSearchFilter,
            DeputyIdDeputyRelationshipSearchFilter, DeputyRelationshipSearchFilter,
            DeputyRelationshipOrderByField, DeputyRelationshipOrderBy, DeputyRelationshipQuery,
            DeputyRelationshipResult;
        error: ErrorBody, ErrorCode;
        invitation: InvitationCreatorType, InvitationTargetType,
            ConversationInvitationSecondaryTargetData, ConversationInvitationData,
            InvitationsForwardConversationToAgentBody, InvitationsForwardConversationToTeamBody,
            InvitationsInviteAgentToConversationBody, InvitationsInviteTeamToConversationBody,
            InvitationsInviteAnonymousVisitorToConversationWithPinBody,
            InvitationsInviteAnonymousVisitorToConversationWithEmailBody,
            InvitationsInviteAnonymousVisitorToConversationWithLinkBody,
            InvitationsStartDeputyDelegationBody, InvitationsAddSecondaryInvitationTargetBody,
            AgentRemovalType, InvitationsRequeueConversationBody, InvitationsGetAcceptLinkBody,
            AcceptLinkData, EqualsInvitationStateOperator, InvitationStateOperator,
            EqualsInvitationTypeOperator, InInvitationTypeOperator, InvitationTypeOperator,
            ConversationIdConversationInvitationSearchFilter,
            InvitationStateConversationInvitationSearchFilter,
            InvitationTypeConversationInvitationSearchFilter,
            TargetIdConversationInvitationSearchFilter, ConversationInvitationSearchFilter,
            ConversationInvitationOrderByField, ConversationInvitationOrderBy,
            ConversationInvitationQuery, ConversationInvitationResult;
        person: PersonData, User, UserPasswordContainer, UsersSetPasswordBody, EqualsPersonTypeOperator,
            InPersonTypeOperator, PersonTypeOperator, PersonTypePersonSearchFilter,
            TeamIdPersonSearchFilter, PersonSearchFilter, PersonOrderByField, PersonOrderBy,
            PersonQuery, PersonResult, Team, TeamData, NameTeamSearchFilter,
            ParentIdTeamSearchFilter, TeamSearchFilter, TeamOrderByField, TeamOrderBy,
            TeamQuery, TeamResult, AvailabilityState, AgentAvailabilityStateData, TeamList,
            PersonsSetAwayBody, PersonStateType, AgentPersonStateData;
        query: Order, EqualsIdOperator, InIdOperator, IdOperator, EqualsStringOperator,
            ContainsStringOperator, StringOperator, AllOfIdListOperator, AnyOfIdListOperator,
            AllEqualIdListOperator, IdListOperator;
        push: BatonVapidPublicKey, BatonPushKeys, BatonPushSubscriptionBody,
            BatonPushSubscription, BatonPushAnswerBody, BatonPushAction, BatonPushMessage;
        secret: Secret;
        superoffice: Associate, ChatSessionEntity;
        webhook: RegistrationStatus, WebApiVersion, WebhookRegistration, WebhookPingEvent,
            ConversationEventKind, ConversationEvent, ConversationEndedEvent, ConversationParticipationData, ParticipationEventKind,
            ParticipationEvent, ContextPersonInfo, AgentForwardingEventKind,
            AgentForwardingEvent, AgentTargetData, AssignmentRequestUnansweredEvent,
            DeputyDelegationPushKind, DeputyDelegationPushEvent, PinEventKind, PinEvent;
    }
    schemas
}

/// Adds `T`'s schema and, recursively, those of the types it refers to.
fn add<T: ToSchema>(schemas: &mut Vec<(String, RefOr<Schema>)>) {
    schemas.push((T::name().into_owned(), T::schema()));
    T::schemas(schemas);
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use baton_core::command::Command;
    use baton_core::config::Config;
    use baton_core::id::{ConversationId, InvitationId, PersonId};
    use baton_core::{Actor, Event, State, Timestamp, decide, demo};
    use serde::Serialize;
    use serde_json::{Value, json};

    use super::*;
    use crate::wire::baton::{BatonEvent, BatonMessage, BatonTexts};
    use crate::wire::conversation::ConversationData;
    use crate::wire::invitation::ConversationInvitationData;

    /// The components as JSON, as the document will carry them.
    fn document() -> Value {
        serde_json::to_value(components()).unwrap()["schemas"].clone()
    }

    fn schema<'a>(document: &'a Value, name: &str) -> &'a Value {
        document
            .get(name)
            .unwrap_or_else(|| panic!("no schema {name}"))
    }

    fn property_names(schema: &Value) -> BTreeSet<&str> {
        schema["properties"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect()
    }

    fn required(schema: &Value) -> BTreeSet<&str> {
        schema["required"]
            .as_array()
            .map(|names| names.iter().map(|n| n.as_str().unwrap()).collect())
            .unwrap_or_default()
    }

    /// The schema a `$ref` points to, or the schema itself.
    fn resolve<'a>(document: &'a Value, schema: &'a Value) -> &'a Value {
        match schema["$ref"].as_str() {
            Some(location) => {
                let name = location.strip_prefix("#/components/schemas/").unwrap();
                schema_of(document, name)
            }
            None => schema,
        }
    }

    fn schema_of<'a>(document: &'a Value, name: &str) -> &'a Value {
        resolve(document, schema(document, name))
    }

    /// Adds `additionalProperties: false` to every object schema that declares properties and
    /// says nothing of others: a property the document does not declare is an error, as a
    /// client generated from it would find.
    fn close_objects(schema: &mut Value) {
        match schema {
            Value::Object(map) => {
                if map.contains_key("properties") && !map.contains_key("additionalProperties") {
                    map.insert("additionalProperties".into(), Value::Bool(false));
                }
                map.values_mut().for_each(close_objects);
            }
            Value::Array(items) => items.iter_mut().for_each(close_objects),
            _ => {}
        }
    }

    /// What is wrong with `json` by the schema named `name`, as JSON Schema 2020-12 (OpenAPI
    /// 3.1's dialect) with closed objects says; empty when it fits.
    fn fit_errors(document: &Value, name: &str, json: &Value) -> Vec<String> {
        let mut schemas = document.clone();
        close_objects(&mut schemas);
        let schema = json!({
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": format!("#/components/schemas/{name}"),
            "components": {"schemas": schemas},
        });
        let validator =
            jsonschema::draft202012::new(&schema).unwrap_or_else(|e| panic!("{name}: {e}"));
        validator
            .iter_errors(json)
            .map(|e| format!("at {}: {e}", e.instance_path))
            .collect()
    }

    /// Asserts that what `value` serialises to fits the schema named `name`.
    fn assert_fits<T: Serialize>(document: &Value, name: &str, value: &T) {
        let json = serde_json::to_value(value).unwrap();
        let errors = fit_errors(document, name, &json);
        assert!(
            errors.is_empty(),
            "{name}: {}\nin {json:#}",
            errors.join("\n")
        );
    }

    #[test]
    fn no_two_types_share_a_schema_name() {
        let all = schemas();
        for (name, schema) in &all {
            for (other, other_schema) in &all {
                assert!(
                    name != other || schema == other_schema,
                    "two different types are both called {name}"
                );
            }
        }
    }

    #[test]
    fn every_reference_resolves() {
        fn walk(value: &Value, names: &mut Vec<String>) {
            match value {
                Value::Object(object) => {
                    if let Some(Value::String(location)) = object.get("$ref") {
                        names.push(location.clone());
                    }
                    object.values().for_each(|v| walk(v, names));
                }
                Value::Array(items) => items.iter().for_each(|v| walk(v, names)),
                _ => {}
            }
        }
        let document = document();
        let mut locations = Vec::new();
        walk(&document, &mut locations);
        assert!(!locations.is_empty());
        for location in locations {
            let name = location.strip_prefix("#/components/schemas/").unwrap();
            assert!(document.get(name).is_some(), "dangling {location}");
        }
    }

    #[test]
    fn every_serde_type_of_the_wire_modules_is_listed() {
        let sources = [
            include_str!("wire/auth.rs"),
            include_str!("wire/baton.rs"),
            include_str!("wire/conversation.rs"),
            include_str!("wire/deputy.rs"),
            include_str!("wire/error.rs"),
            include_str!("wire/invitation.rs"),
            include_str!("wire/person.rs"),
            include_str!("wire/query.rs"),
            include_str!("wire/secret.rs"),
            include_str!("wire/superoffice.rs"),
            include_str!("wire/webhook.rs"),
        ];
        let document = document();
        let mut seen = 0;
        for source in sources {
            let mut attributes = String::new();
            for line in source.lines() {
                let item = line
                    .strip_prefix("pub struct ")
                    .or_else(|| line.strip_prefix("pub enum "));
                if let Some(item) = item {
                    let name: String = item
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    if attributes.contains("Serialize") || attributes.contains("Deserialize") {
                        assert!(document.get(&name).is_some(), "{name} is not listed");
                        seen += 1;
                    }
                }
                if line.starts_with("#[") || line.starts_with("///") || line.starts_with("    ") {
                    attributes.push_str(line);
                } else {
                    attributes.clear();
                }
            }
        }
        assert!(seen > 100, "only {seen} wire types found");
    }

    #[test]
    fn a_tag_is_a_required_constant_string() {
        let document = document();
        let login = schema(&document, "LoginResult");
        assert_eq!(
            login["properties"]["$_type"],
            json!({"type": "string", "enum": ["LoginResult"]})
        );
        assert!(required(login).contains("$_type"));
        let equals = schema(&document, "EqualsIdOperator");
        assert_eq!(
            equals["properties"]["type"],
            json!({"type": "string", "enum": ["EQUALS"]})
        );
        assert!(required(equals).contains("type"));
    }

    #[test]
    fn unions_are_one_of_with_a_discriminator_their_variants_carry() {
        let document = document();
        let recipient = schema(&document, "ConversationRecipientData");
        assert_eq!(
            recipient["oneOf"],
            json!([
                {"$ref": "#/components/schemas/AccountData"},
                {"$ref": "#/components/schemas/NamedAreaData"},
                {"$ref": "#/components/schemas/TeamData"},
                {"$ref": "#/components/schemas/PersonData"},
            ])
        );
        assert_eq!(recipient["discriminator"]["propertyName"], "$_type");
        assert_eq!(
            recipient["discriminator"]["mapping"]["PersonData"],
            "#/components/schemas/PersonData"
        );
        let operator = schema(&document, "IdOperator");
        assert_eq!(
            operator["discriminator"],
            json!({"propertyName": "type", "mapping": {
                "EQUALS": "#/components/schemas/EqualsIdOperator",
                "IN": "#/components/schemas/InIdOperator",
            }})
        );

        // Every discriminator value is the constant its variant carries and must send.
        let mut unions = 0;
        for union in document.as_object().unwrap().values() {
            let Some(discriminator) = union.get("discriminator") else {
                continue;
            };
            unions += 1;
            let key = discriminator["propertyName"].as_str().unwrap();
            let mapping = discriminator["mapping"].as_object().unwrap();
            assert_eq!(mapping.len(), union["oneOf"].as_array().unwrap().len());
            for (value, location) in mapping {
                let name = location.as_str().unwrap();
                let variant =
                    schema_of(&document, name.trim_start_matches("#/components/schemas/"));
                assert_eq!(
                    variant["properties"][key],
                    json!({"type": "string", "enum": [value]}),
                    "{location}"
                );
                assert!(required(variant).contains(key), "{location}");
            }
        }
        assert_eq!(unions, 14);
    }

    #[test]
    fn conversation_data_has_unblus_shape() {
        let document = document();
        let conversation = schema(&document, "ConversationData");
        assert_eq!(
            property_names(conversation),
            BTreeSet::from([
                "$_type",
                "creationTimestamp",
                "endTimestamp",
                "id",
                "accountId",
                "topic",
                "recipient",
                "participants",
                "state",
                "awaitedPersonType",
            ])
        );
        let properties = &conversation["properties"];
        assert_eq!(properties["$_type"]["enum"], json!(["ConversationData"]));
        assert_eq!(schema_of(&document, "ConversationId")["type"], "string");
        assert_eq!(
            resolve(&document, &properties["creationTimestamp"]),
            &json!({
                "type": "integer",
                "format": "int64",
                "description": schema(&document, "Timestamp")["description"],
            })
        );
        assert_eq!(properties["participants"]["type"], "array");
        assert_eq!(
            properties["participants"]["items"]["$ref"],
            "#/components/schemas/ParticipantData"
        );
        assert_eq!(
            resolve(&document, &properties["state"])["enum"],
            json!([
                "CREATED",
                "ONBOARDING",
                "REBOARDING",
                "QUEUED",
                "ACTIVE",
                "UNASSIGNED",
                "OFFBOARDING",
                "ENDED",
            ])
        );
        // Omitted when absent (`skip_serializing_if`) or defaulted on input: not required.
        assert_eq!(
            required(conversation),
            BTreeSet::from(["$_type", "creationTimestamp", "id", "accountId", "state"])
        );

        let participant = schema(&document, "ParticipantData");
        assert_eq!(
            property_names(participant),
            BTreeSet::from([
                "$_type",
                "state",
                "personId",
                "hidden",
                "conversationStarred",
                "participationType",
            ])
        );
        assert_eq!(
            resolve(&document, &participant["properties"]["participationType"])["enum"],
            json!([
                "ASSIGNED_AGENT",
                "CONTEXT_PERSON",
                "SECONDARY_AGENT",
                "SECONDARY_VISITOR",
            ])
        );
    }

    #[test]
    fn the_error_body_has_unblus_shape_plus_the_error_code() {
        let document = document();
        let error = schema(&document, "ErrorBody");
        assert_eq!(
            property_names(error),
            BTreeSet::from([
                "$_type",
                "statusCode",
                "statusDescription",
                "errorMessage",
                "errorCode",
            ])
        );
        assert_eq!(error["properties"]["$_type"]["enum"], json!(["Error"]));
        assert_eq!(error["properties"]["statusCode"]["type"], "integer");
        assert_eq!(required(error), BTreeSet::from(["$_type", "statusCode"]));
    }

    #[test]
    fn conversation_invitation_data_has_unblus_shape() {
        let document = document();
        let invitation = schema(&document, "ConversationInvitationData");
        assert_eq!(
            property_names(invitation),
            BTreeSet::from([
                "$_type",
                "accountId",
                "invitationType",
                "invitationState",
                "id",
                "conversationId",
                "token",
                "createdTimestamp",
                "creatorType",
                "creatorPersonId",
                "targetId",
                "targetType",
                "links",
                "redeemingPersonId",
                "comment",
                "joinHidden",
                "email",
                "nickname",
                "targetResponseStatus",
                "secondaryInvitationTargets",
                "expirationTimestamp",
            ])
        );
        let properties = &invitation["properties"];
        assert_eq!(
            resolve(&document, &properties["invitationType"])["enum"],
            json!([
                "ASSIGNMENT_REQUEST",
                "AGENT_FORWARDING",
                "AGENT_INVITATION",
                "DEPUTY_INVITATION",
                "VISITOR_INVITATION",
                "PIN_CONVERSATION",
            ])
        );
        assert_eq!(
            resolve(&document, &properties["invitationState"])["enum"],
            json!(["OPEN", "REDEEMED", "REVOKED", "EXPIRED"])
        );
        assert!(!required(invitation).contains("token"));
        assert_eq!(schema(&document, "Secret")["type"], "string");

        let forward = schema(&document, "InvitationsForwardConversationToAgentBody");
        assert_eq!(
            property_names(forward),
            BTreeSet::from(["conversationId", "agentPersonId", "comment"])
        );
        assert_eq!(
            required(forward),
            BTreeSet::from(["conversationId", "agentPersonId"])
        );
    }

    #[test]
    fn the_event_feed_is_tagged_with_type() {
        let document = document();
        let variants = schema(&document, "Event")["oneOf"].as_array().unwrap();
        let mut kinds = BTreeSet::new();
        for variant in variants {
            let kind = &variant["properties"]["type"];
            assert_eq!(kind["type"], "string");
            assert_eq!(kind["enum"].as_array().unwrap().len(), 1);
            assert!(required(variant).contains("type"));
            kinds.insert(kind["enum"][0].as_str().unwrap());
        }
        assert_eq!(kinds.len(), variants.len());
        assert!(kinds.contains("MessagePosted") && kinds.contains("InvitationCreated"));
    }

    /// The demo bank, a forwarding and a PIN invitation: every event and the wire views of
    /// the result, to check against the schemas.
    fn history() -> (State, Vec<Event>) {
        let mut state = State::new(Config::default());
        let conversation = ConversationId::new(demo::VERA_AND_ANNA);
        let mut commands = demo::commands();
        commands.push((
            Actor::Admin,
            Command::ForwardToAgent {
                conversation: conversation.clone(),
                invitation: InvitationId::new("forwarding"),
                agent: PersonId::new(demo::CLARA),
                comment: Some("Please take over".into()),
            },
        ));
        commands.push((
            Actor::Admin,
            Command::InviteVisitorWithPin {
                conversation,
                invitation: InvitationId::new("pin"),
                pin: "123456".into(),
                nickname: Some("Max".into()),
            },
        ));
        let mut events = Vec::new();
        for (actor, command) in commands {
            for event in decide(&state, command, &actor, Timestamp(1_000)).unwrap() {
                state.apply(&event);
                events.push(event);
            }
        }
        (state, events)
    }

    #[test]
    fn what_baton_sends_fits_the_schemas() {
        let document = document();
        let (state, events) = history();
        for (seq, event) in events.iter().enumerate() {
            assert_fits(&document, "Event", event);
            let feed = BatonEvent::for_actor(
                seq as u64,
                Timestamp(seq as i64),
                &state,
                &Actor::Admin,
                event,
            )
            .unwrap();
            assert_fits(&document, "BatonEvent", &feed);
            if let Some(entry) = feed.handoff() {
                assert_fits(&document, "HandoffEntry", entry);
                assert_fits(&document, "HandoffRow", &entry.row());
            }
            let texts = baton_core::text::Texts::default();
            if let Some(message) = BatonMessage::from_event(event, &texts, "en") {
                assert_fits(&document, "BatonMessage", &message);
            }
        }
        for conversation in state.conversations.values() {
            assert_fits(
                &document,
                "ConversationData",
                &ConversationData::for_visitor(conversation),
            );
        }
        assert_eq!(state.invitations.len(), 2);
        for invitation in state.invitations.values() {
            assert_fits(
                &document,
                "ConversationInvitationData",
                &ConversationInvitationData::with_token(invitation, "48213957"),
            );
        }
        assert_fits(
            &document,
            "ErrorBody",
            &crate::ErrorBody::new(
                crate::wire::error::ErrorCode::NotFound,
                "no such conversation",
            ),
        );
        assert_fits(
            &document,
            "BatonTexts",
            &BatonTexts::new(&baton_core::text::Texts::default(), "fr"),
        );
    }

    #[test]
    fn the_schema_check_refuses_what_does_not_fit() {
        let document = document();
        let refused = |name: &str, json: Value| !fit_errors(&document, name, &json).is_empty();
        assert!(refused(
            "ErrorBody",
            json!({"$_type": "Eror", "statusCode": 404})
        ));
        assert!(
            refused(
                "ErrorBody",
                json!({"$_type": "Error", "statusCode": 404, "status": 1})
            ),
            "an undeclared property"
        );
        assert!(refused("ErrorBody", json!({"$_type": "Error"})));
        assert!(!refused(
            "ErrorBody",
            json!({"$_type": "Error", "statusCode": 404})
        ));
        assert!(refused(
            "BatonTexts",
            json!({"$_type": "BatonTexts", "locale": "en", "texts": {"a": 1}})
        ));
    }
}
