//! The widget's conversation with the server: signing in, loading, reacting to the live feed,
//! sending messages and prompt answers. Every result lands in the [`View`]'s signals.

use std::cell::Cell;
use std::future::Future;
use std::rc::Rc;

use baton_api::client::browser::FetchTransport;
use baton_api::client::idempotent;
use baton_api::client::{ApiError, Client, Method, Request, Transport};
use baton_api::wire::auth::SecureTokenRequest;
use baton_api::wire::baton::{
    BatonMessage, BatonPostMessageBody, BatonPromptAnswer, BatonRedeemLinkBody,
};
use baton_api::wire::{Secret, Tag};
use baton_core::deputy::DelegationLevel;
use baton_core::directory::PersonType;
use baton_core::event::EventKind;
use baton_core::id::{ConversationId, InvitationId};
use baton_core::text::{TextKey, TextUi};
use futures_util::future::join3;
use leptos::prelude::*;
use leptos::task::spawn_local_scoped_with_cancellation;
use serde::Deserialize;

use super::{Phase, View, VisitorOptions};
use crate::answers::{Found, Joined, Signed};
use crate::conversation_panel::follow::fresh;
use crate::conversation_panel::{Outgoing, OutgoingState};
use crate::failure;
use crate::feed::{ConnectionState, Feed, FeedItem, Touched};
use crate::texts::Texts;

/// How the customer signs in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SignIn {
    /// With the JWT the bank's endpoint answers.
    Token(String),
    /// With the e-mail invitation link in the page's address.
    Link,
    /// With the session the browser already has.
    Resume,
}

impl From<&VisitorOptions> for SignIn {
    fn from(options: &VisitorOptions) -> Self {
        match (&options.token_url, options.join_link) {
            (_, true) => Self::Link,
            (Some(url), false) => Self::Token(url.clone()),
            (None, false) => Self::Resume,
        }
    }
}

/// The bank endpoint's answer: the customer's JWT (Unblu's `SecureTokenRequest` shape).
#[derive(Deserialize)]
struct BankToken {
    token: String,
}

/// The widget's live connection.
#[derive(Clone)]
pub struct Live {
    view: View,
    client: Rc<Client<FetchTransport>>,
    server: String,
    conversation: Rc<std::cell::RefCell<Option<ConversationId>>>,
    /// A deputy was asked for; the next agent to join is announced as the deputy.
    awaiting_deputy: Rc<Cell<bool>>,
    /// The connection was lost; announce when it is back.
    lost: Rc<Cell<bool>>,
    /// The feed has not opened yet: what happened between the first load and its opening
    /// (a prompt offered to a message sent meanwhile) is read once it does.
    opening: Rc<Cell<bool>>,
    /// The widget's reactive owner: work started from the feed runs under it, so unmounting
    /// the widget cancels it instead of letting it touch disposed signals.
    owner: Option<Owner>,
    /// Told of each message someone else wrote as it arrives.
    on_message: Option<Callback<BatonMessage>>,
}

impl Live {
    /// A connection through `client` to the server at `server`, showing into `view`.
    pub fn new(
        view: View,
        client: Rc<Client<FetchTransport>>,
        server: String,
        on_message: Option<Callback<BatonMessage>>,
    ) -> Self {
        Self {
            view,
            client,
            server,
            conversation: Rc::default(),
            awaiting_deputy: Rc::default(),
            lost: Rc::default(),
            opening: Rc::new(Cell::new(true)),
            owner: Owner::current(),
            on_message,
        }
    }

    /// Runs `work` for as long as the widget is mounted.
    fn spawn(&self, work: impl Future<Output = ()> + 'static) {
        if let Some(owner) = &self.owner {
            owner.with(|| spawn_local_scoped_with_cancellation(work));
        }
    }

    /// Loads the texts, signs in, opens the conversation and its feed.
    pub async fn start(
        &self,
        sign_in: SignIn,
        locale: Option<String>,
        conversation: Option<String>,
        feed: StoredValue<Option<Feed>, LocalStorage>,
    ) {
        let locale = locale.or_else(browser_locale);
        match self
            .client
            .texts(locale.as_deref(), Some(TextUi::Visitor))
            .await
        {
            Ok(texts) => self.view.texts.set(Texts::new(texts.locale, texts.texts)),
            Err(_) => {
                // Without texts there is nothing to say it with; the status stays empty.
                self.view.phase.set(Phase::Failed(String::new()));
                return;
            }
        }
        let joined = match self.sign_in(sign_in).await {
            Ok(joined) => joined,
            Err(reason) => {
                self.view.phase.set(Phase::Failed(reason));
                return;
            }
        };
        let id = match joined.or(conversation.as_deref().map(ConversationId::from)) {
            Some(id) => id,
            None => match self.first_conversation().await {
                Ok(Some(id)) => id,
                Ok(None) => {
                    self.view
                        .phase
                        .set(Phase::Failed(self.text(TextKey::WidgetSignInFailed)));
                    return;
                }
                Err(e) => {
                    self.view.phase.set(Phase::Failed(self.general(&e)));
                    return;
                }
            },
        };
        self.conversation.replace(Some(id));
        self.reload_all().await;
        self.view.phase.set(Phase::Ready);
        let live = self.clone();
        match Feed::open(&self.server, None, move |item| live.on_feed(item)) {
            Ok(opened) => feed.set_value(Some(opened)),
            Err(_) => self.view.announce(TextKey::WidgetConnectionLost),
        }
    }

