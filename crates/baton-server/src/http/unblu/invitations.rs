//! Unblu's `invitations/...` endpoints: forwarding (to an agent or a team), inviting agents,
//! teams and customers (by PIN, e-mail or link), `renewPin`, `revoke`, `read`, `search`,
//! `getAcceptLink`, `requeueConversation`, `startDeputyDelegation` and
//! `addSecondaryInvitationTarget`.
//!
//! Secrets: a PIN is shown once, in the answer to whoever created or renewed it; a link token
//! only inside the link (in the URL fragment, so it never reaches a server log) of the
//! `...WithLink` answer, the invitation e-mail and `getAcceptLink`. Reads and searches never
//! carry tokens. Who may do what is decided by `baton-core`; no rule lives here.

use baton_api::operation::v4;
use std::sync::Arc;

use serde::de::DeserializeOwned;

use axum::Json;
use axum::extract::{Path, State};
use baton_api::wire::conversation::{ConversationLink, ConversationLinkType};
use baton_api::wire::invitation::{
    AcceptLinkData, ConversationInvitationData, ConversationInvitationQuery,
    ConversationInvitationResult, InvitationsAddSecondaryInvitationTargetBody,
    InvitationsForwardConversationToAgentBody, InvitationsForwardConversationToTeamBody,
    InvitationsGetAcceptLinkBody, InvitationsInviteAgentToConversationBody,
    InvitationsInviteAnonymousVisitorToConversationWithEmailBody,
    InvitationsInviteAnonymousVisitorToConversationWithLinkBody,
    InvitationsInviteAnonymousVisitorToConversationWithPinBody,
    InvitationsInviteTeamToConversationBody, InvitationsRequeueConversationBody,
    InvitationsStartDeputyDelegationBody,
};
use baton_api::wire::query::Page;
use baton_core::id::InvitationId;
use baton_core::invitation::Invitation;
use baton_core::{Actor, Command, DomainError, access};

use crate::http::App;
use crate::http::caller::Caller;
use crate::http::error::ApiError;
use crate::http::json::Body;
use crate::http::routes::Routes;
use crate::limits::Guess;
use crate::{notices, secrets};

/// How often a PIN is drawn anew when it collides with another open invitation's PIN.
const PIN_DRAWS: usize = 5;

pub(super) fn routes() -> Routes {
    Routes::new()
        .operation(
            &v4::INVITATIONS_FORWARD_CONVERSATION_TO_AGENT,
            create_for_agents::<InvitationsForwardConversationToAgentBody>,
        )
        .operation(
            &v4::INVITATIONS_FORWARD_CONVERSATION_TO_TEAM,
            create_for_agents::<InvitationsForwardConversationToTeamBody>,
        )
        .operation(
            &v4::INVITATIONS_INVITE_AGENT_TO_CONVERSATION,
            create_for_agents::<InvitationsInviteAgentToConversationBody>,
        )
        .operation(
            &v4::INVITATIONS_INVITE_TEAM_TO_CONVERSATION,
            create_for_agents::<InvitationsInviteTeamToConversationBody>,
        )
        .operation(
            &v4::INVITATIONS_INVITE_ANONYMOUS_VISITOR_TO_CONVERSATION_WITH_PIN,
            invite_with_pin,
        )
        .operation(
            &v4::INVITATIONS_INVITE_ANONYMOUS_VISITOR_TO_CONVERSATION_WITH_EMAIL,
            invite_with_email,
        )
        .operation(
            &v4::INVITATIONS_INVITE_ANONYMOUS_VISITOR_TO_CONVERSATION_WITH_LINK,
            invite_with_link,
        )
        .operation(&v4::INVITATIONS_RENEW_PIN, renew_pin)
        .operation(&v4::INVITATIONS_REVOKE, revoke)
        .operation(&v4::INVITATIONS_READ, read)
        .operation(&v4::INVITATIONS_SEARCH, search)
        .operation(&v4::INVITATIONS_GET_ACCEPT_LINK, get_accept_link)
        .operation(&v4::INVITATIONS_REQUEUE_CONVERSATION, requeue)
        .operation(
            &v4::INVITATIONS_START_DEPUTY_DELEGATION,
            start_deputy_delegation,
        )
        .operation(
            &v4::INVITATIONS_ADD_SECONDARY_INVITATION_TARGET,
            add_secondary_target,
        )
}

fn new_id() -> InvitationId {
    InvitationId::new(secrets::id("inv"))
}

fn join_link(app: &App, invitation: &InvitationId, token: &str) -> String {
    notices::join_link(&app.public_url, invitation, token)
}

/// The invitation as it is now (after a change the caller made).
fn current(app: &App, id: &InvitationId) -> Result<Invitation, ApiError> {
    app.runtime
        .read(|state| state.invitations.get(id).cloned())
        .ok_or_else(|| DomainError::UnknownInvitation(id.clone()).into())
}

/// The ordinary view: no token, expiry as of now.
fn data(app: &App, invitation: &Invitation) -> ConversationInvitationData {
    ConversationInvitationData::from(invitation).as_seen_at(app.clock.now())
}

