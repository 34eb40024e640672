//! `/openapi.json`: the whole HTTP API as an OpenAPI 3.1 document, built from the operations
//! the router serves (`baton_api::operation`, each routed once by `Routes::operation`) and the
//! wire types' own schemas (`baton_api::openapi::components`), so that neither can drift from
//! what is served. Only the document's shape lives here: no path and no schema is written
//! twice.

use std::sync::LazyLock;

use axum::Json;
use baton_api::operation::{Answer, Method, Operation};
use serde_json::{Map, Value, json};

use crate::http::routes::Routes;

fn schema_ref(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

fn operation(o: &Operation) -> Value {
    let doc = &o.doc;
    let parameters: Vec<Value> = o
        .path_parameters()
        .map(|name| json!({"name": name, "in": "path", "required": true, "schema": {"type": "string"}}))
        .chain(doc.query.iter().map(|(name, description)| {
            json!({"name": name, "in": "query", "required": false, "description": description, "schema": {"type": "string"}})
        }))
        .chain((o.method == Method::Post && super::idempotency::honoured(o.path)).then(|| {
            json!({"name": "Idempotency-Key", "in": "header", "required": false, "description": "A retry with the same key and request within 24 h answers the first answer and records nothing new; the same key with another request is 422 `IDEMPOTENCY_KEY_REUSED`, one still being processed 409 `IDEMPOTENCY_KEY_IN_USE`. Keys (1-255 visible ASCII characters) are the signed-in caller's own.", "schema": {"type": "string", "maxLength": 255}})
        }))
        .collect();
    let json_ok = |schema: Value| json!({"description": "OK", "content": {"application/json": {"schema": schema}}});
    let mut responses = Map::new();
    let success = match doc.answer {
        Answer::Json(name) => ("200", json_ok(schema_ref(&name()))),
        Answer::JsonOrNone(name) => {
            responses.insert("204".into(), json!({"description": "Nothing to show"}));
            ("200", json_ok(schema_ref(&name())))
        }
        Answer::Created(name) => (
            "201",
            json!({"description": "Created", "content": {"application/json": {"schema": schema_ref(&name())}}}),
        ),
        Answer::List(name) => (
            "200",
            json!({"description": "OK", "content": {"application/json": {"schema": {"type": "array", "items": schema_ref(&name())}}}}),
        ),
        Answer::NoContent => ("204", json!({"description": "No Content"})),
        Answer::Stream(name) => (
            "200",
            json!({"description": "Server-Sent Events: `id` is the log position, `event` the kind, `data` one entry", "content": {"text/event-stream": {"itemSchema": schema_ref(&name())}}}),
        ),
        Answer::Export(name) => (
            "200",
            json!({"description": "One entry per line (NDJSON), or CSV with a header row when `Accept` names `text/csv`", "content": {"application/x-ndjson": {"itemSchema": schema_ref(&name())}, "text/csv": {"schema": {"type": "string"}}}}),
        ),
        Answer::Text => (
            "200",
            json!({"description": "OK", "content": {"text/plain": {"schema": {"type": "string"}}}}),
        ),
        Answer::Health => (
            "200",
            json_ok(json!({
                "type": "object",
                "required": ["status", "events"],
                "properties": {
                    "status": {"const": "ok"},
                    "events": {"type": "integer", "description": "The log's head: events recorded so far"},
                },
            })),
        ),
    };
    responses.insert(success.0.into(), success.1);
    responses.insert(
        "default".into(),
        json!({"description": "Unblu's error body, with Baton's stable `errorCode`", "content": {"application/json": {"schema": schema_ref("ErrorBody")}}}),
    );
    let mut value = json!({
        "tags": [doc.group.name()],
        "summary": doc.summary.trim(),
        "parameters": parameters,
        "responses": responses,
    });
    if let Some(body) = doc.body {
        value["requestBody"] = json!({"required": true, "content": {"application/json": {"schema": schema_ref(&body())}}});
    }
    value
}

/// The OpenAPI document, built once.
pub fn document() -> &'static Value {
    static DOCUMENT: LazyLock<Value> = LazyLock::new(|| {
        let mut paths = Map::new();
        for o in super::operations() {
            let item = paths.entry(o.path.to_owned()).or_insert_with(|| json!({}));
            item[o.method.openapi_key()] = operation(o);
        }
        build(paths)
    });
    &DOCUMENT
}

fn build(paths: Map<String, Value>) -> Value {
    let schemas =
        serde_json::to_value(baton_api::openapi::components().schemas).unwrap_or(Value::Null);
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Baton",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Conversation hand-off: forwarding, reassigning, invitations by PIN or e-mail, unassigning, transfers and deputy delegation. Where Unblu's web API v4 has the operation, Baton uses its path, body and error shape.",
        },
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {
                "basic": {"type": "http", "scheme": "basic", "description": "The web API administrator, or an agent's own credentials."},
                "session": {"type": "apiKey", "in": "cookie", "name": "baton_session", "description": "After sign-in; state-changing requests also send `X-CSRF-Token`."},
            },
        },
        "security": [{"basic": []}, {"session": []}],
    })
}

pub(super) fn routes() -> Routes {
    Routes::new().get("/openapi.json", || async { Json(document()) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_referenced_schema_exists() {
        let doc = document();
        let text = doc.to_string();
        let schemas = doc["components"]["schemas"].as_object().unwrap();
        for reference in text.split("\"#/components/schemas/").skip(1) {
            let name = reference.split('"').next().unwrap();
            assert!(schemas.contains_key(name), "no schema {name}");
        }
    }

    #[test]
    fn every_operation_is_documented_once() {
        let mut seen = std::collections::BTreeSet::new();
        let operations = crate::http::operations();
        for o in &operations {
            assert!(
                seen.insert((o.method, o.path)),
                "{} {} twice",
                o.method.as_str(),
                o.path
            );
        }
        assert!(operations.len() >= 60);
    }

    #[test]
    fn the_texts_document_their_optional_locale_and_ui() {
        let doc = document();
        let parameters = &doc["paths"]["/baton/v1/texts"]["get"]["parameters"];
        for (i, name) in ["locale", "ui"].into_iter().enumerate() {
            assert_eq!(parameters[i]["name"], name);
            assert_eq!(parameters[i]["in"], "query");
            assert_eq!(parameters[i]["required"], false);
        }
    }
}
