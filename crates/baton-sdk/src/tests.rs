//! The SDK in headless Chromium against a real `baton-server` (the demo bank), as a page
//! would use it: static methods from Rust, every other call through the JS object's own
//! camelCase methods, results and errors as the JS side sees them.
//!
//! `cargo xtask test` starts the server on a free loopback port, allows the test page's
//! origin (CORS) and passes both through `BATON_TEST_SERVER` / `BATON_TEST_ADMIN_PASSWORD`
//! at build time. Tests run one at a time in one page, so each signs in as it needs.

// Test code: a failed expectation is a failed test. The server's address comes at build
// time, so the crate still compiles (and says what is missing) without it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::option_env_unwrap)]

use baton_api::client::Client;
use baton_api::client::browser::FetchTransport;
use baton_api::wire::conversation::{ConversationCreationData, ConversationData};
use baton_core::demo;
use js_sys::{Array, Function, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

use crate::agent::AgentClient;
use crate::visitor::VisitorClient;

wasm_bindgen_test_configure!(run_in_browser);

/// The server `cargo xtask test` started.
fn server() -> &'static str {
    option_env!("BATON_TEST_SERVER")
        .expect("BATON_TEST_SERVER is unset: run the browser tests with `cargo xtask test`")
}

fn admin() -> Client<FetchTransport> {
    let password = option_env!("BATON_TEST_ADMIN_PASSWORD")
        .expect("BATON_TEST_ADMIN_PASSWORD is unset: run with `cargo xtask test`");
    Client::basic(FetchTransport::new(server()), "admin", password)
}

/// A fresh conversation assigned to Anna (plus `visitor` as its context person, if any),
/// so no test depends on another's leftovers.
async fn conversation_of_anna(topic: &str, visitor: Option<&str>) -> String {
    let mut participants = vec![serde_json::json!({
        "personId": demo::ANNA, "participationType": "ASSIGNED_AGENT"
    })];
    if let Some(visitor) = visitor {
        participants.push(serde_json::json!({
            "personId": visitor, "participationType": "CONTEXT_PERSON"
        }));
    }
    let body: ConversationCreationData = serde_json::from_value(serde_json::json!({
        "topic": topic, "participants": participants
    }))
    .unwrap();
    let created: ConversationData = admin().conversations_create(&body).await.unwrap();
    created.id.to_string()
}

fn object(json: serde_json::Value) -> JsValue {
    js_sys::JSON::parse(&json.to_string()).unwrap()
}

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &key.into()).unwrap()
}

fn text(value: &JsValue, key: &str) -> String {
    get(value, key)
        .as_string()
        .unwrap_or_else(|| panic!("{key} is not a string in {value:?}"))
}

/// Calls the JS method `name` of `target` with `args` and awaits its promise.
async fn call(target: &JsValue, name: &str, args: &[JsValue]) -> Result<JsValue, JsValue> {
    let method: Function = get(target, name)
        .dyn_into()
        .unwrap_or_else(|_| panic!("no method {name}"));
    let args: Array = args.iter().collect();
    let promise: Promise = method.apply(target, &args)?.dyn_into()?;
    JsFuture::from(promise).await
}

async fn ok(target: &JsValue, name: &str, args: &[JsValue]) -> JsValue {
    call(target, name, args)
        .await
        .unwrap_or_else(|e| panic!("{name} failed: {e:?}"))
}

/// The code of a `BatonError`, after checking that it is one (a JS `Error` of the page's one
/// `BatonError` class).
fn baton_code(error: &JsValue) -> String {
    let key = js_sys::Symbol::for_("baton-sdk.BatonError");
    let class = Reflect::get(&js_sys::global(), &key).unwrap();
    let prototype = get(&class, "prototype");
    let actual = Object::get_prototype_of(error);
    assert!(
        JsValue::from(actual) == prototype,
        "not a BatonError: {error:?}"
    );
    assert!(error.is_instance_of::<js_sys::Error>());
    assert_eq!(text(error, "name"), "BatonError");
    text(error, "code")
}

async fn refused(target: &JsValue, name: &str, args: &[JsValue]) -> String {
    match call(target, name, args).await {
        Ok(value) => panic!("{name} succeeded: {value:?}"),
        Err(error) => baton_code(&error),
    }
}

async fn agent(username: &str) -> JsValue {
    let password = username.split('.').next().unwrap();
    let options = object(serde_json::json!({
        "server": server(), "username": username, "password": password
    }));
    JsFuture::from(AgentClient::login(options)).await.unwrap()
}

