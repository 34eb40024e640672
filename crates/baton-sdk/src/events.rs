//! The live feed for JS handlers: `on(event, handler)` / `off(event, handler)` over the
//! browser's `EventSource` on `GET /baton/v1/events`.
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

use baton_core::event::Event as DomainEvent;
use js_sys::{Function, JSON};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{EventSource, EventSourceInit, MessageEvent};

use crate::error::Rejection;

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
"#;

/// The path of the server's SSE feed.
const EVENTS_PATH: &str = "/baton/v1/events";
/// Every event.
const ANY_EVENT: &str = "event";
/// The connection state.
const CONNECTION: &str = "connection";

struct Handler {
    event: String,
    function: Function,
}

/// The handlers of one client, shared with the `EventSource` callbacks.
#[derive(Default)]
struct Handlers {
    list: RefCell<Vec<Handler>>,
    last_event_id: RefCell<Option<String>>,
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
}

/// An open `EventSource` and the callbacks it holds; closed when dropped.
struct Open {
    source: EventSource,
    _on_event: Closure<dyn FnMut(MessageEvent)>,
    _on_state: Closure<dyn FnMut(web_sys::Event)>,
}

impl Drop for Open {
    fn drop(&mut self) {
        self.source.close();
    }
}

/// One client's feed.
pub(crate) struct EventFeed {
    url: String,
    handlers: Rc<Handlers>,
    open: RefCell<Option<Open>>,
}

impl EventFeed {
    /// The feed of the server at `base` (as the client's transport has it).
    pub(crate) fn new(base: &str) -> Self {
        Self {
            url: format!("{base}{EVENTS_PATH}"),
            handlers: Rc::default(),
            open: RefCell::new(None),
        }
    }

    /// Adds `function` for `event`; opens the feed if `signed_in`.
    pub(crate) fn on(
        &self,
        event: &str,
        function: Function,
        signed_in: bool,
    ) -> Result<(), Rejection> {
        let known =
            event == ANY_EVENT || event == CONNECTION || DomainEvent::KINDS.contains(&event);
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
        let mut list = self.handlers.list.borrow_mut();
        list.retain(|h| !(h.event == event && h.function == *function));
        if list.is_empty() {
            self.open.replace(None);
        }
    }

    /// The session changed: reopen with the new cookie, resuming after the last event seen.
    pub(crate) fn restart(&self) -> Result<(), Rejection> {
        self.open.replace(None);
        if self.handlers.list.borrow().is_empty() {
            return Ok(());
        }
        self.start()
    }

    /// Closes the feed (handlers stay; a later sign-in reopens it).
    pub(crate) fn close(&self) {
        if self.open.replace(None).is_some() {
            self.handlers
                .dispatch(CONNECTION, None, &JsValue::from_str("closed"));
        }
    }

    fn start(&self) -> Result<(), Rejection> {
        let url = match self.handlers.last_event_id.borrow().as_deref() {
            Some(id) => format!("{}?lastEventId={id}", self.url),
            None => self.url.clone(),
        };
        let init = EventSourceInit::new();
        init.set_with_credentials(true);
        let source =
            EventSource::new_with_event_source_init_dict(&url, &init).map_err(Rejection)?;

        let handlers = Rc::clone(&self.handlers);
        let on_event = Closure::<dyn FnMut(MessageEvent)>::new(move |message: MessageEvent| {
            let kind = message.type_();
            let Some(data) = message.data().as_string() else {
                return;
            };
            match JSON::parse(&data) {
                Ok(payload) => {
                    handlers
                        .last_event_id
                        .replace(Some(message.last_event_id()));
                    handlers.dispatch(&kind, Some(ANY_EVENT), &payload);
                }
                Err(thrown) => {
                    web_sys::console::error_2(&"baton-sdk: unreadable event".into(), &thrown)
                }
            }
        });
        for kind in DomainEvent::KINDS {
            source
                .add_event_listener_with_callback(kind, on_event.as_ref().unchecked_ref())
                .map_err(Rejection)?;
        }

        let handlers = Rc::clone(&self.handlers);
        let on_state = Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
            let state = match event
                .target()
                .and_then(|t| t.dyn_into::<EventSource>().ok())
            {
                Some(source) if source.ready_state() == EventSource::OPEN => "open",
                Some(source) if source.ready_state() == EventSource::CONNECTING => "reconnecting",
                _ => "closed",
            };
            handlers.dispatch(CONNECTION, None, &JsValue::from_str(state));
        });
        for name in ["open", "error"] {
            source
                .add_event_listener_with_callback(name, on_state.as_ref().unchecked_ref())
                .map_err(Rejection)?;
        }
        self.open.replace(Some(Open {
            source,
            _on_event: on_event,
            _on_state: on_state,
        }));
        Ok(())
    }
}
