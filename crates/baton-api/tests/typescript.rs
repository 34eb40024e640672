//! The TypeScript declarations of the wire (`ts` feature): every wire type and every
//! `baton-core` type they carry is declared, no declaration falls back to `any`, every
//! `$_type` is its type's literal tag, and no name is declared twice.
//!
//! The collected declarations are also compiled by the real TypeScript compiler under
//! `--strict`: the workspace's `node_modules/.bin/tsc` (`npm ci` installs it, and `cargo xtask
//! test` runs `npm ci` first), or the one `BATON_TSC` names. Without a compiler that test
//! fails, saying so: it never skips itself.
#![cfg(feature = "ts")]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use baton_api::wire::{
    auth, baton, conversation, deputy, error, invitation, person, push, query, secret, superoffice,
    webhook,
};
use baton_core::{command, conversation as core_conversation, deputy as core_deputy};
use baton_core::{delegation_preview, history, notification};
use baton_core::{directory, event, id, invitation as core_invitation, text, time};
use tsify::Tsify;

/// Every declared type, as `(module file, declaration)`, in listing order.
fn declarations() -> Vec<(&'static str, &'static str)> {
    macro_rules! collect {
        ($($file:literal => $module:ident: $($ty:ident),+;)+) => {
            vec![
                ("wire/superoffice.rs", superoffice::JSON_VALUE_DECL),
                $($(($file, <$module::$ty as Tsify>::DECL)),+),+
            ]
        };
    }
    collect! {
        "wire/auth.rs" => auth: AuthenticatorLoginBody, LoginResult, AuthenticatorLogoutBody,
            SecureTokenType, SecureTokenRequest;
        "wire/baton.rs" => baton: BatonAuthorType, BatonMessage, BatonPostMessageBody,
            BatonPrompt, BatonPromptAnswer, BatonDelegationResponseBody, BatonRedeemPinBody,
            BatonRedeemLinkBody, BatonRedemption, BatonConversationSummary, BatonQueueItem,
            BatonDeputySettings,
            BatonEvent, BatonSession, BatonParticipant, BatonTexts, BatonDeliveryChannel,
            BatonDeliveryState, BatonDelivery, BatonRevokeSessionsBody;
        "wire/conversation.rs" => conversation: ConversationData, ParticipantData, AccountData,
            NamedAreaData, ConversationRecipientData, ConversationRecipientType,
            ConversationCreationRecipientData, ConversationCreationParticipantData,
            ConversationCreationData, ConversationsAddParticipantBody,
            ConversationsChangeParticipantVisibilityBody, ConversationsSetAssigneePersonBody,
            ConversationLeftReason, ConversationsOffboardParticipantBody,
            ConversationsSetAwaitedPersonTypeBody, ConversationEndReason, ConversationsEndBody,
            EqualsConversationStateOperator, InConversationStateOperator,
            ConversationStateOperator, StateConversationSearchFilter,
            ParticipantPersonIdConversationSearchFilter,
            AssigneePersonIdConversationSearchFilter, ContextPersonIdConversationSearchFilter,
            ConversationSearchFilter, ConversationOrderByField, ConversationOrderBy,
            ConversationQuery, ConversationResult, ConversationLinkType, ConversationLink;
        "wire/deputy.rs" => deputy: DeputyType, DeputyDefinition, DeputyRelationship,
            DeputyRelationshipList, WriteAgentDeputyRelationshipsBody,
            AgentUserIdDeputyRelationshipSearchFilter, DeputyIdDeputyRelationshipSearchFilter,
            DeputyRelationshipSearchFilter, DeputyRelationshipOrderByField,
            DeputyRelationshipOrderBy, DeputyRelationshipQuery, DeputyRelationshipResult;
        "wire/error.rs" => error: ErrorBody, ErrorCode;
        "wire/invitation.rs" => invitation: InvitationCreatorType, InvitationTargetType,
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
        "wire/person.rs" => person: PersonData, User, UserPasswordContainer, UsersSetPasswordBody,
            EqualsPersonTypeOperator, InPersonTypeOperator, PersonTypeOperator,
            PersonTypePersonSearchFilter, TeamIdPersonSearchFilter, PersonSearchFilter,
            PersonOrderByField, PersonOrderBy, PersonQuery, PersonResult, Team, TeamData,
            NameTeamSearchFilter, ParentIdTeamSearchFilter, TeamSearchFilter, TeamOrderByField,
            TeamOrderBy, TeamQuery, TeamResult, TeamList, PersonsSetAwayBody, PersonStateType,
            AgentPersonStateData, AvailabilityState, AgentAvailabilityStateData;
        "wire/query.rs" => query: Order, EqualsIdOperator, InIdOperator, IdOperator,
            EqualsStringOperator, ContainsStringOperator, StringOperator, AllOfIdListOperator,
            AnyOfIdListOperator, AllEqualIdListOperator, IdListOperator;
        "wire/push.rs" => push: BatonVapidPublicKey, BatonPushKeys, BatonPushSubscriptionBody,
            BatonPushSubscription, BatonPushAnswerBody, BatonPushAction, BatonPushMessage;
        "wire/secret.rs" => secret: Secret;
        "wire/superoffice.rs" => superoffice: Associate, ChatSessionEntity;
        "wire/webhook.rs" => webhook: RegistrationStatus, WebApiVersion, WebhookRegistration,
            WebhookPingEvent, ConversationEventKind, ConversationEvent, ConversationEndedEvent,
            ConversationParticipationData, ParticipationEventKind, ParticipationEvent,
            AgentTargetData, ContextPersonInfo, AgentForwardingEventKind, AgentForwardingEvent,
            PinEventKind, PinEvent, AssignmentRequestUnansweredEvent, DeputyDelegationPushKind,
            DeputyDelegationPushEvent;
        "core/command.rs" => command: ResponseChannel;
        "core/conversation.rs" => core_conversation: ConversationState, ParticipationType,
            ParticipationState, AwaitedPersonType, OffboardingReason, Recipient, Participant;
        "core/deputy.rs" => core_deputy: DeputyLevel, DelegationLevel, Deputy,
            DeputyRelationships, PlannedDeputy, PlannedStep, EscalationTimeouts,
            DelegationStart, DelegationPlan;
        "core/directory.rs" => directory: Account, Team, PersonType, PresenceState,
            AuthorizationRole, NotificationChannels, Person;
        "core/event.rs" => event: Author, MessageBody, Audience, Event;
        "core/id.rs" => id: AccountId, TeamId, PersonId, ConversationId, InvitationId,
            MessageId, PromptId;
        "core/invitation.rs" => core_invitation: InvitationType, InvitationState,
            ResponseStatus, DelegationResponse, Creator, InvitationTarget, TokenDigest,
            SecondaryTarget, Delegation, Invitation;
        "core/history/entry.rs" => history: HandoffEntry, HandoffActor, HandoffAction,
            HandoffSubject, HandoffOutcome, InvitationKind, InvitationRef, DelegationTrigger,
            DelegationStarted, NotifiedDeputy, HandoffDetail;
        "core/history/row.rs" => history: HandoffRow;
        "core/notification.rs" => notification: NotificationChannel;
        "core/delegation_preview.rs" => delegation_preview: DelegationPreview, PreviewStep,
            PreviewAsked, PreviewDeputy, PreviewTeam;
        "core/text/mod.rs" => text: TextKey;
        "core/time.rs" => time: Timestamp;
    }
}

