//! Unblu's `conversations/...` operations (`create`, `read`, `search`, `addParticipant`,
//! `setAssigneePerson`, `changeParticipantVisibility`, `offboardParticipant`,
//! `setAwaitedPersonType`, `end`) and the reassign flow that chains them
//! ([`Client::reassign`], [`Client::reassign_keeping_previous`]).
//!
//! Only this group's methods live here: the request plumbing (credentials, idempotency keys,
//! errors) is `mod.rs`'s, and the other routes are in their group's file. The one body of its
//! own here is [`EveryConversation`], the search's light body for browsers.

use baton_core::id::{ConversationId, PersonId};
use serde::Serialize;

use super::{ApiError, Client, Json, ReassignError, ReassignStep, Transport};
use crate::operation::v4;
use crate::wire::conversation::{
    ConversationCreationData, ConversationData, ConversationLeftReason, ConversationQuery,
    ConversationResult, ConversationsAddParticipantBody,
    ConversationsChangeParticipantVisibilityBody, ConversationsEndBody,
    ConversationsOffboardParticipantBody, ConversationsSetAssigneePersonBody,
    ConversationsSetAwaitedPersonTypeBody,
};
use crate::wire::shape::Tag;

/// The `conversations/search` body asking for every conversation the searcher may see: a
/// [`ConversationQuery`] without filters, order or paging (`{"$_type":"ConversationQuery"}`).
/// The browser sends this one: the full query's encoder, with every filter and order
/// variant, is about 5 KB of a page's WebAssembly for a body that is always the same.
#[derive(Clone, Copy, Debug, Default, Serialize)]
pub struct EveryConversation {
    #[serde(rename = "$_type")]
    kind: Tag<ConversationQuery>,
}

impl<T: Transport> Client<T> {
    /// `conversations/create`: a conversation with an assignee, or a request to an agent, a
    /// team or the queue.
    pub async fn conversations_create(
        &self,
        body: &ConversationCreationData,
    ) -> Result<ConversationData, ApiError> {
        self.create(v4::CONVERSATIONS_CREATE.target(&[]), body)
            .await
    }

    /// `conversations/{id}/read`.
    pub async fn conversations_read(
        &self,
        id: &ConversationId,
    ) -> Result<ConversationData, ApiError> {
        self.get(v4::CONVERSATIONS_READ.target(&[id.as_str()]))
            .await
    }

    /// `conversations/search`: the conversations the caller may see.
    pub async fn conversations_search(
        &self,
        query: &ConversationQuery,
    ) -> Result<ConversationResult, ApiError> {
        self.conversations_search_json(query).await?.decode()
    }

    /// [`Client::conversations_search`], unread.
    pub async fn conversations_search_json(
        &self,
        query: &ConversationQuery,
    ) -> Result<Json<ConversationResult>, ApiError> {
        self.call_json(v4::CONVERSATIONS_SEARCH.target(&[]), Some(query))
            .await
    }

    /// [`Client::conversations_search_json`] for every conversation the searcher may see,
    /// with the light body ([`EveryConversation`]).
    pub async fn conversations_every_json(&self) -> Result<Json<ConversationResult>, ApiError> {
        self.call_json(
            v4::CONVERSATIONS_SEARCH.target(&[]),
            Some(&EveryConversation::default()),
        )
        .await
    }

    /// `conversations/{id}/addParticipant`: a secondary agent or visitor.
    pub async fn conversations_add_participant(
        &self,
        id: &ConversationId,
        body: &ConversationsAddParticipantBody,
    ) -> Result<ConversationData, ApiError> {
        self.post(
            v4::CONVERSATIONS_ADD_PARTICIPANT.target(&[id.as_str()]),
            body,
        )
        .await
    }

    /// `conversations/{id}/setAssigneePerson`: an active, visible participant becomes the
    /// assignee.
    pub async fn conversations_set_assignee_person(
        &self,
        id: &ConversationId,
        body: &ConversationsSetAssigneePersonBody,
    ) -> Result<ConversationData, ApiError> {
        self.post(
            v4::CONVERSATIONS_SET_ASSIGNEE_PERSON.target(&[id.as_str()]),
            body,
        )
        .await
    }

    /// `conversations/{id}/changeParticipantVisibility`: hide or show a participant.
    pub async fn conversations_change_participant_visibility(
        &self,
        id: &ConversationId,
        body: &ConversationsChangeParticipantVisibilityBody,
    ) -> Result<ConversationData, ApiError> {
        self.post(
            v4::CONVERSATIONS_CHANGE_PARTICIPANT_VISIBILITY.target(&[id.as_str()]),
            body,
        )
        .await
    }

