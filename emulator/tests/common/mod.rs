//! The harness the emulator's test suites share: an emulator without a socket, requests through
//! it, their answers, and the documented samples' shapes.

// Each suite compiles this module on its own and uses only part of it.
#![allow(dead_code)]

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use serde_json::Value;
use teams_collaborate_emulator::{app, db, AppState};
use tower::ServiceExt;

/// The emulator's state over a fresh in-memory database, seeded with the demo.
pub fn state() -> AppState {
    state_at(":memory:")
}

/// The emulator's state over the database file at `path` (created and seeded when new).
pub fn state_at(path: &str) -> AppState {
    AppState::new(db::open(path).unwrap(), "../www".into(), "../pkg".into())
}

/// The whole emulator over a fresh in-memory database.
pub fn emulator() -> Router {
    app(state())
}

/// What the emulator answered: status, headers and the body's bytes.
pub struct Answer {
    /// The HTTP status.
    pub status: StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
    /// The body, as sent.
    pub bytes: Vec<u8>,
}

impl Answer {
    /// The body as JSON; a panic shows the body when it is not.
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.bytes)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.bytes)))
    }

    /// The body as text, which must be UTF-8.
    pub fn text(&self) -> String {
        String::from_utf8(self.bytes.clone()).unwrap()
    }

    /// A header's value, if present and text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// Runs one request through the emulator and reads the whole answer.
pub async fn send(app: &Router, request: Request<Body>) -> Answer {
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response
        .into_body()
        .collect()
        .await
        .unwrap()
        .to_bytes()
        .to_vec();
    Answer {
        status,
        headers,
        bytes,
    }
}

/// An API request as a client on the demo's port sends it: `Host`, a bearer token when given,
/// the extra headers, and a JSON body when given.
pub fn request(
    method: &str,
    uri: &str,
    token: Option<&str>,
    body: Option<Value>,
    headers: &[(&str, &str)],
) -> Request<Body> {
    let mut request = Request::builder()
        .method(method)
        .uri(uri)
        .header("Host", "127.0.0.1:8080");
    if let Some(token) = token {
        request = request.header("Authorization", format!("Bearer {token}"));
    }
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let body = match body {
        Some(body) => {
            request = request.header("Content-Type", "application/json");
            Body::from(body.to_string())
        }
        None => Body::empty(),
    };
    request.body(body).unwrap()
}

/// A `POST` of a JSON body, e.g. to a test control under `/_emulator`.
pub fn post_json(uri: &str, body: Value) -> Request<Body> {
    Request::post(uri)
        .header("Content-Type", "application/json")
        .body(Body::from(body.to_string()))
        .unwrap()
}

/// A `GET` with no headers, e.g. of the request log.
pub fn get(uri: &str) -> Request<Body> {
    Request::get(uri).body(Body::empty()).unwrap()
}

/// A sample copied from Microsoft's docs: `api` is `graph` or `dataverse`.
pub fn fixture(api: &str, name: &str) -> Value {
    let path = format!("{}/tests/fixtures/{api}/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

/// Every property of the documented sample is in the answer with the same JSON type (a null on
/// either side matches anything); arrays compare their first items.
pub fn assert_shape(documented: &Value, actual: &Value, at: &str, skip: &[&str]) {
    match (documented, actual) {
        (Value::Null, _) | (_, Value::Null) => {}
        (Value::Object(doc), Value::Object(act)) => {
            for (key, value) in doc {
                let here = format!("{at}.{key}");
                if skip.contains(&here.as_str()) {
                    continue;
                }
                let Some(found) = act.get(key) else {
                    panic!("{here} is documented but missing from {actual}");
                };
                assert_shape(value, found, &here, skip);
            }
        }
        (Value::Array(doc), Value::Array(act)) => {
            if let (Some(d), Some(a)) = (doc.first(), act.first()) {
                assert_shape(d, a, &format!("{at}[0]"), skip);
            }
        }
        (d, a) => assert_eq!(
            std::mem::discriminant(d),
            std::mem::discriminant(a),
            "{at}: documented {d}, got {a}"
        ),
    }
}

/// The emulator's migrations, in order, as `db.rs` applies them.
const MIGRATIONS: &[&str] = &[
    include_str!("../../migrations/0001_tenants_and_instances.sql"),
    include_str!("../../migrations/0002_graph.sql"),
    include_str!("../../migrations/0003_dataverse_tables.sql"),
    include_str!("../../migrations/0004_user_type.sql"),
    include_str!("../../migrations/0005_chat_messages.sql"),
    include_str!("../../migrations/0006_photo_sizes.sql"),
    include_str!("../../migrations/0007_link_state.sql"),
];

/// A database file as an older emulator left it: migrated to `version` only, holding `rows`
/// (SQL). The caller opens it with `db::open` and removes it.
#[allow(dead_code)]
pub fn older_database(name: &str, version: usize, rows: &str) -> std::path::PathBuf {
    let path = std::env::temp_dir().join(format!("emulator-{name}-{}.sqlite", std::process::id()));
    let _ = std::fs::remove_file(&path);
    let conn = rusqlite::Connection::open(&path).unwrap();
    for sql in &MIGRATIONS[..version] {
        conn.execute_batch(sql).unwrap();
    }
    conn.pragma_update(None, "user_version", version).unwrap();
    conn.execute_batch(rows).unwrap();
    path
}
