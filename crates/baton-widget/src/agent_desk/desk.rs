//! The agent desk's connection and state, shared by every agent component through Leptos
//! context ([`Desk::get`]): the signed-in agent's client, the desk's texts, who is signed
//! in, their conversations, the open conversation (messages, participants, the hand-off
//! entries the feed brought for it), the agents' presence the pickers show and the live feed.
//!
//! Components read the signals and act through [`Desk::client`]; after they change something
//! the feed's event makes the desk reload what it touched, and [`Desk::revision`] tells every
//! component that something changed (a dialog's pending invitations, the queue); a presence
//! change only updates [`Desk::presence`]. Nothing here
//! decides a rule: the server answers every action.

use std::collections::HashMap;
use std::future::Future;
use std::rc::Rc;

use baton_api::client::browser::FetchTransport;
use baton_api::client::{ApiError, Client};
use baton_api::wire::auth::{AuthenticatorLoginBody, AuthenticatorLogoutBody};
use baton_api::wire::baton::{BatonMessage, BatonParticipant, BatonPostMessageBody, BatonSession};
use baton_api::wire::conversation::{ConversationData, ConversationQuery};
use baton_api::wire::invitation::{ConversationInvitationData, InvitationTargetType};
use baton_api::wire::person::{PersonsSetAwayBody, UsersSetPasswordBody};
use baton_api::wire::{Secret, Tag};
use baton_core::conversation::HandoffRoute;
use baton_core::directory::{PersonType, PresenceState};
use baton_core::history::HandoffEntry;
use baton_core::id::{ConversationId, PersonId, TeamId};
use baton_core::text::{TextKey, TextUi};
use leptos::prelude::*;
use leptos::task::spawn_local_scoped_with_cancellation;

use crate::failure;
use crate::feed::{ConnectionState, Feed, FeedItem, Touched};
use crate::handoff_history::FeedEvent;
use crate::texts::Texts;

/// Whether the desk knows who is signed in yet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Signed {
    /// Finding out (a session the browser may already have).
    Checking,
    /// Nobody: the sign-in form is shown.
    Out,
    /// This agent.
    In(BatonSession),
}

/// The agent desk's shared state: `Copy`, so every closure and component can hold it.
#[derive(Clone, Copy)]
pub struct Desk {
    client: StoredValue<Rc<Client<FetchTransport>>, LocalStorage>,
    feed: StoredValue<Option<Feed>, LocalStorage>,
    server: StoredValue<String>,
    service_worker: StoredValue<Option<String>>,
    owner: StoredValue<Option<Owner>, LocalStorage>,
    /// The desk's texts.
    pub texts: RwSignal<Texts>,
    /// Who is signed in.
    pub signed: RwSignal<Signed>,
    /// The conversations the agent can see, newest first.
    pub conversations: RwSignal<Vec<ConversationData>>,
    /// The open conversation.
    pub selected: RwSignal<Option<ConversationId>>,
    /// Its messages, oldest first.
    pub messages: RwSignal<Vec<BatonMessage>>,
    /// Its participants, hidden ones included (marked).
    pub participants: RwSignal<Vec<BatonParticipant>>,
    /// A message is being sent.
    pub sending: RwSignal<bool>,
    /// The desk's last announcement (its live region).
    pub status: RwSignal<String>,
    /// Counts the feed's events: components that show server state reload when it changes.
    pub revision: RwSignal<u64>,
    /// Agents' presence as the pickers read it, kept live by the feed's presence changes.
    pub presence: RwSignal<HashMap<PersonId, PresenceState>>,
    /// The hand-off history entries the feed brought for the open conversation since it was
    /// opened, in arrival order (the history view merges them into what it read).
    pub handoffs: RwSignal<Vec<HandoffEntry>>,
    /// Counts the feed's (re)connections: what was recorded while it was away is read again.
    pub connections: RwSignal<u64>,
}

