//! The SuperOffice chat transfer facade (seed 004) under `/api/v1`:
//! `POST ChatSession/{chatSessionId}/TransferTo/{toAssociate}`, `.../AcceptTransfer` and
//! `.../RejectTransfer`, each answering SuperOffice's `ChatSessionEntity`. Baton maps them
//! onto forwarding through the domain's `TransferTo`, `AcceptTransfer` and `RejectTransfer`.
//!
//! Ids: SuperOffice's chat session and associate ids are int32, Baton's are strings. The path
//! takes Baton's conversation id as `chatSessionId`, and `toAssociate` is an agent's username
//! or person id. The entity's `ChatSessionId` and `AssociateId` are stable numbers derived from
//! Baton's ids for clients that need an int32; they cannot be turned back into ids. No rule
//! lives here: "if the session does not belong to the user, nothing happens" is the domain's.

use baton_api::operation::superoffice;
use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use baton_api::wire::superoffice::{Associate, ChatSessionEntity};
use baton_core::id::{ConversationId, InvitationId, PersonId};
use baton_core::{Command, DomainError, State as DomainState};
use sha2::{Digest, Sha256};

use super::App;
use super::baton::ensure_visible;
use super::caller::Caller;
use super::error::ApiError;
use super::extract::PathParams;
use crate::http::routes::Routes;
use crate::secrets;

pub(super) fn routes() -> Routes {
    Routes::new()
        .operation(&superoffice::TRANSFER_TO, transfer_to)
        .operation(&superoffice::ACCEPT_TRANSFER, accept)
        .operation(&superoffice::REJECT_TRANSFER, reject)
}

/// A stable positive int32 for a Baton id: the id itself when it is one, else the first 31
/// bits of its SHA-256.
fn int32_of(id: &str) -> i32 {
    if let Ok(number) = id.parse::<i32>()
        && number > 0
    {
        return number;
    }
    let digest = Sha256::digest(id.as_bytes());
    let number = u32::from_be_bytes([digest[0], digest[1], digest[2], digest[3]]) & 0x7fff_ffff;
    i32::try_from(number).unwrap_or(i32::MAX).max(1)
}

/// The agent `to_associate` names: a person id, or a username (case-insensitive, as sign-in).
fn associate(state: &DomainState, to_associate: &str) -> Result<PersonId, ApiError> {
    let directory = &state.directory;
    directory
        .person(&PersonId::new(to_associate))
        .or_else(|| {
            directory.persons.values().find(|p| {
                p.username
                    .as_deref()
                    .is_some_and(|u| u.eq_ignore_ascii_case(to_associate))
            })
        })
        .map(|p| p.id.clone())
        .ok_or_else(|| DomainError::UnknownPerson(PersonId::new(to_associate)).into())
}

/// The conversation as SuperOffice's chat session: its assignee as `User`, the agent of its
/// pending transfer as `TransferTo`, and the customer's name and e-mail address.
fn entity(state: &DomainState, id: &ConversationId) -> Result<ChatSessionEntity, ApiError> {
    let conversation = state
        .conversations
        .get(id)
        .ok_or_else(|| DomainError::UnknownConversation(id.clone()))?;
    let as_associate = |person: &PersonId| {
        state
            .directory
            .person(person)
            .map(|p| Associate::new(int32_of(person.as_str()), p))
    };
    let user = conversation.assignee().and_then(as_associate);
    let transfer_to = state
        .pending_transfer(id)
        .and_then(|(_, agent)| as_associate(agent));
    let mut entity =
        ChatSessionEntity::for_conversation(int32_of(id.as_str()), conversation, user, transfer_to);
    if let Some(customer) = conversation
        .context_person()
        .and_then(|p| state.directory.person(p))
    {
        entity.customer_name = customer.display_name.clone();
        entity.customer_email = customer.email.clone().unwrap_or_default();
    }
    Ok(entity)
}

/// Runs `command` on a conversation the caller may see (404 otherwise) and answers the
/// chat session as it is afterwards.
async fn run(
    app: &App,
    caller: &Caller,
    id: &ConversationId,
    command: impl FnOnce(&DomainState) -> Result<Command, ApiError>,
) -> Result<Json<ChatSessionEntity>, ApiError> {
    let actor = caller.signed_in()?;
    let command = app.runtime.read(|state| {
        ensure_visible(state, actor, id)?;
        command(state)
    })?;
    app.execute(actor, command).await?;
    app.runtime.read(|state| entity(state, id)).map(Json)
}

/// `TransferTo`: a pending transfer to another agent; nothing happens unless the caller is
/// the session's agent.
async fn transfer_to(
    State(app): State<Arc<App>>,
    PathParams((session, to_associate)): PathParams<(String, String)>,
    caller: Caller,
) -> Result<Json<ChatSessionEntity>, ApiError> {
    let id = ConversationId::new(&session);
    run(&app, &caller, &id, |state| {
        Ok(Command::TransferTo {
            conversation: id.clone(),
            invitation: InvitationId::new(secrets::id("inv")),
            agent: associate(state, &to_associate)?,
        })
    })
    .await
}

/// `AcceptTransfer`, by the agent the transfer is pending for: they take the session.
async fn accept(
    State(app): State<Arc<App>>,
    PathParams(session): PathParams<String>,
    caller: Caller,
) -> Result<Json<ChatSessionEntity>, ApiError> {
    let id = ConversationId::new(&session);
    run(&app, &caller, &id, |_| {
        Ok(Command::AcceptTransfer {
            conversation: id.clone(),
        })
    })
    .await
}

/// `RejectTransfer`, by the agent the transfer is pending for: the transfer is cleared.
async fn reject(
    State(app): State<Arc<App>>,
    PathParams(session): PathParams<String>,
    caller: Caller,
) -> Result<Json<ChatSessionEntity>, ApiError> {
    let id = ConversationId::new(&session);
    run(&app, &caller, &id, |_| {
        Ok(Command::RejectTransfer {
            conversation: id.clone(),
        })
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numeric_ids_are_kept_and_others_map_to_stable_positive_int32s() {
        assert_eq!(int32_of("648"), 648);
        let a = int32_of("conversation-vera-anna");
        assert!(a > 0);
        assert_eq!(a, int32_of("conversation-vera-anna"));
        assert_ne!(a, int32_of("conversation-vera-ben"));
        assert!(int32_of("-5") > 0 && int32_of("0") > 0);
    }
}
