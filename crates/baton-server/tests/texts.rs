//! `GET /baton/v1/texts`: the widget's texts in the locale asked for (`?locale=`, else
//! `Accept-Language`, else English), every key present, a bank's `[texts.<locale>]`
//! overrides applied, public and cacheable; `?ui=` keeps what one user interface shows.

use crate::common;

use baton_core::text::{TextKey, TextUi};
use common::{TestServer, json};
use reqwest::{Method, Response, StatusCode};
use serde_json::Value;

/// The texts' JSON after checking the answer is a complete, cacheable `BatonTexts`.
#[allow(
    clippy::unwrap_used,
    reason = "a test helper: an answer without texts fails the test"
)]
async fn texts(response: Response) -> Value {
    let cache_control = response.headers().get("cache-control").cloned();
    let (status, body) = json(response).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        cache_control.as_ref().and_then(|v| v.to_str().ok()),
        Some("public, max-age=300")
    );
    assert_eq!(body["$_type"], "BatonTexts");
    let texts = body["texts"].as_object().unwrap();
    assert_eq!(texts.len(), TextKey::ALL.len(), "{body}");
    for key in TextKey::ALL {
        assert!(
            texts[key.name()].as_str().is_some_and(|t| !t.is_empty()),
            "{key:?} missing: {body}"
        );
    }
    body
}

#[tokio::test]
async fn english_without_a_locale_and_without_signing_in() {
    let server = TestServer::demo().await;
    let body = texts(
        server
            .anonymous(Method::GET, "/baton/v1/texts")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(body["locale"], "en");
    assert_eq!(body["texts"]["com.baton.widget.send"], "Send");
    assert_eq!(
        body["texts"]["com.unblu.conversation.message.deputyDelegationPromptReplyAccept"],
        "Invite a deputy"
    );
}

#[tokio::test]
async fn the_locale_parameter_chooses_the_language() {
    let server = TestServer::demo().await;
    let body = texts(
        server
            .anonymous(Method::GET, "/baton/v1/texts?locale=fr")
            .header("accept-language", "de-CH")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(body["locale"], "fr", "the parameter wins over the header");
    assert_eq!(body["texts"]["com.baton.widget.send"], "Envoyer");
}

#[tokio::test]
async fn without_the_parameter_the_first_accepted_language_is_served() {
    let server = TestServer::demo().await;
    let response = server
        .anonymous(Method::GET, "/baton/v1/texts")
        .header("accept-language", "de-CH,de;q=0.9")
        .send()
        .await
        .unwrap();
    let vary = response.headers()["vary"].to_str().unwrap();
    assert!(
        vary.to_ascii_lowercase().contains("accept-language"),
        "caches keep one answer per language: {vary}"
    );
    let body = texts(response).await;
    assert_eq!(body["locale"], "de");
    assert_eq!(body["texts"]["com.baton.widget.pinJoin"], "Teilnehmen");
}

#[tokio::test]
async fn an_unknown_locale_falls_back_to_english() {
    let server = TestServer::demo().await;
    let body = texts(
        server
            .anonymous(Method::GET, "/baton/v1/texts?locale=xx-YY")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(body["locale"], "en");
    assert_eq!(body["texts"]["com.baton.widget.pinJoin"], "Join");
}

#[tokio::test]
async fn a_banks_override_wins_and_the_rest_stays_built_in() {
    let mut settings = common::settings(|_| {});
    settings
        .properties
        .texts
        .set("de", TextKey::WidgetSend, "Abschicken");
    settings
        .properties
        .texts
        .set("de-CH", TextKey::WidgetConversationTitle, "Ihr Chat");
    let server = TestServer::with_settings(settings).await;
    let body = texts(
        server
            .anonymous(Method::GET, "/baton/v1/texts?locale=de-CH")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(body["locale"], "de");
    assert_eq!(body["texts"]["com.baton.widget.send"], "Abschicken");
    assert_eq!(
        body["texts"]["com.baton.widget.conversationTitle"],
        "Ihr Chat"
    );
    assert_eq!(body["texts"]["com.baton.widget.pinJoin"], "Teilnehmen");
    let english = texts(
        server
            .anonymous(Method::GET, "/baton/v1/texts?locale=en")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(english["texts"]["com.baton.widget.send"], "Send");
}

#[tokio::test]
async fn wrong_credentials_do_not_stand_in_the_way() {
    let server = TestServer::demo().await;
    let body = texts(
        server
            .anonymous(Method::GET, "/baton/v1/texts?locale=it")
            .basic_auth("nobody", Some("wrong"))
            .header("cookie", "baton_session=stale")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(body["locale"], "it");
    assert_eq!(body["texts"]["com.baton.widget.send"], "Invia");
}

#[tokio::test]
async fn a_user_interface_gets_the_texts_it_shows_and_an_unknown_one_is_refused() {
    let server = TestServer::demo().await;
    for ui in [TextUi::Visitor, TextUi::Agent, TextUi::Launcher] {
        let response = server
            .anonymous(
                Method::GET,
                &format!("/baton/v1/texts?ui={}&locale=de", ui.as_str()),
            )
            .send()
            .await
            .unwrap();
        let (status, body) = json(response).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["locale"], "de");
        let texts = body["texts"].as_object().unwrap();
        let shown: Vec<&str> = TextKey::ALL
            .iter()
            .map(|key| key.name())
            .filter(|name| ui.shows(name))
            .collect();
        assert_eq!(texts.len(), shown.len(), "{ui:?}: {body}");
        assert!(shown.iter().all(|name| texts.contains_key(*name)));
        assert_eq!(
            texts.get("com.baton.widget.send").and_then(|t| t.as_str()),
            (ui != TextUi::Launcher).then_some("Senden")
        );
        assert_eq!(
            texts["com.baton.widget.launcherOpen"],
            "Mit Ihrer Beratung chatten"
        );
        assert_eq!(
            texts.contains_key("com.baton.agent.forward.title"),
            ui == TextUi::Agent
        );
    }
    let refused = server
        .anonymous(Method::GET, "/baton/v1/texts?ui=desk")
        .send()
        .await
        .unwrap();
    common::assert_error(refused, 400, "MALFORMED_REQUEST").await;
}