/// A promise of the next payload `client` hands to handlers of `event`, and the handler.
fn next(client: &JsValue, event: &str) -> (JsFuture, Function) {
    let mut handler = None;
    let promise = Promise::new(&mut |resolve, _| handler = Some(resolve));
    let handler = handler.unwrap();
    let on: Function = get(client, "on").dyn_into().unwrap();
    on.call2(client, &event.into(), &handler).unwrap();
    (JsFuture::from(promise), handler)
}

/// Waits for the client's live feed to be open, so nothing sent afterwards is missed.
async fn open_feed(pending: JsFuture) {
    let state = pending.await.unwrap();
    assert_eq!(state.as_string().as_deref(), Some("open"));
}

#[wasm_bindgen_test]
async fn failures_reject_with_a_baton_error_and_a_stable_code() {
    let wrong = object(serde_json::json!({
        "server": server(), "username": demo::ANNA, "password": "not-annas"
    }));
    let error = JsFuture::from(AgentClient::login(wrong)).await.unwrap_err();
    assert_eq!(baton_code(&error), "NOT_AUTHENTICATED");
    assert_eq!(get(&error, "status").as_f64(), Some(401.0));

    let unreachable = object(serde_json::json!({ "server": "http://127.0.0.1:9" }));
    let error = JsFuture::from(VisitorClient::connect(Some(unreachable)))
        .await
        .unwrap_err();
    assert_eq!(baton_code(&error), "NETWORK");

    let typo = object(serde_json::json!({ "server": server(), "tokne": "x" }));
    let error = JsFuture::from(VisitorClient::connect(Some(typo)))
        .await
        .unwrap_err();
    assert_eq!(baton_code(&error), "INVALID_INPUT");

    let visitor = JsFuture::from(VisitorClient::connect(Some(object(
        serde_json::json!({ "server": server() }),
    ))))
    .await
    .unwrap();
    let on: Function = get(&visitor, "on").dyn_into().unwrap();
    let thrown = on
        .call2(
            &visitor,
            &"messagePosted".into(),
            &Function::new_no_args(""),
        )
        .unwrap_err();
    assert_eq!(baton_code(&thrown), "INVALID_INPUT");
    assert_eq!(
        refused(&visitor, "joinWithPin", &["000000".into()]).await,
        "PIN_WRONG"
    );
}

