//! What both clients are built on: baton-api's typed client over `fetch` and the live event
//! feed, plus the operations a visitor and an agent share (the session, messages, `on` /
//! `off`). The JS classes delegate here so each operation is written once.

use std::rc::Rc;

use baton_api::client::browser::FetchTransport;
use baton_api::client::{Auth, Client};
use baton_api::operation::baton;
use baton_api::wire::Tag;
use baton_api::wire::baton::BatonPostMessageBody;
use baton_core::directory::PersonType;
use js_sys::{Function, Promise};

use crate::error::Rejection;
use crate::events::EventFeed;
use crate::request::{self, Request};

/// One signed-in (or anonymous) connection to a Baton server.
pub(crate) struct Session {
    pub(crate) client: Client<FetchTransport>,
    feed: EventFeed,
}

/// A session shared by a JS object and the promises it returned.
pub(crate) type Shared = Rc<Session>;

impl Session {
    /// An anonymous session with the server at `server` (`None`: the page's origin).
    pub(crate) fn new(server: Option<&str>) -> Shared {
        let transport = FetchTransport::new(server.unwrap_or_default());
        let feed = EventFeed::new(transport.base_url());
        Rc::new(Self {
            client: Client::anonymous(transport),
            feed,
        })
    }

    fn signed_in(&self) -> bool {
        self.client.auth() != Auth::None
    }

    /// The session changed (signed in, joined, signed out): the feed follows.
    pub(crate) fn session_changed(&self) -> Result<(), Rejection> {
        if self.signed_in() {
            self.feed.restart()
        } else {
            self.feed.close();
            Ok(())
        }
    }

    /// Adopts the session the browser already holds (a page reload) if it is a `person_type`
    /// one; `false` when nobody, or someone of the other kind, is signed in.
    pub(crate) async fn resume(&self, person_type: PersonType) -> Result<bool, Rejection> {
        Ok(self.client.resume_session(person_type).await?)
    }
}

/// `session()`: who is signed in.
pub(crate) fn session(shared: &Shared) -> Promise {
    request::send(shared, Ok(Request::new(baton::SESSION, &[])))
}

/// `messages(conversationId)`: those the caller may read, oldest first.
pub(crate) fn messages(shared: &Shared, conversation: &str) -> Promise {
    request::send(
        shared,
        Ok(Request::new(baton::MESSAGES_LIST, &[conversation])),
    )
}

/// `sendMessage(conversationId, text)`.
pub(crate) fn send_message(shared: &Shared, conversation: &str, text: String) -> Promise {
    let request = if text.trim().is_empty() {
        Err(Rejection::invalid_input("a message needs some text"))
    } else {
        let body = BatonPostMessageBody {
            kind: Tag::new(),
            text,
        };
        Request::new(baton::MESSAGES_POST, &[conversation]).creating(&body)
    };
    request::send(shared, request)
}

/// `on(event, handler)`.
pub(crate) fn on(shared: &Shared, event: &str, handler: Function) -> Result<(), Rejection> {
    shared.feed.on(event, handler, shared.signed_in())
}

/// `off(event, handler)`.
pub(crate) fn off(shared: &Shared, event: &str, handler: &Function) {
    shared.feed.off(event, handler);
}

/// `disconnect()`: closes the live feed; the session itself stays signed in.
pub(crate) fn disconnect(shared: &Shared) {
    shared.feed.close();
}

/// The live-feed methods both JS classes have, `on`, `off` and `disconnect`, over the
/// class's `shared` session (wasm-bindgen classes cannot inherit them). `$class` must be
/// named in `events.rs`'s `BatonEvents` declaration.
macro_rules! feed_methods {
    ($class:ident) => {
        #[wasm_bindgen::prelude::wasm_bindgen]
        impl $class {
            /// See `BatonEvents.on`: calls `handler` for each `event`.
            #[wasm_bindgen(skip_typescript)]
            pub fn on(
                &self,
                event: &str,
                handler: js_sys::Function,
            ) -> Result<(), wasm_bindgen::JsValue> {
                $crate::session::on(&self.shared, event, handler).map_err(|r| r.0)
            }

            /// Stops calling `handler` for `event`.
            #[wasm_bindgen(skip_typescript)]
            pub fn off(&self, event: &str, handler: &js_sys::Function) {
                $crate::session::off(&self.shared, event, handler);
            }

            /// Closes the live feed (the session stays signed in).
            pub fn disconnect(&self) {
                $crate::session::disconnect(&self.shared);
            }
        }
    };
}

pub(crate) use feed_methods;