/// Reads the listed sources of baton-api (`wire/...`) and baton-core (`core/...`).
macro_rules! sources {
    (api: $($api:literal),+; core: $($core:literal),+;) => {
        &[
            $(($api, include_str!(concat!("../src/", $api))),)+
            $((concat!("core/", $core), include_str!(concat!("../../baton-core/src/", $core))),)+
        ]
    };
}

/// The sources whose `derive(tsify::Tsify)` types must all be listed above.
const SOURCES: &[(&str, &str)] = sources! {
    api: "wire/auth.rs", "wire/baton.rs", "wire/conversation.rs", "wire/deputy.rs",
        "wire/error.rs", "wire/invitation.rs", "wire/person.rs", "wire/query.rs",
        "wire/secret.rs", "wire/shape.rs", "wire/superoffice.rs", "wire/webhook.rs";
    core: "command.rs", "conversation.rs", "deputy.rs", "directory.rs", "event.rs", "id.rs",
        "invitation.rs", "text/mod.rs", "time.rs", "history/entry.rs", "history/row.rs",
        "notification.rs", "delegation_preview.rs";
};

/// How a `one_of!` union derives `Tsify` (it has no derived JSON schema: `one_of!` writes it).
const UNION_DERIVE: &str = "derive(tsify::Tsify))]\n#[serde(untagged)]";

/// All declarations as one `.d.ts` text.
fn text() -> String {
    let mut out = String::new();
    for (_, decl) in declarations() {
        out.push_str(decl);
        out.push_str("\n\n");
    }
    out
}