    /// `conversations/{id}/offboardParticipant`: remove a participant.
    pub async fn conversations_offboard_participant(
        &self,
        id: &ConversationId,
        body: &ConversationsOffboardParticipantBody,
    ) -> Result<ConversationData, ApiError> {
        self.post(
            v4::CONVERSATIONS_OFFBOARD_PARTICIPANT.target(&[id.as_str()]),
            body,
        )
        .await
    }

    /// `conversations/{id}/setAwaitedPersonType`: who must react next.
    pub async fn conversations_set_awaited_person_type(
        &self,
        id: &ConversationId,
        body: &ConversationsSetAwaitedPersonTypeBody,
    ) -> Result<ConversationData, ApiError> {
        self.post(
            v4::CONVERSATIONS_SET_AWAITED_PERSON_TYPE.target(&[id.as_str()]),
            body,
        )
        .await
    }

    /// `conversations/{id}/end`.
    pub async fn conversations_end(
        &self,
        id: &ConversationId,
        body: &ConversationsEndBody,
    ) -> Result<ConversationData, ApiError> {
        self.post(v4::CONVERSATIONS_END.target(&[id.as_str()]), body)
            .await
    }

    /// Reassigns `conversation` to `to`, who already participates (possibly hidden): reads
    /// the conversation, shows `to` if hidden (`changeParticipantVisibility`), makes them the
    /// assignee (`setAssigneePerson`) and, with `offboard_previous` = (reason, comment),
    /// removes the previous assignee (`offboardParticipant`). Answers the conversation after
    /// the last step; on failure names the step (a failed read counts as
    /// [`ReassignStep::Unhide`]). Steps before the failed one stay done.
    pub async fn reassign(
        &self,
        conversation: &ConversationId,
        to: &PersonId,
        offboard_previous: Option<(ConversationLeftReason, Option<String>)>,
    ) -> Result<ConversationData, ReassignError> {
        let at = |step| move |error| ReassignError { step, error };
        let current = self
            .conversations_read(conversation)
            .await
            .map_err(at(ReassignStep::Unhide))?;
        let previous = current.assignee_person_id().cloned();
        let hidden = current
            .participants
            .iter()
            .any(|p| &p.person_id == to && p.hidden);
        if hidden {
            let body = ConversationsChangeParticipantVisibilityBody {
                person_id: to.clone(),
                hidden: false,
            };
            self.conversations_change_participant_visibility(conversation, &body)
                .await
                .map_err(at(ReassignStep::Unhide))?;
        }
        let body = ConversationsSetAssigneePersonBody {
            person_id: to.clone(),
        };
        let assigned = self
            .conversations_set_assignee_person(conversation, &body)
            .await
            .map_err(at(ReassignStep::SetAssignee))?;
        match (offboard_previous, previous) {
            (Some((reason, comment)), Some(previous)) if &previous != to => {
                let body = ConversationsOffboardParticipantBody {
                    person_id: previous,
                    reason,
                    comment,
                };
                self.conversations_offboard_participant(conversation, &body)
                    .await
                    .map_err(at(ReassignStep::Offboard))
            }
            _ => Ok(assigned),
        }
    }

    /// Reassigns `conversation` to `to`, who does not participate yet, keeping the previous
    /// assignee as a secondary agent: `addParticipant` (visible), then `setAssigneePerson`.
    pub async fn reassign_keeping_previous(
        &self,
        conversation: &ConversationId,
        to: &PersonId,
    ) -> Result<ConversationData, ReassignError> {
        let at = |step| move |error| ReassignError { step, error };
        let body = ConversationsAddParticipantBody {
            person_id: to.clone(),
            hidden: false,
            conversation_starred: None,
        };
        self.conversations_add_participant(conversation, &body)
            .await
            .map_err(at(ReassignStep::AddParticipant))?;
        let body = ConversationsSetAssigneePersonBody {
            person_id: to.clone(),
        };
        self.conversations_set_assignee_person(conversation, &body)
            .await
            .map_err(at(ReassignStep::SetAssignee))
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn every_conversation_is_read_as_the_query_without_filters() {
        let body = serde_json::to_value(EveryConversation::default()).unwrap();
        assert_eq!(body, json!({ "$_type": "ConversationQuery" }));
        let read: ConversationQuery = serde_json::from_value(body).unwrap();
        assert_eq!(read, ConversationQuery::default());
    }
}