#[wasm_bindgen_test]
async fn an_agent_forwards_invites_and_reassigns_to_a_hidden_participant() {
    let conversation = conversation_of_anna("Forward and reassign", Some(demo::VERA)).await;
    let id = JsValue::from_str(&conversation);

    let anna = agent(demo::ANNA).await;
    let settings = ok(&anna, "deputySettings", &[]).await;
    assert_eq!(
        get(&settings, "mayManage"),
        JsValue::TRUE,
        "a relationship manager manages her deputies"
    );
    let comment = object(serde_json::json!({ "comment": "<b>agents only</b>" }));
    let forwarding = ok(
        &anna,
        "forwardToAgent",
        &[id.clone(), demo::BEN.into(), comment],
    )
    .await;
    assert_eq!(text(&forwarding, "invitationType"), "AGENT_FORWARDING");
    assert_eq!(text(&forwarding, "invitationState"), "OPEN");
    let revoked = ok(&anna, "revokeInvitation", &[get(&forwarding, "id")]).await;
    assert_eq!(text(&revoked, "invitationState"), "REVOKED");

    let to_team = ok(
        &anna,
        "forwardToTeam",
        &[id.clone(), demo::ASSISTANTS.into(), JsValue::UNDEFINED],
    )
    .await;
    ok(&anna, "revokeInvitation", &[get(&to_team, "id")]).await;

    let hidden = object(serde_json::json!({ "hidden": true }));
    let invitation = ok(
        &anna,
        "inviteAgent",
        &[id.clone(), demo::CLARA.into(), hidden],
    )
    .await;
    let team = ok(
        &anna,
        "inviteTeam",
        &[id.clone(), demo::ADVISORY.into(), JsValue::UNDEFINED],
    )
    .await;
    ok(&anna, "revokeInvitation", &[get(&team, "id")]).await;
    assert_eq!(
        refused(
            &anna,
            "inviteVisitorWithEmail",
            &[id.clone(), "not an address".into(), JsValue::UNDEFINED]
        )
        .await,
        "INVALID_INPUT"
    );

    let clara = agent(demo::CLARA).await;
    let queue = ok(&clara, "queue", &[]).await;
    assert!(
        Array::from(&queue)
            .iter()
            .any(|item| get(&get(&item, "invitation"), "id") == get(&invitation, "id")),
        "the invitation is in Clara's queue: {queue:?}"
    );
    let accepted = ok(
        &clara,
        "respondToDelegation",
        &[get(&invitation, "id"), "ACCEPT".into()],
    )
    .await;
    assert_eq!(text(&accepted, "invitationState"), "REDEEMED");

    let anna = agent(demo::ANNA).await;
    assert_eq!(
        refused(
            &anna,
            "forwardToAgent",
            &[id.clone(), demo::CLARA.into(), JsValue::UNDEFINED]
        )
        .await,
        "ALREADY_PARTICIPANT",
        "Clara participates (hidden): reassign instead"
    );
    let offboard = object(serde_json::json!({ "offboardPrevious": {} }));
    let reassigned = ok(
        &anna,
        "reassign",
        &[id.clone(), demo::CLARA.into(), offboard],
    )
    .await;
    let participants = Array::from(&get(&reassigned, "participants"));
    let claras = participants
        .iter()
        .find(|p| text(p, "personId") == demo::CLARA)
        .expect("Clara is in the conversation");
    assert_eq!(text(&claras, "participationType"), "ASSIGNED_AGENT");
    assert_eq!(get(&claras, "hidden").as_bool(), Some(false));
    assert!(
        participants
            .iter()
            .all(|p| text(&p, "personId") != demo::ANNA),
        "Anna was offboarded"
    );
    let error = call(
        &anna,
        "reassign",
        &[id.clone(), demo::BEN.into(), JsValue::UNDEFINED],
    )
    .await
    .unwrap_err();
    assert_eq!(text(&error, "step"), "UNHIDE", "reading failed first");
    assert_eq!(baton_code(&error), "NOT_FOUND");

    let agents = ok(&anna, "searchAgents", &[JsValue::UNDEFINED]).await;
    let items = Array::from(&get(&agents, "items"));
    assert!(items.iter().any(|p| text(&p, "id") == demo::DAVID));
    assert!(items.iter().all(|p| text(&p, "personType") == "AGENT"));
    let teams = ok(&anna, "searchTeams", &[JsValue::UNDEFINED]).await;
    assert!(
        Array::from(&get(&teams, "items"))
            .iter()
            .any(|t| text(&t, "id") == demo::ASSISTANTS)
    );

    // Anna was offboarded: the history is Clara's, the assignee, to read now (her sign-in
    // replaces Anna's session in this browser, so it comes last).
    let clara = agent(demo::CLARA).await;
    let history = Array::from(&ok(&clara, "history", std::slice::from_ref(&id)).await);
    let actions: Vec<String> = history.iter().map(|e| text(&e, "action")).collect();
    let forwarded = actions.iter().position(|a| a == "FORWARDED");
    let revoked = actions.iter().position(|a| a == "REVOKED");
    assert!(
        forwarded.is_some() && forwarded < revoked,
        "the forwarding, then its revocation: {actions:?}"
    );
    assert!(actions.iter().any(|a| a == "ANSWERED"), "{actions:?}");
}

#[wasm_bindgen_test]
async fn a_visitor_joins_by_pin_is_offered_the_deputy_prompt_and_accepts() {
    let conversation = conversation_of_anna("PIN and prompt", None).await;
    let id = JsValue::from_str(&conversation);
    let anna = agent(demo::ANNA).await;
    let invitation = ok(
        &anna,
        "inviteVisitorWithPin",
        &[id.clone(), JsValue::UNDEFINED],
    )
    .await;
    let pin = text(&invitation, "token");
    assert_eq!(
        pin.len(),
        8,
        "an eight-digit PIN (the default length): {pin}"
    );
    ok(&anna, "setAway", &[true.into()]).await;

    let visitor = JsFuture::from(VisitorClient::connect(Some(object(
        serde_json::json!({ "server": server() }),
    ))))
    .await
    .unwrap();
    let (opened, _) = next(&visitor, "connection");
    let redemption = ok(&visitor, "joinWithPin", &[pin.clone().into()]).await;
    assert_eq!(text(&get(&redemption, "conversation"), "id"), conversation);
    assert_eq!(text(&get(&redemption, "session"), "personType"), "VISITOR");
    open_feed(opened).await;
    assert_eq!(
        refused(&visitor, "joinWithPin", &[pin.into()]).await,
        "PIN_ALREADY_USED"
    );

    let (offered, _) = next(&visitor, "DeputyPromptOffered");
    let (any, any_handler) = next(&visitor, "event");
    ok(
        &visitor,
        "sendMessage",
        &[id.clone(), "Is anyone there?".into()],
    )
    .await;
    let event = offered.await.unwrap();
    let domain = get(&event, "event");
    assert_eq!(text(&domain, "type"), "DeputyPromptOffered");
    assert_eq!(text(&domain, "conversation"), conversation);
    assert!(get(&event, "seq").as_f64().is_some());
    any.await.unwrap();
    let off: Function = get(&visitor, "off").dyn_into().unwrap();
    off.call2(&visitor, &"event".into(), &any_handler).unwrap();

    let prompt = ok(&visitor, "deputyPrompt", std::slice::from_ref(&id)).await;
    assert!(!text(&prompt, "text").is_empty());
    let (answered, _) = next(&visitor, "DeputyPromptAnswered");
    let nothing = ok(
        &visitor,
        "answerDeputyPrompt",
        &[id.clone(), get(&prompt, "promptId"), true.into()],
    )
    .await;
    assert!(nothing.is_null() || nothing.is_undefined());
    answered.await.unwrap();
    assert!(
        ok(&visitor, "deputyPrompt", std::slice::from_ref(&id))
            .await
            .is_null()
    );
    assert_eq!(
        refused(
            &visitor,
            "answerDeputyPrompt",
            &[id, get(&prompt, "promptId"), true.into()]
        )
        .await,
        "PROMPT_NOT_OPEN"
    );
    let disconnect: Function = get(&visitor, "disconnect").dyn_into().unwrap();
    disconnect.call0(&visitor).unwrap();

    let anna = agent(demo::ANNA).await;
    ok(&anna, "setAway", &[false.into()]).await;
}

