//! Test-only controls under `/_emulator`: fresh instances, fault injection, reset, health.

use crate::error::DataverseError;
use crate::{db, AppState};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Json, Router};
use rusqlite::params;
use serde::Deserialize;
use serde_json::json;

/// The control routes; `nest` them under `/_emulator`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/health", get(|| async { "ok" }))
        .route("/instances", post(create_instance))
        .route("/faults", post(add_fault).delete(clear_faults))
        .route("/reset", post(reset))
}

/// The body of `POST /_emulator/instances`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct NewInstance {
    #[serde(default = "yes")]
    tenant_consent: bool,
    #[serde(default = "yes")]
    instance_enabled: bool,
}

fn yes() -> bool {
    true
}

/// Creates an instance in a tenant of its own, so a test can flip its flags without touching
/// any other test's; answers `{"instance", "dataverseUrl"}` (the URL relative to the emulator).
async fn create_instance(
    State(state): State<AppState>,
    Json(body): Json<NewInstance>,
) -> Result<impl IntoResponse, DataverseError> {
    let tenant = uuid::Uuid::new_v4().to_string();
    let name = format!("t{}", &uuid::Uuid::new_v4().simple().to_string()[..12]);
    let conn = state.db();
    conn.execute(
        "INSERT INTO tenants (id, name, teams_consent) VALUES (?1, ?2, ?3)",
        params![tenant, format!("Test tenant {name}"), body.tenant_consent],
    )?;
    conn.execute(
        "INSERT INTO instances (name, tenant_id, organization_id, organization_name, settings_id, embed_enabled)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            name,
            tenant,
            uuid::Uuid::new_v4().to_string(),
            format!("Test {name}"),
            uuid::Uuid::new_v4().to_string(),
            body.instance_enabled
        ],
    )?;
    Ok((
        StatusCode::CREATED,
        Json(json!({ "instance": name, "dataverseUrl": format!("/dataverse/{name}") })),
    ))
}

/// The body of `POST /_emulator/faults`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct NewFault {
    /// The HTTP method to match; any when absent.
    method: Option<String>,
    /// A substring of the request path to match.
    path: String,
    /// The status to answer with.
    status: u16,
    /// The body to answer with; Dataverse's error JSON when absent.
    body: Option<String>,
    /// How many matching requests fail (default 1).
    #[serde(default = "one")]
    count: u32,
}

fn one() -> u32 {
    1
}

/// Makes the next `count` requests matching method and path answer `status` with `body`.
async fn add_fault(
    State(state): State<AppState>,
    Json(fault): Json<NewFault>,
) -> Result<impl IntoResponse, DataverseError> {
    if StatusCode::from_u16(fault.status).is_err() || fault.path.is_empty() {
        return Err(DataverseError::bad_payload(
            "status must be an HTTP status and path non-empty",
        ));
    }
    let conn = state.db();
    conn.execute(
        "INSERT INTO faults (method, path, status, body, remaining) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            fault.method.map(|m| m.to_ascii_uppercase()),
            fault.path,
            fault.status,
            fault.body,
            fault.count
        ],
    )?;
    Ok((
        StatusCode::CREATED,
        Json(json!({ "id": conn.last_insert_rowid() })),
    ))
}

async fn clear_faults(State(state): State<AppState>) -> Result<StatusCode, DataverseError> {
    state.db().execute("DELETE FROM faults", [])?;
    Ok(StatusCode::NO_CONTENT)
}

/// Puts the seed back: every instance, tenant and fault made since is gone.
async fn reset(State(state): State<AppState>) -> Result<StatusCode, DataverseError> {
    db::reset(&state.db())?;
    Ok(StatusCode::NO_CONTENT)
}
