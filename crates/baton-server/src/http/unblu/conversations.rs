//! Unblu's `conversations/...` endpoints: `create`, `read`, `search`, and the changes of
//! seed 000 (`addParticipant`, `setAssigneePerson`, `changeParticipantVisibility`,
//! `offboardParticipant`), `setAwaitedPersonType` and `end`. Each change answers the updated
//! `ConversationData` as the caller may see it (visitors never see hidden participants).
//!
//! Who may do what is decided by `baton-core`; reads check `access::can_view` and answer
//! 404 for what the caller may not see. No rule lives here.

use baton_api::operation::v4;
use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, State};
use baton_api::wire::conversation::{
    ConversationCreationData, ConversationData, ConversationQuery, ConversationRecipientType,
    ConversationResult, ConversationsAddParticipantBody,
    ConversationsChangeParticipantVisibilityBody, ConversationsEndBody,
    ConversationsOffboardParticipantBody, ConversationsSetAssigneePersonBody,
    ConversationsSetAwaitedPersonTypeBody,
};
use baton_api::wire::query::Page;
use baton_core::conversation::Conversation;
use baton_core::id::{AccountId, ConversationId, InvitationId, TeamId};
use baton_core::{Actor, Command, DomainError, State as DomainState, access};

use crate::http::App;
use crate::http::caller::Caller;
use crate::http::error::ApiError;
use crate::http::json::Body;
use crate::http::routes::Routes;
use crate::secrets;

pub(super) fn routes() -> Routes {
    Routes::new()
        .operation(&v4::CONVERSATIONS_CREATE, create)
        .operation(&v4::CONVERSATIONS_SEARCH, search)
        .operation(&v4::CONVERSATIONS_READ, read)
        .operation(&v4::CONVERSATIONS_ADD_PARTICIPANT, add_participant)
        .operation(&v4::CONVERSATIONS_SET_ASSIGNEE_PERSON, set_assignee_person)
        .operation(
            &v4::CONVERSATIONS_CHANGE_PARTICIPANT_VISIBILITY,
            change_participant_visibility,
        )
        .operation(
            &v4::CONVERSATIONS_OFFBOARD_PARTICIPANT,
            offboard_participant,
        )
        .operation(
            &v4::CONVERSATIONS_SET_AWAITED_PERSON_TYPE,
            set_awaited_person_type,
        )
        .operation(&v4::CONVERSATIONS_END, end)
}

/// The conversation as `actor` may see it: visitors get the view without hidden participants.
fn view(actor: &Actor, conversation: &Conversation) -> ConversationData {
    match actor {
        Actor::Visitor(_) => ConversationData::for_visitor(conversation),
        _ => ConversationData::from(conversation),
    }
}

/// The conversation after a change the caller made, as they may see it. The change itself
/// was allowed, so the answer is given even when it took the caller out of the conversation
/// (they left, or ended it).
fn changed(
    app: &App,
    actor: &Actor,
    id: &ConversationId,
) -> Result<Json<ConversationData>, ApiError> {
    app.runtime
        .read(|state| state.conversations.get(id).map(|c| view(actor, c)))
        .map(Json)
        .ok_or_else(|| DomainError::UnknownConversation(id.clone()).into())
}

/// Runs the caller's change of conversation `id` and answers the updated conversation.
async fn change(
    app: &App,
    caller: &Caller,
    id: &ConversationId,
    command: Command,
) -> Result<Json<ConversationData>, ApiError> {
    let actor = caller.signed_in()?;
    app.execute(actor, command).await?;
    changed(app, actor, id)
}

/// The account a new conversation belongs to: Unblu's "current account". Agents and visitors
/// create in their own; the web API administrator, who has no account of their own, names it
/// through an `ACCOUNT` recipient, or else it is that of the first participant or of the
/// recipient agent or team.
fn account_for(
    state: &DomainState,
    actor: &Actor,
    body: &ConversationCreationData,
) -> Result<AccountId, ApiError> {
    if let Some(me) = actor.person() {
        return state
            .directory
            .person(me)
            .map(|p| p.account.clone())
            .ok_or_else(|| DomainError::UnknownPerson(me.clone()).into());
    }
    let recipient = body.recipient.as_ref();
    let named = recipient
        .filter(|r| r.recipient_type == ConversationRecipientType::Account)
        .map(|r| AccountId::new(&r.id));
    let of_participant = || {
        body.participants
            .iter()
            .find_map(|p| state.directory.person(&p.person_id))
            .map(|p| p.account.clone())
    };
    let of_recipient = || {
        recipient.and_then(|r| match r.recipient_type {
            ConversationRecipientType::Agent => state
                .directory
                .person(&r.id.as_str().into())
                .map(|p| p.account.clone()),
            ConversationRecipientType::Team => state
                .directory
                .team(&TeamId::new(&r.id))
                .map(|t| t.account.clone()),
            ConversationRecipientType::Account | ConversationRecipientType::NamedArea => None,
        })
    };
    named
        .or_else(of_participant)
        .or_else(of_recipient)
        .ok_or_else(|| {
            DomainError::InvalidInput(
                "name the account with an ACCOUNT recipient, a participant or a recipient",
            )
            .into()
        })
}

