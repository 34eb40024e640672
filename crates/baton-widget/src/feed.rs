//! The live feed in the browser: the page's `EventSource` on `GET /baton/v1/events`, handing
//! each event (its [`EventKind`] and JSON text) and each change of the connection to one
//! callback; and [`Touched`], the little of an event the visitor widget and the desk read.
//!
//! The browser reconnects by itself and resumes with `Last-Event-ID`, so nothing is missed
//! or repeated while the feed lives; [`Feed::last_event_id`] lets a new feed (after a
//! sign-in) resume where the old one stopped. Dropping the feed closes it. What the events
//! mean is the caller's business: what changed is reloaded, not decoded here.

use std::cell::RefCell;
use std::rc::Rc;

use baton_api::operation::baton::EVENTS;
use baton_core::deputy::DelegationLevel;
use baton_core::directory::PresenceState;
use baton_core::event::EventKind;
use baton_core::id::{ConversationId, PersonId};
use serde::Deserialize;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{EventSource, EventSourceInit, MessageEvent};

/// The state of the connection, as the widget and the SDK report it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConnectionState {
    /// Receiving events.
    Open,
    /// Lost; the browser is reconnecting by itself.
    Reconnecting,
    /// Closed for good (refused, signed out, or closed by the page).
    Closed,
}

impl ConnectionState {
    /// `"open"`, `"reconnecting"` or `"closed"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Reconnecting => "reconnecting",
            Self::Closed => "closed",
        }
    }
}

/// One thing the feed reports.
#[derive(Clone, Copy, Debug)]
pub enum FeedItem<'a> {
    /// An event: its kind and the `BatonEvent` as JSON text.
    Event {
        /// The event's kind, the SSE event name.
        kind: EventKind,
        /// The `BatonEvent`, as the server sent it.
        data: &'a str,
    },
    /// The connection changed.
    Connection(ConnectionState),
}

/// What an event touched, as far as the widgets read it: its conversation, the level a
/// delegation notified, or whose presence changed. What changed is then reloaded.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct Touched {
    /// The conversation the event belongs to.
    pub conversation: Option<ConversationId>,
    /// The level of a `DeputiesNotified`.
    pub level: Option<DelegationLevel>,
    /// The person of a `PresenceChanged`.
    pub person: Option<PersonId>,
    /// Their new presence.
    pub presence: Option<PresenceState>,
}

impl Touched {
    /// Reads a `BatonEvent`'s JSON text; `None` if it is not one.
    pub fn of(data: &str) -> Option<Self> {
        #[derive(Deserialize)]
        struct Entry {
            event: Touched,
        }
        serde_json::from_str::<Entry>(data).ok().map(|e| e.event)
    }
}

/// The feed could not be opened (the URL is not one the browser accepts).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("the event feed could not be opened: {0}")]
pub struct FeedError(pub String);

type Callback = Rc<RefCell<dyn FnMut(FeedItem<'_>)>>;

/// An open feed; closed when dropped. Its listeners belong to the `EventSource` (handed over
/// with `into_js_value`), so a callback may drop the feed that is calling it.
pub struct Feed {
    source: EventSource,
    last_event_id: Rc<RefCell<Option<String>>>,
}

impl Feed {
    /// Opens the feed of the server at `base` (`""`: the page's origin) with the page's
    /// cookies, resuming after `last_event_id` if given.
    pub fn open(
        base: &str,
        last_event_id: Option<&str>,
        on_item: impl FnMut(FeedItem<'_>) + 'static,
    ) -> Result<Self, FeedError> {
        let url = match last_event_id {
            Some(id) => format!("{base}{}?lastEventId={id}", EVENTS.path),
            None => format!("{base}{}", EVENTS.path),
        };
        let init = EventSourceInit::new();
        init.set_with_credentials(true);
        let source = EventSource::new_with_event_source_init_dict(&url, &init)
            .map_err(|e| FeedError(format!("{e:?}")))?;
        let callback: Callback = Rc::new(RefCell::new(on_item));
        let last = Rc::new(RefCell::new(last_event_id.map(str::to_owned)));

        let (events, seen) = (Rc::clone(&callback), Rc::clone(&last));
        let on_event = Closure::<dyn FnMut(MessageEvent)>::new(move |message: MessageEvent| {
            let Some(data) = message.data().as_string() else {
                return;
            };
            seen.replace(Some(message.last_event_id()));
            // Only the kinds listened to below arrive here.
            let Some(kind) = EventKind::parse(&message.type_()) else {
                return;
            };
            (events.borrow_mut())(FeedItem::Event { kind, data: &data });
        })
        .into_js_value();
        for kind in EventKind::ALL {
            source
                .add_event_listener_with_callback(kind.as_str(), on_event.as_ref().unchecked_ref())
                .map_err(|e| FeedError(format!("{e:?}")))?;
        }

        let on_state = Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
            let state = match event
                .target()
                .and_then(|t| t.dyn_into::<EventSource>().ok())
            {
                Some(s) if s.ready_state() == EventSource::OPEN => ConnectionState::Open,
                Some(s) if s.ready_state() == EventSource::CONNECTING => {
                    ConnectionState::Reconnecting
                }
                _ => ConnectionState::Closed,
            };
            (callback.borrow_mut())(FeedItem::Connection(state));
        })
        .into_js_value();
        for name in ["open", "error"] {
            source
                .add_event_listener_with_callback(name, on_state.as_ref().unchecked_ref())
                .map_err(|e| FeedError(format!("{e:?}")))?;
        }
        Ok(Self {
            source,
            last_event_id: last,
        })
    }

    /// The id of the last event received (or the one the feed resumed after).
    pub fn last_event_id(&self) -> Option<String> {
        self.last_event_id.borrow().clone()
    }
}

impl Drop for Feed {
    fn drop(&mut self) {
        self.source.close();
    }
}
