//! `VisitorClient`: what a bank's customer page does. Sign in with the JWT the bank's backend
//! issued (`connect({ server, token })`), or connect anonymously and join by PIN or e-mail
//! link; read and write messages; answer "Invite a deputy?"; follow the conversation live.
//! Shaped after Unblu's visitor JS API where it has the same operation (`joinConversation(pin)`
//! there is `joinWithPin(pin)` here). Agent operations never appear in this entry.

use baton_api::client::EveryConversation;
use baton_api::operation::{baton, v4};
use baton_api::wire::Secret;
use baton_api::wire::Tag;
use baton_api::wire::auth::SecureTokenRequest;
use baton_api::wire::baton::{BatonPromptAnswer, BatonRedeemLinkBody, BatonRedeemPinBody};
use baton_core::directory::PersonType;
use baton_core::id::{InvitationId, PromptId};
use js_sys::Promise;
use wasm_bindgen::prelude::*;

use crate::error::Rejection;
use crate::js::optional;
use crate::options::ConnectOptions;
use crate::request::{self, Answer, Request};
use crate::session::{self, Session, Shared, feed_methods};

/// A bank customer's connection to Baton.
#[wasm_bindgen]
pub struct VisitorClient {
    shared: Shared,
}

feed_methods!(VisitorClient);

#[wasm_bindgen]
impl VisitorClient {
    /// Connects to the Baton server: with `token` (the bank-issued JWT) signs the customer
    /// in; without, resumes the session this browser already has, or stays anonymous until
    /// `joinWithPin` / `joinWithEmailToken`.
    #[wasm_bindgen(unchecked_return_type = "Promise<VisitorClient>")]
    pub fn connect(
        #[wasm_bindgen(unchecked_optional_param_type = "ConnectOptions")] options: Option<JsValue>,
    ) -> Promise {
        wasm_bindgen_futures::future_to_promise(async move {
            let connect = async {
                let options: ConnectOptions = optional(options, "connect options")?;
                let shared = Session::new(options.server.as_deref());
                match options.token {
                    Some(token) => {
                        let request = SecureTokenRequest::jwt(Secret::new(token));
                        shared.client.login_with_secure_token(&request).await?;
                    }
                    None => {
                        shared.resume(PersonType::Visitor).await?;
                    }
                }
                Ok::<_, Rejection>(VisitorClient { shared })
            };
            connect.await.map(JsValue::from).map_err(|r| r.0)
        })
    }

    /// Joins the conversation a PIN invites to (the PIN as the agent read it out); the
    /// client is signed in as the invited visitor afterwards.
    #[wasm_bindgen(js_name = joinWithPin, unchecked_return_type = "Promise<BatonRedemption>")]
    pub fn join_with_pin(&self, pin: String) -> Promise {
        let pin = pin.trim().to_owned();
        let request = if pin.is_empty() {
            Err(Rejection::invalid_input("the PIN is empty"))
        } else {
            let body = BatonRedeemPinBody {
                kind: Tag::new(),
                pin: Secret::new(pin),
            };
            Request::new(baton::REDEEM_PIN, &[]).body(&body)
        };
        request::send(&self.shared, request.map(Request::joins))
    }

    /// Joins with an e-mail invitation link's `invitation` and `token` (the link's
    /// `#invitation=…&token=…`).
    #[wasm_bindgen(
        js_name = joinWithEmailToken,
        unchecked_return_type = "Promise<BatonRedemption>"
    )]
    pub fn join_with_email_token(
        &self,
        #[wasm_bindgen(js_name = invitationId)] invitation_id: String,
        token: String,
    ) -> Promise {
        let body = BatonRedeemLinkBody {
            kind: Tag::new(),
            invitation_id: InvitationId::from(invitation_id.as_str()),
            token: Secret::new(token),
        };
        let request = Request::new(baton::REDEEM_LINK, &[]).body(&body);
        request::send(&self.shared, request.map(Request::joins))
    }

    /// Who is signed in.
    #[wasm_bindgen(unchecked_return_type = "Promise<BatonSession>")]
    pub fn session(&self) -> Promise {
        session::session(&self.shared)
    }

    /// The customer's conversations (as a visitor sees them).
    #[wasm_bindgen(unchecked_return_type = "Promise<ConversationData[]>")]
    pub fn conversations(&self) -> Promise {
        let request = Request::new(v4::CONVERSATIONS_SEARCH, &[])
            .body(&EveryConversation::default())
            .map(|request| request.answer(Answer::Field("items")));
        request::send(&self.shared, request)
    }

    /// The messages of a conversation the customer is in, oldest first.
    #[wasm_bindgen(unchecked_return_type = "Promise<BatonMessage[]>")]
    pub fn messages(
        &self,
        #[wasm_bindgen(js_name = conversationId)] conversation_id: String,
    ) -> Promise {
        session::messages(&self.shared, &conversation_id)
    }

    /// Writes `text` (plain text) to the conversation. While the advisor is away this may
    /// offer the deputy prompt (`DeputyPromptOffered`).
    #[wasm_bindgen(js_name = sendMessage, unchecked_return_type = "Promise<BatonMessage>")]
    pub fn send_message(
        &self,
        #[wasm_bindgen(js_name = conversationId)] conversation_id: String,
        text: String,
    ) -> Promise {
        session::send_message(&self.shared, &conversation_id, text)
    }

    /// The open "Invite a deputy?" prompt of the conversation, in the customer's language,
    /// or `null`.
    #[wasm_bindgen(js_name = deputyPrompt, unchecked_return_type = "Promise<BatonPrompt | null>")]
    pub fn deputy_prompt(
        &self,
        #[wasm_bindgen(js_name = conversationId)] conversation_id: String,
    ) -> Promise {
        let request = Request::new(baton::PROMPT_READ, &[&conversation_id]);
        request::send(&self.shared, Ok(request.answer(Answer::JsonOrNull)))
    }

    /// Answers the prompt: `accept` invites the advisor's deputies, level by level.
    #[wasm_bindgen(js_name = answerDeputyPrompt, unchecked_return_type = "Promise<void>")]
    pub fn answer_deputy_prompt(
        &self,
        #[wasm_bindgen(js_name = conversationId)] conversation_id: String,
        #[wasm_bindgen(js_name = promptId)] prompt_id: String,
        accept: bool,
    ) -> Promise {
        let body = BatonPromptAnswer {
            kind: Tag::new(),
            prompt_id: PromptId::from(prompt_id.as_str()),
            accept,
        };
        let request = Request::new(baton::PROMPT_ANSWER, &[&conversation_id]).body(&body);
        request::send(&self.shared, request.map(|r| r.answer(Answer::Nothing)))
    }
}
