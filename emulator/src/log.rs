//! The request log (what reached the emulator, for tests to count and read) and the spy
//! listener: a second port that logs whatever reaches it, to prove no token leaves for it.

use crate::clock;
use crate::graph::batch::BatchPart;
use crate::state::AppState;
use crate::wire::iso;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Router;
use http_body_util::BodyExt;
use rusqlite::params;
use serde_json::{Map, Value};

/// The largest request body the log keeps.
const MAX_LOGGED_BODY: usize = 64 * 1024;

/// Logs every API request (Graph, Dataverse, tokens) with its final status.
pub async fn record(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let logged =
        path.starts_with("/graph/") || path.starts_with("/dataverse/") || path.contains("/oauth2/");
    if !logged {
        return next.run(request).await;
    }
    let listener = if request.extensions().get::<BatchPart>().is_some() {
        "batch"
    } else {
        "main"
    };
    let (parts, body) = request.into_parts();
    let bytes = read(body).await;
    let entry = Entry::new(listener, &parts, &bytes);
    let response = next
        .run(Request::from_parts(parts, Body::from(bytes)))
        .await;
    entry.save(&state, response.status().as_u16());
    response
}

/// A router that logs everything under listener `spy` and answers 404 (with permissive CORS, so
/// a browser really sends what it would send).
pub fn spy(state: AppState) -> Router {
    Router::new().fallback(spy_answer).with_state(state)
}

async fn spy_answer(State(state): State<AppState>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let bytes = read(body).await;
    let status = if parts.method == Method::OPTIONS {
        StatusCode::NO_CONTENT
    } else {
        StatusCode::NOT_FOUND
    };
    let _ = Entry::new("spy", &parts, &bytes).save(&state, status.as_u16());
    let mut response = status.into_response();
    let headers = response.headers_mut();
    headers.insert("access-control-allow-origin", HeaderValue::from_static("*"));
    headers.insert(
        "access-control-allow-methods",
        HeaderValue::from_static("GET, POST, PUT, PATCH, DELETE"),
    );
    if let Some(requested) = parts.headers.get("access-control-request-headers") {
        headers.insert("access-control-allow-headers", requested.clone());
    }
    response
}

/// A request body's bytes; an unreadable body logs as empty.
async fn read(body: Body) -> Bytes {
    body.collect()
        .await
        .map(|b| b.to_bytes())
        .unwrap_or_default()
}

struct Entry {
    listener: &'static str,
    method: String,
    path: String,
    query: Option<String>,
    headers: String,
    body: Option<String>,
}

impl Entry {
    fn new(listener: &'static str, parts: &axum::http::request::Parts, body: &[u8]) -> Self {
        let mut headers = Map::new();
        for (name, value) in &parts.headers {
            headers.insert(
                name.as_str().to_owned(),
                Value::String(value.to_str().unwrap_or("").to_owned()),
            );
        }
        Self {
            listener,
            method: parts.method.to_string(),
            path: parts.uri.path().to_owned(),
            query: parts.uri.query().map(str::to_owned),
            headers: Value::Object(headers).to_string(),
            body: (!body.is_empty()).then(|| {
                String::from_utf8_lossy(&body[..body.len().min(MAX_LOGGED_BODY)]).into_owned()
            }),
        }
    }

    /// Saves the entry; its row id, unless the insert failed (the log is a test aid: a failed
    /// insert must never fail the request itself).
    fn save(self, state: &AppState, status: u16) -> Option<i64> {
        let conn = state.db();
        let at = iso(clock::now(&conn));
        conn.execute(
            "INSERT INTO request_log (at, listener, method, path, query, status, headers, body) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![at, self.listener, self.method, self.path, self.query, status, self.headers, self.body],
        )
        .ok()
        .map(|_| conn.last_insert_rowid())
    }
}