#[wasm_bindgen_test]
async fn a_bank_customer_connects_with_the_banks_token() {
    let response = gloo_net::http::Request::post(&format!("{}/demo/bank/token", server()))
        .header("Content-Type", "application/json")
        .body(r#"{"username":"vera.visitor"}"#)
        .unwrap()
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let token: serde_json::Value = serde_json::from_str(&response.text().await.unwrap()).unwrap();
    let options = object(serde_json::json!({
        "server": server(), "token": token["token"]
    }));
    let vera = JsFuture::from(VisitorClient::connect(Some(options)))
        .await
        .unwrap();
    let session = ok(&vera, "session", &[]).await;
    assert_eq!(text(&session, "personId"), demo::VERA);
    let conversations = ok(&vera, "conversations", &[]).await;
    assert!(
        Array::from(&conversations)
            .iter()
            .any(|c| text(&c, "id") == demo::VERA_AND_ANNA)
    );
    let message = ok(
        &vera,
        "sendMessage",
        &[
            demo::VERA_AND_ANNA.into(),
            "<script>alert(1)</script>".into(),
        ],
    )
    .await;
    assert_eq!(text(&message, "text"), "<script>alert(1)</script>");
    let messages = ok(&vera, "messages", &[demo::VERA_AND_ANNA.into()]).await;
    assert!(Array::from(&messages).length() >= 1);
    assert_eq!(
        refused(
            &vera,
            "sendMessage",
            &[demo::VERA_AND_ANNA.into(), "  ".into()]
        )
        .await,
        "INVALID_INPUT"
    );
}

#[wasm_bindgen_test]
async fn an_agent_changes_their_password_and_signs_out_everywhere() {
    // One page holds one cookie jar, so one client at a time: a second sign-in here would
    // replace the first one's session cookie. Other devices' sessions ending is the server's
    // HTTP suite's to prove.
    let eva = agent(demo::EVA).await;
    assert_eq!(
        refused(
            &eva,
            "changePassword",
            &["wrong".into(), "a new password".into()]
        )
        .await,
        "NOT_ALLOWED"
    );
    ok(&eva, "session", &[]).await;
    ok(
        &eva,
        "changePassword",
        &["eva".into(), "a new password".into()],
    )
    .await;
    assert_eq!(
        refused(&eva, "session", &[]).await,
        "NOT_AUTHENTICATED",
        "this session ended too"
    );
    let with = |password: &str| {
        object(serde_json::json!({
            "server": server(), "username": demo::EVA, "password": password
        }))
    };
    let old = JsFuture::from(AgentClient::login(with("eva")))
        .await
        .unwrap_err();
    assert_eq!(baton_code(&old), "NOT_AUTHENTICATED");
    let eva = JsFuture::from(AgentClient::login(with("a new password")))
        .await
        .unwrap();
    ok(&eva, "signOutEverywhere", &[]).await;
    assert_eq!(refused(&eva, "session", &[]).await, "NOT_AUTHENTICATED");
    // Eva's demo password comes back, so the test can run again on the same server.
    let eva = JsFuture::from(AgentClient::login(with("a new password")))
        .await
        .unwrap();
    ok(
        &eva,
        "changePassword",
        &["a new password".into(), "eva".into()],
    )
    .await;
}