/// Runs a command that creates or changes invitation `id` and answers its ordinary view.
async fn run(
    app: &App,
    caller: &Caller,
    id: &InvitationId,
    command: Command,
) -> Result<Json<ConversationInvitationData>, ApiError> {
    app.execute(caller.signed_in()?, command).await?;
    Ok(Json(data(app, &current(app, id)?)))
}

/// Runs a command that needs a fresh PIN, drawing again while the PIN collides with an open
/// invitation's (the domain refuses those with `ALREADY_EXISTS`), and answers the PIN used:
/// the log keeps only its digest.
async fn with_fresh_pin(
    app: &App,
    actor: &Actor,
    command: impl Fn(String) -> Command,
) -> Result<String, ApiError> {
    let mut draws = 1;
    loop {
        let pin = secrets::pin(app.settings.properties.pin_length);
        match app.execute(actor, command(pin.clone())).await {
            Err(ApiError::Domain(DomainError::AlreadyExists(_))) if draws < PIN_DRAWS => {
                draws += 1;
            }
            outcome => return outcome.map(|_| pin),
        }
    }
}

/// The answer to the one who created or renewed a PIN: the only place the PIN is shown.
fn with_pin(
    app: &App,
    id: &InvitationId,
    pin: &str,
) -> Result<Json<ConversationInvitationData>, ApiError> {
    Ok(Json(
        ConversationInvitationData::with_token(&current(app, id)?, pin).as_seen_at(app.clock.now()),
    ))
}

/// The bodies that create one invitation for an agent or a team from its new id.
trait AgentInvitationBody: DeserializeOwned {
    fn into_command(self, invitation: InvitationId) -> Command;
}

macro_rules! agent_invitation_bodies {
    ($($body:ty),*) => {$(
        impl AgentInvitationBody for $body {
            fn into_command(self, invitation: InvitationId) -> Command {
                <$body>::into_command(self, invitation)
            }
        }
    )*};
}

agent_invitation_bodies!(
    InvitationsForwardConversationToAgentBody,
    InvitationsForwardConversationToTeamBody,
    InvitationsInviteAgentToConversationBody,
    InvitationsInviteTeamToConversationBody
);

/// `POST invitations/forwardConversationToAgent`, `forwardConversationToTeam`,
/// `inviteAgentToConversation`, `inviteTeamToConversation`.
async fn create_for_agents<B: AgentInvitationBody>(
    State(app): State<Arc<App>>,
    caller: Caller,
    Body(body): Body<B>,
) -> Result<Json<ConversationInvitationData>, ApiError> {
    let id = new_id();
    run(&app, &caller, &id, body.into_command(id.clone())).await
}

/// `POST invitations/inviteAnonymousVisitorToConversationWithPin`: the PIN is in `token`,
/// the only place it is ever shown.
async fn invite_with_pin(
    State(app): State<Arc<App>>,
    caller: Caller,
    Body(body): Body<InvitationsInviteAnonymousVisitorToConversationWithPinBody>,
) -> Result<Json<ConversationInvitationData>, ApiError> {
    let actor = caller.signed_in()?;
    let id = new_id();
    let pin = with_fresh_pin(&app, actor, |pin| {
        body.clone().into_command(id.clone(), pin)
    })
    .await?;
    with_pin(&app, &id, &pin)
}

/// `POST invitations/inviteAnonymousVisitorToConversationWithEmail`: the link goes out by
/// e-mail, in the caller's language; the answer never holds the token. The e-mail is derived
/// from the recorded invitation by the webhook feed (`notices`), so a crash right after the
/// answer loses no mail.
async fn invite_with_email(
    State(app): State<Arc<App>>,
    caller: Caller,
    Body(body): Body<InvitationsInviteAnonymousVisitorToConversationWithEmailBody>,
) -> Result<Json<ConversationInvitationData>, ApiError> {
    let actor = caller.signed_in()?;
    let id = new_id();
    let token = secrets::link_token();
    let pending = &app.pending_link_tokens;
    pending.keep(&id, &token, app.clock.now()).await?;
    let command = body.into_command(id.clone(), token, &caller.locale);
    if let Err(refused) = app.execute(actor, command).await {
        pending.forget(&id).await?;
        return Err(refused);
    }
    Ok(Json(data(&app, &current(&app, &id)?)))
}

/// `POST invitations/inviteAnonymousVisitorToConversationWithLink`: the link (with its
/// token) is in `links`, as `ACCEPT_IN_VISITOR_DESK`.
async fn invite_with_link(
    State(app): State<Arc<App>>,
    caller: Caller,
    Body(body): Body<InvitationsInviteAnonymousVisitorToConversationWithLinkBody>,
) -> Result<Json<ConversationInvitationData>, ApiError> {
    let actor = caller.signed_in()?;
    let id = new_id();
    let token = secrets::link_token();
    app.execute(actor, body.into_command(id.clone(), token.clone()))
        .await?;
    let link = ConversationLink::new(
        ConversationLinkType::AcceptInVisitorDesk,
        join_link(&app, &id, &token),
    );
    Ok(Json(
        data(&app, &current(&app, &id)?).with_links(vec![link]),
    ))
}

