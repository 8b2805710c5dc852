//! `POST /$batch`: at most 20 requests, each answered with its own status, headers and body
//! (binary bodies as base64). Each request runs through the whole emulator, so faults and
//! throttling apply to it alone.

use super::answer::{json_response, GraphError, GraphResult};
use crate::state::AppState;
use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, Method, Request, StatusCode};
use base64::Engine;
use http_body_util::BodyExt;
use serde_json::{json, Map, Value};
use tower::ServiceExt;

/// The most requests one batch may hold.
pub const MAX_REQUESTS: usize = 20;

/// Marks a request as a part of a batch, for the request log.
#[derive(Clone, Copy, Debug)]
pub struct BatchPart;

/// Runs the batch in order (so `dependsOn` holds) and answers `{"responses": [...]}`.
pub async fn run(State(state): State<AppState>, headers: HeaderMap, body: String) -> GraphResult {
    let body: Value = serde_json::from_str(&body)
        .map_err(|e| GraphError::bad_request(format!("Invalid batch payload: {e}")))?;
    let requests = body
        .get("requests")
        .and_then(Value::as_array)
        .ok_or_else(|| GraphError::bad_request("Invalid batch payload: 'requests' is required."))?;
    if requests.is_empty() || requests.len() > MAX_REQUESTS {
        return Err(GraphError::bad_request(format!(
            "Invalid batch payload: the number of requests must be between 1 and {MAX_REQUESTS}, got {}.",
            requests.len()
        )));
    }
    let mut ids: Vec<String> = Vec::new();
    for request in requests {
        let id = request
            .get("id")
            .and_then(Value::as_str)
            .filter(|i| !i.is_empty())
            .ok_or_else(|| GraphError::bad_request("Each request needs an 'id'."))?;
        if ids.iter().any(|seen| seen.eq_ignore_ascii_case(id)) {
            return Err(GraphError::bad_request(format!(
                "Batch request ids must be unique; '{id}' is repeated."
            )));
        }
        let url = request.get("url").and_then(Value::as_str).unwrap_or("");
        if url.is_empty() || url.contains("://") {
            return Err(GraphError::bad_request(format!(
                "Request '{id}' needs a relative 'url'."
            )));
        }
        if request
            .get("method")
            .and_then(Value::as_str)
            .and_then(|m| m.parse::<Method>().ok())
            .is_none()
        {
            return Err(GraphError::bad_request(format!(
                "Request '{id}' needs a 'method'."
            )));
        }
        ids.push(id.to_owned());
    }
    let router = state
        .router()
        .ok_or_else(|| GraphError::bad_request("Batching is not available."))?;
    let mut statuses: Vec<(String, u16)> = Vec::new();
    let mut responses = Vec::new();
    for request in requests {
        let id = request["id"].as_str().unwrap_or_default().to_owned();
        let failed_dependency = request
            .get("dependsOn")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .any(|dep| {
                statuses
                    .iter()
                    .any(|(seen, status)| seen.eq_ignore_ascii_case(dep) && *status >= 400)
            });
        let (status, part_headers, part_body) = if failed_dependency {
            (
                424,
                Map::new(),
                json!({"error": {"code": "FailedDependency", "message": "A request this one depends on failed."}}),
            )
        } else {
            run_one(&router, &headers, request).await
        };
        statuses.push((id.clone(), status));
        responses.push(
            json!({ "id": id, "status": status, "headers": part_headers, "body": part_body }),
        );
    }
    Ok(json_response(
        StatusCode::OK,
        json!({ "responses": responses }),
    ))
}

async fn run_one(
    router: &axum::Router,
    outer: &HeaderMap,
    request: &Value,
) -> (u16, Map<String, Value>, Value) {
    let method: Method = request["method"]
        .as_str()
        .and_then(|m| m.parse().ok())
        .unwrap_or(Method::GET);
    let url = request["url"].as_str().unwrap_or_default();
    let path = format!("/graph/v1.0/{}", url.trim_start_matches('/'));
    let mut builder = Request::builder().method(method).uri(path);
    for name in [header::AUTHORIZATION, header::HOST] {
        if let Some(value) = outer.get(&name) {
            builder = builder.header(name, value);
        }
    }
    if let Some(headers) = request.get("headers").and_then(Value::as_object) {
        for (name, value) in headers {
            if let Some(value) = value.as_str() {
                builder = builder.header(name.as_str(), value);
            }
        }
    }
    let body = match request.get("body") {
        None | Some(Value::Null) => Body::empty(),
        Some(Value::String(text)) => Body::from(text.clone()),
        Some(json) => Body::from(json.to_string()),
    };
    let Ok(mut sub) = builder.body(body) else {
        return (
            400,
            Map::new(),
            json!({"error": {"code": "BadRequest", "message": "Invalid request."}}),
        );
    };
    sub.extensions_mut().insert(BatchPart);
    let Ok(response) = router.clone().oneshot(sub).await;
    let status = response.status().as_u16();
    let mut headers = Map::new();
    for (name, value) in response.headers() {
        if name.as_str().starts_with("access-control-") {
            continue;
        }
        if let Ok(value) = value.to_str() {
            headers.insert(canonical(name.as_str()), json!(value));
        }
    }
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    let bytes = response
        .into_body()
        .collect()
        .await
        .map(|b| b.to_bytes())
        .unwrap_or_default();
    let body = if bytes.is_empty() {
        Value::Null
    } else if is_json {
        serde_json::from_slice(&bytes).unwrap_or_else(|_| json!(String::from_utf8_lossy(&bytes)))
    } else {
        json!(base64::engine::general_purpose::STANDARD.encode(&bytes))
    };
    (status, headers, body)
}

/// `retry-after` → `Retry-After`, as Graph writes header names inside a batch.
fn canonical(name: &str) -> String {
    const SPELLED: &[&str] = &[
        "OData-Version",
        "x-ms-resource-unit",
        "request-id",
        "client-request-id",
    ];
    if let Some(known) = SPELLED
        .iter()
        .find(|known| known.eq_ignore_ascii_case(name))
    {
        return (*known).to_owned();
    }
    name.split('-')
        .map(|part| {
            let mut chars = part.chars();
            chars
                .next()
                .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join("-")
}