impl Desk {
    /// A desk talking to the server at `server` (`""`: the page's origin), provided as
    /// context to the components rendered under the current owner.
    ///
    /// `service_worker` is the agent service worker's URL, for web push on this browser; the
    /// desk offers no notifications without one.
    pub fn provide(server: String, service_worker: Option<String>) -> Self {
        let desk = Self {
            client: StoredValue::new_local(Rc::new(Client::anonymous(FetchTransport::new(
                server.clone(),
            )))),
            feed: StoredValue::new_local(None),
            server: StoredValue::new(server),
            service_worker: StoredValue::new(service_worker),
            owner: StoredValue::new_local(Owner::current()),
            texts: RwSignal::new(Texts::default()),
            signed: RwSignal::new(Signed::Checking),
            conversations: RwSignal::new(Vec::new()),
            selected: RwSignal::new(None),
            messages: RwSignal::new(Vec::new()),
            participants: RwSignal::new(Vec::new()),
            sending: RwSignal::new(false),
            status: RwSignal::new(String::new()),
            revision: RwSignal::new(0),
            presence: RwSignal::new(HashMap::new()),
            handoffs: RwSignal::new(Vec::new()),
            connections: RwSignal::new(0),
        };
        provide_context(desk);
        desk
    }

    /// The desk of the component being rendered.
    ///
    /// # Panics
    /// Outside an [`crate::AgentDesk`] (or another component that called [`Desk::provide`]).
    pub fn get() -> Self {
        expect_context::<Self>()
    }

    /// The agent service worker's URL, if the desk offers web push.
    pub fn service_worker(&self) -> Option<String> {
        self.service_worker.get_value()
    }

    /// The signed-in agent's client.
    pub fn client(&self) -> Rc<Client<FetchTransport>> {
        self.client.get_value()
    }

    /// The signed-in agent's person id.
    pub fn me(&self) -> Option<PersonId> {
        match self.signed.get_untracked() {
            Signed::In(session) => Some(session.person_id),
            _ => None,
        }
    }

    /// How the open conversation can be handed to `person` (baton-core's rule, the one the
    /// server applies): forwarded, reassigned, or neither. Tracks the participants.
    pub fn handoff_route(&self, person: &PersonId) -> HandoffRoute {
        let participation = self.participants.with(|all| {
            all.iter()
                .find(|p| &p.person_id == person)
                .map(|p| p.participation_type)
        });
        HandoffRoute::of(participation, self.me().as_ref() == Some(person))
    }

    /// The text of `key`.
    pub fn text(&self, key: TextKey) -> String {
        self.texts.get().get(key)
    }

    /// The text of `key` as a signal, for views. One function makes every label the same
    /// type, so the view code that renders it exists once in the wasm instead of once per
    /// call site (what a `move || desk.text(key)` closure would cost).
    pub fn label(self, key: TextKey) -> Signal<String> {
        Signal::derive(move || self.texts.with(|texts| texts.get(key)))
    }

    /// What to show for a failed call.
    pub fn failure(&self, error: &ApiError) -> String {
        failure::general(&self.texts.get_untracked(), error)
    }

    /// The name of `person`: from the open conversation's participants, else the directory,
    /// else the id itself.
    pub async fn person_name(self, person: &PersonId) -> String {
        let known = self.participants.with_untracked(|all| {
            all.iter()
                .find(|p| &p.person_id == person)
                .map(|p| p.display_name.clone())
        });
        if let Some(name) = known {
            return name;
        }
        match self.client().persons_read(person).await {
            Ok(found) => found.display_name.unwrap_or_else(|| person.to_string()),
            Err(_) => person.to_string(),
        }
    }

    /// The name of `team`: from the directory, else the id itself.
    pub async fn team_name(self, team: &TeamId) -> String {
        match self.client().teams_read(team).await {
            Ok(found) => found.name,
            Err(_) => team.to_string(),
        }
    }

    /// The name of the agent or team `invitation` is for (its target id if no name can be
    /// read).
    pub async fn invitation_target_name(self, invitation: &ConversationInvitationData) -> String {
        let Some(target) = invitation.target_id.clone() else {
            return String::new();
        };
        match invitation.target_type {
            InvitationTargetType::Agent => self.person_name(&PersonId::new(target)).await,
            InvitationTargetType::Team => self.team_name(&TeamId::new(target)).await,
            _ => target,
        }
    }

    /// Runs `work` for as long as the desk is mounted.
    pub fn spawn(&self, work: impl Future<Output = ()> + 'static) {
        if let Some(owner) = self.owner.get_value() {
            owner.with(|| spawn_local_scoped_with_cancellation(work));
        }
    }

    /// Loads the texts in `locale` (the browser's when `None`) and resumes the agent
    /// session the browser may have.
    pub async fn start(self, locale: Option<String>) {
        let locale = locale.or_else(|| web_sys::window()?.navigator().language());
        let client = self.client();
        if let Ok(texts) = client.texts(locale.as_deref(), Some(TextUi::Agent)).await {
            self.texts.set(Texts::new(texts.locale, texts.texts));
        }
        match client.resume_session(PersonType::Agent).await {
            Ok(true) => self.signed_in().await,
            _ => self.signed.set(Signed::Out),
        }
    }