/// `POST conversations/create` (`ConversationCreationData` → `ConversationData`).
async fn create(
    State(app): State<Arc<App>>,
    caller: Caller,
    Body(body): Body<ConversationCreationData>,
) -> Result<Json<ConversationData>, ApiError> {
    let actor = caller.signed_in()?;
    let account = app.runtime.read(|state| account_for(state, actor, &body))?;
    let id = ConversationId::new(secrets::id("conv"));
    let request = InvitationId::new(secrets::id("inv"));
    let command = body.into_command(id.clone(), account, request)?;
    change(&app, &caller, &id, command).await
}

/// `GET conversations/{conversationId}/read` (→ `ConversationData`).
async fn read(
    State(app): State<Arc<App>>,
    caller: Caller,
    Path(id): Path<ConversationId>,
) -> Result<Json<ConversationData>, ApiError> {
    let actor = caller.signed_in()?;
    app.runtime
        .read(|state| {
            state
                .conversations
                .get(&id)
                .filter(|c| access::can_view(state, actor, c))
                .map(|c| view(actor, c))
        })
        .map(Json)
        .ok_or_else(|| DomainError::UnknownConversation(id).into())
}

/// `POST conversations/search` (`ConversationQuery` → `ConversationResult`): only the
/// conversations the caller may see, filtered as the caller sees them.
async fn search(
    State(app): State<Arc<App>>,
    caller: Caller,
    Body(query): Body<ConversationQuery>,
) -> Result<Json<ConversationResult>, ApiError> {
    let actor = caller.signed_in()?;
    let mut found: Vec<ConversationData> = app.runtime.read(|state| {
        state
            .conversations
            .values()
            .filter(|c| access::can_view(state, actor, c))
            .map(|c| view(actor, c))
            .filter(|c| query.matches(c))
            .collect()
    });
    query.sort(&mut found)?;
    Ok(Json(Page::of(found, query.offset, query.limit).into()))
}

/// `POST conversations/{conversationId}/addParticipant`.
async fn add_participant(
    State(app): State<Arc<App>>,
    caller: Caller,
    Path(id): Path<ConversationId>,
    Body(body): Body<ConversationsAddParticipantBody>,
) -> Result<Json<ConversationData>, ApiError> {
    caller.signed_in()?;
    let command = app
        .runtime
        .read(|state| body.into_command(id.clone(), &state.directory))?;
    change(&app, &caller, &id, command).await
}

/// `POST conversations/{conversationId}/setAssigneePerson`.
async fn set_assignee_person(
    State(app): State<Arc<App>>,
    caller: Caller,
    Path(id): Path<ConversationId>,
    Body(body): Body<ConversationsSetAssigneePersonBody>,
) -> Result<Json<ConversationData>, ApiError> {
    let command = body.into_command(id.clone());
    change(&app, &caller, &id, command).await
}

/// `POST conversations/{conversationId}/changeParticipantVisibility`.
async fn change_participant_visibility(
    State(app): State<Arc<App>>,
    caller: Caller,
    Path(id): Path<ConversationId>,
    Body(body): Body<ConversationsChangeParticipantVisibilityBody>,
) -> Result<Json<ConversationData>, ApiError> {
    let command = body.into_command(id.clone());
    change(&app, &caller, &id, command).await
}

/// `POST conversations/{conversationId}/offboardParticipant`.
async fn offboard_participant(
    State(app): State<Arc<App>>,
    caller: Caller,
    Path(id): Path<ConversationId>,
    Body(body): Body<ConversationsOffboardParticipantBody>,
) -> Result<Json<ConversationData>, ApiError> {
    caller.signed_in()?;
    let command = body.into_command(id.clone())?;
    change(&app, &caller, &id, command).await
}

/// `POST conversations/{conversationId}/setAwaitedPersonType`.
async fn set_awaited_person_type(
    State(app): State<Arc<App>>,
    caller: Caller,
    Path(id): Path<ConversationId>,
    Body(body): Body<ConversationsSetAwaitedPersonTypeBody>,
) -> Result<Json<ConversationData>, ApiError> {
    let command = body.into_command(id.clone());
    change(&app, &caller, &id, command).await
}

/// `POST conversations/{conversationId}/end` (`ConversationsEndBody`).
async fn end(
    State(app): State<Arc<App>>,
    caller: Caller,
    Path(id): Path<ConversationId>,
    Body(body): Body<ConversationsEndBody>,
) -> Result<Json<ConversationData>, ApiError> {
    let command = body.into_command(id.clone());
    change(&app, &caller, &id, command).await
}
