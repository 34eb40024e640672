//! `/openapi.json` documents exactly what the server serves: every served route is documented
//! and every documented operation is served (the router's own list against the served
//! document, both ways), each answers at its method and path, and every read answers a status
//! and content type it documents.

use crate::common;

use std::collections::BTreeSet;

use common::{TestServer, json};
use reqwest::{Method, StatusCode};

/// `GET /openapi.json`: its status and the document.
async fn served_document(server: &TestServer) -> (StatusCode, serde_json::Value) {
    json(
        server
            .anonymous(Method::GET, "/openapi.json")
            .send()
            .await
            .unwrap(),
    )
    .await
}

/// Every (method, path) the document describes, methods upper case.
fn documented(document: &serde_json::Value) -> BTreeSet<(String, String)> {
    document["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, item)| {
            item.as_object()
                .unwrap()
                .keys()
                .map(move |method| (method.to_uppercase(), path.clone()))
        })
        .collect()
}

#[tokio::test]
async fn every_served_route_is_documented_and_every_documented_operation_is_served() {
    let server = TestServer::demo().await;
    let (_, document) = served_document(&server).await;
    let routes = baton_server::http::served_routes(false);
    let served: BTreeSet<(String, String)> = routes
        .iter()
        // The document's own address is not an operation of it.
        .filter(|(_, path)| *path != "/openapi.json")
        .map(|(method, path)| (method.as_str().to_owned(), (*path).to_owned()))
        .collect();
    assert_eq!(served.len(), routes.len() - 1, "no route is declared twice");
    let documented = documented(&document);
    let undocumented: Vec<_> = served.difference(&documented).collect();
    let unserved: Vec<_> = documented.difference(&served).collect();
    assert!(
        undocumented.is_empty(),
        "served, not documented: {undocumented:?}"
    );
    assert!(unserved.is_empty(), "documented, not served: {unserved:?}");
    // With --demo, the demo bank's own endpoints come on top, and nothing else.
    let demo_only: Vec<_> = baton_server::http::served_routes(true)
        .into_iter()
        .filter(|route| !routes.contains(route))
        .collect();
    assert!(!demo_only.is_empty());
    assert!(
        demo_only.iter().all(|(_, path)| path.starts_with("/demo/")),
        "{demo_only:?}"
    );
}

#[tokio::test]
async fn the_document_is_served_and_every_documented_operation_is_routed() {
    let server = TestServer::demo().await;
    let (status, document) = served_document(&server).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(document["openapi"], "3.1.0");
    assert!(document["components"]["schemas"]["ConversationData"].is_object());
    let operations = documented(&document);
    assert!(operations.len() >= 60, "{operations:?}");
    for (method, template) in &operations {
        let path = template
            .split('/')
            .map(|s| if s.starts_with('{') { "unknown-id" } else { s })
            .collect::<Vec<_>>()
            .join("/");
        let response = server
            .anonymous(
                Method::from_bytes(method.as_bytes()).unwrap(),
                &format!("{path}?username=nobody"),
            )
            .send()
            .await
            .unwrap();
        let status = response.status();
        let body = response.text().await.unwrap_or_default();
        assert_ne!(
            status,
            StatusCode::METHOD_NOT_ALLOWED,
            "{method} {template}"
        );
        assert!(
            !body.contains("no such endpoint"),
            "{method} {template} is documented but not served"
        );
    }
}

/// The path of `operation` with the demo bank's ids in its parameters.
fn demo_path(path: &str) -> String {
    use baton_core::demo;
    path.split('/')
        .map(|segment| match segment {
            "{id}" | "{conversationId}" | "{chatSessionId}" => demo::VERA_AND_ANNA,
            "{personId}" | "{userId}" | "{toAssociate}" => demo::ANNA,
            "{teamId}" => demo::ADVISORY,
            other => other,
        })
        .collect::<Vec<_>>()
        .join("/")
}

#[tokio::test]
async fn every_documented_read_answers_a_documented_status_and_content_type() {
    let server = TestServer::demo().await;
    let (_, document) = served_document(&server).await;
    let mut checked = Vec::new();
    let mut disagreements = Vec::new();
    let reads = documented(&document)
        .into_iter()
        .filter(|(method, _)| method == "GET")
        .map(|(_, path)| path);
    for template in reads {
        let path = demo_path(&template);
        let response = tokio::time::timeout(
            common::WAIT,
            server
                .admin(
                    Method::GET,
                    &format!("{path}?username=anna.advisor&userId=anna.advisor"),
                )
                .send(),
        )
        .await
        .expect("answered in time")
        .unwrap();
        let status = response.status();
        if !status.is_success() {
            continue;
        }
        let content_type = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned();
        let documented = &document["paths"][template.as_str()]["get"]["responses"][status.as_str()];
        let agrees = documented.is_object()
            && match documented["content"].as_object() {
                None => content_type.is_empty(),
                Some(content) => content
                    .keys()
                    .any(|kind| content_type.starts_with(kind.as_str())),
            };
        if !agrees {
            disagreements.push(format!(
                "GET {}: served {status} {content_type:?}, documented {}",
                template,
                document["paths"][template.as_str()]["get"]["responses"]
            ));
        }
        checked.push(template);
    }
    assert!(disagreements.is_empty(), "{disagreements:#?}");
    for path in [
        "/healthz",
        "/baton/v1/conversations/{id}/prompt",
        "/metrics",
    ] {
        assert!(
            checked.iter().any(|checked| checked == path),
            "{path} was not checked: {checked:?}"
        );
    }
}