    /// Signs in with a username and password; `Err` is the text to show.
    pub async fn sign_in(self, username: String, password: String) -> Result<(), String> {
        let body = AuthenticatorLoginBody {
            username,
            password: Secret::new(password),
            redirect_on_success: None,
            redirect_on_failure: None,
        };
        match self.client().authenticator_login(&body).await {
            Ok(result) if result.success => {
                self.signed_in().await;
                Ok(())
            }
            Ok(_) => Err(self.texts.get_untracked().get(TextKey::AgentSignInRefused)),
            Err(e) if e.status() == Some(401) || e.status() == Some(403) => {
                Err(self.texts.get_untracked().get(TextKey::AgentSignInRefused))
            }
            Err(e) => Err(self.failure(&e)),
        }
    }

    /// Signs out and closes the feed.
    pub async fn sign_out(self) {
        let _ = self
            .client()
            .authenticator_logout(&AuthenticatorLogoutBody::default())
            .await;
        self.signed_out();
    }

    /// Ends every session of the agent, on every device (this one too), and says so.
    pub async fn sign_out_everywhere(self) {
        match self.client().sessions_revoke_all(&Default::default()).await {
            Ok(()) => {
                self.signed_out();
                self.announce(TextKey::AgentSignedOutEverywhere);
            }
            Err(e) => self.status.set(self.failure(&e)),
        }
    }

    /// Changes the signed-in agent's password, proven by the current one. Every session of
    /// the agent ends with it, so the desk shows the sign-in form and says why.
    pub async fn change_password(self, current: String, new: String) -> Result<(), ApiError> {
        let Signed::In(session) = self.signed.get_untracked() else {
            return Ok(());
        };
        let body = UsersSetPasswordBody {
            password: Secret::new(new),
            current_password: Some(Secret::new(current)),
        };
        self.client()
            .users_set_password(&session.person_id, &body)
            .await?;
        self.signed_out();
        self.announce(TextKey::AgentPasswordChanged);
        Ok(())
    }

    /// Forgets everything of the session that ended and shows the sign-in form.
    fn signed_out(self) {
        self.feed.set_value(None);
        self.selected.set(None);
        self.conversations.set(Vec::new());
        self.presence.set(HashMap::new());
        self.signed.set(Signed::Out);
    }

    async fn signed_in(self) {
        match self.client().session().await {
            Ok(session) => {
                self.spawn(self.load_own_presence(session.person_id.clone()));
                self.signed.set(Signed::In(session));
            }
            Err(e) => {
                self.status.set(self.failure(&e));
                self.signed.set(Signed::Out);
                return;
            }
        }
        self.reload_conversations().await;
        // Opened from a notification: `#conversation=<id>` names what to show.
        let asked = web_sys::window()
            .and_then(|w| w.location().hash().ok())
            .and_then(|hash| hash.strip_prefix("#conversation=").map(str::to_owned));
        if let Some(id) = asked.filter(|id| !id.is_empty()) {
            self.open_listed(ConversationId::new(&id));
        }
        let server = self.server.get_value();
        match Feed::open(&server, None, move |item| self.on_feed(item)) {
            Ok(feed) => self.feed.set_value(Some(feed)),
            Err(_) => self.announce(TextKey::WidgetConnectionLost),
        }
    }

    /// The signed-in agent's own presence, as the server last told it.
    pub fn own_presence(&self) -> Option<PresenceState> {
        let Signed::In(session) = self.signed.get() else {
            return None;
        };
        self.presence
            .with(|known| known.get(&session.person_id).copied())
    }

    /// Learns the signed-in agent's own presence (the feed keeps it live afterwards).
    async fn load_own_presence(self, me: PersonId) {
        if let Ok(state) = self
            .client()
            .availability_get_agent_availability(Some(&me))
            .await
        {
            self.presence.update(|known| {
                known
                    .entry(me)
                    .or_insert(PresenceState::from(state.availability_state));
            });
        }
    }