/// The name each declaration declares (`type X =`, `interface X {`, `enum X`).
fn declared_name(decl: &str) -> &str {
    let rest = decl
        .split(['\n', ' '])
        .skip_while(|word| !matches!(*word, "type" | "interface" | "enum"))
        .nth(1)
        .unwrap_or_else(|| panic!("no declared name in {decl}"));
    rest.split(['<', ' ', '{', '=']).next().unwrap_or(rest)
}

/// A declaration without its doc comments (whose prose may say "any").
fn code(decl: &str) -> String {
    decl.lines()
        .filter(|line| !matches!(line.trim_start().get(..1), Some("*" | "/")))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Whether `word` occurs in `text` as a whole identifier.
fn has_word(text: &str, word: &str) -> bool {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '$'))
        .any(|token| token == word)
}

/// The names of the types a source file gives `derive(tsify::Tsify)` (the derive line
/// comes before the `pub struct` / `pub enum` line of its type).
fn derived_in(source: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut pending = false;
    for line in source.lines() {
        let line = line.trim();
        if line.contains("derive(tsify::Tsify)") {
            pending = true;
        } else if pending
            && let Some(rest) = line
                .strip_prefix("pub struct ")
                .or_else(|| line.strip_prefix("pub enum "))
        {
            let name = rest.split(['(', ' ', '<', '{', ';']).next().unwrap_or(rest);
            names.push(name.to_owned());
            pending = false;
        }
    }
    names
}

#[test]
fn the_declarations_compile_under_tsc_strict() {
    let tsc = std::env::var_os("BATON_TSC").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../../node_modules/.bin/tsc"),
        PathBuf::from,
    );
    assert!(
        tsc.is_file(),
        "no TypeScript compiler at {}: run `npm ci` at the workspace root (`cargo xtask test` \
         does) or name one with BATON_TSC",
        tsc.display()
    );
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join("baton-wire.d.ts");
    std::fs::write(&path, text()).unwrap();
    let output = std::process::Command::new(&tsc)
        .args(["--noEmit", "--strict"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "tsc on {}: {}",
        path.display(),
        String::from_utf8_lossy(&output.stdout)
    );
}

#[test]
fn no_declaration_falls_back_to_any_or_unknown() {
    for (_, decl) in declarations() {
        let code = code(decl);
        for word in ["any", "unknown", "object", "Self", "Tag", "Value"] {
            assert!(!has_word(&code, word), "{word} in {decl}");
        }
    }
}

#[test]
fn every_name_is_declared_once() {
    let mut seen = BTreeSet::new();
    for (_, decl) in declarations() {
        let name = declared_name(decl);
        assert!(seen.insert(name), "{name} is declared twice");
    }
}

#[test]
fn every_derived_type_is_listed() {
    let listed: BTreeMap<&str, BTreeSet<&str>> =
        declarations()
            .into_iter()
            .fold(BTreeMap::new(), |mut files, (file, decl)| {
                files.entry(file).or_default().insert(declared_name(decl));
                files
            });
    for (file, source) in SOURCES {
        // The declared name is the Rust name except where `tsify(rename)` says otherwise.
        let renamed = |name: &str| match (*file, name) {
            ("core/directory.rs", "Account") => "DirectoryAccount".to_owned(),
            ("core/directory.rs", "Team") => "DirectoryTeam".to_owned(),
            _ => name.to_owned(),
        };
        let mut derived = derived_in(source);
        if *file == "core/id.rs" {
            // One derive inside `id_type!`, for every id.
            derived = listed[file].iter().map(|name| name.to_string()).collect();
        }
        for name in derived {
            let name = renamed(&name);
            assert!(
                listed
                    .get(file)
                    .is_some_and(|names| names.contains(name.as_str())),
                "{file}: {name} derives Tsify but is not listed"
            );
        }
        // Whatever has a JSON schema has a declaration too.
        assert_eq!(
            source.matches("derive(utoipa::ToSchema)").count(),
            source.matches("derive(tsify::Tsify)").count() - source.matches(UNION_DERIVE).count(),
            "{file}: a type with a JSON schema has no TypeScript declaration"
        );
    }
}

#[test]
fn every_type_tag_is_the_literal_type_name() {
    for (_, decl) in declarations() {
        let name = declared_name(decl);
        let Some(rest) = decl.split("$_type: ").nth(1) else {
            continue;
        };
        let tag = rest.split(';').next().unwrap();
        if !tag.starts_with('"') {
            // A kind enum of several tags (`ConversationEventKind`), declared by itself.
            continue;
        }
        let expected = if name == "ErrorBody" { "Error" } else { name };
        assert_eq!(tag, format!("\"{expected}\""), "{decl}");
    }
}
