//! `/openapi.json` documents exactly what the server serves: every documented operation is
//! routed at its method and path.

mod common;

use baton_server::http::openapi::OPERATIONS;
use common::{TestServer, json};
use reqwest::{Method, StatusCode};

#[tokio::test]
async fn the_document_is_served_and_every_documented_operation_is_routed() {
    let server = TestServer::demo().await;
    let (status, document) = json(
        server
            .anonymous(Method::GET, "/openapi.json")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(document["openapi"], "3.1.0");
    assert!(document["components"]["schemas"]["ConversationData"].is_object());
    for operation in OPERATIONS {
        let path = operation
            .path
            .split('/')
            .map(|s| if s.starts_with('{') { "unknown-id" } else { s })
            .collect::<Vec<_>>()
            .join("/");
        let method = Method::from_bytes(operation.method.to_uppercase().as_bytes()).unwrap();
        let response = server
            .anonymous(method, &format!("{path}?username=nobody"))
            .send()
            .await
            .unwrap();
        let status = response.status();
        let body = response.text().await.unwrap_or_default();
        assert_ne!(
            status,
            StatusCode::METHOD_NOT_ALLOWED,
            "{} {}",
            operation.method,
            operation.path
        );
        assert!(
            !body.contains("no such endpoint"),
            "{} {} is documented but not served",
            operation.method,
            operation.path
        );
        assert!(
            document["paths"][operation.path][operation.method].is_object(),
            "{} {} missing from the document",
            operation.method,
            operation.path
        );
    }
}