    /// Switches the signed-in agent between available and away, and announces it.
    pub async fn set_away(self, away: bool) {
        let Signed::In(session) = self.signed.get_untracked() else {
            return;
        };
        let body = PersonsSetAwayBody { away };
        match self
            .client()
            .persons_set_away(&session.person_id, &body)
            .await
        {
            Ok(state) => {
                self.presence.update(|known| {
                    known.insert(session.person_id.clone(), state.online_state);
                });
                self.announce(if away {
                    TextKey::AgentNowAway
                } else {
                    TextKey::AgentNowAvailable
                });
            }
            Err(e) => self.status.set(self.failure(&e)),
        }
    }

    /// Announces the text of `key` in the desk's live region.
    pub fn announce(&self, key: TextKey) {
        self.status.set(self.texts.get_untracked().get(key));
    }

    /// Opens `conversation`.
    pub fn open(&self, conversation: ConversationId) {
        self.selected.set(Some(conversation));
        self.handoffs.set(Vec::new());
        self.messages.set(Vec::new());
        self.participants.set(Vec::new());
        let desk = *self;
        self.spawn(async move { desk.reload_selected().await });
    }

    /// Shows `conversation` because a notification was clicked (the agent may just have
    /// accepted it): the list is reloaded first, and only a conversation in it is opened.
    pub async fn open_from_notification(self, conversation: String) {
        self.reload_conversations().await;
        self.open_listed(ConversationId::new(&conversation));
    }

    fn open_listed(&self, conversation: ConversationId) {
        let listed = self
            .conversations
            .with_untracked(|all| all.iter().any(|c| c.id == conversation));
        if listed {
            self.open(conversation);
        }
    }

    /// Reloads the list of conversations.
    pub async fn reload_conversations(self) {
        let query = ConversationQuery::default();
        match self.client().conversations_search(&query).await {
            Ok(mut found) => {
                found
                    .items
                    .sort_by_key(|c| std::cmp::Reverse(c.creation_timestamp));
                self.conversations.set(found.items);
            }
            Err(e) => self.status.set(self.failure(&e)),
        }
    }

    /// Reloads the open conversation's messages and participants; closes it if the agent may
    /// no longer see it (forwarded away, say).
    pub async fn reload_selected(self) {
        let Some(id) = self.selected.get_untracked() else {
            return;
        };
        let client = self.client();
        match client.participants(&id).await {
            Ok(participants) => self.participants.set(participants),
            Err(e) if matches!(e.status(), Some(403 | 404)) => {
                self.selected.set(None);
                return;
            }
            Err(_) => {}
        }
        if let Ok(messages) = client.messages(&id).await {
            self.messages.set(messages);
        }
    }

    /// Sends a message to the open conversation.
    pub fn send(&self, text: String) {
        let Some(id) = self.selected.get_untracked() else {
            return;
        };
        let desk = *self;
        self.sending.set(true);
        self.spawn(async move {
            let body = BatonPostMessageBody {
                kind: Tag::new(),
                text,
            };
            match desk.client().post_message(&id, &body).await {
                Ok(_) => desk.reload_selected().await,
                Err(e) => desk.status.set(desk.failure(&e)),
            }
            desk.sending.set(false);
        });
    }

    fn on_feed(self, item: FeedItem<'_>) {
        match item {
            // The stream starts at the present (or resumes where it was): what was recorded
            // before it opened, after the desk loaded, is read again.
            FeedItem::Connection(ConnectionState::Open) => {
                self.revision.update(|r| *r += 1);
                self.connections.update(|c| *c += 1);
                self.spawn(async move {
                    self.reload_conversations().await;
                    self.reload_selected().await;
                });
            }
            FeedItem::Connection(_) => self.announce(TextKey::WidgetConnectionLost),
            FeedItem::Event { data, .. } => {
                let (touched, step) =
                    FeedEvent::of(data).map_or((None, None), |e| (Some(e.event), e.handoff));
                if let Some(step) = step {
                    let open = self
                        .selected
                        .with_untracked(|s| s.as_ref() == Some(&step.conversation));
                    if open {
                        self.handoffs.update(|h| h.push(step));
                    }
                }
                if let Some(Touched {
                    person: Some(person),
                    presence: Some(presence),
                    ..
                }) = touched
                {
                    self.presence.update(|known| {
                        known.insert(person, presence);
                    });
                    return;
                }
                let touched = touched.and_then(|t| t.conversation);
                self.revision.update(|r| *r += 1);
                self.spawn(async move {
                    self.reload_conversations().await;
                    if touched.is_some() && touched == self.selected.get_untracked() {
                        self.reload_selected().await;
                    }
                });
            }
        }
    }
}