    fn text(&self, key: TextKey) -> String {
        self.view.texts.get_untracked().get(key)
    }

    fn general(&self, error: &ApiError) -> String {
        failure::general(&self.view.texts.get_untracked(), error)
    }

    /// Signs in; answers the conversation a link joined, if any, or why it failed.
    async fn sign_in(&self, sign_in: SignIn) -> Result<Option<ConversationId>, String> {
        match sign_in {
            SignIn::Token(url) => {
                let token = self
                    .bank_token(&url)
                    .await
                    .map_err(|_| self.text(TextKey::WidgetSignInFailed))?;
                let request = SecureTokenRequest::jwt(Secret::new(token));
                self.client
                    .login_with_secure_token(&request)
                    .await
                    .map_err(|_| self.text(TextKey::WidgetSignInFailed))?;
                self.me().await
            }
            SignIn::Link => {
                self.view.announce(TextKey::WidgetLinkJoining);
                let Some((invitation, token)) = link_from_page() else {
                    return Err(self.text(TextKey::WidgetLinkInvalid));
                };
                let body = BatonRedeemLinkBody {
                    kind: Tag::new(),
                    invitation_id: InvitationId::from(invitation.as_str()),
                    token: Secret::new(token),
                };
                let joined = match self.client.redeem_link_json(&body).await {
                    Ok(answer) => answer.read::<Joined>(),
                    Err(e) => Err(e),
                };
                match joined {
                    Ok(joined) => {
                        self.view.me.set(Some(joined.session.person_id));
                        self.view.status.set(String::new());
                        Ok(Some(joined.conversation.id))
                    }
                    Err(e) => Err(failure::redemption(
                        &self.view.texts.get_untracked(),
                        &e,
                        true,
                    )),
                }
            }
            SignIn::Resume => match self.client.resume_session(PersonType::Visitor).await {
                Ok(true) => self.me().await,
                Ok(false) => Err(self.text(TextKey::WidgetSignInFailed)),
                Err(e) => Err(self.general(&e)),
            },
        }
    }

    /// Reads who is signed in; no conversation is joined by it.
    async fn me(&self) -> Result<Option<ConversationId>, String> {
        let me = match self.client.session_json().await {
            Ok(answer) => answer.read::<Signed>(),
            Err(e) => Err(e),
        };
        let me = me.map_err(|e| self.general(&e))?;
        self.view.me.set(Some(me.person_id));
        Ok(None)
    }

    /// Asks the bank's endpoint for the customer's JWT (with the bank's own cookies).
    async fn bank_token(&self, url: &str) -> Result<String, ApiError> {
        let bank = FetchTransport::new("");
        let response = bank
            .send(Request {
                method: Method::Post,
                path: url.to_owned(),
                query: Vec::new(),
                headers: vec![("Accept".into(), "application/json".into())],
                body: None,
            })
            .await?;
        if !(200..300).contains(&response.status) {
            return Err(ApiError::Decode {
                status: response.status,
                message: "the bank's token endpoint refused".into(),
            });
        }
        serde_json::from_slice::<BankToken>(&response.body)
            .map(|t| t.token)
            .map_err(|e| ApiError::Decode {
                status: response.status,
                message: e.to_string(),
            })
    }

    async fn first_conversation(&self) -> Result<Option<ConversationId>, ApiError> {
        let found: Found = self.client.conversations_every_json().await?.read()?;
        Ok(found.items.into_iter().next().map(|c| c.id))
    }

    fn current(&self) -> Option<ConversationId> {
        self.conversation.borrow().clone()
    }

    /// Reads the messages, the participants and the prompt at once: three requests in
    /// flight together instead of three round trips one after the other.
    async fn reload_all(&self) {
        join3(
            self.reload_messages(),
            self.reload_participants(),
            self.reload_prompt(),
        )
        .await;
    }