/// `POST invitations/{invitationId}/renewPin`: the new PIN is in `token`.
async fn renew_pin(
    State(app): State<Arc<App>>,
    caller: Caller,
    Path(id): Path<InvitationId>,
) -> Result<Json<ConversationInvitationData>, ApiError> {
    let actor = caller.signed_in()?;
    let pin = with_fresh_pin(&app, actor, |pin| Command::RenewPin {
        invitation: id.clone(),
        pin,
    })
    .await?;
    with_pin(&app, &id, &pin)
}

/// `POST invitations/{invitationId}/revoke`.
async fn revoke(
    State(app): State<Arc<App>>,
    caller: Caller,
    Path(id): Path<InvitationId>,
) -> Result<Json<ConversationInvitationData>, ApiError> {
    let command = Command::RevokeInvitation {
        invitation: id.clone(),
    };
    run(&app, &caller, &id, command).await
}

/// `GET invitations/{invitationId}/read` (never with its token).
async fn read(
    State(app): State<Arc<App>>,
    caller: Caller,
    Path(id): Path<InvitationId>,
) -> Result<Json<ConversationInvitationData>, ApiError> {
    let actor = caller.signed_in()?;
    app.runtime
        .read(|state| {
            state
                .invitations
                .get(&id)
                .filter(|i| access::can_view_invitation(state, actor, i))
                .map(|i| data(&app, i))
        })
        .map(Json)
        .ok_or_else(|| DomainError::UnknownInvitation(id).into())
}

/// `POST invitations/search` (`ConversationInvitationQuery` →
/// `ConversationInvitationResult`): only invitations the caller may see, without tokens.
async fn search(
    State(app): State<Arc<App>>,
    caller: Caller,
    Body(query): Body<ConversationInvitationQuery>,
) -> Result<Json<ConversationInvitationResult>, ApiError> {
    let actor = caller.signed_in()?;
    let now = app.clock.now();
    let page = app.runtime.read(|state| {
        let mut found: Vec<&Invitation> = state
            .invitations
            .values()
            .filter(|i| access::can_view_invitation(state, actor, i) && query.matches(i, now))
            .collect();
        query.sort(&mut found)?;
        Ok::<_, DomainError>(
            Page::of(found, query.offset, query.limit)
                .map(|i| ConversationInvitationData::from(i).as_seen_at(now)),
        )
    })?;
    Ok(Json(page.into()))
}

/// `POST invitations/getAcceptLink` (anyone, with a PIN or link token): the link that
/// redeems it. Guesses count against the client's and the server's budgets like
/// redemptions; a right one is refunded, which gives back no earlier failure.
async fn get_accept_link(
    State(app): State<Arc<App>>,
    caller: Caller,
    Body(body): Body<InvitationsGetAcceptLinkBody>,
) -> Result<Json<AcceptLinkData>, ApiError> {
    let now = app.clock.now();
    let guess = Guess::Token {
        client: &caller.client,
    };
    let attempt = app.begin_guess(guess, now).await?;
    let token = body.token.expose().trim();
    let invitation = app
        .runtime
        .read(|state| state.redeemable(token, now).cloned());
    app.settle_guess(guess, attempt, invitation.is_some()).await;
    let invitation = invitation.ok_or(DomainError::WrongToken)?;
    let link = ConversationLink::new(
        ConversationLinkType::AcceptInVisitorDesk,
        join_link(&app, &invitation.id, token),
    );
    Ok(Json(AcceptLinkData::new(&invitation, vec![link])))
}

/// `POST invitations/requeueConversation`: answers the new assignment request.
async fn requeue(
    State(app): State<Arc<App>>,
    caller: Caller,
    Body(body): Body<InvitationsRequeueConversationBody>,
) -> Result<Json<ConversationInvitationData>, ApiError> {
    caller.signed_in()?;
    let id = new_id();
    let command = body.into_command(id.clone())?;
    run(&app, &caller, &id, command).await
}

/// `POST invitations/startDeputyDelegation`: answers the new deputy invitation.
async fn start_deputy_delegation(
    State(app): State<Arc<App>>,
    caller: Caller,
    Body(body): Body<InvitationsStartDeputyDelegationBody>,
) -> Result<Json<ConversationInvitationData>, ApiError> {
    let id = new_id();
    run(&app, &caller, &id, body.into_command(id.clone())).await
}

/// `POST invitations/{invitationId}/addSecondaryInvitationTarget`.
async fn add_secondary_target(
    State(app): State<Arc<App>>,
    caller: Caller,
    Path(id): Path<InvitationId>,
    Body(body): Body<InvitationsAddSecondaryInvitationTargetBody>,
) -> Result<Json<ConversationInvitationData>, ApiError> {
    let command = body.into_command(id.clone());
    run(&app, &caller, &id, command).await
}
