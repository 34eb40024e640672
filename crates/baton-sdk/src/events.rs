//! The live feed for JS handlers: `on(event, handler)` / `off(event, handler)` over the
//! widget's browser feed (`baton_widget::feed`, the page's `EventSource` on
//! `GET /baton/v1/events`).
//!
//! The browser reconnects by itself and resumes with `Last-Event-ID`, so the feed never
//! misses or repeats an event while the page lives. It opens with the first handler once
//! signed in, reopens (resuming after the last event seen) when the session changes, and
//! closes with the last handler or `disconnect()`. Handlers get each event as the server sent
//! it (`BatonEvent`, already filtered for the reader); nothing is decided here.
//!
//! Event names: `"event"` (every event), an event kind such as `"MessagePosted"` (that kind),
//! `"connection"` (`"open"`, `"reconnecting"`, `"closed"`).

use std::cell::RefCell;
use std::rc::Rc;

use baton_core::event::EventKind;
use baton_widget::feed::{Feed, FeedItem};
use js_sys::{Function, JSON};
use wasm_bindgen::prelude::*;

use crate::error::Rejection;
use baton_api::wire::error::ErrorCode;

#[wasm_bindgen(typescript_custom_section)]
const EVENT_MAP: &str = r#"
/** The state of a client's live feed: open, reconnecting by itself, or closed (signed out, refused). */
export type ConnectionState = "open" | "reconnecting" | "closed";
/** The kinds of domain events the feed carries. */
export type BatonEventKind = Event["type"];
/** What `on(name, handler)` hands the handler, by name. */
export type BatonEventMap = {
  [K in BatonEventKind]: BatonEvent & { event: Extract<Event, { type: K }> };
} & {
  /** Every event the signed-in person may see. */
  event: BatonEvent;
  /** The feed's connection state; on `"open"` after `"reconnecting"`, nothing was missed. */
  connection: ConnectionState;
};
/** A handler for the event `K`. */
export type BatonEventHandler<K extends keyof BatonEventMap> = (payload: BatonEventMap[K]) => void;
/** The live feed of a client. */
export interface BatonEvents {
  /** Calls `handler` for each `event` (an event kind, `"event"` for all, or `"connection"`). */
  on<K extends keyof BatonEventMap>(event: K, handler: BatonEventHandler<K>): void;
  /** Stops calling `handler` for `event`. */
  off<K extends keyof BatonEventMap>(event: K, handler: BatonEventHandler<K>): void;
}
export interface VisitorClient extends BatonEvents {}
export interface AgentClient extends BatonEvents {}
"#;

/// Every event.
const ANY_EVENT: &str = "event";
/// The connection state.
const CONNECTION: &str = "connection";

struct Handler {
    event: String,
    function: Function,
}

/// The handlers of one client, shared with the feed's callback.
#[derive(Default)]
struct Handlers {
    list: RefCell<Vec<Handler>>,
}

impl Handlers {
    /// Calls every handler of `event` and of `also` (if any) with `payload`. A throwing
    /// handler is reported on the console and does not stop the others.
    fn dispatch(&self, event: &str, also: Option<&str>, payload: &JsValue) {
        let targets: Vec<Function> = self
            .list
            .borrow()
            .iter()
            .filter(|h| h.event == event || Some(h.event.as_str()) == also)
            .map(|h| h.function.clone())
            .collect();
        for function in targets {
            if let Err(thrown) = function.call1(&JsValue::UNDEFINED, payload) {
                web_sys::console::error_2(&"baton-sdk: an event handler threw".into(), &thrown);
            }
        }
    }

    /// Hands a feed item to the handlers: events parsed by `JSON.parse`, connection states
    /// as their names.
    fn deliver(&self, item: FeedItem<'_>) {
        match item {
            FeedItem::Event { kind, data } => match JSON::parse(data) {
                Ok(payload) => self.dispatch(kind.as_str(), Some(ANY_EVENT), &payload),
                Err(thrown) => {
                    web_sys::console::error_2(&"baton-sdk: unreadable event".into(), &thrown)
                }
            },
            FeedItem::Connection(state) => {
                self.dispatch(CONNECTION, None, &JsValue::from_str(state.as_str()))
            }
        }
    }
}

/// One client's feed.
pub(crate) struct EventFeed {
    base: String,
    handlers: Rc<Handlers>,
    open: RefCell<Option<Feed>>,
    /// Where a reopened feed resumes.
    last_event_id: RefCell<Option<String>>,
}

impl EventFeed {
    /// The feed of the server at `base` (as the client's transport has it).
    pub(crate) fn new(base: &str) -> Self {
        Self {
            base: base.to_owned(),
            handlers: Rc::default(),
            open: RefCell::new(None),
            last_event_id: RefCell::new(None),
        }
    }

    /// Adds `function` for `event`; opens the feed if `signed_in`.
    pub(crate) fn on(
        &self,
        event: &str,
        function: Function,
        signed_in: bool,
    ) -> Result<(), Rejection> {
        let known = event == ANY_EVENT || event == CONNECTION || EventKind::parse(event).is_some();
        if !known {
            return Err(Rejection::invalid_input(&format!(
                "no event is called {event:?}: use \"event\", \"connection\" or an event kind"
            )));
        }
        self.handlers.list.borrow_mut().push(Handler {
            event: event.to_owned(),
            function,
        });
        if signed_in && self.open.borrow().is_none() {
            self.start()?;
        }
        Ok(())
    }

    /// Removes `function` from `event`; closes the feed after the last handler.
    pub(crate) fn off(&self, event: &str, function: &Function) {
        let empty = {
            let mut list = self.handlers.list.borrow_mut();
            list.retain(|h| !(h.event == event && h.function == *function));
            list.is_empty()
        };
        if empty {
            self.stop();
        }
    }

    /// The session changed: reopen with the new cookie, resuming after the last event seen.
    pub(crate) fn restart(&self) -> Result<(), Rejection> {
        self.stop();
        if self.handlers.list.borrow().is_empty() {
            return Ok(());
        }
        self.start()
    }

    /// Closes the feed (handlers stay; a later sign-in reopens it).
    pub(crate) fn close(&self) {
        if self.stop() {
            self.handlers
                .dispatch(CONNECTION, None, &JsValue::from_str("closed"));
        }
    }

    /// Drops the open feed, keeping where it was; whether one was open.
    fn stop(&self) -> bool {
        match self.open.replace(None) {
            Some(feed) => {
                self.last_event_id.replace(feed.last_event_id());
                true
            }
            None => false,
        }
    }

    fn start(&self) -> Result<(), Rejection> {
        let handlers = Rc::clone(&self.handlers);
        let resume = self.last_event_id.borrow().clone();
        let feed = Feed::open(&self.base, resume.as_deref(), move |item| {
            handlers.deliver(item)
        })
        .map_err(|e| Rejection::new(ErrorCode::Network, &e.to_string()))?;
        self.open.replace(Some(feed));
        Ok(())
    }
}