    async fn reload_messages(&self) {
        let Some(id) = self.current() else { return };
        if let Ok(messages) = self.client.messages(&id).await {
            // The history the widget opened with is not news.
            if let (Some(on_message), Phase::Ready) =
                (self.on_message, self.view.phase.get_untracked())
            {
                let before = self.view.messages.get_untracked();
                let me = self.view.me.get_untracked();
                fresh(&before, &messages, me.as_ref())
                    .into_iter()
                    .for_each(|m| on_message.run(m.clone()));
            }
            self.view.messages.set(messages);
        }
    }

    async fn reload_participants(&self) {
        let Some(id) = self.current() else { return };
        if let Ok(participants) = self.client.participants(&id).await {
            if self.awaiting_deputy.get() {
                let before = self.view.participants.get_untracked();
                let joined = participants.iter().find(|p| {
                    p.person_type == PersonType::Agent
                        && !before.iter().any(|b| b.person_id == p.person_id)
                });
                if let Some(deputy) = joined {
                    self.awaiting_deputy.set(false);
                    let texts = self.view.texts.get_untracked();
                    self.view.status.set(texts.render(
                        TextKey::WidgetDeputyJoined,
                        &[("name", &deputy.display_name)],
                    ));
                }
            }
            self.view.participants.set(participants);
        }
    }

    async fn reload_prompt(&self) {
        let Some(id) = self.current() else { return };
        if let Ok(prompt) = self.client.prompt(&id).await {
            if let Some(open) = &prompt {
                let now = js_sys::Date::now() as i64;
                self.view
                    .seconds_left
                    .set(crate::deputy_prompt::seconds_left(open, now));
            }
            self.view.set_prompt(prompt);
        }
    }

    /// Reacts to the feed: reloads what an event of this conversation changed.
    fn on_feed(&self, item: FeedItem<'_>) {
        match item {
            FeedItem::Connection(ConnectionState::Open) => {
                let restored = self.lost.replace(false);
                if restored {
                    self.view.announce(TextKey::WidgetConnectionRestored);
                }
                // The stream starts at the present: what was recorded before it opened is read.
                if restored || self.opening.replace(false) {
                    let live = self.clone();
                    self.spawn(async move { live.reload_all().await });
                }
            }
            FeedItem::Connection(_) => {
                self.lost.set(true);
                self.view.announce(TextKey::WidgetConnectionLost);
            }
            FeedItem::Event { kind, data } => {
                let Some(touched) = Touched::of(data) else {
                    return;
                };
                if touched.conversation.is_none() || touched.conversation != self.current() {
                    return;
                }
                self.on_event(kind, touched.level);
            }
        }
    }

    fn on_event(&self, kind: EventKind, level: Option<DelegationLevel>) {
        let live = self.clone();
        if shown_among_messages(kind) {
            let live = self.clone();
            self.spawn(async move { live.reload_messages().await });
        }
        match kind {
            EventKind::DeputyPromptOffered => self.spawn(async move { live.reload_prompt().await }),
            EventKind::DeputyPromptCancelled => {
                self.view.set_prompt(None);
                self.view.announce(TextKey::WidgetPromptCancelled);
            }
            EventKind::DeputyPromptAnswered => self.view.set_prompt(None),
            EventKind::DeputiesNotified => {
                let level = level
                    .unwrap_or(DelegationLevel::Level1)
                    .number()
                    .to_string();
                let texts = self.view.texts.get_untracked();
                self.view
                    .status
                    .set(texts.render(TextKey::WidgetPromptAccepted, &[("level", &level)]));
            }
            EventKind::ParticipantAdded
            | EventKind::ParticipantOffboarded
            | EventKind::ParticipantVisibilityChanged
            | EventKind::AssigneeChanged => {
                self.spawn(async move { live.reload_participants().await })
            }
            _ => {}
        }
    }

    /// Sends a message under a fresh `Idempotency-Key`: it shows as "Sending…" until the
    /// server has it, then among the messages, or as "Not sent" with Retry.
    pub fn send(&self, text: String) {
        let key = match idempotent::key() {
            Ok(key) => key,
            Err(e) => return self.view.status.set(self.general(&e)),
        };
        self.view.pending.update(|pending| {
            pending.push(Outgoing {
                key: key.clone(),
                text: text.clone(),
                state: OutgoingState::Sending,
            });
        });
        self.post(key, text);
    }

    /// Sends a refused message again, under the key it first went with: if the first attempt
    /// did reach the server after all, the server answers with that message instead of
    /// posting it twice.
    pub fn retry(&self, key: &str) {
        let mut text = None;
        self.view.pending.update(|pending| {
            if let Some(outgoing) = pending.iter_mut().find(|o| o.key == key) {
                outgoing.state = OutgoingState::Sending;
                text = Some(outgoing.text.clone());
            }
        });
        if let Some(text) = text {
            self.post(key.to_owned(), text);
        }
    }

    fn post(&self, key: String, text: String) {
        let Some(id) = self.current() else { return };
        let live = self.clone();
        self.view.sending.set(true);
        self.spawn(async move {
            let body = BatonPostMessageBody {
                kind: Tag::new(),
                text,
            };
            let view = live.view;
            match live.client.post_message_with_key(&id, &body, &key).await {
                Ok(message) => {
                    // Into the list and out of the pending ones at once: never both, never
                    // neither (the feed's reload may have brought it already).
                    view.messages.update(|messages| {
                        if !messages.iter().any(|m| m.id == message.id) {
                            messages.push(message);
                        }
                    });
                    view.pending
                        .update(|pending| pending.retain(|o| o.key != key));
                }
                Err(e) => {
                    view.pending.update(|pending| {
                        if let Some(outgoing) = pending.iter_mut().find(|o| o.key == key) {
                            outgoing.state = OutgoingState::Failed;
                        }
                    });
                    view.status.set(live.general(&e));
                }
            }
            view.sending.set(false);
        });
    }

    /// Answers the open prompt.
    pub fn answer(&self, accept: bool) {
        let (Some(id), Some(prompt)) = (self.current(), self.view.prompt.get_untracked()) else {
            return;
        };
        let live = self.clone();
        self.view.answering.set(true);
        self.spawn(async move {
            let body = BatonPromptAnswer {
                kind: Tag::new(),
                prompt_id: prompt.prompt_id,
                accept,
            };
            match live.client.answer_prompt(&id, &body).await {
                Ok(()) => {
                    live.view.set_prompt(None);
                    if accept {
                        live.awaiting_deputy.set(true);
                    } else {
                        live.view.announce(TextKey::WidgetPromptDeclined);
                    }
                }
                Err(e) => live.view.status.set(live.general(&e)),
            }
            live.view.answering.set(false);
        });
    }
}

/// Whether an event of `kind` is shown in the list of messages: a message, or one of the
/// conversation events the server puts among them.
fn shown_among_messages(kind: EventKind) -> bool {
    matches!(
        kind,
        EventKind::MessagePosted
            | EventKind::ParticipantAdded
            | EventKind::ParticipantOffboarded
            | EventKind::DeputiesNotified
            | EventKind::DeputyPromptAnswered
            | EventKind::DeputyPromptCancelled
    )
}

/// The browser's preferred language (`navigator.language`), if any.
fn browser_locale() -> Option<String> {
    web_sys::window()?.navigator().language()
}

/// `(invitation, token)` from the page's `#invitation=…&token=…`.
fn link_from_page() -> Option<(String, String)> {
    let hash = web_sys::window()?.location().hash().ok()?;
    link_from_hash(&hash)
}

/// `(invitation, token)` from a fragment such as `#invitation=abc&token=xyz`.
pub fn link_from_hash(hash: &str) -> Option<(String, String)> {
    let mut invitation = None;
    let mut token = None;
    for pair in hash.trim_start_matches('#').split('&') {
        match pair.split_once('=') {
            Some(("invitation", value)) if !value.is_empty() => invitation = Some(value.to_owned()),
            Some(("token", value)) if !value.is_empty() => token = Some(value.to_owned()),
            _ => {}
        }
    }
    Some((invitation?, token?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_invitation_link_names_the_invitation_and_its_token() {
        assert_eq!(
            link_from_hash("#invitation=inv-1&token=abc"),
            Some(("inv-1".to_owned(), "abc".to_owned()))
        );
        assert_eq!(
            link_from_hash("token=abc&invitation=inv-1&other=x"),
            Some(("inv-1".to_owned(), "abc".to_owned()))
        );
    }

    #[test]
    fn a_link_without_both_parts_is_no_invitation() {
        for hash in [
            "",
            "#",
            "#invitation=inv-1",
            "#token=abc",
            "#invitation=&token=abc",
        ] {
            assert_eq!(link_from_hash(hash), None, "{hash}");
        }
    }

    #[test]
    fn the_sign_in_follows_the_options() {
        let options = |token_url: Option<&str>, join_link| VisitorOptions {
            token_url: token_url.map(str::to_owned),
            join_link,
            ..VisitorOptions::default()
        };
        assert_eq!(SignIn::from(&options(None, false)), SignIn::Resume);
        assert_eq!(
            SignIn::from(&options(Some("/token"), false)),
            SignIn::Token("/token".into())
        );
        assert_eq!(SignIn::from(&options(Some("/token"), true)), SignIn::Link);
    }
}
